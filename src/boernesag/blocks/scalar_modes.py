"""The scalar runner of a :class:`~boernesag.blocks.plan.DecisionMode` plan, with its link
:class:`~boernesag.blocks.plan.FirstFromLookback` (kind ``plan``: barnets plan / handleplan, BL § 91,
stk. 1-2; SEL § 140, stk. 1).

For each subject event (an :class:`~boernesag.blocks.plan.EachEvent`, e.g. a decision that is
not refused and is of the rule's decision kind) with a rule version in force on its day, the
version's mode says when the duty is due: on the day (``before``, with the ``fallback`` period
as the alternative), the period after it (``after``), or only where the subject records that
the duty applies (``if_decided``). The first event of the link's types from the look-back on
meets it; nothing is claimed. The explanation notes are the step's note keys, in the order the
reasoning takes them: what the plan is called at the young person's age (BL § 108), the forced mode, then the mode's own note or the period's notes; the
same findings are set as typed :class:`~boernesag.blocks.result.Fact` s for the audit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from boernesag.blocks.caseview import (
    CaseView,
    end_date,
    field_of,
    make_deadline,
    months_before,
    parse_period,
    status_of,
)
from boernesag.blocks.conditions import holds, select_events, start_day_of
from boernesag.blocks.plan import DecisionMode, EachEvent, FirstFromLookback, Plan
from boernesag.blocks.result import Deadline, Fact, Note, Status, note
from boernesag.law import Rule
from boernesag.law.vocabulary import vocabulary
from boernesag.model import Event

__all__ = ["decision_mode_deadline", "run_decision_mode"]


def run_decision_mode(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """The deadlines of a plan whose due step is a :class:`~boernesag.blocks.plan.DecisionMode`
    (subject :class:`~boernesag.blocks.plan.EachEvent`, link
    :class:`~boernesag.blocks.plan.FirstFromLookback`)."""
    subject, step, link = plan.subject, plan.due, plan.link
    assert isinstance(subject, EachEvent)
    assert isinstance(step, DecisionMode)
    assert isinstance(link, FirstFromLookback)
    found = ctx.seq(*link.types)
    for trig in select_events(subject, ctx):
        day = start_day_of(subject, trig)
        # The first meeting event from the look-back on: on time if on or before the due
        # date, which no later one is if the first is not.
        made = decision_mode_deadline(
            plan, rule, ctx, trig, found.first_from(months_before(day, link.lookback))
        )
        if made is not None:
            yield made


def decision_mode_deadline(
    plan: Plan, rule: Rule, ctx: CaseView, trig: Event, met: Event | None
) -> Deadline | None:
    """The deadline of one subject event of a :class:`~boernesag.blocks.plan.DecisionMode`
    plan met by ``met`` (``None``: no version in force): the scalar runner finds ``met``, the
    numpy result's explanation (:mod:`boernesag.columnar.explain`) reads the numpy link's."""
    subject, step = plan.subject, plan.due
    assert isinstance(subject, EachEvent)
    assert isinstance(step, DecisionMode)
    day = start_day_of(subject, trig)
    version = rule.version_on(day)
    if version is None:
        return None
    measure = trig.measure if subject.carry_measure else None
    notes: list[Note] = []
    facts: set[Fact] = set()
    if step.youth is not None:
        youth = vocabulary().age(step.youth, day)
        if youth.on(ctx.case.child.birth_date, ctx.leap_rule).due <= day:
            notes.append(note(step.youth_note, plan=youth))
    mode = str(version.option("mode", step.default_mode))
    forced_mode = version.option("forced_mode")
    if forced_mode and holds(step.forced, trig):
        mode = str(forced_mode)
        notes.append(note(step.forced_note))
        facts.add(Fact.FORCED)
    if mode == "if_decided":
        decided = field_of(trig, step.decided_field)
        if decided is not True:
            no = decided is False
            notes.append(note(step.not_needed_note if no else step.not_decided_note))
            facts.add(Fact.DECIDED_NO if no else Fact.UNDECIDED)
            return make_deadline(
                ctx,
                rule,
                version,
                trigger=trig,
                due=None,
                status=Status.NOT_APPLICABLE,
                measure=measure,
                notes=notes,
                facts=frozenset(facts),
            )
        mode = "after"
    alt: date | None
    if mode == "before":
        due = day
        alt = None
        fallback = version.option("fallback")
        if fallback:
            alt = parse_period(str(fallback)).end_date(day, ctx.calendar).due
            notes.append(note(step.urgent_note, alt=alt))
    else:
        due, alt, more = end_date(ctx, version, day)
        notes.extend(more)
    return make_deadline(
        ctx,
        rule,
        version,
        trigger=trig,
        due=due,
        status=status_of(due, met.day if met is not None else None, ctx),
        met=met,
        alternative=alt,
        measure=measure,
        notes=notes,
        facts=frozenset(facts),
    )
