"""Atomic file and directory writes: a reader sees the old version or the new one, never half.

Each writer creates a temporary sibling in the same directory (same file system) and renames it
over the target with :func:`os.replace`, which is atomic on POSIX.

When the file system refuses (full, read-only, a folder that is a file), the temporary is
removed, the target is left as it was, and the failure is raised as one
:class:`~tradeviz.errors.StorageError` line naming the path and the operating system's reason
(exit code 3).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tradeviz.errors import StorageError, is_storage_error

_DEFAULT_FILE_MODE = 0o666
_DEFAULT_DIR_MODE = 0o777


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` if the block succeeds.

    Parameters
    ----------
    target : str or os.PathLike
        Final path of the file.
    suffix : str, optional
        Suffix of the temporary file (some writers choose a format by extension).

    Yields
    ------
    pathlib.Path
        Where to write. Removed if the block raises.

    Raises
    ------
    tradeviz.errors.StorageError
        When the file system refuses the write (``target`` is left as it was).
    """
    target = Path(target)
    with storage_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=suffix or ".tmp", dir=target.parent
        )
        os.close(fd)
    tmp = Path(tmp_name)
    try:
        with storage_errors(target):
            yield tmp
            # mkstemp creates 0600 files; give the result the permissions a plain open() would.
            tmp.chmod(_DEFAULT_FILE_MODE & ~_current_umask())
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def storage_errors(path: str | os.PathLike[str], *, action: str = "cannot write") -> Iterator[None]:
    """Turn a file system's refusal inside the block into a one-line :class:`StorageError`.

    Parameters
    ----------
    path : str or os.PathLike
        What the block writes (named when the error itself names no file).
    action : str, optional
        What was being done (``"cannot write"``).
    """
    try:
        yield
    except OSError as error:
        if not is_storage_error(error):
            raise
        raise StorageError.from_os_error(error, path, action=action) from error


def write_text(target: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically and return the target path."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(target)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the target path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


@contextlib.contextmanager
def atomic_directory(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary directory that replaces ``target`` as a whole if the block succeeds.

    The previous ``target`` (if any) is kept until the new one is complete, then swapped out, so
    an interrupted writer leaves the old directory untouched.
    """
    target = Path(target)
    with storage_errors(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with storage_errors(target):
            yield tmp
            tmp.chmod(_DEFAULT_DIR_MODE & ~_current_umask())
            if target.exists():
                _swap(tmp, target)
            else:
                os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(new: Path, target: Path) -> None:
    """Put directory ``new`` in the place of directory ``target``; keep ``target`` on failure."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    previous = old / "previous"
    try:
        os.replace(target, previous)
    except BaseException:
        old.rmdir()
        raise
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(previous, target)  # put the previous version back
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
