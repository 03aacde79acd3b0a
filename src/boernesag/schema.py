"""JSON Schemas (draft 2020-12) of the case format ``boernesag.case/1`` and the caseload format
``boernesag.caseload/1``, for integrators who write or check files in other languages.

The schemas are generated here from what the loader (:mod:`boernesag.caseio`) accepts: the
event fields (:data:`~boernesag.caseio.EVENT_FIELDS`), the event types
(:class:`~boernesag.model.EventType`), the fields each type requires
(:data:`~boernesag.caseio.REQUIRED_FIELDS`), the id rules (:data:`~boernesag.caseio.MAX_ID_LENGTH`,
no control characters), the laws a paragraph may cite (:data:`boernesag.paragraphs.LAWS`),
the date window (:mod:`boernesag.bounds`) and the caseworker ranges
(:data:`~boernesag.caseio.MAX_HOURS`). Generating them from those constants, rather than
keeping a hand-written file, is what keeps the schema from drifting from the loader: a new
event type or field changes the schema with it. The same text is shipped in the package
(``boernesag/data/case.schema.json`` and ``caseload.schema.json``, for those who want the file
without running Python); a test asserts that the shipped files equal the generated ones, and
``boernesag schema --output FILE`` regenerates them.

What a schema can say and what it cannot. The schemas are written so that a document the
loader writes always validates, and a document that validates is one the loader reads,
except for checks a JSON Schema cannot express (each named in the ``description`` of its
field): that a date exists in the calendar (``2023-02-29``; ``"format": "date"`` says it where
a validator asserts formats), that the birth date lies at most a year after today and that no
event lies more than 300 days before the birth, the Copenhagen date of a timestamp near the
window's ends, a naive time skipped or repeated at a daylight-saving change, that a
paragraph exists in the law (``BL 999``), that a CPR number's date is the birth date, that ids
are unique and that a ``ref`` names an event of the case, and how deep unknown keys nest.
Unknown keys are allowed everywhere: the format keeps them (they are written back as read).
``null`` is read as an absent field where the loader reads it so, and is allowed there.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Final

from boernesag.bounds import EARLIEST, LATEST
from boernesag.caseio import (
    CASE_FORMAT,
    CASELOAD_FORMAT,
    CHECKED_EXTRA_FIELDS,
    EVENT_FIELDS,
    MAX_HOURS,
    MAX_ID_LENGTH,
    REQUIRED_FIELDS,
)
from boernesag.model import EventType
from boernesag.paragraphs import LAWS, MAX_NUMBER, MAX_STK

__all__ = [
    "CASELOAD_SCHEMA_ID",
    "CASE_SCHEMA_ID",
    "DIALECT",
    "SCHEMA_FILES",
    "case_schema",
    "caseload_schema",
    "schema_text",
]

#: The JSON Schema dialect of both schemas.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: The schemas' ``$id``: names, not addresses (nothing is fetched from them).
CASE_SCHEMA_ID: Final = "urn:boernesag:schema:case:1"
CASELOAD_SCHEMA_ID: Final = "urn:boernesag:schema:caseload:1"
#: The shipped files, relative to the ``boernesag`` package.
SCHEMA_FILES: Final = {
    "case": "data/case.schema.json",
    "caseload": "data/caseload.schema.json",
}

# The patterns are written in the subset of ECMA-262 that JSON Schema recommends and that
# Python's ``re`` reads the same way: character classes with \\u escapes, no \\s or \\d (their
# meaning differs between dialects). A pattern is searched, not matched: ``^``/``$`` anchor it.

#: The characters an id may not contain (control characters, line and paragraph separators),
#: as the loader refuses them.
_CONTROL_CLASS = r"[\u0000-\u001f\u007f-\u009f\u2028\u2029]"
#: The characters Python's ``str.strip()`` removes (``str.isspace``): a text of only these is
#: empty to the loader.
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: Contains at least one character that is not white space.
_NOT_BLANK = f"[^{_SPACE}]"
#: The ASCII white space the paragraph parser allows between the parts (``re.ASCII`` ``\\s``).
_WS = r"[\u0009-\u000d ]"


def _years() -> str:
    """The years of the date window as a pattern: ``(19|20)[0-9]{2}`` for 1900-2099."""
    if EARLIEST.month != 1 or EARLIEST.day != 1 or LATEST.month != 12 or LATEST.day != 31:
        raise AssertionError("the date window must run from 1 January to 31 December")
    if EARLIEST.year % 100 != 0 or LATEST.year % 100 != 99:
        raise AssertionError("the date window must be whole centuries")
    centuries = range(EARLIEST.year // 100, LATEST.year // 100 + 1)
    return "(" + "|".join(str(c) for c in centuries) + ")[0-9]{2}"


def _day_pattern() -> str:
    return _years() + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"


def _number(limit: int) -> str:
    """1..``limit`` (``limit`` = 9, 99 or 999), leading zeros allowed: ``0*[1-9][0-9]{0,2}``."""
    width = len(str(limit))
    if limit != 10**width - 1:
        raise AssertionError(f"{limit} is not of the form 9...9")
    return "0*[1-9]" + (f"[0-9]{{0,{width - 1}}}" if width > 1 else "")


def _paragraph_pattern() -> str:
    """The paragraph references :meth:`boernesag.paragraphs.Paragraph.parse` reads."""
    laws = "|".join(sorted(LAWS, key=lambda s: (-len(s), s)))
    w = _WS
    number = _number(MAX_NUMBER)
    sub = _number(MAX_STK)
    return (
        f"^{w}*({laws}){w}*(§{w}*)?{number}{w}?[a-z]?"
        f"(,?{w}*stk\\.?{w}*{sub})?(,?{w}*nr\\.?{w}*{sub})?{w}*$"
    )


def _window_note() -> str:
    return f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


def _defs() -> dict[str, Any]:
    """The shared definitions (``$defs``) of both schemas, without ``case``."""
    window = _window_note()
    return {
        "id": {
            "description": (
                f"An id: a text of 1 to {MAX_ID_LENGTH} characters, not only white space, "
                "without control characters (line breaks, tabs): so that it cannot break a "
                "report or a log line."
            ),
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_ID_LENGTH,
            "pattern": _NOT_BLANK,
            "not": {"pattern": _CONTROL_CLASS},
        },
        "text": {
            "description": "A text that is not empty or only white space.",
            "type": "string",
            "pattern": _NOT_BLANK,
        },
        "date": {
            "description": (
                f"A date written YYYY-MM-DD (the extended ISO 8601 form only), from {window} "
                "(the plausibility window of boernesag.bounds). The day must exist "
                "(2023-02-29 does not): the pattern cannot say it, 'format: date' does where a "
                "validator asserts formats."
            ),
            "type": "string",
            "minLength": 10,
            "maxLength": 10,
            "pattern": f"^{_day_pattern()}$",
            "format": "date",
        },
        "timestamp": {
            "description": (
                "A time, ISO 8601: YYYY-MM-DDTHH:MM:SS with an offset (+01:00, +02:00, Z) or "
                "without one (read as Europe/Copenhagen wall time); the minutes, seconds and a "
                "fraction of up to 6 digits may be left out; a space may stand for the T. The "
                f"Copenhagen date of the instant must lie in {window} (the pattern checks the "
                "written year; the loader the Copenhagen date, so a time within hours of the "
                "window's ends may still be refused). A naive time that does not exist (the "
                "hour skipped when summer time starts) or exists twice (the hour repeated "
                "when it ends) is refused by the loader: it does not guess. A date without a "
                "time belongs in 'date'."
            ),
            "type": "string",
            "pattern": (
                f"^{_day_pattern()}[T ]([01][0-9]|2[0-3])"
                "(:[0-5][0-9](:[0-5][0-9]([.,][0-9]{1,6})?)?)?"
                "(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?$"
            ),
            "not": {"pattern": _CONTROL_CLASS},
        },
        "paragraph": {
            "description": (
                "A paragraph reference: the law's short name ("
                + ", ".join(f"{k} {v}" for k, v in LAWS.items())
                + f"), the number 1-{MAX_NUMBER} with an optional letter, optionally stk. and "
                f"nr. 1-{MAX_STK}, written with the digits 0-9: 'BL 32', 'SEL 52 stk. 3 nr. 7', "
                "'FVL 19'. The canonical form (as boernesag writes it) is 'LAW N[ letter]"
                "[ stk. S][ nr. R]'. The paragraph must exist in the law (boernesag's paragraph "
                "vocabulary; 'BL 999' and 'SEL 52 stk. 99' are refused): the pattern cannot "
                "say it. A paragraph of a law that did not apply on the event's date loads with "
                "a warning."
            ),
            "type": "string",
            "pattern": _paragraph_pattern(),
        },
        "cpr": {
            "description": (
                "The child's CPR number, DDMMYYSSSS or DDMMYY-SSSS. Its date (DDMMYY) must be "
                "the birth date and exist (the pattern checks day 01-31 and month 01-12 only). "
                "boernesag never shows it in a message or report; leave it out of an export "
                "that must not contain it."
            ),
            "type": "string",
            "pattern": "^(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}$",
        },
        "child": {
            "description": "The child the case is about (one case per child).",
            "type": "object",
            "required": ["id", "birth_date"],
            "properties": {
                "id": {"$ref": "#/$defs/id"},
                "birth_date": {
                    "$ref": "#/$defs/date",
                    "description": (
                        "At most one year after today (an expected birth: a case can open "
                        "before the child is born, BL § 26 stk. 3): the schema cannot say it."
                    ),
                },
                "cpr": _nullable({"$ref": "#/$defs/cpr"}),
                "siblings": {
                    "description": "The child ids of the child's siblings.",
                    "type": "array",
                    "items": {"$ref": "#/$defs/id"},
                },
                "disability": _nullable(
                    {
                        "type": "boolean",
                        "description": "A significant and lasting disability (default false).",
                    }
                ),
            },
            "additionalProperties": True,
        },
        "event": _event_schema(),
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or ``null`` (which the loader reads as an absent field)."""
    return {"anyOf": [schema, {"type": "null"}]}


#: Each event field's schema and meaning. ``case_schema`` takes them in the order of
#: :data:`~boernesag.caseio.EVENT_FIELDS` and fails on a field missing here.
_EVENT_FIELD_SCHEMAS: Final[dict[str, dict[str, Any]]] = {
    "id": {"$ref": "#/$defs/id", "description": "The event's id, unique within the case."},
    "type": {
        "description": (
            "The event type: the spec's minimum vocabulary and boernesag's extensions "
            "(docs/case-format.rst)."
        ),
        "enum": [t.value for t in EventType],
    },
    "date": {"$ref": "#/$defs/date", "description": "The day of the event."},
    "at": {
        "$ref": "#/$defs/timestamp",
        "description": "The time of the event, where the law counts hours (an underretning).",
    },
    "ref": {"$ref": "#/$defs/id", "description": "The id of an event of the same case."},
    "measure": {"$ref": "#/$defs/id", "description": "The id of the measure (indsats)."},
    "paragraph": {"$ref": "#/$defs/paragraph"},
    "caseworker": {"$ref": "#/$defs/id", "description": "A caseworker id."},
    "team": {"$ref": "#/$defs/id", "description": "A team id."},
    "outcome": {"$ref": "#/$defs/text", "description": "The outcome: 'bevilget', 'afslag', ..."},
    "professional": {
        "type": "boolean",
        "description": "An underretning from a professional (skærpet underretningspligt).",
    },
    "partshoering": {"type": "boolean", "description": "Partshøring done (FVL § 19)."},
    "begrundelse": {"type": "boolean", "description": "The decision is reasoned (FVL § 22)."},
    "klagevejledning": {"type": "boolean", "description": "Klagevejledning given (FVL § 25)."},
    "meddelt": {
        "$ref": "#/$defs/date",
        "description": (
            "The day the citizen received the decision (the klagefrist runs from it); "
            "absent: the decision's date."
        ),
    },
    "interval_months": {
        "type": "integer",
        "minimum": 1,
        "maximum": 24,
        "description": (
            "The follow-up interval the municipality decided (BL § 95 stk. 3), whole months, "
            "written without a decimal point (12, not 12.0)."
        ),
    },
    "boernesamtale_undtagelse": {
        "$ref": "#/$defs/text",
        "description": "Why the child was not heard before the decision (BL § 5 stk. 4).",
    },
    "reason": {"$ref": "#/$defs/text", "description": "A reason (e.g. on sag_lukket)."},
    "note": {"$ref": "#/$defs/text", "description": "A note."},
}


#: The checked extension keys (:data:`~boernesag.caseio.CHECKED_EXTRA_FIELDS`): kept in
#: ``extra`` by the loader, but their values are checked, so the schema says them too.
_CHECKED_EXTRA_SCHEMAS: Final[dict[str, dict[str, Any]]] = {
    "truffet_af": {
        "description": (
            "On an afgoerelse: who made the decision. 'boerne_og_ungeudvalget' (BL § 142; SEL "
            "§ 74 before 2024): the klagefrist is BL § 146 stk. 1 (SEL § 168) and a complaint "
            "is sent on to Ankestyrelsen at once without genvurdering (retssikkerhedsbek. "
            "§ 11 stk. 6). Absent: 'forvaltningen'."
        ),
    },
    "hastende": {
        "type": "boolean",
        "description": (
            "On a klage_modtaget: the complaint is urgent; the genvurdering is due at once "
            "(retssikkerhedsbek. § 11 stk. 5)."
        ),
    },
    "varslingspligt": {
        "type": "boolean",
        "description": (
            "On an afgoerelse: the case is covered by the varslingspligt (SEL § 3 a / BL § 11); "
            "the genvurdering of a complaint is due in 14 days (retssikkerhedsbek. § 11 stk. 3)."
        ),
    },
}


def _event_schema() -> dict[str, Any]:
    missing = [f for f in EVENT_FIELDS if f not in _EVENT_FIELD_SCHEMAS]
    if missing:
        raise AssertionError(f"no schema for the event fields {missing}")
    properties: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        schema = copy.deepcopy(_EVENT_FIELD_SCHEMAS[name])
        properties[name] = schema if name in ("id", "type") else _nullable(schema)
    for name, allowed in CHECKED_EXTRA_FIELDS.items():
        schema = copy.deepcopy(_CHECKED_EXTRA_SCHEMAS[name])
        if allowed is not None:
            schema["enum"] = list(allowed)
        properties[name] = _nullable(schema)
    required_by_type = [
        {
            "if": {"properties": {"type": {"const": etype.value}}, "required": ["type"]},
            "then": {
                "required": list(fields),
                "properties": {f: copy.deepcopy(_EVENT_FIELD_SCHEMAS[f]) for f in fields},
            },
        }
        for etype, fields in REQUIRED_FIELDS.items()
    ]
    return {
        "description": (
            "One dated fact on the child's timeline. It has a 'date', an 'at' or both. Some "
            "types require a field: "
            + "; ".join(f"{t.value}: {', '.join(fields)}" for t, fields in REQUIRED_FIELDS.items())
            + ". No event may lie more than 300 days before the birth (the schema cannot say "
            "it). Other keys are kept as they are."
        ),
        "type": "object",
        "required": ["id", "type"],
        "properties": properties,
        "anyOf": [
            {"required": ["date"], "properties": {"date": {"type": "string"}}},
            {"required": ["at"], "properties": {"at": {"type": "string"}}},
        ],
        "allOf": required_by_type,
        "additionalProperties": True,
    }


def _case_body() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["case_id", "child"],
        "properties": {
            "format": {
                "const": CASE_FORMAT,
                "description": f"The format; absent means {CASE_FORMAT}.",
            },
            "case_id": {"$ref": "#/$defs/id", "description": "Unique within a caseload."},
            "child": {"$ref": "#/$defs/child"},
            "team": _nullable({"$ref": "#/$defs/id"}),
            "district": _nullable({"$ref": "#/$defs/id"}),
            "events": {
                "description": (
                    "The events, in any order. Event ids are unique within the case and a "
                    "'ref' names one of them (the schema cannot say it)."
                ),
                "type": "array",
                "items": {"$ref": "#/$defs/event"},
            },
        },
        "additionalProperties": True,
    }


def _caseworker_schema() -> dict[str, Any]:
    return {
        "description": "A caseworker. Caseworker ids are unique (the schema cannot say it).",
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"$ref": "#/$defs/id"},
            "team": _nullable({"$ref": "#/$defs/id"}),
            "capacity": _nullable(
                {
                    "type": "number",
                    "minimum": 0,
                    "description": "Capacity in weighted case points.",
                }
            ),
            "competences": {
                "description": (
                    "What the caseworker may handle: paragraphs, bevillingskompetence, a kind "
                    "of case ('handicap')."
                ),
                "type": "array",
                "items": {"$ref": "#/$defs/id"},
            },
            "district": _nullable({"$ref": "#/$defs/id"}),
            "experience": _nullable(
                {"type": "number", "minimum": 0, "description": "Experience in years."}
            ),
            "hours": _nullable(
                {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": MAX_HOURS,
                    "description": (
                        f"Working hours a week, above 0 and at most {MAX_HOURS} (a generous "
                        "bound that catches a misplaced column)."
                    ),
                }
            ),
            "name": _nullable({"type": "string"}),
            "active": {"type": "boolean", "description": "Default true."},
        },
        "additionalProperties": True,
    }


def _team_schema() -> dict[str, Any]:
    return {
        "description": "A team. Team ids are unique (the schema cannot say it).",
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"$ref": "#/$defs/id"},
            "name": _nullable({"type": "string"}),
            "kind": _nullable({"$ref": "#/$defs/id"}),
            "district": _nullable({"$ref": "#/$defs/id"}),
        },
        "additionalProperties": True,
    }


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one case, ``boernesag.case/1``.

    >>> schema = case_schema()
    >>> schema["$schema"], schema["required"]
    ('https://json-schema.org/draft/2020-12/schema', ['case_id', 'child'])
    """
    return {
        "$schema": DIALECT,
        "$id": CASE_SCHEMA_ID,
        "title": f"boernesag case ({CASE_FORMAT})",
        "description": (
            "One child's case: the child and the events of its timeline. Generated from "
            "boernesag's loader (boernesag.schema); see the module's documentation for what "
            "the loader checks beyond the schema."
        ),
        **_case_body(),
        "$defs": _defs(),
    }


def caseload_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a caseload, ``boernesag.caseload/1``: cases,
    caseworkers and teams. (The loader also reads a single case file as a caseload of one;
    this schema describes caseload files.)"""
    defs = _defs()
    defs["case"] = _case_body()
    defs["caseworker"] = _caseworker_schema()
    defs["team"] = _team_schema()
    return {
        "$schema": DIALECT,
        "$id": CASELOAD_SCHEMA_ID,
        "title": f"boernesag caseload ({CASELOAD_FORMAT})",
        "description": (
            "Cases with their caseworkers and teams. Case ids are unique (the schema cannot "
            "say it). Generated from boernesag's loader (boernesag.schema)."
        ),
        "type": "object",
        "required": ["cases"],
        "properties": {
            "format": {
                "const": CASELOAD_FORMAT,
                "description": f"The format; absent means {CASELOAD_FORMAT}.",
            },
            "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
            "caseworkers": {"type": "array", "items": {"$ref": "#/$defs/caseworker"}},
            "teams": {"type": "array", "items": {"$ref": "#/$defs/team"}},
        },
        "additionalProperties": True,
        "$defs": defs,
    }


def schema_text(*, caseload: bool = False) -> str:
    """The schema as JSON text, as the shipped file holds it (2-space indent, a final
    newline)."""
    schema = caseload_schema() if caseload else case_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
