"""The numpy runner of :class:`~boernesag.blocks.plan.Episodes` plans (kind ``bfu``), over every
case at once; the scalar runner (:mod:`boernesag.blocks.scalar_episodes`) is the reference.

The sequential parts are done as array steps: the notices, starts and closers of every case
are merged in time order, an episode opens at an event whose predecessor in the case is a
closer (or a notice more than the window earlier, for a start or an end), the episode's closer
is its last event, its first start one :func:`numpy.minimum.at`. The version is the one in
force on the awareness day, moved on where the version has ``pending_moves`` (one array step
per version).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from boernesag.blocks.plan import Episodes, InterimNote, PeriodAfterAwareness, Plan, Step
from boernesag.blocks.result import Fact
from boernesag.columnar.context import (
    MET_LATE,
    NOT_APPLICABLE,
    OVERDUE,
    IntArray,
    Part,
    ScalarCases,
    VectorContext,
    make_part,
)
from boernesag.columnar.dates import NA, day_number, months_before
from boernesag.columnar.result import FACT_BITS
from boernesag.law import Rule

__all__ = ["RUNNERS", "run_episodes"]


def _episodes(step: Episodes, ctx: VectorContext) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """The episodes by case in time order (see the scalar runner): rows of the anchor, of the
    first start (-1: none) and of the closer (-1: open), and whether the anchor shows (not a
    ``not_needed`` or alternative event)."""
    t = ctx.t
    notices = ctx.events(step.notices)
    starts = ctx.events(step.starts)
    ends = ctx.events(step.ends)
    others = ctx.events((*step.not_needed, *step.alternative_types))
    merged = np.concatenate([notices, starts, ends, others])
    cls = np.concatenate(
        [
            np.zeros(len(notices), np.int64),
            np.ones(len(starts), np.int64),
            np.full(len(ends) + len(others), 2, np.int64),
        ]
    )
    is_end = np.concatenate(
        [
            np.zeros(len(notices) + len(starts), bool),
            np.ones(len(ends), bool),
            np.zeros(len(others), bool),
        ]
    )
    # one instant: notices, starts, closers; each list in its own (the scalar) order
    order = np.lexsort((np.arange(len(merged)), cls, t.skey[merged]))
    merged, cls, is_end = merged[order], cls[order], is_end[order]
    n = len(merged)
    mc = t.case[merged]
    day = t.day[merged]
    same = np.zeros(n, dtype=bool)
    if n:
        same[1:] = mc[1:] == mc[:-1]
    prev_cls = np.full(n, -1, dtype=np.int64)
    prev_day = np.full(n, NA, dtype=np.int64)
    if n:
        prev_cls[1:] = cls[:-1]
        prev_day[1:] = day[:-1]
    split = (prev_cls == 0) & ((cls == 1) | is_end) & (prev_day < months_before(day, step.window))
    anchor = ~same | (prev_cls == 2) | split
    pos = np.flatnonzero(anchor)
    ep = np.cumsum(anchor) - 1
    last = np.append(pos[1:], n) - 1
    closer = np.where(cls[last] == 2, merged[last], -1) if n else np.zeros(0, np.int64)
    first = np.full(len(pos), n, dtype=np.int64)
    s_pos = np.flatnonzero(cls == 1)
    np.minimum.at(first, ep[s_pos], s_pos)
    start = np.where(first < n, merged[np.minimum(first, max(n - 1, 0))], -1) if n else first
    shows = (cls[pos] != 2) | is_end[pos]
    return merged[pos], start, closer, shows


def run_episodes(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part | ScalarCases]:
    """Subject :class:`~boernesag.blocks.plan.Episodes` (see the scalar runner)."""
    step = plan.subject
    assert isinstance(step, Episodes)
    assert isinstance(plan.due, PeriodAfterAwareness)
    t = ctx.t
    anchors, start, closer, shows = _episodes(step, ctx)
    anchors, start, closer = anchors[shows], start[shows], closer[shows]
    if not len(anchors):
        return []
    case = t.case[anchors].astype(np.int64)
    aday = t.day[anchors]
    cday = np.where(closer >= 0, t.day[np.maximum(closer, 0)], NA)
    vi = ctx.version_index(rule, aday)
    # a version with pending_moves hands an episode not closed by its last day on
    moved = np.zeros(len(anchors), dtype=bool)
    for u, version in enumerate(rule.versions):
        if not step.pending_moves[u]:
            continue
        last = day_number(version.valid_to)
        pending = (vi == u) & (
            ((closer < 0) & (ctx.as_of > last)) | ((closer >= 0) & (cday > last))
        )
        after = ctx.version_index(rule, np.array([last + 1], dtype=np.int64))[0]
        if after >= 0:
            moved |= pending
            vi = np.where(pending, after, vi)
    if step.not_needed:
        not_needed = np.isin(closer, ctx.events(step.not_needed)) & (closer >= 0)
    else:
        not_needed = np.zeros(len(anchors), dtype=bool)
    is_end = np.isin(closer, ctx.events(step.ends)) & (closer >= 0)
    out: list[Part | ScalarCases] = []
    for u, version in enumerate(rule.versions):
        sel = vi == u
        if not sel.any():
            continue
        accepted = is_end[sel].copy()
        if step.alternatives[u]:
            accepted |= np.isin(closer[sel], ctx.events(step.alternatives[u])) & (closer[sel] >= 0)
        mt = np.where(accepted, closer[sel], -1)
        due, alt = ctx.end_date(version, aday[sel])
        st = start[sel]
        has_start = (st >= 0) & (st != anchors[sel])
        r_due = ctx.end_date(version, t.day[np.maximum(st, 0)])[0]
        reading = np.where(has_start & (r_due != due), r_due, NA)
        status = ctx.status(due, t.day[np.maximum(mt, 0)], mt >= 0)
        status = np.where(not_needed[sel], NOT_APPLICABLE, status)
        facts = _interim_facts(plan, ctx, case[sel], aday[sel], status)
        out.append(
            make_part(
                t,
                anchors[sel],
                due,
                alt,
                status,
                mt,
                facts=facts,
                reading=reading,
                reading_reason=plan.due.key,
            )
        )
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
