from __future__ import annotations

from datetime import date

import pytest

from boernesag.cpr import Cpr, mask_cpr


def test_parse_with_and_without_dash() -> None:
    assert Cpr.parse("030512-1234") == Cpr.parse("0305121234")


def test_masked_everywhere() -> None:
    c = Cpr.parse("0305121234")
    assert repr(c) == "Cpr('030512-****')"
    assert str(c) == "030512-****"
    assert f"{c}" == "030512-****"
    assert "1234" not in repr(c)
    assert c.reveal() == "0305121234"


def test_matches_birth_date() -> None:
    c = Cpr.parse("0305121234")
    assert c.matches(date(2012, 5, 3))
    assert not c.matches(date(2012, 5, 4))


def test_century_from_seventh_digit() -> None:
    assert Cpr.parse("0305124234").birth_date_part() == date(2012, 5, 3)
    assert Cpr.parse("0305121234").birth_date_part() == date(1912, 5, 3)
    assert Cpr.parse("0305125234").birth_date_part() == date(2012, 5, 3)


@pytest.mark.parametrize("bad", ["12345", "3105121234x", "abcdefghij", "3102121234", "9999991234"])
def test_malformed_raises_without_leaking(bad: str) -> None:
    with pytest.raises(ValueError, match="CPR-nummer") as err:
        Cpr.parse(bad)
    assert "1234" not in str(err.value)


def test_mask_cpr_unreadable() -> None:
    assert mask_cpr("nonsense") == "******-****"
    assert mask_cpr("030512-1234") == "030512-****"
