"""The columnar engine agrees exactly with the scalar one (boernesag.columnar).

Agreement is checked on the multiset of (case_id, rule_id, trigger, due, alternative_due,
status, met_by, measure) over demo caseloads (several seeds, lapse rates 0 / 0.3 / 0.6,
Serviceloven and Barnets Lov dates, across 2024-01-01) and for rule sets with rules the
vectorized engine does not interpret (they fall back to the scalar engine).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from boernesag.columnar import DeadlineTable, EventTable, deadline_table  # noqa: E402
from boernesag.columnar.dates import NA, day_number, day_of_number  # noqa: E402
from boernesag.columnar.engine import VECTORIZED_KINDS  # noqa: E402
from boernesag.columnar.result import record_of  # noqa: E402
from boernesag.deadlines import Deadline, deadlines  # noqa: E402
from boernesag.demo import demo_caseload, iter_demo_cases  # noqa: E402
from boernesag.law import Rule, RuleSet, RuleVersion, default_rules  # noqa: E402
from boernesag.model import Case  # noqa: E402
from boernesag.periods import LeapDayRule, Period  # noqa: E402

scalar_module = importlib.import_module("boernesag.deadlines")

Key = tuple[Any, ...]


def _norm(value: Any) -> Any:
    # aware datetimes in one zone compare by wall time; compare instants instead
    return ("instant", value.astimezone(UTC)) if isinstance(value, datetime) else value


def scalar_keys(cases: Iterable[Case], as_of: date | datetime, **kwargs: Any) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for case in cases:
        for d in deadlines(case, as_of, **kwargs):
            out[_key(d)] += 1
    return out


def _key(d: Deadline) -> Key:
    return tuple(_norm(x) for x in record_of(d))


def columnar_keys(result: DeadlineTable) -> Counter[Key]:
    return Counter(tuple(_norm(x) for x in r) for r in result.records())


def _diff(expected: Counter[Key], got: Counter[Key]) -> str:
    missing = list((expected - got).elements())[:5]
    extra = list((got - expected).elements())[:5]
    return f"missing {missing}\nextra {extra}"


AS_OFS = [
    date(2022, 9, 30),  # Serviceloven only
    date(2023, 12, 31),  # the last day of Serviceloven
    date(2024, 1, 1),  # Barnets Lov's first day
    date(2024, 2, 29),
    date(2025, 6, 30),
]


@pytest.fixture(
    scope="module", params=[(1, 0.0), (2, 0.3), (3, 0.6)], ids=lambda p: f"s{p[0]}-{p[1]}"
)
def demo(request: pytest.FixtureRequest) -> tuple[list[Case], EventTable]:
    seed, lapse = request.param
    cases = list(demo_caseload(150, seed=seed, lapse_rate=lapse).cases)
    return cases, EventTable.from_cases(cases)


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_agrees_with_scalar_on_demo(demo: tuple[list[Case], EventTable], as_of: date) -> None:
    cases, table = demo
    result = deadline_table(table, as_of)
    expected = scalar_keys(cases, as_of)
    got = columnar_keys(result)
    assert got == expected, _diff(expected, got)
    assert len(result) == sum(expected.values())
    assert result.fallback == {}  # every packaged rule of the demo is vectorized


def test_agrees_at_an_instant_and_with_the_other_leap_day_rule(
    demo: tuple[list[Case], EventTable],
) -> None:
    cases, table = demo
    as_of = datetime(2024, 10, 27, 2, 30, tzinfo=UTC)  # the night summer time ends
    for leap in LeapDayRule:
        expected = scalar_keys(cases, as_of, leap_day_rule=leap)
        got = columnar_keys(deadline_table(table, as_of, leap_day_rule=leap))
        assert got == expected, _diff(expected, got)


def test_streaming_build_matches_the_caseload() -> None:
    streamed = EventTable.from_cases(iter_demo_cases(60, seed=7))
    cases = demo_caseload(60, seed=7).cases
    assert streamed.n_cases == 60
    assert len(streamed) == sum(len(c.events) for c in cases)
    as_of = date(2025, 6, 30)
    assert columnar_keys(deadline_table(streamed, as_of)) == scalar_keys(cases, as_of)


def test_rebuilt_case_gives_the_same_deadlines() -> None:
    import attrs

    cases = demo_caseload(40, seed=5).cases
    table = EventTable.from_cases(cases)
    for i, case in enumerate(cases):
        rebuilt = table.rebuild(i)
        assert rebuilt.case_id == case.case_id
        assert rebuilt.timeline == case.timeline
        assert (rebuilt.team, rebuilt.district) == (case.team, case.district)
        assert rebuilt.child.siblings == case.child.siblings
        assert rebuilt.child == attrs.evolve(case.child, cpr=None)
        placements = table.m_placement[table.m_first[i] : table.m_first[i + 1]]
        assert placements.tolist() == [m.is_placement for m in case.measures]
        assert scalar_keys([rebuilt], date(2025, 6, 30)) == scalar_keys([case], date(2025, 6, 30))


def test_progress_is_reported() -> None:
    seen: list[int] = []
    EventTable.from_cases(iter_demo_cases(5, seed=3), progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]


# --------------------------------------------------------------------------- fallback


def test_municipal_rules_fall_back_and_agree() -> None:
    cases = demo_caseload(80, seed=11).cases
    table = EventTable.from_cases(cases)
    rules = default_rules()
    municipal = [r.id for r in rules if not r.enabled]
    rules = rules.enable(*municipal)
    as_of = date(2025, 6, 30)
    result = deadline_table(table, as_of, rules=rules)
    expected = scalar_keys(cases, as_of, rules=rules)
    assert columnar_keys(result) == expected
    # every kind runs from its plan in the numpy executor: nothing falls back
    assert all(r.kind in VECTORIZED_KINDS for r in rules.active if r.kind != "requirement")
    assert result.fallback == {}
    # the municipal targets that are vectorized produce deadlines of their own
    assert {"ledelsestilsyn", "kum-16"} <= {k[1] for k in expected}


def test_a_block_the_numpy_executor_cannot_run_gives_the_scalar_result() -> None:
    """A plan step the numpy executor does not support on columns (here a claim by measure)
    sends the rule to the scalar executor for every case, never an approximation."""
    rule = Rule(
        id="egen-regel",
        kind="period",
        title_da="Egen regel",
        title_en="Own rule",
        versions=(
            RuleVersion(
                law="KOM",
                citation="kommunal målsætning",
                valid_from=date(1900, 1, 1),
                valid_to=date(9999, 12, 31),
                period=Period.parse("30 days"),
            ),
        ),
        trigger=("foranstaltning_start",),
        met_by=("opfoelgning",),
        link="measure",
        source="kommune",
    )
    rules = RuleSet(rules=(*default_rules().rules, rule))
    cases = demo_caseload(50, seed=13).cases
    table = EventTable.from_cases(cases)
    as_of = date(2025, 6, 30)
    result = deadline_table(table, as_of, rules=rules)
    expected = scalar_keys(cases, as_of, rules=rules)
    assert sum(1 for k in expected if k[1] == "egen-regel") > 0
    assert columnar_keys(result) == expected
    assert result.fallback == {"egen-regel": 50}


def test_unsupported_link_falls_back() -> None:
    rules = default_rules()
    changed = RuleSet(
        rules=tuple(
            Rule(**{**_fields(r), "link": "measure"}) if r.id == "klage-genvurdering" else r
            for r in rules
        )
    )
    cases = demo_caseload(60, seed=17, lapse_rate=0.6).cases
    table = EventTable.from_cases(cases)
    as_of = date(2025, 6, 30)
    result = deadline_table(table, as_of, rules=changed)
    assert columnar_keys(result) == scalar_keys(cases, as_of, rules=changed)
    assert result.fallback == {"klage-genvurdering": 60}


def _fields(rule: Rule) -> dict[str, Any]:
    import attrs

    return attrs.asdict(rule, recurse=False)


def test_duplicate_event_ids_are_left_to_the_scalar_engine() -> None:
    import attrs

    cases = list(demo_caseload(20, seed=19).cases)
    case = cases[0]
    events = list(case.events)
    events.append(attrs.evolve(events[-1]))  # same id twice
    cases[0] = attrs.evolve(case, events=tuple(events))
    table = EventTable.from_cases(cases)
    assert bool(table.irregular[0])
    assert not table.irregular[1:].any()
    as_of = date(2025, 6, 30)
    result = deadline_table(table, as_of)
    assert columnar_keys(result) == scalar_keys(cases, as_of)
    assert result.fallback
    assert all(n == 1 for n in result.fallback.values())


# --------------------------------------------------------------------------- result API


def test_counts_frame_and_explanations() -> None:
    pd = pytest.importorskip("pandas")
    cases = demo_caseload(60, seed=23).cases
    table = EventTable.from_cases(cases)
    as_of = date(2025, 6, 30)
    result = deadline_table(table, as_of)
    expected: dict[str, Counter[str]] = {}
    for c in cases:
        for d in deadlines(c, as_of):
            expected.setdefault(d.rule_id, Counter())[d.status.value] += 1
    assert result.counts() == {k: dict(v) for k, v in expected.items()}
    frame = result.to_frame()
    assert len(frame) == len(result)
    assert frame["status"].dtype == "category"
    assert str(frame["due"].dtype) == "datetime64[ns]"
    assert str(frame["due_at"].dtype) == "datetime64[ns, Europe/Copenhagen]"
    timed = frame["due_at"].notna()
    assert (timed == frame["rule_id"].isin(["underretning-vurdering"])).all()
    assert isinstance(frame, pd.DataFrame)
    # the frame holds the same values as the records
    for (_, row), rec in zip(frame.iterrows(), result.records(), strict=True):
        case_id, rule_id, trigger, due, alt, status, met_by, measure = rec
        assert (row["case_id"], row["rule_id"], row["status"]) == (case_id, rule_id, status)
        assert (None if pd.isna(row["trigger"]) else row["trigger"]) == trigger
        assert (None if pd.isna(row["met_by"]) else row["met_by"]) == met_by
        assert (None if pd.isna(row["measure"]) else row["measure"]) == measure
        if isinstance(due, datetime):
            assert row["due_at"].to_pydatetime() == due
            assert pd.isna(row["due"])
        elif due is None:
            assert pd.isna(row["due"])
            assert pd.isna(row["due_at"])
        else:
            assert row["due"].date() == due
        if isinstance(alt, date) and not isinstance(alt, datetime):
            assert row["alternative_due"].date() == alt
    assert sum(result.status_counts().values()) == len(result)
    assert result.fallback_cases == 0
    one = result.deadlines_for(cases[3].case_id)
    assert [d.explanation for d in one] == [d.explanation for d in deadlines(cases[3], as_of)]
    assert [d.explanation for d in result.deadlines_for(3)] == [d.explanation for d in one]


def test_import_boernesag_does_not_import_numpy() -> None:
    code = (
        "import sys, boernesag; print('numpy' in sys.modules, 'boernesag.columnar' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_bad_as_of_is_refused() -> None:
    table = EventTable.from_cases(demo_caseload(3, seed=1).cases)
    with pytest.raises(TypeError, match="as_of"):
        deadline_table(table, "2025-06-30")  # type: ignore[arg-type]


def test_from_frame_round_trip() -> None:
    pytest.importorskip("pandas")
    from boernesag.frame import cases_to_frame

    cases = demo_caseload(30, seed=29).cases
    table = EventTable.from_frame(cases_to_frame(cases))
    as_of = date(2025, 6, 30)
    assert columnar_keys(deadline_table(table, as_of)) == scalar_keys(cases, as_of)


def test_no_cpr_in_table_result_or_frame() -> None:
    pytest.importorskip("pandas")
    cases = demo_caseload(20, seed=31).cases
    numbers = [c.child.cpr for c in cases if c.child.cpr is not None]
    assert numbers  # the demo children have (invalid, synthetic) CPR numbers
    table = EventTable.from_cases(cases)
    result = deadline_table(table, date(2025, 6, 30))
    text = repr(table) + repr(result) + result.to_frame().to_csv()
    text += "".join(str(table.rebuild(i)) for i in range(table.n_cases))
    for cpr in numbers:
        digits = cpr._digits
        assert digits not in text
        assert f"{digits[:6]}-{digits[6:]}" not in text
    assert all(table.rebuild(i).child.cpr is None for i in range(table.n_cases))


def test_a_zero_interval_is_refused_not_looped() -> None:
    """interval_months = 0 never moves the next follow-up (the scalar engine does not end)."""
    from boernesag.errors import RuleError
    from boernesag.model import Child, Event, EventType
    from boernesag.paragraphs import Paragraph

    bl32 = Paragraph.parse("BL 32")
    events = (
        Event(
            id="D", type=EventType.AFGOERELSE, date=date(2024, 2, 1), paragraph=bl32, measure="M"
        ),
        Event(
            id="S",
            type=EventType.FORANSTALTNING_START,
            date=date(2024, 2, 5),
            paragraph=bl32,
            measure="M",
        ),
        Event(
            id="F",
            type=EventType.OPFOELGNING,
            date=date(2024, 4, 1),
            measure="M",
            interval_months=0,
        ),
    )
    case = Case(case_id="S-NUL", child=Child(id="B", birth_date=date(2015, 1, 1)), events=events)
    table = EventTable.from_cases([case])
    with pytest.raises(RuleError, match=r"opfoelgning-loebende, sag S-NUL.*interval_months"):
        deadline_table(table, date(2025, 6, 30))
    with pytest.raises(RuleError, match=r"opfoelgning-loebende, sag S-NUL.*interval_months"):
        deadlines(case, date(2025, 6, 30))
    # while the zero period is still open the chain ends, in both engines
    early = date(2024, 4, 1)
    assert columnar_keys(deadline_table(table, early)) == scalar_keys([case], early)


# --------------------------------------------------------------------------- measures at as_of


def _measure_cases() -> list[Case]:
    """Cases where a decision, start or end after ``as_of`` would change a measure."""
    from boernesag.caseio import case_from_mapping

    timelines = {
        "LATE-DECISION": [
            {"id": "S", "type": "foranstaltning_start", "date": "2024-02-05", "measure": "M"},
            {"id": "D", "type": "afgoerelse", "date": "2024-08-01", "measure": "M",
             "paragraph": "BL 46"},
        ],
        "TWO-ENDS": [
            {"id": "D", "type": "afgoerelse", "date": "2024-02-01", "measure": "M",
             "paragraph": "BL 32"},
            {"id": "S", "type": "foranstaltning_start", "date": "2024-02-05", "measure": "M"},
            {"id": "E1", "type": "foranstaltning_slut", "date": "2024-03-01", "measure": "M"},
            {"id": "E2", "type": "foranstaltning_slut", "date": "2024-09-01", "measure": "M"},
        ],
        "LATE-START": [
            {"id": "S1", "type": "foranstaltning_start", "date": "2024-02-05", "measure": "M",
             "paragraph": "BL 32"},
            {"id": "S2", "type": "foranstaltning_start", "date": "2024-07-01", "measure": "M",
             "paragraph": "BL 47"},
            {"id": "T", "type": "opfoelgning", "date": "2024-04-02"},
        ],
    }  # fmt: skip
    return [
        case_from_mapping(
            {"case_id": k, "child": {"id": "B", "birth_date": "2012-05-03"}, "events": v}
        )
        for k, v in timelines.items()
    ]


@pytest.mark.parametrize(
    "as_of",
    [date(2024, 2, 20), date(2024, 3, 1), date(2024, 6, 30), date(2024, 7, 1), date(2024, 12, 31)],
    ids=str,
)
def test_measures_as_they_stood_at_as_of_agree(as_of: date) -> None:
    cases = _measure_cases()
    table = EventTable.from_cases(cases)
    assert columnar_keys(deadline_table(table, as_of)) == scalar_keys(cases, as_of)
    cols = table.measures_on(day_number(as_of))
    for i, case in enumerate(cases):
        lo, hi = int(table.m_first[i]), int(table.m_first[i + 1])
        by_id = {m.id: m for m in case.measures_on(as_of)}
        for row in range(lo, hi):
            m = by_id[str(table.m_id[row])]
            code = int(cols.paragraph[row])
            assert (table.vocab["paragraph"][code] if code >= 0 else None) == m.paragraph
            end = int(cols.end[row])
            assert (None if end == NA else day_of_number(end)) == m.end


def test_no_supervision_from_a_decision_after_as_of() -> None:
    table = EventTable.from_cases(_measure_cases())
    result = deadline_table(table, date(2024, 6, 30))
    rules = [result.rule_ids[r] for r in result.rule.tolist()]
    assert "tilsynsbesoeg" not in rules
    later = deadline_table(table, date(2024, 12, 31))
    assert "tilsynsbesoeg" in [later.rule_ids[r] for r in later.rule.tolist()]


# --------------------------------------------------------------------------- case_processing


def _processing_rules() -> RuleSet:
    return default_rules().enable("sagsbehandlingsfrist")


@pytest.mark.parametrize("as_of", [date(2023, 12, 31), date(2025, 6, 30)], ids=str)
def test_case_processing_is_vectorized_and_agrees(
    demo: tuple[list[Case], EventTable], as_of: date
) -> None:
    cases, table = demo
    rules = _processing_rules()
    result = deadline_table(table, as_of, rules=rules)
    assert result.fallback == {}
    assert "case_processing" in VECTORIZED_KINDS
    assert columnar_keys(result) == scalar_keys(cases, as_of, rules=rules)
    assert "sagsbehandlingsfrist" in [result.rule_ids[r] for r in result.rule.tolist()]


def test_case_processing_links_decisions_in_three_passes() -> None:
    """A decision naming the application wins; else the next one on the same benefit, so a
    later application's decision is not taken by an earlier application; else the next one."""
    from boernesag.caseio import case_from_mapping

    events = [
        {"id": "A1", "type": "ansoegning", "date": "2024-03-01", "paragraph": "BL 32"},
        {"id": "A2", "type": "ansoegning", "date": "2024-03-04", "paragraph": "BL 31"},
        {"id": "A3", "type": "ansoegning", "date": "2024-03-05"},
        {"id": "D1", "type": "afgoerelse", "date": "2024-03-20", "paragraph": "BL 31"},
        {"id": "D2", "type": "afgoerelse", "date": "2024-04-02", "paragraph": "BL 32"},
        {"id": "D3", "type": "afgoerelse", "date": "2024-04-03", "ref": "A3"},
        {"id": "D4", "type": "afgoerelse", "date": "2024-05-15", "paragraph": "BL 52"},
    ]
    case = case_from_mapping(
        {"case_id": "K-ANS", "child": {"id": "B", "birth_date": "2015-01-01"}, "events": events}
    )
    rules = _processing_rules()
    as_of = date(2024, 6, 30)
    result = deadline_table(EventTable.from_cases([case]), as_of, rules=rules)
    got = {r[2]: (r[3], r[5], r[6]) for r in result.records() if r[1] == "sagsbehandlingsfrist"}
    # BL 32: 4 weeks from fre 01.03.2024 = fre 29.03.2024; D2 on 02.04 (same paragraph): late
    # BL 31: 8 weeks from man 04.03.2024 = man 29.04.2024; D1 on 20.03: met
    # no paragraph: the default 8 weeks from tir 05.03.2024 = tir 30.04.2024; D3 names it
    assert got == {
        "A1": (date(2024, 3, 29), "met_late", "D2"),
        "A2": (date(2024, 4, 29), "met", "D1"),
        "A3": (date(2024, 4, 30), "met", "D3"),
    }
    assert columnar_keys(result) == scalar_keys([case], as_of, rules=rules)


def test_a_reopening_after_as_of_is_not_seen() -> None:
    """A case closed on 01.03.2024 and reopened on 01.09.2024: on 30.06.2024 it is closed, so
    the municipal ledelsestilsyn chain (every 3 months) stops at the closing in both engines."""
    from boernesag.model import Child, Event, EventType

    events = (
        Event(id="U", type=EventType.UNDERRETNING, date=date(2023, 10, 2)),
        Event(id="L1", type=EventType.LEDELSESTILSYN, date=date(2023, 12, 1)),
        Event(id="C", type=EventType.SAG_LUKKET, date=date(2024, 3, 1), reason="ophørt"),
        Event(id="U2", type=EventType.UNDERRETNING, date=date(2024, 9, 1)),
    )
    case = Case(case_id="S-LUK", child=Child(id="B", birth_date=date(2015, 1, 1)), events=events)
    assert case.closed is None  # reopened on the whole timeline
    assert case.closed_on(date(2024, 6, 30)) == date(2024, 3, 1)
    assert case.closed_on(date(2024, 2, 29)) is None
    assert case.closed_on(date(2024, 9, 1)) is None
    rules = default_rules().enable("ledelsestilsyn")
    as_of = date(2024, 6, 30)
    got = [d for d in deadlines(case, as_of, rules=rules) if d.rule_id == "ledelsestilsyn"]
    # 02.10.2023 + 3 months = 02.01.2024 (met by L1 on 01.12.2023); 01.12.2023 + 3 months =
    # 01.03.2024, the closing day; nothing after it (01.06.2024 only if the reopening were seen)
    assert [d.due for d in got] == [date(2024, 1, 2), date(2024, 3, 1)]
    table = EventTable.from_cases([case])
    assert columnar_keys(deadline_table(table, as_of, rules=rules)) == scalar_keys(
        [case], as_of, rules=rules
    )
