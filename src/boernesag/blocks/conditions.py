"""The events of an :class:`~boernesag.blocks.plan.EachEvent` subject on one case, and what a
:class:`~boernesag.blocks.plan.Condition` means, once for both executors.

:func:`select_events` and :func:`start_day_of` are the scalar subject (used by every scalar
runner of an ``EachEvent`` plan).

:func:`value_holds` answers a condition for one field value: equality, or a question to the
legal vocabulary (:mod:`boernesag.law.vocabulary`: an outcome set, a paragraph's decision kind
or class). The scalar executor asks it per event (:func:`holds`); the numpy executor asks it
once per distinct value of a coded column and indexes the answers by code
(:func:`boernesag.columnar.conditions.condition_mask`), so the two cannot disagree.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from boernesag.blocks.caseview import CaseView, field_of
from boernesag.blocks.plan import Condition, EachEvent
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Event
from boernesag.paragraphs import Paragraph

__all__ = ["holds", "select_events", "start_day_of", "value_holds"]


def value_holds(c: Condition, x: Any) -> bool:
    """Whether the field value ``x`` passes ``c`` (``c.equal = False`` negates the test)."""
    if c.test == "equals":
        return bool(x == c.value) is c.equal
    return _vocabulary_holds(c, x)


@functools.lru_cache(maxsize=4096)
def _vocabulary_holds(c: Condition, x: Any) -> bool:
    """:func:`value_holds` for the tests that ask the legal vocabulary (memoised: conditions
    and outcome / paragraph values are immutable and few)."""
    legal = legal_vocabulary()
    if c.test == "outcome_set":
        hit = x in legal.outcome_values(str(c.value))
    else:
        p = x if isinstance(x, Paragraph) else None
        if c.test == "decision_kind":
            hit = legal.decision_kind(p) == c.value
        else:
            hit = legal.in_class(str(c.value), p)
    return hit is c.equal


def holds(c: Condition, e: Event, ctx: CaseView | None = None) -> bool:
    """Whether event ``e`` meets ``c`` (the field is an event field or an extension key; with
    ``c.of = "ref"`` the field of the event ``e`` names, looked up in ``ctx``'s case: no
    such event reads as no value)."""
    if c.of == "ref":
        named = ctx.case.get_event(e.ref) if ctx is not None and e.ref is not None else None
        return value_holds(c, field_of(named, c.field) if named is not None else None)
    return value_holds(c, field_of(e, c.field))


def select_events(step: EachEvent, ctx: CaseView) -> list[Event]:
    """The events of the step's types up to ``as_of`` meeting every condition, in time order."""
    found = ctx.events(*step.types)
    if not step.conditions:
        return found
    return [e for e in found if all(holds(c, e, ctx) for c in step.conditions)]


def start_day_of(step: EachEvent, e: Event) -> date:
    """The day the period runs from: the event's ``start_field`` where recorded, else its day."""
    if step.start_field is not None:
        value = field_of(e, step.start_field)
        if isinstance(value, date):
            return value
    return e.day
