"""User-facing words of the allocation tool, as (Danish, English) pairs.

Every explanation an allocation gives ("samme distrikt; kompetence handicap; belastning 82%
efter tildeling; søskende hos CW-03") is built from these templates, so renderers never
hard-code text. Danish is the default language; ``lang="en"`` gives English.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from boernesag.text import check_lang, fill

__all__ = ["LABELS", "fmt_number", "fmt_percent", "say"]

LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # Principles (Socialstyrelsen's (»Hvordan sikres en god fordeling af sager?«) six, plus siblings and continuity from Socialstyrelsen's »Hvordan overdrages sager?« and »Hvordan sikres en god fordeling af sager?«).
        "principle.load": ("ligelig fordeling (belastning)", "equal distribution (load)"),
        "principle.team": ("fordeling mellem teams", "distribution between teams"),
        "principle.district": ("distrikt", "district"),
        "principle.cpr": ("CPR-nummer (fødselsdag)", "CPR number (day of birth)"),
        "principle.competence": ("særlige kompetencer", "special competences"),
        "principle.management": ("ledelsesmæssig vurdering", "management assessment"),
        "principle.siblings": ("søskende", "siblings"),
        "principle.continuity": (
            "kontinuitet (færre skift af sagsbehandler)",
            "continuity (fewer changes of caseworker)",
        ),
        # Score parts.
        "pinned": ("fastlagt af ledelsen: {reason}", "pinned by management: {reason}"),
        "pinned_elsewhere": ("sagen er fastlagt til {cw}", "the case is pinned to {cw}"),
        "pin_inactive": (
            "fastlagt trods: sagsbehandleren er ikke aktiv",
            "pinned although the caseworker is not active",
        ),
        "pin_over_cap": (
            "fastlagt trods belastning {pct} efter tildeling",
            "pinned despite load {pct} after assignment",
        ),
        "pin_missing": (
            "fastlagt trods manglende kompetence {missing}",
            "pinned despite lacking competence {missing}",
        ),
        "inactive": ("ikke aktiv", "not active"),
        "competence_ok": ("kompetence {needs}", "competence {needs}"),
        "competence_missing": ("mangler kompetence {missing}", "lacks competence {missing}"),
        "team_ok": ("team {team}", "team {team}"),
        "team_other": ("ikke i team {team}", "not in team {team}"),
        "district_ok": ("samme distrikt", "same district"),
        "district_other": ("andet distrikt end {district}", "not in district {district}"),
        "cpr_ok": ("CPR-interval dag {ranges}", "CPR range days {ranges}"),
        "cpr_other": ("uden for sagens CPR-interval", "outside the case's CPR range"),
        "siblings_with": ("søskende hos {cw}", "sibling with {cw}"),
        "siblings_apart": (
            "søskende hos {cw}, men søskende skal have hver sin sagsbehandler: {reason}",
            "sibling with {cw}, but the siblings are to have different caseworkers: {reason}",
        ),
        "siblings_elsewhere": ("søskende hos en anden ({cw})", "sibling with another ({cw})"),
        "continuity_current": (
            "nuværende sagsbehandler (intet skift)",
            "current caseworker (no switch)",
        ),
        "continuity_previous": (
            "barnets tidligere sagsbehandler",
            "the child's previous caseworker",
        ),
        "continuity_other": (
            "ikke barnets nuværende eller tidligere sagsbehandler",
            "not the child's current or previous caseworker",
        ),
        "load": ("belastning {pct} efter tildeling", "load {pct} after assignment"),
        "over_cap": (
            "over kapacitetsloftet ({pct} efter tildeling)",
            "over the capacity cap ({pct} after assignment)",
        ),
        "over_cap_plain": ("over kapacitetsloftet", "over the capacity cap"),
        "no_capacity": ("ingen kapacitet", "no capacity"),
        # Why a case could not be placed.
        "none_fits": (
            "ingen sagsbehandler opfylder kravene: {reasons}",
            "no caseworker meets the requirements: {reasons}",
        ),
        "no_room": (
            "ingen ledig plads under kapacitetsloftet hos {n:den|de} {n} egnede "
            "{n:sagsbehandler|sagsbehandlere} ({ids})",
            "no room under the capacity cap with the {n} eligible {n:caseworker|caseworkers} "
            "({ids})",
        ),
        "no_room_one": (
            "ingen ledig plads under kapacitetsloftet hos den eneste egnede sagsbehandler ({ids})",
            "no room under the capacity cap with the only eligible caseworker ({ids})",
        ),
        "no_workers": ("ingen sagsbehandlere at fordele til", "no caseworkers to allocate to"),
        "siblings_together_hard": (
            "søskende skal have samme sagsbehandler, og ingen egnet sagsbehandler har plads til "
            "dem alle (søskendes sager: {cases})",
            "siblings must have the same caseworker, and no eligible caseworker has room for "
            "them all (the siblings' cases: {cases})",
        ),
        "siblings_apart_hard": (
            "søskende skal have hver sin sagsbehandler, og ingen anden egnet sagsbehandler har plads",
            "siblings must have different caseworkers, and no other eligible caseworker has room",
        ),
        "pin_unknown": (
            "fastlagt til {cw}, som ikke er blandt sagsbehandlerne i fordelingen",
            "pinned to {cw}, who is not among the caseworkers of the allocation",
        ),
        "duplicate": (
            "sagen optræder mere end én gang i fordelingen",
            "the case appears more than once in the allocation",
        ),
        "bad_case": ("sagen kan ikke vægtes: {error}", "the case cannot be weighed: {error}"),
        "count_of": (
            "{text} ({n} {n:sagsbehandler|sagsbehandlere})",
            "{text} ({n} {n:caseworker|caseworkers})",
        ),
        "count_of_one": ("{text} (1 sagsbehandler)", "{text} (1 caseworker)"),
        # Case weight (Socialstyrelsen, »Eksempel på overvejelser ved fastlæggelse af antallet af sager pr. sagsbehandler«).
        "weight.recorded": ("vægt registreret på sagen", "weight recorded on the case"),
        "weight.equal": ("alle sager vejer 1", "every case weighs 1"),
        "weight.base": ("grundvægt", "base"),
        "weight.placement": ("anbringelse", "placement"),
        "weight.disability": ("funktionsnedsættelse", "disability"),
        "weight.measures": ("{n} {n:indsats|indsatser}", "{n} {n:measure|measures}"),
        "weight.bfu": ("åben børnefaglig undersøgelse", "open child welfare investigation"),
        "weight.youth": ("ung ({age} år)", "young person ({age})"),
        "weight.preventive": ("forebyggende (ingen indsats)", "preventive (no measure)"),
        "weight.team_kind": ("teamtype {kind}", "team type {kind}"),
        "weight.complexity": ("kompleksitet {level}", "complexity {level}"),
        # Reports.
        "col.case": ("sag", "case"),
        "col.caseworker": ("sagsbehandler", "caseworker"),
        "col.previous": ("tidligere", "previous"),
        "col.weight": ("vægt", "weight"),
        "col.reasons": ("begrundelse", "reasons"),
        "col.reason": ("årsag", "reason"),
        "col.rank": ("nr.", "rank"),
        "col.score": ("point", "score"),
        "col.eligible": ("egnet", "eligible"),
        "col.capacity": ("kapacitet", "capacity"),
        "col.before": ("før", "before"),
        "col.after": ("efter", "after"),
        "col.cases_before": ("sager før", "cases before"),
        "col.cases_after": ("sager efter", "cases after"),
        "col.load_after": ("belastning efter", "load after"),
        "title.assignments": ("Fordeling", "Allocation"),
        "title.unassigned": ("Ikke fordelt", "Not allocated"),
        "title.loads": ("Belastning pr. sagsbehandler", "Load per caseworker"),
        "title.suggestions": (
            "Forslag til sagsbehandler for {case}",
            "Suggested caseworkers for {case}",
        ),
        "summary": (
            "{n} {n:sag|sager} fordelt, {u} ikke fordelt, {s} skift af sagsbehandler; "
            "spredning i belastning {before} før, {after} efter (løser: {solver})",
            "{n} {n:case|cases} allocated, {u} not allocated, {s} {s:change|changes} of "
            "caseworker; "
            "spread of load {before} before, {after} after (solver: {solver})",
        ),
        "solver_proven": ("{solver}, bevist optimal", "{solver}, proven optimal"),
        "solver_greedy_won": (
            "greedy (bedre end MIP'en ved tidsgrænsen), højst {gap} fra optimum",
            "greedy (better than the MIP at its time limit), at most {gap} from the optimum",
        ),
        "solver_gap": (
            "{solver}, højst {gap} fra optimum (tidsgrænsen nået)",
            "{solver}, at most {gap} from the optimum (time limit reached)",
        ),
        "yes": ("ja", "yes"),
        "no": ("nej", "no"),
    }
)


def say(key: str, lang: str = "da", **kw: object) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``kw``."""
    da, en = LABELS[key]
    text = en if check_lang(lang) == "en" else da
    return fill(text, **kw) if kw else text


def fmt_number(x: float, lang: str = "da") -> str:
    """A number with at most two decimals; Danish decimal comma (``2,5``)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if lang == "da" else text


def fmt_percent(ratio: float) -> str:
    """A share as a whole percentage (``0.82`` → ``82%``), as in the issue's example text."""
    if ratio == float("inf"):
        return "∞%"
    return f"{ratio:.0%}"


def fmt_gap(ratio: float, lang: str = "da") -> str:
    """A solver's gap to the optimum: whole percent from 1 %, two decimals below.

    A gap of 0.07 % must not read "0%" (that would claim a proven optimum); below 0.01 % it
    reads "<0.01%". Danish uses the decimal comma.
    """
    if ratio == float("inf") or ratio >= 0.01 or ratio <= 0:
        return fmt_percent(ratio)
    text = "<0.01%" if ratio < 0.0001 else f"{ratio:.2%}"
    return text.replace(".", ",") if lang == "da" else text
