"""Worked examples for every rule, both law versions, boundary days, holidays and DST.

Each expected date below is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernesag.calendar import default_calendar
from boernesag.caseio import case_from_mapping, load_case
from boernesag.deadlines import Deadline, Status, caseload_deadlines, deadlines, due_within
from boernesag.law import default_rules
from boernesag.model import Case, Caseload
from boernesag.periods import COPENHAGEN

SPEC = Path(__file__).parent / "data" / "spec_example.json"


def make_case(
    events: list[dict[str, Any]],
    *,
    birth: str = "2012-05-03",
    disability: bool = False,
    case_id: str = "K-T",
) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": case_id,
            "child": {"id": "B-T", "birth_date": birth, "disability": disability},
            "events": events,
        }
    )


def only(items: list[Deadline], rule_id: str) -> list[Deadline]:
    return [d for d in items if d.rule_id == rule_id]


def one(items: list[Deadline], rule_id: str) -> Deadline:
    found = only(items, rule_id)
    assert len(found) == 1, [d.rule_id for d in items]
    return found[0]


# ------------------------------------------------------------------ the spec's example case


def test_spec_example_all_deadlines() -> None:
    case = load_case(SPEC)
    items = deadlines(case, date(2024, 12, 31))
    assert sorted(d.rule_id for d in items) == sorted(
        [
            "underretning-vurdering",
            "underretning-kvittering",
            "bfu-afslutning",
            "barnets-plan-stoette",
            "opfoelgning-foerste",
            "opfoelgning-loebende",
            "boernesamtale-foer-afgoerelse",
            "klagefrist",
        ]
    )
    v = one(items, "underretning-vurdering")
    # 22.03.2024 09:15 CET + 24 h = 23.03.2024 09:15 CET; assessed 14:00 the same day.
    assert v.due == datetime(2024, 3, 23, 9, 15, tzinfo=COPENHAGEN)
    assert (v.status, v.met_by, v.citation) == (Status.MET, "E2", "BL § 136, stk. 2")
    k = one(items, "underretning-kvittering")
    # Fri 22.03.2024 + 6 hverdage: 25, 26, 27 (1-3), 28.03-01.04 Easter, 02, 03, 04.04 (4-6).
    assert k.due == date(2024, 4, 4)
    assert (k.status, k.met_by) == (Status.MET, "E3")
    assert "tor 04.04.2024" in k.explanation
    b = one(items, "bfu-afslutning")
    # Aware 22.03.2024 (the underretning) + 4 months = 22.07.2024; from the BFU start 02.04 it
    # would be 02.08: another reading (issue 12 item 2), not the month-end ambiguity.
    assert (b.due, b.alternative_due, b.status, b.met_by, b.trigger) == (
        date(2024, 7, 22),
        None,
        Status.MET,
        "E6",
        "E1",
    )
    assert [(r.due, r.reason) for r in b.readings] == [(date(2024, 8, 2), "from_start")]
    assert b.citation == "BL § 20, stk. 3"
    plan = one(items, "barnets-plan-stoette")
    assert plan.status is Status.NOT_APPLICABLE
    assert "ikke registreret" in plan.explanation
    f1 = one(items, "opfoelgning-foerste")
    # Measure started 01.08.2024 + 3 months = 01.11.2024; followed up 20.10.2024.
    assert (f1.due, f1.status, f1.met_by, f1.citation) == (
        date(2024, 11, 1),
        Status.MET,
        "E10",
        "BL § 95, stk. 2",
    )
    f2 = one(items, "opfoelgning-loebende")
    # No interval recorded at the first follow-up: boernesag's 6-month default, flagged.
    assert (f2.due, f2.status, f2.trigger) == (date(2025, 4, 20), Status.OPEN, "E10")
    assert "ikke lovens tal" in f2.explanation
    s = one(items, "boernesamtale-foer-afgoerelse")
    assert (s.status, s.met_by) == (Status.MET, "E5")
    kf = one(items, "klagefrist")
    # Received 15.07.2024 (Mon) + 4 weeks = 12.08.2024 (Mon): no complaint, expired.
    assert (kf.due, kf.status, kf.obligor) == (date(2024, 8, 12), Status.OVERDUE, "borger")
    assert "udløbet uden klage" in kf.explanation


def test_as_of_ignores_later_events() -> None:
    case = load_case(SPEC)
    items = deadlines(case, date(2024, 3, 25))
    k = one(items, "underretning-kvittering")
    assert (k.status, k.met_by) == (Status.OPEN, None)
    assert not only(items, "opfoelgning-foerste")


def test_to_dict_has_spec_fields() -> None:
    d = deadlines(load_case(SPEC), date(2024, 12, 31))[0].to_dict()
    for key in (
        "case_id",
        "rule_id",
        "citation",
        "trigger",
        "due",
        "status",
        "met_by",
        "alternative_due",
        "explanation",
    ):
        assert key in d
    json.dumps(d)


def test_english_explanation() -> None:
    k = one(deadlines(load_case(SPEC), date(2024, 12, 31)), "underretning-kvittering")
    text = k.explain("en")
    assert "Thu 04.04.2024" in text
    assert "met" in text


# ------------------------------------------------------------------ law versions


def test_kvittering_store_bededag_2023_serviceloven() -> None:
    # Mon 01.05.2023 + 6 hverdage: 02, 03, 04 (1-3), Fri 05.05 Store Bededag, 08, 09, 10 (4-6).
    case = make_case(
        [{"id": "U", "type": "underretning", "date": "2023-05-01", "professional": True}]
    )
    k = one(deadlines(case, date(2023, 6, 1)), "underretning-kvittering")
    assert (k.due, k.status, k.citation, k.law) == (
        date(2023, 5, 10),
        Status.OVERDUE,
        "SEL § 155 b, stk. 1",
        "SEL",
    )


def test_kvittering_2024_store_bededag_is_a_working_day() -> None:
    # Mon 22.04.2024 + 6: 23, 24, 25, 26 (Fri, former Store Bededag: a working day), 29, 30.
    case = make_case(
        [{"id": "U", "type": "underretning", "date": "2024-04-22", "professional": True}]
    )
    k = one(deadlines(case, date(2024, 4, 30)), "underretning-kvittering")
    assert (k.due, k.status, k.citation) == (date(2024, 4, 30), Status.OPEN, "BL § 138, stk. 1")


def test_citizens_underretning_gets_a_kvittering_but_anonymous_does_not() -> None:
    # BL § 138, stk. 1 covers underretninger under §§ 132, 133 and 135: citizens' too.
    citizen = make_case(
        [{"id": "U", "type": "underretning", "date": "2024-04-22", "professional": False}]
    )
    assert (
        one(deadlines(citizen, date(2024, 6, 1)), "underretning-kvittering").status
        is Status.OVERDUE
    )
    anonymous = make_case(
        [{"id": "U", "type": "underretning", "date": "2024-04-22", "anonymous": True}]
    )
    assert not only(deadlines(anonymous, date(2024, 6, 1)), "underretning-kvittering")


def test_transitional_followups() -> None:
    # SEL measure started 15.11.2023: first follow-up under SEL § 70 by 15.02.2024.
    # The follow-up on 10.02.2024 is a 2024 event: the next one follows BL § 95 stk. 3 with the
    # recorded interval of 4 months: 10.06.2024; done 01.07.2024: late.
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2023-11-01",
                "paragraph": "SEL 52",
                "measure": "M1",
                "outcome": "bevilget",
            },
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2023-11-15",
                "measure": "M1",
                "paragraph": "SEL 52",
            },
            {
                "id": "F1",
                "type": "opfoelgning",
                "date": "2024-02-10",
                "measure": "M1",
                "interval_months": 4,
            },
            {"id": "F2", "type": "opfoelgning", "date": "2024-07-01", "measure": "M1"},
        ]
    )
    items = deadlines(case, date(2024, 8, 1))
    f1 = one(items, "opfoelgning-foerste")
    assert (f1.due, f1.status, f1.citation) == (date(2024, 2, 15), Status.MET, "SEL § 70, stk. 1")
    later = only(items, "opfoelgning-loebende")
    assert [(d.trigger, d.due, d.status, d.citation) for d in later] == [
        ("F1", date(2024, 6, 10), Status.MET_LATE, "BL § 95, stk. 3"),
        ("F2", date(2024, 11, 1), Status.OPEN, "BL § 95, stk. 3"),
    ]
    assert "interval fastsat" in later[0].explanation
    assert "senest 4 måneder efter (BL § 95, stk. 3)" in later[0].explanation
    assert str(later[0].period) == "4 months"


def test_sel_followups_every_six_months() -> None:
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2022-01-10",
                "measure": "M1",
                "paragraph": "SEL 52",
            },
            {"id": "F1", "type": "opfoelgning", "date": "2022-04-01", "measure": "M1"},
            {"id": "F2", "type": "opfoelgning", "date": "2022-09-15", "measure": "M1"},
        ]
    )
    later = only(deadlines(case, date(2023, 6, 1)), "opfoelgning-loebende")
    # 01.04.2022 + 6 months = 01.10.2022 (met 15.09); 15.09.2022 + 6 = 15.03.2023: overdue on 01.06.2023.
    assert [(d.due, d.status) for d in later] == [
        (date(2022, 10, 1), Status.MET),
        (date(2023, 3, 15), Status.OVERDUE),
    ]


def test_no_followup_at_all_counts_every_missed_period() -> None:
    # SEL § 70: measure from 10.01.2022, never followed up. First due 10.04.2022 (3 months; a
    # Sunday, not extended: a duty of the municipality). It is missed for good once one more
    # period of that rule (3 months, to 10.07.2022) has passed without a follow-up; the later
    # follow-ups are then counted from 10.04.2022 every 6 months: 10.10.2022 and 10.04.2023
    # are overdue on 01.06.2023.
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2022-01-10",
                "measure": "M1",
                "paragraph": "SEL 52",
            },
        ]
    )
    items = deadlines(case, date(2023, 6, 1))
    first = one(items, "opfoelgning-foerste")
    assert (first.due, first.status) == (date(2022, 4, 10), Status.OVERDUE)
    later = only(items, "opfoelgning-loebende")
    assert [(d.due, d.status) for d in later] == [
        (date(2022, 10, 10), Status.OVERDUE),
        (date(2023, 4, 10), Status.OVERDUE),
    ]
    # Within one period after the first due date a late first follow-up can still meet it:
    # nothing later yet. After that, the next period is open.
    assert only(deadlines(case, date(2022, 6, 1)), "opfoelgning-loebende") == []
    later = only(deadlines(case, date(2022, 9, 1)), "opfoelgning-loebende")
    assert [(d.due, d.status) for d in later] == [(date(2022, 10, 10), Status.OPEN)]


def test_first_followup_parallel_investigation() -> None:
    # BL § 95 stk. 2: indsats started 01.03.2024 while a BFU (from 15.02) ran; BFU finished 20.04,
    # earlier than 01.06.2024 (start + 3 months): the first follow-up is due 20.04.2024.
    case = make_case(
        [
            {"id": "B0", "type": "bfu_startet", "date": "2024-02-15"},
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2024-03-01",
                "measure": "M1",
                "paragraph": "BL 32",
            },
            {"id": "B1", "type": "bfu_afsluttet", "date": "2024-04-20"},
            {"id": "F1", "type": "opfoelgning", "date": "2024-05-10", "measure": "M1"},
        ]
    )
    f1 = one(deadlines(case, date(2024, 6, 1)), "opfoelgning-foerste")
    assert (f1.due, f1.status) == (date(2024, 4, 20), Status.MET_LATE)
    assert "parallelle undersøgelse" in f1.explanation


# ------------------------------------------------------------------ hours and DST


def test_24_hours_across_spring_forward() -> None:
    # 30.03.2024 10:00 CET + 24 h = 31.03.2024 11:00 CEST (the clock skips 02:00-03:00).
    case = make_case(
        [
            {"id": "U", "type": "underretning", "at": "2024-03-30T10:00:00"},
            {"id": "V", "type": "underretning_vurderet", "at": "2024-03-31T10:30:00", "ref": "U"},
        ]
    )
    v = one(deadlines(case, date(2024, 4, 1)), "underretning-vurdering")
    assert v.due == datetime(2024, 3, 31, 11, 0, tzinfo=COPENHAGEN)
    assert v.status is Status.MET


def test_24_hours_across_fall_back_late() -> None:
    # 26.10.2024 12:00 CEST + 24 h = 27.10.2024 11:00 CET; assessed 11:30: late.
    case = make_case(
        [
            {"id": "U", "type": "underretning", "at": "2024-10-26T12:00:00+02:00"},
            {
                "id": "V",
                "type": "underretning_vurderet",
                "at": "2024-10-27T11:30:00+01:00",
                "ref": "U",
            },
        ]
    )
    v = one(deadlines(case, date(2024, 11, 1)), "underretning-vurdering")
    assert v.due == datetime(2024, 10, 27, 11, 0, tzinfo=COPENHAGEN)
    assert v.status is Status.MET_LATE


def test_24_hours_unknown_time_protects_the_child() -> None:
    case = make_case([{"id": "U", "type": "underretning", "date": "2024-05-06"}])
    v = one(deadlines(case, date(2024, 5, 6)), "underretning-vurdering")
    assert v.due == datetime(2024, 5, 7, 0, 0, tzinfo=COPENHAGEN)
    assert v.alternative_due == datetime(2024, 5, 7, 23, 59, tzinfo=COPENHAGEN)
    assert v.status is Status.OPEN
    assert "tidspunktet kendes ikke" in v.explanation
    assert one(deadlines(case, date(2024, 5, 7)), "underretning-vurdering").status is Status.OVERDUE


# ------------------------------------------------------------------ months, month ends, extension


def test_bfu_month_end_is_ambiguous() -> None:
    # 31.10.2024 + 4 months: 31.02 does not exist -> 28.02.2025, alternative 01.03.2025.
    case = make_case(
        [
            {"id": "U", "type": "underretning", "date": "2024-10-31"},
            {"id": "B", "type": "bfu_startet", "date": "2024-10-31"},
        ]
    )
    b = one(deadlines(case, date(2025, 1, 1)), "bfu-afslutning")
    assert (b.due, b.alternative_due, b.status) == (
        date(2025, 2, 28),
        date(2025, 3, 1),
        Status.OPEN,
    )
    assert "findes ikke" in b.explanation


def test_bfu_late_without_interim_assessment() -> None:
    case = make_case(
        [
            {"id": "B", "type": "bfu_startet", "date": "2024-01-15"},
            {"id": "E", "type": "bfu_afsluttet", "date": "2024-06-01"},
        ]
    )
    b = one(deadlines(case, date(2024, 7, 1)), "bfu-afslutning")
    assert (b.due, b.status, b.alternative_due) == (date(2024, 5, 15), Status.MET_LATE, None)
    assert "ingen foreløbig vurdering" in b.explanation


def test_bfu_late_with_interim_assessment_is_noted() -> None:
    case = make_case(
        [
            {"id": "B", "type": "bfu_startet", "date": "2024-01-15"},
            {"id": "I", "type": "foreloebig_vurdering", "date": "2024-05-10"},
        ]
    )
    b = one(deadlines(case, date(2024, 7, 1)), "bfu-afslutning")
    assert b.status is Status.OVERDUE
    assert "foreløbig vurdering" in b.explanation
    assert "snarest" in b.explanation


def test_bfu_sel_version_and_old_underretning_outside_window() -> None:
    # An underretning 2 years before the investigation is not the investigation's awareness
    # (window 12 months), but it started a duty of its own that nobody met (issue 12 item 1:
    # SEL § 50 stk. 7 counts from awareness whether or not a BFU is recorded).
    case = make_case(
        [
            {"id": "U0", "type": "underretning", "date": "2021-01-10"},
            {"id": "B", "type": "bfu_startet", "date": "2023-03-01"},
            {"id": "E", "type": "bfu_afsluttet", "date": "2023-06-30"},
        ]
    )
    old, b = only(deadlines(case, date(2023, 12, 1)), "bfu-afslutning")
    assert (old.trigger, old.due, old.status) == ("U0", date(2021, 5, 10), Status.OVERDUE)
    assert (b.trigger, b.due, b.status, b.citation) == (
        "B",
        date(2023, 7, 1),
        Status.MET,
        "SEL § 50, stk. 7",
    )


def test_klagefrist_moves_past_easter() -> None:
    # Received Mon 04.03.2024 + 4 weeks = Mon 01.04.2024 (2. påskedag) -> Tue 02.04.2024.
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2024-03-04",
                "paragraph": "BL 32",
                "measure": "M1",
            },
            {"id": "K", "type": "klage_modtaget", "date": "2024-04-02", "ref": "D"},
        ]
    )
    kf = one(deadlines(case, date(2024, 5, 1)), "klagefrist")
    assert (kf.due, kf.status, kf.met_by) == (date(2024, 4, 2), Status.MET, "K")
    assert "flyttes" in kf.explanation
    g = one(deadlines(case, date(2024, 5, 1)), "klage-genvurdering")
    # Complaint 02.04.2024 + 4 weeks = 30.04.2024; no reassessment: overdue on 01.05.
    assert (g.due, g.status) == (date(2024, 4, 30), Status.OVERDUE)


def test_klagefrist_runs_from_meddelt() -> None:
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2024-06-03",
                "meddelt": "2024-06-10",
                "paragraph": "BL 32",
            }
        ]
    )
    kf = one(deadlines(case, date(2024, 6, 11)), "klagefrist")
    assert (kf.due, kf.status) == (date(2024, 7, 8), Status.OPEN)


def test_aktindsigt_seven_working_days_and_fristbrev() -> None:
    # Wed 08.05.2024 + 7 arbejdsdage: 09.05 Kr. Himmelfart skipped; 10, 13, 14, 15, 16, 17 (1-6), 20.05 2. pinsedag, 21 (7).
    case = make_case(
        [
            {"id": "A", "type": "aktindsigt_anmodet", "date": "2024-05-08"},
            {"id": "F", "type": "fristbrev", "date": "2024-05-16", "ref": "A"},
        ]
    )
    a = one(deadlines(case, date(2024, 6, 1)), "aktindsigt-svar")
    # issue 12 item 8: OFL § 36, stk. 2 allows exceeding the 7 arbejdsdage only
    # "undtagelsesvis"; a fristbrev is the notice of that, not the answer
    assert (a.due, a.status, a.met_by) == (date(2024, 5, 21), Status.OVERDUE, None)
    assert a.citation == "FVL § 16, stk. 2 / OFL § 36, stk. 2"


# ------------------------------------------------------------------ plans


def test_barnets_plan_for_placement_within_3_months() -> None:
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2024-02-29",
                "paragraph": "BL 46",
                "measure": "M1",
            },
            {"id": "P", "type": "barnets_plan", "date": "2024-06-01"},
        ]
    )
    p = one(deadlines(case, date(2024, 7, 1)), "barnets-plan-anbringelse")
    # 29.02.2024 + 3 months = 29.05.2024: the plan came 01.06: late.
    assert (p.due, p.status, p.citation) == (date(2024, 5, 29), Status.MET_LATE, "BL § 91, stk. 2")


def test_barnets_plan_before_forced_placement() -> None:
    case = make_case(
        [
            {"id": "P", "type": "barnets_plan", "date": "2024-03-01"},
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2024-03-05",
                "paragraph": "BL 47",
                "measure": "M1",
            },
        ]
    )
    p = one(deadlines(case, date(2024, 7, 1)), "barnets-plan-anbringelse")
    assert (p.due, p.status, p.met_by) == (date(2024, 3, 5), Status.MET, "P")
    assert "før afgørelsen" in p.explanation


def test_handleplan_sel_before_decision_with_urgent_alternative() -> None:
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2023-03-10",
                "paragraph": "SEL 52 stk. 3 nr. 7",
                "measure": "M1",
            },
            {"id": "P", "type": "barnets_plan", "date": "2023-05-01"},
        ]
    )
    p = one(deadlines(case, date(2023, 8, 1)), "barnets-plan-anbringelse")
    assert (p.due, p.alternative_due, p.status, p.citation) == (
        date(2023, 3, 10),
        date(2023, 7, 10),
        Status.MET_LATE,
        "SEL § 140, stk. 1",
    )


def test_barnets_plan_bl32_when_decided() -> None:
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2024-01-31",
                "paragraph": "BL 32",
                "measure": "M1",
                "barnets_plan": True,
            }
        ]
    )
    p = one(deadlines(case, date(2024, 5, 1)), "barnets-plan-stoette")
    # 31.01.2024 + 3 months = 30.04.2024 (31.04 missing), alternative 01.05.2024.
    assert (p.due, p.alternative_due, p.status) == (
        date(2024, 4, 30),
        date(2024, 5, 1),
        Status.OVERDUE,
    )


# ------------------------------------------------------------------ ordering: børnesamtale


@pytest.mark.parametrize(
    ("events", "status", "met_by"),
    [
        ([{"id": "S", "type": "boernesamtale", "date": "2024-02-01"}], Status.MET, "S"),
        (
            [{"id": "S", "type": "boernesamtale", "date": "2023-06-01"}],
            Status.OVERDUE,
            None,
        ),  # older than 6 months
        (
            [{"id": "S", "type": "boernesamtale", "date": "2024-03-20"}],
            Status.MET_LATE,
            "S",
        ),  # after the decision
        ([], Status.OVERDUE, None),
    ],
)
def test_boernesamtale_before_decision(
    events: list[dict[str, Any]], status: Status, met_by: str | None
) -> None:
    case = make_case(
        [*events, {"id": "D", "type": "afgoerelse", "date": "2024-03-01", "paragraph": "BL 32"}]
    )
    s = one(deadlines(case, date(2024, 4, 1)), "boernesamtale-foer-afgoerelse")
    assert (s.due, s.status, s.met_by) == (date(2024, 3, 1), status, met_by)


def test_boernesamtale_exception_recorded() -> None:
    case = make_case(
        [
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2024-03-01",
                "paragraph": "BL 32",
                "boernesamtale_undtagelse": "barnet er 1 år",
            }
        ]
    )
    s = one(deadlines(case, date(2024, 4, 1)), "boernesamtale-foer-afgoerelse")
    assert (s.status, s.met_by) == (Status.MET, "D")
    assert "barnet er 1 år" in s.explanation


# ------------------------------------------------------------------ placements: tilsyn, ungestøtte


def test_tilsynsbesoeg_chain() -> None:
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2024-01-10",
                "measure": "M1",
                "paragraph": "BL 46",
            },
            {"id": "T1", "type": "tilsynsbesoeg", "date": "2024-06-01", "measure": "M1"},
            {"id": "T2", "type": "tilsynsbesoeg", "date": "2025-01-15", "measure": "M1"},
        ]
    )
    items = only(deadlines(case, date(2025, 3, 1)), "tilsynsbesoeg")
    assert [(d.trigger, d.due, d.status) for d in items] == [
        ("S", date(2024, 7, 10), Status.MET),
        ("T1", date(2024, 12, 1), Status.MET_LATE),
        ("T2", date(2025, 7, 15), Status.OPEN),
    ]
    assert items[0].citation == "BL § 156, stk. 5"


def test_tilsyn_stops_when_placement_ends() -> None:
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2024-01-10",
                "measure": "M1",
                "paragraph": "BL 46",
            },
            {"id": "X", "type": "foranstaltning_slut", "date": "2024-05-01", "measure": "M1"},
        ]
    )
    assert not only(deadlines(case, date(2025, 3, 1)), "tilsynsbesoeg")


def test_ungestoette_by_17_and_a_half_month_end() -> None:
    # Born 31.08.2007: 18 on 31.08.2025; minus 6 months = 31.02 (missing) -> 28.02.2025, alt 01.03.2025.
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2024-02-01",
                "measure": "M1",
                "paragraph": "BL 46",
            },
            {"id": "U", "type": "eftervaern_afgoerelse", "date": "2025-03-01"},
        ],
        birth="2007-08-31",
    )
    u = one(deadlines(case, date(2025, 4, 1)), "ungestoette-afgoerelse")
    assert (u.due, u.alternative_due, u.status, u.citation) == (
        date(2025, 2, 28),
        date(2025, 3, 1),
        Status.MET_LATE,
        "BL § 111, stk. 1",
    )


def test_ungestoette_not_for_children_not_placed() -> None:
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2024-02-01",
                "measure": "M1",
                "paragraph": "BL 32",
            }
        ],
        birth="2007-08-31",
    )
    assert not only(deadlines(case, date(2025, 4, 1)), "ungestoette-afgoerelse")


def test_overgang_voksen_for_disability_from_16() -> None:
    events = [
        {"id": "K", "type": "kontakt", "date": "2023-01-05"},
        {"id": "KUM", "type": "koordinerende_ungemoede", "date": "2024-09-01"},
    ]
    case = make_case(events, birth="2008-06-15", disability=True)
    o = one(deadlines(case, date(2025, 1, 1)), "overgang-voksen")
    # Issue 12 item 9: the duty runs from the 16th birthday (BL § 122, stk. 1), not from the
    # KUM, which is the municipality's own practice and only noted.
    assert (o.due, o.status, o.trigger, o.trigger_on, o.citation) == (
        date(2026, 6, 15),
        Status.OPEN,
        None,
        date(2024, 6, 15),
        "BL §§ 122-123",
    )
    assert "koordinerende ungemøde søn 01.09.2024 (kommunens egen praksis, ikke lov)" in o.explanation
    early = make_case(
        [*events, {"id": "O", "type": "overleveringsmoede", "date": "2024-01-10"}],
        birth="2008-06-15",
        disability=True,
    )
    # A handover meeting before the 16th birthday (15.06.2024) does not finish the preparation.
    assert one(deadlines(early, date(2025, 1, 1)), "overgang-voksen").met_by is None
    no_disability = make_case(events, birth="2008-06-15", disability=False)
    assert not only(deadlines(no_disability, date(2025, 1, 1)), "overgang-voksen")


# ------------------------------------------------------------------ rule set options


def test_municipal_rules_off_by_default_and_can_be_enabled() -> None:
    case = make_case([{"id": "H", "type": "henvendelse", "date": "2024-03-01"}])
    assert not only(deadlines(case, date(2024, 4, 1)), "svar-henvendelse")
    rules = default_rules().enable("svar-henvendelse")
    d = one(deadlines(case, date(2024, 4, 1), rules=rules), "svar-henvendelse")
    assert (d.due, d.status, d.source) == (date(2024, 3, 8), Status.OVERDUE, "kommune")
    assert "ikke lov" in d.explanation


def test_due_within_and_caseload_stream() -> None:
    case = load_case(SPEC)
    items = list(caseload_deadlines(Caseload(cases=(case,)), date(2024, 3, 25)))
    soon = due_within(items, date(2024, 3, 25), 14)
    # On 25.03.2024 only the kvittering (due 04.04) is open and due within 14 days.
    assert [(d.rule_id, d.due) for d in soon] == [("underretning-kvittering", date(2024, 4, 4))]
    assert due_within(items, date(2024, 3, 25), 5) == []


# ------------------------------------------------------------------ properties

days = st.dates(date(2019, 1, 1), date(2027, 12, 31))


@given(
    days, st.integers(0, 400), st.sampled_from(["kontakt", "ledelsestilsyn", "overdragelsesmoede"])
)
def test_unrelated_event_never_changes_deadlines(day: date, offset: int, kind: str) -> None:
    case = load_case(SPEC)
    as_of = date(2025, 6, 30)
    before = deadlines(case, as_of)
    import attrs

    from boernesag.model import Event, EventType

    event = Event(id="X1", type=EventType(kind), date=day + timedelta(days=offset))
    changed = attrs.evolve(case, events=(*case.events, event))
    assert deadlines(changed, as_of) == before


@given(days, st.integers(1, 120))
def test_later_trigger_never_moves_due_earlier(day: date, shift: int) -> None:
    def due_of(trigger_day: date) -> dict[str, date | None]:
        case = make_case(
            [
                {
                    "id": "U",
                    "type": "underretning",
                    "date": trigger_day.isoformat(),
                    "professional": True,
                },
                {"id": "B", "type": "bfu_startet", "date": trigger_day.isoformat()},
                {"id": "A", "type": "aktindsigt_anmodet", "date": trigger_day.isoformat()},
                {
                    "id": "D",
                    "type": "afgoerelse",
                    "date": trigger_day.isoformat(),
                    "paragraph": "BL 46",
                    "measure": "M",
                },
                {
                    "id": "S",
                    "type": "foranstaltning_start",
                    "date": trigger_day.isoformat(),
                    "measure": "M",
                    "paragraph": "BL 46",
                },
            ]
        )
        # The deadline each trigger starts: the earliest of its rule (later ones in a chain
        # count missed periods up to as_of).
        first: dict[str, date | None] = {}
        for d in deadlines(case, date(2030, 1, 1)):
            first.setdefault(d.rule_id, d.due_date)
        return first

    early, late = due_of(day), due_of(day + timedelta(days=shift))
    assert early.keys() == late.keys()
    for rule_id, due in early.items():
        later = late[rule_id]
        assert due is not None
        assert later is not None
        assert later >= due, rule_id


@given(days)
def test_working_day_rules_never_fall_on_a_closed_day(day: date) -> None:
    case = make_case(
        [
            {"id": "U", "type": "underretning", "date": day.isoformat(), "professional": True},
            {"id": "A", "type": "aktindsigt_anmodet", "date": day.isoformat()},
            {"id": "D", "type": "afgoerelse", "date": day.isoformat(), "paragraph": "BL 32"},
        ]
    )
    cal = default_calendar()
    for d in deadlines(case, date(2030, 1, 1)):
        if d.rule_id in ("underretning-kvittering", "aktindsigt-svar", "klagefrist"):
            assert d.due_date is not None
            assert cal.is_working_day(d.due_date), d


def test_ungestoette_listed_from_16() -> None:
    # Born 31.08.2007: 16 on 31.08.2023, when the rule starts listing the 17½ deadline.
    case = make_case(
        [
            {
                "id": "S",
                "type": "foranstaltning_start",
                "date": "2023-02-01",
                "measure": "M1",
                "paragraph": "SEL 58",
            }
        ],
        birth="2007-08-31",
    )
    assert not only(deadlines(case, date(2023, 8, 30)), "ungestoette-afgoerelse")
    assert one(deadlines(case, date(2023, 8, 31)), "ungestoette-afgoerelse").status is Status.OPEN


# ------------------------------------------------------------------ measures as of as_of

_LATE_DECISION = [
    # the start names no paragraph; the decision that names the placement comes after as_of
    {"id": "S", "type": "foranstaltning_start", "date": "2024-02-05", "measure": "M"},
    {"id": "D", "type": "afgoerelse", "date": "2024-08-01", "measure": "M", "paragraph": "BL 46"},
]


def test_a_later_decision_does_not_give_a_measure_its_paragraph() -> None:
    case = make_case(_LATE_DECISION)
    (m,) = case.measures_on(date(2024, 6, 30))
    assert m.paragraph is None
    assert m.decided_by is None
    assert m.start == date(2024, 2, 5)
    assert str(case.measures[0].paragraph) == "BL 46"  # the whole timeline still sees it
    items = deadlines(case, date(2024, 6, 30))
    # on 30.06.2024 the case shows no placement: no tilsynsbesøg yet
    assert not only(items, "tilsynsbesoeg")
    first = one(items, "opfoelgning-foerste")
    # 05.02.2024 + 3 months = søn 05.05.2024 (BL § 95 stk. 2), not met by 30.06
    assert (first.due, first.status) == (date(2024, 5, 5), Status.OVERDUE)
    assert "paragraf er ikke registreret" in first.explanation
    # once the decision is on file, the placement's supervision runs from the start
    later = one(deadlines(case, date(2024, 9, 30)), "tilsynsbesoeg")
    assert later.trigger == "S"
    assert later.status == Status.OVERDUE


def test_an_end_before_as_of_counts_even_if_the_measure_is_ended_again_later() -> None:
    case = make_case(
        [
            {"id": "D", "type": "afgoerelse", "date": "2024-02-01", "measure": "M",
             "paragraph": "BL 32"},
            {"id": "S", "type": "foranstaltning_start", "date": "2024-02-05", "measure": "M"},
            {"id": "E1", "type": "foranstaltning_slut", "date": "2024-03-01", "measure": "M"},
            {"id": "E2", "type": "foranstaltning_slut", "date": "2024-09-01", "measure": "M"},
        ]
    )  # fmt: skip
    assert case.measures[0].end == date(2024, 9, 1)
    assert case.measures_on(date(2024, 6, 30))[0].end == date(2024, 3, 1)
    assert case.measures_on(date(2024, 2, 29))[0].end is None
    # ended 01.03.2024, before the first follow-up was due (05.05.2024): it no longer binds
    first = one(deadlines(case, date(2024, 6, 30)), "opfoelgning-foerste")
    assert first.status == Status.NOT_APPLICABLE
    assert first.due == date(2024, 5, 5)
    # before the first end was recorded the follow-up is simply open
    early = one(deadlines(case, date(2024, 2, 20)), "opfoelgning-foerste")
    assert early.status == Status.OPEN


def test_a_later_start_with_a_paragraph_does_not_change_the_measure_before_it() -> None:
    # the first start names BL 32; a later start event of the same measure names BL 47
    case = make_case(
        [
            {"id": "S1", "type": "foranstaltning_start", "date": "2024-02-05", "measure": "M",
             "paragraph": "BL 32"},
            {"id": "S2", "type": "foranstaltning_start", "date": "2024-07-01", "measure": "M",
             "paragraph": "BL 47"},
        ]
    )  # fmt: skip
    assert str(case.measures_on(date(2024, 6, 30))[0].paragraph) == "BL 32"
    assert str(case.measures_on(date(2024, 7, 1))[0].paragraph) == "BL 47"
    assert not only(deadlines(case, date(2024, 6, 30)), "tilsynsbesoeg")
    assert only(deadlines(case, date(2024, 12, 31)), "tilsynsbesoeg")


_MEASURE_EVENT = st.tuples(
    st.sampled_from(["afgoerelse", "foranstaltning_start", "foranstaltning_slut", "opfoelgning"]),
    st.dates(date(2023, 1, 1), date(2025, 12, 31)),
    st.sampled_from(["M1", "M2"]),
    st.sampled_from([None, "BL 32", "BL 46", "SEL 52 stk. 3 nr. 7"]),
    st.sampled_from([None, "bevilget", "afslag"]),
)


@given(st.lists(_MEASURE_EVENT, max_size=12), st.dates(date(2022, 12, 1), date(2026, 2, 1)))
def test_measures_on_is_the_measures_of_the_case_until_that_day(
    raw: list[tuple[str, date, str, str | None, str | None]], day: date
) -> None:
    events = []
    for i, (kind, d, measure, paragraph, outcome) in enumerate(raw):
        e: dict[str, Any] = {"id": f"E{i}", "type": kind, "date": d.isoformat(), "measure": measure}
        if paragraph:
            e["paragraph"] = paragraph
        if outcome:
            e["outcome"] = outcome
        events.append(e)
    case = make_case(events)
    assert case.measures_on(day) == case.until(day).measures
    assert case.measures_on(date(2100, 1, 1)) == case.measures
