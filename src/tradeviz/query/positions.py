"""Row tests and row takes of a large table, from what is built once per table.

A selection of the figures table tests a few text columns and takes the rows that pass. Done
naively, each test compares some 40,000 strings, and each take calls pyarrow once per text
column (27 of them) through pandas, which costs a few milliseconds however few rows are kept.
Here, per table (:func:`tradeviz.query.memo.per_table`):

- :func:`coded_test` answers an equality or membership test of a text column from the column's
  codes (the column factorised once, :func:`column_codes`), comparing integers;
- :func:`take_rows` takes the rows at given positions from every Arrow text column in one
  take of a struct array holding them all (Arrow dispatches one take, not one per column,
  which costs a fraction for a few rows) and builds the frame once.

Both give exactly what the plain pandas operations give (same rows, values, dtypes, index); a
table they cannot serve so (duplicate column names, ``attrs``, a test of a non-text value) is
left to pandas.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tradeviz.query.memo import per_table

__all__ = ["coded_test", "column_arrays", "column_codes", "take_rows", "text_values"]

#: The row tests of a text column against text (those of :func:`tradeviz.query.rows.run_test`
#: that :func:`coded_test` answers).
CODED_KINDS = ("==", "in", "not in")
#: The code pandas gives a missing value when factorising.
MISSING_CODE = -1


@per_table
def column_codes(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, dict[str, int]] | None:
    """Return a text column's codes (one integer per row) and each value's code, or None.

    Missing values have code :data:`MISSING_CODE` (equal to no value). None when the column is
    not of a string dtype. The codes are read only (shared by every later test).
    """
    values = frame[column]
    if not isinstance(values.dtype, pd.StringDtype):
        return None
    codes, uniques = pd.factorize(values)
    codes.flags.writeable = False
    return codes, {value: code for code, value in enumerate(uniques.tolist())}


def coded_test(frame: pd.DataFrame, test: tuple[str, str, Any]) -> np.ndarray | None:
    """Return which rows pass a test of a text column, read from its codes; None if not coded.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table (its codes are built on the first test of each column).
    test : tuple
        ``(kind, column, value)`` as :func:`tradeviz.query.rows.tests_for` makes them; kinds
        ``==``, ``in`` and ``not in`` of string values are answered.

    Returns
    -------
    numpy.ndarray or None
        One boolean per row, as the comparison of the column with the value would give (a
        missing value equals nothing), or None when the test is of another kind, names a
        column that is absent or not text, or holds a value that is not a string.
    """
    kind, column, wanted = test
    values = text_values(kind, wanted)
    if values is None or column not in frame.columns:
        return None
    coded = column_codes(frame, column)
    if coded is None:
        return None
    codes, code_of = coded
    found = [code_of[value] for value in values if value in code_of]
    if kind == "==":
        return codes == found[0] if found else np.zeros(len(codes), dtype=bool)
    passed = np.isin(codes, np.array(found, dtype=codes.dtype))
    return ~passed if kind == "not in" else passed


def text_values(kind: str, wanted: Any) -> tuple[Any, ...] | None:
    """Return the values a test compares a text column with, or None if it is not such a test.

    A test of kind ``==``, ``in`` or ``not in`` (:data:`CODED_KINDS`) whose values are all
    strings; for any other test (a number, a missing value, a calendar test) None.
    """
    if kind not in CODED_KINDS:
        return None
    values = (wanted,) if kind == "==" else tuple(wanted)
    return values if all(isinstance(value, str) for value in values) else None


def column_arrays(frame: pd.DataFrame) -> list[Any]:
    """Return the values of each column of ``frame`` in order, as stored: to read, not to change.

    A numpy array or an extension array per column, what ``frame[column].array`` holds (a
    numpy column as the array itself), without building a Series for each column (that costs
    tens of microseconds a column, more than reading a few rows of it). pandas' own iterator
    over its column arrays serves, where this pandas has it.
    """
    stored = getattr(frame, "_iter_column_arrays", None)
    if stored is None:  # pragma: no cover - a pandas without it
        return [values.array for _, values in frame.items()]
    return list(stored())


def _layout(frame: pd.DataFrame) -> tuple[pa.StructArray, dict[str, Any]] | None:
    """Return the table's Arrow text columns as one struct array, and each column's array.

    The dict gives, in the table's order, the dtype of each Arrow text column and the array of
    each other column. None when the table cannot be rebuilt column by column exactly
    (duplicate column names, ``attrs``, flags) or holds no Arrow text column.
    """
    if (
        not frame.columns.is_unique
        or frame.attrs
        or not frame.flags.allows_duplicate_labels
        or frame.columns.nlevels != 1
    ):
        return None
    arrays = dict(zip(frame.columns, column_arrays(frame), strict=True))
    text = {
        name: array for name, array in arrays.items() if type(array) is pd.arrays.ArrowStringArray
    }
    if not text:
        return None
    together = pa.StructArray.from_arrays(
        [_one_array(array.__arrow_array__()) for array in text.values()], names=list(text)
    )
    return together, {
        name: array.dtype if name in text else array for name, array in arrays.items()
    }


def _one_array(chunked: pa.ChunkedArray) -> pa.Array:
    """Return a column's values as one Arrow array: its only chunk as it is, else combined.

    Combining copies every value, even of a single chunk; a column read from Parquet or taken
    is one chunk already (starting at its first value), which is used without a copy.
    """
    if chunked.num_chunks == 1 and chunked.chunk(0).offset == 0:
        return chunked.chunk(0)
    return chunked.combine_chunks()


#: :func:`_layout` of a table taken from many times (the figures table), built once per table.
_table_layout = per_table(_layout)


def take_rows(frame: pd.DataFrame, positions: np.ndarray, *, remember: bool = True) -> pd.DataFrame:
    """Return the rows of ``frame`` at ``positions``: what ``frame.iloc[positions]`` returns.

    The Arrow text columns are taken together (one take of the struct array holding them),
    the others one by one; a table that :func:`_layout` cannot serve is taken by pandas.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    positions : numpy.ndarray
        Row positions (non-negative integers, in the order wanted).
    remember : bool, default True
        Keep the frame's Arrow layout for later takes (:func:`tradeviz.query.memo.per_table`):
        for a table taken from many times. False for a frame taken from once (an
        intermediate result), which would pay for the remembering and not use it.

    Returns
    -------
    pandas.DataFrame
        The rows, with the same columns, dtypes and index labels as ``frame.iloc[positions]``.
    """
    positions = np.asarray(positions, dtype=np.intp)
    layout = _table_layout(frame) if remember else _layout(frame)
    if layout is None or (len(positions) and positions.min() < 0):
        return frame.iloc[positions]
    together, columns = layout
    taken = dict(zip(together.type.names, together.take(positions).flatten(), strict=True))
    rows = {
        name: (
            pd.arrays.ArrowStringArray(taken[name], dtype=kind)
            if isinstance(kind, pd.StringDtype)
            else kind.take(positions)
        )
        for name, kind in columns.items()
    }
    return _frame_of(list(rows.values()), frame.columns, frame.index.take(positions))


def _frame_of(arrays: list[Any], columns: pd.Index, index: pd.Index) -> pd.DataFrame:
    """Return the frame of ``arrays`` (one a column, each of its final dtype), not copied.

    pandas' own constructor from ready arrays, without the checks and conversions of the
    general one (a fifth or more of a small take's cost), where this pandas has it.
    """
    from_arrays = getattr(pd.DataFrame, "_from_arrays", None)
    if from_arrays is None:  # pragma: no cover - a pandas without it
        return pd.DataFrame(dict(zip(columns, arrays, strict=True)), index=index, copy=False)
    return from_arrays(arrays, columns=columns, index=index, verify_integrity=False)
