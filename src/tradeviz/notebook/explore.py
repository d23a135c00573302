"""The ``explore`` notebook's controls: dropdowns that redraw a chart and a table in JupyterLab.

:func:`explorer` returns one ipywidgets box: dropdowns for the reporter, the partner, the year,
the flow and the source, two charts drawn with matplotlib's widget backend (ipympl: pan, zoom,
and the value under the pointer shown beneath each chart) and the partner's-share table. Every
choice a dropdown offers comes from :mod:`tradeviz.notebook.domain` (what the data hold), so no
choice can fail for lack of data; a chart the data do not allow says why instead. This is for
JupyterLab only: a papermill run of the notebook shows the first state and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tradeviz.notebook import domain

if TYPE_CHECKING:
    import pandas as pd

#: The matplotlib backend of interactive charts in JupyterLab (ipympl).
WIDGET_BACKEND = "module://ipympl.backend_nbagg"
#: The source dropdown's choice that lets each chart pick its preferred source.
ANY_SOURCE = "all"
#: The charts redrawn, each with the options it takes from the dropdowns.
TRADE_CHART = "trade_over_time"
RANK_CHART = "top_partners"
#: Size of each chart in inches (the house style's screen width, a shorter height).
CHART_SIZE = (8.0, 4.2)
#: Digits of the value shown under the pointer.
HOVER_FORMAT = "{:,.1f}"


@dataclass
class Choice:
    """The dropdowns' current values."""

    reporter: str
    partner: str
    year: int
    flow: str
    source: str


def hover_text(axes: Any, event: Any) -> str:
    """Return the value of the mark under the pointer (a bar or a point of a line), or "".

    A horizontal bar's value is its width, a vertical bar's its height; a line's is the y of
    its nearest point under the pointer.
    """
    for line in axes.get_lines():
        hit, info = line.contains(event)
        indices = info.get("ind", []) if hit else []
        if len(indices):
            index = indices[0]
            x, y = line.get_xdata()[index], line.get_ydata()[index]
            return f"{line.get_label()}: {x} → {HOVER_FORMAT.format(float(y))}"
    for patch in axes.patches:
        if not hasattr(patch, "get_width") or not patch.contains(event)[0]:
            continue
        horizontal = patch.get_x() == 0 and patch.get_y() != 0
        value = patch.get_width() if horizontal else patch.get_height()
        return f"{patch.get_label() or 'bar'}: {HOVER_FORMAT.format(float(value))}"
    return ""


class _Chart:
    """One interactive chart: an ipympl canvas, and a line under it with the hovered value."""

    def __init__(self) -> None:
        import ipywidgets as widgets
        import matplotlib.pyplot as plt

        with plt.ioff():
            self.figure = plt.figure(figsize=CHART_SIZE, layout="constrained")
        self.figure.canvas.header_visible = False
        self.value = widgets.Label(value="")
        self.figure.canvas.mpl_connect("motion_notify_event", self._hover)
        self.box = widgets.VBox([self.figure.canvas, self.value])

    def _hover(self, event: Any) -> None:
        if event.inaxes is not None:
            self.value.value = hover_text(event.inaxes, event)

    def draw(self, name: str, figures: pd.DataFrame, **options: Any) -> None:
        """Draw the chart ``name`` of :mod:`tradeviz.charts` (or say why it cannot be drawn)."""
        from tradeviz.charts import registry
        from tradeviz.charts.style import house_style
        from tradeviz.query import SelectionError

        spec = registry.get_chart(name)
        inputs = {key: options.pop(key) for key in spec.inputs if key in options}
        self.figure.clear()
        with house_style():
            axes = self.figure.add_subplot()
            try:
                spec.draw(
                    axes, spec.data(figures, **registry.resolve_options(spec, options), **inputs)
                )
            except SelectionError as error:
                axes.set_axis_off()
                axes.text(0, 0.5, f"Unverifiable: {error}", wrap=True)
        self.value.value = ""
        self.figure.canvas.draw_idle()


def explorer(session: Any, reporter: str, partner: str, year: int, flow: str, source: str) -> Any:
    """Return the explorer: dropdowns, two charts and a table, redrawn on every change.

    Parameters
    ----------
    session : tradeviz.notebook.session.Session
        The notebook's session (its figures and the checks' flags).
    reporter, partner, year, flow, source
        The first state (checked parameters of the notebook).

    Returns
    -------
    ipywidgets.VBox
        Display it as a cell's last value.
    """
    import ipywidgets as widgets
    import matplotlib

    from tradeviz.notebook.display import show_table
    from tradeviz.notebook.shares import partner_shares

    matplotlib.use(WIDGET_BACKEND)
    figures = session.figures
    choice = Choice(reporter, partner, year, flow, source)
    dropdowns = {
        "reporter": widgets.Dropdown(
            description="Reporter", options=domain.trade_reporters(figures), value=reporter
        ),
        "partner": widgets.Dropdown(
            description="Partner",
            options=domain.trade_partners(figures, reporter),
            value=partner,
        ),
        "year": widgets.Dropdown(
            description="Year", options=domain.trade_years(figures, reporter, partner), value=year
        ),
        "flow": widgets.Dropdown(description="Flow", options=domain.TRADE_FLOWS, value=flow),
        "source": widgets.Dropdown(
            description="Source", options=[ANY_SOURCE, *domain.sources(figures)], value=source
        ),
    }
    trade, ranking = _Chart(), _Chart()
    table = widgets.Output()

    def redraw() -> None:
        trade.draw(
            TRADE_CHART,
            figures,
            reporter=choice.reporter,
            partner=choice.partner,
            end_year=choice.year,
            flags=session.flags,
        )
        ranking.draw(
            RANK_CHART,
            figures,
            reporter=choice.reporter,
            year=choice.year,
            flow=choice.flow,
            highlight=choice.partner,
            source=None if choice.source == ANY_SOURCE else choice.source,
        )
        answer = partner_shares(figures, choice.reporter, choice.partner, choice.year, choice.flow)
        table.clear_output(wait=True)
        with table:
            from tradeviz.notebook.display import say

            say(*answer.sentences)
            show_table(answer.table)

    quiet = {"now": False}  # set while the code itself changes a dropdown

    def narrow(name: str, options: list[Any]) -> None:
        """Offer ``options`` in a dropdown, keeping its value when it is still offered."""
        keep = getattr(choice, name)
        quiet["now"] = True
        try:
            dropdowns[name].options = options
            dropdowns[name].value = keep if keep in options else (options[-1] if options else None)
        finally:
            quiet["now"] = False
        setattr(choice, name, dropdowns[name].value)

    def changed(change: dict[str, Any]) -> None:
        if quiet["now"]:
            return
        name = change["owner"].description.lower()
        setattr(choice, name, change["new"])
        if name == "reporter":
            narrow("partner", domain.trade_partners(figures, choice.reporter))
        if name in ("reporter", "partner"):
            narrow("year", domain.trade_years(figures, choice.reporter, choice.partner))
        redraw()

    for dropdown in dropdowns.values():
        dropdown.observe(changed, names="value")
    redraw()
    controls = widgets.HBox(list(dropdowns.values()), layout=widgets.Layout(flex_flow="row wrap"))
    return widgets.VBox([controls, trade.box, ranking.box, table])
