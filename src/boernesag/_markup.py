"""Plain text in Markdown output (private): what the renderers share.

Ids, descriptions, names and generated sentences go into the Markdown reports (handover,
audit) as text, never as markup: a case id like ``<script>x</script>`` or a description with
``[klik](https://...)`` must show as typed, not become HTML or a link when a wiki or a mail
client renders the Markdown. :func:`md_text` escapes HTML (``<``, ``>``, ``&`` as entities),
links and images (``[``, ``]``), code spans (`````) and the backslash, and folds line breaks.
Emphasis characters (``*``, ``_``) are left as they are: they cannot inject anything, and ids
such as ``gap_days`` would read worse escaped.
"""

from __future__ import annotations

__all__ = ["md_cell", "md_text"]

_MD_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "\r": " ",
        "\n": " ",
    }
)


def md_text(text: object) -> str:
    """``text`` as Markdown that shows it literally, on one line (see the module)."""
    return str(text).translate(_MD_ESCAPES)


def md_cell(text: object) -> str:
    """:func:`md_text` for a table cell: ``|`` escaped too."""
    return md_text(text).replace("|", "\\|")
