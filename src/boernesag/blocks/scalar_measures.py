"""The scalar executor's blocks for measures and recurring duties.

The runners of the subjects :class:`~boernesag.blocks.plan.EachMeasure` (each measure of some
paragraphs) and :class:`~boernesag.blocks.plan.CaseSpan` (the case from its first event to
its closing), with the due steps :class:`~boernesag.blocks.plan.PeriodOrParallelEnd` (one
deadline per measure: the period after the start, or the earlier end of a parallel
investigation) and :class:`~boernesag.blocks.plan.Recurrence` (a chain of deadlines where
every whole period without a meeting event is one missed deadline), the link
:class:`~boernesag.blocks.plan.EventsOf` and the readings
:class:`~boernesag.blocks.plan.EndedBeforeDue` and
:class:`~boernesag.blocks.plan.MissedAfterOnePeriod`. The numpy twins are in
:mod:`boernesag.columnar.executor_measures`.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from boernesag.blocks.caseview import (
    CaseView,
    end_date,
    field_of,
    make_deadline,
    started_measures,
    status_of,
)
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
    UnknownParagraphNote,
    compile_rule,
)
from boernesag.blocks.result import Deadline, Fact, Note, Status, note
from boernesag.errors import CaseFormatError, RuleError
from boernesag.law import Rule, RuleVersion
from boernesag.model import Event, Measure
from boernesag.periods import Period, Unit

__all__ = ["MEASURE_RUNNERS", "chain_deadline", "chain_interval"]

Interval = Callable[[RuleVersion, Event], tuple[Period, list[Note], frozenset[Fact]]]


# --------------------------------------------------------------------------- subject, link


def _measures(step: EachMeasure, ctx: CaseView) -> list[tuple[Measure, Event]]:
    """:class:`~boernesag.blocks.plan.EachMeasure`: the subject measures with their start."""
    return [(m, ev) for m, ev in started_measures(ctx) if step.includes(m.paragraph)]


def _events_of(step: Step, ctx: CaseView, m: Measure) -> list[Event]:
    """:class:`~boernesag.blocks.plan.EventsOf` for measure ``m``: from its start day on."""
    assert isinstance(step, EventsOf)
    assert m.start is not None
    start = m.start
    return [f for f in ctx.for_measure(step.types, m) if f.day >= start]


def _first_event_of(step: Step, ctx: CaseView, m: Measure) -> Event | None:
    """The first of :func:`_events_of` (without building the list)."""
    assert isinstance(step, EventsOf)
    assert m.start is not None
    start = m.start
    return next((f for f in ctx.for_measure(step.types, m) if f.day >= start), None)


@functools.lru_cache(maxsize=256)
def _readings(plan: Plan) -> tuple[bool, bool, bool]:
    """Whether the plan has the unknown-paragraph note, the ended-before-due and the
    missed-after-one-period readings (worked out once per plan)."""
    return (
        any(isinstance(s, UnknownParagraphNote) for s in plan.notes),
        any(isinstance(s, EndedBeforeDue) for s in plan.readings),
        any(isinstance(s, MissedAfterOnePeriod) for s in plan.readings),
    )


# --------------------------------------------------------------------------- due: one deadline


def _first_due(
    step: PeriodOrParallelEnd, rule: Rule, ctx: CaseView, m: Measure, unknown_note: bool
) -> tuple[RuleVersion, date, date | None, list[Note]] | None:
    """:class:`~boernesag.blocks.plan.PeriodOrParallelEnd` for measure ``m``: the version,
    due date, alternative and notes (``None``: no version in force on the start day)."""
    assert m.start is not None
    version = rule.version_on(m.start)
    if version is None:
        return None
    due, alt, notes = end_date(ctx, version, m.start)
    if unknown_note and m.paragraph is None:
        notes.append(note("paragraph.unknown"))
    if version.option("earliest_of_parallel"):
        running = ctx.seq(*step.started).last_until(m.start)
        if running is not None:
            end = ctx.seq(*step.ended).first_from(running.day)
            if end is not None and end.day > m.start:
                if end.day < due:
                    due, alt = end.day, None
                    notes.append(note("parallel.done", when=end.day))
            elif end is None:
                notes.append(note("parallel.running"))
    return version, due, alt, notes


def _each_first(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """One deadline per measure, due by :class:`~boernesag.blocks.plan.PeriodOrParallelEnd`,
    met by the first of the link's events, with the plan's readings."""
    assert isinstance(plan.subject, EachMeasure)
    assert isinstance(plan.due, PeriodOrParallelEnd)
    unknown_note, ended_na, one_period = _readings(plan)
    for m, start_event in _measures(plan.subject, ctx):
        first = _first_due(plan.due, rule, ctx, m, unknown_note)
        if first is None:
            continue
        version, due, alt, notes = first
        met = _first_event_of(plan.link, ctx, m)
        if ended_na and met is None and m.end is not None and m.end < due:
            notes.append(note("measure.ended", when=m.end))
            yield make_deadline(
                ctx,
                rule,
                version,
                trigger=start_event,
                due=due,
                status=Status.NOT_APPLICABLE,
                measure=m.id,
                notes=notes,
            )
            continue
        if one_period and met is not None and met.day > end_date(ctx, version, due)[0]:
            notes.append(note("chain.first.missed", when=met.day))
            met = None
        yield make_deadline(
            ctx,
            rule,
            version,
            trigger=start_event,
            due=due,
            status=status_of(due, met.day if met else None, ctx),
            met=met,
            alternative=alt,
            measure=m.id,
            notes=notes,
        )


# --------------------------------------------------------------------------- due: recurrence


_Link = tuple[RuleVersion, Period, date, date | None, list[Note], frozenset[Fact]]


def _link_due(
    rule: Rule, ctx: CaseView, anchor: Event, day: date, missed: bool, interval: Interval
) -> _Link | None:
    """One link of a :class:`~boernesag.blocks.plan.Recurrence` counted from ``day`` after
    ``anchor`` (``missed``: ``day`` is a missed due date): the version in force on ``day``,
    the period, due date, alternative, notes and facts (``None``: no version in force)."""
    version = rule.version_on(day)
    if version is None:
        return None
    period, notes, facts = interval(version, anchor)
    due, alt, more = end_date(ctx, version, day, period)
    notes = notes + more
    if missed:
        notes.append(note("chain.missed", when=day))
    return version, period, due, alt, notes, facts


def _make_link(
    ctx: CaseView,
    rule: Rule,
    anchor: Event,
    day: date,
    met: Event | None,
    measure: str | None,
    link: _Link,
) -> Deadline:
    version, period, due, alt, notes, facts = link
    return make_deadline(
        ctx,
        rule,
        version,
        trigger=anchor,
        due=due,
        status=status_of(due, met.day if met else None, ctx),
        met=met,
        alternative=alt,
        measure=measure,
        notes=notes,
        period=period,
        trigger_on=day,
        facts=facts,
    )


def chain_deadline(
    rule: Rule,
    ctx: CaseView,
    anchor: Event,
    day: date,
    met: Event | None,
    measure: str | None,
    interval: Interval,
) -> Deadline | None:
    """The deadline of one link of a :class:`~boernesag.blocks.plan.Recurrence` (see
    :func:`_chain`): after ``anchor``, counted from ``day`` (a missed due date when it is not
    the anchor's day: every link after a miss is counted from the missed due date, which is
    later), met by ``met`` (the chain's choice), with its notes and facts. The deadline the
    scalar runner makes and the one the numpy result's row is explained by."""
    link = _link_due(rule, ctx, anchor, day, day != anchor.day, interval)
    if link is None:
        return None
    return _make_link(ctx, rule, anchor, day, met, measure, link)


def chain_interval(plan: Plan, ctx: CaseView, measure: Measure | None) -> Interval:
    """The interval step of ``plan``'s :class:`~boernesag.blocks.plan.Recurrence` on the case
    (``measure``: of that measure's events; ``None``: of the whole case)."""
    assert isinstance(plan.due, Recurrence)
    if plan.due.interval_field is None:
        return _interval(plan.due, ctx, [])
    if measure is None:
        assert isinstance(plan.link, EventsOf)
        return _interval(plan.due, ctx, ctx.events(*plan.link.types))
    return _interval(plan.due, ctx, _events_of(plan.link, ctx, measure))


def _chain(
    rule: Rule,
    ctx: CaseView,
    anchor: Event,
    hits: list[Event],
    end: date | None,
    measure: str | None,
    interval: Interval,
    *,
    missed_from: date | None = None,
) -> Iterator[Deadline]:
    """:class:`~boernesag.blocks.plan.Recurrence` from ``anchor`` over ``hits`` (in time
    order) until ``end``; ``missed_from`` starts the chain at a missed due date instead of
    at ``anchor``'s day."""
    day = anchor.day if missed_from is None else missed_from  # an event's day or a missed due date
    after = anchor.sort_key
    missed = missed_from is not None
    keys = [h.sort_key for h in hits]  # hits are in time order
    first_after = 0  # `after` only grows: the search for the next hit resumes here
    while True:
        link = _link_due(rule, ctx, anchor, day, missed, interval)
        if link is None:
            return
        version, period, due = link[0], link[1], link[2]
        if end is not None and end < due:
            return
        first_after = bisect_right(keys, after, first_after)
        j = first_after
        while j < len(hits) and hits[j].id == anchor.id:
            j += 1
        nxt = hits[j] if j < len(hits) else None
        late_limit = end_date(ctx, version, due, period)[0]
        if nxt is not None and nxt.day > late_limit:
            nxt_for_this: Event | None = None  # a whole period passed: this one was missed
        else:
            nxt_for_this = nxt
        made = _make_link(ctx, rule, anchor, day, nxt_for_this, measure, link)
        status = made.status
        yield made
        if nxt_for_this is not None:
            anchor, day, after, missed = (
                nxt_for_this,
                nxt_for_this.day,
                nxt_for_this.sort_key,
                False,
            )
            continue
        if nxt is None and (status == Status.OPEN or late_limit >= ctx.as_of):
            return  # the open deadline, or the last miss before as_of
        if due <= day:  # a zero period: the chain would never move on
            raise RuleError(
                f"regel {rule.id}, sag {ctx.case.case_id}: perioden mellem fristerne er 0, så den "
                "næste frist flytter sig ikke; ret interval_months på opfølgningen eller reglens "
                "periode"
            )
        day, missed = due, True


def _recorded_interval(ctx: CaseView, e: Event, field: str) -> Period:
    """The interval the municipality recorded in ``field`` on event ``e`` (BL § 95 stk. 3).

    The loader accepts 1-24 months; a hand-built event with a negative or non-integer value
    is refused here, naming it (0 is refused where the chain would not move on).
    """
    months = field_of(e, field)
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise CaseFormatError(
            f"{field} skal være et helt antal måneder fra 1 til 24, ikke {months!r}",
            case_id=ctx.case.case_id,
            event_id=e.id,
            field=field,
        )
    return Period(months, Unit.MONTHS)


#: The facts of a deadline counted with the version's period for want of a recorded interval.
_DEFAULT = frozenset({Fact.INTERVAL_DEFAULT})


def _interval(step: Recurrence, ctx: CaseView, hits: list[Event]) -> Interval:
    """The interval in force after an anchor: the version's period, or (``interval_field``
    and the version's ``interval_from_event``) the last one recorded on a hit up to it."""
    if step.interval_field is None:
        reading = step.period_note

        def fixed(
            version: RuleVersion, anchor: Event
        ) -> tuple[Period, list[Note], frozenset[Fact]]:
            notes = [note(reading, period=version.period)] if reading else []
            return version.period, notes, frozenset()

        return fixed
    field = step.interval_field
    # recorded[j]: the last of hits[:j] that records an interval (the interval in force
    # after an anchor is the last one recorded up to it).
    keys: list[tuple[date, timedelta]] = [h.sort_key for h in hits]
    recorded: list[Event | None] = [None]
    for h in hits:
        recorded.append(h if field_of(h, field) is not None else recorded[-1])

    def from_event(
        version: RuleVersion, anchor: Event
    ) -> tuple[Period, list[Note], frozenset[Fact]]:
        if not version.option("interval_from_event"):
            return version.period, [], frozenset()
        last = recorded[bisect_right(keys, anchor.sort_key)]
        if last is not None:
            p = _recorded_interval(ctx, last, field)
            return p, [note("interval.recorded", when=last.day, period=p)], frozenset()
        notes = [note("interval.default", period=version.period)]
        return version.period, notes, _DEFAULT

    return from_event


def _first_rule(step: Recurrence, ctx: CaseView) -> tuple[Rule, PeriodOrParallelEnd] | None:
    """The enabled rule :attr:`~boernesag.blocks.plan.Recurrence.after_rule` names, and its
    first deadline's due step (a rule of another kind: the period after the start)."""
    name = step.after_rule
    if name is None or not ctx.rules or name not in ctx.rules:
        return None
    first = ctx.rules[name]
    if not first.enabled:
        return None
    plan = compile_rule(first)
    due = plan.due if plan is not None else None
    return first, due if isinstance(due, PeriodOrParallelEnd) else PeriodOrParallelEnd()


def _each_chain(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """A :class:`~boernesag.blocks.plan.Recurrence` per measure, until the measure's end."""
    assert isinstance(plan.subject, EachMeasure)
    assert isinstance(plan.due, Recurrence)
    step = plan.due
    first_rule = _first_rule(step, ctx)
    for m, start_event in _measures(plan.subject, ctx):
        hits = _events_of(plan.link, ctx, m)
        interval = _interval(step, ctx, hits)
        first = (
            _first_due(first_rule[1], first_rule[0], ctx, m, False)
            if first_rule is not None
            else None
        )
        if first is not None:
            # The first deadline is missed for good when no event came within one more period
            # after its due date (with none at all: once as_of is past that limit). The chain
            # is then counted from its due date, so every period without one is a miss.
            missed_by = end_date(ctx, first[0], first[1])[0]
            if (hits[0].day > missed_by) if hits else (missed_by < ctx.as_of):
                yield from _chain(
                    rule, ctx, start_event, hits, m.end, m.id, interval, missed_from=first[1]
                )
                continue
        if step.start == "subject":
            yield from _chain(rule, ctx, start_event, hits, m.end, m.id, interval)
        elif hits:
            yield from _chain(rule, ctx, hits[0], hits, m.end, m.id, interval)


def _run_each_measure(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.EachMeasure`: one deadline per measure
    (:class:`~boernesag.blocks.plan.PeriodOrParallelEnd`) or a chain per measure
    (:class:`~boernesag.blocks.plan.Recurrence`)."""
    if isinstance(plan.due, Recurrence):
        return _each_chain(plan, rule, ctx)
    if isinstance(plan.due, PeriodOrParallelEnd):
        return _each_first(plan, rule, ctx)
    raise RuleError(f"regel {rule.id}: en indsats har ingen frist af typen {type(plan.due)}")


def _run_case_span(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.CaseSpan`: one chain over the whole case, from
    its first event until its closing."""
    if not isinstance(plan.due, Recurrence) or not isinstance(plan.link, EventsOf):
        raise RuleError(f"regel {rule.id}: en sag som helhed har kun en løbende frist")
    first = ctx.case.timeline[0] if ctx.case.events else None
    if first is None or first.day > ctx.as_of:
        return
    end = ctx.case.closed_on(ctx.as_of)
    hits = ctx.events(*plan.link.types)
    yield from _chain(rule, ctx, first, hits, end, None, _interval(plan.due, ctx, hits))


#: The runners of this module's subjects (registered in :data:`boernesag.blocks.scalar.RUNNERS`).
MEASURE_RUNNERS = {EachMeasure: _run_each_measure, CaseSpan: _run_case_span}
