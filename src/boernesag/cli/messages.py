"""Every word the command line writes itself, in Danish and English: help, errors, summaries.

One catalogue, :data:`MESSAGES`, keyed: ``key -> (Danish, English)``. A template is filled
by :func:`boernesag.text.fill`, so a count agrees with its noun in both languages
(``"{n} {n:sag|sager}"``, ``"{n} {n:case|cases}"``). The reports' own words live with their
renderers (:mod:`boernesag.text`, :mod:`boernesag.audit.render`, ...), also in both languages.

The language of a run is chosen before the parser is built, because the help is built with
it: ``--lang en`` anywhere on the command line (:func:`lang_from_argv`), else the
environment variable :data:`LANG_ENV` (``BOERNESAG_LANG=en``), else Danish. It is the
default of every subcommand's ``--lang``. :func:`msg` reads it from :func:`current_lang`,
which :func:`boernesag.cli.main` sets for the run (:func:`use_lang`) (a context variable, so a thread or a
caller's own context keeps its own).

Why not gettext: the catalogue stays typed Python beside the code, with no ``.po``/``.mo``
build step, and a test checks that every key has both languages. argparse's own words
("usage:", "options", "error:", "invalid choice") come from gettext's process-wide domain,
which a library must not change for its host program; :class:`CatalogueParser` writes them
from this catalogue instead (:data:`ARGPARSE_ERRORS`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, NoReturn

from boernesag.text import LANGS, fill

__all__ = [
    "ARGPARSE_ERRORS",
    "LANG_ENV",
    "MESSAGES",
    "CatalogueParser",
    "current_lang",
    "lang_from_argv",
    "msg",
    "use_lang",
]

#: The environment variable that chooses the language when ``--lang`` is not given.
LANG_ENV = "BOERNESAG_LANG"

_LANG: ContextVar[str] = ContextVar("boernesag_cli_lang", default="da")


def current_lang() -> str:
    """The language of this run: ``"da"`` or ``"en"``."""
    return _LANG.get()


@contextlib.contextmanager
def use_lang(lang: str) -> Iterator[None]:
    """The language of the run inside the ``with`` block (``"da"`` or ``"en"``; anything
    else is Danish); the one before it afterwards."""
    token = _LANG.set("en" if lang == "en" else "da")
    try:
        yield
    finally:
        _LANG.reset(token)


def lang_from_argv(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: the last ``--lang X`` / ``--lang=X`` in ``argv`` (before a
    ``--``), else :data:`LANG_ENV`, else ``"da"``. An unsupported value is left to argparse
    to refuse (``--lang``) or ignored (the environment variable)."""
    found: str | None = None
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    if found is None:
        env = os.environ if environ is None else environ
        found = env.get(LANG_ENV, "").strip().lower()
    return found if found in LANGS else "da"


def msg(key: str, /, **kwargs: object) -> str:
    """Message ``key`` in the run's language, filled with ``kwargs`` (counts agree with
    their nouns: :func:`boernesag.text.fill`)."""
    da, en = MESSAGES[key]
    template = en if current_lang() == "en" else da
    return fill(template, **kwargs) if kwargs else template


_M: dict[str, tuple[str, str]] = {
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
MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(_M)

#: argparse's own error messages (English, from gettext's process-wide domain) as Danish:
#: ``(pattern, replacement)``, tried in order on the message of :meth:`CatalogueParser.error`.
ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"invalid choice: (.*) \(choose from (.*)\)", r"ugyldigt valg: \1 (vælg mellem \2)"),
        (r"invalid (\w+) value: (.*)", r"ugyldig \1-værdi: \2"),
        (r"^expected one argument$", "forventer én værdi"),
        (r"^expected at least one argument$", "forventer mindst én værdi"),
        (r"^expected (\d+) arguments?$", r"forventer \1 værdier"),
        (r"not allowed with argument (.*)", r"kan ikke bruges sammen med \1"),
        (r"^the following arguments are required: (.*)$", r"disse argumenter mangler: \1"),
        (r"^unrecognized arguments: (.*)$", r"ukendte argumenter: \1"),
        (r"^ambiguous option: (.*) could match (.*)$", r"flertydigt tilvalg: \1 kan være \2"),
        (r"ignored explicit argument (.*)", r"ignorerede argumentet \1"),
    )
)


def _danish_error(message: str) -> str:
    for pattern, replacement in ARGPARSE_ERRORS:
        message = pattern.sub(replacement, message)
    return message


class CatalogueHelpFormatter(argparse.HelpFormatter):
    """argparse's help with the catalogue's ``usage:`` prefix."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, msg("argparse.usage") if prefix is None else prefix
        )


class CatalogueParser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that writes argparse's own words from the
    catalogue in the run's language: ``usage:``, the section titles, ``-h``'s help and
    ``error:`` with its message. Subcommand parsers are of the same class (argparse makes
    them with ``type(parent)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", CatalogueHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # -h with the catalogue's help text, below
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=msg("argparse.help")
            )

    def format_help(self) -> str:
        titles = {
            "positional arguments:": msg("argparse.positionals") + ":",
            "options:": msg("argparse.options") + ":",
        }
        return "".join(
            titles.get(line.rstrip("\n"), line.rstrip("\n")) + ("\n" if line.endswith("\n") else "")
            for line in super().format_help().splitlines(keepends=True)
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = _danish_error(message) if current_lang() == "da" else message
        self.exit(2, msg("argparse.error", prog=self.prog, message=text) + "\n")
