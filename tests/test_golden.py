"""Every subcommand's output on the demo caseload, byte for byte as stored (tests/golden.py).

One test per invocation in :data:`golden.INVOCATIONS`; a failure shows the first differing
lines and the command that stores the new outputs when the change is deliberate
(docs/development.rst, "Golden files").
"""

from __future__ import annotations

import argparse

import pytest

import golden

INDEX = golden.load_index()


@pytest.mark.parametrize("inv", golden.INVOCATIONS, ids=[i.name for i in golden.INVOCATIONS])
def test_output_is_as_stored(inv: golden.Invocation) -> None:
    problem = golden.differences(inv, inv.run(), INDEX)
    if problem is not None:
        pytest.fail(problem, pytrace=False)


def test_no_stale_golden_files() -> None:
    """Every stored file and index entry belongs to an invocation (a removed one is removed)."""
    wanted = {inv.path.name for inv in golden.INVOCATIONS} | {golden.INDEX.name}
    stored = {p.name for p in golden.GOLDEN_DIR.iterdir()}
    names = {inv.name for inv in golden.INVOCATIONS}
    assert stored - wanted == set(), f"stale golden files; run `{golden.UPDATE_COMMAND}`"
    assert set(INDEX) - names == set(), f"stale index entries; run `{golden.UPDATE_COMMAND}`"


def test_every_subcommand_is_covered() -> None:
    """A new subcommand (or library output) needs its golden invocations too."""
    from boernesag.cli import SUBCOMMANDS

    covered = {inv.argv[0] for inv in golden.INVOCATIONS if inv.argv}
    assert set(SUBCOMMANDS) <= covered, f"no golden output for {set(SUBCOMMANDS) - covered}"


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    from boernesag.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the command line has no subcommands")


def test_every_format_and_language_is_covered() -> None:
    """Each subcommand's every --format, in Danish and English, has a golden output."""
    covered: set[tuple[str, str, str]] = set()
    for inv in golden.INVOCATIONS:
        argv = list(inv.argv)
        if "--format" in argv:
            lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "da"
            covered.add((argv[0], argv[argv.index("--format") + 1], lang))
    missing = []
    for name, parser in _subparsers().items():
        for action in parser._actions:
            if action.dest == "format":
                missing += [
                    (name, str(fmt), lang)
                    for fmt in action.choices or ()
                    for lang in ("da", "en")
                    if (name, str(fmt), lang) not in covered
                ]
    assert missing == [], f"no golden output for (subcommand, format, language): {missing}"
