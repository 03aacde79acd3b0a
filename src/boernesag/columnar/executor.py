"""The numpy executor: runs a rule's :class:`~boernesag.blocks.plan.Plan` on every case of an
:class:`~boernesag.columnar.table.EventTable` at once.

Each building block of :mod:`boernesag.blocks.plan` has one implementation here (the scalar
executor, :mod:`boernesag.blocks.scalar`, is the reference and has the other). What a block
cannot do exactly on columns raises :class:`~boernesag.columnar.context.Unsupported`, and the
rule goes to the scalar executor for every case, never approximated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from boernesag.blocks.periodtable import lookup_period, period_table, unlisted_of
from boernesag.blocks.plan import (
    ChosenPeriodAfter,
    Claim,
    DecisionMode,
    EachEvent,
    LinkDecision,
    PeriodAfter,
    Plan,
    Step,
    TablePeriodAfter,
)
from boernesag.columnar.conditions import condition_mask, select_rows
from boernesag.columnar.context import (
    MET,
    MET_LATE,
    MINUTE_2359,
    NOT_APPLICABLE,
    OPEN,
    OVERDUE,
    BoolArray,
    IntArray,
    Part,
    ScalarCases,
    Unsupported,
    VectorContext,
    greedy_claim,
    make_part,
    paragraph_codes,
)
from boernesag.columnar.dates import HOUR_US, NA, local_day, local_wall_to_utc
from boernesag.columnar.executor_ages import RUNNERS as AGE_RUNNERS
from boernesag.columnar.executor_before import RUNNERS as BEFORE_RUNNERS
from boernesag.columnar.executor_episodes import RUNNERS as EPISODE_RUNNERS
from boernesag.columnar.executor_measures import MEASURE_RUNNERS
from boernesag.columnar.executor_modes import run_decision_mode
from boernesag.errors import RuleError
from boernesag.law import Rule, RuleVersion
from boernesag.periods import Period, Unit

__all__ = ["RUNNERS", "Runner", "run_plan"]

# --------------------------------------------------------------------------- links


def _claim(step: Claim, ctx: VectorContext, trig: IntArray) -> IntArray:
    """:class:`~boernesag.blocks.plan.Claim` for every trigger: the meeting row or -1."""
    t = ctx.t
    if step.by not in ("ref", "next"):
        raise Unsupported(step.by)
    met_rows = ctx.events(step.types)
    met = np.full(len(trig), -1, dtype=np.int64)
    if step.by == "ref":
        refs = t.ref[met_rows]
        linked = refs >= 0
        targets, first = np.unique(refs[linked], return_index=True)
        cand = met_rows[linked]
        if len(targets):
            pos = np.minimum(np.searchsorted(targets, trig), len(targets) - 1)
            ok = targets[pos] == trig
            met[ok] = cand[first[pos[ok]]]
        pool = met_rows[refs == -1]
    else:
        pool = met_rows
    need = np.flatnonzero(met == -1)
    if len(need) and len(pool):
        lower = np.searchsorted(t.skey[pool], t.skey[trig[need]], side="left")
        met[need] = greedy_claim(ctx, trig[need], pool, lower)
    return met



def _link_decisions(step: LinkDecision, ctx: VectorContext, apps: IntArray) -> IntArray:
    """:class:`~boernesag.blocks.plan.LinkDecision` for every application: a decision row or -1."""
    t = ctx.t
    decisions = ctx.events(step.types)
    app_case = t.case[apps].astype(np.int64)
    rank = np.arange(len(apps), dtype=np.int64) - np.searchsorted(app_case, app_case)
    linked = np.full(len(apps), -1, dtype=np.int64)
    # pass 1: the first decision naming the application
    naming = decisions[t.ref[decisions] >= 0]
    if len(naming):
        order = np.argsort(t.ref[naming], kind="stable")
        target = t.ref[naming][order].astype(np.int64)
        i = np.searchsorted(target, apps, side="left")
        ic = np.clip(i, 0, len(target) - 1)
        hit = (i < len(target)) & (target[ic] == apps)
        linked[hit] = naming[order][ic[hit]]
    free = decisions[t.ref[decisions] == -1]
    used = np.zeros(len(free), dtype=bool)
    _link_pass(ctx, apps, rank, linked, free, used, same_benefit=True)
    _link_pass(ctx, apps, rank, linked, free, used, same_benefit=False)
    return linked


def _link_pass(
    ctx: VectorContext,
    apps: IntArray,
    rank: IntArray,
    linked: IntArray,
    free: IntArray,
    used: BoolArray,
    same_benefit: bool,
) -> None:
    """One fallback pass of ``the scalar LinkDecision block``: each application without a
    decision, in order, takes the first unused ``free`` decision at or after it (with the
    same paragraph or measure if ``same_benefit``). Updates ``linked`` and ``used``."""
    t = ctx.t
    if not len(free):
        return
    free_case = t.case[free].astype(np.int64)
    free_skey = t.skey[free]
    p_group = _paragraph_groups(ctx)
    for k in range(int(rank.max()) + 1 if len(rank) else 0):
        todo = np.flatnonzero((rank == k) & (linked < 0))
        if not len(todo):
            continue
        a = apps[todo]
        case = t.case[a].astype(np.int64)
        j = np.searchsorted(free_skey, t.skey[a], side="left")  # skey orders cases too
        while len(todo):
            jc = np.clip(j, 0, len(free) - 1)
            inside = (j < len(free)) & (free_case[jc] == case)
            d = free[jc]
            ok = inside & ~used[jc]
            if same_benefit:
                am, dm = t.measure[a].astype(np.int64), t.measure[d].astype(np.int64)
                ap, dp = p_group[paragraph_codes(ctx, a)], p_group[paragraph_codes(ctx, d)]
                ok &= ((am >= 0) & (am == dm)) | ((ap >= 0) & (ap == dp))
            hit = np.flatnonzero(ok)
            linked[todo[hit]] = d[hit]
            used[jc[hit]] = True
            more = inside & ~ok
            todo, a, case, j = todo[more], a[more], case[more], j[more] + 1


def _paragraph_groups(ctx: VectorContext) -> IntArray:
    """Per paragraph code: a number for its (law, paragraph number); -1 for none."""
    groups: dict[tuple[str, str], int] = {}
    out = [groups.setdefault((p.law, p.number), len(groups)) for p in ctx.t.vocab["paragraph"]]
    return np.array([*out, -1], dtype=np.int64)


# --------------------------------------------------------------------------- due


def _table_periods(
    rule: Rule, ctx: VectorContext
) -> list[tuple[list[Period | None], Period | None]]:
    """:class:`~boernesag.blocks.plan.TablePeriodAfter` per rule version: the period for each
    paragraph code, and for no paragraph (``None``: no deadline). A table the scalar executor
    refuses leaves the rule to it (it raises the rule error)."""
    out = []
    for version in rule.versions:
        try:
            table = period_table(rule, version)
            unlisted = unlisted_of(rule, version)
        except RuleError as exc:
            raise Unsupported("periods") from exc
        default = version.period if unlisted == "default" else None
        per_code = []
        for p in ctx.t.vocab["paragraph"]:
            found = lookup_period(table, p)
            per_code.append(found if found is not None else default)
        out.append((per_code, default))
    return out


def _hours(
    ctx: VectorContext, period: Period, tr: IntArray, mt: IntArray, hm: BoolArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Hours from the trigger's instant (unknown time: midnight, alternative 23:59):
    (due, alternative, status), instants in UTC microseconds."""
    t = ctx.t
    hours = period.amount * HOUR_US
    at = t.at[tr]
    has_at = at != NA
    due = np.where(has_at, at, local_wall_to_utc(t.day[tr], 0)) + hours
    alt = np.where(has_at, NA, local_wall_to_utc(t.day[tr], MINUTE_2359) + hours)
    mc = np.maximum(mt, 0)
    met_at = t.at[mc]
    on_time = np.where(met_at != NA, met_at <= due, t.day[mc] <= local_day(due))
    status = np.where(
        hm,
        np.where(on_time, MET, MET_LATE),
        np.where(ctx.as_of_end <= due, OPEN, OVERDUE),
    ).astype(np.int64)
    return due, alt, status


def _dated(
    ctx: VectorContext,
    version: RuleVersion,
    period: Period,
    tr: IntArray,
    start: IntArray,
    mt: IntArray,
    measure: IntArray | None,
) -> Part:
    t = ctx.t
    hm = mt >= 0
    if period.unit == Unit.HOURS:
        due, alt, status = _hours(ctx, period, tr, mt, hm)
        timed = np.ones(len(tr), dtype=bool)
        return make_part(t, tr, due, alt, status, mt, measure=measure, timed=timed)
    due, alt = ctx.end_date(version, start, period)
    status = ctx.status(due, t.day[np.maximum(mt, 0)], hm)
    return make_part(t, tr, due, alt, status, mt, measure=measure)


def _chosen_groups(
    step: ChosenPeriodAfter, ctx: VectorContext, default: Period, trig: IntArray, sel: IntArray
) -> dict[Period | None, IntArray]:
    """:class:`~boernesag.blocks.plan.ChosenPeriodAfter` for the triggers ``trig[sel]``: the
    positions in ``trig`` per period (the first choice that holds, else ``default``)."""
    rows = trig[sel]
    left = np.ones(len(sel), dtype=bool)
    groups: dict[Period | None, list[IntArray]] = {}
    for choice in step.choices:
        ok = left.copy()
        for c in choice.conditions:
            ok &= condition_mask(ctx, rows, c)
        if ok.any():
            groups.setdefault(choice.period, []).append(sel[ok])
        left &= ~ok
    if left.any():
        groups.setdefault(default, []).append(sel[left])
    return {p: np.sort(np.concatenate(parts)) for p, parts in groups.items()}


# --------------------------------------------------------------------------- executor


Runner = Callable[[Plan, Rule, VectorContext], Sequence[Part | ScalarCases]]


def run_plan(plan: Plan, rule: Rule, ctx: VectorContext) -> Sequence[Part | ScalarCases]:
    """The deadlines of ``rule`` on every case, computed from its plan by the runner of its
    due step where that shapes the whole deadline, else of its subject, as column parts."""
    return (RUNNERS.get(type(plan.due)) or RUNNERS[type(plan.subject)])(plan, rule, ctx)


def _run_each_event(plan: Plan, rule: Rule, ctx: VectorContext) -> list[Part]:
    """Subject :class:`~boernesag.blocks.plan.EachEvent` (see the scalar runner)."""
    assert isinstance(plan.subject, EachEvent)
    t = ctx.t
    if isinstance(plan.link, Claim) and set(plan.subject.types) & set(plan.link.types):
        raise Unsupported("a trigger type that also meets the rule")
    trig, start = select_rows(plan.subject, ctx)
    if not len(trig):
        return []
    # a LinkDecision links every subject up front (as the scalar block does); a Claim only
    # the subjects with a version in force, in order
    linked = _link_decisions(plan.link, ctx, trig) if isinstance(plan.link, LinkDecision) else None
    vi = ctx.version_index(rule, start)
    keep = vi >= 0
    trig, start, vi = trig[keep], start[keep], vi[keep]
    if linked is not None:
        met = linked[keep]
    else:
        assert isinstance(plan.link, Claim)
        met = _claim(plan.link, ctx, trig)
    measure = t.measure[trig].astype(np.int64) if plan.subject.carry_measure else None
    tables = _table_periods(rule, ctx) if isinstance(plan.due, TablePeriodAfter) else None
    parts: list[Part] = []
    groups: dict[Period | None, IntArray]
    for u, version in enumerate(rule.versions):
        sel = np.flatnonzero(vi == u)
        if not len(sel):
            continue
        if isinstance(plan.due, ChosenPeriodAfter):
            groups = _chosen_groups(plan.due, ctx, version.period, trig, sel)
        elif tables is None:
            assert isinstance(plan.due, PeriodAfter)
            groups = {version.period: sel}
        else:
            per_code, default = tables[u]
            chosen = [per_code[c] if c >= 0 else default for c in paragraph_codes(ctx, trig[sel]).tolist()]
            lists: dict[Period | None, list[int]] = {}
            for k, period in zip(sel.tolist(), chosen, strict=True):
                lists.setdefault(period, []).append(k)
            groups = {p: np.array(ks, dtype=np.int64) for p, ks in lists.items()}
        for period, idx in groups.items():
            tr = trig[idx]
            m = measure[idx] if measure is not None else None
            if period is None:
                none = np.full(len(idx), NA)
                status = np.full(len(idx), NOT_APPLICABLE)
                parts.append(
                    make_part(t, tr, none, none.copy(), status, np.full(len(idx), -1), measure=m)
                )
                continue
            parts.append(_dated(ctx, version, period, tr, start[idx], met[idx], m))
    return parts


#: The runner of each subject class (and of a due step with a runner of its own).
RUNNERS: dict[type[Step], Runner] = {
    EachEvent: _run_each_event,
    **MEASURE_RUNNERS,
    **AGE_RUNNERS,
    **EPISODE_RUNNERS,
    **BEFORE_RUNNERS,
    DecisionMode: run_decision_mode,
}
