"""The ``boernesag`` command line.

Each subcommand lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``func`` (``(args) -> int``). Shared helpers (reading the input or the
demo caseload, output formats, errors) are in :mod:`boernesag.cli.common`.

Exit status: 0 on success, 2 on invalid input (the message names the case and the field),
1 on other library errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from boernesag.errors import BoernesagError, CaseFormatError

__all__ = ["build_parser", "main"]

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("deadlines", "workdays", "audit", "handover", "allocate")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boernesag",
        description=(
            "Frister, sagsgennemgang, overdragelse og fordeling i sager om børn og unge "
            "med særlige behov (Barnets Lov, Serviceloven, Forvaltningsloven, Retssikkerhedsloven)."
        ),
    )
    from boernesag import __version__

    parser.add_argument("--version", action="version", version=f"boernesag {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"boernesag.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"boernesag.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except CaseFormatError as exc:
        print(f"boernesag: ugyldigt input: {exc}", file=sys.stderr)
        return 2
    except (BoernesagError, ValueError) as exc:
        print(f"boernesag: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
