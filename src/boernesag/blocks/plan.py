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
  that meets the rule's conditions, which may ask the legal vocabulary: an outcome in a set,
  a paragraph's decision kind or class, see :class:`Condition`);
* the **due** step, how the due date follows from the subject (:class:`PeriodAfter`: the
  period of the version in force on the start day, after the start; :class:`TablePeriodAfter`:
  the same with the period looked up per paragraph in the version's table;
  :class:`DecisionMode`: per version ``mode``, due on the subject's day, the period after it,
  or only where a recorded field on the subject says so);
* the **link**, which event meets it (:class:`Claim`: each subject claims one meeting event,
  by reference first; :class:`LinkDecision`: an application's decision, by reference, then
  the same benefit, then the next one; :class:`FirstFrom`: the first event of some types from
  a look-back before the subject on, claimed by none);

and optional **notes** the explanation adds (:class:`MetNote`, :class:`NoticeNote`).

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
    "DecisionMode",
    "EachEvent",
    "FirstFrom",
    "LinkDecision",
    "MetNote",
    "NoticeNote",
    "PeriodAfter",
    "Plan",
    "Step",
    "TablePeriodAfter",
    "compile_rule",
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

    Each deadline is the subject's: it names the subject's instant and measure; the meeting
    event is the link's.
    """

    decided_field: str
    forced: Condition
    default_mode: str = "after"
    forced_note: str = "plan.forced"
    urgent_note: str = "plan.urgent"
    not_needed_note: str = "plan.not_needed"
    not_decided_note: str = "plan.not_decided"


@attrs.frozen
class FirstFrom(Step):
    """Link: the first event of ``types`` on or after the subject's day minus ``lookback``
    (months, weeks or days), whether before or after the subject. Nothing is claimed: two
    subjects may be met by the same event (one plan may serve several decisions)."""

    types: tuple[str, ...]
    lookback: Period


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


def _decision_plan(rule: Rule) -> Plan:
    """``kind = "plan"``: barnets plan / handleplan for each decision of the rule's kind
    (``params.applies_to``) that is not refused (``params.unless_outcome``), met by the first
    plan from ``params.lookback`` before it on (BL § 91, stk. 1-2; SEL § 140, stk. 1); the
    versions' ``mode`` / ``forced_mode`` (for a paragraph in ``params.forced_class``) and
    ``fallback`` say when it is due, ``params.decided_field`` where the municipality
    records whether a plan is needed (BL § 91, stk. 1). The defaults are the packaged
    rules' values, so a municipal rule file written before these keys keeps its meaning."""
    return Plan(
        rule_id=rule.id,
        subject=EachEvent(
            rule.trigger,
            (
                Condition(
                    "outcome", str(rule.param("unless_outcome", "refused")), False, "outcome_set"
                ),
                Condition("paragraph", rule.param("applies_to"), True, "decision_kind"),
            ),
            carry_measure=True,
        ),
        due=DecisionMode(
            decided_field=str(rule.param("decided_field", "barnets_plan")),
            forced=Condition(
                "paragraph",
                str(rule.param("forced_class", "forced_placement")),
                True,
                "paragraph_class",
            ),
        ),
        link=FirstFrom(rule.met_by, Period.parse(str(rule.param("lookback", "6 months")))),
    )


_COMPILERS = {
    "period": _period_plan,
    "case_processing": _case_processing_plan,
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
