"""The case format as a table: one row per event (pandas), written and read back.

:func:`cases_to_frame` gives one row per event, with the child's and the case's columns
repeated on every row, as a case system's export does; :func:`cases_from_frame` reads such a
table back into a :class:`~boernesag.model.Caseload`, validating every case through the JSON
case format's reader (:func:`boernesag.caseio.case_from_mapping`), so a bad row raises
:class:`~boernesag.errors.CaseFormatError` naming the case, the event and the field.

This is the table twin of :mod:`boernesag.caseio` and sits in the same layer: it knows the
case format and nothing computed from it, so the engines that read a frame
(:mod:`boernesag.columnar.fromframe`) and the tables of their results (:mod:`boernesag.frame`,
:mod:`boernesag.audit.frame`) share its typed columns (:func:`day_series`,
:func:`category_series`, ...) without importing each other. pandas and numpy are imported on
first use (:func:`load_pandas`), never when this module is imported; the public functions are
re-exported by :mod:`boernesag.frame`.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, Literal

from boernesag.caseio import case_from_mapping
from boernesag.errors import CaseFormatError
from boernesag.model import Case, Caseload, Caseworker, EventType, RejectedCase, Team
from boernesag.periods import COPENHAGEN, to_copenhagen

__all__ = [
    "CASE_COLUMNS",
    "DAY_DTYPE",
    "EVENT_COLUMNS",
    "SIBLING_SEPARATOR",
    "STAMP_DTYPE",
    "cases_from_frame",
    "cases_to_frame",
    "caseworkers_to_frame",
    "category_series",
    "day_series",
    "is_missing",
    "json_scalar",
    "load_numpy",
    "load_pandas",
    "ordered_frame",
    "stamp_series",
    "string_series",
]

_INSTALL = "pip install 'boernesag[pandas]'"
_TZ = "Europe/Copenhagen"
#: The dtype of a day column: midnight, no time zone.
DAY_DTYPE = "datetime64[ns]"
#: The dtype of a timestamp column: Copenhagen time.
STAMP_DTYPE = f"datetime64[ns, {_TZ}]"

#: The child's and the case's columns, repeated on every event row (``cpr`` only on request).
CASE_COLUMNS: tuple[str, ...] = (
    "case_id",
    "child_id",
    "birth_date",
    "disability",
    "siblings",
    "team",
    "district",
)
#: The event columns, in order. ``event_team`` is the event's ``team`` field (``team`` is the
#: case's); ``day`` is the event's calendar day (the Copenhagen date of ``at`` when ``date``
#: is absent) and is ignored on reading; ``at_naive`` tells that ``at`` was recorded without a
#: UTC offset (Copenhagen wall time), so that it is written back the same way.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "type",
    "date",
    "at",
    "at_naive",
    "day",
    "ref",
    "measure",
    "paragraph",
    "caseworker",
    "event_team",
    "outcome",
    "professional",
    "partshoering",
    "begrundelse",
    "klagevejledning",
    "meddelt",
    "interval_months",
    "boernesamtale_undtagelse",
    "reason",
    "note",
)

_EVENT_TYPES: tuple[str, ...] = tuple(t.value for t in EventType)
_EVENT_STRINGS = (
    "ref",
    "measure",
    "caseworker",
    "boernesamtale_undtagelse",
    "reason",
    "note",
)
_EVENT_CATEGORIES = ("paragraph", "event_team", "outcome")
_EVENT_BOOLS = ("professional", "partshoering", "begrundelse", "klagevejledning")
#: Frame column -> case-format key of the event, where they differ.
_EVENT_KEY = {"event_id": "id", "event_team": "team"}
_KNOWN = frozenset((*CASE_COLUMNS, "cpr", *EVENT_COLUMNS))
_CHILD_PREFIX = "child."
_CASE_PREFIX = "case."
_EXTRA_PREFIX = "extra."
#: Separator of the child ids in the ``siblings`` column.
SIBLING_SEPARATOR = ";"


# --------------------------------------------------------------------------- imports


def load_pandas() -> Any:
    """pandas, or an ImportError that says how to install it."""
    module = sys.modules.get("pandas")
    if module is not None:  # the common case, called once per cell: no import machinery
        return module
    try:
        return importlib.import_module("pandas")
    except ModuleNotFoundError as exc:
        if exc.name not in ("pandas", "numpy"):
            raise
        raise ModuleNotFoundError(
            f"boernesag.frame kræver pandas (needs pandas): {_INSTALL}", name=exc.name
        ) from None


def load_numpy() -> Any:
    """numpy (it comes with pandas: the same ImportError as :func:`load_pandas` if missing)."""
    load_pandas()  # numpy comes with pandas; the same message if it is missing
    return importlib.import_module("numpy")


# --------------------------------------------------------------------------- helpers


def is_missing(value: Any) -> bool:
    """None, NaN, NaT, pd.NA, or an empty text: an empty cell."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, int | date):
        return value is load_pandas().NaT
    pd = load_pandas()
    if pd.api.types.is_scalar(value):
        return bool(pd.isna(value))
    return False


def day_series(values: Sequence[date | None]) -> Any:
    """Days as a ``datetime64[ns]`` Series (missing days are NaT)."""
    pd = load_pandas()
    np = load_numpy()
    array = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
    return pd.Series(array, dtype=DAY_DTYPE) if len(array) else pd.Series([], dtype=DAY_DTYPE)


def stamp_series(values: Sequence[datetime | None]) -> Any:
    """Timestamps as ``datetime64[ns, Europe/Copenhagen]`` (naive = Copenhagen wall time)."""
    pd = load_pandas()
    aware = [to_copenhagen(v) if v is not None else None for v in values]
    if not any(v is not None for v in aware):
        return pd.Series([pd.NaT] * len(aware), dtype=STAMP_DTYPE)
    return pd.Series(pd.to_datetime(aware, utc=True)).dt.tz_convert(_TZ).astype(STAMP_DTYPE)


def category_series(values: Sequence[Any], categories: Sequence[str] | None = None) -> Any:
    """A ``category`` Series (``categories`` in this order when given)."""
    pd = load_pandas()
    return pd.Series(pd.Categorical(values, categories=categories))


def string_series(values: Sequence[Any]) -> Any:
    """Texts as pandas' ``string`` dtype (a missing text is ``<NA>``)."""
    return load_pandas().Series(values, dtype="string")


def ordered_frame(columns: Mapping[str, Any], order: Sequence[str]) -> Any:
    """A DataFrame of ``columns`` in ``order`` (names not in ``columns`` left out), indexed 0..n-1."""
    pd = load_pandas()
    frame = pd.DataFrame({k: columns[k] for k in order if k in columns})
    frame.index = pd.RangeIndex(len(frame))
    return frame


# --------------------------------------------------------------------------- cases


def cases_to_frame(cases: Caseload | Iterable[Case], *, include_cpr: bool = False) -> Any:
    """One row per event, in each case's input order; the child's and case's columns repeated.

    Columns: :data:`CASE_COLUMNS` (``siblings`` as child ids joined by ``";"``), then
    :data:`EVENT_COLUMNS`, then any keys the JSON carried beyond the case format: the child's
    as ``child.<key>``, the case's as ``case.<key>``, an event's under its own name
    (``extra.<key>`` if that name is taken). A case without events gets one row with empty
    event columns, so no case is lost.

    ``include_cpr``: add a ``cpr`` column with the child's full CPR number. Off by default;
    a frame is an export, and an export carries no CPR number unless asked for.

    >>> from boernesag.demo import demo_caseload
    >>> frame = cases_to_frame(demo_caseload(3))
    >>> str(frame["type"].dtype), str(frame["date"].dtype), "cpr" in frame.columns
    ('category', 'datetime64[ns]', False)
    """
    pd = load_pandas()
    cols: dict[str, list[Any]] = {k: [] for k in (*CASE_COLUMNS, *EVENT_COLUMNS)}
    cprs: list[str | None] = []
    child_extra: dict[str, list[Any]] = {}
    case_extra: dict[str, list[Any]] = {}
    event_extra: dict[str, list[Any]] = {}
    n = 0

    def put(store: dict[str, list[Any]], key: str, value: Any) -> None:
        column = store.get(key)
        if column is None:
            column = store[key] = [None] * n
        column.append(value)

    for case in cases:
        child = case.child
        siblings = SIBLING_SEPARATOR.join(child.siblings) if child.siblings else None
        cpr = child.cpr.reveal() if include_cpr and child.cpr is not None else None
        for event in case.events or (None,):
            cols["case_id"].append(case.case_id)
            cols["child_id"].append(child.id)
            cols["birth_date"].append(child.birth_date)
            cols["disability"].append(child.disability)
            cols["siblings"].append(siblings)
            cols["team"].append(case.team)
            cols["district"].append(case.district)
            cprs.append(cpr)
            for key, value in child.extra.items():
                put(child_extra, key, value)
            for key, value in case.extra.items():
                put(case_extra, key, value)
            if event is None:
                for key in EVENT_COLUMNS:
                    cols[key].append(False if key == "at_naive" else None)
            else:
                cols["event_id"].append(event.id)
                cols["type"].append(event.type.value)
                cols["at_naive"].append(event.at is not None and event.at.tzinfo is None)
                cols["day"].append(event.day)
                cols["event_team"].append(event.team)
                cols["paragraph"].append(str(event.paragraph) if event.paragraph else None)
                for key in ("date", "at", "meddelt", "interval_months", "outcome"):
                    cols[key].append(getattr(event, key))
                for key in (*_EVENT_STRINGS, *_EVENT_BOOLS):
                    cols[key].append(getattr(event, key))
                for key, value in event.extra.items():
                    name = key if key not in _KNOWN and "." not in key else _EXTRA_PREFIX + key
                    put(event_extra, name, value)
            n += 1
            for store in (child_extra, case_extra, event_extra):
                for column in store.values():
                    if len(column) < n:
                        column.append(None)

    out: dict[str, Any] = {
        "case_id": string_series(cols["case_id"]),
        "child_id": string_series(cols["child_id"]),
        "birth_date": day_series(cols["birth_date"]),
        "disability": pd.Series(cols["disability"], dtype="bool"),
        "siblings": string_series(cols["siblings"]),
        "team": category_series(cols["team"]),
        "district": category_series(cols["district"]),
        "event_id": string_series(cols["event_id"]),
        "type": category_series(cols["type"], _EVENT_TYPES),
        "date": day_series(cols["date"]),
        "at": stamp_series(cols["at"]),
        "at_naive": pd.Series(cols["at_naive"], dtype="bool"),
        "day": day_series(cols["day"]),
        "meddelt": day_series(cols["meddelt"]),
        "interval_months": pd.Series(cols["interval_months"], dtype="Int64"),
    }
    for key in _EVENT_STRINGS:
        out[key] = string_series(cols[key])
    for key in _EVENT_CATEGORIES:
        out[key] = category_series(cols[key])
    for key in _EVENT_BOOLS:
        out[key] = pd.Series(cols[key], dtype="boolean")
    order = list(CASE_COLUMNS)
    if include_cpr:
        out["cpr"] = string_series(cprs)
        order.insert(3, "cpr")
    order.extend(EVENT_COLUMNS)
    for prefix, store in (
        (_CHILD_PREFIX, child_extra),
        (_CASE_PREFIX, case_extra),
        ("", event_extra),
    ):
        for key, values in store.items():
            out[prefix + key] = pd.Series(values, dtype=object)
            order.append(prefix + key)
    return ordered_frame(out, order)


def caseworkers_to_frame(caseload: Caseload) -> Any:
    """One row per caseworker: id, name, team, district, capacity, experience, hours,
    competences (joined by ``";"``), active. For joining with deadline or case frames."""
    pd = load_pandas()
    cws = caseload.caseworkers
    return ordered_frame(
        {
            "caseworker": string_series([c.id for c in cws]),
            "name": string_series([c.name for c in cws]),
            "team": category_series([c.team for c in cws]),
            "district": category_series([c.district for c in cws]),
            "capacity": pd.Series([c.capacity for c in cws], dtype="Float64"),
            "experience": pd.Series([c.experience for c in cws], dtype="Float64"),
            "hours": pd.Series([c.hours for c in cws], dtype="Float64"),
            "competences": string_series([";".join(sorted(c.competences)) or None for c in cws]),
            "active": pd.Series([c.active for c in cws], dtype="bool"),
        },
        (
            "caseworker",
            "name",
            "team",
            "district",
            "capacity",
            "experience",
            "hours",
            "competences",
            "active",
        ),
    )


# --------------------------------------------------------------------------- reading a table


def json_scalar(value: Any) -> Any:
    """A cell as a plain Python value for the case format (None for an empty cell)."""
    if is_missing(value):
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    pd = load_pandas()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and pd.api.types.is_scalar(value):
        return json_scalar(item())
    return value


def _date_cell(value: Any) -> Any:
    """A day cell: a midnight timestamp as ``YYYY-MM-DD``; anything else for the reader to judge."""
    if is_missing(value):
        return None
    pd = load_pandas()
    if isinstance(value, datetime | pd.Timestamp):
        midnight = value.time() == time.min and getattr(value, "nanosecond", 0) == 0
        if value.tzinfo is None and midnight:
            return value.date().isoformat()
        return value.isoformat()  # the reader refuses it, naming the field
    return json_scalar(value)


def _at_cell(value: Any, naive: bool) -> Any:
    if is_missing(value):
        return None
    pd = load_pandas()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, str) and naive:  # a CSV of a frame: "2024-03-22 14:00:00+01:00"
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return value  # the reader refuses it, naming the field
    if isinstance(value, datetime):
        if naive and value.tzinfo is not None:
            value = value.astimezone(COPENHAGEN).replace(tzinfo=None)
        return value.isoformat()
    return json_scalar(value)


def _int_cell(value: Any) -> Any:
    value = json_scalar(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _bool_cell(value: Any) -> Any:
    return json_scalar(value)


def _siblings_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return list(value)
    value = json_scalar(value)
    if isinstance(value, str):
        return [s.strip() for s in value.split(SIBLING_SEPARATOR) if s.strip()]
    return [] if value is None else value


def _column_values(frame: Any, name: str, convert: Callable[[Any], Any]) -> list[Any] | None:
    """A column's cells converted, ``None`` for an empty one (``None`` if there is no column)."""
    if name not in frame.columns:
        return None
    column = frame[name]
    missing = column.isna().to_numpy().tolist()
    return [None if m else convert(v) for v, m in zip(column.tolist(), missing, strict=True)]


def _first(values: list[Any] | None, rows: list[int], case_id: str, field: str) -> Any:
    """The one value a case's rows give for a child or case column (empty cells ignored)."""
    if values is None:
        return None
    found: list[Any] = []
    for r in rows:
        v = values[r]
        if v is not None and v not in found:
            found.append(v)
    if len(found) > 1:
        raise CaseFormatError(
            "kolonnen har forskellige værdier i sagens rækker; en sag har ét barn",
            case_id=case_id,
            field=field,
        )
    return found[0] if found else None


ExtraColumns = Literal["keep", "ignore"]


def cases_from_frame(
    frame: Any,
    *,
    lenient: bool = False,
    caseworkers: Iterable[Caseworker] = (),
    teams: Iterable[Team] = (),
    extra_columns: ExtraColumns = "keep",
) -> Caseload:
    """Read a table with one row per event (a case system's export) into a caseload.

    Rows are grouped by ``case_id`` (in order of first appearance; a case's rows need not be
    adjacent); events keep the row order. Required columns: ``case_id``, ``child_id``,
    ``birth_date``, ``event_id``, ``type`` and ``date`` or ``at``; every other column of
    :data:`CASE_COLUMNS`, :data:`EVENT_COLUMNS` and ``cpr`` is optional. The child's and the
    case's columns are repeated on each row; they must agree within a case (empty cells are
    ignored). A row with neither ``event_id`` nor ``type`` only declares its case.

    Cells: an empty cell (``NaN``, ``NaT``, ``None``, ``<NA>`` or an empty text) is an
    absent field. Days may be ``datetime64`` (at midnight), ``date`` objects or
    ``YYYY-MM-DD`` texts; ``at`` a time-zone-aware or naive (Copenhagen wall time)
    timestamp or an ISO 8601 text; ``siblings`` child ids separated by ``";"``. Counts
    stored as floats (``6.0``, as pandas stores a column with gaps) are whole numbers.

    Other columns (``extra_columns="keep"``, the default) are kept as the case format keeps
    unknown keys: ``child.<key>`` on the child, ``case.<key>`` on the case, anything else
    on the event (``extra.<key>`` as ``<key>``). ``"ignore"`` drops them. ``day`` is derived
    and ignored.

    Every case is validated by :func:`boernesag.caseio.case_from_mapping`: a bad cell raises
    :class:`~boernesag.errors.CaseFormatError` naming the case, the event and the field. With
    ``lenient=True`` the valid cases are read and each bad one is listed in
    :attr:`Caseload.rejected` (``index``: the position of its first row), none dropped
    silently. ``caseworkers`` and ``teams`` are put on the caseload as given.
    """
    pd = load_pandas()
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"cases_from_frame() takes a pandas DataFrame, not {type(frame).__name__}")
    if extra_columns not in ("keep", "ignore"):
        raise ValueError("extra_columns skal være 'keep' eller 'ignore'")
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise CaseFormatError("tabellen har den samme kolonne to gange", field="columns")
    frame = frame.set_axis(columns, axis=1)
    for name in ("case_id", "child_id", "birth_date", "event_id", "type"):
        if name not in frame.columns:
            raise CaseFormatError(f"tabellen mangler kolonnen {name!r}", field=name)
    if "date" not in frame.columns and "at" not in frame.columns:
        raise CaseFormatError("tabellen mangler kolonnen 'date' eller 'at'", field="date")

    def col(name: str, convert: Callable[[Any], Any] = json_scalar) -> list[Any] | None:
        return _column_values(frame, name, convert)

    case_ids = col("case_id")
    assert case_ids is not None
    naive_flags = col("at_naive", _bool_cell)
    at_raw = frame["at"].tolist() if "at" in frame.columns else None
    ats = (
        [
            _at_cell(v, bool(naive_flags[i]) if naive_flags is not None else False)
            for i, v in enumerate(at_raw)
        ]
        if at_raw is not None
        else None
    )
    event_cols: dict[str, list[Any] | None] = {
        "event_id": col("event_id"),
        "type": col("type"),
        "date": col("date", _date_cell),
        "meddelt": col("meddelt", _date_cell),
        "paragraph": col("paragraph"),
        "event_team": col("event_team"),
        "outcome": col("outcome"),
        "interval_months": col("interval_months", _int_cell),
    }
    for key in _EVENT_STRINGS:
        event_cols[key] = col(key)
    for key in _EVENT_BOOLS:
        event_cols[key] = col(key, _bool_cell)
    child_cols = {
        "id": col("child_id"),
        "birth_date": col("birth_date", _date_cell),
        "cpr": col("cpr"),
        "disability": col("disability", _bool_cell),
        "siblings": col("siblings", _siblings_cell),
    }
    case_cols = {"team": col("team"), "district": col("district")}
    child_extra: dict[str, list[Any]] = {}
    case_extra: dict[str, list[Any]] = {}
    event_extra: dict[str, list[Any]] = {}
    if extra_columns == "keep":
        for name in frame.columns:
            if name in _KNOWN:
                continue
            values = col(name)
            assert values is not None
            if name.startswith(_CHILD_PREFIX):
                child_extra[name[len(_CHILD_PREFIX) :]] = values
            elif name.startswith(_CASE_PREFIX):
                case_extra[name[len(_CASE_PREFIX) :]] = values
            elif name.startswith(_EXTRA_PREFIX):
                event_extra[name[len(_EXTRA_PREFIX) :]] = values
            else:
                event_extra[name] = values

    groups: dict[str, list[int]] = {}
    cases: list[Case] = []
    rejected: list[RejectedCase] = []
    for row, cid in enumerate(case_ids):
        if not isinstance(cid, str):
            err = CaseFormatError(f"række {row} mangler 'case_id'", field="case_id")
            if not lenient:
                raise err
            rejected.append(RejectedCase(index=row, case_id=None, error=str(err)))
            continue
        groups.setdefault(cid, []).append(row)

    for cid, rows in groups.items():
        try:
            child: dict[str, Any] = {}
            for key, values in child_cols.items():
                value = _first(values, rows, cid, "child_id" if key == "id" else key)
                if value is not None:
                    child[key] = value
            for key, values in child_extra.items():
                value = _first(values, rows, cid, _CHILD_PREFIX + key)
                if value is not None:
                    child[key] = value
            raw: dict[str, Any] = {"case_id": cid, "child": child}
            for key, values in case_cols.items():
                value = _first(values, rows, cid, key)
                if value is not None:
                    raw[key] = value
            for key, values in case_extra.items():
                value = _first(values, rows, cid, _CASE_PREFIX + key)
                if value is not None:
                    raw[key] = value
            events: list[dict[str, Any]] = []
            for r in rows:
                event: dict[str, Any] = {}
                for name, values in event_cols.items():
                    if values is not None and values[r] is not None:
                        event[_EVENT_KEY.get(name, name)] = values[r]
                if ats is not None and ats[r] is not None:
                    event["at"] = ats[r]
                if "id" not in event and "type" not in event:
                    continue  # the row declares the case only
                for key, values in event_extra.items():
                    if values[r] is not None:
                        event[key] = values[r]
                events.append(event)
            raw["events"] = events
            cases.append(case_from_mapping(raw))
        except CaseFormatError as exc:
            if not lenient:
                raise
            rejected.append(RejectedCase(index=rows[0], case_id=cid, error=str(exc)))
    return Caseload(
        cases=cases,
        caseworkers=tuple(caseworkers),
        teams=tuple(teams),
        rejected=sorted(rejected, key=lambda r: r.index),
    )
