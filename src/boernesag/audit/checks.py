"""The audit checks: seed 004's case template and seed 003's legal review, one function each.

Every check gets the case, its deadlines (computed once by the deadline engine) and the
settings, and returns a :class:`CheckResult`: the status seed 004 tabulates (met, partly met,
not met, not relevant) and the findings. Where a deadline exists the check reads it rather
than recomputing the period, so the audit and the deadline list can never disagree.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

import attrs

from boernesag.audit.findings import AuditSettings, CheckStatus, Finding, Severity
from boernesag.deadlines import Deadline, Status
from boernesag.law import RuleSet
from boernesag.model import ACTIVITY_TYPES, Case, Event, EventType
from boernesag.periods import add_months, age_on, birthday

__all__ = ["CHECKS", "CheckContext", "CheckResult"]


@attrs.frozen
class CheckResult:
    """The result of one check on one case."""

    check_id: str
    status: CheckStatus
    findings: tuple[Finding, ...] = ()


@attrs.define
class CheckContext:
    case: Case
    as_of: date
    deadlines: list[Deadline]
    settings: AuditSettings
    rules: RuleSet
    events: list[Event]

    def of(self, *types: EventType) -> list[Event]:
        wanted = set(types)
        return [e for e in self.events if e.type in wanted]

    def deadlines_of(self, *rule_ids: str) -> list[Deadline]:
        wanted = set(rule_ids)
        return [d for d in self.deadlines if d.rule_id in wanted]

    def finding(
        self,
        check_id: str,
        code: str,
        severity: Severity,
        *,
        events: Iterable[str | None] = (),
        citation: str | None = None,
        rule_id: str | None = None,
        day: date | None = None,
        **args: object,
    ) -> Finding:
        return Finding(
            check_id=check_id,
            code=code,
            severity=severity,
            case_id=self.case.case_id,
            events=tuple(e for e in events if e),
            citation=citation,
            rule_id=rule_id,
            day=day,
            caseworker=self.case.caseworker_on(day) if day else self.case.caseworker_on(self.as_of),
            args=tuple(args.items()),
        )

    def citation(self, rule_id: str, day: date) -> str | None:
        try:
            version = self.rules[rule_id].version_on(day)
        except KeyError:
            return None
        return version.citation if version else None


def _status(results: Sequence[bool]) -> CheckStatus:
    """Met when every item is fine, not met when none is, partly in between."""
    if not results:
        return CheckStatus.NOT_RELEVANT
    if all(results):
        return CheckStatus.MET
    if not any(results):
        return CheckStatus.NOT_MET
    return CheckStatus.PARTLY


def _measure_decisions(ctx: CheckContext) -> list[Event]:
    return [
        e
        for e in ctx.of(EventType.AFGOERELSE)
        if e.outcome not in ("afslag", "afvist")
        and e.paragraph is not None
        and (
            e.paragraph.is_placement
            or e.paragraph.is_support
            or (e.paragraph.law, e.paragraph.number) in {("SEL", "52"), ("SEL", "76")}
        )
    ]


def _kind(e: Event) -> str:
    return "anbringelse" if e.paragraph is not None and e.paragraph.is_placement else "støtte"


def check_bfu(ctx: CheckContext) -> CheckResult:
    """BL § 20 stk. 3 / SEL § 50: a BFU before measures, finished in 4 months, not stale."""
    findings: list[Finding] = []
    oks: list[bool] = []
    finished = ctx.of(EventType.BFU_AFSLUTTET)
    decisions = _measure_decisions(ctx)
    for dec in decisions:
        before = [b for b in finished if b.day <= dec.day]
        oks.append(bool(before))
        if not before:
            findings.append(
                ctx.finding(
                    "bfu",
                    "bfu.missing",
                    Severity.HIGH,
                    events=[dec.id],
                    citation=ctx.citation("bfu-afslutning", dec.day),
                    rule_id="bfu-afslutning",
                    day=dec.day,
                    measure=str(dec.paragraph),
                    when=dec.day,
                )
            )
    for d in ctx.deadlines_of("bfu-afslutning"):
        late = d.status in (Status.MET_LATE, Status.OVERDUE)
        oks.append(not late)
        if late:
            interim = any(n.key == "interim.present" for n in d.notes)
            suffix = (
                (" (foreløbig vurdering foreligger)", " (interim assessment present)")
                if interim
                else (" og uden foreløbig vurdering", " and without an interim assessment")
            )
            findings.append(
                ctx.finding(
                    "bfu",
                    "bfu.late",
                    Severity.MEDIUM if interim else Severity.HIGH,
                    events=[d.trigger, d.met_by],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    due=d.due_date,
                    interim=suffix,
                )
            )
    # Staleness (seed 004): only where a measure is still running on as_of.
    running = [
        m
        for m in ctx.case.measures
        if m.start and m.start <= ctx.as_of and (m.end is None or m.end >= ctx.as_of)
    ]
    if finished and running:
        latest = finished[-1]
        s = ctx.settings
        if add_months(latest.day, s.bfu_max_age_months).due < ctx.as_of:
            findings.append(
                ctx.finding(
                    "bfu",
                    "bfu.stale.age",
                    Severity.LOW,
                    events=[latest.id],
                    day=latest.day,
                    when=latest.day,
                    months=s.bfu_max_age_months,
                )
            )
        aged = age_on(ctx.case.child.birth_date, ctx.as_of) - age_on(
            ctx.case.child.birth_date, latest.day
        )
        if aged >= s.bfu_max_aging_years:
            findings.append(
                ctx.finding(
                    "bfu",
                    "bfu.stale.aging",
                    Severity.LOW,
                    events=[latest.id],
                    day=latest.day,
                    when=latest.day,
                    years=aged,
                )
            )
        # The BFU supported the first decision after it; a later decision of another kind
        # (support -> placement) means the investigation no longer covers the measure.
        after = [d for d in decisions if d.day >= latest.day]
        changed = [d for d in after[1:] if _kind(d) != _kind(after[0])] if after else []
        if changed:
            kind = _kind(changed[0])
            findings.append(
                ctx.finding(
                    "bfu",
                    "bfu.stale.type",
                    Severity.MEDIUM,
                    events=[latest.id, changed[0].id],
                    day=changed[0].day,
                    when=latest.day,
                    kind=(kind, "placement" if kind == "anbringelse" else "support"),
                )
            )
    if not oks and not finished:
        return CheckResult("bfu", CheckStatus.NOT_RELEVANT)
    status = _status(oks) if oks else CheckStatus.MET
    if status == CheckStatus.MET and any(f.code.startswith("bfu.stale") for f in findings):
        status = CheckStatus.PARTLY
    return CheckResult("bfu", status, tuple(findings))


def check_plan(ctx: CheckContext) -> CheckResult:
    """BL § 91 / SEL § 140: barnets plan (handleplan) where the law requires it, and current."""
    findings: list[Finding] = []
    oks: list[bool] = []
    for d in ctx.deadlines_of("barnets-plan-stoette", "barnets-plan-anbringelse"):
        if d.status in (Status.NOT_APPLICABLE, Status.OPEN):
            continue
        oks.append(d.status == Status.MET)
        if d.status == Status.OVERDUE:
            findings.append(
                ctx.finding(
                    "barnets-plan",
                    "plan.missing",
                    Severity.HIGH,
                    events=[d.trigger],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    due=d.due_date,
                )
            )
        elif d.status == Status.MET_LATE:
            findings.append(
                ctx.finding(
                    "barnets-plan",
                    "plan.late",
                    Severity.MEDIUM,
                    events=[d.trigger, d.met_by],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    due=d.due_date,
                    when=d.met_on,
                )
            )
    plans = ctx.of(EventType.BARNETS_PLAN)
    running = [
        m
        for m in ctx.case.measures
        if m.start and m.start <= ctx.as_of and (m.end is None or m.end >= ctx.as_of)
    ]
    months = ctx.settings.plan_max_age_months
    if plans and running and add_months(plans[-1].day, months).due < ctx.as_of:
        findings.append(
            ctx.finding(
                "barnets-plan",
                "plan.outdated",
                Severity.LOW,
                events=[plans[-1].id],
                day=plans[-1].day,
                when=plans[-1].day,
                months=months,
            )
        )
        oks.append(False)
    return CheckResult("barnets-plan", _status(oks), tuple(findings))


def check_samtale(ctx: CheckContext) -> CheckResult:
    """BL § 5 stk. 3 / SEL § 48: conversations with the child, before decisions and regularly."""
    findings: list[Finding] = []
    oks: list[bool] = []
    for d in ctx.deadlines_of("boernesamtale-foer-afgoerelse"):
        oks.append(d.status == Status.MET)
        if d.status == Status.OVERDUE:
            findings.append(
                ctx.finding(
                    "boernesamtale",
                    "samtale.before",
                    Severity.HIGH,
                    events=[d.trigger],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    when=d.due_date,
                )
            )
        elif d.status == Status.MET_LATE:
            findings.append(
                ctx.finding(
                    "boernesamtale",
                    "samtale.after",
                    Severity.MEDIUM,
                    events=[d.trigger, d.met_by],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    when=d.due_date,
                )
            )
    s = ctx.settings
    active = ctx.case.is_open_on(ctx.as_of) and any(
        m.start and m.start <= ctx.as_of and (m.end is None or m.end >= ctx.as_of)
        for m in ctx.case.measures
    )
    if active and age_on(ctx.case.child.birth_date, ctx.as_of) >= s.samtale_min_age:
        talks = ctx.of(EventType.BOERNESAMTALE)
        since = add_months(ctx.as_of, -s.samtale_months).due
        recent = [t for t in talks if t.day >= since]
        oks.append(bool(recent))
        if not recent:
            last = talks[-1].day if talks else ("ingen", "none")
            findings.append(
                ctx.finding(
                    "boernesamtale",
                    "samtale.none",
                    Severity.MEDIUM,
                    events=[talks[-1].id] if talks else [],
                    citation=ctx.citation("boernesamtale-foer-afgoerelse", ctx.as_of),
                    day=ctx.as_of,
                    months=s.samtale_months,
                    last=last,
                )
            )
    return CheckResult("boernesamtale", _status(oks), tuple(findings))


def check_followup(ctx: CheckContext) -> CheckResult:
    """BL § 95 / SEL § 70: the first follow-up and every later one on time; each late or missing one counts."""
    findings: list[Finding] = []
    oks: list[bool] = []
    for d in ctx.deadlines_of("opfoelgning-foerste", "opfoelgning-loebende"):
        if d.status in (Status.OPEN, Status.NOT_APPLICABLE):
            continue
        oks.append(d.status == Status.MET)
        code = "followup.first" if d.rule_id == "opfoelgning-foerste" else "followup.later"
        if d.status != Status.MET:
            what = ("for sent", "late") if d.status == Status.MET_LATE else ("mangler", "missing")
            findings.append(
                ctx.finding(
                    "opfoelgning",
                    code,
                    Severity.MEDIUM if d.status == Status.MET_LATE else Severity.HIGH,
                    events=[d.trigger, d.met_by],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    due=d.due_date,
                    what=what,
                )
            )
        if any(n.key == "interval.default" for n in d.notes) and d.trigger:
            ev = ctx.case.get_event(d.trigger)
            if ev is not None and not any(f.code == "followup.interval" for f in findings):
                findings.append(
                    ctx.finding(
                        "opfoelgning",
                        "followup.interval",
                        Severity.LOW,
                        events=[ev.id],
                        citation="BL § 95, stk. 3",
                        day=ev.day,
                        when=ev.day,
                    )
                )
    return CheckResult("opfoelgning", _status(oks), tuple(findings))


_FULL_GRANT = ("bevilget",)


def check_decisions(ctx: CheckContext) -> CheckResult:
    """FVL §§ 19, 22/24, 25 on each decision; the same decision taken twice (seed 004)."""
    findings: list[Finding] = []
    oks: list[bool] = []
    changes = ctx.of(EventType.SAGSBEHANDLER_TILDELT)
    for dec in ctx.of(EventType.AFGOERELSE):
        ok = True
        forced = dec.paragraph is not None and dec.paragraph.is_forced_placement
        for field, rule_id in (
            ("partshoering", "partshoering"),
            ("begrundelse", "begrundelse"),
            ("klagevejledning", "klagevejledning"),
        ):
            # FVL §§ 22 and 25: no reasons or guidance are required when the decision fully
            # grants the request; a placement without consent never does for the parents.
            if field != "partshoering" and dec.outcome in _FULL_GRANT and not forced:
                continue
            value = getattr(dec, field)
            citation = ctx.citation(rule_id, dec.day)
            from boernesag.audit.findings import field_name

            name = (field_name(field, "da"), field_name(field, "en"))
            if value is False:
                ok = False
                findings.append(
                    ctx.finding(
                        "afgoerelser",
                        "decision.field.false",
                        Severity.HIGH,
                        events=[dec.id],
                        citation=citation,
                        rule_id=rule_id,
                        day=dec.day,
                        when=dec.day,
                        what=name,
                    )
                )
            elif value is None:
                ok = False
                findings.append(
                    ctx.finding(
                        "afgoerelser",
                        "decision.field.none",
                        Severity.LOW,
                        events=[dec.id],
                        citation=citation,
                        rule_id=rule_id,
                        day=dec.day,
                        when=dec.day,
                        what=name,
                    )
                )
        oks.append(ok)
    granted = list(_measure_decisions(ctx))
    for i, dec in enumerate(granted):
        for earlier in granted[:i]:
            same = (
                earlier.paragraph == dec.paragraph
                and earlier.measure == dec.measure
                and earlier.measure is not None
            )
            measure = ctx.case.measure(dec.measure) if dec.measure else None
            ended_between = (
                measure is not None
                and measure.end is not None
                and earlier.day <= measure.end < dec.day
            )
            if same and not ended_between:
                change = next((c for c in changes if earlier.day < c.day <= dec.day), None)
                text = ("", "")
                if change is not None:
                    from boernesag.periods import format_date

                    text = (
                        f" efter skift af sagsbehandler {format_date(change.day)}",
                        f" after a change of caseworker {format_date(change.day, 'en')}",
                    )
                findings.append(
                    ctx.finding(
                        "afgoerelser",
                        "decision.repeat",
                        Severity.MEDIUM,
                        events=[earlier.id, dec.id],
                        day=dec.day,
                        paragraph=str(dec.paragraph),
                        when=dec.day,
                        first=earlier.day,
                        change=text,
                    )
                )
                oks.append(False)
                break
    return CheckResult("afgoerelser", _status(oks), tuple(findings))


def check_gaps(ctx: CheckContext) -> CheckResult:
    """ "Huller" (seed 004): periods without activity on an open case, and whether they start at a change."""
    activity = [e for e in ctx.events if e.type in ACTIVITY_TYPES]
    if not activity or not ctx.case.is_open_on(activity[0].day):
        return CheckResult("huller", CheckStatus.NOT_RELEVANT)
    s = ctx.settings
    closed = ctx.case.closed
    end_of_case = closed if closed is not None and closed <= ctx.as_of else ctx.as_of
    days = sorted({e.day for e in activity})
    changes = ctx.of(EventType.SAGSBEHANDLER_TILDELT)
    findings: list[Finding] = []
    spans = [*itertools.pairwise(days), (days[-1], end_of_case)]
    for start, end in spans:
        length = (end - start).days
        if length <= s.gap_days:
            continue
        change = next(
            (c for c in changes if start - timedelta(days=s.gap_at_change_days) <= c.day <= start),
            None,
        )
        text = ("", "")
        if change is not None:
            from boernesag.periods import format_date

            text = (
                f" efter skift af sagsbehandler {format_date(change.day)}",
                f" after a change of caseworker {format_date(change.day, 'en')}",
            )
        findings.append(
            ctx.finding(
                "huller",
                "gap",
                Severity.HIGH if change else Severity.MEDIUM,
                events=[change.id] if change else [],
                day=start,
                days=length,
                start=start,
                end=end,
                change=text,
            )
        )
    return CheckResult(
        "huller", CheckStatus.MET if not findings else CheckStatus.NOT_MET, tuple(findings)
    )


def check_waiting(ctx: CheckContext) -> CheckResult:
    """Waiting time from decision to the measure's start (seed 004)."""
    findings: list[Finding] = []
    oks: list[bool] = []
    limit = ctx.settings.max_wait_days
    for m in ctx.case.measures:
        if m.decided_on is None or m.decided_on > ctx.as_of:
            continue
        if m.start is not None and m.start <= ctx.as_of:
            wait = (m.start - m.decided_on).days
            oks.append(wait <= limit)
            if wait > limit:
                findings.append(
                    ctx.finding(
                        "ventetid",
                        "wait",
                        Severity.MEDIUM,
                        events=[m.decided_by, m.start_event],
                        day=m.start,
                        days=wait,
                        decided=m.decided_on,
                        started=m.start,
                    )
                )
        else:
            wait = (ctx.as_of - m.decided_on).days
            if wait > limit:
                oks.append(False)
                findings.append(
                    ctx.finding(
                        "ventetid",
                        "wait.open",
                        Severity.HIGH,
                        events=[m.decided_by],
                        day=m.decided_on,
                        days=wait,
                        decided=m.decided_on,
                    )
                )
    return CheckResult("ventetid", _status(oks), tuple(findings))


def check_transition(ctx: CheckContext) -> CheckResult:
    """Transition to adulthood (seed 003): KUM after 16, ungestøtte by 17½, handover to the adult area by 18."""
    findings: list[Finding] = []
    oks: list[bool] = []
    child = ctx.case.child
    for d in ctx.deadlines_of("ungestoette-afgoerelse"):
        if d.status == Status.OPEN:
            continue
        oks.append(d.status == Status.MET)
        if d.status != Status.MET:
            what = ("for sent", "late") if d.status == Status.MET_LATE else ("mangler", "missing")
            findings.append(
                ctx.finding(
                    "overgang",
                    "transition.eftervaern",
                    Severity.HIGH,
                    events=[d.trigger, d.met_by],
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    due=d.due_date,
                    what=what,
                )
            )
    for d in ctx.deadlines_of("overgang-voksen"):
        sixteen = birthday(child.birth_date, 16)
        grace = add_months(sixteen, ctx.settings.kum_grace_months).due
        if grace < ctx.as_of:
            has_kum = bool(ctx.of(EventType.KOORDINERENDE_UNGEMOEDE))
            oks.append(has_kum)
            if not has_kum:
                findings.append(
                    ctx.finding(
                        "overgang",
                        "transition.kum",
                        Severity.MEDIUM,
                        citation=d.citation,
                        rule_id=d.rule_id,
                        day=grace,
                        months=ctx.settings.kum_grace_months,
                        when=sixteen,
                    )
                )
        if d.status == Status.OVERDUE:
            oks.append(False)
            findings.append(
                ctx.finding(
                    "overgang",
                    "transition.handover",
                    Severity.HIGH,
                    citation=d.citation,
                    rule_id=d.rule_id,
                    day=d.due_date,
                    due=d.due_date,
                )
            )
        elif d.status in (Status.MET, Status.MET_LATE):
            oks.append(d.status == Status.MET)
    return CheckResult("overgang", _status(oks), tuple(findings))


def _deadline_check(
    check_id: str, rule_ids: tuple[str, ...]
) -> Callable[[CheckContext], CheckResult]:
    def check(ctx: CheckContext) -> CheckResult:
        findings: list[Finding] = []
        oks: list[bool] = []
        for d in ctx.deadlines_of(*rule_ids):
            if d.status in (Status.OPEN, Status.NOT_APPLICABLE):
                continue
            oks.append(d.status == Status.MET)
            if d.status != Status.MET:
                what = (
                    ("for sent", "late")
                    if d.status == Status.MET_LATE
                    else ("ikke sket", "not done")
                )
                findings.append(
                    ctx.finding(
                        check_id,
                        "deadline",
                        Severity.MEDIUM if d.status == Status.MET_LATE else Severity.HIGH,
                        events=[d.trigger, d.met_by],
                        citation=d.citation,
                        rule_id=d.rule_id,
                        day=d.due_date,
                        title=(d.title("da"), d.title("en")),
                        what=what,
                        due=d.due_date,
                    )
                )
        return CheckResult(check_id, _status(oks), tuple(findings))

    check.__doc__ = f"Deadlines {', '.join(rule_ids)} met on time."
    return check


def check_closing(ctx: CheckContext) -> CheckResult:
    """Cases closed with no recorded decision or reason."""
    closes = ctx.of(EventType.SAG_LUKKET)
    if not closes:
        return CheckResult("lukning", CheckStatus.NOT_RELEVANT)
    findings = []
    decisions = ctx.of(EventType.AFGOERELSE)
    for c in closes:
        if not c.reason and not any(d.day <= c.day for d in decisions):
            findings.append(
                ctx.finding(
                    "lukning", "closed", Severity.MEDIUM, events=[c.id], day=c.day, when=c.day
                )
            )
    return CheckResult(
        "lukning", CheckStatus.NOT_MET if findings else CheckStatus.MET, tuple(findings)
    )


#: The checks in report order: (check id, Danish label, English label, function).
CHECKS: tuple[tuple[str, str, str, Callable[[CheckContext], CheckResult]], ...] = (
    (
        "underretninger",
        "Underretninger (24 timer, kvittering)",
        "Underretninger (24 hours, acknowledgement)",
        _deadline_check("underretninger", ("underretning-vurdering", "underretning-kvittering")),
    ),
    ("bfu", "Børnefaglig undersøgelse", "Child protection investigation", check_bfu),
    ("barnets-plan", "Barnets plan / handleplan", "Child's plan", check_plan),
    ("boernesamtale", "Børnesamtale", "Conversation with the child", check_samtale),
    (
        "afgoerelser",
        "Afgørelser (FVL §§ 19, 22, 24, 25)",
        "Decisions (FVL §§ 19, 22, 24, 25)",
        check_decisions,
    ),
    ("ventetid", "Ventetid på indsats", "Waiting for the measure", check_waiting),
    ("opfoelgning", "Opfølgning", "Follow-up", check_followup),
    ("tilsyn", "Tilsynsbesøg", "Supervision visits", _deadline_check("tilsyn", ("tilsynsbesoeg",))),
    ("huller", "Huller (inaktivitet)", "Gaps (inactivity)", check_gaps),
    ("overgang", "Overgang til voksenlivet", "Transition to adulthood", check_transition),
    (
        "klager",
        "Klager og aktindsigt",
        "Complaints and access requests",
        _deadline_check("klager", ("klage-genvurdering", "aktindsigt-svar")),
    ),
    ("lukning", "Lukning af sager", "Closing cases", check_closing),
)
