"""The audit's thresholds that are not law, with the source documents' values as defaults.

The law sets the deadlines (they come from the rule data through the deadline engine). What a
reviewer calls *stale*, a *gap* or a *long wait* is judgement; the Task force (Jammerbugt 2017) and BDO (Randers 2016) give the
values used here, and a municipality can change every one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import attrs

__all__ = ["AuditSettings", "default_settings"]


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(
            f"AuditSettings.{attribute.name}: skal være et helt tal >= 0, ikke {value!r}"
        )


def _names(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return frozenset(str(v) for v in value)


def _vocabulary_full_grant() -> frozenset[str]:
    """The fully granting outcomes of the legal vocabulary (the default of the setting)."""
    from boernesag.law.vocabulary import vocabulary as legal_vocabulary

    return legal_vocabulary().outcome_values("full_grant")


@attrs.frozen(kw_only=True)
class AuditSettings:
    """Thresholds of the audit that are not law.

    Conversations with the child (BDO, Randers 2016):

    - ``samtale_months`` (6): a børnesamtale within this many months while the case is open
      ("børnesamtale inden for det sidste ½ år").
    - ``samtale_min_age`` (0): children younger than this are not counted for that check.
      BDO, Randers 2016 counts an observation of a small child with its parents as a conversation and
      rejects "too young" for a five-year-old, so the default leaves nobody out.

    The børnefaglige undersøgelse and the plan (BDO, Randers 2016: "aktuel"):

    - ``bfu_max_age_months`` (24): a BFU made this long before the audit day while a measure
      runs is stale, years apart (BDO, Randers 2016: "uaktuel, hvis den er lavet eksempelvist da
      barnet var et år gammel og barnet nu er 5. klasses skolebarn"; its quoted case: "§ 50
      undersøgelsen er 2 år gammel"); ``None`` turns the reading off. A birthday that crosses
      an age boundary is not itself a change of the child's situation.
    - ``plan_max_age_months`` (24): the same for the plan (BDO, Randers 2016: "forældet, hvis
      den forsat refererer til det anbragte barns alder for flere år siden"). A revised plan is
      a new plan event (BDO counts a plan "noteret, at handleplan er revideret" as present).

    Inactivity, waiting and closing (BDO, Randers 2016):

    - ``gap_days`` (90): a period longer than this without activity by the municipality on an
      open case is a "hul" (BDO, Randers 2016 gives no figure; 90 days is the first follow-up's 3 months).
    - ``gap_at_change_days`` (30): a gap is put down to a change of caseworker or team when the
      change lies inside the gap or at most this many days before it starts.
    - ``inactive_types``: event types that are not casework, so they do not end a gap
      (an assignment of a caseworker, a leader's review).
    - ``max_wait_days`` (30) and ``long_wait_days`` (90): waiting time from the decision to the
      start of the measure; over the first is a finding, over the second (or for a child under
      ``small_child_age`` (3), BDO, Randers 2016: "værst ... spædbørn og småbørn") a serious one.
    - ``close_decision_days`` (30): closing a case needs a recorded reason on the
      ``sag_lukket`` event or a decision at most this many days before.

    Transition to adulthood (Task forcen, Jammerbugt 2017):

    - ``kum_grace_months`` (0): a koordinerende ungemøde is expected by the 16th birthday plus
      this many months (Task forcen, Jammerbugt 2017: the case is put on KUM "senest inden den
      unge fylder 16 år", so no grace by default; BL § 122 starts the preparation "snarest
      muligt" after 16). Used unless the municipal rule ``kum-16`` is on.
    - ``kum_after_opening_months`` (3): for a case opened after the 16th birthday, the KUM is
      expected within this many months of the case's first event (BL § 122 "snarest
      muligt"; the figure is boernesag's reading, not a statutory period).

    Decisions:

    - ``full_grant_outcomes`` ({"bevilget"}, the vocabulary's ``outcomes.full_grant`` in
      ``law/data/vocabulary.toml``): outcomes that fully grant what was asked, so no
      begrundelse (FVL § 22) or klagevejledning (FVL § 25) is required; never for a placement
      without consent.

    Period:

    - ``since`` (``None``): report only what happened from this day on, plus what is still
      unresolved on the audit day (an overdue plan from 2022 is still missing today).
    """

    samtale_months: int = attrs.field(default=6, validator=_non_negative)
    samtale_min_age: int = attrs.field(default=0, validator=_non_negative)
    bfu_max_age_months: int | None = attrs.field(default=24, validator=_non_negative)
    plan_max_age_months: int | None = attrs.field(default=24, validator=_non_negative)
    gap_days: int = attrs.field(default=90, validator=_non_negative)
    gap_at_change_days: int = attrs.field(default=30, validator=_non_negative)
    inactive_types: frozenset[str] = attrs.field(
        default=frozenset({"sagsbehandler_tildelt", "ledelsestilsyn"}), converter=_names
    )
    max_wait_days: int = attrs.field(default=30, validator=_non_negative)
    long_wait_days: int = attrs.field(default=90, validator=_non_negative)
    small_child_age: int = attrs.field(default=3, validator=_non_negative)
    close_decision_days: int = attrs.field(default=30, validator=_non_negative)
    kum_grace_months: int = attrs.field(default=0, validator=_non_negative)
    kum_after_opening_months: int = attrs.field(default=3, validator=_non_negative)
    full_grant_outcomes: frozenset[str] = attrs.field(
        factory=_vocabulary_full_grant, converter=_names
    )
    since: date | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> AuditSettings:
        """Settings from text values (``{"gap_days": "60"}``), as a CLI or a config file gives.

        Unknown names raise ``ValueError`` listing the known ones.
        """
        known = {f.name: f for f in attrs.fields(cls)}
        out: dict[str, Any] = {}
        for name, raw in values.items():
            if name not in known:
                raise ValueError(f"ukendt indstilling {name!r}; kendte: {', '.join(sorted(known))}")
            out[name] = _parse(name, raw)
        return cls(**out)

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready values (in reports, so a reader knows the thresholds)."""
        out: dict[str, Any] = {}
        for f in attrs.fields(type(self)):
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, date):
                value = value.isoformat()
            out[f.name] = value
        return out


def _parse(name: str, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if name == "since":
        return date.fromisoformat(text) if text and text.lower() != "none" else None
    if name in ("inactive_types", "full_grant_outcomes"):
        return text
    if text.lower() == "none":
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"indstillingen {name!r}: {raw!r} er ikke et helt tal") from None


@cache
def default_settings() -> AuditSettings:
    """``AuditSettings()``, made once: the settings are immutable, and an audit without
    settings of its own asks for them per case (the full-grant default reads the vocabulary,
    which is itself read once)."""
    return AuditSettings()
