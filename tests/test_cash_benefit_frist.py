"""The sagsbehandlingsfrist (RSL § 3 stk. 2, the municipality's own published frister; rule
``sagsbehandlingsfrist`` in law/data/kommune.toml, off by default) on applications for a cash
benefit, one worked example per law version, in the scalar and the numpy executor alike.

RSL § 3, stk. 2: "Kommunalbestyrelsen skal på de enkelte sagsområder fastsætte frister for,
hvor lang tid der må gå fra modtagelsen af en ansøgning, til afgørelsen skal være truffet."
No statutory frist for merudgifter or tabt arbejdsfortjeneste was found; the periods are the
example table's (Gentofte Kommune under Serviceloven: 40 arbejdsdage for §§ 41-42; under
Barnets Lov the example table has no §§ 86-87, so the default 8 weeks applies, with a note).
"""

from __future__ import annotations

from datetime import date

import pytest

from boernesag.deadlines import Status, deadlines
from boernesag.law import default_rules
from boernesag.model import Case, Caseload, Child, Event, EventType
from boernesag.paragraphs import Paragraph

np = pytest.importorskip("numpy")

from boernesag.columnar import EventTable, deadline_table  # noqa: E402

RULE = "sagsbehandlingsfrist"


def _case(case_id: str, paragraph: str, applied: date, decided: date | None) -> Case:
    p = Paragraph.parse(paragraph)
    events = [Event(id="A1", type=EventType.ANSOEGNING, date=applied, paragraph=p)]
    if decided is not None:
        events.append(
            Event(
                id="D1",
                type=EventType.AFGOERELSE,
                date=decided,
                paragraph=p,
                measure="MU1",
                outcome="bevilget",
                ref="A1",
            )
        )
    return Case(
        case_id=case_id,
        child=Child(id=f"B-{case_id}", birth_date=date(2015, 5, 1)),
        events=tuple(events),
    )


# (case, paragraph, applied, decided, as_of, due, status)
EXAMPLES = [
    # SEL § 42: Mon 06.03.2023 + 40 arbejdsdage = Mon 01.05.2023 plus the three Easter
    # holidays (Thu 06.04, Fri 07.04, Mon 10.04.2023) = Thu 04.05.2023; decided 02.05: met.
    ("SEL-42", "SEL 42", date(2023, 3, 6), date(2023, 5, 2), date(2023, 12, 31)),
    # BL § 87: Mon 06.01.2025 + the default 8 weeks = Mon 03.03.2025; no decision by
    # 31.03.2025: overdue.
    ("BL-87", "BL 87", date(2025, 1, 6), None, date(2025, 3, 31)),
]


@pytest.mark.parametrize(
    ("case_id", "paragraph", "applied", "decided", "as_of"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_both_executors_agree(
    case_id: str, paragraph: str, applied: date, decided: date | None, as_of: date
) -> None:
    rules = default_rules().enable(RULE)
    case = _case(case_id, paragraph, applied, decided)
    dt = deadline_table(EventTable.from_cases(Caseload(cases=(case,))), as_of, rules=rules)
    assert not dt.fallback
    scalar = [d.to_dict() for d in deadlines(case, as_of, rules=rules)]
    assert [d.to_dict() for d in dt.deadlines_for(0)] == scalar


def test_serviceloven_cash_benefit_in_working_days() -> None:
    case = _case("SEL-42", "SEL 42", date(2023, 3, 6), date(2023, 5, 2))
    rules = default_rules().enable(RULE)
    (d,) = [d for d in deadlines(case, date(2023, 12, 31), rules=rules) if d.rule_id == RULE]
    assert (d.due, d.status, d.met_by) == (date(2023, 5, 4), Status.MET, "D1")


def test_barnets_lov_cash_benefit_gets_the_default_with_a_note() -> None:
    case = _case("BL-87", "BL 87", date(2025, 1, 6), None)
    rules = default_rules().enable(RULE)
    (d,) = [d for d in deadlines(case, date(2025, 3, 31), rules=rules) if d.rule_id == RULE]
    assert (d.due, d.status) == (date(2025, 3, 3), Status.OVERDUE)
    assert "ingen frist for BL 87 i kommunens tabel" in d.explanation
