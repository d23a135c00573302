"""The bytes of ``figures.csv``: formatted whole, or file by file where the files are read.

Formatting the CSV text is the slowest step after reading, and each row's text depends on that
row alone (pandas formats every field by itself: floats at their shortest round-trip form, dates
with :data:`CSV_DATE_FORMAT`, text quoted only when it must be). So the processes that read the
raw files also format their rows (:func:`rows_csv_bytes`), beside the reading, and the build
joins the header and the blocks in input order (:func:`joined_csv_bytes`): the bytes are those
of :func:`figures_csv_bytes` on the whole table. Nothing is written to disk here: the build
writes the bytes itself, through its atomic temporary file, after the contract check passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: How ``figures.csv`` writes its dates.
CSV_DATE_FORMAT = "%Y-%m-%d"


def figures_csv_bytes(figures: pd.DataFrame, *, header: bool = True) -> bytes:
    """Return the bytes of ``figures.csv`` (UTF-8, no index, ISO dates)."""
    text = figures.to_csv(index=False, header=header, date_format=CSV_DATE_FORMAT)
    return text.encode("utf-8")


def rows_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return the CSV rows (no header) of one file's tidy frame, as ``figures.csv`` holds them."""
    from tradeviz.ingest.tidy import table_frame

    return figures_csv_bytes(table_frame(frame), header=False)


def joined_csv_bytes(blocks: Iterable[bytes]) -> bytes:
    """Return ``figures.csv``: the header, then the files' rows (:func:`rows_csv_bytes`)."""
    from tradeviz.ingest.tidy import empty_frame, table_frame

    return b"".join([figures_csv_bytes(table_frame(empty_frame())), *blocks])
