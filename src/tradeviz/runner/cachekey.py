"""Cache keys: a run is skipped when nothing that shapes its report has changed.

The key is the sha256 of five parts, each kept in the manifest so that a re-run can say why:

- ``notebook``: the notebook's cells (type, source, tags), kernelspec and language;
- ``parameters``: the canonical JSON of the values injected;
- ``inputs``: the sha256 of every file matched by the run's ``inputs`` globs;
- ``environment``: Python's version, the versions of tradeviz and of the libraries that shape a
  report (read with :mod:`importlib.metadata`, nothing imported), and a digest of tradeviz's own
  source files (an editable install changes without a version bump);
- ``render``: :data:`RENDER_VERSION`, bumped when the runner writes reports differently.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from tradeviz.parameters import canonical_json
from tradeviz.runner.plan import PlannedRun

#: Bump when the runner's outputs (HTML page, notebook stamps) change shape.
RENDER_VERSION = "1"
#: Distributions whose version goes into every key.
KEY_DISTRIBUTIONS = (
    "tradeviz",
    "pandas",
    "numpy",
    "matplotlib",
    "pyarrow",
    "papermill",
    "nbclient",
    "nbconvert",
    "ipykernel",
)
_CHUNK = 1 << 20
#: File suffixes of tradeviz's own source that count (not bytecode).
_SOURCE_SUFFIXES = frozenset({".py", ".yaml", ".yml", ".css", ".html", ".j2", ".json", ".mplstyle"})


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_json(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@functools.cache
def environment() -> dict[str, str]:
    """Return the environment fingerprint: Python, key library versions, tradeviz's source."""
    versions = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }
    for name in KEY_DISTRIBUTIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    versions["tradeviz_source"] = package_source_digest()
    return versions


def package_source_digest() -> str:
    """Return the sha256 over tradeviz's source files (paths and contents)."""
    import tradeviz

    package_dir = Path(tradeviz.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


class InputHasher:
    """Hash input files once per batch, however many runs share them.

    Parameters
    ----------
    root : pathlib.Path
        Folder that relative glob patterns start from (the batch file's folder).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[Path, str] = {}

    def digest(self, patterns: Iterable[str]) -> dict[str, str]:
        """Return ``{path relative to root: sha256}`` for every file the patterns match."""
        found: dict[str, str] = {}
        for pattern in patterns:
            full = pattern if Path(pattern).is_absolute() else str(self.root / pattern)
            for name in sorted(glob.glob(full, recursive=True)):
                path = Path(name)
                if not path.is_file():
                    continue
                if path not in self._files:
                    self._files[path] = _sha256_file(path)
                try:
                    label = path.relative_to(self.root).as_posix()
                except ValueError:
                    label = path.as_posix()
                found[label] = self._files[path]
        return found


def cache_parts(run: PlannedRun, hasher: InputHasher) -> dict[str, str]:
    """Return the digests that make up ``run``'s cache key (see the module docstring)."""
    return {
        "notebook": run.notebook.content_hash,
        "parameters": hashlib.sha256(canonical_json(run.parameters).encode("utf-8")).hexdigest(),
        "inputs": _sha256_json(hasher.digest(run.spec.inputs)),
        "environment": _sha256_json(environment()),
        "render": RENDER_VERSION,
    }


def cache_key(parts: Mapping[str, str]) -> str:
    """Return the cache key (sha256 hex) of the parts."""
    return _sha256_json(dict(parts))


def changed_parts(old: Mapping[str, str] | None, new: Mapping[str, str]) -> list[str]:
    """Name the parts that differ (all of them when there is no earlier record)."""
    if not old:
        return list(new)
    return [name for name, value in new.items() if old.get(name) != value]
