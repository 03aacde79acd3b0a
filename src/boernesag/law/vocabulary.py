"""The legal words many rules share, read from ``law/data/vocabulary.toml``.

The engines, the audit, the handover and :class:`~boernesag.paragraphs.Paragraph` do not
write a paragraph number, an outcome or an age that carries legal meaning; they ask the
vocabulary (schema ``boernesag.vocabulary/1``):

* **paragraph classes** (``support``, ``placement``, ``forced_placement``, ``eftervaern``,
  ``cash_benefit``, ``bfu_basis``: the decisions a BFU is the basis of): the paragraphs of each law in the class, :meth:`LegalVocabulary.in_class`.
  A paragraph is classed by the law it names (``SEL 52`` is a Serviceloven paragraph whatever
  the event's date; the case loader warns separately about a law not in force);
* **decision kinds** (``placement``, ``support``): which classes each kind takes, per law,
  :meth:`LegalVocabulary.decision_kind`. SEL § 140, stk. 1 names §§ 52, 76 and 76 a, so a
  Serviceloven efterværn decision (§ 76, § 76 a) is a ``support`` decision;
* **outcomes**: refused (``afslag``, ``afvist``) and fully granting (``bevilget``),
  :meth:`LegalVocabulary.is_refused`;
* **ages** that change rights, per law and effective-dated, :meth:`LegalVocabulary.age`
  (party rights 12 under SEL until 2023, 10 under BL from 2024).

Each entry carries its citation, the statute text relied on and the source URL. The file is
read strictly with :mod:`boernesag.tomlcheck`: an unknown key, a wrong type, an unknown word
or a paragraph that does not exist raises :class:`~boernesag.errors.RuleError` naming the file,
the key and the value. The packaged vocabulary is read once (:func:`vocabulary`).
"""

from __future__ import annotations

import functools
import itertools
import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import attrs

from boernesag.errors import RuleError
from boernesag.paragraphs import LAWS, Paragraph
from boernesag.paragraphs import vocabulary as paragraph_vocabulary
from boernesag.periods import LeapDayRule, PeriodEnd, date_of_age
from boernesag.tomlcheck import (
    Place,
    Table,
    ValueProblem,
    check_day,
    check_int,
    check_text,
    check_texts,
    read_toml,
)

__all__ = [
    "AGES",
    "CLASSES",
    "DECISION_KINDS",
    "OUTCOMES",
    "RULE_AGES",
    "SCHEMA",
    "AgeVersion",
    "ClassVersion",
    "DecisionKindVersion",
    "LegalVocabulary",
    "OutcomeSet",
    "Source",
    "Word",
    "load_vocabulary",
    "milestones",
    "vocabulary",
]

SCHEMA: Final = "boernesag.vocabulary/1"

#: The paragraph classes the code asks about (every one must be in the file, no other).
CLASSES: Final = (
    "support",
    "placement",
    "forced_placement",
    "eftervaern",
    "cash_benefit",
    "bfu_basis",
)
#: The decision kinds, in the order a paragraph is tried (the first kind that takes it wins).
DECISION_KINDS: Final = ("placement", "support")
#: The outcome sets.
OUTCOMES: Final = ("refused", "full_grant")
#: The ages that change rights, in age order (the order of :func:`milestones`).
AGES: Final = (
    "party_rights",
    "consent",
    "transition",
    "ungestoette_decision",
    "adult",
    "ungestoette_end",
)
#: Ages one rule each reads that are not listed among the milestones: the age from which a
#: plan is an ungeplan (BL § 108; SEL § 140, stk. 2), and the end of the contact person for a
#: young person who was placed on eget værelse or kollegium (BL § 115, stk. 2; SEL § 76, stk. 6).
RULE_AGES: Final = ("youth_plan", "contact_person_end")

_DAWN = date(1900, 1, 1)
_DUSK = date(9999, 12, 31)


@attrs.frozen
class Source:
    """Where a word's meaning comes from: the citation, the statute text, the source URL."""

    citation: str
    text: str
    source_url: str
    note: str = ""


@attrs.frozen
class _Version:
    law: str
    valid_from: date
    valid_to: date
    source: Source

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


@attrs.frozen
class ClassVersion(_Version):
    """One law's paragraphs of a class; ``excluded`` entries are taken out again."""

    paragraphs: tuple[Paragraph, ...] = ()
    excluded: tuple[Paragraph, ...] = ()

    def contains(self, p: Paragraph) -> bool:
        """Whether ``p`` is in this version (an entry without stk./nr. covers them all)."""
        return any(_covers(e, p) for e in self.paragraphs) and not any(
            _covers(e, p) for e in self.excluded
        )


@attrs.frozen
class DecisionKindVersion(_Version):
    """One law's classes of a decision kind."""

    classes: tuple[str, ...] = ()


@attrs.frozen
class AgeVersion(_Version):
    """One law's age: ``years`` and ``months``, and the label of the milestone."""

    years: int = 0
    months: int = 0
    milestone_da: str = ""
    milestone_en: str = ""

    def on(self, birth: date, rule: LeapDayRule = LeapDayRule.FEB_28) -> PeriodEnd:
        """The day a child born on ``birth`` reaches this age (:func:`periods.date_of_age`)."""
        return date_of_age(birth, self.years, self.months, rule)

    def label(self, lang: str = "da") -> str:
        return self.milestone_da if lang == "da" else self.milestone_en

    def describe(self, lang: str = "da") -> str:
        """The label, so an explanation note may carry the age and render it per language."""
        return self.label(lang)


@attrs.frozen
class Word:
    """A word of the vocabulary with its versions per law (classes, decision kinds, ages)."""

    name: str
    title_da: str
    title_en: str
    versions: tuple[Any, ...]

    def for_law(self, law: str) -> Any:
        """The version of ``law`` (None if the word has none for it)."""
        for v in self.versions:
            if v.law == law:
                return v
        return None


@attrs.frozen
class OutcomeSet:
    """Outcome values that mean the same (``refused``: ``afslag``, ``afvist``)."""

    name: str
    title_da: str
    title_en: str
    values: frozenset[str]
    source: Source


def _covers(entry: Paragraph, p: Paragraph) -> bool:
    return (
        entry.law == p.law
        and entry.number == p.number
        and (entry.stk is None or entry.stk == p.stk)
        and (entry.nr is None or entry.nr == p.nr)
    )


@attrs.frozen
class LegalVocabulary:
    """The vocabulary file, read; lookups are memoised per paragraph."""

    origin: str
    classes: Mapping[str, Word]
    decision_kinds: Mapping[str, Word]
    outcomes: Mapping[str, OutcomeSet]
    ages: Mapping[str, Word]
    _memo: dict[tuple[str, Paragraph], Any] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    def _word(self, table: Mapping[str, Any], what: str, name: str) -> Any:
        try:
            return table[name]
        except KeyError:
            raise RuleError(
                f"ordforrådet {self.origin}: {what} {name!r} findes ikke "
                f"(kendte: {', '.join(table)})"
            ) from None

    def in_class(self, name: str, p: Paragraph | None) -> bool:
        """Whether paragraph ``p`` belongs to class ``name`` under the law it names.

        An unknown class name is a :class:`~boernesag.errors.RuleError`.
        """
        if p is None:
            return False
        key = (name, p)
        found = self._memo.get(key)
        if found is None:
            version = self._word(self.classes, "klassen", name).for_law(p.law)
            found = version is not None and version.contains(p)
            self._memo[key] = found
        return bool(found)

    def decision_kind(self, p: Paragraph | None) -> str | None:
        """``"placement"``, ``"support"`` or ``None``: the first kind whose classes take ``p``.

        A decision is classed by the law its paragraph names (SEL § 140, stk. 1 for
        Serviceloven: §§ 52, 76 and 76 a; BL § 91, stk. 1-2 for Barnets Lov).
        """
        if p is None:
            return None
        key = ("<kind>", p)
        if key in self._memo:
            return self._memo[key]  # type: ignore[no-any-return]
        kind: str | None = None
        for name, word in self.decision_kinds.items():
            version = word.for_law(p.law)
            if version is not None and any(self.in_class(c, p) for c in version.classes):
                kind = name
                break
        self._memo[key] = kind
        return kind

    def outcome_values(self, name: str) -> frozenset[str]:
        """The outcome values of set ``name`` (``refused``, ``full_grant``)."""
        return self._word(self.outcomes, "udfaldet", name).values  # type: ignore[no-any-return]

    def is_refused(self, outcome: str | None) -> bool:
        """Whether a decision's ``outcome`` refuses or dismisses (``afslag``, ``afvist``)."""
        return outcome in self.outcomes["refused"].values

    def is_full_grant(self, outcome: str | None) -> bool:
        """Whether ``outcome`` grants fully what was asked (``bevilget``)."""
        return outcome in self.outcomes["full_grant"].values

    def age(self, name: str, day: date | None = None) -> AgeVersion:
        """The age ``name`` in force on ``day`` (``None``: the law in force now, the last
        version); the versions cover every day, so this never lacks an answer."""
        word = self._word(self.ages, "alderen", name)
        if day is None:
            return word.versions[-1]  # type: ignore[no-any-return]
        for v in word.versions:
            if v.in_force(day):
                return v  # type: ignore[no-any-return]
        raise AssertionError(f"{name}: the loader checked that the versions cover every day")

    def milestones(
        self,
        birth: date,
        rule: LeapDayRule = LeapDayRule.FEB_28,
        lang: str = "da",
        on: date | None = None,
    ) -> list[tuple[str, PeriodEnd]]:
        """The ages that change a child's rights as ``(label, PeriodEnd)`` in age order,
        under the law in force on ``on`` (default: the last version, Barnets Lov)."""
        if lang not in ("da", "en"):
            raise ValueError(f"sprog {lang!r} understøttes ikke; brug 'da' eller 'en'")
        out = []
        for name in AGES:
            v = self.age(name, on)
            out.append((v.label(lang), v.on(birth, rule)))
        return out


# --------------------------------------------------------------------------- reading


def _paragraph_entry(law: str) -> Callable[[str], object]:
    def check(text: str) -> object:
        try:
            p = Paragraph.parse(text)
        except ValueError as exc:
            raise ValueProblem(str(exc)) from None
        if p.law != law:
            raise ValueProblem(f"{text!r} er ikke en {law}-paragraf (versionens law er {law!r})")
        problem = paragraph_vocabulary().problem(p)
        if problem is not None:
            raise ValueProblem(problem)
        return p

    return check


def _title(t: Table, name: str) -> tuple[str, str]:
    title = t.sub("title")
    if title is None:
        t.fail("title", "mangler; skriv title = { da = ..., en = ... }")
    da = title.need("da", check_text)
    en = title.get("en", check_text, da)
    title.done()
    return da, en


def _source(t: Table) -> Source:
    return Source(
        citation=t.need("citation", check_text),
        text=t.need("text", check_text),
        source_url=t.need("source_url", check_text),
        note=t.get("note", lambda v: check_text(v, empty=True), ""),
    )


def _versions(
    t: Table,
    place: Place,
    read: Callable[[Table, str, date, date, Source], Any],
    *,
    cover: bool,
) -> tuple[Any, ...]:
    rows = t.rows("versions")
    if not rows:
        t.fail("versions", "mangler; hvert ord har mindst én [[...versions]]")
    out = []
    for i, raw in enumerate(rows):
        vt = Table(raw, place.at(f"version {i + 1}"), RuleError, what="en tabel ([[versions]])")
        law = vt.need("law", lambda v: check_text(v, choices=tuple(LAWS)))
        vt.place = place.at(f"version {i + 1} ({law})")
        valid_from = vt.get("valid_from", lambda v: check_day(v, _DAWN, _DUSK), _DAWN)
        valid_to = vt.get("valid_to", lambda v: check_day(v, _DAWN, _DUSK), _DUSK)
        if valid_to < valid_from:
            vt.fail("valid_to", f"{valid_to.isoformat()} ligger før valid_from")
        version = read(vt, law, valid_from, valid_to, _source(vt))
        vt.done()
        out.append(version)
    out.sort(key=lambda v: v.valid_from)
    laws = [v.law for v in out]
    for law in laws:
        if laws.count(law) > 1:
            t.fail("versions", f"loven {law!r} har to versioner; én pr. lov")
    for a, b in itertools.pairwise(out):
        if b.valid_from <= a.valid_to:
            t.fail("versions", f"versionerne for {a.law} og {b.law} gælder samtidig")
        if cover and (b.valid_from - a.valid_to).days != 1:
            t.fail(
                "versions",
                f"hul mellem {a.valid_to.isoformat()} og {b.valid_from.isoformat()}; "
                "versionerne skal dække hver dag",
            )
    if cover and (out[0].valid_from != _DAWN or out[-1].valid_to != _DUSK):
        t.fail("versions", "den første version må ikke have valid_from, den sidste ikke valid_to")
    return tuple(out)


def _words(
    top: Table,
    key: str,
    names: tuple[str, ...],
    read: Callable[[Table, str, date, date, Source], Any],
    *,
    cover: bool = False,
) -> Mapping[str, Word]:
    table = top.sub(key)
    if table is None:
        top.fail(key, f"mangler; skriv [{key}.{names[0]}] osv.")
    table.done(allowed=names)  # an unknown word first: its [[versions]] make a table too
    words: dict[str, Word] = {}
    for name in names:
        if name not in table:
            table.fail(name, "mangler")
        wt = table.sub(name, top.place.at(f"{key}.{name}"))
        assert wt is not None
        da, en = _title(wt, name)
        versions = _versions(wt, wt.place, read, cover=cover)
        wt.done()
        words[name] = Word(name, da, en, versions)
    return MappingProxyType(words)


def _read_class(t: Table, law: str, lo: date, hi: date, source: Source) -> ClassVersion:
    entry = _paragraph_entry(law)
    paragraphs = t.need("paragraphs", lambda v: check_texts(v, item=entry, what="paragraffer"))
    nothing: tuple[str, ...] = ()
    excluded = t.get("except", lambda v: check_texts(v, item=entry, what="paragraffer"), nothing)
    return ClassVersion(
        law=law,
        valid_from=lo,
        valid_to=hi,
        source=source,
        paragraphs=tuple(Paragraph.parse(p) for p in paragraphs),
        excluded=tuple(Paragraph.parse(p) for p in excluded),
    )


def _read_kind(t: Table, law: str, lo: date, hi: date, source: Source) -> DecisionKindVersion:
    classes = t.need("classes", lambda v: check_texts(v, choices=CLASSES, what="klasser"))
    return DecisionKindVersion(law=law, valid_from=lo, valid_to=hi, source=source, classes=classes)


def _read_age(t: Table, law: str, lo: date, hi: date, source: Source) -> AgeVersion:
    years = t.need("years", lambda v: check_int(v, 0, 30))
    months = t.get("months", lambda v: check_int(v, 0, 11), 0)
    label = t.sub("milestone")
    if label is None:
        t.fail("milestone", "mangler; skriv milestone = { da = ..., en = ... }")
    da = label.need("da", check_text)
    en = label.get("en", check_text, da)
    label.done()
    return AgeVersion(
        law=law,
        valid_from=lo,
        valid_to=hi,
        source=source,
        years=years,
        months=months,
        milestone_da=da,
        milestone_en=en,
    )


def _parse(data: Mapping[str, Any], origin: str) -> LegalVocabulary:
    top = Table(data, Place(f"ordforråd {origin}"), RuleError)
    top.need("schema", lambda v: check_text(v, choices=(SCHEMA,)))
    classes = _words(top, "classes", CLASSES, _read_class)
    kinds = _words(top, "decision_kinds", DECISION_KINDS, _read_kind)
    ages = _words(top, "ages", AGES + RULE_AGES, _read_age, cover=True)
    otable = top.sub("outcomes")
    if otable is None:
        top.fail("outcomes", "mangler; skriv [outcomes.refused] og [outcomes.full_grant]")
    otable.done(allowed=OUTCOMES)
    outcomes: dict[str, OutcomeSet] = {}
    for name in OUTCOMES:
        if name not in otable:
            otable.fail(name, "mangler")
        ot = otable.sub(name, top.place.at(f"outcomes.{name}"))
        assert ot is not None
        da, en = _title(ot, name)
        values = ot.need("values", lambda v: check_texts(v, what="udfald"))
        outcomes[name] = OutcomeSet(name, da, en, frozenset(values), _source(ot))
        ot.done()
    both = outcomes["refused"].values & outcomes["full_grant"].values
    if both:
        otable.fail("full_grant", f"{sorted(both)[0]!r} kan ikke både være afslag og medhold")
    top.done()
    return LegalVocabulary(
        origin=origin,
        classes=classes,
        decision_kinds=kinds,
        outcomes=MappingProxyType(outcomes),
        ages=ages,
    )


def load_vocabulary(path: str | Path) -> LegalVocabulary:
    """Read a vocabulary file (schema ``boernesag.vocabulary/1``); raise :class:`RuleError`."""
    p = Path(path)
    return _parse(read_toml(p, "ordforråd", RuleError), str(p))


@functools.cache
def vocabulary() -> LegalVocabulary:
    """The packaged vocabulary (``boernesag/law/data/vocabulary.toml``), read once."""
    from importlib import resources

    text = (resources.files("boernesag.law") / "data" / "vocabulary.toml").read_text(
        encoding="utf-8"
    )
    return _parse(tomllib.loads(text), "boernesag/law/data/vocabulary.toml")


def milestones(
    birth: date, rule: LeapDayRule = LeapDayRule.FEB_28, lang: str = "da", on: date | None = None
) -> list[tuple[str, PeriodEnd]]:
    """The ages that change a child's rights, as ``(label, PeriodEnd)`` in age order.

    Party rights (BL § 3; SEL § 167: 12), consent (15), transition (16), the ungestøtte
    decision (17 years 6 months, BL § 111 stk. 1), 18 and 23, under the law in force on
    ``on`` (default Barnets Lov), each computed by :func:`~boernesag.periods.date_of_age`.

    >>> [(label, end.due.isoformat()) for label, end in milestones(date(2010, 5, 17))][3]
    ('17 år og 6 måneder: afgørelse om ungestøtte (BL § 111 stk. 1)', '2027-11-17')
    >>> milestones(date(2010, 5, 17), on=date(2023, 6, 1))[0][1].due
    datetime.date(2022, 5, 17)
    """
    return vocabulary().milestones(birth, rule, lang, on)
