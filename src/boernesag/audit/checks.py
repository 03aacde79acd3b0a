"""The audit checks: BDO's (Randers 2016) case template and the Task force's (Jammerbugt 2017) legal review, one function each.

Every check receives a :class:`CheckContext`: the case as it stood on the audit day, its
deadlines (computed once by :func:`boernesag.deadlines.deadlines` and shared by all checks),
the settings and the rules. It returns a :class:`CheckResult`: the findings and the *items* it
judged, each met (1), partly met (0.5) or not met (0). From the items follows the status BDO,
Randers 2016 tabulates: met when every item is met, not met when none is, partly in between, not
relevant when there was nothing to judge.

Where the law sets a deadline the check reads the deadline engine's result (same rule id, same
citation, same due date) and never recounts the period, so the audit and the deadline list
cannot disagree.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import attrs

from boernesag.audit.findings import TEXTS, Both, CheckStatus, Finding, Severity, Text, text
from boernesag.audit.settings import AuditSettings
from boernesag.audit.wiring import (
    CHECK_IDS,
    JUDGED,
    Arg,
    AuditWiring,
    CurrentBasis,
    DecisionBasis,
    EventNeeds,
    ExpectedByAge,
    Gaps,
    IntervalSet,
    Judge,
    RecentEvent,
    Repeated,
    Requirements,
    Undecided,
    Waits,
    WithoutDecision,
    audit_wiring,
)
from boernesag.deadlines import Deadline, Status
from boernesag.law import Rule, RuleSet
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Case, Event, EventType, Measure
from boernesag.paragraphs import Paragraph
from boernesag.periods import LeapDayRule, add_months, age_on, birthday, day_of

__all__ = [
    "CHECKS",
    "Change",
    "Check",
    "CheckContext",
    "CheckResult",
    "Item",
    "WiredCheck",
    "status_of",
]


@attrs.frozen(slots=True)
class Item:
    """One thing a check judged: a decision, a deadline, the current state of the case.

    ``score`` is 1 (met), 0.5 (partly) or 0 (not met). ``ongoing`` items are unresolved on the
    audit day and are kept whatever :attr:`AuditSettings.since` says.
    """

    day: date
    score: float
    ongoing: bool = False


def status_of(items: Sequence[Item]) -> CheckStatus:
    """Met when every item is met, not met when none is, partly in between (BDO, Randers 2016)."""
    if not items:
        return CheckStatus.NOT_RELEVANT
    met = unmet = True
    for i in items:
        if not i.score >= 1:
            met = False
        if not i.score <= 0:
            unmet = False
    if met:
        return CheckStatus.MET
    if unmet:
        return CheckStatus.NOT_MET
    return CheckStatus.PARTLY


@attrs.frozen
class CheckResult:
    """The result of one check on one case."""

    check_id: str
    status: CheckStatus
    findings: tuple[Finding, ...] = ()
    items: tuple[Item, ...] = ()

    @property
    def relevant(self) -> bool:
        return self.status is not CheckStatus.NOT_RELEVANT


@attrs.frozen(slots=True)
class Change:
    """A change of caseworker or team on a case (a ``sagsbehandler_tildelt`` after the first)."""

    event_id: str
    day: date
    from_caseworker: str | None
    to_caseworker: str | None
    from_team: str | None
    to_team: str | None

    @property
    def caseworker_changed(self) -> bool:
        return self.from_caseworker != self.to_caseworker


@attrs.define
class CheckContext:
    """What every check reads: the case up to ``as_of``, its deadlines, settings and rules."""

    case: Case
    as_of: date
    deadlines: Sequence[Deadline]
    settings: AuditSettings
    rules: RuleSet
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28
    # One pass over the timeline and one over the deadlines index what every check reads.
    _events: list[Event] = attrs.field(init=False, factory=list)
    _by_type: dict[EventType, list[Event]] = attrs.field(init=False, factory=dict)
    _by_rule: dict[str, list[Deadline]] = attrs.field(init=False, factory=dict)
    _ages: dict[date, int] = attrs.field(init=False, factory=dict)
    _latest_met: dict[frozenset[str], dict[str | None, date]] = attrs.field(
        init=False, factory=dict
    )
    cache: dict[str, Any] = attrs.field(init=False, factory=dict)
    """Indexes a check builds once per case (private to the checks)."""

    def __attrs_post_init__(self) -> None:
        as_of = self.as_of
        timeline = self.case.timeline
        if timeline and timeline[-1].day <= as_of:
            events = self._events = list(timeline)  # the usual case: nothing after as_of
        else:
            events = self._events = [e for e in timeline if e.day <= as_of]
        by_type: defaultdict[EventType, list[Event]] = defaultdict(list)
        for e in events:
            by_type[e.type].append(e)
        self._by_type = by_type  # read with get() and `in` only: never grows after this
        by_rule: defaultdict[str, list[Deadline]] = defaultdict(list)
        for d in self.deadlines:
            by_rule[d.rule_id].append(d)
        self._by_rule = by_rule

    # ------------------------------------------------------------------ reading the case

    def of(self, *types: EventType) -> list[Event]:
        """Events of these types up to ``as_of``, in time order."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        out = [e for t in types for e in self._by_type.get(t, ())]
        out.sort(key=lambda e: e.sort_key)
        return out

    def deadlines_of(self, *rule_ids: str) -> list[Deadline]:
        if len(rule_ids) == 1:
            return self._by_rule.get(rule_ids[0], [])
        return [d for r in rule_ids for d in self._by_rule.get(r, ())]

    @property
    def events(self) -> list[Event]:
        """Every event up to ``as_of``, in time order."""
        return self._events

    @cached_property
    def measures(self) -> list[Measure]:
        """Measures as known on ``as_of`` (a start, end or decision after it is unknown)."""
        out = []
        as_of = self.as_of
        for m in self.case.measures:
            decided = m.decided_on is not None and m.decided_on <= as_of
            started = m.start is not None and m.start <= as_of
            if not decided and not started:
                continue
            if (
                (decided or (m.decided_on is None and m.decided_by is None))
                and (started or (m.start is None and m.start_event is None))
                and (m.end is None or m.end <= as_of)
            ):
                out.append(m)  # nothing of it lies after as_of: the measure as it is
                continue
            out.append(
                attrs.evolve(
                    m,
                    decided_by=m.decided_by if decided else None,
                    decided_on=m.decided_on if decided else None,
                    start=m.start if started else None,
                    start_event=m.start_event if started else None,
                    end=m.end if m.end is not None and m.end <= self.as_of else None,
                )
            )
        return out

    @cached_property
    def measure_by_id(self) -> dict[str, Measure]:
        """:attr:`measures` by id (the first of an id)."""
        out: dict[str, Measure] = {}
        for m in self.measures:
            out.setdefault(m.id, m)
        return out

    def latest_met(self, family: frozenset[str], measure: str | None) -> date | None:
        """The latest day a deadline of the rules ``family`` for ``measure`` was met
        (remembered per family: every overdue deadline of a recurring duty asks)."""
        index = self._latest_met.get(family)
        if index is None:
            index = {}
            for rule_id in family:
                for o in self._by_rule.get(rule_id, ()):
                    met = day_of(o.met_on) if o.met_on is not None else None
                    if met is not None:
                        known = index.get(o.measure)
                        if known is None or met > known:
                            index[o.measure] = met
            self._latest_met[family] = index
        return index.get(measure)

    def days_of(self, kind: EventType) -> list[date]:
        """The days of :meth:`of` ``(kind)``, sorted (for :mod:`bisect`)."""
        key = f"days:{kind.value}"
        days = self.cache.get(key)
        if days is None:
            days = self.cache[key] = [e.day for e in self.of(kind)]
        return days

    @cached_property
    def change_days(self) -> list[date]:
        """The days of :attr:`changes`, sorted."""
        return [ch.day for ch in self.changes]

    def first_change(
        self, after: date, until: date, *, inclusive_start: bool = False
    ) -> Change | None:
        """The first change on a day in (``after``, ``until``] (or [``after``, ``until``))."""
        days = self.change_days
        if inclusive_start:
            i = bisect.bisect_left(days, after)
            ok = i < len(days) and days[i] < until
        else:
            i = bisect.bisect_right(days, after)
            ok = i < len(days) and days[i] <= until
        return self.changes[i] if ok else None

    @cached_property
    def active_days(self) -> list[date]:
        """Days with activity by the municipality (not ``inactive_types``), sorted."""
        kinds = _activity_types(self.settings.inactive_types)
        return sorted({e.day for e in self._events if e.type in kinds})

    @cached_property
    def running(self) -> list[Measure]:
        """Measures running on ``as_of``."""
        return [m for m in self.measures if m.active_on(self.as_of)]

    @cached_property
    def running_ids(self) -> frozenset[str]:
        """The ids of the measures running on ``as_of``."""
        return frozenset(m.id for m in self.running)

    @cached_property
    def ended_ids(self) -> frozenset[str]:
        """The ids of the measures that ended before ``as_of``."""
        return frozenset(m.id for m in self.measures if m.end is not None and m.end < self.as_of)

    @cached_property
    def measure_decisions(self) -> list[Event]:
        """Decisions granting a supportive measure or a placement that rest on a BFU (the
        vocabulary's decision kinds and class ``bfu_basis``: BL §§ 32, 46, 47; SEL §§ 52, 58)."""
        return self.decisions_in(EventType.AFGOERELSE, "bfu_basis")

    def decisions_in(self, kind: EventType, basis_class: str) -> list[Event]:
        """Granting events of type ``kind`` (not a refused outcome) whose paragraph has a
        decision kind and is in the vocabulary class ``basis_class`` (remembered)."""
        key = f"decisions:{kind.value}:{basis_class}"
        found: list[Event] | None = self.cache.get(key)
        if found is None:
            legal = legal_vocabulary()
            found = self.cache[key] = [
                e
                for e in self.of(kind)
                if not legal.is_refused(e.outcome)
                and _kind(e.paragraph) is not None
                and legal.in_class(basis_class, e.paragraph)
            ]
        return found

    @cached_property
    def _assignments(self) -> tuple[list[date], list[Event]]:
        events = self.of(EventType.SAGSBEHANDLER_TILDELT)
        return [e.day for e in events], events

    def caseworker_on(self, day: date) -> str | None:
        days, events = self._assignments
        i = bisect.bisect_right(days, day)
        return events[i - 1].caseworker if i else None

    @cached_property
    def changes(self) -> list[Change]:
        """Changes of caseworker or team (the first assignment receives the case: no change)."""
        out: list[Change] = []
        _, events = self._assignments
        cw: str | None = None
        team: str | None = None
        for i, e in enumerate(events):
            new_team = e.team if e.team is not None else team
            if i and (e.caseworker != cw or (e.team is not None and e.team != team)):
                out.append(Change(e.id, e.day, cw, e.caseworker, team, new_team))
            cw, team = e.caseworker, new_team
        return out

    @cached_property
    def open_periods(self) -> list[tuple[date, date | None]]:
        """The periods the case was open, up to ``as_of`` (end ``None``: still open), a
        ``sag_lukket`` closing each (the case format's closing)."""
        return self.periods_open(EventType.SAG_LUKKET)

    def periods_open(self, closed_by: EventType) -> list[tuple[date, date | None]]:
        """The periods from the first event, or the first after an event of ``closed_by``,
        to the next ``closed_by`` event (end ``None``: still open on ``as_of``)."""
        key = f"open:{closed_by.value}"
        found: list[tuple[date, date | None]] | None = self.cache.get(key)
        if found is not None:
            return found
        periods: list[tuple[date, date | None]] = []
        self.cache[key] = periods
        if closed_by not in self._by_type:  # never closed: open since the first event
            if self._events:
                periods.append((self._events[0].day, None))
            return periods
        start: date | None = None
        for e in self.events:
            if e.type == closed_by:
                if start is not None:
                    periods.append((start, e.day))
                    start = None
            elif start is None:
                start = e.day
        if start is not None:
            periods.append((start, None))
        return periods

    @property
    def is_open(self) -> bool:
        return bool(self.open_periods) and self.open_periods[-1][1] is None

    def age_on(self, day: date) -> int:
        """The child's age in whole years on ``day`` (remembered: checks ask for few days)."""
        age = self._ages.get(day)
        if age is None:
            birth = self.case.child.birth_date
            if type(day) is date and birth <= day and (birth.month, birth.day) != (2, 29):
                # The birthday exists every year: no leap-day rule to apply.
                age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
            else:
                age = age_on(birth, day, self.leap_day_rule)
            self._ages[day] = age
        return age

    def citation(self, rule_id: str, day: date) -> str | None:
        """The citation of ``rule_id``'s version in force on ``day`` (from the rule data)."""
        if rule_id not in self.rules:
            return None
        version = self.rules[rule_id].version_on(day)
        return version.citation if version is not None else None

    # ------------------------------------------------------------------ making findings

    def finding(
        self,
        check_id: str,
        code: str,
        severity: Severity,
        *,
        events: Iterable[str | None] = (),
        citation: str | None = None,
        rule_id: str | None = None,
        day: date | None = None,
        due_day: date | None = None,
        measure: str | None = None,
        ongoing: bool = False,
        **args: Any,
    ) -> Finding:
        """A finding on this case; ``args`` fill the explanation template of ``code``.

        ``due_day`` defaults to the ``due`` argument when that is a date (or a datetime:
        its Copenhagen day); ``measure`` is also passed to the template.
        """
        when = day or self.as_of
        if due_day is None:
            due_day = day_of(args.get("due"))
        args.setdefault("measure", measure)
        return Finding(
            check_id=check_id,
            code=code,
            severity=severity,
            case_id=self.case.case_id,
            events=tuple(dict.fromkeys(e for e in events if e)),
            citation=citation,
            rule_id=rule_id,
            day=day,
            due=due_day,
            measure=measure,
            ongoing=ongoing,
            caseworker=self.caseworker_on(when),
            args=tuple(args.items()),
        )


@functools.lru_cache(maxsize=64)
def _activity_types(inactive: frozenset[str]) -> frozenset[EventType]:
    """The event types that are activity by the municipality, less ``inactive``."""
    from boernesag.model import ACTIVITY_TYPES

    return frozenset(t for t in ACTIVITY_TYPES if t.value not in inactive)


def _kind(paragraph: Paragraph | None) -> str | None:
    """``placement`` or ``support`` for a decision's paragraph; ``None`` for anything else
    (the vocabulary's decision kind, the same the plan rules use: ``law/data/vocabulary.toml``)."""
    return legal_vocabulary().decision_kind(paragraph)


def _first_of(ctx: CheckContext, kind: EventType, measure: str | None) -> Event | None:
    """The first event of type ``kind`` on ``measure`` (one naming it, or naming none while
    it ran)."""
    events, first_named, unnamed, unnamed_days = _first_index(ctx, kind)
    found = first_named.get(measure)
    m = ctx.measure_by_id.get(measure) if measure is not None else None
    if m is not None and m.start is not None:
        i = bisect.bisect_left(unnamed_days, m.start)
        in_run = i < len(unnamed) and (m.end is None or unnamed_days[i] <= m.end)
        if in_run and (found is None or unnamed[i] < found):
            found = unnamed[i]
    return events[found] if found is not None else None


def _first_index(
    ctx: CheckContext, kind: EventType
) -> tuple[list[Event], dict[str | None, int], list[int], list[date]]:
    """The events of type ``kind``; the position of the first naming each measure (``None``:
    naming none); the positions and days of those naming none."""
    key = f"first-of:{kind.value}"
    found = ctx.cache.get(key)
    if found is None:
        events = ctx.of(kind)
        first: dict[str | None, int] = {}
        unnamed: list[int] = []
        for i, e in enumerate(events):
            first.setdefault(e.measure, i)
            if e.measure is None:
                unnamed.append(i)
        found = ctx.cache[key] = (events, first, unnamed, [events[i].day for i in unnamed])
    return found


def _paragraph_text(e: Event) -> str:
    """``BL § 32`` or ``SEL § 52, stk. 3, nr. 3``: the decision's paragraph as cited."""
    return e.paragraph.citation(short=True) if e.paragraph is not None else "?"


#: Deadlines that recur: a missed one is resolved once a later one of the family is met.
def _unresolved(ctx: CheckContext, d: Deadline) -> bool:
    """An overdue deadline is still unresolved unless it recurs and the duty was done later
    (a follow-up missed in 2022 is history once follow-ups resumed in 2023)."""
    family = audit_wiring().family(d.rule_id)
    if family is None or d.due_date is None:
        return True
    latest = ctx.latest_met(family, d.measure)
    return latest is None or latest <= d.due_date


def _days_before(day: date, days: int) -> date:
    """``day`` minus ``days`` days, or the first representable day (a look-back that
    reaches before year 1 reaches everything)."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


@functools.lru_cache(maxsize=256)
def _months_before(day: date, months: int) -> date:
    """``months`` calendar months before ``day`` (one audit day for a whole caseload)."""
    return add_months(day, -months).due


class _Collector:
    """Items and findings of one check, and the deadline-to-finding translation."""

    def __init__(self, ctx: CheckContext, check_id: str) -> None:
        self.ctx = ctx
        self.check_id = check_id
        self.items: list[Item] = []
        self.findings: list[Finding] = []
        self.excused = False

    def excuse(self) -> None:
        """The check is not relevant on this case (a recorded exception, BL § 5 stk. 4)
        unless something in it is short of met: its met items alone do not make it relevant,
        and an item or finding short of met is never hidden by the exception."""
        self.excused = True

    def item(self, day: date, score: float, *, ongoing: bool = False) -> None:
        self.items.append(_item(day, score, ongoing))

    def add(self, code: str, severity: Severity, **kw: Any) -> Finding:
        f = self.ctx.finding(self.check_id, code, severity, **kw)
        self.findings.append(f)
        return f

    def deadline(
        self,
        d: Deadline,
        *,
        missed: tuple[str, Severity],
        late: tuple[str, Severity],
        late_score: float = 0.0,
        while_running: bool = False,
        handled_by_activity: bool = False,
        late_is_met: bool = False,
        **args: Any,
    ) -> None:
        """Judge one deadline: met → item met; late or overdue → an item and a finding.

        ``open`` and ``not_applicable`` deadlines are not judged (nothing to say yet). With
        ``while_running`` an overdue deadline counts as unresolved only while its measure
        runs (a plan for a measure that has ended can no longer be made); with
        ``handled_by_activity`` only until the municipality acted on the case after the
        trigger (an underretning not assessed in time but investigated since is history).
        With ``late_is_met`` a deadline met late is met (a presence row: no finding).
        """
        status = d.status
        if status == Status.OPEN or status == Status.NOT_APPLICABLE:
            return
        due = d.due_date
        if due is None:
            return
        if status == Status.MET or (late_is_met and status == Status.MET_LATE):
            self.items.append(_item(due, 1.0, False))
            return
        code, severity = late if status == Status.MET_LATE else missed
        overdue = status == Status.OVERDUE
        ongoing = overdue and _unresolved(self.ctx, d)
        if while_running and d.measure not in self.ctx.running_ids:
            ongoing = False
        if ongoing and handled_by_activity:
            after = day_of(d.trigger_on) or due
            active = self.ctx.active_days  # sorted: the last is the latest activity
            ongoing = not (active and active[-1] > after)
        self.item(due, 0.0 if overdue else late_score, ongoing=ongoing)
        self.add(
            code,
            severity,
            events=(d.trigger, d.met_by),
            citation=d.citation,
            rule_id=d.rule_id,
            day=due,
            measure=d.measure,
            ongoing=ongoing,
            **{
                "due": d.due,
                "met": d.met_on,
                "trigger": d.trigger_on,
                "title": Both(d.title("da"), d.title("en")),
                **args,
            },
        )

    def result(self) -> CheckResult:
        if not self.items and not self.findings:
            return _nothing(self.check_id)
        if self.excused and not self.findings and all(i.score >= 1 for i in self.items):
            return _nothing(self.check_id)
        return CheckResult(
            self.check_id, status_of(self.items), tuple(self.findings), tuple(self.items)
        )


@functools.lru_cache(maxsize=1 << 14, typed=True)
def _item(day: date, score: float, ongoing: bool) -> Item:
    """An :class:`Item`. Items are immutable values and a caseload has few distinct ones
    (a day, a score, a flag), so equal items are made once and shared."""
    return Item(day, score, ongoing)


@functools.lru_cache(maxsize=256)
def _nothing(check_id: str) -> CheckResult:
    """The result of a check with nothing to judge (immutable, so shared by every case)."""
    return CheckResult(check_id, CheckStatus.NOT_RELEVANT)


# --------------------------------------------------------------------------- the checks


@attrs.frozen
class WiredCheck:
    """A check as ``law/data/audit.toml`` defines it (:mod:`boernesag.audit.wiring`): its
    judges of deadlines (the underretninger, supervision visits, complaints and aktindsigt,
    the municipality's own targets), then its blocks in file order (the decisions, waiting
    time, gaps and closing). The columnar audit runs the same wiring."""

    check_id: str
    _plan: dict[
        int,
        tuple[
            AuditWiring, RuleSet, tuple[_Judged, ...], tuple[tuple[Callable[..., None], Any], ...]
        ],
    ] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def __call__(self, ctx: CheckContext) -> CheckResult:
        wiring = audit_wiring()
        rules = ctx.rules
        found = self._plan.get(id(rules))
        if found is None or found[0] is not wiring or found[1] is not rules:
            # read once per wiring and rule set: every case runs the same ones
            blocks: tuple[tuple[Callable[..., None], Any], ...] = tuple(
                (_BLOCKS[type(b)], b) for b in wiring.blocks_of(self.check_id)
            )
            if len(self._plan) > 64:
                self._plan.clear()
            found = self._plan[id(rules)] = (
                wiring,
                rules,
                _judges(self.check_id, rules),
                blocks,
            )
        judges, plan = found[2], found[3]
        c = _Collector(ctx, self.check_id)
        if judges:
            _judge(ctx, c, judges)
        for run, b in plan:
            run(ctx, c, b)
        return c.result()


def judge_deadlines(ctx: CheckContext, c: _Collector, check_id: str) -> None:
    """Judge the deadlines the wiring gives ``check_id``: each judge's rules, in the case's
    deadline order, those whose status and facts the judge takes (:meth:`Judge.judges`)."""
    _judge(ctx, c, _judges(check_id, ctx.rules))


def _judge(ctx: CheckContext, c: _Collector, judges: tuple[_Judged, ...]) -> None:
    """:func:`judge_deadlines` with the check's judges read (:func:`_judges`).

    The verdicts :meth:`_Collector.deadline` gives without a finding (an open or
    not-applicable deadline: nothing; a met one: an item met) are given here inline, the same
    way, so only a late or overdue deadline pays for the full call (most deadlines of a
    caseload are met or open)."""
    by_rule = ctx._by_rule
    items = c.items
    for j, ids, one, conditional, missed, late in judges:
        if one is not None:
            found = by_rule.get(one)
            if not found:
                continue
        elif ids.isdisjoint(by_rule):  # none of its rules has a deadline on this case
            continue
        else:
            found = [d for d in ctx.deadlines if d.rule_id in ids]
        measure = j.measure
        if measure is not None:
            ended = ctx.ended_ids
            want_ended = measure == "ended"
        late_is_met = j.late_is_met
        for d in found:
            status = d.status
            if status is Status.OPEN or status is Status.NOT_APPLICABLE:
                continue  # not judged (nothing to say yet), as _Collector.deadline does
            if conditional and not j.judges(status, d.facts):
                continue
            if measure is not None and (d.measure in ended) != want_ended:
                continue
            if status is Status.MET or (late_is_met and status is Status.MET_LATE):
                due = d.due_date
                if due is not None:
                    items.append(_item(due, 1.0, False))
                continue
            c.deadline(
                d,
                missed=missed,
                late=late,
                late_score=j.late_score,
                while_running=j.while_running,
                handled_by_activity=j.handled_by_activity,
                late_is_met=late_is_met,
                **(_args(ctx, d, j.args) if j.args else _NO_ARGS),
            )


#: A judge as :func:`judge_deadlines` reads it for one rule set: the judge, the ids of its
#: rules (a set), its only rule id (``None``: not exactly one), whether it judges by status
#: or fact, and its verdicts on a missed and a late deadline.
_Judged = tuple[
    Judge, frozenset[str], "str | None", bool, tuple[str, Severity], tuple[str, Severity]
]

#: The judges of each check for each rule set and wiring seen, by identity (both kept, so
#: their ids are not reused): every case of a run asks with the same ones.
_JUDGES: dict[tuple[str, int, int], tuple[AuditWiring, RuleSet, tuple[_Judged, ...]]] = {}

_NO_ARGS: dict[str, Any] = {}


def _judges(check_id: str, rules: RuleSet) -> tuple[_Judged, ...]:
    """The judges of ``check_id`` read for ``rules`` (:meth:`Judge.rule_ids`), once."""
    wiring = audit_wiring()
    key = (check_id, id(wiring), id(rules))
    found = _JUDGES.get(key)
    if found is None or found[0] is not wiring or found[1] is not rules:
        judged: list[_Judged] = []
        for j in wiring.judges_of(check_id):
            ids = j.rule_ids(rules)
            missed, late = j.missed, j.late
            judged.append(
                (
                    j,
                    frozenset(ids),
                    ids[0] if len(ids) == 1 else None,
                    j.status != JUDGED or j.if_fact is not None or j.unless_fact is not None,
                    (missed.code, missed.severity) if missed is not None else _NO_VERDICT,
                    (late.code, late.severity) if late is not None else _NO_VERDICT,
                )
            )
        if len(_JUDGES) > 1024:
            _JUDGES.clear()
        found = _JUDGES[key] = (wiring, rules, tuple(judged))
    return found[2]


#: The verdict of a status a judge does not judge (never reached: its deadlines are skipped).
_NO_VERDICT = ("", Severity.INFO)


def _args(ctx: CheckContext, d: Deadline, args: tuple[tuple[str, Arg], ...]) -> dict[str, Any]:
    """A judge's extra explanation arguments (:class:`~boernesag.audit.wiring.Arg`)."""
    if not args:
        return {}
    out: dict[str, Any] = {}
    for name, a in args:
        if a.source == "due":
            out[name] = d.due
        elif a.source == "text":
            out[name] = text(a.value)
        elif a.source == "quote":
            # The explanation's words, from the deadline's own explanation (not a decision).
            found = next((n for n in d.notes if n.key == a.value), None)
            out[name] = text(a.value, **(dict(found.args) if found is not None else {}))
        else:
            years = legal_vocabulary().age(a.value, ctx.as_of).years
            out[name] = birthday(ctx.case.child.birth_date, years, ctx.leap_day_rule)
    return out


def _current_basis(ctx: CheckContext, c: _Collector, b: CurrentBasis) -> None:
    """Block ``current_basis`` (:class:`~boernesag.audit.wiring.CurrentBasis`): is the latest
    BFU or plan still current for the measure that runs today (BDO, Randers 2016)?"""
    ends = ctx.of(b.event)
    if not ctx.running or not ends:
        return
    latest = ends[-1]
    stale = False
    months: int | None = getattr(ctx.settings, b.older_than)
    if months is not None and add_months(latest.day, months).due < ctx.as_of:
        stale = True
        c.add(
            b.old.code,
            b.old.severity,
            events=(latest.id,),
            day=latest.day,
            ongoing=True,
            when=latest.day,
            months=months,
        )
    # The BFU / plan supported the first decision after it; a later decision of another kind
    # whose measure runs today (support -> placement) is not covered by it.
    after = [d for d in ctx.decisions_in(b.decision, b.basis_class) if d.day >= latest.day]
    running_ids = ctx.running_ids
    if after:
        first_kind = _kind(after[0].paragraph)
        changed = next(
            (
                d
                for d in after[1:]
                if _kind(d.paragraph) != first_kind
                and (d.measure is None or d.measure in running_ids)
            ),
            None,
        )
        if changed is not None:
            stale = True
            c.add(
                b.changed.code,
                b.changed.severity,
                events=(latest.id, changed.id),
                day=changed.day,
                measure=changed.measure,
                ongoing=True,
                when=latest.day,
                decision=changed.day,
                kind=text(f"kind.{_kind(changed.paragraph)}"),
            )
    c.item(ctx.as_of, b.stale_score if stale else 1.0, ongoing=True)


def _undecided(ctx: CheckContext, c: _Collector, b: Undecided) -> None:
    """Block ``undecided`` (:class:`~boernesag.audit.wiring.Undecided`): the check's judged
    deadlines that do not apply for want of a recorded decision (BL § 32: whether a plan is
    needed)."""
    ids, id_set = _rules_judged(b.check, ctx.rules)
    if id_set.isdisjoint(ctx._by_rule):  # none of them has a deadline on this case
        return
    running_ids = ctx.running_ids
    for d in ctx.deadlines_of(*ids):
        if d.status == Status.NOT_APPLICABLE and b.fact in d.facts and d.trigger_on is not None:
            day = day_of(d.trigger_on) or ctx.as_of
            ongoing = d.measure in running_ids
            c.item(day, b.score, ongoing=ongoing)
            c.add(
                b.finding.code,
                b.finding.severity,
                events=(d.trigger,),
                citation=d.citation,
                rule_id=d.rule_id,
                day=day,
                measure=d.measure,
                ongoing=ongoing,
                trigger=day,
            )


def _rules_judged(check_id: str, rules: RuleSet) -> tuple[tuple[str, ...], frozenset[str]]:
    """:meth:`AuditWiring.rules_judged` of ``check_id`` for ``rules`` (in file order, and as a
    set), read once per wiring and rule set (cached by identity as :func:`_judges` is)."""
    wiring = audit_wiring()
    key = (check_id, id(wiring), id(rules))
    found = _RULES_JUDGED.get(key)
    if found is None or found[0] is not wiring or found[1] is not rules:
        ids = wiring.rules_judged(check_id, rules)
        if len(_RULES_JUDGED) > 1024:
            _RULES_JUDGED.clear()
        found = _RULES_JUDGED[key] = (wiring, rules, ids, frozenset(ids))
    return found[2], found[3]


#: :func:`_rules_judged` by check and the identities of wiring and rule set (both kept, so
#: their ids are not reused).
_RULES_JUDGED: dict[
    tuple[str, int, int], tuple[AuditWiring, RuleSet, tuple[str, ...], frozenset[str]]
] = {}


def repeated_pairs(
    groups: Sequence[Hashable],
    measures: Sequence[Hashable | None],
    days: Sequence[Any],
    bfu: Sequence[bool],
    close_days: Sequence[Any],
    bfu_end_days: Sequence[Any],
    measure_end: Callable[[Hashable], Any],
) -> list[tuple[int, int]]:
    """The decisions taken again while an earlier one still stood: ``(earlier, later)``
    positions, shared by :func:`_repeated` and the columnar audit.

    The decisions are in time order; ``groups`` says which are the same decision (paragraph
    and outcome), ``measures`` the measure each names (``None``: none), ``days`` their days,
    ``bfu`` whether each is a decision to investigate. For each decision the most recent
    earlier one of its group counts whose measure is compatible (the same, or one of them
    names none) and whose matter was not closed in between: no closing (``close_days``), no
    end of the measure (``measure_end``, ``None`` if it has none) and, for a decision to
    investigate, no finished BFU (``bfu_end_days``) on a day in [earlier, later). Both day
    lists are sorted.

    A closing or finished BFU in [earlier, later) lies in that span for every older earlier
    decision too, so the search stops there; it passes over decisions naming another
    measure through an index, so each decision costs a look-up, not a scan of all before it.
    """
    out: list[tuple[int, int]] = []
    members: dict[Hashable, list[int]] = {}
    last_unnamed: dict[Hashable, int] = {}
    last_named: dict[tuple[Hashable, Hashable], int] = {}

    def closed(j: int, i: int) -> bool:
        lo, hi = days[j], days[i]
        k = bisect.bisect_left(close_days, lo)
        if k < len(close_days) and close_days[k] < hi:
            return True
        if bfu[i]:
            k = bisect.bisect_left(bfu_end_days, lo)
            return k < len(bfu_end_days) and bfu_end_days[k] < hi
        return False

    def ended(measure: Hashable | None, j: int, i: int) -> bool:
        end = measure_end(measure) if measure is not None else None
        return end is not None and days[j] <= end < days[i]

    for i, (g, measure) in enumerate(zip(groups, measures, strict=True)):
        group = members.setdefault(g, [])
        if measure is not None:
            # The most recent earlier one naming this measure or none.
            j = max(last_unnamed.get(g, -1), last_named.get((g, measure), -1))
            if j >= 0 and not closed(j, i) and not ended(measure, j, i):
                out.append((j, i))
            last_named[(g, measure)] = i
        else:
            # Any earlier one; the most recent whose measure did not end in between. One
            # naming no measure ends the search (itself, or nothing before it counts).
            for j in reversed(group):
                if closed(j, i):
                    break
                if ended(measures[j], j, i):
                    continue
                out.append((j, i))
                break
            last_unnamed[g] = i
        group.append(i)
    return out


# --------------------------------------------------------------------------- blocks
#
# The checks without a deadline are defined in law/data/audit.toml ([[blocks]]) on these
# generic blocks; the columnar audit implements each block once too.


def _recent_event(ctx: CheckContext, c: _Collector, b: RecentEvent) -> None:
    """Block ``recent_event`` (:class:`~boernesag.audit.wiring.RecentEvent`): a børnesamtale
    within the last ``within`` months while the case is open (BDO, Randers 2016: "børnesamtale
    inden for det sidste ½ år"). Not relevant for a case open less than that period, nor when a
    reason for not hearing the child (BL § 5 stk. 4) is recorded in it ("uaktuelt med
    børnesamtale")."""
    s = ctx.settings
    periods = ctx.periods_open(b.closed_by)
    if not periods or periods[-1][1] is not None:
        return
    if ctx.age_on(ctx.as_of) < getattr(s, b.min_age):
        return
    months = getattr(s, b.within)
    since = _months_before(ctx.as_of, months)
    talks = ctx.of(b.event)
    if any(t.day >= since for t in talks):
        c.item(ctx.as_of, 1.0, ongoing=True)
        return
    if periods[-1][0] > since:
        return  # not relevant: open less than the period
    if b.excused_on and any(
        e.day >= since and getattr(e, b.excuse_field) for e in ctx.of(*b.excused_on)
    ):
        # Not relevant: a recorded reason for not hearing the child (BL § 5 stk. 4; BDO:
        # "uaktuelt med børnesamtale"), also when earlier conversations were held before
        # decisions (met items of the check's judges); a finding is never excused.
        c.excuse()
        return
    last = talks[-1] if talks else None
    c.item(ctx.as_of, 0.0, ongoing=True)
    c.add(
        b.missing.code,
        b.missing.severity,
        events=(last.id,) if last else (),
        citation=ctx.citation(b.rule, ctx.as_of),
        rule_id=None,
        day=ctx.as_of,
        ongoing=True,
        months=months,
        last=last.day if last else None,
    )


def _interval_set(ctx: CheckContext, c: _Collector, b: IntervalSet) -> None:
    """Block ``interval_set`` (:class:`~boernesag.audit.wiring.IntervalSet`): under BL § 95
    stk. 3 the municipality sets the follow-up interval at the first follow-up; a measure
    whose deadlines were counted with the default interval is one finding, on that first
    follow-up (a first follow-up under Serviceloven, every 6 months by law, had nothing to
    set)."""
    if b.rule not in ctx.rules:
        return
    rule = ctx.rules[b.rule]
    running_ids = ctx.running_ids
    flagged: set[str | None] = set()
    for d in ctx.deadlines_of(b.rule):
        if b.fact not in d.facts or d.measure in flagged:
            continue
        flagged.add(d.measure)
        first = _first_of(ctx, b.event, d.measure)
        if first is None:
            continue
        version = rule.version_on(first.day)
        if version is None or not version.option(b.option):
            continue
        c.add(
            b.finding.code,
            b.finding.severity,
            events=(first.id,),
            citation=d.citation,
            rule_id=d.rule_id,
            day=first.day,
            measure=d.measure,
            ongoing=d.measure in running_ids,
            when=first.day,
            period=d.period,
        )


def _requirements(ctx: CheckContext, c: _Collector, b: Requirements) -> None:
    """Block ``requirements`` (:class:`~boernesag.audit.wiring.Requirements`): each active
    requirement rule (FVL §§ 19, 22, 24, 25) asks its trigger events for its yes/no field.

    ``False`` is a finding; ``None`` (the case file is silent) a lower one, "ikke
    dokumenteret". A rule with ``exempt_when_granted`` does not apply when the decision fully
    grants what was asked (FVL §§ 22, 25), which a decision of a ``never_granted`` class (a
    placement without consent) never does. Partshøring is checked on every decision: FVL § 19
    requires it only for information to the party's disadvantage, which the case file does not
    show, so a reviewer confirms.
    """
    reqs, types = b.rules(ctx.rules)
    if not reqs:
        return
    full = ctx.settings.full_grant_outcomes
    legal = legal_vocabulary()
    asks = b.asks(ctx.rules)
    for dec in ctx.of(*types):
        granted: bool | None = None
        score = 1.0
        for rule, triggers, field, exempt in asks:
            value = getattr(dec, field)
            if value is True or dec.type not in triggers:
                continue
            version = rule.version_on(dec.day)
            if version is None:
                continue  # not law on that day
            if exempt:
                if granted is None:
                    granted = dec.outcome in full and not any(
                        legal.in_class(name, dec.paragraph) for name in b.never_granted
                    )
                if granted:
                    continue
            missing = value is False
            score = 0.0 if missing else min(score, 0.5)
            verdict = b.missing if missing else b.undocumented
            c.add(
                verdict.code,
                verdict.severity,
                events=(dec.id,),
                citation=version.citation,
                rule_id=rule.id,
                day=dec.day,
                measure=dec.measure,
                when=dec.day,
                paragraph=_paragraph_text(dec),
                what=_field_text(rule, field),
            )
        c.item(dec.day, score)


def _field_text(rule: Rule, field: str) -> Text | Both:
    """What a requirement asks for, as findings name it (``field.<field>``), else its title."""
    key = f"field.{field}"
    return text(key) if key in TEXTS else Both(rule.title("da"), rule.title("en"))


def _repeated(ctx: CheckContext, c: _Collector, b: Repeated) -> None:
    """Block ``repeated`` (:class:`~boernesag.audit.wiring.Repeated`): the same decision taken
    again while the first still stood (BDO, Randers 2016: "der træffes de samme beslutninger
    flere gange ... af forskellige sagsbehandlere").

    Same paragraph (with stk. and nr.), same outcome, same measure (or none named), and the
    matter not closed in between: no finished investigation (for a decision to investigate),
    the measure not ended, the case not closed.
    """
    legal = legal_vocabulary()
    granted = [
        e for e in ctx.of(b.event) if not legal.is_refused(e.outcome) and e.paragraph is not None
    ]
    if len(granted) < 2:
        return
    measure_end = {m.id: m.end for m in ctx.measures}
    pairs = repeated_pairs(
        [(e.paragraph, e.outcome) for e in granted],
        [e.measure or None for e in granted],
        [e.day for e in granted],
        [b.is_investigation(e.paragraph) for e in granted],
        ctx.days_of(b.closed_by),
        ctx.days_of(b.investigation_closed_by),
        lambda m: measure_end.get(m),  # type: ignore[call-overload]
    )
    for j, i in pairs:
        earlier, dec = granted[j], granted[i]
        measure = earlier.measure or dec.measure
        change = ctx.first_change(earlier.day, dec.day)
        change_text: Text | str = ""
        if change is not None:
            what = "change.caseworker" if change.caseworker_changed else "change.team"
            change_text = text("change", what=text(what), when=change.day)
        c.item(dec.day, 0.0)
        c.add(
            b.finding.code,
            b.finding.severity,
            events=(earlier.id, dec.id, change.event_id if change else None),
            day=dec.day,
            measure=measure,
            paragraph=_paragraph_text(dec),
            when=dec.day,
            first=earlier.day,
            change=change_text,
        )


def _without_decision(ctx: CheckContext, c: _Collector, b: WithoutDecision) -> None:
    """Block ``without_decision`` (:class:`~boernesag.audit.wiring.WithoutDecision`): a
    measure started with no decision naming it or its paragraph (BDO, Randers 2016: a placement
    "visiteret" with no papers in either system)."""
    as_of = ctx.as_of
    candidates = [
        m
        for m in ctx.measures
        if m.start is not None and m.decided_on is None and (not b.running or m.active_on(as_of))
    ]
    if not candidates:  # the usual case: every measure has its decision
        return
    # The first day of a granting decision naming no measure, per paragraph.
    first_unnamed: dict[Paragraph | None, date] = {}
    legal = legal_vocabulary()
    for d in ctx.of(b.decision):
        if not legal.is_refused(d.outcome) and d.measure is None:
            first_unnamed.setdefault(d.paragraph, d.day)
    for m in candidates:
        assert m.start is not None
        covered = first_unnamed.get(m.paragraph)
        if covered is not None and covered <= m.start:
            continue
        c.item(m.start, 0.0, ongoing=m.active_on(ctx.as_of))
        c.add(
            b.finding.code,
            b.finding.severity,
            events=(m.start_event,),
            day=m.start,
            measure=m.id,
            ongoing=m.active_on(ctx.as_of),
            when=m.start,
        )


def _decided_in(ctx: CheckContext, classes: tuple[str, ...]) -> frozenset[str]:
    """The ids of the case's granting decisions whose paragraph is in one of the vocabulary
    ``classes`` (the decisions the block ``waits`` does not wait on: a cash benefit)."""
    if not classes:
        return frozenset()
    legal = legal_vocabulary()
    return frozenset(
        e.id
        for e in ctx.of(EventType.AFGOERELSE)
        if e.paragraph is not None
        and not legal.is_refused(e.outcome)
        and any(legal.in_class(name, e.paragraph) for name in classes)
    )


def _waits(ctx: CheckContext, c: _Collector, b: Waits) -> None:
    """Block ``waits`` (:class:`~boernesag.audit.wiring.Waits`): waiting time from the decision
    to the start of each measure (BDO, Randers 2016: "ventetiden på foranstaltninger"; worst
    for infants and small children). Not law: the limits are settings."""
    s = ctx.settings
    limit = getattr(s, b.longer_than)
    long_limit = getattr(s, b.serious_longer_than)
    small_age = getattr(s, b.serious_younger_than)
    paid = _decided_in(ctx, b.not_for)
    for m in ctx.measures:
        if m.decided_on is None or m.decided_by in paid:
            continue
        small = ctx.age_on(m.decided_on) < small_age
        if m.start is not None:
            wait = (m.start - m.decided_on).days
            if wait <= limit:
                c.item(m.start, 1.0)
                continue
            serious = wait > long_limit or small
            c.item(m.start, 0.0)
            c.add(
                b.long.code,
                b.serious if serious else b.long.severity,
                events=(m.decided_by, m.start_event),
                day=m.start,
                measure=m.id,
                days=wait,
                decided=m.decided_on,
                started=m.start,
            )
        elif m.end is None:
            wait = (ctx.as_of - m.decided_on).days
            if wait <= limit:
                continue  # still within the limit: nothing to judge yet
            c.item(ctx.as_of, 0.0, ongoing=True)
            c.add(
                b.not_started.code,
                b.not_started.severity,
                events=(m.decided_by,),
                day=m.decided_on,
                measure=m.id,
                ongoing=True,
                days=wait,
                decided=m.decided_on,
            )


def _gaps(ctx: CheckContext, c: _Collector, b: Gaps) -> None:
    """Block ``gaps`` (:class:`~boernesag.audit.wiring.Gaps`): the "huller" of BDO, Randers
    2016, periods longer than the setting without activity by the municipality on an open
    case, and whether they came with a change of caseworker or team.

    Activity is every event by the municipality except ``inactive_types`` (an assignment is not
    casework); notices from outside (underretning, ansøgning, klage) do not end a gap. A gap
    still running on the audit day makes the check not met; earlier gaps only, partly met.
    """
    s = ctx.settings
    periods = ctx.periods_open(b.closed_by)
    if not periods:
        return
    limit = getattr(s, b.longer_than)
    before = getattr(s, b.change_within)
    active_days = ctx.active_days
    for start, end in periods:
        stop = end if end is not None else ctx.as_of
        lo = bisect.bisect_right(active_days, start)
        hi = bisect.bisect_right(active_days, stop)
        anchors = [start, *active_days[lo:hi]]
        spans = list(itertools.pairwise(anchors))
        if end is None:
            spans.append((anchors[-1], stop))  # since the last activity, up to the audit day
        gaps = 0
        ongoing_gap = False
        for a, z in spans:
            days = (z - a).days
            if days <= limit:
                continue
            gaps += 1
            ongoing = end is None and z == stop and a == anchors[-1]
            ongoing_gap = ongoing_gap or ongoing
            change = ctx.first_change(_days_before(a, before), z, inclusive_start=True)
            change_text: Text | str = ""
            if change is not None:
                what = "change.caseworker" if change.caseworker_changed else "change.team"
                change_text = text("change", what=text(what), when=change.day)
            verdict = b.ongoing if ongoing else b.gap
            c.item(a, 0.0, ongoing=ongoing)
            c.add(
                verdict.code,
                verdict.severity,
                events=(change.event_id,) if change else (),
                day=a,
                ongoing=ongoing,
                days=days,
                start=a,
                end=z,
                change=change_text,
                change_event=change.event_id if change else None,
            )
        # The state today (an open case active within the limit), or a closed period without
        # any gap: both met. A closed period with gaps is judged by its gaps alone.
        if end is None and not ongoing_gap:
            c.item(ctx.as_of, 1.0, ongoing=True)
        elif end is not None and not gaps:
            c.item(end, 1.0)


def _event_needs(ctx: CheckContext, c: _Collector, b: EventNeeds) -> None:
    """Block ``event_needs`` (:class:`~boernesag.audit.wiring.EventNeeds`): each event of the
    type needs a recorded field or an event of a type shortly before it, and (with
    ``running_measure``) no measure may still run on its day (BDO, Randers 2016: cases closed
    "med henvisning til en forvaltningsmæssig praksis")."""
    window = getattr(ctx.settings, b.within)
    if len(b.or_preceded_by) == 1:
        before_days = ctx.days_of(b.or_preceded_by[0])
    else:
        before_days = sorted(d for t in b.or_preceded_by for d in ctx.days_of(t))
    # Events come in time order: a measure joins the running ones when it has started by
    # the event and leaves for good when it has ended by then.
    by_start = sorted(
        (i for i, m in enumerate(ctx.measures) if m.start is not None),
        key=lambda i: ctx.measures[i].start,  # type: ignore[arg-type, return-value]
    )
    joined = 0
    running: dict[int, Measure] = {}
    for ev in ctx.of(b.event):
        score = 1.0
        k = bisect.bisect_left(before_days, _days_before(ev.day, window))
        if not any(getattr(ev, f) for f in b.fields) and not (
            k < len(before_days) and before_days[k] <= ev.day
        ):
            score = 0.0
            c.add(b.missing.code, b.missing.severity, events=(ev.id,), day=ev.day, when=ev.day)
        if b.running_measure is not None:
            while joined < len(by_start) and ctx.measures[by_start[joined]].start <= ev.day:  # type: ignore[operator]
                running[by_start[joined]] = ctx.measures[by_start[joined]]
                joined += 1
            for i in [i for i, m in running.items() if m.end is not None and m.end <= ev.day]:
                del running[i]
            for i in sorted(running):  # in the order of ctx.measures
                m = running[i]
                score = 0.0
                c.add(
                    b.running_measure.code,
                    b.running_measure.severity,
                    events=(ev.id, m.start_event),
                    day=ev.day,
                    measure=m.id,
                    when=ev.day,
                )
        c.item(ev.day, score)


def _decision_basis(ctx: CheckContext, c: _Collector, b: DecisionBasis) -> None:
    """Block ``decision_basis`` (:class:`~boernesag.audit.wiring.DecisionBasis`): the BFU
    behind each decision on a measure (BL § 20; SEL § 50)."""
    starts = ctx.of(b.started)
    ends = ctx.of(b.done)
    running_ids = ctx.running_ids
    start_days = ctx.days_of(b.started)
    for dec in ctx.decisions_in(b.event, b.basis_class):
        if ends and ends[0].day <= dec.day:
            c.item(dec.day, 1.0)
            continue
        basis = ctx.citation(b.rule, dec.day)
        basis = basis.split(",")[0] if basis else None  # "BL § 20": the paragraph itself
        n_started = bisect.bisect_right(start_days, dec.day)  # starts on or before the day
        ongoing = not ends and dec.measure in running_ids
        if n_started:
            latest = starts[n_started - 1]
            c.item(dec.day, 0.5)
            c.add(
                b.unfinished.code,
                b.unfinished.severity,
                events=(dec.id, latest.id),
                citation=basis,
                rule_id=b.rule,
                day=dec.day,
                measure=dec.measure,
                ongoing=ongoing,
                paragraph=_paragraph_text(dec),
                when=dec.day,
                started=latest.day,
            )
        else:
            c.item(dec.day, 0.0, ongoing=ongoing)
            c.add(
                b.missing.code,
                b.missing.severity,
                events=(dec.id,),
                citation=basis,
                rule_id=b.rule,
                day=dec.day,
                measure=dec.measure,
                ongoing=ongoing,
                paragraph=_paragraph_text(dec),
                when=dec.day,
            )


def _expected_by_age(ctx: CheckContext, c: _Collector, b: ExpectedByAge) -> None:
    """Block ``expected_by_age`` (:class:`~boernesag.audit.wiring.ExpectedByAge`): the
    koordinerende ungemøde by the 16th birthday of Task forcen, Jammerbugt 2017."""
    with_rule = ctx.deadlines_of(b.with_rule)
    if not with_rule or ctx.deadlines_of(b.unless_rule):
        return
    years = legal_vocabulary().age(b.age, ctx.as_of).years
    born = birthday(ctx.case.child.birth_date, years, ctx.leap_day_rule)
    d = with_rule[0]
    first_day = ctx.events[0].day if ctx.events else born
    grace = b.grace if first_day <= born or b.after_opening is None else b.after_opening
    due = add_months(max(born, first_day), getattr(ctx.settings, grace)).due
    if due >= ctx.as_of:
        return
    found = ctx.of(b.event)
    if found and found[0].day <= due:
        c.item(due, 1.0)
    elif found:
        c.item(due, b.late_score)
        c.add(
            b.late.code,
            b.late.severity,
            events=(found[0].id,),
            citation=d.citation,
            rule_id=d.rule_id,
            day=due,
            due=due,
            met=found[0].day,
        )
    else:
        c.item(due, 0.0, ongoing=True)
        c.add(
            b.missing.code,
            b.missing.severity,
            citation=d.citation,
            rule_id=d.rule_id,
            day=due,
            due=due,
            ongoing=True,
            **{b.birthday_as: born},
        )


_BLOCKS: dict[type, Callable[[CheckContext, _Collector, Any], None]] = {
    RecentEvent: _recent_event,
    IntervalSet: _interval_set,
    ExpectedByAge: _expected_by_age,
    DecisionBasis: _decision_basis,
    Requirements: _requirements,
    Repeated: _repeated,
    WithoutDecision: _without_decision,
    Waits: _waits,
    Gaps: _gaps,
    EventNeeds: _event_needs,
    CurrentBasis: _current_basis,
    Undecided: _undecided,
}


@attrs.frozen
class Check:
    """A check: stable id, labels for reports, what it rests on, and its function."""

    id: str
    label_da: str
    label_en: str
    basis: str
    run: Callable[[CheckContext], CheckResult] = attrs.field(eq=False, repr=False)

    def label(self, lang: str = "da") -> str:
        return self.label_en if lang == "en" else self.label_da


#: The checks in report order: BDO's (Randers 2016) four themes first, then the Task force's (Jammerbugt 2017) legal review.
CHECKS: tuple[Check, ...] = (
    Check(
        "bfu",
        "Børnefaglig undersøgelse",
        "Child protection investigation",
        "BL § 20 / SEL § 50; BDO, Randers 2016",
        WiredCheck("bfu"),
    ),
    Check(
        "bfu-rettidig",
        "Børnefaglig undersøgelse rettidig",
        "Child protection investigation on time",
        "BL § 20 stk. 3 / SEL § 50 stk. 7; BDO, Randers 2016",
        WiredCheck("bfu-rettidig"),
    ),
    Check(
        "boernesamtale",
        "Børnesamtale",
        "Conversation with the child",
        "BL § 5 / SEL § 48; BDO, Randers 2016",
        WiredCheck("boernesamtale"),
    ),
    Check(
        "barnets-plan",
        "Barnets plan / handleplan",
        "Child's plan",
        "BL § 91 / SEL § 140; BDO, Randers 2016",
        WiredCheck("barnets-plan"),
    ),
    Check(
        "plan-rettidig",
        "Barnets plan / handleplan rettidig",
        "Child's plan on time",
        "BL § 91 stk. 1 / SEL § 140; BDO, Randers 2016",
        WiredCheck("plan-rettidig"),
    ),
    Check(
        "opfoelgning",
        "Opfølgning",
        "Follow-up",
        "BL § 95 / SEL § 70; BDO, Randers 2016",
        WiredCheck("opfoelgning"),
    ),
    Check(
        "underretninger",
        "Underretninger (24 timer, kvittering)",
        "Underretninger (24 hours, acknowledgement)",
        "BL §§ 136, 138 / SEL §§ 155, 155 b",
        WiredCheck("underretninger"),
    ),
    Check(
        "afgoerelser",
        "Afgørelser (partshøring, begrundelse, klagevejledning)",
        "Decisions (hearing, reasons, guidance)",
        "FVL §§ 19, 22, 24, 25; Task forcen, Jammerbugt 2017; BDO, Randers 2016",
        WiredCheck("afgoerelser"),
    ),
    Check(
        "ventetid",
        "Ventetid på indsats",
        "Waiting for the measure",
        "BDO, Randers 2016",
        WiredCheck("ventetid"),
    ),
    Check(
        "huller",
        "Huller (inaktivitet)",
        "Gaps (inactivity)",
        "BDO, Randers 2016",
        WiredCheck("huller"),
    ),
    Check(
        "tilsyn",
        "Tilsynsbesøg",
        "Supervision visits",
        "BL § 156 / SEL §§ 70, 148",
        WiredCheck("tilsyn"),
    ),
    Check(
        "overgang",
        "Overgang til voksenlivet",
        "Transition to adulthood",
        "BL §§ 111, 122-123; Task forcen, Jammerbugt 2017",
        WiredCheck("overgang"),
    ),
    Check(
        "klager",
        "Klager og aktindsigt",
        "Complaints and access requests",
        "RSL § 66 / OFL § 36",
        WiredCheck("klager"),
    ),
    Check(
        "lukning", "Lukning af sager", "Closing cases", "BDO, Randers 2016", WiredCheck("lukning")
    ),
    Check(
        "kommunale-maal",
        "Kommunale servicemål",
        "Municipal targets",
        "kommunens egne mål (Task forcen, Jammerbugt 2017)",
        WiredCheck("kommunale-maal"),
    ),
)
assert tuple(c.id for c in CHECKS) == CHECK_IDS, "wiring.CHECK_IDS lists the checks"
