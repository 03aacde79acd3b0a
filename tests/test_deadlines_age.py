"""Age milestones (kind ``age_milestone``): the birthdays that change a child's rights.

BL § 3 (10; SEL §§ 167, 72-73: 12), BL §§ 46-47 / SEL § 52 stk. 1 (15), BL § 99 / SEL § 68
stk. 1 (18: measures end unless continued as ungestøtte), BL §§ 117, 121 / SEL § 76 stk. 7,
§ 76 a stk. 3 (23). Every expected date is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.law import default_rules
from boernesag.model import Case
from boernesag.periods import LeapDayRule, add_months, birthday

PARTY = "alder-partsbefoejelser"
CONSENT = "alder-15-samtykke"
ADULT = "alder-18-indsatser-ophoerer"
AFTERCARE = "alder-23-ungestoette-ophoerer"
MILESTONES = (PARTY, CONSENT, ADULT, AFTERCARE)


def make_case(birth: str, events: list[dict[str, Any]] | None = None) -> Case:
    # The case opens in 2014, or at the birth of a child born later (the loader refuses
    # events more than 300 days before the birth).
    opened_on = max("2014-01-02", birth)
    opened = [{"id": "E0", "type": "sagsbehandler_tildelt", "date": opened_on, "caseworker": "CW"}]
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-AGE",
            "child": {"id": "B-AGE", "birth_date": birth},
            "events": opened + (events or []),
        }
    )


def of(
    case: Case, as_of: date, rule_id: str, leap: LeapDayRule = LeapDayRule.FEB_28
) -> list[Deadline]:
    return [d for d in deadlines(case, as_of, leap_day_rule=leap) if d.rule_id == rule_id]


def test_milestones_are_confirmed_law_and_on_by_default() -> None:
    rules = default_rules()
    for rule_id in MILESTONES:
        rule = rules[rule_id]
        assert (rule.kind, rule.enabled, rule.source) == ("age_milestone", True, "lov")
        assert [v.law for v in rule.versions] == ["SEL", "BL"]
        assert {v.confidence for v in rule.versions} == {"confirmed"}


# ------------------------------------------------------------------ party rights: 10 (BL), 12 (SEL)


def test_party_rights_at_10_window_and_statuses() -> None:
    case = make_case("2015-03-10")  # 10 on Mon 10.03.2025 (Barnets Lov)
    # Listed from 12 months before: not on 09.03.2024, from 10.03.2024.
    assert of(case, date(2024, 3, 9), PARTY) == []
    (d,) = of(case, date(2024, 3, 10), PARTY)
    assert (d.due, d.status, d.citation, d.law) == (date(2025, 3, 10), Status.OPEN, "BL § 3", "BL")
    assert (d.trigger, d.alternative_due, d.measure) == (None, None, None)
    assert "10 år: barnet udøver selv partsbeføjelser" in d.explanation
    assert "alderen er endnu ikke nået: åben" in d.explanation
    assert "age 10: the child exercises party rights" in d.explain("en")
    assert of(case, date(2025, 3, 9), PARTY)[0].status == Status.OPEN
    # On the birthday the age is reached: information, nothing to record.
    (reached,) = of(case, date(2025, 3, 10), PARTY)
    assert reached.status == Status.NOT_APPLICABLE
    assert "intet at registrere" in reached.explanation
    # Shown for one month after (10.03.2025 + 1 month = 10.04.2025), then dropped.
    assert of(case, date(2025, 4, 10), PARTY)[0].status == Status.NOT_APPLICABLE
    assert of(case, date(2025, 4, 11), PARTY) == []


def test_party_rights_at_12_under_serviceloven() -> None:
    case = make_case("2010-08-20")  # 12 on Sat 20.08.2022; 10 in 2020 meant nothing under SEL
    (d,) = of(case, date(2022, 8, 1), PARTY)
    assert (d.due, d.status, d.law) == (date(2022, 8, 20), Status.OPEN, "SEL")
    assert d.citation == "SEL § 167, stk. 1, jf. §§ 72-73"
    assert "12 år: den unge kan selv klage til Ankestyrelsen" in d.explanation
    # Barnets Lov's 10 was passed before 2024 and SEL's 12 was reached under SEL: nothing more.
    assert of(case, date(2024, 1, 15), PARTY) == []


def test_party_rights_from_commencement_for_a_child_of_10_or_11_on_1_january_2024() -> None:
    # Born 01.06.2013: 10 on 01.06.2023 (SEL in force: no right at 10), 12 on 01.06.2025 (SEL
    # no longer in force). Barnets Lov § 3 gives the rights from 01.01.2024.
    case = make_case("2013-06-01")
    (d,) = of(case, date(2023, 12, 31), PARTY)
    assert (d.due, d.status, d.law, d.alternative_due) == (
        date(2024, 1, 1),
        Status.OPEN,
        "BL",
        None,
    )
    assert "allerede fyldt 10 år, da Barnets Lov trådte i kraft man 01.01.2024" in d.explanation
    assert "boernesags læsning af LOV nr 721 af 14/06/2023 §§ 212-213" in d.explanation
    assert of(case, date(2024, 1, 15), PARTY)[0].status == Status.NOT_APPLICABLE
    assert of(case, date(2025, 6, 1), PARTY) == []  # no second milestone at 12


# ------------------------------------------------------------------ 29 February, closing


def test_29_february_birthday_in_a_common_year() -> None:
    case = make_case("2016-02-29")  # 10 in 2026, a common year
    (d,) = of(case, date(2025, 12, 1), PARTY)
    # Default reading 28.02.2026 (forældelsesloven § 27 by analogy), 01.03.2026 the alternative.
    assert (d.due, d.alternative_due) == (date(2026, 2, 28), date(2026, 3, 1))
    assert "barnet er født 29. februar, og 29.02.2026 findes ikke" in d.explanation
    (m,) = of(case, date(2025, 12, 1), PARTY, LeapDayRule.MAR_1)
    assert (m.due, m.alternative_due) == (date(2026, 3, 1), date(2026, 2, 28))
    # On 28.02.2026 the default reading has reached the age; the 1 March reading has not.
    assert of(case, date(2026, 2, 28), PARTY)[0].status == Status.NOT_APPLICABLE
    assert of(case, date(2026, 2, 28), PARTY, LeapDayRule.MAR_1)[0].status == Status.OPEN


def test_29_february_birthday_in_a_leap_year_is_not_ambiguous() -> None:
    # 12 on 29.02.2012, a leap year (Serviceloven); the case is open from 2011.
    case = make_case("2000-02-29", [{"id": "K1", "type": "kontakt", "date": "2011-01-03"}])
    (d,) = of(case, date(2012, 2, 1), PARTY)
    assert (d.due, d.alternative_due, d.law) == (date(2012, 2, 29), None, "SEL")


def test_case_closed_before_the_birthday_has_no_milestone() -> None:
    case = make_case(
        "2015-03-10", [{"id": "L1", "type": "sag_lukket", "date": "2024-12-01", "reason": "x"}]
    )
    assert of(case, date(2025, 1, 15), PARTY) == []
    assert of(case, date(2025, 3, 10), PARTY) == []
    # Before the closing the case was open: the milestone was listed then.
    assert of(case, date(2024, 11, 30), PARTY)[0].status == Status.OPEN


def test_consent_at_15_both_versions() -> None:
    sel = make_case("2008-05-31")  # 15 on Wed 31.05.2023
    (d,) = of(sel, date(2023, 5, 1), CONSENT)
    assert (d.due, d.law, d.citation) == (date(2023, 5, 31), "SEL", "SEL § 52, stk. 1, og § 58")
    bl = make_case("2010-05-31")  # 15 on Sat 31.05.2025
    (e,) = of(bl, date(2025, 5, 1), CONSENT)
    assert (e.due, e.law, e.citation) == (date(2025, 5, 31), "BL", "BL §§ 46-47")
    assert "anbringelse efter § 46 kræver også den unges samtykke" in e.explanation


# ------------------------------------------------------------------ 18: measures end


def placed(extra: list[dict[str, Any]]) -> Case:
    # Born 15.09.2007: 18 on Mon 15.09.2025. Placed under BL § 46 from 01.05.2024.
    return make_case(
        "2007-09-15",
        [
            {"id": "D1", "type": "afgoerelse", "date": "2024-04-01", "paragraph": "BL 46",
             "measure": "M1", "outcome": "bevilget"},
            {"id": "S1", "type": "foranstaltning_start", "date": "2024-05-01", "measure": "M1",
             "paragraph": "BL 46"},
            *extra,
        ],
    )  # fmt: skip


def test_18_open_while_the_placement_runs() -> None:
    (d,) = of(placed([]), date(2025, 6, 30), ADULT)
    assert (d.due, d.status, d.measure, d.trigger) == (date(2025, 9, 15), Status.OPEN, "M1", "S1")
    assert d.citation == "BL § 99"
    assert "indsats M1 (BL 46) kører" in d.explanation
    assert "endnu ikke sket: åben" in d.explanation


def test_18_met_by_an_ungestoette_decision() -> None:
    case = placed([{"id": "U1", "type": "eftervaern_afgoerelse", "date": "2025-03-10"}])
    (d,) = of(case, date(2025, 10, 1), ADULT)
    assert (d.status, d.met_by) == (Status.MET, "U1")
    assert "videreført ved afgørelse man 10.03.2025" in d.explanation


def test_18_met_by_the_measure_ending_on_the_birthday() -> None:
    case = placed(
        [{"id": "X1", "type": "foranstaltning_slut", "date": "2025-09-15", "measure": "M1"}]
    )
    (d,) = of(case, date(2025, 10, 1), ADULT)
    assert (d.status, d.met_by) == (Status.MET, "X1")


def test_18_ended_after_the_birthday_is_late() -> None:
    case = placed(
        [{"id": "X1", "type": "foranstaltning_slut", "date": "2025-10-01", "measure": "M1"}]
    )
    (d,) = of(case, date(2025, 10, 15), ADULT)
    assert (d.status, d.met_by) == (Status.MET_LATE, "X1")


def test_18_overdue_without_end_or_continuation_and_a_refusal_does_not_count() -> None:
    assert of(placed([]), date(2025, 10, 1), ADULT)[0].status == Status.OVERDUE
    refused = placed(
        [{"id": "U1", "type": "eftervaern_afgoerelse", "date": "2025-03-10", "outcome": "afslag"}]
    )
    (d,) = of(refused, date(2025, 10, 1), ADULT)
    assert (d.status, d.met_by) == (Status.OVERDUE, None)


def test_18_without_a_running_measure_is_information() -> None:
    case = placed(
        [{"id": "X1", "type": "foranstaltning_slut", "date": "2025-01-31", "measure": "M1"}]
    )
    (d,) = of(case, date(2025, 6, 30), ADULT)
    assert (d.status, d.measure, d.due) == (Status.OPEN, None, date(2025, 9, 15))
    assert "alderen er endnu ikke nået" in d.explanation


def test_18_under_serviceloven() -> None:
    # Born 20.11.2005: 18 on Mon 20.11.2023 (Serviceloven in force).
    case = make_case(
        "2005-11-20",
        [
            {"id": "D1", "type": "afgoerelse", "date": "2021-02-01",
             "paragraph": "SEL 52 stk. 3 nr. 7", "measure": "M1"},
            {"id": "S1", "type": "foranstaltning_start", "date": "2021-03-01", "measure": "M1"},
            {"id": "X1", "type": "foranstaltning_slut", "date": "2023-11-20", "measure": "M1"},
        ],
    )  # fmt: skip
    (d,) = of(case, date(2023, 12, 31), ADULT)
    assert (d.due, d.status, d.law, d.citation) == (
        date(2023, 11, 20),
        Status.MET,
        "SEL",
        "SEL § 68, stk. 1",
    )


def test_18_for_a_29_february_child() -> None:
    # Born 29.02.2008: 18 in 2026, a common year: 28.02.2026, alternative 01.03.2026.
    case = make_case(
        "2008-02-29",
        [
            {"id": "S1", "type": "foranstaltning_start", "date": "2024-05-01", "measure": "M1",
             "paragraph": "BL 32"},
        ],
    )  # fmt: skip
    (d,) = of(case, date(2026, 3, 1), ADULT)
    assert (d.due, d.alternative_due, d.status) == (
        date(2026, 2, 28),
        date(2026, 3, 1),
        Status.OVERDUE,
    )
    (m,) = of(case, date(2026, 3, 1), ADULT, LeapDayRule.MAR_1)
    assert (m.due, m.status) == (date(2026, 3, 1), Status.OPEN)


# ------------------------------------------------------------------ 23: ungestøtte ends


def test_23_aftercare_begun_under_serviceloven_ends_under_barnets_lov() -> None:
    # Born 05.04.2002: efterværn (SEL § 76) from 18; 23 on Sat 05.04.2025 (Barnets Lov).
    case = make_case(
        "2002-04-05",
        [
            {"id": "D9", "type": "afgoerelse", "date": "2020-03-01", "paragraph": "SEL 76",
             "measure": "M9"},
            {"id": "S9", "type": "foranstaltning_start", "date": "2020-04-05", "measure": "M9"},
            {"id": "X9", "type": "foranstaltning_slut", "date": "2025-04-05", "measure": "M9"},
        ],
    )  # fmt: skip
    (d,) = of(case, date(2025, 5, 1), AFTERCARE)
    assert (d.due, d.status, d.met_by, d.citation) == (
        date(2025, 4, 5),
        Status.MET,
        "X9",
        "BL §§ 117 og 121",
    )
    # The 18 milestone (2020) has no listed measure (SEL 76 is not one) and is long past.
    assert of(case, date(2025, 5, 1), ADULT) == []


# ------------------------------------------------------------------ properties


@given(
    birth=st.dates(date(1998, 1, 1), date(2020, 12, 31)),
    as_of=st.dates(date(2015, 1, 1), date(2031, 12, 31)),
    leap=st.sampled_from(list(LeapDayRule)),
)
def test_information_milestones_follow_the_birthday(
    birth: date, as_of: date, leap: LeapDayRule
) -> None:
    case = make_case(birth.isoformat())
    items = [d for d in deadlines(case, as_of, leap_day_rule=leap) if d.rule_id in MILESTONES]
    assert len({d.rule_id for d in items}) == len(items)  # at most one per milestone
    rules = default_rules()
    for d in items:
        assert d.due is not None
        assert isinstance(d.due, date)
        version = rules[d.rule_id].version_on(d.due)
        assert version is not None
        assert version.law == d.law
        age = int(version.option("age"))
        commenced = d.due != birthday(birth, age, leap)
        if commenced:  # only party rights moved: 10-11-year-olds on 1 January 2024
            assert (d.rule_id, d.due, d.law) == (PARTY, date(2024, 1, 1), "BL")
            assert birthday(birth, 10, leap) < d.due < birthday(birth, 12, leap)
        leap_common = birth.month == 2 and birth.day == 29 and not calendar.isleap(d.due.year)
        assert (d.alternative_due is not None) == (leap_common and not commenced)
        # Listed from 12 months before to 1 month after; open strictly before the day.
        assert add_months(d.due, -12).due <= as_of <= add_months(d.due, 1).due
        assert d.status == (Status.OPEN if as_of < d.due else Status.NOT_APPLICABLE)


@given(birth=st.dates(date(2000, 1, 1), date(2016, 12, 31)), shift=st.integers(1, 400))
def test_closing_the_case_before_a_birthday_removes_its_milestone(birth: date, shift: int) -> None:
    close = date(2020, 1, 1) + timedelta(days=shift)
    case = make_case(
        birth.isoformat(),
        [{"id": "L1", "type": "sag_lukket", "date": close.isoformat(), "reason": "x"}],
    )
    as_of = close + timedelta(days=30)
    for d in deadlines(case, as_of):
        if d.rule_id in MILESTONES:
            assert d.due_date is not None
            assert d.due_date <= close


# ------------------------------------------------------------------ the rule data steers the plan


def _with_params(rule_id: str, **params: Any) -> Any:
    import attrs

    from boernesag.law import RuleSet

    base = default_rules()
    rule = base[rule_id]
    changed = attrs.evolve(rule, params={**rule.params, **params})
    return RuleSet(rules=tuple(changed if r.id == rule_id else r for r in base.rules))


def test_refused_outcomes_and_end_events_are_rule_data_in_both_engines() -> None:
    from boernesag.columnar import EventTable, deadline_table

    refused = placed(
        [{"id": "U1", "type": "eftervaern_afgoerelse", "date": "2025-03-10", "outcome": "afslag"}]
    )
    day = date(2025, 10, 1)
    # With no refused outcomes in the rule, the afslag continues the measure.
    rules = _with_params(ADULT, refused=[])
    (d,) = [x for x in deadlines(refused, day, rules=rules) if x.rule_id == ADULT]
    assert (d.status, d.met_by) == (Status.MET, "U1")
    # With a municipal end event, the measure end no longer meets the milestone.
    ended = placed(
        [{"id": "X1", "type": "foranstaltning_slut", "date": "2025-09-15", "measure": "M1"}]
    )
    rules2 = _with_params(ADULT, ended_by=["sag_lukket"])
    (e,) = [x for x in deadlines(ended, day, rules=rules2) if x.rule_id == ADULT]
    assert (e.status, e.met_by) == (Status.OVERDUE, None)
    for case, rs, want in ((refused, rules, d), (ended, rules2, e)):
        table = deadline_table(EventTable.from_cases([case]), day, rules=rs)
        (got,) = [x for x in table.deadlines_for(0) if x.rule_id == ADULT]
        assert (got.status, got.met_by) == (want.status, want.met_by)
        assert ADULT not in table.fallback


def test_age_decision_measures_may_name_stk_and_nr() -> None:
    # Born 15.09.2007: 17 years 6 months on 15.03.2025; placed under SEL § 52 stk. 3 nr. 7.
    case = make_case(
        "2007-09-15",
        [
            {"id": "S1", "type": "foranstaltning_start", "date": "2023-05-01", "measure": "M1",
             "paragraph": "SEL 52 stk. 3 nr. 7"},
        ],
    )  # fmt: skip
    day = date(2024, 10, 1)
    (d,) = [x for x in deadlines(case, day) if x.rule_id == "ungestoette-afgoerelse"]
    assert (d.due, d.measure, d.status) == (date(2025, 3, 15), "M1", Status.OPEN)
    # A rule listing only stk. 3 nr. 6 of § 52 is not about this measure.
    rules = _with_params("ungestoette-afgoerelse", measures=["SEL 52 stk. 3 nr. 6"])
    found = deadlines(case, day, rules=rules)
    assert [x for x in found if x.rule_id == "ungestoette-afgoerelse"] == []
