"""Cost in the size of one case stays linear (issue 14, item 3).

A time-independent guard: the number of Python lines the library executes (``sys.settrace``
counts every line run in a ``boernesag`` module) is measured for a case of ``n`` and of
``4 n`` events. Linear work gives a ratio of about 4, quadratic work (a scan of the
timeline per event, the bug the issue found with 200,000 events) about 16; the test allows
up to 6. Line counts do not depend on the machine's speed or load, only on the code.

The columnar engines do most of their work in numpy, which the count does not see; their
Python lines still grow with the case wherever a loop runs per event or per group.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from types import FrameType
from typing import Any

import pytest

from boernesag.audit import audit_case
from boernesag.columnar import EventTable, audit_table, deadline_table
from boernesag.deadlines import deadlines
from boernesag.demo import big_case
from boernesag.handover.sagsliste import build_sagsliste
from boernesag.model import Case, Child, Event, EventType

AS_OF = date(2025, 12, 31)
N = 600
#: Linear is ~4, quadratic ~16.
MAX_RATIO = 6.0


def _lines_run(call: Callable[[], object], where: str = "boernesag") -> int:
    """The number of lines executed while ``call`` runs in modules whose file path contains
    ``where`` (default: boernesag's own modules)."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def new_frame(frame: FrameType, event: str, arg: Any) -> Any:
        return local if where in frame.f_code.co_filename else None

    before = sys.gettrace()
    sys.settrace(new_frame)
    try:
        call()
    finally:
        sys.settrace(before)
    return count


def _ref_pairs(n_events: int) -> Case:
    """``n_events`` events as underretning/kvittering pairs linked by ``ref`` (the shape
    that did not finish in 600 s with 200,000 events)."""
    start = datetime(2020, 1, 6, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    events = []
    for i in range(n_events // 2):
        at = start + timedelta(hours=7 * i)
        events.append(Event(id=f"U{i}", type=EventType.UNDERRETNING, at=at))
        events.append(
            Event(
                id=f"K{i}",
                type=EventType.KVITTERING_SENDT,
                date=(at + timedelta(days=i % 9)).date(),
                ref=f"U{i}",
            )
        )
    return Case("K-PAIRS", Child("B-PAIRS", date(2012, 5, 1)), events)


ENGINES: dict[str, Callable[[Case], object]] = {
    "deadlines": lambda c: deadlines(c, AS_OF),
    "audit_case": lambda c: audit_case(c, AS_OF),
    "deadline_table": lambda c: deadline_table(EventTable.from_cases([c]), AS_OF),
    "audit_table": lambda c: audit_table(EventTable.from_cases([c]), AS_OF),
    "sagsliste": lambda c: build_sagsliste([c], AS_OF),
}
SHAPES: dict[str, Callable[[int], Case]] = {
    "mixed": lambda n: big_case(n, seed=3),
    "ref_pairs": _ref_pairs,
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_cost_grows_linearly_with_the_events_of_one_case(engine: str, shape: str) -> None:
    run = ENGINES[engine]
    build = SHAPES[shape]
    run(build(40))  # warm the caches (rule files, calendar) outside the count
    # Fresh cases: their cached views (timeline, measures) are part of the cost.
    small_case, large_case = build(N), build(4 * N)
    assert len(large_case.events) == 4 * len(small_case.events)
    small = _lines_run(lambda: run(small_case))
    large = _lines_run(lambda: run(large_case))
    assert small > 0
    assert large / small < MAX_RATIO, (engine, shape, small, large)


def test_the_guard_sees_a_quadratic_scan() -> None:
    """The measure itself: a scan of the timeline per event counts ~16 times more lines at
    four times the events, above the limit."""

    def quadratic(case: Case) -> int:
        found = 0
        for e in case.events:
            for f in case.events:
                if f.ref == e.id:
                    found += 1
        return found

    small_case, large_case = _ref_pairs(100), _ref_pairs(400)
    small = _lines_run(lambda: quadratic(small_case), where="test_scale")
    large = _lines_run(lambda: quadratic(large_case), where="test_scale")
    assert large / small > MAX_RATIO
