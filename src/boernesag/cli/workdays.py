"""``boernesag workdays``: Danish working-day arithmetic from the command line."""

from __future__ import annotations

import argparse

from boernesag.cli.common import iso_date, write_json
from boernesag.cli.messages import current_lang, msg


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "workdays",
        help=msg("workdays.help"),
        description=msg("workdays.description"),
    )
    p.add_argument(
        "--optional-days",
        action="store_true",
        help=msg("workdays.optional"),
    )
    p.add_argument("--json", action="store_true", help=msg("workdays.json"))
    p.add_argument(
        "--lang", choices=["da", "en"], default=current_lang(), help=msg("opt.lang")
    )
    wsub = p.add_subparsers(
        dest="workdays_command", metavar=msg("workdays.action.metavar"), required=True
    )
    day = msg("workdays.date.metavar")
    a = wsub.add_parser("add", help=msg("workdays.add"), description=msg("workdays.add"))
    a.add_argument("day", type=iso_date, metavar=day)
    a.add_argument("n", type=int, metavar="N")
    b = wsub.add_parser(
        "between", help=msg("workdays.between"), description=msg("workdays.between")
    )
    b.add_argument("start", type=iso_date, metavar=msg("workdays.from.metavar"))
    b.add_argument("end", type=iso_date, metavar=msg("workdays.to.metavar"))
    c = wsub.add_parser("check", help=msg("workdays.check"), description=msg("workdays.check"))
    c.add_argument("day", type=iso_date, metavar=day)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from boernesag.calendar import Calendar, default_calendar
    from boernesag.periods import format_date

    lang = str(args.lang)
    cal = Calendar(optional_days=True) if args.optional_days else default_calendar()
    if args.workdays_command == "add":
        result = cal.add_working_days(args.day, args.n)
        if args.json:
            write_json({"day": args.day.isoformat(), "n": args.n, "result": result.isoformat()})
        else:
            print(
                msg(
                    "workdays.added",
                    day=format_date(args.day, lang),
                    n=args.n,
                    result=format_date(result, lang),
                )
            )
        return 0
    if args.workdays_command == "between":
        n = cal.working_days_between(args.start, args.end)
        if args.json:
            write_json(
                {"start": args.start.isoformat(), "end": args.end.isoformat(), "working_days": n}
            )
        else:
            print(
                msg(
                    "workdays.counted",
                    n=n,
                    start=format_date(args.start, lang),
                    end=format_date(args.end, lang),
                )
            )
        return 0
    working = cal.is_working_day(args.day)
    reason = cal.closure_reason(args.day)
    if args.json:
        write_json({"day": args.day.isoformat(), "working_day": working, "reason": reason})
    else:
        day = format_date(args.day, lang)
        print(
            msg("workdays.is_working", day=day)
            if working
            else msg("workdays.not_working", day=day, reason=reason)
        )
    return 0 if working else 1
