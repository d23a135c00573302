"""Which totals are complete: a total far short of the reporter's own stated total is not a total.

A reporter's annual money total from a source other than its national statistical table (the
UN Comtrade declarations, a WITS extract) is compared with the figure the national table states
for the same pair, flow and year (the table's latest vintage). When it is below
:data:`~tradeviz.vocabulary.INCOMPLETE_COVERAGE_MIN` of it, the figure is an *incomplete
vintage*: it lacks part of the trade (whole HS chapters are missing from Kazakhstan's
2020–2022 declarations). This is the one rule behind the ``incomplete_vintage`` flag of the
integrity checks and behind every selection: the query layer never uses such a figure as a
total, and says which figure it skipped and why.

A total that the national table does not state (another year, another reporter) cannot be
compared and is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.memo import per_table
from tradeviz.query.positions import take_rows
from tradeviz.query.rows import mask, records
from tradeviz.query.sources import is_quoted_each
from tradeviz.query.vintages import latest
from tradeviz.text.numbers import format_quantity
from tradeviz.vocabulary import (
    ANNUAL,
    FLAG_INCOMPLETE_VINTAGE,
    INCOMPLETE_COVERAGE_MIN,
    NATIONAL_TABLES,
    PERCENT_SCALE,
    TRADE_VALUE,
    UNIT_USD,
)

#: What makes one total comparable with the national table's: the pair, the flow, the period.
TOTAL_KEY: tuple[str, ...] = (
    schema.REPORTER,
    schema.PARTNER,
    schema.FLOW,
    schema.PERIOD_START,
    schema.PERIOD_END,
)
#: What :func:`_coverage` reads of each total it compares with the national table.
_TOTAL_READ: tuple[str, ...] = (
    schema.FIGURE_ID,
    schema.SOURCE,
    schema.VINTAGE,
    *TOTAL_KEY,
    schema.CLASSIFICATION,
    schema.LOCATOR,
    schema.VALUE_USD,
)
#: Columns of :func:`total_coverage`: the total's own, then the national figure's and the ratio.
COVERAGE_COLUMNS: tuple[str, ...] = (
    *_TOTAL_READ,
    "national_source",
    "national_vintage",
    "national_figure_id",
    "national_locator",
    "national_usd",
    "coverage",
    "incomplete",
    "reason",
)


#: The columns :func:`comparable_totals` reads.
COMPARABLE_COLUMNS: tuple[str, ...] = (
    schema.REPORTER,
    schema.MEASURE,
    schema.FREQ,
    schema.UNIT,
    schema.PRODUCT_CODE,
    schema.SOURCE,
    schema.PERSPECTIVE,
)


def comparable_totals(rows: pd.DataFrame) -> np.ndarray:
    """Return which of ``rows`` are totals to compare with the reporter's national table.

    Annual money totals (all products, US dollars, the reporter's own perspective) of a
    reporter listed in :data:`~tradeviz.vocabulary.NATIONAL_TABLES`, from a statistical
    source other than that national table.
    """
    if rows.empty:
        return np.zeros(0, dtype=bool)
    candidates = mask(
        rows,
        reporter=tuple(NATIONAL_TABLES),
        measure=TRADE_VALUE,
        freq=ANNUAL,
        unit=UNIT_USD,
        product_code=schema.TOTAL_CODE,
    )
    # The rest is read for the candidates alone (a per-row map of the whole table costs more).
    at = np.flatnonzero(candidates)
    part = rows.iloc[at, [rows.columns.get_loc(c) for c in _TABLE_TESTED]]
    reporters = part[schema.REPORTER].astype(str)
    national = reporters.map(NATIONAL_TABLES).fillna("").astype(str)
    sources = part[schema.SOURCE].astype(str)
    comparable = np.zeros(len(rows), dtype=bool)
    comparable[at] = (
        (sources != national).to_numpy()
        & (part[schema.PERSPECTIVE].astype(str) == reporters).to_numpy()
        & ~is_quoted_each(sources).to_numpy(dtype=bool)
    )
    return comparable


#: The columns :func:`comparable_totals` reads for the candidate totals.
_TABLE_TESTED = (schema.REPORTER, schema.SOURCE, schema.PERSPECTIVE)


def total_coverage(rows: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each comparable total of ``rows`` against the national table's stated total.

    Parameters
    ----------
    rows : pandas.DataFrame
        Figure rows (any part of the figures table).
    figures : pandas.DataFrame, optional
        Where the national tables' figures are looked up (default ``rows``).

    Returns
    -------
    pandas.DataFrame
        One row per total of ``rows`` that the national table also states, columns
        :data:`COVERAGE_COLUMNS`: ``coverage`` = value ÷ the national figure, ``incomplete`` when
        below :data:`~tradeviz.vocabulary.INCOMPLETE_COVERAGE_MIN`, and ``reason`` in words.
    """
    return _coverage(rows, figures, incomplete_only=False)


def _coverage(
    rows: pd.DataFrame, figures: pd.DataFrame | None, *, incomplete_only: bool
) -> pd.DataFrame:
    """Return :func:`total_coverage`, or (``incomplete_only``) its incomplete rows alone."""
    figures = rows if figures is None else figures
    # The columns read, then the rows: a boolean take costs a pandas take per column.
    totals = rows.loc[comparable_totals(rows), list(_TOTAL_READ)]
    if totals.empty:
        return pd.DataFrame(columns=list(COVERAGE_COLUMNS))
    national = _national_totals(figures, totals)
    if national.empty:
        return pd.DataFrame(columns=list(COVERAGE_COLUMNS))
    merged = totals.merge(national, on=list(TOTAL_KEY), how="inner")
    merged["coverage"] = merged[schema.VALUE_USD].astype(float) / merged["national_usd"].where(
        merged["national_usd"] != 0
    )
    merged["incomplete"] = (merged["coverage"] < INCOMPLETE_COVERAGE_MIN).fillna(False)
    # Worded for the rows that need it only (read as dicts: the incomplete ones, or all).
    worded = np.flatnonzero(merged["incomplete"].to_numpy(dtype=bool) | (not incomplete_only))
    reasons = [""] * len(merged)
    for at, row in zip(worded, records(merged.iloc[worded]), strict=True):
        reasons[at] = _reason(row)
    merged["reason"] = reasons
    if incomplete_only:
        merged = merged.loc[merged["incomplete"].astype(bool)]
    return merged.loc[:, list(COVERAGE_COLUMNS)].reset_index(drop=True)


def incomplete_totals(rows: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the totals of ``rows`` flagged incomplete (see :func:`total_coverage`)."""
    return _coverage(rows, figures, incomplete_only=True)


def complete_rows(figures: pd.DataFrame, positions: np.ndarray) -> tuple[pd.DataFrame, list[str]]:
    """Return the rows of ``figures`` at ``positions`` less its incomplete totals, and why.

    Each row is judged by the flags of the whole table, computed once for it (whether a total
    is incomplete depends on the row and the national table only), and the rows kept are taken
    from the table once.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.
    positions : numpy.ndarray
        Row positions in ``figures``, in the order wanted.

    Returns
    -------
    kept : pandas.DataFrame
        The rows at ``positions`` less the totals far short of the national table's.
    reasons : list of str
        Why each skipped figure was skipped, in the order of ``positions``.
    """
    positions = np.asarray(positions, dtype=np.intp)
    flagged = _incomplete_at(figures)
    skipped = np.isin(positions, np.fromiter(flagged, dtype=np.intp, count=len(flagged)))
    kept = take_rows(figures, positions[~skipped])
    return kept, [flagged[int(at)] for at in positions[skipped]]


@per_table
def _incomplete_at(figures: pd.DataFrame) -> dict[int, str]:
    """Return position -> why for every row of ``figures`` whose figure id is flagged incomplete.

    Read from the flags of the whole table by figure id (:func:`incomplete_ids`), once per
    table.
    """
    why = incomplete_ids(figures, figures)
    if not why:
        return {}
    ids = figures[schema.FIGURE_ID]
    at = np.flatnonzero(ids.isin(list(why)).to_numpy(dtype=bool))
    return {int(position): why[i] for position, i in zip(at, ids.iloc[at].tolist(), strict=True)}


def incomplete_ids(rows: pd.DataFrame, figures: pd.DataFrame | None = None) -> dict[str, str]:
    """Return ``figure_id`` -> why, for the totals of ``rows`` flagged incomplete."""
    flagged = incomplete_totals(rows, figures)
    return dict(zip(flagged[schema.FIGURE_ID], flagged["reason"], strict=True))


#: What :func:`_national_totals` gives of each national total (its key, then its figure).
_NATIONAL_READ = (
    *TOTAL_KEY,
    schema.SOURCE,
    schema.VINTAGE,
    schema.FIGURE_ID,
    schema.LOCATOR,
    schema.VALUE_USD,
)


def _national_totals(figures: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Return the national tables' latest stated totals for the keys of ``totals``."""
    frames = []
    # Only the columns read here and by latest(), taken from the table's rows.
    read = [c for c in (*_NATIONAL_READ, schema.RELEASE) if c in figures.columns]
    narrow = figures.loc[:, read]
    for reporter, part in totals.groupby(schema.REPORTER, sort=True):
        found = take_rows(
            narrow,
            np.flatnonzero(
                mask(
                    figures,
                    source=NATIONAL_TABLES[str(reporter)],
                    reporter=str(reporter),
                    perspective=str(reporter),
                    partner=tuple(pd.unique(part[schema.PARTNER])),
                    flow=tuple(pd.unique(part[schema.FLOW])),
                    measure=TRADE_VALUE,
                    freq=ANNUAL,
                    unit=UNIT_USD,
                    product_code=schema.TOTAL_CODE,
                )
            ),
            remember=False,
        )
        frames.append(latest(found, TOTAL_KEY))
    national = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if national.empty:
        return national
    national = national.drop_duplicates(subset=list(TOTAL_KEY))
    return national.loc[:, list(_NATIONAL_READ)].rename(
        columns={
            schema.SOURCE: "national_source",
            schema.VINTAGE: "national_vintage",
            schema.FIGURE_ID: "national_figure_id",
            schema.LOCATOR: "national_locator",
            schema.VALUE_USD: "national_usd",
        }
    )


def _reason(row: dict) -> str:
    """Return why a total is (or would be) skipped, in one sentence."""
    year = pd.Timestamp(row[schema.PERIOD_START]).year
    covered = PERCENT_SCALE * float(row["coverage"])
    verdict = (
        f"below {PERCENT_SCALE * INCOMPLETE_COVERAGE_MIN:.0f} %: {FLAG_INCOMPLETE_VINTAGE}, "
        "never used as a total"
        if row["incomplete"]
        else "complete"
    )
    return (
        f"{row[schema.SOURCE]} {row[schema.REPORTER]} {row[schema.FLOW]} "
        f"({row[schema.PARTNER]}, {year}) {_usd(row[schema.VALUE_USD])} is {covered:.1f} % of "
        f"{row['national_source']}'s stated total {_usd(row['national_usd'])} (vintage "
        f"{row['national_vintage']}): {verdict}"
    )


def _usd(value: float) -> str:
    return format_quantity(float(value), UNIT_USD)


def incomplete_positions(figures: pd.DataFrame, positions: Iterable[int]) -> dict[int, str]:
    """Return position -> why, for the rows of ``figures`` at ``positions`` flagged incomplete.

    The flags of a table are computed once per table (:func:`tradeviz.query.memo.per_table`),
    so that the many selections over one table pay for the rule once.
    """
    flagged = _flags_of(figures)
    if not flagged:
        return {}
    return {int(at): flagged[int(at)] for at in positions if int(at) in flagged}


@per_table
def _flags_of(figures: pd.DataFrame) -> dict[int, str]:
    """Return position -> why for every incomplete total of ``figures`` (once per table)."""
    narrow = figures.loc[:, list(COMPARABLE_COLUMNS)]
    candidates = np.flatnonzero(comparable_totals(narrow))
    if not len(candidates):
        return {}
    why = incomplete_ids(figures.iloc[candidates], figures)
    ids = figures[schema.FIGURE_ID].iloc[candidates].astype(str).to_numpy()
    return {int(at): why[i] for at, i in zip(candidates, ids, strict=True) if i in why}
