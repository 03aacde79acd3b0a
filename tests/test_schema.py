"""The JSON Schemas of the case and caseload formats (boernesag.schema).

They are generated from the loader's constants; these tests check that the shipped files are
the generated ones, that every example in the repository validates, that a document the
schema accepts is one the loader reads (within what a schema can express) and that invalid
documents are refused by the schema and the loader alike.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from boernesag import caseio
from boernesag.caseio import (
    EVENT_FIELDS,
    REQUIRED_FIELDS,
    case_from_mapping,
    caseload_to_mapping,
    dump_caseload,
    load_caseload,
)
from boernesag.cpr import Cpr
from boernesag.demo import big_case, demo_caseload, sample_case_path
from boernesag.errors import CaseFormatError
from boernesag.model import EventType
from boernesag.paragraphs import LAWS, Paragraph
from boernesag.schema import (
    SCHEMA_FILES,
    _paragraph_pattern,
    case_schema,
    caseload_schema,
    schema_text,
)

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
SPEC = DATA / "spec_example.json"
TODAY = date(2025, 6, 30)


# --------------------------------------------------------------------------- helpers


def _validator(schema: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def case_validator() -> Any:
    return _validator(case_schema())


@pytest.fixture(scope="module")
def caseload_validator() -> Any:
    return _validator(caseload_schema())


def _errors(validator: Any, doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


def _loader_accepts_case(doc: Any) -> bool:
    try:
        case_from_mapping(doc, today=TODAY, warnings=[])
    except CaseFormatError:
        return False
    return True


def _loader_accepts_caseload(doc: Any) -> bool:
    try:
        load_caseload(doc, today=TODAY)
    except CaseFormatError:
        return False
    return True


def _spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return data


def _case_with_event(**fields: Any) -> dict[str, Any]:
    event = {"id": "E1", "type": "kontakt", "date": "2024-05-02", **fields}
    return {
        "case_id": "K-1",
        "child": {"id": "B-1", "birth_date": "2012-05-03"},
        "events": [{k: v for k, v in event.items() if v is not _ABSENT}],
    }


_ABSENT = object()


# --------------------------------------------------------------------------- the schema itself


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_shipped_files_are_the_generated_schemas(name: str) -> None:
    shipped = (resources.files("boernesag") / SCHEMA_FILES[name]).read_text(encoding="utf-8")
    assert shipped == schema_text(caseload=name == "caseload"), (
        f"{SCHEMA_FILES[name]} is out of date: regenerate it with "
        f"`boernesag schema {'--caseload ' if name == 'caseload' else ''}"
        f"--output src/boernesag/{SCHEMA_FILES[name]} --force`"
    )


def test_schemas_are_draft_2020_12_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for schema in (case_schema(), caseload_schema()):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_event_vocabulary_and_fields_are_the_loaders() -> None:
    for schema in (case_schema(), caseload_schema()):
        event = schema["$defs"]["event"]
        assert event["properties"]["type"]["enum"] == [t.value for t in EventType]
        # the event fields, then the checked extension keys (kept in ``extra``)
        assert list(event["properties"]) == [*EVENT_FIELDS, *caseio.CHECKED_EXTRA_FIELDS]
        required = {
            rule["if"]["properties"]["type"]["const"]: rule["then"]["required"]
            for rule in event["allOf"]
        }
        assert required == {t.value: list(f) for t, f in REQUIRED_FIELDS.items()}


def test_event_field_kinds_follow_the_loaders_checks() -> None:
    """Each field has the kind the loader checks it as (ids, texts, booleans, dates)."""
    props = case_schema()["$defs"]["event"]["properties"]

    def kind(name: str) -> Any:
        schema = props[name]
        inner = schema["anyOf"][0] if "anyOf" in schema else schema
        return inner.get("$ref", inner.get("type"))

    for name in caseio._ID_FIELDS:
        assert kind(name) == "#/$defs/id", name
    for name in set(caseio._STR_FIELDS) - caseio._ID_FIELDS:
        assert kind(name) == "#/$defs/text", name
    for name in caseio._BOOL_FIELDS:
        assert kind(name) == "boolean", name
    assert kind("date") == kind("meddelt") == "#/$defs/date"
    assert kind("at") == "#/$defs/timestamp"


def test_space_and_control_classes_are_pythons() -> None:
    """The schema's white space is ``str.isspace`` and its control characters the loader's."""
    from boernesag import schema as module

    space = re.compile(f"[{module._SPACE}]")
    control = re.compile(module._CONTROL_CLASS)
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert bool(space.fullmatch(c)) == c.isspace(), hex(code)
        assert bool(control.fullmatch(c)) == bool(caseio._CONTROL.search(c)), hex(code)


# --------------------------------------------------------------------------- every example


def _case_files() -> list[Path]:
    out = []
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and (
            str(data.get("format", "")).startswith("boernesag.case") or "case_id" in data
        ):
            out.append(path)
    return out


def test_the_repository_has_case_examples() -> None:
    assert SPEC in _case_files()


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.name)
def test_every_example_file_validates(
    path: Path, case_validator: Any, caseload_validator: Any
) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") == "boernesag.caseload/1" or "cases" in data:
        assert _errors(caseload_validator, data) == []
        assert _loader_accepts_caseload(data)
    else:
        assert _errors(case_validator, data) == []
        assert _loader_accepts_case(data)


def test_the_sample_case_validates_and_is_the_spec_example(case_validator: Any) -> None:
    path = sample_case_path()
    assert path.is_file()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == _spec()
    assert _errors(case_validator, data) == []
    assert caseio.load_case(path).case_id == "K-2024-0001"
    # synthetic: the CPR number's date matches the birth, but it fails modulus 11
    digits = Cpr.parse(data["child"]["cpr"]).reveal()
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    assert sum(int(c) * w for c, w in zip(digits, weights, strict=True)) % 11 != 0


@pytest.mark.parametrize(("n", "seed"), [(120, 2024), (300, 7), (40, 1)])
def test_demo_caseloads_validate_as_written(
    n: int, seed: int, caseload_validator: Any, case_validator: Any
) -> None:
    caseload = demo_caseload(n, seed=seed)
    data = json.loads(dump_caseload(caseload))
    assert _errors(caseload_validator, data) == []
    # each case also as a case file of its own
    for case in data["cases"][:40]:
        assert _errors(case_validator, case) == []


def test_the_big_case_and_a_cpr_free_export_validate(case_validator: Any) -> None:
    assert _errors(case_validator, caseio.case_to_mapping(big_case(2000, seed=3))) == []
    cl = caseload_to_mapping(demo_caseload(30, seed=5), include_cpr=False)
    for case in cl["cases"]:
        assert "cpr" not in case["child"]
        assert _errors(case_validator, case) == []


def _docs_json_blocks() -> list[tuple[str, Any]]:
    """The ``.. code-block:: json`` examples in docs/ that are cases or caseloads."""
    out = []
    for path in sorted((ROOT / "docs").glob("*.rst")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip() != ".. code-block:: json":
                continue
            body = []
            for text in lines[i + 1 :]:
                if text and not text.startswith(" "):
                    break
                body.append(text)
            data = json.loads("\n".join(body))
            if isinstance(data, dict) and "format" in data:
                out.append((f"{path.name}:{i + 1}", data))
    return out


def test_docs_json_examples_validate(case_validator: Any, caseload_validator: Any) -> None:
    blocks = _docs_json_blocks()
    assert blocks, "docs/case-format.rst shows a case in a json code block"
    for where, data in blocks:
        if data["format"] == "boernesag.caseload/1":
            assert _errors(caseload_validator, data) == [], where
            assert _loader_accepts_caseload(data), where
        else:
            assert _errors(case_validator, data) == [], where
            assert _loader_accepts_case(data), where


def test_unknown_keys_are_allowed_and_kept(case_validator: Any) -> None:
    data = _spec()
    data["kommune_felt"] = {"nested": [1, 2.5, None]}
    data["child"]["skole"] = "Nordskolen"
    data["events"][0]["anonymous"] = True
    assert _errors(case_validator, data) == []
    case = case_from_mapping(data, today=TODAY, warnings=[])
    out = caseio.case_to_mapping(case)
    assert out["kommune_felt"] == data["kommune_felt"]
    assert out["child"]["skole"] == "Nordskolen"
    assert out["events"][0]["anonymous"] is True


# --------------------------------------------------------------------------- refused alike


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``path`` (``events.0.type``) to ``value`` (``_ABSENT``: delete)."""

    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key: Any = int(last) if last.isdigit() else last
        if value is _ABSENT:
            del target[key]
        else:
            target[key] = value

    return mutate


_INVALID_CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown event type": _set("events.0.type", "underretning_modtaget"),
    "no case_id": _set("case_id", _ABSENT),
    "case_id with a line break": _set("case_id", "K-1\n"),
    "case_id of 201 characters": _set("case_id", "K" * 201),
    "blank case_id": _set("case_id", "   "),
    "other format": _set("format", "boernesag.case/2"),
    "format null": _set("format", None),
    "no child": _set("child", _ABSENT),
    "no birth date": _set("child.birth_date", _ABSENT),
    "birth date basic form": _set("child.birth_date", "20120503"),
    "cpr malformed": _set("child.cpr", "12345"),
    "siblings a text": _set("child.siblings", "B-0002"),
    "disability a text": _set("child.disability", "ja"),
    "events not a list": _set("events", {"E1": {}}),
    "event without id": _set("events.3.id", _ABSENT),
    "event without date or at": _set("events.3.date", _ABSENT),
    "month 13": _set("events.3.date", "2024-13-02"),
    "day 32": _set("events.3.date", "2024-01-32"),
    "year 1899": _set("events.3.date", "1899-12-31"),
    "year 2100": _set("events.3.date", "2100-01-01"),
    "date with time": _set("events.3.date", "2024-04-02T10:00"),
    "date with trailing newline": _set("events.3.date", "2024-04-02\n"),
    "date not a text": _set("events.3.date", 20240402),
    "at without a time": _set("events.0.at", "2024-03-22"),
    "at hour 24": _set("events.0.at", "2024-03-22T24:00:00+01:00"),
    "at in year 9999": _set("events.0.at", "9999-03-22T09:15:00+01:00"),
    "paragraph of an unknown law": _set("events.7.paragraph", "XL 32"),
    "paragraph number 1000": _set("events.7.paragraph", "BL 1000"),
    "paragraph with full-width digits": _set("events.7.paragraph", "BL ３２"),
    "paragraph stk. 100": _set("events.7.paragraph", "BL 32 stk. 100"),
    "professional a text": _set("events.0.professional", "yes"),
    "interval 0 months": _set("events.9.interval_months", 0),
    "interval 25 months": _set("events.9.interval_months", 25),
    "interval true": _set("events.9.interval_months", True),
    "interval a text": _set("events.9.interval_months", "6"),
    "blank outcome": _set("events.7.outcome", " "),
    "ref with a tab": _set("events.1.ref", "E\t1"),
    "measure start without measure": _set("events.8.measure", _ABSENT),
    "caseworker assigned without caseworker": _set("events.10.caseworker", None),
    "truffet_af an unknown decision-maker": _set("events.7.truffet_af", "byraadet"),
    "truffet_af not a text": _set("events.7.truffet_af", 1),
    "hastende a text": _set("events.7.hastende", "ja"),
    "varslingspligt a number": _set("events.7.varslingspligt", 1),
}


@pytest.mark.parametrize("mutation", sorted(_INVALID_CASES))
def test_invalid_cases_are_refused_by_schema_and_loader(mutation: str, case_validator: Any) -> None:
    doc = _spec()
    _INVALID_CASES[mutation](doc)
    assert _errors(case_validator, doc), "the schema accepted it"
    assert not _loader_accepts_case(doc), "the loader accepted it"


def _caseload() -> dict[str, Any]:
    return {
        "format": "boernesag.caseload/1",
        "cases": [_spec()],
        "caseworkers": [
            {
                "id": "CW-07",
                "team": "T-handicap",
                "capacity": 30,
                "competences": ["handicap"],
                "hours": 37,
                "experience": 4.5,
                "name": "Sagsbehandler 7",
            }
        ],
        "teams": [{"id": "T-handicap", "name": "Handicapteamet", "kind": "handicap"}],
    }


_INVALID_CASELOADS: dict[str, Callable[[dict[str, Any]], None]] = {
    "no cases": _set("cases", _ABSENT),
    "cases not a list": _set("cases", {}),
    "other format": _set("format", "boernesag.case/1x"),
    "caseworker without id": _set("caseworkers.0.id", _ABSENT),
    "negative capacity": _set("caseworkers.0.capacity", -1),
    "zero hours": _set("caseworkers.0.hours", 0),
    "81 hours": _set("caseworkers.0.hours", 81),
    "capacity a text": _set("caseworkers.0.capacity", "30"),
    "competences a text": _set("caseworkers.0.competences", "handicap"),
    "active null": _set("caseworkers.0.active", None),
    "name a number": _set("caseworkers.0.name", 7),
    "teams not a list": _set("teams", None),
    "team kind with a line break": _set("teams.0.kind", "handi\ncap"),
    "an invalid case": _set("cases.0.events.0.type", "ukendt"),
}


def test_the_caseload_example_is_valid(caseload_validator: Any) -> None:
    assert _errors(caseload_validator, _caseload()) == []
    assert _loader_accepts_caseload(_caseload())


@pytest.mark.parametrize("mutation", sorted(_INVALID_CASELOADS))
def test_invalid_caseloads_are_refused_by_schema_and_loader(
    mutation: str, caseload_validator: Any
) -> None:
    doc = _caseload()
    _INVALID_CASELOADS[mutation](doc)
    assert _errors(caseload_validator, doc), "the schema accepted it"
    assert not _loader_accepts_caseload(doc), "the loader accepted it"


@pytest.mark.parametrize(("etype", "fields"), list(REQUIRED_FIELDS.items()))
def test_required_fields_per_type(etype: EventType, fields: tuple[str, ...]) -> None:
    validator = _validator(case_schema())
    complete = dict.fromkeys(fields, "X-1")
    assert _errors(validator, _case_with_event(type=etype.value, **complete)) == []
    assert _loader_accepts_case(_case_with_event(type=etype.value, **complete))
    for field in fields:
        for value in (_ABSENT, None):
            doc = _case_with_event(type=etype.value, **{**complete, field: value})
            assert _errors(validator, doc), (etype, field, value)
            assert not _loader_accepts_case(doc), (etype, field, value)


# --------------------------------------------------------------------------- properties

_ID_CHARS = st.characters(codec="utf-8") | st.sampled_from(
    [" ", "\t", "\n", "\x85", "\xa0", "\u2028", "\u3000", "\x7f", "\x1f", "\ufeff", "\u200b"]
)


@given(st.text(_ID_CHARS, max_size=8) | st.text(_ID_CHARS, min_size=195, max_size=205))
@settings(max_examples=300)
def test_an_id_the_schema_accepts_is_one_the_loader_accepts_and_back(text: str) -> None:
    validator = _validator(case_schema())
    for doc in (
        {**_case_with_event(), "case_id": text},
        _case_with_event(ref=None, measure=text),
    ):
        assert (not _errors(validator, doc)) == _loader_accepts_case(doc), repr(text)


@given(st.text(_ID_CHARS, max_size=6))
def test_a_text_field_the_schema_accepts_is_one_the_loader_accepts_and_back(text: str) -> None:
    validator = _validator(case_schema())
    doc = _case_with_event(note=text)
    assert (not _errors(validator, doc)) == _loader_accepts_case(doc), repr(text)


@given(
    st.dates(date(1880, 1, 1), date(2120, 12, 31)).map(date.isoformat)
    | st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
    | st.text(st.sampled_from("0123456789-T: \n"), max_size=12)
)
def test_a_date_the_schema_accepts_is_one_the_loader_accepts_and_back(text: str) -> None:
    """With the format check (which says that the day exists) the two agree exactly."""
    validator = _validator(case_schema())
    doc = _case_with_event(date=text)
    doc["child"]["birth_date"] = "1900-01-01"  # no event is before the birth's window
    assert (not _errors(validator, doc)) == _loader_accepts_case(doc), repr(text)


_TIMESTAMP = case_schema()["$defs"]["timestamp"]["pattern"]


def _near_a_change(day: date) -> bool:
    """The last Sunday of March or October (and the days around it)."""
    if day.month not in (3, 10):
        return False
    last = max(
        date(day.year, day.month, d)
        for d in range(25, 32)
        if date(day.year, day.month, d).weekday() == 6
    )
    return abs((day - last).days) <= 1


@given(st.from_regex(_TIMESTAMP, fullmatch=True))
@settings(max_examples=300)
def test_a_timestamp_the_schema_accepts_is_one_the_loader_reads(text: str) -> None:
    """Except the documented limits: a day that does not exist, the Copenhagen date at the
    window's ends, a naive time at a daylight-saving change."""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        assume(False)
        return
    assume(date(1900, 1, 2) <= day <= date(2099, 12, 30))
    naive = not (text.endswith("Z") or re.search(r"[+-][0-9:]{2,5}$", text[11:]))
    assume(not (naive and _near_a_change(day)))
    doc = _case_with_event(date=_ABSENT, at=text)
    doc["child"]["birth_date"] = "1900-01-01"
    assert not _errors(_validator(case_schema()), doc)
    assert _loader_accepts_case(doc), text
    # and the loader's own spelling of it is accepted too
    written = caseio.case_to_mapping(case_from_mapping(doc, today=TODAY, warnings=[]))
    assert not _errors(_validator(case_schema()), written)


@given(st.from_regex(_paragraph_pattern(), fullmatch=True))
@settings(max_examples=300)
def test_a_paragraph_the_schema_accepts_is_one_the_parser_reads(text: str) -> None:
    paragraph = Paragraph.parse(text)
    assert paragraph.law in LAWS
    assert re.search(_paragraph_pattern(), str(paragraph))


@given(
    st.sampled_from(sorted(LAWS)),
    st.integers(1, 999),
    st.sampled_from(["", "a", "b"]),
    st.none() | st.integers(1, 99),
    st.none() | st.integers(1, 99),
)
def test_every_canonical_paragraph_matches(
    law: str, number: int, letter: str, stk: int | None, nr: int | None
) -> None:
    text = str(Paragraph(law=law, number=f"{number}{letter}", stk=stk, nr=nr))
    assert re.search(_paragraph_pattern(), text), text
    assert Paragraph.parse(text) == Paragraph(law=law, number=f"{number}{letter}", stk=stk, nr=nr)


def test_window_edges_of_timestamps_are_documented() -> None:
    """The pattern checks the written year; the loader the Copenhagen date (described)."""
    desc = case_schema()["$defs"]["timestamp"]["description"]
    assert "Copenhagen date" in desc
    assert "1900-01-01 to 2099-12-31" in desc
    doc = _case_with_event(date=_ABSENT, at="2099-12-31T23:30:00-05:00")
    assert not _loader_accepts_case(doc)  # 2100-01-01 in Copenhagen


def test_copy_is_independent() -> None:
    """The functions return fresh objects: a caller may change one."""
    a = case_schema()
    b = copy.deepcopy(a)
    a["$defs"]["id"]["maxLength"] = 1
    a["$defs"]["event"]["properties"]["note"]["anyOf"][0]["description"] = "changed"
    a["$defs"]["event"]["allOf"][0]["then"]["properties"]["measure"]["description"] = "x"
    assert case_schema() == b
