"""Figures quoted by officials and the press (source ``statements``), as readers list them."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tradeviz import schema
from tradeviz.query.rows import between, where
from tradeviz.vocabulary import GROWTH_YOY, LEVEL_FLOWS, STATEMENTS, TRADE_VALUE

#: Columns of :func:`quoted_figures`.
QUOTED_COLUMNS = (
    "statement",
    "perspective",
    "tier",
    "reporter",
    "partner",
    "flow",
    "measure",
    "period",
    "period_start",
    "period_end",
    "value",
    "unit",
    "scale",
    "value_usd",
    "growth_pct",
    "qualifier",
    "speaker",
    "outlet",
    "excerpt",
    "url",
    "figure_id",
    "vintage",
)


def quoted_figures(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    measures: Iterable[str] = (TRADE_VALUE,),
    flows: Iterable[str] = LEVEL_FLOWS,
    period_start: pd.Timestamp | None = None,
    period_end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Return the totals quoted in statements about a pair (either side's wording).

    A statement that gives a value and a growth rate is one row: its stated growth (the
    ``growth_yoy`` figure of the same statement, flow and period) is joined as ``growth_pct``.
    Growth-only statements about trade are rows without a value.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; statements worded from either side are returned.
    measures : iterable of str, default ("trade_value",)
        Measures of the values kept (``"fdi_cumulative"``, ``"fdi_gross_inflow"`` …).
    flows : iterable of str, default ("exports", "imports", "turnover")
        Flows kept (``("inflow",)`` for investment).
    period_start, period_end : pandas.Timestamp, optional
        Keep only statements about exactly this period.

    Returns
    -------
    pandas.DataFrame
        One row per quoted figure, columns :data:`QUOTED_COLUMNS`, ordered by period.
    """
    measures = tuple(measures)
    period = {
        column: value
        for column, value in ((schema.PERIOD_START, period_start), (schema.PERIOD_END, period_end))
        if value is not None
    }
    common = {
        schema.SOURCE: STATEMENTS,
        schema.PRODUCT_CODE: schema.TOTAL_CODE,  # product groups are not totals
        schema.FLOW: tuple(flows),
        **period,
    }
    rows = between(figures, reporter, partner, **common)
    key = [schema.RECORD_ID, schema.FLOW, schema.PERIOD_LABEL]
    values = where(rows, measure=measures)
    growth = where(rows, measure=GROWTH_YOY).loc[:, [*key, schema.VALUE]]
    growth = growth.rename(columns={schema.VALUE: "growth_pct"})
    if TRADE_VALUE in measures:  # growth-only statements about trade totals
        growth_only = where(rows, measure=GROWTH_YOY)
        growth_only = growth_only.loc[
            ~growth_only.set_index(key).index.isin(values.set_index(key).index)
        ].assign(
            **{
                schema.VALUE: float("nan"),
                schema.VALUE_USD: float("nan"),
                schema.UNIT: "",
                schema.SCALE: 1.0,
            }
        )
        values = pd.concat([values, growth_only], ignore_index=True)
    table = values.merge(growth, on=key, how="left").rename(
        columns={
            schema.RECORD_ID: "statement",
            schema.SOURCE_TIER: "tier",
            schema.PERIOD_LABEL: "period",
            schema.SOURCE_ORG: "outlet",
            schema.SOURCE_URL: "url",
        }
    )
    return (
        table.loc[:, list(QUOTED_COLUMNS)]
        .sort_values(["period", "statement"], kind="stable")
        .reset_index(drop=True)
    )
