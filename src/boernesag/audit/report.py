"""The audit of a caseload, tabulated as seed 004 does.

Seed 004 reports per theme: "I 75 af sagerne er det vurderet relevant, at der er en § 50
undersøgelse. I 47 % af disse sager er der § 50 undersøgelse". :func:`audit_caseload` gives
that table for every check (relevant, met, partly met, not met, not relevant), the same per
team and per caseworker, each change of caseworker with the gap it caused (cases received and
given), and the worst cases first. Cases are audited one at a time and counted as they pass,
so a stream of 100,000 cases needs memory only for what the report keeps.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from boernesag.audit.checks import CHECKS, Check
from boernesag.audit.core import CaseAudit, ChangeGap, _as_day, audit_case
from boernesag.audit.findings import CheckStatus, Severity
from boernesag.audit.settings import AuditSettings
from boernesag.calendar import Calendar, default_calendar
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case, Caseload
from boernesag.periods import LeapDayRule

__all__ = ["AuditFailure", "CaseloadReport", "CheckSummary", "GroupSummary", "audit_caseload"]

NONE_KEY = "-"
"""The group key of cases with no caseworker (or team) recorded."""


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@attrs.frozen
class CheckSummary:
    """One row of seed 004's table: a check over the caseload.

    ``relevant`` = ``met`` + ``partly`` + ``not_met``; the percentages are of the relevant
    cases. ``findings`` counts every finding of the check (a case with three missed follow-ups
    counts three), ``ongoing`` those still unresolved on the audit day.
    """

    check_id: str
    label_da: str
    label_en: str
    basis: str
    met: int
    partly: int
    not_met: int
    not_relevant: int
    findings: int
    ongoing: int

    @property
    def relevant(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def pct_met(self) -> float | None:
        """Share of the relevant cases where the check is met, in percent (one decimal)."""
        return _pct(self.met, self.relevant)

    @property
    def pct_partly(self) -> float | None:
        return _pct(self.partly, self.relevant)

    @property
    def pct_not_met(self) -> float | None:
        return _pct(self.not_met, self.relevant)

    def label(self, lang: str = "da") -> str:
        return self.label_en if lang == "en" else self.label_da

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "label": self.label(lang),
            "basis": self.basis,
            "relevant": self.relevant,
            "met": self.met,
            "partly": self.partly,
            "not_met": self.not_met,
            "not_relevant": self.not_relevant,
            "pct_met": self.pct_met,
            "pct_partly": self.pct_partly,
            "pct_not_met": self.pct_not_met,
            "findings": self.findings,
            "ongoing": self.ongoing,
        }


@attrs.frozen
class GroupSummary:
    """A team or a caseworker: their cases today, the findings on them, and the changes.

    Cases are grouped by the caseworker (and team) assigned on the audit day: the one who can
    act on the findings now; each finding also names the caseworker on its own day.
    ``received``/``given``: changes of caseworker where this one received or gave a case, and
    ``gaps_after_received`` how many of the received ones were followed by a gap
    (``gap_days_after_received`` days in all).
    """

    key: str
    name: str | None
    cases: int
    findings: int
    ongoing: int
    by_severity: Mapping[str, int]
    checks: Mapping[str, Mapping[str, int]]
    received: int = 0
    given: int = 0
    gaps_after_received: int = 0
    gap_days_after_received: int = 0

    def pct_met(self, check_id: str) -> float | None:
        """Share of this group's relevant cases where ``check_id`` is met, in percent."""
        row = self.checks.get(check_id, {})
        relevant = row.get("met", 0) + row.get("partly", 0) + row.get("not_met", 0)
        return _pct(row.get("met", 0), relevant)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "cases": self.cases,
            "findings": self.findings,
            "ongoing": self.ongoing,
            "by_severity": dict(self.by_severity),
            "checks": {k: {**v, "pct_met": self.pct_met(k)} for k, v in self.checks.items()},
            "received": self.received,
            "given": self.given,
            "gaps_after_received": self.gaps_after_received,
            "gap_days_after_received": self.gap_days_after_received,
        }


@attrs.frozen
class AuditFailure:
    """A case the audit could not run on, and why (the other cases are audited as usual)."""

    case_id: str | None
    error: str


@attrs.frozen
class CaseloadReport:
    """The audit of a caseload.

    ``checks``: seed 004's table; ``teams`` and ``caseworkers``: the same per group, with
    changes received and given; ``changes``: every change of caseworker or team with the gap
    it caused; ``worst``: the cases with findings, worst first (highest severity points, then
    most unresolved findings); ``cases``: every case's audit (empty when the caseload was
    audited with ``keep_cases=False``); ``failures``: cases the audit could not run on;
    ``rejected``: cases a lenient load could not read. Nothing is silently missing.
    """

    as_of: date
    n_cases: int
    checks: tuple[CheckSummary, ...]
    teams: tuple[GroupSummary, ...]
    caseworkers: tuple[GroupSummary, ...]
    changes: tuple[ChangeGap, ...]
    worst: tuple[CaseAudit, ...]
    cases: tuple[CaseAudit, ...] = ()
    failures: tuple[AuditFailure, ...] = ()
    rejected: tuple[str, ...] = ()
    settings: AuditSettings = attrs.field(factory=AuditSettings)
    severities: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def n_findings(self) -> int:
        return sum(c.findings for c in self.checks)

    def check(self, check_id: str) -> CheckSummary:
        for c in self.checks:
            if c.check_id == check_id:
                return c
        raise KeyError(check_id)

    def team(self, key: str | None) -> GroupSummary:
        return _group(self.teams, key)

    def caseworker(self, key: str | None) -> GroupSummary:
        return _group(self.caseworkers, key)

    def case(self, case_id: str) -> CaseAudit:
        for c in self.cases:
            if c.case_id == case_id:
                return c
        raise KeyError(case_id)

    def to_dict(self, lang: str = "da", *, worst: int | None = None) -> dict[str, Any]:
        """The whole report as JSON-ready data (findings rendered in ``lang``)."""
        return {
            "format": "boernesag.audit/1",
            "as_of": self.as_of.isoformat(),
            "cases": self.n_cases,
            "findings": self.n_findings,
            "by_severity": dict(self.severities),
            "checks": [c.to_dict(lang) for c in self.checks],
            "teams": [g.to_dict() for g in self.teams],
            "caseworkers": [g.to_dict() for g in self.caseworkers],
            "changes": [c.to_dict() for c in self.changes],
            "worst_cases": [c.to_dict(lang) for c in self.worst[:worst]],
            "failures": [{"case_id": f.case_id, "error": f.error} for f in self.failures],
            "rejected": list(self.rejected),
            "settings": self.settings.to_dict(),
        }


def _group(groups: tuple[GroupSummary, ...], key: str | None) -> GroupSummary:
    wanted = key or NONE_KEY
    for g in groups:
        if g.key == wanted:
            return g
    raise KeyError(key)


class _Acc:
    """Running counts for one group."""

    __slots__ = (
        "cases",
        "checks",
        "findings",
        "gap_days",
        "gaps",
        "given",
        "ongoing",
        "received",
        "severity",
    )

    def __init__(self) -> None:
        self.cases = 0
        self.findings = 0
        self.ongoing = 0
        self.severity: Counter[str] = Counter()
        self.checks: dict[str, Counter[str]] = {}
        self.received = 0
        self.given = 0
        self.gaps = 0
        self.gap_days = 0

    def add(self, a: CaseAudit) -> None:
        self.cases += 1
        for r in a.results:
            self.checks.setdefault(r.check_id, Counter())[r.status.value] += 1
            for f in r.findings:
                self.findings += 1
                self.ongoing += f.ongoing
                self.severity[f.severity.value] += 1

    def summary(self, key: str, name: str | None, checks: tuple[Check, ...]) -> GroupSummary:
        return GroupSummary(
            key=key,
            name=name,
            cases=self.cases,
            findings=self.findings,
            ongoing=self.ongoing,
            by_severity={s.value: self.severity[s.value] for s in Severity},
            checks={
                c.id: {
                    s.value: self.checks.get(c.id, Counter())[s.value]
                    for s in CheckStatus
                    if s is not CheckStatus.NOT_RELEVANT
                }
                for c in checks
            },
            received=self.received,
            given=self.given,
            gaps_after_received=self.gaps,
            gap_days_after_received=self.gap_days,
        )


def _rank(a: CaseAudit) -> tuple[int, int, str]:
    return (-a.score, -a.ongoing, a.case_id)


def audit_caseload(
    cases: Caseload | Iterable[Case],
    as_of: date | datetime,
    *,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    progress: Callable[[int], None] | None = None,
    keep_cases: bool = True,
    worst_limit: int = 100,
    strict: bool = False,
    checks: tuple[Check, ...] = CHECKS,
) -> CaseloadReport:
    """Audit every case and tabulate as seed 004 does.

    ``cases`` is a :class:`~boernesag.model.Caseload` (team and caseworker names, and the
    cases a lenient load rejected, come with it) or any iterable of cases, e.g. a stream from
    :func:`boernesag.demo.iter_demo_cases`. ``keep_cases=False`` keeps only the counts and the
    ``worst_limit`` worst cases (for very large caseloads). A case the audit cannot run on is
    listed in ``failures`` and the others are audited; ``strict=True`` raises instead.
    ``progress`` is called with the number of cases done.
    """
    day = _as_day(as_of)
    s = settings if settings is not None else AuditSettings()
    rs = rules if rules is not None else default_rules()
    cal = calendar if calendar is not None else default_calendar()
    status_counts: dict[str, Counter[str]] = {c.id: Counter() for c in checks}
    finding_counts: Counter[str] = Counter()
    ongoing_counts: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    teams: dict[str, _Acc] = {}
    workers: dict[str, _Acc] = {}
    changes: list[ChangeGap] = []
    kept: list[CaseAudit] = []
    heap: list[tuple[tuple[int, int, _Neg], int, CaseAudit]] = []
    failures: list[AuditFailure] = []
    n = 0
    for i, case in enumerate(cases, 1):
        try:
            a = audit_case(
                case,
                as_of,
                settings=s,
                rules=rs,
                calendar=cal,
                leap_day_rule=leap_day_rule,
                checks=checks,
            )
        except Exception as exc:
            if strict:
                raise
            failures.append(
                AuditFailure(getattr(case, "case_id", None), f"{type(exc).__name__}: {exc}")
            )
            if progress is not None:
                progress(i)
            continue
        n += 1
        for r in a.results:
            status_counts[r.check_id][r.status.value] += 1
            for f in r.findings:
                finding_counts[r.check_id] += 1
                ongoing_counts[r.check_id] += f.ongoing
                severities[f.severity.value] += 1
        teams.setdefault(a.team or NONE_KEY, _Acc()).add(a)
        workers.setdefault(a.caseworker or NONE_KEY, _Acc()).add(a)
        for ch in a.changes:
            changes.append(ch)
            giver = workers.setdefault(ch.from_caseworker or NONE_KEY, _Acc())
            taker = workers.setdefault(ch.to_caseworker or NONE_KEY, _Acc())
            giver.given += 1
            taker.received += 1
            if ch.gap_days is not None:
                taker.gaps += 1
                taker.gap_days += ch.gap_days
        if keep_cases:
            kept.append(a)
        elif a.score > 0 and worst_limit > 0:
            entry = ((a.score, a.ongoing, _Neg(a.case_id)), i, a)
            if len(heap) < worst_limit:
                heapq.heappush(heap, entry)
            elif entry[0] > heap[0][0]:
                heapq.heapreplace(heap, entry)
        if progress is not None:
            progress(i)
    if keep_cases:
        worst = sorted((a for a in kept if a.score > 0), key=_rank)[:worst_limit]
    else:
        worst = sorted((a for _, _, a in heap), key=_rank)
    summaries = tuple(
        CheckSummary(
            check_id=c.id,
            label_da=c.label_da,
            label_en=c.label_en,
            basis=c.basis,
            met=status_counts[c.id][CheckStatus.MET.value],
            partly=status_counts[c.id][CheckStatus.PARTLY.value],
            not_met=status_counts[c.id][CheckStatus.NOT_MET.value],
            not_relevant=status_counts[c.id][CheckStatus.NOT_RELEVANT.value],
            findings=finding_counts[c.id],
            ongoing=ongoing_counts[c.id],
        )
        for c in checks
    )
    team_names: dict[str, str | None] = {}
    worker_names: dict[str, str | None] = {}
    rejected: tuple[str, ...] = ()
    if isinstance(cases, Caseload):
        team_names = {t.id: t.name for t in cases.teams}
        worker_names = {w.id: w.name for w in cases.caseworkers}
        rejected = tuple(r.error for r in cases.rejected)
    return CaseloadReport(
        as_of=day,
        n_cases=n,
        checks=summaries,
        teams=tuple(
            acc.summary(key, team_names.get(key), checks)
            for key, acc in sorted(teams.items(), key=lambda kv: _key_order(kv[0]))
        ),
        caseworkers=tuple(
            acc.summary(key, worker_names.get(key), checks)
            for key, acc in sorted(workers.items(), key=lambda kv: _key_order(kv[0]))
        ),
        changes=tuple(sorted(changes, key=lambda c: (c.day, c.case_id, c.event_id))),
        worst=tuple(worst),
        cases=tuple(kept),
        failures=tuple(failures),
        rejected=rejected,
        settings=s,
        severities={sv.value: severities[sv.value] for sv in Severity},
    )


def _key_order(key: str) -> tuple[int, str]:
    return (1 if key == NONE_KEY else 0, key)


@functools.total_ordering
class _Neg:
    """A case id in reverse order, so that in the heap of the worst cases the lower id wins
    a tie (as in :func:`_rank`)."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def __lt__(self, other: _Neg) -> bool:
        return self.s > other.s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Neg) and self.s == other.s

    def __hash__(self) -> int:
        return hash(self.s)
