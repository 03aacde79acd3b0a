"""Allocation policy: case weights, caseworker capacity and the six principles of seed 001.

Seed 001 names six principles for distributing cases: equal number per caseworker, between
teams, by district, by CPR number (birth-day ranges), by special competences, and by management
assessment. They combine: a municipality lists them in order in a :class:`Policy` (in Python or
a small TOML file), each as a hard constraint or a soft preference with a weight. Seed 002's
considerations give the case weight (complexity, case type, team type, preventive work) and the
capacity (experience, hours). The Danish social workers' union's 20-30 children per caseworker
is the documented default range, not law.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from boernesag.errors import BoernesagError
from boernesag.model import Case, Caseworker
from boernesag.periods import age_on

__all__ = [
    "PRINCIPLES",
    "CapacityModel",
    "Pin",
    "Policy",
    "PolicyError",
    "Principle",
    "WeightModel",
    "load_policy",
    "required_competences",
]

#: The six principles of seed 001, plus the two considerations seeds 000 and 001 add
#: (siblings with the same caseworker; continuity: as few switches as possible).
PRINCIPLES: Mapping[str, tuple[str, str]] = {
    "load": ("ligelig fordeling (belastning)", "equal distribution (load)"),
    "team": ("fordeling mellem teams", "distribution between teams"),
    "district": ("distrikt", "district"),
    "cpr": ("CPR-nummer (fødselsdag)", "CPR number (day of birth)"),
    "competence": ("særlige kompetencer", "special competences"),
    "management": ("ledelsesmæssig vurdering", "management assessment"),
    "siblings": ("søskende hos samme sagsbehandler", "siblings with the same caseworker"),
    "continuity": ("tidligere sagsbehandler (færre skift)", "previous caseworker (fewer switches)"),
}


class PolicyError(BoernesagError, ValueError):
    """A policy (or policy file) is malformed."""


@attrs.frozen
class Principle:
    """One principle in a policy: ``hard`` principles exclude, soft ones add ``weight`` points.

    ``options`` by kind: ``cpr``: ``ranges`` = {caseworker id: [first day, last day]};
    ``team``: ``by_kind`` = {case team kind: caseworker team} (optional, else the case's team).
    """

    kind: str
    hard: bool = False
    weight: float = 1.0
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.kind not in PRINCIPLES:
            raise PolicyError(f"ukendt princip {self.kind!r}; kendte: {', '.join(PRINCIPLES)}")
        if self.weight < 0:
            raise PolicyError(f"princippet {self.kind!r}: vægten skal være 0 eller mere")


@attrs.frozen
class Pin:
    """A leader's manual assignment: always wins, recorded with its reason (seed 001)."""

    caseworker: str
    reason: str


@attrs.frozen
class WeightModel:
    """Case weight in points (seed 002). A plain case weighs ``base``; each factor adds."""

    base: float = 1.0
    placement: float = 1.0
    disability: float = 0.5
    per_extra_measure: float = 0.25
    open_bfu: float = 0.5
    youth: float = 0.5
    youth_age: int = 16
    preventive: float = -0.25

    def weight(self, case: Case, as_of: date) -> float:
        """The case's weight on ``as_of``: complexity, case type, age and open work."""
        w = self.base
        active = [
            m
            for m in case.measures
            if m.start and m.start <= as_of and (m.end is None or m.end >= as_of)
        ]
        if any(m.is_placement for m in active):
            w += self.placement
        if case.child.disability:
            w += self.disability
        if len(active) > 1:
            w += self.per_extra_measure * (len(active) - 1)
        starts = [e for e in case.events if e.type == "bfu_startet" and e.day <= as_of]
        ends = [e for e in case.events if e.type == "bfu_afsluttet" and e.day <= as_of]
        if starts and (not ends or ends[-1].day < starts[-1].day):
            w += self.open_bfu
        if age_on(case.child.birth_date, as_of) >= self.youth_age:
            w += self.youth
        if not active and not starts:
            w += self.preventive
        return round(max(w, 0.25), 2)


@attrs.frozen
class CapacityModel:
    """Capacity in weighted points when a caseworker has none recorded (seed 002).

    ``points_per_full_time`` (25: the middle of the union's 20-30 children) scales with
    hours over ``full_time_hours`` and drops for new caseworkers (``new_factor`` under
    ``new_years`` of experience).
    """

    points_per_full_time: float = 25.0
    full_time_hours: float = 37.0
    new_years: float = 1.0
    new_factor: float = 0.7

    def capacity(self, worker: Caseworker) -> float:
        if worker.capacity is not None:
            return float(worker.capacity)
        hours = worker.hours if worker.hours is not None else self.full_time_hours
        cap = self.points_per_full_time * hours / self.full_time_hours
        if worker.experience is not None and worker.experience < self.new_years:
            cap *= self.new_factor
        return round(cap, 2)


@attrs.frozen
class Policy:
    """An ordered combination of principles, with weights, capacity and pins.

    ``max_load`` is the hard cap on load after assignment, as a share of capacity (1.0 = full).
    ``siblings_apart`` lists case ids whose siblings should *not* share the caseworker, each
    with the reason (seed 001 allows both, with the reason recorded).
    """

    principles: tuple[Principle, ...] = (
        Principle("management", hard=True),
        Principle("competence", hard=True),
        Principle("team", weight=3.0),
        Principle("district", weight=2.0),
        Principle("siblings", weight=4.0),
        Principle("continuity", weight=3.0),
        Principle("load", weight=5.0),
    )
    max_load: float = 1.0
    pins: Mapping[str, Pin] = attrs.field(factory=dict)
    siblings_apart: Mapping[str, str] = attrs.field(factory=dict)
    weights: WeightModel = WeightModel()
    capacity: CapacityModel = CapacityModel()

    def load_weight(self) -> float:
        """The weight of the load principle (how strongly the solver evens out load)."""
        p = self.principle("load")
        return p.weight if p is not None else 1.0

    def principle(self, kind: str) -> Principle | None:
        for p in self.principles:
            if p.kind == kind:
                return p
        return None


def required_competences(case: Case, as_of: date) -> frozenset[str]:
    """Competences a case needs (seed 001: handicap, anbringelse, unge)."""
    need = set()
    if case.child.disability:
        need.add("handicap")
    active = [
        m
        for m in case.measures
        if m.start and m.start <= as_of and (m.end is None or m.end >= as_of)
    ]
    if any(m.is_placement for m in active):
        need.add("anbringelse")
    if age_on(case.child.birth_date, as_of) >= 17:
        need.add("unge")
    return frozenset(need)


def load_policy(path: str | Path) -> Policy:
    """Read a policy file (TOML). See ``examples/policy.toml``."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"politikfilen findes ikke: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{p}: ikke gyldig TOML: {exc}") from None
    principles = []
    for i, raw in enumerate(data.get("principles", [])):
        if not isinstance(raw, dict) or "kind" not in raw:
            raise PolicyError(f"{p}: principles[{i}] mangler 'kind'")
        opts = {k: v for k, v in raw.items() if k not in ("kind", "hard", "weight")}
        principles.append(
            Principle(
                raw["kind"], bool(raw.get("hard", False)), float(raw.get("weight", 1.0)), opts
            )
        )
    pins = {}
    for case_id, raw in data.get("pins", {}).items():
        if not isinstance(raw, dict) or "caseworker" not in raw or "reason" not in raw:
            raise PolicyError(f"{p}: pins.{case_id} skal have 'caseworker' og 'reason'")
        pins[case_id] = Pin(raw["caseworker"], raw["reason"])
    kwargs: dict[str, Any] = {"pins": pins, "siblings_apart": dict(data.get("siblings_apart", {}))}
    if principles:
        kwargs["principles"] = tuple(principles)
    if "max_load" in data:
        kwargs["max_load"] = float(data["max_load"])
    if "weights" in data:
        kwargs["weights"] = WeightModel(**data["weights"])
    if "capacity" in data:
        kwargs["capacity"] = CapacityModel(**data["capacity"])
    return Policy(**kwargs)
