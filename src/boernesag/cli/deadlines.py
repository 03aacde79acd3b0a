"""``boernesag deadlines``: every deadline of a case or caseload (spec § 4)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    iso_date,
    load_input,
    output_format,
    progress_printer,
    write_csv,
    write_json,
    write_table,
)
from boernesag.deadlines import Deadline, Status, caseload_deadlines, due_within
from boernesag.periods import format_date, format_datetime
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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "deadlines",
        help="alle frister i en sag eller sagsstamme",
        description="Beregn alle lovbestemte frister i sagerne, med status og forklaring.",
    )
    add_input_args(p)
    p.add_argument(
        "--as-of", type=iso_date, required=True, metavar="ÅÅÅÅ-MM-DD", help="opgørelsesdag"
    )
    add_format_args(p)
    p.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status],
        help="vis kun frister med denne status (kan gentages)",
    )
    p.add_argument(
        "--due-within",
        type=int,
        metavar="DAGE",
        help="kun åbne frister, der udløber inden for DAGE dage",
    )
    p.add_argument("--rules", metavar="TOML", help="egen regelfil oven på de medfølgende regler")
    p.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar="REGEL",
        help="slå en regel til (fx kommunale mål)",
    )
    p.set_defaults(func=run)


def _when(value: object, lang: str) -> str:
    from datetime import date, datetime

    if isinstance(value, datetime):
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    return ""


def run(args: argparse.Namespace) -> int:
    from boernesag.law import default_rules

    caseload = load_input(args)
    rules = default_rules()
    if args.rules:
        rules = rules.with_file(args.rules)
    if args.enable:
        rules = rules.enable(*args.enable)
    progress = progress_printer(len(caseload.cases))
    items: Iterable[Deadline] = caseload_deadlines(
        caseload, args.as_of, rules=rules, progress=progress
    )
    if args.status:
        wanted = set(args.status)
        items = (d for d in items if d.status.value in wanted)
    if args.due_within is not None:
        items = due_within(items, args.as_of, args.due_within)
    fmt = output_format(args)
    lang = args.lang
    if fmt == "json":
        write_json([d.to_dict(lang) for d in items])
    elif fmt == "csv":
        write_csv((d.to_dict(lang) for d in items), COLUMNS)
    else:
        rows = [
            [
                d.case_id,
                d.rule_id,
                d.citation,
                _when(d.due, lang),
                status_label(d.status.value, lang),
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
            print("ingen frister" if lang == "da" else "no deadlines", file=sys.stderr)
    return 0
