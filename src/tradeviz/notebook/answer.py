"""What a notebook section shows and records: an :class:`Answer`, and the helpers answers share.

Each question the notebooks ask has its module (:mod:`tradeviz.notebook.shares`,
:mod:`~tradeviz.notebook.growth`, :mod:`~tradeviz.notebook.profile`,
:mod:`~tradeviz.notebook.mirror`, :mod:`~tradeviz.notebook.investment`,
:mod:`~tradeviz.notebook.claims`, :mod:`~tradeviz.notebook.integrity`). Each answer calls the
indicators and the query layer, turns a missing figure into an "unverifiable" sentence instead of
an error or an estimate, and returns an :class:`Answer`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.text import producer_label
from tradeviz.vocabulary import MILLION

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.indicators import IndicatorResult

#: Tables for readers show money in millions of US dollars.
USD_M = "USD m"


@dataclass(frozen=True)
class Answer:
    """What one notebook section shows and records.

    Attributes
    ----------
    sentences : tuple of str
        Plain-text sentences of interpretation (escape them to render HTML).
    table : pandas.DataFrame or None
        A table for readers (readable column names).
    results : dict
        JSON-serialisable numbers with the ids, sources and vintages of the figures used (what
        the notebook records with :func:`tradeviz.results.record`).
    data : pandas.DataFrame or None
        The tidy data the answer was computed from (figure rows with ``figure_id``, ``source``,
        ``perspective``, ``vintage``; or the checks' rows), for an analyst to explore and for a
        chart to draw without selecting again.
    details : pandas.DataFrame or None
        A second, longer table where a section has one (e.g. every warning of a check).
    lead : tuple of str
        The sentences a report opens with when this answer is its headline (the first sentence
        when empty).
    not_reviewed : tuple of str
        Findings drawn from material not yet reviewed (draft claims): listed apart, never as
        findings.
    """

    sentences: tuple[str, ...]
    table: pd.DataFrame | None = None
    results: dict[str, Any] = field(default_factory=dict)
    data: pd.DataFrame | None = None
    details: pd.DataFrame | None = None
    lead: tuple[str, ...] = ()
    not_reviewed: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Return the sentences as one paragraph."""
        return " ".join(self.sentences)

    @property
    def headline(self) -> tuple[str, ...]:
        """Return the sentences a report opens with: :attr:`lead`, else the first sentence."""
        return self.lead or self.sentences[:1]


def number(value: Any) -> float | None:
    """Return a float, or None for a missing value (JSON has no NaN)."""
    if value is None:
        return None
    result = float(value)
    return None if math.isnan(result) else result


def millions(value: Any) -> float | None:
    """Return a dollar amount in millions (None when missing), as reader tables show money."""
    result = number(value)
    return None if result is None else result / MILLION


def evidence(result: IndicatorResult) -> dict[str, Any]:
    """Return what a recorded number needs to be traced: figure ids, source, vintage."""
    return {
        "figure_ids": list(result.figure_ids),
        "sources": list(result.sources),
        "perspectives": list(result.perspectives),
        "vintages": list(result.vintages),
        "formula": result.formula,
        "notes": list(result.notes),
    }


def producer(result: IndicatorResult) -> str:
    """Return the producer of an indicator's figures as readers know it (``BNS``)."""
    orgs = result.inputs[s.SOURCE_ORG].dropna().astype(str).unique().tolist()
    return producer_label(orgs[0]) if len(orgs) == 1 else ", ".join(orgs)


def attempt(function, *args: Any, **kwargs: Any) -> tuple[IndicatorResult | None, str | None]:
    """Call an indicator; return ``(result, None)`` or ``(None, reason)`` if it cannot be had."""
    from tradeviz.query import SelectionError

    try:
        return function(*args, **kwargs), None
    except SelectionError as error:
        return None, str(error)


def inputs_of(results: Mapping[Any, IndicatorResult | None], key: str) -> pd.DataFrame | None:
    """Return the figures every result used, one frame, with the result's key in column ``key``."""
    import pandas as pd

    frames = [
        result.inputs.assign(**{key: [name] * len(result.inputs)})
        for name, result in results.items()
        if result is not None
    ]
    return pd.concat(frames, ignore_index=True) if frames else None


#: Columns of a quoted-figures table as readers see it.
QUOTED_DISPLAY = {
    "statement": "statement",
    "perspective": "side",
    "tier": "tier",
    "flow": "flow",
    "measure": "measure",
    "period": "period",
    "value_m": f"value ({USD_M})",
    "qualifier": "qualifier",
    "growth_pct": "stated growth (%)",
    "speaker": "speaker",
    "outlet": "outlet",
    "excerpt": "excerpt",
    "url": "url",
}


def quoted_for_readers(quoted: pd.DataFrame) -> pd.DataFrame:
    """Return quoted figures (:func:`tradeviz.query.quoted_figures`) as readers see them."""
    table = quoted.assign(value_m=quoted["value_usd"] / MILLION)
    return table.loc[:, list(QUOTED_DISPLAY)].rename(columns=QUOTED_DISPLAY)


#: Columns of quoted figures that hold numbers (recorded as floats, None when missing).
_NUMBER_COLUMNS = frozenset({"value", "scale", "value_usd", "growth_pct"})


def quoted_records(quoted: pd.DataFrame, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return quoted figures as JSON-serialisable records of ``fields`` (numbers as floats)."""
    return [
        {name: number(row[name]) if name in _NUMBER_COLUMNS else str(row[name]) for name in fields}
        for row in quoted.to_dict(orient="records")
    ]
