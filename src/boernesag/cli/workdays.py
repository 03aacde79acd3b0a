"""``boernesag workdays``: Danish working-day arithmetic from the command line."""

from __future__ import annotations

import argparse

from boernesag.cli.common import iso_date, write_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "workdays",
        help="hverdage: læg til, tæl og tjek",
        description="Danske hverdage (mandag-fredag undtagen helligdage; Store Bededag er hverdag fra 2024).",
    )
    p.add_argument(
        "--optional-days",
        action="store_true",
        help="luk også 1. maj, grundlovsdag, 24. og 31. december",
    )
    p.add_argument("--json", action="store_true", help="svar som JSON")
    wsub = p.add_subparsers(dest="workdays_command", metavar="HANDLING", required=True)
    a = wsub.add_parser("add", help="DATO + N hverdage")
    a.add_argument("day", type=iso_date, metavar="DATO")
    a.add_argument("n", type=int, metavar="N")
    b = wsub.add_parser("between", help="antal hverdage efter FRA til og med TIL")
    b.add_argument("start", type=iso_date, metavar="FRA")
    b.add_argument("end", type=iso_date, metavar="TIL")
    c = wsub.add_parser("check", help="er DATO en hverdag? (afslutningskode 0 = ja, 1 = nej)")
    c.add_argument("day", type=iso_date, metavar="DATO")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from boernesag.calendar import Calendar, default_calendar
    from boernesag.periods import format_date

    cal = Calendar(optional_days=True) if args.optional_days else default_calendar()
    if args.workdays_command == "add":
        result = cal.add_working_days(args.day, args.n)
        if args.json:
            write_json({"day": args.day.isoformat(), "n": args.n, "result": result.isoformat()})
        else:
            print(f"{format_date(args.day)} + {args.n} hverdage = {format_date(result)}")
        return 0
    if args.workdays_command == "between":
        n = cal.working_days_between(args.start, args.end)
        if args.json:
            write_json(
                {"start": args.start.isoformat(), "end": args.end.isoformat(), "working_days": n}
            )
        else:
            print(
                f"{n} hverdage efter {format_date(args.start)} til og med {format_date(args.end)}"
            )
        return 0
    working = cal.is_working_day(args.day)
    reason = cal.closure_reason(args.day)
    if args.json:
        write_json({"day": args.day.isoformat(), "working_day": working, "reason": reason})
    else:
        print(f"{format_date(args.day)}: " + ("hverdag" if working else f"ikke hverdag ({reason})"))
    return 0 if working else 1
