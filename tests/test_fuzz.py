"""Issue 14, item 2: bad input never escapes as a Python exception, hangs, loses or leaks.

Hypothesis mutates valid cases, caseloads (with their caseworkers and teams), allocation
policies and rule files (:mod:`fuzzing`: deleted fields, swapped types, extreme dates and
timestamps, DST gaps, odd and duplicate ids, broken refs, malformed paragraphs, out-of-range
numbers; ``as_of`` mostly in the window of the case, sometimes from year 1 to 9999) and runs
every public entry point on the result: load (strict and lenient), dump, deadlines (scalar and
columnar), audit, handover, reassign, switches, transition, ages, suggest, allocate, the frames,
the renderers and the command line. For each input it asserts:

* every call returns or raises a :class:`boernesag.errors.BoernesagError` subclass;
* every call finishes within a generous budget (``fuzzing.CALL_BUDGET``, 10 s on a small case);
* no CPR-shaped number of the input appears unmasked in an error message, log record,
  warning, rejection, the CLI's stderr, or (the child's number) a case's repr or
  ``attrs.asdict``;
* nothing is lost: the lenient loader keeps every case that loads alone (ids unique), refuses
  every copy of a duplicate case id and accounts for every item; a reported move is the case's
  caseworker on the handover day afterwards; ``handover --save`` writes every case;
* a dump reads back as the same case; the CLI exits 0, 2 or 3 without a traceback, and
  ``audit`` does not exit 0 when cases could not be audited.

The runs are deterministic (``derandomize``, no example database) and bounded: the default
run takes well under a minute; ``-m fuzz`` runs the ``_long`` variants with 15 times as many
examples. For a tally of many distinct failures, run ``python tests/fuzzing.py``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from boernesag.errors import CaseFormatError
from fuzzing import FuzzInput, Recorder, fuzz_inputs, run_input

#: Examples per mode in the default run (CI). The ``fuzz`` run multiplies them by LONG.
EXAMPLES = {"case": 100, "caseload": 80, "cli": 80, "policy": 80, "rules": 60}
LONG = 15


def _settings(n: int) -> Any:
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


class FuzzViolation(AssertionError):
    """A violation found by the fuzzer. Each (kind, exception, library frame) gets its own
    subclass, so that Hypothesis reports distinct failures separately instead of the first.
    A timeout is keyed by its entry point, not by where the watchdog stopped it (that varies
    from run to run), and only when the input has no other failure, so that replaying an input
    gives the same class."""


_VIOLATIONS: dict[tuple[str, str, str], type[FuzzViolation]] = {}


def _violation(key: tuple[str, str, str]) -> type[FuzzViolation]:
    if key not in _VIOLATIONS:
        name = "FuzzViolation[" + " ".join(k for k in key if k) + "]"
        _VIOLATIONS[key] = type(name, (FuzzViolation,), {})
    return _VIOLATIONS[key]


def check(item: FuzzInput) -> None:
    """Run every driver of the input's mode; fail listing each violation and the input."""
    rec = run_input(item)
    if rec.failures:
        lines = [str(f) for f in rec.failures]
        first = next((f for f in rec.failures if f.kind != "timeout"), rec.failures[0])
        key = first.key if first.kind != "timeout" else ("timeout", first.entry, "")
        raise _violation(key)(
            f"{len(lines)} violation(s):\n  " + "\n  ".join(lines) + "\n" + item.describe()
        )


@_settings(EXAMPLES["case"])
@given(fuzz_inputs("case"))
def test_fuzz_case(item: FuzzInput) -> None:
    check(item)


@_settings(EXAMPLES["caseload"])
@given(fuzz_inputs("caseload"))
def test_fuzz_caseload(item: FuzzInput) -> None:
    check(item)


@_settings(EXAMPLES["cli"])
@given(fuzz_inputs("cli"))
def test_fuzz_cli(item: FuzzInput) -> None:
    check(item)


@_settings(EXAMPLES["policy"])
@given(fuzz_inputs("policy"))
def test_fuzz_policy(item: FuzzInput) -> None:
    check(item)


@_settings(EXAMPLES["rules"])
@given(fuzz_inputs("rules"))
def test_fuzz_rules(item: FuzzInput) -> None:
    check(item)


@pytest.mark.fuzz
@_settings(LONG * EXAMPLES["case"])
@given(fuzz_inputs("case"))
def test_fuzz_case_long(item: FuzzInput) -> None:
    check(item)


@pytest.mark.fuzz
@_settings(LONG * EXAMPLES["caseload"])
@given(fuzz_inputs("caseload"))
def test_fuzz_caseload_long(item: FuzzInput) -> None:
    check(item)


@pytest.mark.fuzz
@_settings(LONG * EXAMPLES["cli"])
@given(fuzz_inputs("cli"))
def test_fuzz_cli_long(item: FuzzInput) -> None:
    check(item)


@pytest.mark.fuzz
@_settings(LONG * EXAMPLES["policy"])
@given(fuzz_inputs("policy"))
def test_fuzz_policy_long(item: FuzzInput) -> None:
    check(item)


@pytest.mark.fuzz
@_settings(LONG * EXAMPLES["rules"])
@given(fuzz_inputs("rules"))
def test_fuzz_rules_long(item: FuzzInput) -> None:
    check(item)


def test_the_harness_catches_what_it_must() -> None:
    """The recorder fails a raw exception, a leaked CPR number and a hang; it passes a library
    error whose message is masked (so the fuzz tests above can fail)."""

    def raw() -> None:
        raise KeyError("x")

    def masked() -> None:
        raise CaseFormatError("'0305121234' er ikke en dato", case_id="K-1")

    def leaks() -> None:
        logging.getLogger("boernesag.caseio").warning("afvist: 0305121234")

    def hangs() -> None:
        time.sleep(5)

    with Recorder({"0305121234"}, budget=0.5) as rec:
        rec.call("raw", raw)
        rec.call("masked", masked)
        rec.call("leaks", leaks)
        rec.call("hangs", hangs)
    kinds = {(f.entry, f.kind, f.exc_type) for f in rec.failures}
    assert kinds == {
        ("raw", "exception", "KeyError"),
        ("leaks", "privacy", "log record"),
        ("hangs", "timeout", "Timeout"),
    }
