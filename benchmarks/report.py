"""Write ``benchmarks/RESULTS.rst`` from the JSON files in ``benchmarks/results/``.

Run after the benchmark scripts; the docs include the page, so the figures there are always
the last measured ones, never typed by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
RESULTS = HERE / "results"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = [".. list-table::", "   :header-rows: 1", ""]
    for i, row in enumerate([headers, *rows]):
        for j, cell in enumerate(row):
            out.append(("   * - " if j == 0 else "     - ") + (cell or "–"))
        del i
    return [*out, ""]


def _calendar(data: dict) -> list[str]:  # type: ignore[type-arg]
    lines = [
        "Working days",
        "------------",
        "",
        f"Job: {data['job']}, best of {data['repeats']}.",
        "",
    ]
    for job in data["jobs"]:
        rows = [
            [name, f"{r['calls_per_s'] / 1e6:.2f} M/s", f"{r['ratio_to_plain_loop']:.1f}×"]
            for name, r in job["results"].items()
        ]
        lines += [f"n = {job['n']} working days:", ""]
        lines += _table(["method", "calls per second", "× plain loop"], rows)
        ratio = job.get("vectorized_over_busday_offset")
        if ratio:
            lines += [f"Vectorized boernesag / ``numpy.busday_offset``: {ratio:.2f}×.", ""]
    return lines


def _deadlines(data: dict) -> list[str]:  # type: ignore[type-arg]
    lines = ["Deadlines", "---------", ""]
    rows = [
        [
            f"{r['cases']:,}",
            f"{r['deadlines']:,}",
            f"{r['seconds']:.2f}",
            f"{r['cases_per_s']:,}",
            f"{r['us_per_case']}",
        ]
        for r in data["sizes"]
    ]
    lines += _table(["cases", "deadlines", "seconds", "cases/s (one core)", "µs per case"], rows)
    lines += [
        f"Linearity (slowest / fastest time per case): {data['linearity']}. "
        f"Peak memory for {data['peak_memory_mib']['cases']:,} cases and their deadlines: "
        f"{data['peak_memory_mib']['mib']} MiB. Target: {data['target_cases_per_s']:,} cases/s.",
        "",
    ]
    if data["peak_memory_mib"].get("streamed_mib") is not None:
        lines += [
            f"With the deadlines streamed instead of kept: {data['peak_memory_mib']['streamed_mib']} MiB.",
            "",
        ]
    if data.get("audit"):
        rows = [
            [
                f"{a['cases']:,}",
                f"{a['findings']:,}",
                f"{a['seconds']:.2f}",
                f"{a['cases_per_s']:,}",
            ]
            for a in data["audit"]
        ]
        lines += ["Audit in the same run (it computes the deadlines itself):", ""]
        lines += _table(["cases", "findings", "seconds", "cases/s (one core)"], rows)
    if data.get("parallel"):
        p = data["parallel"]
        lines += [
            f"Parallel batch API, {p['workers']} workers: {p['cases_per_s']:,} cases/s over {p['cases']:,} cases.",
            "",
        ]
    return lines


def _allocation(data: dict) -> list[str]:  # type: ignore[type-arg]
    lines = [
        "Allocation",
        "----------",
        "",
        f"Job: {data['job']}, one core; target {data['target_seconds']} s.",
        "",
    ]
    rows = [
        [
            r["scenario"],
            r["policy"],
            r["solver"],
            f"{r['seconds']:.3f}",
            str(r["assigned"]),
            str(r["unassigned"]),
            f"{r['spread_after']:.3f}",
            f"{r['objective']:.2f}",
        ]
        for r in data["runs"]
    ]
    lines += _table(
        [
            "caseworkers",
            "policy",
            "solver",
            "seconds",
            "placed",
            "not placed",
            "spread after",
            "objective",
        ],
        rows,
    )
    lines += [
        f"Slowest: {data['slowest_seconds']} s. ``busy``: the caseworkers already hold {data['existing_cases_busy']:,} cases.",
        "",
    ]
    compared = data.get("greedy_vs_mip")
    if compared:
        lines += [
            "Greedy against the exact MIP (scipy's HiGHS ``milp``), time limit "
            f"{data['time_limit_seconds']} s per instance. The objective is one definition "
            "for every solver: the number of cases placed first, then the score. ``gap``: how "
            "far below the MIP's proven bound the returned placement can be (0: proven "
            "optimal); ``won``: whose placement was returned when the optimal solver was asked "
            "for (``greedy`` when the MIP, stopped at its time limit, scored below greedy).",
            "",
        ]
        lines += _table(
            ["cases × caseworkers", "scenario", "asked", "won", "seconds", "placed", "objective", "gap"],
            [
                [
                    f"{r['cases']} × {r['caseworkers']}",
                    r["scenario"],
                    r["requested"],
                    r["solver"],
                    f"{r['seconds']:.2f}",
                    str(r["placed"]),
                    f"{r['objective']:.3f}",
                    "" if r["gap"] is None else f"{100 * r['gap']:.3g} %",
                ]
                for r in compared
            ],
        )
        lines += [f"Whole benchmark run: {data['benchmark_seconds']} s.", ""]
    return lines


def _columnar(data: dict) -> list[str]:  # type: ignore[type-arg]
    lines = ["Deadlines, columnar engine", "--------------------------", ""]
    lines += [
        "``boernesag.columnar.deadline_table`` over the same demo caseloads (one core). The table "
        "is built first and timed apart; the results are checked equal to the scalar engine's.",
        "",
    ]
    rows = [
        [
            f"{r['cases']:,}",
            f"{r['deadlines']:,}",
            f"{r['seconds']:.3f}",
            f"{r['cases_per_s']:,}",
            f"{r['us_per_case']}",
            f"{r.get('build_cases_per_s', 0):,}",
            f"{r.get('peak_mb', r.get('max_rss_mb', ''))}",
        ]
        for r in data["runs"]
    ]
    lines += _table(
        [
            "cases",
            "deadlines",
            "seconds",
            "cases/s (one core)",
            "µs per case",
            "table build, cases/s",
            "peak MB",
        ],
        rows,
    )
    lines += [f"Target: {data['target_cases_per_s']:,} cases/s.", ""]
    for key, value in data.items():
        if key.startswith("build_") and isinstance(value, dict) and "cases_per_s" in value:
            label = key.removeprefix("build_").replace("_", " ")
            lines += [f"Table build ({label}): {value['cases_per_s']:,} cases/s.", ""]
    return lines


def _batch(data: dict) -> list[str]:  # type: ignore[type-arg]
    lines = ["Parallel batch", "--------------", ""]
    lines += [
        f"{data.get('cpus', '?')} cores; load average during the run: "
        f"{data.get('load_average', '?')}. {data.get('note', '')}",
        "",
    ]
    rows = [
        [
            j["job"],
            f"{j['cases']:,}",
            str(j["workers"]),
            f"{j['serial_s']:.2f}",
            f"{j['parallel_s']:.2f}",
            f"{j['speedup']:.2f}×",
            f"{j['cpu_bound_speedup']:.2f}×",
        ]
        for j in data["jobs"]
    ]
    lines += _table(
        ["job", "cases", "workers", "serial s", "parallel s", "speed-up", "CPU-bound speed-up"],
        rows,
    )
    return lines


def _national(data: dict) -> list[str]:  # type: ignore[type-arg]
    lines = ["National scale, end to end", "--------------------------", ""]
    lines += [
        "The job of issue #8 on one core: the case system's export (one row per event) read "
        "with ``EventTable.from_frame``, every deadline (``deadline_table``) and the case audit "
        "(``audit_table``). Peak memory (tracemalloc, a separate run) of reading the export, and "
        "of the deadlines and audit with the table held; the export frame itself is the "
        "caller's. Checked against the scalar engine and audit on the first cases.",
        "",
    ]
    rows = [
        [
            f"{r['cases']:,}",
            f"{r['export_rows']:,}",
            f"{r['from_frame_s']:.2f}",
            f"{r['deadline_table_s']:.2f}",
            f"{r['audit_table_s']:.2f}",
            f"{r['total_s']:.2f}",
            f"{r.get('peak_read_mb', r['peak_traced_mb'])} / "
            f"{r.get('peak_deadlines_audit_mb', r['peak_traced_mb'])}",
            "yes" if r["agrees_with_scalar_first_cases"] else "NO",
        ]
        for r in data["runs"]
    ]
    lines += _table(
        [
            "cases",
            "export rows",
            "read s",
            "deadlines s",
            "audit s",
            "total s",
            "peak MB: read / deadlines + audit",
            "equal to scalar",
        ],
        rows,
    )
    lines += [
        f"Target: {data['target_seconds_100k']} s for 100,000 cases on the 2-core machine, "
        f"≤ 1 GB. Peak RSS of the whole benchmark process: {data.get('max_rss_mb', '?')} MB.",
        "",
    ]
    return lines


def _case_size(data: dict) -> list[str]:  # type: ignore[type-arg]
    """One case of n mixed events (``bench_case_size.py``): linear cost shows as a flat
    cost per event."""
    steps = [
        ("deadlines", "deadlines()"),
        ("audit", "audit_case()"),
        ("table", "EventTable.from_cases"),
        ("deadline_table", "deadline_table"),
        ("audit_table", "audit_table"),
        ("sagsliste", "sagsliste"),
    ]
    lines = [
        "One large case",
        "--------------",
        "",
        f"One synthetic case of n mixed events (seed {data['seed']}, as_of {data['as_of']}), "
        f"{data['clock']}; µs per event in brackets. The case is built beforehand. "
        "``audit_case()`` computes the deadlines itself; ``deadline_table`` and "
        "``audit_table`` run on the table that ``EventTable.from_cases`` built (not "
        "included), ``audit_table`` computing its deadline table; the sagsliste includes the "
        "case's deadlines and audit. Load average (1 min) of the shared machine before / after "
        "each size.",
        "",
    ]
    rows = []
    for size in data["sizes"]:
        cells = [f"{size['events']:,} ({size['repeat']}×)"]
        for key, _ in steps:
            cells.append(
                f"{size[key + '_cpu_seconds']:.2f} s ({size[key + '_us_per_event']:.1f})"
            )
        before, after = size["loadavg_before"][0], size["loadavg_after"][0]
        cells.append(f"{before:.1f} / {after:.1f}")
        rows.append(cells)
    lines += _table(["events (passes)", *[t for _, t in steps], "load"], rows)
    return lines


def _generic(name: str, data: dict) -> list[str]:  # type: ignore[type-arg]
    title = name.capitalize()
    return (
        [title, "-" * len(title), "", ".. code-block:: json", ""]
        + ["   " + ln for ln in json.dumps(data, indent=2, ensure_ascii=False).splitlines()]
        + [""]
    )


def _refactor(data: dict) -> list[str]:  # type: ignore[type-arg]
    jobs = data["jobs"]
    paired = any("pairs" in j for j in jobs.values())
    how = (
        "alternating per repeat (baseline, current, baseline, current, ...), each run a fresh "
        "child process"
        if paired
        else "alternating, each in a fresh child process"
    )
    lines = [
        "Rule plans against the code before them",
        "---------------------------------------",
        "",
        f"The engines of commit {data['current']} against the baseline {data['baseline']} (the "
        f"per-kind interpreters, before issue 16), measured in the same run, {how} pinned to "
        f"one core: {data['measure']}, best of {data['repeat']}. Load average before "
        f"{data['load_average_before']}, after {data['load_average_after']}.",
        "",
    ]
    rows = []

    def extra(j: dict) -> list[str]:  # type: ignore[type-arg]
        if not paired:
            return []
        pairs = j.get("pairs", [])
        loads = [p["load_average"][0] for p in pairs]
        load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else ""
        return [f"{j['median_pair_ratio']:.2f}" if "median_pair_ratio" in j else "", load]

    for name, what in (
        ("scalar_deadlines", "deadlines() per case (the cases are read first, not timed)"),
        ("scalar_audit", "audit_case() per case, deadlines included"),
    ):
        if name in jobs:
            j = jobs[name]
            rows.append(
                [
                    what,
                    f"{j['baseline']['per_case_us']:.0f} µs",
                    f"{j['current']['per_case_us']:.0f} µs",
                    f"{j['current_over_baseline']:.2f}",
                    *extra(j),
                ]
            )
    if "national" in jobs:
        j = jobs["national"]
        n = j["current"]["cases"]
        for key, what in (
            ("from_frame_s", f"{n:,} cases: EventTable.from_frame of the event export"),
            ("deadline_table_s", "deadline_table"),
            ("audit_table_s", "audit_table on those deadlines"),
            ("total_s", "total: export frame to deadlines and audit (frame building excluded)"),
        ):
            b, c = j["baseline"][key], j["current"][key]
            cells = [what, f"{b:.2f} s", f"{c:.2f} s", f"{c / b:.2f}"]
            if paired:
                cells += extra(j) if key == "total_s" else ["", ""]
            rows.append(cells)
    head = ["job", "baseline", "current", "current / baseline"]
    if paired:
        head += ["median of pair ratios", "load (1 min) per pair"]
    lines += _table(head, rows)
    return lines


def main() -> None:
    lines = []
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.stem == "calendar":
            lines += _calendar(data)
        elif path.stem == "deadlines":
            lines += _deadlines(data)
        elif path.stem == "allocation":
            lines += _allocation(data)
        elif path.stem == "columnar":
            lines += _columnar(data)
        elif path.stem == "batch":
            lines += _batch(data)
        elif path.stem == "national":
            lines += _national(data)
        elif path.stem == "refactor":
            lines += _refactor(data)
        elif path.stem == "case_size":
            lines += _case_size(data)
        else:
            lines += _generic(path.stem, data)
    if not lines:
        lines = ["No benchmark has been run yet: run the scripts in ``benchmarks/``.", ""]
    (HERE / "RESULTS.rst").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
