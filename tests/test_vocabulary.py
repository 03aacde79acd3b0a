"""The legal vocabulary (law/data/vocabulary.toml): one definition of the words many rules use.

Worked examples in the law's own terms: which paragraphs are a placement, which decisions need a
plan (SEL § 140 stk. 1 names §§ 52, 76 and 76 a), the ages per law (party rights 12 under
Serviceloven, 10 under Barnets Lov § 3), and a strict loader: an unknown key, word or paragraph
is a RuleError naming the file and the key.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernesag.audit import audit
from boernesag.caseio import case_from_mapping
from boernesag.deadlines import Status, deadlines
from boernesag.errors import RuleError
from boernesag.law import default_rules
from boernesag.law.vocabulary import AGES, load_vocabulary, vocabulary
from boernesag.model import Case
from boernesag.paragraphs import Paragraph

DATA = Path(__file__).resolve().parents[1] / "src" / "boernesag" / "law" / "data"
VOCABULARY = (DATA / "vocabulary.toml").read_text(encoding="utf-8")
BARNETS_LOV = (DATA / "barnets_lov.toml").read_text(encoding="utf-8")
P = Paragraph.parse


@pytest.mark.parametrize(
    ("paragraph", "kind", "classes"),
    [
        ("SEL 52", "support", {"support", "bfu_basis"}),
        ("SEL 52 stk. 3 nr. 3", "support", {"support", "bfu_basis"}),
        ("SEL 52 stk. 3 nr. 7", "placement", {"placement", "bfu_basis"}),
        ("SEL 58", "placement", {"placement", "forced_placement", "bfu_basis"}),
        # SEL § 140 stk. 1: "handleplan, inden der træffes afgørelse om foranstaltninger,
        # jf. §§ 52, 76 og 76 a": efterværn decisions need a plan like a § 52 decision.
        ("SEL 76", "support", {"eftervaern"}),
        ("SEL 76a", "support", {"eftervaern"}),
        ("BL 32", "support", {"support", "bfu_basis"}),
        ("BL 46", "placement", {"placement", "bfu_basis"}),
        ("BL 47", "placement", {"placement", "forced_placement", "bfu_basis"}),
        # BL § 91 stk. 1 is about the § 32 indsats; ungestøtte has its own ungeplan (§ 108).
        ("BL 114", None, {"eftervaern"}),
        ("BL 86", None, {"cash_benefit"}),
        ("SEL 41", None, {"cash_benefit"}),
        ("FVL 19", None, set()),
    ],
)
def test_paragraph_classes_and_decision_kinds(
    paragraph: str, kind: str | None, classes: set[str]
) -> None:
    v = vocabulary()
    p = P(paragraph)
    assert v.decision_kind(p) == kind
    assert {c for c in v.classes if v.in_class(c, p)} == classes
    legal = vocabulary()
    assert (
        legal.in_class("placement", p),
        legal.in_class("support", p),
        legal.in_class("forced_placement", p),
    ) == (
        "placement" in classes,
        "support" in classes,
        "forced_placement" in classes,
    )


def test_a_paragraph_is_classed_by_its_own_law() -> None:
    # "SEL 52" is a Serviceloven paragraph, whatever day the event has; "BL 52" is not § 52.
    assert vocabulary().in_class("support", P("SEL 52"))
    assert not vocabulary().in_class("support", P("BL 52"))
    assert vocabulary().decision_kind(None) is None


def test_outcomes() -> None:
    v = vocabulary()
    assert [v.is_refused(o) for o in ("afslag", "afvist", "bevilget", None, "")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert v.is_full_grant("bevilget")
    assert not v.is_full_grant("delvist_bevilget")
    assert v.outcome_values("full_grant") == frozenset({"bevilget"})


@pytest.mark.parametrize(
    ("name", "day", "years", "months", "citation"),
    [
        ("party_rights", date(2023, 12, 31), 12, 0, "SEL § 167, stk. 1"),
        ("party_rights", date(2024, 1, 1), 10, 0, "BL § 3"),
        ("consent", date(2020, 6, 1), 15, 0, "SEL § 52, stk. 1"),
        ("consent", date(2025, 6, 1), 15, 0, "BL § 46, stk. 1, og § 47"),
        ("transition", date(2025, 6, 1), 16, 0, "BL § 122, stk. 1"),
        ("ungestoette_decision", date(2023, 1, 1), 17, 6, "SEL § 68, stk. 11"),
        ("ungestoette_decision", date(2024, 1, 1), 17, 6, "BL § 111, stk. 1"),
        ("adult", date(2025, 6, 1), 18, 0, "BL § 111, stk. 1"),
        ("ungestoette_end", date(2022, 1, 1), 23, 0, "SEL § 76, stk. 7, og § 76 a, stk. 3"),
    ],
)
def test_ages_follow_the_law_in_force(
    name: str, day: date, years: int, months: int, citation: str
) -> None:
    age = vocabulary().age(name, day)
    assert (age.years, age.months, age.source.citation) == (years, months, citation)
    assert age.source.text
    assert age.source.source_url.startswith("https://")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_has_one_age_per_word(day: date) -> None:
    for name in AGES:
        age = vocabulary().age(name, day)
        assert age.law == ("SEL" if day < date(2024, 1, 1) else "BL")


def test_rule_data_and_vocabulary_agree_on_ages() -> None:
    # The party-rights rule carries 12 (SEL) and 10 (BL): the same as the vocabulary.
    rule = default_rules()["alder-partsbefoejelser"]
    assert rule.params["age_of"] == "party_rights"
    for version in rule.versions:
        assert version.option("age") == vocabulary().age("party_rights", version.valid_from).years


def test_milestones_under_serviceloven() -> None:
    from boernesag.law.vocabulary import milestones

    labels = [label for label, _ in milestones(date(2010, 5, 17), on=date(2023, 6, 1))]
    assert labels[0] == "12 år: egen klageadgang (SEL § 167 stk. 1)"
    with pytest.raises(ValueError, match="sprog"):
        milestones(date(2010, 5, 17), lang="de")


# --------------------------------------------------------------- SEL § 76: a worked example


def _case(events: list[dict[str, Any]], birth: str = "2004-05-01") -> Case:
    return case_from_mapping(
        {
            "format": "boernesag.case/1",
            "case_id": "K-76",
            "child": {"id": "B-76", "birth_date": birth},
            "events": events,
        }
    )


@pytest.mark.parametrize("paragraph", ["SEL 76", "SEL 76a"])
def test_an_eftervaern_decision_under_serviceloven_needs_a_handleplan_first(
    paragraph: str,
) -> None:
    """A young person turning 18 on 1 May 2022 is granted efterværn on 20 April 2022.

    SEL § 140 stk. 1: "Kommunalbestyrelsen skal udarbejde en handleplan, inden der træffes
    afgørelse om foranstaltninger, jf. §§ 52, 76 og 76 a." The plan is due on the day of the
    decision: met by a plan of 10 April, overdue without one.
    """
    decision = {
        "id": "D",
        "type": "afgoerelse",
        "date": "2022-04-20",
        "paragraph": paragraph,
        "measure": "M1",
        "outcome": "bevilget",
    }
    plan = {"id": "P", "type": "barnets_plan", "date": "2022-04-10"}
    (met,) = [
        d for d in deadlines(_case([plan, decision]), date(2023, 1, 1)) if "plan" in d.rule_id
    ]
    assert (met.rule_id, met.due, met.status, met.citation) == (
        "barnets-plan-stoette",
        date(2022, 4, 20),
        Status.MET,
        "SEL § 140, stk. 1",
    )
    (missed,) = [d for d in deadlines(_case([decision]), date(2023, 1, 1)) if "plan" in d.rule_id]
    assert (missed.due, missed.status) == (date(2022, 4, 20), Status.OVERDUE)
    # The audit reads the same deadline; § 50 asks for no BFU before a § 76 decision.
    codes = {f.code for f in audit(_case([decision]), date(2023, 1, 1))}
    assert "plan.missing" in codes
    assert "bfu.missing" not in codes


def test_an_ungestoette_decision_under_barnets_lov_is_not_a_support_decision() -> None:
    decision = {
        "id": "D",
        "type": "afgoerelse",
        "date": "2024-04-20",
        "paragraph": "BL 114",
        "measure": "M1",
        "outcome": "bevilget",
    }
    assert not [
        d
        for d in deadlines(_case([decision], "2006-05-01"), date(2025, 1, 1))
        if "plan" in d.rule_id
    ]


# --------------------------------------------------------------- strict loading


def _load_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "vocabulary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_vocabulary(path)
    return str(info.value)


def test_the_packaged_file_loads_as_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.toml"
    path.write_text(VOCABULARY, encoding="utf-8")
    assert load_vocabulary(path).decision_kind(P("SEL 76")) == "support"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a typo in a key
        (
            'except = ["SEL 52 stk. 3 nr. 7"]',
            'excpet = ["SEL 52 stk. 3 nr. 7"]',
            ["'excpet'", "mente du 'except'"],
        ),
        # an unknown class in a decision kind
        (
            'classes = ["support", "eftervaern"]',
            'classes = ["support", "efterværn"]',
            ["'classes'", "'efterværn' er ikke kendt", "mente du 'eftervaern'"],
        ),
        # an unknown word
        (
            "[classes.cash_benefit]",
            "[classes.cash_benefits]",
            ["'classes.cash_benefits'", "ukendt nøgle", "mente du 'cash_benefit'"],
        ),
        # a paragraph that does not exist, or of another law
        (
            'paragraphs = ["BL 32"]',
            'paragraphs = ["BL 999"]',
            ["'paragraphs'", "BL § 999 findes ikke"],
        ),
        (
            'paragraphs = ["BL 32"]',
            'paragraphs = ["SEL 52"]',
            ["'paragraphs'", "ikke en BL-paragraf"],
        ),
        # a wrong type
        ("years = 12", 'years = "12"', ["'years'", "helt tal", "'12' (tekst)"]),
        # ages must cover every day
        (
            "valid_from = 2024-01-01\nyears = 10",
            "valid_from = 2024-02-01\nyears = 10",
            ["'versions'", "hul mellem 2023-12-31 og 2024-02-01"],
        ),
        # the same outcome cannot both refuse and grant
        (
            'values = ["bevilget"]',
            'values = ["bevilget", "afslag"]',
            ["'outcomes.full_grant'", "'afslag'"],
        ),
    ],
)
def test_a_broken_vocabulary_names_file_key_and_value(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in VOCABULARY
    message = _load_error(tmp_path, VOCABULARY.replace(old, new, 1))
    assert message.startswith(f"ordforråd {tmp_path / 'vocabulary.toml'}")
    for part in expected:
        assert part in message, message


def test_an_unknown_age_or_class_asked_for_in_code_is_a_rule_error() -> None:
    with pytest.raises(RuleError, match="alderen 'retirement' findes ikke"):
        vocabulary().age("retirement")
    with pytest.raises(RuleError, match="klassen 'dagtilbud' findes ikke"):
        vocabulary().in_class("dagtilbud", P("BL 32"))


# --------------------------------------------------------------- rule files name vocabulary words


def _rule_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "regler.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        default_rules().with_file(path)
    return str(info.value)


def test_a_rule_file_with_an_unknown_decision_kind(tmp_path: Path) -> None:
    old = 'params = { applies_to = "support", lookback = "6 months"'
    assert old in BARNETS_LOV
    message = _rule_error(
        tmp_path,
        BARNETS_LOV.replace(old, 'params = { applies_to = "suport", lookback = "6 months"'),
    )
    assert "regel barnets-plan-stoette" in message
    assert "'params.applies_to'" in message
    assert "mente du 'support'" in message


def test_a_rule_file_with_an_unknown_age_word(tmp_path: Path) -> None:
    message = _rule_error(
        tmp_path, BARNETS_LOV.replace('age_of = "consent"', 'age_of = "samtykke"')
    )
    assert "regel alder-15-samtykke" in message
    assert "'params.age_of'" in message
    assert "'samtykke' (tekst)" in message


def test_a_rule_file_whose_age_contradicts_the_vocabulary(tmp_path: Path) -> None:
    # party rights at 10 under Serviceloven: the vocabulary (SEL § 167 stk. 1) says 12.
    text = re.sub(
        r"(citation = \"SEL § 167, stk. 1, jf. §§ 72-73\"\n(?:.*\n){2})age = 12",
        r"\1age = 10",
        BARNETS_LOV,
    )
    assert text != BARNETS_LOV
    message = _rule_error(tmp_path, text)
    assert "regel alder-partsbefoejelser" in message
    assert "'params.age_of'" in message
    assert "alderen 10 år" in message
    assert "er 12 år den" in message
    assert "SEL § 167, stk. 1" in message
