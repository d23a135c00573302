"""Data flagged as incomplete by the checks (``incomplete_vintage``), for charts to mark.

The checks (``tradeviz check``) write ``data/processed/flags.parquet``: one row per flagged
source, period and flow. Charts hatch or annotate what they draw from a flagged year and name it
in the source note. When the flags have not been computed yet, charts say so in their note.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import paths, schema

INCOMPLETE_VINTAGE = "incomplete_vintage"
FLAGS_PARQUET = "flags.parquet"
FLAG_COLUMN_CANDIDATES = ("flag", "flag_id", "kind", "check_id")
NO_FLAGS_NOTE = "Completeness flags not computed yet: run `tradeviz check` to mark incomplete data."


def load_flags() -> pd.DataFrame | None:
    """Return the flags table written by ``tradeviz check``, or None if it does not exist yet.

    Returns
    -------
    pandas.DataFrame or None
        The flags, as written by the checks.
    """
    try:
        from tradeviz import checks  # type: ignore[attr-defined]

        loader = getattr(checks, "load_flags", None)
    except ImportError:
        loader = None
    if loader is not None:
        try:
            return loader()
        except Exception:  # noqa: BLE001 - a missing table is "not computed yet", not a crash
            return None
    path = paths.processed_dir() / FLAGS_PARQUET
    if not path.is_file():
        return None
    return pd.read_parquet(path)


def _flag_column(flags: pd.DataFrame) -> str | None:
    for column in FLAG_COLUMN_CANDIDATES:
        if column in flags.columns:
            return column
    return None


def _years(flags: pd.DataFrame) -> pd.Series:
    if "year" in flags.columns:
        return pd.to_numeric(flags["year"], errors="coerce")
    if schema.PERIOD_START in flags.columns:
        return pd.to_datetime(flags[schema.PERIOD_START], errors="coerce").dt.year
    if "period" in flags.columns:
        return pd.to_numeric(flags["period"].astype(str).str[:4], errors="coerce")
    return pd.Series(float("nan"), index=flags.index)


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
        The flags table (see :func:`load_flags`).
    source : str
        The source whose flags are wanted, e.g. ``"wits"``.
    flow, reporter, partner : str, optional
        Narrow the flags to one flow and pair, where the flags table names them.
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
    column = _flag_column(flags)
    mask = pd.Series(True, index=flags.index)
    if column is not None:
        mask &= flags[column].astype(str).str.contains(INCOMPLETE_VINTAGE, regex=False)
    if schema.SOURCE in flags.columns:
        mask &= flags[schema.SOURCE].astype(str) == source
    for name, wanted in (
        (schema.FLOW, flow),
        (schema.REPORTER, reporter),
        (schema.PARTNER, partner),
        (schema.CLASSIFICATION, classification),
    ):
        if wanted is not None and name in flags.columns:
            value = flags[name].astype(str)
            mask &= (value == wanted) | (value == "") | (value.str.lower() == "all")
    years = _years(flags)[mask].dropna()
    return {int(year) for year in years}
