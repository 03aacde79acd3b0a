"""The one message catalogue of boernesag: every text the library and its command line write
themselves (CLI help and summaries, error messages, load warnings), in Danish and English.

:data:`MESSAGES` maps a key to ``(Danish, English)``. A template is filled by
:func:`boernesag.text.fill`, so a count agrees with its noun in both languages
(``"{n} {n:sag|sager}"``, ``"{n} {n:case|cases}"``); a parameter that is itself a
:class:`Message` is written in the same language. An error is raised with a key and its
parameters (``CaseFormatError.from_key("case.missing", key="'child'", case_id="K-1")``):
``str(error)`` is the Danish text and ``error.text("en")`` the English one, from the same
entry. :class:`~boernesag.errors.BoernesagError` passes every text through
:func:`boernesag.cpr.redact`, so a CPR number that reached a parameter is shown masked.

This module is light and at the bottom of the library: it imports nothing of boernesag
(:mod:`boernesag.text` re-exports its :func:`fill`), and no numpy or pandas;
:mod:`boernesag.cli.messages` reads its words from here. tests/test_messages.py checks that
every entry has both languages with the same placeholders, and that every raise of a
:class:`~boernesag.errors.BoernesagError` subclass in ``src/`` names a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "MESSAGES",
    "Count",
    "Message",
    "MessageValueError",
    "fill",
    "message_of",
    "plural",
    "render",
]


def plural(n: int, one: str, many: str) -> str:
    """``one`` for exactly 1, else ``many`` ("0 sager", "1 sag", "2 sager"; "0 cases", "1
    case").

    Danish and English have the same two plural forms for whole numbers (CLDR: category
    ``one`` for n = 1, ``other`` for every other count), so one rule serves both languages.
    """
    return one if n == 1 else many


class Count(int):
    """A count in a template: ``{n}`` writes the number, ``{n:sag|sager}`` the word in its
    singular or plural form (:func:`plural`).

    The plural form is written in the template, next to the number it agrees with, in each
    language: ``"{n} {n:sag|sager} fordelt"`` / ``"{n} {n:case|cases} allocated"``.
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        one, bar, many = spec.partition("|")
        if bar:
            return plural(int(self), one, many)
        return super().__format__(spec)


def fill(template: str, /, **kwargs: object) -> str:
    """``template.format(**kwargs)`` with every whole number (not a bool) a :class:`Count`,
    so the template can write ``{n:sag|sager}``."""
    return template.format(
        **{
            k: Count(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in kwargs.items()
        }
    )


class Message:
    """A catalogue entry with its parameters, written in either language by :meth:`text`.

    Immutable; ``str(message)`` is the Danish text."""

    __slots__ = ("key", "params")

    key: str
    params: Mapping[str, object]

    def __init__(self, key: str, /, **params: object) -> None:
        if key not in MESSAGES:
            raise KeyError(f"no message {key!r} in the catalogue")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", MappingProxyType(dict(params)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Message cannot be changed")

    def text(self, lang: str = "da") -> str:
        """The message in ``lang`` (``"en"``; anything else is Danish)."""
        return render(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text("da")

    def __repr__(self) -> str:
        # The key and the names of the parameters only: a value (an id, a date, a masked
        # CPR number) is for the text, never for a repr in a log.
        return f"Message({self.key!r}, params={sorted(self.params)!r})"


def render(key: str, lang: str = "da", /, **params: object) -> str:
    """Entry ``key`` in ``lang`` filled with ``params`` (a :class:`Message` parameter in the
    same language; an exception parameter by :func:`message_of`)."""
    da, en = MESSAGES[key]
    template = en if lang == "en" else da
    values = {k: _value(v, lang) for k, v in params.items()}
    return fill(template, **values) if values else template


def _value(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, BaseException):
        found = message_of(value)
        return found.text(lang) if isinstance(found, Message) else found
    return value


def message_of(exc: BaseException) -> Message | str:
    """The catalogue message an exception was raised with (its ``message`` attribute), else
    its text: for wrapping a lower module's error in a located one."""
    found = getattr(exc, "message", None)
    return found if isinstance(found, Message) else str(exc)


class MessageValueError(ValueError):
    """A plain ``ValueError`` whose text is a catalogue entry: for the modules below
    :mod:`boernesag.errors` whose contract is ``ValueError`` (:mod:`boernesag.cpr`,
    :mod:`boernesag.paragraphs`); the loader wraps it in a located
    :class:`~boernesag.errors.CaseFormatError` in either language."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(self.message.text("da"))

    def text(self, lang: str = "da") -> str:
        """The message in ``lang``."""
        return self.message.text(lang)


#: The library's own messages: errors and load warnings (the CLI's words are in :data:`_CLI`).
_LIBRARY: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ passed through
    #: a text that is data, not a phrase of the library (a rule file's own words), or an
    #: error of another module raised with its own text
    "text.as_is": ("{text}", "{text}"),
    # ------------------------------------------------------------------ reading a file
    "file.in": ("{path}: {reason}", "{path}: {reason}"),
    "file.stream_type": (
        "strømmen gav hverken tekst eller bytes",
        "the stream gave neither text nor bytes",
    ),
    "file.missing": ("filen findes ikke: {path}", "no such file: {path}"),
    "file.is_directory": ("er en mappe, ikke en fil", "is a directory, not a file"),
    "file.no_access": (
        "ingen adgang til filen (tilladelse nægtet)",
        "no access to the file (permission denied)",
    ),
    "file.not_utf8": ("ikke gyldig UTF-8-tekst: {reason}", "not valid UTF-8 text: {reason}"),
    "file.not_json": ("ikke gyldig JSON: {reason}", "not valid JSON: {reason}"),
    "file.json_too_deep": (
        "ikke læsbar JSON: for dybt indlejret",
        "unreadable JSON: nested too deeply",
    ),
    "file.json_unreadable": ("ikke læsbar JSON: {reason}", "unreadable JSON: {reason}"),
    "file.unreadable": ("filen kan ikke læses: {reason}", "the file cannot be read: {reason}"),
    "file.unwritable": ("kan ikke skrive filen: {reason}", "cannot write the file: {reason}"),
    "file.source_type": (
        "kan ikke læse en sag fra {type}: giv en sti, en strøm eller en mapping",
        "cannot read a case from {type}: give a path, a stream or a mapping",
    ),
    "file.is_caseload": (
        "filen er en sagsstamme (boernesag.caseload/1) med flere sager, ikke én sag: "
        "læs den med load_caseload",
        "the file is a caseload (boernesag.caseload/1) of several cases, not one case: "
        "read it with load_caseload",
    ),
    "file.unknown_format": (
        "formatet {value} kendes ikke; forventede {expected!r}",
        "unknown format {value}; expected {expected!r}",
    ),
    # ------------------------------------------------------------------ values
    "value.named": ("{name!r} {problem}", "{name!r} {problem}"),
    "value.not_text_nonempty": ("skal være en ikke-tom tekst", "must be a non-empty text"),
    "value.id_too_long": (
        "er {length} tegn lang; et id må højst have {limit} tegn",
        "is {length} characters long; an id may have at most {limit}",
    ),
    "value.control_chars": (
        "{value} indeholder styretegn (linjeskift, tabulator o.l.)",
        "{value} contains control characters (line breaks, tabs and the like)",
    ),
    "value.not_date": ("{value} er ikke en dato ÅÅÅÅ-MM-DD", "{value} is not a date YYYY-MM-DD"),
    "value.must_be_date": ("skal være en dato ÅÅÅÅ-MM-DD", "must be a date YYYY-MM-DD"),
    "value.must_be_bool": ("skal være true eller false", "must be true or false"),
    "value.must_be_time": ("skal være et tidspunkt i ISO 8601", "must be a time in ISO 8601"),
    "value.not_time": (
        "{value} er ikke et tidspunkt i ISO 8601",
        "{value} is not a time in ISO 8601",
    ),
    "value.no_time_of_day": (
        "{value} mangler klokkeslæt; brug 'date' til datoer",
        "{value} has no time of day; use 'date' for dates",
    ),
    "value.number_too_big": ("tallet er for stort til JSON", "the number is too large for JSON"),
    "value.too_deep": (
        "for dybt indlejret (højst {limit} niveauer)",
        "nested too deeply (at most {limit} levels)",
    ),
    "value.key_not_text": ("nøglen {value} er ikke en tekst", "the key {value} is not a text"),
    "value.type_not_json": (
        "en værdi af typen {type} kan ikke skrives som JSON",
        "a value of type {type} cannot be written as JSON",
    ),
    "value.not_json": ("kan ikke skrives som JSON", "cannot be written as JSON"),
    "value.not_json_because": (
        "kan ikke skrives som JSON ({type}: {reason})",
        "cannot be written as JSON ({type}: {reason})",
    ),
    "value.months_range": (
        "skal være et helt antal måneder fra {low} til {high}",
        "must be whole months from {low} to {high}",
    ),
    "value.must_be_list": ("{name!r} skal være en liste", "{name!r} must be a list"),
    "value.must_be_child_ids": ("skal være en liste af barn-id'er", "must be a list of child ids"),
    "value.must_be_text": ("skal være en tekst", "must be a text"),
    # ------------------------------------------------------------------ events
    "event.not_object": ("hændelse nr. {n} er ikke et objekt", "event no. {n} is not an object"),
    "event.no_id": ("hændelse nr. {n} mangler et 'id'", "event no. {n} has no 'id'"),
    "event.bad_id": ("hændelse nr. {n}: 'id' {problem}", "event no. {n}: 'id' {problem}"),
    "event.unknown_type": (
        "ukendt hændelsestype {value}; kendte: {known}",
        "unknown event type {value}; known: {known}",
    ),
    "event.no_date": (
        "hændelsen har hverken 'date' eller 'at'",
        "the event has neither 'date' nor 'at'",
    ),
    "event.required": ("en {type}-hændelse skal have {key!r}", "an event {type} must have {key!r}"),
    "event.duplicate_id": (
        "hændelses-id'et findes to gange i sagen",
        "the event id occurs twice in the case",
    ),
    "event.before_birth": (
        "hændelsen ({type}) er dateret {day}, mere end {days} dage før barnets fødselsdato {birth}",
        "the event ({type}) is dated {day}, more than {days} days before the child's birth"
        " date {birth}",
    ),
    "event.bad_ref": (
        "henviser til en hændelse {value}, der ikke findes",
        "refers to an event {value} that does not exist",
    ),
    # ------------------------------------------------------------------ the case and the child
    "case.not_object": ("en sag skal være et JSON-objekt", "a case must be a JSON object"),
    "case.missing": ("sagen mangler {key!r}", "the case has no {key!r}"),
    "child.missing": ("barnet mangler {key!r}", "the child has no {key!r}"),
    "child.birth_future": (
        "fødselsdatoen {birth} ligger mere end et år ude i fremtiden "
        "(senest {latest}: en forventet fødsel)",
        "the birth date {birth} lies more than a year in the future (at the latest {latest}:"
        " an expected birth)",
    ),
    "child.cpr_mismatch": (
        "CPR-nummerets dato ({masked}) passer ikke med birth_date {birth}",
        "the date of the CPR number ({masked}) does not match birth_date {birth}",
    ),
    "case.load_bug": (
        "sagen kunne ikke indlæses (uventet fejl {type}: {reason}); rapportér den som en fejl"
        " i boernesag",
        "the case could not be loaded (unexpected error {type}: {reason}); please report it"
        " as a bug in boernesag",
    ),
    "cpr.form": (
        "CPR-nummer {masked} har ikke formen DDMMÅÅ-LLLL",
        "CPR number {masked} is not of the form DDMMYY-SSSS",
    ),
    "cpr.no_date": (
        "CPR-nummer {masked} har ingen gyldig dato",
        "CPR number {masked} has no valid date",
    ),
    "cpr.digits": (
        "et CPR-nummer skal være 10 cifre (DDMMÅÅLLLL)",
        "a CPR number must be 10 digits (DDMMYYSSSS)",
    ),
    "paragraph.form": (
        "{value} er ikke en paragrafhenvisning som 'BL 32' eller 'SEL 52 stk. 3 nr. 7'"
        " (love: {laws}){hint}",
        "{value} is not a paragraph reference such as 'BL 32' or 'SEL 52 stk. 3 nr. 7'"
        " (laws: {laws}){hint}",
    ),
    "paragraph.digits_hint": (
        "; skriv tallene med cifrene 0-9",
        "; write the numbers with the digits 0-9",
    ),
    "paragraph.number_range": (
        "{value}: paragrafnummeret skal være fra 1 til {high}",
        "{value}: the section number must be from 1 to {high}",
    ),
    "paragraph.part_range": (
        "{value}: {part} skal være fra 1 til {high}",
        "{value}: {part} must be from 1 to {high}",
    ),
    "child.cpr_birth": (
        "CPR-nummer {masked} passer ikke med fødselsdatoen {birth}",
        "CPR number {masked} does not match the birth date {birth}",
    ),
    "event.at_problem": (
        "hændelse {id}, felt 'at': {problem}",
        "event {id}, field 'at': {problem}",
    ),
    "value.must_be_datetime": (
        "skal være et tidspunkt (datetime)",
        "must be a time (datetime)",
    ),
    "value.must_be_a_date": ("skal være en dato", "must be a date"),
    "value.must_be_texts": ("skal være en liste af tekster", "must be a list of texts"),
    "value.list_not_one_text": (
        "skal være en liste af tekster, ikke én tekst ({value})",
        "must be a list of texts, not one text ({value})",
    ),
    # ------------------------------------------------------------------ the date window
    "window.day_outside": (
        "datoen {day}{what} ligger uden for {window}",
        "the date {day}{what} lies outside {window}",
    ),
    "window.as_of_outside": (
        "{what} {day} ligger uden for {window}, som boernesag kan beregne frister for",
        "{what} {day} lies outside {window}, the years boernesag can compute deadlines for",
    ),
    "window.what_as_of": ("opgørelsesdagen", "the day of the count"),
    "window.what_change_day": ("skiftedagen", "the day of the change"),
    "calendar.beyond": (
        "hverdagsberegningen når år {year}; danske helligdage kendes kun for {years}"
        " (pakken holidays)",
        "the working-day calculation reaches the year {year}; Danish holidays are known only"
        " for {years} (the holidays package)",
    ),
    "calendar.beyond_from": (
        "hverdagsberegningen fra {day} når år {year}; danske helligdage kendes kun for {years}"
        " (pakken holidays)",
        "the working-day calculation from {day} reaches the year {year}; Danish holidays are"
        " known only for {years} (the holidays package)",
    ),
    "calendar.span": (
        "Calendar(first_year={first}, last_year={last}): det forudberegnede spænd skal ligge"
        " inden for {years}, de år pakken holidays beskriver for Danmark",
        "Calendar(first_year={first}, last_year={last}): the precomputed span must lie within"
        " {years}, the years the holidays package describes for Denmark",
    ),
    "calendar.array_outside": (
        "{where}(): {day} ligger uden for de år, der er helligdagsdata for",
        "{where}(): {day} is outside the years with holiday data",
    ),
    # ------------------------------------------------------------------ periods and times
    "period.time_outside": (
        "tidspunktet {time} ligger uden for år 1-9999 i Europe/Copenhagen",
        "the time {time} lies outside the years 1-9999 in Europe/Copenhagen",
    ),
    "period.plus_outside": (
        "{start} + {n} {unit} ligger uden for år 1-9999",
        "{start} + {n} {unit} lies outside the years 1-9999",
    ),
    "unit.hours": ("timer", "hours"),
    "unit.days": ("dage", "days"),
    "unit.weeks": ("uger", "weeks"),
    "unit.months": ("måneder", "months"),
    "period.month_end": (
        "{day} {months} måneder: {nominal} findes ikke; fristen kan være den sidste dag i"
        " måneden ({last}) eller den første dag i næste måned ({first})",
        "{day} {months} months: {nominal} does not exist; the deadline can be the last day of"
        " the month ({last}) or the first day of the next month ({first})",
    ),
    "period.negative": (
        "en periode kan ikke være negativ ({value}); tæl baglæns i stedet",
        "a period cannot be negative ({value}); count backwards instead",
    ),
    "period.unreadable": (
        "{value} er ikke en periode; skriv et helt tal og en enhed, fx '4 months',"
        " '6 working_days' eller '24 hours' (enheder: {units})",
        "{value} is not a period; write a whole number and a unit, e.g. '4 months',"
        " '6 working_days' or '24 hours' (units: {units})",
    ),
    "period.hours_from_date": (
        "{period} tælles i timer fra et tidspunkt, ikke fra en dato;"
        " brug Period.end_time(start) med et tidspunkt",
        "{period} is counted in hours from a time, not from a date;"
        " use Period.end_time(start) with a time",
    ),
    "period.days_from_time": (
        "{period} tælles i kalenderdage fra en dato; brug Period.end_date(start) med en dato",
        "{period} is counted in calendar days from a date; use Period.end_date(start) with a date",
    ),
    "age.negative": (
        "{where}(): en alder kan ikke være negativ ({age})",
        "{where}(): an age cannot be negative ({age})",
    ),
    "age.birthday_after_9999": (
        "{age}-årsdagen for en fødsel {birth} ligger efter år 9999",
        "the {age}th birthday of a birth on {birth} lies after the year 9999",
    ),
    "age.before_birth": (
        "age_on(): {day} ligger før fødslen {birth}",
        "age_on(): {day} lies before the birth {birth}",
    ),
    "age.months_range": (
        "date_of_age(): months skal være 0-11, fik {value}",
        "date_of_age(): months must be 0-11, got {value}",
    ),
    "time.nonexistent": (
        "{wall} findes ikke i {zone}: uret stilles frem denne nat (UTC{before} → UTC{after}),"
        " så klokkeslættet springes over; angiv tidspunktet med UTC-forskydning",
        "{wall} does not exist in {zone}: the clocks go forward that night (UTC{before} →"
        " UTC{after}), so the time is skipped; give the time with its UTC offset",
    ),
    "time.ambiguous": (
        "{wall} findes to gange i {zone}: uret stilles tilbage denne nat, så det kan være"
        " {wall}{first} ({first_name}) eller {wall}{second} ({second_name});"
        " angiv UTC-forskydningen",
        "{wall} occurs twice in {zone}: the clocks go back that night, so it can be"
        " {wall}{first} ({first_name}) or {wall}{second} ({second_name}); give the UTC offset",
    ),
    # ------------------------------------------------------------------ arguments of functions
    "arg.days_whole": (
        "antal dage (days) skal være et helt tal 0-{high}, ikke {value}",
        "the number of days (days) must be a whole number 0-{high}, not {value}",
    ),
    "arg.days_range": (
        "antal dage (days) skal være 0-{high}, ikke {value}",
        "the number of days (days) must be 0-{high}, not {value}",
    ),
    "arg.policy": (
        "'policy' skal være en Policy, ikke {value}",
        "'policy' must be a Policy, not {value}",
    ),
    "arg.suggestions": (
        "'suggestions' skal være en liste af Suggestion, ikke {value}",
        "'suggestions' must be a list of Suggestion, not {value}",
    ),
    "arg.suggestion_item": (
        "'suggestions' indeholder {value}, ikke en Suggestion",
        "'suggestions' holds {value}, not a Suggestion",
    ),
    "arg.lang": (
        "'lang' skal være 'da' eller 'en', ikke {value}",
        "'lang' must be 'da' or 'en', not {value}",
    ),
    "extra.columnar_numpy": (
        "boernesag.columnar kræver numpy (needs numpy): pip install 'boernesag[numpy]'",
        "boernesag.columnar needs numpy: pip install 'boernesag[numpy]'",
    ),
    "extra.optimal_scipy": (
        "solver='optimal' kræver numpy og scipy (needs numpy and scipy): "
        "pip install 'boernesag[allocation]'",
        "solver='optimal' needs numpy and scipy: pip install 'boernesag[allocation]'",
    ),
    "rule.zero_period": (
        "regel {rule}, sag {case}: perioden mellem fristerne er 0, så den næste frist flytter sig"
        " ikke; ret interval_months på opfølgningen eller reglens periode",
        "rule {rule}, case {case}: the period between the deadlines is 0, so the next deadline"
        " does not move; correct interval_months on the follow-up or the rule's period",
    ),
    "setting.days_outside": (
        "indstillingen {setting}={days}: {day} + {days} dage ligger uden for år 1-9999",
        "the setting {setting}={days}: {day} + {days} days lies outside the years 1-9999",
    ),
    "lang.unsupported_arg": (
        "sproget {value!r} understøttes ikke; brug 'da' eller 'en'",
        "the language {value!r} is not supported; use 'da' or 'en'",
    ),
    "lang.unsupported": (
        "sprog {value!r} understøttes ikke; brug 'da' eller 'en'",
        "language {value!r} is not supported; use 'da' or 'en'",
    ),
    # ------------------------------------------------------------------ the caseload
    "caseload.not_object": (
        "en sagsstamme skal være et JSON-objekt",
        "a caseload must be a JSON object",
    ),
    "caseworker.not_object": (
        "en sagsbehandler skal være et objekt med 'id'",
        "a caseworker must be an object with 'id'",
    ),
    "team.not_object": (
        "et team skal være et objekt med 'id'",
        "a team must be an object with 'id'",
    ),
    "caseworker.bad_id": ("sagsbehandlerens 'id' {problem}", "the caseworker's 'id' {problem}"),
    "team.bad_id": ("teamets 'id' {problem}", "the team's 'id' {problem}"),
    "caseworker.field": ("sagsbehandler {who}: {problem}", "caseworker {who}: {problem}"),
    "team.field": ("team {who}: {problem}", "team {who}: {problem}"),
    "caseworker.number": (
        "{key!r} skal være {what}, ikke {value}",
        "{key!r} must be {what}, not {value}",
    ),
    "caseworker.what_nonneg": ("et endeligt tal ≥ 0", "a finite number ≥ 0"),
    "caseworker.what_years": ("et endeligt tal ≥ 0 (år)", "a finite number ≥ 0 (years)"),
    "caseworker.what_hours": (
        "et tal over 0 og højst {high} (timer om ugen)",
        "a number above 0 and at most {high} (hours a week)",
    ),
    "caseworker.competences": (
        "'competences' skal være en liste af tekster",
        "'competences' must be a list of texts",
    ),
    "caseworker.competence": ("kompetencen {problem}", "the competence {problem}"),
    "caseworker.active": ("'active' skal være true/false", "'active' must be true/false"),
    "caseload.duplicate_case": (
        "sags-id'et {id} findes {times} gange i sagsstammen",
        "the case id {id} occurs {times} times in the caseload",
    ),
    "caseload.duplicate_staff": (
        "{what}-id'et {id} findes {times} gange ({places})",
        "the {what} id {id} occurs {times} times ({places})",
    ),
    "caseload.what_caseworker": ("sagsbehandler", "caseworker"),
    "caseload.what_team": ("team", "team"),
    "caseload.and": ("{a} og {b}", "{a} and {b}"),
    "times.2": ("to", "two"),
    "times.3": ("tre", "three"),
    "times.4": ("fire", "four"),
}

#: The command line's words: help, summaries, its own errors (:mod:`boernesag.cli.messages`).
_CLI: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ argparse's own words
    "argparse.usage": ("brug: ", "usage: "),
    "argparse.positionals": ("argumenter", "positional arguments"),
    "argparse.options": ("tilvalg", "options"),
    "argparse.help": ("vis denne hjælp og afslut", "show this help message and exit"),
    "argparse.version": ("vis versionsnummeret og afslut", "show the version number and exit"),
    "argparse.error": ("{prog}: fejl: {message}", "{prog}: error: {message}"),
    # ------------------------------------------------------------------ the whole program
    "main.description": (
        "Frister, sagsgennemgang, overdragelse og fordeling i sager om børn og unge "
        "med særlige behov (Barnets Lov, Serviceloven, Forvaltningsloven, Retssikkerhedsloven).",
        "Deadlines, case review, handover and allocation in cases of children and young "
        "people with special needs (Barnets Lov, Serviceloven, Forvaltningsloven, "
        "Retssikkerhedsloven).",
    ),
    "main.epilog": (
        "Afslutningskode: 0 alt beregnet; 2 ugyldigt input eller argument (intet beregnet); "
        "3 nogle sager kunne ikke læses eller beregnes (resten er skrevet, de manglende står "
        "på stderr); 1 intern fejl. Sprog: --lang en (eller miljøvariablen BOERNESAG_LANG=en) "
        "skifter hjælp, fejlbeskeder og output til engelsk; også hjælpen: "
        "boernesag --lang en deadlines --help.",
        "Exit status: 0 all computed; 2 invalid input or argument (nothing computed); "
        "3 some cases could not be read or computed (the rest is written, the missing ones "
        "are on stderr); 1 internal error. Language: --lang da (or the environment variable "
        "BOERNESAG_LANG=da) switches help, error messages and output to Danish, the default; "
        "the help too: boernesag --lang da deadlines --help.",
    ),
    "main.command": ("KOMMANDO", "COMMAND"),
    "main.debug": (
        "vis hele forløbet (traceback) ved en intern fejl",
        "show the whole traceback on an internal error",
    ),
    "main.no_progress": (
        "vis ingen fremdriftslinje på stderr (den vises kun i en terminal, når et trin tager "
        "mere end et par sekunder; også slået fra med miljøvariablen BOERNESAG_NO_PROGRESS)",
        "show no progress line on stderr (it shows only on a terminal, when a step takes more "
        "than a couple of seconds; also off with the environment variable "
        "BOERNESAG_NO_PROGRESS)",
    ),
    # ------------------------------------------------------------------ errors
    "error.invalid_input": ("ugyldigt input: {error}", "invalid input: {error}"),
    "error.interrupted": ("afbrudt", "interrupted"),
    "error.internal": (
        "intern fejl ({error}). Det er en fejl i boernesag: rapportér den venligst, med "
        "kommandoen (kør med --debug for detaljer)",
        "internal error ({error}). This is a bug in boernesag: please report it, with the "
        "command (run with --debug for details)",
    ),
    "error.os.directory": ("{name} er en mappe, ikke en fil", "{name} is a folder, not a file"),
    "error.os.permission": ("ingen adgang til {name}", "no permission to access {name}"),
    "error.os.missing": (
        "filen eller mappen findes ikke: {name}",
        "no such file or folder: {name}",
    ),
    "error.not_a_date": (
        "{text} er ikke en dato ÅÅÅÅ-MM-DD",
        "{text} is not a date YYYY-MM-DD",
    ),
    "error.non_negative": (
        "{text} skal være et helt tal, 0 eller mere",
        "{text} must be a whole number, 0 or more",
    ),
    "error.positive": (
        "{text} skal være et helt tal, 1 eller mere",
        "{text} must be a whole number, 1 or more",
    ),
    "error.day": ("dagen", "the day"),
    "error.file_and_demo": (
        "angiv enten FIL eller --demo, ikke begge",
        "give either FILE or --demo, not both",
    ),
    "error.no_input": (
        "angiv en FIL (eller '-' for stdin) eller --demo",
        "give a FILE (or '-' for stdin) or --demo",
    ),
    "error.is_directory": (
        "{path} er en mappe, ikke en fil med sager",
        "{path} is a folder, not a file of cases",
    ),
    "error.no_file": ("filen findes ikke: {path}", "no such file: {path}"),
    "error.unreadable": ("ingen adgang til at læse {path}", "no permission to read {path}"),
    "error.output.directory": (
        "{option} {target}: er en mappe, ikke en fil",
        "{option} {target}: is a folder, not a file",
    ),
    "error.output.no_folder": (
        "{option} {target}: mappen {parent} findes ikke",
        "{option} {target}: the folder {parent} does not exist",
    ),
    "error.output.exists": (
        "{option} {target}: filen findes allerede; brug --force for at erstatte den",
        "{option} {target}: the file exists already; use --force to replace it",
    ),
    "error.output.no_access": (
        "{option} {target}: ingen adgang til at skrive",
        "{option} {target}: no permission to write",
    ),
    "error.save.unrecoverable": (
        "sag {case} kunne ikke indlæses og kan ikke skrives tilbage uændret; --save gemmer "
        "intet, for at ingen sag går tabt. Ret sagen, eller gem uden --lenient",
        "case {case} could not be read and cannot be written back unchanged; --save saves "
        "nothing, so that no case is lost. Correct the case, or save without --lenient",
    ),
    "error.case_number": ("nr. {n}", "no. {n}"),
    "error.unknown_caseworker": (
        "ukendt sagsbehandler {cw!r}: findes ikke i sagsstammen",
        "unknown caseworker {cw!r}: not in the caseload",
    ),
    "error.unknown_case": (
        "sagen {case!r} findes ikke i sagsstammen",
        "the case {case!r} is not in the caseload",
    ),
    "error.unknown_case_input": (
        "sagen {case!r} findes ikke i input",
        "the case {case!r} is not in the input",
    ),
    "error.case_rejected": (
        "sagen {case!r} kunne ikke indlæses",
        "the case {case!r} could not be read",
    ),
    "error.setting_form": (
        "--setting skal have formen NAVN=VÆRDI, ikke {item!r}",
        "--setting must have the form NAME=VALUE, not {item!r}",
    ),
    "error.workers": (
        "--workers skal være 0 (alle kerner) eller et positivt heltal, ikke {n}",
        "--workers must be 0 (all cores) or a positive whole number, not {n}",
    ),
    "error.save_needs_to": ("--save kræver --to", "--save needs --to"),
    "error.window_days": (
        "--window-days skal være 0 eller mere",
        "--window-days must be 0 or more",
    ),
    "error.to_needs_caseworker": (
        "--to kræver --caseworker, når input har flere sager",
        "--to needs --caseworker when the input has more than one case",
    ),
    "error.no_caseworker": (
        "sag {case} har ingen sagsbehandler at overdrage fra",
        "case {case} has no caseworker to hand over from",
    ),
    "error.descriptions.missing": (
        "filen med beskrivelser findes ikke: {path}",
        "no such file of descriptions: {path}",
    ),
    "error.descriptions.json": (
        "{path}: ikke gyldig JSON: {error}",
        "{path}: not valid JSON: {error}",
    ),
    "error.descriptions.shape": (
        "{path}: skal være et JSON-objekt sags-id → tekst",
        "{path}: must be a JSON object case id → text",
    ),
    "error.sample_options": (
        "--size og --seed gælder demo-sagsstammen, ikke --sample",
        "--size and --seed are for the demo caseload, not --sample",
    ),
    "error.demo_needs_output": (
        "angiv --output FIL (eller '-' for stdout), eller --sample",
        "give --output FILE (or '-' for stdout), or --sample",
    ),
    "error.columnar_needs_numpy": (
        "--engine columnar kræver numpy: pip install 'boernesag[numpy]'",
        "--engine columnar needs numpy: pip install 'boernesag[numpy]'",
    ),
    # ------------------------------------------------------------------ warnings on stderr
    "warn.warning": ("advarsel: {text}", "warning: {text}"),
    "warn.rejected": ("sag afvist: {error}", "case rejected: {error}"),
    "warn.rejected_count": (
        "{n} {n:sag|sager} kunne ikke indlæses og er ikke med (af {total})",
        "{n} {n:case|cases} could not be read and {n:is|are} left out (of {total})",
    ),
    "warn.stale": (
        "advarsel: opgørelsesdagen {as_of} ligger {days} {days:dag|dage} efter sagernes "
        "seneste hændelse ({last}); frister siden da vises som overskredne. Angiv --as-of for "
        "at opgøre på en anden dag.",
        "warning: the day of the count {as_of} is {days} {days:day|days} after the cases' "
        "last event ({last}); deadlines since then show as overdue. Give --as-of to count "
        "on another day.",
    ),
    "warn.case_failed": ("sag {case} {what}: {message}", "case {case} {what}: {message}"),
    "warn.written_back": (
        "{n} {n:sag|sager}, der ikke kunne indlæses, er skrevet uændret tilbage i {target} på "
        "{n:sin|deres} oprindelige plads (ikke omfordelt): ret {n:den|dem} og kør igen",
        "{n} {n:case|cases} that could not be read {n:was|were} written back unchanged to "
        "{target} in {n:its|their} original place (not reassigned): correct {n:it|them} and "
        "run again",
    ),
    "failed.compute": ("kunne ikke beregnes", "could not be computed"),
    "failed.audit": ("kunne ikke gennemgås", "could not be reviewed"),
    "failed.audit_count": (
        "{n} af {total} {total:sag|sager} kunne ikke gennemgås",
        "{n} of {total} {total:case|cases} could not be reviewed",
    ),
    "failed.read": ("kunne ikke læses", "could not be read"),
    "failed.move": (
        "kunne ikke flyttes (bliver hos den afgivende)",
        "could not be moved (stays with the outgoing caseworker)",
    ),
    "failed.unlisted": (
        "er flyttet, men kunne ikke vises i pakken",
        "was moved, but could not be shown in the package",
    ),
    "failed.show": ("kunne ikke vises", "could not be shown"),
    "progress.cases": ("sager", "cases"),
    # ------------------------------------------------------------------ shared options
    "opt.file": (
        "sag eller sagsstamme (JSON); '-' læser stdin",
        "case or caseload (JSON); '-' reads stdin",
    ),
    "opt.file.metavar": ("FIL", "FILE"),
    "opt.demo": (
        "brug den indlejrede syntetiske sagsstamme",
        "use the embedded synthetic caseload",
    ),
    "opt.demo_size": (
        "antal sager i demo-sagsstammen (1 eller flere)",
        "number of cases in the demo caseload (1 or more)",
    ),
    "opt.lenient": (
        "indlæs de gyldige sager og rapportér de ugyldige i stedet for at stoppe "
        "(afslutningskode 3, når en sag er afvist)",
        "read the valid cases and report the invalid ones instead of stopping "
        "(exit status 3 when a case was rejected)",
    ),
    "opt.format": (
        "output-format (standard: table i en terminal, ellers json)",
        "output format (default: table in a terminal, else json)",
    ),
    "opt.lang": (
        "sprog for hjælp, beskeder og output (standard: da, eller BOERNESAG_LANG)",
        "language of help, messages and output (default: da, or BOERNESAG_LANG)",
    ),
    "opt.date.metavar": ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    "opt.as_of": (
        "opgørelsesdag (standard: i dag; med --demo demoens egen dag, 2025-06-30)",
        "day of the count (default: today; with --demo the demo's own day, 2025-06-30)",
    ),
    "opt.rules": (
        "egen regelfil oven på de medfølgende regler",
        "own rule file on top of the rules shipped",
    ),
    "opt.case.metavar": ("SAG", "CASE"),
    "opt.rule.metavar": ("REGEL", "RULE"),
    "opt.file_out.metavar": ("FIL", "FILE"),
    "opt.force": ("erstat FIL, hvis den findes", "replace FILE if it exists"),
    "opt.engine": (
        "beregning: auto (standard: columnar fra {when}; ellers scalar), scalar (sag for "
        "sag) eller columnar (numpy, hele sagsstammen på én gang); samme output",
        "computation: auto (default: columnar from {when}; else scalar), scalar (case by "
        "case) or columnar (numpy, the whole caseload at once); the same output",
    ),
    "opt.engine.when": (
        "{n} sager, når numpy er installeret",
        "{n} cases when numpy is installed",
    ),
    "opt.engine.summary": ("kun med --summary", "only with --summary"),
    # ------------------------------------------------------------------ deadlines
    "deadlines.help": (
        "alle frister i en sag eller sagsstamme",
        "every deadline of a case or caseload",
    ),
    "deadlines.description": (
        "Beregn alle lovbestemte frister i sagerne, med status og forklaring.",
        "Compute every statutory deadline of the cases, with status and explanation.",
    ),
    "deadlines.status": (
        "vis kun frister med denne status (kan gentages)",
        "show only deadlines with this status (can be repeated)",
    ),
    "deadlines.due_within": (
        "kun åbne frister, der udløber inden for DAGE dage (0 eller flere)",
        "only open deadlines due within DAYS days (0 or more)",
    ),
    "deadlines.days.metavar": ("DAGE", "DAYS"),
    "deadlines.obligor": (
        "kun kommunens frister eller kun borgerens (klagefristen)",
        "only the municipality's deadlines or only the citizen's (the time limit for a complaint)",
    ),
    "deadlines.summary": (
        "optælling pr. regel og status i stedet for en liste",
        "counts per rule and status instead of a list",
    ),
    "deadlines.enable": (
        "slå en regel til (fx kommunale mål)",
        "turn a rule on (e.g. municipal targets)",
    ),
    "deadlines.none": ("ingen frister", "no deadlines"),
    "deadlines.total": (
        "{total} {total:frist|frister} i {cases} {cases:sag|sager}; {missed} overskredet af "
        "kommunen",
        "{total} {total:deadline|deadlines} in {cases} {cases:case|cases}; {missed} overdue by "
        "the municipality",
    ),
    # ------------------------------------------------------------------ workdays
    "workdays.help": ("hverdage: læg til, tæl og tjek", "working days: add, count and check"),
    "workdays.description": (
        "Danske hverdage (mandag-fredag undtagen helligdage; Store Bededag er hverdag fra 2024).",
        "Danish working days (Monday-Friday except public holidays; Store Bededag is a "
        "working day from 2024).",
    ),
    "workdays.optional": (
        "luk også 1. maj, grundlovsdag, 24. og 31. december",
        "also close 1 May, Constitution Day, 24 and 31 December",
    ),
    "workdays.json": ("svar som JSON", "answer in JSON"),
    "workdays.action.metavar": ("HANDLING", "ACTION"),
    "workdays.add": ("DATO + N hverdage", "DATE + N working days"),
    "workdays.between": (
        "antal hverdage efter FRA til og med TIL",
        "number of working days after FROM up to and including TO",
    ),
    "workdays.check": (
        "er DATO en hverdag? (afslutningskode 0 = ja, 1 = nej)",
        "is DATE a working day? (exit status 0 = yes, 1 = no)",
    ),
    "workdays.date.metavar": ("DATO", "DATE"),
    "workdays.from.metavar": ("FRA", "FROM"),
    "workdays.to.metavar": ("TIL", "TO"),
    "workdays.added": (
        "{day} + {n} {n:hverdag|hverdage} = {result}",
        "{day} + {n} working {n:day|days} = {result}",
    ),
    "workdays.counted": (
        "{n} {n:hverdag|hverdage} efter {start} til og med {end}",
        "{n} working {n:day|days} after {start} up to and including {end}",
    ),
    "workdays.is_working": ("{day}: hverdag", "{day}: working day"),
    "workdays.not_working": (
        "{day}: ikke hverdag ({reason})",
        "{day}: not a working day ({reason})",
    ),
    # ------------------------------------------------------------------ audit
    "audit.help": (
        "sagsgennemgang: fund pr. sag og opgørelse pr. tema",
        "case review: findings per case and a count per theme",
    ),
    "audit.description": (
        "Gennemgå sagerne som i Task forcens (Jammerbugt 2017) og BDO's (Randers 2016) "
        "gennemgange: børnefaglig undersøgelse, børnesamtale, barnets plan, opfølgning, "
        "underretninger, afgørelser (FVL §§ 19, 22, 24, 25), ventetid, huller, tilsyn, "
        "overgang til voksenlivet, klager, lukning.",
        "Review the cases as the Task force (Jammerbugt 2017) and BDO (Randers 2016) did: "
        "child protection investigation, conversation with the child, the child's plan, "
        "follow-up, underretninger, decisions (FVL §§ 19, 22, 24, 25), waiting, gaps, "
        "supervision, transition to adulthood, complaints, closing.",
    ),
    "audit.findings": (
        "list alle fund (table/csv/json) i stedet for opgørelsen pr. tema",
        "list every finding (table/csv/json) instead of the count per theme",
    ),
    "audit.case": ("gennemgå kun denne sag (sags-id)", "review only this case (case id)"),
    "audit.since": (
        "kun fund fra denne dag, plus det der stadig er uafklaret",
        "only findings from this day on, plus what is still unresolved",
    ),
    "audit.setting": (
        "skift en tærskel, fx gap_days=60 (kan gentages; se AuditSettings)",
        "change a threshold, e.g. gap_days=60 (can be repeated; see AuditSettings)",
    ),
    "audit.setting.metavar": ("NAVN=VÆRDI", "NAME=VALUE"),
    "audit.worst": (
        "antal sager i listen over de alvorligste (markdown/html/json)",
        "number of cases in the list of the most serious (markdown/html/json)",
    ),
    "audit.workers": (
        "antal processer til store sagsstammer med --engine scalar (standard 1; 0 = alle kerner)",
        "number of processes for large caseloads with --engine scalar (default 1; 0 = all cores)",
    ),
    "audit.enable": (
        "slå en regel til, fx kommunale mål som ledelsestilsyn",
        "turn a rule on, e.g. municipal targets such as management supervision",
    ),
    "audit.yes": ("ja", "yes"),
    # ------------------------------------------------------------------ handover
    "handover.help": (
        "tjekliste og sagsliste ved skift af sagsbehandler",
        "checklist and case list for a change of caseworker",
    ),
    "handover.description": (
        "Overdragelse af en sag eller en sagsstamme (Socialstyrelsen, »Hvordan overdrages "
        "sager?«): tjekliste efter situationen, maskingenereret sagsliste sorteret efter "
        "hastegrad, frister i overdragelsesvinduet og overgangen til voksenlivet. Med --to "
        "omfordeles sagerne.",
        "Handover of a case or a caseload (Socialstyrelsen, »Hvordan overdrages sager?«): a "
        "checklist for the situation, a machine-made case list sorted by urgency, the "
        "deadlines in the handover window and the transition to adulthood. With --to the "
        "cases are reassigned.",
    ),
    "handover.caseworker": (
        "den afgivende sagsbehandler (kræves, medmindre input er én sag eller --case)",
        "the outgoing caseworker (required unless the input is one case or --case)",
    ),
    "handover.case": (
        "overdrag kun denne sag (kan gentages): enkeltsager",
        "hand over only this case (can be repeated): single cases",
    ),
    "handover.planned": (
        "forberedt skift (standard, medmindre --reason sygdom)",
        "planned change (the default, unless --reason sygdom)",
    ),
    "handover.unplanned": (
        "uforberedt skift (fx sygdom, uplanlagt ophør)",
        "unplanned change (e.g. illness, unplanned leaving)",
    ),
    "handover.reason": ("årsag til skiftet", "reason for the change"),
    "handover.to": (
        "modtagende sagsbehandler: omfordel sagerne",
        "incoming caseworker: reassign the cases",
    ),
    "handover.on": (
        "skiftedag (standard: --as-of); overdragelsesvinduet begynder her",
        "day of the change (default: --as-of); the handover window begins here",
    ),
    "handover.window_days": (
        "overdragelsesvinduet i dage (standard 14)",
        "the handover window in days (default 14)",
    ),
    "handover.descriptions": (
        'fil med korte beskrivelser: {"sags-id": "tekst", ...}',
        'file of short descriptions: {"case id": "text", ...}',
    ),
    "handover.no_audit": (
        "vis ikke fund fra sagsgennemgangen",
        "do not show findings of the case review",
    ),
    "handover.ages": (
        "vis i stedet hvem der fylder 16, 17½ og 18 år de næste 12 måneder",
        "show instead who turns 16, 17½ and 18 in the next 12 months",
    ),
    "handover.save": (
        "skriv den omfordelte sagsstamme hertil (kræver --to); sager, som --lenient afviste, "
        "skrives uændret tilbage på deres plads, og filen erstattes først, når den er skrevet",
        "write the reassigned caseload here (needs --to); cases --lenient rejected are "
        "written back unchanged in their place, and the file is replaced only once written",
    ),
    "handover.title": ("Overdragelse: ", "Handover: "),
    "handover.ongoing": ("løbende", "ongoing"),
    # ------------------------------------------------------------------ allocate
    "allocate.help": (
        "fordeling af sager efter seks principper, med begrundelse",
        "allocation of cases by six principles, with reasons",
    ),
    "allocate.description": (
        "Fordel nye sager (åbne, uden aktiv sagsbehandler), en sagsbehandlers sager (--from) "
        "eller bestemte sager (--case) efter politikken: ligelig belastning, team, distrikt, "
        "CPR-interval, kompetencer og ledelsens fastlåsninger; søskende og kontinuitet. "
        "--suggest rangerer sagsbehandlerne for én sag.",
        "Allocate new cases (open, without an active caseworker), a caseworker's cases "
        "(--from) or given cases (--case) by the policy: even load, team, district, CPR "
        "range, competences and the management's locks; siblings and continuity. --suggest "
        "ranks the caseworkers for one case.",
    ),
    "allocate.as_of": (
        "opgørelsesdag (standard: demo-dagen med --demo, ellers i dag)",
        "day of the count (default: the demo's day with --demo, else today)",
    ),
    "allocate.policy": (
        "fordelingspolitik (se examples/policy.toml)",
        "allocation policy (see examples/policy.toml)",
    ),
    "allocate.from": (
        "fordel denne sagsbehandlers åbne sager til de andre (fx ved ophør)",
        "allocate this caseworker's open cases to the others (e.g. when they leave)",
    ),
    "allocate.case": ("fordel denne sag (kan gentages)", "allocate this case (can be repeated)"),
    "allocate.suggest": (
        "ranger sagsbehandlerne for denne sag",
        "rank the caseworkers for this case",
    ),
    "allocate.top": (
        "vis de N bedste forslag (--suggest)",
        "show the N best suggestions (--suggest)",
    ),
    "allocate.exclude": (
        "fordel ikke til denne sagsbehandler (kan gentages)",
        "do not allocate to this caseworker (can be repeated)",
    ),
    "allocate.solver": (
        "optimal: bevist optimal fordeling (MIP, HiGHS; kræver scipy: pip install "
        "'boernesag[allocation]'); greedy: hurtig, uden garanti; auto: optimal op til "
        "{cells} mulige sag-sagsbehandler-par, ellers greedy",
        "optimal: proven optimal allocation (MIP, HiGHS; needs scipy: pip install "
        "'boernesag[allocation]'); greedy: fast, without a guarantee; auto: optimal up to "
        "{cells} possible case-caseworker pairs, else greedy",
    ),
    "allocate.time_limit": (
        "tidsgrænse for optimal (standard {limit} s); derefter den bedste fundne fordeling og "
        "afstanden til optimum",
        "time limit for optimal (default {limit} s); then the best allocation found and the "
        "gap to the optimum",
    ),
    "allocate.seconds.metavar": ("SEK", "SEC"),
    # ------------------------------------------------------------------ demo
    "demo.help": (
        "skriv demo-sagsstammen til en fil, eller vis eksempelsagen",
        "write the demo caseload to a file, or show the sample case",
    ),
    "demo.description": (
        "Skriv den syntetiske demo-sagsstamme (den, --demo bruger) som en sagsstamme-fil "
        "(boernesag.caseload/1), eller vis eksempelsagen (--sample). Intet i den er "
        "virkeligt: CPR-numrene består med vilje ikke modulus 11-kontrollen.",
        "Write the synthetic demo caseload (the one --demo uses) as a caseload file "
        "(boernesag.caseload/1), or show the sample case (--sample). Nothing in it is real: "
        "its CPR numbers fail the modulus 11 check on purpose.",
    ),
    "demo.output": (
        "skriv til FIL ('-' = stdout); en eksisterende fil erstattes kun med --force",
        "write to FILE ('-' = stdout); an existing file is replaced only with --force",
    ),
    "demo.sample": (
        "eksempelsagen (boernesag.case/1) i stedet for demo-sagsstammen; standard: stdout",
        "the sample case (boernesag.case/1) instead of the demo caseload; default: stdout",
    ),
    "demo.size": (
        "antal sager i demo-sagsstammen (standard: 120)",
        "number of cases in the demo caseload (default: 120)",
    ),
    "demo.seed": (
        "frø til tilfældighederne (standard 2024)",
        "seed of the random choices (default 2024)",
    ),
    "demo.written": (
        "{n} {n:sag|sager}, {workers} {workers:sagsbehandler|sagsbehandlere} og {teams} "
        "{teams:team|teams} skrevet til {target}; dens egen opgørelsesdag er {day} "
        "(--as-of {day})",
        "{n} {n:case|cases}, {workers} {workers:caseworker|caseworkers} and {teams} "
        "{teams:team|teams} written to {target}; its own day of the count is {day} "
        "(--as-of {day})",
    ),
    # ------------------------------------------------------------------ schema
    "schema.help": (
        "JSON Schema for sagsformatet (til integration fra andre sprog)",
        "JSON Schema of the case format (for integration from other languages)",
    ),
    "schema.description": (
        "Skriv JSON Schema (draft 2020-12) for sagsformatet boernesag.case/1 eller, med "
        "--caseload, for sagsstammen boernesag.caseload/1.",
        "Write the JSON Schema (draft 2020-12) of the case format boernesag.case/1 or, with "
        "--caseload, of the caseload boernesag.caseload/1.",
    ),
    "schema.caseload": (
        "skemaet for en sagsstamme (boernesag.caseload/1) i stedet for én sag",
        "the schema of a caseload (boernesag.caseload/1) instead of one case",
    ),
    "schema.output": (
        "skriv skemaet til FIL i stedet for stdout; en eksisterende fil erstattes kun med --force",
        "write the schema to FILE instead of stdout; an existing file is replaced only with --force",
    ),
}


def _merged() -> dict[str, tuple[str, str]]:
    both = set(_LIBRARY) & set(_CLI)
    if both:  # pragma: no cover - a mistake in this file
        raise KeyError(f"keys in both parts of the catalogue: {sorted(both)}")
    return {**_LIBRARY, **_CLI}


#: Every message: ``key -> (Danish, English)``.
MESSAGES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(_merged())
