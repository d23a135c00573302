"""Money totals of trade between a reporter and its partners, and the slots of one total.

Turnover follows the one turnover rule of :mod:`tradeviz.query.turnover`: the table's stated
turnover where the table states one, its exports + imports otherwise, said in the column
``turnover_basis``. A total far short of the reporter's national table (an incomplete vintage,
:mod:`tradeviz.query.completeness`) is never returned as a total, nor summed into a turnover.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.completeness import complete_rows
from tradeviz.query.memo import per_table
from tradeviz.query.rows import check_year, kept_rows, mask, with_period_parts
from tradeviz.query.select import Slot
from tradeviz.query.turnover import TURNOVER_BASIS, summed_turnover
from tradeviz.query.vintages import latest
from tradeviz.vocabulary import (
    ALL_VINTAGES,
    ANNUAL,
    COUNTRY,
    EXPORTS,
    IMPORTS,
    LATEST,
    LEVEL_FLOWS,
    MONTHLY,
    TRADE_VALUE,
    TURNOVER,
    TURNOVER_STATED,
    UNIT_USD,
)


def trade_slot(
    reporter: str, partner: str, flow: str, year: int, *, month: int | None = None
) -> Slot:
    """Return the slot of one money total: ``reporter``'s ``flow`` with ``partner`` in ``year``.

    Parameters
    ----------
    reporter, partner : str
        ISO3 codes (``partner`` may be an aggregate code such as ``"WLD"``).
    flow : str
        ``"exports"``, ``"imports"`` or ``"turnover"``.
    year : int
        Calendar year.
    month : int, optional
        A month of ``year``: a monthly figure instead of an annual one.

    Returns
    -------
    Slot
        The selection slot.
    """
    year = check_year(year)
    period = f"{year}-{month:02d}" if month else str(year)
    preposition = {EXPORTS: "to", IMPORTS: "from"}.get(flow, "with")
    return Slot(
        label=f"{reporter} {flow} {preposition} {partner}, {period}",
        criteria={**_total(reporter, flow, MONTHLY if month else ANNUAL), schema.PARTNER: partner},
        year=year,
        month=month,
    )


def countries_slot(reporter: str, flow: str, year: int) -> Slot:
    """Return the slot of a reporter's annual totals with every partner country (one table).

    Parameters
    ----------
    reporter : str
        ISO3 code.
    flow : str
        ``"exports"``, ``"imports"`` or ``"turnover"``.
    year : int
        Calendar year.

    Returns
    -------
    Slot
        A ``many`` slot, one figure per partner country (aggregates are never countries).
    """
    year = check_year(year)
    return Slot(
        label=f"{reporter} {flow} by partner country, {year}",
        criteria={**_total(reporter, flow, ANNUAL), schema.PARTNER_KIND: COUNTRY},
        year=year,
        many=True,
        unique_by=(schema.PARTNER,),
    )


def _total(reporter: str, flow: str | tuple[str, ...], freq: str) -> dict[str, object]:
    """Return the criteria of a reporter's money totals of ``flow`` (any partner)."""
    return {
        schema.REPORTER: reporter,
        schema.FLOW: flow,
        schema.MEASURE: TRADE_VALUE,
        schema.FREQ: freq,
        schema.PRODUCT_CODE: schema.TOTAL_CODE,
    }


def trade_totals(
    figures: pd.DataFrame,
    reporter: str,
    partner: str | Iterable[str] | None = None,
    *,
    flows: Iterable[str] = LEVEL_FLOWS,
    freq: str = ANNUAL,
    source: str | None = None,
    perspective: str | None = None,
    years: int | Iterable[int] | None = None,
    since: int | None = None,
    until: int | None = None,
    vintage: str = LATEST,
    skipped: list[str] | None = None,
) -> pd.DataFrame:
    """Return the money totals of a reporter's trade with its partners, one row per figure.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        ISO3 code; figures are read from the reporter's side.
    partner : str or iterable of str, optional
        ISO3 or aggregate code(s); every partner when omitted.
    flows : iterable of str, default ("exports", "imports", "turnover")
        Flows wanted; turnover follows the rule of this module.
    freq : {"A", "M"}
        Annual or monthly figures.
    source : str, optional
        One source; every source when omitted (see :func:`tradeviz.query.prefer_source`).
    perspective : str, optional
        Whose statistics; default the reporter's own.
    years : int or iterable of int, optional
        Calendar years kept.
    since, until : int, optional
        First and last calendar year kept.
    vintage : str, default "latest"
        ``"latest"``: each figure from the latest vintage that states it (a summed turnover
        from the latest vintage that states both flows); ``"all"``: every vintage; or one
        vintage by name.
    skipped : list of str, optional
        Receives one sentence per figure left out as an incomplete vintage (why it is not a
        total).

    Returns
    -------
    pandas.DataFrame
        The figure rows (every column of the figures table) with ``year`` (and ``month`` for
        monthly figures) and ``turnover_basis``; a summed turnover's ``figure_id`` names both
        figures (``"<exports id> + <imports id>"``).

    Examples
    --------
    >>> trade_totals(figures, "KAZ", "CHN", source="bns_annual", years=range(2018, 2023))
    ...     # doctest: +SKIP
    """
    if partner is not None and not isinstance(partner, str):
        partner = tuple(partner)
    if years is not None and not isinstance(years, int | range):
        years = tuple(years)
    rows, reasons = _trade_totals(
        figures,
        reporter,
        partner,
        flows=tuple(flows),
        freq=freq,
        source=source,
        perspective=perspective,
        years=years,
        since=since,
        until=until,
        vintage=vintage,
    )
    if skipped is not None:
        skipped.extend(reasons)
    return rows


@per_table
def _trade_totals(
    figures: pd.DataFrame,
    reporter: str,
    partner: str | tuple[str, ...] | None,
    *,
    flows: tuple[str, ...],
    freq: str,
    source: str | None,
    perspective: str | None,
    years: int | Iterable[int] | None,
    since: int | None,
    until: int | None,
    vintage: str,
) -> tuple[pd.DataFrame, list[str]]:
    """Return :func:`trade_totals` and the sentences of the figures skipped (once per table)."""
    criteria = {
        **_total(reporter, flows + ((EXPORTS, IMPORTS) if TURNOVER in flows else ()), freq),
        schema.UNIT: UNIT_USD,
        schema.PERSPECTIVE: perspective or reporter,
    }
    if partner is not None:
        criteria[schema.PARTNER] = partner
    if source is not None:
        criteria[schema.SOURCE] = source
    # The rows less the incomplete totals, taken from the table once.
    passed = mask(figures, year=years, since=since, until=until, **criteria)
    rows, reasons = complete_rows(figures, np.flatnonzero(passed))
    if TURNOVER in flows:
        rows = pd.concat([rows, summed_turnover(rows)[0]], ignore_index=True)
    rows = kept_rows(rows, rows[schema.FLOW].isin(flows))
    if TURNOVER_BASIS not in rows.columns:
        rows = rows.assign(**{TURNOVER_BASIS: pd.NA})
    stated_turnover = (rows[schema.FLOW] == TURNOVER) & rows[TURNOVER_BASIS].isna()
    rows = rows.assign(
        **{
            TURNOVER_BASIS: rows[TURNOVER_BASIS]
            .where(~stated_turnover, TURNOVER_STATED)
            .fillna("")
            .astype(str)
        }
    )
    if vintage == LATEST:
        by = [schema.SOURCE, schema.PERSPECTIVE, schema.PARTNER, schema.FLOW]
        rows = latest(rows, by + [schema.PERIOD_START, schema.PERIOD_END])
    elif vintage != ALL_VINTAGES:
        rows = rows[rows[schema.VINTAGE] == vintage]
    return with_period_parts(rows, month=freq == MONTHLY), reasons
