"""The numpy runner of a :class:`~boernesag.blocks.plan.DecisionMode` plan, with its link
:class:`~boernesag.blocks.plan.FirstFromLookback` (see :mod:`boernesag.blocks.scalar_modes`, the
reference): every case at once, one pass per rule version and forced / not forced. The
facts (:class:`~boernesag.blocks.result.Fact`) are the ``facts`` column's bits.
"""

from __future__ import annotations

import attrs
import numpy as np

from boernesag.blocks.plan import DecisionMode, EachEvent, FirstFromLookback, Plan
from boernesag.blocks.result import Fact
from boernesag.columnar.conditions import condition_mask, select_rows
from boernesag.columnar.context import (
    NOT_APPLICABLE,
    IntArray,
    Part,
    Unsupported,
    VectorContext,
    make_part,
)
from boernesag.columnar.dates import NA, months_before, period_end
from boernesag.columnar.result import FACT_BITS
from boernesag.law import Rule
from boernesag.model import Event
from boernesag.periods import Period

__all__ = ["first_from", "run_decision_mode"]

_EVENT_FIELDS = frozenset(f.name for f in attrs.fields(Event))


def first_from(ctx: VectorContext, step: FirstFromLookback, case: IntArray, day: IntArray) -> IntArray:
    """:class:`~boernesag.blocks.plan.FirstFromLookback` for subjects of ``case`` on ``day``: the row
    of the first event of the step's types on or after ``day`` minus the look-back, or -1."""
    rows = ctx.events(step.types)
    if not len(rows):
        return np.full(len(case), -1, dtype=np.int64)
    earliest = months_before(day, step.lookback)
    j = np.searchsorted(ctx.row_dkey(rows), ctx.dkey(case, earliest), side="left")
    jc = np.clip(j, 0, len(rows) - 1)
    same = (j < len(rows)) & (ctx.t.case[rows[jc]] == case)
    return np.where(same, rows[jc], -1).astype(np.int64)


def run_decision_mode(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """The deadlines of a :class:`~boernesag.blocks.plan.DecisionMode` plan on every case."""
    subject, step, link = plan.subject, plan.due, plan.link
    assert isinstance(subject, EachEvent)
    assert isinstance(step, DecisionMode)
    if not isinstance(link, FirstFromLookback):
        raise Unsupported("a DecisionMode plan links by FirstFromLookback")
    if step.decided_field in _EVENT_FIELDS:
        raise Unsupported(step.decided_field)
    t = ctx.t
    decs, start = select_rows(subject, ctx)
    vi = ctx.version_index(rule, start)
    keep = vi >= 0
    decs, start, vi = decs[keep], start[keep], vi[keep]
    case = t.case[decs].astype(np.int64)
    met = first_from(ctx, link, case, start)
    forced = condition_mask(ctx, decs, step.forced)
    decided = ctx.extra_is(decs, step.decided_field, True)
    decided_no = ctx.extra_is(decs, step.decided_field, False)
    measure = (
        t.measure[decs].astype(np.int64)
        if subject.carry_measure
        else np.full(len(decs), -1, dtype=np.int64)
    )
    parts: list[Part] = []
    for u, version in enumerate(rule.versions):
        base_mode = str(version.option("mode", step.default_mode))
        forced_mode = version.option("forced_mode")
        for is_forced in (False, True):
            sel = (vi == u) & (forced == is_forced)
            if not sel.any():
                continue
            forcing = bool(is_forced and forced_mode)
            mode = str(forced_mode) if forcing else base_mode
            d, m, dec, ms = start[sel], met[sel], decs[sel], measure[sel]
            fact = FACT_BITS[Fact.FORCED] if forcing else 0
            if mode == "if_decided":
                yes = decided[sel]
                no = dec[~yes]
                if len(no):
                    none = np.full(len(no), NA)
                    said_no = decided_no[sel][~yes]
                    bits = np.where(said_no, FACT_BITS[Fact.DECIDED_NO], FACT_BITS[Fact.UNDECIDED])
                    parts.append(
                        make_part(
                            t,
                            no,
                            none,
                            none.copy(),
                            np.full(len(no), NOT_APPLICABLE),
                            np.full(len(no), -1),
                            measure=ms[~yes],
                            facts=(bits | fact).astype(np.int64),
                        )
                    )
                d, m, dec, ms = d[yes], m[yes], dec[yes], ms[yes]
                mode = "after"
            if mode == "before":
                due = d.copy()
                fallback = version.option("fallback")
                if fallback:
                    alt = period_end(d, Period.parse(str(fallback)), ctx.calendar)[0]
                else:
                    alt = np.full(len(d), NA)
            else:
                due, alt = ctx.end_date(version, d)
            status = ctx.status(due, t.day[np.maximum(m, 0)], m >= 0)
            facts = np.full(len(dec), fact, dtype=np.int64)
            parts.append(make_part(t, dec, due, alt, status, m, measure=ms, facts=facts))
    return parts
