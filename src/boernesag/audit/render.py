"""The audit report for people: Markdown and printable HTML (Danish by default), and JSON.

The report reads like BDO's (Randers 2016) summary: one line per theme ("Børnefaglig undersøgelse:
relevant i 75 sager, opfyldt i 47 % ..."), then the table, teams, caseworkers, the changes of
caseworker that were followed by a gap, and the cases with the most serious findings. Both
formats are built from the same blocks, so they always say the same.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from boernesag._markup import md_cell, md_text
from boernesag.audit.core import CaseAudit
from boernesag.audit.findings import Severity
from boernesag.audit.report import CaseloadReport, CheckSummary
from boernesag.periods import format_date
from boernesag.text import check_lang, fill

__all__ = ["to_html", "to_json", "to_markdown"]

_T: dict[str, tuple[Any, Any]] = {
    "title": ("Sagsgennemgang pr. {day}", "Case review as of {day}"),
    "intro": (
        "{n} {n:sag|sager} er gennemgået med boernesag. Der er {f} fund; {o} af dem er "
        "{o:uafklaret|uafklarede} på "
        "opgørelsesdagen (resten er historik). Gennemgangen følger temaerne i BDO's gennemgang af "
        "100 komplekse sager (Randers 2016) og Task forcens juridiske gennemgang (Jammerbugt 2017).",
        "{n} {n:case was|cases were} reviewed with boernesag. There {f:is|are} {f} "
        "{f:finding|findings}; {o} of them {o:is|are} unresolved on the audit day (the rest is history). The review follows the themes of "
        "BDO's review of 100 complex cases (Randers 2016) and the Task force's legal review (Jammerbugt 2017).",
    ),
    "themes": ("Temaer", "Themes"),
    # A theme line is the check's label in bold, then this text.
    "theme_line": (
        ": relevant i {rel} {rel:sag|sager}; opfyldt i {pm} ({m} {m:sag|sager}), delvist i "
        "{pp} ({p}), "
        "ikke opfyldt i {pn} ({nm}).",
        ": relevant in {rel} {rel:case|cases}; met in {pm} ({m} {m:case|cases}), partly in "
        "{pp} ({p}), "
        "not met in {pn} ({nm}).",
    ),
    "theme_none": (
        ": ikke relevant i nogen sag.",
        ": not relevant in any case.",
    ),
    "head": (
        [
            "Tema",
            "Grundlag",
            "Relevant",
            "Opfyldt",
            "Delvist",
            "Ikke opfyldt",
            "% opfyldt",
            "Fund",
            "Uafklarede",
        ],
        [
            "Theme",
            "Basis",
            "Relevant",
            "Met",
            "Partly",
            "Not met",
            "% met",
            "Findings",
            "Unresolved",
        ],
    ),
    "severity": ("Fund efter alvor", "Findings by severity"),
    "teams": ("Pr. team", "By team"),
    "teams_head": (
        ["Team", "Sager", "Fund", "Kritiske", "Høje", "Uafklarede"],
        ["Team", "Cases", "Findings", "Critical", "High", "Unresolved"],
    ),
    "workers": ("Pr. sagsbehandler", "By caseworker"),
    "workers_text": (
        "Sagerne er talt hos den sagsbehandler, der har dem på opgørelsesdagen. Modtaget og "
        'afgivet tæller sagsbehandlerskift; "huller" er modtagne sager, hvor skiftet blev '
        "fulgt af en periode uden aktivitet.",
        "Cases are counted with the caseworker who holds them on the audit day. Received and "
        'given count changes of caseworker; "gaps" are received cases where the change was '
        "followed by a period without activity.",
    ),
    "workers_head": (
        [
            "Sagsbehandler",
            "Sager",
            "Fund",
            "Kritiske + høje",
            "Uafklarede",
            "Modtaget",
            "Afgivet",
            "Huller efter modtagelse",
        ],
        [
            "Caseworker",
            "Cases",
            "Findings",
            "Critical + high",
            "Unresolved",
            "Received",
            "Given",
            "Gaps after receiving",
        ],
    ),
    "changes": ("Sagsbehandlerskift", "Changes of caseworker"),
    "changes_text": (
        "{n} skift af sagsbehandler eller team; {g} blev fulgt af et hul i sagsbehandlingen "
        "({d} {d:dag|dage} i alt), {o} af dem varer endnu.",
        "{n} {n:change|changes} of caseworker or team; {g} {g:was|were} followed by a gap in "
        "the casework ({d} {d:day|days} in all), {o} of them still running.",
    ),
    "changes_head": (
        ["Dato", "Sag", "Fra", "Til", "Hul (dage)"],
        ["Date", "Case", "From", "To", "Gap (days)"],
    ),
    "worst": ("Sager med de alvorligste fund", "Cases with the most serious findings"),
    "worst_case": (
        "{case} – {cw}, {n} fund, {o} {o:uafklaret|uafklarede} (point {s})",
        "{case} – {cw}, {n} {n:finding|findings}, {o} unresolved (points {s})",
    ),
    "ongoing": ("uafklaret", "unresolved"),
    "failures": ("Sager, der ikke kunne gennemgås", "Cases the audit could not run on"),
    "rejected": ("Afviste sager (kunne ikke læses)", "Rejected cases (could not be read)"),
    "settings": ("Indstillinger (ikke lov)", "Settings (not law)"),
    "settings_text": (
        "Tærskler, der ikke står i loven, med Task forcens og BDO's værdier som standard: ",
        "Thresholds that are not law, with the values of the Task force (Jammerbugt 2017) and BDO (Randers 2016) as defaults: ",
    ),
    "none": ("ingen", "none"),
}


def _t(key: str, lang: str) -> Any:
    da, en = _T[key]
    return en if lang == "en" else da


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


Block = tuple[Any, ...]


def _theme_line(c: CheckSummary, lang: str) -> tuple[str, str]:
    """The check's label (shown in bold) and the rest of its line."""
    if not c.relevant:
        return c.label(lang), str(_t("theme_none", lang))
    return c.label(lang), fill(
        str(_t("theme_line", lang)),
        rel=c.relevant,
        pm=_pct(c.pct_met),
        m=c.met,
        pp=_pct(c.pct_partly),
        p=c.partly,
        pn=_pct(c.pct_not_met),
        nm=c.not_met,
    )


def _case_heading(c: CaseAudit, lang: str) -> str:
    return fill(
        str(_t("worst_case", lang)),
        case=c.case_id,
        cw=c.caseworker or _t("none", lang),
        n=len(c.findings),
        o=c.ongoing,
        s=c.score,
    )


def _blocks(report: CaseloadReport, lang: str, worst: int) -> list[Block]:
    lang = check_lang(lang)
    day = format_date(report.as_of, lang)
    ongoing = sum(c.ongoing for c in report.checks)
    blocks: list[Block] = [
        ("h1", fill(str(_t("title", lang)), day=day)),
        ("p", fill(str(_t("intro", lang)), n=report.n_cases, f=report.n_findings, o=ongoing)),
        ("h2", _t("themes", lang)),
        ("themes", [_theme_line(c, lang) for c in report.checks]),
        (
            "table",
            _t("head", lang),
            [
                [
                    c.label(lang),
                    c.basis,
                    str(c.relevant),
                    str(c.met),
                    str(c.partly),
                    str(c.not_met),
                    _pct(c.pct_met),
                    str(c.findings),
                    str(c.ongoing),
                ]
                for c in report.checks
            ],
        ),
        ("h2", _t("severity", lang)),
        (
            "table",
            [s.label(lang).capitalize() for s in Severity],
            [[str(report.severities.get(s.value, 0)) for s in Severity]],
        ),
        ("h2", _t("teams", lang)),
        (
            "table",
            _t("teams_head", lang),
            [
                [
                    g.name or g.key,
                    str(g.cases),
                    str(g.findings),
                    str(g.by_severity.get("critical", 0)),
                    str(g.by_severity.get("high", 0)),
                    str(g.ongoing),
                ]
                for g in report.teams
            ],
        ),
        ("h2", _t("workers", lang)),
        ("p", _t("workers_text", lang)),
        (
            "table",
            _t("workers_head", lang),
            [
                [
                    g.key if not g.name else f"{g.name} ({g.key})",
                    str(g.cases),
                    str(g.findings),
                    str(g.by_severity.get("critical", 0) + g.by_severity.get("high", 0)),
                    str(g.ongoing),
                    str(g.received),
                    str(g.given),
                    str(g.gaps_after_received),
                ]
                for g in report.caseworkers
            ],
        ),
    ]
    with_gap = [c for c in report.changes if c.gap_days is not None]
    blocks += [
        ("h2", _t("changes", lang)),
        (
            "p",
            fill(str(_t("changes_text", lang)),
                n=len(report.changes),
                g=len(with_gap),
                d=sum(c.gap_days or 0 for c in with_gap),
                o=sum(1 for c in with_gap if c.gap_ongoing),
            ),
        ),
    ]
    if with_gap:
        none = str(_t("none", lang))
        ranked = sorted(with_gap, key=lambda c: (-(c.gap_days or 0), c.day, c.case_id))
        blocks.append(
            (
                "table",
                _t("changes_head", lang),
                [
                    [
                        format_date(c.day, lang),
                        c.case_id,
                        c.from_caseworker or none,
                        c.to_caseworker or none,
                        str(c.gap_days) + (" …" if c.gap_ongoing else ""),
                    ]
                    for c in ranked[:worst]
                ],
            )
        )
    if report.worst and worst > 0:
        blocks.append(("h2", _t("worst", lang)))
        for case in report.worst[:worst]:
            blocks.append(("h3", _case_heading(case, lang)))
            items = []
            for f in case.findings:
                mark = f" ({_t('ongoing', lang)})" if f.ongoing else ""
                items.append(
                    (f.severity.value, f"{f.severity.label(lang)}{mark}: {f.explain(lang)}")
                )
            blocks.append(("ul", items))
    if report.failures:
        blocks += [
            ("h2", _t("failures", lang)),
            ("ul", [("", f"{f.case_id or '?'}: {f.error}") for f in report.failures]),
        ]
    if report.rejected:
        blocks += [("h2", _t("rejected", lang)), ("ul", [("", r) for r in report.rejected])]
    settings = ", ".join(f"{k} = {_setting(v)}" for k, v in report.settings.to_dict().items())
    blocks += [("h2", _t("settings", lang)), ("p", str(_t("settings_text", lang)) + settings)]
    return blocks


def _setting(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return "(" + ", ".join(str(v) for v in value) + ")"
    return str(value)


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md_cell(c) for c in r) + " |" for r in rows]
    return out


def to_markdown(report: CaseloadReport, lang: str = "da", *, worst: int = 20) -> str:
    """A report a manager can read: the themes as BDO, Randers 2016 writes them, the table, teams,
    caseworkers, changes with gaps and the ``worst`` cases with their findings.

    Every text is shown as text: ids, names and messages cannot become HTML or links
    (:func:`boernesag._markup.md_text`)."""
    lines: list[str] = []
    for block in _blocks(report, lang, worst):
        kind = block[0]
        if kind == "h1":
            lines += [f"# {md_text(block[1])}", ""]
        elif kind == "h2":
            lines += [f"## {md_text(block[1])}", ""]
        elif kind == "h3":
            lines += [f"### {md_text(block[1])}", ""]
        elif kind == "p":
            lines += [md_text(block[1]), ""]
        elif kind == "themes":
            lines += [f"- **{md_text(label)}**{md_text(rest)}" for label, rest in block[1]]
            lines.append("")
        elif kind == "ul":
            lines += [f"- {md_text(text)}" for _, text in block[1]] + [""]
        elif kind == "table":
            lines += [*_md_table(block[1], block[2]), ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #222;
       max-width: 70em; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.8em 0 1.2em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eee; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
li.critical { color: #900; font-weight: 600; } li.high { color: #a00; } li.medium { color: #a60; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } table, li { break-inside: avoid; }
}
"""


def to_html(report: CaseloadReport, lang: str = "da", *, worst: int = 20) -> str:
    """The report as one printable HTML page (inline CSS, every text escaped)."""
    blocks = _blocks(report, lang, worst)
    title = html.escape(blocks[0][1])
    parts = [
        f'<!DOCTYPE html>\n<html lang="{check_lang(lang)}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_CSS}</style></head><body>"
    ]
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            parts.append(f"<{kind}>{html.escape(block[1])}</{kind}>")
        elif kind == "p":
            parts.append(f"<p>{html.escape(block[1])}</p>")
        elif kind == "themes":
            items = "".join(
                f"<li><b>{html.escape(label)}</b>{html.escape(rest)}</li>"
                for label, rest in block[1]
            )
            parts.append(f"<ul>{items}</ul>")
        elif kind == "ul":
            items = "".join(
                f'<li class="{html.escape(cls)}">{html.escape(text)}</li>'
                if cls
                else f"<li>{html.escape(text)}</li>"
                for cls, text in block[1]
            )
            parts.append(f"<ul>{items}</ul>")
        elif kind == "table":
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block[1])
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in block[2]
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def to_json(report: CaseloadReport, lang: str = "da", *, worst: int | None = None) -> str:
    """The report as JSON (:meth:`CaseloadReport.to_dict`), UTF-8 text, indented."""
    return json.dumps(report.to_dict(lang, worst=worst), ensure_ascii=False, indent=2) + "\n"
