"""Test helpers: a rule's deadlines and a case's audit by the scalar engine, checked against
the numpy engine."""

from __future__ import annotations

from collections import Counter
from datetime import date

from boernesag.audit import CaseAudit, audit_case
from boernesag.audit.checks import CHECKS
from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.audit import audit_table, record_of_finding
from boernesag.columnar.explain import explained_deadlines
from boernesag.columnar.result import facts_bits, record_of
from boernesag.deadlines import Deadline, deadlines
from boernesag.model import Case


def both_engines(
    case: Case, as_of: date, *rule_ids: str, explain: bool = False
) -> list[Deadline]:
    """The deadlines of ``rule_ids`` on ``case`` by the scalar engine, after asserting that
    the numpy engine computes them itself (no scalar fallback) with the same records and
    facts (as multisets: the engines may order rows differently); with ``explain``, also
    that the deadlines explained from the numpy rows have the scalar ones' due days and notes,
    in the same order."""
    wanted = set(rule_ids)
    scalar = [d for d in deadlines(case, as_of) if d.rule_id in wanted]
    dt = deadline_table(EventTable.from_cases([case]), as_of)
    assert not set(dt.fallback) & wanted
    columnar = [
        (r, int(bits))
        for r, bits in zip(dt.records(), dt.facts.tolist(), strict=True)
        if r[1] in wanted
    ]
    assert sorted(columnar, key=repr) == sorted(
        ((record_of(d), facts_bits(d.facts)) for d in scalar), key=repr
    )
    if explain:
        explained = [d for d in explained_deadlines(dt, 0, case) if d.rule_id in wanted]
        assert [(d.rule_id, d.due, d.notes) for d in explained] == [
            (d.rule_id, d.due, d.notes) for d in scalar
        ]
    return scalar


def both_audits(case: Case, as_of: date) -> CaseAudit:
    """The scalar audit of ``case``, after asserting that the numpy audit gives the same
    status for every check it holds and the same findings (as a multiset)."""
    scalar = audit_case(case, as_of)
    result = audit_table(EventTable.from_cases([case]), as_of)
    for c in CHECKS:
        if c.id in result.check_ids:
            assert result.status_of(0, c.id) is scalar.status(c.id), c.id
    want = Counter(record_of_finding(f) for f in scalar.findings)
    assert Counter(tuple(r) for r in result.records()) == want
    return scalar
