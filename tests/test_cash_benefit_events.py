"""The cash-benefit events (issue 13): ``udbetaling`` (a payment of a granted merudgift or tabt
arbejdsfortjeneste) and ``genberegning`` (its recalculation), read from the case format with
the ``measure`` they belong to; a payment is not activity by the caseworker."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from boernesag.caseio import case_from_mapping
from boernesag.errors import CaseFormatError
from boernesag.model import ACTIVITY_TYPES, EventType
from boernesag.schema import case_schema

EVENTS: list[dict[str, Any]] = [
    {"id": "A1", "type": "ansoegning", "date": "2024-02-05", "paragraph": "BL 86"},
    {
        "id": "D1",
        "type": "afgoerelse",
        "date": "2024-03-18",
        "paragraph": "BL 86",
        "measure": "MU1",
        "outcome": "bevilget",
        "ref": "A1",
    },
    {"id": "P1", "type": "udbetaling", "date": "2024-04-01", "paragraph": "BL 86", "measure": "MU1"},
    {"id": "G1", "type": "genberegning", "date": "2025-03-03", "paragraph": "BL 86", "measure": "MU1"},
]


def _doc(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"case_id": "K-7", "child": {"id": "B-7", "birth_date": "2016-05-02"}, "events": events}


def test_the_documented_example_reads() -> None:
    case = case_from_mapping(_doc(EVENTS))
    pay = case.of_type(EventType.UDBETALING)
    assert [(e.id, e.measure, str(e.paragraph), e.day) for e in pay] == [
        ("P1", "MU1", "BL 86", date(2024, 4, 1))
    ]
    assert [e.id for e in case.of_type(EventType.GENBEREGNING)] == ["G1"]


@pytest.mark.parametrize("kind", ["udbetaling", "genberegning"])
def test_a_cash_event_needs_its_measure(kind: str) -> None:
    bad = [{"id": "X", "type": kind, "date": "2024-04-01", "paragraph": "BL 86"}]
    with pytest.raises(CaseFormatError, match="measure") as info:
        case_from_mapping(_doc(bad))
    assert info.value.event_id == "X"
    schema = case_schema()
    assert kind in schema["$defs"]["event"]["properties"]["type"]["enum"]


def test_a_payment_is_not_casework_but_a_recalculation_is() -> None:
    assert EventType.UDBETALING not in ACTIVITY_TYPES
    assert EventType.GENBEREGNING in ACTIVITY_TYPES
