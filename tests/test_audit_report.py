"""The caseload report: BDO's (Randers 2016) table, groups, changes, worst cases, renderers, CLI."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from boernesag.audit import CheckStatus, audit_case, audit_caseload, report_to_frame
from boernesag.audit.render import to_html, to_json, to_markdown
from boernesag.caseio import case_from_mapping
from boernesag.cli import main
from boernesag.demo import demo_caseload, iter_demo_cases
from boernesag.errors import CalendarRangeError
from boernesag.model import Case, Caseload, Caseworker, Team

AS_OF = date(2025, 6, 30)


def _decision(**fields: Any) -> dict[str, Any]:
    return {
        "id": "D",
        "type": "afgoerelse",
        "date": "2024-03-10",
        "paragraph": "BL 32",
        "measure": "M1",
        "outcome": "bevilget",
        "partshoering": True,
        "begrundelse": True,
        "klagevejledning": True,
        **fields,
    }


def seed_case(i: int, *, measure: bool, bfu: bool, samtale: str, plan: str, followup: str) -> Case:
    """One case of the BDO (Randers 2016) caseload; each of the four themes set independently.

    ``samtale``/``plan``/``followup``: "met", "missing" or "na" (not relevant).
    """
    events: list[dict[str, Any]] = [
        {
            "id": "W",
            "type": "sagsbehandler_tildelt",
            "date": "2024-01-02",
            "caseworker": f"CW-{i % 4}",
            "team": f"T-{i % 2}",
        },
        {"id": "U", "type": "underretning", "at": "2024-01-03T10:00:00+01:00"},
        {"id": "V", "type": "underretning_vurderet", "at": "2024-01-03T12:00:00+01:00", "ref": "U"},
        {"id": "K", "type": "kvittering_sendt", "date": "2024-01-05", "ref": "U"},
    ]
    if not measure:
        # the recorded assessment that no investigation is needed (BL § 20 stk. 1)
        events.append({"id": "N", "type": "ingen_undersoegelse", "date": "2024-01-04",
                       "reason": "ingen grund til at antage behov for særlig støtte"})  # fmt: skip
        if samtale == "met":  # open, with a conversation in the last half year
            events.append({"id": "S1", "type": "boernesamtale", "date": "2025-05-01"})
        else:  # closed: nothing to judge
            events.append({"id": "L", "type": "sag_lukket", "date": "2024-02-01", "reason": "ok"})
        return case_from_mapping(
            {
                "case_id": f"K-{i:03d}",
                "child": {"id": f"B-{i}", "birth_date": "2015-05-03"},
                "events": events,
            }
        )
    if bfu:  # aware 03.01.2024, due 03.05.2024
        events += [
            {"id": "B0", "type": "bfu_startet", "date": "2024-01-08"},
            {"id": "B1", "type": "bfu_afsluttet", "date": "2024-03-01"},
        ]
    if samtale == "met":
        events += [
            {"id": "S0", "type": "boernesamtale", "date": "2024-02-15"},
            {"id": "S1", "type": "boernesamtale", "date": "2025-05-01"},
        ]
    events.append(_decision(barnets_plan=plan != "na"))
    if plan == "met":  # due 10.06.2024
        events.append({"id": "P", "type": "barnets_plan", "date": "2024-04-01"})
    start = "2025-05-01" if followup == "na" else "2024-03-20"  # "na": first follow-up not due
    events.append(
        {
            "id": "M",
            "type": "foranstaltning_start",
            "date": start,
            "measure": "M1",
            "paragraph": "BL 32",
        }
    )
    if followup == "met":
        events += [
            {
                "id": "F1",
                "type": "opfoelgning",
                "date": "2024-06-10",
                "measure": "M1",
                "interval_months": 6,
            },
            {"id": "F2", "type": "opfoelgning", "date": "2024-12-01", "measure": "M1"},
            {"id": "F3", "type": "opfoelgning", "date": "2025-05-20", "measure": "M1"},
        ]
    return case_from_mapping(
        {
            "case_id": f"K-{i:03d}",
            "child": {"id": f"B-{i}", "birth_date": "2015-05-03"},
            "events": events,
        }
    )


def seed_004_caseload() -> list[Case]:
    """100 cases with BDO's (Randers 2016) counts.

    § 50 relevant in 75, present in 35 (47 %); børnesamtale relevant in 77, held in 47 (61 %);
    handleplan relevant in 70, present in 46 (66 %); opfølgning relevant in 72, on time in 50
    (69 %).
    """
    cases = []
    for i in range(75):  # cases with a measure
        cases.append(
            seed_case(
                i,
                measure=True,
                bfu=i < 35,
                samtale="met" if i < 45 else "missing",
                plan="na" if i >= 70 else ("met" if i < 46 else "missing"),
                followup="na" if i >= 72 else ("met" if i < 50 else "missing"),
            )
        )
    for i in range(75, 100):  # no measure: only two are relevant for the conversation
        cases.append(
            seed_case(
                i,
                measure=False,
                bfu=False,
                samtale="met" if i < 77 else "na",
                plan="na",
                followup="na",
            )
        )
    return cases


def test_seed_004_table() -> None:
    report = audit_caseload(Caseload(cases=seed_004_caseload()), AS_OF)
    table = {
        c.check_id: (c.relevant, c.met, c.partly, c.not_met, c.not_relevant, c.pct_met)
        for c in report.checks
    }
    assert table["bfu"] == (75, 35, 0, 40, 25, 46.7)  # BDO, Randers 2016: "47 %"
    assert table["boernesamtale"] == (77, 47, 0, 30, 23, 61.0)  # "61 % svarende til 47 sager"
    assert table["barnets-plan"] == (70, 46, 0, 24, 30, 65.7)  # "66% ... 46 sager"
    assert table["opfoelgning"] == (72, 50, 0, 22, 28, 69.4)  # "69 % ... 50 sager"
    assert report.n_cases == 100
    bfu = report.check("bfu")
    # per case without a BFU: "bfu.missing" for the decision and "bfu.overdue" for the
    # underretning's own 4 months from the awareness (BL § 20 stk. 3)
    assert bfu.findings == 80
    md = to_markdown(report)
    assert (
        "- **Børnefaglig undersøgelse**: relevant i 75 sager; opfyldt i 47 % (35 sager), "
        "delvist i 0 % (0), ikke opfyldt i 53 % (40)." in md
    )


def test_groups_by_team_and_caseworker_add_up() -> None:
    cases = seed_004_caseload()
    report = audit_caseload(Caseload(cases=cases), AS_OF)
    assert sum(g.cases for g in report.caseworkers) == 100
    assert [g.key for g in report.teams] == ["T-0", "T-1"]
    assert sum(g.findings for g in report.teams) == report.n_findings
    for check in report.checks:
        per_team = sum(g.checks[check.check_id]["met"] for g in report.teams)
        assert per_team == check.met
    t0 = report.team("T-0")
    expected = [audit_case(c, AS_OF) for c in cases[::2]]  # the even cases are team T-0
    met = sum(1 for a in expected if a.status("bfu") is CheckStatus.MET)
    relevant = sum(1 for a in expected if a.status("bfu") is not CheckStatus.NOT_RELEVANT)
    assert t0.pct_met("bfu") == round(100 * met / relevant, 1)


def _change_case(case_id: str, gap: bool) -> Case:
    events: list[dict[str, Any]] = [
        {"id": "W1", "type": "sagsbehandler_tildelt", "date": "2024-09-01", "caseworker": "A"},
        {"id": "U", "type": "underretning", "date": "2024-09-01"},
        {"id": "V", "type": "underretning_vurderet", "date": "2024-09-01", "ref": "U"},
        {"id": "K", "type": "kvittering_sendt", "date": "2024-09-02", "ref": "U"},
        {"id": "N", "type": "ingen_undersoegelse", "date": "2024-09-02", "reason": "ingen behov"},
        {"id": "C1", "type": "kontakt", "date": "2024-11-01"},
        {"id": "W2", "type": "sagsbehandler_tildelt", "date": "2024-12-01", "caseworker": "B"},
        {"id": "S", "type": "boernesamtale", "date": "2025-05-01"},
    ]
    if not gap:
        events += [
            {"id": "C2", "type": "kontakt", "date": "2025-01-10"},
            {"id": "C3", "type": "kontakt", "date": "2025-03-20"},
            {"id": "C4", "type": "kontakt", "date": "2025-06-15"},
        ]
    return case_from_mapping(
        {"case_id": case_id, "child": {"id": case_id, "birth_date": "2015-01-01"}, "events": events}
    )


def test_changes_received_and_given_with_the_gap_they_caused() -> None:
    caseload = Caseload(
        cases=[_change_case("K-1", gap=True), _change_case("K-2", gap=False)],
        caseworkers=[Caseworker(id="A", name="Anna"), Caseworker(id="B", name="Bo")],
        teams=[Team(id="T", name="Team")],
    )
    report = audit_caseload(caseload, AS_OF)
    # K-1: nothing from 01.11.2024 to 01.05.2025 (181 days) across the change on 01.12.2024.
    assert [
        (c.case_id, c.from_caseworker, c.to_caseworker, c.gap_days) for c in report.changes
    ] == [
        ("K-1", "A", "B", 181),
        ("K-2", "A", "B", None),
    ]
    a, b = report.caseworker("A"), report.caseworker("B")
    assert (a.given, a.received, a.cases) == (2, 0, 0)
    assert (b.received, b.gaps_after_received, b.gap_days_after_received, b.cases) == (2, 1, 181, 2)
    assert b.name == "Bo"
    assert [c.case_id for c in report.worst] == ["K-1"]
    md = to_markdown(report)
    assert "2 skift af sagsbehandler eller team; 1 blev fulgt af et hul" in md
    assert "| Bo (B) | 2 |" in md


def test_worst_cases_first_and_kept_without_the_cases() -> None:
    cases = list(iter_demo_cases(300, seed=5))
    full = audit_caseload(cases, AS_OF)
    lean = audit_caseload(iter(cases), AS_OF, keep_cases=False, worst_limit=10)
    assert lean.cases == ()
    assert [c.case_id for c in lean.worst] == [c.case_id for c in full.worst[:10]]
    scores = [(c.score, c.ongoing) for c in full.worst]
    assert scores == sorted(scores, reverse=True)
    assert lean.checks == full.checks
    assert lean.caseworkers == full.caseworkers


def test_one_bad_case_never_loses_the_others() -> None:
    good = seed_004_caseload()[:3]

    class Broken:
        case_id = "K-BAD"

    report = audit_caseload([good[0], Broken(), *good[1:]], AS_OF)  # type: ignore[list-item]
    assert report.n_cases == 3
    assert [(f.case_id, f.error.split(":")[0]) for f in report.failures] == [
        ("K-BAD", "AttributeError")
    ]
    with pytest.raises(AttributeError):
        audit_caseload([Broken()], AS_OF, strict=True)  # type: ignore[list-item]


def test_renderers_escape_and_agree() -> None:
    case = seed_004_caseload()[40]
    weird = case_from_mapping(
        {
            "case_id": "K-<b>|x",
            "child": {"id": "B", "birth_date": "2015-01-01"},
            "events": [
                {
                    "id": "W",
                    "type": "sagsbehandler_tildelt",
                    "date": "2024-12-01",
                    "caseworker": "CW|<i>",
                },
                {"id": "L", "type": "sag_lukket", "date": "2025-01-01"},
            ],
        }
    )
    report = audit_caseload([case, weird], AS_OF)
    page = to_html(report, "en")
    assert page.startswith("<!DOCTYPE html>")
    assert "K-&lt;b&gt;|x" in page
    assert "<b>|x" not in page
    assert "CW|&lt;i&gt;" in page
    assert "@media print" in page
    md = to_markdown(report)
    table = [line for line in md.splitlines() if line.startswith("| Sagsbehandler")]
    rows = [line for line in md.splitlines() if line.startswith("| CW")]
    assert rows[1].startswith("| CW\\|&lt;i&gt; | 1 |")  # no raw HTML in Markdown
    assert "<i>" not in md
    assert "<b>" not in md

    def cells(line: str) -> int:
        return line.replace("\\|", "").count("|")

    assert {cells(line) for line in [*table, *rows]} == {9}  # 8 columns, pipes escaped
    data = json.loads(to_json(report, "en"))
    assert data["format"] == "boernesag.audit/1"
    assert data["cases"] == 2
    assert [c["check_id"] for c in data["checks"]] == [c.check_id for c in report.checks]
    assert data["settings"]["gap_days"] == 90
    assert data["findings"] == report.n_findings == sum(len(c.findings) for c in report.cases)


def test_report_frames() -> None:
    pytest.importorskip("pandas")
    report = audit_caseload(demo_caseload(60), AS_OF)
    checks = report_to_frame(report)
    assert list(checks.index) == [c.check_id for c in report.checks]
    assert int(checks.loc["bfu", "relevant"]) == report.check("bfu").relevant
    findings = report_to_frame(report, "findings")
    assert len(findings) == report.n_findings
    assert str(findings["date"].dtype).startswith("datetime64")
    assert list(findings["severity"].cat.categories) == [
        "critical",
        "high",
        "medium",
        "low",
        "info",
    ]
    cases = report_to_frame(report, "cases")
    assert len(cases) == 60
    assert set(report_to_frame(report, "caseworkers").index) == {g.key for g in report.caseworkers}
    assert len(report_to_frame(report, "changes")) == len(report.changes)
    with pytest.raises(ValueError, match="ukendt tabel"):
        report_to_frame(report, "nope")


def test_importing_the_audit_does_not_import_pandas() -> None:
    import subprocess
    import sys

    code = (
        "import sys, boernesag.audit, boernesag.audit.render, boernesag.cli.audit; "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- CLI


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["audit", "--demo", "--demo-size", "30", "--as-of", "2025-06-30", *argv])
    return code, capsys.readouterr().out


def test_cli_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "--format", "json")
    assert code == 0
    assert json.loads(out)["cases"] == 30
    code, out = _run(capsys, "--format", "csv")
    assert out.splitlines()[0].startswith("check_id,label,relevant,met,partly,not_met")
    code, out = _run(capsys, "--format", "csv", "--findings")
    assert out.splitlines()[0].startswith("case_id,check_id,code,severity")
    code, out = _run(capsys, "--format", "markdown", "--lang", "en")
    assert out.startswith("# Case review as of Mon 30.06.2025")
    code, out = _run(capsys, "--format", "html")
    assert "<table>" in out
    code, out = _run(capsys, "--format", "table")
    assert out.splitlines()[0].split()[:2] == ["tema", "relevant"]


def test_cli_settings_since_case_and_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    code, out = _run(
        capsys, "--format", "json", "--setting", "gap_days=30", "--since", "2025-01-01"
    )
    assert code == 0
    data = json.loads(out)
    assert (data["settings"]["gap_days"], data["settings"]["since"]) == (30, "2025-01-01")
    code, out = _run(capsys, "--format", "json", "--enable", "ledelsestilsyn")
    assert json.loads(out)["checks"][-1]["relevant"] > 0
    case_id = demo_caseload(30).cases[3].case_id
    code, out = _run(capsys, "--format", "json", "--case", case_id)
    data = json.loads(out)
    assert data["case_id"] == case_id
    assert "findings" in data
    assert main(["audit", "--demo", "--as-of", "2025-06-30", "--setting", "nope=1"]) == 2
    assert main(["audit", "--demo", "--as-of", "2025-06-30", "--case", "K-none"]) == 2


def test_cli_as_of_defaults_to_the_demo_day(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --as-of the demo is audited on its own day (the report states it)."""
    assert main(["audit", "--demo", "--demo-size", "30", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["as_of"] == "2025-06-30"


def test_cli_workers_give_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, serial = _run(capsys, "--format", "json", "--findings")
    assert code == 0
    code, parallel = _run(capsys, "--format", "json", "--findings", "--workers", "2")
    assert code == 0
    assert json.loads(parallel) == json.loads(serial)
    assert len(json.loads(serial)) > 0
    assert main(["audit", "--demo", "--as-of", "2025-06-30", "--workers", "-1"]) == 2


def test_markdown_shows_an_id_with_html_as_text() -> None:
    evil = case_from_mapping(
        {
            "case_id": "<script>x</script>",
            "child": {"id": "B", "birth_date": "2015-01-01"},
            "events": [
                {
                    "id": "W",
                    "type": "sagsbehandler_tildelt",
                    "date": "2024-12-01",
                    "caseworker": "[klik](javascript:x)",
                },
                {"id": "L", "type": "sag_lukket", "date": "2025-01-01"},
            ],
        }
    )
    report = audit_caseload([seed_004_caseload()[40], evil], AS_OF)
    md = to_markdown(report)
    assert "<script>" not in md
    assert "[klik](javascript" not in md.replace("\\[klik\\]", "")
    assert "\\[klik\\](javascript:x)" in md
    # The themes keep their bold label; in HTML it is <b>, and nothing else is markup.
    assert "- **Børnefaglig undersøgelse**: relevant i" in md
    page = to_html(report)
    assert "<script>x" not in page
    assert "<li><b>Børnefaglig undersøgelse</b>: relevant i" in page


def test_failures_are_masked() -> None:
    class Broken:
        case_id = "K-BAD"

        @property
        def events(self) -> Any:
            raise OverflowError("out of range 0305121234")

    report = audit_caseload([Broken()], AS_OF)  # type: ignore[list-item]
    assert [f.error for f in report.failures] == ["OverflowError: out of range 030512-****"]
    with pytest.raises(CalendarRangeError, match="9999-12-31"):
        audit_caseload([], date(9999, 12, 31))
