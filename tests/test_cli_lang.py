"""The command line's language: help, errors and summaries from one catalogue
(:mod:`boernesag.cli.messages`), plural forms, Danish words in Danish reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boernesag.cli import SUBCOMMANDS, main
from boernesag.cli.messages import MESSAGES, current_lang, lang_from_argv, msg, use_lang
from boernesag.text import Count, fill, plural

AS_OF = "2025-06-30"

#: Words of Danish help that English help must not have, and the other way round.
DANISH_WORDS = re.compile(
    r"\b(sager|sagen|sagsstamme\w*|frister|standard|opgørelsesdag|eller|kun|hverdage|"
    r"brug|tilvalg|argumenter|vis|afslut|fil|ÅÅÅÅ-MM-DD)\b",
    re.IGNORECASE,
)
ENGLISH_WORDS = re.compile(
    r"\b(usage|options|positional|show|help message|default|cases|deadlines|only|"
    r"file|the|and|of|YYYY-MM-DD)\b",
    re.IGNORECASE,
)
#: Titles of documents and names quoted in help as they are written (not translated).
QUOTED = re.compile(r"»[^«]*«|boernesag\[\w+\]|BOERNESAG_LANG|--[\w-]+|\{[^}]*\}")

HELP_COMMANDS = [[], *([name] for name in SUBCOMMANDS), ["workdays", "add"]]


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """stderr of a command that must fail with exit 2 (argparse's or ours)."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    return capsys.readouterr().err


# --------------------------------------------------------------------------- catalogue


def test_every_message_has_both_languages_and_the_same_fields() -> None:
    field = re.compile(r"\{(\w+)")
    for key, (da, en) in MESSAGES.items():
        assert da, key
        assert en, key
        assert set(field.findall(da)) == set(field.findall(en)), key


def test_language_from_argv_then_environment_then_danish() -> None:
    assert lang_from_argv(["deadlines", "--lang", "en"], {}) == "en"
    assert lang_from_argv(["--lang=en", "audit"], {}) == "en"
    assert lang_from_argv(["audit"], {"BOERNESAG_LANG": "en"}) == "en"
    assert lang_from_argv(["audit", "--lang", "da"], {"BOERNESAG_LANG": "en"}) == "da"
    assert lang_from_argv(["audit"], {"BOERNESAG_LANG": "fr"}) == "da"
    assert lang_from_argv(["audit", "--", "--lang", "en"], {}) == "da"
    assert lang_from_argv([], {}) == "da"


def test_the_language_of_a_run_ends_with_it(capsys: pytest.CaptureFixture[str]) -> None:
    _help(["--lang", "en", "schema"], capsys)
    assert current_lang() == "da"
    with use_lang("en"):
        assert msg("deadlines.none") == "no deadlines"
    assert msg("deadlines.none") == "ingen frister"


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("argv", HELP_COMMANDS, ids=lambda a: " ".join(a) or "boernesag")
def test_english_help_has_no_danish_words(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = QUOTED.sub("", _help(["--lang", "en", *argv], capsys))
    assert "usage: boernesag" in text
    assert not DANISH_WORDS.findall(text), DANISH_WORDS.findall(text)


@pytest.mark.parametrize("argv", HELP_COMMANDS, ids=lambda a: " ".join(a) or "boernesag")
def test_danish_help_has_no_english_words(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = QUOTED.sub("", _help(argv, capsys))
    text = re.sub(r"\b(" + "|".join(SUBCOMMANDS) + r")\b", "", text)  # the commands' names
    assert "brug: boernesag" in text
    assert not ENGLISH_WORDS.findall(text), ENGLISH_WORDS.findall(text)


def test_the_environment_variable_switches_the_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOERNESAG_LANG", "en")
    assert "show this help message and exit" in _help(["deadlines"], capsys)


def test_the_epilog_says_how_to_switch_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--lang en" in _help([], capsys)
    assert "BOERNESAG_LANG" in _help([], capsys)
    assert "--lang da" in _help(["--lang", "en"], capsys)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("da", "ukendt sagsbehandler 'CW-999'"), ("en", "unknown caseworker 'CW-999'")],
)
def test_unknown_caseworker(lang: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["allocate", "--demo", "--as-of", AS_OF, "--from", "CW-999", "--lang", lang]
    assert _error(argv, capsys) == f"boernesag: {expected}: " + (
        "findes ikke i sagsstammen\n" if lang == "da" else "not in the caseload\n"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("da", "fejl: argument --as-of: '2025-13-01' er ikke en dato ÅÅÅÅ-MM-DD"),
        ("en", "error: argument --as-of: '2025-13-01' is not a date YYYY-MM-DD"),
    ],
)
def test_bad_date(lang: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(["deadlines", "--demo", "--as-of", "2025-13-01", "--lang", lang], capsys)
    assert err.startswith("brug: boernesag deadlines" if lang == "da" else "usage: boernesag")
    assert err.endswith(f"boernesag deadlines: {expected}\n")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("da", "filen findes ikke: {}"), ("en", "no such file: {}")],
)
def test_missing_file(
    lang: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "sager.json"
    err = _error(["audit", str(missing), "--as-of", AS_OF, "--lang", lang], capsys)
    assert err == "boernesag: " + expected.format(missing) + "\n"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("da", "fejl: argument --format: ugyldigt valg: 'pdf' (vælg mellem"),
        ("en", "error: argument --format: invalid choice: 'pdf' (choose from"),
    ],
)
def test_argparse_errors_in_the_language(
    lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in _error(["deadlines", "--demo", "--format", "pdf", "--lang", lang], capsys)


def test_an_option_before_the_subcommand_sets_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(["--lang", "en", "workdays", "add", "2025-06-02", "1"], capsys)
    assert code == 0
    assert out == "Mon 02.06.2025 + 1 working day = Tue 03.06.2025\n"


# --------------------------------------------------------------------------- plurals


@pytest.mark.parametrize(
    ("n", "da", "en"),
    [
        (0, "0 hverdage efter", "0 working days after"),
        (1, "1 hverdag efter", "1 working day after"),
        (2, "2 hverdage efter", "2 working days after"),
    ],
)
def test_plurals_of_a_cli_line(
    n: int, da: str, en: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Mon 02.06.2025: 0, 1 and 2 working days after it up to Mon, Tue and Wed.
    end = f"2025-06-0{2 + n}"
    for lang, expected in (("da", da), ("en", en)):
        code, out, _ = _run(["workdays", "--lang", lang, "between", "2025-06-02", end], capsys)
        assert code == 0
        assert out.startswith(expected)


@pytest.mark.parametrize(
    ("n", "da", "en"),
    [
        (0, "0 frister i 0 sager", "0 deadlines in 0 cases"),
        (1, "1 frist i 1 sag", "1 deadline in 1 case"),
        (2, "2 frister i 2 sager", "2 deadlines in 2 cases"),
    ],
)
def test_plurals_of_the_summary_line(n: int, da: str, en: str) -> None:
    for lang, expected in (("da", da), ("en", en)):
        with use_lang(lang):
            assert msg("deadlines.total", total=n, cases=n, missed=0).startswith(expected)


@pytest.mark.parametrize(("n", "word"), [(0, "cases"), (1, "case"), (2, "cases")])
def test_fill_and_plural(n: int, word: str) -> None:
    assert plural(n, "case", "cases") == word
    assert fill("{n} {n:case|cases}", n=n) == f"{n} {word}"
    assert fill("{n} {n:sag|sager}", n=n) == f"{n} {'sag' if n == 1 else 'sager'}"
    assert f"{Count(n):03d}" == f"{n:03d}"  # an ordinary format spec still works
    assert fill("{flag}", flag=True) == "True"  # a bool is not a count


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_audit_report_agrees_with_its_counts(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["audit", "--demo", "--as-of", AS_OF, "--case", "K-2021-00003"]
    code, out, _ = _run([*argv, "--format", "markdown", "--lang", lang], capsys)
    assert code == 0
    if lang == "da":
        assert "1 sag er gennemgået" in out
        assert not re.search(r"\b1 sager\b", out)
    else:
        assert "1 case was reviewed" in out
        assert not re.search(r"\b1 (cases|findings|deadlines|days)\b", out)


# --------------------------------------------------------------------------- severities


def test_no_english_severity_in_danish_reports(capsys: pytest.CaptureFixture[str]) -> None:
    english = re.compile(r"\[(critical|high|medium|low)\]|\b(critical|high|medium)\b")
    for argv in (
        ["handover", "--caseworker", "CW-004", "--format", "markdown"],
        ["handover", "--caseworker", "CW-004", "--format", "html"],
        ["audit", "--format", "markdown"],
        ["audit", "--format", "html"],
        ["audit", "--findings", "--format", "table"],
    ):
        code, out, _ = _run([*argv, "--demo", "--as-of", AS_OF], capsys)
        assert code == 0
        text = re.sub(r"<style>.*?</style>|<[^>]*>", " ", out, flags=re.DOTALL)
        assert not english.findall(text), (argv, english.findall(text)[:3])
    code, out, _ = _run(
        ["handover", "--caseworker", "CW-004", "--format", "html", "--demo", "--as-of", AS_OF],
        capsys,
    )
    assert "[høj]" in out  # the sagsliste's findings


@pytest.mark.parametrize(
    ("n", "da", "en"),
    [
        (0, "hver af de 0 frister", "each of the 0 deadlines"),
        (1, "hvem der overholder fristen, der", "who meets the deadline due within 1 day "),
        (2, "hver af de 2 frister", "each of the 2 deadlines"),
    ],
)
def test_plurals_of_the_handover_checklist(n: int, da: str, en: str) -> None:
    from boernesag.handover.checklist import ITEMS, ChecklistEntry

    item = next(i for i in ITEMS if i.id == "frister-aftales")
    entry = ChecklistEntry(item, None, {"n_window": n, "window_days": max(n, 1)})
    assert da in entry.text("da")
    assert en in entry.text("en")
    assert "1 dage" not in entry.text("da")
    assert "1 days" not in entry.text("en")
