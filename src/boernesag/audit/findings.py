"""Findings of the case audit and the settings that are not law.

A :class:`Finding` is one thing a reviewer would write down about a case (seed 004's case
template, seed 003's legal review): the check it belongs to, how serious it is, the events it
rests on, the paragraph where the law requires something, and an explanation in Danish or
English. Explanations are rendered from keyed templates, so a finding stays small and typed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["AuditSettings", "CheckStatus", "Finding", "Severity"]


class Severity(enum.StrEnum):
    """How serious a finding is; the order is the order of urgency."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def weight(self) -> int:
        """Points for ranking the worst cases first."""
        return {"critical": 8, "high": 4, "medium": 2, "low": 1, "info": 0}[self.value]


class CheckStatus(enum.StrEnum):
    """A check's result on one case, as seed 004 tabulates it."""

    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_RELEVANT = "not_relevant"


@attrs.frozen
class AuditSettings:
    """Thresholds that are not law, with the seeds' values as defaults.

    - ``samtale_months``: a børnesamtale within this many months while the case is active
      (seed 004: "inden for det sidste ½ år").
    - ``samtale_min_age``: children younger than this are not counted for the 6-month
      conversation (not in the seeds; infants cannot be interviewed).
    - ``bfu_max_age_months``: a BFU older than this is stale (seed 004 names staleness).
    - ``bfu_max_aging_years``: stale when the child has aged this much since the BFU.
    - ``plan_max_age_months``: barnets plan older than this while a measure runs is outdated.
    - ``gap_days``: a period without activity on an open case longer than this is a "hul"
      (seed 004).
    - ``gap_at_change_days``: a gap starting within this many days after a change of
      caseworker is attributed to the change (seed 004: "huller ved sagsbehandlerskift").
    - ``max_wait_days``: waiting time from decision to measure start (seed 004).
    - ``kum_grace_months``: after the 16th birthday, a koordinerende ungemøde is expected
      within this many months (seed 003; KUM is municipal practice).
    """

    samtale_months: int = 6
    samtale_min_age: int = 3
    bfu_max_age_months: int = 24
    bfu_max_aging_years: int = 3
    plan_max_age_months: int = 12
    gap_days: int = 90
    gap_at_change_days: int = 30
    max_wait_days: int = 30
    kum_grace_months: int = 6


_TEXT: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "bfu.missing": (
            "Afgørelse om {measure} {when} uden en afsluttet børnefaglig undersøgelse",
            "Decision on {measure} {when} without a finished child protection investigation",
        ),
        "bfu.late": (
            "Børnefaglig undersøgelse ikke afsluttet inden fristen {due}{interim}",
            "Child protection investigation not finished by {due}{interim}",
        ),
        "bfu.stale.age": (
            "Seneste børnefaglige undersøgelse ({when}) er over {months} måneder gammel",
            "The latest child protection investigation ({when}) is more than {months} months old",
        ),
        "bfu.stale.aging": (
            "Barnet er blevet {years} år ældre siden seneste børnefaglige undersøgelse ({when})",
            "The child has grown {years} years older since the latest investigation ({when})",
        ),
        "bfu.stale.type": (
            "Indsatsens type er ændret ({kind}) siden seneste børnefaglige undersøgelse ({when})",
            "The type of measure has changed ({kind}) since the latest investigation ({when})",
        ),
        "plan.missing": (
            "Barnets plan mangler (frist {due})",
            "The child's plan is missing (due {due})",
        ),
        "plan.late": (
            "Barnets plan kom for sent ({when}, frist {due})",
            "The child's plan came late ({when}, due {due})",
        ),
        "plan.outdated": (
            "Barnets plan ({when}) er over {months} måneder gammel, mens en indsats kører",
            "The child's plan ({when}) is more than {months} months old while a measure runs",
        ),
        "samtale.none": (
            "Ingen børnesamtale de seneste {months} måneder (seneste: {last})",
            "No conversation with the child in the last {months} months (latest: {last})",
        ),
        "samtale.before": (
            "Ingen børnesamtale før afgørelsen {when}",
            "No conversation with the child before the decision {when}",
        ),
        "samtale.after": (
            "Børnesamtalen kom først efter afgørelsen {when}",
            "The conversation came only after the decision {when}",
        ),
        "followup.first": (
            "Første opfølgning {what} (frist {due})",
            "First follow-up {what} (due {due})",
        ),
        "followup.later": ("Opfølgning {what} (frist {due})", "Follow-up {what} (due {due})"),
        "followup.interval": (
            "Intet opfølgningsinterval fastsat ved første opfølgning {when}",
            "No follow-up interval set at the first follow-up {when}",
        ),
        "what.late": ("for sent", "late"),
        "what.missing": ("mangler", "missing"),
        "decision.field.false": (
            "Afgørelsen {when} mangler {what}",
            "The decision {when} lacks {what}",
        ),
        "decision.field.none": (
            "Det er ikke dokumenteret, om afgørelsen {when} havde {what}",
            "It is not recorded whether the decision {when} had {what}",
        ),
        "decision.repeat": (
            "Afgørelse om {paragraph} truffet igen {when} (først {first}){change}",
            "Decision on {paragraph} taken again {when} (first {first}){change}",
        ),
        "decision.repeat.change": (
            " efter skift af sagsbehandler {when}",
            " after a change of caseworker {when}",
        ),
        "gap": (
            "Ingen aktivitet i {days} dage ({start} – {end}){change}",
            "No activity for {days} days ({start} – {end}){change}",
        ),
        "gap.change": (
            " efter skift af sagsbehandler {when}",
            " after a change of caseworker {when}",
        ),
        "wait": (
            "{days} dages ventetid fra afgørelse {decided} til indsatsen {started}",
            "{days} days' wait from decision {decided} to the measure {started}",
        ),
        "wait.open": (
            "Indsatsen er ikke startet {days} dage efter afgørelsen {decided}",
            "The measure has not started {days} days after the decision {decided}",
        ),
        "transition.kum": (
            "Intet koordinerende ungemøde registreret {months} måneder efter 16-årsdagen ({when})",
            "No coordinating youth meeting recorded {months} months after the 16th birthday ({when})",
        ),
        "transition.handover": (
            "Intet overleveringsmøde med voksenområdet inden 18-årsdagen ({due})",
            "No handover meeting with the adult area before the 18th birthday ({due})",
        ),
        "transition.eftervaern": (
            "Afgørelse om ungestøtte {what} (frist {due})",
            "Decision on support after 18 {what} (due {due})",
        ),
        "deadline": ("{title}: {what} (frist {due})", "{title}: {what} (due {due})"),
        "closed": (
            "Sagen er lukket {when} uden registreret begrundelse eller afgørelse",
            "The case was closed {when} without a recorded reason or decision",
        ),
    }
)

_FIELD_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "partshoering": ("partshøring", "a hearing of the parties"),
        "begrundelse": ("begrundelse", "reasons"),
        "klagevejledning": ("klagevejledning", "guidance on how to complain"),
    }
)


def field_name(field: str, lang: str) -> str:
    da, en = _FIELD_NAMES[field]
    return en if lang == "en" else da


def _fmt(value: Any, lang: str) -> str:
    from boernesag.periods import format_date

    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return str(value[1] if lang == "en" else value[0])
    return str(value)


@attrs.frozen
class Finding:
    """One finding of the audit on one case.

    ``check_id`` groups findings as seed 004's table does (``bfu``, ``barnets-plan``,
    ``boernesamtale``, ``opfoelgning``, ``afgoerelser``, ``huller``, ``ventetid``,
    ``overgang``, ``underretninger``, ``tilsyn``, ``klager``, ``lukning``); ``code`` says which
    finding it is; ``rule_id`` names the deadline rule it rests on, if any.
    """

    check_id: str
    code: str
    severity: Severity
    case_id: str
    events: tuple[str, ...] = ()
    citation: str | None = None
    rule_id: str | None = None
    day: date | None = None
    caseworker: str | None = None
    args: tuple[tuple[str, Any], ...] = ()

    def explain(self, lang: str = "da") -> str:
        da, en = _TEXT[self.code]
        text = (en if lang == "en" else da).format(**{k: _fmt(v, lang) for k, v in self.args})
        return f"{text} ({self.citation})" if self.citation else text

    @property
    def explanation(self) -> str:
        return self.explain("da")

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "check_id": self.check_id,
            "code": self.code,
            "severity": self.severity.value,
            "rule_id": self.rule_id,
            "citation": self.citation,
            "events": list(self.events),
            "date": self.day.isoformat() if self.day else None,
            "caseworker": self.caseworker,
            "explanation": self.explain(lang),
        }
