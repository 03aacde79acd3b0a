"""The machine-generated sagsliste: one row per case, the most urgent first.

Socialstyrelsen, »Hvordan overdrages sager?«: "De fleste sagsbehandlingssystemer kan udskrive en oversigt over samtlige sager i en
sagsstamme og forsyne listerne med de vigtigste oplysninger om foranstaltning, næste
opfølgning mv." and "Den afgivende sagsbehandler kan med fordel supplere den
maskingenererede sagsliste med en kort beskrivelse af hver sag". BDO, Randers 2016 names the
summary points a receiver needs: "dato for § 50 undersøgelse, sidste dato for møde med
barnet / familien, bevillinger og aftaler".

Each :class:`SagslisteRow` is derived from the case's events and its deadlines
(:func:`boernesag.deadlines.deadlines`) on ``as_of``, plus the audit's findings where
:mod:`boernesag.audit` is installed. Contacts: ``boernesamtale`` and ``tilsynsbesoeg`` are
conversations with the child; ``kontakt`` and ``overleveringsmoede`` are contacts with the
family. Agreements (*aftaler*) are events whose ``extra`` has an ``aftale`` text (a case-format
extension; see docs/handover.rst). No CPR number is ever put on a row.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from boernesag.calendar import Calendar
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.errors import BoernesagError, CalendarRangeError
from boernesag.handover.situation import HandoverSettings
from boernesag.handover.switches import complexity_label, switch_row
from boernesag.handover.transition import AgeMilestone, age_overview
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case, EventType
from boernesag.periods import (
    LeapDayRule,
    add_months,
    age_on,
    as_of_day,
    day_of,
    format_date,
    format_datetime,
)
from boernesag.text import check_lang

__all__ = [
    "Agreement",
    "DeadlineInfo",
    "FindingInfo",
    "Grant",
    "MeasureInfo",
    "OpenItem",
    "Sagsliste",
    "SagslisteRow",
    "Urgency",
    "build_sagsliste",
    "sagsliste_row",
]

#: Rules whose deadlines are the follow-up of a measure (BL § 95, SEL § 70).
FOLLOWUP_RULES = frozenset({"opfoelgning-foerste", "opfoelgning-loebende"})
#: Rule kinds whose overdue deadlines can no longer be acted on (the decision is taken).
_PAST_KINDS = frozenset({"before_decision"})
#: Events that are a conversation with the child, and a contact with the family.
CHILD_CONTACT = (EventType.BOERNESAMTALE, EventType.TILSYNSBESOEG)
FAMILY_CONTACT = (EventType.KONTAKT, EventType.OVERLEVERINGSMOEDE)


class Urgency(enum.IntEnum):
    """How soon a case needs its receiver: the sagsliste's sort order."""

    OVERDUE = 0
    """A municipal deadline has passed."""
    WINDOW = 1
    """A deadline falls within the handover window."""
    SOON = 2
    """A deadline is due within ``soon_days``."""
    CALM = 3
    """Nothing due soon."""

    def label(self, lang: str = "da") -> str:
        da, en = _URGENCY_LABELS[self]
        return en if check_lang(lang) == "en" else da


_URGENCY_LABELS = {
    Urgency.OVERDUE: ("overskredet frist", "overdue deadline"),
    Urgency.WINDOW: ("frist i overdragelsesvinduet", "deadline in the handover window"),
    Urgency.SOON: ("frist snart", "deadline soon"),
    Urgency.CALM: ("ingen frister snart", "nothing due soon"),
}


def _pick(lang: str, da: str, en: str) -> str:
    return en if check_lang(lang) == "en" else da


@attrs.frozen
class MeasureInfo:
    """An active measure (foranstaltning): id, paragraph, decision and start."""

    id: str
    paragraph: str | None
    decided_on: date | None
    start: date | None
    placement: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "paragraph": self.paragraph,
            "decided_on": _iso(self.decided_on),
            "start": _iso(self.start),
            "placement": self.placement,
        }


@attrs.frozen
class DeadlineInfo:
    """The parts of a :class:`~boernesag.deadlines.Deadline` a sagsliste shows.

    ``due`` is the day; ``due_at`` the exact time for rules counted in hours (the 24-hour
    assessment of an underretning), else ``None``.
    """

    rule_id: str
    title_da: str
    title_en: str
    citation: str
    due: date
    status: Status
    obligor: str
    trigger: str | None
    measure: str | None
    alternative_due: date | None = None
    due_at: datetime | None = None

    @classmethod
    def of(cls, d: Deadline) -> DeadlineInfo:
        assert d.due_date is not None
        alt = d.alternative_due
        return cls(
            rule_id=d.rule_id,
            title_da=d.title("da"),
            title_en=d.title("en"),
            citation=d.citation,
            due=d.due_date,
            status=d.status,
            obligor=d.obligor,
            trigger=d.trigger,
            measure=d.measure,
            alternative_due=day_of(alt),
            due_at=d.due if isinstance(d.due, datetime) else None,
        )

    def when(self, lang: str = "da") -> str:
        """The due day (and time for hour rules) as users read it."""
        if self.due_at is not None:
            return format_datetime(self.due_at, lang)
        return format_date(self.due, lang)

    def title(self, lang: str = "da") -> str:
        return _pick(lang, self.title_da, self.title_en)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "title": self.title(lang),
            "citation": self.citation,
            "due": self.due.isoformat(),
            "due_at": self.due_at.isoformat() if self.due_at is not None else None,
            "alternative_due": _iso(self.alternative_due),
            "status": self.status.value,
            "obligor": self.obligor,
            "trigger": self.trigger,
            "measure": self.measure,
        }


_OPEN_KINDS: dict[str, tuple[str, str]] = {
    "ansoegning": ("ansøgning uden afgørelse", "application without a decision"),
    "undersoegelse": ("børnefaglig undersøgelse i gang", "investigation under way"),
    "klagefrist": ("afgørelse med løbende klagefrist", "decision within the complaint period"),
    "aktindsigt": ("anmodning om aktindsigt", "request for access to documents"),
    "ungestoette": ("afgørelse om ungestøtte", "decision on support after 18"),
    "klage": ("klage til genvurdering", "complaint to reassess"),
    "klage-ankestyrelsen": ("klage sendt til Ankestyrelsen", "complaint sent to Ankestyrelsen"),
}


@attrs.frozen
class OpenItem:
    """An open decision or complaint: what, which event, since when, and the deadline."""

    kind: str
    event_id: str
    since: date
    due: date | None = None
    detail: str | None = None

    def label(self, lang: str = "da") -> str:
        da, en = _OPEN_KINDS[self.kind]
        return _pick(lang, da, en)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "kind": self.kind,
            "label": self.label(lang),
            "event_id": self.event_id,
            "since": self.since.isoformat(),
            "due": _iso(self.due),
            "detail": self.detail,
        }


@attrs.frozen
class Grant:
    """A bevilling: a granted decision whose measure has not ended (BDO, Randers 2016).

    ``start`` is ``None`` while the measure awaits its start (BDO, Randers 2016: waiting time)."""

    event_id: str
    measure: str | None
    paragraph: str | None
    decided_on: date
    start: date | None

    def to_dict(self) -> dict[str, object]:
        return {
            "event_id": self.event_id,
            "measure": self.measure,
            "paragraph": self.paragraph,
            "decided_on": self.decided_on.isoformat(),
            "start": _iso(self.start),
        }


@attrs.frozen
class Agreement:
    """An agreement (aftale) recorded on an event as ``extra["aftale"]``."""

    event_id: str
    date: date
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"event_id": self.event_id, "date": self.date.isoformat(), "text": self.text}


@attrs.frozen
class FindingInfo:
    """An audit finding as the sagsliste shows it (texts rendered in both languages)."""

    check_id: str
    severity: str
    text_da: str
    text_en: str

    def text(self, lang: str = "da") -> str:
        return _pick(lang, self.text_da, self.text_en)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {"check_id": self.check_id, "severity": self.severity, "text": self.text(lang)}


@attrs.frozen
class SagslisteRow:
    """One case on the sagsliste (Socialstyrelsen, »Hvordan overdrages sager?«; summary points of BDO, Randers 2016).

    ``findings`` is ``None`` when the audit is not available (not installed, or turned off),
    and empty when it found nothing to report. ``description`` is the outgoing caseworker's
    short description; ``None`` renders as an empty field to fill in.
    """

    case_id: str
    child_id: str
    birth_date: date
    age: int
    disability: bool
    caseworker: str | None
    team: str | None
    measures: tuple[MeasureInfo, ...]
    next_followup: DeadlineInfo | None
    overdue: tuple[DeadlineInfo, ...]
    due_soon: tuple[DeadlineInfo, ...]
    open_decisions: tuple[OpenItem, ...]
    complaints: tuple[OpenItem, ...]
    last_contact_child: date | None
    last_contact_family: date | None
    latest_bfu: date | None
    bfu_running_since: date | None
    latest_plan: date | None
    grants: tuple[Grant, ...]
    agreements: tuple[Agreement, ...]
    findings: tuple[FindingInfo, ...] | None
    n_caseworkers: int
    complexity: tuple[str, ...]
    fixed_caseworker: bool
    milestones: tuple[AgeMilestone, ...]
    urgency: Urgency
    first_due: date | None
    description: str | None = None

    def sort_key(self) -> tuple[int, date, str]:
        return (int(self.urgency), self.first_due or date.max, self.case_id)

    def in_window(self, start: date, days: int) -> tuple[DeadlineInfo, ...]:
        end = start + timedelta(days=days)
        return tuple(d for d in self.due_soon if start <= d.due <= end)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "child_id": self.child_id,
            "birth_date": self.birth_date.isoformat(),
            "age": self.age,
            "disability": self.disability,
            "caseworker": self.caseworker,
            "team": self.team,
            "urgency": self.urgency.name.lower(),
            "urgency_label": self.urgency.label(lang),
            "first_due": _iso(self.first_due),
            "measures": [m.to_dict() for m in self.measures],
            "next_followup": self.next_followup.to_dict(lang) if self.next_followup else None,
            "overdue": [d.to_dict(lang) for d in self.overdue],
            "due_soon": [d.to_dict(lang) for d in self.due_soon],
            "open_decisions": [o.to_dict(lang) for o in self.open_decisions],
            "complaints": [o.to_dict(lang) for o in self.complaints],
            "last_contact_child": _iso(self.last_contact_child),
            "last_contact_family": _iso(self.last_contact_family),
            "latest_bfu": _iso(self.latest_bfu),
            "bfu_running_since": _iso(self.bfu_running_since),
            "latest_plan": _iso(self.latest_plan),
            "grants": [g.to_dict() for g in self.grants],
            "agreements": [a.to_dict() for a in self.agreements],
            "findings": (
                [f.to_dict(lang) for f in self.findings] if self.findings is not None else None
            ),
            "n_caseworkers": self.n_caseworkers,
            "complexity": list(self.complexity),
            "complexity_labels": [complexity_label(c, lang) for c in self.complexity],
            "fixed_caseworker": self.fixed_caseworker,
            "milestones": [m.to_dict(lang) for m in self.milestones],
            "description": self.description,
        }


@attrs.frozen
class Sagsliste:
    """The sagsliste of a caseload or some cases, sorted by urgency.

    ``audit_available``: whether findings could be shown (the audit module is present and
    was not turned off). ``rejected``: cases that could not be listed, with the reason (one bad
    case never loses the others).
    """

    as_of: date
    caseworker: str | None
    rows: tuple[SagslisteRow, ...]
    window_days: int
    soon_days: int
    audit_available: bool
    rejected: tuple[tuple[str, str], ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, case_id: str) -> SagslisteRow:
        for r in self.rows:
            if r.case_id == case_id:
                return r
        raise KeyError(case_id)

    @property
    def case_ids(self) -> tuple[str, ...]:
        return tuple(r.case_id for r in self.rows)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "caseworker": self.caseworker,
            "window_days": self.window_days,
            "soon_days": self.soon_days,
            "audit_available": self.audit_available,
            "rows": [r.to_dict(lang) for r in self.rows],
            "rejected": [{"case_id": c, "error": e} for c, e in self.rejected],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


# --------------------------------------------------------------------------- audit


AuditFn = Callable[[Case, date], Sequence[Any]]


def load_audit() -> AuditFn | None:
    """:func:`boernesag.audit.audit` if that module is installed, else ``None``.

    Only a missing ``boernesag.audit`` module counts as "not available"; an error inside it is
    raised, not hidden.
    """
    try:
        audit_module = importlib.import_module("boernesag.audit")
    except ModuleNotFoundError as exc:
        if exc.name == "boernesag.audit":
            return None
        raise
    fn = getattr(audit_module, "audit", None)
    return fn if callable(fn) else None


def _finding_info(f: Any) -> FindingInfo:
    check_id = str(getattr(f, "check_id", None) or getattr(f, "rule_id", "") or "")
    severity = getattr(f, "severity", "")
    severity = str(getattr(severity, "value", severity))
    explain = getattr(f, "explain", None)
    if callable(explain):
        da, en = str(explain("da")), str(explain("en"))
    else:
        da = en = str(getattr(f, "explanation", check_id))
    return FindingInfo(check_id=check_id, severity=severity, text_da=da, text_en=en)


# --------------------------------------------------------------------------- rows


def _measures(case: Case, as_of: date) -> tuple[MeasureInfo, ...]:
    out = []
    for m in case.measures:
        if m.start is None or m.start > as_of or (m.end is not None and m.end < as_of):
            continue
        out.append(
            MeasureInfo(
                id=m.id,
                paragraph=str(m.paragraph) if m.paragraph is not None else None,
                decided_on=m.decided_on,
                start=m.start,
                placement=m.is_placement,
            )
        )
    out.sort(key=lambda m: (m.start or date.min, m.id))
    return tuple(out)


def _grants(case: Case, as_of: date) -> tuple[Grant, ...]:
    out = []
    for m in case.measures:
        if m.decided_by is None or m.decided_on is None or m.decided_on > as_of:
            continue
        if m.end is not None and m.end <= as_of:
            continue
        start = m.start if m.start is not None and m.start <= as_of else None
        out.append(
            Grant(
                event_id=m.decided_by,
                measure=m.id,
                paragraph=str(m.paragraph) if m.paragraph is not None else None,
                decided_on=m.decided_on,
                start=start,
            )
        )
    out.sort(key=lambda g: (g.decided_on, g.event_id))
    return tuple(out)


def _agreements(case: Case, as_of: date) -> tuple[Agreement, ...]:
    out = []
    for e in case.timeline:
        if e.day > as_of:
            break
        text = e.extra.get("aftale")
        if isinstance(text, str) and text.strip():
            out.append(Agreement(event_id=e.id, date=e.day, text=text.strip()))
    return tuple(out)


def _last(case: Case, types: Iterable[EventType], as_of: date) -> date | None:
    days = [e.day for e in case.of_type(*types) if e.day <= as_of]
    return days[-1] if days else None


def _pending_applications(case: Case, as_of: date) -> list[OpenItem]:
    """Ansøgninger with no later decision: a decision naming the application by ``ref``
    answers it, else the first unclaimed decision on or after it."""
    decisions = [e for e in case.of_type(EventType.AFGOERELSE) if e.day <= as_of]
    used: set[str] = set()
    out = []
    for app in case.of_type(EventType.ANSOEGNING):
        if app.day > as_of:
            continue
        hit = next((d for d in decisions if d.ref == app.id and d.id not in used), None)
        if hit is None:
            hit = next(
                (
                    d
                    for d in decisions
                    if d.id not in used and d.ref is None and d.sort_key >= app.sort_key
                ),
                None,
            )
        if hit is not None:
            used.add(hit.id)
        else:
            out.append(OpenItem("ansoegning", app.id, app.day))
    return out


def _open_items(
    case: Case, as_of: date, items: Sequence[Deadline], s: HandoverSettings
) -> tuple[list[OpenItem], list[OpenItem], date | None]:
    """Open decisions, complaints, and the start of a running investigation."""
    open_decisions = _pending_applications(case, as_of)
    complaints: list[OpenItem] = []
    bfu_since: date | None = None
    starts = [e for e in case.of_type(EventType.BFU_STARTET) if e.day <= as_of]
    ends = [e for e in case.of_type(EventType.BFU_AFSLUTTET) if e.day <= as_of]
    if starts and not any(e.sort_key >= starts[-1].sort_key for e in ends):
        bfu_since = starts[-1].day
        bfu_due = next(
            (
                d.due_date
                for d in items
                if d.rule_id == "bfu-afslutning" and d.status in (Status.OPEN, Status.OVERDUE)
            ),
            None,
        )
        open_decisions.append(OpenItem("undersoegelse", starts[-1].id, starts[-1].day, bfu_due))
    kinds = {"aktindsigt-svar": "aktindsigt", "ungestoette-afgoerelse": "ungestoette"}
    for d in items:
        if d.status not in (Status.OPEN, Status.OVERDUE) or d.trigger is None:
            continue
        since = day_of(d.trigger_on) or as_of
        if d.rule_id == "klage-genvurdering":
            complaints.append(OpenItem("klage", d.trigger, since, d.due_date))
        elif d.rule_id == "klagefrist" and d.status == Status.OPEN:
            detail = None
            trig = case.get_event(d.trigger)
            if trig is not None and trig.paragraph is not None:
                detail = str(trig.paragraph)
            open_decisions.append(OpenItem("klagefrist", d.trigger, since, d.due_date, detail))
        elif d.rule_id in kinds:
            open_decisions.append(OpenItem(kinds[d.rule_id], d.trigger, since, d.due_date))
    lookback = add_months(as_of, -s.complaint_lookback_months).due
    for e in case.of_type(EventType.KLAGE_VIDERESENDT):
        if lookback < e.day <= as_of:
            complaints.append(OpenItem("klage-ankestyrelsen", e.id, e.day, None, e.ref))
    open_decisions.sort(key=lambda o: (o.due or date.max, o.since, o.event_id))
    complaints.sort(key=lambda o: (o.due or date.max, o.since, o.event_id))
    return open_decisions, complaints, bfu_since


def _days_after(day: date, days: int, setting: str) -> date:
    """``day + days`` for a handover setting, as a library error when it leaves the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise CalendarRangeError.from_key(
            "setting.days_outside", setting=setting, days=str(days), day=day.isoformat()
        ) from None


def sagsliste_row(
    case: Case,
    as_of: date,
    *,
    settings: HandoverSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    description: str | None = None,
    audit_fn: AuditFn | None = None,
    window_start: date | None = None,
    items: Sequence[Deadline] | None = None,
) -> SagslisteRow:
    """The sagsliste row of one case on ``as_of``.

    ``window_start``: the first day of the handover window (default ``as_of``); a deadline
    due from then to ``settings.window_days`` later makes the row :attr:`Urgency.WINDOW`.
    ``audit_fn``: the audit to show findings from (``None``: no findings column).
    """
    as_of = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    if window_start is not None:
        as_of_day(window_start, what="vinduets første dag")
    s = settings or HandoverSettings()
    rs = rules if rules is not None else default_rules()
    if items is None:
        items = deadlines(case, as_of, rules=rs, calendar=calendar, leap_day_rule=leap_day_rule)
    ws = window_start or as_of
    window_end = _days_after(ws, s.window_days, "window_days")
    soon_end = _days_after(as_of, s.soon_days, "soon_days")
    kommune = [d for d in items if d.obligor == "kommune" and d.due_date is not None]
    overdue = [
        DeadlineInfo.of(d)
        for d in kommune
        if d.status == Status.OVERDUE and (d.rule is None or d.rule.kind not in _PAST_KINDS)
    ]
    soon = [
        DeadlineInfo.of(d)
        for d in kommune
        if d.status == Status.OPEN
        and d.due_date is not None
        and d.due_date <= max(soon_end, window_end)
    ]
    followups = [
        DeadlineInfo.of(d)
        for d in kommune
        if d.rule_id in FOLLOWUP_RULES and d.status in (Status.OPEN, Status.OVERDUE)
    ]
    next_followup = min(followups, key=lambda d: (d.due, d.rule_id), default=None)
    open_decisions, complaints, bfu_since = _open_items(case, as_of, items, s)
    findings: tuple[FindingInfo, ...] | None = None
    if audit_fn is not None:
        try:
            found = [_finding_info(f) for f in audit_fn(case, as_of)]
        except BoernesagError as exc:
            # The audit failing on one case must not hide the case from the receiver.
            found = [
                FindingInfo(
                    "audit-fejl",
                    "error",
                    f"sagsgennemgangen kunne ikke køres: {exc}",
                    f"the audit could not run: {exc}",
                )
            ]
        findings = tuple(f for f in found if f.severity not in s.audit_hidden_severities)
    sw = switch_row(case, as_of, s, leap_day_rule)
    in_window = [d for d in soon if ws <= d.due <= window_end]
    if overdue:
        urgency, first = Urgency.OVERDUE, min(d.due for d in overdue)
    elif in_window:
        urgency, first = Urgency.WINDOW, min(d.due for d in in_window)
    elif soon:
        urgency, first = Urgency.SOON, min(d.due for d in soon)
    else:
        urgency, first = Urgency.CALM, None
    birth = case.child.birth_date
    bfu_done = [e.day for e in case.of_type(EventType.BFU_AFSLUTTET) if e.day <= as_of]
    return SagslisteRow(
        case_id=case.case_id,
        child_id=case.child.id,
        birth_date=birth,
        age=age_on(birth, as_of, leap_day_rule) if as_of >= birth else 0,
        disability=case.child.disability,
        caseworker=case.caseworker_on(as_of),
        team=case.team,
        measures=_measures(case, as_of),
        next_followup=next_followup,
        overdue=tuple(sorted(overdue, key=lambda d: (d.due, d.rule_id))),
        due_soon=tuple(sorted(soon, key=lambda d: (d.due, d.rule_id))),
        open_decisions=tuple(open_decisions),
        complaints=tuple(complaints),
        last_contact_child=_last(case, CHILD_CONTACT, as_of),
        last_contact_family=_last(case, FAMILY_CONTACT, as_of),
        latest_bfu=bfu_done[-1] if bfu_done else None,
        bfu_running_since=bfu_since,
        latest_plan=_last(case, (EventType.BARNETS_PLAN,), as_of),
        grants=_grants(case, as_of),
        agreements=_agreements(case, as_of),
        findings=findings,
        n_caseworkers=len(sw.caseworkers),
        complexity=sw.complexity,
        fixed_caseworker=sw.fixed_caseworker,
        milestones=tuple(age_overview([case], as_of, s, leap_day_rule=leap_day_rule)),
        urgency=urgency,
        first_due=first,
        description=description,
    )


def build_sagsliste(
    cases: Iterable[Case],
    as_of: date,
    *,
    caseworker: str | None = None,
    descriptions: Mapping[str, str] | None = None,
    settings: HandoverSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    window_start: date | None = None,
    audit: bool | None = None,
) -> Sagsliste:
    """The sagsliste of ``cases`` on ``as_of``, the most urgent first.

    Order: cases with an overdue municipal deadline, then those with a deadline in the
    handover window, then due within ``settings.soon_days``, then the rest; within each, the
    earliest deadline first, then case id. ``descriptions`` maps case id to the outgoing
    caseworker's short description. ``audit``: show audit findings (default
    ``settings.audit``; ignored when :mod:`boernesag.audit` is not installed). A case that
    fails with a :class:`~boernesag.errors.BoernesagError` is listed in ``rejected``.
    """
    as_of = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    if window_start is not None:
        as_of_day(window_start, what="vinduets første dag")
    s = settings or HandoverSettings()
    rs = rules if rules is not None else default_rules()
    want_audit = s.audit if audit is None else audit
    audit_fn = load_audit() if want_audit else None
    descs = descriptions or {}
    rows: list[SagslisteRow] = []
    rejected: list[tuple[str, str]] = []
    for case in cases:
        try:
            rows.append(
                sagsliste_row(
                    case,
                    as_of,
                    settings=s,
                    rules=rs,
                    calendar=calendar,
                    leap_day_rule=leap_day_rule,
                    description=descs.get(case.case_id),
                    audit_fn=audit_fn,
                    window_start=window_start,
                )
            )
        except BoernesagError as exc:
            rejected.append((case.case_id, str(exc)))
    rows.sort(key=SagslisteRow.sort_key)
    return Sagsliste(
        as_of=as_of,
        caseworker=caseworker,
        rows=tuple(rows),
        window_days=s.window_days,
        soon_days=s.soon_days,
        audit_available=audit_fn is not None,
        rejected=tuple(rejected),
    )
