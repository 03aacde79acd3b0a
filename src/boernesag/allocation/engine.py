"""Scoring caseworkers for a case, ranking them, and distributing a batch of cases.

Every caseworker gets, per principle of the policy, either an exclusion (hard principles:
competence, capacity cap, team, pins) or points (soft principles), each part with a Danish and
English explanation. :func:`suggest_allocation` ranks the caseworkers for one case.
:func:`allocate` distributes many cases at once: optimally with scipy's
``linear_sum_assignment`` (the Hungarian method) when the ``allocation`` extra is installed,
else with a greedy pass; pinned cases always go to their pin, and the hard constraints are
never broken: a case that fits nowhere is reported with the reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from boernesag.allocation.policy import Policy, required_competences
from boernesag.model import Case, Caseload, Caseworker, EventType

__all__ = [
    "Allocation",
    "Assignment",
    "ScorePart",
    "Suggestion",
    "allocate",
    "current_loads",
    "suggest_allocation",
]


@attrs.frozen
class ScorePart:
    """One principle's contribution to a caseworker's score, with its explanation."""

    principle: str
    points: float
    text_da: str
    text_en: str
    excludes: bool = False

    def text(self, lang: str = "da") -> str:
        return self.text_en if lang == "en" else self.text_da


@attrs.frozen
class Suggestion:
    """A caseworker ranked for a case: total score, parts, load before and after."""

    caseworker: str
    rank: int
    score: float
    eligible: bool
    parts: tuple[ScorePart, ...]
    load_before: float
    load_after: float
    capacity: float

    def explain(self, lang: str = "da") -> str:
        """E.g. "samme distrikt; kompetence handicap; belastning 82% efter tildeling"."""
        return "; ".join(p.text(lang) for p in self.parts if p.text(lang))

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "caseworker": self.caseworker,
            "rank": self.rank,
            "score": round(self.score, 2),
            "eligible": self.eligible,
            "load_before": round(self.load_before, 2),
            "load_after": round(self.load_after, 2),
            "capacity": self.capacity,
            "explanation": self.explain(lang),
        }


def current_loads(caseload: Caseload, as_of: date, policy: Policy) -> dict[str, float]:
    """Weighted load per caseworker from the open cases they hold on ``as_of``."""
    loads = {w.id: 0.0 for w in caseload.caseworkers}
    for case in caseload.cases:
        cw = case.caseworker_on(as_of)
        if cw in loads and case.is_open_on(as_of):
            loads[cw] += policy.weights.weight(case, as_of)
    return loads


def _previous_workers(case: Case, as_of: date) -> list[str]:
    return [
        e.caseworker
        for e in case.of_type(EventType.SAGSBEHANDLER_TILDELT)
        if e.caseworker and e.day <= as_of
    ]


@attrs.frozen
class _Facts:
    """What scoring needs to know about a case, computed once per case."""

    needs: frozenset[str]
    siblings: Mapping[str, str]
    previous: frozenset[str]


def _facts(
    case: Case,
    caseload: Caseload,
    as_of: date,
    assigned: Mapping[str, str],
    index: Mapping[str, Case],
) -> _Facts:
    siblings: dict[str, str] = {}
    for child in case.child.siblings:
        other = index.get(child)
        if other is not None:
            cw = assigned.get(other.case_id) or other.caseworker_on(as_of)
            if cw:
                siblings[child] = cw
    return _Facts(
        required_competences(case, as_of), siblings, frozenset(_previous_workers(case, as_of))
    )


def _child_index(caseload: Caseload) -> dict[str, Case]:
    return {c.child.id: c for c in caseload.cases}


def _score(
    case: Case,
    worker: Caseworker,
    caseload: Caseload,
    policy: Policy,
    as_of: date,
    load: float,
    weight: float,
    assigned: Mapping[str, str],
    facts: _Facts | None = None,
) -> tuple[float, bool, list[ScorePart]]:
    if facts is None:
        facts = _facts(case, caseload, as_of, assigned, _child_index(caseload))
    parts: list[ScorePart] = []
    eligible = worker.active
    if not worker.active:
        parts.append(ScorePart("management", 0, "ikke aktiv", "not active", excludes=True))
    capacity = policy.capacity.capacity(worker)
    after = load + weight
    ratio = after / capacity if capacity else float("inf")
    pin = policy.pins.get(case.case_id)
    for principle in policy.principles:
        kind, hard, w = principle.kind, principle.hard, principle.weight
        if kind == "management":
            if pin is not None:
                ok = pin.caseworker == worker.id
                text = (
                    (f"fastlagt af ledelsen: {pin.reason}", f"pinned by management: {pin.reason}")
                    if ok
                    else ("", "")
                )
                parts.append(ScorePart(kind, 1000.0 if ok else 0.0, *text, excludes=not ok))
                eligible = eligible and ok
        elif kind == "competence":
            need = facts.needs
            missing = need - worker.competences
            if need and not missing:
                parts.append(
                    ScorePart(
                        kind,
                        w,
                        "kompetence " + ", ".join(sorted(need)),
                        "competence " + ", ".join(sorted(need)),
                    )
                )
            elif missing:
                txt = (
                    "mangler kompetence " + ", ".join(sorted(missing)),
                    "lacks competence " + ", ".join(sorted(missing)),
                )
                parts.append(ScorePart(kind, 0.0, *txt, excludes=hard))
                eligible = eligible and not hard
        elif kind == "team":
            by_kind = principle.options.get("by_kind", {})
            team = by_kind.get(case.team, case.team) if by_kind else case.team
            if team is not None:
                ok = worker.team == team
                txt = (
                    (f"team {team}", f"team {team}")
                    if ok
                    else (f"andet team end {team}", f"not in team {team}")
                )
                parts.append(ScorePart(kind, w if ok else 0.0, *txt, excludes=hard and not ok))
                eligible = eligible and (ok or not hard)
        elif kind == "district":
            if case.district is not None:
                ok = worker.district == case.district
                txt = (
                    ("samme distrikt", "same district")
                    if ok
                    else (f"andet distrikt end {case.district}", f"not district {case.district}")
                )
                parts.append(ScorePart(kind, w if ok else 0.0, *txt, excludes=hard and not ok))
                eligible = eligible and (ok or not hard)
        elif kind == "cpr":
            ranges = principle.options.get("ranges", {})
            day = case.child.birth_date.day
            if worker.id in ranges:
                lo, hi = ranges[worker.id]
                ok = lo <= day <= hi
                txt = (
                    (
                        f"fødselsdag {day} i interval {lo}-{hi}",
                        f"day of birth {day} in range {lo}-{hi}",
                    )
                    if ok
                    else ("", "")
                )
                parts.append(ScorePart(kind, w if ok else 0.0, *txt, excludes=hard and not ok))
                eligible = eligible and (ok or not hard)
            elif hard and ranges:
                parts.append(
                    ScorePart(kind, 0.0, "intet CPR-interval", "no CPR range", excludes=True)
                )
                eligible = False
        elif kind == "siblings":
            sib = facts.siblings
            if case.case_id in policy.siblings_apart:
                reason = policy.siblings_apart[case.case_id]
                if worker.id in sib.values():
                    parts.append(
                        ScorePart(
                            kind,
                            -w,
                            f"søskende skal have en anden sagsbehandler: {reason}",
                            f"siblings to have another caseworker: {reason}",
                        )
                    )
            else:
                holders = [child for child, cw in sib.items() if cw == worker.id]
                if holders:
                    parts.append(
                        ScorePart(
                            kind,
                            w,
                            f"søskende ({', '.join(holders)}) hos {worker.id}",
                            f"sibling ({', '.join(holders)}) with {worker.id}",
                        )
                    )
        elif kind == "continuity":
            if worker.id in facts.previous:
                parts.append(
                    ScorePart(
                        kind,
                        w,
                        "barnets tidligere sagsbehandler",
                        "the child's previous caseworker",
                    )
                )
        elif kind == "load":
            # Soft: the emptier the better. Points fall linearly from w (empty) to 0 (full).
            points = w * max(0.0, 1.0 - ratio)
            parts.append(
                ScorePart(
                    kind,
                    points,
                    f"belastning {ratio:.0%} efter tildeling",
                    f"load {ratio:.0%} after assignment",
                )
            )
    if ratio > policy.max_load:
        parts.append(
            ScorePart(
                "load",
                0.0,
                f"over kapacitet ({ratio:.0%})",
                f"over capacity ({ratio:.0%})",
                excludes=True,
            )
        )
        eligible = False
    return sum(p.points for p in parts if not p.excludes), eligible, parts


def suggest_allocation(
    case: Case,
    caseload: Caseload,
    policy: Policy | None = None,
    *,
    as_of: date,
    loads: Mapping[str, float] | None = None,
) -> list[Suggestion]:
    """Caseworkers ranked for ``case``: eligible ones by score, then the excluded with the reasons.

    The hard constraints (pins, hard competences, the capacity cap) are never broken: an
    excluded caseworker has ``eligible=False`` and the parts say why. When none is eligible,
    every suggestion says why.
    """
    pol = policy or Policy()
    weight = pol.weights.weight(case, as_of)
    base = dict(loads) if loads is not None else current_loads(caseload, as_of, pol)
    if case.caseworker_on(as_of) in base and case.is_open_on(as_of):
        base[case.caseworker_on(as_of) or ""] -= (
            weight  # re-allocating: do not count the case twice
        )
    rows = []
    facts = _facts(case, caseload, as_of, {}, _child_index(caseload))
    for worker in caseload.caseworkers:
        load = base.get(worker.id, 0.0)
        score, eligible, parts = _score(case, worker, caseload, pol, as_of, load, weight, {}, facts)
        rows.append(
            (
                not eligible,
                -score,
                worker.id,
                score,
                eligible,
                parts,
                load,
                pol.capacity.capacity(worker),
            )
        )
    rows.sort()
    return [
        Suggestion(cw, i + 1, score, eligible, tuple(parts), load, load + weight, cap)
        for i, (_, _, cw, score, eligible, parts, load, cap) in enumerate(rows)
    ]


@attrs.frozen
class Assignment:
    case_id: str
    caseworker: str
    weight: float
    reasons_da: str
    reasons_en: str


@attrs.frozen
class Allocation:
    """The result of :func:`allocate`: who gets which case, what could not be placed, loads."""

    assignments: tuple[Assignment, ...]
    unassigned: tuple[tuple[str, str], ...]
    load_before: Mapping[str, float]
    load_after: Mapping[str, float]
    capacity: Mapping[str, float]
    solver: str

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "solver": self.solver,
            "assignments": [
                {
                    "case_id": a.case_id,
                    "caseworker": a.caseworker,
                    "weight": a.weight,
                    "reasons": a.reasons_en if lang == "en" else a.reasons_da,
                }
                for a in self.assignments
            ],
            "unassigned": [{"case_id": c, "reason": r} for c, r in self.unassigned],
            "loads": [
                {
                    "caseworker": cw,
                    "before": round(self.load_before[cw], 2),
                    "after": round(self.load_after[cw], 2),
                    "capacity": self.capacity[cw],
                }
                for cw in sorted(self.load_before)
            ],
        }


def allocate(
    cases: Iterable[Case],
    caseload: Caseload,
    policy: Policy | None = None,
    *,
    as_of: date,
    exclude: Sequence[str] = (),
    solver: str = "auto",
) -> Allocation:
    """Distribute ``cases`` over the caseload's caseworkers (``exclude``: e.g. one who leaves).

    ``solver``: ``"optimal"`` (scipy), ``"greedy"``, or ``"auto"`` (optimal when scipy is
    installed). The optimal solver maximises the total score with the load spread kept even
    by a rising cost per extra case on the same caseworker; it does not depend on the order
    of ``cases``.
    """
    pol = policy or Policy()
    batch = sorted(cases, key=lambda c: c.case_id)
    batch_ids = {c.case_id for c in batch}
    workers = [w for w in caseload.caseworkers if w.id not in set(exclude)]
    loads = current_loads(caseload, as_of, pol)
    for case in batch:  # cases being (re)allocated no longer count where they were
        cw = case.caseworker_on(as_of)
        if cw in loads and case.is_open_on(as_of) and case.case_id in batch_ids:
            loads[cw] -= pol.weights.weight(case, as_of)
    before = {w.id: max(loads.get(w.id, 0.0), 0.0) for w in workers}
    capacity = {w.id: pol.capacity.capacity(w) for w in workers}
    # Management pins always win (seed 001), recorded with their reason; they are placed first.
    pinned: list[Assignment] = []
    unpinned_missing: list[tuple[str, str]] = []
    rest = []
    known = {w.id for w in workers}
    for case in batch:
        pin = pol.pins.get(case.case_id)
        if pin is None:
            rest.append(case)
        elif pin.caseworker not in known:
            unpinned_missing.append(
                (case.case_id, f"fastlagt til {pin.caseworker}, som ikke er blandt sagsbehandlerne")
            )
        else:
            weight = pol.weights.weight(case, as_of)
            loads[pin.caseworker] = loads.get(pin.caseworker, 0.0) + weight
            text = (f"fastlagt af ledelsen: {pin.reason}", f"pinned by management: {pin.reason}")
            pinned.append(Assignment(case.case_id, pin.caseworker, weight, *text))
    start = {w.id: max(loads.get(w.id, 0.0), 0.0) for w in workers}
    use = solver
    if solver == "auto":
        try:
            import scipy  # noqa: F401

            use = "optimal"
        except ImportError:
            use = "greedy"
    if use == "optimal":
        assignments, unassigned, after = _optimal(rest, workers, caseload, pol, as_of, start)
        # The assignment model estimates capacity in slots; keep the greedy result if it
        # places more cases (then: the lower spread of load), so "optimal" is never worse.
        g_assign, g_missing, g_after = _greedy(rest, workers, caseload, pol, as_of, start)
        if (len(g_assign), -_spread(g_after, capacity)) > (
            len(assignments),
            -_spread(after, capacity),
        ):
            assignments, unassigned, after = g_assign, g_missing, g_after
            use = "optimal (greedy was better)"
    elif use == "greedy":
        assignments, unassigned, after = _greedy(rest, workers, caseload, pol, as_of, start)
    else:
        raise ValueError(f"ukendt solver {solver!r}; brug 'auto', 'optimal' eller 'greedy'")
    everything = sorted([*pinned, *assignments], key=lambda a: a.case_id)
    return Allocation(
        tuple(everything), tuple(unpinned_missing + unassigned), before, after, capacity, use
    )


_Solved = tuple[list["Assignment"], list[tuple[str, str]], dict[str, float]]


class _Vector:
    """Scores of one case against every caseworker at once (numpy), for batch allocation.

    Gives the same totals and eligibility as :func:`_score` for batches (pins are placed
    before solving); the explanation of the chosen caseworker still comes from
    :func:`_score`. Used only when numpy is installed.
    """

    def __init__(self, workers: list[Caseworker], pol: Policy) -> None:
        import numpy as np

        self.np = np
        self.workers = workers
        self.pol = pol
        self.index = {w.id: i for i, w in enumerate(workers)}
        self.team = np.array([w.team for w in workers], dtype=object)
        self.district = np.array([w.district for w in workers], dtype=object)
        self.active = np.array([w.active for w in workers], dtype=bool)
        self.cap = np.array([pol.capacity.capacity(w) for w in workers], dtype=float)
        self._need_masks: dict[frozenset[str], Any] = {}

    def _mask(self, ids: Iterable[str]) -> Any:
        m = self.np.zeros(len(self.workers), dtype=bool)
        for cid in ids:
            i = self.index.get(cid)
            if i is not None:
                m[i] = True
        return m

    def scores(self, case: Case, facts: _Facts, weight: float, loads: Any) -> tuple[Any, Any]:
        np = self.np
        n = len(self.workers)
        score = np.zeros(n)
        ok = self.active.copy()
        ratio = np.where(
            self.cap > 0, (loads + weight) / np.where(self.cap > 0, self.cap, 1), np.inf
        )
        for p in self.pol.principles:
            if p.kind == "competence" and facts.needs:
                mask = self._need_masks.get(facts.needs)
                if mask is None:
                    mask = np.array(
                        [facts.needs <= w.competences for w in self.workers], dtype=bool
                    )
                    self._need_masks[facts.needs] = mask
                score += p.weight * mask
                if p.hard:
                    ok &= mask
            elif p.kind == "team":
                by_kind = p.options.get("by_kind", {})
                team = by_kind.get(case.team, case.team) if by_kind else case.team
                if team is not None:
                    mask = self.team == team
                    score += p.weight * mask
                    if p.hard:
                        ok &= mask
            elif p.kind == "district" and case.district is not None:
                mask = self.district == case.district
                score += p.weight * mask
                if p.hard:
                    ok &= mask
            elif p.kind == "cpr":
                ranges = p.options.get("ranges", {})
                day = case.child.birth_date.day
                mask = self._mask(cid for cid, (lo, hi) in ranges.items() if lo <= day <= hi)
                score += p.weight * mask
                if p.hard and ranges:
                    ok &= mask
            elif p.kind == "siblings":
                holders = self._mask(facts.siblings.values())
                sign = -1.0 if case.case_id in self.pol.siblings_apart else 1.0
                score += sign * p.weight * holders
            elif p.kind == "continuity":
                score += p.weight * self._mask(facts.previous)
            elif p.kind == "load":
                score += p.weight * np.maximum(0.0, 1.0 - ratio)
        ok &= ratio <= self.pol.max_load
        return score, ok


def _spread(loads: Mapping[str, float], capacity: Mapping[str, float]) -> float:
    """Spread of load as a share of capacity (max minus min)."""
    ratios = [loads[cw] / capacity[cw] for cw in loads if capacity.get(cw)]
    return max(ratios) - min(ratios) if ratios else 0.0


def _why_none(parts_by_worker: list[list[ScorePart]]) -> str:
    reasons = sorted({p.text_da for parts in parts_by_worker for p in parts if p.excludes})
    return (
        "ingen sagsbehandler opfylder kravene: " + "; ".join(reasons)
        if reasons
        else "ingen sagsbehandlere"
    )


def _greedy(
    batch: list[Case],
    workers: list[Caseworker],
    caseload: Caseload,
    pol: Policy,
    as_of: date,
    before: dict[str, float],
) -> _Solved:
    loads = dict(before)
    assigned: dict[str, str] = {}
    out: list[Assignment] = []
    missing: list[tuple[str, str]] = []
    # The heaviest first, so the hard-to-place are placed while there is room.
    order = sorted(batch, key=lambda c: (-pol.weights.weight(c, as_of), c.case_id))
    index = _child_index(caseload)
    ordered = sorted(workers, key=lambda w: w.id)
    try:
        vec: _Vector | None = _Vector(ordered, pol)
    except ImportError:  # numpy missing: score worker by worker
        vec = None
    for case in order:
        weight = pol.weights.weight(case, as_of)
        facts = _facts(case, caseload, as_of, assigned, index)
        chosen: Caseworker | None = None
        if vec is not None:
            np = vec.np
            score, ok = vec.scores(case, facts, weight, np.array([loads[w.id] for w in ordered]))
            if ok.any():
                masked = np.where(ok, score, -np.inf)
                chosen = ordered[int(np.argmax(masked))]  # ties: the lowest id
        else:
            best: tuple[float, str] | None = None
            for w in ordered:
                sc, good, _ = _score(
                    case, w, caseload, pol, as_of, loads[w.id], weight, assigned, facts
                )
                if good and (best is None or sc > best[0]):
                    best = (sc, w.id)
            chosen = next(w for w in ordered if best and w.id == best[1]) if best else None
        if chosen is None:
            every = [
                _score(case, w, caseload, pol, as_of, loads[w.id], weight, assigned, facts)[2]
                for w in ordered
            ]
            missing.append((case.case_id, _why_none(every)))
            continue
        parts = _score(
            case, chosen, caseload, pol, as_of, loads[chosen.id], weight, assigned, facts
        )[2]
        loads[chosen.id] += weight
        assigned[case.case_id] = chosen.id
        out.append(_assignment(case, chosen.id, weight, parts))
    return sorted(out, key=lambda a: a.case_id), missing, loads


def _assignment(case: Case, cw: str, weight: float, parts: list[ScorePart]) -> Assignment:
    return Assignment(
        case.case_id,
        cw,
        weight,
        "; ".join(p.text_da for p in parts if p.text_da and not p.excludes),
        "; ".join(p.text_en for p in parts if p.text_en and not p.excludes),
    )


def _optimal(
    batch: list[Case],
    workers: list[Caseworker],
    caseload: Caseload,
    pol: Policy,
    as_of: date,
    before: dict[str, float],
) -> _Solved:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not batch or not workers:
        return [], [(c.case_id, "ingen sagsbehandlere") for c in batch], dict(before)
    weights = [pol.weights.weight(c, as_of) for c in batch]
    mean_w = sum(weights) / len(weights)
    # Each caseworker becomes as many slots as the cap leaves room for; the k-th slot costs
    # more (load after k cases), which keeps the weighted load even.
    slots: list[tuple[str, int]] = []
    for w in workers:
        room = pol.max_load * pol.capacity.capacity(w) - before[w.id]
        # Conservative: sized by the heaviest case, so the real-weight cap check rarely rejects;
        # whatever is left is placed by the greedy repair below.
        n = max(0, min(len(batch), int(room / max(max(weights), 0.01))))
        slots.extend((w.id, k) for k in range(n))
    if not slots:  # no room anywhere: the greedy pass names the reasons per case
        return _greedy(batch, workers, caseload, pol, as_of, before)
    index = {w.id: w for w in workers}
    big = 1e6
    cost = np.full((len(batch), len(slots)), big)
    children = _child_index(caseload)
    lw = pol.load_weight()
    ordered = sorted(workers, key=lambda w: w.id)
    vec = _Vector(ordered, pol)
    pos = {w.id: i for i, w in enumerate(ordered)}
    slot_w = np.array([pos[cw] for cw, _ in slots])
    slot_k = np.array([k for _, k in slots], dtype=float)
    before_arr = np.array([before[w.id] for w in ordered])
    cap_arr = np.where(vec.cap > 0, vec.cap, 1.0)
    facts_of = []
    for i, case in enumerate(batch):
        facts = _facts(case, caseload, as_of, {}, children)
        facts_of.append(facts)
        score, ok = vec.scores(case, facts, weights[i], before_arr)
        row = (
            -score[slot_w]
            + lw * (before_arr[slot_w] + slot_k * mean_w + weights[i]) / cap_arr[slot_w]
        )
        cost[i] = np.where(ok[slot_w], row, big)
    rows, cols = linear_sum_assignment(cost)
    loads = dict(before)
    out: list[Assignment] = []
    taken = set()
    for i, j in zip(rows, cols, strict=True):
        if cost[i, j] >= big:
            continue
        cw = slots[j][0]
        # Guard the hard cap with the real weights (the slots are an estimate).
        if (loads[cw] + weights[i]) > pol.max_load * pol.capacity.capacity(index[cw]) + 1e-9:
            continue
        parts = _score(
            batch[i], index[cw], caseload, pol, as_of, loads[cw], weights[i], {}, facts_of[i]
        )[2]
        loads[cw] += weights[i]
        taken.add(i)
        out.append(_assignment(batch[i], cw, weights[i], parts))
    # Repair: cases the slot estimate could not place get a greedy pass with the real loads;
    # it also names the reasons for any case that fits nowhere.
    left = [batch[i] for i in range(len(batch)) if i not in taken]
    missing: list[tuple[str, str]] = []
    if left:
        more, missing, loads = _greedy(left, workers, caseload, pol, as_of, loads)
        out.extend(more)
    return sorted(out, key=lambda a: a.case_id), missing, loads
