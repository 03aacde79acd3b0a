"""The library's exceptions.

Every error boernesag raises derives from :class:`BoernesagError`, so a caller can catch
the library's failures apart from bugs. Messages name the case, the event and the field
they concern, and never contain a CPR number.
"""

from __future__ import annotations

from typing import Self

from boernesag.cpr import redact
from boernesag.messages import Message

__all__ = [
    "AllocationError",
    "AmbiguousTimeError",
    "ArgumentError",
    "BoernesagError",
    "CalendarRangeError",
    "CaseFormatError",
    "MissingExtraError",
    "NonexistentTimeError",
    "RuleError",
    "TimeZoneError",
    "located",
]


class BoernesagError(Exception):
    """Base class of every error raised by boernesag.

    Every text argument is passed through :func:`boernesag.cpr.redact`: a CPR number that
    reached a message (typed into a date, an id or a paragraph) is shown masked.

    An error is raised with a key of the message catalogue :mod:`boernesag.messages` and its
    parameters (:meth:`from_key`): ``str(error)`` is the Danish message (the default
    language), :meth:`text` gives it in either language from the same entry, and
    ``error.message`` is the :class:`~boernesag.messages.Message` for programs.
    """

    #: the catalogue message the error was raised with (:meth:`from_key`)
    message: Message | None = None

    def __init__(self, *args: object, en: str | None = None) -> None:
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args))
        self.en = redact(en) if en is not None else None

    @classmethod
    def from_key(cls, key: str, /, **params: object) -> Self:
        """The error with catalogue message ``key`` filled with ``params``."""
        message = Message(key, **params)
        error = cls(message.text("da"))
        error.message = message
        return error

    @classmethod
    def from_message(cls, message: Message, /) -> Self:
        """The error with the catalogue message ``message`` (built beforehand)."""
        return cls.from_key(message.key, **message.params)

    def text(self, lang: str = "da") -> str:
        """The message in ``lang`` (``"da"`` or ``"en"``; anything else is Danish)."""
        if lang != "en":
            return str(self)
        if self.message is not None:
            return redact(self.message.text("en"))
        return self.en if self.en is not None else str(self)


class CalendarRangeError(BoernesagError, ValueError):
    """A date lies outside the years the holiday data can describe."""


class TimeZoneError(BoernesagError, ValueError):
    """A wall-clock time in Europe/Copenhagen cannot be read without guessing."""


class NonexistentTimeError(TimeZoneError):
    """The wall-clock time does not exist (skipped at the start of summer time)."""


class AmbiguousTimeError(TimeZoneError):
    """The wall-clock time exists twice (repeated at the end of summer time)."""


class RuleError(BoernesagError, ValueError):
    """A rule file is malformed or a rule cannot be applied."""


class CaseFormatError(BoernesagError, ValueError):
    """A case or caseload does not follow the case format.

    The message names the case id, the event id and the field where they are known;
    the attributes carry them for programs. Raised with :meth:`from_key`: the reason is a
    catalogue entry, and :meth:`text` writes the place and the reason in either language.
    """

    def __init__(
        self,
        message: str,
        *,
        case_id: str | None = None,
        event_id: str | None = None,
        field: str | None = None,
        en: str | None = None,
    ) -> None:
        self.case_id = case_id
        self.event_id = event_id
        self.field = field
        self.reason = redact(message)
        super().__init__(located(message, case_id=case_id, event_id=event_id, field=field))
        self.en = redact(en) if en is not None else None

    @classmethod
    def from_key(  # type: ignore[override]
        cls,
        key: str,
        /,
        *,
        case_id: str | None = None,
        event_id: str | None = None,
        field: str | None = None,
        **params: object,
    ) -> Self:
        """The error with catalogue message ``key`` filled with ``params``, at the case, event
        and field given."""
        message = Message(key, **params)
        error = cls(message.text("da"), case_id=case_id, event_id=event_id, field=field)
        error.message = message
        return error

    def text(self, lang: str = "da") -> str:
        """The message in ``lang``: where it applies in that language, then the reason."""
        if lang != "en":
            return str(self)
        if self.message is not None:
            reason = redact(self.message.text("en"))
        else:
            reason = self.en if self.en is not None else self.reason
        return located(
            reason, case_id=self.case_id, event_id=self.event_id, field=self.field, lang="en"
        )


def located(
    message: str,
    *,
    case_id: str | None = None,
    event_id: str | None = None,
    field: str | None = None,
    lang: str = "da",
) -> str:
    """``message`` behind where it applies: ``sag K-1, hændelse E17, felt 'date': ...``
    (the parts that are known; ``case K-1, event E17, field 'date'`` with ``lang="en"``).
    Used by :class:`CaseFormatError` and the loader's warnings."""
    words = ("case", "event", "field") if lang == "en" else ("sag", "hændelse", "felt")
    where = []
    if case_id is not None:
        where.append(f"{words[0]} {case_id}")
    if event_id is not None:
        where.append(f"{words[1]} {event_id}")
    if field is not None:
        where.append(f"{words[2]} {field!r}")
    prefix = ", ".join(where)
    return f"{prefix}: {message}" if prefix else message


class AllocationError(BoernesagError, ValueError):
    """An argument of an allocation function cannot be used (an unknown solver, a load that
    is not a number, ``exclude`` given as one text); the message names the argument."""


class ArgumentError(BoernesagError, ValueError):
    """An argument of a public function has a value it cannot take (a language other than
    ``da``/``en``, a negative count); the message names the argument and the allowed values."""


class MissingExtraError(BoernesagError, ImportError):
    """A function needs an optional package that is not installed (numpy for the columnar
    engine, scipy for the optimal allocation solver); the message names the extra to install,
    e.g. ``pip install 'boernesag[numpy]'``. Also an ``ImportError``, as before."""
