"""The JSON case format: loading, validation errors, lenient caseloads, round trips."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernesag.caseio import (
    case_from_mapping,
    case_to_mapping,
    dump_case,
    dump_caseload,
    load_case,
    load_caseload,
)
from boernesag.errors import CaseFormatError
from boernesag.model import EventType

DATA = Path(__file__).parent / "data"
SPEC = DATA / "spec_example.json"


def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return data


def test_load_spec_example_from_path_mapping_and_stream() -> None:
    a = load_case(SPEC)
    b = load_case(str(SPEC))
    c = load_case(spec())
    d = load_case(io.StringIO(SPEC.read_text(encoding="utf-8")))
    e = load_case(io.BytesIO(SPEC.read_bytes()))
    assert a == b == c == d == e
    assert a.case_id == "K-2024-0001"
    assert a.child.birth_date == date(2012, 5, 3)
    assert a.child.disability is True
    assert len(a.events) == 11
    assert a.event("E8").type is EventType.AFGOERELSE
    assert str(a.event("E8").paragraph) == "BL 32"
    assert a.event("E1").at == datetime.fromisoformat("2024-03-22T09:15:00+01:00")


def test_derived_views() -> None:
    case = load_case(SPEC)
    # E11 has a date only: day-only events sort before timed events of the same day.
    assert [e.id for e in case.timeline][:3] == ["E11", "E1", "E2"]
    (decision,) = case.decisions
    assert decision.event_id == "E8"
    assert decision.received == date(2024, 7, 15)
    (measure,) = case.measures
    assert measure.id == "M1"
    assert measure.start == date(2024, 8, 1)
    assert measure.decided_by == "E8"
    assert case.caseworker == "CW-07"
    assert case.caseworker_on(date(2024, 3, 21)) is None
    assert case.is_open_on(date(2024, 5, 1))
    assert not case.is_open_on(date(2024, 3, 21))


def test_round_trip_is_identity_on_canonical_input() -> None:
    raw = spec()
    case = load_case(raw)
    assert json.loads(dump_case(case)) == raw
    assert load_case(json.loads(dump_case(case))) == case


def test_unknown_keys_survive_round_trip() -> None:
    raw = spec()
    raw["kommune_felt"] = {"x": 1}
    raw["events"][0]["system_id"] = "DUBU-123"
    raw["child"]["skole"] = "Nordskolen"
    assert case_to_mapping(case_from_mapping(raw)) == raw


def test_dump_without_cpr() -> None:
    text = dump_case(load_case(SPEC), include_cpr=False)
    assert "0305121234" not in text


def _error(raw: Any) -> CaseFormatError:
    with pytest.raises(CaseFormatError) as err:
        case_from_mapping(raw)
    return err.value


@pytest.mark.parametrize(
    ("mutate", "event_id", "field"),
    [
        (lambda r: r["events"][3].update(date="2024-13-02"), "E4", "date"),
        (lambda r: r["events"][3].update(type="bfu_startett"), "E4", "type"),
        (lambda r: r["events"][3].pop("date"), "E4", "date"),
        (lambda r: r["events"][7].update(paragraph="BL"), "E8", "paragraph"),
        (lambda r: r["events"][7].update(partshoering="ja"), "E8", "partshoering"),
        (lambda r: r["events"][8].pop("measure"), "E9", "measure"),
        (lambda r: r["events"][2].update(ref="E99"), "E3", "ref"),
        (lambda r: r["events"][1].update(id="E1"), "E1", "id"),
        (lambda r: r["events"][0].update(at="2024-03-31T02:30:00"), "E1", "at"),
        (lambda r: r["events"][0].update(at="2024-10-27T02:30:00"), "E1", "at"),
        (lambda r: r["events"][9].update(interval_months=0), "E10", "interval_months"),
    ],
)
def test_errors_name_case_event_and_field(mutate: Any, event_id: str, field: str) -> None:
    raw = spec()
    mutate(raw)
    err = _error(raw)
    assert err.case_id == "K-2024-0001"
    assert err.event_id == event_id
    assert err.field == field
    assert "K-2024-0001" in str(err)
    assert event_id in str(err)
    assert field in str(err)


def test_cpr_mismatch_is_reported_masked() -> None:
    raw = spec()
    raw["child"]["cpr"] = "0405121234"
    err = _error(raw)
    assert err.field == "child.cpr"
    assert "1234" not in str(err)
    assert "040512-****" in str(err)


def test_child_repr_masks_cpr() -> None:
    case = load_case(SPEC)
    assert "1234" not in repr(case.child)
    assert "1234" not in repr(case)
    assert "030512-****" in repr(case.child)


def test_missing_file_and_bad_json() -> None:
    with pytest.raises(CaseFormatError, match="findes ikke"):
        load_case(DATA / "nope.json")
    with pytest.raises(CaseFormatError, match="JSON"):
        load_case(io.StringIO("{not json"))


def _caseload(cases: list[Any]) -> dict[str, Any]:
    return {
        "format": "boernesag.caseload/1",
        "cases": cases,
        "caseworkers": [
            {
                "id": "CW-07",
                "team": "T-handicap",
                "capacity": 24,
                "competences": ["handicap"],
                "district": "Nord",
            }
        ],
        "teams": [{"id": "T-handicap", "kind": "handicap"}],
    }


def test_lenient_caseload_keeps_good_cases_and_reports_bad(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = spec()
    bad = copy.deepcopy(good)
    bad["case_id"] = "K-BAD"
    bad["events"][3]["date"] = "2024-02-30"
    other = copy.deepcopy(good)
    other["case_id"] = "K-2024-0002"
    data = _caseload([good, bad, other])
    with pytest.raises(CaseFormatError) as err:
        load_caseload(data)
    assert err.value.case_id == "K-BAD"
    with caplog.at_level(logging.WARNING):
        caseload = load_caseload(data, lenient=True)
    assert [c.case_id for c in caseload.cases] == ["K-2024-0001", "K-2024-0002"]
    assert len(caseload.rejected) == 1
    assert caseload.rejected[0].case_id == "K-BAD"
    assert caseload.rejected[0].index == 1
    assert "E4" in caseload.rejected[0].error
    assert "K-BAD" in caplog.text
    assert "1234" not in caplog.text


def test_caseload_round_trip() -> None:
    data = _caseload([spec()])
    caseload = load_caseload(data)
    assert json.loads(dump_caseload(caseload)) == data
    assert caseload.caseworkers[0].capacity == 24
    assert caseload.cases_of("CW-07") == caseload.cases


def test_single_case_file_loads_as_caseload() -> None:
    assert len(load_caseload(SPEC)) == 1


def test_duplicate_case_ids_rejected() -> None:
    with pytest.raises(CaseFormatError, match="to gange"):
        load_caseload(_caseload([spec(), spec()]))


# --------------------------------------------------------------------- properties

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_random_json_only_raises_case_format_error(value: Any) -> None:
    with contextlib.suppress(CaseFormatError):
        case_from_mapping(value)


def _mutations() -> st.SearchStrategy[tuple[int, str, Any]]:
    keys = st.sampled_from(
        [
            "id",
            "type",
            "date",
            "at",
            "ref",
            "measure",
            "paragraph",
            "caseworker",
            "partshoering",
            "meddelt",
            "interval_months",
            "professional",
            "outcome",
        ]
    )
    return st.tuples(st.integers(0, 10), keys, json_values)


@given(st.lists(_mutations(), max_size=4))
def test_malformed_events_only_raise_case_format_error(
    mutations: list[tuple[int, str, Any]],
) -> None:
    raw = spec()
    for index, key, value in mutations:
        raw["events"][index][key] = value
    try:
        case = case_from_mapping(raw)
    except CaseFormatError as err:
        error: CaseFormatError | None = err
    else:
        error = None
        # Whatever loads must round-trip.
        assert case_from_mapping(case_to_mapping(case)) == case
    if error is not None:
        assert error.case_id == "K-2024-0001"


@given(
    st.lists(st.sampled_from(["kontakt", "boernesamtale", "opfoelgning"]), max_size=5),
    st.dates(date(2020, 1, 1), date(2026, 12, 31)),
)
def test_round_trip_identity_property(types: list[str], day: date) -> None:
    raw = spec()
    for i, typ in enumerate(types):
        raw["events"].append({"id": f"X{i}", "type": typ, "date": day.isoformat()})
    case = case_from_mapping(raw)
    assert case_to_mapping(case) == raw
    assert case_from_mapping(case_to_mapping(case)) == case


def test_event_built_directly_refuses_ambiguous_wall_time() -> None:
    from boernesag.errors import AmbiguousTimeError
    from boernesag.model import Event

    with pytest.raises(AmbiguousTimeError, match="E7"):
        Event(id="E7", type=EventType.UNDERRETNING, at=datetime(2024, 10, 27, 2, 15))


def test_aware_times_are_kept_at_a_fixed_offset() -> None:
    from zoneinfo import ZoneInfo

    from boernesag.model import Event

    # 02:30 on 27.10.2024, the second time (CET): fold=1 in zoneinfo.
    ts = datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Copenhagen"))
    e = Event(id="E1", type=EventType.UNDERRETNING, at=ts)
    assert e.at is not None
    assert e.at.utcoffset() == ts.utcoffset()
    assert e.at == datetime.fromisoformat("2024-10-27T02:30:00+01:00")
    back = case_from_mapping(
        {
            "case_id": "K",
            "child": {"id": "B", "birth_date": "2020-01-01"},
            "events": [{"id": "E1", "type": "underretning", "at": e.at.isoformat()}],
        }
    )
    assert back.events[0] == e
