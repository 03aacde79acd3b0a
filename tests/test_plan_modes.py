"""Kind ``plan`` (barnets plan / handleplan, BL § 91 stk. 1-2; SEL § 140 stk. 1) as a plan of
generic blocks: vocabulary conditions on the subject, :class:`DecisionMode`, :class:`FirstFromLookback`;
both executors on the same cases, and the loader's checks of the rule data they read."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boernesag.audit import audit
from boernesag.blocks.caseview import months_before
from boernesag.blocks.conditions import value_holds
from boernesag.blocks.plan import (
    Condition,
    DecisionMode,
    EachEvent,
    FirstFromLookback,
    compile_rule,
)
from boernesag.blocks.result import Fact
from boernesag.caseio import case_from_mapping
from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.result import facts_bits, record_of
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.errors import RuleError
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case
from boernesag.paragraphs import Paragraph
from boernesag.periods import Period

DATA = Path(__file__).resolve().parents[1] / "src" / "boernesag" / "law" / "data"
BARNETS_LOV = (DATA / "barnets_lov.toml").read_text(encoding="utf-8")
PLAN_RULES = ("barnets-plan-stoette", "barnets-plan-anbringelse")


def _case(events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-P",
            "child": {"id": "B-P", "birth_date": "2014-05-01"},
            "events": events,
        }
    )


def _decision(day: str, paragraph: str, outcome: str = "bevilget", **extra: Any) -> dict[str, Any]:
    return {
        "id": "D",
        "type": "afgoerelse",
        "date": day,
        "paragraph": paragraph,
        "measure": "M1",
        "outcome": outcome,
        **extra,
    }


def _plans(case: Case, as_of: date, rules: RuleSet | None = None) -> list[Deadline]:
    """The plan deadlines by the scalar engine, checked against the numpy engine."""
    scalar = [d for d in deadlines(case, as_of, rules=rules) if d.rule_id in PLAN_RULES]
    dt = deadline_table(EventTable.from_cases([case]), as_of, rules=rules)
    columnar = sorted(
        (
            (r, int(bits))
            for r, bits in zip(dt.records(), dt.facts.tolist(), strict=True)
            if r[1] in PLAN_RULES
        ),
        key=lambda x: (x[0][1], str(x[0][2])),
    )
    assert not set(dt.fallback) & set(PLAN_RULES)
    assert columnar == sorted(
        ((record_of(d), facts_bits(d.facts)) for d in scalar),
        key=lambda x: (x[0][1], str(x[0][2])),
    )
    return scalar


def test_the_compiled_plan_reads_the_rule_data() -> None:
    plan = compile_rule(default_rules()["barnets-plan-anbringelse"])
    assert plan is not None
    assert plan.subject == EachEvent(
        ("afgoerelse",),
        (
            Condition("outcome", "refused", False, "outcome_set"),
            Condition("paragraph", "placement", True, "decision_kind"),
        ),
        carry_measure=True,
    )
    assert isinstance(plan.due, DecisionMode)
    assert plan.due.forced == Condition("paragraph", "forced_placement", True, "paragraph_class")
    assert plan.link == FirstFromLookback(("barnets_plan",), Period.parse("6 months"))


def test_vocabulary_conditions() -> None:
    refused = Condition("outcome", "refused", False, "outcome_set")
    assert value_holds(refused, "bevilget")
    assert value_holds(refused, None)
    assert not value_holds(refused, "afslag")
    assert not value_holds(refused, "afvist")
    support = Condition("paragraph", "support", True, "decision_kind")
    assert value_holds(support, Paragraph.parse("BL 32"))
    assert not value_holds(support, Paragraph.parse("BL 46"))
    assert not value_holds(support, None)
    forced = Condition("paragraph", "forced_placement", True, "paragraph_class")
    assert value_holds(forced, Paragraph.parse("BL 47"))
    assert not value_holds(forced, Paragraph.parse("BL 46"))
    assert not value_holds(forced, None)


def test_a_forced_placement_needs_the_plan_before_the_decision() -> None:
    """BL § 91 stk. 2: for § 47 (without consent) the plan comes before the decision; a plan
    two weeks after it is late, with the note that the forced mode applied."""
    plan = {"id": "P", "type": "barnets_plan", "date": "2024-03-15"}
    (d,) = _plans(_case([_decision("2024-03-01", "BL 47"), plan]), date(2024, 6, 1))
    assert (d.rule_id, d.due, d.status, d.met_by) == (
        "barnets-plan-anbringelse",
        date(2024, 3, 1),
        Status.MET_LATE,
        "P",
    )
    assert [n.key for n in d.notes] == ["plan.forced"]
    assert d.facts == {Fact.FORCED}
    (consent,) = _plans(_case([_decision("2024-03-01", "BL 46"), plan]), date(2024, 6, 1))
    assert (consent.due, consent.status) == (date(2024, 6, 1), Status.MET)


@pytest.mark.parametrize(
    ("recorded", "status", "key"),
    [
        (True, Status.OPEN, None),
        (False, Status.NOT_APPLICABLE, "plan.not_needed"),
        (None, Status.NOT_APPLICABLE, "plan.not_decided"),
        ("ja", Status.NOT_APPLICABLE, "plan.not_decided"),
    ],
)
def test_a_support_decision_needs_a_plan_only_if_decided(
    recorded: Any, status: Status, key: str | None
) -> None:
    """BL § 91 stk. 1: the municipality decides whether a barnets plan is needed."""
    extra = {} if recorded is None else {"barnets_plan": recorded}
    case = _case([_decision("2024-03-01", "BL 32", **extra)])
    (d,) = _plans(case, date(2024, 4, 1))
    assert d.status == status
    assert [n.key for n in d.notes] == ([] if key is None else [key])
    fact = {None: None, "plan.not_needed": Fact.DECIDED_NO, "plan.not_decided": Fact.UNDECIDED}
    assert d.facts == ({fact[key]} if fact[key] is not None else set())
    # the audit reads the fact: only an unrecorded decision is the low finding
    codes = {f.code for f in audit(case, date(2024, 4, 1))}
    assert ("plan.not_decided" in codes) == (fact[key] == Fact.UNDECIDED)


def test_a_refused_decision_needs_no_plan() -> None:
    assert _plans(_case([_decision("2024-03-01", "BL 46", "afslag")]), date(2024, 6, 1)) == []


def test_a_municipal_file_may_name_its_own_field(tmp_path: Path) -> None:
    path = tmp_path / "regler.toml"
    path.write_text(
        BARNETS_LOV.replace('decided_field = "barnets_plan"', 'decided_field = "plan_besluttet"'),
        encoding="utf-8",
    )
    rules = default_rules().with_file(path)
    case = _case([_decision("2024-03-01", "BL 32", plan_besluttet=True)])
    (d,) = _plans(case, date(2024, 4, 1), rules)
    assert (d.due, d.status) == (date(2024, 6, 1), Status.OPEN)


_BY_LAW = {"SEL": ("SEL 52", "SEL 58", "SEL 58"), "BL": ("BL 32", "BL 46", "BL 47")}


@settings(max_examples=60, deadline=None)
@given(
    dec=st.dates(date(2022, 1, 1), date(2025, 6, 1)),
    offset=st.integers(-400, 400),
    which=st.integers(0, 2),
)
def test_first_plan_from_the_lookback(dec: date, offset: int, which: int) -> None:
    """The first plan meets the deadline iff it is no more than 6 months before the decision
    (SEL § 140 / BL § 91, support decided to need a plan, placement, forced placement); the
    two engines agree on every day and paragraph."""
    plan_day = dec + timedelta(days=offset)
    paragraph = _BY_LAW["BL" if dec >= date(2024, 1, 1) else "SEL"][which]
    events = [
        _decision(dec.isoformat(), paragraph, barnets_plan=True),
        {"id": "P", "type": "barnets_plan", "date": plan_day.isoformat()},
    ]
    (d,) = _plans(_case(events), date(2026, 12, 1))
    assert (d.met_by == "P") == (plan_day >= months_before(dec, Period.parse("6 months")))


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('unless_outcome = "refused"', 'unless_outcome = "refusd"', "unless_outcome"),
        ('forced_class = "forced_placement"', 'forced_class = "forced"', "forced_class"),
        ('decided_field = "barnets_plan"', 'decided_field = "outcome"', "decided_field"),
    ],
)
def test_a_typo_in_the_new_params_is_a_rule_error(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    assert old in BARNETS_LOV
    path = tmp_path / "regler.toml"
    path.write_text(BARNETS_LOV.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        default_rules().with_file(path)
    assert f"'params.{key}'" in str(info.value)
    assert "regel barnets-plan-" in str(info.value)
