"""The columnar result of :func:`boernesag.columnar.deadline_table`.

One row per deadline, as numpy columns. ``due`` and ``alternative_due`` are day numbers for
rules counted in days, weeks, months and working days, and UTC microseconds for rules counted
in hours (``timed`` is true on those rows), exactly as the scalar engine's
:class:`~boernesag.deadlines.Deadline` has a ``date`` or an aware ``datetime``.
:meth:`DeadlineTable.deadlines_for` explains one case's rows from the rule plans
(:mod:`boernesag.columnar.explain`), with the scalar executor's wording, without rerunning it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from boernesag.blocks.result import Fact
from boernesag.columnar.dates import NA, day_of_number, instant_of_us
from boernesag.columnar.explain import explained_deadlines
from boernesag.columnar.table import EventTable
from boernesag.deadlines import Deadline, Status
from boernesag.law import RuleSet
from boernesag.model import Case
from boernesag.periods import LeapDayRule

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["FACT_BITS", "STATUSES", "DeadlineTable", "facts_bits", "record_of"]

#: Status codes of the ``status`` column.
STATUSES: tuple[Status, ...] = tuple(Status)
STATUS_CODE: Mapping[Status, int] = {s: i for i, s in enumerate(STATUSES)}

#: The bit of each :class:`~boernesag.blocks.result.Fact` in the ``facts`` column.
FACT_BITS: Mapping[Fact, int] = {f: 1 << i for i, f in enumerate(Fact)}


def facts_bits(facts: frozenset[Fact]) -> int:
    """A deadline's facts as the bits of the ``facts`` column."""
    return sum(FACT_BITS[f] for f in facts)


Record = tuple[str, str, str | None, Any, Any, str, str | None, str | None]


def record_of(d: Deadline) -> Record:
    """A scalar :class:`~boernesag.deadlines.Deadline` as a row of
    :meth:`DeadlineTable.records` (to compare the two engines)."""
    return (
        d.case_id,
        d.rule_id,
        d.trigger,
        d.due,
        d.alternative_due,
        d.status.value,
        d.met_by,
        d.measure,
    )


@attrs.frozen(eq=False, repr=False)
class DeadlineTable:
    """Deadlines of a whole caseload as columns.

    Columns: ``case`` (case index in ``table``), ``rule`` (index into ``rule_ids``),
    ``trigger`` / ``met_by`` (event rows, -1 for none), ``due`` / ``alternative_due``
    (:data:`~boernesag.columnar.dates.NA` for none), ``timed`` (hour rule), ``status`` (code
    into :data:`STATUSES`), ``measure`` (measure row, -1 for none), ``facts`` (the bits of
    :data:`FACT_BITS` of the facts the blocks established, see :meth:`has_fact`),
    ``reading`` / ``reading_reason`` (another reading than the library's and its reason key,
    :attr:`Deadline.readings`; NA and "" for none), ``counted_from`` (the day a link of a
    chain is counted from, NA for other rows).

    ``fallback`` maps a rule id to the number of cases whose deadlines for that rule the
    scalar engine computed (an unknown kind, a municipal rule kind without a vectorized
    interpreter, or a case feature the vectorized interpreter cannot handle exactly).
    """

    table: EventTable
    as_of: date | datetime
    rules: RuleSet
    rule_ids: tuple[str, ...]
    case: npt.NDArray[np.int32]
    rule: npt.NDArray[np.int16]
    trigger: npt.NDArray[np.int64]
    due: npt.NDArray[np.int64]
    alternative_due: npt.NDArray[np.int64]
    timed: npt.NDArray[np.bool_]
    status: npt.NDArray[np.int8]
    met_by: npt.NDArray[np.int64]
    measure: npt.NDArray[np.int64]
    fallback: Mapping[str, int]
    calendar: Any = None
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28
    facts: npt.NDArray[np.int8] = attrs.field(factory=lambda: np.zeros(0, dtype=np.int8))
    #: the due day (or instant) of another reading than the library's, NA for none
    #: (:attr:`Deadline.readings`, its first), and that reading's reason key ("" for none)
    reading: npt.NDArray[np.int64] = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))
    reading_reason: npt.NDArray[np.object_] = attrs.field(
        factory=lambda: np.zeros(0, dtype=object)
    )
    #: the day a link of a chain (:class:`~boernesag.blocks.plan.Recurrence`) is counted
    #: from (:attr:`Deadline.trigger_on`: its anchor's day, or a missed due date), NA for
    #: the other rows
    counted_from: npt.NDArray[np.int64] = attrs.field(
        factory=lambda: np.zeros(0, dtype=np.int64)
    )
    _order: list[Any] = attrs.field(factory=list, init=False)

    def rows_of(self, index: int) -> npt.NDArray[np.int64]:
        """The rows of case ``index``, in row order (an index by case, built on first use)."""
        if not self._order:
            order = np.argsort(self.case, kind="stable")
            bounds = np.searchsorted(self.case[order], np.arange(self.table.n_cases + 1))
            self._order.extend((order, bounds))
        order, bounds = self._order
        found: npt.NDArray[np.int64] = order[bounds[index] : bounds[index + 1]]
        return found

    def has_fact(self, rows: npt.NDArray[np.int64], fact: Fact) -> npt.NDArray[np.bool_]:
        """Whether each of ``rows`` has ``fact`` (:attr:`Deadline.facts` of the scalar engine)."""
        if not len(self.facts):
            return np.zeros(len(rows), dtype=bool)
        hit: npt.NDArray[np.bool_] = (self.facts[rows] & FACT_BITS[fact]) != 0
        return hit

    def __len__(self) -> int:
        return len(self.case)

    def __repr__(self) -> str:
        return (
            f"DeadlineTable(deadlines={len(self)}, cases={self.table.n_cases}, "
            f"as_of={self.as_of.isoformat()}, fallback={dict(self.fallback)})"
        )

    @property
    def fallback_cases(self) -> int:
        """Case-rule pairs computed by the scalar engine."""
        return sum(self.fallback.values())

    def _value(self, value: int, timed: bool) -> date | datetime | None:
        if value == NA:
            return None
        return instant_of_us(value) if timed else day_of_number(value)

    def records(self) -> Iterator[Record]:
        """Rows as ``(case_id, rule_id, trigger, due, alternative_due, status, met_by,
        measure)`` with Python values (dates, aware datetimes, event ids)."""
        t = self.table
        for i in range(len(self.case)):
            timed = bool(self.timed[i])
            trig, met, m = int(self.trigger[i]), int(self.met_by[i]), int(self.measure[i])
            yield (
                str(t.case_id[self.case[i]]),
                self.rule_ids[self.rule[i]],
                str(t.id[trig]) if trig >= 0 else None,
                self._value(int(self.due[i]), timed),
                self._value(int(self.alternative_due[i]), timed),
                STATUSES[self.status[i]].value,
                str(t.id[met]) if met >= 0 else None,
                str(t.m_id[m]) if m >= 0 else None,
            )

    def counts(self) -> dict[str, dict[str, int]]:
        """Deadlines per rule and status (like the CLI's ``--summary``)."""
        out: dict[str, dict[str, int]] = {}
        key = self.rule.astype(np.int64) * len(STATUSES) + self.status
        values, counts = np.unique(key, return_counts=True)
        for v, n in zip(values.tolist(), counts.tolist(), strict=True):
            rule, status = divmod(v, len(STATUSES))
            out.setdefault(self.rule_ids[rule], {})[STATUSES[status].value] = n
        return out

    def status_counts(self) -> Counter[str]:
        """Deadlines per status over all rules."""
        values, counts = np.unique(self.status, return_counts=True)
        return Counter(
            {STATUSES[v].value: n for v, n in zip(values.tolist(), counts.tolist(), strict=True)}
        )

    def deadlines_for(self, case: int | str, source: Case | None = None) -> list[Deadline]:
        """One case's deadlines with explanations, equal to the scalar engine's
        (:func:`boernesag.deadlines.deadlines`): made from this table's rows and the rule
        plans (:func:`boernesag.columnar.explain.explained_deadlines`); only rules whose plan
        is not explained from rows are run by the scalar executor. ``source``: the case
        itself where the caller has it (else it is rebuilt from the table)."""
        index = case if isinstance(case, int) else self.table.case_index(case)
        return explained_deadlines(self, index, source)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per deadline, typed like :mod:`boernesag.frame`.

        ``due``/``alternative_due`` are ``datetime64[ns]`` days; ``due_at``/
        ``alternative_due_at`` are ``datetime64[ns, Europe/Copenhagen]`` for hour rules.
        """
        import pandas as pd

        t = self.table
        trig = self.trigger
        met = self.met_by
        m = self.measure

        def ids(rows: npt.NDArray[np.int64], source: npt.NDArray[np.object_]) -> Any:
            out = np.full(len(rows), None, dtype=object)
            has = rows >= 0
            out[has] = source[rows[has]]
            return pd.array(out, dtype="string")

        def days(values: npt.NDArray[np.int64]) -> Any:
            ok = (values != NA) & ~self.timed
            out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
            out[ok] = values[ok].astype("datetime64[D]")
            return out.astype("datetime64[ns]")

        def stamps(values: npt.NDArray[np.int64]) -> Any:
            ok = (values != NA) & self.timed
            out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[us]")
            out[ok] = values[ok].astype("datetime64[us]")
            return (
                pd.DatetimeIndex(out.astype("datetime64[ns]"))
                .tz_localize("UTC")
                .tz_convert("Europe/Copenhagen")
            )

        return pd.DataFrame(
            {
                "case_id": pd.array(t.case_id[self.case], dtype="string"),
                "rule_id": pd.Categorical.from_codes(self.rule, categories=list(self.rule_ids)),
                "trigger": ids(trig, t.id),
                "due": days(self.due),
                "due_at": stamps(self.due),
                "alternative_due": days(self.alternative_due),
                "alternative_due_at": stamps(self.alternative_due),
                "status": pd.Categorical.from_codes(
                    self.status, categories=[s.value for s in STATUSES]
                ),
                "met_by": ids(met, t.id),
                "measure": ids(m, t.m_id),
                "reading_due": days(self.reading)
                if len(self.reading) == len(self.due)
                else days(np.full(len(self.due), NA, dtype=np.int64)),
                "reading": pd.array(
                    [r or None for r in self.reading_reason]
                    if len(self.reading_reason) == len(self.due)
                    else [None] * len(self.due),
                    dtype="string",
                ),
            }
        )
