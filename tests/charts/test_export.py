import re

import pandas as pd
import pytest
from PIL import Image

from tradeviz import schema
from tradeviz.charts import export, info, partners, trade_lines
from tradeviz.charts.style import new_figure
from tradeviz.errors import InputError

HOSTILE = "<script>alert(1)</script>"
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture()
def hostile_figures(small_figures):
    """Italy's rows renamed to a partner code that is an HTML injection attempt."""
    figures = small_figures.copy()
    figures.loc[figures[schema.PARTNER] == "ITA", schema.PARTNER] = HOSTILE
    figures[schema.SOURCE_URL] = figures[schema.SOURCE_URL].where(
        figures[schema.PARTNER] != HOSTILE, "javascript:alert(1)"
    )
    return figures


def _chart(figures):
    figure, ax = new_figure()
    partners.draw(ax, partners.data(figures, reporter="KAZ", year=2020, flow="exports", top_n=3))
    return figure, ax


def test_writes_png_svg_html_atomically(small_figures, tmp_path):
    figure, _ = _chart(small_figures)
    written = export.save_chart(figure, tmp_path, "top")
    assert set(written) == {"png", "svg", "html"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["top.html", "top.png", "top.svg"]
    with Image.open(written["png"]) as png:
        assert round(png.info["dpi"][0]) >= 200
    assert written["svg"].read_text().startswith("<?xml")


def test_html_is_self_contained_with_table_notes_and_hover(small_figures, tmp_path):
    figure, ax = _chart(small_figures)
    page = export.save_chart(figure, tmp_path, "top", formats=("html",))["html"].read_text()
    chart_info = info.get(ax)
    allowed = {url for _, url in chart_info.links}
    assert allowed  # the sources' own links are listed
    assert set(URL.findall(page)) <= allowed
    assert "<script" not in page.lower()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<table>" in page and "<svg" in page
    assert page.count("<title>") == 1 + chart_info.hover_count()  # page title + one per mark
    assert "Source:" in page
    # the bars' values are in the table and on hover
    assert "$9.4 bn" in page


def test_hostile_text_is_escaped_everywhere(hostile_figures, tmp_path):
    figure, ax = _chart(hostile_figures)
    assert HOSTILE in set(info.get(ax).table["partner"])
    written = export.save_chart(figure, tmp_path, "top", formats=("svg", "html"))
    page = written["html"].read_text()
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page  # only http(s) links are written
    assert HOSTILE not in written["svg"].read_text()


def test_bad_names_formats_and_dpi_write_nothing(small_figures, tmp_path):
    figure, _ = _chart(small_figures)
    with pytest.raises(InputError, match="unsafe chart file name"):
        export.save_chart(figure, tmp_path, "../evil")
    with pytest.raises(InputError, match="unknown chart format"):
        export.save_chart(figure, tmp_path, "ok", formats=("pdf",))
    with pytest.raises(InputError, match="at least 200"):
        export.save_chart(figure, tmp_path, "ok", dpi=72)
    assert list(tmp_path.iterdir()) == []


def test_export_figure_takes_a_path_without_suffix(small_figures, tmp_path):
    figure, _ = _chart(small_figures)
    written = export.export_figure(
        figure, tmp_path / "figures" / "top", formats=("png",), title="Top partners", alt="bars"
    )
    assert written == {"png": tmp_path / "figures" / "top.png"}


def test_inline_svg_has_no_namespace_urls():
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns:xlink='
        '"http://www.w3.org/1999/xlink" width="10pt" height="5pt" viewBox="0 0 10 5" '
        'xmlns="http://www.w3.org/2000/svg"><metadata><rdf:RDF xmlns:dc='
        '"http://purl.org/dc/elements/1.1/"/></metadata><g id="tv-hover-1"><path/></g></svg>'
    )
    inline = export.inline_svg(export.add_hover_titles(svg, {"tv-hover-1": "a < b"}), label="x")
    assert "http" not in inline
    assert inline.startswith('<svg role="img" aria-label="x"')
    assert "<title>a &lt; b</title>" in inline
    assert 'viewBox="0 0 10 5"' in inline and 'width="10pt"' not in inline


def test_point_hovers_title_each_marker_of_a_line(small_figures, tmp_path):
    figure, ax = new_figure()
    trade_lines.draw(ax, trade_lines.data(small_figures, flags=pd.DataFrame()))
    chart_info = info.get(ax)
    svg = export.render_svg(figure)
    for gid, texts in chart_info.point_hovers.items():
        group = svg[svg.index(f'<g id="{gid}">') :]
        for text in texts:
            assert f"<title>{text.replace(chr(39), '&#x27;')}</title></use>" in group
    assert svg.count("<title>") == chart_info.hover_count()


def test_table_html_escapes_and_formats():
    table = pd.DataFrame({"name": ["<b>x</b>"], "value": [1234567.0], "value_usd": [1.0]})
    html = export.table_html(table)
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "1,234,567" in html
    assert "value usd" not in html  # hidden column
