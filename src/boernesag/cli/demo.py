"""``boernesag demo``: write the synthetic demo caseload to a file, or print the sample case.

``boernesag demo --output FIL`` writes the demo caseload (the one ``--demo`` uses) as a
caseload file (``boernesag.caseload/1``), so that it can be opened, edited and given to the
other subcommands, or to another program. Nothing in it is real: its CPR numbers fail the
modulus-11 check on purpose (:func:`boernesag.demo.fake_cpr`). ``--sample`` prints the sample
case shipped in the package (:func:`boernesag.demo.sample_case_path`).
"""

from __future__ import annotations

import argparse

from boernesag.cli.common import check_output_target, meter, positive_int, warn, write_output
from boernesag.cli.messages import msg
from boernesag.errors import BoernesagError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help=msg("demo.help"),
        description=msg("demo.description"),
    )
    p.add_argument(
        "--output",
        metavar=msg("opt.file_out.metavar"),
        help=msg("demo.output"),
    )
    p.add_argument(
        "--sample",
        action="store_true",
        help=msg("demo.sample"),
    )
    p.add_argument(
        "--size",
        type=positive_int,
        default=None,
        metavar="N",
        help=msg("demo.size"),
    )
    p.add_argument(
        "--seed",
        type=int,
        default=2024,
        metavar="S",
        help=msg("demo.seed"),
    )
    p.add_argument("--force", action="store_true", help=msg("opt.force"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.sample:
        if args.size is not None or args.seed != 2024:
            raise BoernesagError.from_key("error.sample_options")
        from importlib import resources

        text = (resources.files("boernesag") / "data" / "sample_case.json").read_text(
            encoding="utf-8"
        )
        write_output(text, args.output, option="--output", force=args.force)
        return 0
    if args.output is None:
        raise BoernesagError.from_key("error.demo_needs_output")
    if args.output != "-":
        check_output_target("--output", args.output, force=args.force)
    from boernesag.caseio import dump_caseload
    from boernesag.demo import DEMO_AS_OF, demo_caseload
    from boernesag.progress import counted

    with meter(args, "danner demo-sager", "generating demo cases", args.size) as m:
        caseload = (
            demo_caseload(seed=args.seed)
            if args.size is None
            else demo_caseload(args.size, seed=args.seed, progress=counted(m))
        )
    target = "stdout" if args.output == "-" else args.output
    with meter(args, f"skriver {target}", f"writing {target}"):
        text = dump_caseload(caseload) + "\n"
        if args.output != "-":
            write_output(text, args.output, option="--output", force=args.force)
    if args.output == "-":  # after the line has ended, so that it never cuts into the output
        write_output(text, args.output, option="--output", force=args.force)
    if args.output != "-":
        n = len(caseload.cases)
        warn(
            msg(
                "demo.written",
                n=n,
                workers=len(caseload.caseworkers),
                teams=len(caseload.teams),
                target=args.output,
                day=DEMO_AS_OF.isoformat(),
            )
        )
    return 0
