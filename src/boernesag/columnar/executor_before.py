"""The numpy runner of :class:`~boernesag.blocks.plan.EachDecision` plans (kind
``before_decision``), over every case at once; the scalar runner
(:mod:`boernesag.blocks.scalar_before`) is the reference.

"The last meeting event within the look-back, else the first after the decision" is one
:func:`numpy.searchsorted` on (case, day) keys. An exception field without a coded column (an
extension key) leaves the rule to the scalar runner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from boernesag.blocks.plan import EachDecision, Excused, LastBefore, OnTheDay, Plan, Step
from boernesag.blocks.result import Fact
from boernesag.columnar.context import (
    MET,
    BoolArray,
    IntArray,
    Part,
    ScalarCases,
    Unsupported,
    VectorContext,
    make_part,
)
from boernesag.columnar.dates import NA, months_before
from boernesag.columnar.result import FACT_BITS
from boernesag.columnar.table import CODED_FIELDS
from boernesag.law import Rule

__all__ = ["RUNNERS", "run_each_decision"]


def _subjects(step: EachDecision, ctx: VectorContext) -> IntArray:
    """Rows of the step's events that it includes (:meth:`EachDecision.includes`, asked once
    per distinct paragraph)."""
    t = ctx.t
    rows = ctx.events(step.types)
    ok = np.array([step.includes(p) for p in t.vocab["paragraph"]] + [True], dtype=bool)
    picked: IntArray = rows[ok[t.codes["paragraph"][rows].astype(np.int64)]]
    return picked


def _recorded(ctx: VectorContext, rows: IntArray, field: str) -> BoolArray:
    """Whether each row records a (truthy) value in the coded field ``field``."""
    if field not in CODED_FIELDS:
        raise Unsupported(field)
    t = ctx.t
    truthy = np.array([bool(x) for x in t.vocab[field]] + [False], dtype=bool)
    out: BoolArray = truthy[t.codes[field][rows].astype(np.int64)]
    return out


def _last_before(step: LastBefore, ctx: VectorContext, case: IntArray, day: IntArray) -> IntArray:
    """:class:`~boernesag.blocks.plan.LastBefore` for each (case, day): a row or -1."""
    t = ctx.t
    talks = ctx.events(step.types)
    met = np.full(len(case), -1, dtype=np.int64)
    if not len(talks):
        return met
    i = np.searchsorted(ctx.row_dkey(talks), ctx.dkey(case, day), side="right") - 1
    last = len(talks) - 1
    before_row = talks[np.clip(i, 0, last)]
    after_row = talks[np.clip(i + 1, 0, last)]
    before = (i >= 0) & (t.case[before_row] == case)
    before &= t.day[before_row] >= months_before(day, step.lookback)
    after = (i + 1 <= last) & (t.case[after_row] == case)
    met = np.where(before, before_row, met)
    return np.where(~before & after, after_row, met)


def run_each_decision(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part | ScalarCases]:
    """Subject :class:`~boernesag.blocks.plan.EachDecision` (see the scalar runner)."""
    step = plan.subject
    assert isinstance(step, EachDecision)
    assert isinstance(plan.due, OnTheDay)
    excused = plan.link if isinstance(plan.link, Excused) else None
    link = excused.otherwise if excused is not None else plan.link
    assert isinstance(link, LastBefore)
    t = ctx.t
    decs = _subjects(step, ctx)
    decs = decs[ctx.version_index(rule, t.day[decs]) >= 0]
    parts: list[Part | ScalarCases] = []
    if excused is not None:
        und = _recorded(ctx, decs, excused.field)
        ex = decs[und]
        if len(ex):
            none = np.full(len(ex), NA)
            bits = np.full(len(ex), FACT_BITS[Fact.EXCUSED], dtype=np.int64)
            parts.append(
                make_part(t, ex, t.day[ex], none, np.full(len(ex), MET), ex.copy(), facts=bits)
            )
        decs = decs[~und]
    case = t.case[decs].astype(np.int64)
    day = t.day[decs]
    met = _last_before(link, ctx, case, day)
    status = ctx.status(day, t.day[np.maximum(met, 0)], met >= 0)
    measure = t.measure[decs].astype(np.int64)
    parts.append(
        make_part(t, decs, day.copy(), np.full(len(decs), NA), status, met, measure=measure)
    )
    return parts


#: The runners this module adds to :data:`boernesag.columnar.executor.RUNNERS`.
RUNNERS: dict[type[Step], Callable[[Plan, Rule, VectorContext], Sequence[Part | ScalarCases]]] = {
    EachDecision: run_each_decision
}
