"""Build-time generation of docs pages from the code: the rule catalogue and the CLI help.

The rule catalogue is made from the packaged rule data, so it can never disagree with what the
deadline engine applies.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path


def _rules_page() -> str:
    from boernesag.law import KINDS, default_rules

    lines = [
        "Rule catalogue",
        "==============",
        "",
        "Generated from the rule data in ``boernesag/law/data/*.toml`` at build time. Each rule id",
        "names a duty; its versions cite the paragraph in force in each period. ``confidence`` says",
        "how sure the law digest is of the paragraph (``confirmed``, ``partly``: the duty is confirmed,",
        "the stk. is not; ``unconfirmed``: the wording was not seen; ``municipal``: not law).",
        "",
    ]
    for rule in default_rules():
        title = f"``{rule.id}``: {rule.title_da}"
        lines += [title, "-" * len(title), ""]
        lines += [f"*{rule.title_en}*", ""]
        state = "on" if rule.enabled else "off by default"
        lines += [
            f"- kind: ``{rule.kind}`` ({KINDS[rule.kind]})",
            f"- obligor: {rule.obligor}; source: {rule.source}; {state}",
        ]
        if rule.trigger:
            lines.append("- trigger: " + ", ".join(f"``{t}``" for t in rule.trigger))
        if rule.trigger_if:
            lines.append("- only when: " + ", ".join(f"``{k} = {v}``" for k, v in rule.trigger_if.items()))
        if rule.trigger_unless:
            lines.append("- not when: " + ", ".join(f"``{k} = {v}``" for k, v in rule.trigger_unless.items()))
        if rule.met_by:
            lines.append("- met by: " + ", ".join(f"``{t}``" for t in rule.met_by))
        lines.append("")
        lines += [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 10 18 22 12 10 28",
            "",
            "   * - law",
            "     - citation",
            "     - in force",
            "     - period",
            "     - confidence",
            "     - note and source",
        ]
        for v in rule.versions:
            start = "" if v.valid_from.year <= 1900 else v.valid_from.isoformat()
            end = "" if v.valid_to.year >= 9999 else v.valid_to.isoformat()
            period = str(v.period) + (" (extended to a working day)" if v.extend else "")
            note = v.note.replace("*", r"\*")
            if v.source_url:
                note += f" `source <{v.source_url}>`__"
            lines += [
                f"   * - {v.law}",
                f"     - {v.citation}",
                f"     - {start} – {end}",
                f"     - {period}",
                f"     - {v.confidence}",
                f"     - {note or '–'}",
            ]
        lines.append("")
    return "\n".join(lines) + "\n"


def _cli_page() -> str:
    from boernesag.cli import SUBCOMMANDS, build_parser

    parser = build_parser()
    lines = [
        "CLI reference",
        "=============",
        "",
        "Generated from ``boernesag --help`` at build time.",
        "",
    ]
    lines += ["``boernesag``", "-" * 14, "", ".. code-block:: text", ""]
    lines += ["   " + ln for ln in parser.format_help().splitlines()]
    lines.append("")
    sub_actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    for action in sub_actions:
        choices = getattr(action, "choices", {})
        for name in SUBCOMMANDS:
            if name not in choices:
                continue
            head = f"``boernesag {name}``"
            lines += [head, "-" * len(head), "", ".. code-block:: text", ""]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                choices[name].print_help()
            lines += ["   " + ln for ln in buf.getvalue().splitlines()]
            lines.append("")
    return "\n".join(lines) + "\n"


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, text in (("rules.rst", _rules_page()), ("cli.rst", _cli_page())):
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
