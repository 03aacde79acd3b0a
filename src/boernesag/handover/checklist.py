"""Handover checklists: the steps of Socialstyrelsen (»Hvordan overdrages sager?«), the Task force (Jammerbugt 2017) and BDO (Randers 2016) as data, chosen by situation.

Every item is one row of :data:`ITEMS`: an id, the text in Danish and English, the
:class:`~boernesag.handover.situation.HandoverKind` cells it belongs to, optionally the
reasons it is limited to and a count that must be above zero (``only_if``), who is
responsible, when it is due (working days from the handover day; negative = before) and the
source document it comes from. :func:`build_checklist` selects and fills in the items; there are no
per-situation code branches, so a municipality can read (and replace) the whole list.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

import attrs

from boernesag.calendar import Calendar, add_working_days
from boernesag.handover.situation import HandoverKind, Reason, Situation
from boernesag.messages import Message
from boernesag.periods import as_of_day
from boernesag.text import check_lang, fill

__all__ = ["ITEMS", "Checklist", "ChecklistEntry", "ChecklistItem", "Role", "build_checklist"]


class Role(enum.StrEnum):
    """Who carries out a checklist item."""

    LEDER = "leder"
    AFGIVENDE = "afgivende"
    MODTAGENDE = "modtagende"

    def label(self, lang: str = "da") -> str:
        da, en = _ROLE_LABELS[self]
        return en if check_lang(lang) == "en" else da


_ROLE_LABELS = {
    Role.LEDER: ("leder", "leader"),
    Role.AFGIVENDE: ("afgivende sagsbehandler", "outgoing caseworker"),
    Role.MODTAGENDE: ("modtagende sagsbehandler", "receiving caseworker"),
}

#: The counts an item text may use, all set by :func:`build_checklist`'s ``context``.
CONTEXT_KEYS = (
    "n_cases",
    "n_window",
    "n_overdue",
    "window_days",
    "n_missing_descriptions",
    "n_fixed",
    "n_transition",
    "n_open",
)


@attrs.frozen
class ChecklistItem:
    """One step of a handover, as data.

    ``situations``: the cells of Socialstyrelsen's (»Hvordan overdrages sager?«) table it belongs to. ``reasons``: if not empty, only
    for these reasons. ``exclude_reasons``: never for these. ``only_if``: a count of the
    context (:data:`CONTEXT_KEYS`) that must be above zero. ``days``: due this many working
    days after the handover day (negative: before it; ``None``: no date).
    """

    id: str
    da: str
    en: str
    situations: frozenset[HandoverKind]
    role: Role
    source: str
    days: int | None = None
    reasons: frozenset[Reason] = frozenset()
    exclude_reasons: frozenset[Reason] = frozenset()
    only_if: str | None = None

    def applies(self, situation: Situation, context: Mapping[str, int]) -> bool:
        if situation.kind not in self.situations:
            return False
        if self.reasons and situation.reason not in self.reasons:
            return False
        if situation.reason is not None and situation.reason in self.exclude_reasons:
            return False
        return self.only_if is None or context.get(self.only_if, 0) > 0


_P = frozenset({HandoverKind.PLANNED_CASELOAD, HandoverKind.PLANNED_CASE})
_U = frozenset({HandoverKind.UNPLANNED_CASELOAD, HandoverKind.UNPLANNED_CASE})
_ALL = _P | _U
_STAMME = frozenset({HandoverKind.PLANNED_CASELOAD, HandoverKind.UNPLANNED_CASELOAD})
_PSTAMME = frozenset({HandoverKind.PLANNED_CASELOAD})
_UCASE = frozenset({HandoverKind.UNPLANNED_CASE})

_S000 = "Socialstyrelsen: Hvordan overdrages sager?"
_S003 = "Task forcen, Jammerbugt 2017 (overgang fra barn til voksen)"
_S003P = "Task forcen, Jammerbugt 2017 (procedure for sagsoverdragelse)"
_S004 = "BDO, Randers 2016 (sagsgennemgang: opsamlingspunkter, huller)"

#: Every checklist item, in the order they are shown for equal due days.
ITEMS: tuple[ChecklistItem, ...] = (
    # --- before the change (planned) -----------------------------------------------------
    ChecklistItem(
        "ajourfoert",
        "Sagerne er ajourført og journaliseret efter god journaliseringspraksis, før de overdrages",
        "The cases are up to date and filed by good record-keeping practice before the handover",
        _P,
        Role.AFGIVENDE,
        _S000,
        days=-1,
    ),
    ChecklistItem(
        "kort-beskrivelse",
        "Den afgivende sagsbehandler supplerer sagslisten med en kort beskrivelse af hver sag "
        "({n_missing_descriptions} mangler)",
        "The outgoing caseworker adds a short description of each case to the case list "
        "({n_missing_descriptions} missing)",
        _P,
        Role.AFGIVENDE,
        _S000,
        days=-1,
    ),
    ChecklistItem(
        "opsamlingspunkter",
        "Opsamlingspunkter til den modtagende: dato for børnefaglig undersøgelse, sidste møde "
        "med barnet og familien, bevillinger og aftaler (felter på sagslisten)",
        "Summary points for the receiver: date of the child protection investigation, last "
        "meeting with the child and the family, grants and agreements (fields of the case list)",
        _P,
        Role.AFGIVENDE,
        _S004,
        days=-1,
    ),
    ChecklistItem(
        "overdragelsesmoede",
        "Hold overdragelsesmøde, hvor den afgivende sagsbehandler redegør for de væsentligste "
        "elementer i hver sag",
        "Hold a handover meeting where the outgoing caseworker goes through the essentials of "
        "each case",
        _P,
        Role.AFGIVENDE,
        _S000,
        days=-1,
    ),
    ChecklistItem(
        "frister-aftales",
        "Aftal på overdragelsesmødet, hvem der overholder "
        "{n_window:fristen|hver af de {n_window} frister}, der udløber inden for {window_days} "
        "{window_days:dag|dage} efter skiftet",
        "Agree at the handover meeting who meets "
        "{n_window:the deadline|each of the {n_window} deadlines} due within {window_days} "
        "{window_days:day|days} after the change",
        _P,
        Role.AFGIVENDE,
        _S000,
        days=-1,
        only_if="n_window",
    ),
    ChecklistItem(
        "familien-orienteres-foer",
        "Orientér barnet/den unge og forældrene om, hvem den nye sagsbehandler er, og fra hvornår",
        "Tell the child/young person and the parents who the new caseworker is, and from when",
        _P,
        Role.AFGIVENDE,
        _S000,
        days=-1,
    ),
    ChecklistItem(
        "overgang-samtykke",
        "Indhent den unges (og forældrenes) samtykke til at videregive oplysninger til "
        "voksenområdet",
        "Obtain the young person's (and parents') consent to pass information to the adult area",
        _P,
        Role.AFGIVENDE,
        _S003,
        days=-10,
        reasons=frozenset({Reason.OVERGANG}),
    ),
    ChecklistItem(
        "overgang-plan",
        "Send voksenområdet en samlet plan for den unges overgang, udarbejdet med den unge og "
        "forældrene",
        "Send the adult area one plan for the young person's transition, made with the young "
        "person and the parents",
        _P,
        Role.AFGIVENDE,
        _S003,
        days=-5,
        reasons=frozenset({Reason.OVERGANG}),
    ),
    ChecklistItem(
        "overgang-overleveringsmoede",
        "Hold overleveringsmøde med voksenområdet, den unge, forældrene og relevante parter "
        "(UU, ungeenheden) – forberedelsen skal være færdig, så støtten kan begynde ved 18 år "
        "(BL §§ 122-123)",
        "Hold the handover meeting with the adult area, the young person, the parents and others "
        "concerned (UU, youth unit): preparation must be finished so support can start at 18 "
        "(BL §§ 122-123)",
        _P,
        Role.AFGIVENDE,
        _S003,
        days=-1,
        reasons=frozenset({Reason.OVERGANG}),
    ),
    ChecklistItem(
        "overgang-ungestoette",
        "Tjek, at afgørelsen om ungestøtte er truffet senest ved 17½ år, hvor den unge er "
        "anbragt (BL § 111, stk. 1)",
        "Check that the decision on support after 18 was made by age 17½ where the young person "
        "is placed (BL § 111(1))",
        _P,
        Role.AFGIVENDE,
        "BL § 111, stk. 1",
        days=-1,
        reasons=frozenset({Reason.OVERGANG}),
    ),
    ChecklistItem(
        "overgang-vaergemaal",
        "Orientér den unge og forældrene om reglerne for værgemål, hvor det er relevant "
        "(vejledende; værgemålsloven)",
        "Tell the young person and the parents about the rules on guardianship where relevant "
        "(guidance; værgemålsloven)",
        _P,
        Role.AFGIVENDE,
        _S003,
        days=-1,
        reasons=frozenset({Reason.OVERGANG}),
    ),
    # --- on the day ------------------------------------------------------------------------
    ChecklistItem(
        "leder-overtager",
        "Lederen overtager straks ansvaret for sagerne ({n_cases}), så ingen sag står uden en "
        "ansvarlig",
        "The leader takes over responsibility for the cases ({n_cases}) at once, so that no case "
        "is left without someone responsible",
        _U,
        Role.LEDER,
        _S003P,
        days=0,
    ),
    ChecklistItem(
        "sagsliste",
        "Dan den maskingenererede sagsliste (foranstaltning, næste opfølgning, frister) som "
        "overblik over sagerne",
        "Make the machine-generated case list (measures, next follow-up, deadlines) as an "
        "overview of the cases",
        _ALL,
        Role.LEDER,
        _S000,
        days=0,
    ),
    ChecklistItem(
        "tildeling-registreres",
        "Registrér skiftet i hver sag (sagsbehandler tildelt) med dato, så et hul kan ses",
        "Record the change in each case (caseworker assigned) with its date, so a gap can be seen",
        _ALL,
        Role.LEDER,
        _S004,
        days=0,
    ),
    ChecklistItem(
        "overskredne-frister",
        "Håndtér først {n_overdue:den overskredne frist|de {n_overdue} overskredne frister} "
        "(øverst på sagslisten)",
        "Deal first with {n_overdue:the overdue deadline|the {n_overdue} overdue deadlines} "
        "(at the top of the case list)",
        _ALL,
        Role.LEDER,
        _S004,
        days=0,
        only_if="n_overdue",
    ),
    # --- after the change ------------------------------------------------------------------
    ChecklistItem(
        "frister-gennemgaas",
        "Gennemgå {n_window:fristen|de {n_window} frister}, der udløber inden for "
        "{window_days} {window_days:dag|dage}, og giv {n_window:den|hver frist} en ansvarlig",
        "Go through {n_window:the deadline|the {n_window} deadlines} due within {window_days} "
        "{window_days:day|days} and give {n_window:it|each one} someone responsible",
        _U,
        Role.LEDER,
        _S000,
        days=1,
        only_if="n_window",
    ),
    ChecklistItem(
        "kalender",
        "Gennemgå den fraværende sagsbehandlers aftaler: møder, samtaler og tilsynsbesøg "
        "overtages eller flyttes, og de berørte får besked",
        "Go through the absent caseworker's appointments: meetings, conversations and "
        "supervision visits are taken over or moved, and those concerned are told",
        _U,
        Role.LEDER,
        _S004,
        days=1,
    ),
    ChecklistItem(
        "ny-sagsbehandler",
        "Udpeg en ny sagsbehandler til sagen",
        "Appoint a new caseworker for the case",
        _UCASE,
        Role.LEDER,
        _S000,
        days=1,
    ),
    ChecklistItem(
        "familien-orienteres",
        "Orientér hurtigst muligt barnet/den unge og forældrene om skiftet: hvem der er ny "
        "sagsbehandler, og fra hvornår",
        "Tell the child/young person and the parents about the change as soon as possible: who "
        "the new caseworker is, and from when",
        _U,
        Role.LEDER,
        _S000,
        days=3,
    ),
    ChecklistItem(
        "aabne-sager",
        "Overtag de {n_open} åbne afgørelser og klager (ansøgninger, undersøgelser, klager, "
        "aktindsigt): de har hver en frist",
        "Take over the {n_open} open decisions and complaints (applications, investigations, "
        "complaints, access requests): each has a deadline",
        _ALL,
        Role.MODTAGENDE,
        _S004,
        days=3,
        only_if="n_open",
    ),
    ChecklistItem(
        "overgang-i-sagerne",
        "{n_transition} unge i sagerne nærmer sig 18 år: giv koordinerende ungemøde (KUM) og "
        "voksenområdet besked om den nye sagsbehandler",
        "{n_transition} young people in the cases approach 18: tell the coordinating youth "
        "meeting (KUM) and the adult area about the new caseworker",
        _ALL,
        Role.MODTAGENDE,
        _S003,
        days=5,
        exclude_reasons=frozenset({Reason.OVERGANG}),
        only_if="n_transition",
    ),
    ChecklistItem(
        "opsamling-fra-akter",
        "Den modtagende sagsbehandler laver opsamlingen ud fra sagens akter: dato for "
        "børnefaglig undersøgelse, sidste møde med barnet og familien, bevillinger og aftaler",
        "The receiving caseworker makes the summary from the case file: date of the child "
        "protection investigation, last meeting with the child and the family, grants and "
        "agreements",
        _U,
        Role.MODTAGENDE,
        _S004,
        days=10,
    ),
    ChecklistItem(
        "ledelsesopfoelgning",
        "Lederen følger op på de afgivne og modtagne sager: er der kommet et hul, eller er en "
        "afgørelse truffet to gange?",
        "The leader follows up on the cases handed over: has a gap opened, or has a decision "
        "been taken twice?",
        _ALL,
        Role.LEDER,
        _S004,
        days=20,
    ),
    # --- no date ---------------------------------------------------------------------------
    ChecklistItem(
        "fordeling",
        "Fordel sagsstammen: søskende hos samme sagsbehandler, og så få skift som muligt "
        "(boernesag allocate)",
        "Distribute the caseload: siblings with the same caseworker, and as few changes as "
        "possible (boernesag allocate)",
        _STAMME,
        Role.LEDER,
        "Socialstyrelsen, »Hvordan sikres en god fordeling af sager?« (fordeling af sager), " + _S000,
    ),
    ChecklistItem(
        "fast-sagsbehandler",
        "Vurdér for de {n_fixed} komplekse sager, om barnet kan beholde en fast sagsbehandler, "
        "eller om to sagsbehandlere kan dele sagerne",
        "For the {n_fixed} complex cases, consider whether the child can keep one caseworker, or "
        "two caseworkers can share the cases",
        _ALL,
        Role.LEDER,
        _S000,
        only_if="n_fixed",
    ),
    ChecklistItem(
        "specialisering",
        "Vurdér, om skiftet er nødvendigt: i komplekse sager kan en fast sagsbehandler følge "
        "barnet med sparring fra specialister",
        "Consider whether the change is needed: in complex cases one caseworker can stay with "
        "the child, with advice from specialists",
        _P,
        Role.LEDER,
        _S000,
        reasons=frozenset({Reason.SPECIALISERING}),
    ),
    ChecklistItem(
        "orlov-retur",
        "Aftal, om sagerne går tilbage til sagsbehandleren efter orloven (færre skift)",
        "Agree whether the cases return to the caseworker after the leave (fewer changes)",
        _P,
        Role.LEDER,
        _S000,
        reasons=frozenset({Reason.ORLOV}),
    ),
    ChecklistItem(
        "oplaering",
        "Planlæg oplæring af den modtagende sagsbehandler, hvis vedkommende er ny (mentor, "
        "modtageprogram)",
        "Plan the training of the receiving caseworker if they are new (mentor, induction "
        "programme)",
        _PSTAMME,
        Role.LEDER,
        _S003P,
    ),
    ChecklistItem(
        "dobbelt-afgoerelse",
        "Læs sagens afgørelser, før nye træffes: samme afgørelse må ikke træffes to gange "
        "(fx om børnefaglig undersøgelse)",
        "Read the case's decisions before making new ones: the same decision must not be taken "
        "twice (e.g. on a child protection investigation)",
        _ALL,
        Role.MODTAGENDE,
        _S004,
    ),
)


@attrs.frozen
class ChecklistEntry:
    """A checklist item filled in for one handover: its text, who, and by when."""

    item: ChecklistItem
    due: date | None
    context: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def role(self) -> Role:
        return self.item.role

    def text(self, lang: str = "da") -> str:
        template = self.item.en if check_lang(lang) == "en" else self.item.da
        return fill(template, **{k: self.context.get(k, 0) for k in CONTEXT_KEYS})

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "id": self.id,
            "text": self.text(lang),
            "role": self.role.value,
            "role_label": self.role.label(lang),
            "due": self.due.isoformat() if self.due is not None else None,
            "source": self.item.source,
        }


@attrs.frozen
class Checklist:
    """The checklist of one handover, in the order the steps are due."""

    situation: Situation
    on: date
    entries: tuple[ChecklistEntry, ...]

    def __iter__(self) -> Iterator[ChecklistEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries)

    def to_dict(self, lang: str = "da") -> list[dict[str, object]]:
        return [e.to_dict(lang) for e in self.entries]


def build_checklist(
    situation: Situation,
    on: date,
    context: Mapping[str, int] | None = None,
    *,
    items: Iterable[ChecklistItem] = ITEMS,
    calendar: Calendar | None = None,
) -> Checklist:
    """The checklist for ``situation`` with a handover on ``on``.

    ``context`` gives the counts the texts use (:data:`CONTEXT_KEYS`; missing ones are 0).
    Items are ordered by due day (undated last), then in the order of ``items``. Due days are
    counted in working days from ``on`` (``calendar``: Danish public holidays by default).
    """
    on = as_of_day(on, what=Message("window.what_change_day"))  # in the plausible window (boernesag.bounds)
    ctx = {k: int(v) for k, v in (context or {}).items()}
    chosen = [i for i in items if i.applies(situation, ctx)]
    ranked = sorted(
        enumerate(chosen),
        key=lambda p: (p[1].days is None, p[1].days or 0, p[0]),
    )
    entries = tuple(
        ChecklistEntry(
            item=i,
            due=add_working_days(on, i.days, calendar) if i.days is not None else None,
            context=ctx,
        )
        for _, i in ranked
    )
    return Checklist(situation=situation, on=on, entries=entries)
