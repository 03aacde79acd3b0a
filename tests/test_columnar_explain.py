"""Explanations of the numpy result from the plan (issue 16, item 3): for every demo case, at
several days, with the packaged rules and with a municipality's own file,
:meth:`DeadlineTable.deadlines_for` equals the scalar engine's deadlines (notes, facts and
explanations in Danish and English), and the plans explained from rows do not run the scalar
executor."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boernesag.deadlines import deadlines
from boernesag.law import RuleSet, default_rules

np = pytest.importorskip("numpy")

import boernesag.columnar.explain as explain  # noqa: E402
from boernesag.blocks.plan import compile_rule  # noqa: E402
from boernesag.columnar import EventTable, deadline_table  # noqa: E402
from boernesag.demo import demo_caseload  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kommune-regler.toml"
DAYS = [date(2024, 3, 1), date(2025, 6, 30), date(2026, 11, 15)]


def _rule_sets() -> dict[str, RuleSet]:
    own = default_rules().with_file(EXAMPLE)
    everything = default_rules().enable(*(r.id for r in default_rules()))
    return {"packaged": default_rules(), "municipal": own, "all": everything}


@pytest.fixture(scope="module")
def demo() -> tuple[list[Any], EventTable]:
    cases = list(demo_caseload(120, seed=7, lapse_rate=0.3).cases)
    return cases, EventTable.from_cases(cases)


@pytest.mark.parametrize("as_of", DAYS)
@pytest.mark.parametrize("which", ["packaged", "municipal", "all"])
def test_columnar_explanations_equal_the_scalar_ones(
    demo: tuple[list[Any], EventTable], as_of: date, which: str
) -> None:
    cases, table = demo
    rules = _rule_sets()[which]
    result = deadline_table(table, as_of, rules=rules)
    for i, case in enumerate(cases):
        want = deadlines(case, as_of, rules=rules)
        got = result.deadlines_for(i)
        assert got == want, case.case_id
        assert [d.facts for d in got] == [d.facts for d in want]
        for lang in ("da", "en"):
            assert [d.explain(lang) for d in got] == [d.explain(lang) for d in want]
        assert result.deadlines_for(i, case) == want


def test_rules_explained_from_rows_do_not_run_the_scalar_executor(
    demo: tuple[list[Any], EventTable], monkeypatch: pytest.MonkeyPatch
) -> None:
    cases, table = demo
    rules = _rule_sets()["all"]
    result = deadline_table(table, date(2026, 11, 15), rules=rules)
    ran: set[str] = set()
    real = explain.rule_deadlines

    def spy(rule: Any, ctx: Any) -> Any:
        ran.add(rule.id)
        return real(rule, ctx)

    monkeypatch.setattr(explain, "rule_deadlines", spy)
    for i in range(len(cases)):
        if not table.irregular[i]:
            result.deadlines_for(i)
    from_rows = {
        r.id
        for r in rules.active
        if (plan := compile_rule(r)) is not None
        and (type(plan.due) in explain.ROW_KINDS or type(plan.subject) in explain.ROW_KINDS)
    }
    kinds = {rules[r].kind for r in from_rows}
    assert kinds == {
        "period",
        "case_processing",
        "plan",
        "before_decision",
        "age_event",
        "transition",
        "age_milestone",
        "age_decision",
        "supervision",
        "recurring_case",
        "recurring_followup",
    }
    assert not ran & from_rows


def _placed(*extra: dict[str, Any]) -> Any:
    # Born 15.09.2007: 18 on Mon 15.09.2025 (BL § 99); placed under BL § 46 from 01.05.2024.
    from boernesag.caseio import case_from_mapping

    events = [
        {"id": "E0", "type": "sagsbehandler_tildelt", "date": "2014-01-02", "caseworker": "CW"},
        {"id": "D1", "type": "afgoerelse", "date": "2024-04-01", "paragraph": "BL 46",
         "measure": "M1", "outcome": "bevilget"},
        {"id": "S1", "type": "foranstaltning_start", "date": "2024-05-01", "measure": "M1",
         "paragraph": "BL 46"},
        {"id": "S2", "type": "foranstaltning_start", "date": "2024-06-01", "measure": "M2"},
        *extra,
    ]  # fmt: skip
    child = {"id": "B-AGE", "birth_date": "2007-09-15"}
    return case_from_mapping(
        {"format": "boernesag.case/1", "case_id": "K-AGE", "child": child, "events": events}
    )


@pytest.mark.parametrize(
    "extra",
    [
        [],  # open, then overdue: no end, no continuation
        [{"id": "X1", "type": "foranstaltning_slut", "date": "2025-09-15", "measure": "M1"}],
        [{"id": "X1", "type": "foranstaltning_slut", "date": "2025-10-01", "measure": "M1"}],
        [{"id": "U1", "type": "eftervaern_afgoerelse", "date": "2025-03-10"}],
        [{"id": "U1", "type": "eftervaern_afgoerelse", "date": "2025-03-10", "outcome": "afslag"}],
        [
            {"id": "X1", "type": "foranstaltning_slut", "date": "2025-01-31", "measure": "M1"},
            {"id": "X2", "type": "foranstaltning_slut", "date": "2025-01-31", "measure": "M2"},
        ],
    ],
)
def test_measures_at_an_age_are_explained_from_rows(
    extra: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The measure ended, continued, refused and without a measure (BL § 99 at 18; § 111's
    # decision at 17 years 6 months), at days before, on and after the birthday.
    case = _placed(*extra)
    table = EventTable.from_cases([case])
    rules = _rule_sets()["all"]

    def refuse(rule: Any, ctx: Any) -> Any:
        if rule.kind in ("age_milestone", "age_decision", "age_event", "transition"):
            raise AssertionError(f"scalar rerun of {rule.id}")
        return real(rule, ctx)

    real = explain.rule_deadlines
    for day in (date(2025, 3, 1), date(2025, 6, 30), date(2025, 9, 15), date(2025, 10, 15)):
        want = deadlines(case, day, rules=rules)
        result = deadline_table(table, day, rules=rules)
        with monkeypatch.context() as m:
            m.setattr(explain, "rule_deadlines", refuse)
            got = result.deadlines_for(0, case)
        assert got == want
        assert [d.facts for d in got] == [d.facts for d in want]
        for lang in ("da", "en"):
            assert [d.explain(lang) for d in got] == [d.explain(lang) for d in want]
