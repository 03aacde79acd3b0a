"""Reassignment: new caseload with sagsbehandler_tildelt events, packages, window warnings.

Hypothesis: over random caseloads no case is lost or duplicated, only the chosen cases get
exactly one new event with a unique id, and every deadline in the window is warned about.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta, timezone

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from boernesag.caseio import dump_caseload, load_caseload
from boernesag.deadlines import Status, deadlines
from boernesag.errors import BoernesagError, CalendarRangeError
from boernesag.handover import (
    HandoverKind,
    HandoverSettings,
    assignment_event_id,
    assignment_time,
    handover,
    reassign,
)
from boernesag.model import Case, Caseload, Caseworker, Child, Event, EventType
from boernesag.paragraphs import Paragraph
from boernesag.periods import COPENHAGEN
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


# ----------------------------------------------------- same-day moves after timed assignments

#: Days of change, with both changes of summer time (the skipped and the repeated hour).
CHANGE_DAYS = (
    date(2025, 3, 3),
    date(2025, 3, 30),
    date(2025, 10, 26),
    date(2024, 12, 31),
)
OFFSETS = tuple(timezone(timedelta(hours=h)) for h in (1, 2, 0, -5, 14))


@st.composite
def assignment(draw: st.DrawFn, i: int, on: date) -> Event:
    """A sagsbehandler_tildelt on or around ``on``: date-only, or with a time (naive
    Copenhagen wall time, or aware at some offset; with or without ``date``)."""
    day = on + timedelta(days=draw(st.sampled_from([0, 0, 0, -1, 1, -30, 2])))
    worker = draw(st.sampled_from(WORKERS))
    kind = draw(st.sampled_from(["date", "naive", "aware", "aware-only"]))
    if kind == "date":
        return Event(id=f"A{i}", type=EventType.SAGSBEHANDLER_TILDELT, date=day, caseworker=worker)
    wall = datetime.combine(day, time(0)) + timedelta(
        minutes=draw(st.sampled_from([0, 1, 59, 60 * 2 + 30, 60 * 10 + 15, 60 * 24 - 1]))
        + draw(st.integers(0, 24 * 60 - 1)) * draw(st.sampled_from([0, 1])),
        seconds=draw(st.sampled_from([0, 30, 59])),
    )
    wall = min(wall, datetime.combine(day, time(23, 59, 59)))
    if kind == "naive":
        local = wall.replace(tzinfo=COPENHAGEN)
        if local.astimezone(UTC).astimezone(COPENHAGEN).replace(tzinfo=None) != wall or (
            local.utcoffset() != local.replace(fold=1).utcoffset()
        ):
            wall += timedelta(hours=2)  # out of the skipped or repeated hour
        wall = min(wall, datetime.combine(day, time(23, 59, 59)))
        return Event(
            id=f"A{i}", type=EventType.SAGSBEHANDLER_TILDELT, date=day, at=wall, caseworker=worker
        )
    at = datetime.combine(day, wall.time(), tzinfo=draw(st.sampled_from(OFFSETS)))
    local_day = at.astimezone(COPENHAGEN).date()
    return Event(
        id=f"A{i}",
        type=EventType.SAGSBEHANDLER_TILDELT,
        date=None if kind == "aware-only" else local_day,
        at=at,
        caseworker=worker,
    )


@st.composite
def timed_caseload(draw: st.DrawFn) -> tuple[Caseload, date]:
    on = draw(st.sampled_from(CHANGE_DAYS))
    cases = []
    for index in range(draw(st.integers(1, 6))):
        events = [
            Event(id="U", type=EventType.UNDERRETNING, date=on - timedelta(days=100)),
            *(draw(assignment(i, on)) for i in range(draw(st.integers(1, 4)))),
        ]
        if draw(st.booleans()):
            events.append(Event(id="C", type=EventType.KONTAKT, at=datetime(2025, 1, 2, 9, 0)))
        cases.append(
            Case(
                case_id=f"K{index}",
                child=Child(id=f"B{index}", birth_date=date(2012, 5, 1)),
                events=tuple(draw(st.permutations(events))),
            )
        )
    return Caseload(cases=tuple(cases), caseworkers=tuple(Caseworker(w) for w in WORKERS)), on


@given(drawn=timed_caseload(), data=st.data())
def test_every_reported_move_is_the_caseworker_afterwards(
    drawn: tuple[Caseload, date], data: st.DataObject
) -> None:
    caseload, on = drawn
    holders = sorted({c.caseworker_on(on) or "" for c in caseload.cases} - {""})
    if not holders:
        return
    from_cw = data.draw(st.sampled_from(holders), label="from")
    to = data.draw(st.sampled_from([w for w in WORKERS if w != from_cw]), label="to")
    r = reassign(caseload, from_cw, to=to, on=on, audit=False)
    assert r.failed == ()
    moved = {m.case_id for m in r.moves}
    assert moved == {c.case_id for c in caseload.cases if c.caseworker_on(on) == from_cw}
    event("timed assignment on the day" if any(
        e.at is not None and e.day == on and e.type is EventType.SAGSBEHANDLER_TILDELT
        for c in caseload.cases if c.case_id in moved for e in c.events
    ) else "only date-only assignments on the day")  # fmt: skip
    assert [c.case_id for c in r.caseload.cases] == [c.case_id for c in caseload.cases]
    for old, new in zip(caseload.cases, r.caseload.cases, strict=True):
        if old.case_id not in moved:
            assert new is old
            continue
        assert len(new.events) == len(old.events) + 1
        assert new.caseworker_on(on) == to
        later = any(e.type is EventType.SAGSBEHANDLER_TILDELT and e.day > on for e in old.events)
        assert new.caseworker == (old.caseworker if later else to)
        assert new.caseworker_on(on - timedelta(days=1)) == old.caseworker_on(
            on - timedelta(days=1)
        )
    for p in r.packages:
        assert {row.caseworker for row in p.sagsliste.rows} <= {to}
    # The saved caseload says the same.
    again = load_caseload(io.StringIO(dump_caseload(r.caseload)))
    for new, loaded in zip(r.caseload.cases, again.cases, strict=True):
        assert (loaded.caseworker, loaded.caseworker_on(on)) == (
            new.caseworker,
            new.caseworker_on(on),
        )


def test_a_same_day_move_comes_after_a_timed_assignment() -> None:
    on = date(2025, 3, 3)
    timed = Case(
        case_id="K",
        child=Child(id="B", birth_date=date(2015, 1, 1)),
        events=(
            Event(
                id="A",
                type=EventType.SAGSBEHANDLER_TILDELT,
                date=on,
                at=datetime(2025, 3, 3, 10, 15, 30),
                caseworker="CW-1",
            ),
        ),
    )
    r = reassign(Caseload(cases=(timed,)), "CW-1", to="CW-2", on=on, audit=False)
    new = r.caseload.cases[0]
    assert (new.caseworker, new.caseworker_on(on)) == ("CW-2", "CW-2")
    added = new.event(r.moves[0].event_id)
    assert (added.date, added.at) == (
        on,
        datetime(2025, 3, 3, 10, 16, tzinfo=timezone(timedelta(hours=1))),
    )
    assert r.package("CW-2").case_ids == ("K",)
    # Past 23:59 the time is the last instant of the day; in the skipped hour, the next hour.
    late = attrs.evolve(
        timed, events=(attrs.evolve(timed.events[0], at=datetime(2025, 3, 3, 23, 59, 10)),)
    )
    assert assignment_time(late, on) == datetime(
        2025, 3, 3, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=1))
    )
    spring = date(2025, 3, 30)
    before_gap = attrs.evolve(
        timed,
        events=(attrs.evolve(timed.events[0], date=spring, at=datetime(2025, 3, 30, 1, 59)),),
    )
    assert assignment_time(before_gap, spring) == datetime(
        2025, 3, 30, 3, 0, tzinfo=timezone(timedelta(hours=2))
    )
    # A date-only assignment on the day needs no time: the new one is appended after it.
    untimed = attrs.evolve(timed, events=(attrs.evolve(timed.events[0], at=None),))
    assert assignment_time(untimed, on) is None


def test_a_case_that_cannot_be_moved_is_listed_and_the_others_move(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import boernesag.handover.reassignment as module

    original = module._assign

    def flaky(case: Case, *args: object) -> tuple[Case, str]:
        if case.case_id == "K2":
            raise OverflowError("date value out of range")
        return original(case, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_assign", flaky)
    r = reassign(CASELOAD, "CW-A", to="CW-B", on=AS_OF, audit=False)
    assert [m.case_id for m in r.moves] == ["K1", "K3"]
    assert r.failed == (("K2", "OverflowError: date value out of range"),)
    assert r.caseload.case("K2") is K2
    assert r.package("CW-B").case_ids == ("K1", "K3") or set(r.package("CW-B").case_ids) == {
        "K1",
        "K3",
    }
    assert r.to_dict()["failed"] == [
        {"case_id": "K2", "error": "OverflowError: date value out of range"}
    ]


def test_a_failing_row_is_listed_in_the_package_and_the_others_are_computed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import boernesag.handover.core as core

    original = core.sagsliste_row

    def flaky(case: Case, *args: object, **kwargs: object) -> object:
        if case.case_id == "K1":
            raise OverflowError("date value out of range 0305121234")
        return original(case, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "sagsliste_row", flaky)
    r = reassign(CASELOAD, "CW-A", to="CW-B", on=AS_OF, audit=False)
    assert [m.case_id for m in r.moves] == ["K1", "K2", "K3"]
    assert set(r.package("CW-B").case_ids) == {"K2", "K3"}
    assert r.unlisted == (("K1", "OverflowError: date value out of range 030512-****"),)


def test_handover_and_reassign_refuse_days_outside_the_window() -> None:
    with pytest.raises(CalendarRangeError, match="9999-12-31"):
        reassign(CASELOAD, "CW-A", to="CW-B", on=date(9999, 12, 31), audit=False)
    with pytest.raises(CalendarRangeError, match="1850-01-01"):
        handover(CASELOAD, caseworker="CW-A", as_of=date(1850, 1, 1), audit=False)
