"""``boernesag audit``: the case-file review of the Task force (Jammerbugt 2017) and BDO (Randers 2016) over a case or caseload.

boernesag audit sager.json --as-of 2025-06-30                      # BDO's (Randers 2016) table
boernesag audit sager.json --as-of 2025-06-30 --format markdown > gennemgang.md
boernesag audit sager.json --as-of 2025-06-30 --findings --format csv
boernesag audit --demo --as-of 2025-06-30 --case K-2024-00003 --format json

A case the audit cannot run on is listed on stderr (and in the report) and the others are
audited; the exit status is then 3, as it is when a lenient load rejected cases.

``--engine`` (:mod:`boernesag.cli.engine`): ``auto`` (default) audits with the columnar
engine (numpy, :mod:`boernesag.cli.audit_columnar`) from
:data:`~boernesag.cli.engine.AUTO_MIN_CASES` cases on when numpy is installed, else case by
case; the output is the same byte for byte in every format and language.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from boernesag.audit.findings import FINDING_COLUMNS
from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    as_of_date,
    exit_status,
    load_input,
    meter,
    non_negative_int,
    output_format,
    report_failures,
    write_csv,
    write_json,
    write_table,
)
from boernesag.cli.engine import add_engine_arg, choose_engine
from boernesag.cli.messages import msg
from boernesag.errors import BoernesagError
from boernesag.model import Caseload

FORMATS = ("table", "json", "csv", "markdown", "html")

CHECK_COLUMNS = (
    "check_id",
    "label",
    "relevant",
    "met",
    "partly",
    "not_met",
    "not_relevant",
    "pct_met",
    "findings",
    "ongoing",
    "basis",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "audit",
        help=msg("audit.help"),
        description=msg("audit.description"),
    )
    add_input_args(p)
    p.add_argument(
        "--as-of",
        type=as_of_date,
        default=None,
        metavar=msg("opt.date.metavar"),
        help=msg("opt.as_of"),
    )
    add_format_args(p, FORMATS)
    p.add_argument(
        "--findings",
        action="store_true",
        help=msg("audit.findings"),
    )
    p.add_argument("--case", metavar=msg("opt.case.metavar"), help=msg("audit.case"))
    p.add_argument(
        "--since",
        type=as_of_date,
        metavar=msg("opt.date.metavar"),
        help=msg("audit.since"),
    )
    p.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar=msg("audit.setting.metavar"),
        help=msg("audit.setting"),
    )
    p.add_argument(
        "--worst",
        type=non_negative_int,
        default=20,
        metavar="N",
        help=msg("audit.worst"),
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help=msg("audit.workers"),
    )
    add_engine_arg(p)
    p.add_argument("--rules", metavar="TOML", help=msg("opt.rules"))
    p.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar=msg("opt.rule.metavar"),
        help=msg("audit.enable"),
    )
    p.set_defaults(func=run)


def _settings(args: argparse.Namespace) -> Any:
    from boernesag.audit import AuditSettings

    values: dict[str, str] = {}
    for item in args.setting:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(msg("error.setting_form", item=item))
        values[name.strip()] = value.strip()
    settings = AuditSettings.from_mapping(values)
    if args.since is not None:
        import attrs

        settings = attrs.evolve(settings, since=args.since)
    return settings


def run(args: argparse.Namespace) -> int:
    from boernesag.audit import audit_case, audit_caseload
    from boernesag.audit.render import to_html, to_markdown
    from boernesag.law import default_rules

    if args.workers < 0:
        raise BoernesagError.from_key("error.workers", n=args.workers)
    settings = _settings(args)
    rules = default_rules()
    if args.rules:
        rules = rules.with_file(args.rules)
    if args.enable:
        rules = rules.enable(*args.enable)
    caseload = load_input(args)
    fmt = output_format(args)
    lang = args.lang
    if args.case:
        try:
            case = caseload.case(args.case)
        except KeyError:
            for bad in caseload.rejected:
                if bad.case_id == args.case:
                    raise BoernesagError.from_key("error.case_rejected", case=args.case) from None
            raise ValueError(msg("error.unknown_case_input", case=args.case)) from None
        if fmt == "json" and not args.findings:
            write_json(audit_case(case, args.as_of, settings=settings, rules=rules).to_dict(lang))
            return 0
        cases: Any = [case]
    else:
        cases = caseload
    n_cases = len(cases.cases) if isinstance(cases, Caseload) else len(cases)
    from boernesag.progress import counted

    if choose_engine(args.engine, n_cases) == "columnar":
        from boernesag.cli.audit_columnar import columnar_report

        # The line counts the event table's build; it stays on while the columns are
        # audited (and the cases with findings again, for their explanations).
        with meter(args, "gennemgår sager (kolonner)", "auditing cases (columns)", n_cases) as m:
            report = columnar_report(
                cases,
                args.as_of,
                settings=settings,
                rules=rules,
                checks_only=fmt in ("table", "csv") and not (args.findings or args.case),
                progress=counted(m),
            )
    else:
        with meter(args, "gennemgår sager", "auditing cases", n_cases) as m:
            report = audit_caseload(
                cases,
                args.as_of,
                settings=settings,
                rules=rules,
                progress=counted(m),
                workers=None if args.workers == 0 else args.workers,
            )
    findings = [f for c in report.cases for f in c.findings]
    if fmt == "markdown":
        sys.stdout.write(to_markdown(report, lang, worst=args.worst))
    elif fmt == "html":
        sys.stdout.write(to_html(report, lang, worst=args.worst))
    elif fmt == "json":
        if args.findings:
            write_json([f.to_dict(lang) for f in findings])
        else:
            write_json(report.to_dict(lang, worst=args.worst))
    elif fmt == "csv":
        if args.findings:
            write_csv((f.to_dict(lang) for f in findings), FINDING_COLUMNS)
        else:
            write_csv((c.to_dict(lang) for c in report.checks), CHECK_COLUMNS)
    elif args.findings or args.case:
        head = (
            ["sag", "alvor", "tema", "uafklaret", "fund"]
            if lang == "da"
            else ["case", "severity", "check", "unresolved", "finding"]
        )
        yes = msg("audit.yes")
        write_table(
            [
                [
                    f.case_id,
                    f.severity.label(lang),
                    f.check_id,
                    yes if f.ongoing else "",
                    f.explain(lang),
                ]
                for f in findings
            ],
            head,
        )
    else:
        head = (
            [
                "tema",
                "relevant",
                "opfyldt",
                "delvist",
                "ikke opfyldt",
                "% opfyldt",
                "fund",
                "uafklarede",
            ]
            if lang == "da"
            else [
                "check",
                "relevant",
                "met",
                "partly",
                "not met",
                "% met",
                "findings",
                "unresolved",
            ]
        )
        rows = [
            [
                c.label(lang),
                str(c.relevant),
                str(c.met),
                str(c.partly),
                str(c.not_met),
                "–" if c.pct_met is None else f"{c.pct_met:.0f} %",
                str(c.findings),
                str(c.ongoing),
            ]
            for c in report.checks
        ]
        write_table(rows, head)
    failed = report_failures(
        ((f.case_id, f.error) for f in report.failures), msg("failed.audit")
    )
    if failed:
        n = len(report.failures)
        print(
            "boernesag: " + msg("failed.audit_count", n=n, total=n + report.n_cases),
            file=sys.stderr,
        )
    if args.case:  # only this case was asked for
        return exit_status(Caseload(), failed)
    return exit_status(caseload, failed)
