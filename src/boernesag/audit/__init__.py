"""The case audit: the reviews of the Task force (Jammerbugt 2017) and BDO (Randers 2016), as code.

BDO, Randers 2016 (a review of 100 complex cases) and Task forcen, Jammerbugt 2017 (a task force review of a disability
area) read case files by hand and counted the same failures: no or a stale børnefaglig
undersøgelse, no plan, no conversation with the child, late follow-up, decisions without
partshøring, begrundelse or klagevejledning, the same decision taken twice, "huller" at
changes of caseworker, waiting for a measure, a transition to adulthood not prepared.
:func:`audit` does that review on one case; :func:`audit_caseload` on a caseload, tabulated
as BDO, Randers 2016 does ("§ 50 relevant in 75 cases, present in 47 %"), per team and caseworker,
with the gaps that caseworker changes caused and the worst cases first.

>>> from datetime import date
>>> from boernesag.demo import demo_caseload
>>> report = audit_caseload(demo_caseload(50), date(2025, 6, 30))
>>> [c.check_id for c in report.checks][:4]
['bfu', 'boernesamtale', 'barnets-plan', 'opfoelgning']
"""

from __future__ import annotations

from boernesag.audit.checks import CHECKS, Check, CheckContext, CheckResult, Item
from boernesag.audit.core import CaseAudit, ChangeGap, audit, audit_case
from boernesag.audit.findings import CheckStatus, Finding, Severity
from boernesag.audit.frame import report_to_frame
from boernesag.audit.report import (
    AuditFailure,
    CaseloadReport,
    CheckSummary,
    GroupSummary,
    audit_caseload,
)
from boernesag.audit.settings import AuditSettings

__all__ = [
    "CHECKS",
    "AuditFailure",
    "AuditSettings",
    "CaseAudit",
    "CaseloadReport",
    "ChangeGap",
    "Check",
    "CheckContext",
    "CheckResult",
    "CheckStatus",
    "CheckSummary",
    "Finding",
    "GroupSummary",
    "Item",
    "Severity",
    "audit",
    "audit_case",
    "audit_caseload",
    "report_to_frame",
]
