"""Benchmark: allocate 1,000 new cases over 200 caseworkers (target: under a second, one core).

Generates synthetic demo cases, strips their caseworker (so they are "new"), and runs both the
greedy and the optimal solver in the same run. Writes ``benchmarks/results/allocation.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from boernesag.allocation import Policy, allocate
from boernesag.demo import DEMO_AS_OF, demo_caseworkers, iter_demo_cases
from boernesag.model import Caseload

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    workers, teams = demo_caseworkers(200, seed=5)
    # Room for the new cases: 200 caseworkers with ~25 points each, starting empty.
    cases = list(iter_demo_cases(1000, seed=5, caseworkers=workers))
    caseload = Caseload(cases=(), caseworkers=workers, teams=teams)
    rows = {}
    for solver in ("greedy", "optimal"):
        if solver == "optimal":
            import scipy  # noqa: F401  (import time is not the solver's)
        best = float("inf")
        result = None
        for _ in range(3):
            t0 = time.perf_counter()
            result = allocate(cases, caseload, Policy(), as_of=DEMO_AS_OF, solver=solver)
            best = min(best, time.perf_counter() - t0)
        assert result is not None
        ratios = [
            result.load_after[w] / result.capacity[w]
            for w in result.load_after
            if result.capacity[w]
        ]
        rows[solver] = {
            "seconds": round(best, 3),
            "assigned": len(result.assignments),
            "unassigned": len(result.unassigned),
            "solver_used": result.solver,
            "load_spread": round(max(ratios) - min(ratios), 3),
        }
        print(
            f"{solver:8} {best:6.3f} s  assigned {len(result.assignments)}  unassigned {len(result.unassigned)}  spread {rows[solver]['load_spread']}  ({result.solver})"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "allocation.json").write_text(
        json.dumps(
            {"cases": 1000, "caseworkers": 200, "target_seconds": 1.0, "solvers": rows}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
