"""Provenance sidecars: every raw file ``X`` has ``X.meta.yaml`` saying where it came from.

A sidecar holds the keys of :data:`SIDECAR_KEYS` (title, producer, citation, url, dates, licence,
unit notes, the file's sha256, its vintage and the adapter that reads it). ``tradeviz build``
refuses a raw file without a sidecar, with an incomplete one, or whose bytes no longer match the
recorded sha256: a changed raw file must be a deliberate, recorded change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeviz.errors import InputError

SIDECAR_SUFFIX = ".meta.yaml"

#: Keys every sidecar has; those in :data:`NON_EMPTY_KEYS` also need a value.
SIDECAR_KEYS: tuple[str, ...] = (
    "title",
    "producer",
    "producer_code",
    "citation",
    "url",
    "date_published",
    "date_accessed",
    "license",
    "unit_notes",
    "sha256",
    "vintage",
    "adapter",
)
NON_EMPTY_KEYS: tuple[str, ...] = (
    "title",
    "producer",
    "producer_code",
    "citation",
    "date_accessed",
    "license",
    "unit_notes",
    "sha256",
    "vintage",
    "adapter",
)

#: Files of ``data/raw/`` that are documentation for people, not inputs (no sidecar needed).
PEOPLE_FILES = frozenset({"README.md"})

#: Adapter name of raw files kept and hash-checked but not ingested (e.g. a source's README).
DOCUMENTATION_ADAPTER = "documentation"

SHA256_HEX_LENGTH = 64
_HASH_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Sidecar:
    """The provenance of one raw file, as read from its ``.meta.yaml`` sidecar.

    Attributes
    ----------
    path : pathlib.Path
        The sidecar file.
    meta : dict
        Every key of the sidecar (the required ones and any adapter hints).
    """

    path: Path
    meta: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.meta[key]

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value of ``key``, or ``default`` when the sidecar lacks it."""
        return self.meta.get(key, default)

    @property
    def adapter(self) -> str:
        """Name of the adapter that reads the raw file."""
        return str(self.meta["adapter"])

    @property
    def vintage(self) -> str:
        """Release date or dataset version of the raw file, as text."""
        return _as_text(self.meta["vintage"])


def sidecar_path(raw_file: str | os.PathLike[str]) -> Path:
    """Return the sidecar path of ``raw_file`` (``<file>.meta.yaml``)."""
    raw_file = Path(raw_file)
    return raw_file.with_name(raw_file.name + SIDECAR_SUFFIX)


def sha256_of(path: str | os.PathLike[str]) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_HASH_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_sidecar(raw_file: str | os.PathLike[str]) -> Sidecar:
    """Read and check the sidecar of ``raw_file`` (without checking the hash).

    Parameters
    ----------
    raw_file : str or os.PathLike
        The raw data file (not the sidecar).

    Returns
    -------
    Sidecar
        The parsed sidecar.

    Raises
    ------
    InputError
        If the sidecar is missing, is not a YAML mapping, or lacks a required key or value.
    """
    path = sidecar_path(raw_file)
    if not path.is_file():
        raise InputError(
            "raw file has no provenance sidecar",
            file=raw_file,
            field="sidecar",
            expected=f"a file {path.name} beside it",
            found="no such file",
        )
    # The project's bounded safe loader: size, aliases and their expansion are limited.
    from tradeviz.records import load_yaml

    meta = load_yaml(path)
    if not isinstance(meta, dict):
        raise InputError(
            "sidecar is not a mapping",
            file=path,
            expected="a YAML mapping of provenance keys",
            found=type(meta).__name__,
        )
    for key in SIDECAR_KEYS:
        if key not in meta:
            raise InputError(
                "sidecar lacks a required key",
                file=path,
                field=key,
                expected="the key with a value (or null where unknown)",
                found="no such key",
            )
    for key in NON_EMPTY_KEYS:
        if meta[key] is None or _as_text(meta[key]).strip() == "":
            raise InputError(
                "sidecar key has no value",
                file=path,
                field=key,
                expected="a value",
                found=meta[key],
            )
    recorded = _as_text(meta["sha256"]).strip().lower()
    if len(recorded) != SHA256_HEX_LENGTH or any(c not in "0123456789abcdef" for c in recorded):
        raise InputError(
            "sidecar sha256 is not a sha256",
            file=path,
            field="sha256",
            expected="64 hexadecimal digits",
            found=meta["sha256"],
        )
    meta["sha256"] = recorded
    return Sidecar(path=path, meta=meta)


def verify_raw_file(raw_file: str | os.PathLike[str]) -> Sidecar:
    """Read the sidecar of ``raw_file`` and check that the file's sha256 matches it.

    Parameters
    ----------
    raw_file : str or os.PathLike
        The raw data file.

    Returns
    -------
    Sidecar
        The checked sidecar.

    Raises
    ------
    InputError
        If the sidecar is missing or incomplete, or the file's hash differs from the recorded one.
    """
    sidecar = read_sidecar(raw_file)
    actual = sha256_of(raw_file)
    if actual != sidecar["sha256"]:
        raise InputError(
            "raw file changed since its sidecar was written (sha256 mismatch); restore the file "
            "or record the new version in the sidecar",
            file=raw_file,
            field="sha256",
            expected=sidecar["sha256"],
            found=actual,
        )
    return sidecar


def list_raw_files(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return the raw files under ``raw_dir``, sorted: every file but sidecars and READMEs.

    Hidden files and folders (``.*``) are skipped.
    """
    raw_dir = Path(raw_dir)
    files = []
    for path in sorted(raw_dir.rglob("*")):
        relative = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if not path.is_file() or path.name.endswith(SIDECAR_SUFFIX) or path.name in PEOPLE_FILES:
            continue
        files.append(path)
    return files


def orphan_sidecars(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return sidecars under ``raw_dir`` whose raw file is missing (a deleted input)."""
    raw_dir = Path(raw_dir)
    orphans = []
    for path in sorted(raw_dir.rglob("*" + SIDECAR_SUFFIX)):
        if not path.with_name(path.name[: -len(SIDECAR_SUFFIX)]).is_file():
            orphans.append(path)
    return orphans


def _as_text(value: Any) -> str:
    """Return a sidecar value as text (YAML turns unquoted dates into ``datetime.date``)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
