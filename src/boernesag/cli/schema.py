"""``boernesag schema``: the JSON Schema of the case or caseload format (:mod:`boernesag.schema`).

For integrators in other languages: validate a file against it before giving it to boernesag.
"""

from __future__ import annotations

import argparse

from boernesag.cli.common import write_output
from boernesag.schema import schema_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "schema",
        help="JSON Schema for sagsformatet (til integration fra andre sprog)",
        description=(
            "Skriv JSON Schema (draft 2020-12) for sagsformatet boernesag.case/1 eller, med "
            "--caseload, for sagsstammen boernesag.caseload/1."
        ),
    )
    p.add_argument(
        "--caseload",
        action="store_true",
        help="skemaet for en sagsstamme (boernesag.caseload/1) i stedet for én sag",
    )
    p.add_argument(
        "--output",
        metavar="FIL",
        help="skriv skemaet til FIL i stedet for stdout; en eksisterende fil erstattes kun med --force",
    )
    p.add_argument("--force", action="store_true", help="erstat FIL, hvis den findes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = schema_text(caseload=bool(args.caseload))
    write_output(text, args.output, option="--output", force=bool(args.force))
    return 0
