"""Benchmark: deadlines and the audit over the demo caseload at 1k, 10k and 100k cases.

Measures throughput on one core (cases/s), linearity (time per case at each size), the peak
memory of the 100k run (tracemalloc, including the cases themselves), and the parallel batch
API over both cores. Cases are generated first; only the deadline computation is timed.

    python benchmarks/bench_deadlines.py            # 1k and 10k
    python benchmarks/bench_deadlines.py --full     # also 100k (about a minute)

Writes ``benchmarks/results/deadlines.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import time
import tracemalloc
from datetime import date
from pathlib import Path

from boernesag.deadlines import deadlines
from boernesag.demo import demo_caseload

AS_OF = date(2025, 6, 30)
RESULTS = Path(__file__).parent / "results"


def run_size(n: int, *, repeat: int = 3) -> dict[str, float]:
    caseload = demo_caseload(n_cases=n, seed=7)
    cases = caseload.cases
    best = float("inf")
    count = 0
    for _ in range(repeat):
        # Fresh copies: Case caches its sorted timeline, which a real batch computes once too.
        fresh = [c.__class__(c.case_id, c.child, c.events, c.team, c.district) for c in cases]
        gc.collect()
        t0 = time.perf_counter()
        count = 0
        for case in fresh:
            count += len(deadlines(case, AS_OF))
        best = min(best, time.perf_counter() - t0)
    return {
        "cases": n,
        "deadlines": count,
        "seconds": round(best, 4),
        "cases_per_s": round(n / best),
        "us_per_case": round(best / n * 1e6, 2),
    }


def run_audit(n: int) -> dict[str, float]:
    """The audit (which computes the deadlines itself) over ``n`` cases, in the same run."""
    from boernesag.audit import audit_case

    caseload = demo_caseload(n_cases=n, seed=7)
    gc.collect()
    t0 = time.perf_counter()
    findings = sum(len(audit_case(c, AS_OF).findings) for c in caseload.cases)
    dt = time.perf_counter() - t0
    return {"cases": n, "findings": findings, "seconds": round(dt, 3), "cases_per_s": round(n / dt)}


def peak_memory_streamed(n: int) -> float:
    """Peak memory with the cases in memory and the deadlines streamed (counted, not kept)."""
    from boernesag.deadlines import caseload_deadlines

    tracemalloc.start()
    caseload = demo_caseload(n_cases=n, seed=7)
    total = sum(1 for _ in caseload_deadlines(caseload, AS_OF))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del total
    return round(peak / 2**20, 1)


def peak_memory(n: int) -> float:
    tracemalloc.start()
    caseload = demo_caseload(n_cases=n, seed=7)
    total = 0
    for case in caseload.cases:
        total += len(deadlines(case, AS_OF))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def parallel(n: int, workers: int) -> dict[str, float] | None:
    try:
        from boernesag.batch import parallel_deadlines
    except ImportError:
        return None
    caseload = demo_caseload(n_cases=n, seed=7)
    t0 = time.perf_counter()
    count = sum(1 for _ in parallel_deadlines(caseload.cases, AS_OF, workers=workers))
    dt = time.perf_counter() - t0
    return {
        "cases": n,
        "workers": workers,
        "deadlines": count,
        "seconds": round(dt, 3),
        "cases_per_s": round(n / dt),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="include the 100k run")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.full else [])
    rows = [run_size(n, repeat=3 if n <= 10_000 else 1) for n in sizes]
    print(f"{'cases':>8} {'deadlines':>10} {'seconds':>8} {'cases/s':>9} {'µs/case':>8}")
    for r in rows:
        print(
            f"{r['cases']:>8} {r['deadlines']:>10} {r['seconds']:>8} {r['cases_per_s']:>9} {r['us_per_case']:>8}"
        )
    per_case = [r["us_per_case"] for r in rows]
    linear = max(per_case) / min(per_case)
    print(f"linearity: slowest/fastest µs per case = {linear:.2f} (1.0 = perfectly linear)")
    mem_n = sizes[-1]
    mem = peak_memory(mem_n)
    print(f"peak memory for {mem_n} cases (cases + all deadlines kept, tracemalloc): {mem} MiB")
    streamed = peak_memory_streamed(mem_n)
    print(f"peak memory for {mem_n} cases (cases kept, deadlines streamed): {streamed} MiB")
    audits = [run_audit(n) for n in sizes]
    for a in audits:
        print(
            f"audit: {a['cases']} cases, {a['findings']} findings, {a['seconds']} s, {a['cases_per_s']} cases/s"
        )
    par = parallel(min(sizes[-1], 10_000), 2)  # results travel back by pickle: 10k is plenty
    if par:
        print(f"parallel, 2 workers: {par['cases_per_s']} cases/s over {par['cases']} cases")
    result = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "as_of": AS_OF.isoformat(),
        "sizes": rows,
        "linearity": round(linear, 3),
        "peak_memory_mib": {"cases": mem_n, "mib": mem, "streamed_mib": streamed},
        "audit": audits,
        "parallel": par,
        "target_cases_per_s": 50_000,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "deadlines.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
