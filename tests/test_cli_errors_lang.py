"""Errors from bad input files through the CLI, in both languages (issue 15, item 5).

The library raises its errors with a Danish message; ``--lang en`` shows the English form of
:meth:`boernesag.errors.BoernesagError.text` (the error's key in the message catalogue
:mod:`boernesag.messages`). Each bad file here must end with exit 2 and one line that is
Danish by default and English with ``--lang en``, naming the case, event and field, and never
showing a CPR number.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from boernesag.cli import main
from boernesag.errors import CaseFormatError

OK: dict[str, Any] = {
    "format": "boernesag.case/1",
    "case_id": "K-1",
    "child": {"id": "B-1", "birth_date": "2015-03-01"},
    "events": [{"id": "E1", "type": "underretning", "date": "2024-01-10"}],
}
CPR = "0103151234"


def _with(**fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(OK)
    data.update(fields)
    return data


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in OK.items() if k != key}


def _caseload(**fields: Any) -> dict[str, Any]:
    return {"format": "boernesag.caseload/1", "cases": [OK], **fields}


def _event(**fields: Any) -> dict[str, Any]:
    return _with(events=[{"id": "E1", "type": "underretning", **fields}])


#: (name, file content, words the English line must contain)
BAD: list[tuple[str, Any, tuple[str, ...]]] = [
    ("bad_json", '{"case_id": ', ("not valid JSON",)),
    ("not_an_object", [1], ("cannot read a case",)),
    ("no_case_id", _without("case_id"), ("field 'case_id'", "the case has no 'case_id'")),
    ("no_child", _without("child"), ("case K-1", "the case has no 'child'")),
    ("no_birth", _with(child={"id": "B-1"}), ("the child has no 'birth_date'",)),
    ("bad_date", _with(child={"id": "B-1", "birth_date": "2015-13-01"}), ("not a date",)),
    ("date_type", _with(child={"id": "B-1", "birth_date": 20150301}), ("must be a date",)),
    ("future", _with(child={"id": "B-1", "birth_date": "2090-01-01"}), ("in the future",)),
    ("event_type", _event(type="foo", date="2024-01-10"), ("event E1", "unknown event type")),
    ("event_no_date", _event(), ("neither 'date' nor 'at'",)),
    ("event_too_early", _event(date="1700-01-10"), ("lies outside 1900-2099",)),
    ("event_too_late", _event(date="2400-01-10"), ("lies outside 1900-2099",)),
    ("event_at_day", _event(at="2024-01-10"), ("has no time of day",)),
    ("events_not_list", _with(events={"a": 1}), ("'events' must be a list",)),
    (
        "duplicate_event",
        _with(events=[OK["events"][0], {**OK["events"][0], "date": "2024-01-11"}]),
        ("occurs twice",),
    ),
    ("cpr_form", _with(child={"id": "B-1", "birth_date": "2015-03-01", "cpr": "abc"}), ("CPR",)),
    (
        "cpr_mismatch",
        _with(child={"id": "B-1", "birth_date": "2016-03-01", "cpr": CPR}),
        ("does not match birth_date",),
    ),
    (
        "paragraph",
        _event(type="foranstaltning_start", date="2024-01-10", measure="M1", paragraph="BL 9999"),
        ("section number",),
    ),
    ("no_measure", _event(type="foranstaltning_start", date="2024-01-10"), ("must have",)),
    ("bad_ref", _event(date="2024-01-10", ref="E9"), ("refers to an event",)),
    ("format", _with(format="x/1"), ("unknown format",)),
    ("bool", _with(child={"id": "B-1", "birth_date": "2015-03-01", "disability": "ja"}), ("true",)),
    (
        "capacity",
        _caseload(caseworkers=[{"id": "CW-1", "capacity": "x"}]),
        ("caseworker CW-1", "finite number"),
    ),
    ("cases_not_list", {"format": "boernesag.caseload/1", "cases": {}}, ("must be a list",)),
    ("duplicate_case", _caseload(cases=[OK, OK]), ("occurs two times",)),
    ("caseworker_no_id", _caseload(caseworkers=[{"name": "x"}]), ("object with 'id'",)),
    (
        "competences",
        _caseload(caseworkers=[{"id": "CW-1", "competences": "handicap"}]),
        ("list of texts",),
    ),
]

#: Words of the library's Danish messages that must not be left in an English one.
DANISH = re.compile(
    r"\b(sag|hændelse|felt|skal|ikke|mangler|findes|ligger|være|eller|gange|sagsbehandler|"
    r"barnet|fødselsdatoen|dato|tekst|liste|ukendt|kendes)\b|[æøåÆØÅ]",
)


def _write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / f"{name}.json"
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("name", "content", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_one_line_in_the_chosen_language(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: Any,
    words: tuple[str, ...],
) -> None:
    path = str(_write(tmp_path, name, content))
    code_en, err_en = _run(["--lang", "en", "deadlines", path, "--as-of", "2024-06-01"], capsys)
    code_da, err_da = _run(["deadlines", path, "--as-of", "2024-06-01"], capsys)
    assert (code_en, code_da) == (2, 2)
    assert len(err_en.strip().splitlines()) == 1, err_en
    assert len(err_da.strip().splitlines()) == 1, err_da
    shown = err_en.replace(path, "FILE")
    shown = re.sub(r"known: .*", "known: ...", shown)  # the event type names are Danish
    assert not DANISH.search(shown), err_en
    for word in words:
        assert word in err_en, err_en
    assert err_da != err_en
    assert "invalid input" in err_en or "boernesag:" in err_en
    assert CPR not in err_en + err_da
    assert CPR[6:] not in err_en + err_da  # at most the masked form (date part, ****)


def test_the_same_error_through_the_environment_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(_write(tmp_path, "nochild", _without("child")))
    monkeypatch.setenv("BOERNESAG_LANG", "en")
    code, err = _run(["deadlines", path, "--as-of", "2024-06-01"], capsys)
    assert code == 2
    assert "case K-1, field 'child': the case has no 'child'" in err


def test_lenient_load_reports_rejected_cases_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(_write(tmp_path, "dup", _caseload(cases=[OK, OK])))
    _code, err = _run(
        ["--lang", "en", "deadlines", "--lenient", path, "--as-of", "2024-06-01"], capsys
    )
    assert "case K-1, field 'case_id': the case id K-1 occurs two times in the caseload" in err
    _code, err = _run(["deadlines", "--lenient", path, "--as-of", "2024-06-01"], capsys)
    assert "sag K-1, felt 'case_id': sags-id'et K-1 findes to gange i sagsstammen" in err


def test_as_of_outside_the_window_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--lang", "en", "deadlines", "--demo", "--as-of", "2600-01-01"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "2600-01-01 lies outside 1900-2099" in err
    assert not DANISH.search(err.splitlines()[-1]), err


def test_working_days_beyond_the_holiday_data_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = _run(["--lang", "en", "workdays", "add", "2099-12-01", "400"], capsys)
    assert code == 2
    assert "Danish holidays are known only for" in err
    code, err = _run(["workdays", "add", "2099-12-01", "400"], capsys)
    assert "danske helligdage kendes kun for" in err


def test_error_text_keeps_danish_as_str_and_gives_english_from_the_same_key() -> None:
    exc = CaseFormatError.from_key("case.missing", key="child", case_id="K-1", field="child")
    assert str(exc) == "sag K-1, felt 'child': sagen mangler 'child'"
    assert exc.text("da") == str(exc)
    assert exc.text("en") == "case K-1, field 'child': the case has no 'child'"
    assert exc.message is not None
    assert exc.message.key == "case.missing"
    assert (exc.case_id, exc.field) == ("K-1", "child")
