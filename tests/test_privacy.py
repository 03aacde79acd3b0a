"""No CPR number in any repr, report, export or error unless asked for explicitly."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boernesag.audit import audit_caseload
from boernesag.audit.render import to_html, to_markdown
from boernesag.caseio import case_from_mapping, case_to_mapping, dump_caseload, load_caseload
from boernesag.deadlines import caseload_deadlines
from boernesag.demo import demo_caseload
from boernesag.errors import CaseFormatError
from boernesag.handover import handover
from boernesag.handover.render import render_html, render_json, render_markdown
from boernesag.model import LoadWarning, RejectedCase

AS_OF = date(2025, 6, 30)


def _forms(cpr: str) -> list[str]:
    return [cpr, f"{cpr[:6]}-{cpr[6:]}"]


def test_reports_reprs_and_exports_never_contain_cpr() -> None:
    caseload = demo_caseload(60)
    numbers = [c.child.cpr.reveal() for c in caseload.cases if c.child.cpr]
    report = audit_caseload(caseload, AS_OF)
    h = handover(caseload, as_of=AS_OF, caseworker="CW-001", planned=False)
    texts = [
        to_markdown(report),
        to_html(report),
        json.dumps(report.to_dict()),
        render_markdown(h),
        render_html(h),
        render_json(h),
        json.dumps([d.to_dict() for d in caseload_deadlines(caseload, AS_OF)]),
        dump_caseload(caseload, include_cpr=False),
        *(repr(c) for c in caseload.cases),
        *(str(c.child) for c in caseload.cases),
    ]
    for number in numbers:
        for form in _forms(number):
            assert not any(form in t for t in texts)


def test_the_case_format_keeps_cpr_only_when_asked() -> None:
    case = demo_caseload(1).cases[0]
    assert case.child.cpr is not None
    assert case_to_mapping(case)["child"]["cpr"] == case.child.cpr.reveal()
    assert "cpr" not in case_to_mapping(case, include_cpr=False)["child"]


def test_errors_and_logs_mask_cpr(caplog: pytest.LogCaptureFixture) -> None:
    caseload = demo_caseload(2)
    data = json.loads(dump_caseload(caseload))
    number = data["cases"][1]["child"]["cpr"]
    data["cases"][1]["child"]["birth_date"] = "2000-01-01"  # the CPR no longer matches
    with caplog.at_level(logging.WARNING):
        loaded = load_caseload(data, lenient=True)
    assert len(loaded.rejected) == 1
    for form in _forms(number):
        assert form not in loaded.rejected[0].error
        assert form not in caplog.text
    assert f"{number[:6]}-****" in loaded.rejected[0].error


# --------------------------------------------------------------------- CPR in the wrong field

SPEC = Path(__file__).parent / "data" / "spec_example.json"
NUMBER = "1105121234"  # a CPR-shaped number that is not the spec child's


def _spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return data


def _typed_into(raw: dict[str, Any], field: str, value: str) -> None:
    """Type ``value`` into ``field``; where that alone is valid (an id), also break the
    event it sits on, so that an error that names it is raised."""
    if field == "case_id":
        raw["case_id"] = value
        raw["events"][3]["date"] = "2024-02-30"
    elif field == "birth_date":
        raw["child"]["birth_date"] = value
    elif field == "id":
        raw["events"][3]["id"] = value
        raw["events"][3]["date"] = "2024-02-30"
    elif field in ("measure", "caseworker"):
        event = raw["events"][8 if field == "measure" else 10]
        event[field] = value
        event["interval_months"] = 99
    else:
        index = {"date": 3, "at": 0, "ref": 2, "paragraph": 7}[field]
        raw["events"][index][field] = value


@pytest.mark.parametrize(
    "field",
    ["birth_date", "date", "at", "ref", "paragraph", "measure", "caseworker", "id", "case_id"],
)
@pytest.mark.parametrize("form", [NUMBER, f"{NUMBER[:6]}-{NUMBER[6:]}", f"x{NUMBER}"])
def test_a_cpr_typed_into_any_field_is_masked_in_errors_rejections_and_logs(
    field: str, form: str, caplog: pytest.LogCaptureFixture
) -> None:
    raw = _spec()
    _typed_into(raw, field, form)
    with pytest.raises(CaseFormatError) as err:
        case_from_mapping(raw)
    texts = [str(err.value), repr(err.value), err.value.reason]
    with caplog.at_level(logging.WARNING):
        loaded = load_caseload({"format": "boernesag.caseload/1", "cases": [raw]}, lenient=True)
    (rejected,) = loaded.rejected
    texts += [rejected.error, repr(rejected), repr(loaded), caplog.text]
    for text in texts:
        assert NUMBER not in text
        assert f"{NUMBER[:6]}-{NUMBER[6:]}" not in text
    if field not in ("measure", "caseworker"):  # there the error is about another field
        assert f"{NUMBER[:6]}-****" in str(err.value)


def test_warnings_are_masked_even_when_the_case_id_is_a_cpr(
    caplog: pytest.LogCaptureFixture,
) -> None:
    raw = _spec()
    raw["case_id"] = NUMBER
    raw["events"].append({"id": "L", "type": "sag_lukket", "date": "2024-11-01"})
    raw["events"].append({"id": "X", "type": "kontakt", "date": "2027-01-01"})
    with caplog.at_level(logging.WARNING):
        loaded = load_caseload(raw)
    (w,) = loaded.warnings
    for text in (str(w), repr(w), w.message, caplog.text, repr(loaded.warnings)):
        assert NUMBER not in text
    assert f"{NUMBER[:6]}-****" in str(w)


def test_load_warning_and_rejection_mask_whatever_they_are_given() -> None:
    w = LoadWarning(case_id=NUMBER, event_id=None, field=None, message=f"se {NUMBER}")
    r = RejectedCase(index=0, case_id=NUMBER, error=f"fejl {NUMBER}")
    for text in (str(w), repr(w), w.message, r.error, repr(r)):
        assert NUMBER not in text
