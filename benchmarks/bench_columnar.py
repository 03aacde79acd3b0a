"""Benchmark: the columnar (numpy) deadline engine at 1k, 10k and 100k demo cases.

The EventTable is built from ``iter_demo_cases`` (streaming; generation and table building
are timed together and separately from the deadlines); then ``deadline_table`` is timed on
one core (best of three), with cases/s, time per case at each size (linearity) and the peak
memory of the largest run (tracemalloc, the deadline computation only, the table excluded:
``table_mb`` gives the table's arrays, ``max_rss_mb`` the process's peak resident memory so
far). The result is checked against the scalar engine on the first 2,000 cases of each size.
The table build alone is also timed on 10,000 cases already in memory.

The export path, a one-row-per-event frame (:func:`boernesag.frame.cases_to_frame`) to
deadlines, is timed at 10k (and 100k with ``--full``): ``EventTable.from_frame`` (read
column by column; best of three) against the reference path ``cases_from_frame`` +
``from_cases`` (once), then ``deadline_table`` on the table; the two tables must give the
same deadlines for every case.

    python benchmarks/bench_columnar.py            # 1k and 10k
    python benchmarks/bench_columnar.py --full     # also 100k (a few minutes: generation)
    python benchmarks/bench_columnar.py --frame-only [--full]   # only the export path

Writes ``benchmarks/results/columnar.json``.
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

from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.result import record_of
from boernesag.deadlines import deadlines
from boernesag.demo import iter_demo_cases

AS_OF = date(2025, 6, 30)
RESULTS = Path(__file__).parent / "results"
CHECK = 2_000


def _norm(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _check(table: EventTable, n: int) -> bool:
    """The first ``CHECK`` cases agree with the scalar engine (rebuilt from the table)."""
    k = min(n, CHECK)
    result = deadline_table(table, AS_OF)
    got = Counter(
        tuple(map(_norm, r))
        for c, r in zip(result.case.tolist(), result.records(), strict=True)
        if c < k
    )
    expected: Counter[tuple[Any, ...]] = Counter()
    for i in range(k):
        for d in deadlines(table.rebuild(i), AS_OF):
            expected[tuple(map(_norm, record_of(d)))] += 1
    return got == expected


def run_size(n: int, *, repeat: int = 3, memory: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    table = EventTable.from_cases(iter_demo_cases(n, seed=7))
    build = time.perf_counter() - t0
    best = float("inf")
    rows = 0
    fallback: dict[str, int] = {}
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = deadline_table(table, AS_OF)
        best = min(best, time.perf_counter() - t0)
        rows, fallback = len(result), dict(result.fallback)
        del result
    out: dict[str, Any] = {
        "cases": n,
        "events": len(table),
        "deadlines": rows,
        "build_seconds": round(build, 3),
        "build_cases_per_s": round(n / build),
        "seconds": round(best, 4),
        "cases_per_s": round(n / best),
        "us_per_case": round(best / n * 1e6, 2),
        "table_mb": round(table.nbytes / 1e6, 1),
        "fallback": fallback,
    }
    if memory:
        gc.collect()
        tracemalloc.start()
        result = deadline_table(table, AS_OF)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["peak_mb"] = round(peak / 1e6, 1)
        out["result_mb"] = round(
            sum(
                getattr(result, c).nbytes
                for c in (
                    "case",
                    "rule",
                    "trigger",
                    "due",
                    "alternative_due",
                    "timed",
                    "status",
                    "met_by",
                    "measure",
                )
            )
            / 1e6,
            1,
        )
        del result
    out["agrees_with_scalar_first_cases"] = _check(table, n)
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)
    return out


def run_build(n: int) -> dict[str, Any]:
    """The table build alone, from cases already in memory (generation not timed)."""
    cases = list(iter_demo_cases(n, seed=7))
    for c in cases:
        _ = c.timeline, c.measures  # cached on the case, as a loaded caseload has them
    best = float("inf")
    for _ in range(3):
        gc.collect()
        t0 = time.perf_counter()
        EventTable.from_cases(cases)
        best = min(best, time.perf_counter() - t0)
    return {"cases": n, "seconds": round(best, 4), "cases_per_s": round(n / best)}


def run_frame(n: int) -> dict[str, Any]:
    """Export frame -> EventTable -> deadlines, by columns and by the reference path."""
    from boernesag.frame import cases_from_frame, cases_to_frame

    frame = cases_to_frame(iter_demo_cases(n, seed=7))
    best = float("inf")
    table = None
    for _ in range(3):
        table = None
        gc.collect()
        t0 = time.perf_counter()
        table = EventTable.from_frame(frame)
        best = min(best, time.perf_counter() - t0)
    assert table is not None
    t0 = time.perf_counter()
    result = deadline_table(table, AS_OF)
    compute = time.perf_counter() - t0
    gc.collect()
    t0 = time.perf_counter()
    reference = EventTable.from_cases(cases_from_frame(frame).cases)
    ref_seconds = time.perf_counter() - t0
    same = Counter(result.records()) == Counter(deadline_table(reference, AS_OF).records())
    return {
        "cases": n,
        "rows": len(frame),
        "from_frame_seconds": round(best, 3),
        "from_frame_cases_per_s": round(n / best),
        "deadline_table_seconds": round(compute, 3),
        "frame_to_deadlines_seconds": round(best + compute, 3),
        "reference_seconds": round(ref_seconds, 3),
        "reference_cases_per_s": round(n / ref_seconds),
        "same_deadlines_as_reference": same,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also 100k cases")
    parser.add_argument("--frame-only", action="store_true", help="only the export path")
    args = parser.parse_args()
    frame_sizes = [10_000] + ([100_000] if args.full else [])
    frame_runs = []
    for n in frame_sizes:
        r = run_frame(n)
        print(json.dumps({"from_frame": r}))
        frame_runs.append(r)
    target = RESULTS / "columnar.json"
    if args.frame_only:
        report = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
        report["from_frame"] = frame_runs
        report["from_frame_target_cases_per_s"] = 50_000
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return
    sizes = [1_000, 10_000] + ([100_000] if args.full else [])
    runs = []
    for n in sizes:
        r = run_size(n, memory=n == sizes[-1])
        print(json.dumps(r))
        runs.append(r)
    build = run_build(10_000)
    print(json.dumps({"build_only": build}))
    per_case = [r["us_per_case"] for r in runs]
    report = {
        "benchmark": "columnar deadline_table over the demo caseload",
        "as_of": AS_OF.isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "target_cases_per_s": 50_000,
        "runs": runs,
        "linearity_us_per_case": per_case,
        "build_only_from_cases_in_memory": build,
        "from_frame": frame_runs,
        "from_frame_target_cases_per_s": 50_000,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "columnar.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
