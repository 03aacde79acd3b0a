"""``audit_caseload(workers=...)``: the same report from worker processes, chunk by chunk.

The serial audit of the same cases is the reference: every finding, every status, every
count, the worst cases and the failures must be equal whatever the number of workers, the
chunk size, and whether the cases come as a caseload (shared with forked workers) or as a
stream (sent to the workers in chunks).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernesag.audit import audit_caseload
from boernesag.audit.checks import CheckContext
from boernesag.audit.report import CaseloadReport
from boernesag.audit.settings import AuditSettings
from boernesag.demo import demo_caseload, iter_demo_cases
from boernesag.law import default_rules
from boernesag.model import Case, Child
from boernesag.periods import LeapDayRule, age_on

AS_OF = date(2025, 6, 30)


def _everything(report: CaseloadReport) -> dict[str, Any]:
    """The whole report as data: the JSON form (all worst cases) and every case's audit."""
    out = report.to_dict("da")
    out["cases"] = [a.to_dict("en") for a in report.cases]
    out["failures"] = [(f.case_id, f.error) for f in report.failures]
    return out


@pytest.fixture(scope="module")
def caseload() -> Any:
    return demo_caseload(400, seed=11, lapse_rate=0.6)


@pytest.fixture(scope="module")
def serial(caseload: Any) -> CaseloadReport:
    return audit_caseload(caseload, AS_OF)


def test_forked_workers_give_the_serial_report(caseload: Any, serial: CaseloadReport) -> None:
    report = audit_caseload(caseload, AS_OF, workers=2, chunk_size=37)
    assert serial.n_findings > 0
    assert _everything(report) == _everything(serial)


def test_streamed_chunks_give_the_serial_report(caseload: Any, serial: CaseloadReport) -> None:
    # A generator cannot be shared with forked workers: its chunks are sent instead.
    report = audit_caseload(iter(caseload.cases), AS_OF, workers=2, chunk_size=50)
    want = _everything(serial)
    got = _everything(report)
    # Team and caseworker names come with a Caseload only; the rest is the same.
    for group in ("teams", "caseworkers"):
        for g in want[group]:
            g["name"] = None
    assert got == want


@pytest.mark.parametrize("keep_cases", [True, False])
def test_worst_cases_without_keeping_cases(caseload: Any, keep_cases: bool) -> None:
    serial = audit_caseload(caseload, AS_OF, keep_cases=keep_cases, worst_limit=7)
    parallel = audit_caseload(
        caseload, AS_OF, keep_cases=keep_cases, worst_limit=7, workers=2, chunk_size=23
    )
    assert [a.case_id for a in parallel.worst] == [a.case_id for a in serial.worst]
    assert len(serial.worst) == 7
    assert parallel.to_dict() == serial.to_dict()
    assert bool(parallel.cases) is keep_cases


def test_progress_reaches_every_case_in_order(caseload: Any) -> None:
    seen: list[int] = []
    audit_caseload(caseload, AS_OF, workers=2, chunk_size=150, progress=seen.append)
    assert seen == [150, 300, 400]


def _broken(case_id: str) -> Case:
    """A case whose child is born after the audit day: the audit cannot compute ages.

    Built with the model's constructors: the loader refuses events this long before a birth."""
    from boernesag.model import Child, Event, EventType

    return Case(
        case_id=case_id,
        child=Child(id="B-X", birth_date=date(2026, 1, 1)),
        events=(Event(id="E1", type=EventType.UNDERRETNING, date=date(2025, 1, 6)),),
    )


def test_failures_are_listed_in_input_order() -> None:
    cases = list(iter_demo_cases(60, 5, as_of=AS_OF))
    cases.insert(10, _broken("K-BROKEN-1"))
    cases.insert(45, _broken("K-BROKEN-2"))
    serial = audit_caseload(cases, AS_OF)
    if not serial.failures:
        pytest.skip("the audit accepts a child born after the audit day")
    parallel = audit_caseload(cases, AS_OF, workers=2, chunk_size=8)
    assert [f.case_id for f in parallel.failures] == ["K-BROKEN-1", "K-BROKEN-2"]
    assert _everything(parallel) == _everything(serial)


def test_strict_raises_the_workers_error() -> None:
    cases = list(iter_demo_cases(30, 5, as_of=AS_OF))
    cases.insert(17, _broken("K-BROKEN"))
    try:
        audit_caseload(cases, AS_OF, strict=True)
    except Exception as exc:
        expected: type[BaseException] = type(exc)
        message = str(exc)
    else:
        pytest.skip("the audit accepts a child born after the audit day")
    with pytest.raises(expected) as raised:
        audit_caseload(cases, AS_OF, strict=True, workers=2, chunk_size=5)
    assert str(raised.value) == message


def test_small_caseload_with_workers_none_runs_here(caseload: Any) -> None:
    # Fewer cases than MIN_PARALLEL: audited in this process, same report.
    report = audit_caseload(caseload, AS_OF, workers=None)
    assert report.to_dict() == audit_caseload(caseload, AS_OF).to_dict()


@given(
    birth=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=40 * 366),
    rule=st.sampled_from(list(LeapDayRule)),
)
def test_context_age_is_the_periods_age(birth: date, days: int, rule: LeapDayRule) -> None:
    # The audit's remembered age (with a fast path for birthdays that exist every year)
    # agrees with boernesag.periods.age_on, 29 February births included.
    day = date.fromordinal(birth.toordinal() + days)
    case = Case("K-AGE", Child("B-AGE", birth))
    ctx = CheckContext(
        case=case,
        as_of=day,
        deadlines=(),
        settings=AuditSettings(),
        rules=default_rules(),
        leap_day_rule=rule,
    )
    assert ctx.age_on(day) == age_on(birth, day, rule)
    assert ctx.age_on(day) == age_on(birth, day, rule)  # remembered, still equal


def test_precomputed_deadlines_give_the_same_audit(caseload: Any) -> None:
    from boernesag.audit import audit_case
    from boernesag.deadlines import deadlines

    for as_of in (AS_OF, date(2023, 9, 1)):
        for case in caseload.cases[:150]:
            plain = audit_case(case, as_of)
            reused = audit_case(case, as_of, computed=deadlines(case, as_of))
            assert reused.to_dict() == plain.to_dict()


def test_default_chunks_with_two_workers(caseload: Any, serial: CaseloadReport) -> None:
    # 400 cases, 2 workers: chunks of 100 (at least 100 cases, about eight per worker).
    seen: list[int] = []
    report = audit_caseload(caseload, AS_OF, workers=2, progress=seen.append)
    assert seen == [100, 200, 300, 400]
    assert _everything(report) == _everything(serial)


def test_garbage_collector_left_as_found(caseload: Any) -> None:
    # Forked workers run with the parent's objects frozen; afterwards nothing stays frozen.
    import gc

    before = gc.get_freeze_count()
    audit_caseload(caseload, AS_OF, workers=2, chunk_size=200, keep_cases=False)
    assert gc.get_freeze_count() == before
