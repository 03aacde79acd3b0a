"""``boernesag handover``: checklist and sagsliste for a change of caseworker (Socialstyrelsen, »Hvordan overdrages sager?«).

With ``--to`` the cases are also reassigned (new ``sagsbehandler_tildelt`` events; ``--save``
writes the new caseload). With ``--ages`` it prints the caseload-wide overview of who turns
16, 17½ and 18 (Task forcen, Jammerbugt 2017) instead.

``--save`` loses no case: the cases a ``--lenient`` load rejected are written back unchanged,
at their original place among the cases, and stderr says how many; if one of them cannot be
recovered, nothing is saved (exit 2, before anything is computed). The file is written to a
temporary file beside it and then replaces the old one, so an interrupted save leaves the old
file whole. A case that could not be moved or shown is listed on stderr (exit 3).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from boernesag._failures import failure_message
from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    as_of_date,
    check_save_target,
    exit_status,
    load_input,
    meter,
    output_format,
    rejected_json,
    report_failures,
    save_caseload,
    write_table,
    write_text,
)
from boernesag.cli.messages import msg
from boernesag.errors import BoernesagError
from boernesag.periods import format_date

FORMATS = ("table", "markdown", "html", "json")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "handover",
        help=msg("handover.help"),
        description=msg("handover.description"),
    )
    add_input_args(p)
    p.add_argument(
        "--caseworker",
        metavar="ID",
        help=msg("handover.caseworker"),
    )
    p.add_argument(
        "--case",
        action="append",
        default=None,
        metavar=msg("opt.case.metavar"),
        help=msg("handover.case"),
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--planned",
        dest="planned",
        action="store_const",
        const=True,
        default=None,
        help=msg("handover.planned"),
    )
    mode.add_argument(
        "--unplanned",
        dest="planned",
        action="store_const",
        const=False,
        help=msg("handover.unplanned"),
    )
    p.add_argument(
        "--reason",
        choices=["ophoer", "orlov", "specialisering", "overgang", "sygdom"],
        help=msg("handover.reason"),
    )
    p.add_argument("--to", metavar="CW-ID", help=msg("handover.to"))
    p.add_argument(
        "--as-of",
        type=as_of_date,
        default=None,
        metavar=msg("opt.date.metavar"),
        help=msg("opt.as_of"),
    )
    p.add_argument(
        "--on",
        type=as_of_date,
        metavar=msg("opt.date.metavar"),
        help=msg("handover.on"),
    )
    p.add_argument(
        "--window-days",
        type=int,
        default=None,
        metavar="N",
        help=msg("handover.window_days"),
    )
    p.add_argument(
        "--descriptions",
        metavar="JSON",
        help=msg("handover.descriptions"),
    )
    p.add_argument("--no-audit", action="store_true", help=msg("handover.no_audit"))
    p.add_argument(
        "--ages",
        action="store_true",
        help=msg("handover.ages"),
    )
    p.add_argument(
        "--save",
        metavar=msg("opt.file_out.metavar"),
        help=msg("handover.save"),
    )
    add_format_args(p, FORMATS)
    p.set_defaults(func=run)


def _descriptions(path: str | None) -> Mapping[str, str] | None:
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BoernesagError.from_key("error.descriptions.missing", path=path) from None
    except json.JSONDecodeError as exc:
        raise BoernesagError.from_key("error.descriptions.json", path=path, error=exc) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise BoernesagError.from_key("error.descriptions.shape", path=path)
    return data


def _table_handover(h: Any, lang: str) -> None:
    from boernesag.handover.render import situation_title

    da = lang == "da"
    print(msg("handover.title") + situation_title(h.situation, lang))
    print()
    rows = [
        [
            format_date(e.due, lang) if e.due else msg("handover.ongoing"),
            e.role.label(lang),
            e.text(lang),
        ]
        for e in h.checklist.entries
    ]
    write_table(rows, ["senest", "ansvarlig", "opgave"] if da else ["by", "who", "task"])
    print()
    for w in h.warnings:
        write_text(f"! {w.text(lang)}", indent="  ")
    if h.warnings:
        print()
    srows = [
        [
            r.case_id,
            r.child_id,
            format_date(r.birth_date, lang),
            r.urgency.label(lang),
            format_date(r.first_due, lang) if r.first_due else "",
            format_date(r.next_followup.due, lang) if r.next_followup else "",
            str(len(r.overdue)),
            str(len(r.open_decisions) + len(r.complaints)),
        ]
        for r in h.sagsliste.rows
    ]
    # The description is free text: it goes, whole, on an indented line under its row.
    label = "beskrivelse" if da else "description"
    notes = [
        f"{label}: {' '.join(r.description.split())}" if r.description else ""
        for r in h.sagsliste.rows
    ]
    headers = (
        [
            "sag",
            "barn",
            "født",
            "hastegrad",
            "første frist",
            "opfølgning",
            "overskr.",
            "åbne",
        ]
        if da
        else [
            "case",
            "child",
            "born",
            "urgency",
            "first due",
            "follow-up",
            "overdue",
            "open",
        ]
    )
    write_table(srows, headers, notes=notes)


def _table_ages(items: Any, lang: str) -> None:
    rows = [
        [
            format_date(m.day, lang),
            m.case_id,
            m.child_id,
            format_date(m.birth_date, lang),
            m.label(lang),
            m.caseworker or "",
        ]
        for m in items
    ]
    headers = (
        ["dag", "sag", "barn", "født", "milepæl", "sagsbehandler"]
        if lang == "da"
        else ["day", "case", "child", "born", "milestone", "caseworker"]
    )
    write_table(rows, headers)


def _ages(
    cases: Any, as_of: Any, settings: Any, failures: list[tuple[str | None, str]]
) -> list[Any]:
    """The age overview, case by case: a case that cannot be read is added to ``failures``."""
    from boernesag.handover import age_overview

    items: list[Any] = []
    for case in cases:
        try:
            items.extend(age_overview([case], as_of, settings))
        except Exception as exc:  # one case's failure never stops the others
            failures.append((case.case_id, failure_message(exc)))
    items.sort(key=lambda m: (m.day, m.case_id, m.milestone))  # as age_overview sorts
    return items


def run(args: argparse.Namespace) -> int:
    from boernesag.handover import HandoverSettings, handover, reassign
    from boernesag.handover.render import render_as

    if args.save and not args.to:
        raise BoernesagError.from_key("error.save_needs_to")
    if args.save:
        check_save_target(args.save)
    caseload = load_input(args)
    # The cases a lenient load rejected are written back by --save: recover them now, so
    # that a caseload that cannot be saved whole is refused before anything is computed.
    back = rejected_json(caseload, args.file) if args.save else []
    fmt = output_format(args)
    lang = args.lang
    settings = HandoverSettings()
    if args.window_days is not None:
        if args.window_days < 0:
            raise BoernesagError.from_key("error.window_days")
        settings = HandoverSettings(window_days=args.window_days)
    obj: Any
    failures: list[tuple[str | None, str]] = []
    if args.ages:
        cases = caseload.cases
        if args.caseworker:
            cases = tuple(c for c in cases if c.caseworker_on(args.as_of) == args.caseworker)
        with meter(args, "finder aldersovergange", "finding age milestones", len(cases)) as m:
            obj = _ages(m.iterate(cases), args.as_of, settings, failures)
        if fmt == "table":
            _table_ages(obj, lang)
        else:
            sys.stdout.write(render_as(obj, fmt, lang))
        return exit_status(caseload, report_failures(failures, msg("failed.read")))
    audit = False if args.no_audit else None
    descriptions = _descriptions(args.descriptions)
    if args.to:
        caseworker = args.caseworker
        if caseworker is None:
            if len(caseload.cases) != 1:
                raise BoernesagError.from_key("error.to_needs_caseworker")
            caseworker = caseload.cases[0].caseworker_on(args.on or args.as_of)
            if caseworker is None:
                raise BoernesagError.from_key("error.no_caseworker", case=caseload.cases[0].case_id)
        result = reassign(
            caseload,
            caseworker,
            to=args.to,
            on=args.on or args.as_of,
            as_of=args.as_of,
            cases=args.case,
            planned=args.planned,
            reason=args.reason,
            descriptions=descriptions,
            settings=settings,
            audit=audit,
        )
        if args.save:
            save_caseload(result.caseload, args.save, back)
        if fmt == "table":
            for p in result.packages:
                _table_handover(p, lang)
                print()
        else:
            sys.stdout.write(render_as(result, fmt, lang))
        failed = report_failures(result.failed, msg("failed.move"))
        failed += report_failures(result.unlisted, msg("failed.unlisted"))
        return exit_status(caseload, failed)
    h = handover(
        caseload,
        as_of=args.as_of,
        caseworker=args.caseworker,
        cases=args.case,
        planned=args.planned,
        reason=args.reason,
        on=args.on,
        descriptions=descriptions,
        settings=settings,
        audit=audit,
    )
    if fmt == "table":
        _table_handover(h, lang)
    else:
        sys.stdout.write(render_as(h, fmt, lang))
    # The sagsliste also lists the cases the load rejected (already on stderr): not again.
    at_load = {(r.case_id or f"#{r.index}", r.error) for r in caseload.rejected}
    failures = [item for item in h.sagsliste.rejected if item not in at_load]
    return exit_status(caseload, report_failures(failures, msg("failed.show")))
