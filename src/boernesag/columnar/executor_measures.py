"""The numpy executor's blocks for measures and recurring duties, over every case at once.

The twins of :mod:`boernesag.blocks.scalar_measures`: the subjects
:class:`~boernesag.blocks.plan.EachMeasure` and :class:`~boernesag.blocks.plan.CaseSpan`, the
due steps :class:`~boernesag.blocks.plan.PeriodOrParallelEnd` and
:class:`~boernesag.blocks.plan.Recurrence`, the link :class:`~boernesag.blocks.plan.EventsOf`
and the readings. A chain is computed as "the k-th deadline of every chain at once", one loop
step per period, with :func:`numpy.searchsorted` on sort-key ranks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from boernesag.blocks.plan import (
    CaseSpan,
    EachMeasure,
    EndedBeforeDue,
    EventsOf,
    MissedAfterOnePeriod,
    PeriodOrParallelEnd,
    Plan,
    Recurrence,
    Step,
    compile_rule,
)
from boernesag.blocks.result import Fact
from boernesag.columnar.context import (
    MAX_INT,
    MIN_INT32,
    NOT_APPLICABLE,
    OPEN,
    BoolArray,
    IntArray,
    Part,
    Unsupported,
    VectorContext,
    make_part,
    same_case,
)
from boernesag.columnar.dates import NA
from boernesag.columnar.result import FACT_BITS
from boernesag.columnar.table import TYPE_CODE
from boernesag.errors import RuleError
from boernesag.law import Rule, RuleVersion
from boernesag.model import EventType
from boernesag.periods import Unit

__all__ = ["MEASURE_RUNNERS"]

#: Event fields an interval may be recorded in, with a coded column.
_INTERVAL_FIELDS = frozenset({"interval_months"})
_UNITS: tuple[Unit, ...] = tuple(Unit)

Interval = Callable[
    [RuleVersion, IntArray, IntArray, IntArray], tuple[IntArray, IntArray, IntArray]
]



# --------------------------------------------------------------------------- subject, link


def _measures(step: EachMeasure, ctx: VectorContext) -> IntArray:
    """:class:`~boernesag.blocks.plan.EachMeasure`: the subject measure rows (sorted)."""
    table = np.array(
        [step.includes(p) for p in ctx.t.vocab["paragraph"]] + [step.includes(None)], dtype=bool
    )
    return ctx.m_rows[table[ctx.m_paragraph[ctx.m_rows].astype(np.int64)]]  # type: ignore[no-any-return]


class _Search(Protocol):
    def first(
        self, m: IntArray, start: IntArray, end: IntArray, lower_skey: IntArray
    ) -> IntArray: ...


class _Members:
    """:class:`~boernesag.blocks.plan.EventsOf` for measures, among a row list: those naming
    the measure, and unnamed ones while it was active (start <= day <= end)."""

    def __init__(self, ctx: VectorContext, rows: IntArray) -> None:
        t = ctx.t
        self.ctx = ctx
        self.rows = rows
        pos = np.arange(len(rows), dtype=np.int64)
        meas = t.measure[rows].astype(np.int64)
        named = meas >= 0
        order = np.argsort(meas[named], kind="stable")
        self.a_rows = rows[named][order]
        self.a_pos = pos[named][order]
        self.a_m = meas[named][order]
        self.a_key = (self.a_m << 40) + t.skey[self.a_rows]
        self.b_rows = rows[~named]
        self.b_pos = pos[~named]
        self.b_skey = t.skey[self.b_rows]

    def first(self, m: IntArray, start: IntArray, end: IntArray, lower_skey: IntArray) -> IntArray:
        """The first member with skey >= ``lower_skey`` (row, or -1)."""
        ctx, t = self.ctx, self.ctx.t
        case = t.m_case[m].astype(np.int64)
        out_pos = np.full(len(m), MAX_INT, dtype=np.int64)
        out = np.full(len(m), -1, dtype=np.int64)
        if len(self.a_rows):
            ia = np.searchsorted(self.a_key, (m << 40) + lower_skey, side="left")
            iac = np.clip(ia, 0, len(self.a_rows) - 1)
            ok = (ia < len(self.a_rows)) & (self.a_m[iac] == m)
            out_pos = np.where(ok, self.a_pos[iac], out_pos)
            out = np.where(ok, self.a_rows[iac], out)
        if len(self.b_rows):
            lb = np.maximum(lower_skey, ctx.skey_from(case, start))
            ib = np.searchsorted(self.b_skey, lb, side="left")
            ibc = np.clip(ib, 0, len(self.b_rows) - 1)
            rb = self.b_rows[ibc]
            ok = (ib < len(self.b_rows)) & (t.case[rb] == case)
            ok &= (end == NA) | (t.day[rb] <= end)
            better = ok & (self.b_pos[ibc] < out_pos)
            out = np.where(better, rb, out)
        return out

    def last(self, m: IntArray, start: IntArray, end: IntArray, upper_skey: IntArray) -> IntArray:
        """The last member with skey <= ``upper_skey`` and day >= start (row, or -1)."""
        ctx, t = self.ctx, self.ctx.t
        case = t.m_case[m].astype(np.int64)
        out_pos = np.full(len(m), -1, dtype=np.int64)
        out = np.full(len(m), -1, dtype=np.int64)
        if len(self.a_rows):
            ia = np.searchsorted(self.a_key, (m << 40) + upper_skey, side="right") - 1
            iac = np.clip(ia, 0, len(self.a_rows) - 1)
            ok = (ia >= 0) & (self.a_m[iac] == m) & (t.day[self.a_rows[iac]] >= start)
            out_pos = np.where(ok, self.a_pos[iac], out_pos)
            out = np.where(ok, self.a_rows[iac], out)
        if len(self.b_rows):
            ub = upper_skey
            has_end = end != NA
            ub = np.where(
                has_end, np.minimum(ub, ctx.skey_until(case, np.where(has_end, end, 0))), ub
            )
            ib = np.searchsorted(self.b_skey, ub, side="right") - 1
            ibc = np.clip(ib, 0, len(self.b_rows) - 1)
            rb = self.b_rows[ibc]
            ok = (ib >= 0) & (t.case[rb] == case) & (t.day[rb] >= start)
            better = ok & (self.b_pos[ibc] > out_pos)
            out = np.where(better, rb, out)
        return out


class _CaseHits:
    """:class:`~boernesag.blocks.plan.EventsOf` for whole cases: the first row of a case
    after a sort-key rank, among a row list ordered by case and sort key."""

    def __init__(self, ctx: VectorContext, rows: IntArray) -> None:
        self.ctx = ctx
        self.rows = rows
        self.skey = ctx.t.skey[rows]

    def first(self, cases: IntArray, start: IntArray, end: IntArray, lower: IntArray) -> IntArray:
        i = np.searchsorted(self.skey, lower, side="left")
        ok = same_case(self.ctx, self.rows, i, cases)
        if not len(self.rows):
            return np.full(len(cases), -1, dtype=np.int64)
        return np.where(ok, self.rows[np.clip(i, 0, len(self.rows) - 1)], -1)


def _link_types(plan: Plan) -> tuple[str, ...]:
    if not isinstance(plan.link, EventsOf):
        raise Unsupported(type(plan.link).__name__)
    return plan.link.types


# --------------------------------------------------------------------------- due: one deadline


def _first_due(
    step: PeriodOrParallelEnd, rule: Rule, ctx: VectorContext, m: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """:class:`~boernesag.blocks.plan.PeriodOrParallelEnd` for measures ``m``: (kept
    measures, version index, due, alternative)."""
    t = ctx.t
    start = t.m_start[m]
    vi = ctx.version_index(rule, start)
    m, start, vi = m[vi >= 0], start[vi >= 0], vi[vi >= 0]
    due = np.zeros(len(m), dtype=np.int64)
    alt = np.zeros(len(m), dtype=np.int64)
    case = t.m_case[m].astype(np.int64)
    for u, version in enumerate(rule.versions):
        sel = vi == u
        if not sel.any():
            continue
        d, a = ctx.end_date(version, start[sel])
        if version.option("earliest_of_parallel"):
            c, st = case[sel], start[sel]
            bs = ctx.events(step.started)
            be = ctx.events(step.ended)
            i = np.searchsorted(ctx.row_dkey(bs), ctx.dkey(c, st), side="right") - 1
            running = same_case(ctx, bs, i, c)
            if len(bs) and len(be):
                rday = t.day[bs[np.clip(i, 0, len(bs) - 1)]]
                j = np.searchsorted(ctx.row_dkey(be), ctx.dkey(c, rday), side="left")
                has_end = running & same_case(ctx, be, j, c)
                eday = t.day[be[np.clip(j, 0, len(be) - 1)]]
                earlier = has_end & (eday > st) & (eday < d)
                d = np.where(earlier, eday, d)
                a = np.where(earlier, NA, a)
        due[sel], alt[sel] = d, a
    return m, vi, due, alt


def _each_first(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """One deadline per measure (see the scalar block)."""
    assert isinstance(plan.subject, EachMeasure)
    assert isinstance(plan.due, PeriodOrParallelEnd)
    t = ctx.t
    m = _measures(plan.subject, ctx)
    m, vi, due, alt = _first_due(plan.due, rule, ctx, m)
    start = t.m_start[m]
    end = ctx.m_end[m]
    members = _Members(ctx, ctx.events(_link_types(plan)))
    lower = ctx.skey_from(t.m_case[m].astype(np.int64), start)
    met = members.first(m, start, end, lower)
    trig = t.m_start_row[m]
    na = np.zeros(len(m), dtype=bool)
    if any(isinstance(s, EndedBeforeDue) for s in plan.readings):
        na = (met < 0) & (end != NA) & (end < due)
    if any(isinstance(s, MissedAfterOnePeriod) for s in plan.readings):
        late_limit = np.zeros(len(m), dtype=np.int64)
        for u, version in enumerate(rule.versions):
            sel = vi == u
            if sel.any():
                late_limit[sel] = ctx.end_date(version, due[sel])[0]
        met = np.where((met >= 0) & (t.day[np.maximum(met, 0)] > late_limit), -1, met)
    status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
    status = np.where(na, NOT_APPLICABLE, status)
    alt = np.where(na, NA, alt)
    return [make_part(t, trig, due, alt, status, met, measure=m.astype(np.int64))]


# --------------------------------------------------------------------------- due: recurrence


def _chain(
    rule: Rule,
    ctx: VectorContext,
    members: _Search,
    m: IntArray,
    anchor: IntArray,
    day: IntArray,
    lo_day: IntArray,
    interval: Interval | None,
    *,
    end: IntArray | None = None,
    per_case: bool = False,
) -> list[Part]:
    """:class:`~boernesag.blocks.plan.Recurrence` for many chains at once: one loop step per
    period.

    ``m`` are measure rows (or case indices with ``per_case``: then the chains have no
    measure and ``members`` searches a whole case). ``interval(version, m, anchor, idx)``
    gives (amount, unit code) per chain, or None for the version's period. Unit codes index
    :data:`_UNITS`. ``end`` defaults to the measures' ends as of ``as_of``.
    """
    t = ctx.t
    if end is None:
        end = ctx.m_end[m]
    after = t.skey[anchor]
    parts: list[Part] = []
    alive = np.arange(len(m))
    while alive.size:
        mm, an, dd = m[alive], anchor[alive], day[alive]
        vi = ctx.version_index(rule, dd)
        keep = vi >= 0
        alive, mm, an, dd, vi = alive[keep], mm[keep], an[keep], dd[keep], vi[keep]
        if not alive.size:
            break
        due = np.zeros(len(alive), dtype=np.int64)
        alt = np.zeros(len(alive), dtype=np.int64)
        late = np.zeros(len(alive), dtype=np.int64)
        facts = np.zeros(len(alive), dtype=np.int64)
        for u, version in enumerate(rule.versions):
            sel = vi == u
            if not sel.any():
                continue
            if interval is None:
                amount = np.full(int(sel.sum()), version.period.amount, dtype=np.int64)
                units = np.full(int(sel.sum()), _UNITS.index(version.period.unit))
            else:
                amount, units, facts[sel] = interval(version, mm[sel], an[sel], alive[sel])
            idx = np.flatnonzero(sel)
            for uc in np.unique(units).tolist():
                s2 = units == uc
                at = idx[s2]
                d, a = ctx.end_date(version, dd[at], amount=amount[s2], unit=_UNITS[uc])
                due[at], alt[at] = d, a
                late[at] = ctx.end_date(version, d, amount=amount[s2], unit=_UNITS[uc])[0]
        e = end[alive]
        going = ~((e != NA) & (e < due))
        alive, mm, an, dd = alive[going], mm[going], an[going], dd[going]
        due, alt, late, facts = due[going], alt[going], late[going], facts[going]
        if not alive.size:
            break
        nxt = members.first(mm, lo_day[alive], end[alive], after[alive] + 1)
        met = np.where((nxt >= 0) & (t.day[np.maximum(nxt, 0)] <= late), nxt, -1)
        status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
        measure = np.full(len(mm), -1, dtype=np.int64) if per_case else mm.astype(np.int64)
        parts.append(
            make_part(
                t, an, due, alt, status, met, measure=measure, facts=facts, counted_from=dd.copy()
            )
        )
        hit = met >= 0
        stop = ~hit & (nxt < 0) & ((status == OPEN) | (late >= ctx.as_of))
        hi = alive[hit]
        anchor[hi] = met[hit]
        day[hi] = t.day[met[hit]]
        after[hi] = t.skey[met[hit]]
        missed = ~hit & ~stop
        stalled = missed & (due <= dd)
        if stalled.any():
            # A period of 0 never moves the next due date: the scalar engine would not end.
            case_id = t.case_id[t.case[an[np.argmax(stalled)]]]
            raise RuleError.from_key("rule.zero_period", rule=rule.id, case=case_id)
        day[alive[missed]] = due[missed]
        alive = alive[hit | missed]
    return parts


def _recorded_interval(step: Recurrence, ctx: VectorContext, hits: IntArray) -> Interval | None:
    """The interval in force after each anchor (see the scalar block): ``None`` when it is
    always the version's period."""
    if step.interval_field is None:
        return None
    if step.interval_field not in _INTERVAL_FIELDS:
        raise Unsupported(step.interval_field)
    t = ctx.t
    field = step.interval_field
    recorded = _Members(ctx, hits[t.codes[field][hits] >= 0])
    iv_vocab = np.array([*t.vocab[field], 0], dtype=np.int64)

    def interval(
        version: RuleVersion, mm: IntArray, an: IntArray, idx: IntArray
    ) -> tuple[IntArray, IntArray, IntArray]:
        n = len(mm)
        amount = np.full(n, version.period.amount, dtype=np.int64)
        units = np.full(n, _UNITS.index(version.period.unit))
        if not version.option("interval_from_event"):
            return amount, units, np.zeros(n, dtype=np.int64)
        last = recorded.last(mm, t.m_start[mm], ctx.m_end[mm], t.skey[an])
        has = last >= 0
        months = iv_vocab[t.codes[field][np.maximum(last, 0)].astype(np.int64)]
        amount = np.where(has, months, amount)
        units = np.where(has, _UNITS.index(Unit.MONTHS), units)
        # no interval recorded: the version's period, the fact INTERVAL_DEFAULT (see scalar)
        facts = np.where(has, 0, FACT_BITS[Fact.INTERVAL_DEFAULT]).astype(np.int64)
        return amount, units, facts

    return interval


def _missed_first(
    step: Recurrence, ctx: VectorContext, m: IntArray, h0: IntArray
) -> tuple[BoolArray, IntArray]:
    """Per measure: whether the first deadline of :attr:`Recurrence.after_rule` was missed
    for good, and its due date (see the scalar block)."""
    t = ctx.t
    missed_mode = np.zeros(len(m), dtype=bool)
    first_day = np.zeros(len(m), dtype=np.int64)
    if step.after_rule is None:
        return missed_mode, first_day
    try:
        first_rule: Rule | None = ctx.rules[step.after_rule]
    except KeyError:
        first_rule = None
    if first_rule is None or not first_rule.enabled:
        return missed_mode, first_day
    plan = compile_rule(first_rule)
    due_step = plan.due if plan is not None else None
    if not isinstance(due_step, PeriodOrParallelEnd):
        due_step = PeriodOrParallelEnd()
    fm, fvi, fdue, _ = _first_due(due_step, first_rule, ctx, m)
    missed_by = np.zeros(len(fm), dtype=np.int64)
    for u, version in enumerate(first_rule.versions):
        sel = fvi == u
        if sel.any():
            missed_by[sel] = ctx.end_date(version, fdue[sel])[0]
    pos = np.searchsorted(m, fm)  # m is sorted (measure rows)
    h = h0[pos]
    cond = np.where(h >= 0, t.day[np.maximum(h, 0)] > missed_by, missed_by < ctx.as_of)
    missed_mode[pos] = cond
    first_day[pos] = fdue
    return missed_mode, first_day


def _each_chain(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """A chain per measure (see the scalar block)."""
    assert isinstance(plan.subject, EachMeasure)
    assert isinstance(plan.due, Recurrence)
    step = plan.due
    t = ctx.t
    m = _measures(plan.subject, ctx)
    if not len(m):
        return []
    start = t.m_start[m]
    end = ctx.m_end[m]
    case = t.m_case[m].astype(np.int64)
    hits = ctx.events(_link_types(plan))
    members = _Members(ctx, hits)
    h0 = members.first(m, start, end, ctx.skey_from(case, start))
    interval = _recorded_interval(step, ctx, hits)
    missed_mode, first_day = _missed_first(step, ctx, m, h0)
    parts: list[Part] = []
    a = missed_mode
    if a.any():
        parts += _chain(
            rule,
            ctx,
            members,
            m[a],
            t.m_start_row[m[a]].copy(),
            first_day[a].copy(),
            start[a],
            interval,
        )
    if step.start == "subject":
        b = ~missed_mode
        anchor = t.m_start_row[m[b]].copy()
        parts += _chain(rule, ctx, members, m[b], anchor, t.day[anchor].copy(), start[b], interval)
        return parts
    b = ~missed_mode & (h0 >= 0)
    if b.any():
        parts += _chain(
            rule, ctx, members, m[b], h0[b].copy(), t.day[h0[b]].copy(), start[b], interval
        )
    return parts


def _run_each_measure(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """Subject :class:`~boernesag.blocks.plan.EachMeasure` (see the scalar runner)."""
    if isinstance(plan.due, Recurrence):
        return _each_chain(plan, rule, ctx)
    if isinstance(plan.due, PeriodOrParallelEnd):
        return _each_first(plan, rule, ctx)
    raise Unsupported(type(plan.due).__name__)


# --------------------------------------------------------------------------- the case


def _closed(ctx: VectorContext, cases: IntArray) -> IntArray:
    """``Case.closed_on(as_of)``: the day of the last ``sag_lukket`` by ``as_of`` unless a later
    event by ``as_of`` reopened the case, else ``NA`` (later events are not seen)."""
    t = ctx.t
    seen = t.day <= ctx.as_of
    closes = np.flatnonzero((t.type == TYPE_CODE[EventType.SAG_LUKKET]) & seen)
    out = np.full(len(cases), NA)
    if not len(closes) or not len(cases):
        return out
    i = np.searchsorted(t.case[closes], cases, side="right") - 1
    ic = np.clip(i, 0, len(closes) - 1)
    has = (i >= 0) & (t.case[closes[ic]] == cases)
    last_day = t.day[closes[ic]]
    # rows are sorted by day within a case, so the rows seen by as_of are a prefix of it
    cum = np.concatenate(([0], np.cumsum(seen)))
    n_seen = cum[t.start[cases + 1]] - cum[t.start[cases]]
    latest = t.day[np.maximum(t.start[cases] + n_seen - 1, 0)]
    return np.where(has & (latest <= last_day), last_day, NA)


def _run_case_span(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """Subject :class:`~boernesag.blocks.plan.CaseSpan`: one chain per case, from its first
    event until its closing."""
    if not isinstance(plan.due, Recurrence) or plan.due.interval_field is not None:
        raise Unsupported(type(plan.due).__name__)
    t = ctx.t
    cases = np.flatnonzero(~t.irregular & (t.start[1:] > t.start[:-1])).astype(np.int64)
    first = t.start[cases]
    cases, first = cases[t.day[first] <= ctx.as_of], first[t.day[first] <= ctx.as_of]
    if not len(cases):
        return []
    closed = _closed(ctx, cases)
    end = np.where((closed != NA) & (closed <= ctx.as_of), closed, NA)
    hits = _CaseHits(ctx, ctx.events(_link_types(plan)))
    lo = np.full(len(cases), MIN_INT32, dtype=np.int64)
    return _chain(
        rule,
        ctx,
        hits,
        cases,
        first.copy(),
        t.day[first].copy(),
        lo,
        None,
        end=end,
        per_case=True,
    )


#: The runners of this module's subjects (registered in
#: :data:`boernesag.columnar.executor.RUNNERS`).
MEASURE_RUNNERS: dict[type[Step], Callable[[Plan, Rule, VectorContext], list[Part]]] = {
    EachMeasure: _run_each_measure,
    CaseSpan: _run_case_span,
}
