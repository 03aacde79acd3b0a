"""The audit: each check on small hand-built cases, the seed-004 table, properties."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boernesag.audit import AuditSettings, CheckStatus, Severity, audit, audit_case, audit_caseload
from boernesag.audit.render import to_html, to_markdown
from boernesag.caseio import case_from_mapping
from boernesag.cli import main
from boernesag.demo import demo_caseload
from boernesag.model import Case, Caseload, Event, EventType

AS_OF = date(2025, 6, 30)


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


def codes(case: Case, as_of: date = AS_OF, **kw: Any) -> list[tuple[str, str]]:
    return sorted((f.check_id, f.code) for f in audit(case, as_of, **kw))


# A clean 2024 case: every deadline met, a conversation within 6 months, current plan.
CLEAN = [
    {"id": "W", "type": "sagsbehandler_tildelt", "date": "2024-09-01", "caseworker": "CW-1"},
    {"id": "U", "type": "underretning", "at": "2024-09-02T10:00:00+02:00", "professional": True},
    {"id": "V", "type": "underretning_vurderet", "at": "2024-09-02T15:00:00+02:00", "ref": "U"},
    {"id": "K", "type": "kvittering_sendt", "date": "2024-09-04", "ref": "U"},
    {"id": "B0", "type": "bfu_startet", "date": "2024-09-10"},
    {"id": "S1", "type": "boernesamtale", "date": "2024-09-20"},
    {"id": "B1", "type": "bfu_afsluttet", "date": "2024-11-15"},
    {
        "id": "D",
        "type": "afgoerelse",
        "date": "2024-11-25",
        "paragraph": "BL 32",
        "measure": "M1",
        "outcome": "bevilget",
        "partshoering": True,
        "begrundelse": True,
        "klagevejledning": True,
        "barnets_plan": True,
    },
    {"id": "P", "type": "barnets_plan", "date": "2024-12-10"},
    {
        "id": "M",
        "type": "foranstaltning_start",
        "date": "2024-12-02",
        "measure": "M1",
        "paragraph": "BL 32",
    },
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


def test_clean_case_has_no_findings_and_all_relevant_checks_met() -> None:
    case = make_case(CLEAN)
    assert audit(case, AS_OF) == []
    result = audit_case(case, AS_OF)
    assert result.status("bfu") is CheckStatus.MET
    assert result.status("opfoelgning") is CheckStatus.MET
    assert result.status("overgang") is CheckStatus.NOT_RELEVANT
    assert result.status("lukning") is CheckStatus.NOT_RELEVANT


def _replace(events: list[dict[str, Any]], event_id: str, **changes: Any) -> list[dict[str, Any]]:
    return [({**e, **changes} if e["id"] == event_id else e) for e in events]


def _drop(events: list[dict[str, Any]], *ids: str) -> list[dict[str, Any]]:
    return [e for e in events if e["id"] not in ids]


def test_decision_without_bfu() -> None:
    case = make_case(_drop(CLEAN, "B0", "B1"))
    found = audit(case, AS_OF)
    missing = [f for f in found if f.code == "bfu.missing"]
    assert len(missing) == 1
    assert missing[0].events == ("D",)
    assert missing[0].citation == "BL § 20, stk. 3"
    assert missing[0].severity is Severity.HIGH
    assert audit_case(case, AS_OF).status("bfu") is CheckStatus.NOT_MET


def test_late_bfu_with_and_without_interim_assessment() -> None:
    late = _replace(CLEAN, "B1", date="2025-01-20")  # due 02.01.2025 (4 months after 02.09.2024)
    found = [f for f in audit(make_case(late), AS_OF) if f.code == "bfu.late"]
    assert [(f.severity, f.day) for f in found] == [(Severity.HIGH, date(2025, 1, 2))]
    assert "uden foreløbig vurdering" in found[0].explanation
    with_interim = [*late, {"id": "I", "type": "foreloebig_vurdering", "date": "2024-12-30"}]
    found = [f for f in audit(make_case(with_interim), AS_OF) if f.code == "bfu.late"]
    assert [f.severity for f in found] == [Severity.MEDIUM]


def test_stale_bfu_when_measure_type_changes() -> None:
    events = [
        *CLEAN,
        {
            "id": "D2",
            "type": "afgoerelse",
            "date": "2025-05-01",
            "paragraph": "BL 46",
            "measure": "M2",
            "outcome": "bevilget",
            "partshoering": True,
            "begrundelse": True,
            "klagevejledning": True,
        },
        {"id": "S3", "type": "boernesamtale", "date": "2025-04-20"},
        {"id": "P2", "type": "barnets_plan", "date": "2025-05-10"},
    ]
    found = [f for f in audit(make_case(events), AS_OF) if f.check_id == "bfu"]
    assert [(f.code, f.events) for f in found] == [("bfu.stale.type", ("B1", "D2"))]
    assert audit_case(make_case(events), AS_OF).status("bfu") is CheckStatus.PARTLY


def test_stale_bfu_by_age_and_aging() -> None:
    found = {f.code for f in audit(make_case(CLEAN), date(2028, 1, 10))}
    assert "bfu.stale.age" in found
    assert "bfu.stale.aging" in found


def test_missing_and_outdated_plan() -> None:
    found = codes(make_case(_drop(CLEAN, "P")))
    assert ("barnets-plan", "plan.missing") in found
    later = audit(make_case(CLEAN), date(2026, 2, 1))
    assert any(f.code == "plan.outdated" for f in later)


def test_no_conversation_in_six_months_and_before_decision() -> None:
    found = codes(make_case(_drop(CLEAN, "S2")))
    assert ("boernesamtale", "samtale.none") in found
    assert ("boernesamtale", "samtale.before") not in found
    found = codes(make_case(_drop(CLEAN, "S1")))
    assert ("boernesamtale", "samtale.after") in found  # S2 came after the decision
    found = codes(make_case(_drop(CLEAN, "S1", "S2")))
    assert ("boernesamtale", "samtale.before") in found
    infant = make_case(_drop(CLEAN, "S1", "S2"), birth="2024-01-01")  # under samtale_min_age
    assert ("boernesamtale", "samtale.none") not in codes(infant)


def test_followups_each_late_or_missing_counted() -> None:
    late_first = _replace(CLEAN, "F1", date="2025-03-20")  # due 02.03.2025
    found = [f for f in audit(make_case(late_first), AS_OF) if f.check_id == "opfoelgning"]
    assert [(f.code, f.severity) for f in found] == [("followup.first", Severity.MEDIUM)]
    missing_later = _drop(CLEAN, "F2")  # 20.02 + 4 months = 20.06.2025: overdue on 30.06
    found = [f for f in audit(make_case(missing_later), AS_OF) if f.check_id == "opfoelgning"]
    assert [(f.code, f.severity, f.day) for f in found] == [
        ("followup.later", Severity.HIGH, date(2025, 6, 20))
    ]


def test_no_interval_recorded_is_a_finding() -> None:
    no_interval = [{k: v for k, v in e.items() if k != "interval_months"} for e in CLEAN]
    found = [f for f in audit(make_case(no_interval), AS_OF) if f.code == "followup.interval"]
    assert [(f.events, f.citation) for f in found] == [(("F1",), "BL § 95, stk. 3")]


def test_decision_requirements_and_full_grant_exception() -> None:
    events = _replace(CLEAN, "D", partshoering=False, begrundelse=None, klagevejledning=None)
    found = [f for f in audit(make_case(events), AS_OF) if f.check_id == "afgoerelser"]
    # A full grant needs no begrundelse or klagevejledning (FVL §§ 22, 25).
    assert [(f.code, f.citation) for f in found] == [("decision.field.false", "FVL § 19")]
    refused = _replace(
        CLEAN, "D", outcome="delvist_bevilget", begrundelse=False, klagevejledning=None
    )
    found = sorted(
        (f.code, f.citation)
        for f in audit(make_case(refused), AS_OF)
        if f.check_id == "afgoerelser"
    )
    assert found == [
        ("decision.field.false", "FVL §§ 22 og 24"),
        ("decision.field.none", "FVL § 25"),
    ]


def test_same_decision_twice_after_caseworker_change() -> None:
    events = [
        *CLEAN,
        {"id": "W2", "type": "sagsbehandler_tildelt", "date": "2025-03-01", "caseworker": "CW-2"},
        {
            "id": "D2",
            "type": "afgoerelse",
            "date": "2025-04-15",
            "paragraph": "BL 32",
            "measure": "M1",
            "outcome": "bevilget",
            "partshoering": True,
            "begrundelse": True,
            "klagevejledning": True,
        },
    ]
    found = [f for f in audit(make_case(events), AS_OF) if f.code == "decision.repeat"]
    assert len(found) == 1
    assert found[0].events == ("D", "D2")
    assert "skift af sagsbehandler" in found[0].explanation


def test_gap_after_caseworker_change() -> None:
    events = [
        *_drop(CLEAN, "S2", "F2"),
        {"id": "W2", "type": "sagsbehandler_tildelt", "date": "2025-02-25", "caseworker": "CW-2"},
    ]
    gaps = [f for f in audit(make_case(events), AS_OF) if f.code == "gap"]
    # Last activity 25.02.2025 (the change) to 30.06.2025: 125 days, starting at the change.
    assert [(f.day, dict(f.args)["days"], f.severity, f.events) for f in gaps] == [
        (date(2025, 2, 25), 125, Severity.HIGH, ("W2",))
    ]


def test_waiting_time() -> None:
    events = _replace(CLEAN, "M", date="2025-02-01")  # 68 days after the decision 25.11.2024
    found = [f for f in audit(make_case(events), AS_OF) if f.check_id == "ventetid"]
    assert [(f.code, dict(f.args)["days"]) for f in found] == [("wait", 68)]


def test_transition_findings() -> None:
    events = [
        {"id": "W", "type": "sagsbehandler_tildelt", "date": "2023-01-10", "caseworker": "CW-1"},
        {"id": "A", "type": "ansoegning", "date": "2023-01-10"},
        {"id": "K1", "type": "kontakt", "date": "2024-11-01"},
        {"id": "K2", "type": "kontakt", "date": "2025-02-01"},
        {"id": "K3", "type": "kontakt", "date": "2025-05-01"},
    ]
    case = make_case(events, birth="2008-06-15", disability=True)
    found = [f for f in audit(case, date(2026, 7, 1)) if f.check_id == "overgang"]
    assert sorted(f.code for f in found) == ["transition.handover", "transition.kum"]


def test_underretning_late_and_closing_without_reason() -> None:
    events = _replace(CLEAN, "K", date="2024-09-20")
    found = [f for f in audit(make_case(events), AS_OF) if f.check_id == "underretninger"]
    assert [(f.rule_id, f.citation) for f in found] == [
        ("underretning-kvittering", "BL § 138, stk. 1")
    ]
    closed = make_case(
        [
            {"id": "U", "type": "underretning", "date": "2024-01-10"},
            {"id": "L", "type": "sag_lukket", "date": "2024-02-01"},
        ]
    )
    assert ("lukning", "closed") in codes(closed)
    with_reason = make_case(
        [
            {"id": "U", "type": "underretning", "date": "2024-01-10"},
            {"id": "L", "type": "sag_lukket", "date": "2024-02-01", "reason": "ingen bekymring"},
        ]
    )
    assert ("lukning", "closed") not in codes(with_reason)


def test_settings_change_thresholds() -> None:
    events = _replace(CLEAN, "M", date="2024-12-20")  # 25 days
    assert not [f for f in audit(make_case(events), AS_OF) if f.check_id == "ventetid"]
    strict = AuditSettings(max_wait_days=20)
    assert [
        f.code for f in audit(make_case(events), AS_OF, settings=strict) if f.check_id == "ventetid"
    ] == ["wait"]


def test_english_explanations_and_no_cpr() -> None:
    case = make_case(_drop(CLEAN, "P"))
    text = " ".join(f.explain("en") for f in audit(case, AS_OF))
    assert "child's plan is missing" in text


# ------------------------------------------------------------------ the caseload table (seed 004)


def _bfu_case(i: int, *, present: bool, relevant: bool) -> Case:
    events: list[dict[str, Any]] = [
        {
            "id": "W",
            "type": "sagsbehandler_tildelt",
            "date": "2025-01-02",
            "caseworker": f"CW-{i % 3}",
        }
    ]
    if relevant:
        if present:
            events += [
                {"id": "B0", "type": "bfu_startet", "date": "2025-01-05"},
                {"id": "B1", "type": "bfu_afsluttet", "date": "2025-03-01"},
            ]
        events.append(
            {
                "id": "D",
                "type": "afgoerelse",
                "date": "2025-03-10",
                "paragraph": "BL 32",
                "measure": "M1",
                "outcome": "bevilget",
                "partshoering": True,
                "begrundelse": True,
                "klagevejledning": True,
            }
        )
    return make_case(events, case_id=f"K-{i:03d}")


def test_caseload_table_like_seed_004() -> None:
    # Seed 004: § 50 relevant in 75 of 100 cases, present in 47 % of them (35 of 75).
    cases = [_bfu_case(i, present=i < 35, relevant=i < 75) for i in range(100)]
    report = audit_caseload(Caseload(cases=cases), date(2025, 4, 1))
    bfu = next(c for c in report.checks if c.check_id == "bfu")
    assert (bfu.relevant, bfu.met, bfu.not_met, bfu.not_relevant) == (75, 35, 40, 25)
    assert bfu.pct_met == pytest.approx(46.7)
    assert sum(v["cases"] for v in report.by_caseworker.values()) == 100
    assert report.worst[0].score >= report.worst[-1].score
    data = json.loads(json.dumps(report.to_dict()))
    assert data["checks"][1]["check_id"] == "bfu"


def test_report_renders_and_lists_changes() -> None:
    report = audit_caseload(demo_caseload(60), AS_OF)
    md = to_markdown(report)
    assert md.startswith("# Sagsgennemgang pr. man 30.06.2025")
    assert "| Børnefaglig undersøgelse |" in md
    page = to_html(report, "en")
    assert "<table>" in page
    assert "@media print" in page
    assert report.changes
    assert all(c.day <= AS_OF for c in report.changes)


def test_report_frames() -> None:
    pytest.importorskip("pandas")
    from boernesag.audit.render import findings_frame, report_frame

    report = audit_caseload(demo_caseload(40), AS_OF)
    table = report_frame(report)
    assert list(table["check_id"]) == [c.check_id for c in report.checks]
    frame = findings_frame(report)
    assert len(frame) == sum(len(c.findings) for c in report.cases)
    assert str(frame["date"].dtype).startswith("datetime64")


def test_cli_audit(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["audit", "--demo", "--demo-size", "30", "--as-of", "2025-06-30", "--format", "json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["cases"] == 30
    assert (
        main(
            [
                "audit",
                "--demo",
                "--demo-size",
                "30",
                "--as-of",
                "2025-06-30",
                "--format",
                "csv",
                "--findings",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("case_id,check_id,code,severity")
    assert "****" not in out


# ------------------------------------------------------------------ properties

DEADLINE_CODES = {
    "bfu.late",
    "plan.missing",
    "plan.late",
    "samtale.before",
    "samtale.after",
    "followup.first",
    "followup.later",
    "transition.eftervaern",
    "transition.handover",
    "deadline",
}


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 400))
def test_case_meeting_every_deadline_has_no_deadline_findings(index: int) -> None:
    case = demo_caseload(index + 1, lapse_rate=0.0, seed=11).cases[index]
    assert not [f for f in audit(case, AS_OF) if f.code in DEADLINE_CODES]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 200), st.dates(date(2021, 1, 1), AS_OF))
def test_adding_a_followup_only_removes_followup_findings(index: int, day: date) -> None:
    case = demo_caseload(index + 1, lapse_rate=1.0, seed=13).cases[index]
    before = {
        f
        for f in audit(case, AS_OF)
        if f.check_id == "opfoelgning" and f.code != "followup.interval"
    }
    extra = Event(id="X-F", type=EventType.OPFOELGNING, date=day, measure="M1")
    after_case = attrs.evolve(case, events=(*case.events, extra))
    after = {
        f
        for f in audit(after_case, AS_OF)
        if f.check_id == "opfoelgning" and f.code != "followup.interval"
    }
    assert len(after) <= len(before)
