"""Figures a claim needs that the tables imply but do not print: growth from two levels.

A claim of growth on the same period of the previous year (``growth_yoy``) is weighed against
every growth the tables give, computed by :func:`tradeviz.query.growth.growth_figures` within one
source and one vintage: the growth a table states (ERI's index) and the growth its own levels
imply. For the claim's own side and, where the measure has one, the partner's mirror record.
Quoted growth rates (statements) are in the figures already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz.checks.matching import SUBJECT_RULES, as_date
from tradeviz.query.growth import growth_figures
from tradeviz.vocabulary import GROWTH_YOY, MIRROR_FLOW

if TYPE_CHECKING:
    import pandas as pd


def claim_figures(figures: pd.DataFrame, claim: dict[str, Any]) -> pd.DataFrame:
    """Return ``figures`` with the computed figures that bear on ``claim`` appended.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    claim : dict
        One row of the claims table.

    Returns
    -------
    pandas.DataFrame
        ``figures`` itself when the claim needs nothing computed, else a new frame with the
        computed rows (growth of the claim's pair and flow over its period, both sides).
    """
    import pandas as pd

    if claim["measure"] != GROWTH_YOY or SUBJECT_RULES.get(GROWTH_YOY) != "pair":
        return figures
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    if start is None or end is None or not claim["partner"]:
        return figures
    parts = [growth_figures(figures, claim["reporter"], claim["partner"], claim["flow"], start, end)]
    mirror_flow = MIRROR_FLOW.get(claim["flow"])
    if mirror_flow:
        parts.append(
            growth_figures(figures, claim["partner"], claim["reporter"], mirror_flow, start, end)
        )
    parts = [part for part in parts if not part.empty]
    if not parts:
        return figures
    return pd.concat([figures, *parts], ignore_index=True)
