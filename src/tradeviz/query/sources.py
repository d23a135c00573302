"""Which source is preferred when several give a figure: the one order of the vocabulary.

:data:`tradeviz.vocabulary.SOURCE_PREFERENCE` ranks the sources; a source it does not list
ranks after the listed statistical tables and before quoted figures, so that a new table is
used before a statement but never before the tables already known.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tradeviz import schema
from tradeviz.vocabulary import QUOTED_SOURCES, SOURCE_PREFERENCE


def is_quoted(source: str) -> bool:
    """Return whether ``source`` holds quoted figures (statements), not a statistical table."""
    return source in QUOTED_SOURCES


def is_quoted_each(sources: pd.Series) -> pd.Series:
    """Return :func:`is_quoted` of each source name of a column, as booleans (missing: False).

    Read as one membership test of the column rather than a call per row.
    """
    return sources.isin(QUOTED_SOURCES)


def source_rank(source: str) -> tuple[int, int, str]:
    """Return the sort key of a source: lower is preferred.

    Listed tables come first in the order of the preference, then tables it does not list (by
    name), then quoted figures.

    Examples
    --------
    >>> source_rank("bns_annual") < source_rank("wits") < source_rank("statements")
    True
    >>> source_rank("wits") < source_rank("uz_stat") < source_rank("statements")
    True
    """
    listed = source in SOURCE_PREFERENCE
    group = 2 if is_quoted(source) else (0 if listed else 1)
    return (group, SOURCE_PREFERENCE.index(source) if listed else 0, source)


def by_preference(sources: Iterable[str]) -> list[str]:
    """Return the distinct ``sources``, most preferred first."""
    return sorted(set(sources), key=source_rank)


def table_sources(sources: Iterable[str]) -> list[str]:
    """Return the statistical-table sources among ``sources``, most preferred first."""
    return [source for source in by_preference(sources) if not is_quoted(source)]


def prefer_source(rows: pd.DataFrame, by: Iterable[str]) -> pd.DataFrame:
    """Keep, in each group of ``by``, the rows of the most preferred source that has any.

    Parameters
    ----------
    rows : pandas.DataFrame
        Figure rows of several sources.
    by : iterable of str
        Columns that define one figure (e.g. ``["year"]`` for a series by year).

    Returns
    -------
    pandas.DataFrame
        The rows of the preferred source of each group.
    """
    if rows.empty:
        return rows
    order = {source: rank for rank, source in enumerate(by_preference(rows[schema.SOURCE]))}
    rank = rows[schema.SOURCE].map(order)
    best = rank.groupby([rows[column] for column in by]).transform("min")
    return rows.loc[rank == best]
