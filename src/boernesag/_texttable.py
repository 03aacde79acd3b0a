"""Plain aligned text tables that fit a width (private): what the text renderers share.

Every ``--format table`` of the command line and the plain-text renderers of the library
(:func:`boernesag.allocation.allocation_text`, ...) draw their tables here, so that they look
alike and all fit the terminal (issue 15: "terminal tables fit 100 columns").

A table whose columns fit ``width`` is drawn as it always was: one line a row, the columns
two spaces apart, the header underlined with dashes. One that does not fit has its columns
narrowed and the cells wrapped within their column (:mod:`textwrap`), so a row may take more
than one line; the continuation lines leave the other columns blank, and a new row is
recognisable by its first cell. Nothing is cut off: every word stays, and the full text is
in the json and csv formats as before. Which columns are narrowed is chosen by cost: the
narrowing that adds the fewest lines per character gained goes first, and splitting a word
(an id, a single long word, a day) comes only when nothing else is left; before it does,
the columns move to one space apart if that spares the words. Long explanations and titles
are therefore wrapped, ids and dates stay whole.

:func:`fill_text` wraps a free-standing sentence (a summary line under a table) likewise.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from collections.abc import Sequence

__all__ = ["DEFAULT_WIDTH", "fill_text", "text_table"]

#: The width of a table when it is not drawn for a terminal (a file, a pipe, the tests).
DEFAULT_WIDTH = 100

_GAP = "  "
#: A column is never narrowed below this (the dashes under a header stay readable).
_FLOOR = 4
#: The cost, in lines, of splitting a word: higher than any wrapping, so it comes last.
_SPLIT_WORD = 10_000
#: The cost, in lines, of breaking a word at a hyphen (an id: ``boernesamtale-foer-``).
_SPLIT_HYPHEN = 3
#: Where :mod:`textwrap` may break a line: at a space, and after a hyphen.
_WORDS = re.compile(r"[ \t\n\r\f\v]+")
_CHUNKS = re.compile(r"[ \t\n\r\f\v]+|(?<=-)(?=\w)")
#: A day as boernesag writes it (:func:`boernesag.periods.format_date`: ``tir 15.06.2021``)
#: is one word: its weekday never ends up on a line of its own. Its space is held by a
#: private-use character (not white space to :mod:`textwrap`) until the line is drawn.
_DAY = re.compile(r"(?<!\S)(\w{3}) (\d\d\.\d\d\.\d{4})(?!\S)")
_HELD_SPACE = "\ue000"


def _hold(cell: str) -> str:
    return _DAY.sub(rf"\1{_HELD_SPACE}\2", cell)


def _longest(pattern: re.Pattern[str], cell: str) -> int:
    return max((len(c) for c in pattern.split(cell)), default=0)


def _wrap(cell: str, width: int) -> list[str]:
    return textwrap.wrap(cell, width, break_long_words=True, break_on_hyphens=True) or [""]


class _Column:
    """The cells of one column, counted by (length, longest word, longest unbreakable chunk)."""

    def __init__(self, cells: Sequence[str]) -> None:
        self.natural = max(len(c) for c in cells)
        self.shapes = Counter(
            (len(c), _longest(_WORDS, c), _longest(_CHUNKS, c)) for c in cells if c
        )
        self._cost: dict[int, float] = {}

    def cost(self, width: int) -> float:
        """About how many lines the column's cells take at ``width``, plus a penalty for each
        word that has to be broken (at a hyphen: a little; anywhere else: lots)."""
        if width not in self._cost:
            self._cost[width] = sum(
                n * (math.ceil(length / width) + _penalty(word, chunk, width))
                for (length, word, chunk), n in self.shapes.items()
            )
        return self._cost[width]

    def broken(self, width: int) -> int:
        """How many of the column's cells have a word broken at ``width``."""
        return sum(n for (_, word, _), n in self.shapes.items() if word > width)


def _penalty(word: int, chunk: int, width: int) -> int:
    if chunk > width:
        return _SPLIT_WORD
    return _SPLIT_HYPHEN if word > width else 0


def _fit(columns: Sequence[_Column], room: int) -> list[int]:
    """Column widths that sum to at most ``room`` where possible: narrow the column that costs
    the fewest lines per character gained, to the bottom of its step (a date column goes
    straight to the width of its date without the time, not one character less), then give
    the room left over back where it saves the most lines."""
    widths = [c.natural for c in columns]
    excess = sum(widths) - room
    while excess > 0:
        best: tuple[float, int, int, int] | None = None  # (cost per char, -width, col, new)
        for i, col in enumerate(columns):
            now = col.cost(widths[i])
            for new in range(widths[i] - 1, _FLOOR - 1, -1):
                key = ((col.cost(new) - now) / (widths[i] - new), -widths[i], i, new)
                if best is None or key < best:
                    best = key
        if best is None:  # every column at the floor: the table stays too wide
            break
        _, _, k, narrower = best
        excess -= widths[k] - narrower
        widths[k] = narrower
    while excess < 0:
        gain: tuple[float, int, int] | None = None  # (-lines saved per char, col, new)
        for i, col in enumerate(columns):
            now = col.cost(widths[i])
            for new in range(widths[i] + 1, min(col.natural, widths[i] - excess) + 1):
                saved = now - col.cost(new)
                step = (-saved / (new - widths[i]), i, new)
                if saved > 0 and (gain is None or step < gain):
                    gain = step
        if gain is None:
            break
        _, k, wider = gain
        excess += wider - widths[k]
        widths[k] = wider
    # What is left (the line count above is an estimate) goes to the most wrapped column.
    wrapped = [i for i, col in enumerate(columns) if widths[i] < col.natural]
    if excess < 0 and wrapped:
        k = max(wrapped, key=lambda j: columns[j].cost(widths[j]))
        widths[k] = min(columns[k].natural, widths[k] - excess)
    return widths


def _lines(cells: Sequence[str], widths: Sequence[int], gap: str) -> list[str]:
    parts = [_wrap(c, w) if len(c) > w else [c] for c, w in zip(cells, widths, strict=True)]
    height = max(len(p) for p in parts)
    return [
        gap.join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True))
        .rstrip()
        .replace(_HELD_SPACE, " ")
        for k in range(height)
    ]


#: The indentation of a row's note (:func:`text_table`'s ``notes``).
NOTE_INDENT = "    "


def text_table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None = DEFAULT_WIDTH,
    notes: Sequence[str] | None = None,
) -> str:
    """``rows`` under ``head`` as an aligned plain-text table of at most ``width`` characters
    a line (``None``: no limit), wrapping cells within their columns (see the module).

    ``notes`` (one a row, ``""`` for none) are long texts that get no column: each goes,
    wrapped and indented, on lines of its own under its row."""
    held = [[_hold(c) for c in row] for row in rows]
    columns = [_Column([h, *(row[i] for row in held)]) for i, h in enumerate(head)]
    widths, gap = [c.natural for c in columns], _GAP
    if width is not None:
        widths = _fit(columns, width - len(gap) * (len(head) - 1))
        if any(c.broken(w) for c, w in zip(columns, widths, strict=True)):
            # Words would break (an id, a date): one space between the columns may spare them.
            narrow = _fit(columns, width - (len(head) - 1))
            if sum(c.broken(w) for c, w in zip(columns, narrow, strict=True)) < sum(
                c.broken(w) for c, w in zip(columns, widths, strict=True)
            ):
                widths, gap = narrow, " "
    lines = _lines(head, widths, gap)
    lines.append(gap.join("-" * w for w in widths))
    for k, row in enumerate(held):
        lines += _lines(row, widths, gap)
        note = notes[k] if notes is not None else ""
        if note:
            lines += fill_text(NOTE_INDENT + note, width, NOTE_INDENT).split("\n")
    return "\n".join(lines) + "\n"


def fill_text(text: str, width: int | None = DEFAULT_WIDTH, indent: str = "") -> str:
    """``text`` wrapped to ``width`` characters a line (``None``: as it is), each of its lines
    on its own; continuation lines start with ``indent`` (a warning's text under its "! ")."""
    if width is None:
        return text
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False)
        if len(line) > width
        else line
        for line in text.split("\n")
    )
