"""Allocation results as text tables, Markdown and CSV rows (Danish by default, English on request).

JSON comes from ``Allocation.to_dict`` and ``Suggestion.to_dict``; the functions here lay the
same facts out for people: who gets which case and why, what could not be placed, and the load
per caseworker before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boernesag._markup import md_cell, md_text
from boernesag._texttable import DEFAULT_WIDTH, fill_text, text_table
from boernesag.allocation.labels import fmt_number, fmt_percent, say
from boernesag.allocation.solve import Allocation
from boernesag.allocation.suggest import Suggestion, why_none

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "allocation_markdown",
    "allocation_rows",
    "allocation_text",
    "load_table",
    "suggestion_rows",
    "suggestions_markdown",
    "suggestions_text",
]

#: Columns of :func:`allocation_rows` (CSV).
ASSIGNMENT_COLUMNS: tuple[str, ...] = (
    "case_id",
    "status",
    "caseworker_id",
    "previous",
    "switch",
    "weight",
    "explanation",
)


def allocation_rows(result: Allocation, lang: str = "da") -> list[dict[str, Any]]:
    """One row per case of the batch: placed (with the reasons) or not (with the reason)."""
    rows: list[dict[str, Any]] = [
        {
            "case_id": a.case_id,
            "status": "assigned",
            "caseworker_id": a.caseworker_id,
            "previous": a.previous or "",
            "switch": a.switch,
            "weight": a.weight,
            "explanation": a.explanation(lang),
        }
        for a in result.assignments
    ]
    rows += [
        {
            "case_id": u.case_id,
            "status": "unassigned",
            "caseworker_id": "",
            "previous": "",
            "switch": False,
            "weight": u.weight if u.weight is not None else "",
            "explanation": u.reason(lang),
        }
        for u in result.unassigned
    ]
    return sorted(rows, key=lambda r: str(r["case_id"]))


def _assignment_table(result: Allocation, lang: str) -> tuple[list[str], list[list[str]]]:
    head = [say(k, lang) for k in ("col.case", "col.caseworker", "col.previous", "col.weight")]
    head.append(say("col.reasons", lang))
    rows = [
        [
            a.case_id,
            a.caseworker_id,
            a.previous or "",
            fmt_number(a.weight, lang),
            a.explanation(lang),
        ]
        for a in result.assignments
    ]
    return head, rows


def _unassigned_table(result: Allocation, lang: str) -> tuple[list[str], list[list[str]]]:
    head = [say("col.case", lang), say("col.weight", lang), say("col.reason", lang)]
    rows = [
        [u.case_id, fmt_number(u.weight, lang) if u.weight is not None else "", u.reason(lang)]
        for u in result.unassigned
    ]
    return head, rows


def load_table(result: Allocation, lang: str = "da") -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the load per caseworker before and after (participants only)."""
    keys = (
        "col.caseworker",
        "col.capacity",
        "col.before",
        "col.after",
        "col.load_after",
        "col.cases_before",
        "col.cases_after",
    )
    head = [say(k, lang) for k in keys]
    rows = []
    for r in result.load_rows():
        if not r["participant"] and r["load_before"] == r["load_after"]:
            continue
        rows.append(
            [
                r["caseworker_id"],
                fmt_number(r["capacity"], lang),
                fmt_number(r["load_before"], lang),
                fmt_number(r["load_after"], lang),
                r["load_after_pct"] or "",
                str(r["cases_before"]),
                str(r["cases_after"]),
            ]
        )
    return head, rows


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table whose cells show ids and texts literally (no HTML or links from data)."""
    lines = ["| " + " | ".join(md_cell(h) for h in head) + " |"]
    lines.append("|" + "|".join("---" for _ in head) + "|")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def allocation_text(
    result: Allocation, lang: str = "da", *, width: int | None = DEFAULT_WIDTH
) -> str:
    """The allocation as plain aligned tables: assignments, not allocated, loads, summary;
    at most ``width`` characters a line (long reasons wrap within their column)."""
    out = [text_table(*_assignment_table(result, lang), width)]
    if result.unassigned:
        out.append(
            say("title.unassigned", lang)
            + "\n"
            + text_table(*_unassigned_table(result, lang), width)
        )
    out.append(say("title.loads", lang) + "\n" + text_table(*load_table(result, lang), width))
    out.append(fill_text(result.summary(lang), width) + "\n")
    return "\n".join(out)


def allocation_markdown(result: Allocation, lang: str = "da") -> str:
    """The allocation as Markdown (for a leader's note or an issue tracker)."""
    out = [f"## {say('title.assignments', lang)}", "", md_text(result.summary(lang)), ""]
    out.append(_md_table(*_assignment_table(result, lang)))
    if result.unassigned:
        out += [f"### {say('title.unassigned', lang)}", ""]
        out.append(_md_table(*_unassigned_table(result, lang)))
    out += [f"### {say('title.loads', lang)}", ""]
    out.append(_md_table(*load_table(result, lang)))
    return "\n".join(out)


def suggestion_rows(suggestions: Sequence[Suggestion], lang: str = "da") -> list[dict[str, Any]]:
    """One flat row per suggestion (CSV)."""
    return [
        {
            "rank": s.rank,
            "caseworker_id": s.caseworker_id,
            "score": round(s.score, 4),
            "eligible": s.eligible,
            "load_before": round(s.load_before, 4),
            "load_after": round(s.load_after, 4),
            "capacity": s.capacity,
            "explanation": s.explanation(lang),
        }
        for s in suggestions
    ]


def _suggestion_table(
    suggestions: Sequence[Suggestion], lang: str
) -> tuple[list[str], list[list[str]]]:
    keys = ("col.rank", "col.caseworker", "col.score", "col.eligible", "col.load_after")
    head = [say(k, lang) for k in keys] + [say("col.reasons", lang)]
    rows = [
        [
            str(s.rank),
            s.caseworker_id,
            fmt_number(s.score, lang),
            say("yes" if s.eligible else "no", lang),
            fmt_percent(s.ratio_after),
            s.explanation(lang),
        ]
        for s in suggestions
    ]
    return head, rows


def suggestions_text(
    suggestions: Sequence[Suggestion],
    case_id: str,
    lang: str = "da",
    top: int | None = None,
    *,
    width: int | None = DEFAULT_WIDTH,
) -> str:
    """Ranked suggestions for one case as a plain table (the first ``top``), and why none fits;
    at most ``width`` characters a line (long reasons wrap within their column)."""
    shown = suggestions[:top] if top else suggestions
    out = [
        fill_text(say("title.suggestions", lang, case=case_id), width),
        text_table(*_suggestion_table(shown, lang), width),
    ]
    reason = why_none(suggestions, lang)
    if reason:
        out.append(fill_text(reason, width) + "\n")
    return "\n".join(out)


def suggestions_markdown(
    suggestions: Sequence[Suggestion], case_id: str, lang: str = "da", top: int | None = None
) -> str:
    """Ranked suggestions for one case as Markdown (the first ``top``), and why none fits."""
    shown = suggestions[:top] if top else suggestions
    out = [f"## {md_text(say('title.suggestions', lang, case=case_id))}", ""]
    out.append(_md_table(*_suggestion_table(shown, lang)))
    reason = why_none(suggestions, lang)
    if reason:
        out += ["", md_text(reason), ""]
    return "\n".join(out)
