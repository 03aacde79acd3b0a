"""The audit report as Markdown and printable HTML (Danish by default), and as DataFrames."""

from __future__ import annotations

import html
from typing import Any

from boernesag.audit import CaseloadReport
from boernesag.periods import format_date

__all__ = ["findings_frame", "report_frame", "to_html", "to_markdown"]

_T = {
    "title": ("Sagsgennemgang pr. {day}", "Case review as of {day}"),
    "intro": (
        "{n} sager gennemgået. Tabellen viser for hvert tema, i hvor mange sager det er relevant, og hvor stor en del af dem der opfylder kravene (som i BDO's gennemgang af 100 sager).",
        "{n} cases reviewed. For each theme, the table shows in how many cases it is relevant and the share of those that meet the requirements (as in the review of 100 cases).",
    ),
    "head": (
        [
            "Tema",
            "Relevant",
            "Opfyldt",
            "Delvist",
            "Ikke opfyldt",
            "Ikke relevant",
            "% opfyldt",
            "Fund",
        ],
        ["Theme", "Relevant", "Met", "Partly", "Not met", "Not relevant", "% met", "Findings"],
    ),
    "teams": ("Pr. team", "By team"),
    "workers": ("Pr. sagsbehandler", "By caseworker"),
    "group_head": (
        ["", "Sager", "Fund", "Kritisk", "Høj", "Middel", "Lav"],
        ["", "Cases", "Findings", "Critical", "High", "Medium", "Low"],
    ),
    "changes": ("Sagsbehandlerskift", "Changes of caseworker"),
    "changes_text": (
        "{n} skift; {g} blev fulgt af et hul i sagsbehandlingen.",
        "{n} changes; {g} were followed by a gap in the casework.",
    ),
    "worst": ("Sager med flest og alvorligste fund", "Cases with the most serious findings"),
    "rejected": ("Afviste sager (kunne ikke læses)", "Rejected cases (could not be read)"),
}


def _t(key: str, lang: str) -> Any:
    da, en = _T[key]
    return en if lang == "en" else da


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _rows(report: CaseloadReport, lang: str) -> list[list[str]]:
    return [
        [
            c.label(lang),
            str(c.relevant),
            str(c.met),
            str(c.partly),
            str(c.not_met),
            str(c.not_relevant),
            _pct(c.pct_met),
            str(c.findings),
        ]
        for c in report.checks
    ]


def _group_rows(table: dict[str, dict[str, int]]) -> list[list[str]]:
    return [
        [
            key,
            str(v["cases"]),
            str(v["findings"]),
            str(v["critical"]),
            str(v["high"]),
            str(v["medium"]),
            str(v["low"]),
        ]
        for key, v in sorted(table.items())
    ]


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def to_markdown(report: CaseloadReport, lang: str = "da", *, worst: int = 20) -> str:
    """A report a manager can read: the seed-004 table, teams, caseworkers, changes, worst cases."""
    day = format_date(report.as_of, lang)
    lines = [
        f"# {_t('title', lang).format(day=day)}",
        "",
        _t("intro", lang).format(n=len(report.cases)),
        "",
    ]
    lines += _md_table(_t("head", lang), _rows(report, lang))
    lines += [
        f"## {_t('teams', lang)}",
        "",
        *_md_table(_t("group_head", lang), _group_rows(report.by_team)),
    ]
    lines += [
        f"## {_t('workers', lang)}",
        "",
        *_md_table(_t("group_head", lang), _group_rows(report.by_caseworker)),
    ]
    with_gap = sum(1 for c in report.changes if c.gap_days)
    lines += [
        f"## {_t('changes', lang)}",
        "",
        _t("changes_text", lang).format(n=len(report.changes), g=with_gap),
        "",
    ]
    lines += [f"## {_t('worst', lang)}", ""]
    for case in report.worst[:worst]:
        lines.append(f"### {case.case_id} ({case.caseworker or '-'}, {case.score})")
        lines += [f"- **{f.severity.value}** {f.explain(lang)}" for f in case.findings]
        lines.append("")
    if report.rejected:
        lines += [f"## {_t('rejected', lang)}", ""] + [f"- {r}" for r in report.rejected] + [""]
    return "\n".join(lines)


def _html_table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; }
th { background: #eee; }
.critical, .high { color: #a00; } .medium { color: #a60; }
@media print { body { margin: 0; } h2 { page-break-before: auto; } table { page-break-inside: avoid; } }
"""


def to_html(report: CaseloadReport, lang: str = "da", *, worst: int = 20) -> str:
    """The report as a printable HTML page (inline CSS, escaped text)."""
    day = format_date(report.as_of, lang)
    title = html.escape(_t("title", lang).format(day=day))
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title><style>{_CSS}</style></head><body>',
        f"<h1>{title}</h1><p>{html.escape(_t('intro', lang).format(n=len(report.cases)))}</p>",
        _html_table(_t("head", lang), _rows(report, lang)),
        f"<h2>{html.escape(_t('teams', lang))}</h2>",
        _html_table(_t("group_head", lang), _group_rows(report.by_team)),
        f"<h2>{html.escape(_t('workers', lang))}</h2>",
        _html_table(_t("group_head", lang), _group_rows(report.by_caseworker)),
        f"<h2>{html.escape(_t('worst', lang))}</h2>",
    ]
    for case in report.worst[:worst]:
        items = "".join(
            f'<li class="{f.severity.value}"><b>{f.severity.value}</b> {html.escape(f.explain(lang))}</li>'
            for f in case.findings
        )
        parts.append(
            f"<h3>{html.escape(case.case_id)} ({html.escape(case.caseworker or '-')})</h3><ul>{items}</ul>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def report_frame(report: CaseloadReport, lang: str = "da") -> Any:
    """The seed-004 table as a pandas DataFrame (needs the ``pandas`` extra)."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("report_frame needs pandas: pip install 'boernesag[pandas]'") from exc
    return pd.DataFrame([c.to_dict(lang) for c in report.checks]).astype({"check_id": "category"})


def findings_frame(report: CaseloadReport, lang: str = "da") -> Any:
    """Every finding as one row of a DataFrame (needs the ``pandas`` extra)."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover
        raise ImportError("findings_frame needs pandas: pip install 'boernesag[pandas]'") from exc
    rows = [f.to_dict(lang) for c in report.cases for f in c.findings]
    columns = [
        "case_id",
        "check_id",
        "code",
        "severity",
        "rule_id",
        "citation",
        "events",
        "date",
        "caseworker",
        "explanation",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    for col in ("check_id", "code", "rule_id"):
        frame[col] = frame[col].astype("category")
    frame["severity"] = pd.Categorical(
        frame["severity"], categories=["critical", "high", "medium", "low", "info"], ordered=True
    )
    return frame
