"""Read the tidy ``figures`` table that ``tradeviz build`` writes.

This is what checks, indicators, charts and notebooks call::

    from tradeviz.figures import load_figures
    figures = load_figures()
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tradeviz.errors import TradevizError

if TYPE_CHECKING:
    import pandas as pd


def figures_path() -> Path:
    """Return the default path of the table: ``data/processed/figures.parquet``."""
    from tradeviz.paths import processed_dir
    from tradeviz.schema import FIGURES_PARQUET

    return processed_dir() / FIGURES_PARQUET


def load_figures(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the tidy ``figures`` table (one row = one published number).

    Parameters
    ----------
    path : str or os.PathLike, optional
        A ``figures.parquet`` file (default ``data/processed/figures.parquet``).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`tradeviz.schema.FIGURE_COLUMNS`; text columns ``str`` ("" when not
        applicable), ``period_start``/``period_end`` ``datetime64[ns]`` (NaT when not stated),
        ``value``/``scale``/``value_usd`` ``float64``.

    Raises
    ------
    TradevizError
        If the table does not exist (run ``tradeviz build``) or cannot be read.

    Examples
    --------
    >>> figures = load_figures()  # doctest: +SKIP
    >>> figures.query("source == 'bns_annual' and partner == 'CHN'")  # doctest: +SKIP
    """
    import pandas as pd

    from tradeviz.schema import FIGURE_COLUMNS

    target = Path(path) if path is not None else figures_path()
    if not target.is_file():
        raise TradevizError(f"{target}: figures table not found; run `tradeviz build` first")
    try:
        figures = pd.read_parquet(target)
    except (OSError, ValueError) as error:
        raise TradevizError(
            f"{target}: figures table cannot be read ({error}); run `tradeviz build --force`"
        ) from None
    missing = [c for c in FIGURE_COLUMNS if c not in figures.columns]
    if missing:
        raise TradevizError(
            f"{target}: figures table lacks column {missing[0]!r}; run `tradeviz build --force`"
        )
    return figures
