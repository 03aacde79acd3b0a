"""Helpers shared by the subcommands: input, demo data, output formats, dates, exit status,
failures on stderr and saving a caseload.

The exit status (see :mod:`boernesag.cli`): :data:`EXIT_OK`, :data:`EXIT_INTERNAL`,
:data:`EXIT_INPUT`, :data:`EXIT_PARTIAL`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from boernesag._texttable import DEFAULT_WIDTH, fill_text, text_table
from boernesag.cli.messages import current_lang, msg
from boernesag.cpr import redact
from boernesag.errors import BoernesagError, CalendarRangeError
from boernesag.model import Caseload
from boernesag.periods import ISO_DAY

if TYPE_CHECKING:
    from boernesag.progress import Meter

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "StderrHandler",
    "add_format_args",
    "add_input_args",
    "as_of_date",
    "check_output_target",
    "check_save_target",
    "exit_status",
    "iso_date",
    "load_input",
    "meter",
    "non_negative_int",
    "positive_int",
    "rejected_json",
    "report_failures",
    "save_caseload",
    "summary_rows",
    "table_width",
    "warn",
    "write_csv",
    "write_json",
    "write_output",
    "write_table",
    "write_text",
]

#: Everything was read and computed.
EXIT_OK = 0
#: An internal error (a bug in boernesag): one line asks to report it; ``--debug`` shows more.
EXIT_INTERNAL = 1
#: Invalid input or arguments (a user's mistake): nothing was computed; one line says why.
EXIT_INPUT = 2
#: Some cases could not be read (``--lenient``) or computed: the rest was output, and each
#: of those cases is listed on stderr.
EXIT_PARTIAL = 3

def warn(message: str) -> None:
    """One line on stderr, ``boernesag: ...``, CPR-shaped digits masked."""
    print(f"boernesag: {redact(message)}", file=sys.stderr)


def iso_date(text: str) -> date:
    """argparse type: a date written exactly YYYY-MM-DD (not 20250630, not 2025-W26-1)."""
    if ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(msg("error.not_a_date", text=redact(repr(text))))


def as_of_date(text: str) -> date:
    """argparse type: a day to compute on (``--as-of``, ``--on``, ``--since``): YYYY-MM-DD in
    the plausible window of :mod:`boernesag.bounds`."""
    from boernesag.bounds import check_as_of

    day = iso_date(text)
    try:
        return check_as_of(day, what=msg("error.day"))
    except CalendarRangeError as exc:
        raise argparse.ArgumentTypeError(exc.text(current_lang())) from None


def non_negative_int(text: str) -> int:
    """argparse type: a whole number 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(msg("error.non_negative", text=redact(repr(text))))
    return value


def positive_int(text: str) -> int:
    """argparse type: a whole number 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(msg("error.positive", text=redact(repr(text))))
    return value


def add_input_args(parser: argparse.ArgumentParser) -> None:
    """FILE (a case or caseload; '-' = stdin) or --demo, plus --demo-size and --lenient."""
    parser.add_argument(
        "file", nargs="?", metavar=msg("opt.file.metavar"), help=msg("opt.file")
    )
    parser.add_argument("--demo", action="store_true", help=msg("opt.demo"))
    parser.add_argument(
        "--demo-size",
        type=positive_int,
        default=None,
        metavar="N",
        help=msg("opt.demo_size"),
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help=msg("opt.lenient"),
    )


def add_format_args(
    parser: argparse.ArgumentParser, formats: Sequence[str] = ("table", "json", "csv")
) -> None:
    parser.add_argument(
        "--format",
        choices=list(formats),
        default=None,
        help=msg("opt.format"),
    )
    # The default is the language the help is written in (--lang or BOERNESAG_LANG, read
    # before the parser was built: boernesag.cli.messages.lang_from_argv).
    parser.add_argument(
        "--lang", choices=["da", "en"], default=current_lang(), help=msg("opt.lang")
    )


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "table" if sys.stdout.isatty() else "json"


def load_input(args: argparse.Namespace) -> Caseload:
    """The caseload from FILE, stdin or --demo; a clear error if neither is given.

    A directory, a missing or unreadable file is one clear line (exit 2). The cases a
    lenient load rejected and the load's warnings are written to stderr, CPR digits masked.
    """
    from boernesag.caseio import load_caseload, read_json
    from boernesag.progress import counted

    if args.demo:
        if args.file:
            raise ValueError(msg("error.file_and_demo"))
        from boernesag.demo import demo_caseload

        demo: Caseload
        with meter(args, "danner demo-sager", "generating demo cases", args.demo_size) as m:
            if args.demo_size is not None:
                demo = demo_caseload(n_cases=args.demo_size, progress=counted(m))
            else:
                demo = demo_caseload()
        _resolve_as_of(args, demo)
        return demo
    if not args.file:
        raise ValueError(msg("error.no_input"))
    if args.file != "-":
        _check_readable(Path(args.file))
    # The loader logs each rejection; they are written below from the caseload, once.
    loader_log = logging.getLogger("boernesag.caseio")
    quiet = _BelowError()
    loader_log.addFilter(quiet)
    name = "stdin" if args.file == "-" else args.file
    try:
        with meter(args, f"læser {name}", f"reading {name}"):
            raw = read_json(args.file)
        cases = raw.get("cases") if isinstance(raw, dict) else None
        total = len(cases) if isinstance(cases, list) else None
        with meter(args, "indlæser sager", "loading cases", total) as m:
            caseload = load_caseload(
                raw, lenient=bool(getattr(args, "lenient", False)), progress=counted(m)
            )
    finally:
        loader_log.removeFilter(quiet)
    _resolve_as_of(args, caseload)
    for warning in caseload.warnings:
        warn(msg("warn.warning", text=warning.text(current_lang())))
    for rejected in caseload.rejected:
        error = rejected.text(current_lang())
        warn(msg("warn.rejected", error=error))
    if caseload.rejected:
        n = len(caseload.rejected)
        warn(msg("warn.rejected_count", n=n, total=n + len(caseload.cases)))
    return caseload


#: An ``--as-of`` this many days after the data's last event gets a warning: every recurring
#: duty since then shows as overdue, which is rarely what the user meant.
STALE_AFTER_DAYS = 183


def _resolve_as_of(args: argparse.Namespace, caseload: Caseload) -> None:
    """Fill in ``args.as_of`` where the subcommand has one and it was not given: the demo's
    own day with ``--demo``, else today. Warn when it lies well after the data's last event."""
    if not hasattr(args, "as_of"):
        return
    if args.as_of is None:
        if args.demo:
            from boernesag.demo import DEMO_AS_OF

            args.as_of = DEMO_AS_OF
        else:
            args.as_of = date.today()
    as_of: date = args.as_of
    last = max((max(e.day for e in c.events) for c in caseload.cases if c.events), default=None)
    if last is not None and (as_of - last).days > STALE_AFTER_DAYS:
        warn(
            msg(
                "warn.stale",
                as_of=as_of.isoformat(),
                days=(as_of - last).days,
                last=last.isoformat(),
            )
        )


class _BelowError(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


class StderrHandler(logging.Handler):
    """The library's log lines on the command line: ``boernesag: message``, CPR masked."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            warn(record.getMessage())
        except Exception:  # never let a log line stop the run
            self.handleError(record)


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise BoernesagError.from_key("error.is_directory", path=path)
    if not path.exists():
        raise BoernesagError.from_key("error.no_file", path=path)
    if not os.access(path, os.R_OK):
        raise BoernesagError.from_key("error.unreadable", path=path)


def report_failures(failures: Iterable[tuple[str | None, str]], what: str) -> int:
    """Write each ``(case id, message)`` to stderr (``sag K: what: message``) and return how
    many there were."""
    n = 0
    for case_id, message in failures:
        n += 1
        warn(msg("warn.case_failed", case=case_id or "?", what=what, message=message))
    return n


def exit_status(caseload: Caseload, failed: int = 0) -> int:
    """:data:`EXIT_PARTIAL` if a case was rejected at load or ``failed`` cases could not be
    computed, else :data:`EXIT_OK`."""
    return EXIT_PARTIAL if caseload.rejected or failed else EXIT_OK


# --------------------------------------------------------------------------- saving


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def rejected_json(caseload: Caseload, input_file: str | None) -> list[tuple[int, Any]]:
    """``(index, JSON)`` of every case a lenient load rejected, as it was read.

    From :attr:`RejectedCase.raw`; for a case without it, from the input file again (the item
    at its index, if it still has the same ``case_id``). Raises :class:`BoernesagError` if a
    rejected case cannot be recovered: then nothing may be saved, or it would be lost.
    """
    out: list[tuple[int, Any]] = []
    items: list[Any] | None = None
    for r in caseload.rejected:
        if r.raw is not None:
            out.append((r.index, r.raw.value))
            continue
        if items is None and input_file not in (None, "-"):
            from boernesag.caseio import read_json

            data = read_json(input_file)
            cases = data.get("cases") if isinstance(data, dict) else None
            items = cases if isinstance(cases, list) else []
        item = items[r.index] if items is not None and 0 <= r.index < len(items) else None
        cid = item.get("case_id") if isinstance(item, dict) else None
        if item is None or (r.case_id is not None and cid != r.case_id):
            case = r.case_id or msg("error.case_number", n=r.index + 1)
            raise BoernesagError.from_key("error.save.unrecoverable", case=case)
        out.append((r.index, item))
    return out


def check_output_target(option: str, target: str, *, force: bool) -> Path:
    """``target`` as a path that can be written, else :class:`BoernesagError` (exit 2),
    before anything is computed: a folder, a missing folder, no access, or (without
    ``force``) a file that exists."""
    path = Path(target)
    if path.is_dir():
        raise BoernesagError.from_key("error.output.directory", option=option, target=target)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BoernesagError.from_key(
            "error.output.no_folder", option=option, target=target, parent=parent
        )
    if path.exists() and not force:
        raise BoernesagError.from_key("error.output.exists", option=option, target=target)
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise BoernesagError.from_key("error.output.no_access", option=option, target=target)
    return path


def write_output(text: str, target: str | None, *, option: str, force: bool) -> None:
    """``text`` to stdout (``target`` None or ``-``), or to the file ``target`` atomically (a
    temporary file in the same folder, then a rename: a failed write leaves no half file)."""
    if target is None or target == "-":
        sys.stdout.write(text)
        return
    _write_atomically(check_output_target(option, target, force=force), text)


def check_save_target(target: str) -> None:
    """Refuse a ``--save`` target that cannot be written, before anything is computed
    (:func:`check_output_target`; an existing file is replaced)."""
    check_output_target("--save", target, force=True)


def save_caseload(caseload: Caseload, target: str, back: Sequence[tuple[int, Any]]) -> int:
    """Write ``caseload`` to ``target`` as JSON, atomically (a temporary file in the same
    folder, then :func:`os.replace`: a failed write leaves the old file as it was).

    ``back`` (from :func:`rejected_json`, called before anything is computed) are the cases
    a lenient load rejected: they are written back unchanged, each at its original place among
    the cases (:attr:`RejectedCase.index`), so a caseload saved over its input loses no case.
    Returns how many were written back, and says so on stderr.
    """
    from boernesag.caseio import caseload_to_mapping

    check_save_target(target)
    data = caseload_to_mapping(caseload)
    cases: list[Any] = data["cases"]
    for index, raw in sorted(back, key=lambda item: item[0]):
        cases.insert(min(index, len(cases)), raw)
    _write_atomically(Path(target), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if back:
        n = len(back)
        warn(msg("warn.written_back", n=n, target=target))
    return len(back)


def _write_atomically(path: Path, text: str) -> None:
    """``text`` to ``path`` via a temporary file in the same folder and :func:`os.replace`.
    An existing file keeps its permissions; a new one gets the usual ones (umask)."""
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_json(data: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def write_csv(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    writer = csv.DictWriter(
        out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow(row)


def table_width() -> int:
    """The width the text tables fit (issue 15: "terminal tables fit 100 columns"): the
    ``COLUMNS`` environment variable when it is set (``COLUMNS=250 boernesag ... > wide.txt``
    for one line a row), else the terminal's when stdout is one, else 100 (a file, a pipe:
    the same output everywhere). Never below 40."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return max(_MIN_WIDTH, int(columns))
    if sys.stdout.isatty():
        return max(_MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


#: Narrower than this, a table of ids and dates cannot be drawn.
_MIN_WIDTH = 40


def write_table(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str],
    out: TextIO | None = None,
    notes: Sequence[str] | None = None,
) -> None:
    """A plain aligned text table (no dependency) that fits :func:`table_width`: long cells
    wrap within their column, ``notes`` go indented under their rows
    (:func:`boernesag._texttable.text_table`)."""
    (out or sys.stdout).write(text_table(headers, rows, table_width(), notes))


def write_text(text: str, out: TextIO | None = None, indent: str = "") -> None:
    """A line of prose (a summary under a table, a warning) wrapped to :func:`table_width`,
    its continuation lines indented by ``indent``."""
    (out or sys.stdout).write(fill_text(text, table_width(), indent) + "\n")


def meter(
    args: argparse.Namespace, label_da: str, label_en: str, total: int | None = None
) -> Meter:
    """A progress line on stderr for one long step (:class:`boernesag.progress.Meter`): shown
    only on a terminal, after a couple of seconds, and never with ``--no-progress`` (or
    ``BOERNESAG_NO_PROGRESS`` set). Use it as a context manager; as a ``progress`` callback,
    pass :func:`boernesag.progress.counted` of it."""
    from boernesag.progress import Meter

    english = getattr(args, "lang", "da") == "en"
    return Meter(
        label_en if english else label_da,
        total,
        unit="cases" if english else "sager",
        enabled=not getattr(args, "no_progress", False),
    )


def summary_rows(counts: dict[tuple[str, str], dict[str, int]]) -> list[dict[str, Any]]:
    """The rows of ``deadlines --summary`` from counts per (rule id, obligor) and status: the
    municipality's duties first (by rule id), then the periods that bind the citizen (the
    klagefrist). Shared by the scalar and the columnar summary (:mod:`boernesag.cli.columnar`),
    so both order and total the rows the same way."""
    return [
        {"rule_id": rule_id, "obligor": obligor, **row, "total": sum(row.values())}
        for (rule_id, obligor), row in sorted(
            counts.items(), key=lambda kv: (kv[0][1] == "borger", kv[0])
        )
    ]
