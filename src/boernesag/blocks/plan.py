"""A rule compiled into a plan of generic building blocks.

The rule data (:mod:`boernesag.law`) says what a duty means: which events trigger it, from
when its period runs, which events meet it, what the explanation notes. :func:`compile_rule`
turns a :class:`~boernesag.law.Rule` into a :class:`Plan` of the steps below, once per rule
(cached); the scalar executor (:mod:`boernesag.blocks.scalar`) and the numpy executor
(:mod:`boernesag.columnar.executor`) each implement every step once, so a rule's meaning is
never written twice. No step knows a paragraph, an event type or an age: they come from the
rule.

A plan is three steps:

* the **subject**, what one deadline is about (:class:`EachEvent`: every event of some types
  that meets the rule's conditions; :class:`Episodes`: each investigation-like episode, from
  its awareness point; :class:`EachDecision`: every decision under some laws);
* the **due** step, how the due date follows from the subject (:class:`PeriodAfter`: the
  period of the version in force on the start day, after the start; :class:`TablePeriodAfter`:
  the same with the period looked up per paragraph in the version's table;
  :class:`PeriodAfterAwareness`: from the awareness point, counted from the anchor as the
  alternative; :class:`OnTheDay`: the subject's own day);
* the **link**, which event meets it (:class:`Claim`: each subject claims one meeting event,
  by reference first; :class:`LinkDecision`: an application's decision, by reference, then
  the same benefit, then the next one; :class:`LastBefore`: the last one within a look-back,
  else the first after; :class:`Excused`: a reason recorded on the subject, else another
  link);

and optional **notes** the explanation adds (:class:`MetNote`, :class:`NoticeNote`,
:class:`InterimNote`).

Rule kinds not yet compiled to plans (``compile_rule`` gives ``None``) are still run by their
per-kind interpreters in :mod:`boernesag.deadlines` and :mod:`boernesag.columnar.engine`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from boernesag.errors import RuleError
from boernesag.law import Rule
from boernesag.periods import Period

__all__ = [
    "PLANNED_KINDS",
    "Claim",
    "Condition",
    "EachDecision",
    "EachEvent",
    "Episodes",
    "Excused",
    "InterimNote",
    "LastBefore",
    "LinkDecision",
    "MetNote",
    "NoticeNote",
    "OnTheDay",
    "PeriodAfter",
    "PeriodAfterAwareness",
    "Plan",
    "Step",
    "TablePeriodAfter",
    "compile_rule",
]


@attrs.frozen
class Step:
    """A building block of a plan. Subclasses are frozen attrs classes holding the rule data
    the block reads; the executors dispatch on the class."""


@attrs.frozen
class Condition:
    """An event field (or an extension key of the case JSON) equal, or not equal, to a value."""

    field: str
    value: Any
    equal: bool = True


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


def _conditions(rule: Rule) -> tuple[Condition, ...]:
    return (
        *(Condition(k, v, True) for k, v in rule.trigger_if.items()),
        *(Condition(k, v, False) for k, v in rule.trigger_unless.items()),
    )


def _met_notes(rule: Rule) -> tuple[MetNote, ...]:
    raw = rule.param("met_note", {})
    if not isinstance(raw, Mapping):
        raise RuleError(f"regel {rule.id}: met_note skal være en tabel {{ hændelsestype = nøgle }}")
    return tuple(MetNote((str(k),), str(v)) for k, v in raw.items())


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
    return Plan(
        rule_id=rule.id,
        subject=EachEvent(rule.trigger, _conditions(rule), rule.trigger_date),
        due=PeriodAfter(),
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
        notes=(NoticeNote(str(rule.param("notice", "fristbrev"))),),
    )


# --------------------------------------------------------------------------- episodes (bfu)


@attrs.frozen
class Episodes(Step):
    """Subject: one deadline per episode of an investigation-like duty, in time order.

    An episode's *anchor* is an event of ``starts``, or an event of ``ends`` with no start
    since the previous end (an investigation finished without a recorded start); further
    starts before the next end belong to the same episode. Its *awareness point* is the
    earliest event of ``notices`` in the look-back ``window`` before the anchor's day (on or
    before that day) and after the day of the end that met the previous episode; with none,
    the anchor itself. The deadline is triggered by the awareness point; the plan's
    :class:`Claim` (``by = "next"``) is claimed from the anchor: the next unclaimed end event
    at or after it. An episode with no rule version in force on its awareness day gives no
    deadline and claims nothing."""

    starts: tuple[str, ...]
    ends: tuple[str, ...]
    notices: tuple[str, ...]
    window: Period


@attrs.frozen
class PeriodAfterAwareness(Step):
    """Due: the period of the version in force on the awareness day, counted from that day
    (as :class:`PeriodAfter`, days to months). When the awareness point is an earlier event
    than the anchor and counting from the anchor gives another due date, that date is the
    alternative reading, with the note ``key`` (the reading that protects the child comes
    first)."""

    key: str = "awareness"


@attrs.frozen
class InterimNote(Step):
    """Note: when the deadline is met late or overdue, the first event of ``type`` on or after
    the awareness day (``<key>.present`` with its day, else ``<key>.missing``), then
    ``<key>.after`` (the duty goes on). It does not meet the deadline."""

    type: str
    key: str = "interim"


def _names(rule: Rule, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A param holding event types (one name or a list), as a tuple."""
    raw = rule.param(name, default)
    return (raw,) if isinstance(raw, str) else tuple(str(x) for x in raw)


def _bfu_plan(rule: Rule) -> Plan:
    """``kind = "bfu"``: the period from awareness of a possible need to the finished
    investigation (BL § 20, stk. 3; SEL § 50, stk. 7). ``params``: ``notices`` (what makes
    the municipality aware), ``starts`` (an investigation started), ``awareness_window``,
    ``interim``; ``met_by``: the investigation finished. The defaults are the packaged rule's
    (a municipality's own ``bfu`` rule may leave them out)."""
    starts = _names(rule, "starts", ("bfu_startet",))
    ends = rule.met_by or ("bfu_afsluttet",)
    if set(starts) & set(ends):
        raise RuleError(f"regel {rule.id}: starts og met_by må ikke have fælles hændelsestyper")
    return Plan(
        rule_id=rule.id,
        subject=Episodes(
            starts=starts,
            ends=ends,
            notices=_names(rule, "notices", ("underretning", "ansoegning")),
            window=Period.parse(str(rule.param("awareness_window", "12 months"))),
        ),
        due=PeriodAfterAwareness(),
        link=Claim(ends, "next"),
        notes=(InterimNote(str(rule.param("interim", "foreloebig_vurdering"))),),
    )


# --------------------------------------------------------------------------- before a decision


@attrs.frozen
class EachDecision(Step):
    """Subject: one deadline for each event of ``types`` (seen by ``as_of``) whose paragraph
    belongs to one of ``laws``, or that names no paragraph, in time order; each deadline
    names the event's measure (not when :class:`Excused`)."""

    types: tuple[str, ...]
    laws: tuple[str, ...]


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
    laws = rule.param("laws", ["BL", "SEL"])
    return Plan(
        rule_id=rule.id,
        subject=EachDecision(rule.trigger or ("afgoerelse",), tuple(str(x) for x in laws)),
        due=OnTheDay(),
        link=Excused(
            str(rule.param("exception_field", "boernesamtale_undtagelse")),
            LastBefore(
                rule.met_by, Period.parse(str(rule.param("lookback", "6 months"))), "samtale"
            ),
        ),
    )


_COMPILERS = {
    "period": _period_plan,
    "case_processing": _case_processing_plan,
    "bfu": _bfu_plan,
    "before_decision": _before_decision_plan,
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
