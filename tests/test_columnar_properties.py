"""Properties of the columnar engine (Hypothesis).

- dates.py matches boernesag.periods for every day 1990-2060: months with the month-end
  ambiguity, working days, extension to a working day, hours across DST.
- On random event timelines (random types, days, times of day incl. the DST nights, refs,
  measures, paragraphs, outcomes, leap-day births, closings) the columnar engine gives
  exactly the scalar engine's deadlines, at random ``as_of`` dates and instants.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from boernesag.calendar import default_calendar  # noqa: E402
from boernesag.columnar import EventTable, deadline_table  # noqa: E402
from boernesag.columnar import dates as vd  # noqa: E402
from boernesag.columnar.result import record_of  # noqa: E402
from boernesag.deadlines import deadlines  # noqa: E402
from boernesag.law import default_rules  # noqa: E402
from boernesag.model import Case, Child, Event, EventType  # noqa: E402
from boernesag.paragraphs import Paragraph  # noqa: E402
from boernesag.periods import (  # noqa: E402
    COPENHAGEN,
    LeapDayRule,
    Period,
    Unit,
    add_hours,
    add_months,
    extend_to_working_day,
)

DAYS = st.dates(date(1990, 1, 1), date(2060, 12, 31))

# Examples per test scale with the Hypothesis profile (conftest: default 200, thorough 2000).
_EXAMPLES = settings().max_examples


def _n(day: date) -> int:
    return vd.day_number(day)


# --------------------------------------------------------------------------- dates


@given(st.lists(DAYS, min_size=1, max_size=30), st.integers(-30, 30))
def test_add_months_matches_periods(days: list[date], months: int) -> None:
    due, alt = vd.add_months(np.array([_n(d) for d in days]), months)
    for d, got, other in zip(days, due.tolist(), alt.tolist(), strict=True):
        end = add_months(d, months)
        assert vd.day_of_number(got) == end.due
        assert (None if other == vd.NA else vd.day_of_number(other)) == end.alternative


@given(
    st.lists(DAYS, min_size=1, max_size=20),
    st.integers(0, 40),
    st.sampled_from([u for u in Unit if u != Unit.HOURS]),
)
def test_end_dates_match_period_end_date(days: list[date], amount: int, unit: Unit) -> None:
    cal = default_calendar()
    period = Period(amount, unit)
    due, alt = vd.period_end(np.array([_n(d) for d in days]), period, cal)
    for d, got, other in zip(days, due.tolist(), alt.tolist(), strict=True):
        end = period.end_date(d, cal)
        assert vd.day_of_number(got) == end.due
        assert (None if other == vd.NA else vd.day_of_number(other)) == end.alternative


@given(st.lists(DAYS, min_size=1, max_size=30))
def test_roll_forward_matches_extension(days: list[date]) -> None:
    cal = default_calendar()
    got = vd.roll_forward(np.array([_n(d) for d in days]), cal)
    assert [vd.day_of_number(x) for x in got.tolist()] == [
        extend_to_working_day(d, cal).due for d in days
    ]


@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2060, 12, 31), timezones=st.just(UTC)),
    st.integers(0, 24 * 30),
)
def test_hours_and_local_day_match(ts: datetime, hours: int) -> None:
    us = vd.us_of_instant(ts)
    due = us + hours * 3_600_000_000
    expected = add_hours(ts, hours)
    assert vd.instant_of_us(due) == expected
    assert vd.local_day(np.array([due]))[0] == _n(expected.astimezone(COPENHAGEN).date())


@given(DAYS, st.sampled_from([0, (23 * 60 + 59) * 60_000_000]))
def test_local_wall_time_to_utc(day: date, time_us: int) -> None:
    wall = datetime.combine(day, time.min, COPENHAGEN) + timedelta(microseconds=time_us)
    got = vd.local_wall_to_utc(np.array([_n(day)]), time_us)[0]
    assert got == vd.us_of_instant(wall.replace(tzinfo=None).replace(tzinfo=COPENHAGEN))


# --------------------------------------------------------------------------- random cases

TYPES = [
    t
    for t in EventType
    if t not in (EventType.KONTAKT, EventType.SAGSBEHANDLER_TILDELT, EventType.OVERDRAGELSESMOEDE)
]
# the commonest types of the rules, more often
WEIGHTED = [
    *TYPES,
    EventType.UNDERRETNING,
    EventType.AFGOERELSE,
    EventType.OPFOELGNING,
    EventType.FORANSTALTNING_START,
    EventType.BFU_STARTET,
    EventType.BFU_AFSLUTTET,
    EventType.TILSYNSBESOEG,
    EventType.BOERNESAMTALE,
    EventType.BARNETS_PLAN,
]
PARAGRAPHS = [
    None,
    "BL 32",
    "BL 46",
    "BL 47",
    "BL 114",
    "BL 20",
    "SEL 52 stk. 3 nr. 7",
    "SEL 52 stk. 3 nr. 3",
    "SEL 58",
    "SEL 76",
    "FVL 19",
]
# days near the law change and DST nights, and anywhere 2020-2026
DAY = st.one_of(
    st.dates(date(2020, 1, 1), date(2026, 6, 30)),
    st.dates(date(2023, 11, 1), date(2024, 3, 1)),
    st.sampled_from([date(2024, 3, 31), date(2024, 10, 27), date(2023, 3, 26), date(2023, 10, 29)]),
)


@st.composite
def events(draw: st.DrawFn, n: int) -> list[Event]:
    out: list[Event] = []
    for i in range(n):
        kind = draw(st.sampled_from(WEIGHTED))
        day = draw(DAY)
        timing = draw(st.sampled_from(["date", "date", "at", "both"]))
        at = None
        if timing != "date":
            minute = draw(
                st.sampled_from([0, 30, 60 * 9 + 15, 60 * 23 + 59, draw(st.integers(0, 1439))])
            )
            at = datetime.combine(day, time.min, UTC) + timedelta(minutes=minute - 60)
        ids = [e.id for e in out]
        ref = draw(st.one_of(st.none(), st.sampled_from(ids) if ids else st.none(), st.just("X")))
        paragraph = draw(st.sampled_from(PARAGRAPHS))
        extra: dict[str, Any] = {}
        if draw(st.booleans()):
            extra["anonymous"] = draw(st.booleans())
        if kind == EventType.AFGOERELSE and draw(st.booleans()):
            extra["barnets_plan"] = draw(st.booleans())
        out.append(
            Event(
                id=f"E{i}",
                type=kind,
                date=day if timing != "at" else None,
                at=at,
                ref=ref,
                measure=draw(st.sampled_from([None, None, "M1", "M2"])),
                paragraph=Paragraph.parse(paragraph) if paragraph else None,
                outcome=draw(st.sampled_from([None, "bevilget", "afslag"])),
                meddelt=draw(st.one_of(st.none(), st.just(day + timedelta(days=3)))),
                interval_months=draw(st.sampled_from([None, None, 1, 3, 6, 12])),
                boernesamtale_undtagelse=draw(st.sampled_from([None, None, "", "modenhed"])),
                extra=extra,
            )
        )
    return out


@st.composite
def cases(draw: st.DrawFn) -> list[Case]:
    out = []
    for k in range(draw(st.integers(1, 4))):
        birth = draw(
            st.one_of(
                st.dates(date(2004, 1, 1), date(2020, 12, 31)),
                st.sampled_from([date(2008, 2, 29), date(2006, 8, 31), date(2007, 7, 1)]),
            )
        )
        evs = draw(events(draw(st.integers(0, 25))))
        child = Child(id=f"B{k}", birth_date=birth, disability=draw(st.booleans()))
        out.append(Case(case_id=f"S{k}", child=child, events=tuple(evs)))
    return out


def _norm(value: Any) -> Any:
    return ("instant", value.astimezone(UTC)) if isinstance(value, datetime) else value


AS_OF = st.one_of(
    st.dates(date(2021, 1, 1), date(2026, 12, 31)),
    st.sampled_from([date(2023, 12, 31), date(2024, 1, 1)]),
    st.datetimes(datetime(2021, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
)


@settings(max_examples=max(_EXAMPLES * 3 // 4, 1), deadline=None)
@given(cases(), AS_OF, st.sampled_from(list(LeapDayRule)))
def test_random_timelines_agree(
    case_list: list[Case], as_of: date | datetime, leap: LeapDayRule
) -> None:
    rules = default_rules()
    table = EventTable.from_cases(case_list)
    got = Counter(
        tuple(_norm(x) for x in r)
        for r in deadline_table(table, as_of, leap_day_rule=leap, rules=rules).records()
    )
    expected: Counter[tuple[Any, ...]] = Counter()
    for case in case_list:
        for d in deadlines(case, as_of, leap_day_rule=leap, rules=rules):
            expected[tuple(_norm(x) for x in record_of(d))] += 1
    assert got == expected, (
        f"missing {list((expected - got).elements())[:4]}\n"
        f"extra {list((got - expected).elements())[:4]}"
    )


def _variant_rules() -> Any:
    """The packaged rules plus variants that use the rule options the engine interprets:
    link ``next``, ``trigger_if``/``trigger_unless`` on fields and extension keys,
    ``trigger_date``, ``extend``, several meeting types, other units and plan modes."""
    import attrs

    from boernesag.law import RuleSet

    base = default_rules()
    rules = base.enable(*[r.id for r in base if not r.enabled])

    def variant(rule_id: str, new_id: str, period: str | None = None, **changes: Any) -> Any:
        rule = base[rule_id]
        versions = rule.versions
        version_changes = changes.pop("version", {})
        if period is not None or version_changes:
            versions = tuple(
                attrs.evolve(
                    v,
                    period=Period.parse(period) if period else v.period,
                    **{k: val for k, val in version_changes.items() if k != "options"},
                    options={**v.options, **version_changes.get("options", {})},
                )
                for v in versions
            )
        return attrs.evolve(rule, id=new_id, versions=versions, **changes)

    extra = [
        variant(
            "underretning-vurdering",
            "v-next-professional",
            link="next",
            trigger_if={"professional": True},
        ),
        variant("klagefrist", "v-klage-next", link="next", trigger_unless={"anonymous": True}),
        variant(
            "klage-genvurdering",
            "v-days-extend",
            "10 days",
            trigger=("afgoerelse",),
            met_by=("barnets_plan", "boernesamtale"),
            trigger_unless={"outcome": "afslag"},
            link="next",
            version={"extend": True},
        ),
        variant(
            "aktindsigt-svar",
            "v-workdays-multi",
            "3 working_days",
            trigger=("bfu_startet",),
            met_by=("foreloebig_vurdering", "bfu_afsluttet"),
            trigger_date="meddelt",
        ),
        variant("tilsynsbesoeg", "v-supervision-3m", "3 months", version={"extend": True}),
        variant(
            "barnets-plan-anbringelse",
            "v-plan-forced-if",
            version={"options": {"forced_mode": "if_decided"}},
        ),
        variant("opfoelgning-foerste", "v-first-all", params={}),
        variant("bfu-afslutning", "v-bfu-window", params={"awareness_window": "2 months"}),
        variant(
            "boernesamtale-foer-afgoerelse",
            "v-samtale-bl",
            params={"laws": ["BL"], "lookback": "3 weeks"},
        ),
    ]
    return RuleSet(rules=(*rules.rules, *extra))


VARIANTS = _variant_rules()


@settings(max_examples=max(_EXAMPLES // 4, 1), deadline=None)
@given(cases(), AS_OF)
def test_rule_variants_and_a_municipal_calendar_agree(
    case_list: list[Case], as_of: date | datetime
) -> None:
    from boernesag.calendar import Calendar

    cal = Calendar(extra_closed={date(2024, 5, 6), date(2023, 6, 30), date(2025, 1, 2)})
    table = EventTable.from_cases(case_list)
    result = deadline_table(table, as_of, rules=VARIANTS, calendar=cal)
    got = Counter(tuple(_norm(x) for x in r) for r in result.records())
    expected: Counter[tuple[Any, ...]] = Counter()
    for case in case_list:
        for d in deadlines(case, as_of, rules=VARIANTS, calendar=cal):
            expected[tuple(_norm(x) for x in record_of(d))] += 1
    assert got == expected, (
        f"missing {list((expected - got).elements())[:4]}\n"
        f"extra {list((got - expected).elements())[:4]}"
    )
    vectorized = {r.id for r in VARIANTS if r.id.startswith("v-")}
    assert not vectorized & set(result.fallback)


@settings(max_examples=max(_EXAMPLES // 2, 1), deadline=None)
@given(cases(), st.one_of(DAY, st.just(None)))
def test_measure_columns_are_the_models_measures_on_the_day(
    case_list: list[Case], day: date | None
) -> None:
    """EventTable.measures_on(day) is Case.measures_on(day) (the whole timeline for None)."""
    table = EventTable.from_cases(case_list)
    cols = table.measures_on(None if day is None else _n(day))
    for i, case in enumerate(case_list):
        measures = case.measures if day is None else case.measures_on(day)
        by_id = {m.id: m for m in measures}
        for row in range(int(table.m_first[i]), int(table.m_first[i + 1])):
            m = by_id.get(str(table.m_id[row]))
            if m is None:  # named only after the day
                assert cols.start_row[row] == -1
                assert cols.end[row] == vd.NA
                assert cols.paragraph[row] == -1
                continue
            code = int(cols.paragraph[row])
            assert (table.vocab["paragraph"][code] if code >= 0 else None) == m.paragraph
            end, start = int(cols.end[row]), int(cols.start[row])
            assert (None if end == vd.NA else vd.day_of_number(end)) == m.end
            assert (None if start == vd.NA else vd.day_of_number(start)) == m.start
            srow = int(cols.start_row[row])
            assert (str(table.id[srow]) if srow >= 0 else None) == m.start_event
        if day is None:  # the builder's own columns are the whole timeline's
            sl = slice(int(table.m_first[i]), int(table.m_first[i + 1]))
            assert cols.paragraph[sl].tolist() == table.m_paragraph[sl].tolist()
            assert cols.end[sl].tolist() == table.m_end[sl].tolist()
            assert cols.start_row[sl].tolist() == table.m_start_row[sl].tolist()


@settings(max_examples=max(_EXAMPLES // 2, 1), deadline=None)
@given(cases(), AS_OF)
def test_case_processing_agrees_on_random_timelines(
    case_list: list[Case], as_of: date | datetime
) -> None:
    """The municipal sagsbehandlingsfrist (off by default) switched on: applications,
    decisions naming them or others, paragraphs and measures linking them."""
    rules = default_rules().enable("sagsbehandlingsfrist")
    only = [r for r in rules.active if r.id == "sagsbehandlingsfrist"]
    result = deadline_table(EventTable.from_cases(case_list), as_of, rules=rules)
    assert result.fallback == {}
    got = Counter(
        tuple(_norm(x) for x in r) for r in result.records() if r[1] == "sagsbehandlingsfrist"
    )
    expected: Counter[tuple[Any, ...]] = Counter()
    for case in case_list:
        for d in deadlines(case, as_of, rules=rules):
            if d.rule_id != only[0].id:
                continue
            expected[tuple(_norm(x) for x in record_of(d))] += 1
    assert got == expected


@st.composite
def applications(draw: st.DrawFn) -> list[Case]:
    """Cases of applications and decisions only, close in time, so that the three linking
    passes (a decision naming an application, the same benefit, the next decision) and the
    competition between applications for decisions all occur."""
    out = []
    for k in range(draw(st.integers(1, 3))):
        evs: list[Event] = []
        for i in range(draw(st.integers(1, 12))):
            kind = draw(st.sampled_from([EventType.ANSOEGNING, EventType.AFGOERELSE]))
            day = draw(st.dates(date(2023, 11, 1), date(2024, 4, 30)))
            ids = [e.id for e in evs]
            ref = draw(st.one_of(st.none(), st.none(), st.sampled_from(ids) if ids else st.none()))
            paragraph = draw(st.sampled_from([None, "BL 31", "BL 32", "BL 32 stk. 5", "SEL 41"]))
            evs.append(
                Event(
                    id=f"E{i}",
                    type=kind,
                    date=day,
                    ref=ref,
                    measure=draw(st.sampled_from([None, None, "M1", "M2"])),
                    paragraph=Paragraph.parse(paragraph) if paragraph else None,
                )
            )
        out.append(Case(case_id=f"S{k}", child=Child(id="B", birth_date=date(2012, 1, 1)),
                        events=tuple(evs)))  # fmt: skip
    return out


@settings(max_examples=max(_EXAMPLES // 2, 1), deadline=None)
@given(applications(), st.dates(date(2023, 12, 1), date(2024, 8, 1)))
def test_case_processing_links_like_the_scalar_engine(case_list: list[Case], as_of: date) -> None:
    rules = default_rules().enable("sagsbehandlingsfrist")
    result = deadline_table(EventTable.from_cases(case_list), as_of, rules=rules)
    assert result.fallback == {}
    got = Counter(r for r in result.records() if r[1] == "sagsbehandlingsfrist")
    expected = Counter(
        (d.case_id, d.rule_id, d.trigger, d.due, d.alternative_due, d.status.value, d.met_by,
         d.measure)
        for case in case_list
        for d in deadlines(case, as_of, rules=rules)
        if d.rule_id == "sagsbehandlingsfrist"
    )  # fmt: skip
    assert got == expected


@settings(max_examples=150, deadline=None)
@given(cases(), st.lists(st.dates(date(2019, 1, 1), date(2027, 12, 31)), min_size=1, max_size=5))
def test_closed_and_open_follow_closed_on(case_list: list[Case], days: list[date]) -> None:
    """``Case.closed`` and ``Case.is_open_on`` are ``closed_on`` read at the last event and at a
    day; checked against their definitions written out over the events."""
    for case in case_list:
        closes = case.of_type(EventType.SAG_LUKKET)
        closed = (
            closes[-1].day
            if closes and not any(e.day > closes[-1].day for e in case.events)
            else None
        )
        assert case.closed == closed
        for day in days:
            closing = [e.day for e in closes if e.day <= day]
            is_open = (
                case.opened is not None
                and case.opened <= day
                and (not closing or any(closing[-1] < e.day <= day for e in case.events))
            )
            assert case.is_open_on(day) == is_open
