"""Two partners' trade side by side, table by table, and a partner's series for records.

A comparison ("China overtook Russia") is only made within **one table**: one source, vintage,
perspective, flow and period, so that both values were compiled alike. A record ("the highest
ever") is judged on the series one source publishes: each period once, in the release current
on a given day (:func:`tradeviz.query.vintages.as_of_release`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tradeviz import schema
from tradeviz.query.memo import per_table
from tradeviz.query.ranks import TABLE_KEY
from tradeviz.query.rows import kept_rows, records
from tradeviz.query.sources import is_quoted_each
from tradeviz.query.trade import trade_totals
from tradeviz.query.vintages import as_of_release
from tradeviz.vocabulary import ALL_VINTAGES

#: The frequencies a comparison or a record is read from: years and year-to-date spans.
SERIES_FREQS = ("A", "YTD")

__all__ = ["SERIES_FREQS", "paired_totals", "published_series"]


def _totals(figures: pd.DataFrame, reporter: str, partners, flow: str) -> pd.DataFrame:
    frames = [
        trade_totals(figures, reporter, partners, flows=[flow], freq=freq, vintage=ALL_VINTAGES)
        for freq in SERIES_FREQS
    ]
    rows = pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)
    return rows[~is_quoted_each(rows[schema.SOURCE])]


@per_table
def paired_totals(
    figures: pd.DataFrame, reporter: str, partner: str, other: str, flow: str
) -> pd.DataFrame:
    """Return, per table that states both, the two partners' values of the reporter's flow.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        Whose trade (its own statistics).
    partner, other : str
        The two partners compared.
    flow : str
        ``exports``, ``imports`` or ``turnover`` (the one turnover rule).

    Returns
    -------
    pandas.DataFrame
        One row per table (:data:`tradeviz.query.ranks.TABLE_KEY`) with ``value``/``other_value``
        (US dollars), and the partner's figure row's other columns (``figure_id``, ``locator``,
        ``release``, …) plus ``other_figure_id`` and ``other_locator``. Computed once per
        table and arguments (:func:`tradeviz.query.memo.per_table`): comparisons of one pair
        recur across claims.
    """
    rows = _totals(figures, reporter, (partner, other), flow)
    rows = rows.assign(_usd=rows[schema.VALUE].astype(float) * rows[schema.SCALE].astype(float))
    mine = kept_rows(rows, rows[schema.PARTNER] == partner)
    theirs = kept_rows(rows, rows[schema.PARTNER] == other)[
        [*TABLE_KEY, "_usd", schema.FIGURE_ID, schema.LOCATOR]
    ].rename(
        columns={
            "_usd": "other_value",
            schema.FIGURE_ID: "other_figure_id",
            schema.LOCATOR: "other_locator",
        }
    )
    paired = mine.merge(theirs, on=TABLE_KEY, how="inner")
    return paired.rename(columns={"_usd": "value_usd_pair"}).assign(
        value=lambda frame: frame["value_usd_pair"]
    )


def published_series(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    start: dt.date,
    end: dt.date,
    day: dt.date | None,
) -> pd.DataFrame:
    """Return each source's series of the spans like ``start``–``end``, one release per period.

    The spans are those of the same calendar months in every year (a year; January–April);
    each period's release is the one current on ``day`` (else the earliest).

    Returns
    -------
    pandas.DataFrame
        One row per source, perspective and period (figure rows with ``value_usd_pair``, the
        value in US dollars).
    """
    rows = _totals(figures, reporter, partner, flow)
    starts = pd.to_datetime(rows[schema.PERIOD_START])
    ends = pd.to_datetime(rows[schema.PERIOD_END])
    like = (
        (starts.dt.month == start.month)
        & (starts.dt.day == start.day)
        & (ends.dt.month == end.month)
        & (ends.dt.day == end.day)
        & ((ends.dt.year - starts.dt.year) == (end.year - start.year))
    )
    rows = rows[like.to_numpy()]
    rows = rows.assign(
        value_usd_pair=rows[schema.VALUE].astype(float) * rows[schema.SCALE].astype(float)
    )
    kept = []
    for _, group in rows.groupby(
        [schema.SOURCE, schema.PERSPECTIVE, schema.PERIOD_START, schema.PERIOD_END], sort=True
    ):
        found = records(group)
        current, _, _ = as_of_release(
            [(r[schema.VINTAGE], r.get(schema.RELEASE, "unknown")) for r in found], day
        )
        kept.append(found[current])
    return pd.DataFrame.from_records(kept, columns=list(rows.columns))
