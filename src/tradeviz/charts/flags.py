"""Which years of a source the checks flagged ``incomplete_vintage``, for charts to mark.

``tradeviz check`` writes the ``flags`` table; the caller of a chart loads it
(:func:`tradeviz.checks.load_flags`) and passes it in. ``None`` means the flags have not been
computed yet, and the chart's note says so.
"""

from __future__ import annotations

import pandas as pd

from tradeviz.query import where, year_of
from tradeviz.vocabulary import FLAG_INCOMPLETE_VINTAGE


def incomplete_years(
    flags: pd.DataFrame | None,
    *,
    source: str,
    flow: str | None = None,
    reporter: str | None = None,
    partner: str | None = None,
    classification: str | None = None,
) -> set[int]:
    """Return the years of ``source`` flagged ``incomplete_vintage`` (for a flow and pair).

    Parameters
    ----------
    flags : pandas.DataFrame or None
        The flags table (:data:`tradeviz.checks.vocab.FLAG_COLUMNS`).
    source : str
        The source whose flags are wanted, e.g. ``"wits"``.
    flow, reporter, partner : str, optional
        Narrow the flags to one flow and pair.
    classification : str, optional
        Narrow the flags to one product classification (a flag on an HS-4 extract does not
        mark the same source's totals).

    Returns
    -------
    set of int
        Flagged calendar years (empty if none, or no flags).
    """
    if flags is None or flags.empty:
        return set()
    wanted = {
        name: value
        for name, value in (
            ("flow", flow),
            ("reporter", reporter),
            ("partner", partner),
            ("classification", classification),
        )
        if value is not None
    }
    flagged = where(flags, flag=FLAG_INCOMPLETE_VINTAGE, source=source, **wanted)
    return {int(year) for year in year_of(flagged).dropna()}
