"""Pick the figures an indicator needs, from one source, one perspective and one vintage.

An indicator asks for *slots*: "Kazakhstan's exports to China in 2020", "Kazakhstan's exports to
the world in 2020". This module finds the rows that fill them and refuses to mix silently:

- **source**: all slots come from one source. Without an explicit ``source`` the statistical
  tables are tried in the order of :data:`TABLE_SOURCES`; quoted figures (``statements``) are used
  only when asked for by name, so a statement is never mixed with table figures by default.
- **perspective**: all slots come from one perspective, by default the reporter's own.
- **vintage**: ``"latest"`` (the default) takes the most recent vintage that states *every* slot;
  ``"latest-each"`` takes each slot from its own latest vintage and says so in the notes; any
  other string is one vintage by name.

Every choice made by default is written into the notes of the result.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.indicators.result import INPUT_COLUMNS, IndicatorError, NoFigureError

LATEST = "latest"
LATEST_EACH = "latest-each"
#: Statistical-table sources tried, in this order, when no source is named.
TABLE_SOURCES: tuple[str, ...] = ("bns_annual", "bns_monthly", "wits")
#: The source of figures quoted by officials and the press: used only when named.
STATEMENTS_SOURCE = "statements"
#: Columns a figures table needs for indicators to work.
REQUIRED_COLUMNS: tuple[str, ...] = INPUT_COLUMNS + (schema.PARTNER_KIND, schema.CLASSIFICATION)
#: The columns the choice of source, perspective and vintage reads. :func:`select` narrows the
#: candidates on these alone and takes the full rows once, at the end: each boolean take of every
#: column of the figures table costs about a millisecond, whatever the number of rows kept.
_CHOICE_COLUMNS = [schema.SOURCE, schema.PERSPECTIVE, schema.VINTAGE]
#: One test a candidate row must pass: ``(kind, column, value)``, kind ``==``, ``in``,
#: ``not in``, ``year`` or ``month``.
_Test = tuple[str, str, Any]


@dataclass(frozen=True)
class Slot:
    """One figure (or, with ``many``, one set of figures) an indicator needs.

    Attributes
    ----------
    label : str
        Plain words used in messages, e.g. ``"KAZ exports to CHN, 2020"``.
    criteria : Mapping[str, Any]
        Column -> required value (a tuple means any of those values).
    year : int or None
        Calendar year of ``period_start``.
    month : int or None
        Month of ``period_start`` (monthly figures).
    many : bool
        Several rows fill the slot (e.g. every partner country); they must be unique by
        ``unique_by``.
    unique_by : tuple of str
        Columns that identify a row within a ``many`` slot.
    exclude : Mapping[str, tuple]
        Column -> values that disqualify a row (e.g. line-sum product codes).
    """

    label: str
    criteria: Mapping[str, Any]
    year: int | None = None
    month: int | None = None
    many: bool = False
    unique_by: tuple[str, ...] = ()
    exclude: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)


@dataclass
class Selection:
    """The rows chosen for each slot and how they were chosen."""

    rows: dict[str, pd.DataFrame]
    source: str
    perspective: str
    vintage: str
    notes: list[str] = field(default_factory=list)

    def one(self, label: str) -> pd.Series:
        """Return the single row chosen for slot ``label``."""
        return self.rows[label].iloc[0]

    def inputs(self) -> pd.DataFrame:
        """Return every chosen row (the indicator's inputs) with the citation columns."""
        frames = [frame for frame in self.rows.values() if len(frame)]
        used = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        columns = [column for column in INPUT_COLUMNS if column in used.columns]
        return used.loc[:, columns].drop_duplicates(subset=[schema.FIGURE_ID])

    def params(self) -> dict[str, str]:
        """Return the resolved source, perspective and vintage."""
        return {"source": self.source, "perspective": self.perspective, "vintage": self.vintage}


def check_year(value: Any, name: str = "year") -> int:
    """Return ``value`` as a calendar year, or raise :class:`IndicatorError` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value):
        raise IndicatorError(f"{name} must be a calendar year such as 2020, found {value!r}")
    return int(value)


def check_columns(figures: pd.DataFrame, columns: Iterable[str] = REQUIRED_COLUMNS) -> None:
    """Raise :class:`IndicatorError` if ``figures`` lacks a column indicators need.

    Parameters
    ----------
    figures : pandas.DataFrame
        A table shaped like :data:`tradeviz.schema.FIGURE_COLUMNS`.
    columns : iterable of str
        The columns required.
    """
    if not isinstance(figures, pd.DataFrame):
        raise IndicatorError(f"figures must be a pandas DataFrame, found {type(figures).__name__}")
    missing = [column for column in columns if column not in figures.columns]
    if missing:
        raise IndicatorError(
            "figures table lacks column(s) "
            + ", ".join(missing)
            + " (expected the columns of tradeviz.schema.FIGURE_COLUMNS)"
        )


def money(row: pd.Series) -> float:
    """Return a money figure in US dollars, refusing non-money units.

    Parameters
    ----------
    row : pandas.Series
        One figure row.

    Returns
    -------
    float
        ``value_usd`` (value × scale).
    """
    if row[schema.UNIT] != "USD":
        raise IndicatorError(
            f"figure {row[schema.FIGURE_ID]} is in {row[schema.UNIT]!r}, not USD: "
            "money indicators do not mix units"
        )
    return float(row[schema.VALUE_USD])


def candidates(figures: pd.DataFrame, slot: Slot) -> pd.DataFrame:
    """Return every row (any source, perspective, vintage) that could fill ``slot``."""
    return figures.loc[candidate_mask(figures, slot)]


def candidate_mask(
    figures: pd.DataFrame, slot: Slot, done: dict[_Test, np.ndarray] | None = None
) -> np.ndarray:
    """Return which rows of ``figures`` could fill ``slot``, as a boolean array.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    slot : Slot
        The slot to fill.
    done : dict, optional
        Results of the tests already run over ``figures``, kept across the slots of one
        selection: an indicator's slots share most of their tests (reporter, flow, measure,
        year ...), so each test over the whole table runs once. Filled in by the call.

    Returns
    -------
    numpy.ndarray
        One boolean a row of ``figures``, in order (use with ``figures.loc``).
    """
    done = {} if done is None else done
    mask = np.ones(len(figures), dtype=bool)
    for test in _tests(slot):
        if test not in done:
            done[test] = _run_test(figures, test)
        mask &= done[test]
    return mask


def _tests(slot: Slot) -> list[_Test]:
    """Return the tests a row must pass to fill ``slot``: ``(kind, column, value)``."""
    tests = [
        ("in" if isinstance(wanted, tuple) else "==", column, wanted)
        for column, wanted in slot.criteria.items()
    ]
    tests += [("not in", column, tuple(unwanted)) for column, unwanted in slot.exclude.items()]
    if slot.year is not None:
        tests.append(("year", schema.PERIOD_START, slot.year))
    if slot.month is not None:
        tests.append(("month", schema.PERIOD_START, slot.month))
    return tests


def _run_test(figures: pd.DataFrame, test: _Test) -> np.ndarray:
    kind, column, wanted = test
    values = figures[column]
    if kind == "==":
        passed = values == wanted
    elif kind == "in":
        passed = values.isin(wanted)
    elif kind == "not in":
        passed = ~values.isin(wanted)
    else:
        start = pd.to_datetime(values)
        passed = (start.dt.year if kind == "year" else start.dt.month) == wanted
    return passed.fillna(False).to_numpy(dtype=bool)


def select(
    figures: pd.DataFrame,
    slots: Sequence[Slot],
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
    default_perspective: str | None = None,
) -> Selection:
    """Fill every slot from one source, one perspective and (by default) one vintage.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    slots : sequence of Slot
        What the indicator needs.
    source : str, optional
        A source name (``schema.SOURCES``); default: the first of :data:`TABLE_SOURCES` that
        fills every slot. Statements are used only when named.
    perspective : str, optional
        Whose statistics; default ``default_perspective`` (the reporter's own).
    vintage : str, default "latest"
        ``"latest"``, ``"latest-each"`` or one vintage by name.
    default_perspective : str, optional
        The perspective used when ``perspective`` is not given.

    Returns
    -------
    Selection
        The chosen rows per slot label, with notes saying what was chosen by default.

    Raises
    ------
    IndicatorError
        When a slot cannot be filled, or only by mixing sources, perspectives or vintages.
    """
    check_columns(figures)
    notes: list[str] = []
    # Pools hold only the choice columns, indexed by row position, until the rows are chosen.
    choice = figures.loc[:, _CHOICE_COLUMNS].reset_index(drop=True)
    done: dict[_Test, np.ndarray] = {}
    pools = {slot.label: choice.loc[candidate_mask(figures, slot, done)] for slot in slots}
    for slot in slots:
        if pools[slot.label].empty:
            raise NoFigureError(f"no figure for {slot.label} in the figures table")

    chosen_source = _choose_source(pools, slots, source, notes)
    pools = {label: pool[pool[schema.SOURCE] == chosen_source] for label, pool in pools.items()}

    chosen_perspective = perspective or default_perspective
    if chosen_perspective is None:
        found = {p for pool in pools.values() for p in pool[schema.PERSPECTIVE].unique()}
        if len(found) != 1:
            raise IndicatorError(
                f"figures of several perspectives ({', '.join(sorted(found))}) in "
                f"{chosen_source}: pass perspective= to choose one"
            )
        chosen_perspective = found.pop()
    for slot in slots:
        pool = pools[slot.label]
        kept = pool[pool[schema.PERSPECTIVE] == chosen_perspective]
        if kept.empty:
            available = ", ".join(sorted(pool[schema.PERSPECTIVE].unique()))
            raise NoFigureError(
                f"no figure for {slot.label} from perspective {chosen_perspective!r} in "
                f"{chosen_source} (perspectives available: {available}); perspectives are "
                "never mixed"
            )
        pools[slot.label] = kept

    pools, vintage_label = _choose_vintage(pools, slots, vintage, chosen_source, notes)
    pools = {label: figures.iloc[pool.index] for label, pool in pools.items()}

    for slot in slots:
        pool = pools[slot.label]
        keys = list(slot.unique_by) if slot.many else []
        duplicated = pool.duplicated(subset=keys, keep=False) if keys else None
        if slot.many and duplicated is not None and duplicated.any():
            ids = ", ".join(pool.loc[duplicated, schema.FIGURE_ID].astype(str).head(4))
            raise IndicatorError(
                f"several figures for the same {'/'.join(keys)} in {slot.label}: {ids}"
            )
        if not slot.many and len(pool) > 1:
            ids = ", ".join(pool[schema.FIGURE_ID].astype(str))
            raise IndicatorError(
                f"{len(pool)} figures fit {slot.label} in {chosen_source} ({ids}): "
                "filter the figures (e.g. by record_id) to choose one"
            )
    _check_units(pools, slots)
    return Selection(pools, chosen_source, chosen_perspective, vintage_label, notes)


def _choose_source(
    pools: dict[str, pd.DataFrame], slots: Sequence[Slot], source: str | None, notes: list[str]
) -> str:
    coverage = {label: set(pool[schema.SOURCE].unique()) for label, pool in pools.items()}
    if source is not None:
        missing = [slot.label for slot in slots if source not in coverage[slot.label]]
        if missing:
            raise NoFigureError(
                f"no figure for {missing[0]} in source {source!r} (sources that have it: "
                f"{', '.join(sorted(coverage[missing[0]])) or 'none'})"
            )
        return source
    for candidate in TABLE_SOURCES:
        if all(candidate in covered for covered in coverage.values()):
            others = set.union(*coverage.values()) - {candidate}
            if others:
                notes.append(
                    f"source {candidate} chosen by default (tables in the order "
                    f"{', '.join(TABLE_SOURCES)}); also available: {', '.join(sorted(others))}"
                )
            return candidate
    if all(STATEMENTS_SOURCE in covered for covered in coverage.values()):
        raise IndicatorError(
            f"only quoted figures (source 'statements') give {slots[0].label}: pass "
            "source='statements' to use them; they are never mixed with tables by default"
        )
    detail = "; ".join(
        f"{label}: {', '.join(sorted(covered))}" for label, covered in coverage.items()
    )
    raise IndicatorError(
        f"no single source gives every figure needed ({detail}); sources are never mixed"
    )


def _choose_vintage(
    pools: dict[str, pd.DataFrame],
    slots: Sequence[Slot],
    vintage: str,
    source: str,
    notes: list[str],
) -> tuple[dict[str, pd.DataFrame], str]:
    by_slot = {label: set(pool[schema.VINTAGE].astype(str)) for label, pool in pools.items()}
    if vintage == LATEST_EACH:
        kept = {}
        for label, pool in pools.items():
            latest = max(by_slot[label])
            kept[label] = pool[pool[schema.VINTAGE].astype(str) == latest]
        used = sorted({v for pool in kept.values() for v in pool[schema.VINTAGE].astype(str)})
        if len(used) > 1:
            notes.append(
                f"vintages mixed on request (vintage='latest-each'): each figure from its own "
                f"latest vintage of {source} ({', '.join(used)})"
            )
        return kept, LATEST_EACH if len(used) > 1 else used[0]
    if vintage == LATEST:
        common = set.intersection(*by_slot.values())
        if not common:
            detail = "; ".join(
                f"{label}: {', '.join(sorted(found))}" for label, found in by_slot.items()
            )
            raise IndicatorError(
                f"no single vintage of {source} states every figure needed ({detail}); pass "
                "vintage='latest-each' to take each figure from its own latest vintage, or "
                "name one vintage"
            )
        chosen = max(common)
        if len(set.union(*by_slot.values())) > 1:
            notes.append(
                f"vintage {chosen} of {source}: the latest that states every figure used "
                "(vintage='latest')"
            )
    else:
        chosen = str(vintage)
        missing = [label for label, found in by_slot.items() if chosen not in found]
        if missing:
            raise IndicatorError(
                f"vintage {chosen!r} of {source} does not state {missing[0]} (vintages that "
                f"do: {', '.join(sorted(by_slot[missing[0]]))})"
            )
    kept = {
        label: pool[pool[schema.VINTAGE].astype(str) == chosen] for label, pool in pools.items()
    }
    return kept, chosen


def _check_units(pools: dict[str, pd.DataFrame], slots: Sequence[Slot]) -> None:
    units = {slot.label: set(pools[slot.label][schema.UNIT].unique()) for slot in slots}
    found = set.union(*units.values()) if units else set()
    if len(found) > 1:
        detail = "; ".join(f"{label}: {', '.join(sorted(u))}" for label, u in units.items())
        raise IndicatorError(f"figures in different units ({detail}); units are never mixed")
