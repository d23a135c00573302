"""Publication-quality charts of the tidy figures (matplotlib), and their export.

- one module per chart, each a pair (:mod:`tradeviz.charts.base`): ``data(figures, *,
  options) -> ChartData`` selects through the query layer and returns the tidy data it will
  draw, with figure ids and provenance; ``draw(ax, data) -> Axes`` draws it with its source
  note, selecting nothing and reading no file;
- :mod:`tradeviz.charts.style` — the house style (fonts, colours, sizes);
- :mod:`tradeviz.charts.export` — PNG (≥ 200 dpi), SVG and one self-contained HTML page;
- :mod:`tradeviz.charts.registry` — the named charts behind ``tradeviz chart``, whose options
  are read from the ``data`` functions' signatures.

Import the submodules you need; ``import tradeviz.charts`` alone loads no chart module.
"""

from tradeviz.charts.registry import CHARTS, export_chart, get_chart, list_charts, render_chart

__all__ = ["CHARTS", "export_chart", "get_chart", "list_charts", "render_chart"]
