"""Chart 2: a partner's share of a reporter's exports and imports over time, with claimed values.

Each series is one source's shares (the partner's value ÷ the stated world total of the same
vintage, or the share the source prints where it states no world total), each year from its
latest vintage. A document's claimed shares are drawn as dotted reference lines.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.indicators.flows import partner_share_series
from tradeviz.query import NoFigureError, by_preference, is_quoted, where
from tradeviz.text import country_name, format_percent, possessive, source_label
from tradeviz.vocabulary import ANNUAL, PARTNER_SHARE, TRADE_FLOWS

NAME = "partner_shares"
DESCRIPTION = (
    "The partner's share of the reporter's exports and imports by year, with a document's "
    "claimed shares"
)
DEFAULT_DOCUMENT = "neo-2021-07-20"
DEFAULT_START_YEAR = 1995
NO_CLAIMS = "No claims loaded: run `tradeviz check` to draw the document's claimed values."
#: Share series are drawn to this much above the highest share.
HEADROOM = 1.3


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
    rows = where(
        claims,
        measure=PARTNER_SHARE,
        flow=TRADE_FLOWS,
        partner=partner,
        reporter=(reporter, ""),
    )
    return pd.DataFrame(
        {
            "claim_id": rows["claim_id"].astype(str),
            "flow": rows[schema.FLOW].astype(str),
            "value": pd.to_numeric(rows["stated_value"], errors="coerce"),
            "qualifier": rows[schema.QUALIFIER].astype(str),
            "excerpt": rows[schema.EXCERPT].astype(str),
        },
        columns=columns,
    ).dropna(subset=["value"])


def series_sources(figures: pd.DataFrame, reporter: str, partner: str) -> list[str]:
    """Return the tables that give the pair's annual figures, least preferred first.

    Series are drawn in this order, so that the preferred table's line lies on top.
    """
    annual = where(figures, reporter=reporter, partner=partner, freq=ANNUAL)
    return [
        source for source in reversed(by_preference(annual[schema.SOURCE])) if not is_quoted(source)
    ]


def data(
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    start_year: int = DEFAULT_START_YEAR,
    end_year: int | None = None,
    flows: tuple[str, ...] = TRADE_FLOWS,
    document: str | None = DEFAULT_DOCUMENT,
    claims: pd.DataFrame | None = None,
) -> ChartData:
    """Select a partner's share of the reporter's exports and imports by year.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes of the reporting country and of the partner.
    start_year, end_year : int, optional
        First and last year drawn. Default: 1995 to the latest.
    flows : tuple of str
        Flows drawn. ``"exports"`` and/or ``"imports"``.
    document : str or None, default "neo-2021-07-20"
        The id of the document whose claims are drawn. Its claimed shares are reference lines
        (None: none).
    claims : pandas.DataFrame, optional
        The claims table (:func:`tradeviz.checks.load_claims`); without it, the note says so.

    Returns
    -------
    ChartData
        ``marks``: one row per share (``kind`` "share": year, flow, source, share_pct, computed,
        vintage, figure_id) and per claimed share (``kind`` "claim").
    """
    marks: list[dict[str, object]] = []
    for source in series_sources(figures, reporter, partner):
        for flow in flows:
            series = partner_share_series(figures, reporter, partner, flow, source=source)
            series = series[series["year"] >= start_year]
            if end_year is not None:
                series = series[series["year"] <= end_year]
            for row in series.to_dict("records"):
                marks.append(
                    {
                        "kind": "share",
                        "year": int(row["year"]),
                        "flow": flow,
                        "source": source,
                        "share_pct": float(row["share_pct"]),
                        "computed": bool(row["computed"]),
                        "vintage": row["vintage"],
                        "figure_id": row["figure_ids"],
                    }
                )
    extra = [
        f"Shares: {country_name(partner)}'s value ÷ {possessive(country_name(reporter))} stated "
        "world total of the same table and vintage (WITS: the share as printed); each year from "
        "its latest vintage. By the reporter's own statistics."
    ]
    if document:
        claimed = claimed_shares(claims, reporter, partner)
        claimed = claimed[claimed["flow"].isin(flows)]
        if claims is None:
            extra.append(NO_CLAIMS)
        for claim in claimed.to_dict("records"):
            qualifier = "" if claim["qualifier"] in ("", "exact", "nan") else claim["qualifier"]
            marks.append(
                {
                    "kind": "claim",
                    "flow": claim["flow"],
                    "share_pct": float(claim["value"]),
                    "figure_id": claim["claim_id"],
                    "qualifier": qualifier,
                    "excerpt": claim["excerpt"],
                }
            )
        if len(claimed):
            extra.append(f"Dotted lines: the shares claimed in document {document}.")
    if not marks:
        raise NoFigureError(f"no share figures for {partner} in {reporter}'s trade")
    frame = pd.DataFrame(marks)
    shares = frame[frame["kind"] == "share"]
    used_ids = [i for ids in shares["figure_id"] for i in str(ids).split(" / ")]
    notes, links = base.note_lines(where(figures, figure_id=tuple(used_ids)), extra=extra)
    return ChartData(
        name=NAME,
        title=f"{country_name(partner)}'s share of {possessive(country_name(reporter))} "
        f"{' and '.join(flows)}",
        marks=frame,
        table=_table(frame, document),
        notes=notes,
        links=links,
        figure_ids=list(dict.fromkeys(used_ids)),
        context={"reporter": reporter, "partner": partner, "document": document},
    )


def _method(computed: bool) -> str:
    return "value ÷ stated world total" if computed else "as printed"


def _table(marks: pd.DataFrame, document: str | None) -> pd.DataFrame:
    rows = []
    for row in marks.to_dict("records"):
        if row["kind"] == "share":
            rows.append(
                {
                    "year": int(row["year"]),
                    "flow": row["flow"],
                    "share": format_percent(row["share_pct"], 2, style="chart"),
                    "share_pct": row["share_pct"],
                    "source": source_label(row["source"]),
                    "method": _method(row["computed"]),
                    "vintage": row["vintage"],
                    "figure_id": row["figure_id"],
                }
            )
        else:
            stated = format_percent(row["share_pct"], 0, style="chart")
            rows.append(
                {
                    "year": "",
                    "flow": row["flow"],
                    "share": f"{_qualified(row['qualifier'])}{stated}",
                    "share_pct": row["share_pct"],
                    "source": f"claim in {document}",
                    "method": "as stated in the document",
                    "vintage": "",
                    "figure_id": row["figure_id"],
                }
            )
    return pd.DataFrame(rows)


def _qualified(qualifier: str) -> str:
    return f"{qualifier} " if qualifier else ""


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw the shares of :func:`data` as one line per source and flow, claims as dotted lines."""
    reporter, partner = data.context["reporter"], data.context["partner"]
    who = possessive(country_name(reporter))
    marks = data.marks
    shares = marks[marks["kind"] == "share"]
    for (source, flow), series in shares.groupby(["source", "flow"], sort=False):
        look = style.source_line(source)
        (line,) = ax.plot(
            series["year"],
            series["share_pct"],
            color=style.FLOW_COLOURS[flow],
            label=f"{flow.capitalize()} — {source_label(source)}",
            marker="o",
            **look,
        )
        base.hover_points(
            ax,
            line,
            [
                f"{country_name(partner)}'s share of {who} {flow}, {row['year']}: "
                f"{format_percent(row['share_pct'], style='chart')} ({source_label(source)}, "
                f"vintage {row['vintage']}, {_method(row['computed'])})"
                for row in series.to_dict("records")
            ],
        )
    for claim in marks[marks["kind"] == "claim"].to_dict("records"):
        colour = style.FLOW_COLOURS[claim["flow"]]
        line = ax.axhline(claim["share_pct"], color=colour, linestyle=":", linewidth=1.3)
        stated = format_percent(claim["share_pct"], 0, style="chart")
        ax.annotate(
            f"claimed: {_qualified(claim['qualifier'])}{stated} of {claim['flow']}",
            xy=(1, claim["share_pct"]),
            xycoords=("axes fraction", "data"),
            xytext=(-2, 2),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=style.NOTE_FONT_SIZE + 0.5,
            color=colour,
        )
        base.hover(
            ax,
            line,
            f"{data.context['document']}, claim {claim['figure_id']}: {claim['excerpt']}",
        )
    ax.set_ylabel(f"% of {who} total (stated world total)")
    ax.yaxis.set_major_formatter(style.pct_formatter())
    ax.set_ylim(bottom=0, top=marks["share_pct"].max() * HEADROOM)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", ncols=2)
