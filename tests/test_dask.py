"""The partition functions of boernesag.frame under Dask: the same result as pandas.

Runs on a local Dask client (threads, no worker processes) and on the synchronous scheduler;
skipped when Dask is not installed (``pip install 'boernesag[dask]'``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from boernesag.demo import demo_caseload  # noqa: E402
from boernesag.frame import (  # noqa: E402
    cases_to_frame,
    deadlines_from_events,
    findings_from_events,
)

AS_OF = date(2025, 6, 30)
KEY = ["case_id", "rule_id", "trigger", "due", "measure"]


def _events() -> Any:
    """The demo's events, one bad case among them, indexed by case number (so that a
    partition boundary never cuts a case in two)."""
    caseload = demo_caseload(80, seed=21)
    events = cases_to_frame(caseload)
    events["type"] = events["type"].astype("string")
    bad = caseload.cases[17].case_id
    events.loc[events.index[events["case_id"] == bad][0], "type"] = "ukendt_type"
    number = {c.case_id: i for i, c in enumerate(caseload.cases)}
    return events.set_index(events["case_id"].map(number).rename("case_no")), bad


def _canonical(frame: Any, key: list[str]) -> Any:
    """Rows in a fixed order, every cell as text (categories differ between partitions)."""
    text = frame.astype(dict.fromkeys(frame.columns, str))
    return text.sort_values(key).reset_index(drop=True)


def _ddf(events: Any) -> Any:
    # Dask turns object columns into text by default; the demo's extra event keys (e.g.
    # ``barnets_plan``: false) are not text, and "False" would read as a text.
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(events, npartitions=4, sort=True)
    assert ddf.npartitions > 1
    return ddf


def test_deadlines_over_dask_partitions_equal_pandas() -> None:
    events, bad = _events()
    expected = deadlines_from_events(events.reset_index(drop=True), AS_OF, explain=False)
    assert expected["error"].notna().sum() == 1
    ddf = _ddf(events)
    meta = deadlines_from_events(events.head(0), AS_OF, explain=False)
    result = ddf.map_partitions(deadlines_from_events, AS_OF, explain=False, meta=meta)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2):
        got = result.compute()
    assert list(got.columns) == list(expected.columns)
    assert got[got["error"].notna()]["case_id"].tolist() == [bad]
    pd.testing.assert_frame_equal(_canonical(got, KEY), _canonical(expected, KEY))


def test_findings_over_dask_partitions_equal_pandas() -> None:
    events, bad = _events()
    expected = findings_from_events(events.reset_index(drop=True), AS_OF)
    meta = findings_from_events(events.head(0), AS_OF)
    got = _ddf(events).map_partitions(findings_from_events, AS_OF, meta=meta)
    got = got.compute(scheduler="synchronous")
    assert got[got["error"].notna()]["case_id"].tolist() == [bad]
    key = ["case_id", "code", "date", "explanation"]
    pd.testing.assert_frame_equal(_canonical(got, key), _canonical(expected, key))


def test_the_documented_recipe_with_set_index() -> None:
    """docs/scale.rst: shuffle with set_index("case_id"), meta from the empty partition."""
    events, bad = _events()
    events = events.reset_index(drop=True)
    expected = deadlines_from_events(events, AS_OF, explain=False)
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(events, npartitions=5).set_index("case_id")
        meta = deadlines_from_events(ddf._meta, AS_OF, explain=False)
        result = ddf.map_partitions(deadlines_from_events, AS_OF, explain=False, meta=meta)
        got = result.compute(scheduler="synchronous")
    assert ddf.npartitions > 1
    assert got[got["error"].notna()]["case_id"].tolist() == [bad]
    pd.testing.assert_frame_equal(_canonical(got, KEY), _canonical(expected, KEY))
