"""The audit report as pandas DataFrames (the ``pandas`` extra; imported only when called).

:func:`report_to_frame` gives the report's tables; :func:`findings_to_frame` the analysts'
findings table (also :func:`boernesag.frame.findings_to_frame`, beside the other frames).
Built from the audit's own modules and the typed columns of :mod:`boernesag.caseframe`, so
the audit does not import :mod:`boernesag.frame` (which sits above the audit).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from boernesag.audit.checks import CHECKS
from boernesag.audit.core import CaseAudit
from boernesag.audit.findings import FINDING_COLUMNS, Finding, Severity
from boernesag.audit.report import CaseloadReport
from boernesag.caseframe import (
    category_series,
    day_series,
    load_pandas,
    ordered_frame,
    string_series,
)
from boernesag.text import check_lang

__all__ = ["FINDINGS_FRAME_COLUMNS", "TABLES", "findings_to_frame", "report_to_frame"]

#: The tables :func:`report_to_frame` can give.
TABLES = ("checks", "findings", "cases", "teams", "caseworkers", "changes")


def report_to_frame(report: CaseloadReport, table: str = "checks", lang: str = "da") -> Any:
    """One table of ``report`` as a DataFrame.

    - ``checks``: BDO's (Randers 2016) table, one row per check (relevant, met, partly, not met, %).
    - ``findings``: one row per finding (needs a report audited with ``keep_cases=True``;
      otherwise the worst cases' findings); ``severity`` is an ordered categorical and
      ``date``/``due`` are datetimes.
    - ``cases``: one row per case with its score and each check's status.
    - ``teams`` / ``caseworkers``: the groups, with the percentage met per check.
    - ``changes``: each change of caseworker or team with the gap it caused.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("report_to_frame kræver pandas: pip install 'boernesag[pandas]'") from exc
    if table not in TABLES:
        raise ValueError(f"ukendt tabel {table!r}; vælg en af {', '.join(TABLES)}")
    cases = report.cases or report.worst
    if table == "checks":
        return pd.DataFrame([c.to_dict(lang) for c in report.checks]).set_index("check_id")
    if table == "findings":
        # The analysts' findings table, cut to the audit's own columns.
        return findings_to_frame(report, lang)[list(FINDING_COLUMNS)]
    if table == "cases":
        rows = []
        for c in cases:
            row: dict[str, Any] = {
                "case_id": c.case_id,
                "caseworker": c.caseworker,
                "team": c.team,
                "score": c.score,
                "findings": len(c.findings),
                "ongoing": c.ongoing,
            }
            row.update({r.check_id: r.status.value for r in c.results})
            rows.append(row)
        return pd.DataFrame(rows).set_index("case_id") if rows else pd.DataFrame()
    if table in ("teams", "caseworkers"):
        groups = report.teams if table == "teams" else report.caseworkers
        rows = []
        for g in groups:
            row = {
                "key": g.key,
                "name": g.name,
                "cases": g.cases,
                "findings": g.findings,
                "ongoing": g.ongoing,
                "received": g.received,
                "given": g.given,
                "gaps_after_received": g.gaps_after_received,
                **{f"n_{k}": v for k, v in g.by_severity.items()},
                **{f"pct_met_{c.check_id}": g.pct_met(c.check_id) for c in report.checks},
            }
            rows.append(row)
        return pd.DataFrame(rows).set_index("key") if rows else pd.DataFrame()
    frame = pd.DataFrame([c.to_dict() for c in report.changes])
    if not frame.empty:
        frame["date"] = pd.to_datetime(frame["date"])
    return frame


# --------------------------------------------------------------------------- findings

#: The columns of :func:`findings_to_frame`, in order (``boernesag.frame.FINDINGS_FRAME_COLUMNS``).
FINDINGS_FRAME_COLUMNS: tuple[str, ...] = (
    "case_id",
    "team",
    "caseworker_as_of",
    "check_id",
    "check_label",
    "code",
    "severity",
    "severity_label",
    "ongoing",
    "date",
    "due",
    "rule_id",
    "citation",
    "measure",
    "caseworker",
    "events",
    "explanation",
)


def _known_first(known: Sequence[str], values: Sequence[Any]) -> list[str]:
    """``known`` then any other value of ``values`` (a custom check), none lost as NaN."""
    seen = set(known)
    return [*known, *(v for v in dict.fromkeys(values) if v is not None and v not in seen)]


def _finding_rows(source: Any) -> Iterator[tuple[Any, Any, Any]]:
    """(finding, team, caseworker on the audit day) for every finding of ``source``."""
    if isinstance(source, CaseloadReport):
        source = source.cases or source.worst
    elif isinstance(source, CaseAudit | Finding):
        source = (source,)
    for item in source:
        if isinstance(item, CaseAudit):
            for f in item.findings:
                yield f, item.team, item.caseworker
        elif isinstance(item, Finding):
            yield item, None, None
        else:
            raise TypeError(
                "findings_to_frame() takes a CaseloadReport, CaseAudits or Findings, "
                f"not {type(item).__name__}"
            )


def findings_to_frame(findings_or_report: Any, lang: str = "da") -> Any:
    """One row per audit finding (:mod:`boernesag.audit`), typed for analysis.

    ``findings_or_report`` is a :class:`~boernesag.audit.CaseloadReport` (its cases'
    findings; a report audited with ``keep_cases=False`` holds only its worst cases, as in
    :func:`~boernesag.audit.report_to_frame`), one or more
    :class:`~boernesag.audit.CaseAudit`, or :class:`~boernesag.audit.Finding` objects.
    Rows come case by case, each case's findings most serious first (the audit's order).

    Columns :data:`FINDINGS_FRAME_COLUMNS`: ``severity`` is an ordered category with the audit's
    five severities from the most serious (``critical``) to ``info``, the order of
    ``report_to_frame(report, "findings")``, so ``sort_values("severity")`` puts the worst
    first; ``check_label``, ``severity_label`` and ``explanation`` (with the paragraph) are
    in ``lang``; ``date`` (the day the finding is about) and ``due`` are ``datetime64[ns]``;
    ``ongoing`` (``bool``) tells a finding still unresolved on the audit day from history;
    ``caseworker`` is the caseworker assigned on ``date``, while ``caseworker_as_of`` and
    ``team`` are the case's on the audit day (who can act now; ``<NA>`` for bare findings);
    ``events`` the ids of the events the finding rests on, joined by ``";"``. No CPR number.

    >>> from datetime import date
    >>> from boernesag.audit import audit_caseload
    >>> from boernesag.demo import demo_caseload
    >>> frame = findings_to_frame(audit_caseload(demo_caseload(20), date(2025, 6, 30)))
    >>> list(frame["severity"].cat.categories)
    ['critical', 'high', 'medium', 'low', 'info']
    """
    pd = load_pandas()
    lang = check_lang(lang)

    labels = {c.id: c.label(lang) for c in CHECKS}
    cols: dict[str, list[Any]] = {k: [] for k in FINDINGS_FRAME_COLUMNS}
    for f, team, current in _finding_rows(findings_or_report):
        cols["case_id"].append(f.case_id)
        cols["team"].append(team)
        cols["caseworker_as_of"].append(current)
        cols["check_id"].append(f.check_id)
        cols["check_label"].append(labels.get(f.check_id, f.check_id))
        cols["code"].append(f.code)
        cols["severity"].append(f.severity.value)
        cols["severity_label"].append(f.severity.label(lang))
        cols["ongoing"].append(f.ongoing)
        cols["date"].append(f.day)
        cols["due"].append(f.due)
        cols["rule_id"].append(f.rule_id)
        cols["citation"].append(f.citation)
        cols["measure"].append(f.measure)
        cols["caseworker"].append(f.caseworker)
        cols["events"].append(";".join(f.events) or None)
        cols["explanation"].append(f.explain(lang))
    severities = [s.value for s in Severity]
    out: dict[str, Any] = {
        "severity": pd.Series(
            pd.Categorical(cols["severity"], categories=severities, ordered=True)
        ),
        "severity_label": pd.Series(
            pd.Categorical(
                cols["severity_label"],
                categories=[Severity(s).label(lang) for s in severities],
                ordered=True,
            )
        ),
        "ongoing": pd.Series(cols["ongoing"], dtype="bool"),
        "date": day_series(cols["date"]),
        "due": day_series(cols["due"]),
    }
    for key in ("case_id", "caseworker_as_of", "citation", "measure", "caseworker", "events"):
        out[key] = string_series(cols[key])
    out["explanation"] = string_series(cols["explanation"])
    for key in ("team", "code", "rule_id"):
        out[key] = category_series(cols[key])
    checks = _known_first([c.id for c in CHECKS], cols["check_id"])
    out["check_id"] = category_series(cols["check_id"], checks)
    check_labels = _known_first([c.label(lang) for c in CHECKS], cols["check_label"])
    out["check_label"] = category_series(cols["check_label"], check_labels)
    return ordered_frame(out, FINDINGS_FRAME_COLUMNS)
