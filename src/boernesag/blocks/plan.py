"""A rule compiled into a plan of generic building blocks.

The rule data (:mod:`boernesag.law`) says what a duty means: which events trigger it, from
when its period runs, which events meet it, what the explanation notes. :func:`compile_rule`
turns a :class:`~boernesag.law.Rule` into a :class:`Plan` of the steps below, once per rule
(cached); the scalar executor (:mod:`boernesag.blocks.scalar`) and the numpy executor
(:mod:`boernesag.columnar.executor`) each implement every step once, so a rule's meaning is
never written twice. No step knows a paragraph, an event type or an age: they come from the
rule.

A plan is three steps:

* the **subject**, what one deadline is about (e.g. :class:`EachEvent`: every event of some
  types that meets the rule's conditions, which may ask the legal vocabulary: an outcome in a
  set, a paragraph's decision kind or class, see :class:`Condition`; :class:`Episodes`: each investigation-like
  episode, from its awareness point; :class:`EachDecision`: every decision under some laws);
* the **due** step, how the due date follows from the subject (:class:`PeriodAfter`: the
  period of the version in force on the start day, after the start; :class:`TablePeriodAfter`:
  the same with the period looked up per paragraph in the version's table;
  :class:`DecisionMode`: per version ``mode``, due on the subject's day, the period after it,
  or only where a recorded field on the subject says so);
* the **link**, which event meets it (:class:`Claim`: each subject claims one meeting event,
  by reference first; :class:`LinkDecision`: an application's decision, by reference, then
  the same benefit, then the next one);

and optional **notes** the explanation adds (:class:`MetNote`, :class:`NoticeNote`).

Deadlines at an age (kinds ``age_event``, ``transition``, ``age_decision``,
``age_milestone``) use the subjects :class:`TheCase` (one deadline about the case) and
:class:`RunningMeasures` (one per measure of listed paragraphs running on the due day), with
the conditions :class:`ChildHas`, :class:`Listed` and :class:`CaseOpen`; the due step
:class:`Birthday`; the links :class:`FirstFrom`, :class:`EndedOrContinued` and :class:`Info`;
and the notes :class:`FixedNote`, :class:`StartNote`, :class:`TriggerNote` and
:class:`MeaningNote`. Paragraph lists are :class:`ParagraphSet`.

Rule kinds not yet compiled to plans (``compile_rule`` gives ``None``) are still run by their
per-kind interpreters in :mod:`boernesag.deadlines` and :mod:`boernesag.columnar.engine`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from boernesag.errors import RuleError
from boernesag.law import Rule, RuleVersion, kind_defaults
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.paragraphs import Paragraph
from boernesag.periods import Period

__all__ = [
    "PLANNED_KINDS",
    "Birthday",
    "CaseOpen",
    "CaseSpan",
    "ChildHas",
    "ChosenPeriodAfter",
    "Claim",
    "Condition",
    "ConditionTest",
    "DecisionMode",
    "EachDecision",
    "EachEvent",
    "EachMeasure",
    "EndedBeforeDue",
    "EndedOrContinued",
    "Episodes",
    "EventsOf",
    "Excused",
    "FirstFrom",
    "FirstFromLookback",
    "FixedNote",
    "Info",
    "InterimNote",
    "LastBefore",
    "LinkDecision",
    "Listed",
    "MeaningNote",
    "MetNote",
    "MissedAfterOnePeriod",
    "NoticeNote",
    "OnTheDay",
    "ParagraphKey",
    "ParagraphSet",
    "PeriodAfter",
    "PeriodAfterAwareness",
    "PeriodChoice",
    "PeriodOrParallelEnd",
    "Plan",
    "Recurrence",
    "RunningMeasures",
    "StartNote",
    "Step",
    "TablePeriodAfter",
    "TheCase",
    "TriggerNote",
    "UnknownParagraphNote",
    "compile_rule",
    "paragraph_names",
    "version_age",
]


@attrs.frozen
class Step:
    """A building block of a plan. Subclasses are frozen attrs classes holding the rule data
    the block reads; the executors dispatch on the class."""


#: What a :class:`Condition` tests of the field's value ``x`` (see :class:`Condition`).
ConditionTest = Literal["equals", "outcome_set", "decision_kind", "paragraph_class"]


@attrs.frozen
class Condition:
    """A test of an event field (or an extension key of the case JSON); ``equal = False``
    negates it. ``test`` says what is asked of the field's value ``x``:

    * ``"equals"``: ``x == value``;
    * ``"outcome_set"``: ``x`` is one of the legal vocabulary's outcome set ``value``
      (``refused``: afslag, afvist);
    * ``"decision_kind"``: the vocabulary's decision kind of the paragraph ``x`` is ``value``
      (``support``, ``placement``; ``None`` for a paragraph of no kind or no paragraph);
    * ``"paragraph_class"``: the paragraph ``x`` is in the vocabulary's class ``value``
      (``forced_placement``).

    The meaning is :func:`boernesag.blocks.conditions.value_holds`, for both executors.
    """

    field: str
    value: Any
    equal: bool = True
    test: ConditionTest = "equals"
    #: whose field: the event itself (``"self"``) or the event it names by ``ref``
    #: (``"ref"``: a klage's afgørelse; no such event reads as no value)
    of: Literal["self", "ref"] = "self"


@attrs.frozen
class EachEvent(Step):
    """Subject: one deadline for each event of ``types`` (seen by ``as_of``) that meets every
    condition, in time order. The period runs from the event's day, or from its
    ``start_field`` (a date field such as ``meddelt``) where that is recorded. With
    ``carry_measure`` each deadline names the measure the trigger names."""

    types: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    start_field: str | None = None
    #: whether each deadline names the trigger event's measure
    carry_measure: bool = False


@attrs.frozen
class PeriodAfter(Step):
    """Due: the period of the rule version in force on the start day, counted from the start.

    Hours count from the trigger's instant (an unknown time of day: from midnight, with
    23:59 as the alternative reading); days, working days, weeks and months from its day,
    with the month-end ambiguity returned and, where the version says ``extend``, a due date
    on a weekend or holiday moved to the next working day."""


@attrs.frozen
class PeriodChoice:
    """One entry of :class:`ChosenPeriodAfter`: where every condition holds, the period is
    ``period`` and the explanation adds the note ``note``."""

    conditions: tuple[Condition, ...]
    period: Period
    note: str


@attrs.frozen
class ChosenPeriodAfter(Step):
    """Due: like :class:`PeriodAfter`, with the period of the first ``choices`` entry whose
    conditions the trigger meets (a condition may read the event the trigger names, e.g. who
    made the decision a klage is about), else the version's period. A period of 0 days is
    due on the start day itself (the law's "straks")."""

    choices: tuple[PeriodChoice, ...]


@attrs.frozen
class TablePeriodAfter(Step):
    """Due: like :class:`PeriodAfter`, with the period looked up by the trigger's paragraph in
    the version's ``periods`` table (the most specific entry wins); a paragraph without an
    entry gets the version's ``period`` (``unlisted = "default"``) or no deadline
    (``"not_applicable"``)."""


@attrs.frozen
class Claim(Step):
    """Link: each subject, in time order, claims one event of ``types`` that meets it.

    ``by = "ref"``: the first unclaimed one naming the trigger, else the first unclaimed one
    naming no event at or after it; ``"next"``: the first unclaimed one at or after it;
    ``"measure"``: the first unclaimed one naming the trigger's measure at or after it."""

    types: tuple[str, ...]
    by: Literal["ref", "next", "measure"] = "next"


@attrs.frozen
class LinkDecision(Step):
    """Link: the decision on each application, in three passes over all applications (a
    later, better match is never taken by an earlier application's weaker one): a decision
    naming the application; else the next free one for the same benefit (same measure or
    same paragraph); else the next free one. A decision naming another event is never taken
    by the fallbacks. The explanation says how the decision was found."""

    types: tuple[str, ...]


@attrs.frozen
class MetNote(Step):
    """Note: when the meeting event is of one of these types, the explanation says so with the
    note ``key`` (e.g. a deadline answered by a fristbrev)."""

    types: tuple[str, ...]
    key: str


@attrs.frozen
class NoticeNote(Step):
    """Note: whether a written notice of ``type`` was sent about the trigger before the due
    date (RSL § 3, stk. 2, 3. pkt.: a fristbrev). The notice does not meet the deadline."""

    type: str


# --------------------------------------------------------------------------- ages (birthdays)


#: (law, paragraph number, stk., nr.) of a :class:`ParagraphSet` entry.
ParagraphKey = tuple[str, str, int | None, int | None]


@attrs.frozen
class ParagraphSet:
    """A list of paragraphs from the rule data (``"BL 46"``, ``"SEL 52 stk. 3 nr. 7"``).

    An entry matches a paragraph with the same law and number and, where the entry names
    them, the same stk. and nr. (``"BL 46"`` matches ``BL 46 stk. 1``). ``unknown``: whether
    a measure or event without a paragraph counts as matching."""

    entries: tuple[ParagraphKey, ...] = ()
    unknown: bool = False

    def matches(self, p: Paragraph | None) -> bool:
        if p is None:
            return self.unknown
        keys = self.entries
        return (
            (p.law, p.number, None, None) in keys
            or (p.law, p.number, p.stk, None) in keys
            or (p.law, p.number, p.stk, p.nr) in keys
        )


@attrs.frozen
class ChildHas(Step):
    """Condition: the child's record has the flag ``field`` set (e.g. ``disability``)."""

    field: str


@attrs.frozen
class Listed(Step):
    """Condition: the deadline is listed from the child's ``from_years`` birthday on, and from
    ``before`` before the due day on (each where set)."""

    from_years: int | None = None
    before: Period | None = None


@attrs.frozen
class CaseOpen(Step):
    """Condition: the case is open (:meth:`~boernesag.model.Case.is_open_on`) on the due day,
    or at ``as_of`` if that is earlier."""


@attrs.frozen
class TheCase(Step):
    """Subject: one deadline about the case itself (no measure) when every condition holds
    (:class:`ChildHas`, :class:`Listed`, :class:`CaseOpen`). With ``trigger`` types it names
    the first event of those types up to ``as_of`` (any day) as its trigger. ``noted``: types
    whose first event is only noted in the explanation (:class:`TriggerNote`), not the
    trigger (a municipality's own practice, e.g. the KUM before the transition to adulthood,
    which the law does not name)."""

    conditions: tuple[Step, ...] = ()
    trigger: tuple[str, ...] = ()
    noted: tuple[str, ...] = ()


@attrs.frozen
class RunningMeasures(Step):
    """Subject: one deadline per measure (as it stood at ``as_of``) whose paragraph is in
    ``paragraphs`` and that runs on the due day, or at ``as_of`` if that is earlier; with
    ``first_only`` the first such measure only. Each names the measure, with its start event
    as trigger. ``note``: the explanation names the measure and its paragraph (and says when
    the paragraph is unknown). ``otherwise``: a case with no such measure gets one deadline
    about the case, given by this link (:class:`Info`)."""

    paragraphs: ParagraphSet
    conditions: tuple[Step, ...] = ()
    first_only: bool = False
    note: str | None = None
    otherwise: Step | None = None


@attrs.frozen
class Birthday(Step):
    """Due: the day the child reaches ``years`` years and ``months`` months
    (:func:`~boernesag.periods.date_of_age` under the leap-day rule; a 29 February child's
    other reading is the alternative due date, with a note), or with ``day_before`` the day
    before that birthday (no alternative). The version is the one in force on the due day, or
    with ``start_years`` on that earlier birthday, from which the duty then runs.

    ``years = None``: each version carries its own age (option ``age``); the day is the one
    on which the child reaches the age of the version in force then. A child who had not
    reached the old age when the old version ended but was past the new age when the new one
    came into force reaches it on the day of commencement (said in the explanation)."""

    years: int | None
    months: int = 0
    day_before: bool = False
    start_years: int | None = None


@attrs.frozen
class FirstFrom(Step):
    """Link: the first event of ``types`` (in time order, ties in the order of ``types``) on
    or after a day: any day (``since = "any"``), the birthday the duty runs from
    (``"start"``, :attr:`Birthday.start_years`), or the start of the subject's measure
    (``"measure"``). An event of ``under_types`` counts only under a paragraph of ``under``;
    an event whose outcome is in ``refused`` never counts."""

    types: tuple[str, ...]
    since: Literal["any", "start", "measure"] = "any"
    under_types: tuple[str, ...] = ()
    under: ParagraphSet = ParagraphSet()
    refused: tuple[str, ...] = ()


@attrs.frozen
class EndedOrContinued(Step):
    """Link for a measure: the earlier of its end (the first event of ``ended_by`` naming the
    measure, from its start) and its continuation (``continued``, from its start); the
    explanation says which (notes ``ended_note``, ``continued_note``)."""

    ended_by: tuple[str, ...]
    continued: FirstFrom | None
    ended_note: str
    continued_note: str


@attrs.frozen
class Info(Step):
    """Link for a deadline with nothing to record: ``open`` before the due day (note
    ``upcoming``), ``not_applicable`` from it (note ``reached``) until ``after`` after it,
    then no longer listed."""

    after: Period
    upcoming: str
    reached: str


@attrs.frozen
class FixedNote(Step):
    """Note: the text ``key`` (no arguments)."""

    key: str


@attrs.frozen
class StartNote(Step):
    """Note: ``key`` with the day the duty runs from (:attr:`Birthday.start_years`)."""

    key: str


@attrs.frozen
class TriggerNote(Step):
    """Note: ``present`` with the trigger's day, or ``missing`` when there is none."""

    present: str
    missing: str


@attrs.frozen
class MeaningNote(Step):
    """Note: ``key`` with the age and what it means (the version's option ``meaning``)."""

    key: str


@attrs.frozen
class Plan:
    """A rule's meaning as building blocks (see the module docstring).

    Each executor has one runner per subject class (:data:`boernesag.blocks.scalar.RUNNERS`,
    :data:`boernesag.columnar.executor.RUNNERS`), which composes the plan's other steps.
    """

    rule_id: str
    subject: Step
    due: Step
    link: Step
    notes: tuple[Step, ...] = ()
    #: conditions and readings that change a deadline's status (e.g. :class:`EndedBeforeDue`)
    readings: tuple[Step, ...] = ()


def _conditions(rule: Rule) -> tuple[Condition, ...]:
    return (
        *(Condition(k, v, True) for k, v in rule.trigger_if.items()),
        *(Condition(k, v, False) for k, v in rule.trigger_unless.items()),
    )


def _default(rule: Rule, name: str) -> Any:
    """The default of ``name`` for the rule's kind (``law/data/defaults.toml``, the packaged
    rules' value: a municipal file written before the key keeps its meaning)."""
    found = kind_defaults(rule.kind).get(name)
    if found is None:
        raise RuleError(f"regel {rule.id}: params.{name} mangler (og har ingen standardværdi)")
    return found


def _param(rule: Rule, name: str) -> Any:
    """``params.name`` of the rule, else the kind's default (:func:`_default`)."""
    found = rule.param(name)
    return found if found is not None else _default(rule, name)


def _names_default(rule: Rule, name: str) -> tuple[str, ...]:
    raw = _default(rule, name)
    return (str(raw),) if isinstance(raw, str) else tuple(str(x) for x in raw)


def _refused(rule: Rule) -> tuple[str, ...]:
    """The outcomes of the vocabulary set ``refused_set`` (default of ``params.refused``)."""
    return tuple(sorted(legal_vocabulary().outcome_values(str(_default(rule, "refused_set")))))


def _met_notes(rule: Rule) -> tuple[MetNote, ...]:
    raw = rule.param("met_note", {})
    if not isinstance(raw, Mapping):
        raise RuleError(f"regel {rule.id}: met_note skal være en tabel {{ hændelsestype = nøgle }}")
    return tuple(MetNote((str(k),), str(v)) for k, v in raw.items())


def _period_choices(rule: Rule) -> tuple[PeriodChoice, ...]:
    """``params.period_when``: a list of ``{ field, value, of = "self"|"ref", period, note }``
    (checked by the loader): the period where the trigger's (or its ref's) field equals
    ``value``, first match wins."""
    out = []
    for raw in rule.param("period_when", ()) or ():
        of = str(raw.get("of", "self"))
        if of not in ("self", "ref"):  # pragma: no cover - the loader refuses others
            raise RuleError(f"regel {rule.id}: period_when.of skal være self eller ref")
        cond = Condition(str(raw["field"]), raw["value"], True, "equals", "ref" if of == "ref" else "self")
        out.append(PeriodChoice((cond,), Period.parse(str(raw["period"])), str(raw["note"])))
    return tuple(out)


def _period_plan(rule: Rule) -> Plan:
    """``kind = "period"``: a period from each trigger event to the event that meets it."""
    by: Literal["ref", "next", "measure"]
    if rule.link == "ref":
        by = "ref"
    elif rule.link == "measure":
        by = "measure"
    elif rule.link == "next":
        by = "next"
    else:  # pragma: no cover - the loader refuses others
        raise RuleError(f"regel {rule.id}: link skal være ref, next eller measure")
    choices = _period_choices(rule)
    return Plan(
        rule_id=rule.id,
        subject=EachEvent(rule.trigger, _conditions(rule), rule.trigger_date),
        due=ChosenPeriodAfter(choices) if choices else PeriodAfter(),
        link=Claim(rule.met_by, by),
        notes=_met_notes(rule),
    )


def _case_processing_plan(rule: Rule) -> Plan:
    """``kind = "case_processing"``: an application's time limit per benefit type (RSL § 3,
    stk. 2), met by its decision; a notice of delay is noted, never counted as meeting it."""
    return Plan(
        rule_id=rule.id,
        subject=EachEvent(rule.trigger, _conditions(rule), carry_measure=True),
        due=TablePeriodAfter(),
        link=LinkDecision(rule.met_by),
        notes=(NoticeNote(str(_param(rule, "notice"))),),
    )


# --------------------------------------------------------------------------- measures, chains


@attrs.frozen
class EachMeasure(Step):
    """Subject: each measure started by ``as_of`` with a start event, as it stood at ``as_of``
    (:meth:`~boernesag.model.Case.measures_on`: a later decision or end is not known then), in
    the case's order, whose paragraph is in ``paragraphs``. An entry ``"BL 32"`` names the
    paragraph with every stk. and nr., ``"SEL 52 stk. 3"`` that stk. with every nr.,
    ``"SEL 52 stk. 3 nr. 7"`` that nr. only. ``paragraphs = None``: every measure. A measure
    with no recorded paragraph is included when ``unknown`` is true."""

    paragraphs: frozenset[str] | None = None
    unknown: bool = True

    def includes(self, p: Paragraph | None) -> bool:
        """Whether a measure of paragraph ``p`` (``None``: not recorded) is a subject."""
        if p is None:
            return self.unknown
        if self.paragraphs is None:
            return True
        return not self.paragraphs.isdisjoint(paragraph_names(p))


@functools.lru_cache(maxsize=4096)
def paragraph_names(p: Paragraph) -> tuple[str, ...]:
    """The names an :class:`EachMeasure` entry may give ``p`` by: law and number, with its
    stk., with its stk. and nr. (``"SEL 52"``, ``"SEL 52 stk. 3"``, ``"SEL 52 stk. 3 nr. 7"``)."""
    base = f"{p.law} {p.number}"
    if p.stk is None and p.nr is None:
        return (base,)
    if p.stk is None or p.nr is None:
        return (base, str(p))
    return (base, f"{base} stk. {p.stk}", str(p))


@attrs.frozen
class CaseSpan(Step):
    """Subject: the whole case, from its first event (if that is on or before ``as_of``) to
    its closing (:meth:`~boernesag.model.Case.closed_on` at ``as_of``: the last closing by
    then, unless a later event by then reopened the case)."""


@attrs.frozen
class PeriodOrParallelEnd(Step):
    """Due: the period of the version in force on the measure's start day, after the start
    (as :class:`PeriodAfter`). Where that version's option ``earliest_of_parallel`` is true,
    the earliest of that and the end of a parallel investigation: the last event of
    ``started`` on or before the start day, and the first event of ``ended`` on or after that
    event's day. An end after the start day and before the period's end is the due date (with
    no alternative reading), noted ``parallel.done``; an investigation with no end yet is
    noted ``parallel.running``."""

    started: tuple[str, ...] = ()
    ended: tuple[str, ...] = ()


@attrs.frozen
class EventsOf(Step):
    """Link: the subject's events of ``types``, in time order. For a measure: those naming
    it, and those naming no measure dated while it ran (its start to its end as of
    ``as_of``), on or after its start day; for the case: all of them. A single deadline is
    met by the first of them."""

    types: tuple[str, ...]


@attrs.frozen
class UnknownParagraphNote(Step):
    """Note: a measure with no recorded paragraph is said to have none (``paragraph.unknown``),
    after the due date's own notes."""


@attrs.frozen
class EndedBeforeDue(Step):
    """Reading: a measure that ended before the due date with no meeting event gives a
    ``not_applicable`` deadline (noted ``measure.ended``): the duty ended with it."""


@attrs.frozen
class MissedAfterOnePeriod(Step):
    """Reading: a meeting event more than one period (the version's) after the due date does
    not meet it late: the deadline was missed (noted ``chain.first.missed``), and a recurring
    rule counts the periods in between (:attr:`Recurrence.after_rule`)."""


@attrs.frozen
class Recurrence(Step):
    """Due: a recurring duty, a chain of deadlines over the subject's events (the link).

    From each anchor the next event is due within the interval of the version in force on
    the day the period runs from; the event that comes meets it and is the next anchor. Every
    whole interval without one is one missed deadline (``overdue``), the next counted from the
    missed due date, so a 13-month gap in 6-monthly follow-ups counts two misses, not one
    late follow-up; an event within one interval after a missed due date meets it late. A
    deadline due after the subject's end is not given; after the last event the chain ends
    with the open deadline, or with the missed ones up to ``as_of``.

    ``start``: ``"subject"``, the chain runs from the subject's start event (a measure's
    start, the case's first event); ``"first_event"``, from the first of the link's events
    (none: no chain). ``after_rule``: the id of a rule giving the measure's first deadline
    (its due step a :class:`PeriodOrParallelEnd`): when that rule is on and its deadline was
    missed for good (no event within one more period after its due date; with none at all,
    once ``as_of`` is past that), the chain runs from that due date as a missed deadline,
    anchored at the measure's start. ``interval_field``: where the version's option
    ``interval_from_event`` is true, the interval is the number of months recorded in this
    event field on the last event up to the anchor (noted ``interval.recorded``), else the
    version's period (noted ``interval.default``). ``period_note``: a note key every deadline
    gets with its period (how the period reads the law)."""

    start: Literal["subject", "first_event"] = "subject"
    after_rule: str | None = None
    interval_field: str | None = None
    period_note: str | None = None


def _applies_to(rule: Rule, *, required: bool = False) -> frozenset[str] | None:
    wanted = rule.param("applies_to")
    if wanted is None and required:
        raise RuleError(
            f"regel {rule.id}: params.applies_to mangler (de paragraffer, hvis indsatser "
            "reglen gælder, fx 'BL 46' eller 'SEL 52 stk. 3 nr. 7')"
        )
    return frozenset(str(x) for x in wanted) if wanted else None


def _event_types(rule: Rule, name: str) -> tuple[str, ...]:
    raw = _param(rule, name)
    return (raw,) if isinstance(raw, str) else tuple(str(x) for x in raw)


def _first_followup_plan(rule: Rule) -> Plan:
    """``kind = "first_followup"``: the first follow-up on each measure of the ``applies_to``
    paragraphs (BL § 95 stk. 2: at the earliest of a parallel investigation's end and 3
    months; SEL § 70 stk. 1). The investigation's event types are ``parallel_started`` and
    ``parallel_ended`` (default: the BFU's start and end, as before they were rule data)."""
    return Plan(
        rule_id=rule.id,
        subject=EachMeasure(_applies_to(rule), unknown=True),
        due=PeriodOrParallelEnd(
            _event_types(rule, "parallel_started"),
            _event_types(rule, "parallel_ended"),
        ),
        link=EventsOf(rule.met_by),
        notes=(UnknownParagraphNote(),),
        readings=(EndedBeforeDue(), MissedAfterOnePeriod()),
    )


def _recurring_followup_plan(rule: Rule) -> Plan:
    """``kind = "recurring_followup"``: the later follow-ups on each measure, from the first
    one (or from the missed first deadline of ``after_rule``, default the packaged first
    follow-up rule), at the version's period or, where it says ``interval_from_event``, the
    interval recorded on the follow-up (BL § 95 stk. 3; SEL § 70 stk. 1: 6 months)."""
    return Plan(
        rule_id=rule.id,
        subject=EachMeasure(_applies_to(rule), unknown=True),
        due=Recurrence(
            start="first_event",
            after_rule=str(_param(rule, "after_rule")),
            interval_field=str(_default(rule, "interval_field")),
        ),
        link=EventsOf(rule.met_by),
    )


def _supervision_plan(rule: Rule) -> Plan:
    """``kind = "supervision"``: supervision visits during each measure of the ``applies_to``
    paragraphs (the placements), no gap over the period from the start (BL § 156 stk. 5; SEL
    § 70 stk. 2, § 148). A measure with no recorded paragraph is not known to be one."""
    return Plan(
        rule_id=rule.id,
        subject=EachMeasure(_applies_to(rule, required=True), unknown=False),
        due=Recurrence(start="subject", period_note="supervision.reading"),
        link=EventsOf(rule.met_by),
    )


def _recurring_case_plan(rule: Rule) -> Plan:
    """``kind = "recurring_case"``: a recurring duty on an open case from its first event,
    e.g. ledelsestilsyn every 3 months (a municipal target)."""
    return Plan(
        rule_id=rule.id,
        subject=CaseSpan(),
        due=Recurrence(start="subject"),
        link=EventsOf(rule.met_by),
    )


# --------------------------------------------------------------------------- ages: compilers


def _paragraph_set(rule: Rule, name: str, default: Any = (), unknown: bool = False) -> ParagraphSet:
    """The paragraph list ``params.name`` as a :class:`ParagraphSet` (``RuleError`` for an
    entry that is not a paragraph reference, naming the rule and the key)."""
    return _paragraph_set_of(rule, name, rule.param(name, default), unknown)


def _paragraph_set_of(rule: Rule, name: str, texts: Any, unknown: bool = False) -> ParagraphSet:
    """The paragraph references ``texts`` (of ``params.name``) as a :class:`ParagraphSet`."""
    keys: list[ParagraphKey] = []
    for text in texts:
        try:
            p = Paragraph.parse(str(text))
        except ValueError as exc:
            raise RuleError(f"regel {rule.id}: params.{name}: {exc}") from None
        keys.append((p.law, p.number, p.stk, p.nr))
    return ParagraphSet(tuple(keys), unknown)


def _names(rule: Rule, name: str) -> tuple[str, ...]:
    raw = _param(rule, name)
    return (str(raw),) if isinstance(raw, str) else tuple(str(x) for x in raw)


def _age_event_plan(rule: Rule) -> Plan:
    """``kind = "age_event"``: an event due by the day before a birthday (municipal targets,
    e.g. a KUM before 16), met by the first event of ``met_by``."""
    conditions: list[Step] = []
    if _param(rule, "disability_only"):
        conditions.append(ChildHas(str(_default(rule, "child_flag"))))
    conditions.append(CaseOpen())
    return Plan(
        rule_id=rule.id,
        subject=TheCase(tuple(conditions)),
        due=Birthday(int(_param(rule, "age_years")), day_before=True),
        link=FirstFrom(rule.met_by),
    )


def _transition_plan(rule: Rule) -> Plan:
    """``kind = "transition"``: for a young person with a lasting disability, the preparation
    runs from ``start_age`` and is due by ``end_age`` (BL §§ 122-123), met by the first
    ``met_by`` event from ``start_age`` on. The ``start_age`` birthday is what starts the duty
    ("når en ung … fylder 16 år, påbegynde forberedelsen", BL § 122, stk. 1); the first event
    of ``params.noted`` (the KUM, the municipality's own practice) is noted, and a ``trigger``
    event, where a municipal file names one, is the deadline's trigger and noted too."""
    start = int(_param(rule, "start_age"))
    noted = rule.param("noted")
    return Plan(
        rule_id=rule.id,
        subject=TheCase(
            (ChildHas(str(_default(rule, "child_flag"))), Listed(from_years=start), CaseOpen()),
            trigger=rule.trigger,
            noted=_names(rule, "noted") if noted is not None else (),
        ),
        due=Birthday(int(_param(rule, "end_age")), start_years=start),
        link=FirstFrom(rule.met_by, since="start"),
        notes=(StartNote("transition.start"), TriggerNote("kum.present", "kum.missing")),
    )


def _class_references(name: str) -> tuple[str, ...]:
    """The paragraphs of the vocabulary's class ``name`` (every law), as references a rule's
    paragraph list reads: the default of a rule that names none."""
    word = legal_vocabulary().classes[name]
    return tuple(str(p) for v in word.versions for p in v.paragraphs)


def _age_decision_plan(rule: Rule) -> Plan:
    """``kind = "age_decision"``: a decision due at an age while a measure of the listed
    paragraphs runs (BL § 111: ungestøtte by 17 years 6 months while placed), met by the
    first ``met_by`` event or ``decision`` under ``decision_paragraphs`` from the measure's
    start."""
    show_from = rule.param("show_from_age")
    decision = str(_param(rule, "decision"))
    return Plan(
        rule_id=rule.id,
        subject=RunningMeasures(
            _paragraph_set(
                rule, "measures", _class_references(str(_default(rule, "measures_class")))
            ),
            conditions=(Listed(from_years=int(show_from)),) if show_from is not None else (),
            first_only=True,
        ),
        due=Birthday(int(_param(rule, "age_years")), int(_param(rule, "age_months"))),
        link=FirstFrom(
            (*rule.met_by, decision),
            since="measure",
            under_types=(decision,),
            under=_paragraph_set(rule, "decision_paragraphs"),
        ),
        notes=(FixedNote("age.version"),),
    )


def _age_milestone_plan(rule: Rule) -> Plan:
    """``kind = "age_milestone"``: a birthday that changes the child's rights, each version
    with its own age (BL §§ 3, 46-47, 99, 117, 121; Serviceloven's ages before 2024).

    Listed from ``show_before`` before the day while the case is open. ``requires = "info"``:
    :class:`Info` (``show_after``). ``"end_measures"``: one deadline per running measure of
    ``measures`` (a measure without a paragraph too), met when it ends (``ended_by``) or is
    continued by a ``decision`` under ``continued_by`` or a ``continuation`` event, neither
    with a ``refused`` outcome; with no such measure, :class:`Info` (``without_measures =
    "nothing"``: no deadline, for an age that concerns one measure only, e.g. BL § 115, stk. 2).
    ``unknown_paragraph = false``: a measure without a paragraph is not one of ``measures``
    (default true: it may be, and the explanation says so)."""
    requires = str(_param(rule, "requires"))
    if requires not in ("info", "end_measures"):
        raise RuleError(f"regel {rule.id}: requires skal være 'info' eller 'end_measures'")
    conditions = (Listed(before=_param_period(rule, "show_before")), CaseOpen())
    info = Info(
        _param_period(rule, "show_after"), "milestone.upcoming", "milestone.reached"
    )
    notes = (MeaningNote("milestone.meaning"),)
    due = Birthday(None)
    if requires == "info":
        return Plan(rule.id, TheCase(conditions), due, info, notes)
    continued_by = _paragraph_set(rule, "continued_by")
    continued = None
    if continued_by.entries:
        decision = str(_param(rule, "decision"))
        continued = FirstFrom(
            (decision, *_names(rule, "continuation")),
            since="measure",
            under_types=(decision,),
            under=continued_by,
            refused=tuple(str(x) for x in rule.param("refused", _refused(rule))),
        )
    return Plan(
        rule.id,
        RunningMeasures(
            _paragraph_set(rule, "measures", unknown=bool(rule.param("unknown_paragraph", True))),
            conditions,
            note="milestone.measure",
            otherwise=None if rule.param("without_measures", "info") == "nothing" else info,
        ),
        due,
        EndedOrContinued(
            _names(rule, "ended_by"),
            continued,
            "milestone.ended",
            "milestone.continued",
        ),
        notes,
    )


def _param_period(rule: Rule, name: str) -> Period:
    text = str(_param(rule, name))
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise RuleError(f"regel {rule.id}: params.{name}: {exc}") from None


def version_age(rule: Rule, version: RuleVersion) -> int:
    """The age a version of an ``age_milestone`` rule carries (option ``age``, 0-30 years);
    read once per version (versions are immutable, and every case asks)."""
    found = _VERSION_AGES.get(id(version))
    if found is not None and found[0] is version:
        return found[1]
    age = version.option("age")
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 30:
        raise RuleError(f"regel {rule.id} ({version.citation}): age skal være et helt antal år")
    if len(_VERSION_AGES) > 4096:
        _VERSION_AGES.clear()
    _VERSION_AGES[id(version)] = (version, age)
    return age


#: :func:`version_age` of each version seen, by identity (the version kept, so its id is not
#: reused).
_VERSION_AGES: dict[int, tuple[RuleVersion, int]] = {}


# --------------------------------------------------------------------------- episodes, decisions


@attrs.frozen
class Episodes(Step):
    """Subject: one deadline per episode of an investigation-like duty, in time order.

    The case's events of ``notices``, ``starts`` and the closers (``ends``, ``not_needed``,
    every type in ``alternatives``) are read in time order (on one instant: notices, then
    starts, then closers). An episode opens at its *anchor*, the first such event after a
    closer (or the first of the case), and runs to the next closer, which closes it. A start
    or an end also opens a new episode when the event before it is a notice more than
    ``window`` earlier (that notice's episode stays open). The anchor is the awareness point
    and triggers the deadline, counted by the version in force on its day (a version with
    ``pending_moves`` hands an episode not closed by its last day to the version in force the
    day after). An anchor of ``not_needed`` or an alternative (nothing to close) gives no
    deadline. The closer decides the outcome: an end meets it; ``not_needed`` makes it not
    applicable; an alternative meets it only when it is in ``alternatives[i]`` of the
    deadline's version ``i`` (else noted as not accepted, and the deadline stays unmet)."""

    starts: tuple[str, ...]
    ends: tuple[str, ...]
    notices: tuple[str, ...]
    window: Period
    not_needed: tuple[str, ...] = ()
    #: per rule version: the alternative types that version accepts in place of an end
    alternatives: tuple[tuple[str, ...], ...] = ()
    #: per rule version: whether an episode not closed by the version's last day moves on
    pending_moves: tuple[bool, ...] = ()

    @property
    def alternative_types(self) -> tuple[str, ...]:
        """Every alternative type of any version (closers for the episodes)."""
        out: list[str] = []
        for types in self.alternatives:
            out.extend(t for t in types if t not in out)
        return tuple(out)


@attrs.frozen
class PeriodAfterAwareness(Step):
    """Due: the period of the deadline's version counted from the awareness day (as
    :class:`PeriodAfter`, days to months; ``alternative_due`` only for the month end's own
    ambiguity). When the episode has a start later than its awareness point and counting from
    the start gives another due date, that date is a :class:`~boernesag.blocks.result.Reading`
    with reason ``key`` (the reading that protects the child is ``due``), and noted."""

    key: str = "from_start"


@attrs.frozen
class InterimNote(Step):
    """Note: when the deadline is met late or overdue, the first event of ``type`` on or after
    the awareness day (``<key>.present`` with its day, else ``<key>.missing``), then
    ``<key>.after`` (the duty goes on). It does not meet the deadline."""

    type: str
    key: str = "interim"


def _bfu_plan(rule: Rule) -> Plan:
    """``kind = "bfu"``: the period from awareness of a possible need to the finished
    investigation (BL § 20, stk. 3; SEL § 50, stk. 7). ``params``: ``notices`` (what makes
    the municipality aware), ``starts`` (an investigation started), ``awareness_window``,
    ``interim``; ``met_by``: the investigation finished. The defaults are the packaged rule's
    (a municipality's own ``bfu`` rule may leave them out)."""
    starts = _names(rule, "starts")
    ends = rule.met_by or _names_default(rule, "met_by")
    not_needed = _names(rule, "not_needed")
    alternatives = tuple(
        tuple(str(x) for x in (v.option("alternatives") or ())) for v in rule.versions
    )
    closers = set(ends) | set(not_needed) | {x for a in alternatives for x in a}
    if set(starts) & closers:
        raise RuleError(f"regel {rule.id}: starts og met_by må ikke have fælles hændelsestyper")
    return Plan(
        rule_id=rule.id,
        subject=Episodes(
            starts=starts,
            ends=ends,
            notices=_names(rule, "notices"),
            window=_param_period(rule, "awareness_window"),
            not_needed=not_needed,
            alternatives=alternatives,
            pending_moves=tuple(bool(v.option("pending_moves", False)) for v in rule.versions),
        ),
        due=PeriodAfterAwareness(),
        link=Claim(ends, "next"),
        notes=(InterimNote(str(_param(rule, "interim"))),),
    )


@attrs.frozen
class EachDecision(Step):
    """Subject: one deadline for each event of ``types`` (seen by ``as_of``) whose paragraph
    belongs to one of ``laws``, or that names no paragraph, in time order; each deadline
    names the event's measure (not when :class:`Excused`). ``listed``: for a law named there,
    only the events under a paragraph of its set (SEL § 48 lists the decisions it covers; a
    law not named, e.g. BL § 5, stk. 3: every decision); an event with no paragraph is always
    a subject (the reading that protects the child)."""

    types: tuple[str, ...]
    laws: tuple[str, ...]
    listed: tuple[tuple[str, ParagraphSet], ...] = ()

    def includes(self, p: Paragraph | None) -> bool:
        """Whether an event of paragraph ``p`` (``None``: not recorded) is a subject."""
        if p is None:
            return True
        if p.law not in self.laws:
            return False
        for law, entries in self.listed:
            if law == p.law:
                return entries.matches(p)
        return True


@attrs.frozen
class OnTheDay(Step):
    """Due: the subject's own day (the duty comes before it; an event that day is on time)."""


@attrs.frozen
class LastBefore(Step):
    """Link: the last event of ``types`` on or before the subject's day, if it lies within
    ``lookback`` before that day; else the first one after the subject's day, with the note
    ``<key>.after``. The explanation opens with ``<key>.lookback`` (what counts)."""

    types: tuple[str, ...]
    lookback: Period
    key: str


@attrs.frozen
class Excused(Step):
    """Link: a subject that records a reason in its text field ``field`` is met by itself on
    its day, with the note ``key`` giving the reason; any other subject is met by the
    ``otherwise`` link."""

    field: str
    otherwise: LastBefore
    key: str = "exception"


def _before_decision_plan(rule: Rule) -> Plan:
    """``kind = "before_decision"``: an event due before each decision: the børnesamtale
    (BL § 5, stk. 3-4; SEL § 48), or a recorded exception (BL § 5, stk. 4). ``params``:
    ``laws``, ``lookback``, ``exception_field``; the defaults are the packaged rule's (a
    municipality's own rule may leave them out)."""
    laws = _param(rule, "laws")
    listed = rule.param("listed", {})
    if not isinstance(listed, Mapping):
        raise RuleError(f"regel {rule.id}: listed skal være en tabel {{ lov = [paragraffer] }}")
    return Plan(
        rule_id=rule.id,
        subject=EachDecision(
            rule.trigger or _names_default(rule, "trigger"),
            tuple(str(x) for x in laws),
            tuple((str(law), _paragraph_set_of(rule, "listed", refs)) for law, refs in listed.items()),
        ),
        due=OnTheDay(),
        link=Excused(
            str(_param(rule, "exception_field")),
            LastBefore(
                rule.met_by, _param_period(rule, "lookback"), "samtale"
            ),
        ),
    )



# --------------------------------------------------------------------------- decisions with a mode (plan)


@attrs.frozen
class DecisionMode(Step):
    """Due: by the ``mode`` option of the version in force on the subject's day (default
    ``default_mode``); where the subject meets ``forced`` and the version has a
    ``forced_mode``, that mode instead, with the note ``forced_note``:

    * ``"before"``: due on the subject's day (the duty comes before it); where the version
      has a ``fallback`` period, the end of that period is the alternative due date, with
      the note ``urgent_note`` (the case could not wait);
    * ``"after"``: the version's period after the subject's day (as :class:`PeriodAfter`);
    * ``"if_decided"``: as ``"after"`` where the subject's ``decided_field`` is ``true``;
      else no deadline (not applicable) with the note ``not_needed_note`` where the field is
      ``false`` and ``not_decided_note`` where it is not recorded.

    Where ``youth`` names an age of the legal vocabulary and the child has reached it on the
    subject's day, the note ``youth_note`` names the plan by that age's label first (BL § 108:
    from 16 the plan is an ungeplan; SEL § 140, stk. 2: from 16 the handleplan also sets goals
    for the transition to adulthood); the due date does not change.

    Each deadline is the subject's: it names the subject's instant and measure; the meeting
    event is the link's.
    """

    decided_field: str
    forced: Condition
    youth: str | None = None
    youth_note: str = "plan.youth"
    default_mode: str = "after"
    forced_note: str = "plan.forced"
    urgent_note: str = "plan.urgent"
    not_needed_note: str = "plan.not_needed"
    not_decided_note: str = "plan.not_decided"


@attrs.frozen
class FirstFromLookback(Step):
    """Link: the first event of ``types`` on or after the subject's day minus ``lookback``
    (months, weeks or days), whether before or after the subject. Nothing is claimed: two
    subjects may be met by the same event (one plan may serve several decisions)."""

    types: tuple[str, ...]
    lookback: Period


def _decision_plan(rule: Rule) -> Plan:
    """``kind = "plan"``: barnets plan / handleplan for each decision of the rule's kind
    (``params.applies_to``) that is not refused (``params.unless_outcome``), met by the first
    plan from ``params.lookback`` before it on (BL § 91, stk. 1-2; SEL § 140, stk. 1); the
    versions' ``mode`` / ``forced_mode`` (for a paragraph in ``params.forced_class``) and
    ``fallback`` say when it is due, ``params.decided_field`` where the municipality
    records whether a plan is needed (BL § 91, stk. 1), ``params.youth_age_of`` the
    vocabulary's age from which the plan is named otherwise (BL § 108: an ungeplan from 16;
    absent: no such note). The defaults are the packaged
    rules' values, so a municipal rule file written before these keys keeps its meaning."""
    youth = rule.param("youth_age_of")
    return Plan(
        rule_id=rule.id,
        subject=EachEvent(
            rule.trigger,
            (
                Condition(
                    "outcome", str(_param(rule, "unless_outcome")), False, "outcome_set"
                ),
                Condition("paragraph", rule.param("applies_to"), True, "decision_kind"),
            ),
            carry_measure=True,
        ),
        due=DecisionMode(
            decided_field=str(_param(rule, "decided_field")),
            forced=Condition(
                "paragraph",
                str(_param(rule, "forced_class")),
                True,
                "paragraph_class",
            ),
            youth=str(youth) if youth is not None else None,
        ),
        link=FirstFromLookback(rule.met_by, _param_period(rule, "lookback")),
    )



_COMPILERS = {
    "period": _period_plan,
    "case_processing": _case_processing_plan,
    "first_followup": _first_followup_plan,
    "recurring_followup": _recurring_followup_plan,
    "supervision": _supervision_plan,
    "recurring_case": _recurring_case_plan,
    "age_event": _age_event_plan,
    "transition": _transition_plan,
    "age_decision": _age_decision_plan,
    "age_milestone": _age_milestone_plan,
    "bfu": _bfu_plan,
    "before_decision": _before_decision_plan,
    "plan": _decision_plan,
}

#: The rule kinds that compile to plans (both executors run them from the plan).
PLANNED_KINDS = frozenset(_COMPILERS)

_CACHE: dict[int, tuple[Rule, Plan | None]] = {}


def compile_rule(rule: Rule) -> Plan | None:
    """The plan of ``rule``, or ``None`` for a kind still run by a per-kind interpreter.

    Compiled once per rule object (rules are immutable); a rule whose data does not make a
    plan raises :class:`~boernesag.errors.RuleError` naming it.
    """
    hit = _CACHE.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    make = _COMPILERS.get(rule.kind)
    plan = make(rule) if make is not None else None
    if len(_CACHE) > 4096:
        _CACHE.clear()
    _CACHE[id(rule)] = (rule, plan)
    return plan
