"""Kinds ``bfu`` and ``before_decision`` read their event types, laws and exception field from
the rule data (issue 16): a municipality's own rule file changes them, both engines follow,
and a mistake in those keys is a RuleError naming the file, rule and key."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from boernesag.caseio import case_from_mapping
from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.result import record_of
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.errors import RuleError
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case

BFU = """schema = "boernesag.rules/1"

[[rules]]
id = "bfu-afslutning"
kind = "bfu"
title = { da = "BFU", en = "BFU" }
trigger = TRIGGER
met_by = ["bfu_afsluttet"]
params = PARAMS
[[rules.versions]]
law = "BL"
citation = "BL § 20, stk. 3"
valid_from = "2024-01-01"
period = "4 months"
"""

SAMTALE = """schema = "boernesag.rules/1"

[[rules]]
id = "boernesamtale-foer-afgoerelse"
kind = "before_decision"
title = { da = "Børnesamtale", en = "Conversation" }
trigger = ["afgoerelse"]
met_by = ["boernesamtale"]
params = PARAMS
[[rules.versions]]
law = "BL"
citation = "BL § 5, stk. 3-4"
valid_from = "2024-01-01"
period = "0 days"
"""


def _rules(tmp_path: Path, text: str) -> RuleSet:
    path = tmp_path / "kommune.toml"
    path.write_text(text, encoding="utf-8")
    return default_rules().with_file(path)


def _bfu_file(trigger: str, params: str) -> str:
    return BFU.replace("TRIGGER", trigger).replace("PARAMS", params)


def _case(events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-T",
            "child": {"id": "B-T", "birth_date": "2012-05-03"},
            "events": events,
        }
    )


def _norm(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _both(case: Case, as_of: date, rules: RuleSet, rule_id: str) -> list[Deadline]:
    """The rule's deadlines by the scalar engine, checked against the numpy engine (which
    must compute them itself, not leave them to the scalar engine)."""
    scalar = [d for d in deadlines(case, as_of, rules=rules) if d.rule_id == rule_id]
    table = deadline_table(EventTable.from_cases([case]), as_of, rules=rules)
    assert rule_id not in table.fallback
    rid = table.rule_ids.index(rule_id)
    got = Counter(
        tuple(map(_norm, r))
        for r, k in zip(table.records(), table.rule.tolist(), strict=True)
        if k == rid
    )
    assert got == Counter(tuple(map(_norm, record_of(d))) for d in scalar)
    return scalar


EPISODE = [
    {"id": "A", "type": "ansoegning", "date": "2024-02-01"},
    {"id": "U", "type": "underretning", "date": "2024-03-01"},
    {"id": "B", "type": "bfu_startet", "date": "2024-04-01"},
    {"id": "E", "type": "bfu_afsluttet", "date": "2024-07-15"},
]


def test_bfu_notices_come_from_the_rule(tmp_path: Path) -> None:
    case = _case(EPISODE)
    packaged = _both(case, date(2024, 9, 1), default_rules(), "bfu-afslutning")
    assert [(d.trigger, d.due, d.status) for d in packaged] == [
        ("A", date(2024, 6, 1), Status.MET_LATE)
    ]
    # a municipality that counts only underretninger as awareness
    rules = _rules(
        tmp_path,
        _bfu_file('["underretning", "bfu_startet"]', '{ notices = ["underretning"] }'),
    )
    mine = _both(case, date(2024, 9, 1), rules, "bfu-afslutning")
    assert [(d.trigger, d.due, d.alternative_due, d.status) for d in mine] == [
        ("U", date(2024, 7, 1), date(2024, 8, 1), Status.MET_LATE)
    ]


def test_bfu_starts_come_from_the_rule(tmp_path: Path) -> None:
    # with the interim assessment as the investigation's start, the episode is anchored there
    case = _case(
        [
            {"id": "U0", "type": "underretning", "date": "2023-01-10"},
            {"id": "V", "type": "foreloebig_vurdering", "date": "2024-03-01"},
            {"id": "E", "type": "bfu_afsluttet", "date": "2024-06-15"},
        ]
    )
    rules = _rules(
        tmp_path,
        _bfu_file(
            '["underretning", "foreloebig_vurdering"]',
            '{ notices = ["underretning"], starts = ["foreloebig_vurdering"] }',
        ),
    )
    (d,) = _both(case, date(2024, 9, 1), rules, "bfu-afslutning")
    assert (d.trigger, d.due, d.met_by, d.status) == ("V", date(2024, 7, 1), "E", Status.MET)


@pytest.mark.parametrize(
    ("trigger", "params", "expected"),
    [
        (
            '["underretning", "bfu_startet"]',
            '{ notices = ["underretnig"] }',
            ["'params.notices'", "'underretnig'", "mente du 'underretning'"],
        ),
        (
            '["underretning", "bfu_startet"]',
            '{ notices = ["underretning", "ansoegning"] }',
            ["'params.notices'", "'ansoegning' skal også stå i reglens trigger"],
        ),
        (
            '["underretning", "bfu_afsluttet"]',
            '{ starts = ["bfu_afsluttet"] }',
            ["'params.starts'", "'bfu_afsluttet' står også i met_by"],
        ),
    ],
)
def test_bfu_type_mistakes_are_refused(
    tmp_path: Path, trigger: str, params: str, expected: list[str]
) -> None:
    with pytest.raises(RuleError) as info:
        _rules(tmp_path, _bfu_file(trigger, params))
    message = str(info.value)
    assert "kommune.toml" in message
    assert "regel bfu-afslutning" in message
    for part in expected:
        assert part in message


DECISION = {"id": "D", "type": "afgoerelse", "date": "2024-03-01", "paragraph": "BL 32"}


def test_the_exception_field_comes_from_the_rule(tmp_path: Path) -> None:
    case = _case([{**DECISION, "reason": "barnet er 1 år"}])
    (packaged,) = _both(case, date(2024, 4, 1), default_rules(), "boernesamtale-foer-afgoerelse")
    assert (packaged.status, packaged.met_by) == (Status.OVERDUE, None)
    rules = _rules(tmp_path, SAMTALE.replace("PARAMS", '{ exception_field = "reason" }'))
    (d,) = _both(case, date(2024, 4, 1), rules, "boernesamtale-foer-afgoerelse")
    assert (d.status, d.met_by, d.due) == (Status.MET, "D", date(2024, 3, 1))
    assert "barnet er 1 år" in d.explanation


def test_laws_and_lookback_come_from_the_rule(tmp_path: Path) -> None:
    case = _case(
        [
            {"id": "S", "type": "boernesamtale", "date": "2024-02-01"},
            DECISION,
            {"id": "S2", "type": "boernesamtale", "date": "2024-03-10"},
            {"id": "F", "type": "afgoerelse", "date": "2024-03-20", "paragraph": "FVL 19"},
        ]
    )
    packaged = _both(case, date(2024, 4, 1), default_rules(), "boernesamtale-foer-afgoerelse")
    assert [(d.trigger, d.met_by, d.status) for d in packaged] == [("D", "S", Status.MET)]
    rules = _rules(
        tmp_path, SAMTALE.replace("PARAMS", '{ lookback = "2 weeks", laws = ["BL", "FVL"] }')
    )
    mine = _both(case, date(2024, 4, 1), rules, "boernesamtale-foer-afgoerelse")
    assert [(d.trigger, d.met_by, d.status) for d in mine] == [
        ("D", "S2", Status.MET_LATE),  # S is older than 2 weeks: the next one came after
        ("F", "S2", Status.MET),
    ]
    assert "kom først efter afgørelsen" in mine[0].explanation


def test_an_unknown_exception_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        _rules(tmp_path, SAMTALE.replace("PARAMS", '{ exception_field = "grund" }'))
    message = str(info.value)
    assert "regel boernesamtale-foer-afgoerelse" in message
    assert "'params.exception_field'" in message
    assert "'grund'" in message
