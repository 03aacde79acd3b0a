"""The command line: spec § 4 output, exit statuses, errors naming case and field."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from boernesag.cli import main

SPEC = Path(__file__).parent / "data" / "spec_example.json"
FIELDS = [
    "case_id",
    "rule_id",
    "citation",
    "trigger",
    "due",
    "status",
    "met_by",
    "alternative_due",
    "explanation",
]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_deadlines_json_follows_the_spec(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--format", "json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert len(data) == 8
    for item in data:
        for field in FIELDS:
            assert field in item
    kvittering = next(d for d in data if d["rule_id"] == "underretning-kvittering")
    assert kvittering["due"] == "2024-04-04"
    assert kvittering["status"] == "met"
    assert "0305121234" not in out


def test_deadlines_english_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--format", "csv", "--lang", "en"], capsys
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == ",".join(FIELDS)
    assert len(lines) == 9
    assert "Thu 04.04.2024" in out


def test_deadlines_stdin_and_filters(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SPEC.read_text(encoding="utf-8")))
    code, out, _ = run(
        ["deadlines", "-", "--as-of", "2024-12-31", "--format", "json", "--status", "open"], capsys
    )
    assert code == 0
    assert [d["rule_id"] for d in json.loads(out)] == ["opfoelgning-loebende"]


def test_table_marks_citizen_deadlines_as_expired(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--format", "table"], capsys
    )
    assert code == 0
    assert "udløbet (borger)" in out
    assert "tor 04.04.2024" in out


def test_summary_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--summary", "--format", "json"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["cases"] == 1
    by_rule = {r["rule_id"]: r for r in data["rules"]}
    assert by_rule["klagefrist"]["overdue"] == 1
    assert by_rule["klagefrist"]["obligor"] == "borger"
    assert sum(r["total"] for r in data["rules"]) == 8


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["deadlines", "--demo", "--demo-size", "15", "--as-of", "2025-06-30", "--format", "json"],
        capsys,
    )
    assert code == 0
    assert {d["case_id"] for d in json.loads(out)}


def test_invalid_case_exits_2_naming_case_event_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    bad = copy.deepcopy(raw)
    bad["events"][3]["date"] = "2024-02-30"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    code, out, err = run(
        ["deadlines", str(path), "--as-of", "2024-12-31", "--format", "json"], capsys
    )
    assert code == 2
    assert out == ""
    assert "K-2024-0001" in err
    assert "E4" in err
    assert "'date'" in err
    assert "Traceback" not in err
    assert "1234" not in err


def test_missing_input_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["deadlines", "--as-of", "2024-12-31"], capsys)
    assert code == 2
    assert "--demo" in err


def test_lenient_caseload_reports_and_continues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    bad = copy.deepcopy(raw)
    bad["case_id"] = "K-BAD"
    bad["events"][0]["type"] = "nonsense"
    caseload = {
        "format": "boernesag.caseload/1",
        "cases": [raw, bad],
        "caseworkers": [],
        "teams": [],
    }
    path = tmp_path / "caseload.json"
    path.write_text(json.dumps(caseload), encoding="utf-8")
    code, out, err = run(
        ["deadlines", str(path), "--as-of", "2024-12-31", "--format", "json", "--lenient"], capsys
    )
    assert code == 0
    assert {d["case_id"] for d in json.loads(out)} == {"K-2024-0001"}
    assert "K-BAD" in err


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["workdays", "add", "2024-03-22", "6"], "fre 22.03.2024 + 6 hverdage = tor 04.04.2024", 0),
        (["workdays", "between", "2024-03-22", "2024-04-04"], "6 hverdage", 0),
        (["workdays", "check", "2024-04-26"], "hverdag", 0),
        (["workdays", "check", "2023-05-05"], "ikke hverdag", 1),
    ],
)
def test_workdays(
    args: list[str], expected: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, _ = run(args, capsys)
    assert got == code
    assert expected in out


def test_workdays_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["workdays", "--json", "add", "2024-03-22", "6"], capsys)
    assert code == 0
    assert json.loads(out) == {"day": "2024-03-22", "n": 6, "result": "2024-04-04"}


def test_bad_date_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["workdays", "add", "2024-13-01", "1"])
    assert exc.value.code == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err


# ------------------------------------------------------------------ --engine columnar

_ENGINE_CASES = [
    ["--summary", "--format", "json"],
    ["--summary", "--format", "csv", "--status", "overdue", "--status", "met_late"],
    ["--summary", "--format", "table", "--obligor", "kommune", "--lang", "en"],
    ["--summary", "--format", "json", "--due-within", "45"],
    ["--format", "json", "--status", "overdue", "--obligor", "kommune"],
    ["--format", "csv", "--lang", "en"],
    ["--format", "table", "--due-within", "30"],
    ["--format", "json", "--enable", "sagsbehandlingsfrist"],
]


@pytest.mark.parametrize("options", _ENGINE_CASES, ids=lambda o: " ".join(o))
def test_columnar_engine_gives_the_scalar_output(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    base = ["deadlines", "--demo", "--demo-size", "60", "--as-of", "2025-06-30", *options]
    code, scalar, _ = run(base, capsys)
    assert code == 0
    code, columnar, err = run([*base, "--engine", "columnar"], capsys)
    assert code == 0, err
    assert columnar == scalar
    assert len(scalar.splitlines()) > 3  # the options leave something to compare


def test_columnar_summary_computes_no_case_by_the_scalar_engine(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.columnar as cli_columnar

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the scalar engine was called")

    monkeypatch.setattr(cli_columnar, "deadlines", refuse)
    code, out, _ = run(
        ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--summary", "--format", "json",
         "--engine", "columnar"],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert sum(r["total"] for r in json.loads(out)["rules"]) == 8


def test_columnar_listing_recomputes_only_the_cases_left_by_the_filters(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.columnar as cli_columnar

    seen: list[str] = []
    original = cli_columnar.deadlines

    def spy(case: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(case.case_id)
        return original(case, *args, **kwargs)

    monkeypatch.setattr(cli_columnar, "deadlines", spy)
    base = ["deadlines", "--demo", "--demo-size", "60", "--as-of", "2025-06-30"]
    code, out, _ = run([*base, "--format", "json", "--due-within", "14", "--engine", "columnar"],
                       capsys)  # fmt: skip
    assert code == 0
    listed = {d["case_id"] for d in json.loads(out)}
    assert listed
    assert set(seen) == listed  # exactly the cases with a deadline due within 14 days


def test_columnar_engine_without_numpy_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy now fails
    code, out, err = run(
        ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--engine", "columnar"], capsys
    )
    assert code == 1
    assert out == ""
    assert "pip install 'boernesag[numpy]'" in err
