"""A partner's rank by value among countries, never aggregates: the one rank of tradeviz.

A rank is computed within one table — one source, perspective, vintage, flow and period — over
the rows whose ``partner_kind`` is ``country`` (the reporter itself left out): aggregates such as
«Страны ЕАЭС», continents and the World row are never partners. Rank 1 is the largest value;
countries of equal value share the smaller rank. A rank is *certain* only when no country the
table leaves out could outrank the partner: the stated World total minus the listed countries
(the unlisted remainder) must be smaller than the partner's value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.memo import per_table
from tradeviz.query.positions import take_rows
from tradeviz.query.rows import kept_rows
from tradeviz.query.sources import is_quoted_each
from tradeviz.query.trade import trade_totals
from tradeviz.text.numbers import format_quantity
from tradeviz.vocabulary import ALL_VINTAGES, COUNTRY, LEVEL_FLOWS, PERCENT_SCALE, UNIT_USD

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
    totals = _flow_totals(figures, reporter, flow)
    stated = ~is_quoted_each(totals[schema.SOURCE]).to_numpy(dtype=bool)
    totals = kept_rows(totals, stated).reset_index(drop=True)
    ranked = _ranked_positions(totals, reporter)
    if partner is not None:
        ranked = {
            name: [v for v, p in zip(values, ranked["partner"], strict=True) if p == partner]
            for name, values in ranked.items()
        }
    if not ranked["partner"]:
        return pd.DataFrame(columns=list(TABLE_RANK_COLUMNS))
    positions = ranked.pop("position")
    ranks = pd.DataFrame(ranked)
    ranks["certain"] = ranks["remainder_usd"] < ranks["value_usd"]
    # totals is numbered 0..n-1 (reset above): its labels are its positions.
    keys = take_rows(totals.loc[:, TABLE_KEY], np.asarray(positions), remember=False)
    keys = keys.reset_index(drop=True)
    for column in TABLE_KEY:
        ranks[column] = keys[column]
    # The other columns of each country's figure: those of the first row of ``totals`` with its
    # figure id (what a left merge on the id gives; the table's ids are unique text), taken
    # by position in one take. The ids are read as the ranks read them (as text).
    rest = [c for c in totals.columns if c not in ranks.columns]
    ids = totals[schema.FIGURE_ID].astype(str)
    first = np.flatnonzero(~ids.duplicated().to_numpy())
    found = pd.Index(ids.to_numpy()[first]).get_indexer(ranks[schema.FIGURE_ID])
    others = take_rows(totals.loc[:, rest], first[found], remember=False)
    return pd.concat([ranks, others.reset_index(drop=True)], axis=1)


def _flow_totals(figures: pd.DataFrame, reporter: str, flow: str) -> pd.DataFrame:
    """Return the reporter's totals of one flow, every partner and vintage.

    The totals of every level flow are read in one pass per reporter (remembered per table), and
    each flow's rows kept from them: the ranks of a reporter's exports, imports and turnover
    then select and sum its figures once, not once per flow. The rows are those (in the same
    order) of ``trade_totals(figures, reporter, flows=[flow], vintage="all")``.
    """
    if flow not in LEVEL_FLOWS:
        return trade_totals(figures, reporter, flows=[flow], vintage=ALL_VINTAGES)
    totals = trade_totals(figures, reporter, flows=LEVEL_FLOWS, vintage=ALL_VINTAGES)
    return kept_rows(totals, totals[schema.FLOW] == flow)


def _ranked_positions(totals: pd.DataFrame, reporter: str) -> dict[str, list]:
    """Rank the countries of every table of ``totals`` that states a World total.

    The tables in the order of :data:`TABLE_KEY`, each as :func:`rank_countries` orders it
    (largest first, ties by partner code, equal values sharing the smaller rank), with the
    table's World total and unlisted remainder; ``position`` is the country's row in ``totals``.
    One pass over arrays: a DataFrame per table costs more than the ranking itself.
    """
    ranked: dict[str, list] = {
        name: [] for name in (*RANK_COLUMNS, "countries", "world_usd", "remainder_usd", "position")
    }
    if totals.empty:
        return ranked
    tables = totals.groupby(TABLE_KEY, dropna=False, sort=True).ngroup().to_numpy()
    partners = totals[schema.PARTNER].astype(str).to_numpy()
    is_country = (totals[schema.PARTNER_KIND] == COUNTRY).to_numpy(dtype=bool) & (
        partners != reporter
    )
    values = totals[schema.VALUE_USD].to_numpy(dtype=float)
    figure_ids = totals[schema.FIGURE_ID].astype(str).to_numpy()
    order = np.argsort(tables, kind="stable")
    for rows in np.split(order, np.flatnonzero(np.diff(tables[order])) + 1):
        world = rows[partners[rows] == schema.WORLD]
        listed = rows[is_country[rows]]
        if not len(world) or not len(listed):
            continue
        world_usd = float(values[world[0]])
        at = sorted(listed.tolist(), key=lambda i: (-values[i], partners[i]))
        usd = values[at]
        shares = PERCENT_SCALE * usd / world_usd if world_usd else np.full(len(at), np.nan)
        remainder = world_usd - float(usd.sum())
        ranked["rank"] += (np.searchsorted(-usd, -usd, side="left") + 1).tolist()
        ranked["partner"] += partners[at].tolist()
        ranked["value_usd"] += usd.tolist()
        ranked["share_pct"] += shares.tolist()
        ranked["figure_id"] += figure_ids[at].tolist()
        ranked["countries"] += [len(at)] * len(at)
        ranked["world_usd"] += [world_usd] * len(at)
        ranked["remainder_usd"] += [remainder] * len(at)
        ranked["position"] += at
    return ranked
