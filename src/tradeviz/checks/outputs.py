"""Run every check and write the results to ``data/processed/`` (Parquet + CSV), atomically.

:func:`run_checks` is what ``tradeviz check`` and the notebooks call: it loads the figures and
every claims file, computes the verdicts, the integrity report and the flags, and writes
``claims``, ``verdicts``, ``integrity`` and ``flags`` as ``.parquet`` and ``.csv``. Everything is
computed before anything is written, so bad input leaves the previous results untouched; each file
is replaced through a temporary sibling (:mod:`tradeviz.atomic`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradeviz import paths
from tradeviz.atomic import atomic_path
from tradeviz.checks import vocab
from tradeviz.errors import TradevizError

if TYPE_CHECKING:
    import pandas as pd

PARQUET = ".parquet"
CSV = ".csv"
#: Date format of the CSV copies.
CSV_DATE_FORMAT = "%Y-%m-%d"


@dataclass
class CheckResults:
    """Everything one run of the checks produced.

    Attributes
    ----------
    claims, verdicts, integrity, flags : pandas.DataFrame
        The four tables (columns in :mod:`tradeviz.checks.vocab`).
    written : dict
        Table name → list of files written (empty when nothing was written).
    """

    claims: pd.DataFrame
    verdicts: pd.DataFrame
    integrity: pd.DataFrame
    flags: pd.DataFrame
    written: dict[str, list[Path]] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the four tables by name."""
        return {
            vocab.CLAIMS_TABLE: self.claims,
            vocab.VERDICTS_TABLE: self.verdicts,
            vocab.INTEGRITY_TABLE: self.integrity,
            vocab.FLAGS_TABLE: self.flags,
        }


def run_checks(
    *,
    figures: pd.DataFrame | None = None,
    figures_path: str | os.PathLike[str] | None = None,
    claims_directory: str | os.PathLike[str] | None = None,
    documents_directory: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    write: bool = True,
) -> CheckResults:
    """Check every document's claims and every source's stated totals; write the results.

    Parameters
    ----------
    figures : pandas.DataFrame, optional
        The tidy figures table (read from ``figures_path`` or ``data/processed/`` when omitted).
    figures_path : str or os.PathLike, optional
        A ``figures.parquet`` to read instead of the default.
    claims_directory, documents_directory : str or os.PathLike, optional
        Where the claims files and documents are (default ``data/raw/claims/`` and
        ``data/raw/documents/``).
    out_dir : str or os.PathLike, optional
        Where to write the tables (default ``data/processed/``).
    write : bool, optional
        Write the tables (default True); False only computes them.

    Returns
    -------
    CheckResults
        The claims, verdicts, integrity and flags tables and the files written.

    Raises
    ------
    tradeviz.errors.InputError
        For a malformed claims file or document (nothing is written).
    tradeviz.errors.TradevizError
        When the figures table is missing (run ``tradeviz build``).
    """
    from tradeviz.checks.claims import load_claims
    from tradeviz.checks.engine import check_claims
    from tradeviz.checks.integrity import incomplete_vintage_flags, run_integrity_checks
    from tradeviz.heap import long_lived_frozen
    from tradeviz.query.memo import unchanged

    if figures is None:
        from tradeviz.figures import load_figures

        figures = load_figures(figures_path)
    # The figures and the modules outlive the checks: collections during them skip both. The
    # checks change nothing in the figures: what is remembered for them is checked once.
    with long_lived_frozen(), unchanged(figures):
        claims = load_claims(
            claims_directory=claims_directory, documents_directory=documents_directory
        )
        verdicts = check_claims(figures, claims)
        integrity = run_integrity_checks(figures)
        flags = incomplete_vintage_flags(figures)
    results = CheckResults(claims, verdicts, integrity, flags)
    if write:
        results.written = write_tables(results.tables(), out_dir)
    return results


def write_tables(
    tables: dict[str, pd.DataFrame], out_dir: str | os.PathLike[str] | None = None
) -> dict[str, list[Path]]:
    """Write each table as ``<name>.parquet`` and ``<name>.csv``, each file atomically.

    Every file is first written in full to a temporary sibling; the renames happen only after
    all of them were written, so a failure leaves every previous file in place.
    """
    directory = Path(out_dir) if out_dir is not None else paths.processed_dir()
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[Path]] = {}
    with _staged(directory) as stage:
        for name, frame in tables.items():
            parquet = stage(f"{name}{PARQUET}")
            frame.to_parquet(parquet, index=False)
            csv = stage(f"{name}{CSV}")
            frame.to_csv(csv, index=False, date_format=CSV_DATE_FORMAT)
            written[name] = [directory / f"{name}{PARQUET}", directory / f"{name}{CSV}"]
    return written


class _staged:
    """Context manager: hand out temporary paths; rename them all onto their targets at the end."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._managers: list = []
        self._paths: list[Path] = []

    def __enter__(self):
        def stage(name: str) -> Path:
            manager = atomic_path(self.directory / name, suffix=Path(name).suffix)
            path = manager.__enter__()
            self._managers.append(manager)
            self._paths.append(path)
            return path

        return stage

    def __exit__(self, exc_type, exc, tb) -> bool:
        # Leave in reverse order: each manager renames (success) or removes (failure) its file.
        for manager in reversed(self._managers):
            manager.__exit__(exc_type, exc, tb)
        return False


def load_table(
    name: str, directory: str | os.PathLike[str] | None = None, *, missing_ok: bool = False
) -> pd.DataFrame | None:
    """Read one table written by :func:`run_checks` (``claims``, ``verdicts``, …).

    Parameters
    ----------
    name : str
        One of :data:`tradeviz.checks.vocab.TABLES`.
    directory : str or os.PathLike, optional
        Where the table is (default ``data/processed/``).
    missing_ok : bool, default False
        Return None, instead of raising, when ``tradeviz check`` has not written it yet.

    Raises
    ------
    TradevizError
        If the table has not been written yet (run ``tradeviz check``) and not ``missing_ok``.
    """
    import pandas as pd

    if name not in vocab.TABLES:
        raise ValueError(f"unknown checks table {name!r}; one of {', '.join(vocab.TABLES)}")
    directory = Path(directory) if directory is not None else paths.processed_dir()
    target = directory / f"{name}{PARQUET}"
    if not target.is_file():
        if missing_ok:
            return None
        raise TradevizError(f"{target}: {name} table not found; run `tradeviz check` first")
    return pd.read_parquet(target)


def load_verdicts(
    doc_id: str | None = None,
    directory: str | os.PathLike[str] | None = None,
    *,
    missing_ok: bool = False,
) -> pd.DataFrame | None:
    """Return the ``verdicts`` table that ``tradeviz check`` wrote (one document's, optionally).

    Parameters
    ----------
    doc_id : str, optional
        Keep only this document's verdicts.
    directory : str or os.PathLike, optional
        Where the table is (default ``data/processed/``).
    missing_ok : bool, default False
        Return None when the table has not been written yet.

    Returns
    -------
    pandas.DataFrame or None
        Columns :data:`tradeviz.checks.vocab.VERDICT_COLUMNS`.
    """
    verdicts = load_table(vocab.VERDICTS_TABLE, directory, missing_ok=missing_ok)
    if verdicts is not None and doc_id is not None:
        verdicts = verdicts[verdicts["document"] == doc_id].reset_index(drop=True)
    return verdicts


def load_integrity(
    directory: str | os.PathLike[str] | None = None, *, missing_ok: bool = False
) -> pd.DataFrame | None:
    """Return the ``integrity`` table that ``tradeviz check`` wrote (one row per check)."""
    return load_table(vocab.INTEGRITY_TABLE, directory, missing_ok=missing_ok)


def load_flags(
    directory: str | os.PathLike[str] | None = None, *, missing_ok: bool = False
) -> pd.DataFrame | None:
    """Return the ``flags`` table (``incomplete_vintage`` extracts) that ``tradeviz check`` wrote.

    Charts that draw a product-level extract for a (source, partner, flow, year) listed here
    say that its sums and shares are not totals; they are given the table by their caller
    (``missing_ok=True`` gives None before ``tradeviz check`` has run, and the chart says so).
    """
    return load_table(vocab.FLAGS_TABLE, directory, missing_ok=missing_ok)
