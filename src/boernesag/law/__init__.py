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

import difflib
import itertools
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from boernesag.errors import RuleError
from boernesag.model import Event, EventType, FrozenMapping
from boernesag.paragraphs import LAWS, Paragraph
from boernesag.periods import Period, Unit
from boernesag.tomlcheck import (
    Place,
    Table,
    ValueProblem,
    check_bool,
    check_day,
    check_int,
    check_period,
    check_text,
    check_texts,
    describe,
    read_toml,
)

__all__ = [
    "KINDS",
    "Amount",
    "AmountTable",
    "Rule",
    "RuleSet",
    "RuleVersion",
    "default_amounts",
    "default_rules",
    "kind_defaults",
    "load_rule_file",
    "parse_kind_defaults",
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
#: The yes/no fields of an event (``partshoering``, ``begrundelse`` ...), sorted.
_FLAG_FIELDS = tuple(sorted(f.name for f in attrs.fields(Event) if str(f.type) == "bool | None"))


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


# --------------------------------------------------------------------------- reading rule files

_CheckFn = Callable[[Any], Any]
_PARAGRAPH_KEY = re.compile(r"(?P<law>[A-ZÆØÅ]+) (?P<number>\d+[a-z]?)")


def _event_names(value: Any) -> tuple[str, ...]:
    """Event type names (a list, or one name): every one must be an :class:`EventType`."""
    names = check_texts(value, single=True, what="hændelsestyper")
    for name in names:
        if name not in _EVENT_NAMES:
            near = difflib.get_close_matches(name, sorted(_EVENT_NAMES), n=1)
            hint = f"; mente du {near[0]!r}?" if near else ""
            raise ValueProblem(f"ukendt hændelsestype {name!r}{hint}")
    return names


def _flag_field(value: Any) -> str:
    """A yes/no field of an event (``partshoering``): what a requirement asks for."""
    return check_text(value, choices=_FLAG_FIELDS)


def _event_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"skal være en hændelsestype (tekst), ikke {describe(value)}")
    return _event_names(value)[0]


def _paragraph_key(value: str) -> None:
    """A paragraph as the engine compares it: law and number, ``"BL 32"``, ``"SEL 76a"``."""
    m = _PARAGRAPH_KEY.fullmatch(value)
    if m is None or m["law"] not in LAWS:
        raise ValueProblem(
            f"{value!r} er ikke en paragraf skrevet som 'BL 32' eller 'SEL 76a' "
            f"(lov og nummer; love: {', '.join(LAWS)})"
        )


def _paragraph_keys(value: Any) -> tuple[str, ...]:
    return check_texts(value, item=_paragraph_key, what="paragraffer som 'BL 32'")


def _paragraph_ref(value: str) -> None:
    """A paragraph, optionally with stk. and nr., written as the engine names it:
    ``"BL 46"``, ``"SEL 52 stk. 3 nr. 7"``."""
    try:
        p = Paragraph.parse(value)
    except ValueError as exc:
        raise ValueProblem(str(exc)) from None
    if str(p) != value:
        raise ValueProblem(f"{value!r}: skriv paragraffen som {str(p)!r}")


def _paragraph_refs(value: Any) -> tuple[str, ...]:
    return check_texts(
        value, item=_paragraph_ref, what="paragraffer som 'BL 46' eller 'SEL 52 stk. 3 nr. 7'"
    )


def _law_names(value: Any) -> tuple[str, ...]:
    return check_texts(value, choices=tuple(LAWS), what="lovnavne som 'BL'")


def _listed_by_law(value: Any) -> Mapping[str, tuple[str, ...]]:
    """``{ SEL = ["SEL 51", ...] }``: per law, the only paragraphs a duty applies to (a law
    not named: every paragraph)."""
    if not isinstance(value, Mapping):
        raise ValueProblem('skal være en tabel { SEL = ["SEL 51", ...] }')
    for law, refs in value.items():
        _law_names([law])
        try:
            items = _paragraph_refs(refs)
        except ValueProblem as exc:
            raise ValueProblem(f"{law}: {exc.problem}") from None
        for ref in items:
            if not ref.startswith(f"{law} "):
                raise ValueProblem(f"{law}: {ref!r} er ikke en paragraf i {law}")
    return value


#: Event fields holding a text (a recorded reason, a note): what ``exception_field`` may name.
_TEXT_FIELDS = tuple(
    f.name for f in attrs.fields(Event) if f.init and f.type in ("str | None", str | None)
)


def _text_field(value: Any) -> str:
    return check_text(value, choices=_TEXT_FIELDS)


def _age(value: Any) -> int:
    return check_int(value, 0, 30)


def _period(value: Any) -> Period:
    return check_period(value, hours=False)


def _choice(*options: str) -> _CheckFn:
    return lambda value: check_text(value, choices=options)


def _legal() -> Any:
    """The legal vocabulary (``law/data/vocabulary.toml``); imported when first needed."""
    from boernesag.law.vocabulary import vocabulary as legal_vocabulary

    return legal_vocabulary()


def _decision_kind(value: Any) -> str:
    """A decision kind of the legal vocabulary (``support``, ``placement``)."""
    return check_text(value, choices=tuple(_legal().decision_kinds))


def _outcome_set(value: Any) -> str:
    """An outcome set of the legal vocabulary (``refused``, ``full_grant``)."""
    return check_text(value, choices=tuple(_legal().outcomes))


def _paragraph_class(value: Any) -> str:
    """A paragraph class of the legal vocabulary (``forced_placement``, ``placement`` ...)."""
    return check_text(value, choices=tuple(_legal().classes))


def _field_name(value: Any) -> str:
    """An extension key of an event in the case JSON (``barnets_plan``), not one of the
    case format's own event fields."""
    name = check_text(value)
    if name in {f.name for f in attrs.fields(Event)} or not name.isidentifier():
        raise ValueProblem(f"{name!r} er ikke navnet på et ekstra felt på en hændelse")
    return name


def _age_word(value: Any) -> str:
    """An age of the legal vocabulary (``party_rights``, ``adult`` ...)."""
    return check_text(value, choices=tuple(_legal().ages))


def _check_ages(
    ptable: Table, kind: str, params: Mapping[str, Any], versions: Sequence[RuleVersion]
) -> None:
    """``params.age_of`` names the vocabulary's age this rule counts: every version's age
    must be the vocabulary's on each day the version is in force, so the rule data and the
    vocabulary cannot tell two ages (SEL 12, BL 10 for party rights)."""
    word = params.get("age_of")
    if word is None:
        return
    legal = _legal()
    for v in versions:
        if kind == "age_milestone":
            have = (int(v.option("age")), 0)
        else:
            have = (int(params.get("age_years", 0)), int(params.get("age_months", 0)))
        for day in (v.valid_from, v.valid_to):
            age = legal.age(word, day)
            if have != (age.years, age.months):
                shown = f"{have[0]} år" + (f" {have[1]} mdr." if have[1] else "")
                want = f"{age.years} år" + (f" {age.months} mdr." if age.months else "")
                ptable.fail(
                    "age_of",
                    f"versionen {v.citation!r} har alderen {shown}, men ordforrådets "
                    f"{word!r} er {want} den {day.isoformat()} ({age.source.citation})",
                )


def _condition(value: Any) -> Mapping[str, Any]:
    """``trigger_if``/``trigger_unless``: event field or extension key = a plain value."""
    if not isinstance(value, Mapping):
        raise ValueProblem(
            f"skal være en tabel {{ felt = værdi }}, fx {{ anonymous = true }}, ikke {describe(value)}"
        )
    for key, v in value.items():
        if isinstance(v, datetime) or not isinstance(v, str | bool | int | float | date):
            raise ValueProblem(
                f"{key!r} skal sammenlignes med en tekst, et tal, true/false eller en dato, "
                f"ikke {describe(v)}"
            )
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueProblem(f"{key!r}: {describe(v)} er ikke et tal")
    return value


def _meaning(value: Any) -> Any:
    """An age milestone's ``meaning``: ``{ da = ..., en = ... }`` or one text."""
    if isinstance(value, str):
        return check_text(value)
    if not isinstance(value, Mapping):
        raise ValueProblem(f"skal være {{ da = ..., en = ... }}, ikke {describe(value)}")
    unknown = sorted(set(value) - {"da", "en"})
    if unknown:
        raise ValueProblem(f"ukendt nøgle {unknown[0]!r}; tilladte: da, en")
    if "da" not in value:
        raise ValueProblem("mangler 'da'")
    for lang in ("da", "en"):
        if lang in value:
            try:
                check_text(value[lang])
            except ValueProblem as exc:
                raise ValueProblem(f"{lang}: {exc.problem}") from None
    return value


def _period_table(value: Any) -> Mapping[str, Any]:
    """``periods``: paragraph → period (the keys are read by the engine, which names them)."""
    if not isinstance(value, Mapping):
        raise ValueProblem(
            f'skal være en tabel {{ "BL 32" = "4 weeks", ... }}, ikke {describe(value)}'
        )
    for key, v in value.items():
        try:
            _period(v)
        except ValueProblem as exc:
            raise ValueProblem(f"{key!r}: {exc.problem}") from None
    return value


def _met_note(value: Any) -> Mapping[str, str]:
    """``{ event_type = "note key" }``: the explanation's note when met by that event type."""
    if not isinstance(value, Mapping):
        raise ValueProblem("skal være en tabel { hændelsestype = tekstnøgle }")
    from boernesag.text import has_text

    for k, v in value.items():
        _event_name(k)
        if not isinstance(v, str) or not has_text(v):
            raise ValueProblem(f"{k!r}: {v!r} er ikke en kendt tekstnøgle")
    return value


_CHOICE_KEYS = frozenset({"field", "value", "of", "period", "note"})


def _period_when(value: Any) -> Any:
    """``period_when``: a list of ``{ field, value, of = "self"|"ref", period, note }``: the
    period where the trigger's field (``of = "ref"``: the field of the event it names) equals
    ``value`` (first match wins; see :class:`boernesag.blocks.plan.ChosenPeriodAfter`)."""
    from boernesag.text import has_text

    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueProblem(f"skal være en liste af tabeller, ikke {describe(value)}")
    for i, entry in enumerate(value):
        if not isinstance(entry, Mapping):
            raise ValueProblem(f"[{i}] skal være en tabel, ikke {describe(entry)}")
        unknown = sorted(set(entry) - _CHOICE_KEYS)
        missing = sorted({"field", "value", "period", "note"} - set(entry))
        if unknown or missing:
            what = f"ukendt nøgle {unknown[0]!r}" if unknown else f"mangler {missing[0]!r}"
            raise ValueProblem(f"[{i}]: {what}; tilladte: {', '.join(sorted(_CHOICE_KEYS))}")
        if not isinstance(entry["field"], str):
            raise ValueProblem(f"[{i}].field skal være et feltnavn (tekst)")
        if entry.get("of", "self") not in ("self", "ref"):
            raise ValueProblem(f"[{i}].of skal være 'self' eller 'ref', ikke {entry['of']!r}")
        try:
            _period(entry["period"])
        except ValueProblem as exc:
            raise ValueProblem(f"[{i}].period: {exc.problem}") from None
        if not isinstance(entry["note"], str) or not has_text(entry["note"]):
            raise ValueProblem(f"[{i}].note: {entry['note']!r} er ikke en kendt tekstnøgle")
    return value


@attrs.frozen
class _KindSpec:
    """What a rule kind reads: optional rule keys, ``params``, version options."""

    rule_keys: frozenset[str] = frozenset()
    params: Mapping[str, _CheckFn] = attrs.field(factory=dict)
    options: Mapping[str, _CheckFn] = attrs.field(factory=dict)
    required_options: frozenset[str] = frozenset()
    required_params: frozenset[str] = frozenset()
    hours: bool = False
    #: params naming event types that must also be listed in ``trigger`` (and not in
    #: ``met_by``): the trigger list stays the one place that says what starts the period
    trigger_params: frozenset[str] = frozenset()


_MATCHING = frozenset({"link", "trigger_if", "trigger_unless"})
_PLAN_MODES = ("before", "after", "if_decided")

#: The keys each rule kind reads, with their checks: anything else in a rule is a typo or a
#: setting the engine would ignore, and is refused. The packaged files define this list.
_SPECS: Mapping[str, _KindSpec] = MappingProxyType(
    {
        "period": _KindSpec(
            rule_keys=_MATCHING | {"trigger_date"},
            params={"met_note": _met_note, "period_when": _period_when},
            hours=True,
        ),
        "bfu": _KindSpec(
            params={
                "interim": _event_name,
                "awareness_window": _period,
                "notices": _event_names,
                "starts": _event_names,
                "not_needed": _event_names,
            },
            options={"alternatives": _event_names, "pending_moves": check_bool},
            trigger_params=frozenset({"notices", "starts"}),
        ),
        "plan": _KindSpec(
            params={
                "applies_to": _decision_kind,
                "lookback": _period,
                "unless_outcome": _outcome_set,
                "decided_field": _field_name,
                "forced_class": _paragraph_class,
                "youth_age_of": _age_word,
            },
            options={
                "mode": _choice(*_PLAN_MODES),
                "forced_mode": _choice(*_PLAN_MODES),
                "fallback": _period,
            },
        ),
        "first_followup": _KindSpec(
            params={
                "applies_to": _paragraph_keys,
                "parallel_started": _event_names,
                "parallel_ended": _event_names,
            },
            options={"earliest_of_parallel": check_bool},
        ),
        "recurring_followup": _KindSpec(
            params={"applies_to": _paragraph_keys, "after_rule": check_text},
            options={"interval_from_event": check_bool},
        ),
        "supervision": _KindSpec(
            params={"applies_to": _paragraph_refs}, required_params=frozenset({"applies_to"})
        ),
        "before_decision": _KindSpec(
            params={
                "lookback": _period,
                "laws": _law_names,
                "exception_field": _text_field,
                "listed": _listed_by_law,
            }
        ),
        "age_decision": _KindSpec(
            params={
                "age_years": _age,
                "age_months": lambda v: check_int(v, 0, 11),
                "show_from_age": _age,
                "measures": _paragraph_refs,
                "decision": _event_name,
                "decision_paragraphs": _paragraph_keys,
                "age_of": _age_word,
            }
        ),
        "transition": _KindSpec(
            params={"start_age": _age, "end_age": _age, "noted": _event_names}
        ),
        "recurring_case": _KindSpec(),
        "age_event": _KindSpec(params={"age_years": _age, "disability_only": check_bool}),
        "requirement": _KindSpec(
            params={"field": _flag_field, "exempt_when_granted": check_bool}
        ),
        "case_processing": _KindSpec(
            rule_keys=_MATCHING,
            params={"notice": _event_name},
            options={"unlisted": _choice("default", "not_applicable"), "periods": _period_table},
        ),
        "age_milestone": _KindSpec(
            params={
                "requires": _choice("info", "end_measures"),
                "show_before": _period,
                "show_after": _period,
                "measures": _paragraph_refs,
                "ended_by": _event_names,
                "continued_by": _paragraph_keys,
                "age_of": _age_word,
                "decision": _event_name,
                "continuation": _event_names,
                "refused": lambda v: check_texts(v, what="udfald som 'afslag'"),
                "unknown_paragraph": check_bool,
                "without_measures": _choice("info", "nothing"),
            },
            options={"age": _age, "meaning": _meaning},
            required_options=frozenset({"age"}),
        ),
    }
)
assert set(_SPECS) == set(KINDS)

_RULE_KEYS = frozenset(
    {"id", "kind", "title", "obligor", "source", "enabled", "trigger", "met_by", "params"}
    | {"versions"}
)
_OPTIONAL_RULE_KEYS = frozenset(k for s in _SPECS.values() for k in s.rule_keys)
_ALL_PARAMS = frozenset(k for s in _SPECS.values() for k in s.params)
_ALL_OPTIONS = frozenset(k for s in _SPECS.values() for k in s.options)


def _version_from(raw: Any, place: Place, spec: _KindSpec, kind: str) -> RuleVersion:
    t = Table(raw, place, RuleError, what="en tabel ([[rules.versions]])")
    citation = t.need("citation", check_text)
    t.place = place = Place(place.label, (*place.parts[:-1], f"{place.parts[-1]} ({citation})"))
    law = t.need("law", check_text)
    period = t.need("period", lambda v: check_period(v, hours=spec.hours))
    if period.unit == Unit.HOURS and not spec.hours:  # pragma: no cover - check_period refuses
        t.fail("period", "timer bruges kun af regler af kind 'period'")
    valid_from = t.get("valid_from", lambda v: check_day(v, _DAWN, _DUSK), _DAWN)
    valid_to = t.get("valid_to", lambda v: check_day(v, _DAWN, _DUSK), _DUSK)
    if valid_to < valid_from:
        t.fail(
            "valid_to",
            f"{valid_to.isoformat()} ligger før valid_from {valid_from.isoformat()}",
        )
    extend = t.get("extend", check_bool, False)
    confidence = t.get("confidence", check_text, "unconfirmed")
    note = t.get("note", lambda v: check_text(v, empty=True), "")
    source_url = t.opt("source_url", check_text)
    options: dict[str, Any] = {}
    for name, check in spec.options.items():
        if name in t:
            t.need(name, check)
            options[name] = raw[name]
        elif name in spec.required_options:
            t.fail(name, "mangler")
    t.done(
        elsewhere=_ALL_OPTIONS,
        why=f"bruges ikke af regler af kind {kind!r}",
    )
    return RuleVersion(
        law=law,
        citation=citation,
        valid_from=valid_from,
        valid_to=valid_to,
        period=period,
        extend=extend,
        confidence=confidence,
        note=note,
        source_url=source_url,
        options=options,
    )


def _rule_from(raw: Any, place: Place, origin: str) -> Rule:
    t = Table(raw, place, RuleError, what="en tabel ([[rules]])")
    rule_id = t.need("id", check_text)
    t.place = place = Place(place.label, (*place.parts[:-1], f"regel {rule_id}"))
    kind = t.need("kind", lambda v: check_text(v, choices=tuple(KINDS)))
    spec = _SPECS[kind]
    title = t.sub("title")
    if title is None:
        t.fail("title", "mangler; skriv title = { da = ..., en = ... }")
    title_da = title.need("da", check_text)
    title_en = title.get("en", check_text, title_da)
    title.done()
    no_events: tuple[str, ...] = ()
    trigger = t.get("trigger", _event_names, no_events)
    met_by = t.get("met_by", _event_names, no_events)
    source = t.get("source", _choice("lov", "kommune"), "lov")
    obligor = t.get("obligor", _choice("kommune", "borger"), "kommune")
    enabled = t.get("enabled", check_bool, source == "lov")
    link = "next"
    trigger_if: Mapping[str, Any] = {}
    trigger_unless: Mapping[str, Any] = {}
    trigger_date: str | None = None
    if "link" in spec.rule_keys:
        link = t.get("link", _choice("ref", "next", "measure"), "next")
        trigger_if = t.get("trigger_if", _condition, {})
        trigger_unless = t.get("trigger_unless", _condition, {})
    if "trigger_date" in spec.rule_keys:
        trigger_date = t.opt("trigger_date", _choice("meddelt"))
    params: dict[str, Any] = {}
    ptable = t.sub("params")
    if ptable is not None:
        for name, check in spec.params.items():
            if name in ptable:
                ptable.need(name, check)
                params[name] = ptable.data[name]
        ptable.done(elsewhere=_ALL_PARAMS, why=f"bruges ikke af regler af kind {kind!r}")
        for name in sorted(spec.trigger_params & params.keys()):
            for event_name in _event_names(params[name]):
                if event_name not in trigger:
                    ptable.fail(name, f"{event_name!r} skal også stå i reglens trigger")
                if event_name in met_by:
                    ptable.fail(name, f"{event_name!r} står også i met_by")
        if params.get("start_age", 16) > params.get("end_age", 18):
            ptable.fail("end_age", f"skal være mindst start_age ({params.get('start_age', 16)})")
    for name in sorted(spec.required_params - set(params)):
        t.fail("params", f"{name} mangler (regler af kind {kind!r} skal sige det)")
    rows = t.rows("versions")
    if not rows:
        t.fail("versions", "mangler; hver regel skal have mindst én [[rules.versions]]")
    versions = tuple(
        sorted(
            (
                _version_from(v, place.at(f"version {i + 1}"), spec, kind)
                for i, v in enumerate(rows)
            ),
            key=lambda v: v.valid_from,
        )
    )
    if ptable is not None:
        _check_ages(ptable, kind, params, versions)
    for a, b in itertools.pairwise(versions):
        if b.valid_from <= a.valid_to:
            t.fail(
                None,
                f"versionerne {a.citation!r} ({a.valid_from.isoformat()} til "
                f"{a.valid_to.isoformat()}) og {b.citation!r} ({b.valid_from.isoformat()} til "
                f"{b.valid_to.isoformat()}) gælder samtidig; en dag må kun have én version",
            )
    t.done(
        elsewhere=_OPTIONAL_RULE_KEYS,
        why=f"bruges ikke af regler af kind {kind!r}",
    )
    return Rule(
        id=rule_id,
        kind=kind,
        title_da=title_da,
        title_en=title_en,
        versions=versions,
        trigger=trigger,
        met_by=met_by,
        obligor=obligor,
        source=source,
        enabled=enabled,
        link=link,
        trigger_if=trigger_if,
        trigger_unless=trigger_unless,
        trigger_date=trigger_date,
        params=params,
        origin=origin,
    )


def _parse_rules(data: Mapping[str, Any], origin: str) -> list[Rule]:
    """The rules of a rule file's data; ``origin`` names the file (``regelfil <origin>``)."""
    top = Table(data, Place(f"regelfil {origin}"), RuleError)
    top.get("schema", _choice(RULES_SCHEMA), RULES_SCHEMA)
    top.opt("name", check_text)
    top.opt("version", check_text)
    if "rules" not in top:
        top.fail("rules", "mangler; en regelfil har en eller flere [[rules]]")
    rows = top.rows("rules")
    top.done()
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(rows):
        rule = _rule_from(raw, top.place.at(f"regel nr. {i + 1}"), origin)
        if rule.id in seen:
            raise RuleError(
                f"regelfil {origin}, regel {rule.id}: id'et bruges af to [[rules]] i filen"
            )
        seen.add(rule.id)
        rules.append(rule)
    return rules


def load_rule_file(path: str | Path) -> list[Rule]:
    """Read a rule file (TOML, schema ``boernesag.rules/1``); raise :class:`RuleError`.

    Every key is checked by type and range (:mod:`boernesag.tomlcheck`); the message names
    the file, the rule id, the version, the key and the value. Unknown keys (a typo) are
    refused, as are event types the case format does not know, periods outside
    :data:`boernesag.tomlcheck.PERIOD_RANGES`, dates that are not ``ÅÅÅÅ-MM-DD``, versions
    whose dates overlap, and an id used twice in the file. See ``docs/deadlines.rst``.
    """
    p = Path(path)
    return _parse_rules(read_toml(p, "regelfil", RuleError), str(p))


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
        seen: set[str] = set()
        for r in self.rules:
            if not isinstance(r, Rule):
                raise RuleError(f"et regelsæt består af Rule-objekter, ikke {type(r).__name__}")
            if r.id in seen:
                raise RuleError(f"to regler har samme id {r.id!r}")
            seen.add(r.id)

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


# --------------------------------------------------------------------------- kind defaults

_DEFAULTS_FILE = "boernesag/law/data/defaults.toml"

#: Keys only ``defaults.toml`` has (a rule file cannot set them), with their checks.
_DEFAULT_ONLY_KEYS: Mapping[str, _CheckFn] = MappingProxyType(
    {
        "trigger": _event_names,
        "met_by": _event_names,
        "measures_class": _paragraph_class,
        "refused_set": _outcome_set,
        "interval_field": lambda v: check_text(
            v, choices=tuple(f.name for f in attrs.fields(Event))
        ),
        "child_flag": check_text,
    }
)


def parse_kind_defaults(data: Mapping[str, Any], origin: str) -> dict[str, Mapping[str, Any]]:
    """Check ``defaults.toml``: one table per rule kind, each key a ``params`` key of the kind
    (checked as in a rule file) or a key of :data:`_DEFAULT_ONLY_KEYS`; the raw values are
    kept, as :meth:`Rule.param` gives a rule file's."""
    out: dict[str, Mapping[str, Any]] = {}
    for kind, table in data.items():
        if kind not in _SPECS:
            raise RuleError(f"{origin}: ukendt regeltype [{kind}]")
        if not isinstance(table, Mapping):
            raise RuleError(f"{origin}: [{kind}] skal være en tabel")
        spec = _SPECS[kind]
        for key, value in table.items():
            check = spec.params.get(key) or _DEFAULT_ONLY_KEYS.get(key)
            if check is None:
                raise RuleError(f"{origin}: [{kind}] ukendt nøgle {key!r}")
            try:
                check(value)
            except ValueProblem as exc:
                raise RuleError(f"{origin}: [{kind}] nøgle {key!r}: {exc}") from None
        out[kind] = MappingProxyType(dict(table))
    missing = sorted(set(_SPECS) - set(out))
    if missing:
        raise RuleError(f"{origin}: mangler tabellerne {', '.join(missing)}")
    return out


@cache
def _kind_defaults() -> dict[str, Mapping[str, Any]]:
    from importlib import resources

    text = (resources.files("boernesag.law") / "data" / "defaults.toml").read_text(
        encoding="utf-8"
    )
    return parse_kind_defaults(tomllib.loads(text), _DEFAULTS_FILE)


def kind_defaults(kind: str) -> Mapping[str, Any]:
    """The values the compile step of rule kind ``kind`` uses for a key a rule file leaves
    out (``law/data/defaults.toml``): the packaged rules' values, so an older municipal file
    keeps its meaning. ``RuleError`` for an unknown kind."""
    try:
        return _kind_defaults()[kind]
    except KeyError:
        raise RuleError(f"{_DEFAULTS_FILE}: ukendt regeltype {kind!r}") from None


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
        """Add or replace amounts (by id and year) from a user's file; :class:`RuleError`."""
        p = Path(path)
        new = _parse_amounts(read_toml(p, "satsfil", RuleError), str(p))
        keys = {(a.id, a.year) for a in new}
        return AmountTable(
            amounts=tuple(a for a in self.amounts if (a.id, a.year) not in keys) + tuple(new)
        )


def _parse_amounts(data: Mapping[str, Any], origin: str) -> list[Amount]:
    top = Table(data, Place(f"satsfil {origin}"), RuleError)
    top.need("schema", _choice(AMOUNTS_SCHEMA))
    top.opt("version", check_text)
    rows = top.rows("amounts")
    top.done()
    out: list[Amount] = []
    for i, raw in enumerate(rows):
        block = Table(raw, top.place.at(f"sats nr. {i + 1}"), RuleError)
        amount_id = block.need("id", check_text)
        block.place = top.place.at(f"sats {amount_id}")
        title = block.sub("title")
        if title is not None:
            title.opt("da", check_text)
            title.opt("en", check_text)
            title.done()
        unit = block.get("unit", lambda v: check_text(v, empty=True), "")
        source_url = block.opt("source_url", check_text)
        citations: dict[str, str] = {}
        ctable = block.sub("citations")
        if ctable is not None:
            for law in LAWS:
                cited = ctable.opt(law, check_text)
                if cited is not None:
                    citations[law] = cited
            ctable.done()
        values = block.rows("values")
        block.done()
        for j, v in enumerate(values):
            row = Table(v, block.place.at(f"værdi nr. {j + 1}"), RuleError)
            year = row.need("year", lambda x: check_int(x, _DAWN.year, 2099))
            row.place = block.place.at(f"år {year}")
            amount = row.need("amount", lambda x: check_int(x, 0, 10**9))
            confidence = row.get("confidence", check_text, "unconfirmed")
            # The year's own publication (the annual satsregulering), else the amount's.
            year_source = row.get("source_url", check_text, source_url)
            row.done()
            law = "BL" if year >= 2024 else "SEL"
            out.append(
                Amount(
                    id=amount_id,
                    year=year,
                    amount=amount,
                    unit=unit,
                    citation=citations.get(law, ""),
                    confidence=confidence,
                    source_url=year_source,
                )
            )
    return out


@cache
def default_amounts() -> AmountTable:
    """The packaged satser (merudgift minimum, tabt arbejdsfortjeneste ceiling)."""
    from importlib import resources

    text = (resources.files("boernesag.law") / "data" / "satser.toml").read_text(encoding="utf-8")
    return AmountTable(amounts=tuple(_parse_amounts(tomllib.loads(text), "satser.toml")))
