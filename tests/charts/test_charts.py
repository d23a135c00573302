"""What the charts draw, on the figures built from the repository's data/raw."""

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from tradeviz import indicators, query, schema
from tradeviz.charts import (
    base,
    claims,
    composition,
    info,
    investment,
    mirror,
    monthly,
    partners,
    registry,
    shares,
    style,
    trade_lines,
)
from tradeviz.text import format_money, format_percent

BILLION = 1e9
NO_FLAGS = pd.DataFrame()


def latest_bns(figures, partner, flow):
    rows = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & (figures[schema.REPORTER] == "KAZ")
        & (figures[schema.PARTNER] == partner)
        & (figures[schema.FLOW] == flow)
        & (figures[schema.MEASURE] == "trade_value")
    ].copy()
    rows["year"] = rows[schema.PERIOD_START].dt.year
    rows = rows.sort_values(schema.VINTAGE).drop_duplicates("year", keep="last")
    return rows.set_index("year")[schema.VALUE_USD].sort_index()


def line_with_label(ax, label):
    return next(line for line in ax.get_lines() if line.get_label() == label)


def test_trade_over_time_draws_bns_and_wits_lines_and_quoted_china(figures, draw_chart):
    ax = draw_chart(trade_lines, figures, flags=NO_FLAGS)
    exports = line_with_label(ax, "Exports — BNS annual tables")
    expected = latest_bns(figures, "CHN", "exports")
    assert list(exports.get_xdata()) == list(expected.index)
    np.testing.assert_allclose(exports.get_ydata(), expected.to_numpy() / BILLION)
    wits = line_with_label(ax, "Exports — UN Comtrade via WITS")
    assert wits.get_xdata()[0] == 1995
    quoted = figures[
        (figures[schema.SOURCE] == "statements")
        & (figures[schema.REPORTER] == "CHN")
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.FREQ] == "A")
        & (figures[schema.PRODUCT_CODE] == "TOTAL")
        & (figures[schema.PERIOD_START].dt.year >= 1995)
    ]
    diamonds = [line for line in ax.get_lines() if line.get_marker() == "D"]
    assert len(diamonds) == len(quoted)
    assert sorted(d.get_ydata()[0] for d in diamonds) == pytest.approx(
        sorted(quoted[schema.VALUE_USD] / BILLION)
    )
    assert "BNS" in base.source_note(ax) and "gacc-2021-exports" in base.source_note(ax)


def test_partner_shares_draw_value_over_world_total(figures, draw_chart):
    ax = draw_chart(shares, figures, claims=pd.DataFrame())
    line = line_with_label(ax, "Exports — BNS annual tables")
    expected = latest_bns(figures, "CHN", "exports") / latest_bns(figures, "WLD", "exports") * 100
    np.testing.assert_allclose(line.get_ydata(), expected.to_numpy())


def _share_claim(document, claim_id, flow, value, qualifier, year=2020):
    return {
        "document": document,
        "claim_id": claim_id,
        "measure": "partner_share",
        "reporter": "KAZ",
        "partner": "CHN",
        "flow": flow,
        "period_start": pd.Timestamp(year, 1, 1),
        "period_end": pd.Timestamp(year, 12, 31),
        "stated_value": value,
        "qualifier": qualifier,
        "excerpt": f"{qualifier} {value}%",
    }


def claim_marks(ax):
    """The claims drawn: hollow diamonds, one per claim, as (year, stated value)."""
    return sorted(
        (float(line.get_xdata()[0]), float(line.get_ydata()[0]))
        for line in ax.get_lines()
        if line.get_marker() == "D"
    )


def test_partner_shares_draw_every_documents_claim_at_its_year_with_its_tolerance(
    figures, draw_chart
):
    claims_given = pd.DataFrame(
        [
            _share_claim("doc-a", "a-exports", "exports", "12", "about"),
            _share_claim("doc-b", "b-imports", "imports", "17", "about"),
            _share_claim("doc-b", "b-other-pair", "exports", "3", "about") | {"partner": "RUS"},
        ]
    )
    ax = draw_chart(shares, figures, claims=claims_given)
    assert claim_marks(ax) == [(2020.0, 12.0), (2020.0, 17.0)]
    marks = info.get(ax).table
    claimed = marks[marks["source"].str.startswith("claim in")]
    assert set(claimed["source"]) == {"claim in doc-a", "claim in doc-b"}
    # 'about 12' is ± one unit of the last printed digit: 11 % to 13 %
    assert "11.0 % to 13.0 %" in claimed.set_index("figure_id").loc["a-exports", "method"]
    exports_2020 = (
        latest_bns(figures, "CHN", "exports")[2020] / latest_bns(figures, "WLD", "exports")[2020]
    )
    expected = format_percent(100 * exports_2020, 1, style="chart")
    assert " ".join(base.chart_title(ax).split()) == (
        f"China took {expected} of Kazakhstan's exports in 2020, not 'about 12 %'"
    )


def test_partner_shares_draw_only_the_named_documents_claims(figures, draw_chart):
    claims_given = pd.DataFrame(
        [
            _share_claim("doc-a", "a-exports", "exports", "12", "about"),
            _share_claim("doc-b", "b-imports", "imports", "17", "about"),
        ]
    )
    ax = draw_chart(shares, figures, claims=claims_given, document="doc-b")
    assert claim_marks(ax) == [(2020.0, 17.0)]


def test_partner_shares_without_claims_state_the_latest_shares(figures, draw_chart):
    ax = draw_chart(shares, figures, claims=None)
    assert claim_marks(ax) == []
    exports, imports = (
        latest_bns(figures, "CHN", flow) / latest_bns(figures, "WLD", flow) * 100
        for flow in ("exports", "imports")
    )
    year = int(exports.index.max())
    assert " ".join(base.chart_title(ax).split()) == (
        f"China took {format_percent(exports[year], 1, style='chart')} of Kazakhstan's exports "
        f"and {format_percent(imports[year], 1, style='chart')} of its imports in {year}"
    )
    assert " ".join(base.image_note(ax).split()) == (
        "Source: Kazakhstan's Bureau of National Statistics; UN Comtrade via WITS"
    )


def test_top_partners_bars_equal_the_ranked_values(figures, draw_chart):
    ax = draw_chart(partners, figures, year=2020, flow="imports", top_n=5, highlight="CHN")
    ranked = indicators.partner_rank(figures, "KAZ", 2020, "imports").table
    bars = ax.patches
    assert len(bars) == 5
    np.testing.assert_allclose([b.get_width() for b in bars], ranked["value_usd"].head(5) / BILLION)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("1. ")
    china = labels.index(next(label for label in labels if label.endswith("China")))
    assert to_hex(bars[china].get_facecolor()) == style.HIGHLIGHT.lower()


def test_top_partners_adds_the_highlighted_partner_outside_the_top(figures, draw_chart):
    ax = draw_chart(partners, figures, year=2020, flow="exports", top_n=3, highlight="USA")
    ranked = indicators.partner_rank(figures, "KAZ", 2020, "exports", partner="USA")
    assert len(ax.patches) == 4
    assert ax.get_yticklabels()[-1].get_text() == f"{int(ranked.value)}. United States"


def test_composition_one_year_bars_are_the_product_shares(figures, draw_chart):
    ax = draw_chart(composition, figures, year=2019, top_n=5, flags=NO_FLAGS)
    shares = indicators.product_shares(figures, "KAZ", "CHN", 2019, "exports").table
    widths = [b.get_width() for b in ax.patches]
    assert len(widths) == 6  # five products and "other products"
    np.testing.assert_allclose(widths[:5], shares["share_pct"].head(5))
    assert sum(widths) == pytest.approx(100)


def test_composition_over_years_stacks_to_100_and_hatches_flagged_years(figures, draw_chart):
    flags = pd.DataFrame(
        [
            {
                "flag": "incomplete_vintage",
                "source": "wits",
                "reporter": "KAZ",
                "partner": "CHN",
                "flow": "exports",
                "classification": "HS4",
                "period_start": pd.Timestamp("2021-01-01"),
            }
        ]
    )
    ax = draw_chart(composition, figures, year=None, top_n=4, flags=flags)
    totals = {}
    for bar in ax.patches:
        year = round(bar.get_x() + bar.get_width() / 2)
        totals[year] = totals.get(year, 0) + bar.get_height()
    assert totals and all(total == pytest.approx(100) for total in totals.values())
    hatched = {round(b.get_x() + b.get_width() / 2) for b in ax.patches if b.get_hatch()}
    assert hatched == {2021}
    assert info.get(ax).flagged == ["UN Comtrade via WITS, HS4 lines 2021"]
    assert "incomplete_vintage" in base.source_note(ax)


def test_mirror_gap_draws_both_sides(figures, draw_chart):
    ax = draw_chart(mirror, figures)
    table = info.get(ax).table
    row = table[(table["year"] == 2021) & (table["goods"] == "China → Kazakhstan")].iloc[0]
    assert row["CHN figure"] == format_money(13.98e9, style="chart")
    assert "41" in row["% of exporter's figure"]
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(dots) == 2 * len(table)


def test_investment_draws_dated_statements_and_lists_the_rest(figures, draw_chart):
    ax = draw_chart(investment, figures)
    table = info.get(ax).table
    undated = table[table["drawn"].str.startswith("no")]
    assert set(undated["statement"]) >= {"fdi-cum-12y-saltybayev-2021"}
    assert "fdi-cum-12y-saltybayev-2021" in base.source_note(ax)
    assert len(info.get(ax).hovers) == (table["drawn"] == "yes").sum()


def test_monthly_ytd_draws_24_months_and_the_growth(figures, draw_chart):
    ax = draw_chart(monthly, figures, year=2021, months=4)
    bars = [patch for patch in ax.patches if patch.get_gid()]  # the bars carry hover ids
    assert len(bars) == 24  # twelve months of two years
    stated = figures[
        (figures[schema.SOURCE] == "bns_monthly")
        & (figures[schema.FLOW] == "turnover")
        & figures[schema.PERIOD_START].dt.year.isin([2020, 2021])
    ]
    stated = stated.sort_values(schema.PERIOD_START)
    np.testing.assert_allclose(
        [bar.get_height() for bar in bars], stated[schema.VALUE_USD] / BILLION
    )
    growth = indicators.ytd_growth(figures, "KAZ", "WLD", 2021, 4, "turnover")
    assert any(
        format_percent(growth.value, signed=True, style="chart") in t.get_text() for t in ax.texts
    )


def test_monthly_ytd_draws_the_pairs_own_months_from_the_partners_record(figures, draw_chart):
    # Kazakhstan states no monthly trade with Russia; Russia's customs do (its imports from
    # Kazakhstan are Kazakhstan's exports to Russia)
    ax = draw_chart(monthly, figures, partner="RUS", flow="exports", year=2021, months=4)
    bars = [patch for patch in ax.patches if patch.get_gid()]
    russian = (
        figures[
            (figures[schema.SOURCE] == "rus_fts")
            & (figures[schema.REPORTER] == "RUS")
            & (figures[schema.PARTNER] == "KAZ")
            & (figures[schema.FLOW] == "imports")
            & (figures[schema.FREQ] == "M")
            & figures[schema.PERIOD_START].dt.year.isin([2020, 2021])
        ]
        .sort_values([schema.VINTAGE])
        .drop_duplicates(schema.PERIOD_START, keep="last")
    )
    russian = russian.sort_values(schema.PERIOD_START)
    np.testing.assert_allclose(
        [bar.get_height() for bar in bars], russian[schema.VALUE_USD] / BILLION
    )
    jan_apr = russian[russian[schema.PERIOD_START].dt.month <= 4]
    by_year = jan_apr.groupby(jan_apr[schema.PERIOD_START].dt.year)[schema.VALUE_USD].sum()
    growth = 100 * (by_year[2021] / by_year[2020] - 1)
    verb = "rose" if growth >= 0 else "fell"
    assert " ".join(base.chart_title(ax).split()) == (
        f"Russia's imports from Kazakhstan {verb} "
        f"{format_percent(abs(growth), 1, style='chart')} in Jan–Apr 2021 from a year earlier"
    )


def test_monthly_ytd_says_plainly_when_only_world_totals_exist(figures, draw_chart):
    ax = draw_chart(monthly, figures, partner="CHN", year=2021, months=4)
    title = " ".join(base.chart_title(ax).split())
    assert title.startswith(
        "No month-by-month figures for Kazakhstan's trade with China: Kazakhstan's totals with "
        "all partners shown."
    )
    assert info.get(ax).table["figure_id"].str.contains("KAZ-WLD").all()


def test_claims_chart_without_verdicts_says_run_tradeviz_check(figures, draw_chart):
    ax = draw_chart(claims, figures)
    assert "run `tradeviz check`" in base.source_note(ax)
    assert any("run `tradeviz check`" in t.get_text() for t in ax.texts)


def _dots(ax, row: int, *, hollow: bool) -> list[float]:
    """Return the x positions of the stated (hollow) or official (filled) dots of a row."""
    return [
        float(line.get_xdata()[0])
        for line in ax.get_lines()
        if len(line.get_xdata()) == 1
        and line.get_ydata()[0] == row
        and (to_hex(line.get_markerfacecolor()) == "#ffffff") == hollow
    ]


def test_claims_chart_draws_stated_against_official_in_each_claims_unit(figures, draw_chart):
    verdicts = pd.DataFrame(
        [
            {
                "document": "d",
                "claim_id": "share",
                "stated_quantity": 12.0,
                "unit": "percent",
                "verdict": "inconsistent",
                "detail": "beyond_tolerance",
                "tolerance_low": 11.0,
                "tolerance_high": 13.0,
                "references": json.dumps(
                    [{"value": 19.81579, "perspective": "KAZ", "source": "bns_annual"}]
                ),
            },
            {
                "document": "d",
                "claim_id": "turnover",
                "stated_quantity": 5e9,
                "unit": "USD",
                "verdict": "consistent",
                "detail": "within_tolerance",
                "tolerance_low": 4.5e9,
                "tolerance_high": 5.5e9,
                "references": json.dumps(
                    [{"value": 5.2e9, "perspective": "KAZ", "source": "bns_annual"}]
                ),
            },
            {
                "document": "d",
                "claim_id": "ytd",
                "stated_quantity": 5e9,
                "unit": "USD",
                "verdict": "unverifiable",
                "detail": "origin_only",
                "tolerance_low": 5e9,
                "tolerance_high": float("nan"),
                "references": "[]",
            },
        ]
    )
    ax = draw_chart(claims, figures, document="d", verdicts=verdicts)
    # the share on a 0–25 % scale (the first round number above 19.8 % with room),
    # the money claim on a $0–10 bn scale (above $5.2 bn with room)
    assert [x * 25 for x in _dots(ax, 0, hollow=True)] == [pytest.approx(12.0)]
    assert [x * 25 for x in _dots(ax, 0, hollow=False)] == [pytest.approx(19.81579)]
    assert [x * 10 for x in _dots(ax, 1, hollow=True)] == [pytest.approx(5.0)]
    assert [x * 10 for x in _dots(ax, 1, hollow=False)] == [pytest.approx(5.2)]
    band = ax.patches[0]
    assert band.get_x() * 25 == pytest.approx(11.0)
    assert band.get_width() * 25 == pytest.approx(2.0)
    texts = {t.get_text() for t in ax.texts}
    assert {"stated 12 %", "official 19.8 %", "25 %", "stated $5 bn", "official $5.2 bn"} <= texts
    assert "$10 bn" in texts
    official = next(
        line
        for line in ax.get_lines()
        if line.get_marker() == "o" and to_hex(line.get_markerfacecolor()) != "#ffffff"
    )
    assert to_hex(official.get_color()) == style.VERDICT_COLOURS["inconsistent"].lower()
    # only the checked claims are rows; the unverifiable one is listed with its reason
    assert [t.get_text() for t in ax.get_yticklabels()] == ["share", "turnover"]
    assert "Could not be checked (1), with the reason: ytd (origin only)." in base.source_note(ax)
    table = info.get(ax).table
    assert list(table["claim_id"]) == ["share", "turnover", "ytd"]
    assert list(table["unit"]) == ["percent", "USD", "USD"]
    assert list(table["stated"]) == [12.0, 5e9, 5e9]
    assert list(table["official"][:2]) == [19.81579, 5.2e9] and np.isnan(table["official"][2])
    assert list(table["tolerance_low"]) == [11.0, 4.5e9, 5e9]


def test_claims_chart_draws_ranks_as_ranks_with_readable_labels(figures, draw_chart):
    verdicts = pd.DataFrame(
        [
            {
                "document": "d",
                "claim_id": "china-rank-exports-2020",
                "measure": "partner_rank",
                "stated_quantity": 2.0,
                "unit": "rank",
                "verdict": "inconsistent",
                "detail": "beyond_tolerance",
                "tolerance_low": 1.5,
                "tolerance_high": 2.5,
                "references": json.dumps(
                    [
                        {"value": 1.0, "perspective": "KAZ", "source": "bns_annual"},
                        {"value": 1.0, "perspective": "KAZ", "source": "eri"},
                    ]
                ),
            }
        ]
    )
    claims_given = pd.DataFrame(
        [{"claim_id": "china-rank-exports-2020", "subject": "China's rank among export markets"}]
    )
    ax = draw_chart(claims, figures, document="d", verdicts=verdicts, claims=claims_given)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["China's rank among export markets"]
    # a scale of places from 1st to 3rd: 2nd half way, 1st at its start
    assert _dots(ax, 0, hollow=True) == [pytest.approx(0.5)]
    assert _dots(ax, 0, hollow=False) == [pytest.approx(0.0)] * 2
    texts = {t.get_text() for t in ax.texts}
    assert {"stated 2nd", "official 1st", "1st", "3rd"} <= texts
    assert not ax.patches  # a rank's tolerance is no band


def test_claims_chart_writes_dates_out(figures, draw_chart):
    verdicts = pd.DataFrame(
        [
            {
                "document": "d",
                "claim_id": "relations",
                "stated_value": "1992",
                "stated_quantity": float("nan"),
                "unit": "date",
                "verdict": "consistent",
                "detail": "within_tolerance",
                "references": json.dumps(
                    [{"value": None, "value_text": "1992-01-03", "perspective": "CHN"}]
                ),
            }
        ]
    )
    ax = draw_chart(claims, figures, document="d", verdicts=verdicts)
    assert "stated 1992; official 1992-01-03 (China's figure)" in {t.get_text() for t in ax.texts}


#: The charts whose shipped files the fast subset reads: a bar chart with hovers and the claims
#: chart. Drawing and saving each of the other seven costs 0.5-1 s, so their parametrisations
#: run in ``make test``; their fast twins are the per-chart tests above (each draws its chart and
#: checks its table and note) and tests/adversarial/test_hostile_pages.py, which exports every
#: registered chart's page and parses it for scripts, links and a cut title.
FAST_SHIPPED_CHARTS = ("top_partners", "claims")
SHIPPED_CHARTS = [
    name if name in FAST_SHIPPED_CHARTS else pytest.param(name, marks=pytest.mark.slow)
    for name in registry.CHARTS
]


@pytest.mark.parametrize("name", SHIPPED_CHARTS)
def test_every_chart_has_a_source_note_and_data(name, shipped_chart):
    ax = shipped_chart(name).figure.axes[0]
    note = base.source_note(ax)
    assert note and ("Source:" in note or "Quoted figures" in note or "Verdicts" in note)
    chart_info = info.get(ax)
    assert chart_info is not None and chart_info.name == name
    assert not chart_info.table.empty
    assert chart_info.title


@pytest.mark.parametrize("name", SHIPPED_CHARTS)
def test_every_chart_exports_a_self_contained_escaped_page(name, shipped_chart):
    import re

    shipped = shipped_chart(name)
    page = shipped.written["html"].read_text(encoding="utf-8")
    chart_info = info.get(shipped.figure.axes[0])
    allowed = {url for _, url in chart_info.links}
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) <= allowed
    assert "<script" not in page.lower() and " src=" not in page
    assert page.count("<title>") == 1 + chart_info.hover_count()


def test_registry_refuses_unknown_names_and_options(figures):
    from tradeviz.errors import InputError

    with pytest.raises(InputError, match="unknown chart"):
        registry.get_chart("pie")
    with pytest.raises(InputError, match="takes no option 'year'"):
        registry.render_chart("claims", figures, year=2020)


def test_no_data_is_a_clear_error(figures):
    with pytest.raises(query.SelectionError, match="1990"):
        registry.render_chart("top_partners", figures, year=1990)
    with pytest.raises(query.SelectionError, match="partner"):
        registry.render_chart("monthly_ytd", figures, reporter="UZB", partner="CHN")


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("trade_over_time", {"partner": "ATA"}),
        ("partner_shares", {"partner": "ATA"}),
        ("mirror_gap", {"partner": "RUS"}),
        ("composition", {"partner": "RUS"}),
        ("investment", {"investor": "ATA"}),
    ],
)
def test_charts_without_data_raise_no_figure_error(figures, name, options):
    with pytest.raises(query.NoFigureError):
        registry.render_chart(name, figures, inputs={}, **options)


def test_source_note_names_producer_file_vintage_and_access_date(figures, project_root, draw_chart):
    import yaml

    ax = draw_chart(partners, figures, year=2020, flow="exports")
    note = " ".join(base.source_note(ax).split())  # undo the wrapping
    drawn = figures[figures[schema.FIGURE_ID].isin(info.get(ax).table["figure_id"])]
    for source_file, vintage in set(
        zip(drawn[schema.SOURCE_FILE], drawn[schema.VINTAGE], strict=True)
    ):
        sidecar = project_root / f"{source_file}.meta.yaml"
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        assert " ".join(str(meta["producer"]).split()) in note
        assert f"{source_file.rsplit('/', 1)[-1]} (vintage {vintage})" in note
        assert f"accessed {meta['date_accessed']}" in note


def test_investment_draws_net_fdi_in_euros_in_its_own_panel(figures, draw_chart):
    ax = draw_chart(investment, figures)
    panels = ax.figure.axes
    assert len(panels) == 2  # dollars as quoted, euros as compiled: never one axis
    euros = next(panel for panel in panels if panel is not ax)
    assert "EUR" in euros.get_ylabel() and "US$" in ax.get_ylabel()
    net = figures[
        (figures[schema.SOURCE] == "wiiw")
        & (figures[schema.PARTNER] == "CHN")
        & (figures[schema.MEASURE] == "fdi_net_inflow")
        & figures[schema.PERIOD_START].dt.year.between(2005, 2025)
    ].sort_values(schema.PERIOD_START)
    heights = [bar.get_height() for bar in euros.patches]
    np.testing.assert_allclose(heights, net[schema.VALUE] * net[schema.SCALE] / 1e6)
    assert "not the gross inflows officials quote" in " ".join(base.source_note(ax).split())


def test_trade_over_time_labels_each_flow_at_its_line_end_without_overlap(figures, draw_chart):
    ax = draw_chart(trade_lines, figures, flags=NO_FLAGS)
    lines = info.get(ax).table
    lines = lines[~lines["source"].str.startswith("quoted")]
    texts = {t.get_text(): t for t in ax.texts}
    labels = []
    for flow in ("exports", "imports", "turnover"):
        rows = lines[lines["flow"] == flow]
        last = rows[rows["year"] == rows["year"].max()]
        assert len(last) == 1  # one table reaches the latest year in these data
        value = format_money(float(last["value_usd"].iloc[0]), style="chart")
        label = next(
            t for text, t in texts.items() if text.startswith(flow.capitalize()) and value in text
        )
        labels.append(label)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    boxes = [label.get_window_extent(renderer) for label in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    legend = ax.get_legend()
    assert legend is not None  # several tables: a legend of line styles only
    assert not {"Exports", "Imports", "Turnover"} & {t.get_text() for t in legend.get_texts()}


def test_end_labels_are_nudged_apart():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from tradeviz.charts.style import end_labels, new_figure

    figure, ax = new_figure()
    FigureCanvasAgg(figure)
    ax.plot([0, 1], [0, 10])
    ax.set_ylim(0, 100)
    end_labels(ax, [(1, 10.0, "Exports", "C0"), (1, 10.2, "Imports", "C1")])
    renderer = figure.canvas.get_renderer()
    first, second = (text.get_window_extent(renderer) for text in ax.texts)
    assert not first.overlaps(second)
