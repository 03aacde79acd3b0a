"""Suggestions for one case: the caseworkers ranked, each with the parts of the score explained.

>>> from boernesag.demo import DEMO_AS_OF, demo_caseload
>>> caseload = demo_caseload(60)
>>> ranked = suggest_allocation(caseload.cases[0], caseload, as_of=DEMO_AS_OF)
>>> ranked[0].rank
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from boernesag.allocation.inputs import (
    check_as_of_arg,
    check_case,
    check_caseload,
    check_exclude,
    check_loads,
)
from boernesag.allocation.labels import fmt_percent, say
from boernesag.allocation.policy import Policy
from boernesag.allocation.score import ScorePart, Scorer
from boernesag.errors import AllocationError
from boernesag.model import Case, Caseload
from boernesag.tomlcheck import describe

__all__ = [
    "Suggestion",
    "current_counts",
    "current_loads",
    "suggest_allocation",
    "unallocated_cases",
    "why_none",
]


@attrs.frozen
class Suggestion:
    """A caseworker ranked for a case.

    ``score`` is the sum of the points of ``parts``; ``eligible`` is False when a hard
    principle or the capacity cap rules the caseworker out (the parts say which).
    ``load_before``/``load_after`` are weighted points; ``capacity`` is in the same points.
    """

    caseworker_id: str
    rank: int
    score: float
    eligible: bool
    parts: tuple[ScorePart, ...]
    load_before: float
    load_after: float
    capacity: float

    @property
    def ratio_after(self) -> float:
        """Load after the assignment as a share of capacity."""
        return self.load_after / self.capacity if self.capacity > 0 else float("inf")

    def explanation(self, lang: str = "da") -> str:
        """E.g. ``samme distrikt; kompetence handicap; belastning 82% efter tildeling``."""
        return "; ".join(p.text(lang) for p in self.parts if p.text(lang))

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "caseworker_id": self.caseworker_id,
            "rank": self.rank,
            "score": round(self.score, 4),
            "eligible": self.eligible,
            "load_before": round(self.load_before, 4),
            "load_after": round(self.load_after, 4),
            "capacity": self.capacity,
            "load_after_pct": fmt_percent(self.ratio_after),
            "explanation": self.explanation(lang),
            "parts": [p.to_dict(lang) for p in self.parts],
        }


def _policy(policy: object) -> Policy:
    if policy is None:
        return Policy()
    if not isinstance(policy, Policy):
        raise AllocationError.from_key("arg.policy", value=describe(policy))
    return policy


def current_loads(
    caseload: Caseload,
    as_of: date | None = None,
    policy: Policy | None = None,
    *,
    leave_out: Iterable[str] = (),
) -> dict[str, float]:
    """Weighted load per caseworker: the weights of the open cases each holds on ``as_of``.

    Every caseworker of the caseload appears (0.0 when they hold nothing); a caseworker
    named on cases but missing from the caseload appears too. ``leave_out``: case ids not
    to count (cases being reallocated).
    """
    check_caseload(caseload)
    day = check_as_of_arg(as_of)
    scorer = Scorer(caseload, _policy(policy), day)
    skip = check_exclude(leave_out)
    loads = {w.id: 0.0 for w in caseload.caseworkers}
    for case in caseload.cases:
        if case.case_id in skip or not case.is_open_on(day):
            continue
        cw = case.caseworker_on(day)
        if cw:
            loads[cw] = loads.get(cw, 0.0) + scorer.weight(case)
    return {k: round(v, 4) for k, v in loads.items()}


def current_counts(
    caseload: Caseload, as_of: date | None = None, *, leave_out: Iterable[str] = ()
) -> dict[str, int]:
    """Number of open cases (children) per caseworker on ``as_of``: the union's 20-30 measure."""
    check_caseload(caseload)
    day = check_as_of_arg(as_of)
    skip = check_exclude(leave_out)
    counts = {w.id: 0 for w in caseload.caseworkers}
    for case in caseload.cases:
        if case.case_id in skip or not case.is_open_on(day):
            continue
        cw = case.caseworker_on(day)
        if cw:
            counts[cw] = counts.get(cw, 0) + 1
    return counts


def unallocated_cases(caseload: Caseload, as_of: date | None = None) -> tuple[Case, ...]:
    """The "new" cases: open on ``as_of`` and without a current, active caseworker.

    That is a case nobody was ever assigned, or whose caseworker is no longer among the
    caseload's active caseworkers (left, or on leave: ``active = false``).
    """
    check_caseload(caseload)
    day = check_as_of_arg(as_of)
    active = {w.id for w in caseload.caseworkers if w.active}
    return tuple(
        c for c in caseload.cases if c.is_open_on(day) and c.caseworker_on(day) not in active
    )


def suggest_allocation(
    case: Case,
    caseload: Caseload,
    policy: Policy | None = None,
    *,
    as_of: date | None = None,
    loads: Mapping[str, float] | None = None,
    exclude: Sequence[str] = (),
) -> list[Suggestion]:
    """The caseload's caseworkers ranked for ``case``, each with the parts of the score.

    Eligible caseworkers come first, by score (ties: the lower id); then the excluded, whose
    parts say why (a hard principle, or the capacity cap). A pinned case (``policy.pins``)
    ranks its pinned caseworker first, eligible even over the cap or without a competence,
    with a warning part; the others are excluded. ``loads`` (default: :func:`current_loads`)
    gives the load before; if the case is already held by a caseworker, it does not count
    twice. ``exclude``: caseworker ids not to consider (one who leaves). ``as_of`` defaults
    to today. When no caseworker is eligible, :func:`why_none` says why.

    Every input is checked first (:mod:`boernesag.allocation.inputs`): a caseworker with a
    negative or NaN capacity, competences that are not texts, a policy value of the wrong type
    or a load that is not a number raise a :class:`~boernesag.errors.BoernesagError` naming
    the caseworker, case or argument, and the value.
    """
    check_case(case)
    check_caseload(caseload)
    pol = _policy(policy)
    day = check_as_of_arg(as_of)
    skip = check_exclude(exclude)
    given = check_loads(loads)
    workers = [w for w in caseload.caseworkers if w.id not in skip]
    scorer = Scorer(caseload, pol, day, workers, moving=(case.case_id,))
    facts = scorer.facts(case)
    base = dict(given) if given is not None else current_loads(caseload, day, pol)
    holder = case.caseworker_on(day) if case.is_open_on(day) else None
    if loads is None and holder in base:
        base[holder] = max(base[holder] - scorer.weight(case), 0.0)
    rows: list[tuple[bool, float, str, Suggestion]] = []
    for worker in scorer.workers:
        load = base.get(worker.id, 0.0)
        cap = scorer.capacity[worker.id]
        if facts.pin is not None:
            if worker.id == facts.pin.caseworker:
                parts = scorer.pin_parts(facts, worker, load)
                s = Suggestion(worker.id, 0, 0.0, True, parts, load, load + facts.weight, cap)
            else:
                part = ScorePart(
                    "management",
                    0.0,
                    say("pinned_elsewhere", "da", cw=facts.pin.caseworker),
                    say("pinned_elsewhere", "en", cw=facts.pin.caseworker),
                    excludes=True,
                    key="pinned_elsewhere",
                )
                s = Suggestion(worker.id, 0, 0.0, False, (part,), load, load + facts.weight, cap)
        else:
            sc = scorer.score(facts, worker, load)
            s = Suggestion(
                worker.id, 0, sc.total, sc.eligible, sc.parts, load, load + facts.weight, cap
            )
        rows.append((not s.eligible, -s.score, worker.id, s))
    rows.sort(key=lambda r: r[:3])
    return [attrs.evolve(r[3], rank=i + 1) for i, r in enumerate(rows)]


def exclusion_text(part: ScorePart, lang: str = "da") -> str:
    """An exclusion as counted in a summary: the cap without the caseworker's percentage."""
    if part.key == "over_cap":
        return say("over_cap_plain", lang)
    return part.text(lang)


def why_none(suggestions: Sequence[Suggestion], lang: str = "da") -> str | None:
    """None if some caseworker is eligible; else why none is, each reason with a count."""
    if isinstance(suggestions, str | bytes) or not isinstance(suggestions, Sequence):
        raise AllocationError.from_key("arg.suggestions", value=describe(suggestions))
    for s in suggestions:
        if not isinstance(s, Suggestion):
            raise AllocationError.from_key("arg.suggestion_item", value=describe(s))
    if lang not in ("da", "en"):
        raise AllocationError.from_key("arg.lang", value=describe(lang))
    if any(s.eligible for s in suggestions):
        return None
    if not suggestions:
        return say("no_workers", lang)
    counts = Counter(exclusion_text(p, lang) for s in suggestions for p in s.parts if p.excludes)
    reasons = "; ".join(
        say("count_of_one" if n == 1 else "count_of", lang, text=text, n=n)
        for text, n in sorted(counts.items())
    )
    return say("none_fits", lang, reasons=reasons)
