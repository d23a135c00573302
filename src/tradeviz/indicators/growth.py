"""Growth indicators: year on year, year to date (from monthly figures) and CAGR.

Formulas: ``docs/conventions.md`` §2, rows 6–8. Growth is computed within one source, perspective
and vintage; with ``vintage="latest"`` the prior year is read from the same (revised) vintage as
the current one, as national releases do.
"""

from __future__ import annotations

import calendar

import pandas as pd

from tradeviz.indicators.flows import check_flow
from tradeviz.indicators.result import IndicatorError, IndicatorResult
from tradeviz.query import money, select, trade_slot
from tradeviz.vocabulary import LATEST, LEVEL_FLOWS, PERCENT_SCALE

MONTHS_IN_YEAR = 12


def yoy_growth(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    flow: str = "turnover",
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute year-on-year growth ``g = V_t / V_{t−1} − 1`` in percent.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes (``partner`` may be ``"WLD"``).
    year : int
        The year ``t``; the base is ``t − 1``.
    flow : {"exports", "imports", "turnover"}
        The flow, as the source states it.
    source, perspective, vintage
        As in :func:`tradeviz.indicators.turnover`. With ``"latest"`` both years come from the
        latest vintage that states both (the revised base).

    Returns
    -------
    IndicatorResult
        ``value`` in percent; ``details`` holds both levels.
    """
    check_flow(flow, LEVEL_FLOWS)
    current = trade_slot(reporter, partner, flow, year)
    base = trade_slot(reporter, partner, flow, year - 1)
    chosen = select(
        figures,
        [current, base],
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    now, before = money(chosen.one(current.label)), money(chosen.one(base.label))
    if before == 0:
        raise IndicatorError(f"{base.label} is zero: growth is undefined")
    return IndicatorResult(
        name="yoy_growth",
        value=PERCENT_SCALE * (now / before - 1),
        unit="percent",
        formula=f"g = V({year}) / V({year - 1}) − 1",
        inputs=chosen.inputs(),
        params={
            "reporter": reporter,
            "partner": partner,
            "year": year,
            "flow": flow,
            **chosen.params(),
        },
        details={"current_usd": now, "base_usd": before},
        notes=tuple(chosen.notes),
    )


def month_span(months: int) -> str:
    """Return the words for the first ``months`` months, e.g. ``"Jan–Apr"`` or ``"Jan"``.

    Parameters
    ----------
    months : int
        Number of months from January (1–12).

    Returns
    -------
    str
        The span as analysts write it.
    """
    first = calendar.month_abbr[1]
    return first if months == 1 else f"{first}–{calendar.month_abbr[months]}"


def ytd_growth(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    months: int,
    flow: str = "turnover",
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute year-to-date growth from monthly figures, the same months in both years.

    ``g = Σ_{1..m} V_t / Σ_{1..m} V_{t−1} − 1``. Every month of both spans must be stated in the
    same source, perspective and vintage; a missing month is an error, never a zero.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (monthly rows, ``freq == "M"``).
    reporter, partner : str
        ISO3 codes (monthly totals are often stated for ``partner="WLD"`` only).
    year : int
        The year ``t``; compared with ``t − 1``.
    months : int
        ``m``: January to month ``m`` (1–12).
    flow : {"exports", "imports", "turnover"}
        The flow, as the source states it.
    source, perspective, vintage
        As in :func:`tradeviz.indicators.turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` in percent; ``details`` holds both sums and the span, e.g. ``"Jan–Apr"``.
    """
    check_flow(flow, LEVEL_FLOWS)
    if not 1 <= int(months) <= MONTHS_IN_YEAR:
        raise IndicatorError(f"months must be between 1 and 12, found {months!r}")
    current = [trade_slot(reporter, partner, flow, year, month=m) for m in range(1, months + 1)]
    base = [trade_slot(reporter, partner, flow, year - 1, month=m) for m in range(1, months + 1)]
    chosen = select(
        figures,
        current + base,
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    now = sum(money(chosen.one(slot.label)) for slot in current)
    before = sum(money(chosen.one(slot.label)) for slot in base)
    if before == 0:
        raise IndicatorError(f"{reporter} {flow} {month_span(months)} {year - 1} sum to zero")
    span = month_span(months)
    return IndicatorResult(
        name="ytd_growth",
        value=PERCENT_SCALE * (now / before - 1),
        unit="percent",
        formula=f"g = Σ {span} {year} / Σ {span} {year - 1} − 1 (monthly figures)",
        inputs=chosen.inputs(),
        params={
            "reporter": reporter,
            "partner": partner,
            "year": year,
            "months": months,
            "flow": flow,
            **chosen.params(),
        },
        details={"current_usd": now, "base_usd": before, "span": span},
        notes=tuple(chosen.notes),
    )


def cagr(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    start_year: int,
    end_year: int,
    flow: str = "turnover",
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute compound annual growth ``(V_T / V_0)^(1/n) − 1`` between two years, in percent.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    start_year, end_year : int
        The endpoints; ``n = end_year − start_year``.
    flow : {"exports", "imports", "turnover"}
        The flow, as the source states it.
    source, perspective, vintage
        As in :func:`tradeviz.indicators.turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` in percent per year; both endpoints in ``details``.
    """
    check_flow(flow, LEVEL_FLOWS)
    years = int(end_year) - int(start_year)
    if years <= 0:
        raise IndicatorError(f"end_year must be after start_year, found {start_year}–{end_year}")
    first = trade_slot(reporter, partner, flow, start_year)
    last = trade_slot(reporter, partner, flow, end_year)
    chosen = select(
        figures,
        [first, last],
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    start, end = money(chosen.one(first.label)), money(chosen.one(last.label))
    if start <= 0 or end < 0:
        raise IndicatorError(f"CAGR needs positive endpoints, found {start} and {end}")
    return IndicatorResult(
        name="cagr",
        value=PERCENT_SCALE * ((end / start) ** (1 / years) - 1),
        unit="percent",
        formula=f"CAGR = (V({end_year}) / V({start_year}))^(1/{years}) − 1",
        inputs=chosen.inputs(),
        params={
            "reporter": reporter,
            "partner": partner,
            "start_year": start_year,
            "end_year": end_year,
            "flow": flow,
            **chosen.params(),
        },
        details={"start_usd": start, "end_usd": end, "years": years},
        notes=tuple(chosen.notes),
    )
