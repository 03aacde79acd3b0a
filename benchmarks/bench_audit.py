"""Benchmark: the case audit over the demo caseload at 1k, 10k (and 100k) cases.

In the same run and on the same cases it times the deadline engine alone, the audit of each
case (:func:`boernesag.audit.audit_case`, which computes the deadlines once and runs every
check on them) and the caseload report (:func:`boernesag.audit.audit_caseload`, which also
aggregates per check, team and caseworker). The audit's overhead over the deadlines is the
ratio of the two. Cases are generated first and not timed; each timed pass gets fresh copies
(a case caches its sorted timeline). A last run streams the cases from the generator into the
report with ``keep_cases=False`` and records the process's peak memory.

    python benchmarks/bench_audit.py            # 1k and 10k
    python benchmarks/bench_audit.py --full     # also 100k (a few minutes)

Writes ``benchmarks/results/audit.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from boernesag.audit import audit_case, audit_caseload
from boernesag.deadlines import deadlines
from boernesag.demo import iter_demo_cases
from boernesag.model import Case

AS_OF = date(2025, 6, 30)
SEED = 7
RESULTS = Path(__file__).parent / "results"


def _fresh(cases: Sequence[Case]) -> list[Case]:
    return [Case(c.case_id, c.child, c.events, c.team, c.district) for c in cases]


def _best(
    cases: Sequence[Case], work: Callable[[list[Case]], int], repeat: int
) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        fresh = _fresh(cases)
        gc.collect()
        t0 = time.perf_counter()
        count = work(fresh)
        best = min(best, time.perf_counter() - t0)
    return best, count


def run_size(n: int, repeat: int) -> dict[str, Any]:
    cases = list(iter_demo_cases(n, SEED, as_of=AS_OF))
    t_deadlines, n_deadlines = _best(
        cases, lambda cs: sum(len(deadlines(c, AS_OF)) for c in cs), repeat
    )
    t_audit, n_findings = _best(
        cases, lambda cs: sum(len(audit_case(c, AS_OF).findings) for c in cs), repeat
    )
    t_report, _ = _best(
        cases, lambda cs: audit_caseload(cs, AS_OF, keep_cases=False).n_findings, repeat
    )
    return {
        "cases": n,
        "deadlines": n_deadlines,
        "findings": n_findings,
        "deadlines_seconds": round(t_deadlines, 3),
        "audit_seconds": round(t_audit, 3),
        "report_seconds": round(t_report, 3),
        "deadlines_cases_per_s": round(n / t_deadlines),
        "audit_cases_per_s": round(n / t_audit),
        "report_cases_per_s": round(n / t_report),
        "audit_us_per_case": round(t_audit / n * 1e6, 1),
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
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.full else [])
    rows = [run_size(n, repeat=3 if n <= 10_000 else 1) for n in sizes]
    head = f"{'cases':>8} {'findings':>9} {'deadl. s':>9} {'audit s':>8} {'report s':>9} {'audit c/s':>10} {'µs/case':>8} {'× deadl.':>8}"
    print(head)
    for r in rows:
        print(
            f"{r['cases']:>8} {r['findings']:>9} {r['deadlines_seconds']:>9} {r['audit_seconds']:>8} "
            f"{r['report_seconds']:>9} {r['audit_cases_per_s']:>10} {r['audit_us_per_case']:>8} "
            f"{r['audit_over_deadlines']:>8}"
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
