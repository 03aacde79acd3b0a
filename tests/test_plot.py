"""boernesag.plot: the charts render to files and carry what they claim (axes, labels, counts).

Every figure is drawn without pyplot (a plain matplotlib Figure), so no display is needed.
The fixture case is hand-built; gaps and bars are worked out by hand in comments.
"""

from __future__ import annotations

import importlib
import itertools
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

mpl = pytest.importorskip("matplotlib")

from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from boernesag.caseio import case_from_mapping  # noqa: E402
from boernesag.deadlines import Deadline, Status, deadlines  # noqa: E402
from boernesag.model import Case  # noqa: E402
from boernesag.periods import COPENHAGEN  # noqa: E402
from boernesag.plot import (  # noqa: E402
    EVENT_GROUPS,
    STATUS_COLORS,
    activity_gaps,
    plot_audit_table,
    plot_case_timeline,
    plot_caseworker_load,
    plot_upcoming_deadlines,
)

AS_OF = date(2025, 6, 30)  # a Monday, ISO week 27

CASE: dict[str, Any] = {
    "case_id": "K-1",
    "child": {"id": "B-1", "birth_date": "2012-05-03"},
    "team": "T-handicap",
    "events": [
        {
            "id": "E1",
            "type": "underretning",
            "at": "2024-03-22T09:15:00+01:00",
            "professional": True,
        },
        {"id": "E2", "type": "underretning_vurderet", "at": "2024-03-22T14:00:00", "ref": "E1"},
        {"id": "E3", "type": "kvittering_sendt", "date": "2024-03-27", "ref": "E1"},
        {
            "id": "E8",
            "type": "afgoerelse",
            "date": "2024-07-15",
            "paragraph": "BL 32",
            "outcome": "bevilget",
            "measure": "M1",
            "partshoering": True,
            "begrundelse": True,
            "klagevejledning": True,
        },
        {
            "id": "E9",
            "type": "foranstaltning_start",
            "date": "2024-08-01",
            "measure": "M1",
            "paragraph": "BL 32",
        },
        {"id": "E10", "type": "opfoelgning", "date": "2024-10-20", "measure": "M1"},
        {"id": "E11", "type": "sagsbehandler_tildelt", "date": "2024-03-22", "caseworker": "CW-07"},
    ],
}


@pytest.fixture
def case() -> Case:
    return case_from_mapping(CASE)


def num(day: date) -> float:
    """matplotlib's date number: days since 1970-01-01."""
    return float(day.toordinal() - date(1970, 1, 1).toordinal())


def by_gid(fig: Figure, prefix: str) -> list[Any]:
    """The artists of the figure's first axes whose gid starts with ``prefix``."""
    ax = fig.axes[0]
    artists = [*ax.patches, *ax.collections, *ax.lines, *ax.texts]
    return [a for a in artists if (a.get_gid() or "").startswith(prefix)]


def legend_texts(fig: Figure) -> list[str]:
    """The entries of the axes' legend, after those of the figure's legends (the timeline's
    events have a figure legend of their own)."""
    legend = fig.axes[0].get_legend()
    assert legend is not None
    return [t.get_text() for lg in [*fig.legends, legend] for t in lg.get_texts()]


def is_png(path: Path) -> bool:
    return path.stat().st_size > 5000 and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- timeline


def test_activity_gaps_by_hand(case: Case) -> None:
    # Activity (assignments and notices do not count): 22 Mar (assessment), 27 Mar,
    # 15 Jul, 1 Aug, 20 Oct 2024. 27 Mar -> 15 Jul is 110 days; 20 Oct 2024 -> 30 Jun 2025
    # (still open) 253 days; the others are within 90.
    assert activity_gaps(case, AS_OF) == [
        (date(2024, 3, 27), date(2024, 7, 15)),
        (date(2024, 10, 20), AS_OF),
    ]
    assert activity_gaps(case, AS_OF, gap_days=120) == [(date(2024, 10, 20), AS_OF)]
    assert activity_gaps(case, date(2024, 6, 1)) == []  # 27 Mar -> 1 Jun: 66 days
    assert activity_gaps(case, date(2024, 7, 1)) == [(date(2024, 3, 27), date(2024, 7, 1))]


def test_timeline_lanes_markers_bars_and_gaps(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "timeline.png"
    fig = plot_case_timeline(case, AS_OF, path=path)
    assert isinstance(fig, Figure)
    assert is_png(path)
    ax = fig.axes[0]
    assert ax.get_title() == "Sag K-1: tidslinje til 30.06.2025"
    assert ax.get_xlabel() == "Dato"
    lanes = [t.get_text() for t in ax.get_yticklabels()][::-1]  # top to bottom
    assert lanes == [
        "Henvendelser",
        "Vurdering og undersøgelse",
        "Planer og afgørelser",
        "Indsatser og opfølgning",
        "Sagsbehandler og ledelse",
        "Indsats M1 (BL 32)",
        "Frister",
    ]
    # One marker per event, on its group's lane.
    markers = by_gid(fig, "event:")
    assert sum(len(c.get_offsets()) for c in markers) == 7
    counts = {c.get_gid(): len(c.get_offsets()) for c in markers}
    assert counts == {
        "event:underretning": 1,
        "event:underretning_vurderet": 1,
        "event:kvittering_sendt": 1,
        "event:afgoerelse": 1,
        "event:foranstaltning_start": 1,
        "event:opfoelgning": 1,
        "event:sagsbehandler_tildelt": 1,
    }
    (kvittering,) = by_gid(fig, "event:kvittering_sendt")
    assert tuple(kvittering.get_offsets()[0]) == (num(date(2024, 3, 27)), 5.0)  # second lane
    # The measure runs from 1 Aug 2024 to the as-of day; the 17 days from the decision
    # (15 Jul) to the start are hatched.
    (bar,) = by_gid(fig, "measure")
    assert (bar.get_x(), bar.get_width()) == (
        num(date(2024, 8, 1)),
        num(AS_OF) - num(date(2024, 8, 1)),
    )
    (wait,) = by_gid(fig, "waiting")
    assert (wait.get_x(), wait.get_width()) == (num(date(2024, 7, 15)), 17.0)
    assert wait.get_hatch() == "///"
    # Gaps shaded, behind the rest.
    gaps = by_gid(fig, "gap")
    assert len(gaps) == 2
    to_data = ax.transData.inverted()
    spans = []
    for g in gaps:
        box = g.get_window_extent()
        (x0, _), (x1, _) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
        spans.append((round(x0), round(x1)))
    assert sorted(spans) == [
        (num(date(2024, 3, 27)), num(date(2024, 7, 15))),
        (num(date(2024, 10, 20)), num(AS_OF)),
    ]
    (line,) = by_gid(fig, "as_of")
    assert list(line.get_xdata()) == [num(AS_OF), num(AS_OF)]


def test_timeline_deadlines_by_status(case: Case) -> None:
    items = deadlines(case, AS_OF)
    fig = plot_case_timeline(case, AS_OF, deadlines=items)
    expected = Counter(d.status for d in items if d.status != Status.NOT_APPLICABLE)
    drawn = {Status(c.get_gid().split(":")[1]): c for c in by_gid(fig, "deadline:")}
    assert {s: len(c.get_offsets()) for s, c in drawn.items()} == dict(expected)
    for status, collection in drawn.items():
        assert to_hex(collection.get_facecolor()[0]) == STATUS_COLORS[status]
        assert all(y == 0.0 for _, y in collection.get_offsets())  # the bottom lane
    # A line from the due date to the as-of day for every overdue deadline, to the meeting
    # event for every late one.
    lines = by_gid(fig, "late:")
    assert len(lines) == sum(1 for d in items if d.status in (Status.OVERDUE, Status.MET_LATE))
    texts = legend_texts(fig)
    for status in expected:
        label = {"met": "overholdt", "met_late": "overholdt for sent", "open": "åben"}.get(
            status.value, "overskredet"
        )
        assert f"Frister: {label}" in texts
    assert "Ingen aktivitet i over 90 dage" in texts
    assert "Underretning modtaget" in texts
    assert "Opgjort 30.06.2025" in texts


def test_timeline_in_english(case: Case) -> None:
    fig = plot_case_timeline(case, AS_OF, lang="en")
    ax = fig.axes[0]
    assert ax.get_title() == "Case K-1: timeline to 2025-06-30"
    assert ax.get_xlabel() == "Date"
    lanes = [t.get_text() for t in ax.get_yticklabels()][::-1]
    assert lanes[0] == "Notices and applications"
    assert lanes[-2:] == ["Measure M1 (BL 32)", "Deadlines"]
    assert "No activity for over 90 days" in legend_texts(fig)


def test_timeline_leaves_out_later_events(case: Case) -> None:
    as_of = date(2024, 7, 20)  # decided on 15 Jul, not started yet
    fig = plot_case_timeline(case, as_of, deadlines=[])
    assert sum(len(c.get_offsets()) for c in by_gid(fig, "event:")) == 5
    assert by_gid(fig, "measure") == []
    (wait,) = by_gid(fig, "waiting")
    assert (wait.get_x(), wait.get_width()) == (num(date(2024, 7, 15)), 5.0)
    lanes = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Frister" not in lanes  # deadlines=[] draws none
    assert by_gid(fig, "deadline:") == []


def test_timeline_gap_setting_and_given_axes(case: Case) -> None:
    fig = Figure()
    axes = fig.subplots(1, 2)
    out = plot_case_timeline(case, AS_OF, ax=axes[1], gap_days=400)
    assert out is fig
    assert len(axes[0].collections) == 0
    assert not [p for p in axes[1].patches if p.get_gid() == "gap"]
    assert axes[1].get_title().startswith("Sag K-1")


def test_timeline_refuses_a_datetime(case: Case) -> None:
    with pytest.raises(TypeError):
        plot_case_timeline(case, datetime(2025, 6, 30, 12, 0))


def test_every_event_type_has_a_lane() -> None:
    from boernesag.model import EventType

    grouped = [t for _, types in EVENT_GROUPS.values() for t in types]
    assert sorted(grouped) == sorted(EventType)


def test_timeline_saves_svg_with_named_parts(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "timeline.svg"
    plot_case_timeline(case, AS_OF, path=path)
    svg = path.read_text(encoding="utf-8")
    assert 'id="gap"' in svg
    assert 'id="measure"' in svg


# --------------------------------------------------------------------------- upcoming deadlines


def dl(
    rule: str, due: date | datetime, status: Status = Status.OPEN, obligor: str = "kommune"
) -> Deadline:
    return Deadline("K", rule, "§", None, due, status, obligor=obligor)


UPCOMING = [
    dl("A", date(2025, 6, 30)),  # Monday of week 27
    dl("A", date(2025, 7, 6)),  # Sunday of week 27
    dl("A", date(2025, 7, 7)),  # week 28
    dl("B", date(2025, 7, 27)),  # Sunday of week 30, the last of four weeks
    dl("B", date(2025, 7, 28)),  # week 31: outside
    dl("B", date(2025, 6, 1), Status.OVERDUE),
    dl("A", date(2025, 7, 1), obligor="borger"),  # a klagefrist: the citizen's
    dl("A", date(2025, 7, 2), Status.MET),
    dl("C", datetime(2025, 7, 8, 9, 0, tzinfo=COPENHAGEN)),  # an hour rule, week 28
]


def heights(fig: Figure, rule: str) -> list[float]:
    return [p.get_height() for p in by_gid(fig, f"rule:{rule}")]


def test_upcoming_counts_per_week_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "upcoming.png"
    fig = plot_upcoming_deadlines(UPCOMING, AS_OF, weeks=4, path=path)
    assert is_png(path)
    assert heights(fig, "A") == [2, 1, 0, 0]
    assert heights(fig, "B") == [0, 0, 0, 1]
    assert heights(fig, "C") == [0, 1, 0, 0]
    # Stacked: the most frequent rule (A) at the bottom, then B and C by id.
    assert [p.get_y() for p in by_gid(fig, "rule:C")] == [2, 1, 0, 1]
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["uge 27", "uge 28", "uge 29", "uge 30"]
    assert ax.get_ylabel() == "Antal frister"
    assert ax.get_title() == "Kommende frister pr. uge fra 30.06.2025"
    assert legend_texts(fig) == ["A", "B", "C"]


def test_upcoming_with_overdue_and_all_obligors() -> None:
    fig = plot_upcoming_deadlines(
        UPCOMING, AS_OF, weeks=4, include_overdue=True, obligor=None, lang="en"
    )
    assert heights(fig, "A") == [0, 3, 1, 0, 0]  # the klagefrist of 1 July counts now
    assert heights(fig, "B") == [1, 0, 0, 0, 1]
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["overdue", "wk 27", "wk 28", "wk 29", "wk 30"]
    assert len(by_gid(fig, "overdue-separator")) == 1


def test_upcoming_iso_weeks_across_new_year() -> None:
    fig = plot_upcoming_deadlines([dl("A", date(2026, 1, 5))], date(2025, 12, 29), weeks=2)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["uge 1", "uge 2"]  # 29 December 2025 is in ISO week 1 of 2026
    assert heights(fig, "A") == [0, 1]


def test_upcoming_without_deadlines() -> None:
    fig = plot_upcoming_deadlines([], AS_OF)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["Ingen kommende frister"]
    assert ax.get_legend() is None
    assert len(ax.get_xticklabels()) == 12
    with pytest.raises(ValueError, match="weeks"):
        plot_upcoming_deadlines([], AS_OF, weeks=0)


# --------------------------------------------------------------------------- caseworker load


def test_caseworker_load_bars_capacity_and_overload(tmp_path: Path) -> None:
    path = tmp_path / "load.png"
    fig = plot_caseworker_load(
        {"A": 10, "B": 5}, {"A": 12, "B": 9, "C": 3}, {"A": 11, "B": 20}, path=path
    )
    assert is_png(path)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "C"]
    assert [p.get_height() for p in by_gid(fig, "before")] == [10, 5, 0]
    after = by_gid(fig, "after")
    assert [p.get_height() for p in after] == [12, 9, 3]
    assert [p.get_hatch() for p in after] == ["xx", None, None]  # A is over its capacity
    (caps,) = by_gid(fig, "capacity")
    assert [seg[0][1] for seg in caps.get_segments()] == [11, 20]  # no capacity known for C
    assert legend_texts(fig) == ["Før", "Efter", "Kapacitet", "Over kapacitet efter"]
    assert ax.get_ylabel() == "Belastning (vægtede point)"
    assert ax.get_xlabel() == "Sagsbehandler"


def test_caseworker_load_order_title_and_language() -> None:
    fig = plot_caseworker_load(
        {"A": 1, "B": 2}, {"A": 2, "B": 2}, caseworkers=["B", "A"], title="Team Nord", lang="en"
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["B", "A"]
    assert [p.get_height() for p in by_gid(fig, "before")] == [2, 1]
    assert ax.get_title() == "Team Nord"
    assert legend_texts(fig) == ["Before", "After"]  # no capacity given


def test_caseworker_load_from_an_allocation() -> None:
    alloc = pytest.importorskip("boernesag.allocation")
    demo = pytest.importorskip("boernesag.demo")
    cl = demo.demo_caseload(40)
    result = alloc.allocate(cl.cases[:8], cl, as_of=demo.DEMO_AS_OF, solver="greedy")
    fig = plot_caseworker_load(result.load_before, result.load_after, result.capacity)
    ids = sorted(set(result.load_before) | set(result.load_after))
    assert [p.get_height() for p in by_gid(fig, "after")] == pytest.approx(
        [result.load_after.get(i, 0.0) for i in ids]
    )


# --------------------------------------------------------------------------- audit table


ROWS = [
    ("Underretninger", 75, 35, 10, 30),
    ("Børnefaglig undersøgelse", 80, 60, 0, 20),
    ("Barnets plan", 0, 0, 0, 0),
    ("Opfølgning", 40, 10, 20, 5),  # 5 relevant cases in none of the three
]


def test_audit_table_shares_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "audit.png"
    fig = plot_audit_table(ROWS, path=path)
    assert is_png(path)
    ax = fig.axes[0]
    widths = {k: [p.get_width() for p in by_gid(fig, k)] for k in ("met", "partly", "not_met")}
    assert widths["met"] == pytest.approx([100 * 35 / 75, 75, 0, 25])
    assert widths["partly"] == pytest.approx([100 * 10 / 75, 0, 0, 50])
    assert widths["not_met"] == pytest.approx([40, 25, 0, 12.5])
    (other,) = [p for p in by_gid(fig, "other") if p.get_width() > 0]
    assert (other.get_x(), other.get_width()) == pytest.approx((87.5, 12.5))
    assert [t.get_text() for t in by_gid(fig, "share")] == [
        "47 % opfyldt (n=75)",
        "75 % opfyldt (n=80)",
        "ikke relevant",
        "25 % opfyldt (n=40)",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == [r[0] for r in ROWS]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # the first check on top
    assert legend_texts(fig) == ["opfyldt", "delvist opfyldt", "ikke opfyldt", "uafklaret"]
    assert ax.get_xlabel() == "Andel af relevante sager (%)"


def test_audit_table_in_english_without_rest() -> None:
    fig = plot_audit_table(ROWS[:2], lang="en", title="Review")
    assert fig.axes[0].get_title() == "Review"
    assert [t.get_text() for t in by_gid(fig, "share")] == ["47% met (n=75)", "75% met (n=80)"]
    assert legend_texts(fig) == ["met", "partly met", "not met"]


@pytest.mark.parametrize(
    "row",
    [("X", 10, 6, 3, 2), ("X", 10, -1, 0, 0), ("X", 10, True, 0, 0), ("X", 10, 1, 1)],
)
def test_audit_table_refuses_inconsistent_rows(row: Any) -> None:
    with pytest.raises(ValueError, match=r"X|række"):
        plot_audit_table([row])


def test_audit_table_from_the_audit_report() -> None:
    audit = pytest.importorskip("boernesag.audit")
    demo = pytest.importorskip("boernesag.demo")
    report = audit.audit_caseload(demo.demo_caseload(30), demo.DEMO_AS_OF)
    rows = [(c.label("da"), c.relevant, c.met, c.partly, c.not_met) for c in report.checks]
    fig = plot_audit_table(rows)
    assert len(by_gid(fig, "met")) == len(report.checks)
    assert len(by_gid(fig, "share")) == len(report.checks)


# --------------------------------------------------------------------------- environment


def test_missing_matplotlib_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == "matplotlib":
            raise ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(ImportError, match=r"pip install 'boernesag\[plot\]'"):
        plot_case_timeline(case, AS_OF, deadlines=[])


def test_no_pyplot_and_no_matplotlib_at_import(tmp_path: Path) -> None:
    code = f"""
import sys
from datetime import date
import boernesag.plot as p
assert "matplotlib" not in sys.modules, "imported at module import"
p.plot_audit_table([("x", 2, 1, 0, 1)], path={str(tmp_path / "a.png")!r})
p.plot_caseworker_load({{"A": 1}}, {{"A": 2}})
p.plot_upcoming_deadlines([], date(2025, 6, 30))
print("matplotlib.pyplot" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_timeline_of_a_busy_demo_case_has_a_short_legend_and_staggered_lines() -> None:
    """Issue 15, item 11: the demo case with the most event types (17) drew one legend of 22
    entries. The events now have a legend of their own, one column per lane; the main legend
    (statuses, measures, gaps, the as-of day) has at most 10 entries; late-deadline lines
    that overlap lie at different heights."""
    from boernesag.demo import demo_caseload

    (case,) = [c for c in demo_caseload().cases if c.case_id == "K-2024-00104"]
    as_of = date(2025, 6, 30)
    fig = plot_case_timeline(case, as_of)
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert legend is not None
    assert len(legend.get_texts()) <= 10
    (events,) = fig.legends
    types = {e.type for e in case.until(as_of).timeline}
    assert len(events.get_texts()) == len(types)
    # In the lanes' order: the events of the top lane (Henvendelser) first.
    first = next(t.get_text() for t in events.get_texts())
    assert first in {"Underretning modtaget", "Ansøgning modtaget", "Henvendelse modtaget"}
    # The most eventful case: its main legend stays short too.
    (busy,) = [c for c in demo_caseload().cases if c.case_id == "K-2021-00001"]
    legend = plot_case_timeline(busy, as_of).axes[0].get_legend()
    assert legend is not None
    assert len(legend.get_texts()) <= 10
    # Six late deadlines, up to four at a time: every overlapping pair at its own height.
    (case,) = [c for c in demo_caseload().cases if c.case_id == "K-2021-00052"]
    fig = plot_case_timeline(case, as_of)
    lines = sorted(
        (min(ln.get_xdata()), max(ln.get_xdata()), ln.get_ydata()[0]) for ln in by_gid(fig, "late:")
    )
    overlapping = [(a, b) for a, b in itertools.combinations(lines, 2) if b[0] < a[1]]
    assert overlapping, "the case has late deadlines whose lines overlap"
    assert all(a[2] != b[2] for a, b in overlapping)
