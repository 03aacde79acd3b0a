"""Plausibility at the door: the date window, birth and closing margins, lenient loading that
loses nothing, caseworker and team checks, files that cannot be read, and writing back."""

from __future__ import annotations

import builtins
import copy
import io
import json
import logging
import math
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import boernesag.caseio as caseio
from boernesag.bounds import AFTER_CLOSING_DAYS, BEFORE_BIRTH_DAYS, latest_birth
from boernesag.caseio import (
    case_from_mapping,
    case_warnings,
    dump_case,
    dump_caseload,
    load_case,
    load_caseload,
    read_json,
)
from boernesag.demo import demo_caseload
from boernesag.errors import CaseFormatError
from boernesag.model import Child, Event, EventType, LoadWarning, RawCase

DATA = Path(__file__).parent / "data"
SPEC = DATA / "spec_example.json"
CASE_ID = "K-2024-0001"


def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return data


def error_of(raw: Any, **kwargs: Any) -> CaseFormatError:
    with pytest.raises(CaseFormatError) as err:
        case_from_mapping(raw, **kwargs)
    return err.value


def caseload(cases: list[Any], **more: Any) -> dict[str, Any]:
    return {"format": "boernesag.caseload/1", "cases": cases, **more}


def numbered(i: int) -> dict[str, Any]:
    """A valid case: the spec example under its own case id."""
    raw = spec()
    raw["case_id"] = f"K-{i}"
    return raw


# --------------------------------------------------------------------- the window


@pytest.mark.parametrize(
    ("index", "field", "value", "shown"),
    [
        (3, "date", "9999-12-31", "9999-12-31"),
        (3, "date", "1899-12-31", "1899-12-31"),
        (3, "date", "0001-01-01", "0001-01-01"),
        (7, "meddelt", "2100-01-01", "2100-01-01"),
        (0, "at", "9999-12-31T23:59:59-12:00", "9999-12-31"),
        (0, "at", "0001-01-01T00:10:00+14:00", "0001-01-01"),
        (0, "at", "9999-12-31T23:59:59", "9999-12-31"),
        # Copenhagen's date of this instant is 2100-01-01, although the wall date is 2099.
        (0, "at", "2099-12-31T23:30:00-05:00", "2100-01-01"),
    ],
)
def test_a_date_outside_the_window_names_case_event_and_field(
    index: int, field: str, value: str, shown: str
) -> None:
    raw = spec()
    raw["events"][index][field] = value
    err = error_of(raw)
    event_id = raw["events"][index]["id"]
    assert (err.case_id, err.event_id, err.field) == (CASE_ID, event_id, field)
    etype = raw["events"][index]["type"]
    assert str(err) == (
        f"sag {CASE_ID}, hændelse {event_id}, felt {field!r}: "
        f"datoen {shown} ({etype}) ligger uden for 1900-2099"
    )


def test_an_instant_inside_the_window_in_copenhagen_loads() -> None:
    raw = {
        "case_id": "K-2099",
        "child": {"id": "B", "birth_date": "2099-06-01"},
        # 2099-12-31 11:30 in Copenhagen, although the wall date is 2100.
        "events": [{"id": "E1", "type": "underretning", "at": "2100-01-01T00:30:00+14:00"}],
    }
    case = case_from_mapping(raw, today=date(2099, 1, 1))
    assert case.event("E1").day == date(2099, 12, 31)


def test_birth_date_window_and_at_most_a_year_ahead() -> None:
    raw = spec()
    raw["child"]["birth_date"] = "1899-12-31"
    err = error_of(raw)
    assert err.field == "child.birth_date"
    assert "1899-12-31 ligger uden for 1900-2099" in str(err)

    today = date(2011, 6, 1)
    latest = latest_birth(today)
    assert latest == today + timedelta(days=366)
    raw = spec()
    del raw["child"]["cpr"]
    raw["child"]["birth_date"] = latest.isoformat()  # an expected birth: events from pregnancy
    case = case_from_mapping(raw, today=today)
    assert case.child.birth_date == latest
    raw["child"]["birth_date"] = (latest + timedelta(days=1)).isoformat()
    err = error_of(raw, today=today)
    assert err.field == "child.birth_date"
    assert "mere end et år ude i fremtiden" in str(err)


def test_events_before_birth_up_to_the_pregnancy_margin() -> None:
    birth = date(2012, 5, 3)
    first = birth - timedelta(days=BEFORE_BIRTH_DAYS)
    raw = spec()
    raw["events"][3]["date"] = first.isoformat()
    assert case_from_mapping(raw).event("E4").day == first
    raw["events"][3]["date"] = (first - timedelta(days=1)).isoformat()
    err = error_of(raw)
    assert (err.event_id, err.field) == ("E4", "date")
    assert "dage før barnets fødselsdato 2012-05-03" in str(err)
    raw = spec()
    raw["events"][0]["at"] = "2011-01-01T10:00:00+01:00"
    assert (error_of(raw).event_id, error_of(raw).field) == ("E1", "at")


_OUTSIDE = st.one_of(
    st.dates(date(1, 1, 1), date(1899, 12, 29)),
    st.dates(date(2100, 1, 3), date(9999, 12, 28)),
)
_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 10),
    st.sampled_from(["date", "at", "meddelt"]),
    _OUTSIDE,
    st.integers(0, 24 * 3600 - 1),
    st.none() | _OFFSETS,
)
def test_property_any_date_outside_the_window_is_refused_naming_event_and_field(
    index: int, field: str, day: date, second: int, tz: timezone | None
) -> None:
    raw = spec()
    if field == "at":
        ts = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(seconds=second)
        value = ts.isoformat()
    else:
        value = day.isoformat()
    raw["events"][index][field] = value
    err = error_of(raw)
    assert (err.case_id, err.event_id, err.field) == (CASE_ID, raw["events"][index]["id"], field)
    assert "ligger uden for 1900-2099" in str(err)


@given(_OUTSIDE)
def test_property_a_birth_date_outside_the_window_is_refused(day: date) -> None:
    raw = spec()
    raw["child"]["birth_date"] = day.isoformat()
    err = error_of(raw)
    assert (err.case_id, err.event_id, err.field) == (CASE_ID, None, "child.birth_date")


def test_the_model_constructors_enforce_the_window() -> None:
    plus14 = timezone(timedelta(hours=14))
    cases: list[tuple[dict[str, Any], str]] = [
        ({"date": date(1, 1, 1)}, "date"),
        ({"date": date(9999, 12, 31)}, "date"),
        ({"at": datetime(1, 1, 1, 0, 10, tzinfo=plus14)}, "at"),
        ({"at": datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=12)))}, "at"),
        ({"at": datetime(1, 1, 1, 0, 10)}, "at"),
        ({"date": date(2024, 1, 2), "meddelt": date(2100, 1, 1)}, "meddelt"),
        ({}, "date"),
    ]
    for kwargs, field in cases:
        with pytest.raises(CaseFormatError) as err:
            Event(id="E17", type=EventType.UNDERRETNING, **kwargs)
        assert (err.value.event_id, err.value.field) == ("E17", field), kwargs
        assert "E17" in str(err.value)
    with pytest.raises(CaseFormatError) as cerr:
        Child(id="B", birth_date=date(1, 1, 1))
    assert cerr.value.field == "child.birth_date"
    # Inside the window nothing changes.
    e = Event(id="E1", type=EventType.KONTAKT, date=date(1900, 1, 1))
    assert e.day == date(1900, 1, 1)


# --------------------------------------------------------------------- after closing


def closed(*later: tuple[str, str, str]) -> dict[str, Any]:
    raw = spec()
    raw["events"].append({"id": "L", "type": "sag_lukket", "date": "2024-11-01"})
    for event_id, etype, day in later:
        raw["events"].append({"id": event_id, "type": etype, "date": day})
    return raw


def test_events_long_after_closing_load_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    late = (date(2024, 11, 1) + timedelta(days=AFTER_CLOSING_DAYS + 1)).isoformat()
    raw = closed(("X1", "kontakt", late), ("X2", "kontakt", "2026-12-01"))
    with caplog.at_level(logging.WARNING, logger="boernesag.caseio"):
        loaded = load_caseload(caseload([raw]))
    assert len(loaded.cases) == 1
    (w,) = loaded.warnings
    assert (w.kind, w.case_id, w.event_id, w.field) == ("after_closing", CASE_ID, "X1", "date")
    assert "2 hændelse(r)" in w.message
    assert "X1, X2" in w.message
    assert "lukning 2024-11-01 (hændelse L)" in w.message
    assert "X1" in caplog.text
    # load_case logs it and hands it over on request.
    found: list[LoadWarning] = []
    load_case(raw, warnings=found)
    assert found == [w]
    assert case_warnings(loaded.cases[0]) == [w]


def test_no_warning_within_the_margin_or_after_a_reopening() -> None:
    edge = (date(2024, 11, 1) + timedelta(days=AFTER_CLOSING_DAYS)).isoformat()
    assert load_caseload(caseload([closed(("X1", "kontakt", edge))])).warnings == ()
    raw = closed(("U", "underretning", "2027-01-05"), ("X2", "kontakt", "2027-01-06"))
    assert load_caseload(caseload([raw])).warnings == ()


def test_the_demo_round_trips_without_rejections_or_warnings() -> None:
    demo = demo_caseload()
    back = load_caseload(io.StringIO(dump_caseload(demo)), lenient=True)
    assert back.rejected == ()
    assert back.warnings == ()
    assert back.cases == demo.cases
    assert back.caseworkers == demo.caseworkers


# --------------------------------------------------------------------- lenient loading


def test_every_copy_of_a_duplicate_case_id_is_refused() -> None:
    bad_first = numbered(1)
    bad_first["events"][3]["date"] = "2024-02-30"
    data = caseload([bad_first, numbered(1), numbered(2)])
    with pytest.raises(CaseFormatError) as err:
        load_caseload(data)
    assert err.value.case_id == "K-1"
    assert "K-1 findes to gange i sagsstammen" in str(err.value)
    loaded = load_caseload(data, lenient=True)
    assert [c.case_id for c in loaded.cases] == ["K-2"]
    assert [(r.index, r.case_id) for r in loaded.rejected] == [(0, "K-1"), (1, "K-1")]
    assert all("findes to gange" in r.error for r in loaded.rejected)
    assert loaded.rejected[1].raw == RawCase(numbered(1))


def test_an_unexpected_error_rejects_only_that_case(monkeypatch: pytest.MonkeyPatch) -> None:
    real = caseio.case_warnings

    def broken(case: Any) -> list[LoadWarning]:
        if case.case_id == "K-2":
            raise RuntimeError("boom 0305121234")
        return real(case)

    monkeypatch.setattr(caseio, "case_warnings", broken)
    data = caseload([numbered(1), numbered(2), numbered(3)])
    loaded = load_caseload(data, lenient=True)
    assert [c.case_id for c in loaded.cases] == ["K-1", "K-3"]
    (rejected,) = loaded.rejected
    assert rejected.case_id == "K-2"
    assert "RuntimeError" in rejected.error
    assert "0305121234" not in rejected.error
    with pytest.raises(CaseFormatError) as err:
        load_caseload(data)
    assert err.value.case_id == "K-2"


_BREAKS = [
    lambda r: r["events"][0].update(at="0001-01-01T00:10:00+14:00"),
    lambda r: r["events"][0].update(at="9999-12-31T23:59:59-12:00"),
    lambda r: r["events"][3].update(date="9999-12-31"),
    lambda r: r["events"][7].update(paragraph="BL 999"),
    lambda r: r["child"].update(birth_date="0001-01-01"),
    lambda r: r["events"][2].update(ref="E99"),
    lambda r: r["events"].append("not an event"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.just("good"),
            st.integers(0, len(_BREAKS) - 1),
            st.just("duplicate"),
            st.just("not a case"),
        ),
        max_size=12,
    )
)
def test_property_lenient_loading_keeps_exactly_the_good_cases(kinds: list[Any]) -> None:
    items: list[Any] = []
    broken: set[int] = set()
    for i, kind in enumerate(kinds):
        if kind == "not a case":
            items.append([1, 2, 3])
            broken.add(len(items) - 1)
            continue
        raw = numbered(i)
        if kind == "duplicate":
            items.append(copy.deepcopy(raw))
            broken.update({len(items) - 1, len(items)})
        elif kind != "good":
            _BREAKS[kind](raw)
            broken.add(len(items))
        items.append(raw)
    loaded = load_caseload(caseload(items), lenient=True)
    good = [i for i in range(len(items)) if i not in broken]
    assert [c.case_id for c in loaded.cases] == [items[i]["case_id"] for i in good]
    assert [r.index for r in loaded.rejected] == sorted(broken)
    for r in loaded.rejected:
        assert r.raw is not None
        assert r.raw.value == items[r.index]


# --------------------------------------------------------------------- reading files


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    expected = load_case(SPEC)
    assert load_case(path) == expected
    assert load_case(str(path)) == expected
    assert load_case(io.BytesIO(path.read_bytes())) == expected
    assert load_case(io.StringIO("\ufeff" + text)) == expected


def test_unreadable_sources_are_library_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CaseFormatError, match="er en mappe, ikke en fil"):
        load_case(tmp_path)
    with pytest.raises(CaseFormatError, match="er en mappe, ikke en fil"):
        load_caseload(str(tmp_path))
    with pytest.raises(CaseFormatError, match="kan ikke læse en sag fra int"):
        read_json(42)  # type: ignore[arg-type]
    with pytest.raises(CaseFormatError, match="ikke gyldig JSON"):
        read_json(io.StringIO('{"x": 1,}'))
    with pytest.raises(CaseFormatError, match="UTF-8"):
        read_json(io.BytesIO(b'{"x": "\xff"}'))
    with pytest.raises(CaseFormatError, match="for dybt"):
        read_json(io.StringIO("[" * 100_000 + "]" * 100_000))

    path = tmp_path / "case.json"
    path.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    real_open = builtins.open

    def no_access(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_access)
    with pytest.raises(CaseFormatError, match="ingen adgang"):
        load_case(path)


def test_load_case_on_a_caseload_says_use_load_caseload() -> None:
    with pytest.raises(CaseFormatError, match=r"sagsstamme.*load_caseload"):
        load_case(caseload([spec()]))


# --------------------------------------------------------------------- caseworkers, teams, ids

GOOD_CW = {"id": "CW-07", "team": "T-1", "capacity": 24, "hours": 37, "experience": 3.5}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("id", "CW\n07"),
        ("id", 7),
        ("team", 5),
        ("team", ""),
        ("district", ["Nord"]),
        ("name", 3),
        ("capacity", math.nan),
        ("capacity", math.inf),
        ("capacity", -1),
        ("capacity", "24"),
        ("capacity", True),
        ("experience", -0.5),
        ("experience", math.nan),
        ("hours", 0),
        ("hours", 81),
        ("hours", math.inf),
        ("competences", "handicap"),
        ("competences", ["handicap", ""]),
        ("competences", ["handicap", 3]),
        ("active", "yes"),
    ],
)
def test_caseworker_fields_are_checked(field: str, value: Any) -> None:
    cw = {**GOOD_CW, field: value}
    with pytest.raises(CaseFormatError) as err:
        load_caseload(caseload([], caseworkers=[GOOD_CW | {"id": "CW-01"}, cw]))
    assert err.value.field is not None
    assert err.value.field.startswith(f"caseworkers[1].{field}")
    assert "caseworkers[1]" in str(err.value)


def test_valid_staff_loads_and_duplicate_ids_are_refused() -> None:
    cws = [GOOD_CW, GOOD_CW | {"id": "CW-08", "hours": 80, "capacity": 0.5}]
    teams = [{"id": "T-1", "kind": "handicap", "name": "Handicap"}]
    loaded = load_caseload(caseload([], caseworkers=cws, teams=teams))
    assert [c.id for c in loaded.caseworkers] == ["CW-07", "CW-08"]
    with pytest.raises(CaseFormatError, match="CW-07 findes to gange") as err:
        load_caseload(caseload([], caseworkers=[GOOD_CW, GOOD_CW]))
    assert err.value.field == "caseworkers[1].id"
    with pytest.raises(CaseFormatError, match="T-1 findes to gange"):
        load_caseload(caseload([], teams=teams + teams))
    for bad in ({"id": "T-2", "kind": 3}, {"id": "T-2", "name": 1}, {"id": ""}):
        with pytest.raises(CaseFormatError) as terr:
            load_caseload(caseload([], teams=[bad]))
        assert terr.value.field is not None
        assert terr.value.field.startswith("teams[0]")


@pytest.mark.parametrize(
    ("index", "field", "value"),
    [
        (3, "id", "E\t4"),
        (3, "id", "E" * 201),
        (2, "ref", "E1\n"),
        (7, "measure", "M" * 201),
        (10, "caseworker", "CW\x0007"),
        (10, "team", " "),
    ],
)
def test_event_ids_must_be_reasonable(index: int, field: str, value: str) -> None:
    raw = spec()
    raw["events"][index][field] = value
    err = error_of(raw)
    assert err.field == field


# --------------------------------------------------------------------- writing back


def test_whatever_the_loader_accepts_can_be_written(tmp_path: Path) -> None:
    raw = spec()
    raw["events"][4]["note"] = "\ud800 ensom surrogat"  # from a "\ud800" escape in JSON
    raw["events"][4]["system"] = {"a": [1, 2.5, None, True, {"b": "ø"}]}
    case = case_from_mapping(raw)
    path = tmp_path / "out.json"
    dump_case(case, path)
    assert load_case(path) == case
    assert load_case(io.StringIO(dump_case(case))) == case


def test_nan_and_infinity_in_unknown_keys_load_and_are_written_back() -> None:
    text = SPEC.read_text(encoding="utf-8").replace(
        '"id": "E5",', '"id": "E5", "score": NaN, "limits": [Infinity, -Infinity, 1e400],', 1
    )
    assert '"score": NaN' in text
    case = load_case(io.StringIO(text))
    assert math.isnan(case.event("E5").extra["score"])
    assert list(case.event("E5").extra["limits"]) == [math.inf, -math.inf, math.inf]
    written = dump_case(case)
    assert '"score": NaN' in written
    assert json.loads(written)["events"][4]["limits"] == [math.inf, -math.inf, math.inf]
    back = load_case(io.StringIO(written))
    assert back == case
    assert math.isnan(back.event("E5").extra["score"])
    assert dump_case(back) == written
    # A known numeric field must still be finite.
    with pytest.raises(CaseFormatError) as err:
        load_caseload(
            io.StringIO(
                '{"format": "boernesag.caseload/1", "cases": [], '
                '"caseworkers": [{"id": "CW-1", "capacity": NaN}]}'
            )
        )
    assert err.value.field == "caseworkers[0].capacity"


@pytest.mark.parametrize("value", [{1: "x"}, {"x"}, datetime(2024, 1, 1), b"x"])
def test_values_that_cannot_be_written_are_refused_at_the_door(value: Any) -> None:
    raw = spec()
    raw["events"][4]["extra_key"] = {"inner": value}
    err = error_of(raw)
    assert (err.event_id, err.field) == ("E5", "extra_key.inner")


def test_too_deep_extras_are_refused() -> None:
    raw = spec()
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    raw["deep"] = deep
    assert error_of(raw).field is not None


def test_a_hand_built_case_that_cannot_be_written_names_case_event_and_field() -> None:
    case = load_case(SPEC)
    bad = attrs.evolve(case.events[4], extra={"score": {1, 2}})
    built = attrs.evolve(case, events=(*case.events[:4], bad, *case.events[5:]))
    with pytest.raises(CaseFormatError) as err:
        dump_case(built)
    assert (err.value.case_id, err.value.event_id, err.value.field) == (CASE_ID, "E5", "score")
    odd = attrs.evolve(case, extra={"when": {"x": object()}})
    with pytest.raises(CaseFormatError) as err2:
        dump_case(odd)
    assert (err2.value.case_id, err2.value.field) == (CASE_ID, "when")


def test_competences_given_as_one_text_are_refused() -> None:
    """``competences="handicap"`` would be the set of its letters: refused, naming the field."""
    import pytest

    from boernesag.errors import CaseFormatError
    from boernesag.model import Caseworker

    with pytest.raises(CaseFormatError, match="competences"):
        Caseworker(id="CW-1", competences="handicap")  # type: ignore[arg-type]
    with pytest.raises(CaseFormatError, match="competences"):
        Caseworker(id="CW-1", competences=[["a"]])  # type: ignore[list-item]
    assert Caseworker(id="CW-1", competences=["handicap"]).competences == {"handicap"}


def test_date_and_at_on_different_days_load_with_a_warning() -> None:
    """Found by the fuzzer: an event's 'date' and 'at' on different days loaded silently."""
    from boernesag.caseio import load_case

    warnings: list[Any] = []
    case = load_case(
        {
            "case_id": "K-1",
            "child": {"id": "B-1", "birth_date": "2015-01-01"},
            "events": [
                {
                    "id": "E1",
                    "type": "underretning",
                    "date": "2024-03-22",
                    "at": "2024-03-23T09:15:00+01:00",
                },
                {
                    "id": "E2",
                    "type": "kontakt",
                    "date": "2024-03-22",
                    "at": "2024-03-21T23:30:00+00:00",
                },  # 00:30 on the 22nd in Copenhagen
            ],
        },
        warnings=warnings,
    )
    assert [(w.event_id, w.kind, w.field) for w in warnings] == [("E1", "date_at", "at")]
    assert "2024-03-23" in str(warnings[0])
    assert case.event("E1").day.isoformat() == "2024-03-22"
