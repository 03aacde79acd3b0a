"""The ``boernesag`` command line.

Each subcommand lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``func`` (``(args) -> int``). Shared helpers (reading the input or the
demo caseload, output formats, errors, the exit status) are in :mod:`boernesag.cli.common`.

Exit status (the same for every subcommand):

* **0**: everything was read and computed.
* **2**: invalid input or arguments, a user's mistake: a case that does not follow the case
  format (without ``--lenient``), a date not written ``ÅÅÅÅ-MM-DD`` or outside 1900-2099, a
  negative number, a missing or unreadable file, a directory given as FILE, an unknown
  caseworker, an optional package that is not installed (``--engine columnar`` without
  numpy, ``--solver optimal`` without scipy: the line names the extra). Nothing was
  computed (or saved); one line on stderr says what, naming the case, event and field.
* **3**: some cases could not be read (``--lenient``) or computed. The other cases were
  computed and written; each case that is missing is listed on stderr with its id and why.
  A caseload run never stops at one case.
* **1**: an internal error, a bug in boernesag: one line on stderr asks to report it (the
  global option ``--debug`` shows the traceback). Also: ``workdays check`` exits 1 when the day is not a working day (its answer, not an error).
* **130**: interrupted (Ctrl-C), as shells report it.

Long steps (reading a large file, computing 100,000 cases) show a progress line on stderr
when it is a terminal and the step takes more than a couple of seconds
(:mod:`boernesag.progress`; ``--no-progress`` or ``BOERNESAG_NO_PROGRESS`` switch it off).
Nothing of it is written when stderr is not a terminal, and never to stdout.

Everything written to stderr has CPR-shaped digits masked (:func:`boernesag.cpr.redact`).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback
from collections.abc import Sequence

from boernesag.cli.common import EXIT_INPUT, EXIT_INTERNAL, StderrHandler, warn
from boernesag.cli.messages import CatalogueParser, current_lang, lang_from_argv, msg, use_lang
from boernesag.cpr import redact
from boernesag.errors import BoernesagError, CaseFormatError

__all__ = ["build_parser", "main"]

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("deadlines", "workdays", "audit", "handover", "allocate", "demo", "schema")


def build_parser() -> argparse.ArgumentParser:
    """The parser, with its help in the run's language (:mod:`boernesag.cli.messages`)."""
    parser = CatalogueParser(
        prog="boernesag", description=msg("main.description"), epilog=msg("main.epilog")
    )
    from boernesag import __version__

    parser.add_argument(
        "--version",
        action="version",
        version=f"boernesag {__version__}",
        help=msg("argparse.version"),
    )
    parser.add_argument("--debug", action="store_true", default=False, help=msg("main.debug"))
    # Read before the parser is built (lang_from_argv); accepted here so that it may also
    # come before the subcommand. SUPPRESS: the subcommand's --lang has the same default.
    parser.add_argument(
        "--lang", choices=["da", "en"], default=argparse.SUPPRESS, help=msg("opt.lang")
    )
    parser.add_argument(
        "--no-progress", action="store_true", default=False, help=msg("main.no_progress")
    )
    sub = parser.add_subparsers(dest="command", metavar=msg("main.command"))
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"boernesag.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"boernesag.cli.{name}":
                raise
            continue
        module.register(sub)
    # --debug and --no-progress also after the subcommand; SUPPRESS keeps the global value
    # when it is absent.
    for subparser in sub.choices.values():
        subparser.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=msg("main.debug")
        )
        subparser.add_argument(
            "--no-progress",
            action="store_true",
            default=argparse.SUPPRESS,
            help=msg("main.no_progress"),
        )
    return parser


def _os_message(exc: OSError) -> str:
    name = exc.filename if exc.filename is not None else ""
    if isinstance(exc, IsADirectoryError):
        return msg("error.os.directory", name=name)
    if isinstance(exc, PermissionError):
        return msg("error.os.permission", name=name)
    if isinstance(exc, FileNotFoundError):
        return msg("error.os.missing", name=name)
    return f"{name}: {exc.strerror or exc}" if name else str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see the module).

    The language (``--lang``, else ``BOERNESAG_LANG``, else Danish) is read from ``argv``
    first: the help is built in it."""
    with use_lang(lang_from_argv(sys.argv[1:] if argv is None else argv)):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    log = logging.getLogger("boernesag")
    handler: logging.Handler | None = None
    if not log.handlers:  # a program that configured logging keeps its own
        handler = StderrHandler(logging.WARNING)
        log.addHandler(handler)
    try:
        return _run(args)
    finally:
        if handler is not None:
            log.removeHandler(handler)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except CaseFormatError as exc:
        warn(msg("error.invalid_input", error=exc.text(current_lang())))
        return EXIT_INPUT
    except BoernesagError as exc:
        warn(exc.text(current_lang()))
        return EXIT_INPUT
    except ValueError as exc:
        warn(str(exc))
        return EXIT_INPUT
    except BrokenPipeError:
        return 0
    except OSError as exc:
        warn(_os_message(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        warn(msg("error.interrupted"))
        return 130
    except Exception as exc:
        if getattr(args, "debug", False):
            sys.stderr.write(redact("".join(traceback.format_exception(exc))))
        text = " ".join(str(exc).split())  # one line
        warn(msg("error.internal", error=f"{type(exc).__name__}{': ' + text if text else ''}"))
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
