"""One call sets a notebook up: ``tv = tradeviz.notebook.start(**parameters)``.

:func:`start` loads the figures, checks the parameters (one clear line when one is wrong) and
records them, and returns a :class:`Session`: the notebook's data and the three things a section
does. :meth:`Session.show` displays an answer's sentences and table, records its results and
returns its tidy data for the analyst's next cell; the first answer shown with ``headline=True``
becomes the run's headline (the report opens with it and the front page lists it under the
pair). :meth:`Session.chart` draws a chart with every document that has a reviewed claim about
the pair. The trade-specific wording of the headline (which group a run belongs to) is here and
in :mod:`tradeviz.text`; the runner only reads the record.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz.notebook.display import say, show_chart, show_claims, show_table
from tradeviz.results import HEADLINE_KEY, record

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.notebook.answer import Answer

#: The headline groups that are not a country pair, and the rank of each kind of group on the
#: front page (documents first, then pairs, then the sources' own checks).
DOCUMENTS_GROUP = "What the documents claim"
SOURCES_GROUP = "Whether each source adds up"
GROUP_RANKS = {"documents": 0, "pair": 10, "sources": 90}


def headline_group(parameters: dict[str, Any]) -> tuple[str, int]:
    """Return the front-page group of a run and its rank, from its parameters.

    A claims check is listed under :data:`DOCUMENTS_GROUP`; a run about a pair under the pair
    (``"Kazakhstan and China"``, from ``reporter``/``partner`` or ``host``/``investor``); the
    rest under :data:`SOURCES_GROUP`.
    """
    from tradeviz.text import country_name

    if "document" in parameters:
        return DOCUMENTS_GROUP, GROUP_RANKS["documents"]
    for first, second in (("reporter", "partner"), ("host", "investor")):
        if first in parameters and second in parameters:
            names = country_name(parameters[first]), country_name(parameters[second])
            return f"{names[0]} and {names[1]}", GROUP_RANKS["pair"]
    return SOURCES_GROUP, GROUP_RANKS["sources"]


def reviewed_claims(
    claims: pd.DataFrame | None,
    reporter: str,
    partner: str,
    *,
    flow: str | None = None,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame | None:
    """Return the reviewed claims, of every document, about a pair (and a flow and years).

    Parameters
    ----------
    claims : pandas.DataFrame or None
        The claims table (:func:`tradeviz.checks.load_claims`); ``None`` gives ``None``.
    reporter, partner : str
        ISO3 codes, reporter's side.
    flow : str, optional
        Keep the claims about this flow only.
    years : tuple of (int, int), optional
        Keep the claims whose period ends in this span of years (inclusive).

    Returns
    -------
    pandas.DataFrame or None
        The matching rows (claims without a review status are curated by hand, so reviewed);
        ``None`` when none match, as the charts take "no claims".
    """
    if claims is None or claims.empty:
        return None
    import pandas as pd

    keep = claims["reporter"].eq(reporter) & claims["partner"].eq(partner)
    from tradeviz.checks.vocab import CONFIRMED

    if "status" in claims.columns:
        keep &= claims["status"].fillna(CONFIRMED).eq(CONFIRMED)
    if flow is not None:
        keep &= claims["flow"].eq(flow)
    if years is not None:
        ends = pd.to_datetime(claims["period_end"], errors="coerce").dt.year
        keep &= ends.between(*years)
    found = claims.loc[keep]
    return None if found.empty else found


@dataclass
class Session:
    """A notebook's data, checked parameters and output folder, and what its sections do.

    Attributes
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    parameters : dict
        The checked parameters (as recorded).
    output_dir : str
        Where the charts are written.
    answers : dict of str to Answer
        Every answer shown, by the name it was recorded under.
    """

    figures: pd.DataFrame
    parameters: dict[str, Any]
    output_dir: str
    answers: dict[str, Answer] = field(default_factory=dict)
    _headline: dict[str, Any] | None = None
    _key_charts: list[str] = field(default_factory=list)

    @functools.cached_property
    def claims(self) -> pd.DataFrame:
        """Every document's claims (loaded once)."""
        from tradeviz.checks import load_claims

        return load_claims()

    @functools.cached_property
    def flags(self) -> pd.DataFrame | None:
        """The incomplete-extract flags ``tradeviz check`` wrote (``None`` before it ran)."""
        from tradeviz.checks import load_flags

        return load_flags(missing_ok=True)

    def show(
        self,
        name: str,
        answer: Answer,
        *,
        headline: bool = False,
        caption: str | None = None,
        cards: bool = False,
    ) -> pd.DataFrame | None:
        """Show an answer, record its results under ``name``, and return its tidy data.

        Parameters
        ----------
        name : str
            The key of its results in ``results.json`` (``"shares"``).
        answer : Answer
            The section's answer.
        headline : bool, default False
            Make its :attr:`~tradeviz.notebook.answer.Answer.headline` the run's headline (the
            first such answer only): shown first, bold, and recorded for the front page.
        caption : str, optional
            A line above its table.
        cards : bool, default False
            Show the table as cards (claims), readable on a phone.

        Returns
        -------
        pandas.DataFrame or None
            ``answer.data``: the figure rows (or checks) the answer was computed from.
        """
        self.answers[name] = answer
        record(name, answer.results)
        if headline and self._headline is None:
            group, rank = headline_group(self.parameters)
            self._headline = {
                "group": group,
                "rank": rank,
                "sentences": list(answer.headline),
                "not_reviewed": list(answer.not_reviewed),
            }
            self._record_headline()
            say(*answer.headline, headline=True)
            say(*(text for text in answer.sentences if text not in answer.headline))
        else:
            say(*answer.sentences)
        if cards:
            show_claims(answer.table)
        else:
            show_table(answer.table, caption=caption)
        return answer.data

    def _record_headline(self) -> None:
        if self._headline is not None:
            record(HEADLINE_KEY, {**self._headline, "charts": list(self._key_charts)})

    def explore(self, reporter: str, partner: str, year: int, flow: str, source: str) -> Any:
        """Return the explorer's widgets (JupyterLab): see :func:`tradeviz.notebook.explore`."""
        from tradeviz.notebook.explore import explorer

        return explorer(self, reporter, partner, year, flow, source)

    def table(self, table: pd.DataFrame | None, *, caption: str | None = None):
        """Show a table (with an optional caption) and return it, for the next cell."""
        show_table(table, caption=caption)
        return table

    def chart(self, name: str, *, key: bool = False, **options: Any) -> dict[str, str] | None:
        """Draw the chart ``name`` with ``options``, write it and show it.

        A chart that takes claims is given every reviewed claim about the run's pair (and flow,
        and the years up to ``end_year`` or ``year``), from every document, unless ``claims`` is
        passed; a chart that takes flags is given the checks' flags. A ``key`` chart is named in
        the run's headline: the front page shows it as a thumbnail under the run's finding.

        Returns
        -------
        dict of str to str or None
            The files written, by format (None when the data do not allow the chart).
        """
        from tradeviz.charts import registry

        spec = registry.get_chart(name)
        pair = options.get("reporter"), options.get("partner")
        if "claims" in spec.inputs and "claims" not in options and all(pair):
            last = options.get("end_year") or options.get("year")
            years = None if last is None else (options.get("start_year") or 0, int(last))
            options["claims"] = reviewed_claims(
                self.claims, *pair, flow=options.get("flow"), years=years
            )
        if "flags" in spec.inputs and "flags" not in options:
            options["flags"] = self.flags
        written = show_chart(name, self.figures, self.output_dir, **options)
        if key and written is not None:
            self._key_charts.append(str(options.get("file_name") or name))
            self._record_headline()
        return written


def start(output_dir: str | os.PathLike[str] = "figures", **parameters: Any) -> Session:
    """Set a notebook up in one call: load the figures, check and record the parameters.

    Parameters
    ----------
    output_dir : str or os.PathLike, default "figures"
        Where the charts are written.
    **parameters
        The notebook's parameters (``reporter="KAZ", partner="CHN", …``), checked with
        :func:`tradeviz.notebook.check_parameters` against the data.

    Returns
    -------
    Session

    Raises
    ------
    tradeviz.notebook.ParameterError
        When a parameter is of the wrong type or outside the data (one line per problem).
    """
    from tradeviz.figures import load_figures
    from tradeviz.parameters.catalogue import check_parameters

    figures = load_figures()
    extra = {}
    if "document" in parameters:
        from tradeviz.checks import load_claims

        extra["claims"] = load_claims()
    checked = check_parameters(figures, output_dir=output_dir, **extra, **parameters)
    session = Session(figures, record("parameters", checked), str(output_dir))
    if "claims" in extra:
        session.__dict__["claims"] = extra["claims"]
    return session
