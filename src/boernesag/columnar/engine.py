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

import attrs
import numpy as np

from boernesag.blocks.caseview import case_view
from boernesag.blocks.plan import PLANNED_KINDS, compile_rule
from boernesag.calendar import Calendar, default_calendar
from boernesag.columnar.context import MAX_INT as _MAX
from boernesag.columnar.context import MET, NOT_APPLICABLE, OPEN
from boernesag.columnar.context import MIN_INT32 as _MIN32
from boernesag.columnar.context import Part as _Part
from boernesag.columnar.context import Unsupported as _Unsupported
from boernesag.columnar.context import VectorContext as _Ctx
from boernesag.columnar.context import greedy_claim as _greedy_claim
from boernesag.columnar.context import make_part as _part
from boernesag.columnar.dates import (
    NA,
    add_months,
    day_number,
    months_before,
    period_end,
    us_of_instant,
)
from boernesag.columnar.executor import run_plan
from boernesag.columnar.result import STATUS_CODE, DeadlineTable, facts_bits
from boernesag.columnar.table import TYPE_CODE, EventTable
from boernesag.deadlines import Deadline, gives_deadlines, rule_deadlines
from boernesag.errors import RuleError
from boernesag.law import Rule, RuleSet, RuleVersion, default_rules
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.periods import LeapDayRule, Period, Unit, as_of_day, to_copenhagen

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]
else:
    IntArray = Any
    BoolArray = Any

__all__ = ["VECTORIZED_KINDS", "deadline_table"]

@attrs.frozen
class _ScalarCases:
    """Cases whose deadlines for the rule the scalar engine computes."""

    cases: IntArray


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


# --------------------------------------------------------------------------- before_decision


def _before_decision(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "before_decision"``: the børnesamtale before each decision (BL § 5 stk. 3-4)."""
    t = ctx.t
    laws = set(rule.param("laws", ["BL", "SEL"]))
    lookback = Period.parse(str(rule.param("lookback", "6 months")))
    talks = ctx.events(rule.met_by)
    decs = ctx.events(("afgoerelse",))
    law_ok = _by_paragraph(ctx, lambda p: p.law in laws, True)
    decs = decs[law_ok[_pcode(ctx, decs)]]
    vi = ctx.version_index(rule, t.day[decs])
    decs = decs[vi >= 0]
    und_vocab = t.vocab["boernesamtale_undtagelse"]
    truthy = np.array([bool(x) for x in und_vocab] + [False], dtype=bool)
    und = truthy[t.codes["boernesamtale_undtagelse"][decs].astype(np.int64)]
    parts: list[Any] = []
    ex = decs[und]
    if len(ex):
        parts.append(
            _part(t, ex, t.day[ex], np.full(len(ex), NA), np.full(len(ex), MET), ex.copy())
        )
    decs = decs[~und]
    case = t.case[decs].astype(np.int64)
    day = t.day[decs]
    earliest = months_before(day, lookback)
    tk = ctx.row_dkey(talks)
    i = np.searchsorted(tk, ctx.dkey(case, day), side="right") - 1
    before = _same_case(ctx, talks, i, case)
    before &= (
        t.day[talks[np.clip(i, 0, max(len(talks) - 1, 0))]] >= earliest if len(talks) else before
    )
    after = _same_case(ctx, talks, i + 1, case)
    met = np.full(len(decs), -1, dtype=np.int64)
    if len(talks):
        met = np.where(before, talks[np.clip(i, 0, len(talks) - 1)], met)
        met = np.where(~before & after, talks[np.clip(i + 1, 0, len(talks) - 1)], met)
    has = met >= 0
    status = ctx.status(day, t.day[np.maximum(met, 0)], has)
    parts.append(
        _part(
            t,
            decs,
            day.copy(),
            np.full(len(decs), NA),
            status,
            met,
            measure=t.measure[decs].astype(np.int64),
        )
    )
    return parts


# --------------------------------------------------------------------------- measures


class _Members:
    """Search the events "for measure m" (``deadlines._followups_for``) among a row list:
    those naming the measure, and unnamed ones while it was active (start <= day <= end)."""

    def __init__(self, ctx: _Ctx, rows: IntArray) -> None:
        t = ctx.t
        self.ctx = ctx
        self.rows = rows
        pos = np.arange(len(rows), dtype=np.int64)
        meas = t.measure[rows].astype(np.int64)
        named = meas >= 0
        order = np.argsort(meas[named], kind="stable")
        self.a_rows = rows[named][order]
        self.a_pos = pos[named][order]
        self.a_m = meas[named][order]
        self.a_key = (self.a_m << 40) + t.skey[self.a_rows]
        self.b_rows = rows[~named]
        self.b_pos = pos[~named]
        self.b_skey = t.skey[self.b_rows]

    def first(self, m: IntArray, start: IntArray, end: IntArray, lower_skey: IntArray) -> IntArray:
        """The first member with skey >= ``lower_skey`` (row, or -1)."""
        ctx, t = self.ctx, self.ctx.t
        case = t.m_case[m].astype(np.int64)
        out_pos = np.full(len(m), _MAX, dtype=np.int64)
        out = np.full(len(m), -1, dtype=np.int64)
        if len(self.a_rows):
            ia = np.searchsorted(self.a_key, (m << 40) + lower_skey, side="left")
            iac = np.clip(ia, 0, len(self.a_rows) - 1)
            ok = (ia < len(self.a_rows)) & (self.a_m[iac] == m)
            out_pos = np.where(ok, self.a_pos[iac], out_pos)
            out = np.where(ok, self.a_rows[iac], out)
        if len(self.b_rows):
            lb = np.maximum(lower_skey, ctx.skey_from(case, start))
            ib = np.searchsorted(self.b_skey, lb, side="left")
            ibc = np.clip(ib, 0, len(self.b_rows) - 1)
            rb = self.b_rows[ibc]
            ok = (ib < len(self.b_rows)) & (t.case[rb] == case)
            ok &= (end == NA) | (t.day[rb] <= end)
            better = ok & (self.b_pos[ibc] < out_pos)
            out = np.where(better, rb, out)
        return out

    def last(self, m: IntArray, start: IntArray, end: IntArray, upper_skey: IntArray) -> IntArray:
        """The last member with skey <= ``upper_skey`` and day >= start (row, or -1)."""
        ctx, t = self.ctx, self.ctx.t
        case = t.m_case[m].astype(np.int64)
        out_pos = np.full(len(m), -1, dtype=np.int64)
        out = np.full(len(m), -1, dtype=np.int64)
        if len(self.a_rows):
            ia = np.searchsorted(self.a_key, (m << 40) + upper_skey, side="right") - 1
            iac = np.clip(ia, 0, len(self.a_rows) - 1)
            ok = (ia >= 0) & (self.a_m[iac] == m) & (t.day[self.a_rows[iac]] >= start)
            out_pos = np.where(ok, self.a_pos[iac], out_pos)
            out = np.where(ok, self.a_rows[iac], out)
        if len(self.b_rows):
            ub = upper_skey
            has_end = end != NA
            ub = np.where(
                has_end, np.minimum(ub, ctx.skey_until(case, np.where(has_end, end, 0))), ub
            )
            ib = np.searchsorted(self.b_skey, ub, side="right") - 1
            ibc = np.clip(ib, 0, len(self.b_rows) - 1)
            rb = self.b_rows[ibc]
            ok = (ib >= 0) & (t.case[rb] == case) & (t.day[rb] >= start)
            better = ok & (self.b_pos[ibc] > out_pos)
            out = np.where(better, rb, out)
        return out


def _applies(rule: Rule, ctx: _Ctx, m: IntArray) -> BoolArray:
    wanted = rule.param("applies_to")
    if not wanted:
        return np.ones(len(m), dtype=bool)
    names = set(wanted)
    table = _by_paragraph(ctx, lambda p: f"{p.law} {p.number}" in names, True)
    return table[ctx.m_paragraph[m].astype(np.int64)]


def _first_due(rule: Rule, ctx: _Ctx, m: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """``deadlines._first_due`` for measures ``m``: (kept measures, version, due, alt)."""
    t = ctx.t
    start = t.m_start[m]
    vi = ctx.version_index(rule, start)
    m, start, vi = m[vi >= 0], start[vi >= 0], vi[vi >= 0]
    due = np.zeros(len(m), dtype=np.int64)
    alt = np.zeros(len(m), dtype=np.int64)
    case = t.m_case[m].astype(np.int64)
    for u, version in enumerate(rule.versions):
        sel = vi == u
        if not sel.any():
            continue
        d, a = ctx.end_date(version, start[sel])
        if version.option("earliest_of_parallel"):
            c, st = case[sel], start[sel]
            bs = ctx.events(("bfu_startet",))
            be = ctx.events(("bfu_afsluttet",))
            i = np.searchsorted(ctx.row_dkey(bs), ctx.dkey(c, st), side="right") - 1
            running = _same_case(ctx, bs, i, c)
            if len(bs) and len(be):
                rday = t.day[bs[np.clip(i, 0, len(bs) - 1)]]
                j = np.searchsorted(ctx.row_dkey(be), ctx.dkey(c, rday), side="left")
                has_end = running & _same_case(ctx, be, j, c)
                eday = t.day[be[np.clip(j, 0, len(be) - 1)]]
                earlier = has_end & (eday > st) & (eday < d)
                d = np.where(earlier, eday, d)
                a = np.where(earlier, NA, a)
        due[sel], alt[sel] = d, a
    return m, vi, due, alt


def _first_followup(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "first_followup"`` (BL § 95 stk. 2; SEL § 70 stk. 1)."""
    t = ctx.t
    m = ctx.m_rows[_applies(rule, ctx, ctx.m_rows)]
    m, vi, due, alt = _first_due(rule, ctx, m)
    start = t.m_start[m]
    end = ctx.m_end[m]
    members = _Members(ctx, ctx.events(rule.met_by))
    lower = ctx.skey_from(t.m_case[m].astype(np.int64), start)
    met = members.first(m, start, end, lower)
    trig = t.m_start_row[m]
    na = (met < 0) & (end != NA) & (end < due)
    late_limit = np.zeros(len(m), dtype=np.int64)
    for u, version in enumerate(rule.versions):
        sel = vi == u
        if sel.any():
            late_limit[sel] = ctx.end_date(version, due[sel])[0]
    met = np.where((met >= 0) & (t.day[np.maximum(met, 0)] > late_limit), -1, met)
    status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
    status = np.where(na, NOT_APPLICABLE, status)
    alt = np.where(na, NA, alt)
    return [_part(t, trig, due, alt, status, met, measure=m.astype(np.int64))]


# --------------------------------------------------------------------------- chains


def _chain(
    rule: Rule,
    ctx: _Ctx,
    members: _Members,
    m: IntArray,
    anchor: IntArray,
    day: IntArray,
    lo_day: IntArray,
    interval: Callable[[RuleVersion, IntArray, IntArray, IntArray], tuple[IntArray, IntArray]]
    | None,
    *,
    end: IntArray | None = None,
    per_case: bool = False,
) -> list[Any]:
    """``deadlines._chain`` for many chains at once: one loop step per period.

    ``m`` are measure rows (or case indices with ``per_case``: then the chains have no
    measure and ``members`` searches a whole case). ``interval(version, m, anchor, idx)``
    gives (amount, unit code) per chain, or None for the version's period. Unit codes index
    :data:`_UNITS`. ``end`` defaults to the measures' ends as of ``as_of``.
    """
    t = ctx.t
    if end is None:
        end = ctx.m_end[m]
    after = t.skey[anchor]
    parts: list[Any] = []
    alive = np.arange(len(m))
    while alive.size:
        mm, an, dd = m[alive], anchor[alive], day[alive]
        vi = ctx.version_index(rule, dd)
        keep = vi >= 0
        alive, mm, an, dd, vi = alive[keep], mm[keep], an[keep], dd[keep], vi[keep]
        if not alive.size:
            break
        due = np.zeros(len(alive), dtype=np.int64)
        alt = np.zeros(len(alive), dtype=np.int64)
        late = np.zeros(len(alive), dtype=np.int64)
        for u, version in enumerate(rule.versions):
            sel = vi == u
            if not sel.any():
                continue
            if interval is None:
                amount = np.full(int(sel.sum()), version.period.amount, dtype=np.int64)
                units = np.full(int(sel.sum()), _UNITS.index(version.period.unit))
            else:
                amount, units = interval(version, mm[sel], an[sel], alive[sel])
            idx = np.flatnonzero(sel)
            for uc in np.unique(units).tolist():
                s2 = units == uc
                at = idx[s2]
                d, a = ctx.end_date(version, dd[at], amount=amount[s2], unit=_UNITS[uc])
                due[at], alt[at] = d, a
                late[at] = ctx.end_date(version, d, amount=amount[s2], unit=_UNITS[uc])[0]
        e = end[alive]
        going = ~((e != NA) & (e < due))
        alive, mm, an, dd = alive[going], mm[going], an[going], dd[going]
        due, alt, late = due[going], alt[going], late[going]
        if not alive.size:
            break
        nxt = members.first(mm, lo_day[alive], end[alive], after[alive] + 1)
        met = np.where((nxt >= 0) & (t.day[np.maximum(nxt, 0)] <= late), nxt, -1)
        status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
        measure = np.full(len(mm), -1, dtype=np.int64) if per_case else mm.astype(np.int64)
        parts.append(_part(t, an, due, alt, status, met, measure=measure))
        hit = met >= 0
        stop = ~hit & (nxt < 0) & ((status == OPEN) | (late >= ctx.as_of))
        hi = alive[hit]
        anchor[hi] = met[hit]
        day[hi] = t.day[met[hit]]
        after[hi] = t.skey[met[hit]]
        missed = ~hit & ~stop
        stalled = missed & (due <= dd)
        if stalled.any():
            # A period of 0 never moves the next due date: the scalar engine would not end.
            case_id = t.case_id[t.case[an[np.argmax(stalled)]]]
            raise RuleError(
                f"regel {rule.id}, sag {case_id}: perioden mellem fristerne er 0, så den næste "
                "frist flytter sig ikke; ret interval_months på opfølgningen eller reglens periode"
            )
        day[alive[missed]] = due[missed]
        alive = alive[hit | missed]
    return parts


_UNITS: tuple[Unit, ...] = tuple(Unit)


def _recurring_followup(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "recurring_followup"``: later follow-ups (SEL § 70; BL § 95 stk. 3)."""
    t = ctx.t
    m = ctx.m_rows[_applies(rule, ctx, ctx.m_rows)]
    if not len(m):
        return []
    start = t.m_start[m]
    end = ctx.m_end[m]
    case = t.m_case[m].astype(np.int64)
    hits = ctx.events(rule.met_by)
    members = _Members(ctx, hits)
    h0 = members.first(m, start, end, ctx.skey_from(case, start))
    iv_rows = hits[t.codes["interval_months"][hits] >= 0]
    recorded = _Members(ctx, iv_rows)
    iv_vocab = np.array([*t.vocab["interval_months"], 0], dtype=np.int64)

    def interval(
        version: RuleVersion, mm: IntArray, an: IntArray, idx: IntArray
    ) -> tuple[IntArray, IntArray]:
        n = len(mm)
        amount = np.full(n, version.period.amount, dtype=np.int64)
        units = np.full(n, _UNITS.index(version.period.unit))
        if not version.option("interval_from_event"):
            return amount, units
        last = recorded.last(mm, t.m_start[mm], ctx.m_end[mm], t.skey[an])
        has = last >= 0
        months = iv_vocab[t.codes["interval_months"][np.maximum(last, 0)].astype(np.int64)]
        amount = np.where(has, months, amount)
        units = np.where(has, _UNITS.index(Unit.MONTHS), units)
        return amount, units

    # the scalar engine names the first follow-up rule by its id, so does this one
    try:
        first_rule: Rule | None = ctx.rules["opfoelgning-foerste"]
    except KeyError:
        first_rule = None
    missed_mode = np.zeros(len(m), dtype=bool)
    first_day = np.zeros(len(m), dtype=np.int64)
    if first_rule is not None and first_rule.enabled:
        fm, fvi, fdue, _ = _first_due(first_rule, ctx, m)
        missed_by = np.zeros(len(fm), dtype=np.int64)
        for u, version in enumerate(first_rule.versions):
            sel = fvi == u
            if sel.any():
                missed_by[sel] = ctx.end_date(version, fdue[sel])[0]
        pos = np.searchsorted(m, fm)  # m is sorted (measure rows)
        h = h0[pos]
        cond = np.where(h >= 0, t.day[np.maximum(h, 0)] > missed_by, missed_by < ctx.as_of)
        missed_mode[pos] = cond
        first_day[pos] = fdue
    parts: list[Any] = []
    a = missed_mode
    if a.any():
        parts += _chain(
            rule,
            ctx,
            members,
            m[a],
            t.m_start_row[m[a]].copy(),
            first_day[a].copy(),
            start[a],
            interval,
        )
    b = ~missed_mode & (h0 >= 0)
    if b.any():
        parts += _chain(
            rule, ctx, members, m[b], h0[b].copy(), t.day[h0[b]].copy(), start[b], interval
        )
    return parts


def _supervision(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "supervision"``: tilsynsbesøg during a placement (BL § 156 stk. 5; SEL § 148)."""
    t = ctx.t
    placement = _by_paragraph(ctx, lambda p: p.is_placement, False)
    m = ctx.m_rows[placement[ctx.m_paragraph[ctx.m_rows].astype(np.int64)]]
    if not len(m):
        return []
    members = _Members(ctx, ctx.events(rule.met_by))
    anchor = t.m_start_row[m].copy()
    lo = np.full(len(m), _MIN32, dtype=np.int64)
    return _chain(rule, ctx, members, m, anchor, t.day[anchor].copy(), lo, None)


class _CaseHits:
    """Search a row list (ordered by case and sort key) for the first row of a case after a
    sort-key rank (``_Members`` for chains over a whole case)."""

    def __init__(self, ctx: _Ctx, rows: IntArray) -> None:
        self.ctx = ctx
        self.rows = rows
        self.skey = ctx.t.skey[rows]

    def first(self, cases: IntArray, start: IntArray, end: IntArray, lower: IntArray) -> IntArray:
        i = np.searchsorted(self.skey, lower, side="left")
        ok = _same_case(self.ctx, self.rows, i, cases)
        if not len(self.rows):
            return np.full(len(cases), -1, dtype=np.int64)
        return np.where(ok, self.rows[np.clip(i, 0, len(self.rows) - 1)], -1)


def _closed(ctx: _Ctx, cases: IntArray) -> IntArray:
    """``Case.closed_on(as_of)``: the day of the last ``sag_lukket`` by ``as_of`` unless a later
    event by ``as_of`` reopened the case, else ``NA`` (later events are not seen)."""
    t = ctx.t
    seen = t.day <= ctx.as_of
    closes = np.flatnonzero((t.type == TYPE_CODE["sag_lukket"]) & seen)
    out = np.full(len(cases), NA)
    if not len(closes) or not len(cases):
        return out
    i = np.searchsorted(t.case[closes], cases, side="right") - 1
    ic = np.clip(i, 0, len(closes) - 1)
    has = (i >= 0) & (t.case[closes[ic]] == cases)
    last_day = t.day[closes[ic]]
    # rows are sorted by day within a case, so the rows seen by as_of are a prefix of it
    cum = np.concatenate(([0], np.cumsum(seen)))
    n_seen = cum[t.start[cases + 1]] - cum[t.start[cases]]
    latest = t.day[np.maximum(t.start[cases] + n_seen - 1, 0)]
    return np.where(has & (latest <= last_day), last_day, NA)


def _recurring_case(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "recurring_case"``: a recurring duty on every open case, e.g. ledelsestilsyn
    every 3 months (a municipal target, Task forcen, Jammerbugt 2017)."""
    t = ctx.t
    cases = np.flatnonzero(~t.irregular & (t.start[1:] > t.start[:-1])).astype(np.int64)
    first = t.start[cases]
    cases, first = cases[t.day[first] <= ctx.as_of], first[t.day[first] <= ctx.as_of]
    if not len(cases):
        return []
    closed = _closed(ctx, cases)
    end = np.where((closed != NA) & (closed <= ctx.as_of), closed, NA)
    hits = _CaseHits(ctx, ctx.events(rule.met_by))
    lo = np.full(len(cases), _MIN32, dtype=np.int64)
    return _chain(
        rule,
        ctx,
        hits,  # type: ignore[arg-type]
        cases,
        first.copy(),
        t.day[first].copy(),
        lo,
        None,
        end=end,
        per_case=True,
    )


def _age_event(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "age_event"``: an event due before an age, e.g. a KUM before 16 (municipal)."""
    t = ctx.t
    ok = ~t.irregular
    if rule.param("disability_only", False):
        ok &= t.disability
    cases = np.flatnonzero(ok).astype(np.int64)
    due = ctx.birthday(t.birth[cases], int(rule.param("age_years", 16))) - 1
    keep = _open_on(ctx, cases, np.minimum(due, ctx.as_of))
    cases, due = cases[keep], due[keep]
    vi = ctx.version_index(rule, due)
    cases, due = cases[vi >= 0], due[vi >= 0]
    met = _first_of_case(ctx, ctx.events(rule.met_by), cases)
    status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
    none = np.full(len(cases), -1, dtype=np.int64)
    return [_part(t, none, due, np.full(len(cases), NA), status, met, case=cases)]


# --------------------------------------------------------------------------- bfu


def _bfu_rule(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "bfu"``: 4 months from awareness to a finished BFU (BL § 20 stk. 3; SEL § 50)."""
    t = ctx.t
    window = Period.parse(str(rule.param("awareness_window", "12 months")))
    notices = ctx.events(("underretning", "ansoegning"))
    starts = ctx.events(("bfu_startet",))
    ends = ctx.events(("bfu_afsluttet",))
    merged = np.concatenate([starts, ends])
    is_end = np.concatenate([np.zeros(len(starts), bool), np.ones(len(ends), bool)])
    order = np.lexsort((merged, is_end, t.skey[merged]))
    merged, is_end = merged[order], is_end[order]
    mc = t.case[merged]
    prev_start = np.zeros(len(merged), dtype=bool)
    if len(merged):
        prev_start[1:] = (~is_end[:-1]) & (mc[1:] == mc[:-1])
    anchors = merged[~prev_start]
    if not len(anchors):
        return []
    case = t.case[anchors].astype(np.int64)
    lower = np.searchsorted(t.skey[ends], t.skey[anchors], side="left")
    met = _greedy_claim(ctx, anchors, ends, lower)
    has_met = met >= 0
    n = len(anchors)
    mark = np.where(has_met, np.arange(n), -1)
    last = np.maximum.accumulate(mark)
    prev = np.full(n, -1, dtype=np.int64)
    prev[1:] = last[:-1]
    has_prev = (prev >= 0) & (case[np.maximum(prev, 0)] == case)
    prev_end = np.where(has_prev, t.day[met[np.maximum(prev, 0)]], NA)
    aday = t.day[anchors]
    low = months_before(aday, window)
    low = np.where(has_prev, np.maximum(low, prev_end + 1), low)
    j = np.searchsorted(ctx.row_dkey(notices), ctx.dkey(case, low), side="left")
    found = _same_case(ctx, notices, j, case)
    if len(notices):
        cand = notices[np.clip(j, 0, len(notices) - 1)]
        found &= t.day[cand] <= aday
        aware = np.where(found, cand, anchors)
    else:
        aware = anchors.copy()
    wday = t.day[aware]
    vi = ctx.version_index(rule, wday)
    if (vi < 0).any():
        # a skipped episode claims no end: the later episodes differ; the scalar engine does it
        bad = np.unique(case[vi < 0])
        keep = ~np.isin(case, bad)
        anchors, aware, met, vi, aday, wday = (
            x[keep] for x in (anchors, aware, met, vi, aday, wday)
        )
        out: list[Any] = [_ScalarCases(bad)]
    else:
        out = []
    for u, version in enumerate(rule.versions):
        sel = vi == u
        if not sel.any():
            continue
        due, alt = ctx.end_date(version, wday[sel])
        other = aware[sel] != anchors[sel]
        alt_due = ctx.end_date(version, aday[sel])[0]
        alt = np.where(other & (alt_due != due), alt_due, alt)
        mt = met[sel]
        status = ctx.status(due, t.day[np.maximum(mt, 0)], mt >= 0)
        out.append(_part(t, aware[sel], due, alt, status, mt))
    return out


# --------------------------------------------------------------------------- few cases


def _first_of_case(ctx: _Ctx, rows: IntArray, cases: IntArray) -> IntArray:
    """The first row of ``rows`` (ordered) in each case, or -1."""
    t = ctx.t
    i = np.searchsorted(t.case[rows], cases, side="left")
    ok = _same_case(ctx, rows, i, cases)
    return np.where(ok, rows[np.clip(i, 0, max(len(rows) - 1, 0))] if len(rows) else -1, -1)


def _first_from_day(ctx: _Ctx, rows: IntArray, cases: IntArray, day: IntArray) -> IntArray:
    """The first row of ``rows`` (ordered by case and sort key) on or after ``day``, or -1."""
    i = np.searchsorted(ctx.row_dkey(rows), ctx.dkey(cases, day), side="left")
    ok = _same_case(ctx, rows, i, cases)
    return np.where(ok, rows[np.clip(i, 0, max(len(rows) - 1, 0))] if len(rows) else -1, -1)


def _date_of_age(ctx: _Ctx, birth: IntArray, years: int, months: int) -> tuple[IntArray, IntArray]:
    """``periods.date_of_age`` (due, alternative) under the context's leap-day rule."""
    anchor_age = years if months == 0 else years + 1
    back = 0 if months == 0 else months - 12
    feb28, mar1 = add_months(birth, 12 * anchor_age)
    leap = mar1 != NA
    if ctx.leap_rule == LeapDayRule.MAR_1:
        mine, other = np.where(leap, mar1, feb28), feb28
    else:
        mine, other = feb28, np.where(leap, mar1, feb28)
    due, alt = add_months(mine, back)
    other_due = add_months(other, back)[0]
    return due, np.where(leap, other_due, alt)


def _age_decision(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "age_decision"``: the ungestøtte decision by 17½ while placed (BL § 111)."""
    t = ctx.t
    if "afgoerelse" in rule.met_by:
        raise _Unsupported("met_by")
    years = int(rule.param("age_years", 17))
    months = int(rule.param("age_months", 6))
    if not 0 <= months <= 11:
        raise _Unsupported("age_months")  # the scalar engine raises the period error
    placement = _by_paragraph(ctx, lambda p: p.is_placement, False)
    m = ctx.m_rows[placement[ctx.m_paragraph[ctx.m_rows].astype(np.int64)]]
    cases = np.unique(t.m_case[m].astype(np.int64))
    due, alt = _date_of_age(ctx, t.birth[cases], years, months)
    show_from = rule.param("show_from_age")
    if show_from is not None:
        shown = ctx.as_of >= ctx.birthday(t.birth[cases], int(show_from))
        cases, due, alt = cases[shown], due[shown], alt[shown]
    # _placement_on(min(due, as_of)): the first placement (in measure order) active that day
    pos = np.clip(np.searchsorted(cases, t.m_case[m]), 0, max(len(cases) - 1, 0))
    mine = (cases[pos] == t.m_case[m]) if len(cases) else np.zeros(len(m), dtype=bool)
    on = np.minimum(due[pos], ctx.as_of) if len(cases) else np.zeros(len(m), dtype=np.int64)
    end = ctx.m_end[m]
    active = mine & (t.m_start[m] <= on) & ((end == NA) | (on <= end))
    chosen_cases, first = np.unique(pos[active], return_index=True)
    placed_m = m[active][first]
    cases, due, alt = cases[chosen_cases], due[chosen_cases], alt[chosen_cases]
    vi = ctx.version_index(rule, due)
    keep = vi >= 0
    cases, due, alt, placed_m = cases[keep], due[keep], alt[keep], placed_m[keep]
    paragraphs = {str(x) for x in rule.param("decision_paragraphs", [])}
    rows = ctx.events((*rule.met_by, "afgoerelse"))
    is_dec = t.type[rows] == TYPE_CODE["afgoerelse"]
    named = _by_paragraph(ctx, lambda p: f"{p.law} {p.number}" in paragraphs, False)
    rows = rows[~is_dec | named[_pcode(ctx, rows)]]
    met = _first_from_day(ctx, rows, cases, t.m_start[placed_m])
    status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
    trig = t.m_start_row[placed_m]
    return [_part(t, trig, due, alt, status, met, case=cases, measure=placed_m.astype(np.int64))]


def _transition(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "transition"``: preparing the transition to adulthood (BL §§ 122-123)."""
    t = ctx.t
    start_age = int(rule.param("start_age", 16))
    end_age = int(rule.param("end_age", 18))
    cases = np.flatnonzero(t.disability & ~t.irregular).astype(np.int64)
    birth = t.birth[cases]
    d_start = ctx.birthday(birth, start_age)
    ok = ctx.as_of >= d_start
    cases, birth, d_start = cases[ok], birth[ok], d_start[ok]
    ok = _open_on(ctx, cases, np.minimum(ctx.as_of, ctx.birthday(birth, end_age)))
    cases, birth, d_start = cases[ok], birth[ok], d_start[ok]
    due, alt = _date_of_age(ctx, birth, end_age, 0)
    vi = ctx.version_index(rule, d_start)
    ok = vi >= 0
    cases, d_start, due, alt = cases[ok], d_start[ok], due[ok], alt[ok]
    trig = _first_of_case(ctx, ctx.events(rule.trigger), cases)
    met = _first_from_day(ctx, ctx.events(rule.met_by), cases, d_start)
    status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
    return [_part(t, trig, due, alt, status, met, case=cases)]


def _open_on(ctx: _Ctx, cases: IntArray, day: IntArray) -> BoolArray:
    """``Case.is_open_on(day)`` for each case (on the whole timeline, as the model does)."""
    t = ctx.t
    lo, hi = t.start[cases], t.start[cases + 1]
    has = hi > lo
    opened = t.day[np.minimum(lo, max(len(t.day) - 1, 0))] if len(t.day) else lo
    ok = has & (opened <= day)
    closes = np.flatnonzero(t.type == TYPE_CODE["sag_lukket"])
    if len(closes):
        key = ctx.dkey(cases, day)
        i = np.searchsorted(ctx.all_dkey[closes], key, side="right") - 1
        ic = np.clip(i, 0, len(closes) - 1)
        closed = (i >= 0) & (t.case[closes[ic]] == cases)
        last = np.searchsorted(ctx.all_dkey, key, side="right") - 1  # last event on/before day
        reopened = t.day[np.maximum(last, 0)] > t.day[closes[ic]]
        ok &= ~closed | reopened
    return ok


def _milestone_measures(
    rule: Rule,
    ctx: _Ctx,
    m: IntArray,
    cases: IntArray,
    day: IntArray,
    alt: IntArray,
    pos: IntArray,
) -> _Part:
    """``deadlines._milestone_measures``: one deadline per running measure, met when it ends
    or is continued by a decision (``m`` running measures, ``pos`` their case positions)."""
    t = ctx.t
    start = t.m_start[m]
    case = t.m_case[m].astype(np.int64)
    ends = ctx.events(("foranstaltning_slut",))
    ends = ends[np.argsort(t.measure[ends], kind="stable")]
    key = (t.measure[ends].astype(np.int64) << 40) + t.skey[ends]
    i = np.searchsorted(key, (m.astype(np.int64) << 40) + ctx.skey_from(case, start))
    ic = np.clip(i, 0, max(len(ends) - 1, 0))
    end = np.full(len(m), -1, dtype=np.int64)
    if len(ends):
        end = np.where((i < len(ends)) & (t.measure[ends[ic]] == m), ends[ic], -1)
    continued_by = {str(x) for x in rule.param("continued_by", [])}
    cont = np.full(len(m), -1, dtype=np.int64)
    if continued_by:
        rows = ctx.events(("afgoerelse", "eftervaern_afgoerelse"))
        refused = np.array(
            [legal_vocabulary().is_refused(o) for o in t.vocab["outcome"]] + [False], dtype=bool
        )
        named = _by_paragraph(ctx, lambda p: f"{p.law} {p.number}" in continued_by, False)
        ok = ~refused[t.codes["outcome"][rows].astype(np.int64)] & (
            (t.type[rows] == TYPE_CODE["eftervaern_afgoerelse"]) | named[_pcode(ctx, rows)]
        )
        cont = _first_from_day(ctx, rows[ok], case, start)
    big = _MAX
    e_key = np.where(end >= 0, t.skey[np.maximum(end, 0)], big)
    c_key = np.where(cont >= 0, t.skey[np.maximum(cont, 0)], big)
    met = np.where(c_key < e_key, cont, end)
    due = day[pos]
    status = ctx.status(due, t.day[np.maximum(met, 0)], met >= 0)
    return _part(
        t, t.m_start_row[m], due.copy(), alt[pos].copy(), status, met, measure=m.astype(np.int64)
    )


def _age_milestone(rule: Rule, ctx: _Ctx) -> list[Any]:
    """``kind = "age_milestone"``: a birthday that changes the child's rights (BL § 3,
    §§ 46-47, § 99, §§ 117, 121), as ``deadlines._age_milestone``: the milestone day (the
    version whose age the child reaches while it is in force, or the commencement day), the
    listing window, and for ``requires = "end_measures"`` one deadline per running measure."""
    t = ctx.t
    requires = str(rule.param("requires", "info"))
    if requires not in ("info", "end_measures"):
        raise _Unsupported("requires")
    ages = [v.option("age") for v in rule.versions]
    if any(not isinstance(a, int) or isinstance(a, bool) or not 0 <= a <= 30 for a in ages):
        raise _Unsupported("age")  # the scalar engine raises the rule error
    cases = np.flatnonzero(~t.irregular).astype(np.int64)
    birth = t.birth[cases]
    day = np.full(len(cases), NA)
    alt = np.full(len(cases), NA)
    found = np.zeros(len(cases), dtype=bool)
    prev_end: IntArray | None = None
    prev_to = 0
    for version, age in zip(rule.versions, ages, strict=True):
        feb28, mar1 = add_months(birth, 12 * int(age))
        leap = mar1 != NA
        if ctx.leap_rule == LeapDayRule.MAR_1:
            end, other = np.where(leap, mar1, feb28), np.where(leap, feb28, NA)
        else:
            end, other = feb28, mar1
        vf, vt = day_number(version.valid_from), day_number(version.valid_to)
        now = ~found & (vf <= end) & (end <= vt)
        day[now], alt[now] = end[now], other[now]
        found |= now
        if prev_end is not None:
            comm = ~found & (end < vf) & (prev_end > prev_to)
            day[comm], alt[comm] = vf, NA
            found |= comm
        prev_end, prev_to = end, vt
    show_before = Period.parse(str(rule.param("show_before", "12 months")))
    show_after = Period.parse(str(rule.param("show_after", "1 month")))
    if show_after.unit == Unit.HOURS:
        raise _Unsupported("show_after")
    safe = np.where(found, day, 0)
    found &= ctx.as_of >= months_before(safe, show_before)
    cases, day, alt = cases[found], day[found], alt[found]
    found = _open_on(ctx, cases, np.minimum(day, ctx.as_of))
    cases, day, alt = cases[found], day[found], alt[found]
    out: list[Any] = []
    if requires == "end_measures" and len(cases):
        wanted = {str(x) for x in rule.param("measures", [])}
        ok_p = _by_paragraph(ctx, lambda p: f"{p.law} {p.number}" in wanted, True)
        m = ctx.m_rows[ok_p[ctx.m_paragraph[ctx.m_rows].astype(np.int64)]]
        pos = np.clip(np.searchsorted(cases, t.m_case[m]), 0, len(cases) - 1)
        mine = cases[pos] == t.m_case[m]
        on = np.minimum(day[pos], ctx.as_of)
        end = ctx.m_end[m]
        running = mine & (t.m_start[m] <= on) & ((end == NA) | (on <= end))
        has = np.zeros(len(cases), dtype=bool)
        has[pos[running]] = True
        out.append(_milestone_measures(rule, ctx, m[running], cases, day, alt, pos[running]))
        cases, day, alt = cases[~has], day[~has], alt[~has]
    upcoming = ctx.as_of < day
    listed = upcoming | (period_end(day, show_after, ctx.calendar)[0] >= ctx.as_of)
    cases, day, alt, upcoming = cases[listed], day[listed], alt[listed], upcoming[listed]
    n = len(cases)
    none = np.full(n, -1, dtype=np.int64)
    status = np.where(upcoming, OPEN, NOT_APPLICABLE).astype(np.int64)
    out.append(_part(t, none, day, alt, status, none.copy(), case=cases))
    return out


# --------------------------------------------------------------------------- registry

Interpreter = Callable[[Rule, _Ctx], list[Any]]

_INTERPRETERS: dict[str, Interpreter] = {
    "bfu": _bfu_rule,
    "first_followup": _first_followup,
    "recurring_followup": _recurring_followup,
    "supervision": _supervision,
    "before_decision": _before_decision,
    "age_decision": _age_decision,
    "transition": _transition,
    "age_milestone": _age_milestone,
    "recurring_case": _recurring_case,
    "age_event": _age_event,
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
        for k in (
            *("rule", "case", "trigger", "due", "alt", "timed", "status", "met", "measure"),
            "facts",
        )
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
            cols["facts"].append(facts_bits(d.facts))
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
        facts=arrays["facts"],
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
        facts=np.concatenate(
            [
                p.facts if p.facts is not None else np.zeros(len(p.due), dtype=np.int64)
                for _, p in parts
            ]
        ).astype(np.int8)
        if parts
        else np.zeros(0, dtype=np.int8),
        fallback=fallback,
        calendar=cal,
        leap_day_rule=leap_day_rule,
    )
