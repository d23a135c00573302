"""Chart 9: the integrity report as 100 % bars of pass / warn / fail per source and rule."""

import pytest

from tradeviz.charts import base, info, integrity
from tradeviz.charts.integrity import NO_INTEGRITY, STATUS_COLOURS
from tradeviz.query import NoFigureError
from tradeviz.text import source_label


def _bars_by_row(ax):
    rows = {}
    for patch in ax.patches:
        rows.setdefault(round(patch.get_y() + patch.get_height() / 2), []).append(patch)
    return rows


def test_each_rule_is_one_bar_whose_parts_are_the_status_shares(
    figures, integrity_report, draw_chart
):
    ax = draw_chart(integrity, figures, integrity=integrity_report)
    counts = integrity_report.groupby(["source", "check"])["status"].value_counts()
    rules = integrity_report.groupby(["source", "check"]).size()
    assert len(ax.get_yticklabels()) == len(rules)
    table = info.get(ax).table
    for (source, check), total in rules.items():
        # the readers' table names sources and checks in words
        row = table[
            (table.source == source_label(source)) & (table.check == check.replace("_", " "))
        ].iloc[0]
        assert row["pass"] + row["warn"] + row["fail"] == total
        for status in ("pass", "warn", "fail"):
            assert row[status] == counts.get((source, check, status), 0)
    for parts in _bars_by_row(ax).values():
        assert sum(p.get_width() for p in parts) == pytest.approx(100.0)
    assert "tradeviz check --integrity" in base.source_note(ax)


def test_one_source_only_and_warn_colour_for_the_wits_shortfall(
    figures, integrity_report, draw_chart
):
    ax = draw_chart(integrity, figures, source="wits", integrity=integrity_report)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels and all(label.startswith("wits:") for label in labels)
    wits = integrity_report[integrity_report.source == "wits"]
    warned = (wits.status == "warn").sum()
    assert warned > 0  # the 2020-2022 HS-4 sums fall short of the BNS totals
    amber = [p for p in ax.patches if p.get_facecolor()[:3] == _rgb(STATUS_COLOURS["warn"])]
    assert len(amber) == wits[wits.status == "warn"].check.nunique()
    assert "WITS" in base.source_note(ax)


def test_without_a_stored_report_it_says_run_tradeviz_check(figures, tmp_path):
    from tradeviz.checks import load_integrity

    stored = load_integrity(tmp_path, missing_ok=True)  # tradeviz check has not run there
    assert stored is None
    with pytest.raises(NoFigureError, match="run `tradeviz check --integrity`"):
        integrity.data(figures, integrity=stored)
    assert "tradeviz check" in NO_INTEGRITY


def test_unknown_source_is_no_figure(figures, integrity_report):
    with pytest.raises(NoFigureError, match="nope"):
        integrity.data(figures, source="nope", integrity=integrity_report)


def _rgb(hex_colour):
    from matplotlib.colors import to_rgb

    return to_rgb(hex_colour)
