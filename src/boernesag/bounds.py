"""The plausible span of a case's dates, and the checks that keep every computation inside it.

A case that has passed the door (:mod:`boernesag.caseio`, or the constructors of
:class:`~boernesag.model.Event` and :class:`~boernesag.model.Child`) can be computed without
arithmetic overflow or a calendar that runs out: every date of a case and every ``as_of`` lies
in :data:`EARLIEST` .. :data:`LATEST`. The longest period a rule counts (two years of
follow-up, 23 years of age from a birth at most a year ahead) then stays inside the holiday
data of the ``holidays`` package (1771-2100), so a deadline is never a calendar error.

The window is a plausibility limit, not law:

* dates of a case and ``as_of``: 1 January 1900 to 31 December 2099;
* a birth date: from 1900 to one year after today (an expected birth: a case can open before
  the child is born: the investigation of kommende forældre, Barnets Lov § 26 stk. 3);
* events up to :data:`BEFORE_BIRTH_DAYS` days before the birth (the pregnancy); earlier
  events are refused;
* events more than :data:`AFTER_CLOSING_DAYS` days after the case was closed, without a
  reopening, load with a warning (a typo in a year, or a case that should have been reopened).

Messages name the case, the event and the field, in the words a caseworker can act on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final

from boernesag.errors import CalendarRangeError, CaseFormatError
from boernesag.messages import Message

__all__ = [
    "AFTER_CLOSING_DAYS",
    "BEFORE_BIRTH_DAYS",
    "BIRTH_AHEAD_DAYS",
    "EARLIEST",
    "LATEST",
    "check_as_of",
    "check_day",
    "in_window",
    "latest_birth",
    "outside_window",
    "window_text",
]

#: The first and last day a case's dates and ``as_of`` may have.
EARLIEST: Final = date(1900, 1, 1)
LATEST: Final = date(2099, 12, 31)
#: How far after today a birth date may lie (an expected birth).
BIRTH_AHEAD_DAYS: Final = 366
#: How long before the birth the first events of a case may lie (the pregnancy).
BEFORE_BIRTH_DAYS: Final = 300
#: Events this long after a closing (without a reopening) load with a warning.
AFTER_CLOSING_DAYS: Final = 366


def window_text() -> str:
    """``"1900-2099"``: the window as messages name it."""
    return f"{EARLIEST.year}-{LATEST.year}"


def in_window(day: date) -> bool:
    """True if ``day`` (a date, or the date part of a datetime) lies in the window."""
    d = day.date() if isinstance(day, datetime) else day
    return EARLIEST <= d <= LATEST


def latest_birth(today: date | None = None) -> date:
    """The latest plausible birth date: one year after ``today`` (default: today)."""
    return min(LATEST, (today or date.today()) + timedelta(days=BIRTH_AHEAD_DAYS))


def check_day(
    day: date,
    *,
    field: str,
    case_id: str | None = None,
    event_id: str | None = None,
    event_type: str | None = None,
) -> date:
    """Return ``day`` if it lies in the window, else raise :class:`CaseFormatError`
    naming the case, the event (and its type) and the field."""
    if in_window(day):
        return day
    raise outside_window(
        day, field=field, case_id=case_id, event_id=event_id, event_type=event_type
    )


def outside_window(
    day: date,
    *,
    field: str,
    case_id: str | None = None,
    event_id: str | None = None,
    event_type: str | None = None,
) -> CaseFormatError:
    """The error :func:`check_day` raises for ``day``: "sag K-1, hændelse E17, felt 'date':
    datoen 9999-12-31 (underretning) ligger uden for 1900-2099"."""
    shown = day.date().isoformat() if isinstance(day, datetime) else day.isoformat()
    what = f" ({event_type})" if event_type else ""
    return CaseFormatError.from_key(
        "window.day_outside",
        day=shown,
        what=what,
        window=window_text(),
        case_id=case_id,
        event_id=event_id,
        field=field,
    )


def check_as_of(as_of: date, *, what: Message | str | None = None) -> date:
    """Return ``as_of`` if it lies in the window, else raise :class:`CalendarRangeError`
    saying which day and which window (``what`` names the argument in the message; default
    "opgørelsesdagen", the day of the count)."""
    if in_window(as_of):
        return as_of
    raise CalendarRangeError.from_key(
        "window.as_of_outside",
        what=Message("window.what_as_of") if what is None else what,
        day=as_of.isoformat(),
        window=window_text(),
    )
