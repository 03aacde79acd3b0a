"""Handover: checklists and the sagsliste for a change of caseworker, reassignment, fewer
switches, and the transition to adulthood.

Socialstyrelsen ("Hvordan overdrages sager?"), the Task force (Jammerbugt 2017: handover
procedure, KUM, efterværn, overleveringsmøde) and BDO (Randers 2016: "huller" at changes of
caseworker, decisions taken twice, the receiver's summary points).

Example::

    from datetime import date
    from boernesag.handover import handover, reassign, render_markdown

    h = handover(caseload, caseworker="CW-1", as_of=date(2025, 3, 3), reason="sygdom")
    print(render_markdown(h))
    r = reassign(caseload, "CW-1", to="CW-2", on=date(2025, 3, 3))

Main entry points: :func:`handover`, :func:`reassign`, :func:`switch_report`,
:func:`transition_plans`, :func:`age_overview`; renderers in
:mod:`boernesag.handover.render`.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from boernesag.handover.checklist import (
    ITEMS,
    Checklist,
    ChecklistEntry,
    ChecklistItem,
    Role,
    build_checklist,
)
from boernesag.handover.core import Handover, WindowWarning, handover, select_cases
from boernesag.handover.reassignment import (
    Move,
    Reassignment,
    assignment_event_id,
    assignment_time,
    reassign,
)
from boernesag.handover.render import (
    render_as,
    render_html,
    render_json,
    render_markdown,
    sagsliste_frame,
)
from boernesag.handover.sagsliste import (
    Agreement,
    DeadlineInfo,
    FindingInfo,
    Grant,
    MeasureInfo,
    OpenItem,
    Sagsliste,
    SagslisteRow,
    Urgency,
    build_sagsliste,
    sagsliste_row,
)
from boernesag.handover.situation import (
    HandoverKind,
    HandoverSettings,
    Reason,
    Scope,
    Situation,
)
from boernesag.handover.switches import SwitchRow, complexity, switch_report
from boernesag.handover.transition import (
    AgeMilestone,
    TransitionPlan,
    TransitionStep,
    age_overview,
    transition_plan,
    transition_plans,
)

__all__ = [
    "ITEMS",
    "AgeMilestone",
    "Agreement",
    "Checklist",
    "ChecklistEntry",
    "ChecklistItem",
    "DeadlineInfo",
    "FindingInfo",
    "Grant",
    "Handover",
    "HandoverKind",
    "HandoverSettings",
    "MeasureInfo",
    "Move",
    "OpenItem",
    "Reason",
    "Reassignment",
    "Role",
    "Sagsliste",
    "SagslisteRow",
    "Scope",
    "Situation",
    "SwitchRow",
    "TransitionPlan",
    "TransitionStep",
    "Urgency",
    "WindowWarning",
    "age_overview",
    "assignment_event_id",
    "assignment_time",
    "build_checklist",
    "build_sagsliste",
    "complexity",
    "handover",
    "reassign",
    "render_as",
    "render_html",
    "render_json",
    "render_markdown",
    "sagsliste_frame",
    "sagsliste_row",
    "select_cases",
    "switch_report",
    "transition_plan",
    "transition_plans",
]


class _HandoverModule(types.ModuleType):
    """``boernesag.handover`` names both this package and the function :func:`handover`
    (the spec's ``boernesag.handover(...)``). Importing the package makes the package the
    attribute of :mod:`boernesag`; calling it calls the function, so both readings work."""

    def __call__(self, *args: Any, **kwargs: Any) -> Handover:
        return handover(*args, **kwargs)


sys.modules[__name__].__class__ = _HandoverModule
