"""``boernesag allocate``: who gets which case, by the policy's principles, explained (Socialstyrelsen, »Hvordan sikres en god fordeling af sager?«).

Without options it distributes the new cases (open, without an active caseworker); with
``--demo`` the demo caseload comes with its intake of new cases
(:func:`boernesag.demo_intake.demo_intake`). ``--from``
redistributes a caseworker's cases (they leave: Socialstyrelsen's (»Hvordan overdrages sager?«) "overdragelse af hele sagsstammer"),
``--case`` the cases named, ``--suggest`` ranks the caseworkers for one case instead.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from boernesag.allocation.solve import AUTO_MIP_CELLS, DEFAULT_TIME_LIMIT
from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    as_of_date,
    exit_status,
    load_input,
    output_format,
    table_width,
    write_csv,
    write_json,
)
from boernesag.cli.messages import current_lang, msg
from boernesag.errors import BoernesagError
from boernesag.model import Case, Caseload

FORMATS = ("table", "json", "csv", "markdown")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "allocate",
        help=msg("allocate.help"),
        description=msg("allocate.description"),
    )
    add_input_args(p)
    p.add_argument(
        "--as-of",
        type=as_of_date,
        default=None,
        metavar=msg("opt.date.metavar"),
        help=msg("allocate.as_of"),
    )
    p.add_argument("--policy", metavar="TOML", help=msg("allocate.policy"))
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--from",
        dest="from_cw",
        metavar="CW-ID",
        help=msg("allocate.from"),
    )
    what.add_argument(
        "--case",
        action="append",
        default=None,
        metavar=msg("opt.case.metavar"),
        help=msg("allocate.case"),
    )
    what.add_argument(
        "--suggest", metavar=msg("opt.case.metavar"), help=msg("allocate.suggest")
    )
    p.add_argument("--top", type=int, default=10, metavar="N", help=msg("allocate.top"))
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="CW-ID",
        help=msg("allocate.exclude"),
    )
    p.add_argument(
        "--solver",
        choices=["auto", "optimal", "greedy"],
        default="auto",
        help=msg(
            "allocate.solver",
            cells=f"{AUTO_MIP_CELLS:,}".replace(",", "." if current_lang() == "da" else ","),
        ),
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar=msg("allocate.seconds.metavar"),
        help=msg("allocate.time_limit", limit=f"{DEFAULT_TIME_LIMIT:g}"),
    )
    add_format_args(p, FORMATS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from boernesag.allocation import (
        Policy,
        allocate,
        load_policy,
        suggest_allocation,
        unallocated_cases,
        why_none,
    )
    from boernesag.allocation.render import (
        ASSIGNMENT_COLUMNS,
        allocation_markdown,
        allocation_rows,
        allocation_text,
        suggestion_rows,
        suggestions_markdown,
        suggestions_text,
    )

    caseload = load_input(args)  # fills in args.as_of: today, or the demo's day
    if args.demo:
        from boernesag.demo_intake import with_intake

        caseload = with_intake(caseload, as_of=args.as_of)
    as_of: date = args.as_of
    policy = load_policy(args.policy) if args.policy else Policy()
    fmt = output_format(args)
    lang = args.lang
    exclude = list(args.exclude)
    for cw in exclude + ([args.from_cw] if args.from_cw else []):
        if caseload.caseworker(cw) is None:
            raise BoernesagError.from_key("error.unknown_caseworker", cw=cw)

    if args.suggest:
        case = _case(caseload, args.suggest)
        ranked = suggest_allocation(case, caseload, policy, as_of=as_of, exclude=exclude)
        top = max(args.top, 1)
        if fmt == "json":
            write_json(
                {
                    "case_id": case.case_id,
                    "as_of": as_of.isoformat(),
                    "why_none": why_none(ranked, lang),
                    "suggestions": [s.to_dict(lang) for s in ranked[:top]],
                }
            )
        elif fmt == "csv":
            write_csv(
                suggestion_rows(ranked[:top], lang),
                [
                    "rank",
                    "caseworker_id",
                    "score",
                    "eligible",
                    "load_before",
                    "load_after",
                    "capacity",
                    "explanation",
                ],
            )
        elif fmt == "markdown":
            sys.stdout.write(suggestions_markdown(ranked, case.case_id, lang, top))
        else:
            text = suggestions_text(ranked, case.case_id, lang, top, width=table_width())
            sys.stdout.write(text)
        return exit_status(caseload)

    if args.case:
        cases = [_case(caseload, cid) for cid in args.case]
    elif args.from_cw:
        exclude.append(args.from_cw)
        cases = [
            c
            for c in caseload.cases
            if c.is_open_on(as_of) and c.caseworker_on(as_of) == args.from_cw
        ]
    else:
        cases = list(unallocated_cases(caseload, as_of))
    result = allocate(
        cases,
        caseload,
        policy,
        as_of=as_of,
        exclude=exclude,
        solver=args.solver,
        time_limit=args.time_limit,
    )
    if fmt == "json":
        write_json(result.to_dict(lang))
    elif fmt == "csv":
        write_csv(allocation_rows(result, lang), ASSIGNMENT_COLUMNS)
    elif fmt == "markdown":
        sys.stdout.write(allocation_markdown(result, lang))
    else:
        sys.stdout.write(allocation_text(result, lang, width=table_width()))
    return exit_status(caseload)  # 3 if a lenient load rejected cases


def _case(caseload: Caseload, case_id: str) -> Case:
    try:
        return caseload.case(case_id)
    except KeyError:
        raise BoernesagError.from_key("error.unknown_case", case=case_id) from None
