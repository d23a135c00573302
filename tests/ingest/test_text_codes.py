"""Codes of a text column: every value given back, in order of first appearance, any widths."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeviz.ingest.text_codes import KEY_BYTES, NotUtf8Error, code_dtype, text_codes

#: Letters of one, two, three and four bytes in UTF-8, and a space.
ALPHABET = "KAZ0é€😀 "


def chunked(values: list[str], cuts: list[int], offset: int) -> pa.ChunkedArray:
    """``values`` as a chunked string column, cut at ``cuts``; every chunk a slice of one array
    that starts ``offset`` values in, as the chunks of a CSV read may be."""
    whole = pa.array(["pad"] * offset + values, pa.string()).slice(offset)
    bounds = sorted({0, len(values), *(cut % (len(values) + 1) for cut in cuts)})
    return pa.chunked_array(
        [whole.slice(start, stop - start) for start, stop in itertools.pairwise(bounds)],
        type=pa.string(),
    )


def not_utf8(values: list[bytes]) -> pa.ChunkedArray:
    """A string column holding bytes that are not UTF-8, as a read that skips the check gives."""
    raw = pa.array(values, pa.binary())
    return pa.chunked_array(
        [pa.StringArray.from_buffers(len(raw), raw.buffers()[1], raw.buffers()[2])]
    )


any_widths = st.lists(st.text(alphabet=ALPHABET, max_size=KEY_BYTES + 2), max_size=60)
one_width = st.integers(1, KEY_BYTES + 2).flatmap(
    lambda width: st.lists(
        st.text(alphabet="KAZCHN0", min_size=width, max_size=width), min_size=1, max_size=60
    )
)


@given(
    values=st.one_of(any_widths, one_width),
    cuts=st.lists(st.integers(0, 60), max_size=5),
    offset=st.integers(0, 3),
)
def test_codes_give_back_every_value_in_order_of_first_appearance(values, cuts, offset):
    codes, distinct = text_codes(chunked(values, cuts, offset))
    assert distinct == list(dict.fromkeys(values))
    assert [distinct[code] for code in codes] == values
    assert codes.dtype == code_dtype(len(distinct))


@pytest.mark.parametrize("n_values", [1, 126, 127, 128, 32_766, 32_767, 40_000])
def test_code_dtype_is_the_type_pandas_keeps(n_values):
    codes = np.zeros(1, dtype=code_dtype(n_values))
    categorical = pd.Categorical.from_codes(codes, categories=range(n_values))
    assert categorical.codes.dtype == code_dtype(n_values)


@pytest.mark.parametrize(
    "values",
    [
        [b"KAZ", b"CH\xe9", b"CHN", b"CH\xe9"],  # one width: read as integer keys
        [b"KAZ", b"C\xe9", b"CHNA", b"C\xe9"],  # several widths: hashed as text
    ],
)
def test_a_value_that_is_not_utf8_is_named_by_its_first_row(values):
    with pytest.raises(NotUtf8Error) as caught:
        text_codes(not_utf8(values))
    assert caught.value.row == 1
    assert caught.value.text == values[1].decode("utf-8", errors="replace")
