"""Build an :class:`~boernesag.columnar.EventTable` straight from a one-row-per-event frame.

:func:`table_from_frame` reads the frame of :func:`boernesag.frame.cases_to_frame` (a case
system's export) column by column with pandas and numpy, without building
:class:`~boernesag.model.Case` objects, and gives the same table as
``EventTable.from_cases(cases_from_frame(frame).cases)`` (through :meth:`EventTable.from_frame`,
which builds the table from what :func:`read_frame` gives), with the same validation outcome:

* Every check of the case format's reader (:func:`boernesag.caseio.case_from_mapping`) that
  is cheap on columns is done on columns: ids and types present and known, a day or a time
  on each event, days at midnight, required fields per type, paragraphs that parse, whole
  ``interval_months`` from 1 to 24, no event id twice in a case, every ``ref`` in its case,
  the child's and the case's columns the same on all of a case's rows, a CPR number well
  formed and matching the birth date (the table does not keep it), a naive time that exists
  once in Copenhagen.
* A case that fails a check, or has something the column reader does not handle
  (``child.``/``case.`` columns, an event column named like a field), is read by
  :func:`boernesag.caseframe.cases_from_frame` itself, case by case: so a bad case raises, or is
  listed in :attr:`EventTable.rejected` with ``lenient=True``, with exactly the reference
  message (case id, event id, field), and a good one is kept.
* A column of a type the column reader does not handle (days as texts, ``at`` without a
  time zone, yes/no as texts, ...) sends the whole frame through the reference reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from boernesag.bounds import EARLIEST, LATEST
from boernesag.caseio import EVENT_FIELDS
from boernesag.columnar.coding import CODED_FIELDS, NAIVE, TYPE_CODE
from boernesag.columnar.dates import DAY_US, NA, day_number, local_wall_to_utc
from boernesag.errors import CaseFormatError
from boernesag.model import Case, Caseload, FrozenMapping, RejectedCase
from boernesag.periods import to_copenhagen

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    CodeArray = npt.NDArray[np.signedinteger[Any]]
    BoolArray = npt.NDArray[np.bool_]
else:
    IntArray = Any
    CodeArray = Any
    BoolArray = Any

__all__ = ["FrameColumns", "read_frame"]

_NA64 = int(NA)

_US = timedelta(microseconds=1)  # µs in Event.sort_key's elapsed time

_TZ = "Europe/Copenhagen"
#: Event fields of the case format (:data:`boernesag.caseio.EVENT_FIELDS`) and the frame's event
#: columns as event keys: an extension column named like one of them is left to the reader.
_EVENT_KEYS = frozenset(EVENT_FIELDS)
#: Frame column -> coded event field (the other coded fields have the column's name).
_CODED_COLUMN = {"team": "event_team"}
_BOOLS = ("professional", "partshoering", "begrundelse", "klagevejledning")
_REQUIRED = {
    TYPE_CODE["foranstaltning_start"]: "measure",
    TYPE_CODE["foranstaltning_slut"]: "measure",
    TYPE_CODE["sagsbehandler_tildelt"]: "caseworker",
}
#: Days outside the plausible window (:mod:`boernesag.bounds`) mark their case for the
#: reference reader, which refuses it with the loader's message (or rejects it, lenient).
_MIN_DAY = day_number(EARLIEST)
_MAX_DAY = day_number(LATEST)


class _Slow(Exception):
    """A column of a type the column reader does not handle: the reference reads the frame."""


@attrs.define
class _Coded:
    """A column as codes (-1 = empty) into its values (an object array of Python values).

    The codes are int32 (int8 for yes/no columns), not int64: a frame has fewer than 2**31
    rows, and a national export has some twenty such columns, so this halves the reader's
    largest temporaries."""

    codes: CodeArray
    values: Any


# --------------------------------------------------------------------------- columns


def _is_text(pd: Any, s: Any) -> bool:
    dtype = s.dtype
    if isinstance(dtype, pd.StringDtype):
        return True
    if dtype.kind == "O":
        return pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")
    return False


def _text(pd: Any, frame: Any, name: str) -> _Coded | None:
    """A text or category column as codes (an empty or blank text is empty); ``None`` if
    there is no such column. Raises :class:`_Slow` for other column types."""
    if name not in frame.columns:
        return None
    s = frame[name]
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = s.cat.categories
        if len(cats) and pd.api.types.infer_dtype(cats, skipna=True) != "string":
            raise _Slow(name)
        codes = s.cat.codes.to_numpy().astype(np.int32)
        values = _object_array([str(v) for v in cats])
    elif _is_text(pd, s):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        codes = np.asarray(codes).astype(np.int32)
        values = np.asarray(uniques, dtype=object)
    elif s.isna().all():
        return _Coded(np.full(len(s), -1, dtype=np.int32), _object_array([]))
    else:
        raise _Slow(name)
    if isinstance(s.dtype, pd.StringDtype):  # blank texts found by pandas' string methods
        texts = pd.Series(uniques).str.strip().eq("").fillna(False)
        blank = np.append(texts.to_numpy(dtype=bool), True)
    else:
        blank = np.array([not v.strip() for v in values.tolist()] + [True], dtype=bool)
    if blank[:-1].any():
        codes = np.where(blank[codes], -1, codes)
    return _Coded(codes, values)


def _case_text(
    pd: Any, frame: Any, name: str, case: IntArray, first_row: IntArray
) -> tuple[npt.NDArray[np.object_], BoolArray] | None:
    """A child or case text column: each case's value on its first row (``None`` empty),
    and the rows with a value other than that (as :func:`_per_case`)."""
    col = _text(pd, frame, name)
    if col is None:
        return None
    codes, differ = _per_case(case, col.codes, -1, first_row)
    values: npt.NDArray[np.object_] = np.concatenate([col.values, _object_array([None])])[codes]
    return values, differ


def _flags(pd: Any, frame: Any, name: str) -> CodeArray | None:
    """A yes/no column as 0/1 (-1 empty), int8."""
    if name not in frame.columns:
        return None
    s = frame[name]
    if s.dtype == bool or isinstance(s.dtype, pd.BooleanDtype):
        out: CodeArray = s.astype("Int8").to_numpy(dtype=np.int8, na_value=-1)
        return out
    if s.isna().all():
        return np.full(len(s), -1, dtype=np.int8)
    raise _Slow(name)


def _days(pd: Any, frame: Any, name: str) -> tuple[IntArray, BoolArray] | None:
    """A day column as day numbers (``NA`` empty) and a mask of cells the reader refuses
    (not at midnight, out of range)."""
    if name not in frame.columns:
        return None
    s = frame[name]
    n = len(s)
    if s.dtype.kind == "M":  # naive datetime64 of any unit
        values = s.to_numpy()
        has = ~np.isnat(values)
        days = values.astype("datetime64[D]")
        bad = has & (days.astype(values.dtype) != values)
        out = np.where(has, days.astype(np.int64), _NA64)
        bad |= has & ((out < _MIN_DAY) | (out > _MAX_DAY))
        return out, bad
    if s.isna().all():
        return np.full(n, _NA64, dtype=np.int64), np.zeros(n, dtype=bool)
    raise _Slow(name)


def _per_case(
    case: IntArray, value: Any, missing: Any, first_row: IntArray
) -> tuple[Any, BoolArray]:
    """Each case's value on its first row, and the rows that have another value (or have
    one where the first row is empty: the reference reader decides those cases)."""
    per_case = value[first_row]
    rows = (case >= 0) & (value != missing)
    rows[rows] = value[rows] != per_case[case[rows]]
    return per_case, rows


def _is_none(values: npt.NDArray[np.object_]) -> BoolArray:
    return np.array([v is None for v in values.tolist()], dtype=bool)


def _object_array(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


# --------------------------------------------------------------------------- the reader


@attrs.frozen
class FrameColumns:
    """A frame read by columns: every field of the :class:`~boernesag.columnar.EventTable`
    but the four derived measure columns (``m_paragraph``, ``m_start``, ``m_start_row``,
    ``m_end``), and the arguments of :func:`boernesag.columnar.table.derive_measures` that
    derive them. The table builds itself from these (:meth:`EventTable.from_frame`), so this
    reader does not import the table."""

    fields: Mapping[str, Any]
    measure_args: tuple[Any, ...]


def read_frame(frame: Any, *, lenient: bool = False) -> FrameColumns | Caseload:
    """A one-row-per-event frame read column by column, for :meth:`EventTable.from_frame`:
    its columns, or the :class:`~boernesag.model.Caseload` the reference reader made of it
    when the frame has a column the column reader does not handle.

    The same table, and the same errors, as reading the frame with
    :func:`boernesag.caseframe.cases_from_frame` and building the table from the cases (see the
    module docstring for what is read how). ``lenient=True`` keeps the valid cases and lists
    each bad one in :attr:`EventTable.rejected` (``index``: the position of its first row).
    """
    from boernesag.caseframe import cases_from_frame, load_pandas

    pd = load_pandas()
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"EventTable.from_frame() takes a pandas DataFrame, not {type(frame).__name__}"
        )
    cases_from_frame(frame.iloc[:0])  # the reference's checks of the columns themselves
    frame = frame.set_axis([str(c) for c in frame.columns], axis=1)
    try:
        return _read(pd, frame, lenient)
    except _Slow:
        return cases_from_frame(frame, lenient=lenient)


def _read(pd: Any, frame: Any, lenient: bool) -> FrameColumns:
    """Read the columns, then assemble the table.

    Memory: the columns read are handed over in one dict, which :func:`_assemble` empties
    as it gathers each into the table, and the reading's temporaries die with
    :func:`_read_columns`; so the peak is about the larger of the columns read and the
    table, not their sum."""
    return _assemble(_read_columns(pd, frame, lenient))


def _read_columns(pd: Any, frame: Any, lenient: bool) -> dict[str, Any]:
    """Every column of the frame read and checked, and the bad cases read by the reference;
    the keys are the parameters of :func:`_assemble`."""
    from boernesag.caseframe import cases_from_frame, json_scalar

    n = len(frame)
    cid = _text(pd, frame, "case_id")
    assert cid is not None
    # cases in order of first appearance (the reference groups by case id)
    valid = np.flatnonzero(cid.codes >= 0)
    uniq, first, inverse = np.unique(cid.codes[valid], return_index=True, return_inverse=True)
    by_first = np.argsort(first, kind="stable")
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[by_first] = np.arange(len(uniq))
    case = np.full(n, -1, dtype=np.int64)
    case[valid] = rank[inverse]
    case_ids = [str(v) for v in cid.values[uniq[by_first]].tolist()]
    first_row = valid[first[by_first]]  # each case's first row
    missing_id = np.flatnonzero(cid.codes < 0)
    del cid, valid, uniq, first, inverse, by_first, rank  # n-long temporaries: free them now
    n_cases = len(case_ids)
    bad = np.zeros(n_cases + 1, dtype=bool)  # index -1: rows without a case id

    def mark(rows_mask: BoolArray) -> None:
        bad[case[rows_mask]] = True

    # ------------------------------------------------------------------ events
    eid = _text(pd, frame, "event_id")
    typ = _text(pd, frame, "type")
    assert eid is not None
    assert typ is not None
    type_of_value = np.array([TYPE_CODE.get(v, -2) for v in typ.values] + [-1], dtype=np.int8)
    tcode = type_of_value[typ.codes]
    del typ
    is_event = (eid.codes >= 0) | (tcode != -1)  # a row with neither only declares its case
    mark(is_event & ((eid.codes < 0) | (tcode < 0)))
    day_cells = _days(pd, frame, "date")
    if day_cells is None:
        day = np.full(n, _NA64, dtype=np.int64)
    else:
        day, refused = day_cells
        mark(is_event & refused)
    has_date = day != _NA64
    tod = np.zeros(n, dtype=np.int64)
    at = np.full(n, _NA64, dtype=np.int64)
    offset = np.full(n, NAIVE, dtype=np.int32)
    if "at" in frame.columns:
        _times(pd, frame, is_event, has_date, day, tod, at, offset, mark)
    mark(is_event & (day == _NA64))
    meddelt_cells = _days(pd, frame, "meddelt")
    if meddelt_cells is None:
        meddelt = np.full(n, _NA64, dtype=np.int64)
    else:
        meddelt, refused = meddelt_cells
        mark(is_event & refused)

    coded: dict[str, _Coded | None] = {}
    for name in CODED_FIELDS:
        column = _CODED_COLUMN.get(name, name)
        if name in _BOOLS:
            flags = _flags(pd, frame, column)
            coded[name] = None if flags is None else _Coded(flags, _object_array([False, True]))
        elif name == "interval_months":
            coded[name] = _months(pd, frame, is_event, mark)
        elif name == "paragraph":
            coded[name] = _paragraphs(pd, frame, is_event, mark)
        else:
            coded[name] = _text(pd, frame, column)
    measure = _text(pd, frame, "measure")
    for tc, field in _REQUIRED.items():
        col = measure if field == "measure" else coded[field]
        need = is_event & (tcode == tc)
        mark(need & (col.codes < 0 if col is not None else True))

    # ids: none twice in a case, every ref in its case
    ref_source = _refs(pd, frame, case, is_event, eid, bad)

    # ------------------------------------------------------------------ the child and case
    child: dict[str, npt.NDArray[np.object_]] = {}
    for name in ("child_id", "siblings", "team", "district"):
        got = _case_text(pd, frame, name, case, first_row)
        if got is None:
            child[name] = np.full(n_cases, None, dtype=object)
            continue
        child[name], differ = got
        mark(differ)
    bad[:-1] |= _is_none(child["child_id"])
    birth_cells = _days(pd, frame, "birth_date")
    assert birth_cells is not None
    birth, differ = _per_case(case, birth_cells[0], _NA64, first_row)
    mark(differ)
    bad[:-1] |= birth == _NA64
    mark(birth_cells[1])
    del birth_cells
    dis_flags = _flags(pd, frame, "disability")
    if dis_flags is None:
        disability = np.zeros(n_cases, dtype=bool)
    else:
        dis, differ = _per_case(case, dis_flags, -1, first_row)
        mark(differ)
        disability = dis == 1

    # columns beyond the case format: event extensions are read, the rest is left to the
    # reference (a CPR number is checked there, child. and case. columns must agree there)
    known = {
        "case_id", "child_id", "birth_date", "disability", "siblings", "team", "district",
        "event_id", "type", "date", "at", "at_naive", "day", "ref", "measure", "paragraph",
        "caseworker", "event_team", "outcome", "professional", "partshoering", "begrundelse",
        "klagevejledning", "meddelt", "interval_months", "boernesamtale_undtagelse", "reason",
        "note",
    }  # fmt: skip
    extra: dict[int, dict[str, Any]] = {}
    extension_keys: set[str] = set()
    for name in frame.columns:
        if name in known:
            continue
        s = frame[name]
        filled = s.notna().to_numpy()
        if not filled.any():
            continue
        key_name = name[len("extra.") :] if name.startswith("extra.") else name
        if name == "cpr":
            _check_cpr(pd, frame, case, first_row, birth, bad, mark)
            continue
        if name.startswith(("child.", "case.")) or key_name in _EVENT_KEYS:
            mark(filled)
            continue
        if key_name in extension_keys:
            raise _Slow(name)  # two columns for one key: the reference's rule decides
        extension_keys.add(key_name)
        rows = np.flatnonzero(filled & is_event)
        mark(filled & ~is_event)  # an extension on a declaring row: the reader decides
        cells = s.iloc[rows]
        if s.dtype == bool or pd.api.types.infer_dtype(cells, skipna=True) == "boolean":
            values = [bool(v) for v in cells.tolist()]
        else:
            values = [json_scalar(v) for v in cells.tolist()]
        for r, v in zip(rows.tolist(), values, strict=True):
            if v is not None:
                extra.setdefault(r, {})[key_name] = v

    # ------------------------------------------------------------------ the reference
    rejected: list[RejectedCase] = []
    if len(missing_id):
        for row in missing_id.tolist():
            err = CaseFormatError(f"række {row} mangler 'case_id'", field="case_id")
            if not lenient:
                raise err
            rejected.append(RejectedCase(index=row, case_id=None, error=str(err)))
    ref_cases: dict[int, Case] = {}
    suspect = np.flatnonzero(bad[:-1])
    if len(suspect):
        rows = np.flatnonzero((case >= 0) & bad[case])
        sub = frame.iloc[rows]
        loaded = cases_from_frame(sub, lenient=True)
        if loaded.rejected and not lenient:
            first_bad = loaded.rejected[0]
            again = cases_from_frame(sub.iloc[case[rows] == case[rows[first_bad.index]]])
            raise AssertionError(f"the reference reader accepted a case it refused: {again}")
        for rej in loaded.rejected:
            rejected.append(RejectedCase(int(rows[rej.index]), rej.case_id, rej.error, en=rej.en))
        position = {case_ids[i]: i for i in suspect.tolist()}
        for c in loaded.cases:
            ref_cases[position[c.case_id]] = c
    rejected.sort(key=lambda r: r.index)
    keep_case = ~bad[:-1]
    for i in ref_cases:
        keep_case[i] = True

    return {
        "n": n,
        "case": case,
        "case_ids": case_ids,
        "keep_case": keep_case,
        "bad": bad,
        "is_event": is_event,
        "eid": eid,
        "tcode": tcode,
        "day": day,
        "has_date": has_date,
        "tod": tod,
        "at": at,
        "offset": offset,
        "meddelt": meddelt,
        "coded": coded,
        "measure": measure,
        "ref_source": ref_source,
        "extra": extra,
        "child": child,
        "birth": birth,
        "disability": disability,
        "ref_cases": ref_cases,
        "rejected": rejected,
    }


def _times(
    pd: Any,
    frame: Any,
    is_event: BoolArray,
    has_date: BoolArray,
    day: IntArray,
    tod: IntArray,
    at: IntArray,
    offset: CodeArray,
    mark: Any,
) -> None:
    """The ``at`` column into ``at``, ``tod``, ``offset`` and (events without a date) ``day``,
    in place; rows the reader refuses are marked. A function of its own so that its
    temporaries (several per timed row) are freed before the next column is read."""
    n = len(frame)
    s = frame["at"]
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        timed = np.flatnonzero(s.notna().to_numpy() & is_event)
        st = s.iloc[timed]
        utc = st.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
        own = st.dt.tz_localize(None).to_numpy()
        local = st.dt.tz_convert(_TZ).dt.tz_localize(None).to_numpy()
        us = utc.astype("datetime64[us]").astype(np.int64)
        lost = utc.astype("datetime64[us]").astype(utc.dtype) != utc  # below 1 µs
        mark_rows = np.zeros(n, dtype=bool)
        mark_rows[timed[lost]] = True
        local_us = local.astype("datetime64[us]").astype(np.int64)
        local_day = local_us // DAY_US
        at[timed] = us
        # Time elapsed since Copenhagen midnight, as Event.sort_key orders: by the instant
        # also in the hour that comes twice when summer time ends.
        tod[timed] = us - local_wall_to_utc(local_day, 0)
        own_off = (own.astype("datetime64[us]").astype(np.int64) - us) // 1_000_000
        naive = _flags(pd, frame, "at_naive")
        is_naive = naive[timed] == 1 if naive is not None else np.zeros(len(timed), dtype=bool)
        offset[timed] = np.where(is_naive, NAIVE, own_off)
        if is_naive.any():  # a wall time that occurs twice is refused by the reader
            walls = pd.DatetimeIndex(local[is_naive])
            twice = walls.tz_localize(_TZ, ambiguous="NaT", nonexistent="NaT").isna()
            mark_rows[timed[is_naive][np.asarray(twice)]] = True
        mark_rows[timed[(local_day < _MIN_DAY) | (local_day > _MAX_DAY)]] = True
        no_date = ~has_date[timed]
        day[timed[no_date]] = local_day[no_date]
        mark(mark_rows)
    elif not s.isna().all():
        raise _Slow("at")
    elif "at_naive" in frame.columns:
        _flags(pd, frame, "at_naive")


def _refs(
    pd: Any, frame: Any, case: IntArray, is_event: BoolArray, eid: _Coded, bad: BoolArray
) -> CodeArray:
    """Marks in ``bad`` the cases with an event id twice or a ``ref`` to no event of the
    case; the row each ``ref`` names (-1 none). Its own function, so that its temporaries
    are freed when it returns."""
    ev = np.flatnonzero(is_event & (case >= 0) & (eid.codes >= 0))
    key = case[ev] * (len(eid.values) + 1) + eid.codes[ev]
    order = np.argsort(key, kind="stable")
    sk = key[order]
    del key
    twice = np.zeros(len(ev), dtype=bool)
    if len(sk) > 1:
        same = sk[1:] == sk[:-1]
        twice[order[1:][same]] = True
        twice[order[:-1][same]] = True
    bad[case[ev[twice]]] = True
    ref_source = np.full(len(case), -1, dtype=np.int32)
    ref = _text(pd, frame, "ref")
    if ref is not None:
        has_ref = np.flatnonzero(is_event & (case >= 0) & (ref.codes >= 0))
        if len(has_ref):
            id_code = pd.Index(eid.values).get_indexer(ref.values)
            as_id = np.append(np.asarray(id_code, dtype=np.int64), -1)[ref.codes[has_ref]]
            want = case[has_ref] * (len(eid.values) + 1) + as_id
            i = np.clip(np.searchsorted(sk, want), 0, max(len(sk) - 1, 0))
            found = (as_id >= 0) & (len(sk) > 0) & (sk[i] == want if len(sk) else False)
            bad[case[has_ref[~found]]] = True
            ref_source[has_ref[found]] = ev[order[i[found]]]
    return ref_source


def _check_cpr(
    pd: Any,
    frame: Any,
    case: IntArray,
    first_row: IntArray,
    birth: IntArray,
    bad: BoolArray,
    mark: Any,
) -> None:
    """The child's CPR number: the same on a case's rows, well formed and matching the
    birth date (:func:`boernesag.caseio.case_from_mapping`), else the reference decides.
    The table does not keep it."""
    from boernesag.columnar.dates import day_of_number
    from boernesag.cpr import Cpr

    col = _text(pd, frame, "cpr")
    assert col is not None
    codes, differ = _per_case(case, col.codes, -1, first_row)
    mark(differ)
    has = np.flatnonzero(codes >= 0)
    if not len(has):
        return
    pairs, which = np.unique(np.stack([codes[has], birth[has]]), axis=1, return_inverse=True)
    ok = []
    for code, day in pairs.T.tolist():
        try:
            cpr = Cpr.parse(col.values[code])
        except (ValueError, TypeError):
            ok.append(False)
            continue
        ok.append(day != _NA64 and cpr.matches(day_of_number(day)))
    failed = ~np.array(ok, dtype=bool)[np.asarray(which).reshape(-1)]
    bad[has[failed]] = True


def _months(pd: Any, frame: Any, is_event: BoolArray, mark: Any) -> _Coded | None:
    """``interval_months`` as codes: whole numbers 1-24 (a float column's 6.0 is 6)."""
    if "interval_months" not in frame.columns:
        return None
    s = frame["interval_months"]
    n = len(s)
    if s.isna().all():
        return _Coded(np.full(n, -1, dtype=np.int32), _object_array([]))
    if s.dtype == bool or isinstance(s.dtype, pd.BooleanDtype) or s.dtype.kind not in "iuf":
        raise _Slow("interval_months")
    values = s.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    has = ~np.isnan(values)
    whole = has & (np.floor(values) == values) & (values >= 1) & (values <= 24)
    mark(is_event & has & ~whole)
    months = np.where(whole, values, 0).astype(np.int64)
    uniques = sorted(set(months[whole].tolist()))
    lookup = np.full(25, -1, dtype=np.int32)
    lookup[uniques] = np.arange(len(uniques))
    codes = np.where(whole, lookup[months], -1).astype(np.int32)
    return _Coded(codes, _object_array([int(u) for u in uniques]))


def _paragraphs(pd: Any, frame: Any, is_event: BoolArray, mark: Any) -> _Coded | None:
    """Paragraph texts parsed once per distinct text; one that does not parse is refused."""
    from boernesag.paragraphs import Paragraph

    col = _text(pd, frame, "paragraph")
    if col is None:
        return None
    parsed: list[Any] = []
    index: dict[Any, int] = {}
    lookup = []
    for v in col.values:
        try:
            p = Paragraph.parse(v)
        except ValueError:
            lookup.append(-2)
            continue
        lookup.append(index.setdefault(p, len(parsed)))
        if len(parsed) < len(index):
            parsed.append(p)
    table = np.array([*lookup, -1], dtype=np.int32)
    codes = table[col.codes]
    mark(is_event & (codes == -2))
    codes[codes < 0] = -1
    return _Coded(codes, _object_array(parsed))


def _timeline_order(
    case: IntArray, day: IntArray, tod: IntArray, order: IntArray, n_cases: int
) -> IntArray:
    """Rows sorted by case, day and time of day, ties by ``order``: one stable sort of a
    packed key when it fits in 63 bits (the rows of a case come in ``order`` already, so the
    stable sort keeps ties in that order)."""
    if not len(case):
        return np.zeros(0, dtype=np.int64)
    timed = np.flatnonzero(tod != 0)
    times, inverse = np.unique(tod[timed], return_inverse=True)
    rank = np.zeros(len(tod), dtype=np.int64)
    rank[timed] = inverse + 1
    low = int(day.min())
    day_bits = int(day.max()) - low + 1
    t_bits = (len(times) + 1).bit_length()
    d_bits = day_bits.bit_length()
    if n_cases.bit_length() + d_bits + t_bits > 62:
        return np.lexsort((order, tod, day, case))
    key = case << d_bits  # built in place: each step of an expression is an n-long temporary
    key += day
    key -= low  # now (case << d_bits) + (day - low), with 0 <= day - low < 2**d_bits
    key <<= t_bits
    key |= rank
    del rank
    out: IntArray = np.argsort(key, kind="stable")
    return out


def _assemble(columns: dict[str, Any]) -> FrameColumns:
    """Rows of the column-read cases and of the cases the reference read, into a table.

    ``columns`` is what :func:`_read_columns` returns; each n-long column is popped from it
    where it is used and dropped once gathered, so that it is freed as the table grows."""
    from boernesag.columnar.dates import us_of_instant

    n: int = columns.pop("n")
    case_ids: list[str] = columns.pop("case_ids")
    keep_case: BoolArray = columns.pop("keep_case")
    bad: BoolArray = columns.pop("bad")
    extra: Mapping[int, Mapping[str, Any]] = columns.pop("extra")
    child: Mapping[str, npt.NDArray[np.object_]] = columns.pop("child")
    birth: IntArray = columns.pop("birth")
    disability: BoolArray = columns.pop("disability")
    ref_cases: Mapping[int, Case] = columns.pop("ref_cases")
    rejected: list[RejectedCase] = columns.pop("rejected")
    coded: dict[str, _Coded | None] = columns.pop("coded")
    n_cases = len(case_ids)
    case: IntArray = columns.pop("case")
    fast = np.flatnonzero(columns.pop("is_event") & (case >= 0) & ~bad[case])
    # rows of the cases the reference read, in their timeline order
    fb: dict[str, list[Any]] = {
        k: []
        for k in (
            "case", "type", "day", "has_date", "tod", "at", "offset", "meddelt", "order",
            "id", "ref", "measure",
        )
    }  # fmt: skip
    fb_coded: dict[str, list[Any]] = {name: [] for name in CODED_FIELDS}
    fb_extra: dict[int, Mapping[str, Any]] = {}
    fb_case: dict[int, tuple[str, str | None, str | None, tuple[str, ...], Any, Any]] = {}
    fb_birth: dict[int, tuple[int, bool]] = {}
    base = n
    for ci in sorted(ref_cases):
        c = ref_cases[ci]
        fb_case[ci] = (c.child.id, c.team, c.district, c.child.siblings, c.extra, c.child.extra)
        fb_birth[ci] = (day_number(c.child.birth_date), bool(c.child.disability))
        timeline = c.timeline
        pos = {e.id: base + k for k, e in enumerate(timeline)}
        for k, e in enumerate(timeline):
            fb["case"].append(ci)
            fb["type"].append(TYPE_CODE[e.type])
            fb["day"].append(day_number(e.day))
            fb["has_date"].append(e.date is not None)
            if e.at is not None:
                fb["tod"].append(e.sort_key[1] // _US)  # elapsed since midnight
                fb["at"].append(us_of_instant(to_copenhagen(e.at)))
                off = e.at.utcoffset()
                fb["offset"].append(NAIVE if off is None else int(off.total_seconds()))
            else:
                fb["tod"].append(0)
                fb["at"].append(_NA64)
                fb["offset"].append(NAIVE)
            fb["meddelt"].append(_NA64 if e.meddelt is None else day_number(e.meddelt))
            fb["order"].append(k)
            fb["id"].append(e.id)
            fb["ref"].append(pos.get(e.ref, -1) if e.ref is not None else -1)
            fb["measure"].append(e.measure)
            for name in CODED_FIELDS:
                fb_coded[name].append(getattr(e, name))
            if e.extra:
                fb_extra[base + k] = e.extra
        base += len(timeline)
    n_fb = base - n

    def cat(fast_values: Any, fb_values: list[Any], dtype: Any) -> Any:
        return np.concatenate(
            [np.asarray(fast_values, dtype=dtype), np.array(fb_values, dtype=dtype)]
        )

    r_case = cat(case[fast], fb["case"], np.int64)
    del case
    r_day = cat(columns.pop("day")[fast], fb["day"], np.int64)
    r_tod = cat(columns.pop("tod")[fast], fb["tod"], np.int64)
    r_order = cat(fast, fb["order"], np.int64)
    perm = _timeline_order(r_case, r_day, r_tod, r_order, n_cases)
    del r_order
    # row indexes as int32 while they fit: these n-long temporaries set the reader's peak
    idx = np.int32 if n + n_fb < np.iinfo(np.int32).max else np.int64
    case_col = r_case[perm].astype(np.int32)
    del r_case
    day_col = r_day[perm]
    del r_day
    tod_col = r_tod[perm]
    del r_tod
    # each table row's source: a frame row (< n) or a reference case's event (n + k)
    source = np.concatenate([fast.astype(idx), np.arange(n, n + n_fb, dtype=idx)])[perm]
    del perm, fast
    new_of_source = np.full(n + n_fb, -1, dtype=idx)
    new_of_source[source] = np.arange(len(source), dtype=idx)
    from_fb = source >= n
    any_fb = bool(n_fb)
    frame_row = np.where(from_fb, 0, source) if any_fb else source
    fb_row = source[from_fb] - n

    def rows(frame_values: Any, fb_values: list[Any], dtype: Any) -> Any:
        """A column of the table: frame rows' values, then the reference cases' values."""
        out = np.asarray(frame_values)[frame_row].astype(dtype, copy=False)
        if any_fb:
            out[from_fb] = np.array(fb_values, dtype=dtype)[fb_row]
        return out

    eid: _Coded = columns.pop("eid")
    ids = eid.values[np.maximum(eid.codes[frame_row], 0)]
    del eid
    if any_fb:
        ids[from_fb] = _object_array(fb["id"])[fb_row]
    ref_src = rows(columns.pop("ref_source"), fb["ref"], idx)
    ref_col = np.where(ref_src >= 0, new_of_source[np.maximum(ref_src, 0)], -1).astype(np.int32)

    # coded fields: the column's codes, then the reference cases' values, one code a value
    codes: dict[str, Any] = {}
    vocab: dict[str, tuple[Any, ...]] = {}
    for name in CODED_FIELDS:
        col = coded.pop(name, None)
        index: dict[tuple[type, Any], int] = {}
        kept: list[Any] = []

        def code_of(
            v: Any, index: dict[tuple[type, Any], int] = index, kept: list[Any] = kept
        ) -> int:
            if v is None:
                return -1
            k = (type(v), v)  # True and 1 are different values here, as in the builder
            if k not in index:
                index[k] = len(kept)
                kept.append(v)
            return index[k]

        # the vocabulary first (frame values, then the reference cases' values), so that
        # the codes are written once, in their final width (as :func:`_small` picks it)
        remap = [*map(code_of, col.values.tolist()), -1] if col is not None else [-1]
        fb_codes = [code_of(v) for v in fb_coded[name]]
        size = len(kept)
        small = np.int8 if size < 127 else np.int16 if size < 32_000 else np.int32
        if col is not None:
            frame_codes = np.array(remap, dtype=small)[col.codes]
        else:
            frame_codes = np.full(n, -1, dtype=small)
        codes[name] = rows(frame_codes, fb_codes, small)
        del frame_codes
        vocab[name] = tuple(kept)

    del col
    # measures: rows naming a measure, per case in order of first appearance
    measure: _Coded | None = columns.pop("measure")
    m_values = measure.values.tolist() if measure is not None else []
    m_index = {v: i for i, v in enumerate(m_values)} if any_fb else {}
    fb_m = []
    for v in fb["measure"]:
        if v is None:
            fb_m.append(-1)
        else:
            fb_m.append(m_index.setdefault(v, len(m_values)))
            if len(m_values) < len(m_index):
                m_values.append(v)
    frame_m = measure.codes if measure is not None else np.full(n, -1, dtype=np.int64)
    r_m = rows(frame_m, fb_m, np.int64)
    del frame_m, measure
    named = np.flatnonzero(r_m >= 0)
    width = len(m_values) + 1
    pair = case_col[named].astype(np.int64) * width + r_m[named]
    # first appearance order: rank pairs by the first row that names them
    uniq, first_pos, inverse = np.unique(pair, return_index=True, return_inverse=True)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.argsort(first_pos, kind="stable")] = np.arange(len(uniq))
    measure_col = np.full(len(case_col), -1, dtype=np.int32)
    measure_col[named] = rank[inverse]
    by_rank = np.empty(len(uniq), dtype=np.int64)
    by_rank[rank] = uniq
    m_case = (by_rank // width).astype(np.int32)
    m_id = _object_array([m_values[int(k)] for k in (by_rank % width).tolist()])

    type_col = rows(columns.pop("tcode"), fb["type"], np.int8)
    at_col = rows(columns.pop("at"), fb["at"], np.int64)
    offset_col = rows(columns.pop("offset"), fb["offset"], np.int32)
    has_date_col = rows(columns.pop("has_date"), fb["has_date"], bool)
    meddelt_col = rows(columns.pop("meddelt"), fb["meddelt"], np.int64)
    assert not columns, sorted(columns)
    # cases: only the kept ones, renumbered in order
    kept_cases = np.flatnonzero(keep_case)
    renumber = np.full(n_cases, -1, dtype=np.int64)
    renumber[kept_cases] = np.arange(len(kept_cases))
    assert (renumber[case_col] >= 0).all()
    case_col = renumber[case_col].astype(np.int32)
    m_case = renumber[m_case].astype(np.int32)
    m_first = np.searchsorted(m_case, np.arange(len(kept_cases) + 1)).astype(np.int64)

    def case_text(name: str) -> npt.NDArray[np.object_]:
        out: npt.NDArray[np.object_] = child[name][kept_cases]
        return out

    child_id = case_text("child_id")
    team = case_text("team")
    district = case_text("district")
    siblings = case_text("siblings")
    birth_col = birth[kept_cases].copy()
    dis_col = disability[kept_cases].copy()
    case_more: dict[int, tuple[Any, Any, Any]] = {}
    has_siblings = np.flatnonzero(~_is_none(siblings))
    if len(has_siblings):
        texts, which = np.unique(siblings[has_siblings].astype(str), return_inverse=True)
        split = [tuple(x.strip() for x in t.split(";") if x.strip()) for t in texts.tolist()]
        for k, w in zip(has_siblings.tolist(), which.tolist(), strict=True):
            if split[w]:
                case_more[k] = (None, split[w], None)
    for ci, (cid, cteam, cdistrict, sibs, cextra, chextra) in fb_case.items():
        k = int(renumber[ci])
        child_id[k], team[k], district[k] = cid, cteam, cdistrict
        birth_col[k], dis_col[k] = fb_birth[ci]
        case_more.pop(k, None)
        if cextra or sibs or chextra:
            case_more[k] = (cextra, sibs, chextra)

    counts = (
        np.bincount(case_col, minlength=len(kept_cases))
        if len(case_col)
        else np.zeros(len(kept_cases), dtype=np.int64)
    )
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    change = np.ones(len(case_col), dtype=bool)
    if len(case_col):
        change[1:] = (np.diff(case_col) != 0) | (np.diff(day_col) != 0) | (np.diff(tod_col) != 0)
    skey = np.cumsum(change, dtype=np.int64)
    out_extra: dict[int, Mapping[str, Any]] = {}
    for src, values in extra.items():
        new = int(new_of_source[src])
        if new >= 0:
            out_extra[new] = FrozenMapping(values)
    for src, mapping in fb_extra.items():
        out_extra[int(new_of_source[src])] = mapping
    outcome_codes = codes["outcome"]
    measure_args = (
        measure_col,
        type_col,
        day_col,
        codes["paragraph"],
        outcome_codes,
        vocab["outcome"],
        len(m_id),
    )
    fields: dict[str, Any] = {
        "case": case_col,
        "type": type_col,
        "day": day_col,
        "tod": tod_col,
        "at": at_col,
        "at_offset": offset_col,
        "has_date": has_date_col,
        "id": ids,
        "ref": ref_col,
        "ref_text": {},
        "measure": measure_col,
        "meddelt": meddelt_col,
        "skey": skey,
        "codes": codes,
        "vocab": vocab,
        "extra": out_extra,
        "case_id": _object_array([case_ids[i] for i in kept_cases.tolist()]),
        "child_id": child_id,
        "birth": birth_col,
        "disability": dis_col,
        "case_team": team,
        "case_district": district,
        "case_more": case_more,
        "start": start,
        "irregular": np.zeros(len(kept_cases), dtype=bool),
        "m_case": m_case,
        "m_id": m_id,
        "m_first": m_first,
        "rejected": tuple(rejected),
    }
    return FrameColumns(fields, measure_args)
