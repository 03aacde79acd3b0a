"""``--engine``: which executor a subcommand runs on a caseload (scalar or columnar).

``scalar`` computes case by case (:mod:`boernesag.deadlines`, :mod:`boernesag.audit`);
``columnar`` computes the whole caseload at once with numpy (:mod:`boernesag.columnar`),
with the same output. ``auto`` picks columnar when numpy is installed and the input has at
least :data:`AUTO_MIN_CASES` cases, scalar otherwise: below that the columnar engine's fixed
cost (building the event table, one pass per rule and check) is not paid back.
"""

from __future__ import annotations

import argparse

from boernesag.cli.messages import msg
from boernesag.errors import MissingExtraError

__all__ = ["AUTO_MIN_CASES", "ENGINES", "add_engine_arg", "choose_engine"]

ENGINES = ("auto", "scalar", "columnar")

#: ``--engine auto`` uses the columnar engine from this many cases on. Measured with
#: ``benchmarks/bench_cli_audit.py`` (CPU time of the whole ``boernesag audit`` command on a
#: demo caseload file, best of 2): the columnar engine costs about 0.5 s more to start
#: (numpy, first passes) and less per case; scalar / columnar was 0.96 (check table) and 0.83
#: (JSON report) at 800 cases, 1.12, 1.10 and 0.95 (``--findings``) at 1,500. From 2,000
#: cases on it is faster in every output.
AUTO_MIN_CASES = 2_000


def add_engine_arg(p: argparse.ArgumentParser, auto: str = "") -> None:
    """Add ``--engine {auto,scalar,columnar}`` (default ``auto``) to ``p``; ``auto`` is a
    further condition for ``auto`` to pick columnar, said in the help text."""
    when = msg("opt.engine.when", n=AUTO_MIN_CASES) + (f", {auto}" if auto else "")
    p.add_argument("--engine", choices=ENGINES, default="auto", help=msg("opt.engine", when=when))


def choose_engine(engine: str, n_cases: int) -> str:
    """``"scalar"`` or ``"columnar"`` for ``--engine`` on an input of ``n_cases`` cases.

    ``auto`` is columnar when numpy can be imported and ``n_cases`` is at least
    :data:`AUTO_MIN_CASES`. ``columnar`` without numpy raises :class:`MissingExtraError`
    naming the extra to install.
    """
    if engine == "scalar":
        return "scalar"
    if engine == "auto" and n_cases < AUTO_MIN_CASES:
        return "scalar"
    try:
        import numpy  # noqa: F401
    except ImportError:
        if engine == "auto":
            return "scalar"
        raise MissingExtraError.from_key("error.columnar_needs_numpy") from None
    return "columnar"
