"""What an indicator returns: the number, how it was computed and which figures it used."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tradeviz import schema
from tradeviz.query.errors import SelectionError
from tradeviz.query.select import CITATION_COLUMNS

#: Columns of :attr:`IndicatorResult.inputs`: enough to cite every figure an indicator used.
INPUT_COLUMNS: tuple[str, ...] = CITATION_COLUMNS


class IndicatorError(SelectionError):
    """An indicator cannot be computed as asked (a zero base, an argument out of range).

    Figures that cannot be had as asked raise the query layer's
    :class:`~tradeviz.query.SelectionError` (of which this is a kind) or
    :class:`~tradeviz.query.NoFigureError`.
    """


@dataclass(frozen=True)
class IndicatorResult:
    """The value of an indicator with the figures it was computed from.

    Attributes
    ----------
    name : str
        Indicator name, e.g. ``"partner_share"``.
    value : float
        The headline number (NaN for indicators whose result is a table, see ``table``).
    unit : str
        ``"percent"``, ``"USD"``, ``"ratio"``, ``"rank"`` or ``"index"``.
    formula : str
        The formula in words and symbols, with the denominator named where there is one.
    inputs : pandas.DataFrame
        The figure rows used, with the columns of :data:`INPUT_COLUMNS`.
    params : dict
        The parameters as resolved (source, perspective, vintage policy, years ...).
    details : dict
        Further numbers (e.g. the other mirror percentages, the normalised HHI).
    table : pandas.DataFrame or None
        Row-level results (ranks, product shares) for table-valued indicators.
    notes : tuple of str
        Plain-language caveats: which vintage was chosen and why, fallbacks, exclusions.
    """

    name: str
    value: float
    unit: str
    formula: str
    inputs: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    table: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()

    @property
    def figure_ids(self) -> tuple[str, ...]:
        """Return the ids of the figures used, in input order."""
        return tuple(self.inputs[schema.FIGURE_ID].astype(str))

    @property
    def sources(self) -> tuple[str, ...]:
        """Return the distinct sources of the inputs."""
        return _distinct(self.inputs[schema.SOURCE])

    @property
    def perspectives(self) -> tuple[str, ...]:
        """Return the distinct perspectives of the inputs."""
        return _distinct(self.inputs[schema.PERSPECTIVE])

    @property
    def vintages(self) -> tuple[str, ...]:
        """Return the distinct vintages of the inputs."""
        return _distinct(self.inputs[schema.VINTAGE])

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable summary (for ``tradeviz.results.record`` and reports).

        Returns
        -------
        dict
            ``name, value, unit, formula, figure_ids, sources, perspectives, vintages, params,
            details, notes`` and, for table-valued indicators, ``table`` as a list of records.
        """
        summary: dict[str, Any] = {
            "name": self.name,
            "value": _jsonable(self.value),
            "unit": self.unit,
            "formula": self.formula,
            "figure_ids": list(self.figure_ids),
            "sources": list(self.sources),
            "perspectives": list(self.perspectives),
            "vintages": list(self.vintages),
            "params": {key: _jsonable(val) for key, val in self.params.items()},
            "details": {key: _jsonable(val) for key, val in self.details.items()},
            "notes": list(self.notes),
        }
        if self.table is not None:
            summary["table"] = [
                {key: _jsonable(val) for key, val in record.items()}
                for record in self.table.to_dict(orient="records")
            ]
        return summary


def _distinct(column: pd.Series) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(value) for value in column))


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):  # pd.NaT is no Timestamp: handled below
        return value.date().isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return _jsonable(value.item())
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if value is pd.NaT:
        return None
    return str(value)
