"""The query layer: the one place that selects rows from the ``figures`` table.

Indicators, checks, charts and notebooks all pick their figures here, by one set of rules:

- **one source order** (:data:`tradeviz.vocabulary.SOURCE_PREFERENCE`): national tables first,
  quoted figures only when named (:mod:`tradeviz.query.sources`);
- **one vintage rule**: a number comes from the latest vintage that states every figure it
  needs; other choices are named options (:mod:`tradeviz.query.vintages`);
- **one turnover rule**: the table's stated turnover where it states one, its exports + imports
  otherwise, and the result says which (:mod:`tradeviz.query.turnover`);
- **one rank**: countries only, never aggregates (:mod:`tradeviz.query.ranks`);
- **what one table implies**, never mixed across tables: growth on the same period a year
  earlier (:mod:`tradeviz.query.growth`), a share from a part and its whole
  (:mod:`tradeviz.query.parts`), two partners side by side and a published series
  (:mod:`tradeviz.query.compare`); the release current on a day
  (:func:`tradeviz.query.vintages.as_of_release`).

Every function returns a tidy pandas DataFrame with the figure rows it selected (``figure_id``,
``source``, ``perspective``, ``vintage`` and the other columns of the table), ready to explore::

    from tradeviz import query
    from tradeviz.figures import load_figures

    figures = load_figures()
    query.trade_totals(figures, "KAZ", "CHN", years=range(2015, 2023))   # one row per figure
    query.partner_ranks(figures, "KAZ", "exports", partner="CHN")        # CHN's rank per table
    query.quoted_figures(figures, "KAZ", "CHN")                           # what was quoted
    query.where(figures, source="wits", classification="HS4", year=2020) # any other rows

Nothing here assumes a reporter, a partner or a source: the defaults are the reporter's own
statistics and the order of preference.
"""

from tradeviz.query.compare import paired_totals, published_series
from tradeviz.query.errors import NoFigureError, SelectionError
from tradeviz.query.growth import growth_figures
from tradeviz.query.investment import net_fdi_rows
from tradeviz.query.parts import share_figures
from tradeviz.query.ranks import partner_ranks, rank_certainty, rank_countries
from tradeviz.query.rows import between, check_year, mask, where, with_period_parts, year_of
from tradeviz.query.select import CITATION_COLUMNS, Selection, Slot, money, select
from tradeviz.query.sources import by_preference, is_quoted, prefer_source, source_rank
from tradeviz.query.statements import quoted_figures
from tradeviz.query.trade import countries_slot, trade_slot, trade_totals
from tradeviz.query.turnover import TURNOVER_BASIS, summed_turnover
from tradeviz.query.vintages import as_of, as_of_release, latest, release_date, release_order

__all__ = [
    "CITATION_COLUMNS",
    "TURNOVER_BASIS",
    "NoFigureError",
    "SelectionError",
    "Selection",
    "Slot",
    "as_of",
    "as_of_release",
    "between",
    "by_preference",
    "check_year",
    "countries_slot",
    "is_quoted",
    "growth_figures",
    "latest",
    "mask",
    "money",
    "net_fdi_rows",
    "paired_totals",
    "partner_ranks",
    "prefer_source",
    "published_series",
    "quoted_figures",
    "rank_certainty",
    "rank_countries",
    "release_date",
    "release_order",
    "select",
    "share_figures",
    "source_rank",
    "summed_turnover",
    "trade_slot",
    "trade_totals",
    "where",
    "with_period_parts",
    "year_of",
]
