"""Money totals of trade between a reporter and its partners, and the one turnover rule.

**Turnover** is the table's stated turnover where the table states one, and the sum of the same
table's exports and imports otherwise (same source, perspective, vintage and period; never for
quoted figures, where two statements are not one table). Every turnover says which it is, in the
column ``turnover_basis``: ``"stated"`` or ``"exports + imports"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query import vintages
from tradeviz.query.rows import check_year, mask, where, with_period_parts
from tradeviz.query.select import Slot
from tradeviz.query.sources import is_quoted
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
    TURNOVER_SUMMED,
    UNIT_USD,
)

#: Column saying how a turnover was obtained (:data:`~tradeviz.vocabulary.TURNOVER_STATED` or
#: :data:`~tradeviz.vocabulary.TURNOVER_SUMMED`); empty for exports and imports.
TURNOVER_BASIS = "turnover_basis"
#: Column of a summed turnover holding the positions of the two figures it adds up.
PARTS_COLUMN = "_turnover_parts"
#: What identifies one money total of a table, flow aside: a summed turnover pairs the exports
#: and imports figures that are equal in all of these.
_PAIR_KEY = [
    schema.SOURCE,
    schema.REPORTER,
    schema.PARTNER,
    schema.PERSPECTIVE,
    schema.VINTAGE,
    schema.FREQ,
    schema.PERIOD_START,
    schema.PERIOD_END,
    schema.CLASSIFICATION,
    schema.PRODUCT_CODE,
    schema.RECORD_ID,
]


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


def _pairs(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions of the exports and imports figures of each table lacking turnover."""
    narrow = rows.loc[:, [schema.FLOW, schema.MEASURE, schema.UNIT, *_PAIR_KEY]]
    eligible = (
        (narrow[schema.MEASURE] == TRADE_VALUE).to_numpy()
        & (narrow[schema.UNIT] == UNIT_USD).to_numpy()
        & ~narrow[schema.SOURCE].map(is_quoted).to_numpy(dtype=bool)
    )
    positions = np.flatnonzero(eligible)
    if not len(positions):
        return positions, positions
    tables = narrow.iloc[positions]
    group = tables.groupby(_PAIR_KEY, sort=False, dropna=False).ngroup().to_numpy()
    flow = tables[schema.FLOW].to_numpy()
    found = {}
    for name in (EXPORTS, IMPORTS, TURNOVER):
        at = np.full(group.max() + 1, -1)
        at[group[flow == name]] = positions[flow == name]
        found[name] = at
    paired = (found[EXPORTS] >= 0) & (found[IMPORTS] >= 0) & (found[TURNOVER] < 0)
    return found[EXPORTS][paired], found[IMPORTS][paired]


def summed_turnover(rows: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Return exports + imports of every table among ``rows`` that states no turnover.

    Parameters
    ----------
    rows : pandas.DataFrame
        Figure rows (any flows, sources, vintages); only money totals in US dollars of
        statistical tables are summed.

    Returns
    -------
    summed : pandas.DataFrame
        One row per table and period with both flows and no stated turnover: the exports row
        with ``flow`` turnover, ``value_usd`` (and ``value``) the sum, ``figure_id``
        ``"<exports id> + <imports id>"`` and ``turnover_basis`` ``"exports + imports"``.
    exports, imports : numpy.ndarray
        The positions in ``rows`` of the two figures each summed row adds up.
    """
    x_at, m_at = _pairs(rows)
    return _summed(rows.iloc[x_at], rows.iloc[m_at]), x_at, m_at


def _summed(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """Return one turnover row per pair of an exports and an imports figure (row by row)."""
    summed = exports.reset_index(drop=True)
    if summed.empty:
        return summed.assign(**{TURNOVER_BASIS: ""})
    summed[schema.FLOW] = TURNOVER
    summed[schema.VALUE_USD] = (
        exports[schema.VALUE_USD].to_numpy() + imports[schema.VALUE_USD].to_numpy()
    )
    summed[schema.VALUE] = summed[schema.VALUE_USD] / summed[schema.SCALE]
    summed[schema.FIGURE_ID] = [
        f"{x} + {m}"
        for x, m in zip(exports[schema.FIGURE_ID], imports[schema.FIGURE_ID], strict=True)
    ]
    summed[TURNOVER_BASIS] = TURNOVER_SUMMED
    return summed


def turnover_candidates(
    figures: pd.DataFrame, slots: Sequence[Slot], done: dict | None = None
) -> pd.DataFrame:
    """Return the summed turnover of every table that the turnover slots among ``slots`` could use.

    Only the rows that could be the exports or imports of a turnover slot are paired, so the
    cost does not grow with the whole table. Each summed row keeps, in a hidden column, the
    positions in ``figures`` of the two figures it adds up (see :func:`summed_parts`).
    """
    wanted = np.zeros(len(figures), dtype=bool)
    for slot in slots:
        if slot.criteria.get(schema.FLOW) != TURNOVER:
            continue
        criteria = {**slot.criteria, schema.FLOW: (EXPORTS, IMPORTS, TURNOVER)}
        wanted |= mask(
            figures, year=slot.year, month=slot.month, exclude=slot.exclude, done=done, **criteria
        )
    positions = np.flatnonzero(wanted)
    x_at, m_at = _pairs(figures.iloc[positions])
    x_at, m_at = positions[x_at], positions[m_at]
    summed = _summed(figures.iloc[x_at], figures.iloc[m_at])
    summed[PARTS_COLUMN] = list(zip(x_at, m_at, strict=True))
    return summed


def summed_parts(summed: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Return the figures that the rows of :func:`turnover_candidates` add up, in order."""
    order = [position for part in summed[PARTS_COLUMN] for position in part]
    return figures.iloc[order]


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
    flows = tuple(flows)
    criteria = {
        **_total(reporter, flows + ((EXPORTS, IMPORTS) if TURNOVER in flows else ()), freq),
        schema.UNIT: UNIT_USD,
        schema.PERSPECTIVE: perspective or reporter,
    }
    if partner is not None:
        criteria[schema.PARTNER] = partner if isinstance(partner, str) else tuple(partner)
    if source is not None:
        criteria[schema.SOURCE] = source
    rows = where(figures, year=years, since=since, until=until, **criteria)
    if TURNOVER in flows:
        rows = pd.concat([rows, summed_turnover(rows)[0]], ignore_index=True)
    rows = rows[rows[schema.FLOW].isin(flows)]
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
        rows = vintages.latest(rows, by + [schema.PERIOD_START, schema.PERIOD_END])
    elif vintage != ALL_VINTAGES:
        rows = rows[rows[schema.VINTAGE] == vintage]
    return with_period_parts(rows, month=freq == MONTHLY)
