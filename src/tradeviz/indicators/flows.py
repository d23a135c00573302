"""Level indicators of one reporter–partner pair: turnover, balance, coverage ratio, share.

Formulas: ``docs/conventions.md`` §2, rows 1–4. Every function computes within one source, one
perspective and one vintage, as the query layer selects them (:mod:`tradeviz.query.select`).
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.indicators.result import IndicatorError, IndicatorResult
from tradeviz.query import (
    TURNOVER_BASIS,
    NoFigureError,
    Selection,
    Slot,
    money,
    select,
    trade_slot,
    trade_totals,
    where,
)
from tradeviz.query.denominators import (
    STATED_DENOMINATOR,
    listed_partners_share,
    stated_label,
)
from tradeviz.query.vintages import latest
from tradeviz.vocabulary import (
    ALL_VINTAGES,
    ANNUAL,
    LATEST,
    LEVEL_FLOWS,
    PARTNER_SHARE,
    PERCENT_SCALE,
    TURNOVER,
    TURNOVER_STATED,
    TURNOVER_SUMMED,
)


def check_flow(flow: str, allowed: tuple[str, ...]) -> None:
    """Raise :class:`IndicatorError` unless ``flow`` is one of ``allowed``."""
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


def level(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    flow: str,
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Return the money total of one flow of a pair in one year, in US dollars.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; figures are read from the reporter's side.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The flow (turnover by the one turnover rule, see :func:`turnover`).
    source, perspective, vintage
        As in :func:`turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` in USD; the figure used (or, for a summed turnover, its two flows) as inputs.
    """
    check_flow(flow, LEVEL_FLOWS)
    slot = trade_slot(reporter, partner, flow, year)
    chosen = select(
        figures,
        [slot],
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    return IndicatorResult(
        name="level",
        value=money(chosen.one(slot.label)),
        unit="USD",
        formula=f"V = {flow}({reporter}, {partner}, {year})",
        inputs=chosen.inputs(),
        params=_params(chosen, reporter=reporter, partner=partner, year=year, flow=flow),
        notes=tuple(chosen.notes),
    )


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
    """Return the turnover of one pair in one year, in US dollars, by the one turnover rule.

    The table's stated turnover where the table states one, else its exports + imports
    ``T = X + M`` (same source, perspective and vintage); ``details["turnover_basis"]`` says
    which (``"stated"`` or ``"exports + imports"``).

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; figures are read from the reporter's side.
    year : int
        Calendar year.
    source : str, optional
        Source name; default: the first statistical table that gives the turnover.
    perspective : str, optional
        Whose statistics; default the reporter's own.
    vintage : str, default "latest"
        Vintage policy (see :mod:`tradeviz.query.vintages`).

    Returns
    -------
    IndicatorResult
        ``value`` in USD; the stated turnover, or the exports and imports rows, as inputs.

    Examples
    --------
    >>> turnover(figures, "KAZ", "CHN", 2020).value  # doctest: +SKIP
    15798567634.27
    """
    slot = trade_slot(reporter, partner, TURNOVER, year)
    chosen = select(
        figures,
        [slot],
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    row = chosen.one(slot.label)
    summed = row.get(TURNOVER_BASIS) == TURNOVER_SUMMED
    inputs = chosen.inputs()
    details: dict[str, object] = {"turnover_basis": TURNOVER_SUMMED if summed else TURNOVER_STATED}
    if summed:
        by_flow = dict(zip(inputs[schema.FLOW], inputs[schema.VALUE_USD], strict=True))
        details.update(exports_usd=float(by_flow["exports"]), imports_usd=float(by_flow["imports"]))
        formula = f"T = X({reporter}→{partner}) + M({reporter}←{partner})"
        note = f"{chosen.source} states no turnover for {year}: T = exports + imports of the table"
    else:
        formula = f"T({reporter}, {partner}) as stated by {chosen.source}"
        note = f"the turnover {chosen.source} states"
    return IndicatorResult(
        name="turnover",
        value=money(row),
        unit="USD",
        formula=formula,
        inputs=inputs,
        params=_params(chosen, reporter=reporter, partner=partner, year=year),
        details=details,
        notes=(*chosen.notes, note),
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
        value=PERCENT_SCALE * exports / imports,
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
    check_flow(flow, LEVEL_FLOWS)
    part = trade_slot(reporter, partner, flow, year)
    world = trade_slot(reporter, schema.WORLD, flow, year)
    stated = Slot(
        label=f"{partner}'s stated share of {reporter} {flow}, {year}",
        criteria={**part.criteria, schema.MEASURE: PARTNER_SHARE},
        year=year,
    )
    options = {"perspective": perspective, "vintage": vintage, "default_perspective": reporter}
    given = {"reporter": reporter, "partner": partner, "year": year, "flow": flow}
    try:
        chosen = select(figures, [part, world], source=source, **options)
    except NoFigureError as computed_error:
        try:
            chosen = select(figures, [stated], source=source, **options)
        except (NoFigureError, IndicatorError):
            return _listed_partners_share(figures, given, source, options, computed_error)
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
        "denominator_kind": STATED_DENOMINATOR,
        "denominator": stated_label(reporter, flow, chosen.source),
    }
    printed = _stated_share(figures, stated, chosen)
    if printed is not None:
        details["stated_share"] = printed
    return IndicatorResult(
        name="partner_share",
        value=PERCENT_SCALE * part_usd / world_usd,
        unit="percent",
        formula=f"S = 100 · {flow}({reporter}, {partner}) / {flow}({reporter}, World stated total)",
        inputs=chosen.inputs(),
        params=_params(chosen, **given),
        details=details,
        notes=tuple(chosen.notes),
    )


def _listed_partners_share(
    figures: pd.DataFrame,
    given: dict[str, object],
    source: str | None,
    options: dict[str, object],
    error: NoFigureError,
) -> IndicatorResult:
    """Return the share over the sum of the listed partners (a computed denominator)."""
    reporter, partner, flow, year = (given[k] for k in ("reporter", "partner", "flow", "year"))
    try:
        found = listed_partners_share(
            figures,
            reporter,
            partner,
            flow,
            year,
            source=source,
            perspective=options["perspective"],
            vintage=options["vintage"],
        )
    except (NoFigureError, IndicatorError):
        raise error from None
    if found.total_usd == 0:
        raise IndicatorError(f"the listed partners of {reporter} {flow} {year} sum to zero")
    chosen = found.selection
    return IndicatorResult(
        name="partner_share",
        value=PERCENT_SCALE * found.part_usd / found.total_usd,
        unit="percent",
        formula=(
            f"S = 100 · {flow}({reporter}, {partner}) / Σ {flow}({reporter}, each of the "
            f"{found.partners} listed partner countries) — computed denominator"
        ),
        inputs=chosen.inputs(),
        params=_params(chosen, **given),
        details={
            "part_usd": found.part_usd,
            "world_usd": found.total_usd,
            "computed": True,
            "denominator_kind": found.kind,
            "denominator": found.label,
            "listed_partners": found.partners,
        },
        notes=(*chosen.notes, f"denominator: {found.label}, never a stated total"),
    )


def _stated_share(figures: pd.DataFrame, stated: Slot, chosen: Selection) -> float | None:
    """Return the share the same source/perspective/vintage prints, if it prints one."""
    rows = where(
        figures,
        year=stated.year,
        **stated.criteria,
        source=chosen.source,
        perspective=chosen.perspective,
        vintage=chosen.vintage,
    )
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
    check_flow(flow, LEVEL_FLOWS)
    who = perspective or reporter
    # the pair's and the world's figures of one source: every later selection looks only here
    figures = where(
        figures,
        source=source,
        reporter=reporter,
        partner=(partner, schema.WORLD),
        flow=flow,
        freq=ANNUAL,
        perspective=who,
    )
    money_rows = trade_totals(
        figures,
        reporter,
        [partner, schema.WORLD],
        flows=[flow],
        source=source,
        perspective=who,
        vintage=ALL_VINTAGES,
    )
    part = where(money_rows, partner=partner)
    world = where(money_rows, partner=schema.WORLD)
    merged = part.merge(world, on=["year", schema.VINTAGE], suffixes=("", "_world"))
    merged = merged[merged[f"{schema.VALUE_USD}_world"] != 0]
    computed = pd.DataFrame(
        {
            "year": merged["year"].astype(int),
            "share_pct": PERCENT_SCALE
            * merged[schema.VALUE_USD]
            / merged[f"{schema.VALUE_USD}_world"],
            "computed": True,
            "vintage": merged[schema.VINTAGE].astype(str),
            "figure_ids": merged[schema.FIGURE_ID] + " / " + merged[f"{schema.FIGURE_ID}_world"],
        }
    )
    stated = where(
        figures,
        source=source,
        reporter=reporter,
        partner=partner,
        flow=flow,
        measure=PARTNER_SHARE,
        freq=ANNUAL,
        perspective=who,
    )
    printed = pd.DataFrame(
        {
            "year": pd.to_datetime(stated[schema.PERIOD_START]).dt.year.astype(int),
            "share_pct": stated[schema.VALUE].astype(float),
            "computed": False,
            "vintage": stated[schema.VINTAGE].astype(str),
            "figure_ids": stated[schema.FIGURE_ID].astype(str),
        }
    )
    found = [frame for frame in (computed, printed) if len(frame)]
    if not found:
        return pd.DataFrame(columns=list(SERIES_COLUMNS))
    table = pd.concat(found, ignore_index=True)
    # each year from its latest vintage; within it, a computed share before a printed one
    table = latest(table.rename(columns={"vintage": schema.VINTAGE}), ["year"])
    table = table.rename(columns={schema.VINTAGE: "vintage"})
    table = table.sort_values(["year", "computed"], ascending=[True, False])
    table = table.drop_duplicates(subset=["year"], keep="first")
    table["source"] = source
    table["perspective"] = who
    return table.loc[:, list(SERIES_COLUMNS)].reset_index(drop=True)
