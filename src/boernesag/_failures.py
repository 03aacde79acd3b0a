"""One wording for a case a caseload run could not compute (private).

A caseload run (handover, reassignment, audit, the batch API, the command line) computes case
by case and never lets one case's failure stop the others: the failure is listed with the
case's id and this message. A library error (:class:`~boernesag.errors.BoernesagError`) is its
own message, which names the case, event and field; any other exception is a bug in boernesag,
shown as its type and message. Either way CPR-shaped digits are masked
(:func:`boernesag.cpr.redact`): the message may echo a value typed into the wrong field.
"""

from __future__ import annotations

from boernesag.cpr import redact
from boernesag.errors import BoernesagError

__all__ = ["failure_message"]


def failure_message(exc: BaseException) -> str:
    """``str(exc)`` for a library error, ``"TypeName: message"`` for any other, redacted."""
    if isinstance(exc, BoernesagError):
        return redact(str(exc))
    text = str(exc)
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)
