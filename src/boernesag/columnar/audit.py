"""The case audit of a whole caseload as columns, equal to the scalar audit case by case.

:func:`audit_table` runs the thirteen checks of :mod:`boernesag.audit.checks` over an
:class:`~boernesag.columnar.EventTable` and its :class:`~boernesag.columnar.DeadlineTable`
(computed once, or reused), one check at a time over all cases. The result,
:class:`AuditTable`, holds per case and check the status (:class:`CheckStatus`, BDO's (Randers 2016)
met / partly / not met / not relevant) and the findings as data (case, check, code,
severity, day, due, rule id, events, measure, unresolved flag, caseworker). The explanation
of a finding is rendered by the scalar audit for one case on demand
(:meth:`AuditTable.findings_for`).

Exactness comes first. A check reads the same deadlines (same rule ids, due dates and
statuses) as :func:`boernesag.audit.audit_case`, translates them as
``_Collector.deadline`` does, and recomputes from the event rows what the scalar check reads
from the case or from a deadline's notes (the foreløbig vurdering of a late BFU, the
follow-up interval not set under BL § 95 stk. 3, the undecided need for a plan under
BL § 32). Every check is vectorized. Where a case has a feature the vectorized code does not
handle exactly (the same decision taken twice, a measure started without a decision, an
event id used twice, a follow-up chain step whose start day the columns do not tell), an
exact test picks the case out and the scalar audit (:func:`boernesag.audit.audit_case` with
only that check) judges it; :attr:`AuditTable.fallback` counts those cases per check. A
check that is not one of :data:`boernesag.audit.checks.CHECKS` (a caller's own) is run by
the scalar audit on every case, and counted.

Needs numpy (``pip install 'boernesag[numpy]'``); ``import boernesag`` does not import it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from boernesag.audit.checks import CHECKS, Check, WiredCheck, repeated_pairs
from boernesag.audit.core import CaseAudit, audit_case
from boernesag.audit.findings import CheckStatus, Finding, Severity
from boernesag.audit.report import CheckSummary
from boernesag.audit.settings import AuditSettings
from boernesag.audit.wiring import (
    JUDGED,
    CurrentBasis,
    DecisionBasis,
    EventNeeds,
    ExpectedByAge,
    Gaps,
    IntervalSet,
    RecentEvent,
    Repeated,
    Requirements,
    Undecided,
    Waits,
    WithoutDecision,
    audit_wiring,
)
from boernesag.calendar import Calendar
from boernesag.columnar.dates import NA, add_months, day_number, day_of_number, local_day
from boernesag.columnar.result import STATUS_CODE, DeadlineTable
from boernesag.columnar.table import TYPE_CODE, EventTable
from boernesag.deadlines import Status
from boernesag.law import RuleSet, default_rules
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import ACTIVITY_TYPES
from boernesag.periods import LeapDayRule, as_of_day
from boernesag.periods import add_months as scalar_add_months

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]
else:
    IntArray = BoolArray = Any

__all__ = [
    "CHECK_STATUSES",
    "SEVERITIES",
    "AuditSummary",
    "AuditTable",
    "audit_table",
    "record_of_finding",
]


def record_of_finding(f: Finding) -> tuple[Any, ...]:
    """A scalar :class:`~boernesag.audit.Finding` as a row of :meth:`AuditTable.records` (to
    compare the two audits)."""
    return (
        f.case_id,
        f.check_id,
        f.code,
        f.severity.value,
        f.day,
        f.due,
        f.rule_id,
        f.events,
        f.measure,
        f.ongoing,
        f.caseworker,
    )


#: Status codes of :attr:`AuditTable.status`.
CHECK_STATUSES: tuple[CheckStatus, ...] = tuple(CheckStatus)
#: Severity codes of :attr:`AuditTable.severity` (most serious first).
SEVERITIES: tuple[Severity, ...] = tuple(Severity)
_SEV = {s: i for i, s in enumerate(SEVERITIES)}
_CS = {s: i for i, s in enumerate(CHECK_STATUSES)}
_NA = int(NA)

# Finding columns, in the order _Parts keeps them.
_FCOLS = (
    "case",
    "check",
    "code",
    "severity",
    "day",
    "due",
    "rule_id",
    "events",
    "measure",
    "ongoing",
    "caseworker",
)


def _obj(values: Sequence[Any] | Any, n: int | None = None) -> npt.NDArray[np.object_]:
    """An object array (element by element: tuples stay elements); with ``n``, ``values``
    (one value, not a tuple) repeated ``n`` times."""
    if n is not None:
        out = np.empty(n, dtype=object)
        out[:] = values
        return out
    return np.fromiter(values, dtype=object)


class _Parts:
    """Items and findings of the checks, accumulated as column blocks."""

    def __init__(self) -> None:
        self.items: list[tuple[IntArray, IntArray, IntArray, Any, BoolArray]] = []
        self.findings: list[dict[str, Any]] = []
        #: (check, cases) not relevant unless short of met (``checks._Collector.excuse``)
        self.excused: list[tuple[int, IntArray]] = []

    def excuse(self, check: int, case: Any) -> None:
        """Cases on which the check is not relevant unless an item or finding of it is short
        of met (a recorded exception, BL § 5 stk. 4; the scalar ``_Collector.excuse``)."""
        self.excused.append((check, np.asarray(case, dtype=np.int64)))

    def item(self, check: int, case: Any, day: Any, score: Any, ongoing: Any) -> None:
        """A block of items (``checks.Item``): day, score and flag are arrays or scalars."""
        c = np.asarray(case, dtype=np.int64)
        k = len(c)
        self.items.append(
            (
                c,
                np.full(k, check, dtype=np.int64),
                np.broadcast_to(np.asarray(day, dtype=np.int64), (k,)).copy(),
                np.broadcast_to(np.asarray(score, dtype=np.float64), (k,)).copy(),
                np.broadcast_to(np.asarray(ongoing, dtype=bool), (k,)).copy(),
            )
        )

    def finding(self, check: int, case: Any, **cols: Any) -> None:
        """A block of findings: ``cols`` are arrays or scalars (broadcast); ``caseworker``
        may be left out (looked up at the end from the finding's day)."""
        c = np.asarray(case, dtype=np.int64)
        k = len(c)
        if k == 0:
            return
        block: dict[str, Any] = {"case": c, "check": np.full(k, check, dtype=np.int64)}
        for name in _FCOLS[2:]:
            if name not in cols:
                if name == "caseworker":
                    continue
                cols[name] = None if name not in ("day", "due") else _NA
            v = cols[name]
            if name in ("day", "due", "severity"):
                block[name] = np.broadcast_to(np.asarray(v, dtype=np.int64), (k,)).copy()
            elif name == "ongoing":
                block[name] = np.broadcast_to(np.asarray(v, dtype=bool), (k,)).copy()
            elif isinstance(v, np.ndarray):
                block[name] = v.astype(object)
            else:
                block[name] = _obj([v] * k) if isinstance(v, tuple) else _obj(v, k)
        self.findings.append(block)


@attrs.frozen
class AuditSummary:
    """The per-check table (as :attr:`CaseloadReport.checks`) and the findings per severity."""

    n_cases: int
    checks: tuple[CheckSummary, ...]
    severities: Mapping[str, int]

    def check(self, check_id: str) -> CheckSummary:
        for c in self.checks:
            if c.check_id == check_id:
                return c
        raise KeyError(check_id)


@attrs.frozen(eq=False, repr=False)
class AuditTable:
    """The audit of every case of ``table`` on ``as_of``, as columns.

    ``status``: shape (cases, checks), codes into :data:`CHECK_STATUSES`, checks in the order
    of ``check_ids``. Finding columns (one row per finding): ``case`` (case index),
    ``check`` (index into ``check_ids``), ``code``, ``severity`` (code into
    :data:`SEVERITIES`), ``day`` / ``due`` (day numbers, :data:`NA` for none), ``rule_id``,
    ``events`` (tuples of event ids), ``measure``, ``ongoing``, ``caseworker``.

    ``fallback`` maps a check id to the number of cases on which the scalar audit ran that
    check (a check of the caller's own: every case).
    """

    table: EventTable
    deadlines: DeadlineTable
    as_of: date
    check_ids: tuple[str, ...]
    status: npt.NDArray[np.int8]
    case: IntArray
    check: IntArray
    code: npt.NDArray[np.object_]
    severity: npt.NDArray[np.int8]
    day: IntArray
    due: IntArray
    rule_id: npt.NDArray[np.object_]
    events: npt.NDArray[np.object_]
    measure: npt.NDArray[np.object_]
    ongoing: BoolArray
    caseworker: npt.NDArray[np.object_]
    fallback: Mapping[str, int]
    settings: AuditSettings
    rules: RuleSet
    calendar: Any = None
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28
    _as_of_arg: date | datetime | None = None

    def __len__(self) -> int:
        """The number of findings."""
        return len(self.case)

    def __repr__(self) -> str:
        return (
            f"AuditTable(cases={self.table.n_cases}, findings={len(self)}, "
            f"as_of={self.as_of.isoformat()}, fallback={dict(self.fallback)})"
        )

    @property
    def fallback_cases(self) -> int:
        """Case-check pairs computed by the scalar audit."""
        return sum(self.fallback.values())

    def status_of(self, case: int | str, check_id: str) -> CheckStatus:
        """The status of one check on one case (index or case id)."""
        index = case if isinstance(case, int) else self.table.case_index(case)
        return CHECK_STATUSES[int(self.status[index, self.check_ids.index(check_id)])]

    def records(self) -> Iterator[tuple[Any, ...]]:
        """Findings as ``(case_id, check_id, code, severity, day, due, rule_id, events,
        measure, ongoing, caseworker)`` with Python values (dates, strings)."""
        t = self.table
        for i in range(len(self.case)):
            d, u = int(self.day[i]), int(self.due[i])
            yield (
                str(t.case_id[self.case[i]]),
                self.check_ids[self.check[i]],
                self.code[i],
                SEVERITIES[self.severity[i]].value,
                day_of_number(d) if d != _NA else None,
                day_of_number(u) if u != _NA else None,
                self.rule_id[i],
                self.events[i],
                self.measure[i],
                bool(self.ongoing[i]),
                self.caseworker[i],
            )

    def audit_for(self, case: int | str) -> CaseAudit:
        """One case's audit by the scalar audit (with explanations): the reference."""
        index = case if isinstance(case, int) else self.table.case_index(case)
        checks = tuple(c for c in CHECKS if c.id in self.check_ids)
        return audit_case(
            self.table.rebuild(index),
            self._as_of_arg if self._as_of_arg is not None else self.as_of,
            settings=self.settings,
            rules=self.rules,
            calendar=self.calendar,
            leap_day_rule=self.leap_day_rule,
            checks=checks,
        )

    def findings_for(self, case: int | str) -> list[Finding]:
        """One case's findings with their explanations (scalar audit), most serious first."""
        return list(self.audit_for(case).findings)

    def summary(self) -> AuditSummary:
        """The check table of :func:`boernesag.audit.audit_caseload` and severity counts."""
        n_checks = len(self.check_ids)
        counts = np.zeros((n_checks, len(CHECK_STATUSES)), dtype=np.int64)
        for k in range(n_checks):
            counts[k] = np.bincount(self.status[:, k], minlength=len(CHECK_STATUSES))
        n_found = np.bincount(self.check, minlength=n_checks)
        n_ongoing = np.bincount(self.check[self.ongoing], minlength=n_checks)
        by_id = {c.id: c for c in CHECKS}
        rows = []
        for k, cid in enumerate(self.check_ids):
            c = by_id[cid]
            rows.append(
                CheckSummary(
                    check_id=cid,
                    label_da=c.label_da,
                    label_en=c.label_en,
                    basis=c.basis,
                    met=int(counts[k, _CS[CheckStatus.MET]]),
                    partly=int(counts[k, _CS[CheckStatus.PARTLY]]),
                    not_met=int(counts[k, _CS[CheckStatus.NOT_MET]]),
                    not_relevant=int(counts[k, _CS[CheckStatus.NOT_RELEVANT]]),
                    findings=int(n_found[k]),
                    ongoing=int(n_ongoing[k]),
                )
            )
        sev = np.bincount(self.severity, minlength=len(SEVERITIES))
        severities = {s.value: int(sev[i]) for i, s in enumerate(SEVERITIES)}
        return AuditSummary(self.table.n_cases, tuple(rows), severities)

    def to_frame(self) -> Any:
        """The findings as a pandas DataFrame, one row per finding, typed: ``case_id``,
        ``rule_id``, ``measure``, ``caseworker`` strings; ``check_id``, ``code``,
        ``severity`` categoricals; ``date``/``due`` ``datetime64[ns]``; ``events`` the
        event ids joined by a space; ``ongoing`` bool."""
        import pandas as pd

        def days(values: IntArray) -> Any:
            ok = values != _NA
            out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
            out[ok] = values[ok].astype("datetime64[D]")
            return out.astype("datetime64[ns]")

        return pd.DataFrame(
            {
                "case_id": pd.array(self.table.case_id[self.case], dtype="string"),
                "check_id": pd.Categorical.from_codes(self.check, categories=list(self.check_ids)),
                "code": pd.Categorical(self.code.astype(str)),
                "severity": pd.Categorical.from_codes(
                    self.severity.astype(np.int64),
                    categories=[s.value for s in SEVERITIES],
                    ordered=True,
                ),
                "date": days(self.day),
                "due": days(self.due),
                "rule_id": pd.array(self.rule_id, dtype="string"),
                "events": pd.array([" ".join(e) for e in self.events], dtype="string"),
                "measure": pd.array(self.measure, dtype="string"),
                "ongoing": self.ongoing.astype(bool),
                "caseworker": pd.array(self.caseworker, dtype="string"),
            }
        )


# --------------------------------------------------------------------------- context


class _Ctx:
    """What the vectorized checks read: the rows up to the audit day, the deadlines."""

    def __init__(
        self,
        table: EventTable,
        dt: DeadlineTable,
        day: date,
        settings: AuditSettings,
        rules: RuleSet,
        leap_day_rule: LeapDayRule,
    ) -> None:
        self.t = table
        self.dt = dt
        self.as_of = day
        self.d = day_number(day)
        self.s = settings
        self.rules = rules
        self.leap = leap_day_rule
        self.n = table.n_cases
        self.cut = table.day <= self.d  # rows known on the audit day
        # deadlines: due as a day, status codes
        due = dt.due
        has = due != _NA
        dd = np.full(len(due), _NA, dtype=np.int64)
        timed = has & dt.timed
        dd[has & ~dt.timed] = due[has & ~dt.timed]
        if timed.any():
            dd[timed] = local_day(due[timed])
        self.due_day = dd
        self.rule_index = {r: i for i, r in enumerate(dt.rule_ids)}
        ms = table.measures_on(self.d)
        end = ms.end
        self.m_running = (ms.start != _NA) & (ms.start <= self.d) & ((end == _NA) | (end >= self.d))
        # One False more at the end: measure -1 (none) reads it, also when there are none.
        self._running_or_none = np.append(self.m_running, False)
        self._ended_or_none = np.append((end != _NA) & (end < self.d), False)
        self.ms = ms

    def running(self, measures: IntArray) -> BoolArray:
        """Whether each measure row (-1: none) is running on the audit day."""
        return self._running_or_none[measures]

    def ended(self, measures: IntArray) -> BoolArray:
        """Whether each measure row (-1: none) ended before the audit day."""
        return self._ended_or_none[measures]

    def rows(self, *types: str) -> IntArray:
        sel = np.zeros(len(self.t.type), dtype=bool)
        for ty in types:
            sel |= self.t.type == TYPE_CODE[ty]
        return np.flatnonzero(sel & self.cut)

    def has_rows(self, *types: str) -> BoolArray:
        out = np.zeros(self.n, dtype=bool)
        out[self.t.case[self.rows(*types)]] = True
        return out

    def deadline_rows(self, *rule_ids: str) -> IntArray:
        codes = [self.rule_index[r] for r in rule_ids if r in self.rule_index]
        if not codes:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.isin(self.dt.rule, codes))

    def has_deadlines(self, *rule_ids: str) -> BoolArray:
        out = np.zeros(self.n, dtype=bool)
        out[self.dt.case[self.deadline_rows(*rule_ids)]] = True
        return out

    def last_day_of(self, rows: IntArray) -> IntArray:
        """Per case: the latest day among ``rows`` (``NA`` for none)."""
        out = np.full(self.n, _NA, dtype=np.int64)
        np.maximum.at(out, self.t.case[rows], self.t.day[rows])
        return out

    def activity_rows(self) -> IntArray:
        kinds = [TYPE_CODE[t.value] for t in ACTIVITY_TYPES if t.value not in self.s.inactive_types]
        return np.flatnonzero(np.isin(self.t.type, kinds) & self.cut)

    def ids(self, rows: IntArray) -> list[str | None]:
        """Event ids of ``rows`` (``None`` for -1)."""
        out: list[str | None] = self._pick(self.t.id, rows).tolist()
        return out

    def measure_ids(self, rows: IntArray) -> npt.NDArray[np.object_]:
        """Measure ids of measure ``rows`` (``None`` for -1)."""
        return self._pick(self.t.m_id, rows)

    @staticmethod
    def _pick(source: npt.NDArray[np.object_], rows: IntArray) -> npt.NDArray[np.object_]:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.full(len(rows), None, dtype=object)
        has = rows >= 0
        out[has] = source[rows[has]]
        return out


# --------------------------------------------------------------------------- deadlines

_MET, _LATE, _OPEN, _OVERDUE, _NAPP = (
    STATUS_CODE[Status.MET],
    STATUS_CODE[Status.MET_LATE],
    STATUS_CODE[Status.OPEN],
    STATUS_CODE[Status.OVERDUE],
    STATUS_CODE[Status.NOT_APPLICABLE],
)


def _met_day(ctx: _Ctx, rows: IntArray) -> IntArray:
    met = ctx.dt.met_by[rows]
    return np.where(met >= 0, ctx.t.day[np.maximum(met, 0)], _NA)


def _unresolved(ctx: _Ctx, rows: IntArray) -> BoolArray:
    """The scalar audit's "unresolved" for overdue deadline rows: not resolved by a later met one of
    the same family and measure."""
    out = np.ones(len(rows), dtype=bool)
    dt = ctx.dt
    rid = np.array(dt.rule_ids, dtype=object)[dt.rule[rows]] if len(rows) else np.zeros(0)
    wiring = audit_wiring()
    families = {wiring.family(r) for r in set(rid.tolist())} - {None}
    for members in families:
        assert members is not None
        fam_key = tuple(sorted(members))
        mine = np.flatnonzero(np.isin(rid, fam_key))
        pool = ctx.deadline_rows(*fam_key)
        md = _met_day(ctx, pool)
        ok = dt.met_by[pool] >= 0
        pool, md = pool[ok], md[ok]
        # max met day per (case, measure)
        key_pool = dt.case[pool].astype(np.int64) * (len(ctx.t.m_id) + 2) + dt.measure[pool] + 1
        r = rows[mine]
        key_r = dt.case[r].astype(np.int64) * (len(ctx.t.m_id) + 2) + dt.measure[r] + 1
        if len(pool):
            uk, inv = np.unique(key_pool, return_inverse=True)
            best = np.full(len(uk), _NA, dtype=np.int64)
            np.maximum.at(best, inv, md)
            pos = np.searchsorted(uk, key_r)
            found = (pos < len(uk)) & (uk[np.minimum(pos, len(uk) - 1)] == key_r)
            latest = np.where(found, best[np.minimum(pos, len(uk) - 1)], _NA)
            out[mine] = ~(latest > ctx.due_day[r])
    return out


def _judge(
    ctx: _Ctx,
    parts: _Parts,
    check: int,
    rows: IntArray,
    *,
    missed: tuple[str, Severity],
    late: tuple[str, Severity],
    late_score: float = 0.0,
    while_running: bool = False,
    handled_by_activity: bool = False,
    late_is_met: bool = False,
) -> None:
    """``_Collector.deadline`` over deadline rows (all of one check's call)."""
    dt = ctx.dt
    st = dt.status[rows]
    due = ctx.due_day[rows]
    keep = (st != _OPEN) & (st != _NAPP) & (due != _NA)
    rows, st, due = rows[keep], st[keep], due[keep]
    met = (st == _MET) | (st == _LATE) if late_is_met else st == _MET
    parts.item(check, dt.case[rows[met]], due[met], 1.0, False)
    bad = ~met
    rows, st, due = rows[bad], st[bad], due[bad]
    if not len(rows):
        return
    overdue = st == _OVERDUE
    ongoing = overdue.copy()
    if ongoing.any():
        ongoing[overdue] = _unresolved(ctx, rows[overdue])
    if while_running:
        m = dt.measure[rows]
        ongoing &= ctx.running(m)
    if handled_by_activity and ongoing.any():
        trig = dt.trigger[rows]
        after = np.where(trig >= 0, ctx.t.day[np.maximum(trig, 0)], due)
        last = ctx.last_day_of(ctx.activity_rows())[dt.case[rows]]
        ongoing &= ~((last != _NA) & (last > after))
    cases = dt.case[rows]
    parts.item(check, cases, due, np.where(overdue, 0.0, late_score), ongoing)
    trig_ids = ctx.ids(dt.trigger[rows])
    met_ids = ctx.ids(dt.met_by[rows])
    events = _obj(
        tuple(dict.fromkeys(e for e in pair if e)) for pair in zip(trig_ids, met_ids, strict=True)
    )
    rid = np.array(dt.rule_ids, dtype=object)[dt.rule[rows]]
    code = np.where(overdue, missed[0], late[0]).astype(object)
    sev = np.where(overdue, _SEV[missed[1]], _SEV[late[1]])
    parts.finding(
        check,
        cases,
        code=code,
        severity=sev,
        day=due,
        due=due,
        rule_id=rid,
        events=events,
        measure=ctx.measure_ids(dt.measure[rows]),
        ongoing=ongoing,
    )


# --------------------------------------------------------------------------- the checks
#
# Each returns the boolean mask of cases it leaves to the scalar audit (or None: none).

_Vector = Callable[[_Ctx, _Parts, int], "BoolArray | None"]


def _v_wired(check_id: str) -> _Vector:
    """A check as ``law/data/audit.toml`` defines it
    (:class:`~boernesag.audit.checks.WiredCheck`): each judge's rules, judged by
    :func:`_judge`, then its blocks (:data:`_BLOCKS`) in file order."""

    def run(ctx: _Ctx, parts: _Parts, k: int) -> BoolArray | None:
        _judge_wired(ctx, parts, k, check_id)
        for b in audit_wiring().blocks_of(check_id):
            _BLOCKS[type(b)](ctx, parts, k, b)
        return None

    return run


_NO_VERDICT = ("", Severity.INFO)  # a status the judge does not judge (its rows are dropped)


def _judge_wired(ctx: _Ctx, parts: _Parts, k: int, check_id: str) -> None:
    """The judges ``law/data/audit.toml`` gives ``check_id``, in file order, each by
    :func:`_judge` over the deadline rows of its rules whose status and facts it takes
    (``judge_deadlines`` of the scalar audit)."""
    dt = ctx.dt
    for j in audit_wiring().judges_of(check_id):
        rows = ctx.deadline_rows(*[r for r in j.rule_ids(ctx.rules) if r in ctx.rule_index])
        if j.status != JUDGED:
            codes = [STATUS_CODE[st] for st in j.status] + [_OPEN, _NAPP]
            rows = rows[np.isin(dt.status[rows], codes)]
        if j.if_fact is not None:
            rows = rows[dt.has_fact(rows, j.if_fact)]
        if j.unless_fact is not None:
            rows = rows[~dt.has_fact(rows, j.unless_fact)]
        if j.measure is not None:
            rows = rows[ctx.ended(dt.measure[rows]) == (j.measure == "ended")]
        missed, late = j.missed, j.late
        _judge(
            ctx,
            parts,
            k,
            rows,
            missed=(missed.code, missed.severity) if missed is not None else _NO_VERDICT,
            late=(late.code, late.severity) if late is not None else _NO_VERDICT,
            late_score=j.late_score,
            while_running=j.while_running,
            handled_by_activity=j.handled_by_activity,
            late_is_met=j.late_is_met,
        )


def _first_from(
    ctx: _Ctx, rows: IntArray, m: IntArray, lower: IntArray, upper: IntArray
) -> IntArray:
    """Per measure row ``m``: the first of ``rows`` (unnamed events, sorted) in the measure's
    case with ``lower <= day <= upper`` (``upper`` ``NA``: no bound), else -1."""
    t = ctx.t
    big = np.int64(1 << 32)
    key = t.case[rows].astype(np.int64) * big + t.day[rows]
    case = t.m_case[m].astype(np.int64)
    j = np.searchsorted(key, case * big + lower, side="left")
    jj = np.minimum(j, max(len(rows) - 1, 0))
    if not len(rows):
        return np.full(len(m), -1, dtype=np.int64)
    r = rows[jj]
    ok = (j < len(rows)) & (t.case[r] == case) & ((upper == _NA) | (t.day[r] <= upper))
    ok &= lower != _NA
    return np.where(ok, r, -1)


def _first_per_measure(ctx: _Ctx, rows: IntArray, m_rows: IntArray) -> IntArray:
    """Per measure row ``m_rows``: the first of ``rows`` (events naming a measure)."""
    big = np.iinfo(np.int64).max
    first = np.full(len(ctx.t.m_id), big, dtype=np.int64)
    np.minimum.at(first, ctx.t.measure[rows].astype(np.int64), rows)
    out = first[m_rows]
    return np.where(out == big, -1, out)


def _earliest(a: IntArray, b: IntArray) -> IntArray:
    """Row-wise the earlier of two rows (-1: none)."""
    big = np.iinfo(np.int64).max
    out = np.minimum(np.where(a < 0, big, a), np.where(b < 0, big, b))
    return np.where(out == big, -1, out)


def _option_on(rule: Any, option: str, days: IntArray) -> BoolArray:
    """Whether ``rule.version_on(day)`` (the first version in force) has ``option``."""
    taken = np.zeros(len(days), dtype=bool)
    out = np.zeros(len(days), dtype=bool)
    for v in rule.versions:
        inside = ~taken & (days >= day_number(v.valid_from)) & (days <= day_number(v.valid_to))
        if v.option(option):
            out |= inside
        taken |= inside
    return out


def _b_expected_by_age(ctx: _Ctx, parts: _Parts, k: int, b: ExpectedByAge) -> None:
    """Block ``expected_by_age``: the event expected by a birthday plus a grace period (the
    KUM of Task forcen, Jammerbugt 2017)."""
    from boernesag.columnar.dates import civil, from_civil
    from boernesag.periods import birthday

    t = ctx.t
    cases = np.flatnonzero(ctx.has_deadlines(b.with_rule) & ~ctx.has_deadlines(b.unless_rule))
    if not len(cases):
        return
    found = ctx.rows(b.event.value)
    big = np.iinfo(np.int64).max
    tmp = np.full(ctx.n, big, dtype=np.int64)
    np.minimum.at(tmp, t.case[found], found)
    first = np.where(tmp == big, -1, tmp)[cases]
    # the birthday (29 February births by the scalar function: the leap-day rule)
    births = t.birth[cases]
    by, bm, bd = civil(births)
    years = legal_vocabulary().age(b.age, ctx.as_of).years
    born = from_civil(by + years, bm, bd)
    for i in np.flatnonzero((bm == 2) & (bd == 29)).tolist():
        born[i] = day_number(birthday(day_of_number(int(births[i])), years, ctx.leap))
    lo = t.start[cases]
    has_event = (lo < t.start[cases + 1]) & ctx.cut[np.minimum(lo, len(ctx.cut) - 1)]
    first_day = np.where(has_event, t.day[np.minimum(lo, len(t.day) - 1)], born)
    grace = np.full(len(cases), getattr(ctx.s, b.grace), dtype=np.int64)
    if b.after_opening is not None:
        grace[first_day > born] = getattr(ctx.s, b.after_opening)
    due = add_months(np.maximum(born, first_day), grace)[0]
    judged = due < ctx.d
    cases, due, first = cases[judged], due[judged], first[judged]
    found_day = t.day[np.maximum(first, 0)]
    on_time = (first >= 0) & (found_day <= due)
    late = (first >= 0) & ~on_time
    missing = first < 0
    parts.item(k, cases[on_time], due[on_time], 1.0, False)
    parts.item(k, cases[late], due[late], b.late_score, False)
    parts.finding(
        k,
        cases[late],
        code=b.late.code,
        severity=_SEV[b.late.severity],
        day=due[late],
        due=due[late],
        rule_id=b.with_rule,
        events=_obj([(i,) for i in ctx.ids(first[late])]),
        ongoing=False,
    )
    parts.item(k, cases[missing], due[missing], 0.0, True)
    parts.finding(
        k,
        cases[missing],
        code=b.missing.code,
        severity=_SEV[b.missing.severity],
        day=due[missing],
        due=due[missing],
        rule_id=b.with_rule,
        events=(),
        ongoing=True,
    )


def _open_state(ctx: _Ctx, closed_by: str) -> tuple[BoolArray, IntArray]:
    """Per case: open on the audit day (no ``closed_by`` event after its last opening), and
    the first day of the last open period."""
    t = ctx.t
    rows = np.flatnonzero(ctx.cut)
    case = t.case[rows]
    n = ctx.n
    last_row = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_row, case, rows)
    has = last_row >= 0
    closed = np.zeros(n, dtype=bool)
    closed[has] = t.type[last_row[has]] == TYPE_CODE[closed_by]
    is_open = has & ~closed
    # the first row after the last closing (or the first row of the case)
    close_rows = rows[t.type[rows] == TYPE_CODE[closed_by]]
    last_close = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_close, t.case[close_rows], close_rows)
    first = np.where(last_close >= 0, last_close + 1, t.start[:-1])
    if not len(t.day):
        return is_open, np.full(n, _NA, dtype=np.int64)
    opened = np.where(is_open, t.day[np.minimum(first, len(t.day) - 1)], _NA)
    return is_open, opened


def _b_recent_event(ctx: _Ctx, parts: _Parts, k: int, b: RecentEvent) -> None:
    """Block ``recent_event``: a børnesamtale within the last ``within`` months while the
    case is open (BDO, Randers 2016); not relevant for a case open less than that, or with a
    reason for not hearing the child recorded in it (BL § 5 stk. 4)."""
    s = ctx.s
    t = ctx.t
    is_open, opened = _open_state(ctx, b.closed_by.value)
    cand = is_open.copy()
    min_age = getattr(s, b.min_age)
    if min_age > 0 or (t.birth[is_open] > ctx.d).any():
        cand[is_open] = (
            _ages_on(ctx, t.birth[is_open], np.full(int(is_open.sum()), ctx.d)) >= min_age
        )
    since = day_number(scalar_add_months(ctx.as_of, -getattr(s, b.within)).due)
    talks = ctx.rows(b.event.value)
    last_talk = np.full(ctx.n, -1, dtype=np.int64)
    np.maximum.at(last_talk, t.case[talks], talks)
    has_talk = last_talk >= 0
    recent = has_talk & (t.day[np.maximum(last_talk, 0)] >= since)
    met = cand & recent
    parts.item(k, np.flatnonzero(met), ctx.d, 1.0, True)
    excused = np.zeros(ctx.n, dtype=bool)
    if b.excused_on:
        rows = ctx.rows(*(x.value for x in b.excused_on))
        codes = t.codes[b.excuse_field][rows].astype(np.int64)
        truthy = np.array([bool(v) for v in t.vocab[b.excuse_field]] + [False], dtype=bool)
        excused[t.case[rows[truthy[codes] & (t.day[rows] >= since)]]] = True
    long_open = ~(opened > since)
    parts.excuse(k, np.flatnonzero(cand & ~recent & excused & long_open))
    bad = np.flatnonzero(cand & ~recent & ~excused & long_open)
    parts.item(k, bad, ctx.d, 0.0, True)
    lt = last_talk[bad]
    parts.finding(
        k,
        bad,
        code=b.missing.code,
        severity=_SEV[b.missing.severity],
        day=ctx.d,
        events=_obj((i,) if i else () for i in ctx.ids(lt)),
        rule_id=None,
        ongoing=True,
    )


def _b_interval_set(ctx: _Ctx, parts: _Parts, k: int, b: IntervalSet) -> None:
    """Block ``interval_set``: no follow-up interval set at the first follow-up (BL § 95
    stk. 3): a measure with a deadline of ``rule`` counted with the default interval (the
    fact) whose first event of type ``event`` came under a version with ``option``."""
    if b.rule not in ctx.rules or not any(v.option(b.option) for v in ctx.rules[b.rule].versions):
        return
    t = ctx.t
    dt = ctx.dt
    ms = ctx.ms
    rule = ctx.rules[b.rule]
    rows = ctx.deadline_rows(rule.id)
    rows = rows[dt.has_fact(rows, b.fact)]
    m = dt.measure[rows]
    noted = np.zeros(len(t.m_id), dtype=bool)
    noted[m[m >= 0]] = True
    cand = np.flatnonzero(noted)
    if not len(cand):
        return
    # the first event on the measure: one naming it, or naming none while it ran
    opf = ctx.rows(b.event.value)
    named_opf = opf[t.measure[opf] >= 0]
    unnamed_opf = opf[t.measure[opf] < 0]
    first = _earliest(
        _first_per_measure(ctx, named_opf, cand),
        _first_from(ctx, unnamed_opf, cand, ms.start[cand], ms.end[cand]),
    )
    fday = t.day[np.maximum(first, 0)]
    sets_first = _option_on(rule, b.option, fday)
    sel = np.flatnonzero((first >= 0) & sets_first)
    mm = cand[sel]
    parts.finding(
        k,
        t.m_case[mm].astype(np.int64),
        code=b.finding.code,
        severity=_SEV[b.finding.severity],
        day=fday[sel],
        rule_id=rule.id,
        events=_obj([(i,) for i in ctx.ids(first[sel])]),
        measure=ctx.measure_ids(mm),
        ongoing=ctx.m_running[mm],
    )


def _ages_on(ctx: _Ctx, births: IntArray, days: IntArray) -> IntArray:
    """Whole years on ``days`` (``CheckContext.age_on``; 29 February births and days
    before the birth by the scalar function, which raises for the latter as the check does)."""
    from boernesag.columnar.dates import civil
    from boernesag.periods import age_on

    by, bm, bd = civil(births)
    y, m, d = civil(days)
    age: IntArray = (y - by - ((m * 100 + d) < (bm * 100 + bd))).astype(np.int64)
    odd = np.flatnonzero(((bm == 2) & (bd == 29)) | (births > days))
    for i in odd.tolist():
        age[i] = age_on(day_of_number(int(births[i])), day_of_number(int(days[i])), ctx.leap)
    return age


def _decided(ctx: _Ctx) -> IntArray:
    """Per measure row: the row of its first granting decision up to the audit day (-1)."""
    t = ctx.t
    rows = ctx.rows("afgoerelse")
    refused = np.array(
        [legal_vocabulary().is_refused(o) for o in t.vocab["outcome"]] + [False], dtype=bool
    )
    rows = rows[(t.measure[rows] >= 0) & ~refused[t.codes["outcome"][rows].astype(np.int64)]]
    big = np.iinfo(np.int64).max
    out = np.full(len(t.m_id), big, dtype=np.int64)
    np.minimum.at(out, t.measure[rows].astype(np.int64), rows)
    return np.where(out == big, -1, out)


# --------------------------------------------------------------------------- blocks
#
# The blocks of law/data/audit.toml ([[blocks]]), each once, as the scalar audit's blocks in
# boernesag.audit.checks.


def _b_gaps(ctx: _Ctx, parts: _Parts, k: int, b: Gaps) -> None:
    """Block ``gaps``: spans over the setting between activity days within open periods."""
    s = ctx.s
    limit = getattr(s, b.longer_than)
    before = getattr(s, b.change_within)
    t = ctx.t
    rows = np.flatnonzero(ctx.cut)
    case = t.case[rows].astype(np.int64)
    types = t.type[rows]
    close = types == TYPE_CODE[b.closed_by.value]
    # open periods: a period starts at a non-closing row when none is open; the period
    # number of each row is the number of closings before it (closings with nothing open
    # before them do not end anything: handled by dropping empty periods).
    kinds = [TYPE_CODE[x.value] for x in ACTIVITY_TYPES if x.value not in s.inactive_types]
    active = np.isin(types, kinds)
    # Each row's period: closings before it in the case.
    first_of_case = np.r_[True, case[1:] != case[:-1]] if len(case) else np.zeros(0, bool)
    cum = np.cumsum(close)
    base = np.zeros(len(rows), dtype=np.int64)
    if len(rows):
        starts = np.flatnonzero(first_of_case)
        offs = cum[starts] - close[starts]
        base = np.repeat(offs, np.diff(np.r_[starts, len(rows)]))
    closings_before = cum - close - base  # closings strictly before this row, in the case
    period = closings_before  # rows with the same (case, period) and not closing belong to it
    # start of each period: first non-closing row of (case, period)
    nc = ~close
    key = case * (len(rows) + 1) + period
    pk = key[nc]
    pday = t.day[rows][nc]
    if not len(pk):
        return
    new = np.r_[True, pk[1:] != pk[:-1]]
    pstarts = np.flatnonzero(new)
    p_key = pk[pstarts]
    p_case = p_key // (len(rows) + 1)
    p_start = pday[pstarts]
    # end: the closing row that ends it: the first closing after the period's rows, i.e.
    # the closing with closings_before == p_num in the case.
    ck = key[close]
    cday = t.day[rows][close]
    if len(ck):
        pos = np.minimum(np.searchsorted(ck, p_key), len(ck) - 1)
        has_end = ck[pos] == p_key
        p_end = np.where(has_end, cday[pos], _NA)
    else:
        has_end = np.zeros(len(p_key), dtype=bool)
        p_end = np.full(len(p_key), _NA, dtype=np.int64)
    stop = np.where(has_end, p_end, ctx.d)
    # activity days per period: every activity day of the case with start < day <= stop
    big = np.int64(1 << 32)
    a_case = case[active]
    a_day = t.day[rows][active]
    a_key = a_case * big + a_day  # sorted: rows are in case and timeline order
    if len(a_key):
        distinct = np.r_[True, a_key[1:] != a_key[:-1]]  # distinct (case, day)
        a_key, a_day = a_key[distinct], a_day[distinct]
    lo = np.searchsorted(a_key, p_case * big + p_start, side="right")
    hi = np.searchsorted(a_key, p_case * big + stop, side="right")
    length = np.maximum(hi - lo, 0)
    offs = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
    # the days themselves, not the key modulo 2**32: days before 1970 are negative numbers
    a_day = a_day[np.repeat(lo, length) + offs]
    # anchors of each period: its start, then its activity days (sorted, distinct, after
    # the start): laid out period by period without sorting
    counts = 1 + length
    anc_p = np.repeat(np.arange(len(p_key)), counts)
    heads = np.cumsum(counts) - counts
    anc_d = np.empty(len(anc_p), dtype=np.int64)
    tail = np.ones(len(anc_p), dtype=bool)
    tail[heads] = False
    anc_d[heads] = p_start
    anc_d[tail] = a_day
    # spans: consecutive anchors of a period, plus (last anchor, as_of) for an open period
    same = anc_p[1:] == anc_p[:-1]
    sp_p = anc_p[:-1][same]
    sp_a = anc_d[:-1][same]
    sp_b = anc_d[1:][same]
    sp_last = np.zeros(len(sp_p), dtype=bool)
    lastpos = np.r_[np.flatnonzero(~same), len(anc_p) - 1]
    open_p = ~has_end[anc_p[lastpos]]
    lp = anc_p[lastpos][open_p]
    sp_p = np.r_[sp_p, lp]
    sp_a = np.r_[sp_a, anc_d[lastpos][open_p]]
    sp_b = np.r_[sp_b, stop[lp]]
    sp_last = np.r_[sp_last, np.ones(len(lp), dtype=bool)]
    days = sp_b - sp_a
    gap = days > limit
    n_gaps = np.bincount(sp_p[gap], minlength=len(p_key))
    g = np.flatnonzero(gap)
    g_p = sp_p[g]
    g_ongoing = sp_last[g]
    ongoing_gap = np.zeros(len(p_key), dtype=bool)
    ongoing_gap[g_p[g_ongoing]] = True
    g_case = p_case[g_p]
    g_a, g_b = sp_a[g], sp_b[g]
    # the change of caseworker or team: the first change with a - change_within <= day < b
    ch_rows, ch_ids = _changes(ctx)
    ev: list[tuple[str, ...]] = []
    if len(g):
        ch_case = t.case[ch_rows].astype(np.int64)
        ch_day = t.day[ch_rows]
        ch_key = ch_case * (1 << 32) + ch_day  # changes sorted by case and timeline
        lo_key = g_case * (1 << 32) + (g_a - before)
        j = np.searchsorted(ch_key, lo_key, side="left")
        jj = np.minimum(j, max(len(ch_key) - 1, 0))
        hit = (
            (j < len(ch_key))
            & (ch_case[jj] == g_case if len(ch_key) else False)
            & (ch_day[jj] < g_b if len(ch_key) else False)
        )
        ev = [
            (str(ch_ids[x]),) if h else () for x, h in zip(jj.tolist(), hit.tolist(), strict=True)
        ]
    parts.item(k, g_case, g_a, 0.0, g_ongoing)
    parts.finding(
        k,
        g_case,
        code=np.where(g_ongoing, b.ongoing.code, b.gap.code).astype(object),
        severity=np.where(g_ongoing, _SEV[b.ongoing.severity], _SEV[b.gap.severity]),
        day=g_a,
        events=_obj(ev),
        ongoing=g_ongoing,
    )
    state = ~has_end & ~ongoing_gap
    parts.item(k, p_case[state], ctx.d, 1.0, True)
    clean = has_end & (n_gaps == 0)
    parts.item(k, p_case[clean], p_end[clean], 1.0, False)


def _b_waits(ctx: _Ctx, parts: _Parts, k: int, b: Waits) -> None:
    """Block ``waits``: days from the decision to the start of each measure."""
    t = ctx.t
    s = ctx.s
    limit = getattr(s, b.longer_than)
    dec = _decided(ctx)
    waited = dec >= 0
    if b.not_for:  # a cash benefit is paid, not waited on (BL §§ 86-87, SEL §§ 41-42)
        legal = legal_vocabulary()
        paid = np.array(
            [any(legal.in_class(c, p) for c in b.not_for) for p in t.vocab["paragraph"]]
            + [False],
            dtype=bool,
        )
        waited &= ~paid[_codes_of(ctx, "paragraph", np.maximum(dec, 0))]
    m = np.flatnonzero(waited)
    dec = dec[m]
    dday = t.day[dec]
    case = t.m_case[m].astype(np.int64)
    start = ctx.ms.start[m]
    end = ctx.ms.end[m]
    small = _ages_on(ctx, t.birth[case], dday) < getattr(s, b.serious_younger_than)
    started = start != _NA
    wait = np.where(started, start - dday, ctx.d - dday)
    ok = started & (wait <= limit)
    parts.item(k, case[ok], start[ok], 1.0, False)
    late = np.flatnonzero(started & (wait > limit))
    parts.item(k, case[late], start[late], 0.0, False)
    srow = ctx.ms.start_row[m[late]]
    dec_ids = ctx.ids(dec[late])
    start_ids = ctx.ids(srow)
    serious = (wait[late] > getattr(s, b.serious_longer_than)) | small[late]
    parts.finding(
        k,
        case[late],
        code=b.long.code,
        severity=np.where(serious, _SEV[b.serious], _SEV[b.long.severity]),
        day=start[late],
        events=_obj(
            tuple(dict.fromkeys(e for e in pair if e))
            for pair in zip(dec_ids, start_ids, strict=True)
        ),
        measure=ctx.measure_ids(m[late]),
        ongoing=False,
    )
    wait_now = np.flatnonzero(~started & (end == _NA) & (wait > limit))
    parts.item(k, case[wait_now], ctx.d, 0.0, True)
    parts.finding(
        k,
        case[wait_now],
        code=b.not_started.code,
        severity=_SEV[b.not_started.severity],
        day=dday[wait_now],
        events=_obj((i,) if i else () for i in ctx.ids(dec[wait_now])),
        measure=ctx.measure_ids(m[wait_now]),
        ongoing=True,
    )


def _truthy(values: tuple[Any, ...]) -> BoolArray:
    """Per vocabulary code (and -1 = ``None`` last): whether the value is truthy."""
    return np.array([bool(v) for v in values] + [False], dtype=bool)


def _b_event_needs(ctx: _Ctx, parts: _Parts, k: int, b: EventNeeds) -> None:
    """Block ``event_needs``: each event of the type has one of the fields or an event of a
    type shortly before it, and (``running_measure``) no measure still runs."""
    t = ctx.t
    closes = ctx.rows(b.event.value)
    if not len(closes):
        return
    big = np.int64(1 << 32)
    c_case = t.case[closes].astype(np.int64)
    c_day = t.day[closes]
    has_field = np.zeros(len(closes), dtype=bool)
    for f in b.fields:
        has_field |= _truthy(t.vocab[f])[t.codes[f][closes].astype(np.int64)]
    decs = ctx.rows(*(x.value for x in b.or_preceded_by))
    dkey = t.case[decs].astype(np.int64) * big + t.day[decs]
    window = getattr(ctx.s, b.within)
    lo = np.searchsorted(dkey, c_case * big + c_day - window, side="left")
    hi = np.searchsorted(dkey, c_case * big + c_day, side="right")
    no_reason = ~has_field & (hi <= lo)
    score = np.where(no_reason, 0.0, 1.0)
    ids = _obj([(i,) for i in ctx.ids(closes)])
    nr = np.flatnonzero(no_reason)
    parts.finding(
        k,
        c_case[nr],
        code=b.missing.code,
        severity=_SEV[b.missing.severity],
        day=c_day[nr],
        events=ids[nr],
        ongoing=False,
    )
    if b.running_measure is not None:
        # (event, measure of the same case) pairs: measures known on the audit day, started
        lo_m = t.m_first[c_case]
        n_m = t.m_first[c_case + 1] - lo_m
        pc = np.repeat(np.arange(len(closes)), n_m)
        pm = np.repeat(lo_m, n_m) + (
            np.arange(int(n_m.sum())) - np.repeat(np.cumsum(n_m) - n_m, n_m)
        )
        ms = ctx.ms
        st, en = ms.start[pm], ms.end[pm]
        running = (st != _NA) & (st <= c_day[pc]) & ((en == _NA) | (en > c_day[pc]))
        pc, pm = pc[running], pm[running]
        score[pc] = 0.0
        close_ids = ctx.ids(closes[pc])
        start_ids = ctx.ids(ms.start_row[pm])
        parts.finding(
            k,
            c_case[pc],
            code=b.running_measure.code,
            severity=_SEV[b.running_measure.severity],
            day=c_day[pc],
            events=_obj(
                tuple(dict.fromkeys(e for e in pair if e))
                for pair in zip(close_ids, start_ids, strict=True)
            ),
            measure=ctx.measure_ids(pm),
            ongoing=False,
        )
    parts.item(k, c_case, c_day, score, False)


def _codes_of(ctx: _Ctx, name: str, rows: IntArray) -> IntArray:
    return ctx.t.codes[name][rows].astype(np.int64)


def _b_requirements(ctx: _Ctx, parts: _Parts, k: int, b: Requirements) -> None:
    """Block ``requirements``: each active requirement rule's yes/no field on its trigger
    events (FVL §§ 19, 22, 24, 25), ``exempt_when_granted`` rules not on a fully granting
    decision outside the ``never_granted`` classes."""
    reqs, types = b.rules(ctx.rules)
    if not reqs:
        return
    t = ctx.t
    decs = ctx.rows(*(x.value for x in types))
    case = t.case[decs].astype(np.int64)
    day = t.day[decs]
    pc = _codes_of(ctx, "paragraph", decs)
    legal = legal_vocabulary()
    never = np.array(
        [any(legal.in_class(c, p) for c in b.never_granted) for p in t.vocab["paragraph"]]
        + [False],
        dtype=bool,
    )[pc]
    oc = _codes_of(ctx, "outcome", decs)
    full = np.array(
        [o in ctx.s.full_grant_outcomes for o in t.vocab["outcome"]] + [False], dtype=bool
    )[oc]
    full_grant = full & ~never
    score = np.ones(len(decs))
    ids = _obj([(i,) for i in ctx.ids(decs)])
    measures = ctx.measure_ids(t.measure[decs].astype(np.int64))
    for rule in reqs:
        applies = np.isin(t.type[decs], [TYPE_CODE[x] for x in rule.trigger])
        in_force = np.zeros(len(decs), dtype=bool)
        for v in rule.versions:
            in_force |= (day >= day_number(v.valid_from)) & (day <= day_number(v.valid_to))
        applies &= in_force
        if rule.param("exempt_when_granted"):
            applies &= ~full_grant
        name = rule.param("field")
        vocab = t.vocab[name]
        code = _codes_of(ctx, name, decs)
        is_true = np.array([v is True for v in vocab] + [False], dtype=bool)[code]
        is_false = np.array([v is False for v in vocab] + [False], dtype=bool)[code]
        judged = applies & ~is_true
        score = np.where(judged & is_false, 0.0, np.where(judged, np.minimum(score, 0.5), score))
        sel = np.flatnonzero(judged)
        missing = is_false[sel]
        parts.finding(
            k,
            case[sel],
            code=np.where(missing, b.missing.code, b.undocumented.code).astype(object),
            severity=np.where(missing, _SEV[b.missing.severity], _SEV[b.undocumented.severity]),
            day=day[sel],
            rule_id=rule.id,
            events=ids[sel],
            measure=measures[sel],
            ongoing=False,
        )
    parts.item(k, case, day, score, False)


def _b_repeated(ctx: _Ctx, parts: _Parts, k: int, b: Repeated) -> BoolArray | None:
    """Block ``repeated``: the same granting decision taken twice. Only where two granting
    decisions of a case share paragraph and outcome; those few cases are judged row by row
    (:func:`_repeated_rows`)."""
    t = ctx.t
    decs = ctx.rows(b.event.value)
    case = t.case[decs].astype(np.int64)
    pvocab = t.vocab["paragraph"]
    pc = _codes_of(ctx, "paragraph", decs)
    oc = _codes_of(ctx, "outcome", decs)
    refused = np.array(
        [legal_vocabulary().is_refused(o) for o in t.vocab["outcome"]] + [False], dtype=bool
    )[oc]
    granted = ~refused & (pc >= 0)
    span = (len(pvocab) + 1) * (len(t.vocab["outcome"]) + 2)
    key = case[granted] * span + pc[granted] * (len(t.vocab["outcome"]) + 2) + oc[granted] + 1
    uk, counts = np.unique(key, return_counts=True)
    candidates = np.unique(uk[counts >= 2] // span)
    if not len(candidates):
        return None
    ch_rows, _ = _changes(ctx)
    ch_rows = ch_rows[np.isin(t.case[ch_rows], candidates)]
    g_rows = decs[granted & np.isin(case, candidates)]
    # Rows are in case order: each case's rows are a slice (no scan per case).
    g_case, ch_case = t.case[g_rows], t.case[ch_rows]
    g_lo = np.searchsorted(g_case, candidates, side="left")
    g_hi = np.searchsorted(g_case, candidates, side="right")
    ch_lo = np.searchsorted(ch_case, candidates, side="left")
    ch_hi = np.searchsorted(ch_case, candidates, side="right")
    for i, c in enumerate(candidates.tolist()):
        _repeated_rows(
            ctx, parts, k, b, c, g_rows[g_lo[i] : g_hi[i]], ch_rows[ch_lo[i] : ch_hi[i]]
        )
    return None


def _repeated_rows(
    ctx: _Ctx,
    parts: _Parts,
    k: int,
    b: Repeated,
    c: int,
    granted: IntArray,
    ch_rows: IntArray,
) -> None:
    """The scalar block ``repeated`` on one case's granting decisions with a paragraph (rows);
    ``ch_rows``: the case's rows of changes of caseworker or team (:func:`_changes`)."""
    t = ctx.t
    ms = ctx.ms
    rows = np.flatnonzero(ctx.cut[t.start[c] : t.start[c + 1]]) + t.start[c]
    types = t.type[rows]
    close_days = t.day[rows[types == TYPE_CODE[b.closed_by.value]]].tolist()
    end_days = t.day[rows[types == TYPE_CODE[b.investigation_closed_by.value]]].tolist()
    changes = list(zip(t.day[ch_rows].tolist(), ctx.ids(ch_rows), strict=True))
    pvocab = t.vocab["paragraph"]
    pc = t.codes["paragraph"][granted].tolist()
    oc = t.codes["outcome"][granted].tolist()
    mc = t.measure[granted].tolist()
    day = t.day[granted].tolist()
    ids = ctx.ids(granted)
    groups = list(zip(pc, oc, strict=True))
    named = [m if m >= 0 else None for m in mc]
    investigation = [b.is_investigation(pvocab[p]) for p in pc]

    def measure_end(m: Hashable) -> int | None:
        end = int(ms.end[m])  # type: ignore[call-overload]
        return None if end == _NA else end

    # Changes are in time order: the first after the earlier decision is found by bisection.
    change_days = [d for d, _ in changes]
    for j, i in repeated_pairs(
        groups, named, day, investigation, close_days, end_days, measure_end
    ):
        s0, s1 = day[j], day[i]
        m = mc[j] if mc[j] >= 0 else mc[i]
        at = bisect.bisect_right(change_days, s0)
        change = changes[at][1] if at < len(changes) and changes[at][0] <= s1 else None
        parts.item(k, [c], s1, 0.0, False)
        parts.finding(
            k,
            [c],
            code=b.finding.code,
            severity=_SEV[b.finding.severity],
            day=s1,
            events=tuple(dict.fromkeys(e for e in (ids[j], ids[i], change) if e)),
            measure=str(t.m_id[m]) if m >= 0 else None,
            ongoing=False,
        )


def _b_without_decision(ctx: _Ctx, parts: _Parts, k: int, b: WithoutDecision) -> None:
    """Block ``without_decision``: a started measure with no granting decision naming it, and
    no granting decision on or before its start that names no measure but has its paragraph
    (BDO, Randers 2016)."""
    t = ctx.t
    ms = ctx.ms
    m = np.flatnonzero((ms.start != _NA) & (_decided(ctx) < 0))
    if b.running:
        m = m[ctx.m_running[m]]
    if not len(m):
        return
    decs = ctx.rows(b.decision.value)
    refused = np.array(
        [legal_vocabulary().is_refused(o) for o in t.vocab["outcome"]] + [False], dtype=bool
    )[_codes_of(ctx, "outcome", decs)]
    decisions = decs[~refused]
    big = np.int64(1 << 22)
    offset = np.int64(1 << 21)  # days before 1970 stay within their group
    groups = np.int64(len(t.vocab["paragraph"]) + 2)
    unnamed = decisions[t.measure[decisions] < 0]
    ukey = np.sort(
        (t.case[unnamed].astype(np.int64) * groups + t.codes["paragraph"][unnamed] + 1) * big
        + t.day[unnamed]
        + offset
    )
    group = t.m_case[m].astype(np.int64) * groups + ms.paragraph[m].astype(np.int64) + 1
    j = np.searchsorted(ukey, group * big + ms.start[m] + offset, side="right") - 1
    covered = (j >= 0) & (ukey[np.maximum(j, 0)] // big == group) if len(ukey) else j < -1
    m = m[~covered]
    case = t.m_case[m].astype(np.int64)
    ongoing = ctx.m_running[m]
    parts.item(k, case, ms.start[m], 0.0, ongoing)
    parts.finding(
        k,
        case,
        code=b.finding.code,
        severity=_SEV[b.finding.severity],
        day=ms.start[m],
        events=_obj([(i,) if i else () for i in ctx.ids(ms.start_row[m])]),
        measure=ctx.measure_ids(m),
        ongoing=ongoing,
    )


def _decisions(ctx: _Ctx, event: str, basis_class: str) -> IntArray:
    """Rows of the granting ``event`` rows (not refused) whose paragraph has a decision kind
    and is in the vocabulary class ``basis_class`` (``CheckContext.decisions_in``)."""
    t = ctx.t
    decs = ctx.rows(event)
    refused = np.array(
        [legal_vocabulary().is_refused(o) for o in t.vocab["outcome"]] + [False], dtype=bool
    )
    kind = _kinds(ctx, basis_class)[t.codes["paragraph"][decs].astype(np.int64)]
    out: IntArray = decs[~refused[t.codes["outcome"][decs].astype(np.int64)] & (kind > 0)]
    return out


def _b_decision_basis(ctx: _Ctx, parts: _Parts, k: int, b: DecisionBasis) -> None:
    """Block ``decision_basis``: the BFU behind each decision on a measure."""
    t = ctx.t
    n = ctx.n
    big = np.int64(1 << 32)
    md = _decisions(ctx, b.event.value, b.basis_class)
    md_case = t.case[md].astype(np.int64)
    md_day = t.day[md]
    md_meas = t.measure[md].astype(np.int64)
    md_running = ctx.running(md_meas)
    ends = ctx.rows(b.done.value)
    starts = ctx.rows(b.started.value)
    has_end = np.zeros(n, dtype=bool)
    has_end[t.case[ends]] = True
    end_key = t.case[ends].astype(np.int64) * big + t.day[ends]
    q = md_case * big + md_day
    j = np.searchsorted(end_key, q, side="right") - 1
    if len(ends):
        covered = (j >= 0) & (t.case[ends[np.maximum(j, 0)]] == md_case)
    else:  # (not ``q < 0``: days before 1970 are negative numbers)
        covered = np.zeros(len(md), dtype=bool)
    sel = ~covered
    ok = covered
    parts.item(k, md_case[ok], md_day[ok], 1.0, False)
    start_key = t.case[starts].astype(np.int64) * big + t.day[starts]
    j = np.searchsorted(start_key, q, side="right") - 1
    if len(starts):
        started = (j >= 0) & (t.case[starts[np.maximum(j, 0)]] == md_case)
        start_row = np.where(started, starts[np.maximum(j, 0)], -1)
    else:
        started = np.zeros(len(md), dtype=bool)
        start_row = np.full(len(md), -1, dtype=np.int64)
    ongoing = ~has_end[md_case] & md_running
    dec_ids = ctx.ids(md)
    unf = np.flatnonzero(sel & started)
    parts.item(k, md_case[unf], md_day[unf], 0.5, False)
    s_ids = ctx.ids(start_row[unf])
    parts.finding(
        k,
        md_case[unf],
        code=b.unfinished.code,
        severity=_SEV[b.unfinished.severity],
        day=md_day[unf],
        rule_id=b.rule,
        events=_obj(
            tuple(dict.fromkeys(e for e in (dec_ids[i], s) if e))
            for i, s in zip(unf.tolist(), s_ids, strict=True)
        ),
        measure=ctx.measure_ids(md_meas[unf]),
        ongoing=ongoing[unf],
    )
    mis = np.flatnonzero(sel & ~started)
    parts.item(k, md_case[mis], md_day[mis], 0.0, ongoing[mis])
    parts.finding(
        k,
        md_case[mis],
        code=b.missing.code,
        severity=_SEV[b.missing.severity],
        day=md_day[mis],
        rule_id=b.rule,
        events=_obj((dec_ids[i],) for i in mis.tolist()),
        measure=ctx.measure_ids(md_meas[mis]),
        ongoing=ongoing[mis],
    )




def _kinds(ctx: _Ctx, basis_class: str) -> IntArray:
    """Per paragraph code (and -1 last): 1 placement, 2 supportive measure, 0 neither or not
    in the vocabulary class ``basis_class`` (the vocabulary's decision kind, as the scalar
    audit's ``decisions_in``)."""
    legal = legal_vocabulary()
    code = {"placement": 1, "support": 2, None: 0}
    return np.array(
        [
            code[legal.decision_kind(p)] if legal.in_class(basis_class, p) else 0
            for p in ctx.t.vocab["paragraph"]
        ]
        + [0],
        dtype=np.int64,
    )


def _b_current_basis(ctx: _Ctx, parts: _Parts, k: int, b: CurrentBasis) -> None:
    """Block ``current_basis``: is the latest BFU or plan current while a measure runs?"""
    t = ctx.t
    n = ctx.n
    md = _decisions(ctx, b.decision.value, b.basis_class)
    md_kind = _kinds(ctx, b.basis_class)[t.codes["paragraph"][md].astype(np.int64)]
    md_case = t.case[md].astype(np.int64)
    md_day = t.day[md]
    md_meas = t.measure[md].astype(np.int64)
    md_running = ctx.running(md_meas)
    dec_ids = ctx.ids(md)
    ends = ctx.rows(b.event.value)
    running_case = np.zeros(n, dtype=bool)
    running_case[t.m_case[ctx.m_running]] = True
    latest = np.full(n, -1, dtype=np.int64)
    np.maximum.at(latest, t.case[ends], ends)
    cur = np.flatnonzero(running_case & (latest >= 0))
    lrow = latest[cur]
    lday = t.day[lrow]
    lid = _obj([(i,) for i in ctx.ids(lrow)])
    stale = np.zeros(len(cur), dtype=bool)
    months = getattr(ctx.s, b.older_than)
    if months is not None:
        old = add_months(lday, months)[0] < ctx.d
        stale |= old
        o = np.flatnonzero(old)
        parts.finding(
            k,
            cur[o],
            code=b.old.code,
            severity=_SEV[b.old.severity],
            day=lday[o],
            events=lid[o],
            ongoing=True,
        )
    # a later decision of another kind whose measure runs (support -> placement)
    at = np.full(n, -1, dtype=np.int64)
    at[cur] = np.arange(len(cur))
    pos = at[md_case]
    after = (pos >= 0) & (md_day >= t.day[np.maximum(latest[md_case], 0)])
    idx = np.flatnonzero(after)
    first_kind = np.zeros(n, dtype=np.int64)
    first_idx = np.full(n, -1, dtype=np.int64)
    if len(idx):
        firsts = idx[np.r_[True, md_case[idx][1:] != md_case[idx][:-1]]]
        first_kind[md_case[firsts]] = md_kind[firsts]
        first_idx[md_case[firsts]] = firsts
    cand = idx[
        (idx != first_idx[md_case[idx]])
        & (md_kind[idx] != first_kind[md_case[idx]])
        & ((md_meas[idx] < 0) | md_running[idx])
    ]
    if len(cand):
        cand = cand[np.r_[True, md_case[cand][1:] != md_case[cand][:-1]]]
    stale[pos[cand]] = True
    cc = md_case[cand]
    parts.finding(
        k,
        cc,
        code=b.changed.code,
        severity=_SEV[b.changed.severity],
        day=md_day[cand],
        events=_obj(
            tuple(dict.fromkeys(e for e in (lid[at[c]][0], dec_ids[i]) if e))
            for c, i in zip(cc.tolist(), cand.tolist(), strict=True)
        ),
        measure=ctx.measure_ids(md_meas[cand]),
        ongoing=True,
    )
    parts.item(k, cur, ctx.d, np.where(stale, b.stale_score, 1.0), True)


def _b_undecided(ctx: _Ctx, parts: _Parts, k: int, b: Undecided) -> None:
    """Block ``undecided``: the check's judged deadlines that do not apply for want of a
    recorded decision (the deadline's fact ``b.fact``; BL § 32)."""
    t = ctx.t
    dt = ctx.dt
    rows = ctx.deadline_rows(
        *[r for r in audit_wiring().rules_judged(b.check, ctx.rules) if r in ctx.rule_index]
    )
    napp = rows[dt.status[rows] == _NAPP]
    napp = napp[(dt.trigger[napp] >= 0) & dt.has_fact(napp, b.fact)]
    trig = dt.trigger[napp]
    case = dt.case[napp].astype(np.int64)
    # the day of the deadline's trigger_on: the Copenhagen day of the decision's time when
    # it has one (the scalar block's day_of), else its date
    day = t.day[trig].copy()
    timed = t.at[trig] != _NA
    if timed.any():
        day[timed] = local_day(t.at[trig[timed]])
    m = dt.measure[napp]
    ongoing = ctx.running(m)
    parts.item(k, case, day, b.score, ongoing)
    parts.finding(
        k,
        case,
        code=b.finding.code,
        severity=_SEV[b.finding.severity],
        day=day,
        rule_id=np.array(dt.rule_ids, dtype=object)[dt.rule[napp]],
        events=_obj([(i,) for i in ctx.ids(trig)]),
        measure=ctx.measure_ids(m),
        ongoing=ongoing,
    )


_BLOCKS: dict[type, Callable[[_Ctx, _Parts, int, Any], object]] = {
    Requirements: _b_requirements,
    Repeated: _b_repeated,
    WithoutDecision: _b_without_decision,
    Waits: _b_waits,
    Gaps: _b_gaps,
    EventNeeds: _b_event_needs,
    ExpectedByAge: _b_expected_by_age,
    DecisionBasis: _b_decision_basis,
    CurrentBasis: _b_current_basis,
    Undecided: _b_undecided,
    RecentEvent: _b_recent_event,
    IntervalSet: _b_interval_set,
}


def _changes(ctx: _Ctx) -> tuple[IntArray, npt.NDArray[np.object_]]:
    """Rows of the changes of caseworker or team (``CheckContext.changes``), in case and
    timeline order, and their event ids."""
    t = ctx.t
    rows = ctx.rows("sagsbehandler_tildelt")
    if not len(rows):
        return rows, _obj([])
    case = t.case[rows]
    cw = t.codes["caseworker"][rows].astype(np.int64)
    team = t.codes["team"][rows].astype(np.int64)
    first = np.r_[True, case[1:] != case[:-1]]
    # the team carried forward: last non-None team so far in the case
    idx = np.where(team >= 0, np.arange(len(rows)), -1)
    seg = np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))
    carried = np.maximum.accumulate(idx)
    carried = np.where(carried >= seg, carried, -1)
    team_now = np.where(carried >= 0, team[np.maximum(carried, 0)], -1)
    prev_team = np.r_[-1, team_now[:-1]]
    prev_cw = np.r_[-1, cw[:-1]]
    changed = ~first & ((cw != prev_cw) | ((team >= 0) & (team != prev_team)))
    sel = rows[changed]
    return sel, t.id[sel]


_VECTOR: dict[str, _Vector] = {
}

#: The checks with a vectorized implementation (all cases but those it hands on).
VECTORIZED_CHECKS: frozenset[str] = frozenset(_VECTOR) | {
    c.id for c in CHECKS if isinstance(c.run, WiredCheck)
}


# --------------------------------------------------------------------------- assembly


def audit_table(
    table: EventTable,
    as_of: date | datetime,
    *,
    deadlines: DeadlineTable | None = None,
    settings: AuditSettings | None = None,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    checks: Sequence[Check] = CHECKS,
) -> AuditTable:
    """The audit of every case in ``table`` on ``as_of``: the same statuses and findings as
    :func:`boernesag.audit.audit_case` on each case (BDO's (Randers 2016) case review, the Task force's (Jammerbugt 2017) legal
    review; the checks cite their paragraphs in :mod:`boernesag.audit.checks`).

    ``deadlines``: the :func:`~boernesag.columnar.deadline_table` of the same table,
    ``as_of``, rules, calendar and leap-day rule, when already computed (used as given);
    else it is computed here. ``checks``: as for ``audit_case`` (default: all, in report
    order); a check not of :data:`~boernesag.audit.checks.CHECKS` runs by the scalar audit.
    """
    from boernesag.columnar.engine import deadline_table

    day = as_of_day(as_of)
    s = settings if settings is not None else AuditSettings()
    rs = rules if rules is not None else default_rules()
    ldr = LeapDayRule(leap_day_rule)
    dt = deadlines
    if dt is not None and dt.table is not table:
        raise ValueError(
            "audit_table(): deadlines er beregnet for en anden EventTable end table "
            "(deadlines skal komme fra deadline_table(table, ...))"
        )
    if dt is None:
        dt = deadline_table(table, as_of, rules=rs, calendar=calendar, leap_day_rule=ldr)
    ctx = _Ctx(table, dt, day, s, rs, ldr)
    check_ids = tuple(c.id for c in checks)
    known = {c.id for c in CHECKS}
    parts = _Parts()
    n = table.n_cases
    scalar = np.zeros((n, len(check_ids)), dtype=bool)
    irregular = table.irregular.astype(bool)
    for k, c in enumerate(checks):
        standard = c.id in known and c is _standard(c.id)
        fn = _VECTOR.get(c.id) if standard else None
        if isinstance(c.run, WiredCheck) and (
            standard or not audit_wiring().blocks_of(c.run.check_id)
        ):
            # A caller's own check that only judges deadlines is run by the wiring too.
            fn = _v_wired(c.run.check_id)
        if not len(table):
            fn = None  # no event at all: the scalar audit of the empty cases says it all
        if fn is not None:
            sub = _Parts()
            handed = fn(ctx, sub, k)
            left = irregular.copy() if handed is None else (handed | irregular)
            _merge(parts, sub, ~left)
            scalar[:, k] = left
        else:
            scalar[:, k] = True
    fallback: dict[str, int] = {}
    for k, cid in enumerate(check_ids):
        cnt = int(scalar[:, k].sum())
        if cnt:
            fallback[cid] = cnt
    _run_scalar(ctx, parts, scalar, checks, as_of, calendar)
    return _assemble(ctx, parts, check_ids, fallback, as_of, calendar)


def _standard(check_id: str) -> Check | None:
    return next((c for c in CHECKS if c.id == check_id), None)


def _merge(into: _Parts, sub: _Parts, keep_case: BoolArray) -> None:
    for c, k, d, sc, o in sub.items:
        sel = keep_case[c]
        into.items.append((c[sel], k[sel], d[sel], sc[sel], o[sel]))
    for block in sub.findings:
        sel = keep_case[block["case"]]
        into.findings.append({name: v[sel] for name, v in block.items()})
    for check, cases in sub.excused:
        into.excused.append((check, cases[keep_case[cases]]))


def _run_scalar(
    ctx: _Ctx,
    parts: _Parts,
    scalar: BoolArray,
    checks: Sequence[Check],
    as_of: date | datetime,
    calendar: Calendar | None,
) -> None:
    """The scalar audit for the (case, check) pairs in ``scalar``."""
    cases = np.flatnonzero(scalar.any(axis=1))
    ic: list[int] = []
    ik: list[int] = []
    iday: list[int] = []
    iscore: list[float] = []
    iong: list[bool] = []
    found: list[tuple[int, int, Finding]] = []
    for ci in cases.tolist():
        ks = np.flatnonzero(scalar[ci]).tolist()
        audit = audit_case(
            ctx.t.rebuild(ci),
            as_of,
            settings=ctx.s,
            rules=ctx.rules,
            calendar=calendar,
            leap_day_rule=ctx.leap,
            checks=[checks[k] for k in ks],
        )
        for k, r in zip(ks, audit.results, strict=True):
            for it in r.items:
                ic.append(ci)
                ik.append(k)
                iday.append(day_number(it.day))
                iscore.append(it.score)
                iong.append(it.ongoing)
            for f in r.findings:
                found.append((ci, k, f))
    if ic:
        parts.items.append(
            (
                np.array(ic, dtype=np.int64),
                np.array(ik, dtype=np.int64),
                np.array(iday, dtype=np.int64),
                np.array(iscore, dtype=np.float64),
                np.array(iong, dtype=bool),
            )
        )
    if found:
        fs = [f for _, _, f in found]
        parts.findings.append(
            {
                "case": np.array([c for c, _, _ in found], dtype=np.int64),
                "check": np.array([k for _, k, _ in found], dtype=np.int64),
                "code": _obj([f.code for f in fs]),
                "severity": np.array([_SEV[f.severity] for f in fs], dtype=np.int64),
                "day": np.array([day_number(f.day) if f.day else _NA for f in fs], dtype=np.int64),
                "due": np.array([day_number(f.due) if f.due else _NA for f in fs], dtype=np.int64),
                "rule_id": _obj([f.rule_id for f in fs]),
                "events": _obj([f.events for f in fs]),
                "measure": _obj([f.measure for f in fs]),
                "ongoing": np.array([f.ongoing for f in fs], dtype=bool),
                "caseworker": _obj([f.caseworker for f in fs]),
            }
        )


def _caseworkers(ctx: _Ctx, case: IntArray, day: IntArray) -> npt.NDArray[np.object_]:
    """``CheckContext.caseworker_on``: the caseworker of the latest assignment on or before
    ``day`` (timeline order breaks ties)."""
    t = ctx.t
    rows = ctx.rows("sagsbehandler_tildelt")
    out = np.full(len(case), None, dtype=object)
    if not len(rows) or not len(case):
        return out
    key = t.case[rows].astype(np.int64) * (1 << 32) + t.day[rows]
    q = case * (1 << 32) + np.where(day == _NA, ctx.d, day)
    j = np.searchsorted(key, q, side="right") - 1
    jj = np.maximum(j, 0)
    ok = (j >= 0) & (t.case[rows[jj]] == case)
    codes = t.codes["caseworker"][rows[jj]].astype(np.int64)
    vocab = _obj([*t.vocab["caseworker"], None])
    out[ok] = vocab[codes[ok]]
    return out


def _drop_excused(
    parts: _Parts,
    n: int,
    nk: int,
    *items: Any,
) -> tuple[Any, ...]:
    """The items without those of an excused check and case (:meth:`_Parts.excuse`) whose
    items are all met and which has no finding: the check is then not relevant there."""
    ic, ik, _, isc, _ = items
    cell = ic * nk + ik
    excused = np.zeros(n * nk, dtype=bool)
    for k, case in parts.excused:
        excused[case * nk + k] = True
    short = np.bincount(cell[~(isc >= 1)], minlength=n * nk) > 0
    for b in parts.findings:
        short[b["case"] * nk + b["check"]] = True
    keep = ~(excused & ~short)[cell]
    return tuple(x[keep] for x in items)


def _assemble(
    ctx: _Ctx,
    parts: _Parts,
    check_ids: tuple[str, ...],
    fallback: dict[str, int],
    as_of: date | datetime,
    calendar: Calendar | None,
) -> AuditTable:
    n, nk = ctx.n, len(check_ids)
    since = ctx.s.since
    if parts.items:
        ic, ik, iday, isc, iong = (np.concatenate(x) for x in zip(*parts.items, strict=True))
    else:
        ic = ik = iday = np.zeros(0, dtype=np.int64)
        isc = np.zeros(0)
        iong = np.zeros(0, dtype=bool)
    if parts.excused:
        ic, ik, iday, isc, iong = _drop_excused(parts, n, nk, ic, ik, iday, isc, iong)
    if since is not None:
        keep = iong | (iday >= day_number(since))
        ic, ik, iday, isc, iong = ic[keep], ik[keep], iday[keep], isc[keep], iong[keep]
    cell = ic * nk + ik
    total = np.bincount(cell, minlength=n * nk)
    not_full = np.bincount(cell[~(isc >= 1)], minlength=n * nk)
    not_zero = np.bincount(cell[~(isc <= 0)], minlength=n * nk)
    status = np.full(n * nk, _CS[CheckStatus.PARTLY], dtype=np.int8)
    status[not_zero == 0] = _CS[CheckStatus.NOT_MET]
    status[not_full == 0] = _CS[CheckStatus.MET]
    status[total == 0] = _CS[CheckStatus.NOT_RELEVANT]
    cols: dict[str, Any] = {}
    if parts.findings:
        for name in _FCOLS:
            if name == "caseworker":
                continue
            cols[name] = np.concatenate([b[name] for b in parts.findings])
        cw = np.full(len(cols["case"]), None, dtype=object)
        missing = np.ones(len(cw), dtype=bool)
        offset = 0
        for b in parts.findings:
            k = len(b["case"])
            if "caseworker" in b:
                cw[offset : offset + k] = b["caseworker"]
                missing[offset : offset + k] = False
            offset += k
        idx = np.flatnonzero(missing)
        cw[idx] = _caseworkers(ctx, cols["case"][idx], cols["day"][idx])
        cols["caseworker"] = cw
    else:
        for name in _FCOLS:
            dtype: Any = object
            if name in ("case", "check", "day", "due", "severity"):
                dtype = np.int64
            elif name == "ongoing":
                dtype = bool
            cols[name] = np.zeros(0, dtype=dtype)
    if since is not None and len(cols["case"]):
        d = cols["day"]
        keep = cols["ongoing"] | (d == _NA) | (d >= day_number(since))
        cols = {k: v[keep] for k, v in cols.items()}
    return AuditTable(
        table=ctx.t,
        deadlines=ctx.dt,
        as_of=ctx.as_of,
        check_ids=check_ids,
        status=status.reshape(n, nk),
        case=cols["case"],
        check=cols["check"],
        code=cols["code"],
        severity=cols["severity"].astype(np.int8),
        day=cols["day"],
        due=cols["due"],
        rule_id=cols["rule_id"],
        events=cols["events"],
        measure=cols["measure"],
        ongoing=cols["ongoing"],
        caseworker=cols["caseworker"],
        fallback=fallback,
        settings=ctx.s,
        rules=ctx.rules,
        calendar=calendar,
        leap_day_rule=ctx.leap,
        as_of_arg=as_of,
    )
