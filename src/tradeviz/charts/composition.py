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
from tradeviz.charts.base import ChartData
from tradeviz.charts.flags import incomplete_years
from tradeviz.indicators import IndicatorResult, product_shares
from tradeviz.query import NoFigureError, SelectionError, where, year_of
from tradeviz.text import (
    country_name,
    format_money,
    format_percent,
    possessive,
    source_label,
    titles,
)
from tradeviz.text.products import HS_NAMES_SOURCE, hs4_name
from tradeviz.vocabulary import EXPORTS, PERCENT_SCALE, TRADE_VALUE

NAME = "composition"
DESCRIPTION = (
    "The largest HS-4 products of the reporter's exports to the partner, one year "
    "(or all years with year=None)"
)
DEFAULT_TOP_N = 8
OTHER = "other"
OTHER_NAME = "Other products"
OTHER_COLOUR = "#D9D9D9"
#: The products' colours: one muted blue-grey for all, the highlighted product in the house
#: highlight colour, "other" in light grey. Stacked years alternate two muted shades so that
#: neighbouring products stay apart.
PRODUCT_COLOURS = ("#9AA9B7", "#C3CDD6")
MAX_LABEL = 34


def product_name(code: str, label: str) -> str:
    """Return a product's readable name: ``"Crude oil"`` (see :mod:`tradeviz.text.products`)."""
    if code == OTHER:
        return OTHER_NAME
    name = hs4_name(code, label)
    if len(name) > MAX_LABEL:
        name = name[: MAX_LABEL - 1].rstrip() + "…"
    return name


def _colour(code: str, index: int, highlight: str | None = None) -> str:
    if code == OTHER:
        return OTHER_COLOUR
    if code == (highlight or ""):
        return style.HIGHLIGHT
    return PRODUCT_COLOURS[index % len(PRODUCT_COLOURS)]


def data(
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    flow: str = EXPORTS,
    year: int | None = 2020,
    start_year: int | None = None,
    end_year: int | None = None,
    top_n: int = DEFAULT_TOP_N,
    classification: str = "HS4",
    source: str | None = None,
    highlight: str | None = None,
    flags: pd.DataFrame | None = None,
) -> ChartData:
    """Select the largest products of a pair's flow: one year, or every year with product data.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes of the reporting country and of the partner.
    flow : {"exports", "imports"}
        The flow.
    year : int or None, default 2020
        Calendar year. One year (horizontal bars); None for every year with product data
        (stacked bars).
    start_year, end_year : int, optional
        First and last year drawn. Only when ``year`` is None.
    top_n : int, default 8
        Number of partners or products drawn. The rest are "other products".
    classification : str, default "HS4"
        Product classification.
    source : str, optional
        A source name. As in :func:`tradeviz.indicators.product_shares`.
    highlight : str, optional
        The HS code of the product drawn in colour. Default: the largest product; the others
        are one muted colour.
    flags : pandas.DataFrame, optional
        The completeness flags of ``tradeviz check`` (None: not computed yet, said in the note).

    Returns
    -------
    ChartData
        ``marks``: one row per bar (year, product_code, product, value_usd, share_pct,
        figure_id, incomplete, colour, bottom).
    """
    if year is None:
        rows = where(
            figures,
            reporter=reporter,
            partner=partner,
            flow=flow,
            classification=classification,
            measure=TRADE_VALUE,
        )
        years = sorted(
            y
            for y in set(year_of(rows).dropna().astype(int))
            if (start_year is None or y >= start_year) and (end_year is None or y <= end_year)
        )
    else:
        years = [int(year)]
    results: dict[int, IndicatorResult] = {}
    for each in years:
        try:
            results[each] = product_shares(
                figures, reporter, partner, each, flow, classification=classification, source=source
            )
        except SelectionError:
            if year is not None:
                raise
    words = "exports to" if flow == EXPORTS else "imports from"
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
    if year is not None:
        marks = _one_year(results[years[0]], int(top_n), highlight)
    else:
        marks = _years(results, int(top_n), highlight)
    marks["incomplete"] = marks["year"].isin(flagged_years)
    flagged = [
        f"{source_label(result.params['source'])}, {result.params['classification']} lines {each}"
        for each, result in sorted(results.items())
        if each in flagged_years
    ]
    used = pd.concat([r.inputs for r in results.values()], ignore_index=True)
    denominators = sorted({r.formula.split("X = ")[-1] for r in results.values()})
    preposition = "to" if flow == EXPORTS else "from"
    extra = [
        f"Shares of {possessive(country_name(reporter))} {flow} {preposition} "
        f"{country_name(partner)}: each product ÷ "
        + "; ".join(denominators)
        + ". Other products = that sum minus the products listed.",
        HS_NAMES_SOURCE,
    ]
    notes, links = base.note_lines(
        used, extra=extra, flagged=flagged, flags_known=flags is not None
    )
    return ChartData(
        name=NAME,
        title=_finding(marks, reporter, partner, flow)
        if year is not None
        else f"What {country_name(reporter)} {words.split()[0]} {preposition} "
        f"{country_name(partner)}: largest {classification.replace('HS', 'HS-')} products",
        subtitle=titles.subtitle(
            f"{possessive(country_name(reporter))} {flow} "
            f"{'to' if flow == EXPORTS else 'from'} {country_name(partner)} by product",
            "% of the sum of all product lines",
            titles.whose_statistics(reporter),
            sorted(results),
        ),
        source=titles.source_line(used[schema.SOURCE]),
        marks=marks,
        table=pd.DataFrame(
            {
                "year": marks["year"],
                "product": marks["product"],
                "value": [format_money(v, style="chart") for v in marks["value_usd"]],
                "value_usd": marks["value_usd"],
                "share": [format_percent(v, style="chart") for v in marks["share_pct"]],
                "share_pct": marks["share_pct"],
                "figure_id": marks["figure_id"],
                "incomplete": marks["incomplete"],
            }
        ),
        notes=notes,
        provenance=base.provenance(used),
        links=links,
        figure_ids=list(used[schema.FIGURE_ID].astype(str)),
        flagged=flagged,
        context={
            "one_year": year is not None,
            "denominator_usd": results[years[0]].details["denominator_usd"]
            if year is not None
            else None,
        },
    )


def _finding(marks: pd.DataFrame, reporter: str, partner: str, flow: str) -> str:
    """Return the one-year finding: the largest product's share of the flow."""
    top = marks[marks["product_code"] != OTHER].iloc[0]
    preposition = "to" if flow == EXPORTS else "from"
    return (
        f"{hs4_name(top['product_code'])} made up "
        f"{format_percent(top['share_pct'], 1, style='chart')} of "
        f"{possessive(country_name(reporter))} {flow} {preposition} {country_name(partner)} "
        f"in {int(top['year'])}"
    )


def _one_year(result: IndicatorResult, top_n: int, highlight: str | None) -> pd.DataFrame:
    """Return the bars of one year: the top products, then the rest as "other products"."""
    table = result.table
    listed = table[table["product_code"] != OTHER].head(top_n)
    highlight = highlight or (str(listed["product_code"].iloc[0]) if len(listed) else None)
    rest = table["value_usd"].sum() - listed["value_usd"].sum()
    denominator = result.details["denominator_usd"]
    marks = [
        {
            "product_code": row.product_code,
            "product": product_name(row.product_code, row.product_label),
            "value_usd": row.value_usd,
            "share_pct": row.share_pct,
            "figure_id": row.figure_id,
            "colour": _colour(row.product_code, 0, highlight),
        }
        for row in listed.itertuples(index=False)
    ]
    marks.append(
        {
            "product_code": OTHER,
            "product": OTHER_NAME,
            "value_usd": rest,
            "share_pct": PERCENT_SCALE * rest / denominator,
            "figure_id": "",
            "colour": OTHER_COLOUR,
        }
    )
    frame = pd.DataFrame(marks)
    frame.insert(0, "year", result.params["year"])
    return frame.assign(bottom=0.0)


def _years(results: dict[int, IndicatorResult], top_n: int, highlight: str | None) -> pd.DataFrame:
    """Return the stacked bars of every year: the latest year's top products, then the rest."""
    latest = results[max(results)].table
    keep = list(latest.loc[latest["product_code"] != OTHER, "product_code"].head(top_n))
    labels = dict(zip(latest["product_code"], latest["product_label"], strict=False))
    highlight = highlight or (keep[0] if keep else None)
    years = sorted(results)
    bottoms = dict.fromkeys(years, 0.0)
    marks = []
    for index, code in enumerate([*keep, OTHER]):
        for each in years:
            table = results[each].table
            if code == OTHER:
                listed = table[table["product_code"].isin(keep)]
                share = PERCENT_SCALE - listed["share_pct"].sum()
                value = results[each].details["denominator_usd"] - listed["value_usd"].sum()
                figure_id = ""
            else:
                match = table[table["product_code"] == code]
                if match.empty:
                    continue  # not among the products the source lists that year
                share = float(match["share_pct"].iloc[0])
                value = float(match["value_usd"].iloc[0])
                figure_id = match["figure_id"].iloc[0]
            marks.append(
                {
                    "year": each,
                    "product_code": code,
                    "product": product_name(code, labels.get(code, "")),
                    "value_usd": value,
                    "share_pct": share,
                    "figure_id": figure_id,
                    "colour": _colour(code, index, highlight),
                    "bottom": bottoms[each],
                }
            )
            bottoms[each] += share
    return pd.DataFrame(marks)


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw :func:`data` as bars of one year, or stacked bars over the years."""
    if data.context["one_year"]:
        _draw_one_year(ax, data)
    else:
        _draw_years(ax, data)


def _draw_one_year(ax, data: ChartData) -> None:
    marks = data.marks
    for position, row in enumerate(marks.to_dict("records")):
        incomplete = bool(row["incomplete"])
        other = row["product_code"] == OTHER
        (bar,) = ax.barh(
            position,
            row["share_pct"],
            height=0.7,
            color=row["colour"],
            hatch=style.HATCH_INCOMPLETE if incomplete else None,
            edgecolor="white" if incomplete or other else None,
        )
        share = format_percent(row["share_pct"], style="chart")
        money = format_money(row["value_usd"], style="chart")
        ax.annotate(
            f"{share} · {money}",
            xy=(row["share_pct"], position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.TICK_FONT_SIZE,
        )
        hover = f"{row['product']}, {row['year']}: {money}, {share}"
        base.hover(ax, bar, hover)
    ax.set_yticks(range(len(marks)), list(marks["product"]))
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    ax.xaxis.set_major_formatter(style.pct_formatter())
    denominator = format_money(data.context["denominator_usd"], style="chart")
    ax.set_xlabel(f"% of the sum of all product lines ({denominator})")
    ax.set_xlim(0, marks["share_pct"].max() * 1.3)


def _draw_years(ax, data: ChartData) -> None:
    marks = data.marks
    years = sorted(set(marks["year"]))
    last = years[-1]
    for row in marks.to_dict("records"):
        (bar,) = ax.bar(
            row["year"],
            row["share_pct"],
            bottom=row["bottom"],
            color=row["colour"],
            width=0.75,
            edgecolor="white",
            linewidth=0.5,
            hatch=style.HATCH_INCOMPLETE if row["incomplete"] else None,
            label=row["product"] if row["year"] == last else None,
        )
        base.hover(
            ax,
            bar,
            f"{row['product']}, {row['year']}: {format_percent(row['share_pct'], style='chart')} "
            f"({format_money(row['value_usd'], style='chart')})",
        )
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(style.pct_formatter())
    ax.set_ylabel("% of the sum of all product lines")
    ax.set_xticks(years, [str(y) for y in years])
    from matplotlib.patches import Patch

    products = marks.drop_duplicates("product_code")
    handles = [
        Patch(facecolor=row["colour"], label=row["product"]) for row in products.to_dict("records")
    ][::-1]
    if data.flagged:
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
