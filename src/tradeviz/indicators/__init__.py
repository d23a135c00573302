"""Trade indicators: pure functions over the tidy ``figures`` table.

Each function takes the figures DataFrame and returns an
:class:`~tradeviz.indicators.result.IndicatorResult` that names the figures it used (ids,
sources, perspectives, vintages). The figures are picked by the query layer
(:mod:`tradeviz.query`), which never mixes sources, perspectives, units or vintages silently; it
raises :class:`~tradeviz.query.SelectionError` (or :class:`~tradeviz.query.NoFigureError`)
instead, and an indicator that cannot compute what it was asked raises
:class:`~tradeviz.indicators.result.IndicatorError`, a kind of the same. Formulas:
``docs/conventions.md`` §2.
"""

from tradeviz.indicators.flows import (
    balance,
    coverage_ratio,
    level,
    partner_share,
    partner_share_series,
    turnover,
)
from tradeviz.indicators.growth import cagr, month_span, yoy_growth, ytd_growth
from tradeviz.indicators.mirror import mirror_gap
from tradeviz.indicators.result import IndicatorError, IndicatorResult
from tradeviz.indicators.structure import hhi, hhi_from_shares, partner_rank, product_shares
from tradeviz.query.errors import NoFigureError, SelectionError

__all__ = [
    "IndicatorError",
    "IndicatorResult",
    "NoFigureError",
    "SelectionError",
    "balance",
    "cagr",
    "coverage_ratio",
    "hhi",
    "hhi_from_shares",
    "level",
    "mirror_gap",
    "month_span",
    "partner_rank",
    "partner_share",
    "partner_share_series",
    "product_shares",
    "turnover",
    "yoy_growth",
    "ytd_growth",
]
