"""A synthetic municipal caseload: reproducible, any size, fast, with deliberate lapses.

Nothing here is real. Children, caseworkers and events come from a seeded random generator
(:class:`random.Random`, nothing else). CPR numbers have the right shape and a date part that
matches the child's birth date, but every one of them **fails the modulus-11 check** on
purpose and no child is born on 1 January, so no number is one the CPR office has issued
(see :func:`fake_cpr`).

A case follows a child through the children's special-needs area as the five source documents describe
it: underretning (or ansøgning) → assessment within 24 hours and acknowledgement within 6
hverdage (BL §§ 136, 138) → børnefaglig undersøgelse with a conversation with the child (BL
§ 20) → barnets plan (BL § 91) → decision (FVL §§ 19, 22, 24, 25) → the measure → follow-ups
(BL § 95), supervision visits for placements (BL § 156), conversations, plan revisions and
ordinary contact; complaints (RSL §§ 66-67), requests for access (OFL § 36), inquiries,
changes of caseworker as the case moves from the modtage- to the undersøgelses- and
foranstaltningsteam (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«), escalation from support to placement, the transition to
adulthood (BL §§ 111, 122-123; Task forcen, Jammerbugt 2017) and closing.

``lapse_rate`` is the share of cases with lapses of the kinds reviewers found (BDO, Randers 2016,
Task forcen, Jammerbugt 2017): late assessments and acknowledgements, late or missing investigations, missing or
late plans, no conversation before a decision, decisions without partshøring, long waits
before a measure starts, late or missing follow-ups and visits, months of inactivity
("huller") after a change of caseworker, the same decision taken twice, stale
investigations, late ungestøtte decisions, cases closed without a decision or a reason. With
``lapse_rate=0`` every statutory deadline of every generated case is met (or still open on
``as_of``), and the audit finds nothing.

Cases start from 1 January four years before ``as_of`` (2021 for the default 30 June 2025),
so both Serviceloven (before 2024) and Barnets Lov versions of the rules apply.
:func:`iter_demo_cases` streams cases one family at a time, so 100,000 cases never sit in
memory together.
"""

from __future__ import annotations

import functools
import itertools
import random
from calendar import isleap
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from boernesag.calendar import Calendar, default_calendar
from boernesag.cpr import Cpr
from boernesag.model import (
    ACTIVITY_TYPES,
    Case,
    Caseload,
    Caseworker,
    Child,
    Event,
    EventType,
    Team,
)
from boernesag.paragraphs import Paragraph
from boernesag.periods import birthday, date_of_age

__all__ = [
    "DEMO_AS_OF",
    "DISTRICTS",
    "TEAMS",
    "big_case",
    "demo_caseload",
    "demo_caseworkers",
    "fake_cpr",
    "iter_demo_cases",
    "sample_case_path",
]

#: The default "today" of the demo caseload.
DEMO_AS_OF = date(2025, 6, 30)

#: The districts of the demo municipality (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«, "fordeling efter distriktopdeling").
DISTRICTS: tuple[str, ...] = ("Nord", "Syd", "Øst", "Vest")

#: The demo teams, one of each kind, the modtage-, undersøgelses- and foranstaltningsteam of
#: Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler« and the disability team of Task forcen, Jammerbugt 2017.
TEAMS: tuple[Team, ...] = (
    Team(id="T-modtage", name="Modtageteamet", kind="modtage"),
    Team(id="T-undersoegelse", name="Undersøgelsesteamet", kind="undersoegelse"),
    Team(id="T-foranstaltning", name="Foranstaltningsteamet", kind="foranstaltning"),
    Team(id="T-handicap", name="Børnehandicapteamet", kind="handicap"),
)
_TEAM_OF_KIND = {t.kind: t for t in TEAMS}
_KIND_OF_TEAM = {t.id: t.kind for t in TEAMS}
# Where a case of each kind goes when its own team has nobody (small caseloads).
_FALLBACK = {
    "modtage": ("modtage", "undersoegelse", "foranstaltning", "handicap"),
    "undersoegelse": ("undersoegelse", "modtage", "foranstaltning", "handicap"),
    "foranstaltning": ("foranstaltning", "undersoegelse", "modtage", "handicap"),
    "handicap": ("handicap", "foranstaltning", "undersoegelse", "modtage"),
}
# Team of the n-th caseworker: most work sits in the foranstaltningsteam (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«).
_STAFF_CYCLE = (
    "foranstaltning",
    "undersoegelse",
    "handicap",
    "modtage",
    "foranstaltning",
    "handicap",
    "foranstaltning",
    "undersoegelse",
    "handicap",
    "foranstaltning",
)

_P = Paragraph.parse
_BL32, _BL46, _BL47, _BL86, _BL114 = (
    _P("BL 32"),
    _P("BL 46"),
    _P("BL 47"),
    _P("BL 86"),
    _P("BL 114"),
)
_SEL52, _SEL52_3, _SEL52_5 = _P("SEL 52"), _P("SEL 52 stk. 3 nr. 3"), _P("SEL 52 stk. 3 nr. 5")
_SEL52_7, _SEL58, _SEL41, _SEL76 = (
    _P("SEL 52 stk. 3 nr. 7"),
    _P("SEL 58"),
    _P("SEL 41"),
    _P("SEL 76"),
)

_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_DAY = 1440  # minutes
_TZ_WINTER = timezone(timedelta(hours=1))
_TZ_SUMMER = timezone(timedelta(hours=2))

ET = EventType
# Events a "hul" (months without activity, BDO, Randers 2016) swallows: the municipality's routine
# work. Decisions, measure starts and ends, assignments and closing still happen.
_ROUTINE = frozenset(
    {
        ET.KONTAKT,
        ET.OPFOELGNING,
        ET.BOERNESAMTALE,
        ET.TILSYNSBESOEG,
        ET.BARNETS_PLAN,
        ET.UNDERRETNING_VURDERET,
        ET.KVITTERING_SENDT,
        ET.BFU_STARTET,
        ET.BFU_AFSLUTTET,
        ET.FORELOEBIG_VURDERING,
        ET.KOORDINERENDE_UNGEMOEDE,
        ET.OVERLEVERINGSMOEDE,
        ET.EFTERVAERN_AFGOERELSE,
        ET.KLAGE_GENVURDERET,
        ET.KLAGE_VIDERESENDT,
        ET.AKTINDSIGT_BESVARET,
        ET.FRISTBREV,
        ET.HENVENDELSE_BESVARET,
    }
)

# Events that are not casework: from outside (the complement of model.ACTIVITY_TYPES), and
# assignments and leader reviews, which do not end a "hul" (BDO, Randers 2016).
_NOT_CASEWORK = (frozenset(ET) - ACTIVITY_TYPES) | {ET.SAGSBEHANDLER_TILDELT, ET.LEDELSESTILSYN}
_BL_FROM = date(2024, 1, 1).toordinal()

_CONTACT_NOTES = (
    "telefonsamtale med mor",
    "telefonsamtale med far",
    "hjemmebesøg",
    "møde med skolen",
    "netværksmøde",
    "mail fra daginstitution",
    "statusnotat fra leverandør",
    "samtale med forældrene",
)
_UNDTAGELSE = "barnets alder og modenhed: observation af samspil i stedet for samtale"


# --------------------------------------------------------------------------- small helpers


@functools.lru_cache(maxsize=16384)
def _date(ordinal: int) -> date:
    return date.fromordinal(ordinal)


def _months(ordinal: int, months: int) -> int:
    """``ordinal`` plus calendar months; a missing day becomes the month's last day.

    The same day as ``periods.add_months(day, months).due`` (law digest rules 2-3), without
    building a ``PeriodEnd``: the generator calls it for every follow-up.
    """
    d = _date(ordinal)
    years, month0 = divmod(d.month - 1 + months, 12)
    year, month = d.year + years, month0 + 1
    last = _DAYS_IN_MONTH[month] + (month == 2 and isleap(year))
    return date(year, month, min(d.day, last)).toordinal()


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _weekday(ordinal: int) -> int:
    """The ordinal moved back to Friday if it falls on a weekend (office work)."""
    w = (ordinal - 1) % 7  # date.fromordinal(1) is a Monday
    return ordinal - (w - 4) if w > 4 else ordinal


def _forward_weekday(ordinal: int) -> int:
    w = (ordinal - 1) % 7
    return ordinal + (7 - w) if w > 4 else ordinal


@functools.lru_cache(maxsize=64)
def _dst(year: int) -> tuple[int, int]:
    """Ordinals of the last Sundays of March and October: summer time in Copenhagen."""
    out = []
    for month in (3, 10):
        last = date(year, month, 31)
        out.append(last.toordinal() - (last.weekday() + 1) % 7)
    return out[0], out[1]


def _offset_of_utc(utc_minute: int) -> int:
    """Copenhagen's UTC offset in minutes at a UTC instant (minutes since ordinal 0)."""
    start, end = _dst(_date(utc_minute // _DAY).year)
    # Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC in October.
    return 120 if start * _DAY + 60 <= utc_minute < end * _DAY + 60 else 60


def _offset_of_local(ordinal: int, minute: int) -> int:
    """The UTC offset of a Copenhagen wall time (never called for 02:00-02:59)."""
    start, end = _dst(_date(ordinal).year)
    after_start = ordinal > start or (ordinal == start and minute >= 180)
    before_end = ordinal < end or (ordinal == end and minute < 120)
    return 120 if after_start and before_end else 60


def _wall_time(ordinal: int, minute: int, offset: int | None) -> datetime:
    """A wall time as an aware datetime at ``offset`` minutes, or naive when ``offset`` is None."""
    d = _date(ordinal)
    tz = None if offset is None else (_TZ_SUMMER if offset == 120 else _TZ_WINTER)
    return datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=tz)


def fake_cpr(birth: date, rng: random.Random) -> Cpr:
    """A CPR-shaped number for ``birth`` that **fails** the modulus-11 check.

    The date part is ``birth`` (DDMMYY) and the 7th digit gives the right century, so
    :meth:`boernesag.cpr.Cpr.matches` accepts it; the weighted digit sum (weights 4, 3, 2,
    7, 6, 5, 4, 3, 2, 1) is never divisible by 11. Every personnummer passed the check until
    1 October 2007; since then the CPR office has issued numbers that fail it normally only
    for 1 January birth dates (of some years 1960-1995; cpr.dk, "Opbygning af CPR-nummeret"
    and "Personnumre uden kontrolciffer"). No demo child is born on 1 January, so as far as
    the CPR office's published information goes, no demo number is an issued one.
    """
    if 2000 <= birth.year <= 2036:
        centuries = "456789"
    elif 1900 <= birth.year <= 1999:
        centuries = "0123"
    elif 2037 <= birth.year <= 2057:
        centuries = "5678"
    else:
        raise ValueError(f"ingen CPR-form for fødselsåret {birth.year}")
    head = birth.strftime("%d%m%y")
    partial = sum(int(c) * w for c, w in zip(head, _CPR_WEIGHTS, strict=False))
    while True:
        tail = centuries[int(rng.random() * len(centuries))] + f"{int(rng.random() * 1000):03d}"
        total = partial + sum(int(c) * w for c, w in zip(tail, _CPR_WEIGHTS[6:], strict=True))
        if total % 11 != 0:
            return Cpr(digits=head + tail)


# --------------------------------------------------------------------------- staff


def demo_caseworkers(n: int, seed: int = 2024) -> tuple[tuple[Caseworker, ...], tuple[Team, ...]]:
    """``n`` demo caseworkers over the four teams and districts, and the teams.

    Capacity is in weighted case points (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«): 20 for a newcomer up to 30 with ten years'
    experience, scaled by weekly hours (37 = full time). Competences follow the team:
    ``handicap``, ``anbringelse``, ``unge``, paragraph areas (``BL 32``, ``BL 46``, ``BL 47``,
    ``BL 86``) and ``bevillingskompetence`` from three years' experience; from three years'
    experience a caseworker of the undersøgelses- or foranstaltningsteam also has ``handicap``.
    """
    if n < 1:
        raise ValueError("der skal være mindst 1 sagsbehandler")
    rng = random.Random(f"boernesag.demo.staff:{seed}")
    r = rng.random
    per_team: dict[str, int] = {}
    workers = []
    for i in range(n):
        kind = _STAFF_CYCLE[i % len(_STAFF_CYCLE)]
        k = per_team.get(kind, 0)
        per_team[kind] = k + 1
        experience = round(0.3 + 1.7 * r(), 1) if r() < 0.3 else round(2 + 23 * r() ** 1.5, 1)
        u = r()
        hours = 37.0 if u < 0.8 else 32.0 if u < 0.9 else 30.0 if u < 0.96 else 28.0
        skills = {"BL 32"}
        if kind == "handicap":
            skills |= {"handicap", "BL 86"}
            if r() < 0.25:
                skills |= {"anbringelse", "BL 46"}
        if kind == "foranstaltning" and r() < 0.85:
            skills |= {"anbringelse", "BL 46", "BL 47"}
        if kind == "undersoegelse" and r() < 0.5:
            skills |= {"BL 46"}
        if kind != "modtage" and r() < 0.4:
            skills.add("unge")
        if experience >= 3 and r() < 0.8:
            skills.add("bevillingskompetence")
        if kind in ("undersoegelse", "foranstaltning") and experience >= 3:
            # Competences overlap as in a real municipality: an experienced caseworker of the
            # undersøgelses- or foranstaltningsteam also takes children with a disability, so
            # the handicap team is not the only door (no random draw: the caseload stays the same).
            skills.add("handicap")
        capacity = round(2 * (20 + min(experience, 10.0)) * hours / 37.0) / 2
        workers.append(
            Caseworker(
                id=f"CW-{i + 1:03d}",
                team=_TEAM_OF_KIND[kind].id,
                capacity=capacity,
                competences=frozenset(skills),
                district=DISTRICTS[k % len(DISTRICTS)],
                experience=experience,
                hours=hours,
                name=f"Sagsbehandler {i + 1}",
            )
        )
    return tuple(workers), TEAMS


class _Staff:
    """Caseworker pools by team kind, district and placement competence, built once."""

    def __init__(self, workers: Sequence[Caseworker]) -> None:
        if not workers:
            raise ValueError("der skal være mindst 1 sagsbehandler")
        self.workers = tuple(workers)
        self.by_kind: dict[str, list[Caseworker]] = {k: [] for k in _FALLBACK}
        for w in self.workers:
            kind = _KIND_OF_TEAM.get(w.team or "")
            if kind is not None:
                self.by_kind[kind].append(w)
        self._pools: dict[tuple[str, str, bool], tuple[tuple[Caseworker, ...], ...]] = {}

    def pools(
        self, kind: str, district: str, placement: bool
    ) -> tuple[tuple[Caseworker, ...], ...]:
        key = (kind, district, placement)
        found = self._pools.get(key)
        if found is None:
            team = next((self.by_kind[k] for k in _FALLBACK[kind] if self.by_kind[k]), None)
            wide = tuple(team) if team else self.workers
            if placement:
                wide = tuple(w for w in wide if "anbringelse" in w.competences) or wide
            local = tuple(w for w in wide if w.district == district) or wide
            found = self._pools[key] = (local, wide)
        return found


# --------------------------------------------------------------------------- one case


# A record is (ordinal, minute of day or -1, seq, type, fields, ref seq, at).
_Rec = tuple[int, int, int, EventType, Mapping[str, Any] | None, int | None, datetime | None]


class _Draft:
    """The events of one case before they get ids; ids follow time order at the end.

    ``first`` is the day the case opened (nothing comes before it: a day moved back to a
    weekday stops there); ``limit`` the last day events may fall on (``as_of``, or the closing
    day); ``holes`` are the "huller" where routine work is missing.
    """

    __slots__ = ("first", "holes", "limit", "recs")

    def __init__(self, first: int, limit: int) -> None:
        self.first = first
        self.limit = limit
        self.recs: list[_Rec] = []
        self.holes: list[tuple[int, int]] = []

    def add(
        self,
        etype: EventType,
        ordinal: int,
        fields: Mapping[str, Any] | None = None,
        ref: int | None = None,
    ) -> int | None:
        """Add a dated event; ``None`` when it falls after the limit or in a hole."""
        if ordinal > self.limit:
            return None
        if ordinal < self.first:
            ordinal = self.first
        if self.holes and etype in _ROUTINE:
            for a, b in self.holes:
                if a < ordinal < b:
                    return None
        seq = len(self.recs)
        self.recs.append((ordinal, -1, seq, etype, fields, ref, None))
        return seq

    def add_at(
        self,
        etype: EventType,
        ordinal: int,
        minute: int,
        at: datetime,
        fields: Mapping[str, Any] | None = None,
        ref: int | None = None,
    ) -> int | None:
        """Add an event with a timestamp (local ``ordinal`` and ``minute`` for ordering)."""
        if ordinal > self.limit:
            return None
        if self.holes and etype in _ROUTINE:
            for a, b in self.holes:
                if a < ordinal < b:
                    return None
        seq = len(self.recs)
        self.recs.append((ordinal, minute, seq, etype, fields, ref, at))
        return seq

    def in_hole(self, ordinal: int) -> bool:
        return any(a < ordinal < b for a, b in self.holes)

    def events(self) -> tuple[Event, ...]:
        """The events in time order, with ids ``E1``, ``E2``, ... in that order."""
        recs = sorted(self.recs)
        names = _IDS if len(recs) < len(_IDS) else tuple(f"E{k}" for k in range(len(recs) + 1))
        ids = [""] * len(recs)
        for k, rec in enumerate(recs, 1):
            ids[rec[2]] = names[k]
        out: list[Event] = []
        append = out.append
        for ordinal, _minute, seq, etype, fields, ref, at in recs:
            day = _date(ordinal) if at is None else None
            if ref is not None:
                append(Event(ids[seq], etype, day, at, ids[ref], **(fields or {})))
            elif fields:
                append(Event(ids[seq], etype, day, at, **fields))
            else:
                append(Event(ids[seq], etype, day, at))
        return tuple(out)


_IDS = tuple(f"E{k}" for k in range(200))


class _Family:
    """What siblings share: district, the family's notice, sometimes the caseworkers."""

    __slots__ = ("district", "minute", "professional", "shared", "start", "workers")

    def __init__(
        self, district: str, start: int, minute: int, professional: bool, shared: bool
    ) -> None:
        self.district = district
        self.start = start
        self.minute = minute
        self.professional = professional
        self.shared = shared
        self.workers: dict[tuple[str, bool], Caseworker] = {}


class _Factory:
    """Generates cases from one seeded stream; see the module docstring for the model."""

    def __init__(
        self,
        seed: int,
        as_of: date,
        lapse_rate: float,
        workers: Sequence[Caseworker],
        calendar: Calendar | None = None,
    ) -> None:
        self.rng = random.Random(f"boernesag.demo:{seed}")
        self.r: Callable[[], float] = self.rng.random
        self.as_of = as_of.toordinal()
        self.first = date(as_of.year - 4, 1, 1).toordinal()
        # The 18th birthday of every child lies after as_of.
        try:
            eighteen_ago = as_of.replace(year=as_of.year - 18)
        except ValueError:  # 29 February
            eighteen_ago = date(as_of.year - 18, 3, 1)
        self.oldest_birth = eighteen_ago.toordinal() + 2
        self.lapse_rate = lapse_rate
        self.staff = _Staff(workers)
        self.cal = calendar if calendar is not None else default_calendar()

    # ------------------------------------------------------------------ random helpers

    def ri(self, lo: int, hi: int) -> int:
        """A uniform integer in [lo, hi]."""
        return lo + int(self.r() * (hi - lo + 1))

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.r() * len(seq))]

    def working_days(self, ordinal: int, n: int) -> int:
        return self.cal.add_working_days(_date(ordinal), n).toordinal()

    # ------------------------------------------------------------------ families

    def cases(self, n: int) -> Iterator[Case]:
        index = 0
        while index < n:
            family = self.family(index, n - index)
            yield from family
            index += len(family)

    def _age_days(self) -> int:
        """Age on as_of: spread over 0-17 years, with extra children near 16, 17½ and 18."""
        u = self.r()
        year = 365.25
        if u < 0.05:
            return self.ri(int(15.7 * year), int(16.4 * year))
        if u < 0.10:
            return self.ri(int(17.2 * year), int(17.7 * year))
        if u < 0.14:
            return self.ri(int(17.7 * year), int(18 * year))
        return self.ri(40, int(18 * year))

    def family(self, index: int, room: int) -> list[Case]:
        """One child, or two or three siblings with a case each (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: one case per
        child). Only the first ``room`` are made; the draws do not depend on ``room``, so a
        caseload is a prefix of a larger one with the same seed and caseworkers."""
        r = self.r
        u = r()
        size = 1 if u < 0.86 else 2 if u < 0.96 else 3
        births = [max(self.as_of - self._age_days(), self.oldest_birth)]
        for _ in range(size - 1):
            younger = births[-1] + self.ri(330, 5 * 365)
            births.append(younger if younger <= self.as_of - 40 else self.as_of - self.ri(40, 300))
        district = self.pick(DISTRICTS)
        hi = self.as_of - 10
        lo = min(hi, max(self.first, max(births) + 14))
        start = lo + int((hi - lo + 1) * r() ** 0.9)
        fam = _Family(
            district,
            start,
            self._notice_minute(),
            professional=r() < 0.65,
            shared=size > 1 and r() < 0.5,
        )
        # No child is born on 1 January: the CPR office's rare numbers without modulus 11
        # are for 1 January birth dates (cpr.dk), so a demo number never collides with one.
        births = [b + 1 if _date(b).month == 1 and _date(b).day == 1 else b for b in births]
        made = min(size, room)
        ids = [f"B-{index + k + 1:05d}" for k in range(made)]
        out = []
        for k in range(made):
            own_start = start
            if k > 0 and r() < 0.3:  # a sibling whose case started on its own
                lo_k = min(hi, max(self.first, births[k] + 14))
                own_start = self.ri(lo_k, hi)
            siblings = tuple(ids[:k] + ids[k + 1 :])
            out.append(self.case(index + k, ids[k], siblings, births[k], own_start, fam))
        return out

    def _notice_minute(self) -> int:
        """Time of day of an underretning: mostly office hours, some at night (never 02:xx)."""
        if self.r() < 0.12:
            minute = self.ri(0, 23 * 60 - 1)
            return minute if not 120 <= minute < 180 else minute + 60
        return self.ri(7 * 60 + 30, 17 * 60)

    # ------------------------------------------------------------------ the case

    def case(
        self,
        index: int,
        child_id: str,
        siblings: tuple[str, ...],
        birth: int,
        start: int,
        fam: _Family,
    ) -> Case:
        r = self.r
        lapse = r() < self.lapse_rate
        disability = r() < 0.25
        c = _CaseState(self, fam, birth, start, disability, lapse)
        c.assign(start, "modtage", exact=True)
        # Entry: an ansøgning (the disability area) or an underretning.
        if disability and r() < 0.55:
            self_applied = True
            c.draft.add(ET.ANSOEGNING, start)
        else:
            self_applied = False
            shared = start == fam.start
            minute = fam.minute if shared else self._notice_minute()
            c.notice(start, minute, professional=fam.professional if shared else None)
        u = r()
        if self_applied and u < 0.35:
            c.benefit(start)
        elif not self_applied and u < 0.08:
            # The underretning gave no reason for further steps. A recorded reason is also the
            # recorded assessment that no investigation is needed (BL § 20 stk. 1 / SEL § 50
            # stk. 1 "hvis det må antages"); under Barnets Lov it rests on an afdækning (BL
            # § 19). No random draw here, so every other case stays as it was.
            reason = None if c.slip(0.6) else "underretningen gav ikke anledning til yderligere"
            closed = start + self.ri(12, 40)
            if reason:
                c.assessed_no_investigation(closed, reason)
            c.plan_close(closed, reason)
        else:
            c.investigate_and_decide(start)
        return c.finish(index, child_id, siblings)


class _CaseState:
    """One case while its timeline is drawn: the draft, the child, the caseworker, lapses."""

    def __init__(
        self, f: _Factory, fam: _Family, birth: int, start: int, disability: bool, lapse: bool
    ) -> None:
        self.f = f
        self.r = f.r
        self.ri = f.ri
        self.draft = _Draft(start, f.as_of)
        self.fam = fam
        self.birth = birth
        self.start = start
        self.disability = disability
        self.lapse = lapse
        self.worker: Caseworker | None = None
        self.kind = "handicap" if disability else "modtage"
        self.bfu_ends: list[int] = []
        self.bfu_windows: list[tuple[int, int]] = []
        self.placements: list[tuple[int, int | None]] = []
        self.closing: tuple[int, str | None] | None = None
        self._stages: tuple[int, int] | None = None

    # ------------------------------------------------------------------ helpers

    def slip(self, p: float) -> bool:
        """True, with probability ``p``, in a case with lapses; never in a clean case."""
        return self.lapse and self.r() < p

    def age_years(self, ordinal: int) -> float:
        return (ordinal - self.birth) / 365.25

    def assign(self, day: int, kind: str, *, placement: bool = False, exact: bool = False) -> None:
        """A sagsbehandler_tildelt: the case moves to a team of ``kind``, or changes hands."""
        f = self.f
        if self.disability:
            kind = "handicap"
        key = (kind, placement)
        chosen = self.fam.workers.get(key) if self.fam.shared else None
        if chosen is None or chosen is self.worker:
            local, wide = f.staff.pools(kind, self.fam.district, placement)
            pool = local if self.r() < 0.8 else wide
            chosen = f.pick(pool)
            if chosen is self.worker:
                others = [w for w in (pool if len(pool) > 1 else wide) if w is not self.worker]
                if not others:
                    return
                chosen = f.pick(others)
            if self.fam.shared:
                self.fam.workers[key] = chosen
        day = day if exact else _weekday(day)
        fields = {"caseworker": chosen.id, "team": chosen.team}
        if self.draft.add(ET.SAGSBEHANDLER_TILDELT, day, fields) is not None:
            self.worker = chosen
            self.kind = kind

    def notice(self, day: int, minute: int, *, professional: bool | None = None) -> None:
        """An underretning with its assessment (24 hours) and acknowledgement (6 hverdage)."""
        r, ri, d = self.r, self.ri, self.draft
        if professional is None:
            professional = r() < 0.65
        anonymous = not professional and r() < 0.1
        fields: dict[str, Any] = {"professional": professional}
        if anonymous:
            fields["extra"] = {"anonymous": True}
        offset = _offset_of_local(day, minute)
        at = _wall_time(day, minute, None if r() < 0.15 else offset)
        seq = d.add_at(ET.UNDERRETNING, day, minute, at, fields)
        if seq is None:
            return
        # Assessment within 24 hours (BL § 136 stk. 2; SEL § 155 stk. 2), counted in elapsed
        # time: the same afternoon, or the next morning for a notice received after 14:00.
        # The assessment's wall time carries its own UTC offset.
        if not self.slip(0.08):
            if self.slip(0.3):
                elapsed = ri(26 * 60, 96 * 60)
            elif minute < 14 * 60:
                elapsed = ri(30, 16 * 60 - minute)
            else:
                elapsed = _DAY - minute + ri(8 * 60, min(12 * 60, minute - 30))
            utc = day * _DAY + minute - offset + elapsed
            offset2 = _offset_of_utc(utc)
            local = utc + offset2
            day2, minute2 = local // _DAY, local % _DAY
            if r() < 0.1:
                d.add(ET.UNDERRETNING_VURDERET, day2, ref=seq)
            else:
                at2 = _wall_time(day2, minute2, offset2)
                d.add_at(ET.UNDERRETNING_VURDERET, day2, minute2, at2, ref=seq)
        # Acknowledgement within 6 hverdage (BL § 138 stk. 1; SEL § 155 b), unless anonymous.
        if not anonymous and not self.slip(0.1):
            n = ri(7, 14) if self.slip(0.3) else ri(1, 5)
            d.add(ET.KVITTERING_SENDT, self.f.working_days(day, n), ref=seq)

    def talk(self, day: int) -> int | None:
        """A børnesamtale on ``day`` (moved back to a weekday); returns the day if recorded."""
        day = _weekday(day)
        return day if self.draft.add(ET.BOERNESAMTALE, day) is not None else None

    def assessed_no_investigation(self, day: int, reason: str) -> None:
        """The recorded outcome of looking into a notice that needs no investigation: an
        afdækning under Barnets Lov (BL § 19; it meets BL § 20 stk. 3), before 2024 the
        assessment that no investigation is needed (``ingen_undersoegelse``)."""
        if day >= _BL_FROM:
            self.draft.add(ET.AFDAEKNING, day)
        else:
            self.draft.add(ET.INGEN_UNDERSOEGELSE, day, {"reason": reason})

    def plan_close(self, day: int, reason: str | None) -> None:
        """Close the case on ``day`` (a weekday); nothing may happen after it.

        The ``sag_lukket`` event is added last, by :meth:`finish`. A day after ``as_of``
        leaves the case open.
        """
        day = _forward_weekday(day)
        if day <= self.draft.limit:
            self.closing = (day, reason)
            self.draft.limit = day

    def complaint(self, decision_seq: int, received: int) -> int:
        """A klage on a decision; returns the day its handling ends."""
        ri, d = self.ri, self.draft
        got = received + ri(3, 26)  # within the 4-week klagefrist (RSL § 67)
        seq = d.add(ET.KLAGE_MODTAGET, got, ref=decision_seq)
        if seq is None:
            return got
        # Re-assessed within 4 weeks (RSL § 66): changed, or upheld and sent to Ankestyrelsen.
        done = _weekday(got + (ri(32, 75) if self.slip(0.5) else ri(5, 25)))
        kind = ET.KLAGE_GENVURDERET if self.r() < 0.35 else ET.KLAGE_VIDERESENDT
        d.add(kind, done, ref=seq)
        return done

    def decide(
        self,
        day: int,
        paragraph: Paragraph,
        outcome: str,
        measure: str | None,
        *,
        talked: bool,
        extra: Mapping[str, Any] | None = None,
    ) -> tuple[int | None, int]:
        """An afgørelse with the FVL requirements; returns its seq and the day it was received.

        ``talked``: a børnesamtale was held before it; if not, a small child's decision
        records the exception (BL § 5 stk. 4).
        """
        r, ri = self.r, self.ri
        fields: dict[str, Any] = {
            "paragraph": paragraph,
            "outcome": outcome,
            "partshoering": True,
            "begrundelse": True,
            "klagevejledning": True,
        }
        if measure is not None:
            fields["measure"] = measure
        if self.slip(0.35):  # FVL §§ 19, 22/24, 25 missing (Task forcen, Jammerbugt 2017)
            name = self.f.pick(("partshoering", "partshoering", "begrundelse", "klagevejledning"))
            if r() < 0.6:
                fields[name] = False
            else:
                del fields[name]
        if not talked and self.age_years(day) < 2 and not self.slip(0.3):
            fields["boernesamtale_undtagelse"] = _UNDTAGELSE
        received = day
        if r() < 0.2 and day + 4 <= self.draft.limit:  # by letter: received days later
            received = day + ri(1, 4)
            fields["meddelt"] = _date(received)
        if extra:
            fields.update(extra)
        return self.draft.add(ET.AFGOERELSE, day, fields), received

    # ------------------------------------------------------------------ phases

    def investigate_and_decide(self, aware: int) -> None:
        """The BFU (BL § 20 stk. 3; SEL § 50 stk. 7), then no need, an afslag or measures."""
        ri, d = self.ri, self.draft
        if self.slip(0.12):
            # No investigation at all (BDO, Randers 2016: "der mangler en § 50 undersøgelse").
            decision = _weekday(aware + ri(30, 110))
            talk = None
            if self.age_years(decision) >= 2 and not self.slip(0.5):
                talk = self.talk(decision - ri(1, 20))
            end = decision
        else:
            result = self.investigation(aware)
            if result is None:
                return
            end, talk = result
            decision = _weekday(end + ri(3, 25))
        u = self.r()
        if u < 0.07:
            # The investigation found no need for measures: closed without a decision.
            reason = None if self.slip(0.6) else "undersøgelsen viste ikke behov for indsats"
            self.plan_close(end + ri(14, 40), reason)
        elif decision > d.limit:
            return
        elif u < 0.17:
            self.refusal(decision, talk)
        else:
            self.measures(decision, talk)

    def investigation(
        self, aware: int, *, update: bool = False, end_at: int | None = None
    ) -> tuple[int, int | None] | None:
        """One BFU from awareness ``aware``: (its end, the day of the talk), or None while it
        runs on ``as_of`` or when it is never finished. ``end_at`` fixes a clean end."""
        r, ri, d = self.r, self.ri, self.draft
        start = _weekday(aware + ri(2, 20))
        if end_at is not None:
            start = min(start, end_at - 3)
        if start > d.limit:
            return None
        if not self.disability and not update:
            self.assign(start, "undersoegelse")
        d.add(ET.BFU_STARTET, start)
        due = _months(aware, 4)
        never = self.slip(0.12)
        if not never and self.slip(0.35):
            end = _weekday(due + ri(10, 120))  # late; sometimes with a foreløbig vurdering
            if r() < 0.5:
                d.add(ET.FORELOEBIG_VURDERING, _weekday(due - ri(1, 14)))
        elif end_at is not None:
            end = end_at
        else:
            end = min(_weekday(due - ri(0, 10)), _weekday(start + ri(45, 110)))
        end = max(end, start + 3)
        # The conversation with the child, late in the investigation.
        talk: int | None = None
        if self.age_years(end) >= 1 and not self.slip(0.3):
            talk = self.talk(max(start + 1, end - ri(0, 20)))
        # New notices while it runs become part of it.
        if not update:
            for _ in range(2):
                if r() < 0.25 and end - start > 25:
                    self.notice(ri(start + 1, end - 15), self.f._notice_minute())
        if never or end > d.limit:
            return None
        if d.add(ET.BFU_AFSLUTTET, end) is None:
            return None
        self.bfu_ends.append(end)
        self.bfu_windows.append((start, end))
        return end, talk

    def update(self, day: int, end_at: int | None = None) -> tuple[int, int | None] | None:
        """A new BFU while measures run (BDO, Randers 2016: investigations go stale), sometimes after a
        new underretning, which then starts the 4 months."""
        aware = day
        if self.r() < 0.5:
            aware = day - self.ri(3, 25)
            self.notice(aware, self.f._notice_minute())
        return self.investigation(aware, update=True, end_at=end_at)

    def stage_birthdays(self, after: int, until: int) -> list[int]:
        """The 6th and 13th birthdays in (after, until]: the child's needs change (BDO, Randers 2016)."""
        if self._stages is None:
            birth = _date(self.birth)
            self._stages = (birthday(birth, 6).toordinal(), birthday(birth, 13).toordinal())
        return [b for b in self._stages if after < b <= until]

    def refusal(self, day: int, talk: int | None) -> None:
        """An afslag; the case closes after any complaint."""
        ri = self.ri
        paragraph = _BL32 if day >= _BL_FROM else _SEL52_3
        seq, received = self.decide(day, paragraph, "afslag", None, talked=talk is not None)
        busy = day
        if seq is not None and self.r() < 0.3:
            busy = self.complaint(seq, received)
        if self.r() < 0.75:
            reason = None if self.slip(0.3) else "afslag"
            self.plan_close(max(day + ri(10, 45), busy + ri(3, 10)), reason)

    def benefit(self, applied: int) -> None:
        """A cash benefit for a child with a disability (BL § 86; SEL § 41): no BFU."""
        r, ri = self.r, self.ri
        day = _weekday(applied + ri(14, 60))
        if day > self.draft.limit:
            return
        talked = False
        if self.age_years(day) >= 2 and not self.slip(0.5):
            talked = self.talk(max(applied + 1, day - ri(1, 30))) is not None
        paragraph = _BL86 if day >= _BL_FROM else _SEL41
        # The application concerns a cash benefit, not særlig støtte: the caseworker records
        # that no børnefaglig undersøgelse is needed (BL § 20 stk. 1 / SEL § 50 stk. 1).
        self.draft.add(ET.INGEN_UNDERSOEGELSE, day, {"reason": "ansøgning om kontant ydelse"})
        outcome = "bevilget" if r() < 0.8 else "afslag"
        seq, received = self.decide(day, paragraph, outcome, None, talked=talked)
        if seq is not None and r() < 0.08:
            self.complaint(seq, received)

    def measures(self, decision: int, talk: int | None) -> None:
        """Decision, plan and start of M1; then how it runs, ends or escalates to M2."""
        r, ri, d = self.r, self.ri, self.draft
        placement = r() < (0.12 if self.disability else 0.33)
        paragraph, start = self.decision_with_plan(decision, "M1", placement, talk)
        if start is None:
            return
        if not self.disability:
            self.assign(start, "foranstaltning", placement=placement)
            if self.slip(0.2):  # a hole as the case moves to the next team (BDO, Randers 2016)
                d.holes.append((start, start + ri(95, 200)))
        # The measure ends, escalates to a placement, or keeps running.
        u = r()
        end: int | None = None
        escalate: int | None = None
        if not placement and u < 0.12:
            escalate = start + ri(200, 700)
        elif u < 0.32:
            end = _weekday(start + ri(120, 1000))
            if end > d.limit:
                end = None
        # A change of caseworker (illness, leaving). Clean cases hand over at a meeting;
        # lapses leave months without activity, sometimes with the decision taken again.
        repeat: int | None = None
        if r() < 0.3:
            change = _weekday(start + ri(60, 700))
            if change < (end if end is not None else d.limit):
                self.assign(change, self.kind, placement=placement)
                if self.slip(0.6):
                    hole_end = change + ri(100, 240)
                    d.holes.append((change, hole_end))
                    if r() < 0.5:
                        repeat = _weekday(hole_end + ri(1, 20))
                else:
                    d.add(ET.OVERDRAGELSESMOEDE, change)
        m1_end = end
        if escalate is not None and escalate < d.limit:
            m1_end = self.escalation(escalate)
        if m1_end is not None:
            d.add(ET.FORANSTALTNING_SLUT, m1_end, {"measure": "M1"})
        if placement:
            self.placements.append((start, m1_end))
        self.streams("M1", start, m1_end if m1_end is not None else d.limit, placement)
        # The same decision again: under the same law (a Serviceloven paragraph is not used
        # on a decision from 2024).
        same_law = paragraph.law == ("BL" if (repeat or 0) >= _BL_FROM else "SEL")
        if repeat is not None and same_law and (m1_end is None or repeat < m1_end):
            talked = any(
                rec[3] == ET.BOERNESAMTALE and repeat - 180 <= rec[0] <= repeat for rec in d.recs
            )
            self.decide(repeat, paragraph, "bevilget", "M1", talked=talked)
        if end is not None:
            reason = None if self.slip(0.5) else "indsatsen er afsluttet"
            self.plan_close(end + ri(0, 14), reason)

    def decision_with_plan(
        self, day: int, measure: str, placement: bool, talk: int | None
    ) -> tuple[Paragraph, int | None]:
        """A decision on a measure with barnets plan (BL § 91; SEL § 140), and its start."""
        r, ri, d = self.r, self.ri, self.draft
        bl = day >= _BL_FROM
        forced = placement and r() < 0.15
        if placement:
            paragraph = (_BL47 if forced else _BL46) if bl else (_SEL58 if forced else _SEL52_7)
        elif bl:
            paragraph = _BL32
        else:
            paragraph = _SEL52_5 if self.disability else (_SEL52_3 if r() < 0.6 else _SEL52)
        floor = max(self.bfu_ends[-1], day - 20) if self.bfu_ends else day - 20
        # Barnets plan: before the decision under SEL § 140 and for BL § 47; within 3 months
        # after it for BL § 46, and for BL § 32 when the decision says one is needed.
        extra: dict[str, Any] | None = None
        needed = True
        if bl and not placement:
            needed = r() < 0.75
            if not self.slip(0.2):
                extra = {"extra": {"barnets_plan": needed}}
        if needed:
            if not self.slip(0.35):
                before = not bl or forced
                d.add(
                    ET.BARNETS_PLAN,
                    _weekday(max(floor, day - ri(0, 10)) if before else day + ri(5, 80)),
                )
            elif self.slip(0.5):
                d.add(ET.BARNETS_PLAN, _weekday(day + ri(95, 240)))  # late
        # The conversation before the decision (BL § 5 stk. 3; SEL § 48).
        if talk is None and self.age_years(day) >= 2:
            if not self.slip(0.5):
                talk = self.talk(max(floor, day - ri(1, 20)))
            elif r() < 0.5:
                self.talk(day + ri(5, 40))  # only after the decision
        seq, received = self.decide(
            day, paragraph, "bevilget", measure, talked=talk is not None, extra=extra
        )
        if seq is not None and r() < 0.06:
            self.complaint(seq, received)
        # Waiting for the measure to start (BDO, Randers 2016): within 30 days in a clean case.
        if self.slip(0.08):
            return paragraph, None  # never started
        start = day + (ri(60, 330) if self.slip(0.3) else ri(3, 25))
        if start > d.limit:
            return paragraph, None
        # A Serviceloven measure that starts in 2024 keeps the decision's paragraph, which
        # is not written on events from 2024 (the measure takes it from the decision).
        fields: dict[str, Any] = {"measure": measure}
        if paragraph.law == ("BL" if start >= _BL_FROM else "SEL"):
            fields["paragraph"] = paragraph
        d.add(ET.FORANSTALTNING_START, start, fields)
        return paragraph, start

    def escalation(self, day: int) -> int | None:
        """Support turns into a placement (M2), after a new BFU unless that is the lapse.

        Returns the day M2 started (and M1 ended), or None if that has not happened.
        """
        ri, d = self.ri, self.draft
        if self.slip(0.5):
            decision, talk = _weekday(day), None  # the old BFU is stale for a placement
        else:
            result = self.update(day)
            if result is None:
                return None
            decision, talk = _weekday(result[0] + ri(3, 25)), result[1]
        if decision > d.limit:
            return None
        _, start = self.decision_with_plan(decision, "M2", True, talk)
        if start is None:
            return None
        if not self.disability:
            self.assign(start, "foranstaltning", placement=True)
        self.placements.append((start, None))
        self.streams("M2", start, d.limit, True)
        return start

    def streams(self, measure: str, start: int, end: int, placement: bool) -> None:
        """BFU updates, follow-ups, conversations, plan revisions and visits while it runs."""
        r, ri, d = self.r, self.ri, self.draft
        fields = {"measure": measure}
        # The investigation is renewed before it is two years old and when the child enters a
        # new life stage (BDO, Randers 2016: stale BFUs).
        if not self.slip(0.5):
            # An update takes at most 130 days (start within 20, end within 110 days), so
            # one that cannot finish by ``end`` is not started; 560 + 150 days stays under
            # the two years.
            last = self.bfu_ends[-1] if self.bfu_ends else start
            while True:
                day = last + ri(420, 560)
                end_at: int | None = None
                stage = self.stage_birthdays(last, end)
                if stage and stage[0] <= day + 150:
                    day = max(last + 20, stage[0] - ri(20, 60))
                    end_at = stage[0] + ri(0, min(30, end - stage[0]))
                elif day + 150 > end:
                    break
                result = self.update(day, end_at)
                if result is None:
                    break
                last = result[0]
        # Follow-ups (BL § 95 stk. 2-3; SEL § 70): the first within 3 months, or when an
        # investigation running as the measure started ends, if that is earlier (BL § 95
        # stk. 2); then at the interval set at the first follow-up under Barnets Lov (SEL:
        # every 6 months). Each comes with a conversation with the child.
        interval: int | None = None
        day = _weekday(start + (ri(100, 170) if self.slip(0.3) else ri(40, 85)))
        parallel = [w for w in self.bfu_windows if w[0] <= start]
        if parallel and start < parallel[-1][1] < day:
            day = max(start, parallel[-1][1] - ri(0, 10))
        first = True
        while day <= end:
            if first or not self.slip(0.15):
                ff: dict[str, Any] = dict(fields)
                if day >= _BL_FROM and interval is None:
                    interval = 3 if r() < 0.4 else 6
                    if not self.slip(0.4):
                        ff["interval_months"] = interval
                if d.add(ET.OPFOELGNING, day, ff) is not None and self.age_years(day) >= 1:
                    self.talk(day)
            first = False
            step = (interval or 6) if day >= _BL_FROM else 6
            nxt = _weekday(_months(day, step) - ri(1, 20))
            if self.slip(0.2):
                nxt += ri(20, 120)
            day = max(nxt, day + 14)
        # Barnets plan revised at least once a year while the measure runs, and when the
        # child starts school or becomes a teenager (BDO, Randers 2016: a plan must fit the child's age).
        plans = [rec[0] for rec in d.recs if rec[3] == ET.BARNETS_PLAN and rec[0] <= start + 90]
        if plans and not self.slip(0.5):
            last = max(plans)
            while True:
                day = last + ri(150, 330)
                stage = self.stage_birthdays(last, end)
                if stage and stage[0] <= day:
                    day = stage[0] + ri(0, min(60, end - stage[0]))
                if day > end:
                    break
                last = day if _forward_weekday(day) > end else _forward_weekday(day)
                d.add(ET.BARNETS_PLAN, last)
        # Supervision visits with a conversation (BL § 156 stk. 5): no gap over 6 months.
        if placement:
            day = _weekday(start + ri(30, 150))
            while day <= end:
                d.add(ET.TILSYNSBESOEG, day, fields)
                day = _weekday(day + (ri(200, 300) if self.slip(0.3) else ri(75, 160)))

    def extras(self) -> None:
        """Requests for access (OFL § 36 stk. 2) and inquiries (Task forcen, Jammerbugt 2017), now and then."""
        r, ri, d = self.r, self.ri, self.draft
        since, latest = self.start + 10, d.limit - 45
        if r() < 0.06 and since < latest:
            day = ri(since, latest)
            seq = d.add(ET.AKTINDSIGT_ANMODET, day)
            if seq is not None:
                n = ri(9, 20) if self.slip(0.5) else ri(1, 7)
                if r() < 0.15:
                    extra = ri(8, 20)
                    # A fristbrev in time, the answer later: OFL § 36 stk. 2 allows exceeding
                    # the 7 arbejdsdage only "undtagelsesvis", so only a case with lapses does.
                    if self.lapse:
                        d.add(ET.FRISTBREV, self.f.working_days(day, min(n, 7)), ref=seq)
                        n += extra
                d.add(ET.AKTINDSIGT_BESVARET, self.f.working_days(day, n), ref=seq)
        if r() < 0.12 and since < latest:
            day = ri(since, latest)
            seq = d.add(ET.HENVENDELSE, day, {"note": "henvendelse fra forældrene"})
            if seq is not None:
                answer = _forward_weekday(day + (ri(8, 25) if self.slip(0.5) else ri(1, 4)))
                d.add(ET.HENVENDELSE_BESVARET, answer, ref=seq)

    def transition(self) -> None:
        """The transition to adulthood (BL §§ 111, 122-123; Task forcen, Jammerbugt 2017)."""
        ri, d = self.ri, self.draft
        birth = _date(self.birth)
        sixteen = birthday(birth, 16).toordinal()
        half = date_of_age(birth, 17, 6).due.toordinal()
        if self.disability and sixteen - 90 <= d.limit:
            # A koordinerende ungemøde around the 16th birthday; the handover meeting with
            # the adult area after 17½.
            if not self.slip(0.5):
                if self.start < sixteen - 100:
                    kum = sixteen - ri(10, 90)
                else:
                    kum = min(self.start + ri(7, 60), d.limit)
                    if self.start < sixteen - 7:
                        # Still before the 16th birthday (Task forcen, Jammerbugt 2017:
                        # "senest inden den unge fylder 16 år").
                        kum = min(kum, sixteen - 5)
                d.add(ET.KOORDINERENDE_UNGEMOEDE, max(_weekday(kum), self.start + 1))
            if not self.slip(0.5):
                meeting = _weekday(half + ri(0, 150))
                if meeting > self.start:
                    d.add(ET.OVERLEVERINGSMOEDE, meeting)
        # Ungestøtte decided at the latest at 17½ for a young person placed then (BL § 111).
        if sixteen > self.f.as_of:
            return
        check = min(half, self.f.as_of)
        for start, end in self.placements:
            if start > check or (end is not None and end < check) or self.slip(0.25):
                continue
            day = half + ri(10, 80) if self.slip(0.5) else half - ri(10, 90)
            day = max(start, _weekday(day))
            paragraph = _BL114 if day >= _BL_FROM else _SEL76
            fields = {"paragraph": paragraph, "outcome": "bevilget" if self.r() < 0.8 else "afslag"}
            d.add(ET.EFTERVAERN_AFGOERELSE, day, fields)
            break

    def fill_talks(self) -> None:
        """A conversation with the child at least every 5 months while the case is open (BDO,
        Randers 2016: "børnesamtale inden for det sidste ½ år"; an observation for a small child)."""
        ri, d = self.ri, self.draft
        if self.slip(0.4):
            return
        days = sorted(rec[0] for rec in d.recs if rec[3] == ET.BOERNESAMTALE)
        days.append(d.limit)
        prev = self.start
        for nxt in days:
            while nxt - prev > 150:
                day = _weekday(prev + ri(90, 150))
                if d.in_hole(day) or self.talk(day) is None:
                    break
                prev = day
            prev = max(prev, nxt)

    def fill_contact(self) -> None:
        """Ordinary contact: a few calls and meetings, and never more than 85 days without
        casework (the audit's "hul" is 90 days), except in the holes."""
        f, r, ri, d = self.f, self.r, self.ri, self.draft
        until = d.limit
        days = sorted({rec[0] for rec in d.recs if rec[3] not in _NOT_CASEWORK})
        for _ in range(ri(0, 2)):
            day = max(self.start, _weekday(ri(self.start, until)))
            d.add(ET.KONTAKT, day, {"note": f.pick(_CONTACT_NOTES)})
        days.append(until)
        prev = self.start
        for nxt in days:
            while nxt - prev > 85:
                day = _weekday(prev + ri(40, 85))
                if d.in_hole(day):
                    break
                d.add(ET.KONTAKT, day, {"note": f.pick(_CONTACT_NOTES)} if r() < 0.5 else None)
                prev = day
            prev = max(prev, nxt)

    def finish(self, index: int, child_id: str, siblings: tuple[str, ...]) -> Case:
        """Add what every case may have, close it if planned, and build the :class:`Case`."""
        self.extras()
        self.transition()
        self.fill_talks()
        self.fill_contact()
        if self.closing is not None:
            # Closed when everything is done (a late plan in a lapsed case may come after
            # the day the closing was planned for).
            day, reason = self.closing
            day = max(day, *(rec[0] for rec in self.draft.recs))
            self.draft.limit = day
            self.draft.add(ET.SAG_LUKKET, day, {"reason": reason} if reason else None)
        birth = _date(self.birth)
        child = Child(
            id=child_id,
            birth_date=birth,
            cpr=fake_cpr(birth, self.f.rng),
            siblings=siblings,
            disability=self.disability,
        )
        assert self.worker is not None
        return Case(
            case_id=f"K-{_date(self.start).year}-{index + 1:05d}",
            child=child,
            events=self.draft.events(),
            team=self.worker.team,
            district=self.fam.district,
        )


# --------------------------------------------------------------------------- public API


def _check(n: int, lapse_rate: float, n_caseworkers: int | None) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"antallet af sager skal være et helt tal ≥ 0, ikke {n!r}")
    if not 0.0 <= lapse_rate <= 1.0:
        raise ValueError(f"lapse_rate skal ligge mellem 0 og 1, ikke {lapse_rate!r}")
    if n_caseworkers is not None and n_caseworkers < 1:
        raise ValueError(f"n_caseworkers skal være mindst 1, ikke {n_caseworkers!r}")


def _default_staff(n_cases: int) -> int:
    """About one caseworker per 22 children (Dansk Socialrådgiverforening: 20-30)."""
    return max(3, n_cases // 22)


def iter_demo_cases(
    n: int,
    seed: int = 2024,
    *,
    as_of: date = DEMO_AS_OF,
    lapse_rate: float = 0.3,
    n_caseworkers: int | None = None,
    caseworkers: Sequence[Caseworker] | None = None,
) -> Iterator[Case]:
    """Yield ``n`` demo cases one at a time, without keeping them (for 100,000 and more).

    The cases are those of :func:`demo_caseload` with the same arguments. ``caseworkers``
    assigns the cases to these caseworkers instead of ``demo_caseworkers(n_caseworkers)``
    (their teams should be the demo :data:`TEAMS`; others are used as a general pool).
    """
    _check(n, lapse_rate, n_caseworkers)
    if caseworkers is None:
        caseworkers = demo_caseworkers(n_caseworkers or _default_staff(n), seed)[0]
    return _Factory(seed, as_of, lapse_rate, caseworkers).cases(n)


def demo_caseload(
    n_cases: int = 120,
    *,
    seed: int = 2024,
    as_of: date = DEMO_AS_OF,
    lapse_rate: float = 0.3,
    n_caseworkers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Caseload:
    """A synthetic caseload of ``n_cases`` children with their caseworkers and teams.

    ``n_caseworkers`` defaults to ``max(3, n_cases // 22)``: Dansk Socialrådgiverforening
    recommends 20-30 children per caseworker. ``lapse_rate`` is the share of cases with
    deliberate lapses (0: every statutory deadline met). The same arguments always give the
    same caseload; every event lies on or before ``as_of``. ``progress``, if given, is called
    with the number of cases made after each case (100,000 cases take tens of seconds).

    >>> caseload = demo_caseload(30, seed=1)
    >>> len(caseload.cases), len(caseload.caseworkers), len(caseload.teams)
    (30, 3, 4)
    >>> caseload.cases[0].child.id
    'B-00001'
    """
    _check(n_cases, lapse_rate, n_caseworkers)
    workers, teams = demo_caseworkers(n_caseworkers or _default_staff(n_cases), seed)
    made = _Factory(seed, as_of, lapse_rate, workers).cases(n_cases)
    if progress is None:
        cases = tuple(made)
    else:
        listed: list[Case] = []
        for case in made:
            listed.append(case)
            progress(len(listed))
        cases = tuple(listed)
    return Caseload(cases=cases, caseworkers=workers, teams=teams)


# --------------------------------------------------------------------------- one big case

#: The span of :func:`big_case`'s events: 1 January 2015 to 30 June 2024 (plus follow-ups).
_BIG_FIRST = date(2015, 1, 1).toordinal()
_BIG_LAST = date(2024, 6, 30).toordinal()
_BIG_STAFF = tuple(f"SB-{i:02d}" for i in range(1, 9))
_BIG_KINDS: tuple[tuple[str, int], ...] = (
    ("underretning", 5),
    ("bfu", 2),
    ("measure", 4),
    ("samtale", 2),
    ("plan", 1),
    ("klage", 1),
    ("aktindsigt", 1),
    ("tildelt", 1),
    ("kontakt", 4),
)


def big_case(n_events: int, seed: int = 0) -> Case:
    """One synthetic case with exactly ``n_events`` events of mixed types (for scale tests).

    Real cases have tens to hundreds of events; this one has as many as asked, spread over
    2015-2025 for a child born 1 March 2010, so that every engine's cost in the size of one
    case can be measured: underretninger with a time (``at``) and ``professional``, answered by
    ``kvittering_sendt`` and ``underretning_vurderet`` that name them (``ref``);
    investigations (``bfu_startet``/``bfu_afsluttet``); decisions under SEL §§ 52, 58 (before
    2024) or BL §§ 32, 46 with a measure id, its start, follow-ups naming it (some with
    ``interval_months``) and usually an end; børnesamtaler, plans, complaints and requests
    for access answered by ref, changes of caseworker and contacts. The same arguments give
    the same case; it is not a model of casework (deadlines are met or missed at random).
    """
    if isinstance(n_events, bool) or not isinstance(n_events, int) or n_events < 0:
        raise ValueError(f"antallet af hændelser skal være et helt tal ≥ 0, ikke {n_events!r}")
    rng = random.Random(seed)
    kinds = [k for k, _ in _BIG_KINDS]
    weights = [w for _, w in _BIG_KINDS]
    events: list[Event] = []
    counter = itertools.count(1)
    measures = itertools.count(1)

    def add(kind: EventType, ordinal: int, **fields: Any) -> str:
        event_id = f"E{next(counter)}"
        if len(events) < n_events:
            if "at" not in fields:
                fields["date"] = _date(ordinal)
            events.append(Event(id=event_id, type=kind, **fields))
        return event_id

    while len(events) < n_events:
        day = rng.randrange(_BIG_FIRST, _BIG_LAST + 1)
        bl = day >= _BL_FROM
        kind = rng.choices(kinds, weights)[0]
        if kind == "underretning":
            minute = rng.randrange(7 * 60, 22 * 60)
            at = _wall_time(day, minute, _offset_of_local(day, minute))
            ref = add(ET.UNDERRETNING, day, at=at, professional=rng.random() < 0.6)
            add(ET.KVITTERING_SENDT, day + rng.randrange(0, 9), ref=ref)
            add(ET.UNDERRETNING_VURDERET, day + rng.randrange(0, 2), ref=ref)
        elif kind == "bfu":
            add(ET.BFU_STARTET, day)
            add(ET.BFU_AFSLUTTET, day + rng.randrange(30, 150))
        elif kind == "measure":
            measure = f"M-{next(measures)}"
            placement = rng.random() < 0.3
            text = (
                ("BL 46" if placement else "BL 32")
                if bl
                else ("SEL 52 stk. 3 nr. 7" if placement else "SEL 52 stk. 3 nr. 3")
            )
            paragraph = Paragraph.parse(text)
            add(
                ET.AFGOERELSE,
                day,
                paragraph=paragraph,
                measure=measure,
                outcome="bevilget",
                partshoering=rng.random() < 0.9,
                begrundelse=True,
                klagevejledning=True,
            )
            start = day + rng.randrange(0, 30)
            add(ET.FORANSTALTNING_START, start, paragraph=paragraph, measure=measure)
            follow = _months(start, 3)
            for _ in range(rng.randrange(1, 4)):
                months = rng.choice((None, None, 6, 12))
                add(ET.OPFOELGNING, follow, measure=measure, interval_months=months)
                follow = _months(follow, months or 6)
            if rng.random() < 0.8:
                add(ET.FORANSTALTNING_SLUT, follow, measure=measure)
        elif kind == "samtale":
            add(ET.BOERNESAMTALE, day)
        elif kind == "plan":
            add(ET.BARNETS_PLAN, day)
        elif kind == "klage":
            ref = add(ET.KLAGE_MODTAGET, day)
            add(ET.KLAGE_GENVURDERET, day + rng.randrange(1, 40), ref=ref)
        elif kind == "aktindsigt":
            ref = add(ET.AKTINDSIGT_ANMODET, day)
            add(ET.AKTINDSIGT_BESVARET, day + rng.randrange(1, 12), ref=ref)
        elif kind == "tildelt":
            add(ET.SAGSBEHANDLER_TILDELT, day, caseworker=rng.choice(_BIG_STAFF))
        else:
            add(ET.KONTAKT, day, note=rng.choice(_CONTACT_NOTES))
    child = Child(id="B-BIG", birth_date=date(2010, 3, 1))
    return Case(case_id="K-BIG", child=child, events=events, team="T-foranstaltning")


# --------------------------------------------------------------------------- sample case


def sample_case_path() -> Path:
    """The sample case shipped in the package (``boernesag/data/sample_case.json``): the
    spec's example case (``boernesag.case/1``), synthetic; its CPR number fails the
    modulus-11 check on purpose, like the demo's (:func:`fake_cpr`).

    >>> from boernesag import load_case
    >>> load_case(sample_case_path()).case_id
    'K-2024-0001'
    """
    from importlib import resources

    return Path(str(resources.files("boernesag") / "data" / "sample_case.json"))
