"""The checks at the door of allocation: caseworkers, teams, cases and arguments.

:func:`~boernesag.allocation.suggest_allocation`, :func:`~boernesag.allocation.allocate` and
the other public functions of :mod:`boernesag.allocation` check what they are given before
any arithmetic, so that a caseworker built by hand (or changed with ``attrs.evolve``) with a
negative or NaN capacity, or competences that are not texts, gives a message naming the
caseworker, the field and the value rather than a ``TypeError`` deep in the scoring or an
``OverflowError`` in the solver. The JSON loader checks the same fields when it reads a
caseload; these checks are for objects that did not come through it.

Ranges (none of them law; wide enough for any real caseworker):

- ``capacity``: ``None`` (derived from hours) or a finite number of points from 0 to
  :data:`~boernesag.allocation.weights.MAX_CAPACITY` (10,000);
- ``hours``: ``None`` or a finite number of hours a week above 0 and at most 168;
- ``experience``: ``None`` or a finite number of years from 0 to 80;
- ``competences``: texts; ``id`` a non-empty text; ``team``, ``district``, ``name`` a text or
  ``None``; ``active`` true or false.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

from boernesag.allocation.weights import MAX_CAPACITY
from boernesag.bounds import check_as_of
from boernesag.cpr import redact
from boernesag.errors import AllocationError, CaseFormatError
from boernesag.model import Case, Caseload, Caseworker, Team
from boernesag.tomlcheck import ValueProblem, check_bool, check_number, describe

__all__ = [
    "CaseworkerError",
    "check_as_of_arg",
    "check_case",
    "check_caseload",
    "check_cases",
    "check_caseworker",
    "check_exclude",
    "check_loads",
    "check_solver",
    "check_time_limit",
]

#: The largest load a caller may pass for one caseworker (points).
MAX_LOAD_POINTS: Final = 1e9


class CaseworkerError(CaseFormatError):
    """A caseworker's data cannot be used: the message names the caseworker and the field.

    ``caseworker_id`` and ``field`` carry them for programs.
    """

    def __init__(self, message: str, *, caseworker_id: str, field: str) -> None:
        super().__init__(f"sagsbehandler {caseworker_id}, felt {field!r}: {message}")
        self.caseworker_id = redact(caseworker_id)
        self.field = field
        self.reason = redact(message)


def _optional_text(value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValueProblem(f"skal være en tekst eller tom, ikke {describe(value)}")


def _optional_number(lo: float, hi: float, *, above: bool = False) -> Any:
    def check(value: object) -> None:
        if value is not None:
            check_number(value, lo, hi, above=above)

    return check


def _competences(value: object) -> None:
    if not isinstance(value, frozenset | set | tuple | list):
        raise ValueProblem(f"skal være en samling af tekster, ikke {describe(value)}")
    for c in sorted(value, key=repr):
        if not isinstance(c, str) or not c.strip():
            raise ValueProblem(f"skal være tekster som 'handicap'; {describe(c)} er ikke en")


_CASEWORKER_FIELDS: Final = (
    ("team", _optional_text),
    ("district", _optional_text),
    ("name", _optional_text),
    ("capacity", _optional_number(0, MAX_CAPACITY)),
    ("hours", _optional_number(0, 168, above=True)),
    ("experience", _optional_number(0, 80)),
    ("competences", _competences),
    ("active", check_bool),
)


def check_caseworker(worker: object) -> Caseworker:
    """``worker`` if it is a :class:`~boernesag.model.Caseworker` with usable fields.

    Raises :class:`CaseworkerError` (a :class:`~boernesag.errors.CaseFormatError`) naming the
    caseworker, the field and the value; see the module documentation for the ranges.
    """
    if not isinstance(worker, Caseworker):
        raise AllocationError(f"en sagsbehandler skal være en Caseworker, ikke {describe(worker)}")
    if not isinstance(worker.id, str) or not worker.id.strip():
        raise CaseworkerError(
            f"skal være en tekst, ikke {describe(worker.id)}", caseworker_id="?", field="id"
        )
    for field, check in _CASEWORKER_FIELDS:
        try:
            check(getattr(worker, field))
        except ValueProblem as exc:
            raise CaseworkerError(exc.problem, caseworker_id=worker.id, field=field) from None
    return worker


def _check_team(team: object) -> None:
    if not isinstance(team, Team):
        raise AllocationError(f"et team skal være et Team, ikke {describe(team)}")
    if not isinstance(team.id, str) or not team.id.strip():
        raise CaseFormatError(f"et team har id {describe(team.id)}; det skal være en tekst")
    for field in ("name", "kind", "district"):
        value = getattr(team, field)
        if value is not None and not isinstance(value, str):
            raise CaseFormatError(
                f"team {team.id}, felt {field!r}: skal være en tekst eller tom, "
                f"ikke {describe(value)}"
            )


def check_case(case: object) -> Case:
    """``case`` if it is a :class:`~boernesag.model.Case` whose team and district are texts."""
    if not isinstance(case, Case):
        raise AllocationError(f"en sag skal være en Case, ikke {describe(case)}")
    for field in ("team", "district"):
        value = getattr(case, field)
        if value is not None and not isinstance(value, str):
            raise CaseFormatError(
                f"skal være en tekst eller tom, ikke {describe(value)}",
                case_id=case.case_id,
                field=field,
            )
    return case


def check_cases(cases: object) -> list[Case]:
    """The cases of an iterable (a single :class:`Case` is refused: pass a list)."""
    if isinstance(cases, Case | str | bytes | Mapping) or not isinstance(cases, Iterable):
        raise AllocationError(f"'cases' skal være en liste af sager (Case), ikke {describe(cases)}")
    return [check_case(c) for c in cases]


def check_caseload(caseload: object) -> Caseload:
    """``caseload`` if it is a :class:`Caseload` whose caseworkers, teams and cases are usable.

    Two caseworkers with the same id are refused: their loads would silently be merged.
    """
    if not isinstance(caseload, Caseload):
        raise AllocationError(f"'caseload' skal være en Caseload, ikke {describe(caseload)}")
    seen: set[str] = set()
    for w in caseload.caseworkers:
        check_caseworker(w)
        if w.id in seen:
            raise CaseworkerError("to sagsbehandlere har dette id", caseworker_id=w.id, field="id")
        seen.add(w.id)
    for t in caseload.teams:
        _check_team(t)
    for c in caseload.cases:
        check_case(c)
    return caseload


def check_as_of_arg(as_of: object) -> date:
    """``as_of`` (default today) as a date in the plausible window (:mod:`boernesag.bounds`)."""
    if as_of is None:
        return date.today()
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise AllocationError(f"'as_of' skal være en dato, ikke {describe(as_of)}")
    return check_as_of(as_of)


def check_exclude(exclude: object) -> frozenset[str]:
    """Caseworker ids not to allocate to: a list of texts (one text alone is refused)."""
    if isinstance(exclude, str | bytes) or not isinstance(exclude, Iterable):
        raise AllocationError(
            f"'exclude' skal være en liste af sagsbehandler-id'er, ikke {describe(exclude)}"
        )
    ids = list(exclude)
    for i in ids:
        if not isinstance(i, str):
            raise AllocationError(f"'exclude' indeholder {describe(i)}; et id er en tekst")
    return frozenset(ids)


def check_loads(loads: object) -> Mapping[str, float] | None:
    """Loads given by the caller: caseworker id → points from 0 to 10**9, or None."""
    if loads is None:
        return None
    if not isinstance(loads, Mapping):
        raise AllocationError(f"'loads' skal være en tabel id → point, ikke {describe(loads)}")
    out: dict[str, float] = {}
    for k, v in loads.items():
        if not isinstance(k, str):
            raise AllocationError(f"'loads' har nøglen {describe(k)}; et id er en tekst")
        try:
            out[k] = check_number(v, 0, MAX_LOAD_POINTS)
        except ValueProblem as exc:
            raise AllocationError(f"'loads', sagsbehandler {k}: {exc.problem}") from None
    return out


#: The longest time limit of the exact solver (seconds): a day.
MAX_TIME_LIMIT: Final = 86_400.0


def check_time_limit(seconds: object) -> float:
    """The exact solver's time limit: a number of seconds above 0 and at most a day."""
    try:
        return float(check_number(seconds, 0, MAX_TIME_LIMIT, above=True))
    except ValueProblem as exc:
        raise AllocationError(f"'time_limit' {exc.problem}") from None


def check_solver(solver: object, solvers: Sequence[str]) -> str:
    if not isinstance(solver, str) or solver not in solvers:
        raise AllocationError(f"ukendt solver {describe(solver)}; brug {', '.join(solvers)}")
    return solver
