"""Minimising changes of caseworker (Socialstyrelsen, »Hvordan overdrages sager?«): how many caseworkers each child has had, and
which cases are complex enough to call for a fixed caseworker.

Socialstyrelsen, »Hvordan overdrages sager?«: "der skal være så få skift af sagsbehandler som muligt. Kontinuitet er særlig
vigtigt i komplekse sager ... I disse særligt vanskelige sager kan to sagsbehandlere fx dele
to sagsstammer". BDO, Randers 2016 found the "huller" (inactivity) and lost knowledge mostly at
changes of caseworker. What makes a case complex is not defined by law; the reasons below
and their thresholds are settings (:class:`~boernesag.handover.situation.HandoverSettings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from boernesag.handover.situation import HandoverSettings
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Case, EventType
from boernesag.periods import LeapDayRule, add_months, age_on, as_of_day
from boernesag.text import check_lang

__all__ = ["COMPLEXITY_LABELS", "SwitchRow", "complexity", "switch_report", "switch_row"]

#: Complexity reasons, (da, en), in the order they are reported.
COMPLEXITY_LABELS: dict[str, tuple[str, str]] = {
    "anbringelse": ("anbragt", "placed"),
    "handicap": ("funktionsnedsættelse", "disability"),
    "flere-indsatser": ("flere indsatser", "several measures"),
    "mange-underretninger": ("mange underretninger", "many notifications"),
    "overgang": ("16-17 år: overgang til voksen", "aged 16-17: transition to adulthood"),
}


def complexity_label(code: str, lang: str = "da") -> str:
    da, en = COMPLEXITY_LABELS.get(code, (code, code))
    return en if check_lang(lang) == "en" else da


def complexity(
    case: Case,
    as_of: date,
    settings: HandoverSettings | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> tuple[str, ...]:
    """The complexity reasons of ``case`` on ``as_of`` (codes of :data:`COMPLEXITY_LABELS`).

    anbringelse: a placement (BL §§ 46, 47; SEL § 52 stk. 3 nr. 7, § 58) is active;
    handicap: the child has a disability; flere-indsatser: two or more measures are active;
    mange-underretninger: at least ``settings.many_notifications`` underretninger in the last
    ``settings.notification_months`` months; overgang: the young person is 16 or 17.
    """
    as_of = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    s = settings or HandoverSettings()
    active = [m for m in case.measures if m.active_on(as_of)]
    since = add_months(as_of, -s.notification_months).due
    notices = [e for e in case.of_type(EventType.UNDERRETNING) if since < e.day <= as_of]
    age = (
        age_on(case.child.birth_date, as_of, leap_day_rule)
        if as_of >= case.child.birth_date
        else -1
    )
    legal = legal_vocabulary()  # the ages in force on as_of (BL §§ 122, 99; SEL §§ 19 a, 68)
    transition, adult = legal.age("transition", as_of).years, legal.age("adult", as_of).years
    flags = {
        "anbringelse": any(m.is_placement for m in active),
        "handicap": case.child.disability,
        "flere-indsatser": len(active) >= 2,
        "mange-underretninger": len(notices) >= s.many_notifications,
        "overgang": transition <= age < adult,
    }
    return tuple(code for code in COMPLEXITY_LABELS if flags[code])


@attrs.frozen
class SwitchRow:
    """One child's caseworker history up to ``as_of``.

    ``caseworkers``: every caseworker the case has had, in the order of first assignment.
    ``n_switches``: assignments that changed the caseworker (the first assignment is not a
    switch; re-assigning the same caseworker is not one). ``recent_switches``: those within
    the last ``settings.switch_months`` months.
    """

    case_id: str
    child_id: str
    caseworkers: tuple[str, ...]
    n_switches: int
    recent_switches: int
    complexity: tuple[str, ...]
    fixed_caseworker: bool
    many_switches: bool

    @property
    def n_caseworkers(self) -> int:
        return len(self.caseworkers)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "child_id": self.child_id,
            "caseworkers": list(self.caseworkers),
            "n_caseworkers": self.n_caseworkers,
            "n_switches": self.n_switches,
            "recent_switches": self.recent_switches,
            "complexity": list(self.complexity),
            "complexity_labels": [complexity_label(c, lang) for c in self.complexity],
            "fixed_caseworker": self.fixed_caseworker,
            "many_switches": self.many_switches,
        }


def switch_row(
    case: Case,
    as_of: date,
    settings: HandoverSettings | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> SwitchRow:
    """The caseworker history and complexity of one case on ``as_of``."""
    as_of = as_of_day(as_of)
    s = settings or HandoverSettings()
    since = add_months(as_of, -s.switch_months).due
    seen: list[str] = []
    current: str | None = None
    switches = recent = 0
    for e in case.of_type(EventType.SAGSBEHANDLER_TILDELT):
        if e.day > as_of or e.caseworker is None:
            continue
        if current is not None and e.caseworker != current:
            switches += 1
            if e.day > since:
                recent += 1
        current = e.caseworker
        if e.caseworker not in seen:
            seen.append(e.caseworker)
    reasons = complexity(case, as_of, s, leap_day_rule)
    return SwitchRow(
        case_id=case.case_id,
        child_id=case.child.id,
        caseworkers=tuple(seen),
        n_switches=switches,
        recent_switches=recent,
        complexity=reasons,
        fixed_caseworker=len(reasons) >= s.fixed_threshold,
        many_switches=recent >= s.many_switches,
    )


def switch_report(
    cases: Iterable[Case],
    as_of: date,
    settings: HandoverSettings | None = None,
    *,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> list[SwitchRow]:
    """Every case's caseworker history, the most changed first (Socialstyrelsen, »Hvordan overdrages sager?«: minimise switches).

    Sorted by number of switches (most first), then complexity, then case id.
    """
    as_of = as_of_day(as_of)
    rows = [switch_row(c, as_of, settings, leap_day_rule) for c in cases]
    rows.sort(key=lambda r: (-r.n_switches, -len(r.complexity), r.case_id))
    return rows
