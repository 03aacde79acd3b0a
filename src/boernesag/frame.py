"""Tidy pandas DataFrames of cases, deadlines and allocations, for analysts.

Needs the ``pandas`` extra (``pip install 'boernesag[pandas]'``); pandas and numpy are
imported inside the functions, never when :mod:`boernesag` is imported.

* :func:`cases_to_frame` gives one row per event, with the child's and the case's columns
  repeated on every row, as a case system's export does; :func:`cases_from_frame` reads such
  a table back into a :class:`~boernesag.model.Caseload`, validating every case through the
  JSON case format's reader (:func:`boernesag.caseio.case_from_mapping`), so a bad row raises
  :class:`~boernesag.errors.CaseFormatError` naming the case, the event and the field.
* :func:`deadlines_to_frame` and :func:`caseload_deadlines_frame`: one row per deadline.
* :func:`add_working_days_series`, :func:`working_days_between_series` and
  :func:`is_working_day_series`: working-day arithmetic on whole columns (the vectorized
  :class:`~boernesag.calendar.Calendar` methods), keeping the index and missing values.
* :func:`allocation_to_frame`, :func:`allocation_load_frame` (:mod:`boernesag.allocation`),
  :func:`sagsliste_to_frame` (:mod:`boernesag.handover`).
* :func:`findings_to_frame`: one row per audit finding (:mod:`boernesag.audit`).
* :func:`deadlines_from_events` and :func:`findings_from_events`: from a table of events
  straight to the deadlines or findings table, with an ``error`` column for the cases that
  could not be read or computed; the functions to map over the partitions of a Dask or
  Spark data frame (docs: "Stor skala / at scale").

Column types: days are ``datetime64[ns]`` (midnight, no time zone), timestamps
``datetime64[ns, Europe/Copenhagen]``, vocabularies (event type, rule id, status, law, team)
``category``, texts pandas' ``string`` dtype, yes/no fields the nullable ``boolean`` dtype and
counts ``Int64``, so a missing value is ``NaT`` or ``<NA>``, never ``None`` or ``"nan"``.

No CPR number is put in a frame unless ``include_cpr=True`` is passed explicitly.
"""

from __future__ import annotations

import importlib
import math
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal

from boernesag.calendar import Calendar, default_calendar
from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Deadline, Status, caseload_deadlines
from boernesag.errors import CaseFormatError
from boernesag.model import Case, Caseload, Caseworker, EventType, RejectedCase, Team
from boernesag.periods import COPENHAGEN, as_of_day, day_of, to_copenhagen
from boernesag.text import check_lang, status_label

if TYPE_CHECKING:
    from typing import TypeAlias

    from boernesag.allocation import Allocation
    from boernesag.handover import Handover, Sagsliste
    from boernesag.law import RuleSet

    SagslisteOrHandover: TypeAlias = Sagsliste | Handover

__all__ = [
    "CASE_COLUMNS",
    "DEADLINE_COLUMNS",
    "EVENT_COLUMNS",
    "FINDING_COLUMNS",
    "SIBLING_SEPARATOR",
    "STATUS_CATEGORIES",
    "add_working_days_series",
    "allocation_load_frame",
    "allocation_to_frame",
    "caseload_deadlines_frame",
    "cases_from_frame",
    "cases_to_frame",
    "caseworkers_to_frame",
    "deadlines_from_events",
    "deadlines_to_frame",
    "findings_from_events",
    "findings_to_frame",
    "is_working_day_series",
    "sagsliste_to_frame",
    "working_days_between_series",
]

_INSTALL = "pip install 'boernesag[pandas]'"
_TZ = "Europe/Copenhagen"
_DAY = "datetime64[ns]"
_STAMP = f"datetime64[ns, {_TZ}]"

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
#: The columns of :func:`deadlines_to_frame`, in order.
DEADLINE_COLUMNS: tuple[str, ...] = (
    "case_id",
    "rule_id",
    "title",
    "citation",
    "law",
    "trigger",
    "trigger_type",
    "trigger_on",
    "due",
    "due_time",
    "status",
    "status_label",
    "met_by",
    "met_type",
    "met_on",
    "alternative_due",
    "period",
    "obligor",
    "source",
    "confidence",
    "measure",
    "explanation",
)
#: The five deadline statuses, in this fixed order, as the categories of ``status``.
STATUS_CATEGORIES: tuple[str, ...] = tuple(s.value for s in Status)

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


def _pandas() -> Any:
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


def _numpy() -> Any:
    _pandas()  # numpy comes with pandas; the same message if it is missing
    return importlib.import_module("numpy")


# --------------------------------------------------------------------------- helpers


def _is_missing(value: Any) -> bool:
    """None, NaN, NaT, pd.NA, or an empty text: an empty cell."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, int | date):
        return value is _pandas().NaT
    pd = _pandas()
    if pd.api.types.is_scalar(value):
        return bool(pd.isna(value))
    return False


def _day_series(values: Sequence[date | None]) -> Any:
    """Days as a ``datetime64[ns]`` Series (missing days are NaT)."""
    pd = _pandas()
    np = _numpy()
    array = np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
    return pd.Series(array, dtype=_DAY) if len(array) else pd.Series([], dtype=_DAY)


def _stamp_series(values: Sequence[datetime | None]) -> Any:
    """Timestamps as ``datetime64[ns, Europe/Copenhagen]`` (naive = Copenhagen wall time)."""
    pd = _pandas()
    aware = [to_copenhagen(v) if v is not None else None for v in values]
    if not any(v is not None for v in aware):
        return pd.Series([pd.NaT] * len(aware), dtype=_STAMP)
    return pd.Series(pd.to_datetime(aware, utc=True)).dt.tz_convert(_TZ).astype(_STAMP)


def _category(values: Sequence[Any], categories: Sequence[str] | None = None) -> Any:
    pd = _pandas()
    return pd.Series(pd.Categorical(values, categories=categories))


def _strings(values: Sequence[Any]) -> Any:
    return _pandas().Series(values, dtype="string")


def _frame(columns: Mapping[str, Any], order: Sequence[str]) -> Any:
    pd = _pandas()
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
    pd = _pandas()
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
        "case_id": _strings(cols["case_id"]),
        "child_id": _strings(cols["child_id"]),
        "birth_date": _day_series(cols["birth_date"]),
        "disability": pd.Series(cols["disability"], dtype="bool"),
        "siblings": _strings(cols["siblings"]),
        "team": _category(cols["team"]),
        "district": _category(cols["district"]),
        "event_id": _strings(cols["event_id"]),
        "type": _category(cols["type"], _EVENT_TYPES),
        "date": _day_series(cols["date"]),
        "at": _stamp_series(cols["at"]),
        "at_naive": pd.Series(cols["at_naive"], dtype="bool"),
        "day": _day_series(cols["day"]),
        "meddelt": _day_series(cols["meddelt"]),
        "interval_months": pd.Series(cols["interval_months"], dtype="Int64"),
    }
    for key in _EVENT_STRINGS:
        out[key] = _strings(cols[key])
    for key in _EVENT_CATEGORIES:
        out[key] = _category(cols[key])
    for key in _EVENT_BOOLS:
        out[key] = pd.Series(cols[key], dtype="boolean")
    order = list(CASE_COLUMNS)
    if include_cpr:
        out["cpr"] = _strings(cprs)
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
    return _frame(out, order)


def caseworkers_to_frame(caseload: Caseload) -> Any:
    """One row per caseworker: id, name, team, district, capacity, experience, hours,
    competences (joined by ``";"``), active. For joining with deadline or case frames."""
    pd = _pandas()
    cws = caseload.caseworkers
    return _frame(
        {
            "caseworker": _strings([c.id for c in cws]),
            "name": _strings([c.name for c in cws]),
            "team": _category([c.team for c in cws]),
            "district": _category([c.district for c in cws]),
            "capacity": pd.Series([c.capacity for c in cws], dtype="Float64"),
            "experience": pd.Series([c.experience for c in cws], dtype="Float64"),
            "hours": pd.Series([c.hours for c in cws], dtype="Float64"),
            "competences": _strings([";".join(sorted(c.competences)) or None for c in cws]),
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


def _json_scalar(value: Any) -> Any:
    """A cell as a plain Python value for the case format (None for an empty cell)."""
    if _is_missing(value):
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    pd = _pandas()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and pd.api.types.is_scalar(value):
        return _json_scalar(item())
    return value


def _date_cell(value: Any) -> Any:
    """A day cell: a midnight timestamp as ``YYYY-MM-DD``; anything else for the reader to judge."""
    if _is_missing(value):
        return None
    pd = _pandas()
    if isinstance(value, datetime | pd.Timestamp):
        midnight = value.time() == time.min and getattr(value, "nanosecond", 0) == 0
        if value.tzinfo is None and midnight:
            return value.date().isoformat()
        return value.isoformat()  # the reader refuses it, naming the field
    return _json_scalar(value)


def _at_cell(value: Any, naive: bool) -> Any:
    if _is_missing(value):
        return None
    pd = _pandas()
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
    return _json_scalar(value)


def _int_cell(value: Any) -> Any:
    value = _json_scalar(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _bool_cell(value: Any) -> Any:
    return _json_scalar(value)


def _siblings_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return list(value)
    value = _json_scalar(value)
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
    pd = _pandas()
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

    def col(name: str, convert: Callable[[Any], Any] = _json_scalar) -> list[Any] | None:
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


# --------------------------------------------------------------------------- deadlines


def _deadline_columns(items: Iterable[Deadline], lang: str, explain: bool) -> dict[str, Any]:
    pd = _pandas()
    lang = check_lang(lang)
    names = [c for c in DEADLINE_COLUMNS if c != "explanation" or explain]
    cols: dict[str, list[Any]] = {k: [] for k in names}
    for d in items:
        cols["case_id"].append(d.case_id)
        cols["rule_id"].append(d.rule_id)
        cols["title"].append(d.title(lang))
        cols["citation"].append(d.citation)
        cols["law"].append(d.law or None)
        cols["trigger"].append(d.trigger)
        cols["trigger_type"].append(d.trigger_type)
        cols["trigger_on"].append(day_of(d.trigger_on))
        cols["due"].append(d.due_date)
        cols["due_time"].append(d.due if isinstance(d.due, datetime) else None)
        cols["status"].append(d.status.value)
        cols["status_label"].append(status_label(d.status.value, lang))
        cols["met_by"].append(d.met_by)
        cols["met_type"].append(d.met_type)
        cols["met_on"].append(day_of(d.met_on))
        cols["alternative_due"].append(day_of(d.alternative_due))
        cols["period"].append(str(d.period) if d.period is not None else None)
        cols["obligor"].append(d.obligor)
        cols["source"].append(d.source)
        cols["confidence"].append(d.confidence or None)
        cols["measure"].append(d.measure)
        if explain:
            cols["explanation"].append(d.explain(lang))
    out: dict[str, Any] = {}
    for key in ("case_id", "title", "citation", "trigger", "met_by", "measure", "period"):
        out[key] = _strings(cols[key])
    for key in ("rule_id", "law", "trigger_type", "met_type", "obligor", "source", "confidence"):
        out[key] = _category(cols[key])
    for key in ("trigger_on", "due", "met_on", "alternative_due"):
        out[key] = _day_series(cols[key])
    out["due_time"] = _stamp_series(cols["due_time"])
    out["status"] = _category(cols["status"], STATUS_CATEGORIES)
    labels = [status_label(s, lang) for s in STATUS_CATEGORIES]
    out["status_label"] = pd.Series(pd.Categorical(cols["status_label"], categories=labels))
    if explain:
        out["explanation"] = _strings(cols["explanation"])
    return out


def deadlines_to_frame(
    deadlines: Iterable[Deadline], lang: str = "da", *, explain: bool = True
) -> Any:
    """One row per deadline, in the given order. Columns :data:`DEADLINE_COLUMNS`.

    ``due``, ``trigger_on``, ``met_on`` and ``alternative_due`` are days (``datetime64[ns]``;
    for a rule counted in hours, the Copenhagen date); ``due_time`` is the exact moment
    (``datetime64[ns, Europe/Copenhagen]``) for rules counted in hours, else ``NaT``.
    ``status`` is a category with the five statuses of :data:`STATUS_CATEGORIES` as its
    categories (so counts show zeros); ``title``, ``status_label`` and ``explanation`` are in
    ``lang``. ``explain=False`` leaves out the explanation, which is the slow part for
    hundreds of thousands of deadlines.

    >>> from datetime import date
    >>> from boernesag.deadlines import deadlines
    >>> from boernesag.demo import demo_caseload
    >>> case = demo_caseload(1).cases[0]
    >>> frame = deadlines_to_frame(deadlines(case, date(2025, 6, 30)))
    >>> list(frame["status"].cat.categories)
    ['met', 'met_late', 'open', 'overdue', 'not_applicable']
    """
    columns = _deadline_columns(deadlines, lang, explain)
    return _frame(columns, [c for c in DEADLINE_COLUMNS if c in columns])


def caseload_deadlines_frame(
    caseload: Caseload | Iterable[Case],
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    lang: str = "da",
    explain: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Any:
    """The deadlines of every case on ``as_of`` (:func:`boernesag.deadlines.caseload_deadlines`)
    as one frame, with the case's ``caseworker`` (assigned on ``as_of``), ``team`` and
    ``district`` added after ``case_id`` for grouping."""
    as_of_day(as_of)  # refused before any case is read: one error, not one per case
    cases = list(caseload)
    items = list(
        caseload_deadlines(cases, as_of, rules=rules, calendar=calendar, progress=progress)
    )
    return _grouped_deadlines_frame(cases, items, as_of, lang, explain)


def _grouped_deadlines_frame(
    cases: Sequence[Case],
    items: Sequence[Deadline],
    as_of: date | datetime,
    lang: str,
    explain: bool,
) -> Any:
    """The deadlines frame with each case's caseworker on ``as_of``, team and district."""
    day = day_of(as_of)
    assert day is not None
    info = {c.case_id: (c.caseworker_on(day), c.team, c.district) for c in cases}
    columns = _deadline_columns(items, lang, explain)
    columns["caseworker"] = _strings([info[d.case_id][0] for d in items])
    columns["team"] = _category([info[d.case_id][1] for d in items])
    columns["district"] = _category([info[d.case_id][2] for d in items])
    order = ["case_id", "caseworker", "team", "district", *DEADLINE_COLUMNS[1:]]
    return _frame(columns, [c for c in order if c in columns])


# --------------------------------------------------------------------------- working days


def _day_numbers(s: Any, where: str) -> tuple[Any, Any]:
    """(days as ``datetime64[D]`` with NaT filled by a placeholder, mask of NaT)."""
    pd = _pandas()
    np = _numpy()
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        raise TypeError(
            f"{where}() takes days, not time-zone-aware timestamps: take the Copenhagen date "
            "first, e.g. s.dt.tz_convert('Europe/Copenhagen').dt.tz_localize(None).dt.normalize()"
        )
    if s.dtype.kind in "biufc":
        raise TypeError(f"{where}() takes days, got numbers ({s.dtype})")
    if s.dtype.kind != "M":
        for value in s.tolist():
            if isinstance(value, datetime) and value.tzinfo is not None:
                raise TypeError(f"{where}() takes days, not time-zone-aware timestamps")
        try:
            s = pd.to_datetime(s)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{where}() takes days: {exc}") from exc
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            raise TypeError(f"{where}() takes days, not time-zone-aware timestamps")
    missing = s.isna().to_numpy()
    days = s.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    days[missing] = np.datetime64("2000-01-03", "D")  # a placeholder, masked again below
    return days, missing


def _as_series(value: Any, index: Any) -> Any:
    pd = _pandas()
    if isinstance(value, pd.Series):
        return value
    if isinstance(value, date | datetime | str) or value is None:
        return pd.Series([value] * len(index), index=index, dtype=object)
    return pd.Series(value, index=index)


def add_working_days_series(s: Any, n: Any, calendar: Calendar | None = None) -> Any:
    """:func:`~boernesag.calendar.add_working_days` on a Series of days.

    ``n`` is an int, or a Series of whole numbers aligned on ``s``'s index (an int array of
    the same length is taken in order). The result is a ``datetime64[ns]`` Series with
    ``s``'s index and name; a missing day (``NaT``) or a missing ``n`` gives ``NaT``, never an
    error. Timestamps with a time of day count from their day; time-zone-aware timestamps are
    refused (take the Copenhagen date first). Same semantics as the scalar function: ``n > 0``
    is the *n*-th working day strictly after the day.

    >>> import pandas as pd
    >>> s = pd.Series(pd.to_datetime(["2024-03-22", None]), index=["a", "b"])
    >>> add_working_days_series(s, 6).dt.strftime("%Y-%m-%d").tolist()
    ['2024-04-04', nan]
    """
    pd = _pandas()
    np = _numpy()
    where = "add_working_days_series"
    if not isinstance(s, pd.Series):
        raise TypeError(f"{where}() takes a pandas Series of days, not {type(s).__name__}")
    days, missing = _day_numbers(s, where)
    if isinstance(n, pd.Series):
        steps = n.reindex(s.index)
        missing = missing | steps.isna().to_numpy()
        values = steps.to_numpy(dtype="float64", na_value=0.0)
        if not np.all(np.equal(np.mod(values, 1), 0)):
            raise TypeError(f"{where}() takes whole numbers of working days")
        counts = values.astype("int64")
    elif isinstance(n, bool) or not isinstance(n, int | np.integer):
        array = np.asarray(n)
        if array.ndim != 1 or len(array) != len(s) or array.dtype.kind not in "iu":
            raise TypeError(
                f"{where}() takes an int, a Series or an integer array as long as s for n"
            )
        counts = array.astype("int64")
    else:
        counts = int(n)
    cal = calendar or default_calendar()
    result = cal.add_working_days_array(days, counts).astype("datetime64[ns]")
    result[missing] = np.datetime64("NaT")
    return pd.Series(result, index=s.index, name=s.name, dtype=_DAY)


def working_days_between_series(a: Any, b: Any, calendar: Calendar | None = None) -> Any:
    """:func:`~boernesag.calendar.working_days_between` on Series: working days in ``(a, b]``.

    ``a`` and ``b`` are Series of days (aligned on their index as pandas arithmetic does),
    or one of them a single ``date``. The result is an ``Int64`` Series; ``<NA>`` where
    either day is missing. Negative where ``b`` is before ``a``.

    >>> import pandas as pd
    >>> a = pd.Series(pd.to_datetime(["2024-03-22", "2024-03-22", None]))
    >>> b = pd.Series(pd.to_datetime(["2024-04-04", "2024-03-15", "2024-04-04"]))
    >>> working_days_between_series(a, b).tolist()
    [6, -5, <NA>]
    """
    pd = _pandas()
    np = _numpy()
    where = "working_days_between_series"
    if not isinstance(a, pd.Series) and not isinstance(b, pd.Series):
        raise TypeError(f"{where}() takes at least one pandas Series")
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        if not a.index.equals(b.index):
            a, b = a.align(b)
        index = a.index
    else:
        index = a.index if isinstance(a, pd.Series) else b.index
        a, b = _as_series(a, index), _as_series(b, index)
    da, ma = _day_numbers(a, where)
    db, mb = _day_numbers(b, where)
    cal = calendar or default_calendar()
    counts = cal.working_days_between_array(da, db)
    result = pd.Series(counts, index=index, dtype="Int64")
    result[np.asarray(ma | mb)] = pd.NA
    return result


def is_working_day_series(s: Any, calendar: Calendar | None = None) -> Any:
    """:func:`~boernesag.calendar.is_working_day` on a Series of days: a nullable ``boolean``
    Series with ``s``'s index, ``<NA>`` for a missing day."""
    pd = _pandas()
    np = _numpy()
    where = "is_working_day_series"
    if not isinstance(s, pd.Series):
        raise TypeError(f"{where}() takes a pandas Series of days, not {type(s).__name__}")
    days, missing = _day_numbers(s, where)
    cal = calendar or default_calendar()
    result = pd.Series(cal.is_working_day_array(days), index=s.index, name=s.name, dtype="boolean")
    result[np.asarray(missing)] = pd.NA
    return result


# --------------------------------------------------------------------------- other results


def allocation_to_frame(result: Allocation, lang: str = "da") -> Any:
    """One row per case of an allocation batch (:func:`boernesag.allocation.allocate`).

    Columns: ``case_id``, ``status`` (category ``assigned``/``unassigned``),
    ``caseworker_id``, ``previous``, ``switch``, ``pinned``, ``weight`` (``Float64``) and
    ``explanation`` (the reasons in ``lang``, or why the case could not be placed).
    """
    pd = _pandas()
    lang = check_lang(lang)
    rows: list[tuple[Any, ...]] = [
        (
            a.case_id,
            "assigned",
            a.caseworker_id,
            a.previous,
            a.switch,
            a.pinned,
            a.weight,
            a.explanation(lang),
        )
        for a in result.assignments
    ]
    rows += [
        (u.case_id, "unassigned", None, None, False, False, u.weight, u.reason(lang))
        for u in result.unassigned
    ]
    rows.sort(key=lambda r: str(r[0]))
    cols = list(zip(*rows, strict=True)) if rows else [()] * 8
    return _frame(
        {
            "case_id": _strings(cols[0]),
            "status": _category(cols[1], ("assigned", "unassigned")),
            "caseworker_id": _strings(cols[2]),
            "previous": _strings(cols[3]),
            "switch": pd.Series(cols[4], dtype="bool"),
            "pinned": pd.Series(cols[5], dtype="bool"),
            "weight": pd.Series(cols[6], dtype="Float64"),
            "explanation": _strings(cols[7]),
        },
        (
            "case_id",
            "status",
            "caseworker_id",
            "previous",
            "switch",
            "pinned",
            "weight",
            "explanation",
        ),
    )


def allocation_load_frame(result: Allocation) -> Any:
    """One row per caseworker of an allocation: capacity, load and cases before and after.

    Columns: ``caseworker_id``, ``capacity``, ``load_before``, ``load_after`` (weighted
    points), ``load_before_ratio``/``load_after_ratio`` (load / capacity, ``<NA>`` without a
    capacity), ``cases_before``, ``cases_after``, ``participant`` (the batch was distributed
    over this caseworker). Feeds :func:`boernesag.plot.plot_caseworker_load`.
    """
    pd = _pandas()
    ids = sorted(set(result.load_before) | set(result.load_after))

    def ratio(loads: Mapping[str, float], cw: str) -> float | None:
        cap = result.capacity.get(cw, 0.0)
        return loads.get(cw, 0.0) / cap if cap > 0 else None

    return _frame(
        {
            "caseworker_id": _strings(ids),
            "capacity": pd.Series([result.capacity.get(i) for i in ids], dtype="Float64"),
            "load_before": pd.Series(
                [result.load_before.get(i, 0.0) for i in ids], dtype="Float64"
            ),
            "load_after": pd.Series([result.load_after.get(i, 0.0) for i in ids], dtype="Float64"),
            "load_before_ratio": pd.Series(
                [ratio(result.load_before, i) for i in ids], dtype="Float64"
            ),
            "load_after_ratio": pd.Series(
                [ratio(result.load_after, i) for i in ids], dtype="Float64"
            ),
            "cases_before": pd.Series([result.cases_before.get(i, 0) for i in ids], dtype="Int64"),
            "cases_after": pd.Series([result.cases_after.get(i, 0) for i in ids], dtype="Int64"),
            "participant": pd.Series([i in result.participants for i in ids], dtype="bool"),
        },
        (
            "caseworker_id",
            "capacity",
            "load_before",
            "load_after",
            "load_before_ratio",
            "load_after_ratio",
            "cases_before",
            "cases_after",
            "participant",
        ),
    )


def sagsliste_to_frame(sagsliste: SagslisteOrHandover, lang: str = "da") -> Any:
    """The handover's sagsliste (a :class:`~boernesag.handover.Sagsliste`, or the one of a
    :class:`~boernesag.handover.Handover`), one row per case in urgency order.

    The same frame as :func:`boernesag.handover.render.sagsliste_frame` (days as
    ``datetime64``, ``urgency`` an ordered category), here beside the other frames.
    """
    _pandas()
    from boernesag.handover.render import sagsliste_frame

    return sagsliste_frame(sagsliste, lang)


# --------------------------------------------------------------------------- audit findings

#: The columns of :func:`findings_to_frame`, in order.
FINDING_COLUMNS: tuple[str, ...] = (
    "case_id",
    "team",
    "caseworker_as_of",
    "check_id",
    "check_label",
    "code",
    "severity",
    "severity_label",
    "ongoing",
    "date",
    "due",
    "rule_id",
    "citation",
    "measure",
    "caseworker",
    "events",
    "explanation",
)


def _known_first(known: Sequence[str], values: Sequence[Any]) -> list[str]:
    """``known`` then any other value of ``values`` (a custom check), none lost as NaN."""
    seen = set(known)
    return [*known, *(v for v in dict.fromkeys(values) if v is not None and v not in seen)]


def _finding_rows(source: Any) -> Iterator[tuple[Any, Any, Any]]:
    """(finding, team, caseworker on the audit day) for every finding of ``source``."""
    from boernesag.audit.core import CaseAudit
    from boernesag.audit.findings import Finding
    from boernesag.audit.report import CaseloadReport

    if isinstance(source, CaseloadReport):
        source = source.cases or source.worst
    elif isinstance(source, CaseAudit | Finding):
        source = (source,)
    for item in source:
        if isinstance(item, CaseAudit):
            for f in item.findings:
                yield f, item.team, item.caseworker
        elif isinstance(item, Finding):
            yield item, None, None
        else:
            raise TypeError(
                "findings_to_frame() takes a CaseloadReport, CaseAudits or Findings, "
                f"not {type(item).__name__}"
            )


def findings_to_frame(findings_or_report: Any, lang: str = "da") -> Any:
    """One row per audit finding (:mod:`boernesag.audit`), typed for analysis.

    ``findings_or_report`` is a :class:`~boernesag.audit.CaseloadReport` (its cases'
    findings; a report audited with ``keep_cases=False`` holds only its worst cases, as in
    :func:`~boernesag.audit.report_to_frame`), one or more
    :class:`~boernesag.audit.CaseAudit`, or :class:`~boernesag.audit.Finding` objects.
    Rows come case by case, each case's findings most serious first (the audit's order).

    Columns :data:`FINDING_COLUMNS`: ``severity`` is an ordered category with the audit's
    five severities from the most serious (``critical``) to ``info``, the order of
    ``report_to_frame(report, "findings")``, so ``sort_values("severity")`` puts the worst
    first; ``check_label``, ``severity_label`` and ``explanation`` (with the paragraph) are
    in ``lang``; ``date`` (the day the finding is about) and ``due`` are ``datetime64[ns]``;
    ``ongoing`` (``bool``) tells a finding still unresolved on the audit day from history;
    ``caseworker`` is the caseworker assigned on ``date``, while ``caseworker_as_of`` and
    ``team`` are the case's on the audit day (who can act now; ``<NA>`` for bare findings);
    ``events`` the ids of the events the finding rests on, joined by ``";"``. No CPR number.

    >>> from datetime import date
    >>> from boernesag.audit import audit_caseload
    >>> from boernesag.demo import demo_caseload
    >>> frame = findings_to_frame(audit_caseload(demo_caseload(20), date(2025, 6, 30)))
    >>> list(frame["severity"].cat.categories)
    ['critical', 'high', 'medium', 'low', 'info']
    """
    pd = _pandas()
    lang = check_lang(lang)
    from boernesag.audit.checks import CHECKS
    from boernesag.audit.findings import Severity

    labels = {c.id: c.label(lang) for c in CHECKS}
    cols: dict[str, list[Any]] = {k: [] for k in FINDING_COLUMNS}
    for f, team, current in _finding_rows(findings_or_report):
        cols["case_id"].append(f.case_id)
        cols["team"].append(team)
        cols["caseworker_as_of"].append(current)
        cols["check_id"].append(f.check_id)
        cols["check_label"].append(labels.get(f.check_id, f.check_id))
        cols["code"].append(f.code)
        cols["severity"].append(f.severity.value)
        cols["severity_label"].append(f.severity.label(lang))
        cols["ongoing"].append(f.ongoing)
        cols["date"].append(f.day)
        cols["due"].append(f.due)
        cols["rule_id"].append(f.rule_id)
        cols["citation"].append(f.citation)
        cols["measure"].append(f.measure)
        cols["caseworker"].append(f.caseworker)
        cols["events"].append(";".join(f.events) or None)
        cols["explanation"].append(f.explain(lang))
    severities = [s.value for s in Severity]
    out: dict[str, Any] = {
        "severity": pd.Series(
            pd.Categorical(cols["severity"], categories=severities, ordered=True)
        ),
        "severity_label": pd.Series(
            pd.Categorical(
                cols["severity_label"],
                categories=[Severity(s).label(lang) for s in severities],
                ordered=True,
            )
        ),
        "ongoing": pd.Series(cols["ongoing"], dtype="bool"),
        "date": _day_series(cols["date"]),
        "due": _day_series(cols["due"]),
    }
    for key in ("case_id", "caseworker_as_of", "citation", "measure", "caseworker", "events"):
        out[key] = _strings(cols[key])
    out["explanation"] = _strings(cols["explanation"])
    for key in ("team", "code", "rule_id"):
        out[key] = _category(cols[key])
    checks = _known_first([c.id for c in CHECKS], cols["check_id"])
    out["check_id"] = _category(cols["check_id"], checks)
    check_labels = _known_first([c.label(lang) for c in CHECKS], cols["check_label"])
    out["check_label"] = _category(cols["check_label"], check_labels)
    return _frame(out, FINDING_COLUMNS)


# --------------------------------------------------------------------------- partitions

OnError = Literal["row", "raise"]


def _partition_cases(events: Any, on_error: OnError) -> tuple[list[Case], list[tuple[Any, str]]]:
    """The cases of one partition, and (case_id, error) for each case that could not be read."""
    pd = _pandas()
    if on_error not in ("row", "raise"):
        raise ValueError("on_error skal være 'row' eller 'raise'")
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"takes a pandas DataFrame of events, not {type(events).__name__}")
    if "case_id" not in events.columns and events.index.name == "case_id":
        events = events.reset_index()  # partitioned with set_index("case_id")
    caseload = cases_from_frame(events, lenient=on_error == "row")
    errors = [(r.case_id, r.error) for r in caseload.rejected]
    return list(caseload.cases), errors


def _with_errors(frame: Any, errors: Sequence[tuple[Any, str]]) -> Any:
    """``frame`` with a string ``error`` column, and one row per failed case appended."""
    pd = _pandas()
    frame = frame.assign(error=pd.Series([None] * len(frame), dtype="string", index=frame.index))
    for name in frame.columns:  # nullable, so that an error row's empty cell stays boolean
        if frame[name].dtype == bool:
            frame[name] = frame[name].astype("boolean")
    if not errors:
        return frame
    bad = pd.DataFrame(
        {
            "case_id": pd.Series([c for c, _ in errors], dtype="string"),
            "error": pd.Series([e for _, e in errors], dtype="string"),
        }
    )
    # Empty typed columns first, so that the concatenation keeps every column's dtype.
    filler = frame.iloc[:0].reindex(range(len(bad)))
    for name in ("case_id", "error"):
        filler[name] = bad[name]
    merged = pd.concat([frame, filler], ignore_index=True)
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            merged[name] = merged[name].astype(frame[name].dtype)
    return merged


def deadlines_from_events(
    events: Any,
    as_of: date | datetime,
    lang: str = "da",
    *,
    rules: RuleSet | None = None,
    explain: bool = True,
    on_error: OnError = "row",
) -> Any:
    """The deadlines frame of a table of events: the function to map over partitions.

    ``events`` has one row per event (the :func:`cases_from_frame` format, e.g. one partition
    of a Dask DataFrame or one pandas batch of Spark's ``mapInPandas``); each case's rows must
    all be in this one table (partition by ``case_id``; a ``case_id`` index, as
    ``set_index("case_id")`` leaves it, is read as the column). The result is
    :func:`caseload_deadlines_frame`'s (with ``caseworker``, ``team`` and ``district``) plus a
    string column ``error``: ``<NA>`` on the deadline rows, and one row for each case that
    could not be read or computed, with its ``case_id`` and the error naming the event and
    field, every other column empty. No case is dropped silently. ``on_error="raise"``
    raises the first error instead.

    The columns and their types do not depend on the data, also for an empty table, so
    ``deadlines_from_events(events.head(0), as_of)`` is the ``meta`` for Dask.
    """
    from boernesag.deadlines import deadlines
    from boernesag.law import default_rules

    as_of_day(as_of)  # refused before any case is read: one error, not one per case
    cases, errors = _partition_cases(events, on_error)
    rs = rules if rules is not None else default_rules()
    good: list[Case] = []
    items: list[Deadline] = []
    for case in cases:
        try:
            found = deadlines(case, as_of, rules=rs)
        except Exception as exc:
            if on_error == "raise":
                raise
            errors.append((case.case_id, f"{type(exc).__name__}: {exc}"))
            continue
        good.append(case)
        items.extend(found)
    frame = _grouped_deadlines_frame(good, items, as_of, lang, explain)
    return _with_errors(frame, errors)


def findings_from_events(
    events: Any,
    as_of: date | datetime,
    lang: str = "da",
    *,
    rules: RuleSet | None = None,
    on_error: OnError = "row",
) -> Any:
    """The audit findings frame (:func:`findings_to_frame`) of a table of events.

    The partition function for the audit, as :func:`deadlines_from_events` is for the
    deadlines: every case of ``events`` is read (:func:`cases_from_frame`) and audited
    (:func:`boernesag.audit.audit_case`) on ``as_of``; a string column ``error`` is added,
    with one row for each case that could not be read or audited. Columns and types do not
    depend on the data (``ongoing`` is the nullable ``boolean`` here, empty on error rows).
    """
    from boernesag.audit import audit_caseload

    as_of_day(as_of)  # refused before any case is read: one error, not one per case
    cases, errors = _partition_cases(events, on_error)
    report = audit_caseload(cases, as_of, rules=rules, strict=on_error == "raise")
    errors.extend((f.case_id, f.error) for f in report.failures)
    return _with_errors(findings_to_frame(report.cases, lang), errors)
