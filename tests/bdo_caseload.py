"""A synthetic caseload of 100 cases whose true counts are BDO's table (Randers 2016).

BDO, gennemgang af 100 komplekse sager på det specialiserede børne- og ungeområde i Randers
Kommune, 2016, counts per theme the cases where the element is relevant, present, missing:

==========================================  ========  =======  =======
theme                                       relevant  present  missing
==========================================  ========  =======  =======
§ 50 undersøgelse (BFU)                     75        35       40
børnesamtale inden for det sidste ½ år      77        47       30
handleplan (barnets plan)                   70        46       24
opfølgning (rettidig / manglende)           72        50       22
==========================================  ========  =======  =======

Every case below is designed from the law and BDO's definitions, not from the library's demo
or from what the library computes: each case carries its truth per theme (:data:`TRUTH`) and
the truths add up to BDO's table. The audit day is :data:`AUDIT_DAY` (30 June 2025). Decisions
before 2024-01-01 are Serviceloven (SEL § 52 stk. 3, § 50, § 140, § 70), later ones Barnets Lov
(BL § 32, § 46, § 20, § 91, § 95); SEL decisions, plans and investigations stay valid after
the change (LOV 721/2023 § 213 stk. 2-3). No CPR numbers: children have an id and a birth date.

The readings chosen where BDO is vague (each a reviewer can check on the case):

- **BFU relevant** ("I 75 af sagerne er det vurderet relevant, at der er en § 50
  undersøgelse"): a measure runs on the audit day, or ran in the review period (the "afsluttet"
  kind below), or the municipality started an investigation (BL § 20 / SEL § 50). Not
  relevant: an underretning assessed as showing no need for særlig støtte (the assessment is
  recorded on ``underretning_vurderet`` as ``reason``; the case format has no
  ``ingen_undersoegelse`` event yet, issue 12 item 1), no measure.
- **BFU present**: a finished BFU that is *aktuel* for the measure running today. A BFU
  finished late (over the 4 months of BL § 20 stk. 3 / SEL § 50 stk. 7), with or without a
  foreløbig vurdering, is present: lateness is another finding (issue 12). *Uaktuel* (so
  missing), as BDO writes: the BFU "peger på støtte i hjemmet, men der efter nogle år er sket
  en anbringelse" (kind ``bfu-stale-type``), or it was made "da barnet var et år gammel og
  barnet nu er 5. klasses skolebarn" (kind ``bfu-stale-age``: made at 1 or 4, now 10 or 14).
  Not uaktuel: a BFU eight months old that the child's 13th birthday separates from today
  (kind ``bfu-stage-birthday``): nothing changed but a birthday. Missing also: a measure
  decided without a BFU, a BFU started and never finished, and a measure running with no
  decision at all (BDO's own example: "visiteret til et konkret døgntilbud ... der er ingen
  § 50 undersøgelse, handleplan eller opfølgning i sagen").
- **Samtale within the last ½ year**: relevant on a case open the whole half year before the
  audit day; present when a conversation with the child (``boernesamtale``, which includes
  BDO's "observation af det lille barns samspil") is recorded in that half year; not relevant
  when a decision in that half year records why the child was not heard (BL § 5 stk. 4:
  ``boernesamtale_undtagelse``; BDO: "uaktuelt med børnesamtale"), when the case was opened
  less than ½ year ago, or when it is closed. The conversation before each decision (BL § 5
  stk. 3) is held before every decision (or the reason not to is recorded on it), so it does
  not colour this theme.
- **Plan relevant**: only a measure running today ("Sager, hvor der ikke er en aktuel
  foranstaltning, er ... opført som uaktuelt"), so not for a measure that ended in the period.
  Present: a plan for the current measure (a plan made late is present), or an old plan the
  journal shows revised. Missing: no plan; a plan made for earlier home support when the child
  is now placed (BL § 91 stk. 2: the placement needs its own plan); a plan from the child's
  toddler years for a placed teenager ("omhandler småbørnstemaer, når det drejer sig om en
  anbragt teenager"). Every BL § 32 decision records that a plan is needed (BL § 91 stk. 1).
- **Follow-up relevant**: a measure that ran while a follow-up fell due (3 months after its
  start, then every 6 months: BL § 95 stk. 2-3, SEL § 70; under BL the interval, 6 months, is
  set at the first follow-up). On time: every follow-up due by the audit day was held by its
  due day. Missing: a follow-up due and not held (BDO has no third row, so "manglende" is
  every case without "rettidig opfølgning"; in this caseload every missing one is still
  overdue on the audit day).

Run ``python tests/bdo_caseload.py > bdo.json`` to write the caseload, then
``python -m boernesag audit bdo.json --as-of 2025-06-30``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

AUDIT_DAY = date(2025, 6, 30)
HALF_YEAR_FROM = date(2024, 12, 30)
"""The first day of the half year before the audit day (6 months back)."""
BL_FROM = date(2024, 1, 1)

#: BDO's counts: theme -> (relevant, present/on time, missing).
BDO_TABLE: dict[str, tuple[int, int, int]] = {
    "bfu": (75, 35, 40),
    "boernesamtale": (77, 47, 30),
    "barnets-plan": (70, 46, 24),
    "opfoelgning": (72, 50, 22),
}

PRESENT, MISSING, NOT_RELEVANT = "present", "missing", "not_relevant"

TEAMS = ("T-nord", "T-syd", "T-unge")
CASEWORKERS = tuple(f"CW-{i:02d}" for i in range(1, 10))

# Kinds of case with a measure running on the audit day (70): (bfu, plan, followup, samtale)
# kind names and how many cases of each. bfu: ontime, late-interim, late, stage-birthday,
# placement-updated (present); none, unfinished, stale-type, stale-age, no-decision (missing).
# plan: ontime, late (present); none, support-only, toddler, no-decision (missing); followup:
# ok / miss; samtale: P (present), M (missing), X (reasoned exception: not relevant).
RUNNING: tuple[tuple[str, str, str, str, int], ...] = (
    ("ontime", "ontime", "ok", "P", 6),
    ("ontime", "ontime", "ok", "M", 1),
    ("ontime", "ontime", "ok", "X", 3),
    ("ontime", "none", "ok", "P", 2),
    ("ontime", "none", "miss", "M", 1),
    ("ontime", "late", "ok", "P", 2),
    ("ontime", "late", "miss", "P", 1),
    ("ontime", "ontime", "miss", "M", 2),
    ("late-interim", "ontime", "ok", "P", 3),
    ("late-interim", "late", "ok", "M", 1),
    ("late-interim", "ontime", "miss", "P", 1),
    ("late", "ontime", "ok", "P", 2),
    ("late", "none", "miss", "M", 1),
    ("stage-birthday", "ontime", "ok", "P", 1),
    ("stage-birthday", "ontime", "ok", "X", 1),
    ("stage-birthday", "ontime", "miss", "M", 1),
    ("placement-updated", "ontime", "ok", "P", 3),
    ("placement-updated", "ontime", "miss", "M", 1),
    ("none", "ontime", "ok", "P", 4),
    ("none", "none", "ok", "M", 2),
    ("none", "none", "miss", "M", 2),
    ("none", "late", "ok", "P", 2),
    ("none", "ontime", "miss", "P", 1),
    ("none", "ontime", "ok", "X", 1),
    ("unfinished", "ontime", "ok", "P", 2),
    ("unfinished", "none", "miss", "M", 2),
    ("unfinished", "ontime", "ok", "M", 1),
    ("unfinished", "ontime", "miss", "P", 1),
    ("stale-type", "support-only", "ok", "P", 3),
    ("stale-type", "support-only", "miss", "M", 2),
    ("stale-type", "ontime", "ok", "P", 3),
    ("stale-age", "toddler", "ok", "P", 2),
    ("stale-age", "toddler", "miss", "M", 1),
    ("stale-age", "toddler", "ok", "M", 1),
    ("stale-age", "ontime", "ok", "P", 2),
    ("no-decision", "no-decision", "miss", "M", 5),
)
BFU_PRESENT = frozenset({"ontime", "late-interim", "late", "stage-birthday", "placement-updated"})
PLAN_PRESENT = frozenset({"ontime", "late"})

#: Every case's truth: case id -> theme -> present / missing / not_relevant, and its kind.
TRUTH: dict[str, dict[str, str]] = {}
KIND: dict[str, str] = {}


def _d(s: str) -> date:
    return date.fromisoformat(s)


class _Case:
    """One case's events, numbered E1, E2, ... in the order they are added."""

    def __init__(self, case_id: str, birth: date, team: str, caseworker: str) -> None:
        self.case_id, self.birth, self.team = case_id, birth, team
        self.events: list[dict[str, Any]] = []
        self.caseworker = caseworker

    def ev(self, type_: str, day: date, **fields: Any) -> str:
        eid = f"E{len(self.events) + 1}"
        self.events.append({"id": eid, "type": type_, "date": day.isoformat(), **fields})
        return eid

    def underretning(self, day: date, reason: str | None = None) -> str:
        eid = f"E{len(self.events) + 1}"
        self.events.append(
            {"id": eid, "type": "underretning", "at": f"{day.isoformat()}T09:00:00+01:00",
             "professional": True}
        )  # fmt: skip
        extra = {"reason": reason} if reason else {}
        self.events.append(
            {"id": f"E{len(self.events) + 1}", "type": "underretning_vurderet",
             "at": f"{day.isoformat()}T14:00:00+01:00", "ref": eid, **extra}
        )  # fmt: skip
        self.ev("kvittering_sendt", day + timedelta(days=2), ref=eid)
        if reason:  # the recorded assessment that no investigation is needed (BL § 20 stk. 1)
            self.ev("ingen_undersoegelse", day + timedelta(days=1), reason=reason)
        return eid

    def assign(self, day: date, caseworker: str) -> None:
        self.caseworker = caseworker
        self.ev("sagsbehandler_tildelt", day, caseworker=caseworker, team=self.team)

    def decide(self, day: date, paragraph: str, measure: str | None, outcome: str = "bevilget",
               **extra: Any) -> str:  # fmt: skip
        fields: dict[str, Any] = {
            "paragraph": paragraph, "outcome": outcome,
            "partshoering": True, "begrundelse": True, "klagevejledning": True, **extra,
        }  # fmt: skip
        if measure is not None:
            fields["measure"] = measure
        if paragraph == "BL 32" and outcome == "bevilget":
            fields["barnets_plan"] = True  # BL § 91 stk. 1: a plan is needed
        return self.ev("afgoerelse", day, **fields)

    def followups(self, measure: str, start: date, until: date, *, on_time: bool) -> None:
        """Follow-ups 75 days after the start, then every 150 days, up to ``until``; when not
        ``on_time`` none after 15 Nov 2024, so one is overdue on the audit day."""
        stop = until if on_time else min(until, date(2024, 11, 15))
        day, first = start + timedelta(days=75), True
        while day <= stop:
            extra = {"interval_months": 6} if first and day >= BL_FROM else {}
            self.ev("opfoelgning", day, measure=measure, **extra)
            day, first = day + timedelta(days=150), False

    def to_json(self, child_no: int) -> dict[str, Any]:
        # In time order, numbered again in that order (a ``ref`` follows its event).
        events = sorted(self.events, key=lambda e: e.get("date") or e["at"][:10])
        ids = {e["id"]: f"E{i}" for i, e in enumerate(events, 1)}
        events = [
            {**e, "id": ids[e["id"]], **({"ref": ids[e["ref"]]} if "ref" in e else {})}
            for e in events
        ]
        return {
            "format": "boernesag.case/1",
            "case_id": self.case_id,
            "child": {"id": f"B-{child_no:04d}", "birth_date": self.birth.isoformat()},
            "team": self.team,
            "events": events,
        }


def _paragraphs(day: date, placement: bool) -> str:
    if day < BL_FROM:
        return "SEL 52 stk. 3 nr. 7" if placement else "SEL 52 stk. 3 nr. 3"
    return "BL 46" if placement else "BL 32"


def _plan(c: _Case, decision: date, kind: str) -> None:
    """The plan for a decision: before it under SEL § 140 stk. 1, within 3 months under BL
    § 91 (ontime); 5 months after (late); none."""
    if kind == "ontime":
        before = decision < BL_FROM  # SEL § 140: before the decision; BL § 91: within 3 months
        day = decision - timedelta(days=3) if before else decision + timedelta(days=30)
        c.ev("barnets_plan", day, measure="M1")
    elif kind == "late":
        c.ev("barnets_plan", decision + timedelta(days=150), measure="M1")


def _samtale(c: _Case, kind: str, decision_paragraph: str) -> None:
    if kind == "P":
        c.ev("boernesamtale", date(2025, 4, 10))
    elif kind == "X":
        c.decide(
            date(2025, 3, 3), decision_paragraph, None, outcome="afslag",
            boernesamtale_undtagelse=(
                "Barnet er indlagt på børne- og ungdomspsykiatrisk afdeling; behandler fraråder "
                "samtale nu (BL § 5, stk. 4)"
            ),
        )  # fmt: skip


def _running(n: int, bfu: str, plan: str, fu: str, talk: str) -> _Case:
    """A case with a measure running on the audit day (see the module docstring)."""
    team, cw = TEAMS[n % 3], CASEWORKERS[n % 9]
    # Decisions from Aug 2023 to Dec 2024, so SEL and BL cases alternate in time.
    decision = date(2023, 8, 1) + timedelta(days=(n * 37) % 480)
    if date(2023, 12, 15) <= decision < BL_FROM:  # the measure starts under the same law
        decision = date(2023, 12, 1)
    age = (4, 9, 10, 11, 16, 12)[n % 6]
    birth = date(AUDIT_DAY.year - age, 1 + n % 12, 1 + n % 27)
    if bfu in ("stale-type", "placement-updated"):
        decision = date(2023, 9, 1) + timedelta(days=n % 40)
    if bfu == "stage-birthday":
        birth, decision = date(2012, 1, 1) + timedelta(days=n % 20), date(2024, 11, 4)
    if bfu == "stale-age":
        decision = date(2016, 3, 1) + timedelta(days=n % 30)
        birth = date(2015, 2, 10) if plan == "ontime" else date(2011, 5, 5)
        birth += timedelta(days=n % 25)
    c = _Case(f"BDO-{n:03d}", birth, team, cw)
    placement = bfu == "stale-age" or (bfu == "no-decision")
    if bfu == "no-decision":
        u = date(2024, 2, 5) + timedelta(days=n % 20)
        c.assign(u, cw)
        c.underretning(u)
        c.ev("boernesamtale", u + timedelta(days=30), note="hjemmebesøg")
        c.ev("foranstaltning_start", date(2024, 8, 1), measure="M1", paragraph="BL 46")
        return c
    late = bfu in ("late-interim", "late")
    end_offset = 160 if late else 80
    u = decision - timedelta(days=end_offset + 10 if bfu not in ("none", "unfinished") else 60)
    c.assign(u, cw)
    c.underretning(u)
    if bfu != "none":
        c.ev("bfu_startet", u + timedelta(days=5))
    if bfu == "late-interim":
        c.ev("foreloebig_vurdering", u + timedelta(days=118))
    if bfu not in ("none", "unfinished"):
        c.ev("bfu_afsluttet", u + timedelta(days=end_offset))
    if n % 4 == 0:  # a change of caseworker along the way
        c.assign(decision - timedelta(days=20), CASEWORKERS[(n + 4) % 9])
    paragraph = _paragraphs(decision, placement)
    c.ev("boernesamtale", decision - timedelta(days=5))
    c.decide(decision, paragraph, "M1")
    first_plan = "ontime" if plan in ("support-only", "toddler") else plan
    if bfu in ("stale-type", "placement-updated"):
        first_plan = "ontime"
    _plan(c, decision, first_plan)
    start = decision + timedelta(days=14)
    c.ev("foranstaltning_start", start, measure="M1", paragraph=paragraph)
    if bfu in ("stale-type", "placement-updated"):
        # Home support first (SEL § 52 stk. 3 nr. 3), a placement a year later (BL § 46).
        p_day = date(2024, 9, 2)
        c.followups("M1", start, p_day, on_time=True)
        if bfu == "placement-updated":  # the BFU updated for the placement (BDO's "tillæg")
            u2 = date(2024, 5, 27)
            c.underretning(u2)
            c.ev("bfu_startet", u2 + timedelta(days=4))
            c.ev("bfu_afsluttet", date(2024, 8, 15))
        c.ev("boernesamtale", p_day - timedelta(days=6))
        c.decide(p_day, "BL 46", "M2")
        c.ev("foranstaltning_slut", p_day + timedelta(days=12), measure="M1")
        c.ev("foranstaltning_start", p_day + timedelta(days=13), measure="M2", paragraph="BL 46")
        if plan == "ontime":
            c.ev("barnets_plan", p_day + timedelta(days=40), measure="M2")
        c.followups("M2", p_day + timedelta(days=13), AUDIT_DAY, on_time=fu == "ok")
    else:
        if bfu == "stale-age" and plan == "ontime":  # the plan revised for the child now
            c.ev("barnets_plan", date(2025, 1, 15), measure="M1")
        c.followups("M1", start, AUDIT_DAY, on_time=fu == "ok")
    _samtale(c, talk, "BL 32" if not placement else "BL 46")
    return c


def _ended(n: int) -> _Case:
    """BL § 32 support from Aug 2024 to Feb 2025 with its BFU, plan and first follow-up; no
    measure runs today: BFU present, plan not relevant, follow-up on time, samtale present."""
    c = _Case(
        f"BDO-{n:03d}", date(2013, 3, 1) + timedelta(days=n), TEAMS[n % 3], CASEWORKERS[n % 9]
    )
    u = date(2024, 4, 2)
    c.assign(u, c.caseworker)
    c.underretning(u)
    c.ev("bfu_startet", u + timedelta(days=6))
    c.ev("bfu_afsluttet", date(2024, 6, 28))
    c.ev("boernesamtale", date(2024, 7, 8))
    c.decide(date(2024, 7, 15), "BL 32", "M1")
    c.ev("foranstaltning_start", date(2024, 8, 1), measure="M1", paragraph="BL 32")
    c.ev("barnets_plan", date(2024, 8, 20), measure="M1")
    c.ev("opfoelgning", date(2024, 10, 25), measure="M1", interval_months=6)
    c.ev("boernesamtale", date(2025, 2, 20))
    c.ev("opfoelgning", date(2025, 2, 20), measure="M1")
    c.ev("foranstaltning_slut", date(2025, 2, 28), measure="M1")
    return c


def _bfu_overdue(n: int, talk: str) -> _Case:
    """An investigation started in Sep 2024 and not finished by the audit day (due Jan 2025);
    no measure: BFU missing, plan and follow-up not relevant."""
    c = _Case(
        f"BDO-{n:03d}", date(2016, 6, 1) + timedelta(days=n), TEAMS[n % 3], CASEWORKERS[n % 9]
    )
    u = date(2024, 9, 9) + timedelta(days=n % 10)
    c.assign(u, c.caseworker)
    c.underretning(u)
    c.ev("bfu_startet", u + timedelta(days=7))
    c.ev("boernesamtale", u + timedelta(days=30))
    if talk == "P":
        c.ev("boernesamtale", date(2025, 2, 12))
    return c


def _no_need(n: int, sub: str) -> _Case:
    """Underretninger assessed as showing no need for særlig støtte; no measure. ``sub``: new
    (opened less than ½ year ago), closed, open-P / open-M (open over ½ year, samtale present
    or not)."""
    c = _Case(f"BDO-{n:03d}", date(2010, 1, 15) + timedelta(days=53 * n), TEAMS[n % 3],
              CASEWORKERS[n % 9])  # fmt: skip
    reason = "Ingen grundlag for at antage behov for særlig støtte (BL § 20); råd og vejledning"
    if sub == "new":
        u = date(2025, 1, 20) + timedelta(days=(n * 11) % 150)
        c.assign(u, c.caseworker)
        c.underretning(u, reason)
        return c
    u = date(2024, 3, 4) + timedelta(days=(n * 13) % 150)
    c.assign(u, c.caseworker)
    c.underretning(u, reason)
    c.ev("boernesamtale", u + timedelta(days=20))
    if sub == "closed":
        c.ev(
            "sag_lukket",
            u + timedelta(days=60),
            reason="Ingen behov for støtte; familien orienteret",
        )
        return c
    c.underretning(u + timedelta(days=120), reason)  # a second underretning, also no need
    c.ev("kontakt", u + timedelta(days=130), note="møde med forældre og skole")
    if sub == "open-P":
        c.ev("boernesamtale", date(2025, 3, 18))
    return c


def build() -> Iterator[tuple[_Case, dict[str, str], str]]:
    """The 100 cases in order, each with its truth per theme and its kind name."""
    n = 0
    for bfu, plan, fu, talk, count in RUNNING:
        for _ in range(count):
            n += 1
            truth = {
                "bfu": PRESENT if bfu in BFU_PRESENT else MISSING,
                "barnets-plan": PRESENT if plan in PLAN_PRESENT else MISSING,
                "opfoelgning": PRESENT if fu == "ok" else MISSING,
                "boernesamtale": {"P": PRESENT, "M": MISSING, "X": NOT_RELEVANT}[talk],
            }
            yield _running(n, bfu, plan, fu, talk), truth, f"running/{bfu}/{plan}/{fu}/{talk}"
    for _ in range(2):
        n += 1
        truth = {"bfu": PRESENT, "barnets-plan": NOT_RELEVANT, "opfoelgning": PRESENT,
                 "boernesamtale": PRESENT}  # fmt: skip
        yield _ended(n), truth, "ended-measure"
    for talk in ("P", "M", "M"):
        n += 1
        truth = {"bfu": MISSING, "barnets-plan": NOT_RELEVANT, "opfoelgning": NOT_RELEVANT,
                 "boernesamtale": PRESENT if talk == "P" else MISSING}  # fmt: skip
        yield _bfu_overdue(n, talk), truth, f"bfu-overdue/{talk}"
    for sub, count in (("new", 10), ("closed", 8), ("open-P", 3), ("open-M", 4)):
        for _ in range(count):
            n += 1
            samtale = {"new": NOT_RELEVANT, "closed": NOT_RELEVANT, "open-P": PRESENT,
                       "open-M": MISSING}[sub]  # fmt: skip
            truth = {"bfu": NOT_RELEVANT, "barnets-plan": NOT_RELEVANT,
                     "opfoelgning": NOT_RELEVANT, "boernesamtale": samtale}  # fmt: skip
            yield _no_need(n, sub), truth, f"no-need/{sub}"


def caseload() -> dict[str, Any]:
    """The caseload as ``boernesag.caseload/1`` JSON data (fills :data:`TRUTH`, :data:`KIND`)."""
    cases = []
    for i, (c, truth, kind) in enumerate(build(), 1):
        TRUTH[c.case_id] = truth
        KIND[c.case_id] = kind
        cases.append(c.to_json(i))
    return {
        "format": "boernesag.caseload/1",
        "cases": cases,
        "caseworkers": [
            {"id": cw, "team": TEAMS[i % 3], "capacity": 30} for i, cw in enumerate(CASEWORKERS)
        ],
        "teams": [{"id": t} for t in TEAMS],
    }


def truth_counts() -> dict[str, tuple[int, int, int]]:
    """(relevant, present, missing) per theme from :data:`TRUTH`."""
    if not TRUTH:
        caseload()
    out = {}
    for theme in BDO_TABLE:
        values = [t[theme] for t in TRUTH.values()]
        present, missing = values.count(PRESENT), values.count(MISSING)
        out[theme] = (present + missing, present, missing)
    return out


if __name__ == "__main__":
    json.dump(caseload(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
