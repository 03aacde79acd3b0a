"""The numpy runner of :class:`~boernesag.blocks.plan.Episodes` plans (kind ``bfu``), over every
case at once; the scalar runner (:mod:`boernesag.blocks.scalar_episodes`) is the reference.

The sequential parts are done as array steps: the anchors by comparing each start or end with
the one before it, the claimed ends by :func:`~boernesag.columnar.context.greedy_claim` (a
running maximum), "the previous episode's end" by a running maximum over the episodes that
found one, and the awareness point by one :func:`numpy.searchsorted`. A case with an episode
outside every rule version (which claims nothing, so the later episodes differ) is left to the
scalar runner (:class:`~boernesag.columnar.context.ScalarCases`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from boernesag.blocks.plan import Claim, Episodes, InterimNote, PeriodAfterAwareness, Plan, Step
from boernesag.blocks.result import Fact
from boernesag.columnar.context import (
    MET_LATE,
    OVERDUE,
    IntArray,
    Part,
    ScalarCases,
    Unsupported,
    VectorContext,
    greedy_claim,
    make_part,
    same_case,
)
from boernesag.columnar.dates import NA, months_before
from boernesag.columnar.result import FACT_BITS
from boernesag.law import Rule

__all__ = ["RUNNERS", "run_episodes"]


def _anchors(step: Episodes, ctx: VectorContext, ends: IntArray) -> IntArray:
    """Rows of the episodes' anchors, by case in time order (see the scalar runner): a start
    or end whose predecessor in the case (starts before ends on one instant) is not a start."""
    t = ctx.t
    starts = ctx.events(step.starts)
    merged = np.concatenate([starts, ends])
    is_end = np.concatenate([np.zeros(len(starts), bool), np.ones(len(ends), bool)])
    # ties on one instant: starts first, each list in its own (the scalar) order
    order = np.lexsort((np.arange(len(merged)), is_end, t.skey[merged]))
    merged, is_end = merged[order], is_end[order]
    mc = t.case[merged]
    prev_start = np.zeros(len(merged), dtype=bool)
    if len(merged):
        prev_start[1:] = (~is_end[:-1]) & (mc[1:] == mc[:-1])
    anchors: IntArray = merged[~prev_start]
    return anchors



def run_episodes(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part | ScalarCases]:
    """Subject :class:`~boernesag.blocks.plan.Episodes` (see the scalar runner)."""
    step = plan.subject
    assert isinstance(step, Episodes)
    assert isinstance(plan.due, PeriodAfterAwareness)
    assert isinstance(plan.link, Claim)
    if plan.link.by != "next":
        raise Unsupported(plan.link.by)
    t = ctx.t
    ends = ctx.events(plan.link.types)
    anchors = _anchors(step, ctx, ctx.events(step.ends))
    if not len(anchors):
        return []
    case = t.case[anchors].astype(np.int64)
    lower = np.searchsorted(t.skey[ends], t.skey[anchors], side="left")
    met = greedy_claim(ctx, anchors, ends, lower)
    # the end claimed by the previous episode of the case that claimed one
    n = len(anchors)
    last = np.maximum.accumulate(np.where(met >= 0, np.arange(n), -1))
    prev = np.full(n, -1, dtype=np.int64)
    prev[1:] = last[:-1]
    has_prev = (prev >= 0) & (case[np.maximum(prev, 0)] == case)
    prev_end = np.where(has_prev, t.day[met[np.maximum(prev, 0)]], NA)
    # the awareness point: the first notice in [window start, anchor day] after prev_end
    notices = ctx.events(step.notices)
    aday = t.day[anchors]
    low = months_before(aday, step.window)
    low = np.where(has_prev, np.maximum(low, prev_end + 1), low)
    j = np.searchsorted(ctx.row_dkey(notices), ctx.dkey(case, low), side="left")
    found = same_case(ctx, notices, j, case)
    if len(notices):
        cand = notices[np.clip(j, 0, len(notices) - 1)]
        found &= t.day[cand] <= aday
        aware = np.where(found, cand, anchors)
    else:
        aware = anchors.copy()
    wday = t.day[aware]
    vi = ctx.version_index(rule, wday)
    out: list[Part | ScalarCases] = []
    if (vi < 0).any():
        # a skipped episode claims no end: the later episodes differ; the scalar runner does it
        bad = np.unique(case[vi < 0])
        keep = ~np.isin(case, bad)
        anchors, aware, met, vi, aday, wday = (
            x[keep] for x in (anchors, aware, met, vi, aday, wday)
        )
        out.append(ScalarCases(bad))
    for u, version in enumerate(rule.versions):
        sel = vi == u
        if not sel.any():
            continue
        due, alt = ctx.end_date(version, wday[sel])
        other = aware[sel] != anchors[sel]
        alt_due = ctx.end_date(version, aday[sel])[0]
        alt = np.where(other & (alt_due != due), alt_due, alt)
        mt = met[sel]
        status = ctx.status(due, t.day[np.maximum(mt, 0)], mt >= 0)
        facts = _interim_facts(plan, ctx, case[sel], wday[sel], status)
        out.append(make_part(t, aware[sel], due, alt, status, mt, facts=facts))
    return out


def _interim_facts(
    plan: Plan, ctx: VectorContext, case: IntArray, wday: IntArray, status: IntArray
) -> IntArray:
    """:attr:`Fact.INTERIM_PRESENT` of each deadline (the scalar runner's
    :class:`~boernesag.blocks.plan.InterimNote`): met late or overdue, and an event of the
    step's type on or after the awareness day ``wday`` in the case."""
    missed = (status == MET_LATE) | (status == OVERDUE)
    found = np.zeros(len(case), dtype=bool)
    for s in plan.notes:
        if not isinstance(s, InterimNote):
            continue
        rows = ctx.events([s.type])
        last = np.full(ctx.t.n_cases, NA, dtype=np.int64)
        np.maximum.at(last, ctx.t.case[rows], ctx.t.day[rows])
        found |= (last[case] != NA) & (last[case] >= wday)
    return np.where(missed & found, FACT_BITS[Fact.INTERIM_PRESENT], 0).astype(np.int64)


#: The runners this module adds to :data:`boernesag.columnar.executor.RUNNERS`.
RUNNERS: dict[type[Step], Callable[[Plan, Rule, VectorContext], Sequence[Part | ScalarCases]]] = {
    Episodes: run_episodes
}
