"""The measure and recurrence blocks (issue 16): which measures a rule is about, the parallel
investigation and the rule a recurrence continues from are rule data, read alike by both
engines."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from boernesag.blocks.plan import EachMeasure
from boernesag.caseio import case_from_mapping
from boernesag.columnar import EventTable, deadline_table
from boernesag.deadlines import Deadline, deadlines
from boernesag.errors import RuleError
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case
from boernesag.paragraphs import Paragraph


def make_case(events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "case_id": "K-M",
            "child": {"id": "B-M", "birth_date": "2014-05-03"},
            "events": [{"id": "E0", "type": "henvendelse", "date": "2023-01-02"}, *events],
        }
    )


def of_rule(items: list[Deadline], rule_id: str) -> list[tuple[date | None, str, str | None]]:
    return [(d.due_date, d.status.value, d.met_by) for d in items if d.rule_id == rule_id]


def both(case: Case, as_of: date, rules: RuleSet, rule_id: str) -> list[Any]:
    """The rule's deadlines from the scalar engine, asserting the numpy engine agrees."""
    scalar = of_rule(deadlines(case, as_of, rules=rules), rule_id)
    table = deadline_table(EventTable.from_cases([case]), as_of, rules=rules)
    vector = of_rule(list(table.deadlines_for(0)), rule_id)
    assert sorted(vector, key=str) == sorted(scalar, key=str)
    assert not table.fallback
    return scalar


def start(measure: str, paragraph: str, day: str) -> dict[str, Any]:
    return {
        "id": f"S-{measure}",
        "type": "foranstaltning_start",
        "date": day,
        "measure": measure,
        "paragraph": paragraph,
    }


@pytest.mark.parametrize(
    ("entries", "paragraph", "included"),
    [
        (["BL 46"], "BL 46 stk. 1", True),
        (["SEL 52 stk. 3 nr. 7"], "SEL 52 stk. 3 nr. 7", True),
        (["SEL 52 stk. 3 nr. 7"], "SEL 52 stk. 3 nr. 6", False),
        (["SEL 52 stk. 3 nr. 7"], "SEL 52 stk. 3", False),
        (["SEL 52 stk. 3"], "SEL 52 stk. 3 nr. 2", True),
        (["SEL 52"], "SEL 52 stk. 3 nr. 7", True),
        (["BL 47"], "BL 46", False),
    ],
)
def test_each_measure_names_a_paragraph_with_or_without_stk_and_nr(
    entries: list[str], paragraph: str, included: bool
) -> None:
    step = EachMeasure(frozenset(entries), unknown=False)
    assert step.includes(Paragraph.parse(paragraph)) is included
    assert step.includes(None) is False
    assert EachMeasure(None, unknown=True).includes(None) is True


def test_supervision_follows_the_placement_paragraphs_in_the_rule_data() -> None:
    # A SEL § 52 stk. 3 nr. 7 placement is supervised, a nr. 3 support measure is not; with
    # the support paragraph added to applies_to, it is.
    case = make_case(
        [
            start("M1", "SEL 52 stk. 3 nr. 7", "2023-02-01"),
            start("M2", "SEL 52 stk. 3 nr. 3", "2023-02-01"),
        ]
    )
    rules = default_rules()
    got = both(case, date(2023, 12, 1), rules, "tilsynsbesoeg")
    assert (
        next(
            d
            for d in deadlines(case, date(2023, 12, 1), rules=rules)
            if d.rule_id == "tilsynsbesoeg"
        ).measure
        == "M1"
    )
    assert len(got) == 1
    rule = rules["tilsynsbesoeg"]
    wider = attrs.evolve(
        rule, params={"applies_to": (*rule.param("applies_to"), "SEL 52 stk. 3 nr. 3")}
    )
    assert len(both(case, date(2023, 12, 1), rules.with_rules([wider]), "tilsynsbesoeg")) == 2


def test_the_parallel_investigation_is_rule_data() -> None:
    # BL § 95 stk. 2: the BFU running at the start ends 20.04.2024, before 01.06.2024; with
    # other event types named as the investigation, the 3 months apply.
    case = make_case(
        [
            {"id": "B0", "type": "bfu_startet", "date": "2024-02-15"},
            start("M1", "BL 32", "2024-03-01"),
            {"id": "B1", "type": "bfu_afsluttet", "date": "2024-04-20"},
        ]
    )
    rules = default_rules()
    assert both(case, date(2024, 5, 1), rules, "opfoelgning-foerste") == [
        (date(2024, 4, 20), "overdue", None)
    ]
    rule = rules["opfoelgning-foerste"]
    other = attrs.evolve(
        rule,
        params={
            **rule.params,
            "parallel_started": ["underretning"],
            "parallel_ended": ["underretning_vurderet"],
        },
    )
    assert both(case, date(2024, 5, 1), rules.with_rules([other]), "opfoelgning-foerste") == [
        (date(2024, 6, 1), "open", None)
    ]


def test_later_followups_continue_from_the_rule_named_by_after_rule() -> None:
    # No follow-up at all: the first one (due 01.06.2024) is missed for good once as_of is a
    # period past it, and the later ones are counted from its due date. Naming no existing
    # rule, the later follow-ups wait for a first follow-up.
    case = make_case([start("M1", "BL 32", "2024-03-01")])
    rules = default_rules()
    as_of = date(2025, 3, 1)
    continued = both(case, as_of, rules, "opfoelgning-loebende")
    assert continued
    assert continued[0][0] == date(2024, 12, 1)
    rule = rules["opfoelgning-loebende"]
    alone = attrs.evolve(rule, params={**rule.params, "after_rule": "ingen-saadan-regel"})
    assert both(case, as_of, rules.with_rules([alone]), "opfoelgning-loebende") == []


def _kommune(tmp_path: Path, text: str) -> str:
    path = tmp_path / "kommune.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        default_rules().with_file(path)
    return str(info.value)


_SUPERVISION = """
[[rules]]
id = "tilsynsbesoeg"
kind = "supervision"
title = {{ da = "Tilsyn" }}
trigger = ["foranstaltning_start"]
met_by = ["tilsynsbesoeg"]
{params}
[[rules.versions]]
law = "BL"
citation = "BL § 156, stk. 5"
period = "6 months"
"""


def test_a_supervision_rule_must_name_its_paragraphs(tmp_path: Path) -> None:
    message = _kommune(tmp_path, _SUPERVISION.format(params=""))
    assert "tilsynsbesoeg" in message
    assert "applies_to" in message
    assert "mangler" in message
    message = _kommune(
        tmp_path, _SUPERVISION.format(params='params = { applies_to = ["SEL 52, stk. 3"] }')
    )
    assert "'SEL 52 stk. 3'" in message
    path = tmp_path / "ok.toml"
    path.write_text(
        _SUPERVISION.format(params='params = { applies_to = ["BL 46", "SEL 52 stk. 3 nr. 7"] }'),
        encoding="utf-8",
    )
    assert default_rules().with_file(path)["tilsynsbesoeg"].param("applies_to") == [
        "BL 46",
        "SEL 52 stk. 3 nr. 7",
    ]


def test_a_typo_in_the_parallel_event_type_is_refused(tmp_path: Path) -> None:
    text = """
[[rules]]
id = "opfoelgning-foerste"
kind = "first_followup"
title = { da = "Opfølgning" }
met_by = ["opfoelgning"]
params = { parallel_started = ["bfu_startett"] }
[[rules.versions]]
law = "BL"
citation = "BL § 95, stk. 2"
period = "3 months"
"""
    assert "mente du 'bfu_startet'" in _kommune(tmp_path, text)
