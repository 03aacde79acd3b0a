"""``boernesag audit``: the case-file review of seeds 003 and 004 over a case or caseload."""

from __future__ import annotations

import argparse
import sys

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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "audit",
        help="sagsgennemgang: fund pr. sag og opgørelse pr. tema",
        description="Gennemgå sagerne som i seed 003/004: BFU, barnets plan, børnesamtale, opfølgning, afgørelser, huller, ventetid, overgang.",
    )
    add_input_args(p)
    p.add_argument(
        "--as-of", type=iso_date, required=True, metavar="ÅÅÅÅ-MM-DD", help="opgørelsesdag"
    )
    add_format_args(p, ("table", "json", "csv", "markdown", "html"))
    p.add_argument(
        "--findings", action="store_true", help="list alle fund (i stedet for opgørelsen pr. tema)"
    )
    p.add_argument(
        "--worst",
        type=int,
        default=20,
        metavar="N",
        help="antal sager i listen over de værste (markdown/html)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from boernesag.audit import audit_caseload
    from boernesag.audit.render import to_html, to_markdown

    caseload = load_input(args)
    report = audit_caseload(caseload, args.as_of, progress=progress_printer(len(caseload.cases)))
    fmt = output_format(args)
    lang = args.lang
    findings = [f for c in report.cases for f in c.findings]
    if fmt == "json":
        write_json(report.to_dict(lang))
    elif fmt == "markdown":
        sys.stdout.write(to_markdown(report, lang, worst=args.worst) + "\n")
    elif fmt == "html":
        sys.stdout.write(to_html(report, lang, worst=args.worst) + "\n")
    elif fmt == "csv":
        columns = [
            "case_id",
            "check_id",
            "code",
            "severity",
            "rule_id",
            "citation",
            "date",
            "caseworker",
            "explanation",
        ]
        if args.findings:
            write_csv((f.to_dict(lang) for f in findings), columns)
        else:
            write_csv(
                (c.to_dict(lang) for c in report.checks),
                [
                    "check_id",
                    "label",
                    "relevant",
                    "met",
                    "partly",
                    "not_met",
                    "not_relevant",
                    "pct_met",
                    "findings",
                ],
            )
    elif args.findings:
        write_table(
            [[f.case_id, f.severity.value, f.check_id, f.explain(lang)] for f in findings],
            ["sag", "alvor", "tema", "fund"]
            if lang == "da"
            else ["case", "severity", "check", "finding"],
        )
    else:
        head = (
            ["tema", "relevant", "opfyldt", "delvist", "ikke opfyldt", "% opfyldt", "fund"]
            if lang == "da"
            else ["check", "relevant", "met", "partly", "not met", "% met", "findings"]
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
            ]
            for c in report.checks
        ]
        write_table(rows, head)
    return 0
