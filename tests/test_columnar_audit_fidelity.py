"""Readings of issue 12 ("count as the reviewers counted"), each checked in both audits.

Every case is audited by the scalar :func:`~boernesag.audit.audit_case` with the exact
expected status and findings, and by the columnar :func:`~boernesag.columnar.audit.audit_table`,
which must agree with it (statuses and findings).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from boernesag.audit import CheckStatus
from boernesag.caseio import case_from_mapping
from boernesag.model import Case

np = pytest.importorskip("numpy")

from engines import both_audits  # noqa: E402

AS_OF = date(2025, 6, 30)


def make_case(events: list[dict[str, Any]], *, birth: str = "2012-05-03") -> Case:
    return case_from_mapping(
        {"case_id": "K-1", "child": {"id": "B-1", "birth_date": birth}, "events": events}
    )


def dec(event_id: str, day: str, **fields: Any) -> dict[str, Any]:
    """A decision with every FVL requirement recorded as met."""
    return {
        "id": event_id,
        "type": "afgoerelse",
        "date": day,
        "paragraph": "BL 32",
        "measure": "M1",
        "outcome": "bevilget",
        "partshoering": True,
        "begrundelse": True,
        "klagevejledning": True,
        **fields,
    }


def both(case: Case, check: str) -> tuple[CheckStatus, list[tuple[str, str, tuple[str, ...]]]]:
    """The scalar status and findings (code, severity, events) of ``check``, after asserting
    that the columnar audit gives the same status and findings for every check."""
    scalar = both_audits(case, AS_OF)
    found = [(f.code, f.severity.value, f.events) for f in scalar.findings if f.check_id == check]
    return scalar.status(check), found


# --------------------------------------------------------------------------- BL § 5 stk. 4

# A BL § 32 measure since 2024: a conversation before the first decision (met), then no
# conversation in the last half year (since 30.12.2024).
TALKED_BEFORE: list[dict[str, Any]] = [
    {"id": "U", "type": "underretning", "date": "2024-01-08"},
    {"id": "V", "type": "underretning_vurderet", "date": "2024-01-08", "ref": "U"},
    {"id": "K", "type": "kvittering_sendt", "date": "2024-01-09", "ref": "U"},
    {"id": "B0", "type": "bfu_startet", "date": "2024-01-15"},
    {"id": "S1", "type": "boernesamtale", "date": "2024-02-01"},
    {"id": "B1", "type": "bfu_afsluttet", "date": "2024-03-01"},
    dec("D1", "2024-03-10", barnets_plan=True),
    {"id": "M", "type": "foranstaltning_start", "date": "2024-03-15", "measure": "M1"},
    {"id": "P", "type": "barnets_plan", "date": "2024-04-01", "measure": "M1"},
]
EXCUSED = dec(
    "D2",
    "2025-03-03",
    outcome="forlaenget",
    boernesamtale_undtagelse="Behandler fraråder samtale nu (BL § 5, stk. 4)",
)


def test_a_recorded_reason_in_the_half_year_makes_the_samtale_theme_not_relevant() -> None:
    """BDO (Randers 2016) counts such a case "uaktuelt med børnesamtale": an earlier
    conversation before a decision does not make the half year relevant again."""
    assert both(make_case([*TALKED_BEFORE, EXCUSED]), "boernesamtale") == (
        CheckStatus.NOT_RELEVANT,
        [],
    )
    # Without the reason the half year is missing (partly: the earlier conversation was held).
    plain = {k: v for k, v in EXCUSED.items() if k != "boernesamtale_undtagelse"}
    status, found = both(make_case([*TALKED_BEFORE, plain]), "boernesamtale")
    assert status is CheckStatus.PARTLY
    assert [c for c, _, _ in found] == ["samtale.before", "samtale.none"]


def test_a_recorded_reason_does_not_hide_an_earlier_breach() -> None:
    """A decision without a conversation before it stays a finding: the reason on a later
    decision excuses the half year, not the earlier breach."""
    events = [e for e in TALKED_BEFORE if e["id"] != "S1"]
    status, found = both(make_case([*events, EXCUSED]), "boernesamtale")
    assert status is CheckStatus.NOT_MET
    assert found == [("samtale.before", "high", ("D1",))]


def test_a_reason_before_the_half_year_does_not_excuse_it() -> None:
    old = {**EXCUSED, "date": "2024-10-01"}
    status, found = both(make_case([*TALKED_BEFORE, old]), "boernesamtale")
    assert status is CheckStatus.PARTLY
    assert [c for c, _, _ in found] == ["samtale.none"]
