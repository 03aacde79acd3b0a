"""Batch runs over many cases, in parallel over the machine's cores.

:func:`parallel_deadlines` computes the deadlines of many cases in worker processes (standard
library :mod:`concurrent.futures`), in chunks, and yields them in the input order. Small
batches run in-process: starting workers costs more than it saves below a few thousand cases.

For data larger than one machine, map the per-case function over partitions instead; see
the docs' "Scale" chapter (Dask ``map_partitions`` or Spark ``mapInPandas``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from itertools import islice

from boernesag.deadlines import Deadline, deadlines
from boernesag.law import RuleSet
from boernesag.model import Case
from boernesag.periods import LeapDayRule

__all__ = ["parallel_deadlines", "run_chunks"]

#: Below this many cases a batch runs in the calling process.
MIN_PARALLEL = 2_000


def _chunks(cases: Iterable[Case], size: int) -> Iterator[list[Case]]:
    it = iter(cases)
    while chunk := list(islice(it, size)):
        yield chunk


#: Cases shared with forked workers (set just before the pool starts; read-only in workers).
_SHARED: Sequence[Case] = ()


def _deadlines_range(
    start: int, stop: int, as_of: date | datetime, rules: RuleSet | None, leap: LeapDayRule
) -> list[Deadline]:
    return _deadlines_chunk(_SHARED[start:stop], as_of, rules, leap)


def _deadlines_chunk(
    cases: Sequence[Case], as_of: date | datetime, rules: RuleSet | None, leap: LeapDayRule
) -> list[Deadline]:
    out: list[Deadline] = []
    for case in cases:
        out.extend(deadlines(case, as_of, rules=rules, leap_day_rule=leap))
    return out


def run_chunks(
    func: Callable[..., list[Deadline]],
    cases: Iterable[Case],
    *args: object,
    workers: int | None = None,
    chunk_size: int = 1_000,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Deadline]:
    """Apply ``func(chunk, *args)`` to chunks of cases in worker processes, in order."""
    n_workers = workers or os.cpu_count() or 1
    done = 0
    if n_workers <= 1:
        for chunk in _chunks(cases, chunk_size):
            yield from func(chunk, *args)
            done += len(chunk)
            if progress is not None:
                progress(done)
        return
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        pending = []
        sizes = []
        for chunk in _chunks(cases, chunk_size):
            pending.append(pool.submit(func, chunk, *args))
            sizes.append(len(chunk))
        for future, size in zip(pending, sizes, strict=True):
            yield from future.result()
            done += size
            if progress is not None:
                progress(done)


def parallel_deadlines(
    cases: Sequence[Case] | Iterable[Case],
    as_of: date | datetime,
    *,
    rules: RuleSet | None = None,
    leap_day_rule: LeapDayRule = LeapDayRule.FEB_28,
    workers: int | None = None,
    chunk_size: int = 1_000,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Deadline]:
    """The deadlines of all ``cases`` (as :func:`boernesag.deadlines`), computed in parallel.

    Results come in the order of the input cases. ``workers`` defaults to the number of CPUs,
    except that a batch smaller than :data:`MIN_PARALLEL` cases then runs in this process. ``progress`` is called
    with the number of cases done after each chunk.
    """
    if workers is None and isinstance(cases, Sequence) and len(cases) < MIN_PARALLEL:
        workers = 1
    n_workers = workers or os.cpu_count() or 1
    if n_workers > 1 and isinstance(cases, Sequence) and sys.platform.startswith("linux"):
        # Forked workers inherit the cases: only index ranges travel to them, not the cases.
        yield from _forked(cases, as_of, rules, leap_day_rule, n_workers, chunk_size, progress)
        return
    yield from run_chunks(
        _deadlines_chunk,
        cases,
        as_of,
        rules,
        leap_day_rule,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
    )


def _forked(
    cases: Sequence[Case],
    as_of: date | datetime,
    rules: RuleSet | None,
    leap: LeapDayRule,
    workers: int,
    chunk_size: int,
    progress: Callable[[int], None] | None,
) -> Iterator[Deadline]:
    global _SHARED
    _SHARED = cases
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            bounds = [
                (i, min(i + chunk_size, len(cases))) for i in range(0, len(cases), chunk_size)
            ]
            futures = [pool.submit(_deadlines_range, a, b, as_of, rules, leap) for a, b in bounds]
            for (_, stop), future in zip(bounds, futures, strict=True):
                yield from future.result()
                if progress is not None:
                    progress(stop)
    finally:
        _SHARED = ()
