"""``boernesag audit --engine columnar``: the audit of a caseload by the numpy audit.

:func:`boernesag.columnar.audit_table` audits every case at once, equal to the scalar
:func:`boernesag.audit.audit_case` case by case (tests/test_columnar_audit.py). The command
renders the same :class:`~boernesag.audit.CaseloadReport` as with the scalar engine, made
from the table in one of two ways (:func:`columnar_report`):

- ``checks_only`` (the check table: ``--format table`` or ``csv`` without ``--findings``):
  the per-check counts and the severities come straight from the columns
  (:meth:`AuditTable.summary <boernesag.columnar.AuditTable.summary>`); no case is audited
  one at a time. The report's teams, caseworkers, changes and cases are then left empty:
  that output does not show them.
- every other output shows findings with their explanations, or the teams, caseworkers and
  changes of caseworker with the gap that followed. The table holds a finding's facts but not
  the arguments of its explanation (the days of a gap, what a decision lacks), so **a case
  with at least one finding is audited again by the scalar audit** (exact, with
  explanations; in the demo about a quarter of the cases). A case without findings gets its
  :class:`~boernesag.audit.CaseAudit` from the table's statuses, its caseworker, team and
  changes from :func:`~boernesag.audit.audit_case` with no check and no deadline (cheap);
  its check results carry the status, not the items the status was judged from. The audits
  are counted by :func:`boernesag.audit.report.tabulate`, as ``audit_caseload`` counts them.

One case never stops the caseload: if the table cannot be computed for the whole caseload,
the cases it fails on are found by halving, and each of them is audited by the scalar audit:
a case that fails there too is listed as a failure with the scalar audit's message (as with
``--engine scalar``), one that does not is counted with its scalar audit. Needs numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime

import attrs
import numpy as np

from boernesag.audit.checks import CheckResult
from boernesag.audit.core import CaseAudit, audit_case
from boernesag.audit.report import AuditFailure, CaseloadReport, tabulate
from boernesag.audit.settings import AuditSettings
from boernesag.columnar import AuditTable, EventTable, audit_table
from boernesag.columnar.audit import CHECK_STATUSES
from boernesag.law import RuleSet
from boernesag.model import Case, Caseload

__all__ = ["columnar_report"]

#: What a case of the input became: its row in the table, its scalar audit, or a failure.
_Entry = int | CaseAudit | AuditFailure


def _table(
    cases: Sequence[Case],
    as_of: date | datetime,
    settings: AuditSettings,
    rules: RuleSet,
    progress: Callable[[int], None] | None = None,
) -> AuditTable:
    table = EventTable.from_cases(cases, progress=progress)
    return audit_table(table, as_of, settings=settings, rules=rules)


def _failing(
    cases: Sequence[Case], as_of: date | datetime, settings: AuditSettings, rules: RuleSet
) -> list[int]:
    """The positions in ``cases`` of the cases the table cannot be computed for (by halving:
    a run of cases that computes is not split further)."""
    try:
        _table(cases, as_of, settings, rules)
    except Exception:  # find the case(s) to blame
        if len(cases) == 1:
            return [0]
        mid = len(cases) // 2
        left = _failing(cases[:mid], as_of, settings, rules)
        right = _failing(cases[mid:], as_of, settings, rules)
        return left + [mid + i for i in right]
    return []


def _compute(
    cases: Sequence[Case],
    as_of: date | datetime,
    settings: AuditSettings,
    rules: RuleSet,
    progress: Callable[[int], None] | None,
) -> tuple[AuditTable, list[Case], list[_Entry]]:
    """The table of the cases it can be computed for, those cases (in order), and per case
    of the input its entry: its row in the table, else its scalar audit or failure."""
    try:
        return _table(cases, as_of, settings, rules, progress), list(cases), list(range(len(cases)))
    except Exception:
        bad = set(_failing(cases, as_of, settings, rules))
    good: list[Case] = []
    entries: list[_Entry] = []
    for i, case in enumerate(cases):
        if i not in bad:
            entries.append(len(good))
            good.append(case)
            continue
        try:
            entries.append(audit_case(case, as_of, settings=settings, rules=rules))
        except Exception as exc:  # as the scalar engine lists it
            entries.append(AuditFailure.of(case, exc))
    return _table(good, as_of, settings, rules), good, entries


def _audits(
    result: AuditTable,
    good: Sequence[Case],
    entries: Iterable[_Entry],
    as_of: date | datetime,
    settings: AuditSettings,
    rules: RuleSet,
) -> Iterator[CaseAudit | AuditFailure]:
    """Every case's audit (or failure), in input order: by the scalar audit for a case with
    findings (for their explanations), from the table's statuses for the others."""
    with_findings = np.bincount(result.case, minlength=len(good)) > 0
    statuses = result.status.tolist()
    check_ids = result.check_ids
    for entry in entries:
        if not isinstance(entry, int):
            yield entry
            continue
        case = good[entry]
        try:
            if with_findings[entry]:
                yield audit_case(case, as_of, settings=settings, rules=rules)
                continue
            # No check and no deadline: only the caseworker, the team and the changes (with
            # no gap: a gap is a finding, and this case has none).
            base = audit_case(case, as_of, settings=settings, rules=rules, checks=(), computed=())
        except Exception as exc:  # as the scalar engine lists it
            yield AuditFailure.of(case, exc)
            continue
        results = tuple(
            CheckResult(cid, CHECK_STATUSES[code])
            for cid, code in zip(check_ids, statuses[entry], strict=True)
        )
        yield attrs.evolve(base, results=results)


def columnar_report(
    cases: Caseload | Sequence[Case],
    as_of: date | datetime,
    *,
    settings: AuditSettings,
    rules: RuleSet,
    checks_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CaseloadReport:
    """The report of :func:`boernesag.audit.audit_caseload` on ``cases``, by the columnar
    audit (see the module). ``checks_only``: only the check table, the severities, the
    number of cases, the failures and the rejected cases are filled in. ``progress`` is
    called while the event table is built."""
    seq = cases.cases if isinstance(cases, Caseload) else cases
    result, good, entries = _compute(seq, as_of, settings, rules, progress)
    if checks_only and all(isinstance(e, (int, AuditFailure)) for e in entries):
        summary = result.summary()
        failures = [e for e in entries if isinstance(e, AuditFailure)]
        empty = tabulate(failures, cases, as_of, settings=settings)
        return attrs.evolve(
            empty,
            n_cases=summary.n_cases,
            checks=summary.checks,
            severities=dict(summary.severities),
        )
    return tabulate(_audits(result, good, entries, as_of, settings, rules), cases, as_of,
                    settings=settings)  # fmt: skip
