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
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from boernesag.cpr import Cpr
from boernesag.errors import CaseFormatError, TimeZoneError
from boernesag.model import (
    Case,
    Caseload,
    Caseworker,
    Child,
    Event,
    EventType,
    RejectedCase,
    Team,
)
from boernesag.paragraphs import Paragraph

__all__ = [
    "CASELOAD_FORMAT",
    "CASE_FORMAT",
    "Source",
    "case_from_mapping",
    "case_to_mapping",
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
_BOOL_FIELDS = ("professional", "partshoering", "begrundelse", "klagevejledning")

#: Fields an event of a type must carry, beyond id, type and date/at.
REQUIRED_FIELDS: dict[EventType, tuple[str, ...]] = {
    EventType.FORANSTALTNING_START: ("measure",),
    EventType.FORANSTALTNING_SLUT: ("measure",),
    EventType.SAGSBEHANDLER_TILDELT: ("caseworker",),
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


def read_json(source: Source) -> Any:
    """Read JSON from a path, a stream, or return a mapping as it is.

    ``"-"`` reads standard input. Raises :class:`CaseFormatError` for unreadable JSON.
    """
    if isinstance(source, Mapping):
        return source
    try:
        if isinstance(source, str | os.PathLike):
            if str(source) == "-":
                import sys

                return json.load(sys.stdin)
            with open(source, encoding="utf-8") as fh:
                return json.load(fh)
        if hasattr(source, "read"):
            data = source.read()
            if isinstance(data, bytes):
                data = data.decode("utf-8")
            return json.loads(data)
    except FileNotFoundError as exc:
        raise CaseFormatError(f"filen findes ikke: {exc.filename}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CaseFormatError(f"ikke gyldig JSON: {exc}") from None
    raise TypeError(f"cannot read a case from {type(source).__name__}")


def _fail(
    msg: str, case_id: str | None, event_id: str | None, field: str | None
) -> CaseFormatError:
    return CaseFormatError(msg, case_id=case_id, event_id=event_id, field=field)


def _get_str(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None = None
) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail("skal være en ikke-tom tekst", case_id, event_id, key)
    return value


def _get_date(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None = None
) -> date | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail("skal være en dato ÅÅÅÅ-MM-DD", case_id, event_id, key)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{value!r} er ikke en dato ÅÅÅÅ-MM-DD", case_id, event_id, key) from None
    if len(value) != 10:
        raise _fail(f"{value!r} er ikke en dato ÅÅÅÅ-MM-DD", case_id, event_id, key)
    return parsed


def _get_bool(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None = None
) -> bool | None:
    value = raw.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise _fail("skal være true eller false", case_id, event_id, key)


def _get_timestamp(
    raw: Mapping[str, Any], key: str, case_id: str | None, event_id: str | None
) -> datetime | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail("skal være et tidspunkt i ISO 8601", case_id, event_id, key)
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(f"{value!r} er ikke et tidspunkt i ISO 8601", case_id, event_id, key) from None
    if "T" not in value and " " not in value:
        raise _fail(f"{value!r} mangler klokkeslæt; brug 'date' til datoer", case_id, event_id, key)
    from boernesag.periods import to_copenhagen

    try:
        to_copenhagen(ts)
    except TimeZoneError as exc:
        raise _fail(str(exc), case_id, event_id, key) from None
    return ts


def _event_from_mapping(raw: Any, case_id: str | None, index: int) -> Event:
    if not isinstance(raw, Mapping):
        raise _fail(f"hændelse nr. {index + 1} er ikke et objekt", case_id, None, "events")
    event_id = raw.get("id")
    if not isinstance(event_id, str) or not event_id:
        raise _fail(f"hændelse nr. {index + 1} mangler et 'id'", case_id, None, "id")
    type_name = raw.get("type")
    if not isinstance(type_name, str) or type_name not in _EVENT_TYPES:
        known = ", ".join(sorted(_EVENT_TYPES))
        raise _fail(
            f"ukendt hændelsestype {type_name!r}; kendte: {known}", case_id, event_id, "type"
        )
    etype = _EVENT_TYPES[type_name]
    day = _get_date(raw, "date", case_id, event_id)
    at = _get_timestamp(raw, "at", case_id, event_id)
    if day is None and at is None:
        raise _fail("hændelsen har hverken 'date' eller 'at'", case_id, event_id, "date")
    kwargs: dict[str, Any] = {}
    for key in _STR_FIELDS:
        kwargs[key] = _get_str(raw, key, case_id, event_id)
    for key in _BOOL_FIELDS:
        kwargs[key] = _get_bool(raw, key, case_id, event_id)
    for key in REQUIRED_FIELDS.get(etype, ()):
        if kwargs.get(key) is None:
            raise _fail(f"en {type_name}-hændelse skal have {key!r}", case_id, event_id, key)
    paragraph = None
    if raw.get("paragraph") is not None:
        try:
            paragraph = Paragraph.parse(raw["paragraph"])
        except ValueError as exc:
            raise _fail(str(exc), case_id, event_id, "paragraph") from None
    interval = raw.get("interval_months")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= 24
    ):
        raise _fail(
            "skal være et helt antal måneder fra 1 til 24", case_id, event_id, "interval_months"
        )
    extra = {k: v for k, v in raw.items() if k not in _EVENT_KNOWN}
    return Event(
        id=event_id,
        type=etype,
        date=day,
        at=at,
        paragraph=paragraph,
        meddelt=_get_date(raw, "meddelt", case_id, event_id),
        interval_months=interval,
        extra=extra,
        **kwargs,
    )


def case_from_mapping(raw: Any, *, where: str | None = None) -> Case:
    """Build a :class:`Case` from a decoded JSON object, validating every field."""
    if not isinstance(raw, Mapping):
        raise _fail("en sag skal være et JSON-objekt", None, None, where)
    case_id = raw.get("case_id")
    if not isinstance(case_id, str) or not case_id:
        raise _fail("sagen mangler 'case_id'", None, None, "case_id")
    fmt = raw.get("format", CASE_FORMAT)
    if fmt != CASE_FORMAT:
        raise _fail(
            f"formatet {fmt!r} kendes ikke; forventede {CASE_FORMAT!r}", case_id, None, "format"
        )
    child_raw = raw.get("child")
    if not isinstance(child_raw, Mapping):
        raise _fail("sagen mangler 'child'", case_id, None, "child")
    child_id = child_raw.get("id")
    if not isinstance(child_id, str) or not child_id:
        raise _fail("barnet mangler 'id'", case_id, None, "child.id")
    birth = _get_date(child_raw, "birth_date", case_id)
    if birth is None:
        raise _fail("barnet mangler 'birth_date'", case_id, None, "child.birth_date")
    cpr = None
    if child_raw.get("cpr") is not None:
        try:
            cpr = Cpr.parse(child_raw["cpr"])
        except (ValueError, TypeError) as exc:
            raise _fail(str(exc), case_id, None, "child.cpr") from None
        if not cpr.matches(birth):
            raise _fail(
                f"CPR-nummerets dato ({cpr.masked}) passer ikke med birth_date {birth.isoformat()}",
                case_id,
                None,
                "child.cpr",
            )
    siblings = child_raw.get("siblings", [])
    if not isinstance(siblings, list) or not all(isinstance(s, str) for s in siblings):
        raise _fail("skal være en liste af barn-id'er", case_id, None, "child.siblings")
    disability = _get_bool(child_raw, "disability", case_id)
    child = Child(
        id=child_id,
        birth_date=birth,
        cpr=cpr,
        siblings=tuple(siblings),
        disability=bool(disability),
        extra={k: v for k, v in child_raw.items() if k not in _CHILD_KNOWN},
    )
    events_raw = raw.get("events", [])
    if not isinstance(events_raw, list):
        raise _fail("'events' skal være en liste", case_id, None, "events")
    events = [_event_from_mapping(e, case_id, i) for i, e in enumerate(events_raw)]
    seen: set[str] = set()
    for ev in events:
        if ev.id in seen:
            raise _fail("hændelses-id'et findes to gange i sagen", case_id, ev.id, "id")
        seen.add(ev.id)
    for ev in events:
        if ev.ref is not None and ev.ref not in seen:
            raise _fail(
                f"henviser til en hændelse {ev.ref!r}, der ikke findes", case_id, ev.id, "ref"
            )
    return Case(
        case_id=case_id,
        child=child,
        events=tuple(events),
        team=_get_str(raw, "team", case_id),
        district=_get_str(raw, "district", case_id),
        extra={k: v for k, v in raw.items() if k not in _CASE_KNOWN},
    )


def load_case(source: Source) -> Case:
    """Read one case from a path, a stream or a mapping (format ``boernesag.case/1``).

    Raises :class:`CaseFormatError` naming the case, event and field when the case is invalid.
    """
    return case_from_mapping(read_json(source))


def _caseworker_from_mapping(raw: Any, index: int) -> Caseworker:
    where = f"caseworkers[{index}]"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise _fail("en sagsbehandler skal være et objekt med 'id'", None, None, where)
    cw_id = raw["id"]
    capacity = raw.get("capacity")
    if capacity is not None and (
        isinstance(capacity, bool) or not isinstance(capacity, int | float) or capacity < 0
    ):
        raise _fail(
            f"sagsbehandler {cw_id}: 'capacity' skal være et tal ≥ 0",
            None,
            None,
            f"{where}.capacity",
        )
    experience = raw.get("experience")
    if experience is not None and (
        isinstance(experience, bool) or not isinstance(experience, int | float)
    ):
        raise _fail(
            f"sagsbehandler {cw_id}: 'experience' skal være et tal (år)",
            None,
            None,
            f"{where}.experience",
        )
    hours = raw.get("hours")
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int | float)):
        raise _fail(
            f"sagsbehandler {cw_id}: 'hours' skal være et tal", None, None, f"{where}.hours"
        )
    competences = raw.get("competences", [])
    if not isinstance(competences, list) or not all(isinstance(c, str) for c in competences):
        raise _fail(
            f"sagsbehandler {cw_id}: 'competences' skal være en liste af tekster",
            None,
            None,
            f"{where}.competences",
        )
    active = raw.get("active", True)
    if not isinstance(active, bool):
        raise _fail(
            f"sagsbehandler {cw_id}: 'active' skal være true/false", None, None, f"{where}.active"
        )
    return Caseworker(
        id=cw_id,
        team=raw.get("team"),
        capacity=capacity,
        competences=frozenset(competences),
        district=raw.get("district"),
        experience=experience,
        hours=hours,
        name=raw.get("name"),
        active=active,
        extra={k: v for k, v in raw.items() if k not in _CW_KNOWN},
    )


def _team_from_mapping(raw: Any, index: int) -> Team:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise _fail("et team skal være et objekt med 'id'", None, None, f"teams[{index}]")
    return Team(
        id=raw["id"],
        name=raw.get("name"),
        kind=raw.get("kind"),
        district=raw.get("district"),
        extra={k: v for k, v in raw.items() if k not in _TEAM_KNOWN},
    )


def load_caseload(source: Source, *, lenient: bool = False) -> Caseload:
    """Read a caseload (``boernesag.caseload/1``), or a single case as a caseload of one.

    With ``lenient=False`` (the default) the first invalid case raises
    :class:`CaseFormatError`. With ``lenient=True`` every valid case is loaded and each invalid
    one is recorded in :attr:`Caseload.rejected` (and logged, without CPR numbers).
    """
    raw = read_json(source)
    if not isinstance(raw, Mapping):
        raise CaseFormatError("en sagsstamme skal være et JSON-objekt")
    if raw.get("format") == CASE_FORMAT or ("case_id" in raw and "cases" not in raw):
        return Caseload(cases=(case_from_mapping(raw),))
    fmt = raw.get("format", CASELOAD_FORMAT)
    if fmt != CASELOAD_FORMAT:
        raise _fail(
            f"formatet {fmt!r} kendes ikke; forventede {CASELOAD_FORMAT!r}", None, None, "format"
        )
    cases_raw = raw.get("cases")
    if not isinstance(cases_raw, list):
        raise _fail("'cases' skal være en liste", None, None, "cases")
    cases: list[Case] = []
    rejected: list[RejectedCase] = []
    seen: set[str] = set()
    for i, item in enumerate(cases_raw):
        try:
            case = case_from_mapping(item, where=f"cases[{i}]")
            if case.case_id in seen:
                raise _fail(
                    "sags-id'et findes to gange i sagsstammen", case.case_id, None, "case_id"
                )
            seen.add(case.case_id)
        except CaseFormatError as exc:
            if not lenient:
                raise
            cid = item.get("case_id") if isinstance(item, Mapping) else None
            rejected.append(
                RejectedCase(index=i, case_id=cid if isinstance(cid, str) else None, error=str(exc))
            )
            log.warning("sag afvist ved indlæsning: %s", exc)
            continue
        cases.append(case)
    cws_raw = raw.get("caseworkers", [])
    teams_raw = raw.get("teams", [])
    if not isinstance(cws_raw, list):
        raise _fail("'caseworkers' skal være en liste", None, None, "caseworkers")
    if not isinstance(teams_raw, list):
        raise _fail("'teams' skal være en liste", None, None, "teams")
    return Caseload(
        cases=tuple(cases),
        caseworkers=[_caseworker_from_mapping(c, i) for i, c in enumerate(cws_raw)],
        teams=[_team_from_mapping(t, i) for i, t in enumerate(teams_raw)],
        rejected=rejected,
        extra={
            k: v for k, v in raw.items() if k not in {"format", "cases", "caseworkers", "teams"}
        },
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


def _write(data: Any, target: str | os.PathLike[str] | IO[str] | None, indent: int | None) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if target is None:
        return text
    if isinstance(target, str | os.PathLike):
        Path(target).write_text(text + "\n", encoding="utf-8")
    else:
        target.write(text + "\n")
    return text


def dump_case(
    case: Case,
    target: str | os.PathLike[str] | IO[str] | None = None,
    *,
    include_cpr: bool = True,
    indent: int | None = 2,
) -> str:
    """Write a case as JSON (to ``target`` if given) and return the text."""
    return _write(case_to_mapping(case, include_cpr=include_cpr), target, indent)


def dump_caseload(
    caseload: Caseload,
    target: str | os.PathLike[str] | IO[str] | None = None,
    *,
    include_cpr: bool = True,
    indent: int | None = 2,
) -> str:
    """Write a caseload as JSON (to ``target`` if given) and return the text."""
    return _write(caseload_to_mapping(caseload, include_cpr=include_cpr), target, indent)


def iter_cases(source: Source) -> Iterable[Case]:
    """Yield the cases of a caseload or a single case file (strict)."""
    yield from load_caseload(source).cases
