"""The denominator of a share: the stated world total, else the listed partners summed, said so.

A share is the part over the reporter's *stated* world total wherever a table states one. Some
tables state none (Uzbekistan's trade by country): the share is then computed over the sum of
the partner countries the table lists, from the same source, perspective and vintage. That sum
is a **computed** denominator: it leaves out whatever the table does not list (confidential
rows, unallocated trade), so it is never presented as a total. This module is the one place
that decides which denominator a share has and how it is named; results, sentences, tables and
charts take the name from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradeviz.query.errors import NoFigureError
from tradeviz.query.select import Selection, money, select
from tradeviz.query.trade import countries_slot, trade_slot
from tradeviz.text.names import source_label
from tradeviz.vocabulary import LATEST

#: The kinds of denominator a share can have.
STATED_DENOMINATOR = "stated"
COMPUTED_DENOMINATOR = "computed"
#: A table that lists fewer partner countries than this is a selection of partners (the
#: reporters' declarations of trade with China list one), not the reporter's trade by country:
#: its sum is no denominator at all.
MIN_LISTED_PARTNERS = 10


def stated_label(reporter: str, flow: str, source: str) -> str:
    """Return how a stated world total is named."""
    return f"stated world total of {reporter} {flow} ({source_label(source)})"


def computed_label(count: int, source: str) -> str:
    """Return how a computed denominator is named, wherever it is shown."""
    return (
        f"the sum of the {count} partner countries listed by {source_label(source)} "
        "(computed: the table states no world total)"
    )


@dataclass(frozen=True)
class ComputedShare:
    """A part and the sum of the listed partners it is a share of, from one table."""

    selection: Selection
    part_usd: float
    total_usd: float
    partners: int
    label: str

    @property
    def kind(self) -> str:
        """Return :data:`COMPUTED_DENOMINATOR`."""
        return COMPUTED_DENOMINATOR


def listed_partners_share(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    year: int,
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> ComputedShare:
    """Return a partner's figure and the sum of every partner country of the same table.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    flow : str
        ``"exports"``, ``"imports"`` or ``"turnover"``.
    year : int
        Calendar year.
    source, perspective, vintage
        As in :func:`tradeviz.query.select`.

    Returns
    -------
    ComputedShare
        The selection (both slots from one source, perspective and vintage), the part, the
        computed denominator, the number of partners summed and the denominator's name.

    Raises
    ------
    NoFigureError
        When no table states the part and lists at least :data:`MIN_LISTED_PARTNERS` countries.
    """
    part = trade_slot(reporter, partner, flow, year)
    listed = countries_slot(reporter, flow, year)
    chosen = select(
        figures,
        [part, listed],
        source=source,
        perspective=perspective,
        vintage=vintage,
        default_perspective=reporter,
    )
    countries = chosen.rows[listed.label]
    if len(countries) < MIN_LISTED_PARTNERS:
        raise NoFigureError(
            f"{chosen.source} lists {len(countries)} partner countries of {reporter} {flow} "
            f"{year} and states no world total: fewer than {MIN_LISTED_PARTNERS}, no "
            "denominator can be computed"
        )
    total = float(sum(money(row) for _, row in countries.iterrows()))
    return ComputedShare(
        selection=chosen,
        part_usd=money(chosen.one(part.label)),
        total_usd=total,
        partners=len(countries),
        label=computed_label(len(countries), chosen.source),
    )
