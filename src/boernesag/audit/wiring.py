"""Which rule feeds which audit check, with code and severity: data, read once.

``law/data/audit.toml`` says, for the checks that judge deadlines, which rules' deadlines they
judge and what a missed or late one is called and how serious it is (:class:`Judge`), and which
recurring rules form a family (an old miss is history once the duty was done again). For the
checks without a deadline it is the check's definition (``[[blocks]]``): which generic block
runs, on which event types, with which settings as thresholds and which codes and severities
(:class:`Requirements`, :class:`Repeated`, :class:`WithoutDecision`, :class:`Gaps`,
:class:`Waits`, :class:`EventNeeds`, :class:`ExpectedByAge`, :class:`DecisionBasis`,
:class:`RecentEvent`, :class:`IntervalSet`). Both audit engines read this one definition: the scalar
audit (:class:`boernesag.audit.checks.WiredCheck`) and the columnar one implement each block
once. The file is checked strictly at first use (unknown keys, unknown rule ids, check ids,
finding codes, severities, settings, event types, event fields and vocabulary classes are a
:class:`~boernesag.errors.RuleError` naming the key).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import attrs

from boernesag.audit.findings import TEXTS, Severity
from boernesag.audit.settings import AuditSettings
from boernesag.blocks.result import Fact, Status
from boernesag.errors import RuleError
from boernesag.law import Rule, RuleSet, default_rules
from boernesag.law.vocabulary import AGES, CLASSES
from boernesag.model import Event, EventType
from boernesag.paragraphs import Paragraph
from boernesag.tomlcheck import (
    Place,
    Table,
    ValueProblem,
    check_bool,
    check_number,
    check_text,
    check_texts,
)

__all__ = [
    "ARG_SOURCES",
    "AUDIT_SCHEMA",
    "BLOCKS",
    "CHECK_IDS",
    "JUDGED",
    "MEASURE_FILTERS",
    "Arg",
    "AuditWiring",
    "Block",
    "CurrentBasis",
    "DecisionBasis",
    "EventNeeds",
    "ExpectedByAge",
    "Gaps",
    "IntervalSet",
    "Judge",
    "RecentEvent",
    "Repeated",
    "Requirements",
    "Undecided",
    "Verdict",
    "Waits",
    "WithoutDecision",
    "audit_wiring",
    "load_wiring",
]

AUDIT_SCHEMA = "boernesag.audit/1"

#: The audit's checks, in report order (:data:`boernesag.audit.checks.CHECKS` has these ids).
CHECK_IDS: tuple[str, ...] = (
    "bfu",
    "bfu-rettidig",
    "boernesamtale",
    "barnets-plan",
    "plan-rettidig",
    "opfoelgning",
    "underretninger",
    "afgoerelser",
    "ventetid",
    "huller",
    "tilsyn",
    "overgang",
    "klager",
    "lukning",
    "kommunale-maal",
)

#: The integer settings a block may name as a threshold (:class:`AuditSettings`).
_INT_SETTINGS: frozenset[str] = frozenset(
    f.name for f in attrs.fields(AuditSettings) if str(f.type) in ("int", "<class 'int'>")
)
#: The settings that are an integer or ``None`` (a threshold that can be turned off).
_OPT_INT_SETTINGS: frozenset[str] = frozenset(
    f.name for f in attrs.fields(AuditSettings) if str(f.type) == "int | None"
)
#: The text fields of an event (a recorded reason).
_TEXT_FIELDS: frozenset[str] = frozenset(
    f.name for f in attrs.fields(Event) if str(f.type) == "str | None"
)


@attrs.frozen
class Verdict:
    """A finding's code (its explanation template) and severity."""

    code: str
    severity: Severity


#: The deadline statuses a judge may judge (``open`` and ``not_applicable`` never are).
JUDGED: tuple[Status, ...] = (Status.MET, Status.MET_LATE, Status.OVERDUE)


@attrs.frozen
class Arg:
    """Where an extra argument of a finding's explanation comes from (judge key ``args``):
    ``due`` the deadline's due date; ``text`` a fixed audit text; ``quote`` the audit text of
    that key with the arguments of the deadline's explanation note of the same key;
    ``birthday`` the child's birthday at that vocabulary age (in force on the audit day)."""

    source: str
    value: str = ""


#: The values of a judge's ``measure`` key (:attr:`Judge.measure`).
MEASURE_FILTERS: tuple[str, ...] = ("current", "ended")


#: The sources of an :class:`Arg` (a bare string names ``due``; a table one of the others).
ARG_SOURCES: tuple[str, ...] = ("text", "quote", "birthday")


@attrs.frozen
class Judge:
    """The deadlines one check judges, and what a miss or a late one is (see the data file).

    ``status``: the statuses this judge judges (default all of :data:`JUDGED`); ``if_fact`` /
    ``unless_fact``: only deadlines with / without that fact (:class:`Fact`): one rule's
    deadlines can have several judges, each deadline judged by those whose conditions it
    meets. ``missed`` / ``late`` are needed only when their status is judged.
    ``late_is_met``: a deadline met late is met here, with no finding (a presence row, BDO,
    Randers 2016: a BFU finished late is present; its lateness is another check's judge).
    ``measure``: ``"current"`` only deadlines whose measure has not ended before the audit day
    (or that name none), ``"ended"`` only those whose measure has (BDO, Randers 2016 judges
    the plan of the current measure; a duty missed for an ended one stays a finding)."""

    check: str
    missed: Verdict | None
    late: Verdict | None
    rules: tuple[str, ...] = ()
    source: str | None = None
    except_rules: tuple[str, ...] = ()
    late_score: float = 0.0
    while_running: bool = False
    handled_by_activity: bool = False
    late_is_met: bool = False
    measure: str | None = None
    status: tuple[Status, ...] = JUDGED
    if_fact: Fact | None = None
    unless_fact: Fact | None = None
    args: tuple[tuple[str, Arg], ...] = ()

    def judges(self, status: Status, facts: frozenset[Fact]) -> bool:
        """Whether a deadline of one of the judge's rules with ``status`` and ``facts`` is
        this judge's."""
        return (
            status in self.status
            and (self.if_fact is None or self.if_fact in facts)
            and (self.unless_fact is None or self.unless_fact not in facts)
        )

    def rule_ids(self, rules: RuleSet) -> tuple[str, ...]:
        """The ids of the rules judged: those named, or those of ``rules`` with the source."""
        if self.source is None:
            return self.rules
        return tuple(
            r.id for r in rules if r.source == self.source and r.id not in self.except_rules
        )


@attrs.frozen
class Requirements:
    """Block ``requirements``: each active rule of kind ``requirement`` (FVL §§ 19, 22, 24,
    25) asks every event of its ``trigger`` types for the yes/no field ``params.field``.

    ``False`` is the ``missing`` finding (score 0), no value the ``undocumented`` one (score
    0.5): the case file is silent. A rule with ``params.exempt_when_granted`` does not apply
    to a decision whose outcome fully grants what was asked (setting ``full_grant_outcomes``)
    unless its paragraph is in one of the vocabulary classes ``never_granted`` (a placement
    without consent never fully grants). The citation is the rule's version in force on the
    event's day; on a day no version is in force the rule does not apply. One item per event
    some active requirement triggers on, with the lowest score of its requirements.
    """

    check: str
    missing: Verdict
    undocumented: Verdict
    never_granted: tuple[str, ...] = ()
    _memo: dict[int, tuple[RuleSet, tuple[Rule, ...], tuple[EventType, ...]]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    _asks: dict[int, tuple[RuleSet, tuple[tuple[Rule, frozenset[str], str, bool], ...]]] = (
        attrs.field(factory=dict, init=False, repr=False, eq=False)
    )

    def rules(self, rules: RuleSet) -> tuple[tuple[Rule, ...], tuple[EventType, ...]]:
        """The active requirement rules of ``rules`` in the rule set's order, and the event
        types they trigger on (remembered per rule set: every case asks)."""
        found = self._memo.get(id(rules))
        if found is None or found[0] is not rules:
            active = tuple(r for r in rules.active if r.kind == "requirement")
            types = tuple(dict.fromkeys(EventType(t) for r in active for t in r.trigger))
            if len(self._memo) > 16:
                self._memo.clear()
            found = self._memo[id(rules)] = (rules, active, types)
        return found[1], found[2]

    def asks(self, rules: RuleSet) -> tuple[tuple[Rule, frozenset[str], str, bool], ...]:
        """Per active requirement rule: the rule, its trigger types, the field it asks for
        and whether it is exempt for a fully granting decision (remembered per rule set)."""
        found = self._asks.get(id(rules))
        if found is None or found[0] is not rules:
            asks = tuple(
                (
                    r,
                    frozenset(r.trigger),
                    str(r.param("field")),
                    bool(r.param("exempt_when_granted", False)),
                )
                for r in self.rules(rules)[0]
            )
            if len(self._asks) > 16:
                self._asks.clear()
            found = self._asks[id(rules)] = (rules, asks)
        return found[1]


@attrs.frozen
class Repeated:
    """Block ``repeated``: the same granting event of type ``event`` taken again while the
    first still stood (same paragraph with stk. and nr., same outcome, compatible measure),
    unless the matter was closed in between: an event of type ``closed_by``, the end of the
    measure, or for a decision of an ``investigation`` paragraph an ``investigation_closed_by``
    event. Refused outcomes (the vocabulary's ``refused``) are no grant."""

    check: str
    event: EventType
    closed_by: EventType
    investigation: tuple[Paragraph, ...]
    investigation_closed_by: EventType
    finding: Verdict

    def is_investigation(self, p: Paragraph | None) -> bool:
        """Whether ``p`` is one of the ``investigation`` paragraphs (an entry without stk.
        or nr. covers them all)."""
        return p is not None and any(
            e.law == p.law
            and e.number == p.number
            and (e.stk is None or e.stk == p.stk)
            and (e.nr is None or e.nr == p.nr)
            for e in self.investigation
        )


@attrs.frozen
class WithoutDecision:
    """Block ``without_decision``: a measure started with no granting ``decision`` event
    naming it, nor one naming no measure with its paragraph on or before its start.
    ``running``: only measures still running on the audit day (BDO, Randers 2016 judges the
    current measure: with no decision at all, its BFU and plan are relevant and missing)."""

    check: str
    decision: EventType
    finding: Verdict
    running: bool = False


@attrs.frozen
class Gaps:
    """Block ``gaps``: in each period the case was open (from its first event, or the first
    after a ``closed_by`` event, to the next ``closed_by`` event or the audit day), spans
    longer than the setting ``longer_than`` between days of activity by the municipality
    (not the setting ``inactive_types``); each is the ``gap`` finding, the one running on the
    audit day the ``ongoing`` one. A change of caseworker or team inside the gap or at most the
    setting ``change_within`` days before it is named."""

    check: str
    closed_by: EventType
    longer_than: str
    change_within: str
    gap: Verdict
    ongoing: Verdict


@attrs.frozen
class Waits:
    """Block ``waits``: days from the decision on a measure to its start. Over the setting
    ``longer_than`` is the ``long`` finding, with severity ``serious`` when over the setting
    ``serious_longer_than`` or the child was younger than the setting ``serious_younger_than``
    at the decision; a measure not started (nor ended) by the audit day after more than
    ``longer_than`` days is ``not_started``. A measure whose granting decision has a paragraph
    in one of the vocabulary classes ``not_for`` is not waited on (a cash benefit is paid,
    not started: BL §§ 86-87, SEL §§ 41-42); it has no item and no finding."""

    check: str
    longer_than: str
    serious_longer_than: str
    serious_younger_than: str
    long: Verdict
    serious: Severity
    not_started: Verdict
    not_for: tuple[str, ...] = ()


@attrs.frozen
class EventNeeds:
    """Block ``event_needs``: each event of type ``event`` needs one of the text ``fields``
    recorded, or an event of a type in ``or_preceded_by`` at most the setting ``within`` days
    before it (``missing``); with ``running_measure`` no measure may run on its day (one
    finding per running measure). One item per event."""

    check: str
    event: EventType
    fields: tuple[str, ...]
    or_preceded_by: tuple[EventType, ...]
    within: str
    missing: Verdict
    running_measure: Verdict | None = None


@attrs.frozen
class ExpectedByAge:
    """Block ``expected_by_age``: on a case with a deadline of ``with_rule`` and none of
    ``unless_rule``, an event of type ``event`` is expected by the child's birthday at the
    vocabulary age ``age`` (in force on the audit day), or the case's first event when that
    is later, plus the setting ``grace`` months (``after_opening``: the setting of months
    counted instead from a case's first event when that is after the birthday). Judged once that day has passed: the first
    such event by then is met, a later one ``late`` (score ``late_score``), none ``missing``
    (score 0, ongoing). The findings cite the first ``with_rule`` deadline; the birthday is
    the ``missing`` explanation's argument ``birthday_as``."""

    check: str
    with_rule: str
    unless_rule: str
    event: EventType
    age: str
    grace: str
    late: Verdict
    missing: Verdict
    after_opening: str | None = None
    late_score: float = 0.0
    birthday_as: str = "birthday"


@attrs.frozen
class DecisionBasis:
    """Block ``decision_basis``: each granting ``event`` (not a refused outcome) whose
    paragraph has a decision kind and is in the vocabulary class ``basis_class`` rests on an
    event of type ``done`` on or before its day (met). With an event of type ``started`` on or
    before it but none ``done`` it is ``unfinished`` (score 0.5), with neither ``missing``
    (score 0; ongoing while none is ``done`` and its measure runs). The findings name
    ``rule`` and cite its paragraph (without stk.) in force on the decision's day."""

    check: str
    event: EventType
    basis_class: str
    done: EventType
    started: EventType
    rule: str
    missing: Verdict
    unfinished: Verdict


@attrs.frozen
class CurrentBasis:
    """Block ``current_basis``: while a measure runs, the latest ``event`` (a BFU, a plan) is
    still current (BDO, Randers 2016: "uaktuel" when the child's situation changed). It is
    not when it is older on the audit day than the setting ``older_than`` months (``old``;
    off when that setting is ``None``), or when a later granting ``decision`` in the
    vocabulary class ``basis_class`` has another decision kind than the first one on or
    after it and its measure runs or it names none (``changed``: support -> placement).
    A child's birthday alone never makes it stale. One item per case on the audit day,
    ongoing: ``stale_score`` when stale, else 1."""

    check: str
    event: EventType
    decision: EventType
    basis_class: str
    older_than: str
    old: Verdict
    changed: Verdict
    stale_score: float = 0.0


@attrs.frozen
class Undecided:
    """Block ``undecided``: a deadline of the check's judged rules that does not apply
    because a recorded decision was needed and is missing (the deadline's fact ``fact``,
    e.g. BL § 32: a plan only where the municipality decided one is needed) is an item with
    ``score`` on its trigger's day and the ``finding`` (ongoing while its measure runs)."""

    check: str
    fact: Fact
    score: float
    finding: Verdict


@attrs.frozen
class RecentEvent:
    """Block ``recent_event``: while the case is open (no ``closed_by`` event after its last
    opening) and the child is at least the setting ``min_age`` years old, an event of type
    ``event`` is expected within the last setting ``within`` months before the audit day
    (BDO, Randers 2016: "børnesamtale inden for det sidste ½ år"). One in that half year is met
    (score 1, ongoing); none is ``missing`` (score 0, ongoing), citing ``rule`` in force on
    the audit day. Not relevant (no item) when the case opened less than ``within`` months ago,
    or when an event of a type in ``excused_on`` in that period records the text field
    ``excuse_field`` (a reason for not hearing the child, BL § 5 stk. 4)."""

    check: str
    event: EventType
    closed_by: EventType
    within: str
    min_age: str
    excused_on: tuple[EventType, ...]
    excuse_field: str
    rule: str
    missing: Verdict


@attrs.frozen
class IntervalSet:
    """Block ``interval_set``: a measure with a deadline of ``rule`` that has the fact
    ``fact`` (the interval was not recorded, so the engine counted its default) is the
    ``finding`` once per measure, on its first event of type ``event`` (one naming the
    measure, or naming none while it ran), when the version of ``rule`` in force that day has
    the option ``option`` (the municipality sets the interval then: BL § 95 stk. 3). A measure
    whose first such event came under a version without the option had nothing to set."""

    check: str
    rule: str
    event: EventType
    option: str
    fact: Fact
    finding: Verdict


Block = (
    Requirements
    | Repeated
    | WithoutDecision
    | Gaps
    | Waits
    | EventNeeds
    | ExpectedByAge
    | DecisionBasis
    | CurrentBasis
    | Undecided
    | RecentEvent
    | IntervalSet
)


@attrs.frozen
class AuditWiring:
    """The judges of every check, the blocks that define the checks without a deadline, and
    the families of recurring rules."""

    judges: tuple[Judge, ...]
    families: Mapping[str, frozenset[str]]
    blocks: tuple[Block, ...] = ()
    _of: dict[tuple[str, str], tuple[Any, ...]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    def judges_of(self, check_id: str) -> tuple[Judge, ...]:
        found = self._of.get(("judges", check_id))
        if found is None:
            found = self._of[("judges", check_id)] = tuple(
                j for j in self.judges if j.check == check_id
            )
        return found

    def blocks_of(self, check_id: str) -> tuple[Block, ...]:
        """The blocks of ``check_id``, in file order (the order their findings come in)."""
        found = self._of.get(("blocks", check_id))
        if found is None:
            found = self._of[("blocks", check_id)] = tuple(
                b for b in self.blocks if b.check == check_id
            )
        return found

    def rules_judged(self, check_id: str, rules: RuleSet) -> tuple[str, ...]:
        """The ids of the rules the judges of ``check_id`` judge, each once, in file order."""
        return tuple(dict.fromkeys(r for j in self.judges_of(check_id) for r in j.rule_ids(rules)))

    def family(self, rule_id: str) -> frozenset[str] | None:
        """The rules whose met deadlines resolve an old miss of ``rule_id`` (None: not recurring)."""
        return self.families.get(rule_id)

    @property
    def checks(self) -> frozenset[str]:
        """The checks that have judges."""
        return frozenset(j.check for j in self.judges)

    @property
    def block_checks(self) -> frozenset[str]:
        """The checks defined by blocks."""
        return frozenset(b.check for b in self.blocks)


def _verdict(value: Any) -> Verdict:
    if not isinstance(value, Mapping) or set(value) != {"code", "severity"}:
        raise ValueProblem('skal være { code = "...", severity = "..." }')
    code, severity = value["code"], value["severity"]
    if not isinstance(code, str) or code not in TEXTS:
        raise ValueProblem(f"code {code!r} er ikke en kendt fundtekst (audit/findings.py)")
    try:
        return Verdict(code, Severity(severity))
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise ValueProblem(f"severity {severity!r}: brug en af {allowed}") from None


def load_wiring(data: Mapping[str, Any], origin: str, known_rules: frozenset[str]) -> AuditWiring:
    """The wiring in ``data`` (a parsed audit file named ``origin``); rule ids must be known."""
    top = Table(data, Place(f"sagsgennemgangsfil {origin}"), RuleError)
    top.get("schema", lambda v: check_text(v, choices=(AUDIT_SCHEMA,)), AUDIT_SCHEMA)

    def rule_ids(value: Any) -> tuple[str, ...]:
        ids = tuple(check_texts(value))
        unknown = [r for r in ids if r not in known_rules]
        if unknown:
            raise ValueProblem(f"ukendt regel {unknown[0]!r}")
        return ids

    families: dict[str, frozenset[str]] = {}
    fam = top.sub("families")
    if fam is not None:
        for name in sorted(fam.data):
            members = frozenset(fam.need(str(name), rule_ids))
            for r in members:
                if r in families:
                    fam.fail(str(name), f"reglen {r!r} står i to familier")
                families[r] = members
        fam.done()
    judges: list[Judge] = []
    none: tuple[str, ...] = ()
    for i, raw in enumerate(top.rows("judges")):
        t = Table(raw, top.place.at(f"judge nr. {i + 1}"), RuleError, what="en tabel ([[judges]])")
        check = t.need("check", _check_id)
        rules = t.get("rules", rule_ids, none)
        source = t.opt("source", lambda v: check_text(v, choices=("lov", "kommune")))
        if (source is None) == (not rules):
            t.fail("rules", "skriv enten rules = [...] eller source = ...")
        status = t.get("status", _statuses, JUDGED)
        late_is_met = t.get("late_is_met", check_bool, False)
        judges.append(
            Judge(
                check=check,
                rules=rules,
                source=source,
                except_rules=t.get("except", rule_ids, none),
                missed=t.need("missed", _verdict) if Status.OVERDUE in status else None,
                late=(
                    t.need("late", _verdict)
                    if Status.MET_LATE in status and not late_is_met
                    else None
                ),
                late_score=t.get("late_score", lambda v: check_number(v, 0.0, 1.0), 0.0),
                while_running=t.get("while_running", check_bool, False),
                handled_by_activity=t.get("handled_by_activity", check_bool, False),
                late_is_met=late_is_met,
                measure=t.opt("measure", lambda v: check_text(v, choices=MEASURE_FILTERS)),
                status=status,
                if_fact=t.opt("if_fact", _fact),
                unless_fact=t.opt("unless_fact", _fact),
                args=t.get("args", _args, ()),
            )
        )
        t.done()
    blocks = tuple(
        _block(raw, top.place.at(f"block nr. {i + 1}"), known_rules)
        for i, raw in enumerate(top.rows("blocks"))
    )
    top.done()
    return AuditWiring(tuple(judges), families, blocks)


def _statuses(value: Any) -> tuple[Status, ...]:
    allowed = [s.value for s in JUDGED]
    chosen = check_texts(value)
    wrong = [c for c in chosen if c not in allowed]
    if wrong:
        raise ValueProblem(f"status {wrong[0]!r}: brug nogle af {', '.join(allowed)}")
    if not chosen:
        raise ValueProblem("skal nævne mindst én status")
    return tuple(s for s in JUDGED if s.value in chosen)


def _fact(value: Any) -> Fact:
    return Fact(check_text(value, choices=tuple(f.value for f in Fact)))


def _args(value: Any) -> tuple[tuple[str, Arg], ...]:
    """``{ name = "due" }`` or ``{ name = { text | quote | birthday = "..." } }``."""
    if not isinstance(value, Mapping):
        raise ValueProblem('skal være en tabel { navn = "due" | { text = "..." } ... }')
    out = []
    for name, spec in value.items():
        if spec == "due":
            out.append((str(name), Arg("due")))
            continue
        if not isinstance(spec, Mapping) or len(spec) != 1 or next(iter(spec)) not in ARG_SOURCES:
            choices = ", ".join(ARG_SOURCES)
            raise ValueProblem(f'{name}: skriv "due" eller {{ <kilde> = "..." }} med kilde {choices}')
        source, arg = next(iter(spec.items()))
        if source in ("text", "quote") and (not isinstance(arg, str) or arg not in TEXTS):
            raise ValueProblem(f"{name}: {arg!r} er ikke en kendt fundtekst (audit/findings.py)")
        if source == "birthday" and arg not in AGES:
            raise ValueProblem(f"{name}: {arg!r} er ikke en alder i ordforrådet ({', '.join(AGES)})")
        out.append((str(name), Arg(source, str(arg))))
    return tuple(out)


def _check_id(value: Any) -> str:
    return check_text(value, choices=CHECK_IDS)


def _event_type(value: Any) -> EventType:
    return EventType(check_text(value, choices=tuple(t.value for t in EventType)))


def _event_types(value: Any) -> tuple[EventType, ...]:
    return tuple(EventType(v) for v in check_texts(value, choices=[t.value for t in EventType]))


def _setting(value: Any) -> str:
    return check_text(value, choices=sorted(_INT_SETTINGS))


def _opt_setting(value: Any) -> str:
    """A setting that is a number of months or ``None`` (off)."""
    return check_text(value, choices=sorted(_OPT_INT_SETTINGS))


def _severity(value: Any) -> Severity:
    return Severity(check_text(value, choices=tuple(s.value for s in Severity)))


def _paragraphs(value: Any) -> tuple[Paragraph, ...]:
    out = []
    for text in check_texts(value, what="paragrafhenvisninger"):
        try:
            out.append(Paragraph.parse(text))
        except ValueError as exc:
            raise ValueProblem(str(exc)) from None
    return tuple(out)


#: The block kinds of ``[[blocks]]`` (key ``block``).
BLOCKS: tuple[str, ...] = (
    "requirements",
    "repeated",
    "without_decision",
    "gaps",
    "waits",
    "event_needs",
    "expected_by_age",
    "decision_basis",
    "current_basis",
    "undecided",
    "recent_event",
    "interval_set",
)


def _block(raw: Any, place: Place, known_rules: frozenset[str]) -> Block:
    """One ``[[blocks]]`` table: its ``block`` kind decides the keys it may have."""
    t = Table(raw, place, RuleError, what="en tabel ([[blocks]])")
    kind = t.need("block", lambda v: check_text(v, choices=BLOCKS))
    check = t.need("check", _check_id)
    out: Block
    if kind == "requirements":
        out = Requirements(
            check=check,
            missing=t.need("missing", _verdict),
            undocumented=t.need("undocumented", _verdict),
            never_granted=t.get(
                "never_granted", lambda v: check_texts(v, choices=CLASSES), ()
            ),
        )
    elif kind == "repeated":
        out = Repeated(
            check=check,
            event=t.need("event", _event_type),
            closed_by=t.need("closed_by", _event_type),
            investigation=t.get("investigation", _paragraphs, ()),
            investigation_closed_by=t.need("investigation_closed_by", _event_type),
            finding=t.need("finding", _verdict),
        )
    elif kind == "without_decision":
        out = WithoutDecision(
            check=check,
            decision=t.need("decision", _event_type),
            finding=t.need("finding", _verdict),
            running=t.get("running", check_bool, False),
        )
    elif kind == "gaps":
        out = Gaps(
            check=check,
            closed_by=t.need("closed_by", _event_type),
            longer_than=t.need("longer_than", _setting),
            change_within=t.need("change_within", _setting),
            gap=t.need("gap", _verdict),
            ongoing=t.need("ongoing", _verdict),
        )
    elif kind == "waits":
        out = Waits(
            check=check,
            longer_than=t.need("longer_than", _setting),
            serious_longer_than=t.need("serious_longer_than", _setting),
            serious_younger_than=t.need("serious_younger_than", _setting),
            long=t.need("long", _verdict),
            serious=t.need("serious", _severity),
            not_started=t.need("not_started", _verdict),
            not_for=t.get("not_for", lambda v: check_texts(v, choices=CLASSES), ()),
        )
    elif kind == "decision_basis":
        out = DecisionBasis(
            check=check,
            event=t.need("event", _event_type),
            basis_class=t.need("basis_class", lambda v: check_text(v, choices=CLASSES)),
            done=t.need("done", _event_type),
            started=t.need("started", _event_type),
            rule=t.need("rule", lambda v: check_text(v, choices=sorted(known_rules))),
            missing=t.need("missing", _verdict),
            unfinished=t.need("unfinished", _verdict),
        )
    elif kind == "current_basis":
        out = CurrentBasis(
            check=check,
            event=t.need("event", _event_type),
            decision=t.need("decision", _event_type),
            basis_class=t.need("basis_class", lambda v: check_text(v, choices=CLASSES)),
            older_than=t.need("older_than", _opt_setting),
            old=t.need("old", _verdict),
            changed=t.need("changed", _verdict),
            stale_score=t.get("stale_score", lambda v: check_number(v, 0.0, 1.0), 0.0),
        )
    elif kind == "undecided":
        out = Undecided(
            check=check,
            fact=t.need("fact", _fact),
            score=t.need("score", lambda v: check_number(v, 0.0, 1.0)),
            finding=t.need("finding", _verdict),
        )
    elif kind == "recent_event":
        out = RecentEvent(
            check=check,
            event=t.need("event", _event_type),
            closed_by=t.need("closed_by", _event_type),
            within=t.need("within", _setting),
            min_age=t.need("min_age", _setting),
            excused_on=t.get("excused_on", _event_types, ()),
            excuse_field=t.get(
                "excuse_field", lambda v: check_text(v, choices=sorted(_TEXT_FIELDS)), "reason"
            ),
            rule=t.need("rule", lambda v: check_text(v, choices=sorted(known_rules))),
            missing=t.need("missing", _verdict),
        )
    elif kind == "interval_set":
        out = IntervalSet(
            check=check,
            rule=t.need("rule", lambda v: check_text(v, choices=sorted(known_rules))),
            event=t.need("event", _event_type),
            option=t.need("option", check_text),
            fact=t.need("fact", _fact),
            finding=t.need("finding", _verdict),
        )
    elif kind == "expected_by_age":

        def rule_id(value: Any) -> str:
            return check_text(value, choices=sorted(known_rules))

        out = ExpectedByAge(
            check=check,
            with_rule=t.need("with_rule", rule_id),
            unless_rule=t.need("unless_rule", rule_id),
            event=t.need("event", _event_type),
            age=t.need("age", lambda v: check_text(v, choices=AGES)),
            grace=t.need("grace", _setting),
            late=t.need("late", _verdict),
            missing=t.need("missing", _verdict),
            after_opening=t.get("after_opening", _setting, None),
            late_score=t.get("late_score", lambda v: check_number(v, 0.0, 1.0), 0.0),
            birthday_as=t.get("birthday_as", check_text, "birthday"),
        )
    else:
        out = EventNeeds(
            check=check,
            event=t.need("event", _event_type),
            fields=t.get(
                "fields", lambda v: check_texts(v, choices=sorted(_TEXT_FIELDS)), ()
            ),
            or_preceded_by=t.get("or_preceded_by", _event_types, ()),
            within=t.need("within", _setting),
            missing=t.need("missing", _verdict),
            running_measure=t.opt("running_measure", _verdict),
        )
    t.done()
    return out


@cache
def audit_wiring() -> AuditWiring:
    """The packaged wiring (``law/data/audit.toml``), read and checked once."""
    text = (resources.files("boernesag.law") / "data" / "audit.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return load_wiring(
        data, "boernesag/law/data/audit.toml", frozenset(r.id for r in default_rules())
    )
