"""Handover: the four situations of Socialstyrelsen, »Hvordan overdrages sager?«, their checklists, and the sagsliste rows.

The fixture caseload is hand-built; every expected deadline below is worked out by hand
(comments give the arithmetic) and the deadline engine agrees with it.
"""

from __future__ import annotations

import sys
import types
from datetime import date
from typing import Any

import attrs
import pytest

from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Status
from boernesag.errors import BoernesagError
from boernesag.handover import (
    ITEMS,
    Checklist,
    HandoverKind,
    HandoverSettings,
    Reason,
    Role,
    Scope,
    Situation,
    Urgency,
    build_checklist,
    build_sagsliste,
    handover,
    switch_report,
)
from boernesag.handover.sagsliste import load_audit
from boernesag.law import default_rules
from boernesag.model import Case, Caseload, Caseworker, Event, EventType
from boernesag.paragraphs import Paragraph

AS_OF = date(2025, 3, 3)  # a Monday; no public holiday in March 2025


def cit(rule_id: str, trigger_day: date) -> str:
    """The citation the rule data gives a rule on a trigger day (texts quote it)."""
    version = default_rules()[rule_id].version_on(trigger_day)
    assert version is not None
    return version.citation


def mk(case_id: str, child: dict[str, Any], events: list[dict[str, Any]], team: str = "T1") -> Case:
    return case_from_mapping(
        {
            "case_id": case_id,
            "child": child,
            "team": team,
            "events": [{"id": f"{case_id}-E{i}", **e} for i, e in enumerate(events, 1)],
        }
    )


def _decision(day: str, paragraph: str, measure: str) -> dict[str, Any]:
    return {
        "type": "afgoerelse",
        "date": day,
        "paragraph": paragraph,
        "measure": measure,
        "outcome": "bevilget",
        "partshoering": True,
        "begrundelse": True,
        "klagevejledning": True,
    }


# K1: a § 32 measure whose later follow-up is overdue. Follow-up 2024-08-20 set a 6-month
# interval (BL § 95 stk. 3) -> next due 2025-02-20, before AS_OF: overdue.
K1 = mk(
    "K1",
    {"id": "B1", "birth_date": "2015-06-10"},
    [
        {"type": "sagsbehandler_tildelt", "date": "2024-01-15", "caseworker": "CW-A"},
        {"type": "bfu_startet", "date": "2024-02-01"},
        {"type": "boernesamtale", "date": "2024-04-10"},
        {"type": "bfu_afsluttet", "date": "2024-05-01"},
        _decision("2024-05-15", "BL 32", "M1"),
        {
            "type": "foranstaltning_start",
            "date": "2024-06-01",
            "measure": "M1",
            "paragraph": "BL 32",
        },
        {"type": "opfoelgning", "date": "2024-08-20", "measure": "M1", "interval_months": 6},
        {"type": "kontakt", "date": "2025-01-10"},
    ],
)
# K2: a placed 16-year-old with a disability. Follow-up 2024-09-05 + 6 months = 2025-03-05
# (2 days after AS_OF: in the 14-day window). Complaint 2025-02-20 + 4 weeks = 2025-03-20
# (RSL § 66). Ungestøtte decision by 17 years 6 months = 2026-03-20 (BL § 111). Transition
# finished by 18 = 2026-09-20 (BL §§ 122-123).
K2 = mk(
    "K2",
    {"id": "B2", "birth_date": "2008-09-20", "disability": True, "cpr": "2009084123"},
    [
        {"type": "sagsbehandler_tildelt", "date": "2023-05-01", "caseworker": "CW-X"},
        {"type": "sagsbehandler_tildelt", "date": "2024-02-01", "caseworker": "CW-A"},
        {"type": "bfu_startet", "date": "2024-02-05"},
        {"type": "bfu_afsluttet", "date": "2024-05-20"},
        {"type": "boernesamtale", "date": "2024-05-25"},
        _decision("2024-06-01", "BL 46", "M2"),
        {
            "type": "foranstaltning_start",
            "date": "2024-06-10",
            "measure": "M2",
            "paragraph": "BL 46",
        },
        {"type": "barnets_plan", "date": "2024-08-15"},
        {"type": "opfoelgning", "date": "2024-09-05", "measure": "M2", "interval_months": 6},
        {"type": "tilsynsbesoeg", "date": "2024-11-20"},
        {"type": "kontakt", "date": "2025-02-14", "aftale": "Mor ringes op hver fredag"},
        {"type": "klage_modtaget", "date": "2025-02-20"},
    ],
    team="T-handicap",
)
# K3: an application with no decision yet; nothing due.
K3 = mk(
    "K3",
    {"id": "B3", "birth_date": "2019-01-05"},
    [
        {"type": "sagsbehandler_tildelt", "date": "2024-10-01", "caseworker": "CW-A"},
        {"type": "ansoegning", "date": "2025-02-25"},
        {"type": "kontakt", "date": "2025-02-26"},
    ],
)
# K4: another caseworker's case. K5: CW-A's closed case.
K4 = mk(
    "K4",
    {"id": "B4", "birth_date": "2012-03-01"},
    [
        {"type": "sagsbehandler_tildelt", "date": "2024-03-01", "caseworker": "CW-B"},
        {"type": "kontakt", "date": "2025-01-01"},
    ],
)
K5 = mk(
    "K5",
    {"id": "B5", "birth_date": "2013-03-01"},
    [
        {"type": "sagsbehandler_tildelt", "date": "2024-03-01", "caseworker": "CW-A"},
        {"type": "sag_lukket", "date": "2024-12-01"},
    ],
)
CASELOAD = Caseload(
    cases=(K1, K2, K3, K4, K5),
    caseworkers=(
        Caseworker("CW-A", team="T1"),
        Caseworker("CW-B", team="T1"),
        Caseworker("CW-C", team="T-handicap"),
    ),
)


# --------------------------------------------------------------------------- situations


def test_situation_kinds_cover_seed_000_table() -> None:
    assert Situation(True, Scope.CASELOAD).kind == HandoverKind.PLANNED_CASELOAD
    assert Situation(True, Scope.CASE).kind == HandoverKind.PLANNED_CASE
    assert Situation(False, Scope.CASELOAD).kind == HandoverKind.UNPLANNED_CASELOAD
    assert Situation(False, Scope.CASE).kind == HandoverKind.UNPLANNED_CASE
    for kind in HandoverKind:
        assert HandoverKind.of(planned=kind.planned, scope=kind.scope) is kind


@pytest.mark.parametrize(
    ("reason", "planned"),
    [("sygdom", False), ("orlov", True), ("specialisering", True), ("overgang", True)],
)
def test_reason_sets_planned_by_default(reason: str, planned: bool) -> None:
    assert Situation.make(reason=reason).planned is planned


def test_ophoer_can_be_either_and_default_is_planned() -> None:
    assert Situation.make(reason="ophoer").planned is True
    assert Situation.make(reason="ophoer", planned=False).planned is False
    assert Situation.make().planned is True


@pytest.mark.parametrize(
    ("reason", "planned"), [("sygdom", True), ("orlov", False), ("overgang", False)]
)
def test_contradicting_reason_is_an_error(reason: str, planned: bool) -> None:
    with pytest.raises(BoernesagError, match=reason):
        Situation.make(reason=reason, planned=planned)


def test_unknown_reason_is_an_error() -> None:
    with pytest.raises(BoernesagError, match="ukendt årsag 'ferie'"):
        Situation.make(reason="ferie")


def test_settings_validate() -> None:
    with pytest.raises(BoernesagError, match="window_days"):
        HandoverSettings(window_days=-1)
    with pytest.raises(BoernesagError, match="fixed_threshold"):
        HandoverSettings(fixed_threshold=0)


# --------------------------------------------------------------------------- checklist data


def test_checklist_items_have_unique_ids_and_both_languages() -> None:
    ids = [i.id for i in ITEMS]
    assert len(ids) == len(set(ids))
    for item in ITEMS:
        assert item.da
        assert item.en
        assert item.source
        assert item.situations


def test_every_kind_has_a_checklist_and_they_differ() -> None:
    lists = {k: build_checklist(Situation(k.planned, k.scope), AS_OF).ids for k in HandoverKind}
    assert all(lists.values())
    assert len(set(lists.values())) == 4


def test_only_if_hides_item_when_count_is_zero() -> None:
    sit = Situation(False, Scope.CASELOAD)
    assert "overskredne-frister" not in build_checklist(sit, AS_OF, {"n_overdue": 0}).ids
    shown = build_checklist(sit, AS_OF, {"n_overdue": 2})
    entry = next(e for e in shown if e.id == "overskredne-frister")
    assert entry.text() == "Håndtér først de 2 overskredne frister (øverst på sagslisten)"
    assert (
        entry.text("en") == "Deal first with the 2 overdue deadlines (at the top of the case list)"
    )


def test_checklist_due_days_count_working_days() -> None:
    # Friday 2025-04-11; Easter 2025: Skærtorsdag 17 April, Langfredag 18, 2. påskedag 21.
    sit = Situation(False, Scope.CASE)
    cl = build_checklist(sit, date(2025, 4, 11), {"n_window": 1})
    due = {e.id: e.due for e in cl}
    assert due["leder-overtager"] == date(2025, 4, 11)
    assert due["ny-sagsbehandler"] == date(2025, 4, 14)  # +1 working day over the weekend
    assert due["familien-orienteres"] == date(2025, 4, 16)  # +3
    assert due["opsamling-fra-akter"] == date(2025, 4, 30)  # +10, skipping 17, 18, 21 April


# --------------------------------------------------------------------------- the four situations

UNPLANNED_CASELOAD_IDS = (
    "leder-overtager",
    "sagsliste",
    "tildeling-registreres",
    "overskredne-frister",
    "frister-gennemgaas",
    "kalender",
    "familien-orienteres",
    "aabne-sager",
    "overgang-i-sagerne",
    "opsamling-fra-akter",
    "ledelsesopfoelgning",
    "fordeling",
    "fast-sagsbehandler",
    "dobbelt-afgoerelse",
)


def test_unplanned_caseload_sygdom() -> None:
    h = handover(CASELOAD, caseworker="CW-A", as_of=AS_OF, reason="sygdom", audit=False)
    assert h.kind == HandoverKind.UNPLANNED_CASELOAD
    assert h.situation.reason == Reason.SYGDOM
    # K4 is CW-B's, K5 is closed: neither is handed over.
    assert set(h.case_ids) == {"K1", "K2", "K3"}
    assert h.checklist.ids == UNPLANNED_CASELOAD_IDS
    due = {e.id: e.due for e in h.checklist}
    assert due["leder-overtager"] == AS_OF
    assert due["frister-gennemgaas"] == date(2025, 3, 4)
    assert due["familien-orienteres"] == date(2025, 3, 6)
    assert due["overgang-i-sagerne"] == date(2025, 3, 10)
    assert due["opsamling-fra-akter"] == date(2025, 3, 17)
    assert due["ledelsesopfoelgning"] == date(2025, 3, 31)
    assert due["fordeling"] is None
    texts = {e.id: e.text() for e in h.checklist}
    assert texts["leder-overtager"] == (
        "Lederen overtager straks ansvaret for sagerne (3), så ingen sag står uden en ansvarlig"
    )
    assert texts["frister-gennemgaas"] == (
        "Gennemgå fristen, der udløber inden for 14 dage, og giv den en ansvarlig"
    )
    # Open items: K3's application, K2's complaint and K2's ungestøtte decision.
    assert texts["aabne-sager"].startswith("Overtag de 3 åbne afgørelser og klager")
    roles = {e.id: e.role for e in h.checklist}
    assert roles["leder-overtager"] == Role.LEDER
    assert roles["opsamling-fra-akter"] == Role.MODTAGENDE


def test_planned_caseload_orlov() -> None:
    h = handover(
        CASELOAD,
        caseworker="CW-A",
        as_of=AS_OF,
        on=date(2025, 3, 10),
        reason="orlov",
        to="CW-B",
        audit=False,
    )
    assert h.kind == HandoverKind.PLANNED_CASELOAD
    assert h.checklist.ids == (
        "ajourfoert",
        "kort-beskrivelse",
        "opsamlingspunkter",
        "overdragelsesmoede",
        "frister-aftales",
        "familien-orienteres-foer",
        "sagsliste",
        "tildeling-registreres",
        "overskredne-frister",
        "aabne-sager",
        "overgang-i-sagerne",
        "ledelsesopfoelgning",
        "fordeling",
        "fast-sagsbehandler",
        "orlov-retur",
        "oplaering",
        "dobbelt-afgoerelse",
    )
    due = {e.id: e.due for e in h.checklist}
    assert due["overdragelsesmoede"] == date(2025, 3, 7)  # the working day before Monday 10
    texts = {e.id: e.text() for e in h.checklist}
    assert texts["kort-beskrivelse"].endswith("(3 mangler)")


def test_planned_single_case_specialisering() -> None:
    h = handover(
        CASELOAD, caseworker="CW-A", cases=["K2"], as_of=AS_OF, reason="specialisering", audit=False
    )
    assert h.kind == HandoverKind.PLANNED_CASE
    assert h.case_ids == ("K2",)
    assert h.checklist.ids == (
        "ajourfoert",
        "kort-beskrivelse",
        "opsamlingspunkter",
        "overdragelsesmoede",
        "frister-aftales",
        "familien-orienteres-foer",
        "sagsliste",
        "tildeling-registreres",
        "aabne-sager",
        "overgang-i-sagerne",
        "ledelsesopfoelgning",
        "fast-sagsbehandler",
        "specialisering",
        "dobbelt-afgoerelse",
    )


def test_planned_single_case_overgang_til_voksen() -> None:
    h = handover(
        CASELOAD, caseworker="CW-A", cases=["K2"], as_of=AS_OF, reason="overgang", audit=False
    )
    ids = h.checklist.ids
    assert ids[:2] == ("overgang-samtykke", "overgang-plan")
    for item in ("overgang-overleveringsmoede", "overgang-ungestoette", "overgang-vaergemaal"):
        assert item in ids
    # The young person is the reason itself: the "tell KUM about the new caseworker" item is not.
    assert "overgang-i-sagerne" not in ids
    due = {e.id: e.due for e in h.checklist}
    assert due["overgang-samtykke"] == date(2025, 2, 17)  # 10 working days before 3 March


def test_unplanned_single_case() -> None:
    h = handover(K3, as_of=AS_OF, planned=False, audit=False)
    assert h.kind == HandoverKind.UNPLANNED_CASE
    assert h.from_caseworker == "CW-A"
    assert h.checklist.ids == (
        "leder-overtager",
        "sagsliste",
        "tildeling-registreres",
        "kalender",
        "ny-sagsbehandler",
        "familien-orienteres",
        "aabne-sager",
        "opsamling-fra-akter",
        "ledelsesopfoelgning",
        "dobbelt-afgoerelse",
    )


def test_all_of_a_caseworkers_cases_named_is_a_caseload() -> None:
    h = handover(CASELOAD, caseworker="CW-A", cases=["K3", "K1", "K2"], as_of=AS_OF, audit=False)
    assert h.situation.scope == Scope.CASELOAD


def test_selection_errors_name_the_case_or_caseworker() -> None:
    with pytest.raises(BoernesagError, match="sag K4 er ikke en åben sag hos CW-A"):
        handover(CASELOAD, caseworker="CW-A", cases=["K4"], as_of=AS_OF)
    with pytest.raises(BoernesagError, match="ukendt sag: K9"):
        handover(CASELOAD, cases=["K9"], as_of=AS_OF)
    with pytest.raises(BoernesagError, match="ukendt sagsbehandler CW-Z"):  # never assigned
        handover(CASELOAD, caseworker="CW-Z", as_of=AS_OF)
    with pytest.raises(BoernesagError, match="angiv sagsbehandleren"):
        handover(CASELOAD, as_of=AS_OF)


# --------------------------------------------------------------------------- window warnings


def test_window_warnings_unplanned() -> None:
    h = handover(CASELOAD, caseworker="CW-A", as_of=AS_OF, reason="sygdom", audit=False)
    got = [(w.kind, w.case_id, w.deadline.rule_id, w.deadline.due) for w in h.warnings]
    assert got == [
        ("overdue", "K1", "opfoelgning-loebende", date(2025, 2, 20)),
        ("window", "K2", "opfoelgning-loebende", date(2025, 3, 5)),
    ]
    w = h.warnings[1]
    assert w.days_after == 2
    assert w.text() == (
        f"Sag K2: Løbende opfølgning på indsats ({cit('opfoelgning-loebende', date(2024, 9, 5))}) "
        "udløber ons 05.03.2025, 2 dage efter skiftet: aftal, hvem der overholder den"
    )


def test_window_warnings_planned_later_day_and_wider_window() -> None:
    h = handover(
        CASELOAD,
        caseworker="CW-A",
        as_of=AS_OF,
        on=date(2025, 3, 10),
        planned=True,
        settings=HandoverSettings(window_days=21),
        audit=False,
    )
    got = [(w.kind, w.case_id, w.deadline.rule_id, w.deadline.due) for w in h.warnings]
    assert got == [
        ("overdue", "K1", "opfoelgning-loebende", date(2025, 2, 20)),
        # Due between as_of and the day of change: the outgoing caseworker meets it.
        ("before", "K2", "opfoelgning-loebende", date(2025, 3, 5)),
        ("window", "K2", "klage-genvurdering", date(2025, 3, 20)),
    ]


# --------------------------------------------------------------------------- sagsliste rows


def _sagsliste() -> Any:
    return handover(
        CASELOAD,
        caseworker="CW-A",
        as_of=AS_OF,
        reason="sygdom",
        descriptions={"K1": "Familien er i gang med forældrekursus."},
        audit=False,
    ).sagsliste


def test_sagsliste_sorted_by_urgency() -> None:
    sl = _sagsliste()
    assert sl.case_ids == ("K1", "K2", "K3")
    assert [r.urgency for r in sl.rows] == [Urgency.OVERDUE, Urgency.WINDOW, Urgency.CALM]
    assert [r.first_due for r in sl.rows] == [date(2025, 2, 20), date(2025, 3, 5), None]


def test_sagsliste_row_k1() -> None:
    r = _sagsliste().row("K1")
    assert (r.child_id, r.birth_date, r.age, r.caseworker) == ("B1", date(2015, 6, 10), 9, "CW-A")
    assert [(m.id, m.paragraph, m.start, m.placement) for m in r.measures] == [
        ("M1", "BL 32", date(2024, 6, 1), False)
    ]
    assert r.next_followup is not None
    assert (r.next_followup.rule_id, r.next_followup.due, r.next_followup.status) == (
        "opfoelgning-loebende",
        date(2025, 2, 20),
        Status.OVERDUE,
    )
    assert [d.rule_id for d in r.overdue] == ["opfoelgning-loebende"]
    assert r.due_soon == ()
    # The klagefrist (a citizen's deadline, long expired) is not an open decision.
    assert r.open_decisions == ()
    assert r.complaints == ()
    assert r.last_contact_child == date(2024, 4, 10)  # the børnesamtale
    assert r.last_contact_family == date(2025, 1, 10)
    assert r.latest_bfu == date(2024, 5, 1)
    assert r.bfu_running_since is None
    assert r.latest_plan is None
    assert [(g.event_id, g.paragraph, g.decided_on, g.start) for g in r.grants] == [
        ("K1-E5", "BL 32", date(2024, 5, 15), date(2024, 6, 1))
    ]
    assert r.agreements == ()
    assert r.findings is None  # audit turned off
    assert (r.n_caseworkers, r.complexity, r.fixed_caseworker) == (1, (), False)
    assert r.description == "Familien er i gang med forældrekursus."


def test_sagsliste_row_k2() -> None:
    r = _sagsliste().row("K2")
    assert r.age == 16
    assert r.disability
    assert r.team == "T-handicap"
    assert [(m.id, m.paragraph, m.placement) for m in r.measures] == [("M2", "BL 46", True)]
    assert r.overdue == ()
    assert [(d.rule_id, d.due) for d in r.due_soon] == [
        ("opfoelgning-loebende", date(2025, 3, 5)),
        ("klage-genvurdering", date(2025, 3, 20)),
    ]
    assert [(o.kind, o.event_id, o.due) for o in r.open_decisions] == [
        ("ungestoette", "K2-E7", date(2026, 3, 20))
    ]
    assert [(o.kind, o.event_id, o.since, o.due) for o in r.complaints] == [
        ("klage", "K2-E12", date(2025, 2, 20), date(2025, 3, 20))
    ]
    assert r.last_contact_child == date(2024, 11, 20)  # the tilsynsbesøg
    assert r.last_contact_family == date(2025, 2, 14)
    assert (r.latest_bfu, r.latest_plan) == (date(2024, 5, 20), date(2024, 8, 15))
    assert [(a.event_id, a.date, a.text) for a in r.agreements] == [
        ("K2-E11", date(2025, 2, 14), "Mor ringes op hver fredag")
    ]
    assert r.n_caseworkers == 2
    assert r.complexity == ("anbringelse", "handicap", "overgang")
    assert r.fixed_caseworker
    assert r.description is None


def test_sagsliste_row_k3_open_application() -> None:
    r = _sagsliste().row("K3")
    assert [(o.kind, o.event_id, o.since) for o in r.open_decisions] == [
        ("ansoegning", "K3-E2", date(2025, 2, 25))
    ]
    assert r.measures == ()
    assert r.next_followup is None
    assert r.grants == ()


def test_application_answered_by_decision_is_not_open() -> None:
    refusal = Event(
        id="D",
        type=EventType.AFGOERELSE,
        date=date(2025, 3, 1),
        paragraph=Paragraph.parse("BL 32"),
        outcome="afslag",
    )
    answered = attrs.evolve(K3, events=(*K3.events, refusal))
    row = build_sagsliste([answered], AS_OF, audit=False).row("K3")
    # The application is answered; the refusal's klagefrist runs: Saturday 1 March + 4 weeks
    # = Saturday 29 March, extended to Monday 31 March (RSL § 67, a citizen's deadline).
    assert [(o.kind, o.event_id, o.due) for o in row.open_decisions] == [
        ("klagefrist", "D", date(2025, 3, 31))
    ]


def test_running_investigation_is_an_open_decision() -> None:
    case = mk(
        "K6",
        {"id": "B6", "birth_date": "2014-01-01"},
        [
            {"type": "sagsbehandler_tildelt", "date": "2025-01-02", "caseworker": "CW-A"},
            {"type": "underretning", "date": "2025-01-06"},
            {"type": "underretning_vurderet", "date": "2025-01-06", "ref": "K6-E2"},
            {"type": "bfu_startet", "date": "2025-01-20"},
        ],
    )
    row = build_sagsliste([case], AS_OF, audit=False).row("K6")
    # BL § 20 stk. 3: 4 months from the underretning 2025-01-06 -> 2025-05-06.
    assert row.bfu_running_since == date(2025, 1, 20)
    assert [(o.kind, o.event_id, o.due) for o in row.open_decisions] == [
        ("undersoegelse", "K6-E4", date(2025, 5, 6))
    ]


def test_waiting_grant_has_no_start() -> None:
    case = mk(
        "K7",
        {"id": "B7", "birth_date": "2014-01-01"},
        [
            {"type": "sagsbehandler_tildelt", "date": "2025-01-02", "caseworker": "CW-A"},
            _decision("2025-02-01", "BL 32", "M7"),
        ],
    )
    row = build_sagsliste([case], AS_OF, audit=False).row("K7")
    assert [(g.measure, g.start) for g in row.grants] == [("M7", None)]
    assert row.measures == ()


def test_klagefrist_running_is_an_open_decision() -> None:
    case = mk(
        "K8",
        {"id": "B8", "birth_date": "2014-01-01"},
        [
            {"type": "sagsbehandler_tildelt", "date": "2025-01-02", "caseworker": "CW-A"},
            {"type": "boernesamtale", "date": "2025-02-10"},
            _decision("2025-02-20", "BL 32", "M8"),
        ],
    )
    row = build_sagsliste([case], AS_OF, audit=False).row("K8")
    # RSL § 67: 4 weeks from 2025-02-20 -> Thursday 2025-03-20.
    assert [(o.kind, o.event_id, o.due, o.detail) for o in row.open_decisions] == [
        ("klagefrist", "K8-E3", date(2025, 3, 20), "BL 32")
    ]
    # The citizen's deadline is not a municipal deadline due soon.
    assert all(d.obligor == "kommune" for d in row.due_soon)


def test_bad_case_is_rejected_not_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from boernesag.deadlines import deadlines as real

    def failing(case: Case, *a: Any, **kw: Any) -> Any:
        if case.case_id == "K2":
            raise BoernesagError("sag K2: felt 'x' er ugyldigt")
        return real(case, *a, **kw)

    monkeypatch.setattr("boernesag.handover.core.deadlines", failing)
    h = handover(CASELOAD, caseworker="CW-A", as_of=AS_OF, audit=False)
    assert h.case_ids == ("K1", "K3")
    assert h.sagsliste.rejected == (("K2", "sag K2: felt 'x' er ugyldigt"),)


# --------------------------------------------------------------------------- audit


@attrs.frozen
class _FakeFinding:
    check_id: str
    severity: str

    def explain(self, lang: str = "da") -> str:
        return f"{self.check_id} ({lang})"


def test_audit_findings_shown_and_info_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("boernesag.audit")

    def audit(case: Case, as_of: date) -> list[_FakeFinding]:
        return [_FakeFinding("huller", "warning"), _FakeFinding("note", "info")]

    fake.audit = audit  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "boernesag.audit", fake)
    assert load_audit() is audit
    h = handover(K1, as_of=AS_OF)
    assert h.sagsliste.audit_available
    row = h.sagsliste.row("K1")
    assert row.findings is not None
    assert [(f.check_id, f.severity, f.text("en")) for f in row.findings] == [
        ("huller", "warning", "huller (en)")
    ]
    off = handover(K1, as_of=AS_OF, audit=False)
    assert off.sagsliste.row("K1").findings is None


def test_failing_audit_keeps_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("boernesag.audit")

    def audit(case: Case, as_of: date) -> list[_FakeFinding]:
        raise BoernesagError(f"sag {case.case_id}: kan ikke gennemgås")

    fake.audit = audit  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "boernesag.audit", fake)
    h = handover(K1, as_of=AS_OF)
    findings = h.sagsliste.row("K1").findings
    assert findings is not None
    assert [(f.check_id, f.severity, f.text()) for f in findings] == [
        ("audit-fejl", "error", "sagsgennemgangen kunne ikke køres: sag K1: kan ikke gennemgås")
    ]


def test_real_audit_if_present_gives_a_tuple() -> None:
    # Independent of the audit's exact findings: only the shape.
    h = handover(K1, as_of=AS_OF)
    row = h.sagsliste.row("K1")
    if load_audit() is None:
        assert row.findings is None
        assert not h.sagsliste.audit_available
    else:
        assert isinstance(row.findings, tuple)
        assert all(f.severity not in {"info"} for f in row.findings)


# --------------------------------------------------------------------------- switches


def test_switch_report() -> None:
    k = mk(
        "K9",
        {"id": "B9", "birth_date": "2016-01-01"},
        [
            {"type": "sagsbehandler_tildelt", "date": "2023-01-01", "caseworker": "CW-A"},
            {"type": "sagsbehandler_tildelt", "date": "2024-06-01", "caseworker": "CW-B"},
            {"type": "sagsbehandler_tildelt", "date": "2024-06-01", "caseworker": "CW-B"},
            {"type": "sagsbehandler_tildelt", "date": "2024-11-01", "caseworker": "CW-A"},
            {"type": "sagsbehandler_tildelt", "date": "2025-06-01", "caseworker": "CW-C"},
        ]
        + [{"type": "underretning", "date": f"2024-{m:02d}-10"} for m in (4, 6, 8, 10)],
    )
    rows = switch_report([K1, K2, k], AS_OF)
    assert [r.case_id for r in rows] == ["K9", "K2", "K1"]
    r = rows[0]
    # A→B (2024-06-01), B→B is no switch, B→A (2024-11-01); the 2025 one is after AS_OF.
    assert r.caseworkers == ("CW-A", "CW-B")
    assert (r.n_caseworkers, r.n_switches, r.recent_switches) == (2, 2, 2)
    assert r.many_switches
    assert r.complexity == ("mange-underretninger",)
    assert not r.fixed_caseworker
    assert rows[1].complexity == ("anbringelse", "handicap", "overgang")
    assert rows[1].fixed_caseworker
    assert (rows[1].n_switches, rows[1].recent_switches) == (1, 0)


# --------------------------------------------------------------------------- privacy


def test_no_cpr_in_any_output() -> None:
    from boernesag.handover import render_html, render_json, render_markdown

    h = handover(CASELOAD, caseworker="CW-A", as_of=AS_OF, audit=False)
    for text in (render_markdown(h), render_html(h), render_json(h), repr(h)):
        assert "2009084123" not in text
        assert "200908-" not in text
        assert "4123" not in text


def test_checklist_is_iterable_and_sized() -> None:
    cl = build_checklist(Situation(True, Scope.CASE), AS_OF)
    assert isinstance(cl, Checklist)
    assert len(cl) == len(list(cl))


def test_boernesag_handover_is_callable_after_importing_the_package() -> None:
    """``boernesag.handover`` is the function and the package: importing the package first
    (``from boernesag.handover import ...``) must not hide the function."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = (
        "from boernesag.handover import render_markdown\n"
        "import boernesag, datetime\n"
        "from boernesag.model import Case, Child\n"
        "case = Case(case_id='K', child=Child(id='B', birth_date=datetime.date(2015, 1, 1)))\n"
        "h = boernesag.handover(case, as_of=datetime.date(2025, 3, 3), audit=False)\n"
        "print(type(h).__name__, callable(boernesag.handover.reassign),"
        " boernesag.handover.render.__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(root / "src")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["Handover", "True", "boernesag.handover.render"]


def test_docs_checklist_table_matches_the_data() -> None:
    """docs/handover.rst lists every checklist item with its role and due day."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "handover.rst").read_text("utf-8")
    roles = {"outgoing": Role.AFGIVENDE, "leader": Role.LEDER, "receiving": Role.MODTAGENDE}
    documented = {}
    for m in re.finditer(
        r"^``([a-z-]+)``\s{2,}.+?\s{2,}(outgoing|leader|receiving)\s+(\S+ ?\S*)", doc, re.M
    ):
        day = m.group(3).split()[0]
        documented[m.group(1)] = (
            roles[m.group(2)],
            None if day == "–" else int(m.group(3).split()[1].replace("−", "-")),
        )
    assert documented == {i.id: (i.role, i.days) for i in ITEMS}


def test_hour_deadline_in_window_shows_the_time() -> None:
    from datetime import datetime

    from boernesag.periods import COPENHAGEN

    case = mk(
        "K10",
        {"id": "B10", "birth_date": "2014-01-01"},
        [
            {"type": "sagsbehandler_tildelt", "date": "2025-01-02", "caseworker": "CW-A"},
            {"type": "underretning", "at": "2025-03-03T09:15:00+01:00"},
        ],
    )
    h = handover(case, as_of=AS_OF, planned=False, audit=False)
    w = next(w for w in h.warnings if w.deadline.rule_id == "underretning-vurdering")
    # BL § 136: 24 hours from 09:15 on Monday -> Tuesday 09:15.
    assert w.deadline.due_at == datetime(2025, 3, 4, 9, 15, tzinfo=COPENHAGEN)
    assert (w.kind, w.deadline.due) == ("window", date(2025, 3, 4))
    assert "udløber tir 04.03.2025 09:15, 1 dag efter skiftet" in w.text()
    assert w.to_dict()["due_at"] == "2025-03-04T09:15:00+01:00"


def test_cases_a_lenient_load_rejected_are_reported() -> None:
    from boernesag.model import RejectedCase

    load = Caseload(cases=(K3,), rejected=(RejectedCase(4, "K9", "sag K9: mangler 'child'"),))
    h = handover(load, caseworker="CW-A", as_of=AS_OF, audit=False)
    assert h.case_ids == ("K3",)
    assert h.sagsliste.rejected == (("K9", "sag K9: mangler 'child'"),)
