"""``boernesag schema``: the JSON Schema of the case or caseload format (:mod:`boernesag.schema`).

For integrators in other languages: validate a file against it before giving it to boernesag.
"""

from __future__ import annotations

import argparse

from boernesag.cli.common import write_output
from boernesag.cli.messages import msg
from boernesag.schema import schema_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "schema",
        help=msg("schema.help"),
        description=msg("schema.description"),
    )
    p.add_argument(
        "--caseload",
        action="store_true",
        help=msg("schema.caseload"),
    )
    p.add_argument(
        "--output",
        metavar=msg("opt.file_out.metavar"),
        help=msg("schema.output"),
    )
    p.add_argument("--force", action="store_true", help=msg("opt.force"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = schema_text(caseload=bool(args.caseload))
    write_output(text, args.output, option="--output", force=bool(args.force))
    return 0
