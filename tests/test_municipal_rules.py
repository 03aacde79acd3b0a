"""A municipality's own rule file: a new rule built from an existing kind and a changed period
for an existing rule work in both deadline engines and in both audit engines (issue 16,
item 5; the example is examples/kommune-regler.toml, shown in docs/deadlines.rst)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from boernesag.audit import audit_case
from boernesag.deadlines import Status, deadlines
from boernesag.law import default_rules
from boernesag.model import Case, Caseload, Child, Event, EventType

np = pytest.importorskip("numpy")

from boernesag.columnar import EventTable, deadline_table  # noqa: E402
from boernesag.columnar.audit import audit_table  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kommune-regler.toml"
AS_OF = date(2026, 6, 30)


def _case(case_id: str, answer_after: int | None) -> Case:
    """An open case with an inquiry on Monday 2 March 2026, answered after so many days."""
    asked = date(2026, 3, 2)
    events = [
        Event(id="E1", type=EventType.UNDERRETNING, date=date(2026, 1, 5)),
        Event(id="E2", type=EventType.HENVENDELSE, date=asked),
    ]
    if answer_after is not None:
        events.append(
            Event(
                id="E3",
                type=EventType.HENVENDELSE_BESVARET,
                date=asked + timedelta(days=answer_after),
                ref="E2",
            )
        )
    return Case(
        case_id=case_id, child=Child(id=f"B-{case_id}", birth_date=date(2015, 5, 1)), events=tuple(events)
    )


CASES = [_case("K-1", 4), _case("K-2", 9), _case("K-3", None)]


def _mine(rules_deadlines: list, rule_id: str) -> list:
    return [d for d in rules_deadlines if d.rule_id == rule_id]


def test_the_new_rule_counts_working_days_in_the_scalar_engine() -> None:
    rules = default_rules().with_file(EXAMPLE)
    got = {c.case_id: _mine(deadlines(c, AS_OF, rules=rules), "svar-henvendelse-5-hverdage") for c in CASES}
    # 5 hverdage after Monday 2 March 2026: Monday 9 March
    assert [d.due for d in got["K-1"]] == [date(2026, 3, 9)]
    assert [d.status for d in got["K-1"]] == [Status.MET]
    assert [d.status for d in got["K-2"]] == [Status.MET_LATE]
    assert [d.status for d in got["K-3"]] == [Status.OVERDUE]
    assert "Eksempel Kommunes servicemål 2026" in got["K-3"][0].explanation


def test_the_changed_period_replaces_the_packaged_one() -> None:
    packaged = default_rules().enable("ledelsestilsyn")
    own = default_rules().with_file(EXAMPLE)
    case = CASES[0]
    before = _mine(deadlines(case, AS_OF, rules=packaged), "ledelsestilsyn")
    after = _mine(deadlines(case, AS_OF, rules=own), "ledelsestilsyn")
    # the first review is due 3 months (packaged) or 2 months (own file) after the first event
    assert before[0].due == date(2026, 4, 5)
    assert after[0].due == date(2026, 3, 5)
    assert len(after) > len(before)


def test_both_engines_give_the_same_deadlines_and_audit_for_the_own_file() -> None:
    rules = default_rules().with_file(EXAMPLE)
    table = EventTable.from_cases(Caseload(cases=tuple(CASES)))
    dt = deadline_table(table, AS_OF, rules=rules)
    assert not dt.fallback  # the new rule runs in the numpy executor, not by fallback
    for i, case in enumerate(CASES):
        scalar = [d.to_dict() for d in deadlines(case, AS_OF, rules=rules)]
        columnar = [d.to_dict() for d in dt.deadlines_for(i)]
        assert scalar == columnar
    at = audit_table(table, AS_OF, rules=rules)
    records = list(at.records())
    for case in CASES:
        audit = audit_case(case, AS_OF, rules=rules)
        maal = next(r for r in audit.results if r.check_id == "kommunale-maal")
        codes = sorted(f.code for f in maal.findings if f.rule_id == "svar-henvendelse-5-hverdage")
        expected = {"K-1": [], "K-2": ["deadline.late"], "K-3": ["deadline.missed"]}[case.case_id]
        assert codes == expected
        in_table = sorted(
            r[2] for r in records if r[0] == case.case_id and r[6] == "svar-henvendelse-5-hverdage"
        )
        assert in_table == expected
