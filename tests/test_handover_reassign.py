"""Reassignment: new caseload with sagsbehandler_tildelt events, packages, window warnings.

Hypothesis: over random caseloads no case is lost or duplicated, only the chosen cases get
exactly one new event with a unique id, and every deadline in the window is warned about.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from boernesag.deadlines import Status, deadlines
from boernesag.errors import BoernesagError
from boernesag.handover import HandoverKind, HandoverSettings, assignment_event_id, reassign
from boernesag.model import Case, Caseload, Caseworker, Child, Event, EventType
from boernesag.paragraphs import Paragraph
from test_handover import AS_OF, CASELOAD, K1, K2, K3, K4, K5


def test_reassign_all_to_one() -> None:
    r = reassign(CASELOAD, "CW-A", to="CW-B", on=AS_OF, reason="sygdom", audit=False)
    new = r.caseload
    assert new is not CASELOAD
    assert [c.case_id for c in new.cases] == ["K1", "K2", "K3", "K4", "K5"]
    assert [(m.case_id, m.to_caseworker, m.event_id) for m in r.moves] == [
        ("K1", "CW-B", "E-H-2025-03-03-1"),
        ("K2", "CW-B", "E-H-2025-03-03-1"),
        ("K3", "CW-B", "E-H-2025-03-03-1"),
    ]
    for cid in ("K1", "K2", "K3"):
        case = new.case(cid)
        assert case.caseworker_on(AS_OF) == "CW-B"
        assert len(case.events) == len(CASELOAD.case(cid).events) + 1
        event = case.event("E-H-2025-03-03-1")
        assert event.type == EventType.SAGSBEHANDLER_TILDELT
        assert (event.date, event.caseworker, event.team) == (AS_OF, "CW-B", "T1")
        assert event.reason == "overdragelse: sygdom"
        assert event.note == "overdraget fra CW-A"
    # Untouched: another caseworker's case, and CW-A's closed case.
    assert new.case("K4") is K4
    assert new.case("K5") is K5
    # The input caseload is frozen and unchanged.
    assert CASELOAD.case("K1") is K1
    assert K1.caseworker_on(AS_OF) == "CW-A"
    # The receiver's team becomes the case's team (K2 was T-handicap).
    assert new.case("K2").team == "T1"
    assert r.receivers == ("CW-B",)
    package = r.package("CW-B")
    assert package.kind == HandoverKind.UNPLANNED_CASELOAD
    assert package.from_caseworker == "CW-A"
    assert package.to_caseworker == "CW-B"
    assert set(package.case_ids) == {"K1", "K2", "K3"}
    assert {row.caseworker for row in package.sagsliste.rows} == {"CW-B"}
    assert [(w.kind, w.case_id, w.deadline.rule_id) for w in r.warnings] == [
        ("overdue", "K1", "opfoelgning-loebende"),
        ("window", "K2", "opfoelgning-loebende"),
    ]
    assert all(w.from_caseworker == "CW-A" and w.to_caseworker == "CW-B" for w in r.warnings)
    assert "CW-B skal handle straks" in r.warnings[0].text()


def test_reassign_by_mapping_keeps_the_rest() -> None:
    r = reassign(
        CASELOAD,
        "CW-A",
        to={"K2": "CW-C", "K1": "CW-B"},
        on=date(2025, 3, 10),
        as_of=AS_OF,
        audit=False,
    )
    assert [(m.case_id, m.to_caseworker) for m in r.moves] == [("K1", "CW-B"), ("K2", "CW-C")]
    assert r.kept == ("K3",)
    assert r.caseload.case("K3") is K3
    assert r.receivers == ("CW-B", "CW-C")
    assert r.package("CW-C").case_ids == ("K2",)
    assert r.package("CW-C").kind == HandoverKind.PLANNED_CASE
    assert r.caseload.case("K2").team == "T-handicap"
    with pytest.raises(KeyError):
        r.package("CW-A")


def test_event_ids_do_not_collide() -> None:
    taken = attrs.evolve(
        K3,
        events=(
            *K3.events,
            Event(id="E-H-2025-03-03-1", type=EventType.KONTAKT, date=date(2025, 3, 1)),
            Event(id="E-H-2025-03-03-2", type=EventType.KONTAKT, date=date(2025, 3, 2)),
        ),
    )
    assert assignment_event_id(taken, AS_OF) == "E-H-2025-03-03-3"
    r = reassign(Caseload(cases=(taken,)), "CW-A", to="CW-B", on=AS_OF, audit=False)
    assert r.moves[0].event_id == "E-H-2025-03-03-3"
    # Reassigning twice on one day gives two distinct ids.
    again = reassign(r.caseload, "CW-B", to="CW-A", on=AS_OF, audit=False)
    assert again.moves[0].event_id == "E-H-2025-03-03-4"
    assert again.caseload.cases[0].caseworker_on(AS_OF) == "CW-A"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"to": "CW-A"}, "fra CW-A til CW-A"),
        ({"to": "CW-Q"}, "ukendt modtagende sagsbehandler: CW-Q"),
        ({"to": {"K4": "CW-B"}}, "sag K4 er ikke en åben sag hos CW-A"),
        ({"to": "CW-B", "cases": ["K5"]}, "sag K5 er ikke en åben sag hos CW-A"),
        ({"to": "CW-B", "reason": "ferie"}, "ukendt årsag"),
    ],
)
def test_reassign_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(BoernesagError, match=message):
        reassign(CASELOAD, "CW-A", on=AS_OF, audit=False, **kwargs)  # type: ignore[arg-type]


def test_inactive_receiver_is_refused() -> None:
    load = attrs.evolve(
        CASELOAD, caseworkers=(Caseworker("CW-A"), Caseworker("CW-B", active=False))
    )
    with pytest.raises(BoernesagError, match="CW-B er ikke aktiv"):
        reassign(load, "CW-A", to="CW-B", on=AS_OF)


def test_window_days_override() -> None:
    r = reassign(CASELOAD, "CW-A", to="CW-B", on=AS_OF, window_days=30, audit=False)
    assert [(w.kind, w.case_id, w.deadline.rule_id) for w in r.warnings] == [
        ("overdue", "K1", "opfoelgning-loebende"),
        ("window", "K2", "opfoelgning-loebende"),
        ("window", "K2", "klage-genvurdering"),
    ]
    r0 = reassign(CASELOAD, "CW-A", to="CW-B", on=AS_OF, window_days=0, audit=False)
    assert [w.kind for w in r0.warnings] == ["overdue"]


def test_caseload_without_caseworker_list_accepts_any_receiver() -> None:
    load = Caseload(cases=(K1, K2))
    r = reassign(load, "CW-A", to="CW-NEW", on=AS_OF, audit=False)
    assert {c.caseworker_on(AS_OF) for c in r.caseload.cases} == {"CW-NEW"}
    assert r.caseload.case("K2").team == "T-handicap"  # no team known for the receiver


# --------------------------------------------------------------------------- Hypothesis

WORKERS = ("CW-1", "CW-2", "CW-3", "CW-4")
START = date(2024, 1, 1)


def _day(draw: st.DrawFn, low: date, high_days: int) -> date:
    return low + timedelta(days=draw(st.integers(0, high_days)))


@st.composite
def random_case(draw: st.DrawFn, index: int, on: date) -> Case:
    """A case with 0-3 assignments (mostly before ``on``), maybe a § 32 measure with
    follow-ups and a complaint near ``on`` (so deadlines fall in the window), maybe closed."""
    events: list[Event] = []
    for i in range(draw(st.integers(0, 3))):
        events.append(
            Event(
                id=f"A{i}",
                type=EventType.SAGSBEHANDLER_TILDELT,
                date=_day(draw, on - timedelta(days=400), 420),
                caseworker=draw(st.sampled_from(WORKERS)),
            )
        )
    if draw(st.booleans()):
        day = _day(draw, on - timedelta(days=200), 210)
        events += [
            Event(
                id="D",
                type=EventType.AFGOERELSE,
                date=day,
                paragraph=Paragraph.parse("BL 32"),
                measure="M",
                outcome="bevilget",
            ),
            Event(
                id="S",
                type=EventType.FORANSTALTNING_START,
                date=day + timedelta(days=draw(st.integers(0, 60))),
                measure="M",
                paragraph=Paragraph.parse("BL 32"),
            ),
        ]
        if draw(st.booleans()):
            events.append(
                Event(
                    id="F",
                    type=EventType.OPFOELGNING,
                    date=day + timedelta(days=draw(st.integers(30, 200))),
                    measure="M",
                    interval_months=draw(st.sampled_from([None, 1, 3])),
                )
            )
    if draw(st.booleans()):
        events.append(
            Event(
                id="K", type=EventType.KLAGE_MODTAGET, date=_day(draw, on - timedelta(days=40), 50)
            )
        )
    if draw(st.integers(0, 5)) == 0:
        events.append(
            Event(id="L", type=EventType.SAG_LUKKET, date=_day(draw, on - timedelta(days=300), 320))
        )
    if draw(st.booleans()):
        # The id the first reassignment on ``on`` would take: it must not be reused.
        events.append(Event(id=f"E-H-{on.isoformat()}-1", type=EventType.KONTAKT, date=START))
    birth = date(2006, 1, 1) + timedelta(days=draw(st.integers(0, 6000)))
    return Case(
        case_id=f"K{index}",
        child=Child(id=f"B{index}", birth_date=birth, disability=draw(st.booleans())),
        events=tuple(events),
    )


@st.composite
def caseload_and_day(draw: st.DrawFn) -> tuple[Caseload, date]:
    on = _day(draw, START, 560)
    cases = [draw(random_case(i, on)) for i in range(draw(st.integers(0, 6)))]
    return Caseload(cases=tuple(cases), caseworkers=tuple(Caseworker(w) for w in WORKERS)), on


@given(drawn=caseload_and_day(), data=st.data())
def test_reassign_never_loses_or_duplicates(
    drawn: tuple[Caseload, date], data: st.DataObject
) -> None:
    caseload, on = drawn
    current = sorted({c.caseworker_on(on) or "" for c in caseload.cases if c.is_open_on(on)} - {""})
    # Mostly a caseworker who has open cases on the day; sometimes anyone.
    pick = data.draw(st.integers(0, 4), label="pick")
    pool = current if current and pick else list(WORKERS)
    from_cw = data.draw(st.sampled_from(pool), label="from")
    own = [c for c in caseload.cases if c.caseworker_on(on) == from_cw and c.is_open_on(on)]
    others = [w for w in WORKERS if w != from_cw]
    event("no open cases" if not own else f"{len(own)} open case(s)")
    if not own:
        with pytest.raises(BoernesagError, match="ingen åbne sager"):
            reassign(caseload, from_cw, to=others[0], on=on, audit=False)
        return
    if data.draw(st.booleans(), label="mapping"):
        chosen = data.draw(
            st.lists(st.sampled_from([c.case_id for c in own]), unique=True, min_size=1)
        )
        to: str | dict[str, str] = {
            cid: data.draw(st.sampled_from(others), label=f"to {cid}") for cid in chosen
        }
    else:
        to = data.draw(st.sampled_from(others), label="to")
    window = data.draw(st.integers(0, 60), label="window")
    r = reassign(caseload, from_cw, to=to, on=on, audit=False, window_days=window)
    target = dict.fromkeys((c.case_id for c in own), to) if isinstance(to, str) else to

    old_ids = [c.case_id for c in caseload.cases]
    assert [c.case_id for c in r.caseload.cases] == old_ids  # nothing lost, added or reordered
    assert [m.case_id for m in r.moves] == [cid for cid in old_ids if cid in target]
    assert set(r.kept) == {c.case_id for c in own} - set(target)
    for old, new in zip(caseload.cases, r.caseload.cases, strict=True):
        if old.case_id not in target:
            assert new is old
            continue
        old_event_ids = {e.id for e in old.events}
        added = [e for e in new.events if e.id not in old_event_ids]
        assert len(new.events) == len(old.events) + 1
        assert len(added) == 1
        assert added[0].type == EventType.SAGSBEHANDLER_TILDELT
        assert len({e.id for e in new.events}) == len(new.events)
        assert new.caseworker_on(on) == target[old.case_id]
        day_before = on - timedelta(days=1)
        assert new.caseworker_on(day_before) == old.caseworker_on(day_before)
    # Each receiver gets exactly its cases in one package.
    for receiver in set(target.values()):
        package = r.package(receiver)
        assert set(package.case_ids) == {cid for cid, w in target.items() if w == receiver}
    # Every open deadline in the window is warned about, and nothing else is a window warning.
    warned = {
        (w.case_id, w.deadline.rule_id, w.deadline.trigger, w.deadline.due)
        for w in r.warnings
        if w.kind == "window"
    }
    expected = set()
    for cid in target:
        case = r.caseload.case(cid)
        for d in deadlines(case, on):
            if (
                d.status == Status.OPEN
                and d.due_date is not None
                and on <= d.due_date <= on + timedelta(days=window)
            ):
                expected.add((cid, d.rule_id, d.trigger, d.due_date))
    assert warned == expected
    event("with window warnings" if expected else "no window warnings")


def test_settings_object_window_is_used() -> None:
    r = reassign(
        CASELOAD,
        "CW-A",
        to="CW-B",
        on=AS_OF,
        settings=HandoverSettings(window_days=30),
        audit=False,
    )
    assert len([w for w in r.warnings if w.kind == "window"]) == 2
