"""CPR numbers: validation against the birth date, and masking.

A CPR number (personnummer) is ``DDMMYY-SSSS``. boernesag only checks what it needs: ten
digits whose date part matches the child's birth date. The modulus-11 check is not applied:
the CPR office has issued numbers that fail it since 2007, and the demo data deliberately uses
numbers that fail it so that they can never be real.

The number never appears in a ``repr``, ``str``, log line or error message: those show the
masked form ``030512-****``. Call :meth:`Cpr.reveal` to get the digits, explicitly.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["Cpr", "mask_cpr", "redact"]

_CPR_RE = re.compile(r"^(\d{6})-?(\d{4})$", re.ASCII)


def mask_cpr(value: str) -> str:
    """Return ``DDMMYY-****`` for a CPR-like string, or ``******-****`` if it is unreadable."""
    match = _CPR_RE.match(value.strip())
    if match is None:
        return "******-****"
    return f"{match.group(1)}-****"


def _value_error(key: str, /, **params: object) -> ValueError:
    """The ``ValueError`` with catalogue message ``key`` (imported here: the catalogue masks
    its texts with :func:`redact`, defined below)."""
    from boernesag.messages import MessageValueError

    return MessageValueError(key, **params)


def _century(yy: int, seventh: int) -> int:
    """The century of a CPR birth year from the 7th digit (CPR office's table)."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if yy <= 36 else 1900
    # 5, 6, 7, 8
    return 2000 if yy <= 57 else 1800


class Cpr:
    """A CPR number, stored as ten digits, shown masked.

    >>> c = Cpr.parse("030512-1234")
    >>> c
    Cpr('030512-****')
    >>> str(c)
    '030512-****'
    >>> c.reveal()
    '0305121234'

    A plain immutable class, not an ``attrs`` class, so that ``attrs.asdict(case)`` and
    ``attrs.astuple(case)`` keep the object (whose ``repr`` is masked) instead of recursing
    into its digits. It compares and hashes by its digits and pickles (the batch API sends
    cases to worker processes).
    """

    __slots__ = ("_digits",)
    _digits: str

    def __init__(self, digits: str) -> None:
        if (
            not isinstance(digits, str)
            or len(digits) != 10
            or not digits.isascii()
            or not digits.isdigit()
        ):
            raise _value_error("cpr.digits")
        object.__setattr__(self, "_digits", digits)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("et CPR-nummer kan ikke ændres")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("et CPR-nummer kan ikke ændres")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cpr):
            return self._digits == other._digits
        return NotImplemented

    def __hash__(self) -> int:
        return hash((Cpr, self._digits))

    def __reduce__(self) -> tuple[type[Cpr], tuple[str]]:
        return (Cpr, (self._digits,))

    @classmethod
    def parse(cls, value: str) -> Cpr:
        """Parse ``DDMMYYSSSS`` or ``DDMMYY-SSSS``; raise ``ValueError`` (masked) if malformed."""
        if not isinstance(value, str):
            raise TypeError("a CPR number must be a string of 10 digits")
        match = _CPR_RE.match(value.strip())
        if match is None:
            raise _value_error("cpr.form", masked=mask_cpr(value))
        digits = match.group(1) + match.group(2)
        cpr = cls(digits=digits)
        if cpr.birth_date_part() is None:
            raise _value_error("cpr.no_date", masked=cpr.masked)
        return cpr

    @property
    def masked(self) -> str:
        """``DDMMYY-****``."""
        return f"{self._digits[:6]}-****"

    def reveal(self) -> str:
        """The full ten digits. Only call this where the caller asked for the number."""
        return self._digits

    def birth_date_part(self) -> date | None:
        """The birth date encoded in the number (century from the 7th digit), or None."""
        dd, mm, yy = int(self._digits[0:2]), int(self._digits[2:4]), int(self._digits[4:6])
        year = _century(yy, int(self._digits[6])) + yy
        try:
            return date(year, mm, dd)
        except ValueError:
            return None

    def matches(self, birth: date) -> bool:
        """True if the date part (DDMMYY) is the given birth date.

        The century digit is not required to agree: only day, month and two-digit year are
        compared, because synthetic and replacement numbers do not always follow the table.
        """
        return self._digits[:6] == birth.strftime("%d%m%y")

    def __repr__(self) -> str:
        return f"Cpr({self.masked!r})"

    def __str__(self) -> str:
        return self.masked


#: Ten digits as a CPR number is written (``DDMMYYSSSS`` or ``DDMMYY-SSSS``) inside any text,
#: not part of a longer run of digits. Full-width and other Unicode digits count too.
_CPR_IN_TEXT = re.compile(r"(?<!\d)(\d{6})[-\u2010-\u2015 ]?(\d{4})(?!\d)")


def redact(text: str) -> str:
    """``text`` with every CPR-shaped run of ten digits masked as ``DDMMYY-****``.

    Used on every message the library writes (errors, log lines, rejection lists), so that a
    CPR number typed into the wrong field is never echoed in full.

    >>> redact("'0305121234' er ikke en dato")
    "'030512-****' er ikke en dato"
    >>> redact("2024-03-22 og K-12")
    '2024-03-22 og K-12'
    """
    return _CPR_IN_TEXT.sub(lambda m: f"{m.group(1)}-****", text)
