"""The event table as the numpy executor reads it at ``as_of``, and the shared array steps.

:class:`VectorContext` holds the rows visible at ``as_of``, the measures as they stood then, and
the array versions of the law-agnostic helpers every rule uses (events of some types in the
scalar engine's order, field conditions, the version in force, period ends, status, birthdays);
:func:`greedy_claim` is "each trigger claims the first unclaimed meeting event" for all cases at
once. :class:`Part` is one rule's deadlines as columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from boernesag.blocks.result import Status
from boernesag.calendar import Calendar
from boernesag.columnar.dates import (
    NA,
    add_months,
    day_number,
    extend,
    local_wall_to_utc,
    period_end,
    us_of_instant,
)
from boernesag.columnar.result import STATUS_CODE
from boernesag.columnar.table import CODED_FIELDS, TYPE_CODE, EventTable
from boernesag.law import Rule, RuleSet, RuleVersion
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Event
from boernesag.periods import LeapDayRule, Period, Unit, to_copenhagen

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]
else:
    IntArray = Any
    BoolArray = Any

__all__ = [
    "DAY_BITS",
    "END_OF_DAY",
    "MAX_INT",
    "MET",
    "MET_LATE",
    "MINUTE_2359",
    "MIN_INT32",
    "NOT_APPLICABLE",
    "OPEN",
    "OVERDUE",
    "BoolArray",
    "IntArray",
    "Part",
    "ScalarCases",
    "Unsupported",
    "VectorContext",
    "first_in_group",
    "greedy_claim",
    "make_part",
    "paragraph_codes",
    "same_case",
]

MET, MET_LATE, OPEN, OVERDUE, NOT_APPLICABLE = (
    STATUS_CODE[Status.MET],
    STATUS_CODE[Status.MET_LATE],
    STATUS_CODE[Status.OPEN],
    STATUS_CODE[Status.OVERDUE],
    STATUS_CODE[Status.NOT_APPLICABLE],
)
END_OF_DAY = ((23 * 60 + 59) * 60 + 59) * 1_000_000 + 999_999
MINUTE_2359 = (23 * 60 + 59) * 60 * 1_000_000
DAY_BITS = 21  # composite keys: case << 21 | (day + 2**20)
MAX_INT = int(np.iinfo(np.int64).max)
MIN_INT32 = int(np.iinfo(np.int32).min)


class Unsupported(Exception):
    """The rule uses something this engine does not interpret: the scalar engine does it."""


@attrs.define
class Part:
    """Deadlines of one rule from a vectorized interpreter."""

    case: IntArray
    trigger: IntArray
    due: IntArray
    alt: IntArray
    timed: BoolArray
    status: IntArray
    met: IntArray
    measure: IntArray
    rule: IntArray | None = None  # per row (scalar results); else the rule of the part
    facts: IntArray | None = None  # per row: bits of FACT_BITS (columnar.result); None: none
    #: per row: the due day of another reading (Deadline.readings[0]; NA: none) and its reason
    reading: IntArray | None = None
    reading_reason: npt.NDArray[np.object_] | None = None
    #: per row: the day a link of a chain is counted from (Deadline.trigger_on; NA: none)
    counted_from: IntArray | None = None


@attrs.frozen
class ScalarCases:
    """Cases whose deadlines for the rule the scalar engine computes (a runner's answer for
    cases it cannot do exactly on columns; the other cases stay vectorized)."""

    cases: IntArray


def make_part(
    t: EventTable,
    trigger: IntArray,
    due: IntArray,
    alt: IntArray,
    status: IntArray,
    met: IntArray,
    *,
    case: IntArray | None = None,
    measure: IntArray | None = None,
    timed: BoolArray | None = None,
    facts: IntArray | None = None,
    reading: IntArray | None = None,
    reading_reason: str = "",
    counted_from: IntArray | None = None,
) -> Part:
    n = len(due)
    return Part(
        case=t.case[trigger].astype(np.int64) if case is None else case,
        trigger=trigger,
        due=due,
        alt=alt,
        timed=np.zeros(n, dtype=bool) if timed is None else timed,
        status=status,
        met=met,
        measure=np.full(n, -1, dtype=np.int64) if measure is None else measure,
        facts=facts,
        reading=reading,
        reading_reason=None
        if reading is None
        else np.where(reading != NA, reading_reason, "").astype(object),
        counted_from=counted_from,
    )


class VectorContext:
    """The table as it stood at ``as_of``, and helpers shared by the interpreters."""

    def __init__(
        self,
        t: EventTable,
        as_of: date | datetime,
        calendar: Calendar,
        leap_rule: LeapDayRule,
        rules: RuleSet,
    ) -> None:
        if isinstance(as_of, datetime):
            end = to_copenhagen(as_of)
            day = end.date()
            self.as_of_end = us_of_instant(end)
        elif isinstance(as_of, date):
            day = as_of
            # 23:59:59.999999 wall time (on a DST day the offset at midnight differs)
            self.as_of_end = int(local_wall_to_utc(np.array([day_number(day)]), END_OF_DAY)[0])
        else:
            raise TypeError(f"as_of skal være en dato, ikke {type(as_of).__name__}")
        self.t = t
        self.as_of = day_number(day)
        self.calendar = calendar
        self.leap_rule = leap_rule
        self.rules = rules
        self.visible = (t.day <= self.as_of) & ~t.irregular[t.case]
        self.all_dkey = self.dkey(t.case, t.day)
        top = int(t.skey[-1]) + 1 if len(t.skey) else 0
        self.skey_ext = np.append(t.skey, top)
        self._cache: dict[Any, Any] = {}
        # measures started by as_of (with a start event); an end after as_of is unknown then
        ok = (t.m_start != NA) & (t.m_start <= self.as_of) & (t.m_start_row >= 0)
        ok &= ~t.irregular[t.m_case]
        self.m_rows = np.flatnonzero(ok)
        # ... and as they stood at as_of (Case.measures_on): later ends and decisions unseen
        as_of_measures = t.measures_on(self.as_of)
        self.m_end = as_of_measures.end
        self.m_paragraph = as_of_measures.paragraph
        paragraphs = t.vocab["paragraph"]
        legal = legal_vocabulary()
        self.p_placement = np.array(
            [legal.in_class("placement", p) for p in paragraphs] + [False], dtype=bool
        )
        self.p_forced = np.array(
            [legal.in_class("forced_placement", p) for p in paragraphs] + [False], dtype=bool
        )
        self.p_name = [f"{p.law} {p.number}" for p in paragraphs]
        self.p_law = [p.law for p in paragraphs]

    # ------------------------------------------------------------------ events

    def events(self, types: Sequence[str]) -> IntArray:
        """Visible rows of these types in the order of ``deadlines._Ctx.events``."""
        key = tuple(types)
        cached = self._cache.get(("events", key))
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        t = self.t
        codes = [TYPE_CODE[name] for name in key]
        if len(set(codes)) != len(codes):
            raise Unsupported("a type named twice")  # the scalar list repeats its events
        by_type = self.by_type()
        if not codes:
            rows = np.zeros(0, dtype=np.int64)
        elif len(codes) == 1:
            rows = by_type[codes[0]]
        else:
            # the scalar list: sorted by sort key, ties in the order of ``types``
            rows = np.concatenate([by_type[c] for c in codes])
            rank = np.concatenate(
                [np.full(len(by_type[c]), i, dtype=np.int64) for i, c in enumerate(codes)]
            )
            rows = rows[np.argsort(t.skey[rows] * len(codes) + rank, kind="stable")]
        self._cache[("events", key)] = rows
        return rows

    def by_type(self) -> list[IntArray]:
        """Visible rows of each event type (by type code), in row order."""
        cached = self._cache.get("by_type")
        if cached is None:
            rows = np.flatnonzero(self.visible)
            types = self.t.type[rows]
            order = np.argsort(types, kind="stable")
            bounds = np.searchsorted(types[order], np.arange(len(TYPE_CODE) + 1))
            cached = [rows[order[bounds[c] : bounds[c + 1]]] for c in range(len(TYPE_CODE))]
            self._cache["by_type"] = cached
        return cached

    def dkey(self, case: Any, day: Any) -> IntArray:
        """Composite (case, day) key, ordered like the rows."""
        return (np.asarray(case, dtype=np.int64) << DAY_BITS) + (
            np.asarray(day, dtype=np.int64) + (1 << 20)
        )

    def row_dkey(self, rows: IntArray) -> IntArray:
        return self.dkey(self.t.case[rows], self.t.day[rows])

    def skey_from(self, case: IntArray, day: IntArray) -> IntArray:
        """The smallest sort-key rank of a row of ``case`` on or after ``day``: rows with
        a rank at least this are on or after the day (or in a later case)."""
        i = np.searchsorted(self.all_dkey, self.dkey(case, day), side="left")
        return self.skey_ext[i]

    def skey_until(self, case: IntArray, day: IntArray) -> IntArray:
        """The largest rank of a row of ``case`` on or before ``day`` (or of an earlier case)."""
        i = np.searchsorted(self.all_dkey, self.dkey(case, day), side="right") - 1
        return np.where(i >= 0, self.t.skey[np.maximum(i, 0)], -1)

    def field_eq(self, rows: IntArray, name: str, value: Any) -> BoolArray:
        """``deadlines._field(event, name) == value`` for each row."""
        t = self.t
        if name in CODED_FIELDS:
            vocab = t.vocab[name]
            hit = np.array([bool(x == value) for x in vocab] + [bool(value == None)])  # noqa: E711
            return hit[t.codes[name][rows]]  # type: ignore[no-any-return]
        if name == "type":
            hit = np.array([bool(x == value) for x in TYPE_CODE])
            return hit[t.type[rows]]
        if name == "id":
            return np.array([x == value for x in t.id[rows]], dtype=bool)
        if name in UNSUPPORTED_FIELDS:
            raise Unsupported(name)
        # an extension key of the JSON: only some rows have any
        none_eq = bool(value == None)  # noqa: E711
        out = np.full(len(rows), none_eq, dtype=bool)
        for i in self._extra_positions(rows).tolist():
            extra = t.extra[int(rows[i])]
            out[i] = bool(extra.get(name) == value)
        return out

    def _extra_positions(self, rows: IntArray) -> IntArray:
        """Positions in ``rows`` of the rows that have extension keys."""
        have = self._cache.get("extra_rows")
        if have is None:
            have = np.array(sorted(self.t.extra), dtype=np.int64)
            self._cache["extra_rows"] = have
        if not len(have):
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.isin(rows, have))

    def matches(self, rows: IntArray, rule: Rule) -> BoolArray:
        """``deadlines._matches``: trigger_if all equal, trigger_unless none equal."""
        ok = np.ones(len(rows), dtype=bool)
        for k, v in rule.trigger_if.items():
            ok &= self.field_eq(rows, k, v)
        for k, v in rule.trigger_unless.items():
            ok &= ~self.field_eq(rows, k, v)
        return ok

    def extra_is(self, rows: IntArray, name: str, value: Any) -> BoolArray:
        """``event.extra.get(name) is value`` for each row."""
        out = np.zeros(len(rows), dtype=bool)
        for i in self._extra_positions(rows).tolist():
            out[i] = self.t.extra[int(rows[i])].get(name) is value
        return out

    # ------------------------------------------------------------------ periods

    def version_index(self, rule: Rule, days: IntArray) -> IntArray:
        """Index of the version in force on each day (``Rule.version_on``), -1 if none."""
        starts = np.array([day_number(v.valid_from) for v in rule.versions], dtype=np.int64)
        ends = np.array([day_number(v.valid_to) for v in rule.versions], dtype=np.int64)
        i = np.searchsorted(starts, days, side="right") - 1
        ic = np.maximum(i, 0)
        ok = (i >= 0) & (days <= ends[ic])
        return np.where(ok, i, -1)

    def end_date(
        self,
        version: RuleVersion,
        start: IntArray,
        period: Period | None = None,
        amount: IntArray | None = None,
        unit: Unit | None = None,
    ) -> tuple[IntArray, IntArray]:
        """``deadlines._end_date`` (due, alternative) without the notes."""
        from boernesag.columnar.dates import end_dates

        if amount is not None:
            assert unit is not None
            if unit == Unit.HOURS:
                raise Unsupported("hours")
            due, alt = end_dates(start, amount, unit, self.calendar)
        else:
            p = period or version.period
            if p.unit == Unit.HOURS:
                raise Unsupported("hours")
            due, alt = period_end(start, p, self.calendar)
        if version.extend:
            due, alt, _ = extend(due, alt, self.calendar)
        return due, alt

    def status(self, due: IntArray, met_day: IntArray, has_met: BoolArray) -> IntArray:
        """``deadlines._status`` for date deadlines."""
        return np.where(
            has_met,
            np.where(met_day <= due, MET, MET_LATE),
            np.where(self.as_of <= due, OPEN, OVERDUE),
        ).astype(np.int64)

    def birthday(self, births: IntArray, age: int) -> IntArray:
        """``periods.birthday`` for arrays, under the context's leap-day rule."""
        due, alt = add_months(births, 12 * age)
        if self.leap_rule == LeapDayRule.MAR_1:
            return np.where(alt != NA, alt, due)
        return due


# Event attributes a rule may name that have no coded column: the scalar engine does those.
UNSUPPORTED_FIELDS = frozenset(f.name for f in attrs.fields(Event)) - {*CODED_FIELDS, "type", "id"}


def first_in_group(sorted_keys: IntArray, keys: IntArray) -> IntArray:
    return np.searchsorted(sorted_keys, keys, side="left")


def greedy_claim(
    ctx: VectorContext, triggers: IntArray, pool: IntArray, lower: IntArray
) -> IntArray:
    """Greedy claiming, per case in trigger order: each trigger takes the first unclaimed
    pool row at or after position ``lower`` (a position in ``pool``). Returns pool rows or -1.

    Triggers come in case order; within a case the lower bounds do not decrease, so the k-th
    trigger's claim is ``max(lower_k, claim_{k-1} + 1)``, a running maximum.
    """
    t = ctx.t
    n = len(triggers)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    tc = t.case[triggers].astype(np.int64)
    first = np.searchsorted(tc, tc, side="left")
    k = np.arange(n, dtype=np.int64) - first
    big = 4 * (len(pool) + n + 2)
    run = np.maximum.accumulate(lower - k + tc * big) - tc * big
    claim = k + run
    pool_case = t.case[pool].astype(np.int64)
    end = np.searchsorted(pool_case, tc, side="right")
    ok = claim < end
    out = np.full(n, -1, dtype=np.int64)
    out[ok] = pool[claim[ok]]
    return out


def same_case(ctx: VectorContext, rows: IntArray, idx: IntArray, case: IntArray) -> BoolArray:
    """``idx`` (positions into ``rows``) is in range and its row belongs to ``case``."""
    ok = (idx >= 0) & (idx < len(rows))
    if len(rows) == 0:
        return ok
    same: BoolArray = ok & (ctx.t.case[rows[np.clip(idx, 0, len(rows) - 1)]] == case)
    return same


def paragraph_codes(ctx: VectorContext, rows: IntArray) -> IntArray:
    """The paragraph code of each row (-1: no paragraph)."""
    return ctx.t.codes["paragraph"][rows].astype(np.int64)
