"""Allocation inputs are checked at the door (issue "Nothing lost, nothing leaked", item 1).

Caseworkers, teams and cases built in Python, policy objects and the arguments of the public
functions: a bad value gives a :class:`~boernesag.errors.BoernesagError` naming the
caseworker, case or part and the value; extreme but valid inputs give a clear result.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boernesag.allocation import (
    CapacityModel,
    CompetenceRules,
    Pin,
    Policy,
    PolicyError,
    Principle,
    TeamRule,
    WeightModel,
    allocate,
    case_phase,
    current_loads,
    required_competences,
    solve,
    suggest_allocation,
    why_none,
)
from boernesag.allocation.inputs import CaseworkerError
from boernesag.demo import DEMO_AS_OF, demo_caseload
from boernesag.errors import AllocationError, BoernesagError, CaseFormatError, RuleError
from boernesag.model import Caseload, Caseworker

CASELOAD = demo_caseload(40)
CASE = CASELOAD.cases[0]

# ------------------------------------------------------------------ caseworkers


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("capacity", -1.0, "-1.0 (tal)"),
        ("capacity", math.nan, "nan (tal)"),
        ("capacity", math.inf, "inf (tal)"),
        ("capacity", 10**400, "over 30 cifre"),
        ("capacity", True, "true (sandhedsværdi)"),
        ("hours", 0, "0 (heltal)"),
        ("hours", 200.0, "200.0 (tal)"),
        ("experience", -3.0, "-3.0 (tal)"),
        ("experience", "2 år", "'2 år' (tekst)"),
        ("competences", frozenset({3}), "3 (heltal)"),
        ("team", ["T1"], "(liste)"),
        ("active", "false", "'false' (tekst)"),
    ],
)
def test_a_bad_caseworker_field_names_caseworker_field_and_value(
    field: str, value: Any, shown: str
) -> None:
    worker = attrs.evolve(CASELOAD.caseworkers[1], **{field: value})
    caseload = attrs.evolve(
        CASELOAD, caseworkers=(CASELOAD.caseworkers[0], worker, *CASELOAD.caseworkers[2:])
    )
    for call in (
        lambda: suggest_allocation(CASE, caseload, as_of=DEMO_AS_OF),
        lambda: allocate(CASELOAD.cases[:3], caseload, as_of=DEMO_AS_OF),
        lambda: current_loads(caseload, DEMO_AS_OF),
    ):
        with pytest.raises(CaseworkerError) as info:
            call()
        message = str(info.value)
        assert f"sagsbehandler {worker.id}" in message
        assert f"felt {field!r}" in message
        assert shown in message
        assert info.value.caseworker_id == worker.id
        assert info.value.field == field
        assert isinstance(info.value, CaseFormatError)


def test_two_caseworkers_with_one_id_are_refused() -> None:
    twice = attrs.evolve(CASELOAD, caseworkers=(*CASELOAD.caseworkers, CASELOAD.caseworkers[0]))
    with pytest.raises(CaseworkerError, match="to sagsbehandlere har dette id"):
        allocate(CASELOAD.cases[:2], twice, as_of=DEMO_AS_OF)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0),
    capacity=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    hours=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    competences=st.frozensets(st.one_of(st.text(max_size=8), st.integers(), st.none())),
)
def test_mutated_staff_give_library_errors_or_a_result(
    index: int,
    capacity: float | None,
    hours: float | None,
    competences: frozenset[Any],
) -> None:
    staff = list(CASELOAD.caseworkers)
    i = index % len(staff)
    staff[i] = attrs.evolve(staff[i], capacity=capacity, hours=hours, competences=competences)
    caseload = attrs.evolve(CASELOAD, caseworkers=tuple(staff))
    for solver in ("greedy", "optimal"):
        try:
            result = allocate(CASELOAD.cases[:8], caseload, as_of=DEMO_AS_OF, solver=solver)
        except BoernesagError:
            continue
        assert len(result.assignments) + len(result.unassigned) == 8
    try:
        ranked = suggest_allocation(CASE, caseload, as_of=DEMO_AS_OF)
    except BoernesagError:
        return
    assert len(ranked) == len(staff)


# ------------------------------------------------------------------ cases and arguments


def test_a_case_listing_competences_that_are_not_texts() -> None:
    bad = attrs.evolve(CASE, extra={**CASE.extra, "competences": "handicap"})
    with pytest.raises(CaseFormatError) as info:
        required_competences(bad, DEMO_AS_OF)
    assert info.value.case_id == CASE.case_id
    assert info.value.field == "competences"
    assert "'handicap' (tekst)" in str(info.value)
    # in a batch the case is reported, the others are placed
    result = allocate([bad, *CASELOAD.cases[1:4]], CASELOAD, as_of=DEMO_AS_OF)
    (unplaced,) = [u for u in result.unassigned if u.case_id == CASE.case_id]
    assert "competences" in unplaced.reason()


@pytest.mark.parametrize(
    ("call", "text"),
    [
        (lambda: allocate([], CASELOAD, solver="magic"), "ukendt solver"),
        (lambda: allocate(CASE, CASELOAD, as_of=DEMO_AS_OF), "'cases'"),  # type: ignore[arg-type]
        (lambda: allocate([], CASELOAD, as_of=DEMO_AS_OF, exclude="CW-001"), "'exclude'"),
        (lambda: allocate([], CASELOAD, "policy", as_of=DEMO_AS_OF), "'policy'"),  # type: ignore[arg-type]
        (lambda: allocate([], {"cases": []}, as_of=DEMO_AS_OF), "'caseload'"),  # type: ignore[arg-type]
        (
            lambda: suggest_allocation(CASE, CASELOAD, as_of=datetime(2025, 6, 30)),
            "'as_of'",
        ),
        (
            lambda: suggest_allocation(
                CASE, CASELOAD, as_of=DEMO_AS_OF, loads={"CW-001": math.nan}
            ),
            "sagsbehandler CW-001",
        ),
        (lambda: why_none("x"), "'suggestions'"),  # type: ignore[arg-type]
        (lambda: case_phase("K-1", DEMO_AS_OF), "'case'"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_name_the_argument(call: Any, text: str) -> None:
    with pytest.raises(AllocationError) as info:
        call()
    assert text in str(info.value)
    assert isinstance(info.value, ValueError)


def test_as_of_outside_the_window_is_refused() -> None:
    with pytest.raises(BoernesagError, match="1900-2099"):
        allocate([], CASELOAD, as_of=date(1, 1, 1))


# ------------------------------------------------------------------ policy objects


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda: Principle("district", hard="false"), "'hard' skal være true eller false"),  # type: ignore[arg-type]
        (lambda: Principle("district", weight=math.nan), "'weight'"),
        (lambda: Principle("district", weight=1e300), "'weight'"),
        (lambda: Principle("competence", options={"unge_age": "17"}), "'unge_age'"),
        (lambda: Principle("competence", options={"disability": 3}), "'disability'"),
        (lambda: Principle("team", options={"kinds": {"modtage": 1}}), "'kinds'"),
        (lambda: Principle("cpr", options={"ranges": {"A": [1, 40]}}), "sidste dag"),
        (lambda: Policy(max_load=math.inf), "'max_load'"),
        (lambda: Policy(max_load=1e6), "'max_load'"),
        (lambda: Policy(max_load="1"), "'max_load'"),  # type: ignore[arg-type]
        (lambda: Policy(pins={"K-1": "CW-1"}), "Pin"),  # type: ignore[dict-item]
        (lambda: Policy(siblings_apart={"K-1": ""}), "siblings_apart.K-1"),
        (lambda: Policy(weights={"base": 1}), "'weights'"),  # type: ignore[arg-type]
        (lambda: Pin("CW-1", None), "begrundelse"),  # type: ignore[arg-type]
        (lambda: WeightModel(placement=math.nan), "'placement'"),
        (lambda: WeightModel(base=1e9), "'base'"),
        (lambda: WeightModel(minimum=0), "'minimum'"),
        (lambda: WeightModel(complexity={"hoej": "meget"}), "'complexity'"),
        (lambda: WeightModel(team_kind=[1]), "'team_kind'"),  # type: ignore[arg-type]
        (lambda: WeightModel(equal="true"), "'equal'"),  # type: ignore[arg-type]
        (lambda: CapacityModel(full_time_hours=0), "'full_time_hours'"),
        (lambda: CapacityModel(points_per_full_time=-5), "'points_per_full_time'"),
        (lambda: CompetenceRules(paragraphs="BL 46"), "'paragraphs'"),  # type: ignore[arg-type]
        (lambda: TeamRule(by="alder"), "'by' skal være"),
    ],
)
def test_bad_policy_objects_are_refused_with_the_part(make: Any, text: str) -> None:
    with pytest.raises(PolicyError) as info:
        make()
    assert text in str(info.value)
    assert isinstance(info.value, RuleError)


def test_a_competence_list_is_a_list_not_all_paragraphs() -> None:
    assert CompetenceRules(paragraphs=["BL 46"]).paragraphs == ("BL 46",)  # type: ignore[arg-type]


def test_too_many_strict_principles_are_refused() -> None:
    with pytest.raises(PolicyError, match="30 bløde"):
        Policy.in_order(*[Principle("district") for _ in range(31)])


# ------------------------------------------------------------------ extreme but valid


def test_no_caseworkers_and_no_capacity_give_reasons() -> None:
    cases = CASELOAD.cases[:10]
    nobody = attrs.evolve(CASELOAD, caseworkers=())
    for solver in ("greedy", "optimal"):
        result = allocate(cases, nobody, as_of=DEMO_AS_OF, solver=solver)
        assert not result.assignments
        assert {u.reason() for u in result.unassigned} == {"ingen sagsbehandlere at fordele til"}
    full = attrs.evolve(
        CASELOAD, caseworkers=tuple(attrs.evolve(w, capacity=0.0) for w in CASELOAD.caseworkers)
    )
    for solver in ("greedy", "optimal"):
        result = allocate(cases, full, as_of=DEMO_AS_OF, solver=solver)
        assert not result.assignments
        assert all("ingen kapacitet" in u.reason() for u in result.unassigned)


def _one_worker(n: int) -> tuple[list[Any], Caseload]:
    base = demo_caseload(min(n, 500), seed=9)
    cases = [
        attrs.evolve(c, case_id=f"{c.case_id}-{k}")
        for k in range(math.ceil(n / len(base.cases)))
        for c in base.cases
    ][:n]
    worker = Caseworker(
        id="CW-ENE", capacity=10_000.0, competences=frozenset({"handicap", "anbringelse", "unge"})
    )
    return cases, Caseload(cases=tuple(cases), caseworkers=(worker,))


@pytest.mark.parametrize("equal", [False, True])
def test_many_cases_for_one_caseworker(equal: bool) -> None:
    cases, caseload = _one_worker(1500)
    policy = Policy(max_load=10.0, weights=WeightModel(equal=equal))
    for solver in ("greedy", "optimal"):
        result = allocate(cases, caseload, policy, as_of=DEMO_AS_OF, solver=solver)
        assert len(result.assignments) == len(cases)
        assert not result.unassigned


def test_a_too_large_assignment_matrix_is_solved_greedily_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases, caseload = _one_worker(200)
    policy = Policy(max_load=10.0)
    assert allocate(cases, caseload, policy, as_of=DEMO_AS_OF, solver="optimal").solver == (
        "optimal"
    )
    monkeypatch.setattr(solve, "_MAX_CELLS", 100)  # allowed (case, caseworker) pairs
    result = allocate(cases, caseload, policy, as_of=DEMO_AS_OF, solver="optimal")
    assert result.solver == "greedy"
    assert len(result.assignments) == len(cases)


@pytest.mark.slow
def test_ten_thousand_cases_for_one_caseworker() -> None:
    cases, caseload = _one_worker(10_000)
    result = allocate(cases, caseload, Policy(max_load=10.0), as_of=DEMO_AS_OF)
    assert len(result.assignments) == 10_000
    assert result.solver == "greedy"  # the matrix would be 10,000 × 10,000
