"""Project paths, resolved once from the package's own location.

Every path the library reads or writes is derived here, so that notebooks run from any working
directory (papermill's included). ``TRADEVIZ_ROOT`` overrides the project root, which tests use to
work on a copy.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV_VAR = "TRADEVIZ_ROOT"


def project_root() -> Path:
    """Return the project root: ``$TRADEVIZ_ROOT`` or the folder holding ``pyproject.toml``.

    Returns
    -------
    pathlib.Path
        Absolute path of the project root.
    """
    override = os.environ.get(ROOT_ENV_VAR)
    if override:
        return Path(override).resolve()
    # src/tradeviz/paths.py -> parents[2] is the repository root in the src layout.
    return Path(__file__).resolve().parents[2]


def raw_dir() -> Path:
    """Return ``data/raw/``: source files exactly as published, with provenance sidecars."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """Return ``data/processed/``: the validated tables that ``tradeviz build`` writes."""
    return project_root() / "data" / "processed"


def reports_dir() -> Path:
    """Return ``reports/``: executed notebooks, HTML reports, charts and the batch index."""
    return project_root() / "reports"


def notebooks_dir() -> Path:
    """Return ``notebooks/``: the parameterised notebooks."""
    return project_root() / "notebooks"
