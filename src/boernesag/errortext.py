"""The English form of the library's error messages.

The library writes its error messages in Danish (the default language), at the place where
the problem is found (the case loader, the date window, periods, the calendar). This module
holds their English form once, as a phrase catalogue: each entry is a Danish phrase (a regular
expression whose groups are the values the message names: an id, a date, a field) and its
English text. :meth:`boernesag.errors.BoernesagError.text` uses it for ``lang="en"`` when an
error was not given its English text directly, so a message a user meets through the CLI with
``--lang en`` is English whichever module raised it. The values (ids, dates, masked CPR
numbers) pass through unchanged: a translation never adds or reveals anything.

tests/test_cli_errors_lang.py runs the CLI on bad input files in both languages and checks the
English messages are English; a phrase added to the library needs its entry here.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["PHRASES", "english"]

_V = r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\S+)"  # a value as the messages show it

#: ``(Danish pattern, English replacement)``, tried in order; the longer phrases first.
PHRASES: Final[tuple[tuple[str, str], ...]] = (
    # --------------------------------------------------------------- where (errors.located)
    (r"\bsag (\S+), hændelse (\S+), felt ", r"case \1, event \2, field "),
    (r"\bsag (\S+), hændelse (\S+):", r"case \1, event \2:"),
    (r"\bsag (\S+), felt ", r"case \1, field "),
    (r"\bhændelse (\S+), felt ", r"event \1, field "),
    (r"^felt ", "field "),
    # --------------------------------------------------------------- reading the file
    (r"strømmen gav hverken tekst eller bytes", "the stream gave neither text nor bytes"),
    (r"filen findes ikke: ", "no such file: "),
    (r"er en mappe, ikke en fil", "is a directory, not a file"),
    (r"ingen adgang til filen \(tilladelse nægtet\)", "no access to the file (permission denied)"),
    (r"ikke gyldig UTF-8-tekst: ", "not valid UTF-8 text: "),
    (r"ikke gyldig JSON: ", "not valid JSON: "),
    (r"ikke læsbar JSON: for dybt indlejret", "unreadable JSON: nested too deeply"),
    (r"ikke læsbar JSON: ", "unreadable JSON: "),
    (r"filen kan ikke læses: ", "the file cannot be read: "),
    (r"kan ikke skrive filen: ", "cannot write the file: "),
    (
        r"kan ikke læse en sag fra (\S+): giv en sti, en strøm eller en mapping",
        r"cannot read a case from \1: give a path, a stream or a mapping",
    ),
    (
        r"filen er en sagsstamme \(boernesag\.caseload/1\) med flere sager, ikke én sag: "
        r"læs den med load_caseload",
        "the file is a caseload (boernesag.caseload/1) of several cases, not one case: "
        "read it with load_caseload",
    ),
    (r"en sagsstamme skal være et JSON-objekt", "a caseload must be a JSON object"),
    (r"en sag skal være et JSON-objekt", "a case must be a JSON object"),
    (
        r"formatet " + _V + r" kendes ikke; forventede " + _V,
        r"unknown format \1; expected \2",
    ),
    # --------------------------------------------------------------- values
    (r"skal være en ikke-tom tekst", "must be a non-empty text"),
    (
        r"er (\d+) tegn lang; et id må højst have (\d+) tegn",
        r"is \1 characters long; an id may have at most \2",
    ),
    (
        r"indeholder styretegn \(linjeskift, tabulator o\.l\.\)",
        "contains control characters (line breaks, tabs and the like)",
    ),
    (r"er ikke en dato ÅÅÅÅ-MM-DD", "is not a date YYYY-MM-DD"),
    (r"skal være en dato ÅÅÅÅ-MM-DD", "must be a date YYYY-MM-DD"),
    (r"skal være en dato\b", "must be a date"),
    (r"skal være true eller false", "must be true or false"),
    (r"skal være true/false", "must be true/false"),
    (r"er ikke et tidspunkt i ISO 8601", "is not a time in ISO 8601"),
    (r"skal være et tidspunkt i ISO 8601", "must be a time in ISO 8601"),
    (r"mangler klokkeslæt; brug 'date' til datoer", "has no time of day; use 'date' for dates"),
    (r"tallet er for stort til JSON", "the number is too large for JSON"),
    (r"for dybt indlejret \(højst (\d+) niveauer\)", r"nested too deeply (at most \1 levels)"),
    (r"nøglen " + _V + r" er ikke en tekst", r"the key \1 is not a text"),
    (
        r"en værdi af typen (\S+) kan ikke skrives som JSON",
        r"a value of type \1 cannot be written as JSON",
    ),
    (r"kan ikke skrives som JSON", "cannot be written as JSON"),
    (r"skal være et helt antal måneder fra (\d+) til (\d+)", r"must be whole months from \1 to \2"),
    (r"skal være en liste af barn-id'er", "must be a list of child ids"),
    (r"skal være en liste af tekster", "must be a list of texts"),
    (r"skal være en liste", "must be a list"),
    (r"skal være en tekst", "must be a text"),
    (r"skal være et endeligt tal ≥ 0", "must be a finite number ≥ 0"),
    (r"skal være et endeligt tal > 0", "must be a finite number > 0"),
    (r"skal være et endeligt tal", "must be a finite number"),
    (r", ikke " + _V + r"$", r", not \1"),
    # --------------------------------------------------------------- events
    (r"hændelse nr\. (\d+) er ikke et objekt", r"event no. \1 is not an object"),
    (r"hændelse nr\. (\d+) mangler et 'id'", r"event no. \1 has no 'id'"),
    (r"hændelse nr\. (\d+): ", r"event no. \1: "),
    (r"ukendt hændelsestype " + _V + r"; kendte: ", r"unknown event type \1; known: "),
    (r"hændelsen har hverken 'date' eller 'at'", "the event has neither 'date' nor 'at'"),
    (r"en (\S+)-hændelse skal have ", r"an event \1 must have "),
    (r"hændelses-id'et findes to gange i sagen", "the event id occurs twice in the case"),
    (
        r"hændelsen \((\S+)\) er dateret (\S+), mere end (\d+) dage før barnets fødselsdato (\S+)",
        r"the event (\1) is dated \2, more than \3 days before the child's birth date \4",
    ),
    (
        r"henviser til en hændelse " + _V + r", der ikke findes",
        r"refers to an event \1 that does not exist",
    ),
    # --------------------------------------------------------------- the case and the child
    (r"sagen mangler ('[^']*')", r"the case has no \1"),
    (r"barnet mangler ('[^']*')", r"the child has no \1"),
    (
        r"fødselsdatoen (\S+) ligger mere end et år ude i fremtiden "
        r"\(senest (\S+): en forventet fødsel\)",
        r"the birth date \1 lies more than a year in the future (at the latest \2: an expected"
        r" birth)",
    ),
    (
        r"CPR-nummerets dato \((\S+)\) passer ikke med birth_date (\S+)",
        r"the date of the CPR number (\1) does not match birth_date \2",
    ),
    (
        r"CPR-nummer (\S+) har ikke formen DDMMÅÅ-LLLL",
        r"CPR number \1 is not of the form DDMMYY-SSSS",
    ),
    (r"CPR-nummer (\S+) har ingen gyldig dato", r"CPR number \1 has no valid date"),
    (
        r"et CPR-nummer skal være 10 cifre \(DDMMÅÅLLLL\)",
        "a CPR number must be 10 digits (DDMMYYSSSS)",
    ),
    (
        r"paragrafnummeret skal være fra (\d+) til (\d+)",
        r"the section number must be from \1 to \2",
    ),
    (r"\bstk\. skal være fra (\d+) til (\d+)", r"stk. must be from \1 to \2"),
    (r"\bnr\. skal være fra (\d+) til (\d+)", r"nr. must be from \1 to \2"),
    # --------------------------------------------------------------- the caseload
    (r"en sagsbehandler skal være et objekt med 'id'", "a caseworker must be an object with 'id'"),
    (r"et team skal være et objekt med 'id'", "a team must be an object with 'id'"),
    (r"sagsbehandlerens 'id' ", "the caseworker's 'id' "),
    (r"teamets 'id' ", "the team's 'id' "),
    (r"\bsagsbehandler (\S+): kompetencen ", r"caseworker \1: the competence "),
    (r"\bsagsbehandler (\S+):", r"caseworker \1:"),
    (
        r"\bsags-id'et (\S+) findes (\S+) gange i sagsstammen",
        r"the case id \1 occurs \2 times in the caseload",
    ),
    (r"\bsagsbehandler-id'et (\S+) findes (\S+) gange", r"the caseworker id \1 occurs \2 times"),
    (r"\bteam-id'et (\S+) findes (\S+) gange", r"the team id \1 occurs \2 times"),
    (r"\bto\b(?= times)", "two"),
    (r"\btre\b(?= times)", "three"),
    # --------------------------------------------------------------- the date window
    (
        r"hverdagsberegningen fra (\S+) når år (\d+); danske helligdage kendes kun for "
        r"(\S+) \(pakken holidays\)",
        r"the working-day calculation from \1 reaches the year \2; Danish holidays are known"
        r" only for \3 (the holidays package)",
    ),
    (
        r"hverdagsberegningen når år (\d+); danske helligdage kendes kun for "
        r"(\S+) \(pakken holidays\)",
        r"the working-day calculation reaches the year \1; Danish holidays are known"
        r" only for \2 (the holidays package)",
    ),
    (r", som boernesag kan beregne frister for", ", the years boernesag can compute deadlines for"),
    (r"tidspunktet (\S+) ligger uden for år 1-9999", r"the time \1 lies outside the years 1-9999"),
    (r"\+ (\S+) timer ligger uden for år 1-9999", r"+ \1 hours lies outside the years 1-9999"),
    (r"\+ (\S+) dage ligger uden for år 1-9999", r"+ \1 days lies outside the years 1-9999"),
    (r"\+ (\S+) uger ligger uden for år 1-9999", r"+ \1 weeks lies outside the years 1-9999"),
    (r"\+ (\S+) måneder ligger uden for år 1-9999", r"+ \1 months lies outside the years 1-9999"),
    (
        r"(\S+) måneder: (\S+) findes ikke; fristen kan være den sidste dag i måneden "
        r"\((\S+)\) eller den første dag i næste måned \((\S+)\)",
        r"\1 months: \2 does not exist; the deadline can be the last day of the month (\3)"
        r" or the first day of the next month (\4)",
    ),
    (r"datoen (\S+) \((\S+)\) ligger uden for ", r"the date \1 (\2) lies outside "),
    (r"datoen (\S+) ligger uden for ", r"the date \1 lies outside "),
    (r"opgørelsesdagen (\S+) ligger uden for ", r"the day of the count \1 lies outside "),
    (r"\bligger uden for ", "lies outside "),
    (r"\bligger før fødslen ", "lies before the birth "),
    (r"en alder kan ikke være negativ", "an age cannot be negative"),
    (
        r"en periode kan ikke være negativ \((\S+)\); tæl baglæns i stedet",
        r"a period cannot be negative (\1); count backwards instead",
    ),
    (r"\bmonths skal være 0-11, fik ", "months must be 0-11, got "),
    (
        r"\bsprog " + _V + r" understøttes ikke; brug 'da' eller 'en'",
        r"language \1 is not supported; use 'da' or 'en'",
    ),
)

_COMPILED: Final = tuple((re.compile(p), r) for p, r in PHRASES)


def english(danish: str) -> str:
    """``danish``, an error message of the library, in English (phrase by phrase; a value it
    names is kept as it is)."""
    text = danish
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text
