"""Allocation (Socialstyrelsen's (»Hvordan sikres en god fordeling af sager?«) six principles): weights, each principle alone, combined, batches, CLI.

Every expected value below is worked out by hand from the small caseloads built here.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boernesag.allocation import (
    Allocation,
    CapacityModel,
    Pin,
    Policy,
    PolicyError,
    Principle,
    WeightModel,
    allocate,
    awaits_decision,
    case_phase,
    current_counts,
    current_loads,
    load_policy,
    policy_from_mapping,
    required_competences,
    suggest_allocation,
    unallocated_cases,
    why_none,
)
from boernesag.allocation.policy import CompetenceRules
from boernesag.allocation.render import (
    ASSIGNMENT_COLUMNS,
    allocation_markdown,
    allocation_text,
    suggestions_markdown,
)
from boernesag.cli import main
from boernesag.cpr import Cpr
from boernesag.errors import CaseFormatError
from boernesag.model import Case, Caseload, Caseworker, Child, Event, EventType, Team
from boernesag.paragraphs import Paragraph

AS_OF = date(2025, 6, 30)
EXAMPLE = Path(__file__).parent.parent / "examples" / "policy.toml"


def make_case(
    case_id: str,
    *,
    born: date = date(2015, 3, 5),
    disability: bool = False,
    placement: bool = False,
    support: bool = False,
    bfu: bool = False,
    application: bool = False,
    district: str | None = "Nord",
    team: str | None = "T1",
    siblings: tuple[str, ...] = (),
    child: str | None = None,
    holder: str | None = None,
    previous: str | None = None,
    extra: dict[str, Any] | None = None,
    cpr: Cpr | None = None,
) -> Case:
    """A case opened 2 January 2025; ``previous`` held it from May 2024, ``holder`` from March 2025."""
    events = [Event(id="E1", type=EventType.KONTAKT, date=date(2025, 1, 2))]
    if placement:
        events.append(
            Event(
                id="E2",
                type=EventType.FORANSTALTNING_START,
                date=date(2025, 2, 1),
                measure="M1",
                paragraph=Paragraph.parse("BL 46"),
            )
        )
    if support:
        events.append(
            Event(
                id="E3",
                type=EventType.FORANSTALTNING_START,
                date=date(2025, 2, 1),
                measure="M2",
                paragraph=Paragraph.parse("BL 32"),
            )
        )
    if bfu:
        events.append(Event(id="E4", type=EventType.BFU_STARTET, date=date(2025, 5, 1)))
    if application:
        events.append(Event(id="E5", type=EventType.ANSOEGNING, date=date(2025, 6, 1)))
    if previous:
        events.append(
            Event(
                id="E6",
                type=EventType.SAGSBEHANDLER_TILDELT,
                date=date(2024, 5, 1),
                caseworker=previous,
            )
        )
    if holder:
        events.append(
            Event(
                id="E7",
                type=EventType.SAGSBEHANDLER_TILDELT,
                date=date(2025, 3, 1),
                caseworker=holder,
            )
        )
    return Case(
        case_id=case_id,
        child=Child(
            id=child or f"B-{case_id}",
            birth_date=born,
            cpr=cpr,
            siblings=siblings,
            disability=disability,
        ),
        events=tuple(events),
        team=team,
        district=district,
        extra=extra or {},
    )


def worker(
    wid: str,
    *,
    team: str | None = "T1",
    district: str | None = "Nord",
    capacity: float | None = 10.0,
    skills: tuple[str, ...] = (),
    active: bool = True,
) -> Caseworker:
    return Caseworker(
        id=wid,
        team=team,
        district=district,
        capacity=capacity,
        competences=frozenset(skills),
        active=active,
    )


def only(*principles: Principle, **kw: Any) -> Policy:
    return Policy(principles=principles, **kw)


def ranking(case: Case, caseload: Caseload, policy: Policy) -> list[str]:
    return [s.caseworker_id for s in suggest_allocation(case, caseload, policy, as_of=AS_OF)]


def top(case: Case, caseload: Caseload, policy: Policy) -> str:
    return ranking(case, caseload, policy)[0]


# ------------------------------------------------------------------ weights and capacity (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«)


def test_case_weight_terms() -> None:
    m = WeightModel()
    assert m.weight(make_case("K-1"), AS_OF) == 0.75  # base 1, preventive -0.25
    assert m.weight(make_case("K-2", placement=True, disability=True), AS_OF) == 2.5
    assert m.weight(make_case("K-3", bfu=True), AS_OF) == 1.5
    assert m.weight(make_case("K-4", placement=True, support=True), AS_OF) == 2.25
    assert m.weight(make_case("K-5", born=date(2009, 1, 1)), AS_OF) == 1.25  # 16: youth +0.5
    with_kind = WeightModel(team_kind={"undersoegelse": 0.5})
    assert with_kind.weight(make_case("K-6"), AS_OF, "undersoegelse") == 1.25
    assert with_kind.weight(make_case("K-6"), AS_OF, "modtage") == 0.75
    assert m.weight(make_case("K-7", extra={"complexity": "hoej"}), AS_OF) == 1.75
    assert m.weight(make_case("K-8", extra={"weight": 3}), AS_OF) == 3.0
    assert WeightModel(equal=True).weight(make_case("K-2", placement=True), AS_OF) == 1.0
    assert WeightModel(base=0.1).weight(make_case("K-1"), AS_OF) == 0.25  # never below minimum


def test_case_weight_parts_explain_in_both_languages() -> None:
    parts = WeightModel().parts(make_case("K-2", placement=True, disability=True), AS_OF)
    assert [p.text() for p in parts] == [
        "grundvægt 1",
        "anbringelse +1",
        "funktionsnedsættelse +0,5",
    ]
    assert [p.text("en") for p in parts] == ["base 1", "placement +1", "disability +0.5"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"weight": -1}, "weight"),
        ({"weight": True}, "weight"),
        ({"complexity": "enorm"}, "complexity"),
    ],
)
def test_unreadable_weight_names_case_and_field(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(CaseFormatError, match="K-9") as info:
        WeightModel().weight(make_case("K-9", extra=extra), AS_OF)
    assert info.value.field == field


def test_capacity_model() -> None:
    model = CapacityModel()
    assert model.capacity(worker("A", capacity=12)) == 12.0  # recorded capacity wins
    assert model.capacity(worker("A", capacity=None)) == 25.0  # middle of the union's 20-30
    part_time = Caseworker(id="A", hours=30.0)
    assert model.capacity(part_time) == 20.27  # 25 * 30 / 37
    new = Caseworker(id="A", experience=0.5)
    assert model.capacity(new) == 17.5  # first year: 70 %


def test_case_phase_names_the_team_type() -> None:
    assert case_phase(make_case("K-1"), AS_OF) == "modtage"
    assert case_phase(make_case("K-1", bfu=True), AS_OF) == "undersoegelse"
    assert case_phase(make_case("K-1", placement=True), AS_OF) == "foranstaltning"


def test_current_loads_and_counts() -> None:
    caseload = Caseload(
        cases=(make_case("K-1", holder="A"), make_case("K-2", placement=True, holder="A")),
        caseworkers=(worker("A"), worker("B")),
    )
    assert current_loads(caseload, AS_OF) == {"A": 2.75, "B": 0.0}  # 0.75 + 2.0
    assert current_counts(caseload, AS_OF) == {"A": 2, "B": 0}
    assert current_loads(caseload, AS_OF, leave_out=["K-2"]) == {"A": 0.75, "B": 0.0}


def test_unallocated_cases_are_those_without_an_active_caseworker() -> None:
    caseload = Caseload(
        cases=(
            make_case("K-1", holder="A"),
            make_case("K-2"),
            make_case("K-3", holder="LEFT"),
            make_case("K-4", holder="OFF"),
        ),
        caseworkers=(worker("A"), worker("OFF", active=False)),
    )
    assert [c.case_id for c in unallocated_cases(caseload, AS_OF)] == ["K-2", "K-3", "K-4"]


# ------------------------------------------------------------------ each principle alone


def test_load_alone_prefers_the_lower_load_after_assignment() -> None:
    held = tuple(make_case(f"K-H{i}", holder="CW-1") for i in range(4))  # 4 x 0.75 = 3.0
    caseload = Caseload(
        cases=held, caseworkers=(worker("CW-1", capacity=8), worker("CW-2", capacity=8))
    )
    ranked = suggest_allocation(
        make_case("K-NEW"), caseload, only(Principle("load", weight=5)), as_of=AS_OF
    )
    assert [s.caseworker_id for s in ranked] == ["CW-2", "CW-1"]
    assert (ranked[0].load_before, ranked[0].load_after) == (0.0, 0.75)
    assert ranked[0].score == pytest.approx(5 * (1 - 0.75 / 8))
    assert ranked[1].score == pytest.approx(5 * (1 - 3.75 / 8))
    assert ranked[0].explanation() == "belastning 9% efter tildeling"
    assert ranked[1].explanation("en") == "load 47% after assignment"


def test_team_by_case_by_district_and_by_kind() -> None:
    teams = (
        Team(id="T-N", kind="modtage", district="Nord"),
        Team(id="T-S", kind="undersoegelse", district="Syd"),
        Team(id="T-F", kind="foranstaltning"),
        Team(id="T-H", kind="handicap"),
    )
    caseload = Caseload(
        caseworkers=tuple(worker(f"CW-{t.id}", team=t.id, district=None) for t in teams),
        teams=teams,
    )
    by_case = only(Principle("team", weight=1))
    assert top(make_case("K-1", team="T-F"), caseload, by_case) == "CW-T-F"
    by_district = only(Principle("team", weight=1, options={"by": "district"}))
    assert top(make_case("K-1", team=None, district="Syd"), caseload, by_district) == "CW-T-S"
    by_kind = only(Principle("team", weight=1, options={"by": "kind"}))
    assert top(make_case("K-1", team=None), caseload, by_kind) == "CW-T-N"
    assert top(make_case("K-1", team=None, bfu=True), caseload, by_kind) == "CW-T-S"
    assert top(make_case("K-1", team=None, placement=True), caseload, by_kind) == "CW-T-F"
    assert top(make_case("K-1", team=None, disability=True), caseload, by_kind) == "CW-T-H"
    hard = only(Principle("team", hard=True))
    ranked = suggest_allocation(make_case("K-1", team="T-H"), caseload, hard, as_of=AS_OF)
    assert [(s.caseworker_id, s.eligible) for s in ranked][:2] == [
        ("CW-T-H", True),
        ("CW-T-F", False),
    ]
    assert "ikke i team T-H" in ranked[1].explanation()


def test_district_alone_uses_the_team_district_when_the_caseworker_has_none() -> None:
    caseload = Caseload(
        caseworkers=(
            worker("CW-1", district="Nord", team=None),
            worker("CW-2", district=None, team="T-S"),
        ),
        teams=(Team(id="T-S", district="Syd"),),
    )
    policy = only(Principle("district", weight=2))
    assert top(make_case("K-1", district="Syd"), caseload, policy) == "CW-2"
    ranked = suggest_allocation(make_case("K-1", district="Nord"), caseload, policy, as_of=AS_OF)
    assert ranked[0].explanation() == "samme distrikt"
    assert ranked[1].explanation() == "andet distrikt end Nord"


def test_cpr_ranges_by_day_of_birth_never_the_digits() -> None:
    ranges = {"CW-1": [1, 10], "CW-2": [[11, 20], [21, 31]]}
    caseload = Caseload(caseworkers=(worker("CW-1"), worker("CW-2"), worker("CW-3")))
    soft = only(Principle("cpr", weight=1, options={"ranges": ranges}))
    assert top(make_case("K-1", born=date(2015, 3, 3)), caseload, soft) == "CW-1"
    born = date(2015, 3, 25)
    cpr = Cpr(digits="2503151234")
    ranked = suggest_allocation(make_case("K-2", born=born, cpr=cpr), caseload, soft, as_of=AS_OF)
    assert ranked[0].caseworker_id == "CW-2"
    assert ranked[0].explanation() == "CPR-interval dag 21-31"
    hard = only(Principle("cpr", hard=True, options={"ranges": ranges}))
    ranked = suggest_allocation(make_case("K-2", born=born, cpr=cpr), caseload, hard, as_of=AS_OF)
    assert [s.eligible for s in ranked] == [True, False, False]
    assert ranked[1].explanation() == "uden for sagens CPR-interval"
    dumped = json.dumps([s.to_dict() for s in ranked]) + repr(ranked)
    assert "2503151234" not in dumped
    assert "250315" not in dumped


def test_competence_hard_soft_paragraphs_and_pending_decision() -> None:
    caseload = Caseload(
        caseworkers=(
            worker("CW-1"),
            worker("CW-2", skills=("handicap",)),
            worker("CW-3", skills=("handicap", "anbringelse")),
        )
    )
    c = make_case("K-1", disability=True, placement=True)
    hard = only(Principle("competence", hard=True))
    ranked = suggest_allocation(c, caseload, hard, as_of=AS_OF)
    assert [(s.caseworker_id, s.eligible) for s in ranked] == [
        ("CW-3", True),
        ("CW-1", False),
        ("CW-2", False),
    ]
    assert ranked[0].explanation() == "kompetence anbringelse, handicap"
    assert ranked[2].explanation() == "mangler kompetence anbringelse"
    soft = only(Principle("competence", weight=2))
    scores = {s.caseworker_id: s.score for s in suggest_allocation(c, caseload, soft, as_of=AS_OF)}
    assert scores == {"CW-1": 0.0, "CW-2": 1.0, "CW-3": 2.0}  # the share of needs held
    rules = CompetenceRules(paragraphs=("BL 46",), pending_decision="bevillingskompetence")
    assert required_competences(make_case("K-2", placement=True), AS_OF, rules) == {
        "anbringelse",
        "BL 46",
    }
    assert required_competences(make_case("K-3", application=True), AS_OF, rules) == {
        "bevillingskompetence"
    }
    assert required_competences(make_case("K-4", born=date(2008, 5, 1)), AS_OF) == {"unge"}
    assert required_competences(make_case("K-5", extra={"competences": ["tolk"]}), AS_OF) == {
        "tolk"
    }


def test_awaits_decision() -> None:
    assert awaits_decision(make_case("K-1", application=True), AS_OF)
    decided = make_case("K-1", application=True)
    decided = Case(
        decided.case_id,
        decided.child,
        (*decided.events, Event(id="D", type=EventType.AFGOERELSE, date=date(2025, 6, 10))),
    )
    assert not awaits_decision(decided, AS_OF)
    assert not awaits_decision(make_case("K-2"), AS_OF)


def test_management_pin_always_wins_with_reason_and_warnings() -> None:
    caseload = Caseload(
        caseworkers=(worker("CW-1", skills=("handicap",)), worker("CW-2", capacity=0.5))
    )
    policy = Policy(pins={"K-1": Pin("CW-2", "kender familien")})
    ranked = suggest_allocation(make_case("K-1", disability=True), caseload, policy, as_of=AS_OF)
    assert [(s.caseworker_id, s.eligible) for s in ranked] == [("CW-2", True), ("CW-1", False)]
    assert ranked[0].explanation() == (
        "fastlagt af ledelsen: kender familien; fastlagt trods manglende kompetence handicap; "
        "fastlagt trods belastning 250% efter tildeling"
    )
    assert ranked[1].explanation("en") == "the case is pinned to CW-2"


def test_siblings_together_by_default_apart_with_the_reason() -> None:
    held = make_case("K-S", child="B-1", siblings=("B-2",), holder="CW-2")
    caseload = Caseload(cases=(held,), caseworkers=(worker("CW-1"), worker("CW-2", capacity=20)))
    new = make_case("K-N", child="B-2")  # the relation may be recorded on either side
    together = only(Principle("siblings", weight=4), Principle("load", weight=1))
    ranked = suggest_allocation(new, caseload, together, as_of=AS_OF)
    assert ranked[0].caseworker_id == "CW-2"
    assert ranked[0].explanation().startswith("søskende hos CW-2")
    apart = attrs_evolve(together, siblings_apart={"K-N": "modstridende interesser"})
    ranked = suggest_allocation(new, caseload, apart, as_of=AS_OF)
    assert ranked[0].caseworker_id == "CW-1"
    assert ranked[1].score == pytest.approx(-4 + (1 - 1.5 / 20))
    assert "modstridende interesser" in ranked[1].explanation()
    hard = only(Principle("siblings", hard=True), siblings_apart={"K-N": "konflikt"})
    assert [s.eligible for s in suggest_allocation(new, caseload, hard, as_of=AS_OF)] == [
        True,
        False,
    ]


def attrs_evolve(policy: Policy, **kw: Any) -> Policy:
    import attrs

    return attrs.evolve(policy, **kw)


def test_continuity_current_and_previous_caseworker() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1"), worker("CW-7"), worker("CW-8")))
    policy = only(Principle("continuity", weight=3))
    back = make_case("K-1", previous="CW-7", holder="GONE")
    ranked = suggest_allocation(back, caseload, policy, as_of=AS_OF)
    assert (ranked[0].caseworker_id, ranked[0].explanation()) == (
        "CW-7",
        "barnets tidligere sagsbehandler",
    )
    stays = make_case("K-2", previous="CW-7", holder="CW-8")
    ranked = suggest_allocation(stays, caseload, policy, as_of=AS_OF)
    assert [s.caseworker_id for s in ranked] == ["CW-7", "CW-8", "CW-1"]  # tie: lower id first
    assert ranked[1].explanation() == "nuværende sagsbehandler (intet skift)"


def test_capacity_cap_inactive_and_why_none() -> None:
    caseload = Caseload(
        caseworkers=(
            worker("CW-1", capacity=1.5),
            worker("CW-2", active=False),
            worker("CW-3", capacity=0),
        )
    )
    c = make_case("K-1", placement=True, disability=True)  # weight 2.5
    ranked = suggest_allocation(c, caseload, only(Principle("load")), as_of=AS_OF)
    assert not any(s.eligible for s in ranked)
    by_id = {s.caseworker_id: s.explanation() for s in ranked}
    assert (
        by_id["CW-1"]
        == "belastning 167% efter tildeling; over kapacitetsloftet (167% efter tildeling)"
    )
    assert by_id["CW-2"].startswith("ikke aktiv")
    assert by_id["CW-3"] == "ingen kapacitet"
    assert why_none(ranked) == (
        "ingen sagsbehandler opfylder kravene: ikke aktiv (1 sagsbehandler); "
        "ingen kapacitet (1 sagsbehandler); over kapacitetsloftet (1 sagsbehandler)"
    )
    assert why_none([]) == "ingen sagsbehandlere at fordele til"


# ------------------------------------------------------------------ combined


def test_combined_explanation_reads_like_the_issue() -> None:
    sibling = make_case("K-S", child="B-1", holder="CW-03")
    other = make_case("K-O", holder="CW-03", extra={"weight": 6.2})
    caseload = Caseload(
        cases=(sibling, other),
        caseworkers=(
            worker("CW-01", district="Syd", skills=("handicap",)),
            worker("CW-02", district="Nord"),
            worker("CW-03", district="Nord", skills=("handicap",)),
        ),
    )
    policy = only(
        Principle("district", weight=2),
        Principle("competence", hard=True),
        Principle("load", weight=5),
        Principle("siblings", weight=4),
    )
    new = make_case("K-N", child="B-2", siblings=("B-1",), disability=True)  # weight 1.25
    ranked = suggest_allocation(new, caseload, policy, as_of=AS_OF)
    assert ranked[0].caseworker_id == "CW-03"
    assert ranked[0].explanation() == (
        "samme distrikt; kompetence handicap; belastning 82% efter tildeling; søskende hos CW-03"
    )
    assert ranked[0].explanation("en") == (
        "same district; competence handicap; load 82% after assignment; sibling with CW-03"
    )
    assert [p.principle for p in ranked[0].parts] == ["district", "competence", "load", "siblings"]
    assert ranked[0].score == pytest.approx(2 + 1 + 5 * (1 - 0.82) + 4)
    assert [s.caseworker_id for s in ranked[1:]] == ["CW-01", "CW-02"]
    assert not ranked[2].eligible  # CW-02 lacks handicap


def test_strict_order_makes_each_principle_outweigh_the_later_ones() -> None:
    caseload = Caseload(
        cases=(make_case("K-H", holder="CW-1", extra={"weight": 8.25}),),
        caseworkers=(worker("CW-1", district="Nord"), worker("CW-2", district="Syd")),
    )
    new = make_case("K-N", district="Nord")  # 0.75: CW-1 would be at 90 %, CW-2 at 7.5 %
    weighted = only(Principle("district", weight=2), Principle("load", weight=5))
    assert top(new, caseload, weighted) == "CW-2"
    strict = Policy.in_order(
        Principle("district"), Principle("competence", hard=True), Principle("load")
    )
    assert [(p.kind, p.weight) for p in strict.principles] == [
        ("district", 2.0),
        ("competence", 1.0),
        ("load", 1.0),
    ]
    assert top(new, caseload, strict) == "CW-1"
    from_file = policy_from_mapping(
        {"order": "strict", "principles": [{"kind": "district"}, {"kind": "load"}]}
    )
    assert top(new, caseload, from_file) == "CW-1"


# ------------------------------------------------------------------ batches


def test_allocate_evens_load_by_capacity() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1", capacity=4), worker("CW-2", capacity=8)))
    cases = [make_case(f"K-{i}") for i in range(6)]  # 6 x 0.75
    for solver in ("greedy", "optimal"):
        result = allocate(
            cases, caseload, only(Principle("load", weight=5)), as_of=AS_OF, solver=solver
        )
        assert result.cases_after == {"CW-1": 2, "CW-2": 4}, solver
        assert result.load_after == {"CW-1": 1.5, "CW-2": 3.0}
        assert result.load_before == {"CW-1": 0.0, "CW-2": 0.0}
        assert result.spread() == 0.0
        assert result.unassigned == ()
        assert [a.case_id for a in result.assignments] == [f"K-{i}" for i in range(6)]


def test_caseworker_leaves_and_the_others_take_the_cases() -> None:
    held = tuple(make_case(f"K-{i}", holder="CW-A") for i in range(3))
    caseload = Caseload(cases=held, caseworkers=(worker("CW-A"), worker("CW-B"), worker("CW-C")))
    result = allocate(caseload.cases_of("CW-A"), caseload, as_of=AS_OF, exclude=["CW-A"])
    assert {a.caseworker_id for a in result.assignments} <= {"CW-B", "CW-C"}
    assert len(result.assignments) == 3
    assert result.switches == 3
    assert all(a.previous == "CW-A" and a.switch for a in result.assignments)
    assert result.load_before["CW-A"] == 2.25
    assert result.load_after["CW-A"] == 0.0
    assert result.cases_before["CW-A"] == 3
    assert result.cases_after["CW-A"] == 0
    assert sorted(result.cases_after.values()) == [0, 1, 2]
    assert result.participants == ("CW-B", "CW-C")


def test_reorganisation_keeps_children_with_their_caseworker() -> None:
    cases = (
        make_case("K-1", holder="CW-B"),
        make_case("K-2", holder="CW-B"),
        make_case("K-3", holder="CW-C"),
        make_case("K-4", holder="CW-C"),
    )
    caseload = Caseload(cases=cases, caseworkers=(worker("CW-B"), worker("CW-C")))
    result = allocate(cases, caseload, as_of=AS_OF)
    assert result.switches == 0
    assert result.load_after == result.load_before
    assert "nuværende sagsbehandler (intet skift)" in result.assignments[0].explanation()


def test_siblings_in_one_batch_go_together_unless_kept_apart() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1"), worker("CW-2")))
    a = make_case("K-A", child="B-1", siblings=("B-2",))
    b = make_case("K-B", child="B-2")
    result = allocate([a, b], caseload, as_of=AS_OF)
    first, second = result.assignments
    assert first.caseworker_id == second.caseworker_id
    assert f"søskende hos {first.caseworker_id}" in first.explanation()
    apart = Policy(siblings_apart={"K-B": "modstridende interesser"})
    result = allocate([a, b], caseload, apart, as_of=AS_OF)
    assert result.assignments[0].caseworker_id != result.assignments[1].caseworker_id


def test_siblings_that_fit_nowhere_together_are_placed_one_by_one() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1", capacity=1), worker("CW-2", capacity=1)))
    a = make_case("K-A", child="B-1", siblings=("B-2",))
    b = make_case("K-B", child="B-2")  # 0.75 each: 1.5 together fits nobody
    for solver in ("greedy", "optimal"):
        result = allocate([a, b], caseload, as_of=AS_OF, solver=solver)
        assert result.unassigned == ()
        assert {x.caseworker_id for x in result.assignments} == {"CW-1", "CW-2"}


def test_unassignable_cases_say_why() -> None:
    caseload = Caseload(
        cases=(make_case("K-H", holder="CW-2", extra={"weight": 9.5}),),
        caseworkers=(worker("CW-1"), worker("CW-2", skills=("handicap",))),
    )
    cases = [
        make_case("K-1", disability=True),  # only CW-2 has handicap, and CW-2 is full
        make_case("K-2", placement=True),  # nobody has anbringelse
        make_case("K-3"),
        make_case("K-4", extra={"weight": "tung"}),
        make_case("K-5"),
        make_case("K-5", district="Syd"),  # another case under the same id
    ]
    policy = Policy(pins={"K-3": Pin("CW-9", "ledelsens vurdering")})
    result = allocate(cases, caseload, policy, as_of=AS_OF)
    reasons = {u.case_id: u.reason() for u in result.unassigned}
    assert reasons == {
        "K-1": "ingen ledig plads under kapacitetsloftet hos den eneste egnede sagsbehandler (CW-2)",
        "K-2": "ingen sagsbehandler opfylder kravene: mangler kompetence anbringelse (2 sagsbehandlere)",
        "K-3": "fastlagt til CW-9, som ikke er blandt sagsbehandlerne i fordelingen",
        "K-4": "sagen kan ikke vægtes: sag K-4, felt 'weight': skal være et positivt tal, ikke 'tung'",
        "K-5": "sagen optræder mere end én gang i fordelingen",
    }
    assert result.assignments == ()
    en = {u.case_id: u.reason("en") for u in result.unassigned}
    assert (
        en["K-2"]
        == "no caseworker meets the requirements: lacks competence anbringelse (2 caseworkers)"
    )


def test_identical_duplicates_count_once() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1"),))
    c = make_case("K-1")
    result = allocate([c, c], caseload, as_of=AS_OF)
    assert [a.case_id for a in result.assignments] == ["K-1"]
    assert result.unassigned == ()


def test_pinned_case_goes_to_its_pin_even_over_the_cap() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1"), worker("CW-2", capacity=0.5)))
    policy = Policy(pins={"K-1": Pin("CW-2", "kender familien")})
    result = allocate([make_case("K-1"), make_case("K-2")], caseload, policy, as_of=AS_OF)
    pinned = result.assignment("K-1")
    assert pinned is not None
    assert pinned.caseworker_id == "CW-2"
    assert pinned.pinned
    assert pinned.explanation() == (
        "fastlagt af ledelsen: kender familien; fastlagt trods belastning 150% efter tildeling"
    )
    other = result.assignment("K-2")
    assert other is not None
    assert other.caseworker_id == "CW-1"
    assert result.load_after == {"CW-1": 0.75, "CW-2": 0.75}


def test_auto_falls_back_to_greedy_without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    caseload = Caseload(caseworkers=(worker("CW-1", capacity=4), worker("CW-2", capacity=8)))
    cases = [make_case(f"K-{i}") for i in range(6)]
    result = allocate(cases, caseload, only(Principle("load", weight=5)), as_of=AS_OF)
    assert result.solver == "greedy"
    assert result.cases_after == {"CW-1": 2, "CW-2": 4}
    with pytest.raises(ImportError, match="allocation"):
        allocate(cases, caseload, as_of=AS_OF, solver="optimal")


def test_plain_greedy_without_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    import boernesag.allocation.solve as solve

    def no_numpy(*args: object) -> None:
        raise ImportError("numpy")

    monkeypatch.setattr(solve, "VectorScorer", no_numpy)
    caseload = Caseload(caseworkers=(worker("CW-1", capacity=4), worker("CW-2", capacity=8)))
    cases = [make_case(f"K-{i}") for i in range(6)]
    result = allocate(cases, caseload, only(Principle("load", weight=5)), as_of=AS_OF)
    assert result.solver == "greedy"
    # Heaviest first, then by id; each to the larger value 5 * (1 - load after / capacity).
    assert [a.caseworker_id for a in result.assignments] == [
        "CW-2",
        "CW-1",
        "CW-2",
        "CW-2",
        "CW-1",
        "CW-2",
    ]
    a = make_case("K-A", child="B-1", siblings=("B-2",))
    b = make_case("K-B", child="B-2")
    together = allocate([a, b], caseload, as_of=AS_OF)
    assert together.assignments[0].caseworker_id == together.assignments[1].caseworker_id


def test_unknown_solver_is_refused() -> None:
    with pytest.raises(ValueError, match="solver"):
        allocate([], Caseload(), solver="magic")


def test_empty_batch_and_no_caseworkers() -> None:
    empty = allocate([], Caseload(caseworkers=(worker("CW-1"),)), as_of=AS_OF)
    assert (empty.assignments, empty.unassigned) == ((), ())
    nobody = allocate([make_case("K-1")], Caseload(), as_of=AS_OF)
    assert [u.reason() for u in nobody.unassigned] == ["ingen sagsbehandlere at fordele til"]


# ------------------------------------------------------------------ reports


def _small_result() -> Allocation:
    caseload = Caseload(
        cases=(make_case("K-1", holder="CW-A"), make_case("K-2", holder="CW-A", disability=True)),
        caseworkers=(worker("CW-A"), worker("CW-B")),
    )
    return allocate(caseload.cases, caseload, as_of=AS_OF, exclude=["CW-A"])


def test_allocation_to_dict_and_renderers() -> None:
    result = _small_result()
    data = result.to_dict()
    assert [a["case_id"] for a in data["assignments"]] == ["K-1"]
    assert data["unassigned"][0]["case_id"] == "K-2"
    assert data["switches"] == 1
    loads = {r["caseworker_id"]: r for r in data["loads"]}
    # K-2 cannot move (no one else has the handicap competence): it still counts at CW-A.
    assert (loads["CW-A"]["load_before"], loads["CW-A"]["load_after"]) == (2.0, 1.25)
    assert (loads["CW-A"]["cases_before"], loads["CW-A"]["cases_after"]) == (2, 1)
    assert (loads["CW-B"]["load_after"], loads["CW-B"]["load_after_pct"]) == (0.75, "8%")
    md = allocation_markdown(result)
    assert md.startswith("## Fordeling")
    assert "| sag | sagsbehandler | tidligere | vægt | begrundelse |" in md
    assert "### Ikke fordelt" in md
    assert "### Belastning pr. sagsbehandler" in md
    text = allocation_text(result, "en")
    assert "case" in text.splitlines()[0]
    assert "Not allocated" in text
    assert "1 case allocated, 1 not allocated, 1 change of caseworker" in text


def test_suggestions_markdown_escapes_pipes() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1"),))
    policy = Policy(pins={"K-1": Pin("CW-1", "a | b")})
    ranked = suggest_allocation(make_case("K-1"), caseload, policy, as_of=AS_OF)
    md = suggestions_markdown(ranked, "K-1")
    assert "fastlagt af ledelsen: a \\| b" in md


# ------------------------------------------------------------------ policy files


def test_example_policy_file() -> None:
    policy = load_policy(EXAMPLE)
    assert [p.kind for p in policy.principles] == [
        "management",
        "team",
        "competence",
        "siblings",
        "continuity",
        "cpr",
        "load",
    ]
    team = policy.principle("team")
    assert team is not None
    assert team.hard
    assert team.rule.by == "district"
    competence = policy.principle("competence")
    assert competence is not None
    assert competence.rule.paragraphs == ("BL 46", "BL 47")
    cpr = policy.principle("cpr")
    assert cpr is not None
    assert cpr.rule["CW-003"] == ((21, 31),)
    assert policy.pins["K-2024-00017"] == Pin("CW-004", "kender familien fra et tidligere forløb")
    assert "K-2023-00010" in policy.siblings_apart
    assert policy.weights.team_kind == {"undersoegelse": 0.5}
    assert policy.capacity.points_per_full_time == 25.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[principles]]\nkind = "lottery"\n', "ukendt princip"),
        ('[[principles]]\nkind = "district"\nby = "x"\n', "ukendte indstillinger by"),
        ('[[principles]]\nkind = "load"\nhard = true\n', "kan ikke være hårdt"),
        ('[[principles]]\nkind = "cpr"\nranges = { A = [5, 2] }\n', "sidste dag"),
        ('[[principles]]\nkind = "team"\nby = "alder"\n', "'by' skal være"),
        ('[pins]\n"K-1" = { caseworker = "A" }\n', "pins.K-1"),
        ('[pins]\n"K-1" = { caseworker = "A", reason = "" }\n', "begrundelse"),
        ("max_load = 0\n", "max_load"),
        ('order = "random"\n', "order"),
        ("[weights]\nheavy = 2\n", "weights"),
        ("colour = 1\n", "ukendte nøgler colour"),
        ("principles = [", "ikke gyldig TOML"),
    ],
)
def test_bad_policy_files_are_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "politik.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_policy(path)


def test_missing_policy_file() -> None:
    with pytest.raises(PolicyError, match="findes ikke"):
        load_policy("/nonexistent/politik.toml")


# ------------------------------------------------------------------ command line


def test_cli_allocate_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", "--demo", "--demo-size", "60", "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    moved = len(data["assignments"]) + len(data["unassigned"])
    assert moved > 0
    # The demo's intake of new cases is distributed, not an existing caseworker's cases.
    assert all(a["case_id"].startswith("NY-") for a in data["assignments"])
    assert data["assignments"]
    assert all(a["previous"] is None for a in data["assignments"])
    assert {r["caseworker_id"] for r in data["loads"]} >= {
        a["caseworker_id"] for a in data["assignments"]
    }


def test_cli_from_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["allocate", "--demo", "--demo-size", "60", "--from", "CW-001"]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows
    assert list(rows[0]) == list(ASSIGNMENT_COLUMNS)
    assert all(r["previous"] == "CW-001" for r in rows if r["status"] == "assigned")
    assert all(r["caseworker_id"] != "CW-001" for r in rows)
    assert main([*args, "--format", "markdown", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("## Allocation")


def test_cli_suggest_and_policy(capsys: pytest.CaptureFixture[str]) -> None:
    from boernesag.demo import demo_caseload

    case_id = demo_caseload(60).cases[0].case_id
    args = ["allocate", "--demo", "--demo-size", "60", "--suggest", case_id, "--top", "3"]
    assert main([*args, "--format", "json", "--policy", str(EXAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["case_id"] == case_id
    assert [s["rank"] for s in data["suggestions"]] == [1, 2, 3]
    assert main([*args, "--format", "table"]) == 0
    assert capsys.readouterr().out.startswith(f"Forslag til sagsbehandler for {case_id}")


def test_cli_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", "--demo", "--case", "K-NOPE", "--format", "json"]) == 2
    assert "K-NOPE" in capsys.readouterr().err
    assert main(["allocate", "--demo", "--from", "CW-NOPE", "--format", "json"]) == 2
    assert "CW-NOPE" in capsys.readouterr().err


def test_cli_reads_a_caseload_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from boernesag.caseio import dump_caseload

    caseload = Caseload(
        cases=(make_case("K-1"), make_case("K-2", holder="CW-1")),
        caseworkers=(worker("CW-1"), worker("CW-2")),
    )
    path = tmp_path / "sager.json"
    dump_caseload(caseload, path)
    assert main(["allocate", str(path), "--as-of", "2025-06-30", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(a["case_id"], a["caseworker_id"]) for a in data["assignments"]] == [("K-1", "CW-2")]


def test_principles_combined_in_order() -> None:
    # Competence is hard; district outweighs team; load breaks the tie between equals.
    caseload = Caseload(
        caseworkers=(
            worker("CW-1", team="T1", district="Syd", skills=("handicap",)),
            worker("CW-2", team="T2", district="Nord", skills=("handicap",)),
            worker("CW-3", team="T1", district="Nord"),  # no handicap competence
            worker("CW-4", team="T2", district="Nord", skills=("handicap",), capacity=40),
        )
    )
    policy = only(
        Principle("competence", hard=True),
        Principle("district", weight=3),
        Principle("team", weight=1),
        Principle("load", weight=1),
    )
    c = make_case("K-1", disability=True, team="T1", district="Nord")  # weight 1.25
    ranked = suggest_allocation(c, caseload, policy, as_of=AS_OF)
    assert [s.caseworker_id for s in ranked] == ["CW-4", "CW-2", "CW-1", "CW-3"]
    assert [s.eligible for s in ranked] == [True, True, True, False]
    # competence 1 + district 3 + load 1 * (1 - 1.25 / 40) for CW-4; team 1 for CW-1.
    assert [round(s.score, 5) for s in ranked[:3]] == [4.96875, 4.875, 2.875]
    assert ranked[0].explanation() == (
        "kompetence handicap; samme distrikt; ikke i team T1; belastning 3% efter tildeling"
    )


def test_hard_sibling_rules_in_one_batch() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1", capacity=1), worker("CW-2", capacity=1)))
    a = make_case("K-A", child="B-1", siblings=("B-2",))
    b = make_case("K-B", child="B-2")
    hard = only(Principle("siblings", hard=True), Principle("load", weight=1))
    result = allocate([a, b], caseload, hard, as_of=AS_OF)  # together, but 1.5 fits nobody
    assert result.assignments == ()
    assert [u.reason() for u in result.unassigned] == [
        "søskende skal have samme sagsbehandler, og ingen egnet sagsbehandler har plads til "
        "dem alle (søskendes sager: K-B)",
        "søskende skal have samme sagsbehandler, og ingen egnet sagsbehandler har plads til "
        "dem alle (søskendes sager: K-A)",
    ]
    one = Caseload(caseworkers=(worker("CW-1"),))
    apart = attrs_evolve(hard, siblings_apart={"K-A": "konflikt"})
    result = allocate([a, b], one, apart, as_of=AS_OF)
    assert [x.case_id for x in result.assignments] == ["K-A"]
    assert result.unassigned[0].reason() == (
        "søskende skal have hver sin sagsbehandler, og ingen anden egnet sagsbehandler har plads"
    )


def test_pin_to_an_inactive_caseworker_warns() -> None:
    caseload = Caseload(caseworkers=(worker("CW-1", active=False),))
    result = allocate(
        [make_case("K-1")],
        caseload,
        Policy(pins={"K-1": Pin("CW-1", "orlov slutter")}),
        as_of=AS_OF,
    )
    (a,) = result.assignments
    assert a.explanation() == (
        "fastlagt af ledelsen: orlov slutter; fastlagt trods: sagsbehandleren er ikke aktiv; "
        "belastning 8% efter tildeling"
    )
    assert [p.key for p in a.parts if p.warning] == ["pin_inactive"]


def test_allocation_reports_never_contain_cpr() -> None:
    from boernesag.demo import DEMO_AS_OF, demo_caseload

    caseload = demo_caseload(60)
    numbers = [c.child.cpr.reveal() for c in caseload.cases if c.child.cpr]
    result = allocate(caseload.cases_of("CW-001"), caseload, as_of=DEMO_AS_OF, exclude=["CW-001"])
    ranked = suggest_allocation(caseload.cases[0], caseload, as_of=DEMO_AS_OF)
    texts = [
        json.dumps(result.to_dict()),
        json.dumps(result.to_dict("en")),
        allocation_markdown(result),
        allocation_text(result),
        repr(result),
        json.dumps([s.to_dict() for s in ranked]),
        repr(ranked),
    ]
    for number in numbers:
        for form in (number, f"{number[:6]}-{number[6:]}"):
            assert not any(form in t for t in texts)


def test_markdown_shows_ids_as_text_not_html() -> None:
    """An id carrying HTML or a link is escaped in the Markdown of an allocation."""
    import attrs

    from boernesag.allocation.render import allocation_markdown
    from boernesag.demo import DEMO_AS_OF, demo_caseload

    caseload = demo_caseload(30)
    cases = [
        attrs.evolve(c, case_id=f"<script>x</script>[klik](javascript:x){i}")
        for i, c in enumerate(caseload.cases[:3])
    ]
    result = allocate(cases, caseload, as_of=DEMO_AS_OF, solver="greedy")
    text = allocation_markdown(result)
    assert "<script>" not in text
    assert "[klik](javascript" not in text
    assert "\\[klik\\](javascript:x)" in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text


def test_cli_allocate_demo_places_the_intake_and_reports_the_rest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["allocate", "--demo", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["assignments"]) >= 10
    assert all(a["explanation"] for a in data["assignments"])
    assert all(u["reason"] for u in data["unassigned"])
    assert data["solver"] == "optimal"
    assert data["gap"] is not None
    assert data["gap"] <= 1e-6


def test_cases_that_cannot_move_still_count_where_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["allocate", "--demo", "--from", "CW-003", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    loads = {r["caseworker_id"]: r for r in data["loads"]}
    stuck = len(data["unassigned"])
    assert stuck > 0
    assert loads["CW-003"]["cases_after"] == loads["CW-003"]["cases_before"] - len(
        data["assignments"]
    )
    assert loads["CW-003"]["cases_after"] == stuck
    total_before = sum(r["load_before"] for r in data["loads"])
    total_after = sum(r["load_after"] for r in data["loads"])
    assert abs(total_before - total_after) < 1e-6  # nothing vanishes from the load table


@pytest.mark.parametrize("busy", [False, True])
@pytest.mark.parametrize("limit", [0.01, 0.5])
def test_optimal_stopped_by_its_time_limit_is_never_worse_than_greedy(
    limit: float, busy: bool
) -> None:
    """200 new cases over 40 caseworkers, idle or busy (where the MIP stopped at its limit
    below greedy): the result scores at least plain greedy's, says whose placement it is, and gives
    the gap against the MIP's bound."""
    import attrs

    from boernesag.demo import DEMO_AS_OF, demo_caseworkers, iter_demo_cases

    workers, teams = demo_caseworkers(40, seed=5)
    new = [
        attrs.evolve(
            c,
            case_id="NY-" + c.case_id,
            events=[e for e in c.events if e.type != EventType.SAGSBEHANDLER_TILDELT],
        )
        for c in iter_demo_cases(200, seed=5, caseworkers=workers)
    ]
    existing = tuple(iter_demo_cases(600, seed=6, caseworkers=workers)) if busy else ()
    caseload = Caseload(cases=existing + tuple(new), caseworkers=workers, teams=teams)
    greedy = allocate(new, caseload, as_of=DEMO_AS_OF, solver="greedy")
    optimal = allocate(new, caseload, as_of=DEMO_AS_OF, solver="optimal", time_limit=limit)
    assert (len(optimal.assignments), optimal.objective + 1e-6) >= (
        len(greedy.assignments),
        greedy.objective,
    )
    assert optimal.solver in ("optimal", "greedy")
    if optimal.gap is not None:
        assert optimal.gap >= 0
        assert ("greedy" in optimal.solver_text("en")) == (optimal.solver == "greedy")


def test_a_small_gap_is_not_shown_as_zero() -> None:
    """A 0.07 % gap reads 0,07 % (da) / 0.07% (en), never "0%" (which reads as optimal)."""
    from boernesag.allocation.labels import fmt_gap

    assert fmt_gap(0.0007, "da") == "0,07%"
    assert fmt_gap(0.0007, "en") == "0.07%"
    assert fmt_gap(0.00001, "en") == "<0.01%"
    assert fmt_gap(0.0, "en") == "0%"
    assert fmt_gap(0.098, "en") == "10%"
