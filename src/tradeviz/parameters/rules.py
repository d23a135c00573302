"""The rules a shared parameter's value must meet in the data.

A rule is ``rule(name, value, accepted, data) -> ParameterProblem | None``: ``value`` has the
right type already, ``accepted`` holds the values of the other parameters that passed so far (a
partner is checked against the reporter's figures, a year against the pair's), and ``data`` is a
:class:`DataContext` that loads the figures and the claims on first use. A rule whose basis is
missing (the reporter was refused) says nothing, so one bad value gives one problem.

The catalogue (:mod:`tradeviz.parameters.catalogue`) names each parameter's rule; the checker
runs them in catalogue order.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tradeviz.parameters.problems import ParameterProblem, choices, year_ranges

if TYPE_CHECKING:
    import pandas as pd

#: Column of the claims table naming the document a claim comes from.
CLAIMS_DOCUMENT = "document"
#: Largest ``top_n`` a chart of ranked partners stays readable with.
TOP_N_MAX = 30
#: Months of a year-to-date period.
MONTHS_IN_YEAR = 12


@dataclass
class DataContext:
    """What the rules read: the figures and the documents with claims, loaded on first use.

    Parameters
    ----------
    figures_ : pandas.DataFrame, optional
        The tidy ``figures`` table; :func:`tradeviz.figures.load_figures` when omitted.
    documents_ : list of str, optional
        Document ids with claims on file; read from the claims files when omitted.
    """

    figures_: pd.DataFrame | None = None
    documents_: list[str] | None = None

    @property
    def figures(self) -> pd.DataFrame:
        """The tidy ``figures`` table."""
        if self.figures_ is None:
            from tradeviz.figures import load_figures

            self.figures_ = load_figures()
        return self.figures_

    @property
    def documents(self) -> list[str]:
        """The ids of the documents whose claims are on file, sorted."""
        if self.documents_ is None:
            from tradeviz.checks import load_claims

            self.documents_ = document_ids(load_claims())
        return self.documents_


def document_ids(claims: pd.DataFrame) -> list[str]:
    """Return the sorted ids of the documents a claims table covers."""
    return sorted(claims[CLAIMS_DOCUMENT].dropna().astype(str).unique().tolist())


def _domain():
    """Return :mod:`tradeviz.notebook.domain` (imported late: that package imports this one)."""
    from tradeviz.notebook import domain

    return domain


Rule = Callable[[str, Any, Mapping[str, Any], DataContext], "ParameterProblem | None"]


# --- country codes --------------------------------------------------------------------------------
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


def _suggest(value: str, valid: list[str]) -> str:
    """Return ``"; did you mean 'RUS'?"`` when a choice is likely meant, else ``""``."""
    guess = _guess_code(value)
    if guess not in valid:
        close = difflib.get_close_matches(value.upper(), valid, n=1) if len(value) == 3 else []
        guess = close[0] if close else None
    return f"; did you mean {guess!r}?" if guess else ""


def _is_country_code(value: str) -> bool:
    import pycountry

    return value.isupper() and pycountry.countries.get(alpha_3=value) is not None


def _code_problem(name: str, value: str, valid: list[str], no_data: str) -> ParameterProblem:
    """Explain why a code is not among ``valid``: an unknown code, or a code without data.

    ``no_data`` is the message for a valid country code without data ("no official trade
    statistics of this country in the data").
    """
    if _is_country_code(value):
        message = no_data
    elif value.upper() in valid:
        message = "country codes are upper-case ISO 3166 alpha-3"
    else:
        message = "not an ISO 3166 alpha-3 country code"
    return ParameterProblem(name, message + _suggest(value, valid), value, choices(valid))


# --- the rules ----------------------------------------------------------------------------------
def output_dir(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Refuse a blank folder path."""
    if not value.strip():
        return ParameterProblem(name, "expected a directory path", value)
    return None


def flow(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a flow a trade notebook can show."""
    if value not in _domain().TRADE_FLOWS:
        return ParameterProblem(
            name, "not a flow the notebook can show", value, choices(_domain().TRADE_FLOWS)
        )
    return None


def top_n(name: str, value: int, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept as many ranked partners as a chart stays readable with."""
    if not 1 <= value <= TOP_N_MAX:
        return ParameterProblem(name, "out of range", value, f"1–{TOP_N_MAX}")
    return None


def ytd_months(name: str, value: int, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a number of months from January."""
    if not 1 <= value <= MONTHS_IN_YEAR:
        return ParameterProblem(name, "not a number of months", value, f"1–{MONTHS_IN_YEAR}")
    return None


def source(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept ``all`` or a source present in the figures."""
    valid = [_domain().ALL_SOURCES, *_domain().sources(data.figures)]
    if value not in valid:
        return ParameterProblem(name, "unknown source", value, choices(valid))
    return None


def document(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a document whose claims are on file."""
    if value not in data.documents:
        return ParameterProblem(
            name, "no claims on file for this document", value, choices(data.documents)
        )
    return None


def perspectives(name: str, value: list[str], accepted, data: DataContext):
    """Accept countries whose statistics are in the figures, at least one."""
    valid = _domain().perspectives(data.figures)
    if not value:
        return ParameterProblem(name, "expected at least one perspective", value, choices(valid))
    unknown = [v for v in value if v not in valid]
    if unknown:
        return ParameterProblem(
            name,
            f"no statistics of {', '.join(repr(u) for u in unknown)} in the data",
            value,
            choices(valid),
        )
    return None


def reporter(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a country whose official statistics state its trade with the world or by country."""
    valid = _domain().trade_reporters(data.figures)
    if value not in valid:
        return _code_problem(
            name, value, valid, "no official trade statistics of this country in the data"
        )
    return None


def partner(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a country with annual trade figures of the accepted reporter."""
    trade_reporter = accepted.get("reporter")
    if trade_reporter is None:
        return None  # the reporter is bad or absent; its problem says enough
    valid = _domain().trade_partners(data.figures, trade_reporter)
    if value not in valid:
        return _code_problem(
            name,
            value,
            valid,
            f"no trade figures of {trade_reporter} with this country in the data",
        )
    return None


def host(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a country with investment figures."""
    valid = _domain().fdi_hosts(data.figures)
    if value not in valid:
        return _code_problem(
            name, value, valid, "no investment figures for this host country in the data"
        )
    return None


def investor(name: str, value: str, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a country whose investment in the accepted host has figures."""
    fdi_host = accepted.get("host")
    if fdi_host is None:
        return None
    valid = _domain().fdi_investors(data.figures, fdi_host)
    if value not in valid:
        return _code_problem(
            name, value, valid, f"no investment figures from this country in {fdi_host} in the data"
        )
    return None


def _pair_years(accepted: Mapping[str, Any], data: DataContext) -> tuple[str, list[int]] | None:
    """Return ``("KAZ–CHN", years)`` for the pair the notebook is about, if its codes passed."""
    if "reporter" in accepted and "partner" in accepted:
        trade_flow = accepted.get("flow")
        years = _domain().trade_years(
            data.figures, accepted["reporter"], accepted["partner"], trade_flow
        )
        label = f"{accepted['reporter']}–{accepted['partner']}"
        return label + (f" {trade_flow}" if trade_flow else ""), years
    if "host" in accepted and "investor" in accepted:
        years = _domain().fdi_years(data.figures, accepted["host"], accepted["investor"])
        return f"investment of {accepted['investor']} in {accepted['host']}", years
    return None


def year(name: str, value: int, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a year with annual data for the pair."""
    pair = _pair_years(accepted, data)
    if pair is None:
        return None
    label, years = pair
    if value not in years:
        return ParameterProblem(
            name, f"no annual data for {label} in this year", value, year_ranges(years)
        )
    return None


def end_year(name: str, value: int, accepted, data: DataContext) -> ParameterProblem | None:
    """Accept a span's end not before its start, the span holding a year with data."""
    start = accepted.get("start_year")
    if start is None:
        return None
    if start > value:
        return ParameterProblem(name, f"ends before start_year {start}", value, f"≥ {start}")
    pair = _pair_years(accepted, data)
    if pair is None:
        return None
    label, years = pair
    if not any(start <= y <= value for y in years):
        return ParameterProblem(
            name,
            f"no data for {label} between start_year {start} and end_year {value}",
            value,
            f"a span that includes one of {year_ranges(years)}",
        )
    return None
