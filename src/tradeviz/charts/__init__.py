"""Publication-quality charts of the tidy figures (matplotlib), and their export.

- :mod:`tradeviz.charts.style` — the house style (fonts, colours, ``format_usd``, sizes);
- one module per chart, each with ``draw_xxx(ax, figures, *, ...) -> Axes`` that neither
  shows nor saves, and draws a source note built from the provenance of what it drew;
- :mod:`tradeviz.charts.export` — PNG (≥ 200 dpi), SVG and one self-contained HTML page;
- :mod:`tradeviz.charts.registry` — the named charts behind ``tradeviz chart``.

Import the submodules you need; ``import tradeviz.charts`` alone loads no chart module.
"""

from tradeviz.charts.registry import CHARTS, export_chart, get_chart, list_charts, render_chart

__all__ = ["CHARTS", "export_chart", "get_chart", "list_charts", "render_chart"]
