"""Issue 12 item 9: the plan of a young person of 16 or more is an ungeplan (BL § 108; SEL
§ 140, stk. 2: the handleplan's transition goals), and the contact person of BL § 115, stk. 2
(SEL § 76, stk. 6) ends at 19. Worked examples per law version, each checked in both
executors (records by the numpy engine, explanations by its explain path)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Deadline, Status
from boernesag.law import default_rules
from boernesag.law.vocabulary import vocabulary
from boernesag.model import Case
from engines import both_engines

PLAN_RULES = ("barnets-plan-stoette", "barnets-plan-anbringelse")
CONTACT = "alder-19-kontaktperson-ophoerer"
AFTERCARE = "alder-23-ungestoette-ophoerer"


def _case(birth: str, events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-Y",
            "child": {"id": "B-Y", "birth_date": birth},
            "events": events,
        }
    )


def _both(case: Case, as_of: date, rule_ids: tuple[str, ...]) -> list[Deadline]:
    """The deadlines of ``rule_ids`` by the scalar engine; the numpy engine gives the same
    records, facts and explanations."""
    return both_engines(case, as_of, *rule_ids, explain=True)


def _decision(day: str, paragraph: str, **extra: Any) -> dict[str, Any]:
    return {"id": "D", "type": "afgoerelse", "date": day, "paragraph": paragraph,
            "measure": "M1", "outcome": "bevilget", **extra}  # fmt: skip


# ------------------------------------------------------------------ ungeplan (BL § 108)


def test_a_placement_of_a_16_year_old_needs_an_ungeplan_under_barnets_lov() -> None:
    # Born 01.03.2008: 16 on Fri 01.03.2024, the day of the § 46 decision ("fyldt 16 år").
    # BL § 108 stk. 2-3: an ungeplan within 3 months, as § 91 stk. 2: due Sat 01.06.2024.
    case = _case("2008-03-01", [_decision("2024-03-01", "BL 46")])
    (d,) = _both(case, date(2024, 4, 1), PLAN_RULES)
    assert (d.rule_id, d.due, d.status, d.citation) == (
        "barnets-plan-anbringelse", date(2024, 6, 1), Status.OPEN, "BL § 91, stk. 2",
    )  # fmt: skip
    assert [n.key for n in d.notes] == ["plan.youth"]
    assert "planen er en ungeplan (BL § 108)" in d.explain("da")
    assert "ungeplan (youth plan, BL § 108)" in d.explain("en")


def test_a_day_before_the_16th_birthday_it_is_a_barnets_plan() -> None:
    # Born 02.03.2008: 15 on the decision day 01.03.2024; same due date, no ungeplan note.
    case = _case("2008-03-02", [_decision("2024-03-01", "BL 46")])
    (d,) = _both(case, date(2024, 4, 1), PLAN_RULES)
    assert (d.due, d.notes) == (date(2024, 6, 1), ())
    assert "ungeplan" not in d.explain("da")


def test_a_support_decision_for_a_17_year_old_decides_on_an_ungeplan() -> None:
    # BL § 108 stk. 1 nr. 3: the municipality decides whether an ungeplan is needed; it
    # recorded no (barnets_plan = false): not applicable, and the note names the ungeplan.
    case = _case("2007-01-15", [_decision("2024-05-01", "BL 32", barnets_plan=False)])
    (d,) = _both(case, date(2024, 6, 1), PLAN_RULES)
    assert d.status == Status.NOT_APPLICABLE
    assert [n.key for n in d.notes] == ["plan.youth", "plan.not_needed"]


def test_under_serviceloven_the_handleplan_of_a_16_year_old_sets_transition_goals() -> None:
    # Born 10.01.2007: 16 on 10.01.2023; SEL § 52 stk. 3 nr. 7 decision on Wed 01.03.2023:
    # the handleplan before the decision (SEL § 140 stk. 1), with goals for the transition
    # (stk. 2); no ungeplan under Serviceloven.
    case = _case(
        "2007-01-10",
        [_decision("2023-03-01", "SEL 52 stk. 3 nr. 7"),
         {"id": "P", "type": "barnets_plan", "date": "2023-02-20"}],
    )  # fmt: skip
    (d,) = _both(case, date(2023, 4, 1), PLAN_RULES)
    assert (d.due, d.status, d.met_by) == (date(2023, 3, 1), Status.MET, "P")
    assert d.notes[0].key == "plan.youth"
    text = d.explain("da")
    assert "overgangen til voksenlivet (SEL § 140, stk. 2)" in text
    assert "ungeplan" not in text


def test_the_age_is_the_vocabularys() -> None:
    words = vocabulary()
    for day in (date(2023, 12, 31), date(2024, 1, 1)):
        assert (words.age("youth_plan", day).years, words.age("contact_person_end", day).years) == (
            16, 19,
        )  # fmt: skip
    assert {r.param("youth_age_of") for r in default_rules() if r.id in PLAN_RULES} == {
        "youth_plan"
    }


# ------------------------------------------------------------------ contact person to 19


def _aftercare(paragraph: str, start: str, end: str | None = None) -> list[dict[str, Any]]:
    out = [
        {"id": "E0", "type": "sagsbehandler_tildelt", "date": "2021-01-04", "caseworker": "CW"},
        {"id": "D9", "type": "afgoerelse", "date": start, "paragraph": paragraph, "measure": "M9"},
        {"id": "S9", "type": "foranstaltning_start", "date": start, "measure": "M9"},
    ]
    if end is not None:
        out.append({"id": "X9", "type": "foranstaltning_slut", "date": end, "measure": "M9"})
    return out


def test_a_bl_115_stk_2_contact_person_ends_at_19() -> None:
    # Born 20.06.2006: 18 on 20.06.2024, contact person under BL § 115 stk. 2 from then; 19 on
    # Fri 20.06.2025. Running on 01.07.2025 with no end: overdue.
    case = _case("2006-06-20", _aftercare("BL 115 stk. 2", "2024-06-20"))
    (d,) = _both(case, date(2025, 7, 1), (CONTACT,))
    assert (d.due, d.status, d.citation, d.measure) == (
        date(2025, 6, 20), Status.OVERDUE, "BL § 115, stk. 2", "M9",
    )  # fmt: skip
    assert "19. år" in d.explain("da")
    # ended on the birthday: met (and the 23 milestone, far off, is not yet listed)
    ended = _case("2006-06-20", _aftercare("BL 115 stk. 2", "2024-06-20", "2025-06-20"))
    (m,) = _both(ended, date(2025, 7, 1), (CONTACT,))
    assert (m.status, m.met_by) == (Status.MET, "X9")


def test_a_sel_76_stk_6_contact_person_ends_at_19() -> None:
    # Born 01.02.2004: 18 on 01.02.2022 (SEL § 76 stk. 6), 19 on Wed 01.02.2023 under
    # Serviceloven; open from 12 months before.
    case = _case("2004-02-01", _aftercare("SEL 76 stk. 6", "2022-02-01"))
    (d,) = _both(case, date(2022, 6, 1), (CONTACT,))
    assert (d.due, d.status, d.citation) == (date(2023, 2, 1), Status.OPEN, "SEL § 76, stk. 6")


@pytest.mark.parametrize("paragraph", ["BL 115", "BL 115 stk. 1", "BL 114", None])
def test_other_support_after_18_has_no_19_deadline(paragraph: str | None) -> None:
    # stk. 1 (placed without consent) runs to 23; a measure without a paragraph is not known to
    # be a § 115 stk. 2 contact person; no case without such a measure gets a 19 deadline.
    events = _aftercare(paragraph or "BL 114", "2024-06-20")
    if paragraph is None:
        del events[1]["paragraph"]
    case = _case("2006-06-20", events)
    assert _both(case, date(2025, 7, 1), (CONTACT,)) == []
    assert len(_both(case, date(2028, 7, 1), (AFTERCARE,))) == 1


# ------------------------------------------------------------------ transition: from the 16th birthday


def _disabled(birth: str, events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-T",
            "child": {"id": "B-T", "birth_date": birth, "disability": True},
            "events": [{"id": "K", "type": "kontakt", "date": "2020-01-06"}, *events],
        }
    )


@pytest.mark.parametrize(
    ("birth", "citation", "sixteen", "eighteen"),
    [
        # SEL § 19 a (in force 2021-01-01): 16 on Thu 01.07.2021, due Sat 01.07.2023.
        ("2005-07-01", "SEL § 19 a", date(2021, 7, 1), date(2023, 7, 1)),
        # BL § 122 stk. 1 / § 123 stk. 3: 16 on Thu 15.02.2024, due Sun 15.02.2026.
        ("2008-02-15", "BL §§ 122-123", date(2024, 2, 15), date(2026, 2, 15)),
    ],
)
def test_the_transition_runs_from_the_16th_birthday_and_the_kum_is_only_noted(
    birth: str, citation: str, sixteen: date, eighteen: date
) -> None:
    kum = {"id": "KUM", "type": "koordinerende_ungemoede",
           "date": (sixteen.replace(year=sixteen.year - 1)).isoformat()}  # fmt: skip
    case = _disabled(birth, [kum])
    (d,) = _both(case, sixteen, ("overgang-voksen",))
    assert (d.citation, d.trigger, d.trigger_on, d.due, d.status) == (
        citation, None, sixteen, eighteen, Status.OPEN,
    )  # fmt: skip
    assert [n.key for n in d.notes][-1] == "kum.present"
    assert "kommunens egen praksis, ikke lov" in d.explain("da")
    # Without a KUM the deadline is the same, and the note says none is recorded.
    (bare,) = _both(_disabled(birth, []), sixteen, ("overgang-voksen",))
    assert (bare.due, bare.trigger_on, bare.notes[-1].key) == (eighteen, sixteen, "kum.missing")


def test_the_kum_before_16_is_municipal_practice_and_off_by_default() -> None:
    kum = default_rules()["kum-16"]
    assert (kum.source, kum.enabled, [v.law for v in kum.versions]) == ("kommune", False, ["KOMMUNE"])
    assert default_rules()["overgang-voksen"].trigger == ()


# ------------------------------------------------------------------ BL § 156 stk. 5


def test_supervision_paragraph_is_confirmed_and_only_the_reading_is_open() -> None:
    bl = default_rules()["tilsynsbesoeg"].version_on(date(2024, 1, 1))
    assert bl is not None
    assert bl.citation == "BL § 156, stk. 5"
    assert "mindst to årlige tilsynsbesøg på anbringelsesstedet" in bl.note
    assert "confirmed" in bl.note
    assert "'to årlige' is open" in bl.note
    assert bl.confidence == "partly"  # the reading, not the paragraph
