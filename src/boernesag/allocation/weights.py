"""Case weight and caseworker capacity in weighted points (seed 002).

Seed 002 ("Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler")
asks whether every caseworker should have the same number of cases "uanset sagernes
kompleksitet og sagsbehandlerens erfaring", notes that the number differs between a
modtageteam, an undersøgelsesteam and foranstaltningsteams, and that preventive work with
close follow-up needs more time per case. The models here turn those considerations into
points, as the skills-based routing of help-desk systems does: a caseworker with capacity 6
takes three cases of weight 2.

None of the numbers is law. The defaults are this project's settings, documented in
``docs/allocation.rst`` and overridable in a policy file; the one documented range is the
Danish social workers' union's (Dansk Socialrådgiverforening) recommendation of 20-30
children per caseworker, :data:`UNION_CHILDREN_PER_CASEWORKER`, which the default capacity
(25 points for a full-time caseworker) sits in the middle of.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from boernesag.allocation.labels import fmt_number, say
from boernesag.errors import CaseFormatError
from boernesag.model import Case, Caseworker, EventType, Measure
from boernesag.periods import age_on

__all__ = [
    "PHASES",
    "UNION_CHILDREN_PER_CASEWORKER",
    "CapacityModel",
    "WeightModel",
    "WeightPart",
    "active_measures",
    "bfu_open",
    "case_phase",
    "child_age",
]

#: Dansk Socialrådgiverforening's recommended range of children per caseworker: a documented
#: default range, not law.
UNION_CHILDREN_PER_CASEWORKER: tuple[int, int] = (20, 30)

#: The phases of a case, named after the team types of seed 002 that handle them.
PHASES: tuple[str, ...] = ("modtage", "undersoegelse", "foranstaltning")


def active_measures(case: Case, as_of: date) -> tuple[Measure, ...]:
    """The case's measures (indsatser) running on ``as_of``."""
    return tuple(m for m in case.measures if m.active_on(as_of))


def bfu_open(case: Case, as_of: date) -> bool:
    """True if a børnefaglig undersøgelse (BL § 20) was started and not finished by ``as_of``."""
    state = False
    for e in case.of_type(EventType.BFU_STARTET, EventType.BFU_AFSLUTTET):
        if e.day > as_of:
            break
        state = e.type == EventType.BFU_STARTET
    return state


def child_age(case: Case, as_of: date) -> int:
    """The child's age in whole years on ``as_of`` (0 for a child not yet born)."""
    birth = case.child.birth_date
    return age_on(birth, as_of) if as_of >= birth else 0


def case_phase(case: Case, as_of: date) -> str:
    """``foranstaltning`` (a measure runs), ``undersoegelse`` (a BFU is open) or ``modtage``.

    The phases match the team types of seed 002: modtageteam, undersøgelsesteam,
    foranstaltningsteam.
    """
    if active_measures(case, as_of):
        return "foranstaltning"
    if bfu_open(case, as_of):
        return "undersoegelse"
    return "modtage"


def _frozen_floats(value: Mapping[str, Any] | None) -> Mapping[str, float]:
    return MappingProxyType({str(k): float(v) for k, v in (value or {}).items()})


@attrs.frozen
class WeightPart:
    """One term of a case's weight, with its label."""

    key: str
    points: float
    label_da: str
    label_en: str

    def label(self, lang: str = "da") -> str:
        return self.label_en if lang == "en" else self.label_da

    def text(self, lang: str = "da") -> str:
        """E.g. ``anbringelse +1`` (the base shows without a sign)."""
        pts = fmt_number(self.points, lang)
        if self.key in ("base", "recorded", "equal"):
            return f"{self.label(lang)} {pts}"
        return f"{self.label(lang)} {'+' if self.points >= 0 else ''}{pts}"


def _part(key: str, points: float, label: str, **kw: object) -> WeightPart:
    return WeightPart(key, points, say(label, "da", **kw), say(label, "en", **kw))


@attrs.frozen
class WeightModel:
    """A case's weight in points: ``base`` plus one term per consideration of seed 002.

    - ``placement``: an anbringelse runs (BL §§ 46-47; SEL § 52 stk. 3 nr. 7, § 58);
    - ``disability``: the child has a disability (the handicap area, seed 003);
    - ``per_extra_measure``: each running measure after the first (complexity);
    - ``open_bfu``: a børnefaglig undersøgelse is open (BL § 20);
    - ``youth``: the young person is ``youth_age`` or older (the transition at 18 needs work:
      seed 000, seed 003);
    - ``preventive``: nothing runs and no BFU is open (early, preventive work; negative
      by default because such a case takes less time than a placement, but a municipality that
      invests in close preventive follow-up, as seed 001 recommends, can make it positive);
    - ``team_kind``: points by the kind of the case's team (``modtage``, ``undersoegelse``,
      ``foranstaltning``, ``handicap``...), e.g. ``{"undersoegelse": 0.5}``; none by default;
    - ``complexity``: points by a level recorded on the case (``extra["complexity"]``, the
      municipality's own categorisation model, seed 001), e.g. ``lav``/``middel``/``hoej``.

    A case that records its own ``weight`` (``extra["weight"]``, a number of points) keeps it.
    With ``equal=True`` every case weighs 1: seed 001's "ligelig fordeling af sager pr.
    sagsbehandler" by number rather than by weight. No case weighs less than ``minimum``.
    """

    base: float = 1.0
    placement: float = 1.0
    disability: float = 0.5
    per_extra_measure: float = 0.25
    open_bfu: float = 0.5
    youth: float = 0.5
    youth_age: int = 16
    preventive: float = -0.25
    team_kind: Mapping[str, float] = attrs.field(factory=dict, converter=_frozen_floats)
    complexity: Mapping[str, float] = attrs.field(
        factory=lambda: {"lav": 0.0, "middel": 0.5, "hoej": 1.0}, converter=_frozen_floats
    )
    minimum: float = 0.25
    equal: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.minimum > 0:
            raise ValueError("WeightModel.minimum skal være større end 0")

    def parts(
        self, case: Case, as_of: date, team_kind: str | None = None
    ) -> tuple[WeightPart, ...]:
        """The terms of the case's weight on ``as_of`` (their sum is :meth:`weight`).

        Raises :class:`~boernesag.errors.CaseFormatError` (naming the case and the field) if
        the case records a weight or complexity level that cannot be read.
        """
        if self.equal:
            return (_part("equal", 1.0, "weight.equal"),)
        recorded = case.extra.get("weight")
        if recorded is not None:
            if (
                isinstance(recorded, bool)
                or not isinstance(recorded, int | float)
                or not math.isfinite(recorded)
                or recorded <= 0
            ):
                raise CaseFormatError(
                    f"skal være et positivt tal, ikke {recorded!r}",
                    case_id=case.case_id,
                    field="weight",
                )
            return (_part("recorded", float(recorded), "weight.recorded"),)
        out = [_part("base", self.base, "weight.base")]
        running = active_measures(case, as_of)
        if self.placement and any(m.is_placement for m in running):
            out.append(_part("placement", self.placement, "weight.placement"))
        if self.disability and case.child.disability:
            out.append(_part("disability", self.disability, "weight.disability"))
        if self.per_extra_measure and len(running) > 1:
            out.append(
                _part(
                    "measures",
                    self.per_extra_measure * (len(running) - 1),
                    "weight.measures",
                    n=len(running),
                )
            )
        investigating = bfu_open(case, as_of)
        if self.open_bfu and investigating:
            out.append(_part("bfu", self.open_bfu, "weight.bfu"))
        age = child_age(case, as_of)
        if self.youth and age >= self.youth_age:
            out.append(_part("youth", self.youth, "weight.youth", age=age))
        if self.preventive and not running and not investigating:
            out.append(_part("preventive", self.preventive, "weight.preventive"))
        if team_kind is not None and self.team_kind.get(team_kind):
            out.append(
                _part("team_kind", self.team_kind[team_kind], "weight.team_kind", kind=team_kind)
            )
        level = case.extra.get("complexity")
        if level is not None:
            if not isinstance(level, str) or level not in self.complexity:
                known = ", ".join(sorted(self.complexity))
                raise CaseFormatError(
                    f"ukendt niveau {level!r}; kendte: {known}",
                    case_id=case.case_id,
                    field="complexity",
                )
            if self.complexity[level]:
                out.append(
                    _part("complexity", self.complexity[level], "weight.complexity", level=level)
                )
        return tuple(out)

    def weight(self, case: Case, as_of: date, team_kind: str | None = None) -> float:
        """The case's weight in points on ``as_of`` (never below ``minimum``)."""
        total = sum(p.points for p in self.parts(case, as_of, team_kind))
        return round(max(total, self.minimum), 4)


@attrs.frozen
class CapacityModel:
    """A caseworker's capacity in weighted points, when none is recorded on the caseworker.

    ``points_per_full_time`` (25: the middle of the union's 20-30 children per caseworker)
    is scaled by ``hours`` over ``full_time_hours`` and multiplied by ``new_factor`` in the
    first ``new_years`` of experience (seed 002: "sagsbehandlerens erfaring"). A capacity
    recorded on the caseworker (``Caseworker.capacity``) always wins.
    """

    points_per_full_time: float = 25.0
    full_time_hours: float = 37.0
    new_years: float = 1.0
    new_factor: float = 0.7

    def __attrs_post_init__(self) -> None:
        if not self.full_time_hours > 0:
            raise ValueError("CapacityModel.full_time_hours skal være større end 0")
        if self.points_per_full_time < 0 or self.new_factor < 0:
            raise ValueError("CapacityModel: point og faktorer kan ikke være negative")

    def capacity(self, worker: Caseworker) -> float:
        """Capacity in points: recorded, else derived from hours and experience."""
        if worker.capacity is not None:
            return max(float(worker.capacity), 0.0)
        hours = worker.hours if worker.hours is not None else self.full_time_hours
        cap = self.points_per_full_time * max(hours, 0.0) / self.full_time_hours
        if worker.experience is not None and worker.experience < self.new_years:
            cap *= self.new_factor
        return round(cap, 2)
