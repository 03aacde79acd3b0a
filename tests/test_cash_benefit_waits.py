"""No waiting time for a cash benefit (issue 13): merudgifter (SEL § 41 / BL § 86) and tabt
arbejdsfortjeneste (SEL § 42 / BL § 87) are paid to the parents, not a measure the child waits
to receive. A granted cash benefit recorded with a measure id got a false "ikke startet N dage
efter afgørelsen"; a measure the child receives keeps its waiting time. Both engines (the
scalar audit and the numpy audit) give the same findings and statuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from boernesag.caseio import case_from_mapping  # noqa: E402
from boernesag.model import Case  # noqa: E402
from engines import both_audits  # noqa: E402


def _case(paragraph: str, day: str, *, started: str | None = None) -> Case:
    """A granted decision on ``paragraph`` for measure B1 on ``day`` (started on ``started``)."""
    events: list[dict[str, Any]] = [
        {"id": "W", "type": "sagsbehandler_tildelt", "date": day, "caseworker": "CW-1"},
        {
            "id": "D",
            "type": "afgoerelse",
            "date": day,
            "paragraph": paragraph,
            "measure": "B1",
            "outcome": "bevilget",
            "partshoering": True,
            "begrundelse": True,
            "klagevejledning": True,
        },
    ]
    if started is not None:
        events.append(
            {
                "id": "M",
                "type": "foranstaltning_start",
                "date": started,
                "measure": "B1",
                "paragraph": paragraph,
            }
        )
    return case_from_mapping(
        {"case_id": "K-1", "child": {"id": "B-1", "birth_date": "2014-03-01"}, "events": events}
    )


def _waits(case: Case, as_of: date) -> list[tuple[str, str]]:
    """The ventetid findings (code, explanation) of the scalar audit, after checking that the numpy
    audit gives the same findings and statuses (every check)."""
    scalar = both_audits(case, as_of).result("ventetid")
    return [(f.code, f.explain()) for f in scalar.findings]


# One decision per law version: Serviceloven before 2024, Barnets Lov from 2024.
CASH = [
    ("SEL 41", "2022-03-01"),
    ("SEL 42", "2023-05-02"),
    ("BL 86", "2024-03-01"),
    ("BL 87", "2025-01-06"),
]


@pytest.mark.parametrize(("paragraph", "day"), CASH, ids=[p for p, _ in CASH])
def test_a_granted_cash_benefit_with_a_measure_id_has_no_waiting_time(
    paragraph: str, day: str
) -> None:
    decided = date.fromisoformat(day)
    # 374 days after the decision (the false finding of issue 13): nothing.
    as_of = date.fromordinal(decided.toordinal() + 374)
    assert _waits(_case(paragraph, day), as_of) == []
    # A payment start recorded 100 days after the decision is not a waiting time either.
    late = date.fromordinal(decided.toordinal() + 100).isoformat()
    assert _waits(_case(paragraph, day, started=late), as_of) == []


@pytest.mark.parametrize(
    ("paragraph", "day"), [("SEL 52 stk. 3 nr. 1", "2022-03-01"), ("BL 32", "2024-03-01")]
)
def test_a_measure_the_child_receives_keeps_its_waiting_time(paragraph: str, day: str) -> None:
    decided = date.fromisoformat(day)
    as_of = date.fromordinal(decided.toordinal() + 374)
    [(code, text)] = _waits(_case(paragraph, day), as_of)
    assert code == "wait.not_started"
    assert "374 dage" in text
    late = date.fromordinal(decided.toordinal() + 100).isoformat()
    [(code, text)] = _waits(_case(paragraph, day, started=late), as_of)
    assert (code, text.split()[0]) == ("wait.long", "100")
