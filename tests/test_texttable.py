"""Text tables fit the terminal (issue 15, item 9: "terminal tables fit 100 columns").

The shared renderer (:mod:`boernesag._texttable`) on small tables, and every ``--format table``
output of every subcommand on the demo, in both languages: no line longer than 100 characters.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys

import pytest

import golden
from boernesag._texttable import fill_text, text_table
from boernesag.cli import common

HEAD = ["sag", "regel", "fund"]
ROWS = [
    [
        "K-2021-00001",
        "underretning-vurdering",
        "Underretningen er ikke vurderet inden 24 timer " * 3,
    ],
    ["K-2021-00002", "klagefrist", "kort"],
]


def _starts(line: str) -> list[int]:
    """Where the cells of a table line begin (after a gap of two spaces, or at 0)."""
    return [m.start() for m in re.finditer(r"(?:(?<=  )|^)\S", line)]


def test_a_table_that_fits_is_drawn_as_before() -> None:
    assert text_table(["a", "bb"], [["xxx", "y"]], width=100) == "a    bb\n---  --\nxxx  y\n"


def test_a_wide_table_wraps_its_long_column_and_keeps_every_word() -> None:
    text = text_table(HEAD, ROWS, width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    # The ids stay whole: the long text column is the one that wraps.
    assert "K-2021-00001  underretning-vurdering  Underretningen" in lines[2]
    words = [w for row in ROWS for cell in row for w in cell.split()]
    assert [w for w in text.split() if not set(w) <= {"-"}][len(HEAD) :] == words
    # Continuation lines leave the first columns blank and start under the wrapped column.
    fund = lines[1].index("-", lines[1].index("  ", lines[1].index("  ") + 2))
    for line in lines[3:-1]:
        assert line.startswith(" " * fund)
        assert line[fund] != " "


def test_wrapped_columns_stay_aligned() -> None:
    lines = text_table(HEAD, ROWS, width=50).splitlines()
    sep = lines[1]
    columns = [m.start() for m in re.finditer(r"-+", sep)]
    for line in lines[2:]:
        assert set(_starts(line)) <= set(columns)


def test_a_word_longer_than_the_room_is_split_not_dropped() -> None:
    text = text_table(["x"], [["a" * 30]], width=10)
    assert max(len(line) for line in text.splitlines()) <= 10
    assert "".join(text.splitlines()[2:]) == "a" * 30


def test_without_a_width_nothing_wraps() -> None:
    assert len(text_table(HEAD, ROWS, width=None).splitlines()) == 4


def test_fill_text_indents_continuation_lines() -> None:
    text = fill_text("! " + "ord " * 40, 30, indent="  ")
    lines = text.splitlines()
    assert all(len(line) <= 30 for line in lines)
    assert all(line.startswith("  ") for line in lines[1:])


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_table_width_is_the_terminals_when_stdout_is_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert common.table_width() == 100
    monkeypatch.setattr(sys, "stdout", _Tty())
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback: os.terminal_size((72, 24)))
    assert common.table_width() == 72


def test_columns_set_in_the_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setenv("COLUMNS", "250")
    assert common.table_width() == 250
    monkeypatch.setenv("COLUMNS", "10")
    assert common.table_width() == 40


DEMO = ("--demo", "--as-of", "2025-06-30", "--format", "table")
TABLES = {
    "deadlines": ("deadlines", *DEMO),
    "deadlines-summary": ("deadlines", *DEMO, "--summary"),
    "deadlines-columnar": ("deadlines", *DEMO, "--engine", "columnar"),
    "audit": ("audit", *DEMO),
    "audit-findings": ("audit", *DEMO, "--findings"),
    "audit-case": ("audit", *DEMO, "--case", golden.CASE),
    "handover-case": ("handover", *DEMO, "--case", golden.CASE),
    "handover-caseworker": ("handover", *DEMO, "--caseworker", "CW-001"),
    "handover-overgang": (
        "handover",
        *DEMO,
        "--case",
        golden.TURNS_18_CASE,
        "--reason",
        "overgang",
    ),
    "handover-ages": ("handover", *DEMO, "--ages"),
    "allocate": ("allocate", *DEMO),
    "allocate-from": ("allocate", *DEMO, "--from", "CW-002"),
    "allocate-suggest": ("allocate", *DEMO, "--suggest", golden.CASE),
}
#: workdays prints a sentence, not a table, and has no --lang (Danish only, for now).
WORKDAYS = {
    "workdays-between": ("workdays", "between", "2025-01-01", "2025-12-31"),
    "workdays-check": ("workdays", "check", "2025-04-17"),
}


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_output_fits_100_columns(name: str, lang: str) -> None:
    _assert_fits(golden.run_cli([*TABLES[name], "--lang", lang]))


@pytest.mark.parametrize("name", sorted(WORKDAYS))
def test_workdays_fits_100_columns(name: str) -> None:
    _assert_fits(golden.run_cli(WORKDAYS[name]), exits=(0, 1))


def _assert_fits(out: golden.Output, exits: tuple[int, ...] = (0, 3)) -> None:
    assert out.exit in exits, out.stderr
    assert out.stdout.strip()
    long = [line for line in out.stdout.splitlines() if len(line) > 100]
    assert long == [], f"{len(long)} lines over 100 characters, e.g. {long[0]!r}"


def test_a_note_goes_whole_and_indented_under_its_row() -> None:
    note = "beskrivelse: " + "Familien er i gang med et forældrekursus. " * 4
    lines = text_table(["sag", "åbne"], [["K1", "0"], ["K2", "1"]], 60, [note, ""]).splitlines()
    assert lines[2] == "K1   0"
    assert all(line.startswith("    ") and len(line) <= 60 for line in lines[3:-1])
    assert " ".join(" ".join(lines[3:-1]).split()) == " ".join(note.split())
    assert lines[-1] == "K2   1"


def test_a_day_is_never_split_from_its_weekday() -> None:
    text = text_table(["frist", "tekst"], [["tir 15.06.2021 08:47", "ord " * 30]], width=40)
    assert "tir 15.06.2021" in text
