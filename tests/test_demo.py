"""The synthetic demo caseload: reproducible, valid, never real, lapses on demand."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boernesag.caseio import case_from_mapping, case_to_mapping, dump_caseload
from boernesag.deadlines import Status, deadlines
from boernesag.demo import (
    DEMO_AS_OF,
    DISTRICTS,
    TEAMS,
    _months,
    demo_caseload,
    demo_caseworkers,
    fake_cpr,
    iter_demo_cases,
)
from boernesag.model import ACTIVITY_TYPES, Case, Caseload, EventType
from boernesag.periods import COPENHAGEN, add_months, age_on, birthday, date_of_age

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

#: The municipality's statutory deadlines the lapses touch.
MUNICIPAL_RULES = (
    "underretning-vurdering",
    "underretning-kvittering",
    "bfu-afslutning",
    "barnets-plan-stoette",
    "barnets-plan-anbringelse",
    "opfoelgning-foerste",
    "opfoelgning-loebende",
    "tilsynsbesoeg",
    "boernesamtale-foer-afgoerelse",
    "ungestoette-afgoerelse",
    "klage-genvurdering",
    "aktindsigt-svar",
)
LAPSED = (Status.OVERDUE, Status.MET_LATE)


def mod11(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11


@pytest.fixture(scope="module")
def big() -> Caseload:
    return demo_caseload(5000)


@pytest.fixture(scope="module")
def clean() -> Caseload:
    return demo_caseload(2000, seed=7, lapse_rate=0.0)


@pytest.fixture(scope="module")
def lapsed() -> Caseload:
    return demo_caseload(1500, seed=7, lapse_rate=1.0)


def lapses(case: Case, as_of: date = DEMO_AS_OF) -> list[str]:
    return [
        d.rule_id
        for d in deadlines(case, as_of)
        if d.obligor == "kommune" and d.status in LAPSED and d.rule_id in MUNICIPAL_RULES
    ]


def longest_gap(case: Case, as_of: date) -> int:
    """Longest stretch in days without casework while the case was open (BDO's (Randers 2016) "huller")."""
    end = case.closed or as_of
    days = sorted(
        {
            e.day
            for e in case.events
            if e.type in ACTIVITY_TYPES and e.type != EventType.SAGSBEHANDLER_TILDELT
        }
    )
    points = [case.opened, *days, end]
    return max((b - a).days for a, b in itertools.pairwise(points))  # type: ignore[operator]


# --------------------------------------------------------------------------- reproducibility


def test_same_seed_same_caseload_other_seed_other() -> None:
    assert dump_caseload(demo_caseload(40, seed=5)) == dump_caseload(demo_caseload(40, seed=5))
    assert dump_caseload(demo_caseload(40, seed=5)) != dump_caseload(demo_caseload(40, seed=6))
    assert demo_caseload(40, seed=5).cases != demo_caseload(40, seed=6).cases


def test_same_caseload_in_another_process_with_other_hash_seed() -> None:
    code = (
        "import hashlib; from boernesag.demo import demo_caseload; "
        "from boernesag.caseio import dump_caseload; "
        "print(hashlib.sha256(dump_caseload(demo_caseload(25)).encode()).hexdigest())"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    here = hashlib.sha256(dump_caseload(demo_caseload(25)).encode()).hexdigest()
    assert out.stdout.strip() == here


def test_smaller_caseload_is_a_prefix_of_a_larger_one() -> None:
    small = demo_caseload(10, seed=3, n_caseworkers=4)
    large = demo_caseload(60, seed=3, n_caseworkers=4)
    assert small.caseworkers == large.caseworkers
    for a, b in zip(small.cases, large.cases[:10], strict=True):
        assert (a.case_id, a.events, a.team, a.district) == (
            b.case_id,
            b.events,
            b.team,
            b.district,
        )
        assert a.child.birth_date == b.child.birth_date
        assert a.child.cpr == b.child.cpr
        # Siblings beyond the tenth child are left out of the small caseload.
        assert set(a.child.siblings) == set(b.child.siblings) & {c.child.id for c in small.cases}


def test_iterator_streams_the_caseload_lazily() -> None:
    caseload = demo_caseload(30, seed=9)
    stream = iter_demo_cases(30, 9)
    assert not isinstance(stream, list | tuple)
    assert tuple(stream) == caseload.cases
    given_workers = tuple(iter_demo_cases(30, 9, caseworkers=caseload.caseworkers))
    assert given_workers == caseload.cases
    # Nothing is built ahead: the first of a million cases comes at once.
    million = iter_demo_cases(10**6, 9, caseworkers=caseload.caseworkers)
    assert next(million) == caseload.cases[0]


# --------------------------------------------------------------------------- sizes and shape


@pytest.mark.parametrize("n", [0, 1, 120])
def test_sizes(n: int) -> None:
    caseload = demo_caseload(n)
    assert len(caseload.cases) == n
    assert [c.child.id for c in caseload.cases] == [f"B-{i:05d}" for i in range(1, n + 1)]
    assert len(caseload.caseworkers) == max(3, n // 22)
    assert {t.kind for t in caseload.teams} == {
        "modtage",
        "undersoegelse",
        "foranstaltning",
        "handicap",
    }


def test_5000_cases_with_ids_staff_and_spread(big: Caseload) -> None:
    cases = big.cases
    assert len(cases) == 5000
    assert len(big.caseworkers) == 5000 // 22
    assert len({c.case_id for c in cases}) == 5000
    for i, case in enumerate(cases, 1):
        assert case.child.id == f"B-{i:05d}"
        assert re.fullmatch(rf"K-20(2[1-5])-{i:05d}", case.case_id)
        assert case.case_id[2:6] == str(case.opened.year)  # type: ignore[union-attr]
    assert 0.20 <= sum(c.child.disability for c in cases) / 5000 <= 0.30
    assert {c.district for c in cases} == set(DISTRICTS)
    assert Counter(c.case_id[2:6] for c in cases).keys() == {"2021", "2022", "2023", "2024", "2025"}
    assert sum(1 for c in cases if c.closed) > 500
    assert sum(1 for c in cases if not c.closed) > 2500


def test_caseworkers_have_capacity_competences_and_teams() -> None:
    workers, teams = demo_caseworkers(40, seed=1)
    assert teams == TEAMS
    assert [w.id for w in workers] == [f"CW-{i:03d}" for i in range(1, 41)]
    team_ids = {t.id for t in teams}
    for w in workers:
        assert w.team in team_ids
        assert w.district in DISTRICTS
        assert w.experience is not None
        assert w.hours is not None
        assert w.capacity is not None
        full_time = 20 + min(w.experience, 10)
        assert w.capacity == pytest.approx(full_time * w.hours / 37, abs=0.25)
        assert "BL 32" in w.competences
        assert w.competences <= {
            "BL 32",
            "BL 46",
            "BL 47",
            "BL 86",
            "handicap",
            "anbringelse",
            "unge",
            "bevillingskompetence",
        }
        if w.team == "T-handicap":
            assert "handicap" in w.competences
        if "bevillingskompetence" in w.competences:
            assert w.experience >= 3
    assert Counter(w.team for w in workers)["T-foranstaltning"] == 16
    # Worker i does not depend on how many are asked for.
    assert demo_caseworkers(10, seed=1)[0] == workers[:10]


# --------------------------------------------------------------------------- validity


def test_every_case_survives_validation_round_trip(big: Caseload) -> None:
    for case in big.cases:
        assert case_from_mapping(case_to_mapping(case)) == case


def test_event_ids_follow_time_and_refs_exist(big: Caseload) -> None:
    for case in big.cases:
        assert [e.id for e in case.timeline] == [f"E{k}" for k in range(1, len(case.events) + 1)]
        ids = {e.id for e in case.events}
        for e in case.events:
            assert e.date is not None or e.at is not None
            if e.ref is not None:
                assert e.ref in ids
                target = case.event(e.ref)
                assert target.day <= e.day
        for e in case.of_type(EventType.UNDERRETNING_VURDERET, EventType.KVITTERING_SENDT):
            assert case.event(e.ref).type == EventType.UNDERRETNING  # type: ignore[arg-type]
        for e in case.of_type(EventType.KLAGE_MODTAGET):
            assert case.event(e.ref).type == EventType.AFGOERELSE  # type: ignore[arg-type]


def test_cpr_numbers_match_birth_date_and_fail_modulus_11(big: Caseload) -> None:
    numbers = set()
    for case in big.cases:
        cpr = case.child.cpr
        assert cpr is not None
        digits = cpr.reveal()
        assert re.fullmatch(r"\d{10}", digits)
        assert digits[:6] == case.child.birth_date.strftime("%d%m%y")
        assert cpr.matches(case.child.birth_date)
        assert mod11(digits) != 0
        # The CPR office's numbers without modulus 11 are for 1 January births (cpr.dk).
        assert (case.child.birth_date.month, case.child.birth_date.day) != (1, 1)
        numbers.add(digits)
    assert len(numbers) == len(big.cases)


@given(st.dates(date(1900, 1, 1), date(2057, 12, 31)), st.integers(0, 2**32))
def test_fake_cpr_always_fails_modulus_11(birth: date, seed: int) -> None:
    import random

    cpr = fake_cpr(birth, random.Random(seed))
    assert cpr.matches(birth)
    assert mod11(cpr.reveal()) != 0


def test_dates_lie_before_as_of_and_children_are_under_18(big: Caseload) -> None:
    for case in big.cases:
        birth = case.child.birth_date
        assert birthday(birth, 18) > DEMO_AS_OF
        assert date(2021, 1, 1) <= case.opened <= DEMO_AS_OF  # type: ignore[operator]
        assert birth < case.opened  # type: ignore[operator]
        assert all(e.day <= DEMO_AS_OF for e in case.events)
        assert all(e.meddelt is None or e.meddelt <= DEMO_AS_OF for e in case.events)


def test_other_as_of() -> None:
    as_of = date(2024, 3, 31)
    caseload = demo_caseload(300, seed=4, as_of=as_of)
    for case in caseload.cases:
        assert all(e.day <= as_of for e in case.events)
        assert birthday(case.child.birth_date, 18) > as_of
        assert case.opened >= date(2020, 1, 1)  # type: ignore[operator]


def test_ages_near_the_transition_birthdays(big: Caseload) -> None:
    ages = [age_on(c.child.birth_date, DEMO_AS_OF) for c in big.cases]
    assert min(ages) == 0
    assert max(ages) == 17
    days_to: Counter[str] = Counter()
    for c in big.cases:
        birth = c.child.birth_date
        for label, day in (
            ("16", birthday(birth, 16)),
            ("17½", date_of_age(birth, 17, 6).due),
            ("18", birthday(birth, 18)),
        ):
            if abs((day - DEMO_AS_OF).days) <= 120:
                days_to[label] += 1
    assert days_to["16"] >= 100
    assert days_to["17½"] >= 100
    assert days_to["18"] >= 100


def test_both_law_versions_appear(big: Caseload) -> None:
    # Serviceloven paragraphs on events before 2024 only, Barnets Lov from 2024.
    for case in big.cases:
        for e in case.events:
            if e.paragraph is not None:
                assert e.paragraph.law == ("BL" if e.day >= date(2024, 1, 1) else "SEL")
    decisions = [d for c in big.cases[:1000] for d in c.decisions if d.paragraph is not None]
    names = {str(d.paragraph) for d in decisions}
    assert {"BL 32", "BL 46", "BL 47", "SEL 52 stk. 3 nr. 7", "SEL 58"} <= names
    assert {"SEL 52", "SEL 52 stk. 3 nr. 3"} & names
    laws = Counter(d.law for case in big.cases[:300] for d in deadlines(case, DEMO_AS_OF))
    assert laws["SEL"] > 100
    assert laws["BL"] > 100


def test_timelines_have_what_the_brief_lists(big: Caseload) -> None:
    types = Counter(e.type for c in big.cases for e in c.events)
    # The demo does not yet record payments and recalculations of cash benefits (issue 13).
    cash = {EventType.UDBETALING, EventType.GENBEREGNING}
    assert set(types) >= set(EventType) - {EventType.LEDELSESTILSYN} - cash
    decisions = [e for c in big.cases for e in c.of_type(EventType.AFGOERELSE)]
    assert Counter(e.outcome for e in decisions).keys() == {"bevilget", "afslag"}
    assert any(e.boernesamtale_undtagelse for e in decisions)
    assert any(e.meddelt is not None for e in decisions)
    assert any(e.extra.get("barnets_plan") is True for e in decisions)
    assert any(e.extra.get("barnets_plan") is False for e in decisions)
    followups = [e for c in big.cases for e in c.of_type(EventType.OPFOELGNING)]
    assert Counter(e.interval_months for e in followups).keys() >= {None, 3, 6}
    notices = [e for c in big.cases for e in c.of_type(EventType.UNDERRETNING)]
    assert all(n.at is not None and n.professional is not None for n in notices)
    assert {n.professional for n in notices} == {True, False}
    assert any(n.extra.get("anonymous") for n in notices)
    closings = [e for c in big.cases for e in c.of_type(EventType.SAG_LUKKET)]
    assert any(e.reason for e in closings)
    assert any(not e.reason for e in closings)
    assert any(not c.decisions and c.closed for c in big.cases)  # closed without a decision


def test_timestamps_carry_copenhagen_offsets_or_are_naive(big: Caseload) -> None:
    kinds: Counter[str] = Counter()
    for case in big.cases[:2000]:
        for e in case.events:
            if e.at is None:
                continue
            if e.at.tzinfo is None:
                kinds["naive"] += 1
                assert not 2 <= e.at.hour < 3  # never a wall time that DST skips or repeats
            else:
                offset = e.at.utcoffset()
                kinds[str(offset)] += 1
                assert offset == e.at.astimezone(COPENHAGEN).utcoffset()
    assert kinds["naive"] > 0
    assert kinds["1:00:00"] > 0
    assert kinds["2:00:00"] > 0


def test_siblings_are_existing_children_with_a_case_each(big: Caseload) -> None:
    children = {c.child.id: c for c in big.cases}
    sizes: Counter[int] = Counter()
    for case in big.cases:
        sibs = case.child.siblings
        assert case.child.id not in sibs
        for s in sibs:
            other = children[s]
            assert case.child.id in other.child.siblings
            assert set(other.child.siblings) | {s} == set(sibs) | {case.child.id}
            assert other.case_id != case.case_id
            assert other.district == case.district
        sizes[len(sibs) + 1] += 1
    assert sizes[2] > 0
    assert sizes[3] > 0
    assert 0.1 <= (sizes[2] + sizes[3]) / len(big.cases) <= 0.4


def test_caseworker_references_are_valid(big: Caseload) -> None:
    workers = {w.id: w for w in big.caseworkers}
    teams = {t.id: t for t in big.teams}
    for case in big.cases:
        assert case.caseworker in workers
        assert case.team == workers[case.caseworker].team
        assert case.team in teams
        assert case.district in DISTRICTS
        first = case.timeline[0]
        assert first.type == EventType.SAGSBEHANDLER_TILDELT
        for e in case.of_type(EventType.SAGSBEHANDLER_TILDELT):
            assert e.caseworker in workers
            assert e.team == workers[e.caseworker].team
        if case.child.disability:
            assert case.team == "T-handicap"
    load = Counter(c.caseworker for c in big.cases)
    assert set(load) <= set(workers)
    busiest = load.most_common(1)[0][0]
    assert len(big.cases_of(busiest)) == load[busiest]  # type: ignore[arg-type]
    # The case moves from the modtage- to the undersøgelses- and foranstaltningsteam.
    moves = Counter(
        tuple(e.team for e in c.of_type(EventType.SAGSBEHANDLER_TILDELT))[:3]
        for c in big.cases
        if not c.child.disability
    )
    assert moves[("T-modtage", "T-undersoegelse", "T-foranstaltning")] > 500


def test_three_caseworkers_cover_all_cases() -> None:
    caseload = demo_caseload(40, n_caseworkers=3, seed=2)
    assert {c.caseworker for c in caseload.cases} <= {w.id for w in caseload.caseworkers}


# --------------------------------------------------------------------------- lapses


def test_no_lapses_means_every_municipal_deadline_met(clean: Caseload) -> None:
    for case in clean.cases:
        for d in deadlines(case, DEMO_AS_OF):
            if d.obligor == "kommune":
                assert d.status not in LAPSED, (case.case_id, d.rule_id, d.explanation)


def test_clean_cases_have_no_waits_holes_or_closing_without_reason(clean: Caseload) -> None:
    for case in clean.cases:
        assert longest_gap(case, DEMO_AS_OF) <= 90, case.case_id
        for m in case.measures:
            if m.decided_on is not None and m.start is not None:
                assert (m.start - m.decided_on).days <= 30
        for e in case.of_type(EventType.SAG_LUKKET):
            assert e.reason
        for dec in case.decisions:
            assert (dec.partshoering, dec.begrundelse, dec.klagevejledning) == (True, True, True)


def test_full_lapses_give_failures_of_every_kind(lapsed: Caseload) -> None:
    per_case = [lapses(c) for c in lapsed.cases]
    failed = Counter(r for rules in per_case for r in rules)
    for rule_id in MUNICIPAL_RULES:
        assert failed[rule_id] > 0, rule_id
    assert sum(1 for rules in per_case if rules) / len(per_case) > 0.7
    assert sum(1 for c in lapsed.cases if longest_gap(c, DEMO_AS_OF) > 90) > 50
    waits = [
        (m.start - m.decided_on).days
        for c in lapsed.cases
        for m in c.measures
        if m.decided_on is not None and m.start is not None
    ]
    assert max(waits) > 90
    assert any(
        not (d.partshoering and d.begrundelse and d.klagevejledning)
        for c in lapsed.cases
        for d in c.decisions
    )
    assert any(e.type == EventType.FORELOEBIG_VURDERING for c in lapsed.cases for e in c.events)


def test_lapse_rate_is_the_share_of_cases_with_lapses() -> None:
    caseload = demo_caseload(600, seed=21, lapse_rate=0.3)
    share = sum(1 for c in caseload.cases if lapses(c)) / len(caseload.cases)
    assert 0.12 <= share <= 0.36


def test_same_decision_taken_twice_after_a_change(lapsed: Caseload) -> None:
    found = 0
    for case in lapsed.cases:
        decisions = [d for d in case.decisions if d.measure == "M1" and d.outcome == "bevilget"]
        changes = [e.day for e in case.of_type(EventType.SAGSBEHANDLER_TILDELT)]
        if len(decisions) >= 2 and any(decisions[0].date < c < decisions[1].date for c in changes):
            found += 1
    assert found > 5


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_cases": -1}, "antallet af sager"),
        ({"lapse_rate": 1.5}, "lapse_rate"),
        ({"lapse_rate": -0.1}, "lapse_rate"),
        ({"n_caseworkers": 0}, "n_caseworkers"),
    ],
)
def test_bad_arguments(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        demo_caseload(**kwargs)  # type: ignore[arg-type]
    if "n_cases" not in kwargs:
        with pytest.raises(ValueError, match=message):
            iter_demo_cases(5, **kwargs)  # type: ignore[arg-type]


@given(st.dates(date(2015, 1, 1), date(2030, 12, 31)), st.integers(-30, 30))
def test_month_arithmetic_agrees_with_periods(day: date, months: int) -> None:
    assert _months(day.toordinal(), months) == add_months(day, months).due.toordinal()


def test_a_late_assessment_is_late_in_elapsed_hours() -> None:
    # Spot-check the hour rule across DST: assessments within 24 h are met in clean cases.
    caseload = demo_caseload(400, seed=31, lapse_rate=0.0)
    pairs = [
        (case.event(e.ref), e)  # type: ignore[arg-type]
        for case in caseload.cases
        for e in case.of_type(EventType.UNDERRETNING_VURDERET)
        if e.at is not None
    ]
    assert pairs
    for notice, assessed in pairs:
        assert isinstance(notice.at, datetime)
        assert isinstance(assessed.at, datetime)
        start = notice.at if notice.at.tzinfo else notice.at.replace(tzinfo=COPENHAGEN)
        hours = (assessed.at - start).total_seconds() / 3600
        assert 0 < hours <= 24
