"""Allocation: explainable suggestions for who gets a case, by the six principles of seed 001.

>>> from datetime import date
>>> from boernesag.demo import demo_caseload
>>> caseload = demo_caseload(60)
>>> ranked = suggest_allocation(caseload.cases[0], caseload, as_of=date(2025, 6, 30))
>>> ranked[0].rank
1
"""

from __future__ import annotations

from boernesag.allocation.engine import (
    Allocation,
    Assignment,
    ScorePart,
    Suggestion,
    allocate,
    current_loads,
    suggest_allocation,
)
from boernesag.allocation.policy import (
    PRINCIPLES,
    CapacityModel,
    Pin,
    Policy,
    PolicyError,
    Principle,
    WeightModel,
    load_policy,
    required_competences,
)

__all__ = [
    "PRINCIPLES",
    "Allocation",
    "Assignment",
    "CapacityModel",
    "Pin",
    "Policy",
    "PolicyError",
    "Principle",
    "ScorePart",
    "Suggestion",
    "WeightModel",
    "allocate",
    "current_loads",
    "load_policy",
    "required_competences",
    "suggest_allocation",
]
