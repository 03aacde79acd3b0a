"""``boernesag audit``: the case-file review of seeds 003 and 004 over a case or caseload.

boernesag audit sager.json --as-of 2025-06-30                      # seed 004's table
boernesag audit sager.json --as-of 2025-06-30 --format markdown > gennemgang.md
boernesag audit sager.json --as-of 2025-06-30 --findings --format csv
boernesag audit --demo --as-of 2025-06-30 --case K-2024-00003 --format json
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from boernesag.audit.findings import FINDING_COLUMNS
from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    iso_date,
    load_input,
    output_format,
    progress_printer,
    write_csv,
    write_json,
    write_table,
)

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
        help="sagsgennemgang: fund pr. sag og opgørelse pr. tema",
        description=(
            "Gennemgå sagerne som i seed 003/004: børnefaglig undersøgelse, børnesamtale, "
            "barnets plan, opfølgning, underretninger, afgørelser (FVL §§ 19, 22, 24, 25), "
            "ventetid, huller, tilsyn, overgang til voksenlivet, klager, lukning."
        ),
    )
    add_input_args(p)
    p.add_argument(
        "--as-of", type=iso_date, required=True, metavar="ÅÅÅÅ-MM-DD", help="opgørelsesdag"
    )
    add_format_args(p, FORMATS)
    p.add_argument(
        "--findings",
        action="store_true",
        help="list alle fund (table/csv/json) i stedet for opgørelsen pr. tema",
    )
    p.add_argument("--case", metavar="SAG", help="gennemgå kun denne sag (sags-id)")
    p.add_argument(
        "--since",
        type=iso_date,
        metavar="ÅÅÅÅ-MM-DD",
        help="kun fund fra denne dag, plus det der stadig er uafklaret",
    )
    p.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAVN=VÆRDI",
        help="skift en tærskel, fx gap_days=60 (kan gentages; se AuditSettings)",
    )
    p.add_argument(
        "--worst",
        type=int,
        default=20,
        metavar="N",
        help="antal sager i listen over de alvorligste (markdown/html/json)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="antal processer til store sagsstammer (standard 1; 0 = alle kerner)",
    )
    p.add_argument("--rules", metavar="TOML", help="egen regelfil oven på de medfølgende regler")
    p.add_argument(
        "--enable",
        action="append",
        default=[],
        metavar="REGEL",
        help="slå en regel til, fx kommunale mål som ledelsestilsyn",
    )
    p.set_defaults(func=run)


def _settings(args: argparse.Namespace) -> Any:
    from boernesag.audit import AuditSettings

    values: dict[str, str] = {}
    for item in args.setting:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--setting skal have formen NAVN=VÆRDI, ikke {item!r}")
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
            raise ValueError(f"sagen {args.case!r} findes ikke i input") from None
        if fmt == "json" and not args.findings:
            write_json(audit_case(case, args.as_of, settings=settings, rules=rules).to_dict(lang))
            return 0
        cases: Any = [case]
    else:
        cases = caseload
    report = audit_caseload(
        cases,
        args.as_of,
        settings=settings,
        rules=rules,
        progress=progress_printer(len(caseload.cases)),
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
        yes = "ja" if lang == "da" else "yes"
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
    for failure in report.failures:
        print(
            f"boernesag: sagen {failure.case_id} kunne ikke gennemgås: {failure.error}",
            file=sys.stderr,
        )
    return 0
