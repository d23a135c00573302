"""What the ``figures`` table has data for: the valid choices of the notebooks' parameters.

Each function reads the tidy ``figures`` table (see :mod:`tradeviz.schema`) and returns sorted
choices, so a parameter check can name them. Nothing here computes an indicator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz import schema as s
from tradeviz.query import where, year_of
from tradeviz.vocabulary import (
    ALL_SOURCES,
    ANNUAL,
    COUNTRY,
    FDI_MEASURES,
    OFFICIAL_STATISTICS,
    TRADE_FLOWS,
    TRADE_VALUE,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ALL_SOURCES",
    "TRADE_FLOWS",
    "fdi_hosts",
    "fdi_investors",
    "fdi_years",
    "perspectives",
    "sources",
    "trade_partners",
    "trade_reporters",
    "trade_years",
]


def _annual_trade(figures: pd.DataFrame, **criteria: str) -> pd.DataFrame:
    """Rows of official annual trade totals (and ``criteria``)."""
    return where(
        figures,
        measure=TRADE_VALUE,
        source_tier=OFFICIAL_STATISTICS,
        classification=s.TOTAL_CODE,
        freq=ANNUAL,
        **criteria,
    )


def trade_reporters(figures: pd.DataFrame) -> list[str]:
    """Return the reporters whose official statistics state trade with the world or by country.

    A reporter qualifies when its own tables state its trade with the world, or list at least
    :data:`~tradeviz.query.denominators.MIN_LISTED_PARTNERS` partner countries in a year (a
    table by country without a world total, whose shares have a computed denominator). A
    reporter known only by its declared trade with one partner (the UN Comtrade reporters'
    trade with China) does not.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy ``figures`` table.

    Returns
    -------
    list of str
        Sorted ISO3 codes (``["KAZ", "KGZ", "UZB"]`` with the neighbours' tables).
    """
    from tradeviz.query.denominators import MIN_LISTED_PARTNERS

    with_world = set(_annual_trade(figures, partner=s.WORLD)[s.REPORTER].unique())
    countries = _annual_trade(figures, partner_kind=COUNTRY)
    countries = countries[countries[s.PERSPECTIVE] == countries[s.REPORTER]]
    listed = countries.groupby([s.REPORTER, s.SOURCE, s.PERIOD_START])[s.PARTNER].nunique()
    by_country = set(listed[listed >= MIN_LISTED_PARTNERS].index.get_level_values(0))
    return sorted(str(code) for code in with_world | by_country)


def trade_partners(figures: pd.DataFrame, reporter: str) -> list[str]:
    """Return the partner countries with annual official trade figures for ``reporter``.

    Aggregates (World, EAEU, continents) are not partners here.
    """
    rows = _annual_trade(
        figures, reporter=reporter, partner_kind=COUNTRY, exclude={s.PARTNER: (reporter,)}
    )
    return sorted(rows[s.PARTNER].unique().tolist())


def trade_years(
    figures: pd.DataFrame, reporter: str, partner: str, flow: str | None = None
) -> list[int]:
    """Return the years with an annual official trade value of ``reporter`` with ``partner``.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy ``figures`` table.
    reporter, partner : str
        ISO3 codes, reporter's side.
    flow : str, optional
        Restrict to one flow (``"exports"``); any flow when omitted.

    Returns
    -------
    list of int
        Sorted years.
    """
    rows = _annual_trade(figures, reporter=reporter, partner=partner)
    if flow is not None:
        rows = where(rows, flow=flow)
    return sorted({int(y) for y in year_of(rows).dropna()})


def fdi_hosts(figures: pd.DataFrame) -> list[str]:
    """Return the host countries of investment figures (the reporter of inflows)."""
    rows = where(figures, measure=FDI_MEASURES, exclude={s.PARTNER_KIND: ("none",)})
    return sorted(rows[s.REPORTER].unique().tolist())


def fdi_investors(figures: pd.DataFrame, host: str) -> list[str]:
    """Return the investor countries that ``host``'s investment figures name."""
    rows = where(figures, measure=FDI_MEASURES, reporter=host, partner_kind=COUNTRY)
    return sorted(rows[s.PARTNER].unique().tolist())


def fdi_years(figures: pd.DataFrame, host: str, investor: str) -> list[int]:
    """Return the years that investment figures of ``investor`` in ``host`` cover.

    A cumulative figure covers every year from its start to its end; a figure whose start is not
    stated covers the year of its end only.
    """
    rows = where(figures, measure=FDI_MEASURES, reporter=host, partner=investor)
    years: set[int] = set()
    for start, end in zip(rows[s.PERIOD_START], rows[s.PERIOD_END], strict=True):
        first = start if start == start else end  # NaT != NaT
        last = end if end == end else start
        if first != first or last != last:
            continue
        years.update(range(first.year, last.year + 1))
    return sorted(years)


def perspectives(figures: pd.DataFrame) -> list[str]:
    """Return the countries whose statistics appear in ``figures`` (ISO3, no "unattributed")."""
    values = figures[s.PERSPECTIVE].dropna().unique().tolist()
    return sorted(v for v in values if v != s.UNATTRIBUTED)


def sources(figures: pd.DataFrame) -> list[str]:
    """Return the sources (adapters) present in ``figures``, in the order of the schema."""
    present = set(figures[s.SOURCE].dropna().unique().tolist())
    return [name for name in s.SOURCES if name in present]
