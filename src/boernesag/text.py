"""User-facing words: Danish by default, English on request.

Every label and sentence template a user reads lives here, keyed, in both languages, so
renderers (deadline explanations, tables, reports) never hard-code text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal

from boernesag.messages import Count, fill, plural

__all__ = [
    "EVENT_LABELS",
    "LANGS",
    "STATUS_LABELS",
    "Count",
    "Lang",
    "check_lang",
    "event_label",
    "fill",
    "has_text",
    "plural",
    "t",
]

Lang = Literal["da", "en"]
LANGS: tuple[str, ...] = ("da", "en")


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if supported, else raise :class:`~boernesag.errors.ArgumentError` (a
    ``ValueError``) listing the supported ones."""
    if lang == "da":
        return "da"
    if lang == "en":
        return "en"
    from boernesag.errors import ArgumentError

    raise ArgumentError.from_key("lang.unsupported_arg", value=lang)


EVENT_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "underretning": ("Underretning modtaget", "Underretning received"),
        "underretning_vurderet": ("underretning vurderet", "underretning assessed"),
        "kvittering_sendt": ("kvittering sendt", "acknowledgement sent"),
        "bfu_startet": ("Børnefaglig undersøgelse startet", "BFU started"),
        "bfu_afsluttet": ("undersøgelse afsluttet", "investigation finished"),
        "foreloebig_vurdering": ("foreløbig vurdering", "interim assessment"),
        "barnets_plan": ("barnets plan", "child's plan"),
        "boernesamtale": ("børnesamtale", "conversation with the child"),
        "afgoerelse": ("Afgørelse", "Decision"),
        "foranstaltning_start": ("Indsats startet", "Measure started"),
        "foranstaltning_slut": ("indsats afsluttet", "measure ended"),
        "opfoelgning": ("opfølgning", "follow-up"),
        "klage_modtaget": ("Klage modtaget", "Complaint received"),
        "klage_genvurderet": ("klage genvurderet", "complaint reassessed"),
        "klage_videresendt": ("klage sendt til Ankestyrelsen", "complaint sent to Ankestyrelsen"),
        "aktindsigt_anmodet": ("Anmodning om aktindsigt", "Request for access to documents"),
        "aktindsigt_besvaret": ("aktindsigt besvaret", "access request answered"),
        "sagsbehandler_tildelt": ("sagsbehandler tildelt", "caseworker assigned"),
        "kontakt": ("kontakt", "contact"),
        "koordinerende_ungemoede": ("koordinerende ungemøde", "coordinating youth meeting"),
        "eftervaern_afgoerelse": ("afgørelse om ungestøtte", "decision on support after 18"),
        "sag_lukket": ("sag lukket", "case closed"),
        "ansoegning": ("Ansøgning modtaget", "Application received"),
        "tilsynsbesoeg": ("tilsynsbesøg", "supervision visit"),
        "overleveringsmoede": (
            "overleveringsmøde med voksenområdet",
            "handover meeting with the adult area",
        ),
        "overdragelsesmoede": ("overdragelsesmøde", "handover meeting"),
        "henvendelse": ("Henvendelse modtaget", "Inquiry received"),
        "henvendelse_besvaret": ("henvendelse besvaret", "inquiry answered"),
        "ledelsestilsyn": ("ledelsestilsyn", "leader's review"),
        "fristbrev": ("fristbrev sendt", "delay letter sent"),
        "ingen_undersoegelse": (
            "vurderet, at der ikke skal være en undersøgelse",
            "assessed that no investigation is needed",
        ),
        "afdaekning": ("afdækning", "afdækning (assessment of the situation)"),
        "udbetaling": ("udbetaling af kontant ydelse", "payment of a cash benefit"),
        "genberegning": ("genberegning af kontant ydelse", "recalculation of a cash benefit"),
    }
)

STATUS_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "met": ("overholdt", "met"),
        "met_late": ("overholdt for sent", "met late"),
        "open": ("åben", "open"),
        "overdue": ("overskredet", "overdue"),
        "not_applicable": ("ikke relevant", "not applicable"),
    }
)

_TEMPLATES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # Deadline explanations.
        "rule.after": (
            "{title}: senest {period} efter ({citation})",
            "{title}: within {period} ({citation})",
        ),
        "rule.before": (
            "{title}: før afgørelsen ({citation})",
            "{title}: before the decision ({citation})",
        ),
        "rule.at": ("{title}: senest {due} ({citation})", "{title}: by {due} ({citation})"),
        "due": ("→ frist {due}", "→ due {due}"),
        "met": ("{what} {when}: overholdt", "{what} {when}: met"),
        "met_late": ("{what} {when}: for sent", "{what} {when}: late"),
        "open": ("endnu ikke sket: åben", "not yet done: open"),
        "overdue": ("ikke sket: overskredet", "not done: overdue"),
        "open.milestone": ("alderen er endnu ikke nået: åben", "age not yet reached: open"),
        "overdue.borger": ("udløbet uden klage", "expired without a complaint"),
        "not_applicable": ("ikke relevant", "not applicable"),
        "law.version": ("{law} i kraft på udløsningsdagen", "{law} in force on the trigger date"),
        "confidence": (
            "bemærk: {what} er ikke bekræftet i lovteksten",
            "note: {what} is not confirmed in the law text",
        ),
        "time.unknown": (
            "tidspunktet kendes ikke; regnet fra dagens start {start} (til barnets fordel), alternativt fra dagens slutning",
            "time of day unknown; counted from the start of the day {start} (in the child's favour), alternatively from its end",
        ),
        "met.time.unknown": (
            "tidspunktet for {what} kendes ikke; regnet som rettidigt, da dagen er fristens dag",
            "the time of {what} is unknown; counted as on time since it is the due day",
        ),
        "awareness": (
            "regnet fra den første henvendelse, der gik forud for undersøgelsen ({event} {when}); regnet fra undersøgelsens start bliver fristen {alt}",
            "counted from the first notice that led to the investigation ({event} {when}); counted from the start of the investigation the deadline is {alt}",
        ),
        "bfu.no_start": (
            "der er ikke registreret en børnefaglig undersøgelse; fristen løber fra henvendelsen",
            "no child protection investigation is recorded; the deadline runs from the notice",
        ),
        "bfu.not_needed": (
            "kommunen vurderede {when}, at der ikke skal være en undersøgelse (begrundelse registreret)",
            "the municipality assessed on {when} that no investigation is needed (reason recorded)",
        ),
        "bfu.not_needed.no_reason": (
            "kommunen vurderede {when}, at der ikke skal være en undersøgelse; der er ikke registreret en begrundelse",
            "the municipality assessed on {when} that no investigation is needed; no reason is recorded",
        ),
        "bfu.alternative": (
            "{what} i stedet for en børnefaglig undersøgelse (BL § 32, stk. 4)",
            "{what} instead of a child protection investigation (BL § 32(4))",
        ),
        "bfu.alternative_refused": (
            "{what} er ikke et alternativ til undersøgelsen efter {citation}; fristen er ikke overholdt",
            "{what} is no alternative to the investigation under {citation}; the deadline is not met",
        ),
        "bfu.transition": (
            "henvendelsen kom før 1. januar 2024, men sagen var ikke færdigbehandlet 31. december 2023, så den færdigbehandles efter Barnets Lov ({citation}; LOV nr 721 af 13/06/2023 § 213, stk. 1)",
            "the notice came before 1 January 2024, but the case was not finished by 31 December 2023, so it is finished under Barnets Lov ({citation}; LOV no. 721 of 13/06/2023 § 213(1))",
        ),
        "reading.from_start": (
            "regnet fra undersøgelsens start",
            "counted from the start of the investigation",
        ),
        "interim.present": ("foreløbig vurdering {when}", "interim assessment {when}"),
        "interim.missing": (
            "undersøgelsen blev ikke afsluttet inden 4 måneder, og der er ingen foreløbig vurdering (BL § 20, stk. 3)",
            "the investigation was not finished within 4 months and there is no interim assessment (BL § 20(3))",
        ),
        "interim.after": (
            "herefter skal undersøgelsen afsluttes snarest",
            "the investigation must then be finished as soon as possible",
        ),
        "plan.not_decided": (
            "kommunen har ikke registreret, at der skal være en barnets plan (BL § 91, stk. 1: tag stilling ved afgørelsen)",
            "the municipality has not recorded that a child's plan is needed (BL § 91(1): decide at the decision)",
        ),
        "plan.not_needed": (
            "kommunen har besluttet, at der ikke skal være en barnets plan",
            "the municipality decided that no child's plan is needed",
        ),
        "plan.urgent": (
            "hastede sagen, måtte planen komme senest 4 måneder efter: {alt}",
            "if the case was urgent, the plan could follow within 4 months: {alt}",
        ),
        "plan.youth": ("{plan}", "{plan}"),
        "plan.forced": (
            "anbringelse uden samtykke: planen skal foreligge før afgørelsen",
            "placement without consent: the plan must exist before the decision",
        ),
        "parallel.done": (
            "den parallelle undersøgelse blev afsluttet {when}, før 3 måneder: opfølgningen falder da",
            "the parallel investigation finished {when}, before 3 months: the follow-up is due then",
        ),
        "parallel.running": (
            "en parallel undersøgelse er i gang; afsluttes den før, falder opfølgningen da",
            "a parallel investigation is running; if it finishes earlier, the follow-up is due then",
        ),
        "paragraph.unknown": (
            "indsatsens paragraf er ikke registreret",
            "the measure's paragraph is not recorded",
        ),
        "measure.ended": (
            "indsatsen sluttede {when} før fristen",
            "the measure ended {when} before the deadline",
        ),
        "interval.recorded": (
            "interval fastsat ved opfølgning {when}: {period}",
            "interval set at the follow-up {when}: {period}",
        ),
        "interval.default": (
            "intet opfølgningsinterval registreret (BL § 95, stk. 3); boernesag bruger {period} – ikke lovens tal",
            "no follow-up interval recorded (BL § 95(3)); boernesag uses {period}, which is not the law's figure",
        ),
        "supervision.reading": (
            "læst som højst {period} mellem besøgene, hvilket også giver mindst to besøg i hvert kalenderår",
            "read as at most {period} between visits, which also gives at least two visits in every calendar year",
        ),
        "exception": (
            "undtagelse registreret på afgørelsen: {reason} (BL § 5, stk. 4)",
            "exception recorded on the decision: {reason} (BL § 5(4))",
        ),
        "samtale.after": (
            "børnesamtalen kom først efter afgørelsen",
            "the conversation came only after the decision",
        ),
        "samtale.lookback": (
            "en børnesamtale tæller, når den er højst {period} gammel",
            "a conversation counts when it is at most {period} old",
        ),
        "age.due": ("{age} år: {due}", "age {age}: {due}"),
        "age.version": ("lovversion efter fristens dato", "law version by the due date"),
        "leap": ("født 29. februar: {reading}", "born 29 February: {reading}"),
        "kum.present": (
            "koordinerende ungemøde {when} (kommunens egen praksis, ikke lov)",
            "coordinating youth meeting {when} (the municipality's own practice, not law)",
        ),
        "kum.missing": (
            "intet koordinerende ungemøde registreret (kommunens egen praksis, ikke lov)",
            "no coordinating youth meeting recorded (the municipality's own practice, not law)",
        ),
        "transition.start": (
            "forberedelsen skal påbegyndes, når den unge fylder 16 år ({when})",
            "preparation must start when the young person turns 16 ({when})",
        ),
        "extension": ("{text}", "{text}"),
        "ambiguity": ("{text}", "{text}"),
        "fristbrev": ("besvaret med fristbrev", "answered with a delay letter"),
        "municipal": ("kommunalt servicemål, ikke lov", "municipal target, not law"),
        "case.closed": ("sagen lukket {when}", "case closed {when}"),
        "chain.first.missed": (
            "opfølgningen {when} kom mere end en hel periode efter fristen: fristen regnes som oversprunget",
            "the follow-up {when} came more than a whole period after the deadline: the deadline counts as missed",
        ),
        # Sagsbehandlingsfrist (RSL § 3, stk. 2): the municipality's own published limits.
        # Genvurdering (retssikkerhedsbek. § 11): the period by decision-maker and urgency.
        "genvurdering.bu": (
            "børne- og ungeudvalgets afgørelse: kommunen skal ikke genvurdere sagen, men straks sende klagen videre til Ankestyrelsen (retssikkerhedsbek. § 11, stk. 6); »straks« regnes som samme dag, klagen er modtaget",
            "a decision of the børne- og ungeudvalg: the municipality does not reassess the case but forwards the complaint to Ankestyrelsen at once (Retssikkerhedsbek. § 11(6)); 'at once' is counted as the day the complaint was received",
        ),
        "genvurdering.hastende": (
            "hastende klage: genvurderingen skal ske straks (retssikkerhedsbek. § 11, stk. 5); »straks« regnes som samme dag, klagen er modtaget",
            "urgent complaint: the reassessment is due at once (Retssikkerhedsbek. § 11(5)); 'at once' is counted as the day the complaint was received",
        ),
        "genvurdering.varsling": (
            "sag omfattet af varslingspligten (SEL § 3 a / BL § 11): 14 dage (retssikkerhedsbek. § 11, stk. 3)",
            "a case under the duty to give notice (SEL § 3 a / BL § 11): 14 days (Retssikkerhedsbek. § 11(3))",
        ),
        "processing.period": (
            "kommunens frist for {paragraph}: {period}",
            "the municipality's time limit for {paragraph}: {period}",
        ),
        "processing.default": (
            "ingen frist for {paragraph} i kommunens tabel; standardfristen {period} er brugt",
            "no time limit for {paragraph} in the municipality's table; the default {period} is used",
        ),
        "processing.no_paragraph": (
            "ansøgningens paragraf er ikke registreret; standardfristen {period} er brugt",
            "the application's paragraph is not recorded; the default {period} is used",
        ),
        "processing.unlisted": (
            "kommunen har ingen frist for {paragraph}",
            "the municipality has no time limit for {paragraph}",
        ),
        "processing.linked.paragraph": (
            "afgørelsen er knyttet til ansøgningen ved samme paragraf/indsats (ingen henvisning registreret)",
            "the decision is linked to the application by the same paragraph/measure (no reference recorded)",
        ),
        "processing.linked.next": (
            "antaget at være afgørelsen på ansøgningen (den næste afgørelse; registrér en henvisning for at være sikker)",
            "assumed to be the decision on the application (the next decision; record a reference to be sure)",
        ),
        "processing.letter.before": (
            "fristbrev sendt {when}, før fristen: ansøgeren fik skriftlig besked om, hvornår en afgørelse kan forventes (RSL § 3, stk. 2, 3. pkt.); fristen er dog ikke overholdt",
            "delay letter sent {when}, before the deadline: the applicant was told in writing when to expect a decision (RSL § 3(2), 3rd sentence); the time limit is still not kept",
        ),
        "processing.letter.open": (
            "fristbrev sendt {when}: ansøgeren har fået skriftlig besked om, hvornår en afgørelse kan forventes",
            "delay letter sent {when}: the applicant was told in writing when to expect a decision",
        ),
        "processing.letter.late": (
            "fristbrev først sendt {when}, efter fristen (RSL § 3, stk. 2, 3. pkt.)",
            "delay letter only sent {when}, after the deadline (RSL § 3(2), 3rd sentence)",
        ),
        "processing.letter.missing": (
            "intet fristbrev: kan fristen ikke overholdes, skal ansøgeren skriftligt have besked om, hvornår en afgørelse kan forventes (RSL § 3, stk. 2, 3. pkt.)",
            "no delay letter: when the time limit cannot be kept, the applicant must be told in writing when to expect a decision (RSL § 3(2), 3rd sentence)",
        ),
        "municipal.rsl": (
            "fristen er kommunens egen, fastsat og offentliggjort efter RSL § 3, stk. 2",
            "the time limit is the municipality's own, set and published under RSL § 3(2)",
        ),
        # Age milestones (kind age_milestone).
        "rule.on": ("{title}: fra {due} ({citation})", "{title}: from {due} ({citation})"),
        "milestone.meaning": ("{age} år: {meaning}", "age {age}: {meaning}"),
        "milestone.commencement": (
            "barnet var allerede fyldt {age} år, da {law} trådte i kraft {when}: rettigheden gælder fra ikrafttrædelsen (boernesags læsning af LOV nr 721 af 14/06/2023 §§ 212-213)",
            "the child was already {age} when {law} came into force on {when}: the right applies from then (boernesag's reading of LOV nr 721 of 14/06/2023 §§ 212-213)",
        ),
        "milestone.reached": (
            "alderen er nået; oplysning til sagsbehandleren, intet at registrere",
            "the age has been reached; information for the caseworker, nothing to record",
        ),
        "milestone.upcoming": (
            "oplysning til sagsbehandleren: forbered barnet og familien",
            "information for the caseworker: prepare the child and the family",
        ),
        "milestone.measure": (
            "indsats {measure} ({paragraph}) kører: den skal ophøre senest på dagen eller videreføres ved afgørelse",
            "measure {measure} ({paragraph}) is running: it must end by the day or be continued by a decision",
        ),
        "milestone.continued": (
            "videreført ved afgørelse {when} ({paragraph})",
            "continued by the decision of {when} ({paragraph})",
        ),
        "milestone.ended": ("indsatsen ophørte {when}", "the measure ended {when}"),
        "chain.missed": (
            "ingen inden den forrige frist; regnet fra den oversete frist {when}",
            "none by the previous deadline; counted from the missed deadline {when}",
        ),
    }
)


def has_text(key: str) -> bool:
    """Whether ``key`` is a template of the explanation texts."""
    return key in _TEMPLATES


def t(key: str, lang: str = "da", /, **kwargs: object) -> str:
    """Render template ``key`` in ``lang`` with ``kwargs`` (dates formatted for the language)."""
    da, en = _TEMPLATES[key]
    template = en if lang == "en" else da
    if not kwargs:
        return template
    return fill(
        template,
        **{
            k: v if isinstance(v, int) and not isinstance(v, bool) else _fmt(v, lang)
            for k, v in kwargs.items()
        },
    )


def _fmt(value: object, lang: str) -> str:
    from boernesag.periods import format_date, format_datetime

    if isinstance(value, datetime):
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    describe = getattr(value, "describe", None)
    if callable(describe):
        return str(describe(lang))
    return str(value)


def event_label(event_type: str, lang: str = "da") -> str:
    """The label of an event type in ``lang`` (the type name if unknown)."""
    pair = EVENT_LABELS.get(event_type)
    if pair is None:
        return event_type
    return pair[1] if lang == "en" else pair[0]


def status_label(status: str, lang: str = "da") -> str:
    pair = STATUS_LABELS.get(status, (status, status))
    return pair[1] if lang == "en" else pair[0]
