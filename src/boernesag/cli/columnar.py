"""``boernesag deadlines --engine columnar``: the deadlines of a caseload by the numpy engine.

The columnar engine (:mod:`boernesag.columnar`) computes every deadline of the caseload at
once and applies ``--status``, ``--obligor`` and ``--due-within`` to the columns. With
``--summary`` the counts come straight from the columns. Every other output needs the
citation of the rule version and the explanation: the deadlines of the cases that have one
left after the filters are made from the table's rows and the rule plans
(:meth:`~boernesag.columnar.result.DeadlineTable.deadlines_for`), one case at a time, equal
to the scalar engine's, so the output is exactly the scalar engine's. Needs numpy.

One case never stops the caseload: if the engine fails on the whole caseload, each case is
tried alone, those that fail are listed (``failures``) and the table is computed on the
others (the same table the engine gives for those cases).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from boernesag._failures import failure_message
from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.dates import NA, day_number, local_day
from boernesag.columnar.result import STATUS_CODE, STATUSES, DeadlineTable
from boernesag.deadlines import Deadline, Status
from boernesag.law import RuleSet
from boernesag.model import Case, Caseload

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["columnar_deadlines", "columnar_summary", "selected"]


def selected(
    result: DeadlineTable, args: argparse.Namespace, rules: RuleSet
) -> npt.NDArray[np.bool_]:
    """The rows that pass ``--status``, ``--obligor`` and ``--due-within`` (as
    :func:`boernesag.cli.deadlines.filter_deadlines` does on deadlines)."""
    keep = np.ones(len(result), dtype=bool)
    if args.status:
        keep &= np.isin(result.status, [STATUS_CODE[Status(s)] for s in args.status])
    if args.obligor:
        owed = np.array([rules[r].obligor == args.obligor for r in result.rule_ids], dtype=bool)
        keep &= owed[result.rule.astype(np.int64)]
    if args.due_within is not None:
        due = result.due
        has = due != NA
        day = np.where(result.timed & has, local_day(np.where(has, due, 0)), due)
        first = day_number(args.as_of)
        keep &= (result.status == STATUS_CODE[Status.OPEN]) & has
        keep &= (first <= day) & (day <= first + int(args.due_within))
    return keep


Failures = list[tuple[str | None, str]]


def _table(cases: Sequence[Case], args: argparse.Namespace, rules: RuleSet) -> DeadlineTable:
    """The deadline table of ``cases``, with a progress line for each step (shown only when a
    step is slow: never for the retries of one case)."""
    from boernesag.cli.common import meter
    from boernesag.progress import counted

    with meter(args, "bygger hændelsestabellen", "building the event table", len(cases)) as m:
        table = EventTable.from_cases(cases, progress=counted(m))
    with meter(args, "beregner frister (kolonner)", "computing deadlines (columns)"):
        return deadline_table(table, args.as_of, rules=rules)


def _compute(
    caseload: Caseload, args: argparse.Namespace, rules: RuleSet, failures: Failures
) -> tuple[DeadlineTable, Sequence[Case]]:
    """The table of the caseload's cases, and the cases it covers (all but those in
    ``failures``, in order)."""
    cases: Sequence[Case] = caseload.cases
    try:
        return _table(cases, args, rules), cases
    except Exception:  # find the case(s) to blame, one at a time; compute the others
        good: list[Case] = []
        for case in cases:
            try:
                _table([case], args, rules)
            except Exception as exc:
                failures.append((case.case_id, failure_message(exc)))
            else:
                good.append(case)
        return _table(good, args, rules), good


def columnar_summary(
    caseload: Caseload, args: argparse.Namespace, rules: RuleSet, failures: Failures
) -> list[dict[str, Any]]:
    """The rows of ``--summary``: deadlines per rule (and obligor) and status."""
    from boernesag.cli.common import summary_rows

    result, _ = _compute(caseload, args, rules, failures)
    keep = selected(result, args, rules)
    order = [s.value for s in Status]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    key = result.rule[keep].astype(np.int64) * len(STATUSES) + result.status[keep]
    values, n = np.unique(key, return_counts=True)
    for v, count in zip(values.tolist(), n.tolist(), strict=True):
        rule, status = divmod(v, len(STATUSES))
        rule_id = result.rule_ids[rule]
        row = counts.setdefault((rule_id, rules[rule_id].obligor), dict.fromkeys(order, 0))
        row[STATUSES[status].value] += count
    return summary_rows(counts)


def columnar_deadlines(
    caseload: Caseload, args: argparse.Namespace, rules: RuleSet, failures: Failures
) -> Iterator[Deadline]:
    """The deadlines of the cases with a row left after the filters, with citations and
    explanations made from the table's rows and the rule plans
    (:meth:`~boernesag.columnar.result.DeadlineTable.deadlines_for`, no scalar rerun of the
    plans it explains from rows); the caller applies the filters to them again."""
    from boernesag.cli.common import meter

    result, cases = _compute(caseload, args, rules, failures)
    keep = selected(result, args, rules)
    indices = np.unique(result.case[keep]).tolist()
    with meter(args, "forklarer frister", "explaining deadlines", len(indices)) as m:
        # With a progress line, everything is computed before the output (which it would
        # otherwise cut into); without one, the deadlines stream.
        found = _explained(result, indices, cases, failures)
        if m.active:
            found = iter(list(_explained(result, m.iterate(indices), cases, failures)))
    yield from found


def _explained(
    result: DeadlineTable,
    indices: Iterable[int],
    cases: Sequence[Case],
    failures: Failures,
) -> Iterator[Deadline]:
    """The deadlines of ``cases[i]`` for each ``i`` in ``indices``, explained from
    ``result``'s rows (:meth:`~boernesag.columnar.result.DeadlineTable.deadlines_for`)."""
    for index in indices:
        case = cases[index]
        try:
            items = result.deadlines_for(index, case)
        except Exception as exc:  # one case's failure never stops the others
            failures.append((case.case_id, failure_message(exc)))
            continue
        yield from items
