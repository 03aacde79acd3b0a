"""The scalar executor's blocks for deadlines at an age (kinds ``age_event``, ``transition``,
``age_decision``, ``age_milestone``): the runners of the subjects
:class:`~boernesag.blocks.plan.TheCase` and :class:`~boernesag.blocks.plan.RunningMeasures`,
the :class:`~boernesag.blocks.plan.Birthday` due step, the case conditions, the links
:class:`~boernesag.blocks.plan.FirstFrom`, :class:`~boernesag.blocks.plan.EndedOrContinued`
and :class:`~boernesag.blocks.plan.Info`, and their notes.

The numpy twin is :mod:`boernesag.columnar.executor_ages`; this is the reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta

import attrs

from boernesag.blocks.caseview import (
    CaseView,
    EventSeq,
    ForMeasure,
    make_deadline,
    months_before,
    sort_key_of,
    status_of,
)
from boernesag.blocks.plan import (
    Birthday,
    CaseOpen,
    ChildHas,
    EndedOrContinued,
    FirstFrom,
    FixedNote,
    Info,
    Listed,
    MeaningNote,
    Plan,
    RunningMeasures,
    StartNote,
    Step,
    TheCase,
    TriggerNote,
    version_age,
)
from boernesag.blocks.result import Deadline, Note, Status, note
from boernesag.law import Rule, RuleVersion
from boernesag.model import Event, Measure
from boernesag.paragraphs import LAWS, Paragraph
from boernesag.periods import PeriodEnd, birthday, date_of_age

__all__ = ["RUNNERS", "birthday_due", "case_deadlines", "measure_deadlines"]

#: What the explanation names a continuing decision without a paragraph after.
_UNNAMED_CONTINUATION = "ungestøtte"


@attrs.frozen(slots=True)
class _Text:
    """A text from the rule data in both languages, rendered in the explanation's language."""

    da: str
    en: str

    def describe(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


def _meaning(version: RuleVersion) -> _Text:
    raw = version.option("meaning", {})
    if isinstance(raw, Mapping):
        da = str(raw.get("da", ""))
        return _Text(da, str(raw.get("en", da)))
    return _Text(str(raw), str(raw))


def _par_key(p: Paragraph | None) -> str | None:
    return f"{p.law} {p.number}" if p is not None else None


# --------------------------------------------------------------------------- due


@attrs.frozen
class _Due:
    """A :class:`~boernesag.blocks.plan.Birthday` on one case: the version, the day (and the
    other reading), the day the duty runs from, the age and the due step's notes."""

    version: RuleVersion
    end: PeriodEnd
    start: date | None
    age: int
    notes: list[Note]


def _version_day(rule: Rule, ctx: CaseView) -> tuple[RuleVersion, PeriodEnd, int, bool] | None:
    """The version whose age the child reaches while it is in force, the day, the age, and
    whether it is the day of commencement (see :class:`~boernesag.blocks.plan.Birthday`)."""
    birth = ctx.case.child.birth_date
    prev: tuple[RuleVersion, date] | None = None
    for version in rule.versions:
        age = version_age(rule, version)
        end = date_of_age(birth, age, 0, ctx.leap_rule)
        if version.in_force(end.due):
            return version, end, age, False
        if end.due < version.valid_from and prev is not None and prev[1] > prev[0].valid_to:
            return version, PeriodEnd(version.valid_from), age, True
        prev = (version, end.due)
    return None


def _birthday_due(step: Birthday, rule: Rule, ctx: CaseView) -> _Due | None:
    birth = ctx.case.child.birth_date
    notes: list[Note] = []
    start: date | None = None
    if step.years is None:
        found = _version_day(rule, ctx)
        if found is None:
            return None
        version, end, age, commenced = found
        if commenced:
            law = LAWS.get(version.law, version.law)
            notes.append(note("milestone.commencement", age=age, law=law, when=end.due))
    else:
        age = step.years
        if step.day_before:
            end = PeriodEnd(birthday(birth, age, ctx.leap_rule) - timedelta(days=1))
        else:
            end = date_of_age(birth, age, step.months, ctx.leap_rule)
        if step.start_years is not None:
            start = birthday(birth, step.start_years, ctx.leap_rule)
        in_force = rule.version_on(start if start is not None else end.due)
        if in_force is None:
            return None
        version = in_force
    if end.ambiguous:
        notes.append(note("ambiguity", text=end))
    return _Due(version, end, start, age, notes)


# --------------------------------------------------------------------------- conditions


def _holds(conditions: Sequence[Step], ctx: CaseView, due: _Due) -> bool:
    """Whether every condition (:class:`ChildHas`, :class:`Listed`, :class:`CaseOpen`) holds."""
    birth = ctx.case.child.birth_date
    day = due.end.due
    for c in conditions:
        if isinstance(c, ChildHas):
            if not getattr(ctx.case.child, c.field):
                return False
        elif isinstance(c, Listed):
            if c.from_years is not None and ctx.as_of < birthday(
                birth, c.from_years, ctx.leap_rule
            ):
                return False
            if c.before is not None and ctx.as_of < months_before(day, c.before):
                return False
        elif isinstance(c, CaseOpen):
            if not ctx.case.is_open_on(min(day, ctx.as_of)):
                return False
        else:  # pragma: no cover - the compiler makes no other
            raise TypeError(f"unknown condition {c!r}")
    return True


def _child_ok(conditions: Sequence[Step], ctx: CaseView) -> bool:
    """The :class:`ChildHas` conditions alone (checked before any date is computed)."""
    return all(getattr(ctx.case.child, c.field) for c in conditions if isinstance(c, ChildHas))


# --------------------------------------------------------------------------- notes


def _lead_notes(plan: Plan, due: _Due, trigger: Event | None) -> list[Note]:
    out: list[Note] = []
    for s in plan.notes:
        if isinstance(s, FixedNote):
            out.append(note(s.key))
        elif isinstance(s, StartNote):
            out.append(note(s.key, when=due.start))
        elif isinstance(s, TriggerNote):
            out.append(note(s.present, when=trigger.day) if trigger else note(s.missing))
        elif isinstance(s, MeaningNote):
            out.append(note(s.key, age=due.age, meaning=_meaning(due.version)))
    return out + due.notes


# --------------------------------------------------------------------------- links


def _first_from_events(step: FirstFrom, ctx: CaseView) -> EventSeq:
    """The events :class:`FirstFrom` may take, in time order."""
    found = ctx.events(*step.types)
    if step.under_types or step.refused:
        found = [
            e
            for e in found
            if (e.type not in step.under_types or step.under.matches(e.paragraph))
            and e.outcome not in step.refused
        ]
    return EventSeq(found)


def _info(
    step: Info, rule: Rule, ctx: CaseView, due: _Due, notes: list[Note]
) -> Iterator[Deadline]:
    """:class:`~boernesag.blocks.plan.Info`: open before the day, then nothing to record."""
    day = due.end.due
    if ctx.as_of < day:
        notes.append(note(step.upcoming))
        status = Status.OPEN
    else:
        if step.after.end_date(day, ctx.calendar).due < ctx.as_of:
            return
        notes.append(note(step.reached))
        status = Status.NOT_APPLICABLE
    yield make_deadline(
        ctx,
        rule,
        due.version,
        trigger=None,
        due=day,
        status=status,
        alternative=due.end.alternative,
        trigger_on=ctx.case.child.birth_date,
        notes=notes,
    )


# --------------------------------------------------------------------------- runners


def birthday_due(plan: Plan, rule: Rule, ctx: CaseView) -> _Due | None:
    """The :class:`~boernesag.blocks.plan.Birthday` due step of ``plan`` on the case (the
    version, the day, its other reading and the due step's notes), or ``None`` without a
    version in force: the child's dates only, no event is read."""
    assert isinstance(plan.due, Birthday)
    return _birthday_due(plan.due, rule, ctx)


def case_deadlines(
    plan: Plan, rule: Rule, ctx: CaseView, due: _Due, trig: Event | None, met: Event | None
) -> Iterator[Deadline]:
    """The deadline of a :class:`~boernesag.blocks.plan.TheCase` plan whose conditions hold,
    with trigger ``trig`` and meeting event ``met`` (found by the link; ignored by
    :class:`~boernesag.blocks.plan.Info`), and its notes: the deadline the scalar runner
    makes and the one the numpy result's row is explained by. Without a trigger, the first
    of the subject's ``noted`` events (if any) is named in the notes, not taken as trigger."""
    subject = plan.subject
    assert isinstance(subject, TheCase)
    shown = trig
    if shown is None and subject.noted:
        found = ctx.events(*subject.noted)
        shown = found[0] if found else None
    notes = _lead_notes(plan, due, shown)
    if isinstance(plan.link, Info):
        yield from _info(plan.link, rule, ctx, due, notes)
        return
    day = due.end.due
    yield make_deadline(
        ctx,
        rule,
        due.version,
        trigger=trig,
        due=day,
        status=status_of(day, met.day if met else None, ctx),
        met=met,
        alternative=due.end.alternative,
        trigger_on=due.start if due.start is not None else ctx.case.child.birth_date,
        notes=notes,
    )


def _due_if_holds(
    plan: Plan, conditions: Sequence[Step], rule: Rule, ctx: CaseView
) -> _Due | None:
    """The birthday due step of ``plan`` when the subject's ``conditions`` hold for the child
    and on the due step, else ``None`` (no version in force, or a condition fails)."""
    assert isinstance(plan.due, Birthday)
    if not _child_ok(conditions, ctx):
        return None
    due = _birthday_due(plan.due, rule, ctx)
    if due is None or not _holds(conditions, ctx, due):
        return None
    return due


def _run_the_case(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.TheCase`: one deadline about the case."""
    subject = plan.subject
    assert isinstance(subject, TheCase)
    due = _due_if_holds(plan, subject.conditions, rule, ctx)
    if due is None:
        return
    trig: Event | None = None
    if subject.trigger:
        found = ctx.events(*subject.trigger)
        trig = found[0] if found else None
    met: Event | None = None
    link = plan.link
    if isinstance(link, FirstFrom):
        seq = _first_from_events(link, ctx)
        if link.since == "start":
            assert due.start is not None
            met = seq.first_from(due.start)
        else:
            met = seq.events[0] if seq.events else None
    else:
        assert isinstance(link, Info)
    yield from case_deadlines(plan, rule, ctx, due, trig, met)


def _first_from_takes(step: FirstFrom, e: Event) -> bool:
    """Whether :class:`FirstFrom` may take event ``e`` (see :func:`_first_from_events`)."""
    return (
        e.type in step.types
        and (e.type not in step.under_types or step.under.matches(e.paragraph))
        and e.outcome not in step.refused
    )


def _measure_link(step: Step, ctx: CaseView) -> Callable[[Measure], Event | None]:
    """The link of a :class:`RunningMeasures` subject: the meeting event of a measure."""
    if isinstance(step, FirstFrom):
        seq = _first_from_events(step, ctx)

        def first(m: Measure) -> Event | None:
            assert m.start is not None
            return seq.first_from(m.start)

        return first
    assert isinstance(step, EndedOrContinued)
    ends = ForMeasure(ctx.events(*step.ended_by))
    continuing = (
        _first_from_events(step.continued, ctx) if step.continued is not None else EventSeq([])
    )

    def ended_or_continued(m: Measure) -> Event | None:
        assert m.start is not None
        end = ends.first_named(m.id, m.start)
        cont = continuing.first_from(m.start)
        candidates = [e for e in (end, cont) if e is not None]
        return min(candidates, key=sort_key_of) if candidates else None

    return ended_or_continued


def _link_notes(step: Step, met: Event | None) -> list[Note]:
    """The notes of a :class:`RunningMeasures` link on its meeting event ``met``: for
    :class:`EndedOrContinued`, whether the measure was continued (``met`` is an event the
    ``continued`` link takes: the earliest continuation is the meeting event exactly when it
    is not later than the first end) or ended."""
    if not isinstance(step, EndedOrContinued) or met is None:
        return []
    if step.continued is not None and _first_from_takes(step.continued, met):
        paragraph = _par_key(met.paragraph) or _UNNAMED_CONTINUATION
        return [note(step.continued_note, when=met.day, paragraph=paragraph)]
    return [note(step.ended_note, when=met.day)]


def measure_deadlines(
    plan: Plan,
    rule: Rule,
    ctx: CaseView,
    due: _Due,
    running: Sequence[tuple[Measure, Event, Event | None]],
) -> Iterator[Deadline]:
    """The deadlines of a :class:`~boernesag.blocks.plan.RunningMeasures` plan whose
    conditions hold, one per ``(measure, start event, meeting event)`` of ``running`` (the
    measures the subject chose, in order), or with none the ``otherwise`` deadline: the
    deadlines the scalar runner makes and those the numpy result's rows are explained by."""
    subject = plan.subject
    assert isinstance(subject, RunningMeasures)
    day = due.end.due
    notes = _lead_notes(plan, due, None)
    if not running:
        if isinstance(subject.otherwise, Info):
            yield from _info(subject.otherwise, rule, ctx, due, notes)
        return
    for m, start_event, met in running:
        these = [*notes]
        if subject.note is not None:
            if m.paragraph is None:
                these.append(note("paragraph.unknown"))
            paragraph = _par_key(m.paragraph) or "?"
            these.append(note(subject.note, measure=m.id, paragraph=paragraph))
        these.extend(_link_notes(plan.link, met))
        yield make_deadline(
            ctx,
            rule,
            due.version,
            trigger=start_event,
            due=day,
            status=status_of(day, met.day if met is not None else None, ctx),
            met=met,
            alternative=due.end.alternative,
            trigger_on=start_event.day,
            measure=m.id,
            notes=these,
        )


def _run_running_measures(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.RunningMeasures`: one deadline per measure of
    the listed paragraphs running on the due day (or at ``as_of``), else the ``otherwise``
    deadline about the case."""
    subject = plan.subject
    assert isinstance(subject, RunningMeasures)
    due = _due_if_holds(plan, subject.conditions, rule, ctx)
    if due is None:
        return
    on = min(due.end.due, ctx.as_of)
    running = [
        (m, ev)
        for m, ev in ctx.started_measures()
        if m.active_on(on) and subject.paragraphs.matches(m.paragraph)
    ]
    if subject.first_only:
        running = running[:1]
    meet = _measure_link(plan.link, ctx) if running else None
    found = [(m, ev, meet(m)) for m, ev in running] if meet is not None else []
    yield from measure_deadlines(plan, rule, ctx, due, found)


#: The runners of this module's subjects (registered in :data:`boernesag.blocks.scalar.RUNNERS`).
RUNNERS: dict[type[Step], Callable[[Plan, Rule, CaseView], Iterator[Deadline]]] = {
    TheCase: _run_the_case,
    RunningMeasures: _run_running_measures,
}
