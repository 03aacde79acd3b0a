"""The case model: a child's case as a timeline of events.

One case per child (Barnets Lov; Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«: "én sag pr. barn"). A :class:`Case` holds facts
about the child and an ordered tuple of :class:`Event`; decisions (:class:`Decision`) and
measures (:class:`Measure`) are views derived from the events, never stored separately, so
that every deadline, audit finding and handover item follows from the timeline.

All classes are frozen ``attrs`` classes. Objects are built by :mod:`boernesag.caseio` from
the JSON case format (``boernesag.case/1``), which validates them; constructing them directly
is possible and validates the basic types.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

import attrs

from boernesag.bounds import EARLIEST, LATEST, check_day, in_window, outside_window
from boernesag.cpr import Cpr, redact
from boernesag.errors import CaseFormatError, located
from boernesag.paragraphs import Paragraph

__all__ = [
    "Case",
    "Caseload",
    "Caseworker",
    "Child",
    "Decision",
    "Event",
    "EventType",
    "LoadWarning",
    "Measure",
    "RawCase",
    "RejectedCase",
    "Team",
]


#: The outcomes of a decision that grants nothing: a refusal (``afslag``) or a dismissal
#: (``afvist``). Such a decision starts no measure and continues none.


class FrozenMapping(Mapping[str, Any]):
    """A read-only mapping for unknown JSON keys; unlike ``MappingProxyType`` it pickles
    (the batch API sends cases to worker processes)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self._data: dict[str, Any] = dict(data or {})

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMapping], tuple[dict[str, Any]]]:
        return (FrozenMapping, (self._data,))


_EMPTY: Mapping[str, Any] = FrozenMapping()
_COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: The second sort key of an event without a time (before every timed event of its day).
_NO_TIME = timedelta(0)


def _freeze_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if not value:
        return _EMPTY
    if isinstance(value, FrozenMapping):
        return value
    return FrozenMapping(value)


class EventType(enum.StrEnum):
    """The event vocabulary of the case format (``../shared/spec/case-format.md`` § 1).

    The first block is the spec's minimum vocabulary; the second extends it, as the spec
    allows, for rules and checks that need events the minimum does not name.
    """

    UNDERRETNING = "underretning"
    UNDERRETNING_VURDERET = "underretning_vurderet"
    KVITTERING_SENDT = "kvittering_sendt"
    BFU_STARTET = "bfu_startet"
    BFU_AFSLUTTET = "bfu_afsluttet"
    FORELOEBIG_VURDERING = "foreloebig_vurdering"
    BARNETS_PLAN = "barnets_plan"
    BOERNESAMTALE = "boernesamtale"
    AFGOERELSE = "afgoerelse"
    FORANSTALTNING_START = "foranstaltning_start"
    FORANSTALTNING_SLUT = "foranstaltning_slut"
    OPFOELGNING = "opfoelgning"
    KLAGE_MODTAGET = "klage_modtaget"
    KLAGE_GENVURDERET = "klage_genvurderet"
    KLAGE_VIDERESENDT = "klage_videresendt"
    AKTINDSIGT_ANMODET = "aktindsigt_anmodet"
    AKTINDSIGT_BESVARET = "aktindsigt_besvaret"
    SAGSBEHANDLER_TILDELT = "sagsbehandler_tildelt"
    KONTAKT = "kontakt"
    KOORDINERENDE_UNGEMOEDE = "koordinerende_ungemoede"
    EFTERVAERN_AFGOERELSE = "eftervaern_afgoerelse"
    SAG_LUKKET = "sag_lukket"
    # Extensions (documented in docs/case-format.rst).
    ANSOEGNING = "ansoegning"
    """An application for help; makes the municipality aware of a possible need (BL § 20)."""
    TILSYNSBESOEG = "tilsynsbesoeg"
    """A supervision visit at the placement with a conversation with the child (BL § 156)."""
    OVERLEVERINGSMOEDE = "overleveringsmoede"
    """Handover meeting with the adult area before the 18th birthday (Task forcen, Jammerbugt 2017)."""
    OVERDRAGELSESMOEDE = "overdragelsesmoede"
    """Handover meeting between caseworkers at a change of caseworker (Socialstyrelsen, »Hvordan overdrages sager?«)."""
    HENVENDELSE = "henvendelse"
    """An inquiry from the family or a partner (municipal answer target, Task forcen, Jammerbugt 2017)."""
    HENVENDELSE_BESVARET = "henvendelse_besvaret"
    LEDELSESTILSYN = "ledelsestilsyn"
    """A leader's documented review of the case (municipal target, Task forcen, Jammerbugt 2017)."""
    FRISTBREV = "fristbrev"
    """A letter telling the citizen that a request cannot be decided in time (OFL § 36)."""
    INGEN_UNDERSOEGELSE = "ingen_undersoegelse"
    """A recorded assessment that no børnefaglig undersøgelse is needed after a notice, with its
    ``reason`` (BL § 20 stk. 1 / SEL § 50 stk. 1: the duty is to investigate "hvis det må antages"
    that the child needs support); closes the BFU duty of that notice as not applicable."""
    AFDAEKNING = "afdaekning"
    """An afdækning of the child's situation (BL § 19; § 32 stk. 4: an indsats may be decided on
    an afdækning instead of a børnefaglig undersøgelse); an alternative to the BFU under BL only."""
    UDBETALING = "udbetaling"
    """A payment of a granted cash benefit to the parents (merudgifter BL § 86 / SEL § 41, tabt
    arbejdsfortjeneste BL § 87 / SEL § 42), with the ``measure`` and ``paragraph`` of the grant.
    Not activity on the case: a payment runs without the caseworker (no "huller" closed by it)."""
    GENBEREGNING = "genberegning"
    """A recalculation (genberegning, efterregulering) of a granted cash benefit against the
    family's actual costs or earnings (BL §§ 86-87 / SEL §§ 41-42), with ``measure`` and
    ``paragraph``; the follow-up of a cash benefit."""


#: Events that are activity by the municipality on the case (for "huller": inactivity).
ACTIVITY_TYPES: frozenset[EventType] = frozenset(EventType) - {
    EventType.UNDERRETNING,
    EventType.ANSOEGNING,
    EventType.HENVENDELSE,
    EventType.KLAGE_MODTAGET,
    EventType.AKTINDSIGT_ANMODET,
    EventType.UDBETALING,
}


@attrs.frozen
class Event:
    """One dated fact on a case's timeline.

    ``date`` is the calendar day; ``at`` a timestamp (naive = Europe/Copenhagen wall time, or
    aware) where the law counts hours. At least one is set; when only ``at`` is given,
    :attr:`day` is its Copenhagen date. Fields that do not apply to the event's type stay
    ``None``; unknown keys from the JSON are kept in ``extra`` and written back unchanged.
    """

    id: str
    type: EventType
    date: dt.date | None = None
    at: datetime | None = None
    ref: str | None = None
    measure: str | None = None
    paragraph: Paragraph | None = None
    caseworker: str | None = None
    team: str | None = None
    outcome: str | None = None
    professional: bool | None = None
    partshoering: bool | None = None
    begrundelse: bool | None = None
    klagevejledning: bool | None = None
    meddelt: dt.date | None = None
    interval_months: int | None = None
    boernesamtale_undtagelse: str | None = None
    reason: str | None = None
    note: str | None = None
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, converter=_freeze_mapping, eq=False)

    day: dt.date = attrs.field(init=False, eq=False, repr=False)
    """The event's calendar day (Copenhagen date of ``at`` when ``date`` is absent)."""
    sort_key: tuple[dt.date, timedelta] = attrs.field(init=False, eq=False, repr=False)
    """Day, then, for a timed event, the time elapsed since Copenhagen midnight of the day of
    its ``at`` (events on one day without a time sort first, as if at 00:00).

    Elapsed time, not wall time: on the last Sunday of October the hour 02:00-02:59 comes
    twice, and 02:10+01:00 is after 02:30+02:00; ordering by the instant keeps the events in
    the order they happened (a same-day reassignment after the assignment it replaces).
    On every other day elapsed and wall time order alike."""

    def __attrs_post_init__(self) -> None:
        # day and sort_key are computed once: the deadline engine reads them many times.
        # The plausibility window (boernesag.bounds) is enforced here too, so that a
        # hand-built event cannot take year 1 or 9999 into the engines; the checks are a few
        # comparisons (this runs for every event of a national caseload).
        if self.date is None and self.at is None:
            raise CaseFormatError.from_key("event.no_date", event_id=self.id, field="date")
        local = None
        local_day = None
        if self.at is not None:
            if not isinstance(self.at, datetime):
                raise CaseFormatError.from_key(
                    "value.must_be_datetime", event_id=self.id, field="at"
                )
            if not _AT_MIN_YEAR <= self.at.year <= _AT_MAX_YEAR:
                # Far outside the window: refused before any time zone arithmetic, which
                # would overflow at year 1 or 9999.
                self._outside("at", self.at.date())
            if self.at.tzinfo is None:
                from boernesag.errors import TimeZoneError
                from boernesag.periods import to_copenhagen

                try:  # a naive wall time that does not exist, or exists twice, is refused
                    instant = to_copenhagen(self.at)
                except TimeZoneError as exc:
                    raise type(exc).from_key("event.at_problem", id=self.id, problem=exc) from None
            elif not isinstance(self.at.tzinfo, dt.timezone):
                # Keep aware times at a fixed UTC offset, as the JSON format writes them: a
                # zoneinfo time in the repeated DST hour never compares equal to the same
                # instant elsewhere (PEP 495).
                offset = self.at.utcoffset()
                assert offset is not None
                object.__setattr__(self, "at", self.at.astimezone(dt.timezone(offset)))
            if self.at.tzinfo is not None:
                instant = self.at.astimezone(_COPENHAGEN)
            local = instant
            local_day = local.date()
            if not EARLIEST <= local_day <= LATEST:
                self._outside("at", local_day)
        if self.date is not None and not (
            type(self.date) is dt.date and EARLIEST <= self.date <= LATEST
        ):
            self._check_date("date", self.date)
        if self.meddelt is not None and not (
            type(self.meddelt) is dt.date and EARLIEST <= self.meddelt <= LATEST
        ):
            self._check_date("meddelt", self.meddelt)
        day: dt.date = self.date if self.date is not None else local_day  # type: ignore[assignment]
        # Events share one date object and one date-only sort key per day: a national
        # caseload has millions of events on a few thousand days (memory, not speed).
        key = _DAY_KEYS.get(day)
        if key is None:
            key = _DAY_KEYS.setdefault(day, (day, _NO_TIME))
        day = key[0]
        if self.date is not None and self.date is not day and type(self.date) is dt.date:
            object.__setattr__(self, "date", day)
        object.__setattr__(self, "day", day)
        if local is not None:
            key = (day, local.astimezone(dt.UTC) - _midnight(local.date()))
        object.__setattr__(self, "sort_key", key)

    def _check_date(self, field: str, value: object) -> None:
        """The slow path of the date checks: a date subclass, or not a date at all."""
        if not isinstance(value, dt.date):
            raise CaseFormatError.from_key("value.must_be_a_date", event_id=self.id, field=field)
        if not in_window(value):
            self._outside(field, value)

    def _outside(self, field: str, day: dt.date) -> NoReturn:
        """Raise the window error for ``field`` (as :func:`boernesag.bounds.check_day`)."""
        raise outside_window(
            day, field=field, event_id=self.id, event_type=getattr(self.type, "value", None)
        )


_DAY_KEYS: dict[dt.date, tuple[dt.date, timedelta]] = {}
_MIDNIGHTS: dict[dt.date, datetime] = {}


def _midnight(day: dt.date) -> datetime:
    """The instant Copenhagen's ``day`` begins (aware; cached: few days, many events)."""
    found = _MIDNIGHTS.get(day)
    if found is None:
        found = _MIDNIGHTS.setdefault(day, datetime.combine(day, time.min, _COPENHAGEN))
    return found


#: Years of an ``at`` that can be converted to Copenhagen time without overflow and may
#: still have a Copenhagen date in the window (2100-01-01T00:30+14:00 is 2099-12-31 there).
_AT_MIN_YEAR, _AT_MAX_YEAR = EARLIEST.year - 1, LATEST.year + 1


@attrs.frozen
class Decision:
    """An afgørelse, with the Forvaltningsloven requirements recorded on it.

    ``partshoering`` (FVL § 19), ``begrundelse`` (FVL §§ 22 and 24) and ``klagevejledning``
    (FVL § 25) are ``True``/``False`` as recorded, ``None`` where the case file is silent.
    ``received`` is the day the citizen got it: ``meddelt`` if recorded, else the decision's
    date (Digital Post counts as received the day it is sent; JM vejl. 9533/2018).
    """

    event_id: str
    date: dt.date
    paragraph: Paragraph | None
    outcome: str | None
    measure: str | None
    partshoering: bool | None
    begrundelse: bool | None
    klagevejledning: bool | None
    meddelt: dt.date | None
    boernesamtale_undtagelse: str | None

    @property
    def received(self) -> dt.date:
        return self.meddelt if self.meddelt is not None else self.date

    @classmethod
    def from_event(cls, event: Event) -> Decision:
        return cls(
            event_id=event.id,
            date=event.day,
            paragraph=event.paragraph,
            outcome=event.outcome,
            measure=event.measure,
            partshoering=event.partshoering,
            begrundelse=event.begrundelse,
            klagevejledning=event.klagevejledning,
            meddelt=event.meddelt,
            boernesamtale_undtagelse=event.boernesamtale_undtagelse,
        )


@attrs.frozen
class Measure:
    """A foranstaltning/indsats: paragraph, the decision that granted it, start and end."""

    id: str
    paragraph: Paragraph | None
    decided_by: str | None
    decided_on: date | None
    start: date | None
    start_event: str | None
    end: date | None

    def active_on(self, day: date) -> bool:
        """Started on or before ``day`` and not ended before it."""
        return (
            self.start is not None and self.start <= day and (self.end is None or day <= self.end)
        )

    @property
    def is_placement(self) -> bool:
        from boernesag.law.vocabulary import vocabulary as legal_vocabulary  # law imports model

        return legal_vocabulary().in_class("placement", self.paragraph)


def _to_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class Child:
    """The child of a case. ``cpr`` is optional and never shown unmasked."""

    id: str
    birth_date: date
    cpr: Cpr | None = None
    siblings: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    disability: bool = False
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, converter=_freeze_mapping, eq=False)

    def __attrs_post_init__(self) -> None:
        # The hard window only (not "at most a year from today", which the loader checks):
        # a child built by hand with a birth in year 1 must not reach the engines.
        if not isinstance(self.birth_date, dt.date) or isinstance(self.birth_date, datetime):
            raise CaseFormatError.from_key("value.must_be_a_date", field="child.birth_date")
        check_day(self.birth_date, field="child.birth_date")
        if self.cpr is not None and not self.cpr.matches(self.birth_date):
            raise CaseFormatError.from_key(
                "child.cpr_birth",
                masked=self.cpr.masked,
                birth=self.birth_date.isoformat(),
                field="child.cpr",
            )

    def __repr__(self) -> str:
        cpr = self.cpr.masked if self.cpr is not None else None
        return (
            f"Child(id={self.id!r}, birth_date={self.birth_date!r}, cpr={cpr!r}, "
            f"siblings={self.siblings!r}, disability={self.disability!r})"
        )


def _events_converter(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


@attrs.frozen
class Case:
    """A child's case: the child, its team and district, and the timeline of events.

    ``events`` keeps the order of the input; :attr:`timeline` is sorted by time.
    """

    case_id: str
    child: Child
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events_converter)
    team: str | None = None
    district: str | None = None
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, converter=_freeze_mapping, eq=False)

    @cached_property
    def timeline(self) -> tuple[Event, ...]:
        """The events sorted by day and time (stable: ties keep input order)."""
        return tuple(sorted(self.events, key=lambda e: e.sort_key))

    @cached_property
    def _by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def event(self, event_id: str) -> Event:
        """The event with this id (``KeyError`` if there is none)."""
        return self._by_id[event_id]

    def get_event(self, event_id: str | None) -> Event | None:
        return self._by_id.get(event_id) if event_id is not None else None

    def of_type(self, *types: EventType) -> tuple[Event, ...]:
        """Events of the given types, in time order."""
        wanted = set(types)
        return tuple(e for e in self.timeline if e.type in wanted)

    def until(self, day: date) -> Case:
        """The case as it stood at the end of ``day``: later events removed."""
        return attrs.evolve(self, events=tuple(e for e in self.events if e.day <= day))

    @cached_property
    def decisions(self) -> tuple[Decision, ...]:
        """Every afgørelse, in time order."""
        return tuple(Decision.from_event(e) for e in self.of_type(EventType.AFGOERELSE))

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        """Measures by id, from the decisions and start/end events that name them."""
        return _derive_measures(self.timeline)

    def measures_on(self, day: date) -> tuple[Measure, ...]:
        """The measures as the case stood at the end of ``day``: derived as :attr:`measures`
        from the events up to and including ``day`` only.

        A later decision does not give a measure its paragraph, and a measure ended on or
        before ``day`` keeps that end even if it was ended again later: a deadline computed
        as the case stood on a day sees no later facts (:mod:`boernesag.deadlines`).
        """
        return _derive_measures(e for e in self.timeline if e.day <= day)

    def measure(self, measure_id: str) -> Measure | None:
        for m in self.measures:
            if m.id == measure_id:
                return m
        return None

    @property
    def opened(self) -> date | None:
        """The first day on the timeline."""
        return self.timeline[0].day if self.events else None

    @property
    def closed(self) -> date | None:
        """The day of the last ``sag_lukket``, unless later events reopened the case."""
        return self.closed_on(self.timeline[-1].day) if self.events else None

    def closed_on(self, day: date) -> date | None:
        """:attr:`closed` as the case stood at the end of ``day``: the last ``sag_lukket`` by
        then, unless an event by then came after it (later events are not seen)."""
        last = None
        for e in self.timeline:
            if e.day > day:
                break
            if e.type == EventType.SAG_LUKKET:
                last = e.day
            elif last is not None and e.day > last:
                last = None
        return last

    def is_open_on(self, day: date) -> bool:
        """True if the case had started and was not closed on ``day``."""
        opened = self.opened
        return opened is not None and opened <= day and self.closed_on(day) is None

    def caseworker_on(self, day: date) -> str | None:
        """The caseworker assigned on ``day`` (latest ``sagsbehandler_tildelt`` up to then)."""
        current = None
        for e in self.of_type(EventType.SAGSBEHANDLER_TILDELT):
            if e.day > day:
                break
            current = e.caseworker
        return current

    @property
    def caseworker(self) -> str | None:
        """The caseworker named by the latest ``sagsbehandler_tildelt`` event."""
        assigned = self.of_type(EventType.SAGSBEHANDLER_TILDELT)
        return assigned[-1].caseworker if assigned else None

    def __iter__(self) -> Iterator[Event]:
        return iter(self.timeline)


def _derive_measures(timeline: Iterable[Event]) -> tuple[Measure, ...]:
    """Measures by id from events in time order: the first granting decision (not
    ``afslag``/``afvist``) and the first start; the paragraph of the last start that names
    one, else of the first granting decision that names one; the day of the last end.
    Refused outcomes are the vocabulary's (``law/data/vocabulary.toml``)."""
    from boernesag.law.vocabulary import vocabulary as legal_vocabulary  # law imports model

    legal = legal_vocabulary()
    info: dict[str, dict[str, Any]] = {}
    for e in timeline:
        if e.measure is None:
            continue
        m = info.setdefault(
            e.measure,
            {
                "paragraph": None,
                "decided_by": None,
                "decided_on": None,
                "start": None,
                "start_event": None,
                "end": None,
            },
        )
        if e.type == EventType.AFGOERELSE and not legal.is_refused(e.outcome):
            if m["decided_by"] is None:
                m["decided_by"], m["decided_on"] = e.id, e.day
            m["paragraph"] = m["paragraph"] or e.paragraph
        elif e.type == EventType.FORANSTALTNING_START:
            if m["start"] is None:
                m["start"], m["start_event"] = e.day, e.id
            m["paragraph"] = e.paragraph or m["paragraph"]
        elif e.type == EventType.FORANSTALTNING_SLUT:
            m["end"] = e.day
    return tuple(Measure(id=k, **v) for k, v in info.items())


def _to_frozenset(value: Iterable[str]) -> frozenset[str]:
    """A caseworker's competences as a set of texts. One text is refused (``"handicap"`` would
    otherwise become the set of its letters), and so is anything that is not a collection of
    hashable values; both as :class:`~boernesag.errors.CaseFormatError` naming the field."""
    if isinstance(value, str | bytes):
        raise CaseFormatError.from_key(
            "value.list_not_one_text", value=repr(value), field="competences"
        )
    try:
        return frozenset(value)
    except TypeError:
        raise CaseFormatError.from_key("value.must_be_texts", field="competences") from None


@attrs.frozen
class Caseworker:
    """A caseworker (sagsbehandler).

    ``capacity`` is in weighted case points (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«; a caseworker with capacity 6 takes three
    cases of weight 2). ``competences`` are paragraph areas or skills (``handicap``,
    ``anbringelse``, ``unge``, ``bevillingskompetence``). ``experience`` is in years.
    """

    id: str
    team: str | None = None
    capacity: float | None = None
    competences: frozenset[str] = attrs.field(default=frozenset(), converter=_to_frozenset)
    district: str | None = None
    experience: float | None = None
    hours: float | None = None
    name: str | None = None
    active: bool = True
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, converter=_freeze_mapping, eq=False)


@attrs.frozen
class Team:
    """A team: ``kind`` is e.g. ``modtage``, ``undersoegelse``, ``foranstaltning``, ``handicap``."""

    id: str
    name: str | None = None
    kind: str | None = None
    district: str | None = None
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, converter=_freeze_mapping, eq=False)


class RawCase:
    """The JSON of a case as it was read, kept opaque: its ``repr`` shows no content, and
    ``attrs.asdict`` does not look inside it (it may hold a CPR number). ``value`` is the
    decoded JSON object, to be written back unchanged (``boernesag ... --save``)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "RawCase(...)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RawCase) and self.value == other.value

    __hash__ = None  # type: ignore[assignment]


def _redacted(value: str) -> str:
    return redact(value)


@attrs.frozen(repr=False)
class RejectedCase:
    """A case a lenient load could not read: where it was and why (no CPR in the message).

    ``raw`` is the case's JSON as read (opaque, see :class:`RawCase`), so that a caseload
    saved after a lenient load can write the rejected cases back unchanged. ``error`` is
    masked (:func:`boernesag.cpr.redact`) however it was built; so is the ``repr``.
    """

    index: int
    case_id: str | None
    error: str = attrs.field(converter=_redacted)
    raw: RawCase | None = attrs.field(default=None, eq=False)
    #: ``error`` in English (``None``: only the Danish is known)
    en: str | None = attrs.field(
        default=None, eq=False, converter=attrs.converters.optional(_redacted)
    )

    def text(self, lang: str = "da") -> str:
        """Why the case was rejected, in ``lang`` (``"da"`` or ``"en"``)."""
        return self.en if lang == "en" and self.en is not None else self.error

    def __repr__(self) -> str:
        return redact(
            f"RejectedCase(index={self.index!r}, case_id={self.case_id!r}, error={self.error!r})"
        )


@attrs.frozen(repr=False)
class LoadWarning:
    """Something implausible but loadable in a case: where it is and what, in a message a
    caseworker can act on (no CPR in it: ``message``, ``str`` and ``repr`` are masked).

    ``kind`` says what was found, for programs that group or filter warnings:

    * ``"after_closing"``: events more than :data:`boernesag.bounds.AFTER_CLOSING_DAYS`
      days after a ``sag_lukket`` with no reopening in between (:mod:`boernesag.caseio`);
    * ``"law_period"``: a paragraph of a law that did not apply to children's cases on the
      event's date (``SEL 52`` on an event in 2024, ``BL 32`` in 2023): the deadlines that
      depend on it cannot be computed from it; the message says which and what to record;
    * ``"date_at"``: an event whose ``date`` and ``at`` fall on different Copenhagen days.
    """

    case_id: str | None
    event_id: str | None
    field: str | None
    message: str = attrs.field(converter=_redacted)
    kind: str | None = None
    #: the message in English (``None``: only the Danish is known)
    en: str | None = attrs.field(default=None, converter=attrs.converters.optional(_redacted))

    def __str__(self) -> str:
        return redact(
            located(self.message, case_id=self.case_id, event_id=self.event_id, field=self.field)
        )

    def text(self, lang: str = "da") -> str:
        """The warning in ``lang`` (``"da"`` or ``"en"``), where it applies first."""
        if lang != "en":
            return str(self)
        reason = self.en if self.en is not None else self.message
        return redact(
            located(
                reason, case_id=self.case_id, event_id=self.event_id, field=self.field, lang="en"
            )
        )

    def __repr__(self) -> str:
        return redact(
            f"LoadWarning(case_id={self.case_id!r}, event_id={self.event_id!r}, "
            f"field={self.field!r}, message={self.message!r}, kind={self.kind!r})"
        )


def _cases_converter(value: Iterable[Case]) -> tuple[Case, ...]:
    return tuple(value)


def _caseworkers_converter(value: Iterable[Caseworker]) -> tuple[Caseworker, ...]:
    return tuple(value)


def _teams_converter(value: Iterable[Team]) -> tuple[Team, ...]:
    return tuple(value)


def _rejected_converter(value: Iterable[RejectedCase]) -> tuple[RejectedCase, ...]:
    return tuple(value)


def _warnings_converter(value: Iterable[LoadWarning]) -> tuple[LoadWarning, ...]:
    return tuple(value)


@attrs.frozen
class Caseload:
    """Cases with the caseworkers and teams that handle them (a sagsstamme or a whole area).

    ``rejected`` lists the cases a lenient load could not read; it is empty after a strict
    load. Nothing is dropped silently. ``warnings`` lists what loaded but looks implausible.
    """

    cases: tuple[Case, ...] = attrs.field(default=(), converter=_cases_converter)
    caseworkers: tuple[Caseworker, ...] = attrs.field(default=(), converter=_caseworkers_converter)
    teams: tuple[Team, ...] = attrs.field(default=(), converter=_teams_converter)
    rejected: tuple[RejectedCase, ...] = attrs.field(default=(), converter=_rejected_converter)
    warnings: tuple[LoadWarning, ...] = attrs.field(default=(), converter=_warnings_converter)
    extra: Mapping[str, Any] = attrs.field(default=_EMPTY, converter=_freeze_mapping, eq=False)

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[Case]:
        return iter(self.cases)

    @cached_property
    def _case_index(self) -> dict[str, Case]:
        return {c.case_id: c for c in self.cases}

    def case(self, case_id: str) -> Case:
        return self._case_index[case_id]

    def caseworker(self, caseworker_id: str) -> Caseworker | None:
        for cw in self.caseworkers:
            if cw.id == caseworker_id:
                return cw
        return None

    def cases_of(self, caseworker_id: str) -> tuple[Case, ...]:
        """The cases whose current caseworker is ``caseworker_id``."""
        return tuple(c for c in self.cases if c.caseworker == caseworker_id)
