"""Case weight and caseworker capacity in weighted points (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«).

Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler« ("Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler")
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
from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final

import attrs

from boernesag.allocation.labels import fmt_number, say
from boernesag.errors import AllocationError, CaseFormatError, RuleError
from boernesag.model import Case, Caseworker, EventType, Measure
from boernesag.periods import age_on
from boernesag.tomlcheck import ValueProblem, check_bool, check_int, check_number, describe

__all__ = [
    "CAPACITY_FIELDS",
    "MAX_CAPACITY",
    "MAX_POINTS",
    "MAX_RECORDED_WEIGHT",
    "PHASES",
    "UNION_CHILDREN_PER_CASEWORKER",
    "WEIGHT_FIELDS",
    "CapacityModel",
    "PolicyError",
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

#: The phases of a case, named after the team types of Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler« that handle them.
PHASES: tuple[str, ...] = ("modtage", "undersoegelse", "foranstaltning")

#: The largest term of a case's weight, either sign (points; a placement adds 1 by default).
MAX_POINTS: Final = 100.0
#: The largest weight a case may record itself (``extra["weight"]``, points).
MAX_RECORDED_WEIGHT: Final = 1000.0
#: The largest capacity of one caseworker (points; the default full-time capacity is 25).
MAX_CAPACITY: Final = 10_000.0


class PolicyError(RuleError):
    """A policy (or policy file) is malformed; the message names the file, part, key and value.

    A :class:`~boernesag.errors.RuleError` (and so a ``ValueError``): a policy is the
    municipality's rules for allocation, read and checked like its rule files.
    """


def _points(value: object) -> float:
    return check_number(value, -MAX_POINTS, MAX_POINTS)


def _points_table(value: object) -> Mapping[str, float]:
    if not isinstance(value, Mapping):
        raise ValueProblem(f"skal være en tabel {{ navn = point }}, ikke {describe(value)}")
    for key, v in value.items():
        if not isinstance(key, str) or not key:
            raise ValueProblem(f"navnet {describe(key)} skal være en tekst")
        try:
            _points(v)
        except ValueProblem as exc:
            raise ValueProblem(f"{key!r}: {exc.problem}") from None
    return value


#: The fields of :class:`WeightModel` with their type and range checks (also used for the
#: ``[weights]`` table of a policy file). Every term is a number of points from -100 to 100.
WEIGHT_FIELDS: Final[Mapping[str, Callable[[Any], Any]]] = MappingProxyType(
    {
        "base": _points,
        "placement": _points,
        "disability": _points,
        "per_extra_measure": _points,
        "open_bfu": _points,
        "youth": _points,
        "youth_age": lambda v: check_int(v, 0, 30),
        "preventive": _points,
        "team_kind": _points_table,
        "complexity": _points_table,
        "minimum": lambda v: check_number(v, 0.01, MAX_POINTS),
        "equal": check_bool,
    }
)

#: The fields of :class:`CapacityModel` with their checks (the ``[capacity]`` table).
CAPACITY_FIELDS: Final[Mapping[str, Callable[[Any], Any]]] = MappingProxyType(
    {
        "points_per_full_time": lambda v: check_number(v, 0, MAX_CAPACITY),
        "full_time_hours": lambda v: check_number(v, 1, 168),
        "new_years": lambda v: check_number(v, 0, 80),
        "new_factor": lambda v: check_number(v, 0, 10),
    }
)


def _check_fields(owner: object, fields: Mapping[str, Callable[[Any], Any]]) -> None:
    """Run ``fields``' checks on ``owner``'s attributes; :class:`PolicyError` names the field."""
    name = type(owner).__name__
    for field, check in fields.items():
        try:
            check(getattr(owner, field))
        except ValueProblem as exc:
            raise PolicyError(f"{name}: {field!r} {exc.problem}") from None


def check_case_and_day(case: object, as_of: object) -> None:
    """Refuse a ``case`` that is not a :class:`Case` or an ``as_of`` that is not a date."""
    if not isinstance(case, Case):
        raise AllocationError(f"'case' skal være en Case, ikke {describe(case)}")
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise AllocationError(f"'as_of' skal være en dato, ikke {describe(as_of)}")


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

    The phases match the team types of Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«: modtageteam, undersøgelsesteam,
    foranstaltningsteam.
    """
    check_case_and_day(case, as_of)
    if active_measures(case, as_of):
        return "foranstaltning"
    if bfu_open(case, as_of):
        return "undersoegelse"
    return "modtage"


def _frozen_floats(value: Any) -> Any:
    """A table of points, read-only, numbers as floats; anything else is left for the check."""
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        return value
    return MappingProxyType(
        {
            k: float(v)
            if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) <= MAX_POINTS
            else v
            for k, v in value.items()
        }
    )


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
    """A case's weight in points: ``base`` plus one term per consideration of Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«.

    - ``placement``: an anbringelse runs (BL §§ 46-47; SEL § 52 stk. 3 nr. 7, § 58);
    - ``disability``: the child has a disability (the handicap area, Task forcen, Jammerbugt 2017);
    - ``per_extra_measure``: each running measure after the first (complexity);
    - ``open_bfu``: a børnefaglig undersøgelse is open (BL § 20);
    - ``youth``: the young person is ``youth_age`` or older (the transition at 18 needs work:
      Socialstyrelsen, »Hvordan overdrages sager?«, Task forcen, Jammerbugt 2017);
    - ``preventive``: nothing runs and no BFU is open (early, preventive work; negative
      by default because such a case takes less time than a placement, but a municipality that
      invests in close preventive follow-up, as Socialstyrelsen, »Hvordan sikres en god fordeling af sager?« recommends, can make it positive);
    - ``team_kind``: points by the kind of the case's team (``modtage``, ``undersoegelse``,
      ``foranstaltning``, ``handicap``...), e.g. ``{"undersoegelse": 0.5}``; none by default;
    - ``complexity``: points by a level recorded on the case (``extra["complexity"]``, the
      municipality's own categorisation model, Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«), e.g. ``lav``/``middel``/``hoej``.

    A case that records its own ``weight`` (``extra["weight"]``, a number of points) keeps it.
    With ``equal=True`` every case weighs 1: Socialstyrelsen's (»Hvordan sikres en god fordeling af sager?«) "ligelig fordeling af sager pr.
    sagsbehandler" by number rather than by weight. No case weighs less than ``minimum``.

    Ranges (:data:`WEIGHT_FIELDS`): every term from -100 to 100 points, ``youth_age`` 0-30,
    ``minimum`` 0.01-100; a recorded weight above 0 and at most 1,000 points. Anything else
    raises :class:`~boernesag.allocation.PolicyError` naming the field.
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
        _check_fields(self, WEIGHT_FIELDS)

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
                or (isinstance(recorded, float) and not math.isfinite(recorded))
                or recorded <= 0
            ):
                raise CaseFormatError(
                    f"skal være et positivt tal, ikke {recorded!r}",
                    case_id=case.case_id,
                    field="weight",
                )
            if recorded > MAX_RECORDED_WEIGHT:
                raise CaseFormatError(
                    f"må højst være {MAX_RECORDED_WEIGHT:g} point, ikke {describe(recorded)}",
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
    first ``new_years`` of experience (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«: "sagsbehandlerens erfaring"). A capacity
    recorded on the caseworker (``Caseworker.capacity``) always wins.

    Ranges (:data:`CAPACITY_FIELDS`): ``points_per_full_time`` 0-10,000, ``full_time_hours``
    1-168 (a week), ``new_years`` 0-80, ``new_factor`` 0-10.
    """

    points_per_full_time: float = 25.0
    full_time_hours: float = 37.0
    new_years: float = 1.0
    new_factor: float = 0.7

    def __attrs_post_init__(self) -> None:
        _check_fields(self, CAPACITY_FIELDS)

    def capacity(self, worker: Caseworker) -> float:
        """Capacity in points: recorded, else derived from hours and experience."""
        if worker.capacity is not None:
            return max(float(worker.capacity), 0.0)
        hours = worker.hours if worker.hours is not None else self.full_time_hours
        cap = self.points_per_full_time * max(hours, 0.0) / self.full_time_hours
        if worker.experience is not None and worker.experience < self.new_years:
            cap *= self.new_factor
        return round(cap, 2)
