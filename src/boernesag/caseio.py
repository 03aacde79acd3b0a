"""Reading and writing the JSON case format (``boernesag.case/1``, ``boernesag.caseload/1``).

The format is fixed in the project's spec (``case-format.md``): other municipal tools rely on
it. Reading validates every field and raises :class:`~boernesag.errors.CaseFormatError`
naming the case id, the event id and the field. A caseload can be read leniently: the good
cases load, each bad one is listed in :attr:`Caseload.rejected`, none is dropped silently.

Writing gives the canonical form: reading it back gives an equal object, and writing that
again gives the same JSON (unknown keys are kept). Non-canonical spellings in the input
(``"09:15+01:00"`` for ``"09:15:00+01:00"``) are normalised.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from boernesag.bounds import (
    AFTER_CLOSING_DAYS,
    BEFORE_BIRTH_DAYS,
    EARLIEST,
    LATEST,
    check_day,
    latest_birth,
    outside_window,
)
from boernesag.cpr import Cpr, redact
from boernesag.errors import CaseFormatError, TimeZoneError
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.messages import Message, message_of
from boernesag.model import (
    Case,
    Caseload,
    Caseworker,
    Child,
    Event,
    EventType,
    LoadWarning,
    RawCase,
    RejectedCase,
    Team,
)
from boernesag.paragraphs import Paragraph, vocabulary
from boernesag.periods import ISO_DAY, to_copenhagen

__all__ = [
    "CASELOAD_FORMAT",
    "CASE_FORMAT",
    "Source",
    "case_from_mapping",
    "case_to_mapping",
    "case_warnings",
    "caseload_to_mapping",
    "dump_case",
    "dump_caseload",
    "load_case",
    "load_caseload",
    "read_json",
]

log = logging.getLogger(__name__)

CASE_FORMAT = "boernesag.case/1"
CASELOAD_FORMAT = "boernesag.caseload/1"

Source = str | os.PathLike[str] | Mapping[str, Any] | IO[str] | IO[bytes]

_EVENT_TYPES = {t.value: t for t in EventType}

#: The event fields of the case format, in the order the writer writes them.
EVENT_FIELDS = (
    "id",
    "type",
    "date",
    "at",
    "ref",
    "measure",
    "paragraph",
    "caseworker",
    "team",
    "outcome",
    "professional",
    "partshoering",
    "begrundelse",
    "klagevejledning",
    "meddelt",
    "interval_months",
    "boernesamtale_undtagelse",
    "reason",
    "note",
)
_EVENT_KNOWN = frozenset(EVENT_FIELDS)
_STR_FIELDS = (
    "ref",
    "measure",
    "caseworker",
    "team",
    "outcome",
    "boernesamtale_undtagelse",
    "reason",
    "note",
)
#: Event fields that are ids (checked as ids: no control characters, at most 200 characters).
_ID_FIELDS = frozenset({"ref", "measure", "caseworker", "team"})
_BOOL_FIELDS = ("professional", "partshoering", "begrundelse", "klagevejledning")

#: Optional event keys the rules read that are kept as extension keys (``Event.extra``, written
#: back unchanged) but checked on reading, so a typo in a value is an error, not a silently
#: different deadline: who made a decision (retssikkerhedsbek. § 11, stk. 6 and BL § 146,
#: stk. 1 for børne- og ungeudvalget, BL § 142), a hastende klage (§ 11, stk. 5) and a decision
#: under the varslingspligt (SEL § 3 a / BL § 11; § 11, stk. 3). ``None``: true or false.
CHECKED_EXTRA_FIELDS: dict[str, tuple[str, ...] | None] = {
    "truffet_af": ("forvaltningen", "boerne_og_ungeudvalget"),
    "hastende": None,
    "varslingspligt": None,
}

#: Fields an event of a type must carry, beyond id, type and date/at.
REQUIRED_FIELDS: dict[EventType, tuple[str, ...]] = {
    EventType.FORANSTALTNING_START: ("measure",),
    EventType.FORANSTALTNING_SLUT: ("measure",),
    EventType.SAGSBEHANDLER_TILDELT: ("caseworker",),
    EventType.UDBETALING: ("measure",),
    EventType.GENBEREGNING: ("measure",),
}

_CHILD_KNOWN = frozenset({"id", "birth_date", "cpr", "siblings", "disability"})
_CASE_KNOWN = frozenset({"format", "case_id", "child", "team", "district", "events"})
_CW_KNOWN = frozenset(
    {
        "id",
        "team",
        "capacity",
        "competences",
        "district",
        "experience",
        "hours",
        "name",
        "active",
    }
)
_TEAM_KNOWN = frozenset({"id", "name", "kind", "district"})


# --------------------------------------------------------------------------- reading

#: The longest id the loader accepts (case, child, event, caseworker, team, measure ids).
MAX_ID_LENGTH = 200
#: The most hours a week a caseworker's ``hours`` may say (a generous bound: the working
#: time directive's average is 48; 80 leaves room for data entered per fortnight by mistake
#: to be caught, and for any real schedule).
MAX_HOURS = 80
#: How deep unknown keys (``extra``) may nest JSON arrays and objects (so that writing them
#: back can never run out of recursion).
MAX_EXTRA_DEPTH = 64

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(value: object) -> str:
    """``repr`` of an echoed value, CPR-shaped digits masked first, at most 60 characters."""
    shown = redact(repr(value))
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _loads(text: str) -> Any:
    if text.startswith("\ufeff"):  # a UTF-8 byte order mark (Windows exports)
        text = text[1:]
    # NaN and Infinity (and 1e400, read as infinity) are read as Python reads them: an unknown
    # key may hold them and is written back unchanged (json's allow_nan); every known numeric
    # field checks that its value is finite.
    return json.loads(text)


def read_json(source: Source) -> Any:
    """Read JSON from a path, a stream, or return a mapping as it is.

    ``"-"`` reads standard input. A UTF-8 byte order mark (as Windows programs write it) is
    accepted. ``NaN`` and ``Infinity`` are read as Python's ``json`` reads them (an unknown
    key may hold them; every known numeric field must be finite). Raises
    :class:`CaseFormatError` for a file that cannot be read (missing, a folder, no access)
    and for text that is not JSON.
    """
    if isinstance(source, Mapping):
        return source
    where: str | None = None
    try:
        if isinstance(source, str | os.PathLike):
            where = f"{os.fspath(source)!s}"
            if str(source) == "-":
                import sys

                return _loads(sys.stdin.read())
            with open(source, encoding="utf-8-sig") as fh:
                return _loads(fh.read())
        if hasattr(source, "read"):
            data = source.read()
            if isinstance(data, bytes | bytearray):
                data = bytes(data).decode("utf-8-sig")
            if not isinstance(data, str):
                raise CaseFormatError.from_key("file.stream_type")
            return _loads(data)
    except CaseFormatError as exc:
        raise _in_file(where, message_of(exc)) from None
    except FileNotFoundError as exc:
        raise CaseFormatError.from_key("file.missing", path=exc.filename) from None
    except IsADirectoryError:
        raise _in_file(where, Message("file.is_directory")) from None
    except PermissionError:
        if isinstance(source, str | os.PathLike) and os.path.isdir(source):
            raise _in_file(where, Message("file.is_directory")) from None
        raise _in_file(where, Message("file.no_access")) from None
    except UnicodeDecodeError as exc:
        raise _in_file(where, Message("file.not_utf8", reason=exc.reason)) from None
    except json.JSONDecodeError as exc:
        raise _in_file(where, Message("file.not_json", reason=str(exc))) from None
    except RecursionError:
        raise _in_file(where, Message("file.json_too_deep")) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise _in_file(where, Message("file.json_unreadable", reason=str(exc))) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _in_file(where, Message("file.unreadable", reason=reason)) from None
    raise CaseFormatError.from_key("file.source_type", type=type(source).__name__)


def _in_file(where: str | None, reason: Message | str) -> CaseFormatError:
    """The error ``reason`` about the file ``where`` (its path; ``None``: no file)."""
    if where is None:
        return CaseFormatError.from_key("text.as_is", text=reason)
    return CaseFormatError.from_key("file.in", path=where, reason=reason)


def _fail(
    message: Message | str, case_id: str | None, event_id: str | None, field: str | None
) -> CaseFormatError:
    """The located error: ``message`` (a catalogue entry; a text only where it comes from
    the rule data, as the vocabulary's paragraph problems) at the case, event and field."""
    if isinstance(message, str):
        return CaseFormatError.from_key(
            "text.as_is", text=message, case_id=case_id, event_id=event_id, field=field
        )
    return CaseFormatError.from_key(
        message.key, case_id=case_id, event_id=event_id, field=field, **message.params
    )


_NOT_TEXT = Message("value.not_text_nonempty")


def _id_problem(value: object) -> Message | None:
    """Why ``value`` is not a usable id, or None."""
    if type(value) is str and value.isprintable() and 0 < len(value) <= MAX_ID_LENGTH:
        # The common case, fast: printable text has no control characters.
        return None if value.strip() else _NOT_TEXT
    if not isinstance(value, str) or not value.strip():
        return _NOT_TEXT
    if len(value) > MAX_ID_LENGTH:
        return Message("value.id_too_long", length=len(value), limit=MAX_ID_LENGTH)
    if _CONTROL.search(value):
        return Message("value.control_chars", value=_shown(value))
    return None


def _check_id(value: object, case_id: str | None, event_id: str | None, field: str) -> str:
    problem = _id_problem(value)
    if problem is not None:
        raise _fail(problem, case_id, event_id, field)
    assert isinstance(value, str)
    return value


def _get_str(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None = None
) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(_NOT_TEXT, case_id, event_id, key)
    return value


def _get_id(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None = None
) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    return _check_id(value, case_id, event_id, key)


def _get_date(
    raw: Mapping[str, Any],
    key: str,
    case_id: str | None,
    event_id: str | None = None,
    *,
    field: str | None = None,
    event_type: str | None = None,
) -> date | None:
    value = raw.get(key)
    field = field or key
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(Message("value.must_be_date"), case_id, event_id, field)
    # Only the extended form: date.fromisoformat also reads "2024W125" and "20240322", and
    # a CPR number typed into a date would be read as one.
    try:
        if ISO_DAY.fullmatch(value) is None:
            raise ValueError(value)
        parsed = date.fromisoformat(value)
    except ValueError:
        raise _fail(
            Message("value.not_date", value=_shown(value)), case_id, event_id, field
        ) from None
    return check_day(parsed, field=field, case_id=case_id, event_id=event_id, event_type=event_type)


def _get_bool(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None = None
) -> bool | None:
    value = raw.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise _fail(Message("value.must_be_bool"), case_id, event_id, key)


def _get_timestamp(
    raw: Mapping[str, Any],
    key: str,
    case_id: str | None,
    event_id: str | None,
    event_type: str | None = None,
) -> tuple[datetime, date] | None:
    """The timestamp and its Copenhagen date, or None if absent.

    Never an arithmetic error: a time whose year is far outside the window is refused before
    any time zone conversion, and a conversion that still fails (an offset that takes the
    instant past year 1 or 9999) is reported as outside the window.
    """
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(Message("value.must_be_time"), case_id, event_id, key)
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(
            Message("value.not_time", value=_shown(value)), case_id, event_id, key
        ) from None
    if "T" not in value and " " not in value:
        raise _fail(Message("value.no_time_of_day", value=_shown(value)), case_id, event_id, key)
    if not EARLIEST.year - 1 <= ts.year <= LATEST.year + 1:
        raise outside_window(
            ts.date(), field=key, case_id=case_id, event_id=event_id, event_type=event_type
        )
    try:
        local = to_copenhagen(ts)
    except TimeZoneError as exc:
        raise _fail(message_of(exc), case_id, event_id, key) from None
    except (OverflowError, ValueError):
        raise outside_window(
            ts.date(), field=key, case_id=case_id, event_id=event_id, event_type=event_type
        ) from None
    check_day(local.date(), field=key, case_id=case_id, event_id=event_id, event_type=event_type)
    return ts, local.date()


def _check_checked_extra(raw: Mapping[str, Any], case_id: str | None, event_id: str) -> None:
    """The values of :data:`CHECKED_EXTRA_FIELDS` present on the event (``null``: absent)."""
    for key, allowed in CHECKED_EXTRA_FIELDS.items():
        value = raw.get(key)
        if value is None:
            continue
        if allowed is None:
            if value is not True and value is not False:
                raise _fail("skal være true eller false", case_id, event_id, key)
        elif not isinstance(value, str) or value not in allowed:
            raise _fail(f"skal være en af {', '.join(allowed)}", case_id, event_id, key)


def _check_extra(
    extra: Mapping[str, Any], case_id: str | None, event_id: str | None, where: str
) -> dict[str, Any]:
    """``extra`` (the unknown keys), if every value can be written back as JSON.

    Only JSON values: null, true/false, numbers (``NaN`` and ``Infinity`` too, as Python's
    ``json`` reads and writes them), texts, arrays and objects with text keys, nested at most
    :data:`MAX_EXTRA_DEPTH` deep. A decoded mapping given to the loader can hold anything (a
    ``datetime``, a set); refusing it here is what lets :func:`dump_case` write every case
    the loader accepted.
    """
    out = dict(extra)
    if not out:
        return out
    stack: list[tuple[str, Any, int]] = [(f"{where}{k}", v, 1) for k, v in out.items()]
    while stack:
        path, value, depth = stack.pop()
        if value is None or isinstance(value, bool | str):
            continue
        if isinstance(value, int):
            if value.bit_length() > 10_000:
                raise _fail(Message("value.number_too_big"), case_id, event_id, path)
            continue
        if isinstance(value, float):  # NaN and infinities too: written back as read
            continue
        if depth >= MAX_EXTRA_DEPTH:
            raise _fail(Message("value.too_deep", limit=MAX_EXTRA_DEPTH), case_id, event_id, path)
        if isinstance(value, list | tuple):
            stack.extend((f"{path}[{i}]", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, Mapping):
            for k, v in value.items():
                if not isinstance(k, str):
                    raise _fail(
                        Message("value.key_not_text", value=_shown(k)), case_id, event_id, path
                    )
                stack.append((f"{path}.{k}", v, depth + 1))
        else:
            raise _fail(
                Message("value.type_not_json", type=type(value).__name__),
                case_id,
                event_id,
                path,
            )
    return out


def _check_paragraph(
    paragraph: Paragraph, day: date, case_id: str | None, event_id: str
) -> Paragraph:
    problem = vocabulary().problem(paragraph, day)
    if problem is not None:
        raise _fail(problem, case_id, event_id, "paragraph")
    return paragraph


def _event_from_mapping(raw: Any, case_id: str | None, index: int) -> Event:
    if not isinstance(raw, Mapping):
        raise _fail(Message("event.not_object", n=index + 1), case_id, None, "events")
    event_id = raw.get("id")
    if event_id is None or event_id == "":
        raise _fail(Message("event.no_id", n=index + 1), case_id, None, "id")
    problem = _id_problem(event_id)
    if problem is not None:
        raise _fail(Message("event.bad_id", n=index + 1, problem=problem), case_id, None, "id")
    type_name = raw.get("type")
    if not isinstance(type_name, str) or type_name not in _EVENT_TYPES:
        known = ", ".join(sorted(_EVENT_TYPES))
        raise _fail(
            Message("event.unknown_type", value=_shown(type_name), known=known),
            case_id,
            event_id,
            "type",
        )
    etype = _EVENT_TYPES[type_name]
    day = _get_date(raw, "date", case_id, event_id, event_type=type_name)
    timed = _get_timestamp(raw, "at", case_id, event_id, type_name)
    if day is None and timed is None:
        raise _fail(Message("event.no_date"), case_id, event_id, "date")
    at = timed[0] if timed is not None else None
    event_day = day if day is not None else timed[1]  # type: ignore[index]
    # Most fields are absent on most events: test for None inline (a national caseload has
    # millions of events) and call the checks only for the fields that are there.
    kwargs: dict[str, Any] = {}
    for key in _STR_FIELDS:
        if raw.get(key) is None:
            kwargs[key] = None
        elif key in _ID_FIELDS:
            kwargs[key] = _get_id(raw, key, case_id, event_id)
        else:
            kwargs[key] = _get_str(raw, key, case_id, event_id)
    for key in _BOOL_FIELDS:
        value = raw.get(key)
        kwargs[key] = (
            value
            if value is None or value is True or value is False
            else (_get_bool(raw, key, case_id, event_id))
        )
    for key in REQUIRED_FIELDS.get(etype, ()):
        if kwargs.get(key) is None:
            raise _fail(Message("event.required", type=type_name, key=key), case_id, event_id, key)
    paragraph = None
    if raw.get("paragraph") is not None:
        try:
            paragraph = Paragraph.parse(raw["paragraph"])
        except ValueError as exc:
            raise _fail(message_of(exc), case_id, event_id, "paragraph") from None
        _check_paragraph(paragraph, event_day, case_id, event_id)
    interval = raw.get("interval_months")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= 24
    ):
        raise _fail(
            Message("value.months_range", low=1, high=24), case_id, event_id, "interval_months"
        )
    _check_checked_extra(raw, case_id, event_id)
    extra = _check_extra(
        {k: v for k, v in raw.items() if k not in _EVENT_KNOWN}, case_id, event_id, ""
    )
    return Event(
        id=event_id,
        type=etype,
        date=day,
        at=at,
        paragraph=paragraph,
        meddelt=_get_date(raw, "meddelt", case_id, event_id, event_type=type_name),
        interval_months=interval,
        extra=extra,
        **kwargs,
    )


def _event_field(event: Event) -> str:
    """The field an event's day was read from."""
    return "date" if event.date is not None else "at"


def case_from_mapping(
    raw: Any,
    *,
    where: str | None = None,
    warnings: list[LoadWarning] | None = None,
    today: date | None = None,
) -> Case:
    """Build a :class:`Case` from a decoded JSON object, validating every field.

    Besides the format, the case must be plausible (:mod:`boernesag.bounds`): every date in
    1900-2099, the birth date at most a year after ``today`` (default: today's date), no
    event more than :data:`~boernesag.bounds.BEFORE_BIRTH_DAYS` days before the birth, and
    every paragraph one that exists (:func:`boernesag.paragraphs.vocabulary`); else
    :class:`CaseFormatError` naming the case, the event and the field.

    What is implausible but loadable (:func:`case_warnings`) is appended to ``warnings`` if
    a list is given; without one each warning is logged (logger ``boernesag.caseio``, level
    WARNING, CPR numbers masked), so that none passes silently.
    """
    if not isinstance(raw, Mapping):
        raise _fail(Message("case.not_object"), None, None, where)
    case_id = raw.get("case_id")
    if case_id is None or case_id == "":
        if "cases" in raw or raw.get("format") == CASELOAD_FORMAT:
            raise _fail(
                Message("file.is_caseload"),
                None,
                None,
                "cases",
            )
        raise _fail(Message("case.missing", key="case_id"), None, None, "case_id")
    problem = _id_problem(case_id)
    if problem is not None:
        raise _fail(Message("value.named", name="case_id", problem=problem), None, None, "case_id")
    fmt = raw.get("format", CASE_FORMAT)
    if fmt != CASE_FORMAT:
        raise _fail(
            Message("file.unknown_format", value=_shown(fmt), expected=CASE_FORMAT),
            case_id,
            None,
            "format",
        )
    child_raw = raw.get("child")
    if not isinstance(child_raw, Mapping):
        raise _fail(Message("case.missing", key="child"), case_id, None, "child")
    child_id = child_raw.get("id")
    if child_id is None or child_id == "":
        raise _fail(Message("child.missing", key="id"), case_id, None, "child.id")
    _check_id(child_id, case_id, None, "child.id")
    birth = _get_date(child_raw, "birth_date", case_id, field="child.birth_date")
    if birth is None:
        raise _fail(Message("child.missing", key="birth_date"), case_id, None, "child.birth_date")
    latest = latest_birth(today)
    if birth > latest:
        raise _fail(
            Message("child.birth_future", birth=birth.isoformat(), latest=latest.isoformat()),
            case_id,
            None,
            "child.birth_date",
        )
    cpr = None
    if child_raw.get("cpr") is not None:
        try:
            cpr = Cpr.parse(child_raw["cpr"])
        except (ValueError, TypeError) as exc:
            raise _fail(message_of(exc), case_id, None, "child.cpr") from None
        if not cpr.matches(birth):
            raise _fail(
                Message("child.cpr_mismatch", masked=cpr.masked, birth=birth.isoformat()),
                case_id,
                None,
                "child.cpr",
            )
    siblings = child_raw.get("siblings", [])
    if not isinstance(siblings, list) or not all(isinstance(s, str) for s in siblings):
        raise _fail(Message("value.must_be_child_ids"), case_id, None, "child.siblings")
    for i, sibling in enumerate(siblings):
        _check_id(sibling, case_id, None, f"child.siblings[{i}]")
    disability = _get_bool(child_raw, "disability", case_id)
    child = Child(
        id=child_id,
        birth_date=birth,
        cpr=cpr,
        siblings=tuple(siblings),
        disability=bool(disability),
        extra=_check_extra(
            {k: v for k, v in child_raw.items() if k not in _CHILD_KNOWN}, case_id, None, "child."
        ),
    )
    events_raw = raw.get("events", [])
    if not isinstance(events_raw, list):
        raise _fail(Message("value.must_be_list", name="events"), case_id, None, "events")
    events = [_event_from_mapping(e, case_id, i) for i, e in enumerate(events_raw)]
    earliest = birth - timedelta(days=BEFORE_BIRTH_DAYS)
    seen: set[str] = set()
    for ev in events:
        if ev.id in seen:
            raise _fail(Message("event.duplicate_id"), case_id, ev.id, "id")
        seen.add(ev.id)
        if ev.day < earliest:
            raise _fail(
                Message(
                    "event.before_birth",
                    type=ev.type.value,
                    day=ev.day.isoformat(),
                    days=str(BEFORE_BIRTH_DAYS),
                    birth=birth.isoformat(),
                ),
                case_id,
                ev.id,
                _event_field(ev),
            )
    for ev in events:
        if ev.ref is not None and ev.ref not in seen:
            raise _fail(
                Message("event.bad_ref", value=_shown(ev.ref)),
                case_id,
                ev.id,
                "ref",
            )
    case = Case(
        case_id=case_id,
        child=child,
        events=tuple(events),
        team=_get_id(raw, "team", case_id),
        district=_get_id(raw, "district", case_id),
        extra=_check_extra(
            {k: v for k, v in raw.items() if k not in _CASE_KNOWN}, case_id, None, ""
        ),
    )
    found = case_warnings(case)
    if warnings is not None:
        warnings.extend(found)
    else:
        _log_warnings(found)
    return case


def _log_warnings(found: Iterable[LoadWarning]) -> None:
    for warning in found:
        log.warning("advarsel ved indlæsning: %s", redact(str(warning)))


def load_case(
    source: Source,
    *,
    warnings: list[LoadWarning] | None = None,
    today: date | None = None,
) -> Case:
    """Read one case from a path, a stream or a mapping (format ``boernesag.case/1``).

    Raises :class:`CaseFormatError` naming the case, event and field when the case is invalid
    or implausible (:func:`case_from_mapping`), and for a caseload file (use
    :func:`load_caseload`). Warnings (:func:`case_warnings`) are logged (logger
    ``boernesag.caseio``, CPR numbers masked) and, if ``warnings`` is a list, appended to it.
    """
    found: list[LoadWarning] = []
    case = case_from_mapping(read_json(source), warnings=found, today=today)
    _log_warnings(found)
    if warnings is not None:
        warnings.extend(found)
    return case


# --------------------------------------------------------------------------- warnings

#: Events that reopen a closed case: a new underretning, application, inquiry, complaint or
#: request for access, a new investigation, or a caseworker assigned to it.
REOPENING_TYPES: frozenset[EventType] = frozenset(
    {
        EventType.UNDERRETNING,
        EventType.ANSOEGNING,
        EventType.HENVENDELSE,
        EventType.KLAGE_MODTAGET,
        EventType.AKTINDSIGT_ANMODET,
        EventType.BFU_STARTET,
        EventType.SAGSBEHANDLER_TILDELT,
    }
)


def case_warnings(case: Case) -> list[LoadWarning]:
    """What is implausible in ``case`` but does not stop it loading, in timeline order.

    * ``after_closing``: events more than :data:`~boernesag.bounds.AFTER_CLOSING_DAYS` days
      after a ``sag_lukket`` with no reopening (:data:`REOPENING_TYPES`) in between: a year
      typed wrong, or a case that should have been reopened. One warning per closing, on its
      first late event. The engines count the case as reopened from that event.
    * ``law_period``: a paragraph of a law that did not apply to children's cases on the
      event's date (Serviceloven's after 2023, Barnets Lov's before 2024): the message says
      which deadlines cannot be computed from it and what to record instead.

    * ``date_at``: an event with both ``date`` and ``at`` on different Copenhagen days. The
      ``date`` is the event's day (the model's rule); the time still counts for hour rules.
      Which one is a typo is for the caseworker to say.

    The loader calls it on every case it builds; call it on a case built by hand.
    """
    found: list[LoadWarning] = []
    vocab = vocabulary()
    for ev in case.timeline:
        if ev.paragraph is not None and not vocab.in_force_on(ev.paragraph, ev.day):
            found.append(_law_period_warning(case, ev, ev.paragraph))
        if ev.date is not None and ev.at is not None:
            local = to_copenhagen(ev.at).date()
            if local != ev.date:
                found.append(
                    LoadWarning(
                        case_id=case.case_id,
                        event_id=ev.id,
                        field="at",
                        message=(
                            f"'date' {ev.date.isoformat()} og 'at' (den {local.isoformat()} i "
                            f"København) er ikke samme dag; hændelsen regnes på "
                            f"{ev.date.isoformat()}. Ret den, der er forkert."
                        ),
                        en=(
                            f"'date' {ev.date.isoformat()} and 'at' ({local.isoformat()} in "
                            f"Copenhagen) are not the same day; the event is counted on "
                            f"{ev.date.isoformat()}. Correct the one that is wrong."
                        ),
                        kind="date_at",
                    )
                )
    found.extend(_after_closing_warnings(case))
    return found


def _after_closing_warnings(case: Case) -> list[LoadWarning]:
    if not any(e.type is EventType.SAG_LUKKET for e in case.events):
        return []
    found: list[LoadWarning] = []
    closing: Event | None = None
    late: list[Event] = []

    def flush() -> None:
        if closing is None or not late:
            return
        first = late[0]
        ids = ", ".join(e.id for e in late[:5]) + (
            f" m.fl. ({len(late)} i alt)" if len(late) > 5 else ""
        )
        ids_en = ", ".join(e.id for e in late[:5]) + (
            f" and others ({len(late)} in all)" if len(late) > 5 else ""
        )
        found.append(
            LoadWarning(
                case_id=case.case_id,
                event_id=first.id,
                field=_event_field(first),
                message=(
                    f"{len(late)} hændelse(r) ligger mere end {AFTER_CLOSING_DAYS} dage efter "
                    f"sagens lukning {closing.day.isoformat()} (hændelse {closing.id}), uden at "
                    "sagen er genåbnet (fx med en underretning, en ansøgning eller en tildelt "
                    f"sagsbehandler): {ids}. Er årstallet forkert, eller skulle sagen være "
                    f"genåbnet? boernesag regner sagen som genåbnet fra {first.day.isoformat()}."
                ),
                en=(
                    f"{len(late)} event(s) lie more than {AFTER_CLOSING_DAYS} days after the "
                    f"case was closed on {closing.day.isoformat()} (event {closing.id}), with no "
                    "reopening in between (such as an underretning, an ansøgning or an assigned "
                    f"caseworker): {ids_en}. Is the year wrong, or should the case have been "
                    f"reopened? boernesag counts the case as reopened from "
                    f"{first.day.isoformat()}."
                ),
                kind="after_closing",
            )
        )

    for ev in case.timeline:
        late_one = closing is not None and (ev.day - closing.day).days > AFTER_CLOSING_DAYS
        if ev.type is EventType.SAG_LUKKET:
            if late_one:
                late.append(ev)
            flush()
            closing, late = ev, []
        elif closing is not None:
            if ev.type in REOPENING_TYPES:
                flush()
                closing, late = None, []
            elif late_one:
                late.append(ev)
    flush()
    return found


def _deadlines_of(ev: Event, p: Paragraph, law: str) -> str:
    """The deadlines that depend on ``ev``'s paragraph, named for the law that applies."""
    if law == "BL":
        plan, follow, visits = (
            "barnets plan (BL § 91)",
            "opfølgningen (BL § 95)",
            "tilsynsbesøgene (BL § 156)",
        )
    else:
        plan, follow, visits = (
            "handleplanen (SEL § 140)",
            "opfølgningen (SEL § 70)",
            "tilsynsbesøgene (SEL § 70, stk. 2)",
        )
    if ev.type is EventType.AFGOERELSE:
        items = [plan, follow]
    elif ev.type in (EventType.FORANSTALTNING_START, EventType.FORANSTALTNING_SLUT):
        items = [follow]
    else:
        return "de frister, der regnes ud fra paragraffen på hændelsen,"
    if legal_vocabulary().in_class("placement", p):
        items.append(visits)
    text = " og ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else items[0]
    if ev.measure is not None:
        text += f" for indsatsen {ev.measure}"
    return text


def _law_period_warning(case: Case, ev: Event, p: Paragraph) -> LoadWarning:
    vocab = vocabulary()
    info = vocab.laws[p.law]
    cit = p.citation(short=True)
    when = f"hændelsen ({ev.type.value}) er fra {ev.day.isoformat()}"
    when_en = f"the event ({ev.type.value}) is of {ev.day.isoformat()}"
    en: str
    if p.law == "SEL" and info.in_force_to is not None and ev.day > info.in_force_to:
        succ = vocab.successor(p)
        instead = f" ({succ.replace(' ', ' § ', 1)})" if succ else ""
        message = (
            f"{cit} er Servicelovens regel for børn og unge, som gjaldt til og med "
            f"{info.in_force_to.isoformat()}, men {when}, hvor Barnets Lov gælder. boernesag "
            f"regner fristerne efter Barnets Lov og kan ikke beregne {_deadlines_of(ev, p, 'BL')} "
            "ud fra en SEL-paragraf: de kan mangle eller være forkerte. Angiv i stedet den "
            f"tilsvarende paragraf i Barnets Lov{instead}; en afgørelse truffet efter "
            "Serviceloven før 2024 gælder fortsat (LOV nr 721 af 14/06/2023 § 213, stk. 2-3). "
            "Er datoen forkert, så ret den."
        )
        en = (
            f"{cit} is Serviceloven's rule for children, in force until "
            f"{info.in_force_to.isoformat()}, but {when_en}, when Barnets Lov applies. boernesag "
            "counts the deadlines under Barnets Lov and cannot compute the deadlines that depend "
            "on this paragraph from a SEL paragraph: they may be missing or wrong. Give the "
            f"corresponding paragraph of Barnets Lov instead{instead}; a decision made under "
            "Serviceloven before 2024 stays valid (LOV nr 721 af 14/06/2023 § 213, stk. 2-3). "
            "If the date is wrong, correct it."
        )
    elif p.law == "BL" and info.in_force_from is not None and ev.day < info.in_force_from:
        pred = vocab.predecessor(p)
        instead = f" ({pred.replace(' ', ' § ', 1)})" if pred else ""
        message = (
            f"{cit} er en paragraf i Barnets Lov, som gælder fra "
            f"{info.in_force_from.isoformat()}, men {when}, hvor Servicelovens regler gjaldt. "
            f"boernesag regner fristerne efter Serviceloven og kan ikke beregne "
            f"{_deadlines_of(ev, p, 'SEL')} ud fra en BL-paragraf: de kan mangle eller være "
            "forkerte. Angiv i stedet den tilsvarende paragraf i Serviceloven, som gjaldt "
            f"på dagen{instead}. Er datoen forkert, så ret den."
        )
        en = (
            f"{cit} is a paragraph of Barnets Lov, in force from "
            f"{info.in_force_from.isoformat()}, but {when_en}, when Serviceloven applied. "
            "boernesag counts the deadlines under Serviceloven and cannot compute the deadlines "
            "that depend on this paragraph from a BL paragraph: they may be missing or wrong. "
            "Give the corresponding paragraph of Serviceloven in force that day instead"
            f"{instead}. If the date is wrong, correct it."
        )
    else:
        which = _deadlines_of(ev, p, "BL" if ev.day.year >= 2024 else "SEL")
        cannot = (
            "boernesag kan ikke regne frister ud fra paragraffen"
            if which.startswith("de frister")
            else f"boernesag kan ikke beregne {which} ud fra paragraffen"
        )
        message = (
            f"{cit}: {info.name} gælder i børnesager {info.period_text()}, men {when}. "
            f"{cannot}. Ret paragraffen eller datoen."
        )
        en = (
            f"{cit}: the paragraph applies in children's cases only in another period, but "
            f"{when_en}. boernesag cannot compute deadlines from it. Correct the paragraph or "
            "the date."
        )
    return LoadWarning(
        case_id=case.case_id,
        event_id=ev.id,
        field="paragraph",
        message=message,
        kind="law_period",
        en=en,
    )


# --------------------------------------------------------------------------- staff


def _number(
    raw: Mapping[str, Any],
    key: str,
    cw_id: str,
    where: str,
    *,
    what: Message,
    low: float,
    low_open: bool = False,
    high: float | None = None,
) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and (value > low if low_open else value >= low)
        and (high is None or value <= high)
    )
    if not ok:
        raise _fail(
            Message(
                "caseworker.field",
                who=cw_id,
                problem=Message("caseworker.number", key=key, what=what, value=_shown(value)),
            ),
            None,
            None,
            f"{where}.{key}",
        )
    return value  # type: ignore[no-any-return]


def _text(raw: Mapping[str, Any], key: str, who: Message, where: str, *, is_id: bool) -> str | None:
    """``raw[key]``, a text (an id if ``is_id``) of the caseworker or team ``who``
    (a :class:`Message` whose ``problem`` parameter is filled here)."""
    value = raw.get(key)
    if value is None:
        return None
    problem = _id_problem(value) if is_id else None
    if not isinstance(value, str):
        problem = Message("value.must_be_text")
    if problem is not None:
        named = Message("value.named", name=key, problem=problem)
        whose = Message(who.key, **{**who.params, "problem": named})
        raise _fail(whose, None, None, f"{where}.{key}")
    assert isinstance(value, str)
    return value


def _caseworker_from_mapping(raw: Any, index: int) -> Caseworker:
    where = f"caseworkers[{index}]"
    if not isinstance(raw, Mapping) or raw.get("id") is None:
        raise _fail(Message("caseworker.not_object"), None, None, where)
    problem = _id_problem(raw["id"])
    if problem is not None:
        raise _fail(Message("caseworker.bad_id", problem=problem), None, None, f"{where}.id")
    cw_id: str = raw["id"]
    who = Message("caseworker.field", who=cw_id, problem="")
    nonneg, years = Message("caseworker.what_nonneg"), Message("caseworker.what_years")
    capacity = _number(raw, "capacity", cw_id, where, what=nonneg, low=0)
    experience = _number(raw, "experience", cw_id, where, what=years, low=0)
    hours = _number(
        raw,
        "hours",
        cw_id,
        where,
        what=Message("caseworker.what_hours", high=str(MAX_HOURS)),
        low=0,
        low_open=True,
        high=MAX_HOURS,
    )
    competences = raw.get("competences", [])
    if not isinstance(competences, list):
        raise _fail(
            Message("caseworker.field", who=cw_id, problem=Message("caseworker.competences")),
            None,
            None,
            f"{where}.competences",
        )
    for i, c in enumerate(competences):
        problem = _id_problem(c)
        if problem is not None:
            raise _fail(
                Message(
                    "caseworker.field",
                    who=cw_id,
                    problem=Message("caseworker.competence", problem=problem),
                ),
                None,
                None,
                f"{where}.competences[{i}]",
            )
    active = raw.get("active", True)
    if not isinstance(active, bool):
        raise _fail(
            Message("caseworker.field", who=cw_id, problem=Message("caseworker.active")),
            None,
            None,
            f"{where}.active",
        )
    return Caseworker(
        id=cw_id,
        team=_text(raw, "team", who, where, is_id=True),
        capacity=capacity,
        competences=frozenset(competences),
        district=_text(raw, "district", who, where, is_id=True),
        experience=experience,
        hours=hours,
        name=_text(raw, "name", who, where, is_id=False),
        active=active,
        extra=_check_extra(
            {k: v for k, v in raw.items() if k not in _CW_KNOWN}, None, None, f"{where}."
        ),
    )


def _team_from_mapping(raw: Any, index: int) -> Team:
    where = f"teams[{index}]"
    if not isinstance(raw, Mapping) or raw.get("id") is None:
        raise _fail(Message("team.not_object"), None, None, where)
    problem = _id_problem(raw["id"])
    if problem is not None:
        raise _fail(Message("team.bad_id", problem=problem), None, None, f"{where}.id")
    team_id: str = raw["id"]
    who = Message("team.field", who=team_id, problem="")
    return Team(
        id=team_id,
        name=_text(raw, "name", who, where, is_id=False),
        kind=_text(raw, "kind", who, where, is_id=True),
        district=_text(raw, "district", who, where, is_id=True),
        extra=_check_extra(
            {k: v for k, v in raw.items() if k not in _TEAM_KNOWN}, None, None, f"{where}."
        ),
    )


def _times(n: int) -> Message | str:
    """``2`` → "to"/"two" (small numbers in words), else the digits."""
    return Message(f"times.{n}") if 2 <= n <= 4 else str(n)


def _refuse_duplicates(ids: list[str], what: Message, key: str) -> None:
    """Refuse an id that appears more than once in ``ids`` (naming every position)."""
    positions: dict[str, list[int]] = {}
    for i, x in enumerate(ids):
        positions.setdefault(x, []).append(i)
    for x, where in positions.items():
        if len(where) > 1:
            places: Message | str = f"{key}[{where[0]}]"
            for i in where[1:]:
                places = Message("caseload.and", a=places, b=f"{key}[{i}]")
            raise _fail(
                Message(
                    "caseload.duplicate_staff",
                    what=what,
                    id=x,
                    times=_times(len(where)),
                    places=places,
                ),
                None,
                None,
                f"{key}[{where[1]}].id",
            )


# --------------------------------------------------------------------------- caseloads


def load_caseload(
    source: Source,
    *,
    lenient: bool = False,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Caseload:
    """Read a caseload (``boernesag.caseload/1``), or a single case as a caseload of one.

    With ``lenient=False`` (the default) the first invalid case raises
    :class:`CaseFormatError`. With ``lenient=True`` every valid case is loaded and every
    invalid one is recorded in :attr:`Caseload.rejected`, with its JSON as read
    (:attr:`RejectedCase.raw`, to write it back) and a message naming it (and logged, without
    CPR numbers). Whatever goes wrong while building one case (even an unexpected error)
    rejects that case only. A case id that appears more than once is refused in every copy:
    the loader cannot tell the genuine one.

    :attr:`Caseload.warnings` lists what loaded but is implausible (:func:`case_warnings`);
    each is also logged (logger ``boernesag.caseio``, level WARNING). Caseworkers and teams
    are checked strictly (types, ranges, unique ids) in both modes.

    ``progress``, if given, is called with the number of cases read (loaded or rejected)
    after each case of a caseload.
    """
    raw = read_json(source)
    if not isinstance(raw, Mapping):
        raise CaseFormatError.from_key("caseload.not_object")
    warnings: list[LoadWarning] = []
    if raw.get("format") == CASE_FORMAT or ("case_id" in raw and "cases" not in raw):
        case = case_from_mapping(raw, warnings=warnings, today=today)
        _log_warnings(warnings)
        return Caseload(cases=(case,), warnings=warnings)
    fmt = raw.get("format", CASELOAD_FORMAT)
    if fmt != CASELOAD_FORMAT:
        raise _fail(
            Message("file.unknown_format", value=_shown(fmt), expected=CASELOAD_FORMAT),
            None,
            None,
            "format",
        )
    cases_raw = raw.get("cases")
    if not isinstance(cases_raw, list):
        raise _fail(Message("value.must_be_list", name="cases"), None, None, "cases")
    cws_raw = raw.get("caseworkers", [])
    teams_raw = raw.get("teams", [])
    if not isinstance(cws_raw, list):
        raise _fail(Message("value.must_be_list", name="caseworkers"), None, None, "caseworkers")
    if not isinstance(teams_raw, list):
        raise _fail(Message("value.must_be_list", name="teams"), None, None, "teams")
    caseworkers = [_caseworker_from_mapping(c, i) for i, c in enumerate(cws_raw)]
    teams = [_team_from_mapping(t, i) for i, t in enumerate(teams_raw)]
    _refuse_duplicates(
        [c.id for c in caseworkers], Message("caseload.what_caseworker"), "caseworkers"
    )
    _refuse_duplicates([t.id for t in teams], Message("caseload.what_team"), "teams")
    extra = _check_extra(
        {k: v for k, v in raw.items() if k not in {"format", "cases", "caseworkers", "teams"}},
        None,
        None,
        "",
    )

    # Two passes: count the case ids first, so that every copy of a duplicate is refused
    # (the first copy may be the bad one).
    counts: dict[str, int] = {}
    for item in cases_raw:
        cid = item.get("case_id") if isinstance(item, Mapping) else None
        if isinstance(cid, str):
            counts[cid] = counts.get(cid, 0) + 1
    cases: list[Case] = []
    rejected: list[RejectedCase] = []
    for i, item in enumerate(cases_raw):
        if progress is not None and i:
            progress(i)
        cid = item.get("case_id") if isinstance(item, Mapping) else None
        cid = cid if isinstance(cid, str) else None
        found: list[LoadWarning] = []
        try:
            if cid is not None and counts[cid] > 1:
                raise _fail(
                    Message("caseload.duplicate_case", id=cid, times=_times(counts[cid])),
                    cid,
                    None,
                    "case_id",
                )
            case = case_from_mapping(item, where=f"cases[{i}]", warnings=found, today=today)
        except CaseFormatError as exc:
            if not lenient:
                raise
            error, error_en = str(exc), exc.text("en")
        except Exception as exc:  # a bug must not lose the other cases
            message = Message(
                "case.load_bug", type=type(exc).__name__, reason=redact(str(exc))[:200]
            )
            if not lenient:
                raise _fail(message, cid, None, None) from None
            bug = _fail(message, cid, None, None)
            error, error_en = str(bug), bug.text("en")
        else:
            cases.append(case)
            warnings.extend(found)
            continue
        rejected.append(
            RejectedCase(index=i, case_id=cid, error=error, raw=RawCase(item), en=error_en)
        )
        log.warning("sag afvist ved indlæsning (cases[%d]): %s", i, redact(error))
    if progress is not None and cases_raw:
        progress(len(cases_raw))
    _log_warnings(warnings)
    return Caseload(
        cases=tuple(cases),
        caseworkers=caseworkers,
        teams=teams,
        rejected=rejected,
        warnings=warnings,
        extra=extra,
    )


# --------------------------------------------------------------------------- writing


def _event_to_mapping(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"id": event.id, "type": event.type.value}
    for key in EVENT_FIELDS[2:]:
        value = getattr(event, key)
        if value is None:
            continue
        if isinstance(value, date | datetime):
            out[key] = value.isoformat()
        elif isinstance(value, Paragraph):
            out[key] = str(value)
        else:
            out[key] = value
    out.update(event.extra)
    return out


def case_to_mapping(case: Case, *, include_cpr: bool = True) -> dict[str, Any]:
    """The case as a JSON-ready dict in canonical form.

    ``include_cpr`` keeps the CPR number, as the case format carries it; pass ``False`` for
    an export that must not contain it.
    """
    child: dict[str, Any] = {"id": case.child.id, "birth_date": case.child.birth_date.isoformat()}
    if case.child.cpr is not None and include_cpr:
        child["cpr"] = case.child.cpr.reveal()
    if case.child.siblings:
        child["siblings"] = list(case.child.siblings)
    child["disability"] = case.child.disability
    child.update(case.child.extra)
    out: dict[str, Any] = {"format": CASE_FORMAT, "case_id": case.case_id, "child": child}
    if case.team is not None:
        out["team"] = case.team
    if case.district is not None:
        out["district"] = case.district
    out["events"] = [_event_to_mapping(e) for e in case.events]
    out.update(case.extra)
    return out


def _caseworker_to_mapping(cw: Caseworker) -> dict[str, Any]:
    out: dict[str, Any] = {"id": cw.id}
    for key in ("team", "capacity", "district", "experience", "hours", "name"):
        value = getattr(cw, key)
        if value is not None:
            out[key] = value
    if cw.competences:
        out["competences"] = sorted(cw.competences)
    if not cw.active:
        out["active"] = False
    out.update(cw.extra)
    return out


def _team_to_mapping(team: Team) -> dict[str, Any]:
    out: dict[str, Any] = {"id": team.id}
    for key in ("name", "kind", "district"):
        value = getattr(team, key)
        if value is not None:
            out[key] = value
    out.update(team.extra)
    return out


def caseload_to_mapping(caseload: Caseload, *, include_cpr: bool = True) -> dict[str, Any]:
    """The caseload as a JSON-ready dict (rejected cases are not written)."""
    out: dict[str, Any] = {
        "format": CASELOAD_FORMAT,
        "cases": [case_to_mapping(c, include_cpr=include_cpr) for c in caseload.cases],
        "caseworkers": [_caseworker_to_mapping(c) for c in caseload.caseworkers],
        "teams": [_team_to_mapping(t) for t in caseload.teams],
    }
    out.update(caseload.extra)
    return out


def _dumps(data: Any, indent: int | None, *, ascii_only: bool = False) -> str:
    return json.dumps(data, ensure_ascii=ascii_only, indent=indent, allow_nan=True)


def _unwritable(value: Any) -> Message | None:
    """Why ``value`` cannot be written as JSON, or None."""
    try:
        _dumps(value, None)
    except (TypeError, ValueError, RecursionError) as exc:
        reason = redact(str(exc))[:120]
        return Message("value.not_json_because", type=type(exc).__name__, reason=reason)
    return None


def _locate(data: Mapping[str, Any]) -> CaseFormatError:
    """The error for a case or caseload mapping that ``json.dumps`` refused, naming the case,
    the event and the field (a hand-built object can hold what the loader never accepts)."""
    is_caseload = isinstance(data.get("cases"), list)
    for case in data["cases"] if is_caseload else [data]:
        cid = case.get("case_id")
        for ev in case.get("events", []):
            for key, value in ev.items():
                problem = _unwritable(value)
                if problem is not None:
                    return _fail(problem, cid, ev.get("id"), key)
        for key, value in case.items():
            if key == "events":
                continue
            parts = (
                value.items() if key == "child" and isinstance(value, Mapping) else [("", value)]
            )
            for sub, item in parts:
                problem = _unwritable(item)
                if problem is not None:
                    return _fail(problem, cid, None, f"child.{sub}" if sub else key)
    if is_caseload:
        for key, value in data.items():
            if key == "cases":
                continue
            items = enumerate(value) if key in ("caseworkers", "teams") else [(None, value)]
            for i, item in items:
                fields = (
                    item.items() if isinstance(item, Mapping) and i is not None else [("", item)]
                )
                for sub, v in fields:
                    problem = _unwritable(v)
                    if problem is not None:
                        where = f"{key}[{i}].{sub}" if i is not None else key
                        return _fail(problem, None, None, where)
    return _fail(Message("value.not_json"), None, None, None)


def _write(
    data: dict[str, Any], target: str | os.PathLike[str] | IO[str] | None, indent: int | None
) -> str:
    """Write ``data`` as JSON (UTF-8). Raises :class:`CaseFormatError` naming the case, the
    event and the field if a value cannot be written (a set, a datetime), never a raw
    ``ValueError``/``TypeError``. A text that cannot be encoded as it is (a lone surrogate
    read from a ``\\ud800`` escape) is written with ``\\u`` escapes, so it reads back the same.
    """
    try:
        text = _dumps(data, indent)
    except (TypeError, ValueError, RecursionError):
        raise _locate(data) from None
    if target is None:
        return text
    try:
        (text + "\n").encode("utf-8")
        out = text
    except UnicodeEncodeError:
        out = _dumps(data, indent, ascii_only=True)
    try:
        if isinstance(target, str | os.PathLike):
            Path(target).write_text(out + "\n", encoding="utf-8")
        else:
            try:
                target.write(out + "\n")
            except UnicodeEncodeError:  # a stream in a narrower encoding
                target.write(_dumps(data, indent, ascii_only=True) + "\n")
    except IsADirectoryError:
        path = os.fspath(target)  # type: ignore[arg-type]
        raise _in_file(f"{path!s}", Message("file.is_directory")) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CaseFormatError.from_key("file.unwritable", reason=reason) from None
    return text


def dump_case(
    case: Case,
    target: str | os.PathLike[str] | IO[str] | None = None,
    *,
    include_cpr: bool = True,
    indent: int | None = 2,
) -> str:
    """Write a case as JSON (to ``target`` if given) and return the text.

    Every case the loader accepted can be written; a value that cannot (in a case built by
    hand) raises :class:`CaseFormatError` naming the case, the event and the field."""
    return _write(case_to_mapping(case, include_cpr=include_cpr), target, indent)


def dump_caseload(
    caseload: Caseload,
    target: str | os.PathLike[str] | IO[str] | None = None,
    *,
    include_cpr: bool = True,
    indent: int | None = 2,
) -> str:
    """Write a caseload as JSON (to ``target`` if given) and return the text (rejected
    cases are not written; :attr:`Caseload.rejected` keeps their JSON as read).

    A value that cannot be written raises :class:`CaseFormatError` naming where it is."""
    return _write(caseload_to_mapping(caseload, include_cpr=include_cpr), target, indent)


def iter_cases(source: Source) -> Iterable[Case]:
    """Yield the cases of a caseload or a single case file (strict)."""
    yield from load_caseload(source).cases
