"""A synthetic municipal caseload: reproducible, any size, with deliberate lapses.

Nothing here is real. Children, caseworkers and events are drawn from a seeded random
generator; CPR numbers have the right shape and a date part that matches the birth date, but
they all **fail the modulus-11 check** so they can never be a real person's number.

The timelines follow a case through the children's area as seeds 003 and 004 describe it:
underretning → assessment and acknowledgement → børnefaglig undersøgelse with a conversation
with the child → barnets plan → decision → measure → follow-ups, supervision visits for
placements, complaints, requests for access, caseworker changes, the transition to adulthood,
closing. ``lapse_rate`` is the share of cases with deliberate lapses of the kinds the reviews
found: late or missing BFU, late assessment or acknowledgement, missing plan or conversation,
late or missing follow-ups, long waits before a measure starts, months of inactivity after a
caseworker change, a decision taken twice, a late ungestøtte decision, a case closed without a
reason. With ``lapse_rate=0`` every statutory deadline of the generated cases is met.

Cases span 2021 to ``as_of``, so both Serviceloven (before 2024) and Barnets Lov versions of the
rules apply. Each case is generated from its own seed (``seed`` and its index), so case *i* is
the same whatever the size of the caseload, and :func:`iter_demo_cases` can stream 100,000
cases without holding them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from boernesag.calendar import default_calendar
from boernesag.cpr import Cpr
from boernesag.model import Case, Caseload, Caseworker, Child, Event, EventType, Team
from boernesag.paragraphs import Paragraph
from boernesag.periods import COPENHAGEN, add_hours, add_months, birthday

__all__ = ["DEMO_AS_OF", "demo_caseload", "demo_caseworkers", "iter_demo_cases"]

#: The default "today" of the demo caseload.
DEMO_AS_OF = date(2025, 6, 30)
_FIRST_DAY = date(2021, 1, 1)
_BL_FROM = date(2024, 1, 1)
_DISTRICTS = ("Nord", "Syd", "Øst", "Vest")
_TEAMS = (
    Team(id="T-modtage", name="Modtagelsen", kind="modtage"),
    Team(id="T-undersoegelse", name="Undersøgelsesteamet", kind="undersoegelse"),
    Team(id="T-foranstaltning", name="Foranstaltningsteamet", kind="foranstaltning"),
    Team(id="T-handicap", name="Børnehandicap", kind="handicap"),
)
_PARAGRAPHS = {
    "BL 32": Paragraph.parse("BL 32"),
    "BL 46": Paragraph.parse("BL 46"),
    "BL 47": Paragraph.parse("BL 47"),
    "SEL 52 stk. 3 nr. 3": Paragraph.parse("SEL 52 stk. 3 nr. 3"),
    "SEL 52 stk. 3 nr. 7": Paragraph.parse("SEL 52 stk. 3 nr. 7"),
    "SEL 58": Paragraph.parse("SEL 58"),
}
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def fake_cpr(birth: date, rng: random.Random) -> Cpr:
    """A CPR-shaped number for ``birth`` that fails modulus 11 (so it is never real)."""
    seventh = (
        rng.choice("4" if birth.year >= 2037 else "456789")
        if birth.year >= 2000
        else rng.choice("0123")
    )
    while True:
        digits = birth.strftime("%d%m%y") + seventh + f"{rng.randrange(1000):03d}"
        if sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11 != 0:
            return Cpr(digits=digits)


def demo_caseworkers(n: int, seed: int = 2024) -> tuple[tuple[Caseworker, ...], tuple[Team, ...]]:
    """``n`` caseworkers spread over the four teams and districts, with capacities and skills."""
    rng = random.Random(seed * 7919 + n)
    workers = []
    for i in range(n):
        team = _TEAMS[i % len(_TEAMS)]
        experience = round(rng.uniform(0.5, 20), 1)
        hours = rng.choice((37.0, 37.0, 37.0, 32.0, 30.0))
        skills: set[str] = {"BL 32"}
        if team.kind == "handicap":
            skills |= {"handicap"}
        if team.kind == "foranstaltning" or rng.random() < 0.3:
            skills |= {"anbringelse", "BL 46"}
        if rng.random() < 0.35:
            skills |= {"unge"}
        if experience >= 3:
            skills |= {"bevillingskompetence"}
        capacity = round((20 + min(experience, 10)) * hours / 37.0, 1)
        workers.append(
            Caseworker(
                id=f"CW-{i + 1:03d}",
                team=team.id,
                capacity=capacity,
                competences=frozenset(skills),
                district=_DISTRICTS[i % len(_DISTRICTS)],
                experience=experience,
                hours=hours,
                name=f"Sagsbehandler {i + 1}",
            )
        )
    return tuple(workers), _TEAMS


class _Timeline:
    """Collects the events of one case, with ids E1, E2, ... and nothing after ``as_of``."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.events: list[Event] = []

    def add(self, type_: EventType, day: date, **fields: object) -> Event | None:
        if day > self.as_of:
            return None
        event = Event(id=f"E{len(self.events) + 1}", type=type_, date=day, **fields)  # type: ignore[arg-type]
        self.events.append(event)
        return event

    def add_at(self, type_: EventType, ts: datetime, **fields: object) -> Event | None:
        if ts.astimezone(COPENHAGEN).date() > self.as_of:
            return None
        event = Event(id=f"E{len(self.events) + 1}", type=type_, at=ts, **fields)  # type: ignore[arg-type]
        self.events.append(event)
        return event


def _days(rng: random.Random, lo: int, hi: int) -> timedelta:
    return timedelta(days=rng.randint(lo, hi))


def _months(day: date, months: int) -> date:
    return add_months(day, months).due


def _one_case(
    index: int, n: int, seed: int, as_of: date, lapse_rate: float, workers: tuple[Caseworker, ...]
) -> Case:
    rng = random.Random(seed * 1_000_003 + index)
    cal = default_calendar()
    lapse = rng.random() < lapse_rate

    def slip(p: float = 0.5) -> bool:
        return lapse and rng.random() < p

    # The child and the first notice.
    age_days = rng.randint(200, int(17.9 * 365))
    birth = as_of - timedelta(days=age_days)
    earliest = max(_FIRST_DAY, birth + timedelta(days=30))
    latest = as_of - timedelta(days=20)
    start = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
    disability = rng.random() < 0.25
    pool = [w for w in workers if (w.team == "T-handicap") == disability] or list(workers)
    worker = rng.choice(pool)
    tl = _Timeline(as_of)
    tl.add(EventType.SAGSBEHANDLER_TILDELT, start, caseworker=worker.id, team=worker.team)
    received = datetime.combine(
        start, time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))), COPENHAGEN
    )
    professional = rng.random() < 0.6
    anonymous = not professional and rng.random() < 0.1
    extra = {"anonymous": True} if anonymous else {}
    if disability and rng.random() < 0.5:
        notice = tl.add(EventType.ANSOEGNING, start)
    else:
        notice = tl.add_at(EventType.UNDERRETNING, received, professional=professional, extra=extra)
        assert notice is not None
        hours = rng.randint(26, 60) if slip(0.3) else rng.randint(1, 20)
        tl.add_at(EventType.UNDERRETNING_VURDERET, add_hours(received, hours), ref=notice.id)
        if not anonymous:
            wd = rng.randint(7, 12) if slip(0.3) else rng.randint(1, 5)
            tl.add(EventType.KVITTERING_SENDT, cal.add_working_days(start, wd), ref=notice.id)
    assert notice is not None

    # The børnefaglige undersøgelse (BL § 20 stk. 3 / SEL § 50 stk. 7).
    no_bfu = slip(0.15)
    bfu_start = start + _days(rng, 2, 20)
    decision_day = bfu_start + _days(rng, 40, 100)
    if not no_bfu:
        tl.add(EventType.BFU_STARTET, bfu_start)
        talk = bfu_start + _days(rng, 5, 30)
        if not slip(0.3):
            tl.add(EventType.BOERNESAMTALE, talk)
        due = _months(start, 4)
        if slip(0.4):
            end = due + _days(rng, 10, 90)
            if rng.random() < 0.5:
                tl.add(EventType.FORELOEBIG_VURDERING, due - _days(rng, 1, 10))
        else:
            end = min(due, bfu_start + _days(rng, 45, 100))
        tl.add(EventType.BFU_AFSLUTTET, end)
        decision_day = end + _days(rng, 3, 25)
        if decision_day > due + timedelta(days=200):
            decision_day = end + _days(rng, 3, 10)

    # The decision, with the plan and the conversation before it.
    if rng.random() < 0.12 and not no_bfu:
        tl.add(
            EventType.AFGOERELSE,
            decision_day,
            outcome="afslag",
            paragraph=_PARAGRAPHS["BL 32" if decision_day >= _BL_FROM else "SEL 52 stk. 3 nr. 3"],
            partshoering=True,
            begrundelse=True,
            klagevejledning=True,
        )
        if rng.random() < 0.7:
            tl.add(EventType.SAG_LUKKET, decision_day + _days(rng, 5, 40), reason="afslag")
        return _finish(index, n, birth, disability, rng, tl, worker)
    bl = decision_day >= _BL_FROM
    placement = rng.random() < 0.3
    if placement:
        forced = rng.random() < 0.15
        key = (
            ("BL 47" if forced else "BL 46")
            if bl
            else ("SEL 58" if forced else "SEL 52 stk. 3 nr. 7")
        )
    else:
        forced = False
        key = "BL 32" if bl else "SEL 52 stk. 3 nr. 3"
    paragraph = _PARAGRAPHS[key]
    plan_before = (not bl) or forced
    # BL § 91 stk. 1: for a § 32 indsats the municipality decides whether a plan is needed.
    plan_needed = plan_before or placement or rng.random() < 0.7
    if plan_needed and not slip(0.35):
        if plan_before:
            tl.add(EventType.BARNETS_PLAN, decision_day - _days(rng, 1, 10))
        else:
            tl.add(EventType.BARNETS_PLAN, decision_day + _days(rng, 10, 80))
    if no_bfu and not slip(0.5):
        tl.add(EventType.BOERNESAMTALE, decision_day - _days(rng, 1, 20))
    fvl_ok = not slip(0.4)
    decision_extra = {"barnets_plan": plan_needed} if key == "BL 32" else {}
    decision = tl.add(
        EventType.AFGOERELSE,
        decision_day,
        paragraph=paragraph,
        outcome="bevilget",
        measure="M1",
        partshoering=True if fvl_ok else rng.choice((False, None)),
        begrundelse=bool(fvl_ok or rng.random() < 0.5),
        klagevejledning=True if fvl_ok or rng.random() < 0.5 else None,
        extra=decision_extra,
    )
    if decision is None:
        return _finish(index, n, birth, disability, rng, tl, worker)
    wait = _days(rng, 60, 200) if slip(0.3) else _days(rng, 3, 25)
    measure_start = decision_day + wait
    started = tl.add(
        EventType.FORANSTALTNING_START, measure_start, measure="M1", paragraph=paragraph
    )

    # Complaints and requests for access.
    if rng.random() < 0.1:
        complaint = tl.add(
            EventType.KLAGE_MODTAGET, decision_day + _days(rng, 5, 26), ref=decision.id
        )
        if complaint is not None:
            reassessed = complaint.day + (_days(rng, 30, 60) if slip(0.5) else _days(rng, 7, 26))
            tl.add(
                rng.choice((EventType.KLAGE_GENVURDERET, EventType.KLAGE_VIDERESENDT)),
                reassessed,
                ref=complaint.id,
            )
    if rng.random() < 0.08:
        asked = tl.add(EventType.AKTINDSIGT_ANMODET, start + _days(rng, 20, 200))
        if asked is not None:
            wd = rng.randint(9, 15) if slip(0.5) else rng.randint(2, 7)
            kind = EventType.FRISTBREV if rng.random() < 0.2 else EventType.AKTINDSIGT_BESVARET
            tl.add(kind, cal.add_working_days(asked.day, wd), ref=asked.id)

    # A change of caseworker, sometimes followed by months of inactivity ("huller", seed 004).
    gap: tuple[date, date] | None = None
    if rng.random() < 0.35 and started is not None:
        change = measure_start + _days(rng, 30, 300)
        if change < as_of:
            new = rng.choice([w for w in workers if w.id != worker.id] or list(workers))
            tl.add(EventType.SAGSBEHANDLER_TILDELT, change, caseworker=new.id, team=new.team)
            worker = new
            if slip(0.6):
                gap = (change, change + _days(rng, 100, 200))
                if rng.random() < 0.5:  # knowledge lost: the same decision taken again
                    tl.add(
                        EventType.AFGOERELSE,
                        gap[1] + _days(rng, 1, 20),
                        paragraph=paragraph,
                        outcome="bevilget",
                        measure="M1",
                        partshoering=True,
                        begrundelse=True,
                        klagevejledning=True,
                    )

    def quiet(day: date) -> bool:
        return gap is not None and gap[0] < day < gap[1]

    # Follow-ups (BL § 95 / SEL § 70) and supervision visits (BL § 156 stk. 5).
    end_day = as_of
    closes = started is not None and rng.random() < 0.15
    if closes:
        end_day = min(as_of, measure_start + _days(rng, 120, 700))
    if started is not None:
        first = measure_start + (_days(rng, 100, 160) if slip(0.4) else _days(rng, 40, 85))
        interval = rng.choice((3, 6))
        day = first
        n = 0
        while day <= end_day:
            if not quiet(day) and not (n > 0 and slip(0.15)):
                fields: dict[str, object] = {"measure": "M1"}
                if n == 0 and day >= _BL_FROM and not slip(0.4):
                    fields["interval_months"] = interval
                tl.add(EventType.OPFOELGNING, day, **fields)
            n += 1
            step = interval if day >= _BL_FROM else 6
            nxt = _months(day, step) - _days(rng, 1, 20)
            if slip(0.25):
                nxt += _days(rng, 20, 90)
            day = nxt
        if placement:
            day = measure_start + _days(rng, 60, 170)
            while day <= end_day:
                if not quiet(day):
                    tl.add(EventType.TILSYNSBESOEG, day, measure="M1")
                day += _days(rng, 220, 280) if slip(0.3) else _days(rng, 90, 170)
    # Ordinary contact, monthly-ish, except in a gap.
    day = start + _days(rng, 10, 40)
    while day <= end_day:
        if not quiet(day):
            tl.add(EventType.KONTAKT, day)
        day += _days(rng, 20, 60)

    # The transition to adulthood (BL §§ 111, 122-123; seed 003).
    sixteen = birthday(birth, 16)
    eighteen = birthday(birth, 18)
    if disability and sixteen <= end_day:
        if not slip(0.5):
            tl.add(EventType.KOORDINERENDE_UNGEMOEDE, max(sixteen, start) + _days(rng, 10, 120))
        if not slip(0.5):
            meeting = max(_months(eighteen, -4), start) + _days(rng, 0, 60)
            tl.add(EventType.OVERLEVERINGSMOEDE, min(meeting, eighteen))
    if placement and started is not None:
        deadline = _months(eighteen, -6)
        if (
            deadline <= as_of + timedelta(days=365)
            and measure_start < deadline
            and end_day >= deadline
        ):
            when = deadline + _days(rng, 10, 80) if slip(0.5) else deadline - _days(rng, 10, 80)
            tl.add(EventType.EFTERVAERN_AFGOERELSE, max(when, measure_start))

    if closes and started is not None:
        tl.add(EventType.FORANSTALTNING_SLUT, end_day, measure="M1")
        tl.add(
            EventType.SAG_LUKKET,
            end_day + _days(rng, 0, 10),
            **({} if slip(0.5) else {"reason": "indsatsen afsluttet"}),
        )
    return _finish(index, n, birth, disability, rng, tl, worker)


def _finish(
    index: int,
    n: int,
    birth: date,
    disability: bool,
    rng: random.Random,
    tl: _Timeline,
    worker: Caseworker,
) -> Case:
    # Children i and i+1 with i % 7 == 1 are siblings (each has a case of its own).
    siblings: tuple[str, ...] = ()
    if index % 7 == 1 and index + 1 < n:
        siblings = (f"B-{index + 2:05d}",)
    elif index % 7 == 2:
        siblings = (f"B-{index:05d}",)
    child = Child(
        id=f"B-{index + 1:05d}",
        birth_date=birth,
        cpr=fake_cpr(birth, rng),
        siblings=siblings,
        disability=disability,
    )
    opened = tl.events[0].day
    return Case(
        case_id=f"K-{opened.year}-{index + 1:05d}",
        child=child,
        events=tuple(tl.events),
        team=worker.team,
        district=worker.district,
    )


def iter_demo_cases(
    n: int,
    seed: int = 2024,
    *,
    as_of: date = DEMO_AS_OF,
    lapse_rate: float = 0.3,
    caseworkers: tuple[Caseworker, ...] | None = None,
) -> Iterator[Case]:
    """Yield ``n`` demo cases one at a time (for very large runs)."""
    if n < 0:
        raise ValueError("n skal være 0 eller mere")
    if not 0.0 <= lapse_rate <= 1.0:
        raise ValueError("lapse_rate skal ligge mellem 0 og 1")
    workers = caseworkers if caseworkers is not None else demo_caseworkers(max(3, n // 22), seed)[0]
    for i in range(n):
        yield _one_case(i, n, seed, as_of, lapse_rate, workers)


def demo_caseload(
    n_cases: int = 120,
    *,
    seed: int = 2024,
    as_of: date = DEMO_AS_OF,
    lapse_rate: float = 0.3,
    n_caseworkers: int | None = None,
) -> Caseload:
    """A synthetic caseload of ``n_cases`` children with caseworkers and teams.

    ``n_caseworkers`` defaults to about one per 22 children (the Danish social workers'
    union's 20-30 children per caseworker). The same arguments always give the same caseload.
    """
    workers, teams = demo_caseworkers(n_caseworkers or max(3, n_cases // 22), seed)
    cases = tuple(
        iter_demo_cases(n_cases, seed, as_of=as_of, lapse_rate=lapse_rate, caseworkers=workers)
    )
    return Caseload(cases=cases, caseworkers=workers, teams=teams)
