"""Sagsbehandlingsfrist (RSL § 3, stk. 2): the municipality's time limit per benefit type.

The packaged rule is off by default and carries an example table (Herning Kommune's published
frister under Barnets Lov, Gentofte Kommune's under Serviceloven). Each expected date is
worked out by hand in the comment beside it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernesag import add_working_days
from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.errors import RuleError
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case

RULE = "sagsbehandlingsfrist"


def make_case(events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-RSL3",
            "child": {"id": "B-RSL3", "birth_date": "2014-02-10", "disability": True},
            "events": events,
        }
    )


def enabled() -> RuleSet:
    return default_rules().enable(RULE)


def processing(case: Case, as_of: date, rules: RuleSet | None = None) -> list[Deadline]:
    return [d for d in deadlines(case, as_of, rules=rules or enabled()) if d.rule_id == RULE]


def test_off_by_default() -> None:
    assert default_rules()[RULE].enabled is False
    assert default_rules()[RULE].source == "kommune"
    case = make_case(
        [{"id": "A1", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 32"}]
    )
    assert [d for d in deadlines(case, date(2024, 12, 31)) if d.rule_id == RULE] == []


def test_bl32_four_weeks_met_by_the_decision_naming_the_application() -> None:
    case = make_case(
        [
            {
                "id": "A1",
                "type": "ansoegning",
                "date": "2024-03-04",
                "paragraph": "BL 32 stk. 1 nr. 2",
            },
            # An unrelated decision first: the one naming the application meets it.
            {"id": "D0", "type": "afgoerelse", "date": "2024-03-10", "paragraph": "BL 86"},
            {
                "id": "D1",
                "type": "afgoerelse",
                "date": "2024-03-28",
                "paragraph": "BL 32",
                "ref": "A1",
            },
        ]
    )
    (d,) = processing(case, date(2024, 6, 30))
    # Mon 04.03.2024 + 4 weeks = Mon 01.04.2024 (Easter Monday: a municipal limit does not move).
    assert (d.due, d.status, d.met_by, d.trigger) == (date(2024, 4, 1), Status.MET, "D1", "A1")
    assert d.citation == "RSL § 3, stk. 2"
    assert d.period is not None
    assert str(d.period) == "4 weeks"
    assert "kommunens frist for BL 32 stk. 1 nr. 2: 4 uger" in d.explanation
    assert "fastsat og offentliggjort efter RSL § 3, stk. 2" in d.explanation
    assert "kommunalt servicemål, ikke lov" not in d.explanation
    assert "the municipality's time limit for BL 32 stk. 1 nr. 2: 4 weeks" in d.explain("en")


def test_the_most_specific_table_entry_wins() -> None:
    case = make_case(
        [{"id": "A1", "type": "ansoegning", "date": "2024-06-03", "paragraph": "BL 32 stk. 5"}]
    )
    (d,) = processing(case, date(2024, 6, 30))
    # "BL 32 stk. 5" = 6 weeks beats "BL 32" = 4 weeks: Mon 03.06.2024 + 6 weeks = Mon 15.07.2024.
    assert (d.due, d.status) == (date(2024, 7, 15), Status.OPEN)


def test_serviceloven_version_in_working_days() -> None:
    case = make_case(
        [
            {"id": "A1", "type": "ansoegning", "date": "2023-09-01", "paragraph": "SEL 41"},
            {"id": "D1", "type": "afgoerelse", "date": "2023-10-30", "paragraph": "SEL 41"},
        ]
    )
    (d,) = processing(case, date(2023, 12, 31))
    # Fri 01.09.2023 + 40 working days: 8 whole weeks of 5 (no holidays) = Fri 27.10.2023.
    assert d.due == date(2023, 10, 27)
    assert (d.status, d.met_by, d.law) == (Status.MET_LATE, "D1", "RSL")
    assert "samme paragraf" in d.explanation
    assert "intet fristbrev" in d.explanation


def test_unknown_paragraph_gets_the_default_with_a_note() -> None:
    case = make_case(
        [{"id": "A1", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 86"}]
    )
    (d,) = processing(case, date(2024, 3, 31))
    # Default 8 weeks: Mon 04.03.2024 + 8 weeks = Mon 29.04.2024.
    assert (d.due, d.status) == (date(2024, 4, 29), Status.OPEN)
    assert (
        "ingen frist for BL 86 i kommunens tabel; standardfristen 8 uger er brugt" in d.explanation
    )


def test_application_without_paragraph_gets_the_default_with_a_note() -> None:
    case = make_case([{"id": "A1", "type": "ansoegning", "date": "2024-03-04"}])
    (d,) = processing(case, date(2024, 3, 31))
    assert d.due == date(2024, 4, 29)
    assert "ansøgningens paragraf er ikke registreret" in d.explanation


USER_RULES = """
schema = "boernesag.rules/1"
[[rules]]
id = "sagsbehandlingsfrist"
kind = "case_processing"
title = { da = "Sagsbehandlingsfrist", en = "Processing time limit" }
source = "kommune"
enabled = true
trigger = ["ansoegning"]
met_by = ["afgoerelse"]
link = "ref"
[[rules.versions]]
law = "RSL"
citation = "RSL § 3, stk. 2 (Eksempelkommune)"
valid_from = "2024-01-01"
valid_to = "2024-12-31"
period = "12 weeks"
unlisted = "not_applicable"
periods = { "BL 86" = "30 days", "BL 87" = "6 weeks" }
confidence = "municipal"
[[rules.versions]]
law = "RSL"
citation = "RSL § 3, stk. 2 (Eksempelkommune 2025)"
valid_from = "2025-01-01"
period = "12 weeks"
periods = { "BL 86" = "3 weeks" }
confidence = "municipal"
"""


def test_users_own_rule_file_replaces_the_example(tmp_path: Path) -> None:
    path = tmp_path / "kommune.toml"
    path.write_text(USER_RULES, encoding="utf-8")
    rules = default_rules().with_file(path)  # enabled in the file, no enable() needed
    case = make_case(
        [
            {"id": "A1", "type": "ansoegning", "date": "2024-11-29", "paragraph": "BL 86"},
            {"id": "A2", "type": "ansoegning", "date": "2024-11-29", "paragraph": "BL 32"},
            {"id": "A3", "type": "ansoegning", "date": "2025-01-06", "paragraph": "BL 86"},
            {"id": "A4", "type": "ansoegning", "date": "2025-01-06", "paragraph": "BL 87"},
        ]
    )
    by_trigger = {d.trigger: d for d in processing(case, date(2025, 1, 10), rules)}
    # 2024 version: BL 86 = 30 days: Fri 29.11.2024 + 30 days = Sun 29.12.2024.
    assert by_trigger["A1"].due == date(2024, 12, 29)
    assert by_trigger["A1"].citation == "RSL § 3, stk. 2 (Eksempelkommune)"
    assert by_trigger["A1"].status == Status.OVERDUE
    # BL 32 has no frist and the 2024 version says unlisted = not_applicable.
    assert (by_trigger["A2"].status, by_trigger["A2"].due) == (Status.NOT_APPLICABLE, None)
    assert "kommunen har ingen frist for BL 32" in by_trigger["A2"].explanation
    # 2025 version, by the application's date: BL 86 = 3 weeks: Mon 06.01.2025 -> Mon 27.01.2025.
    assert by_trigger["A3"].due == date(2025, 1, 27)
    # BL 87 is not in the 2025 table; unlisted defaults to the version's 12 weeks (31.03.2025).
    assert by_trigger["A4"].due == date(2025, 3, 31)


def test_fristbrev_before_the_due_date_is_noted_but_does_not_meet() -> None:
    case = make_case(
        [
            {"id": "A1", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 32"},
            {"id": "F1", "type": "fristbrev", "date": "2024-03-25", "ref": "A1"},
        ]
    )
    (open_,) = processing(case, date(2024, 3, 26))
    assert open_.status == Status.OPEN
    assert "fristbrev sendt man 25.03.2024" in open_.explanation
    (d,) = processing(case, date(2024, 5, 1))
    # Due Mon 01.04.2024; no decision by 01.05.2024.
    assert (d.status, d.met_by) == (Status.OVERDUE, None)
    assert "fristbrev sendt man 25.03.2024, før fristen" in d.explanation
    assert "fristen er dog ikke overholdt" in d.explanation


def test_fristbrev_after_the_due_date_is_called_late() -> None:
    case = make_case(
        [
            {"id": "A1", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 32"},
            {"id": "F1", "type": "fristbrev", "date": "2024-04-03"},
            {"id": "D1", "type": "afgoerelse", "date": "2024-04-20", "paragraph": "BL 32"},
        ]
    )
    (d,) = processing(case, date(2024, 5, 1))
    assert (d.status, d.met_by) == (Status.MET_LATE, "D1")
    assert "fristbrev først sendt ons 03.04.2024, efter fristen" in d.explanation
    assert "delay letter only sent Wed 03.04.2024" in d.explain("en")


def test_no_fristbrev_when_late_is_pointed_out() -> None:
    case = make_case(
        [{"id": "A1", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 32"}]
    )
    (d,) = processing(case, date(2024, 5, 1))
    assert d.status == Status.OVERDUE
    assert "intet fristbrev" in d.explanation


def test_a_later_exact_match_is_not_taken_by_an_earlier_application() -> None:
    case = make_case(
        [
            {"id": "A1", "type": "ansoegning", "date": "2024-03-01", "paragraph": "BL 86"},
            {"id": "A2", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 32"},
            {"id": "D1", "type": "afgoerelse", "date": "2024-03-20", "paragraph": "BL 32"},
            # A decision naming another event (a complaint) belongs to it, never to A1.
            {"id": "K1", "type": "klage_modtaget", "date": "2024-03-21"},
            {"id": "D2", "type": "afgoerelse", "date": "2024-03-22", "ref": "K1"},
        ]
    )
    by_trigger = {d.trigger: d for d in processing(case, date(2024, 4, 15))}
    assert (by_trigger["A2"].met_by, by_trigger["A2"].status) == ("D1", Status.MET)
    assert by_trigger["A1"].met_by is None
    assert by_trigger["A1"].status == Status.OPEN  # 8 weeks from 01.03.2024: 26.04.2024


def test_next_decision_as_last_resort_is_flagged_as_assumed() -> None:
    case = make_case(
        [
            {"id": "A1", "type": "ansoegning", "date": "2023-12-18", "paragraph": "SEL 41"},
            # Decided under Barnets Lov after the change of law: another paragraph, no ref.
            {"id": "D1", "type": "afgoerelse", "date": "2024-01-15", "paragraph": "BL 86"},
        ]
    )
    (d,) = processing(case, date(2024, 2, 1))
    assert (d.met_by, d.status, d.law) == ("D1", Status.MET, "RSL")
    assert "antaget at være afgørelsen på ansøgningen" in d.explanation


def test_a_bad_table_key_names_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(USER_RULES.replace('"BL 87" = "6 weeks"', '"Barnets lov 87" = "6 weeks"'))
    rules = default_rules().with_file(path)
    case = make_case(
        [{"id": "A1", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 86"}]
    )
    with pytest.raises(RuleError, match=r"sagsbehandlingsfrist.*Barnets lov 87"):
        deadlines(case, date(2024, 6, 30), rules=rules)


@given(
    received=st.dates(date(2019, 1, 1), date(2029, 12, 31)),
    decided_after=st.integers(0, 200),
    as_of_after=st.integers(0, 400),
)
def test_due_and_status_follow_the_table(
    received: date, decided_after: int, as_of_after: int
) -> None:
    paragraph = "BL 32" if received >= date(2024, 1, 1) else "SEL 52"
    decided = received + timedelta(days=decided_after)
    as_of = received + timedelta(days=as_of_after)
    case = make_case(
        [
            {
                "id": "A1",
                "type": "ansoegning",
                "date": received.isoformat(),
                "paragraph": paragraph,
            },
            {"id": "D1", "type": "afgoerelse", "date": decided.isoformat(), "paragraph": paragraph},
        ]
    )
    (d,) = processing(case, as_of)
    # BL 32: 4 weeks; SEL 52: 120 working days (the packaged example table).
    if paragraph == "BL 32":
        expected = received + timedelta(weeks=4)
    else:
        expected = add_working_days(received, 120)
    assert d.due == expected
    if decided <= as_of:
        assert d.met_by == "D1"
        assert d.status == (Status.MET if decided <= expected else Status.MET_LATE)
    else:
        assert d.met_by is None
        assert d.status == (Status.OPEN if as_of <= expected else Status.OVERDUE)
