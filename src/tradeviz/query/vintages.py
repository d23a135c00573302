"""Which vintage of a figure is used: the one vintage rule and its named options.

The rule: a number is computed from one vintage of one source, **the latest vintage that states
every figure it needs**. A figure drawn or listed alone is therefore its latest vintage, and the
two years of a growth rate come from the latest vintage that states both (the revised base, as
national releases compare). Options, always named by the caller and said in the notes:

``"latest-each"``  each figure from its own latest vintage (a CAGR whose endpoints no single
                   table states);
a vintage name     that vintage and no other;
``as_of``          the vintage that was current on a date: the latest released on or before it,
                   else the earliest (what the author of a document could have read);
``"all"``          every vintage (quoted figures, where each statement is its own record).

Vintages are compared as text within one source (release dates ``YYYY-MM-DD`` sort as dates),
after their **release**: a final figure is preferred to a preliminary one of the same period,
whatever their vintages (ERI's January–April 2023 tables print preliminary 2022 figures, its
January–July tables the final ones). A year-to-date period (January to a month, ``freq``
``YTD``) is a period of its own: never compared with the year or with another span of months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.rows import group_codes, kept_rows
from tradeviz.vocabulary import ALL_VINTAGES, LATEST, LATEST_EACH, RELEASE_ORDER

__all__ = [
    "ALL_VINTAGES",
    "LATEST",
    "LATEST_EACH",
    "as_of",
    "as_of_release",
    "latest",
    "release_date",
    "release_order",
    "release_rank",
    "vintage_rank",
]

#: The order in which releases of one figure are published, from the one release order of
#: :data:`tradeviz.vocabulary.RELEASE_ORDER`: a preliminary figure always comes before the final
#: one, and a figure whose release no source states sits between them.
RELEASE_SEQUENCE: tuple[str, ...] = tuple(sorted(RELEASE_ORDER, key=RELEASE_ORDER.__getitem__))


def release_rank(release: object) -> int:
    """Return how final a release is: higher is more final (preliminary < unknown < final)."""
    return RELEASE_ORDER.get(str(release), RELEASE_ORDER["unknown"])


def vintage_rank(rows: pd.DataFrame) -> np.ndarray:
    """Return one integer per row: higher is later (the release first, then the vintage)."""
    vintage = pd.factorize(rows[schema.VINTAGE].astype(str), sort=True)[0]
    if schema.RELEASE not in rows.columns:
        return vintage
    # Ranked once per distinct release (missing included), not once per row.
    codes, releases = pd.factorize(rows[schema.RELEASE], use_na_sentinel=False)
    ranks = np.array([release_rank(release) for release in releases], dtype=np.int64)
    release = ranks[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    return release * (int(vintage.max(initial=0)) + 1) + vintage


def latest(rows: pd.DataFrame, by: Iterable[str]) -> pd.DataFrame:
    """Keep, in each group of ``by``, the rows of the latest vintage (a final release first).

    Parameters
    ----------
    rows : pandas.DataFrame
        Figure rows (one source, or ``source`` among ``by``).
    by : iterable of str
        Columns that identify one figure across vintages (e.g. ``["year", "flow"]``).

    Returns
    -------
    pandas.DataFrame
        The rows whose vintage is the latest of their group.
    """
    by = list(by)
    if rows.empty:
        return rows
    group = np.unique(group_codes(rows, by), return_inverse=True)[1]
    rank = vintage_rank(rows)
    newest = np.full(group.max() + 1, -1)
    np.maximum.at(newest, group, rank)
    return kept_rows(rows, rank == newest[group])


def release_date(vintage: object) -> dt.date | None:
    """Return a vintage as the date it was released (``YYYY-MM-DD…``), or None."""
    try:
        return dt.date.fromisoformat(str(vintage)[:10])
    except ValueError:
        return None


def as_of(vintages: Iterable[str], day: dt.date | None) -> str:
    """Return the vintage current on ``day``: the latest released by then, else the earliest.

    Parameters
    ----------
    vintages : iterable of str
        The vintages of one figure.
    day : datetime.date or None
        The date of interest (None: the earliest vintage).

    Returns
    -------
    str
        One of ``vintages``.

    Examples
    --------
    >>> import datetime as dt
    >>> as_of(["2021-07-28", "2022-07-22"], dt.date(2021, 12, 31))
    '2021-07-28'
    >>> as_of(["2021-07-28", "2022-07-22"], dt.date(2021, 7, 20))
    '2021-07-28'
    """
    ordered = sorted(str(vintage) for vintage in vintages)
    if day is not None:
        released = [v for v in ordered if (date := release_date(v)) is not None and date <= day]
        if released:
            return released[-1]
    return ordered[0]


def release_order(vintage: object, release: object) -> tuple[int, dt.date, str]:
    """Return the sort key of one release of a figure: earliest published first.

    The preliminary release precedes the final one whatever their vintages say; within a
    release, a vintage that is a date sorts by it, and a vintage that is not (a dataset
    version, an upstream commit) after the dated ones.

    Examples
    --------
    >>> release_order("git-8c27be3d", "preliminary") < release_order("2023-11-20", "final")
    True
    """
    rank = RELEASE_SEQUENCE.index(release) if release in RELEASE_SEQUENCE else len(RELEASE_SEQUENCE)
    return (rank, release_date(vintage) or dt.date.max, str(vintage))


def as_of_release(
    releases: Iterable[tuple[object, object]], day: dt.date | None
) -> tuple[int, int, bool]:
    """Return which release of a figure was current on ``day``, and which is the latest.

    Parameters
    ----------
    releases : iterable of (vintage, release)
        The releases of one figure (``release`` as in :data:`tradeviz.schema.RELEASES`).
    day : datetime.date or None
        The document's date (None: no date, the earliest release is taken).

    Returns
    -------
    current, latest : int
        Positions in ``releases``: the latest release whose vintage date is on or before
        ``day``, else the earliest release there is; and the latest release of all.
    predates : bool
        Whether ``current`` is known to have been published by ``day`` (False: no release in
        the data predates the document, and the earliest is taken).

    Examples
    --------
    >>> as_of_release([("git-a", "final"), ("git-b", "preliminary")], dt.date(2023, 1, 20))
    (1, 0, False)
    """
    keys = [release_order(vintage, release) for vintage, release in releases]
    ordered = sorted(range(len(keys)), key=keys.__getitem__)
    newest = ordered[-1]
    if day is not None:
        known = [i for i in ordered if keys[i][1] != dt.date.max and keys[i][1] <= day]
        if known:
            return known[-1], newest, True
    return ordered[0], newest, False
