"""One case as the scalar executor reads it: its timeline up to ``as_of``, indexed.

:class:`CaseView` holds the case's events by type up to ``as_of`` and the indexes every rule of
the case shares (events in time order for bisection, events by measure), so matching is a
look-up or a bisection and one case costs time linear in its number of events. The helpers
here are the law-agnostic pieces every rule uses: the status of a deadline, the end of a
period with its month-end ambiguity and extension, and claiming meeting events.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import attrs

from boernesag.blocks.result import Deadline, Fact, Note, Reading, Status, When, note
from boernesag.calendar import Calendar
from boernesag.law import Rule, RuleSet, RuleVersion
from boernesag.model import Case, Event, Measure
from boernesag.periods import (
    COPENHAGEN,
    LeapDayRule,
    Period,
    PeriodEnd,
    Unit,
    add_months,
    as_of_day,
    day_of,
    extend_to_working_day,
    to_copenhagen,
)

__all__ = [
    "CaseView",
    "Claims",
    "EventSeq",
    "ForMeasure",
    "case_view",
    "end_date",
    "field_of",
    "make_deadline",
    "matches_rule",
    "months_before",
    "parse_period",
    "sort_key_of",
    "started_measures",
    "status_of",
    "when_of",
]


@attrs.define
class CaseView:
    case: Case
    as_of: date
    as_of_end: datetime
    calendar: Calendar
    leap_rule: LeapDayRule
    by_type: dict[str, list[Event]]
    rules: RuleSet | None = None
    measures: list[tuple[Measure, Event]] | None = None
    # Indexes built on first use and shared by every rule and measure of the case: matching
    # by ref, by measure and "the next event after t" is a look-up or a bisection, never a
    # scan per trigger, so one case costs time linear in its number of events.
    _seqs: dict[tuple[str, ...], EventSeq] = attrs.field(factory=dict)
    _followups: dict[tuple[str, ...], ForMeasure] = attrs.field(factory=dict)

    def events(self, *types: str) -> list[Event]:
        """Events of these types up to ``as_of``, in time order (a new list)."""
        if len(types) == 1:
            return list(self.by_type.get(types[0], ()))
        out: list[Event] = []
        for name in types:
            out.extend(self.by_type.get(name, ()))
        out.sort(key=sort_key_of)
        return out

    def seq(self, *types: str) -> EventSeq:
        """:meth:`events` with their days and sort keys, for bisection (built once)."""
        found = self._seqs.get(types)
        if found is None:
            found = self._seqs[types] = EventSeq(self.events(*types))
        return found

    def started_measures(self) -> list[tuple[Measure, Event]]:
        """Measures started by ``as_of`` with their start event, as they stood at ``as_of``
        (:meth:`~boernesag.model.Case.measures_on`: a later decision or end is unknown then).
        Built once per case and shared by every rule (cached in :attr:`measures`)."""
        if self.measures is not None:
            return self.measures
        out = []
        case = self.case
        for m in case.measures_on(self.as_of):
            start_event = m.start_event
            if m.start is None or start_event is None:
                continue
            out.append((m, case.event(start_event)))
        self.measures = out
        return out

    def for_measure(self, types: Iterable[str], m: Measure) -> list[Event]:
        """Events of these types for measure ``m`` (see :func:`_followups_for`)."""
        key = tuple(types)
        index = self._followups.get(key)
        if index is None:
            index = self._followups[key] = ForMeasure(self.events(*key))
        return index.of(m)


class EventSeq:
    """Events in time order with their days and sort keys side by side (for :mod:`bisect`)."""

    __slots__ = ("days", "events", "keys")

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.days = [e.day for e in events]
        self.keys = [e.sort_key for e in events]

    def first_from(self, day: date) -> Event | None:
        """The first event on or after ``day``."""
        i = bisect_left(self.days, day)
        return self.events[i] if i < len(self.events) else None

    def last_until(self, day: date) -> Event | None:
        """The last event on or before ``day``."""
        i = bisect_right(self.days, day)
        return self.events[i - 1] if i else None


class ForMeasure:
    """Events of some types indexed by the measure they name, and those naming none by day:
    "the events for measure m" is a look-up and a slice, not a scan of every event."""

    __slots__ = ("events", "named", "unnamed", "unnamed_days")

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.named: dict[str, list[int]] = {}
        self.unnamed: list[int] = []
        self.unnamed_days: list[date] = []
        for i, e in enumerate(events):
            if e.measure is None:
                self.unnamed.append(i)
                self.unnamed_days.append(e.day)
            else:
                self.named.setdefault(e.measure, []).append(i)

    def first_named(self, measure: str, day: date) -> Event | None:
        """The first event naming ``measure`` on or after ``day``."""
        named = self.named.get(measure)
        if not named:
            return None
        events = self.events
        i = bisect_left(named, day, key=lambda k: events[k].day)
        return events[named[i]] if i < len(named) else None

    def of(self, m: Measure) -> list[Event]:
        """Those naming ``m``, and those naming no measure while ``m`` was active, in order."""
        named = self.named.get(m.id, [])
        unnamed: list[int] = []
        if m.start is not None and self.unnamed:
            lo = bisect_left(self.unnamed_days, m.start)
            hi = len(self.unnamed) if m.end is None else bisect_right(self.unnamed_days, m.end)
            unnamed = self.unnamed[lo:hi]
        if not unnamed:
            positions = named
        elif not named:
            positions = unnamed
        else:
            positions = sorted(named + unnamed)
        events = self.events
        return [events[i] for i in positions]


class Claims:
    """Meeting events claimed one per trigger (:class:`~boernesag.blocks.plan.Claim`): the first unclaimed
    one naming the trigger (``link = "ref"``), else the first unclaimed one at or after it
    (with ``link = "ref"`` one naming no event; with ``link = "measure"`` one naming the
    trigger's measure).

    Triggers come in time order, so the search for "the next unclaimed event at or after the
    trigger" resumes where the previous one stopped: each event is passed over once.
    """

    __slots__ = ("by_ref", "groups", "link", "used")

    def __init__(self, link: str, met_events: list[Event]) -> None:
        self.link = link
        self.used: set[str] = set()
        self.by_ref: dict[str, deque[Event]] = {}
        # The fallback candidates, by the key they must share with the trigger, each with the
        # position the search resumes from.
        self.groups: dict[str | None, list[Any]] = {}
        for e in met_events:
            if self.link == "ref":
                if e.ref is not None:
                    self.by_ref.setdefault(e.ref, deque()).append(e)
                    continue
                key = None
            elif self.link == "measure":
                key = e.measure
            else:
                key = None
            self.groups.setdefault(key, [[], 0])[0].append(e)

    def claim(self, trig: Event) -> Event | None:
        """The event that meets ``trig``: by reference first, else the next unclaimed one."""
        used = self.used
        if self.link == "ref":
            queue = self.by_ref.get(trig.id)
            while queue:
                e = queue.popleft()
                if e.id not in used:
                    used.add(e.id)
                    return e
        group = self.groups.get(trig.measure if self.link == "measure" else None)
        if group is None:
            return None
        events, i = group
        key = trig.sort_key
        n = len(events)
        while i < n and (events[i].id in used or events[i].sort_key < key):
            i += 1
        if i == n:
            group[1] = i
            return None
        found: Event = events[i]
        used.add(found.id)
        group[1] = i + 1
        return found


def sort_key_of(e: Event) -> tuple[date, timedelta]:
    return e.sort_key


def case_view(case: Case, as_of: When, calendar: Calendar, leap_rule: LeapDayRule) -> CaseView:
    as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    if isinstance(as_of, datetime):
        end = to_copenhagen(as_of)
        day = end.date()
    elif isinstance(as_of, date):
        day = as_of
        end = datetime.combine(day, time(23, 59, 59, 999999), COPENHAGEN)
    else:
        raise TypeError(f"as_of skal være en dato, ikke {type(as_of).__name__}")
    by_type: dict[str, list[Event]] = {}
    for e in case.timeline:
        if e.day <= day:
            # EventType is a StrEnum: its members hash and compare as their names, so the rule
            # data's plain strings find them.
            by_type.setdefault(e.type, []).append(e)
    return CaseView(case, day, end, calendar, leap_rule, by_type)


def status_of(due: When, met_on: When | None, ctx: CaseView) -> Status:
    if met_on is not None:
        return Status.MET if _le(met_on, due) else Status.MET_LATE
    if isinstance(due, datetime):
        return Status.OPEN if ctx.as_of_end <= due else Status.OVERDUE
    return Status.OPEN if ctx.as_of <= due else Status.OVERDUE


def _le(a: When, b: When) -> bool:
    """a <= b, comparing a date with a datetime by day (a day-only event on the due day is on time)."""
    if type(a) is date and type(b) is date:  # the usual case: two days
        return a <= b
    if isinstance(a, datetime) and isinstance(b, datetime):
        return to_copenhagen(a) <= b
    return day_of(a) <= day_of(b)  # type: ignore[operator]


def make_deadline(
    ctx: CaseView,
    rule: Rule,
    version: RuleVersion,
    *,
    trigger: Event | None,
    due: When | None,
    status: Status,
    met: Event | None = None,
    met_on: When | None = None,
    alternative: When | None = None,
    trigger_on: When | None = None,
    measure: str | None = None,
    notes: Sequence[Note] = (),
    period: Period | None = None,
    facts: frozenset[Fact] = frozenset(),
    readings: tuple[Reading, ...] = (),
) -> Deadline:
    return Deadline(
        case_id=ctx.case.case_id,
        rule_id=rule.id,
        citation=version.citation,
        trigger=trigger.id if trigger is not None else None,
        due=due,
        status=status,
        met_by=met.id if met is not None else None,
        alternative_due=alternative,
        law=version.law,
        trigger_type=trigger.type.value if trigger is not None else None,
        trigger_on=trigger_on
        if trigger_on is not None
        else (when_of(trigger) if trigger else None),
        met_on=met_on if met_on is not None else (when_of(met) if met is not None else None),
        met_type=met.type.value if met is not None else None,
        period=period or version.period,
        measure=measure,
        obligor=rule.obligor,
        source=rule.source,
        confidence=version.confidence,
        facts=facts,
        notes=tuple(notes),
        readings=readings,
        rule=rule,
        version=version,
    )


def when_of(e: Event) -> When:
    if e.at is not None:
        return to_copenhagen(e.at)
    return e.day


def end_date(
    ctx: CaseView, version: RuleVersion, start: date, period: Period | None = None
) -> tuple[date, date | None, list[Note]]:
    """Due date for a date-unit period, with month-end ambiguity and extension notes."""
    p = period or version.period
    end: PeriodEnd = p.end_date(start, ctx.calendar)
    notes: list[Note] = []
    due, alt = end.due, end.alternative
    if end.ambiguous:
        notes.append(note("ambiguity", text=end))
    if version.extend:
        ext = extend_to_working_day(due, ctx.calendar)
        if ext.moved:
            notes.append(note("extension", text=ext))
            due = ext.due
            if alt is not None:
                alt = extend_to_working_day(alt, ctx.calendar).due
    return due, alt, notes


@functools.lru_cache(maxsize=256)
def parse_period(text: str) -> Period:
    """A rule parameter such as ``"6 months"``, parsed once."""
    return Period.parse(text)


def field_of(event: Event, name: str) -> Any:
    """An event field by name, or an extension key of the JSON (``anonymous``)."""
    if name in _EVENT_FIELDS:
        return getattr(event, name)
    return event.extra.get(name)


_EVENT_FIELDS = frozenset(f.name for f in attrs.fields(Event))


def matches_rule(event: Event, rule: Rule) -> bool:
    """True if ``event`` satisfies the rule's ``trigger_if`` and none of its ``trigger_unless``."""
    if any(field_of(event, k) != v for k, v in rule.trigger_if.items()):
        return False
    return not any(field_of(event, k) == v for k, v in rule.trigger_unless.items())


def months_before(day: date, period: Period) -> date:
    """``day`` minus a period of months/weeks/days (the earliest day a look-back reaches)."""
    if period.unit == Unit.MONTHS:
        return add_months(day, -period.amount).due
    if period.unit == Unit.YEARS:
        return add_months(day, -12 * period.amount).due
    if period.unit == Unit.WEEKS:
        return day - timedelta(weeks=period.amount)
    return day - timedelta(days=period.amount)


def started_measures(ctx: CaseView) -> list[tuple[Measure, Event]]:
    """:meth:`CaseView.started_measures` (measures started by ``as_of`` with their start event,
    as they stood at ``as_of``; computed once per case view)."""
    return ctx.started_measures()
