"""Paragraph references as written in the case format: ``BL 32``, ``SEL 52 stk. 3 nr. 7``.

A reference is the law's short name and the paragraph number, optionally followed by
``stk.`` and ``nr.``. The short names are those of the law digest: ``BL`` Barnets Lov (from
1 January 2024), ``SEL`` Serviceloven (the children's chapter, before 2024), ``FVL``
Forvaltningsloven, ``RSL`` Retssikkerhedsloven, ``OFL`` Offentlighedsloven, ``UKL`` lov om
bekæmpelse af ungdomskriminalitet.

:func:`vocabulary` says which references can exist and when each law applied to children's
cases (data file ``boernesag/law/data/paragraphs.toml``, with its sources): the case loader
refuses a paragraph that does not exist (``BL 999``, ``SEL 52 stk. 99``) and warns about a
paragraph of a law that did not apply on the event's date (``SEL 52`` in 2024).

Which class a paragraph belongs to (placement, support, forced placement, ...) is law, so it
is the legal vocabulary's answer (:meth:`boernesag.law.vocabulary.LegalVocabulary.in_class`,
``law/data/vocabulary.toml``), not this module's: a paragraph here is only a reference.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from datetime import date
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from boernesag.cpr import redact
from boernesag.messages import Message, MessageValueError

__all__ = [
    "LAWS",
    "MAX_NUMBER",
    "MAX_STK",
    "LawInfo",
    "Paragraph",
    "Vocabulary",
    "vocabulary",
]

LAWS: dict[str, str] = {
    "BL": "Barnets Lov",
    "SEL": "Serviceloven",
    "FVL": "Forvaltningsloven",
    "RSL": "Retssikkerhedsloven",
    "OFL": "Offentlighedsloven",
    "UKL": "Lov om bekæmpelse af ungdomskriminalitet",
}

#: The range :meth:`Paragraph.parse` accepts for a paragraph number, and for stk. and nr.
#: (no Danish law in the vocabulary goes beyond § 214, stk. 14 or nr. 14; the vocabulary
#: then checks each law's own span).
MAX_NUMBER = 999
MAX_STK = 99

# re.ASCII: only the digits 0-9 are digits. Full-width ("３２") or other Unicode digits are
# refused rather than read as a paragraph number that no rule would match.
_PARAGRAPH_RE = re.compile(
    r"^\s*(?P<law>[A-ZÆØÅ]+)\s*(?:§\s*)?(?P<digits>\d+)\s?(?P<letter>[a-z]?)"
    r"(?:,?\s*stk\.?\s*(?P<stk>\d+))?(?:,?\s*nr\.?\s*(?P<nr>\d+))?\s*$",
    re.ASCII,
)
_LEADING_DIGITS = re.compile(r"\d+", re.ASCII)


def _shown(text: object) -> str:
    """``repr`` of an echoed value, CPR-shaped digits masked, at most 60 characters."""
    shown = redact(repr(text))
    return shown if len(shown) <= 60 else shown[:57] + "..."


@attrs.frozen
class Paragraph:
    """A parsed paragraph reference.

    >>> p = Paragraph.parse("SEL 52 stk. 3 nr. 7")
    >>> (p.law, p.number, p.stk, p.nr)
    ('SEL', '52', 3, 7)
    >>> str(Paragraph.parse("BL 32"))
    'BL 32'
    >>> Paragraph.parse("BL 32").citation()
    'Barnets Lov § 32'
    """

    law: str
    number: str
    stk: int | None = None
    nr: int | None = None

    @classmethod
    def parse(cls, text: str) -> Paragraph:
        """Parse a reference; raise ``ValueError`` with the accepted form if it is not one.

        The number is 1-999 (leading zeros are dropped: ``BL 032`` is ``BL 32``), stk. and
        nr. are 1-99, written with the digits 0-9. Whether the paragraph exists in the law
        is :meth:`Vocabulary.problem`'s question.
        """
        match = _PARAGRAPH_RE.match(text) if isinstance(text, str) else None
        if match is None or match.group("law") not in LAWS:
            hint: Message | str = ""
            if isinstance(text, str) and any(c.isdigit() and not c.isascii() for c in text):
                hint = Message("paragraph.digits_hint")
            raise MessageValueError(
                "paragraph.form", value=_shown(text), laws=", ".join(LAWS), hint=hint
            )
        number = int(match.group("digits"))
        if not 1 <= number <= MAX_NUMBER:
            raise MessageValueError(
                "paragraph.number_range", value=_shown(text), high=str(MAX_NUMBER)
            )
        stk, nr = match.group("stk"), match.group("nr")
        for name, value in (("stk.", stk), ("nr.", nr)):
            if value is not None and not 1 <= int(value) <= MAX_STK:
                raise MessageValueError(
                    "paragraph.part_range", value=_shown(text), part=name, high=str(MAX_STK)
                )
        return cls(
            law=match.group("law"),
            number=f"{number}{match.group('letter')}",
            stk=int(stk) if stk else None,
            nr=int(nr) if nr else None,
        )

    def __str__(self) -> str:
        text = f"{self.law} {self.number}"
        if self.stk is not None:
            text += f" stk. {self.stk}"
        if self.nr is not None:
            text += f" nr. {self.nr}"
        return text

    def citation(self, short: bool = False) -> str:
        """The reference as a citation: ``Barnets Lov § 32, stk. 1``; with ``short`` the
        law's abbreviation: ``BL § 32, stk. 1``."""
        text = f"{self.law if short else LAWS.get(self.law, self.law)} § {self.number}"
        if self.stk is not None:
            text += f", stk. {self.stk}"
        if self.nr is not None:
            text += f", nr. {self.nr}"
        return text


# --------------------------------------------------------------------------- vocabulary


def _frozen_dict(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class LawInfo:
    """What the vocabulary knows about one law (see ``paragraphs.toml`` for the sources).

    ``name`` is the short Danish name messages use, ``title`` the act's title.
    ``in_force_from``/``in_force_to``: the period the law applied to children's cases
    (``None``: open). ``highest``: the highest paragraph number (``confirmed`` False: a
    generous bound). ``stk``: the number of stk. of a paragraph (by its number, ``"52"``,
    ``"155b"``), and ``nr`` the number of nr. of a stk. (by ``(number, stk)``), both checked
    on events from ``stk_from`` on. ``successor``: the Barnets Lov paragraph that took over a
    Serviceloven one (``"52"`` or ``"52 stk. 3 nr. 7"`` → ``"BL 32"``/``"BL 46"``).
    """

    law: str
    name: str
    title: str
    in_force_from: date | None
    in_force_to: date | None
    highest: int
    confirmed: bool
    highest_source: str
    stk_from: date | None = None
    stk: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen_dict)
    nr: Mapping[tuple[str, int], int] = attrs.field(factory=dict, converter=_frozen_dict)
    successor: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_dict)

    def in_force_on(self, day: date) -> bool:
        """True if the law applied to children's cases on ``day``."""
        if self.in_force_from is not None and day < self.in_force_from:
            return False
        return self.in_force_to is None or day <= self.in_force_to

    def period_text(self) -> str:
        """``"fra 2024-01-01"``, ``"fra 1998-07-01 til og med 2023-12-31"``."""
        parts = []
        if self.in_force_from is not None:
            parts.append(f"fra {self.in_force_from.isoformat()}")
        if self.in_force_to is not None:
            parts.append(f"til og med {self.in_force_to.isoformat()}")
        return " ".join(parts) or "altid"


@attrs.frozen
class Vocabulary:
    """The paragraph vocabulary: the laws a case may cite, their spans and periods."""

    laws: Mapping[str, LawInfo] = attrs.field(converter=_frozen_dict)

    def problem(self, p: Paragraph, day: date | None = None) -> str | None:
        """Why ``p`` cannot exist (a Danish sentence), or ``None`` if it can.

        The paragraph number must lie in the law's span; the stk. (and nr.) must not exceed
        the counts the vocabulary records for that paragraph, on an event dated ``day`` on
        or after the law's ``stk_from`` (the numbering the counts were read from). A
        paragraph the vocabulary has no counts for is checked by its number only.
        """
        info = self.laws.get(p.law)
        if info is None:
            return f"loven {_shown(p.law)} kendes ikke (love: {', '.join(self.laws)})"
        match = _LEADING_DIGITS.match(p.number)
        if match is None:
            return f"{_shown(p.number)} er ikke et paragrafnummer"
        number = int(match.group())
        if not 1 <= number <= info.highest:
            bound = "" if info.confirmed else " (en rummelig grænse; ikke bekræftet)"
            return f"{p.law} § {p.number} findes ikke: {info.name} går til § {info.highest}{bound}"
        if day is not None and info.stk_from is not None and day < info.stk_from:
            return None
        count = info.stk.get(p.number)
        if count is not None and p.stk is not None and p.stk > count:
            return (
                f"{p.law} § {p.number} har ikke stk. {p.stk}: paragraffen har højst {count} "
                f"stk. i {info.name}"
            )
        if p.nr is not None:
            items = info.nr.get((p.number, p.stk if p.stk is not None else 1))
            if items is not None and p.nr > items:
                where = f"§ {p.number}, stk. {p.stk if p.stk is not None else 1}"
                return f"{p.law} {where} har ikke nr. {p.nr}: stykket har {items} numre"
        return None

    def in_force_on(self, p: Paragraph, day: date) -> bool:
        """True if ``p``'s law applied to children's cases on ``day`` (unknown law: True)."""
        info = self.laws.get(p.law)
        return info is None or info.in_force_on(day)

    def successor(self, p: Paragraph) -> str | None:
        """The Barnets Lov paragraph that took over the Serviceloven paragraph ``p``
        (``"BL 32"`` for ``SEL 52``, ``"BL 46"`` for ``SEL 52 stk. 3 nr. 7``), or None."""
        if p.law != "SEL":
            return None
        table = self.laws["SEL"].successor if "SEL" in self.laws else {}
        for key in (
            f"{p.number} stk. {p.stk} nr. {p.nr}",
            f"{p.number} stk. {p.stk}",
            p.number,
        ):
            if key in table:
                return table[key]
        return None

    def predecessor(self, p: Paragraph) -> str | None:
        """The Serviceloven paragraph that the Barnets Lov paragraph ``p`` took over
        (``"SEL 52"`` for ``BL 32``), or None."""
        if p.law != "BL" or "SEL" not in self.laws:
            return None
        for old, new in self.laws["SEL"].successor.items():
            if new == f"BL {p.number}":
                return f"SEL {old}"
        return None


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _parse_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    laws: dict[str, LawInfo] = {}
    for law, raw in data["laws"].items():
        nr: dict[tuple[str, int], int] = {}
        for key, count in raw.get("nr", {}).items():
            number, _, stk = key.partition(" stk. ")
            nr[(number, int(stk))] = int(count)
        laws[law] = LawInfo(
            law=law,
            name=str(raw["name"]),
            title=str(raw.get("title", raw["name"])),
            in_force_from=_day(raw.get("in_force_from")),
            in_force_to=_day(raw.get("in_force_to")),
            highest=int(raw["highest"]),
            confirmed=bool(raw["confirmed"]),
            highest_source=str(raw["highest_source"]),
            stk_from=_day(raw.get("stk_from")),
            stk={str(k): int(v) for k, v in raw.get("stk", {}).items()},
            nr=nr,
            successor={str(k): str(v) for k, v in raw.get("successor", {}).items()},
        )
    return Vocabulary(laws=laws)


@functools.cache
def vocabulary() -> Vocabulary:
    """The paragraph vocabulary shipped with boernesag (read once, then cached)."""
    text = (resources.files("boernesag.law") / "data" / "paragraphs.toml").read_text(
        encoding="utf-8"
    )
    return _parse_vocabulary(tomllib.loads(text))
