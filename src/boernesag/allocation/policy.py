"""Allocation policy: the six principles of Socialstyrelsen, »Hvordan sikres en god fordeling af sager?« as composable parts, in a given order.

Socialstyrelsen, »Hvordan sikres en god fordeling af sager?« ("Hvordan sikres en god fordeling af sager?") names six principles for distributing
cases ("seks principper eller tildelingskriterier"): ligelig fordeling pr. sagsbehandler,
fordeling mellem teams, efter distriktsopdeling, efter CPR-nr., efter særlige kompetencer and
efter ledelsesmæssig vurdering, and says they combine ("fx kan man fordele sager på
distriktsteam og derefter ... efter ledelsens konkrete vurdering"). It adds two questions: one
case per child with siblings at the same caseworker or deliberately not, and (Socialstyrelsen, »Hvordan overdrages sager?«) as few
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
- ``siblings``: the siblings' caseworker, or deliberately not (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«);
- ``continuity``: the child's current or previous caseworker: fewer switches (Socialstyrelsen, »Hvordan overdrages sager?«).

A :class:`Policy` lists principles in order of priority. A hard principle excludes the
caseworkers that do not fit it; a soft one adds its ``weight`` in points. :meth:`Policy.in_order`
turns the order itself into weights that make each principle outweigh all later ones together,
so "team by district, then competence, then lowest load" means exactly that. The capacity cap
(``max_load``) is always hard; pins (management) always win.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import attrs

from boernesag.allocation.labels import LABELS
from boernesag.allocation.weights import (
    CAPACITY_FIELDS,
    WEIGHT_FIELDS,
    CapacityModel,
    PolicyError,
    WeightModel,
    active_measures,
    check_case_and_day,
    child_age,
)
from boernesag.errors import CaseFormatError
from boernesag.model import Case, EventType
from boernesag.tomlcheck import (
    Place,
    Table,
    ValueProblem,
    check_bool,
    check_int,
    check_number,
    check_text,
    check_texts,
    describe,
    read_toml,
)

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

#: The six principles of Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«, in the guide's order.
SEED_001: tuple[str, ...] = ("load", "team", "district", "cpr", "competence", "management")


def _proxy(value: Any) -> Any:
    """A read-only copy of a mapping; anything else is left for the check to refuse."""
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


#: The largest weight of one principle. :meth:`Policy.in_order` doubles weights, so up to 30
#: soft principles fit (there are 8 kinds).
MAX_PRINCIPLE_WEIGHT: Final = 1e9
#: The largest capacity cap, as a share of capacity (10 = 1,000 %).
MAX_LOAD: Final = 10.0


def _off_or_text(value: object) -> str | None:
    """A competence name, or None/False/"" for none (False: as a TOML file can write it)."""
    if value is None or value is False:
        return None
    if not isinstance(value, str):
        raise ValueProblem(f"skal være en kompetence (tekst) eller false, ikke {describe(value)}")
    return value


def _paragraph_names(value: object) -> bool | tuple[str, ...]:
    if isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        return check_texts(value, what="paragraffer som 'BL 46'")
    raise ValueProblem(
        f"skal være true, false eller en liste af paragraffer som 'BL 46', ikke {describe(value)}"
    )


def _paragraphs(value: Any) -> Any:
    """A list of paragraphs as a tuple (a list would otherwise mean "all paragraphs")."""
    return tuple(value) if isinstance(value, list) else value


_COMPETENCE_FIELDS: Mapping[str, Callable[[Any], Any]] = MappingProxyType(
    {
        "disability": _off_or_text,
        "placement": _off_or_text,
        "unge": _off_or_text,
        "unge_age": lambda v: check_int(v, 0, 30),
        "paragraphs": _paragraph_names,
        "pending_decision": _off_or_text,
    }
)


def _check(owner: str, fields: Mapping[str, Callable[[Any], Any]], obj: object) -> None:
    for name, check in fields.items():
        try:
            check(getattr(obj, name))
        except ValueProblem as exc:
            raise PolicyError(f"{owner}: {name!r} {exc.problem}") from None


@attrs.frozen
class CompetenceRules:
    """Which competences a case needs (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: "fordeling efter særlige kompetencer").

    - ``disability``: needed when the child has a disability (default ``handicap``);
    - ``placement``: needed while an anbringelse runs (default ``anbringelse``);
    - ``unge``: needed from ``unge_age`` (default 17, 0-30: the year before the transition to
      the adult area, Socialstyrelsen, »Hvordan overdrages sager?« and Task forcen, Jammerbugt 2017);
    - ``paragraphs``: ``True`` to need each running measure's paragraph (``"BL 46"``) as a
      competence, or a list of the paragraphs that need it; off by default;
    - ``pending_decision``: a competence needed while the case awaits a decision (an
      application or a finished BFU without a later afgørelse), e.g.
      ``"bevillingskompetence"``; off by default.

    ``None`` (``false`` in a policy file) or ``""`` turns a competence off. A case may also
    list competences it needs itself in ``extra["competences"]`` (a list of texts).
    """

    disability: str | None = "handicap"
    placement: str | None = "anbringelse"
    unge: str | None = "unge"
    unge_age: int = 17
    paragraphs: bool | tuple[str, ...] = attrs.field(default=False, converter=_paragraphs)
    pending_decision: str | None = None

    def __attrs_post_init__(self) -> None:
        _check("CompetenceRules", _COMPETENCE_FIELDS, self)


def _text_table(value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise ValueProblem(f"skal være en tabel {{ fase = teamtype }}, ikke {describe(value)}")
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise ValueProblem(f"{describe(k)} = {describe(v)}: begge skal være tekster")
    return value


_TEAM_BY = ("case", "district", "kind")


@attrs.frozen
class TeamRule:
    """How the team principle finds the case's team (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: "fordeling mellem teams").

    ``by="case"``: the team recorded on the case; ``by="district"``: the teams whose
    ``district`` is the case's (Socialstyrelsen's (»Hvordan sikres en god fordeling af sager?«) "distriktsteam"); ``by="kind"``: the teams whose
    ``kind`` suits the case's phase (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«: modtage-, undersøgelses-, foranstaltningsteam),
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

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.by, str) or self.by not in _TEAM_BY:
            raise PolicyError(
                f"princippet 'team': 'by' skal være 'case', 'district' eller 'kind', "
                f"ikke {describe(self.by)}"
            )
        try:
            _text_table(self.kinds)
        except ValueProblem as exc:
            raise PolicyError(f"princippet 'team': 'kinds' {exc.problem}") from None


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
        if not isinstance(cw, str) or not cw:
            raise PolicyError(f"princippet 'cpr': {describe(cw)} er ikke et sagsbehandler-id")
        pairs = (
            spec
            if isinstance(spec, list | tuple) and spec and isinstance(spec[0], list | tuple)
            else [spec]
        )
        parsed = []
        for pair in pairs:
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or not all(isinstance(d, int) and not isinstance(d, bool) for d in pair)
                or not 1 <= pair[0] <= pair[1] <= 31
            ):
                shown = repr(list(pair)) if isinstance(pair, list | tuple) else describe(pair)
                raise PolicyError(
                    f"princippet 'cpr': intervallet for {cw} skal være [første dag, sidste dag] "
                    f"med 1 <= første <= sidste <= 31, ikke {shown}"
                )
            parsed.append((pair[0], pair[1]))
        out[cw] = tuple(parsed)
    return MappingProxyType(out)


def _principle_kind(value: object) -> str:
    if not isinstance(value, str) or value not in PRINCIPLES:
        near = (
            difflib.get_close_matches(value, list(PRINCIPLES), n=1)
            if isinstance(value, str)
            else []
        )
        hint = f" (mente du {near[0]!r}?)" if near else ""
        raise ValueProblem(
            f"ukendt princip {describe(value)}{hint}; kendte: {', '.join(PRINCIPLES)}"
        )
    return value


def _principle_weight(value: object) -> float:
    return check_number(value, 0, MAX_PRINCIPLE_WEIGHT)


def _principle_rule(kind: str, hard: bool, options: Mapping[str, Any]) -> Any:
    """The parsed options of a principle (or None); :class:`PolicyError` naming the option."""
    if kind == "load" and hard:
        raise PolicyError(
            "princippet 'load' kan ikke være hårdt; kapacitetsloftet er politikkens 'max_load'"
        )
    unknown = sorted(str(k) for k in set(options) - _OPTIONS[kind])
    if unknown:
        allowed = ", ".join(sorted(_OPTIONS[kind])) or "ingen"
        near = difflib.get_close_matches(unknown[0], sorted(_OPTIONS[kind]), n=1)
        hint = f" (mente du {near[0]!r}?)" if near else ""
        raise PolicyError(
            f"princippet {kind!r}: ukendte indstillinger {', '.join(unknown)}{hint}; "
            f"tilladte: {allowed}"
        )
    if kind == "competence":
        opts = dict(options)
        for name in ("disability", "placement", "unge", "pending_decision"):
            if opts.get(name) is False:
                opts[name] = None
        try:
            return CompetenceRules(**opts)
        except PolicyError as exc:
            raise PolicyError(
                str(exc).replace("CompetenceRules:", "princippet 'competence':", 1)
            ) from None
    if kind == "team":
        return TeamRule(**options)
    if kind == "cpr":
        return _cpr_ranges(options.get("ranges"))
    return None


@attrs.frozen
class Principle:
    """One principle of a policy: ``hard`` excludes who does not fit, else ``weight`` points.

    ``options`` by kind: ``cpr``: ``ranges`` = {caseworker id: [first day, last day]} or a
    list of such pairs (the child's day of birth, never the CPR digits); ``team``: ``by``
    and ``kinds`` (:class:`TeamRule`); ``competence``: the fields of :class:`CompetenceRules`.
    ``load`` cannot be hard (the capacity cap, ``Policy.max_load``, is the hard part of load);
    ``management`` needs no options: pins always win. ``hard`` is a boolean; ``weight`` a
    finite number from 0 to 10**9 (:data:`MAX_PRINCIPLE_WEIGHT`).
    """

    kind: str
    hard: bool = False
    weight: float = 1.0
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=_proxy)
    rule: Any = attrs.field(init=False, eq=False, repr=False)
    """The options parsed: :class:`CompetenceRules`, :class:`TeamRule`, the CPR ranges or None."""

    def __attrs_post_init__(self) -> None:
        try:
            _principle_kind(self.kind)
        except ValueProblem as exc:
            raise PolicyError(exc.problem) from None
        for name, check in (("hard", check_bool), ("weight", _principle_weight)):
            try:
                check(getattr(self, name))
            except ValueProblem as exc:
                raise PolicyError(f"princippet {self.kind!r}: {name!r} {exc.problem}") from None
        if not isinstance(self.options, Mapping):
            raise PolicyError(
                f"princippet {self.kind!r}: 'options' skal være en tabel, "
                f"ikke {describe(self.options)}"
            )
        try:
            rule = _principle_rule(self.kind, self.hard, self.options)
        except TypeError as exc:  # pragma: no cover - the options are checked by name first
            raise PolicyError(f"princippet {self.kind!r}: ugyldige indstillinger ({exc})") from None
        object.__setattr__(self, "rule", rule)

    def title(self, lang: str = "da") -> str:
        da, en = PRINCIPLES[self.kind]
        return en if lang == "en" else da


def _reason(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueProblem(f"skal være en begrundelse (tekst), ikke {describe(value)}")
    return value


@attrs.frozen
class Pin:
    """A leader's manual assignment (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: "ledelsesmæssig vurdering").

    A pin always wins, over capacity and competences too, and is recorded with its reason;
    the explanation warns when it breaks the cap or lacks a competence.
    """

    caseworker: str
    reason: str

    def __attrs_post_init__(self) -> None:
        if (
            not isinstance(self.caseworker, str)
            or not self.caseworker.strip()
            or not isinstance(self.reason, str)
            or not self.reason.strip()
        ):
            raise PolicyError(
                "en fastlåsning kræver sagsbehandler og begrundelse (tekster), ikke "
                f"{describe(self.caseworker)} og {describe(self.reason)}"
            )


def _frozen(value: Any) -> Any:
    if value is None:
        return MappingProxyType({})
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


def _principles(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


DEFAULT_PRINCIPLES: tuple[Principle, ...] = (
    Principle("management"),
    Principle("competence", hard=True),
    Principle("team", weight=3.0),
    Principle("district", weight=2.0),
    Principle("siblings", weight=4.0),
    Principle("continuity", weight=3.0),
    Principle("load", weight=5.0),
)


def _max_load(value: object) -> float:
    return check_number(value, 0, MAX_LOAD, above=True)


@attrs.frozen
class Policy:
    """The principles in order, the capacity cap, pins, siblings kept apart, weights, capacity.

    - ``principles``: applied in order; the default is management (pins), competence (hard),
      team 3, district 2, siblings 4, continuity 3 and load 5 points.
    - ``max_load``: the hard cap on a caseworker's load after assignment, as a share of
      capacity (1.0 = 100 %; above 0, at most 10). Only a pin can break it.
    - ``pins``: case id → :class:`Pin`.
    - ``siblings_apart``: case id → the reason why this child's siblings should *not* have
      the same caseworker (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: "om søskende skal have samme sagsbehandler eller netop
      forskellige sagsbehandlere"); by default siblings go together.
    - ``weights``, ``capacity``: :class:`WeightModel` and :class:`CapacityModel`.

    Every value is checked when the policy is made; :class:`PolicyError` names the part.
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
        try:
            _max_load(self.max_load)
        except ValueProblem as exc:
            raise PolicyError(f"'max_load' {exc.problem} (1.0 = 100 % af kapaciteten)") from None
        if not isinstance(self.principles, tuple):
            raise PolicyError(
                f"'principles' skal være en liste af Principle, ikke {describe(self.principles)}"
            )
        for p in self.principles:
            if not isinstance(p, Principle):
                raise PolicyError(f"politikken indeholder {describe(p)}, som ikke er et Principle")
        for name in ("pins", "siblings_apart"):
            if not isinstance(getattr(self, name), Mapping):
                raise PolicyError(
                    f"{name!r} skal være en tabel sags-id → ..., ikke {describe(getattr(self, name))}"
                )
        for case_id, pin in self.pins.items():
            if not isinstance(case_id, str) or not isinstance(pin, Pin):
                raise PolicyError(f"fastlåsningen af {describe(case_id)} er ikke en Pin")
        for case_id, reason in self.siblings_apart.items():
            try:
                if not isinstance(case_id, str):
                    raise ValueProblem(f"sags-id'et {describe(case_id)} skal være en tekst")
                _reason(reason)
            except ValueProblem as exc:
                raise PolicyError(f"siblings_apart.{case_id}: {exc.problem}") from None
        if not isinstance(self.weights, WeightModel):
            raise PolicyError(f"'weights' skal være en WeightModel, ikke {describe(self.weights)}")
        if not isinstance(self.capacity, CapacityModel):
            raise PolicyError(
                f"'capacity' skal være en CapacityModel, ikke {describe(self.capacity)}"
            )

    @classmethod
    def in_order(cls, *principles: Principle, **kwargs: Any) -> Policy:
        """A policy whose soft principles rank strictly in the order given.

        The last soft principle weighs 1 and each earlier one 1 more than all later ones
        together (1, 2, 4, 8, ...). A principle's points never exceed its weight, so an
        earlier principle always outweighs every later one together: "team by district, then
        competence, then lowest load" is a lexicographic order. Hard principles keep ``hard``.
        At most 30 soft principles (their weights would pass :data:`MAX_PRINCIPLE_WEIGHT`).
        """
        for p in principles:
            if not isinstance(p, Principle):
                raise PolicyError(f"politikken indeholder {describe(p)}, som ikke er et Principle")
        soft = sum(1 for p in principles if not p.hard and p.kind != "management")
        if soft > 30:
            raise PolicyError(
                f"en streng rækkefølge kan højst have 30 bløde principper, ikke {soft}"
            )
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
    check_case_and_day(case, as_of)
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


def case_competences(case: Case) -> frozenset[str]:
    """The competences a case lists itself (``extra["competences"]``, a list of texts).

    Raises :class:`~boernesag.errors.CaseFormatError` naming the case and the field if the
    value is not a list of non-empty texts: a need that cannot be read must not be dropped.
    """
    listed = case.extra.get("competences")
    if listed is None:
        return frozenset()
    try:
        return frozenset(check_texts(listed, single=False, what="kompetencer (tekster)"))
    except ValueProblem as exc:
        raise CaseFormatError(exc.problem, case_id=case.case_id, field="competences") from None


def required_competences(
    case: Case, as_of: date, rules: CompetenceRules | None = None
) -> frozenset[str]:
    """The competences ``case`` needs on ``as_of`` under ``rules`` (:class:`CompetenceRules`).

    Raises :class:`~boernesag.errors.CaseFormatError` if the case's own list of competences
    (``extra["competences"]``) cannot be read, and :class:`PolicyError` if ``rules`` is not a
    :class:`CompetenceRules`.
    """
    check_case_and_day(case, as_of)
    if rules is not None and not isinstance(rules, CompetenceRules):
        raise PolicyError(f"'rules' skal være en CompetenceRules, ikke {describe(rules)}")
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
    need.update(case_competences(case))
    return frozenset(need)


_TOP = ("principles", "order", "max_load", "pins", "siblings_apart", "weights", "capacity")


def _model_from(
    top: Table, key: str, fields: Mapping[str, Callable[[Any], Any]], model: Any
) -> Any:
    """``[weights]`` / ``[capacity]``: each field checked by type and range, then the model."""
    t = top.sub(key)
    if t is None:
        return None
    values = {name: t.need(name, check) for name, check in fields.items() if name in t}
    t.done()
    return model(**values)


def policy_from_mapping(data: Mapping[str, Any], source: str = "politikken") -> Policy:
    """A policy from a mapping with the layout of a policy file (see :func:`load_policy`).

    Every value is checked by type and range; :class:`PolicyError` names ``source``, the part
    (``princip nr. 2 (team)``, ``pins.K-1``, ``weights``), the key and the value. Booleans must
    be booleans: ``hard = "false"`` is refused, not read as true.
    """
    if not isinstance(data, Mapping):
        raise PolicyError(f"{source}: en politik skal være en tabel, ikke {describe(data)}")
    unknown = sorted(str(k) for k in set(data) - set(_TOP))
    if unknown:
        near = difflib.get_close_matches(unknown[0], _TOP, n=1)
        hint = f" (mente du {near[0]!r}?)" if near else ""
        raise PolicyError(
            f"{source}: ukendte nøgler {', '.join(unknown)}{hint}; "
            f"tilladte: {', '.join(sorted(_TOP))}"
        )
    top = Table(data, Place(source), PolicyError)
    principles = []
    for i, raw in enumerate(top.rows("principles")):
        pt = Table(raw, top.place.at(f"princip nr. {i + 1}"), PolicyError)
        kind = pt.need("kind", _principle_kind)
        pt.place = top.place.at(f"princip nr. {i + 1} ({kind})")
        hard = pt.get("hard", check_bool, False)
        weight = pt.get("weight", _principle_weight, 1.0)
        opts = {k: v for k, v in pt.data.items() if k not in ("kind", "hard", "weight")}
        try:
            principles.append(Principle(kind, hard, weight, opts))
        except PolicyError as exc:
            pt.fail(None, str(exc))
    pins: dict[str, Pin] = {}
    pin_table = top.sub("pins")
    if pin_table is not None:
        for case_id in list(pin_table.data):
            one = pin_table.sub(case_id)
            assert one is not None
            caseworker = one.need("caseworker", check_text)
            reason = one.need("reason", _reason)
            one.done()
            pins[str(case_id)] = Pin(caseworker, reason)
    apart: dict[str, str] = {}
    apart_table = top.sub("siblings_apart")
    if apart_table is not None:
        for case_id in list(apart_table.data):
            apart[str(case_id)] = apart_table.need(case_id, _reason)
    kwargs: dict[str, Any] = {"pins": pins, "siblings_apart": apart}
    kwargs["max_load"] = top.get("max_load", _max_load, 1.0)
    weights = _model_from(top, "weights", WEIGHT_FIELDS, WeightModel)
    if weights is not None:
        kwargs["weights"] = weights
    capacity = _model_from(top, "capacity", CAPACITY_FIELDS, CapacityModel)
    if capacity is not None:
        kwargs["capacity"] = capacity
    order = top.get("order", lambda v: check_text(v, choices=("weighted", "strict")), "weighted")
    try:
        if order == "strict":
            return Policy.in_order(*(principles or DEFAULT_PRINCIPLES), **kwargs)
        if principles:
            kwargs["principles"] = tuple(principles)
        return Policy(**kwargs)
    except PolicyError as exc:
        top.fail(None, str(exc))


def load_policy(path: str | Path) -> Policy:
    """Read a policy file (TOML; see ``examples/policy.toml`` and ``docs/allocation.rst``).

    Raises :class:`PolicyError` for a missing or unreadable file, invalid TOML (with the line
    and column) and every value of the wrong type or range, naming the file, part, key and
    value.
    """
    p = Path(path)
    return policy_from_mapping(read_toml(p, "politikfil", PolicyError), f"politikfil {p}")
