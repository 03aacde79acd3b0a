"""The audit reproduces BDO's table (Randers 2016) on a caseload built to BDO's counts.

``tests/bdo_caseload.py`` builds 100 cases from the law and BDO's definitions, each with its
truth per theme; their truths add up to BDO's table (BDO, gennemgang af 100 komplekse sager på
det specialiserede børne- og ungeområde i Randers Kommune, 2016). These tests run the library's
caseload audit (scalar :func:`~boernesag.audit.audit_caseload` and the columnar audit the CLI
uses, which must agree) and compare its table, theme by theme and case by case.

BDO has two columns per theme, present (or "rettidig") and missing; the library three, met,
partly met and not met. A theme's element is *present* when the check is met; partly met and
not met are both *missing* (anything short of the element is a finding).

Where the library reads a case differently from BDO the theme's tests are marked
``xfail(strict=True)`` with what it reads differently, so they fail loudly once fixed. The
expected counts are BDO's and are never adjusted to the library.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import bdo_caseload as bdo
from boernesag import load_caseload
from boernesag.audit import AuditSettings, audit_caseload
from boernesag.audit.findings import CheckStatus
from boernesag.audit.report import CaseloadReport, CheckSummary
from boernesag.cli import main
from boernesag.law import default_rules
from boernesag.model import Caseload

THEMES = tuple(bdo.BDO_TABLE)
_STATUS = {
    CheckStatus.MET: bdo.PRESENT,
    CheckStatus.PARTLY: bdo.MISSING,
    CheckStatus.NOT_MET: bdo.MISSING,
    CheckStatus.NOT_RELEVANT: bdo.NOT_RELEVANT,
}

# What today's library reads differently from BDO, per theme (case kinds of bdo_caseload).
_DIFFERS: dict[str, str] = {}


def _xfail(theme: str) -> Any:
    if theme in _DIFFERS:
        return pytest.param(theme, marks=pytest.mark.xfail(strict=True, reason=_DIFFERS[theme]))
    return theme


PARAMS = [_xfail(t) for t in THEMES]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return bdo.caseload()


@pytest.fixture(scope="module")
def caseload(data: dict[str, Any]) -> Caseload:
    return load_caseload(data)


@pytest.fixture(scope="module")
def report(caseload: Caseload) -> CaseloadReport:
    return audit_caseload(caseload, bdo.AUDIT_DAY, strict=True)


def _row(s: CheckSummary) -> tuple[int, int, int]:
    """BDO's (relevant, present, missing) from a row of the library's table."""
    return (s.relevant, s.met, s.partly + s.not_met)


def _statuses(report: CaseloadReport, theme: str) -> dict[str, str]:
    out = {}
    for a in report.cases:
        (result,) = (r for r in a.results if r.check_id == theme)
        out[a.case_id] = _STATUS[result.status]
    return out


# --------------------------------------------------------------------------- the caseload


def test_the_truths_add_up_to_bdos_table() -> None:
    assert bdo.truth_counts() == bdo.BDO_TABLE
    assert bdo.BDO_TABLE["bfu"] == (75, 35, 40)
    assert bdo.BDO_TABLE["boernesamtale"] == (77, 47, 30)
    assert bdo.BDO_TABLE["barnets-plan"] == (70, 46, 24)
    assert bdo.BDO_TABLE["opfoelgning"] == (72, 50, 22)


def test_the_caseload_is_100_valid_cases_without_cpr(
    data: dict[str, Any], caseload: Caseload
) -> None:
    assert len(caseload.cases) == 100
    assert not caseload.rejected
    assert not caseload.warnings  # no SEL paragraph on a 2024 event, nothing implausible
    assert all("cpr" not in c["child"] for c in data["cases"])
    assert len({c.case_id for c in caseload.cases}) == 100
    # Both laws and several caseworkers (realism, not the counts).
    days = [e.day for c in caseload.cases for e in c.events if e.type.value == "afgoerelse"]
    assert min(days).year < 2024 <= max(days).year
    workers = {e.caseworker for c in caseload.cases for e in c.events if e.caseworker}
    assert len(workers) >= 5


def test_the_generator_is_deterministic(data: dict[str, Any]) -> None:
    assert bdo.caseload() == data


# --------------------------------------------------------------------------- engines


def test_the_columnar_audit_gives_the_scalar_table(
    caseload: Caseload, report: CaseloadReport
) -> None:
    pytest.importorskip("numpy")
    from boernesag.cli.audit_columnar import columnar_report

    columnar = columnar_report(
        caseload, bdo.AUDIT_DAY, settings=AuditSettings(), rules=default_rules()
    )
    assert [c.to_dict() for c in columnar.checks] == [c.to_dict() for c in report.checks]
    for theme in THEMES:
        assert _statuses(columnar, theme) == _statuses(report, theme)


def test_the_cli_table_is_the_same_with_either_engine(
    data: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], report: CaseloadReport
) -> None:
    pytest.importorskip("numpy")
    path = tmp_path / "bdo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    outs = []
    for engine in ("scalar", "columnar"):
        args = ["audit", str(path), "--as-of", bdo.AUDIT_DAY.isoformat(), "--format", "json"]
        assert main([*args, "--engine", engine]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]
    checks = {c["check_id"]: c for c in json.loads(outs[0])["checks"]}
    for theme in THEMES:
        s = report.check(theme)
        assert (checks[theme]["relevant"], checks[theme]["met"]) == (s.relevant, s.met)


# --------------------------------------------------------------------------- BDO's table


@pytest.mark.parametrize("theme", PARAMS)
def test_the_row_is_bdos(report: CaseloadReport, theme: str) -> None:
    """relevant, present (on time), missing: BDO's counts."""
    assert _row(report.check(theme)) == bdo.BDO_TABLE[theme]


@pytest.mark.parametrize("theme", PARAMS)
def test_each_case_is_read_as_designed(report: CaseloadReport, theme: str) -> None:
    """Not only the totals: every case's status is its designed truth (differences listed
    by case kind, the first ten case ids each)."""
    got = _statuses(report, theme)
    wrong: Counter[tuple[str, str, str]] = Counter()
    for case_id, status in got.items():
        truth = bdo.TRUTH[case_id][theme]
        if status != truth:
            wrong[(bdo.KIND[case_id], truth, status)] += 1
    assert not wrong, "\n".join(f"{n} x {k}: BDO {t}, library {s}" for (k, t, s), n in
                                sorted(wrong.items()))  # fmt: skip
