"""Check a notebook's parameters against their types and the data, with one clear message.

A notebook calls :func:`check_parameters` in its first code cell after the ``parameters`` cell.
A bad value (a wrong type, an unknown country code, a year without data, a flow that is not
``exports``/``imports``) raises :class:`ParameterError`, which a Jupyter kernel shows as one line
naming the parameter, what was found and the valid choices, instead of a traceback: IPython
calls an exception's ``_render_traceback_`` to draw it, and papermill copies that line into its
``PapermillExecutionError`` and exits non-zero.

The rules are keyed by parameter name. The names are the shared contract of the notebooks and the
runner's ``reports.yaml``, so one name means one thing in every notebook.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz.errors import InputError
from tradeviz.notebook import domain

if TYPE_CHECKING:
    import pandas as pd

#: The type each parameter name must have (papermill's ``-p`` infers int/float/bool/str).
PARAMETER_TYPES: dict[str, Any] = {
    "document": str,
    "perspectives": list[str],
    "reporter": str,
    "partner": str,
    "year": int,
    "flow": str,
    "top_n": int,
    "ytd_months": int,
    "investor": str,
    "host": str,
    "start_year": int,
    "end_year": int,
    "source": str,
    "output_dir": str,
}

#: Column of the claims table naming the document a claim comes from.
CLAIMS_DOCUMENT = "document"
#: Largest ``top_n`` a chart of ranked partners stays readable with.
TOP_N_MAX = 30
#: Months of a year-to-date period.
MONTHS_IN_YEAR = 12
#: At most this many choices are listed in a message; the rest are counted.
MAX_CHOICES_SHOWN = 40
#: ANSI colours of the error name in a notebook (JupyterLab and the terminal render them).
_RED, _RESET = "\x1b[0;31m", "\x1b[0m"


@dataclass(frozen=True)
class ParameterProblem:
    """One parameter outside its domain.

    Attributes
    ----------
    name : str
        The parameter.
    message : str
        What is wrong, in plain words.
    found : Any
        The value given.
    choices : str
        The valid choices, written out (``"exports, imports"``, ``"1995–2022"``).
    """

    name: str
    message: str
    found: Any
    choices: str = ""

    def __str__(self) -> str:
        text = f"parameter {self.name!r}: {self.message} (found {self.found!r}"
        if self.choices:
            text += f"; valid choices: {self.choices}"
        return text + ")"


class ParameterError(InputError):
    """Parameters outside their domain; shown in a notebook as one line, never a traceback.

    Parameters
    ----------
    problems : sequence of ParameterProblem
        Every problem found, at least one.
    """

    def __init__(self, problems: Iterable[ParameterProblem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("ParameterError needs at least one problem")
        first = self.problems[0]
        super().__init__(first.message, field=first.name, expected=first.choices, found=first.found)

    def __str__(self) -> str:
        return "; ".join(str(problem) for problem in self.problems)

    def _render_traceback_(self) -> list[str]:
        """Return the lines IPython shows in place of a traceback (one line)."""
        return [f"{_RED}{type(self).__name__}{_RESET}: {self}"]


@dataclass
class _Context:
    """What the rules read: the data (loaded on first use) and the values already accepted."""

    figures_: pd.DataFrame | None
    documents_: list[str] | None
    accepted: dict[str, Any] = field(default_factory=dict)

    @property
    def figures(self) -> pd.DataFrame:
        if self.figures_ is None:
            from tradeviz.figures import load_figures

            self.figures_ = load_figures()
        return self.figures_

    @property
    def documents(self) -> list[str]:
        if self.documents_ is None:
            self.documents_ = _load_document_ids()
        return self.documents_


def _load_document_ids() -> list[str]:
    """Return the ids of the documents whose claims are on file."""
    from tradeviz.checks import load_claims

    return _document_ids(load_claims())


def _document_ids(claims: pd.DataFrame) -> list[str]:
    return sorted(claims[CLAIMS_DOCUMENT].dropna().astype(str).unique().tolist())


def check_parameters(
    figures: pd.DataFrame | None = None,
    *,
    claims: pd.DataFrame | None = None,
    documents: Iterable[str] | None = None,
    **parameters: Any,
) -> dict[str, Any]:
    """Check a notebook's parameters; raise one :class:`ParameterError` naming every bad one.

    Types are checked first (``year`` must be an ``int``, ``perspectives`` a list of str), then
    the domain, against the data: ``reporter`` and ``partner`` must be codes with official trade
    figures, ``year`` a year with data for that pair, ``flow`` ``exports`` or ``imports``, and so
    on. A value whose rule depends on a bad parameter is not checked (no follow-on noise).

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
        The notebook's parameters by name (names of :data:`PARAMETER_TYPES`).

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
    tradeviz.notebook.parameters.ParameterError: parameter 'flow': not a flow the notebook can show (found 'export'; valid choices: exports, imports)
    """  # noqa: E501
    if documents is None and claims is not None:
        documents = _document_ids(claims)
    context = _Context(figures, None if documents is None else sorted(documents))
    problems: list[ParameterProblem] = []
    for name, value in parameters.items():
        if name not in PARAMETER_TYPES:
            problems.append(
                ParameterProblem(
                    name, "unknown parameter", value, _choices(sorted(PARAMETER_TYPES))
                )
            )
            continue
        problem = _check_type(name, value, PARAMETER_TYPES[name])
        if problem is None:
            context.accepted[name] = value
        else:
            problems.append(problem)
    for name in _RULE_ORDER:
        if name not in context.accepted:
            continue
        problem = _RULES[name](name, context.accepted[name], context)
        if problem is not None:
            problems.append(problem)
            del context.accepted[name]
    if problems:
        raise ParameterError(problems)
    return dict(parameters)


# --- types --------------------------------------------------------------------------------------


def _check_type(name: str, value: Any, expected: Any) -> ParameterProblem | None:
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return ParameterProblem(name, "expected a whole number (int)", value)
        return None
    if expected is str:
        if not isinstance(value, str):
            return ParameterProblem(name, "expected text (str)", value)
        return None
    if expected == list[str]:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return ParameterProblem(
                name,
                'expected a list of text values, e.g. ["KAZ", "CHN"] '
                "(papermill: -y 'perspectives: [KAZ, CHN]')",
                value,
            )
        return None
    raise TypeError(f"no type check for {expected!r}")  # a programming error, not user input


# --- domain rules -------------------------------------------------------------------------------

Rule = Callable[[str, Any, _Context], "ParameterProblem | None"]


def _choices(values: Iterable[Any]) -> str:
    """Write choices as ``"a, b, c"``, naming how many more when there are too many."""
    values = [str(v) for v in values]
    if not values:
        return "none in the data"
    shown = values[:MAX_CHOICES_SHOWN]
    text = ", ".join(shown)
    if len(values) > len(shown):
        text += f", … ({len(values) - len(shown)} more)"
    return text


def _years(years: list[int]) -> str:
    """Write years as ranges: ``"1995–2020, 2022"``."""
    if not years:
        return "none in the data"
    runs: list[list[int]] = [[years[0], years[0]]]
    for year in years[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _guess_code(value: str) -> str | None:
    """Return the ISO3 code a name or near-code most likely means (``"Russia"`` → ``"RUS"``)."""
    import pycountry

    from tradeviz.text.names import COUNTRY_NAMES as SHORT_COUNTRY_NAMES

    text = value.strip()
    if len(text) == len("ISO") and text.isalpha():
        return text.upper()
    by_name = {
        name.lower().removeprefix("the "): code for code, name in SHORT_COUNTRY_NAMES.items()
    }
    if text.lower().removeprefix("the ") in by_name:
        return by_name[text.lower().removeprefix("the ")]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        pass
    try:
        return pycountry.countries.search_fuzzy(text)[0].alpha_3
    except LookupError:
        return None


def _suggest(value: str, choices: list[str]) -> str:
    """Return ``"; did you mean 'RUS'?"`` when a choice is likely meant, else ``""``."""
    guess = _guess_code(value)
    if guess not in choices:
        close = difflib.get_close_matches(value.upper(), choices, n=1) if len(value) == 3 else []
        guess = close[0] if close else None
    return f"; did you mean {guess!r}?" if guess else ""


def _is_country_code(value: str) -> bool:
    import pycountry

    return value.isupper() and pycountry.countries.get(alpha_3=value) is not None


def _code_problem(name: str, value: str, choices: list[str], no_data: str) -> ParameterProblem:
    """Explain why a code is not among ``choices``: an unknown code, or a code without data.

    ``no_data`` is the message for a valid country code without data ("no official trade
    statistics of this country in the data").
    """
    if _is_country_code(value):
        message = no_data
    elif value.upper() in choices:
        message = "country codes are upper-case ISO 3166 alpha-3"
    else:
        message = "not an ISO 3166 alpha-3 country code"
    return ParameterProblem(name, message + _suggest(value, choices), value, _choices(choices))


def _rule_output_dir(name: str, value: str, context: _Context) -> ParameterProblem | None:
    if not value.strip():
        return ParameterProblem(name, "expected a directory path", value)
    return None


def _rule_flow(name: str, value: str, context: _Context) -> ParameterProblem | None:
    if value not in domain.TRADE_FLOWS:
        return ParameterProblem(
            name, "not a flow the notebook can show", value, _choices(domain.TRADE_FLOWS)
        )
    return None


def _rule_top_n(name: str, value: int, context: _Context) -> ParameterProblem | None:
    if not 1 <= value <= TOP_N_MAX:
        return ParameterProblem(name, "out of range", value, f"1–{TOP_N_MAX}")
    return None


def _rule_ytd_months(name: str, value: int, context: _Context) -> ParameterProblem | None:
    if not 1 <= value <= MONTHS_IN_YEAR:
        return ParameterProblem(name, "not a number of months", value, f"1–{MONTHS_IN_YEAR}")
    return None


def _rule_source(name: str, value: str, context: _Context) -> ParameterProblem | None:
    choices = [domain.ALL_SOURCES, *domain.sources(context.figures)]
    if value not in choices:
        return ParameterProblem(name, "unknown source", value, _choices(choices))
    return None


def _rule_document(name: str, value: str, context: _Context) -> ParameterProblem | None:
    if value not in context.documents:
        return ParameterProblem(
            name, "no claims on file for this document", value, _choices(context.documents)
        )
    return None


def _rule_perspectives(name: str, value: list[str], context: _Context) -> ParameterProblem | None:
    choices = domain.perspectives(context.figures)
    if not value:
        return ParameterProblem(name, "expected at least one perspective", value, _choices(choices))
    unknown = [v for v in value if v not in choices]
    if unknown:
        return ParameterProblem(
            name,
            f"no statistics of {', '.join(repr(u) for u in unknown)} in the data",
            value,
            _choices(choices),
        )
    return None


def _rule_reporter(name: str, value: str, context: _Context) -> ParameterProblem | None:
    choices = domain.trade_reporters(context.figures)
    if value not in choices:
        return _code_problem(
            name, value, choices, "no official trade statistics of this country in the data"
        )
    return None


def _rule_partner(name: str, value: str, context: _Context) -> ParameterProblem | None:
    reporter = context.accepted.get("reporter")
    if reporter is None:
        return None  # the reporter is bad or absent; its problem says enough
    choices = domain.trade_partners(context.figures, reporter)
    if value not in choices:
        return _code_problem(
            name, value, choices, f"no trade figures of {reporter} with this country in the data"
        )
    return None


def _rule_host(name: str, value: str, context: _Context) -> ParameterProblem | None:
    choices = domain.fdi_hosts(context.figures)
    if value not in choices:
        return _code_problem(
            name, value, choices, "no investment figures for this host country in the data"
        )
    return None


def _rule_investor(name: str, value: str, context: _Context) -> ParameterProblem | None:
    host = context.accepted.get("host")
    if host is None:
        return None
    choices = domain.fdi_investors(context.figures, host)
    if value not in choices:
        return _code_problem(
            name, value, choices, f"no investment figures from this country in {host} in the data"
        )
    return None


def _pair_years(context: _Context) -> tuple[str, list[int]] | None:
    """Return ``("KAZ–CHN", years)`` for the pair the notebook is about, if its codes passed."""
    accepted = context.accepted
    if "reporter" in accepted and "partner" in accepted:
        flow = accepted.get("flow")
        years = domain.trade_years(context.figures, accepted["reporter"], accepted["partner"], flow)
        label = f"{accepted['reporter']}–{accepted['partner']}" + (f" {flow}" if flow else "")
        return label, years
    if "host" in accepted and "investor" in accepted:
        years = domain.fdi_years(context.figures, accepted["host"], accepted["investor"])
        return f"investment of {accepted['investor']} in {accepted['host']}", years
    return None


def _rule_year(name: str, value: int, context: _Context) -> ParameterProblem | None:
    pair = _pair_years(context)
    if pair is None:
        return None
    label, years = pair
    if value not in years:
        return ParameterProblem(
            name, f"no annual data for {label} in this year", value, _years(years)
        )
    return None


def _rule_span(name: str, value: int, context: _Context) -> ParameterProblem | None:
    """``end_year``: the span must be ordered and hold at least one year with data."""
    start = context.accepted.get("start_year")
    if start is None:
        return None
    if start > value:
        return ParameterProblem(name, f"ends before start_year {start}", value, f"≥ {start}")
    pair = _pair_years(context)
    if pair is None:
        return None
    label, years = pair
    if not any(start <= year <= value for year in years):
        return ParameterProblem(
            name,
            f"no data for {label} between start_year {start} and end_year {value}",
            value,
            f"a span that includes one of {_years(years)}",
        )
    return None


def _rule_any_int(name: str, value: int, context: _Context) -> ParameterProblem | None:
    return None


_RULES: Mapping[str, Rule] = {
    "output_dir": _rule_output_dir,
    "flow": _rule_flow,
    "top_n": _rule_top_n,
    "ytd_months": _rule_ytd_months,
    "source": _rule_source,
    "document": _rule_document,
    "perspectives": _rule_perspectives,
    "reporter": _rule_reporter,
    "partner": _rule_partner,
    "host": _rule_host,
    "investor": _rule_investor,
    "year": _rule_year,
    "start_year": _rule_any_int,
    "end_year": _rule_span,
}
#: Rules run in this order, so that a rule can read the values accepted before it.
_RULE_ORDER: tuple[str, ...] = tuple(_RULES)
