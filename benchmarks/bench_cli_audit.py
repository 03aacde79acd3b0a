"""Benchmark: ``boernesag audit`` on a demo caseload file, ``--engine scalar`` against
``--engine columnar``.

The demo caseload (``boernesag demo --size N``) is written to a file once; then each command
``boernesag audit FILE --as-of 2025-06-30 --format F [--findings] --engine E`` runs in a
fresh process, and its CPU time (user + system, ``resource.RUSAGE_CHILDREN``) is the figure,
best of ``--repeat``. It includes what a user waits for: the start of Python and the imports,
reading the file, the audit and writing the output (to ``/dev/null``). The outputs of the two
engines are compared byte for byte. The load average (``os.getloadavg``) before and after each
size is recorded: the machine is shared.

    python benchmarks/bench_cli_audit.py                      # 10,000 cases: table, json
    python benchmarks/bench_cli_audit.py --sizes 100 200 500 --formats table json findings

``findings`` stands for ``--format json --findings``. ``table`` is the check table (from the
columns alone); ``json`` the whole report (every case with a finding is audited again by the
scalar audit, for its explanations). Writes ``benchmarks/results/cli_audit.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

AS_OF = "2025-06-30"
RESULTS = Path(__file__).parent / "results"
SRC = Path(__file__).resolve().parent.parent / "src"
FORMATS = {
    "table": ["--format", "table"],
    "json": ["--format", "json"],
    "findings": ["--format", "json", "--findings"],
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    return env


def _cli(args: list[str], out: Path, *, quiet: bool = False) -> float:
    """Run ``boernesag ARGS`` with stdout to ``out``; its CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with out.open("wb") as f:
        subprocess.run(
            [sys.executable, "-m", "boernesag.cli", *args],
            stdout=f,
            stderr=subprocess.DEVNULL if quiet else None,
            check=True,
            env=_env(),
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_size(n: int, formats: list[str], repeat: int, tmp: Path) -> dict[str, Any]:
    caseload = tmp / f"demo-{n}.json"
    _cli(["demo", "--size", str(n), "--output", str(caseload)], tmp / "demo.out", quiet=True)
    load_before = os.getloadavg()
    row: dict[str, Any] = {"cases": n, "formats": {}}
    for name in formats:
        seconds: dict[str, float] = {}
        for engine in ("scalar", "columnar"):
            args = ["audit", str(caseload), "--as-of", AS_OF, *FORMATS[name], "--engine", engine]
            seconds[engine] = min(_cli(args, tmp / f"{engine}.out") for _ in range(repeat))
        same = (tmp / "scalar.out").read_bytes() == (tmp / "columnar.out").read_bytes()
        row["formats"][name] = {
            "scalar_cpu_seconds": round(seconds["scalar"], 3),
            "columnar_cpu_seconds": round(seconds["columnar"], 3),
            "speedup": round(seconds["scalar"] / seconds["columnar"], 2),
            "identical_output": same,
        }
    row["loadavg_before"] = [round(x, 2) for x in load_before]
    row["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--formats", nargs="+", choices=list(FORMATS), default=["table", "json"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            r = run_size(n, args.formats, args.repeat, Path(tmp))
            print(json.dumps(r))
            runs.append(r)
    report = {
        "benchmark": (
            "boernesag audit FILE --as-of 2025-06-30 --engine scalar|columnar: CPU time of the "
            "whole command (Python start, imports, reading the file, audit, output), best of "
            f"{args.repeat}"
        ),
        "as_of": AS_OF,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cores_used": 1,
        "repeat": args.repeat,
        "runs": runs,
    }
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        target = RESULTS / "cli_audit.json"
        target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
