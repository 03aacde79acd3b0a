"""Danish working days (*hverdage*, *arbejdsdage*).

Legal basis (law digest, "How to count", rule 4): a working day is Monday to Friday except the
Danish public holidays (*helligdage*), as the ``holidays`` package describes them. Store
Bededag is a holiday up to 2023 and an ordinary working day from 2024 (lov nr. 214 af
06/03/2023). Grundlovsdag (5 June), 24 December and 31 December are **not** holidays by law;
like 1 May they are only customary days off. A :class:`Calendar` can close them too
(``optional_days=True``) and can close a municipality's own days (``extra_closed``).

Counting semantics (one rule for every function here):

* ``add_working_days(d, n)`` with ``n > 0`` is the *n*-th working day strictly after ``d``
  (counting starts the day after ``d``, whether or not ``d`` is itself a working day, rule 1);
  with ``n < 0`` it is the ``|n|``-th working day strictly before ``d``; with ``n == 0`` it is
  ``d`` unchanged, even when ``d`` is not a working day (use :func:`roll_forward` for that).
* ``working_days_between(a, b)`` is the number of working days in the half-open interval
  ``(a, b]`` when ``a <= b``, and ``-working_days_between(b, a)`` when ``b < a``.
* Hence ``working_days_between(d, add_working_days(d, n)) == n`` for every ``d`` when
  ``n >= 0``, and for every working day ``d`` and every ``n``. For ``n < 0`` and a ``d`` that
  is not a working day the result is ``n + 1``: the interval ``(result, d]`` does not count the
  closed day ``d`` (e.g. one working day before a Saturday is the Friday, and no working day
  lies in ``(Friday, Saturday]``).

Dates are :class:`datetime.date`. A :class:`datetime.datetime` is refused with
:class:`TypeError`: which calendar day a timestamp falls on depends on the time zone, so the
caller must take the Europe/Copenhagen date first.

Speed: each calendar precomputes, on first use, an index over ``first_year``..``last_year``
(by default 1990-2080) so that every scalar call is a few list look-ups. Dates outside that
span take a slower path (year by year) that gives the same answers. Years the ``holidays``
package does not describe for Denmark (before 1771 or after 2100 in holidays 0.109) raise
:class:`~boernesag.errors.CalendarRangeError` instead of being guessed.

Importing this module imports neither ``holidays`` nor ``numpy``; ``holidays`` is imported when
the first index is built, ``numpy`` only by the ``*_array`` methods.
"""

from __future__ import annotations

import bisect
import functools
import operator
import threading
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from boernesag.errors import CalendarRangeError
from boernesag.messages import Message

if TYPE_CHECKING:  # numpy is optional: without it these annotations are Any
    import numpy as np  # type: ignore[import-not-found, unused-ignore]
    import numpy.typing as npt  # type: ignore[import-not-found, unused-ignore]

__all__ = [
    "Calendar",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "require_day",
    "roll_forward",
    "working_days_between",
]

#: Danish weekday names, Monday first, as ``date.weekday()`` numbers them.
_WEEKDAY_NAMES: Final = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
#: The reason given for a day in ``Calendar.extra_closed``.
_EXTRA_CLOSED: Final = "lukkedag"
#: ``numpy.datetime64[D]`` counts days from 1970-01-01; ``date.toordinal()`` from 0001-01-01.
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
_BUILD_LOCK: Final = threading.Lock()


# --- Holiday data (the ``holidays`` package, imported lazily) -----------------------------------


@functools.cache
def _supported_years() -> tuple[int, int]:
    """First and last year the ``holidays`` package describes for Denmark."""
    from holidays import country_holidays

    denmark = country_holidays("DK")
    return int(denmark.start_year), int(denmark.end_year)


def _range_text(year: int, first: int, last: int, day: date | None = None) -> Message:
    """The message of a working-day calculation outside the holiday data."""
    years = f"{first}-{last}"
    if day is None:
        return Message("calendar.beyond", year=str(year), years=years)
    return Message("calendar.beyond_from", day=day.isoformat(), year=str(year), years=years)


def _check_year(year: int) -> None:
    first, last = _supported_years()
    if not first <= year <= last:
        raise CalendarRangeError.from_message(_range_text(year, first, last))


def _closed_days(first: int, last: int, optional: bool) -> dict[date, str]:
    """Danish holidays (and the optional days if ``optional``) of years ``first..last``.

    Names are Danish (``language="da"``), e.g. ``"Langfredag"``, ``"Store bededag"``.
    """
    from holidays import country_holidays
    from holidays.constants import OPTIONAL, PUBLIC

    _check_year(first)
    _check_year(last)
    categories = (PUBLIC, OPTIONAL) if optional else (PUBLIC,)
    table = country_holidays(
        "DK", years=range(first, last + 1), language="da", categories=categories
    )
    return dict(sorted(table.items()))


@functools.cache
def _holiday_names(year: int, optional: bool) -> Mapping[date, str]:
    """:func:`_closed_days` of one year, cached and read-only."""
    return MappingProxyType(_closed_days(year, year, optional))


# --- Argument checks ---------------------------------------------------------------------------


def require_day(value: object, where: str) -> None:
    """Refuse anything but a ``date`` (a ``datetime`` is refused: its day depends on the zone).

    ``where`` names the function the caller was given the value in (``"add_months"``), so
    the ``TypeError`` tells the user which call was wrong. Shared by the calendar and
    :mod:`boernesag.periods`: one wording of "a day, not a timestamp" for every date
    argument of the library.
    """
    if isinstance(value, datetime):
        raise TypeError(
            f"{where}() takes a datetime.date, not a datetime ({value!r}): the calendar day of "
            "a timestamp depends on the time zone; pass the Europe/Copenhagen date"
        )
    if not isinstance(value, date):
        raise TypeError(f"{where}() takes a datetime.date, got {type(value).__name__}")


def _check_count(value: object, where: str) -> int:
    """A whole number of working days (``int`` or anything with ``__index__``, not ``bool``)."""
    if not isinstance(value, bool):
        try:
            return operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
    raise TypeError(f"{where}() takes a whole number of working days, got {value!r}")


def _to_dates(value: Iterable[date]) -> frozenset[date]:
    return frozenset(value)


def _to_weekdays(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _validate_extra_closed(_: object, __: attrs.Attribute[Any], value: frozenset[date]) -> None:
    for day in value:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"Calendar.extra_closed must hold datetime.date values, got {day!r}")


def _validate_weekend(_: object, __: attrs.Attribute[Any], value: frozenset[int]) -> None:
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 6:
            raise ValueError(
                f"Calendar.weekend must hold weekday numbers 0 (Monday) to 6 (Sunday), "
                f"got {number!r}"
            )
    if len(value) == 7:
        raise ValueError("Calendar.weekend cannot close all seven weekdays")


def _validate_year(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Calendar.{attribute.name} must be an int year, got {value!r}")


def _validate_bool(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"Calendar.{attribute.name} must be True or False, got {value!r}")


# --- The calendar ------------------------------------------------------------------------------


#: The working-day index over the precomputed span, a plain tuple (unpacking an exact tuple is
#: the fastest way to get several values in the hot paths):
#: ``(base, size, nwork, upto, first, work)``. The span is the ordinals ``base .. base + size - 1``.
#: Its working days are numbered 0, 1, ... in date order: ``work[k]`` (``nwork`` of them). For
#: the day ``base + i``, ``upto[i]`` is the number of the last working day on or before it (-1
#: if none) and ``first[i]`` the number of the first working day on or after it (``nwork`` if
#: none); the day is a working day exactly when ``upto[i] == first[i]``.
_Index = tuple[int, int, int, list[int], list[int], list[date]]


@attrs.frozen(kw_only=True)
class Calendar:
    """A Danish working-day calendar (*hverdage*).

    A day is a working day unless it is a weekend day (``weekend``, by default Saturday and
    Sunday), a Danish public holiday, an optional closure day when ``optional_days`` is true,
    or one of ``extra_closed`` (law digest rule 4).

    Args:
        extra_closed: a municipality's own closure days (*lukkedage*), any iterable of dates.
        optional_days: also close the ``holidays`` package's optional Danish days: 1 May
            (Arbejdernes kampdag), Grundlovsdag (5 June), Juleaftensdag (24 December) and
            Nytårsaften (31 December). None of these is a public holiday by law; off by
            default.
        weekend: weekday numbers (0 = Monday … 6 = Sunday) that are never working days.
        first_year, last_year: the span precomputed for fast look-ups. Dates outside it give
            the same answers, more slowly. Must lie within the years the ``holidays``
            package describes for Denmark (checked on first use).
        name: a label for reports.

    Calendars are immutable and hashable; the index is built lazily, once per instance, and
    takes no part in equality, hashing or repr.
    """

    extra_closed: frozenset[date] = attrs.field(
        default=frozenset(), converter=_to_dates, validator=_validate_extra_closed
    )
    optional_days: bool = attrs.field(default=False, validator=_validate_bool)
    weekend: frozenset[int] = attrs.field(
        default=frozenset({5, 6}), converter=_to_weekdays, validator=_validate_weekend
    )
    first_year: int = attrs.field(default=1990, validator=_validate_year)
    last_year: int = attrs.field(default=2080, validator=_validate_year)
    name: str = attrs.field(default="DK", validator=attrs.validators.instance_of(str))
    _index: _Index | None = attrs.field(init=False, default=None, eq=False, repr=False)
    _arrays: Any = attrs.field(init=False, default=None, eq=False, repr=False)
    # The hot path of add_working_days(day, n > 0): day -> working days before or on it
    # within the span, and the working days themselves (both set with the index).
    _after: dict[date, int] | None = attrs.field(init=False, default=None, eq=False, repr=False)
    _work: list[date] | None = attrs.field(init=False, default=None, eq=False, repr=False)
    _blocks: dict[int, tuple[int, ...]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError(
                f"Calendar.first_year ({self.first_year}) must not be after "
                f"last_year ({self.last_year})"
            )

    # --- scalar API (hot paths: keep them flat) ----------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (*hverdag*): not a weekend day, holiday or closure."""
        if type(day) is not date:
            require_day(day, "Calendar.is_working_day")
        base, size, _, upto, first, _ = self._index or self._build_index()
        o = day.toordinal()
        i = o - base
        if 0 <= i < size:
            return upto[i] == first[i]
        block = self._block(day.year)
        j = bisect.bisect_left(block, o)
        return j < len(block) and block[j] == o

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

        ``n > 0``: the *n*-th working day strictly after ``day``; counting starts the day after
        ``day``, whether or not ``day`` is itself a working day (law digest rule 1: the trigger
        day is not counted). ``n < 0``: the ``|n|``-th working day strictly before ``day``.
        ``n == 0``: ``day`` unchanged, even if it is not a working day (to move to a working
        day use :meth:`roll_forward`).

        ``working_days_between(day, add_working_days(day, n)) == n`` for ``n >= 0``, and for
        every ``n`` when ``day`` is a working day.

        Raises:
            TypeError: ``day`` is not a ``date`` (a ``datetime`` is refused) or ``n`` is not
                a whole number.
            CalendarRangeError: the calculation reaches a year the holiday data do not cover.
        """
        if type(n) is int and n > 0:
            # Fast path: two lookups. A datetime or non-date never matches a key (a datetime
            # neither equals nor hashes as its date), a day outside the span or a result past
            # its end raises, and all of those go on to the checked path below.
            try:
                return self._work[self._after[day] + n]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                pass
        if type(day) is not date:
            require_day(day, "Calendar.add_working_days")
        if type(n) is not int:
            n = _check_count(n, "Calendar.add_working_days")
        base, size, nwork, upto, first, work = self._index or self._build_index()
        i = day.toordinal() - base
        if 0 <= i < size:
            if n > 0:
                k = upto[i] + n
                if k < nwork:
                    return work[k]
            elif n < 0:
                k = first[i] + n
                if k >= 0:
                    return work[k]
            else:
                return day
        return self._add_slow(day, n)

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days in ``(a, b]``; negative when ``b`` is before ``a``.

        For ``a <= b``: the working days after ``a`` up to and including ``b`` (``a`` itself is
        not counted, law digest rule 1). For ``b < a``: ``-working_days_between(b, a)``.
        So ``working_days_between(d, d) == 0`` and the result is additive:
        ``between(a, b) + between(b, c) == between(a, c)``.
        """
        if type(a) is not date:
            require_day(a, "Calendar.working_days_between")
        if type(b) is not date:
            require_day(b, "Calendar.working_days_between")
        base, size, _, upto, _, _ = self._index or self._build_index()
        ia = a.toordinal() - base
        ib = b.toordinal() - base
        if 0 <= ia < size and 0 <= ib < size:
            return upto[ib] - upto[ia]
        return self._last_index(b.toordinal()) - self._last_index(a.toordinal())

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day`` (``add_working_days(day, 1)``)."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day`` (``add_working_days(day, -1)``)."""
        return self.add_working_days(day, -1)

    def roll_forward(self, day: date) -> date:
        """``day`` if it is a working day, else the next working day.

        This is the extension of a citizen's deadline (e.g. the klagefrist) that ends on a
        Saturday, Sunday or holiday (law digest rule 5; JM vejledning 9533/2018).
        """
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def closure_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, in Danish; ``None`` for a working day.

        The holiday's Danish name from the ``holidays`` package (``"Langfredag"``,
        ``"Store bededag"``, ``"Grundlovsdag"`` with ``optional_days``) comes first, then the
        weekday name of a weekend day (``"lørdag"``, ``"søndag"``), then ``"lukkedag"`` for a
        day in ``extra_closed``.
        """
        if self.is_working_day(day):
            return None
        name = _holiday_names(day.year, self.optional_days).get(day)
        if name is not None:
            return name
        weekday = day.weekday()
        if weekday in self.weekend:
            return _WEEKDAY_NAMES[weekday]
        return _EXTRA_CLOSED

    def holidays_in(self, year: int) -> dict[date, str]:
        """The closure days of ``year`` other than the weekend, by date, with Danish names.

        The public holidays (also when they fall on a weekend), the optional days when
        ``optional_days`` is true, and the ``extra_closed`` days of that year as
        ``"lukkedag"`` (a holiday's name wins when both apply).
        """
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"Calendar.holidays_in() takes an int year, got {year!r}")
        names = dict(_holiday_names(year, self.optional_days))
        for day in self.extra_closed:
            if day.year == year:
                names.setdefault(day, _EXTRA_CLOSED)
        return dict(sorted(names.items()))

    # --- vectorized API -----------------------------------------------------------------------

    def is_working_day_array(self, days: Any) -> npt.NDArray[np.bool_]:
        """:meth:`is_working_day` for an array of days.

        ``days`` is anything ``numpy.asarray(days, dtype="datetime64[D]")`` accepts: a
        ``datetime64`` array, a list of dates, a pandas ``Series`` or ``DatetimeIndex``.
        Timestamps with a time of day are taken at their written (naive) date; time-zone-aware
        pandas data, Python ``datetime`` objects and numbers are refused with ``TypeError``,
        ``NaT`` with ``ValueError``.
        """
        import numpy as np

        where = "Calendar.is_working_day_array"
        x = _day_numbers(days, where)
        base, size, _, upto, first, _ = self._numpy_index()
        i = x - base
        ic = np.clip(i, 0, size - 1)
        result: npt.NDArray[np.bool_] = upto[ic] == first[ic]
        for pos in np.flatnonzero(i != ic):
            result.flat[pos] = self.is_working_day(_day_from_number(x.flat[pos], where))
        return result

    def add_working_days_array(self, days: Any, n: Any) -> npt.NDArray[np.datetime64]:
        """:meth:`add_working_days` for arrays: ``days`` and ``n`` are broadcast together.

        ``days`` as for :meth:`is_working_day_array`; ``n`` an int or an integer array. The
        result is a ``datetime64[D]`` array with the same semantics as the scalar method.
        """
        import numpy as np

        where = "Calendar.add_working_days_array"
        x = _day_numbers(days, where)
        steps = np.asarray(n)
        if steps.dtype.kind not in "iu":
            raise TypeError(f"{where}() takes whole numbers of working days, got {steps.dtype}")
        base, size, nwork, upto, first, work = self._numpy_index()
        i = x - base
        ic = np.clip(i, 0, size - 1)
        if steps.ndim == 0:  # one n for all days: pick the table once
            step = int(steps)
            k = (upto if step > 0 else first)[ic] + step
            result = x.copy() if step == 0 else work[np.clip(k, 0, nwork - 1)]
            steps = np.broadcast_to(steps, x.shape)
        else:
            x, i, ic, steps = np.broadcast_arrays(x, i, ic, steps.astype(np.int64))
            k = np.where(steps > 0, upto[ic], first[ic]) + steps
            result = np.where(steps == 0, x, work[np.clip(k, 0, nwork - 1)])
        bad = (i != ic) | (k < 0) | (k >= nwork)
        for pos in np.flatnonzero(bad):
            day = self.add_working_days(_day_from_number(x.flat[pos], where), int(steps.flat[pos]))
            result.flat[pos] = day.toordinal() - _EPOCH_ORDINAL
        return result.view("datetime64[D]")

    def working_days_between_array(self, a: Any, b: Any) -> npt.NDArray[np.int64]:
        """:meth:`working_days_between` for arrays ``a`` and ``b`` (broadcast together).

        Inputs as for :meth:`is_working_day_array`; the result is an ``int64`` array.
        """
        import numpy as np

        where = "Calendar.working_days_between_array"
        xa, xb = np.broadcast_arrays(_day_numbers(a, where), _day_numbers(b, where))
        base, size, _, upto, _, _ = self._numpy_index()
        ia = xa - base
        ib = xb - base
        iac = np.clip(ia, 0, size - 1)
        ibc = np.clip(ib, 0, size - 1)
        result: npt.NDArray[np.int64] = upto[ibc] - upto[iac]
        for pos in np.flatnonzero((ia != iac) | (ib != ibc)):
            result.flat[pos] = self.working_days_between(
                _day_from_number(xa.flat[pos], where), _day_from_number(xb.flat[pos], where)
            )
        return result

    # --- index construction and the slow path -----------------------------------------------

    def _working_ordinals(self, first_year: int, last_year: int) -> list[int]:
        """Ordinals of the working days of ``first_year..last_year``, ascending."""
        closed = set(_closed_days(first_year, last_year, self.optional_days))
        closed.update(self.extra_closed)
        weekend = self.weekend
        start = date(first_year, 1, 1).toordinal()
        stop = date(last_year + 1, 1, 1).toordinal()
        days = map(date.fromordinal, range(start, stop))
        return [d.toordinal() for d in days if d.weekday() not in weekend and d not in closed]

    def _build_index(self) -> _Index:
        with _BUILD_LOCK:
            if self._index is not None:
                return self._index
            lo, hi = _supported_years()
            if not lo <= self.first_year <= self.last_year <= hi:
                raise CalendarRangeError.from_key(
                    "calendar.span",
                    first=str(self.first_year),
                    last=str(self.last_year),
                    years=f"{lo}-{hi}",
                )
            ordinals = self._working_ordinals(self.first_year, self.last_year)
            base = date(self.first_year, 1, 1).toordinal()
            size = date(self.last_year + 1, 1, 1).toordinal() - base
            upto: list[int] = []
            first: list[int] = []
            k = 0  # working days before the current day
            pending = iter(ordinals)
            upcoming = next(pending, None)
            for o in range(base, base + size):
                first.append(k)
                if o == upcoming:
                    k += 1
                    upcoming = next(pending, None)
                upto.append(k - 1)
            work = [date.fromordinal(o) for o in ordinals]
            index: _Index = (base, size, len(work), upto, first, work)
            after = {date.fromordinal(base + i): k for i, k in enumerate(upto)}
            object.__setattr__(self, "_work", work)
            object.__setattr__(self, "_after", after)
            object.__setattr__(self, "_index", index)
            return index

    def _numpy_index(self) -> Any:
        """The index as numpy arrays, in days since 1970-01-01 (built once, lazily)."""
        if self._arrays is None:
            import numpy as np

            base, size, nwork, upto, first, work = self._index or self._build_index()
            ordinals = np.fromiter((d.toordinal() for d in work), np.int64, nwork)
            arrays = (
                base - _EPOCH_ORDINAL,
                size,
                nwork,
                np.array(upto, dtype=np.int64),
                np.array(first, dtype=np.int64),
                ordinals - _EPOCH_ORDINAL,
            )
            object.__setattr__(self, "_arrays", arrays)
        return self._arrays

    def _block(self, year: int) -> tuple[int, ...]:
        """Ordinals of the working days of ``year`` (cached; for years outside the span)."""
        block = self._blocks.get(year)
        if block is None:
            block = tuple(self._working_ordinals(year, year))
            self._blocks[year] = block
        return block

    def _last_index(self, o: int) -> int:
        """Number of the last working day on or before ordinal ``o``, for any supported ``o``.

        Extends the span's numbering (``upto`` of :data:`_Index`) to all years: working days
        after the span continue at ``nwork``, those before it count down from -1.
        """
        base, size, nwork, upto, _, _ = self._index or self._build_index()
        i = o - base
        if 0 <= i < size:
            return upto[i]
        year = date.fromordinal(o).year
        block = self._block(year)
        within = bisect.bisect_right(block, o)  # working days of ``year`` on or before o
        if i >= size:
            between = sum(len(self._block(y)) for y in range(self.last_year + 1, year))
            return nwork + between + within - 1
        between = sum(len(self._block(y)) for y in range(year + 1, self.first_year))
        return -(between + len(block) - within) - 1

    def _working_day_at(self, k: int) -> date:
        """The working day numbered ``k`` (inverse of :meth:`_last_index` on working days)."""
        _, _, nwork, _, _, work = self._index or self._build_index()
        if 0 <= k < nwork:
            return work[k]
        if k >= nwork:
            k -= nwork
            year = self.last_year + 1
            while k >= len(block := self._block(year)):
                k -= len(block)
                year += 1
            return date.fromordinal(block[k])
        k = -k  # 1 = the last working day before the span
        year = self.first_year - 1
        while k > len(block := self._block(year)):
            k -= len(block)
            year -= 1
        return date.fromordinal(block[-k])

    def _add_slow(self, day: date, n: int) -> date:
        """:meth:`add_working_days` when ``day`` or the result lies outside the span."""
        o = day.toordinal()
        _check_year(day.year)
        first, last = _supported_years()
        # A year has at most 366 working days: a count beyond the years left is refused
        # before the year-by-year walk (``add_working_days(d, 999_999_999)``).
        if n > 0 and n > 366 * (last - day.year + 1):
            raise CalendarRangeError.from_message(
                _range_text(day.year + n // 366, first, last, day)
            )
        if n < 0 and -n > 366 * (day.year - first + 1):
            raise CalendarRangeError.from_message(
                _range_text(day.year + n // 366, first, last, day)
            )
        try:
            if n > 0:
                return self._working_day_at(self._last_index(o) + n)
            if n < 0:
                # number of the first working day on or after ``day``
                return self._working_day_at(self._last_index(o - 1) + 1 + n)
        except CalendarRangeError:
            # The walk goes year by year, so it stops at the first year without data.
            reached = last + 1 if n > 0 else first - 1
            raise CalendarRangeError.from_message(_range_text(reached, first, last, day)) from None
        return day


# --- numpy helpers -----------------------------------------------------------------------------


def _day_numbers(values: Any, where: str) -> npt.NDArray[np.int64]:
    """``values`` as days since 1970-01-01 (int64), refusing what would be ambiguous."""
    import numpy as np

    if getattr(getattr(values, "dtype", None), "tz", None) is not None:
        raise TypeError(
            f"{where}() takes dates, not time-zone-aware timestamps: convert to "
            "Europe/Copenhagen and take the date first"
        )
    array = np.asarray(values)
    if array.dtype.kind in "biufc":
        raise TypeError(f"{where}() takes dates, got numbers ({array.dtype})")
    if array.dtype.kind == "O":
        for item in array.flat:
            if isinstance(item, datetime):
                require_day(item, where)
    try:
        days = array.astype("datetime64[D]")
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{where}() takes dates: {exc}") from exc
    return days.view(np.int64)


def _day_from_number(number: Any, where: str) -> date:
    """One element of :func:`_day_numbers` back as a ``date`` (for the slow path)."""
    import numpy as np

    day = np.int64(number).view("datetime64[D]")
    value = day.astype(object)
    if value is None:
        raise ValueError(f"{where}(): NaT (a missing date) has no working days")
    if not isinstance(value, date):
        raise CalendarRangeError.from_key("calendar.array_outside", where=where, day=str(day))
    return value


# --- module-level functions on the default calendar -------------------------------------------


@functools.cache
def default_calendar() -> Calendar:
    """The default Danish calendar: public holidays only, Saturday and Sunday off.

    Built once, lazily; its index is built on first use.
    """
    return Calendar()


def is_working_day(day: date, calendar: Calendar | None = None) -> bool:
    """:meth:`Calendar.is_working_day` on ``calendar`` (default: :func:`default_calendar`)."""
    return (default_calendar() if calendar is None else calendar).is_working_day(day)


def add_working_days(day: date, n: int, calendar: Calendar | None = None) -> date:
    """:meth:`Calendar.add_working_days` on ``calendar`` (default: :func:`default_calendar`).

    ``n > 0``: the *n*-th working day strictly after ``day``; ``n < 0``: the ``|n|``-th
    working day strictly before ``day``; ``n == 0``: ``day`` unchanged.
    """
    cal = default_calendar() if calendar is None else calendar
    if type(n) is int and n > 0:  # the method's fast path, without a second call
        try:
            return cal._work[cal._after[day] + n]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            pass
    return cal.add_working_days(day, n)


def working_days_between(a: date, b: date, calendar: Calendar | None = None) -> int:
    """:meth:`Calendar.working_days_between`: working days in ``(a, b]``, negative if ``b < a``."""
    return (default_calendar() if calendar is None else calendar).working_days_between(a, b)


def next_working_day(day: date, calendar: Calendar | None = None) -> date:
    """:meth:`Calendar.next_working_day`: the first working day strictly after ``day``."""
    return (default_calendar() if calendar is None else calendar).next_working_day(day)


def previous_working_day(day: date, calendar: Calendar | None = None) -> date:
    """:meth:`Calendar.previous_working_day`: the last working day strictly before ``day``."""
    return (default_calendar() if calendar is None else calendar).previous_working_day(day)


def roll_forward(day: date, calendar: Calendar | None = None) -> date:
    """:meth:`Calendar.roll_forward`: ``day`` if a working day, else the next working day."""
    return (default_calendar() if calendar is None else calendar).roll_forward(day)
