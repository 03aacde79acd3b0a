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
    # the spec's columns first, then the exact times (issue 15, item 9: one type per column)
    assert lines[0] == ",".join([*FIELDS, "due_at", "alternative_due_at"])
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


def test_table_marks_citizen_deadlines_as_expired(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one line a row (tables fit 100 columns otherwise)
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
    assert code == 3  # some cases could not be read: the rest is output (issue 14)
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
    import boernesag.columnar.explain as explain

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the scalar engine was called")

    monkeypatch.setattr(explain, "rule_deadlines", refuse)
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
    import boernesag.columnar.result as columnar_result

    seen: list[str] = []
    original = columnar_result.explained_deadlines

    def spy(dt: Any, index: int, case: Any = None) -> Any:
        seen.append(dt.table.case_ids[index] if case is None else case.case_id)
        return original(dt, index, case)

    monkeypatch.setattr(columnar_result, "explained_deadlines", spy)
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
    assert code == 2  # a missing optional package is the user's to install: one line, exit 2
    assert out == ""
    assert "pip install 'boernesag[numpy]'" in err


# ------------------------------------------------------------------ issue 14: nothing lost


def _caseload_file(tmp_path: Path, n_good: int = 3, bad_at: tuple[int, ...] = ()) -> Path:
    """A caseload of copies of the spec example (K-1, K-2, ...), with a case that does not
    follow the format (an unknown event type) at each position in ``bad_at``."""
    raw: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    cases: list[Any] = []
    for i in range(n_good):
        good = copy.deepcopy(raw)
        good["case_id"] = f"K-{i + 1}"
        cases.append(good)
    for n, pos in enumerate(bad_at):
        bad = copy.deepcopy(raw)
        bad["case_id"] = f"K-BAD-{n + 1}"
        bad["events"][0]["type"] = "nonsense"
        bad["odd_key"] = {"kept": [1, 2, 3]}
        cases.insert(pos, bad)
    path = tmp_path / "stamme.json"
    data = {"format": "boernesag.caseload/1", "cases": cases, "caseworkers": [], "teams": []}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _fail_for(case_id: str, real: Any) -> Any:
    """``real`` (a per-case function), except that it raises an OverflowError for
    ``case_id``, whose message echoes a CPR number."""

    def wrapped(case: Any, *args: Any, **kwargs: Any) -> Any:
        if case.case_id == case_id:
            raise OverflowError("date value out of range (0305121234)")
        return real(case, *args, **kwargs)

    return wrapped


def test_deadlines_over_a_caseload_with_one_failing_case_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import boernesag.cli.deadlines as cli_deadlines

    monkeypatch.setattr(cli_deadlines, "deadlines", _fail_for("K-2", cli_deadlines.deadlines))
    path = _caseload_file(tmp_path)
    code, out, err = run(
        ["deadlines", str(path), "--as-of", "2024-12-31", "--format", "json"], capsys
    )
    assert code == 3
    assert {d["case_id"] for d in json.loads(out)} == {"K-1", "K-3"}
    assert "sag K-2 kunne ikke beregnes: OverflowError" in err
    assert "0305121234" not in err
    assert "Traceback" not in err
    code, out, err = run(
        ["deadlines", str(path), "--as-of", "2024-12-31", "--summary", "--format", "json"], capsys
    )
    assert code == 3
    assert json.loads(out)["cases"] == 2


def test_columnar_engine_isolates_a_failing_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.columnar as cli_columnar

    real = cli_columnar._table

    def table(cases: Any, *args: Any) -> Any:
        if any(c.case_id == "K-2" for c in cases):
            raise OverflowError("boom")
        return real(cases, *args)

    monkeypatch.setattr(cli_columnar, "_table", table)
    path = _caseload_file(tmp_path)
    base = ["deadlines", str(path), "--as-of", "2024-12-31", "--engine", "columnar"]
    code, out, err = run([*base, "--format", "json"], capsys)
    assert code == 3
    assert {d["case_id"] for d in json.loads(out)} == {"K-1", "K-3"}
    assert "sag K-2 kunne ikke beregnes" in err
    code, out, _ = run([*base, "--summary", "--format", "json"], capsys)
    assert code == 3
    assert sum(r["total"] for r in json.loads(out)["rules"]) == 16


def test_audit_exits_3_when_cases_could_not_be_audited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import boernesag.audit.report as report

    path = _caseload_file(tmp_path)
    args = ["audit", str(path), "--as-of", "2024-12-31", "--format", "json"]
    code, _, _ = run(args, capsys)
    assert code == 0
    monkeypatch.setattr(report, "audit_case", _fail_for("K-1", report.audit_case))
    code, out, err = run(args, capsys)
    assert code == 3
    assert json.loads(out)["cases"] == 2
    assert "sag K-1 kunne ikke gennemgås: OverflowError" in err
    assert "0305121234" not in err + out

    def always(*args: Any, **kwargs: Any) -> Any:
        raise OverflowError("all")

    monkeypatch.setattr(report, "audit_case", always)
    code, out, err = run(args, capsys)
    assert code == 3  # not 0, even when every case failed
    assert "3 af 3 sager kunne ikke gennemgås" in err


def test_handover_and_reassign_over_a_caseload_isolate_a_failing_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import boernesag.handover.core as core

    monkeypatch.setattr(core, "sagsliste_row", _fail_for("K-2", core.sagsliste_row))
    path = _caseload_file(tmp_path)
    base = ["handover", str(path), "--caseworker", "CW-07", "--as-of", "2024-12-31", "--no-audit"]
    code, out, err = run([*base, "--format", "json"], capsys)
    assert code == 3
    assert [r["case_id"] for r in json.loads(out)["sagsliste"]["rows"]] == ["K-1", "K-3"]
    assert "sag K-2 kunne ikke vises: OverflowError" in err
    saved = tmp_path / "ny.json"
    code, out, err = run([*base, "--to", "CW-08", "--format", "json", "--save", str(saved)], capsys)
    assert code == 3
    assert [m["case_id"] for m in json.loads(out)["moves"]] == ["K-1", "K-2", "K-3"]
    assert "sag K-2 er flyttet, men kunne ikke vises i pakken" in err
    from boernesag.caseio import load_caseload

    assert [c.caseworker for c in load_caseload(saved).cases] == ["CW-08"] * 3


def test_save_after_lenient_writes_every_case_back_over_the_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _caseload_file(tmp_path, n_good=3, bad_at=(0, 2, 5))
    before = json.loads(path.read_text(encoding="utf-8"))["cases"]
    code, out, err = run(
        ["handover", str(path), "--lenient", "--caseworker", "CW-07", "--to", "CW-08",
         "--as-of", "2024-12-31", "--no-audit", "--format", "json", "--save", str(path)],
        capsys,
    )  # fmt: skip
    assert code == 3  # three cases could not be read
    assert [m["case_id"] for m in json.loads(out)["moves"]] == ["K-1", "K-2", "K-3"]
    assert "3 sager, der ikke kunne indlæses, er skrevet uændret tilbage" in err
    after = json.loads(path.read_text(encoding="utf-8"))["cases"]
    assert [c["case_id"] for c in after] == [c["case_id"] for c in before]  # none lost, in place
    for old, new in zip(before, after, strict=True):
        if old["case_id"].startswith("K-BAD"):
            assert new == old  # unchanged, unknown keys and all
        else:
            assert new["events"][-1]["caseworker"] == "CW-08"
            assert new["child"]["cpr"] == old["child"]["cpr"]  # the case format keeps it
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left
    from boernesag.caseio import load_caseload

    again = load_caseload(path, lenient=True)
    assert [c.caseworker for c in again.cases] == ["CW-08"] * 3
    assert [r.case_id for r in again.rejected] == ["K-BAD-1", "K-BAD-2", "K-BAD-3"]


def test_save_refuses_when_a_rejected_case_cannot_be_written_back(tmp_path: Path) -> None:
    from boernesag.cli.common import rejected_json
    from boernesag.errors import BoernesagError
    from boernesag.model import Caseload, RawCase, RejectedCase

    lost = Caseload(rejected=(RejectedCase(index=4, case_id="K-X", error="ugyldig"),))
    with pytest.raises(BoernesagError, match=r"sag K-X .* gemmer intet"):
        rejected_json(lost, None)
    with pytest.raises(BoernesagError, match="sag K-X"):
        rejected_json(lost, str(_caseload_file(tmp_path)))  # index 4 is not in the file
    kept = Caseload(
        rejected=(RejectedCase(index=1, case_id=None, error="x", raw=RawCase([1, "to"])),)
    )
    assert rejected_json(kept, None) == [(1, [1, "to"])]


def test_a_failed_save_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    path = _caseload_file(tmp_path)
    before = path.read_bytes()

    def broken(*args: Any) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(os, "replace", broken)
    code, _, err = run(
        ["handover", str(path), "--caseworker", "CW-07", "--to", "CW-08", "--as-of",
         "2024-12-31", "--no-audit", "--format", "json", "--save", str(path)],
        capsys,
    )  # fmt: skip
    assert code == 2
    assert "No space left on device" in err
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("target", "message"),
    [(".", "er en mappe"), ("nowhere/ny.json", "findes ikke")],
)
def test_save_target_is_checked_before_anything_is_computed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, message: str
) -> None:
    path = _caseload_file(tmp_path)
    code, out, err = run(
        ["handover", str(path), "--caseworker", "CW-07", "--to", "CW-08", "--as-of",
         "2024-12-31", "--no-audit", "--format", "json", "--save", str(tmp_path / target)],
        capsys,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert message in err


def test_file_problems_are_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for file, message in ((tmp_path, "er en mappe"), (tmp_path / "nej.json", "findes ikke")):
        code, out, err = run(["deadlines", str(file), "--as-of", "2024-12-31"], capsys)
        assert (code, out) == (2, "")
        assert message in err
        assert len(err.strip().splitlines()) == 1


def test_an_internal_error_asks_to_report_it_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import boernesag.cli.deadlines as cli_deadlines

    def broken(*args: Any) -> Any:
        raise ZeroDivisionError("division by zero in 0305121234")

    monkeypatch.setattr(cli_deadlines, "filter_deadlines", broken)
    args = ["deadlines", str(SPEC), "--as-of", "2024-12-31", "--format", "json"]
    code, _, err = run(args, capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "intern fejl (ZeroDivisionError" in err
    assert "rapportér" in err
    assert "Traceback" not in err
    assert "0305121234" not in err
    for debug in (["--debug", *args], [*args, "--debug"]):
        code, _, err = run(debug, capsys)
        assert code == 1
        assert "Traceback" in err
        assert "0305121234" not in err


def test_load_warnings_and_rejections_go_to_stderr_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import boernesag.caseio as caseio
    from boernesag.model import Caseload, LoadWarning, RejectedCase

    def fake(*args: Any, **kwargs: Any) -> Caseload:
        case = caseio.load_case(SPEC)
        return Caseload(
            cases=(case,),
            rejected=(RejectedCase(index=1, case_id="K-9", error="sag K-9: 0305121234 ugyldig"),),
            warnings=(LoadWarning("K-2024-0001", "E10", "date", "lang tid efter 0305121234"),),
        )

    monkeypatch.setattr(caseio, "load_caseload", fake)
    code, out, err = run(["deadlines", str(SPEC), "--as-of", "2024-12-31", "--format", "json"],
                         capsys)  # fmt: skip
    assert code == 3
    assert json.loads(out)
    assert "advarsel: sag K-2024-0001, hændelse E10, felt 'date': lang tid efter 030512-****" in err
    assert "sag afvist: sag K-9: 030512-**** ugyldig" in err
    assert "0305121234" not in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--as-of", "20250630", "ÅÅÅÅ-MM-DD"),
        ("--as-of", "2025-6-30", "ÅÅÅÅ-MM-DD"),
        ("--as-of", "２０２５-06-30", "ÅÅÅÅ-MM-DD"),
        ("--as-of", "1850-01-01", "ligger uden for 1900-2099"),
        ("--as-of", "9999-12-31", "ligger uden for 1900-2099"),
        ("--due-within", "-1", "0 eller mere"),
        ("--demo-size", "0", "1 eller mere"),
    ],
)
def test_arguments_are_checked(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["deadlines", "--demo", "--as-of", "2025-06-30", option, value]
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert option in err


def test_workers_below_zero_are_refused_with_a_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["audit", "--demo", "--as-of", "2025-06-30", "--workers", "-2"], capsys)
    assert (code, out) == (2, "")
    assert "--workers skal være 0 (alle kerner) eller et positivt heltal, ikke -2" in err


def test_allocate_and_audit_check_their_arguments_and_exit_3_after_a_lenient_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args, option in (
        (["allocate", "--demo", "--as-of", "20250630"], "--as-of"),
        (["allocate", "--demo", "--as-of", "2100-01-01"], "--as-of"),
        (["audit", "--demo", "--as-of", "2025-06-30", "--worst", "-1"], "--worst"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2
        assert option in capsys.readouterr().err
    path = _caseload_file(tmp_path, bad_at=(1,))
    code, out, err = run(
        ["allocate", str(path), "--lenient", "--as-of", "2024-12-31", "--format", "json"], capsys
    )
    assert code == 3
    assert json.loads(out)
    assert "sag afvist" in err
    assert "K-BAD-1" in err


@pytest.mark.parametrize("command", ["deadlines", "audit", "handover", "allocate"])
def test_as_of_defaults_to_the_demo_day(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --as-of the demo is read on its own day: same output as --as-of 2025-06-30,
    and no warning about a stale as_of."""
    extra = ["--caseworker", "CW-001"] if command == "handover" else []
    base = [command, "--demo", "--demo-size", "40", "--format", "json", *extra]
    code, out, err = run(base, capsys)
    code2, out2, _ = run([*base, "--as-of", "2025-06-30"], capsys)
    assert code == code2
    assert out == out2
    assert "opgørelsesdagen" not in err


def test_as_of_defaults_to_today_for_a_file_and_warns_when_stale(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import date

    code, _out, err = run(["deadlines", str(SPEC), "--format", "json"], capsys)
    assert code == 0
    days = (date.today() - date(2024, 10, 20)).days  # the example's last event
    assert f"opgørelsesdagen {date.today().isoformat()} ligger {days} dage" in err
    assert "--as-of" in err
    code, _out2, err2 = run(["deadlines", str(SPEC), "--as-of", "2024-12-31"], capsys)
    assert code == 0
    assert "opgørelsesdagen" not in err2


def test_optimal_solver_without_scipy_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    code, _out, err = run(["allocate", "--demo", "--solver", "optimal", "--format", "json"], capsys)
    assert code == 2
    assert "pip install 'boernesag[allocation]'" in err
    assert "Traceback" not in err
    assert "pip install" in err.strip().splitlines()[-1]  # the error is one line, the last


def test_an_unknown_caseworker_is_named_as_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["handover", "--demo", "--caseworker", "CW-999"], capsys)
    assert code == 2
    assert "ukendt sagsbehandler CW-999" in err
    assert "CW-001" in err  # the known ones are listed
    code, _, err = run(
        ["handover", "--demo", "--caseworker", "CW-001", "--as-of", "1990-01-01"], capsys
    )
    assert code == 2
    assert "har ingen åbne sager" in err  # known, but nothing open that day


# ------------------------------------------------------------------ formats (issue 15, item 9)


def test_schema_prints_the_case_and_caseload_schemas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from boernesag.schema import case_schema, caseload_schema

    code, out, _ = run(["schema"], capsys)
    assert code == 0
    assert json.loads(out) == case_schema()
    code, out, _ = run(["schema", "--caseload"], capsys)
    assert code == 0
    assert json.loads(out) == caseload_schema()
    target = tmp_path / "case.schema.json"
    assert run(["schema", "--output", str(target)], capsys)[0] == 0
    assert json.loads(target.read_text(encoding="utf-8")) == case_schema()
    code, _, err = run(["schema", "--caseload", "--output", str(target)], capsys)
    assert code == 2
    assert "--force" in err
    assert json.loads(target.read_text(encoding="utf-8")) == case_schema()  # untouched
    assert run(["schema", "--caseload", "--output", str(target), "--force"], capsys)[0] == 0
    assert json.loads(target.read_text(encoding="utf-8")) == caseload_schema()


def test_demo_writes_the_demo_caseload_as_a_caseload_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from boernesag.caseio import caseload_to_mapping, load_caseload
    from boernesag.demo import demo_caseload

    target = tmp_path / "demo.json"
    code, out, err = run(["demo", "--output", str(target), "--size", "25", "--seed", "3"], capsys)
    assert code == 0
    assert out == ""
    assert "25 sager" in err
    assert "--as-of 2025-06-30" in err
    loaded = load_caseload(target)
    assert caseload_to_mapping(loaded) == caseload_to_mapping(demo_caseload(25, seed=3))
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "boernesag.caseload/1"
    # its CPR numbers are the demo's: never in the messages
    assert all(c.child.cpr is None or c.child.cpr.reveal() not in err for c in loaded.cases)
    # with the default seed, the file is what --demo computes on
    assert run(["demo", "--output", str(target), "--size", "25", "--force"], capsys)[0] == 0
    code, from_file, _ = run(
        ["deadlines", str(target), "--as-of", "2025-06-30", "--format", "json"], capsys
    )
    code2, from_demo, _ = run(
        ["deadlines", "--demo", "--demo-size", "25", "--format", "json"], capsys
    )
    assert code == code2 == 0
    assert json.loads(from_file) == json.loads(from_demo)


def test_demo_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo.json"
    target.write_text("mine\n", encoding="utf-8")
    code, _, err = run(["demo", "--output", str(target), "--size", "3"], capsys)
    assert code == 2
    assert "findes allerede" in err
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run(["demo", "--output", str(target), "--size", "3", "--force"], capsys)[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "boernesag.caseload/1"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["demo"], "--output"),
        (["demo", "--output", "{tmp}"], "mappe"),
        (["demo", "--output", "{tmp}/nope/demo.json"], "findes ikke"),
        (["demo", "--sample", "--size", "3"], "--sample"),
    ],
)
def test_demo_mistakes_are_one_line_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([a.replace("{tmp}", str(tmp_path)) for a in args], capsys)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_demo_sample_prints_the_sample_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from boernesag.caseio import load_case
    from boernesag.demo import sample_case_path

    code, out, _ = run(["demo", "--sample"], capsys)
    assert code == 0
    assert json.loads(out) == json.loads(SPEC.read_text(encoding="utf-8"))
    assert load_case(io.StringIO(out)).case_id == "K-2024-0001"
    assert out == sample_case_path().read_text(encoding="utf-8")
    target = tmp_path / "sample.json"
    assert run(["demo", "--sample", "--output", str(target)], capsys)[0] == 0
    assert target.read_text(encoding="utf-8") == out


def test_deadlines_csv_has_one_type_per_column(capsys: pytest.CaptureFixture[str]) -> None:
    """due is always the Copenhagen date; due_at the instant (UTC) for rules counted in hours;
    pandas parses both; the JSON output keeps the spec's form."""
    pd = pytest.importorskip("pandas")
    code, out, _ = run(
        ["deadlines", "--demo", "--demo-size", "60", "--format", "csv", "--lang", "en"], capsys
    )
    assert code == 0
    timed_columns = ["due", "alternative_due", "due_at", "alternative_due_at"]
    frame = pd.read_csv(io.StringIO(out), parse_dates=timed_columns)
    assert str(frame["due"].dtype).startswith("datetime64")
    assert str(frame["alternative_due"].dtype).startswith("datetime64")
    assert str(frame["due_at"].dtype).startswith("datetime64")
    assert "UTC" in str(frame["due_at"].dtype)
    due = frame["due"].dropna()
    assert len(due) > 0
    assert (due.dt.normalize() == due).all()  # dates, no times
    timed = frame["due_at"].notna()
    assert timed.any()
    assert not timed.all()
    assert set(frame.loc[timed, "rule_id"]) == {"underretning-vurdering"}
    assert frame.loc[timed, "due"].notna().all()  # a timed deadline has its date too
    local = frame.loc[timed, "due_at"].dt.tz_convert("Europe/Copenhagen")
    assert (local.dt.tz_localize(None).dt.normalize() == frame.loc[timed, "due"]).all()
    # the JSON output: the same deadlines, due as the spec writes it
    code, text, _ = run(["deadlines", "--demo", "--demo-size", "60", "--format", "json"], capsys)
    items = json.loads(text)
    assert len(items) == len(frame)
    for item, (_, row) in zip(items, frame.iterrows(), strict=True):
        if item["rule_id"] == "underretning-vurdering" and item["due"]:
            assert "T" in item["due"]
            assert pd.Timestamp(item["due"]) == row["due_at"]
        elif item["due"]:
            assert item["due"] == row["due"].date().isoformat()
            assert pd.isna(row["due_at"])


def test_deadlines_csv_of_the_spec_example(capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    code, out, _ = run(["deadlines", str(SPEC), "--as-of", "2024-12-31", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    vurdering = next(r for r in rows if r["rule_id"] == "underretning-vurdering")
    # received Friday 22.03.2024 09:15 (+01:00): due 24 hours later
    assert vurdering["due"] == "2024-03-23"
    assert vurdering["due_at"] == "2024-03-23T08:15:00+00:00"
    kvittering = next(r for r in rows if r["rule_id"] == "underretning-kvittering")
    assert (kvittering["due"], kvittering["due_at"]) == ("2024-04-04", "")


def test_summary_table_counts_the_citizens_passed_klagefrist_as_expired(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15, item 7: the klagefrist binds the citizen; once passed it has expired, it was
    not missed. Its count has its own column, it comes after the municipality's duties, and
    the closing line leads with the municipality's overdue duties."""
    monkeypatch.setenv("COLUMNS", "250")  # the header on one line (wrapped at 100 otherwise)
    code, out, _ = run(["deadlines", "--demo", "--summary", "--format", "table"], capsys)
    assert code == 0
    lines = out.splitlines()
    header = lines[0].split("  ")
    header = [h.strip() for h in header if h.strip()]
    assert header[-2:] == ["udløbet (borger)", "i alt"]
    rows = [ln.split() for ln in lines[2:-1]]
    citizen = [r for r in rows if r[1] == "(borger)"]
    assert citizen
    assert rows[-len(citizen) :] == citizen  # the municipality's duties come first
    for r in citizen:
        overdue, expired = int(r[-4]), int(r[-2])  # ... overdue, not relevant, expired, total
        assert overdue == 0
        assert expired > 0
    code, js, _ = run(["deadlines", "--demo", "--summary", "--format", "json"], capsys)
    data = json.loads(js)
    municipal = sum(r["overdue"] for r in data["rules"] if r["obligor"] != "borger")
    assert lines[-1].endswith(f"; {municipal} overskredet af kommunen")
