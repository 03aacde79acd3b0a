"""The synthetic demo caseload: reproducible, valid, never real, and lapses on demand."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from boernesag.caseio import case_from_mapping, case_to_mapping, dump_caseload
from boernesag.deadlines import Status, deadlines
from boernesag.demo import DEMO_AS_OF, demo_caseload, iter_demo_cases

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
DEADLINE_RULES = (
    "underretning-kvittering",
    "underretning-vurdering",
    "bfu-afslutning",
    "opfoelgning-foerste",
    "opfoelgning-loebende",
    "tilsynsbesoeg",
    "barnets-plan-anbringelse",
    "barnets-plan-stoette",
    "boernesamtale-foer-afgoerelse",
    "ungestoette-afgoerelse",
    "klage-genvurdering",
    "aktindsigt-svar",
)


def test_same_seed_same_caseload_other_seed_other() -> None:
    assert dump_caseload(demo_caseload(40, seed=5)) == dump_caseload(demo_caseload(40, seed=5))
    assert dump_caseload(demo_caseload(40, seed=5)) != dump_caseload(demo_caseload(40, seed=6))


def test_case_i_does_not_depend_on_size() -> None:
    small = demo_caseload(10, seed=3, n_caseworkers=4)
    large = demo_caseload(50, seed=3, n_caseworkers=4)
    assert small.cases == large.cases[:10]


@pytest.mark.parametrize("n", [1, 120, 2000])
def test_every_case_survives_validation_round_trip(n: int) -> None:
    caseload = demo_caseload(n)
    assert len(caseload.cases) == n
    assert len({c.case_id for c in caseload.cases}) == n
    for case in caseload.cases:
        assert case_from_mapping(case_to_mapping(case)) == case


def test_cpr_numbers_match_birth_date_and_fail_modulus_11() -> None:
    for case in demo_caseload(2000).cases:
        cpr = case.child.cpr
        assert cpr is not None
        digits = cpr.reveal()
        assert cpr.matches(case.child.birth_date)
        assert sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11 != 0


def test_dates_not_after_as_of_and_references_valid() -> None:
    caseload = demo_caseload(1000)
    children = {c.child.id for c in caseload.cases}
    workers = {w.id: w for w in caseload.caseworkers}
    teams = {t.id for t in caseload.teams}
    for case in caseload.cases:
        assert all(e.day <= DEMO_AS_OF for e in case.events)
        assert set(case.child.siblings) <= children
        assert case.caseworker in workers
        assert workers[case.caseworker].team in teams
        assert case.child.birth_date < case.opened  # type: ignore[operator]
        ids = {e.id for e in case.events}
        assert all(e.ref in ids for e in case.events if e.ref is not None)


def test_both_law_versions_appear() -> None:
    laws = Counter(d.law for case in demo_caseload(300).cases for d in deadlines(case, DEMO_AS_OF))
    assert laws["SEL"] > 0
    assert laws["BL"] > 0


def test_no_lapses_means_every_municipal_deadline_met() -> None:
    for case in demo_caseload(1500, lapse_rate=0.0).cases:
        for d in deadlines(case, DEMO_AS_OF):
            if d.obligor == "kommune":
                assert d.status not in (Status.OVERDUE, Status.MET_LATE), (
                    case.case_id,
                    d.explanation,
                )


def test_full_lapses_give_failures_of_every_kind() -> None:
    failed = Counter(
        d.rule_id
        for case in demo_caseload(1500, lapse_rate=1.0).cases
        for d in deadlines(case, DEMO_AS_OF)
        if d.obligor == "kommune" and d.status in (Status.OVERDUE, Status.MET_LATE)
    )
    for rule_id in DEADLINE_RULES:
        assert failed[rule_id] > 0, rule_id


def test_iterator_streams_the_same_cases() -> None:
    caseload = demo_caseload(30, seed=9)
    streamed = list(iter_demo_cases(30, 9, caseworkers=caseload.caseworkers))
    assert tuple(streamed) == caseload.cases


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lapse_rate"):
        list(iter_demo_cases(1, lapse_rate=2.0))
    with pytest.raises(ValueError, match="0 eller mere"):
        list(iter_demo_cases(-1))


def test_some_children_are_siblings_and_some_have_disabilities() -> None:
    cases = demo_caseload(200).cases
    assert sum(1 for c in cases if c.child.siblings) >= 20
    assert 20 <= sum(1 for c in cases if c.child.disability) <= 80
    assert date(2021, 1, 1) <= min(c.opened for c in cases if c.opened)  # type: ignore[type-var]
