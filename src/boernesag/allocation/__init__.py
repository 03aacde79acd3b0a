"""Allocation: explainable suggestions for who gets a case, by the six principles of Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«.

Socialstyrelsen's guide "Hvordan sikres en god fordeling af sager?" names six principles
for distributing children's cases among caseworkers, which a municipality combines: equal
number (or weight) per caseworker, between teams, by district, by CPR number, by special
competences and by management assessment; plus one case per child, siblings with the same
caseworker or deliberately not, and (Socialstyrelsen, »Hvordan overdrages sager?«) as few changes of caseworker as possible.
Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler« gives the considerations behind a case's weight and a caseworker's capacity.

- :func:`suggest_allocation` ranks the caseworkers for one case, each with the parts of the
  score explained ("samme distrikt; kompetence handicap; belastning 82% efter tildeling;
  søskende hos CW-03").
- :func:`allocate` distributes a batch: new cases, or a whole caseload when a team is
  reorganised or a caseworker leaves; optimal with scipy (the ``allocation`` extra), greedy
  without; reports the load before and after per caseworker.
- :class:`Policy` combines :class:`Principle` parts in order, in Python or a TOML file
  (:func:`load_policy`, ``examples/policy.toml``); :class:`WeightModel` and
  :class:`CapacityModel` give case weights and capacities in points.

>>> from boernesag.demo import DEMO_AS_OF, demo_caseload
>>> caseload = demo_caseload(60)
>>> ranked = suggest_allocation(caseload.cases[0], caseload, as_of=DEMO_AS_OF)
>>> ranked[0].rank
1
"""

from __future__ import annotations

from boernesag.allocation.policy import (
    PRINCIPLES,
    SEED_001,
    CompetenceRules,
    Pin,
    Policy,
    PolicyError,
    Principle,
    TeamRule,
    awaits_decision,
    load_policy,
    policy_from_mapping,
    required_competences,
)
from boernesag.allocation.score import ScorePart
from boernesag.allocation.solve import SOLVERS, Allocation, Assignment, Unassigned, allocate
from boernesag.allocation.suggest import (
    Suggestion,
    current_counts,
    current_loads,
    suggest_allocation,
    unallocated_cases,
    why_none,
)
from boernesag.allocation.weights import (
    UNION_CHILDREN_PER_CASEWORKER,
    CapacityModel,
    WeightModel,
    WeightPart,
    case_phase,
)

__all__ = [
    "PRINCIPLES",
    "SEED_001",
    "SOLVERS",
    "UNION_CHILDREN_PER_CASEWORKER",
    "Allocation",
    "Assignment",
    "CapacityModel",
    "CompetenceRules",
    "Pin",
    "Policy",
    "PolicyError",
    "Principle",
    "ScorePart",
    "Suggestion",
    "TeamRule",
    "Unassigned",
    "WeightModel",
    "WeightPart",
    "allocate",
    "awaits_decision",
    "case_phase",
    "current_counts",
    "current_loads",
    "load_policy",
    "policy_from_mapping",
    "required_competences",
    "suggest_allocation",
    "unallocated_cases",
    "why_none",
]
