"""Properties of allocation on random small caseloads and policies (Hypothesis).

- every case of a batch ends up exactly once: placed, or unassigned with a reason;
- no placement other than a pin breaks a hard principle or the capacity cap;
- pinned cases stay with their pin;
- the result does not depend on the order of the input (cases or caseworkers);
- the vectorised scoring gives the same points as the explained, one-by-one scoring;
- with equal case weights the optimal solver finds the best allocation (checked by brute force);
- with any weights, siblings and pins, the exact MIP's (placed, objective) is the brute-force
  optimum of the one objective, and greedy's is never better.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import date
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from boernesag.allocation import Pin, Policy, Principle, WeightModel, allocate
from boernesag.allocation.score import EPS, Scorer, VectorScorer
from boernesag.model import Case, Caseload, Caseworker, Child, Event, EventType
from boernesag.paragraphs import Paragraph

AS_OF = date(2025, 6, 30)
SKILLS = ("handicap", "anbringelse")


def _case(
    case_id: str,
    child: str,
    *,
    day: int,
    disability: bool,
    placement: bool,
    district: str,
    team: str,
    siblings: tuple[str, ...],
    previous: str | None,
    holder: str | None,
) -> Case:
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
    if previous:
        events.append(
            Event(
                id="E3",
                type=EventType.SAGSBEHANDLER_TILDELT,
                date=date(2024, 5, 1),
                caseworker=previous,
            )
        )
    if holder:
        events.append(
            Event(
                id="E4",
                type=EventType.SAGSBEHANDLER_TILDELT,
                date=date(2025, 3, 1),
                caseworker=holder,
            )
        )
    return Case(
        case_id=case_id,
        child=Child(
            id=child, birth_date=date(2014, 1, day), siblings=siblings, disability=disability
        ),
        events=tuple(events),
        team=team,
        district=district,
    )


@st.composite
def principles(draw: st.DrawFn, worker_ids: list[str]) -> tuple[Principle, ...]:
    pool: list[Principle] = [
        Principle("management"),
        Principle("competence", hard=draw(st.booleans()), weight=draw(st.sampled_from([1.0, 2.0]))),
        Principle(
            "team",
            hard=draw(st.booleans()),
            weight=draw(st.sampled_from([0.0, 1.0, 3.0])),
            options={"by": draw(st.sampled_from(["case", "district"]))},
        ),
        Principle("district", hard=draw(st.booleans()), weight=draw(st.sampled_from([1.0, 2.0]))),
        Principle(
            "cpr",
            hard=draw(st.booleans()),
            options={"ranges": {w: [1 + 9 * i, 9 + 9 * i] for i, w in enumerate(worker_ids[:3])}},
        ),
        Principle("siblings", hard=draw(st.booleans()), weight=draw(st.sampled_from([1.0, 4.0]))),
        Principle("continuity", hard=draw(st.booleans()), weight=3.0),
        Principle("load", weight=draw(st.sampled_from([0.0, 1.0, 5.0]))),
    ]
    chosen = draw(st.lists(st.sampled_from(range(len(pool))), unique=True, max_size=len(pool)))
    return tuple(pool[i] for i in chosen)


@st.composite
def scenarios(
    draw: st.DrawFn, *, equal: bool = False, siblings: bool = True, pins: bool = True
) -> tuple[list[Case], Caseload, Policy]:
    n_workers = draw(st.integers(1, 4))
    ids = [f"CW-{i}" for i in range(n_workers)]
    workers = tuple(
        Caseworker(
            id=wid,
            team=draw(st.sampled_from(["T1", "T2"])),
            district=draw(st.sampled_from(["Nord", "Syd"])),
            capacity=draw(st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0, 4.5])),
            competences=frozenset(draw(st.sets(st.sampled_from(SKILLS)))),
            active=draw(st.sampled_from([True, True, True, False])),
        )
        for wid in ids
    )
    maybe_worker = st.one_of(st.none(), st.sampled_from([*ids, "GONE"]))
    n_old = draw(st.integers(0, 3))
    n_new = draw(st.integers(0, 7))
    children = [f"B-{i}" for i in range(n_old + n_new)]
    pairs = (
        draw(st.lists(st.tuples(st.sampled_from(children), st.sampled_from(children)), max_size=3))
        if siblings and children
        else []
    )
    sib: dict[str, set[str]] = {c: set() for c in children}
    for a, b in pairs:
        if a != b:
            sib[a].add(b)
    cases = []
    for i, child in enumerate(children):
        cases.append(
            _case(
                f"K-{i:02d}",
                child,
                day=draw(st.integers(1, 28)),
                disability=draw(st.booleans()),
                placement=draw(st.booleans()),
                district=draw(st.sampled_from(["Nord", "Syd"])),
                team=draw(st.sampled_from(["T1", "T2"])),
                siblings=tuple(sorted(sib[child])),
                previous=draw(maybe_worker),
                holder=draw(st.sampled_from(ids)) if i < n_old else draw(maybe_worker),
            )
        )
    batch = cases[n_old:]
    pin_map: dict[str, Pin] = {}
    apart: dict[str, str] = {}
    if batch and pins:
        for c in draw(st.lists(st.sampled_from(batch), max_size=2, unique_by=lambda c: c.case_id)):
            pin_map[c.case_id] = Pin(draw(st.sampled_from([*ids, "CW-9"])), "ledelsens vurdering")
        for c in draw(st.lists(st.sampled_from(batch), max_size=2, unique_by=lambda c: c.case_id)):
            apart[c.case_id] = "modstridende interesser"
    policy = Policy(
        principles=draw(principles(ids)),
        max_load=draw(st.sampled_from([0.5, 1.0, 1.5])),
        pins=pin_map,
        siblings_apart=apart,
        weights=WeightModel(equal=equal),
    )
    return batch, Caseload(cases=tuple(cases), caseworkers=workers), policy


def _pair_ok(result: Any, batch: list[Case], policy: Policy) -> None:
    """Hard siblings rule between two cases of the batch: together, or apart when listed."""
    sib = policy.principle("siblings")
    if sib is None or not sib.hard:
        return
    where = {a.case_id: a.caseworker_id for a in result.assignments if not a.pinned}
    by_child = {c.child.id: c for c in batch}
    for c in batch:
        for s in c.child.siblings:
            other = by_child.get(s)
            if other is None or c.case_id not in where or other.case_id not in where:
                continue
            if c.case_id in policy.pins or other.case_id in policy.pins:
                continue
            apart = c.case_id in policy.siblings_apart or other.case_id in policy.siblings_apart
            same = where[c.case_id] == where[other.case_id]
            assert same != apart, (c.case_id, other.case_id)


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.sampled_from(["greedy", "optimal"]))
def test_allocation_invariants(scenario: tuple[list[Case], Caseload, Policy], solver: str) -> None:
    batch, caseload, policy = scenario
    result = allocate(batch, caseload, policy, as_of=AS_OF, solver=solver)
    placed = [a.case_id for a in result.assignments]
    missing = [u.case_id for u in result.unassigned]
    assert sorted(placed + missing) == sorted(c.case_id for c in batch)  # each exactly once
    assert all(u.reason() and u.reason("en") for u in result.unassigned)
    workers = {w.id: w for w in caseload.caseworkers}
    for a in result.assignments:
        pin = policy.pins.get(a.case_id)
        if pin is not None:
            assert a.pinned
            assert a.caseworker_id == pin.caseworker
    for pid, pin in policy.pins.items():
        if pin.caseworker in workers:
            assert (pid, pin.caseworker) in {
                (a.case_id, a.caseworker_id) for a in result.assignments
            }
    # The cap: a caseworker who got any unpinned case is within max_load afterwards, not
    # counting the cases of the batch that could not move and so still count with them.
    held = {c.case_id: c.caseworker_on(AS_OF) for c in batch if c.is_open_on(AS_OF)}
    for cw, after in result.load_after.items():
        stayed = sum(u.weight or 0.0 for u in result.unassigned if held.get(u.case_id) == cw)
        if any(a.caseworker_id == cw and not a.pinned for a in result.assignments):
            assert after - stayed <= policy.max_load * result.capacity[cw] + 1e-6
    # Hard principles: check every unpinned placement with the explained scorer.
    placed_pins = {a.case_id: a.caseworker_id for a in result.assignments if a.pinned}
    scorer = Scorer(caseload, policy, AS_OF, moving={c.case_id for c in batch}, placed=placed_pins)
    by_id = {c.case_id: c for c in batch}
    for a in result.assignments:
        if a.pinned:
            continue
        facts = scorer.facts(by_id[a.case_id])
        score = scorer.score(facts, workers[a.caseworker_id], 0.0)
        assert score.allowed, (a, [p.text() for p in score.parts])
    _pair_ok(result, batch, policy)
    before_total = sum(result.load_before.values())
    assert before_total >= 0


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False), st.sampled_from(["greedy", "optimal"]))
def test_result_independent_of_input_order(
    scenario: tuple[list[Case], Caseload, Policy], rnd: random.Random, solver: str
) -> None:
    batch, caseload, policy = scenario
    shuffled = list(batch)
    rnd.shuffle(shuffled)
    workers = list(caseload.caseworkers)
    rnd.shuffle(workers)
    other = attrs.evolve(caseload, caseworkers=tuple(workers))
    a = allocate(batch, caseload, policy, as_of=AS_OF, solver=solver)
    b = allocate(shuffled, other, policy, as_of=AS_OF, solver=solver)
    assert a.assignments == b.assignments
    assert a.unassigned == b.unassigned
    assert a.load_after == b.load_after


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_vector_scores_equal_explained_scores(
    scenario: tuple[list[Case], Caseload, Policy],
) -> None:
    batch, caseload, policy = scenario
    scorer = Scorer(caseload, policy, AS_OF, moving={c.case_id for c in batch})
    vs = VectorScorer(scorer)
    for case in batch:
        facts = scorer.facts(case)
        points, ok = vs.static(facts)
        for j, w in enumerate(scorer.workers):
            static, allowed = scorer.static(facts, w)
            explained = scorer.score(facts, w, 0.0)
            assert points[j] == static == explained.static
            assert bool(ok[j]) == allowed == explained.allowed
            shown = sum(p.points for p in explained.parts if p.principle != "load")
            assert abs(shown - static) < 1e-9  # the parts add up to the score


def _brute_force(batch: list[Case], caseload: Caseload, policy: Policy) -> tuple[int, float]:
    """The best (cases placed, objective) over every placement (each case: a worker or none)."""
    scorer = Scorer(caseload, policy, AS_OF, moving={c.case_id for c in batch})
    ids = [w.id for w in scorer.workers]
    base = dict.fromkeys(ids, 0.0)
    for c in caseload.cases:
        if c not in batch and c.is_open_on(AS_OF) and c.caseworker_on(AS_OF) in base:
            base[c.caseworker_on(AS_OF) or ""] += scorer.weight(c)
    facts = [scorer.facts(c) for c in batch]
    static = [[scorer.static(f, w) for w in scorer.workers] for f in facts]
    mean = sum(f.weight for f in facts) / len(facts)
    best = (0, 0.0)
    for choice in itertools.product(range(-1, len(ids)), repeat=len(batch)):
        total = 0.0
        wsum = [0.0] * len(ids)
        wsq = [0.0] * len(ids)
        feasible = True
        for i, j in enumerate(choice):
            if j < 0:
                continue
            points, allowed = static[i][j]
            if not allowed:
                feasible = False
                break
            total += points
            wsum[j] += facts[i].weight
            wsq[j] += facts[i].weight ** 2
        for j, cw in enumerate(ids):
            if not feasible or not wsum[j]:
                continue
            cap, b = scorer.capacity[cw], base[cw]
            if cap <= 0 or b + wsum[j] > policy.max_load * cap + EPS:
                feasible = False
                break
            load = wsum[j] - ((b + wsum[j]) ** 2 - b * b + wsq[j]) / (2 * cap)
            total += policy.load_weight / mean * load
        if feasible:
            best = max(best, (sum(j >= 0 for j in choice), total))
    return best


@settings(max_examples=80, deadline=None)
@given(scenarios(equal=True, siblings=False, pins=False))
def test_optimal_solver_is_optimal_for_equal_weights(
    scenario: tuple[list[Case], Caseload, Policy],
) -> None:
    batch, caseload, policy = scenario
    batch = batch[:5]
    if not batch:
        return
    best = _brute_force(batch, caseload, policy)
    optimal = allocate(batch, caseload, policy, as_of=AS_OF, solver="optimal")
    greedy = allocate(batch, caseload, policy, as_of=AS_OF, solver="greedy")
    got = len(optimal.assignments)
    assert got == best[0]
    assert abs(optimal.objective - best[1]) < 1e-6
    assert (len(greedy.assignments), greedy.objective) <= (got, optimal.objective + 1e-6)


def _brute_force_any(batch: list[Case], caseload: Caseload, policy: Policy) -> tuple[int, float]:
    """The best (placed, score) of :func:`objective.value` over every placement, pins placed."""
    from boernesag.allocation.objective import Pair, Problem, value

    pins = {c.case_id: policy.pins[c.case_id].caseworker for c in batch if c.case_id in policy.pins}
    scorer = Scorer(caseload, policy, AS_OF, moving={c.case_id for c in batch}, placed=pins)
    ids = [w.id for w in scorer.workers]
    base = dict.fromkeys(ids, 0.0)
    for c in caseload.cases:
        if c not in batch and c.is_open_on(AS_OF) and c.caseworker_on(AS_OF) in base:
            base[c.caseworker_on(AS_OF) or ""] += scorer.weight(c)
    free = [c for c in batch if c.case_id not in pins]
    for c in batch:
        if c.case_id in pins and pins[c.case_id] in base:
            base[pins[c.case_id]] += scorer.weight(c)
    facts = [scorer.facts(c) for c in free]
    if not facts:
        return 0, 0.0
    sib = policy.principle("siblings")
    pairs = []
    for i, f in enumerate(facts):
        for k in range(i + 1, len(facts)):
            g = facts[k]
            if sib is None or g.case.child.id not in scorer.siblings_of(f.case):
                continue
            apart = f.apart is not None or g.apart is not None
            pts = (-math.inf if sib.hard else -float(sib.weight)) if apart else float(sib.weight)
            pairs.append(Pair(i, k, pts))
    static = [[scorer.static(f, w) for w in scorer.workers] for f in facts]
    problem = Problem(
        weights=tuple(f.weight for f in facts),
        static=lambda i, j: static[i][j][0] if static[i][j][1] else None,
        pairs=tuple(pairs),
        start=tuple(base[i] for i in ids),
        capacity=tuple(scorer.capacity[i] for i in ids),
        limit=tuple(policy.max_load * scorer.capacity[i] for i in ids),
        load_weight=policy.load_weight,
        mean=sum(f.weight for f in facts) / len(facts),
    )
    best = (0, -math.inf)
    for choice in itertools.product(range(-1, len(ids)), repeat=len(facts)):
        if (
            sib is not None
            and sib.hard
            and any(p.points > 0 and choice[p.a] != choice[p.b] for p in pairs)
        ):
            continue  # hard "together": both with one caseworker, or neither
        if any(
            p.points == -math.inf and choice[p.a] >= 0 and choice[p.a] == choice[p.b] for p in pairs
        ):
            continue
        got = value(problem, choice)
        if got[1] > -math.inf:
            best = max(best, got)
    return best


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_exact_solver_reaches_the_brute_force_optimum(
    scenario: tuple[list[Case], Caseload, Policy],
) -> None:
    batch, caseload, policy = scenario
    batch = batch[:4]
    caseload = attrs.evolve(caseload, caseworkers=caseload.caseworkers[:3])
    if not batch:
        return
    best = _brute_force_any(batch, caseload, policy)
    optimal = allocate(batch, caseload, policy, as_of=AS_OF, solver="optimal")
    greedy = allocate(batch, caseload, policy, as_of=AS_OF, solver="greedy")
    free = [a for a in optimal.assignments if not a.pinned]
    assert len(free) == best[0]
    assert abs(optimal.objective - best[1]) < 1e-6
    assert optimal.gap is not None
    assert optimal.gap <= 1e-6
    g_free = [a for a in greedy.assignments if not a.pinned]
    assert (len(g_free), greedy.objective) <= (len(free), optimal.objective + 1e-6)


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.sampled_from([1e-6, 1e-3, 0.05]))
def test_exact_solver_under_a_tiny_time_limit_is_never_worse_than_greedy(
    scenario: tuple[list[Case], Caseload, Policy], limit: float
) -> None:
    """Stopped early or not, ``optimal`` returns a placement that scores at least greedy's
    under the one objective, and says whose placement it is."""
    batch, caseload, policy = scenario
    optimal = allocate(batch, caseload, policy, as_of=AS_OF, solver="optimal", time_limit=limit)
    greedy = allocate(batch, caseload, policy, as_of=AS_OF, solver="greedy")
    assert optimal.solver in ("optimal", "greedy")
    got = (sum(not a.pinned for a in optimal.assignments), optimal.objective + 1e-6)
    assert got >= (sum(not a.pinned for a in greedy.assignments), greedy.objective)
