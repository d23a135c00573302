"""What the front page says of a run: the ``headline`` record a notebook leaves in its results.

The runner knows nothing of trade. A notebook that wants its finding on the front page records
one JSON object under :data:`HEADLINE_KEY` in its ``results.json``
(:func:`tradeviz.results.record`)::

    {"group": "Kazakhstan and China",           # the heading the finding is listed under
     "sentences": ["China took 19.8 % of …"],   # the finding, plain text
     "not_reviewed": ["…"],                     # optional: listed apart, as not yet reviewed
     "charts": ["partner_shares"],              # optional: the key charts' file stems
     "rank": 10}                                # optional: groups of lower rank come first

This module reads that record back, defensively: a results file is written by notebook code, so
anything malformed (not an object, wrong types, oversized text) is ignored rather than shown,
and every string is capped. The pages escape what they print.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from tradeviz.results import HEADLINE_KEY

#: Longest text kept of one sentence or heading (characters); longer text is cut with "…".
MAX_TEXT = 600
#: Most sentences (and not-reviewed items) kept of one run.
MAX_ITEMS = 40
#: Most key charts kept of one run.
MAX_CHARTS = 6
#: The rank of a group that states none (groups are listed by rank, then in batch order).
DEFAULT_RANK = 50
#: Largest ``results.json`` read for the front page (bytes).
MAX_RESULTS_BYTES = 2_000_000

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _cap(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class Headline(BaseModel):
    """A run's finding as the front page lists it (validated, strings capped)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    group: Text
    sentences: list[Text] = Field(default_factory=list)
    not_reviewed: list[Text] = Field(default_factory=list)
    charts: list[Text] = Field(default_factory=list)
    rank: int = Field(default=DEFAULT_RANK, ge=0, le=1000)

    def capped(self) -> Headline:
        """Return the record with every text and list cut to the page's limits."""
        return Headline(
            group=_cap(self.group),
            sentences=[_cap(text) for text in self.sentences[:MAX_ITEMS]],
            not_reviewed=[_cap(text) for text in self.not_reviewed[:MAX_ITEMS]],
            charts=self.charts[:MAX_CHARTS],
            rank=self.rank,
        )


def headline_of(results: Mapping[str, Any] | None) -> Headline | None:
    """Return the headline of a run's results, or ``None`` when it has none or it is malformed.

    Parameters
    ----------
    results : Mapping or None
        The run's ``results.json`` object.

    Returns
    -------
    Headline or None
    """
    if not isinstance(results, Mapping):
        return None
    record = results.get(HEADLINE_KEY)
    if not isinstance(record, Mapping):
        return None
    try:
        return Headline.model_validate(record).capped()
    except ValidationError:
        return None


def read_headline(path: str | Path) -> Headline | None:
    """Return the headline recorded in the results file ``path`` (``None`` if none is usable).

    A missing, oversized or unreadable file gives ``None``: the front page then lists the run
    in the run log only.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return headline_of(results)
