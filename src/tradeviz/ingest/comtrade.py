"""Adapter: Comtrade-format long CSV, the layout a user downloads from UN Comtrade next.

Columns ``reporterISO, partnerISO, flowCode, period, cmdCode, primaryValue``.

Built for large files: pyarrow's multithreaded CSV reader with every code column read as
**text** (HS codes keep their leading zeros: ``010121`` stays ``010121``), dictionary encoding
(the flow read as a boolean when it is spelled ``X``/``M``), and vectorised checks and mappings
over the distinct values only. Text columns of the result are pandas categoricals, so a
5-million-row file takes about half the memory of a plain read.

Vocabulary: ``flowCode`` ``X`` → exports, ``M`` → imports (re-export codes ``RX``/``RM`` and
others are refused: never add them to exports); ``period`` ``YYYY`` (annual) or ``YYYYMM``
(monthly); ``cmdCode`` ``TOTAL`` or an HS code of 2, 4 or 6 digits (classification ``HS2``,
``HS4``, ``HS6``); ``primaryValue`` in US dollars (scale 1); partner ``W00``/``WLD``/``World``
= the world. ``perspective`` = the reporter.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import UnknownPartnerError, resolve_code
from tradeviz.errors import InputError
from tradeviz.ingest.csvtable import NUMBER_EXPECTED, UTF8_BOM, check_delimiter
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, finish_frame, month_end

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

SOURCE = "comtrade"
SOURCE_ORG = "UN_COMTRADE"
REPORTER_COL = "reporterISO"
PARTNER_COL = "partnerISO"
FLOW_COL = "flowCode"
PERIOD_COL = "period"
CMD_COL = "cmdCode"
VALUE_COL = "primaryValue"
COLUMNS = (REPORTER_COL, PARTNER_COL, FLOW_COL, PERIOD_COL, CMD_COL, VALUE_COL)
TEXT_COLUMNS = (REPORTER_COL, PARTNER_COL, FLOW_COL, PERIOD_COL, CMD_COL)

EXPORTS_CODE, IMPORTS_CODE = "X", "M"
FLOW_CODES = {EXPORTS_CODE: "exports", IMPORTS_CODE: "imports"}
WORLD_ALIASES = {"W00", "WLD", "WORLD", "0"}
CLASSIFICATION_BY_LENGTH = {2: "HS2", 4: "HS4", 6: "HS6"}
_HS_CODE = re.compile(r"^\d{2}(\d{2}){0,2}$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_MONTH = re.compile(r"^(19|20)\d{2}(0[1-9]|1[0-2])$")
_ARROW_VALUE = re.compile(r"invalid value '(?P<value>[^']*)'")
HEADER_ROW = 1
SNIFF_BYTES = 4096
#: Bytes of CSV each reading thread parses at a time. Larger than pyarrow's 1 MiB: every block
#: gets its own dictionaries, which are then unified; 4 MiB blocks leave 40 for 159 MB.
READ_BLOCK_BYTES = 4 << 20
#: Threads that finish the code columns after the parse (one per column; the heavy steps,
#: pyarrow's and numpy's, release the GIL).
TIDY_THREADS = 4


def header_columns(path: Any) -> list[str]:
    """Return the column names of a CSV's header line (a leading BOM dropped)."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    line = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", errors="replace")
    return [cell.strip().strip('"') for cell in line.split(",")]


def looks_like(path: Any) -> bool:
    """Return whether a CSV's header has the Comtrade columns."""
    return set(COLUMNS) <= set(header_columns(path))


def read_long(path: Any) -> pd.DataFrame:
    """Read and check a Comtrade-format CSV into typed tidy columns (no ids, no provenance).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (UTF-8, comma-separated; a BOM is accepted).

    Returns
    -------
    pandas.DataFrame
        Columns ``reporter, partner, partner_kind, flow, freq, period_start, period_end,
        period_label, classification, product_code, value`` (text columns categorical; product
        codes as text with their leading zeros).

    Raises
    ------
    InputError
        For a semicolon-separated file, a missing column, a non-numeric or negative value, or an
        unknown reporter, partner, flow, period or commodity code (naming the first bad row).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    header = header_columns(path)
    check_delimiter(path, ",".join(header))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            "column missing",
            file=path,
            row=HEADER_ROW,
            field=missing[0],
            expected=f"columns {', '.join(COLUMNS)}",
            found=", ".join(header),
        )
    try:
        table = _read_table(path, fast=True)
    except pa.ArrowInvalid:
        # Something the fast layout refuses (a lower-case flow, an empty cell, a bad number):
        # read again with every code as text, which either accepts it or names the bad cell.
        try:
            table = _read_table(path, fast=False)
        except pa.ArrowInvalid as error:
            raise _arrow_error(path, error) from None
    values = table.column(VALUE_COL)
    if values.null_count:
        first = pc.index(pc.is_null(values), True).as_py()
        raise InputError(
            "value missing",
            file=path,
            row=first + 2,
            field=VALUE_COL,
            expected=NUMBER_EXPECTED,
            found="",
        )
    negative = pc.less(values, 0)
    if pc.any(negative).as_py():
        first = pc.index(negative, True).as_py()
        raise InputError(
            "negative trade value",
            file=path,
            row=first + 2,
            field=VALUE_COL,
            expected="a value >= 0",
            found=values[first].as_py(),
        )
    return _tidy_columns(path, table)


def _read_table(path: Any, *, fast: bool) -> Any:
    """Parse the CSV into an Arrow table, the code columns dictionary-encoded.

    The parsed columns are allocated with the C library's allocator rather than pyarrow's
    default (mimalloc): for one large read in a fresh process it avoids mimalloc's costs of
    reserving and committing its arenas (measured in ``docs/benchmarks.md``).

    ``fast`` reads ``flowCode`` as a boolean (``X`` true, ``M`` false) instead of hashing each
    cell into a dictionary; any other spelling makes the read fail, and the caller reads again
    with ``fast=False``.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    types = {c: pa.dictionary(pa.int32(), pa.string()) for c in TEXT_COLUMNS}
    types[VALUE_COL] = pa.float64()
    booleans: dict[str, list[str]] = {}
    if fast:
        types[FLOW_COL] = pa.bool_()
        booleans = {"true_values": [EXPORTS_CODE], "false_values": [IMPORTS_CODE]}
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=READ_BLOCK_BYTES),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            include_columns=list(COLUMNS),
            strings_can_be_null=False,
            **booleans,
        ),
        memory_pool=pa.system_memory_pool(),
    )
    if fast and table.column(FLOW_COL).null_count:  # an empty flow: named by the text read
        raise pa.ArrowInvalid("empty flowCode")
    return table


def _arrow_error(path: Any, error: Exception) -> InputError:
    """Turn pyarrow's conversion error into one naming the row (found by a slow re-read)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    text = str(error)
    value = _ARROW_VALUE.search(text)
    if value is None:  # not a conversion error: a malformed CSV
        return InputError(
            "not a well-formed CSV table",
            file=path,
            expected="RFC 4180 CSV",
            found=text.splitlines()[0],
        )
    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={VALUE_COL: pa.string()},
            include_columns=[VALUE_COL],
            strings_can_be_null=False,
        ),
    )
    import pandas as pd

    raw = table.column(VALUE_COL).to_pandas()
    bad = pd.to_numeric(raw, errors="coerce").isna()
    row = int(bad.to_numpy().argmax()) + 2 if bad.any() else None
    found = raw.iloc[row - 2] if row is not None else value["value"]
    message = "not a number"
    if re.match(r"^-?\d+,\d+$", str(found)):
        message = "decimal comma in a number"
    return InputError(
        message, file=path, row=row, field=VALUE_COL, expected=NUMBER_EXPECTED, found=found
    )


def _dictionary(table: Any, column: str) -> tuple[np.ndarray, list[str]]:
    """Return (codes, distinct values) of a dictionary-encoded column."""
    import numpy as np
    import pyarrow as pa

    chunked = table.column(column)
    combined = chunked.unify_dictionaries().combine_chunks() if chunked.num_chunks else None
    if combined is None:
        return np.zeros(0, dtype=np.int32), []
    if isinstance(combined, pa.ChunkedArray):  # pragma: no cover - older pyarrow
        combined = combined.combine_chunks()
    codes = combined.indices.to_numpy(zero_copy_only=False)
    return codes, [str(v) for v in combined.dictionary.to_pylist()]


def _first_row(codes: np.ndarray, bad: int) -> int:
    import numpy as np

    return int(np.argmax(codes == bad)) + 2


def _map(
    path: Any, column: str, table: Any, mapper: Any, expected: str
) -> tuple[np.ndarray, list[Any]]:
    codes, distinct = _dictionary(table, column)
    mapped = []
    for index, text in enumerate(distinct):
        result = mapper(text)
        if result is None:
            raise InputError(
                f"unknown {column}",
                file=path,
                row=_first_row(codes, index),
                field=column,
                expected=expected,
                found=text,
            )
        mapped.append(result)
    return codes, mapped


def _partner(text: str) -> tuple[str, str] | None:
    if text.strip().upper() in WORLD_ALIASES:
        return (s.WORLD, "world")
    try:
        partner = resolve_code(text)
    except UnknownPartnerError:
        return None
    return (partner.code, partner.kind)


def _reporter(text: str) -> str | None:
    partner = _partner(text)
    return partner[0] if partner and partner[1] == "country" else None


def _period(text: str) -> tuple[dt.date, dt.date, str, str] | None:
    text = text.strip()
    if _YEAR.match(text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "A", text
    if _MONTH.match(text):
        year, month = int(text[:4]), int(text[4:])
        return dt.date(year, month, 1), month_end(year, month), "M", f"{year}-{month:02d}"
    return None


def _commodity(text: str) -> tuple[str, str] | None:
    text = text.strip()
    if text.upper() == s.TOTAL_CODE:
        return (s.TOTAL_CODE, s.TOTAL_CODE)
    if _HS_CODE.match(text):
        return (CLASSIFICATION_BY_LENGTH[len(text)], text)
    return None


def _narrow(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """Return ``codes`` in the integer type pandas keeps for that many categories.

    ``Categorical.from_codes`` converts its codes to that type, a copy of every row for each
    column; converted once per source column, the codes are shared without copies.
    """
    import numpy as np

    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return codes.astype(dtype, copy=False)
    return codes


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    import numpy as np
    import pandas as pd

    unique = list(dict.fromkeys(categories))
    if len(unique) == len(categories):
        return pd.Categorical.from_codes(
            codes, categories=pd.Index(categories, dtype="str"), validate=False
        )
    position = {value: i for i, value in enumerate(unique)}
    remap = _narrow(np.array([position[c] for c in categories]), len(unique))
    return pd.Categorical.from_codes(
        _take(remap, codes), categories=pd.Index(unique, dtype="str"), validate=False
    )


def _take(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Return ``values[codes]``, through pyarrow's take (a third of numpy's time on 5M rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.take(pa.array(values), pa.array(codes)).to_numpy(zero_copy_only=False)


def _encoded(
    path: Any, table: Any, column: str, mapper: Any, expected: str
) -> tuple[np.ndarray, list[Any]]:
    """Return a text column's narrowed codes and its mapped distinct values."""
    codes, mapped = _map(path, column, table, mapper, expected)
    return _narrow(codes, len(mapped)), mapped


def _flow_encoded(path: Any, table: Any) -> tuple[np.ndarray, list[str]]:
    """Return the flow codes and names, from a boolean column or a dictionary one.

    The names come in order of first appearance, as a dictionary column gives them.
    """
    import numpy as np
    import pyarrow as pa

    column = table.column(FLOW_COL)
    if not pa.types.is_boolean(column.type):
        return _encoded(path, table, FLOW_COL, _flow, "X or M")
    if not len(column):
        return np.zeros(0, dtype=np.int8), []
    exports = column.combine_chunks().to_numpy(zero_copy_only=False)
    first_is_exports = bool(exports[0])
    names = [FLOW_CODES[EXPORTS_CODE], FLOW_CODES[IMPORTS_CODE]]
    if not first_is_exports:
        names.reverse()
    if exports.all() or not exports.any():  # one flow only
        return np.zeros(len(exports), dtype=np.int8), names[:1]
    # code 0 where a row has the flow seen first, 1 elsewhere
    return (exports != first_is_exports).view(np.int8), names


def _flow(text: str) -> str | None:
    return FLOW_CODES.get(text.strip().upper())


def _tidy_columns(path: Any, table: Any) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    text_columns = (
        (REPORTER_COL, _reporter, "an ISO3 country code"),
        (PARTNER_COL, _partner, "an ISO3 code or W00/WLD"),
        (PERIOD_COL, _period, "YYYY or YYYYMM"),
        (CMD_COL, _commodity, "TOTAL or HS digits (2, 4, 6)"),
    )
    with ThreadPoolExecutor(max_workers=TIDY_THREADS) as pool:
        values = pool.submit(lambda: table.column(VALUE_COL).to_numpy())
        encoded = [pool.submit(_encoded, path, table, *spec) for spec in text_columns]
        encoded.insert(2, pool.submit(_flow_encoded, path, table))
        # In column order, so the first bad column is the one reported.
        (
            (rep_codes, reporters),
            (par_codes, partners),
            (flow_codes, flows),
            (per_codes, periods),
            (cmd_codes, commodities),
        ) = (future.result() for future in encoded)
        starts = np.array([p[0] for p in periods], dtype="datetime64[ns]")
        ends = np.array([p[1] for p in periods], dtype="datetime64[ns]")
        start_rows = pool.submit(_take, starts, per_codes)
        end_rows = pool.submit(_take, ends, per_codes)
        frame = pd.DataFrame(
            {
                s.REPORTER: _categorical(rep_codes, reporters),
                s.PARTNER: _categorical(par_codes, [p[0] for p in partners]),
                s.PARTNER_KIND: _categorical(par_codes, [p[1] for p in partners]),
                s.FLOW: _categorical(flow_codes, flows),
                s.FREQ: _categorical(per_codes, [p[2] for p in periods]),
                s.PERIOD_START: start_rows.result(),
                s.PERIOD_END: end_rows.result(),
                s.PERIOD_LABEL: _categorical(per_codes, [p[3] for p in periods]),
                s.CLASSIFICATION: _categorical(cmd_codes, [c[0] for c in commodities]),
                s.PRODUCT_CODE: _categorical(cmd_codes, [c[1] for c in commodities]),
                s.VALUE: values.result(),
            },
            copy=False,
        )
    return frame


def _constant(value: str, n_rows: int) -> pd.Categorical:
    import numpy as np
    import pandas as pd

    return pd.Categorical.from_codes(
        np.zeros(n_rows, dtype=np.int8), categories=pd.Index([value], dtype="str")
    )


def read(origin: Origin) -> pd.DataFrame:
    """Read a Comtrade-format CSV into tidy figures (see :func:`read_long`)."""
    import numpy as np

    frame = read_long(origin.path)
    n_rows = len(frame)
    constants = {
        s.MEASURE: "trade_value",
        s.UNIT: "USD",
        s.QUALIFIER: "exact",
        s.SOURCE: SOURCE,
        **origin.provenance(SOURCE_ORG),
        s.SOURCE_TIER: OFFICIAL_STATISTICS,
        s.PRODUCT_LABEL: "",
        s.VALUE_TEXT: "",
        s.EXCERPT: "",
        s.SPEAKER: "",
        s.RECORD_ID: "",
        s.RELEASE: "",
        s.NOTE: "",
    }
    for column, value in constants.items():
        frame[column] = _constant(value, n_rows)
    frame[s.PERSPECTIVE] = frame[s.REPORTER]
    frame[s.SCALE] = np.ones(n_rows)
    frame[s.LOCATOR] = "row " + (frame.index + 2).astype("str")
    return finish_frame(frame)
