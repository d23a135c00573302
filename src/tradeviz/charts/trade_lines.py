"""Chart 1: a pair's exports, imports and turnover over time, with the partner's figures as quoted.

The reporter's own statistics are drawn as lines, one per statistical table (BNS annual tables;
UN Comtrade/WITS, which carries Kazakhstan's declarations, for the years before the BNS
workbooks), each year from its latest vintage; turnover is the table's own, or its exports +
imports where it states none. The partner's customs figures, as officials and the press quoted
them, are drawn as open diamonds on the line of the same goods: China's exports to Kazakhstan sit
on Kazakhstan's imports from China (the mirror flow), so the mirror gap shows at a glance.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.charts.flags import incomplete_years
from tradeviz.charts.shares import series_sources
from tradeviz.query import (
    TURNOVER_BASIS,
    NoFigureError,
    between,
    by_preference,
    is_quoted,
    trade_totals,
    where,
)
from tradeviz.text import country_name, format_money, possessive, source_label, titles
from tradeviz.vocabulary import (
    ALL_VINTAGES,
    BILLION,
    EXPORTS,
    IMPORTS,
    LEVEL_FLOWS,
    MIRROR_FLOW,
    STATEMENTS,
    TURNOVER,
    TURNOVER_SUMMED,
)

NAME = "trade_over_time"
DESCRIPTION = (
    "Exports, imports and turnover by year, the reporter's statistics, with the partner's "
    "customs figures as quoted"
)
DEFAULT_START_YEAR = 1995
#: Room above the highest value for the legend of line styles.
HEADROOM = 1.35


def data(
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    start_year: int = DEFAULT_START_YEAR,
    end_year: int | None = None,
    flows: tuple[str, ...] = LEVEL_FLOWS,
    quoted_perspective: str | None = "CHN",
    flags: pd.DataFrame | None = None,
) -> ChartData:
    """Select a pair's exports, imports and turnover by year, as the reporter records them.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes of the reporting country and of the partner. Lines are the reporter's own
        statistics.
    start_year, end_year : int, optional
        First and last year drawn. Default: 1995 to the latest year with data.
    flows : tuple of str
        Flows drawn. Exports, imports and turnover by default.
    quoted_perspective : str or None, default "CHN"
        Whose quoted figures to draw over the lines (statements of this perspective). None:
        none.
    flags : pandas.DataFrame, optional
        The completeness flags of ``tradeviz check`` (None: not computed yet, said in the note).

    Returns
    -------
    ChartData
        ``marks``: the figure rows drawn (lines, then quoted figures) with ``year``, ``kind``
        (``line`` or ``quoted``), ``drawn_flow`` (the line a mark sits on) and ``flagged``.
    """
    figures = between(figures, reporter, partner)  # every selection below looks only here
    pieces, drawn, flagged = [], [], []
    for source in series_sources(figures, reporter, partner):
        rows = trade_totals(
            figures, reporter, partner, flows=flows, source=source, since=start_year, until=end_year
        )
        if rows.empty:
            continue
        years = incomplete_years(
            flags,
            source=source,
            reporter=reporter,
            partner=partner,
            classification=schema.TOTAL_CODE,
        )
        rows = rows.assign(
            kind="line", drawn_flow=rows[schema.FLOW], flagged=rows["year"].isin(years)
        )
        for flow in flows:
            series = where(rows, flow=flow).sort_values("year")
            pieces.append(series)
            flagged += [
                f"{source_label(source)} {flow} {year}"
                for year in series.loc[series["flagged"], "year"]
            ]
        drawn.append(where(rows, exclude={TURNOVER_BASIS: (TURNOVER_SUMMED,)}))
    extra = [
        f"Lines: {possessive(country_name(reporter))} own records of its trade with "
        f"{country_name(partner)} (exports FOB, imports CIF), each year from its latest vintage; "
        + "; ".join(
            f"{_line_word(source)}: {source_label(source)}"
            for source in (by_preference(pd.concat(pieces)[schema.SOURCE]) if pieces else [])
            if not is_quoted(source)
        )
        + "."
    ]
    if quoted_perspective:
        quoted = trade_totals(
            figures,
            partner,
            reporter,
            source=STATEMENTS,
            perspective=quoted_perspective,
            since=start_year,
            until=end_year,
            vintage=ALL_VINTAGES,
        )
        quoted = quoted.sort_values("year").assign(
            kind="quoted", drawn_flow=lambda q: q[schema.FLOW].map(MIRROR_FLOW), flagged=False
        )
        shown = where(quoted, drawn_flow=tuple(flows))
        if len(shown):
            pieces.append(shown)
            drawn.append(quoted)
            extra.append(
                f"Diamonds: {possessive(country_name(quoted_perspective))} customs figures as "
                "quoted by officials and the press, drawn on the line of the same goods (its "
                f"exports on {possessive(country_name(reporter))} imports); not a statistical "
                "table."
            )
    marks = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()
    if marks.empty:
        raise NoFigureError(
            f"no annual trade figures for {reporter}–{partner} in the figures table"
        )
    rows_drawn = pd.concat(drawn, ignore_index=True)
    notes, links = base.note_lines(
        rows_drawn, extra=extra, flagged=flagged, flags_known=flags is not None
    )
    return ChartData(
        name=NAME,
        title=_finding(marks, reporter, partner),
        subtitle=titles.subtitle(
            f"{possessive(country_name(reporter))} exports to and imports from "
            f"{country_name(partner)}",
            "US$ bn, current prices",
            titles.whose_statistics(reporter)
            + (
                f" ({titles.quoted_label(quoted_perspective)}: diamonds)"
                if quoted_perspective and marks[schema.SOURCE].map(is_quoted).any()
                else ""
            ),
            marks["year"].tolist() if "year" in marks else [],
        ),
        source=titles.source_line(by_preference(rows_drawn[schema.SOURCE])),
        marks=marks,
        table=_table(marks, reporter, partner, quoted_perspective),
        notes=notes,
        provenance=base.provenance(rows_drawn),
        links=links,
        figure_ids=[str(i) for i in rows_drawn[schema.FIGURE_ID]],
        flagged=flagged,
        context={
            "reporter": reporter,
            "partner": partner,
            "start_year": start_year,
            "quoted_perspective": quoted_perspective,
        },
    )


def _finding(marks: pd.DataFrame, reporter: str, partner: str) -> str:
    """Return the latest year's exports and imports by the most preferred table giving both."""
    own = marks[~marks[schema.SOURCE].map(is_quoted)]
    for source in reversed(series_order(own)):
        rows = own[own[schema.SOURCE] == source]
        by_flow = {
            flow: dict(zip(group["year"], group[schema.VALUE_USD], strict=True))
            for flow, group in rows.groupby(schema.FLOW)
        }
        both = set(by_flow.get(EXPORTS, {})) & set(by_flow.get(IMPORTS, {}))
        if both:
            year = max(both)
            return titles.trade_title(
                reporter, partner, int(year), by_flow[EXPORTS][year], by_flow[IMPORTS][year]
            )
    return f"{country_name(reporter)}–{country_name(partner)} trade"


def _line_word(source: str) -> str:
    """Return how a source's line is drawn, in words (``"solid"``, ``"dashed"``)."""
    dash = style.source_line(source)["linestyle"]
    return (
        {"-": "solid", "-.": "dash-dotted"}.get(dash, "dashed")
        if isinstance(dash, str)
        else ("dashed")
    )


def series_order(rows: pd.DataFrame) -> list[str]:
    """Return the sources of ``rows``, least preferred first (the order lines are drawn in)."""
    return [s for s in reversed(by_preference(rows[schema.SOURCE])) if not is_quoted(s)]


def _table(
    marks: pd.DataFrame, reporter: str, partner: str, quoted_perspective: str | None
) -> pd.DataFrame:
    line = marks["kind"] == "line"
    return pd.DataFrame(
        {
            "year": marks["year"].astype(int),
            "flow": marks[schema.FLOW].where(line, marks[schema.FLOW] + f" ({partner} side)"),
            "value": [format_money(v, style="chart") for v in marks[schema.VALUE_USD]],
            "value_usd": marks[schema.VALUE_USD],
            "perspective": [reporter if is_line else quoted_perspective for is_line in line],
            "source": [
                source_label(source) if is_line else f"quoted: {record}"
                for source, record, is_line in zip(
                    marks[schema.SOURCE], marks[schema.RECORD_ID], line, strict=True
                )
            ],
            "vintage": marks[schema.VINTAGE],
            "figure_id": marks[schema.FIGURE_ID],
        }
    )


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw the lines and quoted diamonds of :func:`data`, each flow labelled at its end."""
    reporter, partner = data.context["reporter"], data.context["partner"]
    marks = data.marks
    lines = marks[marks["kind"] == "line"]
    sources = []
    for (source, flow), series in lines.groupby([schema.SOURCE, schema.FLOW], sort=False):
        summed = bool((series[TURNOVER_BASIS] == TURNOVER_SUMMED).any())
        (line,) = ax.plot(
            series["year"],
            series[schema.VALUE_USD] / BILLION,
            color=style.FLOW_COLOURS[flow],
            marker="o",
            label=f"{flow.capitalize()}{' (X + M)' if summed else ''} — {source_label(source)}",
            **style.source_line(source),
        )
        if source not in sources:
            sources.append(source)
        for row in series[series["flagged"]].itertuples(index=False):
            ax.plot(
                [row.year],
                [getattr(row, schema.VALUE_USD) / BILLION],
                marker="o",
                linestyle="none",
                markersize=5,
                color=style.FLOW_COLOURS[flow],
                markerfacecolor="white",
            )
        texts = [
            f"{country_name(reporter)} {flow} {row['year']} ({source_label(source)}, "
            f"vintage {row[schema.VINTAGE]}): " + format_money(row[schema.VALUE_USD], style="chart")
            for row in series.to_dict("records")
        ]
        base.hover_points(ax, line, texts)
    quoted = marks[marks["kind"] == "quoted"]
    quoted_label = ""
    if len(quoted):
        quoted_label = (
            f"{possessive(country_name(data.context['quoted_perspective']))} customs, as quoted"
        )
    for index, row in enumerate(quoted.to_dict("records")):
        (marker,) = ax.plot(
            [row["year"]],
            [row[schema.VALUE_USD] / BILLION],
            marker="D",
            linestyle="none",
            markersize=5.5,
            markerfacecolor="white",
            markeredgewidth=1.4,
            color=style.FLOW_COLOURS[row["drawn_flow"]],
            label=None if index else quoted_label,
        )
        flow = row[schema.FLOW]
        preposition = "with" if flow == TURNOVER else ("to" if flow == EXPORTS else "from")
        base.hover(
            ax,
            marker,
            f"{possessive(country_name(partner))} {flow} {preposition} {country_name(reporter)} "
            f"{row['year']}, as quoted ({row[schema.RECORD_ID]}, {row[schema.SOURCE_ORG]}): "
            f"{format_money(row[schema.VALUE_USD], style='chart')}",
        )
    ax.set_ylabel("US$ bn, current prices")
    ax.yaxis.set_major_formatter(style.usd_formatter(BILLION))
    ax.set_ylim(0, ax.get_ylim()[1] * HEADROOM)
    # the axis spans the years drawn, not the years asked for
    ax.set_xlim(int(marks["year"].min()) - 0.5, int(marks["year"].max()) + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    style.end_labels(ax, _end_labels(lines))
    if len(sources) > 1 or quoted_label:
        _legend(ax, sources if len(sources) > 1 else [], quoted_label)


def _end_labels(lines: pd.DataFrame) -> list[tuple[float, float, str, str]]:
    """Return one label per flow, at the end of its line that reaches the latest year.

    Between lines ending in the same year, the most preferred source's line is labelled. The
    label gives the flow and its last value ("Exports $13.1 bn"); turnover summed from exports
    and imports says so.
    """
    labels = []
    for flow, rows in lines.groupby(schema.FLOW, sort=False):
        preferred = by_preference(rows[schema.SOURCE])
        preference = {source: rank for rank, source in enumerate(preferred)}
        ends = rows.sort_values("year").groupby(schema.SOURCE).tail(1)
        end = min(
            ends.to_dict("records"),
            key=lambda row: (-row["year"], preference[row[schema.SOURCE]]),
        )
        summed = end[TURNOVER_BASIS] == TURNOVER_SUMMED
        labels.append(
            (
                end["year"],
                end[schema.VALUE_USD] / BILLION,
                f"{flow.capitalize()}{' (X + M)' if summed else ''} "
                + format_money(end[schema.VALUE_USD], style="chart"),
                style.FLOW_COLOURS[flow],
            )
        )
    return labels


def _legend(ax, sources: list[str], quoted_label: str) -> None:
    """Draw a legend of line styles only (sources) and of the quoted figures' marker.

    The flows are labelled at the ends of their lines; with one source and no quoted figures
    no legend is drawn.
    """
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            color=style.MUTED,
            linestyle=style.source_line(source)["linestyle"],
            linewidth=1.6,
            label=source_label(source),
        )
        for source in sources
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
