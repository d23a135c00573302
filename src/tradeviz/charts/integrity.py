"""Chart 9: how each source fares against its own stated totals and against the others.

One horizontal bar per (source, rule) of the integrity report of ``tradeviz check
--integrity``: the bar is split into the shares of checks that pass, warn or fail, and labelled
with the counts. Rules with thousands of checks (stated shares) and rules with a handful
(statements against tables) share one 0–100 % scale. The caller passes the integrity table
(:func:`tradeviz.checks.load_integrity`); without it the chart says "run `tradeviz check`".
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.query import NoFigureError, by_preference, where
from tradeviz.text import source_label, titles
from tradeviz.vocabulary import ALL_SOURCES, FAIL, PASS, PERCENT_SCALE, STATUSES, WARN

NAME = "integrity"
DESCRIPTION = (
    "Each source's checks against its own stated totals and the other sources: shares that "
    "pass, warn or fail"
)
STATUS_COLOURS = {PASS: "#009E73", WARN: "#E69F00", FAIL: "#D55E00"}
BAR_HEIGHT = 0.7
NO_INTEGRITY = "No integrity report yet: run `tradeviz check --integrity`."


def data(
    figures: pd.DataFrame,
    *,
    source: str = ALL_SOURCES,
    integrity: pd.DataFrame | None = None,
) -> ChartData:
    """Count the integrity checks of one source (or all) by rule and status.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (for the source note: which files were checked).
    source : str, default "all"
        A source name. One of the figures' sources (``"bns_annual"``, ``"wits"`` …), or
        ``"all"``.
    integrity : pandas.DataFrame, optional
        The integrity report (:func:`tradeviz.checks.run_integrity_checks`, or
        :func:`tradeviz.checks.load_integrity`).

    Returns
    -------
    ChartData
        ``marks`` (and ``table``): one row per source and rule with the count of each status.

    Raises
    ------
    NoFigureError
        When there is no integrity report, or none for ``source``.
    """
    if integrity is None:
        raise NoFigureError(NO_INTEGRITY)
    report = integrity if source == ALL_SOURCES else where(integrity, source=source)
    if report.empty:
        raise NoFigureError(f"no integrity checks for source {source!r}")
    counts = (
        report.groupby(["source", "check"])["status"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    table = pd.DataFrame(
        [
            {"source": src, "check": check, **row.astype(int).to_dict()}
            for (src, check), row in counts.iterrows()
        ]
    )
    checked = figures if source == ALL_SOURCES else where(figures, source=source)
    extra = [
        "Each check compares a figure with a total the source states itself (countries vs "
        "«Всего», shares vs values, turnover vs exports + imports, months vs year, aggregates vs "
        "members), one vintage with the next, or one source with another; warn = a finding to "
        "read (e.g. a mirror gap), fail = arithmetic that does not hold. Checks by "
        "`tradeviz check --integrity`."
    ]
    notes, links = base.note_lines(checked, extra=extra)
    scope = "all sources" if source == ALL_SOURCES else source
    return ChartData(
        name=NAME,
        title=f"Checks against stated totals, {scope}",
        subtitle="Each source's figures checked against the totals it states itself: "
        "number of checks passed, warned and failed",
        source=titles.source_line(by_preference(checked[schema.SOURCE].unique())),
        marks=table,
        table=table.assign(
            source=table["source"].map(source_label),
            check=table["check"].str.replace("_", " "),
        ),
        notes=notes,
        links=links,
        figure_ids=[],
    )


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw one 100 % bar per source and rule of :func:`data`, split by status."""
    labels = []
    for position, row in enumerate(data.marks.to_dict("records")):
        total = sum(int(row[status]) for status in STATUSES)
        left = 0.0
        for status in STATUSES:
            count = int(row[status])
            if not count:
                continue
            width = PERCENT_SCALE * count / total
            (bar,) = ax.barh(
                position, width, left=left, height=BAR_HEIGHT, color=STATUS_COLOURS[status]
            )
            base.hover(
                ax, bar, f"{row['source']} · {row['check']}: {count} of {total} checks {status}"
            )
            left += width
        ax.annotate(
            " · ".join(f"{int(row[s])} {s}" for s in STATUSES if row[s]),
            xy=(PERCENT_SCALE, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.TICK_FONT_SIZE,
            color=style.INK,
            annotation_clip=False,
        )
        labels.append(f"{row['source']}: {row['check'].replace('_', ' ')}")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, PERCENT_SCALE)
    ax.xaxis.set_major_formatter(style.pct_formatter(0))
    # The counts beside each bar name the statuses, so no legend is needed.
    ax.set_xlabel("share of the rule's checks: pass (green), warn (amber), fail (red)")
    ax.grid(False)
    ax.tick_params(axis="y", length=0)
