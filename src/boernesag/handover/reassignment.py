"""Reassignment: move a caseworker's cases to others, with a handover package per receiver.

:func:`reassign` returns a new :class:`~boernesag.model.Caseload` (the input is frozen and
left untouched) in which every moved case has one new ``sagsbehandler_tildelt`` event on the
handover day, so the change is on the case's timeline (BDO, Randers 2016: the "huller" came at
changes of caseworker, and the audit can only see a change that is recorded). No case is
lost or duplicated: the cases keep their order, and a case that is not moved is the same
object as before.

A same-day move comes after the assignment it replaces. The timeline sorts the events of a
day without a time (``at``) first, then the timed ones by their Copenhagen wall time, ties in
input order; so a date-only ``sagsbehandler_tildelt`` on a day whose current assignment was
recorded at 10:15 would sort *before* it, and the case would stay with the old caseworker.
The new event is therefore appended last and, when an assignment on the handover day carries
a time, it carries one too: the next whole minute after the latest of them in Europe/Copenhagen
wall time (a wall time skipped at the start of summer time moves on to the hour after; past
23:59 it is 23:59:59.999999, which ties at worst and then wins by input order). Every move is
checked on the new caseload before it is reported: the case's caseworker on the handover day,
and its current caseworker unless an assignment is recorded after that day, is the receiver.

A case that cannot be moved (an error while adding its event) stays with the outgoing
caseworker and is listed in :attr:`Reassignment.failed`; the other cases are moved. A moved case
whose package could not be computed is in its package's ``sagsliste.rejected``
(:attr:`Reassignment.unlisted`).

For every receiving caseworker it builds a :class:`~boernesag.handover.core.Handover`
package (checklist and sagsliste of the cases they receive), and it warns about every deadline
that falls in the handover window (:attr:`HandoverSettings.window_days`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone

import attrs

from boernesag._failures import failure_message
from boernesag.bounds import check_as_of
from boernesag.calendar import Calendar
from boernesag.errors import BoernesagError
from boernesag.handover.core import Handover, WindowWarning, handover, select_cases
from boernesag.handover.situation import HandoverSettings, Reason, Scope, reason_of
from boernesag.law import RuleSet
from boernesag.messages import Message
from boernesag.model import Case, Caseload, Event, EventType
from boernesag.periods import COPENHAGEN, LeapDayRule

__all__ = ["Move", "Reassignment", "assignment_event_id", "assignment_time", "reassign"]


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
    cases that a partial mapping left with them. ``failed``: ``(case id, message)`` of the
    cases that were to move but could not (they stay with the outgoing caseworker).
    """

    caseload: Caseload
    on: date
    from_caseworker: str
    moves: tuple[Move, ...]
    packages: tuple[Handover, ...]
    warnings: tuple[WindowWarning, ...]
    kept: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()

    @property
    def unlisted(self) -> tuple[tuple[str, str], ...]:
        """``(case id, message)`` of moved cases whose row in the receiver's package could
        not be computed (the move itself happened)."""
        return tuple(item for p in self.packages for item in p.sagsliste.rejected)

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
            "failed": [{"case_id": cid, "error": err} for cid, err in self.failed],
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


def assignment_time(case: Case, on: date) -> datetime | None:
    """The ``at`` a new assignment on ``on`` needs to sort after every assignment of
    ``case`` recorded on that day, or ``None`` when none of them has a time.

    The timeline sorts a day's date-only events first and the timed ones by the time elapsed
    since Copenhagen midnight (:attr:`~boernesag.model.Event.sort_key`: the instant's order,
    also in the hour that comes twice in October), ties in input order; the new event is
    appended last. So it needs no time when the day's assignments have none, and otherwise
    the next whole minute after the latest of them (the day's last microsecond when that
    minute is the next day), at the fixed UTC offset Copenhagen has then.
    """
    latest: timedelta | None = None
    for e in case.events:
        if e.type is EventType.SAGSBEHANDLER_TILDELT and e.at is not None and e.day == on:
            t = e.sort_key[1]
            if latest is None or t > latest:
                latest = t
    if latest is None:
        return None
    midnight = datetime.combine(on, time.min, COPENHAGEN).astimezone(UTC)
    next_midnight = datetime.combine(on + timedelta(days=1), time.min, COPENHAGEN).astimezone(UTC)
    minute = timedelta(minutes=1)
    instant = midnight + (latest // minute + 1) * minute
    if instant >= next_midnight:
        instant = next_midnight - timedelta(microseconds=1)
    local = instant.astimezone(COPENHAGEN)
    offset = local.utcoffset()
    assert offset is not None
    return local.astimezone(timezone(offset))


def _assign(
    case: Case, to: str, on: date, team: str | None, from_cw: str, reason: Reason | None
) -> tuple[Case, str]:
    event_id = assignment_event_id(case, on)
    event = Event(
        id=event_id,
        type=EventType.SAGSBEHANDLER_TILDELT,
        date=on,
        at=assignment_time(case, on),
        caseworker=to,
        team=team,
        reason=f"overdragelse: {reason.value}" if reason is not None else "overdragelse",
        note=f"overdraget fra {from_cw}",
    )
    new_team = team if team is not None else case.team
    return attrs.evolve(case, events=(*case.events, event), team=new_team), event_id


def _assigned_after(case: Case, on: date) -> bool:
    return any(e.type is EventType.SAGSBEHANDLER_TILDELT and e.day > on for e in case.events)


def _check_move(case: Case, to: str, on: date) -> None:
    """Refuse to report a move that the new caseload does not show (a bug, not bad input)."""
    now = case.caseworker_on(on)
    latest = case.caseworker
    if now != to or (latest != to and not _assigned_after(case, on)):
        raise BoernesagError(
            f"sag {case.case_id}: efter omfordelingen den {on.isoformat()} er sagsbehandleren "
            f"{now or 'ingen'}, ikke {to}; sagen er ikke flyttet. Det er en fejl i boernesag: "
            "rapportér den venligst"
        )


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
    which also becomes the case's team; ``at`` from :func:`assignment_time` when an
    assignment on ``on`` has a time, so that the new one comes after it). Receivers must be
    known and active when the caseload lists caseworkers. A case that cannot be moved is
    listed in ``failed`` and the others are moved.

    After the move each moved case's caseworker on ``on`` is the receiver, and so is its
    current caseworker (:attr:`Case.caseworker`) unless the case records an assignment after
    ``on`` (a change planned later, which stays in force).

    Raises:
        BoernesagError: no open cases, an unknown or foreign case id, an unknown, inactive or
            identical receiver; ``on`` or ``as_of`` outside the plausible window
            (:class:`~boernesag.errors.CalendarRangeError`); a move the new caseload does not
            show (a bug: no false move is reported).
    """
    check_as_of(on, what=Message("window.what_change_day"))
    if as_of is not None:
        check_as_of(as_of)
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
    r = reason_of(reason)
    teams = {cw.id: cw.team for cw in caseload.caseworkers}
    new_cases: list[Case] = []
    moves: list[Move] = []
    failed: list[tuple[str, str]] = []
    for case in caseload.cases:
        target = mapping.get(case.case_id)
        if target is None:
            new_cases.append(case)
            continue
        try:
            moved, event_id = _assign(case, target, on, teams.get(target), from_caseworker, r)
        except Exception as exc:  # one case's failure never stops the others
            failed.append((case.case_id, failure_message(exc)))
            new_cases.append(case)
            continue
        _check_move(moved, target, on)
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
        failed=tuple(failed),
    )
