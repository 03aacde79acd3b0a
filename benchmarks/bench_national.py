"""Benchmark: national scale end to end, the job of issue #8.

An analyst gets the case system's export as one row per event. For ``n`` demo cases (100,000
is about the number of Danish children and young people with a measure) this measures, on one
core and in one process:

1. ``EventTable.from_frame(export)``: the export, validated, as columns;
2. ``deadline_table``: every deadline of every case;
3. ``audit_table``: the case audit of the Task force (Jammerbugt 2017) and BDO (Randers 2016) on those deadlines;

and the peak memory (tracemalloc, in a separate untimed run): of reading the export, and of
the deadlines and the audit with the table held; plus the process's peak RSS. The export frame
is built first from :func:`boernesag.demo.iter_demo_cases` and not timed (the case system
makes it). The columnar results are checked against the scalar engine and audit on the first
``--check`` cases.

    python benchmarks/bench_national.py              # 10,000 cases
    python benchmarks/bench_national.py --full       # 10,000 and 100,000 cases (a few minutes)

Writes ``benchmarks/results/national.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import time
import tracemalloc
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from boernesag.audit import audit_case
from boernesag.columnar import EventTable, audit_table, deadline_table
from boernesag.columnar.result import record_of
from boernesag.deadlines import deadlines
from boernesag.demo import iter_demo_cases
from boernesag.frame import cases_to_frame

AS_OF = date(2025, 6, 30)
RESULTS = Path(__file__).parent / "results"
TARGET_SECONDS = 5.0


def _norm(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _check(n_check: int, table: EventTable, result: Any, audits: Any) -> bool:
    """The first ``n_check`` cases: columnar deadlines and statuses equal the scalar ones."""
    cases = [table.rebuild(i) for i in range(min(n_check, table.n_cases))]
    ids = {c.case_id for c in cases}
    want = Counter(
        tuple(_norm(x) for x in record_of(d)) for c in cases for d in deadlines(c, AS_OF)
    )
    got = Counter(tuple(_norm(x) for x in r) for r in result.records() if r[0] in ids)
    if want != got:
        return False
    for c in cases:
        scalar = audit_case(c, AS_OF)
        for r in scalar.results:
            if audits.status_of(c.case_id, r.check_id) != r.status:
                return False
    return True


def _job(export: Any) -> tuple[EventTable, Any, Any, list[float]]:
    t0 = time.perf_counter()
    table = EventTable.from_frame(export)
    t1 = time.perf_counter()
    result = deadline_table(table, AS_OF)
    t2 = time.perf_counter()
    audits = audit_table(table, AS_OF, deadlines=result)
    t3 = time.perf_counter()
    return table, result, audits, [t1 - t0, t2 - t1, t3 - t2]


def run(n: int, n_check: int, repeat: int = 2) -> dict[str, Any]:
    export = cases_to_frame(iter_demo_cases(n, seed=7))
    best: list[float] | None = None
    for _ in range(repeat):  # timed without tracemalloc, which slows allocation a lot
        gc.collect()
        table, result, audits, times = _job(export)
        if best is None or sum(times) < sum(best):
            best = times
    assert best is not None
    del table, result, audits
    gc.collect()
    tracemalloc.start()  # memory in a separate, untimed run
    table = EventTable.from_frame(export)
    _, peak_read = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    result = deadline_table(table, AS_OF)
    audits = audit_table(table, AS_OF, deadlines=result)
    _, peak_compute = tracemalloc.get_traced_memory()  # with the table held
    tracemalloc.stop()
    summary = audits.summary()
    total = sum(best)
    return {
        "cases": n,
        "export_rows": len(export),
        "from_frame_s": round(best[0], 3),
        "deadline_table_s": round(best[1], 3),
        "audit_table_s": round(best[2], 3),
        "total_s": round(total, 3),
        "cases_per_s": round(n / total),
        "deadlines": len(result),
        "findings": int(sum(summary.severities.values())),
        "fallback_deadlines": dict(result.fallback),
        "fallback_audit": dict(audits.fallback),
        "peak_traced_mb": round(max(peak_read, peak_compute) / 1e6, 1),
        "peak_read_mb": round(peak_read / 1e6, 1),
        "peak_deadlines_audit_mb": round(peak_compute / 1e6, 1),
        "table_mb": round(table.nbytes / 1e6, 1),
        "export_frame_mb": round(int(export.memory_usage(deep=True).sum()) / 1e6, 1),
        "agrees_with_scalar_first_cases": _check(n_check, table, result, audits),
        "checked_cases": min(n_check, n),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 100,000 cases")
    parser.add_argument("--check", type=int, default=500, help="cases checked against scalar")
    args = parser.parse_args()
    sizes = [10_000] + ([100_000] if args.full else [])
    runs = []
    for n in sizes:
        r = run(n, args.check)
        print(json.dumps(r))
        runs.append(r)
    report = {
        "benchmark": "national scale: export frame -> EventTable -> deadlines -> audit, one core",
        "as_of": AS_OF.isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "target_seconds_100k": TARGET_SECONDS,
        "runs": runs,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "national.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
