"""Distributing a batch of cases: pins first, then an optimal assignment, then local repair.

:func:`allocate` places many cases at once: the new cases of a week, or a whole caseload when
a team is reorganised or a caseworker leaves (Socialstyrelsen, »Hvordan overdrages sager?«: "overdragelse af hele sagsstammer").

The objective. Every case ``u`` placed with caseworker ``j`` earns the static points of the
policy's soft principles, ``S[u, j]`` (team, district, competence, CPR range, siblings,
continuity: see :mod:`boernesag.allocation.score`). The load principle (weight ``λ``) adds,
per caseworker with start load ``b``, final load ``L``, capacity ``c`` and placed weights
``w_u`` (mean ``w̄``)::

    λ / w̄ · Σ_u w_u · (1 - (load before u + w_u) / c)  =  λ / w̄ · (W - (L² - b² + Σ w_u²) / 2c)

which does not depend on the order of placement, and, for a given total, is largest when the
load ratios ``L / c`` are equal: maximising it minimises the spread of weighted load. Pairs of
siblings in the batch add their points when placed together (or subtract them when kept apart
on purpose). Hard principles and the cap ``L <= max_load · c`` are constraints, never broken;
a case that fits nowhere is reported with the reasons.

The solvers:

- ``optimal`` (with the ``allocation`` extra, i.e. scipy): every caseworker becomes a row of
  slots, the ``k``-th priced at the load after ``k`` mean-weight cases, and scipy's
  ``linear_sum_assignment`` (a proven shortest-augmenting-path solver of the assignment
  problem) finds the best placement. With equal weights this is exactly the optimum of the
  objective; with unequal weights the slot prices are an estimate, so a repair pass places
  what the estimate left out and a local search (moving one case at a time while the true
  objective improves) finishes.
- ``greedy``: the heaviest case first, each to the caseworker that adds most to the
  objective, then the same local search. Without numpy, a plain greedy pass only.

Both are deterministic and do not depend on the order of the input: cases are sorted by id,
caseworkers by id, ties go to the lower id. A batch whose assignment matrix would exceed
``_MAX_CELLS`` (4 million cells, e.g. 10,000 cases for one caseworker) is placed greedily even
under ``optimal``, and the result says ``solver = "greedy"``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from boernesag.allocation.inputs import (
    check_as_of_arg,
    check_caseload,
    check_cases,
    check_exclude,
    check_solver,
)
from boernesag.allocation.labels import fmt_percent, say
from boernesag.allocation.policy import Policy
from boernesag.allocation.score import EPS, CaseFacts, ScorePart, Scorer, VectorScorer
from boernesag.errors import AllocationError, BoernesagError, MissingExtraError
from boernesag.model import Case, Caseload
from boernesag.tomlcheck import describe

__all__ = ["SOLVERS", "Allocation", "Assignment", "Unassigned", "allocate"]

#: The solver names :func:`allocate` accepts.
SOLVERS: tuple[str, ...] = ("auto", "optimal", "greedy")

_BIG = 1e12
_MAX_SWEEPS = 20
_FULL_SLOTS_UP_TO = 250_000
_FAIR_FACTOR = 1.0
#: The largest assignment matrix (cases × slots) the optimal solver builds (about 32 MB per
#: array); a larger batch, such as 10,000 cases for one caseworker, is placed greedily.
_MAX_CELLS = 4_000_000


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
    ``objective``: the value the solvers maximise (see the module documentation).
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
            solver=self.solver,
        )


# ---------------------------------------------------------------------------- the batch


@attrs.define
class _Batch:
    """The units to place (a unit: one case, or siblings placed together) and their data."""

    units: list[list[CaseFacts]]
    weight: list[float]
    links: list[list[tuple[int, float]]]  # unit -> [(other unit, points when together)]


def _units(facts: list[CaseFacts], scorer: Scorer, policy: Policy) -> _Batch:
    """Group siblings of the batch into one unit each (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: same caseworker by default).

    A child whose case is in ``siblings_apart`` stays a unit of its own; the pair then gets a
    negative link (points lost when placed together). Without a siblings principle every case
    is its own unit.
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
    if sib is not None:
        for i, f in enumerate(facts):
            for child in sorted(scorer.siblings_of(f.case)):
                for j in by_child.get(child, ()):
                    if j <= i:
                        continue
                    apart = f.apart is not None or facts[j].apart is not None
                    if apart:  # a hard "apart" forbids the pair; a soft one costs its weight
                        pairs.append((i, j, -math.inf if sib.hard else -float(sib.weight)))
                    else:
                        parent[find(j)] = find(i)
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
    return _Batch(units, [round(sum(f.weight for f in u), 4) for u in units], links)


def _split(batch: _Batch, u: int, sib_weight: float) -> list[int]:
    """Split unit ``u`` into single cases (appended), linked to each other; returns their ids."""
    members = batch.units[u]
    new = []
    for f in members:
        batch.units.append([f])
        batch.weight.append(f.weight)
        batch.links.append([])
        new.append(len(batch.units) - 1)
    for a in new:
        for b in new:
            if a != b:
                batch.links[a].append((b, sib_weight))
    batch.units[u] = []
    batch.weight[u] = 0.0
    return new


# ---------------------------------------------------------------------------- numpy solver


class _State:
    """Arrays of a run: static points ``S``, allowed ``OK``, weights, loads, the assignment."""

    def __init__(self, batch: _Batch, vs: VectorScorer, start: Any, limit: Any, lw: float) -> None:
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
        real = [w for u, w in enumerate(batch.weight) if batch.units[u]]
        self.mean = (sum(real) / len(real)) if real else 1.0
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
        """(value of placing unit u at each caseworker now, feasible mask)."""
        np = self.np
        w = self.batch.weight[u]
        feas = self.OK[u] & (self.L + w <= self.limit + EPS)
        vals = self.S[u] + self.lw * (w / self.mean) * (1.0 - (self.L + w) / self.cap)
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

    def lsa(self, units: Sequence[int]) -> bool:
        """Place ``units`` by the assignment problem over capacity slots (scipy).

        False (nothing placed) when the matrix would exceed :data:`_MAX_CELLS` cells, e.g.
        10,000 cases for one caseworker: the greedy pass then places them.
        """
        np = self.np
        from scipy.optimize import linear_sum_assignment

        rows = [u for u in units if self.batch.units[u] and self.OK[u].any()]
        if not rows:
            return True
        W = np.array([self.batch.weight[u] for u in rows])
        S = self.S[rows]
        OK = self.OK[rows] & (W[:, None] <= (self.limit - self.L)[None, :] + EPS)
        room = self.limit - self.L
        active = self.vs.cap > 0
        total_cap = float(self.vs.cap[active].sum())
        target = (float(self.L[active].sum()) + float(W.sum())) / total_cap if total_cap else 0.0
        full: list[int] = []
        fair: list[int] = []
        for j in range(self.vs.n):
            fits = OK[:, j]
            count = int(fits.sum())
            if not count or room[j] <= 0:
                full.append(0)
                fair.append(0)
                continue
            k = min(count, math.floor(room[j] / float(W[fits].min()) + EPS))
            share = max(0.0, target * self.vs.cap[j] - self.L[j]) / self.mean
            full.append(k)
            fair.append(min(k, math.ceil(share * _FAIR_FACTOR) + 1))
        # Small problems get every slot the cap allows (then the assignment is exact for equal
        # weights); large ones a caseworker's fair share and a margin, which keeps the matrix
        # small enough for a second; the repair pass and the local search do the rest.
        slots = full if len(rows) * sum(full) <= _FULL_SLOTS_UP_TO else fair
        if len(rows) * sum(slots) > _MAX_CELLS:
            return False
        slot_j = [j for j, k in enumerate(slots) for _ in range(k)]
        slot_k = [i for k in slots for i in range(k)]
        if not slot_j:
            return True
        sj = np.array(slot_j)
        sk = np.array(slot_k, dtype=float)
        load = (self.L[sj][None, :] + sk[None, :] * self.mean + W[:, None]) / self.cap[sj][None, :]
        value = S[:, sj] + self.lw * (W[:, None] / self.mean) * (1.0 - load)
        cost = np.where(OK[:, sj], -value, _BIG)
        r, c = linear_sum_assignment(cost)
        for i, col in zip(r, c, strict=True):
            if cost[i, col] < _BIG / 2:
                self.place(rows[i], int(sj[col]))
        # The slots estimate loads with the mean weight: take back what breaks the real cap,
        # heaviest first (the fewest cases to move); the repair pass places them again.
        for j in range(self.vs.n):
            if self.L[j] <= self.limit[j] + EPS:
                continue
            mine = sorted(
                (u for u in rows if self.assign[u] == j),
                key=lambda u: (-self.batch.weight[u], self.batch.units[u][0].case_id),
            )
            for u in mine:
                if self.L[j] <= self.limit[j] + EPS:
                    break
                self.unplace(u)
        return True

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

    def objective(self) -> float:
        """The batch objective (module documentation), in its order-free closed form."""
        total = 0.0
        wsum = [0.0] * self.vs.n
        wsq = [0.0] * self.vs.n
        for u, j in enumerate(self.assign):
            if j < 0:
                continue
            w = self.batch.weight[u]
            total += float(self.S[u, j])
            wsum[j] += w
            wsq[j] += w * w
            for v, pts in self.batch.links[u]:
                if v > u and self.assign[v] == j:
                    total += pts
        for j in range(self.vs.n):
            if wsum[j]:
                b = float(self.start[j])
                c = float(self.cap[j])
                load = wsum[j] - ((b + wsum[j]) ** 2 - b * b + wsq[j]) / (2 * c)
                total += self.lw / self.mean * load
        return total


# ---------------------------------------------------------------------------- allocate


def allocate(
    cases: Iterable[Case],
    caseload: Caseload,
    policy: Policy | None = None,
    *,
    as_of: date | None = None,
    exclude: Sequence[str] = (),
    solver: str = "auto",
) -> Allocation:
    """Distribute ``cases`` over the caseload's caseworkers, explained, under ``policy``.

    ``cases``: the new cases (see :func:`~boernesag.allocation.unallocated_cases`), or cases
    to redistribute (a caseworker's, when they leave: pass their id in ``exclude`` too; a
    whole team's, when it is reorganised: continuity then keeps switches few). ``exclude``:
    caseworker ids not to allocate to. ``solver``: ``"optimal"`` (needs scipy, the
    ``allocation`` extra), ``"greedy"``, or ``"auto"`` (optimal when scipy is installed).
    ``as_of`` defaults to today.

    Every case ends up exactly once in ``assignments`` or ``unassigned`` (with the reason);
    pinned cases go to their pin; no other assignment breaks a hard principle or the cap.

    Every input is checked first (:mod:`boernesag.allocation.inputs`): caseworkers (capacity,
    hours and experience finite and in range, competences texts), teams, cases, ``exclude``
    (a list of ids, not one text), ``as_of`` and ``solver``; a bad one raises a
    :class:`~boernesag.errors.BoernesagError` naming it. A case of the batch whose weight or
    competences cannot be read is reported in ``unassigned`` with the reason.
    """
    check_solver(solver, SOLVERS)
    check_caseload(caseload)
    if policy is not None and not isinstance(policy, Policy):
        raise AllocationError(f"'policy' skal være en Policy, ikke {describe(policy)}")
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
    try:
        vs = VectorScorer(scorer)
    except ImportError:
        vs = None
    use = solver
    if use in ("auto", "optimal"):
        try:
            import scipy.optimize  # noqa: F401

            has_scipy = vs is not None
        except ImportError:
            has_scipy = False
        if use == "optimal" and not has_scipy:
            raise MissingExtraError(
                "solver='optimal' kræver numpy og scipy (needs numpy and scipy): "
                "pip install 'boernesag[allocation]'"
            )
        use = "optimal" if has_scipy else "greedy"

    final: dict[int, str] = {}
    objective = 0.0
    if vs is not None and ids and batch.units:
        np = vs.np
        st = _State(
            batch,
            vs,
            np.array([start.get(i, 0.0) for i in ids]),
            np.array([limit[i] for i in ids]),
            pol.load_weight,
        )
        everything = list(range(len(batch.units)))
        if use == "optimal" and not st.lsa(everything):
            use = "greedy"  # the assignment matrix would be too large: said in the result
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
        objective = st.objective()
        final = {u: ids[j] for u, j in enumerate(st.assign) if j >= 0}
        loads_now = {i: float(st.L[k]) for k, i in enumerate(ids)}
        solved_by = use
    else:
        final, loads_now = _plain_greedy(batch, scorer, start, limit, pol, sib_weight, may_split)
        for u, members in enumerate(batch.units):
            if len(members) > 1 and u not in final:
                special[u] = "siblings_together_hard"
        solved_by = "greedy" if vs is None and ids else use

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
        solver=solved_by,
        objective=objective,
        as_of=day,
    )


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
) -> tuple[dict[int, str], dict[str, float]]:
    """The greedy pass without numpy: heaviest unit first, best caseworker by the objective."""
    loads = {w.id: start.get(w.id, 0.0) for w in scorer.workers}
    out: dict[int, str] = {}
    real = [w for u, w in enumerate(batch.weight) if batch.units[u]]
    mean = sum(real) / len(real) if real else 1.0
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
            w = batch.weight[u]
            best: tuple[float, str] | None = None
            for worker, (pts, ok) in zip(scorer.workers, row(u), strict=True):
                cap = scorer.capacity[worker.id]
                if not ok or cap <= 0 or loads[worker.id] + w > limit[worker.id] + EPS:
                    continue
                value = pts + lw * (w / mean) * (1 - (loads[worker.id] + w) / cap)
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
