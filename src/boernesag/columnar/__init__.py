"""A columnar (numpy) deadline engine for national-scale caseloads.

:class:`EventTable` holds a caseload as numpy arrays, one row per event;
:func:`deadline_table` computes every deadline of every case from it, interpreting the same
rule data (:mod:`boernesag.law`) as the scalar engine :func:`boernesag.deadlines.deadlines`,
with which it agrees exactly. What the vectorized interpreters do not cover (an unknown rule
kind, a case feature they cannot handle exactly) is computed by the scalar engine for the
cases concerned, and the result says how many. :func:`audit_table` does the same for the
case audit (:mod:`boernesag.audit`): all thirteen checks over all cases, equal to
:func:`boernesag.audit.audit_case` case by case.

Needs numpy (``pip install 'boernesag[numpy]'``); ``import boernesag`` does not import this
package.
"""

from __future__ import annotations

try:
    import numpy  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    from boernesag.errors import MissingExtraError

    raise MissingExtraError.from_key("extra.columnar_numpy") from exc

from boernesag.columnar.audit import AuditTable, audit_table
from boernesag.columnar.engine import deadline_table
from boernesag.columnar.result import DeadlineTable
from boernesag.columnar.table import EventTable

__all__ = ["AuditTable", "DeadlineTable", "EventTable", "audit_table", "deadline_table"]
