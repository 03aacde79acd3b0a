"""Rule files and policy files are read strictly (issue "Nothing lost, nothing leaked", item 6).

Every mistake in a municipality's TOML file - a boolean written as text, a typo in a key, a
period of a billion months, broken TOML, an unknown event type - gives a
:class:`~boernesag.errors.RuleError` (rules) or :class:`PolicyError` (policies) naming the file,
the rule and the key, never a traceback or a silently different rule. A Hypothesis test
mutates the packaged files and asserts exactly that.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boernesag.allocation import PolicyError, allocate, load_policy, suggest_allocation
from boernesag.deadlines import deadlines
from boernesag.demo import DEMO_AS_OF, demo_caseload
from boernesag.errors import BoernesagError, RuleError
from boernesag.law import default_amounts, default_rules

DATA = Path(__file__).resolve().parents[1] / "src" / "boernesag" / "law" / "data"
POLICY = Path(__file__).resolve().parents[1] / "examples" / "policy.toml"
KOMMUNE = (DATA / "kommune.toml").read_text(encoding="utf-8")
_CASELOAD = demo_caseload(40)
_CASES = demo_caseload(12, seed=3).cases


def _rule_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "kommune.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        default_rules().with_file(path)
    return str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a boolean written as text is refused, not read as true
        (
            "enabled = false",
            'enabled = "false"',
            ["'enabled'", "true eller false", "'false' (tekst)"],
        ),
        # a typo in a key is refused, not left at its default
        ('link = "ref"', 'lookbak = "ref"', ["'lookbak'", "ukendt nøgle"]),
        (
            'trigger = ["henvendelse"]',
            'tigger_unless = ["henvendelse"]',
            ["'tigger_unless'", "mente du 'trigger_unless'"],
        ),
        ('period = "7 days"', 'period = "7 days"\nextnd = true', ["'extnd'", "mente du 'extend'"]),
        # a period that would overflow the date arithmetic later
        ('period = "7 days"', 'period = "999 months"', ["'period'", "'999 months'", "1 til 120"]),
        ('period = "7 days"', "period = 7", ["'period'", "7 (heltal)"]),
        # an event type the case format does not know
        (
            'trigger = ["henvendelse"]',
            'trigger = ["henvendelsx"]',
            ["'trigger'", "'henvendelsx'", "mente du 'henvendelse'"],
        ),
        # dates: valid ISO days only, and a window that runs forwards
        (
            'period = "7 days"',
            'period = "7 days"\nvalid_from = "2023-02-29"',
            ["'valid_from'", "'2023-02-29'"],
        ),
        (
            'period = "7 days"',
            'period = "7 days"\nvalid_from = "20240101"',
            ["'valid_from'", "'20240101' (tekst)"],
        ),
        (
            'period = "7 days"',
            'period = "7 days"\nvalid_from = 2024-01-01T08:00:00',
            ["'valid_from'", "tidspunkt"],
        ),
        (
            'period = "7 days"',
            'period = "7 days"\nvalid_from = 2025-01-01\nvalid_to = 2024-12-31',
            ["'valid_to'", "2024-12-31", "2025-01-01"],
        ),
        # a key only another kind reads
        (
            'link = "ref"',
            'link = "ref"\nparams = { lookback = "6 months" }',
            ["'params.lookback'", "kind 'period'"],
        ),
        ('link = "ref"', 'link = "sometimes"', ["'link'", "'sometimes' (tekst)"]),
        ('\nsource = "kommune"', '\nsource = "lokal"', ["'source'", "'lokal' (tekst)"]),
    ],
)
def test_rule_file_mistakes_name_file_rule_key_and_value(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in KOMMUNE
    message = _rule_error(tmp_path, KOMMUNE.replace(old, new, 1))
    assert message.startswith("regelfil ")
    assert "kommune.toml" in message
    assert "regel svar-henvendelse" in message
    for part in expected:
        assert part in message
    for raw in ("Traceback", "invalid literal", "object has no attribute", "NoneType"):
        assert raw not in message


@pytest.mark.parametrize(
    ("old", "new", "rule_id", "expected"),
    [
        (
            "age_years = 16, disability_only",
            "age_yeras = 16, disability_only",
            "kum-16",
            ["'params.age_yeras'", "ukendt nøgle"],
        ),
        (
            "age_years = 16, disability_only",
            "age_years = 160, disability_only",
            "kum-16",
            ["'params.age_years'", "160 (heltal)"],
        ),
        (
            "disability_only = true",
            'disability_only = "yes"',
            "kum-16",
            ["'params.disability_only'", "'yes' (tekst)"],
        ),
        ('period = "3 months"', 'period = "3 hours"', "ledelsestilsyn", ["'period'", "timer"]),
        (
            'unlisted = "default"',
            'unlisted = "maybe"',
            "sagsbehandlingsfrist",
            ["'unlisted'", "'maybe' (tekst)"],
        ),
        (
            '"SEL 11" = "20 working_days"',
            '"SEL 11" = "2000 working_days"',
            "sagsbehandlingsfrist",
            ["'periods'", "2000 working_days", "1 til 365"],
        ),
        (
            'notice = "fristbrev"',
            'notice = "fristbreve"',
            "sagsbehandlingsfrist",
            ["'params.notice'", "'fristbreve'"],
        ),
    ],
)
def test_mistakes_in_other_rule_kinds(
    tmp_path: Path, old: str, new: str, rule_id: str, expected: list[str]
) -> None:
    assert old in KOMMUNE
    message = _rule_error(tmp_path, KOMMUNE.replace(old, new, 1))
    assert "kommune.toml" in message
    assert f"regel {rule_id}" in message
    for part in expected:
        assert part in message


def test_a_rule_id_used_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    data = tomllib.loads(KOMMUNE)
    data["rules"].append(data["rules"][0])
    message = _rule_error(tmp_path, _dump_toml(data))
    assert "regel svar-henvendelse" in message
    assert "to [[rules]]" in message


def test_unknown_top_level_key_and_missing_rules(tmp_path: Path) -> None:
    message = _rule_error(tmp_path, 'schema = "boernesag.rules/1"\nrulez = []\n')
    assert "'rules'" in message
    assert "mangler" in message
    message = _rule_error(tmp_path, KOMMUNE.replace("schema =", "skema = 1\nschema =", 1))
    assert "'skema'" in message
    assert "mente du 'schema'" in message


def test_missing_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="findes ikke"):
        default_rules().with_file(tmp_path / "ingen.toml")
    with pytest.raises(RuleError, match="kan ikke læses"):
        default_rules().with_file(tmp_path)
    latin = tmp_path / "latin1.toml"
    latin.write_bytes(
        KOMMUNE.encode("utf-8").replace("Svar på".encode(), "Svar p\xe5".encode("latin-1"))
    )
    with pytest.raises(RuleError, match=r"latin1.toml: linje \d+ er ikke UTF-8"):
        default_rules().with_file(latin)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + KOMMUNE.encode("utf-8"))
    assert "svar-henvendelse" in default_rules().with_file(path)


def test_invalid_toml_names_line_and_column(tmp_path: Path) -> None:
    message = _rule_error(tmp_path, KOMMUNE.replace("enabled = false", "enabled = ", 1))
    line = KOMMUNE.splitlines().index("enabled = false") + 1
    assert f"linje {line}" in message
    assert "kolonne" in message


def test_overlapping_versions_are_refused(tmp_path: Path) -> None:
    data = tomllib.loads(KOMMUNE)
    rule = data["rules"][0]
    version = dict(rule["versions"][0])
    rule["versions"] = [
        {**version, "citation": "mål 2020", "valid_from": "2020-01-01", "valid_to": "2024-12-31"},
        {**version, "citation": "mål 2024", "valid_from": "2024-01-01"},
    ]
    message = _rule_error(tmp_path, _dump_toml(data))
    assert "regel svar-henvendelse" in message
    assert "'mål 2020' (2020-01-01 til 2024-12-31)" in message
    assert "'mål 2024' (2024-01-01 til 9999-12-31)" in message
    assert "gælder samtidig" in message
    # adjacent windows are fine
    rule["versions"][1]["valid_from"] = "2025-01-01"
    path = tmp_path / "adjacent.toml"
    path.write_text(_dump_toml(data), encoding="utf-8")
    versions = default_rules().with_file(path)["svar-henvendelse"].versions
    assert [v.citation for v in versions] == ["mål 2020", "mål 2024"]


def test_packaged_files_load_and_a_valid_user_file_still_works(tmp_path: Path) -> None:
    path = tmp_path / "kommune.toml"
    path.write_text(KOMMUNE.replace("enabled = false", "enabled = true", 1), encoding="utf-8")
    rules = default_rules().with_file(path)
    assert rules["svar-henvendelse"].enabled
    assert "svar-henvendelse" in {r.id for r in rules.active}


def _policy_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return str(info.value)


def test_policy_file_hard_must_be_a_boolean(tmp_path: Path) -> None:
    text = POLICY.read_text(encoding="utf-8")
    assert "\nhard = true" in text
    message = _policy_error(tmp_path, text.replace("\nhard = true", '\nhard = "false"', 1))
    assert "policy.toml" in message
    assert "'hard'" in message
    assert "'false'" in message


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("max_load = 1.0", "max_load = -1.0", "max_load"),
        ("max_load = 1.0", 'max_load = "1.0"', "max_load"),
        ("weight = 4.0", "weight = nan", "weight"),
        ('order = "weighted"', 'order = "random"', "order"),
        ("unge_age = 17", "unge_agee = 17", "unge_agee"),
    ],
)
def test_policy_file_values_are_typed_and_ranged(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    text = POLICY.read_text(encoding="utf-8")
    assert old in text
    message = _policy_error(tmp_path, text.replace(old, new, 1))
    assert "policy.toml" in message
    assert key in message


# --------------------------------------------------------------------------- mutation


def _dump_toml(data: Any) -> str:
    """A minimal TOML writer for the mutated files (tables, arrays of tables, inline values)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            if isinstance(v, float) and math.isnan(v):
                return "nan"
            if isinstance(v, float) and math.isinf(v):
                return "inf" if v > 0 else "-inf"
            return repr(v)
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{_key(k)} = {value(x)}" for k, x in v.items()) + "}"
        return '"' + str(v) + '"'  # dates as text: a type mutation in itself

    lines: list[str] = []
    for k, v in data.items():
        if not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
            lines.append(f"{_key(k)} = {value(v)}")
    for k, v in data.items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            for item in v:
                lines.append(f"[[{_key(k)}]]")
                lines.extend(f"{_key(ik)} = {value(iv)}" for ik, iv in item.items())
    return "\n".join(lines) + "\n"


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else f'"{k}"'


def _error_text(call: Callable[[], object], error: type[Exception]) -> str | None:
    """Run ``call``: ``None`` if it succeeds, the message if it raises ``error``; any other
    exception fails the test."""
    try:
        call()
    except error as exc:
        return str(exc)
    return None


_REPLACEMENTS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
    st.just({}),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _mutate(data: Any, path: tuple[Any, ...], action: str, replacement: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    else:
        parent[last] = replacement


def _mutations(text: str) -> st.SearchStrategy[tuple[tuple[Any, ...], str, Any]]:
    paths = _paths(tomllib.loads(text))
    return st.tuples(
        st.sampled_from(paths), st.sampled_from(["delete", "rename", "replace"]), _REPLACEMENTS
    )


RULE_FILES = sorted(p.name for p in DATA.glob("*.toml") if p.name not in {"satser.toml"})


@pytest.mark.parametrize("name", RULE_FILES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_rule_files_give_rule_errors_only(
    name: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    if "[[rules]]" not in text:
        return  # not a rule file (the paragraph vocabulary, amounts)
    path, action, replacement = data.draw(_mutations(text))
    mutated = tomllib.loads(text)
    _mutate(mutated, path, action, replacement)
    target = tmp_path_factory.mktemp("rules") / name
    target.write_text(_dump_toml(mutated), encoding="utf-8")
    message = _error_text(lambda: default_rules().with_file(target), RuleError)
    if message is not None:
        assert name in message
        return
    # A file that loads can be applied: every rule on, a few demo cases, library errors only.
    rules = default_rules().with_file(target)
    rules = rules.enable(*[r.id for r in rules if not r.enabled])
    for case in _CASES:
        _error_text(lambda case=case: deadlines(case, DEMO_AS_OF, rules=rules), BoernesagError)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_amount_files_give_rule_errors_only(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = (DATA / "satser.toml").read_text(encoding="utf-8")
    path, action, replacement = data.draw(_mutations(text))
    mutated = tomllib.loads(text)
    _mutate(mutated, path, action, replacement)
    target = tmp_path_factory.mktemp("amounts") / "satser.toml"
    target.write_text(_dump_toml(mutated), encoding="utf-8")
    message = _error_text(lambda: default_amounts().with_file(target), RuleError)
    if message is not None:
        assert "satser.toml" in message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_policy_files_give_policy_errors_only(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    text = POLICY.read_text(encoding="utf-8")
    path, action, replacement = data.draw(_mutations(text))
    mutated = tomllib.loads(text)
    _mutate(mutated, path, action, replacement)
    target = tmp_path_factory.mktemp("policy") / "policy.toml"
    target.write_text(_dump_toml(mutated), encoding="utf-8")
    message = _error_text(lambda: load_policy(target), PolicyError)
    if message is not None:
        assert "policy.toml" in message
        return
    # A policy that loads can be used: library errors only, and every case accounted for.
    policy = load_policy(target)
    cases = _CASELOAD.cases[:12]
    for solver in ("greedy", "optimal"):
        result = allocate(cases, _CASELOAD, policy, as_of=DEMO_AS_OF, solver=solver)
        assert len(result.assignments) + len(result.unassigned) == len(cases)
    _error_text(
        lambda: suggest_allocation(cases[0], _CASELOAD, policy, as_of=DEMO_AS_OF), BoernesagError
    )


# --------------------------------------------------------------------------- caseworkers

_BAD_FIELDS = st.sampled_from(
    [
        ("capacity", -1.0),
        ("capacity", math.nan),
        ("capacity", math.inf),
        ("capacity", 10**30),
        ("hours", 0.0),
        ("hours", math.nan),
        ("experience", -3.0),
        ("competences", frozenset({3})),  # type: ignore[arg-type]
        ("competences", frozenset({""})),
        ("id", ""),
        ("team", 7),
        ("active", "false"),
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0), bad=_BAD_FIELDS)
def test_hand_built_caseworkers_give_library_errors(index: int, bad: tuple[str, Any]) -> None:
    staff = list(_CASELOAD.caseworkers)
    i = index % len(staff)
    field, value = bad
    staff[i] = attrs.evolve(staff[i], **{field: value})
    caseload = attrs.evolve(_CASELOAD, caseworkers=tuple(staff))
    with pytest.raises(BoernesagError) as info:
        suggest_allocation(caseload.cases[0], caseload, as_of=DEMO_AS_OF)
    assert field in str(info.value)
    with pytest.raises(BoernesagError):
        allocate(caseload.cases[:5], caseload, as_of=DEMO_AS_OF, solver="greedy")


def test_extreme_but_valid_staff_give_a_result() -> None:
    staff = tuple(attrs.evolve(cw, capacity=0.0) for cw in _CASELOAD.caseworkers)
    caseload = attrs.evolve(_CASELOAD, caseworkers=staff)
    result = allocate(caseload.cases[:10], caseload, as_of=DEMO_AS_OF, solver="greedy")
    assert len(result.assignments) + len(result.unassigned) == 10
    nobody = attrs.evolve(_CASELOAD, caseworkers=())
    result = allocate(nobody.cases[:10], nobody, as_of=DEMO_AS_OF, solver="greedy")
    assert not result.assignments
    assert len(result.unassigned) == 10
