"""Growth on the same period of the previous year, from one table: stated, and from its levels.

A growth figure is only as good as the pair of levels it compares, so both levels come from
**one source and one vintage** (one file): the current period and the same span one year
earlier (a year on the year before; January–April on January–April). Where a table states the
growth itself (ERI's index, the same period a year earlier = 100), the stated growth is returned
too, as printed minus 100. Nothing is mixed across files: a period whose earlier level is in
another vintage only is not computed.

Each result is a row shaped like a figure of the ``figures`` table, measure ``growth_yoy``, unit
``percent``, so that it can be weighed like any other figure; ``record_id`` says how it was
obtained (:data:`FROM_LEVELS` or :data:`STATED_INDEX`), ``locator`` names the cells and ``note``
gives the arithmetic.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tradeviz import schema
from tradeviz.query.memo import per_table
from tradeviz.query.rows import period_of, records, same_table, where
from tradeviz.vocabulary import GROWTH_YOY, TRADE_VALUE, UNIT_PERCENT

#: ``record_id`` of a growth computed from two levels of one table.
FROM_LEVELS = "growth-levels"
#: ``record_id`` of a growth a table states as an index (previous period = 100).
STATED_INDEX = "growth-index"
#: The measure of a stated growth index (as printed: 103.4 means +3.4 %).
GROWTH_INDEX = "growth_index"
#: The index value that means "no change".
INDEX_BASE = 100.0

__all__ = ["FROM_LEVELS", "GROWTH_INDEX", "STATED_INDEX", "growth_figures", "year_earlier"]


def year_earlier(day: dt.date) -> dt.date:
    """Return the same day one year earlier (29 February → 28 February).

    Examples
    --------
    >>> year_earlier(dt.date(2024, 2, 29))
    datetime.date(2023, 2, 28)
    """
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@per_table
def growth_figures(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Return every growth of a pair's flow over ``start``–``end`` that one table gives.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner, flow : str
        Whose trade, with whom, which flow (``turnover`` as the table states it).
    start, end : datetime.date
        The period whose growth on the same period of the previous year is wanted.

    Returns
    -------
    pandas.DataFrame
        Figure-shaped rows (:data:`tradeviz.schema.FIGURE_COLUMNS`), measure ``growth_yoy``,
        unit ``percent``: one per table (source and vintage) that states both levels
        (``record_id`` :data:`FROM_LEVELS`) and one per stated index (:data:`STATED_INDEX`).
    """
    pair = where(
        figures,
        reporter=reporter,
        partner=partner,
        flow=flow,
        classification=schema.TOTAL_CODE,
        measure=(TRADE_VALUE, GROWTH_INDEX),
    )
    # The pair's rows are read as dicts once and sorted out here: a boolean filter of the
    # frame would take each of its columns again for every filter.
    pair_rows = records(pair)
    current = [row for row in pair_rows if period_of(row) == (start, end)]
    then = (year_earlier(start), year_earlier(end))
    earlier = [
        row for row in pair_rows if period_of(row) == then and row[schema.MEASURE] == TRADE_VALUE
    ]
    rows = []
    for row in current:
        if row[schema.MEASURE] == GROWTH_INDEX:
            rows.append(_stated(row))
            continue
        for before in earlier:
            if not same_table(row, before):
                continue
            computed = _from_levels(row, before)
            if computed is not None:
                rows.append(computed)
    return pd.DataFrame.from_records(rows, columns=list(schema.FIGURE_COLUMNS))


def _stated(row: dict) -> dict:
    growth = float(row[schema.VALUE]) - INDEX_BASE
    return {
        **row,
        schema.FIGURE_ID: f"{row[schema.FIGURE_ID]}:growth",
        schema.MEASURE: GROWTH_YOY,
        schema.VALUE: growth,
        schema.VALUE_TEXT: f"{growth:.10g}",
        schema.SCALE: 1.0,
        schema.VALUE_USD: float("nan"),
        schema.RECORD_ID: STATED_INDEX,
        schema.NOTE: f"stated as an index {row[schema.VALUE]:g} (same period a year earlier = 100)",
    }


def _from_levels(row: dict, before: dict) -> dict | None:
    now = float(row[schema.VALUE]) * float(row[schema.SCALE])
    then = float(before[schema.VALUE]) * float(before[schema.SCALE])
    if not then > 0:
        return None
    growth = (now / then - 1.0) * 100.0
    return {
        **row,
        schema.FIGURE_ID: f"{row[schema.FIGURE_ID]}:on:{before[schema.FIGURE_ID]}",
        schema.MEASURE: GROWTH_YOY,
        schema.VALUE: growth,
        schema.VALUE_TEXT: f"{growth:.4g}",
        schema.SCALE: 1.0,
        schema.UNIT: UNIT_PERCENT,
        schema.VALUE_USD: float("nan"),
        schema.RECORD_ID: FROM_LEVELS,
        schema.LOCATOR: f"{row[schema.LOCATOR]} on {before[schema.LOCATOR]}",
        schema.NOTE: (
            f"computed from the table's levels: {row[schema.VALUE]:g} ÷ "
            f"{before[schema.VALUE]:g} − 1 = {growth:+.2f} %"
        ),
    }
