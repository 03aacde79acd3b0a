"""boernesag: Danish child-welfare case rules as code.

Working days and legal periods, every statutory deadline of a child's case (Barnets Lov from
1 January 2024, Serviceloven before), case audit, handover and allocation.

The core (calendar, periods, case model, JSON format, rules and deadlines) is imported with
the package; the audit, handover and allocation functions load on first use. Nothing heavy
(pandas, numpy, matplotlib, scipy) is imported until a function that needs it is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from boernesag.calendar import (
    Calendar,
    add_working_days,
    default_calendar,
    is_working_day,
    next_working_day,
    working_days_between,
)
from boernesag.caseio import dump_case, dump_caseload, load_case, load_caseload
from boernesag.deadlines import Deadline, Status, caseload_deadlines, deadlines, due_within
from boernesag.errors import (
    BoernesagError,
    CalendarRangeError,
    CaseFormatError,
    RuleError,
    TimeZoneError,
)
from boernesag.law import RuleSet, default_rules
from boernesag.model import (
    Case,
    Caseload,
    Caseworker,
    Child,
    Decision,
    Event,
    EventType,
    Measure,
    Team,
)
from boernesag.periods import LeapDayRule, Period, PeriodEnd

if TYPE_CHECKING:
    from boernesag.allocation import allocate, suggest_allocation
    from boernesag.audit import Finding, audit, audit_caseload
    from boernesag.handover import (
        Handover,
        age_overview,
        handover,
        reassign,
        switch_report,
        transition_plans,
    )

__version__ = "0.1.0"

__all__ = [
    "BoernesagError",
    "Calendar",
    "CalendarRangeError",
    "Case",
    "CaseFormatError",
    "Caseload",
    "Caseworker",
    "Child",
    "Deadline",
    "Decision",
    "Event",
    "EventType",
    "Finding",
    "Handover",
    "LeapDayRule",
    "Measure",
    "Period",
    "PeriodEnd",
    "RuleError",
    "RuleSet",
    "Status",
    "Team",
    "TimeZoneError",
    "__version__",
    "add_working_days",
    "age_overview",
    "allocate",
    "audit",
    "audit_caseload",
    "caseload_deadlines",
    "deadlines",
    "default_calendar",
    "default_rules",
    "due_within",
    "dump_case",
    "dump_caseload",
    "handover",
    "is_working_day",
    "load_case",
    "load_caseload",
    "next_working_day",
    "reassign",
    "suggest_allocation",
    "switch_report",
    "transition_plans",
    "working_days_between",
]

_LAZY = {
    "audit": "boernesag.audit",
    "audit_caseload": "boernesag.audit",
    "Finding": "boernesag.audit",
    "handover": "boernesag.handover",
    "reassign": "boernesag.handover",
    "Handover": "boernesag.handover",
    "switch_report": "boernesag.handover",
    "transition_plans": "boernesag.handover",
    "age_overview": "boernesag.handover",
    "suggest_allocation": "boernesag.allocation",
    "allocate": "boernesag.allocation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'boernesag' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
