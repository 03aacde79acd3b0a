"""The exact solver: the allocation objective as a mixed-integer program, solved by HiGHS.

``solver="optimal"`` hands the batch to :func:`scipy.optimize.milp` (HiGHS, scipy >= 1.9:
the ``allocation`` extra). The model maximises :mod:`boernesag.allocation.objective` exactly:

- a binary ``x[b, j]`` per block ``b`` (a case, or siblings a hard rule keeps together) and
  caseworker ``j`` the hard principles allow and whose room under the cap fits the block;
  ``Σ_j x[b, j] <= 1``;
- ``W[j] = Σ_b w_b · x[b, j]`` in ``[0, max_load · c_j - b_j]``: the cap, exactly;
- the load points ``λ/w̄ · (W - ((b + W)² - b²) / 2c)`` are concave in ``W``: a variable
  ``t[j]`` below the tangent at every value ``W`` can take (multiples of the greatest common
  divisor of the weights, 0.25 points by default) equals them exactly at those values; the
  ``Σ w_i²`` part is linear in ``x``. Above :data:`MAX_TANGENTS` values per caseworker the
  tangents are spread evenly; they then over-estimate between them, which the reported gap
  (measured against the true objective of the solution) shows;
- a pair of siblings together earns its points through ``y <= x[a, j]``, ``y <= x[b, j]``;
  a pair kept apart on purpose pays through ``z >= x[a, j] + x[b, j] - 1``, and a hard
  "apart" is ``x[a, j] + x[b, j] <= 1``;
- every placed case is worth ``M`` more than the largest possible difference in score, so the
  solver places as many cases as it can before it compares scores.

HiGHS proves the optimum (or stops at ``time_limit`` seconds): its dual bound is an upper
bound of the objective, and ``gap`` = (bound - value) / max(1, |score|) says how far from
the optimum the returned placement can be at most (0: proven optimal).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import attrs

from boernesag.allocation.objective import Problem, value

__all__ = ["MAX_TANGENTS", "MipResult", "solve_mip"]

#: The most tangents per caseworker (values of its load the load points are exact at).
MAX_TANGENTS: Final = 200
#: HiGHS stops when its bound is within this share of the objective (``M`` per case
#: included); the gap reported is measured against the score alone and is larger.
MIP_REL_GAP: Final = 1e-7
_QUANTUM: Final = 10_000  # weights are rounded to 4 decimals
_EPS: Final = 1e-9


@attrs.frozen
class MipResult:
    """The MIP's placement (``where[i]``: case ``i``'s caseworker or -1), value and gap."""

    where: tuple[int, ...]
    placed: int
    score: float
    upper: float
    """HiGHS's dual bound: no placement is worth more than this (``M`` per placed case)."""
    bigm: float
    finished: bool
    """HiGHS proved its model optimal within the time limit."""

    def gap_of(self, placed: int, score: float) -> float:
        """How far below the bound a placement can be, relative to its score."""
        return max(0.0, self.upper - (self.bigm * placed + score)) / max(1.0, abs(score))

    @property
    def gap(self) -> float:
        return self.gap_of(self.placed, self.score)


def _grid(weights: Sequence[float]) -> float:
    g = 0
    for w in weights:
        g = math.gcd(g, round(w * _QUANTUM))
    return g / _QUANTUM if g else 1.0


def _points(reach: float, step: float) -> list[float]:
    if reach <= 0:
        return [0.0]
    n = math.floor(reach / step + _EPS)
    if n + 1 <= MAX_TANGENTS:
        return [k * step for k in range(n + 1)]
    return [reach * k / (MAX_TANGENTS - 1) for k in range(MAX_TANGENTS)]


def big_m(problem: Problem, S: Any, OK: Any) -> float:
    """More points than any two placements' scores can differ by."""
    import numpy as np

    m = len(problem.start)
    ratio = max(
        (problem.limit[j] / problem.capacity[j] for j in range(m) if problem.capacity[j] > 0),
        default=1.0,
    )
    total = float(np.where(OK, np.abs(S), 0.0).max(axis=1, initial=0.0).sum()) if S.size else 0.0
    total += sum(abs(p.points) for p in problem.pairs if math.isfinite(p.points))
    k = problem.load_weight / problem.mean
    total += k * sum(w * (1.0 + ratio) for w in problem.weights)
    return 2.0 * total + 1.0


def solve_mip(
    problem: Problem, S: Any, OK: Any, blocks: Sequence[Sequence[int]], time_limit: float
) -> MipResult | None:
    """Solve the batch exactly; ``S``/``OK``: per-case static points and allowed (arrays).

    ``blocks`` partition the placeable cases (each block goes to one caseworker or none).
    None if HiGHS found no placement within the time limit.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    m = len(problem.start)
    w = problem.weights
    room = [problem.limit[j] - problem.start[j] for j in range(m)]
    k_load = problem.load_weight / problem.mean
    bigm = big_m(problem, S, OK)
    block_of = {i: b for b, members in enumerate(blocks) for i in members}
    within = [0.0] * len(blocks)
    between: list[tuple[int, int, float]] = []
    for p in problem.pairs:
        a, b = block_of.get(p.a), block_of.get(p.b)
        if a is None or b is None:
            continue
        if a == b:
            within[a] += p.points
        else:
            between.append((a, b, p.points))

    cost: list[float] = []
    lo: list[float] = []
    hi: list[float] = []
    integer: list[int] = []
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    rlo: list[float] = []
    rhi: list[float] = []

    def var(c: float, low: float, high: float, is_int: bool) -> int:
        cost.append(-c)  # milp minimises
        lo.append(low)
        hi.append(high)
        integer.append(1 if is_int else 0)
        return len(cost) - 1

    def row(entries: Sequence[tuple[int, float]], low: float, high: float) -> None:
        r = len(rlo)
        for col, v in entries:
            rows.append(r)
            cols.append(col)
            vals.append(v)
        rlo.append(low)
        rhi.append(high)

    x: dict[tuple[int, int], int] = {}
    per_worker: list[list[tuple[int, float]]] = [[] for _ in range(m)]
    for b, members in enumerate(blocks):
        wb = sum(w[i] for i in members)
        sq = sum(w[i] * w[i] for i in members)
        ok = np.logical_and.reduce([OK[i] for i in members])
        s = np.sum([S[i] for i in members], axis=0)
        for j in (int(k) for k in np.flatnonzero(ok)):
            if problem.capacity[j] <= 0 or wb > room[j] + _EPS:
                continue
            c = bigm * len(members) + float(s[j]) + within[b]
            c -= k_load * sq / (2.0 * problem.capacity[j])
            x[b, j] = var(c, 0.0, 1.0, True)
            per_worker[j].append((x[b, j], wb))
    if not x:
        return MipResult(tuple([-1] * len(w)), 0, 0.0, 0.0, bigm, True)
    for b in range(len(blocks)):
        mine = [(x[b, j], 1.0) for j in range(m) if (b, j) in x]
        if len(mine) > 1:
            row(mine, -np.inf, 1.0)
    step = _grid([sum(w[i] for i in members) for members in blocks])
    for j in range(m):
        if not per_worker[j]:
            continue
        reach = min(room[j], sum(v for _, v in per_worker[j]))
        load = var(0.0, 0.0, max(reach, 0.0), False)
        row([(load, 1.0), *((col, -v) for col, v in per_worker[j])], 0.0, 0.0)
        t = var(1.0, -np.inf, np.inf, False)
        b0, c0 = problem.start[j], problem.capacity[j]
        for g in _points(reach, step):
            f = k_load * (g - ((b0 + g) ** 2 - b0 * b0) / (2 * c0))
            slope = k_load * (1.0 - (b0 + g) / c0)
            row([(t, 1.0), (load, -slope)], -np.inf, f - slope * g)
    for a, b, pts in between:
        for j in range(m):
            if (a, j) not in x or (b, j) not in x:
                continue
            xa, xb = x[a, j], x[b, j]
            if pts == -math.inf:
                row([(xa, 1.0), (xb, 1.0)], -np.inf, 1.0)
            elif pts > 0:
                y = var(pts, 0.0, 1.0, False)
                row([(y, 1.0), (xa, -1.0)], -np.inf, 0.0)
                row([(y, 1.0), (xb, -1.0)], -np.inf, 0.0)
            elif pts < 0:
                z = var(pts, 0.0, 1.0, False)
                row([(xa, 1.0), (xb, 1.0), (z, -1.0)], -np.inf, 1.0)

    n = len(cost)
    a_matrix = coo_matrix((vals, (rows, cols)), shape=(len(rlo), n)).tocsr()
    res = milp(
        np.array(cost),
        integrality=np.array(integer),
        bounds=Bounds(np.array(lo), np.array(hi)),
        constraints=LinearConstraint(a_matrix, np.array(rlo), np.array(rhi)),
        options={"time_limit": float(time_limit), "mip_rel_gap": MIP_REL_GAP, "disp": False},
    )
    if res.x is None:
        return None
    where = [-1] * len(w)
    for (b, j), col in x.items():
        if res.x[col] > 0.5:
            for i in blocks[b]:
                where[i] = j
    placed, score = value(problem, where)
    bound = getattr(res, "mip_dual_bound", None)
    upper = -float(bound) if bound is not None and math.isfinite(bound) else -float(res.fun)
    return MipResult(tuple(where), placed, score, upper, bigm, res.status == 0)
