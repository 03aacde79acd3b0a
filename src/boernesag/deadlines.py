"""The deadline engine: every statutory deadline of a case, with status and explanation.

:func:`deadlines` reads a case's timeline as it stood at ``as_of`` (later events are ignored)
and applies every enabled rule of a :class:`~boernesag.law.RuleSet`. Each rule is compiled
into a plan of generic building blocks (:mod:`boernesag.blocks.plan`) that the scalar
executor (:mod:`boernesag.blocks.scalar`) runs; the periods, citations, triggers, effective
dates and every legal word come from the rule data. A deadline uses the version of its rule in force on its trigger date (law digest,
"How to count" rule 6): a measure started in 2023 keeps Serviceloven's first follow-up, and
each later follow-up, triggered in 2024, follows Barnets Lov.

Statuses: ``met`` (the meeting event came on or before the due date), ``met_late`` (after
it), ``open`` (not yet met, not yet due), ``overdue`` (not met and due before ``as_of``),
``not_applicable`` (the rule was triggered but does not bind, with the reason). ``as_of``
as a date means the end of that day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Final

from boernesag.blocks.caseview import CaseView
from boernesag.blocks.caseview import case_view as _context
from boernesag.blocks.plan import PLANNED_KINDS, Plan, compile_rule
from boernesag.blocks.result import Deadline, Note, Status, When
from boernesag.blocks.scalar import Runner, run_plan, runner_of
from boernesag.calendar import Calendar, default_calendar
from boernesag.errors import CalendarRangeError
from boernesag.law import Rule, RuleSet, default_rules
from boernesag.model import Case, Caseload
from boernesag.periods import (
    LeapDayRule,
    as_of_day,
)

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


# --------------------------------------------------------------------------- public API


def gives_deadlines(kind: str) -> bool:
    """Whether rules of this kind give deadlines (``requirement`` gives none: audit only)."""
    return kind in PLANNED_KINDS


def rule_deadlines(rule: Rule, ctx: CaseView) -> Iterator[Deadline]:
    """The deadlines of one rule on the case in ``ctx`` (:func:`boernesag.blocks.caseview.case_view`),
    computed from the rule's plan (:mod:`boernesag.blocks.plan`) by the scalar executor; a
    kind without a plan (``requirement``: audit only) gives none."""
    plan = compile_rule(rule)
    return run_plan(plan, rule, ctx) if plan is not None else iter(())


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
    for run, plan, rule in _program(rs):
        out.extend(run(plan, rule, ctx))
    return sort_deadlines(out)


_Program = tuple[tuple[Runner, Plan, Rule], ...]
_PROGRAMS: dict[int, tuple[RuleSet, _Program]] = {}


def _program(rs: RuleSet) -> _Program:
    """The active rules of ``rs`` that give deadlines, each with its plan and runner: worked
    out once per rule set (rule sets are immutable), not once per case."""
    hit = _PROGRAMS.get(id(rs))
    if hit is not None and hit[0] is rs:
        return hit[1]
    program = tuple(
        (runner_of(plan), plan, rule)
        for rule in rs.active
        if (plan := compile_rule(rule)) is not None
    )
    if len(_PROGRAMS) > 256:
        _PROGRAMS.clear()
    _PROGRAMS[id(rs)] = (rs, program)
    return program


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
        raise CalendarRangeError.from_key(
            "arg.days_whole", high=str(DUE_WITHIN_MAX_DAYS), value=repr(days)
        )
    if not 0 <= days <= DUE_WITHIN_MAX_DAYS:
        raise CalendarRangeError.from_key(
            "arg.days_range", high=str(DUE_WITHIN_MAX_DAYS), value=str(days)
        )
    as_of = day
    limit = as_of + timedelta(days=days)
    return sort_deadlines(
        d
        for d in items
        if d.status == Status.OPEN and d.due_date is not None and as_of <= d.due_date <= limit
    )
