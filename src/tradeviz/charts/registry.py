"""The named charts, read from their modules: name, description and options.

Each chart module (:mod:`tradeviz.charts.base` describes the pair ``data``/``draw``) names itself
in ``NAME`` and ``DESCRIPTION``; its options are the keyword arguments of its ``data`` function,
with their defaults, types and the descriptions of its docstring. The registry reads them from
the module's source without importing it (as papermill inspects a notebook's parameters), so
``tradeviz chart --list`` and the command line's options stay light and are never declared a
second time. The checks' tables a chart takes (``flags``, ``claims``, ``verdicts``,
``integrity``) are not options: :func:`render_chart`, which serves the command line, loads them.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeviz import vocabulary
from tradeviz.errors import InputError

#: The chart modules, in the order ``tradeviz chart --list`` shows them.
CHART_MODULES: tuple[str, ...] = (
    "trade_lines",
    "shares",
    "partners",
    "composition",
    "mirror",
    "claims",
    "investment",
    "monthly",
    "integrity",
)
#: Keyword arguments of ``data`` that are tables of the checks, given by the caller.
CHART_INPUTS: tuple[str, ...] = ("flags", "claims", "verdicts", "integrity")
#: Options whose values also obey the rule of the same name in the parameter catalogue
#: (:data:`tradeviz.parameters.CATALOGUE`): ranges and ids that mean one thing everywhere.
CATALOGUE_RULED_OPTIONS: tuple[str, ...] = ("top_n", "document")
#: A parameter entry of a numpy docstring: ``name[, name] : type``.
_PARAMETER_LINE = re.compile(r"^(?P<names>\w+(?:, \w+)*)(?: : (?P<type>.+))?$")
#: Sections of a numpy docstring that end its parameters.
_SECTIONS = ("Returns", "Raises", "Examples", "Notes", "See Also")


@dataclass(frozen=True)
class ChartOption:
    """One option of a chart: a keyword argument of its ``data`` function.

    Attributes
    ----------
    name : str
        The keyword (``top_n``); ``--top-n`` on the command line.
    default : Any
        Its default value.
    annotation : str
        Its type as written (``"int"``, ``"str | None"``, ``"tuple[str, ...]"``).
    help : str
        The first sentence of its description in the docstring.
    """

    name: str
    default: Any
    annotation: str
    help: str = ""

    @property
    def kind(self) -> type:
        """Return the type a command-line value converts to: ``int``, ``str`` or ``tuple``."""
        if self.annotation.startswith("tuple"):
            return tuple
        return int if self.annotation.split(" | ")[0] == "int" else str


@dataclass(frozen=True)
class ChartSpec:
    """One named chart.

    Attributes
    ----------
    name : str
        Registry name (also the default file stem).
    module : str
        The module holding ``data`` and ``draw`` (imported on first use).
    description : str
        One line for ``tradeviz chart --list``.
    options : tuple of ChartOption
        The keyword arguments of ``data``, in order.
    inputs : tuple of str
        The checks' tables ``data`` takes (:data:`CHART_INPUTS`).
    """

    name: str
    module: str
    description: str
    options: tuple[ChartOption, ...]
    inputs: tuple[str, ...] = ()

    @property
    def defaults(self) -> dict[str, Any]:
        """Return option name -> default (the China–Kazakhstan case)."""
        return {option.name: option.default for option in self.options}

    @property
    def data(self) -> Callable:
        """Return the chart's data function ``data(figures, **options) -> ChartData``."""
        return importlib.import_module(self.module).data

    @property
    def draw(self) -> Callable:
        """Return the chart's draw function ``draw(ax, data) -> Axes``."""
        return importlib.import_module(self.module).draw


def _value(node: ast.expr, names: Mapping[str, Any]) -> Any:
    """Return the value of a default: a literal, or a name of the module or the vocabulary."""
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        return getattr(vocabulary, node.id)
    return ast.literal_eval(node)


def _parameter_help(docstring: str) -> dict[str, str]:
    """Return parameter name -> first sentence of its description, from a numpy docstring."""
    lines = docstring.splitlines()
    found: dict[str, str] = {}
    if "Parameters" not in lines:
        return found
    names: list[str] = []
    for line in lines[lines.index("Parameters") + 2 :]:
        if not line.strip():
            continue
        if not line.startswith(" "):  # a parameter's header, or the next section
            header = _PARAMETER_LINE.match(line)
            if header is None or line in _SECTIONS:
                break
            names = header["names"].split(", ")
        else:
            for name in names:
                found.setdefault(name, line.strip().split(". ")[0].rstrip("."))
            names = []
    return found


def _read_spec(module: str) -> ChartSpec:
    """Read a chart module's name, description and options from its source."""
    origin = importlib.util.find_spec(module).origin
    tree = ast.parse(Path(origin).read_text(encoding="utf-8"))
    names: dict[str, Any] = {}
    function = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    names[target.id] = _value(node.value, names)
                except (ValueError, AttributeError, TypeError, SyntaxError):
                    pass
        elif isinstance(node, ast.FunctionDef) and node.name == "data":
            function = node
    if function is None:
        raise RuntimeError(f"chart module {module} defines no data function")
    helps = _parameter_help(ast.get_docstring(function) or "")
    options, inputs = [], []
    for argument, default in zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True):
        if argument.arg in CHART_INPUTS:
            inputs.append(argument.arg)
            continue
        options.append(
            ChartOption(
                name=argument.arg,
                default=_value(default, names),
                annotation=ast.unparse(argument.annotation) if argument.annotation else "str",
                help=helps.get(argument.arg, ""),
            )
        )
    return ChartSpec(
        name=names["NAME"],
        module=module,
        description=names["DESCRIPTION"],
        options=tuple(options),
        inputs=tuple(inputs),
    )


@functools.cache
def _charts() -> dict[str, ChartSpec]:
    specs = (_read_spec(f"tradeviz.charts.{module}") for module in CHART_MODULES)
    return {spec.name: spec for spec in specs}


class _Charts(Mapping[str, ChartSpec]):
    """The registry as a read-only mapping, read from the chart modules on first use."""

    def __getitem__(self, name: str) -> ChartSpec:
        return _charts()[name]

    def __iter__(self):
        return iter(_charts())

    def __len__(self) -> int:
        return len(_charts())


#: Chart name -> :class:`ChartSpec`, in the order of :data:`CHART_MODULES`.
CHARTS: Mapping[str, ChartSpec] = _Charts()


def list_charts() -> list[ChartSpec]:
    """Return the registered charts, in registry order."""
    return list(CHARTS.values())


def all_options() -> dict[str, ChartOption]:
    """Return every option any chart takes (the first chart's declaration of each name)."""
    found: dict[str, ChartOption] = {}
    for spec in list_charts():
        for option in spec.options:
            found.setdefault(option.name, option)
    return found


def get_chart(name: str) -> ChartSpec:
    """Return the chart named ``name``.

    Raises
    ------
    InputError
        If there is no such chart (the message lists the names).
    """
    try:
        return CHARTS[name]
    except KeyError:
        raise InputError(
            "unknown chart", field="name", expected="one of " + ", ".join(CHARTS), found=name
        ) from None


def resolve_options(spec: ChartSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    """Return the chart's defaults updated with ``options``; refuse options it does not take."""
    unknown = [key for key in options if key not in spec.defaults]
    if unknown:
        raise InputError(
            f"chart {spec.name!r} takes no option {unknown[0]!r}",
            field=unknown[0],
            expected="one of " + (", ".join(spec.defaults) or "no options"),
            found=options[unknown[0]],
        )
    return {**spec.defaults, **options}


def check_chart_options(spec: ChartSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    """Check options given for a chart as notebook parameters are checked: types, then ranges.

    Names are checked first (:func:`resolve_options`), then types through
    :func:`tradeviz.parameters.check_options` against the chart's ``data`` signature; the
    options of :data:`CATALOGUE_RULED_OPTIONS` then obey the catalogue's rule of the same name
    (``top_n`` from 1 to 30, ``document`` a document whose claims are on file). ``None`` (an
    option left to the chart, as ``--all-years`` leaves ``year``) is not checked.

    Parameters
    ----------
    spec : ChartSpec
        The chart.
    options : mapping
        Option name -> value, as given.

    Returns
    -------
    dict
        The options given, converted to their declared types.

    Raises
    ------
    tradeviz.parameters.ParameterValidationError
        One line per problem (an :class:`InputError`: exit code 2 on the command line).
    """
    from tradeviz.parameters import CATALOGUE, ParameterValidationError, check_options
    from tradeviz.parameters.check import OPTION, check_values

    where = f"tradeviz chart {spec.name}"
    resolve_options(spec, options)  # an option the chart does not take (inputs are not options)
    given = {key: value for key, value in options.items() if value is not None}
    checked = check_options(spec.data, given, where=where)
    ruled = {key: value for key, value in checked.items() if key in CATALOGUE_RULED_OPTIONS}
    _, problems = check_values(ruled, {key: CATALOGUE[key] for key in ruled}, noun=OPTION)
    if problems:
        raise ParameterValidationError(problem.to_error(file=where) for problem in problems)
    return {**options, **checked}


def load_inputs(spec: ChartSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    """Load the checks' tables a chart takes, as ``tradeviz check`` stored them (None if not).

    Parameters
    ----------
    spec : ChartSpec
        The chart.
    options : mapping
        Its resolved options (``document`` chooses the claims; without it, every document's).

    Returns
    -------
    dict
        Input name -> table, or None where ``tradeviz check`` has not written it yet.
    """
    from tradeviz import checks
    from tradeviz.errors import TradevizError

    loaded: dict[str, Any] = {}
    for name in spec.inputs:
        if name == "claims":
            try:
                loaded[name] = checks.load_claims(options.get("document") or None)
            except TradevizError:
                loaded[name] = None
        else:
            loader = {
                "flags": checks.load_flags,
                "verdicts": checks.load_verdicts,
                "integrity": checks.load_integrity,
            }[name]
            loaded[name] = loader(missing_ok=True)
    return loaded


def render_chart(
    name: str,
    figures=None,
    *,
    size: str = "screen",
    inputs: Mapping[str, Any] | None = None,
    **options: Any,
):
    """Draw the named chart on a new figure in the house style.

    Parameters
    ----------
    name : str
        A registry name (see :func:`list_charts`).
    figures : pandas.DataFrame, optional
        The tidy figures table (default: :func:`tradeviz.figures.load_figures`).
    size : {"screen", "print"}
        Figure size.
    inputs : mapping, optional
        The checks' tables the chart takes (``flags``, ``claims``, ``verdicts``,
        ``integrity``); by default those ``tradeviz check`` stored (:func:`load_inputs`).
    **options
        The chart's options (see its ``options``).

    Returns
    -------
    matplotlib.figure.Figure
        The drawn figure (not shown, not saved).
    """
    from tradeviz.charts.style import new_figure

    spec = get_chart(name)
    resolved = resolve_options(spec, options)
    if figures is None:
        from tradeviz.figures import load_figures

        figures = load_figures()
    given = load_inputs(spec, resolved) if inputs is None else dict(inputs)
    chart_data = spec.data(figures, **resolved, **{k: given.get(k) for k in spec.inputs})
    figure, ax = new_figure(size)
    spec.draw(ax, chart_data)
    return figure


def export_chart(
    name: str,
    out_dir: str | Path,
    figures=None,
    *,
    formats: Iterable[str] = ("png", "svg", "html", "csv"),
    size: str = "screen",
    file_name: str | None = None,
    inputs: Mapping[str, Any] | None = None,
    **options: Any,
) -> dict[str, Path]:
    """Draw the named chart and write its bundle to ``out_dir`` (PNG, SVG, HTML, CSV).

    Parameters
    ----------
    name : str
        A registry name.
    out_dir : str or pathlib.Path
        Output directory.
    figures : pandas.DataFrame, optional
        The tidy figures table (default: the processed figures).
    formats : iterable of str
        Any of ``png``, ``svg``, ``html``, ``csv`` (default all four).
    size : {"screen", "print"}
        Figure size (print PNGs are written at 300 dpi).
    file_name : str, optional
        File stem (default: the chart's name).
    inputs : mapping, optional
        As in :func:`render_chart`.
    **options
        The chart's options.

    Returns
    -------
    dict of str to pathlib.Path
        Format -> path written.
    """
    from tradeviz.charts import export as exporter
    from tradeviz.charts.style import EXPORT_DPI

    figure = render_chart(name, figures, size=size, inputs=inputs, **options)
    return exporter.save_chart(
        figure, out_dir, file_name or name, formats=formats, dpi=EXPORT_DPI[size]
    )
