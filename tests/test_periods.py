"""Tests of boernesag.periods: how the law counts time.

Tables of real dates first (each row obvious on reading), then property tests. Dates in
comments are checked against a printed calendar: 22 March 2024 is a Friday, Easter 2024 is
31 March, summer time starts on the last Sunday of March and ends on the last Sunday of
October (EU rule, since 1996).
"""

from __future__ import annotations

import calendar as stdlib_calendar
import doctest
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from boernesag import periods
from boernesag.calendar import Calendar, default_calendar
from boernesag.errors import (
    AmbiguousTimeError,
    BoernesagError,
    NonexistentTimeError,
    TimeZoneError,
)
from boernesag.law.vocabulary import milestones
from boernesag.periods import (
    COPENHAGEN,
    AmbiguousDateError,
    Extension,
    LeapDayRule,
    MonthRounding,
    Period,
    PeriodEnd,
    PeriodError,
    PeriodRangeError,
    Unit,
    add_days,
    add_hours,
    add_months,
    add_weeks,
    add_years,
    age_on,
    birthday,
    date_of_age,
    extend_to_working_day,
    format_date,
    format_datetime,
    is_leap_day_birth,
    to_copenhagen,
)

D = date
FEB_28 = LeapDayRule.FEB_28
MAR_1 = LeapDayRule.MAR_1
DOCS = Path(__file__).resolve().parent.parent / "docs" / "periods.rst"


def last_sunday(year: int, month: int) -> date:
    last = date(year, month, stdlib_calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


# --- Months (law digest rule 3) -------------------------------------------------------------

MONTH_TABLE = [
    # start, months, due, alternative (None = unambiguous)
    (D(2024, 10, 31), 4, D(2025, 2, 28), D(2025, 3, 1)),  # the digest's example, common year
    (D(2023, 10, 31), 4, D(2024, 2, 29), D(2024, 3, 1)),  # leap year: 29 Feb is the last day
    (D(2024, 1, 15), 4, D(2024, 5, 15), None),
    (D(2024, 1, 31), 1, D(2024, 2, 29), D(2024, 3, 1)),
    (D(2025, 1, 31), 1, D(2025, 2, 28), D(2025, 3, 1)),
    (D(2024, 1, 30), 1, D(2024, 2, 29), D(2024, 3, 1)),
    (D(2024, 1, 29), 1, D(2024, 2, 29), None),  # 29 Feb exists in 2024
    (D(2025, 1, 29), 1, D(2025, 2, 28), D(2025, 3, 1)),  # ... not in 2025
    (D(2025, 1, 28), 1, D(2025, 2, 28), None),
    (D(2024, 3, 31), 1, D(2024, 4, 30), D(2024, 5, 1)),
    (D(2024, 5, 31), 1, D(2024, 6, 30), D(2024, 7, 1)),
    (D(2024, 8, 31), 1, D(2024, 9, 30), D(2024, 10, 1)),
    (D(2024, 8, 31), 3, D(2024, 11, 30), D(2024, 12, 1)),
    (D(2024, 11, 30), 3, D(2025, 2, 28), D(2025, 3, 1)),
    (D(2024, 10, 31), 2, D(2024, 12, 31), None),
    (D(2024, 12, 31), 1, D(2025, 1, 31), None),  # across the new year
    (D(2024, 11, 15), 3, D(2025, 2, 15), None),
    (D(2024, 3, 31), 3, D(2024, 6, 30), D(2024, 7, 1)),  # a 3-month barnets plan
    (D(2024, 8, 31), 6, D(2025, 2, 28), D(2025, 3, 1)),  # a 6-month follow-up
    (D(2024, 10, 31), 0, D(2024, 10, 31), None),
    (D(2024, 2, 29), 12, D(2025, 2, 28), D(2025, 3, 1)),
    (D(2024, 2, 29), 48, D(2028, 2, 29), None),
    (D(2023, 12, 31), 14, D(2025, 2, 28), D(2025, 3, 1)),
    # Backwards ("6 months before the 18th birthday"): still last day of the month first.
    (D(2026, 8, 31), -6, D(2026, 2, 28), D(2026, 3, 1)),
    (D(2024, 3, 31), -1, D(2024, 2, 29), D(2024, 3, 1)),
    (D(2025, 1, 31), -2, D(2024, 11, 30), D(2024, 12, 1)),
    (D(2024, 3, 15), -14, D(2023, 1, 15), None),
    (D(2025, 1, 15), -1, D(2024, 12, 15), None),
]


@pytest.mark.parametrize(("start", "months", "due", "alternative"), MONTH_TABLE)
def test_add_months_table(start: date, months: int, due: date, alternative: date | None) -> None:
    end = add_months(start, months)
    assert end.due == due
    assert end.alternative == alternative
    assert end.ambiguous is (alternative is not None)
    if alternative is None:
        assert end.reason is None
        assert end.nominal is None
    else:
        assert end.reason == "month-end"
        assert end.nominal == (due.year, due.month, start.day)


def test_add_months_first_of_next_swaps_the_readings() -> None:
    end = add_months(D(2024, 10, 31), 4, MonthRounding.FIRST_OF_NEXT)
    assert (end.due, end.alternative) == (D(2025, 3, 1), D(2025, 2, 28))
    assert end.reason == "month-end"
    assert add_months(D(2024, 1, 15), 4, MonthRounding.FIRST_OF_NEXT) == PeriodEnd(D(2024, 5, 15))


def test_add_months_raise_refuses_to_choose() -> None:
    with pytest.raises(AmbiguousDateError, match=r"31\.02\.2025 findes ikke") as info:
        add_months(D(2024, 10, 31), 4, MonthRounding.RAISE)
    assert "2025-02-28" in str(info.value)
    assert "2025-03-01" in str(info.value)
    # Where the day exists there is nothing to refuse.
    assert add_months(D(2024, 1, 15), 4, MonthRounding.RAISE).due == D(2024, 5, 15)


def test_add_months_accepts_rounding_by_value() -> None:
    assert add_months(D(2024, 10, 31), 4, "first_of_next").due == D(2025, 3, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="round_up"):
        add_months(D(2024, 10, 31), 4, "round_up")  # type: ignore[arg-type]


YEAR_TABLE = [
    (D(2024, 2, 29), 1, D(2025, 2, 28), D(2025, 3, 1)),
    (D(2024, 2, 29), 4, D(2028, 2, 29), None),
    (D(2024, 2, 29), -1, D(2023, 2, 28), D(2023, 3, 1)),
    (D(2023, 3, 1), 1, D(2024, 3, 1), None),
    (D(2024, 2, 28), 1, D(2025, 2, 28), None),
    (D(2000, 2, 29), 100, D(2100, 2, 28), D(2100, 3, 1)),  # 2100 is not a leap year
]


@pytest.mark.parametrize(("start", "years", "due", "alternative"), YEAR_TABLE)
def test_add_years_table(start: date, years: int, due: date, alternative: date | None) -> None:
    end = add_years(start, years)
    assert (end.due, end.alternative) == (due, alternative)


def test_month_arithmetic_refuses_years_outside_1_to_9999() -> None:
    with pytest.raises(PeriodError, match="9999"):
        add_months(D(9999, 12, 1), 1)
    with pytest.raises(PeriodError, match="9999"):
        add_years(D(1, 1, 1), -1)


# --- Days and weeks -------------------------------------------------------------------------

DAY_WEEK_TABLE = [
    # start, n, add_days, add_weeks
    (D(2024, 3, 22), 4, D(2024, 3, 26), D(2024, 4, 19)),  # klagefrist: Fri → Fri 19 Apr
    (D(2024, 2, 28), 7, D(2024, 3, 6), D(2024, 4, 17)),
    (D(2023, 2, 28), 1, D(2023, 3, 1), D(2023, 3, 7)),
    (D(2024, 12, 31), 1, D(2025, 1, 1), D(2025, 1, 7)),
    (D(2024, 3, 22), 0, D(2024, 3, 22), D(2024, 3, 22)),
    (D(2024, 3, 22), -2, D(2024, 3, 20), D(2024, 3, 8)),
]


@pytest.mark.parametrize(("start", "n", "days", "weeks"), DAY_WEEK_TABLE)
def test_add_days_and_weeks(start: date, n: int, days: date, weeks: date) -> None:
    assert add_days(start, n) == days
    assert add_weeks(start, n) == weeks
    assert add_weeks(start, n).weekday() == start.weekday()


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_days(datetime(2024, 3, 22, 9), 1),
        lambda: add_weeks(datetime(2024, 3, 22, 9), 1),
        lambda: add_months(datetime(2024, 3, 22, 9), 1),
        lambda: add_years(datetime(2024, 3, 22, 9), 1),
        lambda: add_days(D(2024, 3, 22), 1.0),
        lambda: add_months(D(2024, 3, 22), True),
        lambda: add_days("2024-03-22", 1),
        lambda: add_hours(D(2024, 3, 22), 24),
        lambda: add_hours(datetime(2024, 3, 22, 9), 1.5),
        lambda: to_copenhagen(D(2024, 3, 22)),
        lambda: format_date(datetime(2024, 3, 22, 9)),
        lambda: format_datetime(D(2024, 3, 22)),
        lambda: Period(4, Unit.MONTHS).end_date(datetime(2024, 3, 22, 9)),
        lambda: extend_to_working_day(datetime(2024, 3, 22, 9)),
    ],
)
def test_wrong_types_are_refused(call: object) -> None:
    with pytest.raises(TypeError):
        call()  # type: ignore[operator]


# --- Hours and Europe/Copenhagen -------------------------------------------------------------

HOURS_TABLE = [
    # start (naive = Copenhagen wall time, or aware), hours, expected isoformat
    (datetime(2024, 3, 30, 10, 0), 24, "2024-03-31T11:00:00+02:00"),  # summer time starts
    (datetime(2024, 10, 26, 12, 0), 24, "2024-10-27T11:00:00+01:00"),  # summer time ends
    (datetime(2025, 3, 29, 10, 0), 24, "2025-03-30T11:00:00+02:00"),
    (datetime(2025, 10, 25, 12, 0), 24, "2025-10-26T11:00:00+01:00"),
    (datetime(2024, 6, 10, 9, 15), 24, "2024-06-11T09:15:00+02:00"),
    (datetime(2024, 1, 10, 23, 30), 24, "2024-01-11T23:30:00+01:00"),
    (datetime(2024, 3, 31, 1, 30), 1, "2024-03-31T03:30:00+02:00"),  # 02:30 is skipped
    (datetime(2024, 10, 27, 1, 30), 1, "2024-10-27T02:30:00+02:00"),  # first 02:30
    (datetime(2024, 10, 27, 1, 30), 2, "2024-10-27T02:30:00+01:00"),  # second 02:30
    (datetime(2024, 10, 27, 1, 30), 3, "2024-10-27T03:30:00+01:00"),
    (datetime(2024, 3, 30, 9, 0, tzinfo=UTC), 24, "2024-03-31T11:00:00+02:00"),
    (datetime(2024, 3, 31, 11, 0, tzinfo=COPENHAGEN), -24, "2024-03-30T10:00:00+01:00"),
    (datetime(2024, 3, 22, 9, 15), 0, "2024-03-22T09:15:00+01:00"),
]


@pytest.mark.parametrize(("start", "hours", "expected"), HOURS_TABLE)
def test_add_hours_table(start: datetime, hours: int, expected: str) -> None:
    result = add_hours(start, hours)
    assert result.isoformat() == expected
    assert result.tzinfo is COPENHAGEN
    elapsed = result.astimezone(UTC) - to_copenhagen(start).astimezone(UTC)
    assert elapsed == timedelta(hours=hours)


def test_period_end_time_uses_elapsed_hours() -> None:
    assert Period.parse("24 hours").end_time(datetime(2024, 3, 30, 10)).isoformat() == (
        "2024-03-31T11:00:00+02:00"
    )


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        (datetime(2024, 3, 31, 1, 59), "2024-03-31T01:59:00+01:00"),
        (datetime(2024, 3, 31, 3, 0), "2024-03-31T03:00:00+02:00"),
        (datetime(2024, 10, 27, 1, 59), "2024-10-27T01:59:00+02:00"),
        (datetime(2024, 10, 27, 3, 0), "2024-10-27T03:00:00+01:00"),
        (datetime(2024, 7, 1, 12, 0), "2024-07-01T12:00:00+02:00"),
        (datetime(2024, 12, 1, 12, 0), "2024-12-01T12:00:00+01:00"),
    ],
)
def test_to_copenhagen_reads_naive_as_wall_time(wall: datetime, expected: str) -> None:
    result = to_copenhagen(wall)
    assert result.isoformat() == expected
    assert result.tzinfo is COPENHAGEN


def test_nonexistent_wall_time_is_refused() -> None:
    with pytest.raises(NonexistentTimeError) as info:
        to_copenhagen(datetime(2024, 3, 31, 2, 30))
    message = str(info.value)
    assert "2024-03-31 02:30" in message
    assert "findes ikke" in message
    assert "+01:00" in message
    assert "+02:00" in message
    assert isinstance(info.value, TimeZoneError)
    assert isinstance(info.value, BoernesagError)
    assert isinstance(info.value, ValueError)


def test_ambiguous_wall_time_is_refused() -> None:
    with pytest.raises(AmbiguousTimeError) as info:
        to_copenhagen(datetime(2024, 10, 27, 2, 30))
    message = str(info.value)
    assert "2024-10-27 02:30" in message
    assert "to gange" in message
    assert "2024-10-27 02:30+02:00 (CEST)" in message
    assert "2024-10-27 02:30+01:00 (CET)" in message
    # A naive time's fold is not taken as a choice.
    with pytest.raises(AmbiguousTimeError):
        to_copenhagen(datetime(2024, 10, 27, 2, 30, fold=1))


def test_every_transition_1996_2060() -> None:
    """02:00-02:59 is skipped in March and repeated in October, every year since 1996."""
    for year in range(1996, 2061):
        spring, autumn = last_sunday(year, 3), last_sunday(year, 10)
        for minute in (0, 30, 59):
            with pytest.raises(NonexistentTimeError):
                to_copenhagen(
                    datetime.combine(spring, datetime.min.time()).replace(hour=2, minute=minute)
                )
            with pytest.raises(AmbiguousTimeError):
                to_copenhagen(
                    datetime.combine(autumn, datetime.min.time()).replace(hour=2, minute=minute)
                )
        assert to_copenhagen(datetime(year, 3, spring.day, 3, 0)).utcoffset() == timedelta(hours=2)
        assert to_copenhagen(datetime(year, 10, autumn.day, 3, 0)).utcoffset() == timedelta(hours=1)
        # The day before each change is ordinary.
        to_copenhagen(datetime(year, 3, spring.day - 1, 2, 30))
        to_copenhagen(datetime(year, 10, autumn.day - 1, 2, 30))


def test_aware_times_are_converted_and_keep_their_fold() -> None:
    second = datetime(2024, 10, 27, 2, 30, tzinfo=timezone(timedelta(hours=1)))
    local = to_copenhagen(second)
    assert local.isoformat() == "2024-10-27T02:30:00+01:00"
    assert local.fold == 1
    # Idempotent on its own output, also in the repeated hour.
    assert to_copenhagen(local).isoformat() == "2024-10-27T02:30:00+01:00"
    first = datetime(2024, 10, 27, 2, 30, tzinfo=COPENHAGEN)
    assert to_copenhagen(first).isoformat() == "2024-10-27T02:30:00+02:00"
    assert to_copenhagen(datetime(2024, 3, 22, 8, 15, tzinfo=UTC)).isoformat() == (
        "2024-03-22T09:15:00+01:00"
    )


def test_aware_time_in_a_gap_of_its_own_zone_is_refused() -> None:
    with pytest.raises(NonexistentTimeError, match="Europe/Copenhagen"):
        to_copenhagen(datetime(2024, 3, 31, 2, 30, tzinfo=COPENHAGEN))
    with pytest.raises(NonexistentTimeError, match="America/New_York"):
        to_copenhagen(datetime(2024, 3, 10, 2, 30, tzinfo=ZoneInfo("America/New_York")))


def test_add_hours_refuses_unreadable_wall_times() -> None:
    with pytest.raises(NonexistentTimeError):
        add_hours(datetime(2024, 3, 31, 2, 30), 24)
    with pytest.raises(AmbiguousTimeError):
        add_hours(datetime(2024, 10, 27, 2, 30), 24)


naive_times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31))
utc_instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC)
)


@given(naive_times, st.sampled_from([24, 1, 48, 72, 168]))
def test_hours_are_elapsed_hours(wall: datetime, hours: int) -> None:
    try:
        start = to_copenhagen(wall)
    except TimeZoneError:
        assume(False)
        raise
    result = add_hours(wall, hours)
    assert result.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)
    assert result.tzinfo is COPENHAGEN


@given(utc_instants, st.integers(-10_000, 10_000))
def test_hours_from_any_instant(instant: datetime, hours: int) -> None:
    result = add_hours(instant, hours)
    assert (result.astimezone(UTC) - instant).total_seconds() == hours * 3600


@given(utc_instants)
def test_wall_time_round_trip(instant: datetime) -> None:
    """Reading back a Copenhagen wall time gives the same instant, or refuses (never guesses)."""
    local = instant.astimezone(COPENHAGEN)
    # Compared in UTC: PEP 495 makes an inter-zone == False for a time in the repeated hour.
    assert to_copenhagen(local).astimezone(UTC) == instant
    wall = local.replace(tzinfo=None)
    try:
        again = to_copenhagen(wall)
    except AmbiguousTimeError:
        # Only the repeated hour when summer time ends: the last Sunday of October, of
        # September up to 1995 (EU summer-time directives).
        month = 10 if wall.year >= 1996 else 9
        assert (wall.month, wall.hour) == (month, 2)
        assert wall.date() == last_sunday(wall.year, month)
        return
    assert again == instant
    assert again.replace(tzinfo=None) == wall


# --- Formatting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "da", "en"),
    [
        (D(2024, 4, 29), "man 29.04.2024", "Mon 29.04.2024"),
        (D(2024, 4, 30), "tir 30.04.2024", "Tue 30.04.2024"),
        (D(2024, 5, 1), "ons 01.05.2024", "Wed 01.05.2024"),
        (D(2024, 5, 2), "tor 02.05.2024", "Thu 02.05.2024"),
        (D(2024, 5, 3), "fre 03.05.2024", "Fri 03.05.2024"),
        (D(2024, 5, 4), "lør 04.05.2024", "Sat 04.05.2024"),
        (D(2024, 5, 5), "søn 05.05.2024", "Sun 05.05.2024"),
        (D(998, 1, 1), "man 01.01.0998", "Mon 01.01.0998"),  # year zero-padded
    ],
)
def test_format_date(day: date, da: str, en: str) -> None:
    assert format_date(day) == da
    assert format_date(day, "da") == da
    assert format_date(day, "en") == en


@pytest.mark.parametrize(
    ("ts", "da", "en"),
    [
        (datetime(2024, 3, 22, 9, 15), "fre 22.03.2024 09:15", "Fri 22.03.2024 09:15"),
        (datetime(2024, 3, 22, 8, 15, tzinfo=UTC), "fre 22.03.2024 09:15", "Fri 22.03.2024 09:15"),
        (datetime(2024, 3, 31, 23, 30, tzinfo=UTC), "man 01.04.2024 01:30", "Mon 01.04.2024 01:30"),
        # The repeated hour names its zone.
        (
            datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
            "søn 27.10.2024 02:30 (CEST)",
            "Sun 27.10.2024 02:30 (CEST)",
        ),
        (
            datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
            "søn 27.10.2024 02:30 (CET)",
            "Sun 27.10.2024 02:30 (CET)",
        ),
        (datetime(2024, 10, 27, 2, 30, tzinfo=UTC), "søn 27.10.2024 03:30", "Sun 27.10.2024 03:30"),
    ],
)
def test_format_datetime(ts: datetime, da: str, en: str) -> None:
    assert format_datetime(ts) == da
    assert format_datetime(ts, "en") == en


def test_format_datetime_refuses_unreadable_wall_time() -> None:
    with pytest.raises(AmbiguousTimeError):
        format_datetime(datetime(2024, 10, 27, 2, 30))


@pytest.mark.parametrize("lang", ["de", "DA", ""])
def test_unknown_language_is_refused(lang: str) -> None:
    with pytest.raises(ValueError, match="sprog"):
        format_date(D(2024, 3, 22), lang)
    with pytest.raises(ValueError, match="sprog"):
        Period(4, Unit.MONTHS).describe(lang)
    with pytest.raises(ValueError, match="sprog"):
        add_months(D(2024, 10, 31), 4).describe(lang)
    with pytest.raises(ValueError, match="sprog"):
        extend_to_working_day(D(2024, 4, 27)).describe(lang)


# --- PeriodEnd -------------------------------------------------------------------------------


def test_period_end_describe_month_end() -> None:
    end = add_months(D(2024, 10, 31), 4)
    assert end.describe() == (
        "31.02.2025 findes ikke; fristen er sat til den sidste dag i måneden, fre 28.02.2025 "
        "(alternativ læsning: lør 01.03.2025)"
    )
    assert end.describe("en") == (
        "31.02.2025 does not exist; the deadline is set to the last day of the month, "
        "Fri 28.02.2025 (other reading: Sat 01.03.2025)"
    )
    up = add_months(D(2024, 10, 31), 4, MonthRounding.FIRST_OF_NEXT)
    assert up.describe() == (
        "31.02.2025 findes ikke; fristen er sat til den første dag i næste måned, lør 01.03.2025 "
        "(alternativ læsning: fre 28.02.2025)"
    )


def test_period_end_describe_unambiguous() -> None:
    assert add_months(D(2024, 1, 15), 4).describe() == "ons 15.05.2024 (entydig)"
    assert add_months(D(2024, 1, 15), 4).describe("en") == "Wed 15.05.2024 (unambiguous)"


def test_period_end_invariants() -> None:
    with pytest.raises(ValueError, match="together"):
        PeriodEnd(D(2025, 2, 28), D(2025, 3, 1))
    with pytest.raises(ValueError, match="equals"):
        PeriodEnd(D(2025, 2, 28), D(2025, 2, 28), "month-end", (2025, 2, 31))
    with pytest.raises(ValueError, match="reason"):
        PeriodEnd(D(2025, 2, 28), D(2025, 3, 1), "whim", (2025, 2, 31))
    assert PeriodEnd(D(2025, 2, 28)).ambiguous is False
    end = PeriodEnd(D(2025, 2, 28), D(2025, 3, 1), "month-end", (2025, 2, 31))
    assert end.ambiguous is True
    with pytest.raises(AttributeError):
        end.due = D(2025, 3, 1)  # type: ignore[misc]


# --- Periods (rule-file form) -------------------------------------------------------------

PARSE_TABLE = [
    ("4 months", Period(4, Unit.MONTHS)),
    ("6 working_days", Period(6, Unit.WORKING_DAYS)),
    ("24 hours", Period(24, Unit.HOURS)),
    ("4 weeks", Period(4, Unit.WEEKS)),
    ("7 days", Period(7, Unit.DAYS)),
    ("0 days", Period(0, Unit.DAYS)),
    ("1 years", Period(1, Unit.YEARS)),
    ("1 month", Period(1, Unit.MONTHS)),
    ("1 working_day", Period(1, Unit.WORKING_DAYS)),
    ("6 working days", Period(6, Unit.WORKING_DAYS)),
    ("  3   weeks ", Period(3, Unit.WEEKS)),
    ("4 Months", Period(4, Unit.MONTHS)),
    ("6 hverdage", Period(6, Unit.WORKING_DAYS)),
    ("7 arbejdsdage", Period(7, Unit.WORKING_DAYS)),
    ("4 måneder", Period(4, Unit.MONTHS)),
    ("1 år", Period(1, Unit.YEARS)),
    ("24 timer", Period(24, Unit.HOURS)),
]


@pytest.mark.parametrize(("text", "period"), PARSE_TABLE)
def test_period_parse(text: str, period: Period) -> None:
    assert Period.parse(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "",
        "months",
        "4",
        "-4 months",
        "+4 months",
        "4.5 months",
        "4 mdr",
        "four months",
        "4months",
        "4 months 2 days",
        "4 fortnights",
        "4 working_days_",
        "4 måneder!",
    ],
)
def test_period_parse_refuses_junk(text: str) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    assert repr(text) in str(info.value)
    assert "working_days" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, BoernesagError)


def test_period_construction() -> None:
    assert Period(4, "months") == Period(4, Unit.MONTHS)  # type: ignore[arg-type]
    assert str(Period(6, Unit.WORKING_DAYS)) == "6 working_days"
    with pytest.raises(PeriodError, match="negativ"):
        Period(-1, Unit.DAYS)
    with pytest.raises(TypeError):
        Period(True, Unit.DAYS)
    with pytest.raises(ValueError, match="fortnights"):
        Period(1, "fortnights")  # type: ignore[arg-type]
    assert hash(Period(4, Unit.MONTHS)) == hash(Period.parse("4 months"))


@pytest.mark.parametrize(
    ("period", "da", "en"),
    [
        (Period(1, Unit.HOURS), "1 time", "1 hour"),
        (Period(24, Unit.HOURS), "24 timer", "24 hours"),
        (Period(1, Unit.WORKING_DAYS), "1 hverdag", "1 working day"),
        (Period(6, Unit.WORKING_DAYS), "6 hverdage", "6 working days"),
        (Period(1, Unit.DAYS), "1 dag", "1 day"),
        (Period(0, Unit.DAYS), "0 dage", "0 days"),
        (Period(7, Unit.DAYS), "7 dage", "7 days"),
        (Period(1, Unit.WEEKS), "1 uge", "1 week"),
        (Period(4, Unit.WEEKS), "4 uger", "4 weeks"),
        (Period(1, Unit.MONTHS), "1 måned", "1 month"),
        (Period(4, Unit.MONTHS), "4 måneder", "4 months"),
        (Period(1, Unit.YEARS), "1 år", "1 year"),
        (Period(2, Unit.YEARS), "2 år", "2 years"),
    ],
)
def test_period_describe(period: Period, da: str, en: str) -> None:
    assert period.describe() == da
    assert period.describe("en") == en


END_DATE_TABLE = [
    # period, start, due, alternative
    ("4 weeks", D(2024, 3, 22), D(2024, 4, 19), None),  # klagefrist, Fri → Fri
    ("4 months", D(2024, 10, 31), D(2025, 2, 28), D(2025, 3, 1)),  # BFU
    ("3 months", D(2024, 1, 15), D(2024, 4, 15), None),
    ("7 days", D(2024, 2, 26), D(2024, 3, 4), None),
    ("1 years", D(2024, 2, 29), D(2025, 2, 28), D(2025, 3, 1)),
    # Fri 22 Mar 2024 + 6 hverdage: 25, 26, 27 Mar; (28 Skærtorsdag, 29 Langfredag,
    # 1 Apr Anden påskedag closed); 2, 3, 4 Apr.
    ("6 working_days", D(2024, 3, 22), D(2024, 4, 4), None),
    # Mon 6 May 2024 + 7 arbejdsdage: 7, 8, (9 Kristi himmelfartsdag), 10, 13, 14, 15, 16.
    ("7 working_days", D(2024, 5, 6), D(2024, 5, 16), None),
    # Counting starts after the trigger day even when it is a Saturday.
    ("1 working_days", D(2024, 4, 27), D(2024, 4, 29), None),
    ("0 days", D(2024, 4, 27), D(2024, 4, 27), None),
    ("0 working_days", D(2024, 4, 27), D(2024, 4, 27), None),
]


@pytest.mark.parametrize(("text", "start", "due", "alternative"), END_DATE_TABLE)
def test_period_end_date(text: str, start: date, due: date, alternative: date | None) -> None:
    end = Period.parse(text).end_date(start)
    assert (end.due, end.alternative) == (due, alternative)


def test_period_end_date_uses_the_calendar_given() -> None:
    closed = Calendar(extra_closed={D(2024, 3, 25)})
    assert Period.parse("1 working_days").end_date(D(2024, 3, 22), closed).due == D(2024, 3, 26)
    assert Period.parse("1 working_days").end_date(D(2024, 3, 22)).due == D(2024, 3, 25)


def test_period_end_date_passes_rounding() -> None:
    p = Period.parse("4 months")
    assert p.end_date(D(2024, 10, 31), rounding=MonthRounding.FIRST_OF_NEXT).due == D(2025, 3, 1)
    with pytest.raises(AmbiguousDateError):
        p.end_date(D(2024, 10, 31), rounding=MonthRounding.RAISE)


def test_hours_have_no_end_date_and_days_no_end_time() -> None:
    with pytest.raises(PeriodError, match="end_time"):
        Period.parse("24 hours").end_date(D(2024, 3, 22))
    with pytest.raises(PeriodError, match="end_date"):
        Period.parse("4 months").end_time(datetime(2024, 3, 22, 9))


periods_st = st.builds(Period, st.integers(0, 10_000), st.sampled_from(list(Unit)))


@given(periods_st)
def test_period_text_round_trip(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert Period.parse(period.describe("da")) == period
    assert Period.parse(period.describe("en")) == period


# --- Extension (law digest rule 5) ----------------------------------------------------------

EXTENSION_TABLE = [
    # original, due, reason
    (D(2024, 4, 19), D(2024, 4, 19), None),  # Fri: the klagefrist example does not move
    (D(2024, 4, 27), D(2024, 4, 29), "lørdag"),  # Sat → Mon
    (D(2024, 4, 28), D(2024, 4, 29), "søndag"),
    (D(2024, 4, 1), D(2024, 4, 2), "Anden påskedag"),  # Easter Monday → Tue
    (D(2024, 3, 29), D(2024, 4, 2), "Langfredag"),
    (D(2024, 3, 28), D(2024, 4, 2), "Skærtorsdag"),
    (D(2024, 12, 25), D(2024, 12, 27), "Juledag"),
    (D(2023, 5, 5), D(2023, 5, 8), "Store bededag"),  # still a holiday in 2023
    (D(2024, 4, 26), D(2024, 4, 26), None),  # abolished from 2024
    (D(2024, 6, 5), D(2024, 6, 5), None),  # Grundlovsdag: not a holiday by law
    (D(2024, 12, 24), D(2024, 12, 24), None),  # Juleaftensdag: likewise
]


@pytest.mark.parametrize(("original", "due", "reason"), EXTENSION_TABLE)
def test_extend_to_working_day(original: date, due: date, reason: str | None) -> None:
    ext = extend_to_working_day(original)
    assert ext == Extension(original, due, due != original, reason)


def test_klagefrist_examples() -> None:
    """Decision received Fri 22 Mar 2024: 4 weeks → Fri 19 Apr, a working day, not moved."""
    end = Period.parse("4 weeks").end_date(D(2024, 3, 22))
    ext = extend_to_working_day(end.due)
    assert (ext.due, ext.moved) == (D(2024, 4, 19), False)
    # Received Sat 30 Mar (Digital Post on a Saturday): 4 weeks end Sat 27 Apr → Mon 29 Apr.
    ext = extend_to_working_day(Period.parse("4 weeks").end_date(D(2024, 3, 30)).due)
    assert (ext.original, ext.due, ext.moved) == (D(2024, 4, 27), D(2024, 4, 29), True)
    # Received Mon 4 Mar: 4 weeks end on Anden påskedag, Mon 1 Apr → Tue 2 Apr.
    ext = extend_to_working_day(Period.parse("4 weeks").end_date(D(2024, 3, 4)).due)
    assert (ext.original, ext.due) == (D(2024, 4, 1), D(2024, 4, 2))


def test_extension_with_optional_days_closed() -> None:
    cal = Calendar(optional_days=True)
    ext = extend_to_working_day(D(2024, 6, 5), cal)
    assert (ext.due, ext.reason) == (D(2024, 6, 6), "Grundlovsdag")


def test_extension_describe() -> None:
    assert extend_to_working_day(D(2024, 4, 27)).describe() == (
        "fristen sluttede lør 27.04.2024 og flyttes til næste hverdag, man 29.04.2024"
    )
    assert extend_to_working_day(D(2024, 4, 27)).describe("en") == (
        "the deadline ended on Sat 27.04.2024 and moves to the next working day, Mon 29.04.2024"
    )
    assert extend_to_working_day(D(2024, 4, 1)).describe() == (
        "fristen sluttede man 01.04.2024 (Anden påskedag) og flyttes til næste hverdag, "
        "tir 02.04.2024"
    )
    assert extend_to_working_day(D(2024, 4, 19)).describe() == (
        "fristen slutter fre 19.04.2024, en hverdag, og flyttes ikke"
    )
    assert extend_to_working_day(D(2024, 4, 19)).describe("en") == (
        "the deadline ends on Fri 19.04.2024, a working day, and does not move"
    )


@settings(deadline=None)
@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2075, 12, 31)))
def test_extension_lands_on_the_first_working_day(day: date) -> None:
    cal = default_calendar()
    ext = extend_to_working_day(day)
    assert ext.original == day
    assert cal.is_working_day(ext.due)
    assert ext.due >= day
    assert ext.moved is (not cal.is_working_day(day))
    assert (ext.reason is None) is (not ext.moved)
    assert ext.due - day <= timedelta(days=5)
    d = day
    while d < ext.due:
        assert not cal.is_working_day(d)
        d += timedelta(days=1)


# --- Ages (law digest rule 7) ---------------------------------------------------------------

BIRTHDAY_TABLE = [
    # birth, age, FEB_28 reading, MAR_1 reading
    (D(2008, 2, 29), 18, D(2026, 2, 28), D(2026, 3, 1)),
    (D(2008, 2, 29), 17, D(2025, 2, 28), D(2025, 3, 1)),
    (D(2008, 2, 29), 16, D(2024, 2, 29), D(2024, 2, 29)),  # a leap year: no question
    (D(2008, 2, 29), 0, D(2008, 2, 29), D(2008, 2, 29)),
    (D(1996, 2, 29), 104, D(2100, 2, 28), D(2100, 3, 1)),  # 2100 is not a leap year
    (D(2010, 5, 17), 18, D(2028, 5, 17), D(2028, 5, 17)),
    (D(2007, 3, 1), 1, D(2008, 3, 1), D(2008, 3, 1)),
    (D(2008, 2, 28), 1, D(2009, 2, 28), D(2009, 2, 28)),
]


@pytest.mark.parametrize(("birth", "age", "feb28", "mar1"), BIRTHDAY_TABLE)
def test_birthday(birth: date, age: int, feb28: date, mar1: date) -> None:
    assert birthday(birth, age) == feb28
    assert birthday(birth, age, FEB_28) == feb28
    assert birthday(birth, age, MAR_1) == mar1


AGE_ON_TABLE = [
    # birth, day, age (FEB_28), age (MAR_1)
    (D(2008, 2, 29), D(2026, 2, 27), 17, 17),
    (D(2008, 2, 29), D(2026, 2, 28), 18, 17),
    (D(2008, 2, 29), D(2026, 3, 1), 18, 18),
    (D(2008, 2, 29), D(2024, 2, 28), 15, 15),
    (D(2008, 2, 29), D(2024, 2, 29), 16, 16),
    (D(2008, 2, 29), D(2008, 2, 29), 0, 0),
    (D(2010, 5, 17), D(2028, 5, 16), 17, 17),
    (D(2010, 5, 17), D(2028, 5, 17), 18, 18),
    (D(2010, 5, 17), D(2020, 5, 17), 10, 10),
    (D(2010, 12, 31), D(2011, 1, 1), 0, 0),
]


@pytest.mark.parametrize(("birth", "day", "feb28", "mar1"), AGE_ON_TABLE)
def test_age_on(birth: date, day: date, feb28: int, mar1: int) -> None:
    assert age_on(birth, day) == feb28
    assert age_on(birth, day, MAR_1) == mar1


def test_age_arguments_are_checked() -> None:
    with pytest.raises(PeriodError, match="før fødslen"):
        age_on(D(2010, 5, 17), D(2010, 5, 16))
    with pytest.raises(PeriodError, match="negativ"):
        birthday(D(2010, 5, 17), -1)
    with pytest.raises(PeriodError, match="0-11"):
        date_of_age(D(2010, 5, 17), 17, 12)
    with pytest.raises(ValueError, match="feb29"):
        birthday(D(2008, 2, 29), 18, "feb29")  # type: ignore[arg-type]
    assert birthday(D(2008, 2, 29), 18, "mar1") == D(2026, 3, 1)  # type: ignore[arg-type]


DATE_OF_AGE_TABLE = [
    # birth, years, months, rule, due, alternative, reason, nominal
    (D(2010, 5, 17), 17, 6, FEB_28, D(2027, 11, 17), None, None, None),
    # 18 on 31 Aug 2026; 6 months earlier is 31 Feb: the last day of February first.
    (D(2008, 8, 31), 17, 6, FEB_28, D(2026, 2, 28), D(2026, 3, 1), "month-end", (2026, 2, 31)),
    (D(2008, 8, 30), 17, 6, FEB_28, D(2026, 2, 28), D(2026, 3, 1), "month-end", (2026, 2, 30)),
    (D(2009, 8, 29), 17, 6, FEB_28, D(2027, 2, 28), D(2027, 3, 1), "month-end", (2027, 2, 29)),
    (D(2006, 8, 29), 17, 6, FEB_28, D(2024, 2, 29), None, None, None),  # 2024 is a leap year
    (D(2008, 3, 31), 17, 6, FEB_28, D(2025, 9, 30), D(2025, 10, 1), "month-end", (2025, 9, 31)),
    # Born 29 Feb: 18 on 28 Feb 2026 (or 1 Mar); 6 months before that.
    (D(2008, 2, 29), 17, 6, FEB_28, D(2025, 8, 28), D(2025, 9, 1), "leap-day", (2026, 2, 29)),
    (D(2008, 2, 29), 17, 6, MAR_1, D(2025, 9, 1), D(2025, 8, 28), "leap-day", (2026, 2, 29)),
    (D(2008, 2, 29), 18, 0, FEB_28, D(2026, 2, 28), D(2026, 3, 1), "leap-day", (2026, 2, 29)),
    (D(2008, 2, 29), 18, 0, MAR_1, D(2026, 3, 1), D(2026, 2, 28), "leap-day", (2026, 2, 29)),
    (D(2008, 2, 29), 16, 0, FEB_28, D(2024, 2, 29), None, None, None),
    # 15 years 6 months of a 29 Feb child: anchor is the 16th birthday, in a leap year.
    (D(2008, 2, 29), 15, 6, FEB_28, D(2023, 8, 29), None, None, None),
    (D(2010, 5, 17), 18, 0, FEB_28, D(2028, 5, 17), None, None, None),
]


@pytest.mark.parametrize(
    ("birth", "years", "months", "rule", "due", "alternative", "reason", "nominal"),
    DATE_OF_AGE_TABLE,
)
def test_date_of_age(
    birth: date,
    years: int,
    months: int,
    rule: LeapDayRule,
    due: date,
    alternative: date | None,
    reason: str | None,
    nominal: tuple[int, int, int] | None,
) -> None:
    assert date_of_age(birth, years, months, rule) == PeriodEnd(due, alternative, reason, nominal)


def test_date_of_age_describe_leap_day() -> None:
    end = date_of_age(D(2008, 2, 29), 17, 6)
    assert end.describe() == (
        "barnet er født 29. februar, og 29.02.2026 findes ikke; fødselsdagen regnes som "
        "lør 28.02.2026 (forældelseslovens § 27 analogt), så datoen er tor 28.08.2025 "
        "(alternativ læsning med fødselsdag søn 01.03.2026: man 01.09.2025)"
    )
    assert "birthday is taken as Sat 28.02.2026" in end.describe("en")
    mar1 = date_of_age(D(2008, 2, 29), 18, 0, MAR_1)
    assert "fødselsdagen regnes som søn 01.03.2026 (valgt regel)" in mar1.describe()
    assert "alternativ læsning med fødselsdag lør 28.02.2026: lør 28.02.2026" in mar1.describe()


def test_milestones() -> None:
    ages = milestones(D(2010, 5, 17))
    assert [end.due for _, end in ages] == [
        D(2020, 5, 17),
        D(2025, 5, 17),
        D(2026, 5, 17),
        D(2027, 11, 17),
        D(2028, 5, 17),
        D(2033, 5, 17),
    ]
    labels = [label for label, _ in ages]
    assert labels[0].startswith("10 år")
    assert labels[3] == "17 år og 6 måneder: afgørelse om ungestøtte (BL § 111 stk. 1)"
    assert milestones(D(2010, 5, 17), lang="en")[4][0] == "18: the placement ends (BL § 111(1))"


def test_periods_knows_no_law() -> None:
    """periods counts time: the ages that change rights are the legal vocabulary's
    (law/data/vocabulary.toml, per law version), not constants of this module."""
    assert not any(n.startswith("AGE_") or n == "milestones" for n in periods.__all__)
    for name in ("AGE_PARTY_RIGHTS", "AGE_ADULT", "milestones"):
        assert not hasattr(periods, name)


def test_milestones_of_a_leap_day_child() -> None:
    ages = dict(milestones(D(2008, 2, 29)))
    keys = list(ages)
    assert ages[keys[0]] == PeriodEnd(D(2018, 2, 28), D(2018, 3, 1), "leap-day", (2018, 2, 29))
    assert ages[keys[2]] == PeriodEnd(D(2024, 2, 29))  # 16 in a leap year
    assert ages[keys[3]].due == D(2025, 8, 28)
    assert ages[keys[4]].due == D(2026, 2, 28)
    assert [end.ambiguous for end in ages.values()] == [True, True, False, True, True, True]
    mar1 = dict(milestones(D(2008, 2, 29), MAR_1))
    assert list(mar1.values())[4].due == D(2026, 3, 1)


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (D(2008, 2, 29), True),
        (D(2008, 2, 28), False),
        (D(2008, 3, 1), False),
        (D(2009, 3, 1), False),
    ],
)
def test_is_leap_day_birth(birth: date, expected: bool) -> None:
    assert is_leap_day_birth(birth) is expected


# --- Property tests: months and ages ------------------------------------------------------------

days_st = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))
# Month ends and 29 February are where the rules bite: draw them often.
month_end_days = st.builds(
    lambda y, m, back: D(y, m, stdlib_calendar.monthrange(y, m)[1]) - timedelta(days=back),
    st.integers(1900, 2200),
    st.integers(1, 12),
    st.integers(0, 3),
)
leap_births = st.integers(1904 // 4, 2096 // 4).map(lambda k: D(4 * k, 2, 29))  # 2000 is leap
any_day = st.one_of(days_st, month_end_days, leap_births)
months_st = st.integers(-600, 600)
rules_st = st.sampled_from(list(LeapDayRule))
roundings_st = st.sampled_from([MonthRounding.LAST_DAY, MonthRounding.FIRST_OF_NEXT])


@given(any_day, months_st)
def test_month_addition_stays_in_the_target_month(day: date, months: int) -> None:
    total = day.year * 12 + day.month - 1 + months
    year, month = total // 12, total % 12 + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    end = add_months(day, months)
    missing = day.day > last
    assert end.ambiguous is missing
    assert (end.due.year, end.due.month) == (year, month)
    if missing:
        assert end.due.day == last
        assert end.alternative == end.due + timedelta(days=1)
        assert end.alternative.day == 1
        assert end.reason == "month-end"
        assert end.nominal == (year, month, day.day)
    else:
        assert end.due.day == day.day
        assert end.alternative is None
    up = add_months(day, months, MonthRounding.FIRST_OF_NEXT)
    assert (up.due, up.alternative) == ((end.alternative, end.due) if missing else (end.due, None))


@given(any_day, months_st)
def test_month_addition_agrees_with_dateutil(day: date, months: int) -> None:
    # relativedelta clamps to the month's last day too ("Jan 31 + 1 month = Feb 28/29").
    assert add_months(day, months).due == day + relativedelta(months=months)


@given(any_day, st.integers(-50, 50))
def test_add_years_is_twelve_months(day: date, years: int) -> None:
    assert add_years(day, years) == add_months(day, 12 * years)


@given(any_day, any_day, months_st, roundings_st)
def test_month_addition_is_monotone(a: date, b: date, months: int, rounding: MonthRounding) -> None:
    a, b = min(a, b), max(a, b)
    assert add_months(a, months, rounding).due <= add_months(b, months, rounding).due


@given(any_day, st.integers(0, 200), rules_st)
def test_age_on_agrees_with_birthday(birth: date, age: int, rule: LeapDayRule) -> None:
    assume(birth.year + age <= 9999)
    day = birthday(birth, age, rule)
    assert age_on(birth, day, rule) == age
    if age > 0:
        assert age_on(birth, day - timedelta(days=1), rule) == age - 1
    assert birthday(birth, age + 1, rule) > day


@given(leap_births, st.integers(1, 120), rules_st)
def test_leap_day_child_birthday(birth: date, age: int, rule: LeapDayRule) -> None:
    day = birthday(birth, age, rule)
    if stdlib_calendar.isleap(birth.year + age):
        assert day == D(birth.year + age, 2, 29)
    else:
        assert day == (D(birth.year + age, 2, 28) if rule == FEB_28 else D(birth.year + age, 3, 1))
    assert age_on(birth, day, rule) == age
    assert age_on(birth, day - timedelta(days=1), rule) == age - 1


@given(any_day, st.integers(1, 30), st.integers(0, 11), rules_st)
def test_date_of_age_lies_between_birthdays(
    birth: date, years: int, months: int, rule: LeapDayRule
) -> None:
    end = date_of_age(birth, years, months, rule)
    assert birthday(birth, years, rule) <= end.due <= birthday(birth, years + 1, rule)
    assert age_on(birth, end.due, rule) == years
    if months:
        assert end.due < birthday(birth, years + 1, rule)
    assert end.ambiguous is (end.reason is not None)
    if end.reason == "leap-day":
        assert is_leap_day_birth(birth)


# --- Documentation -----------------------------------------------------------------------------


def test_module_doctests() -> None:
    result = doctest.testmod(periods, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_docs_chapter_doctests() -> None:
    result = doctest.testfile(str(DOCS), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


def test_summer_time_ended_in_september_until_1995() -> None:
    # EU summer time ended on the last Sunday of September up to 1995 (24.09.1995), of
    # October from 1996: 02:30 on 24.09.1995 existed twice, on 29.09.1996 once.
    with pytest.raises(AmbiguousTimeError):
        to_copenhagen(datetime(1995, 9, 24, 2, 30))
    assert to_copenhagen(datetime(1996, 9, 29, 2, 30)).utcoffset() == timedelta(hours=2)
    instant = datetime(1995, 9, 24, 0, 30, tzinfo=UTC)
    assert to_copenhagen(instant.astimezone(COPENHAGEN)).astimezone(UTC) == instant


# --- add_months on dateutil's relativedelta (issue 15, item 10) ---------------------------------


def _months_oracle(day: date, months: int) -> tuple[date, date | None]:
    """Month arithmetic written out independently: (due, alternative) with the last day of the
    month as the primary reading of a missing day (law digest rule 3)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = total // 12, total % 12 + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    if day.day <= last:
        return date(year, month, day.day), None
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, last), first_next


@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=-600, max_value=600),
)
def test_add_months_matches_independent_month_arithmetic(day: date, months: int) -> None:
    got = add_months(day, months)
    due, alt = _months_oracle(day, months)
    assert (got.due, got.alternative) == (due, alt)
    assert got.ambiguous == (alt is not None)
    if got.ambiguous:
        assert got.nominal == (due.year, due.month, day.day)
        flipped = add_months(day, months, MonthRounding.FIRST_OF_NEXT)
        assert (flipped.due, flipped.alternative) == (alt, due)


def test_add_months_outside_years_1_to_9999_is_a_period_range_error() -> None:
    with pytest.raises(PeriodRangeError, match="uden for år 1-9999"):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(PeriodRangeError, match="uden for år 1-9999"):
        add_months(date(1, 1, 31), -1)
