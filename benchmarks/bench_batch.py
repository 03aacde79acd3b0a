"""Benchmark: the parallel batch API (boernesag.batch) against the serial engine.

On the demo caseload (10k cases by default), each job once serially in this process and
once over ``--workers`` worker processes (2 by default, the reference machine's cores):

* deadlines as objects: ``deadlines()`` per case vs :func:`parallel_deadlines`;
* the deadlines frame with explanations: ``caseload_deadlines_frame`` vs
  :func:`parallel_deadlines_frame`;
* the audit findings frame: ``findings_to_frame(audit_caseload(...))`` vs
  :func:`parallel_findings_frame`.

Cases are generated first; only the computation is timed (best of ``--repeat``), in wall
time and in CPU time of this process and of the workers, since other processes sharing the
cores distort wall times. The parallel results are checked equal to the serial ones. Writes ``benchmarks/results/batch.json``.

    python benchmarks/bench_batch.py [--cases 10000] [--workers 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from boernesag.audit import audit_caseload
from boernesag.batch import parallel_deadlines, parallel_deadlines_frame, parallel_findings_frame
from boernesag.deadlines import deadlines
from boernesag.demo import demo_caseload
from boernesag.frame import caseload_deadlines_frame, findings_to_frame
from boernesag.model import Case

AS_OF = date(2025, 6, 30)
RESULTS = Path(__file__).parent / "results"


def _fresh(cases: tuple[Case, ...]) -> list[Case]:
    """Copies without the cached timeline, so every run sorts the events itself."""
    return [c.__class__(c.case_id, c.child, c.events, c.team, c.district) for c in cases]


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _best(
    job: Callable[[list[Case]], Any], cases: tuple[Case, ...], repeat: int
) -> tuple[float, float, float, Any]:
    """(wall seconds, parent CPU seconds, workers' CPU seconds, result) of the fastest run."""
    best: tuple[float, float, float] = (float("inf"), 0.0, 0.0)
    result = None
    for _ in range(repeat):
        fresh = _fresh(cases)
        gc.collect()
        cpu0 = _cpu()
        t0 = time.perf_counter()
        result = job(fresh)
        wall = time.perf_counter() - t0
        cpu1 = _cpu()
        if wall < best[0]:
            best = (wall, cpu1[0] - cpu0[0], cpu1[1] - cpu0[1])
    return (*best, result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    n, w = args.cases, args.workers
    cases = demo_caseload(n_cases=n, seed=7).cases

    jobs: dict[str, tuple[Callable[[list[Case]], Any], Callable[[list[Case]], Any]]] = {
        "deadline objects": (
            lambda cs: [d for c in cs for d in deadlines(c, AS_OF)],
            lambda cs: list(parallel_deadlines(cs, AS_OF, workers=w)),
        ),
        "deadlines frame (with explanations)": (
            lambda cs: caseload_deadlines_frame(cs, AS_OF),
            lambda cs: parallel_deadlines_frame(cs, AS_OF, workers=w),
        ),
        "findings frame (audit)": (
            lambda cs: findings_to_frame(audit_caseload(cs, AS_OF)),
            lambda cs: parallel_findings_frame(cs, AS_OF, workers=w),
        ),
    }
    rows = []
    print(f"{n} demo cases, {w} workers, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(
        f"{'job':<38} {'serial s':>9} {'parallel s':>11} {'speed-up':>9} "
        f"{'cpu serial':>11} {'cpu parent':>11} {'cpu workers':>12} {'cpu-bound':>10}"
    )
    for name, (serial, parallel) in jobs.items():
        ts, cs_, _, a = _best(serial, cases, args.repeat)
        tp, cp, cw, b = _best(parallel, cases, args.repeat)
        if hasattr(a, "equals"):
            import pandas as pd

            pd.testing.assert_frame_equal(a, b)
        else:
            assert a == b
        # On an otherwise idle machine the parallel run takes at least the parent's CPU time
        # and at least the whole CPU time spread over the workers' cores.
        bound = cs_ / max(cp, (cp + cw) / w)
        rows.append(
            {
                "job": name,
                "cases": n,
                "workers": w,
                "rows": len(a),
                "serial_s": round(ts, 3),
                "parallel_s": round(tp, 3),
                "speedup": round(ts / tp, 2),
                "serial_cpu_s": round(cs_, 3),
                "parent_cpu_s": round(cp, 3),
                "workers_cpu_s": round(cw, 3),
                "cpu_bound_speedup": round(bound, 2),
            }
        )
        print(
            f"{name:<38} {ts:>9.2f} {tp:>11.2f} {ts / tp:>8.2f}x "
            f"{cs_:>11.2f} {cp:>11.2f} {cw:>12.2f} {bound:>9.2f}x"
        )
    RESULTS.mkdir(exist_ok=True)
    result = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "as_of": AS_OF.isoformat(),
        "load_average": round(os.getloadavg()[0], 2),
        "note": (
            "wall times depend on what else runs on the cores; cpu_bound_speedup = serial CPU "
            "/ max(parent CPU, all CPU / workers), the speed-up on an idle machine at best; "
            "parallel results checked equal to the serial ones"
        ),
        "jobs": rows,
    }
    (RESULTS / "batch.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
