"""Level indicators of one reporter–partner pair: turnover, balance, coverage ratio, share.

Formulas: trade-conventions §2, rows 1–4. Every function computes within one source, one
perspective and one vintage (see :mod:`tradeviz.indicators.select`).
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.indicators.result import IndicatorError, IndicatorResult, NoFigureError
from tradeviz.indicators.select import (
    LATEST,
    Selection,
    Slot,
    candidate_mask,
    check_year,
    money,
    select,
)

PERCENT = 100.0
TRADE_FLOWS = ("exports", "imports")
SHARE_FLOWS = ("exports", "imports", "turnover")


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
    return Slot(
        label=f"{reporter} {flow} {'with' if flow == 'turnover' else _preposition(flow)} "
        f"{partner}, {period}",
        criteria={
            schema.REPORTER: reporter,
            schema.PARTNER: partner,
            schema.FLOW: flow,
            schema.MEASURE: "trade_value",
            schema.FREQ: "M" if month else "A",
            schema.PRODUCT_CODE: schema.TOTAL_CODE,
        },
        year=year,
        month=month,
    )


def _preposition(flow: str) -> str:
    return "to" if flow == "exports" else "from"


def _check_flow(flow: str, allowed: tuple[str, ...]) -> None:
    if flow not in allowed:
        raise IndicatorError(f"flow must be one of {', '.join(allowed)}, found {flow!r}")


def _pair(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    *,
    source: str | None,
    perspective: str | None,
    vintage: str,
) -> tuple[Selection, float, float]:
    exports = trade_slot(reporter, partner, "exports", year)
    imports = trade_slot(reporter, partner, "imports", year)
    chosen = select(
        figures,
        [exports, imports],
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    return chosen, money(chosen.one(exports.label)), money(chosen.one(imports.label))


def _params(chosen: Selection, **given: object) -> dict[str, object]:
    return {**given, **chosen.params()}


def turnover(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute turnover ``T = X + M`` of one pair in one year, in US dollars.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; figures are read from the reporter's side.
    year : int
        Calendar year.
    source : str, optional
        Source name; default: the first statistical table that has both flows.
    perspective : str, optional
        Whose statistics; default the reporter's own.
    vintage : str, default "latest"
        Vintage policy (see :mod:`tradeviz.indicators.select`).

    Returns
    -------
    IndicatorResult
        ``value`` in USD; the exports and imports rows as inputs.

    Examples
    --------
    >>> turnover(figures, "KAZ", "CHN", 2020).value  # doctest: +SKIP
    15798567634.27
    """
    chosen, exports, imports = _pair(
        figures, reporter, partner, year, source=source, perspective=perspective, vintage=vintage
    )
    return IndicatorResult(
        name="turnover",
        value=exports + imports,
        unit="USD",
        formula=f"T = X({reporter}→{partner}) + M({reporter}←{partner})",
        inputs=chosen.inputs(),
        params=_params(chosen, reporter=reporter, partner=partner, year=year),
        details={"exports_usd": exports, "imports_usd": imports},
        notes=tuple(chosen.notes),
    )


def balance(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute the trade balance ``B = X − M`` of one pair in one year, in US dollars.

    Exports are valued FOB and imports CIF, so the balance leans negative by the freight margin.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    year : int
        Calendar year.
    source, perspective, vintage
        As in :func:`turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` in USD (positive: the reporter has a surplus with the partner).
    """
    chosen, exports, imports = _pair(
        figures, reporter, partner, year, source=source, perspective=perspective, vintage=vintage
    )
    return IndicatorResult(
        name="balance",
        value=exports - imports,
        unit="USD",
        formula=f"B = X({reporter}→{partner}) − M({reporter}←{partner})",
        inputs=chosen.inputs(),
        params=_params(chosen, reporter=reporter, partner=partner, year=year),
        details={"exports_usd": exports, "imports_usd": imports},
        notes=(*chosen.notes, "exports FOB, imports CIF: the balance leans negative"),
    )


def coverage_ratio(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute the coverage ratio ``CR = 100 · X / M`` (above 100: a surplus).

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    year : int
        Calendar year.
    source, perspective, vintage
        As in :func:`turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` in percent.
    """
    chosen, exports, imports = _pair(
        figures, reporter, partner, year, source=source, perspective=perspective, vintage=vintage
    )
    if imports == 0:
        raise IndicatorError(f"{reporter} imports from {partner} in {year} are zero: no ratio")
    return IndicatorResult(
        name="coverage_ratio",
        value=PERCENT * exports / imports,
        unit="percent",
        formula=f"CR = 100 · X({reporter}→{partner}) / M({reporter}←{partner})",
        inputs=chosen.inputs(),
        params=_params(chosen, reporter=reporter, partner=partner, year=year),
        details={"exports_usd": exports, "imports_usd": imports},
        notes=tuple(chosen.notes),
    )


def partner_share(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    flow: str = "exports",
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute a partner's share of a reporter's flow, percent of the *stated* world total.

    ``S = 100 · X(reporter→partner) / X(reporter→World)``, both figures from the same source,
    perspective and vintage. Where the source states no world total (e.g. the WITS bilateral
    extract), the share the source itself states is returned, and the notes say so.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The flow whose share is wanted.
    source, perspective, vintage
        As in :func:`turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` in percent; ``details["stated_share"]`` is the share the source prints for the
        same vintage, where it prints one.

    Examples
    --------
    >>> partner_share(figures, "KAZ", "CHN", 2020, "exports").value  # doctest: +SKIP
    19.8158
    """
    _check_flow(flow, SHARE_FLOWS)
    part = trade_slot(reporter, partner, flow, year)
    world = trade_slot(reporter, schema.WORLD, flow, year)
    stated = Slot(
        label=f"{partner}'s stated share of {reporter} {flow}, {year}",
        criteria={
            schema.REPORTER: reporter,
            schema.PARTNER: partner,
            schema.FLOW: flow,
            schema.MEASURE: "partner_share",
            schema.FREQ: "A",
        },
        year=year,
    )
    options = {"perspective": perspective, "vintage": vintage, "default_perspective": reporter}
    given = {"reporter": reporter, "partner": partner, "year": year, "flow": flow}
    try:
        chosen = select(figures, [part, world], source=source, **options)
    except NoFigureError as computed_error:
        try:
            chosen = select(figures, [stated], source=source, **options)
        except IndicatorError:
            raise computed_error from None
        row = chosen.one(stated.label)
        return IndicatorResult(
            name="partner_share",
            value=float(row[schema.VALUE]),
            unit="percent",
            formula=f"S as stated by {chosen.source} (no stated world total to divide by)",
            inputs=chosen.inputs(),
            params=_params(chosen, **given),
            details={"stated_share": float(row[schema.VALUE]), "computed": False},
            notes=(
                *chosen.notes,
                f"{chosen.source} states no world total for {reporter} {flow} {year}: "
                "the share is the one the source prints",
            ),
        )
    part_usd, world_usd = money(chosen.one(part.label)), money(chosen.one(world.label))
    if world_usd == 0:
        raise IndicatorError(f"stated world total of {reporter} {flow} {year} is zero")
    details: dict[str, object] = {
        "part_usd": part_usd,
        "world_usd": world_usd,
        "computed": True,
        "denominator": f"stated world total of {reporter} {flow} ({chosen.source})",
    }
    printed = _stated_share(figures, stated, chosen)
    if printed is not None:
        details["stated_share"] = printed
    return IndicatorResult(
        name="partner_share",
        value=PERCENT * part_usd / world_usd,
        unit="percent",
        formula=f"S = 100 · {flow}({reporter}, {partner}) / {flow}({reporter}, World stated total)",
        inputs=chosen.inputs(),
        params=_params(chosen, **given),
        details=details,
        notes=tuple(chosen.notes),
    )


def _stated_share(figures: pd.DataFrame, stated: Slot, chosen: Selection) -> float | None:
    """Return the share the same source/perspective/vintage prints, if it prints one."""
    needed = [schema.SOURCE, schema.PERSPECTIVE, schema.VINTAGE, schema.VALUE]
    rows = figures.loc[candidate_mask(figures, stated), needed]
    rows = rows[
        (rows[schema.SOURCE] == chosen.source)
        & (rows[schema.PERSPECTIVE] == chosen.perspective)
        & (rows[schema.VINTAGE].astype(str) == chosen.vintage)
    ]
    return float(rows[schema.VALUE].iloc[0]) if len(rows) == 1 else None


SERIES_COLUMNS = ("year", "share_pct", "computed", "source", "perspective", "vintage", "figure_ids")


def partner_share_series(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str = "exports",
    *,
    source: str,
    perspective: str | None = None,
) -> pd.DataFrame:
    """Return a partner's share of a reporter's flow for every year one source covers.

    The vectorised form of :func:`partner_share` for charts: each year is taken from the latest
    vintage of ``source`` that states it; within a year, numerator and denominator come from
    the same vintage. Where the source states no world total, its printed share is used
    (``computed`` is False).

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    flow : {"exports", "imports", "turnover"}
        The flow.
    source : str
        One source (series are never mixed across sources).
    perspective : str, optional
        Default: the reporter's own.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, share_pct, computed, source, perspective, vintage, figure_ids``
        (``figure_ids`` joined by ``" / "``), one row per year.
    """
    _check_flow(flow, SHARE_FLOWS)
    who = perspective or reporter
    base = figures[
        (figures[schema.SOURCE] == source)
        & (figures[schema.REPORTER] == reporter)
        & (figures[schema.FLOW] == flow)
        & (figures[schema.FREQ] == "A")
        & (figures[schema.PERSPECTIVE] == who)
    ]
    base = base.assign(year=pd.to_datetime(base[schema.PERIOD_START]).dt.year)
    money_rows = base[
        (base[schema.MEASURE] == "trade_value")
        & (base[schema.PRODUCT_CODE] == schema.TOTAL_CODE)
        & (base[schema.UNIT] == "USD")
    ]
    part = money_rows[money_rows[schema.PARTNER] == partner]
    world = money_rows[money_rows[schema.PARTNER] == schema.WORLD]
    keys = ["year", schema.VINTAGE]
    merged = part.merge(world, on=keys, suffixes=("", "_world"))
    rows = []
    for _, row in merged.iterrows():
        if row[f"{schema.VALUE_USD}_world"]:
            rows.append(
                {
                    "year": int(row["year"]),
                    "share_pct": PERCENT * row[schema.VALUE_USD] / row[f"{schema.VALUE_USD}_world"],
                    "computed": True,
                    "vintage": str(row[schema.VINTAGE]),
                    "figure_ids": f"{row[schema.FIGURE_ID]} / {row[f'{schema.FIGURE_ID}_world']}",
                }
            )
    stated = base[(base[schema.MEASURE] == "partner_share") & (base[schema.PARTNER] == partner)]
    for _, row in stated.iterrows():
        rows.append(
            {
                "year": int(row["year"]),
                "share_pct": float(row[schema.VALUE]),
                "computed": False,
                "vintage": str(row[schema.VINTAGE]),
                "figure_ids": str(row[schema.FIGURE_ID]),
            }
        )
    if not rows:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    table = pd.DataFrame(rows)
    # the latest vintage of each year; within it, a computed share before a printed one
    table = table.sort_values(["year", "vintage", "computed"], ascending=[True, False, False])
    table = table.drop_duplicates(subset=["year"], keep="first")
    table["source"] = source
    table["perspective"] = who
    return table.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)
