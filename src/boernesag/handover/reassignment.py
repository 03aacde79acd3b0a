"""Reassignment: move a caseworker's cases to others, with a handover package per receiver.

:func:`reassign` returns a new :class:`~boernesag.model.Caseload` (the input is frozen and
left untouched) in which every moved case has one new ``sagsbehandler_tildelt`` event on the
handover day, so the change is on the case's timeline (seed 004: the "huller" came at
changes of caseworker, and the audit can only see a change that is recorded). No case is
lost or duplicated: the cases keep their order, and a case that is not moved is the same
object as before.

For every receiving caseworker it builds a :class:`~boernesag.handover.core.Handover`
package (checklist and sagsliste of the cases they receive), and it warns about every deadline
that falls in the handover window (:attr:`HandoverSettings.window_days`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from boernesag.calendar import Calendar
from boernesag.errors import BoernesagError
from boernesag.handover.core import Handover, WindowWarning, handover, select_cases
from boernesag.handover.situation import HandoverSettings, Reason, Scope, _reason
from boernesag.law import RuleSet
from boernesag.model import Case, Caseload, Event, EventType
from boernesag.periods import LeapDayRule

__all__ = ["Move", "Reassignment", "assignment_event_id", "reassign"]


@attrs.frozen
class Move:
    """One case moved: from whom, to whom, and the id of the new assignment event."""

    case_id: str
    from_caseworker: str
    to_caseworker: str
    event_id: str

    def to_dict(self) -> dict[str, str]:
        return {
            "case_id": self.case_id,
            "from_caseworker": self.from_caseworker,
            "to_caseworker": self.to_caseworker,
            "event_id": self.event_id,
        }


@attrs.frozen
class Reassignment:
    """The result of :func:`reassign`.

    ``caseload``: the new caseload. ``moves``: one per moved case, in caseload order.
    ``packages``: one :class:`Handover` per receiving caseworker (in order of first move).
    ``warnings``: every window warning of every package. ``kept``: the outgoing caseworker's
    cases that a partial mapping left with them.
    """

    caseload: Caseload
    on: date
    from_caseworker: str
    moves: tuple[Move, ...]
    packages: tuple[Handover, ...]
    warnings: tuple[WindowWarning, ...]
    kept: tuple[str, ...] = ()

    def package(self, caseworker: str) -> Handover:
        """The handover package of a receiving caseworker (``KeyError`` if none)."""
        for p in self.packages:
            if p.to_caseworker == caseworker:
                return p
        raise KeyError(caseworker)

    @property
    def receivers(self) -> tuple[str, ...]:
        return tuple(p.to_caseworker or "" for p in self.packages)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "format": "boernesag.reassignment/1",
            "on": self.on.isoformat(),
            "from_caseworker": self.from_caseworker,
            "moves": [m.to_dict() for m in self.moves],
            "kept": list(self.kept),
            "warnings": [w.to_dict(lang) for w in self.warnings],
            "packages": [p.to_dict(lang) for p in self.packages],
        }


def assignment_event_id(case: Case, on: date) -> str:
    """A new event id for a reassignment on ``on``: ``E-H-<date>-<n>``, the smallest ``n``
    from 1 that no event of ``case`` uses."""
    used = {e.id for e in case.events}
    n = 1
    while f"E-H-{on.isoformat()}-{n}" in used:
        n += 1
    return f"E-H-{on.isoformat()}-{n}"


def _assign(
    case: Case, to: str, on: date, team: str | None, from_cw: str, reason: Reason | None
) -> tuple[Case, str]:
    event_id = assignment_event_id(case, on)
    event = Event(
        id=event_id,
        type=EventType.SAGSBEHANDLER_TILDELT,
        date=on,
        caseworker=to,
        team=team,
        reason=f"overdragelse: {reason.value}" if reason is not None else "overdragelse",
        note=f"overdraget fra {from_cw}",
    )
    new_team = team if team is not None else case.team
    return attrs.evolve(case, events=(*case.events, event), team=new_team), event_id


def _check_receivers(caseload: Caseload, from_cw: str, receivers: Iterable[str]) -> None:
    known = {cw.id: cw for cw in caseload.caseworkers}
    for r in receivers:
        if not r:
            raise BoernesagError("modtagende sagsbehandler mangler")
        if r == from_cw:
            raise BoernesagError(f"sagerne kan ikke overdrages fra {from_cw} til {r} selv")
        if known and r not in known:
            raise BoernesagError(f"ukendt modtagende sagsbehandler: {r}")
        if r in known and not known[r].active:
            raise BoernesagError(f"sagsbehandler {r} er ikke aktiv")


def _from(package: Handover, from_cw: str) -> Handover:
    """The package read from the new caseload names the receiver as the current caseworker;
    the handover is from ``from_cw``."""
    return attrs.evolve(
        package,
        from_caseworker=from_cw,
        warnings=tuple(attrs.evolve(w, from_caseworker=from_cw) for w in package.warnings),
    )


def reassign(
    caseload: Caseload,
    from_caseworker: str,
    *,
    to: str | Mapping[str, str],
    on: date,
    as_of: date | None = None,
    cases: Iterable[str] | None = None,
    planned: bool | None = None,
    reason: Reason | str | None = None,
    descriptions: Mapping[str, str] | None = None,
    settings: HandoverSettings | None = None,
    window_days: int | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    audit: bool | None = None,
) -> Reassignment:
    """Move ``from_caseworker``'s open cases on ``on`` to other caseworkers.

    Args:
        to: one caseworker id (every case goes there), or a mapping case id → caseworker id
            (cases it leaves out stay with ``from_caseworker`` and are listed in ``kept``).
        on: the day of the change; the new events are dated this day.
        as_of: the day the cases are read for the packages (default ``on``).
        cases: only these of the caseworker's cases.
        window_days: overrides ``settings.window_days``.

    Each moved case gets a ``sagsbehandler_tildelt`` event (id from
    :func:`assignment_event_id`; ``team`` the receiver's team when the caseload knows it,
    which also becomes the case's team). Receivers must be known and active when the caseload
    lists caseworkers.

    Raises:
        BoernesagError: no open cases, an unknown or foreign case id, an unknown, inactive or
            identical receiver.
    """
    s = settings or HandoverSettings()
    if window_days is not None:
        s = attrs.evolve(s, window_days=window_days)
    chosen, scope, _ = select_cases(caseload, on, caseworker=from_caseworker, cases=cases)
    chosen_ids = [c.case_id for c in chosen]
    if isinstance(to, str):
        mapping = dict.fromkeys(chosen_ids, to)
    else:
        mapping = dict(to)
        foreign = [cid for cid in mapping if cid not in set(chosen_ids)]
        if foreign:
            raise BoernesagError(
                f"sag {', '.join(foreign)} er ikke en åben sag hos {from_caseworker} "
                f"den {on.isoformat()}"
            )
    kept = tuple(cid for cid in chosen_ids if cid not in mapping)
    if kept:
        scope = Scope.CASE
    _check_receivers(caseload, from_caseworker, mapping.values())
    r = _reason(reason)
    teams = {cw.id: cw.team for cw in caseload.caseworkers}
    new_cases: list[Case] = []
    moves: list[Move] = []
    for case in caseload.cases:
        target = mapping.get(case.case_id)
        if target is None:
            new_cases.append(case)
            continue
        moved, event_id = _assign(case, target, on, teams.get(target), from_caseworker, r)
        new_cases.append(moved)
        moves.append(Move(case.case_id, from_caseworker, target, event_id))
    new_caseload = attrs.evolve(caseload, cases=tuple(new_cases))
    read_day = as_of or on
    packages: list[Handover] = []
    for receiver in dict.fromkeys(m.to_caseworker for m in moves):
        ids = [m.case_id for m in moves if m.to_caseworker == receiver]
        received = [new_caseload.case(i) for i in ids]
        packages.append(
            handover(
                received,
                as_of=read_day,
                cases=ids,
                planned=planned,
                reason=r,
                scope=scope,
                on=on,
                to=receiver,
                descriptions=descriptions,
                settings=s,
                rules=rules,
                calendar=calendar,
                leap_day_rule=leap_day_rule,
                audit=audit,
            )
        )
    packages = [_from(p, from_caseworker) for p in packages]
    warnings = tuple(w for p in packages for w in p.warnings)
    return Reassignment(
        caseload=new_caseload,
        on=on,
        from_caseworker=from_caseworker,
        moves=tuple(moves),
        packages=tuple(packages),
        warnings=warnings,
        kept=kept,
    )
