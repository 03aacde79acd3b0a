from __future__ import annotations

import pytest

from boernesag.paragraphs import Paragraph


@pytest.mark.parametrize(
    ("text", "law", "number", "stk", "nr"),
    [
        ("BL 32", "BL", "32", None, None),
        ("SEL 52 stk. 3 nr. 7", "SEL", "52", 3, 7),
        ("SEL § 155 b", "SEL", "155b", None, None),
        ("FVL 19", "FVL", "19", None, None),
        ("RSL 66", "RSL", "66", None, None),
    ],
)
def test_parse(text: str, law: str, number: str, stk: int | None, nr: int | None) -> None:
    p = Paragraph.parse(text)
    assert (p.law, p.number, p.stk, p.nr) == (law, number, stk, nr)


@pytest.mark.parametrize("bad", ["", "XYZ 3", "BL", "32", "BL thirty"])
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="paragrafhenvisning"):
        Paragraph.parse(bad)


def test_round_trip_str() -> None:
    for text in ["BL 32", "SEL 52 stk. 3 nr. 7", "BL 91 stk. 2"]:
        assert str(Paragraph.parse(text)) == text


@pytest.mark.parametrize(
    ("text", "placement", "forced", "support"),
    [
        ("BL 32", False, False, True),
        ("BL 46", True, False, False),
        ("BL 47", True, True, False),
        ("SEL 52 stk. 3 nr. 7", True, False, False),
        ("SEL 52 stk. 3 nr. 3", False, False, True),
        ("SEL 58", True, True, False),
        ("FVL 19", False, False, False),
    ],
)
def test_kinds(text: str, placement: bool, forced: bool, support: bool) -> None:
    p = Paragraph.parse(text)
    assert (p.is_placement, p.is_forced_placement, p.is_support) == (placement, forced, support)


def test_citation() -> None:
    assert Paragraph.parse("BL 91 stk. 2").citation() == "Barnets Lov § 91, stk. 2"
