"""Benchmark: allocate 1,000 new cases over 200 caseworkers (target: under a second, one core).

The cases and caseworkers come from the demo generator (:mod:`boernesag.demo`); the new cases
have their ``sagsbehandler_tildelt`` events removed, so nobody holds them yet. Two scenarios:

- ``empty``: 200 caseworkers with no cases yet;
- ``busy``: the same caseworkers already holding 3,000 open demo cases (their load counts).

Each scenario runs under the default policy and a load-only policy (hard competences, equal
load), with both solvers, best of three, on one core (BLAS threads pinned to 1), each time on
fresh case objects. The time includes everything ``allocate`` does: loads, weights, facts,
scoring, solving, explanations and the load report. Prints a table and writes ``benchmarks/results/allocation.json``.

Run: ``PYTHONPATH=src python benchmarks/bench_allocation.py``
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import attrs  # noqa: E402

from boernesag.allocation import Policy, Principle, allocate  # noqa: E402
from boernesag.demo import DEMO_AS_OF, demo_caseworkers, iter_demo_cases  # noqa: E402
from boernesag.model import Case, Caseload, EventType  # noqa: E402

RESULTS = Path(__file__).parent / "results"
N_CASES = 1000
N_WORKERS = 200
N_EXISTING = 3000
REPEATS = 3
TARGET_SECONDS = 1.0


def _new(case: Case) -> Case:
    """The case without its caseworker: a new case to allocate."""
    events = [e for e in case.events if e.type != EventType.SAGSBEHANDLER_TILDELT]
    return attrs.evolve(case, case_id="NY-" + case.case_id, events=events)


def _fresh(caseload: Caseload) -> Caseload:
    """The caseload with new case objects (nothing cached from an earlier run)."""
    return attrs.evolve(caseload, cases=tuple(attrs.evolve(c) for c in caseload.cases))


def main() -> None:
    import numpy
    import scipy
    import scipy.optimize  # (import time is not the solver's)

    workers, teams = demo_caseworkers(N_WORKERS, seed=5)
    new = [_new(c) for c in iter_demo_cases(N_CASES, seed=5, caseworkers=workers)]
    existing = tuple(iter_demo_cases(N_EXISTING, seed=6, caseworkers=workers))
    scenarios = {
        "empty": Caseload(cases=tuple(new), caseworkers=workers, teams=teams),
        "busy": Caseload(cases=existing + tuple(new), caseworkers=workers, teams=teams),
    }
    policies = {
        "default": Policy(),
        "load-only": Policy(
            principles=(Principle("competence", hard=True), Principle("load", weight=5.0))
        ),
    }
    runs: list[dict[str, Any]] = []
    print(f"{N_CASES} new cases over {N_WORKERS} caseworkers, best of {REPEATS}, one core")
    header = (
        f"{'scenario':9} {'policy':10} {'solver':8} {'seconds':>8} {'placed':>7} {'unplaced':>8}"
    )
    print(header + f" {'spread':>7} {'objective':>10}")
    for scenario, caseload in scenarios.items():
        for pname, policy in policies.items():
            for solver in ("greedy", "optimal"):
                best = float("inf")
                result = None
                for _ in range(REPEATS):
                    # Fresh case objects each time: a case caches its sorted timeline and its
                    # measures, and a real run starts from cases just read from JSON.
                    fresh = _fresh(caseload)
                    batch = [fresh.case(c.case_id) for c in new]
                    t0 = time.perf_counter()
                    result = allocate(batch, fresh, policy, as_of=DEMO_AS_OF, solver=solver)
                    best = min(best, time.perf_counter() - t0)
                assert result is not None
                row = {
                    "scenario": scenario,
                    "policy": pname,
                    "solver": result.solver,
                    "seconds": round(best, 3),
                    "assigned": len(result.assignments),
                    "unassigned": len(result.unassigned),
                    "spread_before": round(result.spread("before"), 3),
                    "spread_after": round(result.spread("after"), 3),
                    "objective": round(result.objective, 2),
                }
                runs.append(row)
                print(
                    f"{scenario:9} {pname:10} {solver:8} {best:8.3f} {row['assigned']:7} "
                    f"{row['unassigned']:8} {row['spread_after']:7.3f} {row['objective']:10.2f}"
                )
    slowest = max(r["seconds"] for r in runs)
    print(f"slowest: {slowest:.3f} s (target {TARGET_SECONDS:.1f} s)")
    RESULTS.mkdir(exist_ok=True)
    data = {
        "job": f"allocate {N_CASES} new cases over {N_WORKERS} caseworkers, best of {REPEATS}",
        "cases": N_CASES,
        "caseworkers": N_WORKERS,
        "existing_cases_busy": N_EXISTING,
        "target_seconds": TARGET_SECONDS,
        "slowest_seconds": slowest,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "runs": runs,
    }
    (RESULTS / "allocation.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
