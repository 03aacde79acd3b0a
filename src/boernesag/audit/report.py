"""The audit of a caseload, tabulated as BDO, Randers 2016 does.

BDO, Randers 2016 reports per theme: "I 75 af sagerne er det vurderet relevant, at der er en § 50
undersøgelse. I 47 % af disse sager er der § 50 undersøgelse". :func:`audit_caseload` gives
that table for every check (relevant, met, partly met, not met, not relevant), the same per
team and per caseworker, each change of caseworker with the gap it caused (cases received and
given), and the worst cases first. Cases are audited one at a time and counted as they pass,
so a stream of 100,000 cases needs memory only for what the report keeps.

Counting is done by a tally that keeps, per case, only what the report needs; the tallies of
consecutive runs of cases merge. ``audit_caseload(..., workers=2)`` therefore audits chunks of
cases in worker processes and merges their tallies in input order: the report is the same as
in one process (the workers send back counts, not the audits, unless ``keep_cases``).
"""

from __future__ import annotations

import collections
import functools
import gc
import heapq
import itertools
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date, datetime
from typing import Any

import attrs

from boernesag.audit.checks import CHECKS, Check
from boernesag.audit.core import CaseAudit, ChangeGap, audit_case
from boernesag.audit.findings import CheckStatus, Severity
from boernesag.audit.settings import AuditSettings
from boernesag.calendar import Calendar, default_calendar
from boernesag.cpr import redact
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case, Caseload
from boernesag.periods import LeapDayRule, as_of_day

__all__ = [
    "AuditFailure",
    "CaseloadReport",
    "CheckSummary",
    "GroupSummary",
    "audit_caseload",
    "tabulate",
]

NONE_KEY = "-"
"""The group key of cases with no caseworker (or team) recorded."""


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@attrs.frozen
class CheckSummary:
    """One row of BDO's (Randers 2016) table: a check over the caseload.

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

    @classmethod
    def of(cls, case: object, exc: BaseException) -> AuditFailure:
        """The failure of the audit of ``case`` by ``exc``: its id and ``"TypeName: message"``
        (the message may echo a value typed into the wrong field: CPR digits are masked)."""
        return cls(getattr(case, "case_id", None), redact(f"{type(exc).__name__}: {exc}"))


@attrs.frozen
class CaseloadReport:
    """The audit of a caseload.

    ``checks``: BDO's (Randers 2016) table; ``teams`` and ``caseworkers``: the same per group, with
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


_GROUP_STATUSES = tuple((s, s.value) for s in CheckStatus if s is not CheckStatus.NOT_RELEVANT)

#: Below this many cases ``workers=None`` audits in the calling process: starting worker
#: processes costs more than it saves.
MIN_PARALLEL = 2_000


def _by_check(
    vectors: Counter[tuple[CheckStatus, ...]], check_ids: tuple[str, ...]
) -> dict[str, Counter[CheckStatus]]:
    """Status counts per check from counts of status vectors (one status per check)."""
    out: dict[str, Counter[CheckStatus]] = {cid: Counter() for cid in check_ids}
    for vector, count in vectors.items():
        for cid, status in zip(check_ids, vector, strict=False):
            out[cid][status] += count
    return out


class _Acc:
    """Running counts for one group (a team or a caseworker).

    The check statuses are counted per *vector* (each check's status on one case, in the
    order of the checks): one count per case, spread over the checks once at the end.
    """

    __slots__ = (
        "cases",
        "findings",
        "gap_days",
        "gaps",
        "given",
        "ongoing",
        "received",
        "severity",
        "statuses",
    )

    def __init__(self) -> None:
        self.cases = 0
        self.findings = 0
        self.ongoing = 0
        self.severity: Counter[Severity] = Counter()
        self.statuses: Counter[tuple[CheckStatus, ...]] = Counter()
        self.received = 0
        self.given = 0
        self.gaps = 0
        self.gap_days = 0

    def add(
        self,
        vector: tuple[CheckStatus, ...],
        n_findings: int,
        n_ongoing: int,
        severity: Counter[Severity] | None,
    ) -> None:
        self.cases += 1
        self.statuses[vector] += 1
        if severity:
            self.findings += n_findings
            self.ongoing += n_ongoing
            self.severity.update(severity)

    def merge(self, other: _Acc) -> None:
        """Add the counts of ``other`` (the same group in a later run of cases)."""
        self.cases += other.cases
        self.findings += other.findings
        self.ongoing += other.ongoing
        self.severity.update(other.severity)
        self.statuses.update(other.statuses)
        self.received += other.received
        self.given += other.given
        self.gaps += other.gaps
        self.gap_days += other.gap_days

    def summary(self, key: str, name: str | None, checks: tuple[Check, ...]) -> GroupSummary:
        counts = _by_check(self.statuses, tuple(c.id for c in checks))
        return GroupSummary(
            key=key,
            name=name,
            cases=self.cases,
            findings=self.findings,
            ongoing=self.ongoing,
            by_severity={s.value: self.severity[s] for s in Severity},
            checks={c.id: {value: counts[c.id][s] for s, value in _GROUP_STATUSES} for c in checks},
            received=self.received,
            given=self.given,
            gaps_after_received=self.gaps,
            gap_days_after_received=self.gap_days,
        )


def _rank(a: CaseAudit) -> tuple[int, int, str]:
    return (-a.score, -a.ongoing, a.case_id)


_HeapEntry = tuple[tuple[int, int, "_Neg"], int, CaseAudit]


@attrs.frozen
class _Job:
    """What auditing a case needs besides the case (sent to worker processes)."""

    as_of: date | datetime
    settings: AuditSettings
    rules: RuleSet | None
    calendar: Calendar | None
    leap_day_rule: LeapDayRule
    checks: tuple[Check, ...]
    strict: bool
    keep_cases: bool
    worst_limit: int


class _Tally:
    """The counts of a run of audited cases, in input order.

    A tally keeps per case only what the report needs (status vectors, finding counts, the
    changes, the failures, the worst cases or, with ``keep_cases``, every case's audit), and
    the tally of a later run merges into it: the caseload's tally is the same whether its
    cases were audited in one run or in chunks by worker processes.
    """

    __slots__ = (
        "changes",
        "error",
        "failures",
        "findings",
        "heap",
        "keep_cases",
        "kept",
        "n",
        "ongoing",
        "severities",
        "statuses",
        "teams",
        "workers",
        "worst_limit",
    )

    def __init__(self, keep_cases: bool, worst_limit: int) -> None:
        self.keep_cases = keep_cases
        self.worst_limit = worst_limit
        self.n = 0
        self.statuses: Counter[tuple[CheckStatus, ...]] = Counter()
        self.findings: Counter[str] = Counter()
        self.ongoing: Counter[str] = Counter()
        self.severities: Counter[Severity] = Counter()
        self.teams: dict[str, _Acc] = {}
        self.workers: dict[str, _Acc] = {}
        self.changes: list[ChangeGap] = []
        self.kept: list[CaseAudit] = []
        self.heap: list[_HeapEntry] = []
        self.failures: list[AuditFailure] = []
        #: In a worker with ``strict``: the number of the case the audit failed on.
        self.error: int | None = None

    def _group(self, groups: dict[str, _Acc], key: str | None) -> _Acc:
        k = key or NONE_KEY
        acc = groups.get(k)
        if acc is None:
            acc = groups[k] = _Acc()
        return acc

    def add(self, a: CaseAudit, i: int) -> None:
        """Count the audit ``a`` of the ``i``-th case (from 1) of the input."""
        self.n += 1
        vector = []
        n_findings = n_ongoing = 0
        severity: Counter[Severity] | None = None
        for r in a.results:
            vector.append(r.status)
            found = r.findings
            if found:
                if severity is None:
                    severity = Counter()
                ongoing = 0
                for f in found:
                    ongoing += f.ongoing
                    severity[f.severity] += 1
                n_findings += len(found)
                n_ongoing += ongoing
                self.findings[r.check_id] += len(found)
                self.ongoing[r.check_id] += ongoing
        statuses = tuple(vector)
        self.statuses[statuses] += 1
        if severity:
            self.severities.update(severity)
        self._group(self.teams, a.team).add(statuses, n_findings, n_ongoing, severity)
        self._group(self.workers, a.caseworker).add(statuses, n_findings, n_ongoing, severity)
        for ch in a.changes:
            self.changes.append(ch)
            self._group(self.workers, ch.from_caseworker).given += 1
            taker = self._group(self.workers, ch.to_caseworker)
            taker.received += 1
            if ch.gap_days is not None:
                taker.gaps += 1
                taker.gap_days += ch.gap_days
        if self.keep_cases:
            self.kept.append(a)
        elif severity and a.score > 0 and self.worst_limit > 0:
            self._push(((a.score, a.ongoing, _Neg(a.case_id)), i, a))

    def _push(self, entry: _HeapEntry) -> None:
        heap = self.heap
        if len(heap) < self.worst_limit:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)

    def run(
        self,
        cases: Iterable[Case],
        first: int,
        job: _Job,
        progress: Callable[[int], None] | None = None,
        *,
        in_worker: bool = False,
    ) -> None:
        """Audit ``cases``, the first of them the ``first``-th of the input, and count them.

        With ``job.strict`` a failure raises; in a worker it stops the run and is recorded in
        :attr:`error` instead (the parent re-raises it: not every exception survives pickling).
        """
        s, leap, checks = job.settings, job.leap_day_rule, job.checks
        rs = job.rules if job.rules is not None else default_rules()
        cal = job.calendar if job.calendar is not None else default_calendar()
        as_of = job.as_of
        for i, case in enumerate(cases, first):
            try:
                a = audit_case(
                    case,
                    as_of,
                    settings=s,
                    rules=rs,
                    calendar=cal,
                    leap_day_rule=leap,
                    checks=checks,
                )
            except Exception as exc:
                if job.strict:
                    if in_worker:
                        self.error = i
                        return
                    raise
                self.failures.append(AuditFailure.of(case, exc))
            else:
                self.add(a, i)
            if progress is not None:
                progress(i)

    def merge(self, other: _Tally) -> None:
        """Add the tally of the cases that follow this tally's cases in the input."""
        self.n += other.n
        self.statuses.update(other.statuses)
        self.findings.update(other.findings)
        self.ongoing.update(other.ongoing)
        self.severities.update(other.severities)
        for mine, theirs in ((self.teams, other.teams), (self.workers, other.workers)):
            for key, acc in theirs.items():
                if key in mine:
                    mine[key].merge(acc)
                else:
                    mine[key] = acc
        self.changes.extend(other.changes)
        self.kept.extend(other.kept)
        self.failures.extend(other.failures)
        for entry in sorted(other.heap, key=lambda e: e[1]):
            self._push(entry)


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
    workers: int | None = 1,
    chunk_size: int | None = None,
) -> CaseloadReport:
    """Audit every case and tabulate as BDO, Randers 2016 does.

    ``cases`` is a :class:`~boernesag.model.Caseload` (team and caseworker names, and the
    cases a lenient load rejected, come with it) or any iterable of cases, e.g. a stream from
    :func:`boernesag.demo.iter_demo_cases`. ``keep_cases=False`` keeps only the counts and the
    ``worst_limit`` worst cases (for very large caseloads). A case the audit cannot run on is
    listed in ``failures`` (its id and ``"TypeName: message"``, CPR-shaped digits masked) and
    the others are audited; ``strict=True`` raises instead. ``as_of`` outside the plausible
    window raises :class:`~boernesag.errors.CalendarRangeError` before any case is read.
    ``progress`` is called with the number of cases done.

    ``workers`` audits in that many worker processes (standard library
    :mod:`concurrent.futures`), ``chunk_size`` cases at a time (default: about eight chunks
    per worker, 100 to 2,000 cases each; 1,000 for a stream); each worker sends back the
    counts of its chunk, not the audits (except the worst cases, or every audit with
    ``keep_cases``). ``workers=None`` uses every CPU, except for fewer than
    :data:`MIN_PARALLEL` cases. The report is the same for any number of workers; with more
    than one, ``progress`` is called after each chunk.
    """
    day = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    s = settings if settings is not None else AuditSettings()
    job = _Job(as_of, s, rules, calendar, leap_day_rule, checks, strict, keep_cases, worst_limit)
    n_workers = _n_workers(cases, workers)
    if n_workers > 1:
        size = chunk_size if chunk_size is not None else _chunk_size(cases, n_workers)
        tally = _parallel(cases, job, n_workers, max(1, size), progress)
    else:
        rs = rules if rules is not None else default_rules()
        cal = calendar if calendar is not None else default_calendar()
        tally = _Tally(keep_cases, worst_limit)
        tally.run(cases, 1, attrs.evolve(job, rules=rs, calendar=cal), progress)
    return _report(tally, cases, day, s, checks)


def tabulate(
    audits: Iterable[CaseAudit | AuditFailure],
    cases: Caseload | Iterable[Case],
    as_of: date | datetime,
    *,
    settings: AuditSettings | None = None,
    checks: tuple[Check, ...] = CHECKS,
    keep_cases: bool = True,
    worst_limit: int = 100,
) -> CaseloadReport:
    """The report of :func:`audit_caseload` from audits made elsewhere (e.g. from the columnar
    audit, :mod:`boernesag.cli.audit_columnar`), given in input order: each
    :class:`CaseAudit` is counted as :func:`audit_caseload` counts it, each
    :class:`AuditFailure` is listed in ``failures``. ``cases`` gives the team and caseworker
    names and the rejected cases (as for :func:`audit_caseload`); ``settings`` and ``checks``
    must be those the audits were made with.
    """
    s = settings if settings is not None else AuditSettings()
    tally = _Tally(keep_cases, worst_limit)
    for i, a in enumerate(audits, 1):
        if isinstance(a, AuditFailure):
            tally.failures.append(a)
        else:
            tally.add(a, i)
    return _report(tally, cases, as_of_day(as_of), s, checks)


def _report(
    tally: _Tally,
    cases: Caseload | Iterable[Case],
    day: date,
    settings: AuditSettings,
    checks: tuple[Check, ...],
) -> CaseloadReport:
    if tally.keep_cases:
        worst = sorted((a for a in tally.kept if a.score > 0), key=_rank)[: tally.worst_limit]
    else:
        worst = sorted((a for _, _, a in tally.heap), key=_rank)
    counts = _by_check(tally.statuses, tuple(c.id for c in checks))
    summaries = tuple(
        CheckSummary(
            check_id=c.id,
            label_da=c.label_da,
            label_en=c.label_en,
            basis=c.basis,
            met=counts[c.id][CheckStatus.MET],
            partly=counts[c.id][CheckStatus.PARTLY],
            not_met=counts[c.id][CheckStatus.NOT_MET],
            not_relevant=counts[c.id][CheckStatus.NOT_RELEVANT],
            findings=tally.findings[c.id],
            ongoing=tally.ongoing[c.id],
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
        n_cases=tally.n,
        checks=summaries,
        teams=tuple(
            acc.summary(key, team_names.get(key), checks)
            for key, acc in sorted(tally.teams.items(), key=lambda kv: _key_order(kv[0]))
        ),
        caseworkers=tuple(
            acc.summary(key, worker_names.get(key), checks)
            for key, acc in sorted(tally.workers.items(), key=lambda kv: _key_order(kv[0]))
        ),
        changes=tuple(sorted(tally.changes, key=lambda c: (c.day, c.case_id, c.event_id))),
        worst=tuple(worst),
        cases=tuple(tally.kept),
        failures=tuple(tally.failures),
        rejected=rejected,
        settings=settings,
        severities={sv.value: tally.severities[sv] for sv in Severity},
    )


# --------------------------------------------------------------------------- worker processes


def _n_workers(cases: Caseload | Iterable[Case], workers: int | None) -> int:
    if workers is not None:
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ValueError(
                f"audit_caseload(): workers skal være et helt tal på mindst 1 eller None "
                f"(alle kerner), ikke {workers!r}"
            )
        return workers
    seq = _as_sequence(cases)
    if seq is not None and len(seq) < MIN_PARALLEL:
        return 1
    return os.cpu_count() or 1


def _chunk_size(cases: Caseload | Iterable[Case], n_workers: int) -> int:
    """Chunks small enough that no worker waits long for the last one, large enough that
    sending them costs little."""
    seq = _as_sequence(cases)
    if seq is None:
        return 1_000
    return min(2_000, max(100, -(-len(seq) // (8 * n_workers))))


def _as_sequence(cases: Caseload | Iterable[Case]) -> Sequence[Case] | None:
    if isinstance(cases, Caseload):
        return cases.cases
    if isinstance(cases, Sequence):
        return cases
    return None


#: The cases and the job, shared with forked workers (set just before the pool starts).
_SHARED: tuple[Sequence[Case], _Job | None] = ((), None)


def _audit_range(start: int, stop: int) -> _Tally:
    """In a forked worker: audit the shared cases ``start:stop``."""
    cases, job = _SHARED
    assert job is not None
    return _audit_chunk(cases[start:stop], start + 1, job)


def _audit_chunk(cases: Sequence[Case], first: int, job: _Job) -> _Tally:
    """In a worker: audit ``cases`` and return their tally."""
    tally = _Tally(job.keep_cases, job.worst_limit)
    tally.run(cases, first, job, in_worker=True)
    return tally


def _chunks(cases: Iterable[Case], size: int) -> Iterator[list[Case]]:
    it = iter(cases)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _parallel(
    cases: Caseload | Iterable[Case],
    job: _Job,
    n_workers: int,
    chunk_size: int,
    progress: Callable[[int], None] | None,
) -> _Tally:
    """Audit in ``n_workers`` processes, chunk by chunk, and merge the tallies in input order.

    On Linux a sequence of cases is shared with forked workers (only index ranges travel);
    otherwise chunks of cases are sent, with at most two chunks per worker under way, so a
    stream of cases is never read into memory at once.
    """
    global _SHARED
    seq = _as_sequence(cases)
    forked = (
        seq is not None
        and sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
    )
    total = _Tally(job.keep_cases, job.worst_limit)
    done = 0
    frozen = False
    pending: collections.deque[tuple[Future[_Tally], Sequence[Case], int]] = collections.deque()

    def collect() -> None:
        nonlocal done
        future, chunk, first = pending.popleft()
        tally = future.result()
        if tally.error is not None:
            # Re-raise the worker's failure here, with its own type and message.
            case = chunk[tally.error - first]
            audit_case(
                case,
                job.as_of,
                settings=job.settings,
                rules=job.rules,
                calendar=job.calendar,
                leap_day_rule=job.leap_day_rule,
                checks=job.checks,
            )
            raise RuntimeError(f"sag {getattr(case, 'case_id', None)}: revisionen fejlede")
        total.merge(tally)
        done += len(chunk)
        if progress is not None:
            progress(done)

    try:
        if forked:
            assert seq is not None
            _SHARED = (seq, job)
            context = multiprocessing.get_context("fork")
            # The workers inherit the cases. Frozen objects are left alone by the workers'
            # garbage collector, which would otherwise touch, and so copy, every inherited
            # page (the gc.freeze recipe of the Python documentation). A program that froze
            # objects itself keeps its own freeze.
            if gc.get_freeze_count() == 0:
                gc.freeze()
                frozen = True
            with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as pool:
                for start in range(0, len(seq), chunk_size):
                    stop = min(start + chunk_size, len(seq))
                    future = pool.submit(_audit_range, start, stop)
                    pending.append((future, seq[start:stop], start + 1))
                while pending:
                    collect()
        else:
            with ProcessPoolExecutor(max_workers=n_workers) as pool:
                first = 1
                for chunk in _chunks(cases, chunk_size):
                    pending.append((pool.submit(_audit_chunk, chunk, first, job), chunk, first))
                    first += len(chunk)
                    if len(pending) >= 2 * n_workers:
                        collect()
                while pending:
                    collect()
    finally:
        _SHARED = ((), None)
        if frozen:
            gc.unfreeze()
    return total


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
