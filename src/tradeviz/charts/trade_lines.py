"""Chart 1: a pair's exports, imports and turnover over time, with the partner's figures as quoted.

Kazakhstan's own statistics are drawn as lines (BNS annual tables; UN Comtrade/WITS, which
carries Kazakhstan's declarations, for the years before the BNS workbooks), each year from its
latest vintage. China's customs figures, as officials and the press quoted them, are drawn as
open diamonds on the line of the same goods: China's exports to Kazakhstan sit on Kazakhstan's
imports from China (the mirror flow), so the mirror gap shows at a glance.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import SOURCE_LABELS, country_name, possessive
from tradeviz.indicators.mirror import MIRROR_FLOW
from tradeviz.indicators.result import NoFigureError

FLOWS = ("exports", "imports", "turnover")
#: Sources of the reporter's own annual totals, oldest series first.
LINE_SOURCES = ("wits", "bns_annual")
QUOTED_SOURCE = "statements"
USD_BILLION = 1e9
DEFAULT_START_YEAR = 1995
#: Room above the highest value for the legend.
HEADROOM = 1.35


def _series(figures: pd.DataFrame, reporter: str, partner: str, source: str) -> pd.DataFrame:
    rows = base.annual_totals(
        figures, reporter=reporter, partner=partner, flows=FLOWS, source=source
    )
    rows = base.latest_each(rows, ["year", schema.FLOW])
    stated = set(rows[schema.FLOW])
    if "turnover" not in stated and {"exports", "imports"} <= stated:
        rows = pd.concat([rows, _computed_turnover(rows)], ignore_index=True)
    return rows


def _computed_turnover(rows: pd.DataFrame) -> pd.DataFrame:
    """Turnover = exports + imports of the same year and vintage (trade-conventions §2 row 1)."""
    keys = ["year", schema.VINTAGE]
    wide = rows.pivot_table(
        index=keys, columns=schema.FLOW, values=schema.VALUE_USD, aggfunc="first"
    ).dropna(subset=["exports", "imports"])
    ids = rows.pivot_table(
        index=keys, columns=schema.FLOW, values=schema.FIGURE_ID, aggfunc="first"
    )
    out = []
    for (year, vintage), values in wide.iterrows():
        template = rows[(rows["year"] == year) & (rows[schema.FLOW] == "exports")].iloc[0].copy()
        template[schema.FLOW] = "turnover"
        template[schema.VALUE_USD] = values["exports"] + values["imports"]
        template[schema.FIGURE_ID] = (
            f"{ids.loc[(year, vintage), 'exports']} + {ids.loc[(year, vintage), 'imports']}"
        )
        template["computed"] = True
        out.append(template)
    return pd.DataFrame(out)


@base.chart("trade_over_time")
def draw_trade_over_time(
    ax,
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    start_year: int = DEFAULT_START_YEAR,
    end_year: int | None = None,
    flows: tuple[str, ...] = FLOWS,
    quoted_perspective: str | None = "CHN",
    flags: pd.DataFrame | None = None,
) -> ChartInfo:
    """Draw a pair's exports, imports and turnover by year, as the reporter records them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; lines are the reporter's own statistics.
    start_year, end_year : int, optional
        Span of years (default 1995 to the latest year with data).
    flows : tuple of str
        Flows drawn (exports, imports, turnover).
    quoted_perspective : str or None, default "CHN"
        Overlay the partner's figures as quoted (statements of this perspective); None for none.
    flags : pandas.DataFrame, optional
        Completeness flags (default: those written by ``tradeviz check``, if any).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    flags, flags_known = base.resolve_flags(flags)
    figures = base.pair_rows(figures, reporter, partner)
    chart_info = ChartInfo(
        name="trade_over_time",
        title=f"{country_name(reporter)}–{country_name(partner)} trade, "
        f"{possessive(reporter)} statistics",
    )
    drawn, table_rows, flagged = [], [], []
    legend_flows: dict[str, bool] = {}
    legend_sources: set[str] = set()
    quoted_label = ""
    last_year = start_year
    for source in LINE_SOURCES:
        rows = _series(figures, reporter, partner, source)
        rows = rows[(rows["year"] >= start_year) & rows[schema.FLOW].isin(flows)]
        if end_year is not None:
            rows = rows[rows["year"] <= end_year]
        if rows.empty:
            continue
        flagged_years = _flagged_years(flags, source, reporter, partner)
        for flow in flows:
            series = rows[rows[schema.FLOW] == flow].sort_values("year")
            if series.empty:
                continue
            computed = "computed" in series and series["computed"].fillna(False).astype(bool).any()
            label = f"{flow.capitalize()}{' (X + M)' if computed else ''} — {SOURCE_LABELS[source]}"
            years = series["year"].to_numpy()
            values = series[schema.VALUE_USD].to_numpy() / USD_BILLION
            (line,) = ax.plot(
                years,
                values,
                color=style.FLOW_COLOURS[flow],
                linestyle=style.SOURCE_LINE_STYLES[source],
                linewidth=2.0 if source == "bns_annual" else 1.4,
                marker="o",
                markersize=3.5 if source == "bns_annual" else 2.5,
                label=label,
            )
            legend_flows[flow] = legend_flows.get(flow, False) or bool(computed)
            legend_sources.add(source)
            texts = []
            for _, row in series.iterrows():
                year, value = int(row["year"]), row[schema.VALUE_USD]
                if year in flagged_years:
                    flagged.append(f"{SOURCE_LABELS[source]} {flow} {year}")
                    ax.plot(
                        [year],
                        [value / USD_BILLION],
                        marker="o",
                        linestyle="none",
                        markersize=5,
                        color=style.FLOW_COLOURS[flow],
                        markerfacecolor="white",
                    )
                texts.append(
                    f"{country_name(reporter)} {flow} {year} "
                    f"({SOURCE_LABELS[source]}, vintage {row[schema.VINTAGE]}): "
                    f"{style.format_usd(value)}"
                )
                table_rows.append(
                    {
                        "year": year,
                        "flow": flow,
                        "value": style.format_usd(value),
                        "value_usd": value,
                        "perspective": reporter,
                        "source": SOURCE_LABELS[source],
                        "vintage": row[schema.VINTAGE],
                        "figure_id": row[schema.FIGURE_ID],
                    }
                )
            chart_info.hover_points(line, texts)
            last_year = max(last_year, int(years.max()))
        drawn.append(
            rows[
                ~rows.get("computed", pd.Series(False, index=rows.index)).fillna(False).astype(bool)
            ]
        )
    extra = [
        f"Lines: {possessive(reporter)} own records of its trade with {country_name(partner)} "
        "(exports FOB, imports CIF), each year from its latest vintage; dashed: UN Comtrade via "
        "WITS, solid: BNS annual tables."
    ]
    if quoted_perspective:
        quoted = base.annual_totals(
            figures,
            reporter=partner,
            partner=reporter,
            flows=FLOWS,
            source=QUOTED_SOURCE,
            perspective=quoted_perspective,
        )
        quoted = quoted[(quoted["year"] >= start_year)]
        if end_year is not None:
            quoted = quoted[quoted["year"] <= end_year]
        shown = False
        for _, row in quoted.sort_values("year").iterrows():
            own_flow = MIRROR_FLOW[row[schema.FLOW]]
            if own_flow not in flows:
                continue
            year, value = int(row["year"]), row[schema.VALUE_USD]
            (marker,) = ax.plot(
                [year],
                [value / USD_BILLION],
                marker="D",
                linestyle="none",
                markersize=5.5,
                markerfacecolor="white",
                markeredgewidth=1.4,
                color=style.FLOW_COLOURS[own_flow],
                label=None if shown else f"{possessive(quoted_perspective)} customs, as quoted",
            )
            shown = True
            quoted_label = f"{possessive(quoted_perspective)} customs, as quoted"
            words = f"{possessive(partner)} {row[schema.FLOW]} {'with' if row[schema.FLOW] == 'turnover' else ('to' if row[schema.FLOW] == 'exports' else 'from')} {country_name(reporter)}"  # noqa: E501
            chart_info.hover(
                marker,
                f"{words} {year}, as quoted ({row[schema.RECORD_ID]}, "
                f"{row[schema.SOURCE_ORG]}): {style.format_usd(value)}",
            )
            table_rows.append(
                {
                    "year": year,
                    "flow": f"{row[schema.FLOW]} ({partner} side)",
                    "value": style.format_usd(value),
                    "value_usd": value,
                    "perspective": quoted_perspective,
                    "source": f"quoted: {row[schema.RECORD_ID]}",
                    "vintage": row[schema.VINTAGE],
                    "figure_id": row[schema.FIGURE_ID],
                }
            )
            last_year = max(last_year, year)
        if shown:
            drawn.append(quoted)
            extra.append(
                f"Diamonds: {possessive(quoted_perspective)} customs figures as quoted by "
                "officials and the press, drawn on the line of the same goods (its exports on "
                f"{possessive(reporter)} imports); not a statistical table."
            )
    if not table_rows:
        raise NoFigureError(
            f"no annual trade figures for {reporter}–{partner} in the figures table"
        )
    if table_rows:
        ax.set_ylabel("US$ bn, current prices")
        ax.yaxis.set_major_formatter(style.usd_formatter(USD_BILLION))
        top = ax.get_ylim()[1]
        ax.set_ylim(0, top * HEADROOM)
        ax.set_xlim(start_year - 0.5, last_year + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        _legend(ax, legend_flows, legend_sources, quoted_label)
    rows_drawn = pd.concat(drawn, ignore_index=True) if drawn else figures.iloc[0:0]
    chart_info.notes, chart_info.links = base.note_lines(
        rows_drawn, extra=extra, flagged=flagged, flags_known=flags_known
    )
    chart_info.flagged = flagged
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = [str(i) for i in rows_drawn[schema.FIGURE_ID]]
    return chart_info


def _legend(ax, flows: dict[str, bool], sources: set[str], quoted_label: str) -> None:
    """Draw a compact legend: flows (colour), sources (line style), quoted figures (marker)."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            color=style.FLOW_COLOURS[flow],
            linewidth=2.0,
            label=flow.capitalize() + (" (X + M for WITS)" if computed else ""),
        )
        for flow, computed in flows.items()
    ]
    handles += [
        Line2D(
            [],
            [],
            color=style.MUTED,
            linestyle=style.SOURCE_LINE_STYLES[source],
            linewidth=1.6,
            label=SOURCE_LABELS[source],
        )
        for source in LINE_SOURCES
        if source in sources
    ]
    if quoted_label:
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                linestyle="none",
                markerfacecolor="white",
                color=style.MUTED,
                label=quoted_label,
            )
        )
    ax.legend(handles=handles, loc="upper left", ncols=2)


def _flagged_years(flags, source: str, reporter: str, partner: str) -> set[int]:
    """Return the years of ``source`` flagged incomplete for this pair."""
    from tradeviz.charts.flags import incomplete_years

    return incomplete_years(
        flags, source=source, reporter=reporter, partner=partner, classification=schema.TOTAL_CODE
    )
