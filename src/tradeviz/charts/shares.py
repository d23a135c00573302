"""Chart 2: a partner's share of a reporter's exports and imports over time, with claimed values.

Each series is one source's shares (the partner's value ÷ the stated world total of the same
vintage, or the share the source prints where it states no world total), each year from its
latest vintage. Each claim about the pair is drawn at its year with its tolerance, as a
reader tests it.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.indicators.flows import partner_share_series
from tradeviz.query import NoFigureError, by_preference, is_quoted, where
from tradeviz.query.memo import per_table
from tradeviz.text import country_name, format_percent, possessive, source_label, titles
from tradeviz.vocabulary import ANNUAL, PARTNER_SHARE, TRADE_FLOWS

#: Each series of a table is computed once: `partner_share_series` narrows the table first, and
#: what is remembered of a narrowed copy is lost with it, so each draw computed every series again.
_remembered_series = per_table(partner_share_series)

NAME = "partner_shares"
DESCRIPTION = (
    "The partner's share of the reporter's exports and imports by year, each claimed share at "
    "its year with its tolerance"
)
DEFAULT_START_YEAR = 1995
#: Share series are drawn to this much above the highest share.
HEADROOM = 1.15


def claimed_shares(
    claims: pd.DataFrame | None,
    reporter: str,
    partner: str,
    *,
    document: str | None = None,
) -> pd.DataFrame:
    """Return the claims that state a partner's share of the reporter's exports or imports.

    Parameters
    ----------
    claims : pandas.DataFrame or None
        Claims of any number of documents, as loaded by :func:`tradeviz.checks.load_claims`;
        only confirmed ones (``status``) are drawn.
    reporter, partner : str
        ISO3 codes.
    document : str, optional
        Only this document's claims (default: every document's).

    Returns
    -------
    pandas.DataFrame
        Columns ``document, claim_id, flow, year, value, qualifier, low, high, excerpt``, one row
        per claim with a stated value and a period (empty if none); ``low``/``high`` are the
        claim's tolerance (:func:`tradeviz.checks.tolerance.tolerance_for`).
    """
    from tradeviz.checks.tolerance import tolerance_for
    from tradeviz.checks.vocab import CONFIRMED

    columns = [
        "document",
        "claim_id",
        "flow",
        "year",
        "value",
        "qualifier",
        "low",
        "high",
        "excerpt",
    ]
    if claims is None or claims.empty:
        return pd.DataFrame(columns=columns)
    rows = where(
        claims,
        measure=PARTNER_SHARE,
        flow=TRADE_FLOWS,
        partner=partner,
        reporter=(reporter, ""),
    )
    if document:
        rows = rows[rows["document"].astype(str) == document]
    if "status" in rows.columns:  # drafts are not yet claims anyone checked
        rows = rows[rows["status"].astype(str) == CONFIRMED]
    found = []
    for row in rows.to_dict("records"):
        value = pd.to_numeric(row["stated_value"], errors="coerce")
        period_end = pd.to_datetime(row["period_end"], errors="coerce")
        if pd.isna(value) or pd.isna(period_end):
            continue
        qualifier = str(row[schema.QUALIFIER] or "")
        qualifier = "" if qualifier in ("exact", "nan", "None") else qualifier
        tolerance = tolerance_for(f"{float(value):g}", qualifier or "exact")
        found.append(
            {
                "document": str(row["document"]),
                "claim_id": str(row["claim_id"]),
                "flow": str(row[schema.FLOW]),
                "year": int(period_end.year),
                "value": float(value),
                "qualifier": qualifier,
                "low": float(tolerance.low),
                "high": float(tolerance.high),
                "excerpt": str(row[schema.EXCERPT]),
            }
        )
    return pd.DataFrame(found, columns=columns)


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
    document: str | None = None,
    claims: pd.DataFrame | None = None,
) -> ChartData:
    """Select a partner's share of the reporter's exports and imports by year, and the claims.

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
    document : str or None, default None
        Draw only this document's claims. Default: every claim given.
    claims : pandas.DataFrame, optional
        The claims to test, of any number of documents (:func:`tradeviz.checks.load_claims`);
        each claimed share about the pair, a drawn flow and a drawn year is drawn at its year
        with its tolerance. None: no claim drawn.

    Returns
    -------
    ChartData
        ``marks``: one row per share (``kind`` "share": year, flow, source, share_pct, computed,
        vintage, figure_id) and per claimed share (``kind`` "claim": year, flow, share_pct,
        low_pct, high_pct, measured_pct, document, figure_id = the claim id).
    """
    marks: list[dict[str, object]] = []
    sources = series_sources(figures, reporter, partner)
    for source in sources:
        for flow in flows:
            series = _remembered_series(figures, reporter, partner, flow, source=source)
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
    if not marks:
        raise NoFigureError(f"no share figures for {partner} in {reporter}'s trade")
    shares = pd.DataFrame(marks)
    preferred = preferred_series(shares)
    years = sorted(shares["year"].unique())
    tests = []
    claimed = claimed_shares(claims, reporter, partner, document=document)
    claimed = claimed[claimed["flow"].isin(flows) & claimed["year"].between(years[0], years[-1])]
    for claim in claimed.to_dict("records"):
        measured = preferred.get((claim["flow"], claim["year"]))
        test = titles.ClaimTest(
            flow=claim["flow"],
            year=claim["year"],
            stated=claim["value"],
            qualifier=claim["qualifier"],
            low=claim["low"],
            high=claim["high"],
            measured=measured,
        )
        tests.append(test)
        marks.append(
            {
                "kind": "claim",
                "year": claim["year"],
                "flow": claim["flow"],
                "share_pct": claim["value"],
                "low_pct": claim["low"],
                "high_pct": claim["high"],
                "measured_pct": measured,
                "holds": test.holds,
                "stated": test.stated_text,
                "document": claim["document"],
                "figure_id": claim["claim_id"],
                "excerpt": claim["excerpt"],
            }
        )
    extra = [
        f"Shares: {country_name(partner)}'s value ÷ {possessive(country_name(reporter))} stated "
        "world total of the same table and vintage (WITS: the share as printed); each year from "
        "its latest vintage. By the reporter's own statistics."
    ]
    if len(claimed):
        documents = ", ".join(dict.fromkeys(claimed["document"]))
        extra.append(
            "Claims: each claimed share at its year, the bar its tolerance (the range of values "
            f"that bear it out), from {documents}."
        )
    frame = pd.DataFrame(marks)
    used_ids = [i for ids in shares["figure_id"] for i in str(ids).split(" / ")]
    rows = where(figures, figure_id=tuple(used_ids))
    notes, links = base.note_lines(rows, extra=extra)
    latest = {
        flow: (year, preferred[(flow, year)])
        for flow in flows
        if (year := max((y for f, y in preferred if f == flow), default=None)) is not None
    }
    who, of = country_name(partner), possessive(country_name(reporter))
    return ChartData(
        name=NAME,
        title=titles.share_title(partner, reporter, latest, tests),
        subtitle=titles.subtitle(
            f"{who}'s share of {of} {' and '.join(flows)}",
            f"% of {of} stated world total",
            titles.whose_statistics(reporter),
            years,
        ),
        source=titles.source_line(by_preference(shares["source"])),
        marks=frame,
        table=_table(frame),
        notes=notes,
        provenance=base.provenance(rows),
        links=links,
        figure_ids=list(dict.fromkeys(used_ids)),
        context={"reporter": reporter, "partner": partner, "preferred_source": sources[-1]},
    )


def preferred_series(shares: pd.DataFrame) -> dict[tuple[str, int], float]:
    """Return (flow, year) -> share by the most preferred source that gives that year.

    ``shares`` holds the sources least preferred first (:func:`series_sources`), so a later
    source's share replaces an earlier one's.
    """
    found: dict[tuple[str, int], float] = {}
    for row in shares.to_dict("records"):
        found[(row["flow"], int(row["year"]))] = float(row["share_pct"])
    return found


def _method(computed: bool) -> str:
    return "value ÷ stated world total" if computed else "as printed"


def _table(marks: pd.DataFrame) -> pd.DataFrame:
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
            rows.append(
                {
                    "year": int(row["year"]),
                    "flow": row["flow"],
                    "share": row["stated"],
                    "share_pct": row["share_pct"],
                    "source": f"claim in {row['document']}",
                    "method": "as stated; tolerance "
                    f"{format_percent(row['low_pct'], 1, style='chart')} to "
                    f"{format_percent(row['high_pct'], 1, style='chart')}",
                    "vintage": "",
                    "figure_id": row["figure_id"],
                }
            )
    return pd.DataFrame(rows)


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw the shares of :func:`data`: a line per source and flow, each claim at its year.

    The preferred source's lines are labelled at their ends (no legend for the flows); the
    other sources are thinner and named in a small legend of line styles. A claim is a hollow
    diamond at its stated value and year with its tolerance as a bar, and a label.
    """
    reporter, partner = data.context["reporter"], data.context["partner"]
    preferred = data.context["preferred_source"]
    who = possessive(country_name(reporter))
    marks = data.marks
    shares = marks[marks["kind"] == "share"]
    end_labels = []
    for (source, flow), series in shares.groupby(["source", "flow"], sort=False):
        look = dict(style.source_line(source))
        is_preferred = source == preferred
        if not is_preferred:
            look.update(alpha=style.SECONDARY_ALPHA, linewidth=style.SECONDARY_LINE_WIDTH)
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
        if is_preferred:
            end = series.iloc[-1]
            end_labels.append(
                (
                    end["year"],
                    end["share_pct"],
                    f"{flow.capitalize()} {format_percent(end['share_pct'], 1, style='chart')}",
                    style.FLOW_COLOURS[flow],
                )
            )
    for claim in marks[marks["kind"] == "claim"].to_dict("records"):
        colour = style.FLOW_COLOURS[claim["flow"]]
        bar = ax.errorbar(
            [claim["year"]],
            [claim["share_pct"]],
            yerr=[
                [claim["share_pct"] - claim["low_pct"]],
                [claim["high_pct"] - claim["share_pct"]],
            ],
            fmt="D",
            markersize=style.CLAIM_MARKER_SIZE,
            markerfacecolor="white",
            markeredgecolor=colour,
            ecolor=colour,
            elinewidth=style.CLAIM_BAR_WIDTH,
            capsize=style.CLAIM_CAP_SIZE,
            zorder=5,
        )
        ax.annotate(
            f"Claimed: {claim['stated']}",
            xy=(claim["year"], claim["share_pct"]),
            xytext=(-8, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=style.LABEL_FONT_SIZE,
            color=colour,
            bbox=style.LABEL_BOX,
        )
        base.hover(
            ax,
            bar.lines[0],
            f"{claim['document']}, claim {claim['figure_id']}: {claim['excerpt']} "
            f"(tolerance {format_percent(claim['low_pct'], 1, style='chart')} to "
            f"{format_percent(claim['high_pct'], 1, style='chart')})",
        )
    ax.yaxis.set_major_formatter(style.pct_formatter())
    top = max(marks["share_pct"].max(), marks.get("high_pct", marks["share_pct"]).max())
    ax.set_ylim(bottom=0, top=top * HEADROOM)
    ax.set_xlim(shares["year"].min() - 0.5, shares["year"].max() + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    style.end_labels(ax, end_labels)
    if shares["source"].nunique() > 1:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], color=style.MUTED, marker="o", **style.source_line(source))
            for source in shares["source"].unique()
        ]
        labels = [source_label(source) for source in shares["source"].unique()]
        ax.legend(handles, labels, loc="upper left", title="Line style: source", alignment="left")
