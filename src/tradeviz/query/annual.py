"""Annual totals of a table that states only months: the twelve months summed, full years only.

Russia's customs tables give trade with each partner by month. A year of them is the sum of its
twelve monthly figures from one table (source, perspective, vintage); a year with a month
missing has no annual total (never completed by estimate). The summed row says what it is: its
``figure_id`` names the twelve figures (``"<id> + <id> + …"``, as a summed turnover names its
two) and its ``note`` says "sum of 12 monthly figures".
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.query.rows import mask
from tradeviz.query.sources import is_quoted_each
from tradeviz.vocabulary import ANNUAL, MONTHLY, TRADE_VALUE, UNIT_USD

MONTHS_IN_YEAR = 12
#: What identifies one annual total of a monthly table, the month aside.
_YEAR_KEY = [
    schema.SOURCE,
    schema.REPORTER,
    schema.PARTNER,
    schema.PERSPECTIVE,
    schema.VINTAGE,
    schema.FLOW,
    schema.CLASSIFICATION,
    schema.PRODUCT_CODE,
    "_year",
]
#: The note of a summed year.
SUMMED_MONTHS_NOTE = f"sum of {MONTHS_IN_YEAR} monthly figures"


def annual_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """Return one annual row per table and full year of the monthly money totals in ``rows``.

    Parameters
    ----------
    rows : pandas.DataFrame
        Figure rows; only monthly money totals in US dollars of statistical tables are summed.

    Returns
    -------
    pandas.DataFrame
        The columns of ``rows``: ``freq`` annual, the period the calendar year, ``value_usd`` the
        sum of the twelve months (``value`` in the months' scale), ``figure_id`` the twelve ids
        joined by ``" + "``, ``locator`` the first and last month's, ``note``
        :data:`SUMMED_MONTHS_NOTE`. Years with fewer than twelve months are left out.
    """
    months = rows.loc[
        mask(rows, freq=MONTHLY, measure=TRADE_VALUE, unit=UNIT_USD)
        & ~is_quoted_each(rows[schema.SOURCE]).to_numpy(dtype=bool)
    ]
    if months.empty:
        return rows.iloc[0:0]
    start = pd.to_datetime(months[schema.PERIOD_START])
    months = months.assign(_year=start.dt.year, _month=start.dt.month).sort_values(
        schema.PERIOD_START, kind="stable"
    )
    summed = []
    for _, year in months.groupby(_YEAR_KEY, sort=True):
        if year["_month"].nunique() != MONTHS_IN_YEAR or len(year) != MONTHS_IN_YEAR:
            continue
        first = year.iloc[0].copy()
        total = float(year[schema.VALUE_USD].sum())
        scales = set(year[schema.SCALE].astype(float))
        scale = scales.pop() if len(scales) == 1 else 1.0
        first[schema.FREQ] = ANNUAL
        first[schema.PERIOD_START] = pd.Timestamp(int(first["_year"]), 1, 1)
        first[schema.PERIOD_END] = pd.Timestamp(int(first["_year"]), 12, 31)
        first[schema.PERIOD_LABEL] = str(int(first["_year"]))
        first[schema.VALUE_USD] = total
        first[schema.SCALE] = scale
        first[schema.VALUE] = total / scale
        first[schema.FIGURE_ID] = " + ".join(year[schema.FIGURE_ID].astype(str))
        first[schema.LOCATOR] = (
            f"{year.iloc[0][schema.LOCATOR]} … {year.iloc[-1][schema.LOCATOR]}"
            f" ({SUMMED_MONTHS_NOTE})"
        )
        first[schema.NOTE] = SUMMED_MONTHS_NOTE
        summed.append(first)
    if not summed:
        return rows.iloc[0:0]
    frame = pd.DataFrame(summed).drop(columns=["_year", "_month"])
    return frame.astype({c: rows[c].dtype for c in rows.columns if c in frame.columns})
