"""Benchmark: the cost of one case in the number of its events (issue 14, item 3).

One synthetic case (:func:`boernesag.demo.big_case`: mixed event types, refs, measures,
caseworker changes, 2015-2025) of 10k, 100k and 200k events, as_of 2025-12-31. Each figure
is CPU time (``time.process_time``: this process only, so other work on the shared machine
counts less than in wall time), the best of ``--repeat`` passes (default 3), and per event
in µs. What each figure includes:

- ``deadlines``: :func:`boernesag.deadlines.deadlines` on a fresh copy of the case (the
  sort of its timeline and the derivation of its measures included);
- ``audit``: :func:`boernesag.audit.audit_case` on a fresh copy (computes the deadlines
  itself, then runs every check);
- ``table``: :meth:`boernesag.columnar.EventTable.from_cases` of the case;
- ``deadline_table``: :func:`boernesag.columnar.deadline_table` on that table (the table
  build not included);
- ``audit_table``: :func:`boernesag.columnar.audit_table` on that table (computes its
  deadline table itself);
- ``sagsliste``: :func:`boernesag.handover.sagsliste.build_sagsliste` of the one case on a
  fresh copy (deadlines, audit findings and the row's facts).

Linear cost shows as a flat per-event figure across sizes. The load average
(``os.getloadavg``) before and after each size is recorded: the machine is shared.

    python benchmarks/bench_case_size.py --sizes 10000 100000
    python benchmarks/bench_case_size.py --sizes 200000 --repeat 1

Results are merged by size into ``benchmarks/results/case_size.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from boernesag.audit import audit_case
from boernesag.columnar import EventTable, audit_table, deadline_table
from boernesag.deadlines import deadlines
from boernesag.demo import big_case
from boernesag.handover.sagsliste import build_sagsliste
from boernesag.model import Case

AS_OF = date(2025, 12, 31)
SEED = 11
RESULTS = Path(__file__).parent / "results" / "case_size.json"


def _fresh(case: Case) -> Case:
    """A copy without the cached views (timeline, measures) of ``case``."""
    return Case(case.case_id, case.child, case.events, case.team, case.district)


def _best(prepare: Callable[[], Any], run: Callable[[Any], object], repeat: int) -> float:
    """Best CPU time of ``repeat`` passes of ``run(prepare())``; ``prepare`` is not timed."""
    best = float("inf")
    for _ in range(repeat):
        arg = prepare()
        gc.collect()
        start = time.process_time()
        run(arg)
        best = min(best, time.process_time() - start)
    return best


def measure(n_events: int, repeat: int) -> dict[str, Any]:
    case = big_case(n_events, SEED)
    load_before = os.getloadavg()
    table = EventTable.from_cases([case])

    def fresh() -> Case:
        return _fresh(case)

    def same() -> EventTable:
        return table

    figures = {
        "deadlines": _best(fresh, lambda c: deadlines(c, AS_OF), repeat),
        "audit": _best(fresh, lambda c: audit_case(c, AS_OF), repeat),
        "table": _best(fresh, lambda c: EventTable.from_cases([c]), repeat),
        "deadline_table": _best(same, lambda t: deadline_table(t, AS_OF), repeat),
        "audit_table": _best(same, lambda t: audit_table(t, AS_OF), repeat),
        "sagsliste": _best(fresh, lambda c: build_sagsliste([c], AS_OF), repeat),
    }
    row: dict[str, Any] = {"events": n_events, "repeat": repeat}
    for name, seconds in figures.items():
        row[f"{name}_cpu_seconds"] = round(seconds, 3)
        row[f"{name}_us_per_event"] = round(1e6 * seconds / n_events, 2)
    row["loadavg_before"] = [round(x, 2) for x in load_before]
    row["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    data: dict[str, Any] = {}
    if RESULTS.exists():
        data = json.loads(RESULTS.read_text(encoding="utf-8"))
    sizes = {row["events"]: row for row in data.get("sizes", [])}
    for n in args.sizes:
        row = measure(n, args.repeat)
        print(json.dumps(row), flush=True)
        sizes[n] = row
    data.update(
        {
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "as_of": AS_OF.isoformat(),
            "seed": SEED,
            "clock": "time.process_time (CPU of this process), best of 'repeat' passes",
            "sizes": [sizes[n] for n in sorted(sizes)],
        }
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
