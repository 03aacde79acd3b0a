"""Rendering handovers (Markdown, printable HTML, JSON, DataFrame) and the CLI."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from boernesag.caseio import dump_caseload, load_caseload
from boernesag.cli import main
from boernesag.handover import (
    age_overview,
    handover,
    reassign,
    render_as,
    render_html,
    render_json,
    render_markdown,
    sagsliste_frame,
    transition_plans,
)
from boernesag.model import Caseload
from test_handover import AS_OF, CASELOAD, K2, cit


def _handover(lang_desc: str = "Familien er i gang med forældrekursus.") -> object:
    return handover(
        CASELOAD,
        caseworker="CW-A",
        as_of=AS_OF,
        reason="sygdom",
        descriptions={"K1": lang_desc},
        audit=False,
    )


def test_markdown_handover() -> None:
    h = _handover()
    md = render_markdown(h)
    assert md.startswith("# Overdragelse: uforberedt skift, sagsstamme (sygdom)\n")
    assert "Fra: CW-A · Til: ikke udpeget · Skiftedag: man 03.03.2025" in md
    assert md.count("- [ ] ") == len(h.checklist)  # type: ignore[attr-defined]
    assert (
        "- [ ] **senest man 03.03.2025** · leder: Lederen overtager straks ansvaret for "
        "sagerne (3), så ingen sag står uden en ansvarlig"
    ) in md
    # The sagsliste: the summary table in urgency order, then one block per case.
    assert "| 1 | K1 | B1 | ons 10.06.2015 | overskredet frist | tor 20.02.2025 | BL 32 |" in md
    assert md.index("### 1. Sag K1") < md.index("### 2. Sag K2") < md.index("### 3. Sag K3")
    assert (
        "- **Kort beskrivelse (afgivende sagsbehandler):** Familien er i gang med forældrekursus."
        in md
    )
    # K2 and K3 have no description: an empty field to fill in.
    assert md.count("_(udfyldes)_") == 2
    assert "- **Aftaler:** fre 14.02.2025: Mor ringes op hver fredag" in md
    klage = cit("klage-genvurdering", date(2025, 2, 20))
    assert f"  - Genvurdering af klage ({klage}): tor 20.03.2025" in md
    assert "## Overgang til voksenlivet" in md
    assert (
        "| Overvej værgemål og orientér den unge og forældrene om reglerne | vejledende | værgemålsloven |"
        in md
    )
    assert "## Sagsbehandlerskift" in md


def test_markdown_english_and_table_escaping() -> None:
    h = _handover("a | b\nc")
    md = render_markdown(h, "en")
    assert md.startswith("# Handover: unprepared change, whole caseload (illness)\n")
    assert "## Checklist" in md
    assert "- **Short description (outgoing caseworker):** a | b c" in md
    assert "## Transition to adulthood" in md


def test_html_is_printable_escaped_and_complete() -> None:
    h = handover(
        CASELOAD,
        caseworker="CW-A",
        as_of=AS_OF,
        descriptions={"K2": "<script>alert(1)</script> & mere"},
        audit=False,
    )
    page = render_html(h)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="da">' in page
    assert "@media print" in page
    assert "page-break-inside: avoid" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in page
    assert page.count('<section class="case') == 3
    assert page.count("(udfyldes)") == 2

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.ok = True

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag != "meta":
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if not self.stack or self.stack.pop() != tag:
                self.ok = False

    parser = Tags()
    parser.feed(page)
    assert parser.ok
    assert parser.stack == []


def test_json_handover() -> None:
    h = _handover()
    data = json.loads(render_json(h))
    assert data["format"] == "boernesag.handover/1"
    assert (data["kind"], data["planned"], data["scope"], data["reason"]) == (
        "uforberedt_sagsstamme",
        False,
        "sagsstamme",
        "sygdom",
    )
    assert [e["id"] for e in data["checklist"]][:3] == [
        "leder-overtager",
        "sagsliste",
        "tildeling-registreres",
    ]
    rows = data["sagsliste"]["rows"]
    assert [r["case_id"] for r in rows] == ["K1", "K2", "K3"]
    assert rows[0]["urgency"] == "overdue"
    assert rows[0]["description"] == "Familien er i gang med forældrekursus."
    assert rows[1]["description"] is None
    assert rows[1]["agreements"] == [
        {"event_id": "K2-E11", "date": "2025-02-14", "text": "Mor ringes op hver fredag"}
    ]
    assert [(w["kind"], w["case_id"], w["due"]) for w in data["warnings"]] == [
        ("overdue", "K1", "2025-02-20"),
        ("window", "K2", "2025-03-05"),
    ]
    assert data["transitions"][0]["case_id"] == "K2"
    en = json.loads(render_as(h, "json", "en"))
    assert en["sagsliste"]["rows"][0]["urgency_label"] == "overdue deadline"


def test_reassignment_renders() -> None:
    r = reassign(CASELOAD, "CW-A", to={"K1": "CW-B", "K2": "CW-C"}, on=AS_OF, audit=False)
    md = render_markdown(r)
    assert md.startswith("# Omfordeling: CW-A · man 03.03.2025\n")
    assert "- K1 → CW-B (E-H-2025-03-03-1)" in md
    assert "- Bliver hos CW-A: K3" in md
    assert "# Overdragelsespakke til CW-B" in md
    assert "# Overdragelsespakke til CW-C" in md
    page = render_html(r)
    assert page.count('class="page"') == 2
    data = json.loads(render_json(r))
    assert data["format"] == "boernesag.reassignment/1"
    assert [p["to_caseworker"] for p in data["packages"]] == ["CW-B", "CW-C"]


def test_overview_and_transitions_render() -> None:
    items = age_overview([K2], AS_OF.replace(year=2026))
    md = render_markdown(items)
    assert md.startswith("## Hvem fylder 16, 17½ og 18 år")
    assert "| fre 20.03.2026 | K2 | B2 | lør 20.09.2008 | 17½ år" in md
    assert "(funktionsnedsættelse, anbragt)" in md
    assert render_html(items).count("<tr>") == 3  # header + 17½ + 18
    plans = transition_plans([K2], AS_OF)
    assert "## Overgang til voksenlivet" in render_markdown(plans)
    assert json.loads(render_json(plans))[0]["steps"][0]["id"] == "kum"


def test_render_rejects_unknown() -> None:
    with pytest.raises(ValueError, match="ukendt format"):
        render_as(_handover(), "xml")
    with pytest.raises(TypeError):
        render_markdown([1, 2])


def test_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    frame = sagsliste_frame(_handover())  # type: ignore[arg-type]
    assert list(frame["case_id"]) == ["K1", "K2", "K3"]
    assert str(frame["birth_date"].dtype).startswith("datetime64")
    assert frame["urgency"].cat.ordered
    assert frame.loc[0, "n_overdue"] == 1
    assert frame.loc[0, "next_followup_due"] == pd.Timestamp("2025-02-20")


def test_dataframe_without_pandas_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # makes "import pandas" fail
    with pytest.raises(ModuleNotFoundError, match="boernesag\\[pandas\\]"):
        sagsliste_frame(_handover())  # type: ignore[arg-type]


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def caseload_file(tmp_path: Path) -> Path:
    path = tmp_path / "stamme.json"
    dump_caseload(CASELOAD, path)
    return path


def test_cli_json(caseload_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "handover",
            str(caseload_file),
            "--caseworker",
            "CW-A",
            "--unplanned",
            "--as-of",
            "2025-03-03",
            "--format",
            "json",
            "--no-audit",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "uforberedt_sagsstamme"
    assert [r["case_id"] for r in data["sagsliste"]["rows"]] == ["K1", "K2", "K3"]
    assert "2009084123" not in json.dumps(data)


def test_cli_table_and_markdown(caseload_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["handover", str(caseload_file), "--caseworker", "CW-A", "--as-of", "2025-03-03"]
    assert main([*args, "--reason", "orlov", "--format", "table", "--no-audit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Overdragelse: forberedt skift, sagsstamme (orlov)")
    assert "Hold overdragelsesmøde" in out
    assert re.search(r"^K1 +B1 +ons 10\.06\.2015 +overskredet frist", out, re.M)
    assert main([*args, "--format", "markdown", "--window-days", "30", "--no-audit"]) == 0
    assert "Overdragelsesvindue: 30 dage" in capsys.readouterr().out
    assert main([*args, "--format", "html", "--lang", "en", "--no-audit"]) == 0
    assert '<html lang="en">' in capsys.readouterr().out


def test_cli_single_case_needs_no_caseworker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from boernesag.caseio import dump_case

    path = tmp_path / "sag.json"
    dump_case(K2, path)
    assert main(["handover", str(path), "--as-of", "2025-03-03", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["scope"], data["from_caseworker"]) == ("enkeltsag", "CW-A")


def test_cli_descriptions_file(
    caseload_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desc = tmp_path / "beskrivelser.json"
    desc.write_text(json.dumps({"K3": "Afventer svar fra skolen."}), encoding="utf-8")
    args = ["handover", str(caseload_file), "--caseworker", "CW-A", "--as-of", "2025-03-03"]
    assert main([*args, "--descriptions", str(desc), "--format", "json", "--no-audit"]) == 0
    rows = json.loads(capsys.readouterr().out)["sagsliste"]["rows"]
    assert rows[2]["description"] == "Afventer svar fra skolen."


def test_cli_reassign_and_save(
    caseload_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "ny.json"
    code = main(
        [
            "handover",
            str(caseload_file),
            "--caseworker",
            "CW-A",
            "--to",
            "CW-B",
            "--as-of",
            "2025-03-03",
            "--save",
            str(out_file),
            "--format",
            "json",
            "--no-audit",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["case_id"] for m in data["moves"]] == ["K1", "K2", "K3"]
    new = load_caseload(out_file)
    assert {c.case_id: c.caseworker_on(AS_OF) for c in new.cases} == {
        "K1": "CW-B",
        "K2": "CW-B",
        "K3": "CW-B",
        "K4": "CW-B",
        "K5": "CW-A",
    }


def test_cli_ages(caseload_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["handover", str(caseload_file), "--ages", "--as-of", "2025-09-01", "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    # K2 (born 2008-09-20): 17½ on 2026-03-20, 18 on 2026-09-20 (after 12 months: not listed).
    assert [(m["case_id"], m["milestone"], m["day"]) for m in data] == [
        ("K2", "17.5", "2026-03-20")
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--caseworker", "CW-A", "--reason", "sygdom", "--planned"], "uforberedt"),
        (["--reason", "sygdom", "--planned"], "uforberedt"),
        ([], "angiv sagsbehandleren"),
        (["--caseworker", "CW-A", "--save", "x.json"], "--save kræver --to"),
        (["--caseworker", "CW-A", "--window-days", "-3"], "--window-days"),
    ],
)
def test_cli_errors_exit_2(
    caseload_file: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code = main(["handover", str(caseload_file), "--as-of", "2025-03-03", *extra])
    assert code == 2
    assert message in capsys.readouterr().err


def test_cli_planned_and_unplanned_are_exclusive(caseload_file: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["handover", str(caseload_file), "--as-of", "2025-03-03", "--planned", "--unplanned"])
    assert exc.value.code == 2


@pytest.mark.skipif(importlib.util.find_spec("boernesag.demo") is None, reason="no demo module yet")
def test_cli_demo(capsys: pytest.CaptureFixture[str]) -> None:
    from boernesag.demo import demo_caseload

    demo = demo_caseload()
    cw = next(
        c.caseworker_on(AS_OF) for c in demo.cases if c.caseworker_on(AS_OF) and c.is_open_on(AS_OF)
    )
    code = main(
        ["handover", "--demo", "--caseworker", str(cw), "--as-of", "2025-03-03", "--format", "json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from_caseworker"] == cw
    assert data["sagsliste"]["rows"]


def test_markdown_passes_no_raw_html_or_links_from_ids_and_texts() -> None:
    evil = "<script>x</script>"
    case = attrs.evolve(K2, case_id=evil, child=attrs.evolve(K2.child, id="[klik](javascript:x)"))
    load = Caseload(cases=(case,))
    h = handover(
        load,
        caseworker="CW-A",
        as_of=AS_OF,
        descriptions={evil: "<img src=x onerror=alert(1)> & `kode`"},
        audit=False,
    )
    md = render_markdown(h)
    assert "<script>" not in md
    assert "<img" not in md
    assert "&lt;script&gt;x&lt;/script&gt;" in md
    assert "\\[klik\\](javascript:x)" in md
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; \\`kode\\`" in md
    r = reassign(load, "CW-A", to="CW-<b>B</b>", on=AS_OF, audit=False)
    md = render_markdown(r)
    assert "<" not in md.replace("&lt;", "")
    assert "- &lt;script&gt;x&lt;/script&gt; → CW-&lt;b&gt;B&lt;/b&gt;" in md
    page = render_html(r)
    assert "<script>x" not in page
    assert "<b>B" not in page


def test_a_case_that_could_not_be_moved_is_rendered() -> None:
    import boernesag.handover.reassignment as module

    r = reassign(CASELOAD, "CW-A", to="CW-B", on=AS_OF, audit=False)
    failed = attrs.evolve(r, failed=(("K9", "<i>fejl</i>"),))
    assert isinstance(failed, module.Reassignment)
    md = render_markdown(failed)
    assert "## Kunne ikke flyttes (bliver hos CW-A)" in md
    assert "- K9: &lt;i&gt;fejl&lt;/i&gt;" in md
    assert "<li>K9: &lt;i&gt;fejl&lt;/i&gt;</li>" in render_html(failed)
