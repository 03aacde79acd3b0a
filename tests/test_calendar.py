"""Tests of boernesag.calendar: Danish working days (hverdage).

Example tables use real Danish calendars; property tests check the counting rules and compare
the precomputed index with a plain reference loop over ``holidays.Denmark``.
"""

from __future__ import annotations

import bisect
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import attrs
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import boernesag.calendar as cal_module
from boernesag.calendar import (
    Calendar,
    add_working_days,
    default_calendar,
    is_working_day,
    next_working_day,
    previous_working_day,
    roll_forward,
    working_days_between,
)
from boernesag.errors import BoernesagError, CalendarRangeError

D = date
DK = default_calendar()
OPTIONAL = Calendar(optional_days=True)
#: Same rules as DK but a tiny precomputed span: almost everything takes the slow path.
NARROW = Calendar(first_year=2020, last_year=2021)

# --- the reference: a plain loop over holidays.Denmark ----------------------------------------

_REF_TABLES = {
    False: holidays.Denmark(),
    True: holidays.Denmark(categories=("public", "optional")),
}


def ref_is_working(day, *, optional=False, extra=frozenset(), weekend=frozenset({5, 6})):
    assert 1771 <= day.year <= 2100, "the reference is only valid where holidays has data"
    return day.weekday() not in weekend and day not in _REF_TABLES[optional] and day not in extra


def ref_add(day, n, **rules):
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        if ref_is_working(day, **rules):
            left -= 1
    return day


def ref_between(a, b, **rules):
    if b < a:
        return -ref_between(b, a, **rules)
    return sum(ref_is_working(a + timedelta(days=k), **rules) for k in range(1, (b - a).days + 1))


def days_of(first: date, last: date):
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


SPAN_DAYS = days_of(D(1990, 1, 1), D(2060, 12, 31))
in_span = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))
counts = st.integers(min_value=-300, max_value=300)


# --- worked examples from real calendars -----------------------------------------------------


def test_worked_example_underretning_kvittering_over_easter_2024():
    # Underretning received Friday 22 March 2024; 6 hverdage (BL § 137 / SEL § 155 b):
    # Mon 25 (1), Tue 26 (2), Wed 27 (3); Thu 28 Skærtorsdag, Fri 29 Langfredag,
    # Sat 30, Sun 31 Påskedag, Mon 1 Apr Anden påskedag are closed; Tue 2 (4), Wed 3 (5),
    # Thu 4 April (6).
    assert add_working_days(D(2024, 3, 22), 6) == D(2024, 4, 4)
    assert working_days_between(D(2024, 3, 22), D(2024, 4, 4)) == 6
    assert working_days_between(D(2024, 4, 4), D(2024, 3, 22)) == -6


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        # Easter 2024
        (D(2024, 3, 27), None),
        (D(2024, 3, 28), "Skærtorsdag"),
        (D(2024, 3, 29), "Langfredag"),
        (D(2024, 3, 30), "lørdag"),
        (D(2024, 3, 31), "Påskedag"),  # a Sunday: the holiday's name comes first
        (D(2024, 4, 1), "Anden påskedag"),
        (D(2024, 4, 2), None),
        # Store Bededag: a holiday until 2023, abolished from 2024 (lov nr. 214 af 06/03/2023)
        (D(2023, 5, 5), "Store bededag"),
        (D(2024, 4, 26), None),
        # Kristi Himmelfart and Pinse 2024; the Friday after Kristi Himmelfart is not a holiday
        (D(2024, 5, 9), "Kristi himmelfartsdag"),
        (D(2024, 5, 10), None),
        (D(2024, 5, 19), "Pinsedag"),
        (D(2024, 5, 20), "Anden pinsedag"),
        # 1 May and Grundlovsdag are not holidays by law (both Wednesdays in 2024)
        (D(2024, 5, 1), None),
        (D(2024, 6, 5), None),
        # Christmas and New Year 2024/25
        (D(2024, 12, 24), None),
        (D(2024, 12, 25), "Juledag"),
        (D(2024, 12, 26), "Anden juledag"),
        (D(2024, 12, 29), "søndag"),
        (D(2024, 12, 31), None),
        (D(2025, 1, 1), "Nytårsdag"),
        # leap day 2024 is an ordinary Thursday
        (D(2024, 2, 29), None),
    ],
)
def test_closure_reason_and_is_working_day(day, reason):
    assert DK.closure_reason(day) == reason
    assert DK.is_working_day(day) is (reason is None)
    assert is_working_day(day) is (reason is None)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (D(2024, 3, 27), 1, D(2024, 4, 2)),  # Easter
        (D(2024, 4, 2), -1, D(2024, 3, 27)),
        (D(2023, 5, 4), 1, D(2023, 5, 8)),  # Store Bededag Fri 5 May 2023 closed
        (D(2024, 4, 25), 1, D(2024, 4, 26)),  # ... but Fri 26 Apr 2024 is a working day
        (D(2024, 5, 8), 1, D(2024, 5, 10)),  # Kristi Himmelfart Thu 9 May 2024
        (D(2024, 5, 17), 1, D(2024, 5, 21)),  # Pinse: Sun 19 and Mon 20 May 2024
        (D(2024, 12, 23), 3, D(2024, 12, 30)),  # 24 Dec (1), 27 Dec (2), 30 Dec (3)
        (D(2024, 12, 30), 2, D(2025, 1, 2)),  # 31 Dec (1), Nytårsdag, 2 Jan (2)
        (D(2024, 2, 28), 1, D(2024, 2, 29)),  # leap day
        (D(2024, 3, 1), -1, D(2024, 2, 29)),
        (D(2024, 3, 23), 1, D(2024, 3, 25)),  # from a Saturday: counting starts the day after
        (D(2024, 3, 23), -1, D(2024, 3, 22)),
        (D(2024, 3, 23), 0, D(2024, 3, 23)),  # n == 0 leaves even a Saturday unchanged
    ],
)
def test_add_working_days_examples(day, n, expected):
    assert add_working_days(day, n) == expected
    assert DK.add_working_days(day, n) == expected
    assert NARROW.add_working_days(day, n) == expected


def test_between_examples():
    assert working_days_between(D(2024, 2, 28), D(2024, 3, 1)) == 2  # 29 Feb, 1 Mar
    assert working_days_between(D(2024, 3, 23), D(2024, 3, 24)) == 0  # weekend only
    assert working_days_between(D(2024, 3, 22), D(2024, 3, 22)) == 0
    assert working_days_between(D(2023, 5, 4), D(2023, 5, 5)) == 0  # Store Bededag 2023
    assert working_days_between(D(2024, 4, 25), D(2024, 4, 26)) == 1  # ... not 2024
    # 2024: 262 weekdays; minus Nytårsdag 2024 (not in the interval anyway) and the 7
    # weekday holidays 28+29 Mar, 1 Apr, 9 May, 20 May, 25+26 Dec; 1 Jan 2025 is closed.
    assert working_days_between(D(2024, 1, 1), D(2025, 1, 1)) == 254


def test_next_previous_and_roll_forward():
    saturday, monday, friday = D(2024, 3, 23), D(2024, 3, 25), D(2024, 3, 22)
    assert next_working_day(saturday) == monday
    assert next_working_day(friday) == monday  # strictly after, even from a working day
    assert previous_working_day(monday) == friday
    assert previous_working_day(saturday) == friday
    assert roll_forward(saturday) == monday
    assert roll_forward(friday) == friday
    assert roll_forward(D(2024, 3, 28)) == D(2024, 4, 2)  # klagefrist ending Skærtorsdag
    assert DK.roll_forward(D(2024, 12, 24)) == D(2024, 12, 24)
    assert OPTIONAL.roll_forward(D(2024, 12, 24)) == D(2024, 12, 27)


def test_optional_days_close_1_may_grundlovsdag_24_and_31_december():
    expected = {
        D(2024, 5, 1): "Arbejdernes kampdag",
        D(2024, 6, 5): "Grundlovsdag",
        D(2024, 12, 24): "Juleaftensdag",
        D(2024, 12, 31): "Nytårsaften",
    }
    for day, name in expected.items():
        assert DK.is_working_day(day)
        assert OPTIONAL.closure_reason(day) == name
    added = OPTIONAL.holidays_in(2024).keys() - DK.holidays_in(2024).keys()
    assert added == expected.keys()
    # the same four days the holidays package puts in Denmark's optional category
    assert set(holidays.Denmark(years=2024, categories="optional")) == expected.keys()
    assert OPTIONAL.add_working_days(D(2024, 12, 23), 3) == D(2025, 1, 2)
    assert OPTIONAL.working_days_between(D(2024, 4, 30), D(2024, 5, 2)) == 1


def test_extra_closed_days():
    fredag = D(2024, 5, 10)  # the Friday after Kristi Himmelfart, closed by many kommuner
    cal = Calendar(extra_closed=[fredag], name="Eksempel Kommune")
    assert cal.closure_reason(fredag) == "lukkedag"
    assert cal.add_working_days(D(2024, 5, 8), 1) == D(2024, 5, 13)
    assert cal.holidays_in(2024)[fredag] == "lukkedag"
    assert fredag not in DK.holidays_in(2024)
    # a closure day on a holiday or a weekend keeps the more specific reason
    both = Calendar(extra_closed={D(2024, 5, 9), D(2024, 5, 11)})
    assert both.closure_reason(D(2024, 5, 9)) == "Kristi himmelfartsdag"
    assert both.closure_reason(D(2024, 5, 11)) == "lørdag"
    # out of the precomputed span too
    old = Calendar(extra_closed=[D(1950, 3, 22)])
    assert old.closure_reason(D(1950, 3, 22)) == "lukkedag"
    assert old.add_working_days(D(1950, 3, 21), 1) == D(1950, 3, 23)


def test_other_weekend():
    cal = Calendar(weekend={4, 5})  # Friday and Saturday
    assert cal.closure_reason(D(2024, 3, 22)) == "fredag"
    assert cal.is_working_day(D(2024, 3, 24))  # Sunday
    assert cal.add_working_days(D(2024, 3, 21), 1) == D(2024, 3, 24)
    assert Calendar(weekend=()).is_working_day(D(2024, 3, 23))


def test_holidays_in_names_are_danish():
    assert DK.holidays_in(2024) == {
        D(2024, 1, 1): "Nytårsdag",
        D(2024, 3, 28): "Skærtorsdag",
        D(2024, 3, 29): "Langfredag",
        D(2024, 3, 31): "Påskedag",
        D(2024, 4, 1): "Anden påskedag",
        D(2024, 5, 9): "Kristi himmelfartsdag",
        D(2024, 5, 19): "Pinsedag",
        D(2024, 5, 20): "Anden pinsedag",
        D(2024, 12, 25): "Juledag",
        D(2024, 12, 26): "Anden juledag",
    }
    assert DK.holidays_in(2023)[D(2023, 5, 5)] == "Store bededag"
    assert list(DK.holidays_in(2023)) == sorted(DK.holidays_in(2023))
    returned = DK.holidays_in(2024)
    returned.clear()  # a fresh dict: the caller cannot damage the calendar's data
    assert len(DK.holidays_in(2024)) == 10


# --- dates outside the precomputed span ------------------------------------------------------


def test_out_of_span_examples():
    # 1989-12-29 is a Friday; 1 Jan 1990 (Monday) is Nytårsdag: across the span's start
    assert DK.add_working_days(D(1989, 12, 29), 1) == D(1990, 1, 2)
    assert DK.add_working_days(D(1990, 1, 2), -1) == D(1989, 12, 29)
    assert DK.working_days_between(D(1989, 12, 29), D(1990, 1, 2)) == 1
    assert DK.add_working_days(D(1950, 3, 22), 6) == ref_add(D(1950, 3, 22), 6)
    assert DK.add_working_days(D(2100, 12, 20), 5) == ref_add(D(2100, 12, 20), 5)
    assert DK.closure_reason(D(1950, 5, 5)) == "Store bededag"  # Easter 1950: 9 April
    # from before the span to after it, in one call
    far = DK.add_working_days(D(1980, 6, 2), 30_000)
    assert DK.working_days_between(D(1980, 6, 2), far) == 30_000
    assert NARROW.add_working_days(D(1980, 6, 2), 30_000) == far
    assert DK.add_working_days(far, -30_000) == D(1980, 6, 2)  # 2 June 1980 is a Monday


@pytest.mark.parametrize(
    "call",
    [
        lambda: DK.is_working_day(D(1700, 1, 1)),
        lambda: DK.add_working_days(D(2100, 12, 30), 5),  # the result would be in 2101
        lambda: DK.add_working_days(D(1771, 1, 2), -5),
        lambda: DK.add_working_days(D(2200, 1, 1), 0),
        lambda: DK.working_days_between(D(2024, 1, 1), D(2101, 1, 1)),
        lambda: DK.closure_reason(D(1600, 1, 1)),
        lambda: DK.holidays_in(2101),
        lambda: Calendar(first_year=1700).is_working_day(D(2024, 1, 1)),
        lambda: Calendar(last_year=2150).add_working_days(D(2024, 1, 1), 1),
    ],
)
def test_years_without_holiday_data_raise(call):
    with pytest.raises(CalendarRangeError, match="holidays"):
        call()


def test_calendar_range_error_is_a_library_error():
    with pytest.raises(BoernesagError):
        DK.is_working_day(D(1700, 1, 1))
    with pytest.raises(ValueError, match="1771"):
        DK.is_working_day(D(1700, 1, 1))


# --- argument checking and the Calendar value --------------------------------------------------


class _Three:
    def __index__(self):
        return 3


def test_argument_types():
    with pytest.raises(TypeError, match=r"add_working_days\(\) takes a datetime.date, not a datet"):
        add_working_days(datetime(2024, 3, 22, 12, 0), 1)
    with pytest.raises(TypeError, match="is_working_day"):
        is_working_day("2024-03-22")
    with pytest.raises(TypeError, match="working_days_between"):
        working_days_between(D(2024, 1, 1), datetime(2024, 1, 2))
    with pytest.raises(TypeError, match="whole number"):
        add_working_days(D(2024, 3, 22), 1.0)
    with pytest.raises(TypeError, match="whole number"):
        add_working_days(D(2024, 3, 22), True)
    assert add_working_days(D(2024, 3, 22), _Three()) == D(2024, 3, 27)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"weekend": {7}}, ValueError, "weekday numbers"),
        ({"weekend": {-1}}, ValueError, "weekday numbers"),
        ({"weekend": {True}}, ValueError, "weekday numbers"),
        ({"weekend": range(7)}, ValueError, "all seven"),
        ({"first_year": 2030, "last_year": 2020}, ValueError, "first_year"),
        ({"first_year": "1990"}, TypeError, "first_year"),
        ({"extra_closed": ["2024-05-10"]}, TypeError, "extra_closed"),
        ({"extra_closed": [datetime(2024, 5, 10)]}, TypeError, "extra_closed"),
        ({"optional_days": "yes"}, TypeError, "optional_days"),
    ],
)
def test_calendar_validation(kwargs, error, match):
    with pytest.raises(error, match=match):
        Calendar(**kwargs)


def test_calendar_is_an_immutable_hashable_value():
    a = Calendar(extra_closed=[D(2024, 5, 10)], weekend=[5, 6])
    b = Calendar(extra_closed=frozenset({D(2024, 5, 10)}))
    assert a.extra_closed == frozenset({D(2024, 5, 10)})
    assert isinstance(a.weekend, frozenset)
    repr_before = repr(a)
    a.is_working_day(D(2024, 1, 2))  # builds a's index, not b's
    assert repr(a) == repr_before
    assert "upto" not in repr_before
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, DK}) == 2
    assert a != Calendar(optional_days=True, extra_closed=[D(2024, 5, 10)])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.optional_days = True


def test_default_calendar_is_built_once_and_used_by_module_functions():
    assert default_calendar() is default_calendar()
    assert default_calendar() == Calendar()
    day = D(2024, 12, 23)
    assert add_working_days(day, 1) == D(2024, 12, 24)
    assert add_working_days(day, 1, OPTIONAL) == D(2024, 12, 27)
    assert working_days_between(day, D(2024, 12, 31), OPTIONAL) == 2  # 27 and 30 Dec
    assert not is_working_day(D(2024, 12, 24), OPTIONAL)
    assert next_working_day(day, OPTIONAL) == D(2024, 12, 27)
    assert previous_working_day(D(2025, 1, 2), OPTIONAL) == D(2024, 12, 30)
    assert roll_forward(D(2024, 12, 31), OPTIONAL) == D(2025, 1, 2)


def test_import_loads_neither_holidays_nor_numpy_nor_pandas():
    # Load the package without running boernesag/__init__.py: this is calendar.py's own promise.
    package = Path(cal_module.__file__).parent
    code = (
        "import sys, types\n"
        "pkg = types.ModuleType('boernesag')\n"
        f"pkg.__path__ = [{str(package)!r}]\n"
        "sys.modules['boernesag'] = pkg\n"
        "import boernesag.calendar as c\n"
        "assert 'holidays' not in sys.modules and 'numpy' not in sys.modules\n"
        "c.default_calendar().is_working_day(__import__('datetime').date(2024, 1, 2))\n"
        "assert 'holidays' in sys.modules and 'numpy' not in sys.modules\n"
        "assert 'pandas' not in sys.modules\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


# --- exhaustive comparison with the reference, 1990-2060 -------------------------------------

_REF_WORKING = [d for d in SPAN_DAYS if ref_is_working(d)]


def test_is_working_day_matches_reference_every_day_1990_2060():
    wrong = [d for d in SPAN_DAYS if DK.is_working_day(d) != ref_is_working(d)]
    assert wrong == []


def test_next_previous_and_count_match_reference_every_day_1990_2060():
    start = D(1990, 1, 1)  # Nytårsdag: counting from it counts every working day after it
    for day in SPAN_DAYS[7:-7]:
        after = bisect.bisect_right(_REF_WORKING, day)
        before = bisect.bisect_left(_REF_WORKING, day)
        assert DK.next_working_day(day) == _REF_WORKING[after], day
        assert DK.previous_working_day(day) == _REF_WORKING[before - 1], day
        assert DK.working_days_between(start, day) == after, day


def test_custom_calendar_matches_reference_every_day_2020_2026():
    extra = frozenset({D(2024, 5, 10), D(2025, 5, 30), D(2021, 12, 27)})
    rules = {"optional": True, "extra": extra, "weekend": frozenset({4, 5})}
    cal = Calendar(optional_days=True, extra_closed=extra, weekend={4, 5}, first_year=2022)
    for day in days_of(D(2020, 1, 1), D(2026, 12, 31)):  # partly outside the span
        assert cal.is_working_day(day) == ref_is_working(day, **rules), day
    for day in days_of(D(2020, 1, 1), D(2026, 12, 31))[::5]:
        assert cal.add_working_days(day, 7) == ref_add(day, 7, **rules), day
        assert cal.add_working_days(day, -7) == ref_add(day, -7, **rules), day


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(in_span, counts)
def test_add_working_days_matches_reference(day, n):
    assert DK.add_working_days(day, n) == ref_add(day, n)


@settings(max_examples=150, deadline=None)
@given(in_span, in_span)
def test_between_matches_reference(a, b):
    if abs((b - a).days) > 800:
        b = a + timedelta(days=(b - a).days % 800)
    assert DK.working_days_between(a, b) == ref_between(a, b)


# every year with holiday data, leaving room for 3000 working days (about 12 years) either way
any_day = st.dates(min_value=D(1785, 1, 1), max_value=D(2086, 12, 31))
big_counts = st.integers(min_value=-3000, max_value=3000)


@settings(max_examples=300, deadline=None)
@given(any_day, big_counts)
def test_round_trip_between_of_add(day, n):
    result = DK.add_working_days(day, n)
    # (a, b] never counts a; going backwards from a closed day, that day is not counted
    expected = n + 1 if n < 0 and not DK.is_working_day(day) else n
    assert DK.working_days_between(day, result) == expected
    if n >= 0 or DK.is_working_day(day):
        assert DK.working_days_between(day, result) == n


def test_round_trip_exception_for_negative_n_from_a_closed_day():
    saturday = D(2024, 3, 23)
    friday = DK.add_working_days(saturday, -1)
    assert friday == D(2024, 3, 22)
    assert DK.working_days_between(saturday, friday) == 0  # no working day in (Fri, Sat]


@settings(max_examples=200, deadline=None)
@given(any_day, any_day, st.integers(min_value=1, max_value=2000))
def test_positive_n_gives_a_later_working_day_monotone_in_day_and_n(d1, d2, n):
    d1, d2 = sorted((d1, d2))
    result = DK.add_working_days(d1, n)
    assert result > d1
    assert DK.is_working_day(result)
    assert DK.add_working_days(d2, n) >= result
    assert DK.add_working_days(d1, n + 1) > result
    assert DK.add_working_days(d1, -n) < d1
    assert DK.is_working_day(DK.add_working_days(d1, -n))


@settings(max_examples=200, deadline=None)
@given(in_span, counts, counts)
def test_add_is_additive_from_a_working_day(day, a, b):
    day = DK.roll_forward(day)
    assert DK.add_working_days(DK.add_working_days(day, a), b) == DK.add_working_days(day, a + b)


@settings(max_examples=200, deadline=None)
@given(in_span, st.integers(1, 300), st.integers(1, 300), st.booleans())
def test_add_is_additive_from_any_day_when_steps_have_one_sign(day, a, b, backwards):
    if backwards:
        a, b = -a, -b
    assert DK.add_working_days(DK.add_working_days(day, a), b) == DK.add_working_days(day, a + b)


def test_additivity_fails_from_a_closed_day_with_mixed_signs():
    saturday = D(2024, 3, 23)  # add(add(Sat, 1), -1) is Friday, add(Sat, 0) is Saturday
    assert DK.add_working_days(DK.add_working_days(saturday, 1), -1) == D(2024, 3, 22)
    assert DK.add_working_days(saturday, 0) == saturday


@settings(max_examples=150, deadline=None)
@given(in_span, in_span, in_span)
def test_between_is_additive_and_antisymmetric(a, b, c):
    ab, bc = DK.working_days_between(a, b), DK.working_days_between(b, c)
    assert ab + bc == DK.working_days_between(a, c)
    assert DK.working_days_between(b, a) == -ab


out_of_span = st.one_of(
    st.dates(min_value=D(1772, 1, 1), max_value=D(1989, 12, 31)),
    st.dates(min_value=D(2081, 1, 1), max_value=D(2099, 6, 30)),
)


@settings(max_examples=150, deadline=None)
@given(out_of_span, st.integers(min_value=-100, max_value=100))
def test_out_of_span_matches_reference(day, n):
    assert DK.is_working_day(day) == ref_is_working(day)
    assert DK.add_working_days(day, n) == ref_add(day, n)
    other = day + timedelta(days=n * 3)
    assert DK.working_days_between(day, other) == ref_between(day, other)


@settings(max_examples=300, deadline=None)
@given(any_day, any_day, big_counts)
def test_narrow_span_gives_the_same_answers(a, b, n):
    assert NARROW.is_working_day(a) == DK.is_working_day(a)
    assert NARROW.add_working_days(a, n) == DK.add_working_days(a, n)
    assert NARROW.working_days_between(a, b) == DK.working_days_between(a, b)


# --- the vectorized form -----------------------------------------------------------------------


def _random_days(np, rng, size):
    """Days 1985-2095: some before and after the default span (1990-2080)."""
    lo = np.datetime64("1985-01-01", "D").astype(np.int64)
    hi = np.datetime64("2095-12-31", "D").astype(np.int64)
    return rng.integers(lo, hi + 1, size).astype("datetime64[D]")


def _as_dates(array):
    return [d.astype(object) for d in array.ravel()]


def test_vectorized_equals_scalar_on_random_arrays():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(20240322)
    days = _random_days(np, rng, 3000)  # some before 1990 and after 2080: the scalar fallback
    others = _random_days(np, rng, 3000)
    steps = rng.integers(-400, 401, 3000)
    steps[::17] = 0
    as_days = _as_dates(days)
    expected_add = [DK.add_working_days(d, int(n)) for d, n in zip(as_days, steps, strict=True)]
    assert _as_dates(DK.add_working_days_array(days, steps)) == expected_add
    for n in (6, -6, 0):
        expected = [DK.add_working_days(d, n) for d in as_days]
        result = DK.add_working_days_array(days, n)
        assert result.dtype == np.dtype("datetime64[D]")
        assert _as_dates(result) == expected
    expected_between = [
        DK.working_days_between(a, b) for a, b in zip(as_days, _as_dates(others), strict=True)
    ]
    assert DK.working_days_between_array(days, others).tolist() == expected_between
    assert DK.is_working_day_array(days).tolist() == [DK.is_working_day(d) for d in as_days]


def test_vectorized_inputs_shapes_and_errors():
    np = pytest.importorskip("numpy")
    days = [D(2024, 3, 22), D(2024, 3, 23), D(2023, 5, 4)]
    assert _as_dates(DK.add_working_days_array(days, 1)) == [
        D(2024, 3, 25),
        D(2024, 3, 25),
        D(2023, 5, 8),
    ]
    grid = np.array([["2024-03-22", "2024-12-23"], ["2024-04-25", "1950-01-02"]], "datetime64[D]")
    result = OPTIONAL.add_working_days_array(grid, np.array([6, 3]))
    assert result.shape == (2, 2)
    assert result[0, 0] == np.datetime64("2024-04-04")
    assert result[0, 1] == np.datetime64("2025-01-02")
    stamps = np.array(["2024-03-22T23:30", "2024-03-23T00:10"], "datetime64[ns]")
    assert DK.is_working_day_array(stamps).tolist() == [True, False]
    assert DK.working_days_between_array(D(2024, 3, 22), stamps).tolist() == [0, 0]
    assert _as_dates(DK.add_working_days_array(D(2024, 3, 22), [6, -1, 0])) == [
        D(2024, 4, 4),
        D(2024, 3, 21),
        D(2024, 3, 22),
    ]
    with pytest.raises(ValueError, match="NaT"):
        DK.add_working_days_array(np.array(["2024-01-02", "NaT"], "datetime64[D]"), 1)
    with pytest.raises(TypeError, match="numbers"):
        DK.is_working_day_array(np.array([738000, 738001]))
    with pytest.raises(TypeError, match="whole numbers"):
        DK.add_working_days_array(days, 1.5)
    with pytest.raises(TypeError, match="not a datetime"):
        DK.is_working_day_array([datetime(2024, 3, 22, 12)])
    with pytest.raises(CalendarRangeError):
        DK.add_working_days_array(np.array(["2100-12-30"], "datetime64[D]"), 5)
    original = np.array(["2024-03-23"], "datetime64[D]")
    DK.add_working_days_array(original, 0)
    assert original[0] == np.datetime64("2024-03-23")  # the input is not modified
