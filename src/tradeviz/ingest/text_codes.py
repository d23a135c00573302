"""Integer codes for a text column of an Arrow table: one code per row, one value per code.

A code column of a large file (ISO3 codes, HS codes, periods) holds few distinct values in
millions of rows. Hashing every cell as text, which is what a dictionary-typed CSV read does,
costs 0.1–0.2 s of CPU time per column of 5 million rows. When every value of a column has the
same width of at most :data:`KEY_BYTES` bytes, as ISO3 codes and HS6 codes do, each cell's
bytes are read in place as one little-endian integer, and the integers are hashed instead: about
a third of the time. Any other column is dictionary-encoded by pyarrow as text.

Codes number the distinct values in order of first appearance, as pyarrow's dictionaries do.
Each distinct value is checked for UTF-8 once, so the CSV reader need not check every cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

#: The widest value, in bytes, read as one integer key (a ``uint64``).
KEY_BYTES = 8
#: Values up to this width are read as ``uint32`` keys: half the memory, and as fast to hash.
SHORT_KEY_BYTES = 4
OFFSETS_BUFFER, DATA_BUFFER = 1, 2


class NotUtf8Error(ValueError):
    """A value of a text column is not UTF-8.

    Attributes
    ----------
    row : int
        The first row (from 0) holding the value.
    text : str
        The value, its undecodable bytes replaced by U+FFFD.
    """

    def __init__(self, row: int, raw: bytes) -> None:
        self.row = row
        self.text = raw.decode("utf-8", errors="replace")
        super().__init__(f"row {row}: {self.text!r} is not UTF-8")


def text_codes(column: Any) -> tuple[np.ndarray, list[str]]:
    """Return (codes, distinct values) of a text column, checking that each value is UTF-8.

    Parameters
    ----------
    column : pyarrow.ChunkedArray
        A text column without nulls (``string``; a ``large_string`` one is always hashed as
        text). Its values need not have been checked for UTF-8 (pyarrow's CSV reader with
        ``check_utf8=False``): each distinct value is checked here, which checks every cell.

    Returns
    -------
    codes : numpy.ndarray
        One code per row, an index into ``distinct``, of the integer type that pandas keeps
        for that many categories (:func:`code_dtype`).
    distinct : list of str
        The distinct values, in order of first appearance.

    Raises
    ------
    NotUtf8Error
        For a value that is not UTF-8, naming the first row that holds it.
    """
    import numpy as np
    import pyarrow as pa

    if not len(column):
        return np.zeros(0, dtype=np.int8), []
    keys = _fixed_width_keys(column)
    # One hash table over the chunks: every chunk's indices refer to the final dictionary.
    encoded = _encode(column if keys is None else pa.chunked_array(keys[1]))
    dictionary = encoded.chunk(0).dictionary
    codes = np.concatenate(
        [chunk.indices.to_numpy() for chunk in encoded.chunks],
        dtype=code_dtype(len(dictionary)),
        casting="unsafe",  # every code is below the dictionary's length
    )
    if keys is None:
        raw = dictionary.cast(pa.binary()).to_pylist()
    else:
        width = keys[0]
        raw = [int(key).to_bytes(KEY_BYTES, "little")[:width] for key in dictionary.to_pylist()]
    return codes, _decoded(raw, codes)


def code_dtype(n_values: int) -> np.dtype:
    """Return the integer type pandas keeps for the codes of ``n_values`` categories.

    ``pandas.Categorical.from_codes`` converts codes of a wider type, a copy of every row.
    """
    import numpy as np

    for dtype in (np.int8, np.int16, np.int32):
        if n_values < np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def first_row(codes: np.ndarray, code: int) -> int:
    """Return the first row (from 0) that holds the value coded ``code``."""
    import numpy as np

    return int(np.argmax(codes == code))


def _decoded(raw: list[bytes], codes: np.ndarray) -> list[str]:
    distinct = []
    for index, value in enumerate(raw):
        try:
            distinct.append(value.decode("utf-8"))
        except UnicodeDecodeError:
            raise NotUtf8Error(first_row(codes, index), value) from None
    return distinct


def _encode(values: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.dictionary_encode(values, memory_pool=pa.system_memory_pool())


def _fixed_width_keys(column: Any) -> tuple[int, list[np.ndarray]] | None:
    """Return (width, integer keys chunk by chunk) when every value has one width; else None.

    Each key is the value's bytes read as a little-endian integer (``uint32`` up to 4 bytes,
    ``uint64`` up to 8), so two values of one width share a key exactly when they are equal.
    The keys stay in the column's chunks (about half a megabyte each), which the C
    library's allocator serves from memory it already holds rather than from fresh pages.
    """
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_string(column.type):  # 32-bit offsets only
        return None
    width = None
    parts = []
    for chunk in column.chunks:
        rows = len(chunk)
        if not rows:
            continue
        offsets = np.frombuffer(
            chunk.buffers()[OFFSETS_BUFFER],
            dtype=np.int32,
            count=rows + 1,
            offset=chunk.offset * np.dtype(np.int32).itemsize,
        )
        start, end = int(offsets[0]), int(offsets[-1])
        if width is None:
            width = int(offsets[1] - offsets[0])
        if not 0 < width <= KEY_BYTES or not (np.diff(offsets) == width).all():
            return None
        data = np.frombuffer(chunk.buffers()[DATA_BUFFER], dtype=np.uint8)
        # A copy with KEY_BYTES of zeros after the last value, so that every read of
        # KEY_BYTES from a value's start stays inside the array.
        padded = np.zeros(end - start + KEY_BYTES, dtype=np.uint8)
        padded[: end - start] = data[start:end]
        key_type = np.dtype("<u4" if width <= SHORT_KEY_BYTES else "<u8")
        words = np.ndarray(shape=(rows,), dtype=key_type, buffer=padded, strides=(width,))
        if width < key_type.itemsize:
            parts.append(words & key_type.type((1 << (8 * width)) - 1))
        else:
            parts.append(words.copy())
    if width is None:
        return None
    return width, parts
