"""Vectorized date arithmetic that matches :mod:`boernesag.periods` exactly.

Days are ``int64`` day numbers since 1970-01-01 (the ``datetime64[D]`` epoch, as in
:mod:`boernesag.calendar`'s array functions); instants are ``int64`` microseconds since
1970-01-01 00:00 UTC. :data:`NA` marks a missing day or instant.

* Months (law digest rules 2-3): the same day of the month; when the target month lacks it,
  the last day of the month, with the 1st of the next month as the alternative reading
  (:func:`boernesag.periods.add_months`).
* Working days: :meth:`boernesag.calendar.Calendar.add_working_days_array`.
* Extension of a citizen's deadline to the next working day (law digest rule 5;
  :func:`boernesag.periods.extend_to_working_day`).
* Hours are elapsed time: an instant plus ``hours * 3600`` seconds (law digest rule 2,
  :func:`boernesag.periods.add_hours`); Europe/Copenhagen's UTC offsets come from a
  transition table built once from the time-zone database.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from boernesag.calendar import Calendar
from boernesag.periods import COPENHAGEN, Period, Unit

if TYPE_CHECKING:
    import numpy.typing as npt

    Int64Array = npt.NDArray[np.int64]
else:
    Int64Array = Any

__all__ = [
    "DAY_US",
    "EPOCH_ORDINAL",
    "NA",
    "add_months",
    "day_number",
    "day_of_number",
    "end_dates",
    "extend",
    "instant_of_us",
    "local_day",
    "local_wall_to_utc",
    "months_before",
    "roll_forward",
    "us_of_instant",
]

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
NA = np.int64(np.iinfo(np.int64).min)
DAY_US = 86_400 * 1_000_000
HOUR_US = 3_600 * 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def day_number(day: date) -> int:
    """``day`` as a day number (days since 1970-01-01)."""
    return day.toordinal() - EPOCH_ORDINAL


def day_of_number(number: int) -> date:
    """A day number back as a ``date``."""
    return date.fromordinal(int(number) + EPOCH_ORDINAL)


def us_of_instant(ts: datetime) -> int:
    """An aware datetime as microseconds since the epoch (exact, no float)."""
    return (ts - _EPOCH) // timedelta(microseconds=1)


def instant_of_us(us: int) -> datetime:
    """Microseconds since the epoch as an aware Europe/Copenhagen datetime."""
    return (_EPOCH + timedelta(microseconds=int(us))).astimezone(COPENHAGEN)


def _as_days(days: Any) -> Int64Array:
    return np.asarray(days, dtype=np.int64)


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def civil(days: Any) -> tuple[Int64Array, Int64Array, Int64Array]:
    """Day numbers as (year, month, day) of the proleptic Gregorian calendar.

    Integer arithmetic (H. Hinnant's ``civil_from_days``), much faster than numpy's
    ``datetime64`` unit conversions.
    """
    z = _as_days(days) + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1_460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def from_civil(y: Any, m: Any, d: Any) -> Int64Array:
    """(year, month, day) as day numbers (``days_from_civil``); the inverse of :func:`civil`."""
    y = np.asarray(y, dtype=np.int64) - (np.asarray(m) <= 2)
    m = np.asarray(m, dtype=np.int64)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * np.where(m > 2, m - 3, m + 9) + 2) // 5 + np.asarray(d, dtype=np.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: Int64Array = era * 146_097 + doe - 719_468
    return out


def days_in_month(y: Int64Array, m: Int64Array) -> Int64Array:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    out: Int64Array = _MONTH_DAYS[m] + ((m == 2) & leap)
    return out


def add_months(days: Any, months: Any) -> tuple[Int64Array, Int64Array]:
    """``days`` plus ``months`` calendar months: ``(due, alternative)``.

    Matches :func:`boernesag.periods.add_months` with the default rounding: a missing day
    gives the last day of the target month, and the 1st of the next month as alternative
    (``NA`` where the day exists). ``months`` is an int or an array (broadcast).
    """
    y, m, d = civil(days)
    total = y * 12 + (m - 1) + np.asarray(months, dtype=np.int64)
    ny = total // 12
    nm = total - ny * 12 + 1
    length = days_in_month(ny, nm)
    ok = d <= length
    due = from_civil(ny, nm, np.minimum(d, length))
    alt = np.where(ok, NA, due + 1)
    return due, alt.astype(np.int64)


def end_dates(
    days: Any, amount: Any, unit: Unit, calendar: Calendar
) -> tuple[Int64Array, Int64Array]:
    """:meth:`boernesag.periods.Period.end_date` for arrays: ``(due, alternative)``.

    ``amount`` is an int or an array; hours have no end date (``ValueError``).
    """
    d = _as_days(days)
    n = np.asarray(amount, dtype=np.int64)
    if unit == Unit.MONTHS:
        return add_months(d, n)
    if unit == Unit.YEARS:
        return add_months(d, 12 * n)
    na = np.full(np.broadcast_shapes(d.shape, n.shape), NA, dtype=np.int64)
    if unit == Unit.DAYS:
        return d + n, na
    if unit == Unit.WEEKS:
        return d + 7 * n, na
    if unit == Unit.WORKING_DAYS:
        if d.size == 0:
            return d.copy(), na
        out = calendar.add_working_days_array(d.astype("datetime64[D]"), n)
        return out.astype(np.int64), na
    raise ValueError(f"{unit} har ingen slutdato")


def period_end(days: Any, period: Period, calendar: Calendar) -> tuple[Int64Array, Int64Array]:
    """:meth:`Period.end_date` of one period for an array of start days."""
    return end_dates(days, period.amount, period.unit, calendar)


def roll_forward(days: Any, calendar: Calendar) -> Int64Array:
    """:meth:`Calendar.roll_forward` for an array: the day if a working day, else the next."""
    d = _as_days(days)
    if d.size == 0:
        return d.copy()
    as_dt = d.astype("datetime64[D]")
    working = calendar.is_working_day_array(as_dt)
    nxt = calendar.add_working_days_array(as_dt, 1).astype(np.int64)
    return np.where(working, d, nxt)


def extend(
    due: Int64Array, alt: Int64Array, calendar: Calendar
) -> tuple[Int64Array, Int64Array, npt.NDArray[np.bool_]]:
    """The extension of ``deadlines._end_date``: ``(due, alternative, moved)``.

    A due day on a closed day moves to the next working day; the alternative moves only
    when the due day moved (as the scalar engine does).
    """
    new_due = roll_forward(due, calendar)
    moved = new_due != due
    has_alt = moved & (alt != NA)
    new_alt = alt.copy()
    if has_alt.any():
        new_alt[has_alt] = roll_forward(alt[has_alt], calendar)
    return new_due, new_alt, moved


def months_before(days: Any, period: Period) -> Int64Array:
    """``deadlines._months_before``: the earliest day a look-back period reaches."""
    d = _as_days(days)
    if period.unit == Unit.MONTHS:
        return add_months(d, -period.amount)[0]
    if period.unit == Unit.YEARS:
        return add_months(d, -12 * period.amount)[0]
    if period.unit == Unit.WEEKS:
        return d - 7 * period.amount
    return d - period.amount


# --------------------------------------------------------------------------- time zone


@functools.cache
def _transitions() -> tuple[Int64Array, Int64Array]:
    """Europe/Copenhagen's UTC offset changes 1900-2200: (instants in µs, offsets in µs).

    Probed once from the time-zone database: the offset at every UTC midnight, then the hour
    of each change (Copenhagen has changed offset only on whole hours).
    """
    start = datetime(1900, 1, 1, tzinfo=UTC)
    n_days = (datetime(2200, 1, 1, tzinfo=UTC) - start).days

    def offset(ts: datetime) -> int:
        off = ts.astimezone(COPENHAGEN).utcoffset()
        assert off is not None
        return off // timedelta(microseconds=1)

    instants = [us_of_instant(start) - 10**18]
    offsets = [offset(start)]
    previous = offsets[0]
    for k in range(1, n_days + 1):
        day = start + timedelta(days=k)
        current = offset(day)
        if current != previous:
            for h in range(1, 25):
                at = day - timedelta(days=1) + timedelta(hours=h)
                if offset(at) != previous:
                    instants.append(us_of_instant(at))
                    offsets.append(offset(at))
                    break
            previous = current
    return np.array(instants, dtype=np.int64), np.array(offsets, dtype=np.int64)


def utc_offset(us: Any) -> Int64Array:
    """Copenhagen's UTC offset (µs) at the instants ``us``."""
    instants, offsets = _transitions()
    i = np.searchsorted(instants, np.asarray(us, dtype=np.int64), side="right") - 1
    return offsets[np.maximum(i, 0)]


def local_day(us: Any) -> Int64Array:
    """The Copenhagen calendar day of the instants ``us`` (``deadlines._day_of``)."""
    u = np.asarray(us, dtype=np.int64)
    return (u + utc_offset(u)) // DAY_US


def local_wall_to_utc(days: Any, time_us: int) -> Int64Array:
    """The instant of the Copenhagen wall time ``time_us`` after midnight on ``days``.

    For wall times that exist exactly once (midnight, 23:59), which is all this engine asks.
    """
    wall = _as_days(days) * DAY_US + time_us
    guess = wall - utc_offset(wall - HOUR_US)
    off = utc_offset(guess)
    return wall - off
