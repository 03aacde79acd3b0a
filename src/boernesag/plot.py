"""Charts for analysts and team leaders: a case's timeline, upcoming deadlines, caseworker
load and the audit table.

Needs the ``plot`` extra (``pip install 'boernesag[plot]'``, matplotlib). matplotlib is
imported inside the functions, and no function touches ``matplotlib.pyplot`` or the global
backend: each builds its own :class:`matplotlib.figure.Figure` (or draws into the ``ax`` it is
given), returns the figure, and saves it when ``path`` is given (the format follows the file
name: ``.png``, ``.svg``, ``.pdf``). In a notebook the returned figure shows itself.

Labels are Danish by default, English with ``lang="en"``.

* :func:`plot_case_timeline`: events as markers by type, measures as bars from start to end
  (or ``as_of``), deadlines as markers coloured by status, periods without activity shaded.
* :func:`plot_upcoming_deadlines`: open deadlines per ISO week, stacked by rule.
* :func:`plot_caseworker_load`: load per caseworker before and after an allocation, with the
  capacity (any mappings; :class:`boernesag.allocation.Allocation` has all three).
* :func:`plot_audit_table`: the BDO (Randers 2016) table as a chart: per check, the share of the
  relevant cases where it is met, partly met and not met.
"""

from __future__ import annotations

import importlib
import itertools
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from boernesag.deadlines import Deadline, Status
from boernesag.model import ACTIVITY_TYPES, Case, EventType
from boernesag.periods import COPENHAGEN
from boernesag.text import check_lang, event_label, status_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "EVENT_GROUPS",
    "INACTIVE_TYPES",
    "STATUS_COLORS",
    "activity_gaps",
    "plot_audit_table",
    "plot_case_timeline",
    "plot_caseworker_load",
    "plot_upcoming_deadlines",
]

_INSTALL = "pip install 'boernesag[plot]'"
PathLike = str | os.PathLike[str]

#: User-facing labels (Danish, English).
_L: Mapping[str, tuple[str, str]] = {
    "timeline.title": ("Sag {case}: tidslinje til {day}", "Case {case}: timeline to {day}"),
    "date": ("Dato", "Date"),
    "deadlines": ("Frister", "Deadlines"),
    "measure": ("Indsats {id}", "Measure {id}"),
    "as_of": ("Opgjort {day}", "As of {day}"),
    "gap": ("Ingen aktivitet i over {n} dage", "No activity for over {n} days"),
    "running": ("Indsats (i gang til opgørelsesdagen)", "Measure (running to the as-of day)"),
    "ended": ("Indsats (afsluttet)", "Measure (ended)"),
    "waiting": ("Ventetid fra afgørelse til start", "Waiting from decision to start"),
    "late.line": ("Tid over fristen", "Time past the deadline"),
    "upcoming.title": (
        "Kommende frister pr. uge fra {day}",
        "Upcoming deadlines per week from {day}",
    ),
    "week": ("uge {w}", "wk {w}"),
    "week.axis": ("ISO-uge (mandag til søndag)", "ISO week (Monday to Sunday)"),
    "count": ("Antal frister", "Number of deadlines"),
    "overdue.bar": ("overskredet", "overdue"),
    "none.upcoming": ("Ingen kommende frister", "No upcoming deadlines"),
    "load.title": (
        "Belastning pr. sagsbehandler før og efter fordeling",
        "Load per caseworker before and after allocation",
    ),
    "load.axis": ("Belastning (vægtede point)", "Load (weighted points)"),
    "caseworker": ("Sagsbehandler", "Caseworker"),
    "before": ("Før", "Before"),
    "after": ("Efter", "After"),
    "capacity": ("Kapacitet", "Capacity"),
    "over": ("Over kapacitet efter", "Over capacity after"),
    "audit.title": ("Sagsgennemgang pr. tjek", "Case audit per check"),
    "audit.axis": ("Andel af relevante sager (%)", "Share of relevant cases (%)"),
    "met": ("opfyldt", "met"),
    "partly": ("delvist opfyldt", "partly met"),
    "not_met": ("ikke opfyldt", "not met"),
    "other": ("uafklaret", "undetermined"),
    "not_relevant": ("ikke relevant", "not relevant"),
    "pct": ("{p} % opfyldt (n={n})", "{p}% met (n={n})"),
}

_MONTHS: Mapping[str, tuple[str, ...]] = {
    "da": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

#: The timeline's lanes: each event type belongs to one group, drawn on its own row.
EVENT_GROUPS: Mapping[str, tuple[tuple[str, str], tuple[EventType, ...]]] = {
    "henvendelser": (
        ("Henvendelser", "Notices and applications"),
        (EventType.UNDERRETNING, EventType.ANSOEGNING, EventType.HENVENDELSE),
    ),
    "undersoegelse": (
        ("Vurdering og undersøgelse", "Assessment and investigation"),
        (
            EventType.UNDERRETNING_VURDERET,
            EventType.KVITTERING_SENDT,
            EventType.BFU_STARTET,
            EventType.FORELOEBIG_VURDERING,
            EventType.BFU_AFSLUTTET,
            EventType.AFDAEKNING,
            EventType.INGEN_UNDERSOEGELSE,
        ),
    ),
    "samtaler": (
        ("Samtaler og kontakt", "Conversations and contact"),
        (
            EventType.BOERNESAMTALE,
            EventType.KONTAKT,
            EventType.HENVENDELSE_BESVARET,
            EventType.KOORDINERENDE_UNGEMOEDE,
            EventType.OVERLEVERINGSMOEDE,
        ),
    ),
    "afgoerelser": (
        ("Planer og afgørelser", "Plans and decisions"),
        (
            EventType.BARNETS_PLAN,
            EventType.AFGOERELSE,
            EventType.EFTERVAERN_AFGOERELSE,
            EventType.FRISTBREV,
        ),
    ),
    "opfoelgning": (
        ("Indsatser og opfølgning", "Measures and follow-up"),
        (
            EventType.FORANSTALTNING_START,
            EventType.FORANSTALTNING_SLUT,
            EventType.OPFOELGNING,
            EventType.TILSYNSBESOEG,
            EventType.UDBETALING,
            EventType.GENBEREGNING,
        ),
    ),
    "klager": (
        ("Klager og aktindsigt", "Complaints and access"),
        (
            EventType.KLAGE_MODTAGET,
            EventType.KLAGE_GENVURDERET,
            EventType.KLAGE_VIDERESENDT,
            EventType.AKTINDSIGT_ANMODET,
            EventType.AKTINDSIGT_BESVARET,
        ),
    ),
    "sagen": (
        ("Sagsbehandler og ledelse", "Caseworker and management"),
        (
            EventType.SAGSBEHANDLER_TILDELT,
            EventType.OVERDRAGELSESMOEDE,
            EventType.LEDELSESTILSYN,
            EventType.SAG_LUKKET,
        ),
    ),
}
_GROUP_OF: Mapping[EventType, str] = {
    t: group for group, (_, types) in EVENT_GROUPS.items() for t in types
}
_GROUP_COLORS: Mapping[str, str] = {
    "henvendelser": "#1f77b4",
    "undersoegelse": "#9467bd",
    "samtaler": "#17becf",
    "afgoerelser": "#8c564b",
    "opfoelgning": "#2ca02c",
    "klager": "#e377c2",
    "sagen": "#7f7f7f",
}
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: Deadline status colours: met green, met late orange, overdue red, open grey.
STATUS_COLORS: Mapping[Status, str] = {
    Status.MET: "#2e7d32",
    Status.MET_LATE: "#ef6c00",
    Status.OVERDUE: "#c62828",
    Status.OPEN: "#8a8a8a",
}
_AUDIT_COLORS = {"met": "#2e7d32", "partly": "#f2a900", "not_met": "#c62828", "other": "#bdbdbd"}
_BEFORE_COLOR = "#9ecae1"
_AFTER_COLOR = "#2171b5"
_GAP_COLOR = "#fbc02d"
_MEASURE_COLOR = "#66bb6a"

#: Event types that are not casework, so they do not end a period without activity (the
#: audit's ``AuditSettings.inactive_types`` default).
INACTIVE_TYPES: frozenset[str] = frozenset({"sagsbehandler_tildelt", "ledelsestilsyn"})


# --------------------------------------------------------------------------- helpers


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _say(key: str, lang: str, **kw: object) -> str:
    return _pick(_L[key], lang).format(**kw)


def _matplotlib() -> Any:
    try:
        return importlib.import_module("matplotlib")
    except ModuleNotFoundError as exc:
        if exc.name != "matplotlib":
            raise
        raise ModuleNotFoundError(
            f"boernesag.plot kræver matplotlib (needs matplotlib): {_INSTALL}", name="matplotlib"
        ) from None


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A fresh figure and axes (no pyplot, no global backend), or ``ax`` and its figure."""
    _matplotlib()
    from matplotlib.figure import Figure, SubFigure

    if ax is None:
        fig = Figure(figsize=size, layout="constrained")
        return fig, fig.add_subplot()
    owner = ax.get_figure()
    while isinstance(owner, SubFigure):
        owner = owner.figure
    if not isinstance(owner, Figure):
        raise ValueError("ax hører ikke til en figur (ax has no figure)")
    return owner, ax


def _save(fig: Figure, path: PathLike | None) -> None:
    if path is not None:
        fig.savefig(path, dpi=150, bbox_inches="tight")


def _fmt_day(day: date, lang: str) -> str:
    return day.strftime("%d.%m.%Y") if lang == "da" else day.isoformat()


_EPOCH = date(1970, 1, 1).toordinal()


def _num(day: date) -> float:
    """A day as matplotlib's date number (days since 1970-01-01)."""
    return float(day.toordinal() - _EPOCH)


def _date_axis(ax: Axes, lang: str) -> None:
    """Date ticks with month names in ``lang`` ("mar 2024")."""
    from matplotlib import dates as mdates
    from matplotlib.ticker import FuncFormatter

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    months = _MONTHS[lang]

    def label(x: float, _pos: int | None = None) -> str:
        d = date.fromordinal(int(x) + _EPOCH)
        lo, hi = ax.get_xlim()
        if hi - lo < 75:  # a short span: day and month
            return (
                f"{d.day}. {months[d.month - 1]}"
                if lang == "da"
                else f"{d.day} {months[d.month - 1]}"
            )
        return f"{months[d.month - 1]} {d.year}"

    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(label))


def _day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(COPENHAGEN).date() if value.tzinfo else value.date()
    return value


# --------------------------------------------------------------------------- timeline


def _open_periods(case: Case, as_of: date) -> list[tuple[date, date | None]]:
    """Periods the case was open up to ``as_of``: from the first event (or the first event
    after a ``sag_lukket``) to the closing day, or open-ended."""
    periods: list[tuple[date, date | None]] = []
    start: date | None = None
    for e in case.timeline:
        if e.day > as_of:
            break
        if start is None:
            start = e.day
        if e.type == EventType.SAG_LUKKET:
            periods.append((start, e.day))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods


def activity_gaps(
    case: Case,
    as_of: date,
    gap_days: int = 90,
    inactive_types: Iterable[str] = INACTIVE_TYPES,
) -> list[tuple[date, date]]:
    """Periods longer than ``gap_days`` without activity by the municipality on the open case.

    Activity is every event of :data:`boernesag.model.ACTIVITY_TYPES` except
    ``inactive_types`` (notices from outside and assignments do not count), as in the audit's
    "huller" check (BDO, Randers 2016), whose default ``gap_days`` is 90. A gap still running on
    ``as_of`` ends on ``as_of``.
    """
    skip = set(inactive_types)
    active = sorted(
        {
            e.day
            for e in case.timeline
            if e.day <= as_of and e.type in ACTIVITY_TYPES and e.type.value not in skip
        }
    )
    gaps: list[tuple[date, date]] = []
    for start, end in _open_periods(case, as_of):
        stop = end if end is not None else as_of
        anchors = [start, *(d for d in active if start < d <= stop)]
        spans = list(itertools.pairwise(anchors))
        if end is None:
            spans.append((anchors[-1], stop))
        gaps.extend((a, b) for a, b in spans if (b - a).days > gap_days)
    return gaps


def plot_case_timeline(
    case: Case,
    as_of: date,
    deadlines: Sequence[Deadline] | None = None,
    ax: Axes | None = None,
    *,
    gap_days: int = 90,
    lang: str = "da",
    path: PathLike | None = None,
) -> Figure:
    """A case's timeline up to ``as_of``.

    One row per group of events (:data:`EVENT_GROUPS`; only groups with events are drawn),
    each event a marker by type; one row per measure, a bar from its start to its end, or to
    ``as_of`` while it runs, with the waiting time from the decision to the start hatched
    (BDO, Randers 2016); a row of deadlines, markers at the due date coloured by status
    (:data:`STATUS_COLORS`; a line runs from the due date to a late meeting event, or to
    ``as_of`` for an overdue one; ``not_applicable`` deadlines are not drawn); periods of
    more than ``gap_days`` without activity shaded (:func:`activity_gaps`); a dashed line at
    ``as_of``. Events after ``as_of`` are left out.

    ``deadlines``: the case's deadlines; ``None`` computes them
    (:func:`boernesag.deadlines.deadlines` on ``as_of``), ``[]`` draws none.
    """
    lang = check_lang(lang)
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise TypeError("as_of skal være en dato (as_of must be a date)")
    if deadlines is None:
        from boernesag.deadlines import deadlines as compute

        deadlines = compute(case, as_of)
    now = case.until(as_of)
    events = list(now.timeline)
    groups = [g for g in EVENT_GROUPS if any(_GROUP_OF.get(e.type) == g for e in events)]
    measures = [m for m in now.measures if m.start is not None or m.decided_on is not None]
    shown = [d for d in deadlines if d.status != Status.NOT_APPLICABLE and d.due is not None]
    lanes: list[str] = [_pick(EVENT_GROUPS[g][0], lang) for g in groups]
    for m in measures:
        label = _say("measure", lang, id=m.id)
        lanes.append(f"{label} ({m.paragraph})" if m.paragraph else label)
    if shown:
        lanes.append(_say("deadlines", lang))
    # The events' legend goes under the axes, _EVENT_LEGEND_COLUMNS wide: room for its rows.
    legend_rows = -(-len({e.type for e in events}) // _EVENT_LEGEND_COLUMNS)
    fig, ax = _new_axes(ax, (11.0, 1.6 + 0.5 * max(len(lanes), 1) + 0.22 * legend_rows))
    y_of = {i: len(lanes) - 1 - i for i in range(len(lanes))}  # the first lane on top

    # Periods without activity, behind everything else.
    for k, (a, b) in enumerate(activity_gaps(now, as_of, gap_days)):
        ax.axvspan(
            _num(a),
            _num(b),
            color=_GAP_COLOR,
            alpha=0.22,
            lw=0,
            zorder=0,
            label=_say("gap", lang, n=gap_days) if k == 0 else None,
            gid="gap",
        )

    # Events, one marker style per type.
    by_type: dict[EventType, list[float]] = {}
    for e in events:
        by_type.setdefault(e.type, []).append(_num(e.day))
    for gi, g in enumerate(groups):
        for ti, etype in enumerate(EVENT_GROUPS[g][1]):
            xs = by_type.get(etype)
            if not xs:
                continue
            label = event_label(etype.value, lang)
            ax.scatter(
                xs,
                [y_of[gi]] * len(xs),
                marker=_MARKERS[ti % len(_MARKERS)],
                s=46,
                color=_GROUP_COLORS[g],
                edgecolors="white",
                linewidths=0.6,
                zorder=3,
                label=label[:1].upper() + label[1:],
                gid=f"event:{etype.value}",
            )

    # Measures: the waiting time hatched, the measure itself a solid bar.
    labelled: set[str] = set()

    def once(key: str) -> str | None:
        if key in labelled:
            return None
        labelled.add(key)
        return _say(key, lang)

    for mi, m in enumerate(measures):
        y = y_of[len(groups) + mi]
        if m.decided_on is not None and (m.start is None or m.decided_on < m.start):
            wait_end = m.start or as_of
            ax.barh(
                y,
                _num(wait_end) - _num(m.decided_on),
                left=_num(m.decided_on),
                height=0.42,
                color="none",
                edgecolor=_MEASURE_COLOR,
                hatch="///",
                zorder=2,
                label=once("waiting"),
                gid="waiting",
            )
        if m.start is not None:
            end = m.end if m.end is not None and m.end <= as_of else as_of
            ended = m.end is not None and m.end <= as_of
            ax.barh(
                y,
                max(_num(end) - _num(m.start), 1.0),
                left=_num(m.start),
                height=0.42,
                color=_MEASURE_COLOR,
                alpha=0.9 if ended else 0.6,
                edgecolor=_MEASURE_COLOR,
                zorder=2,
                label=once("ended" if ended else "running"),
                gid="measure",
            )

    # Deadlines: a marker at the due date; lines for lateness.
    if shown:
        y = y_of[len(lanes) - 1]
        for status in (Status.MET, Status.MET_LATE, Status.OVERDUE, Status.OPEN):
            xs = [_num(d.due_date) for d in shown if d.status == status and d.due_date]
            if not xs:
                continue
            ax.scatter(
                xs,
                [y] * len(xs),
                marker="D",
                s=40,
                color=STATUS_COLORS[status],
                edgecolors="black",
                linewidths=0.4,
                zorder=4,
                label=_say("deadlines", lang) + ": " + status_label(status.value, lang),
                gid=f"deadline:{status.value}",
            )
        late: list[tuple[float, float, Deadline]] = []
        for d in shown:
            due = d.due_date
            until: date | None = None
            if d.status == Status.MET_LATE:
                until = _day(d.met_on)
            elif d.status == Status.OVERDUE:
                until = as_of
            if due is not None and until is not None and until > due:
                late.append((_num(due), _num(until), d))
        for (x0, x1, d), track in zip(late, _tracks([(a, b) for a, b, _ in late]), strict=True):
            ax.plot(  # below the markers, staggered so that overlapping lines both show
                [x0, x1],
                [y - _LATE_OFFSET - _LATE_STEP * track] * 2,
                color=STATUS_COLORS[d.status],
                lw=1.4,
                alpha=0.6,
                zorder=3,
                solid_capstyle="butt",
                gid=f"late:{d.status.value}",
            )

    ax.axvline(
        _num(as_of),
        color="black",
        ls="--",
        lw=1.0,
        zorder=1,
        label=_say("as_of", lang, day=_fmt_day(as_of, lang)),
        gid="as_of",
    )
    ax.set_yticks(range(len(lanes)), [lanes[len(lanes) - 1 - y] for y in range(len(lanes))])
    ax.set_ylim(-0.7, max(len(lanes), 1) - 0.3)
    start = now.opened or as_of
    pad = max(7.0, (_num(as_of) - _num(start)) * 0.02)
    right = max([_num(as_of), *(_num(d.due_date) for d in shown if d.due_date)])
    ax.set_xlim(_num(start) - pad, right + pad)
    _date_axis(ax, lang)
    ax.set_xlabel(_say("date", lang))
    ax.set_title(_say("timeline.title", lang, case=case.case_id, day=_fmt_day(as_of, lang)))
    ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    _timeline_legends(ax, groups)
    _save(fig, path)
    return fig


#: The columns of the timeline's legend of event types.
_EVENT_LEGEND_COLUMNS = 4

#: The lines of late deadlines: the first just below the deadline markers, each further
#: track (for a line that overlaps an earlier one) a step lower.
_LATE_OFFSET = 0.16
_LATE_STEP = 0.065
_LATE_TRACKS = 5


def _tracks(spans: Sequence[tuple[float, float]]) -> list[int]:
    """A track for each of ``spans`` (start, end), so that spans that overlap lie on
    different tracks where :data:`_LATE_TRACKS` allow it: the lowest free one, in order of
    start (the usual interval colouring); when all are taken, the one freed first."""
    ends = [-math.inf] * _LATE_TRACKS
    out = [0] * len(spans)
    for k in sorted(range(len(spans)), key=lambda k: spans[k]):
        a, b = spans[k]
        free = [t for t in range(_LATE_TRACKS) if ends[t] < a]
        track = free[0] if free else min(range(_LATE_TRACKS), key=lambda t: ends[t])
        ends[track] = b
        out[k] = track
    return out


def _timeline_legends(ax: Axes, groups: Sequence[str]) -> None:
    """Two legends instead of one of up to 22 entries (issue 15, item 11). The axes' legend,
    right of the axes, says what is drawn besides the events: deadline statuses, measures,
    gaps, the as-of day (at most 9 entries). The events have a figure legend of their own,
    under the axes in :data:`_EVENT_LEGEND_COLUMNS` columns, in the lanes' order and colours
    (read down the columns; the lanes name the groups)."""
    handles, labels = ax.get_legend_handles_labels()
    events = [(h, t) for h, t in zip(handles, labels, strict=True) if _is_event(h)]
    rest = [(h, t) for h, t in zip(handles, labels, strict=True) if not _is_event(h)]
    order = {g: k for k, g in enumerate(groups)}
    events.sort(key=lambda ht: order[_GROUP_OF[EventType(str(ht[0].get_gid())[6:])]])
    ax.legend(
        [h for h, _ in rest],
        [t for _, t in rest],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
        frameon=False,
    )
    if events:
        fig = ax.get_figure()
        assert fig is not None  # _new_axes checked it
        fig.legend(
            [h for h, _ in events],
            [t for _, t in events],
            loc="outside lower center",
            ncols=min(_EVENT_LEGEND_COLUMNS, len(events)),
            fontsize="small",
            frameon=False,
        )


def _is_event(handle: Any) -> bool:
    gid = getattr(handle, "get_gid", lambda: None)()  # a bar's handle is its container
    return str(gid or "").startswith("event:")


# --------------------------------------------------------------------------- upcoming deadlines


def plot_upcoming_deadlines(
    deadlines: Iterable[Deadline],
    as_of: date,
    weeks: int = 12,
    *,
    obligor: str | None = "kommune",
    include_overdue: bool = False,
    lang: str = "da",
    ax: Axes | None = None,
    path: PathLike | None = None,
) -> Figure:
    """Open deadlines per ISO week for ``weeks`` weeks from the week of ``as_of``, stacked
    by rule (one colour per rule, the most frequent at the bottom).

    Counted: deadlines with status ``open`` due from ``as_of`` to the Sunday of the last
    week; ``obligor`` keeps the municipality's own (``"kommune"``, the default; ``None``
    counts the citizen's klagefrister too). ``include_overdue`` adds a first bar with the
    overdue ones (a backlog to clear first). Every week gets a bar position, also an empty
    one. The deadlines should be computed on ``as_of``.
    """
    lang = check_lang(lang)
    if weeks < 1:
        raise ValueError("weeks skal være mindst 1 (weeks must be at least 1)")
    monday = as_of - timedelta(days=as_of.weekday())
    end = monday + timedelta(days=7 * weeks)
    counts: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    n_cols = weeks + (1 if include_overdue else 0)
    for d in deadlines:
        if obligor is not None and d.obligor != obligor:
            continue
        due = d.due_date
        if due is None:
            continue
        if d.status == Status.OPEN and as_of <= due < end:
            col = (due - monday).days // 7 + (1 if include_overdue else 0)
        elif include_overdue and d.status == Status.OVERDUE:
            col = 0
        else:
            continue
        counts.setdefault(d.rule_id, [0] * n_cols)[col] += 1
        titles.setdefault(d.rule_id, d.title(lang))
    labels = []
    if include_overdue:
        labels.append(_say("overdue.bar", lang))
    for k in range(weeks):
        iso = (monday + timedelta(days=7 * k)).isocalendar()
        labels.append(_say("week", lang, w=iso.week))
    fig, ax = _new_axes(ax, (max(7.0, 0.6 * n_cols + 4.5), 4.6))
    from matplotlib import colormaps
    from matplotlib.ticker import MaxNLocator

    order = sorted(counts, key=lambda r: (-sum(counts[r]), r))
    # Ten distinct colours first, then their lighter shades.
    tab20 = colormaps["tab20"]
    palette = [tab20(2 * k) for k in range(10)] + [tab20(2 * k + 1) for k in range(10)]
    bottom = [0] * n_cols
    xs = list(range(n_cols))
    for i, rule_id in enumerate(order):
        values = counts[rule_id]
        ax.bar(
            xs,
            values,
            bottom=bottom,
            width=0.75,
            color=palette[i % 20],
            edgecolor="white",
            linewidth=0.5,
            label=titles[rule_id],
            gid=f"rule:{rule_id}",
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if include_overdue:
        ax.axvline(0.5, color="#555555", ls=":", lw=1.0, gid="overdue-separator")
    if not order:
        ax.text(
            0.5,
            0.5,
            _say("none.upcoming", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#555555",
        )
    ax.set_xticks(
        xs, labels, rotation=45 if n_cols > 8 else 0, ha="right" if n_cols > 8 else "center"
    )
    ax.set_xlim(-0.6, n_cols - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max([*bottom, 1]) * 1.1)
    ax.set_xlabel(_say("week.axis", lang))
    ax.set_ylabel(_say("count", lang))
    ax.set_title(_say("upcoming.title", lang, day=_fmt_day(as_of, lang)))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    if order:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    _save(fig, path)
    return fig


# --------------------------------------------------------------------------- caseworker load


def plot_caseworker_load(
    before: Mapping[str, float],
    after: Mapping[str, float],
    capacity: Mapping[str, float] | None = None,
    *,
    caseworkers: Sequence[str] | None = None,
    title: str | None = None,
    lang: str = "da",
    ax: Axes | None = None,
    path: PathLike | None = None,
) -> Figure:
    """Grouped bars: each caseworker's load before and after an allocation, with the capacity
    as a black line over the pair; an "after" bar above the capacity is hatched.

    The mappings go from caseworker id to weighted points; with an
    :class:`~boernesag.allocation.Allocation` ``a``:
    ``plot_caseworker_load(a.load_before, a.load_after, a.capacity)``. ``caseworkers``
    chooses and orders the caseworkers shown (default: every id in ``before`` or ``after``,
    sorted); a missing load counts as 0.
    """
    lang = check_lang(lang)
    ids = list(caseworkers) if caseworkers is not None else sorted(set(before) | set(after))
    cap = capacity or {}
    fig, ax = _new_axes(ax, (max(6.0, 0.55 * len(ids) + 3.5), 4.6))
    xs = list(range(len(ids)))
    width = 0.38
    b_values = [float(before.get(i, 0.0)) for i in ids]
    a_values = [float(after.get(i, 0.0)) for i in ids]
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.bar([x - width / 2 for x in xs], b_values, width, color=_BEFORE_COLOR, gid="before")
    over = [i in cap and a_values[k] > cap[i] for k, i in enumerate(ids)]
    bars = ax.bar([x + width / 2 for x in xs], a_values, width, color=_AFTER_COLOR, gid="after")
    for bar, is_over in zip(bars, over, strict=True):
        if is_over:
            bar.set_hatch("xx")
            bar.set_edgecolor("#c62828")
    caps = [(x, float(cap[i])) for x, i in zip(xs, ids, strict=True) if cap.get(i) is not None]
    if caps:
        ax.hlines(
            [c for _, c in caps],
            [x - width - 0.04 for x, _ in caps],
            [x + width + 0.04 for x, _ in caps],
            colors="black",
            lw=2.0,
            zorder=3,
            gid="capacity",
        )
    # The legend is built by hand: a hatched first bar must not become the "after" entry.
    handles: list[Any] = [Patch(color=_BEFORE_COLOR), Patch(color=_AFTER_COLOR)]
    labels = [_say("before", lang), _say("after", lang)]
    if caps:
        handles.append(Line2D([], [], color="black", lw=2.0))
        labels.append(_say("capacity", lang))
    if any(over):
        handles.append(Patch(facecolor=_AFTER_COLOR, edgecolor="#c62828", hatch="xx"))
        labels.append(_say("over", lang))
    ax.set_xticks(
        xs, ids, rotation=45 if len(ids) > 8 else 0, ha="right" if len(ids) > 8 else "center"
    )
    ax.set_xlim(-0.6, max(len(ids), 1) - 0.4)
    ax.set_xlabel(_say("caseworker", lang))
    ax.set_ylabel(_say("load.axis", lang))
    ax.set_title(title if title is not None else _say("load.title", lang))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
        frameon=False,
    )
    _save(fig, path)
    return fig


# --------------------------------------------------------------------------- audit table


AuditRow = tuple[str, int, int, int, int]


def plot_audit_table(
    rows: Sequence[AuditRow],
    *,
    title: str | None = None,
    lang: str = "da",
    ax: Axes | None = None,
    path: PathLike | None = None,
) -> Figure:
    """The BDO (Randers 2016) table as a chart: one horizontal bar per check, stacked in percent of the
    cases where the check is relevant: met, partly met, not met (and, grey, any relevant case
    in none of these), labelled with the share met and the number of relevant cases.

    ``rows``: ``(check_label, relevant, met, partly, not_met)`` per check, in the order to
    show them (top to bottom). With the audit's caseload report ``r``:
    ``[(c.label(lang), c.relevant, c.met, c.partly, c.not_met) for c in r.checks]``. A check
    relevant in no case is shown without a bar, as "ikke relevant".
    """
    lang = check_lang(lang)
    checked: list[AuditRow] = []
    for row in rows:
        if len(row) != 5:
            raise ValueError(
                "hver række skal være (tjek, relevante, opfyldt, delvist, ikke opfyldt); "
                f"fik {row!r}"
            )
        label, relevant, met, partly, not_met = row
        numbers = (relevant, met, partly, not_met)
        if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in numbers):
            raise ValueError(f"tjek {label!r}: antallene skal være hele tal ≥ 0")
        if met + partly + not_met > relevant:
            raise ValueError(
                f"tjek {label!r}: opfyldt + delvist + ikke opfyldt ({met + partly + not_met}) "
                f"er flere end de relevante sager ({relevant})"
            )
        checked.append((str(label), relevant, met, partly, not_met))
    fig, ax = _new_axes(ax, (10.0, 1.4 + 0.42 * max(len(checked), 1)))
    ys = list(range(len(checked)))
    parts = (("met", 2), ("partly", 3), ("not_met", 4))
    left = [0.0] * len(checked)

    def share(n: int, relevant: int) -> float:
        return 100.0 * n / relevant if relevant else 0.0

    for key, idx in parts:
        widths = [share(int(r[idx]), r[1]) for r in checked]
        ax.barh(
            ys,
            widths,
            left=left,
            height=0.62,
            color=_AUDIT_COLORS[key],
            label=_say(key, lang),
            gid=key,
        )
        left = [a + w for a, w in zip(left, widths, strict=True)]
    rest = [100.0 - x if r[1] else 0.0 for x, r in zip(left, checked, strict=True)]
    if any(v > 1e-9 for v in rest):
        ax.barh(
            ys,
            rest,
            left=left,
            height=0.62,
            color=_AUDIT_COLORS["other"],
            label=_say("other", lang),
            gid="other",
        )
    for y, r in zip(ys, checked, strict=True):
        if r[1]:
            p = round(share(r[2], r[1]))
            text = _say("pct", lang, p=p, n=r[1])
        else:
            text = _say("not_relevant", lang)
        ax.text(101.5, y, text, va="center", ha="left", fontsize="small", gid="share")
    ax.set_yticks(ys, [r[0] for r in checked])
    ax.set_ylim(len(checked) - 0.5, -0.5)  # the first check on top
    ax.set_xlim(0, 100)
    ax.set_xlabel(_say("audit.axis", lang))
    # The legend in one row between the title and the bars.
    ax.set_title(title if title is not None else _say("audit.title", lang), pad=26)
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=4,
        fontsize="small",
        frameon=False,
        borderaxespad=0.2,
    )
    ax.spines[["top", "right"]].set_visible(False)
    _save(fig, path)
    return fig
