"""Which figures give the net foreign direct investment of one country in another.

Net FDI (inflows less disinvestment, and the inward stock) as a statistical compilation states it,
in euros: no exchange rate is applied, and net flows are never the gross inflows officials quote.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.query.rows import where, year_of
from tradeviz.query.vintages import latest
from tradeviz.vocabulary import NET_FDI_MEASURES, OFFICIAL_STATISTICS, UNIT_EUR


def net_fdi_rows(
    figures: pd.DataFrame, *, investor: str, host: str, start_year: int, end_year: int
) -> pd.DataFrame:
    """Return the net FDI of ``investor`` in ``host`` a statistical compilation states, in euros.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    investor, host : str
        ISO3 codes: the investing country and the country invested in (the reporter).
    start_year, end_year : int
        The years kept, both included.

    Returns
    -------
    pandas.DataFrame
        The latest vintage of each figure, with a ``year`` column, sorted by measure and year;
        empty when no table states any.
    """
    rows = where(
        figures,
        reporter=host,
        partner=investor,
        measure=NET_FDI_MEASURES,
        unit=UNIT_EUR,
        source_tier=OFFICIAL_STATISTICS,
    )
    rows = latest(rows, [schema.SOURCE, schema.MEASURE, schema.PERIOD_START, schema.PERIOD_END])
    rows = rows.assign(year=year_of(rows))
    return rows[(rows["year"] >= start_year) & (rows["year"] <= end_year)].sort_values(
        [schema.MEASURE, "year"]
    )
