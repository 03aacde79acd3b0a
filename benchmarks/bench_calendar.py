"""Benchmark: add N working days to many random dates, 2000-2040, five ways.

Run ``python benchmarks/bench_calendar.py`` (or ``--quick``). The methods:

* boernesag scalar: ``Calendar.add_working_days`` (and the module-level function);
* the naive baseline: step day by day over ``holidays.Denmark``, checking the weekday and
  ``day in holidays``;
* workalendar's ``Denmark().add_working_days``, corrected to the same rules (workalendar 17
  still closes Store Bededag after 2023 and closes 24 December, which Danish law does not);
* ``numpy.busday_offset`` with the same holidays (``roll="backward"``: for ``n > 0`` this is
  "the n-th working day strictly after the date" also from a closed day, as in boernesag);
* boernesag vectorized: ``Calendar.add_working_days_array``.

All methods are first checked to give the same answers on the sample. Times are the best of
several rounds (``time.perf_counter``), each round running every method once. Results go
to ``benchmarks/results/calendar.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "calendar.json"
FIRST, LAST = date(2000, 1, 1), date(2040, 12, 31)


def _import_calendar() -> Any:
    try:
        import boernesag.calendar as calendar
    except ModuleNotFoundError as exc:  # not installed: use the source tree
        if exc.name != "boernesag":
            raise
        sys.path.insert(0, str(ROOT / "src"))
        import boernesag.calendar as calendar
    return calendar


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def best_of(repeats: int, job: Callable[[], object]) -> float:
    """The fastest of ``repeats`` runs of ``job``, in seconds, with the garbage collector
    off during each run (as :mod:`timeit` does)."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            job()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def danish_holidays() -> Any:
    """``holidays.Denmark`` for the sample's years (and a margin), built once, outside timings."""
    import holidays

    return holidays.Denmark(years=range(FIRST.year - 1, LAST.year + 3))


def plain_loop(days: list[date], n: int, table: Any) -> list[date]:
    """The naive baseline: step day by day, checking the weekday and ``day in table``."""
    one = timedelta(days=1)
    out = []
    for day in days:
        left = n
        while left:
            day += one
            if day.weekday() < 5 and day not in table:
                left -= 1
        out.append(day)
    return out


def workalendar_denmark() -> Any | None:
    """workalendar's Denmark with Danish law's rules from 2024, or ``None`` if not installed."""
    try:
        from workalendar.europe import Denmark
    except ImportError:
        return None

    class DenmarkFrom2024(Denmark):  # type: ignore[misc]
        # 24 December is not a public holiday (law digest rule 4).
        include_christmas_eve = False

        def get_variable_days(self, year: int) -> list[tuple[date, str]]:
            days: list[tuple[date, str]] = super().get_variable_days(year)
            if year >= 2024:  # Store Bededag abolished (lov nr. 214 af 06/03/2023)
                days = [(d, name) for d, name in days if name != "Store Bededag"]
            return days

    return DenmarkFrom2024()


def run_job(n: int, days: list[date], slow_size: int, repeats: int) -> dict[str, Any]:
    """Check that every method agrees on adding ``n`` working days to ``days``, then time them.

    The slow methods (plain loop, workalendar) run on the first ``slow_size`` days only.
    """
    calendar = _import_calendar()
    cal = calendar.Calendar()
    table = danish_holidays()
    slow_days = days[:slow_size]
    expected = [cal.add_working_days(d, n) for d in days]
    results: dict[str, dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    jobs: list[tuple[str, int, Callable[[], object]]] = []

    def record(name: str, calls: int, job: Callable[[], object]) -> None:
        jobs.append((name, calls, job))

    # correctness first: every method must give the same answers on the sample
    assert plain_loop(slow_days, n, table) == expected[:slow_size], "plain loop disagrees"
    work = workalendar_denmark()
    if work is None:
        skipped["workalendar"] = "workalendar is not installed"
    else:
        wanted = expected[:slow_size]
        assert [work.add_working_days(d, n) for d in slow_days] == wanted, "workalendar disagrees"
    try:
        import numpy as np
    except ImportError:
        np = None
        skipped["numpy"] = "numpy is not installed: busday_offset and vectorized skipped"
    if np is not None:
        busdaycal = np.busdaycalendar(
            weekmask="1111100", holidays=np.array(sorted(table), dtype="datetime64[D]")
        )
        array = np.array(days, dtype="datetime64[D]")
        want = np.array(expected, dtype="datetime64[D]")
        busday = np.busday_offset(array, n, roll="backward", busdaycal=busdaycal)
        assert (busday == want).all(), "numpy.busday_offset disagrees"
        assert (cal.add_working_days_array(array, n) == want).all(), "vectorized disagrees"

    add = cal.add_working_days
    record("boernesag scalar", len(days), lambda: [add(d, n) for d in days])
    module_add = calendar.add_working_days
    record("boernesag module function", len(days), lambda: [module_add(d, n) for d in days])
    record("plain loop over holidays", slow_size, lambda: plain_loop(slow_days, n, table))
    if work is not None:
        wadd = work.add_working_days
        record("workalendar Denmark", slow_size, lambda: [wadd(d, n) for d in slow_days])
    if np is not None:
        record(
            "numpy.busday_offset",
            len(days),
            lambda: np.busday_offset(array, n, roll="backward", busdaycal=busdaycal),
        )
        record("boernesag vectorized", len(days), lambda: cal.add_working_days_array(array, n))

    # The repeats are interleaved (every method once per round), so a busy spell on a shared
    # machine slows all methods alike instead of one of them.
    best = {name: float("inf") for name, _, _ in jobs}
    for _ in range(repeats):
        for name, _, job in jobs:
            best[name] = min(best[name], best_of(1, job))
    for name, calls, _ in jobs:
        results[name] = {"calls": calls, "seconds": best[name], "calls_per_s": calls / best[name]}

    baseline = results["plain loop over holidays"]["calls_per_s"]
    for row in results.values():
        row["ratio_to_plain_loop"] = row["calls_per_s"] / baseline
    job: dict[str, Any] = {"n": n, "results": results, "skipped": skipped}
    if "boernesag vectorized" in results:
        job["vectorized_over_busday_offset"] = (
            results["boernesag vectorized"]["calls_per_s"]
            / results["numpy.busday_offset"]["calls_per_s"]
        )
    return job


def print_job(job: dict[str, Any], repeats: int) -> None:
    print(
        f"\nadd {job['n']} working days to random dates {FIRST.year}-{LAST.year}, best of {repeats}"
    )
    print(f"{'method':<28} {'calls':>8} {'calls/s':>14} {'× plain loop':>13}")
    for name, row in job["results"].items():
        print(
            f"{name:<28} {row['calls']:>8} {row['calls_per_s']:>14,.0f} "
            f"{row['ratio_to_plain_loop']:>13.1f}"
        )
    if "vectorized_over_busday_offset" in job:
        print(f"vectorized / numpy.busday_offset: {job['vectorized_over_busday_offset']:.2f}×")
    for name, reason in job["skipped"].items():
        print(f"skipped {name}: {reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sample, fewer repeats")
    parser.add_argument(
        "-n",
        type=int,
        nargs="+",
        default=[6, 20],
        help="working days to add, one job each (default: 6 20; 6 hverdage is BL § 137)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if min(args.n) <= 0:
        parser.error("-n must be positive (numpy.busday_offset's roll differs by sign)")
    size, slow_size, repeats = (20_000, 2_000, 3) if args.quick else (300_000, 20_000, 7)

    calendar = _import_calendar()
    start = time.perf_counter()
    calendar.Calendar().is_working_day(FIRST)  # the first index also imports holidays
    build_seconds = time.perf_counter() - start
    print(f"index build on first use: {build_seconds * 1000:.0f} ms")

    rng = random.Random(20240322)
    span = (LAST - FIRST).days
    days = [FIRST + timedelta(days=rng.randrange(span + 1)) for _ in range(size)]
    jobs = []
    for n in args.n:
        jobs.append(run_job(n, days, slow_size, repeats))
        print_job(jobs[-1], repeats)

    summary = {
        "job": f"add n working days to {size} random dates {FIRST.year}-{LAST.year}",
        "quick": args.quick,
        "repeats": repeats,
        "index_build_seconds": build_seconds,
        "jobs": jobs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "versions": {p: _version(p) for p in ("boernesag", "holidays", "numpy", "workalendar")},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
