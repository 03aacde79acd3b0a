"""Typed reading of the TOML files a municipality writes: rule files and allocation policies.

A TOML file is read by :mod:`tomllib` into plain Python values, and a typo there must not
become a traceback, a raw Python message or, worse, a silently different rule: ``hard =
"false"`` is a non-empty text and therefore true to Python. This module reads such values by
type and range and says what is wrong in the words of the file:

    regelfil kommune.toml, regel svar-henvendelse, nøgle 'enabled': skal være true eller
    false, ikke 'false' (tekst)

- :func:`read_toml` reads a file: a missing or unreadable file, a file that is not UTF-8 (a
  UTF-8 byte order mark, as Windows editors write it, is accepted) and invalid TOML (with the
  line and column the parser gives) raise the caller's error class.
- :class:`Table` reads one table of a file by key, records the keys it read, and
  :meth:`Table.done` refuses every key it did not (a typo like ``lookbak`` is an error, not a
  setting that is silently left at its default).
- The ``check_*`` functions check one value and raise :class:`ValueProblem` (a
  :class:`~boernesag.errors.BoernesagError`) whose text says what is wrong without the place;
  :class:`Table` adds the place. The same functions check objects built in Python
  (:mod:`boernesag.allocation`), so a file and a program get the same ranges.

Periods are read with :data:`PERIOD_RANGES`: a rule or policy cannot ask for 10**9 months
and overflow the date arithmetic later.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NoReturn, TypeVar

import attrs

from boernesag.errors import BoernesagError
from boernesag.periods import ISO_DAY, Period, PeriodError, Unit

__all__ = [
    "PERIOD_RANGES",
    "Place",
    "Table",
    "ValueProblem",
    "check_bool",
    "check_day",
    "check_int",
    "check_number",
    "check_period",
    "check_text",
    "check_texts",
    "describe",
    "read_toml",
]

T = TypeVar("T")

#: The periods a rule or policy file may name, per unit (inclusive). Wide enough for every
#: statutory and municipal period (the longest packaged one is 120 working days; ages and
#: look-backs are at most a few years), narrow enough that no date computation from a day in
#: 1900-2099 leaves the years the date arithmetic handles. ``0 days`` is "the same day" (a
#: duty before a decision); the other units start at 1.
PERIOD_RANGES: Final[Mapping[Unit, tuple[int, int]]] = MappingProxyType(
    {
        Unit.HOURS: (1, 8760),
        Unit.WORKING_DAYS: (1, 365),
        Unit.DAYS: (0, 3660),
        Unit.WEEKS: (1, 520),
        Unit.MONTHS: (1, 120),
        Unit.YEARS: (1, 30),
    }
)

_TYPE_NAMES: Final = (
    (bool, "sandhedsværdi"),
    (int, "heltal"),
    (float, "tal"),
    (str, "tekst"),
    (datetime, "tidspunkt"),
    (date, "dato"),
    (time, "klokkeslæt"),
    (list, "liste"),
    (tuple, "liste"),
    (Mapping, "tabel"),
)



class ValueProblem(BoernesagError, ValueError):
    """A value without the type or range its setting needs; the message says what is wrong.

    Raised by the ``check_*`` functions without the place; :class:`Table` and the allocation
    classes catch it and raise their own error naming the file, part and key.
    """

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = str(self.args[0])


def type_name(value: object) -> str:
    """The Danish name of a TOML value's type: ``tekst``, ``heltal``, ``tabel`` ..."""
    for cls, name in _TYPE_NAMES:
        if isinstance(value, cls):
            return name
    return type(value).__name__


def describe(value: object) -> str:
    """A value as a message shows it, with its type: ``'false' (tekst)``, ``3 (heltal)``."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, str):
        shown = repr(value if len(value) <= 60 else value[:57] + "...")
    elif isinstance(value, date | time):
        shown = value.isoformat()
    elif isinstance(value, int) and not -(10**30) < value < 10**30:
        shown = "et tal med over 30 cifre"
    elif isinstance(value, int | float):
        shown = repr(value)
    elif isinstance(value, list | tuple):
        shown = "[...]" if value else "[]"
    elif isinstance(value, Mapping):
        shown = "{...}" if value else "{}"
    else:
        shown = "?"
    return f"{shown} ({type_name(value)})"


def _fmt(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def check_bool(value: object) -> bool:
    """``value`` if it is a boolean; a text ``"false"`` or a number is refused."""
    if isinstance(value, bool):
        return value
    raise ValueProblem(f"skal være true eller false, ikke {describe(value)}")


def check_int(value: object, lo: int, hi: int) -> int:
    """``value`` if it is a whole number (not a boolean) in ``lo`` .. ``hi``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueProblem(f"skal være et helt tal fra {lo} til {hi}, ikke {describe(value)}")
    if not lo <= value <= hi:
        raise ValueProblem(f"skal være et helt tal fra {lo} til {hi}, ikke {describe(value)}")
    return value


def check_number(
    value: object, lo: float, hi: float, *, above: bool = False, what: str = "et tal"
) -> float:
    """``value`` as a float if it is a finite number in ``lo`` .. ``hi``.

    ``above``: ``lo`` itself is not allowed (a number greater than ``lo``). Booleans, texts,
    NaN and infinities are refused.
    """
    lower = f"større end {_fmt(lo)}" if above else f"fra {_fmt(lo)}"
    wanted = f"skal være {what} {lower} til {_fmt(hi)}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueProblem(f"{wanted}, ikke {describe(value)}")
    if isinstance(value, int) and not -(10**300) < value < 10**300:
        raise ValueProblem(f"{wanted}, ikke {describe(value)}")
    x = float(value)
    if not math.isfinite(x) or not (lo < x if above else lo <= x) or not x <= hi:
        raise ValueProblem(f"{wanted}, ikke {describe(value)}")
    return x


def check_text(
    value: object, *, choices: Collection[str] | None = None, empty: bool = False
) -> str:
    """``value`` if it is a text (non-empty unless ``empty``), one of ``choices`` if given."""
    if choices is not None:
        if not isinstance(value, str) or value not in choices:
            options = ", ".join(repr(c) for c in choices)
            near = (
                difflib.get_close_matches(value, list(choices), n=1)
                if isinstance(value, str)
                else []
            )
            hint = f" (mente du {near[0]!r}?)" if near else ""
            raise ValueProblem(f"skal være en af {options}, ikke {describe(value)}{hint}")
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"skal være en tekst, ikke {describe(value)}")
    if not empty and not value.strip():
        raise ValueProblem("må ikke være tom")
    return value


def check_texts(
    value: object,
    *,
    single: bool = False,
    choices: Collection[str] | None = None,
    item: Callable[[str], object] | None = None,
    what: str = "tekster",
) -> tuple[str, ...]:
    """``value`` as a tuple of non-empty texts (a list; a single text too if ``single``).

    ``choices``: every text must be one of them; ``item``: a further check of each text,
    raising :class:`ValueProblem`.
    """
    if single and isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ValueProblem(f"skal være en liste af {what}, ikke {describe(value)}")
    out: list[str] = []
    for i, v in enumerate(value):
        if not isinstance(v, str) or not v.strip():
            raise ValueProblem(f"skal være en liste af {what}; element {i + 1} er {describe(v)}")
        if choices is not None and v not in choices:
            near = difflib.get_close_matches(v, list(choices), n=1)
            hint = f"; mente du {near[0]!r}?" if near else ""
            raise ValueProblem(f"element {i + 1}: {v!r} er ikke kendt{hint}")
        if item is not None:
            try:
                item(v)
            except ValueProblem as exc:
                raise ValueProblem(f"element {i + 1}: {exc.problem}") from None
        out.append(v)
    return tuple(out)


def check_day(value: object, lo: date, hi: date) -> date:
    """``value`` as a date: a TOML date or a text ``ÅÅÅÅ-MM-DD``, in ``lo`` .. ``hi``.

    A TOML date-time, ``20240101`` (Python accepts it, a reader may not) and impossible days
    such as ``2023-02-29`` are refused.
    """
    wanted = "skal være en dato ÅÅÅÅ-MM-DD"
    if isinstance(value, datetime):
        raise ValueProblem(f"{wanted} uden klokkeslæt, ikke {describe(value)}")
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and ISO_DAY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueProblem(f"{value!r} er ikke en dato, der findes") from None
    else:
        raise ValueProblem(f"{wanted}, ikke {describe(value)}")
    if not lo <= day <= hi:
        raise ValueProblem(
            f"datoen {day.isoformat()} ligger uden for {lo.isoformat()}-{hi.isoformat()}"
        )
    return day


def check_period(value: object, *, hours: bool = True) -> Period:
    """``value`` as a :class:`~boernesag.periods.Period` (``"4 months"``) in :data:`PERIOD_RANGES`.

    ``hours``: whether a period in hours is allowed where it is read.
    """
    if not isinstance(value, str):
        raise ValueProblem(
            f"skal være en periode som '4 months' eller '6 working_days', ikke {describe(value)}"
        )
    if len(value) > 60:
        raise ValueProblem(f"{describe(value)} er ikke en periode")
    try:
        period = Period.parse(value)
    except PeriodError as exc:
        raise ValueProblem(str(exc)) from None
    if period.unit == Unit.HOURS and not hours:
        raise ValueProblem(f"{value!r}: brug dage, hverdage, uger eller måneder her, ikke timer")
    lo, hi = PERIOD_RANGES[period.unit]
    if not lo <= period.amount <= hi:
        raise ValueProblem(
            f"{value!r}: antallet af {period.unit.value} skal være fra {lo} til {hi}"
        )
    return period


# --------------------------------------------------------------------------- files

_LINE_COLUMN: Final = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)")


def read_toml(path: str | Path, label: str, error: type[BoernesagError]) -> dict[str, Any]:
    """The TOML file at ``path`` as a dict; ``label`` (``regelfil``) names it in messages.

    Raises ``error`` when the file is missing or unreadable, is not UTF-8, or is not valid
    TOML (naming the line and column the parser gives).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise error(f"{label}en findes ikke: {p}") from None
    except OSError as exc:
        raise error(f"{label}en {p} kan ikke læses ({exc.strerror or 'ukendt fejl'})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"{label} {p}: linje {line} er ikke UTF-8; gem filen som UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE_COLUMN.match(str(exc))
        if m is None:
            raise error(f"{label} {p}: ikke gyldig TOML ({exc})") from None
        raise error(
            f"{label} {p}: ikke gyldig TOML i linje {m['line']}, kolonne {m['col']} "
            f"(parseren siger: {m['what']})"
        ) from None


@attrs.frozen
class Place:
    """Where in a file a table is: ``regelfil kommune.toml``, ``regel svar-henvendelse``, ..."""

    label: str
    parts: tuple[str, ...] = ()

    def at(self, part: str) -> Place:
        """This place, one level down (``version 2 (BL § 136, stk. 2)``)."""
        return Place(self.label, (*self.parts, part))

    def text(self, key: str | None = None) -> str:
        """The place as a message names it, with ``nøgle 'key'`` last if given."""
        out = [self.label, *self.parts]
        if key is not None:
            out.append(f"nøgle {key!r}")
        return ", ".join(out)


class Table:
    """One table of a TOML file, read key by key with a check per key.

    Every read records the key; :meth:`done` raises for the keys that were not read, naming
    the closest allowed key. ``prefix`` names nested keys as ``params.lookback``.
    """

    def __init__(
        self,
        data: object,
        place: Place,
        error: type[BoernesagError],
        *,
        prefix: str = "",
        what: str = "en tabel",
    ) -> None:
        self.place = place
        self.error = error
        self.prefix = prefix
        if not isinstance(data, Mapping):
            raise error(
                f"{place.text(prefix.rstrip('.') or None)}: skal være {what}, ikke {describe(data)}"
            )
        self.data: Mapping[str, Any] = data
        self.read: set[str] = set()

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str | None, problem: str) -> NoReturn:
        """Raise the table's error for ``key`` (None: the table itself)."""
        where = self.place.text(
            self.name(key) if key is not None else (self.prefix.rstrip(".") or None)
        )
        raise self.error(f"{where}: {problem}")

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, default: Any = None) -> Any:
        """The value as read, unchecked (recorded as read)."""
        self.read.add(key)
        return self.data.get(key, default)

    def get(self, key: str, check: Callable[[Any], T], default: T) -> T:
        """``check(value)`` of ``key``, or ``default`` when the key is absent."""
        if key not in self.data:
            self.read.add(key)
            return default
        return self.need(key, check)

    def opt(self, key: str, check: Callable[[Any], T]) -> T | None:
        """``check(value)`` of ``key``, or None when the key is absent."""
        if key not in self.data:
            self.read.add(key)
            return None
        return self.need(key, check)

    def need(self, key: str, check: Callable[[Any], T]) -> T:
        """``check(value)`` of ``key``, which must be present."""
        self.read.add(key)
        if key not in self.data:
            self.fail(key, "mangler")
        try:
            return check(self.data[key])
        except ValueProblem as exc:
            self.fail(key, exc.problem)

    def sub(self, key: str, place: Place | None = None) -> Table | None:
        """The table under ``key`` (None if absent), its keys named ``key.name``."""
        self.read.add(key)
        if key not in self.data:
            return None
        return Table(
            self.data[key],
            place or self.place,
            self.error,
            prefix=f"{self.name(key)}." if place is None else "",
        )

    def rows(self, key: str) -> list[Any]:
        """The array under ``key`` (``[[key]]`` blocks): a list, empty if absent."""
        self.read.add(key)
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"skal være en liste af tabeller ([[{key}]]), ikke {describe(value)}")
        return value

    def done(
        self,
        allowed: Iterable[str] | None = None,
        *,
        elsewhere: Collection[str] = (),
        why: str = "",
    ) -> None:
        """Refuse every key not read (or not in ``allowed``), naming the allowed keys.

        ``elsewhere``: keys that are valid in other tables of the same name (another rule
        kind's parameters); they are refused with ``why`` instead.
        """
        known = set(self.read if allowed is None else allowed)
        for key in sorted(self.data, key=str):
            if key in known:
                continue
            if key in elsewhere and why:
                self.fail(str(key), why)
            near = difflib.get_close_matches(str(key), sorted(known), n=1)
            hint = f"mente du {near[0]!r}? " if near else ""
            listed = ", ".join(sorted(known)) or "ingen"
            self.fail(str(key), f"ukendt nøgle; {hint}tilladte her: {listed}")
