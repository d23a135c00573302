"""Integrity checks: each source against the totals it states itself, and sources against others.

One row per check (:data:`tradeviz.checks.vocab.INTEGRITY_COLUMNS`) with its status:

``pass``  the numbers agree within the tolerance;
``warn``  a finding to report, not an error of the source: an unallocated residual, a revision
          between vintages, a table that follows another composition of an aggregate, a WITS
          extract short of the national total (also flagged ``incomplete_vintage``), a statement
          that differs from the table or a mirror gap between the two sides;
``fail``  a source contradicts its own stated totals (a share that is not value ÷ total, a
          turnover that is not exports + imports, an aggregate that no composition explains).

The checks of one table against its own totals are in :mod:`tradeviz.checks.table_totals`, those
across tables and sources in :mod:`tradeviz.checks.cross_source`; the row of a check and the
tolerances in :mod:`tradeviz.checks.integrity_rows`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import vocab
from tradeviz.checks.cross_source import (
    check_mirror_pairs,
    check_monthly_vs_annual,
    check_statements_vs_tables,
    check_totals_vs_national,
    check_vintage_revisions,
    check_wits_vs_bns,
    coverage_rows,
)
from tradeviz.checks.source_totals import check_other_tables
from tradeviz.checks.table_totals import check_table
from tradeviz.query import where
from tradeviz.query.memo import per_table
from tradeviz.vocabulary import BNS_ANNUAL, FLAG_INCOMPLETE_VINTAGE

if TYPE_CHECKING:
    import pandas as pd


def run_integrity_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Check every source against its own stated totals and against the other sources.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.

    Returns
    -------
    pandas.DataFrame
        One row per check, columns :data:`tradeviz.checks.vocab.INTEGRITY_COLUMNS`, sorted by
        check and id. ``status`` is ``pass``, ``warn`` or ``fail``.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    annual = where(figures, source=BNS_ANNUAL)
    for _, table in annual.groupby([s.VINTAGE, s.PERIOD_START, s.PERIOD_END], sort=True):
        rows += check_table(table)
    rows += check_other_tables(figures)
    rows += check_monthly_vs_annual(figures)
    rows += check_vintage_revisions(figures)
    rows += check_wits_vs_bns(figures)
    rows += _without_flag_fields(check_totals_vs_national(figures))
    rows += check_statements_vs_tables(figures)
    rows += check_mirror_pairs(figures)
    frame = pd.DataFrame.from_records(rows, columns=list(vocab.INTEGRITY_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "expected", "difference", "tolerance"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame.sort_values(["check", "check_id"], kind="stable").reset_index(drop=True)


def _without_flag_fields(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return check rows without the fields that only the flags table reads."""
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


@per_table
def incomplete_vintage_flags(figures: pd.DataFrame) -> pd.DataFrame:
    """Return the ``flags`` table: extracts and totals far short of the national total.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (the flags need reporters and classifications, which the
        integrity report does not carry, so they are derived from the figures).

    Returns
    -------
    pandas.DataFrame
        One row per flagged (source, vintage, partner, flow, year, classification), columns
        :data:`tradeviz.checks.vocab.FLAG_COLUMNS`; flag ``incomplete_vintage``.
    """
    import pandas as pd

    rows = [
        row
        for row in (*coverage_rows(figures), *check_totals_vs_national(figures))
        if row.pop("_flag", False)
    ]
    flags = [
        {
            "flag": FLAG_INCOMPLETE_VINTAGE,
            "source": row["source"],
            "vintage": row["vintage"],
            "reporter": row["_reporter"],
            "partner": row["partner"],
            "flow": row["flow"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "classification": row["_classification"],
            "coverage": row["value"] / row["expected"] if row["expected"] else math.nan,
            "check_id": row["check_id"],
            "message": row["message"],
        }
        for row in rows
    ]
    frame = pd.DataFrame.from_records(flags, columns=list(vocab.FLAG_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["coverage"] = pd.to_numeric(frame["coverage"]).astype("float64")
    return frame
