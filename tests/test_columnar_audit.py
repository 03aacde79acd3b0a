"""The columnar audit agrees exactly with the scalar audit (boernesag.columnar.audit).

Agreement is checked per (case, check) status and on the multiset of findings (case, check,
code, severity, day, due, rule id, events, measure, unresolved flag, caseworker) against
:func:`boernesag.audit.audit_case` on every case, over demo caseloads (two seeds, lapse rates
0 / 0.3 / 0.6, audit days 2023-12-31, 2024-06-30 and 2025-06-30), with other settings, an
audit moment, a ``since`` window, a case with duplicate event ids and a custom check (both
left to the scalar audit and counted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")

from boernesag.audit import AuditSettings, audit_case, audit_caseload  # noqa: E402
from boernesag.audit.checks import CHECKS, Check  # noqa: E402
from boernesag.columnar import EventTable, deadline_table  # noqa: E402
from boernesag.columnar.audit import (  # noqa: E402
    VECTORIZED_CHECKS,
    AuditTable,
    audit_table,
    record_of_finding,
)
from boernesag.demo import demo_caseload  # noqa: E402
from boernesag.law import default_rules  # noqa: E402
from boernesag.model import Case  # noqa: E402
from boernesag.periods import LeapDayRule  # noqa: E402

AS_OFS = (date(2023, 12, 31), date(2024, 6, 30), date(2025, 6, 30))
N = 120

Key = tuple[Any, ...]


def scalar(
    cases: Sequence[Case], as_of: date | datetime, checks: Sequence[Check] = CHECKS, **kw: Any
) -> tuple[dict[tuple[str, str], str], Counter[Key]]:
    status: dict[tuple[str, str], str] = {}
    found: Counter[Key] = Counter()
    for c in cases:
        a = audit_case(c, as_of, checks=checks, **kw)
        for r in a.results:
            status[(c.case_id, r.check_id)] = r.status.value
            for f in r.findings:
                found[record_of_finding(f)] += 1
    return status, found


def columnar(result: AuditTable) -> tuple[dict[tuple[str, str], str], Counter[Key]]:
    status = {
        (str(cid), check): result.status_of(i, check).value
        for i, cid in enumerate(result.table.case_id)
        for check in result.check_ids
    }
    return status, Counter(tuple(r) for r in result.records())


def assert_agrees(
    cases: Sequence[Case], result: AuditTable, as_of: date | datetime, **kw: Any
) -> None:
    checks = [c for c in CHECKS if c.id in result.check_ids]
    want_status, want_found = scalar(cases, as_of, checks=kw.pop("checks", checks), **kw)
    got_status, got_found = columnar(result)
    bad = sorted(k for k in want_status if want_status[k] != got_status.get(k))
    assert not bad, [(k, want_status[k], got_status.get(k)) for k in bad[:5]]
    assert got_status.keys() == want_status.keys()
    missing = want_found - got_found
    extra = got_found - want_found
    assert not missing, list(missing)[:3]
    assert not extra, list(extra)[:3]


@pytest.fixture(
    scope="module",
    params=[(7, 0.0), (7, 0.3), (7, 0.6), (2024, 0.0), (2024, 0.3), (2024, 0.6)],
    ids=lambda p: f"seed{p[0]}-lapse{p[1]}",
)
def demo(request: pytest.FixtureRequest) -> tuple[list[Case], EventTable, float]:
    seed, lapse = request.param
    cases = list(demo_caseload(N, seed=seed, lapse_rate=lapse).cases)
    return cases, EventTable.from_cases(cases), lapse


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_agrees_with_scalar_audit_on_demo(
    demo: tuple[list[Case], EventTable, float], as_of: date
) -> None:
    cases, table, lapse = demo
    result = audit_table(table, as_of)
    assert_agrees(cases, result, as_of)
    # not vacuous: checks were judged, and lapses give findings
    assert (result.status != 3).sum() > N  # 3: not_relevant
    assert len(result) > 0 or lapse == 0


def test_vectorized_checks_cover_the_demo() -> None:
    """Every check is vectorized: the demo needs no scalar fallback."""
    assert {c.id for c in CHECKS} == VECTORIZED_CHECKS
    cases = list(demo_caseload(300, seed=7, lapse_rate=0.3).cases)
    result = audit_table(EventTable.from_cases(cases), date(2025, 6, 30))
    assert result.fallback == {}
    assert result.fallback_cases == 0
    codes = set(result.code.tolist())
    # the vectorized translations of notes are exercised, not only the plain deadlines
    assert {"followup.interval", "plan.not_decided", "bfu.late", "samtale.none", "gap"} <= codes


@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2025, 6, 30)], ids=str)
def test_municipal_rules_agree(as_of: date) -> None:
    """With the municipality's own rules on (kum-16, ledelsestilsyn, answers to inquiries...)
    the transition and municipal-target checks still agree."""
    rules = default_rules()
    rules = rules.enable(*[r.id for r in rules if not r.enabled])
    cases = list(demo_caseload(N, seed=2024, lapse_rate=0.6).cases)
    result = audit_table(EventTable.from_cases(cases), as_of, rules=rules)
    assert_agrees(cases, result, as_of, rules=rules)
    assert result.status[:, result.check_ids.index("kommunale-maal")].min() < 3


def test_summary_equals_audit_caseload() -> None:
    caseload = demo_caseload(N, seed=2024, lapse_rate=0.6)
    as_of = date(2025, 6, 30)
    report = audit_caseload(caseload, as_of)
    summary = audit_table(EventTable.from_cases(caseload.cases), as_of).summary()
    assert summary.checks == report.checks
    assert dict(summary.severities) == dict(report.severities)
    assert summary.n_cases == report.n_cases
    assert summary.check("huller") == report.check("huller")


def test_other_settings_moment_and_since_window() -> None:
    cases = list(demo_caseload(N, seed=11, lapse_rate=0.6).cases)
    table = EventTable.from_cases(cases)
    settings = AuditSettings(
        gap_days=30,
        gap_at_change_days=10,
        samtale_months=3,
        samtale_min_age=7,
        max_wait_days=10,
        long_wait_days=40,
        small_child_age=6,
        close_decision_days=5,
        inactive_types=frozenset({"sagsbehandler_tildelt"}),
        since=date(2024, 9, 1),
    )
    moment = datetime(2025, 3, 1, 10, 30, tzinfo=UTC)
    result = audit_table(table, moment, settings=settings)
    assert result.as_of == date(2025, 3, 1)
    assert_agrees(cases, result, moment, settings=settings)


def test_reuses_a_given_deadline_table() -> None:
    cases = list(demo_caseload(60, seed=3).cases)
    table = EventTable.from_cases(cases)
    as_of = date(2024, 6, 30)
    dt = deadline_table(table, as_of)
    result = audit_table(table, as_of, deadlines=dt)
    assert result.deadlines is dt
    assert columnar(result) == columnar(audit_table(table, as_of))
    assert_agrees(cases, result, as_of)


def test_irregular_case_falls_back_and_is_counted() -> None:
    cases = list(demo_caseload(30, seed=5, lapse_rate=0.3).cases)
    victim = next(c for c in cases if len(c.events) > 3)
    dup = attrs.evolve(victim.events[1], id=victim.events[0].id)
    bad = attrs.evolve(victim, events=(*victim.events, dup))
    cases = [bad if c is victim else c for c in cases]
    table = EventTable.from_cases(cases)
    assert table.irregular.sum() == 1
    as_of = date(2025, 6, 30)
    result = audit_table(table, as_of)
    for check in ("huller", "tilsyn", "underretninger", "klager"):
        assert result.fallback.get(check) == 1, check
    assert_agrees(cases, result, as_of)


def test_custom_check_runs_by_fallback_on_every_case() -> None:
    cases = list(demo_caseload(40, seed=9).cases)
    table = EventTable.from_cases(cases)
    gaps = next(c for c in CHECKS if c.id == "huller")
    mine = Check("huller", gaps.label_da, gaps.label_en, gaps.basis, gaps.run)  # not the standard
    as_of = date(2025, 6, 30)
    result = audit_table(table, as_of, checks=(mine,))
    assert result.check_ids == ("huller",)
    assert result.fallback == {"huller": 40}
    assert_agrees(cases, result, as_of, checks=(mine,))


def test_findings_for_and_frame() -> None:
    cases = list(demo_caseload(40, seed=7, lapse_rate=0.6).cases)
    table = EventTable.from_cases(cases)
    as_of = date(2025, 6, 30)
    result = audit_table(table, as_of)
    i = int(result.case[0])
    expected = audit_case(cases[i], as_of).findings
    got = result.findings_for(str(cases[i].case_id))
    assert [(f.code, f.day, f.explanation) for f in got] == [
        (f.code, f.day, f.explanation) for f in expected
    ]
    assert sum(1 for c in result.case.tolist() if c == i) == len(expected)
    frame = result.to_frame()
    assert len(frame) == len(result)
    assert str(frame["date"].dtype) == "datetime64[ns]"
    assert str(frame["case_id"].dtype) == "string"
    assert list(frame["severity"].cat.categories) == [
        "critical",
        "high",
        "medium",
        "low",
        "info",
    ]
    assert frame["ongoing"].sum() == int(result.ongoing.sum())
    assert "AuditTable(cases=40" in repr(result)


def test_a_deadline_table_of_another_table_is_refused() -> None:
    cases = list(demo_caseload(10, seed=3).cases)
    table = EventTable.from_cases(cases)
    other = EventTable.from_cases(cases)
    with pytest.raises(ValueError, match="deadlines"):
        audit_table(table, date(2025, 6, 30), deadlines=deadline_table(other, date(2025, 6, 30)))


_PROPERTY_CASES = list(demo_caseload(40, seed=2023, lapse_rate=0.5).cases)
_PROPERTY_TABLE = EventTable.from_cases(_PROPERTY_CASES)


@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    as_of=st.dates(min_value=date(2021, 6, 1), max_value=date(2026, 12, 31)),
    leap=st.sampled_from(list(LeapDayRule)),
    gap_days=st.integers(min_value=20, max_value=120),
    samtale_months=st.integers(min_value=1, max_value=12),
    bfu_months=st.none() | st.integers(min_value=3, max_value=36),
    plan_months=st.none() | st.integers(min_value=3, max_value=24),
    kum_grace=st.integers(min_value=0, max_value=12),
)
def test_agrees_on_any_day(
    as_of: date,
    leap: LeapDayRule,
    gap_days: int,
    samtale_months: int,
    bfu_months: int | None,
    plan_months: int | None,
    kum_grace: int,
) -> None:
    """Any audit day (month ends, across 2024-01-01), either leap-day rule, other limits."""
    settings = AuditSettings(
        gap_days=gap_days,
        samtale_months=samtale_months,
        bfu_max_age_months=bfu_months,
        plan_max_age_months=plan_months,
        kum_grace_months=kum_grace,
    )
    result = audit_table(_PROPERTY_TABLE, as_of, settings=settings, leap_day_rule=leap)
    assert_agrees(_PROPERTY_CASES, result, as_of, settings=settings, leap_day_rule=leap)


def _edited(cases: Sequence[Case]) -> list[Case]:
    """Demo cases edited to repeat decisions (with and without a change of caseworker or an
    end in between) and to start measures without a decision (with and without an unnamed
    decision on the same paragraph)."""
    out = []
    for i, case in enumerate(cases):
        events = list(case.events)
        decisions = [e for e in events if e.type.value == "afgoerelse" and e.paragraph]
        if decisions and i % 4 in (0, 1):
            d = decisions[0]
            later = d.day + timedelta(days=40 + i)
            events.append(attrs.evolve(d, id=f"{d.id}-igen", date=later, at=None))
            if i % 4 == 1:
                events.append(
                    attrs.evolve(
                        next(e for e in events if e.type.value == "sagsbehandler_tildelt"),
                        id=f"skift-{i}",
                        date=d.day + timedelta(days=20),
                        at=None,
                        caseworker=f"CW-X{i}",
                    )
                )
        elif decisions and i % 4 == 2 and decisions[0].measure:
            m = decisions[0].measure
            events = [e for e in events if not (e.type.value == "afgoerelse" and e.measure == m)]
            if i % 8 == 2:
                events.append(attrs.evolve(decisions[0], id=f"uden-{i}", measure=None, at=None))
        out.append(attrs.evolve(case, events=tuple(events)))
    return out


@pytest.mark.parametrize("as_of", AS_OFS, ids=str)
def test_repeated_decisions_and_measures_without_decision(as_of: date) -> None:
    cases = _edited(list(demo_caseload(N, seed=7, lapse_rate=0.3).cases))
    result = audit_table(EventTable.from_cases(cases), as_of)
    assert_agrees(cases, result, as_of)
    assert result.fallback == {}
    if as_of.year == 2025:
        codes = Counter(result.code.tolist())
        assert codes["decision.repeated"] > 3
        assert codes["measure.no_decision"] > 3
        # Running with no decision: no BFU and no plan either (BDO, Randers 2016).
        assert codes["bfu.no_decision"] > 3
        assert codes["plan.no_decision"] > 3


def test_table_from_the_export_frame_gives_the_same_audit() -> None:
    pytest.importorskip("pandas")
    from boernesag.frame import cases_to_frame

    cases = list(demo_caseload(N, seed=2024, lapse_rate=0.6).cases)
    as_of = date(2025, 6, 30)
    direct = audit_table(EventTable.from_cases(cases), as_of)
    framed = audit_table(EventTable.from_frame(cases_to_frame(cases)), as_of)
    assert columnar(framed) == columnar(direct)
    assert framed.fallback == {}
    assert_agrees(cases, framed, as_of)


def test_a_table_without_measures_audits_a_missing_samtale_far_ahead() -> None:
    """Found by the fuzzer: a closed case with a decision but no measure, audited decades
    later, indexed the (empty) measure columns. Both audits agree and nothing raises."""
    from datetime import date

    from boernesag.caseio import case_from_mapping

    case = case_from_mapping(
        {
            "case_id": "K-1",
            "child": {"id": "B-1", "birth_date": "2009-08-17"},
            "events": [
                {"id": "E1", "type": "underretning", "date": "2022-08-16"},
                {"id": "E2", "type": "bfu_startet", "date": "2022-08-29"},
                {"id": "E3", "type": "bfu_afsluttet", "date": "2022-11-07"},
                {
                    "id": "E4",
                    "type": "afgoerelse",
                    "date": "2022-11-11",
                    "paragraph": "SEL 52 stk. 3 nr. 3",
                },
                {"id": "E5", "type": "sag_lukket", "date": "2022-11-30"},
            ],
        }
    )
    as_of = date(2048, 10, 24)
    result = audit_table(EventTable.from_cases([case]), as_of)
    assert_agrees([case], result, as_of)
    assert result.findings_for("K-1")  # the missing samtale and plan are still found


def _case_of(events: list[dict[str, Any]], birth: str) -> Case:
    from boernesag.caseio import case_from_mapping

    return case_from_mapping(
        {"case_id": "K-1", "child": {"id": "B-1", "birth_date": birth}, "events": events}
    )


def test_days_before_1970_are_audited_as_the_scalar_audit_does() -> None:
    """Days before 1970 are negative day numbers: the gaps ("huller") and the BFU check read
    them as days, not as a key modulo 2**32 or a negative sentinel."""
    case = _case_of(
        [
            {"id": "E1", "type": "sagsbehandler_tildelt", "date": "1955-01-03", "caseworker": "A"},
            {"id": "E2", "type": "underretning", "date": "1955-01-03"},
            {"id": "E3", "type": "kontakt", "date": "1955-02-01"},
            {
                "id": "E4",
                "type": "afgoerelse",
                "date": "1955-03-01",
                "paragraph": "SEL 52",
                "outcome": "bevilget",
                "measure": "M1",
            },
            {"id": "E5", "type": "foranstaltning_start", "date": "1955-03-10", "measure": "M1"},
            {"id": "E6", "type": "kontakt", "date": "1956-06-01"},
        ],
        birth="1950-05-05",
    )
    as_of = date(1957, 1, 1)
    assert_agrees([case], audit_table(EventTable.from_cases([case]), as_of), as_of)

