"""The scalar runner of :class:`~boernesag.blocks.plan.Episodes` plans (kind ``bfu``).

An investigation's deadline runs from the day the municipality became aware of a possible need
(BL § 20, stk. 3: "senest 4 måneder efter, at kommunalbestyrelsen bliver opmærksom på ...";
SEL § 50, stk. 7 alike), which is the earliest notice of the episode; counted from the
investigation's own start is the alternative reading. The event types, the look-back and the
interim-assessment type come from the plan (:func:`boernesag.blocks.plan.compile_rule`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from datetime import date

from boernesag.blocks.caseview import (
    CaseView,
    Claims,
    EventSeq,
    end_date,
    make_deadline,
    months_before,
    status_of,
)
from boernesag.blocks.plan import (
    Claim,
    Episodes,
    InterimNote,
    PeriodAfterAwareness,
    Plan,
    Step,
)
from boernesag.blocks.result import Deadline, Fact, Note, Status, note
from boernesag.law import Rule
from boernesag.model import Event
from boernesag.text import event_label

__all__ = ["RUNNERS", "anchors", "run_episodes"]


def anchors(step: Episodes, starts: list[Event], ends: list[Event]) -> list[Event]:
    """The episodes' anchors: a start with no open start before it, or an end with no start
    since the previous end (starts before ends on the same instant), in time order."""
    start_types = set(step.starts)
    out: list[Event] = []
    open_start: Event | None = None
    for e in sorted([*starts, *ends], key=lambda e: e.sort_key):
        if e.type in start_types:
            if open_start is None:
                open_start = e
                out.append(e)
        else:
            if open_start is None:
                out.append(e)
            open_start = None
    return out


def _awareness(step: Episodes, notices: EventSeq, anchor: Event, prev_end: date | None) -> Event:
    """The first notice in the window before the anchor (on or before its day) and after the
    previous episode's end; else the anchor."""
    i = bisect_left(notices.days, months_before(anchor.day, step.window))
    if prev_end is not None:
        i = max(i, bisect_right(notices.days, prev_end))
    if i < len(notices.days) and notices.days[i] <= anchor.day:
        return notices.events[i]
    return anchor


def _interim_notes(
    step: InterimNote, seq: EventSeq, aware: Event, status: Status
) -> tuple[list[Note], frozenset[Fact]]:
    """:class:`~boernesag.blocks.plan.InterimNote` (only when the deadline was missed): its
    notes, and the fact :attr:`Fact.INTERIM_PRESENT` when an interim event was found."""
    if status not in (Status.MET_LATE, Status.OVERDUE):
        return [], frozenset()
    first = seq.first_from(aware.day)
    found = note(f"{step.key}.present", when=first.day) if first else note(f"{step.key}.missing")
    facts = frozenset({Fact.INTERIM_PRESENT}) if first else frozenset()
    return [found, note(f"{step.key}.after")], facts


def run_episodes(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.Episodes`: one deadline per episode, due by
    :class:`~boernesag.blocks.plan.PeriodAfterAwareness`, met by the plan's
    :class:`~boernesag.blocks.plan.Claim` claimed from the anchor; the explanation has the
    period's notes (month end, extension), the awareness note, then the interim notes."""
    step = plan.subject
    assert isinstance(step, Episodes)
    assert isinstance(plan.due, PeriodAfterAwareness)
    assert isinstance(plan.link, Claim)
    notices = ctx.seq(*step.notices)
    claims = Claims(plan.link.by, ctx.events(*plan.link.types))
    interims = [(s, ctx.seq(s.type)) for s in plan.notes if isinstance(s, InterimNote)]
    prev_end: date | None = None
    for anchor in anchors(step, ctx.events(*step.starts), ctx.events(*step.ends)):
        aware = _awareness(step, notices, anchor, prev_end)
        version = rule.version_on(aware.day)
        if version is None:
            continue
        due, alt, notes = end_date(ctx, version, aware.day)
        if aware is not anchor:
            alt_due, _, _ = end_date(ctx, version, anchor.day)
            if alt_due != due:
                alt = alt_due
                notes.append(
                    note(
                        plan.due.key,
                        event=event_label(aware.type.value).lower(),
                        when=aware.day,
                        alt=alt_due,
                    )
                )
        met = claims.claim(anchor)
        if met is not None:
            prev_end = met.day
        status = status_of(due, met.day if met else None, ctx)
        facts: frozenset[Fact] = frozenset()
        for s, seq in interims:
            more, found = _interim_notes(s, seq, aware, status)
            notes.extend(more)
            facts |= found
        yield make_deadline(
            ctx,
            rule,
            version,
            trigger=aware,
            due=due,
            status=status,
            met=met,
            alternative=alt,
            notes=notes,
            facts=facts,
        )


#: The runners this module adds to :data:`boernesag.blocks.scalar.RUNNERS`.
RUNNERS: dict[type[Step], Callable[[Plan, Rule, CaseView], Iterator[Deadline]]] = {
    Episodes: run_episodes
}
