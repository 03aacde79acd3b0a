"""How the law counts time: hours, working days, days, weeks, months, years and ages.

Every deadline boernesag computes goes through this module. It implements the law digest's
"How to count" rules:

* Rule 1. The trigger day is not counted: a period of *n* units starting on day *d* ends
  on *d* + *n* units, and runs to the end (23:59) of that day.
* Rule 2. Units are counted as the law names them, never converted: hours as elapsed hours
  in Europe/Copenhagen across daylight saving time (:func:`add_hours`), *hverdage* as
  working days (:meth:`boernesag.calendar.Calendar.add_working_days`), weeks as weeks
  (:func:`add_weeks`), months as months (:func:`add_months`), years as years
  (:func:`add_years`).
* Rule 3. Month end: when the target month has no such day the period ends on the last day
  of that month (forældelsesloven § 27 by analogy). That reading is not settled for the
  laws here, so the result, a :class:`PeriodEnd`, also carries the other reading (the 1st
  of the next month) and says so; it never hides the ambiguity.
* Rule 5. Extension: a citizen's deadline that ends on a Saturday, Sunday or public holiday
  moves to the next working day (:func:`extend_to_working_day`; JM vejledning nr. 9533 af
  26/6 2018). Whether a rule extends is the rule's choice, not this module's.
* Rule 7. Ages: a child is *N* on the *N*-th birthday; a child born on 29 February has the
  birthday on 28 February in common years by default (:class:`LeapDayRule`). *Which* ages
  change a child's rights is law, not counting: it is in ``law/data/vocabulary.toml``
  (:mod:`boernesag.law.vocabulary`: ``vocabulary().age(name, day)`` and ``milestones``),
  which replaced this module's former ``AGE_*`` constants and ``milestones``.

Everything here is pure: no I/O, no clock, no global state apart from the default calendar.
Dates are :class:`datetime.date`; times are aware :class:`datetime.datetime` in
Europe/Copenhagen (:data:`COPENHAGEN`). A naive time is read as Copenhagen wall time, and a
wall time that does not exist or exists twice is refused rather than guessed
(:func:`to_copenhagen`).

Errors: :class:`PeriodError` (a period or argument the law's counting cannot use) and its
subclass :class:`AmbiguousDateError` (a month end asked to be resolved with
:attr:`MonthRounding.RAISE`), both :class:`~boernesag.errors.BoernesagError` and
:class:`ValueError`; :class:`~boernesag.errors.NonexistentTimeError` and
:class:`~boernesag.errors.AmbiguousTimeError` for wall times. Passing a ``datetime`` where a
``date`` is expected (or the reverse) raises :class:`TypeError`: the calendar day of a
timestamp depends on the time zone, so the caller must take the Copenhagen date first.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import enum
import functools
import operator
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from types import MappingProxyType
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

import attrs

from boernesag.calendar import Calendar, default_calendar, require_day
from boernesag.errors import (
    AmbiguousTimeError,
    BoernesagError,
    CalendarRangeError,
    NonexistentTimeError,
)
from boernesag.messages import Message, MessageValueError

__all__ = [
    "COPENHAGEN",
    "ISO_DAY",
    "REASON_LEAP_DAY",
    "REASON_MONTH_END",
    "AmbiguousDateError",
    "Extension",
    "LeapDayRule",
    "MonthRounding",
    "Period",
    "PeriodEnd",
    "PeriodError",
    "PeriodRangeError",
    "Unit",
    "add_days",
    "add_hours",
    "add_months",
    "add_weeks",
    "add_years",
    "age_on",
    "as_of_day",
    "birthday",
    "date_of_age",
    "day_of",
    "extend_to_working_day",
    "format_date",
    "format_datetime",
    "is_leap_day_birth",
    "to_copenhagen",
]

#: The time zone of every Danish deadline (law digest rule 2).
COPENHAGEN: Final = ZoneInfo("Europe/Copenhagen")

#: A day written exactly ``YYYY-MM-DD`` in ASCII digits, as the case format, the rule files
#: and the command line take it (``fullmatch``). :meth:`date.fromisoformat` alone also reads
#: ``20240322`` and week dates, and so would read a CPR number typed into a date field.
ISO_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)

#: :attr:`PeriodEnd.reason` when the target month lacks the start's day (31 Oct + 4 months).
REASON_MONTH_END: Final = "month-end"
#: :attr:`PeriodEnd.reason` when a 29 February birthday falls in a common year.
REASON_LEAP_DAY: Final = "leap-day"


class PeriodError(BoernesagError, ValueError):
    """A period, amount or age that the law's way of counting cannot use.

    Raised for unreadable period text (``Period.parse("4 mdr")``), a unit used where it does
    not apply (hours in :meth:`Period.end_date`), negative ages and dates outside years
    1-9999.
    """


class PeriodRangeError(PeriodError, CalendarRangeError):
    """A result of period arithmetic would leave years 1-9999 (the message names the date).

    Both a :class:`PeriodError` (as before) and a :class:`~boernesag.errors.CalendarRangeError`
    (the kind of error every calendar limit raises), so callers may catch either.
    """


class AmbiguousDateError(PeriodError):
    """A month end has two readings and :attr:`MonthRounding.RAISE` asked not to choose."""


# --- Languages and formatting -------------------------------------------------------------

_WEEKDAYS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "da": ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    }
)
_WEEKDAY_NAMES_DA: Final = frozenset(
    ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
)


def _check_lang(lang: str) -> str:
    if lang not in _WEEKDAYS:
        raise MessageValueError("lang.unsupported", value=lang)
    return lang


def _check_date(value: object, where: str) -> date:
    """Refuse anything but a ``date``; the one check shared with the calendar."""
    if type(value) is date:  # the common case, without the isinstance chain
        return value
    require_day(value, where)
    assert isinstance(value, date)
    return value


def _check_datetime(value: object, where: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{where}() takes a datetime.datetime, got {type(value).__name__}")
    return value


def _check_int(value: object, where: str, what: str) -> int:
    """A whole number (``int`` or anything with ``__index__``, not ``bool``)."""
    if type(value) is int:
        return value
    if not isinstance(value, bool):
        try:
            return operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
    raise TypeError(f"{where}() takes a whole number of {what}, got {value!r}")


def format_date(day: date, lang: str = "da") -> str:
    """A date as users read it in explanations: weekday abbreviation and ``dd.mm.yyyy``.

    >>> format_date(date(2025, 2, 28))
    'fre 28.02.2025'
    >>> format_date(date(2025, 2, 28), "en")
    'Fri 28.02.2025'
    """
    _check_date(day, "format_date")
    names = _WEEKDAYS[_check_lang(lang)]
    return f"{names[day.weekday()]} {day:%d.%m.}{day.year:04d}"


def format_datetime(ts: datetime, lang: str = "da") -> str:
    """A time as Copenhagen wall time: ``"fre 22.03.2024 09:15"``.

    An aware time is converted to Europe/Copenhagen first; a naive one is read as Copenhagen
    wall time (:func:`to_copenhagen`). In the hour that occurs twice when summer time ends
    the zone is added, so the text stays unambiguous: ``"søn 27.10.2024 02:30 (CET)"``.

    >>> format_datetime(datetime(2024, 3, 22, 9, 15))
    'fre 22.03.2024 09:15'
    >>> format_datetime(datetime(2024, 3, 22, 8, 15, tzinfo=UTC), "en")
    'Fri 22.03.2024 09:15'
    """
    local = to_copenhagen(_check_datetime(ts, "format_datetime"))
    text = f"{format_date(local.date(), lang)} {local:%H:%M}"
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += f" ({local.tzname()})"
    return text


def _format_nominal(nominal: tuple[int, int, int]) -> str:
    """A day that may not exist (``(2025, 2, 31)`` → ``"31.02.2025"``), without weekday."""
    year, month, day = nominal
    return f"{day:02d}.{month:02d}.{year:04d}"


# --- Time of day: Europe/Copenhagen --------------------------------------------------------


def _offset(ts: datetime) -> str:
    offset = ts.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _wall(ts: datetime) -> str:
    return ts.replace(tzinfo=None, fold=0).isoformat(sep=" ", timespec="minutes")


def day_of(value: object) -> date | None:
    """The calendar day of a date, or the Copenhagen day of a datetime (a naive one is read
    as Copenhagen wall time); ``None`` for anything else.

    >>> day_of(datetime(2024, 3, 30, 23, 30, tzinfo=UTC))
    datetime.date(2024, 3, 31)
    """
    if type(value) is date:  # the usual case, one test (a datetime is a date too)
        return value
    if isinstance(value, datetime):
        return value.astimezone(COPENHAGEN).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    return None


def to_copenhagen(ts: datetime) -> datetime:
    """``ts`` as an aware time in Europe/Copenhagen, refusing to guess.

    * An aware time is converted (``astimezone``). Its own zone's ``fold`` is respected
      (PEP 495), so the times this module returns convert back to themselves; a wall time
      that does not exist in its own zone (``datetime(2024, 3, 31, 2, 30,
      tzinfo=COPENHAGEN)``) is refused like a naive one.
    * A naive time is read as Copenhagen wall time. When summer time starts (last Sunday of
      March, 02:00 → 03:00) the times from 02:00 to 02:59 do not exist:
      :class:`~boernesag.errors.NonexistentTimeError`. When it ends (last Sunday of October,
      03:00 → 02:00) the times from 02:00 to 02:59 exist twice:
      :class:`~boernesag.errors.AmbiguousTimeError`. A naive time's ``fold`` is ignored; give
      the UTC offset instead (``2024-10-27T02:30+01:00``).

    Detection compares the zone's UTC offset for ``fold=0`` and ``fold=1``; when they
    differ, a round trip through UTC tells a skipped time (it comes back different) from a
    repeated one (it comes back the same).

    >>> to_copenhagen(datetime(2024, 3, 30, 10, 0)).isoformat()
    '2024-03-30T10:00:00+01:00'
    >>> to_copenhagen(datetime(2024, 3, 31, 2, 30))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    boernesag.errors.NonexistentTimeError: 2024-03-31 02:30 findes ikke i Europe/Copenhagen: ...
    """
    _check_datetime(ts, "to_copenhagen")
    try:
        return _to_copenhagen(ts)
    except OverflowError:
        raise PeriodRangeError.from_key("period.time_outside", time=ts.isoformat()) from None


def _to_copenhagen(ts: datetime) -> datetime:
    """:func:`to_copenhagen` on a checked datetime (may overflow at years 1 and 9999)."""
    if type(ts.tzinfo) is timezone:  # a fixed offset (as events keep them): no wall time to check
        return ts.astimezone(COPENHAGEN)
    if ts.tzinfo is not None and ts.utcoffset() is not None:
        _check_wall_time(ts, ts.tzinfo, naive=False)
        return ts.astimezone(COPENHAGEN)
    local = ts.replace(tzinfo=COPENHAGEN, fold=0)
    _check_wall_time(local, COPENHAGEN, naive=True)
    return local


def as_of_day(as_of: date | datetime, *, what: Message | str | None = None) -> date:
    """The calendar day of ``as_of`` (a datetime's Copenhagen date), checked against the
    plausible window of :mod:`boernesag.bounds` (:func:`~boernesag.bounds.check_as_of`).

    Every engine calls this at its door, so that no ``as_of`` in year 1 or 9999 reaches the
    arithmetic: :class:`~boernesag.errors.CalendarRangeError` names the day and the window.
    A value that is not a date is a programming error: ``TypeError`` (as before).
    """
    from boernesag.bounds import EARLIEST, LATEST, check_as_of

    if isinstance(as_of, datetime):
        if not EARLIEST.year - 1 <= as_of.year <= LATEST.year + 1:
            # Far outside: refused before time zone arithmetic, which overflows at 1 and 9999.
            return check_as_of(as_of.date(), what=what)
        return check_as_of(to_copenhagen(as_of).date(), what=what)
    if isinstance(as_of, date):
        return check_as_of(as_of, what=what)
    raise TypeError(f"as_of skal være en dato, ikke {type(as_of).__name__}")


def _check_wall_time(ts: datetime, zone: object, *, naive: bool) -> None:
    """Raise if the wall time of ``ts`` (in its tzinfo) is skipped, or repeated and naive."""
    first = ts.replace(fold=0)
    second = ts.replace(fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before == after:
        return
    back = first.astimezone(UTC).astimezone(first.tzinfo)
    zone_name = str(zone)
    if back.replace(tzinfo=None) != first.replace(tzinfo=None):
        # fold=0 takes the offset before the transition, so a skipped time comes back later.
        raise NonexistentTimeError.from_key(
            "time.nonexistent",
            wall=_wall(ts),
            zone=zone_name,
            before=_offset(first),
            after=_offset(second),
        )
    if naive:
        raise AmbiguousTimeError.from_key(
            "time.ambiguous",
            wall=_wall(ts),
            zone=zone_name,
            first=_offset(first),
            first_name=str(first.tzname()),
            second=_offset(second),
            second_name=str(second.tzname()),
        )


def add_hours(ts: datetime, hours: int) -> datetime:
    """``ts`` plus ``hours`` elapsed hours, as an aware time in Europe/Copenhagen.

    Hours are elapsed time (law digest rule 2: "hours as elapsed hours (Europe/Copenhagen,
    across DST)"), so the sum is taken in UTC: 24 hours from 10:00 on the Saturday before
    summer time starts end at 11:00 wall time on the Sunday. Measured in UTC, ``result -
    start`` is always exactly ``hours * 3600`` seconds. (Python's ``aware + timedelta`` and
    the difference of two times in the same zone work on wall-clock time; this function
    does not.) A naive ``ts`` is read as Copenhagen wall time (:func:`to_copenhagen`).

    >>> add_hours(datetime(2024, 3, 30, 10, 0), 24).isoformat()
    '2024-03-31T11:00:00+02:00'
    >>> add_hours(datetime(2024, 10, 26, 12, 0), 24).isoformat()
    '2024-10-27T11:00:00+01:00'
    """
    n = _check_int(hours, "add_hours", "hours")
    start = to_copenhagen(_check_datetime(ts, "add_hours"))
    try:
        return (start.astimezone(UTC) + timedelta(hours=n)).astimezone(COPENHAGEN)
    except OverflowError:
        raise PeriodRangeError.from_key(
            "period.plus_outside", start=start.isoformat(), n=str(n), unit=Message("unit.hours")
        ) from None


# --- Calendar units: days, weeks, months, years ---------------------------------------------


def add_days(day: date, n: int) -> date:
    """``day`` plus ``n`` calendar days (the trigger day not counted, rule 1).

    >>> add_days(date(2024, 2, 28), 7)
    datetime.date(2024, 3, 6)
    """
    _check_date(day, "add_days")
    count = _check_int(n, "add_days", "days")
    try:
        return day + timedelta(days=count)
    except OverflowError:
        raise PeriodRangeError.from_key(
            "period.plus_outside", start=day.isoformat(), n=str(count), unit=Message("unit.days")
        ) from None


def add_weeks(day: date, n: int) -> date:
    """``day`` plus ``n`` weeks: the same weekday ``n`` weeks later.

    Weeks are counted as weeks, not converted to days (law digest rule 2; JM vejledning
    nr. 9533 af 26/6 2018 om beregning af klagefrister: weeks as weeks). For calendar dates
    the arithmetic is the same as ``7 * n`` days; the difference is in how the period is
    named and explained, and that it never mixes with a day count.

    >>> add_weeks(date(2024, 3, 22), 4)  # a klagefrist: Fri 22 Mar → Fri 19 Apr
    datetime.date(2024, 4, 19)
    """
    _check_date(day, "add_weeks")
    count = _check_int(n, "add_weeks", "weeks")
    try:
        return day + timedelta(weeks=count)
    except OverflowError:
        raise PeriodRangeError.from_key(
            "period.plus_outside", start=day.isoformat(), n=str(count), unit=Message("unit.weeks")
        ) from None


class MonthRounding(enum.StrEnum):
    """What a month addition does when the target month lacks the start's day.

    Compare the rounding modes of Catala's date library, which also refuses to decide this
    silently. Whatever the mode, :class:`PeriodEnd` keeps the other reading.
    """

    #: "Round down": the last day of the target month (forældelsesloven § 27: "I mangel af
    #: tilsvarende dag udløber fristen på den sidste dag i måneden"; law digest rule 3).
    #: The default.
    LAST_DAY = "last_day"
    #: "Round up": the first day of the following month.
    FIRST_OF_NEXT = "first_of_next"
    #: Do not choose: raise :class:`AmbiguousDateError`.
    RAISE = "raise"


@attrs.frozen
class PeriodEnd:
    """The last day of a period (or the day of an age), with the other reading if any.

    Attributes:
        due: the day the period ends under the chosen rule (the trigger day is not counted;
            the period runs to the end of this day).
        alternative: the other reasonable reading, set only when the law's wording does not
            settle the day (a month end, a 29 February birthday); otherwise ``None``.
        reason: machine code of the ambiguity: :data:`REASON_MONTH_END` or
            :data:`REASON_LEAP_DAY`; ``None`` when unambiguous.
        nominal: the ``(year, month, day)`` that the count lands on but that does not exist,
            e.g. ``(2025, 2, 31)``; ``None`` when unambiguous.

    ``ambiguous`` is derived: ``alternative is not None``. Either all three of
    ``alternative``, ``reason`` and ``nominal`` are set, or none is.
    """

    due: date
    alternative: date | None = None
    reason: str | None = None
    nominal: tuple[int, int, int] | None = None

    def __attrs_post_init__(self) -> None:
        _check_date(self.due, "PeriodEnd")
        set_ = [x is not None for x in (self.alternative, self.reason, self.nominal)]
        if any(set_) and not all(set_):
            raise ValueError(
                "PeriodEnd: alternative, reason and nominal must be given together "
                f"(got alternative={self.alternative!r}, reason={self.reason!r}, "
                f"nominal={self.nominal!r})"
            )
        if self.alternative is not None:
            _check_date(self.alternative, "PeriodEnd")
            if self.alternative == self.due:
                raise ValueError(f"PeriodEnd: alternative equals due ({self.due.isoformat()})")
            if self.reason not in (REASON_MONTH_END, REASON_LEAP_DAY):
                raise ValueError(f"PeriodEnd: unknown reason {self.reason!r}")

    @property
    def ambiguous(self) -> bool:
        """Whether the law's wording allows another day (``alternative`` is set)."""
        return self.alternative is not None

    def describe(self, lang: str = "da") -> str:
        """A short sentence for an explanation: which day, and the other reading if any.

        >>> add_months(date(2024, 10, 31), 4).describe()
        '31.02.2025 findes ikke; fristen er sat til den sidste dag i måneden, fre 28.02.2025 (alternativ læsning: lør 01.03.2025)'
        >>> add_months(date(2024, 1, 15), 4).describe("en")
        'Wed 15.05.2024 (unambiguous)'
        """
        lang = _check_lang(lang)
        due = format_date(self.due, lang)
        if self.alternative is None or self.nominal is None:
            return f"{due} (entydig)" if lang == "da" else f"{due} (unambiguous)"
        alt = format_date(self.alternative, lang)
        missing = _format_nominal(self.nominal)
        earlier = self.due < self.alternative
        if self.reason == REASON_LEAP_DAY:
            y = self.nominal[0]
            bday, other = (date(y, 2, 28), date(y, 3, 1))
            if not earlier:
                bday, other = other, bday
            if lang == "da":
                basis = "forældelseslovens § 27 analogt" if earlier else "valgt regel"
                return (
                    f"barnet er født 29. februar, og {missing} findes ikke; fødselsdagen regnes "
                    f"som {format_date(bday, lang)} ({basis}), så datoen er {due} "
                    f"(alternativ læsning med fødselsdag {format_date(other, lang)}: {alt})"
                )
            basis = "forældelsesloven § 27 by analogy" if earlier else "chosen rule"
            return (
                f"the child was born on 29 February and {missing} does not exist; the birthday "
                f"is taken as {format_date(bday, lang)} ({basis}), so the date is {due} "
                f"(other reading, birthday {format_date(other, lang)}: {alt})"
            )
        if lang == "da":
            rule = "den sidste dag i måneden" if earlier else "den første dag i næste måned"
            return (
                f"{missing} findes ikke; fristen er sat til {rule}, {due} "
                f"(alternativ læsning: {alt})"
            )
        rule = "the last day of the month" if earlier else "the first day of the next month"
        return (
            f"{missing} does not exist; the deadline is set to {rule}, {due} (other reading: {alt})"
        )


@functools.lru_cache(maxsize=1024)
def _months_delta(months: int) -> relativedelta:
    """``relativedelta(months=months)``, made once per count (it is immutable in use here:
    only added to a date)."""
    from dateutil.relativedelta import relativedelta  # first call only (memoised after)

    return relativedelta(months=months)


@functools.lru_cache(maxsize=65_536)
def _month_shift(day: date, months: int, rounding: MonthRounding) -> PeriodEnd:
    """``day`` plus ``months`` by :class:`dateutil.relativedelta.relativedelta`, which keeps
    the day of the month and clamps a missing one to the month's last day; the clamp is the
    month-end ambiguity (law digest rule 3), returned with the other reading.

    Memoised: the result is immutable, and batches ask for the same (day, months) often.
    A day of the month up to the 28th exists in every month, so there is nothing to clamp and
    relativedelta's result is the same day in the target month: that is computed directly
    (the cold path of a caseload; the Hypothesis test checks both paths against independently
    written month arithmetic).
    """
    if day.day <= 28:
        total = day.year * 12 + day.month - 1 + months
        year = total // 12
        if not 1 <= year <= 9999:
            raise PeriodRangeError.from_key(
                "period.plus_outside",
                start=day.isoformat(),
                n=str(months),
                unit=Message("unit.months"),
            )
        return PeriodEnd(date(year, total % 12 + 1, day.day))
    try:
        shifted: date = day + _months_delta(months)
    except (ValueError, OverflowError):
        raise PeriodRangeError.from_key(
            "period.plus_outside",
            start=day.isoformat(),
            n=str(months),
            unit=Message("unit.months"),
        ) from None
    if shifted.day == day.day:
        return PeriodEnd(shifted)
    # The day is missing and relativedelta took the month's last day: only Feb, Apr, Jun,
    # Sep, Nov lack days, so the 1st of the next month is always in the same year.
    last_day = shifted
    first_next = date(shifted.year, shifted.month + 1, 1)
    nominal = (shifted.year, shifted.month, day.day)
    if rounding == MonthRounding.RAISE:
        raise AmbiguousDateError.from_key(
            "period.month_end",
            day=day.isoformat(),
            months=f"{months:+d}",
            nominal=_format_nominal(nominal),
            last=last_day.isoformat(),
            first=first_next.isoformat(),
        )
    if rounding == MonthRounding.FIRST_OF_NEXT:
        return PeriodEnd(first_next, last_day, REASON_MONTH_END, nominal)
    return PeriodEnd(last_day, first_next, REASON_MONTH_END, nominal)


def add_months(
    day: date, months: int, rounding: MonthRounding = MonthRounding.LAST_DAY
) -> PeriodEnd:
    """``day`` plus ``months`` calendar months: the same day of the month (rule 2).

    When the target month has no such day (31 October + 4 months), the period ends on the
    **last day of that month** (law digest rule 3; forældelsesloven § 27 by analogy), and the
    result carries the other reading, the 1st of the next month, as ``alternative`` with
    ``reason="month-end"``. ``ambiguous`` is true exactly when the day is missing.

    ``months`` may be negative ("6 months before the 18th birthday"). The same rule applies:
    the primary reading is still the last day of the month, which for a count backwards is
    the *earlier* day. For a duty that must be done "at least 6 months before", the earlier
    day is the stricter one for the municipality and so protects the young person; for a
    forward count of a municipal deadline it is likewise the earlier, stricter day.

    ``rounding`` chooses the primary reading (:class:`MonthRounding`); ``RAISE`` raises
    :class:`AmbiguousDateError` instead of choosing.

    >>> add_months(date(2024, 10, 31), 4)
    PeriodEnd(due=datetime.date(2025, 2, 28), alternative=datetime.date(2025, 3, 1), reason='month-end', nominal=(2025, 2, 31))
    >>> add_months(date(2024, 1, 15), 4).due
    datetime.date(2024, 5, 15)
    """
    _check_date(day, "add_months")
    count = _check_int(months, "add_months", "months")
    if type(rounding) is not MonthRounding:
        rounding = MonthRounding(rounding)
    return _month_shift(day, count, rounding)


def add_years(day: date, years: int, rounding: MonthRounding = MonthRounding.LAST_DAY) -> PeriodEnd:
    """``day`` plus ``years`` years: the same day and month (``add_months(day, 12 * years)``).

    29 February plus a number of years that lands in a common year is ambiguous in the same
    way as a month end: 28 February (primary, rule 3) or 1 March (``alternative``).

    >>> add_years(date(2024, 2, 29), 1).due
    datetime.date(2025, 2, 28)
    """
    _check_date(day, "add_years")
    count = _check_int(years, "add_years", "years")
    return _month_shift(day, 12 * count, MonthRounding(rounding))


# --- Periods as the rule data name them --------------------------------------------------------


class Unit(enum.StrEnum):
    """The units the statutes count in (law digest rule 2; sources.md § 5)."""

    HOURS = "hours"
    WORKING_DAYS = "working_days"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


#: Words :meth:`Period.parse` accepts for each unit: the canonical name, its singular, and
#: the Danish words :meth:`Period.describe` writes (``hverdage`` and ``arbejdsdage`` are both
#: working days, rule 4).
_UNIT_WORDS: Final[Mapping[str, Unit]] = MappingProxyType(
    {
        "hours": Unit.HOURS,
        "hour": Unit.HOURS,
        "timer": Unit.HOURS,
        "time": Unit.HOURS,
        "working_days": Unit.WORKING_DAYS,
        "working_day": Unit.WORKING_DAYS,
        "hverdage": Unit.WORKING_DAYS,
        "hverdag": Unit.WORKING_DAYS,
        "arbejdsdage": Unit.WORKING_DAYS,
        "arbejdsdag": Unit.WORKING_DAYS,
        "days": Unit.DAYS,
        "day": Unit.DAYS,
        "dage": Unit.DAYS,
        "dag": Unit.DAYS,
        "weeks": Unit.WEEKS,
        "week": Unit.WEEKS,
        "uger": Unit.WEEKS,
        "uge": Unit.WEEKS,
        "months": Unit.MONTHS,
        "month": Unit.MONTHS,
        "måneder": Unit.MONTHS,
        "måned": Unit.MONTHS,
        "years": Unit.YEARS,
        "year": Unit.YEARS,
        "år": Unit.YEARS,
    }
)

#: (singular, plural) per unit and language, for :meth:`Period.describe`.
_UNIT_NAMES: Final[Mapping[Unit, Mapping[str, tuple[str, str]]]] = MappingProxyType(
    {
        Unit.HOURS: {"da": ("time", "timer"), "en": ("hour", "hours")},
        Unit.WORKING_DAYS: {"da": ("hverdag", "hverdage"), "en": ("working day", "working days")},
        Unit.DAYS: {"da": ("dag", "dage"), "en": ("day", "days")},
        Unit.WEEKS: {"da": ("uge", "uger"), "en": ("week", "weeks")},
        Unit.MONTHS: {"da": ("måned", "måneder"), "en": ("month", "months")},
        Unit.YEARS: {"da": ("år", "år"), "en": ("year", "years")},
    }
)

_PERIOD_RE: Final = re.compile(r"\s*([0-9]+)\s+([^\W\d]+(?:\s+[^\W\d]+)?)\s*")


def _check_amount(_: object, __: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Period.amount must be an int, got {value!r}")
    if value < 0:
        raise PeriodError.from_key("period.negative", value=str(value))


@attrs.frozen
class Period:
    """A length of time as a rule names it: an amount and a :class:`Unit`.

    ``str(period)`` is the rule-file form (``"4 months"``) and :meth:`parse` reads it back.
    Periods are never converted between units (law digest rule 2): 4 weeks is not 28 days
    in an explanation, and 1 month is not 30 days anywhere.

    >>> p = Period.parse("4 months")
    >>> p, str(p), p.describe(), p.describe("en")
    (Period(amount=4, unit=<Unit.MONTHS: 'months'>), '4 months', '4 måneder', '4 months')
    >>> p.end_date(date(2024, 10, 31)).due
    datetime.date(2025, 2, 28)
    """

    amount: int = attrs.field(validator=_check_amount)
    unit: Unit = attrs.field(converter=Unit)
    #: the statute's own Danish word for working days where it says *arbejdsdage* (OFL § 36,
    #: FVL § 16), kept for the explanation; the count is the same working-day calendar, so
    #: it takes no part in equality
    arbejdsdage: bool = attrs.field(default=False, eq=False, repr=False)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.value}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``"<amount> <unit>"``, e.g. ``"4 months"``, ``"6 working_days"``, ``"24 hours"``.

        The amount is a whole number ≥ 0. The unit is a :class:`Unit` value, its singular
        (``"1 month"``), the words :meth:`describe` writes (``"6 working days"``,
        ``"6 hverdage"``, ``"4 måneder"``) or ``"arbejdsdage"``, in any letter case; so
        ``Period.parse(p.describe(lang)) == p``. Anything else raises :class:`PeriodError`
        naming the text and the accepted units.
        """
        if not isinstance(text, str):
            raise TypeError(f"Period.parse() takes a str, got {type(text).__name__}")
        match = _PERIOD_RE.fullmatch(text)
        unit = _UNIT_WORDS.get("_".join(match.group(2).lower().split())) if match else None
        if match is None or unit is None:
            units = ", ".join(u.value for u in Unit)
            raise PeriodError.from_key("period.unreadable", value=repr(text), units=units)
        word = "_".join(match.group(2).lower().split())
        return cls(int(match.group(1)), unit, arbejdsdage=word in ("arbejdsdage", "arbejdsdag"))

    def describe(self, lang: str = "da") -> str:
        """The period in words: ``"4 måneder"``, ``"1 hverdag"``; ``"24 hours"`` in English;
        ``"7 arbejdsdage"`` for a period written in the statute's word *arbejdsdage*."""
        singular, plural = _UNIT_NAMES[self.unit][_check_lang(lang)]
        if self.arbejdsdage and lang == "da":
            singular, plural = "arbejdsdag", "arbejdsdage"
        return f"{self.amount} {singular if self.amount == 1 else plural}"

    def end_date(
        self,
        start: date,
        calendar: Calendar | None = None,
        rounding: MonthRounding = MonthRounding.LAST_DAY,
    ) -> PeriodEnd:
        """The last day of the period that starts with the trigger day ``start``.

        The trigger day is not counted (rule 1): ``start`` + the period. Working days use
        ``calendar`` (default :func:`~boernesag.calendar.default_calendar`): the
        ``amount``-th working day strictly after ``start``. Months and years may be
        ambiguous at a month end (:func:`add_months`); days, weeks and working days never
        are. Hours are elapsed time and have no end *date*: use :meth:`end_time`.

        No extension to a working day is applied here (see :func:`extend_to_working_day`).
        """
        _check_date(start, "Period.end_date")
        unit = self.unit
        if unit == Unit.HOURS:
            raise PeriodError.from_key("period.hours_from_date", period=str(self))
        if unit == Unit.WORKING_DAYS:
            cal = calendar if calendar is not None else default_calendar()
            return PeriodEnd(cal.add_working_days(start, self.amount))
        if unit == Unit.DAYS:
            return PeriodEnd(add_days(start, self.amount))
        if unit == Unit.WEEKS:
            return PeriodEnd(add_weeks(start, self.amount))
        if unit == Unit.MONTHS:
            return add_months(start, self.amount, rounding)
        return add_years(start, self.amount, rounding)

    def end_time(self, start: datetime) -> datetime:
        """The end of an hour period: ``start`` plus ``amount`` elapsed hours (:func:`add_hours`).

        Only for :attr:`Unit.HOURS`; other units count calendar days, use :meth:`end_date`.
        """
        if self.unit != Unit.HOURS:
            raise PeriodError.from_key("period.days_from_time", period=str(self))
        return add_hours(start, self.amount)


# --- Extension of citizens' deadlines -----------------------------------------------------


@attrs.frozen
class Extension:
    """The result of moving a deadline off a closed day (:func:`extend_to_working_day`).

    Attributes:
        original: the day the period ended.
        due: ``original`` if it is a working day, else the next working day.
        moved: ``due != original``.
        reason: why ``original`` is closed, in Danish as the calendar names it (``"lørdag"``,
            ``"Langfredag"``, ``"Anden påskedag"``); ``None`` when not moved.
    """

    original: date
    due: date
    moved: bool
    reason: str | None

    def describe(self, lang: str = "da") -> str:
        """A sentence for an explanation.

        >>> extend_to_working_day(date(2024, 4, 27)).describe()
        'fristen sluttede lør 27.04.2024 og flyttes til næste hverdag, man 29.04.2024'
        >>> extend_to_working_day(date(2024, 4, 1)).describe("en")
        'the deadline ended on Mon 01.04.2024 (Anden påskedag) and moves to the next working day, Tue 02.04.2024'
        """
        lang = _check_lang(lang)
        original = format_date(self.original, lang)
        due = format_date(self.due, lang)
        if not self.moved:
            if lang == "da":
                return f"fristen slutter {original}, en hverdag, og flyttes ikke"
            return f"the deadline ends on {original}, a working day, and does not move"
        # The weekday is already in the date; name a holiday or closure day.
        why = ""
        if self.reason is not None and self.reason.lower() not in _WEEKDAY_NAMES_DA:
            why = f" ({self.reason})"
        if lang == "da":
            return f"fristen sluttede {original}{why} og flyttes til næste hverdag, {due}"
        return f"the deadline ended on {original}{why} and moves to the next working day, {due}"


def extend_to_working_day(day: date, calendar: Calendar | None = None) -> Extension:
    """Move a deadline that ends on a closed day to the next working day.

    Law digest rule 5: a **citizen's** deadline (e.g. the klagefrist, RSL § 67) that ends on
    a Saturday, Sunday or public holiday moves to the next working day (JM vejledning nr.
    9533 af 26/6 2018 om beregning af klagefrister, followed by Ankestyrelsen; compare
    forældelsesloven § 27 stk. 2). Nothing was found saying the same of the municipality's
    own deadlines, so rules do not extend unless their data say so; this function only
    computes the move.

    ``calendar`` decides which days are closed (default: Danish public holidays and
    weekends, :func:`~boernesag.calendar.default_calendar`).

    >>> extend_to_working_day(date(2024, 3, 29)).due  # Langfredag → Tue after Easter Monday
    datetime.date(2024, 4, 2)
    """
    _check_date(day, "extend_to_working_day")
    cal = calendar if calendar is not None else default_calendar()
    due = cal.roll_forward(day)
    moved = due != day
    return Extension(day, due, moved, cal.closure_reason(day) if moved else None)


# --- Ages -----------------------------------------------------------------------------------


class LeapDayRule(enum.StrEnum):
    """Which day a child born on 29 February has its birthday in a common year.

    Not settled in Danish law (law digest rule 7; sources.md § 3). The default applies the
    month-end rule of forældelsesloven § 27 by analogy, like :func:`add_years`.
    """

    #: 28 February (default): the last day of the month, forældelsesloven § 27 by analogy.
    FEB_28 = "feb28"
    #: 1 March: the day after 28 February (the reading of e.g. German BGB § 188).
    MAR_1 = "mar1"


def is_leap_day_birth(birth: date) -> bool:
    """Whether ``birth`` is 29 February (the child's birthday is missing in common years)."""
    _check_date(birth, "is_leap_day_birth")
    return birth.month == 2 and birth.day == 29


def _check_age(value: object, where: str) -> int:
    age = _check_int(value, where, "years")
    if age < 0:
        raise PeriodError.from_key("age.negative", where=where, age=str(age))
    return age


def _birthday(birth: date, age: int, rule: LeapDayRule) -> date:
    year = birth.year + age
    if year > 9999:
        raise PeriodRangeError.from_key(
            "age.birthday_after_9999", age=str(age), birth=birth.isoformat()
        )
    if is_leap_day_birth(birth) and not _stdlib_calendar.isleap(year):
        return date(year, 2, 28) if rule == LeapDayRule.FEB_28 else date(year, 3, 1)
    return birth.replace(year=year)


def birthday(birth: date, age: int, rule: LeapDayRule = LeapDayRule.FEB_28) -> date:
    """The day a child born on ``birth`` turns ``age`` ("fyldt N år": on the N-th birthday).

    A child born on 29 February turns ``age`` on 28 February of a common year by default,
    on 1 March with :attr:`LeapDayRule.MAR_1` (law digest rule 7).

    >>> birthday(date(2008, 2, 29), 18)
    datetime.date(2026, 2, 28)
    >>> birthday(date(2008, 2, 29), 18, LeapDayRule.MAR_1)
    datetime.date(2026, 3, 1)
    """
    _check_date(birth, "birthday")
    if type(rule) is not LeapDayRule:
        rule = LeapDayRule(rule)
    return _birthday(birth, _check_age(age, "birthday"), rule)


def age_on(birth: date, day: date, rule: LeapDayRule = LeapDayRule.FEB_28) -> int:
    """The child's age in whole years on ``day`` (the largest N with ``birthday(N) <= day``).

    Consistent with :func:`birthday` under the same ``rule``: a child is N on its N-th
    birthday and N - 1 the day before. ``day`` before ``birth`` raises :class:`PeriodError`.

    >>> age_on(date(2008, 2, 29), date(2026, 2, 28)), age_on(date(2008, 2, 29), date(2026, 2, 27))
    (18, 17)
    """
    _check_date(birth, "age_on")
    _check_date(day, "age_on")
    rule = LeapDayRule(rule)
    if day < birth:
        raise PeriodError.from_key("age.before_birth", day=day.isoformat(), birth=birth.isoformat())
    age = day.year - birth.year
    if _birthday(birth, age, rule) > day:
        age -= 1
    return age


def date_of_age(
    birth: date,
    years: int,
    months: int = 0,
    rule: LeapDayRule = LeapDayRule.FEB_28,
    rounding: MonthRounding = MonthRounding.LAST_DAY,
) -> PeriodEnd:
    """The day a child born on ``birth`` reaches ``years`` years and ``months`` months.

    ``months == 0``: the ``years``-th birthday (:func:`birthday`). ``months`` 1-11: the
    next birthday minus ``12 - months`` calendar months, the way the law states it: the
    ungestøtte decision is due "senest 6 måneder forud for ophør af en anbringelse ved det
    fyldte 18. år" (BL § 111 stk. 1), i.e. 18th birthday minus 6 months = 17 years 6 months.

    Ambiguity is returned, not hidden:

    * a month end in the count back (31 August 2026 - 6 months) gives the last day of the
      month (:func:`add_months`; the earlier, stricter day) with the 1st of the next month
      as ``alternative`` and ``reason="month-end"``;
    * a child born on 29 February whose anchor birthday falls in a common year gives the
      ``rule``'s reading with the other :class:`LeapDayRule`'s as ``alternative`` and
      ``reason="leap-day"``; ``nominal`` is the missing 29 February.

    >>> date_of_age(date(2008, 8, 31), 17, 6).due
    datetime.date(2026, 2, 28)
    >>> date_of_age(date(2008, 2, 29), 17, 6)
    PeriodEnd(due=datetime.date(2025, 8, 28), alternative=datetime.date(2025, 9, 1), reason='leap-day', nominal=(2026, 2, 29))
    """
    _check_date(birth, "date_of_age")
    age = _check_age(years, "date_of_age")
    m = _check_int(months, "date_of_age", "months")
    if not 0 <= m <= 11:
        raise PeriodError.from_key("age.months_range", value=str(m))
    if type(rule) is not LeapDayRule:
        rule = LeapDayRule(rule)
    if type(rounding) is not MonthRounding:
        rounding = MonthRounding(rounding)
    return _date_of_age(birth, age, m, rule, rounding)


@functools.lru_cache(maxsize=1 << 16)
def _date_of_age(
    birth: date, age: int, m: int, rule: LeapDayRule, rounding: MonthRounding
) -> PeriodEnd:
    """:func:`date_of_age` on checked arguments, memoised (a pure function; every rule on
    ages asks it again for the same child)."""
    anchor_age = age if m == 0 else age + 1
    back = 0 if m == 0 else m - 12

    def reading(r: LeapDayRule) -> PeriodEnd:
        anchor = _birthday(birth, anchor_age, r)
        return _month_shift(anchor, back, rounding) if back else PeriodEnd(anchor)

    primary = reading(rule)
    anchor_year = birth.year + anchor_age
    if is_leap_day_birth(birth) and not _stdlib_calendar.isleap(anchor_year):
        other = reading(LeapDayRule.MAR_1 if rule == LeapDayRule.FEB_28 else LeapDayRule.FEB_28)
        # The anchor is 28 Feb or 1 Mar, days every month has: no month-end ambiguity too.
        assert not primary.ambiguous
        assert not other.ambiguous
        return PeriodEnd(primary.due, other.due, REASON_LEAP_DAY, (anchor_year, 2, 29))
    return primary
