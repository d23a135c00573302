"""Chart 2: a partner's share of a reporter's exports and imports over time, with claimed values.

Each series is one source's shares (the partner's value ÷ the stated world total of the same
vintage, or the share the source prints where it states no world total), each year from its
latest vintage. A document's claimed shares are drawn as dotted reference lines.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, checks_data, style
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import SOURCE_LABELS, country_name, possessive
from tradeviz.indicators.flows import partner_share_series
from tradeviz.indicators.result import NoFigureError

FLOWS = ("exports", "imports")
SERIES_SOURCES = ("wits", "bns_annual")
DEFAULT_DOCUMENT = "neo-2021-07-20"
DEFAULT_START_YEAR = 1995
SHARE_MEASURE = "partner_share"


def claimed_shares(claims: pd.DataFrame | None, reporter: str, partner: str) -> pd.DataFrame:
    """Return the claims that state a partner's share of the reporter's exports or imports.

    Parameters
    ----------
    claims : pandas.DataFrame or None
        Claims as loaded by :func:`tradeviz.checks.load_claims`.
    reporter, partner : str
        ISO3 codes.

    Returns
    -------
    pandas.DataFrame
        Columns ``claim_id, flow, value, qualifier, excerpt`` (empty if none).
    """
    columns = ["claim_id", "flow", "value", "qualifier", "excerpt"]
    if claims is None or claims.empty:
        return pd.DataFrame(columns=columns)
    value_col = checks_data._first(claims, "stated_value", "value")
    id_col = checks_data._first(claims, "claim_id", "id")
    if value_col is None or schema.MEASURE not in claims.columns:
        return pd.DataFrame(columns=columns)
    mask = (claims[schema.MEASURE] == SHARE_MEASURE) & claims[schema.FLOW].isin(FLOWS)
    if schema.PARTNER in claims.columns:
        mask &= claims[schema.PARTNER] == partner
    if schema.REPORTER in claims.columns:
        mask &= claims[schema.REPORTER].isin([reporter, "", None])
    rows = claims.loc[mask]
    return pd.DataFrame(
        {
            "claim_id": rows[id_col].astype(str) if id_col else "",
            "flow": rows[schema.FLOW].astype(str),
            "value": pd.to_numeric(rows[value_col], errors="coerce"),
            "qualifier": rows[schema.QUALIFIER].astype(str)
            if schema.QUALIFIER in rows.columns
            else "",
            "excerpt": rows[schema.EXCERPT].astype(str) if schema.EXCERPT in rows.columns else "",
        }
    ).dropna(subset=["value"])


@base.chart("partner_shares")
def draw_partner_shares(
    ax,
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    start_year: int = DEFAULT_START_YEAR,
    end_year: int | None = None,
    flows: tuple[str, ...] = FLOWS,
    document: str | None = DEFAULT_DOCUMENT,
    claims: pd.DataFrame | None = None,
) -> ChartInfo:
    """Draw a partner's share of the reporter's exports and imports by year.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    start_year, end_year : int, optional
        Span of years (default 1995 to the latest).
    flows : tuple of str
        ``"exports"`` and/or ``"imports"``.
    document : str or None, default "neo-2021-07-20"
        Draw this document's claimed shares as reference lines (None: none).
    claims : pandas.DataFrame, optional
        The claims table (default: loaded from the checks).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    chart_info = ChartInfo(
        name="partner_shares",
        title=f"{country_name(partner)}'s share of {possessive(reporter)} {' and '.join(flows)}",
    )
    table_rows: list[dict[str, object]] = []
    used_ids: list[str] = []
    for source in SERIES_SOURCES:
        for flow in flows:
            series = partner_share_series(figures, reporter, partner, flow, source=source)
            series = series[series["year"] >= start_year]
            if end_year is not None:
                series = series[series["year"] <= end_year]
            if series.empty:
                continue
            (line,) = ax.plot(
                series["year"],
                series["share_pct"],
                color=style.FLOW_COLOURS[flow],
                linestyle=style.SOURCE_LINE_STYLES[source],
                linewidth=2.0 if source == "bns_annual" else 1.4,
                marker="o",
                markersize=3.5 if source == "bns_annual" else 2.5,
                label=f"{flow.capitalize()} — {SOURCE_LABELS[source]}",
            )
            texts = []
            for _, row in series.iterrows():
                how = "value ÷ stated world total" if row["computed"] else "as printed"
                texts.append(
                    f"{country_name(partner)}'s share of {possessive(reporter)} "
                    f"{flow}, {row['year']}: {style.format_pct(row['share_pct'])} "
                    f"({SOURCE_LABELS[source]}, vintage {row['vintage']}, {how})"
                )
                table_rows.append(
                    {
                        "year": int(row["year"]),
                        "flow": flow,
                        "share": style.format_pct(row["share_pct"], decimals=2),
                        "share_pct": float(row["share_pct"]),
                        "source": SOURCE_LABELS[source],
                        "method": how,
                        "vintage": row["vintage"],
                        "figure_id": row["figure_ids"],
                    }
                )
                used_ids.extend(str(row["figure_ids"]).split(" / "))
            chart_info.hover_points(line, texts)
    extra = [
        f"Shares: {country_name(partner)}'s value ÷ {possessive(reporter)} stated world total "
        "of the same table and vintage (WITS: the share as printed); each year from its latest "
        "vintage. By the reporter's own statistics."
    ]
    if document:
        if claims is None:
            claims = checks_data.load_claims(document)
        claimed = claimed_shares(claims, reporter, partner)
        claimed = claimed[claimed["flow"].isin(flows)]
        if claims is None:
            extra.append(checks_data.NO_CLAIMS)
        for _, claim in claimed.iterrows():
            line = ax.axhline(
                claim["value"],
                color=style.FLOW_COLOURS[claim["flow"]],
                linestyle=":",
                linewidth=1.3,
            )
            qualifier = (
                "" if claim["qualifier"] in ("", "exact", "nan") else f"{claim['qualifier']} "
            )
            stated = style.format_pct(claim["value"], decimals=0)
            text = f"claimed: {qualifier}{stated} of {claim['flow']}"
            ax.annotate(
                text,
                xy=(1, claim["value"]),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=style.NOTE_FONT_SIZE + 0.5,
                color=style.FLOW_COLOURS[claim["flow"]],
            )
            chart_info.hover(line, f"{document}, claim {claim['claim_id']}: {claim['excerpt']}")
            table_rows.append(
                {
                    "year": "",
                    "flow": claim["flow"],
                    "share": f"{qualifier}{style.format_pct(claim['value'], decimals=0)}",
                    "share_pct": float(claim["value"]),
                    "source": f"claim in {document}",
                    "method": "as stated in the document",
                    "vintage": "",
                    "figure_id": claim["claim_id"],
                }
            )
        if len(claimed):
            extra.append(f"Dotted lines: the shares claimed in document {document}.")
    rows_drawn = figures[figures[schema.FIGURE_ID].isin(used_ids)]
    if not table_rows:
        raise NoFigureError(f"no share figures for {partner} in {reporter}'s trade")
    if table_rows:
        ax.set_ylabel(f"% of {possessive(reporter)} total (stated world total)")
        ax.yaxis.set_major_formatter(style.pct_formatter())
        ax.set_ylim(bottom=0, top=max(r["share_pct"] for r in table_rows) * 1.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper left", ncols=2)
    chart_info.notes, chart_info.links = base.note_lines(rows_drawn, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(dict.fromkeys(used_ids))
    return chart_info
