"""Chart 9: how each source fares against its own stated totals and against the others.

One horizontal bar per (source, rule) of the integrity report of ``tradeviz check
--integrity``: the bar is split into the shares of checks that pass, warn or fail, and labelled
with the counts. Rules with thousands of checks (stated shares) and rules with a handful
(statements against tables) share one 0–100 % scale. The integrity table is read from
``data/processed/`` (or passed in); a chart without it says "run `tradeviz check`".
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.info import ChartInfo
from tradeviz.errors import TradevizError
from tradeviz.indicators import NoFigureError

ALL_SOURCES = "all"
STATUSES = ("pass", "warn", "fail")
STATUS_COLOURS = {"pass": "#009E73", "warn": "#E69F00", "fail": "#D55E00"}
PERCENT = 100.0
BAR_HEIGHT = 0.7
NO_INTEGRITY = "No integrity report yet: run `tradeviz check --integrity`."


def _load_integrity() -> pd.DataFrame:
    from tradeviz.checks import load_integrity

    try:
        return load_integrity()
    except TradevizError as error:
        raise NoFigureError(NO_INTEGRITY) from error


@base.chart("integrity")
def draw_integrity(
    ax,
    figures: pd.DataFrame,
    *,
    source: str = ALL_SOURCES,
    integrity: pd.DataFrame | None = None,
) -> ChartInfo:
    """Draw the integrity checks of one source (or all) as 100 % bars of pass/warn/fail.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table (for the source note: which files were checked).
    source : str, default "all"
        A source name (``"bns_annual"``, ``"bns_monthly"``, ``"wits"``, ``"statements"``) or
        ``"all"``.
    integrity : pandas.DataFrame, optional
        The integrity report (:func:`tradeviz.checks.run_integrity_checks`); read from
        ``data/processed/`` when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    NoFigureError
        When there is no integrity report, or none for ``source``.
    """
    report = _load_integrity() if integrity is None else integrity
    if source != ALL_SOURCES:
        report = report[report["source"] == source]
    if report.empty:
        raise NoFigureError(f"no integrity checks for source {source!r}")
    counts = (
        report.groupby(["source", "check"])["status"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    scope = "all sources" if source == ALL_SOURCES else source
    chart_info = ChartInfo(name="integrity", title=f"Checks against stated totals, {scope}")
    labels, table_rows = [], []
    for position, ((src, check), row) in enumerate(counts.iterrows()):
        total = int(row.sum())
        left = 0.0
        for status in STATUSES:
            count = int(row[status])
            if not count:
                continue
            width = PERCENT * count / total
            (bar,) = ax.barh(
                position,
                width,
                left=left,
                height=BAR_HEIGHT,
                color=STATUS_COLOURS[status],
            )
            chart_info.hover(bar, f"{src} · {check}: {count} of {total} checks {status}")
            left += width
        ax.annotate(
            " · ".join(f"{int(row[s])} {s}" for s in STATUSES if row[s]),
            xy=(PERCENT, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.TICK_FONT_SIZE,
            color=style.INK,
            annotation_clip=False,
        )
        labels.append(f"{src}: {check.replace('_', ' ')}")
        table_rows.append({"source": src, "check": check, **row.astype(int).to_dict()})
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, PERCENT)
    ax.xaxis.set_major_formatter(style.pct_formatter(0))
    # The counts beside each bar name the statuses, so no legend is needed.
    ax.set_xlabel("share of the rule's checks: pass (green), warn (amber), fail (red)")
    ax.grid(False)
    ax.tick_params(axis="y", length=0)
    checked = figures if source == ALL_SOURCES else figures[figures[schema.SOURCE] == source]
    extra = [
        "Each check compares a figure with a total the source states itself (countries vs "
        "«Всего», shares vs values, turnover vs exports + imports, months vs year, aggregates vs "
        "members), one vintage with the next, or one source with another; warn = a finding to "
        "read (e.g. a mirror gap), fail = arithmetic that does not hold. Checks by "
        "`tradeviz check --integrity`."
    ]
    chart_info.notes, chart_info.links = base.note_lines(checked, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = []
    return chart_info
