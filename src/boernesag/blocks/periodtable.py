"""A rule version's table of periods per paragraph (RSL § 3, stk. 2: the municipality's
published sagsbehandlingsfrister per benefit type), read the same way by both executors."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from boernesag.errors import RuleError
from boernesag.law import Rule, RuleVersion
from boernesag.paragraphs import Paragraph
from boernesag.periods import Period, Unit

__all__ = ["PeriodKey", "lookup_period", "period_table", "unlisted_of"]

#: (law, paragraph number, stk., nr.) of a table entry.
PeriodKey = tuple[str, str, int | None, int | None]


@functools.lru_cache(maxsize=64)
def _parsed(rule_id: str, items: tuple[tuple[str, str], ...]) -> dict[PeriodKey, Period]:
    table: dict[PeriodKey, Period] = {}
    for key, text in items:
        try:
            p = Paragraph.parse(key)
        except ValueError as exc:
            raise RuleError(f"regel {rule_id}: periods-nøglen {key!r}: {exc}") from None
        try:
            period = Period.parse(text)
        except ValueError as exc:
            raise RuleError(f"regel {rule_id}: periods[{key!r}]: {exc}") from None
        if period.unit == Unit.HOURS:
            raise RuleError(f"regel {rule_id}: periods[{key!r}]: brug dage, uger eller måneder")
        table[(p.law, p.number, p.stk, p.nr)] = period
    return table


def period_table(rule: Rule, version: RuleVersion) -> dict[PeriodKey, Period]:
    """The version's ``periods`` table, keyed by parsed paragraph (``"BL 32 stk. 5"``)."""
    raw = version.option("periods", {})
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        raise RuleError(
            f"regel {rule.id} ({version.citation}): periods skal være en tabel "
            '{ "BL 32" = "4 weeks", ... }'
        )
    return _parsed(rule.id, tuple(sorted((str(k), str(v)) for k, v in raw.items())))


def unlisted_of(rule: Rule, version: RuleVersion) -> str:
    """What a paragraph without an entry gets: ``"default"`` (the version's period) or
    ``"not_applicable"`` (no deadline)."""
    unlisted = str(version.option("unlisted", "default"))
    if unlisted not in ("default", "not_applicable"):
        raise RuleError(
            f"regel {rule.id} ({version.citation}): unlisted skal være 'default' eller "
            f"'not_applicable', ikke {unlisted!r}"
        )
    return unlisted


def lookup_period(table: Mapping[PeriodKey, Period], p: Paragraph) -> Period | None:
    """The most specific entry for ``p``: with stk. and nr., with stk., then the paragraph."""
    for key in (
        (p.law, p.number, p.stk, p.nr),
        (p.law, p.number, p.stk, None),
        (p.law, p.number, None, None),
    ):
        if key in table:
            return table[key]
    return None
