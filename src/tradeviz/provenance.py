"""Provenance sidecars: every raw file ``X`` has ``X.meta.yaml`` saying where it came from.

A sidecar holds the keys of :data:`SIDECAR_KEYS` (title, producer, citation, url, dates, licence,
unit notes, the file's sha256, its vintage and the adapter that reads it) and, for a file that is
fetched rather than committed, its place in the mirror (``mirror``) and a direct download address
(``download_url``, null when none is known). ``release`` says whether the figures are
``preliminary`` or ``final`` (one word, or a word per year). ``tradeviz build`` refuses a raw file
without a sidecar, with an incomplete one, or whose bytes no longer match the recorded sha256: a
changed raw file must be a deliberate, recorded change.

The sidecar is a pydantic model (:class:`Sidecar`); a malformed one is reported as one line
naming the file, the key, what was expected and what was found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from tradeviz.errors import InputError
from tradeviz.schema import RELEASES

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
#: Keys of a fetched file (optional; a file a user adds and commits has neither).
FETCH_KEYS: tuple[str, ...] = ("mirror", "download_url")

#: Files of ``data/raw/`` that are documentation for people, not inputs (no sidecar needed).
PEOPLE_FILES = frozenset({"README.md"})

#: Folders of ``data/raw/`` holding records people write (claims files): validated by their own
#: schema when read, never sealed by a hash, so they have no sidecar and are not build inputs.
RECORD_FOLDERS = frozenset({"claims"})

#: Adapter name of raw files kept and hash-checked but not ingested (e.g. a source's README).
DOCUMENTATION_ADAPTER = "documentation"

UNKNOWN_RELEASE = "unknown"
#: Key of a per-year ``release`` mapping that applies to the years it does not name.
DEFAULT_RELEASE_KEY = "default"

SHA256_HEX_LENGTH = 64
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_URL = re.compile(r"^https?://[^\s/]+/\S*$")
_YEAR_KEY = re.compile(r"^(19|20)\d{2}$")
_HASH_CHUNK_BYTES = 1 << 20
#: Largest sidecar read (a sidecar is a few hundred bytes; this bounds a hostile file).
MAX_SIDECAR_BYTES = 64 * 1024


def _as_text(value: Any) -> str:
    """Return a sidecar value as text (YAML turns unquoted dates into ``datetime.date``)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _text_or_none(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.date | int | float):
        return _as_text(value)
    return value


def _not_blank(value: str) -> str:
    if value.strip() == "":
        raise ValueError("a value")
    return value


def _sha256(value: str) -> str:
    value = value.strip().lower()
    if not _SHA256.match(value):
        raise ValueError("64 hexadecimal digits")
    return value


def _mirror_path(value: str | None) -> str | None:
    if value is None:
        return None
    normal = posixpath.normpath(value)
    if value.startswith("/") or normal.startswith("..") or "\\" in value or normal == ".":
        raise ValueError("a path inside the mirror folder, e.g. reference-data/bns/<file>")
    return normal


def _download_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not _URL.match(value):
        raise ValueError("an http(s) address of the file, or null")
    return value


Text = Annotated[str, BeforeValidator(_text_or_none)]
NonEmpty = Annotated[str, BeforeValidator(_text_or_none), AfterValidator(_not_blank)]
Release = Literal[RELEASES]  # the words of the ``release`` column of ``figures``

#: What a valid value of each key looks like, for the one-line error.
_EXPECTED: dict[str, str] = {
    "sha256": "64 hexadecimal digits",
    "mirror": "a path inside the mirror folder, e.g. reference-data/bns/<file>",
    "download_url": "an http(s) address of the file, or null",
    "release": "preliminary, final or unknown, or a mapping of years (and default) to them",
}


class Sidecar(BaseModel):
    """The provenance of one raw file, as read from its ``.meta.yaml`` sidecar.

    Every key of :data:`SIDECAR_KEYS` is required (``url`` and ``date_published`` may be null);
    other keys (``notes``, adapter hints, a document's ``author``) are kept as extras.

    Attributes
    ----------
    path : pathlib.Path
        The sidecar file.
    mirror : str or None
        Where the file is in a mirror folder (``reference-data/bns/<file>``); set for files that
        ``tradeviz fetch`` brings and ``.gitignore`` keeps out of the repository.
    download_url : str or None
        A direct download address of exactly these bytes, where one is known.
    release : str, mapping or None
        ``preliminary``/``final``/``unknown`` for every figure of the file, or per year.
    """

    model_config = ConfigDict(extra="allow", frozen=True, arbitrary_types_allowed=True)

    path: Path = Field(exclude=True)
    title: NonEmpty
    producer: NonEmpty
    producer_code: NonEmpty
    citation: NonEmpty
    url: Text | None
    date_published: Text | None
    date_accessed: NonEmpty
    license: NonEmpty
    unit_notes: NonEmpty
    sha256: Annotated[str, AfterValidator(_sha256)]
    vintage: NonEmpty
    adapter: NonEmpty
    mirror: Annotated[str | None, AfterValidator(_mirror_path)] = None
    download_url: Annotated[str | None, AfterValidator(_download_url)] = None
    release: Release | dict[str, Release] | None = None

    @property
    def meta(self) -> dict[str, Any]:
        """Every key of the sidecar (the required ones, the fetch keys and any extras)."""
        return self.model_dump()

    def __getitem__(self, key: str) -> Any:
        return self.meta[key]

    def get(self, key: str, default: Any = None) -> Any:
        """Return the value of ``key``, or ``default`` when the sidecar lacks it."""
        return self.meta.get(key, default)

    @property
    def raw_file(self) -> Path:
        """The raw file this sidecar describes."""
        return self.path.with_name(self.path.name[: -len(SIDECAR_SUFFIX)])

    @property
    def fetched(self) -> bool:
        """Whether the file's bytes come from a mirror or a download (not committed)."""
        return self.mirror is not None or self.download_url is not None

    def release_of(self, year: int | None) -> str:
        """Return the release (``preliminary``/``final``/``unknown``) of figures of ``year``."""
        if self.release is None:
            return UNKNOWN_RELEASE
        if isinstance(self.release, str):
            return self.release
        if year is not None and str(year) in self.release:
            return self.release[str(year)]
        return self.release.get(DEFAULT_RELEASE_KEY, UNKNOWN_RELEASE)


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


def load_sidecar(path: str | os.PathLike[str]) -> Sidecar:
    """Read and check a sidecar file itself (``<file>.meta.yaml``).

    Raises
    ------
    InputError
        If the file is not a YAML mapping, lacks a required key or value, or a key's value is
        malformed (a sha256 that is not one, a mirror path outside the mirror, a bad URL or
        release word).
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_SIDECAR_BYTES:
        raise InputError(
            "sidecar is too large",
            file=path,
            expected=f"at most {MAX_SIDECAR_BYTES} bytes",
            found=f"{size} bytes",
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
    return sidecar_from_mapping(meta, path)


def sidecar_from_mapping(meta: dict[str, Any], path: Path) -> Sidecar:
    """Validate a sidecar's keys (read from ``path``) into a :class:`Sidecar`."""
    for key in SIDECAR_KEYS:  # the documented order: the first missing key is named
        if key not in meta:
            raise InputError(
                "sidecar lacks a required key",
                file=path,
                field=key,
                expected="the key with a value (or null where unknown)",
                found="no such key",
            )
    release = meta.get("release")
    if isinstance(release, dict):  # YAML reads year keys as integers
        meta = {**meta, "release": {str(k): v for k, v in release.items()}}
        bad = [k for k in meta["release"] if not _YEAR_KEY.match(k) and k != DEFAULT_RELEASE_KEY]
        if bad:
            raise InputError(
                "sidecar release names neither a year nor default",
                file=path,
                field="release",
                expected=_EXPECTED["release"],
                found=bad[0],
            )
    try:
        return Sidecar(path=path, **{k: v for k, v in meta.items() if k != "path"})
    except ValidationError as error:
        raise _one_line(error, meta, path) from None


def _one_line(error: ValidationError, meta: dict[str, Any], path: Path) -> InputError:
    first = error.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else ""
    found = meta.get(key)
    if key in NON_EMPTY_KEYS and (found is None or _as_text(found).strip() == ""):
        return InputError(
            "sidecar key has no value", file=path, field=key, expected="a value", found=found
        )
    if key == "sha256":
        return InputError(
            "sidecar sha256 is not a sha256",
            file=path,
            field=key,
            expected=_EXPECTED["sha256"],
            found=found,
        )
    return InputError(
        "sidecar key has a malformed value",
        file=path,
        field=key,
        expected=_EXPECTED.get(key, "text"),
        found=found,
    )


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
    return load_sidecar(path)


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
    if actual != sidecar.sha256:
        raise InputError(
            "raw file changed since its sidecar was written (sha256 mismatch); restore the file "
            "(tradeviz fetch) or record the new version in the sidecar",
            file=raw_file,
            field="sha256",
            expected=sidecar.sha256,
            found=actual,
        )
    return sidecar


def _visible(path: Path, raw_dir: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(raw_dir).parts)


def list_raw_files(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return the raw files under ``raw_dir``, sorted: every file but sidecars and READMEs.

    Hidden files and folders (``.*``) and the records of :data:`RECORD_FOLDERS` are skipped.
    """
    raw_dir = Path(raw_dir)
    files = []
    for path in sorted(raw_dir.rglob("*")):
        if not _visible(path, raw_dir) or path.relative_to(raw_dir).parts[0] in RECORD_FOLDERS:
            continue
        if not path.is_file() or path.name.endswith(SIDECAR_SUFFIX) or path.name in PEOPLE_FILES:
            continue
        files.append(path)
    return files


def list_sidecars(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return every sidecar under ``raw_dir`` (hidden folders skipped), sorted."""
    raw_dir = Path(raw_dir)
    return [p for p in sorted(raw_dir.rglob("*" + SIDECAR_SUFFIX)) if _visible(p, raw_dir)]


def orphan_sidecars(raw_dir: str | os.PathLike[str]) -> list[Path]:
    """Return sidecars under ``raw_dir`` whose raw file is missing (a deleted input)."""
    return [
        path
        for path in list_sidecars(raw_dir)
        if not path.with_name(path.name[: -len(SIDECAR_SUFFIX)]).is_file()
    ]
