"""Year-to-date figures as a table states them: the level of January to a month, and its growth.

ERI's tables print, for January to a month of a year, the level of each flow and its growth as
an index on the same months of the year before (= 100). Such a period (``freq`` ``YTD``) is one
of its own: it is never summed from months nor compared with a year. The growth is the one the
table states: the suite shows it as stated by the source and computes no base from it.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.query.rows import records, where
from tradeviz.query.sources import is_quoted_each, prefer_source
from tradeviz.query.vintages import latest
from tradeviz.vocabulary import (
    GROWTH_INDEX,
    LEVEL_FLOWS,
    PERCENT_SCALE,
    TRADE_VALUE,
    UNIT_USD,
    YEAR_TO_DATE,
)


def stated_ytd(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    months: int,
    *,
    flows: tuple[str, ...] = LEVEL_FLOWS,
) -> pd.DataFrame:
    """Return the stated year-to-date level and growth of each flow, one table per flow.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes, reporter's side.
    year : int
        Calendar year.
    months : int
        January to this month (1–12).
    flows : tuple of str
        The flows wanted.

    Returns
    -------
    pandas.DataFrame
        One row per flow that a table states: ``flow``, ``value_usd``, ``growth_index`` (None
        when the table prints no growth), ``growth_pct`` (index − 100: the table's own growth),
        ``source``, ``source_org``, ``vintage``, ``release`` and ``figure_ids`` (the level's and
        the growth's). Each flow from the preferred source, its latest vintage (final first).
    """
    start = pd.Timestamp(year, 1, 1)
    end = pd.Timestamp(year, months, 1) + pd.offsets.MonthEnd(0)
    rows = where(
        figures,
        reporter=reporter,
        partner=partner,
        perspective=reporter,
        freq=YEAR_TO_DATE,
        flow=tuple(flows),
        measure=(TRADE_VALUE, GROWTH_INDEX),
        product_code=schema.TOTAL_CODE,
        period_start=start,
        period_end=end,
    )
    rows = rows[~is_quoted_each(rows[schema.SOURCE])]
    levels = where(rows, measure=TRADE_VALUE, unit=UNIT_USD)
    levels = latest(prefer_source(levels, [schema.FLOW]), [schema.SOURCE, schema.FLOW])
    found = []
    for level in records(levels.drop_duplicates(subset=[schema.FLOW])):
        growth = where(
            rows,
            measure=GROWTH_INDEX,
            flow=level[schema.FLOW],
            source=level[schema.SOURCE],
            vintage=level[schema.VINTAGE],
        )
        index = float(growth[schema.VALUE].iloc[0]) if len(growth) else None
        found.append(
            {
                "flow": level[schema.FLOW],
                "value_usd": float(level[schema.VALUE_USD]),
                "growth_index": index,
                "growth_pct": None if index is None else round(index - PERCENT_SCALE, 9),
                "source": level[schema.SOURCE],
                "source_org": level[schema.SOURCE_ORG],
                "vintage": level[schema.VINTAGE],
                "release": level[schema.RELEASE],
                "figure_ids": [level[schema.FIGURE_ID], *growth[schema.FIGURE_ID].head(1)],
            }
        )
    return pd.DataFrame.from_records(
        found,
        columns=[
            "flow",
            "value_usd",
            "growth_index",
            "growth_pct",
            "source",
            "source_org",
            "vintage",
            "release",
            "figure_ids",
        ],
    )
