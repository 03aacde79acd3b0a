"""``boernesag allocate``: suggest who gets new cases, or redistribute a caseworker's cases."""

from __future__ import annotations

import argparse
import sys

from boernesag.cli.common import (
    add_format_args,
    add_input_args,
    iso_date,
    load_input,
    output_format,
    write_csv,
    write_json,
    write_table,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "allocate",
        help="fordeling af sager efter seks principper, med begrundelse",
        description=(
            "Fordel nye sager (uden sagsbehandler) eller en sagsbehandlers sager (--from) efter "
            "politikken: team, distrikt, CPR, kompetencer, ledelsens vurdering og ligelig belastning."
        ),
    )
    add_input_args(p)
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="ÅÅÅÅ-MM-DD",
        help="opgørelsesdag (standard: demo-dagen eller i dag)",
    )
    p.add_argument("--policy", metavar="TOML", help="fordelingspolitik (se examples/policy.toml)")
    p.add_argument(
        "--from",
        dest="from_cw",
        metavar="CW-ID",
        help="fordel denne sagsbehandlers sager (fx ved ophør)",
    )
    p.add_argument("--solver", choices=["auto", "optimal", "greedy"], default="auto")
    add_format_args(p, ("table", "json", "csv"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from boernesag.allocation import Policy, allocate, current_loads, load_policy
    from boernesag.demo import DEMO_AS_OF

    caseload = load_input(args)
    as_of = args.as_of or (DEMO_AS_OF if args.demo else date.today())
    policy = load_policy(args.policy) if args.policy else Policy()
    from_cw = args.from_cw
    cases = [c for c in caseload.cases if c.caseworker_on(as_of) is None and c.is_open_on(as_of)]
    if from_cw is None and not cases and args.demo:
        loads = current_loads(caseload, as_of, policy)
        from_cw = max(sorted(loads), key=lambda cw: loads[cw])
        print(
            f"boernesag: ingen nye sager i demoen; fordeler sagerne fra den mest belastede, {from_cw}",
            file=sys.stderr,
        )
    if from_cw is not None:
        if caseload.caseworker(from_cw) is None:
            raise ValueError(f"sagsbehandler {from_cw!r} findes ikke i sagsstammen")
        cases = [
            c for c in caseload.cases if c.caseworker_on(as_of) == from_cw and c.is_open_on(as_of)
        ]
    result = allocate(
        cases,
        caseload,
        policy,
        as_of=as_of,
        exclude=[from_cw] if from_cw else [],
        solver=args.solver,
    )
    fmt = output_format(args)
    lang = args.lang
    data = result.to_dict(lang)
    if fmt == "json":
        write_json(data)
        return 0
    if fmt == "csv":
        write_csv(data["assignments"], ["case_id", "caseworker", "weight", "reasons"])
        return 0
    head = (
        ["sag", "sagsbehandler", "vægt", "begrundelse"]
        if lang == "da"
        else ["case", "caseworker", "weight", "reasons"]
    )
    write_table(
        [
            [a["case_id"], a["caseworker"], f"{a['weight']:.2f}", a["reasons"]]
            for a in data["assignments"]
        ],
        head,
    )
    if data["unassigned"]:
        print()
        write_table(
            [[u["case_id"], u["reason"]] for u in data["unassigned"]],
            ["ikke fordelt", "årsag"] if lang == "da" else ["unassigned", "reason"],
        )
    print()
    head = (
        ["sagsbehandler", "før", "efter", "kapacitet"]
        if lang == "da"
        else ["caseworker", "before", "after", "capacity"]
    )
    write_table(
        [
            [r["caseworker"], f"{r['before']:.1f}", f"{r['after']:.1f}", f"{r['capacity']:.1f}"]
            for r in data["loads"]
        ],
        head,
    )
    return 0
