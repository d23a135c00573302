"""Exceptions that the command line reports as one clear line and a documented exit code.

Every message is one line, whatever the data holds: a value shown as found is cut to
:data:`MAX_FOUND_CHARS` characters (an alias bomb or a 300 MB cell stays readable), and control
characters in a file name, a key or a message (a newline in a file name) are written as escapes,
so a scheduler that reads the last line of stderr reads the whole error.
"""

from __future__ import annotations

import errno
import os
import re
from typing import Any

#: Exit code for bad input, bad configuration or bad parameters (nothing was written).
EXIT_BAD_INPUT = 2
#: Exit code for a failure of the machine around the data: a full or read-only disk, a folder
#: that is a file, an unreachable cluster, another run holding the lock.
EXIT_INFRASTRUCTURE = 3
#: Longest ``repr`` of a value quoted in an error; longer ones are cut and their length given.
MAX_FOUND_CHARS = 200
#: Characters that would break a one-line message (C0 and C1 controls, line separators).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: Any) -> str:
    r"""Return ``text`` with control characters escaped, so it prints as one line.

    Examples
    --------
    >>> one_line("reports\nfake.yaml")
    'reports\\nfake.yaml'
    """
    text = str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def quote_path(path: Any) -> str:
    r"""Return a file name for a one-line message: as is, or quoted when it holds controls.

    Examples
    --------
    >>> quote_path("data/a.csv"), quote_path("data/a\nb.csv")
    ('data/a.csv', "'data/a\\nb.csv'")
    """
    text = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    return repr(text) if _CONTROL.search(text) else text


def shorten(value: Any, limit: int = MAX_FOUND_CHARS) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, saying how long it was.

    The ``repr`` of a large container is built piece by piece and stops early, so a value that
    would print as gigabytes costs no more than ``limit`` characters.

    Examples
    --------
    >>> shorten("x" * 300, limit=20)
    "'xxxxxxxxxxxxxxxxxx… (302 characters)"
    """
    text = _bounded_repr(value, limit + 1)
    if len(text) <= limit:
        return one_line(text)
    full = _repr_length(value, cap=10**9)
    total = f"{full:,} characters" if full is not None else "more than 1,000,000,000 characters"
    return one_line(text[: limit - 1]) + f"… ({total})"


def _bounded_repr(value: Any, limit: int) -> str:
    """Return the first ``limit`` characters of ``repr(value)`` without building all of it."""
    if isinstance(value, list | tuple | dict | set | frozenset):
        parts: list[str] = []
        size = 0
        for piece in _repr_pieces(value):
            parts.append(piece)
            size += len(piece)
            if size >= limit:
                break
        return "".join(parts)[:limit]
    return repr(value)[:limit]


def _repr_pieces(value: Any, depth: int = 0):
    """Yield ``repr(value)`` in pieces (containers opened lazily; shared parts re-visited)."""
    if depth > 100:  # deeper than anything a person writes; the rest is elided
        yield "…"
        return
    if isinstance(value, dict):
        yield "{"
        for number, (key, item) in enumerate(value.items()):
            yield (", " if number else "") + repr(key) + ": "
            yield from _repr_pieces(item, depth + 1)
        yield "}"
    elif isinstance(value, list | tuple | set | frozenset):
        opening, closing = {list: "[]", tuple: "()"}.get(type(value), "{}")
        yield opening
        for number, item in enumerate(value):
            if number:
                yield ", "
            yield from _repr_pieces(item, depth + 1)
        yield closing
    else:
        yield repr(value)


def _repr_length(value: Any, *, cap: int) -> int | None:
    """Return ``len(repr(value))``, computed without building it; ``None`` beyond ``cap``."""
    memo: dict[int, int] = {}

    def length(item: Any, depth: int) -> int:
        key = id(item)
        if key in memo:
            return memo[key]
        if depth > 100:
            result = 1
        elif isinstance(item, dict):
            result = (
                2
                + sum(len(repr(k)) + 2 + length(v, depth + 1) for k, v in item.items())
                + 2 * max(len(item) - 1, 0)
            )
        elif isinstance(item, list | tuple | set | frozenset):
            result = 2 + sum(length(v, depth + 1) for v in item) + 2 * max(len(item) - 1, 0)
        else:
            result = len(repr(item))
        if isinstance(item, dict | list | tuple | set | frozenset):
            memo[key] = result
        return result

    total = length(value, 0)
    return total if total <= cap else None


class TradevizError(Exception):
    """Base class of every error that tradeviz reports to a user without a traceback.

    Attributes
    ----------
    exit_code : int
        The process exit code the command line uses for this error.
    """

    exit_code: int = EXIT_BAD_INPUT


class InputError(TradevizError):
    """Malformed input: names the file, the row or cell, the field, what was expected and found.

    Parameters
    ----------
    message : str
        What is wrong, in plain words.
    file : str or os.PathLike, optional
        The input file.
    row : int or str, optional
        The row (1-based, as a spreadsheet shows it), the cell or the entry id.
    field : str, optional
        The column or key.
    expected : str, optional
        What a valid value looks like.
    found : Any, optional
        The value that was found.

    Examples
    --------
    >>> str(InputError("not a number", file="t.csv", row=3, field="value", expected="a number",
    ...                found="12,5"))
    "t.csv, row 3, field 'value': not a number (expected a number, found '12,5')"
    """

    _MISSING = object()

    def __init__(
        self,
        message: str,
        *,
        file: Any = None,
        row: Any = None,
        field: str | None = None,
        expected: str | None = None,
        found: Any = _MISSING,
    ) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.row = row
        self.field = field
        self.expected = expected
        self.found = found
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(quote_path(self.file))
        if self.row is not None:
            where.append(f"row {one_line(self.row)}")
        if self.field is not None:
            where.append(f"field {shorten(self.field)}")
        text = (", ".join(where) + ": " if where else "") + one_line(self.message)
        detail = []
        if self.expected is not None:
            detail.append(f"expected {one_line(self.expected)}")
        if self.found is not self._MISSING:
            detail.append(f"found {shorten(self.found)}")
        if detail:
            text += f" ({', '.join(detail)})"
        return text


#: ``errno`` values that say the storage failed (not the data): they give exit code 3.
STORAGE_ERRNOS = frozenset(
    {
        errno.ENOSPC,
        errno.EDQUOT,
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EEXIST,
        errno.EIO,
        errno.ENOENT,
        errno.EMFILE,
        errno.ENFILE,
        errno.ENAMETOOLONG,
        errno.ELOOP,
        errno.EBUSY,
        errno.ETXTBSY,
        errno.EXDEV,
    }
)


class StorageError(TradevizError):
    """The file system refused a write or a read: full, read-only, a folder that is a file.

    Nothing is half-written (every output goes through :mod:`tradeviz.atomic`), and what was
    there before is intact; the line names the path and the operating system's reason.

    Parameters
    ----------
    path : str or os.PathLike
        The file or folder the operation was about.
    reason : str
        The operating system's words (``No space left on device``).
    action : str, optional
        What tradeviz was doing (``"cannot write"``).
    """

    exit_code = EXIT_INFRASTRUCTURE

    def __init__(self, path: Any, reason: str, *, action: str = "cannot write") -> None:
        self.path = None if path is None else str(os.fspath(path))
        self.reason = reason
        self.action = action
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" {quote_path(self.path)}" if self.path is not None else ""
        return f"{self.action}{where}: {one_line(self.reason)}"

    @classmethod
    def from_os_error(
        cls, error: OSError, path: Any = None, *, action: str = "cannot write"
    ) -> StorageError:
        """Return the one-line error for ``error`` (its own file name wins over ``path``)."""
        named = error.filename if error.filename is not None else path
        reason = error.strerror or type(error).__name__
        if error.errno in (errno.EEXIST, errno.ENOTDIR) and named is not None:
            reason += " (a file is where a folder should be)"
        if error.filename2 is not None:
            reason += f" (to {quote_path(error.filename2)})"
        return cls(named, reason, action=action)


def is_storage_error(error: BaseException) -> bool:
    """Return whether ``error`` is an :class:`OSError` about the storage (see STORAGE_ERRNOS)."""
    return isinstance(error, OSError) and error.errno in STORAGE_ERRNOS
