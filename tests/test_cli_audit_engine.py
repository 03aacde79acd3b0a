"""``boernesag audit --engine``: the columnar engine gives the scalar engine's output, byte for
byte, in every format and language, and ``auto`` picks it for large inputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from boernesag.cli import main

DEMO = ["audit", "--demo", "--as-of", "2025-06-30"]
FORMATS = ("table", "json", "csv", "markdown", "html")
MUNICIPAL = [
    "--enable",
    "svar-henvendelse",
    "--enable",
    "ledelsestilsyn",
    "--enable",
    "kum-16",
    "--enable",
    "sagsbehandlingsfrist",
]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def both(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``args`` with each engine; assert the same exit status, stdout and stderr."""
    scalar = run([*args, "--engine", "scalar"], capsys)
    columnar = run([*args, "--engine", "columnar"], capsys)
    assert columnar[0] == scalar[0]
    assert columnar[1] == scalar[1]
    assert columnar[2] == scalar[2]
    return scalar


@pytest.mark.parametrize("findings", [False, True], ids=["report", "findings"])
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_columnar_audit_gives_the_scalar_output(
    fmt: str, lang: str, findings: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    extra = ["--findings"] if findings else []
    code, out, _ = both([*DEMO, "--format", fmt, "--lang", lang, *extra], capsys)
    assert code == 0
    assert len(out.splitlines()) > 10  # something to compare


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "json", *MUNICIPAL],
        ["--format", "table", "--findings", "--lang", "en", *MUNICIPAL],
        ["--format", "markdown", "--since", "2025-01-01", *MUNICIPAL],
        ["--format", "csv", "--setting", "gap_days=60", "--findings"],
        ["--format", "html", "--worst", "3", "--lang", "en"],
        ["--format", "table", "--case", "K-2021-00001"],
    ],
    ids=lambda o: " ".join(o),
)
def test_columnar_audit_with_municipal_rules_and_settings(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    code, out, _ = both([*DEMO, *options], capsys)
    assert code == 0
    assert out


def test_municipal_rules_change_the_columnar_audit(capsys: pytest.CaptureFixture[str]) -> None:
    """The comparison above is not of two outputs that ignore --enable."""
    pytest.importorskip("numpy")
    base = [*DEMO, "--format", "json", "--engine", "columnar"]
    _, plain, _ = run(base, capsys)
    _, municipal, _ = run([*base, *MUNICIPAL], capsys)
    checks = {c["check_id"]: c for c in json.loads(municipal)["checks"]}
    assert checks["kommunale-maal"]["relevant"] > 0
    assert plain != municipal


def _demo_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: bool = True) -> Path:
    """The demo caseload (40 cases) as a file, with one case that does not follow the format
    (an unknown event type) inserted as the third."""
    path = tmp_path / "stamme.json"
    assert main(["demo", "--size", "40", "--output", str(path)]) == 0
    capsys.readouterr()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if bad:
        case = json.loads(json.dumps(data["cases"][0]))
        case["case_id"] = "K-BAD-1"
        case["events"][0]["type"] = "nonsense"
        data["cases"].insert(2, case)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_a_caseload_with_one_bad_case(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    path = _demo_file(tmp_path, capsys)
    base = ["audit", str(path), "--as-of", "2025-06-30", "--format", fmt]
    code, _, err = both([*base, "--lenient"], capsys)
    assert code == 3
    assert "K-BAD-1" in err
    code, out, err = both(base, capsys)  # not lenient: the load stops, one line
    assert code == 2
    assert out == ""
    assert "K-BAD-1" in err


def _fail_for(case_id: str, real: Any) -> Any:
    def wrapped(case: Any, *args: Any, **kwargs: Any) -> Any:
        if case.case_id == case_id:
            raise OverflowError("date value out of range (0305121234)")
        return real(case, *args, **kwargs)

    return wrapped


@pytest.mark.parametrize(
    "options", [["--format", "table"], ["--format", "json"], ["--format", "csv", "--findings"]]
)
def test_a_case_the_audit_fails_on_is_listed_the_same_by_both_engines(
    options: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The audit of one case fails (in the scalar audit and in the table): both engines
    audit the others, list it with the same message and exit 3."""
    pytest.importorskip("numpy")
    import boernesag.audit.report as report
    import boernesag.cli.audit_columnar as audit_columnar

    path = _demo_file(tmp_path, capsys, bad=False)
    victim = "K-2022-00003"
    monkeypatch.setattr(report, "audit_case", _fail_for(victim, report.audit_case))
    monkeypatch.setattr(audit_columnar, "audit_case", _fail_for(victim, audit_columnar.audit_case))
    real_table = audit_columnar._table

    def table(cases: Any, *args: Any, **kwargs: Any) -> Any:
        if any(c.case_id == victim for c in cases):
            raise OverflowError("boom")
        return real_table(cases, *args, **kwargs)

    monkeypatch.setattr(audit_columnar, "_table", table)
    code, out, err = both(["audit", str(path), "--as-of", "2025-06-30", *options], capsys)
    assert code == 3
    assert f"sag {victim} kunne ikke gennemgås: OverflowError" in err
    assert "0305121234" not in out + err
    assert "1 af 40 sager kunne ikke gennemgås" in err


def test_the_check_table_audits_no_case_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.audit_columnar as audit_columnar

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the scalar audit was called")

    monkeypatch.setattr(audit_columnar, "audit_case", refuse)
    for fmt in ("table", "csv"):
        code, out, _ = run([*DEMO, "--format", fmt, "--engine", "columnar"], capsys)
        assert code == 0
        assert "bfu" in out or "Børnefaglig" in out


def test_the_full_report_reaudits_only_the_cases_with_findings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.audit_columnar as audit_columnar

    full: list[str] = []
    real = audit_columnar.audit_case

    def spy(case: Any, *args: Any, **kwargs: Any) -> Any:
        if "checks" not in kwargs:
            full.append(case.case_id)
        return real(case, *args, **kwargs)

    monkeypatch.setattr(audit_columnar, "audit_case", spy)
    code, out, _ = run([*DEMO, "--format", "json", "--findings", "--engine", "columnar"], capsys)
    assert code == 0
    with_findings = {f["case_id"] for f in json.loads(out)}
    assert with_findings
    assert sorted(full) == sorted(with_findings)


def _engine_used(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    import boernesag.cli.audit_columnar as audit_columnar

    used: list[str] = []
    real = audit_columnar.columnar_report

    def spy(*a: Any, **kw: Any) -> Any:
        used.append("columnar")
        return real(*a, **kw)

    monkeypatch.setattr(audit_columnar, "columnar_report", spy)
    code, _, _ = run(args, capsys)
    assert code == 0
    return used[0] if used else "scalar"


def test_auto_picks_columnar_from_the_threshold_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.engine as engine

    small = [*DEMO, "--demo-size", "30", "--format", "csv"]
    assert _engine_used(small, monkeypatch, capsys) == "scalar"  # the default threshold
    monkeypatch.setattr(engine, "AUTO_MIN_CASES", 30)
    assert _engine_used(small, monkeypatch, capsys) == "columnar"
    assert _engine_used([*small, "--engine", "auto"], monkeypatch, capsys) == "columnar"
    assert _engine_used([*small, "--engine", "scalar"], monkeypatch, capsys) == "scalar"
    monkeypatch.setattr(engine, "AUTO_MIN_CASES", 31)
    assert _engine_used(small, monkeypatch, capsys) == "scalar"


def test_auto_without_numpy_is_scalar_and_columnar_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from boernesag.cli.engine import choose_engine
    from boernesag.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy now fails
    assert choose_engine("auto", 10**6) == "scalar"
    assert choose_engine("scalar", 10**6) == "scalar"
    with pytest.raises(MissingExtraError, match=r"pip install 'boernesag\[numpy\]'"):
        choose_engine("columnar", 1)
    code, out, err = run([*DEMO, "--demo-size", "5", "--engine", "columnar"], capsys)
    assert code == 2
    assert out == ""
    assert "pip install 'boernesag[numpy]'" in err


def test_a_case_only_the_table_fails_on_is_audited_by_the_scalar_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("numpy")
    import boernesag.cli.audit_columnar as audit_columnar

    path = _demo_file(tmp_path, capsys, bad=False)
    real_table = audit_columnar._table

    def table(cases: Any, *a: Any, **kw: Any) -> Any:
        if any(c.case_id == "K-2022-00003" for c in cases):
            raise OverflowError("boom")
        return real_table(cases, *a, **kw)

    monkeypatch.setattr(audit_columnar, "_table", table)  # the scalar engine does not use it
    for fmt in ("json", "table"):
        code, out, err = both(["audit", str(path), "--as-of", "2025-06-30", "--format", fmt],
                              capsys)  # fmt: skip
        assert code == 0, err
        assert "K-2022-00003" in out or fmt == "table"


def test_deadlines_auto_uses_the_columns_for_a_large_summary_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A deadline listing shows every deadline's explanation (the scalar engine's), so
    ``auto`` picks columnar only for ``--summary``."""
    pytest.importorskip("numpy")
    import boernesag.cli.columnar as cli_columnar
    import boernesag.cli.engine as engine

    used: list[str] = []
    for name in ("columnar_summary", "columnar_deadlines"):
        real = getattr(cli_columnar, name)

        def spy(*a: Any, _real: Any = real, _name: str = name, **kw: Any) -> Any:
            used.append(_name)
            return _real(*a, **kw)

        monkeypatch.setattr(cli_columnar, name, spy)
    base = ["deadlines", "--demo", "--demo-size", "30", "--as-of", "2025-06-30", "--format", "json"]
    code, scalar_summary, _ = run([*base, "--summary", "--engine", "scalar"], capsys)
    assert code == 0
    code, auto_summary, _ = run([*base, "--summary"], capsys)
    assert used == []  # 30 cases: below the threshold
    monkeypatch.setattr(engine, "AUTO_MIN_CASES", 30)
    code, columnar_summary, _ = run([*base, "--summary"], capsys)
    assert used == ["columnar_summary"]
    assert columnar_summary == auto_summary == scalar_summary
    code, _, _ = run(base, capsys)
    assert code == 0
    assert used == ["columnar_summary"]  # the listing stayed scalar
