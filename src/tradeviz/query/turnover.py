"""The one turnover rule: the table's stated turnover, else its exports + imports.

A summed turnover pairs an exports and an imports figure of the same table (source,
perspective, vintage) and period; quoted figures are never summed, because two statements are
not one table. Every turnover says which it is, in the column ``turnover_basis``: ``"stated"``
or ``"exports + imports"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.positions import take_rows
from tradeviz.query.rows import group_codes, mask
from tradeviz.query.sources import is_quoted_each
from tradeviz.vocabulary import (
    EXPORTS,
    IMPORTS,
    TRADE_VALUE,
    TURNOVER,
    TURNOVER_SUMMED,
    UNIT_USD,
)

if TYPE_CHECKING:
    from tradeviz.query.select import Slot

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


def _pairs(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions of the exports and imports figures of each table lacking turnover."""
    narrow = rows.loc[:, [schema.FLOW, schema.MEASURE, schema.UNIT, *_PAIR_KEY]]
    eligible = (
        (narrow[schema.MEASURE] == TRADE_VALUE).to_numpy()
        & (narrow[schema.UNIT] == UNIT_USD).to_numpy()
        & ~is_quoted_each(narrow[schema.SOURCE]).to_numpy(dtype=bool)
    )
    positions = np.flatnonzero(eligible)
    if not len(positions):
        return positions, positions
    # Every row is eligible, as a table's own totals are: nothing to take.
    tables = (
        narrow if len(positions) == len(narrow) else take_rows(narrow, positions, remember=False)
    )
    group = np.unique(group_codes(tables, _PAIR_KEY), return_inverse=True)[1]
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
    exports = take_rows(rows, x_at, remember=False)
    return _summed(exports, _imports_read(rows, m_at)), x_at, m_at


#: What a summed turnover reads of its imports figure (the row is the exports figure's).
_IMPORTS_READ = [schema.FIGURE_ID, schema.VALUE_USD]


def _imports_read(rows: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """Return the columns :func:`_summed` reads of the imports figures at ``positions``."""
    return rows.iloc[positions, [rows.columns.get_loc(column) for column in _IMPORTS_READ]]


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
    summed = _summed(figures.iloc[x_at], _imports_read(figures, m_at))
    summed[PARTS_COLUMN] = list(zip(x_at, m_at, strict=True))
    return summed


def summed_parts(summed: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Return the figures that the rows of :func:`turnover_candidates` add up, in order."""
    order = [position for part in summed[PARTS_COLUMN] for position in part]
    return figures.iloc[order]
