"""The parallel batch API gives exactly what the serial engine gives, in order."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import attrs

from boernesag.batch import parallel_deadlines
from boernesag.caseio import load_case
from boernesag.deadlines import deadlines

SPEC = Path(__file__).parent / "data" / "spec_example.json"


def _cases(n: int) -> list:  # type: ignore[type-arg]
    case = load_case(SPEC)
    return [attrs.evolve(case, case_id=f"K-{i:04d}") for i in range(n)]


def test_cases_and_deadlines_pickle() -> None:
    case = load_case(SPEC)
    assert pickle.loads(pickle.dumps(case)) == case
    d = deadlines(case, date(2024, 12, 31))
    assert pickle.loads(pickle.dumps(d)) == d


def test_parallel_equals_serial_in_order() -> None:
    cases = _cases(30)
    serial = [d for c in cases for d in deadlines(c, date(2024, 12, 31))]
    par = list(parallel_deadlines(cases, date(2024, 12, 31), workers=2, chunk_size=7))
    assert par == serial
    assert [d.case_id for d in par] == [d.case_id for d in serial]


def test_progress_reports_every_case() -> None:
    seen: list[int] = []
    list(
        parallel_deadlines(
            _cases(10), date(2024, 12, 31), workers=1, chunk_size=4, progress=seen.append
        )
    )
    assert seen == [4, 8, 10]
