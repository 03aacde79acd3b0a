"""The packaged satser (law/data/satser.toml): merudgift minimum (SEL § 41 stk. 3 / BL § 86
stk. 3) and tabt arbejdsfortjeneste ceiling (SEL § 42 stk. 3 / BL § 87 stk. 3), one value per
year, each with the publication it was read in; a year without a source is not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from boernesag.errors import RuleError
from boernesag.law import default_amounts

# (id, year, amount, law the citation names) as the sources state them.
KNOWN = [
    ("merudgift-minimum", 2018, 4848, "SEL"),
    ("merudgift-minimum", 2021, 5145, "SEL"),
    ("merudgift-minimum", 2023, 5348, "SEL"),
    ("merudgift-minimum", 2024, 5519, "BL"),
    ("taf-loft", 2021, 32671, "SEL"),
    ("taf-loft", 2023, 34055, "SEL"),
    ("taf-loft", 2024, 35247, "BL"),
]


@pytest.mark.parametrize(("amount_id", "year", "amount", "law"), KNOWN)
def test_known_years(amount_id: str, year: int, amount: int, law: str) -> None:
    a = default_amounts().for_year(amount_id, year)
    assert a.amount == amount
    assert a.citation.startswith(f"{law} § ")
    assert a.source_url is not None
    assert a.source_url.startswith("https://")


def test_each_year_names_its_own_publication() -> None:
    t = default_amounts()
    assert "for-2021" in (t.for_year("taf-loft", 2021).source_url or "")
    assert "for-2024" in (t.for_year("taf-loft", 2024).source_url or "")
    assert "rcfm.dk" in (t.for_year("merudgift-minimum", 2018).source_url or "")
    assert t.for_year("merudgift-minimum", 2018).confidence.startswith("secondary")


@pytest.mark.parametrize("year", [2017, 2019, 2020, 2022, 2025, 2026])
def test_a_year_without_a_source_is_an_error_not_a_guess(year: int) -> None:
    with pytest.raises(RuleError, match=f"satsen 'taf-loft' for {year} findes ikke"):
        default_amounts().for_year("taf-loft", year)


def test_a_user_file_adds_a_year_with_its_source(tmp_path: Path) -> None:
    path = tmp_path / "satser.toml"
    path.write_text(
        'schema = "boernesag.amounts/1"\n'
        "[[amounts]]\n"
        'id = "taf-loft"\n'
        'source_url = "https://example.org/block"\n'
        "values = [\n"
        '  { year = 2025, amount = 1, source_url = "https://example.org/2025" },\n'
        "  { year = 2026, amount = 2 },\n"
        "]\n",
        encoding="utf-8",
    )
    t = default_amounts().with_file(path)
    assert t.for_year("taf-loft", 2025).source_url == "https://example.org/2025"
    assert t.for_year("taf-loft", 2026).source_url == "https://example.org/block"
    assert t.for_year("taf-loft", 2024).amount == 35247
