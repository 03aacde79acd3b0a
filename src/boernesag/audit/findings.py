"""Findings of the case audit: what a reviewer writes down about a case.

A :class:`Finding` is one failure BDO's (Randers 2016) case template or the Task force's (Jammerbugt 2017) legal review would
record: the check it belongs to, how serious it is, the events it rests on, the paragraph
where the law requires something (with the rule id of the deadline it reads), and an
explanation rendered in Danish (default) or English from a keyed template. Findings are small,
typed and immutable, so a caseload of 100,000 cases can hold them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import attrs

from boernesag.text import check_lang

__all__ = [
    "FINDING_COLUMNS",
    "TEXTS",
    "Both",
    "CheckStatus",
    "Finding",
    "Severity",
    "Text",
    "text",
]

#: The columns of a findings table (CSV, DataFrame), in order: the scalar fields of
#: :meth:`Finding.to_dict`.
FINDING_COLUMNS: tuple[str, ...] = (
    "case_id",
    "check_id",
    "code",
    "severity",
    "rule_id",
    "citation",
    "date",
    "due",
    "measure",
    "ongoing",
    "caseworker",
    "explanation",
)


class Severity(enum.StrEnum):
    """How serious a finding is, most serious first.

    - ``critical``: the child may be in danger now (an underretning never assessed).
    - ``high``: a statutory duty not done (no BFU before a measure, no plan, no follow-up).
    - ``medium``: a duty done late, or a BDO (Randers 2016) quality failure (a gap, a long wait).
    - ``low``: a documentation gap ("ikke dokumenteret") or a stale document.
    - ``info``: worth knowing, not a failure.
    """

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def weight(self) -> int:
        """Points for ranking the worst cases first."""
        return _WEIGHTS[self.value]

    @property
    def rank(self) -> int:
        """0 for ``critical`` up to 4 for ``info`` (sort key, most serious first)."""
        return _RANKS[self.value]

    def label(self, lang: str = "da") -> str:
        da, en = _SEVERITY_LABELS[self.value]
        return en if check_lang(lang) == "en" else da


_WEIGHTS = {"critical": 8, "high": 4, "medium": 2, "low": 1, "info": 0}
_RANKS = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
_SEVERITY_LABELS = {
    "critical": ("kritisk", "critical"),
    "high": ("høj", "high"),
    "medium": ("middel", "medium"),
    "low": ("lav", "low"),
    "info": ("info", "info"),
}


class CheckStatus(enum.StrEnum):
    """A check's result on one case, as BDO, Randers 2016 tabulates it."""

    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_RELEVANT = "not_relevant"

    def label(self, lang: str = "da") -> str:
        da, en = _STATUS_LABELS[self.value]
        return en if check_lang(lang) == "en" else da


_STATUS_LABELS = {
    "met": ("opfyldt", "met"),
    "partly": ("delvist opfyldt", "partly met"),
    "not_met": ("ikke opfyldt", "not met"),
    "not_relevant": ("ikke relevant", "not relevant"),
}

#: Explanation templates by finding code: (Danish, English). Arguments in braces.
TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # Underretninger (BL §§ 136, 138; SEL §§ 155, 155 b).
        "underretning.not_assessed": (
            "Underretningen {trigger} er ikke vurderet inden 24 timer (frist {due})",
            "The underretning {trigger} was not assessed within 24 hours (due {due})",
        ),
        "underretning.assessed_late": (
            "Underretningen {trigger} blev først vurderet {met} (frist {due})",
            "The underretning {trigger} was assessed only {met} (due {due})",
        ),
        "kvittering.missing": (
            "Modtagelsen af underretningen {trigger} er ikke bekræftet (frist {due})",
            "Receipt of the underretning {trigger} was not acknowledged (due {due})",
        ),
        "kvittering.late": (
            "Modtagelsen af underretningen {trigger} blev først bekræftet {met} (frist {due})",
            "Receipt of the underretning {trigger} was acknowledged only {met} (due {due})",
        ),
        # Børnefaglig undersøgelse (BL § 20; SEL § 50).
        "bfu.missing": (
            "Afgørelse om {paragraph} {when} uden en børnefaglig undersøgelse",
            "Decision on {paragraph} {when} without a child protection investigation (BFU)",
        ),
        "bfu.unfinished": (
            "Afgørelse om {paragraph} {when}, før den børnefaglige undersøgelse (startet {started}) var afsluttet",
            "Decision on {paragraph} {when} before the investigation (started {started}) was finished",
        ),
        "bfu.overdue": (
            "Børnefaglig undersøgelse ikke afsluttet; fristen var {due}{interim}",
            "Child protection investigation not finished; it was due {due}{interim}",
        ),
        "bfu.late": (
            "Børnefaglig undersøgelse afsluttet {met}, efter fristen {due}{interim}",
            "Child protection investigation finished {met}, after the deadline {due}{interim}",
        ),
        "bfu.no_decision": (
            "Indsatsen {measure} kører (startet {when}) uden afgørelse og uden en børnefaglig undersøgelse",
            "The measure {measure} runs (started {when}) with no decision and no child protection investigation",
        ),
        "bfu.stale.age": (
            "Den seneste børnefaglige undersøgelse ({when}) er over {months} måneder gammel, mens en indsats kører",
            "The latest investigation ({when}) is more than {months} months old while a measure runs",
        ),
        "bfu.stale.type": (
            "Indsatsen er ændret til {kind} ({decision}) efter den seneste børnefaglige undersøgelse ({when}) uden et tillæg",
            "The measure changed to {kind} ({decision}) after the latest investigation ({when}) without an update",
        ),
        # Barnets plan / handleplan (BL § 91; SEL § 140).
        "plan.missing": (
            "Barnets plan (handleplan) for afgørelsen {trigger} mangler (frist {due})",
            "The child's plan for the decision {trigger} is missing (due {due})",
        ),
        "plan.late": (
            "Barnets plan (handleplan) for afgørelsen {trigger} kom {met}, efter fristen {due}",
            "The child's plan for the decision {trigger} came {met}, after the deadline {due}",
        ),
        "plan.no_decision": (
            "Indsatsen {measure} kører (startet {when}) uden afgørelse og uden barnets plan (handleplan)",
            "The measure {measure} runs (started {when}) with no decision and no child's plan",
        ),
        "plan.not_decided": (
            "Det er ikke dokumenteret, om der skal være en barnets plan for afgørelsen {trigger}",
            "It is not recorded whether a child's plan is needed for the decision {trigger}",
        ),
        "plan.outdated.type": (
            "Indsatsen er ændret til {kind} ({decision}) efter den seneste barnets plan ({when}) uden en ny plan",
            "The measure changed to {kind} ({decision}) after the latest child's plan ({when}) without a new plan",
        ),
        "plan.outdated.age": (
            "Barnets plan ({when}) er over {months} måneder gammel, mens en indsats kører",
            "The child's plan ({when}) is more than {months} months old while a measure runs",
        ),
        # Børnesamtale (BL § 5; SEL § 48; BDO, Randers 2016).
        "samtale.before": (
            "Ingen børnesamtale før afgørelsen {when}",
            "No conversation with the child before the decision {when}",
        ),
        "samtale.after": (
            "Børnesamtalen ({met}) kom først efter afgørelsen {when}",
            "The conversation with the child ({met}) came only after the decision {when}",
        ),
        "samtale.none": (
            "Ingen børnesamtale de seneste {months} måneder (seneste: {last})",
            "No conversation with the child in the last {months} months (latest: {last})",
        ),
        # Opfølgning (BL § 95; SEL § 70).
        "followup.first.missed": (
            "Første opfølgning på indsatsen {measure} mangler (frist {due})",
            "The first follow-up on the measure {measure} is missing (due {due})",
        ),
        "followup.first.late": (
            "Første opfølgning på indsatsen {measure} kom {met}, efter fristen {due}",
            "The first follow-up on the measure {measure} came {met}, after the deadline {due}",
        ),
        "followup.missed": (
            "Opfølgning på indsatsen {measure} mangler (frist {due})",
            "A follow-up on the measure {measure} is missing (due {due})",
        ),
        "followup.late": (
            "Opfølgning på indsatsen {measure} kom {met}, efter fristen {due}",
            "A follow-up on the measure {measure} came {met}, after the deadline {due}",
        ),
        "followup.interval": (
            "Intet opfølgningsinterval fastsat ved første opfølgning på indsatsen {measure} ({when}); regnet med {period}",
            "No follow-up interval set at the first follow-up on the measure {measure} ({when}); counted with {period}",
        ),
        # Afgørelser (FVL §§ 19, 22, 24, 25; BDO, Randers 2016).
        "decision.missing": (
            "Afgørelsen {when} ({paragraph}) mangler {what}",
            "The decision {when} ({paragraph}) lacks {what}",
        ),
        "decision.undocumented": (
            "Det er ikke dokumenteret, om afgørelsen {when} ({paragraph}) havde {what}",
            "It is not recorded whether the decision {when} ({paragraph}) had {what}",
        ),
        "decision.repeated": (
            "Afgørelse om {paragraph} truffet igen {when} (først {first}){change}",
            "Decision on {paragraph} taken again {when} (first {first}){change}",
        ),
        "measure.no_decision": (
            "Indsatsen {measure} startede {when} uden en registreret afgørelse",
            "The measure {measure} started {when} without a recorded decision",
        ),
        # Ventetid (BDO, Randers 2016).
        "wait.long": (
            "{days} dages ventetid fra afgørelsen {decided} til indsatsen {measure} startede {started}",
            "{days} days' wait from the decision {decided} until the measure {measure} started {started}",
        ),
        "wait.not_started": (
            "Indsatsen {measure} er ikke startet {days} dage efter afgørelsen {decided}",
            "The measure {measure} has not started {days} days after the decision {decided}",
        ),
        # Huller (BDO, Randers 2016).
        "gap": (
            "Ingen aktivitet i {days} dage ({start} – {end}){change}",
            "No activity for {days} days ({start} – {end}){change}",
        ),
        "gap.ongoing": (
            "Ingen aktivitet i {days} dage (siden {start}){change}",
            "No activity for {days} days (since {start}){change}",
        ),
        # Tilsyn (BL § 156; SEL § 70 stk. 2).
        "tilsyn.missed": (
            "Tilsynsbesøg med samtale med det anbragte barn mangler (frist {due})",
            "Supervision visit with a conversation with the placed child is missing (due {due})",
        ),
        "tilsyn.late": (
            "Tilsynsbesøg {met}, efter fristen {due}",
            "Supervision visit {met}, after the deadline {due}",
        ),
        # Overgang til voksenlivet (BL §§ 111, 122-123; Task forcen, Jammerbugt 2017).
        "transition.kum.missing": (
            "Intet koordinerende ungemøde, selv om den unge fyldte 16 år {sixteen} (forventet senest {due})",
            "No coordinating youth meeting although the young person turned 16 on {sixteen} (expected by {due})",
        ),
        "transition.kum.late": (
            "Koordinerende ungemøde først {met} (forventet senest {due})",
            "Coordinating youth meeting only {met} (expected by {due})",
        ),
        "transition.ungestoette.missing": (
            "Ingen afgørelse om ungestøtte (efterværn), selv om fristen var {due}",
            "No decision on support after 18 (ungestøtte) although it was due {due}",
        ),
        "transition.ungestoette.late": (
            "Afgørelse om ungestøtte (efterværn) først {met}, efter fristen {due}",
            "Decision on support after 18 (ungestøtte) only {met}, after the deadline {due}",
        ),
        "transition.handover.missing": (
            "Intet overleveringsmøde med voksenområdet inden 18-årsdagen ({due})",
            "No handover meeting with the adult area before the 18th birthday ({due})",
        ),
        "transition.handover.late": (
            "Overleveringsmøde med voksenområdet først {met}, efter 18-årsdagen ({due})",
            "Handover meeting with the adult area only {met}, after the 18th birthday ({due})",
        ),
        # Other deadlines (complaints, access requests, municipal targets).
        "deadline.missed": ("{title}: ikke sket (frist {due})", "{title}: not done (due {due})"),
        "deadline.late": (
            "{title}: sket {met}, efter fristen {due}",
            "{title}: done {met}, after the deadline {due}",
        ),
        # Lukning (BDO, Randers 2016).
        "closed.no_reason": (
            "Sagen blev lukket {when} uden registreret begrundelse eller afgørelse",
            "The case was closed {when} without a recorded reason or decision",
        ),
        "closed.measure_running": (
            "Sagen blev lukket {when}, mens indsatsen {measure} stadig kørte",
            "The case was closed {when} while the measure {measure} was still running",
        ),
        # Pieces used in the arguments above.
        "interim.present": (" (foreløbig vurdering {when})", " (interim assessment {when})"),
        "interim.missing": (" og uden foreløbig vurdering", " and without an interim assessment"),
        "change": (
            " efter skift af {what} {when}",
            " after a change of {what} {when}",
        ),
        "change.caseworker": ("sagsbehandler", "caseworker"),
        "change.team": ("team", "team"),
        "none": ("ingen", "none"),
        "kind.placement": ("anbringelse", "placement"),
        "kind.support": ("støttende indsats", "supportive measure"),
        "field.partshoering": ("partshøring", "a hearing of the parties"),
        "field.begrundelse": ("begrundelse", "reasons"),
        "field.klagevejledning": ("klagevejledning", "guidance on how to complain"),
    }
)


@attrs.frozen(slots=True)
class Both:
    """A literal text in both languages (a rule's title), rendered where it is used."""

    da: str
    en: str

    def render(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


@attrs.frozen(slots=True)
class Text:
    """A piece of text in both languages, rendered where it is used (an argument of a finding)."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str = "da") -> str:
        da, en = TEXTS[self.key]
        template = en if lang == "en" else da
        return template.format(**{k: render_value(v, lang) for k, v in self.args})


def text(key: str, **args: Any) -> Text:
    """A :class:`Text` for ``key`` with ``args`` (checked: the key must exist)."""
    if key not in TEXTS:
        raise KeyError(key)
    return Text(key, tuple(args.items()))


def render_value(value: Any, lang: str) -> str:
    """A finding argument as text: dates in the language's format, texts rendered."""
    from boernesag.periods import format_date, format_datetime

    if isinstance(value, (Text, Both)):
        return value.render(lang)
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if value is None:
        return TEXTS["none"][1 if lang == "en" else 0]
    describe = getattr(value, "describe", None)  # a Period: "6 måneder" / "6 months"
    if callable(describe):
        return str(describe(lang))
    return str(value)


def _json_value(value: Any, lang: str) -> Any:
    if isinstance(value, (Text, Both)):
        return value.render(lang)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return render_value(value, lang)


@attrs.frozen(slots=True)
class Finding:
    """One finding of the audit on one case.

    - ``check_id``: the check (BDO's (Randers 2016) theme) it belongs to, e.g. ``bfu``, ``opfoelgning``.
    - ``code``: which finding it is, e.g. ``bfu.missing``; also the key of its explanation.
    - ``severity``: see :class:`Severity`.
    - ``events``: ids of the events it rests on (the decision, the missed deadline's trigger).
    - ``citation``: the paragraph, where the law requires what is missing; ``rule_id`` the
      rule (deadline) it reads, so the audit and the deadline list agree.
    - ``day``: the day it is about (the due date, the decision, the start of a gap);
      ``due``: the due date where a deadline was missed or met late.
    - ``ongoing``: still unresolved on the audit day (a missing plan), as opposed to history
      (a plan that came late).
    - ``caseworker``: the caseworker assigned on ``day``.
    """

    check_id: str
    code: str
    severity: Severity
    case_id: str
    events: tuple[str, ...] = ()
    citation: str | None = None
    rule_id: str | None = None
    day: date | None = None
    due: date | None = None
    measure: str | None = None
    ongoing: bool = False
    caseworker: str | None = None
    args: tuple[tuple[str, Any], ...] = ()

    def arg(self, name: str, default: Any = None) -> Any:
        """An argument of the explanation (``days`` of a gap, ``what`` of a decision...)."""
        for key, value in self.args:
            if key == name:
                return value
        return default

    def explain(self, lang: str = "da") -> str:
        """The explanation in ``lang`` (``da`` default, or ``en``), with the citation."""
        da, en = TEXTS[self.code]
        template = en if check_lang(lang) == "en" else da
        body = template.format(**{k: render_value(v, lang) for k, v in self.args})
        return f"{body} ({self.citation})" if self.citation else body

    @property
    def explanation(self) -> str:
        """The Danish explanation."""
        return self.explain("da")

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """A JSON-ready object (no CPR: findings name the case, never the child's number)."""
        return {
            "case_id": self.case_id,
            "check_id": self.check_id,
            "code": self.code,
            "severity": self.severity.value,
            "rule_id": self.rule_id,
            "citation": self.citation,
            "events": list(self.events),
            "date": self.day.isoformat() if self.day else None,
            "due": self.due.isoformat() if self.due else None,
            "measure": self.measure,
            "ongoing": self.ongoing,
            "caseworker": self.caseworker,
            "explanation": self.explain(lang),
            "args": {k: _json_value(v, lang) for k, v in self.args},
        }
