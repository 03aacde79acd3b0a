"""No CPR number in any repr, report, export or error unless asked for explicitly."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from boernesag.audit import audit_caseload
from boernesag.audit.render import to_html, to_markdown
from boernesag.caseio import case_to_mapping, dump_caseload, load_caseload
from boernesag.deadlines import caseload_deadlines
from boernesag.demo import demo_caseload
from boernesag.handover import handover
from boernesag.handover.render import render_html, render_json, render_markdown

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
