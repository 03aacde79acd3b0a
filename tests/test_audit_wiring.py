"""The audit's wiring as data (law/data/audit.toml, boernesag.audit.wiring).

The strict loader refuses a typo in every key it reads, naming the key; the checks without a
deadline are defined by their blocks, so what the rule data says reaches both engines: a
requirement rule switched off gives no findings, ``exempt_when_granted`` decides the full-grant
exemption, and a changed setting named by a block moves the threshold.
"""

from __future__ import annotations

import copy
import tomllib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

from boernesag.audit import AuditSettings, Severity, audit, audit_case
from boernesag.audit.checks import CHECKS, WiredCheck
from boernesag.audit.wiring import (
    CHECK_IDS,
    CurrentBasis,
    DecisionBasis,
    EventNeeds,
    ExpectedByAge,
    Gaps,
    IntervalSet,
    RecentEvent,
    Repeated,
    Requirements,
    Undecided,
    Waits,
    WithoutDecision,
    audit_wiring,
    load_wiring,
)
from boernesag.blocks.result import Fact, Status
from boernesag.caseio import case_from_mapping
from boernesag.errors import RuleError
from boernesag.law import RuleSet, default_rules
from boernesag.model import Case

AS_OF = date(2025, 6, 30)


def packaged() -> dict[str, Any]:
    text = (resources.files("boernesag.law") / "data" / "audit.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load(data: dict[str, Any]) -> Any:
    return load_wiring(data, "test.toml", frozenset(r.id for r in default_rules()))


def block_of(data: dict[str, Any], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = next(b for b in data["blocks"] if b["block"] == kind)
    return found


# --------------------------------------------------------------------------- the packaged file


def test_packaged_wiring_defines_the_checks_without_a_deadline() -> None:
    w = audit_wiring()
    kinds = {cid: [type(b) for b in w.blocks_of(cid)] for cid in w.block_checks}
    assert kinds == {
        "afgoerelser": [Requirements, Repeated, WithoutDecision],
        "ventetid": [Waits],
        "huller": [Gaps],
        "lukning": [EventNeeds],
        "overgang": [ExpectedByAge],
        "bfu": [DecisionBasis, CurrentBasis, WithoutDecision],
        "barnets-plan": [Undecided, CurrentBasis, WithoutDecision],
        "boernesamtale": [RecentEvent],
        "opfoelgning": [IntervalSet],
    }
    assert tuple(c.id for c in CHECKS) == CHECK_IDS
    wired = {c.id for c in CHECKS if isinstance(c.run, WiredCheck)}
    assert wired <= w.checks | w.block_checks
    # every check's judged deadlines are data, also those of the checks with more to say
    assert w.checks | w.block_checks == set(CHECK_IDS)
    bfu = w.judges_of("bfu")
    assert [(j.status, j.if_fact, j.unless_fact, j.late_is_met) for j in bfu] == [
        ((Status.MET, Status.MET_LATE), None, None, True),  # present, also when late
        ((Status.OVERDUE,), Fact.INTERIM_PRESENT, None, False),
        ((Status.OVERDUE,), None, Fact.INTERIM_PRESENT, False),
    ]
    on_time = w.judges_of("bfu-rettidig")
    assert [(j.status, j.if_fact, j.unless_fact) for j in on_time] == [
        ((Status.MET_LATE,), Fact.INTERIM_PRESENT, None),
        ((Status.MET, Status.MET_LATE), None, Fact.INTERIM_PRESENT),
    ]
    assert bfu[0].missed is None  # a present one has no finding
    assert bfu[0].late is None
    assert on_time[0].missed is None
    assert on_time[0].late is not None


def test_packaged_wiring_is_what_the_loader_reads() -> None:
    assert load(packaged()) == audit_wiring()


# --------------------------------------------------------------------------- strict loader


def _set(kind: str, key: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(packaged())
    block_of(data, kind)[key] = value
    return data


@pytest.mark.parametrize(
    ("kind", "key", "value", "words"),
    [
        ("gaps", "lookbak", 3, ["lookbak"]),
        ("gaps", "check", "hullerr", ["check", "huller"]),
        ("gaps", "longer_than", "gap_dayz", ["longer_than", "gap_days"]),
        ("gaps", "longer_than", "inactive_types", ["longer_than"]),
        ("gaps", "closed_by", "sag_lukke", ["closed_by", "sag_lukket"]),
        ("gaps", "gap", {"code": "gapp", "severity": "medium"}, ["gap", "gapp"]),
        ("gaps", "gap", {"code": "gap", "severity": "serious"}, ["gap", "serious"]),
        ("waits", "serious", "hihg", ["serious", "high"]),
        ("waits", "serious_younger_than", "small_age", ["serious_younger_than"]),
        ("event_needs", "fields", ["reasn"], ["fields", "reasn"]),
        ("event_needs", "or_preceded_by", ["afgorelse"], ["or_preceded_by", "afgoerelse"]),
        ("event_needs", "within", 30, ["within"]),
        ("requirements", "never_granted", ["forced"], ["never_granted", "forced"]),
        ("requirements", "tigger", ["afgoerelse"], ["tigger"]),
        ("repeated", "investigation", ["BL twenty"], ["investigation"]),
        ("repeated", "event", "afgørelse", ["event"]),
        ("without_decision", "decision", 1, ["decision"]),
        ("without_decision", "running", "yes", ["running"]),
        ("waits", "block", "wait", ["block", "waits"]),
        ("expected_by_age", "with_rule", "overgang-voksn", ["with_rule", "overgang-voksen"]),
        ("expected_by_age", "age", "sixteen", ["age", "transition"]),
        ("expected_by_age", "grace", "kum_grace", ["grace", "kum_grace_months"]),
        ("expected_by_age", "event", "kum", ["event"]),
        ("expected_by_age", "late_scor", 0.5, ["late_scor"]),
        ("decision_basis", "basis_class", "bfu", ["basis_class", "bfu_basis"]),
        ("decision_basis", "done", "bfu_afslutet", ["done", "bfu_afsluttet"]),
        ("decision_basis", "rule", "bfu-afsluttning", ["rule", "bfu-afslutning"]),
        ("decision_basis", "missing", {"code": "bfu.mising", "severity": "high"}, ["bfu.mising"]),
    ],
)
def test_a_typo_in_a_block_is_a_rule_error_naming_the_key(
    kind: str, key: str, value: Any, words: list[str]
) -> None:
    with pytest.raises(RuleError) as err:
        load(_set(kind, key, value))
    message = str(err.value)
    assert "test.toml" in message
    assert f"nøgle {key!r}" in message
    for w in words:
        assert w in message


def test_a_missing_key_of_a_block_is_named() -> None:
    data = copy.deepcopy(packaged())
    del block_of(data, "event_needs")["missing"]
    with pytest.raises(RuleError, match="nøgle 'missing': mangler"):
        load(data)


def test_a_key_of_another_block_kind_is_refused() -> None:
    with pytest.raises(RuleError, match="nøgle 'never_granted'"):
        load(_set("gaps", "never_granted", ["forced_placement"]))


def _judge(check: str, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(packaged())
    judge = next(j for j in data["judges"] if j["check"] == check)
    for key, value in changes.items():
        if value is None:
            judge.pop(key, None)
        else:
            judge[key] = value
    return data


@pytest.mark.parametrize(
    ("check", "changes", "words"),
    [
        ("bfu", {"status": ["overdu"]}, ["status", "overdue"]),
        ("bfu", {"status": ["open"]}, ["status", "met_late"]),
        ("bfu", {"status": []}, ["status"]),
        ("bfu", {"if_fact": "interim"}, ["if_fact", "interim_present"]),
        ("bfu", {"unles_fact": "interim_present"}, ["unles_fact"]),
        ("bfu-rettidig", {"late": None}, ["late"]),  # met_late judged: a late verdict is needed
        ("bfu", {"args": {"interim": {"quot": "interim.present"}}}, ["args", "quote"]),
        ("bfu", {"args": {"interim": {"text": "interim.gone"}}}, ["args", "interim.gone"]),
        ("bfu", {"args": "interim"}, ["args"]),
        ("bfu", {"late_is_met": "yes"}, ["late_is_met"]),
        ("barnets-plan", {"measure": "curent"}, ["measure", "current", "ended"]),
        ("overgang", {"args": {"sixteen": {"birthday": "sixteen"}}}, ["args", "transition"]),
        ("boernesamtale", {"args": {"when": "du"}}, ["args", "due"]),
    ],
)
def test_the_judge_keys_are_read_strictly(
    check: str, changes: dict[str, Any], words: list[str]
) -> None:
    with pytest.raises(RuleError) as info:
        load(_judge(check, **changes))
    for word in words:
        assert word in str(info.value)


def test_the_bfu_basis_block_reads_its_class_in_both_engines() -> None:
    """Block ``decision_basis``: with the class ``placement`` instead of ``bfu_basis`` only
    placement decisions are asked for a BFU, in both engines alike."""
    from boernesag.audit import checks as scalar_checks
    from boernesag.columnar import EventTable
    from boernesag.columnar import audit as columnar_audit
    from boernesag.columnar.audit import audit_table, record_of_finding
    from boernesag.demo import demo_caseload

    cases = list(demo_caseload(150, seed=7, lapse_rate=0.6).cases)

    def both() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
        want: Counter[tuple[Any, ...]] = Counter()
        for c in cases:
            for f in audit_case(c, AS_OF).findings:
                if f.check_id == "bfu":
                    want[record_of_finding(f)] += 1
        table = audit_table(EventTable.from_cases(cases), AS_OF)
        return want, Counter(tuple(r) for r in table.records() if r[1] == "bfu")

    before, got = both()
    assert got == before
    data = copy.deepcopy(packaged())
    block_of(data, "decision_basis")["basis_class"] = "placement"
    wiring = load(data)
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(scalar_checks, "audit_wiring", lambda: wiring)
        mp.setattr(columnar_audit, "audit_wiring", lambda: wiring)
        after, got = both()
    finally:
        mp.undo()
    assert got == after
    codes = ("bfu.missing", "bfu.unfinished")
    n_before = sum(v for r, v in before.items() if r[2] in codes)
    n_after = sum(v for r, v in after.items() if r[2] in codes)
    assert n_before > 0
    assert n_after < n_before


def test_a_judge_of_one_status_needs_only_its_verdict() -> None:
    w = load(_judge("bfu", missed=None))  # the first bfu judge judges met_late only
    assert w.judges_of("bfu")[0].missed is None


def test_a_changed_judge_reaches_both_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    """The verdict of an overdue BFU without an interim assessment is the data's: made
    critical in the wiring, both engines report it so, and they still agree."""
    from boernesag.audit import checks as scalar_checks
    from boernesag.columnar import EventTable
    from boernesag.columnar import audit as columnar_audit
    from boernesag.columnar.audit import audit_table, record_of_finding
    from boernesag.demo import demo_caseload

    data = copy.deepcopy(packaged())
    (without,) = (
        j
        for j in data["judges"]
        if j["check"] == "bfu" and j.get("unless_fact") == "interim_present"
    )
    without["missed"] = {"code": "bfu.overdue", "severity": "critical"}
    wiring = load(data)
    monkeypatch.setattr(scalar_checks, "audit_wiring", lambda: wiring)
    monkeypatch.setattr(columnar_audit, "audit_wiring", lambda: wiring)
    cases = list(demo_caseload(150, seed=7, lapse_rate=0.6).cases)
    want: Counter[tuple[Any, ...]] = Counter()
    for c in cases:
        for f in audit_case(c, AS_OF).findings:
            want[record_of_finding(f)] += 1
    got = Counter(tuple(r) for r in audit_table(EventTable.from_cases(cases), AS_OF).records())
    assert got == want
    overdue = Counter(r[3] for r in got.elements() if r[2] == "bfu.overdue")
    assert overdue["critical"] > 0
    assert overdue["high"] == 0


def test_a_judge_for_an_unknown_check_is_refused() -> None:
    data = copy.deepcopy(packaged())
    data["judges"][0]["check"] = "underretning"
    with pytest.raises(RuleError, match=r"nøgle 'check'.*underretninger"):
        load(data)


# --------------------------------------------------------------------------- rule data reaches both engines


def make_case(events: list[dict[str, Any]]) -> Case:
    return case_from_mapping(
        {
            "case_id": "K-W",
            "child": {"id": "B-W", "birth_date": "2015-05-03"},
            "events": events,
        }
    )


def decision(event_id: str, day: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "afgoerelse",
        "date": day,
        "paragraph": "BL 32",
        "measure": "M1",
        "outcome": "bevilget",
        "partshoering": True,
        "begrundelse": True,
        "klagevejledning": True,
        **fields,
    }


CASES = [
    make_case(
        [
            {"id": "W", "type": "sagsbehandler_tildelt", "date": "2024-03-01", "caseworker": "A"},
            decision("D1", "2024-03-10", outcome="afslag", begrundelse=False, klagevejledning=None),
            decision("D2", "2024-04-10", begrundelse=False, partshoering=None),
            decision("D3", "2024-05-10", paragraph="BL 47", begrundelse=None),
        ]
    )
]


def rows(cases: Sequence[Case], rules: RuleSet) -> list[tuple[str, str, str | None]]:
    return sorted(
        (f.code, f.severity.value, f.rule_id)
        for c in cases
        for f in audit(c, AS_OF, rules=rules)
        if f.check_id == "afgoerelser"
    )


def test_disabling_a_requirement_rule_removes_its_findings() -> None:
    rules = default_rules()
    # D1 refused: begrundelse missing, klagevejledning undocumented; D2 fully granted: only the
    # partshøring is asked for (FVL §§ 22, 25); D3 a placement without consent: begrundelse.
    assert rows(CASES, rules) == [
        ("decision.missing", "high", "begrundelse"),
        ("decision.undocumented", "low", "begrundelse"),
        ("decision.undocumented", "low", "klagevejledning"),
        ("decision.undocumented", "low", "partshoering"),
    ]
    assert rows(CASES, rules.disable("begrundelse")) == [
        ("decision.undocumented", "low", "klagevejledning"),
        ("decision.undocumented", "low", "partshoering"),
    ]
    off = rules.disable("partshoering", "begrundelse", "klagevejledning")
    assert rows(CASES, off) == []


def test_exempt_when_granted_is_rule_data() -> None:
    rules = default_rules()
    strict = attrs.evolve(rules["begrundelse"], params={"field": "begrundelse"})
    found = rows(CASES, rules.with_rules([strict]))
    # Without the exemption D2's missing begrundelse is a finding too.
    assert found.count(("decision.missing", "high", "begrundelse")) == 2


def test_a_setting_named_by_a_block_is_the_threshold() -> None:
    case = make_case(
        [
            {"id": "W", "type": "sagsbehandler_tildelt", "date": "2024-01-01", "caseworker": "A"},
            decision("D", "2024-01-10"),
            {"id": "S", "type": "foranstaltning_start", "date": "2024-03-01", "measure": "M1"},
        ]
    )
    waits = [f for f in audit(case, AS_OF) if f.check_id == "ventetid"]
    assert [(f.code, f.severity, f.arg("days")) for f in waits] == [
        ("wait.long", Severity.MEDIUM, 51)
    ]
    relaxed = AuditSettings(max_wait_days=60)
    assert [f for f in audit(case, AS_OF, settings=relaxed) if f.check_id == "ventetid"] == []


FVL_FILE = (resources.files("boernesag.law") / "data" / "forvaltningsloven.toml").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('field = "begrundelse"', 'field = "begrundelsen"', ["params.field", "begrundelse"]),
        ("exempt_when_granted = true", 'exempt_when_granted = "true"', ["exempt_when_granted"]),
        ("exempt_when_granted = true", "exempt_when_grantd = true", ["exempt_when_grantd"]),
    ],
)
def test_requirement_params_are_read_strictly(
    tmp_path: Path, old: str, new: str, words: list[str]
) -> None:
    path = tmp_path / "fvl.toml"
    path.write_text(FVL_FILE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        default_rules().with_file(path)
    for w in words:
        assert w in str(err.value)


MUNICIPAL = """
schema = "boernesag.rules/1"
name = "Kommunens krav"
version = "1"

[[rules]]
id = "fagperson-angivet"
kind = "requirement"
title = { da = "Fagperson angivet ved underretning", en = "Professional recorded" }
obligor = "kommune"
source = "kommune"
enabled = true
trigger = ["underretning"]
params = { field = "professional" }
[[rules.versions]]
law = "BL"
citation = "Kommunens egen praksis"
period = "0 days"
valid_from = 2024-01-01
"""


def test_a_municipal_requirement_rule_works_in_the_audit(tmp_path: Path) -> None:
    path = tmp_path / "kommune.toml"
    path.write_text(MUNICIPAL, encoding="utf-8")
    rules = default_rules().with_file(path)
    case = make_case(
        [
            {"id": "U1", "type": "underretning", "at": "2023-06-01T09:00:00+02:00"},
            {"id": "U2", "type": "underretning", "at": "2024-06-01T09:00:00+02:00"},
            {
                "id": "U3",
                "type": "underretning",
                "at": "2024-07-01T09:00:00+02:00",
                "professional": True,
            },
        ]
    )
    found = [f for f in audit(case, AS_OF, rules=rules) if f.rule_id == "fagperson-angivet"]
    # U1 lies before the rule's first version: not asked. U3 records it.
    assert [(f.code, f.events, f.citation, f.check_id) for f in found] == [
        ("decision.undocumented", ("U2",), "Kommunens egen praksis", "afgoerelser")
    ]
    assert "Fagperson angivet ved underretning" in found[0].explain()


np = pytest.importorskip("numpy")


@pytest.mark.parametrize(
    "disabled", [(), ("begrundelse",), ("partshoering", "klagevejledning")], ids=str
)
def test_both_engines_follow_the_rule_data(disabled: tuple[str, ...], tmp_path: Path) -> None:
    from boernesag.columnar import EventTable
    from boernesag.columnar.audit import audit_table, record_of_finding
    from boernesag.demo import demo_caseload

    cases = list(demo_caseload(60, seed=7, lapse_rate=0.6).cases) + CASES
    rules = default_rules().disable(*disabled) if disabled else default_rules()
    if not disabled:  # and a municipal requirement on another event type
        path = tmp_path / "kommune.toml"
        path.write_text(MUNICIPAL, encoding="utf-8")
        rules = rules.with_file(path)
    table = EventTable.from_cases(cases)
    result = audit_table(table, AS_OF, rules=rules)
    want: Counter[tuple[Any, ...]] = Counter()
    for c in cases:
        a = audit_case(c, AS_OF, rules=rules)
        for r in a.results:
            assert result.status_of(str(c.case_id), r.check_id) is r.status
            for f in r.findings:
                want[record_of_finding(f)] += 1
    got = Counter(tuple(r) for r in result.records())
    assert got == want
    assert "afgoerelser" not in result.fallback
    by_rule = Counter(r[6] for r in got if r[1] == "afgoerelser")
    for rule_id in ("partshoering", "begrundelse", "klagevejledning"):
        assert (by_rule[rule_id] == 0) == (rule_id in disabled)


@pytest.mark.parametrize("grace", [0, 3, 6])
def test_the_kum_expectation_block_follows_its_setting_in_both_engines(grace: int) -> None:
    """Block ``expected_by_age`` (overgang): the grace setting it names moves the expected
    day; both engines agree."""
    from boernesag.columnar import EventTable
    from boernesag.columnar.audit import audit_table, record_of_finding
    from boernesag.demo import demo_caseload

    settings = AuditSettings(kum_grace_months=grace)
    cases = list(demo_caseload(300, seed=7, lapse_rate=0.5).cases)
    want: Counter[tuple[Any, ...]] = Counter()
    for c in cases:
        for f in audit_case(c, AS_OF, settings=settings).findings:
            if f.check_id == "overgang":
                want[record_of_finding(f)] += 1
    result = audit_table(EventTable.from_cases(cases), AS_OF, settings=settings)
    got = Counter(tuple(r) for r in result.records() if r[1] == "overgang")
    assert got == want
    kum = [r for r in got if r[2].startswith("transition.kum")]
    assert kum  # not vacuous
    assert all(r[6] == "overgang-voksen" for r in kum)
