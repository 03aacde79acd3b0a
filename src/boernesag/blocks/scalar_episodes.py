"""The scalar runner of :class:`~boernesag.blocks.plan.Episodes` plans (kind ``bfu``).

An investigation's deadline runs from the day the municipality became aware of a possible need
(BL § 20, stk. 3: "senest 4 måneder efter, at kommunalbestyrelsen bliver opmærksom på ...";
SEL § 50, stk. 7 alike), which is the earliest notice of the episode; counted from the
investigation's own start is the alternative reading. The event types, the look-back and the
interim-assessment type come from the plan (:func:`boernesag.blocks.plan.compile_rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import attrs

from boernesag.blocks.caseview import (
    CaseView,
    EventSeq,
    end_date,
    make_deadline,
    months_before,
    status_of,
)
from boernesag.blocks.plan import (
    Episodes,
    InterimNote,
    PeriodAfterAwareness,
    Plan,
    Step,
)
from boernesag.blocks.result import Deadline, Fact, Note, Reading, Status, note
from boernesag.law import Rule
from boernesag.model import Event
from boernesag.text import event_label

__all__ = ["RUNNERS", "Episode", "episodes", "run_episodes", "version_of"]


@attrs.frozen
class Episode:
    """One episode: its anchor (the awareness point), its first start, its closer."""

    anchor: Event
    start: Event | None
    closer: Event | None


def episodes(
    step: Episodes, notices: list[Event], starts: list[Event], closers: list[Event]
) -> list[Episode]:
    """The case's episodes in time order (see :class:`~boernesag.blocks.plan.Episodes`);
    ``closers`` are the events of ``ends``, ``not_needed`` and the alternatives."""
    merged = sorted(
        [(e, 0) for e in notices] + [(e, 1) for e in starts] + [(e, 2) for e in closers],
        key=lambda x: (x[0].sort_key, x[1]),
    )
    ends = set(step.ends)
    out: list[Episode] = []
    current: list[Event | None] = []  # [anchor, start] of the open episode
    prev: tuple[Event, int] | None = None
    for e, cls in merged:
        split = (
            prev is not None
            and prev[1] == 0
            and (cls == 1 or e.type in ends)
            and prev[0].day < months_before(e.day, step.window)
        )
        if prev is None or prev[1] == 2 or split:
            if current:
                anchor, start = current
                assert anchor is not None
                out.append(Episode(anchor, start, None))
            current = [e, e if cls == 1 else None]
        elif cls == 1 and current[1] is None:
            current[1] = e
        if cls == 2:
            anchor, start = current
            assert anchor is not None
            out.append(Episode(anchor, start, e))
            current = []
        prev = (e, cls)
    if current:
        anchor, start = current
        assert anchor is not None
        out.append(Episode(anchor, start, None))
    shown = set(step.ends) | set(step.notices) | set(step.starts)
    return [ep for ep in out if ep.anchor.type in shown]


def version_of(rule: Rule, step: Episodes, ep: Episode, as_of: date) -> tuple[int, bool]:
    """The index of the episode's rule version (-1: none) and whether it moved there: the
    version in force on the awareness day, or, when that version has ``pending_moves`` and
    the episode was not closed by its last day (closed later, or open and ``as_of`` is past
    it), the version in force the day after (LOV 721/2023 § 213, stk. 1)."""
    day = ep.anchor.day
    i = next((k for k, v in enumerate(rule.versions) if v.in_force(day)), -1)
    if i < 0 or not step.pending_moves[i]:
        return i, False
    last = rule.versions[i].valid_to
    closed = ep.closer.day if ep.closer is not None else None
    if (closed is None and as_of > last) or (closed is not None and closed > last):
        after = last + timedelta(days=1)
        j = next((k for k, v in enumerate(rule.versions) if v.in_force(after)), -1)
        if j >= 0:
            return j, True
    return i, False


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
    :class:`~boernesag.blocks.plan.PeriodAfterAwareness`; the explanation has the transition
    note, the period's notes (month end, extension), the reading counted from the start,
    what closed the episode (or that nothing did), then the interim notes."""
    step = plan.subject
    assert isinstance(step, Episodes)
    assert isinstance(plan.due, PeriodAfterAwareness)
    closer_types = (*step.ends, *step.not_needed, *step.alternative_types)
    interims = [(s, ctx.seq(s.type)) for s in plan.notes if isinstance(s, InterimNote)]
    eps = episodes(
        step, ctx.events(*step.notices), ctx.events(*step.starts), ctx.events(*closer_types)
    )
    for ep in eps:
        vi, moved = version_of(rule, step, ep, ctx.as_of)
        if vi < 0:
            continue
        version = rule.versions[vi]
        aware = ep.anchor
        notes: list[Note] = []
        if moved:
            notes.append(note("bfu.transition", citation=version.citation))
        due, alt, more = end_date(ctx, version, aware.day)
        notes.extend(more)
        readings: tuple[Reading, ...] = ()
        if ep.start is not None and ep.start is not aware:
            r_due, _, _ = end_date(ctx, version, ep.start.day)
            if r_due != due:
                readings = (Reading(r_due, plan.due.key),)
                notes.append(
                    note(
                        "awareness",
                        event=event_label(aware.type.value).lower(),
                        when=aware.day,
                        alt=r_due,
                    )
                )
        elif ep.start is None and aware.type.value in step.notices:
            notes.append(note("bfu.no_start"))
        closer = ep.closer
        met: Event | None = None
        if closer is not None and closer.type.value in step.not_needed:
            key = "bfu.not_needed" if closer.reason else "bfu.not_needed.no_reason"
            notes.append(note(key, when=closer.day))
            status = Status.NOT_APPLICABLE
        else:
            if closer is not None and closer.type.value in step.ends:
                met = closer
            elif closer is not None and closer.type.value in step.alternatives[vi]:
                met = closer
                notes.append(note("bfu.alternative", what=event_label(closer.type.value)))
            elif closer is not None:
                notes.append(
                    note(
                        "bfu.alternative_refused",
                        what=event_label(closer.type.value),
                        citation=version.citation,
                    )
                )
            status = status_of(due, met.day if met else None, ctx)
        facts: frozenset[Fact] = frozenset()
        for s, seq in interims:
            extra, found = _interim_notes(s, seq, aware, status)
            notes.extend(extra)
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
            readings=readings,
        )


#: The runners this module adds to :data:`boernesag.blocks.scalar.RUNNERS`.
RUNNERS: dict[type[Step], Callable[[Plan, Rule, CaseView], Iterator[Deadline]]] = {
    Episodes: run_episodes
}
