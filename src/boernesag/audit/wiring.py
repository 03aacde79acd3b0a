"""Which rule feeds which audit check, with code and severity: data, read once.

``law/data/audit.toml`` says, for the checks that judge deadlines, which rules' deadlines they
judge and what a missed or late one is called and how serious it is (:class:`Judge`), and which
recurring rules form a family (an old miss is history once the duty was done again). Both audit
engines read this one definition: :func:`boernesag.audit.checks.judge_check` and the columnar
audit's judge. The file is checked strictly at first use (unknown keys, unknown rule ids, check
ids, finding codes and severities are a :class:`~boernesag.errors.RuleError` naming the key).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import attrs

from boernesag.audit.findings import TEXTS, Severity
from boernesag.errors import RuleError
from boernesag.law import RuleSet, default_rules
from boernesag.tomlcheck import (
    Place,
    Table,
    ValueProblem,
    check_bool,
    check_number,
    check_text,
    check_texts,
)

__all__ = ["AUDIT_SCHEMA", "AuditWiring", "Judge", "Verdict", "audit_wiring", "load_wiring"]

AUDIT_SCHEMA = "boernesag.audit/1"


@attrs.frozen
class Verdict:
    """A finding's code (its explanation template) and severity."""

    code: str
    severity: Severity


@attrs.frozen
class Judge:
    """The deadlines one check judges, and what a miss or a late one is (see the data file)."""

    check: str
    missed: Verdict
    late: Verdict
    rules: tuple[str, ...] = ()
    source: str | None = None
    except_rules: tuple[str, ...] = ()
    late_score: float = 0.0
    while_running: bool = False
    handled_by_activity: bool = False

    def rule_ids(self, rules: RuleSet) -> tuple[str, ...]:
        """The ids of the rules judged: those named, or those of ``rules`` with the source."""
        if self.source is None:
            return self.rules
        return tuple(
            r.id for r in rules if r.source == self.source and r.id not in self.except_rules
        )


@attrs.frozen
class AuditWiring:
    """The judges of every check and the families of recurring rules."""

    judges: tuple[Judge, ...]
    families: Mapping[str, frozenset[str]]

    def judges_of(self, check_id: str) -> tuple[Judge, ...]:
        return tuple(j for j in self.judges if j.check == check_id)

    def family(self, rule_id: str) -> frozenset[str] | None:
        """The rules whose met deadlines resolve an old miss of ``rule_id`` (None: not recurring)."""
        return self.families.get(rule_id)

    @property
    def checks(self) -> frozenset[str]:
        """The checks that have judges."""
        return frozenset(j.check for j in self.judges)


def _verdict(value: Any) -> Verdict:
    if not isinstance(value, Mapping) or set(value) != {"code", "severity"}:
        raise ValueProblem('skal være { code = "...", severity = "..." }')
    code, severity = value["code"], value["severity"]
    if not isinstance(code, str) or code not in TEXTS:
        raise ValueProblem(f"code {code!r} er ikke en kendt fundtekst (audit/findings.py)")
    try:
        return Verdict(code, Severity(severity))
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise ValueProblem(f"severity {severity!r}: brug en af {allowed}") from None


def load_wiring(data: Mapping[str, Any], origin: str, known_rules: frozenset[str]) -> AuditWiring:
    """The wiring in ``data`` (a parsed audit file named ``origin``); rule ids must be known."""
    top = Table(data, Place(f"sagsgennemgangsfil {origin}"), RuleError)
    top.get("schema", lambda v: check_text(v, choices=(AUDIT_SCHEMA,)), AUDIT_SCHEMA)

    def rule_ids(value: Any) -> tuple[str, ...]:
        ids = tuple(check_texts(value))
        unknown = [r for r in ids if r not in known_rules]
        if unknown:
            raise ValueProblem(f"ukendt regel {unknown[0]!r}")
        return ids

    families: dict[str, frozenset[str]] = {}
    fam = top.sub("families")
    if fam is not None:
        for name in sorted(fam.data):
            members = frozenset(fam.need(str(name), rule_ids))
            for r in members:
                if r in families:
                    fam.fail(str(name), f"reglen {r!r} står i to familier")
                families[r] = members
        fam.done()
    judges: list[Judge] = []
    none: tuple[str, ...] = ()
    for i, raw in enumerate(top.rows("judges")):
        t = Table(raw, top.place.at(f"judge nr. {i + 1}"), RuleError, what="en tabel ([[judges]])")
        check = t.need("check", check_text)
        rules = t.get("rules", rule_ids, none)
        source = t.opt("source", lambda v: check_text(v, choices=("lov", "kommune")))
        if (source is None) == (not rules):
            t.fail("rules", "skriv enten rules = [...] eller source = ...")
        judges.append(
            Judge(
                check=check,
                rules=rules,
                source=source,
                except_rules=t.get("except", rule_ids, none),
                missed=t.need("missed", _verdict),
                late=t.need("late", _verdict),
                late_score=t.get("late_score", lambda v: check_number(v, 0.0, 1.0), 0.0),
                while_running=t.get("while_running", check_bool, False),
                handled_by_activity=t.get("handled_by_activity", check_bool, False),
            )
        )
        t.done()
    top.done()
    return AuditWiring(tuple(judges), families)


@cache
def audit_wiring() -> AuditWiring:
    """The packaged wiring (``law/data/audit.toml``), read and checked once."""
    text = (resources.files("boernesag.law") / "data" / "audit.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return load_wiring(
        data, "boernesag/law/data/audit.toml", frozenset(r.id for r in default_rules())
    )
