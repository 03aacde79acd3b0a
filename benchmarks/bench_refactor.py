"""Benchmark: the engines of this checkout against a baseline commit, in the same run.

Issue 16 ("Each rule defined once") replaced the per-kind interpreters of both deadline
engines by compiled rule plans; it must not make them slower. This runs the same jobs on the
code of a baseline commit (default: ``74c32f4``, the last commit before the plans) and on this
checkout's ``src``, alternating per repeat (baseline, current, baseline, current, ...), each
run a fresh child process pinned to one core (``taskset``, when available):

* ``scalar_deadlines``: :func:`boernesag.deadlines.deadlines` on every one of ``--cases``
  demo cases (CPU time per case: the case objects are read first, not timed);
* ``scalar_audit``: :func:`boernesag.audit.audit_case` on the same cases (deadlines included);
* ``national``: the national-scale job of ``bench_national.py`` on ``--national`` demo cases:
  ``EventTable.from_frame`` of the event export, ``deadline_table``, ``audit_table`` (the export
  frame is built once and handed to the children in a pickle, not timed).

The inputs are the BASELINE's demo caseload (``iter_demo_cases(n, seed=7)`` of the baseline
commit), made once by the baseline code and read by both: the demo has since gained event
types (e.g. ``ingen_undersoegelse``) that the baseline cannot read, and comparing each code on
its own demo would compare different caseloads.

Each child warms up on 20 cases (untimed: the rule plans, vocabulary and wiring are read on
first use), then times one run. Every figure is the user CPU time of that run
(``getrusage``; ``cpu_s`` is ``time.process_time``), the best of ``--repeat`` (default 5)
runs of each code; every pair is kept with the load average before it, and the median of the
per-pair ratios beside the ratio of the bests. A change in machine load (the machine is
shared) thus hits both codes alike; the load average is also recorded before and after.

    python benchmarks/bench_refactor.py                     # 2,000 cases, 10,000 national
    python benchmarks/bench_refactor.py --national 100000   # the issue's 100k figure

Writes ``benchmarks/results/refactor.json``; ``report.py`` puts it in RESULTS.rst.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
BASELINE = "74c32f4"

# The job each child runs ONCE: reads its arguments from argv, prints one JSON line. A short
# untimed warm-up first (the rule plans, vocabulary and wiring are read on first use by both
# codes alike), then one timed run; the parent runs a fresh child per repeat.
CHILD = r"""
import gc, json, pickle, resource, sys, time
from datetime import date
job, arg = sys.argv[1], sys.argv[2]
AS_OF = date(2025, 6, 30)

def timed(fn):
    gc.collect()
    u0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    t0 = time.process_time()
    fn()
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime - u0, time.process_time() - t0

if job in ("scalar_deadlines", "scalar_audit"):
    from boernesag.caseio import case_from_mapping
    with open(arg, encoding="utf-8") as fh:
        cases = [case_from_mapping(raw) for raw in json.load(fh)]
    if job == "scalar_deadlines":
        from boernesag.deadlines import deadlines as step
    else:
        from boernesag.audit import audit_case as step
    for c in cases[:20]:
        step(c, AS_OF)
    def run():
        for c in cases:
            step(c, AS_OF)
    user, cpu = timed(run)
    print(json.dumps({"user_s": user, "cpu_s": cpu, "per_case_us": user / len(cases) * 1e6,
                      "cases": len(cases)}))
else:
    from boernesag.columnar import EventTable, audit_table, deadline_table
    with open(arg, "rb") as fh:
        export = pickle.load(fh)
    parts = []
    def run():
        r = resource.getrusage
        t0 = r(resource.RUSAGE_SELF).ru_utime
        table = EventTable.from_frame(export)
        t1 = r(resource.RUSAGE_SELF).ru_utime
        dt = deadline_table(table, AS_OF)
        t2 = r(resource.RUSAGE_SELF).ru_utime
        audit_table(table, AS_OF, deadlines=dt)
        t3 = r(resource.RUSAGE_SELF).ru_utime
        parts.extend((t1 - t0, t2 - t1, t3 - t2))
    user, cpu = timed(run)
    read, dl, au = parts
    print(json.dumps({"from_frame_s": read, "deadline_table_s": dl, "audit_table_s": au,
                      "total_s": read + dl + au, "deadlines_audit_s": dl + au, "cpu_s": cpu,
                      "cases": len(set(export["case_id"]))}))
"""

# The inputs, made once by the BASELINE code (its demo caseload): both codes then read the
# same cases (the demo has since gained event types the baseline does not know).
PREP = r"""
import json, pickle, sys
from boernesag.caseio import case_to_mapping
from boernesag.demo import iter_demo_cases
from boernesag.frame import cases_to_frame
cases_n, national_n, cases_file, frame_file = int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:]
with open(cases_file, "w", encoding="utf-8") as fh:
    json.dump([case_to_mapping(c) for c in iter_demo_cases(cases_n, seed=7)], fh, default=str)
with open(frame_file, "wb") as fh:
    pickle.dump(cases_to_frame(iter_demo_cases(national_n, seed=7)), fh)
"""

#: The figure each job is compared by (the lower the better).
KEY = {"scalar_deadlines": "per_case_us", "scalar_audit": "per_case_us", "national": "total_s"}


def _extract(rev: str, into: Path) -> Path:
    """The ``src`` tree of commit ``rev`` under ``into`` (git archive, no checkout)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _child(src: Path, job: str, arg: str, cpu: int | None) -> dict[str, Any]:
    """One timed run of ``job`` on the code in ``src``, in a fresh process (on core ``cpu``)."""
    env = dict(os.environ, PYTHONPATH=str(src), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    cmd = [sys.executable, "-c", CHILD, job, arg]
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu), *cmd]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{job} on {src} failed:\n{done.stderr[-3000:]}")
    out = done.stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _core() -> int | None:
    """The core every child is pinned to (the lowest this process may use), or None when
    ``taskset`` is not available."""
    from shutil import which

    if which("taskset") is None or not hasattr(os, "sched_getaffinity"):
        return None
    return min(os.sched_getaffinity(0))


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _pairs(job: str, arg: str, base_src: Path, repeat: int, cpu: int | None) -> dict[str, Any]:
    """``repeat`` pairs of runs, baseline then current, each a fresh child: a change in machine
    load between pairs hits both codes alike. The best run of each code counts; the pairs (with
    the load average before each) are kept, and the median of the per-pair ratios."""
    key = KEY[job]
    pairs: list[dict[str, Any]] = []
    for _ in range(repeat):
        load = _load()
        base = _child(base_src, job, arg, cpu)
        now = _child(ROOT / "src", job, arg, cpu)
        pairs.append(
            {
                "load_average": load,
                "baseline": round(base[key], 4),
                "current": round(now[key], 4),
                "ratio": round(now[key] / base[key], 3),
                "baseline_run": base,
                "current_run": now,
            }
        )
        print(f"  {job}: baseline {base[key]:.4g} current {now[key]:.4g} load {load}", flush=True)
    best_base = min((p["baseline_run"] for p in pairs), key=lambda r: float(r[key]))
    best_now = min((p["current_run"] for p in pairs), key=lambda r: float(r[key]))
    for p in pairs:
        del p["baseline_run"], p["current_run"]
    ratios = sorted(p["ratio"] for p in pairs)
    return {
        "baseline": best_base,
        "current": best_now,
        "current_over_baseline": round(best_now[key] / best_base[key], 3),
        "median_pair_ratio": ratios[len(ratios) // 2]
        if len(ratios) % 2
        else round((ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2, 3),
        "key": key,
        "pairs": pairs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare against")
    parser.add_argument("--cases", type=int, default=2000, help="cases for the scalar jobs")
    parser.add_argument("--national", type=int, default=10_000, help="cases for the national job")
    parser.add_argument(
        "--jobs",
        default=",".join(KEY),
        help=f"the jobs to run, comma-separated (default: all: {','.join(KEY)})",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="pairs of runs per job (best counts; 5 or more)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS / "refactor.json",
        help="where to write the JSON (default: benchmarks/results/refactor.json)",
    )
    args = parser.parse_args()
    wanted = [j for j in args.jobs.split(",") if j]
    if not wanted or any(j not in KEY for j in wanted):
        parser.error(f"--jobs: choose from {', '.join(KEY)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.repeat < 5:
        print(f"note: --repeat {args.repeat} is a trial run (the figures of record use >= 5)")
    cpu = _core()
    load_before = _load()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base_src = _extract(args.baseline, Path(tmp) / "baseline")
        cases_file, frame_file = Path(tmp) / "cases.json", Path(tmp) / "export.pkl"
        subprocess.run(
            [
                sys.executable,
                "-c",
                PREP,
                str(args.cases),
                str(args.national if "national" in wanted else 1),
                str(cases_file),
                str(frame_file),
            ],
            env=dict(os.environ, PYTHONPATH=str(base_src)),
            check=True,
        )
        jobs = [
            ("scalar_deadlines", str(cases_file)),
            ("scalar_audit", str(cases_file)),
            ("national", str(frame_file)),
        ]
        for job, arg in jobs:
            if job not in wanted:
                continue
            results[job] = _pairs(job, arg, base_src, args.repeat, cpu)
            j = results[job]
            print(job, "best:", j["current_over_baseline"], "median pair:", j["median_pair_ratio"])
    report = {
        "benchmark": "engines of this checkout vs a baseline commit, same run, one core each",
        "baseline": args.baseline,
        "current": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip(),
        "as_of": "2025-06-30",
        "repeat": args.repeat,
        "measure": (
            "user CPU time of the timed run in the child process (getrusage ru_utime; cpu_s is "
            "time.process_time), one timed run per child"
        ),
        "pinned_core": cpu,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load_average_before": load_before,
        "load_average_after": _load(),
        "jobs": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
