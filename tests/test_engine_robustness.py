"""The engines on hand-built cases at the edges (issue 14, items 1, 2, 4 and 7).

* ``as_of`` is checked at the door of every engine: outside 1900-2099 it is a
  :class:`CalendarRangeError` naming the day, never an ``OverflowError`` from deep inside;
  at the window's edges, and for a case whose events all lie on its last day, every
  engine succeeds or raises a library error.
* Period arithmetic outside years 1-9999 and working-day counts outside the holiday data
  raise :class:`CalendarRangeError` naming the date.
* Events in the hour that comes twice when summer time ends sort by their instant, in the
  model and in the columnar table, and both engines give the same deadlines.
* Hypothesis: small in-window cases (DST-edge times, births 1900 and 2099, leap days,
  events before the birth, refs, measures with only an end, follow-up intervals) never make
  an engine raise anything but a library error.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boernesag.audit import audit, audit_case
from boernesag.calendar import default_calendar
from boernesag.columnar import EventTable, audit_table, deadline_table
from boernesag.columnar.result import record_of
from boernesag.deadlines import Deadline, caseload_deadlines, deadlines, due_within
from boernesag.errors import BoernesagError, CalendarRangeError
from boernesag.handover.checklist import build_checklist
from boernesag.handover.reassignment import assignment_time, reassign
from boernesag.handover.sagsliste import build_sagsliste
from boernesag.handover.situation import Scope, Situation
from boernesag.handover.switches import switch_report
from boernesag.handover.transition import age_overview, transition_plans
from boernesag.model import Case, Caseload, Child, Event, EventType
from boernesag.paragraphs import Paragraph
from boernesag.periods import (
    PeriodError,
    add_days,
    add_hours,
    add_months,
    add_weeks,
    birthday,
    date_of_age,
    to_copenhagen,
)

ET = EventType
FIRST, LAST = date(1900, 1, 1), date(2099, 12, 31)
CET, CEST = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))


def _last_day_case() -> Case:
    """A child born 1 January 2099 whose every event is on 31 December 2099."""
    bl32 = Paragraph.parse("BL 32")
    events = [
        Event(id="E1", type=ET.UNDERRETNING, at=datetime(2099, 12, 31, 23, 59, 59, tzinfo=CET)),
        Event(id="E2", type=ET.KVITTERING_SENDT, date=LAST, ref="E1"),
        Event(
            id="E3", type=ET.AFGOERELSE, date=LAST, paragraph=bl32, measure="M1", outcome="bevilget"
        ),
        Event(id="E4", type=ET.FORANSTALTNING_START, date=LAST, paragraph=bl32, measure="M1"),
        Event(id="E5", type=ET.OPFOELGNING, date=LAST, measure="M1", interval_months=24),
        Event(id="E6", type=ET.BFU_STARTET, date=LAST),
        Event(id="E7", type=ET.KLAGE_MODTAGET, date=LAST),
        Event(id="E8", type=ET.AKTINDSIGT_ANMODET, date=LAST),
        Event(id="E9", type=ET.SAGSBEHANDLER_TILDELT, date=LAST, caseworker="SB-1"),
    ]
    return Case("K-2099", Child("B-2099", date(2099, 1, 1)), events)


def _first_day_case() -> Case:
    """A child born 1 January 1900 with events on that day (one ends a measure never begun)."""
    events = [
        Event(id="E1", type=ET.UNDERRETNING, date=FIRST),
        Event(id="E2", type=ET.FORANSTALTNING_SLUT, date=FIRST, measure="M9"),
        Event(id="E3", type=ET.SAGSBEHANDLER_TILDELT, date=FIRST, caseworker="SB-1"),
    ]
    return Case("K-1900", Child("B-1900", FIRST), events)


ENGINES: dict[str, Callable[[Case, Any], object]] = {
    "deadlines": lambda c, d: deadlines(c, d),
    "caseload_deadlines": lambda c, d: list(caseload_deadlines([c], d)),
    "audit_case": lambda c, d: audit_case(c, d),
    "audit": lambda c, d: audit(c, d),
    "deadline_table": lambda c, d: deadline_table(EventTable.from_cases([c]), d),
    "audit_table": lambda c, d: audit_table(EventTable.from_cases([c]), d),
    "sagsliste": lambda c, d: build_sagsliste([c], d),
    "switches": lambda c, d: switch_report([c], d),
    "age_overview": lambda c, d: age_overview([c], d),
    "transition_plans": lambda c, d: transition_plans([c], d),
}
EDGES = [
    FIRST,
    LAST,
    datetime(1900, 1, 1, 0, 0),
    datetime(2099, 12, 31, 22, 59, tzinfo=UTC),
]
OUTSIDE = [
    date(1, 1, 1),
    date(1899, 12, 31),
    date(2100, 1, 1),
    date(6459, 8, 1),
    date(9999, 12, 31),
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12))),
    datetime(1, 1, 1, 0, 10, tzinfo=timezone(timedelta(hours=14))),
    datetime(2099, 12, 31, 23, 30, tzinfo=UTC),  # 2100-01-01 in Copenhagen
]


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("case", [_last_day_case(), _first_day_case()], ids=["2099", "1900"])
@pytest.mark.parametrize("as_of", EDGES, ids=str)
def test_engines_at_the_edges_of_the_window(engine: str, case: Case, as_of: Any) -> None:
    with contextlib.suppress(BoernesagError):
        ENGINES[engine](case, as_of)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("as_of", OUTSIDE, ids=str)
def test_as_of_outside_the_window_is_refused_at_the_door(engine: str, as_of: Any) -> None:
    with pytest.raises(CalendarRangeError, match="ligger uden for 1900-2099"):
        ENGINES[engine](_last_day_case(), as_of)


def test_the_last_day_case_has_deadlines_on_its_last_day() -> None:
    found = deadlines(_last_day_case(), LAST)
    assert found
    assert {d.trigger for d in found} >= {"E1", "E3"}


@pytest.mark.parametrize("as_of", OUTSIDE[:5], ids=str)
def test_due_within_refuses_as_of_outside_the_window(as_of: date) -> None:
    with pytest.raises(CalendarRangeError, match=as_of.isoformat()):
        due_within([], as_of, 30)


@pytest.mark.parametrize("days", [-1, 3661, 10**9, 2.5, "30", True, None])
def test_due_within_refuses_a_look_ahead_that_is_not_0_to_3660(days: Any) -> None:
    with pytest.raises(CalendarRangeError, match="days"):
        due_within([], LAST, days)


def test_due_within_at_the_last_day_and_the_longest_look_ahead() -> None:
    items = deadlines(_last_day_case(), LAST)
    opened = due_within(items, LAST, 3660)
    assert opened == [d for d in opened if d.due_date is not None and d.due_date >= LAST]
    assert due_within(items, LAST, 0) == [d for d in opened if d.due_date == LAST]


def test_checklist_refuses_a_handover_day_outside_the_window() -> None:
    situation = Situation(planned=True, scope=Scope.CASE)
    with pytest.raises(CalendarRangeError, match="skiftedagen 9999-12-31"):
        build_checklist(situation, date(9999, 12, 31))


# --- periods and the calendar ------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: add_days(date(9999, 12, 1), 31), "9999-12-01"),
        (lambda: add_days(date(1, 1, 2), -2), "0001-01-02"),
        (lambda: add_days(date(2024, 1, 1), 10**12), "2024-01-01"),
        (lambda: add_weeks(date(9999, 12, 1), 5), "9999-12-01"),
        (lambda: add_months(date(9999, 12, 1), 1), "9999-12-01"),
        (lambda: add_months(date(1, 1, 31), -1), "0001-01-31"),
        (lambda: birthday(date(9990, 1, 1), 18), "9990-01-01"),
        (lambda: date_of_age(date(9990, 1, 1), 17, 6), "9990-01-01"),
        (lambda: add_hours(datetime(9999, 12, 31, 20, 0, tzinfo=UTC), 24), "9999-12-31"),
        (lambda: add_hours(datetime(2024, 1, 1, 12, 0), 10**9), "2024-01-01"),
        (lambda: to_copenhagen(datetime(9999, 12, 31, 23, 59, tzinfo=UTC)), "9999-12-31"),
        (
            lambda: to_copenhagen(datetime(1, 1, 1, 0, 10, tzinfo=timezone(timedelta(hours=14)))),
            "0001-01-01",
        ),
    ],
)
def test_period_results_outside_years_1_to_9999_name_the_date(
    call: Callable[[], object], shown: str
) -> None:
    with pytest.raises(CalendarRangeError, match=shown) as caught:
        call()
    assert isinstance(caught.value, PeriodError)  # as before, for callers catching that
    assert "9999" in str(caught.value)


@pytest.mark.parametrize(
    ("n", "year"), [(999_999_999, "2734264"), (30_000, "2105"), (-100_000, "1750")]
)
def test_working_days_beyond_the_holiday_data_are_refused_in_danish(n: int, year: str) -> None:
    with pytest.raises(CalendarRangeError) as caught:
        default_calendar().add_working_days(date(2024, 1, 1), n)
    message = str(caught.value)
    assert message.startswith(f"hverdagsberegningen fra 2024-01-01 når år {year}")
    assert "danske helligdage kendes kun for 1771-2100" in message


def test_a_working_day_count_just_past_the_data_names_the_year_it_reaches() -> None:
    with pytest.raises(CalendarRangeError, match="når år 2101"):
        default_calendar().add_working_days(date(2100, 12, 1), 30)
    assert default_calendar().add_working_days(date(2100, 12, 1), 5) == date(2100, 12, 8)


# --- the repeated hour of the autumn DST day -----------------------------------------------

DST_END = date(2024, 10, 27)  # 03:00 CEST → 02:00 CET


def _dst_case(order: list[int]) -> Case:
    """Underretninger at 02:30+02:00 (the first 02:30), 02:10+01:00 and 02:40+01:00 (after
    the clock went back), 01:50+02:00 and a date-only kontakt, in the input order ``order``."""
    stamps = [
        datetime(2024, 10, 27, 1, 50, tzinfo=CEST),
        datetime(2024, 10, 27, 2, 30, tzinfo=CEST),
        datetime(2024, 10, 27, 2, 10, tzinfo=CET),
        datetime(2024, 10, 27, 2, 40, tzinfo=CET),
    ]
    events = [Event(id="K", type=ET.KONTAKT, date=DST_END)]
    events += [
        Event(id=f"U{i}", type=ET.UNDERRETNING, at=at, professional=True)
        for i, at in enumerate(stamps)
    ]
    events += [
        Event(id=f"V{i}", type=ET.UNDERRETNING_VURDERET, date=DST_END, ref=f"U{i}")
        for i in range(len(stamps))
    ]
    return Case("K-DST", Child("B-DST", date(2015, 5, 5)), [events[k] for k in order])


def test_events_in_the_repeated_hour_sort_by_instant() -> None:
    for order in ([0, 1, 2, 3, 4, 5, 6, 7, 8], [4, 3, 2, 1, 0, 8, 7, 6, 5], [2, 4, 0, 3, 1]):
        case = _dst_case(order)
        timed = [e for e in case.timeline if e.at is not None]
        instants = [e.at.astimezone(UTC) for e in timed if e.at is not None]
        assert instants == sorted(instants)
        assert [e.id for e in timed] == [f"U{i}" for i in range(4) if i + 1 in order]
        if 0 in order:  # the date-only event comes first on its day
            assert case.timeline[0].id == "K"


def test_wall_time_order_is_unchanged_on_other_days() -> None:
    day = date(2024, 10, 26)
    late = Event(id="A", type=ET.KONTAKT, at=datetime(2024, 10, 26, 23, 0, tzinfo=CEST))
    early = Event(id="B", type=ET.KONTAKT, at=datetime(2024, 10, 26, 8, 0))
    plain = Event(id="C", type=ET.KONTAKT, date=day)
    case = Case("K", Child("B", date(2015, 1, 1)), [late, early, plain])
    assert [e.id for e in case.timeline] == ["C", "B", "A"]
    assert early.sort_key == (day, timedelta(hours=8))


def _records(items: list[Deadline]) -> Counter[tuple[Any, ...]]:
    def norm(x: Any) -> Any:
        return x.astimezone(UTC) if isinstance(x, datetime) else x

    return Counter(tuple(norm(v) for v in record_of(d)) for d in items)


def test_both_engines_agree_in_the_repeated_hour() -> None:
    case = _dst_case([4, 3, 2, 1, 0, 8, 7, 6, 5])
    table = EventTable.from_cases([case])
    order = [str(table.id[k]) for k in range(len(table.id))]
    assert order == [e.id for e in case.timeline]
    for as_of in (DST_END, date(2024, 10, 28), date(2024, 12, 31)):
        scalar = deadlines(case, as_of)
        columnar = deadline_table(table, as_of).deadlines_for(0)
        assert _records(scalar) == _records(columnar)


# --- Hypothesis: small in-window cases ---------------------------------------------------

_DST_EDGES = [
    datetime(2024, 3, 31, 1, 59, tzinfo=CET),
    datetime(2024, 3, 31, 3, 0, tzinfo=CEST),
    datetime(2024, 10, 27, 2, 30, tzinfo=CEST),
    datetime(2024, 10, 27, 2, 10, tzinfo=CET),
    datetime(2099, 12, 31, 23, 59, 59, tzinfo=CET),
    datetime(1900, 1, 1, 0, 0),
    datetime(2000, 2, 29, 12, 0),
]
_PARAGRAPHS = ["BL 32", "BL 46", "SEL 52 stk. 3 nr. 3", "SEL 52 stk. 3 nr. 7", "SEL 58"]
_TYPES = sorted(EventType, key=lambda t: t.value)

days = st.dates(min_value=FIRST, max_value=LAST)
births = st.one_of(
    st.sampled_from([FIRST, date(2099, 12, 31), date(2000, 2, 29), date(2096, 2, 29)]),
    days,
)


@st.composite
def small_cases(draw: st.DrawFn) -> Case:
    birth = draw(births)
    earliest = max(FIRST, birth - timedelta(days=300))
    n = draw(st.integers(1, 8))
    events = []
    for i in range(n):
        kind = draw(st.sampled_from(_TYPES))
        fields: dict[str, Any] = {}
        if draw(st.booleans()) and kind is not ET.AFGOERELSE:
            at = draw(st.sampled_from(_DST_EDGES))
            if at.date() < earliest:
                at = datetime(earliest.year, earliest.month, earliest.day, 9, 0)
            fields["at"] = at
        else:
            fields["date"] = draw(st.dates(min_value=earliest, max_value=LAST))
        if draw(st.booleans()) and i:
            fields["ref"] = f"E{draw(st.integers(0, n))}"
        if draw(st.booleans()):
            fields["measure"] = draw(st.sampled_from(["M1", "M2"]))
        if kind in (ET.AFGOERELSE, ET.FORANSTALTNING_START) and draw(st.booleans()):
            fields["paragraph"] = Paragraph.parse(draw(st.sampled_from(_PARAGRAPHS)))
            fields["outcome"] = "bevilget"
        if kind is ET.OPFOELGNING and draw(st.booleans()):
            fields["interval_months"] = draw(st.integers(1, 24))
        if kind is ET.SAGSBEHANDLER_TILDELT:
            fields["caseworker"] = draw(st.sampled_from(["SB-1", "SB-2"]))
        if kind is ET.UNDERRETNING:
            fields["professional"] = draw(st.booleans())
        events.append(Event(id=f"E{i}", type=kind, **fields))
    return Case("K-H", Child("B-H", birth), events)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=small_cases(), as_of=st.one_of(st.sampled_from([FIRST, LAST]), days))
def test_engines_raise_only_library_errors_on_small_in_window_cases(
    case: Case, as_of: date
) -> None:
    for name in ("deadlines", "audit_case", "deadline_table", "audit_table"):
        with contextlib.suppress(BoernesagError):
            ENGINES[name](case, as_of)


def test_a_reassignment_in_the_repeated_hour_follows_the_assignment_it_replaces() -> None:
    """CW-3 took the case at 02:10+01:00, after CW-1 at 02:30+02:00 (the first 02:30): the
    case is CW-3's, and a move to CW-2 that day is timed after CW-3's assignment."""
    first = Event(
        id="A",
        type=ET.SAGSBEHANDLER_TILDELT,
        at=datetime(2024, 10, 27, 2, 30, tzinfo=CEST),
        caseworker="CW-1",
    )
    second = Event(
        id="B",
        type=ET.SAGSBEHANDLER_TILDELT,
        at=datetime(2024, 10, 27, 2, 10, tzinfo=CET),
        caseworker="CW-3",
    )
    case = Case("K-R", Child("B-R", date(2015, 5, 5)), [second, first])
    assert case.caseworker_on(DST_END) == "CW-3"
    assert assignment_time(case, DST_END) == datetime(2024, 10, 27, 2, 11, tzinfo=CET)
    moved = reassign(Caseload(cases=(case,)), "CW-3", to="CW-2", on=DST_END, audit=False)
    new = moved.caseload.cases[0]
    assert [m.case_id for m in moved.moves] == ["K-R"]
    assert (new.caseworker, new.caseworker_on(DST_END)) == ("CW-2", "CW-2")


def test_caseload_deadlines_refuses_as_of_outside_the_window_without_cases() -> None:
    with pytest.raises(CalendarRangeError, match="9999-12-31"):
        list(caseload_deadlines([], date(9999, 12, 31)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=small_cases(), as_of=st.one_of(st.sampled_from([FIRST, LAST]), days))
def test_both_engines_give_the_same_deadlines_on_small_in_window_cases(
    case: Case, as_of: date
) -> None:
    try:
        expected = deadlines(case, as_of)
    except BoernesagError:
        return
    got = deadline_table(EventTable.from_cases([case]), as_of).deadlines_for(0)
    assert _records(expected) == _records(got)


@pytest.mark.parametrize(
    "fields",
    [
        {"at": datetime(1, 1, 1, 0, 0)},
        {"at": datetime(1, 1, 1, 0, 10, tzinfo=timezone(timedelta(hours=14)))},
        {"at": datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12)))},
        {"at": datetime(2100, 1, 1, 0, 30, tzinfo=CET)},
        {"date": date(1000, 6, 15)},
        {"date": date(9999, 12, 31)},
    ],
    ids=str,
)
def test_the_fuzzers_dates_cannot_reach_an_engine(fields: dict[str, Any]) -> None:
    """The dates behind the fuzzer's OverflowError and IndexError (audit, columnar audit,
    sagsliste) are refused when the event is built, naming event and field."""
    with pytest.raises(BoernesagError, match=r"hændelse E1.*ligger uden for 1900-2099"):
        Event(id="E1", type=ET.UNDERRETNING, **fields)


def test_a_frame_with_a_day_outside_the_window_is_refused_by_the_columnar_reader() -> None:
    pd = pytest.importorskip("pandas")
    from boernesag.frame import cases_to_frame

    frame = cases_to_frame([_first_day_case(), _dst_case(list(range(9)))])
    row = frame.index[(frame["case_id"] == "K-DST") & frame["date"].notna()][0]
    frame.loc[row, "date"] = pd.Timestamp("1800-06-15")
    with pytest.raises(BoernesagError, match=r"sag K-DST.*1800-06-15.*uden for 1900-2099"):
        EventTable.from_frame(frame)
    table = EventTable.from_frame(frame, lenient=True)
    assert [r.case_id for r in table.rejected] == ["K-DST"]
    audit_table(table, LAST)


def test_a_frame_in_the_repeated_hour_reads_in_the_instants_order() -> None:
    pytest.importorskip("pandas")
    from boernesag.frame import cases_to_frame

    case = _dst_case([4, 3, 2, 1, 0, 8, 7, 6, 5])
    table = EventTable.from_frame(cases_to_frame([case]))
    assert [str(table.id[k]) for k in range(len(table.id))] == [e.id for e in case.timeline]
    assert list(table.tod) == list(EventTable.from_cases([case]).tod)
    assert _records(deadline_table(table, DST_END).deadlines_for(0)) == _records(
        deadlines(case, DST_END)
    )
