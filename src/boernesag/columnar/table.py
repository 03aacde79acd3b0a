"""The caseload as numpy columns: one row per event, plus per-case and per-measure tables.

Rows are sorted by case and then by the event's sort key (:attr:`boernesag.model.Event.sort_key`:
day, then time elapsed since midnight when known; ties keep the order of :attr:`Case.timeline`), so that the
rows of a case are its timeline. Every field of :class:`boernesag.model.Event` is kept
(vocabularies as integer codes), so a case can be rebuilt exactly for the scalar engine
(:meth:`EventTable.rebuild`); measures are derived once from the whole timeline, as
:attr:`boernesag.model.Case.measures` does, and :meth:`EventTable.measures_on` derives them
again as they stood on a day (:meth:`boernesag.model.Case.measures_on`), which is what the
deadline engine uses.
"""

from __future__ import annotations

import array
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from boernesag.columnar.coding import CODED_FIELDS, EVENT_TYPES, NAIVE, SPECIAL_FIELDS, TYPE_CODE
from boernesag.columnar.dates import EPOCH_ORDINAL, NA, day_number, day_of_number, us_of_instant
from boernesag.columnar.fromframe import read_frame
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Case, Caseload, Child, Event, EventType, RejectedCase
from boernesag.periods import COPENHAGEN, to_copenhagen

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "CODED_FIELDS",
    "EVENT_TYPES",
    "NAIVE",
    "SPECIAL_FIELDS",
    "TYPE_CODE",
    "EventTable",
    "MeasureColumns",
    "derive_measures",
]

_US = timedelta(microseconds=1)  # µs in Event.sort_key's elapsed time

_CODED_GETTER = operator.attrgetter(*CODED_FIELDS)
_EMPTY_EXTRA = Event(id="-", type=EventType.KONTAKT, date=date(2000, 1, 1)).extra
_NONE_CODES = array.array("i", [-1] * 256)
_NA64 = int(NA)


def _small(codes: array.array[int], size: int) -> npt.NDArray[np.signedinteger[Any]]:
    dtype = np.int8 if size < 127 else np.int16 if size < 32_000 else np.int32
    return np.frombuffer(codes, dtype=np.int32).astype(dtype)


@attrs.frozen(eq=False, slots=False, repr=False)
class EventTable:
    """A caseload as columns (numpy arrays). Build it with :meth:`from_cases`.

    Event columns (length = number of events): ``case`` (case index), ``type`` (code into
    :data:`EVENT_TYPES`), ``day`` (day number), ``tod`` (µs elapsed since Copenhagen midnight,
    as :attr:`boernesag.model.Event.sort_key`; 0 when the event has only a date), ``at`` (UTC µs, :data:`~boernesag.columnar.dates.NA` when none),
    ``at_offset`` (the UTC offset in seconds the time was written with, :data:`NAIVE` for a
    Copenhagen wall time without offset), ``has_date``, ``id`` (object), ``ref`` (row of the referenced event in the same case,
    -1 none, -2 an id not in the case: the text is in ``ref_text``), ``measure`` (row in the
    measure table or -1), ``meddelt`` (day number or ``NA``), ``skey`` (dense rank of (case,
    day, tod): equal sort keys have equal ranks), ``codes``/``vocab`` for
    :data:`CODED_FIELDS`, ``extra`` (row → the event's extension keys, only where present).

    Case columns: ``case_id``, ``child_id`` (object), ``birth`` (day number), ``disability``,
    ``case_team``, ``case_district`` (object), ``case_more`` (case index → (case extra,
    child siblings, child extra), only where any is set; the CPR number is not kept),
    ``start`` (first row; ``start[i]:start[i + 1]`` are case ``i``'s rows), ``irregular``
    (duplicate event ids: the scalar engine handles the case).

    The arrays are shared, not copied: treat them as read-only.

    Measure columns (``m_*``): ``m_case``, ``m_id``, ``m_paragraph`` (code into the paragraph
    vocabulary), ``m_start`` (first start day or ``NA``), ``m_start_row`` (-1), ``m_end``
    (day of the last ``foranstaltning_slut`` or ``NA``), ``m_first`` (first measure row of
    each case, length cases + 1).
    """

    case: npt.NDArray[np.int32]
    type: npt.NDArray[np.int8]
    day: npt.NDArray[np.int64]
    tod: npt.NDArray[np.int64]
    at: npt.NDArray[np.int64]
    at_offset: npt.NDArray[np.int32]
    has_date: npt.NDArray[np.bool_]
    id: npt.NDArray[np.object_]
    ref: npt.NDArray[np.int32]
    ref_text: Mapping[int, str]
    measure: npt.NDArray[np.int32]
    meddelt: npt.NDArray[np.int64]
    skey: npt.NDArray[np.int64]
    codes: Mapping[str, npt.NDArray[np.signedinteger[Any]]]
    vocab: Mapping[str, tuple[Any, ...]]
    extra: Mapping[int, Mapping[str, Any]]
    case_id: npt.NDArray[np.object_]
    child_id: npt.NDArray[np.object_]
    birth: npt.NDArray[np.int64]
    disability: npt.NDArray[np.bool_]
    case_team: npt.NDArray[np.object_]
    case_district: npt.NDArray[np.object_]
    case_more: Mapping[int, tuple[Any, Any, Any]]
    start: npt.NDArray[np.int64]
    irregular: npt.NDArray[np.bool_]
    m_case: npt.NDArray[np.int32]
    m_id: npt.NDArray[np.object_]
    m_paragraph: npt.NDArray[np.int32]
    m_start: npt.NDArray[np.int64]
    m_start_row: npt.NDArray[np.int64]
    m_end: npt.NDArray[np.int64]
    m_first: npt.NDArray[np.int64]
    rejected: tuple[RejectedCase, ...] = ()
    """The cases a lenient :meth:`from_frame` could not read (as :attr:`Caseload.rejected`)."""

    @property
    def n_cases(self) -> int:
        return len(self.case_id)

    @property
    def m_placement(self) -> npt.NDArray[np.bool_]:
        """Per measure: an anbringelse (:attr:`boernesag.model.Measure.is_placement`)."""
        legal = legal_vocabulary()
        flags = [legal.in_class("placement", p) for p in self.vocab["paragraph"]] + [False]
        out: npt.NDArray[np.bool_] = np.array(flags, dtype=bool)[self.m_paragraph]
        return out

    def __repr__(self) -> str:
        return (
            f"EventTable(cases={self.n_cases}, events={len(self)}, measures={len(self.m_id)}, "
            f"irregular={int(self.irregular.sum())})"
        )

    def __len__(self) -> int:
        """The number of events."""
        return len(self.case)

    @property
    def nbytes(self) -> int:
        """Bytes held by the numpy arrays (object arrays: the pointers only)."""
        total = 0
        for f in attrs.fields(EventTable):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                total += value.nbytes
        return total + sum(c.nbytes for c in self.codes.values())

    def measures_on(self, day: int | None = None) -> MeasureColumns:
        """The measure columns as the cases stood at the end of day number ``day`` (``None``:
        the whole timeline), derived from the event rows as
        :meth:`boernesag.model.Case.measures_on` derives them."""
        return derive_measures(
            self.measure,
            self.type,
            self.day,
            self.codes["paragraph"],
            self.codes["outcome"],
            self.vocab["outcome"],
            len(self.m_id),
            day,
        )

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {str(c): i for i, c in enumerate(self.case_id)}

    def case_index(self, case_id: str) -> int:
        """The index of the case with this id (``KeyError`` if none)."""
        return self._index[case_id]

    # ----------------------------------------------------------------------- constructors

    @classmethod
    def from_cases(
        cls, cases: Iterable[Case], progress: Callable[[int], None] | None = None
    ) -> EventTable:
        """Build the table from cases, streaming: a case is read and dropped.

        Works on :func:`boernesag.demo.iter_demo_cases` for 100,000 cases and more.
        ``progress``, if given, is called with the number of cases read after each case.
        """
        b = _Builder()
        for i, c in enumerate(cases, 1):
            b.add(c)
            if progress is not None:
                progress(i)
        return b.finish()

    @classmethod
    def from_frame(cls, events: Any, *, lenient: bool = False) -> EventTable:
        """Build the table from the one-row-per-event frame of :mod:`boernesag.frame`.

        The frame is read column by column (:mod:`boernesag.columnar.fromframe`), with the
        same outcome as :func:`boernesag.frame.cases_from_frame`: a bad row raises
        :class:`~boernesag.errors.CaseFormatError` naming the case, event and field; with
        ``lenient=True`` the valid cases are kept and the bad ones listed in
        :attr:`rejected`.
        """
        read = read_frame(events, lenient=lenient)
        if isinstance(read, Caseload):  # the whole frame went through the reference reader
            return attrs.evolve(cls.from_cases(read.cases), rejected=read.rejected)
        derived = derive_measures(*read.measure_args)
        return cls(
            **read.fields,
            m_paragraph=derived.paragraph,
            m_start=derived.start,
            m_start_row=derived.start_row,
            m_end=derived.end,
        )

    # ----------------------------------------------------------------------- rebuild

    def field(self, name: str, row: int) -> Any:
        """The value of a coded event field on one row."""
        code = int(self.codes[name][row])
        return None if code < 0 else self.vocab[name][code]

    def rebuild(self, index: int) -> Case:
        """Case ``index`` rebuilt as a :class:`~boernesag.model.Case` for the scalar engine.

        Every event, child and case field is restored except the child's CPR number, which
        the table does not keep (no deadline rule reads it).
        """
        lo, hi = int(self.start[index]), int(self.start[index + 1])
        events = []
        for row in range(lo, hi):
            kw: dict[str, Any] = {name: self.field(name, row) for name in CODED_FIELDS}
            at = int(self.at[row])
            offset = int(self.at_offset[row])
            ref = int(self.ref[row])
            m = int(self.measure[row])
            meddelt = int(self.meddelt[row])
            events.append(
                Event(
                    id=str(self.id[row]),
                    type=EVENT_TYPES[int(self.type[row])],
                    date=day_of_number(int(self.day[row])) if self.has_date[row] else None,
                    at=None if at == NA else _restore(at, offset),
                    ref=str(self.id[ref]) if ref >= 0 else self.ref_text.get(row),
                    measure=str(self.m_id[m]) if m >= 0 else None,
                    meddelt=day_of_number(meddelt) if meddelt != NA else None,
                    extra=self.extra.get(row),
                    **kw,
                )
            )
        case_extra, siblings, child_extra = self.case_more.get(index, (None, (), None))
        child = Child(
            id=str(self.child_id[index]),
            birth_date=day_of_number(int(self.birth[index])),
            disability=bool(self.disability[index]),
            siblings=siblings,
            extra=child_extra,
        )
        return Case(
            case_id=str(self.case_id[index]),
            child=child,
            events=tuple(events),
            team=self.case_team[index],
            district=self.case_district[index],
            extra=case_extra,
        )


@attrs.frozen
class MeasureColumns:
    """Per measure row: first start day (``NA``) and row (-1), paragraph code (-1) and the
    day of the last end (``NA``)."""

    start: npt.NDArray[np.int64]
    start_row: npt.NDArray[np.int64]
    paragraph: npt.NDArray[np.int32]
    end: npt.NDArray[np.int64]


def derive_measures(
    measure: npt.NDArray[Any],
    types: npt.NDArray[Any],
    day: npt.NDArray[np.int64],
    paragraph: npt.NDArray[Any],
    outcome: npt.NDArray[Any],
    outcome_vocab: tuple[Any, ...],
    n_measures: int,
    cutoff: int | None = None,
) -> MeasureColumns:
    """:func:`boernesag.model._derive_measures` over event rows in timeline order, vectorized.

    Only rows with ``day <= cutoff`` count (all rows for ``None``). The first start gives
    start day and row; the paragraph is that of the last start naming one, else of the
    first granting decision (not ``afslag``/``afvist``) naming one; the end is the last end.
    """
    named = measure >= 0
    if cutoff is not None:
        named &= day <= cutoff
    rows = np.flatnonzero(named)
    m = measure[rows].astype(np.int64)
    ty = types[rows]
    pc = paragraph[rows].astype(np.int64)
    big = np.iinfo(np.int64).max

    def first(sel: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        out = np.full(n_measures, big, dtype=np.int64)
        np.minimum.at(out, m[sel], rows[sel])
        return np.where(out == big, -1, out)

    def last(sel: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        out = np.full(n_measures, -1, dtype=np.int64)
        np.maximum.at(out, m[sel], rows[sel])
        return out

    is_start = ty == TYPE_CODE["foranstaltning_start"]
    legal = legal_vocabulary()
    refused = np.array([legal.is_refused(o) for o in outcome_vocab] + [False], dtype=bool)
    granted = (ty == TYPE_CODE["afgoerelse"]) & ~refused[outcome[rows].astype(np.int64)]
    start_row = first(is_start)
    p_start = last(is_start & (pc >= 0))
    p_dec = first(granted & (pc >= 0))
    end_row = last(ty == TYPE_CODE["foranstaltning_slut"])
    pcodes = paragraph.astype(np.int32)
    par = np.where(
        p_start >= 0,
        pcodes[np.maximum(p_start, 0)] if len(pcodes) else -1,
        np.where(p_dec >= 0, pcodes[np.maximum(p_dec, 0)] if len(pcodes) else -1, -1),
    ).astype(np.int32)
    days = day if len(day) else np.zeros(1, dtype=np.int64)
    return MeasureColumns(
        start=np.where(start_row >= 0, days[np.maximum(start_row, 0)], _NA64),
        start_row=start_row,
        paragraph=par,
        end=np.where(end_row >= 0, days[np.maximum(end_row, 0)], _NA64),
    )


def _restore(at: int, offset: int) -> datetime:
    """An event time as it was written: naive Copenhagen wall time or a fixed UTC offset."""
    instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=at)
    if offset == NAIVE:
        return instant.astimezone(COPENHAGEN).replace(tzinfo=None)
    return instant.astimezone(timezone(timedelta(seconds=offset)))


class _Builder:
    """Accumulates columns in compact ``array.array`` buffers, one case at a time."""

    def __init__(self) -> None:
        self.case = array.array("i")
        self.type = array.array("b")
        self.day = array.array("q")
        self.tod = array.array("q")
        self.at = array.array("q")
        self.at_offset = array.array("i")
        self.has_date = array.array("b")
        self.id: list[str] = []
        self.ref = array.array("i")
        self.ref_text: dict[int, str] = {}
        self.measure = array.array("i")
        self.meddelt = array.array("q")
        self.codes = {name: array.array("i") for name in CODED_FIELDS}
        self.vocab: dict[str, dict[Any, int]] = {name: {} for name in CODED_FIELDS}
        self.extra: dict[int, Mapping[str, Any]] = {}
        self.case_id: list[str] = []
        self.child_id: list[str] = []
        self.birth = array.array("q")
        self.disability = array.array("b")
        self.case_team: list[str | None] = []
        self.case_district: list[str | None] = []
        self.case_more: dict[int, tuple[Any, Any, Any]] = {}
        self.start = array.array("q", [0])
        self.irregular = array.array("b")
        self.m_case = array.array("i")
        self.m_id: list[str] = []
        self.m_paragraph = array.array("i")
        self.m_start = array.array("q")
        self.m_start_row = array.array("q")
        self.m_end = array.array("q")
        self.m_first = array.array("q", [0])

    def _code(self, name: str, value: Any) -> int:
        if value is None:
            return -1
        vocab = self.vocab[name]
        key = (type(value), value)  # True and 1 are different values here
        code = vocab.get(key)
        if code is None:
            code = vocab[key] = len(vocab)
        return code

    def add(self, c: Case) -> None:
        ci = len(self.case_id)
        self.case_id.append(c.case_id)
        self.child_id.append(c.child.id)
        self.birth.append(day_number(c.child.birth_date))
        self.disability.append(bool(c.child.disability))
        self.case_team.append(c.team)
        self.case_district.append(c.district)
        if c.extra or c.child.siblings or c.child.extra:
            self.case_more[ci] = (c.extra, c.child.siblings, c.child.extra)
        base = len(self.id)
        timeline = c.timeline
        rows: dict[str, int] = {}
        irregular = False
        for k, e in enumerate(timeline):
            if e.id in rows:
                irregular = True
            rows.setdefault(e.id, base + k)
        mrows: dict[str, int] = {}
        for m in c.measures:
            mrows[m.id] = len(self.m_id)
            self.m_case.append(ci)
            self.m_id.append(m.id)
            self.m_paragraph.append(self._code("paragraph", m.paragraph))
            self.m_start.append(day_number(m.start) if m.start is not None else _NA64)
            self.m_start_row.append(rows[m.start_event] if m.start_event is not None else -1)
            self.m_end.append(day_number(m.end) if m.end is not None else _NA64)
        self.m_first.append(len(self.m_id))
        ordinal = EPOCH_ORDINAL
        n = len(timeline)
        self.case.extend([ci] * n)
        self.type.extend([TYPE_CODE[e.type] for e in timeline])
        self.day.extend([e.day.toordinal() - ordinal for e in timeline])
        self.has_date.extend([e.date is not None for e in timeline])
        self.id.extend([e.id for e in timeline])
        self.measure.extend([-1 if e.measure is None else mrows[e.measure] for e in timeline])
        self.meddelt.extend(
            [_NA64 if e.meddelt is None else e.meddelt.toordinal() - ordinal for e in timeline]
        )
        code = self._code
        if n:
            columns = zip(*map(_CODED_GETTER, timeline), strict=True)
            for name, values in zip(CODED_FIELDS, columns, strict=True):
                if any(v is not None for v in values):
                    self.codes[name].extend([-1 if v is None else code(name, v) for v in values])
                else:
                    self.codes[name].extend(_NONE_CODES[:n] if n <= 256 else [-1] * n)
        timed = [k for k, e in enumerate(timeline) if e.at is not None]
        if timed:
            tod = [0] * n
            at = [_NA64] * n
            offsets = [NAIVE] * n
            for k in timed:
                e = timeline[k]
                assert e.at is not None
                tod[k] = e.sort_key[1] // _US  # elapsed since midnight (Event.sort_key)
                at[k] = us_of_instant(to_copenhagen(e.at))
                offset = e.at.utcoffset()
                offsets[k] = NAIVE if offset is None else offset // timedelta(seconds=1)
            self.tod.extend(tod)
            self.at.extend(at)
            self.at_offset.extend(offsets)
        else:
            self.tod.extend([0] * n)
            self.at.extend([_NA64] * n)
            self.at_offset.extend([NAIVE] * n)
        refs = [-1 if e.ref is None else rows.get(e.ref, -2) for e in timeline]
        self.ref.extend(refs)
        if -2 in refs:
            for k, r in enumerate(refs):
                if r == -2:
                    self.ref_text[base + k] = str(timeline[k].ref)
        for k, e in enumerate(timeline):
            if e.extra is not _EMPTY_EXTRA and e.extra:
                self.extra[base + k] = e.extra
        self.irregular.append(irregular)
        self.start.append(len(self.id))

    def finish(self) -> EventTable:
        def arr(buf: array.array[int], dtype: Any) -> Any:
            return np.frombuffer(buf, dtype=np.dtype(buf.typecode)).astype(dtype)

        case = arr(self.case, np.int32)
        day = arr(self.day, np.int64)
        tod = arr(self.tod, np.int64)
        n = len(case)
        change = np.ones(n, dtype=bool)
        if n:
            change[1:] = (np.diff(case) != 0) | (np.diff(day) != 0) | (np.diff(tod) != 0)
        skey = np.cumsum(change, dtype=np.int64)
        vocab = {
            name: tuple(v for (_, v) in sorted(d, key=d.__getitem__))
            for name, d in self.vocab.items()
        }
        ids = np.empty(n, dtype=object)
        ids[:] = self.id
        m_id = np.empty(len(self.m_id), dtype=object)
        m_id[:] = self.m_id
        case_id = np.empty(len(self.case_id), dtype=object)
        case_id[:] = self.case_id
        child_id = np.empty(len(self.child_id), dtype=object)
        child_id[:] = self.child_id
        case_team = np.empty(len(self.case_team), dtype=object)
        case_team[:] = self.case_team
        case_district = np.empty(len(self.case_district), dtype=object)
        case_district[:] = self.case_district
        return EventTable(
            case=case,
            type=arr(self.type, np.int8),
            day=day,
            tod=tod,
            at=arr(self.at, np.int64),
            at_offset=arr(self.at_offset, np.int32),
            has_date=arr(self.has_date, bool),
            id=ids,
            ref=arr(self.ref, np.int32),
            ref_text=self.ref_text,
            measure=arr(self.measure, np.int32),
            meddelt=arr(self.meddelt, np.int64),
            skey=skey,
            codes={name: _small(buf, len(vocab[name])) for name, buf in self.codes.items()},
            vocab=vocab,
            extra=self.extra,
            case_id=case_id,
            child_id=child_id,
            birth=arr(self.birth, np.int64),
            disability=arr(self.disability, bool),
            case_team=case_team,
            case_district=case_district,
            case_more=self.case_more,
            start=arr(self.start, np.int64),
            irregular=arr(self.irregular, bool),
            m_case=arr(self.m_case, np.int32),
            m_id=m_id,
            m_paragraph=arr(self.m_paragraph, np.int32),
            m_start=arr(self.m_start, np.int64),
            m_start_row=arr(self.m_start_row, np.int64),
            m_end=arr(self.m_end, np.int64),
            m_first=arr(self.m_first, np.int64),
        )
