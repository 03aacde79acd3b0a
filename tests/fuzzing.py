"""Support for the fuzz test (issue 14, item 2): mutators, entry-point drivers and a tally.

The fuzzer starts from valid inputs (``tests/data/spec_example.json`` and cases of the demo
caseload, dumped with :func:`boernesag.caseio.caseload_to_mapping`; allocation policies from
``examples/policy.toml``; rule files from the packaged ``kommune.toml``) and mutates the
decoded JSON/TOML: deleted fields, swapped types, extreme dates and timestamps, DST gaps,
odd and duplicate ids, broken refs, malformed paragraphs, out-of-range numbers. The drivers
then call every public entry point (load, dump, deadlines in both engines, audit, handover,
reassign, allocation, frames, renderers and the command line) and record what the issue
forbids:

* an exception that is not a :class:`boernesag.errors.BoernesagError` (kind ``exception``);
* a call that takes longer than :data:`CALL_BUDGET` seconds (kind ``timeout``): a watchdog
  (``SIGALRM``) interrupts it, so a hang costs the budget, not the run;
* a CPR-shaped number of the input shown unmasked in an error message, a log record, a
  warning, a rejection, the CLI's stderr, or (for the child's CPR) ``repr``/``attrs.asdict``
  of a case (kind ``privacy``);
* a case lost: the lenient loader drops a case that loads alone, keeps a copy of a duplicate
  case id (all copies must be refused), or fails as a whole although the caseload without its
  cases loads; a reported move that is not the case's caseworker on the handover day
  afterwards; ``handover --to --save`` writing fewer cases than the input has (kind ``lost``);
* a dump that does not read back as the same case (kind ``roundtrip``);
* a CLI run that exits with another status than 0, 2 or 3, raises, or prints a traceback, or
  ``audit`` exiting 0 although cases could not be audited (kind ``cli``).

Every mutation choice goes through a :class:`Picker`: :class:`DrawPicker` draws from
Hypothesis (the strategies :func:`case_inputs` etc. used by ``tests/test_fuzz.py``), and
:class:`RandomPicker` from a seeded :class:`random.Random` (the tally below), so both use the
same mutators and a seed reproduces an input exactly.

Tally many seeded inputs and group the failures by (kind, exception type, top library frame)::

    PYTHONPATH=src python tests/fuzzing.py --n 400 --seed 0 [--mode case|caseload|cli|policy|rules]

This module is not a test module (pytest collects ``test_*.py`` only).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import functools
import io
import json
import logging
import math
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
import tomllib
import traceback
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

import attrs

from boernesag.errors import BoernesagError

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data"

#: Seconds one call may take on a small case before it counts as a hang (generous: the
#: calls take milliseconds; the machine is shared). ``FUZZ_CALL_BUDGET`` overrides it.
CALL_BUDGET = float(os.environ.get("FUZZ_CALL_BUDGET", "10"))

# --------------------------------------------------------------------------- the values

#: Dates outside (and at the edge of) the plausible window, that parse: they reach the engines
#: unless the loader refuses them.
EXTREME_DATES = (
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2100-01-01",
    "1900-01-01",
    "2099-12-31",
    "2024-02-29",
    "1000-06-15",
    "2200-03-01",
)
#: Impossible days (29 February of non-leap years) and malformed dates.
MALFORMED_DATES = (
    "2023-02-29",
    "2100-02-29",
    "1900-02-29",
    "2025-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-3-5",
    "20240305",
    "2024-W10-1",
    "2024-03-05T00:00:00",
    "",
)
#: Timestamps that parse, with extreme offsets, DST gaps and repeats in Europe/Copenhagen.
EXTREME_TIMESTAMPS = (
    "0001-01-01T00:10:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59+01:00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "2024-03-31T02:30:00",
    "2024-10-27T02:30:00",
    "2024-03-31T02:30:00+01:00",
    "2024-10-27T02:30:00+02:00",
    "2099-12-31T23:59:59-12:00",
    "1900-01-01T00:00:00+14:00",
    "2024-03-22T09:15:00+23:59",
    "2024-03-22T09:15:00-23:59",
    "2024-03-22T09:15:00Z",
    "2024-03-22T09:15:00+0100",
    "2024-03-22T09:15",
    "2024-03-22 09:15:00+01:00",
)
#: Bad offsets and malformed timestamps.
MALFORMED_TIMESTAMPS = (
    "2024-03-22T09:15:00+24:00",
    "2024-03-22T09:15:00+01:00:30",
    "2024-03-22T24:00:00+01:00",
    "2024-03-22",
    "2024-03-22T09:15:00+01:00[Europe/Copenhagen]",
    "T09:15:00",
    "2024-03-22T09:15:00+1",
)
CPR_SHAPED = "0305121234"
#: Odd ids: empty, blank, very long, control characters, HTML, a CPR number, bidi, emoji.
ODD_IDS = (
    "",
    " ",
    "x" * 5000,
    "E\x00\x1f\n\r\t",
    "<script>alert(1)</script>",
    "<b>K</b>&amp;",
    CPR_SHAPED,
    "030512-1234",
    "K-\u202e1",
    "K-\U0001f600",
    "../../etc/passwd",
    "E1",
    "CW-001",
)
#: Malformed paragraphs, unknown numbers, full-width digits, SEL on 2024 events.
PARAGRAPHS = (
    "BL 999",
    "BL ３２",
    "SEL 52 stk 99",
    "FVL",
    "SEL 52",
    "SEL 52 stk. 3 nr. 7",
    "BL 32",
    "BL 46",
    "BL 0",
    "BL -1",
    "BL 32a",
    "bl 32",
    "BL 32 stk. 2 nr. 99",
    "RSL 66",
    "XYZ 1",
    "",
    "§",
    "BL " + "9" * 400,
    CPR_SHAPED,
)
INTERVALS = (0, -1, 10**9, 25, 24, 1, 1.5, "6", True, None, [], 2**63)
NUMBERS = (-1, 0, -0.5, math.nan, math.inf, -math.inf, 1e308, 10**30, 2**63, 0.0001, "10", True)
COMPETENCES = ("handicap", [1, 2], {"a": 1}, [None], None, [["BL 32"]], "", [""], [CPR_SHAPED])
#: Type swaps: a value of every JSON type, small and large.
SWAPS = (None, "x", 0, 1, -1, 10**20, 1.5, math.nan, True, False, [], {}, ["x"], {"x": 1}, "")
AS_OF_EXTREMES = (
    date(1, 1, 1),
    date(9999, 12, 31),
    date(1899, 12, 31),
    date(1900, 1, 1),
    date(2099, 12, 31),
    date(2100, 1, 1),
    date(1000, 6, 15),
    date(5000, 2, 28),
)
DEMO_AS_OF = date(2025, 6, 30)
WINDOW = (date(1900, 1, 1), date(2099, 12, 31))

_EVENT_TYPES = (
    "underretning",
    "underretning_vurderet",
    "kvittering_sendt",
    "bfu_startet",
    "bfu_afsluttet",
    "foreloebig_vurdering",
    "barnets_plan",
    "boernesamtale",
    "afgoerelse",
    "foranstaltning_start",
    "foranstaltning_slut",
    "opfoelgning",
    "klage_modtaget",
    "klage_genvurderet",
    "klage_videresendt",
    "aktindsigt_anmodet",
    "aktindsigt_besvaret",
    "sagsbehandler_tildelt",
    "kontakt",
    "koordinerende_ungemoede",
    "eftervaern_afgoerelse",
    "sag_lukket",
    "ansoegning",
    "tilsynsbesoeg",
    "overleveringsmoede",
    "overdragelsesmoede",
    "henvendelse",
    "henvendelse_besvaret",
    "ledelsestilsyn",
    "fristbrev",
)
_ID_FIELDS = ("id", "ref", "measure", "caseworker", "team")
_BOOL_FIELDS = ("professional", "partshoering", "begrundelse", "klagevejledning")


# --------------------------------------------------------------------------- pickers


class Picker(Protocol):
    """Where every choice of a mutator comes from. Smaller answers are milder inputs."""

    def integer(self, lo: int, hi: int) -> int: ...


class DrawPicker:
    """Choices drawn from Hypothesis (inside ``st.composite``): they shrink towards 0."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        self._draw = draw

    def integer(self, lo: int, hi: int) -> int:
        from hypothesis import strategies as st

        return int(self._draw(st.integers(lo, hi)))


class RandomPicker:
    """Choices from a seeded :class:`random.Random` (the tally)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        return self._rng.randint(lo, hi)


def choice(pick: Picker, items: Sequence[Any]) -> Any:
    return items[pick.integer(0, len(items) - 1)]


def chance(pick: Picker, percent: int) -> bool:
    """True with about ``percent`` % probability; shrinks to False."""
    return pick.integer(0, 99) >= 100 - percent


# --------------------------------------------------------------------------- base inputs


@functools.cache
def _demo() -> Any:
    from boernesag.demo import demo_caseload

    return demo_caseload(n_cases=24)


@functools.cache
def _demo_mapping_json() -> str:
    from boernesag.caseio import caseload_to_mapping

    return json.dumps(caseload_to_mapping(_demo()), ensure_ascii=False)


def demo_mapping() -> dict[str, Any]:
    """The demo caseload (24 cases, its caseworkers and teams) as a fresh JSON mapping."""
    return json.loads(_demo_mapping_json())


@functools.cache
def _base_cases_json() -> tuple[str, ...]:
    spec = (DATA / "spec_example.json").read_text(encoding="utf-8")
    demo = [json.dumps(c, ensure_ascii=False) for c in demo_mapping()["cases"]]
    # tests/data/audit_reference.json is a table of expected statuses, not a caseload.
    return (json.dumps(json.loads(spec), ensure_ascii=False), *demo)


def base_case(pick: Picker) -> dict[str, Any]:
    """A fresh copy of one valid case (the spec's example first: it shrinks to it)."""
    return json.loads(choice(pick, _base_cases_json()))


@functools.cache
def _policy_json() -> str:
    return json.dumps(tomllib.loads((REPO / "examples" / "policy.toml").read_text("utf-8")))


@functools.cache
def _rules_json() -> str:
    import boernesag.law

    path = Path(boernesag.law.__file__).parent / "data" / "kommune.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    return json.dumps(data, default=str)


# --------------------------------------------------------------------------- mutators


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (not the root), depth first."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


def _get(doc: Any, path: Sequence[Any]) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _set(doc: Any, path: Sequence[Any], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _delete(doc: Any, path: Sequence[Any]) -> None:
    parent = _get(doc, path[:-1])
    del parent[path[-1]]


def _events(doc: Any) -> list[Any] | None:
    ev = doc.get("events") if isinstance(doc, dict) else None
    return ev if isinstance(ev, list) else None


def _event_dicts(doc: Any) -> list[dict[str, Any]]:
    return [e for e in (_events(doc) or []) if isinstance(e, dict)]


def _child(doc: Any) -> dict[str, Any] | None:
    child = doc.get("child") if isinstance(doc, dict) else None
    return child if isinstance(child, dict) else None


def _day_of(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _case_days(doc: Any) -> list[date]:
    days = []
    for e in _event_dicts(doc):
        d = _day_of(e.get("date")) or _day_of(e.get("at"))
        if d is not None:
            days.append(d)
    return days


def _shift(day: date, days: int) -> date:
    """``day`` + ``days``, clamped to year 1 .. 9999 (the mutators' own arithmetic)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _in_window_day(pick: Picker, lo: date, hi: date) -> date:
    lo, hi = max(lo, WINDOW[0]), min(hi, WINDOW[1])
    if hi < lo:
        lo, hi = hi, lo
    return lo + timedelta(days=pick.integer(0, (hi - lo).days))


def _new_event_id(doc: Any) -> str:
    taken = {e.get("id") for e in _event_dicts(doc) if isinstance(e.get("id"), str)}
    n = len(taken) + 1
    while f"F{n}" in taken:
        n += 1
    return f"F{n}"


def _date_value(pick: Picker) -> str:
    """Mostly a date that parses (an extreme one), sometimes a malformed one."""
    if chance(pick, 25):
        return str(choice(pick, MALFORMED_DATES))
    return str(choice(pick, EXTREME_DATES))


def _timestamp_value(pick: Picker) -> str:
    if chance(pick, 20):
        return str(choice(pick, MALFORMED_TIMESTAMPS))
    return str(choice(pick, EXTREME_TIMESTAMPS))


def _generic_delete(pick: Picker, doc: Any) -> str:
    paths = [p for p in _paths(doc) if isinstance(_get(doc, p[:-1]), dict)]
    if not paths:
        return "nothing to delete"
    path = choice(pick, paths)
    _delete(doc, path)
    return f"delete {path}"


def _generic_swap(pick: Picker, doc: Any) -> str:
    paths = list(_paths(doc))
    if not paths:
        return "nothing to swap"
    path = choice(pick, paths)
    value = copy.deepcopy(choice(pick, SWAPS))
    _set(doc, path, value)
    return f"swap {path} = {value!r}"


def _pick_event(pick: Picker, doc: Any) -> dict[str, Any] | None:
    events = _event_dicts(doc)
    return choice(pick, events) if events else None


def _mut_event_date(pick: Picker, doc: Any) -> str:
    ev = _pick_event(pick, doc)
    if ev is None:
        return "no event"
    value = _date_value(pick)
    ev["date"] = value
    if chance(pick, 50):
        ev.pop("at", None)
    return f"event {ev.get('id')!r}.date = {value!r}"


def _mut_event_at(pick: Picker, doc: Any) -> str:
    ev = _pick_event(pick, doc)
    if ev is None:
        return "no event"
    value = _timestamp_value(pick)
    ev["at"] = value
    if chance(pick, 70):
        ev.pop("date", None)
    return f"event {ev.get('id')!r}.at = {value!r}"


def _mut_birth(pick: Picker, doc: Any) -> str:
    child = _child(doc)
    if child is None:
        return "no child"
    value = _date_value(pick) if chance(pick, 85) else choice(pick, (CPR_SHAPED, "2012-05-03"))
    child["birth_date"] = value
    child.pop("cpr", None)
    return f"child.birth_date = {value!r}"


def _mut_cpr(pick: Picker, doc: Any) -> str:
    child = _child(doc)
    if child is None:
        return "no child"
    value = choice(
        pick,
        (
            CPR_SHAPED,
            "030512-1234",
            3005121234,
            "3102121234",
            "0305121234 ",
            "０３０５１２１２３４",
            "030512123",
            "03051212345",
            None,
            ["0305121234"],
        ),
    )
    child["cpr"] = value
    if chance(pick, 70) and isinstance(value, str):
        child["birth_date"] = "2012-05-03"
    return f"child.cpr = {value!r}"


def _mut_odd_id(pick: Picker, doc: Any) -> str:
    targets: list[tuple[Any, str]] = [(doc, "case_id"), (doc, "team"), (doc, "district")]
    child = _child(doc)
    if child is not None:
        targets.append((child, "id"))
    for ev in _event_dicts(doc):
        targets.extend((ev, f) for f in _ID_FIELDS if f in ev or f == "ref")
    if not isinstance(doc, dict):
        return "not a case"
    holder, key = choice(pick, targets)
    value = choice(pick, ODD_IDS)
    holder[key] = value
    return f"{key} = {value[:40]!r}"


def _mut_dup_event(pick: Picker, doc: Any) -> str:
    events = _events(doc)
    dicts = _event_dicts(doc)
    if events is None or len(dicts) < 1:
        return "no events"
    a = choice(pick, dicts)
    if chance(pick, 50) and len(dicts) > 1:
        b = choice(pick, dicts)
        b["id"] = a.get("id")
        return f"event id {a.get('id')!r} twice"
    events.insert(pick.integer(0, len(events)), copy.deepcopy(a))
    return f"event {a.get('id')!r} copied"


def _mut_ref(pick: Picker, doc: Any) -> str:
    dicts = _event_dicts(doc)
    if not dicts:
        return "no events"
    a = choice(pick, dicts)
    how = pick.integer(0, 3)
    if how == 0:
        a["ref"] = a.get("id")
        return f"event {a.get('id')!r} refers to itself"
    if how == 1:
        a["ref"] = "E-missing"
        return f"event {a.get('id')!r} refers to a missing event"
    b = choice(pick, dicts)
    a["ref"] = b.get("id")
    if how == 3:
        b["ref"] = a.get("id")
        return f"events {a.get('id')!r} and {b.get('id')!r} refer to each other"
    return f"event {a.get('id')!r} refers to {b.get('id')!r}"


def _mut_paragraph(pick: Picker, doc: Any) -> str:
    dicts = _event_dicts(doc)
    if not dicts:
        return "no events"
    ev = choice(pick, dicts)
    value = choice(pick, PARAGRAPHS)
    ev["paragraph"] = value
    if chance(pick, 40):
        ev["date"] = choice(pick, ("2024-03-04", "2019-06-03", "2023-12-31", "2024-01-01"))
        ev.pop("at", None)
    return f"event {ev.get('id')!r}.paragraph = {value!r} (date {ev.get('date')!r})"


def _mut_interval(pick: Picker, doc: Any) -> str:
    events = _events(doc)
    if events is None:
        return "no events"
    follow = [e for e in _event_dicts(doc) if e.get("type") == "opfoelgning"]
    value = choice(pick, INTERVALS)
    if follow and chance(pick, 70):
        ev = choice(pick, follow)
    else:
        days = _case_days(doc) or [date(2024, 5, 1)]
        ev = {"id": _new_event_id(doc), "type": "opfoelgning", "date": max(days).isoformat()}
        measures = [e.get("measure") for e in _event_dicts(doc) if e.get("measure")]
        if measures:
            ev["measure"] = choice(pick, measures)
        events.append(ev)
    ev["interval_months"] = value
    return f"event {ev.get('id')!r}.interval_months = {value!r}"


def _mut_after_closing(pick: Picker, doc: Any) -> str:
    events = _events(doc)
    if events is None:
        return "no events"
    days = _case_days(doc) or [date(2024, 5, 1)]
    closed = min(max(days), WINDOW[1])
    events.append({"id": _new_event_id(doc), "type": "sag_lukket", "date": closed.isoformat()})
    later = choice(
        pick,
        (_shift(closed, 400), _shift(closed, 3650), WINDOW[1], date(9999, 12, 31)),
    )
    etype = choice(pick, ("kontakt", "underretning", "afgoerelse", "opfoelgning", "boernesamtale"))
    ev: dict[str, Any] = {"id": _new_event_id(doc), "type": etype}
    if etype == "underretning" and chance(pick, 50):
        ev["at"] = f"{later.isoformat()}T23:59:59+01:00"
    else:
        ev["date"] = later.isoformat()
    events.append(ev)
    return f"{etype} on {later} after sag_lukket {closed}"


def _mut_insert_event(pick: Picker, doc: Any) -> str:
    events = _events(doc)
    if events is None:
        return "no events"
    etype = choice(pick, (*_EVENT_TYPES, "ukendt", ""))
    days = _case_days(doc) or [date(2024, 5, 1)]
    ev: dict[str, Any] = {"id": _new_event_id(doc), "type": etype}
    if chance(pick, 25):
        ev["date"] = _date_value(pick)
    else:
        day = _in_window_day(pick, _shift(min(days), -60), _shift(max(days), 400))
        if chance(pick, 30):
            ev["at"] = f"{day.isoformat()}T{pick.integer(0, 23):02d}:30:00+01:00"
        else:
            ev["date"] = day.isoformat()
    others = _event_dicts(doc)
    if others and chance(pick, 50):
        ev["ref"] = choice(pick, others).get("id")
    measures = [e.get("measure") for e in others if e.get("measure")] or ["M1"]
    if etype in ("foranstaltning_start", "foranstaltning_slut", "afgoerelse", "opfoelgning"):
        ev["measure"] = choice(pick, measures)
    if etype in ("foranstaltning_start", "afgoerelse") and chance(pick, 60):
        ev["paragraph"] = choice(pick, PARAGRAPHS)
    if etype == "afgoerelse":
        ev["outcome"] = choice(pick, ("bevilget", "afslag", "x"))
        if chance(pick, 50):
            ev["meddelt"] = _date_value(pick) if chance(pick, 50) else "2024-05-01"
    if etype == "sagsbehandler_tildelt":
        ev["caseworker"] = choice(pick, ("CW-001", "CW-002", "CW-003", *ODD_IDS[:4]))
    events.insert(pick.integer(0, len(events)), ev)
    return f"insert {ev}"[:200]


def _mut_type(pick: Picker, doc: Any) -> str:
    ev = _pick_event(pick, doc)
    if ev is None:
        return "no event"
    value = choice(pick, (*_EVENT_TYPES, "Underretning", "ukendt", ""))
    ev["type"] = value
    return f"event {ev.get('id')!r}.type = {value!r}"


def _mut_bools(pick: Picker, doc: Any) -> str:
    ev = _pick_event(pick, doc)
    holder: dict[str, Any] | None = ev
    key = choice(pick, (*_BOOL_FIELDS, "disability"))
    if key == "disability":
        holder = _child(doc)
    if holder is None:
        return "no event"
    value = choice(pick, ("false", "true", 0, 1, None, "ja"))
    holder[key] = value
    return f"{key} = {value!r}"


def _mut_meddelt(pick: Picker, doc: Any) -> str:
    decisions = [e for e in _event_dicts(doc) if e.get("type") == "afgoerelse"]
    if not decisions:
        return "no decision"
    ev = choice(pick, decisions)
    value = _date_value(pick) if chance(pick, 80) else "2000-01-01"
    ev["meddelt"] = value
    return f"event {ev.get('id')!r}.meddelt = {value!r}"


def _mut_shuffle(pick: Picker, doc: Any) -> str:
    events = _events(doc)
    if not events:
        return "no events"
    if chance(pick, 50):
        events.reverse()
        return "events reversed"
    random.Random(pick.integer(0, 2**16)).shuffle(events)
    return "events shuffled"


def _mut_edge_dates(pick: Picker, doc: Any) -> str:
    """Move the whole case to the edge of the window (in-window, so the engines run)."""
    days = _case_days(doc)
    if not days:
        return "no dates"
    target = choice(pick, (WINDOW[1] - timedelta(days=30), WINDOW[0] + timedelta(days=1)))
    shift = target - max(days) if target.year > 2000 else target - min(days)
    for ev in _event_dicts(doc):
        for key in ("date", "meddelt"):
            d = _day_of(ev.get(key))
            if d is not None and len(ev[key]) == 10:
                with contextlib.suppress(OverflowError):
                    ev[key] = (d + shift).isoformat()
        at = ev.get("at")
        d = _day_of(at)
        if d is not None:
            with contextlib.suppress(OverflowError):
                ev["at"] = (d + shift).isoformat() + at[10:]
    child = _child(doc)
    if child is not None and _day_of(child.get("birth_date")) is not None:
        with contextlib.suppress(OverflowError):
            born = _day_of(child["birth_date"])
            assert born is not None
            child["birth_date"] = (born + shift).isoformat()
            child.pop("cpr", None)
    return f"all dates shifted by {shift.days} days"


def _mut_many(pick: Picker, doc: Any) -> str:
    """A case with a few hundred events: underretning/kvittering pairs linked by ref."""
    events = _events(doc)
    if events is None:
        return "no events"
    days = _case_days(doc) or [date(2024, 5, 1)]
    start = min(max(min(days), date(2019, 1, 1)), date(2090, 1, 1))
    n = pick.integer(50, 200)
    for i in range(n):
        day = _shift(start, i * 3)
        events.append({"id": f"U{i}", "type": "underretning", "at": f"{day}T10:00:00+01:00"})
        events.append({"id": f"Q{i}", "type": "kvittering_sendt", "date": str(day), "ref": f"U{i}"})
    return f"{2 * n} underretning/kvittering events"


def _mut_timed_assignment(pick: Picker, doc: Any) -> str:
    """A sagsbehandler_tildelt recorded with a time (``at``) instead of a date."""
    assigned = [e for e in _event_dicts(doc) if e.get("type") == "sagsbehandler_tildelt"]
    if not assigned:
        return "no assignment"
    ev = assigned[-1 - pick.integer(0, len(assigned) - 1)]
    day = _day_of(ev.get("date"))
    if day is None:
        return "assignment without a date"
    ev["at"] = f"{day.isoformat()}T{pick.integer(0, 23):02d}:{pick.integer(0, 59):02d}:00+01:00"
    del ev["date"]
    return f"assignment {ev.get('id')!r} at {ev['at']}"


#: The case mutators, with weights (the engines need most inputs to stay loadable).
CASE_MUTATORS: tuple[tuple[Callable[[Picker, Any], str], int], ...] = (
    (_mut_insert_event, 6),
    (_mut_paragraph, 4),
    (_mut_event_at, 4),
    (_mut_event_date, 3),
    (_mut_after_closing, 3),
    (_mut_interval, 3),
    (_mut_ref, 3),
    (_mut_edge_dates, 3),
    (_mut_type, 2),
    (_mut_dup_event, 2),
    (_mut_odd_id, 2),
    (_mut_birth, 2),
    (_mut_cpr, 1),
    (_mut_bools, 1),
    (_mut_meddelt, 2),
    (_mut_shuffle, 2),
    (_generic_delete, 1),
    (_generic_swap, 1),
    (_mut_timed_assignment, 3),
    (_mut_many, 1),
)
_CASE_WHEEL = tuple(m for m, w in CASE_MUTATORS for _ in range(w))


def mutate_case(pick: Picker, doc: Any, max_mutations: int = 4) -> list[str]:
    """Apply 0..``max_mutations`` mutations to a case mapping in place; return what was done."""
    log = []
    for _ in range(pick.integer(0, max_mutations)):
        mutator = choice(pick, _CASE_WHEEL)
        log.append(mutator(pick, doc))
    return log


def _mut_staff(pick: Picker, doc: dict[str, Any]) -> str:
    cws = doc.get("caseworkers")
    if not isinstance(cws, list) or not cws:
        return "no caseworkers"
    cw = choice(pick, cws)
    if not isinstance(cw, dict):
        return "caseworker not an object"
    how = pick.integer(0, 6)
    if how == 0:
        value = choice(pick, NUMBERS)
        cw["capacity"] = value
        return f"caseworker {cw.get('id')!r}.capacity = {value!r}"
    if how == 1:
        value = copy.deepcopy(choice(pick, COMPETENCES))
        cw["competences"] = value
        return f"caseworker {cw.get('id')!r}.competences = {value!r}"
    if how == 2:
        key = choice(pick, ("experience", "hours"))
        value = choice(pick, NUMBERS)
        cw[key] = value
        return f"caseworker {cw.get('id')!r}.{key} = {value!r}"
    if how == 3:
        value = choice(pick, ("false", 0, None, False))
        cw["active"] = value
        return f"caseworker {cw.get('id')!r}.active = {value!r}"
    if how == 4:
        other = choice(pick, cws)
        cw["id"] = other.get("id") if isinstance(other, dict) else "CW-001"
        return f"caseworker id {cw['id']!r} twice"
    if how == 5:
        key = choice(pick, ("team", "district", "name", "id"))
        value = choice(pick, (*ODD_IDS, 7, None, []))
        cw[key] = value
        return f"caseworker.{key} = {str(value)[:40]!r}"
    cws.remove(cw)
    return f"caseworker {cw.get('id')!r} removed"


def _mut_dup_case(pick: Picker, doc: dict[str, Any]) -> str:
    cases = doc.get("cases")
    if not isinstance(cases, list) or not cases:
        return "no cases"
    a = choice(pick, cases)
    if chance(pick, 50) and len(cases) > 1:
        b = choice(pick, cases)
        if isinstance(a, dict) and isinstance(b, dict):
            b["case_id"] = a.get("case_id")
            return f"case id {a.get('case_id')!r} twice"
    bad = copy.deepcopy(a)
    mutate_case(pick, bad, 2)
    cases.insert(pick.integer(0, len(cases)), bad)
    return "case copied (mutated copy)"


def _mut_caseload_top(pick: Picker, doc: dict[str, Any]) -> str:
    key = choice(pick, ("teams", "format", "caseworkers", "cases", "extra"))
    value = copy.deepcopy(choice(pick, (*SWAPS, "boernesag.case/1", [{"id": 1}], [None])))
    doc[key] = value
    return f"caseload.{key} = {value!r}"


def mutate_caseload(pick: Picker, doc: dict[str, Any]) -> list[str]:
    """Mutate a caseload mapping: its cases (each lightly), staff, teams, top level."""
    log: list[str] = []
    for case in doc.get("cases", []):
        if chance(pick, 40):
            log.extend(mutate_case(pick, case, 3))
    for _ in range(pick.integer(0, 3)):
        how = pick.integer(0, 9)
        if how <= 4:
            log.append(_mut_staff(pick, doc))
        elif how <= 7:
            log.append(_mut_dup_case(pick, doc))
        elif how == 8:
            log.append(_generic_swap(pick, doc.get("teams", [])) if doc.get("teams") else "")
        else:
            log.append(_mut_caseload_top(pick, doc))
    return log


def base_caseload(pick: Picker, max_cases: int = 4) -> dict[str, Any]:
    """A small valid caseload: 1..``max_cases`` demo/spec cases and the demo's staff."""
    full = demo_mapping()
    cases = [base_case(pick) for _ in range(pick.integer(1, max_cases))]
    seen: set[str] = set()
    unique = []
    for c in cases:
        if c["case_id"] not in seen:
            seen.add(c["case_id"])
            unique.append(c)
    return {
        "format": "boernesag.caseload/1",
        "cases": unique,
        "caseworkers": full["caseworkers"],
        "teams": full["teams"],
    }


def _generic_value(pick: Picker) -> Any:
    return copy.deepcopy(
        choice(
            pick,
            (
                *SWAPS,
                "false",
                "true",
                -5.0,
                math.inf,
                1e9,
                "24 hours",
                "-1 days",
                "99999999 years",
                "0 working_days",
                "3 months",
                "1 fortnight",
                "2024-02-30",
                date(9999, 12, 31),
                "9999-12-31",
                "kommune",
                "borger",
                "ref",
                "next",
                "measure",
                "strict",
                "weighted",
                [1, 2],
                [[1, 10], [5, 3]],
                ["BL 46"],
                {"da": 1},
                {"caseworker": 1, "reason": None},
            ),
        )
    )


def mutate_mapping(pick: Picker, doc: Any, max_mutations: int = 4) -> list[str]:
    """Generic mutations of a decoded TOML document (policy or rule file)."""
    log = []
    for _ in range(pick.integer(0, max_mutations)):
        paths = list(_paths(doc))
        if not paths:
            break
        path = choice(pick, paths)
        how = pick.integer(0, 3)
        if how == 0 and isinstance(_get(doc, path[:-1]), dict):
            _delete(doc, path)
            log.append(f"delete {path}")
        elif how == 1 and isinstance(_get(doc, path[:-1]), list):
            parent = _get(doc, path[:-1])
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
            log.append(f"duplicate {path}")
        else:
            value = _generic_value(pick)
            _set(doc, path, value)
            log.append(f"{path} = {value!r}")
    return log


def pick_as_of(pick: Picker, doc: Any) -> date:
    """Mostly a day in the window around the case's events; sometimes year 1 .. 9999."""
    branch = pick.integer(0, 9)
    if branch <= 6:
        cases = doc.get("cases") if isinstance(doc, dict) else None
        days = (
            [d for c in cases if isinstance(c, dict) for d in _case_days(c)]
            if isinstance(cases, list)
            else _case_days(doc)
        )
        in_window = [d for d in days if WINDOW[0] <= d <= WINDOW[1]] or [DEMO_AS_OF]
        return _in_window_day(pick, min(in_window), _shift(max(in_window), 3 * 365))
    if branch == 7:
        return DEMO_AS_OF
    if branch == 8:
        return date(pick.integer(1, 9999), pick.integer(1, 12), pick.integer(1, 28))
    return choice(pick, AS_OF_EXTREMES)


# --------------------------------------------------------------------------- TOML writer


def _toml_str(text: str) -> str:
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch) if ord(ch) < 0xD800 else 0xFFFD:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, list):
        items = [v for v in (_toml_value(x) for x in value) if v is not None]
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        pairs = [(k, _toml_value(v)) for k, v in value.items()]
        return (
            "{" + ", ".join(f"{_toml_str(str(k))} = {v}" for k, v in pairs if v is not None) + "}"
        )
    return _toml_str(str(value))


def to_toml(doc: Mapping[str, Any]) -> str:
    """A TOML text of a mapping (inline tables; ``None`` values are left out)."""
    lines = []
    for k, v in doc.items():
        text = _toml_value(v)
        if text is not None:
            lines.append(f"{_toml_str(str(k))} = {text}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the recorder


class CallTimeout(BaseException):
    """Raised by the watchdog inside a call that exceeded the budget (a BaseException, so
    that the library's ``except Exception`` does not swallow it)."""


@dataclasses.dataclass(frozen=True)
class Failure:
    """One violation: what kind, in which entry point, raised where, and a short message."""

    kind: str
    entry: str
    exc_type: str
    where: str
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.exc_type, self.where)

    def __str__(self) -> str:
        at = f" at {self.where}" if self.where else ""
        return f"[{self.kind}] {self.entry}: {self.exc_type}{at}: {self.message}"


_SRC_MARK = f"{os.sep}boernesag{os.sep}"


def library_frame(tb: Any, function: bool = False) -> str:
    """``module/file.py:line`` of the innermost boernesag frame of a traceback ('' if none);
    ``module/file.py:function`` with ``function`` (where a hang was interrupted)."""
    where = ""
    for fs in traceback.extract_tb(tb):
        fn = fs.filename
        if _SRC_MARK in fn and f"{os.sep}tests{os.sep}" not in fn:
            where = f"{fn.rsplit(_SRC_MARK, 1)[1]}:{fs.name if function else fs.lineno}"
    return where


#: Ten digits as a CPR number is written, not inside a longer run (Unicode digits count).
_TEN_DIGITS = re.compile(r"(?<!\d)(\d{6})[-\u2010-\u2015 ]?(\d{4})(?!\d)")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text)


def _cpr_shaped(digits: str) -> bool:
    """Ten digits whose first six are a day DDMMYY (some century)."""
    dd, mm, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    for century in (1900, 2000, 1800):
        try:
            date(century + yy, mm, dd)
            return True
        except ValueError:
            continue
    return False


def cpr_numbers(text: str) -> set[str]:
    """The CPR-shaped ten-digit numbers in a text (as ten ASCII digits)."""
    found = set()
    for m in _TEN_DIGITS.finditer(text):
        digits = _ascii_digits(m.group(1) + m.group(2))
        if _cpr_shaped(digits):
            found.add(digits)
    return found


def input_secrets(doc: Any) -> set[str]:
    """Every CPR-shaped number in an input (its JSON text, ints included)."""
    return cpr_numbers(json.dumps(doc, ensure_ascii=False, default=str))


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _alarm(signum: int, frame: Any) -> None:
    raise CallTimeout


class Recorder:
    """Runs calls, records every :class:`Failure`. Use as a context manager: it captures the
    log records of the ``boernesag`` loggers (all levels) while it is open."""

    def __init__(self, secrets: set[str], budget: float = CALL_BUDGET) -> None:
        self.secrets = set(secrets)
        self.budget = budget
        self.failures: list[Failure] = []
        self.timings: list[tuple[str, float]] = []
        self.calls = 0
        #: The input loaded (a case, or a caseload with at least one case): the engines ran.
        self.loaded = False
        self._handler = _ListHandler()
        self._logger = logging.getLogger("boernesag")
        self._old_level = self._logger.level

    def __enter__(self) -> Recorder:
        self._logger.addHandler(self._handler)
        self._logger.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self._handler)
        self._logger.setLevel(self._old_level)

    def fail(self, kind: str, entry: str, exc_type: str, where: str, message: str) -> None:
        from boernesag.cpr import redact

        self.failures.append(Failure(kind, entry, exc_type, where, redact(message)[:300]))

    def check_texts(self, entry: str, what: str, texts: Sequence[str]) -> None:
        """A privacy failure if any text shows a CPR-shaped number of the input."""
        for text in texts:
            leaked = cpr_numbers(text) & self.secrets
            if leaked:
                self.fail("privacy", entry, what, "", f"{what} shows a CPR number: {text[:200]}")
                return

    def call(self, entry: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)``; ``None`` if it raised. Records a failure for anything but a
        :class:`BoernesagError`, for a call over budget and for an unmasked CPR number."""
        self.calls += 1
        first_record = len(self._handler.records)
        watchdog = threading.current_thread() is threading.main_thread()
        old = signal.signal(signal.SIGALRM, _alarm) if watchdog else None
        start = time.perf_counter()
        result: Any = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if watchdog:
                    signal.setitimer(signal.ITIMER_REAL, self.budget)
                try:
                    result = fn(*args, **kwargs)
                finally:
                    if watchdog:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except CallTimeout as exc:
                where = library_frame(exc.__traceback__, function=True)
                self.fail("timeout", entry, "Timeout", where, f"over {self.budget:g} s")
            except BoernesagError as exc:
                self.check_texts(entry, type(exc).__name__, [str(exc), repr(exc)])
            except (Exception, SystemExit) as exc:
                self.fail(
                    "exception",
                    entry,
                    type(exc).__name__,
                    library_frame(exc.__traceback__),
                    str(exc),
                )
            finally:
                if watchdog:
                    signal.signal(signal.SIGALRM, old)
        elapsed = time.perf_counter() - start
        self.timings.append((entry, elapsed))
        if elapsed > self.budget and not any(
            f.entry == entry and f.kind == "timeout" for f in self.failures
        ):
            self.fail("timeout", entry, "Slow", "", f"took {elapsed:.1f} s")
        records = self._handler.records[first_record:]
        self.check_texts(entry, "log record", [_record_text(r) for r in records])
        self.check_texts(entry, "warning", [str(w.message) for w in caught])
        return result

    @property
    def slowest(self) -> float:
        return max((t for _, t in self.timings), default=0.0)


def _record_text(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a broken log call is reported by the privacy check as its format
        return f"{record.msg} {record.args}"


# --------------------------------------------------------------------------- drivers


def _deadline_drivers(rec: Recorder, name: str, cases: Sequence[Any], as_of: date) -> Any:
    """The scalar engine, due_within, the columnar engine and the columnar audit."""
    import boernesag
    from boernesag import columnar

    found = rec.call(
        f"deadlines.caseload_deadlines{name}",
        lambda: list(boernesag.caseload_deadlines(cases, as_of)),
    )
    if found is not None:
        rec.call("deadlines.due_within", boernesag.due_within, found, as_of, 14)
    table = rec.call(f"columnar.EventTable.from_cases{name}", columnar.EventTable.from_cases, cases)
    if table is not None:
        dt = rec.call(f"columnar.deadline_table{name}", columnar.deadline_table, table, as_of)
        if dt is not None:
            rec.call("columnar.DeadlineTable.records", lambda: list(dt.records()))
        rec.call(f"columnar.audit_table{name}", columnar.audit_table, table, as_of)
    return found


def drive_case(
    rec: Recorder, doc: Any, as_of: date, staff: Mapping[str, Any] | None = None
) -> None:
    """Every entry point on one case (as a mapping): load, dump, deadlines (both engines),
    audit, handover, switches, transition, ages, allocation and the frames."""
    import boernesag
    from boernesag import caseio, frame
    from boernesag.allocation import allocate, case_phase, required_competences, suggest_allocation
    from boernesag.audit import audit
    from boernesag.handover import (
        age_overview,
        handover,
        render_html,
        render_json,
        render_markdown,
        switch_report,
        transition_plans,
    )
    from boernesag.model import Caseload

    case = rec.call("caseio.load_case", caseio.load_case, copy.deepcopy(doc))
    if case is None:
        return
    rec.loaded = True
    _check_case_privacy(rec, case, doc)
    text = rec.call("caseio.dump_case", caseio.dump_case, case)
    if text is not None:
        _check_roundtrip(rec, "caseio.dump_case", text, case)
    rec.call("deadlines.deadlines", boernesag.deadlines, case, as_of)
    found = _deadline_drivers(rec, "", [case], as_of)
    findings = rec.call("audit.audit", audit, case, as_of)
    h = rec.call("handover.handover(case)", handover, case, as_of=as_of)
    if h is not None:
        for render in (render_markdown, render_html, render_json):
            rec.call(f"handover.{render.__name__}", render, h)
        rec.call("frame.sagsliste_to_frame", frame.sagsliste_to_frame, h)
    rec.call("handover.switch_report", switch_report, [case], as_of)
    rec.call("handover.transition_plans", transition_plans, [case], as_of)
    rec.call("handover.age_overview", age_overview, [case], as_of)
    rec.call("allocation.required_competences", required_competences, case, as_of)
    rec.call("allocation.case_phase", case_phase, case, as_of)
    if staff is not None:
        load = rec.call(
            "caseio.load_caseload(staff)",
            caseio.load_caseload,
            {**copy.deepcopy(staff), "cases": [copy.deepcopy(doc)]},
        )
        if load is not None and load.cases:
            rec.call(
                "allocation.suggest_allocation",
                suggest_allocation,
                load.cases[0],
                load,
                as_of=as_of,
            )
            rec.call(
                "allocation.allocate", allocate, load.cases, load, as_of=as_of, solver="greedy"
            )
    else:
        rec.call(
            "allocation.suggest_allocation",
            suggest_allocation,
            case,
            Caseload(cases=(case,)),
            as_of=as_of,
        )
    if found is not None:
        rec.call("frame.deadlines_to_frame", frame.deadlines_to_frame, found)
    if findings is not None:
        rec.call("frame.findings_to_frame", frame.findings_to_frame, findings)
    rec.call("frame.caseload_deadlines_frame", frame.caseload_deadlines_frame, [case], as_of)
    events = rec.call("frame.cases_to_frame", frame.cases_to_frame, [case])
    if events is not None:
        rec.call("frame.cases_from_frame", frame.cases_from_frame, events)
        rec.call("frame.deadlines_from_events", frame.deadlines_from_events, events, as_of)
        rec.call("frame.findings_from_events", frame.findings_from_events, events, as_of)


def _check_case_privacy(rec: Recorder, case: Any, doc: Any) -> None:
    """``repr``, ``str`` and ``attrs.asdict`` of a case never show the child's CPR number
    (unless the same digits were typed into another field of the input as well)."""
    cpr = case.child.cpr
    if cpr is None:
        return
    digits = cpr.reveal()
    without = copy.deepcopy(doc)
    without["child"].pop("cpr", None)
    if digits in input_secrets(without):
        return
    texts = [repr(case), str(case), repr(case.child)]
    try:
        texts.append(repr(attrs.asdict(case)))
    except Exception as exc:
        rec.fail(
            "exception",
            "attrs.asdict(case)",
            type(exc).__name__,
            library_frame(exc.__traceback__),
            str(exc),
        )
    for text in texts:
        if digits in {_ascii_digits(m.group(1) + m.group(2)) for m in _TEN_DIGITS.finditer(text)}:
            rec.fail(
                "privacy",
                "repr/attrs.asdict(case)",
                "Case",
                "",
                f"the child's CPR number is shown: {text[:120]}",
            )
            return


def _check_roundtrip(rec: Recorder, entry: str, text: str, case: Any) -> None:
    """The dump reads back as an equal case, and writing that again gives the same text (a NaN
    kept in an unknown key is never equal to itself: then only the texts are compared)."""
    from boernesag import caseio

    try:
        again = caseio.load_case(json.loads(text))
        if again != case and "NaN" not in text:
            rec.fail("roundtrip", entry, "NotEqual", "", "load_case(dump_case(case)) != case")
        elif caseio.dump_case(again) != text:
            rec.fail("roundtrip", entry, "NotIdempotent", "", "dump(load(dump)) != dump")
    except Exception as exc:
        rec.fail(
            "roundtrip",
            entry,
            type(exc).__name__,
            library_frame(exc.__traceback__),
            f"the dump does not load: {exc}",
        )


def _caseworker_ids(doc: Any) -> list[str]:
    ids: list[str] = []
    for cw in doc.get("caseworkers", []) if isinstance(doc.get("caseworkers"), list) else []:
        if isinstance(cw, dict) and isinstance(cw.get("id"), str):
            ids.append(cw["id"])
    cases = doc.get("cases") if isinstance(doc.get("cases"), list) else [doc]
    for c in cases:
        for e in _event_dicts(c):
            if isinstance(e.get("caseworker"), str):
                ids.append(e["caseworker"])
    return list(dict.fromkeys(ids)) or ["CW-001"]


@dataclasses.dataclass(frozen=True)
class CaseloadParams:
    """The non-JSON arguments of a caseload run."""

    as_of: date
    on: date
    from_cw: str
    to_cw: str
    planned: bool | None
    reason: str | None
    solver: str
    cli_flags: tuple[int, ...]


def _assignments(doc: Any) -> list[tuple[date, str]]:
    """(day, caseworker) of the sagsbehandler_tildelt events of a case or caseload mapping:
    those recorded with a time (``at``) if there are any, else all."""
    cases = doc.get("cases") if isinstance(doc, dict) else None
    out = []
    for c in cases if isinstance(cases, list) else [doc]:
        for e in _event_dicts(c):
            day = _day_of(e.get("date")) or _day_of(e.get("at"))
            cw = e.get("caseworker")
            assignment = e.get("type") == "sagsbehandler_tildelt" and isinstance(cw, str)
            if assignment and day is not None and WINDOW[0] <= day <= WINDOW[1]:
                out.append((day, cw, "at" in e))
    timed = [(day, cw) for day, cw, at in out if at]
    return timed or [(day, cw) for day, cw, _ in out]


def pick_params(pick: Picker, doc: Any) -> CaseloadParams:
    """as_of, the handover day and the caseworkers of a run. A quarter of the runs hand over
    on the day of a recorded assignment, from its caseworker (a same-day move)."""
    ids = _caseworker_ids(doc) if isinstance(doc, dict) else ["CW-001"]
    as_of = pick_as_of(pick, doc)
    on = as_of if chance(pick, 70) else _shift(as_of, -pick.integer(0, 30))
    from_cw = choice(pick, ids)
    assigned = _assignments(doc)
    if assigned and chance(pick, 25):
        on, from_cw = choice(pick, assigned)
        as_of = on
    others = [i for i in ids if i != from_cw]
    to_cw = (
        choice(pick, others) if others and chance(pick, 80) else choice(pick, [*ids, "CW-999", ""])
    )
    return CaseloadParams(
        as_of=as_of,
        on=on,
        from_cw=from_cw,
        to_cw=to_cw,
        planned=choice(pick, (True, False)) if chance(pick, 30) else None,
        reason=choice(pick, ("sygdom", "ophoer", "orlov", "overgang", "specialisering", "x"))
        if chance(pick, 50)
        else None,
        solver=choice(pick, ("greedy", "auto", "optimal")),
        cli_flags=tuple(pick.integer(0, 9) for _ in range(8)),
    )


def drive_caseload(rec: Recorder, doc: Any, p: CaseloadParams) -> None:
    """Every caseload entry point: strict and lenient load (nothing lost), dump round trip,
    deadlines in both engines, audit_caseload, handover, reassign (every move happens),
    switches, transition, ages, allocation and the frames."""
    from boernesag import caseio, frame
    from boernesag.allocation import allocate, current_loads, suggest_allocation, unallocated_cases
    from boernesag.audit import audit_caseload, report_to_frame
    from boernesag.audit.render import to_html, to_markdown
    from boernesag.handover import age_overview, handover, reassign, switch_report, transition_plans

    as_of = p.as_of
    rec.call("caseio.load_caseload[strict]", caseio.load_caseload, copy.deepcopy(doc))
    caseload = rec.call(
        "caseio.load_caseload[lenient]", caseio.load_caseload, copy.deepcopy(doc), lenient=True
    )
    _check_lenient(rec, doc, caseload)
    if caseload is None:
        return
    rec.loaded = bool(caseload.cases)
    text = rec.call("caseio.dump_caseload", caseio.dump_caseload, caseload)
    if text is not None:
        try:
            again = caseio.load_caseload(json.loads(text), lenient=True)
            if again.cases != caseload.cases:
                rec.fail(
                    "roundtrip",
                    "caseio.dump_caseload",
                    "NotEqual",
                    "",
                    "load_caseload(dump_caseload(c)).cases != c.cases",
                )
        except Exception as exc:
            rec.fail(
                "roundtrip",
                "caseio.dump_caseload",
                type(exc).__name__,
                library_frame(exc.__traceback__),
                f"the dump does not load: {exc}",
            )
    cases = caseload.cases
    _deadline_drivers(rec, "(caseload)", cases, as_of)
    report = rec.call("audit.audit_caseload", audit_caseload, caseload, as_of)
    if report is not None:
        rec.call("audit.report_to_frame", report_to_frame, report)
        rec.call("audit.render.to_markdown", to_markdown, report)
        rec.call("audit.render.to_html", to_html, report)
        rec.call("frame.findings_to_frame(report)", frame.findings_to_frame, report)
    h = rec.call(
        "handover.handover(caseload)",
        handover,
        caseload,
        as_of=as_of,
        caseworker=p.from_cw,
        planned=p.planned,
        reason=p.reason,
    )
    if h is not None:
        rec.call("frame.sagsliste_to_frame", frame.sagsliste_to_frame, h)
    r = rec.call(
        "handover.reassign",
        reassign,
        caseload,
        p.from_cw,
        to=p.to_cw,
        on=p.on,
        as_of=as_of,
        planned=p.planned,
        reason=p.reason,
    )
    if r is not None:
        _check_moves(rec, r)
    rec.call("handover.switch_report", switch_report, cases, as_of)
    rec.call("handover.transition_plans", transition_plans, cases, as_of)
    rec.call("handover.age_overview", age_overview, cases, as_of)
    rec.call("allocation.current_loads", current_loads, caseload, as_of)
    if cases:
        rec.call(
            "allocation.suggest_allocation", suggest_allocation, cases[0], caseload, as_of=as_of
        )
    todo = rec.call("allocation.unallocated_cases", unallocated_cases, caseload, as_of)
    batch = list(todo or ()) or list(caseload.cases_of(p.from_cw))
    alloc = rec.call(
        "allocation.allocate",
        allocate,
        batch,
        caseload,
        as_of=as_of,
        exclude=[p.from_cw],
        solver=p.solver,
    )
    if alloc is not None:
        rec.call("frame.allocation_to_frame", frame.allocation_to_frame, alloc)
        rec.call("frame.allocation_load_frame", frame.allocation_load_frame, alloc)
    rec.call("frame.caseload_deadlines_frame", frame.caseload_deadlines_frame, caseload, as_of)
    rec.call("frame.cases_to_frame", frame.cases_to_frame, caseload)
    rec.call("frame.caseworkers_to_frame", frame.caseworkers_to_frame, caseload)


def _check_lenient(rec: Recorder, doc: Any, caseload: Any) -> None:
    """Nothing lost: every case that a strict load of that case alone accepts is kept (unless
    its id is not unique: then every copy is refused), every item is kept or rejected, and a
    lenient load fails as a whole only if the caseload without its cases fails too."""
    from boernesag import caseio

    items = doc.get("cases") if isinstance(doc, dict) else None
    if caseload is None:
        if isinstance(doc, dict) and isinstance(items, list) and items:
            try:
                caseio.load_caseload({**copy.deepcopy(doc), "cases": []}, lenient=True)
            except Exception:
                return
            rec.fail(
                "lost",
                "caseio.load_caseload[lenient]",
                "WholeLoadFailed",
                "",
                f"all {len(items)} cases lost although the caseload without them loads",
            )
        return
    rec.check_texts(
        "caseio.load_caseload[lenient]",
        "rejection",
        [f"{r.error} {r!r}" for r in caseload.rejected],
    )
    rec.check_texts(
        "caseio.load_caseload[lenient]",
        "load warning",
        [str(w) for w in getattr(caseload, "warnings", ())],
    )
    if not isinstance(items, list):
        return
    if len(caseload.cases) + len(caseload.rejected) != len(items):
        rec.fail(
            "lost",
            "caseio.load_caseload[lenient]",
            "Count",
            "",
            f"{len(items)} cases in, {len(caseload.cases)} kept + "
            f"{len(caseload.rejected)} rejected",
        )
    ids = [i.get("case_id") if isinstance(i, dict) else None for i in items]
    kept = {c.case_id for c in caseload.cases}
    for cid in sorted({i for i in ids if isinstance(i, str) and ids.count(i) > 1} & kept):
        rec.fail(
            "lost",
            "caseio.load_caseload[lenient]",
            "DuplicateKept",
            "",
            f"case id {cid!r} occurs {ids.count(cid)} times and one copy was kept "
            "(issue 14: duplicate case ids are all refused)",
        )
    for item, cid in zip(items, ids, strict=True):
        if not isinstance(cid, str) or ids.count(cid) > 1 or cid in kept:
            continue
        try:
            caseio.load_case(copy.deepcopy(item))
        except Exception:
            continue
        rec.fail(
            "lost",
            "caseio.load_caseload[lenient]",
            "ValidCaseLost",
            "",
            f"case {cid!r} loads alone but the lenient load dropped it",
        )


def _check_moves(rec: Recorder, r: Any) -> None:
    """Every reported move is the case's caseworker on the handover day afterwards (a later
    recorded assignment may follow it: the data says so, not the move)."""
    for move in r.moves:
        try:
            now = r.caseload.case(move.case_id).caseworker_on(r.on)
        except Exception as exc:
            rec.fail(
                "lost",
                "handover.reassign",
                type(exc).__name__,
                library_frame(exc.__traceback__),
                f"moved case {move.case_id} missing",
            )
            continue
        if now != move.to_caseworker:
            rec.fail(
                "lost",
                "handover.reassign",
                "MoveNotDone",
                "",
                f"case {move.case_id} reported moved to {move.to_caseworker!r} "
                f"but its caseworker is {now!r}",
            )


# --------------------------------------------------------------------------- the CLI


def run_cli(rec: Recorder, entry: str, argv: Sequence[str]) -> tuple[int | None, str]:
    """``boernesag.cli.main(argv)`` in this process; (exit status, stdout). A failure if it
    raises, exits with another status than 0, 2 or 3, or prints a traceback or a CPR."""
    from boernesag.cli import main

    out, err = io.StringIO(), io.StringIO()
    status: Any = None

    def run() -> None:
        nonlocal status
        try:
            status = main(list(argv))
        except SystemExit as exc:
            status = exc.code

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        before = len(rec.failures)
        rec.call(entry, run)
        raised = len(rec.failures) > before
    stderr = err.getvalue()
    if not raised and status not in (0, 2, 3):
        rec.fail("cli", entry, f"exit {status!r}", "", f"stderr: {stderr[-300:]}")
    if "Traceback" in stderr:
        rec.fail("cli", entry, "Traceback", "", stderr[-300:])
    rec.check_texts(entry, "stderr", [stderr])
    return status, out.getvalue()


def drive_cli(
    rec: Recorder,
    doc: Any,
    p: CaseloadParams,
    tmp: Path,
    policy: Path | None = None,
    rules: tuple[Path, Sequence[str]] | None = None,
) -> None:
    """``boernesag deadlines|audit|handover|allocate`` on the input written to a file."""
    path = tmp / "input.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    f = p.cli_flags
    day = p.as_of.isoformat()
    lenient = ["--lenient"] if f[0] >= 3 else []
    argv = [
        "deadlines",
        str(path),
        "--as-of",
        day,
        "--format",
        choice_of(f[1], ("json", "csv", "table")),
        *lenient,
    ]
    if f[2] >= 6:
        argv += ["--engine", "columnar"]
    if f[3] >= 7:
        argv += ["--summary"]
    if f[3] == 1:
        argv += ["--due-within", "14"]
    if rules is not None:
        argv += ["--rules", str(rules[0])]
        for rule_id in rules[1]:
            argv += ["--enable", rule_id]
    run_cli(rec, "cli deadlines", argv)
    if rules is not None:
        return
    argv = [
        "audit",
        str(path),
        "--as-of",
        day,
        "--format",
        choice_of(f[4], ("json", "markdown", "html", "csv", "table")),
        *lenient,
    ]
    if f[5] >= 6:
        argv += ["--findings"]
    status, out = run_cli(rec, "cli audit", argv)
    if status == 0 and "--findings" not in argv and argv[argv.index("--format") + 1] == "json":
        failed = _json_or_none(out)
        if isinstance(failed, dict) and failed.get("failures"):
            rec.fail(
                "cli",
                "cli audit",
                "exit 0",
                "",
                f"exit status 0 although {len(failed['failures'])} case(s) could not be audited",
            )
    argv = [
        "handover",
        str(path),
        "--as-of",
        day,
        "--caseworker",
        p.from_cw,
        "--format",
        choice_of(f[6], ("json", "markdown", "html", "table")),
        *lenient,
    ]
    if f[7] >= 5:
        argv += ["--to", p.to_cw, "--on", p.on.isoformat()]
        if f[7] >= 8:
            argv += ["--save", str(tmp / "saved.json")]
    elif f[7] == 1:
        argv += ["--ages"]
    status, _ = run_cli(rec, "cli handover", argv)
    _check_saved(rec, doc, status, tmp / "saved.json")
    argv = [
        "allocate",
        str(path),
        "--as-of",
        day,
        "--format",
        choice_of(f[1], ("json", "markdown", "csv", "table")),
        "--solver",
        p.solver,
        *lenient,
    ]
    if policy is not None:
        argv += ["--policy", str(policy)]
    if f[2] <= 2:
        argv += ["--from", p.from_cw]
    elif f[2] <= 4:
        cases = doc.get("cases") if isinstance(doc, dict) else None
        first = cases[0] if isinstance(cases, list) and cases else doc
        cid = first.get("case_id") if isinstance(first, dict) else None
        argv += ["--suggest", cid if isinstance(cid, str) and cid else "K-1"]
    run_cli(rec, "cli allocate", argv)


def _check_saved(rec: Recorder, doc: Any, status: Any, saved: Path) -> None:
    """``handover --to --save`` writes every case of the input, the rejected ones too."""
    items = doc.get("cases") if isinstance(doc, dict) else None
    if status != 0 or not saved.exists() or not isinstance(items, list):
        return
    try:
        written = json.loads(saved.read_text(encoding="utf-8")).get("cases", [])
    except (ValueError, AttributeError) as exc:
        rec.fail("lost", "cli handover --save", type(exc).__name__, "", str(exc))
        return
    if len(written) < len(items):
        rec.fail(
            "lost",
            "cli handover --save",
            "SaveDroppedCases",
            "",
            f"{len(items)} cases in the input, {len(written)} written by --save",
        )


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def choice_of(n: int, items: Sequence[str]) -> str:
    return items[n % len(items)]


# --------------------------------------------------------------------------- policy and rules


@functools.cache
def _policy_caseload_json() -> str:
    from boernesag.caseio import caseload_to_mapping
    from boernesag.demo import demo_caseload

    return json.dumps(caseload_to_mapping(demo_caseload(n_cases=8)), ensure_ascii=False)


def policy_caseload() -> Any:
    from boernesag.caseio import load_caseload

    return load_caseload(json.loads(_policy_caseload_json()))


def mutated_policy(pick: Picker) -> tuple[dict[str, Any], list[str]]:
    doc = json.loads(_policy_json())
    return doc, mutate_mapping(pick, doc, 4)


def drive_policy(rec: Recorder, doc: dict[str, Any], p: CaseloadParams, tmp: Path) -> None:
    """A mutated allocation policy: policy_from_mapping, load_policy (TOML), suggest, allocate,
    and ``boernesag allocate --policy``."""
    from boernesag.allocation import allocate, load_policy, policy_from_mapping, suggest_allocation

    policy = rec.call("allocation.policy_from_mapping", policy_from_mapping, copy.deepcopy(doc))
    path = tmp / "policy.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    from_file = rec.call("allocation.load_policy", load_policy, path)
    policy = policy or from_file
    if policy is not None:
        caseload = policy_caseload()
        rec.call(
            "allocation.suggest_allocation(policy)",
            suggest_allocation,
            caseload.cases[0],
            caseload,
            policy,
            as_of=p.as_of,
        )
        rec.call(
            "allocation.allocate(policy)",
            allocate,
            caseload.cases_of(p.from_cw) or caseload.cases[:3],
            caseload,
            policy,
            as_of=p.as_of,
            exclude=[p.from_cw],
            solver=p.solver,
        )
    argv = [
        "allocate",
        "--demo",
        "--demo-size",
        "8",
        "--as-of",
        p.as_of.isoformat(),
        "--policy",
        str(path),
        "--format",
        "json",
        "--solver",
        p.solver,
    ]
    if p.cli_flags[0] >= 5:
        argv += ["--from", p.from_cw]
    run_cli(rec, "cli allocate --policy", argv)


def mutated_rules(pick: Picker) -> tuple[dict[str, Any], list[str]]:
    doc = json.loads(_rules_json())
    for rule in doc.get("rules", []):
        rule["enabled"] = True
    return doc, mutate_mapping(pick, doc, 4)


def drive_rules(
    rec: Recorder, doc: dict[str, Any], case_doc: Any, p: CaseloadParams, tmp: Path
) -> None:
    """A mutated rule file: RuleSet.with_file, then deadlines, audit and the columnar engine
    with it, and ``boernesag deadlines --rules``."""
    import boernesag
    from boernesag import caseio, columnar
    from boernesag.audit import audit

    path = tmp / "rules.toml"
    path.write_text(to_toml(doc), encoding="utf-8")
    rules = rec.call("law.RuleSet.with_file", boernesag.default_rules().with_file, path)
    ids = (
        [
            r["id"]
            for r in doc.get("rules", [])
            if isinstance(r, dict) and isinstance(r.get("id"), str)
        ]
        if isinstance(doc.get("rules"), list)
        else []
    )
    case = rec.call("caseio.load_case", caseio.load_case, copy.deepcopy(case_doc))
    if rules is not None and case is not None:
        enabled = rec.call("law.RuleSet.enable", rules.enable, *[i for i in ids if i in rules])
        rules = enabled or rules
        rec.call("deadlines.deadlines(rules)", boernesag.deadlines, case, p.as_of, rules=rules)
        rec.call("audit.audit(rules)", audit, case, p.as_of, rules=rules)
        table = rec.call("columnar.EventTable.from_cases", columnar.EventTable.from_cases, [case])
        if table is not None:
            rec.call(
                "columnar.deadline_table(rules)",
                columnar.deadline_table,
                table,
                p.as_of,
                rules=rules,
            )
    drive_cli(rec, case_doc, p, tmp, rules=(path, ids[:3]))


# --------------------------------------------------------------------------- one input per mode


@dataclasses.dataclass
class FuzzInput:
    """A generated input: the mode, the JSON document(s), the parameters and the mutation log."""

    mode: str
    doc: Any
    params: CaseloadParams
    log: list[str]
    extra: Any = None

    def describe(self) -> str:
        doc = json.dumps(self.doc, ensure_ascii=False, default=str)
        return (
            f"mode={self.mode} as_of={self.params.as_of} params={self.params}\n"
            f"mutations={self.log}\ninput={doc[:4000]}"
        )


MODES = ("case", "caseload", "cli", "policy", "rules")


def make_input(pick: Picker, mode: str) -> FuzzInput:
    """Build one mutated input of a mode from the pickers' choices."""
    if mode == "case":
        doc = base_case(pick)
        log = mutate_case(pick, doc)
        return FuzzInput(mode, doc, pick_params(pick, doc), log)
    if mode in ("caseload", "cli"):
        doc = base_caseload(pick, 4 if mode == "caseload" else 3)
        log = mutate_caseload(pick, doc)
        return FuzzInput(mode, doc, pick_params(pick, doc), log)
    if mode == "policy":
        doc, log = mutated_policy(pick)
        return FuzzInput(mode, doc, pick_params(pick, json.loads(_policy_caseload_json())), log)
    if mode == "rules":
        doc, log = mutated_rules(pick)
        case = base_case(pick)
        log += mutate_case(pick, case, 1)
        return FuzzInput(mode, doc, pick_params(pick, case), log, extra=case)
    raise ValueError(mode)


def run_input(item: FuzzInput, budget: float = CALL_BUDGET) -> Recorder:
    """Run the drivers of the input's mode; the recorder holds the failures."""
    secrets = input_secrets(item.doc) | (input_secrets(item.extra) if item.extra else set())
    with Recorder(secrets, budget) as rec, tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if item.mode == "case":
            drive_case(rec, item.doc, item.params.as_of)
        elif item.mode == "caseload":
            drive_caseload(rec, item.doc, item.params)
        elif item.mode == "cli":
            drive_cli(rec, item.doc, item.params, tmp)
        elif item.mode == "policy":
            drive_policy(rec, item.doc, item.params, tmp)
        elif item.mode == "rules":
            drive_rules(rec, item.doc, item.extra, item.params, tmp)
    return rec


def fuzz_inputs(mode: str) -> Any:
    """A Hypothesis strategy of :class:`FuzzInput` of a mode (mutations drawn from Hypothesis)."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Callable[[Any], Any]) -> FuzzInput:
        return make_input(DrawPicker(draw), mode)

    return build()


# --------------------------------------------------------------------------- the tally


def tally(
    n: int,
    seed: int,
    modes: Sequence[str],
    budget: float,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run ``n`` seeded inputs per mode; group the failures by (kind, type, frame)."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    stats: dict[str, Any] = {
        "inputs": 0,
        "loaded": 0,
        "calls": 0,
        "failing_inputs": 0,
        "slowest": 0.0,
        "seconds": 0.0,
        "per_mode": {},
    }
    start = time.perf_counter()
    for mode in modes:
        mstart, mfail, mloaded = time.perf_counter(), 0, 0
        for i in range(n):
            s = seed * 1_000_003 + i
            item = make_input(RandomPicker(s), mode)
            rec = run_input(item, budget)
            stats["inputs"] += 1
            stats["calls"] += rec.calls
            stats["loaded"] += rec.loaded
            stats["slowest"] = max(stats["slowest"], rec.slowest)
            mloaded += rec.loaded
            if rec.failures:
                stats["failing_inputs"] += 1
                mfail += 1
            for fl in rec.failures:
                g = groups.setdefault(
                    fl.key, {"count": 0, "entries": set(), "example": None, "message": fl.message}
                )
                g["count"] += 1
                g["entries"].add(fl.entry)
                if g["example"] is None or len(json.dumps(item.doc, default=str)) < g["size"]:
                    g["example"] = (mode, s, item.log, item.params.as_of, fl.entry, fl.message)
                    g["size"] = len(json.dumps(item.doc, default=str))
            if progress is not None and (i + 1) % 50 == 0:
                progress(f"{mode}: {i + 1}/{n}, {len(groups)} distinct so far")
        stats["per_mode"][mode] = {
            "inputs": n,
            "loaded": mloaded,
            "failing": mfail,
            "seconds": round(time.perf_counter() - mstart, 1),
        }
    stats["seconds"] = round(time.perf_counter() - start, 1)
    return {"stats": stats, "groups": groups}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="inputs per mode")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", action="append", choices=MODES, help="default: all")
    parser.add_argument("--budget", type=float, default=CALL_BUDGET, help="seconds per call")
    parser.add_argument("--json", metavar="FILE", help="write the tally as JSON here")
    parser.add_argument("--show", metavar="SEED", type=int, help="print the input of one seed")
    args = parser.parse_args(argv)
    modes = args.mode or list(MODES)
    if args.show is not None:
        for mode in modes:
            item = make_input(RandomPicker(args.show), mode)
            print(item.describe())
            for fl in run_input(item, args.budget).failures:
                print("  ", fl)
        return 0
    logging.getLogger("boernesag").propagate = False
    result = tally(
        args.n, args.seed, modes, args.budget, lambda m: print(m, file=sys.stderr, flush=True)
    )
    groups = sorted(result["groups"].items(), key=lambda kv: (kv[0][2], kv[0]))
    print(json.dumps(result["stats"]))
    for (kind, exc_type, where), g in groups:
        mode, s, log, as_of, entry, message = g["example"]
        print(
            f"{g['count']:5d}  {kind:9s} {exc_type:22s} {where or '-':40s} "
            f"{', '.join(sorted(g['entries']))[:120]}"
        )
        print(f"       e.g. --mode {mode} --show {s}  as_of={as_of}  {entry}: {message[:160]}")
        print(f"       mutations: {log}"[:400])
    if args.json:
        out = {
            "stats": result["stats"],
            "groups": [
                {
                    "kind": k[0],
                    "type": k[1],
                    "where": k[2],
                    "count": g["count"],
                    "entries": sorted(g["entries"]),
                    "example": g["example"],
                }
                for k, g in groups
            ],
        }
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, default=str, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
