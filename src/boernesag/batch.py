"""Batch runs over many cases, in parallel over the machine's cores.

The deadline engine (:func:`boernesag.deadlines.deadlines`) and the audit work case by case, so
a large caseload splits into chunks of cases that worker processes (standard library
:mod:`concurrent.futures`) compute independently. What makes this pay is what travels back:
a worker returns *compact* results, never the rich result objects with their references to
the rules:

* :func:`parallel_deadlines_frame` and :func:`parallel_findings_frame`: each worker builds
  the DataFrame of its chunk (explanations included, the slow part), the parent only joins
  them. This is the fast path for analysis (the ``pandas`` extra).
* :func:`parallel_deadlines`: :class:`~boernesag.deadlines.Deadline` objects, in input
  order. Workers send plain tuples (the rule by its id and version number); the parent puts
  the deadlines back together with its own rule set, which costs the parent about half of
  unpickling the objects, and the workers a fifth of pickling them (but the parent's
  rebuilding is serial: about a third of the serial run's time, so two cores gain less).

Small batches run in this process: below :data:`MIN_PARALLEL` cases, starting workers costs
more than it saves. On Linux the workers are forked and inherit the cases, so only index
ranges travel to them; elsewhere (or for a stream of cases) the chunks are pickled.

``progress`` is called with the number of cases done after each chunk, in order;
:func:`progress_printer` gives one that prints a line to ``stderr``.

A case that cannot be computed raises, as the serial engine does, after every deadline of the
cases before it (the same output for any number of workers). Pass a list as ``failures`` to
go on instead: each such case is appended to it as a :class:`CaseFailure` (its position, id
and why, CPR digits masked), in input order, and every other case is computed as usual, so no
valid case is lost because one is bad.

For data larger than one machine, map the partition functions of :mod:`boernesag.frame`
(:func:`~boernesag.frame.deadlines_from_events`, :func:`~boernesag.frame.findings_from_events`)
over partitions instead: see the docs' chapter "Stor skala / at scale" (Dask
``map_partitions``, Spark ``mapInPandas``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date, datetime
from itertools import islice
from typing import IO, Any

import attrs

from boernesag._failures import failure_message
from boernesag.deadlines import Deadline, Note, deadlines
from boernesag.errors import BoernesagError
from boernesag.law import Rule, RuleSet, default_rules
from boernesag.model import Case
from boernesag.periods import LeapDayRule

__all__ = [
    "MIN_PARALLEL",
    "CaseFailure",
    "parallel_deadlines",
    "parallel_deadlines_frame",
    "parallel_findings_frame",
    "progress_printer",
    "run_chunks",
]

#: Below this many cases a batch runs in the calling process (when ``workers`` is not given).
MIN_PARALLEL = 2_000

#: The fields of a Deadline that travel as they are (the rest: notes, rule and version).
_PLAIN = tuple(a.name for a in attrs.fields(Deadline) if a.name not in ("notes", "rule", "version"))

_RULE_ID = _PLAIN.index("rule_id")
_POSITIONAL = tuple(a.name for a in attrs.fields(Deadline)) == (*_PLAIN, "notes", "rule", "version")

Progress = Callable[[int], None]


@attrs.frozen
class CaseFailure:
    """A case a batch run could not compute: its position in the input (from 0), its id and
    why (the library's message, or ``"TypeName: message"`` for a bug; CPR digits masked)."""

    index: int
    case_id: str | None
    error: str


#: In a chunk's result: (number of rows before it, position in the chunk, case id, message,
#: the exception itself when it pickles, to be raised again in the parent).
_Failed = tuple[int, int, str | None, str, BaseException | None]


def _failed(n_rows: int, offset: int, case: Any, exc: Exception) -> _Failed:
    try:
        pickle.dumps(exc)
        travels: BaseException | None = exc
    except Exception:
        travels = None
    return (n_rows, offset, getattr(case, "case_id", None), failure_message(exc), travels)


def _chunks(cases: Iterable[Case], size: int) -> Iterator[list[Case]]:
    it = iter(cases)
    while chunk := list(islice(it, size)):
        yield chunk


def _check(workers: int | None, chunk_size: int) -> None:
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise ValueError(f"workers skal være et positivt heltal, ikke {workers!r}")
    if isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size skal være et positivt heltal, ikke {chunk_size!r}")


def _n_workers(cases: Iterable[Case], workers: int | None) -> int:
    if workers is None:
        if isinstance(cases, Sequence) and len(cases) < MIN_PARALLEL:
            return 1
        return os.cpu_count() or 1
    return workers


# --------------------------------------------------------------------------- the engine

#: Cases and arguments shared with forked workers (set just before the pool starts, read-only
#: in the workers, reset after).
_SHARED: tuple[Sequence[Case], tuple[Any, ...]] = ((), ())


def _shared_range(func: Callable[..., Any], start: int, stop: int) -> Any:
    cases, args = _SHARED
    return func(cases[start:stop], *args)


def run_chunks(
    func: Callable[..., Any],
    cases: Iterable[Case],
    *args: Any,
    workers: int | None = None,
    chunk_size: int = 1_000,
    progress: Progress | None = None,
) -> Iterator[Any]:
    """``func(chunk, *args)`` for each chunk of ``cases``, in input order, in worker processes.

    ``func`` must be a module-level function (workers import it by name) and should return
    something compact: it is pickled back to this process. ``workers=1`` (or a batch
    smaller than :data:`MIN_PARALLEL` cases when ``workers`` is not given) runs in this
    process. On Linux, a sequence of cases is shared with forked workers without pickling.
    """
    _check(workers, chunk_size)
    n_workers = _n_workers(cases, workers)
    if n_workers <= 1:
        done = 0
        for chunk in _chunks(cases, chunk_size):
            yield func(chunk, *args)
            done += len(chunk)
            if progress is not None:
                progress(done)
        return
    if isinstance(cases, Sequence) and sys.platform.startswith("linux"):
        yield from _forked(func, cases, args, n_workers, chunk_size, progress)
        return
    yield from _pickled(func, cases, args, n_workers, chunk_size, progress)


def _pickled(
    func: Callable[..., Any],
    cases: Iterable[Case],
    args: tuple[Any, ...],
    workers: int,
    chunk_size: int,
    progress: Progress | None,
) -> Iterator[Any]:
    """Chunks pickled to the workers; at most ``2 * workers`` chunks in flight."""
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[tuple[Future[Any], int]] = []
        for chunk in _chunks(cases, chunk_size):
            pending.append((pool.submit(func, chunk, *args), len(chunk)))
            if len(pending) >= 2 * workers:
                future, size = pending.pop(0)
                yield future.result()
                done += size
                if progress is not None:
                    progress(done)
        for future, size in pending:
            yield future.result()
            done += size
            if progress is not None:
                progress(done)


def _forked(
    func: Callable[..., Any],
    cases: Sequence[Case],
    args: tuple[Any, ...],
    workers: int,
    chunk_size: int,
    progress: Progress | None,
) -> Iterator[Any]:
    """Forked workers inherit the cases and arguments: only index ranges travel to them."""
    global _SHARED
    _SHARED = (cases, args)
    # Keep the parent's objects out of the workers' garbage collection: a collection in a
    # worker would otherwise write to every inherited object and so copy its memory page
    # (see gc.freeze in Python's documentation). The pool forks its workers at the first
    # submit; the parent's objects are frozen until then (unless the caller froze some).
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            bounds = [
                (i, min(i + chunk_size, len(cases))) for i in range(0, len(cases), chunk_size)
            ]
            try:
                futures = [pool.submit(_shared_range, func, a, b) for a, b in bounds]
            finally:
                if freeze:
                    gc.unfreeze()
                    freeze = False
            for (_, stop), future in zip(bounds, futures, strict=True):
                yield future.result()
                if progress is not None:
                    progress(stop)
    finally:
        _SHARED = ((), ())
        if freeze:
            gc.unfreeze()


# --------------------------------------------------------------------------- deadlines


def _compact_chunk(
    cases: Sequence[Case], as_of: date | datetime, rules: RuleSet | None, leap: LeapDayRule
) -> tuple[list[tuple[Any, ...]], list[_Failed], int]:
    """The deadlines of ``cases`` as plain tuples: the plain fields, the notes as
    ``(key, args)`` and the number of the rule's version (``-1`` for none); the cases that
    could not be computed (where they fall among the rows); the number of cases."""
    rs = rules if rules is not None else default_rules()
    out: list[tuple[Any, ...]] = []
    failed: list[_Failed] = []
    for offset, case in enumerate(cases):
        try:
            items = deadlines(case, as_of, rules=rs, leap_day_rule=leap)
        except Exception as exc:  # one case's failure never stops the chunk
            failed.append(_failed(len(out), offset, case, exc))
            continue
        for d in items:
            version = -1
            if d.rule is not None and d.version is not None:
                version = d.rule.versions.index(d.version)
            out.append(
                (
                    *(getattr(d, name) for name in _PLAIN),
                    tuple((n.key, n.args) for n in d.notes),
                    version,
                )
            )
    return out, failed, len(cases)


def _rebuild(row: tuple[Any, ...], rules: Mapping[str, Rule]) -> Deadline:
    rule = rules.get(row[_RULE_ID])
    version = row[-1]
    notes = tuple(Note(key, args) for key, args in row[-2])
    v = rule.versions[version] if rule is not None and version >= 0 else None
    if _POSITIONAL:  # the plain fields come first in Deadline, then notes, rule, version
        return Deadline(*row[:-2], notes, rule, v)  # type: ignore[call-arg]
    return Deadline(**dict(zip(_PLAIN, row, strict=False)), notes=notes, rule=rule, version=v)


def parallel_deadlines(
    cases: Sequence[Case] | Iterable[Case],
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    workers: int | None = None,
    chunk_size: int = 1_000,
    progress: Progress | None = None,
    failures: list[CaseFailure] | None = None,
) -> Iterator[Deadline]:
    """The deadlines of all ``cases`` (as :func:`boernesag.deadlines.deadlines`), in parallel.

    The same deadlines, equal and in the same order, as the serial engine; each with its
    rule and rule version, so that ``explain()`` works. ``workers`` defaults to the number
    of CPUs, except that a batch smaller than :data:`MIN_PARALLEL` cases then runs in this
    process. For a table, :func:`parallel_deadlines_frame` is faster (the workers build it).

    A case that cannot be computed raises its error after the deadlines of every case before
    it; with a ``failures`` list it is appended there instead and the run goes on (see the
    module). Either way the output is the same for any number of workers.
    """
    rs = rules if rules is not None else default_rules()
    if _n_workers(cases, workers) <= 1:
        _check(workers, chunk_size)
        done = 0
        for chunk in _chunks(cases, chunk_size):
            for offset, case in enumerate(chunk):
                try:
                    items = deadlines(case, as_of, rules=rs, leap_day_rule=leap_day_rule)
                except Exception as exc:
                    if failures is None:
                        raise
                    failures.append(
                        CaseFailure(
                            done + offset, getattr(case, "case_id", None), failure_message(exc)
                        )
                    )
                    continue
                yield from items
            done += len(chunk)
            if progress is not None:
                progress(done)
        return
    by_id = {r.id: r for r in rs}
    base = 0
    for rows, failed, n_cases in run_chunks(
        _compact_chunk,
        cases,
        as_of,
        rules,
        leap_day_rule,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
    ):
        start = 0
        for at, offset, case_id, message, error in failed:
            for row in rows[start:at]:
                yield _rebuild(row, by_id)
            start = at
            if failures is None:
                # The case's own error, as the serial engine raises it.
                raise error if error is not None else BoernesagError(f"sag {case_id}: {message}")
            failures.append(CaseFailure(base + offset, case_id, message))
        for row in rows[start:]:
            yield _rebuild(row, by_id)
        base += n_cases


# --------------------------------------------------------------------------- frames


def _isolated(
    cases: Sequence[Case], compute: Callable[[Sequence[Case]], Any], isolate: bool
) -> tuple[Any, list[_Failed], int]:
    """``compute(cases)``; if it fails and ``isolate``, each case alone to find the ones that
    fail, then ``compute`` of the others (the same result as for those cases in one run)."""
    if not isolate:
        return compute(cases), [], len(cases)
    try:
        return compute(cases), [], len(cases)
    except Exception:
        good: list[Case] = []
        failed: list[_Failed] = []
        for offset, case in enumerate(cases):
            try:
                compute([case])
            except Exception as exc:
                failed.append(_failed(0, offset, case, exc))
            else:
                good.append(case)
        return compute(good), failed, len(cases)


def _deadlines_frame_chunk(
    cases: Sequence[Case],
    as_of: date | datetime,
    rules: RuleSet | None,
    lang: str,
    explain: bool,
    isolate: bool = False,
) -> tuple[Any, list[_Failed], int]:
    from boernesag.frame import caseload_deadlines_frame

    def compute(some: Sequence[Case]) -> Any:
        return caseload_deadlines_frame(some, as_of, rules=rules, lang=lang, explain=explain)

    return _isolated(cases, compute, isolate)


def _findings_frame_chunk(
    cases: Sequence[Case],
    as_of: date | datetime,
    rules: RuleSet | None,
    lang: str,
    isolate: bool = False,
) -> tuple[Any, list[_Failed], int]:
    from boernesag.audit import audit_caseload
    from boernesag.frame import findings_to_frame

    def compute(some: Sequence[Case]) -> Any:
        report = audit_caseload(some, as_of, rules=rules, strict=True)
        return findings_to_frame(report.cases, lang)

    return _isolated(cases, compute, isolate)


def _frames(
    results: Iterable[tuple[Any, list[_Failed], int]], failures: list[CaseFailure] | None
) -> list[Any]:
    """The chunks' frames, in order; their failures appended to ``failures`` in input order
    (or, without a list, the first raised as the serial run raises it)."""
    frames: list[Any] = []
    base = 0
    for frame, failed, n_cases in results:
        for _, offset, case_id, message, error in failed:
            if failures is None:
                raise error if error is not None else BoernesagError(f"sag {case_id}: {message}")
            failures.append(CaseFailure(base + offset, case_id, message))
        frames.append(frame)
        base += n_cases
    return frames


def _concat(frames: list[Any]) -> Any:
    """The chunks' frames as one. A category column whose categories differ between chunks
    gets the union of them: sorted, as a frame of the whole batch has them, or, for an
    ordered one, in the order of their first appearance."""
    import pandas as pd

    if len(frames) == 1:
        return frames[0]
    out = pd.concat(frames, ignore_index=True)
    for name in frames[0].columns:
        dtypes = [f[name].dtype for f in frames]
        first = dtypes[0]
        if not isinstance(first, pd.CategoricalDtype) or all(t == first for t in dtypes):
            continue
        seen: dict[Any, None] = {}
        for t in dtypes:  # an all-empty chunk has no categories (of another dtype): no matter
            seen.update(dict.fromkeys(t.categories))
        categories = list(seen) if first.ordered else sorted(seen)
        out[name] = pd.Series(
            pd.Categorical(_column(frames, name), categories=categories, ordered=first.ordered)
        )
    return out


def _column(frames: list[Any], name: str) -> list[Any]:
    """The values of column ``name`` of every frame, in order, as plain Python objects."""
    values: list[Any] = []
    for f in frames:
        values.extend(f[name].astype(object).tolist())
    return values


def parallel_deadlines_frame(
    cases: Sequence[Case] | Iterable[Case],
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    lang: str = "da",
    explain: bool = True,
    workers: int | None = None,
    chunk_size: int = 2_000,
    progress: Progress | None = None,
    failures: list[CaseFailure] | None = None,
) -> Any:
    """:func:`boernesag.frame.caseload_deadlines_frame` computed in worker processes.

    Each worker builds the frame of its chunk of cases (deadlines, explanations and all);
    the parent joins the chunks in input order. The result equals the serial frame. Needs
    the ``pandas`` extra. With a ``failures`` list, a case that cannot be computed is
    appended there and the frame has the other cases (see the module); without, it raises.
    """
    from boernesag.caseframe import load_pandas
    from boernesag.frame import caseload_deadlines_frame

    load_pandas()
    if _n_workers(cases, workers) <= 1 and progress is None and failures is None:
        return caseload_deadlines_frame(cases, as_of, rules=rules, lang=lang, explain=explain)
    frames = _frames(
        run_chunks(
            _deadlines_frame_chunk,
            cases,
            as_of,
            rules,
            lang,
            explain,
            failures is not None,
            workers=workers,
            chunk_size=chunk_size,
            progress=progress,
        ),
        failures,
    )
    if not frames:
        return caseload_deadlines_frame([], as_of, rules=rules, lang=lang, explain=explain)
    return _concat(frames)


def parallel_findings_frame(
    cases: Sequence[Case] | Iterable[Case],
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    lang: str = "da",
    workers: int | None = None,
    chunk_size: int = 2_000,
    progress: Progress | None = None,
    failures: list[CaseFailure] | None = None,
) -> Any:
    """:func:`boernesag.frame.findings_to_frame` of the audit of every case, in parallel.

    Each worker audits its chunk (:func:`boernesag.audit.audit_caseload`) and returns the
    findings frame; the parent joins them in input order. A case the audit cannot run on
    raises, unless a ``failures`` list is given: then it is appended there and the frame has
    the findings of the other cases (see the module; or use ``audit_caseload``, or
    :func:`boernesag.frame.findings_from_events` on a table). Needs the ``pandas`` extra.
    """
    from boernesag.caseframe import load_pandas
    from boernesag.frame import findings_to_frame

    load_pandas()
    frames = _frames(
        run_chunks(
            _findings_frame_chunk,
            cases,
            as_of,
            rules,
            lang,
            failures is not None,
            workers=workers,
            chunk_size=chunk_size,
            progress=progress,
        ),
        failures,
    )
    if not frames:
        return findings_to_frame([], lang)
    return _concat(frames)


# --------------------------------------------------------------------------- progress


def progress_printer(
    total: int | None = None, *, stream: IO[str] | None = None, every: float = 0.0
) -> Progress:
    """A ``progress`` callback that prints "12000/100000 sager (12 %)" to ``stream``
    (``sys.stderr``), overwriting the line; a new line when ``total`` is reached. ``every``:
    print at most once per that many seconds (the last call always prints)."""
    import time

    out = stream if stream is not None else sys.stderr
    last = [float("-inf")]

    def show(done: int) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - last[0] < every:
            return
        last[0] = now
        text = f"\r{done}/{total} sager ({100 * done // total} %)" if total else f"\r{done} sager"
        out.write(text + ("\n" if final else ""))
        out.flush()

    return show
