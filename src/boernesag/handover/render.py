"""Renderers for handovers, sagslister, reassignments and transition overviews.

Markdown (for a wiki or an e-mail), printable HTML (one self-contained page with inline CSS
and an ``@media print`` block: each case stays on one page where it fits, the description
field is a box to write in), JSON (``to_dict`` of each object) and, with the ``pandas``
extra, a DataFrame of the sagsliste. Danish by default, English with ``lang="en"``. No CPR
number is ever rendered: a child is its id and birth date.
"""

from __future__ import annotations

import html
import importlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from boernesag._markup import md_cell, md_text
from boernesag.audit.findings import Severity
from boernesag.handover.checklist import Checklist
from boernesag.handover.core import Handover, WindowWarning
from boernesag.handover.reassignment import Reassignment
from boernesag.handover.sagsliste import DeadlineInfo, Sagsliste, SagslisteRow
from boernesag.handover.situation import Situation
from boernesag.handover.switches import SwitchRow, complexity_label
from boernesag.handover.transition import AgeMilestone, TransitionPlan
from boernesag.periods import format_date
from boernesag.text import check_lang, fill, status_label

__all__ = [
    "render_as",
    "render_html",
    "render_json",
    "render_markdown",
    "sagsliste_frame",
]

_L: dict[str, tuple[str, str]] = {
    "title": ("Overdragelse", "Handover"),
    "planned": ("forberedt skift", "prepared change"),
    "unplanned": ("uforberedt skift", "unprepared change"),
    "enkeltsag": ("enkeltsager", "single cases"),
    "sagsstamme": ("sagsstamme", "whole caseload"),
    "reason.ophoer": ("ophør", "leaving"),
    "reason.orlov": ("orlov", "leave"),
    "reason.specialisering": ("specialisering", "specialisation"),
    "reason.overgang": ("overgang til voksen", "transition to adulthood"),
    "reason.sygdom": ("sygdom", "illness"),
    "from": ("Fra", "From"),
    "to": ("Til", "To"),
    "unknown": ("ikke udpeget", "not appointed"),
    "on": ("Skiftedag", "Day of change"),
    "as_of": ("Opgjort", "As of"),
    "window": ("Overdragelsesvindue", "Handover window"),
    "days": ("dage", "days"),
    "checklist": ("Tjekliste", "Checklist"),
    "by": ("senest", "by"),
    "no_date": ("løbende", "ongoing"),
    "warnings": ("Frister ved skiftet", "Deadlines at the change"),
    "no_warnings": (
        "Ingen frister i overdragelsesvinduet.",
        "No deadlines in the handover window.",
    ),
    "sagsliste": ("Sagsliste", "Case list"),
    "sagsliste.sub": (
        "{n} {n:sag|sager}, mest presserende først",
        "{n} {n:case|cases}, most urgent first",
    ),
    "born_col": ("Født", "Born"),
    "case": ("Sag", "Case"),
    "child": ("Barn", "Child"),
    "born": ("født", "born"),
    "age": ("år", "years"),
    "urgency": ("Hastegrad", "Urgency"),
    "first_due": ("Første frist", "First deadline"),
    "measures": ("Indsatser", "Measures"),
    "since": ("fra", "from"),
    "none": ("ingen", "none"),
    "next_followup": ("Næste opfølgning", "Next follow-up"),
    "overdue": ("Overskredne frister", "Overdue deadlines"),
    "due_soon": ("Frister inden for {n} {n:dag|dage}", "Deadlines within {n} {n:day|days}"),
    "open_decisions": ("Åbne afgørelser", "Open decisions"),
    "complaints": ("Klager", "Complaints"),
    "contact_child": ("Sidste samtale med barnet", "Last conversation with the child"),
    "contact_family": ("Sidste kontakt med familien", "Last contact with the family"),
    "bfu": ("Seneste børnefaglige undersøgelse", "Latest child protection investigation"),
    "bfu_running": ("undersøgelse i gang siden {d}", "investigation under way since {d}"),
    "plan": ("Seneste barnets plan", "Latest child's plan"),
    "grants": ("Bevillinger", "Grants"),
    "awaiting": ("afventer start", "awaiting start"),
    "started": ("startet", "started"),
    "agreements": ("Aftaler", "Agreements"),
    "caseworkers": ("Sagsbehandlere hidtil", "Caseworkers so far"),
    "complexity": ("Kompleksitet", "Complexity"),
    "fixed": (
        "fast sagsbehandler anbefales (Socialstyrelsen, »Hvordan overdrages sager?«)",
        "a fixed caseworker is recommended (Socialstyrelsen, »Hvordan overdrages sager?«)",
    ),
    "findings": ("Fund fra sagsgennemgangen", "Audit findings"),
    "no_audit": ("sagsgennemgang ikke tilgængelig", "audit not available"),
    "milestones": ("Aldersmilepæle", "Age milestones"),
    "description": (
        "Kort beskrivelse (afgivende sagsbehandler)",
        "Short description (outgoing caseworker)",
    ),
    "fill_in": ("udfyldes", "to fill in"),
    "transitions": ("Overgang til voksenlivet", "Transition to adulthood"),
    "turns18": ("fylder 18 år", "turns 18"),
    "step": ("Trin", "Step"),
    "basis": ("Grundlag", "Basis"),
    "basis.lov": ("lov", "law"),
    "basis.kommune": ("kommunalt mål", "municipal target"),
    "basis.vejledning": ("vejledende", "guidance"),
    "citation": ("Hjemmel", "Citation"),
    "window_start": ("Fra", "From"),
    "due": ("Senest", "Due"),
    "status": ("Status", "Status"),
    "guidance": ("vejledende", "guidance"),
    "switches": ("Sagsbehandlerskift", "Changes of caseworker"),
    "n_switches": ("Skift", "Changes"),
    "recent": ("Skift seneste periode", "Recent changes"),
    "fixed_col": ("Fast sagsbehandler", "Fixed caseworker"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "rejected": ("Sager, der ikke kunne læses", "Cases that could not be read"),
    "reassignment": ("Omfordeling", "Reassignment"),
    "moves": ("Flyttede sager", "Cases moved"),
    "kept": ("Bliver hos {cw}", "Stay with {cw}"),
    "failed": (
        "Kunne ikke flyttes (bliver hos {cw})",
        "Could not be moved (stay with {cw})",
    ),
    "package": ("Overdragelsespakke til {cw}", "Handover package for {cw}"),
    "overview": ("Hvem fylder 16, 17½ og 18 år", "Who turns 16, 17½ and 18"),
    "day": ("Dag", "Day"),
    "milestone": ("Milepæl", "Milestone"),
    "placed": ("anbragt", "placed"),
    "disability": ("funktionsnedsættelse", "disability"),
    "caseworker": ("Sagsbehandler", "Caseworker"),
    "role": ("Ansvarlig", "Responsible"),
    "task": ("Opgave", "Task"),
    "dash": ("–", "–"),
}


def severity_label(severity: str, lang: str) -> str:
    """A finding's severity in the reader's language (``høj``, not ``high``, in Danish);
    an unknown value as it is."""
    try:
        return Severity(severity).label(lang)
    except ValueError:
        return severity


def _(key: str, lang: str, **kw: object) -> str:
    da, en = _L[key]
    text = en if lang == "en" else da
    return fill(text, **kw) if kw else text


def _d(day: date | None, lang: str) -> str:
    return format_date(day, lang) if day is not None else _("dash", lang)


def situation_title(situation: Situation, lang: str = "da") -> str:
    """``"forberedt skift, sagsstamme (orlov)"``."""
    lang = check_lang(lang)
    parts = _("planned" if situation.planned else "unplanned", lang)
    parts += f", {_(situation.scope.value, lang)}"
    if situation.reason is not None:
        parts += f" ({_('reason.' + situation.reason.value, lang)})"
    return parts


def _deadline_text(d: DeadlineInfo, lang: str) -> str:
    text = f"{d.title(lang)} ({d.citation}): {d.when(lang)}"
    if d.alternative_due is not None:
        alt = "alternativt" if lang == "da" else "alternatively"
        text += f" ({alt} {_d(d.alternative_due, lang)})"
    return text


def _row_facts(row: SagslisteRow, soon_days: int, lang: str) -> list[tuple[str, list[str]]]:
    """The per-case facts as (label, values) pairs, shared by Markdown and HTML."""
    none = [_("none", lang)]
    measures = [
        f"{m.id}: {m.paragraph or '?'} {_('since', lang)} {_d(m.start, lang)}"
        + (f" ({_('placed', lang)})" if m.placement else "")
        for m in row.measures
    ]
    bfu = _d(row.latest_bfu, lang)
    if row.bfu_running_since is not None:
        bfu += "; " + _("bfu_running", lang, d=_d(row.bfu_running_since, lang))
    grants = [
        f"{g.paragraph or '?'} ({g.measure or g.event_id}) {_d(g.decided_on, lang)}: "
        + (f"{_('started', lang)} {_d(g.start, lang)}" if g.start else _("awaiting", lang))
        for g in row.grants
    ]
    agreements = [f"{_d(a.date, lang)}: {a.text}" for a in row.agreements]
    findings: list[str]
    if row.findings is None:
        findings = [_("no_audit", lang)]
    else:
        findings = [
            f"[{severity_label(f.severity, lang)}] {f.check_id}: {f.text(lang)}"
            for f in row.findings
        ] or none

    def opened(items: Sequence[Any]) -> list[str]:
        out = []
        for o in items:
            text = f"{o.label(lang)} ({o.event_id}, {_d(o.since, lang)})"
            if o.detail:
                text += f" {o.detail}"
            if o.due is not None:
                text += f": {_('by', lang)} {_d(o.due, lang)}"
            out.append(text)
        return out or none

    urgency = row.urgency.label(lang)
    if row.first_due is not None:
        urgency += f" ({_d(row.first_due, lang)})"
    complexity = ", ".join(complexity_label(c, lang) for c in row.complexity) or _("none", lang)
    if row.fixed_caseworker:
        complexity += f" → {_('fixed', lang)}"
    return [
        (_("urgency", lang), [urgency]),
        (_("measures", lang), measures or none),
        (
            _("next_followup", lang),
            [_deadline_text(row.next_followup, lang)] if row.next_followup else none,
        ),
        (_("overdue", lang), [_deadline_text(d, lang) for d in row.overdue] or none),
        (
            _("due_soon", lang, n=soon_days),
            [_deadline_text(d, lang) for d in row.due_soon] or none,
        ),
        (_("open_decisions", lang), opened(row.open_decisions)),
        (_("complaints", lang), opened(row.complaints)),
        (_("contact_child", lang), [_d(row.last_contact_child, lang)]),
        (_("contact_family", lang), [_d(row.last_contact_family, lang)]),
        (_("bfu", lang), [bfu]),
        (_("plan", lang), [_d(row.latest_plan, lang)]),
        (_("grants", lang), grants or none),
        (_("agreements", lang), agreements or none),
        (_("caseworkers", lang), [str(row.n_caseworkers)]),
        (_("complexity", lang), [complexity]),
        (
            _("milestones", lang),
            [f"{_d(m.day, lang)}: {m.label(lang)}" for m in row.milestones] or none,
        ),
        (_("findings", lang), findings),
    ]


def _case_heading(row: SagslisteRow, lang: str) -> str:
    who = f" · {row.caseworker}" if row.caseworker else ""
    return (
        f"{_('case', lang)} {row.case_id} · {_('child', lang).lower()} {row.child_id} "
        f"({_('born', lang)} {_d(row.birth_date, lang)}, {row.age} {_('age', lang)}){who}"
    )


# --------------------------------------------------------------------------- Markdown


def _md_cell(text: str) -> str:
    return md_cell(text)


def _md_inline(text: str) -> str:
    """Plain text on one line, as text (no HTML, no link: :func:`boernesag._markup.md_text`)."""
    return md_text(text).strip()


def _md_checklist(checklist: Checklist, lang: str) -> list[str]:
    out = [f"## {_('checklist', lang)}", ""]
    for e in checklist.entries:
        when = f"{_('by', lang)} {_d(e.due, lang)}" if e.due else _("no_date", lang)
        out.append(
            f"- [ ] **{_md_inline(when)}** · {_md_inline(e.role.label(lang))}: "
            f"{_md_inline(e.text(lang))}"
        )
    out.append("")
    return out


def _md_warnings(warnings: Sequence[WindowWarning], lang: str) -> list[str]:
    out = [f"## {_('warnings', lang)}", ""]
    if not warnings:
        out += [_("no_warnings", lang), ""]
        return out
    out += [f"- ⚠ {_md_inline(w.text(lang))}" for w in warnings]
    out.append("")
    return out


def _md_sagsliste(sl: Sagsliste, lang: str) -> list[str]:
    out = [f"## {_('sagsliste', lang)}", "", _("sagsliste.sub", lang, n=len(sl.rows)), ""]
    if sl.rows:
        out += [*_md_table(_sagsliste_table(sl, lang)), ""]
    for i, r in enumerate(sl.rows, 1):
        out += [f"### {i}. {_md_inline(_case_heading(r, lang))}", ""]
        for label, values in _row_facts(r, sl.soon_days, lang):
            if len(values) == 1:
                out.append(f"- **{_md_inline(label)}:** {_md_inline(values[0])}")
            else:
                out.append(f"- **{_md_inline(label)}:**")
                out += [f"  - {_md_inline(v)}" for v in values]
        desc = (r.description or "").strip()
        if desc:
            out.append(f"- **{_('description', lang)}:** {_md_inline(desc)}")
        else:
            out.append(f"- **{_('description', lang)}:** _({_('fill_in', lang)})_ " + "_" * 40)
        out.append("")
    if sl.rejected:
        out += [f"### {_('rejected', lang)}", ""]
        out += [f"- {_md_inline(cid)}: {_md_inline(err)}" for cid, err in sl.rejected]
        out.append("")
    return out


def _basis(basis: str, lang: str) -> str:
    key = f"basis.{basis}"
    return _(key, lang) if key in _L else basis


def _step_status(step: Any, lang: str) -> str:
    if step.status is None:
        return _("guidance", lang)
    text = status_label(step.status.value, lang)
    if step.done_on is not None:
        text += f" ({step.done_by}, {_d(step.done_on, lang)})"
    return text


Table = tuple[list[str], list[list[str]]]


def _md_table(table: Table) -> list[str]:
    head, rows = table
    out = ["| " + " | ".join(_md_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_md_cell(c) for c in cells) + " |" for cells in rows]
    return out


def _sagsliste_table(sl: Sagsliste, lang: str) -> Table:
    head = [
        "#",
        _("case", lang),
        _("child", lang),
        _("born_col", lang),
        _("urgency", lang),
        _("first_due", lang),
        _("measures", lang),
        _("next_followup", lang),
    ]
    rows = [
        [
            str(i),
            r.case_id,
            r.child_id,
            _d(r.birth_date, lang),
            r.urgency.label(lang),
            _d(r.first_due, lang),
            ", ".join(f"{m.paragraph or '?'}" for m in r.measures) or _("none", lang),
            _d(r.next_followup.due, lang) if r.next_followup else _("dash", lang),
        ]
        for i, r in enumerate(sl.rows, 1)
    ]
    return head, rows


def _transition_table(p: TransitionPlan, lang: str) -> Table:
    head = [
        _("step", lang),
        _("basis", lang),
        _("citation", lang),
        _("window_start", lang),
        _("due", lang),
        _("status", lang),
    ]
    rows = [
        [
            s.title(lang),
            _basis(s.basis, lang),
            s.citation,
            _d(s.window_start, lang),
            _d(s.due, lang),
            _step_status(s, lang),
        ]
        for s in p.steps
    ]
    return head, rows


def _switch_table(rows: Sequence[SwitchRow], lang: str) -> Table:
    head = [
        _("case", lang),
        _("child", lang),
        _("caseworkers", lang),
        _("n_switches", lang),
        _("recent", lang),
        _("complexity", lang),
        _("fixed_col", lang),
    ]
    body = [
        [
            r.case_id,
            r.child_id,
            ", ".join(r.caseworkers) or _("none", lang),
            str(r.n_switches),
            str(r.recent_switches),
            ", ".join(complexity_label(c, lang) for c in r.complexity) or _("none", lang),
            _("yes" if r.fixed_caseworker else "no", lang),
        ]
        for r in rows
    ]
    return head, body


def _overview_table(items: Sequence[AgeMilestone], lang: str) -> Table:
    head = [
        _("day", lang),
        _("case", lang),
        _("child", lang),
        _("born_col", lang),
        _("milestone", lang),
        _("caseworker", lang),
    ]
    body = []
    for m in items:
        flags = [_("disability", lang)] if m.disability else []
        if m.placed:
            flags.append(_("placed", lang))
        body.append(
            [
                _d(m.day, lang),
                m.case_id,
                m.child_id,
                _d(m.birth_date, lang),
                m.label(lang) + (f" ({', '.join(flags)})" if flags else ""),
                m.caseworker or _("dash", lang),
            ]
        )
    return head, body


def _md_transitions(plans: Sequence[TransitionPlan], lang: str) -> list[str]:
    if not plans:
        return []
    out = [f"## {_('transitions', lang)}", ""]
    for p in plans:
        heading = (
            f"{_('case', lang)} {p.case_id} · {_('child', lang).lower()} {p.child_id} "
            f"({_('born', lang)} {_d(p.birth_date, lang)}, {_('turns18', lang)} "
            f"{_d(p.turns_18, lang)})"
        )
        out += [f"### {_md_inline(heading)}", ""]
        out += [*_md_table(_transition_table(p, lang)), ""]
    return out


def _md_switches(rows: Sequence[SwitchRow], lang: str) -> list[str]:
    if not rows:
        return []
    return [f"## {_('switches', lang)}", "", *_md_table(_switch_table(rows, lang)), ""]


def _md_overview(items: Sequence[AgeMilestone], lang: str) -> list[str]:
    return [f"## {_('overview', lang)}", "", *_md_table(_overview_table(items, lang)), ""]


def _md_header(h: Handover, lang: str) -> list[str]:
    return [
        f"# {_('title', lang)}: {situation_title(h.situation, lang)}",
        "",
        f"{_('from', lang)}: {_md_inline(h.from_caseworker or _('dash', lang))} · "
        f"{_('to', lang)}: {_md_inline(h.to_caseworker or _('unknown', lang))} · "
        f"{_('on', lang)}: {_d(h.on, lang)} · {_('as_of', lang)}: {_d(h.as_of, lang)} · "
        f"{_('window', lang)}: {h.window_days} {_('days', lang)}",
        "",
    ]


def _md_handover(h: Handover, lang: str, *, header: bool = True) -> list[str]:
    out = _md_header(h, lang) if header else []
    out += _md_checklist(h.checklist, lang)
    out += _md_warnings(h.warnings, lang)
    out += _md_sagsliste(h.sagsliste, lang)
    out += _md_transitions(h.transitions, lang)
    out += _md_switches(h.switches, lang)
    return out


def render_markdown(obj: object, lang: str = "da") -> str:
    """Markdown for a :class:`Handover`, :class:`Reassignment`, :class:`Sagsliste`, a list of
    :class:`TransitionPlan` or a list of :class:`AgeMilestone`."""
    lang = check_lang(lang)
    lines: list[str]
    if isinstance(obj, Handover):
        lines = _md_handover(obj, lang)
    elif isinstance(obj, Reassignment):
        title = f"{_('reassignment', lang)}: {obj.from_caseworker} · {_d(obj.on, lang)}"
        lines = [f"# {_md_inline(title)}", ""]
        lines += [f"## {_('moves', lang)}", ""]
        lines += [
            f"- {_md_inline(m.case_id)} → {_md_inline(m.to_caseworker)} ({_md_inline(m.event_id)})"
            for m in obj.moves
        ]
        if obj.kept:
            kept = f"{_('kept', lang, cw=obj.from_caseworker)}: {', '.join(obj.kept)}"
            lines.append(f"- {_md_inline(kept)}")
        lines.append("")
        if obj.failed:
            lines += [f"## {_md_inline(_('failed', lang, cw=obj.from_caseworker))}", ""]
            lines += [f"- {_md_inline(cid)}: {_md_inline(err)}" for cid, err in obj.failed]
            lines.append("")
        for p in obj.packages:
            lines += [f"# {_md_inline(_('package', lang, cw=p.to_caseworker or '?'))}", ""]
            lines += _md_handover(p, lang, header=False)
    elif isinstance(obj, Sagsliste):
        lines = _md_sagsliste(obj, lang)
    else:
        items = list(obj)  # type: ignore[call-overload]
        if all(isinstance(i, AgeMilestone) for i in items):
            lines = _md_overview(items, lang)
        elif all(isinstance(i, TransitionPlan) for i in items):
            lines = _md_transitions(items, lang) or [f"## {_('transitions', lang)}", ""]
        else:
            raise TypeError(f"kan ikke vise {type(obj).__name__} som Markdown")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 11pt;
  color: #111; margin: 2em auto; max-width: 60em; line-height: 1.35; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 0 0 .4em; }
.meta { color: #444; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #eee; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: .25em 0; }
ul.checklist li::before { content: "\\2610\\00a0"; font-size: 1.2em; }
.warn { color: #8a1c00; }
section.case { border: 1px solid #888; padding: .6em .8em; margin: 1em 0; }
section.case dl { display: grid; grid-template-columns: 16em 1fr; gap: .15em .8em; margin: 0; }
section.case dt { font-weight: 600; }
section.case dd { margin: 0; }
section.case dd ul { margin: 0; padding-left: 1.1em; }
.urgency-0 { border-left: 6px solid #b00020; }
.urgency-1 { border-left: 6px solid #e07000; }
.urgency-2 { border-left: 6px solid #d4b000; }
.urgency-3 { border-left: 6px solid #4a8a4a; }
.description { border: 1px dashed #555; min-height: 5em; padding: .4em; margin-top: .5em;
  white-space: pre-wrap; }
.description .label { font-weight: 600; display: block; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section.case { page-break-inside: avoid; break-inside: avoid; }
  h2 { page-break-after: avoid; break-after: avoid; }
  .page { page-break-before: always; break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _h_checklist(checklist: Checklist, lang: str) -> list[str]:
    out = [f"<h2>{_e(_('checklist', lang))}</h2>", '<ul class="checklist">']
    for e in checklist.entries:
        when = f"{_('by', lang)} {_d(e.due, lang)}" if e.due else _("no_date", lang)
        out.append(
            f'<li data-id="{_e(e.id)}"><strong>{_e(when)}</strong> · '
            f"{_e(e.role.label(lang))}: {_e(e.text(lang))}</li>"
        )
    out.append("</ul>")
    return out


def _h_warnings(warnings: Sequence[WindowWarning], lang: str) -> list[str]:
    out = [f"<h2>{_e(_('warnings', lang))}</h2>"]
    if not warnings:
        return [*out, f"<p>{_e(_('no_warnings', lang))}</p>"]
    out.append("<ul>")
    out += [f'<li class="warn">⚠ {_e(w.text(lang))}</li>' for w in warnings]
    out.append("</ul>")
    return out


def _h_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead>"]
    out.append("<tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _h_sagsliste(sl: Sagsliste, lang: str) -> list[str]:
    out = [
        f"<h2>{_e(_('sagsliste', lang))}</h2>",
        f'<p class="meta">{_e(_("sagsliste.sub", lang, n=len(sl.rows)))}</p>',
    ]
    for i, r in enumerate(sl.rows, 1):
        out.append(
            f'<section class="case urgency-{int(r.urgency)}" id="case-{_e(r.case_id)}">'
            f"<h3>{i}. {_e(_case_heading(r, lang))}</h3><dl>"
        )
        for label, values in _row_facts(r, sl.soon_days, lang):
            if len(values) == 1:
                out.append(f"<dt>{_e(label)}</dt><dd>{_e(values[0])}</dd>")
            else:
                items = "".join(f"<li>{_e(v)}</li>" for v in values)
                out.append(f"<dt>{_e(label)}</dt><dd><ul>{items}</ul></dd>")
        out.append("</dl>")
        desc = (r.description or "").strip()
        out.append(
            f'<div class="description"><span class="label">{_e(_("description", lang))}'
            + ("" if desc else f" ({_e(_('fill_in', lang))})")
            + f"</span>{_e(desc)}</div>"
        )
        out.append("</section>")
    if sl.rejected:
        out.append(f"<h3>{_e(_('rejected', lang))}</h3><ul>")
        out += [f"<li>{_e(cid)}: {_e(err)}</li>" for cid, err in sl.rejected]
        out.append("</ul>")
    return out


def _h_transitions(plans: Sequence[TransitionPlan], lang: str) -> list[str]:
    if not plans:
        return []
    out = [f"<h2>{_e(_('transitions', lang))}</h2>"]
    for p in plans:
        out.append(
            f"<h3>{_e(_('case', lang))} {_e(p.case_id)} · {_e(_('child', lang).lower())} "
            f"{_e(p.child_id)} ({_e(_('born', lang))} {_e(_d(p.birth_date, lang))}, "
            f"{_e(_('turns18', lang))} {_e(_d(p.turns_18, lang))})</h3>"
        )
        out += _h_table(*_transition_table(p, lang))
    return out


def _h_switches(rows: Sequence[SwitchRow], lang: str) -> list[str]:
    if not rows:
        return []
    return [f"<h2>{_e(_('switches', lang))}</h2>", *_h_table(*_switch_table(rows, lang))]


def _h_overview(items: Sequence[AgeMilestone], lang: str) -> list[str]:
    return [f"<h2>{_e(_('overview', lang))}</h2>", *_h_table(*_overview_table(items, lang))]


def _h_handover(h: Handover, lang: str, *, header: bool = True) -> list[str]:
    out: list[str] = []
    if header:
        out += [
            f"<h1>{_e(_('title', lang))}: {_e(situation_title(h.situation, lang))}</h1>",
            f'<p class="meta">{_e(_("from", lang))}: {_e(h.from_caseworker or _("dash", lang))}'
            f" · {_e(_('to', lang))}: {_e(h.to_caseworker or _('unknown', lang))}"
            f" · {_e(_('on', lang))}: {_e(_d(h.on, lang))}"
            f" · {_e(_('as_of', lang))}: {_e(_d(h.as_of, lang))}"
            f" · {_e(_('window', lang))}: {h.window_days} {_e(_('days', lang))}</p>",
        ]
    out += _h_checklist(h.checklist, lang)
    out += _h_warnings(h.warnings, lang)
    out += _h_sagsliste(h.sagsliste, lang)
    out += _h_transitions(h.transitions, lang)
    out += _h_switches(h.switches, lang)
    return out


def render_html(obj: object, lang: str = "da") -> str:
    """A complete, printable HTML page (inline CSS, ``@media print``) for the same objects as
    :func:`render_markdown`. Every text is escaped."""
    lang = check_lang(lang)
    title = _("title", lang)
    body: list[str]
    if isinstance(obj, Handover):
        body = _h_handover(obj, lang)
        title = f"{title}: {situation_title(obj.situation, lang)}"
    elif isinstance(obj, Reassignment):
        title = f"{_('reassignment', lang)}: {obj.from_caseworker}"
        body = [
            f"<h1>{_e(title)} · {_e(_d(obj.on, lang))}</h1>",
            f"<h2>{_e(_('moves', lang))}</h2>",
            *_h_table(
                [_("case", lang), _("to", lang), "id"],
                [[m.case_id, m.to_caseworker, m.event_id] for m in obj.moves],
            ),
        ]
        if obj.kept:
            body.append(
                f"<p>{_e(_('kept', lang, cw=obj.from_caseworker))}: {_e(', '.join(obj.kept))}</p>"
            )
        if obj.failed:
            body.append(f"<h2>{_e(_('failed', lang, cw=obj.from_caseworker))}</h2><ul>")
            body += [f"<li>{_e(cid)}: {_e(err)}</li>" for cid, err in obj.failed]
            body.append("</ul>")
        for p in obj.packages:
            body.append(
                f'<div class="page"><h1>{_e(_("package", lang, cw=p.to_caseworker or "?"))}</h1>'
            )
            body += _h_handover(p, lang, header=False)
            body.append("</div>")
    elif isinstance(obj, Sagsliste):
        title = _("sagsliste", lang)
        body = _h_sagsliste(obj, lang)
    else:
        items = list(obj)  # type: ignore[call-overload]
        if all(isinstance(i, AgeMilestone) for i in items):
            title = _("overview", lang)
            body = _h_overview(items, lang)
        elif all(isinstance(i, TransitionPlan) for i in items):
            title = _("transitions", lang)
            body = _h_transitions(items, lang) or [f"<h2>{_e(title)}</h2>"]
        else:
            raise TypeError(f"kan ikke vise {type(obj).__name__} som HTML")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- JSON, DataFrame


def to_data(obj: object, lang: str = "da") -> Any:
    """JSON-ready data: ``obj.to_dict(lang)``, or a list of them for a sequence."""
    lang = check_lang(lang)
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return to_dict(lang)
    return [i.to_dict(lang) for i in obj]  # type: ignore[attr-defined]


def render_json(obj: object, lang: str = "da") -> str:
    """JSON text (UTF-8, indented) of :func:`to_data`."""
    return json.dumps(to_data(obj, lang), ensure_ascii=False, indent=2) + "\n"


def render_as(obj: object, fmt: str, lang: str = "da") -> str:
    """Render ``obj`` as ``"markdown"``, ``"html"`` or ``"json"``."""
    if fmt == "markdown":
        return render_markdown(obj, lang)
    if fmt == "html":
        return render_html(obj, lang)
    if fmt == "json":
        return render_json(obj, lang)
    raise ValueError(f"ukendt format {fmt!r}; brug markdown, html eller json")


_DATE_COLUMNS = (
    "birth_date",
    "first_due",
    "next_followup_due",
    "last_contact_child",
    "last_contact_family",
    "latest_bfu",
    "latest_plan",
)


def sagsliste_frame(sagsliste: Sagsliste | Handover, lang: str = "da") -> Any:
    """The sagsliste as a ``pandas.DataFrame``, one row per case in urgency order.

    Dates are ``datetime64``, ``urgency`` an ordered category. Needs the ``pandas`` extra
    (imported here, never at package import).
    """
    try:
        # importlib keeps the type checker independent of whether pandas (and stubs) exist.
        pd: Any = importlib.import_module("pandas")
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "sagsliste_frame() kræver pandas: pip install 'boernesag[pandas]'", name="pandas"
        ) from None
    lang = check_lang(lang)
    sl = sagsliste.sagsliste if isinstance(sagsliste, Handover) else sagsliste
    records = []
    for r in sl.rows:
        records.append(
            {
                "case_id": r.case_id,
                "child_id": r.child_id,
                "birth_date": r.birth_date,
                "age": r.age,
                "caseworker": r.caseworker,
                "team": r.team,
                "urgency": r.urgency.label(lang),
                "first_due": r.first_due,
                "measures": "; ".join(
                    f"{m.id} {m.paragraph or '?'} {m.start.isoformat() if m.start else ''}".strip()
                    for m in r.measures
                ),
                "next_followup_due": r.next_followup.due if r.next_followup else None,
                "n_overdue": len(r.overdue),
                "n_due_soon": len(r.due_soon),
                "n_open_decisions": len(r.open_decisions),
                "n_complaints": len(r.complaints),
                "last_contact_child": r.last_contact_child,
                "last_contact_family": r.last_contact_family,
                "latest_bfu": r.latest_bfu,
                "latest_plan": r.latest_plan,
                "n_grants": len(r.grants),
                "n_findings": len(r.findings) if r.findings is not None else None,
                "n_caseworkers": r.n_caseworkers,
                "fixed_caseworker": r.fixed_caseworker,
                "description": r.description,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=_FRAME_COLUMNS)
    for col in _DATE_COLUMNS:
        frame[col] = pd.to_datetime(frame[col])
    from boernesag.handover.sagsliste import Urgency

    frame["urgency"] = pd.Categorical(
        frame["urgency"], categories=[u.label(lang) for u in Urgency], ordered=True
    )
    return frame


_FRAME_COLUMNS = [
    "case_id",
    "child_id",
    "birth_date",
    "age",
    "caseworker",
    "team",
    "urgency",
    "first_due",
    "measures",
    "next_followup_due",
    "n_overdue",
    "n_due_soon",
    "n_open_decisions",
    "n_complaints",
    "last_contact_child",
    "last_contact_family",
    "latest_bfu",
    "latest_plan",
    "n_grants",
    "n_findings",
    "n_caseworkers",
    "fixed_caseworker",
    "description",
]
