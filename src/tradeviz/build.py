"""``tradeviz build``: every raw file → one validated tidy table, written atomically.

Steps: list the raw files of ``data/raw/`` (every file but sidecars and READMEs), check each
against its provenance sidecar (refuse a missing sidecar or a sha256 mismatch), read each with
its adapter, check the whole table against the contract, then write
``data/processed/figures.parquet``, ``figures.csv`` and the manifest ``build.json`` through
temporary files renamed into place, so a failed build leaves the previous output untouched.

The manifest records the inputs' and sidecars' hashes, the package version, a fingerprint of
the code that shapes the table, and row counts. A rebuild whose manifest would be identical is a
no-op ("up to date") unless forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

MANIFEST = "build.json"
MANIFEST_FORMAT = 1
#: Modules whose code decides the content of ``figures`` (their hash is in the manifest).
CODE_MODULES = ("schema", "countries", "contract", "build", "build_csv", "build_read", "provenance")
CODE_PACKAGES = ("ingest",)


@dataclass
class BuildResult:
    """What a build did.

    Attributes
    ----------
    up_to_date : bool
        True when nothing was rebuilt (inputs, code and version unchanged).
    figures_path : pathlib.Path
        The parquet table.
    rows : int
        Number of figures in the table.
    files : int
        Number of raw files read (documentation files included).
    row_counts : dict
        Rows per source.
    seconds : float
        Wall-clock time of the build.
    """

    up_to_date: bool
    figures_path: Path
    rows: int
    files: int
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def code_fingerprint() -> str:
    """Return a sha256 over the source of the modules that shape ``figures``."""
    package = Path(__file__).resolve().parent
    paths = [package / f"{name}.py" for name in CODE_MODULES]
    for sub in CODE_PACKAGES:
        paths.extend(sorted((package / sub).glob("*.py")))
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _raw_files(raw_dir: Path) -> list[Path]:
    """Return the raw files of ``raw_dir``; refuse a missing folder, orphan sidecars, no files."""
    from tradeviz.provenance import list_raw_files, load_sidecar, orphan_sidecars

    if not raw_dir.is_dir():
        raise InputError(
            "raw data folder not found", file=raw_dir, expected="a folder", found="nothing"
        )
    orphans = orphan_sidecars(raw_dir)
    if orphans:
        fetched = load_sidecar(orphans[0]).fetched
        raise InputError(
            "raw file not fetched yet: run `tradeviz fetch` (or `make data`)"
            if fetched
            else "sidecar without its raw file (a deleted input?)",
            file=orphans[0],
            expected=f"the file {orphans[0].name.removesuffix('.meta.yaml')} beside it",
            found="no such file",
        )
    files = list_raw_files(raw_dir)
    if not files:
        raise InputError(
            "no raw files to build from",
            file=raw_dir,
            expected="raw files with sidecars",
            found="none",
        )
    return files


def _inputs(raw_dir: Path) -> list[tuple[Path, Any]]:
    """Return each raw file of ``raw_dir`` with its sidecar, checked against the file's hash."""
    from tradeviz.provenance import verify_raw_file

    return [(path, verify_raw_file(path)) for path in _raw_files(raw_dir)]


def _manifest(raw_dir: Path, inputs: list[tuple[Path, Any]], root: Path) -> dict[str, Any]:
    from tradeviz import __version__
    from tradeviz.ingest.origin import display_path
    from tradeviz.provenance import sha256_of

    return {
        "format": MANIFEST_FORMAT,
        "tradeviz_version": __version__,
        "code_sha256": code_fingerprint(),
        "inputs": {
            display_path(path, root): {
                "sha256": sidecar["sha256"],
                "sidecar_sha256": sha256_of(sidecar.path),
                "adapter": sidecar.adapter,
                "vintage": sidecar.vintage,
            }
            for path, sidecar in inputs
        },
    }


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def collect_figures(
    inputs: list[tuple[Path, Any]],
    root: str | os.PathLike[str] | None = None,
    *,
    while_reading: Callable[[], object] | None = None,
) -> tuple[list[tuple[Path, Any]], pd.DataFrame, bytes | None]:
    """Read every raw file with its adapter and return one tidy table (unvalidated).

    Parameters
    ----------
    inputs : list of (pathlib.Path, Sidecar or None)
        The raw files with their checked sidecars, or ``None`` for a sidecar still to check
        (it is checked first, as :func:`tradeviz.provenance.verify_raw_file` does).
    root : str or os.PathLike, optional
        Directory that ``source_file`` is made relative to.
    while_reading : callable, optional
        Called in this process while the files are read.

    Returns
    -------
    tuple
        The files with their checked sidecars, the table, and the bytes of ``figures.csv``
        when the processes that read the files formatted them (else ``None``: format the
        table with :func:`tradeviz.build_csv.figures_csv_bytes`). The files are read in
        parallel processes where the machine has the cores
        (:func:`tradeviz.build_read.read_inputs`); the table and any error are those of a
        serial read.
    """
    import pandas as pd

    from tradeviz.build_csv import joined_csv_bytes
    from tradeviz.build_read import read_inputs
    from tradeviz.ingest.tidy import empty_frame, table_frame

    results = read_inputs(inputs, root=root, while_reading=while_reading)
    checked = [(path, sidecar) for (path, _), (sidecar, _, _) in zip(inputs, results, strict=True)]
    figures = table_frame(
        pd.concat([empty_frame(), *(frame for _, frame, _ in results)], ignore_index=True)
    )
    blocks = [csv for _, _, csv in results]
    csv = joined_csv_bytes(blocks) if all(block is not None for block in blocks) else None
    return checked, figures, csv


def build(
    raw_dir: str | os.PathLike[str] | None = None,
    processed_dir: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
) -> BuildResult:
    """Build ``figures.parquet`` and ``figures.csv`` from every raw file.

    Parameters
    ----------
    raw_dir : str or os.PathLike, optional
        Folder of raw files with sidecars (default ``data/raw/``).
    processed_dir : str or os.PathLike, optional
        Output folder (default ``data/processed/``).
    force : bool, default False
        Rebuild even when the manifest says the output is up to date.

    Returns
    -------
    BuildResult
        What was done, with row counts.

    Raises
    ------
    InputError
        For a missing or mismatched sidecar, malformed input or a contract failure; nothing is
        written then.
    """
    from tradeviz.atomic import atomic_path
    from tradeviz.build_csv import figures_csv_bytes
    from tradeviz.contract import prepare_contract, validate_figures
    from tradeviz.paths import processed_dir as default_processed
    from tradeviz.paths import project_root
    from tradeviz.paths import raw_dir as default_raw

    started = time.perf_counter()
    raw = Path(raw_dir) if raw_dir is not None else default_raw()
    out = Path(processed_dir) if processed_dir is not None else default_processed()
    root = project_root()
    parquet_path = out / s.FIGURES_PARQUET
    csv_path = out / s.FIGURES_CSV
    manifest_path = out / MANIFEST

    if force:  # every sidecar is checked by the process that reads its file
        inputs: list[tuple[Path, Any]] = [(path, None) for path in _raw_files(raw)]
    else:
        inputs = _inputs(raw)
        manifest = _manifest(raw, inputs, root)
        previous = _read_manifest(manifest_path)
        if (
            previous is not None
            and {k: v for k, v in previous.items() if k not in ("rows", "row_counts", "built_at")}
            == manifest
            and parquet_path.is_file()
            and csv_path.is_file()
        ):
            return BuildResult(
                up_to_date=True,
                figures_path=parquet_path,
                rows=int(previous.get("rows", 0)),
                files=len(inputs),
                row_counts=dict(previous.get("row_counts", {})),
                seconds=time.perf_counter() - started,
            )

    import pandas as pd  # after the up-to-date check, which needs no pandas

    inputs, figures, csv_bytes = collect_figures(inputs, root=root, while_reading=prepare_contract)
    manifest = _manifest(raw, inputs, root)
    validate_figures(figures)
    if csv_bytes is None:
        csv_bytes = figures_csv_bytes(figures)
    row_counts = {str(k): int(v) for k, v in figures[s.SOURCE].value_counts().sort_index().items()}
    manifest = {
        **manifest,
        "rows": len(figures),
        "row_counts": row_counts,
        "built_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
    }
    with (
        atomic_path(manifest_path) as manifest_tmp,
        atomic_path(csv_path) as csv_tmp,
        atomic_path(parquet_path) as parquet_tmp,
    ):
        figures.to_parquet(parquet_tmp, index=False)
        csv_tmp.write_bytes(csv_bytes)
        manifest_tmp.write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return BuildResult(
        up_to_date=False,
        figures_path=parquet_path,
        rows=len(figures),
        files=len(inputs),
        row_counts=row_counts,
        seconds=time.perf_counter() - started,
    )
