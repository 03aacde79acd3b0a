"""The parallel batch API gives exactly what the serial engine gives, in order."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import attrs
import pytest

from boernesag.batch import parallel_deadlines
from boernesag.caseio import load_case
from boernesag.deadlines import deadlines

SPEC = Path(__file__).parent / "data" / "spec_example.json"


def _cases(n: int) -> list:  # type: ignore[type-arg]
    case = load_case(SPEC)
    return [attrs.evolve(case, case_id=f"K-{i:04d}") for i in range(n)]


def test_cases_and_deadlines_pickle() -> None:
    case = load_case(SPEC)
    assert pickle.loads(pickle.dumps(case)) == case
    d = deadlines(case, date(2024, 12, 31))
    assert pickle.loads(pickle.dumps(d)) == d


def test_parallel_equals_serial_in_order() -> None:
    cases = _cases(30)
    serial = [d for c in cases for d in deadlines(c, date(2024, 12, 31))]
    par = list(parallel_deadlines(cases, date(2024, 12, 31), workers=2, chunk_size=7))
    assert par == serial
    assert [d.case_id for d in par] == [d.case_id for d in serial]


def test_progress_reports_every_case() -> None:
    seen: list[int] = []
    list(
        parallel_deadlines(
            _cases(10), date(2024, 12, 31), workers=1, chunk_size=4, progress=seen.append
        )
    )
    assert seen == [4, 8, 10]


def test_parallel_deadlines_keep_their_rule_and_explanation() -> None:
    from boernesag.demo import demo_caseload

    cases = list(demo_caseload(40, seed=9).cases)
    serial = [d for c in cases for d in deadlines(c, date(2025, 6, 30))]
    par = list(parallel_deadlines(cases, date(2025, 6, 30), workers=2, chunk_size=9))
    assert par == serial
    for a, b in zip(par, serial, strict=True):
        assert a.rule is not None
        assert a.rule.id == b.rule_id
        assert a.version == b.version
        assert a.notes == b.notes
        assert a.explain("da") == b.explain("da")
        assert a.explain("en") == b.explain("en")


def test_a_stream_of_cases_is_pickled_to_the_workers() -> None:
    cases = _cases(12)
    serial = [d for c in cases for d in deadlines(c, date(2024, 12, 31))]
    seen: list[int] = []
    stream = (c for c in cases)  # not a sequence: the chunks travel by pickle
    par = list(
        parallel_deadlines(
            stream, date(2024, 12, 31), workers=2, chunk_size=5, progress=seen.append
        )
    )
    assert par == serial
    assert seen == [5, 10, 12]


def test_parallel_progress_in_order() -> None:
    seen: list[int] = []
    list(
        parallel_deadlines(
            _cases(10), date(2024, 12, 31), workers=2, chunk_size=4, progress=seen.append
        )
    )
    assert seen == [4, 8, 10]


def test_small_batches_run_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import boernesag.batch as batch

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker process for a small batch")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", no_pool)
    assert len(_cases(3)) < batch.MIN_PARALLEL
    got = list(parallel_deadlines(_cases(3), date(2024, 12, 31)))
    assert got == [d for c in _cases(3) for d in deadlines(c, date(2024, 12, 31))]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="workers"):
        list(parallel_deadlines(_cases(2), date(2024, 12, 31), workers=0))
    with pytest.raises(ValueError, match="chunk_size"):
        list(parallel_deadlines(_cases(2), date(2024, 12, 31), workers=2, chunk_size=0))


def test_parallel_frames_equal_the_serial_frames() -> None:
    pd = pytest.importorskip("pandas")
    from boernesag.audit import audit_caseload
    from boernesag.batch import parallel_deadlines_frame, parallel_findings_frame
    from boernesag.demo import demo_caseload
    from boernesag.frame import caseload_deadlines_frame, findings_to_frame

    cases = list(demo_caseload(50, seed=13).cases)
    as_of = date(2025, 6, 30)
    seen: list[int] = []
    got = parallel_deadlines_frame(cases, as_of, workers=2, chunk_size=11, progress=seen.append)
    assert seen == [11, 22, 33, 44, 50]
    pd.testing.assert_frame_equal(got, caseload_deadlines_frame(cases, as_of))
    got = parallel_deadlines_frame(cases, as_of, lang="en", explain=False, workers=2, chunk_size=7)
    pd.testing.assert_frame_equal(
        got, caseload_deadlines_frame(cases, as_of, lang="en", explain=False)
    )
    findings = parallel_findings_frame(cases, as_of, workers=2, chunk_size=13)
    expected = findings_to_frame(audit_caseload(cases, as_of))
    assert len(findings) > 0
    pd.testing.assert_frame_equal(findings, expected)
    empty = parallel_deadlines_frame([], as_of, workers=2)
    assert list(empty.columns) == list(caseload_deadlines_frame([], as_of).columns)


def test_progress_printer() -> None:
    import io

    from boernesag.batch import progress_printer

    out = io.StringIO()
    show = progress_printer(10, stream=out)
    for done in (4, 8, 10):
        show(done)
    assert out.getvalue() == "\r4/10 sager (40 %)\r8/10 sager (80 %)\r10/10 sager (100 %)\n"


def test_joining_chunks_unites_their_categories() -> None:
    pd = pytest.importorskip("pandas")
    from boernesag.batch import _concat

    a = pd.DataFrame({"k": pd.Categorical(["b", None]), "n": [1, 2]})
    b = pd.DataFrame({"k": pd.Categorical([None, None]), "n": [3, 4]})  # no categories at all
    c = pd.DataFrame({"k": pd.Categorical(["a", "b"]), "n": [5, 6]})
    got = _concat([a, b, c])
    assert list(got["k"].cat.categories) == ["a", "b"]
    assert got["k"].astype(object).where(got["k"].notna(), None).tolist() == [
        "b",
        None,
        None,
        None,
        "a",
        "b",
    ]
    assert got["n"].tolist() == [1, 2, 3, 4, 5, 6]
    levels = pd.CategoricalDtype(["high", "low"], ordered=True)
    d = pd.DataFrame({"s": pd.Series(["low"], dtype=levels)})
    e = pd.DataFrame({"s": pd.Series(["high"], dtype=levels)})
    assert _concat([d, e])["s"].dtype == levels


def test_the_garbage_collector_is_left_as_it_was() -> None:
    import gc

    assert gc.get_freeze_count() == 0
    list(parallel_deadlines(_cases(6), date(2024, 12, 31), workers=2, chunk_size=2))
    assert gc.get_freeze_count() == 0
    gc.freeze()  # the caller's own freeze is not undone
    try:
        frozen = gc.get_freeze_count()
        list(parallel_deadlines(_cases(6), date(2024, 12, 31), workers=2, chunk_size=2))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------- a bad case in a batch


class _Broken:
    """Not a case: the engine fails on it (an AttributeError), as on a bug."""

    case_id = "K-BAD"


def _with_bad(n: int, at: tuple[int, ...]) -> list:  # type: ignore[type-arg]
    cases: list = _cases(n)  # type: ignore[type-arg]
    for i in at:
        cases.insert(i, _Broken())
    return cases


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_case_is_listed_and_no_valid_case_is_lost(workers: int) -> None:
    from boernesag.batch import CaseFailure

    cases = _with_bad(12, (0, 5, 9))
    good = [c for c in cases if not isinstance(c, _Broken)]
    serial = [d for c in good for d in deadlines(c, date(2024, 12, 31))]
    failures: list[CaseFailure] = []
    got = list(
        parallel_deadlines(
            cases, date(2024, 12, 31), workers=workers, chunk_size=4, failures=failures
        )
    )
    assert got == serial
    assert [(f.index, f.case_id) for f in failures] == [(0, "K-BAD"), (5, "K-BAD"), (9, "K-BAD")]
    assert all(f.error.startswith("AttributeError") for f in failures)


def test_without_a_failures_list_a_bad_case_raises_after_the_same_deadlines() -> None:
    cases = _with_bad(10, (6,))
    runs = []
    for workers in (1, 2):
        seen: list = []  # type: ignore[type-arg]
        stream = parallel_deadlines(cases, date(2024, 12, 31), workers=workers, chunk_size=4)
        with pytest.raises(AttributeError):
            seen.extend(stream)
        runs.append(seen)
    assert runs[0] == runs[1]
    assert runs[0] == [d for c in cases[:6] for d in deadlines(c, date(2024, 12, 31))]


def test_frames_with_a_bad_case_keep_the_others() -> None:
    pytest.importorskip("pandas")
    from boernesag.batch import CaseFailure, parallel_deadlines_frame, parallel_findings_frame
    from boernesag.frame import caseload_deadlines_frame

    cases = _with_bad(9, (2, 7))
    good = [c for c in cases if not isinstance(c, _Broken)]
    expected = caseload_deadlines_frame(good, date(2024, 12, 31))
    expected_findings = parallel_findings_frame(good, date(2024, 12, 31), workers=1)
    assert len(expected_findings) > 0
    for workers in (1, 2):
        failures: list[CaseFailure] = []
        frame = parallel_deadlines_frame(
            cases, date(2024, 12, 31), workers=workers, chunk_size=4, failures=failures
        )
        assert frame.equals(expected)
        assert [f.index for f in failures] == [2, 7]
        failures = []
        findings = parallel_findings_frame(
            cases, date(2024, 12, 31), workers=workers, chunk_size=4, failures=failures
        )
        assert [f.index for f in failures] == [2, 7]
        assert findings.equals(expected_findings)
    with pytest.raises(AttributeError):
        parallel_deadlines_frame(cases, date(2024, 12, 31), workers=1)
