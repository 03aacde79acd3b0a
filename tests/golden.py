"""Golden outputs: what every subcommand, and the engines behind them, print today.

A safety net for refactoring the rule engines (issue 16, "Must hold": the demo outputs of
every subcommand stay byte-identical). :data:`INVOCATIONS` lists command lines on the
embedded demo caseload (``boernesag ... --demo --as-of 2025-06-30``: the day is always given,
so nothing depends on today) covering every subcommand, output format and language, plus a
few library-level outputs (the scalar deadlines as dicts, the columnar tables as CSV, the
case audits as dicts). Each is stored under ``tests/data/golden/``: its stdout as
``<name>.<ext>``, byte for byte, and its exit status and stderr in ``index.json``.

The command line runs in-process (:func:`boernesag.cli.main` with stdout, stderr and stdin
swapped for strings): the whole set takes seconds, not minutes of interpreter start-ups.
Nothing in the outputs is normalised: none on the demo caseload carries a wall-clock time
or a path (the one file input, the policy file, is not echoed; the single-case input is read
from stdin). Only the command recorded in the index has the checkout's path taken out of
the policy file's.

    python tests/golden.py            # compare; lists the outputs that differ (exit 1)
    python tests/golden.py --update   # store today's outputs (a deliberate change only)

``tests/test_golden.py`` runs the comparison under pytest, one test per invocation.
See docs/development.rst, "Golden files", for when an update is legitimate.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import difflib
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # `python tests/golden.py`: this checkout's code

GOLDEN_DIR = Path(__file__).resolve().parent / "data" / "golden"
INDEX = GOLDEN_DIR / "index.json"
UPDATE_COMMAND = "python tests/golden.py --update"

AS_OF = "2025-06-30"
DEMO = ("--demo", "--as-of", AS_OF)
#: The municipal targets in law/data/kommune.toml (off by default).
KOMMUNE_RULES = ("svar-henvendelse", "ledelsestilsyn", "kum-16", "sagsbehandlingsfrist")
#: The sample case's last event is 2024-10-20: its own outputs are taken soon after. (The
#: audit of it on AS_OF keeps the stale --as-of warning on stderr in the set.)
SAMPLE_AS_OF = "2024-11-01"
POLICY = str(ROOT / "examples" / "policy.toml")

#: Demo cases with something to show: a 14-year-old's long case (CW-001), a 17-year-old's
#: new case (CW-004), a child who turns 18 two days after the demo day (CW-003).
CASE = "K-2021-00003"
YOUNG_ADULT_CASE = "K-2025-00005"
TURNS_18_CASE = "K-2025-00010"


@dataclass(frozen=True)
class Output:
    """What one invocation produced."""

    stdout: str
    exit: int = 0
    stderr: str = ""


@dataclass(frozen=True)
class Invocation:
    """A named command line (``argv``, optional ``stdin``) or library call (``library``)."""

    name: str
    ext: str
    argv: tuple[str, ...] = ()
    stdin: Callable[[], str] | None = None
    library: Callable[[], str] | None = field(default=None, compare=False)

    @property
    def path(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.{self.ext}"

    def describe(self) -> str:
        if self.library is not None:
            return f"library: {self.library.__name__}"
        where = " < " + self.stdin.__name__ if self.stdin is not None else ""
        # The policy file is passed by absolute path (the tests may run from anywhere); the
        # index records it relative to the checkout, so that it is the same on every machine.
        command = " ".join(self.argv).replace(str(ROOT) + os.sep, "")
        return f"boernesag {command}{where}"

    def run(self) -> Output:
        if self.library is not None:
            return Output(self.library())
        return run_cli(self.argv, self.stdin() if self.stdin is not None else None)


def run_cli(argv: Sequence[str], stdin: str | None = None) -> Output:
    """``boernesag ARGV`` in this process: stdout, exit status and stderr."""
    from boernesag.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin, old_columns = sys.stdin, os.environ.get("COLUMNS")
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    # argparse wraps its usage line (stderr of a bad argument) to the terminal's width.
    os.environ["COLUMNS"] = "100"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old_stdin
        if old_columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old_columns
    return Output(out.getvalue(), code, err.getvalue())


# --- inputs and library outputs ----------------------------------------------------------


def sample_case() -> str:
    """The sample case (``boernesag demo --sample``): a single-case input on stdin."""
    return run_cli(["demo", "--sample"]).stdout


def _as_of() -> date:
    return date.fromisoformat(AS_OF)


def _jsonl(items: Iterable[Any]) -> str:
    """One JSON object a line: compact, and a diff shows exactly the deadline that changed."""
    return "".join(json.dumps(i, ensure_ascii=False, default=str) + "\n" for i in items)


def _cell(value: Any) -> str:
    """A CSV cell, deterministic: none empty, days and instants ISO, tuples joined by ';'."""
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, date):  # also datetime (aware, with its offset)
        return value.isoformat()
    return str(value)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def _kommune_rules() -> Any:
    from boernesag.law import default_rules

    return default_rules().enable(*KOMMUNE_RULES)


def _scalar_deadlines(lang: str, rules: Any = None) -> str:
    from boernesag.deadlines import deadlines
    from boernesag.demo import demo_caseload

    return _jsonl(
        d.to_dict(lang)
        for case in demo_caseload().cases
        for d in deadlines(case, _as_of(), rules=rules)
    )


def lib_deadlines_da() -> str:
    """``deadlines(case, as_of)`` of every demo case, ``to_dict('da')``."""
    return _scalar_deadlines("da")


def lib_deadlines_en() -> str:
    """``deadlines(case, as_of)`` of every demo case, ``to_dict('en')``."""
    return _scalar_deadlines("en")


def lib_deadlines_kommune() -> str:
    """As :func:`lib_deadlines_da`, with the municipal targets enabled."""
    return _scalar_deadlines("da", _kommune_rules())


DEADLINE_RECORD = (
    "case_id",
    "rule_id",
    "trigger",
    "due",
    "alternative_due",
    "status",
    "met_by",
    "measure",
)
FINDING_RECORD = (
    "case_id",
    "check_id",
    "code",
    "severity",
    "day",
    "due",
    "rule_id",
    "events",
    "measure",
    "ongoing",
    "caseworker",
)


def _columnar_deadlines(rules: Any = None) -> str:
    from boernesag.columnar import EventTable, deadline_table
    from boernesag.demo import demo_caseload

    table = deadline_table(EventTable.from_cases(demo_caseload().cases), _as_of(), rules=rules)
    rows = [(*r, table.fallback.get(r[1], 0)) for r in table.records()]
    return _csv((*DEADLINE_RECORD, "fallback_cases"), rows)


def lib_deadline_table() -> str:
    """``deadline_table(...).records()`` on the demo caseload, with the rule's fallback count."""
    return _columnar_deadlines()


def lib_deadline_table_kommune() -> str:
    """As :func:`lib_deadline_table`, with the municipal targets enabled."""
    return _columnar_deadlines(_kommune_rules())


def _audit_table(rules: Any = None) -> Any:
    from boernesag.columnar import EventTable, audit_table
    from boernesag.demo import demo_caseload

    return audit_table(EventTable.from_cases(demo_caseload().cases), _as_of(), rules=rules)


def lib_audit_table_findings() -> str:
    """``audit_table(...).records()``: every finding of the columnar audit."""
    return _csv(FINDING_RECORD, _audit_table().records())


def lib_audit_table_kommune_findings() -> str:
    """As :func:`lib_audit_table_findings`, with the municipal targets enabled."""
    return _csv(FINDING_RECORD, _audit_table(_kommune_rules()).records())


def lib_audit_table_status() -> str:
    """The columnar audit's status of every check on every case, and its fallback counts."""
    t = _audit_table()
    rows = [
        (case_id, *(t.status_of(i, c).value for c in t.check_ids))
        for i, case_id in enumerate(t.table.case_id)
    ]
    rows.append(("fallback", *(t.fallback.get(c, 0) for c in t.check_ids)))
    return _csv(("case_id", *t.check_ids), rows)


def _audit_cases(lang: str, rules: Any = None) -> str:
    from boernesag.audit import audit_case
    from boernesag.demo import demo_caseload

    return _jsonl(audit_case(c, _as_of(), rules=rules).to_dict(lang) for c in demo_caseload().cases)


def lib_audit_case_da() -> str:
    """``audit_case(case, as_of).to_dict('da')`` for every demo case."""
    return _audit_cases("da")


def lib_audit_case_en() -> str:
    """``audit_case(case, as_of).to_dict('en')`` for every demo case."""
    return _audit_cases("en")


def lib_audit_case_kommune() -> str:
    """As :func:`lib_audit_case_da`, with the municipal targets enabled."""
    return _audit_cases("da", _kommune_rules())


# --- the invocations ---------------------------------------------------------------------

_EXT = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md", "html": "html"}
#: Words of a command line written as one string (see :func:`_cli`).
_WORDS = {
    "DEMO": DEMO,
    "KOMMUNE": tuple(w for r in KOMMUNE_RULES for w in ("--enable", r)),
    "POLICY": (POLICY,),  # a path: one word even with spaces in it
}


def _cli(name: str, ext: str, command: str, stdin: Callable[[], str] | None = None) -> Invocation:
    """``command`` split at spaces; ``DEMO``, ``KOMMUNE`` and ``POLICY`` stand for
    ``--demo --as-of 2025-06-30``, the municipal targets' ``--enable``s and the policy file."""
    argv = tuple(w for word in command.split() for w in _WORDS.get(word, (word,)))
    return Invocation(name, ext, argv, stdin)


def _lib(name: str, ext: str, fn: Callable[[], str]) -> Invocation:
    return Invocation(name, ext, library=fn)


def _formats(
    prefix: str,
    formats: str,
    command: str,
    langs: Sequence[str] = ("da", "en"),
    stdin: Callable[[], str] | None = None,
) -> list[Invocation]:
    """One invocation per format (space-separated) and language: ``<prefix>-<format>[-en]``."""
    return [
        _cli(
            f"{prefix}-{fmt}" + ("" if lang == "da" else f"-{lang}"),
            _EXT[fmt],
            f"{command} --format {fmt}" + ("" if lang == "da" else f" --lang {lang}"),
            stdin,
        )
        for lang in langs
        for fmt in formats.split()
    ]


def _invocations() -> list[Invocation]:
    da = ("da",)
    s = sample_case
    inv: list[Invocation] = []
    # deadlines: every format and language, a single case (stdin), the filters, the summary,
    # both engines, the municipal targets.
    inv += _formats("deadlines", "table json csv", "deadlines DEMO")
    inv += _formats(
        "deadlines-sample", "table json csv", f"deadlines - --as-of {SAMPLE_AS_OF}", stdin=s
    )
    inv += [
        _cli("deadlines-due-within-30", "txt", "deadlines DEMO --due-within 30 --format table"),
        _cli(
            "deadlines-status-overdue",
            "csv",
            "deadlines DEMO --status overdue --status met_late --format csv",
        ),
        _cli("deadlines-obligor-borger", "json", "deadlines DEMO --obligor borger --format json"),
        _cli("deadlines-summary", "txt", "deadlines DEMO --summary --format table"),
        _cli("deadlines-summary-en", "txt", "deadlines DEMO --summary --format table --lang en"),
        _cli("deadlines-summary-json", "json", "deadlines DEMO --summary --format json"),
        _cli("deadlines-summary-csv", "csv", "deadlines DEMO --summary --format csv"),
        _cli("deadlines-kommune", "csv", "deadlines DEMO KOMMUNE --format csv"),
        _cli("deadlines-kommune-summary", "txt", "deadlines DEMO KOMMUNE --summary --format table"),
        _cli("deadlines-demo-size-7", "txt", "deadlines DEMO --demo-size 7 --format table"),
    ]
    inv += _formats("deadlines-columnar", "table json csv", "deadlines DEMO --engine columnar", da)
    col = "deadlines DEMO --engine columnar"
    inv += [
        _cli("deadlines-columnar-en", "txt", f"{col} --format table --lang en"),
        _cli("deadlines-columnar-summary", "txt", f"{col} --summary --format table"),
        _cli("deadlines-columnar-due-within-30", "csv", f"{col} --due-within 30 --format csv"),
        _cli("deadlines-columnar-kommune", "csv", f"{col} KOMMUNE --format csv"),
    ]
    # audit: the summary per check in every format and language, the findings, one case.
    every = "table json csv markdown html"
    inv += _formats("audit", every, "audit DEMO")
    inv += _formats("audit-findings", "table json csv", "audit DEMO --findings")
    inv += _formats("audit-kommune", every, "audit DEMO KOMMUNE", da)
    inv += _formats("audit-case", every, f"audit DEMO --case {CASE}")
    inv += [
        _cli(
            "audit-case-findings-json", "json", f"audit DEMO --case {CASE} --findings --format json"
        ),
        _cli("audit-since", "txt", "audit DEMO --since 2025-01-01 --findings --format table"),
        _cli("audit-setting-gap-days-60", "txt", "audit DEMO --setting gap_days=60 --format table"),
        _cli("audit-worst-5", "md", "audit DEMO --worst 5 --format markdown"),
        # The sample on the demo day: the stale --as-of warning on stderr.
        _cli("audit-sample-json", "json", f"audit - --as-of {AS_OF} --format json", s),
        _cli("audit-unknown-case", "txt", "audit DEMO --case K-0000-00000 --format table"),
    ]
    # handover: one case, a caseworker's caseload, planned/unplanned, the reasons (overgang:
    # the transition to adulthood), the ages overview, a reassignment (--to).
    hfmt = "table json markdown html"
    cw4 = "handover DEMO --caseworker CW-004"
    adult = f"handover DEMO --case {TURNS_18_CASE} --reason overgang"
    inv += _formats("handover-case", hfmt, f"handover DEMO --case {CASE}")
    inv += _formats("handover-caseworker", hfmt, cw4)
    inv += _formats("handover-ages", hfmt, "handover DEMO --ages", da)
    inv += [
        _cli("handover-caseworker-unplanned", "txt", f"{cw4} --unplanned --format table"),
        _cli("handover-caseworker-unplanned-json", "json", f"{cw4} --unplanned --format json"),
        _cli("handover-caseworker-sygdom", "md", f"{cw4} --reason sygdom --format markdown"),
        _cli(
            "handover-caseworker-orlov-en",
            "md",
            "handover DEMO --caseworker CW-002 --reason orlov --format markdown --lang en",
        ),
        _cli(
            "handover-caseworker-cw001", "txt", "handover DEMO --caseworker CW-001 --format table"
        ),
        _cli("handover-overgang-table", "txt", f"{adult} --format table"),
        _cli("handover-overgang-json", "json", f"{adult} --case {YOUNG_ADULT_CASE} --format json"),
        _cli("handover-overgang-md-en", "md", f"{adult} --format markdown --lang en"),
        _cli(
            "handover-window-30-on", "txt", f"{cw4} --on 2025-07-14 --window-days 30 --format table"
        ),
        _cli("handover-no-audit", "json", f"{cw4} --no-audit --format json"),
        _cli(
            "handover-ages-caseworker-en",
            "txt",
            "handover DEMO --ages --caseworker CW-003 --format table --lang en",
        ),
        _cli("handover-sample", "txt", f"handover - --as-of {SAMPLE_AS_OF} --format table", s),
    ]
    inv += _formats("handover-reassign", hfmt, f"{cw4} --to CW-002", da)
    inv += [
        _cli(
            "handover-reassign-case-unplanned-en",
            "md",
            f"handover DEMO --caseworker CW-001 --case {CASE} --to CW-003 --unplanned "
            "--format markdown --lang en",
        ),
    ]
    # allocate: the demo default (no new cases: the busiest caseworker's are redistributed),
    # --from, --case, --suggest, --exclude, --policy, each solver (scipy is installed).
    afmt = "table json csv markdown"
    inv += _formats("allocate", afmt, "allocate DEMO")
    inv += _formats("allocate-from-cw004", afmt, "allocate DEMO --from CW-004", da)
    inv += _formats("allocate-suggest", afmt, f"allocate DEMO --suggest {CASE} --top 3")
    for solver in ("auto", "optimal", "greedy"):
        inv += [
            _cli(
                f"allocate-solver-{solver}",
                "json",
                f"allocate DEMO --solver {solver} --format json",
            ),
            _cli(
                f"allocate-from-cw002-solver-{solver}",
                "txt",
                f"allocate DEMO --from CW-002 --solver {solver} --format table",
            ),
        ]
    inv += [
        _cli(
            "allocate-case",
            "txt",
            f"allocate DEMO --case {CASE} --case {YOUNG_ADULT_CASE} --format table",
        ),
        _cli(
            "allocate-exclude", "json", "allocate DEMO --from CW-004 --exclude CW-002 --format json"
        ),
        _cli("allocate-policy", "txt", "allocate DEMO --policy POLICY --format table"),
        _cli(
            "allocate-policy-json",
            "json",
            "allocate DEMO --policy POLICY --from CW-004 --format json",
        ),
        _cli("allocate-unknown-caseworker", "txt", "allocate DEMO --from CW-999"),
    ]
    # workdays: add, between (the count), check (yes, a holiday, an optional day), --json.
    inv += [
        _cli("workdays-add", "txt", "workdays add 2025-06-30 10"),
        _cli("workdays-add-negative", "txt", "workdays add 2025-01-02 -3"),
        _cli("workdays-add-json", "json", "workdays --json add 2024-12-20 5"),
        _cli("workdays-add-optional-days", "txt", "workdays --optional-days add 2024-12-20 5"),
        _cli("workdays-between", "txt", "workdays between 2025-01-01 2025-12-31"),
        _cli("workdays-between-json", "json", "workdays --json between 2024-03-01 2024-05-31"),
        _cli("workdays-check-yes", "txt", "workdays check 2025-06-30"),
        _cli("workdays-check-holiday", "txt", "workdays check 2025-04-17"),
        _cli("workdays-check-grundlovsdag", "txt", "workdays check 2025-06-05"),
        _cli(
            "workdays-check-grundlovsdag-optional",
            "txt",
            "workdays --optional-days check 2025-06-05",
        ),
        _cli("workdays-check-json", "json", "workdays --json check 2025-12-25"),
        _cli("workdays-bad-date", "txt", "workdays add 2025-13-01 1"),
    ]
    # demo and schema.
    inv += [
        _cli("demo-sample", "json", "demo --sample"),
        _cli("demo-caseload", "json", "demo --output -"),
        _cli("demo-caseload-size-5-seed-7", "json", "demo --output - --size 5 --seed 7"),
        _cli("demo-no-output", "txt", "demo"),
        _cli("schema", "json", "schema"),
        _cli("schema-caseload", "json", "schema --caseload"),
    ]
    # Library-level outputs of the engines.
    inv += [
        _lib("lib-deadlines-da", "jsonl", lib_deadlines_da),
        _lib("lib-deadlines-en", "jsonl", lib_deadlines_en),
        _lib("lib-deadlines-kommune", "jsonl", lib_deadlines_kommune),
        _lib("lib-deadline-table", "csv", lib_deadline_table),
        _lib("lib-deadline-table-kommune", "csv", lib_deadline_table_kommune),
        _lib("lib-audit-table-findings", "csv", lib_audit_table_findings),
        _lib("lib-audit-table-kommune-findings", "csv", lib_audit_table_kommune_findings),
        _lib("lib-audit-table-status", "csv", lib_audit_table_status),
        _lib("lib-audit-case-da", "jsonl", lib_audit_case_da),
        _lib("lib-audit-case-en", "jsonl", lib_audit_case_en),
        _lib("lib-audit-case-kommune", "jsonl", lib_audit_case_kommune),
    ]
    names = [i.name for i in inv]
    if len(names) != len(set(names)):
        raise AssertionError(f"golden names must be unique: {sorted(names)}")
    return inv


INVOCATIONS: tuple[Invocation, ...] = tuple(_invocations())


# --- storing and comparing ---------------------------------------------------------------


def index_entry(inv: Invocation, out: Output) -> dict[str, Any]:
    """What ``index.json`` records besides stdout: the command, exit status, stderr."""
    return {"run": inv.describe(), "file": inv.path.name, "exit": out.exit, "stderr": out.stderr}


def load_index() -> dict[str, Any]:
    if not INDEX.exists():
        return {}
    data: dict[str, Any] = json.loads(INDEX.read_text(encoding="utf-8"))
    return data


def differences(inv: Invocation, out: Output, index: dict[str, Any]) -> str | None:
    """None when ``out`` is the stored output of ``inv``; else a readable account."""
    problems: list[str] = []
    if not inv.path.exists():
        problems.append(f"{inv.path.name} is missing")
    else:
        stored = inv.path.read_bytes()
        if stored != out.stdout.encode("utf-8"):
            problems.append(
                f"stdout differs from {inv.path.name}:\n"
                + _diff(stored.decode("utf-8", errors="replace"), out.stdout, inv.path.name)
            )
    entry = index.get(inv.name)
    fresh = index_entry(inv, out)
    if entry is None:
        problems.append(f"{inv.name} is not in {INDEX.name}")
    else:
        for key in ("run", "exit", "stderr"):
            if entry.get(key) != fresh[key]:
                problems.append(f"{key} differs: stored {entry.get(key)!r}, now {fresh[key]!r}")
    if not problems:
        return None
    return (
        f"golden output {inv.name!r} ({inv.describe()}) changed:\n"
        + "\n".join(problems)
        + f"\nIf the change is deliberate, run `{UPDATE_COMMAND}` and name the behaviour "
        "change in the commit message (docs/development.rst, 'Golden files')."
    )


def _diff(old: str, new: str, name: str, limit: int = 40) -> str:
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"stored/{name}",
            f"now/{name}",
            n=2,
        )
    )
    if not lines and old != new:  # the same lines: only line endings or a final newline
        return f"  (same lines; {len(old)} vs {len(new)} characters: whitespace at line ends?)"
    shown = [line if line.endswith("\n") else line + "\n" for line in lines[:limit]]
    more = f"... {len(lines) - limit} more diff lines\n" if len(lines) > limit else ""
    return _first_difference(old, new) + "".join(shown) + more


def _first_difference(old: str, new: str, width: int = 30) -> str:
    """Where the first change is, with a little of each side (JSONL lines are long)."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            col = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
            col = min(len(a), len(b)) if col is None else col
            lo = max(0, col - width)
            return (
                f"first difference: line {number}, column {col + 1}:\n"
                f"  stored: ...{a[lo : col + width]!r}...\n"
                f"  now:    ...{b[lo : col + width]!r}...\n"
            )
    return f"first difference: after line {min(old.count(chr(10)), new.count(chr(10)))}\n"


def update() -> int:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    index: dict[str, Any] = {}
    for inv in INVOCATIONS:
        out = inv.run()
        inv.path.write_bytes(out.stdout.encode("utf-8"))
        index[inv.name] = index_entry(inv, out)
    INDEX.write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    wanted = {inv.path.name for inv in INVOCATIONS} | {INDEX.name}
    for stale in sorted(p for p in GOLDEN_DIR.iterdir() if p.name not in wanted):
        stale.unlink()
        print(f"removed {stale.name} (no longer an invocation)")
    print(f"stored {len(INVOCATIONS)} golden outputs in {GOLDEN_DIR}")
    return 0


def check() -> int:
    index = load_index()
    failed = 0
    for inv in INVOCATIONS:
        problem = differences(inv, inv.run(), index)
        if problem is not None:
            failed += 1
            print(problem, end="\n\n")
    print(f"{failed} of {len(INVOCATIONS)} golden outputs differ")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--update", action="store_true", help="store today's outputs")
    parser.add_argument("--list", action="store_true", help="list the invocations")
    args = parser.parse_args(argv)
    if args.list:
        for inv in INVOCATIONS:
            print(f"{inv.name}: {inv.describe()}")
        return 0
    return update() if args.update else check()


if __name__ == "__main__":
    raise SystemExit(main())
