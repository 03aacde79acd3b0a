"""Benchmark: the columnar audit (deadline_table + audit_table) at 1k, 10k and 100k demo cases.

The EventTable is built from ``iter_demo_cases`` (generation and table building timed
together, apart from the audit). Then, on one core, ``deadline_table`` and ``audit_table``
(reusing the deadline table) are timed, best of ``--repeat`` (the first run's total is also
given: it pays for cold caches and first imports); the figures are seconds,
cases/s, the number of findings and the scalar fallback per check (cases the scalar audit
ran a check on). The first ``--check`` cases of each size are compared with the scalar
audit (:func:`boernesag.audit.audit_case` on the rebuilt case): statuses and findings must
be equal. Issue #8's target: deadlines and audit of 100k cases in at most 5 s.

    python benchmarks/bench_columnar_audit.py            # 1k and 10k
    python benchmarks/bench_columnar_audit.py --full     # also 100k (generation: minutes)

Writes ``benchmarks/results/columnar_audit.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from boernesag.audit import audit_case
from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.audit import AuditTable, audit_table, record_of_finding
from boernesag.demo import iter_demo_cases

AS_OF = date(2025, 6, 30)
RESULTS = Path(__file__).parent / "results"
TARGET_SECONDS_100K = 5.0


def _agrees(table: EventTable, result: AuditTable, k: int) -> bool:
    """The first ``k`` cases: same statuses and findings as the scalar audit."""
    k = min(k, table.n_cases)
    got = Counter(r for c, r in zip(result.case.tolist(), result.records(), strict=True) if c < k)
    want: Counter[tuple[Any, ...]] = Counter()
    for i in range(k):
        a = audit_case(table.rebuild(i), AS_OF)
        for r in a.results:
            if result.status_of(i, r.check_id) is not r.status:
                return False
            for f in r.findings:
                want[record_of_finding(f)] += 1
    return got == want


def run_size(n: int, *, repeat: int, check: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    table = EventTable.from_cases(iter_demo_cases(n, seed=7))
    build = time.perf_counter() - t0
    best_dl = best_audit = float("inf")
    first: tuple[float, float] | None = None
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        dt = deadline_table(table, AS_OF)
        t1 = time.perf_counter()
        result = audit_table(table, AS_OF, deadlines=dt)
        t2 = time.perf_counter()
        best_dl = min(best_dl, t1 - t0)
        best_audit = min(best_audit, t2 - t1)
        first = first or (t1 - t0, t2 - t1)
    assert result is not None
    assert first is not None
    total = best_dl + best_audit
    summary = result.summary()
    return {
        "cases": n,
        "events": len(table),
        "build_seconds": round(build, 3),
        "deadline_table_seconds": round(best_dl, 4),
        "audit_table_seconds": round(best_audit, 4),
        "total_seconds": round(total, 4),
        "first_run_total_seconds": round(sum(first), 4),
        "cases_per_s": round(n / total),
        "audit_cases_per_s": round(n / best_audit),
        "findings": len(result),
        "by_severity": dict(summary.severities),
        "fallback": dict(result.fallback),
        "fallback_case_checks": result.fallback_cases,
        f"agrees_with_scalar_first_{min(check, n)}": _agrees(table, result, check),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also 100k cases")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", type=int, default=1000, help="cases compared with scalar")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.full else [])
    runs = []
    for n in sizes:
        r = run_size(n, repeat=args.repeat, check=args.check)
        print(json.dumps(r))
        runs.append(r)
    report = {
        "benchmark": "columnar audit: deadline_table + audit_table over the demo caseload",
        "as_of": AS_OF.isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores_used": 1,
        "target_seconds_100k": TARGET_SECONDS_100K,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / "columnar_audit.json"
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
