"""The transition to adulthood: each young person's steps and dates, and who turns 16, 17½
and 18 soon.

Steps and their basis:

``kum``
    The case on the koordinerende ungemøde before 16: a municipal target, not law (Task forcen, Jammerbugt 2017;
    rule ``kum-16`` in the municipal rule data, whose ``disability_only`` parameter decides
    who it applies to). The law starts the preparation when the young person turns 16 (BL § 122, stk. 1).
``eftervaern-vurdering``
    Assess whether the young person's measures qualify for ungestøtte (efterværn), at the
    latest at 17½, and revise the plan with the young person before the decision (the Task force's (Jammerbugt 2017)
    KUM guidance; BL § 111 stk. 2). Met by the KUM (whose referral form records the
    assessment) or by the decision itself. For every young person with an active measure.
``ungestoette-afgoerelse``
    The decision on ungestøtte at the latest 6 months before a placement ends at 18
    (BL § 111 stk. 1; SEL § 68 stk. 11): taken from the deadline engine.
``overgang-voksen``
    For young people with a significant, lasting disability: preparation from 16, finished
    so that support can start right after 18 (BL §§ 122-123; SEL § 19 a), ending in the
    handover meeting with the adult area (``overleveringsmoede``).
``vaergemaal``
    Consider guardianship and tell the young person and the parents about its rules, in time
    for the 18th birthday. Guidance, not a Barnets Lov deadline: its basis is
    værgemålsloven, which the law digest does not cover (confidence ``unconfirmed``); Task forcen, Jammerbugt 2017
    found that no one was responsible for it. Not tracked by an event: ``status`` is ``None``.

Citations, titles and periods come from the rule data wherever a rule exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import attrs

from boernesag.calendar import Calendar
from boernesag.deadlines import Deadline, Status, deadlines
from boernesag.handover.situation import HandoverSettings
from boernesag.law import Rule, RuleSet, default_rules
from boernesag.law.vocabulary import vocabulary as legal_vocabulary
from boernesag.model import Case, EventType
from boernesag.periods import (
    LeapDayRule,
    PeriodEnd,
    add_months,
    age_on,
    as_of_day,
    birthday,
    date_of_age,
)
from boernesag.text import check_lang

__all__ = [
    "AgeMilestone",
    "TransitionPlan",
    "TransitionStep",
    "age_overview",
    "transition_plan",
    "transition_plans",
]

_TEXT: dict[str, tuple[str, str]] = {
    "kum.title": (
        "Sagen på koordinerende ungemøde (KUM)",
        "The case on the coordinating youth meeting (KUM)",
    ),
    "kum.note": (
        "kommunens egen praksis (Task forcen, Jammerbugt 2017), ikke lov: senest inden 16 år; loven "
        "(BL § 122, stk. 1) kræver forberedelsen påbegyndt, når den unge fylder 16 år",
        "the municipality's own practice (Task forcen, Jammerbugt 2017), not law: before age 16; the law "
        "(BL § 122(1)) requires the preparation to start when the young person turns 16",
    ),
    "vurdering.title": (
        "Vurdering af ret til ungestøtte (efterværn) og revision af planen med den unge",
        "Assessment of the right to support after 18 and revision of the plan with the "
        "young person",
    ),
    "vurdering.note": (
        "Task forcen, Jammerbugt 2017 (vejledning til KUM): vurderingen skal foreligge senest ved 17½ år; "
        "planen revideres med den unge før afgørelsen (BL § 111, stk. 2)",
        "Task forcen, Jammerbugt 2017 (KUM guidance): the assessment is due by age 17½; the plan is revised with "
        "the young person before the decision (BL § 111(2))",
    ),
    "overgang.note": (
        "afsluttes med overleveringsmøde med voksenområdet, så støtten kan begynde ved 18 år",
        "finished with the handover meeting with the adult area, so support can start at 18",
    ),
    "vaergemaal.title": (
        "Overvej værgemål og orientér den unge og forældrene om reglerne",
        "Consider guardianship and tell the young person and the parents about its rules",
    ),
    "vaergemaal.note": (
        "vejledende, ikke en frist i Barnets Lov: værgemål efter værgemålsloven (ikke dækket "
        "af lovsammendraget, ubekræftet); Task forcen, Jammerbugt 2017: henvisningen til KUM spørger, om der "
        "påtænkes værgemål; overvej det i god tid før 18 år",
        "guidance, not a Barnets Lov deadline: guardianship under værgemålsloven (not covered "
        "by the law digest, unconfirmed); Task forcen, Jammerbugt 2017: the KUM referral asks whether guardianship "
        "is contemplated; consider it well before 18",
    ),
    "age.16": (
        "fylder 16 år: forberedelsen af overgangen begynder (BL §§ 122-123)",
        "turns 16: preparation of the transition starts (BL §§ 122-123)",
    ),
    "age.17.5": (
        "17½ år: afgørelse om ungestøtte senest nu, hvis anbragt (BL § 111, stk. 1)",
        "17½: decision on support after 18 due if placed (BL § 111(1))",
    ),
    "age.18": ("fylder 18 år: overgang til voksenområdet", "turns 18: moves to the adult area"),
}


def _t(key: str, lang: str) -> str:
    da, en = _TEXT[key]
    return en if check_lang(lang) == "en" else da


@attrs.frozen
class TransitionStep:
    """One step of a young person's transition to adulthood.

    ``basis``: ``"lov"`` (a statutory duty), ``"kommune"`` (a municipal target) or
    ``"vejledning"`` (guidance). ``window_start``: the first day the step makes sense;
    ``due``: the day it must be done by (``alternative_due`` where the day is ambiguous).
    ``status`` as for deadlines, ``None`` for guidance that no event records.
    """

    id: str
    title_da: str
    title_en: str
    basis: str
    citation: str
    confidence: str
    window_start: date | None
    due: date | None
    status: Status | None
    alternative_due: date | None = None
    done_by: str | None = None
    done_on: date | None = None
    note_da: str = ""
    note_en: str = ""
    source_url: str | None = None

    def title(self, lang: str = "da") -> str:
        return self.title_en if check_lang(lang) == "en" else self.title_da

    def note(self, lang: str = "da") -> str:
        return self.note_en if check_lang(lang) == "en" else self.note_da

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title(lang),
            "basis": self.basis,
            "citation": self.citation,
            "confidence": self.confidence,
            "window_start": _iso(self.window_start),
            "due": _iso(self.due),
            "alternative_due": _iso(self.alternative_due),
            "status": self.status.value if self.status is not None else None,
            "done_by": self.done_by,
            "done_on": _iso(self.done_on),
            "note": self.note(lang),
            "source_url": self.source_url,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


@attrs.frozen
class TransitionPlan:
    """A young person's transition steps, in the order they are due. No CPR: the child id
    and birth date identify the young person."""

    case_id: str
    child_id: str
    birth_date: date
    disability: bool
    placed: bool
    caseworker: str | None
    turns_16: date
    turns_17_6: PeriodEnd
    turns_18: date
    steps: tuple[TransitionStep, ...]

    def step(self, step_id: str) -> TransitionStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "child_id": self.child_id,
            "birth_date": self.birth_date.isoformat(),
            "disability": self.disability,
            "placed": self.placed,
            "caseworker": self.caseworker,
            "turns_16": self.turns_16.isoformat(),
            "turns_17_6": self.turns_17_6.due.isoformat(),
            "turns_18": self.turns_18.isoformat(),
            "steps": [s.to_dict(lang) for s in self.steps],
        }


def _status(due: date, done_on: date | None, as_of: date) -> Status:
    if done_on is not None:
        return Status.MET if done_on <= due else Status.MET_LATE
    return Status.OPEN if as_of <= due else Status.OVERDUE


def _first(
    case: Case, types: Sequence[str], as_of: date, since: date | None = None
) -> tuple[str, date] | None:
    """The first event of ``types`` up to ``as_of`` (and on or after ``since``, if given)."""
    for e in case.of_type(*(EventType(t) for t in types)):
        if since is not None and e.day < since:
            continue
        if e.day <= as_of:
            return e.id, e.day
    return None


def _rule(rules: RuleSet, rule_id: str) -> Rule | None:
    try:
        return rules[rule_id]
    except KeyError:
        return None


def _kum_step(case: Case, as_of: date, rules: RuleSet, leap: LeapDayRule) -> TransitionStep | None:
    rule = _rule(rules, "kum-16")
    if rule is None:
        return None
    if rule.param("disability_only", False) and not case.child.disability:
        return None
    age = int(rule.param("age_years", 16))
    due = birthday(case.child.birth_date, age, leap) - timedelta(days=1)
    version = rule.version_on(due)
    if version is None:
        return None
    done = _first(case, rule.met_by, as_of)
    return TransitionStep(
        id="kum",
        title_da=_TEXT["kum.title"][0],
        title_en=_TEXT["kum.title"][1],
        basis=rule.source,
        citation=version.citation,
        confidence=version.confidence,
        window_start=None,
        due=due,
        status=_status(due, done[1] if done else None, as_of),
        done_by=done[0] if done else None,
        done_on=done[1] if done else None,
        note_da=_t("kum.note", "da"),
        note_en=_t("kum.note", "en"),
        source_url=version.source_url,
    )


def _assessment_step(
    case: Case, as_of: date, turns_16: date, at_17_6: PeriodEnd
) -> TransitionStep | None:
    if not any(m.active_on(as_of) for m in case.measures):
        return None
    done = _first(case, ("koordinerende_ungemoede", "eftervaern_afgoerelse"), as_of)
    return TransitionStep(
        id="eftervaern-vurdering",
        title_da=_TEXT["vurdering.title"][0],
        title_en=_TEXT["vurdering.title"][1],
        basis="vejledning",
        citation="BL § 111, stk. 2; Task forcen, Jammerbugt 2017",
        confidence="municipal",
        window_start=turns_16,
        due=at_17_6.due,
        alternative_due=at_17_6.alternative,
        status=_status(at_17_6.due, done[1] if done else None, as_of),
        done_by=done[0] if done else None,
        done_on=done[1] if done else None,
        note_da=_t("vurdering.note", "da"),
        note_en=_t("vurdering.note", "en"),
    )


def _decision_step(items: Iterable[Deadline], turns_16: date) -> TransitionStep | None:
    d = next((x for x in items if x.rule_id == "ungestoette-afgoerelse"), None)
    if d is None or d.due_date is None:
        return None
    alt = d.alternative_due
    return TransitionStep(
        id="ungestoette-afgoerelse",
        title_da=d.title("da"),
        title_en=d.title("en"),
        basis=d.source,
        citation=d.citation,
        confidence=d.confidence,
        window_start=turns_16,
        due=d.due_date,
        alternative_due=alt if isinstance(alt, date) else None,
        status=d.status,
        done_by=d.met_by,
        done_on=d.met_on if isinstance(d.met_on, date) else None,
        note_da=d.explain("da"),
        note_en=d.explain("en"),
        source_url=d.version.source_url if d.version is not None else None,
    )


def _adult_area_step(
    case: Case, as_of: date, rules: RuleSet, leap: LeapDayRule
) -> TransitionStep | None:
    rule = _rule(rules, "overgang-voksen")
    if rule is None or not rule.enabled or not case.child.disability:
        return None
    start = birthday(case.child.birth_date, int(rule.param("start_age", 16)), leap)
    end = date_of_age(case.child.birth_date, int(rule.param("end_age", 18)), 0, leap)
    version = rule.version_on(start)
    if version is None:
        return None
    # The preparation starts at 16 (BL § 122): a meeting before then does not finish it.
    done = _first(case, rule.met_by, as_of, since=start)
    return TransitionStep(
        id="overgang-voksen",
        title_da=rule.title("da"),
        title_en=rule.title("en"),
        basis=rule.source,
        citation=version.citation,
        confidence=version.confidence,
        window_start=start,
        due=end.due,
        alternative_due=end.alternative,
        status=_status(end.due, done[1] if done else None, as_of),
        done_by=done[0] if done else None,
        done_on=done[1] if done else None,
        note_da=_t("overgang.note", "da"),
        note_en=_t("overgang.note", "en"),
        source_url=version.source_url,
    )


def _guardianship_step(case: Case, turns_16: date, turns_18: date) -> TransitionStep | None:
    if not case.child.disability:
        return None
    return TransitionStep(
        id="vaergemaal",
        title_da=_TEXT["vaergemaal.title"][0],
        title_en=_TEXT["vaergemaal.title"][1],
        basis="vejledning",
        citation="værgemålsloven",
        confidence="unconfirmed",
        window_start=turns_16,
        due=turns_18 - timedelta(days=1),
        status=None,
        note_da=_t("vaergemaal.note", "da"),
        note_en=_t("vaergemaal.note", "en"),
    )


def transition_plan(
    case: Case,
    as_of: date,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    items: Sequence[Deadline] | None = None,
) -> TransitionPlan:
    """The transition steps of ``case``'s young person as the case stood on ``as_of``.

    ``items``: the case's deadlines on ``as_of`` if already computed (else computed here).
    Steps that do not apply (no disability, not placed, no active measure) are left out.
    """
    as_of = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    rs = rules if rules is not None else default_rules()
    birth = case.child.birth_date
    legal = legal_vocabulary()  # the ages in force on as_of (BL §§ 111, 122; SEL §§ 19 a, 68)
    turns_16 = legal.age("transition", as_of).on(birth, leap_day_rule).due
    at_17_6 = legal.age("ungestoette_decision", as_of).on(birth, leap_day_rule)
    turns_18 = legal.age("adult", as_of).on(birth, leap_day_rule).due
    if items is None:
        items = deadlines(case, as_of, rules=rs, calendar=calendar, leap_day_rule=leap_day_rule)
    steps = [
        _kum_step(case, as_of, rs, leap_day_rule),
        _assessment_step(case, as_of, turns_16, at_17_6),
        _decision_step(items, turns_16),
        _adult_area_step(case, as_of, rs, leap_day_rule),
        _guardianship_step(case, turns_16, turns_18),
    ]
    kept = [s for s in steps if s is not None]
    kept.sort(key=lambda s: (s.due or date.max, s.id))
    return TransitionPlan(
        case_id=case.case_id,
        child_id=case.child.id,
        birth_date=birth,
        disability=case.child.disability,
        placed=any(m.is_placement and m.active_on(as_of) for m in case.measures),
        caseworker=case.caseworker_on(as_of),
        turns_16=turns_16,
        turns_17_6=at_17_6,
        turns_18=turns_18,
        steps=tuple(kept),
    )


def in_transition_window(
    case: Case,
    as_of: date,
    settings: HandoverSettings | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> bool:
    """Whether ``case``'s young person is under 18 on ``as_of`` and within
    ``settings.transition_lead_months`` of the 16th birthday or past it."""
    as_of = as_of_day(as_of)
    s = settings or HandoverSettings()
    birth = case.child.birth_date
    legal = legal_vocabulary()
    if as_of < birth or age_on(birth, as_of, leap_day_rule) >= legal.age("adult", as_of).years:
        return False
    sixteen = legal.age("transition", as_of).on(birth, leap_day_rule).due
    start = add_months(sixteen, -s.transition_lead_months).due
    return as_of >= start


def transition_plans(
    cases: Iterable[Case],
    as_of: date,
    settings: HandoverSettings | None = None,
    *,
    rules: RuleSet | None = None,
    calendar: Calendar | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> list[TransitionPlan]:
    """Transition plans for every young person approaching 18 in open cases.

    A case is included when it is open on ``as_of``, the young person is under 18 and within
    ``settings.transition_lead_months`` before the 16th birthday (or past it), and at least
    one step applies. Sorted by the 18th birthday.
    """
    as_of = as_of_day(as_of)
    out = []
    for case in cases:
        if not case.is_open_on(as_of) or not in_transition_window(
            case, as_of, settings, leap_day_rule
        ):
            continue
        plan = transition_plan(
            case, as_of, rules=rules, calendar=calendar, leap_day_rule=leap_day_rule
        )
        if plan.steps:
            out.append(plan)
    out.sort(key=lambda p: (p.turns_18, p.case_id))
    return out


@attrs.frozen
class AgeMilestone:
    """A young person who reaches 16, 17½ or 18 in the overview's period (Task forcen, Jammerbugt 2017)."""

    case_id: str
    child_id: str
    birth_date: date
    milestone: str
    """``"16"``, ``"17.5"`` or ``"18"``."""
    day: date
    alternative: date | None
    disability: bool
    placed: bool
    caseworker: str | None

    def label(self, lang: str = "da") -> str:
        return _t(f"age.{self.milestone}", lang)

    def to_dict(self, lang: str = "da") -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "child_id": self.child_id,
            "birth_date": self.birth_date.isoformat(),
            "milestone": self.milestone,
            "label": self.label(lang),
            "day": self.day.isoformat(),
            "alternative": _iso(self.alternative),
            "disability": self.disability,
            "placed": self.placed,
            "caseworker": self.caseworker,
        }


def age_overview(
    cases: Iterable[Case],
    as_of: date,
    settings: HandoverSettings | None = None,
    *,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
) -> list[AgeMilestone]:
    """Who turns 16, 17½ and 18 from ``as_of`` to ``settings.overview_months`` months later
    (both days included), in open cases; sorted by day, then case id.

    Task forcen, Jammerbugt 2017 asks for "et systematisk overblik over de børn og unge, der forventes at overgå
    til voksenhandicapområdet inden for en årrække".
    """
    as_of = as_of_day(as_of)  # in the plausible window (boernesag.bounds), else CalendarRangeError
    s = settings or HandoverSettings()
    end = add_months(as_of, s.overview_months).due
    legal = legal_vocabulary()
    out: list[AgeMilestone] = []
    for case in cases:
        if not case.is_open_on(as_of):
            continue
        birth = case.child.birth_date
        marks = (
            ("16", legal.age("transition", as_of).on(birth, leap_day_rule)),
            ("17.5", legal.age("ungestoette_decision", as_of).on(birth, leap_day_rule)),
            ("18", legal.age("adult", as_of).on(birth, leap_day_rule)),
        )
        placed = any(m.is_placement and m.active_on(as_of) for m in case.measures)
        for code, when in marks:
            if as_of <= when.due <= end:
                out.append(
                    AgeMilestone(
                        case_id=case.case_id,
                        child_id=case.child.id,
                        birth_date=birth,
                        milestone=code,
                        day=when.due,
                        alternative=when.alternative,
                        disability=case.child.disability,
                        placed=placed,
                        caseworker=case.caseworker_on(as_of),
                    )
                )
    out.sort(key=lambda m: (m.day, m.case_id, m.milestone))
    return out
