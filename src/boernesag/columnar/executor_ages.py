"""The numpy executor's blocks for deadlines at an age (kinds ``age_event``, ``transition``,
``age_decision``, ``age_milestone``), over every case at once: the runners of the subjects
:class:`~boernesag.blocks.plan.TheCase` and :class:`~boernesag.blocks.plan.RunningMeasures`
and the blocks they compose (see :mod:`boernesag.blocks.scalar_ages`, the reference).

Every step is a handful of array operations over all cases (or all measures); the only
Python loop is over the versions of a rule whose versions carry their own age.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
import numpy as np

from boernesag.blocks.plan import (
    Birthday,
    CaseOpen,
    ChildHas,
    EndedOrContinued,
    FirstFrom,
    Info,
    Listed,
    ParagraphSet,
    Plan,
    RunningMeasures,
    Step,
    TheCase,
    version_age,
)
from boernesag.columnar.context import (
    MAX_INT,
    NOT_APPLICABLE,
    OPEN,
    BoolArray,
    IntArray,
    Part,
    Unsupported,
    VectorContext,
    make_part,
    paragraph_codes,
    same_case,
)
from boernesag.columnar.dates import NA, add_months, day_number, months_before, period_end
from boernesag.columnar.table import TYPE_CODE
from boernesag.errors import RuleError
from boernesag.law import Rule
from boernesag.model import EventType
from boernesag.periods import LeapDayRule, Unit

__all__ = ["RUNNERS"]


# --------------------------------------------------------------------------- row searches



def _first_of_case(ctx: VectorContext, rows: IntArray, cases: IntArray) -> IntArray:
    """The first row of ``rows`` (ordered) in each case, or -1."""
    i = np.searchsorted(ctx.t.case[rows], cases, side="left")
    ok = same_case(ctx, rows, i, cases)
    return np.where(ok, rows[np.clip(i, 0, max(len(rows) - 1, 0))] if len(rows) else -1, -1)


def _first_from_day(ctx: VectorContext, rows: IntArray, cases: IntArray, day: IntArray) -> IntArray:
    """The first row of ``rows`` (ordered by case and sort key) on or after ``day``, or -1."""
    i = np.searchsorted(ctx.row_dkey(rows), ctx.dkey(cases, day), side="left")
    ok = same_case(ctx, rows, i, cases)
    return np.where(ok, rows[np.clip(i, 0, max(len(rows) - 1, 0))] if len(rows) else -1, -1)


def _open_on(ctx: VectorContext, cases: IntArray, day: IntArray) -> BoolArray:
    """``Case.is_open_on(day)`` for each case (on the whole timeline, as the model does)."""
    t = ctx.t
    lo, hi = t.start[cases], t.start[cases + 1]
    has = hi > lo
    opened = t.day[np.minimum(lo, max(len(t.day) - 1, 0))] if len(t.day) else lo
    ok = has & (opened <= day)
    closes = np.flatnonzero(t.type == TYPE_CODE[EventType.SAG_LUKKET])
    if len(closes):
        key = ctx.dkey(cases, day)
        i = np.searchsorted(ctx.all_dkey[closes], key, side="right") - 1
        ic = np.clip(i, 0, len(closes) - 1)
        closed = (i >= 0) & (t.case[closes[ic]] == cases)
        last = np.searchsorted(ctx.all_dkey, key, side="right") - 1  # last event on/before day
        reopened = t.day[np.maximum(last, 0)] > t.day[closes[ic]]
        ok &= ~closed | reopened
    return ok


def _paragraphs(ctx: VectorContext, ps: ParagraphSet) -> BoolArray:
    """``ps.matches`` per paragraph code (the last entry: no paragraph)."""
    return np.array([ps.matches(p) for p in ctx.t.vocab["paragraph"]] + [ps.unknown], dtype=bool)



# --------------------------------------------------------------------------- due


@attrs.define
class _Due:
    """A :class:`~boernesag.blocks.plan.Birthday` per case: the cases that have one, the day,
    the other reading (``NA``), the day the duty runs from and the version index."""

    cases: IntArray
    day: IntArray
    alt: IntArray
    start: IntArray | None
    vi: IntArray

    def take(self, keep: BoolArray) -> _Due:
        start = self.start[keep] if self.start is not None else None
        return _Due(self.cases[keep], self.day[keep], self.alt[keep], start, self.vi[keep])


def _date_of_age(
    ctx: VectorContext, birth: IntArray, years: int, months: int
) -> tuple[IntArray, IntArray]:
    """``periods.date_of_age`` (due, alternative) under the context's leap-day rule."""
    anchor_age = years if months == 0 else years + 1
    back = 0 if months == 0 else months - 12
    feb28, mar1 = add_months(birth, 12 * anchor_age)
    leap = mar1 != NA
    if months == 0:  # the birthday itself: the leap-day reading only
        if ctx.leap_rule == LeapDayRule.MAR_1:
            return np.where(leap, mar1, feb28), np.where(leap, feb28, NA)
        return feb28, mar1
    if ctx.leap_rule == LeapDayRule.MAR_1:
        mine, other = np.where(leap, mar1, feb28), feb28
    else:
        mine, other = feb28, np.where(leap, mar1, feb28)
    due, alt = add_months(mine, back)
    other_due = add_months(other, back)[0]
    return due, np.where(leap, other_due, alt)


def _version_days(rule: Rule, ctx: VectorContext, cases: IntArray) -> _Due:
    """:class:`Birthday` with ``years = None``: each version's own age, with the day of
    commencement for a child past the new age when it came into force."""
    try:
        ages = [version_age(rule, v) for v in rule.versions]
    except RuleError as exc:
        raise Unsupported("age") from exc  # the scalar executor raises the rule error
    birth = ctx.t.birth[cases]
    day = np.full(len(cases), NA)
    alt = np.full(len(cases), NA)
    vi = np.full(len(cases), -1, dtype=np.int64)
    found = np.zeros(len(cases), dtype=bool)
    prev_end: IntArray | None = None
    prev_to = 0
    for u, (version, age) in enumerate(zip(rule.versions, ages, strict=True)):
        end, other = _date_of_age(ctx, birth, age, 0)
        vf, vt = day_number(version.valid_from), day_number(version.valid_to)
        now = ~found & (vf <= end) & (end <= vt)
        day[now], alt[now], vi[now] = end[now], other[now], u
        found |= now
        if prev_end is not None:
            comm = ~found & (end < vf) & (prev_end > prev_to)
            day[comm], alt[comm], vi[comm] = vf, NA, u
            found |= comm
        prev_end, prev_to = end, vt
    return _Due(cases, day, alt, None, vi).take(found)


def _birthday(step: Birthday, rule: Rule, ctx: VectorContext, cases: IntArray) -> _Due:
    """:class:`~boernesag.blocks.plan.Birthday` for ``cases``; those without a version in
    force are dropped."""
    if step.years is None:
        return _version_days(rule, ctx, cases)
    birth = ctx.t.birth[cases]
    if step.day_before:
        day = ctx.birthday(birth, step.years) - 1
        alt = np.full(len(cases), NA)
    else:
        if not 0 <= step.months <= 11:
            raise Unsupported("months")  # the scalar executor raises the period error
        day, alt = _date_of_age(ctx, birth, step.years, step.months)
    start = ctx.birthday(birth, step.start_years) if step.start_years is not None else None
    vi = ctx.version_index(rule, start if start is not None else day)
    return _Due(cases, day, alt, start, vi).take(vi >= 0)


# --------------------------------------------------------------------------- conditions


def _child_cases(ctx: VectorContext, conditions: Sequence[Step]) -> IntArray:
    """The regular cases meeting every :class:`ChildHas` condition."""
    t = ctx.t
    ok = ~t.irregular
    for c in conditions:
        if isinstance(c, ChildHas):
            column = getattr(t, c.field, None)
            if not isinstance(column, np.ndarray) or column.dtype != np.bool_:
                raise Unsupported(c.field)
            ok = ok & column
    return np.flatnonzero(ok).astype(np.int64)


def _holds(ctx: VectorContext, conditions: Sequence[Step], due: _Due) -> _Due:
    """The cases of ``due`` meeting every :class:`Listed` and :class:`CaseOpen` condition."""
    for c in conditions:
        if isinstance(c, Listed):
            if c.from_years is not None:
                due = due.take(ctx.as_of >= ctx.birthday(ctx.t.birth[due.cases], c.from_years))
            if c.before is not None:
                due = due.take(ctx.as_of >= months_before(due.day, c.before))
        elif isinstance(c, CaseOpen):
            due = due.take(_open_on(ctx, due.cases, np.minimum(due.day, ctx.as_of)))
    return due


# --------------------------------------------------------------------------- links


def _first_from_rows(step: FirstFrom, ctx: VectorContext) -> IntArray:
    """The rows :class:`FirstFrom` may take, in the scalar order."""
    t = ctx.t
    rows = ctx.events(step.types)
    if step.under_types:
        under = np.isin(t.type[rows], [TYPE_CODE[x] for x in step.under_types])
        rows = rows[~under | _paragraphs(ctx, step.under)[paragraph_codes(ctx, rows)]]
    if step.refused:
        vocab = t.vocab["outcome"]
        refused = np.array([o in step.refused for o in vocab] + [False], dtype=bool)
        rows = rows[~refused[t.codes["outcome"][rows].astype(np.int64)]]
    return rows


def _info(step: Info, ctx: VectorContext, due: _Due) -> Part:
    """:class:`~boernesag.blocks.plan.Info`: open before the day, then not applicable."""
    if step.after.unit == Unit.HOURS:
        raise Unsupported("after")
    upcoming = ctx.as_of < due.day
    due = due.take(upcoming | (period_end(due.day, step.after, ctx.calendar)[0] >= ctx.as_of))
    upcoming = ctx.as_of < due.day
    none = np.full(len(due.cases), -1, dtype=np.int64)
    status = np.where(upcoming, OPEN, NOT_APPLICABLE).astype(np.int64)
    return make_part(ctx.t, none, due.day, due.alt, status, none.copy(), case=due.cases)


# --------------------------------------------------------------------------- runners


def _run_the_case(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """Subject :class:`~boernesag.blocks.plan.TheCase` (see the scalar runner)."""
    subject = plan.subject
    assert isinstance(subject, TheCase)
    assert isinstance(plan.due, Birthday)
    t = ctx.t
    cases = _child_cases(ctx, subject.conditions)
    due = _holds(ctx, subject.conditions, _birthday(plan.due, rule, ctx, cases))
    if isinstance(plan.link, Info):
        return [_info(plan.link, ctx, due)]
    link = plan.link
    assert isinstance(link, FirstFrom)
    rows = _first_from_rows(link, ctx)
    if link.since == "start":
        assert due.start is not None
        met = _first_from_day(ctx, rows, due.cases, due.start)
    elif link.since == "any":
        met = _first_of_case(ctx, rows, due.cases)
    else:
        raise Unsupported(link.since)
    if subject.trigger:
        trig = _first_of_case(ctx, ctx.events(subject.trigger), due.cases)
    else:
        trig = np.full(len(due.cases), -1, dtype=np.int64)
    status = ctx.status(due.day, t.day[np.maximum(met, 0)], met >= 0)
    return [make_part(t, trig, due.day, due.alt, status, met, case=due.cases)]


def _ended_or_continued(
    step: EndedOrContinued, ctx: VectorContext, m: IntArray, case: IntArray
) -> IntArray:
    """:class:`~boernesag.blocks.plan.EndedOrContinued` for measures ``m``: the earlier of
    the first end naming the measure and the first continuation, from its start."""
    t = ctx.t
    start = t.m_start[m]
    ends = ctx.events(step.ended_by)
    ends = ends[np.argsort(t.measure[ends], kind="stable")]
    key = (t.measure[ends].astype(np.int64) << 40) + t.skey[ends]
    i = np.searchsorted(key, (m.astype(np.int64) << 40) + ctx.skey_from(case, start))
    ic = np.clip(i, 0, max(len(ends) - 1, 0))
    end = np.full(len(m), -1, dtype=np.int64)
    if len(ends):
        end = np.where((i < len(ends)) & (t.measure[ends[ic]] == m), ends[ic], -1)
    cont = np.full(len(m), -1, dtype=np.int64)
    if step.continued is not None:
        cont = _first_from_day(ctx, _first_from_rows(step.continued, ctx), case, start)
    e_key = np.where(end >= 0, t.skey[np.maximum(end, 0)], MAX_INT)
    c_key = np.where(cont >= 0, t.skey[np.maximum(cont, 0)], MAX_INT)
    met: IntArray = np.where(c_key < e_key, cont, end)
    return met


def _run_running_measures(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """Subject :class:`~boernesag.blocks.plan.RunningMeasures` (see the scalar runner)."""
    subject = plan.subject
    assert isinstance(subject, RunningMeasures)
    assert isinstance(plan.due, Birthday)
    t = ctx.t
    cases = _child_cases(ctx, subject.conditions)
    ok_p = _paragraphs(ctx, subject.paragraphs)
    if subject.otherwise is None:  # only the cases with a measure of the paragraphs matter
        candidates = ctx.m_rows[ok_p[ctx.m_paragraph[ctx.m_rows].astype(np.int64)]]
        cases = cases[np.isin(cases, t.m_case[candidates])]
    due = _holds(ctx, subject.conditions, _birthday(plan.due, rule, ctx, cases))
    out: list[Part] = []
    has = np.zeros(len(due.cases), dtype=bool)
    if len(due.cases):
        m = ctx.m_rows[ok_p[ctx.m_paragraph[ctx.m_rows].astype(np.int64)]]
        pos = np.clip(np.searchsorted(due.cases, t.m_case[m]), 0, len(due.cases) - 1)
        mine = due.cases[pos] == t.m_case[m]
        on = np.minimum(due.day[pos], ctx.as_of)
        end = ctx.m_end[m]
        running = mine & (t.m_start[m] <= on) & ((end == NA) | (on <= end))
        m, pos = m[running], pos[running]
        if subject.first_only:
            _, first = np.unique(pos, return_index=True)
            m, pos = m[first], pos[first]
        has[pos] = True
        case = t.m_case[m].astype(np.int64)
        if isinstance(plan.link, FirstFrom):
            if plan.link.since != "measure":
                raise Unsupported(plan.link.since)
            met = _first_from_day(ctx, _first_from_rows(plan.link, ctx), case, t.m_start[m])
        else:
            assert isinstance(plan.link, EndedOrContinued)
            met = _ended_or_continued(plan.link, ctx, m, case)
        day = due.day[pos]
        status = ctx.status(day, t.day[np.maximum(met, 0)], met >= 0)
        out.append(
            make_part(
                t,
                t.m_start_row[m],
                day.copy(),
                due.alt[pos].copy(),
                status,
                met,
                case=case,
                measure=m.astype(np.int64),
            )
        )
    if isinstance(subject.otherwise, Info):
        out.append(_info(subject.otherwise, ctx, due.take(~has)))
    return out


#: The runners of this module's subjects (registered in
#: :data:`boernesag.columnar.executor.RUNNERS`).
RUNNERS: dict[type[Step], Callable[[Plan, Rule, VectorContext], list[Part]]] = {
    TheCase: _run_the_case,
    RunningMeasures: _run_running_measures,
}
