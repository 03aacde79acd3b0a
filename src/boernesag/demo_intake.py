"""The demo's intake: new cases that came in during the last two weeks and await a caseworker.

Every case of :func:`~boernesag.demo.demo_caseload` has a caseworker, so distributing "the new
cases" had nothing to do on it. :func:`demo_intake` adds what a municipality's
modtageteam finds on a Monday: new underretninger (BL § 133) and applications (an ansøgning,
e.g. for a child with a disability, BL § 86), received in the two weeks before ``as_of``,
assessed and acknowledged (BL §§ 136, 138) and not yet given to a caseworker. Some of the
children have a sibling who already has a case (the siblings principle then points to that
caseworker, Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«); some are siblings
of each other; a few are 17 and need the ``unge`` competence.

The intake is a separate, deterministic set: the demo caseload itself, which every other
command's demo output is built from, does not change. ``boernesag allocate --demo`` adds it.
Nothing here is real (see :mod:`boernesag.demo`: CPR numbers fail the modulus-11 check).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

import attrs

from boernesag.demo import DEMO_AS_OF, DISTRICTS, fake_cpr
from boernesag.model import Case, Caseload, Child, Event, EventType

__all__ = ["demo_intake", "with_intake"]

_TZ = timezone(timedelta(hours=2))  # summer time: the demo's intake weeks are in June


def _weekday_back(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _birth(rng: random.Random, as_of: date, age: int) -> date:
    born = date(as_of.year - age - 1, 1, 2) + timedelta(days=rng.randrange(360))
    return born if born.month != 1 or born.day != 1 else born + timedelta(days=1)


def demo_intake(
    caseload: Caseload, n: int | None = None, *, seed: int = 2024, as_of: date = DEMO_AS_OF
) -> tuple[Case, ...]:
    """``n`` new cases (default: one per ten cases of ``caseload``, at least 6) awaiting a caseworker.

    About two in three start with an underretning (in the modtageteam), the rest with an
    application (a child with a disability in the handicap team). Every third is a sibling of
    a child of ``caseload`` with an open case; the last two are siblings of each other.
    The same arguments always give the same cases; every event lies on or before ``as_of``.
    """
    count = max(6, len(caseload.cases) // 10) if n is None else n
    if count < 0:
        raise ValueError(f"antallet af nye sager skal være ≥ 0, ikke {count!r}")
    rng = random.Random(f"boernesag.demo.intake:{seed}")
    open_children = [c for c in caseload.cases if c.is_open_on(as_of)]
    teams = {t.kind: t.id for t in caseload.teams}
    out: list[Case] = []
    for k in range(count):
        received = _weekday_back(as_of - timedelta(days=rng.randrange(1, 14)))
        application = rng.random() < 0.35
        disability = application or rng.random() < 0.08
        age = 17 if k % 7 == 6 else rng.randrange(0, 16)
        siblings: tuple[str, ...] = ()
        district = DISTRICTS[rng.randrange(len(DISTRICTS))]
        if k % 3 == 1 and open_children:
            sibling = open_children[rng.randrange(len(open_children))]
            siblings = (sibling.child.id,)
            district = sibling.district or district
        if count >= 2 and k == count - 1:
            siblings = (*siblings, out[-1].child.id)
            district = out[-1].district or district
        at = datetime.combine(received, time(9 + rng.randrange(6), 5 * rng.randrange(12)), _TZ)
        if application:
            events = [Event(id="E1", type=EventType.ANSOEGNING, date=received)]
        else:
            events = [
                Event(
                    id="E1",
                    type=EventType.UNDERRETNING,
                    date=received,
                    at=at,
                    professional=rng.random() < 0.65,
                ),
                Event(
                    id="E2",
                    type=EventType.UNDERRETNING_VURDERET,
                    date=received,
                    at=at + timedelta(hours=2),
                    ref="E1",
                ),
            ]
        ack = received + timedelta(days=1 if received.weekday() < 4 else 3)
        if ack <= as_of:
            events.append(
                Event(id=f"E{len(events) + 1}", type=EventType.KVITTERING_SENDT, date=ack, ref="E1")
            )
        birth = _birth(rng, as_of, age)
        child = Child(
            id=f"B-NY-{k + 1:03d}",
            birth_date=birth,
            cpr=fake_cpr(birth, rng),
            siblings=siblings,
            disability=disability,
        )
        kind = "handicap" if disability and "handicap" in teams else "modtage"
        out.append(
            Case(
                case_id=f"NY-{received.year}-{k + 1:03d}",
                child=child,
                events=tuple(events),
                team=teams.get(kind),
                district=district,
            )
        )
    return tuple(out)


def with_intake(caseload: Caseload, *, seed: int = 2024, as_of: date = DEMO_AS_OF) -> Caseload:
    """``caseload`` with :func:`demo_intake`'s new cases added after its own."""
    return attrs.evolve(
        caseload, cases=caseload.cases + demo_intake(caseload, seed=seed, as_of=as_of)
    )
