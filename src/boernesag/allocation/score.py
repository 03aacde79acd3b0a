"""Scoring a caseworker for a case, principle by principle, with the explanation of each part.

:class:`Scorer` holds what a run needs to know about the caseload (teams, siblings, who holds
which case, capacities) and computes, once per case, the :class:`CaseFacts` the principles
look at. :meth:`Scorer.score` scores one caseworker and explains every part (used for
suggestions and for the reasons of an assignment); :class:`VectorScorer` computes the same
points for every caseworker at once with numpy (used to allocate large batches). Both give
the same points: ``tests/test_allocation_properties.py`` checks it.

The points of a caseworker for a case are the sum over the policy's soft principles of
``weight`` × the share of the principle met (0 or 1, except competence: the share of the
needed competences held, and load). The load principle gives ``weight × f × (1 - load after
/ capacity)``; ``f`` is 1 for one case and the case's weight over the mean weight in a batch,
so that the batch objective counts heavy cases more (see :mod:`boernesag.allocation.solve`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from boernesag.allocation.labels import fmt_percent, say
from boernesag.allocation.policy import (
    Pin,
    Policy,
    Principle,
    TeamRule,
    required_competences,
)
from boernesag.allocation.weights import WeightPart, case_phase
from boernesag.errors import BoernesagError
from boernesag.model import Case, Caseload, Caseworker, EventType, Team

__all__ = ["CaseFacts", "Score", "ScorePart", "Scorer", "VectorScorer"]

#: Slack for floating-point sums when checking the capacity cap.
EPS = 1e-9


@attrs.frozen
class ScorePart:
    """One principle's contribution to a caseworker's score, with its explanation.

    ``excludes``: a hard principle (or the capacity cap) rules the caseworker out.
    ``warning``: a pin overrides the cap or a competence; shown, never excluding.
    ``key``: the stable name of the reason (a key of :data:`boernesag.allocation.labels.LABELS`,
    e.g. ``district_ok``, ``competence_missing``, ``over_cap``), for programs.
    """

    principle: str
    points: float
    text_da: str
    text_en: str
    excludes: bool = False
    warning: bool = False
    key: str = ""

    def text(self, lang: str = "da") -> str:
        return self.text_en if lang == "en" else self.text_da

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "principle": self.principle,
            "points": round(self.points, 4),
            "text": self.text(lang),
            "excludes": self.excludes,
            "warning": self.warning,
            "key": self.key,
        }


def _part(principle: str, points: float, key: str, **kw: object) -> ScorePart:
    return ScorePart(principle, points, say(key, "da", **kw), say(key, "en", **kw), key=key)


def _excl(principle: str, key: str, **kw: object) -> ScorePart:
    return ScorePart(
        principle, 0.0, say(key, "da", **kw), say(key, "en", **kw), excludes=True, key=key
    )


@attrs.frozen
class CaseFacts:
    """What the principles look at in one case, computed once per case and run.

    ``per_principle`` is aligned with ``Policy.principles``: the needed competences for a
    competence principle, the target teams for a team principle (None when it has no target),
    None otherwise. ``holders`` maps a sibling's child id to the caseworker holding the
    sibling's case; ``previous`` holds the child's earlier caseworkers, ``current`` today's.
    """

    case: Case
    weight: float
    weight_parts: tuple[WeightPart, ...]
    per_principle: tuple[Any, ...]
    holders: Mapping[str, str]
    apart: str | None
    current: str | None
    previous: frozenset[str]
    pin: Pin | None

    @property
    def case_id(self) -> str:
        return self.case.case_id

    @property
    def continuity(self) -> frozenset[str]:
        """The current and earlier caseworkers of the child."""
        return self.previous | ({self.current} if self.current else frozenset())


@attrs.frozen
class Score:
    """A caseworker's points for a case: ``static`` (all but load), ``load`` and the parts."""

    static: float
    load: float
    eligible: bool
    parts: tuple[ScorePart, ...]
    allowed: bool = True
    """The hard principles allow the caseworker (``eligible`` also needs room under the cap)."""

    @property
    def total(self) -> float:
        return self.static + self.load


def _team_targets(rule: TeamRule, case: Case, as_of: date, teams: Sequence[Team]) -> frozenset[str]:
    if rule.by == "case":
        return frozenset({case.team}) if case.team else frozenset()
    if rule.by == "district":
        if case.district is None:
            return frozenset()
        return frozenset(t.id for t in teams if t.district == case.district)
    kinds = {t.kind for t in teams}
    handicap = rule.kinds.get("handicap")
    if case.child.disability and handicap and handicap in kinds:
        kind = handicap
    else:
        phase = case_phase(case, as_of)
        kind = rule.kinds.get(phase, phase)
    return frozenset(t.id for t in teams if t.kind == kind)


class Scorer:
    """Scores caseworkers for cases of one caseload under one policy on one day.

    ``workers`` (default: all of the caseload's caseworkers) are the candidates, sorted by id.
    ``moving``: ids of cases being (re)allocated in the same run; their current caseworker no
    longer counts as a sibling's caseworker. ``placed``: case id → caseworker for cases
    already placed in the run (pins), which do count.
    """

    def __init__(
        self,
        caseload: Caseload,
        policy: Policy,
        as_of: date,
        workers: Iterable[Caseworker] | None = None,
        *,
        moving: Iterable[str] = (),
        placed: Mapping[str, str] | None = None,
    ) -> None:
        self.caseload = caseload
        self.policy = policy
        self.as_of = as_of
        self.workers: tuple[Caseworker, ...] = tuple(
            sorted(caseload.caseworkers if workers is None else workers, key=lambda w: w.id)
        )
        self.index = {w.id: i for i, w in enumerate(self.workers)}
        self.teams = {t.id: t for t in caseload.teams}
        self.capacity = {w.id: policy.capacity.capacity(w) for w in caseload.caseworkers}
        for w in self.workers:
            self.capacity.setdefault(w.id, policy.capacity.capacity(w))
        self.district = {w.id: self._district(w) for w in self.workers}
        self.moving = frozenset(moving)
        self.placed = dict(placed or {})
        self._cases_of_child: dict[str, list[Case]] = {}
        self._siblings_of: dict[str, set[str]] = {}
        for c in caseload.cases:
            self._cases_of_child.setdefault(c.child.id, []).append(c)
            for s in c.child.siblings:
                if s != c.child.id:
                    self._siblings_of.setdefault(c.child.id, set()).add(s)
                    self._siblings_of.setdefault(s, set()).add(c.child.id)

    def _district(self, w: Caseworker) -> str | None:
        if w.district is not None:
            return w.district
        team = self.teams.get(w.team) if w.team else None
        return team.district if team else None

    def team_kind(self, case: Case) -> str | None:
        team = self.teams.get(case.team) if case.team else None
        return team.kind if team else None

    def siblings_of(self, case: Case) -> frozenset[str]:
        """The child ids of the case's siblings (either side may record the relation)."""
        return frozenset(set(case.child.siblings) | self._siblings_of.get(case.child.id, set())) - {
            case.child.id
        }

    def holder(self, case: Case) -> str | None:
        """Who holds ``case`` for the sibling principle: a placement in this run, else today's."""
        if case.case_id in self.placed:
            return self.placed[case.case_id]
        if case.case_id in self.moving or not case.is_open_on(self.as_of):
            return None
        return case.caseworker_on(self.as_of)

    def facts(self, case: Case) -> CaseFacts:
        """The facts of ``case``. Raises a :class:`BoernesagError` if its weight is unreadable."""
        pol, as_of = self.policy, self.as_of
        wparts = pol.weights.parts(case, as_of, self.team_kind(case))
        weight = round(max(sum(p.points for p in wparts), pol.weights.minimum), 4)
        per: list[Any] = []
        for p in pol.principles:
            if p.kind == "competence":
                per.append(required_competences(case, as_of, p.rule))
            elif p.kind == "team":
                per.append(_team_targets(p.rule, case, as_of, self.caseload.teams))
            else:
                per.append(None)
        holders: dict[str, str] = {}
        for child in sorted(self.siblings_of(case)):
            for other in self._cases_of_child.get(child, ()):
                cw = self.holder(other)
                if cw:
                    holders[child] = cw
        assigned = [
            e.caseworker
            for e in case.of_type(EventType.SAGSBEHANDLER_TILDELT)
            if e.caseworker and e.day <= as_of
        ]
        current = case.caseworker_on(as_of) if case.is_open_on(as_of) else None
        return CaseFacts(
            case=case,
            weight=weight,
            weight_parts=wparts,
            per_principle=tuple(per),
            holders=holders,
            apart=pol.siblings_apart.get(case.case_id),
            current=current,
            previous=frozenset(assigned) - ({current} if current else set()),
            pin=pol.pins.get(case.case_id),
        )

    def weight(self, case: Case) -> float:
        """The case's weight; an unreadable recorded weight counts as the model's ``base``."""
        try:
            parts = self.policy.weights.parts(case, self.as_of, self.team_kind(case))
        except BoernesagError:
            return max(self.policy.weights.base, self.policy.weights.minimum)
        return round(max(sum(p.points for p in parts), self.policy.weights.minimum), 4)

    # -------------------------------------------------------------- one caseworker

    def score(
        self,
        facts: CaseFacts,
        worker: Caseworker,
        load: float,
        *,
        factor: float = 1.0,
        weight: float | None = None,
    ) -> Score:
        """Points, eligibility and explained parts of ``worker`` for the case, at ``load``.

        ``weight`` defaults to the case's (a group of siblings placed together passes theirs).
        Pins are not handled here (see :func:`boernesag.allocation.suggest_allocation`).
        """
        w = facts.weight if weight is None else weight
        parts: list[ScorePart] = []
        static = 0.0
        allowed = True
        if not worker.active:
            parts.append(_excl("management", "inactive"))
            allowed = False
        load_pts, load_parts, fits = self._load(worker, load, w, factor)
        placed_load = False
        for p, info in zip(self.policy.principles, facts.per_principle, strict=True):
            if p.kind == "load" and not placed_load:
                parts.extend(load_parts)  # in the policy's order, like every other part
                placed_load = True
                continue
            got = self._principle(p, info, facts, worker)
            if got is None:
                continue
            points, excludes, key, kw = got
            static += points
            if excludes:
                allowed = False
            if key is not None:
                parts.append(
                    ScorePart(
                        p.kind,
                        points,
                        say(key, "da", **kw),
                        say(key, "en", **kw),
                        excludes=excludes,
                        key=key,
                    )
                )
        if not placed_load:
            parts.extend(load_parts)
        return Score(static, load_pts, allowed and fits, tuple(parts), allowed)

    def static(self, facts: CaseFacts, worker: Caseworker) -> tuple[float, bool]:
        """The points of every principle but load, and whether the hard ones allow ``worker``.

        The same sums as :meth:`score`, without building the explanations (for batches).
        """
        static = 0.0
        allowed = worker.active
        for p, info in zip(self.policy.principles, facts.per_principle, strict=True):
            got = self._principle(p, info, facts, worker)
            if got is not None:
                static += got[0]
                allowed = allowed and not got[1]
        return static, allowed

    def exclusions(
        self, facts: CaseFacts, worker: Caseworker
    ) -> list[tuple[str, tuple[tuple[str, object], ...]]]:
        """What rules ``worker`` out for the case, as (label key, label fields), without texts.

        A cheap way to count the reasons over many caseworkers. The capacity cap is left out
        (it depends on the load); a capacity of zero is included.
        """
        out: list[tuple[str, tuple[tuple[str, object], ...]]] = []
        if not worker.active:
            out.append(("inactive", ()))
        for p, info in zip(self.policy.principles, facts.per_principle, strict=True):
            got = self._principle(p, info, facts, worker)
            if got is not None and got[1] and got[2] is not None:
                out.append((got[2], tuple(sorted(got[3].items()))))
        if self.capacity[worker.id] <= 0:
            out.append(("no_capacity", ()))
        return out

    def _principle(
        self, p: Principle, info: Any, facts: CaseFacts, worker: Caseworker
    ) -> tuple[float, bool, str | None, Mapping[str, object]] | None:
        """(points, excludes, label key or None, label fields) of one principle, or None."""
        kind, w = p.kind, float(p.weight)
        case = facts.case
        if kind == "competence":
            needs: frozenset[str] = info
            if not needs:
                return None
            missing = needs - worker.competences
            share = (len(needs) - len(missing)) / len(needs)
            if not missing:
                return w * share, False, "competence_ok", {"needs": ", ".join(sorted(needs))}
            text = {"missing": ", ".join(sorted(missing))}
            if p.hard:
                return 0.0, True, "competence_missing", text
            return w * share, False, "competence_missing", text
        if kind == "team":
            targets: frozenset[str] = info
            if not targets:
                return None
            name = {"team": "/".join(sorted(targets))}
            if worker.team in targets:
                return w, False, "team_ok", name
            return 0.0, p.hard, "team_other", name
        if kind == "district":
            if case.district is None:
                return None
            if self.district.get(worker.id) == case.district:
                return w, False, "district_ok", {}
            return 0.0, p.hard, "district_other", {"district": case.district}
        if kind == "cpr":
            ranges: Mapping[str, tuple[tuple[int, int], ...]] = p.rule
            day = case.child.birth_date.day  # the day of birth only, never the CPR digits
            hit = [r for r in ranges.get(worker.id, ()) if r[0] <= day <= r[1]]
            if hit:
                return w, False, "cpr_ok", {"ranges": ", ".join(f"{a}-{b}" for a, b in hit)}
            if p.hard:
                return 0.0, True, "cpr_other", {}
            return 0.0, False, None, {}
        if kind == "siblings":
            holders = sorted(set(facts.holders.values()))
            if not holders:
                return None
            if worker.id in holders:
                if facts.apart is not None:
                    text = {"cw": worker.id, "reason": facts.apart}
                    if p.hard:
                        return 0.0, True, "siblings_apart", text
                    return -w, False, "siblings_apart", text
                return w, False, "siblings_with", {"cw": worker.id}
            if facts.apart is not None:
                return 0.0, False, None, {}
            excludes = p.hard and any(h in self.index for h in holders)
            return 0.0, excludes, "siblings_elsewhere", {"cw": ", ".join(holders)}
        if kind == "continuity":
            if worker.id == facts.current:
                return w, False, "continuity_current", {}
            if worker.id in facts.previous:
                return w, False, "continuity_previous", {}
            if p.hard and any(c in self.index for c in facts.continuity):
                return 0.0, True, "continuity_other", {}
            return 0.0, False, None, {}
        return None  # management (pins) and load are handled elsewhere

    def _load(
        self, worker: Caseworker, load: float, weight: float, factor: float
    ) -> tuple[float, list[ScorePart], bool]:
        cap = self.capacity[worker.id]
        after = load + weight
        lw = self.policy.load_weight
        if cap <= 0:
            return 0.0, [_excl("load", "no_capacity")], False
        ratio = after / cap
        parts = []
        points = 0.0
        if self.policy.principle("load") is not None:
            points = lw * factor * (1.0 - ratio)
            parts.append(_part("load", points, "load", pct=fmt_percent(ratio)))
        fits = after <= self.policy.max_load * cap + EPS
        if not fits:
            parts.append(_excl("load", "over_cap", pct=fmt_percent(ratio)))
        return points, parts, fits

    def pin_parts(self, facts: CaseFacts, worker: Caseworker, load: float) -> tuple[ScorePart, ...]:
        """The parts of a pinned assignment: the pin, and warnings where it breaks a rule."""
        assert facts.pin is not None
        parts = [_part("management", 0.0, "pinned", reason=facts.pin.reason)]
        if not worker.active:
            parts.append(attrs.evolve(_part("management", 0.0, "pin_inactive"), warning=True))
        for p, info in zip(self.policy.principles, facts.per_principle, strict=True):
            if p.kind == "competence" and p.hard and info:
                missing = info - worker.competences
                if missing:
                    parts.append(
                        attrs.evolve(
                            _part(
                                "competence", 0.0, "pin_missing", missing=", ".join(sorted(missing))
                            ),
                            warning=True,
                        )
                    )
        cap = self.capacity.get(worker.id, 0.0)
        after = load + facts.weight
        if cap <= 0 or after > self.policy.max_load * cap + EPS:
            ratio = after / cap if cap > 0 else float("inf")
            parts.append(
                attrs.evolve(
                    _part("load", 0.0, "pin_over_cap", pct=fmt_percent(ratio)), warning=True
                )
            )
        elif cap > 0:
            parts.append(_part("load", 0.0, "load", pct=fmt_percent(after / cap)))
        return tuple(parts)


class VectorScorer:
    """The static points and hard-constraint mask of every caseworker at once (numpy).

    Gives exactly the sums :meth:`Scorer.score` gives (same principles, same order of
    addition), without the explanations and without load, which the solvers add per slot.
    """

    def __init__(self, scorer: Scorer) -> None:
        import numpy as np

        self.np = np
        self.s = scorer
        workers = scorer.workers
        n = len(workers)
        self.n = n
        self.active = np.array([w.active for w in workers], dtype=bool)
        self.cap = np.array([scorer.capacity[w.id] for w in workers], dtype=float)
        self._team: dict[str | None, list[int]] = {}
        for i, w in enumerate(workers):
            self._team.setdefault(w.team, []).append(i)
        self._district: dict[str | None, list[int]] = {}
        for i, w in enumerate(workers):
            self._district.setdefault(scorer.district[w.id], []).append(i)
        self._skill: dict[str, Any] = {}
        self._cpr: dict[int, Any] = {}
        for k, p in enumerate(scorer.policy.principles):
            if p.kind == "cpr":
                masks = np.zeros((32, n), dtype=bool)
                for cw, ranges in p.rule.items():
                    at = scorer.index.get(cw)
                    if at is None:
                        continue
                    for lo, hi in ranges:
                        masks[lo : hi + 1, at] = True
                self._cpr[k] = masks

    def _mask(self, indices: Iterable[int]) -> Any:
        m = self.np.zeros(self.n, dtype=bool)
        for i in indices:
            m[i] = True
        return m

    def _ids(self, ids: Iterable[str]) -> Any:
        index = self.s.index
        return self._mask(index[c] for c in ids if c in index)

    def skill(self, name: str) -> Any:
        m = self._skill.get(name)
        if m is None:
            m = self.np.array([name in w.competences for w in self.s.workers], dtype=float)
            self._skill[name] = m
        return m

    def static(self, facts: CaseFacts) -> tuple[Any, Any]:
        """(points, eligible) arrays over the workers, load and cap left out."""
        np = self.np
        score = np.zeros(self.n)
        ok = self.active.copy()
        case = facts.case
        for k, (p, info) in enumerate(
            zip(self.s.policy.principles, facts.per_principle, strict=True)
        ):
            kind, w = p.kind, float(p.weight)
            if kind == "competence":
                if not info:
                    continue
                held = np.zeros(self.n)
                for name in sorted(info):
                    held = held + self.skill(name)
                share = held / len(info)
                if p.hard:  # all or nothing: an excluded caseworker gets no points
                    full = share >= 1.0
                    score += w * full
                    ok &= full
                else:
                    score += w * share
            elif kind == "team":
                if not info:
                    continue
                mask = self._mask(i for t in info for i in self._team.get(t, ()))
                score += w * mask
                if p.hard:
                    ok &= mask
            elif kind == "district":
                if case.district is None:
                    continue
                mask = self._mask(self._district.get(case.district, ()))
                score += w * mask
                if p.hard:
                    ok &= mask
            elif kind == "cpr":
                mask = self._cpr[k][case.child.birth_date.day]
                score += w * mask
                if p.hard:
                    ok &= mask
            elif kind == "siblings":
                holders = set(facts.holders.values())
                if not holders:
                    continue
                mask = self._ids(holders)
                if facts.apart is not None:
                    if p.hard:
                        ok &= ~mask
                    else:
                        score -= w * mask
                else:
                    score += w * mask
                    if p.hard and mask.any():
                        ok &= mask
            elif kind == "continuity":
                if not facts.continuity:
                    continue
                mask = self._ids(facts.continuity)
                score += w * mask
                if p.hard and mask.any():
                    ok &= mask
        return score, ok
