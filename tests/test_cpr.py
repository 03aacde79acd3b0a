from __future__ import annotations

import copy
import json
import pickle
from datetime import date
from pathlib import Path

import attrs
import pytest

from boernesag.caseio import load_case
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


def test_asdict_astuple_repr_str_and_pickle_never_show_the_digits() -> None:
    case = load_case(Path(__file__).parent / "data" / "spec_example.json")
    cpr = case.child.cpr
    assert cpr is not None
    as_dict = attrs.asdict(case)
    assert as_dict["child"]["cpr"] is cpr  # kept as the object, not recursed into
    texts = [
        repr(as_dict),
        str(as_dict),
        repr(attrs.astuple(case)),
        repr(attrs.asdict(case.child)),
        json.dumps(as_dict, default=str),
        repr(case),
        str(cpr),
        repr(cpr),
        f"{cpr!s} {cpr!r}",
    ]
    for text in texts:
        assert "0305121234" not in text
        assert "030512-1234" not in text
    assert "030512-****" in repr(as_dict)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(case, protocol=protocol))
        assert back == case
        assert back.child.cpr == cpr
        assert back.child.cpr is not None
        assert back.child.cpr.reveal() == "0305121234"
    assert copy.deepcopy(cpr) == cpr
    assert copy.copy(cpr) == cpr


def test_cpr_is_immutable_and_hashable() -> None:
    c = Cpr.parse("0305121234")
    with pytest.raises(AttributeError):
        c._digits = "0101011234"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        c.other = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del c._digits
    assert c.reveal() == "0305121234"
    assert hash(c) == hash(Cpr(digits="0305121234"))
    assert {c, Cpr.parse("030512-1234")} == {c}
    assert c != "0305121234"
    assert c != Cpr.parse("0405121234")
    assert not hasattr(c, "__dict__")


@pytest.mark.parametrize(
    "bad", ["123", "03051212345", "０３０５１２１２３４", "03051212a4", 305121234]
)
def test_constructor_refuses_what_is_not_ten_digits_without_echo(bad: object) -> None:
    with pytest.raises(ValueError, match="10 cifre") as err:
        Cpr(digits=bad)  # type: ignore[arg-type]
    assert "1234" not in str(err.value)


def test_full_width_digits_are_not_a_cpr_number() -> None:
    with pytest.raises(ValueError, match="CPR-nummer"):
        Cpr.parse("０３０５１２１２３４")
    assert mask_cpr("０３０５１２１２３４") == "******-****"
