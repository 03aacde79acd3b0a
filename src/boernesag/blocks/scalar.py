"""The scalar executor: runs a rule's :class:`~boernesag.blocks.plan.Plan` on one case.

Each building block of :mod:`boernesag.blocks.plan` has one implementation here (the numpy
executor, :mod:`boernesag.columnar.executor`, has the other); the explanation notes come from
the blocks. This is the reference: the numpy executor gives the same deadlines.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Protocol

from boernesag.blocks.caseview import (
    CaseView,
    Claims,
    end_date,
    make_deadline,
    status_of,
    when_of,
)
from boernesag.blocks.conditions import holds, select_events, start_day_of
from boernesag.blocks.periodtable import PeriodKey, lookup_period, period_table, unlisted_of
from boernesag.blocks.plan import (
    ChosenPeriodAfter,
    Claim,
    DecisionMode,
    EachEvent,
    LinkDecision,
    MetNote,
    NoticeNote,
    Plan,
    Step,
    TablePeriodAfter,
)
from boernesag.blocks.result import Deadline, Note, Status, When, note
from boernesag.blocks.scalar_ages import RUNNERS as AGE_RUNNERS
from boernesag.blocks.scalar_before import RUNNERS as BEFORE_RUNNERS
from boernesag.blocks.scalar_episodes import RUNNERS as EPISODE_RUNNERS
from boernesag.blocks.scalar_measures import MEASURE_RUNNERS
from boernesag.blocks.scalar_modes import run_decision_mode
from boernesag.law import Rule, RuleVersion
from boernesag.model import Event
from boernesag.periods import COPENHAGEN, Period, Unit, add_hours, to_copenhagen
from boernesag.text import event_label

__all__ = [
    "RUNNERS",
    "Meet",
    "Runner",
    "chosen_period",
    "each_event_deadline",
    "link_notes",
    "notices_of",
    "run_plan",
    "runner_of",
]


# --------------------------------------------------------------------------- links


class _Link(Protocol):
    def meet(self, trig: Event) -> tuple[Event | None, list[Note]]: ...


class _ClaimLink:
    """:class:`~boernesag.blocks.plan.Claim`: claimed in trigger order, as they are asked."""

    def __init__(self, step: Claim, subjects: list[Event], ctx: CaseView) -> None:
        self.claims = Claims(step.by, ctx.events(*step.types))

    def meet(self, trig: Event) -> tuple[Event | None, list[Note]]:
        return self.claims.claim(trig), []


class _DecisionLink:
    """:class:`~boernesag.blocks.plan.LinkDecision`: every subject linked up front."""

    def __init__(self, step: LinkDecision, subjects: list[Event], ctx: CaseView) -> None:
        self.links = _link_decisions(subjects, ctx.events(*step.types))

    def meet(self, trig: Event) -> tuple[Event | None, list[Note]]:
        met, how = self.links.get(trig.id, (None, ""))
        return met, [note(how)] if met is not None and how else []


_LINKS: dict[type, Callable[..., _Link]] = {Claim: _ClaimLink, LinkDecision: _DecisionLink}


# --------------------------------------------------------------------------- due


def _table_period(
    rule: Rule, version: RuleVersion, trig: Event
) -> tuple[Period | None, list[Note]]:
    """:class:`~boernesag.blocks.plan.TablePeriodAfter`: the period for the trigger's paragraph;
    ``None``: no deadline (an unlisted paragraph with ``unlisted = "not_applicable"``)."""
    table, unlisted = _table_of(rule, version)
    p = trig.paragraph
    if p is not None:
        found = lookup_period(table, p)
        if found is not None:
            return found, [note("processing.period", paragraph=p, period=found)]
        if unlisted == "not_applicable":
            return None, [note("processing.unlisted", paragraph=p)]
        return version.period, [note("processing.default", paragraph=p, period=version.period)]
    if unlisted == "not_applicable":
        return None, [note("paragraph.unknown")]
    return version.period, [note("processing.no_paragraph", period=version.period)]


#: The period table and ``unlisted`` of each rule version seen (by identity; the version is
#: kept so its id is not reused): versions are immutable, and every trigger asks.
_TABLES: dict[int, tuple[RuleVersion, dict[PeriodKey, Period], str]] = {}


def _table_of(rule: Rule, version: RuleVersion) -> tuple[dict[PeriodKey, Period], str]:
    """:func:`period_table` and :func:`unlisted_of` of ``version``, read once."""
    found = _TABLES.get(id(version))
    if found is None or found[0] is not version:
        found = (version, period_table(rule, version), unlisted_of(rule, version))
        if len(_TABLES) > 4096:
            _TABLES.clear()
        _TABLES[id(version)] = found
    return found[1], found[2]


def _hours_due(trig: Event, period: Period) -> tuple[datetime, datetime | None, When, list[Note]]:
    """Hours from the trigger's instant; an unknown time of day counts from midnight, with
    23:59 as the alternative reading (the reading that protects the child comes first)."""
    if trig.at is not None:
        start = to_copenhagen(trig.at)
        return add_hours(start, period.amount), None, start, []
    start = datetime.combine(trig.day, time(0, 0), COPENHAGEN)
    alt = add_hours(datetime.combine(trig.day, time(23, 59), COPENHAGEN), period.amount)
    return add_hours(start, period.amount), alt, trig.day, [note("time.unknown", start=start)]


def chosen_period(
    step: ChosenPeriodAfter, default: Period, trig: Event, ctx: CaseView
) -> tuple[Period, list[Note]]:
    """:class:`~boernesag.blocks.plan.ChosenPeriodAfter`: the period of the first choice whose
    conditions ``trig`` meets, with its note; else ``default`` and no note."""
    for choice in step.choices:
        if all(holds(c, trig, ctx) for c in choice.conditions):
            return choice.period, [note(choice.note)]
    return default, []


# --------------------------------------------------------------------------- notes


def _met_notes(steps: Sequence[tuple[tuple[str, ...], Note]], met: Event | None) -> list[Note]:
    if met is None:
        return []
    return [n for types, n in steps if met.type in types]


class _Prepared:
    """What :func:`each_event_deadline` reads from an :class:`~boernesag.blocks.plan.EachEvent`
    plan for every trigger, worked out once per plan: the link's class, whether the due step is
    a :class:`~boernesag.blocks.plan.TablePeriodAfter`, the met notes (each
    :class:`~boernesag.blocks.plan.MetNote`'s types and its note, immutable) and the notice
    types."""

    __slots__ = ("link", "met_notes", "notices", "plan", "table")

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.link: Callable[..., _Link] = _LINKS[type(plan.link)]
        self.table = isinstance(plan.due, TablePeriodAfter)
        self.met_notes = tuple(
            (s.types, note(s.key)) for s in plan.notes if isinstance(s, MetNote)
        )
        self.notices = tuple(s.type for s in plan.notes if isinstance(s, NoticeNote))


#: The prepared plans seen, by identity (the plan is kept so its id is not reused).
_PREPARED: dict[int, _Prepared] = {}


def _prepared(plan: Plan) -> _Prepared:
    found = _PREPARED.get(id(plan))
    if found is None or found.plan is not plan:
        found = _Prepared(plan)
        if len(_PREPARED) > 4096:
            _PREPARED.clear()
        _PREPARED[id(plan)] = found
    return found


# --------------------------------------------------------------------------- executor


Runner = Callable[[Plan, Rule, CaseView], Iterator[Deadline]]


def run_plan(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """The deadlines of ``rule`` on the case in ``ctx``, computed from its plan by the runner
    of its due step where that shapes the whole deadline, else of its subject."""
    return runner_of(plan)(plan, rule, ctx)


def runner_of(plan: Plan) -> Runner:
    """The runner of ``plan``: its due step's where that has one, else its subject's."""
    return RUNNERS.get(type(plan.due)) or RUNNERS[type(plan.subject)]


def _run_each_event(plan: Plan, rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """Subject :class:`~boernesag.blocks.plan.EachEvent`: one deadline per trigger event, due
    by :class:`~boernesag.blocks.plan.PeriodAfter` or
    :class:`~boernesag.blocks.plan.TablePeriodAfter`, met by the plan's link."""
    assert isinstance(plan.subject, EachEvent)
    subjects = select_events(plan.subject, ctx)
    if not subjects:
        return
    prep = _prepared(plan)
    meet = prep.link(plan.link, subjects, ctx).meet
    notices = [_Letters(ctx.events(t)) for t in prep.notices]
    for trig in subjects:
        made = each_event_deadline(plan, rule, ctx, trig, meet, notices)
        if made is not None:
            yield made


Meet = Callable[[Event], tuple[Event | None, list[Note]]]


def notices_of(plan: Plan, ctx: CaseView) -> list[_Letters]:
    """The written notices of each :class:`~boernesag.blocks.plan.NoticeNote` of ``plan``."""
    return [_Letters(ctx.events(t)) for t in _prepared(plan).notices]


def link_notes(step: Step, trig: Event, met: Event | None) -> list[Note]:
    """The notes the link ``step`` adds for ``trig`` met by ``met`` (a
    :class:`~boernesag.blocks.plan.LinkDecision` says how the decision was found: named by
    the application, the same benefit, or the next one; see :func:`_link_decisions`)."""
    if not isinstance(step, LinkDecision) or met is None or met.ref is not None:
        return []
    same_measure = trig.measure is not None and met.measure == trig.measure
    p, q = trig.paragraph, met.paragraph
    same_paragraph = p is not None and q is not None and (p.law, p.number) == (q.law, q.number)
    if same_measure or same_paragraph:
        return [note("processing.linked.paragraph")]
    return [note("processing.linked.next")]


def each_event_deadline(
    plan: Plan,
    rule: Rule,
    ctx: CaseView,
    trig: Event,
    meet: Meet,
    notices: Sequence[_Letters],
) -> Deadline | None:
    """The deadline of one subject event of an :class:`~boernesag.blocks.plan.EachEvent` plan
    (``None``: no version in force), its meeting event given by ``meet`` (asked only where the
    trigger has a period): the scalar runner asks the link, the numpy result's explanation
    (:mod:`boernesag.columnar.explain`) reads the event the numpy link chose."""
    subject = plan.subject
    assert isinstance(subject, EachEvent)
    prep = _prepared(plan)
    start_day = start_day_of(subject, trig)
    version = rule.version_on(start_day)
    if version is None:
        return None
    measure = trig.measure if subject.carry_measure else None
    notes: list[Note] = []
    period = version.period
    if prep.table:
        found, notes = _table_period(rule, version, trig)
        if found is None:
            return make_deadline(
                ctx,
                rule,
                version,
                trigger=trig,
                due=None,
                status=Status.NOT_APPLICABLE,
                measure=measure,
                notes=notes,
            )
        period = found
    elif isinstance(plan.due, ChosenPeriodAfter):
        period, notes = chosen_period(plan.due, version.period, trig, ctx)
    met, more_link = meet(trig)
    due: When
    alt: When | None
    if period.unit == Unit.HOURS:
        due, alt, trigger_on, more = _hours_due(trig, period)
        notes.extend(more)
        met_on = when_of(met) if met is not None else None
        if met is not None and met.at is None and met.day == due.date():
            notes.append(note("met.time.unknown", what=event_label(met.type.value)))
    else:
        due, alt, more = end_date(ctx, version, start_day, period)
        notes.extend(more)
        met_on = met.day if met is not None else None
        trigger_on = start_day
    notes.extend(more_link)
    status = status_of(due, met_on, ctx)
    if prep.met_notes:
        notes.extend(_met_notes(prep.met_notes, met))
    for letters in notices:
        assert isinstance(due, date)
        notes.extend(_letter_notes(trig, letters, due, met, status))
    return make_deadline(
        ctx,
        rule,
        version,
        trigger=trig,
        due=due,
        status=status,
        met=met,
        met_on=met_on,
        alternative=alt,
        trigger_on=trigger_on,
        measure=measure,
        notes=notes,
        period=period,
    )


#: The runner of each subject class (and of a due step with a runner of its own).
RUNNERS: dict[type[Step], Runner] = {
    EachEvent: _run_each_event,
    **MEASURE_RUNNERS,
    **AGE_RUNNERS,
    **EPISODE_RUNNERS,
    **BEFORE_RUNNERS,
    DecisionMode: run_decision_mode,
}


# --------------------------------------------------------------------------- LinkDecision


def _link_decisions(apps: list[Event], decisions: list[Event]) -> dict[str, tuple[Event, str]]:
    """The decision on each application, with the note saying how it was found.

    Three passes over all applications, so a later, better match is never taken by an earlier
    application's weaker one: a decision naming the application (``ref``); else the next
    decision with the same paragraph or measure; else the next decision. A decision that names
    another event belongs to that event and is never taken by the fallbacks.

    Applications come in time order, so each search for "the next unclaimed decision at or
    after the application" resumes where the previous one with the same key stopped.
    """
    out: dict[str, tuple[Event, str]] = {}
    used: set[str] = set()
    by_ref: dict[str, deque[Event]] = {}
    for d in decisions:
        if d.ref is not None:
            by_ref.setdefault(d.ref, deque()).append(d)
    for a in apps:
        queue = by_ref.get(a.id)
        while queue:
            d = queue.popleft()
            if d.id not in used:
                out[a.id] = (d, "")
                used.add(d.id)
                break
    free = [d for d in decisions if d.ref is None]
    # The same benefit: the same measure, or the same paragraph (law and number).
    by_measure: dict[str, list[int]] = {}
    by_paragraph: dict[tuple[str, str], list[int]] = {}
    for i, d in enumerate(free):
        if d.measure is not None:
            by_measure.setdefault(d.measure, []).append(i)
        if d.paragraph is not None:
            by_paragraph.setdefault((d.paragraph.law, d.paragraph.number), []).append(i)
    resume: dict[object, int] = {}

    def first(key: object, positions: Sequence[int] | None, a: Event) -> int | None:
        """The first position in ``positions`` of a free, unclaimed decision at or after
        ``a`` (the search resumes for the next application with the same key)."""
        if not positions:
            return None
        i = resume.get(key, 0)
        n = len(positions)
        while i < n and (free[positions[i]].id in used or free[positions[i]].sort_key < a.sort_key):
            i += 1
        resume[key] = i
        return positions[i] if i < n else None

    everything = range(len(free))
    for how in ("processing.linked.paragraph", "processing.linked.next"):
        resume.clear()
        for a in apps:
            if a.id in out:
                continue
            if how == "processing.linked.next":
                found = first(None, everything, a)
            else:
                found = None
                if a.measure is not None:
                    found = first(("m", a.measure), by_measure.get(a.measure), a)
                if a.paragraph is not None:
                    key = (a.paragraph.law, a.paragraph.number)
                    other = first(("p", *key), by_paragraph.get(key), a)
                    if other is not None and (found is None or other < found):
                        found = other
            if found is not None:
                d = free[found]
                out[a.id] = (d, how)
                used.add(d.id)
    return out


class _Letters:
    """The fristbrev events of a case, indexed for :meth:`first_for`."""

    __slots__ = ("by_ref", "letters", "unnamed", "unnamed_keys")

    def __init__(self, letters: list[Event]) -> None:
        self.letters = letters
        self.by_ref: dict[str, int] = {}
        self.unnamed: list[int] = []
        self.unnamed_keys: list[tuple[date, timedelta]] = []
        for i, x in enumerate(letters):
            if x.ref is None:
                self.unnamed.append(i)
                self.unnamed_keys.append(x.sort_key)
            else:
                self.by_ref.setdefault(x.ref, i)

    def first_for(self, app: Event, met: Event | None) -> Event | None:
        """The first letter about ``app``: one naming it, or one naming no event sent at or
        after it (and, if the decision came, not after the decision's day)."""
        found = self.by_ref.get(app.id)
        i = bisect_left(self.unnamed_keys, app.sort_key)
        if i < len(self.unnamed):
            k = self.unnamed[i]
            if (met is None or self.letters[k].day <= met.day) and (found is None or k < found):
                found = k
        return self.letters[found] if found is not None else None


def _letter_notes(
    app: Event, letters: _Letters, due: date, met: Event | None, status: Status
) -> list[Note]:
    """What the explanation says about the fristbrev (RSL § 3, stk. 2, 3. pkt.)."""
    if status == Status.MET:
        return []
    first = letters.first_for(app, met)
    if first is None:
        return [] if status == Status.OPEN else [note("processing.letter.missing")]
    if status == Status.OPEN:
        return [note("processing.letter.open", when=first.day)]
    if first.day <= due:
        return [note("processing.letter.before", when=first.day)]
    return [note("processing.letter.late", when=first.day)]
