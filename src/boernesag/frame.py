"""Tidy pandas DataFrames of cases, deadlines and allocations, for analysts.

Needs the ``pandas`` extra (``pip install 'boernesag[pandas]'``); pandas and numpy are
imported inside the functions, never when :mod:`boernesag` is imported.

* :func:`cases_to_frame` gives one row per event, with the child's and the case's columns
  repeated on every row, as a case system's export does; :func:`cases_from_frame` reads such
  a table back into a :class:`~boernesag.model.Caseload`, validating every case through the
  JSON case format's reader (:func:`boernesag.caseio.case_from_mapping`), so a bad row raises
  :class:`~boernesag.errors.CaseFormatError` naming the case, the event and the field
  (both defined in :mod:`boernesag.caseio`'s table twin, :mod:`boernesag.caseframe`).
* :func:`deadlines_to_frame` and :func:`caseload_deadlines_frame`: one row per deadline.
* :func:`add_working_days_series`, :func:`working_days_between_series` and
  :func:`is_working_day_series`: working-day arithmetic on whole columns (the vectorized
  :class:`~boernesag.calendar.Calendar` methods), keeping the index and missing values.
* :func:`allocation_to_frame`, :func:`allocation_load_frame` (:mod:`boernesag.allocation`),
  :func:`sagsliste_to_frame` (:mod:`boernesag.handover`).
* :func:`findings_to_frame`: one row per audit finding (:mod:`boernesag.audit`; defined in
  :mod:`boernesag.audit.frame`).
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

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from boernesag.audit.frame import FINDINGS_FRAME_COLUMNS as FINDING_COLUMNS
from boernesag.audit.frame import findings_to_frame
from boernesag.calendar import Calendar, default_calendar
from boernesag.caseframe import (
    CASE_COLUMNS,
    DAY_DTYPE,
    EVENT_COLUMNS,
    SIBLING_SEPARATOR,
    cases_from_frame,
    cases_to_frame,
    caseworkers_to_frame,
    category_series,
    day_series,
    load_numpy,
    load_pandas,
    ordered_frame,
    stamp_series,
    string_series,
)
from boernesag.deadlines import Deadline, Status, caseload_deadlines
from boernesag.model import Case, Caseload
from boernesag.periods import as_of_day, day_of
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


# --------------------------------------------------------------------------- deadlines


def _deadline_columns(items: Iterable[Deadline], lang: str, explain: bool) -> dict[str, Any]:
    pd = load_pandas()
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
        out[key] = string_series(cols[key])
    for key in ("rule_id", "law", "trigger_type", "met_type", "obligor", "source", "confidence"):
        out[key] = category_series(cols[key])
    for key in ("trigger_on", "due", "met_on", "alternative_due"):
        out[key] = day_series(cols[key])
    out["due_time"] = stamp_series(cols["due_time"])
    out["status"] = category_series(cols["status"], STATUS_CATEGORIES)
    labels = [status_label(s, lang) for s in STATUS_CATEGORIES]
    out["status_label"] = pd.Series(pd.Categorical(cols["status_label"], categories=labels))
    if explain:
        out["explanation"] = string_series(cols["explanation"])
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
    return ordered_frame(columns, [c for c in DEADLINE_COLUMNS if c in columns])


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
    columns["caseworker"] = string_series([info[d.case_id][0] for d in items])
    columns["team"] = category_series([info[d.case_id][1] for d in items])
    columns["district"] = category_series([info[d.case_id][2] for d in items])
    order = ["case_id", "caseworker", "team", "district", *DEADLINE_COLUMNS[1:]]
    return ordered_frame(columns, [c for c in order if c in columns])


# --------------------------------------------------------------------------- working days


def _day_numbers(s: Any, where: str) -> tuple[Any, Any]:
    """(days as ``datetime64[D]`` with NaT filled by a placeholder, mask of NaT)."""
    pd = load_pandas()
    np = load_numpy()
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
    pd = load_pandas()
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
    pd = load_pandas()
    np = load_numpy()
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
    return pd.Series(result, index=s.index, name=s.name, dtype=DAY_DTYPE)


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
    pd = load_pandas()
    np = load_numpy()
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
    pd = load_pandas()
    np = load_numpy()
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
    pd = load_pandas()
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
    return ordered_frame(
        {
            "case_id": string_series(cols[0]),
            "status": category_series(cols[1], ("assigned", "unassigned")),
            "caseworker_id": string_series(cols[2]),
            "previous": string_series(cols[3]),
            "switch": pd.Series(cols[4], dtype="bool"),
            "pinned": pd.Series(cols[5], dtype="bool"),
            "weight": pd.Series(cols[6], dtype="Float64"),
            "explanation": string_series(cols[7]),
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
    pd = load_pandas()
    ids = sorted(set(result.load_before) | set(result.load_after))

    def ratio(loads: Mapping[str, float], cw: str) -> float | None:
        cap = result.capacity.get(cw, 0.0)
        return loads.get(cw, 0.0) / cap if cap > 0 else None

    return ordered_frame(
        {
            "caseworker_id": string_series(ids),
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
    load_pandas()
    from boernesag.handover.render import sagsliste_frame

    return sagsliste_frame(sagsliste, lang)


# --------------------------------------------------------------------------- partitions

OnError = Literal["row", "raise"]


def _partition_cases(events: Any, on_error: OnError) -> tuple[list[Case], list[tuple[Any, str]]]:
    """The cases of one partition, and (case_id, error) for each case that could not be read."""
    pd = load_pandas()
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
    pd = load_pandas()
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
