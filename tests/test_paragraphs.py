from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import boernesag
from boernesag.caseio import case_from_mapping, load_caseload
from boernesag.errors import CaseFormatError
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import LoadWarning
from boernesag.paragraphs import LAWS, Paragraph, vocabulary


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
    legal = legal_vocabulary()
    got = (
        legal.in_class("placement", p),
        legal.in_class("forced_placement", p),
        legal.in_class("support", p),
    )
    assert got == (placement, forced, support)


def test_citation() -> None:
    assert Paragraph.parse("BL 91 stk. 2").citation() == "Barnets Lov § 91, stk. 2"


# --------------------------------------------------------------------- parsing edges


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("BL ３２", "cifrene 0-9"),
        ("BL ٣٢", "cifrene 0-9"),
        ("BL 32 stk. ３", "cifrene 0-9"),
        ("BL 0", "fra 1 til 999"),
        ("BL 1000", "fra 1 til 999"),
        ("BL 32 stk. 0", "stk. skal være fra 1 til 99"),
        ("BL 32 stk. 100", "stk. skal være fra 1 til 99"),
        ("SEL 52 stk. 3 nr. 0", "nr. skal være fra 1 til 99"),
    ],
)
def test_parse_refuses_unicode_digits_and_out_of_range(bad: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        Paragraph.parse(bad)


def test_parse_normalises_leading_zeros_and_masks_echoed_cpr() -> None:
    assert Paragraph.parse("BL 032") == Paragraph.parse("BL 32")
    assert str(Paragraph.parse("SEL § 052 stk. 03")) == "SEL 52 stk. 3"
    with pytest.raises(ValueError, match="ikke en paragrafhenvisning") as err:
        Paragraph.parse("0305121234")
    assert "0305121234" not in str(err.value)
    assert "030512-****" in str(err.value)


# --------------------------------------------------------------------- the vocabulary


@pytest.mark.parametrize(
    ("text", "day", "problem"),
    [
        ("BL 999", date(2024, 5, 1), "BL § 999 findes ikke: Barnets Lov går til § 214"),
        ("BL 215", date(2024, 5, 1), "går til § 214"),
        ("SEL 197", date(2020, 5, 1), "Serviceloven går til § 196"),
        ("FVL 38", date(2020, 5, 1), "Forvaltningsloven går til § 37"),
        ("RSL 91", date(2020, 5, 1), "går til § 90"),
        ("OFL 45", date(2020, 5, 1), "går til § 44"),
        ("UKL 81", date(2020, 5, 1), "ikke bekræftet"),
        ("SEL 52 stk. 99", date(2024, 5, 1), "SEL § 52 har ikke stk. 99"),
        ("SEL 52 stk. 7", date(2015, 5, 1), "højst 6 stk."),
        ("SEL 52 stk. 3 nr. 11", date(2015, 5, 1), "har ikke nr. 11"),
        ("BL 32 stk. 6", date(2024, 5, 1), "BL § 32 har ikke stk. 6"),
        ("BL 32 nr. 9", date(2024, 5, 1), "§ 32, stk. 1 har ikke nr. 9"),
        ("RSL 67 stk. 3", date(2024, 5, 1), "har ikke stk. 3"),
    ],
)
def test_vocabulary_refuses_paragraphs_that_do_not_exist(
    text: str, day: date, problem: str
) -> None:
    found = vocabulary().problem(Paragraph.parse(text), day)
    assert found is not None
    assert problem in found


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("BL 214", date(2024, 5, 1)),
        ("BL 32 stk. 5", date(2024, 5, 1)),
        ("BL 32 stk. 1 nr. 8", date(2024, 5, 1)),
        ("SEL 52 stk. 6", date(2008, 5, 1)),  # § 52 had 6 stk. in 2007-2010
        ("SEL 52 stk. 3 nr. 10", date(2008, 5, 1)),
        ("SEL 52 stk. 3 nr. 7", date(2023, 5, 1)),
        ("SEL 155 b stk. 1", date(2023, 5, 1)),
        ("SEL 40 stk. 9", date(2005, 5, 1)),  # the 1998-2006 numbering: span only
        ("BL 32 z", date(2024, 5, 1)),  # lettered paragraphs: not all confirmable
        ("UKL 12 stk. 9", date(2024, 5, 1)),  # no stk. counts for UKL
        ("FVL 19", date(1990, 5, 1)),
    ],
)
def test_vocabulary_accepts_what_can_exist(text: str, day: date) -> None:
    assert vocabulary().problem(Paragraph.parse(text), day) is None


def test_vocabulary_periods_successors_and_sources() -> None:
    v = vocabulary()
    assert set(v.laws) == set(LAWS)
    assert v.laws["SEL"].in_force_to == date(2023, 12, 31)
    assert v.laws["BL"].in_force_from == date(2024, 1, 1)
    assert not v.in_force_on(Paragraph.parse("SEL 52"), date(2024, 1, 1))
    assert v.in_force_on(Paragraph.parse("SEL 52"), date(2023, 12, 31))
    assert not v.in_force_on(Paragraph.parse("BL 32"), date(2023, 12, 31))
    assert not v.in_force_on(Paragraph.parse("UKL 12"), date(2018, 12, 31))
    assert v.successor(Paragraph.parse("SEL 52 stk. 3 nr. 3")) == "BL 32"
    assert v.successor(Paragraph.parse("SEL 52 stk. 3 nr. 7")) == "BL 46"
    assert v.successor(Paragraph.parse("SEL 58")) == "BL 47"
    assert v.predecessor(Paragraph.parse("BL 32")) == "SEL 52"
    assert v.predecessor(Paragraph.parse("BL 47")) == "SEL 58"
    for info in v.laws.values():
        assert info.highest_source
        assert info.highest >= 37
    assert not v.laws["UKL"].confirmed


def test_every_paragraph_the_rule_files_name_exists() -> None:
    data = Path(boernesag.__file__).parent / "law" / "data"
    pattern = re.compile(r'"((?:BL|SEL|FVL|RSL|OFL|UKL) \d+[a-z]?(?: stk\. \d+)?(?: nr\. \d+)?)"')
    names = {m for f in data.glob("*.toml") for m in pattern.findall(f.read_text("utf-8"))}
    assert len(names) > 20
    for name in sorted(names):
        assert vocabulary().problem(Paragraph.parse(name), date(2024, 6, 1)) is None, name


# --------------------------------------------------------------------- at the door


def _spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (Path(__file__).parent / "data" / "spec_example.json").read_text("utf-8")
    )
    return data


@pytest.mark.parametrize("text", ["BL 999", "SEL 52 stk. 99", "BL ３２", "BL 32 stk. 6"])
def test_the_loader_refuses_a_paragraph_that_does_not_exist(text: str) -> None:
    raw = _spec()
    raw["events"][7]["paragraph"] = text
    with pytest.raises(CaseFormatError) as err:
        case_from_mapping(raw)
    assert (err.value.case_id, err.value.event_id, err.value.field) == (
        "K-2024-0001",
        "E8",
        "paragraph",
    )


def test_a_serviceloven_paragraph_in_2024_loads_with_a_warning_that_says_what_to_do() -> None:
    raw = _spec()
    raw["events"][7]["paragraph"] = "SEL 52 stk. 3 nr. 3"  # the afgørelse, 2024-07-15
    found: list[LoadWarning] = []
    case = case_from_mapping(raw, warnings=found)
    assert str(case.event("E8").paragraph) == "SEL 52 stk. 3 nr. 3"
    (w,) = found
    assert (w.kind, w.case_id, w.event_id, w.field) == (
        "law_period",
        "K-2024-0001",
        "E8",
        "paragraph",
    )
    for part in (
        "2023-12-31",
        "barnets plan (BL § 91)",
        "opfølgningen (BL § 95)",
        "indsatsen M1",
        "BL § 32",
        "§ 213, stk. 2-3",
    ):
        assert part in w.message, part


def test_a_placement_start_under_serviceloven_in_2024_names_the_visits() -> None:
    raw = _spec()
    raw["events"][8]["paragraph"] = "SEL 52 stk. 3 nr. 7"
    loaded = load_caseload(raw)
    (w,) = loaded.warnings
    assert w.event_id == "E9"
    assert "tilsynsbesøgene (BL § 156)" in w.message
    assert "BL § 46" in w.message


def test_a_barnets_lov_paragraph_before_2024_loads_with_a_warning() -> None:
    raw = _spec()
    raw["events"][7]["date"] = "2023-07-15"
    found: list[LoadWarning] = []
    case_from_mapping(raw, warnings=found)
    (w,) = found
    assert w.event_id == "E8"
    assert "Barnets Lov, som gælder fra 2024-01-01" in w.message
    assert "handleplanen (SEL § 140)" in w.message
    assert "SEL § 52" in w.message


def test_the_spec_example_has_no_warnings() -> None:
    found: list[LoadWarning] = []
    case_from_mapping(_spec(), warnings=found)
    assert found == []
