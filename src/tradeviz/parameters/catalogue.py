"""The parameter names the notebooks share, each declared once: type, help and data rule.

The names are the contract of the notebooks, the runner's ``reports.yaml`` and the command line:
one name means one thing everywhere. A notebook's ``parameters`` cell uses these names with
these types (a test holds every notebook to it), and its first code cell calls
:func:`check_parameters`, which checks the values against this catalogue and the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tradeviz.parameters import rules
from tradeviz.parameters.check import check_values
from tradeviz.parameters.parameter import UNSET, Parameter
from tradeviz.parameters.problems import ParameterError
from tradeviz.parameters.types import spec_from_type

if TYPE_CHECKING:
    import pandas as pd


def _declare(entries: tuple[tuple[str, Any, str, rules.Rule | None, Any], ...]):
    declared: dict[str, Parameter] = {}
    for name, python_type, help_text, rule, example in entries:
        spec = spec_from_type(python_type)
        declared[name] = Parameter(
            name=name,
            annotation=spec.text,
            default=UNSET,
            default_source="",
            help=help_text,
            type=spec,
            rule=rule,
            example=example,
        )
    return declared


#: Name, type, help, data rule and an example value (shown when a list is mistyped) of each
#: shared parameter, in the order the rules run (a rule reads the values accepted before it).
_ENTRIES = (
    ("output_dir", str, "directory for the chart files (PNG and HTML)", rules.output_dir, None),
    ("flow", str, 'trade flow told first and ranked: "exports" or "imports"', rules.flow, None),
    ("top_n", int, "how many of the largest partners to list and draw (1-30)", rules.top_n, None),
    ("ytd_months", int, "year to date: January to this month (1-12)", rules.ytd_months, None),
    ("source", str, '"all" or one source of the figures, e.g. bns_annual', rules.source, None),
    ("document", str, "id of the document whose claims are checked", rules.document, None),
    (
        "perspectives",
        list[str],
        "whose figures to show beside each claim (ISO3)",
        rules.perspectives,
        ["KAZ", "CHN"],
    ),
    ("reporter", str, "ISO3 code of the reporting country", rules.reporter, None),
    ("partner", str, "ISO3 code of the partner country", rules.partner, None),
    ("host", str, "ISO3 code of the country invested in", rules.host, None),
    ("investor", str, "ISO3 code of the investing country", rules.investor, None),
    ("year", int, "calendar year", rules.year, None),
    ("start_year", int, "first year of the span", None, None),
    ("end_year", int, "last year of the span", rules.end_year, None),
)
#: The shared parameters by name.
CATALOGUE: dict[str, Parameter] = _declare(_ENTRIES)

#: The type of each shared parameter, as a Python type (``int``, ``list[str]``).
PARAMETER_TYPES: dict[str, Any] = {name: python_type for name, python_type, *_ in _ENTRIES}


def check_parameters(
    figures: pd.DataFrame | None = None,
    *,
    claims: pd.DataFrame | None = None,
    documents: Iterable[str] | None = None,
    **parameters: Any,
) -> dict[str, Any]:
    """Check a notebook's parameters; raise one :class:`ParameterError` naming every bad one.

    Types are checked first (``year`` must be an ``int``, ``perspectives`` a list of str), then
    the data rules of :data:`CATALOGUE`: ``reporter`` and ``partner`` must be codes with
    official trade figures, ``year`` a year with data for that pair, ``flow`` ``exports`` or
    ``imports``, and so on. A value whose rule depends on a bad parameter is not checked (no
    follow-on noise).

    Parameters
    ----------
    figures : pandas.DataFrame, optional
        The tidy ``figures`` table; loaded with :func:`tradeviz.figures.load_figures` when a rule
        needs it and none is given.
    claims : pandas.DataFrame, optional
        The claims table (:func:`tradeviz.checks.load_claims`); its documents are the valid
        values of ``document``.
    documents : iterable of str, optional
        Valid document ids, instead of ``claims``; when neither is given and ``document`` is
        checked, the claims on file are loaded.
    **parameters
        The notebook's parameters by name (names of :data:`CATALOGUE`).

    Returns
    -------
    dict
        The parameters as given, in the order given (JSON-serialisable), ready to record.

    Raises
    ------
    ParameterError
        When a name is unknown, a type is wrong or a value is outside its domain.

    Examples
    --------
    >>> check_parameters(flow="exports", top_n=10)
    {'flow': 'exports', 'top_n': 10}
    >>> check_parameters(flow="export")
    Traceback (most recent call last):
    ...
    tradeviz.parameters.problems.ParameterError: parameter 'flow': not a flow the notebook can show (found 'export'; valid choices: exports, imports)
    """  # noqa: E501
    if documents is None and claims is not None:
        documents = rules.document_ids(claims)
    data = rules.DataContext(figures, None if documents is None else sorted(documents))
    _, problems = check_values(parameters, CATALOGUE, data=data)
    if problems:
        raise ParameterError(problems)
    return dict(parameters)
