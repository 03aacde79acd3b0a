"""EventTable.from_frame reads a one-row-per-event frame column by column, with the outcome of
the reference path ``EventTable.from_cases(cases_from_frame(frame).cases)``: the same table
(every case rebuilt equal, the same deadlines) and the same validation (the same error
message in strict mode, the same rejected cases in lenient mode)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

import pytest

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from hypothesis import given, settings  # noqa: E402

from boernesag.columnar import EventTable, deadline_table  # noqa: E402
from boernesag.demo import demo_caseload  # noqa: E402
from boernesag.errors import CaseFormatError  # noqa: E402
from boernesag.frame import cases_from_frame, cases_to_frame  # noqa: E402
from boernesag.model import Case  # noqa: E402

AS_OFS = (date(2023, 12, 31), date(2025, 6, 30))


def reference(frame: Any, lenient: bool = False) -> tuple[EventTable, tuple[Any, ...]]:
    loaded = cases_from_frame(frame, lenient=lenient)
    return EventTable.from_cases(loaded.cases), loaded.rejected


def records(table: EventTable, as_of: date | datetime) -> Counter[tuple[Any, ...]]:
    return Counter(deadline_table(table, as_of).records())


def assert_same_table(got: EventTable, want: EventTable) -> None:
    assert got.case_id.tolist() == want.case_id.tolist()
    assert len(got) == len(want)
    for i in range(want.n_cases):
        a, b = got.rebuild(i), want.rebuild(i)
        assert a == b, a.case_id
        assert a.extra == b.extra
        assert a.child.extra == b.child.extra
        assert [dict(e.extra) for e in a.events] == [dict(e.extra) for e in b.events]
        assert [e.at.utcoffset() if e.at else None for e in a.events] == [
            e.at.utcoffset() if e.at else None for e in b.events
        ]
    for name in ("case", "type", "day", "tod", "at", "at_offset", "skey", "measure", "ref"):
        assert getattr(got, name).tolist() == getattr(want, name).tolist(), name
    for name in ("m_case", "m_start", "m_start_row", "m_end", "m_first"):
        assert getattr(got, name).tolist() == getattr(want, name).tolist(), name
    assert got.m_id.tolist() == want.m_id.tolist()


def _demo_frame(n: int, seed: int, lapse: float = 0.3) -> tuple[list[Case], Any]:
    cases = list(demo_caseload(n, seed=seed, lapse_rate=lapse).cases)
    return cases, cases_to_frame(cases)


@pytest.mark.parametrize(("seed", "lapse"), [(1, 0.0), (2, 0.3), (3, 0.6)])
def test_demo_frames_give_the_same_table_and_deadlines(seed: int, lapse: float) -> None:
    cases, frame = _demo_frame(120, seed, lapse)
    got = EventTable.from_frame(frame)
    want, _ = reference(frame)
    assert_same_table(got, want)
    assert got.rejected == ()
    direct = EventTable.from_cases(cases)  # the cases themselves (their CPR is not in the frame)
    for as_of in AS_OFS:
        assert records(got, as_of) == records(want, as_of) == records(direct, as_of)


def test_shuffled_rows_and_cases_out_of_order() -> None:
    """A case's rows need not be adjacent; cases come in order of first appearance."""
    _, frame = _demo_frame(40, 11)
    shuffled = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    got = EventTable.from_frame(shuffled)
    want, _ = reference(shuffled)
    assert_same_table(got, want)
    assert records(got, AS_OFS[1]) == records(want, AS_OFS[1])


# --------------------------------------------------------------------------- bad input


def _bad(frame: Any, row: int, column: str, value: Any) -> Any:
    bad = frame.copy()
    if isinstance(bad[column].dtype, pd.CategoricalDtype) or bad[column].dtype == bool:
        bad[column] = bad[column].astype(object)
    bad.loc[row, column] = value
    return bad


def _row_of(frame: Any, type_name: str, k: int = 0) -> int:
    return int(np.flatnonzero((frame["type"] == type_name).to_numpy())[k])


def _corruptions(frame: Any) -> dict[str, Any]:
    start = _row_of(frame, "foranstaltning_start")
    assign = _row_of(frame, "sagsbehandler_tildelt")
    decision = _row_of(frame, "afgoerelse")
    with_ref = int(np.flatnonzero(frame["ref"].notna().to_numpy())[0])
    second = int(np.flatnonzero((frame["case_id"] == frame["case_id"][5]).to_numpy())[1])
    return {
        "unknown type": _bad(frame, 7, "type", "telefonopkald"),
        "no event id": _bad(frame, 9, "event_id", "   "),
        "no type": _bad(frame, 9, "type", None),
        "birth dates differ": _bad(frame, second, "birth_date", pd.Timestamp("2001-01-01")),
        "child ids differ": _bad(frame, second, "child_id", "B-ANDEN"),
        "paragraph": _bad(frame, decision, "paragraph", "XYZ 1"),
        "interval": _bad(frame, 12, "interval_months", 30),
        "ref": _bad(frame, with_ref, "ref", "FINDES-IKKE"),
        "duplicate id": _bad(frame, 14, "event_id", frame["event_id"][13]),
        "date with a time": _bad(frame, 15, "date", pd.Timestamp("2024-03-05 10:00")),
        "no date nor time": _bad(_bad(frame, 16, "date", pd.NaT), 16, "at", pd.NaT),
        "measure missing": _bad(frame, start, "measure", None),
        "caseworker missing": _bad(frame, assign, "caseworker", ""),
        "payment without measure": _bad(_bad(frame, 7, "type", "udbetaling"), 7, "measure", None),
        "no case id": _bad(frame, 20, "case_id", None),
        "bad cpr": frame.assign(cpr=["0101010000"] + [None] * (len(frame) - 1)),
        "malformed cpr": frame.assign(cpr=[None, "12345"] + [None] * (len(frame) - 2)),
    }


@pytest.fixture(scope="module")
def small_frame() -> Any:
    return _demo_frame(25, 4)[1]


def test_corruptions_are_found_by_the_reference(small_frame: Any) -> None:
    """Each corrupted frame is refused by the reference (so the next tests test something)."""
    for name, bad in _corruptions(small_frame).items():
        with pytest.raises(CaseFormatError):
            cases_from_frame(bad)
        assert reference(bad, lenient=True)[1], name


@pytest.mark.parametrize(
    "name",
    [
        "unknown type",
        "no event id",
        "no type",
        "birth dates differ",
        "child ids differ",
        "paragraph",
        "interval",
        "ref",
        "duplicate id",
        "date with a time",
        "no date nor time",
        "measure missing",
        "caseworker missing",
        "payment without measure",
        "no case id",
        "bad cpr",
        "malformed cpr",
    ],
)
def test_bad_input_gives_the_reference_error_and_rejections(small_frame: Any, name: str) -> None:
    bad = _corruptions(small_frame)[name]
    with pytest.raises(CaseFormatError) as want:
        cases_from_frame(bad)
    with pytest.raises(CaseFormatError) as got:
        EventTable.from_frame(bad)
    assert str(got.value) == str(want.value)
    assert (got.value.case_id, got.value.event_id, got.value.field) == (
        want.value.case_id,
        want.value.event_id,
        want.value.field,
    )
    table = EventTable.from_frame(bad, lenient=True)
    ref_table, rejected = reference(bad, lenient=True)
    assert rejected
    assert table.rejected == rejected
    assert_same_table(table, ref_table)
    assert records(table, AS_OFS[1]) == records(ref_table, AS_OFS[1])


def test_first_bad_case_in_frame_order_is_the_one_reported(small_frame: Any) -> None:
    c = _corruptions(small_frame)
    late = _bad(c["paragraph"], 3, "type", "telefonopkald")  # two bad cases
    with pytest.raises(CaseFormatError) as want:
        cases_from_frame(late)
    with pytest.raises(CaseFormatError) as got:
        EventTable.from_frame(late)
    assert str(got.value) == str(want.value)


def test_valid_cases_the_columns_cannot_read_go_through_the_reference(small_frame: Any) -> None:
    """A valid CPR column, child./case. columns and texts for days are read by the reference
    (for the case or for the frame) and give the same table."""
    cases = demo_caseload(25, seed=4).cases
    with_cpr = cases_to_frame(cases, include_cpr=True)
    extended = small_frame.assign(**{"case.kilde": "eksport", "child.skole": None})
    extended.loc[0, "child.skole"] = "Østerbro Skole"
    texts = small_frame.assign(date=small_frame["date"].dt.strftime("%Y-%m-%d"))
    for frame in (with_cpr, extended, texts):
        got = EventTable.from_frame(frame)
        want, _ = reference(frame)
        assert_same_table(got, want)
        assert records(got, AS_OFS[1]) == records(want, AS_OFS[1])
    assert EventTable.from_frame(extended).rebuild(0).child.extra == {"skole": "Østerbro Skole"}


def test_not_a_frame_and_missing_columns() -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        EventTable.from_frame([{"case_id": "K"}])
    frame = pd.DataFrame({"case_id": ["K"], "child_id": ["B"], "event_id": ["E"]})
    with pytest.raises(CaseFormatError, match="birth_date"):
        EventTable.from_frame(frame)


def test_a_case_without_events_is_kept(small_frame: Any) -> None:
    empty = pd.DataFrame(
        {
            "case_id": pd.array(["K-TOM"], dtype="string"),
            "child_id": pd.array(["B-TOM"], dtype="string"),
            "birth_date": pd.to_datetime(["2015-02-01"]),
            "event_id": pd.array([None], dtype="string"),
            "type": pd.array([None], dtype="string"),
            "date": pd.to_datetime([None]),
        }
    )
    frame = pd.concat([small_frame, empty], ignore_index=True)
    got = EventTable.from_frame(frame)
    want, _ = reference(frame)
    assert_same_table(got, want)
    assert got.rebuild(got.case_index("K-TOM")).events == ()


# --------------------------------------------------------------------------- random timelines


def _random_cases() -> Any:
    from test_columnar_properties import cases

    return cases()


@settings(max_examples=60, deadline=None)
@given(_random_cases())
def test_random_timelines_read_like_the_reference(case_list: list[Case]) -> None:
    """Random events (times across DST, refs to missing events, extensions, paragraphs)."""
    frame = cases_to_frame(case_list)
    want, rejected = reference(frame, lenient=True)
    got = EventTable.from_frame(frame, lenient=True)
    assert got.rejected == rejected
    assert_same_table(got, want)
    assert records(got, AS_OFS[1]) == records(want, AS_OFS[1])


def test_the_reference_reads_only_what_the_columns_cannot(
    small_frame: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A good frame is read by columns alone; a bad case alone goes to the reference."""
    import boernesag.caseframe

    seen: list[int] = []
    original = boernesag.caseframe.cases_from_frame

    def spy(frame: Any, **kwargs: Any) -> Any:
        seen.append(len(frame))
        return original(frame, **kwargs)

    monkeypatch.setattr(boernesag.caseframe, "cases_from_frame", spy)
    EventTable.from_frame(small_frame)
    assert seen == [0]  # only the check of the columns themselves
    seen.clear()
    bad = _corruptions(small_frame)["paragraph"]
    bad_case = bad["case_id"][_row_of(bad, "afgoerelse")]
    table = EventTable.from_frame(bad, lenient=True)
    assert seen == [0, int((bad["case_id"] == bad_case).sum())]
    assert table.n_cases == small_frame["case_id"].nunique() - 1
    seen.clear()
    with_cpr = cases_to_frame(demo_caseload(25, seed=4).cases, include_cpr=True)
    EventTable.from_frame(with_cpr)
    assert seen == [0]  # valid CPR numbers are checked by columns too
    seen.clear()
    texts = small_frame.assign(date=small_frame["date"].dt.strftime("%Y-%m-%d"))
    EventTable.from_frame(texts)
    assert seen == [0, len(texts)]  # days as texts: the whole frame by the reference


def test_naive_times_and_the_hour_that_occurs_twice() -> None:
    """``at_naive``: the time is Copenhagen wall time; 02:30 on 27.10.2024 exists twice."""
    from boernesag.caseio import case_from_mapping

    case = case_from_mapping(
        {
            "case_id": "K-DST",
            "child": {"id": "B", "birth_date": "2015-01-01"},
            "events": [
                {"id": "U1", "type": "underretning", "at": "2024-10-26T22:15:00"},
                {"id": "V1", "type": "underretning_vurderet", "at": "2024-10-27T02:30:00+02:00"},
                {"id": "U2", "type": "underretning", "at": "2024-03-31T01:30:00+01:00"},
            ],
        }
    )
    frame = cases_to_frame([case])
    assert frame["at_naive"].tolist() == [True, False, False]
    got = EventTable.from_frame(frame)
    assert_same_table(got, reference(frame)[0])
    assert records(got, date(2024, 12, 31)) == records(reference(frame)[0], date(2024, 12, 31))
    twice = frame.copy()
    twice.loc[1, "at_naive"] = True  # 02:30 without an offset: which of the two?
    with pytest.raises(CaseFormatError) as want:
        cases_from_frame(twice)
    with pytest.raises(CaseFormatError) as err:
        EventTable.from_frame(twice)
    assert str(err.value) == str(want.value)
    assert err.value.event_id == "V1"


# --------------------------------------------------------------------------- every column, memory


def _decoded(table: EventTable, name: str) -> list[Any]:
    vocab = [*table.vocab[name], None]
    return [vocab[c] for c in table.codes[name].tolist()]


def assert_same_columns(got: EventTable, want: EventTable) -> None:
    """Every column of the table, with its dtype: the reader's narrow temporaries (int8/int32
    codes and offsets) must not leak into the table. Coded fields are compared decoded (the
    vocabularies may list values in another order); their width is the one the builder
    picks for the vocabulary's size."""
    import attrs

    for f in attrs.fields(EventTable):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if f.name in ("codes", "vocab", "rejected"):  # rejected: compared by the callers
            continue
        if f.name == "m_paragraph":
            assert [got.vocab["paragraph"][p] if p >= 0 else None for p in a.tolist()] == [
                want.vocab["paragraph"][p] if p >= 0 else None for p in b.tolist()
            ]
        elif isinstance(b, np.ndarray):
            assert a.dtype == b.dtype, f.name
            assert a.tolist() == b.tolist(), f.name
        elif f.name == "extra":
            assert {k: dict(v) for k, v in a.items()} == {k: dict(v) for k, v in b.items()}
        elif f.name == "case_more":  # no extra is None here, an empty mapping there
            assert {k: (dict(x or {}), s, dict(y or {})) for k, (x, s, y) in a.items()} == {
                k: (dict(x or {}), s, dict(y or {})) for k, (x, s, y) in b.items()
            }
        else:
            assert a == b, f.name
    for name, codes in got.codes.items():
        size = len(got.vocab[name])
        width = np.int8 if size < 127 else np.int16 if size < 32_000 else np.int32
        assert codes.dtype == width, name
        assert _decoded(got, name) == _decoded(want, name), name


@pytest.mark.parametrize(("seed", "lapse", "shuffle"), [(5, 0.3, False), (6, 0.6, True)])
def test_every_column_equals_the_reference(seed: int, lapse: float, shuffle: bool) -> None:
    _, frame = _demo_frame(150, seed, lapse)
    if shuffle:
        frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    assert_same_columns(EventTable.from_frame(frame), reference(frame)[0])


def test_every_column_equals_the_reference_with_bad_cases(small_frame: Any) -> None:
    """Lenient reads mixing column-read cases and cases the reference read."""
    c = _corruptions(small_frame)
    two_bad = _bad(c["paragraph"], 3, "type", "telefonopkald")
    for frame in (two_bad, c["ref"], c["no case id"]):
        got = EventTable.from_frame(frame, lenient=True)
        want, rejected = reference(frame, lenient=True)
        assert got.rejected == rejected
        assert_same_columns(got, want)


def test_the_reader_peak_is_bounded_by_the_table() -> None:
    """The reader's transient peak stays within 3x the finished table (it is about 1.8x; it
    was 6.2x when every column read was held as int64 until the table was built, which put
    a 100,000-case export at 1.2 GB, issue #8). tracemalloc sees numpy's buffers."""
    import gc
    import tracemalloc

    _, frame = _demo_frame(1000, 9, 0.3)
    EventTable.from_frame(frame.iloc[:50])  # imports and caches outside the measurement
    gc.collect()
    tracemalloc.start()
    try:
        table = EventTable.from_frame(frame)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table) > 20_000
    assert peak < 3 * table.nbytes, (peak, table.nbytes)
