"""The facts the audit reads instead of explanation notes (issue 16 item 4): set by the
episode block (an interim assessment, BL § 20 stk. 3) and the recurrence block (no interval
recorded, BL § 95 stk. 3), the same in both executors."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from boernesag.blocks.result import Fact, Status
from boernesag.columnar import EventTable, deadline_table
from boernesag.columnar.result import facts_bits, record_of
from boernesag.deadlines import deadlines
from boernesag.demo import demo_caseload


@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2026, 12, 1)], ids=str)
def test_both_executors_set_the_same_facts(as_of: date) -> None:
    cases = list(demo_caseload(200, seed=7, lapse_rate=0.4).cases)
    dt = deadline_table(EventTable.from_cases(cases), as_of)
    got = Counter(zip(dt.records(), dt.facts.tolist(), strict=True))
    scalar = [d for c in cases for d in deadlines(c, as_of)]
    want = Counter((record_of(d), facts_bits(d.facts)) for d in scalar)
    assert got == want
    seen = {f for d in scalar for f in d.facts}
    assert {Fact.INTERIM_PRESENT, Fact.INTERVAL_DEFAULT} <= seen  # not vacuous


def test_facts_follow_the_notes_they_replace() -> None:
    """INTERIM_PRESENT exactly when the explanation names the interim assessment (only for a
    missed deadline); INTERVAL_DEFAULT exactly when it says the default interval was used."""
    cases = list(demo_caseload(200, seed=2024, lapse_rate=0.4).cases)
    for c in cases:
        for d in deadlines(c, date(2026, 12, 1)):
            keys = {n.key for n in d.notes}
            assert (Fact.INTERIM_PRESENT in d.facts) == ("interim.present" in keys)
            if Fact.INTERIM_PRESENT in d.facts:
                assert d.status in (Status.MET_LATE, Status.OVERDUE)
            assert (Fact.INTERVAL_DEFAULT in d.facts) == ("interval.default" in keys)
