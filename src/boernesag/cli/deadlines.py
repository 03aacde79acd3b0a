"""``boernesag deadlines``: every deadline of a case or caseload (spec § 4).

The cases are computed one at a time: a case whose deadlines cannot be computed is listed on
stderr with its id and why, the others are output, and the exit status is 3.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from boernesag._failures import failure_message
from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    as_of_date,
    exit_status,
    load_input,
    meter,
    non_negative_int,
    output_format,
    report_failures,
    summary_rows,
    write_csv,
    write_json,
    write_table,
)
from boernesag.cli.engine import add_engine_arg, choose_engine
from boernesag.cli.messages import msg
from boernesag.deadlines import Deadline, Status, deadlines, due_within
from boernesag.law import RuleSet
from boernesag.model import Case
from boernesag.periods import format_date, format_datetime, to_copenhagen
from boernesag.text import status_label

COLUMNS = (
    "case_id",
    "rule_id",
    "citation",
    "trigger",
    "due",
    "status",
    "met_by",
    "alternative_due",
    "explanation",
)
#: The CSV columns: the spec's (§ 4), then the exact times of the rules counted in hours. One
#: type per column, so that pandas, spreadsheets and databases read each as one: ``due`` and
#: ``alternative_due`` are always the Copenhagen date (YYYY-MM-DD); ``due_at`` and
#: ``alternative_due_at`` the instant, in UTC (``...+00:00``: a column of +01:00 and +02:00
#: offsets is not one type to pandas), empty where the rule counts days. The new columns come
#: last, so that a reader of the spec's columns by position reads what it read before.
CSV_COLUMNS = (*COLUMNS, "due_at", "alternative_due_at")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "deadlines",
        help=msg("deadlines.help"),
        description=msg("deadlines.description"),
    )
    add_input_args(p)
    p.add_argument(
        "--as-of",
        type=as_of_date,
        default=None,
        metavar=msg("opt.date.metavar"),
        help=msg("opt.as_of"),
    )
    add_format_args(p)
    p.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status],
        help=msg("deadlines.status"),
    )
    p.add_argument(
        "--due-within",
        type=non_negative_int,
        metavar=msg("deadlines.days.metavar"),
        help=msg("deadlines.due_within"),
    )
    p.add_argument(
        "--obligor",
        choices=["kommune", "borger"],
        help=msg("deadlines.obligor"),
    )
    p.add_argument(
        "--summary", action="store_true", help=msg("deadlines.summary")
    )
    add_engine_arg(p, auto=msg("opt.engine.summary"))
    p.add_argument("--rules", metavar="TOML", help=msg("opt.rules"))
    p.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar=msg("opt.rule.metavar"),
        help=msg("deadlines.enable"),
    )
    p.set_defaults(func=run)


def _when(value: object, lang: str) -> str:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    return ""


def _day_and_instant(value: date | datetime | None) -> tuple[str | None, str | None]:
    """A due value as (Copenhagen date, UTC instant or None), in ISO 8601."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        local = to_copenhagen(value)  # a naive time is Copenhagen wall time
        return local.date().isoformat(), local.astimezone(UTC).isoformat()
    return value.isoformat(), None


def csv_row(d: Deadline, lang: str) -> dict[str, Any]:
    """A deadline as a CSV row (:data:`CSV_COLUMNS`): the JSON object (spec § 4) with one
    type per column."""
    row = d.to_dict(lang)
    row["due"], row["due_at"] = _day_and_instant(d.due)
    row["alternative_due"], row["alternative_due_at"] = _day_and_instant(d.alternative_due)
    return row


def case_by_case(
    cases: Sequence[Case],
    args: argparse.Namespace,
    rules: RuleSet,
    failures: list[tuple[str | None, str]],
    progress: Callable[[int], None] | None = None,
) -> Iterator[Deadline]:
    """The deadlines of ``cases``, one case at a time: a case that cannot be computed is
    added to ``failures`` (its id and why) and the others go on."""
    for i, case in enumerate(cases, 1):
        try:
            items = deadlines(case, args.as_of, rules=rules)
        except Exception as exc:  # one case's failure never stops the others
            failures.append((case.case_id, failure_message(exc)))
            items = []
        yield from items
        if progress is not None:
            progress(i)


def run(args: argparse.Namespace) -> int:
    from boernesag.law import default_rules

    caseload = load_input(args)
    rules = default_rules()
    if args.rules:
        rules = rules.with_file(args.rules)
    if args.enable:
        rules = rules.enable(*args.enable)
    fmt = output_format(args)
    lang = args.lang
    n_cases = len(caseload.cases)
    failures: list[tuple[str | None, str]] = []
    # auto: a listing shows every listed deadline's explanation, which the scalar engine
    # computes again case by case; only the summary comes from the columns alone.
    auto_scalar = args.engine == "auto" and not args.summary
    if not auto_scalar and choose_engine(args.engine, n_cases) == "columnar":
        from boernesag.cli.columnar import columnar_deadlines, columnar_summary

        if args.summary:
            rows = columnar_summary(caseload, args, rules, failures)
            _write_summary(rows, fmt, lang, n_cases - len(failures))
            return _done(caseload, failures)
        items: Iterable[Deadline] = columnar_deadlines(caseload, args, rules, failures)
    else:
        items = case_by_case(caseload.cases, args, rules, failures)
        with meter(args, "beregner frister", "computing deadlines", n_cases) as m:
            if m.active:  # computed before the output, so that the line never cuts into it
                items = list(case_by_case(caseload.cases, args, rules, failures, m))
    return _listed(items, caseload, failures, args, fmt, n_cases)


def _listed(
    items: Iterable[Deadline],
    caseload: Any,
    failures: list[tuple[str | None, str]],
    args: argparse.Namespace,
    fmt: str,
    n_cases: int,
) -> int:
    """Filter, then write the deadlines (or their summary) in ``fmt``; the exit status."""
    lang = args.lang
    items = filter_deadlines(items, args)
    if args.summary:
        listed = list(items)
        _summary(listed, fmt, lang, n_cases - len(failures))
        return _done(caseload, failures)
    if fmt == "json":
        write_json([d.to_dict(lang) for d in items])
    elif fmt == "csv":
        write_csv((csv_row(d, lang) for d in items), CSV_COLUMNS)
    else:
        rows = [
            [
                d.case_id,
                d.rule_id,
                d.citation,
                _when(d.due, lang),
                _status_text(d, lang),
                d.met_by or "",
            ]
            for d in items
        ]
        headers = (
            ["sag", "regel", "hjemmel", "frist", "status", "opfyldt af"]
            if lang == "da"
            else ["case", "rule", "citation", "due", "status", "met by"]
        )
        write_table(rows, headers)
        if not rows:
            print(msg("deadlines.none"), file=sys.stderr)
    return _done(caseload, failures)


def _done(caseload: Any, failures: list[tuple[str | None, str]]) -> int:
    """List the cases that could not be computed on stderr; the exit status."""
    return exit_status(caseload, report_failures(failures, msg("failed.compute")))


def filter_deadlines(items: Iterable[Deadline], args: argparse.Namespace) -> Iterable[Deadline]:
    """--status, --obligor and --due-within on deadlines."""
    if args.status:
        wanted = set(args.status)
        items = (d for d in items if d.status.value in wanted)
    if args.obligor:
        items = (d for d in items if d.obligor == args.obligor)
    if args.due_within is not None:
        items = due_within(items, args.as_of, args.due_within)
    return items


def _status_text(d: Deadline, lang: str) -> str:
    """The status as a caseworker reads it: a citizen's passed deadline has expired, not failed."""
    if d.obligor == "borger" and d.status == Status.OVERDUE:
        return "udløbet (borger)" if lang == "da" else "expired (citizen)"
    return status_label(d.status.value, lang)


def _summary(items: list[Deadline], fmt: str, lang: str, n_cases: int) -> int:
    """Counts per rule and status: the deadline overview of a caseload."""
    order = [s.value for s in Status]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for d in items:
        key = (d.rule_id, d.obligor)
        row = counts.setdefault(key, dict.fromkeys(order, 0))
        row[d.status.value] += 1
    return _write_summary(summary_rows(counts), fmt, lang, n_cases)


def _write_summary(rows: list[dict[str, Any]], fmt: str, lang: str, n_cases: int) -> int:
    order = [s.value for s in Status]
    if fmt == "json":
        write_json({"cases": n_cases, "rules": rows})
    elif fmt == "csv":
        write_csv(rows, ["rule_id", "obligor", *order, "total"])
    else:
        # A citizen's period that has passed has expired ("udløbet"), it was not missed: its
        # count has a column of its own, and the overdue column is the municipality's misses.
        overdue = Status.OVERDUE.value
        expired = "udløbet (borger)" if lang == "da" else "expired (citizen)"
        headers = [
            "regel" if lang == "da" else "rule",
            *(status_label(s, lang) for s in order),
            expired,
            "i alt" if lang == "da" else "total",
        ]
        table = []
        for r in rows:
            citizen = r["obligor"] == "borger"
            cells = [str(0 if citizen and s == overdue else r[s]) for s in order]
            table.append(
                [
                    r["rule_id"] + (" (borger)" if citizen else ""),
                    *cells,
                    str(r[overdue] if citizen else 0),
                    str(r["total"]),
                ]
            )
        write_table(table, headers)
        total = sum(r["total"] for r in rows)
        missed = sum(r[overdue] for r in rows if r["obligor"] != "borger")
        print(msg("deadlines.total", total=total, cases=n_cases, missed=missed))
    return 0
