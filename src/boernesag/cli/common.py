"""Helpers shared by the subcommands: input, demo data, output formats, dates."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TextIO

from boernesag.model import Caseload

__all__ = [
    "add_format_args",
    "add_input_args",
    "iso_date",
    "load_input",
    "progress_printer",
    "write_csv",
    "write_json",
    "write_table",
]


def iso_date(text: str) -> date:
    """argparse type: a date YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} er ikke en dato ÅÅÅÅ-MM-DD") from None


def add_input_args(parser: argparse.ArgumentParser) -> None:
    """FILE (a case or caseload; '-' = stdin) or --demo, plus --demo-size and --lenient."""
    parser.add_argument(
        "file", nargs="?", metavar="FIL", help="sag eller sagsstamme (JSON); '-' læser stdin"
    )
    parser.add_argument(
        "--demo", action="store_true", help="brug den indlejrede syntetiske sagsstamme"
    )
    parser.add_argument(
        "--demo-size", type=int, default=None, metavar="N", help="antal sager i demo-sagsstammen"
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="indlæs de gyldige sager og rapportér de ugyldige i stedet for at stoppe",
    )


def add_format_args(
    parser: argparse.ArgumentParser, formats: Sequence[str] = ("table", "json", "csv")
) -> None:
    parser.add_argument(
        "--format",
        choices=list(formats),
        default=None,
        help="output-format (standard: table i en terminal, ellers json)",
    )
    parser.add_argument("--lang", choices=["da", "en"], default="da", help="sprog (standard: da)")


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "table" if sys.stdout.isatty() else "json"


def load_input(args: argparse.Namespace) -> Caseload:
    """The caseload from FILE, stdin or --demo; a clear error if neither is given."""
    from boernesag.caseio import load_caseload

    if args.demo:
        if args.file:
            raise ValueError("angiv enten FIL eller --demo, ikke begge")
        from boernesag.demo import demo_caseload

        demo: Caseload
        if args.demo_size is not None:
            demo = demo_caseload(n_cases=args.demo_size)
        else:
            demo = demo_caseload()
        return demo
    if not args.file:
        raise ValueError("angiv en FIL (eller '-' for stdin) eller --demo")
    caseload = load_caseload(args.file, lenient=bool(getattr(args, "lenient", False)))
    for rejected in caseload.rejected:
        print(f"boernesag: sag afvist: {rejected.error}", file=sys.stderr)
    return caseload


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


def write_table(
    rows: Sequence[Sequence[str]], headers: Sequence[str], out: TextIO | None = None
) -> None:
    """A plain aligned text table (no dependency)."""
    out = out or sys.stdout
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    buf = io.StringIO()
    buf.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    buf.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        buf.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(buf.getvalue())


def progress_printer(total: int, label: str = "sager") -> Callable[[int], None] | None:
    """A progress callback that writes to stderr when it is a terminal (None otherwise)."""
    if not sys.stderr.isatty() or total < 500:
        return None
    step = max(1, total // 100)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            sys.stderr.write(f"\r{label}: {done}/{total} ({100 * done // total} %)")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    return report
