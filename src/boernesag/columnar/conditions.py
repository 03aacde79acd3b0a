"""The rows of an :class:`~boernesag.blocks.plan.EachEvent` subject on every case, and its
:class:`~boernesag.blocks.plan.Condition` tests as boolean columns.

A condition that asks the legal vocabulary (an outcome set, a paragraph's decision kind or
class) is answered once per distinct value of the field's coded column by the scalar meaning,
:func:`boernesag.blocks.conditions.value_holds`, and the answers are indexed by code: the two
executors share one definition and the column work stays vectorized.
"""

from __future__ import annotations

import attrs
import numpy as np

from boernesag.blocks.conditions import value_holds
from boernesag.blocks.plan import Condition, EachEvent
from boernesag.columnar.context import BoolArray, IntArray, Unsupported, VectorContext
from boernesag.columnar.dates import NA
from boernesag.columnar.table import CODED_FIELDS

__all__ = ["condition_mask", "select_rows"]

#: Date fields of an event a subject may start from, and their column in the table.
_DAY_FIELDS = frozenset({"meddelt"})


def condition_mask(ctx: VectorContext, rows: IntArray, c: Condition) -> BoolArray:
    """Whether each row meets ``c`` (see :class:`~boernesag.blocks.plan.Condition`); with
    ``c.of = "ref"`` the row each one names (no such row: the answer for no value)."""
    if c.of == "ref":
        named = ctx.t.ref[rows].astype(np.int64)
        has = named >= 0
        answer = np.full(len(rows), value_holds(c, None), dtype=bool)
        if has.any():
            answer[has] = condition_mask(ctx, named[has], attrs.evolve(c, of="self"))
        return answer
    if c.test == "equals":
        hit = ctx.field_eq(rows, c.field, c.value)
        return hit if c.equal else ~hit
    if c.field not in CODED_FIELDS:
        raise Unsupported(c.field)
    t = ctx.t
    # value_holds already applies c.equal; the last entry answers "no value" (code -1)
    table = np.array([value_holds(c, x) for x in t.vocab[c.field]] + [value_holds(c, None)])
    out: BoolArray = table.astype(bool)[t.codes[c.field][rows].astype(np.int64)]
    return out


def select_rows(step: EachEvent, ctx: VectorContext) -> tuple[IntArray, IntArray]:
    """Rows of the subject's events in the scalar order, and the day each period runs from."""
    t = ctx.t
    rows = ctx.events(step.types)
    if step.conditions:
        ok = np.ones(len(rows), dtype=bool)
        for c in step.conditions:
            ok &= condition_mask(ctx, rows, c)
        rows = rows[ok]
    start = t.day[rows]
    if step.start_field is not None:
        if step.start_field not in _DAY_FIELDS:
            raise Unsupported(step.start_field)
        recorded = getattr(t, step.start_field)[rows]
        start = np.where(recorded != NA, recorded, start)
    return rows, start
