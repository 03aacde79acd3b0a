"""The vectorized deadline engine: every rule's plan, over all cases at once.

:func:`deadline_table` reads the same :class:`~boernesag.law.RuleSet` as
:func:`boernesag.deadlines.deadlines` and gives the same deadlines: each rule's plan
(:mod:`boernesag.blocks.plan`) is run by the numpy executor (:mod:`boernesag.columnar.executor`),
whose blocks work on whole columns; sequential logic (greedy claiming of meeting events, BFU
episodes, recurring chains) is done as "the k-th step for every case at once", with
:func:`numpy.searchsorted` on sort-key ranks.

What a block cannot do exactly is left to the scalar executor, never approximated: a rule a
block does not support on columns (a ``link = "measure"``, an event field without a column,
...) for every case, and cases with duplicate event ids for every rule.
:attr:`DeadlineTable.fallback` counts all of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import numpy as np

from boernesag.blocks.caseview import case_view
from boernesag.blocks.plan import PLANNED_KINDS, Recurrence, compile_rule
from boernesag.calendar import Calendar, default_calendar
from boernesag.columnar.context import Part as _Part
from boernesag.columnar.context import Unsupported as _Unsupported
from boernesag.columnar.context import VectorContext as _Ctx
from boernesag.columnar.dates import (
    NA,
    day_number,
    us_of_instant,
)
from boernesag.columnar.executor import run_plan
from boernesag.columnar.result import STATUS_CODE, DeadlineTable, facts_bits
from boernesag.columnar.table import EventTable
from boernesag.deadlines import Deadline, rule_deadlines
from boernesag.law import RuleSet, default_rules
from boernesag.periods import LeapDayRule, as_of_day, to_copenhagen

__all__ = ["VECTORIZED_KINDS", "deadline_table"]


#: Rule kinds the numpy executor runs (every kind with a plan).
VECTORIZED_KINDS = PLANNED_KINDS


# --------------------------------------------------------------------------- public API


def deadline_table(
    table: EventTable,
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> DeadlineTable:
    """Every deadline of every case in ``table`` as it stood at ``as_of``, as columns.

    The same deadlines as :func:`boernesag.deadlines.deadlines` case by case (same rule
    data, calendar and leap-day rule); what the numpy executor cannot do exactly is
    computed by the scalar executor and counted in :attr:`DeadlineTable.fallback`.
    """
    as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    rs = rules if rules is not None else default_rules()
    cal = calendar or default_calendar()
    ctx = _Ctx(table, as_of, cal, LeapDayRule(leap_day_rule), rs)
    active = rs.active
    rule_ids = tuple(r.id for r in active)
    parts: list[tuple[int, _Part]] = []
    scalar: dict[int, set[str]] = {}  # case -> rules the scalar engine computes
    everywhere: set[str] = set()
    for ri, rule in enumerate(active):
        plan = compile_rule(rule)
        if plan is None:  # a kind without deadlines (requirement: audit only)
            continue
        try:
            produced = run_plan(plan, rule, ctx)
        except _Unsupported:
            everywhere.add(rule.id)
            continue
        for p in produced:
            if isinstance(p, _Part):
                parts.append((ri, p))
            else:  # case indices left to the scalar engine for this rule
                for c in p.cases.tolist():
                    scalar.setdefault(c, set()).add(rule.id)
    all_ids = {r.id for r in active}
    for c in np.flatnonzero(table.irregular).tolist():
        scalar.setdefault(c, set()).update(all_ids)
    if everywhere:
        for c in range(table.n_cases):
            scalar.setdefault(c, set()).update(everywhere)
    fallback: dict[str, int] = {}
    if scalar:
        rows = _scalar_rows(table, ctx, scalar, rule_ids, as_of, rs, cal, leap_day_rule)
        parts.extend((ri, p) for ri, p in rows)
        for wanted in scalar.values():
            for rid in wanted:
                fallback[rid] = fallback.get(rid, 0) + 1
    return _assemble(table, as_of, rs, rule_ids, parts, fallback, cal, leap_day_rule)


def _scalar_deadlines(
    case: Any,
    as_of: date | datetime,
    rs: RuleSet,
    wanted: set[str],
    cal: Calendar,
    leap_day_rule: LeapDayRule,
) -> Iterable[Deadline]:
    """The scalar engine's deadlines of the ``wanted`` rules for one case (the loop of
    :func:`boernesag.deadlines.deadlines`, over those rules only)."""
    ctx = case_view(case, as_of, cal, leap_day_rule)
    ctx.rules = rs
    out: list[Deadline] = []
    for rule in rs.active:
        if rule.id in wanted:
            out.extend(rule_deadlines(rule, ctx))
    return out


def _scalar_rows(
    table: EventTable,
    ctx: _Ctx,
    scalar: dict[int, set[str]],
    rule_ids: tuple[str, ...],
    as_of: date | datetime,
    rs: RuleSet,
    cal: Calendar,
    leap_day_rule: LeapDayRule,
) -> list[tuple[int, _Part]]:
    """The scalar engine's deadlines for (case, rules) pairs, as columns."""
    index = {rid: i for i, rid in enumerate(rule_ids)}
    cols: dict[str, list[int]] = {
        k: []
        for k in (
            *("rule", "case", "trigger", "due", "alt", "timed", "status", "met", "measure"),
            "facts",
            "reading",
            "counted_from",
        )
    }
    reasons: list[str] = []
    for c in sorted(scalar):
        wanted = scalar[c]
        case = table.rebuild(c)
        lo = int(table.start[c])
        rows = {}
        for k in range(int(table.start[c + 1]) - lo - 1, -1, -1):
            rows[str(table.id[lo + k])] = lo + k  # first row wins for duplicate ids
        m_lo, m_hi = int(table.m_first[c]), int(table.m_first[c + 1])
        mrows = {str(table.m_id[m]): m for m in range(m_lo, m_hi)}
        for d in _scalar_deadlines(case, as_of, rs, wanted, cal, leap_day_rule):
            due, timed = _encode(d.due)
            alt, _ = _encode(d.alternative_due)
            cols["rule"].append(index[d.rule_id])
            cols["case"].append(c)
            cols["trigger"].append(rows[d.trigger] if d.trigger is not None else -1)
            cols["due"].append(due)
            cols["alt"].append(alt)
            cols["timed"].append(timed)
            cols["status"].append(STATUS_CODE[d.status])
            cols["met"].append(rows[d.met_by] if d.met_by is not None else -1)
            cols["measure"].append(mrows[d.measure] if d.measure is not None else -1)
            cols["facts"].append(facts_bits(d.facts))
            cols["reading"].append(_encode(d.readings[0].due)[0] if d.readings else int(NA))
            reasons.append(d.readings[0].reason if d.readings else "")
            cols["counted_from"].append(_counted_from(rs, d))
    arrays = {k: np.array(v, dtype=np.int64) for k, v in cols.items()}
    part = _Part(
        rule=arrays["rule"],
        case=arrays["case"],
        trigger=arrays["trigger"],
        due=arrays["due"],
        alt=arrays["alt"],
        timed=arrays["timed"].astype(bool),
        status=arrays["status"],
        met=arrays["met"],
        measure=arrays["measure"],
        facts=arrays["facts"],
        reading=arrays["reading"],
        reading_reason=np.array(reasons, dtype=object),
        counted_from=arrays["counted_from"],
    )
    return [(-1, part)]


def _counted_from(rs: RuleSet, d: Deadline) -> int:
    """The ``counted_from`` column of a scalar deadline: its ``trigger_on`` day for a link of
    a chain (:class:`~boernesag.blocks.plan.Recurrence`), else NA."""
    plan = compile_rule(rs[d.rule_id])
    if plan is None or not isinstance(plan.due, Recurrence) or d.trigger_on is None:
        return int(NA)
    return _encode(d.trigger_on)[0]


def _encode(value: date | datetime | None) -> tuple[int, bool]:
    if value is None:
        return int(NA), False
    if isinstance(value, datetime):
        return us_of_instant(to_copenhagen(value)), True
    return day_number(value), False


def _assemble(
    table: EventTable,
    as_of: date | datetime,
    rs: RuleSet,
    rule_ids: tuple[str, ...],
    parts: Iterable[tuple[int, _Part]],
    fallback: dict[str, int],
    cal: Calendar,
    leap_day_rule: LeapDayRule,
) -> DeadlineTable:
    parts = list(parts)

    def cat(name: str, dtype: Any) -> Any:
        if not parts:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([getattr(p, name) for _, p in parts]).astype(dtype)

    rule = (
        np.concatenate(
            [
                p.rule if p.rule is not None else np.full(len(p.due), ri, dtype=np.int64)
                for ri, p in parts
            ]
        ).astype(np.int16)
        if parts
        else np.zeros(0, dtype=np.int16)
    )
    return DeadlineTable(
        table=table,
        as_of=as_of,
        rules=rs,
        rule_ids=rule_ids,
        case=cat("case", np.int32),
        rule=rule,
        trigger=cat("trigger", np.int64),
        due=cat("due", np.int64),
        alternative_due=cat("alt", np.int64),
        timed=cat("timed", bool),
        status=cat("status", np.int8),
        met_by=cat("met", np.int64),
        measure=cat("measure", np.int64),
        facts=np.concatenate(
            [
                p.facts if p.facts is not None else np.zeros(len(p.due), dtype=np.int64)
                for _, p in parts
            ]
        ).astype(np.int8)
        if parts
        else np.zeros(0, dtype=np.int8),
        reading=np.concatenate(
            [
                p.reading if p.reading is not None else np.full(len(p.due), NA, dtype=np.int64)
                for _, p in parts
            ]
        ).astype(np.int64)
        if parts
        else np.zeros(0, dtype=np.int64),
        reading_reason=np.concatenate(
            [
                p.reading_reason
                if p.reading_reason is not None
                else np.full(len(p.due), "", dtype=object)
                for _, p in parts
            ]
        ).astype(object)
        if parts
        else np.zeros(0, dtype=object),
        counted_from=np.concatenate(
            [
                p.counted_from
                if p.counted_from is not None
                else np.full(len(p.due), NA, dtype=np.int64)
                for _, p in parts
            ]
        ).astype(np.int64)
        if parts
        else np.zeros(0, dtype=np.int64),
        fallback=fallback,
        calendar=cal,
        leap_day_rule=leap_day_rule,
    )
