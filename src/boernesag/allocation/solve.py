"""Distributing a batch of cases: pins first, then the exact MIP or greedy, explained.

:func:`allocate` places many cases at once: the new cases of a week, or a whole caseload when
a team is reorganised or a caseworker leaves (Socialstyrelsen, »Hvordan overdrages sager?«:
"overdragelse af hele sagsstammer").

The objective is defined once, in :mod:`boernesag.allocation.objective`: first the number of
cases placed, then the score (static points of the soft principles, points of sibling pairs
placed together, and the load points that even out weighted load). Hard principles and the
cap ``L <= max_load · c`` are constraints, never broken; a case that fits nowhere is reported
with the reasons. Every solver's result is scored with that one definition.

The solvers:

- ``optimal`` (with the ``allocation`` extra, i.e. scipy): the mixed-integer program of
  :mod:`boernesag.allocation.mip`, solved by HiGHS (``scipy.optimize.milp``) within
  ``time_limit`` seconds; the result reports the ``gap`` (0: proven optimal). Should HiGHS stop
  at the time limit unproven, plain greedy runs as well and the placement that scores higher
  under the one objective is returned; ``solver`` says whose it is (``greedy`` when greedy
  won) and ``gap`` is measured against the MIP's bound either way. (scipy's ``milp`` takes no
  starting solution, so the MIP cannot be warm-started with greedy's placement.)
- ``greedy``: the heaviest case (or group of siblings) first, each to the caseworker that adds
  most to the objective, then a local search that moves one case at a time while the objective
  improves. Without numpy, a plain greedy pass only. Fast, but proves nothing.
- ``auto``: ``optimal`` when scipy is installed and the batch has at most
  :data:`AUTO_MIP_CELLS` allowed (case, caseworker) pairs, ``greedy`` otherwise.

Both are deterministic and do not depend on the order of the input: cases are sorted by id,
caseworkers by id, ties go to the lower id. A batch with more than ``_MAX_CELLS`` allowed pairs
(2 million, e.g. 10,000 cases each allowed with 200 caseworkers) is placed greedily even under
``optimal``, and the result says ``solver = "greedy"``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Final

import attrs

from boernesag.allocation.inputs import (
    check_as_of_arg,
    check_caseload,
    check_cases,
    check_exclude,
    check_solver,
    check_time_limit,
)
from boernesag.allocation.labels import fmt_gap, fmt_percent, say
from boernesag.allocation.mip import MipResult, solve_mip
from boernesag.allocation.objective import Pair, Problem, value
from boernesag.allocation.policy import Policy
from boernesag.allocation.score import EPS, CaseFacts, ScorePart, Scorer, VectorScorer
from boernesag.errors import AllocationError, BoernesagError, MissingExtraError
from boernesag.model import Case, Caseload
from boernesag.tomlcheck import describe

__all__ = [
    "AUTO_MIP_CELLS",
    "DEFAULT_TIME_LIMIT",
    "SOLVERS",
    "Allocation",
    "Assignment",
    "Unassigned",
    "allocate",
]

#: The solver names :func:`allocate` accepts.
SOLVERS: tuple[str, ...] = ("auto", "optimal", "greedy")

_MAX_SWEEPS = 20
#: A gap this small counts as proven optimal (HiGHS's own tolerances are of this order).
PROVEN_GAP: Final = 1e-6
#: ``solver="auto"`` uses the exact MIP up to this many allowed (case, caseworker) pairs and
#: greedy above. Measured on the demo instances (benchmarks/bench_allocation.py, one shared
#: core): 50 cases × 10 caseworkers (382 pairs) is proven optimal in about 1 s, 100 × 20
#: (1,607 pairs) in 3-6 s, 200 × 40 (6,178 pairs) reaches the 10 s limit with a gap, and
#: 1,000 × 200 (about 150,000 pairs) is far beyond it.
AUTO_MIP_CELLS: Final = 2_000
#: Seconds the exact solver may take; it then returns its best placement and the gap.
DEFAULT_TIME_LIMIT: Final = 10.0
#: The largest MIP (allowed pairs) ``solver="optimal"`` builds; a larger batch, such as
#: 10,000 cases for one caseworker with room for all, is placed greedily and says so.
_MAX_CELLS = 2_000_000


@attrs.frozen
class Assignment:
    """A case placed with a caseworker, with the explained parts of the choice.

    ``previous`` is the case's caseworker before the allocation (None for a new case);
    ``switch`` tells whether the child changes caseworker. ``pinned``: a leader's pin.
    """

    case_id: str
    caseworker_id: str
    weight: float
    parts: tuple[ScorePart, ...]
    previous: str | None = None
    pinned: bool = False

    @property
    def switch(self) -> bool:
        return self.previous is not None and self.previous != self.caseworker_id

    def explanation(self, lang: str = "da") -> str:
        """E.g. ``samme distrikt; kompetence handicap; belastning 82% efter tildeling``."""
        return "; ".join(p.text(lang) for p in self.parts if p.text(lang) and not p.excludes)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "caseworker_id": self.caseworker_id,
            "previous": self.previous,
            "switch": self.switch,
            "pinned": self.pinned,
            "weight": self.weight,
            "explanation": self.explanation(lang),
        }


@attrs.frozen
class Unassigned:
    """A case that could not be placed, and why (in Danish and English)."""

    case_id: str
    reason_da: str
    reason_en: str
    weight: float | None = None

    def reason(self, lang: str = "da") -> str:
        return self.reason_en if lang == "en" else self.reason_da

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {"case_id": self.case_id, "weight": self.weight, "reason": self.reason(lang)}


def _unassigned(case_id: str, key: str, weight: float | None = None, **kw: object) -> Unassigned:
    return Unassigned(case_id, say(key, "da", **kw), say(key, "en", **kw), weight)


def _ratios(
    loads: Mapping[str, float], capacity: Mapping[str, float], ids: Iterable[str]
) -> list[float]:
    return [loads.get(i, 0.0) / capacity[i] for i in ids if capacity.get(i, 0.0) > 0]


@attrs.frozen
class Allocation:
    """The result of :func:`allocate`.

    ``load_before``/``cases_before``: every caseworker's weighted load and number of open cases
    on the day, as the caseload stands. ``load_after``/``cases_after``: after the allocation;
    a case of the batch counts where it was placed, and an unassigned one nowhere (it still
    needs a caseworker). ``participants``: the caseworkers the batch was distributed over.
    A case of the batch that could not be placed still counts with the caseworker who holds
    it (it has not moved); a new one counts nowhere (it still needs a caseworker).
    ``objective``: the score of :mod:`boernesag.allocation.objective`, which every solver
    maximises after the number of cases placed. ``gap``: whenever the exact MIP ran, how far
    below the optimum (the MIP's bound) the placement can be at most, relative to the score
    (0: proven optimal); None when only greedy ran, which proves nothing. ``solver`` names
    whose placement this is: ``"greedy"`` with a gap when the MIP stopped at its time limit
    with a placement that scores lower than greedy's.
    """

    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    load_before: Mapping[str, float]
    load_after: Mapping[str, float]
    capacity: Mapping[str, float]
    cases_before: Mapping[str, int]
    cases_after: Mapping[str, int]
    participants: tuple[str, ...]
    solver: str
    objective: float
    as_of: date
    gap: float | None = None

    def assignment(self, case_id: str) -> Assignment | None:
        for a in self.assignments:
            if a.case_id == case_id:
                return a
        return None

    def by_caseworker(self) -> dict[str, tuple[Assignment, ...]]:
        out: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            out.setdefault(a.caseworker_id, []).append(a)
        return {k: tuple(v) for k, v in sorted(out.items())}

    @property
    def switches(self) -> int:
        """Children who change caseworker."""
        return sum(a.switch for a in self.assignments)

    def spread(self, when: str = "after") -> float:
        """Max minus min load ratio over the participating caseworkers (``before``/``after``)."""
        loads = self.load_after if when == "after" else self.load_before
        r = _ratios(loads, self.capacity, self.participants)
        return max(r) - min(r) if r else 0.0

    def load_rows(self) -> list[dict[str, Any]]:
        """One row per caseworker: load and cases before and after, capacity, participation."""
        rows = []
        for cw in sorted(self.load_before):
            cap = self.capacity.get(cw, 0.0)
            after = self.load_after.get(cw, 0.0)
            rows.append(
                {
                    "caseworker_id": cw,
                    "capacity": cap,
                    "load_before": round(self.load_before[cw], 4),
                    "load_after": round(after, 4),
                    "load_after_pct": fmt_percent(after / cap) if cap > 0 else None,
                    "cases_before": self.cases_before.get(cw, 0),
                    "cases_after": self.cases_after.get(cw, 0),
                    "participant": cw in self.participants,
                }
            )
        return rows

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "solver": self.solver,
            "objective": round(self.objective, 4),
            "gap": None if self.gap is None else round(self.gap, 6),
            "switches": self.switches,
            "spread_before": round(self.spread("before"), 4),
            "spread_after": round(self.spread("after"), 4),
            "assignments": [a.to_dict(lang) for a in self.assignments],
            "unassigned": [u.to_dict(lang) for u in self.unassigned],
            "loads": self.load_rows(),
        }

    def summary(self, lang: str = "da") -> str:
        return say(
            "summary",
            lang,
            n=len(self.assignments),
            u=len(self.unassigned),
            s=self.switches,
            before=fmt_percent(self.spread("before")),
            after=fmt_percent(self.spread("after")),
            solver=self.solver_text(lang),
        )

    def solver_text(self, lang: str = "da") -> str:
        """E.g. ``optimal, bevist optimal`` or ``greedy``."""
        if self.gap is None:
            return self.solver
        if self.gap <= PROVEN_GAP:
            return say("solver_proven", lang, solver=self.solver)
        if self.solver == "greedy":  # the MIP ran, and greedy's placement scored higher
            return say("solver_greedy_won", lang, gap=fmt_gap(self.gap, lang))
        return say("solver_gap", lang, solver=self.solver, gap=fmt_gap(self.gap, lang))


# ---------------------------------------------------------------------------- the batch


@attrs.define
class _Batch:
    """The units to place (a unit: one case, or siblings placed together) and their data."""

    units: list[list[CaseFacts]]
    weight: list[float]
    sq: list[float]  # the sum of the members' squared weights (the objective's Σ w_i²)
    links: list[list[tuple[int, float]]]  # unit -> [(other unit, points when together)]
    pairs: list[Pair]  # every pair of siblings of the batch, by index in the facts


def _units(facts: list[CaseFacts], scorer: Scorer, policy: Policy) -> _Batch:
    """Group siblings of the batch into one unit each (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: same caseworker by default).

    A child whose case is in ``siblings_apart`` stays a unit of its own; the pair then gets a
    negative link (points lost when placed together). Without a siblings principle every case
    is its own unit. ``pairs`` lists every sibling pair of the batch with its points when
    together, for the objective (:mod:`boernesag.allocation.objective`).
    """
    sib = policy.principle("siblings")
    by_child: dict[str, list[int]] = {}
    for i, f in enumerate(facts):
        by_child.setdefault(f.case.child.id, []).append(i)
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs: list[tuple[int, int, float]] = []
    every: list[Pair] = []
    if sib is not None:
        for i, f in enumerate(facts):
            for child in sorted(scorer.siblings_of(f.case)):
                for j in by_child.get(child, ()):
                    if j <= i:
                        continue
                    apart = f.apart is not None or facts[j].apart is not None
                    if apart:  # a hard "apart" forbids the pair; a soft one costs its weight
                        pairs.append((i, j, -math.inf if sib.hard else -float(sib.weight)))
                        every.append(Pair(i, j, pairs[-1][2]))
                    else:
                        parent[find(j)] = find(i)
                        every.append(Pair(i, j, float(sib.weight)))
    groups: dict[int, list[int]] = {}
    for i in range(len(facts)):
        groups.setdefault(find(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda g: facts[g[0]].case_id)
    unit_of = {i: u for u, g in enumerate(ordered) for i in g}
    units = [[facts[i] for i in g] for g in ordered]
    links: list[list[tuple[int, float]]] = [[] for _ in units]
    for i, j, pts in pairs:
        a, b = unit_of[i], unit_of[j]
        if a != b:
            links[a].append((b, pts))
            links[b].append((a, pts))
    return _Batch(
        units,
        [round(sum(f.weight for f in u), 4) for u in units],
        [sum(f.weight**2 for f in u) for u in units],
        links,
        sorted(set(every), key=lambda p: (p.a, p.b)),
    )


def _split(batch: _Batch, u: int, sib_weight: float) -> list[int]:
    """Split unit ``u`` into single cases (appended), linked to each other; returns their ids."""
    members = batch.units[u]
    new = []
    for f in members:
        batch.units.append([f])
        batch.weight.append(f.weight)
        batch.sq.append(f.weight**2)
        batch.links.append([])
        new.append(len(batch.units) - 1)
    for a in new:
        for b in new:
            if a != b:
                batch.links[a].append((b, sib_weight))
    batch.units[u] = []
    batch.weight[u] = 0.0
    batch.sq[u] = 0.0
    return new


# ---------------------------------------------------------------------------- numpy solver


class _State:
    """Arrays of a run: static points ``S``, allowed ``OK``, weights, loads, the assignment."""

    def __init__(
        self, batch: _Batch, vs: VectorScorer, start: Any, limit: Any, lw: float, mean: float
    ) -> None:
        np = vs.np
        self.np = np
        self.vs = vs
        self.batch = batch
        self.lw = lw
        n, m = len(batch.units), vs.n
        self.S = np.zeros((n, m))
        self.OK = np.zeros((n, m), dtype=bool)
        for u in range(n):
            self._fill(u)
        self.start = start.astype(float)
        self.L = self.start.copy()
        self.limit = limit
        self.cap = np.where(vs.cap > 0, vs.cap, 1.0)
        self.mean = mean
        self.assign = [-1] * n

    def _fill(self, u: int) -> None:
        np = self.np
        members = self.batch.units[u]
        if not members:
            return
        s = np.zeros(self.vs.n)
        ok = np.ones(self.vs.n, dtype=bool)
        for f in members:
            a, b = self.vs.static(f)
            s = s + a
            ok &= b
        self.S[u] = s
        self.OK[u] = ok

    def grow(self) -> None:
        """Make room for units appended by :func:`_split`."""
        np = self.np
        extra = len(self.batch.units) - self.S.shape[0]
        if extra <= 0:
            return
        self.S = np.vstack([self.S, np.zeros((extra, self.vs.n))])
        self.OK = np.vstack([self.OK, np.zeros((extra, self.vs.n), dtype=bool)])
        self.assign += [-1] * extra
        for u in range(len(self.batch.units) - extra, len(self.batch.units)):
            self._fill(u)

    def gains(self, u: int) -> tuple[Any, Any]:
        """(value of placing unit u at each caseworker now, feasible mask).

        The load term is the objective's: ``λ/w̄ · (w - (2Lw + w² + Σ w_i²) / 2c)``, for a
        single case ``λ · w/w̄ · (1 - (L + w) / c)``.
        """
        np = self.np
        w = self.batch.weight[u]
        feas = self.OK[u] & (self.L + w <= self.limit + EPS)
        q = self.batch.sq[u]
        # extreme weights or capacities overflow to inf, which the mask below handles
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            vals = self.S[u] + self.lw / self.mean * (
                w - (2 * self.L * w + w * w + q) / (2 * self.cap)
            )
        for v, pts in self.batch.links[u]:
            j = self.assign[v]
            if j >= 0:
                vals[j] += pts
        return vals, feas & (vals > -np.inf)

    def place(self, u: int, j: int) -> None:
        self.assign[u] = j
        self.L[j] += self.batch.weight[u]

    def unplace(self, u: int) -> None:
        j = self.assign[u]
        self.L[j] -= self.batch.weight[u]
        self.assign[u] = -1

    def greedy(self, units: Sequence[int]) -> None:
        np = self.np
        order = sorted(units, key=lambda u: (-self.batch.weight[u], self.batch.units[u][0].case_id))
        for u in order:
            if not self.batch.units[u] or self.assign[u] >= 0:
                continue
            vals, feas = self.gains(u)
            if feas.any():
                self.place(u, int(np.argmax(np.where(feas, vals, -np.inf))))

    def improve(self) -> int:
        """Move single units while the objective improves; also place any unplaced unit."""
        np = self.np
        moves = 0
        live = [u for u in range(len(self.batch.units)) if self.batch.units[u]]
        live.sort(key=lambda u: self.batch.units[u][0].case_id)
        for _ in range(_MAX_SWEEPS):
            changed = False
            for u in live:
                a = self.assign[u]
                if a < 0:
                    vals, feas = self.gains(u)
                    if feas.any():
                        self.place(u, int(np.argmax(np.where(feas, vals, -np.inf))))
                        changed = True
                    continue
                self.unplace(u)
                vals, feas = self.gains(u)
                here = vals[a]
                vals = np.where(feas, vals, -np.inf)
                b = int(np.argmax(vals))
                if vals[b] > here + 1e-9 and b != a:
                    self.place(u, b)
                    moves += 1
                    changed = True
                else:
                    self.place(u, a)
            if not changed:
                break
        return moves

    def enforce_apart(self) -> list[int]:
        """Take back the later of two siblings kept apart by a hard rule but placed together."""
        removed = []
        for u in sorted(range(len(self.assign)), key=lambda x: self._first(x)):
            j = self.assign[u]
            if j < 0:
                continue
            for v, pts in self.batch.links[u]:
                if pts == -math.inf and self.assign[v] == j and self._first(v) < self._first(u):
                    self.unplace(u)
                    removed.append(u)
                    break
        return removed

    def _first(self, u: int) -> str:
        members = self.batch.units[u]
        return members[0].case_id if members else ""


# ---------------------------------------------------------------------------- allocate


def allocate(
    cases: Iterable[Case],
    caseload: Caseload,
    policy: Policy | None = None,
    *,
    as_of: date | None = None,
    exclude: Sequence[str] = (),
    solver: str = "auto",
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Allocation:
    """Distribute ``cases`` over the caseload's caseworkers, explained, under ``policy``.

    ``cases``: the new cases (see :func:`~boernesag.allocation.unallocated_cases`), or cases
    to redistribute (a caseworker's, when they leave: pass their id in ``exclude`` too; a
    whole team's, when it is reorganised: continuity then keeps switches few). ``exclude``:
    caseworker ids not to allocate to. ``solver``: ``"optimal"`` (the exact MIP of
    :mod:`boernesag.allocation.mip`; needs scipy, the ``allocation`` extra; stops after
    ``time_limit`` seconds and reports the gap), ``"greedy"``, or ``"auto"`` (optimal when scipy
    is installed and the batch has at most :data:`AUTO_MIP_CELLS` allowed case-caseworker
    pairs, greedy otherwise). ``as_of`` defaults to today.

    Every case ends up exactly once in ``assignments`` or ``unassigned`` (with the reason);
    pinned cases go to their pin; no other assignment breaks a hard principle or the cap.

    Every input is checked first (:mod:`boernesag.allocation.inputs`): caseworkers (capacity,
    hours and experience finite and in range, competences texts), teams, cases, ``exclude``
    (a list of ids, not one text), ``as_of`` and ``solver``; a bad one raises a
    :class:`~boernesag.errors.BoernesagError` naming it. A case of the batch whose weight or
    competences cannot be read is reported in ``unassigned`` with the reason.
    """
    check_solver(solver, SOLVERS)
    time_limit = check_time_limit(time_limit)
    check_caseload(caseload)
    if policy is not None and not isinstance(policy, Policy):
        raise AllocationError.from_key("arg.policy", value=describe(policy))
    pol = policy or Policy()
    day = check_as_of_arg(as_of)
    skip = check_exclude(exclude)
    batch_in = check_cases(cases)
    workers = [w for w in caseload.caseworkers if w.id not in skip]
    unassigned: list[Unassigned] = []

    # One entry per case id; different cases under one id are all refused (order-free).
    by_id: dict[str, list[Case]] = {}
    for c in batch_in:
        by_id.setdefault(c.case_id, []).append(c)
    batch_cases: list[Case] = []
    for cid in sorted(by_id):
        copies = by_id[cid]
        if all(c == copies[0] for c in copies[1:]):
            batch_cases.append(copies[0])
        else:
            unassigned.append(_unassigned(cid, "duplicate"))
    moving = {c.case_id for c in batch_cases}
    known = {w.id for w in workers}
    placed = {
        c.case_id: pol.pins[c.case_id].caseworker
        for c in batch_cases
        if c.case_id in pol.pins and pol.pins[c.case_id].caseworker in known
    }
    scorer = Scorer(caseload, pol, day, workers, moving=moving, placed=placed)

    # Loads: as the caseload stands (report), and without the batch (where solving starts).
    before: dict[str, float] = {w.id: 0.0 for w in caseload.caseworkers}
    count_before: dict[str, int] = {w.id: 0 for w in caseload.caseworkers}
    start = {w.id: 0.0 for w in caseload.caseworkers}
    count_start = {w.id: 0 for w in caseload.caseworkers}
    holder: dict[str, str] = {}
    held: dict[str, float] = {}  # a moving case's weight where it is now
    for case in caseload.cases:
        if not case.is_open_on(day):
            continue
        cw = case.caseworker_on(day)
        if not cw:
            continue
        weight = scorer.weight(case)
        before[cw] = before.get(cw, 0.0) + weight
        count_before[cw] = count_before.get(cw, 0) + 1
        if case.case_id in moving:
            holder[case.case_id] = cw
            held[case.case_id] = weight
        else:
            start[cw] = start.get(cw, 0.0) + weight
            count_start[cw] = count_start.get(cw, 0) + 1

    facts: list[CaseFacts] = []
    pinned: list[Assignment] = []
    for case in batch_cases:
        try:
            f = scorer.facts(case)
        except BoernesagError as exc:
            unassigned.append(_unassigned(case.case_id, "bad_case", error=str(exc)))
            continue
        prev = holder.get(case.case_id) or f.current
        if f.pin is None:
            facts.append(f)
        elif f.pin.caseworker not in known:
            unassigned.append(
                _unassigned(case.case_id, "pin_unknown", f.weight, cw=f.pin.caseworker)
            )
        else:
            cw = f.pin.caseworker
            worker = next(w for w in workers if w.id == cw)
            parts = scorer.pin_parts(f, worker, start[cw])
            start[cw] += f.weight
            count_start[cw] += 1
            pinned.append(Assignment(case.case_id, cw, f.weight, parts, prev, pinned=True))

    batch = _units(facts, scorer, pol)
    sib = pol.principle("siblings")
    sib_weight = float(sib.weight) if sib is not None and not sib.hard else 0.0
    may_split = sib is not None and not sib.hard
    special: dict[int, str] = {}  # unit -> label key of why it stays unplaced
    ids = [w.id for w in scorer.workers]
    limit = {w.id: pol.max_load * scorer.capacity[w.id] for w in scorer.workers}
    mean = sum(f.weight for f in facts) / len(facts) if facts else 1.0
    try:
        vs = VectorScorer(scorer)
    except ImportError:
        vs = None
    rows = None
    if vs is not None and ids and facts:
        rows = [vs.static(f) for f in facts]
    cells = sum(int(ok.sum()) for _, ok in rows) if rows is not None else 0
    use = _choose(solver, vs is not None, cells)
    problem = _problem(facts, batch.pairs, scorer, rows, start, limit, pol.load_weight, mean)
    index = {f.case_id: i for i, f in enumerate(facts)}

    final: dict[int, str] = {}
    gap: float | None = None
    mip: MipResult | None = None
    tried = False  # the exact MIP ran
    if vs is not None and rows is not None:
        np = vs.np
        st = _State(
            batch,
            vs,
            np.array([start.get(i, 0.0) for i in ids]),
            np.array([limit[i] for i in ids]),
            pol.load_weight,
            mean,
        )
        if use == "optimal" and may_split:
            # The exact solver places siblings one by one, each pair earning its points.
            for u in range(len(batch.units)):
                if len(batch.units[u]) > 1:
                    _split(batch, u, sib_weight)
            st.grow()
        everything = [u for u in range(len(batch.units)) if batch.units[u]]
        st.greedy(everything)
        # Siblings that fit nowhere together are placed one by one (still preferring each
        # other), unless the policy makes "together" a hard rule.
        for u in range(len(batch.units)):
            if st.assign[u] < 0 and len(batch.units[u]) > 1:
                if may_split:
                    new = _split(batch, u, sib_weight)
                    st.grow()
                    st.greedy(new)
                else:
                    special[u] = "siblings_together_hard"
        st.improve()
        for u in st.enforce_apart():
            special[u] = "siblings_apart_hard"
        if use == "optimal":
            tried = True
            solved = _exact(st, problem, rows, index, time_limit)
            if solved is None:
                use = "greedy"  # HiGHS found nothing in time: greedy's placement, said so
            else:
                mip, gap, mip_won = solved
                if not mip_won:
                    use = "greedy"  # greedy's placement beat the MIP's: said so, with the gap
            special = {u: k for u, k in special.items() if st.assign[u] < 0}
            for u, members in enumerate(batch.units):
                if st.assign[u] >= 0 or not members or u in special:
                    continue
                if len(members) > 1 and not may_split:
                    special[u] = "siblings_together_hard"
                elif any(p == -math.inf and st.assign[v] >= 0 for v, p in batch.links[u]):
                    special[u] = "siblings_apart_hard"
        final = {u: ids[j] for u, j in enumerate(st.assign) if j >= 0}
        loads_now = {i: float(st.L[k]) for k, i in enumerate(ids)}
    else:
        final, loads_now = _plain_greedy(
            batch, scorer, start, limit, pol, sib_weight, may_split, mean
        )
        for u, members in enumerate(batch.units):
            if len(members) > 1 and u not in final:
                special[u] = "siblings_together_hard"
    where = [-1] * len(facts)
    column = {cw: j for j, cw in enumerate(ids)}
    for u, cw in final.items():
        for f in batch.units[u]:
            where[index[f.case_id]] = column[cw]
    n_placed, objective = value(problem, where)
    if use == "optimal" and gap is None:
        gap = 0.0  # nothing to place: trivially optimal
    if tried and (mip is None or gap is None or gap > PROVEN_GAP):
        # Not proven optimal: plain greedy (siblings kept as groups) may score higher. The
        # better placement under the one objective is returned, its gap against the bound.
        plain = allocate(batch_in, caseload, policy, as_of=day, exclude=exclude, solver="greedy")
        plain_placed = sum(not a.pinned for a in plain.assignments)
        if (plain_placed, plain.objective) > (n_placed, objective + EPS):
            plain_gap = None if mip is None else mip.gap_of(plain_placed, plain.objective)
            return attrs.evolve(plain, gap=plain_gap)

    assignments = list(pinned)
    worker_by_id = {w.id: w for w in scorer.workers}
    for u, members in enumerate(batch.units):
        if not members:
            continue
        cw = final.get(u)
        for f in members:
            if cw is None and u in special:
                others = ", ".join(m.case_id for m in members if m is not f) or "-"
                unassigned.append(_unassigned(f.case_id, special[u], f.weight, cases=others))
                continue
            if cw is None:
                unassigned.append(_why(f, scorer, vs))
                continue
            sc = scorer.score(f, worker_by_id[cw], loads_now[cw] - f.weight)
            reasons = list(sc.parts)
            for other in members:
                if other is not f:
                    reasons.append(_sib_part(sib_weight, cw))
            for v, pts in batch.links[u]:
                if final.get(v) == cw and pts >= 0:
                    reasons.append(_sib_part(pts, cw))
                elif final.get(v) == cw:
                    apart = f.apart or next(iter(batch.units[v])).apart or ""
                    reasons.append(
                        ScorePart(
                            "siblings",
                            pts,
                            say("siblings_apart", "da", cw=cw, reason=apart),
                            say("siblings_apart", "en", cw=cw, reason=apart),
                            key="siblings_apart",
                        )
                    )
            prev = holder.get(f.case_id) or f.current
            assignments.append(Assignment(f.case_id, cw, f.weight, _dedupe(reasons), prev))
    assignments.sort(key=lambda a: a.case_id)
    unassigned.sort(key=lambda x: x.case_id)

    after = dict(start)
    count_after = dict(count_start)
    for a in assignments:
        if not a.pinned:
            after[a.caseworker_id] = after.get(a.caseworker_id, 0.0) + a.weight
            count_after[a.caseworker_id] = count_after.get(a.caseworker_id, 0) + 1
    for u_case in unassigned:  # a case that cannot move stays, and counts, where it is
        cw = holder.get(u_case.case_id)
        if cw is not None:
            after[cw] = after.get(cw, 0.0) + held[u_case.case_id]
            count_after[cw] = count_after.get(cw, 0) + 1
    capacity = {w.id: scorer.capacity[w.id] for w in caseload.caseworkers}
    for cw in set(before) | set(after):
        capacity.setdefault(cw, 0.0)
        before.setdefault(cw, 0.0)
        after.setdefault(cw, 0.0)
        count_before.setdefault(cw, 0)
        count_after.setdefault(cw, 0)
    return Allocation(
        assignments=tuple(assignments),
        unassigned=tuple(unassigned),
        load_before={k: round(v, 4) for k, v in sorted(before.items())},
        load_after={k: round(v, 4) for k, v in sorted(after.items())},
        capacity=dict(sorted(capacity.items())),
        cases_before=dict(sorted(count_before.items())),
        cases_after=dict(sorted(count_after.items())),
        participants=tuple(w.id for w in scorer.workers if w.active),
        solver=use,
        objective=objective,
        as_of=day,
        gap=gap,
    )


def _choose(solver: str, vector: bool, cells: int) -> str:
    """The solver to run: ``auto`` takes the exact MIP up to :data:`AUTO_MIP_CELLS` pairs."""
    if solver == "greedy":
        return "greedy"
    has_scipy = vector
    if has_scipy:
        try:
            from scipy.optimize import milp  # noqa: F401
        except ImportError:
            has_scipy = False
    if solver == "optimal" and not has_scipy:
        raise MissingExtraError.from_key("extra.optimal_scipy")
    if not has_scipy:
        return "greedy"
    return (
        "optimal" if cells <= (_MAX_CELLS if solver == "optimal" else AUTO_MIP_CELLS) else "greedy"
    )


def _problem(
    facts: Sequence[CaseFacts],
    pairs: Sequence[Pair],
    scorer: Scorer,
    rows: Sequence[tuple[Any, Any]] | None,
    start: Mapping[str, float],
    limit: Mapping[str, float],
    lw: float,
    mean: float,
) -> Problem:
    """The batch as numbers for :func:`~boernesag.allocation.objective.value`."""
    ids = [w.id for w in scorer.workers]
    cache: dict[tuple[int, int], float | None] = {}

    def static(i: int, j: int) -> float | None:
        if rows is not None:
            return float(rows[i][0][j]) if rows[i][1][j] else None
        if (i, j) not in cache:
            pts, ok = scorer.static(facts[i], scorer.workers[j])
            cache[i, j] = pts if ok else None
        return cache[i, j]

    return Problem(
        weights=tuple(f.weight for f in facts),
        static=static,
        pairs=tuple(pairs),
        start=tuple(start.get(i, 0.0) for i in ids),
        capacity=tuple(scorer.capacity[i] for i in ids),
        limit=tuple(limit[i] for i in ids),
        load_weight=lw,
        mean=mean,
    )


def _exact(
    st: _State,
    problem: Problem,
    rows: Sequence[tuple[Any, Any]],
    index: Mapping[str, int],
    time_limit: float,
) -> tuple[MipResult, float, bool] | None:
    """Solve ``st``'s batch with the MIP and take its placement unless greedy's is better.

    Returns the MIP's result, the gap of the placement kept (against the MIP's bound) and
    whether it is the MIP's; None when HiGHS found no placement in time (greedy's stands).
    """
    np = st.np
    batch = st.batch
    live = [u for u in range(len(batch.units)) if batch.units[u]]
    blocks = [[index[f.case_id] for f in batch.units[u]] for u in live]
    mine = [-1] * len(problem.weights)
    for u, block in zip(live, blocks, strict=True):
        for i in block:
            mine[i] = st.assign[u]
    res = solve_mip(
        problem, np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), blocks, time_limit
    )
    if res is None:
        return None
    greedy_value = value(problem, mine)
    if greedy_value > (res.placed, res.score):  # only after a time limit
        return res, res.gap_of(*greedy_value), False
    for u in live:
        if st.assign[u] >= 0:
            st.unplace(u)
    for u, block in zip(live, blocks, strict=True):
        if res.where[block[0]] >= 0:
            st.place(u, res.where[block[0]])
    return res, res.gap, True


def _sib_part(points: float, cw: str) -> ScorePart:
    return ScorePart(
        "siblings",
        points,
        say("siblings_with", "da", cw=cw),
        say("siblings_with", "en", cw=cw),
        key="siblings_with",
    )


def _dedupe(parts: list[ScorePart]) -> tuple[ScorePart, ...]:
    seen: set[str] = set()
    out = []
    for p in parts:
        if p.text_da in seen:
            continue
        seen.add(p.text_da)
        out.append(p)
    return tuple(out)


def _why(f: CaseFacts, scorer: Scorer, vs: VectorScorer | None) -> Unassigned:
    """Why ``f``'s case could not be placed: the hard principles, or no room left."""
    if not scorer.workers:
        return _unassigned(f.case_id, "no_workers", f.weight)
    allowed: list[str] = []
    if vs is not None:  # the quick way to find who the hard principles allow
        _, ok = vs.static(f)
        allowed = [w.id for j, w in enumerate(scorer.workers) if ok[j] and vs.cap[j] > 0]
    excluded: Counter[tuple[str, tuple[tuple[str, object], ...]]] = Counter()
    if not allowed:
        for w in scorer.workers:
            reasons = scorer.exclusions(f, w)
            if reasons:
                excluded.update(set(reasons))
            else:
                allowed.append(w.id)
    if allowed:
        shown = ", ".join(allowed[:5]) + (", …" if len(allowed) > 5 else "")
        key = "no_room_one" if len(allowed) == 1 else "no_room"
        return _unassigned(f.case_id, key, f.weight, n=len(allowed), ids=shown)
    texts = {}
    for lang in ("da", "en"):
        counted: Counter[str] = Counter()
        for (key, fields), n in excluded.items():
            counted[say(key, lang, **dict(fields))] += n
        texts[lang] = "; ".join(
            say("count_of_one" if n == 1 else "count_of", lang, text=t, n=n)
            for t, n in sorted(counted.items())
        )
    return Unassigned(
        f.case_id,
        say("none_fits", "da", reasons=texts["da"]),
        say("none_fits", "en", reasons=texts["en"]),
        f.weight,
    )


def _signature(f: CaseFacts, kinds: frozenset[str]) -> tuple[Any, ...]:
    """What the policy's static principles read from a case: equal signatures, equal points."""
    case = f.case
    return (
        f.per_principle,
        case.district if "district" in kinds else None,
        case.child.birth_date.day if "cpr" in kinds else None,
        tuple(sorted(set(f.holders.values()))) if "siblings" in kinds else None,
        f.apart is not None,
        (f.current, f.previous) if "continuity" in kinds else None,
    )


def _plain_greedy(
    batch: _Batch,
    scorer: Scorer,
    start: Mapping[str, float],
    limit: Mapping[str, float],
    pol: Policy,
    sib_weight: float,
    may_split: bool,
    mean: float,
) -> tuple[dict[int, str], dict[str, float]]:
    """The greedy pass without numpy: heaviest unit first, best caseworker by the objective."""
    loads = {w.id: start.get(w.id, 0.0) for w in scorer.workers}
    out: dict[int, str] = {}
    rows: dict[tuple[Any, ...], list[tuple[float, bool]]] = {}
    kinds = frozenset(p.kind for p in pol.principles)
    lw = pol.load_weight

    def row(u: int) -> list[tuple[float, bool]]:
        """Static points and allowed per worker; cases alike in every principle share a row."""
        key = tuple(_signature(f, kinds) for f in batch.units[u])
        if key not in rows:
            per = []
            for worker in scorer.workers:
                pts, ok = 0.0, True
                for f in batch.units[u]:
                    a, b = scorer.static(f, worker)
                    pts += a
                    ok = ok and b
                per.append((pts, ok))
            rows[key] = per
        return rows[key]

    def place_all(units: Iterable[int]) -> None:
        order = sorted(units, key=lambda u: (-batch.weight[u], batch.units[u][0].case_id))
        for u in order:
            if not batch.units[u]:
                continue
            w, q = batch.weight[u], batch.sq[u]
            best: tuple[float, str] | None = None
            for worker, (pts, ok) in zip(scorer.workers, row(u), strict=True):
                cap = scorer.capacity[worker.id]
                if not ok or cap <= 0 or loads[worker.id] + w > limit[worker.id] + EPS:
                    continue
                value = pts + lw / mean * (w - (2 * loads[worker.id] * w + w * w + q) / (2 * cap))
                value += sum(p for v, p in batch.links[u] if out.get(v) == worker.id)
                if value == -math.inf:
                    continue
                if best is None or value > best[0]:
                    best = (value, worker.id)
            if best is not None:
                out[u] = best[1]
                loads[best[1]] += w

    place_all(range(len(batch.units)))
    for u in range(len(batch.units)):
        if u not in out and len(batch.units[u]) > 1 and may_split:
            place_all(_split(batch, u, sib_weight))
    return out, loads
