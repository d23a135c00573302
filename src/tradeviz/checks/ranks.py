"""A partner's rank by value among countries (never aggregates), from tables that list them all.

A rank is computed per source, vintage, reporter, flow and period over the rows whose
``partner_kind`` is ``country``; aggregates («Страны ЕАЭС», «Европа», the World row) are never
ranked. A rank is *certain* only when no country missing from the table could outrank the
partner: the stated World total minus the listed countries (the unlisted remainder) must be
smaller than the partner's value. Product-level extracts (``product_lines_sum``) are not totals
and are never ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s

if TYPE_CHECKING:
    import pandas as pd

COUNTRY = "country"
#: How many leading partners an explanation lists.
LEADERS_SHOWN = 3


@dataclass(frozen=True)
class RankResult:
    """The rank of one partner in one table.

    Attributes
    ----------
    rank : int
        1 = the largest country.
    certain : bool
        Whether no unlisted country could outrank the partner.
    countries : int
        How many countries the table lists for the flow.
    remainder : float
        World total minus the listed countries (quantity, e.g. US dollars).
    leaders : tuple
        ``(partner, quantity)`` of the leading countries.
    row : dict
        The partner's own figure (its source, vintage, locator, tier, perspective).
    """

    rank: int
    certain: bool
    countries: int
    remainder: float
    leaders: tuple[tuple[str, float], ...]
    row: dict[str, Any]


def partner_ranks(
    figures: pd.DataFrame, reporter: str, partner: str, flow: str
) -> list[RankResult]:
    """Return the partner's rank in every table (source, vintage, period) that lists countries.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes (e.g. ``"KAZ"``, ``"CHN"``).
    flow : str
        ``exports``, ``imports`` or ``turnover``.

    Returns
    -------
    list of RankResult
        One per table in which the partner appears and a World total is stated.
    """
    table = figures[
        (figures[s.MEASURE] == "trade_value")
        & (figures[s.CLASSIFICATION] == s.TOTAL_CODE)
        & (figures[s.REPORTER] == reporter)
        & (figures[s.FLOW] == flow)
        & (figures[s.SOURCE] != "statements")
    ]
    results = []
    keys = [s.SOURCE, s.VINTAGE, s.PERSPECTIVE, s.PERIOD_START, s.PERIOD_END]
    for _, group in table.groupby(keys, dropna=False, sort=True):
        world = group[group[s.PARTNER] == s.WORLD]
        countries = group[group[s.PARTNER_KIND] == COUNTRY]
        mine = countries[countries[s.PARTNER] == partner]
        if world.empty or mine.empty:
            continue
        quantities = (countries[s.VALUE] * countries[s.SCALE]).sort_values(ascending=False)
        ordered = countries.loc[quantities.index, s.PARTNER].tolist()
        mine_quantity = float(mine[s.VALUE].iloc[0] * mine[s.SCALE].iloc[0])
        rank = 1 + int((quantities > mine_quantity).sum())
        world_quantity = float(world[s.VALUE].iloc[0] * world[s.SCALE].iloc[0])
        remainder = world_quantity - float(quantities.sum())
        leaders = tuple(
            (code, float(q))
            for code, q in zip(
                ordered[:LEADERS_SHOWN], quantities.iloc[:LEADERS_SHOWN], strict=True
            )
        )
        results.append(
            RankResult(
                rank=rank,
                certain=remainder < mine_quantity,
                countries=len(countries),
                remainder=remainder,
                leaders=leaders,
                row=mine.iloc[0].to_dict(),
            )
        )
    return results
