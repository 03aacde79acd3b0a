"""Issue 12, items 4 and 5: the genvurdering period by who decided and by the complaint
(retssikkerhedsbekendtgørelsen, BEK 861/2025 § 11, stk. 1, 3, 5 and 6) and the klagefrist of
børne- og ungeudvalgets decisions (SEL § 168 before 2024, BL § 146, stk. 1 from 2024). One
worked example per law version, each checked in both executors (scalar and numpy)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Deadline
from boernesag.errors import CaseFormatError
from boernesag.model import Case
from engines import both_engines


def _case(events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-G",
            "child": {"id": "B-G", "birth_date": "2012-05-01"},
            "events": events,
        }
    )


def _of(rule_id: str, case: Case, as_of: date) -> list[Deadline]:
    """The deadlines of ``rule_id`` by the scalar engine, checked against the numpy engine."""
    return both_engines(case, as_of, rule_id)


def _decision(eid: str, day: str, meddelt: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "type": "afgoerelse",
        "date": day,
        "meddelt": meddelt,
        "paragraph": "SEL 52 stk. 3 nr. 7" if day < "2024" else "BL 46",
        "outcome": "bevilget",
        **extra,
    }


def _klage(eid: str, day: str, ref: str, **extra: Any) -> dict[str, Any]:
    return {"id": eid, "type": "klage_modtaget", "date": day, "ref": ref, **extra}


def test_sel_udvalg_klagefrist_and_no_genvurdering() -> None:
    """SEL (2023): a decision of børn og unge-udvalget has its klagefrist under SEL § 168
    (4 weeks from meddelelse), not RSL § 67, and the complaint is sent on at once (§ 11,
    stk. 6): due the day the complaint was received."""
    case = _case(
        [
            _decision("D1", "2023-03-01", "2023-03-02", truffet_af="boerne_og_ungeudvalget"),
            _klage("K1", "2023-03-20", "D1"),
            {"id": "V1", "type": "klage_videresendt", "date": "2023-03-20", "ref": "K1"},
        ]
    )
    as_of = date(2023, 6, 1)
    assert _of("klagefrist", case, as_of) == []
    (frist,) = _of("klagefrist-bu", case, as_of)
    assert (frist.citation, frist.due, frist.status.value) == (
        "SEL § 168, stk. 1",
        date(2023, 3, 30),
        "met",
    )
    (gv,) = _of("klage-genvurdering", case, as_of)
    assert (gv.due, gv.status.value, gv.met_by) == (date(2023, 3, 20), "met", "V1")
    assert "straks sende klagen videre" in gv.explain("da")
    assert "§ 11, stk. 6" in gv.explain("da")
    assert "§ 11(6)" in gv.explain("en")


def test_bl_udvalg_klagefrist_cites_bl_146_same_date_as_rsl_67() -> None:
    """BL (2024): BL § 146, stk. 1 for the udvalg's decision; the ordinary decision of the
    same day keeps RSL § 67; the date is the same (1 April 2024 is 2. påskedag: 2 April)."""
    case = _case(
        [
            _decision("D1", "2024-03-01", "2024-03-04", truffet_af="boerne_og_ungeudvalget"),
            _decision("D2", "2024-03-01", "2024-03-04", truffet_af="forvaltningen"),
            _klage("K1", "2024-03-11", "D1"),
        ]
    )
    as_of = date(2024, 3, 15)
    (bu,) = _of("klagefrist-bu", case, as_of)
    (rsl,) = _of("klagefrist", case, as_of)
    assert (bu.citation, bu.trigger, bu.status.value) == ("BL § 146, stk. 1", "D1", "met")
    assert (rsl.citation, rsl.trigger, rsl.status.value) == ("RSL § 67", "D2", "open")
    assert bu.due == rsl.due == date(2024, 4, 2)
    (gv,) = _of("klage-genvurdering", case, as_of)
    assert (gv.due, gv.status.value) == (date(2024, 3, 11), "overdue")


@pytest.mark.parametrize(
    ("year", "decision_extra", "klage_extra", "due", "note"),
    [
        ("2023", {}, {}, "2023-07-03", None),
        ("2024", {}, {}, "2024-07-08", None),
        ("2023", {}, {"hastende": True}, "2023-06-05", "hastende klage"),
        ("2024", {}, {"hastende": True}, "2024-06-10", "hastende klage"),
        ("2023", {"varslingspligt": True}, {}, "2023-06-19", "14 dage"),
        ("2024", {"varslingspligt": True}, {}, "2024-06-24", "14 dage"),
        # urgency wins over the 14 days: "straks" is the stricter duty
        ("2024", {"varslingspligt": True}, {"hastende": True}, "2024-06-10", "hastende"),
    ],
)
def test_genvurdering_period_by_case(
    year: str, decision_extra: dict[str, Any], klage_extra: dict[str, Any], due: str, note: str | None
) -> None:
    """§ 11, stk. 1: 4 weeks; stk. 3: 14 days under the varslingspligt; stk. 5: a hastende
    klage straks (the day it was received)."""
    day = "2023-06-05" if year == "2023" else "2024-06-10"
    case = _case(
        [
            _decision("D1", f"{year}-05-02", f"{year}-05-03", **decision_extra),
            _klage("K1", day, "D1", **klage_extra),
        ]
    )
    (gv,) = _of("klage-genvurdering", case, date(int(year), 12, 1))
    assert gv.due == date.fromisoformat(due)
    assert gv.status.value == "overdue"
    text = gv.explain("da")
    if note is None:
        assert "straks" not in text
        assert "14 dage" not in text
        assert "4 uger" in text
    else:
        assert note in text


def test_klage_without_a_known_decision_gets_four_weeks() -> None:
    """A klage naming no decision reads 'no decision-maker recorded': 4 weeks (stk. 1)."""
    case = _case([{"id": "K2", "type": "klage_modtaget", "date": "2024-06-11"}])
    (found,) = _of("klage-genvurdering", case, date(2024, 12, 1))
    assert found.due == date(2024, 7, 9)


@pytest.mark.parametrize(
    ("field", "value"),
    [("truffet_af", "byraadet"), ("truffet_af", 3), ("hastende", "ja"), ("varslingspligt", 1)],
)
def test_bad_values_name_case_event_and_field(field: str, value: Any) -> None:
    events = [_decision("D1", "2024-05-02", "2024-05-03"), _klage("K1", "2024-06-10", "D1")]
    target = events[1] if field == "hastende" else events[0]
    target[field] = value
    with pytest.raises(CaseFormatError) as info:
        _case(events)
    assert info.value.field == field
    assert "K-G" in str(info.value)
    assert str(target["id"]) in str(info.value)


@pytest.mark.parametrize("year", ["2023", "2025"])
def test_aktindsigt_explanation_says_arbejdsdage(year: str) -> None:
    """Issue 12 item 8: OFL § 36, stk. 2 / FVL § 16, stk. 2 count '7 arbejdsdage'; the Danish
    explanation uses the statute's word, the English one 'working days' (same count)."""
    case = _case([{"id": "A1", "type": "aktindsigt_anmodet", "date": f"{year}-03-01"}])
    (d,) = _of("aktindsigt-svar", case, date(int(year), 6, 1))
    assert "7 arbejdsdage" in d.explain("da")
    assert "hverdage" not in d.explain("da")
    assert "7 working days" in d.explain("en")


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(min_value=date(2022, 1, 3), max_value=date(2025, 11, 28)),
    lag=st.integers(min_value=0, max_value=40),
    udvalg=st.booleans(),
    hastende=st.booleans(),
    varsling=st.booleans(),
)
def test_both_engines_agree_and_the_period_follows_the_choice(
    day: date, lag: int, udvalg: bool, hastende: bool, varsling: bool
) -> None:
    """For any decision day and complaint, the scalar and numpy executors give the same
    deadlines (checked by ``_of``), and the genvurdering is due on the day of the complaint
    (stk. 5, 6), 14 days after (stk. 3) or 4 weeks after (stk. 1), first match in that order."""
    extra: dict[str, Any] = {"varslingspligt": True} if varsling else {}
    if udvalg:
        extra["truffet_af"] = "boerne_og_ungeudvalget"
    received = day + timedelta(days=lag)
    case = _case(
        [
            _decision("D1", day.isoformat(), day.isoformat(), **extra),
            _klage("K1", received.isoformat(), "D1", **({"hastende": True} if hastende else {})),
        ]
    )
    as_of = received + timedelta(days=60)
    (gv,) = _of("klage-genvurdering", case, as_of)
    expected = (
        received
        if udvalg or hastende
        else received + timedelta(days=14 if varsling else 28)
    )
    assert gv.due == expected
    frist = _of("klagefrist-bu" if udvalg else "klagefrist", case, as_of)
    assert len(frist) == 1
    assert _of("klagefrist" if udvalg else "klagefrist-bu", case, as_of) == []
