"""Rules as data: the statutory (and municipal) time rules, effective-dated.

The rules live in TOML files in ``boernesag/law/data/``, one per law (Barnets Lov together
with its predecessor, Serviceloven's children's chapter; Retssikkerhedsloven;
Offentlighedsloven; Forvaltningsloven) and one of municipal targets. Each rule has a stable
id (the duty, not the paragraph), a kind (which the deadline engine interprets), a title in
Danish and English, the events that trigger and meet it, and one version per law with its
citation, effective dates, period, extension rule, confidence and source URL.

A municipality can load its own file on top (:meth:`RuleSet.with_file`): a rule with a new id
is added; one with a known id replaces the packaged rule. Municipal targets
(``source = "kommune"``) are off by default; :meth:`RuleSet.enable` turns them on.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from boernesag.errors import RuleError
from boernesag.model import EventType, FrozenMapping
from boernesag.periods import Period

__all__ = [
    "KINDS",
    "Amount",
    "AmountTable",
    "Rule",
    "RuleSet",
    "RuleVersion",
    "default_amounts",
    "default_rules",
    "load_rule_file",
]

RULES_SCHEMA = "boernesag.rules/1"
AMOUNTS_SCHEMA = "boernesag.amounts/1"

#: Rule kinds the deadline engine knows, and what each means.
KINDS: Mapping[str, str] = MappingProxyType(
    {
        "period": "a period from each trigger event to the event that meets it",
        "bfu": "the BFU period from the first sign of a possible need (BL § 20 stk. 3)",
        "plan": "barnets plan / handleplan tied to a decision (BL § 91, SEL § 140)",
        "first_followup": "first follow-up on a measure (BL § 95 stk. 2, SEL § 70)",
        "recurring_followup": "later follow-ups at the interval in force (BL § 95 stk. 3)",
        "supervision": "tilsynsbesøg during a placement, no gap over the period (BL § 156)",
        "before_decision": "an event that must come before each decision (BL § 5 stk. 3)",
        "age_decision": "a decision due at an age while placed (BL § 111)",
        "transition": "transition to adulthood between two ages (BL §§ 122-123)",
        "recurring_case": "a recurring duty on every open case (municipal targets)",
        "age_event": "an event due before an age (municipal targets)",
        "requirement": "a requirement on each decision without a period (FVL); audit only",
        "case_processing": (
            "the municipality's published time limit per benefit type from an application to "
            "its decision (RSL § 3 stk. 2)"
        ),
        "age_milestone": "a birthday that changes the child's rights (BL §§ 3, 46-47, 99, 117)",
    }
)

_DAWN = date(1900, 1, 1)
_DUSK = date(9999, 12, 31)
_EVENT_NAMES = frozenset(t.value for t in EventType)


def _freeze(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return FrozenMapping(value)


@attrs.frozen
class RuleVersion:
    """One law's version of a rule: citation, effective dates and period."""

    law: str
    citation: str
    valid_from: date
    valid_to: date
    period: Period
    extend: bool = False
    confidence: str = "unconfirmed"
    note: str = ""
    source_url: str | None = None
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@attrs.frozen
class Rule:
    """A duty with a stable id and its versions over time."""

    id: str
    kind: str
    title_da: str
    title_en: str
    versions: tuple[RuleVersion, ...]
    trigger: tuple[str, ...] = ()
    met_by: tuple[str, ...] = ()
    obligor: str = "kommune"
    source: str = "lov"
    enabled: bool = True
    link: str = "next"
    trigger_if: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze)
    trigger_unless: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze)
    trigger_date: str | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_freeze)
    origin: str = "boernesag"

    def version_on(self, day: date) -> RuleVersion | None:
        """The version in force on ``day`` (the trigger date), or None."""
        for v in self.versions:
            if v.valid_from <= day <= v.valid_to:
                return v
        return None

    def title(self, lang: str = "da") -> str:
        return self.title_en if lang == "en" else self.title_da

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RuleError(f"{where}: {value!r} er ikke en dato ÅÅÅÅ-MM-DD")


def _as_str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: skal være en liste af tekster")
    return tuple(value)


_VERSION_KEYS = frozenset(
    {
        "law",
        "citation",
        "valid_from",
        "valid_to",
        "period",
        "extend",
        "confidence",
        "note",
        "source_url",
    }
)


def _version_from(raw: Any, where: str) -> RuleVersion:
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where}: en version skal være en tabel")
    for key in ("law", "citation", "period"):
        if not isinstance(raw.get(key), str):
            raise RuleError(f"{where}: mangler {key!r}")
    try:
        period = Period.parse(raw["period"])
    except ValueError as exc:
        raise RuleError(f"{where}.period: {exc}") from None
    extend = raw.get("extend", False)
    if not isinstance(extend, bool):
        raise RuleError(f"{where}.extend: skal være true eller false")
    return RuleVersion(
        law=raw["law"],
        citation=raw["citation"],
        valid_from=_as_date(raw.get("valid_from", _DAWN), f"{where}.valid_from"),
        valid_to=_as_date(raw.get("valid_to", _DUSK), f"{where}.valid_to"),
        period=period,
        extend=extend,
        confidence=str(raw.get("confidence", "unconfirmed")),
        note=str(raw.get("note", "")),
        source_url=raw.get("source_url"),
        options={k: v for k, v in raw.items() if k not in _VERSION_KEYS},
    )


def _rule_from(raw: Any, where: str, origin: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where}: en regel skal være en tabel")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{where}: reglen mangler 'id'")
    where = f"{where} ({rule_id})"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: ukendt 'kind' {kind!r}; kendte: {', '.join(KINDS)}")
    title = raw.get("title")
    if not isinstance(title, Mapping) or not isinstance(title.get("da"), str):
        raise RuleError(f"{where}: mangler title = {{ da = ..., en = ... }}")
    trigger = _as_str_tuple(raw.get("trigger"), f"{where}.trigger")
    met_by = _as_str_tuple(raw.get("met_by"), f"{where}.met_by")
    for name in (*trigger, *met_by):
        if name not in _EVENT_NAMES:
            raise RuleError(f"{where}: ukendt hændelsestype {name!r}")
    source = raw.get("source", "lov")
    if source not in ("lov", "kommune"):
        raise RuleError(f"{where}.source: skal være 'lov' eller 'kommune'")
    obligor = raw.get("obligor", "kommune")
    if obligor not in ("kommune", "borger"):
        raise RuleError(f"{where}.obligor: skal være 'kommune' eller 'borger'")
    link = raw.get("link", "next")
    if link not in ("ref", "next", "measure"):
        raise RuleError(f"{where}.link: skal være 'ref', 'next' eller 'measure'")
    versions_raw = raw.get("versions")
    if not isinstance(versions_raw, list) or not versions_raw:
        raise RuleError(f"{where}: mangler [[rules.versions]]")
    versions = tuple(
        sorted(
            (_version_from(v, f"{where}.versions[{i}]") for i, v in enumerate(versions_raw)),
            key=lambda v: v.valid_from,
        )
    )
    for a, b in itertools.pairwise(versions):
        if b.valid_from <= a.valid_to:
            raise RuleError(f"{where}: versionerne {a.citation} og {b.citation} overlapper")
    enabled = raw.get("enabled", source == "lov")
    if not isinstance(enabled, bool):
        raise RuleError(f"{where}.enabled: skal være true eller false")
    return Rule(
        id=rule_id,
        kind=str(kind),
        title_da=title["da"],
        title_en=str(title.get("en", title["da"])),
        versions=versions,
        trigger=trigger,
        met_by=met_by,
        obligor=obligor,
        source=source,
        enabled=enabled,
        link=link,
        trigger_if=raw.get("trigger_if", {}),
        trigger_unless=raw.get("trigger_unless", {}),
        trigger_date=raw.get("trigger_date"),
        params=raw.get("params", {}),
        origin=origin,
    )


def _parse_rules(data: Mapping[str, Any], origin: str) -> list[Rule]:
    if data.get("schema", RULES_SCHEMA) != RULES_SCHEMA:
        raise RuleError(f"{origin}: schema skal være {RULES_SCHEMA!r}")
    rules_raw = data.get("rules")
    if not isinstance(rules_raw, list):
        raise RuleError(f"{origin}: mangler [[rules]]")
    return [_rule_from(r, f"{origin} rules[{i}]", origin) for i, r in enumerate(rules_raw)]


def load_rule_file(path: str | Path) -> list[Rule]:
    """Read a rule file (TOML, schema ``boernesag.rules/1``); raise :class:`RuleError`."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"regelfilen findes ikke: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{p}: ikke gyldig TOML: {exc}") from None
    return _parse_rules(data, str(p))


_PACKAGED = (
    "barnets_lov.toml",
    "retssikkerhedsloven.toml",
    "offentlighedsloven.toml",
    "forvaltningsloven.toml",
    "kommune.toml",
)


@attrs.frozen
class RuleSet:
    """An ordered set of rules by id; immutable, so it can be shared between threads."""

    rules: tuple[Rule, ...]

    def __attrs_post_init__(self) -> None:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise RuleError("to regler har samme id")

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return any(r.id == rule_id for r in self.rules)

    def __getitem__(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def active(self) -> tuple[Rule, ...]:
        """The enabled rules."""
        return tuple(r for r in self.rules if r.enabled)

    def with_rules(self, rules: Iterable[Rule]) -> RuleSet:
        """Add rules; a rule with a known id replaces the old one in place."""
        new = {r.id: r for r in rules}
        kept = [new.pop(r.id, r) for r in self.rules]
        return RuleSet(rules=(*kept, *new.values()))

    def with_file(self, path: str | Path) -> RuleSet:
        """Add or replace rules from a user's rule file."""
        return self.with_rules(load_rule_file(path))

    def enable(self, *rule_ids: str) -> RuleSet:
        """Turn rules on (e.g. municipal targets); unknown ids raise :class:`RuleError`."""
        return self._toggle(rule_ids, True)

    def disable(self, *rule_ids: str) -> RuleSet:
        return self._toggle(rule_ids, False)

    def _toggle(self, rule_ids: Sequence[str], on: bool) -> RuleSet:
        unknown = [i for i in rule_ids if i not in self]
        if unknown:
            raise RuleError(f"ukendte regler: {', '.join(unknown)}")
        wanted = set(rule_ids)
        return RuleSet(
            rules=tuple(attrs.evolve(r, enabled=on) if r.id in wanted else r for r in self.rules)
        )


@cache
def default_rules() -> RuleSet:
    """The packaged rule set (read once)."""
    from importlib import resources  # not at import time: it costs ~10 ms

    rules: list[Rule] = []
    base = resources.files("boernesag.law") / "data"
    for name in _PACKAGED:
        data = tomllib.loads((base / name).read_text(encoding="utf-8"))
        rules.extend(_parse_rules(data, f"boernesag/law/data/{name}"))
    return RuleSet(rules=tuple(rules))


# --------------------------------------------------------------------------- amounts


@attrs.frozen
class Amount:
    """An effective-dated amount (sats) for one year."""

    id: str
    year: int
    amount: int
    unit: str
    citation: str
    confidence: str
    source_url: str | None


@attrs.frozen
class AmountTable:
    """Amounts by id and year; :meth:`for_year` never guesses a missing year."""

    amounts: tuple[Amount, ...]

    def for_year(self, amount_id: str, year: int) -> Amount:
        """The amount for ``year``; :class:`RuleError` if the year is not in the data."""
        for a in self.amounts:
            if a.id == amount_id and a.year == year:
                return a
        known = sorted(a.year for a in self.amounts if a.id == amount_id)
        if not known:
            raise RuleError(f"ukendt sats {amount_id!r}")
        raise RuleError(
            f"satsen {amount_id!r} for {year} findes ikke i data (kendte år: "
            f"{', '.join(map(str, known))}); tilføj den i en egen fil frem for at gætte"
        )

    def with_file(self, path: str | Path) -> AmountTable:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        new = _parse_amounts(data, str(path))
        keys = {(a.id, a.year) for a in new}
        return AmountTable(
            amounts=tuple(a for a in self.amounts if (a.id, a.year) not in keys) + tuple(new)
        )


def _parse_amounts(data: Mapping[str, Any], origin: str) -> list[Amount]:
    if data.get("schema") != AMOUNTS_SCHEMA:
        raise RuleError(f"{origin}: schema skal være {AMOUNTS_SCHEMA!r}")
    out: list[Amount] = []
    for block in data.get("amounts", []):
        citations = block.get("citations", {})
        for v in block.get("values", []):
            year = int(v["year"])
            law = "BL" if year >= 2024 else "SEL"
            out.append(
                Amount(
                    id=block["id"],
                    year=year,
                    amount=int(v["amount"]),
                    unit=block.get("unit", ""),
                    citation=citations.get(law, ""),
                    confidence=str(v.get("confidence", "unconfirmed")),
                    source_url=block.get("source_url"),
                )
            )
    return out


@cache
def default_amounts() -> AmountTable:
    """The packaged satser (merudgift minimum, tabt arbejdsfortjeneste ceiling)."""
    from importlib import resources

    text = (resources.files("boernesag.law") / "data" / "satser.toml").read_text(encoding="utf-8")
    return AmountTable(amounts=tuple(_parse_amounts(tomllib.loads(text), "satser.toml")))
