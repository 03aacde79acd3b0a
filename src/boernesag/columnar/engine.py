"""The vectorized deadline engine: the scalar engine's rule interpreters, over all cases at once.

:func:`deadline_table` reads the same :class:`~boernesag.law.RuleSet` as
:func:`boernesag.deadlines.deadlines` (kinds, versions by trigger date, periods, options,
params, ``trigger_if``/``trigger_unless``, ``link``) and gives the same deadlines. Each
supported rule kind has one interpreter here that works on whole columns; sequential logic
(greedy claiming of meeting events, BFU episodes, recurring chains) is done as "the k-th
step for every case at once", with :func:`numpy.searchsorted` on sort-key ranks.

Every kind of the packaged rules is vectorized, the municipal ``case_processing``
(sagsbehandlingsfrist, RSL § 3 stk. 2, off by default) included. What an interpreter cannot
do exactly is left to the scalar engine, never approximated: a rule of a kind without an interpreter
here (a municipality's own kind, or one added to :mod:`boernesag.deadlines` later) for every
case; a rule option an interpreter does not know (a ``link = "measure"``, hours in a kind
that counts days, ...) for every case; and cases with duplicate event ids for every rule.
:attr:`DeadlineTable.fallback` counts all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from boernesag.blocks.caseview import case_view
from boernesag.blocks.plan import PLANNED_KINDS, compile_rule
from boernesag.calendar import Calendar, default_calendar
from boernesag.columnar.context import NOT_APPLICABLE
from boernesag.columnar.context import Part as _Part
from boernesag.columnar.context import Unsupported as _Unsupported
from boernesag.columnar.context import VectorContext as _Ctx
from boernesag.columnar.context import make_part as _part
from boernesag.columnar.dates import (
    NA,
    day_number,
    months_before,
    period_end,
    us_of_instant,
)
from boernesag.columnar.executor import run_plan
from boernesag.columnar.result import STATUS_CODE, DeadlineTable
from boernesag.columnar.table import EventTable
from boernesag.deadlines import Deadline, gives_deadlines, rule_deadlines
from boernesag.law import Rule, RuleSet, default_rules
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.periods import LeapDayRule, Period, as_of_day, to_copenhagen

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]
else:
    IntArray = Any
    BoolArray = Any

__all__ = ["VECTORIZED_KINDS", "deadline_table"]


def _pcode(ctx: _Ctx, rows: IntArray) -> IntArray:
    return ctx.t.codes["paragraph"][rows].astype(np.int64)


def _by_paragraph(ctx: _Ctx, test: Callable[[Any], bool], none: bool) -> BoolArray:
    """A lookup table over the paragraph vocabulary; index -1 (no paragraph) gives ``none``."""
    return np.array([test(p) for p in ctx.t.vocab["paragraph"]] + [none], dtype=bool)


def _same_case(ctx: _Ctx, rows: IntArray, idx: IntArray, case: IntArray) -> BoolArray:
    """``idx`` (positions into ``rows``) is in range and its row belongs to ``case``."""
    ok = (idx >= 0) & (idx < len(rows))
    if len(rows) == 0:
        return ok
    same: BoolArray = ok & (ctx.t.case[rows[np.clip(idx, 0, len(rows) - 1)]] == case)
    return same


# --------------------------------------------------------------------------- plan


def _plan_rule(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "plan"``: barnets plan / handleplan for a decision (BL § 91; SEL § 140)."""
    t = ctx.t
    applies_to = rule.param("applies_to")
    if applies_to not in legal_vocabulary().decision_kinds:
        raise _Unsupported("applies_to")
    lookback = Period.parse(str(rule.param("lookback", "6 months")))
    plans = ctx.events(rule.met_by)
    decs = ctx.events(("afgoerelse",))
    outcome_vocab = t.vocab["outcome"]
    legal = legal_vocabulary()
    refused = np.array([legal.is_refused(o) for o in outcome_vocab] + [False])
    kind_ok = _by_paragraph(ctx, lambda p: legal.decision_kind(p) == applies_to, False)
    pc = _pcode(ctx, decs)
    decs = decs[~refused[t.codes["outcome"][decs].astype(np.int64)] & kind_ok[pc]]
    vi = ctx.version_index(rule, t.day[decs])
    decs, vi = decs[vi >= 0], vi[vi >= 0]
    case = t.case[decs].astype(np.int64)
    day = t.day[decs]
    earliest = months_before(day, lookback)
    j = np.searchsorted(ctx.row_dkey(plans), ctx.dkey(case, earliest), side="left")
    has_plan = _same_case(ctx, plans, j, case)
    # met = the first plan in the window (the first with day <= due, else the first at all)
    met = np.where(has_plan, plans[np.clip(j, 0, max(len(plans) - 1, 0))] if len(plans) else -1, -1)
    forced = _by_paragraph(ctx, lambda p: p.is_forced_placement, False)[_pcode(ctx, decs)]
    decided = ctx.extra_is(decs, "barnets_plan", True)
    parts: list[Any] = []
    for u, version in enumerate(rule.versions):
        base_mode = str(version.option("mode", "after"))
        forced_mode = version.option("forced_mode")
        for is_forced in (False, True):
            sel = (vi == u) & (forced == is_forced)
            if not sel.any():
                continue
            mode = str(forced_mode) if is_forced and forced_mode else base_mode
            d, m, c, dec = day[sel], met[sel], case[sel], decs[sel]
            if mode == "if_decided":
                yes = decided[sel]
                no = dec[~yes]
                if len(no):
                    parts.append(
                        _part(
                            t,
                            no,
                            np.full(len(no), NA),
                            np.full(len(no), NA),
                            np.full(len(no), NOT_APPLICABLE),
                            np.full(len(no), -1),
                            measure=t.measure[no].astype(np.int64),
                        )
                    )
                d, m, c, dec = d[yes], m[yes], c[yes], dec[yes]
                mode = "after"
            if mode == "before":
                due = d.copy()
                fallback = version.option("fallback")
                if fallback:
                    alt = period_end(d, Period.parse(str(fallback)), ctx.calendar)[0]
                else:
                    alt = np.full(len(d), NA)
            else:
                due, alt = ctx.end_date(version, d)
            status = ctx.status(due, t.day[np.maximum(m, 0)], m >= 0)
            parts.append(
                _part(t, dec, due, alt, status, m, measure=t.measure[dec].astype(np.int64))
            )
    return parts


# --------------------------------------------------------------------------- registry

Interpreter = Callable[[Rule, _Ctx], list[Any]]

_INTERPRETERS: dict[str, Interpreter] = {
    "plan": _plan_rule,
}

#: Rule kinds with a vectorized interpreter (others go to the scalar engine).
VECTORIZED_KINDS = frozenset(_INTERPRETERS) | PLANNED_KINDS


# --------------------------------------------------------------------------- public API


def deadline_table(
    table: EventTable,
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> DeadlineTable:
    """Every deadline of every case in ``table`` as it stood at ``as_of``, as columns.

    The same deadlines as :func:`boernesag.deadlines.deadlines` case by case (same rule
    data, calendar and leap-day rule); what the vectorized interpreters cannot do exactly is
    computed by the scalar engine and counted in :attr:`DeadlineTable.fallback`.
    """
    as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    rs = rules if rules is not None else default_rules()
    cal = calendar or default_calendar()
    ctx = _Ctx(table, as_of, cal, LeapDayRule(leap_day_rule), rs)
    active = rs.active
    rule_ids = tuple(r.id for r in active)
    parts: list[tuple[int, _Part]] = []
    scalar: dict[int, set[str]] = {}  # case -> rules the scalar engine computes
    everywhere: set[str] = set()
    for ri, rule in enumerate(active):
        plan = compile_rule(rule)
        interp = _INTERPRETERS.get(rule.kind)
        if plan is None and interp is None:
            if _scalar_interprets(rule.kind):
                everywhere.add(rule.id)
            continue
        try:
            if plan is not None:
                produced = run_plan(plan, rule, ctx)
            else:
                assert interp is not None
                produced = interp(rule, ctx)
        except _Unsupported:
            everywhere.add(rule.id)
            continue
        for p in produced:
            if isinstance(p, _Part):
                parts.append((ri, p))
            else:  # case indices left to the scalar engine for this rule
                for c in p.cases.tolist():
                    scalar.setdefault(c, set()).add(rule.id)
    all_ids = {r.id for r in active}
    for c in np.flatnonzero(table.irregular).tolist():
        scalar.setdefault(c, set()).update(all_ids)
    if everywhere:
        for c in range(table.n_cases):
            scalar.setdefault(c, set()).update(everywhere)
    fallback: dict[str, int] = {}
    if scalar:
        rows = _scalar_rows(table, ctx, scalar, rule_ids, as_of, rs, cal, leap_day_rule)
        parts.extend((ri, p) for ri, p in rows)
        for wanted in scalar.values():
            for rid in wanted:
                fallback[rid] = fallback.get(rid, 0) + 1
    return _assemble(table, as_of, rs, rule_ids, parts, fallback, cal, leap_day_rule)


def _scalar_interprets(kind: str) -> bool:
    """Whether the scalar engine gives deadlines for this kind (``requirement`` gives none)."""
    return gives_deadlines(kind)


def _scalar_deadlines(
    case: Any,
    as_of: date | datetime,
    rs: RuleSet,
    wanted: set[str],
    cal: Calendar,
    leap_day_rule: LeapDayRule,
) -> Iterable[Deadline]:
    """The scalar engine's deadlines of the ``wanted`` rules for one case (the loop of
    :func:`boernesag.deadlines.deadlines`, over those rules only)."""
    ctx = case_view(case, as_of, cal, leap_day_rule)
    ctx.rules = rs
    out: list[Deadline] = []
    for rule in rs.active:
        if rule.id in wanted:
            out.extend(rule_deadlines(rule, ctx))
    return out


def _scalar_rows(
    table: EventTable,
    ctx: _Ctx,
    scalar: dict[int, set[str]],
    rule_ids: tuple[str, ...],
    as_of: date | datetime,
    rs: RuleSet,
    cal: Calendar,
    leap_day_rule: LeapDayRule,
) -> list[tuple[int, _Part]]:
    """The scalar engine's deadlines for (case, rules) pairs, as columns."""
    index = {rid: i for i, rid in enumerate(rule_ids)}
    cols: dict[str, list[int]] = {
        k: []
        for k in ("rule", "case", "trigger", "due", "alt", "timed", "status", "met", "measure")
    }
    for c in sorted(scalar):
        wanted = scalar[c]
        case = table.rebuild(c)
        lo = int(table.start[c])
        rows = {}
        for k in range(int(table.start[c + 1]) - lo - 1, -1, -1):
            rows[str(table.id[lo + k])] = lo + k  # first row wins for duplicate ids
        m_lo, m_hi = int(table.m_first[c]), int(table.m_first[c + 1])
        mrows = {str(table.m_id[m]): m for m in range(m_lo, m_hi)}
        for d in _scalar_deadlines(case, as_of, rs, wanted, cal, leap_day_rule):
            due, timed = _encode(d.due)
            alt, _ = _encode(d.alternative_due)
            cols["rule"].append(index[d.rule_id])
            cols["case"].append(c)
            cols["trigger"].append(rows[d.trigger] if d.trigger is not None else -1)
            cols["due"].append(due)
            cols["alt"].append(alt)
            cols["timed"].append(timed)
            cols["status"].append(STATUS_CODE[d.status])
            cols["met"].append(rows[d.met_by] if d.met_by is not None else -1)
            cols["measure"].append(mrows[d.measure] if d.measure is not None else -1)
    arrays = {k: np.array(v, dtype=np.int64) for k, v in cols.items()}
    part = _Part(
        rule=arrays["rule"],
        case=arrays["case"],
        trigger=arrays["trigger"],
        due=arrays["due"],
        alt=arrays["alt"],
        timed=arrays["timed"].astype(bool),
        status=arrays["status"],
        met=arrays["met"],
        measure=arrays["measure"],
    )
    return [(-1, part)]


def _encode(value: date | datetime | None) -> tuple[int, bool]:
    if value is None:
        return int(NA), False
    if isinstance(value, datetime):
        return us_of_instant(to_copenhagen(value)), True
    return day_number(value), False


def _assemble(
    table: EventTable,
    as_of: date | datetime,
    rs: RuleSet,
    rule_ids: tuple[str, ...],
    parts: Iterable[tuple[int, _Part]],
    fallback: dict[str, int],
    cal: Calendar,
    leap_day_rule: LeapDayRule,
) -> DeadlineTable:
    parts = list(parts)

    def cat(name: str, dtype: Any) -> Any:
        if not parts:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([getattr(p, name) for _, p in parts]).astype(dtype)

    rule = (
        np.concatenate(
            [
                p.rule if p.rule is not None else np.full(len(p.due), ri, dtype=np.int64)
                for ri, p in parts
            ]
        ).astype(np.int16)
        if parts
        else np.zeros(0, dtype=np.int16)
    )
    return DeadlineTable(
        table=table,
        as_of=as_of,
        rules=rs,
        rule_ids=rule_ids,
        case=cat("case", np.int32),
        rule=rule,
        trigger=cat("trigger", np.int64),
        due=cat("due", np.int64),
        alternative_due=cat("alt", np.int64),
        timed=cat("timed", bool),
        status=cat("status", np.int8),
        met_by=cat("met", np.int64),
        measure=cat("measure", np.int64),
        fallback=fallback,
        calendar=cal,
        leap_day_rule=leap_day_rule,
    )
