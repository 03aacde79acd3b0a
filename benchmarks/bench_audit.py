"""Benchmark: the case audit over the demo caseload at 1k, 10k (and 100k) cases.

In the same run and on the same cases it times

- the deadline part: the deadline engine alone (:func:`boernesag.deadlines.deadlines`);
- the audit part: every check on deadlines computed beforehand
  (:func:`boernesag.audit.audit_case` with ``computed=``, timelines already sorted), i.e.
  the audit's own work;
- the whole audit of each case (:func:`boernesag.audit.audit_case`, which computes the
  deadlines itself and runs every check on them), about the sum of the two;
- the caseload report (:func:`boernesag.audit.audit_caseload`, which also aggregates per
  check, team and caseworker), in one process and with ``workers=2``.

Times are the best of a few passes; each pass gets fresh copies of the cases (a case caches
its sorted timeline), generated first and not timed. A last run streams the cases from the
generator into the report with ``keep_cases=False`` and records the process's peak memory.

    python benchmarks/bench_audit.py            # 1k and 10k
    python benchmarks/bench_audit.py --full     # also 100k (a few minutes)

Writes ``benchmarks/results/audit.json``. The machine is shared with other work while the
library is developed: compare figures of one run with each other, not across runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from boernesag.audit import audit_case, audit_caseload
from boernesag.deadlines import Deadline, deadlines
from boernesag.demo import iter_demo_cases
from boernesag.model import Case

AS_OF = date(2025, 6, 30)
SEED = 7
RESULTS = Path(__file__).parent / "results"


def _fresh(cases: Sequence[Case]) -> list[Case]:
    return [Case(c.case_id, c.child, c.events, c.team, c.district) for c in cases]


def _best(
    cases: Sequence[Case],
    work: Callable[[list[Case]], int],
    repeat: int,
    prepare: Callable[[list[Case]], object] | None = None,
) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        fresh = _fresh(cases)
        if prepare is not None:
            prepare(fresh)
        gc.collect()
        t0 = time.perf_counter()
        count = work(fresh)
        best = min(best, time.perf_counter() - t0)
    return best, count


def _warm(cases: list[Case]) -> None:
    """Sort each timeline and collect the measures: the deadline part has done that."""
    for c in cases:
        _ = c.timeline, c.measures


def _audit_part(computed: list[list[Deadline]]) -> Callable[[list[Case]], int]:
    """The checks alone, on each case's deadlines computed beforehand."""

    def work(cases: list[Case]) -> int:
        return sum(
            len(audit_case(c, AS_OF, computed=found).findings)
            for c, found in zip(cases, computed, strict=True)
        )

    return work


def run_size(n: int, repeat: int, workers: int) -> dict[str, Any]:
    cases = list(iter_demo_cases(n, SEED, as_of=AS_OF))
    computed = [deadlines(c, AS_OF) for c in cases]
    t_deadlines, n_deadlines = _best(
        cases, lambda cs: sum(len(deadlines(c, AS_OF)) for c in cs), repeat
    )
    t_part, n_findings = _best(cases, _audit_part(computed), repeat, _warm)
    t_audit, _ = _best(
        cases, lambda cs: sum(len(audit_case(c, AS_OF).findings) for c in cs), repeat
    )
    t_report, _ = _best(
        cases, lambda cs: audit_caseload(cs, AS_OF, keep_cases=False).n_findings, repeat
    )
    t_parallel, n_parallel = _best(
        cases,
        lambda cs: audit_caseload(cs, AS_OF, keep_cases=False, workers=workers).n_findings,
        repeat,
    )
    assert n_parallel == n_findings, "the parallel report must find what the serial one finds"
    return {
        "cases": n,
        "deadlines": n_deadlines,
        "findings": n_findings,
        "deadlines_seconds": round(t_deadlines, 3),
        "audit_part_seconds": round(t_part, 3),
        "audit_seconds": round(t_audit, 3),
        "report_seconds": round(t_report, 3),
        "report_workers": workers,
        "report_parallel_seconds": round(t_parallel, 3),
        "deadlines_cases_per_s": round(n / t_deadlines),
        "audit_part_cases_per_s": round(n / t_part),
        "audit_cases_per_s": round(n / t_audit),
        "report_cases_per_s": round(n / t_report),
        "report_parallel_cases_per_s": round(n / t_parallel),
        "deadlines_us_per_case": round(t_deadlines / n * 1e6, 1),
        "audit_part_us_per_case": round(t_part / n * 1e6, 1),
        "audit_us_per_case": round(t_audit / n * 1e6, 1),
        "audit_part_share": round(t_part / (t_part + t_deadlines), 3),
        "audit_over_deadlines": round(t_audit / t_deadlines, 2),
    }


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def streamed(n: int) -> dict[str, Any]:
    """Generate and audit ``n`` cases in one stream, keeping only the counts and 100 worst."""
    t0 = time.perf_counter()
    report = audit_caseload(iter_demo_cases(n, SEED, as_of=AS_OF), AS_OF, keep_cases=False)
    seconds = time.perf_counter() - t0
    return {
        "cases": report.n_cases,
        "findings": report.n_findings,
        "seconds_including_generation": round(seconds, 2),
        "peak_rss_mib": _peak_rss_mib(),
        "pct_met": {c.check_id: c.pct_met for c in report.checks},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--full", action="store_true", help="include the 100k run")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel report")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.full else [])
    rows = [run_size(n, 3 if n <= 10_000 else 1, args.workers) for n in sizes]
    print(
        f"{'cases':>8} {'findings':>9} {'deadl. s':>9} {'audit part s':>13} {'audit s':>8} "
        f"{'report s':>9} {f'report {args.workers}w s':>11}"
    )
    for r in rows:
        print(
            f"{r['cases']:>8} {r['findings']:>9} {r['deadlines_seconds']:>9} "
            f"{r['audit_part_seconds']:>13} {r['audit_seconds']:>8} {r['report_seconds']:>9} "
            f"{r['report_parallel_seconds']:>11}"
        )
    print(
        f"{'cases':>8} {'deadl. c/s':>11} {'audit part c/s':>15} {'audit c/s':>10} "
        f"{'report c/s':>11} {f'report {args.workers}w c/s':>14} {'audit share':>12}"
    )
    for r in rows:
        print(
            f"{r['cases']:>8} {r['deadlines_cases_per_s']:>11} {r['audit_part_cases_per_s']:>15} "
            f"{r['audit_cases_per_s']:>10} {r['report_cases_per_s']:>11} "
            f"{r['report_parallel_cases_per_s']:>14} {r['audit_part_share']:>12}"
        )
    per_case = [r["audit_us_per_case"] for r in rows]
    linear = max(per_case) / min(per_case)
    print(f"linearity: slowest/fastest µs per case = {linear:.2f} (1.0 = perfectly linear)")
    stream = streamed(sizes[-1])
    print(
        f"streamed {stream['cases']} cases (generated and audited, keep_cases=False): "
        f"{stream['seconds_including_generation']} s, peak RSS {stream['peak_rss_mib']} MiB"
    )
    result = {
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "as_of": AS_OF.isoformat(),
        "seed": SEED,
        "sizes": rows,
        "linearity": round(linear, 3),
        "streamed": stream,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "audit.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
