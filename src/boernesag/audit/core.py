"""The audit of one case: every check, on the deadlines computed once.

:func:`audit_case` reads the case as it stood at the end of ``as_of``, computes its deadlines
once (:func:`boernesag.deadlines.deadlines`), runs every check of
:data:`~boernesag.audit.checks.CHECKS` on them and returns a :class:`CaseAudit` with each
check's status and the findings. :func:`audit` returns just the findings, most serious first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cached_property
from typing import Any

import attrs

from boernesag.audit.checks import CHECKS, Check, CheckContext, CheckResult, status_of
from boernesag.audit.findings import CheckStatus, Finding
from boernesag.audit.settings import AuditSettings, default_settings
from boernesag.calendar import Calendar
from boernesag.deadlines import Deadline, deadlines
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case, EventType
from boernesag.periods import LeapDayRule, as_of_day

__all__ = ["CaseAudit", "ChangeGap", "audit", "audit_case", "finding_sort_key"]


@attrs.frozen(slots=True)
class ChangeGap:
    """A change of caseworker or team on a case, and the gap in the casework that followed.

    ``gap_days`` is the length of the longest gap put down to the change (``None``: no gap);
    ``gap_ongoing`` whether that gap still runs on the audit day.
    """

    case_id: str
    event_id: str
    day: date
    from_caseworker: str | None
    to_caseworker: str | None
    from_team: str | None
    to_team: str | None
    gap_days: int | None = None
    gap_ongoing: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "event_id": self.event_id,
            "date": self.day.isoformat(),
            "from_caseworker": self.from_caseworker,
            "to_caseworker": self.to_caseworker,
            "from_team": self.from_team,
            "to_team": self.to_team,
            "gap_days": self.gap_days,
            "gap_ongoing": self.gap_ongoing,
        }


def finding_sort_key(f: Finding) -> tuple[int, int, date, str, str]:
    """Most serious first; unresolved before history; then by day, check and code."""
    return (f.severity.rank, 0 if f.ongoing else 1, f.day or date.max, f.check_id, f.code)


@attrs.frozen
class CaseAudit:
    """The audit of one case: each check's result, the findings and the caseworker changes."""

    case_id: str
    as_of: date
    caseworker: str | None
    team: str | None
    results: tuple[CheckResult, ...]
    changes: tuple[ChangeGap, ...] = ()

    # Computed on first use and kept (the audit is immutable): a caseload report reads the
    # score and the unresolved count of every case, and most cases have no finding at all.

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, most serious first."""
        found = [f for r in self.results for f in r.findings]
        if len(found) > 1:
            found.sort(key=finding_sort_key)
        return tuple(found)

    @cached_property
    def score(self) -> int:
        """Severity points (:attr:`Severity.weight`): the higher, the worse."""
        return sum(f.severity.weight for r in self.results for f in r.findings)

    @cached_property
    def ongoing(self) -> int:
        """The number of findings still unresolved on the audit day."""
        return sum(1 for r in self.results for f in r.findings if f.ongoing)

    def result(self, check_id: str) -> CheckResult:
        for r in self.results:
            if r.check_id == check_id:
                return r
        raise KeyError(check_id)

    def status(self, check_id: str) -> CheckStatus:
        """The status of ``check_id`` on this case (``KeyError`` for an unknown check)."""
        return self.result(check_id).status

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "as_of": self.as_of.isoformat(),
            "caseworker": self.caseworker,
            "team": self.team,
            "score": self.score,
            "status": {r.check_id: r.status.value for r in self.results},
            "findings": [f.to_dict(lang) for f in self.findings],
            "changes": [c.to_dict() for c in self.changes],
        }


def _window(result: CheckResult, since: date) -> CheckResult:
    """Keep what happened from ``since`` on, and whatever is still unresolved."""
    items = tuple(i for i in result.items if i.ongoing or i.day >= since)
    findings = tuple(f for f in result.findings if f.ongoing or f.day is None or f.day >= since)
    return CheckResult(result.check_id, status_of(items), findings, items)


def audit_case(
    case: Case,
    as_of: date | datetime,
    *,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    checks: Sequence[Check] = CHECKS,
    computed: Sequence[Deadline] | None = None,
) -> CaseAudit:
    """Run every check on ``case`` as it stood at the end of ``as_of``.

    ``as_of`` may be a datetime (the 24-hour rule is then judged at that moment). ``rules``
    and ``calendar`` go to the deadline engine (e.g. a municipality's rule file with its own
    targets turned on); ``checks`` selects checks (default: all, in report order).

    ``computed``: the case's deadlines, when the caller has already computed them with
    :func:`boernesag.deadlines.deadlines` for the same case, ``as_of``, rules, calendar and
    leap-day rule (a run that lists the deadlines and audits the cases computes them once).
    They are used as given, not checked.
    """
    day = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    s = settings if settings is not None else default_settings()
    rs = rules if rules is not None else default_rules()
    if case.events and case.timeline[-1].day > day:
        case = case.until(day)
    if computed is not None:
        found = computed
    else:
        found = deadlines(case, as_of, rules=rs, calendar=calendar, leap_day_rule=leap_day_rule)
    ctx = CheckContext(
        case=case, as_of=day, deadlines=found, settings=s, rules=rs, leap_day_rule=leap_day_rule
    )
    results = tuple(check.run(ctx) for check in checks)
    if s.since is not None:
        results = tuple(_window(r, s.since) for r in results)
    return CaseAudit(
        case_id=case.case_id,
        as_of=day,
        caseworker=ctx.caseworker_on(day),
        team=_team(ctx, case),
        results=results,
        changes=_changes(ctx, results),
    )


def _team(ctx: CheckContext, case: Case) -> str | None:
    """The team of the latest assignment that names one, else the case's team."""
    for e in reversed(ctx.of(EventType.SAGSBEHANDLER_TILDELT)):
        if e.team is not None:
            return e.team
    return case.team


def _changes(ctx: CheckContext, results: tuple[CheckResult, ...]) -> tuple[ChangeGap, ...]:
    # The gap findings by the change they are put down to (in finding order).
    by_change: dict[object, list[Finding]] = {}
    for r in results:
        if r.check_id == "huller":
            for f in r.findings:
                by_change.setdefault(f.arg("change_event"), []).append(f)
    out = []
    for ch in ctx.changes:
        mine = by_change.get(ch.event_id, [])
        longest = max(mine, key=lambda f: int(f.arg("days", 0)), default=None)
        out.append(
            ChangeGap(
                case_id=ctx.case.case_id,
                event_id=ch.event_id,
                day=ch.day,
                from_caseworker=ch.from_caseworker,
                to_caseworker=ch.to_caseworker,
                from_team=ch.from_team,
                to_team=ch.to_team,
                gap_days=int(longest.arg("days")) if longest is not None else None,
                gap_ongoing=longest.ongoing if longest is not None else False,
            )
        )
    return tuple(out)


def audit(
    case: Case,
    as_of: date | datetime,
    *,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> list[Finding]:
    """The findings of the audit of ``case`` on ``as_of``, most serious first.

    >>> from datetime import date
    >>> from boernesag.demo import demo_caseload
    >>> case = demo_caseload(3).cases[0]
    >>> all(f.case_id == case.case_id for f in audit(case, date(2025, 6, 30)))
    True
    """
    return list(
        audit_case(
            case,
            as_of,
            settings=settings,
            rules=rules,
            calendar=calendar,
            leap_day_rule=leap_day_rule,
        ).findings
    )
