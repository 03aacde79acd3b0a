"""boernesag.frame: tidy DataFrames of cases and deadlines, reading an export back, and
working-day arithmetic on Series.

The fixture case is hand-built; the expected deadlines are worked out by hand in comments.
"""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from boernesag.bounds import BEFORE_BIRTH_DAYS, latest_birth  # noqa: E402
from boernesag.calendar import Calendar, add_working_days, is_working_day, working_days_between  # noqa: E402
from boernesag.caseio import REQUIRED_FIELDS, case_from_mapping  # noqa: E402
from boernesag.deadlines import deadlines  # noqa: E402
from boernesag.errors import CaseFormatError  # noqa: E402
from boernesag.frame import (  # noqa: E402
    CASE_COLUMNS,
    DEADLINE_COLUMNS,
    EVENT_COLUMNS,
    FINDING_COLUMNS,
    STATUS_CATEGORIES,
    add_working_days_series,
    caseload_deadlines_frame,
    cases_from_frame,
    cases_to_frame,
    caseworkers_to_frame,
    deadlines_from_events,
    deadlines_to_frame,
    findings_from_events,
    findings_to_frame,
    is_working_day_series,
    working_days_between_series,
)
from boernesag.model import Case, Caseload, Caseworker, EventType  # noqa: E402

CPR = "0305121234"

CASE: dict[str, Any] = {
    "case_id": "K-1",
    "child": {
        "id": "B-1",
        "birth_date": "2012-05-03",
        "cpr": CPR,
        "siblings": ["B-2", "B-3"],
        "disability": True,
        "skole": "Nordskolen",
    },
    "team": "T-handicap",
    "district": "Nord",
    "kilde": "eksport",
    "events": [
        {
            "id": "E1",
            "type": "underretning",
            "at": "2024-03-22T09:15:00+01:00",
            "professional": True,
        },
        {"id": "E2", "type": "underretning_vurderet", "at": "2024-03-22T14:00:00", "ref": "E1"},
        {
            "id": "E3",
            "type": "kvittering_sendt",
            "date": "2024-03-27",
            "ref": "E1",
            "anonymous": False,
        },
        {
            "id": "E8",
            "type": "afgoerelse",
            "date": "2024-07-15",
            "paragraph": "BL 32",
            "outcome": "bevilget",
            "measure": "M1",
            "partshoering": True,
            "begrundelse": True,
            "klagevejledning": False,
            "meddelt": "2024-07-16",
        },
        {
            "id": "E9",
            "type": "foranstaltning_start",
            "date": "2024-08-01",
            "measure": "M1",
            "paragraph": "BL 32",
        },
        {
            "id": "E10",
            "type": "opfoelgning",
            "date": "2024-10-20",
            "measure": "M1",
            "interval_months": 6,
            "case_id": "x",
        },
        {
            "id": "E11",
            "type": "sagsbehandler_tildelt",
            "date": "2024-03-22",
            "at": "2024-03-22T08:00:00+01:00",
            "caseworker": "CW-07",
            "team": "T-modtage",
        },
    ],
}
EMPTY: dict[str, Any] = {"case_id": "K-2", "child": {"id": "B-9", "birth_date": "2020-01-01"}}


@pytest.fixture
def cases() -> list[Case]:
    return [case_from_mapping(CASE), case_from_mapping(EMPTY)]


def _ts(text: str) -> Any:
    return pd.Timestamp(text, tz="Europe/Copenhagen")


def _same(a: list[Case] | tuple[Case, ...], b: list[Case] | tuple[Case, ...]) -> None:
    """Equal cases, and equal extra keys (``extra`` is left out of ``==``)."""
    assert tuple(a) == tuple(b)
    for x, y in zip(a, b, strict=True):
        assert dict(x.extra) == dict(y.extra)
        assert dict(x.child.extra) == dict(y.child.extra)
        assert [dict(e.extra) for e in x.events] == [dict(e.extra) for e in y.events]


# --------------------------------------------------------------------------- cases_to_frame


def test_one_row_per_event_with_typed_columns(cases: list[Case]) -> None:
    f = cases_to_frame(cases)
    assert len(f) == 7 + 1  # seven events, and one row for the case without events
    assert list(f.columns[: len(CASE_COLUMNS)]) == list(CASE_COLUMNS)
    assert list(f.columns[len(CASE_COLUMNS) : len(CASE_COLUMNS) + len(EVENT_COLUMNS)]) == list(
        EVENT_COLUMNS
    )
    assert list(f.columns[len(CASE_COLUMNS) + len(EVENT_COLUMNS) :]) == [
        "child.skole",
        "case.kilde",
        "anonymous",
        "extra.case_id",  # an event key that is also a column name keeps a prefix
    ]
    dtypes = {k: str(v) for k, v in f.dtypes.items()}
    assert dtypes["type"] == "category"
    assert list(f["type"].cat.categories) == [t.value for t in EventType]
    for col in ("birth_date", "date", "day", "meddelt"):
        assert dtypes[col] == "datetime64[ns]"
    assert dtypes["at"] == "datetime64[ns, Europe/Copenhagen]"
    for col in ("professional", "partshoering", "begrundelse", "klagevejledning"):
        assert dtypes[col] == "boolean"
    assert dtypes["interval_months"] == "Int64"
    assert dtypes["disability"] == "bool"
    for col in ("team", "district", "paragraph", "event_team", "outcome"):
        assert dtypes[col] == "category"
    for col in ("case_id", "event_id", "ref", "measure", "caseworker", "siblings"):
        assert dtypes[col] == "string"


def test_cell_values(cases: list[Case]) -> None:
    f = cases_to_frame(cases).set_index("event_id", drop=False)
    assert f.loc["E1", "at"] == _ts("2024-03-22 09:15")
    assert not f.loc["E1", "at_naive"]
    assert f.loc["E1", "day"] == pd.Timestamp("2024-03-22")  # the Copenhagen day of 'at'
    assert pd.isna(f.loc["E1", "date"])  # not recorded
    assert f.loc["E2", "at"] == _ts("2024-03-22 14:00")  # naive = Copenhagen wall time
    assert f.loc["E2", "at_naive"]
    assert f.loc["E8", "meddelt"] == pd.Timestamp("2024-07-16")
    assert f.loc["E8", "paragraph"] == "BL 32"
    assert f.loc["E8", "klagevejledning"] is np.False_ or f.loc["E8", "klagevejledning"] is False
    assert f.loc["E10", "interval_months"] == 6
    assert f.loc["E11", "event_team"] == "T-modtage"
    assert f.loc["E11", "team"] == "T-handicap"  # the case's team
    assert f.loc["E3", "anonymous"] is False
    assert f.loc["E10", "extra.case_id"] == "x"
    assert (f.loc[f["case_id"] == "K-1", "siblings"] == "B-2;B-3").all()
    assert (f.loc[f["case_id"] == "K-1", "child.skole"] == "Nordskolen").all()
    empty = f[f["case_id"] == "K-2"].iloc[0]
    assert pd.isna(empty["event_id"])
    assert pd.isna(empty["type"])
    assert pd.isna(empty["day"])
    assert empty["birth_date"] == pd.Timestamp("2020-01-01")


def test_no_cpr_unless_asked(cases: list[Case]) -> None:
    f = cases_to_frame(cases)
    assert "cpr" not in f.columns
    text = f.to_csv() + f.to_json(date_format="iso")
    assert CPR not in text
    assert f"{CPR[:6]}-{CPR[6:]}" not in text
    with_cpr = cases_to_frame(cases, include_cpr=True)
    assert list(with_cpr.columns[:5]) == ["case_id", "child_id", "birth_date", "cpr", "disability"]
    assert with_cpr["cpr"].tolist() == [CPR] * 7 + [pd.NA]


# --------------------------------------------------------------------------- round trips


def test_round_trip_is_equal(cases: list[Case]) -> None:
    back = cases_from_frame(cases_to_frame(cases, include_cpr=True))
    _same(back.cases, cases)
    assert back.rejected == ()


def test_round_trip_without_cpr_loses_only_the_cpr(cases: list[Case]) -> None:
    back = cases_from_frame(cases_to_frame(cases))
    assert back.cases[0].child.cpr is None
    without = [attrs.evolve(c, child=attrs.evolve(c.child, cpr=None)) for c in cases]
    _same(back.cases, without)


def test_round_trip_through_csv(cases: list[Case]) -> None:
    """What an analyst does: save the frame as CSV, read it with pandas' defaults, read back."""
    text = cases_to_frame(cases, include_cpr=True).to_csv(index=False)
    table = pd.read_csv(io.StringIO(text), dtype={"cpr": str})  # else 0305... loses its 0
    assert table["date"].dtype.kind != "M"  # texts, not datetimes
    _same(cases_from_frame(table).cases, cases)


def test_caseload_caseworkers_and_teams_are_passed_on(cases: list[Case]) -> None:
    cw = (Caseworker("CW-07", team="T-modtage", capacity=20.0),)
    back = cases_from_frame(cases_to_frame(Caseload(cases=cases)), caseworkers=cw)
    assert back.caseworkers == cw
    assert back.case("K-1").caseworker == "CW-07"


_IDS = st.text(alphabet="ABCÆØÅ-0123456789", min_size=1, max_size=6)
_TEXT = st.text(min_size=1, max_size=8).filter(lambda s: bool(s.strip()))
_DAYS = st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31))
_PARAGRAPHS = st.sampled_from(["BL 32", "BL 46", "SEL 52 stk. 3 nr. 7", "FVL 19"])


@st.composite
def _timestamp(draw: st.DrawFn) -> str:
    day = draw(_DAYS)
    if draw(st.booleans()):  # naive: Copenhagen wall time, away from the DST changes at 2-3
        return (
            datetime.combine(day, datetime.min.time())
            .replace(hour=draw(st.integers(6, 22)), minute=draw(st.integers(0, 59)))
            .isoformat()
        )
    offset = timezone(timedelta(hours=draw(st.sampled_from([-5, 0, 1, 2]))))
    moment = datetime.combine(day, datetime.min.time(), offset) + timedelta(
        seconds=draw(st.integers(0, 86399)), microseconds=draw(st.integers(0, 999999))
    )
    return moment.isoformat()


@st.composite
def _event(draw: st.DrawFn, i: int, earlier: list[str]) -> dict[str, Any]:
    etype = draw(st.sampled_from(list(EventType)))
    ev: dict[str, Any] = {"id": f"E{i}", "type": etype.value}
    when = draw(st.sampled_from(["date", "at", "both"]))
    if when in ("date", "both"):
        ev["date"] = draw(_DAYS).isoformat()
    if when in ("at", "both"):
        ev["at"] = draw(_timestamp())
    optional: dict[str, st.SearchStrategy[Any]] = {
        "ref": st.sampled_from(earlier) if earlier else st.nothing(),
        "measure": _IDS,
        "paragraph": _PARAGRAPHS,
        "caseworker": _IDS,
        "team": _IDS,
        "outcome": st.sampled_from(["bevilget", "afslag", "delvist"]),
        "professional": st.booleans(),
        "partshoering": st.booleans(),
        "begrundelse": st.booleans(),
        "klagevejledning": st.booleans(),
        "meddelt": _DAYS.map(date.isoformat),
        "interval_months": st.integers(1, 24),
        "boernesamtale_undtagelse": _TEXT,
        "reason": _TEXT,
        "note": _TEXT,
        "aftale": _TEXT,
        "anonymous": st.booleans(),
        "niveau": st.integers(-5, 5),
        "case_id": _TEXT,
        "child.x": _TEXT,
    }
    for key, strategy in optional.items():
        if (key in ("measure", "caseworker") and etype in _NEEDS.get(key, ())) or draw(
            st.integers(0, 3)
        ) == 0:
            value = draw(st.one_of(strategy, st.nothing()) if key == "ref" else strategy)
            ev[key] = value
    return ev


# The event types that require each field (the loader's caseio.REQUIRED_FIELDS).
_NEEDS = {
    field: tuple(t for t, fields in REQUIRED_FIELDS.items() if field in fields)
    for field in ("measure", "caseworker")
}


@st.composite
def _case(draw: st.DrawFn, case_id: str) -> dict[str, Any]:
    n = draw(st.integers(0, 6))
    events: list[dict[str, Any]] = []
    for i in range(n):
        events.append(draw(_event(i + 1, [e["id"] for e in events])))
    # A plausible birth (the loader's window): at most a year from today, and the first event
    # at most 300 days before it.
    firsts = [
        date.fromisoformat(e["date"]) if "date" in e else datetime.fromisoformat(e["at"]).date()
        for e in events
    ]
    latest = latest_birth()
    if firsts:
        latest = min(latest, min(firsts) + timedelta(days=BEFORE_BIRTH_DAYS - 1))
    birth = draw(st.dates(min_value=date(1980, 1, 1), max_value=latest))
    child: dict[str, Any] = {"id": draw(_IDS), "birth_date": birth.isoformat()}
    if draw(st.booleans()):
        child["siblings"] = draw(st.lists(_IDS, max_size=3))
    if draw(st.booleans()):
        child["disability"] = draw(st.booleans())
    if draw(st.booleans()):
        child["skole"] = draw(_TEXT)
    raw: dict[str, Any] = {"case_id": case_id, "child": child, "events": events}
    for key, strategy in (("team", _IDS), ("district", _IDS), ("kilde", _TEXT)):
        if draw(st.booleans()):
            raw[key] = draw(strategy)
    return raw


@given(st.integers(1, 3).flatmap(lambda n: st.tuples(*(_case(f"K-{i}") for i in range(n)))))
def test_round_trip_property(raws: tuple[dict[str, Any], ...]) -> None:
    cases = [case_from_mapping(r) for r in raws]
    frame = cases_to_frame(cases)
    _same(cases_from_frame(frame).cases, cases)
    rows = frame.dropna(subset=["event_id"])
    assert rows["day"].dt.date.tolist() == [e.day for c in cases for e in c.events]
    assert rows["type"].astype(str).tolist() == [e.type.value for c in cases for e in c.events]


# --------------------------------------------------------------------------- reading an export


def _export() -> Any:
    """A case system's export: one row per event, texts, empty cells, two cases interleaved."""
    return pd.DataFrame(
        {
            "case_id": ["K-1", "K-2", "K-1", "K-1"],
            "child_id": ["B-1", "B-2", "B-1", "B-1"],
            "birth_date": ["2015-02-01", "2016-03-04", "2015-02-01", ""],
            "event_id": ["E1", "E1", "E2", "E3"],
            "type": ["underretning", "ansoegning", "kvittering_sendt", "afgoerelse"],
            "date": [date(2024, 3, 1), date(2024, 4, 1), date(2024, 3, 5), date(2024, 5, 1)],
            "ref": [None, "", "E1", float("nan")],
            "paragraph": [None, None, None, "BL 32"],
            "begrundelse": [None, None, None, True],
            "interval_months": [np.nan, np.nan, np.nan, np.nan],
        }
    )


def test_reads_an_export_with_text_and_empty_cells() -> None:
    cl = cases_from_frame(_export())
    assert [c.case_id for c in cl.cases] == ["K-1", "K-2"]  # order of first appearance
    k1 = cl.case("K-1")
    assert [e.id for e in k1.events] == ["E1", "E2", "E3"]
    assert k1.child.birth_date == date(2015, 2, 1)  # empty cells in repeated columns are fine
    assert k1.event("E2").ref == "E1"
    assert k1.event("E3").paragraph is not None
    assert str(k1.event("E3").paragraph) == "BL 32"
    assert k1.event("E3").begrundelse is True
    assert cl.case("K-2").event("E1").ref is None  # "" is an empty cell
    assert cl.case("K-2").events[0].type == EventType.ANSOEGNING


def test_datetime_columns_at_midnight_are_days() -> None:
    df = _export()
    df["date"] = pd.to_datetime(df["date"])
    df["birth_date"] = pd.to_datetime(df["birth_date"].replace("", None))
    cl = cases_from_frame(df)
    assert cl.case("K-1").event("E3").date == date(2024, 5, 1)


def test_missing_required_column_names_it() -> None:
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(_export().drop(columns=["birth_date"]))
    assert err.value.field == "birth_date"
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(_export().drop(columns=["date"]))
    assert err.value.field == "date"


def test_bad_cell_names_case_event_and_field() -> None:
    df = _export()
    df.loc[2, "type"] = "telefon"
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(df)
    assert (err.value.case_id, err.value.event_id, err.value.field) == ("K-1", "E2", "type")


def test_a_time_of_day_in_a_day_column_is_refused() -> None:
    df = _export()
    df["date"] = pd.to_datetime(df["date"])
    df.loc[0, "date"] = pd.Timestamp("2024-03-01 10:30")
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(df)
    assert (err.value.case_id, err.value.event_id, err.value.field) == ("K-1", "E1", "date")


def test_child_columns_must_agree_within_a_case() -> None:
    df = _export()
    df.loc[3, "birth_date"] = "2015-02-02"
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(df)
    assert (err.value.case_id, err.value.field) == ("K-1", "birth_date")


def test_lenient_keeps_the_good_cases_and_lists_the_bad() -> None:
    df = _export()
    df.loc[2, "type"] = "telefon"  # breaks K-1, whose first row is row 0
    cl = cases_from_frame(df, lenient=True)
    assert [c.case_id for c in cl.cases] == ["K-2"]
    assert len(cl.rejected) == 1
    assert (cl.rejected[0].index, cl.rejected[0].case_id) == (0, "K-1")
    assert "E2" in cl.rejected[0].error
    assert "type" in cl.rejected[0].error


def test_row_without_case_id() -> None:
    df = _export()
    df.loc[1, "case_id"] = None
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(df)
    assert err.value.field == "case_id"
    cl = cases_from_frame(df, lenient=True)
    assert [c.case_id for c in cl.cases] == ["K-1"]
    assert [(r.index, r.case_id) for r in cl.rejected] == [(1, None)]


def test_a_bad_cpr_is_masked_in_the_error() -> None:
    df = _export()
    df["cpr"] = ["0102151234", None, "0102161234", None]  # K-1's two rows disagree
    with pytest.raises(CaseFormatError) as err:
        cases_from_frame(df)
    assert err.value.field == "cpr"
    assert "0102151234" not in str(err.value)
    assert "0102161234" not in str(err.value)
    df["cpr"] = ["0102169999", None, None, None]  # does not match the birth date
    cl = cases_from_frame(df, lenient=True)
    assert [r.case_id for r in cl.rejected] == ["K-1"]
    assert "0102169999" not in cl.rejected[0].error
    assert "010216-****" in cl.rejected[0].error


def test_extra_columns_kept_or_ignored() -> None:
    df = _export().assign(kommentar=["a", None, "", "b"], **{"child.skole": "X", "case.kilde": "Y"})
    cl = cases_from_frame(df)
    k1 = cl.case("K-1")
    assert [dict(e.extra) for e in k1.events] == [{"kommentar": "a"}, {}, {"kommentar": "b"}]
    assert dict(k1.child.extra) == {"skole": "X"}
    assert dict(k1.extra) == {"kilde": "Y"}
    plain = cases_from_frame(df, extra_columns="ignore").case("K-1")
    assert all(not e.extra for e in plain.events)
    assert not plain.child.extra


def test_not_a_frame() -> None:
    with pytest.raises(TypeError):
        cases_from_frame([{"case_id": "K-1"}])


# --------------------------------------------------------------------------- deadlines


def test_deadlines_frame_values(cases: list[Case]) -> None:
    items = deadlines(cases[0], date(2025, 1, 1))
    f = deadlines_to_frame(items)
    assert list(f.columns) == list(DEADLINE_COLUMNS)
    assert len(f) == len(items)
    assert list(f["status"].cat.categories) == list(STATUS_CATEGORIES)
    assert str(f["due"].dtype) == "datetime64[ns]"
    assert str(f["due_time"].dtype) == "datetime64[ns, Europe/Copenhagen]"
    for col in ("rule_id", "law", "obligor", "source"):
        assert str(f[col].dtype) == "category"
    row = f.set_index("rule_id")
    # Underretning E1 at 09:15 on Friday 22 March 2024 + 24 hours: Saturday 09:15; met by E2.
    vurdering = row.loc["underretning-vurdering"]
    assert vurdering["due"] == pd.Timestamp("2024-03-23")
    assert vurdering["due_time"] == _ts("2024-03-23 09:15")
    assert (vurdering["status"], vurdering["met_by"], vurdering["trigger"]) == ("met", "E2", "E1")
    # 6 working days after 22 March 2024, skipping Easter (28 March - 1 April): 4 April.
    kvittering = row.loc["underretning-kvittering"]
    assert kvittering["due"] == pd.Timestamp("2024-04-04")
    assert pd.isna(kvittering["due_time"])
    assert kvittering["met_on"] == pd.Timestamp("2024-03-27")
    # The klagefrist runs 4 weeks from meddelt 16 July 2024: 13 August, the citizen's.
    klage = row.loc["klagefrist"]
    assert (klage["due"], klage["obligor"], klage["status"]) == (
        pd.Timestamp("2024-08-13"),
        "borger",
        "overdue",
    )
    # First follow-up 3 months after the start 1 August 2024: 1 November; met 20 October.
    foerste = row.loc["opfoelgning-foerste"]
    assert (foerste["due"], foerste["status"], foerste["measure"]) == (
        pd.Timestamp("2024-11-01"),
        "met",
        "M1",
    )
    assert foerste["trigger_on"] == pd.Timestamp("2024-08-01")
    # Every row equals its Deadline.
    for (_, r), d in zip(f.iterrows(), items, strict=True):
        assert (r["case_id"], r["rule_id"], r["status"], r["citation"]) == (
            d.case_id,
            d.rule_id,
            d.status.value,
            d.citation,
        )
        assert (None if pd.isna(r["due"]) else r["due"].date()) == d.due_date
        assert r["explanation"] == d.explanation


def test_deadlines_frame_in_english_without_explanations(cases: list[Case]) -> None:
    items = deadlines(cases[0], date(2025, 1, 1))
    f = deadlines_to_frame(items, lang="en", explain=False)
    assert "explanation" not in f.columns
    assert list(f["status_label"].cat.categories) == [
        "met",
        "met late",
        "open",
        "overdue",
        "not applicable",
    ]
    assert f["title"].tolist() == [d.title("en") for d in items]
    with pytest.raises(ValueError, match="'de'"):
        deadlines_to_frame(items, lang="de")


def test_empty_deadlines_frame_keeps_its_columns() -> None:
    f = deadlines_to_frame([])
    assert list(f.columns) == list(DEADLINE_COLUMNS)
    assert len(f) == 0
    assert f["status"].value_counts().to_dict() == dict.fromkeys(STATUS_CATEGORIES, 0)


def test_caseload_deadlines_frame_adds_caseworker_and_team(cases: list[Case]) -> None:
    as_of = date(2025, 1, 1)
    f = caseload_deadlines_frame(Caseload(cases=cases), as_of, explain=False)
    assert list(f.columns[:4]) == ["case_id", "caseworker", "team", "district"]
    assert len(f) == sum(len(deadlines(c, as_of)) for c in cases)
    assert set(f["caseworker"]) == {"CW-07"}
    assert set(f["team"]) == {"T-handicap"}


def test_caseworkers_frame() -> None:
    cl = Caseload(
        caseworkers=[
            Caseworker("CW-1", team="T1", capacity=20, competences={"handicap", "unge"}),
            Caseworker("CW-2", active=False),
        ]
    )
    f = caseworkers_to_frame(cl)
    assert f["caseworker"].tolist() == ["CW-1", "CW-2"]
    assert f["competences"].tolist() == ["handicap;unge", pd.NA]
    assert f["capacity"].tolist() == [20.0, pd.NA]
    assert f["active"].tolist() == [True, False]


# --------------------------------------------------------------------------- working days


def test_add_working_days_series_keeps_index_name_and_nat() -> None:
    s = pd.Series(
        pd.to_datetime(["2024-03-22", None, "2024-12-23", "2023-05-04"]),
        index=["a", "b", "c", "d"],
        name="modtaget",
    )
    out = add_working_days_series(s, 6)
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out.name == "modtaget"
    assert str(out.dtype) == "datetime64[ns]"
    # Easter 2024; Christmas 2024 (25-26 Dec); Store Bededag 5 May 2023 was still a holiday.
    assert out["a"] == pd.Timestamp("2024-04-04")
    assert pd.isna(out["b"])
    assert out["c"] == pd.Timestamp("2025-01-03")  # 24, 27, 30, 31 Dec, 2, 3 Jan
    assert out["d"] == pd.Timestamp("2023-05-15")


def test_add_working_days_series_with_n_per_row_aligned_on_the_index() -> None:
    s = pd.Series(pd.to_datetime(["2024-03-22", "2024-03-22", "2024-03-22"]), index=[10, 20, 30])
    n = pd.Series([-1, 1, None], index=[20, 10, 30], dtype="Int64")
    out = add_working_days_series(s, n)
    assert out[10] == pd.Timestamp("2024-03-25")  # n=1 belongs to label 10
    assert out[20] == pd.Timestamp("2024-03-21")
    assert pd.isna(out[30])  # no n, no day
    assert add_working_days_series(s, np.array([0, 2, 3])).tolist() == [
        pd.Timestamp("2024-03-22"),
        pd.Timestamp("2024-03-26"),
        pd.Timestamp("2024-03-27"),
    ]


def test_working_days_series_take_date_objects_and_a_calendar() -> None:
    s = pd.Series([date(2024, 6, 4), None])
    closed = Calendar(extra_closed=[date(2024, 6, 5)])
    assert add_working_days_series(s, 1, calendar=closed).tolist()[0] == pd.Timestamp("2024-06-06")
    assert add_working_days_series(s, 1).tolist()[0] == pd.Timestamp("2024-06-05")


def test_working_days_between_series() -> None:
    a = pd.Series(pd.to_datetime(["2024-03-22", "2024-03-22", None, "2024-12-20"]))
    b = pd.Series(pd.to_datetime(["2024-04-04", "2024-03-15", "2024-04-04", "2025-01-02"]))
    out = working_days_between_series(a, b)
    assert str(out.dtype) == "Int64"
    assert out.tolist() == [6, -5, pd.NA, 6]  # (20 Dec, 2 Jan]: 23, 24, 27, 30, 31 Dec, 2 Jan
    assert working_days_between_series(date(2024, 3, 22), b).tolist()[0] == 6
    shifted = pd.Series(b.to_numpy(), index=[3, 2, 1, 0])
    aligned = working_days_between_series(a, shifted)  # aligned on labels, as pandas does
    assert aligned[0] == working_days_between(date(2024, 3, 22), date(2025, 1, 2))


def test_is_working_day_series() -> None:
    s = pd.Series(pd.to_datetime(["2024-03-28", "2024-03-27", None, "2024-06-05"]))
    assert is_working_day_series(s).tolist() == [False, True, pd.NA, True]


def test_working_day_series_refuse_ambiguous_input() -> None:
    aware = pd.Series(pd.to_datetime(["2024-03-22 23:30"]).tz_localize("UTC"))
    with pytest.raises(TypeError, match="Copenhagen"):
        add_working_days_series(aware, 1)
    with pytest.raises(TypeError):
        add_working_days_series(pd.Series([1, 2]), 1)
    with pytest.raises(TypeError):
        add_working_days_series(pd.Series(pd.to_datetime(["2024-03-22"])), 1.5)
    with pytest.raises(TypeError):
        add_working_days_series([date(2024, 3, 22)], 1)
    with pytest.raises(TypeError):
        working_days_between_series(date(2024, 1, 1), date(2024, 2, 1))


@given(
    st.lists(st.dates(min_value=date(1995, 1, 1), max_value=date(2075, 12, 31)), max_size=30),
    st.integers(-40, 40),
)
def test_series_agree_with_the_scalar_functions(days: list[date], n: int) -> None:
    s = pd.Series(pd.to_datetime(days), dtype="datetime64[ns]")
    added = add_working_days_series(s, n)
    assert [t.date() for t in added] == [add_working_days(d, n) for d in days]
    between = working_days_between_series(s, added)
    assert between.tolist() == [working_days_between(d, add_working_days(d, n)) for d in days]
    assert is_working_day_series(s).tolist() == [is_working_day(d) for d in days]


# --------------------------------------------------------------------------- optional parts


def test_allocation_frames() -> None:
    alloc = pytest.importorskip("boernesag.allocation")
    demo = pytest.importorskip("boernesag.demo")
    from boernesag.frame import allocation_load_frame, allocation_to_frame

    cl = demo.demo_caseload(40)
    as_of = demo.DEMO_AS_OF
    result = alloc.allocate(cl.cases[:8], cl, as_of=as_of, solver="greedy")
    f = allocation_to_frame(result)
    assert len(f) == len(result.assignments) + len(result.unassigned) == 8
    assert list(f["status"].cat.categories) == ["assigned", "unassigned"]
    for a in result.assignments:
        row = f.set_index("case_id").loc[a.case_id]
        assert (row["caseworker_id"], row["switch"]) == (a.caseworker_id, a.switch)
    loads = allocation_load_frame(result).set_index("caseworker_id")
    assert loads["load_after"].to_dict() == pytest.approx(dict(result.load_after))
    for cw, cap in result.capacity.items():
        if cap > 0:
            assert loads.loc[cw, "load_after_ratio"] == pytest.approx(result.load_after[cw] / cap)


def test_sagsliste_frame(cases: list[Case]) -> None:
    handover = pytest.importorskip("boernesag.handover")
    from boernesag.frame import sagsliste_to_frame

    sl = handover.build_sagsliste(cases, date(2025, 1, 1))
    f = sagsliste_to_frame(sl)
    assert f["case_id"].tolist() == list(sl.case_ids)
    assert "cpr" not in f.columns


def test_missing_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import boernesag.frame as frame

    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(ImportError, match=r"pip install 'boernesag\[pandas\]'"):
        frame.cases_to_frame([])


def test_importing_the_module_imports_no_pandas() -> None:
    code = (
        "import sys, boernesag, boernesag.frame; "
        "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------- audit findings


def test_findings_frame_of_the_hand_built_case(cases: list[Case]) -> None:
    from boernesag.audit import audit_case

    audited = audit_case(cases[0], date(2024, 12, 31))
    f = findings_to_frame(audited)
    assert tuple(f.columns) == FINDING_COLUMNS
    assert len(f) == len(audited.findings)
    # The decision E8 on BL § 32 (15.07.2024) came without a børnefaglig undersøgelse
    # (BL § 20) and without a conversation with the child (BL § 5): both are "high".
    row = f[f.code == "bfu.missing"].iloc[0]
    assert row.case_id == "K-1"
    assert row.check_id == "bfu"
    assert row.severity == "high"
    assert row.severity_label == "høj"
    assert row.date == pd.Timestamp("2024-07-15")
    assert pd.isna(row.due)
    assert row.events == "E8"
    assert row.citation == "BL § 20"
    assert row.caseworker == "CW-07"  # assigned on 22.03.2024 in team T-modtage
    assert row.team == "T-modtage"
    assert row.caseworker_as_of == "CW-07"
    assert row.explanation.startswith("Afgørelse om BL § 32 man 15.07.2024 uden")
    assert row.explanation.endswith("(BL § 20)")
    # A finding on no particular event has an empty ``events`` cell, not "".
    assert pd.isna(f[f.code == "samtale.none"].iloc[0].events)


def test_findings_frame_agrees_with_the_report_row_by_row() -> None:
    from boernesag.audit import audit_caseload, report_to_frame
    from boernesag.audit.findings import Severity
    from boernesag.demo import demo_caseload

    report = audit_caseload(demo_caseload(60, seed=3), date(2025, 6, 30))
    f = findings_to_frame(report)
    expected = [(a, x) for a in report.cases for x in a.findings]
    assert len(f) == report.n_findings == len(expected) > 0
    assert f["severity"].cat.ordered
    assert list(f["severity"].cat.categories) == [s.value for s in Severity]
    old = report_to_frame(report, "findings")
    assert list(f["severity"].cat.categories) == list(old["severity"].cat.categories)
    assert f["case_id"].tolist() == old["case_id"].tolist()
    assert f["code"].astype(str).tolist() == old["code"].astype(str).tolist()
    assert str(f["date"].dtype) == "datetime64[ns]"
    assert str(f["due"].dtype) == "datetime64[ns]"
    assert str(f["ongoing"].dtype) == "bool"
    for (a, x), row in zip(expected, f.itertuples(index=False), strict=True):
        assert row.case_id == x.case_id == a.case_id
        assert row.code == x.code
        assert row.severity == x.severity.value
        assert bool(row.ongoing) is x.ongoing
        if x.day is None:
            assert pd.isna(row.date)
        else:
            assert row.date == pd.Timestamp(x.day)
        assert row.explanation == x.explain("da")
        assert (row.team if not pd.isna(row.team) else None) == a.team
    # Worst first by sorting on the ordered category.
    worst = f.sort_values("severity", kind="stable").iloc[0]
    assert Severity(worst.severity).rank == min(x.severity.rank for _, x in expected)


def test_findings_frame_in_english_from_bare_findings() -> None:
    from boernesag.audit import audit
    from boernesag.demo import demo_caseload

    found = [x for c in demo_caseload(20, seed=5).cases for x in audit(c, date(2025, 6, 30))]
    assert found
    f = findings_to_frame(found, lang="en")
    assert f["explanation"].tolist() == [x.explain("en") for x in found]
    assert set(f["severity_label"].astype(str)) <= {"critical", "high", "medium", "low", "info"}
    assert f["team"].isna().all()
    assert f["caseworker_as_of"].isna().all()


def test_findings_frame_refuses_other_things() -> None:
    with pytest.raises(TypeError, match="findings_to_frame"):
        findings_to_frame(["not a finding"])
    empty = findings_to_frame([])
    assert tuple(empty.columns) == FINDING_COLUMNS
    assert len(empty) == 0


# --------------------------------------------------------------------------- partitions

AS_OF = date(2025, 6, 30)


def _demo_events(n: int = 40, seed: int = 11) -> tuple[Caseload, Any]:
    from boernesag.demo import demo_caseload

    caseload = demo_caseload(n, seed=seed)
    return caseload, cases_to_frame(caseload)


def _break(events: Any, case_id: str) -> Any:
    """A copy of ``events`` with the first event of ``case_id`` of an unknown type."""
    bad = events.copy()
    bad["type"] = bad["type"].astype("string")
    row = bad.index[bad["case_id"] == case_id][0]
    bad.loc[row, "type"] = "ukendt_type"
    return bad


def test_deadlines_from_events_equals_the_caseload_frame() -> None:
    caseload, events = _demo_events()
    got = deadlines_from_events(events, AS_OF)
    assert got["error"].isna().all()
    assert str(got["error"].dtype) == "string"
    expected = caseload_deadlines_frame(caseload, AS_OF)
    pd.testing.assert_frame_equal(got.drop(columns="error"), expected)


def test_a_bad_case_becomes_an_error_row_and_the_others_are_kept() -> None:
    caseload, events = _demo_events()
    victim = caseload.cases[5].case_id
    got = deadlines_from_events(_break(events, victim), AS_OF)
    errors = got[got["error"].notna()]
    assert errors["case_id"].tolist() == [victim]
    message = errors["error"].iloc[0]
    assert victim in message
    assert "'type'" in message  # names the field
    assert errors.drop(columns=["case_id", "error"]).isna().all(axis=None)
    others = [c for c in caseload.cases if c.case_id != victim]
    expected = caseload_deadlines_frame(others, AS_OF)
    pd.testing.assert_frame_equal(
        got[got["error"].isna()].drop(columns="error").reset_index(drop=True),
        expected,
        check_categorical=False,
    )
    with pytest.raises(CaseFormatError, match=victim):
        deadlines_from_events(_break(events, victim), AS_OF, on_error="raise")


def test_partitions_by_case_give_the_whole() -> None:
    _, events = _demo_events(60, seed=2)
    whole = deadlines_from_events(events, AS_OF, explain=False)
    ids = events["case_id"].unique().tolist()
    parts = [events[events["case_id"].isin(ids[i::3])] for i in range(3)]
    glued = pd.concat(
        [deadlines_from_events(p, AS_OF, explain=False) for p in parts], ignore_index=True
    )
    key = ["case_id", "rule_id", "trigger", "due", "measure"]
    a = whole.astype(dict.fromkeys(whole.columns, str)).sort_values(key).reset_index(drop=True)
    b = glued.astype(dict.fromkeys(glued.columns, str)).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_partition_schema_does_not_depend_on_the_data() -> None:
    caseload, events = _demo_events(10)
    full = deadlines_from_events(_break(events, caseload.cases[0].case_id), AS_OF)
    empty = deadlines_from_events(events.head(0), AS_OF)
    assert len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    assert [str(t) for t in empty.dtypes] == [str(t) for t in full.dtypes]
    # A case_id index (after set_index("case_id")) is read as the column.
    indexed = deadlines_from_events(events.set_index("case_id"), AS_OF)
    pd.testing.assert_frame_equal(indexed, deadlines_from_events(events, AS_OF))


def test_findings_from_events() -> None:
    from boernesag.audit import audit_caseload

    caseload, events = _demo_events(30, seed=4)
    victim = caseload.cases[2].case_id
    got = findings_from_events(_break(events, victim), AS_OF)
    assert list(got.columns) == [*FINDING_COLUMNS, "error"]
    assert str(got["ongoing"].dtype) == "boolean"
    errors = got[got["error"].notna()]
    assert errors["case_id"].tolist() == [victim]
    others = [c for c in caseload.cases if c.case_id != victim]
    expected = findings_to_frame(audit_caseload(others, AS_OF))
    rows = got[got["error"].isna()].drop(columns="error").reset_index(drop=True)
    assert len(rows) == len(expected) > 0
    assert rows["explanation"].tolist() == expected["explanation"].tolist()
    assert rows["ongoing"].astype(bool).tolist() == expected["ongoing"].tolist()
    empty = findings_from_events(events.head(0), AS_OF)
    assert [str(t) for t in empty.dtypes] == [str(t) for t in got.dtypes]


def test_findings_of_a_custom_check_keep_their_check_id() -> None:
    from boernesag.audit.findings import Finding, Severity

    mine = Finding(
        check_id="kommunens-eget",
        code="gap",
        severity=Severity.LOW,
        case_id="K-9",
        day=date(2025, 1, 2),
        args=(
            ("days", 120),
            ("start", date(2024, 9, 4)),
            ("end", date(2025, 1, 2)),
            ("change", ""),
        ),
    )
    f = findings_to_frame([mine])
    assert f["check_id"].tolist() == ["kommunens-eget"]
    assert f["check_label"].tolist() == ["kommunens-eget"]
    assert "bfu" in list(f["check_id"].cat.categories)
    assert f["explanation"].iloc[0].startswith("Ingen aktivitet i 120 dage")


def test_frames_refuse_an_as_of_outside_the_window_before_reading_cases() -> None:
    """One clear library error for an impossible as_of, not an error row per case."""
    from pathlib import Path

    from boernesag.caseio import load_case
    from boernesag.errors import CalendarRangeError
    from boernesag.frame import deadlines_from_events, findings_from_events

    cases = [load_case(Path(__file__).parent / "data" / "spec_example.json")]
    events = cases_to_frame(cases)
    for far in (date(1, 1, 1), date(2100, 1, 1), date(9999, 12, 31)):
        with pytest.raises(CalendarRangeError, match="1900-2099"):
            caseload_deadlines_frame(cases, far)
        with pytest.raises(CalendarRangeError, match="1900-2099"):
            deadlines_from_events(events, far)
        with pytest.raises(CalendarRangeError, match="1900-2099"):
            findings_from_events(events, far)


def test_an_unknown_language_is_a_library_error() -> None:
    from boernesag.errors import BoernesagError

    with pytest.raises(BoernesagError, match="'fr'"):
        deadlines_to_frame([], lang="fr")
