"""``handover()``: checklist, sagsliste, window warnings and transition plans for a change of
caseworker, in one object.

The four situations of Socialstyrelsen, »Hvordan overdrages sager?« (planned or unplanned; one case or a whole caseload) choose
the checklist (:mod:`boernesag.handover.checklist`); the sagsliste
(:mod:`boernesag.handover.sagsliste`) lists the cases by urgency; every deadline that falls in
the handover window is a :class:`WindowWarning` so that no "hul" opens (BDO, Randers 2016).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from boernesag._failures import failure_message
from boernesag.bounds import check_as_of
from boernesag.calendar import Calendar
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.errors import BoernesagError
from boernesag.handover.checklist import Checklist, build_checklist
from boernesag.handover.sagsliste import (
    DeadlineInfo,
    Sagsliste,
    SagslisteRow,
    load_audit,
    sagsliste_row,
)
from boernesag.handover.situation import (
    HandoverKind,
    HandoverSettings,
    Reason,
    Scope,
    Situation,
)
from boernesag.handover.switches import SwitchRow, switch_row
from boernesag.handover.transition import TransitionPlan, in_transition_window, transition_plan
from boernesag.law import RuleSet, default_rules
from boernesag.messages import Message
from boernesag.model import Case, Caseload, EventType
from boernesag.periods import LeapDayRule
from boernesag.text import check_lang, plural

__all__ = ["Handover", "WindowWarning", "handover", "select_cases"]


@attrs.frozen
class WindowWarning:
    """A deadline that falls in the handover window, or is already overdue at the change.

    ``kind``: ``"window"`` (due from the handover day to ``window_days`` later),
    ``"overdue"`` (a municipal deadline already overdue on ``as_of``) or ``"before"`` (a
    planned change: open on ``as_of`` but due before the handover day, so the outgoing
    caseworker must meet it). ``days_after``: days from the handover day to the due day
    (negative before it).
    """

    kind: str
    case_id: str
    child_id: str
    deadline: DeadlineInfo
    on: date
    from_caseworker: str | None
    to_caseworker: str | None

    @property
    def days_after(self) -> int:
        return (self.deadline.due - self.on).days

    def text(self, lang: str = "da") -> str:
        lang = check_lang(lang)
        d = self.deadline
        due = d.when(lang)
        who = self.to_caseworker or (
            "den nye sagsbehandler" if lang == "da" else "the new caseworker"
        )
        if self.kind == "before":
            if lang == "en":
                return (
                    f"Case {self.case_id}: {d.title('en')} ({d.citation}) is due {due}, before "
                    f"the change: the outgoing caseworker meets it"
                )
            return (
                f"Sag {self.case_id}: {d.title('da')} ({d.citation}) udløber {due}, før "
                f"skiftet: den afgivende sagsbehandler overholder den"
            )
        if self.kind == "overdue":
            if lang == "en":
                return (
                    f"Case {self.case_id}: {d.title('en')} ({d.citation}) was due {due} and is "
                    f"overdue at the change; {who} must act at once"
                )
            return (
                f"Sag {self.case_id}: {d.title('da')} ({d.citation}) udløb {due} og er "
                f"overskredet ved skiftet; {who} skal handle straks"
            )
        n = self.days_after
        days = plural(n, "day", "days") if lang == "en" else plural(n, "dag", "dage")
        if d.obligor == "borger":
            if lang == "en":
                return (
                    f"Case {self.case_id}: {d.title('en')} ({d.citation}) ends {due}, "
                    f"{n} {days} after the change: a complaint may arrive"
                )
            return (
                f"Sag {self.case_id}: {d.title('da')} ({d.citation}) udløber {due}, "
                f"{n} {days} efter skiftet: en klage kan komme"
            )
        if lang == "en":
            return (
                f"Case {self.case_id}: {d.title('en')} ({d.citation}) is due {due}, "
                f"{n} {days} after the change: agree who meets it"
            )
        return (
            f"Sag {self.case_id}: {d.title('da')} ({d.citation}) udløber {due}, "
            f"{n} {days} efter skiftet: aftal, hvem der overholder den"
        )

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "case_id": self.case_id,
            "child_id": self.child_id,
            "rule_id": self.deadline.rule_id,
            "citation": self.deadline.citation,
            "trigger": self.deadline.trigger,
            "due": self.deadline.due.isoformat(),
            "due_at": self.deadline.due_at.isoformat() if self.deadline.due_at else None,
            "days_after": self.days_after,
            "obligor": self.deadline.obligor,
            "from_caseworker": self.from_caseworker,
            "to_caseworker": self.to_caseworker,
            "text": self.text(lang),
        }


@attrs.frozen
class Handover:
    """Everything for one handover: the situation, the checklist, the sagsliste, the
    deadlines in the handover window, the transition plans of young people approaching 18,
    and each case's caseworker history."""

    situation: Situation
    on: date
    as_of: date
    from_caseworker: str | None
    to_caseworker: str | None
    checklist: Checklist
    sagsliste: Sagsliste
    warnings: tuple[WindowWarning, ...]
    transitions: tuple[TransitionPlan, ...]
    switches: tuple[SwitchRow, ...]
    window_days: int

    @property
    def kind(self) -> HandoverKind:
        return self.situation.kind

    @property
    def case_ids(self) -> tuple[str, ...]:
        return self.sagsliste.case_ids

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """The handover as JSON-ready data (format ``boernesag.handover/1``)."""
        return {
            "format": "boernesag.handover/1",
            "kind": self.kind.value,
            "planned": self.situation.planned,
            "scope": self.situation.scope.value,
            "reason": self.situation.reason.value if self.situation.reason else None,
            "on": self.on.isoformat(),
            "as_of": self.as_of.isoformat(),
            "from_caseworker": self.from_caseworker,
            "to_caseworker": self.to_caseworker,
            "window_days": self.window_days,
            "checklist": self.checklist.to_dict(lang),
            "warnings": [w.to_dict(lang) for w in self.warnings],
            "sagsliste": self.sagsliste.to_dict(lang),
            "transitions": [p.to_dict(lang) for p in self.transitions],
            "switches": [s.to_dict(lang) for s in self.switches],
        }


def _known_caseworkers(source: Caseload | Iterable[Case], pool: Iterable[Case]) -> set[str]:
    """The caseworkers a caseload lists, and every caseworker its cases were ever assigned to."""
    known = {cw.id for cw in source.caseworkers} if isinstance(source, Caseload) else set()
    for case in pool:
        known.update(
            e.caseworker
            for e in case.events
            if e.type == EventType.SAGSBEHANDLER_TILDELT and e.caseworker is not None
        )
    return known


def select_cases(
    source: Case | Caseload | Iterable[Case],
    on: date,
    *,
    caseworker: str | None = None,
    cases: Iterable[str] | None = None,
) -> tuple[list[Case], Scope, str | None]:
    """The cases a handover concerns, its scope and the outgoing caseworker.

    A single :class:`~boernesag.model.Case` is one case (scope ``enkeltsag``). From a caseload:
    the open cases whose caseworker on ``on`` is ``caseworker`` (scope ``sagsstamme``), or the
    named ``cases`` (scope ``enkeltsag`` unless they are all of the caseworker's cases).
    Raises :class:`~boernesag.errors.BoernesagError` naming an unknown case, a case that is not
    the caseworker's, or a caseworker without open cases.
    """
    if isinstance(source, Case):
        cw = caseworker or source.caseworker_on(on)
        return [source], Scope.CASE, cw
    pool = list(source.cases if isinstance(source, Caseload) else source)
    wanted = list(dict.fromkeys(cases)) if cases is not None else None
    if caseworker is None:
        if wanted is None:
            if len(pool) == 1:
                return pool, Scope.CASE, pool[0].caseworker_on(on)
            raise BoernesagError(
                "angiv sagsbehandleren (caseworker) eller de sager, der overdrages"
            )
        by_id = {c.case_id: c for c in pool}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise BoernesagError(f"ukendt sag: {', '.join(missing)}")
        chosen = [by_id[i] for i in wanted]
        workers = {c.caseworker_on(on) for c in chosen}
        cw = workers.pop() if len(workers) == 1 else None
        return chosen, Scope.CASE, cw
    own = [c for c in pool if c.caseworker_on(on) == caseworker and c.is_open_on(on)]
    if wanted is None:
        if not own:
            known = _known_caseworkers(source, pool)
            if caseworker not in known:
                shown = ", ".join(sorted(known)[:12]) + (" ..." if len(known) > 12 else "")
                raise BoernesagError(
                    f"ukendt sagsbehandler {caseworker}"
                    + (f"; kendte: {shown}" if known else "; sagerne nævner ingen sagsbehandler")
                )
            raise BoernesagError(
                f"sagsbehandler {caseworker} har ingen åbne sager den {on.isoformat()}"
            )
        return own, Scope.CASELOAD, caseworker
    own_ids = {c.case_id: c for c in own}
    foreign = [i for i in wanted if i not in own_ids]
    if foreign:
        raise BoernesagError(
            f"sag {', '.join(foreign)} er ikke en åben sag hos {caseworker} den {on.isoformat()}"
        )
    chosen = [own_ids[i] for i in wanted]
    scope = Scope.CASELOAD if len(chosen) == len(own) else Scope.CASE
    return chosen, scope, caseworker


def window_warnings(
    case: Case,
    items: Sequence[Deadline],
    on: date,
    window_days: int,
    *,
    from_caseworker: str | None,
    to_caseworker: str | None,
) -> list[WindowWarning]:
    """A warning for every open deadline due from ``on`` to ``on + window_days`` (any
    obligor), and for every overdue municipal deadline."""
    end = on + timedelta(days=window_days)
    out = []
    for d in items:
        due = d.due_date
        if due is None:
            continue
        if d.status == Status.OPEN and on <= due <= end:
            kind = "window"
        elif (
            d.status == Status.OVERDUE
            and d.obligor == "kommune"
            and (d.rule is None or d.rule.kind != "before_decision")
        ):
            kind = "overdue"
        elif d.status == Status.OPEN and due < on and d.obligor == "kommune":
            kind = "before"  # a planned change: due between as_of and the handover day
        else:
            continue
        out.append(
            WindowWarning(
                kind=kind,
                case_id=case.case_id,
                child_id=case.child.id,
                deadline=DeadlineInfo.of(d),
                on=on,
                from_caseworker=from_caseworker,
                to_caseworker=to_caseworker,
            )
        )
    return out


_KIND_ORDER = {"overdue": 0, "before": 1, "window": 2}


def _warning_key(w: WindowWarning) -> tuple[int, date, str, str, str]:
    d = w.deadline
    return (_KIND_ORDER[w.kind], d.due, w.case_id, d.rule_id, d.trigger or "")


def handover(
    source: Case | Caseload | Iterable[Case],
    *,
    as_of: date,
    caseworker: str | None = None,
    cases: Iterable[str] | None = None,
    planned: bool | None = None,
    reason: Reason | str | None = None,
    scope: Scope | str | None = None,
    on: date | None = None,
    to: str | None = None,
    descriptions: Mapping[str, str] | None = None,
    settings: HandoverSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    audit: bool | None = None,
) -> Handover:
    """Prepare the handover of a case or a caseload (Socialstyrelsen, »Hvordan overdrages sager?«).

    Args:
        source: one case, or a caseload (or any cases) to choose from.
        as_of: the day the cases are read (deadlines, audit, contacts).
        caseworker: the outgoing caseworker; with a caseload, all their open cases on ``on``
            are handed over unless ``cases`` names some of them.
        cases: the case ids to hand over (single cases, e.g. specialisering).
        planned: prepared (True) or not (False); default from ``reason``, else True.
        reason: ``ophoer``, ``orlov``, ``specialisering``, ``overgang`` or ``sygdom``.
        scope: override the scope (``enkeltsag``/``sagsstamme``) inferred from the selection.
        on: the day of the change (default ``as_of``); the handover window starts here.
        to: the receiving caseworker, if known (shown in texts).
        descriptions: case id → the outgoing caseworker's short description.
        settings: thresholds (:class:`HandoverSettings`); window, "soon", complexity.
        audit: show the audit's findings (default ``settings.audit``).

    A case whose row cannot be computed is listed in ``sagsliste.rejected`` with its id and
    the reason (CPR-shaped digits masked), and the other cases are handed over as usual: one
    case never stops the handover of a caseload. So are the cases a lenient load rejected.

    Raises:
        BoernesagError: unknown or foreign case, a caseworker without open cases, a reason
            that contradicts ``planned`` (Socialstyrelsen, »Hvordan overdrages sager?«: sygdom is unplanned, orlov planned), or
            ``as_of``/``on`` outside the plausible window (``CalendarRangeError``).
    """
    check_as_of(as_of)
    if on is not None:
        check_as_of(on, what=Message("window.what_change_day"))
    s = settings or HandoverSettings()
    day = on or as_of
    # Check the situation before reading any case: a contradicting reason fails first.
    situation = Situation.make(planned=planned, scope=scope or Scope.CASELOAD, reason=reason)
    chosen, inferred, cw = select_cases(source, day, caseworker=caseworker, cases=cases)
    if scope is None:
        situation = attrs.evolve(situation, scope=inferred)
    rs = rules if rules is not None else default_rules()
    want_audit = s.audit if audit is None else audit
    audit_fn = load_audit() if want_audit else None
    descs = descriptions or {}
    rows: list[SagslisteRow] = []
    rejected: list[tuple[str, str]] = []
    warnings: list[WindowWarning] = []
    plans: list[TransitionPlan] = []
    switches: list[SwitchRow] = []
    for case in chosen:
        try:
            items = deadlines(case, as_of, rules=rs, calendar=calendar, leap_day_rule=leap_day_rule)
            row = sagsliste_row(
                case,
                as_of,
                settings=s,
                rules=rs,
                calendar=calendar,
                leap_day_rule=leap_day_rule,
                description=descs.get(case.case_id),
                audit_fn=audit_fn,
                window_start=day,
                items=items,
            )
            case_warnings = window_warnings(
                case, items, day, s.window_days, from_caseworker=cw, to_caseworker=to
            )
            plan = None
            if case.is_open_on(as_of) and in_transition_window(case, as_of, s, leap_day_rule):
                plan = transition_plan(
                    case,
                    as_of,
                    rules=rs,
                    calendar=calendar,
                    leap_day_rule=leap_day_rule,
                    items=items,
                )
            sw = switch_row(case, as_of, s, leap_day_rule)
        except Exception as exc:  # one case's failure never stops the others
            rejected.append((case.case_id, failure_message(exc)))
            continue
        rows.append(row)
        warnings.extend(case_warnings)
        if plan is not None and plan.steps:
            plans.append(plan)
        switches.append(sw)
    if isinstance(source, Caseload):
        # Cases a lenient load could not read may be the outgoing caseworker's: say so.
        for bad in source.rejected:
            rejected.append((bad.case_id or f"#{bad.index}", bad.error))
    rows.sort(key=SagslisteRow.sort_key)
    warnings.sort(key=_warning_key)
    plans.sort(key=lambda p: (p.turns_18, p.case_id))
    switches.sort(key=lambda r: (-r.n_switches, -len(r.complexity), r.case_id))
    sagsliste = Sagsliste(
        as_of=as_of,
        caseworker=cw,
        rows=tuple(rows),
        window_days=s.window_days,
        soon_days=s.soon_days,
        audit_available=audit_fn is not None,
        rejected=tuple(rejected),
    )
    context = {
        "n_cases": len(rows),
        "n_window": sum(1 for w in warnings if w.kind == "window"),
        "n_overdue": sum(len(r.overdue) for r in rows),
        "window_days": s.window_days,
        "n_missing_descriptions": sum(1 for r in rows if not (r.description or "").strip()),
        "n_fixed": sum(1 for r in rows if r.fixed_caseworker),
        "n_transition": len(plans),
        "n_open": sum(len(r.open_decisions) + len(r.complaints) for r in rows),
    }
    checklist = build_checklist(situation, day, context, calendar=calendar)
    return Handover(
        situation=situation,
        on=day,
        as_of=as_of,
        from_caseworker=cw,
        to_caseworker=to,
        checklist=checklist,
        sagsliste=sagsliste,
        warnings=tuple(warnings),
        transitions=tuple(plans),
        switches=tuple(switches),
        window_days=s.window_days,
    )
