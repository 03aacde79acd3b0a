"""Paragraph references as written in the case format: ``BL 32``, ``SEL 52 stk. 3 nr. 7``.

A reference is the law's short name and the paragraph number, optionally followed by
``stk.`` and ``nr.``. The short names are those of the law digest: ``BL`` Barnets Lov (from
1 January 2024), ``SEL`` Serviceloven (the children's chapter, before 2024), ``FVL``
Forvaltningsloven, ``RSL`` Retssikkerhedsloven, ``OFL`` Offentlighedsloven, ``UKL`` lov om
bekæmpelse af ungdomskriminalitet.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["LAWS", "PLACEMENT_PARAGRAPHS", "Paragraph"]

LAWS: dict[str, str] = {
    "BL": "Barnets Lov",
    "SEL": "Serviceloven",
    "FVL": "Forvaltningsloven",
    "RSL": "Retssikkerhedsloven",
    "OFL": "Offentlighedsloven",
    "UKL": "Lov om bekæmpelse af ungdomskriminalitet",
}

_PARAGRAPH_RE = re.compile(
    r"^\s*(?P<law>[A-ZÆØÅ]+)\s*(?:§\s*)?(?P<number>\d+\s?[a-z]?)"
    r"(?:,?\s*stk\.?\s*(?P<stk>\d+))?(?:,?\s*nr\.?\s*(?P<nr>\d+))?\s*$"
)


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
        """Parse a reference; raise ``ValueError`` with the accepted form if it is not one."""
        match = _PARAGRAPH_RE.match(text) if isinstance(text, str) else None
        if match is None or match.group("law") not in LAWS:
            raise ValueError(
                f"{text!r} er ikke en paragrafhenvisning som 'BL 32' eller 'SEL 52 stk. 3 nr. 7' "
                f"(love: {', '.join(LAWS)})"
            )
        stk, nr = match.group("stk"), match.group("nr")
        return cls(
            law=match.group("law"),
            number=match.group("number").replace(" ", ""),
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
        text = f"{self.law if short else LAWS[self.law]} § {self.number}"
        if self.stk is not None:
            text += f", stk. {self.stk}"
        if self.nr is not None:
            text += f", nr. {self.nr}"
        return text

    @property
    def is_placement(self) -> bool:
        """True for an anbringelse: BL §§ 46, 47 (and § 67, anbringelse af unge lovovertrædere);
        SEL § 52 stk. 3 nr. 7 and § 58 (anbringelse uden samtykke)."""
        return (self.law, self.number) in PLACEMENT_PARAGRAPHS or (
            self.law == "SEL" and self.number == "52" and self.stk == 3 and self.nr == 7
        )

    @property
    def is_forced_placement(self) -> bool:
        """Anbringelse uden samtykke: BL § 47, SEL § 58."""
        return (self.law, self.number) in {("BL", "47"), ("SEL", "58")}

    @property
    def is_support(self) -> bool:
        """A støttende indsats: BL § 32 (SEL § 52 other than stk. 3 nr. 7)."""
        if self.law == "BL":
            return self.number == "32"
        return self.law == "SEL" and self.number == "52" and not self.is_placement


PLACEMENT_PARAGRAPHS: frozenset[tuple[str, str]] = frozenset(
    {("BL", "46"), ("BL", "47"), ("BL", "67"), ("SEL", "58")}
)
