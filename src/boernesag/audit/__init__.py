"""The case audit: the reviews of seeds 003 and 004, as code.

Seed 004 (a review of 100 complex cases) and seed 003 (a task force review of a disability
area) read case files by hand and counted the same failures. :func:`audit` does that review on
one case; :func:`audit_caseload` on a whole caseload, tabulated as seed 004 does ("§ 50 relevant
in 75 cases, present in 47 %"), per team and per caseworker, with the gaps that caseworker
changes caused and the worst cases first.

>>> from datetime import date
>>> from boernesag.demo import demo_caseload
>>> report = audit_caseload(demo_caseload(50), date(2025, 6, 30))
>>> report.checks[0].check_id
'underretninger'
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import attrs

from boernesag.audit.checks import CHECKS, CheckContext, CheckResult
from boernesag.audit.findings import AuditSettings, CheckStatus, Finding, Severity
from boernesag.deadlines import deadlines
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case, Caseload, EventType

__all__ = [
    "AuditSettings",
    "CaseAudit",
    "CaseloadReport",
    "CheckStatus",
    "CheckSummary",
    "Finding",
    "Severity",
    "audit",
    "audit_case",
    "audit_caseload",
]


@attrs.frozen
class CaseAudit:
    """The audit of one case: each check's status and all findings."""

    case_id: str
    caseworker: str | None
    team: str | None
    results: tuple[CheckResult, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.results for f in r.findings)

    @property
    def score(self) -> int:
        """Severity points: the higher, the worse (used to put the worst cases first)."""
        return sum(f.severity.weight for f in self.findings)

    def status(self, check_id: str) -> CheckStatus:
        for r in self.results:
            if r.check_id == check_id:
                return r.status
        raise KeyError(check_id)


def audit_case(
    case: Case,
    as_of: date,
    *,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
) -> CaseAudit:
    """Run every check on ``case`` as it stood at ``as_of``."""
    rs = rules if rules is not None else default_rules()
    ctx = CheckContext(
        case=case,
        as_of=as_of,
        deadlines=deadlines(case, as_of, rules=rs),
        settings=settings or AuditSettings(),
        rules=rs,
        events=[e for e in case.timeline if e.day <= as_of],
    )
    return CaseAudit(
        case_id=case.case_id,
        caseworker=case.caseworker_on(as_of),
        team=case.team,
        results=tuple(check(ctx) for _, _, _, check in CHECKS),
    )


def audit(
    case: Case,
    as_of: date,
    *,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
) -> list[Finding]:
    """The findings of the audit of one case, most serious first."""
    found = audit_case(case, as_of, settings=settings, rules=rules).findings
    order = list(Severity)
    return sorted(found, key=lambda f: (order.index(f.severity), f.day or date.max))


@attrs.frozen
class CheckSummary:
    """One row of seed 004's table: a check over the caseload."""

    check_id: str
    label_da: str
    label_en: str
    relevant: int
    met: int
    partly: int
    not_met: int
    not_relevant: int
    findings: int

    @property
    def pct_met(self) -> float | None:
        """Share of the relevant cases where the check is met, in percent."""
        return round(100 * self.met / self.relevant, 1) if self.relevant else None

    def label(self, lang: str = "da") -> str:
        return self.label_en if lang == "en" else self.label_da

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "label": self.label(lang),
            "relevant": self.relevant,
            "met": self.met,
            "partly": self.partly,
            "not_met": self.not_met,
            "not_relevant": self.not_relevant,
            "pct_met": self.pct_met,
            "findings": self.findings,
        }


@attrs.frozen
class ChangeGap:
    """A change of caseworker and the inactivity that followed it."""

    case_id: str
    day: date
    from_caseworker: str | None
    to_caseworker: str | None
    gap_days: int | None


@attrs.frozen
class CaseloadReport:
    """The audit of a caseload: per check, per team, per caseworker, changes, worst cases."""

    as_of: date
    cases: tuple[CaseAudit, ...]
    checks: tuple[CheckSummary, ...]
    by_team: dict[str, dict[str, int]]
    by_caseworker: dict[str, dict[str, int]]
    changes: tuple[ChangeGap, ...]
    rejected: tuple[str, ...] = ()

    @property
    def worst(self) -> tuple[CaseAudit, ...]:
        """Cases with findings, worst first."""
        return tuple(
            sorted((c for c in self.cases if c.findings), key=lambda c: (-c.score, c.case_id))
        )

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "cases": len(self.cases),
            "checks": [c.to_dict(lang) for c in self.checks],
            "by_team": self.by_team,
            "by_caseworker": self.by_caseworker,
            "changes": [
                {
                    "case_id": c.case_id,
                    "date": c.day.isoformat(),
                    "from": c.from_caseworker,
                    "to": c.to_caseworker,
                    "gap_days": c.gap_days,
                }
                for c in self.changes
            ],
            "worst_cases": [
                {
                    "case_id": c.case_id,
                    "caseworker": c.caseworker,
                    "score": c.score,
                    "findings": [f.to_dict(lang) for f in c.findings],
                }
                for c in self.worst
            ],
            "rejected": list(self.rejected),
        }


def _changes(case: Case, audit_: CaseAudit, as_of: date) -> list[ChangeGap]:
    assigned = [e for e in case.of_type(EventType.SAGSBEHANDLER_TILDELT) if e.day <= as_of]
    gaps = [f for f in audit_.findings if f.code == "gap"]
    out = []
    for prev, cur in itertools.pairwise(assigned):
        gap = next((int(dict(f.args)["days"]) for f in gaps if cur.id in f.events), None)
        out.append(ChangeGap(case.case_id, cur.day, prev.caseworker, cur.caseworker, gap))
    return out


def _count(table: dict[str, dict[str, int]], key: str | None, audit_: CaseAudit) -> None:
    row = table.setdefault(
        key or "-", {"cases": 0, "findings": 0, **{s.value: 0 for s in Severity}}
    )
    row["cases"] += 1
    for f in audit_.findings:
        row["findings"] += 1
        row[f.severity.value] += 1


def audit_caseload(
    cases: Caseload | Iterable[Case],
    as_of: date,
    *,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
    progress: Callable[[int], None] | None = None,
) -> CaseloadReport:
    """Audit every case and aggregate as seed 004 does.

    Cases rejected by a lenient load are listed in ``rejected``, so none is silently missing.
    """
    rs = rules if rules is not None else default_rules()
    audits: list[CaseAudit] = []
    changes: list[ChangeGap] = []
    by_team: dict[str, dict[str, int]] = {}
    by_cw: dict[str, dict[str, int]] = {}
    for i, case in enumerate(cases, 1):
        a = audit_case(case, as_of, settings=settings, rules=rs)
        audits.append(a)
        changes.extend(_changes(case, a, as_of))
        _count(by_team, a.team, a)
        _count(by_cw, a.caseworker, a)
        if progress is not None:
            progress(i)
    summaries = []
    for check_id, label_da, label_en, _ in CHECKS:
        counts = dict.fromkeys(CheckStatus, 0)
        n_findings = 0
        for a in audits:
            r = next(r for r in a.results if r.check_id == check_id)
            counts[r.status] += 1
            n_findings += len(r.findings)
        relevant = len(audits) - counts[CheckStatus.NOT_RELEVANT]
        summaries.append(
            CheckSummary(
                check_id,
                label_da,
                label_en,
                relevant,
                counts[CheckStatus.MET],
                counts[CheckStatus.PARTLY],
                counts[CheckStatus.NOT_MET],
                counts[CheckStatus.NOT_RELEVANT],
                n_findings,
            )
        )
    rejected: tuple[str, ...] = ()
    if isinstance(cases, Caseload):
        rejected = tuple(r.error for r in cases.rejected)
    return CaseloadReport(
        as_of=as_of,
        cases=tuple(audits),
        checks=tuple(summaries),
        by_team=by_team,
        by_caseworker=by_cw,
        changes=tuple(changes),
        rejected=rejected,
    )
