"""Pick the figures a number needs, from one source, one perspective and one vintage.

A number asks for *slots*: "Kazakhstan's exports to China in 2020", "Kazakhstan's exports to
the world in 2020". :func:`select` finds the rows that fill them and refuses to mix silently:

- **source**: all slots come from one source. Without an explicit ``source`` the statistical
  tables are tried in the order of :data:`tradeviz.vocabulary.SOURCE_PREFERENCE`; quoted figures
  (``statements``) are used only when asked for by name, so a statement is never mixed with
  table figures by default.
- **perspective**: all slots come from one perspective, by default the reporter's own.
- **vintage**: the rule of :mod:`tradeviz.query.vintages` — the latest vintage that states
  *every* slot — or one of its named options (``"latest-each"``, a vintage by name, ``as_of``).
- **turnover**: a turnover slot is filled by the table's stated turnover where the table states
  one, else by its exports + imports (:func:`tradeviz.query.trade.with_turnover`).
- **completeness**: a total far short of the reporter's national table (an incomplete vintage,
  :mod:`tradeviz.query.completeness`) never fills a slot; the notes say which was skipped, why.

Every choice made by default is written into the notes of the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.completeness import incomplete_positions
from tradeviz.query.errors import NoFigureError, SelectionError
from tradeviz.query.rows import Test, check_columns, mask
from tradeviz.query.sources import source_rank, table_sources
from tradeviz.query.turnover import PARTS_COLUMN, summed_parts, turnover_candidates
from tradeviz.query.vintages import as_of as current_on
from tradeviz.query.vintages import release_rank
from tradeviz.vocabulary import LATEST, LATEST_EACH, QUOTED_SOURCES, TURNOVER, UNIT_USD

#: Columns that cite a figure: what a number's ``inputs`` keep of each figure it used.
CITATION_COLUMNS: tuple[str, ...] = (
    schema.FIGURE_ID,
    schema.REPORTER,
    schema.PARTNER,
    schema.FLOW,
    schema.MEASURE,
    schema.FREQ,
    schema.PERIOD_START,
    schema.PERIOD_END,
    schema.PERIOD_LABEL,
    schema.PRODUCT_CODE,
    schema.VALUE,
    schema.UNIT,
    schema.SCALE,
    schema.VALUE_USD,
    schema.PERSPECTIVE,
    schema.SOURCE,
    schema.SOURCE_ORG,
    schema.SOURCE_TIER,
    schema.SOURCE_FILE,
    schema.SOURCE_URL,
    schema.VINTAGE,
    schema.LOCATOR,
    schema.RECORD_ID,
)
#: Columns a figures table needs for a selection.
REQUIRED_COLUMNS: tuple[str, ...] = CITATION_COLUMNS + (schema.PARTNER_KIND, schema.CLASSIFICATION)
#: The columns the choice of source, perspective and vintage reads. :func:`select` narrows the
#: candidates on these alone and takes the full rows once, at the end: each boolean take of every
#: column of the figures table costs about a millisecond, whatever the number of rows kept.
_CHOICE_COLUMNS = [schema.SOURCE, schema.PERSPECTIVE, schema.VINTAGE, schema.RELEASE]


@dataclass(frozen=True)
class Slot:
    """One figure (or, with ``many``, one set of figures) a number needs.

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

    def mask(self, figures: pd.DataFrame, done: dict[Test, np.ndarray] | None = None):
        """Return which rows of ``figures`` could fill the slot (any source or vintage)."""
        return mask(
            figures,
            year=self.year,
            month=self.month,
            exclude=self.exclude,
            done=done,
            **self.criteria,
        )


@dataclass
class Selection:
    """The rows chosen for each slot and how they were chosen."""

    rows: dict[str, pd.DataFrame]
    source: str
    perspective: str
    vintage: str
    notes: list[str] = field(default_factory=list)
    stated: dict[str, pd.DataFrame] = field(default_factory=dict)

    def one(self, label: str) -> pd.Series:
        """Return the single row chosen for slot ``label``."""
        return self.rows[label].iloc[0]

    def inputs(self) -> pd.DataFrame:
        """Return every figure used (a summed turnover as its two flows), citation columns only."""
        frames = [frame for frame in (self.stated or self.rows).values() if len(frame)]
        used = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        columns = [column for column in CITATION_COLUMNS if column in used.columns]
        return used.loc[:, columns].drop_duplicates(subset=[schema.FIGURE_ID])

    def params(self) -> dict[str, str]:
        """Return the resolved source, perspective and vintage."""
        return {"source": self.source, "perspective": self.perspective, "vintage": self.vintage}


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
    if row[schema.UNIT] != UNIT_USD:
        raise SelectionError(
            f"figure {row[schema.FIGURE_ID]} is in {row[schema.UNIT]!r}, not USD: "
            "money indicators do not mix units"
        )
    return float(row[schema.VALUE_USD])


def select(
    figures: pd.DataFrame,
    slots: Sequence[Slot],
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
    as_of: dt.date | None = None,
    default_perspective: str | None = None,
) -> Selection:
    """Fill every slot from one source, one perspective and (by default) one vintage.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    slots : sequence of Slot
        What the number needs.
    source : str, optional
        A source name (``schema.SOURCES``); default: the first statistical table, in the order of
        preference, that fills every slot. Quoted figures are used only when named.
    perspective : str, optional
        Whose statistics; default ``default_perspective`` (the reporter's own).
    vintage : str, default "latest"
        ``"latest"``, ``"latest-each"`` or one vintage by name.
    as_of : datetime.date, optional
        With ``"latest"``: the latest vintage released on or before this date that states every
        slot (else the earliest that does).
    default_perspective : str, optional
        The perspective used when ``perspective`` is not given.

    Returns
    -------
    Selection
        The chosen rows per slot label, with notes saying what was chosen by default.

    Raises
    ------
    NoFigureError
        When a slot cannot be filled from the source or perspective asked for.
    SelectionError
        When the slots can be filled only by mixing sources, perspectives, vintages or units.
    """
    check_columns(figures, REQUIRED_COLUMNS)
    done: dict[Test, np.ndarray] = {}
    summed = _summed_turnover(figures, slots, done)
    notes: list[str] = []
    # Pools hold only the choice columns, indexed by row position, until the rows are chosen;
    # summed turnovers follow the rows of the table (positions from len(figures) on).
    choice = figures.loc[:, _CHOICE_COLUMNS].reset_index(drop=True)
    if len(summed):
        choice = pd.concat([choice, summed.loc[:, _CHOICE_COLUMNS]], ignore_index=True)
    positions = {slot.label: _positions(slot, figures, summed, done) for slot in slots}
    positions, why = _without_incomplete(positions, figures, summed)
    skipped = list(dict.fromkeys(why.values()))
    pools = {label: choice.iloc[found] for label, found in positions.items()}
    for slot in slots:
        if pools[slot.label].empty:
            raise NoFigureError(
                f"no figure for {slot.label} in the figures table" + _skipped_text(skipped)
            )

    try:
        chosen_source = _choose_source(pools, slots, source, choice, notes)
    except SelectionError as error:
        raise type(error)(f"{error}{_skipped_text(skipped)}") from None
    # Say what was skipped that would have been used: a figure of the source chosen or (by
    # default) of a source preferred to it.
    sources = choice[schema.SOURCE].to_numpy()
    notes.extend(
        f"skipped {reason}"
        for reason in dict.fromkeys(
            reason
            for at, reason in why.items()
            if str(sources[at]) == chosen_source
            or (source is None and source_rank(str(sources[at])) < source_rank(chosen_source))
        )
    )
    pools = {label: pool[pool[schema.SOURCE] == chosen_source] for label, pool in pools.items()}

    chosen_perspective = perspective or default_perspective
    if chosen_perspective is None:
        found = {p for pool in pools.values() for p in pool[schema.PERSPECTIVE].unique()}
        if len(found) != 1:
            raise SelectionError(
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

    pools, vintage_label = _choose_vintage(pools, vintage, as_of, chosen_source, notes)
    rows, stated = {}, {}
    for label, pool in pools.items():
        rows[label], stated[label] = _take(pool.index.to_numpy(), figures, summed)

    for slot in slots:
        pool = rows[slot.label]
        keys = list(slot.unique_by) if slot.many else []
        duplicated = pool.duplicated(subset=keys, keep=False) if keys else None
        if slot.many and duplicated is not None and duplicated.any():
            ids = ", ".join(pool.loc[duplicated, schema.FIGURE_ID].astype(str).head(4))
            raise SelectionError(
                f"several figures for the same {'/'.join(keys)} in {slot.label}: {ids}"
            )
        if not slot.many and len(pool) > 1:
            ids = ", ".join(pool[schema.FIGURE_ID].astype(str))
            raise SelectionError(
                f"{len(pool)} figures fit {slot.label} in {chosen_source} ({ids}): "
                "filter the figures (e.g. by record_id) to choose one"
            )
    _check_units(rows, slots)
    return Selection(rows, chosen_source, chosen_perspective, vintage_label, notes, stated)


def _summed_turnover(
    figures: pd.DataFrame, slots: Sequence[Slot], done: dict[Test, np.ndarray]
) -> pd.DataFrame:
    """Return the summed turnovers the slots could use (empty when no slot asks for turnover)."""
    if not any(slot.criteria.get(schema.FLOW) == TURNOVER for slot in slots):
        return figures.iloc[0:0]
    return turnover_candidates(figures, slots, done)


def _positions(
    slot: Slot, figures: pd.DataFrame, summed: pd.DataFrame, done: dict[Test, np.ndarray]
) -> np.ndarray:
    """Return the positions (in the table, then among the summed turnovers) that fit ``slot``."""
    positions = np.flatnonzero(slot.mask(figures, done))
    if len(summed):
        positions = np.concatenate([positions, len(figures) + np.flatnonzero(slot.mask(summed))])
    return positions


def _without_incomplete(
    positions: dict[str, np.ndarray], figures: pd.DataFrame, summed: pd.DataFrame
) -> tuple[dict[str, np.ndarray], dict[int, str]]:
    """Drop the positions of incomplete totals (and of turnovers summed from one); say why."""
    found = np.concatenate([*positions.values(), np.zeros(0, dtype=np.int64)])
    own = found[found < len(figures)]
    parts = {}
    if len(summed):
        for at in found[found >= len(figures)]:
            parts[int(at)] = summed.iloc[int(at) - len(figures)][PARTS_COLUMN]
        own = np.concatenate([own, [p for pair in parts.values() for p in pair]]).astype(np.int64)
    why = incomplete_positions(figures, own)
    if not why:
        return positions, {}
    for at, pair in parts.items():
        flagged = [why[p] for p in pair if p in why]
        if flagged:
            why[at] = flagged[0]
    kept = {
        label: np.array([at for at in found if int(at) not in why], dtype=np.int64)
        for label, found in positions.items()
    }
    return kept, why


def _skipped_text(skipped: list[str]) -> str:
    """Return the figures skipped as incomplete, for an error message ("" when none)."""
    return f" (skipped: {'; '.join(skipped)})" if skipped else ""


def _take(
    positions: np.ndarray, figures: pd.DataFrame, summed: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the rows at ``positions`` and the figures they are (a summed turnover: its two)."""
    own = figures.iloc[positions[positions < len(figures)]]
    extra = positions[positions >= len(figures)] - len(figures)
    if not len(extra):
        return own, own
    added = summed.iloc[extra]
    rows = pd.concat([own, added.drop(columns=[PARTS_COLUMN])])
    return rows, pd.concat([own, summed_parts(added, figures)])


def _choose_source(
    pools: dict[str, pd.DataFrame],
    slots: Sequence[Slot],
    source: str | None,
    choice: pd.DataFrame,
    notes: list[str],
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
    covering = set.union(*coverage.values())
    for candidate in table_sources(covering):
        if all(candidate in covered for covered in coverage.values()):
            others = covering - {candidate}
            if others:
                tables = table_sources(pd.unique(choice[schema.SOURCE]))
                notes.append(
                    f"source {candidate} chosen by default (tables in the order "
                    f"{', '.join(tables)}); also available: {', '.join(sorted(others))}"
                )
            return candidate
    quoted = [name for name in QUOTED_SOURCES if all(name in c for c in coverage.values())]
    if quoted:
        raise SelectionError(
            f"only quoted figures (source {quoted[0]!r}) give {slots[0].label}: pass "
            f"source={quoted[0]!r} to use them; they are never mixed with tables by default"
        )
    detail = "; ".join(
        f"{label}: {', '.join(sorted(covered))}" for label, covered in coverage.items()
    )
    raise SelectionError(
        f"no single source gives every figure needed ({detail}); sources are never mixed"
    )


def _choose_vintage(
    pools: dict[str, pd.DataFrame],
    vintage: str,
    as_of: dt.date | None,
    source: str,
    notes: list[str],
) -> tuple[dict[str, pd.DataFrame], str]:
    by_slot = {label: set(pool[schema.VINTAGE].astype(str)) for label, pool in pools.items()}
    order = _vintage_order(pools)
    if vintage == LATEST_EACH:
        kept = {}
        for label, pool in pools.items():
            newest = max(by_slot[label], key=order)
            kept[label] = pool[pool[schema.VINTAGE].astype(str) == newest]
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
            raise SelectionError(
                f"no single vintage of {source} states every figure needed ({detail}); pass "
                "vintage='latest-each' to take each figure from its own latest vintage, or "
                "name one vintage"
            )
        if as_of is not None:
            chosen = current_on(common, as_of)
            notes.append(
                f"vintage {chosen} of {source}: the one current on {as_of.isoformat()} that "
                "states every figure used"
            )
        else:
            chosen = max(common, key=order)
            if len(set.union(*by_slot.values())) > 1:
                notes.append(
                    f"vintage {chosen} of {source}: the latest that states every figure used "
                    "(vintage='latest')"
                )
    else:
        chosen = str(vintage)
        missing = [label for label, found in by_slot.items() if chosen not in found]
        if missing:
            raise SelectionError(
                f"vintage {chosen!r} of {source} does not state {missing[0]} (vintages that "
                f"do: {', '.join(sorted(by_slot[missing[0]]))})"
            )
    kept = {
        label: pool[pool[schema.VINTAGE].astype(str) == chosen] for label, pool in pools.items()
    }
    return kept, chosen


def _vintage_order(pools: dict[str, pd.DataFrame]):
    """Return the sort key of a vintage: its least final release, then its name."""
    frames = [pool for pool in pools.values() if len(pool)]
    if not frames or schema.RELEASE not in frames[0].columns:
        return lambda name: (0, name)
    both = pd.concat([pool.loc[:, [schema.VINTAGE, schema.RELEASE]] for pool in frames])
    least = both.groupby(both[schema.VINTAGE].astype(str))[schema.RELEASE].agg(
        lambda releases: min(release_rank(r) for r in releases)
    )
    ranks = least.to_dict()
    return lambda name: (ranks.get(name, 0), name)


def _check_units(rows: dict[str, pd.DataFrame], slots: Iterable[Slot]) -> None:
    units = {slot.label: set(rows[slot.label][schema.UNIT].unique()) for slot in slots}
    found = set.union(*units.values()) if units else set()
    if len(found) > 1:
        detail = "; ".join(f"{label}: {', '.join(sorted(u))}" for label, u in units.items())
        raise SelectionError(f"figures in different units ({detail}); units are never mixed")
