"""Trade indicators: pure functions over the tidy ``figures`` table.

Each function takes the figures DataFrame and returns an
:class:`~tradeviz.indicators.result.IndicatorResult` that names the figures it used (ids,
sources, perspectives, vintages). Indicators never mix sources, perspectives, units or
vintages silently; they raise :class:`~tradeviz.indicators.result.IndicatorError` (a
:class:`~tradeviz.errors.TradevizError`) instead. Formulas: ``trade-conventions.md`` §2.
"""

from tradeviz.indicators.flows import (
    balance,
    coverage_ratio,
    partner_share,
    partner_share_series,
    turnover,
)
from tradeviz.indicators.growth import cagr, month_span, yoy_growth, ytd_growth
from tradeviz.indicators.mirror import MIRROR_FLOW, mirror_gap
from tradeviz.indicators.result import IndicatorError, IndicatorResult, NoFigureError
from tradeviz.indicators.select import LATEST, LATEST_EACH, STATEMENTS_SOURCE, TABLE_SOURCES
from tradeviz.indicators.structure import hhi, hhi_from_shares, partner_rank, product_shares

__all__ = [
    "LATEST",
    "LATEST_EACH",
    "MIRROR_FLOW",
    "STATEMENTS_SOURCE",
    "TABLE_SOURCES",
    "IndicatorError",
    "IndicatorResult",
    "NoFigureError",
    "balance",
    "cagr",
    "coverage_ratio",
    "hhi",
    "hhi_from_shares",
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
