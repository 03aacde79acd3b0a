"""Progress on stderr for long work on the command line (issue 15, item 8).

A :class:`Meter` follows one step of a long run: it counts what is done (cases read, cases
computed) against a total when the total is known, or only marks a step that cannot count
(parsing a JSON file, writing one). It shows a line on stderr, and only

* when stderr is a terminal: a pipe, a file, a log collector or a test that captures stderr
  sees nothing, so what a program reads on stderr stays the warnings and errors it was;
* when it is not switched off: ``--no-progress`` on the command line, or the environment
  variable :data:`ENV_OFF` set to anything non-empty (as ``NO_COLOR`` is honoured);
* once the step has taken more than :data:`DELAY` seconds: a quick command stays quiet.

With tqdm installed (the optional extra ``boernesag[progress]``) the line is a tqdm bar;
without it, a plain line of text that is redrawn in place. tqdm is imported only when a line
is first shown, never at ``import boernesag``. Nothing here writes to stdout.

A meter is a ``progress`` callback as the library's long functions take it (called with the
number of cases done, e.g. :func:`boernesag.deadlines.caseload_deadlines`); as a context
manager it also redraws the line every second while a step that cannot count runs, and ends
the line when the step is done.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import IO, Any, Final, TypeVar

__all__ = ["DELAY", "ENV_OFF", "Meter", "counted", "now", "wanted"]

#: Seconds a step runs before its line appears.
DELAY: Final = 2.0
#: Seconds between two redraws of the plain line.
REFRESH: Final = 0.5
#: Set to anything non-empty to switch every progress line off.
ENV_OFF: Final = "BOERNESAG_NO_PROGRESS"

T = TypeVar("T")


def now() -> float:
    """The clock the meters read (monotonic seconds); a test may replace it."""
    return time.monotonic()


def wanted(stream: IO[str], *, enabled: bool = True) -> bool:
    """Whether a progress line may be shown on ``stream``: ``enabled``, :data:`ENV_OFF` not
    set, and ``stream`` a terminal."""
    if not enabled or os.environ.get(ENV_OFF):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


def _elapsed(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"


class Meter:
    """One step of a long run, shown on stderr after :data:`DELAY` seconds (see the module).

    ``label`` names the step ("indlæser sager"), ``total`` what it counts to (None if
    unknown), ``unit`` what it counts. ``enabled=False`` (``--no-progress``) keeps it silent.
    Call it with the number done so far, or use :meth:`advance` / :meth:`iterate`.
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        unit: str = "sager",
        enabled: bool = True,
        stream: IO[str] | None = None,
        delay: float = DELAY,
        heartbeat: float | None = 1.0,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self._stream: IO[str] = stream if stream is not None else sys.stderr
        self._active = wanted(self._stream, enabled=enabled)
        self._delay = delay
        self._heartbeat = heartbeat
        self._start = now()
        self._done = 0
        self._shown = False
        self._closed = False
        self._bar: Any = None
        self._last_draw = float("-inf")
        self._width = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        """Whether this meter may show a line at all (a terminal, not switched off)."""
        return self._active

    @property
    def shown(self) -> bool:
        """Whether a line has been shown (the step took longer than the delay)."""
        return self._shown

    # ----------------------------------------------------------------------- counting

    def __call__(self, done: int) -> None:
        """``done`` of :attr:`total` are done (a ``progress`` callback)."""
        self._done = done
        if self._active:
            self.poll()

    def advance(self, n: int = 1) -> None:
        """``n`` more are done."""
        self(self._done + n)

    def iterate(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, counting each one as done when the next is asked for."""
        for item in items:
            yield item
            self.advance()

    # ----------------------------------------------------------------------- showing

    def poll(self) -> None:
        """Show or redraw the line if the step has run longer than the delay."""
        if not self._active or self._closed:
            return
        with self._lock:
            t = now()
            if t - self._start < self._delay:
                return
            if not self._shown:
                self._shown = True
                self._bar = self._open_bar(t)
            if self._bar is not None:
                self._bar.update(self._done - self._bar.n)
                if self.total is None:
                    self._bar.refresh()
            elif t - self._last_draw >= REFRESH:
                self._draw(t)

    def _open_bar(self, t: float) -> Any:
        """A tqdm bar, if tqdm is installed (else None: the plain line)."""
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        stage = self.total is None and self._done == 0
        bar = tqdm(
            total=self.total,
            initial=self._done,
            delay=REFRESH,  # tqdm draws nothing until start_t is set back, below
            desc=self.label,
            unit=f" {self.unit}",
            file=self._stream,
            dynamic_ncols=True,
            mininterval=REFRESH,
            bar_format="{desc} … {elapsed}" if stage else None,
        )
        bar.start_t -= t - self._start  # the step began before its bar: show its whole time
        return bar

    def text(self, t: float | None = None) -> str:
        """The plain line: what is done of what, and for how long."""
        spent = _elapsed((now() if t is None else t) - self._start)
        if self.total:
            pct = min(100, 100 * self._done // self.total)
            return f"{self.label}: {self._done}/{self.total} {self.unit} ({pct} %), {spent}"
        if self._done:
            return f"{self.label}: {self._done} {self.unit}, {spent}"
        return f"{self.label} … {spent}"

    def _draw(self, t: float, end: str = "") -> None:
        line = self.text(t)
        pad = " " * max(0, self._width - len(line))
        self._width = len(line)
        self._last_draw = t
        try:
            self._stream.write(f"\r{line}{pad}{end}")
            self._stream.flush()
        except (ValueError, OSError):  # a closed terminal never stops the work
            self._active = False

    # ----------------------------------------------------------------------- the step

    def close(self) -> None:
        """The step is done: stop redrawing and end the line. A step that took longer than
        the delay gets its line now if it had none yet (its time is worth knowing)."""
        if self._closed:
            return
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self.poll()
        with self._lock:
            self._closed = True
            if not self._shown:
                return
            if self._bar is not None:
                self._bar.update(self._done - self._bar.n)
                self._bar.close()
            elif self._active:
                self._draw(now(), end="\n")

    def _beat(self, every: float) -> None:
        while not self._stop.wait(every):
            self.poll()

    def __enter__(self) -> Meter:
        if self._active and self._heartbeat is not None and self._thread is None:
            self._thread = threading.Thread(
                target=self._beat, args=(self._heartbeat,), name="boernesag-progress", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def counted(meter: Meter | None) -> Callable[[int], None] | None:
    """``meter`` as a ``progress`` callback, or None when it can never show (so a library
    function called with it skips the callback altogether)."""
    return meter if meter is not None and meter.active else None
