"""Allocation policy: the six principles of seed 001 as composable parts, in a given order.

Seed 001 ("Hvordan sikres en god fordeling af sager?") names six principles for distributing
cases ("seks principper eller tildelingskriterier"): ligelig fordeling pr. sagsbehandler,
fordeling mellem teams, efter distriktsopdeling, efter CPR-nr., efter særlige kompetencer and
efter ledelsesmæssig vurdering, and says they combine ("fx kan man fordele sager på
distriktsteam og derefter ... efter ledelsens konkrete vurdering"). It adds two questions: one
case per child with siblings at the same caseworker or deliberately not, and (seed 000) as few
changes of caseworker as possible. Each is a :class:`Principle` here:

- ``load``: ligelig fordeling af sager pr. sagsbehandler: points for the lower load after
  assignment (by weight, or by number with ``WeightModel(equal=True)``);
- ``team``: fordeling af sager mellem teams: the case's team, the district's team, or the
  team for the case's phase;
- ``district``: fordeling efter distriktsopdeling: the case's district;
- ``cpr``: fordeling efter CPR-nr.: day-of-birth ranges per caseworker (the day only);
- ``competence``: fordeling efter særlige kompetencer: handicap, anbringelse, unge,
  paragraph areas, bevillingskompetence;
- ``management``: fordeling efter ledelsesmæssig vurdering: pins, which always win and carry
  their reason;
- ``siblings``: the siblings' caseworker, or deliberately not (seed 001);
- ``continuity``: the child's current or previous caseworker: fewer switches (seed 000).

A :class:`Policy` lists principles in order of priority. A hard principle excludes the
caseworkers that do not fit it; a soft one adds its ``weight`` in points. :meth:`Policy.in_order`
turns the order itself into weights that make each principle outweigh all later ones together,
so "team by district, then competence, then lowest load" means exactly that. The capacity cap
(``max_load``) is always hard; pins (management) always win.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from boernesag.allocation.labels import LABELS
from boernesag.allocation.weights import CapacityModel, WeightModel, active_measures, child_age
from boernesag.errors import BoernesagError
from boernesag.model import Case, EventType

__all__ = [
    "PRINCIPLES",
    "SEED_001",
    "CompetenceRules",
    "Pin",
    "Policy",
    "PolicyError",
    "Principle",
    "TeamRule",
    "awaits_decision",
    "load_policy",
    "policy_from_mapping",
    "required_competences",
]

#: Every principle kind with its (Danish, English) name.
PRINCIPLES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        k: LABELS[f"principle.{k}"]
        for k in (
            "load",
            "team",
            "district",
            "cpr",
            "competence",
            "management",
            "siblings",
            "continuity",
        )
    }
)

#: The six principles of seed 001, in the seed's order.
SEED_001: tuple[str, ...] = ("load", "team", "district", "cpr", "competence", "management")


def _proxy(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


class PolicyError(BoernesagError, ValueError):
    """A policy (or policy file) is malformed; the message names the part."""


@attrs.frozen
class CompetenceRules:
    """Which competences a case needs (seed 001: "fordeling efter særlige kompetencer").

    - ``disability``: needed when the child has a disability (default ``handicap``);
    - ``placement``: needed while an anbringelse runs (default ``anbringelse``);
    - ``unge``: needed from ``unge_age`` (default 17: the year before the transition to the
      adult area, seed 000 and seed 003);
    - ``paragraphs``: ``True`` to need each running measure's paragraph (``"BL 46"``) as a
      competence, or a list of the paragraphs that need it; off by default;
    - ``pending_decision``: a competence needed while the case awaits a decision (an
      application or a finished BFU without a later afgørelse), e.g.
      ``"bevillingskompetence"``; off by default.

    A case may also list competences it needs itself in ``extra["competences"]``.
    """

    disability: str | None = "handicap"
    placement: str | None = "anbringelse"
    unge: str | None = "unge"
    unge_age: int = 17
    paragraphs: bool | tuple[str, ...] = False
    pending_decision: str | None = None


@attrs.frozen
class TeamRule:
    """How the team principle finds the case's team (seed 001: "fordeling mellem teams").

    ``by="case"``: the team recorded on the case; ``by="district"``: the teams whose
    ``district`` is the case's (seed 001's "distriktsteam"); ``by="kind"``: the teams whose
    ``kind`` suits the case's phase (seed 002: modtage-, undersøgelses-, foranstaltningsteam),
    through ``kinds`` (phase or ``handicap`` → team kind; a child with a disability goes to
    the ``handicap`` kind when a team of that kind exists).
    """

    by: str = "case"
    kinds: Mapping[str, str] = attrs.field(
        factory=lambda: {
            "modtage": "modtage",
            "undersoegelse": "undersoegelse",
            "foranstaltning": "foranstaltning",
            "handicap": "handicap",
        },
        converter=_proxy,
    )


_OPTIONS: Mapping[str, frozenset[str]] = {
    "load": frozenset(),
    "team": frozenset({"by", "kinds"}),
    "district": frozenset(),
    "cpr": frozenset({"ranges"}),
    "competence": frozenset(attrs.fields_dict(CompetenceRules)),
    "management": frozenset(),
    "siblings": frozenset(),
    "continuity": frozenset(),
}


def _cpr_ranges(kind_raw: Any) -> Mapping[str, tuple[tuple[int, int], ...]]:
    if not isinstance(kind_raw, Mapping) or not kind_raw:
        raise PolicyError(
            "princippet 'cpr' skal have 'ranges' = {sagsbehandler: [første dag, sidste dag]}"
        )
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for cw, spec in kind_raw.items():
        pairs = spec if spec and isinstance(spec[0], list | tuple) else [spec]
        parsed = []
        for pair in pairs:
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or not all(isinstance(d, int) and not isinstance(d, bool) for d in pair)
                or not 1 <= pair[0] <= pair[1] <= 31
            ):
                raise PolicyError(
                    f"princippet 'cpr': intervallet for {cw} skal være [første dag, sidste dag] "
                    f"med 1 <= første <= sidste <= 31, ikke {pair!r}"
                )
            parsed.append((pair[0], pair[1]))
        out[str(cw)] = tuple(parsed)
    return MappingProxyType(out)


@attrs.frozen
class Principle:
    """One principle of a policy: ``hard`` excludes who does not fit, else ``weight`` points.

    ``options`` by kind: ``cpr``: ``ranges`` = {caseworker id: [first day, last day]} or a
    list of such pairs (the child's day of birth, never the CPR digits); ``team``: ``by``
    and ``kinds`` (:class:`TeamRule`); ``competence``: the fields of :class:`CompetenceRules`.
    ``load`` cannot be hard (the capacity cap, ``Policy.max_load``, is the hard part of load);
    ``management`` needs no options: pins always win.
    """

    kind: str
    hard: bool = False
    weight: float = 1.0
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=_proxy)
    rule: Any = attrs.field(init=False, eq=False, repr=False)
    """The options parsed: :class:`CompetenceRules`, :class:`TeamRule`, the CPR ranges or None."""

    def __attrs_post_init__(self) -> None:
        if self.kind not in PRINCIPLES:
            raise PolicyError(f"ukendt princip {self.kind!r}; kendte: {', '.join(PRINCIPLES)}")
        if not isinstance(self.weight, int | float) or not self.weight >= 0:
            raise PolicyError(f"princippet {self.kind!r}: 'weight' skal være et tal >= 0")
        if self.kind == "load" and self.hard:
            raise PolicyError(
                "princippet 'load' kan ikke være hårdt; kapacitetsloftet er politikkens 'max_load'"
            )
        unknown = set(self.options) - _OPTIONS[self.kind]
        if unknown:
            allowed = ", ".join(sorted(_OPTIONS[self.kind])) or "ingen"
            raise PolicyError(
                f"princippet {self.kind!r}: ukendte indstillinger {', '.join(sorted(unknown))}; "
                f"tilladte: {allowed}"
            )
        rule: Any = None
        try:
            if self.kind == "competence":
                opts = dict(self.options)
                if isinstance(opts.get("paragraphs"), list | tuple):
                    opts["paragraphs"] = tuple(str(p) for p in opts["paragraphs"])
                rule = CompetenceRules(**opts)
            elif self.kind == "team":
                rule = TeamRule(**self.options)
                if rule.by not in ("case", "district", "kind"):
                    raise PolicyError(
                        f"princippet 'team': 'by' skal være 'case', 'district' eller 'kind', "
                        f"ikke {rule.by!r}"
                    )
            elif self.kind == "cpr":
                rule = _cpr_ranges(self.options.get("ranges"))
        except TypeError as exc:
            raise PolicyError(f"princippet {self.kind!r}: {exc}") from None
        object.__setattr__(self, "rule", rule)

    def title(self, lang: str = "da") -> str:
        da, en = PRINCIPLES[self.kind]
        return en if lang == "en" else da


@attrs.frozen
class Pin:
    """A leader's manual assignment (seed 001: "ledelsesmæssig vurdering").

    A pin always wins, over capacity and competences too, and is recorded with its reason;
    the explanation warns when it breaks the cap or lacks a competence.
    """

    caseworker: str
    reason: str

    def __attrs_post_init__(self) -> None:
        if not self.caseworker or not self.reason or not self.reason.strip():
            raise PolicyError("en fastlåsning kræver sagsbehandler og begrundelse")


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


def _principles(value: Iterable[Principle]) -> tuple[Principle, ...]:
    return tuple(value)


DEFAULT_PRINCIPLES: tuple[Principle, ...] = (
    Principle("management"),
    Principle("competence", hard=True),
    Principle("team", weight=3.0),
    Principle("district", weight=2.0),
    Principle("siblings", weight=4.0),
    Principle("continuity", weight=3.0),
    Principle("load", weight=5.0),
)


@attrs.frozen
class Policy:
    """The principles in order, the capacity cap, pins, siblings kept apart, weights, capacity.

    - ``principles``: applied in order; the default is management (pins), competence (hard),
      team 3, district 2, siblings 4, continuity 3 and load 5 points.
    - ``max_load``: the hard cap on a caseworker's load after assignment, as a share of
      capacity (1.0 = 100 %). Only a pin can break it.
    - ``pins``: case id → :class:`Pin`.
    - ``siblings_apart``: case id → the reason why this child's siblings should *not* have
      the same caseworker (seed 001: "om søskende skal have samme sagsbehandler eller netop
      forskellige sagsbehandlere"); by default siblings go together.
    - ``weights``, ``capacity``: :class:`WeightModel` and :class:`CapacityModel`.
    """

    principles: tuple[Principle, ...] = attrs.field(
        default=DEFAULT_PRINCIPLES, converter=_principles
    )
    max_load: float = 1.0
    pins: Mapping[str, Pin] = attrs.field(factory=dict, converter=_frozen)
    siblings_apart: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    weights: WeightModel = attrs.field(factory=WeightModel)
    capacity: CapacityModel = attrs.field(factory=CapacityModel)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.max_load, int | float) or not self.max_load > 0:
            raise PolicyError(
                "'max_load' skal være et tal større end 0 (1.0 = 100 % af kapaciteten)"
            )
        for p in self.principles:
            if not isinstance(p, Principle):
                raise PolicyError(f"politikken indeholder {p!r}, som ikke er et Principle")
        for case_id, pin in self.pins.items():
            if not isinstance(pin, Pin):
                raise PolicyError(f"fastlåsningen af {case_id} er ikke en Pin")

    @classmethod
    def in_order(cls, *principles: Principle, **kwargs: Any) -> Policy:
        """A policy whose soft principles rank strictly in the order given.

        The last soft principle weighs 1 and each earlier one 1 more than all later ones
        together (1, 2, 4, 8, ...). A principle's points never exceed its weight, so an
        earlier principle always outweighs every later one together: "team by district, then
        competence, then lowest load" is a lexicographic order. Hard principles keep ``hard``.
        """
        out: list[Principle] = []
        later = 0.0
        for p in reversed(principles):
            if p.hard or p.kind == "management":
                out.append(p)
                continue
            weight = later + 1.0
            later += weight
            out.append(attrs.evolve(p, weight=weight))
        return cls(principles=tuple(out[::-1]), **kwargs)

    def principle(self, kind: str) -> Principle | None:
        """The first principle of this kind, if the policy has one."""
        for p in self.principles:
            if p.kind == kind:
                return p
        return None

    @property
    def load_weight(self) -> float:
        """The weight of the load principle (0 without one: then only the cap limits load)."""
        p = self.principle("load")
        return float(p.weight) if p is not None else 0.0

    def pin(self, case_id: str, caseworker: str, reason: str) -> Policy:
        """This policy with one more pin."""
        return attrs.evolve(self, pins={**self.pins, case_id: Pin(caseworker, reason)})

    def describe(self, lang: str = "da") -> list[str]:
        """One line per principle, e.g. ``kompetencer (krav)`` / ``distrikt: 2 point``."""
        lines = []
        for p in self.principles:
            if p.kind == "management":
                text = "altid" if lang == "da" else "always"
            elif p.hard:
                text = "krav" if lang == "da" else "required"
            else:
                text = f"{p.weight:g} point" if lang == "da" else f"{p.weight:g} points"
            lines.append(f"{p.title(lang)}: {text}")
        return lines


def awaits_decision(case: Case, as_of: date) -> bool:
    """True if an application or a finished BFU on or before ``as_of`` has no later afgørelse."""
    last_need: date | None = None
    last_decision: date | None = None
    for e in case.timeline:
        if e.day > as_of:
            break
        if e.type in (EventType.ANSOEGNING, EventType.BFU_AFSLUTTET):
            last_need = e.day
        elif e.type == EventType.AFGOERELSE:
            last_decision = e.day
    return last_need is not None and (last_decision is None or last_decision < last_need)


def required_competences(
    case: Case, as_of: date, rules: CompetenceRules | None = None
) -> frozenset[str]:
    """The competences ``case`` needs on ``as_of`` under ``rules`` (:class:`CompetenceRules`)."""
    r = rules or CompetenceRules()
    need: set[str] = set()
    if r.disability and case.child.disability:
        need.add(r.disability)
    running = active_measures(case, as_of)
    if r.placement and any(m.is_placement for m in running):
        need.add(r.placement)
    if r.unge and child_age(case, as_of) >= r.unge_age:
        need.add(r.unge)
    if r.paragraphs:
        for m in running:
            if m.paragraph is not None:
                name = f"{m.paragraph.law} {m.paragraph.number}"
                if not isinstance(r.paragraphs, tuple) or name in r.paragraphs:
                    need.add(name)
    if r.pending_decision and awaits_decision(case, as_of):
        need.add(r.pending_decision)
    listed = case.extra.get("competences")
    if isinstance(listed, list | tuple):
        need.update(str(c) for c in listed)
    return frozenset(need)


_TOP = {"principles", "order", "max_load", "pins", "siblings_apart", "weights", "capacity"}


def policy_from_mapping(data: Mapping[str, Any], source: str = "politikken") -> Policy:
    """A policy from a mapping with the layout of a policy file (see :func:`load_policy`)."""
    unknown = set(data) - _TOP
    if unknown:
        raise PolicyError(
            f"{source}: ukendte nøgler {', '.join(sorted(unknown))}; tilladte: {', '.join(sorted(_TOP))}"
        )
    principles = []
    for i, raw in enumerate(data.get("principles", [])):
        if not isinstance(raw, Mapping) or "kind" not in raw:
            raise PolicyError(f"{source}: principles[{i}] mangler 'kind'")
        opts = {k: v for k, v in raw.items() if k not in ("kind", "hard", "weight")}
        try:
            principles.append(
                Principle(
                    str(raw["kind"]),
                    bool(raw.get("hard", False)),
                    float(raw.get("weight", 1.0)),
                    opts,
                )
            )
        except (TypeError, ValueError) as exc:
            raise PolicyError(f"{source}: principles[{i}]: {exc}") from None
    pins = {}
    for case_id, raw in dict(data.get("pins", {})).items():
        if not isinstance(raw, Mapping) or "caseworker" not in raw or "reason" not in raw:
            raise PolicyError(f"{source}: pins.{case_id} skal have 'caseworker' og 'reason'")
        pins[str(case_id)] = Pin(str(raw["caseworker"]), str(raw["reason"]))
    apart = dict(data.get("siblings_apart", {}))
    for case_id, reason in apart.items():
        if not isinstance(reason, str) or not reason.strip():
            raise PolicyError(f"{source}: siblings_apart.{case_id} skal være en begrundelse")
    kwargs: dict[str, Any] = {"pins": pins, "siblings_apart": apart}
    if "max_load" in data:
        kwargs["max_load"] = data["max_load"]
    for key, model in (("weights", WeightModel), ("capacity", CapacityModel)):
        if key in data:
            try:
                kwargs[key] = model(**dict(data[key]))
            except (TypeError, ValueError) as exc:
                raise PolicyError(f"{source}: [{key}]: {exc}") from None
    order = data.get("order", "weighted")
    if order not in ("weighted", "strict"):
        raise PolicyError(f"{source}: 'order' skal være 'weighted' eller 'strict', ikke {order!r}")
    if order == "strict":
        return Policy.in_order(*(principles or DEFAULT_PRINCIPLES), **kwargs)
    if principles:
        kwargs["principles"] = tuple(principles)
    return Policy(**kwargs)


def load_policy(path: str | Path) -> Policy:
    """Read a policy file (TOML; see ``examples/policy.toml`` and ``docs/allocation.rst``)."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"politikfilen findes ikke: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{p}: ikke gyldig TOML: {exc}") from None
    return policy_from_mapping(data, str(p))
