"""The scalar runner of :class:`~boernesag.blocks.plan.EachDecision` plans (kind
``before_decision``): an event due before each decision.

BL § 5, stk. 3: the child's view "skal tilvejebringes og inddrages løbende ved samtaler ...,
inden der træffes beslutninger eller afgørelser"; stk. 4 allows an exception, recorded on the
decision (SEL § 48 before 2024). The decision types, the laws, the meeting types, the
look-back and the field of the exception come from the plan
(:func:`boernesag.blocks.plan.compile_rule`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator

from boernesag.blocks.caseview import (
    CaseView,
    field_of,
    make_deadline,
    months_before,
    status_of,
)
from boernesag.blocks.plan import EachDecision, Excused, LastBefore, OnTheDay, Plan, Step
from boernesag.blocks.result import Deadline, Fact, Note, Status, note
from boernesag.law import Rule
from boernesag.model import Event

__all__ = ["RUNNERS", "each_decision_deadline", "run_each_decision"]


def _subjects(step: EachDecision, ctx: CaseView) -> list[Event]:
    """The events of the step's types that it includes (:meth:`EachDecision.includes`)."""
    return [e for e in ctx.events(*step.types) if step.includes(e.paragraph)]


def run_each_decision(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.EachDecision`: one deadline per decision, due
    :class:`~boernesag.blocks.plan.OnTheDay`, met by :class:`~boernesag.blocks.plan.Excused`
    (a recorded exception) or :class:`~boernesag.blocks.plan.LastBefore`. The explanation
    opens with the look-back, then the exception or "it came after"."""
    step = plan.subject
    assert isinstance(step, EachDecision)
    assert isinstance(plan.due, OnTheDay)
    excused = plan.link if isinstance(plan.link, Excused) else None
    link = excused.otherwise if excused is not None else plan.link
    assert isinstance(link, LastBefore)
    talks = ctx.seq(*link.types)
    for dec in _subjects(step, ctx):
        met: Event | None = None
        if excused is None or not field_of(dec, excused.field):
            earliest = months_before(dec.day, link.lookback)
            i = bisect_right(talks.days, dec.day)
            if i and talks.days[i - 1] >= earliest:
                met = talks.events[i - 1]
            else:
                met = talks.events[i] if i < len(talks.events) else None
        made = each_decision_deadline(plan, rule, ctx, dec, met)
        if made is not None:
            yield made


_EXCUSED = frozenset({Fact.EXCUSED})


def each_decision_deadline(
    plan: Plan, rule: Rule, ctx: CaseView, dec: Event, met: Event | None
) -> Deadline | None:
    """The deadline of one decision of an :class:`~boernesag.blocks.plan.EachDecision` plan
    whose :class:`~boernesag.blocks.plan.LastBefore` link found ``met`` (``None``: no version
    in force). A meeting event after the decision's day is the one found after it (the
    ``<key>.after`` note): the look-back's last one is never after the day. The scalar runner
    finds ``met``, the numpy result's explanation (:mod:`boernesag.columnar.explain`) reads
    the numpy link's."""
    excused = plan.link if isinstance(plan.link, Excused) else None
    link = excused.otherwise if excused is not None else plan.link
    assert isinstance(link, LastBefore)
    version = rule.version_on(dec.day)
    if version is None:
        return None
    notes: list[Note] = [note(f"{link.key}.lookback", period=link.lookback)]
    reason = field_of(dec, excused.field) if excused is not None else None
    if excused is not None and reason:
        notes.append(note(excused.key, reason=reason))
        return make_deadline(
            ctx,
            rule,
            version,
            trigger=dec,
            due=dec.day,
            status=Status.MET,
            met=dec,
            met_on=dec.day,
            notes=notes,
            facts=_EXCUSED,
        )
    if met is not None and met.day > dec.day:
        notes.append(note(f"{link.key}.after"))
    return make_deadline(
        ctx,
        rule,
        version,
        trigger=dec,
        due=dec.day,
        status=status_of(dec.day, met.day if met else None, ctx),
        met=met,
        measure=dec.measure,
        notes=notes,
    )


#: The runners this module adds to :data:`boernesag.blocks.scalar.RUNNERS`.
RUNNERS: dict[type[Step], Callable[[Plan, Rule, CaseView], Iterator[Deadline]]] = {
    EachDecision: run_each_decision
}
