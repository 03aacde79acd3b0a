"""The compile defaults are data (issue 16): ``law/data/defaults.toml`` holds every value a rule
kind's compile step uses for a key a rule file leaves out, read strictly, and no event type,
vocabulary word or field name with legal meaning is a string literal in the plan compiler or
the executors."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest

from boernesag.blocks.plan import compile_rule
from boernesag.errors import RuleError
from boernesag.law import KINDS, default_rules, kind_defaults, parse_kind_defaults
from boernesag.law.vocabulary import vocabulary
from boernesag.model import Event, EventType

SRC = Path(__file__).resolve().parents[1] / "src" / "boernesag"
SCANNED = [
    SRC / "blocks" / "plan.py",
    *sorted((SRC / "blocks").glob("scalar*.py")),
    *sorted((SRC / "columnar").glob("executor*.py")),
]


def _legal_words() -> set[str]:
    """Event types, vocabulary words (classes, outcome sets, decision kinds, ages) and the
    text values of ``defaults.toml`` (field names, rule ids)."""
    legal = vocabulary()
    words = {t.value for t in EventType}
    words |= set(legal.classes) | set(legal.outcomes) | set(legal.decision_kinds)
    for kind in KINDS:
        for key, value in kind_defaults(kind).items():
            if key == "requires":  # a choice of the kind's shape ("info"), not a legal word
                continue
            values = value if isinstance(value, list) else [value]
            words |= {v for v in values if isinstance(v, str)}
    # The case format's own event fields (``interval_months``) are the model, not law; the
    # extension fields a rule reads (``barnets_plan``) stay in.
    return words - {f.name for f in attrs.fields(Event)}


#: Functions whose text argument names a ``params`` key (``"refused"``), not a value.
_KEY_READERS = frozenset(
    {"param", "_param", "_default", "_names", "_names_default", "_event_types"}
    | {"_param_period", "_paragraph_set", "_applies_to"}
)


def _keys_read(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in _KEY_READERS:
                out |= {id(a) for a in node.args if isinstance(a, ast.Constant)}
    return out


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of the module that are not docstrings or ``params`` key names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = _keys_read(tree)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and id(node) not in keys
    ]


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.name)
def test_no_legal_word_is_a_literal(path: Path) -> None:
    words = _legal_words()
    found = [(line, text) for line, text in _literals(path) if text in words]
    assert found == [], f"{path.name}: legal words as literals: {found}"


def test_the_scan_sees_a_literal() -> None:
    # the scanner itself: an event type written in code is found
    words = _legal_words()
    assert {"afgoerelse", "placement", "barnets_plan", "opfoelgning-foerste"} <= words


def test_every_kind_has_defaults_an_unknown_kind_none() -> None:
    assert kind_defaults("bfu")["starts"] == ["bfu_startet"]
    assert all(isinstance(kind_defaults(kind), Mapping) for kind in KINDS)
    with pytest.raises(RuleError, match="ukendt regeltype"):
        kind_defaults("no_such_kind")


def _defaults_data() -> dict[str, dict[str, object]]:
    return {kind: dict(kind_defaults(kind)) for kind in KINDS}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("bfu", "starts", ["bfu_startt"]), "bfu_startet"),
        (("bfu", "lookbak", "6 months"), "ukendt nøgle 'lookbak'"),
        (("plan", "forced_class", "no_class"), "forced_class"),
        (("age_event", "age_years", 99), "age_years"),
        (("no_kind", "x", 1), r"ukendt regeltype \[no_kind\]"),
    ],
)
def test_defaults_file_is_strict(change: tuple[str, str, object], message: str) -> None:
    data = _defaults_data()
    kind, key, value = change
    data.setdefault(kind, {})[key] = value
    with pytest.raises(RuleError, match=message) as err:
        parse_kind_defaults(data, "defaults.toml")
    assert "defaults.toml" in str(err.value)


def test_a_rule_without_its_params_compiles_to_the_packaged_plan() -> None:
    """A municipal rule that names none of its kind's defaulted params (an older file) gets
    the same plan as the packaged rule, whose file names them."""
    for rule in default_rules().rules:
        plan = compile_rule(rule)
        if plan is None:
            continue
        defaults = kind_defaults(rule.kind)
        kept = {k: v for k, v in rule.params.items() if k not in defaults or v != defaults[k]}
        if kept == dict(rule.params):
            continue
        bare = attrs.evolve(rule, params=kept)
        bare_plan = compile_rule(bare)
        assert bare_plan == plan, rule.id
