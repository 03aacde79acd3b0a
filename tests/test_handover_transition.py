"""Transition to adulthood: each young person's steps, and who turns 16, 17½ and 18 soon."""

from __future__ import annotations

from datetime import date
from typing import Any

from boernesag.deadlines import Status, deadlines
from boernesag.handover import (
    HandoverSettings,
    age_overview,
    transition_plan,
    transition_plans,
)
from boernesag.law import default_rules
from boernesag.periods import LeapDayRule
from test_handover import AS_OF, CASELOAD, K2, mk


def _placed(case_id: str, birth: str, disability: bool, extra: list[dict[str, Any]] = ()) -> Any:  # type: ignore[assignment]
    return mk(
        case_id,
        {"id": f"B-{case_id}", "birth_date": birth, "disability": disability},
        [
            {"type": "sagsbehandler_tildelt", "date": "2024-01-02", "caseworker": "CW-A"},
            {
                "type": "afgoerelse",
                "date": "2024-02-01",
                "paragraph": "BL 46",
                "measure": "M",
                "outcome": "bevilget",
            },
            {
                "type": "foranstaltning_start",
                "date": "2024-02-05",
                "measure": "M",
                "paragraph": "BL 46",
            },
            *extra,
        ],
    )


def _version(rule_id: str, day: date) -> tuple[str, str]:
    version = default_rules()[rule_id].version_on(day)
    assert version is not None
    return version.citation, version.confidence


def test_k2_plan_steps() -> None:
    plan = transition_plan(K2, AS_OF)
    assert (plan.case_id, plan.child_id, plan.birth_date) == ("K2", "B2", date(2008, 9, 20))
    assert plan.disability
    assert plan.placed
    assert (plan.turns_16, plan.turns_17_6.due, plan.turns_18) == (
        date(2024, 9, 20),
        date(2026, 3, 20),
        date(2026, 9, 20),
    )
    got = [
        (s.id, s.basis, s.citation, s.confidence, s.window_start, s.due, s.status)
        for s in plan.steps
    ]
    assert got == [
        # Municipal target (Task forcen, Jammerbugt 2017): on KUM the day before the 16th birthday; never held.
        (
            "kum",
            "kommune",
            *_version("kum-16", date(2024, 9, 19)),
            None,
            date(2024, 9, 19),
            Status.OVERDUE,
        ),
        (
            "eftervaern-vurdering",
            "vejledning",
            "BL § 111, stk. 2; Task forcen, Jammerbugt 2017",
            "municipal",
            date(2024, 9, 20),
            date(2026, 3, 20),
            Status.OPEN,
        ),
        (
            "ungestoette-afgoerelse",
            "lov",
            *_version("ungestoette-afgoerelse", date(2026, 3, 20)),
            date(2024, 9, 20),
            date(2026, 3, 20),
            Status.OPEN,
        ),
        # Guidance: no event records it, so no status; due before the 18th birthday.
        (
            "vaergemaal",
            "vejledning",
            "værgemålsloven",
            "unconfirmed",
            date(2024, 9, 20),
            date(2026, 9, 19),
            None,
        ),
        (
            "overgang-voksen",
            "lov",
            *_version("overgang-voksen", date(2024, 9, 20)),
            date(2024, 9, 20),
            date(2026, 9, 20),
            Status.OPEN,
        ),
    ]
    vaerge = plan.step("vaergemaal")
    assert vaerge is not None
    assert "ikke en frist i Barnets Lov" in vaerge.note("da")
    assert "not a Barnets Lov deadline" in vaerge.note("en")


def test_adult_area_step_agrees_with_the_deadline_engine() -> None:
    for as_of in (AS_OF, date(2026, 9, 21)):
        engine = next(d for d in deadlines(K2, as_of) if d.rule_id == "overgang-voksen")
        step = transition_plan(K2, as_of).step("overgang-voksen")
        assert step is not None
        assert (step.due, step.status, step.done_by) == (engine.due, engine.status, engine.met_by)
    assert transition_plan(K2, date(2026, 9, 21)).step("overgang-voksen").status == Status.OVERDUE  # type: ignore[union-attr]


def test_kum_and_handover_meeting_met() -> None:
    case = _placed(
        "T1",
        "2008-09-20",
        True,
        [
            {"type": "koordinerende_ungemoede", "date": "2024-08-01"},
            {"type": "eftervaern_afgoerelse", "date": "2025-01-10"},
            {"type": "overleveringsmoede", "date": "2026-06-01"},
        ],
    )
    plan = transition_plan(case, date(2026, 7, 1))
    steps = {s.id: (s.status, s.done_by, s.done_on) for s in plan.steps}
    assert steps["kum"] == (Status.MET, "T1-E4", date(2024, 8, 1))
    # The KUM referral records the efterværn assessment (Task forcen, Jammerbugt 2017).
    assert steps["eftervaern-vurdering"] == (Status.MET, "T1-E4", date(2024, 8, 1))
    assert steps["ungestoette-afgoerelse"] == (Status.MET, "T1-E5", date(2025, 1, 10))
    assert steps["overgang-voksen"] == (Status.MET, "T1-E6", date(2026, 6, 1))


def test_late_kum_is_met_late() -> None:
    case = _placed(
        "T2", "2008-09-20", True, [{"type": "koordinerende_ungemoede", "date": "2024-10-01"}]
    )
    step = transition_plan(case, AS_OF).step("kum")
    assert step is not None
    assert step.status == Status.MET_LATE


def test_placed_without_disability_has_efterværn_steps_only() -> None:
    case = _placed("T3", "2008-09-20", False)
    assert [s.id for s in transition_plan(case, AS_OF).steps] == [
        "eftervaern-vurdering",
        "ungestoette-afgoerelse",
    ]


def test_support_measure_without_placement_has_the_assessment_only() -> None:
    case = mk(
        "T4",
        {"id": "B-T4", "birth_date": "2008-09-20"},
        [
            {"type": "sagsbehandler_tildelt", "date": "2024-01-02", "caseworker": "CW-A"},
            {
                "type": "foranstaltning_start",
                "date": "2024-02-05",
                "measure": "M",
                "paragraph": "BL 32",
            },
        ],
    )
    plan = transition_plan(case, AS_OF)
    assert not plan.placed
    assert [s.id for s in plan.steps] == ["eftervaern-vurdering"]


def test_leap_day_child_has_alternative_dates() -> None:
    case = _placed("T5", "2008-02-29", True)
    plan = transition_plan(case, date(2025, 3, 3))
    # 18th birthday in 2026 (common year): 28 February by default, 1 March the other reading.
    decision = plan.step("ungestoette-afgoerelse")
    assert decision is not None
    assert (decision.due, decision.alternative_due) == (date(2025, 8, 28), date(2025, 9, 1))
    adult = plan.step("overgang-voksen")
    assert adult is not None
    assert (adult.due, adult.alternative_due) == (date(2026, 2, 28), date(2026, 3, 1))
    mar1 = transition_plan(case, date(2025, 3, 3), leap_day_rule=LeapDayRule.MAR_1)
    assert mar1.turns_18 == date(2026, 3, 1)


def test_transition_plans_over_the_caseload() -> None:
    plans = transition_plans(CASELOAD.cases, AS_OF)
    assert [p.case_id for p in plans] == ["K2"]
    soon16 = _placed("T6", "2010-01-15", True)  # 16 on 2026-01-15: within 12 months
    later = _placed("T7", "2010-06-15", True)  # 16 on 2026-06-15: later than 12 months
    adult = _placed("T8", "2006-01-15", True)  # already 18
    got = transition_plans([soon16, later, adult, K2], AS_OF)
    assert [p.case_id for p in got] == ["K2", "T6"]
    short = transition_plans([soon16], AS_OF, HandoverSettings(transition_lead_months=6))
    assert short == []


def test_age_overview_exact() -> None:
    cases = [
        _placed("A1", "2009-06-15", False),  # 16 on 2025-06-15
        _placed("A2", "2007-12-01", True),  # 17½ on 2025-06-01, 18 on 2025-12-01
        _placed("A3", "2008-02-29", False),  # 17½ 2025-08-28 (alt 09-01), 18 2026-02-28 (alt 03-01)
        _placed("A4", "2010-03-03", False),  # 16 on 2026-03-03: the last day, included
        _placed("A5", "2010-03-04", False),  # 16 on 2026-03-04: one day too late
        _placed("A6", "2009-03-03", False),  # 16 on AS_OF itself: included
        mk(
            "A7",
            {"id": "B-A7", "birth_date": "2009-06-15"},
            [{"type": "sag_lukket", "date": "2024-01-01"}],
        ),  # closed
    ]
    got = [(m.day, m.case_id, m.milestone, m.alternative) for m in age_overview(cases, AS_OF)]
    assert got == [
        (date(2025, 3, 3), "A6", "16", None),
        (date(2025, 6, 1), "A2", "17.5", None),
        (date(2025, 6, 15), "A1", "16", None),
        (date(2025, 8, 28), "A3", "17.5", date(2025, 9, 1)),
        (date(2025, 12, 1), "A2", "18", None),
        (date(2026, 2, 28), "A3", "18", date(2026, 3, 1)),
        (date(2026, 3, 3), "A4", "16", None),
    ]
    first = age_overview(cases, AS_OF)[1]
    assert (first.disability, first.placed, first.caseworker) == (True, True, "CW-A")
    assert (
        first.label("da")
        == "17½ år: afgørelse om ungestøtte senest nu, hvis anbragt (BL § 111, stk. 1)"
    )
    three = age_overview(cases, AS_OF, HandoverSettings(overview_months=3))
    assert [m.case_id for m in three] == ["A6", "A2"]
