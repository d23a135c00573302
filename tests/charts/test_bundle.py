"""A chart bundle as data publishers ship it: PNG, SVG with real text, page, and the data."""

import io
import re
import warnings
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from tradeviz import schema
from tradeviz.charts import export, info, notes, registry, style

from .test_charts import SHIPPED_CHARTS, latest_bns

SVG = "{http://www.w3.org/2000/svg}"
#: The smallest text a reader should get where the chart is embedded (CSS px).
MIN_TEXT_PX = 11.0
#: Chinese and Kazakh text as the data carry it (an outlet name, a Cyrillic word).
CJK_AND_CYRILLIC = "新能源网 · Қазақстан · Экспорт"


@pytest.fixture(scope="module")
def bundle(figures, tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    claims_given = pd.DataFrame(
        [
            {
                "document": "doc-a",
                "claim_id": "a-exports",
                "measure": "partner_share",
                "reporter": "KAZ",
                "partner": "CHN",
                "flow": "exports",
                "period_start": pd.Timestamp(2020, 1, 1),
                "period_end": pd.Timestamp(2020, 12, 31),
                "stated_value": "12",
                "qualifier": "about",
                "excerpt": "about 12%",
            }
        ]
    )
    figure = registry.render_chart("partner_shares", figures, inputs={"claims": claims_given})
    written = export.save_chart(figure, out, "partner_shares", formats=export.BUNDLE)
    return figure, written


def test_the_bundle_has_each_file(bundle):
    _, written = bundle
    assert set(written) == {"png", "svg", "html", "csv"}
    assert all(path.stat().st_size > 0 for path in written.values())


def test_the_csv_is_the_plotted_data_with_provenance(figures, bundle):
    figure, written = bundle
    data = pd.read_csv(written["csv"])
    ax = figure.axes[0]
    for line in ax.get_lines():
        label = line.get_label()
        if " — " not in label:
            continue
        flow, source = label.split(" — ")
        rows = data[(data["flow"] == flow.lower()) & (data["source"] == source)]
        assert list(rows["year"]) == [int(x) for x in line.get_xdata()]
        assert rows["share_pct"].tolist() == pytest.approx(list(line.get_ydata()))
    bns = data[data["source"] == "BNS annual tables"].set_index(["flow", "year"])
    expected = latest_bns(figures, "CHN", "exports") / latest_bns(figures, "WLD", "exports") * 100
    assert bns.loc["exports", "share_pct"].to_numpy() == pytest.approx(expected.to_numpy())
    drawn = data[data["figure_id"].str.contains(":")]
    assert drawn["licence"].notna().all() and (drawn["licence"].str.len() > 0).all()
    assert set(drawn["vintage"]) <= set(figures[schema.VINTAGE])
    assert drawn["source_file"].str.startswith("data/raw/").all()
    claim = data[data["figure_id"] == "a-exports"].iloc[0]
    assert (claim["year"], claim["share_pct"]) == (2020, 12.0)


def test_a_source_without_a_licence_says_so(figures):
    rows = figures[figures[schema.SOURCE] == "bns_annual"].head(1).copy()
    rows[schema.SOURCE_FILE] = "data/raw/nowhere/no_sidecar.csv"
    assert notes.provenance_table(rows)["licence"].tolist() == [notes.NO_LICENCE]


def test_the_svg_has_title_desc_and_real_text(bundle):
    figure, written = bundle
    root = ET.parse(written["svg"]).getroot()
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
    chart_info = info.for_figure(figure)[0]
    assert title.text == " ".join(chart_info.title.split())
    assert chart_info.source in desc.text and "share of" in desc.text
    assert root.get("role") == "img" and root.get("aria-labelledby")
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "China took" in words and "Source:" in words


def test_the_text_is_readable_at_the_display_width(bundle):
    figure, _ = bundle
    points_per_px = figure.get_figwidth() * 72 / style.DISPLAY_WIDTH_PX
    sizes = [
        t.get_fontsize()
        for t in figure.findobj(lambda a: hasattr(a, "get_fontsize"))
        if getattr(t, "get_text", lambda: "")()
    ]
    assert min(sizes) / points_per_px >= MIN_TEXT_PX


def test_the_font_stack_draws_chinese_and_cyrillic_without_missing_glyphs():
    assert set(style.font_stack()) & set(style.CJK_FONTS), style.NO_CJK_FONT_WARNING
    figure, ax = style.new_figure()
    with style.house_style(), warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        ax.set_title(CJK_AND_CYRILLIC)
        figure.savefig(io.BytesIO(), format="png")


# The fast twin of the seven slow parametrisations: the font stack test above draws Chinese and
# Cyrillic text in the house style, and the two fast charts are checked in full.
@pytest.mark.parametrize("name", SHIPPED_CHARTS)
def test_no_glyph_is_missing_in_a_shipped_chart(name, shipped_chart):
    shipped = shipped_chart(name)
    assert {"png", "svg"} <= set(shipped.written)
    missing = [w for w in shipped.warnings if re.search("Glyph .* missing", w)]
    assert missing == []
