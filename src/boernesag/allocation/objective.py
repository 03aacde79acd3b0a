"""The one objective every allocation solver maximises and every report shows.

An allocation of a batch is compared by two numbers, in this order:

1. ``placed``: the number of cases of the batch that get a caseworker (a child waiting for a
   caseworker is the first thing to avoid, so no score makes up for a case left unplaced);
2. ``score``: the points of the placement, the sum of

   - ``S[i, j]`` for every case ``i`` placed with caseworker ``j``: the static points of the
     policy's soft principles (team, district, competence, CPR range, siblings outside the
     batch, continuity; see :mod:`boernesag.allocation.score`);
   - the points of every pair of siblings *in the batch* placed with the same caseworker: the
     siblings principle's weight (or minus it for a pair kept apart on purpose). The pair
     counts the same whether the siblings were placed as a group or one by one;
   - the load principle (weight ``λ``), per caseworker with start load ``b``, capacity ``c``
     and the weights ``w_i`` placed there (sum ``W``), with ``w̄`` the mean weight of the
     batch's cases::

         λ / w̄ · Σ_i w_i · (1 - (load before i + w_i) / c)  =  λ / w̄ · (W - ((b + W)² - b² + Σ w_i²) / 2c)

     the sum of the load points each case earns when placed (``belastning 82% efter
     tildeling``), which does not depend on the order of placement and, for a given total,
     is largest when the load ratios are equal: it evens out the weighted load.

Hard principles and the cap ``b + W <= max_load · c`` are constraints, never part of the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import attrs

__all__ = ["Pair", "Problem", "load_points", "value"]


@attrs.frozen
class Pair:
    """Two siblings of the batch (case indices ``a < b``) and their points when together.

    ``points`` is ``-inf`` for siblings a hard rule keeps apart (then never together).
    """

    a: int
    b: int
    points: float


@attrs.frozen
class Problem:
    """A batch as numbers: per case its weight and its static points at each caseworker.

    ``static(i, j)`` is case ``i``'s static points with caseworker ``j``, ``None`` where the
    hard principles forbid that caseworker (a function: a batch of 5,000 cases and 500
    caseworkers need not be tabulated to score one placement).
    ``start``, ``capacity`` and ``limit`` are per caseworker (load before the batch, capacity,
    ``max_load · capacity``); ``load_weight`` is ``λ``; ``mean`` the batch's mean case weight.
    """

    weights: tuple[float, ...]
    static: Callable[[int, int], float | None]
    pairs: tuple[Pair, ...]
    start: tuple[float, ...]
    capacity: tuple[float, ...]
    limit: tuple[float, ...]
    load_weight: float
    mean: float


def load_points(problem: Problem, j: int, wsum: float, wsq: float) -> float:
    """The load principle's points of caseworker ``j`` given placed weights (sum, squares)."""
    if not wsum:
        return 0.0
    b, c = problem.start[j], problem.capacity[j]
    if c <= 0:
        return -math.inf
    return problem.load_weight / problem.mean * (wsum - ((b + wsum) ** 2 - b * b + wsq) / (2 * c))


def value(problem: Problem, where: Sequence[int], eps: float = 1e-9) -> tuple[int, float]:
    """``(placed, score)`` of a placement: ``where[i]`` is case ``i``'s caseworker or -1.

    A placement that breaks a hard principle or the cap scores ``-inf``.
    """
    m = len(problem.start)
    wsum = [0.0] * m
    wsq = [0.0] * m
    score = 0.0
    placed = 0
    for i, j in enumerate(where):
        if j < 0:
            continue
        points = problem.static(i, j)
        if points is None:
            return placed, -math.inf
        placed += 1
        score += points
        w = problem.weights[i]
        wsum[j] += w
        wsq[j] += w * w
    for p in problem.pairs:
        if where[p.a] >= 0 and where[p.a] == where[p.b]:
            score += p.points
    for j in range(m):
        if wsum[j] and problem.start[j] + wsum[j] > problem.limit[j] + eps:
            return placed, -math.inf
        score += load_points(problem, j, wsum[j], wsq[j])
    return placed, score
