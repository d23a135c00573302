"""A partner's rank by value among countries, never aggregates: the one rank of tradeviz.

A rank is computed within one table — one source, perspective, vintage, flow and period — over
the rows whose ``partner_kind`` is ``country`` (the reporter itself left out): aggregates such as
«Страны ЕАЭС», continents and the World row are never partners. Rank 1 is the largest value;
countries of equal value share the smaller rank. A rank is *certain* only when no country the
table leaves out could outrank the partner: the stated World total minus the listed countries
(the unlisted remainder) must be smaller than the partner's value.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.query.memo import per_table
from tradeviz.query.sources import is_quoted
from tradeviz.query.trade import trade_totals
from tradeviz.text.numbers import format_quantity
from tradeviz.vocabulary import ALL_VINTAGES, COUNTRY, PERCENT_SCALE, UNIT_USD

#: Columns of :func:`rank_countries`.
RANK_COLUMNS = ("rank", "partner", "value_usd", "share_pct", "figure_id")
#: What identifies one table: a rank is never computed across two.
TABLE_KEY = [
    schema.SOURCE,
    schema.VINTAGE,
    schema.PERSPECTIVE,
    schema.FLOW,
    schema.PERIOD_START,
    schema.PERIOD_END,
]
#: Columns of :func:`partner_ranks`: the table, then the country's rank in it.
TABLE_RANK_COLUMNS = (
    *TABLE_KEY,
    *RANK_COLUMNS,
    "countries",
    "world_usd",
    "remainder_usd",
    "certain",
)


def rank_countries(rows: pd.DataFrame, reporter: str, world_usd: float | None) -> pd.DataFrame:
    """Rank the partner countries of one table by value.

    Parameters
    ----------
    rows : pandas.DataFrame
        The money totals of one table and flow (countries and aggregates alike).
    reporter : str
        The reporting country (never its own partner).
    world_usd : float or None
        The table's stated World total, for the shares (None: NaN shares).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANK_COLUMNS`, largest first (ties by partner code).
    """
    countries = rows[(rows[schema.PARTNER_KIND] == COUNTRY) & (rows[schema.PARTNER] != reporter)]
    table = pd.DataFrame(
        {
            "partner": countries[schema.PARTNER].astype(str).to_numpy(),
            "value_usd": countries[schema.VALUE_USD].to_numpy(dtype=float),
            "figure_id": countries[schema.FIGURE_ID].astype(str).to_numpy(),
        }
    )
    table["share_pct"] = (
        PERCENT_SCALE * table["value_usd"] / world_usd if world_usd else float("nan")
    )
    table = table.sort_values(["value_usd", "partner"], ascending=[False, True])
    table.insert(0, "rank", table["value_usd"].rank(method="min", ascending=False).astype(int))
    return table.loc[:, list(RANK_COLUMNS)].reset_index(drop=True)


def rank_certainty(
    table: pd.DataFrame, partner: str, world_usd: float | None
) -> tuple[bool | None, float | None]:
    """Return whether a partner's rank is certain, and the unlisted remainder of the World total.

    Parameters
    ----------
    table : pandas.DataFrame
        A ranking of :func:`rank_countries`.
    partner : str
        The partner whose rank is judged.
    world_usd : float or None
        The table's stated World total (None: certainty unknown).

    Returns
    -------
    certain, remainder_usd
        None, None when the table states no World total.
    """
    if not world_usd:
        return None, None
    remainder = world_usd - float(table["value_usd"].sum())
    value = float(table.loc[table["partner"] == partner, "value_usd"].iloc[0])
    return remainder < value, remainder


def uncertain_note(remainder_usd: float) -> str:
    """Say why a rank is not certain: the countries a table leaves out could outrank."""
    return (
        f"not certain: countries missing from the table add up to "
        f"{format_quantity(remainder_usd, UNIT_USD)}, more than the partner's value"
    )


@per_table
def partner_ranks(
    figures: pd.DataFrame,
    reporter: str,
    flow: str,
    *,
    partner: str | None = None,
) -> pd.DataFrame:
    """Return every country's rank in every table that lists the reporter's partner countries.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        ISO3 code.
    flow : str
        ``exports``, ``imports`` or ``turnover``.
    partner : str, optional
        Keep only this partner's rows (one per table that lists it).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABLE_RANK_COLUMNS`: the table (source, perspective, vintage, flow,
        period), the country's rank, value, share of the stated World total, the number of
        countries ranked, the World total, the unlisted remainder and whether the rank is
        certain; then the other columns of the country's figure. Only the reporter's own
        annual tables that state a World total; never quoted figures. A turnover follows the
        one turnover rule (:mod:`tradeviz.query.trade`).
    """
    totals = trade_totals(figures, reporter, flows=[flow], vintage=ALL_VINTAGES)
    totals = totals[~totals[schema.SOURCE].map(is_quoted).astype(bool)]
    frames = []
    for key, table in totals.groupby(TABLE_KEY, dropna=False, sort=True):
        world = table[table[schema.PARTNER] == schema.WORLD]
        if world.empty:
            continue
        world_usd = float(world[schema.VALUE_USD].iloc[0])
        ranked = rank_countries(table, reporter, world_usd)
        if ranked.empty or (partner is not None and partner not in set(ranked["partner"])):
            continue
        ranked = ranked.assign(
            countries=len(ranked),
            world_usd=world_usd,
            remainder_usd=world_usd - float(ranked["value_usd"].sum()),
        )
        ranked["certain"] = ranked["remainder_usd"] < ranked["value_usd"]
        for column, value in zip(TABLE_KEY, key, strict=True):
            ranked[column] = value
        frames.append(ranked if partner is None else ranked[ranked["partner"] == partner])
    if not frames:
        return pd.DataFrame(columns=list(TABLE_RANK_COLUMNS))
    ranks = pd.concat(frames, ignore_index=True)
    rest = [c for c in totals.columns if c not in ranks.columns]
    figures_of = totals.loc[:, [schema.FIGURE_ID, *rest]].drop_duplicates(schema.FIGURE_ID)
    return ranks.merge(figures_of, on=schema.FIGURE_ID, how="left")
