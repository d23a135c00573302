"""Chart 4: composition of a pair's trade by product (largest HS-4 headings), one year or many.

Shares are of the sum of all product lines of the same source and vintage, so that the parts and
"other products" add up to 100 %. Years flagged ``incomplete_vintage`` (a product-level source far
short of the national total) are hatched and named in the note: their shares describe the lines
the source has, not the whole flow.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.flags import incomplete_years
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import SOURCE_LABELS, country_name, possessive
from tradeviz.indicators import IndicatorError, product_shares
from tradeviz.indicators.result import NoFigureError

DEFAULT_TOP_N = 8
OTHER = "other"
OTHER_COLOUR = "#D9D9D9"
#: Colours of the products, in rank order (grey is kept for "other").
PRODUCT_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#8C6D31",
    "#7F7F7F",
    "#AD494A",
)
MAX_LABEL = 34


def product_name(code: str, label: str) -> str:
    """Return ``"HS 2709 crude petroleum"`` (or ``"HS 2709"`` if the source gives no label)."""
    if code == OTHER:
        return "Other products"
    label = (label or "").strip()
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rstrip() + "…"
    return f"HS {code}" + (f" {label}" if label else "")


def _years_available(figures, reporter, partner, flow, classification) -> list[int]:
    rows = figures[
        (figures[schema.REPORTER] == reporter)
        & (figures[schema.PARTNER] == partner)
        & (figures[schema.FLOW] == flow)
        & (figures[schema.CLASSIFICATION] == classification)
        & (figures[schema.MEASURE] == "trade_value")
    ]
    return sorted(set(base.year_of(rows).dropna().astype(int)))


@base.chart("composition")
def draw_composition(
    ax,
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    flow: str = "exports",
    year: int | None = 2020,
    start_year: int | None = None,
    end_year: int | None = None,
    top_n: int = DEFAULT_TOP_N,
    classification: str = "HS4",
    source: str | None = None,
    flags: pd.DataFrame | None = None,
) -> ChartInfo:
    """Draw the largest products of a pair's flow: bars for one year, stacked bars over years.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    flow : {"exports", "imports"}
        The flow.
    year : int or None, default 2020
        One year (horizontal bars); None for every year with product data (stacked bars).
    start_year, end_year : int, optional
        Span of years when ``year`` is None.
    top_n : int, default 8
        Products drawn; the rest are "other products".
    classification : str, default "HS4"
        Product classification.
    source : str, optional
        As in :func:`tradeviz.indicators.product_shares`.
    flags : pandas.DataFrame, optional
        Completeness flags (default: those written by ``tradeviz check``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    flags, flags_known = base.resolve_flags(flags)
    if year is None:
        years = _years_available(figures, reporter, partner, flow, classification)
        years = [
            y
            for y in years
            if (start_year is None or y >= start_year) and (end_year is None or y <= end_year)
        ]
    else:
        years = [int(year)]
    results = {}
    for each in years:
        try:
            results[each] = product_shares(
                figures, reporter, partner, each, flow, classification=classification, source=source
            )
        except IndicatorError:
            if year is not None:
                raise
    words = "exports to" if flow == "exports" else "imports from"
    chart_info = ChartInfo(
        name="composition",
        title=f"What {country_name(reporter)} {words.split()[0]} "
        f"{'to' if flow == 'exports' else 'from'} {country_name(partner)}: largest "
        f"{classification.replace('HS', 'HS-')} products"
        + (f", {years[0]}" if year is not None else ""),
    )
    if not results:
        raise NoFigureError(
            f"no {classification} product figures for {reporter} {words} {partner}"
            + (
                f" between {start_year or 'the first year'} and {end_year or 'the last'}"
                if year is None
                else ""
            )
        )
    source_used = next(iter(results.values())).params["source"]
    flagged_years = incomplete_years(
        flags,
        source=source_used,
        flow=flow,
        reporter=reporter,
        partner=partner,
        classification=classification,
    )
    table_rows: list[dict[str, object]] = []
    flagged: list[str] = []
    if year is not None:
        _draw_one_year(ax, chart_info, results[years[0]], top_n, flagged_years, table_rows, flagged)
    else:
        _draw_years(ax, chart_info, results, top_n, flagged_years, table_rows, flagged)
    used = pd.concat([r.inputs for r in results.values()], ignore_index=True)
    denominators = sorted({r.formula.split("X = ")[-1] for r in results.values()})
    extra = [
        f"Shares of {possessive(reporter)} {flow} {'to' if flow == 'exports' else 'from'} "
        f"{country_name(partner)}: each product ÷ "
        + "; ".join(denominators)
        + ". Other products = that sum minus the products listed."
    ]
    chart_info.notes, chart_info.links = base.note_lines(
        used, extra=extra, flagged=flagged, flags_known=flags_known
    )
    chart_info.flagged = flagged
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(used[schema.FIGURE_ID].astype(str))
    return chart_info


def _flag_name(result, year: int) -> str:
    source = SOURCE_LABELS.get(result.params["source"], result.params["source"])
    return f"{source}, {result.params['classification']} lines {year}"


def _draw_one_year(ax, chart_info, result, top_n, flagged_years, table_rows, flagged) -> None:
    table = result.table
    listed = table[table["product_code"] != OTHER].head(int(top_n))
    rest = table["value_usd"].sum() - listed["value_usd"].sum()
    denominator = result.details["denominator_usd"]
    rows = [*listed.itertuples(index=False)]
    year = result.params["year"]
    incomplete = year in flagged_years
    if incomplete:
        flagged.append(_flag_name(result, year))
    labels = []
    for position, row in enumerate(rows):
        (bar,) = ax.barh(
            position,
            row.share_pct,
            height=0.7,
            color=PRODUCT_COLOURS[position % len(PRODUCT_COLOURS)],
            hatch=style.HATCH_INCOMPLETE if incomplete else None,
            edgecolor="white" if incomplete else None,
        )
        name = product_name(row.product_code, row.product_label)
        labels.append(name)
        ax.annotate(
            f"{style.format_pct(row.share_pct)} · {style.format_usd(row.value_usd)}",
            xy=(row.share_pct, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.TICK_FONT_SIZE,
        )
        chart_info.hover(
            bar,
            f"{name}, {year}: {style.format_usd(row.value_usd)}, {style.format_pct(row.share_pct)}",
        )
        table_rows.append(
            {
                "year": year,
                "product": name,
                "value": style.format_usd(row.value_usd),
                "value_usd": row.value_usd,
                "share": style.format_pct(row.share_pct),
                "share_pct": row.share_pct,
                "figure_id": row.figure_id,
                "incomplete": incomplete,
            }
        )
    other_share = 100.0 * rest / denominator
    position = len(rows)
    (bar,) = ax.barh(
        position,
        other_share,
        height=0.7,
        color=OTHER_COLOUR,
        hatch=style.HATCH_INCOMPLETE if incomplete else None,
        edgecolor="white",
    )
    labels.append("Other products")
    ax.annotate(
        f"{style.format_pct(other_share)} · {style.format_usd(rest)}",
        xy=(other_share, position),
        xytext=(3, 0),
        textcoords="offset points",
        va="center",
        fontsize=style.TICK_FONT_SIZE,
    )
    chart_info.hover(
        bar, f"Other products, {year}: {style.format_usd(rest)}, {style.format_pct(other_share)}"
    )
    table_rows.append(
        {
            "year": year,
            "product": "Other products",
            "value": style.format_usd(rest),
            "value_usd": rest,
            "share": style.format_pct(other_share),
            "share_pct": other_share,
            "figure_id": "",
            "incomplete": incomplete,
        }
    )
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    ax.xaxis.set_major_formatter(style.pct_formatter())
    ax.set_xlabel(f"% of the sum of all product lines ({style.format_usd(denominator)})")
    ax.set_xlim(0, max(r["share_pct"] for r in table_rows) * 1.3)


def _draw_years(ax, chart_info, results, top_n, flagged_years, table_rows, flagged) -> None:
    latest = results[max(results)].table
    keep = list(latest.loc[latest["product_code"] != OTHER, "product_code"].head(int(top_n)))
    labels = dict(zip(latest["product_code"], latest["product_label"], strict=False))
    years = sorted(results)
    for year in years:
        if year in flagged_years:
            flagged.append(_flag_name(results[year], year))
    bottoms = {year: 0.0 for year in years}
    for index, code in enumerate([*keep, OTHER]):
        colour = OTHER_COLOUR if code == OTHER else PRODUCT_COLOURS[index % len(PRODUCT_COLOURS)]
        name = product_name(code, labels.get(code, ""))
        for year in years:
            table = results[year].table
            if code == OTHER:
                listed = table[table["product_code"].isin(keep)]
                share = 100.0 - listed["share_pct"].sum()
                value = results[year].details["denominator_usd"] - listed["value_usd"].sum()
                figure_id = ""
            else:
                match = table[table["product_code"] == code]
                if match.empty:
                    continue  # not among the products the source lists that year
                share = float(match["share_pct"].iloc[0])
                value = float(match["value_usd"].iloc[0])
                figure_id = match["figure_id"].iloc[0]
            incomplete = year in flagged_years
            (bar,) = ax.bar(
                year,
                share,
                bottom=bottoms[year],
                color=colour,
                width=0.75,
                edgecolor="white",
                linewidth=0.5,
                hatch=style.HATCH_INCOMPLETE if incomplete else None,
                label=name if year == years[-1] else None,
            )
            bottoms[year] += share
            chart_info.hover(
                bar, f"{name}, {year}: {style.format_pct(share)} ({style.format_usd(value)})"
            )
            table_rows.append(
                {
                    "year": year,
                    "product": name,
                    "value": style.format_usd(value),
                    "value_usd": value,
                    "share": style.format_pct(share),
                    "share_pct": share,
                    "figure_id": figure_id,
                    "incomplete": incomplete,
                }
            )
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(style.pct_formatter())
    ax.set_ylabel("% of the sum of all product lines")
    ax.set_xticks(years, [str(y) for y in years])
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor=OTHER_COLOUR
            if code == OTHER
            else PRODUCT_COLOURS[index % len(PRODUCT_COLOURS)],
            label=product_name(code, labels.get(code, "")),
        )
        for index, code in enumerate([*keep, OTHER])
    ][::-1]
    if flagged:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=style.MUTED,
                hatch=style.HATCH_INCOMPLETE,
                label="flagged incomplete",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=style.NOTE_FONT_SIZE + 0.5,
    )
