"""The audit, check by check, on small hand-built cases with the exact expected findings.

Each finding is compared as (code, severity, day, events, ongoing); dates are worked out in
the comments. The base case CLEAN meets every duty (Barnets Lov, 2024-2025); each test
breaks one thing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from boernesag.audit import (
    CHECKS,
    AuditSettings,
    CheckStatus,
    Finding,
    Severity,
    audit,
    audit_case,
)
from boernesag.caseio import case_from_mapping
from boernesag.law import default_rules
from boernesag.model import Case

AS_OF = date(2025, 6, 30)
D = date.fromisoformat

Row = tuple[str, str, date | None, tuple[str, ...], bool]


def make_case(
    events: list[dict[str, Any]],
    *,
    birth: str = "2015-05-03",
    case_id: str = "K-A",
    disability: bool = False,
) -> Case:
    return case_from_mapping(
        {
            "case_id": case_id,
            "child": {"id": "B-A", "birth_date": birth, "disability": disability},
            "events": events,
        }
    )


def dec(event_id: str, day: str, **fields: Any) -> dict[str, Any]:
    """A granted decision with every FVL requirement recorded as met."""
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


def drop(events: list[dict[str, Any]], *ids: str) -> list[dict[str, Any]]:
    return [e for e in events if e["id"] not in ids]


def replace(events: list[dict[str, Any]], event_id: str, **changes: Any) -> list[dict[str, Any]]:
    return [({**e, **changes} if e["id"] == event_id else e) for e in events]


def rows(case: Case, check: str | None = None, as_of: date = AS_OF, **kw: Any) -> list[Row]:
    return [
        (f.code, f.severity.value, f.day, f.events, f.ongoing)
        for f in audit(case, as_of, **kw)
        if check is None or f.check_id == check
    ]


# A 2024 case meeting every duty: underretning assessed in 5 hours and acknowledged in 2
# working days; BFU from 10.09 to 15.11.2024 (due 02.01.2025: 4 months from the
# underretning); conversation before the decision 25.11.2024 (BL § 32, plan decided);
# plan 10.12.2024 (due 25.02.2025); measure from 02.12.2024; first follow-up 20.02.2025
# (due 02.03.2025) setting 4 months; next 10.06.2025 (due 20.06.2025); a conversation
# 01.04.2025 (within ½ year of 30.06.2025); never more than 72 days without activity.
CLEAN: list[dict[str, Any]] = [
    {
        "id": "W",
        "type": "sagsbehandler_tildelt",
        "date": "2024-09-01",
        "caseworker": "CW-1",
        "team": "T-1",
    },
    {"id": "U", "type": "underretning", "at": "2024-09-02T10:00:00+02:00", "professional": True},
    {"id": "V", "type": "underretning_vurderet", "at": "2024-09-02T15:00:00+02:00", "ref": "U"},
    {"id": "K", "type": "kvittering_sendt", "date": "2024-09-04", "ref": "U"},
    {"id": "B0", "type": "bfu_startet", "date": "2024-09-10"},
    {"id": "S1", "type": "boernesamtale", "date": "2024-09-20"},
    {"id": "B1", "type": "bfu_afsluttet", "date": "2024-11-15"},
    dec("D", "2024-11-25", barnets_plan=True),
    {
        "id": "M",
        "type": "foranstaltning_start",
        "date": "2024-12-02",
        "measure": "M1",
        "paragraph": "BL 32",
    },
    {"id": "P", "type": "barnets_plan", "date": "2024-12-10"},
    {
        "id": "F1",
        "type": "opfoelgning",
        "date": "2025-02-20",
        "measure": "M1",
        "interval_months": 4,
    },
    {"id": "S2", "type": "boernesamtale", "date": "2025-04-01"},
    {"id": "F2", "type": "opfoelgning", "date": "2025-06-10", "measure": "M1"},
]


def test_clean_case_has_no_findings_and_the_relevant_checks_are_met() -> None:
    result = audit_case(make_case(CLEAN), AS_OF)
    assert result.findings == ()
    assert {r.check_id: r.status for r in result.results} == {
        "bfu": CheckStatus.MET,
        "bfu-rettidig": CheckStatus.MET,
        "boernesamtale": CheckStatus.MET,
        "barnets-plan": CheckStatus.MET,
        "plan-rettidig": CheckStatus.MET,
        "opfoelgning": CheckStatus.MET,
        "underretninger": CheckStatus.MET,
        "afgoerelser": CheckStatus.MET,
        "ventetid": CheckStatus.MET,
        "huller": CheckStatus.MET,
        "tilsyn": CheckStatus.NOT_RELEVANT,
        "overgang": CheckStatus.NOT_RELEVANT,
        "klager": CheckStatus.NOT_RELEVANT,
        "lukning": CheckStatus.NOT_RELEVANT,
        "kommunale-maal": CheckStatus.NOT_RELEVANT,
    }
    assert result.caseworker == "CW-1"
    assert result.team == "T-1"


def test_every_check_is_registered_once_in_report_order() -> None:
    ids = [c.id for c in CHECKS]
    # BDO, Randers 2016: its four themes, presence and timeliness of BFU and plan apart.
    assert ids[:6] == [
        "bfu",
        "bfu-rettidig",
        "boernesamtale",
        "barnets-plan",
        "plan-rettidig",
        "opfoelgning",
    ]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- underretninger


def test_underretning_never_assessed_is_critical_until_the_case_is_acted_on() -> None:
    lone = make_case([{"id": "U", "type": "underretning", "at": "2025-06-20T10:00:00+02:00"}])
    assert rows(lone, "underretninger") == [
        ("underretning.not_assessed", "critical", D("2025-06-21"), ("U",), True)
    ]
    f = audit(lone, AS_OF)[0]
    assert f.rule_id == "underretning-vurdering"
    assert f.citation == "BL § 136, stk. 2"
    assert f.explain() == (
        "Underretningen fre 20.06.2025 10:00 er ikke vurderet inden 24 timer "
        "(frist lør 21.06.2025 10:00) (BL § 136, stk. 2)"
    )
    # Investigated since: still a finding, but history, not an open danger.
    assert rows(make_case(drop(CLEAN, "V")), "underretninger") == [
        ("underretning.not_assessed", "critical", D("2024-09-03"), ("U",), False)
    ]


def test_underretning_assessed_late_and_acknowledged_late() -> None:
    late = replace(replace(CLEAN, "V", at="2024-09-03T11:00:00+02:00"), "K", date="2024-09-20")
    # 24 hours from 02.09 10:00 = 03.09 10:00; 6 hverdage from Monday 02.09 = 10.09.
    assert rows(make_case(late), "underretninger") == [
        ("underretning.assessed_late", "high", D("2024-09-03"), ("U", "V"), False),
        ("kvittering.late", "low", D("2024-09-10"), ("U", "K"), False),
    ]
    assert audit_case(make_case(late), AS_OF).status("underretninger") is CheckStatus.PARTLY


# --------------------------------------------------------------------------- BFU


def test_decision_without_any_bfu() -> None:
    case = make_case(drop(CLEAN, "B0", "B1"))
    # The decision had no investigation behind it, and the underretning's own 4 months (from
    # the awareness, BL § 20 stk. 3, with no investigation recorded) ran out on 02.01.2025.
    assert rows(case, "bfu") == [
        ("bfu.missing", "high", D("2024-11-25"), ("D",), True),
        ("bfu.overdue", "high", D("2025-01-02"), ("U",), True),
    ]
    f = audit(case, AS_OF)[0]
    assert (f.rule_id, f.citation) == ("bfu-afslutning", "BL § 20")
    assert f.explain("en") == (
        "Decision on BL § 32 Mon 25.11.2024 without a child protection investigation (BFU) "
        "(BL § 20)"
    )
    assert audit_case(case, AS_OF).status("bfu") is CheckStatus.NOT_MET


def test_decision_before_the_bfu_was_finished_and_the_bfu_overdue() -> None:
    case = make_case(drop(CLEAN, "B1"))
    # Aware 02.09.2024 (the underretning) + 4 months = 02.01.2025; never finished.
    assert rows(case, "bfu") == [
        ("bfu.overdue", "high", D("2025-01-02"), ("U",), True),
        ("bfu.unfinished", "medium", D("2024-11-25"), ("D", "B0"), True),
    ]
    assert "uden foreløbig vurdering" in audit(case, AS_OF)[0].explain()


def test_bfu_late_without_and_with_a_foreloebig_vurdering() -> None:
    late = replace(CLEAN, "B1", date="2025-01-20")
    # Present (BDO, Randers 2016: presence and timeliness are two rows); late in its own row.
    assert [r[0] for r in rows(make_case(late), "bfu")] == ["bfu.unfinished"]  # decided first
    assert [r for r in rows(make_case(late), "bfu-rettidig") if r[0] == "bfu.late"] == [
        ("bfu.late", "medium", D("2025-01-02"), ("U", "B1"), False)
    ]
    assert audit_case(make_case(late), AS_OF).status("bfu-rettidig") is CheckStatus.NOT_MET
    interim = [*late, {"id": "I", "type": "foreloebig_vurdering", "date": "2024-12-30"}]
    found = [f for f in audit(make_case(interim), AS_OF) if f.code == "bfu.late"]
    # With an interim assessment the law allows it (BL § 20 stk. 3): low, partly met.
    assert [(f.severity, f.explain()) for f in found] == [
        (
            Severity.LOW,
            "Børnefaglig undersøgelse afsluttet man 20.01.2025, efter fristen tor 02.01.2025 "
            "(foreløbig vurdering man 30.12.2024) (BL § 20, stk. 3)",
        )
    ]


def test_stale_bfu_when_the_measure_type_changes() -> None:
    events = [
        *CLEAN,
        {"id": "S3", "type": "boernesamtale", "date": "2025-04-20"},
        dec("D2", "2025-05-01", paragraph="BL 46", measure="M2"),
        {
            "id": "M2",
            "type": "foranstaltning_start",
            "date": "2025-05-05",
            "measure": "M2",
            "paragraph": "BL 46",
        },
        {"id": "P2", "type": "barnets_plan", "date": "2025-05-10"},
    ]
    case = make_case(events)
    assert rows(case, "bfu") == [("bfu.stale.type", "medium", D("2025-05-01"), ("B1", "D2"), True)]
    assert audit_case(case, AS_OF).status("bfu") is CheckStatus.PARTLY


def test_stale_bfu_years_apart_not_by_a_birthday() -> None:
    # 15.11.2024 + 24 months = 15.11.2026 < 01.03.2027 (BDO, Randers 2016: years apart).
    later = make_case(CLEAN)
    assert rows(later, "bfu", as_of=D("2027-03-01")) == [
        ("bfu.stale.age", "low", D("2024-11-15"), ("B1",), True)
    ]
    # An uaktuel BFU scores 0 (BDO counts it with the missing ones); the decision it was
    # the basis of then was met, so the case is partly met.
    assert audit_case(later, D("2027-03-01")).status("bfu") is CheckStatus.PARTLY
    # Born 10.01.2012: 12 at the BFU, 13 now - a birthday is no change of the situation.
    assert rows(make_case(CLEAN, birth="2012-01-10"), "bfu") == []
    off = AuditSettings(bfu_max_age_months=None)
    assert rows(make_case(CLEAN), "bfu", as_of=D("2027-03-01"), settings=off) == []


# --------------------------------------------------------------------------- plan


def test_plan_missing_and_not_decided() -> None:
    # BL § 91 stk. 1: 3 months after the decision 25.11.2024 = 25.02.2025.
    missing = make_case(drop(CLEAN, "P"))
    assert rows(missing, "barnets-plan") == [
        ("plan.missing", "high", D("2025-02-25"), ("D",), True)
    ]
    assert audit(missing, AS_OF)[0].citation == "BL § 91, stk. 1"
    undecided = make_case(replace(CLEAN, "D", barnets_plan=None))
    assert rows(undecided, "barnets-plan") == [
        ("plan.not_decided", "low", D("2024-11-25"), ("D",), True)
    ]
    not_needed = make_case(drop(replace(CLEAN, "D", barnets_plan=False), "P"))
    assert audit_case(not_needed, AS_OF).status("barnets-plan") is CheckStatus.NOT_RELEVANT


def test_plan_before_a_placement_without_consent() -> None:
    forced = make_case(replace(CLEAN, "D", paragraph="BL 47"))
    # BL § 91 stk. 2 with § 47: before the decision; the plan came 10.12.2024.
    assert rows(forced, "plan-rettidig") == [
        ("plan.late", "medium", D("2024-11-25"), ("D", "P"), False)
    ]
    # A plan made late is present (BDO, Randers 2016); its lateness is the timeliness row.
    assert rows(forced, "barnets-plan") == []
    assert audit_case(forced, AS_OF).status("barnets-plan") is CheckStatus.MET
    assert audit_case(forced, AS_OF).status("plan-rettidig") is CheckStatus.PARTLY


def test_plan_outdated_years_apart_not_by_a_birthday() -> None:
    # Born 10.01.2012: 12 at the plan, 13 now - a birthday is no change of the situation.
    assert rows(make_case(CLEAN, birth="2012-01-10"), "barnets-plan") == []
    # 10.12.2024 + 24 months (the default) = 10.12.2026 < 05.01.2027.
    assert rows(make_case(CLEAN), "barnets-plan", as_of=D("2027-01-05")) == [
        ("plan.outdated.age", "low", D("2024-12-10"), ("P",), True)
    ]
    by_age = AuditSettings(plan_max_age_months=12)
    assert rows(make_case(CLEAN), "barnets-plan", as_of=D("2026-01-05"), settings=by_age) == [
        ("plan.outdated.age", "low", D("2024-12-10"), ("P",), True)
    ]


# --------------------------------------------------------------------------- børnesamtale


def test_no_conversation_in_the_last_half_year() -> None:
    case = make_case(drop(CLEAN, "S2"))
    assert rows(case, "boernesamtale") == [("samtale.none", "medium", AS_OF, ("S1",), True)]
    assert audit(case, AS_OF, settings=AuditSettings(samtale_months=12)) == [
        f for f in audit(case, AS_OF) if f.check_id != "boernesamtale"
    ]


def test_conversation_before_the_decision() -> None:
    after = make_case(drop(CLEAN, "S1"))
    assert rows(after, "boernesamtale") == [
        ("samtale.after", "medium", D("2024-11-25"), ("D", "S2"), False)
    ]
    none = make_case(drop(CLEAN, "S1", "S2"))
    assert rows(none, "boernesamtale") == [
        ("samtale.before", "high", D("2024-11-25"), ("D",), True),
        ("samtale.none", "medium", AS_OF, (), True),
    ]
    assert audit_case(none, AS_OF).status("boernesamtale") is CheckStatus.NOT_MET


def test_recorded_exception_makes_the_half_year_check_not_relevant() -> None:
    excused = drop(
        replace(CLEAN, "D", boernesamtale_undtagelse="barnet ønsker ikke samtale"),
        "S1",
        "S2",
    )
    excused = [
        *excused,
        dec(
            "D2",
            "2025-03-01",
            measure="M1",
            outcome="forlaenget",
            boernesamtale_undtagelse="barnet ønsker ikke samtale",
        ),
    ]
    assert rows(make_case(excused), "boernesamtale") == []


def test_recently_opened_or_closed_cases_are_not_judged_for_the_half_year() -> None:
    fresh = make_case(
        [
            {"id": "U", "type": "underretning", "date": "2025-03-01"},
            {"id": "V", "type": "underretning_vurderet", "date": "2025-03-01", "ref": "U"},
            {"id": "K", "type": "kvittering_sendt", "date": "2025-03-03", "ref": "U"},
            {"id": "C", "type": "kontakt", "date": "2025-05-01"},
        ]
    )
    assert audit_case(fresh, AS_OF).status("boernesamtale") is CheckStatus.NOT_RELEVANT


# --------------------------------------------------------------------------- opfølgning


def test_first_followup_late() -> None:
    case = make_case(replace(CLEAN, "F1", date="2025-03-20"))
    # 02.12.2024 + 3 months = 02.03.2025.
    assert rows(case, "opfoelgning") == [
        ("followup.first.late", "medium", D("2025-03-02"), ("M", "F1"), False)
    ]
    found = [f for f in audit(case, AS_OF) if f.check_id == "opfoelgning"]
    assert [(f.rule_id, f.citation) for f in found] == [("opfoelgning-foerste", "BL § 95, stk. 2")]


def test_later_followup_missing_at_the_recorded_interval() -> None:
    # 20.02.2025 + the recorded 4 months = 20.06.2025.
    assert rows(make_case(drop(CLEAN, "F2")), "opfoelgning") == [
        ("followup.missed", "high", D("2025-06-20"), ("F1",), True)
    ]


def test_each_missed_followup_is_counted() -> None:
    # Nothing after 10.06.2025: 10.10.2025, 10.02.2026, 10.06.2026, 10.10.2026, 10.02.2027.
    found = rows(make_case(CLEAN), "opfoelgning", as_of=D("2027-03-01"))
    assert [r[2] for r in found] == [
        D("2025-10-10"),
        D("2026-02-10"),
        D("2026-06-10"),
        D("2026-10-10"),
        D("2027-02-10"),
    ]
    assert {r[0] for r in found} == {"followup.missed"}


def test_missed_followup_is_history_once_followups_resumed() -> None:
    # SEL: start 02.01.2023, first due 02.04.2023, none until 01.06.2025 = a whole period late.
    events = [
        dec("D", "2022-12-01", paragraph="SEL 52 stk. 3 nr. 3"),
        {
            "id": "M",
            "type": "foranstaltning_start",
            "date": "2023-01-02",
            "measure": "M1",
            "paragraph": "SEL 52 stk. 3 nr. 3",
        },
        {"id": "F", "type": "opfoelgning", "date": "2025-06-01", "measure": "M1"},
    ]
    found = rows(make_case(events, birth="2012-01-01"), "opfoelgning")
    assert found == [
        ("followup.first.missed", "high", D("2023-04-02"), ("M",), False),
        ("followup.missed", "high", D("2023-10-02"), ("M",), False),
        ("followup.missed", "high", D("2024-04-02"), ("M",), False),
        ("followup.missed", "high", D("2024-10-02"), ("M",), False),
        ("followup.late", "medium", D("2025-04-02"), ("M", "F"), False),
        # The first follow-up came under Barnets Lov, which has the municipality set the
        # interval there (BL § 95 stk. 3).
        ("followup.interval", "low", D("2025-06-01"), ("F",), True),
    ]


def test_no_interval_recorded_under_barnets_lov() -> None:
    case = make_case(replace(CLEAN, "F1", interval_months=None))
    found = [f for f in audit(case, AS_OF) if f.check_id == "opfoelgning"]
    assert [(f.code, f.severity, f.events, f.citation) for f in found] == [
        ("followup.interval", Severity.LOW, ("F1",), "BL § 95, stk. 3")
    ]
    assert found[0].explain() == (
        "Intet opfølgningsinterval fastsat ved første opfølgning på indsatsen M1 "
        "(tor 20.02.2025); regnet med 6 måneder (BL § 95, stk. 3)"
    )


# --------------------------------------------------------------------------- afgørelser


def test_fvl_requirements_false_and_not_documented() -> None:
    case = make_case(replace(CLEAN, "D", partshoering=False, begrundelse=None))
    found = [f for f in audit(case, AS_OF) if f.check_id == "afgoerelser"]
    # A full grant needs no begrundelse or klagevejledning (FVL §§ 22, 25).
    assert [(f.code, f.severity, f.rule_id, f.citation) for f in found] == [
        ("decision.missing", Severity.HIGH, "partshoering", "FVL § 19")
    ]
    refused = make_case(
        replace(CLEAN, "D", outcome="delvist_bevilget", begrundelse=False, klagevejledning=None)
    )
    found = [f for f in audit(refused, AS_OF) if f.check_id == "afgoerelser"]
    assert [(f.code, f.severity, f.rule_id, f.citation) for f in found] == [
        ("decision.missing", Severity.HIGH, "begrundelse", "FVL §§ 22 og 24"),
        ("decision.undocumented", Severity.LOW, "klagevejledning", "FVL § 25"),
    ]
    assert found[1].explain() == (
        "Det er ikke dokumenteret, om afgørelsen man 25.11.2024 (BL § 32) havde "
        "klagevejledning (FVL § 25)"
    )
    assert audit_case(refused, AS_OF).status("afgoerelser") is CheckStatus.NOT_MET


def test_fvl_citations_come_from_the_rule_data() -> None:
    rules = default_rules()
    case = make_case(
        replace(
            CLEAN,
            "D",
            outcome="afslag",
            partshoering=None,
            begrundelse=False,
            klagevejledning=False,
        )
    )
    found = {f.rule_id: f.citation for f in audit(case, AS_OF) if f.check_id == "afgoerelser"}
    for rule_id in ("partshoering", "begrundelse", "klagevejledning"):
        assert rules[rule_id].kind == "requirement"
        assert found[rule_id] == rules[rule_id].versions[0].citation


def test_placement_without_consent_always_needs_reasons_and_guidance() -> None:
    case = make_case(replace(CLEAN, "D", paragraph="BL 47", klagevejledning=None))
    found = [f for f in audit(case, AS_OF) if f.check_id == "afgoerelser"]
    assert [(f.code, f.rule_id) for f in found] == [("decision.undocumented", "klagevejledning")]


SEED_004_CASE: list[dict[str, Any]] = [
    # BDO, Randers 2016: "Der er to gange blevet truffet afgørelse om § 50 undersøgelse – første gang
    # i august ... den 19. november igen" – by another caseworker.
    {"id": "W1", "type": "sagsbehandler_tildelt", "date": "2024-06-01", "caseworker": "A"},
    {"id": "U", "type": "underretning", "at": "2024-06-03T09:00:00+02:00"},
    {"id": "V", "type": "underretning_vurderet", "at": "2024-06-03T12:00:00+02:00", "ref": "U"},
    {"id": "K", "type": "kvittering_sendt", "date": "2024-06-05", "ref": "U"},
    {"id": "S", "type": "boernesamtale", "date": "2024-07-01"},
    dec("D1", "2024-08-10", paragraph="BL 20", measure=None),
    {"id": "W2", "type": "sagsbehandler_tildelt", "date": "2024-10-01", "caseworker": "B"},
    {"id": "C", "type": "kontakt", "date": "2024-10-20"},
    dec("D2", "2024-11-19", paragraph="BL 20", measure=None),
]


def test_the_same_decision_taken_twice_after_a_change_of_caseworker() -> None:
    case = make_case(SEED_004_CASE)
    assert rows(case, "afgoerelser", as_of=D("2024-12-01")) == [
        ("decision.repeated", "medium", D("2024-11-19"), ("D1", "D2", "W2"), False)
    ]
    f = next(f for f in audit(case, D("2024-12-01")) if f.code == "decision.repeated")
    assert f.explain() == (
        "Afgørelse om BL § 20 truffet igen tir 19.11.2024 (først lør 10.08.2024) "
        "efter skift af sagsbehandler tir 01.10.2024"
    )
    assert f.caseworker == "B"


def test_a_new_decision_after_the_matter_was_closed_is_no_repeat() -> None:
    with_bfu = [
        *SEED_004_CASE[:6],
        {"id": "B0", "type": "bfu_startet", "date": "2024-08-12"},
        {"id": "B1", "type": "bfu_afsluttet", "date": "2024-09-30"},
        *SEED_004_CASE[6:],
    ]
    assert rows(make_case(with_bfu), "afgoerelser", as_of=D("2024-12-01")) == []
    # A different outcome (a prolongation) is a different decision.
    prolonged = [*CLEAN, dec("D2", "2025-05-01", outcome="forlaenget")]
    assert rows(make_case(prolonged), "afgoerelser") == []
    again = [*CLEAN, dec("D2", "2025-05-01")]
    assert rows(make_case(again), "afgoerelser") == [
        ("decision.repeated", "medium", D("2025-05-01"), ("D", "D2"), False)
    ]


def test_measure_started_without_a_decision() -> None:
    assert rows(make_case(drop(CLEAN, "D")), "afgoerelser") == [
        ("measure.no_decision", "medium", D("2024-12-02"), ("M",), True)
    ]


# --------------------------------------------------------------------------- ventetid


def test_waiting_time_from_decision_to_start() -> None:
    # 25.11.2024 -> 10.01.2025 = 46 days (limit 30; 90 for "high").
    case = make_case(replace(CLEAN, "M", date="2025-01-10"))
    assert rows(case, "ventetid") == [("wait.long", "medium", D("2025-01-10"), ("D", "M"), False)]
    assert audit(case, AS_OF)[0].explain() == (
        "46 dages ventetid fra afgørelsen man 25.11.2024 til indsatsen M1 startede fre 10.01.2025"
    )
    small = make_case(replace(CLEAN, "M", date="2025-01-10"), birth="2023-05-01")
    assert rows(small, "ventetid")[0][1] == "high"  # BDO, Randers 2016: worst for small children
    assert rows(case, "ventetid", settings=AuditSettings(max_wait_days=60)) == []


def test_measure_never_started() -> None:
    case = make_case(drop(CLEAN, "M", "F1", "F2"))
    assert rows(case, "ventetid") == [("wait.not_started", "high", D("2024-11-25"), ("D",), True)]
    assert "217 dage" in audit_case(case, AS_OF).result("ventetid").findings[0].explain()


# --------------------------------------------------------------------------- huller


def test_past_gap_and_partly_met() -> None:
    # Without S2: nothing between 20.02 and 10.06.2025 (110 days > 90).
    case = make_case(replace(drop(CLEAN, "S2"), "F2", date="2025-06-10"))
    assert rows(case, "huller") == [("gap", "medium", D("2025-02-20"), (), False)]
    assert audit_case(case, AS_OF).status("huller") is CheckStatus.PARTLY


def test_ongoing_gap_at_a_change_of_caseworker_or_team() -> None:
    change = {
        "id": "W2",
        "type": "sagsbehandler_tildelt",
        "date": "2025-03-05",
        "caseworker": "CW-2",
        "team": "T-1",
    }
    case = make_case([*drop(CLEAN, "S2", "F2"), change])
    # The assignment is not casework: inactive from 20.02 to 30.06.2025 = 130 days.
    assert rows(case, "huller") == [("gap.ongoing", "high", D("2025-02-20"), ("W2",), True)]
    assert audit_case(case, AS_OF).status("huller") is CheckStatus.NOT_MET
    text = next(f for f in audit(case, AS_OF) if f.code == "gap.ongoing").explain()
    assert text == (
        "Ingen aktivitet i 130 dage (siden tor 20.02.2025) efter skift af sagsbehandler "
        "ons 05.03.2025"
    )
    team = make_case([*drop(CLEAN, "S2", "F2"), {**change, "caseworker": "CW-1", "team": "T-2"}])
    assert (
        "efter skift af team"
        in next(f for f in audit(team, AS_OF) if f.check_id == "huller").explain()
    )
    changes = audit_case(case, AS_OF).changes
    assert [
        (c.event_id, c.from_caseworker, c.to_caseworker, c.gap_days, c.gap_ongoing) for c in changes
    ] == [("W2", "CW-1", "CW-2", 130, True)]


def test_no_gap_counted_while_the_case_is_closed() -> None:
    events = [
        {"id": "U", "type": "underretning", "date": "2024-01-10"},
        {"id": "V", "type": "underretning_vurderet", "date": "2024-01-10", "ref": "U"},
        {"id": "L", "type": "sag_lukket", "date": "2024-01-20", "reason": "ingen bekymring"},
        {"id": "U2", "type": "underretning", "date": "2025-05-01"},
        {"id": "V2", "type": "underretning_vurderet", "date": "2025-05-01", "ref": "U2"},
    ]
    result = audit_case(make_case(events), AS_OF)
    assert result.result("huller").findings == ()
    assert result.status("huller") is CheckStatus.MET


# --------------------------------------------------------------------------- tilsyn


PLACEMENT: list[dict[str, Any]] = [
    {"id": "W", "type": "sagsbehandler_tildelt", "date": "2024-01-02", "caseworker": "CW-1"},
    {"id": "B0", "type": "bfu_startet", "date": "2024-01-05"},
    {"id": "S", "type": "boernesamtale", "date": "2024-01-20"},
    {"id": "B1", "type": "bfu_afsluttet", "date": "2024-03-01"},
    {"id": "P", "type": "barnets_plan", "date": "2024-03-05"},
    dec("D", "2024-03-10", paragraph="BL 46"),
    {
        "id": "M",
        "type": "foranstaltning_start",
        "date": "2024-03-15",
        "measure": "M1",
        "paragraph": "BL 46",
    },
    {
        "id": "F1",
        "type": "opfoelgning",
        "date": "2024-06-01",
        "measure": "M1",
        "interval_months": 6,
    },
    {"id": "T1", "type": "tilsynsbesoeg", "date": "2024-07-01", "measure": "M1"},
    {"id": "F2", "type": "opfoelgning", "date": "2024-11-20", "measure": "M1"},
    {"id": "C1", "type": "kontakt", "date": "2024-09-15"},
    {"id": "S3", "type": "boernesamtale", "date": "2025-02-01"},
    {"id": "C2", "type": "kontakt", "date": "2025-03-20"},
    {"id": "F3", "type": "opfoelgning", "date": "2025-05-10", "measure": "M1"},
    {"id": "S4", "type": "boernesamtale", "date": "2025-05-10"},
]


def test_supervision_visit_missing() -> None:
    # Visit 01.07.2024, then none: due 01.01.2025 (BL § 156 stk. 5: no gap over 6 months).
    case = make_case(PLACEMENT, birth="2012-03-01")
    assert rows(case, "tilsyn") == [("tilsyn.missed", "high", D("2025-01-01"), ("T1",), True)]
    assert audit(case, AS_OF)[0].citation == "BL § 156, stk. 5"


# --------------------------------------------------------------------------- overgang


TRANSITION_BASE: list[dict[str, Any]] = [
    {"id": "W", "type": "sagsbehandler_tildelt", "date": "2023-01-10", "caseworker": "CW-1"},
    {"id": "A", "type": "ansoegning", "date": "2023-01-10"},
    *(
        {"id": f"C{i}", "type": "kontakt", "date": day}
        for i, day in enumerate(
            [
                "2023-03-01",
                "2023-05-20",
                "2023-08-10",
                "2023-10-20",
                "2024-01-10",
                "2024-04-01",
                "2024-06-20",
                "2024-09-10",
                "2024-12-01",
                "2025-02-20",
                "2025-05-10",
            ]
        )
    ),
    {"id": "S", "type": "boernesamtale", "date": "2025-05-01"},
]


def test_transition_nothing_prepared() -> None:
    # Born 15.07.2007 with a lasting disability: 16 on 15.07.2023 (KUM expected by then: Task
    # forcen, Jammerbugt 2017 "senest inden den unge fylder 16 år"), 18 on 15.07.2025
    # (handover meeting due).
    case = make_case(TRANSITION_BASE, birth="2007-07-15", disability=True)
    assert rows(case, "overgang", as_of=D("2025-07-20")) == [
        ("transition.handover.missing", "high", D("2025-07-15"), (), True),
        ("transition.kum.missing", "medium", D("2023-07-15"), (), True),
    ]
    found = [f for f in audit(case, D("2025-07-20")) if f.check_id == "overgang"]
    assert [f.citation for f in found] == ["SEL § 19 a", "SEL § 19 a"]


def test_transition_late_and_on_time() -> None:
    late = [
        *TRANSITION_BASE,
        {"id": "KUM", "type": "koordinerende_ungemoede", "date": "2024-03-01"},
        {"id": "O", "type": "overleveringsmoede", "date": "2025-07-18"},
    ]
    assert rows(
        make_case(late, birth="2007-07-15", disability=True), "overgang", as_of=D("2025-07-20")
    ) == [
        # issue 12 item 9: the KUM is no longer the transition deadline's trigger (the 16th
        # birthday is), so the handover finding names only the meeting; the KUM finding below
        # still names the KUM
        ("transition.handover.late", "medium", D("2025-07-15"), ("O",), False),
        ("transition.kum.late", "low", D("2023-07-15"), ("KUM",), False),
    ]
    on_time = [
        *TRANSITION_BASE,
        {"id": "KUM", "type": "koordinerende_ungemoede", "date": "2023-06-01"},
        {"id": "O", "type": "overleveringsmoede", "date": "2025-06-18"},
    ]
    result = audit_case(make_case(on_time, birth="2007-07-15", disability=True), D("2025-07-20"))
    assert result.result("overgang").findings == ()
    assert result.status("overgang") is CheckStatus.MET


def test_municipal_kum_rule_replaces_the_setting() -> None:
    rules = default_rules().enable("kum-16")
    case = make_case(TRANSITION_BASE, birth="2007-07-15", disability=True)
    found = [
        f for f in audit(case, D("2025-07-20"), rules=rules) if f.code.startswith("transition.kum")
    ]
    # kum-16: before the 16th birthday, i.e. by 14.07.2023.
    assert [(f.code, f.rule_id, f.day) for f in found] == [
        ("transition.kum.missing", "kum-16", D("2023-07-14"))
    ]


def test_ungestoette_decision_late() -> None:
    events = [
        *PLACEMENT,
        {"id": "T2", "type": "tilsynsbesoeg", "date": "2024-12-20", "measure": "M1"},
        {"id": "T3", "type": "tilsynsbesoeg", "date": "2025-05-10", "measure": "M1"},
        {"id": "C3", "type": "kontakt", "date": "2025-07-20"},
        {"id": "E", "type": "eftervaern_afgoerelse", "date": "2025-09-10"},
    ]
    # Born 01.03.2008: 17 years 6 months on 01.09.2025 (BL § 111 stk. 1).
    assert rows(make_case(events, birth="2008-03-01"), "overgang", as_of=D("2025-09-20")) == [
        ("transition.ungestoette.late", "medium", D("2025-09-01"), ("M", "E"), False)
    ]


# --------------------------------------------------------------------------- klager, mål


def test_complaint_reassessed_late_and_access_request_unanswered() -> None:
    events = [
        *CLEAN,
        {"id": "KL", "type": "klage_modtaget", "date": "2024-12-10", "ref": "D"},
        {"id": "KG", "type": "klage_genvurderet", "date": "2025-01-20", "ref": "KL"},
        {"id": "AA", "type": "aktindsigt_anmodet", "date": "2025-03-03"},
    ]
    found = [f for f in audit(make_case(events), AS_OF) if f.check_id == "klager"]
    # 10.12.2024 + 4 weeks = 07.01.2025; 03.03.2025 + 7 arbejdsdage = 12.03.2025.
    assert [(f.code, f.severity, f.rule_id, f.day, f.ongoing) for f in found] == [
        ("deadline.missed", Severity.MEDIUM, "aktindsigt-svar", D("2025-03-12"), True),
        ("deadline.late", Severity.MEDIUM, "klage-genvurdering", D("2025-01-07"), False),
    ]
    assert found[0].explain() == (
        "Svar på anmodning om aktindsigt: ikke sket (frist ons 12.03.2025) "
        "(FVL § 16, stk. 2 / OFL § 36, stk. 2)"
    )


def test_municipal_targets_only_when_turned_on() -> None:
    case = make_case(CLEAN)
    assert audit_case(case, AS_OF).status("kommunale-maal") is CheckStatus.NOT_RELEVANT
    rules = default_rules().enable("ledelsestilsyn")
    found = [f for f in audit(case, AS_OF, rules=rules) if f.check_id == "kommunale-maal"]
    # Every 3 months from 01.09.2024 without a ledelsestilsyn.
    assert [(f.rule_id, f.day) for f in found] == [
        ("ledelsestilsyn", D("2024-12-01")),
        ("ledelsestilsyn", D("2025-03-01")),
        ("ledelsestilsyn", D("2025-06-01")),
    ]


# --------------------------------------------------------------------------- lukning


BASE_2024: list[dict[str, Any]] = [
    {"id": "W", "type": "sagsbehandler_tildelt", "date": "2024-01-02", "caseworker": "CW-1"},
    {"id": "U", "type": "underretning", "date": "2024-01-10"},
    {"id": "V", "type": "underretning_vurderet", "date": "2024-01-10", "ref": "U"},
    {"id": "K", "type": "kvittering_sendt", "date": "2024-01-11", "ref": "U"},
]


def test_closing_without_reason_or_decision() -> None:
    closed = make_case([*BASE_2024, {"id": "L", "type": "sag_lukket", "date": "2024-02-01"}])
    assert rows(closed, "lukning") == [
        ("closed.no_reason", "medium", D("2024-02-01"), ("L",), False)
    ]
    reasoned = make_case(
        [
            *BASE_2024,
            {"id": "L", "type": "sag_lukket", "date": "2024-02-01", "reason": "ingen bekymring"},
        ]
    )
    assert rows(reasoned, "lukning") == []
    decided = make_case(
        [
            *BASE_2024,
            {"id": "S", "type": "boernesamtale", "date": "2024-01-20"},
            dec("DA", "2024-01-25", measure=None, outcome="afslag"),
            {"id": "L", "type": "sag_lukket", "date": "2024-02-01"},
        ]
    )
    assert rows(decided, "lukning") == []
    assert audit_case(decided, AS_OF).status("lukning") is CheckStatus.MET


def test_closing_while_a_measure_runs() -> None:
    case = make_case(
        [*CLEAN, {"id": "L", "type": "sag_lukket", "date": "2025-06-15", "reason": "praksis"}]
    )
    assert rows(case, "lukning") == [
        ("closed.measure_running", "high", D("2025-06-15"), ("L", "M"), False)
    ]


# --------------------------------------------------------------------------- settings, API


def test_since_keeps_recent_findings_and_whatever_is_unresolved() -> None:
    events = replace(replace(drop(CLEAN, "P"), "K", date="2024-09-20"), "F1", interval_months=None)
    everything = {r[0] for r in rows(make_case(events))}
    assert everything == {"kvittering.late", "plan.missing", "followup.interval"}
    recent = rows(make_case(events), settings=AuditSettings(since=D("2025-03-01")))
    # The late acknowledgement (due 10.09.2024) is history before 01.03.2025; the plan is
    # still missing, and the interval is still not recorded while the measure runs.
    assert recent == [
        ("plan.missing", "high", D("2025-02-25"), ("D",), True),
        ("followup.interval", "low", D("2025-02-20"), ("F1",), True),
    ]


def test_settings_validate_and_parse() -> None:
    with pytest.raises(ValueError, match="gap_days"):
        AuditSettings(gap_days=-1)
    with pytest.raises(ValueError, match="ukendt indstilling"):
        AuditSettings.from_mapping({"gap_dage": "30"})
    s = AuditSettings.from_mapping(
        {
            "gap_days": "60",
            "bfu_max_age_months": "none",
            "since": "2025-01-01",
        }
    )
    assert (s.gap_days, s.bfu_max_age_months, s.since) == (60, None, D("2025-01-01"))
    assert s.to_dict()["since"] == "2025-01-01"


def test_finding_is_typed_frozen_and_serialisable() -> None:
    f = audit(make_case(drop(CLEAN, "P")), AS_OF)[0]
    assert isinstance(f, Finding)
    with pytest.raises(AttributeError):
        f.code = "x"  # type: ignore[misc]
    data = f.to_dict("en")
    assert data == {
        "case_id": "K-A",
        "check_id": "barnets-plan",
        "code": "plan.missing",
        "severity": "high",
        "rule_id": "barnets-plan-stoette",
        "citation": "BL § 91, stk. 1",
        "events": ["D"],
        "date": "2025-02-25",
        "due": "2025-02-25",
        "measure": "M1",
        "ongoing": True,
        "caseworker": "CW-1",
        "explanation": "The child's plan for the decision Mon 25.11.2024 is missing "
        "(due Tue 25.02.2025) (BL § 91, stk. 1)",
        "args": data["args"],
    }
    assert data["args"]["due"] == "2025-02-25"


def test_findings_are_sorted_most_serious_and_unresolved_first() -> None:
    found = audit(make_case(drop(CLEAN, "V", "P", "S2")), AS_OF)
    ranks = [(f.severity.rank, not f.ongoing) for f in found]
    assert ranks == sorted(ranks)


def test_audit_reads_the_case_as_it_stood_on_as_of() -> None:
    # Before the plan was due (25.02.2025), and before the plan existed: nothing to say yet.
    early = audit_case(make_case(drop(CLEAN, "P")), D("2025-01-15"))
    assert early.result("barnets-plan").findings == ()
    # Events after as_of are ignored: on 01.12.2024 the later follow-ups do not exist yet.
    assert audit(make_case(CLEAN), D("2024-12-01")) == []


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(TypeError, match="as_of"):
        audit(make_case(CLEAN), "2025-06-30")  # type: ignore[arg-type]


def test_kum_for_a_case_opened_after_the_16th_birthday() -> None:
    # Born 15.07.2006: 16 on 15.07.2022, before the case opened on 10.01.2023. The KUM cannot
    # have come before the birthday, so it is expected within kum_after_opening_months (3) of
    # the case's first event: by 10.04.2023.
    def kum(day: str) -> list[dict[str, Any]]:
        return [*TRANSITION_BASE, {"id": "KUM", "type": "koordinerende_ungemoede", "date": day}]

    def found(events: list[dict[str, Any]]) -> list[tuple[str, date]]:
        case = make_case(events, birth="2006-07-15", disability=True)
        return [
            (f.code, f.day)
            for f in audit(case, D("2024-07-20"))
            if f.code.startswith("transition.kum")
        ]

    assert found(kum("2023-04-03")) == []
    assert found(kum("2023-05-02")) == [("transition.kum.late", D("2023-04-10"))]
    settings = AuditSettings(kum_after_opening_months=0)
    case = make_case(kum("2023-04-03"), birth="2006-07-15", disability=True)
    late = [f.code for f in audit_case(case, D("2024-07-20"), settings=settings).findings]
    assert "transition.kum.late" in late


# --------------------------------------------------------------------------- BDO's readings


def test_a_running_measure_without_any_decision_has_no_bfu_and_no_plan() -> None:
    """BDO, Randers 2016: a measure running with no decision at all (a placement "visiteret"
    with no papers): its BFU and plan are relevant and missing, besides the decisions'
    finding."""
    case = make_case(drop(CLEAN, "B0", "B1", "D", "P", "F1", "F2"))
    result = audit_case(case, AS_OF)
    # (and the underretning's own 4 months from the awareness ran out, BL § 20 stk. 3)
    assert rows(case, "bfu") == [
        ("bfu.no_decision", "high", D("2024-12-02"), ("M",), True),
        ("bfu.overdue", "high", D("2025-01-02"), ("U",), True),
    ]
    assert rows(case, "barnets-plan") == [
        ("plan.no_decision", "high", D("2024-12-02"), ("M",), True)
    ]
    assert [r[0] for r in rows(case, "afgoerelser")] == ["measure.no_decision"]
    assert result.status("bfu") is CheckStatus.NOT_MET
    assert result.status("barnets-plan") is CheckStatus.NOT_MET
    assert "uden afgørelse" in audit(case, AS_OF)[0].explain()
    # Ended before the audit day: BDO judges the current measure only.
    ended = make_case(
        [
            *drop(CLEAN, "B0", "B1", "D", "P", "F1", "F2", "S2"),
            {"id": "E", "type": "foranstaltning_slut", "date": "2025-01-15", "measure": "M1"},
        ]
    )
    assert [r[0] for r in rows(ended, "bfu")] == ["bfu.overdue"]  # the underretning's own
    assert rows(ended, "barnets-plan") == []
    assert [r[0] for r in rows(ended, "afgoerelser")] == ["measure.no_decision"]


def test_the_plan_row_judges_the_current_measure_a_missed_plan_stays_a_finding() -> None:
    """BDO, Randers 2016: "Sager, hvor der ikke er en aktuel foranstaltning, er ... opført som
    uaktuelt" for the plan; a plan never made for the measure that ended is still a breach of
    BL § 91 stk. 1: a finding in the timeliness row, no longer ongoing."""
    end = {"id": "E", "type": "foranstaltning_slut", "date": "2025-04-30", "measure": "M1"}
    made = make_case([*CLEAN, end])
    result = audit_case(made, AS_OF)
    assert result.status("barnets-plan") is CheckStatus.NOT_RELEVANT
    assert result.status("plan-rettidig") is CheckStatus.MET
    never = make_case([*drop(CLEAN, "P"), end])
    assert audit_case(never, AS_OF).status("barnets-plan") is CheckStatus.NOT_RELEVANT
    assert rows(never, "plan-rettidig") == [
        ("plan.missing", "high", D("2025-02-25"), ("D",), False)
    ]
    # Still running: the presence row's finding, ongoing (and not twice).
    assert rows(make_case(drop(CLEAN, "P")), "plan-rettidig") == []
