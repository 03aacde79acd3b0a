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
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from boernesag.columnar import DeadlineTable, EventTable, deadline_table  # noqa: E402
from boernesag.columnar.engine import VECTORIZED_KINDS  # noqa: E402
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
    fields = (
        d.case_id,
        d.rule_id,
        d.trigger,
        d.due,
        d.alternative_due,
        d.status.value,
        d.met_by,
        d.measure,
    )
    return tuple(_norm(x) for x in fields)


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
    fell_back = {
        r.id
        for r in rules.active
        if r.kind not in VECTORIZED_KINDS and r.kind in scalar_module._INTERPRETERS
    }
    assert set(result.fallback) == fell_back
    assert all(n == len(cases) for n in result.fallback.values())
    # the municipal targets that are vectorized produce deadlines of their own
    assert {"ledelsestilsyn", "kum-16"} <= {k[1] for k in expected}


def _mystery(rule: Rule, ctx: Any) -> Iterator[Deadline]:
    """A rule kind only the scalar engine knows: a deadline on each case's first event."""
    first = ctx.case.timeline[0] if ctx.case.events else None
    if first is None or first.day > ctx.as_of:
        return
    version = rule.versions[0]
    due = first.day
    yield scalar_module._make(
        ctx, rule, version, trigger=first, due=due, status=scalar_module._status(due, None, ctx)
    )


def test_unknown_rule_kind_gives_the_scalar_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(scalar_module._INTERPRETERS, "mystery", _mystery)
    rule = Rule(
        id="egen-regel",
        kind="mystery",
        title_da="Egen regel",
        title_en="Own rule",
        versions=(
            RuleVersion(
                law="KOM",
                citation="kommunal målsætning",
                valid_from=date(1900, 1, 1),
                valid_to=date(9999, 12, 31),
                period=Period.parse("0 days"),
            ),
        ),
        source="kommune",
    )
    rules = RuleSet(rules=(*default_rules().rules, rule))
    cases = demo_caseload(50, seed=13).cases
    table = EventTable.from_cases(cases)
    as_of = date(2025, 6, 30)
    result = deadline_table(table, as_of, rules=rules)
    expected = scalar_keys(cases, as_of, rules=rules)
    assert sum(1 for k in expected if k[1] == "egen-regel") == 50
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
