"""The deadline engine: every statutory deadline of a case, with status and explanation.

:func:`deadlines` reads a case's timeline as it stood at ``as_of`` (later events are ignored)
and applies every enabled rule of a :class:`~boernesag.law.RuleSet`. Each rule kind has one
interpreter here; the periods, citations, triggers and effective dates come from the rule
data. A deadline uses the version of its rule in force on its trigger date (law digest,
"How to count" rule 6): a measure started in 2023 keeps Serviceloven's first follow-up, and
each later follow-up, triggered in 2024, follows Barnets Lov.

Statuses: ``met`` (the meeting event came on or before the due date), ``met_late`` (after
it), ``open`` (not yet met, not yet due), ``overdue`` (not met and due before ``as_of``),
``not_applicable`` (the rule was triggered but does not bind, with the reason). ``as_of``
as a date means the end of that day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Final

import attrs

from boernesag.blocks.caseview import CaseView
from boernesag.blocks.caseview import CaseView as _Ctx
from boernesag.blocks.caseview import EventSeq as _Seq
from boernesag.blocks.caseview import ForMeasure as _ForMeasure
from boernesag.blocks.caseview import case_view as _context
from boernesag.blocks.caseview import end_date as _end_date
from boernesag.blocks.caseview import make_deadline as _make
from boernesag.blocks.caseview import months_before as _months_before
from boernesag.blocks.caseview import parse_period as _period
from boernesag.blocks.caseview import sort_key_of as _sort_key_of
from boernesag.blocks.caseview import status_of as _status
from boernesag.blocks.plan import PLANNED_KINDS, compile_rule
from boernesag.blocks.result import Deadline, Note, Status, When
from boernesag.blocks.result import note as _note
from boernesag.blocks.scalar import run_plan
from boernesag.calendar import Calendar, default_calendar
from boernesag.errors import CalendarRangeError, CaseFormatError, RuleError
from boernesag.law import Rule, RuleSet, RuleVersion, default_rules
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Case, Caseload, Event, EventType, Measure
from boernesag.paragraphs import LAWS, Paragraph
from boernesag.periods import (
    LeapDayRule,
    Period,
    PeriodEnd,
    Unit,
    as_of_day,
    birthday,
    date_of_age,
)
from boernesag.text import event_label

__all__ = [
    "DUE_WITHIN_MAX_DAYS",
    "Deadline",
    "Note",
    "Status",
    "caseload_deadlines",
    "deadlines",
    "due_within",
    "gives_deadlines",
    "rule_deadlines",
    "sort_deadlines",
]

# --------------------------------------------------------------------------- interpreters
def _bfu_rule(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """BL § 20 stk. 3 / SEL § 50: 4 months from awareness of a possible need to a finished BFU.

    Each investigation (a ``bfu_startet``, or a ``bfu_afsluttet`` with no start) opens an
    episode. Awareness is the earliest underretning or ansøgning since the previous finished
    investigation and within the ``awareness_window`` before the start (default 12 months); it
    is the reading that protects the child, and the deadline counted from the start itself is
    given as ``alternative_due``.
    """
    window = _period(str(rule.param("awareness_window", "12 months")))
    interim_type = str(rule.param("interim", "foreloebig_vurdering"))
    notices = ctx.seq("underretning", "ansoegning")
    starts = ctx.events("bfu_startet")
    ends = ctx.events("bfu_afsluttet")
    interims = ctx.seq(interim_type)
    prev_end: date | None = None
    used_ends: set[str] = set()
    next_end = 0  # anchors come in time order: the search for an end resumes here
    anchors: list[Event] = []
    # An investigation anchor is a start, or an end with no start since the previous end.
    timeline = sorted([*starts, *ends], key=lambda e: e.sort_key)
    open_start: Event | None = None
    for e in timeline:
        if e.type == EventType.BFU_STARTET:
            if open_start is None:
                open_start = e
                anchors.append(e)
        else:
            if open_start is None:
                anchors.append(e)
            open_start = None
    for anchor in anchors:
        earliest_allowed = _months_before(anchor.day, window)
        # The first notice in [earliest_allowed, anchor.day] after the previous end.
        i = bisect_left(notices.days, earliest_allowed)
        if prev_end is not None:
            i = max(i, bisect_right(notices.days, prev_end))
        found = i < len(notices.days) and notices.days[i] <= anchor.day
        aware = notices.events[i] if found else anchor
        version = rule.version_on(aware.day)
        if version is None:
            continue
        due, alt, notes = _end_date(ctx, version, aware.day)
        if aware is not anchor:
            alt_due, _, _ = _end_date(ctx, version, anchor.day)
            if alt_due != due:
                alt = alt_due
                notes.append(
                    _note(
                        "awareness",
                        event=event_label(aware.type.value).lower(),
                        when=aware.day,
                        alt=alt_due,
                    )
                )
        while next_end < len(ends) and (
            ends[next_end].id in used_ends or ends[next_end].sort_key < anchor.sort_key
        ):
            next_end += 1
        met = ends[next_end] if next_end < len(ends) else None
        if met is not None:
            used_ends.add(met.id)
            prev_end = met.day
        status = _status(due, met.day if met else None, ctx)
        if status in (Status.MET_LATE, Status.OVERDUE):
            interim = interims.first_from(aware.day)
            if interim is not None:
                notes.append(_note("interim.present", when=interim.day))
            else:
                notes.append(_note("interim.missing"))
            notes.append(_note("interim.after"))
        yield _make(
            ctx,
            rule,
            version,
            trigger=aware,
            due=due,
            status=status,
            met=met,
            alternative=alt,
            notes=notes,
        )




def _applies(rule: Rule, m: Measure) -> bool:
    wanted = rule.param("applies_to")
    if not wanted or m.paragraph is None:
        return True
    return f"{m.paragraph.law} {m.paragraph.number}" in set(wanted)


def _followups_for(ctx: _Ctx, types: Iterable[str], m: Measure) -> list[Event]:
    """Events for measure ``m``: those naming it, and unnamed ones while it was active."""
    return ctx.for_measure(types, m)


def _measures(ctx: _Ctx) -> list[tuple[Measure, Event]]:
    """Measures started by ``as_of`` with their start event, as they stood at ``as_of``
    (:meth:`Case.measures_on`): a later decision or end is unknown then."""
    if ctx.measures is not None:
        return ctx.measures
    out = []
    case = ctx.case
    for m in case.measures_on(ctx.as_of):
        start_event = m.start_event
        if m.start is None or start_event is None:
            continue
        out.append((m, case.event(start_event)))
    ctx.measures = out
    return out


def _first_due(
    rule: Rule, ctx: _Ctx, m: Measure
) -> tuple[RuleVersion, date, date | None, list[Note]] | None:
    """The first follow-up's due date for measure ``m`` (BL § 95 stk. 2; SEL § 70 stk. 1)."""
    assert m.start is not None
    version = rule.version_on(m.start)
    if version is None:
        return None
    due, alt, notes = _end_date(ctx, version, m.start)
    if m.paragraph is None:
        notes.append(_note("paragraph.unknown"))
    if version.option("earliest_of_parallel"):
        running = ctx.seq("bfu_startet").last_until(m.start)
        if running is not None:
            end = ctx.seq("bfu_afsluttet").first_from(running.day)
            if end is not None and end.day > m.start:
                if end.day < due:
                    due, alt = end.day, None
                    notes.append(_note("parallel.done", when=end.day))
            elif end is None:
                notes.append(_note("parallel.running"))
    return version, due, alt, notes


def _first_followup(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """First follow-up: BL § 95 stk. 2 (earliest of parallel BFU end and 3 months); SEL § 70.

    A follow-up more than one period after the due date does not meet it late: the first
    follow-up was missed, and the later-follow-up rule counts the periods in between.
    """
    for m, start_event in _measures(ctx):
        if not _applies(rule, m):
            continue
        first = _first_due(rule, ctx, m)
        if first is None:
            continue
        version, due, alt, notes = first
        assert m.start is not None
        met = next((f for f in _followups_for(ctx, rule.met_by, m) if f.day >= m.start), None)
        if met is None and m.end is not None and m.end < due:
            notes.append(_note("measure.ended", when=m.end))
            yield _make(
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
        if met is not None and met.day > _end_date(ctx, version, due)[0]:
            notes.append(_note("chain.first.missed", when=met.day))
            met = None
        yield _make(
            ctx,
            rule,
            version,
            trigger=start_event,
            due=due,
            status=_status(due, met.day if met else None, ctx),
            met=met,
            alternative=alt,
            measure=m.id,
            notes=notes,
        )


def _chain(
    rule: Rule,
    ctx: _Ctx,
    anchor: Event,
    hits: list[Event],
    end: date | None,
    measure: str | None,
    interval: Callable[[RuleVersion, Event], tuple[Period, list[Note]]],
    *,
    missed_from: date | None = None,
) -> Iterator[Deadline]:
    """Recurring duty: from each anchor the next hit is due within the interval in force.

    ``missed_from`` starts the chain at a missed due date instead of at ``anchor``'s day.

    Every whole period without a hit is one missed deadline (``overdue``), and the next period
    is counted from the missed due date, so a 13-month gap in 6-monthly follow-ups counts two
    misses, not one late follow-up. A hit within one period after a missed due date meets it
    late. After the last hit the chain ends with the open deadline, or with the missed ones up
    to ``as_of``.
    """
    day = anchor.day if missed_from is None else missed_from  # an event's day or a missed due date
    after = anchor.sort_key
    missed = missed_from is not None
    keys = [h.sort_key for h in hits]  # hits are in time order
    first_after = 0  # `after` only grows: the search for the next hit resumes here
    while True:
        version = rule.version_on(day)
        if version is None:
            return
        period, notes = interval(version, anchor)
        due, alt, more = _end_date(ctx, version, day, period)
        notes = notes + more
        if missed:
            notes.append(_note("chain.missed", when=day))
        if end is not None and end < due:
            return
        first_after = bisect_right(keys, after, first_after)
        j = first_after
        while j < len(hits) and hits[j].id == anchor.id:
            j += 1
        nxt = hits[j] if j < len(hits) else None
        late_limit = _end_date(ctx, version, due, period)[0]
        if nxt is not None and nxt.day > late_limit:
            nxt_for_this: Event | None = None  # a whole period passed: this one was missed
        else:
            nxt_for_this = nxt
        status = _status(due, nxt_for_this.day if nxt_for_this else None, ctx)
        yield _make(
            ctx,
            rule,
            version,
            trigger=anchor,
            due=due,
            status=status,
            met=nxt_for_this,
            alternative=alt,
            measure=measure,
            notes=notes,
            period=period,
            trigger_on=day,
        )
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


def _recorded_interval(ctx: _Ctx, e: Event) -> Period:
    """The interval the municipality recorded on follow-up ``e`` (BL § 95 stk. 3).

    The loader accepts 1-24 months; a hand-built event with a negative or non-integer value
    is refused here, naming it (0 is refused where the chain would not move on).
    """
    months = e.interval_months
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise CaseFormatError(
            f"interval_months skal være et helt antal måneder fra 1 til 24, ikke {months!r}",
            case_id=ctx.case.case_id,
            event_id=e.id,
            field="interval_months",
        )
    return Period(months, Unit.MONTHS)


def _recurring_followup(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """Later follow-ups: SEL every 6 months; BL § 95 stk. 3 at the interval the municipality set."""
    first_rule = (
        ctx.rules["opfoelgning-foerste"]
        if ctx.rules and "opfoelgning-foerste" in ctx.rules
        else None
    )
    for m, _start in _measures(ctx):
        if not _applies(rule, m):
            continue
        assert m.start is not None
        hits = [f for f in _followups_for(ctx, rule.met_by, m) if f.day >= m.start]
        # recorded[j]: the last of hits[:j] that records an interval (the interval in force
        # after an anchor is the last one recorded up to it).
        keys = [h.sort_key for h in hits]
        recorded: list[Event | None] = [None]
        for h in hits:
            recorded.append(h if h.interval_months is not None else recorded[-1])

        def interval(
            version: RuleVersion,
            anchor: Event,
            keys: list[tuple[date, timedelta]] = keys,
            recorded: list[Event | None] = recorded,
        ) -> tuple[Period, list[Note]]:
            if not version.option("interval_from_event"):
                return version.period, []
            last = recorded[bisect_right(keys, anchor.sort_key)]
            if last is not None:
                assert last.interval_months is not None
                p = _recorded_interval(ctx, last)
                return p, [_note("interval.recorded", when=last.day, period=p)]
            return version.period, [_note("interval.default", period=version.period)]

        first = (
            _first_due(first_rule, ctx, m)
            if first_rule is not None and first_rule.enabled
            else None
        )
        if first is not None:
            # The first follow-up is missed for good when none came within one more period
            # after its due date (with none at all: once as_of is past that limit). The later
            # ones are then counted from its due date, so every period without one is a miss.
            missed_by = _end_date(ctx, first[0], first[1])[0]
            if (hits[0].day > missed_by) if hits else (missed_by < ctx.as_of):
                yield from _chain(
                    rule, ctx, _start, hits, m.end, m.id, interval, missed_from=first[1]
                )
                continue
        if hits:
            yield from _chain(rule, ctx, hits[0], hits, m.end, m.id, interval)


def _supervision(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """Tilsynsbesøg with a conversation with the placed child (BL § 156 stk. 5; SEL § 148)."""
    for m, start_event in _measures(ctx):
        if not m.is_placement:
            continue
        hits = _followups_for(ctx, rule.met_by, m)

        def interval(version: RuleVersion, anchor: Event) -> tuple[Period, list[Note]]:
            return version.period, [_note("supervision.reading", period=version.period)]

        yield from _chain(rule, ctx, start_event, hits, m.end, m.id, interval)


def _before_decision(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """An event that must come before each decision: the børnesamtale (BL § 5 stk. 3-4)."""
    laws = set(rule.param("laws", ["BL", "SEL"]))
    lookback = _period(str(rule.param("lookback", "6 months")))
    talks = ctx.seq(*rule.met_by)
    for dec in ctx.events("afgoerelse"):
        if dec.paragraph is not None and dec.paragraph.law not in laws:
            continue
        version = rule.version_on(dec.day)
        if version is None:
            continue
        notes = [_note("samtale.lookback", period=lookback)]
        if dec.boernesamtale_undtagelse:
            notes.append(_note("exception", reason=dec.boernesamtale_undtagelse))
            yield _make(
                ctx,
                rule,
                version,
                trigger=dec,
                due=dec.day,
                status=Status.MET,
                met=dec,
                met_on=dec.day,
                notes=notes,
            )
            continue
        earliest = _months_before(dec.day, lookback)
        # The last talk on or before the decision, if it lies within the lookback; else the
        # first one after the decision.
        i = bisect_right(talks.days, dec.day)
        if i and talks.days[i - 1] >= earliest:
            met: Event | None = talks.events[i - 1]
        else:
            met = talks.events[i] if i < len(talks.events) else None
            if met is not None:
                notes.append(_note("samtale.after"))
        yield _make(
            ctx,
            rule,
            version,
            trigger=dec,
            due=dec.day,
            status=_status(dec.day, met.day if met else None, ctx),
            met=met,
            measure=dec.measure,
            notes=notes,
        )


def _placement_on(ctx: _Ctx, day: date) -> tuple[Measure, Event] | None:
    for m, ev in _measures(ctx):
        if (
            m.is_placement
            and m.start is not None
            and m.start <= day
            and (m.end is None or day <= m.end)
        ):
            return m, ev
    return None


def _age_decision(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """The ungestøtte decision by age 17 years 6 months for a placed young person (BL § 111)."""
    years = int(rule.param("age_years", 17))
    months = int(rule.param("age_months", 6))
    end = date_of_age(ctx.case.child.birth_date, years, months, ctx.leap_rule)
    show_from = rule.param("show_from_age")
    if show_from is not None and ctx.as_of < birthday(
        ctx.case.child.birth_date, int(show_from), ctx.leap_rule
    ):
        return  # listed from the age the transition work starts (a setting, not law)
    placed = _placement_on(ctx, min(end.due, ctx.as_of))
    if placed is None:
        return
    m, start_event = placed
    version = rule.version_on(end.due)
    if version is None:
        return
    notes: list[Note] = [_note("age.version")]
    if end.ambiguous:
        notes.append(_note("ambiguity", text=end))
    paragraphs = set(rule.param("decision_paragraphs", []))
    decisions = [
        e
        for e in ctx.events(*rule.met_by, "afgoerelse")
        if (
            e.type != EventType.AFGOERELSE
            or (e.paragraph is not None and f"{e.paragraph.law} {e.paragraph.number}" in paragraphs)
        )
        and e.day >= m.start  # type: ignore[operator]
    ]
    met = decisions[0] if decisions else None
    yield _make(
        ctx,
        rule,
        version,
        trigger=start_event,
        due=end.due,
        status=_status(end.due, met.day if met else None, ctx),
        met=met,
        alternative=end.alternative,
        trigger_on=start_event.day,
        measure=m.id,
        notes=notes,
    )


def _transition(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """Transition to adulthood for young people with a lasting disability (BL §§ 122-123)."""
    child = ctx.case.child
    if not child.disability:
        return
    start_age = int(rule.param("start_age", 16))
    end_age = int(rule.param("end_age", 18))
    d_start = birthday(child.birth_date, start_age, ctx.leap_rule)
    if ctx.as_of < d_start or not ctx.case.is_open_on(
        min(ctx.as_of, birthday(child.birth_date, end_age, ctx.leap_rule))
    ):
        return
    end = date_of_age(child.birth_date, end_age, 0, ctx.leap_rule)
    version = rule.version_on(d_start)
    if version is None:
        return
    kums = ctx.events(*rule.trigger)
    trig = kums[0] if kums else None
    notes = [_note("transition.start", when=d_start)]
    notes.append(_note("kum.present", when=trig.day) if trig else _note("kum.missing"))
    if end.ambiguous:
        notes.append(_note("ambiguity", text=end))
    # The preparation starts at 16 (BL § 122): a meeting before then does not finish it.
    met = next((e for e in ctx.events(*rule.met_by) if e.day >= d_start), None)
    yield _make(
        ctx,
        rule,
        version,
        trigger=trig,
        due=end.due,
        status=_status(end.due, met.day if met else None, ctx),
        met=met,
        alternative=end.alternative,
        trigger_on=d_start,
        notes=notes,
    )


def _recurring_case(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """A recurring duty on an open case, e.g. ledelsestilsyn every 3 months (municipal target)."""
    first = ctx.case.timeline[0] if ctx.case.events else None
    if first is None or first.day > ctx.as_of:
        return
    end = ctx.case.closed_on(ctx.as_of)
    hits = ctx.events(*rule.met_by)

    def interval(version: RuleVersion, anchor: Event) -> tuple[Period, list[Note]]:
        return version.period, []

    yield from _chain(rule, ctx, first, hits, end, None, interval)


def _age_event(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """An event due before an age (municipal target, e.g. KUM before 16)."""
    child = ctx.case.child
    if rule.param("disability_only", False) and not child.disability:
        return
    turn = birthday(child.birth_date, int(rule.param("age_years", 16)), ctx.leap_rule)
    due = turn - timedelta(days=1)
    if not ctx.case.is_open_on(min(due, ctx.as_of)):
        return
    version = rule.version_on(due)
    if version is None:
        return
    met = next(iter(ctx.events(*rule.met_by)), None)
    yield _make(
        ctx,
        rule,
        version,
        trigger=None,
        due=due,
        status=_status(due, met.day if met else None, ctx),
        met=met,
        trigger_on=child.birth_date,
    )


# --------------------------------------------------------------------------- age milestones


@attrs.frozen(slots=True)
class _Text:
    """A text from the rule data in both languages, rendered in the explanation's language."""

    da: str
    en: str

    def describe(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


def _version_age(rule: Rule, version: RuleVersion) -> int:
    age = version.option("age")
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 30:
        raise RuleError(f"regel {rule.id} ({version.citation}): age skal være et helt antal år")
    return age


def _meaning(version: RuleVersion) -> _Text:
    raw = version.option("meaning", {})
    if isinstance(raw, Mapping):
        da = str(raw.get("da", ""))
        return _Text(da, str(raw.get("en", da)))
    return _Text(str(raw), str(raw))


def _milestone_day(rule: Rule, ctx: _Ctx) -> tuple[RuleVersion, PeriodEnd, int, bool] | None:
    """The version whose age the child reaches while it is in force, the day, age, transition.

    The age can differ between versions (12 under Serviceloven, 10 under Barnets Lov for party
    rights). A child who had not reached the old age when the old law ended, but was past the
    new age when the new law came into force, reaches the milestone on the day of commencement
    (``True`` as the last element).
    """
    birth = ctx.case.child.birth_date
    prev: tuple[RuleVersion, date] | None = None
    for version in rule.versions:
        age = _version_age(rule, version)
        end = date_of_age(birth, age, 0, ctx.leap_rule)
        if version.in_force(end.due):
            return version, end, age, False
        if end.due < version.valid_from and prev is not None and prev[1] > prev[0].valid_to:
            return version, PeriodEnd(version.valid_from), age, True
        prev = (version, end.due)
    return None


def _par_key(p: Paragraph | None) -> str | None:
    return f"{p.law} {p.number}" if p is not None else None


def _milestone_measures(
    rule: Rule,
    ctx: _Ctx,
    version: RuleVersion,
    day: date,
    alternative: date | None,
    notes: list[Note],
) -> list[Deadline]:
    """One deadline per measure of the listed paragraphs running at the milestone (or as_of)."""
    wanted = {str(x) for x in rule.param("measures", [])}
    continued_by = {str(x) for x in rule.param("continued_by", [])}
    on = min(day, ctx.as_of)
    out: list[Deadline] = []
    ends = _ForMeasure(ctx.events("foranstaltning_slut"))
    continuing = _Seq(
        [
            d
            for d in ctx.events("afgoerelse", "eftervaern_afgoerelse")
            if not legal_vocabulary().is_refused(d.outcome)
            and (d.type == EventType.EFTERVAERN_AFGOERELSE or _par_key(d.paragraph) in continued_by)
        ]
        if continued_by
        else []
    )
    for m, start_event in _measures(ctx):
        if not m.active_on(on):
            continue
        key = _par_key(m.paragraph)
        if key is not None and key not in wanted:
            continue
        assert m.start is not None
        these = [*notes]
        if m.paragraph is None:
            these.append(_note("paragraph.unknown"))
        these.append(_note("milestone.measure", measure=m.id, paragraph=key or "?"))
        end = ends.first_named(m.id, m.start)
        cont = continuing.first_from(m.start)
        candidates = [e for e in (end, cont) if e is not None]
        met = min(candidates, key=_sort_key_of) if candidates else None
        if met is not None and met is cont:
            these.append(
                _note(
                    "milestone.continued",
                    when=met.day,
                    paragraph=_par_key(met.paragraph) or "ungestøtte",
                )
            )
        elif met is not None:
            these.append(_note("milestone.ended", when=met.day))
        out.append(
            _make(
                ctx,
                rule,
                version,
                trigger=start_event,
                due=day,
                status=_status(day, met.day if met is not None else None, ctx),
                met=met,
                alternative=alternative,
                trigger_on=start_event.day,
                measure=m.id,
                notes=these,
            )
        )
    return out


def _age_milestone(rule: Rule, ctx: _Ctx) -> Iterator[Deadline]:
    """A birthday that changes the child's rights (BL § 3: 10; BL §§ 46-47: 15; BL § 99: 18;
    BL §§ 117, 121: 23; Serviceloven's ages before 2024).

    Listed from ``show_before`` (default 12 months) before the birthday, while the case is
    open (on the birthday, or at ``as_of`` if that is earlier). The birthday follows the
    leap-day rule; a 29 February child's other reading is ``alternative_due``.

    ``requires = "info"``: ``open`` before the day, then ``not_applicable`` (nothing to
    record) for ``show_after`` (default 1 month). ``requires = "end_measures"``: one deadline
    per running measure of the ``measures`` paragraphs, met when the measure ends
    (``foranstaltning_slut``) by the birthday or is continued by a decision under a
    ``continued_by`` paragraph (or an ``eftervaern_afgoerelse``) that is not a refusal; with no
    such measure the milestone is information only.
    """
    found = _milestone_day(rule, ctx)
    if found is None:
        return
    version, end, age, commenced = found
    day = end.due
    if ctx.as_of < _months_before(day, _period(str(rule.param("show_before", "12 months")))):
        return
    if not ctx.case.is_open_on(min(day, ctx.as_of)):
        return
    notes = [_note("milestone.meaning", age=age, meaning=_meaning(version))]
    if commenced:
        notes.append(
            _note(
                "milestone.commencement", age=age, law=LAWS.get(version.law, version.law), when=day
            )
        )
    if end.ambiguous:
        notes.append(_note("ambiguity", text=end))
    requires = str(rule.param("requires", "info"))
    if requires not in ("info", "end_measures"):
        raise RuleError(f"regel {rule.id}: requires skal være 'info' eller 'end_measures'")
    if requires == "end_measures":
        running = _milestone_measures(rule, ctx, version, day, end.alternative, notes)
        if running:
            yield from running
            return
    if ctx.as_of < day:
        notes.append(_note("milestone.upcoming"))
        status = Status.OPEN
    else:
        after = _period(str(rule.param("show_after", "1 month")))
        if after.end_date(day, ctx.calendar).due < ctx.as_of:
            return
        notes.append(_note("milestone.reached"))
        status = Status.NOT_APPLICABLE
    yield _make(
        ctx,
        rule,
        version,
        trigger=None,
        due=day,
        status=status,
        alternative=end.alternative,
        trigger_on=ctx.case.child.birth_date,
        notes=notes,
    )


_INTERPRETERS: dict[str, Callable[[Rule, _Ctx], Iterator[Deadline]]] = {
    "bfu": _bfu_rule,
    "first_followup": _first_followup,
    "recurring_followup": _recurring_followup,
    "supervision": _supervision,
    "before_decision": _before_decision,
    "age_decision": _age_decision,
    "transition": _transition,
    "recurring_case": _recurring_case,
    "age_event": _age_event,
    "age_milestone": _age_milestone,
}


# --------------------------------------------------------------------------- public API


def gives_deadlines(kind: str) -> bool:
    """Whether rules of this kind give deadlines (``requirement`` gives none: audit only)."""
    return kind in PLANNED_KINDS or kind in _INTERPRETERS


def rule_deadlines(rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """The deadlines of one rule on the case in ``ctx`` (:func:`boernesag.blocks.caseview.case_view`):
    from the rule's plan (:mod:`boernesag.blocks.plan`), or by its kind's interpreter for the
    kinds not yet compiled to plans."""
    plan = compile_rule(rule)
    if plan is not None:
        return run_plan(plan, rule, ctx)
    interp = _INTERPRETERS.get(rule.kind)
    return interp(rule, ctx) if interp is not None else iter(())


def _sort_key(d: Deadline) -> tuple[date, str, str]:
    due = d.due_date or date.max
    return (due, d.rule_id, d.trigger or "")


def sort_deadlines(items: Iterable[Deadline]) -> list[Deadline]:
    """Deadlines by due date (undated last), then rule id and trigger."""
    return sorted(items, key=_sort_key)


def deadlines(
    case: Case,
    as_of: When,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> list[Deadline]:
    """Every deadline of every enabled rule that applies to ``case``, as it stood at ``as_of``.

    Sorted by due date. ``rules`` defaults to the packaged rules (municipal targets off),
    ``calendar`` to Danish public holidays, ``leap_day_rule`` to the law digest's default
    (a 29 February child has its birthday on 28 February in common years).
    """
    rs = rules if rules is not None else default_rules()
    ctx = _context(case, as_of, calendar or default_calendar(), leap_day_rule)
    ctx.rules = rs
    out: list[Deadline] = []
    for rule in rs.active:
        out.extend(rule_deadlines(rule, ctx))
    return sort_deadlines(out)


def caseload_deadlines(
    cases: Caseload | Iterable[Case],
    as_of: When,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Deadline]:
    """Stream the deadlines of many cases, case by case (memory stays flat).

    ``progress``, if given, is called with the number of cases done after each case.
    """
    as_of_day(as_of)  # also for no cases: a day outside the window is refused alike
    rs = rules if rules is not None else default_rules()
    cal = calendar or default_calendar()
    for i, case in enumerate(cases, 1):
        yield from deadlines(case, as_of, rules=rs, calendar=cal, leap_day_rule=leap_day_rule)
        if progress is not None:
            progress(i)


#: The longest look-ahead :func:`due_within` accepts (ten years; the window stays in range).
DUE_WITHIN_MAX_DAYS: Final = 3660


def due_within(items: Iterable[Deadline], as_of: date, days: int) -> list[Deadline]:
    """Open deadlines (not met, not overdue) due from ``as_of`` up to ``as_of + days``.

    ``as_of`` must lie in the plausible window (:mod:`boernesag.bounds`; a datetime counts by
    its Copenhagen date) and ``days`` be a whole number 0..:data:`DUE_WITHIN_MAX_DAYS`:
    :class:`~boernesag.errors.CalendarRangeError` otherwise, naming the value.
    """
    day = as_of_day(as_of)
    if isinstance(days, bool) or not isinstance(days, int):
        raise CalendarRangeError(
            f"antal dage (days) skal være et helt tal 0-{DUE_WITHIN_MAX_DAYS}, ikke {days!r}"
        )
    if not 0 <= days <= DUE_WITHIN_MAX_DAYS:
        raise CalendarRangeError(
            f"antal dage (days) skal være 0-{DUE_WITHIN_MAX_DAYS}, ikke {days}"
        )
    as_of = day
    limit = as_of + timedelta(days=days)
    return sort_deadlines(
        d
        for d in items
        if d.status == Status.OPEN and d.due_date is not None and as_of <= d.due_date <= limit
    )
