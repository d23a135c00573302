r"""Strict reading of small CSV source files (RFC 4180, UTF-8, comma, decimal point).

Decisions, each tested:

- a UTF-8 byte-order mark is **accepted and dropped** (spreadsheet programs add it; it carries no
  data, and the header would otherwise read ``\ufeffYear``);
- a semicolon-separated file is **refused**: it is the mark of a locale export whose numbers use
  decimal commas, and guessing would silently turn ``12,5`` into 125 or 12.5;
- a decimal comma in a number (``"12,5"``) is **refused** as a non-numeric value, naming the cell;
- text that is not UTF-8 is refused.

Row numbers in errors count CSV records as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tradeviz.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

UTF8_BOM = b"\xef\xbb\xbf"
HEADER_ROW = 1
FIRST_DATA_ROW = 2
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
NUMBER_EXPECTED = "a number written with a decimal point and no thousands separator"


def read_text(path: str | os.PathLike[str]) -> str:
    """Return the text of a CSV file: UTF-8, a leading byte-order mark dropped.

    Raises
    ------
    InputError
        If the file is empty or not UTF-8.
    """
    data = Path(path).read_bytes()
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if not data.strip():
        raise InputError("file is empty", file=path, expected="a CSV header and rows", found="")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            "file is not UTF-8 text",
            file=path,
            expected="UTF-8",
            found=f"byte {data[error.start]:#04x} at offset {error.start}",
        ) from None


def header_of(text: str) -> str:
    """Return the first line of ``text``."""
    return text.split("\n", 1)[0].rstrip("\r")


def check_delimiter(path: str | os.PathLike[str], header: str) -> None:
    """Refuse a semicolon- or tab-separated header (see the module's decisions)."""
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs")):
        if delimiter in header and header.count(delimiter) >= header.count(","):
            raise InputError(
                f"CSV fields are separated by {name}, not commas (a locale export: save it as "
                "comma-separated with decimal points)",
                file=path,
                row=HEADER_ROW,
                expected="comma-separated fields",
                found=header[:80],
            )


def read_table(
    path: str | os.PathLike[str], required: Sequence[str], *, numeric: Sequence[str] = ()
) -> pd.DataFrame:
    """Read a small CSV as text columns, check its columns and parse its numeric columns.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    required : sequence of str
        Columns that must be present (others are kept).
    numeric : sequence of str
        Columns parsed as numbers; an empty cell becomes NaN ("not stated").

    Returns
    -------
    pandas.DataFrame
        Text columns as ``str`` (empty cells ``""``), numeric columns as ``float64``; the index
        is the spreadsheet row number (header = 1).

    Raises
    ------
    InputError
        For an empty or non-UTF-8 file, a semicolon-separated file, a missing column, or a
        non-numeric value in a numeric column.
    """
    import pandas as pd

    text = read_text(path)
    header = header_of(text)
    check_delimiter(path, header)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, engine="c"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(
            "not a well-formed CSV table",
            file=path,
            expected="RFC 4180 CSV",
            found=str(error).splitlines()[0],
        ) from None
    for column in required:
        if column not in frame.columns:
            raise InputError(
                "column missing",
                file=path,
                row=HEADER_ROW,
                field=column,
                expected=f"columns {', '.join(required)}",
                found=", ".join(map(str, frame.columns)),
            )
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    for column in numeric:
        frame[column] = parse_numbers(frame[column], path=path, field=column)
    return frame


def parse_numbers(column: pd.Series, *, path: str | os.PathLike[str], field: str) -> pd.Series:
    """Parse a text column as float64 ("" → NaN); name the first cell that is not a number."""
    import pandas as pd

    stripped = column.astype(str).str.strip()
    parsed = pd.to_numeric(stripped.where(stripped != ""), errors="coerce")
    bad = parsed.isna() & (stripped != "")
    if bad.any():
        row = bad.idxmax()
        found = column[row]
        raise InputError(
            not_a_number(found),
            file=path,
            row=row,
            field=field,
            expected=NUMBER_EXPECTED,
            found=found,
        )
    return parsed.astype("float64")


def not_a_number(found: object) -> str:
    """Name what is wrong with a cell that is not a number: a decimal comma, or any other text."""
    return "decimal comma in a number" if _DECIMAL_COMMA.match(str(found)) else "not a number"
