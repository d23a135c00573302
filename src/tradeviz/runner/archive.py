"""A run directory as bytes: packed on a cluster worker, unpacked into the batch's staging folder.

A gzip-compressed tar of regular files (the HTML pages compress well; PNG figures do not).
Unpacking accepts regular files at relative paths only (no ``..``, links or devices), through
:mod:`tarfile`'s ``data`` filter (ordinary permissions), and bounds the total size.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path, PurePosixPath

#: Compression level: the pages compress well at 1 already; higher costs CPU for little.
COMPRESSION_LEVEL = 6
#: Largest run directory accepted back from a worker, unpacked (bytes).
MAX_UNPACKED_BYTES = 2 * 1024**3


class ArchiveError(Exception):
    """The bytes are not a run directory this module packed (or too large)."""


def pack_directory(directory: Path) -> bytes:
    """Return ``directory``'s files (not the directory itself) as a ``.tar.gz`` in memory."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=COMPRESSION_LEVEL) as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file() and not path.is_symlink():
                archive.add(path, arcname=path.relative_to(directory).as_posix(), recursive=False)
    return buffer.getvalue()


def unpack_directory(data: bytes, target: Path) -> None:
    """Unpack :func:`pack_directory` bytes into ``target`` (created; must not hold files).

    Raises
    ------
    ArchiveError
        When the bytes are not a tar archive, a member would land outside ``target``, or the
        files add up to more than :data:`MAX_UNPACKED_BYTES`.
    """
    target.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            members = archive.getmembers()
            for member in members:
                name = PurePosixPath(member.name)
                if name.is_absolute() or ".." in name.parts or not member.isfile():
                    raise ArchiveError(f"unexpected member {member.name!r} in a run directory")
            total = sum(member.size for member in members)
            if total > MAX_UNPACKED_BYTES:
                raise ArchiveError(
                    f"the run directory holds {total} bytes, more than {MAX_UNPACKED_BYTES}"
                )
            archive.extractall(target, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError) as failure:
        raise ArchiveError(f"cannot unpack the run directory: {failure}") from failure
