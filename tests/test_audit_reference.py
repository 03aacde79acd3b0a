"""The audit finds exactly what it found before it was made faster.

``tests/data/audit_reference.json`` was generated with the audit code as it stood before the
speed-up (issue #8), on two synthetic 300-case demo caseloads (seed 7 with lapse rate 0.3,
seed 2024 with lapse rate 0.6; audit day 2025-06-30). For every case it holds each check's
status, and for every finding its case, check, code, severity, day, due day, whether it is
unresolved, the caseworker, the events it rests on and the Danish explanation; for the
caseload the per-check table, the caseworker changes with their gaps, the worst cases and the
severity counts. The test recomputes all of it and compares exactly.

The data are the demo's synthetic cases; the fixture holds no CPR number (findings never
carry one). If the deadline engine or the demo generator deliberately changes what it
produces, regenerate with ``python tests/test_audit_reference.py --regenerate`` and review
the difference before committing it.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boernesag.audit import audit_caseload
from boernesag.demo import demo_caseload

FIXTURE = Path(__file__).parent / "data" / "audit_reference.json"
AS_OF = date(2025, 6, 30)
N_CASES = 300
CONFIGS = ((7, 0.3), (2024, 0.6))
_STATUS_LETTER = {"met": "M", "partly": "P", "not_met": "N", "not_relevant": "R"}


def snapshot(seed: int, lapse_rate: float, **options: Any) -> dict[str, Any]:
    """Everything the audit of one demo caseload finds, as JSON-ready data."""
    caseload = demo_caseload(N_CASES, seed=seed, lapse_rate=lapse_rate)
    report = audit_caseload(caseload, AS_OF, **options)
    findings = [
        [
            f.case_id,
            f.check_id,
            f.code,
            f.severity.value,
            f.day.isoformat() if f.day else None,
            f.due.isoformat() if f.due else None,
            f.ongoing,
            f.caseworker,
            list(f.events),
            f.explain("da"),
        ]
        for a in report.cases
        for f in a.findings
    ]
    return {
        "seed": seed,
        "lapse_rate": lapse_rate,
        "statuses": {
            a.case_id: "".join(_STATUS_LETTER[r.status.value] for r in a.results)
            for a in report.cases
        },
        "findings": findings,
        "checks": [
            [c.check_id, c.met, c.partly, c.not_met, c.not_relevant, c.findings, c.ongoing]
            for c in report.checks
        ],
        "changes": [
            [c.case_id, c.event_id, c.day.isoformat(), c.gap_days, c.gap_ongoing]
            for c in report.changes
        ],
        "worst": [a.case_id for a in report.worst[:20]],
        "severities": dict(report.severities),
    }


def _reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def _compare(got: dict[str, Any], want: dict[str, Any]) -> None:
    # Finding by finding first, so that a failure names the first finding that differs.
    assert len(got["findings"]) == len(want["findings"])
    for g, w in zip(got["findings"], want["findings"], strict=True):
        assert g == w
    for key in ("statuses", "checks", "changes", "worst", "severities"):
        assert got[key] == want[key], key


@pytest.mark.parametrize(("seed", "lapse_rate"), CONFIGS)
def test_same_findings_as_before_the_speed_up(seed: int, lapse_rate: float) -> None:
    want = next(
        c for c in _reference()["configs"] if (c["seed"], c["lapse_rate"]) == (seed, lapse_rate)
    )
    assert want["findings"], "the reference must hold findings to compare"
    _compare(snapshot(seed, lapse_rate), want)


@pytest.mark.parametrize("workers", [1, 2])
def test_same_findings_in_worker_processes(workers: int) -> None:
    seed, lapse_rate = CONFIGS[1]
    want = next(
        c for c in _reference()["configs"] if (c["seed"], c["lapse_rate"]) == (seed, lapse_rate)
    )
    _compare(snapshot(seed, lapse_rate, workers=workers, chunk_size=64), want)


def test_reference_has_no_cpr_number() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert not re.search(r"\b\d{6}-?\d{4}\b", text)


def _regenerate() -> None:
    data = {
        "as_of": AS_OF.isoformat(),
        "n_cases": N_CASES,
        "configs": [snapshot(seed, lapse) for seed, lapse in CONFIGS],
    }
    FIXTURE.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if "--regenerate" in sys.argv:
        _regenerate()
