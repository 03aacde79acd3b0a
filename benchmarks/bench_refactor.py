"""Benchmark: the engines of this checkout against a baseline commit, in the same run.

Issue 16 ("Each rule defined once") replaced the per-kind interpreters of both deadline
engines by compiled rule plans; it must not make them slower. This runs the same jobs on the
code of a baseline commit (default: ``74c32f4``, the last commit before the plans) and on this
checkout's ``src``, alternating, each in a fresh child process pinned to one core:

* ``scalar_deadlines``: :func:`boernesag.deadlines.deadlines` on every one of ``--cases``
  demo cases (CPU time per case: the case objects are built first, not timed);
* ``scalar_audit``: :func:`boernesag.audit.audit_case` on the same cases (deadlines included);
* ``national``: the national-scale job of ``bench_national.py`` on ``--national`` demo cases:
  ``EventTable.from_frame`` of the event export, ``deadline_table``, ``audit_table`` (the export
  frame is built once by this process and handed to the children in a pickle, not timed).

Every figure is CPU time of the child process (``time.process_time``), the best of
``--repeat`` runs; the load average is recorded before and after (the machine is shared).

    python benchmarks/bench_refactor.py                     # 2,000 cases, 10,000 national
    python benchmarks/bench_refactor.py --national 100000   # the issue's 100k figure

Writes ``benchmarks/results/refactor.json``; ``report.py`` puts it in RESULTS.rst.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
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

# The job each child runs: reads its arguments from argv, prints one JSON line.
CHILD = r"""
import gc, json, pickle, sys, time
from datetime import date
job, repeat, arg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
AS_OF = date(2025, 6, 30)

def best(fn):
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)

if job in ("scalar_deadlines", "scalar_audit"):
    from boernesag.demo import iter_demo_cases
    cases = list(iter_demo_cases(int(arg), seed=7))
    if job == "scalar_deadlines":
        from boernesag.deadlines import deadlines
        def run():
            for c in cases:
                deadlines(c, AS_OF)
    else:
        from boernesag.audit import audit_case
        def run():
            for c in cases:
                audit_case(c, AS_OF)
    s = best(run)
    print(json.dumps({"cpu_s": s, "per_case_us": s / len(cases) * 1e6, "cases": len(cases)}))
else:
    from boernesag.columnar import EventTable, audit_table, deadline_table
    with open(arg, "rb") as fh:
        export = pickle.load(fh)
    parts = {}
    def run():
        t0 = time.process_time()
        table = EventTable.from_frame(export)
        t1 = time.process_time()
        dt = deadline_table(table, AS_OF)
        t2 = time.process_time()
        audit_table(table, AS_OF, deadlines=dt)
        t3 = time.process_time()
        parts.setdefault("runs", []).append((t1 - t0, t2 - t1, t3 - t2))
    best(run)
    read, dl, au = min(parts["runs"], key=sum)
    print(json.dumps({"from_frame_s": read, "deadline_table_s": dl, "audit_table_s": au,
                      "total_s": read + dl + au, "deadlines_audit_s": dl + au,
                      "cases": len(set(export["case_id"]))}))
"""


def _extract(rev: str, into: Path) -> Path:
    """The ``src`` tree of commit ``rev`` under ``into`` (git archive, no checkout)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _child(src: Path, job: str, repeat: int, arg: str) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(src), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    cmd = [sys.executable, "-c", CHILD, job, str(repeat), arg]
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        cmd = ["taskset", "-c", str(cpu), *cmd] if _has_taskset() else cmd
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _has_taskset() -> bool:
    from shutil import which

    return which("taskset") is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare against")
    parser.add_argument("--cases", type=int, default=2000, help="cases for the scalar jobs")
    parser.add_argument("--national", type=int, default=10_000, help="cases for the national job")
    parser.add_argument("--repeat", type=int, default=3, help="runs per job (best counts)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    sys.path.insert(0, str(ROOT / "src"))
    from boernesag.demo import iter_demo_cases
    from boernesag.frame import cases_to_frame

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base_src = _extract(args.baseline, Path(tmp) / "baseline")
        export = cases_to_frame(iter_demo_cases(args.national, seed=7))
        frame_file = Path(tmp) / "export.pkl"
        with frame_file.open("wb") as fh:
            pickle.dump(export, fh)
        del export
        jobs = [
            ("scalar_deadlines", str(args.cases)),
            ("scalar_audit", str(args.cases)),
            ("national", str(frame_file)),
        ]
        for job, arg in jobs:
            # alternate baseline and current so a change in machine load hits both alike
            base = _child(base_src, job, args.repeat, arg)
            now = _child(ROOT / "src", job, args.repeat, arg)
            key = "per_case_us" if job != "national" else "total_s"
            results[job] = {
                "baseline": base,
                "current": now,
                "current_over_baseline": round(now[key] / base[key], 3),
            }
            print(job, json.dumps(results[job]))
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
        "measure": "CPU time of the child process (time.process_time), best of repeat",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "jobs": results,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "refactor.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
