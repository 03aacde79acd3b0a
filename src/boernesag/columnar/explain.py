"""Explanations of a numpy result from the plan (issue 16, item 3).

:func:`explained_deadlines` gives one case's :class:`~boernesag.blocks.result.Deadline` s of a
:class:`~boernesag.columnar.result.DeadlineTable`, equal to the scalar executor's (notes, facts
and :meth:`~boernesag.blocks.result.Deadline.explain` in Danish and English), without running
the scalar engine: each row's subject and meeting event are the ones the numpy blocks chose
(the ``trigger`` and ``met_by`` columns), and the deadline with its notes is made by the same
per-subject function of the step the scalar runner calls
(:func:`boernesag.blocks.scalar.each_event_deadline`,
:func:`boernesag.blocks.scalar_modes.decision_mode_deadline`,
:func:`boernesag.blocks.scalar_before.each_decision_deadline`,
:func:`boernesag.blocks.scalar_ages.case_deadlines`,
:func:`boernesag.blocks.scalar_ages.measure_deadlines`), so the wording exists once.
Those functions only read the subject, its meeting event and the rule version (the notes of a
link that searched the whole case, such as :class:`~boernesag.blocks.plan.LinkDecision`'s
"how it was found", follow from the pair, see :func:`boernesag.blocks.scalar.link_notes`).
The plans at an age (subject :class:`~boernesag.blocks.plan.TheCase` or
:class:`~boernesag.blocks.plan.RunningMeasures`) recompute only their due step from the
child's dates (:func:`boernesag.blocks.scalar_ages.birthday_due`: the version, the day and
its other reading; no event is read); the trigger, the measure (the ``measure`` column) and
the meeting event come from the row.

A chain (due step :class:`~boernesag.blocks.plan.Recurrence`, kinds ``supervision``,
``recurring_case``, ``recurring_followup``) is explained link by link: the anchor, the
meeting event and the day the link is counted from (the ``counted_from`` column: the
anchor's day, or the missed due date after a miss) come from the row, the interval, period
and notes from :func:`boernesag.blocks.scalar_measures.chain_deadline` (a recorded interval,
BL § 95 stk. 3, is read from the measure's events by the chain's interval step).

Plans whose subject carries state the columns do not record (episodes, the first follow-up's
late event) are explained by the scalar executor for that rule only
(:data:`ROW_KINDS` names the plans explained from rows); so are cases with duplicate event
ids (which the numpy executor leaves to the scalar one anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from boernesag.blocks.caseview import CaseView, case_view
from boernesag.blocks.plan import (
    CaseSpan,
    DecisionMode,
    EachDecision,
    EachEvent,
    Plan,
    Recurrence,
    RunningMeasures,
    Step,
    TheCase,
    compile_rule,
)
from boernesag.blocks.result import Deadline, Note
from boernesag.blocks.scalar import each_event_deadline, link_notes, notices_of
from boernesag.blocks.scalar_ages import birthday_due, case_deadlines, measure_deadlines
from boernesag.blocks.scalar_before import each_decision_deadline
from boernesag.blocks.scalar_measures import chain_deadline, chain_interval
from boernesag.blocks.scalar_modes import decision_mode_deadline
from boernesag.calendar import default_calendar
from boernesag.columnar.dates import NA, day_of_number
from boernesag.columnar.table import EventTable
from boernesag.deadlines import rule_deadlines, sort_deadlines
from boernesag.law import Rule, RuleSet
from boernesag.model import Case, Event
from boernesag.periods import LeapDayRule

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["ROW_KINDS", "Rows", "explained_deadlines"]

class Rows(Protocol):
    """What is read of a :class:`~boernesag.columnar.result.DeadlineTable` (which calls
    :func:`explained_deadlines`)."""

    @property
    def table(self) -> EventTable: ...
    @property
    def as_of(self) -> date | datetime: ...
    @property
    def rules(self) -> RuleSet: ...
    @property
    def calendar(self) -> Any: ...
    @property
    def leap_day_rule(self) -> LeapDayRule: ...
    @property
    def case(self) -> npt.NDArray[np.int32]: ...
    @property
    def rule(self) -> npt.NDArray[np.int16]: ...
    @property
    def trigger(self) -> npt.NDArray[np.int64]: ...
    @property
    def met_by(self) -> npt.NDArray[np.int64]: ...
    @property
    def measure(self) -> npt.NDArray[np.int64]: ...
    @property
    def counted_from(self) -> npt.NDArray[np.int64]: ...
    def rows_of(self, index: int) -> npt.NDArray[np.int64]: ...


#: One row of a rule on one case, in row order: (trigger, meeting event, measure id, the day
#: a chain's link is counted from).
RowRefs = Sequence[tuple[Event | None, Event | None, str | None, date | None]]
RowBuilder = Callable[[Plan, Rule, CaseView, RowRefs], list[Deadline]]
#: (subject, met) event pairs of one rule on one case, in the subjects' order.
Pairs = Sequence[tuple[Event, Event | None]]
PairBuilder = Callable[[Plan, Rule, CaseView, Pairs], list[Deadline]]


def _subject_types(plan: Plan) -> tuple[str, ...]:
    subject = plan.subject
    assert isinstance(subject, EachEvent | EachDecision)
    return subject.types


def _by_subject(build: PairBuilder) -> RowBuilder:
    """A builder of an event subject: the rows' (trigger, met) pairs in the order the scalar
    runner takes the subjects (time order, ties in the order of the step's types)."""

    def run(plan: Plan, rule: Rule, ctx: CaseView, rows: RowRefs) -> list[Deadline]:
        position = {e.id: i for i, e in enumerate(ctx.events(*_subject_types(plan)))}
        pairs = [(trig, met) for trig, met, _, _ in rows if trig is not None]
        pairs.sort(key=lambda p: position[p[0].id])
        return build(plan, rule, ctx, pairs)

    return run


def _each_event(plan: Plan, rule: Rule, ctx: CaseView, pairs: Pairs) -> list[Deadline]:
    notices = notices_of(plan, ctx)
    out = []
    for trig, met in pairs:

        def meet(e: Event, met: Event | None = met) -> tuple[Event | None, list[Note]]:
            return met, link_notes(plan.link, e, met)

        made = each_event_deadline(plan, rule, ctx, trig, meet, notices)
        if made is not None:
            out.append(made)
    return out


def _decision_mode(plan: Plan, rule: Rule, ctx: CaseView, pairs: Pairs) -> list[Deadline]:
    made = (decision_mode_deadline(plan, rule, ctx, trig, met) for trig, met in pairs)
    return [d for d in made if d is not None]


def _each_decision(plan: Plan, rule: Rule, ctx: CaseView, pairs: Pairs) -> list[Deadline]:
    made = (each_decision_deadline(plan, rule, ctx, trig, met) for trig, met in pairs)
    return [d for d in made if d is not None]


def _the_case(plan: Plan, rule: Rule, ctx: CaseView, rows: RowRefs) -> list[Deadline]:
    """:class:`TheCase`: the due step from the child's dates (no event is read), the trigger
    and meeting event from the row."""
    due = birthday_due(plan, rule, ctx)
    if due is None:  # pragma: no cover - a row has a version in force
        return []
    return [d for trig, met, _, _ in rows for d in case_deadlines(plan, rule, ctx, due, trig, met)]


def _running_measures(plan: Plan, rule: Rule, ctx: CaseView, rows: RowRefs) -> list[Deadline]:
    """:class:`RunningMeasures`: the due step from the child's dates, the measures and their
    meeting events from the rows (in the order of the case's measures); a row without a
    measure is the ``otherwise`` deadline."""
    due = birthday_due(plan, rule, ctx)
    if due is None:  # pragma: no cover - a row has a version in force
        return []
    started = ctx.started_measures()
    position = {m.id: i for i, (m, _) in enumerate(started)}
    met_of = {mid: met for _, met, mid, _ in rows if mid is not None}
    running = [
        (m, start, met_of[m.id])
        for m, start in sorted(
            (started[position[mid]] for mid in met_of), key=lambda p: position[p[0].id]
        )
    ]
    return list(measure_deadlines(plan, rule, ctx, due, running))


def _case_span(plan: Plan, rule: Rule, ctx: CaseView, rows: RowRefs) -> list[Deadline]:
    """:class:`CaseSpan` (a chain over the case): each link's anchor, meeting event and the
    day it is counted from (the ``counted_from`` column) from the row, in the chain's order;
    the interval and the notes by :func:`boernesag.blocks.scalar_measures.chain_deadline`."""
    assert isinstance(plan.due, Recurrence)
    interval = chain_interval(plan, ctx, None)
    made = (
        chain_deadline(rule, ctx, trig, day, met, None, interval)
        for trig, met, _, day in sorted(rows, key=lambda r: r[3] or date.min)
        if trig is not None and day is not None
    )
    return [d for d in made if d is not None]


def _each_measure(plan: Plan, rule: Rule, ctx: CaseView, rows: RowRefs) -> list[Deadline]:
    """:class:`EachMeasure` with a :class:`Recurrence` (a chain per measure): as
    :func:`_case_span`, per measure in the order of the case's measures."""
    assert isinstance(plan.due, Recurrence)
    started = ctx.started_measures()
    position = {m.id: i for i, (m, _) in enumerate(started)}
    out: list[Deadline] = []
    intervals: dict[str, Any] = {}
    for trig, met, mid, day in sorted(
        rows, key=lambda r: (position.get(r[2] or "", -1), r[3] or date.min)
    ):
        if trig is None or mid is None or day is None:  # pragma: no cover - a chain's row
            continue
        if mid not in intervals:
            intervals[mid] = chain_interval(plan, ctx, started[position[mid]][0])
        made = chain_deadline(rule, ctx, trig, day, met, mid, intervals[mid])
        if made is not None:
            out.append(made)
    return out


def _chain(plan: Plan, rule: Rule, ctx: CaseView, rows: RowRefs) -> list[Deadline]:
    """:class:`Recurrence`: a chain over the case or one per measure."""
    if isinstance(plan.subject, CaseSpan):
        return _case_span(plan, rule, ctx, rows)
    return _each_measure(plan, rule, ctx, rows)


#: The plans explained from their rows, by due step (where it shapes the deadline) or subject.
_BUILDERS: dict[type[Step], RowBuilder] = {
    DecisionMode: _by_subject(_decision_mode),
    EachEvent: _by_subject(_each_event),
    EachDecision: _by_subject(_each_decision),
    TheCase: _the_case,
    RunningMeasures: _running_measures,
    Recurrence: _chain,
}

#: The step classes whose plans are explained from rows (the others: by the scalar executor).
ROW_KINDS = frozenset(_BUILDERS)


def _builder(plan: Plan) -> RowBuilder | None:
    return _BUILDERS.get(type(plan.due)) or _BUILDERS.get(type(plan.subject))


def explained_deadlines(
    dt: Rows, index: int, case: Case | None = None
) -> list[Deadline]:
    """Case ``index``'s deadlines of ``dt`` with explanations, sorted as
    :func:`boernesag.deadlines.deadlines` sorts them. ``case``: the case itself where the
    caller has it (else it is rebuilt from the table)."""
    t = dt.table
    if case is None:
        case = t.rebuild(index)
    ctx = case_view(case, dt.as_of, dt.calendar or default_calendar(), dt.leap_day_rule)
    ctx.rules = dt.rules
    irregular = bool(t.irregular[index])
    rows = np.sort(dt.rows_of(index))
    rule_of_row = dt.rule[rows].tolist()
    out: list[Deadline] = []
    for ri, rule in enumerate(dt.rules.active):
        plan = compile_rule(rule)
        if plan is None:
            continue
        build = _builder(plan)
        if build is None or irregular:
            out.extend(rule_deadlines(rule, ctx))
            continue
        mine = [int(r) for r, k in zip(rows.tolist(), rule_of_row, strict=True) if k == ri]
        if not mine:
            continue
        refs = []
        for r in mine:
            g, m, mr = int(dt.trigger[r]), int(dt.met_by[r]), int(dt.measure[r])
            cf = int(dt.counted_from[r]) if len(dt.counted_from) else int(NA)
            refs.append(
                (
                    case.event(str(t.id[g])) if g >= 0 else None,
                    case.event(str(t.id[m])) if m >= 0 else None,
                    str(t.m_id[mr]) if mr >= 0 else None,
                    day_of_number(cf) if cf != int(NA) else None,
                )
            )
        out.extend(build(plan, rule, ctx, refs))
    return sort_deadlines(out)
