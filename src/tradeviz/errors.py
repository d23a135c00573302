"""Exceptions that the command line reports as one clear line and a documented exit code."""

from __future__ import annotations

from typing import Any

#: Exit code for bad input, bad configuration or bad parameters (nothing was written).
EXIT_BAD_INPUT = 2


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
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        text = (", ".join(where) + ": " if where else "") + self.message
        detail = []
        if self.expected is not None:
            detail.append(f"expected {self.expected}")
        if self.found is not self._MISSING:
            detail.append(f"found {self.found!r}")
        if detail:
            text += f" ({', '.join(detail)})"
        return text
