"""The one message catalogue (issue 15, item 5): :mod:`boernesag.messages`.

Every entry has a Danish and an English text with the same placeholders, and every error of
the library is raised with a key of it (``X.from_key(...)`` / ``X.from_message(...)``), so that
``--lang en`` is English whichever module raised it. Checked on the source (AST): no
``BoernesagError`` subclass is built from a text in ``src/`` outside :mod:`boernesag.errors`,
except at the sites listed in :data:`NOT_YET_KEYED` (errors that still take their English as
``en=`` or are Danish only; the list may only shrink).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from boernesag.errors import CaseFormatError, RuleError
from boernesag.messages import MESSAGES, Message, MessageValueError, render

SRC = Path(__file__).resolve().parents[1] / "src" / "boernesag"
FIELD = re.compile(r"\{(\w+)")

#: Modules that still build errors from a text (module under src/boernesag: how many calls):
#: the rule-file and policy readers (tomlcheck, law, allocation/policy, audit/wiring), whose
#: messages are composed from the place in the file; the allocation inputs; the plan
#: compiler; the handover core. Their ``text("en")`` is the ``en=`` given, else the Danish.
#: The list may only shrink (the test below fails for a stale count too).
NOT_YET_KEYED: dict[str, int] = {
    "allocation/inputs.py": 22,
    "allocation/policy.py": 35,
    "allocation/weights.py": 9,
    "audit/wiring.py": 11,
    "batch.py": 2,
    "blocks/periodtable.py": 5,
    "blocks/plan.py": 11,
    "blocks/scalar_measures.py": 4,
    "caseframe.py": 5,
    "columnar/fromframe.py": 1,
    "handover/core.py": 5,
    "handover/reassignment.py": 6,
    "handover/situation.py": 5,
    "law/__init__.py": 39,
    "law/vocabulary.py": 4,
    "tomlcheck.py": 22,
}


def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, (da, en) in MESSAGES.items():
        assert da.strip(), key
        assert en.strip(), key
        assert set(FIELD.findall(da)) == set(FIELD.findall(en)), key


def test_no_entry_names_a_cpr_number() -> None:
    cpr = re.compile(r"\d{6}-?\d{4}")
    for key, pair in MESSAGES.items():
        assert not any(cpr.search(text) for text in pair), key


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """``BoernesagError`` and every class in src/ derived from it (by name, to a fixpoint)."""
    names = {"BoernesagError"}
    while True:
        found = {
            node.name
            for tree in trees.values()
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(
                (b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)) in names
                for b in node.bases
            )
        }
        if found <= names:
            return names
        names |= found


def _built_from_text(trees: dict[Path, ast.Module], classes: set[str]) -> Counter[str]:
    """Per module: the calls ``X(...)`` of an error class X (not ``X.from_key``)."""
    sites: Counter[str] = Counter()
    for path, tree in trees.items():
        rel = path.relative_to(SRC).as_posix()
        if rel == "errors.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else None
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    name = func.attr if func.value.id == "errors" else None
                if name in classes:
                    sites[rel] += 1
    return sites


def test_every_error_is_raised_with_a_catalogue_key() -> None:
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}
    sites = _built_from_text(trees, _error_classes(trees))
    new = {m: n for m, n in sites.items() if n > NOT_YET_KEYED.get(m, 0)}
    assert not new, f"errors built from a text instead of a key: {new}"
    stale = {m: n for m, n in NOT_YET_KEYED.items() if sites.get(m, 0) < n}
    assert not stale, f"NOT_YET_KEYED lists more sites than there are (shrink it): {stale}"


def test_the_ast_check_sees_an_error_built_from_a_text() -> None:
    tree = ast.parse("from boernesag.errors import RuleError\nraise RuleError('x')\n")
    classes = {"BoernesagError", "RuleError"}
    assert _built_from_text({SRC / "x.py": tree}, classes) == Counter({"x.py": 1})
    keyed = ast.parse("raise RuleError.from_key('text.as_is', text='x')\n")
    assert not _built_from_text({SRC / "x.py": keyed}, classes)
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}
    assert {"CaseFormatError", "PeriodRangeError", "AmbiguousDateError"} <= _error_classes(trees)


def test_an_error_is_danish_as_str_and_english_from_the_same_entry() -> None:
    exc = CaseFormatError.from_key("event.no_date", case_id="K-1", event_id="E1", field="date")
    assert str(exc) == "sag K-1, hændelse E1, felt 'date': hændelsen har hverken 'date' eller 'at'"
    assert (
        exc.text("en") == "case K-1, event E1, field 'date': the event has neither 'date' nor 'at'"
    )
    assert isinstance(exc, ValueError)


def test_a_nested_message_and_a_wrapped_error_follow_the_language() -> None:
    inner = MessageValueError("cpr.no_date", masked="320115-****")
    exc = RuleError.from_key("event.at_problem", id="E1", problem=inner)
    assert str(exc) == "hændelse E1, felt 'at': CPR-nummer 320115-**** har ingen gyldig dato"
    assert exc.text("en") == "event E1, field 'at': CPR number 320115-**** has no valid date"
    twice = Message("caseload.and", a=Message("caseload.and", a="a", b="b"), b="c")
    assert (twice.text("da"), twice.text("en")) == ("a og b og c", "a and b and c")


def test_a_cpr_number_in_a_parameter_is_masked_in_both_languages() -> None:
    exc = CaseFormatError.from_key("event.bad_ref", value="'0103151234'", case_id="K-1")
    assert "0103151234" not in str(exc) + exc.text("en")
    assert "1234" not in repr(exc.message)


def test_counts_agree_with_their_nouns_in_both_languages() -> None:
    assert render("warn.rejected_count", "da", n=1, total=3) == (
        "1 sag kunne ikke indlæses og er ikke med (af 3)"
    )
    assert render("warn.rejected_count", "en", n=1, total=3) == (
        "1 case could not be read and is left out (of 3)"
    )
    assert render("warn.rejected_count", "en", n=2, total=3) == (
        "2 cases could not be read and are left out (of 3)"
    )


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(KeyError):
        Message("no.such.key")
