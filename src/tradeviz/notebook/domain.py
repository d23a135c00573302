"""What the ``figures`` table has data for: the valid choices of the notebooks' parameters.

Each function reads the tidy ``figures`` table (see :mod:`tradeviz.schema`) and returns sorted
choices, so a parameter check can name them. Nothing here computes an indicator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz import schema as s

if TYPE_CHECKING:
    import pandas as pd

#: Evidence that defines which reporters, partners and years the trade notebooks cover.
TRADE_TIERS: tuple[str, ...] = ("official_statistics",)
#: Flows a trade notebook's ``flow`` parameter accepts.
TRADE_FLOWS: tuple[str, ...] = ("exports", "imports")
#: Measures that count as investment figures.
FDI_MEASURES: tuple[str, ...] = ("fdi_gross_inflow", "fdi_cumulative")
#: Value of the ``source`` parameter meaning every source.
ALL_SOURCES = "all"


def _trade_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Rows of official trade values (totals, by year or month)."""
    mask = (
        (figures[s.MEASURE] == "trade_value")
        & figures[s.SOURCE_TIER].isin(TRADE_TIERS)
        & (figures[s.CLASSIFICATION] == s.TOTAL_CODE)
    )
    return figures.loc[mask]


def _annual(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.loc[rows[s.FREQ] == "A"]


def trade_reporters(figures: pd.DataFrame) -> list[str]:
    """Return the reporters whose official statistics state trade with the world.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy ``figures`` table.

    Returns
    -------
    list of str
        Sorted ISO3 codes (``["KAZ"]`` for the China–Kazakhstan data).
    """
    rows = _annual(_trade_rows(figures))
    return sorted(rows.loc[rows[s.PARTNER] == s.WORLD, s.REPORTER].unique().tolist())


def trade_partners(figures: pd.DataFrame, reporter: str) -> list[str]:
    """Return the partner countries with annual official trade figures for ``reporter``.

    Aggregates (World, EAEU, continents) are not partners here.
    """
    rows = _annual(_trade_rows(figures))
    mask = (
        (rows[s.REPORTER] == reporter)
        & (rows[s.PARTNER_KIND] == "country")
        & (rows[s.PARTNER] != reporter)
    )
    return sorted(rows.loc[mask, s.PARTNER].unique().tolist())


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
    rows = _annual(_trade_rows(figures))
    mask = (rows[s.REPORTER] == reporter) & (rows[s.PARTNER] == partner)
    if flow is not None:
        mask &= rows[s.FLOW] == flow
    return sorted({int(y) for y in rows.loc[mask, s.PERIOD_START].dt.year.dropna()})


def _fdi_rows(figures: pd.DataFrame) -> pd.DataFrame:
    return figures.loc[figures[s.MEASURE].isin(FDI_MEASURES)]


def fdi_hosts(figures: pd.DataFrame) -> list[str]:
    """Return the host countries of investment figures (the reporter of inflows)."""
    rows = _fdi_rows(figures)
    return sorted(rows.loc[rows[s.PARTNER_KIND] != "none", s.REPORTER].unique().tolist())


def fdi_investors(figures: pd.DataFrame, host: str) -> list[str]:
    """Return the investor countries that ``host``'s investment figures name."""
    rows = _fdi_rows(figures)
    mask = (rows[s.REPORTER] == host) & (rows[s.PARTNER_KIND] == "country")
    return sorted(rows.loc[mask, s.PARTNER].unique().tolist())


def fdi_years(figures: pd.DataFrame, host: str, investor: str) -> list[int]:
    """Return the years that investment figures of ``investor`` in ``host`` cover.

    A cumulative figure covers every year from its start to its end; a figure whose start is not
    stated covers the year of its end only.
    """
    rows = _fdi_rows(figures)
    rows = rows.loc[(rows[s.REPORTER] == host) & (rows[s.PARTNER] == investor)]
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
