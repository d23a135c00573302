"""Mirror statistics: the same flow as each side reports it.

Formulas: ``docs/conventions.md`` §2, rows 18–20.

Sign convention: the gap is **exporter-reported minus importer-reported**, ``G = X_ij − M_ji``;
the mirror ratio is ``MR = M_ji / X_ij`` (expected ≈ the CIF/FOB factor, about 1.06). Every
percentage names its denominator, because one gap is 41 % of one side's figure and 70 % of the
other's. For turnover (no exporter), the gap is the first side's figure minus the second's.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeviz import schema
from tradeviz.indicators.flows import check_flow
from tradeviz.indicators.result import IndicatorError, IndicatorResult
from tradeviz.query import (
    NoFigureError,
    Selection,
    is_quoted,
    money,
    select,
    trade_slot,
    where,
)
from tradeviz.query.annual import annual_sums
from tradeviz.vocabulary import LATEST, LEVEL_FLOWS, MIRROR_FLOW, MONTHLY, PERCENT_SCALE

#: Plausible range of the mirror ratio (``docs/conventions.md`` §3, "Mirror plausibility").
MIRROR_RATIO_PLAUSIBLE = (0.9, 1.25)


def _side(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    year: int,
    source: str | None,
    vintage: str,
) -> tuple[Selection, float]:
    slot = trade_slot(reporter, partner, flow, year)
    try:
        chosen = select(
            figures,
            [slot],
            source=source,
            perspective=reporter,
            vintage=vintage,
        )
    except NoFigureError:
        # A side whose table states only months (Russia's customs): its full years, summed.
        months = where(figures, reporter=reporter, partner=partner, freq=MONTHLY, year=year)
        years = annual_sums(months)
        if years.empty:
            raise
        chosen = select(
            years,
            [slot],
            source=source,
            perspective=reporter,
            vintage=vintage,
        )
        chosen.notes.append(
            f"{reporter}'s {flow} {year}: the sum of the twelve monthly figures of "
            f"{chosen.source} (its tables state no year)"
        )
    return chosen, money(chosen.one(slot.label))


def mirror_gap(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    flow: str = "exports",
    *,
    reporter_source: str | None = None,
    partner_source: str | None = None,
    vintage: str = LATEST,
    cif_fob_factor: float | None = None,
) -> IndicatorResult:
    """Compare a flow as the reporter records it with the partner's record of the same goods.

    The reporter's figure is read from the reporter's perspective and the mirror figure from the
    partner's (each from one source and vintage; a quoted figure is used only when its source is
    named, e.g. ``partner_source="statements"`` for China's customs figures as quoted).

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; ``flow`` is read from the reporter's side.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The reporter's flow; the partner's mirror flow is :data:`MIRROR_FLOW` of it.
    reporter_source, partner_source : str, optional
        Source of each side; default: the statistical tables.
    vintage : str, default "latest"
        Vintage policy applied to each side.
    cif_fob_factor : float, optional
        If given, also the CIF-adjusted gap ``X − M/f`` and the log ratio ``ln(M / (f·X))``.

    Returns
    -------
    IndicatorResult
        ``value`` = the gap G in USD (exporter minus importer). ``details``: ``exporter``,
        ``importer``, ``exporter_usd``, ``importer_usd``, ``ratio`` (M/X), ``pct_of_exporter``
        (100·G/X, denominator: the exporter-reported figure), ``pct_of_importer`` (100·G/M,
        denominator: the importer-reported figure), ``symmetric_pct`` (200·(M − X)/(M + X),
        importer minus exporter), ``log_ratio``, ``ratio_plausible``.
    """
    check_flow(flow, LEVEL_FLOWS)
    mine, mine_usd = _side(figures, reporter, partner, flow, year, reporter_source, vintage)
    theirs, theirs_usd = _side(
        figures, partner, reporter, MIRROR_FLOW[flow], year, partner_source, vintage
    )
    if flow == "imports":
        exporter, importer, x_usd, m_usd = partner, reporter, theirs_usd, mine_usd
    else:
        exporter, importer, x_usd, m_usd = reporter, partner, mine_usd, theirs_usd
    if x_usd <= 0 or m_usd <= 0:
        raise IndicatorError(f"mirror figures must be positive, found {x_usd} and {m_usd}")
    factor = 1.0 if cif_fob_factor is None else float(cif_fob_factor)
    gap = x_usd - m_usd
    ratio = m_usd / x_usd
    first = "exporter" if flow != "turnover" else f"{reporter}"
    second = "importer" if flow != "turnover" else f"{partner}"
    details: dict[str, object] = {
        "exporter": exporter if flow != "turnover" else None,
        "importer": importer if flow != "turnover" else None,
        "exporter_usd": x_usd,
        "importer_usd": m_usd,
        "reporter_usd": mine_usd,
        "partner_usd": theirs_usd,
        "ratio": ratio,
        "pct_of_exporter": PERCENT_SCALE * gap / x_usd,
        "pct_of_importer": PERCENT_SCALE * gap / m_usd,
        "symmetric_pct": 2 * PERCENT_SCALE * (m_usd - x_usd) / (m_usd + x_usd),
        "log_ratio": math.log(m_usd / (factor * x_usd)),
        "ratio_plausible": MIRROR_RATIO_PLAUSIBLE[0] <= ratio <= MIRROR_RATIO_PLAUSIBLE[1],
        "denominators": {
            "pct_of_exporter": f"{exporter}'s own figure" if flow != "turnover" else None,
            "pct_of_importer": f"{importer}'s own figure" if flow != "turnover" else None,
        },
    }
    if cif_fob_factor is not None:
        details["cif_fob_factor"] = factor
        details["cif_adjusted_gap_usd"] = x_usd - m_usd / factor
    notes = [*mine.notes, *theirs.notes]
    for side in (mine, theirs):
        if is_quoted(side.source):
            tiers = ", ".join(sorted(side.inputs()[schema.SOURCE_TIER].astype(str).unique()))
            notes.append(
                f"{side.perspective}'s figure is a quoted statement ({tiers}), not a "
                "statistical table"
            )
    if flow == "turnover":
        formula = f"G = T({reporter}, as {reporter} reports) − T({partner}, as {partner} reports)"
        notes.append(
            "turnover has no exporter: the gap is the reporter's figure minus the partner's"
        )
    else:
        formula = (
            f"G = X({exporter}→{importer}, {exporter}'s record) − "
            f"M({importer}←{exporter}, {importer}'s record); MR = M / X"
        )
    inputs = pd.concat([mine.inputs(), theirs.inputs()], ignore_index=True)
    return IndicatorResult(
        name="mirror_gap",
        value=gap,
        unit="USD",
        formula=formula,
        inputs=inputs,
        params={
            "reporter": reporter,
            "partner": partner,
            "year": year,
            "flow": flow,
            "reporter_source": mine.source,
            "partner_source": theirs.source,
            "reporter_vintage": mine.vintage,
            "partner_vintage": theirs.vintage,
            "sides": f"{first} vs {second}",
        },
        details=details,
        notes=tuple(notes),
    )
