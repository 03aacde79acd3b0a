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
        ("U", date(2024, 7, 1), None, Status.MET_LATE)
    ]
    assert [(r.due, r.reason) for r in mine[0].readings] == [(date(2024, 8, 1), "from_start")]


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


# ------------------------------------------------------------------ issue 12, items 1-3


def _readings(case: Case, as_of: date) -> list[tuple[date | None, str]]:
    """The numpy engine's reading columns of the BFU rule (compared with the scalar one's)."""
    table = deadline_table(EventTable.from_cases([case]), as_of)
    rid = table.rule_ids.index("bfu-afslutning")
    frame = table.to_frame()
    rows = frame[(table.rule == rid)]
    return [
        (
            None if r.reading_due is None or str(r.reading_due) == "NaT" else r.reading_due.date(),
            r.reading or "",
        )
        for r in rows.itertuples()
    ]


def test_bfu_without_a_recorded_start_sel_and_bl() -> None:
    # SEL (2023, closed in 2023): an underretning with nothing recorded has its 4 months.
    sel = _case([{"id": "U", "type": "underretning", "date": "2023-03-01"}])
    (d,) = _both(sel, date(2023, 9, 1), default_rules(), "bfu-afslutning")
    assert (d.trigger, d.due, d.status, d.citation) == (
        "U",
        date(2023, 7, 1),
        Status.OVERDUE,
        "SEL § 50, stk. 7",
    )
    assert "ikke registreret en børnefaglig undersøgelse" in d.explanation
    # BL: the same in 2024
    bl = _case([{"id": "U", "type": "underretning", "date": "2024-03-01"}])
    (d,) = _both(bl, date(2024, 5, 1), default_rules(), "bfu-afslutning")
    assert (d.due, d.status, d.citation) == (date(2024, 7, 1), Status.OPEN, "BL § 20, stk. 3")


def test_bfu_closed_by_assessment_that_none_is_needed() -> None:
    for day, as_of in (("2023-03-10", date(2023, 9, 1)), ("2024-03-10", date(2024, 9, 1))):
        case = _case(
            [
                {"id": "U", "type": "underretning", "date": day},
                {
                    "id": "N",
                    "type": "ingen_undersoegelse",
                    "date": day,
                    "reason": "bekymring afkræftet",
                },
            ]
        )
        (d,) = _both(case, as_of, default_rules(), "bfu-afslutning")
        assert d.status is Status.NOT_APPLICABLE
        assert "ikke skal være en undersøgelse" in d.explanation
    # an assessment with no notice before it gives no deadline
    lone = _case([{"id": "N", "type": "ingen_undersoegelse", "date": "2024-03-10"}])
    assert _both(lone, date(2024, 9, 1), default_rules(), "bfu-afslutning") == []


def test_afdaekning_meets_the_deadline_under_bl_only() -> None:
    bl = _case(
        [
            {"id": "U", "type": "underretning", "date": "2024-03-01"},
            {"id": "A", "type": "afdaekning", "date": "2024-05-01"},
        ]
    )
    (d,) = _both(bl, date(2024, 9, 1), default_rules(), "bfu-afslutning")
    assert (d.status, d.met_by) == (Status.MET, "A")
    assert "afdækning i stedet for en børnefaglig undersøgelse" in d.explanation
    sel = _case(
        [
            {"id": "U", "type": "underretning", "date": "2023-03-01"},
            {"id": "A", "type": "afdaekning", "date": "2023-05-01"},
        ]
    )
    (d,) = _both(sel, date(2023, 9, 1), default_rules(), "bfu-afslutning")
    assert (d.status, d.met_by) == (Status.OVERDUE, None)
    assert "ikke et alternativ" in d.explanation


def test_transition_2023_underretning_pending_in_2024_follows_bl() -> None:
    # LOV 721/2023 § 213 stk. 1: received 2023, not finished by 31.12.2023 -> Barnets Lov.
    case = _case(
        [
            {"id": "U", "type": "underretning", "date": "2023-10-31"},
            {"id": "E", "type": "bfu_afsluttet", "date": "2024-02-20"},
        ]
    )
    (d,) = _both(case, date(2024, 6, 1), default_rules(), "bfu-afslutning")
    # 31.10.2023 + 4 months: 29.02.2024 (leap year), the month end's own ambiguity 01.03
    assert (d.citation, d.due, d.alternative_due, d.status) == (
        "BL § 20, stk. 3",
        date(2024, 2, 29),
        date(2024, 3, 1),
        Status.MET,
    )
    assert "§ 213, stk. 1" in d.explanation
    # seen in 2023, or finished in 2023: SEL (stk. 2-3 keep SEL investigations valid)
    (d,) = _both(case, date(2023, 12, 1), default_rules(), "bfu-afslutning")
    assert d.citation == "SEL § 50, stk. 7"
    done = _case(
        [
            {"id": "U", "type": "underretning", "date": "2023-10-31"},
            {"id": "E", "type": "bfu_afsluttet", "date": "2023-12-20"},
        ]
    )
    (d,) = _both(done, date(2024, 6, 1), default_rules(), "bfu-afslutning")
    assert d.citation == "SEL § 50, stk. 7"


def test_readings_are_carried_by_both_engines() -> None:
    case = _case(EPISODE)
    (d,) = _both(case, date(2024, 9, 1), default_rules(), "bfu-afslutning")
    assert d.alternative_due is None
    assert [(r.due, r.reason) for r in d.readings] == [(date(2024, 8, 1), "from_start")]
    assert d.to_dict()["readings"][0]["due"] == "2024-08-01"
    assert _readings(case, date(2024, 9, 1)) == [(date(2024, 8, 1), "from_start")]
