"""Cache keys: a run is skipped when nothing that shapes its report has changed.

The key is the sha256 of five parts, each kept in the manifest so that a re-run can say why:

- ``notebook``: the notebook's cells (type, source, tags), kernelspec and language;
- ``parameters``: the canonical JSON of the values injected;
- ``inputs``: the path and sha256 of every file matched by the run's ``inputs`` globs (``**``
  matches any depth of folders; a pattern that matches a folder stands for every file under it);
- ``environment``: Python's version, the versions of tradeviz and of the libraries that shape a
  report (read with :mod:`importlib.metadata`, nothing imported), and a digest of every file of
  tradeviz's own package (an editable install changes without a version bump);
- ``render``: :data:`RENDER_VERSION`, bumped when the runner writes reports differently.

What is left out on purpose: file modification times (a ``touch`` or a fresh checkout re-runs
nothing), the order of parameters, and files no pattern matches. Input files and the package are
hashed once per batch (:class:`InputHasher`), however many runs share them.
"""

from __future__ import annotations

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
#: Files of tradeviz's package that are not its source: compiled bytecode, written by Python itself.
_NOT_SOURCE_SUFFIXES = frozenset({".pyc", ".pyo"})
_NOT_SOURCE_FOLDER = "__pycache__"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_json(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def environment() -> dict[str, str]:
    """Return the environment fingerprint: Python, key library versions, tradeviz's source.

    Computed afresh on every call (the package's files are read each time); a batch asks once,
    through :meth:`InputHasher.environment`.
    """
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


def package_dir() -> Path:
    """Return the folder of the installed tradeviz package."""
    import tradeviz

    return Path(tradeviz.__file__).resolve().parent


def is_package_source(relative: Path) -> bool:
    """Whether a file of the package (path relative to it) counts as source: not bytecode.

    Every other file counts, whatever its suffix (modules, templates, styles, vocabularies):
    any of them can change what a report shows. Hidden files (editor swap files) do not.
    """
    return (
        relative.suffix not in _NOT_SOURCE_SUFFIXES
        and _NOT_SOURCE_FOLDER not in relative.parts
        and not any(part.startswith(".") for part in relative.parts)
    )


def package_source_digest(root: Path | None = None) -> str:
    """Return the sha256 over the package's source files: their paths and their contents.

    Parameters
    ----------
    root : pathlib.Path, optional
        The package folder; tradeviz's own (:func:`package_dir`) when omitted.
    """
    root = package_dir() if root is None else root
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if is_package_source(relative) and path.is_file():
            digest.update(relative.as_posix().encode())
            digest.update(b"\0")
            digest.update(_sha256_file(path).encode())
            digest.update(b"\0")
    return digest.hexdigest()


class InputHasher:
    """Hash input files and the environment once per batch, however many runs share them.

    Parameters
    ----------
    root : pathlib.Path
        Folder that relative glob patterns start from (the batch file's folder).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[Path, str] = {}
        self._environment: dict[str, str] | None = None

    def environment(self) -> dict[str, str]:
        """Return :func:`environment`, computed on the first call of this batch only."""
        if self._environment is None:
            self._environment = environment()
        return self._environment

    def digest(self, patterns: Iterable[str]) -> dict[str, str]:
        """Return ``{path relative to root: sha256}`` for every file the patterns match.

        ``**`` matches any number of folders; a match that is a folder adds every file beneath it.
        """
        found: dict[str, str] = {}
        for pattern in patterns:
            full = pattern if Path(pattern).is_absolute() else str(self.root / pattern)
            for path in _matched_files(full):
                if path not in self._files:
                    self._files[path] = _sha256_file(path)
                try:
                    label = path.relative_to(self.root).as_posix()
                except ValueError:
                    label = path.as_posix()
                found[label] = self._files[path]
        return found


def _matched_files(pattern: str) -> list[Path]:
    """Return the files ``pattern`` matches, folders expanded to the files beneath them."""
    files: set[Path] = set()
    for name in glob.glob(pattern, recursive=True):
        path = Path(name)
        if path.is_file():
            files.add(path)
        elif path.is_dir():
            below = glob.glob(glob.escape(str(path)) + "/**/*", recursive=True)
            files.update(Path(item) for item in below if Path(item).is_file())
    return sorted(files)


def cache_parts(run: PlannedRun, hasher: InputHasher) -> dict[str, str]:
    """Return the digests that make up ``run``'s cache key (see the module docstring)."""
    notebook = run.notebook.content_hash
    if run.spec.kernel is not None or run.spec.cwd is not None:
        # A kernel or a working directory set by the batch file shapes the report too.
        overrides = {"kernel": run.spec.kernel, "cwd": str(run.spec.cwd or "")}
        notebook = _sha256_json({"notebook": notebook, **overrides})
    return {
        "notebook": notebook,
        "parameters": hashlib.sha256(canonical_json(run.parameters).encode("utf-8")).hexdigest(),
        "inputs": _sha256_json(hasher.digest(run.spec.inputs)),
        "environment": _sha256_json(hasher.environment()),
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
