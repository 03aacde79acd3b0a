"""What the deadline engines give: a :class:`Deadline` with its :class:`Status` and the
:class:`Note` steps of its explanation (spec §§ 3-4).

Both executors of a rule's plan (the scalar one in :mod:`boernesag.deadlines`, the numpy one in
:mod:`boernesag.columnar`) give these; :mod:`boernesag.deadlines` re-exports them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from boernesag.periods import Period, Unit, day_of
from boernesag.text import event_label, status_label, t

if TYPE_CHECKING:
    from boernesag.law import Rule, RuleVersion

__all__ = ["Deadline", "Fact", "Note", "Reading", "Status", "When", "note"]

When = date | datetime


class Status(enum.StrEnum):
    """A deadline's status (spec § 3)."""

    MET = "met"
    MET_LATE = "met_late"
    OPEN = "open"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"


class Fact(enum.StrEnum):
    """What a building block established about a deadline, for readers that must not parse
    its explanation (the audit). Set by both executors (the numpy one as a bit column)."""

    #: the subject records that the duty does not apply (a decision that no plan is needed)
    DECIDED_NO = "decided_no"
    #: the subject does not record whether the duty applies (``if_decided``: not recorded)
    UNDECIDED = "undecided"
    #: the version's forced mode applied (a paragraph in the rule's forced class)
    FORCED = "forced"
    #: missed or met late, and an interim assessment came on or after the awareness day
    #: (:class:`~boernesag.blocks.plan.InterimNote` found one: BL § 20 stk. 3)
    INTERIM_PRESENT = "interim_present"
    #: the version has the municipality set the interval at the follow-up and none was
    #: recorded, so the version's period was counted (BL § 95 stk. 3: boernesag's default)
    INTERVAL_DEFAULT = "interval_default"
    #: met by the subject itself because it records a reason for leaving the duty out
    #: (:class:`~boernesag.blocks.plan.Excused`: BL § 5 stk. 4, no conversation with the child)
    EXCUSED = "excused"


@attrs.frozen(slots=True)
class Note:
    """One step of an explanation: a text template key and its arguments (rendered lazily)."""

    key: str
    args: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str = "da") -> str:
        return t(self.key, lang, **dict(self.args))


@attrs.frozen(slots=True)
class Reading:
    """Another reading of a deadline than the one the library chose (``due``): its due date
    and the reason, a text key (``reading.<reason>`` is its label). Not the law's own month-end
    ambiguity, which is ``alternative_due``; e.g. ``from_start``: the BFU's 4 months counted
    from the investigation's recorded start instead of the municipality's awareness."""

    due: When
    reason: str

    def label(self, lang: str = "da") -> str:
        return t(f"reading.{self.reason}", lang)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {"due": _iso(self.due), "reason": self.reason, "label": self.label(lang)}


def note(key: str, **kwargs: Any) -> Note:
    """A :class:`Note` with keyword arguments."""
    return Note(key, tuple(kwargs.items()))


@attrs.frozen(slots=True)
class Deadline:
    """One deadline of one rule on one case.

    ``due`` is a date, or an aware datetime (Europe/Copenhagen) for rules counted in hours.
    ``alternative_due`` is set where the law's period or the trigger is ambiguous (a month
    end, a 29 February birthday, an unknown time of day, an unclear trigger): ``due`` is then
    the reading that protects the child or the citizen, and the explanation says so.
    ``readings`` are other readings of the statute than the library's, each with its reason
    (:class:`Reading`), never mixed into ``alternative_due``.
    """

    case_id: str
    rule_id: str
    citation: str
    trigger: str | None
    due: When | None
    status: Status
    met_by: str | None = None
    alternative_due: When | None = None
    law: str = ""
    trigger_type: str | None = None
    trigger_on: When | None = None
    met_on: When | None = None
    met_type: str | None = None
    period: Period | None = None
    measure: str | None = None
    obligor: str = "kommune"
    source: str = "lov"
    confidence: str = ""
    #: facts the blocks established (:class:`Fact`), beside the explanation's notes
    facts: frozenset[Fact] = frozenset()
    notes: tuple[Note, ...] = ()
    #: other readings than the library's (:class:`Reading`), not the month-end ambiguity
    readings: tuple[Reading, ...] = ()
    rule: Rule | None = attrs.field(default=None, eq=False, repr=False)
    version: RuleVersion | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def due_date(self) -> date | None:
        """``due`` as a calendar day (Copenhagen date for hour rules)."""
        return _day(self.due) if self.due is not None else None

    @property
    def explanation(self) -> str:
        """The Danish explanation (see :meth:`explain`)."""
        return self.explain("da")

    def title(self, lang: str = "da") -> str:
        return self.rule.title(lang) if self.rule is not None else self.rule_id

    def explain(self, lang: str = "da") -> str:
        """How the deadline was computed: trigger, period, law version, adjustments, outcome."""
        parts: list[str] = []
        if self.trigger_type is not None and self.trigger_on is not None:
            parts.append(f"{event_label(self.trigger_type, lang)} {_fmt(self.trigger_on, lang)}")
        if self.version is not None:
            period = self.period or self.version.period
            title = self.title(lang)
            if period.amount == 0 and period.unit != Unit.HOURS:
                key = (
                    "rule.before"
                    if self.rule is not None and self.rule.kind in ("before_decision", "plan")
                    else "rule.on"
                    if self.rule is not None and self.rule.kind == "age_milestone"
                    else "rule.at"
                )
                parts.append(t(key, lang, title=title, citation=self.citation, due=self.due))
            else:
                parts.append(
                    t("rule.after", lang, title=title, period=period, citation=self.citation)
                )
        parts.extend(n.render(lang) for n in self.notes)
        if self.due is not None and self.status != Status.NOT_APPLICABLE and not self._info:
            parts.append(t("due", lang, due=self.due))
        parts.append(self._outcome(lang))
        if self.confidence in ("partly", "unconfirmed"):
            what = "stk./paragraf" if lang == "da" else "the paragraph"
            if self.confidence == "unconfirmed":
                what = "reglens ordlyd" if lang == "da" else "the rule's wording"
            parts.append(t("confidence", lang, what=what))
        if self.source == "kommune":
            rsl = self.rule is not None and self.rule.kind == "case_processing"
            parts.append(t("municipal.rsl" if rsl else "municipal", lang))
        return "; ".join(p for p in parts if p)

    @property
    def _info(self) -> bool:
        """An information milestone: an age with nothing to record (kind ``age_milestone``)."""
        return self.rule is not None and self.rule.kind == "age_milestone" and self.measure is None

    def _outcome(self, lang: str) -> str:
        if self.status == Status.OPEN and self._info:
            return t("open.milestone", lang)
        if self.status in (Status.MET, Status.MET_LATE) and self.met_on is not None:
            what = event_label(self.met_type or "", lang)
            return t(self.status.value, lang, what=what, when=self.met_on)
        if self.status == Status.OVERDUE and self.obligor == "borger":
            return t("overdue.borger", lang)
        return t(self.status.value, lang)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """The spec's JSON object for this deadline (§ 4), plus a few extra fields."""
        return {
            "case_id": self.case_id,
            "rule_id": self.rule_id,
            "citation": self.citation,
            "trigger": self.trigger,
            "due": _iso(self.due),
            "status": self.status.value,
            "met_by": self.met_by,
            "alternative_due": _iso(self.alternative_due),
            "explanation": self.explain(lang),
            "law": self.law,
            "title": self.title(lang),
            "measure": self.measure,
            "obligor": self.obligor,
            "source": self.source,
            "status_label": status_label(self.status.value, lang),
            "readings": [r.to_dict(lang) for r in self.readings],
        }


def _iso(value: When | None) -> str | None:
    return value.isoformat() if value is not None else None


def _fmt(value: When, lang: str) -> str:
    from boernesag.periods import format_date, format_datetime

    return format_datetime(value, lang) if isinstance(value, datetime) else format_date(value, lang)


def _day(value: When) -> date:
    day = day_of(value)
    assert day is not None
    return day
