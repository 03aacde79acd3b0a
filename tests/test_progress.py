"""The progress line on stderr (:mod:`boernesag.progress`, issue 15 item 8).

Time is simulated: ``boernesag.progress.now`` is replaced by a clock that moves on by a
fixed step each time it is read, so "slow work" takes no real time.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import types
from typing import Any

import pytest

from boernesag import progress
from boernesag.cli import main
from boernesag.progress import ENV_OFF, Meter


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reading of the clock is one second later than the last: slow work."""
    ticks = iter(range(10**9))
    monkeypatch.setattr(progress, "now", lambda: float(next(ticks)))
    monkeypatch.delenv(ENV_OFF, raising=False)


@pytest.fixture
def no_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import tqdm`` fails, as where the extra is not installed."""
    monkeypatch.setitem(sys.modules, "tqdm", None)


def test_plain_line_on_a_terminal_for_slow_work(slow: None, no_tqdm: None) -> None:
    out = FakeTerminal()
    with Meter("indlæser sager", 10, stream=out, heartbeat=None) as m:
        for i in range(1, 11):
            m(i)
    text = out.getvalue()
    assert "\rindlæser sager: 10/10 sager (100 %)" in text
    assert text.endswith("\n")  # the line is ended, so what follows starts on its own line


def test_quick_work_shows_nothing(monkeypatch: pytest.MonkeyPatch, no_tqdm: None) -> None:
    monkeypatch.setattr(progress, "now", lambda: 0.0)  # no time passes
    monkeypatch.delenv(ENV_OFF, raising=False)
    out = FakeTerminal()
    with Meter("indlæser sager", 1000, stream=out, heartbeat=None) as m:
        for i in range(1, 1001):
            m(i)
    assert out.getvalue() == ""


def test_nothing_when_not_a_terminal(slow: None, no_tqdm: None) -> None:
    out = io.StringIO()
    with Meter("indlæser sager", 10, stream=out, heartbeat=None) as m:
        for i in range(1, 11):
            m(i)
    assert not m.active
    assert out.getvalue() == ""


def test_nothing_when_switched_off(
    slow: None, no_tqdm: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = FakeTerminal()
    with Meter("a", 10, stream=out, enabled=False, heartbeat=None) as m:
        m(10)
    monkeypatch.setenv(ENV_OFF, "1")
    with Meter("b", 10, stream=out, heartbeat=None) as m:
        m(10)
    assert out.getvalue() == ""


def test_a_step_that_cannot_count_shows_its_time(slow: None, no_tqdm: None) -> None:
    out = FakeTerminal()
    with Meter("læser sager.json", stream=out, heartbeat=None) as m:
        m.poll()
        m.poll()
        m.poll()
    assert "læser sager.json … " in out.getvalue()
    assert out.getvalue().endswith(" s\n")


def test_iterate_counts_each_item(slow: None, no_tqdm: None) -> None:
    out = FakeTerminal()
    with Meter("x", 3, stream=out, heartbeat=None) as m:
        assert list(m.iterate("abc")) == ["a", "b", "c"]
    assert "x: 3/3 sager (100 %)" in out.getvalue()


def test_tqdm_bar_when_installed(slow: None, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[dict[str, Any]] = []
    bars: list[Any] = []

    class Bar:
        def __init__(self, **kw: Any) -> None:
            made.append(kw)
            bars.append(self)
            self.n = kw.get("initial", 0)
            self.start_t = 100.0
            self.closed = False

        def update(self, n: int) -> None:
            self.n += n

        def refresh(self) -> None:
            pass

        def close(self) -> None:
            self.closed = True

    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=Bar))
    out = FakeTerminal()
    with Meter("indlæser sager", 10, stream=out, heartbeat=None) as m:
        for i in range(1, 11):
            m(i)
    assert len(made) == 1
    assert made[0]["total"] == 10
    assert made[0]["file"] is out
    bar = bars[0]
    assert bar.n == 10
    assert bar.closed
    assert bar.start_t < 100.0  # the time before the bar appeared is counted
    assert out.getvalue() == ""  # tqdm draws; the plain line is not written as well


def test_real_tqdm_draws_on_the_terminal(slow: None) -> None:
    pytest.importorskip("tqdm")
    out = FakeTerminal()
    with Meter("indlæser sager", 10, stream=out, heartbeat=None) as m:
        for i in range(1, 11):
            m(i)
    assert "indlæser sager" in out.getvalue()
    assert "10/10" in out.getvalue()


def test_import_boernesag_does_not_import_tqdm_or_the_meter() -> None:
    code = (
        "import sys, boernesag; print('tqdm' in sys.modules, 'boernesag.progress' in sys.modules)"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- the CLI


def _run(argv: list[str], err: io.StringIO) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue()


DEADLINES = ["deadlines", "--demo", "--format", "json"]


def test_cli_shows_progress_on_a_terminal_and_stdout_is_unchanged(
    slow: None, no_tqdm: None
) -> None:
    code, quiet = _run(DEADLINES, io.StringIO())
    err = FakeTerminal()
    code_tty, shown = _run(DEADLINES, err)
    assert code == code_tty == 0
    assert shown == quiet
    assert "beregner frister: 120/120 sager (100 %)" in err.getvalue()
    assert "danner demo-sager" not in err.getvalue()  # the default demo has no size to count


def test_cli_no_progress_flag_before_or_after_the_subcommand(slow: None, no_tqdm: None) -> None:
    for argv in (["--no-progress", *DEADLINES], [*DEADLINES, "--no-progress"]):
        err = FakeTerminal()
        _run(argv, err)
        assert "beregner frister" not in err.getvalue()


def test_cli_english_labels(slow: None, no_tqdm: None) -> None:
    err = FakeTerminal()
    _run(["audit", "--demo", "--demo-size", "30", "--format", "json", "--lang", "en"], err)
    assert "generating demo cases: 30/30 cases (100 %)" in err.getvalue()
    assert "auditing cases: 30/30 cases (100 %)" in err.getvalue()


def test_cli_loading_a_file_shows_reading_and_loading(
    slow: None, no_tqdm: None, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from boernesag.caseio import dump_caseload
    from boernesag.demo import demo_caseload

    ticks = iter(range(10**9))  # 3 s per reading of the clock: reading the file is slow
    monkeypatch.setattr(progress, "now", lambda: 3.0 * next(ticks))

    path = tmp_path / "sager.json"
    path.write_text(dump_caseload(demo_caseload(25)), encoding="utf-8")
    err = FakeTerminal()
    _, shown = _run(["deadlines", str(path), "--as-of", "2025-06-30", "--summary",
                     "--format", "json"], err)  # fmt: skip
    _, quiet = _run(["deadlines", str(path), "--as-of", "2025-06-30", "--summary",
                     "--format", "json"], io.StringIO())  # fmt: skip
    assert shown == quiet
    assert f"læser {path} … " in err.getvalue()
    assert "indlæser sager: 25/25 sager (100 %)" in err.getvalue()
