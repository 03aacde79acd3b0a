"""Issue 12, deadlines items 4-9: readings corrected against the statute texts, one worked
example per law version, each checked in both executors (scalar and numpy)."""

from __future__ import annotations

from datetime import date
from typing import Any

from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Deadline
from boernesag.model import Case
from engines import both_engines


def _case(events: list[dict[str, Any]], birth: str = "2012-05-01") -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-L",
            "child": {"id": "B-L", "birth_date": birth},
            "events": events,
        }
    )


def _of(rule_id: str, case: Case, as_of: date) -> list[Deadline]:
    """The deadlines of ``rule_id`` by the scalar engine, checked against the numpy engine."""
    return both_engines(case, as_of, rule_id)


def _decision(eid: str, day: str, paragraph: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "type": "afgoerelse",
        "date": day,
        "paragraph": paragraph,
        "outcome": "bevilget",
        **extra,
    }


# --------------------------------------------------------------------------- item 7: SEL § 48


def test_sel_48_covers_only_the_listed_decisions() -> None:
    """SEL § 48: 'Inden der træffes afgørelse efter §§ 51, 52, ... og 75': a § 41 decision
    (merudgifter) has no conversation duty, a § 52 decision has."""
    case = _case(
        [
            _decision("D1", "2023-03-01", "SEL 41"),
            _decision("D2", "2023-04-03", "SEL 52 stk. 3 nr. 3"),
            _decision("D3", "2023-05-02", "SEL 65 stk. 2"),
            _decision("D4", "2023-06-01", "SEL 65 stk. 1"),
        ]
    )
    found = _of("boernesamtale-foer-afgoerelse", case, date(2023, 7, 1))
    assert [d.trigger for d in found] == ["D2", "D3"]
    assert all(d.citation == "SEL § 48" and d.status.value == "overdue" for d in found)


def test_bl_5_covers_every_decision() -> None:
    """BL § 5, stk. 3: 'inden der træffes beslutninger eller afgørelser efter loven': every
    decision, a § 86 merudgift decision too."""
    case = _case(
        [
            {"id": "S", "type": "boernesamtale", "date": "2024-02-20"},
            _decision("D1", "2024-03-01", "BL 86"),
            _decision("D2", "2024-04-02", "BL 32"),
        ]
    )
    found = _of("boernesamtale-foer-afgoerelse", case, date(2024, 5, 1))
    assert [(d.trigger, d.status.value, d.met_by) for d in found] == [
        ("D1", "met", "S"),
        ("D2", "met", "S"),
    ]


# --------------------------------------------------------------------------- item 6: ungestøtte


def _placed(birth: str, start: str, paragraph: str, decision: dict[str, Any]) -> Case:
    return _case(
        [
            {"id": "S", "type": "foranstaltning_start", "date": start, "measure": "M1",
             "paragraph": paragraph},
            decision,
        ],
        birth=birth,
    )


def test_sel_68_11_accepts_a_decision_on_opretholdt_anbringelse() -> None:
    """SEL § 68, stk. 11: 'afgørelse om, hvorvidt den unge har behov for efterværn eller
    opretholdt anbringelse, jf. § 76 a': a § 76 a decision before 17½ meets it."""
    case = _placed("2006-03-01", "2020-01-06", "SEL 52 stk. 3 nr. 7",
                   _decision("D", "2023-08-01", "SEL 76a"))
    (d,) = _of("ungestoette-afgoerelse", case, date(2023, 10, 1))
    assert (d.citation, d.due, d.status.value, d.met_by) == (
        "SEL § 68, stk. 11", date(2023, 9, 1), "met", "D")


def test_bl_111_a_timely_refusal_is_the_decision() -> None:
    """BL § 111, stk. 1: 'træffe afgørelse om ungestøtteindsatser': a refusal is that decision."""
    case = _placed("2007-03-01", "2021-01-04", "SEL 52 stk. 3 nr. 7",
                   _decision("D", "2024-08-01", "BL 114", outcome="afslag"))
    (d,) = _of("ungestoette-afgoerelse", case, date(2024, 10, 1))
    assert (d.citation, d.due, d.status.value, d.met_by) == (
        "BL § 111, stk. 1", date(2024, 9, 1), "met", "D")
