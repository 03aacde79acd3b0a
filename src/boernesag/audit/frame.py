"""The audit report as pandas DataFrames (the ``pandas`` extra; imported only when called)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boernesag.audit.findings import FINDING_COLUMNS

if TYPE_CHECKING:
    from boernesag.audit.report import CaseloadReport

__all__ = ["TABLES", "report_to_frame"]

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
        # The analysts' findings table (boernesag.frame), cut to the audit's own columns.
        from boernesag.frame import findings_to_frame

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
