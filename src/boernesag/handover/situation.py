r"""The four handover situations of Socialstyrelsen, »Hvordan overdrages sager?«, and the settings of the handover tools.

Socialstyrelsen, »Hvordan overdrages sager?« ("Hvordan overdrages sager?", Socialstyrelsen) crosses two questions: is the change
of caseworker prepared (*forberedt*) or not (*uforberedt*), and is a whole caseload
(*sagsstamme*) handed over or single cases (*enkeltsager*)? Its examples:

============  =========================  ===================================
\             sagsstamme                 enkeltsager
============  =========================  ===================================
forberedt     planlagt ophør, orlov      specialisering, overgang til voksen
uforberedt    uplanlagt ophør, sygdom    uplanlagt ophør, sygdom
============  =========================  ===================================

:class:`HandoverKind` names the four cells; :class:`Situation` adds the reason.
"""

from __future__ import annotations

import enum

import attrs

from boernesag.errors import BoernesagError

__all__ = ["HandoverKind", "HandoverSettings", "Reason", "Scope", "Situation", "reason_of"]


class Scope(enum.StrEnum):
    """What is handed over (Socialstyrelsen, »Hvordan overdrages sager?«)."""

    CASE = "enkeltsag"
    """One or some of a caseworker's cases (e.g. specialisering, overgang til voksen)."""
    CASELOAD = "sagsstamme"
    """A caseworker's whole caseload (e.g. ophør, orlov, sygdom)."""


class Reason(enum.StrEnum):
    """Why the caseworker changes (Socialstyrelsen's (»Hvordan overdrages sager?«) examples)."""

    OPHOER = "ophoer"
    """The caseworker stops (planned or not)."""
    ORLOV = "orlov"
    """Leave: planned."""
    SPECIALISERING = "specialisering"
    """The case moves to a specialised team (e.g. by the child's age): planned."""
    OVERGANG = "overgang"
    """The young person turns 18 and moves to the adult area: planned."""
    SYGDOM = "sygdom"
    """Illness: unplanned."""


#: Reasons that Socialstyrelsen, »Hvordan overdrages sager?« lists only as planned (True) or only as unplanned (False).
_REASON_PLANNED: dict[Reason, bool] = {
    Reason.ORLOV: True,
    Reason.SPECIALISERING: True,
    Reason.OVERGANG: True,
    Reason.SYGDOM: False,
}


class HandoverKind(enum.StrEnum):
    """The four cells of Socialstyrelsen's (»Hvordan overdrages sager?«) table."""

    PLANNED_CASELOAD = "forberedt_sagsstamme"
    PLANNED_CASE = "forberedt_enkeltsag"
    UNPLANNED_CASELOAD = "uforberedt_sagsstamme"
    UNPLANNED_CASE = "uforberedt_enkeltsag"

    @property
    def planned(self) -> bool:
        return self in (HandoverKind.PLANNED_CASELOAD, HandoverKind.PLANNED_CASE)

    @property
    def scope(self) -> Scope:
        if self in (HandoverKind.PLANNED_CASELOAD, HandoverKind.UNPLANNED_CASELOAD):
            return Scope.CASELOAD
        return Scope.CASE

    @classmethod
    def of(cls, *, planned: bool, scope: Scope) -> HandoverKind:
        if planned:
            return cls.PLANNED_CASELOAD if scope == Scope.CASELOAD else cls.PLANNED_CASE
        return cls.UNPLANNED_CASELOAD if scope == Scope.CASELOAD else cls.UNPLANNED_CASE


@attrs.frozen
class Situation:
    """A handover situation: planned or not, case or caseload, and the reason if known.

    Socialstyrelsen, »Hvordan overdrages sager?« lists orlov, specialisering and overgang til voksen only as prepared changes and
    sygdom only as an unprepared one; a contradicting combination raises
    :class:`~boernesag.errors.BoernesagError`. ``ophoer`` can be either.
    """

    planned: bool
    scope: Scope
    reason: Reason | None = None

    def __attrs_post_init__(self) -> None:
        if self.reason is None:
            return
        expected = _REASON_PLANNED.get(self.reason)
        if expected is not None and expected != self.planned:
            want = "forberedt (--planned)" if expected else "uforberedt (--unplanned)"
            raise BoernesagError(
                f"overdragelse med årsag {self.reason.value!r} er et {want} skift (Socialstyrelsen, »Hvordan overdrages sager?«)"
            )

    @classmethod
    def make(
        cls,
        *,
        planned: bool | None = None,
        scope: Scope | str = Scope.CASELOAD,
        reason: Reason | str | None = None,
    ) -> Situation:
        """A situation from loose arguments: ``planned`` defaults from the reason
        (sygdom: unplanned; orlov, specialisering, overgang: planned), else planned."""
        r = reason_of(reason)
        if planned is None:
            planned = _REASON_PLANNED.get(r, True) if r is not None else True
        try:
            s = Scope(scope)
        except ValueError:
            raise BoernesagError(
                f"ukendt omfang {scope!r}; brug {', '.join(x.value for x in Scope)}"
            ) from None
        return cls(planned=planned, scope=s, reason=r)

    @property
    def kind(self) -> HandoverKind:
        return HandoverKind.of(planned=self.planned, scope=self.scope)


def reason_of(value: Reason | str | None) -> Reason | None:
    """The :class:`Reason` a caller named (``"sygdom"`` or ``Reason.SYGDOM``), or ``None``.

    An unknown name raises :class:`~boernesag.errors.BoernesagError` listing the reasons;
    shared by :meth:`Situation.make` and the reassignment, so both refuse the same way.
    """
    if value is None or isinstance(value, Reason):
        return value
    try:
        return Reason(value)
    except ValueError:
        raise BoernesagError(
            f"ukendt årsag {value!r}; brug {', '.join(r.value for r in Reason)}"
        ) from None


def _non_negative(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 0:
        raise BoernesagError(f"HandoverSettings.{attribute.name} skal være et helt tal >= 0")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise BoernesagError(f"HandoverSettings.{attribute.name} skal være et helt tal >= 1")


def _to_frozenset(value: object) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(str(v) for v in value)  # type: ignore[attr-defined]


@attrs.frozen
class HandoverSettings:
    """Thresholds of the handover tools. None of them is law; the defaults are ours or the
    source documents' and every one can be changed.

    Attributes:
        window_days: the handover window in calendar days from the handover day. Every
            deadline that falls in it is warned about (Socialstyrelsen, »Hvordan overdrages sager?«: in an unplanned change the
            leader checks the deadlines due "in the next weeks"). Default 14.
        soon_days: the sagsliste lists every open deadline due within this many days. Default 30.
        audit: show the audit's findings on the sagsliste when :mod:`boernesag.audit` exists.
        audit_hidden_severities: finding severities left off the sagsliste (the receiver needs
            what must be acted on, not every note). Default ``{"info"}``.
        complaint_lookback_months: complaints sent on to Ankestyrelsen within this many months
            are shown as still pending there. Default 12.
        notification_months, many_notifications: a case with at least ``many_notifications``
            underretninger in the last ``notification_months`` months is complex (BDO, Randers 2016 chose
            the cases with the most underretninger: 4 to 18 in a year). Defaults 12 and 4.
        switch_months, many_switches: a case with at least ``many_switches`` changes of
            caseworker in the last ``switch_months`` months is flagged. Defaults 12 and 2.
        fixed_threshold: a case with at least this many complexity reasons should keep a fixed
            caseworker (Socialstyrelsen, »Hvordan overdrages sager?«: "en fast sagsbehandler ... gennem hele sagsforløbet").
            Default 2.
        transition_lead_months: a young person gets a transition plan from this many months
            before the 16th birthday until 18 (Task forcen, Jammerbugt 2017: the case goes on KUM before 16).
            Default 12.
        overview_months: the age overview lists who turns 16, 17½ and 18 within this many
            months (Task forcen, Jammerbugt 2017). Default 12.
    """

    window_days: int = attrs.field(default=14, validator=_non_negative)
    soon_days: int = attrs.field(default=30, validator=_non_negative)
    audit: bool = True
    audit_hidden_severities: frozenset[str] = attrs.field(
        default=frozenset({"info"}), converter=_to_frozenset
    )
    complaint_lookback_months: int = attrs.field(default=12, validator=_non_negative)
    notification_months: int = attrs.field(default=12, validator=_positive)
    many_notifications: int = attrs.field(default=4, validator=_positive)
    switch_months: int = attrs.field(default=12, validator=_positive)
    many_switches: int = attrs.field(default=2, validator=_positive)
    fixed_threshold: int = attrs.field(default=2, validator=_positive)
    transition_lead_months: int = attrs.field(default=12, validator=_non_negative)
    overview_months: int = attrs.field(default=12, validator=_positive)
