"""Adapter: Comtrade-format long CSV, the layout a user downloads from UN Comtrade next.

Columns ``reporterISO, partnerISO, flowCode, period, cmdCode, primaryValue``.

Built for large files: pyarrow's multithreaded CSV reader with every code column read as
**text** (HS codes keep their leading zeros: ``010121`` stays ``010121``), each column then
turned into integer codes and its distinct values (:mod:`tradeviz.ingest.text_codes`), and
checks and mappings over the distinct values only. Text columns of the result are pandas
categoricals, so a 5-million-row file takes less memory than a plain read.

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
from tradeviz.ingest.csvtable import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    NUMBER_EXPECTED,
    UTF8_BOM,
    check_delimiter,
    not_a_number,
)
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.text_codes import NotUtf8Error, code_dtype, first_row, text_codes
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
#: A number as pyarrow reads it (an RE2 pattern, matched by pyarrow): sign, digits with a
#: decimal point, exponent, spaces around.
_DECIMAL_NUMBER = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$"
SNIFF_BYTES = 4096
#: Bytes of CSV each reading thread parses at a time. Larger than pyarrow's 1 MiB, which took
#: a tenth more CPU time on 159 MB (38 blocks of 4 MiB instead of 152).
READ_BLOCK_BYTES = 4 << 20
#: Threads that finish the code columns after the parse (the heavy steps, pyarrow's and
#: numpy's, release the GIL).
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
        For a semicolon-separated file, a missing column, a value that is not a finite number
        or is negative, text that is not UTF-8, or an unknown reporter, partner, flow, period
        or commodity code (naming the first bad row).
    """
    import pyarrow as pa

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
        table = _read_table(path)
    except pa.ArrowInvalid as error:
        raise _arrow_error(path, error) from None
    return _tidy_columns(path, table)


def _read_table(path: Any) -> Any:
    """Parse the CSV into an Arrow table: the code columns as text, the values as numbers.

    The parsed columns are allocated with the C library's allocator rather than pyarrow's
    default (mimalloc): for one large read in a fresh process it avoids mimalloc's costs of
    reserving and committing its arenas (measured in ``docs/benchmarks.md``).

    Cells are not checked for UTF-8 here: :func:`~tradeviz.ingest.text_codes.text_codes`
    checks each distinct value once, which covers every cell. No cell is read as missing: an
    empty value is refused as such by :func:`_arrow_error`, and ``NaN`` by
    :func:`_check_values`.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    types = {c: pa.string() for c in TEXT_COLUMNS}
    types[VALUE_COL] = pa.float64()
    return pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=READ_BLOCK_BYTES),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            include_columns=list(COLUMNS),
            null_values=[],
            strings_can_be_null=False,
            check_utf8=False,
        ),
        memory_pool=pa.system_memory_pool(),
    )


def _check_values(path: Any, values: np.ndarray) -> None:
    """Refuse a negative value, and a value that is not finite (``inf``, ``NaN``, ``1e400``)."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        bad = ~(values >= 0) | (values == np.inf)
    if not bad.any():
        return
    first = int(bad.argmax())
    value = float(values[first])
    if np.isfinite(value):
        raise InputError(
            "negative trade value",
            file=path,
            row=first + FIRST_DATA_ROW,
            field=VALUE_COL,
            expected="a value >= 0",
            found=value,
        )
    raise InputError(
        "not a finite number",
        file=path,
        row=first + FIRST_DATA_ROW,
        field=VALUE_COL,
        expected=NUMBER_EXPECTED,
        found=_cell_text(_value_cells(path), first),
    )


def _value_cells(path: Any) -> Any:
    """Return the value column as raw bytes (the slow re-read that names a bad cell)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={VALUE_COL: pa.binary()},
            include_columns=[VALUE_COL],
            null_values=[],
            strings_can_be_null=False,
        ),
    )
    return table.column(VALUE_COL)


def _cell_text(cells: Any, index: int) -> str:
    return cells[index].as_py().decode("utf-8", errors="replace")


def _arrow_error(path: Any, error: Exception) -> InputError:
    """Turn pyarrow's conversion error into one naming the row (found by a slow re-read)."""
    import pyarrow.compute as pc

    text = str(error)
    value = _ARROW_VALUE.search(text)
    if value is None:  # not a conversion error: a malformed CSV
        return InputError(
            "not a well-formed CSV table",
            file=path,
            expected="RFC 4180 CSV",
            found=text.splitlines()[0],
        )
    cells = _value_cells(path)
    first = pc.index(pc.match_substring_regex(cells, _DECIMAL_NUMBER), False).as_py()
    if first < 0:  # no cell found: name the value pyarrow quoted
        row, found = None, value["value"]
    else:
        row, found = first + FIRST_DATA_ROW, _cell_text(cells, first)
    message = not_a_number(found) if found.strip() else "value missing"
    return InputError(
        message, file=path, row=row, field=VALUE_COL, expected=NUMBER_EXPECTED, found=found
    )


def _map(
    path: Any, table: Any, column: str, mapper: Any, expected: str
) -> tuple[np.ndarray, list[Any]]:
    """Return a text column's codes and its distinct values, each mapped by ``mapper``."""
    try:
        codes, distinct = text_codes(table.column(column))
    except NotUtf8Error as error:
        raise InputError(
            "text is not UTF-8",
            file=path,
            row=error.row + FIRST_DATA_ROW,
            field=column,
            expected="UTF-8 text",
            found=error.text,
        ) from None
    mapped = []
    for index, text in enumerate(distinct):
        result = mapper(text)
        if result is None:
            raise InputError(
                f"unknown {column}",
                file=path,
                row=first_row(codes, index) + FIRST_DATA_ROW,
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


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    import numpy as np
    import pandas as pd

    unique = list(dict.fromkeys(categories))
    if len(unique) == len(categories):
        return pd.Categorical.from_codes(
            codes, categories=pd.Index(categories, dtype="str"), validate=False
        )
    position = {value: i for i, value in enumerate(unique)}
    remap = np.array([position[c] for c in categories], dtype=code_dtype(len(unique)))
    return pd.Categorical.from_codes(
        _take(remap, codes), categories=pd.Index(unique, dtype="str"), validate=False
    )


def _take(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Return ``values[codes]``, through pyarrow's take (a third of numpy's time on 5M rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.take(pa.array(values), pa.array(codes)).to_numpy(zero_copy_only=False)


def _flow(text: str) -> str | None:
    return FLOW_CODES.get(text.strip().upper())


def _tidy_columns(path: Any, table: Any) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    text_columns = (
        (REPORTER_COL, _reporter, "an ISO3 country code"),
        (PARTNER_COL, _partner, "an ISO3 code or W00/WLD"),
        (FLOW_COL, _flow, "X or M"),
        (PERIOD_COL, _period, "YYYY or YYYYMM"),
        (CMD_COL, _commodity, "TOTAL or HS digits (2, 4, 6)"),
    )
    with ThreadPoolExecutor(max_workers=TIDY_THREADS) as pool:
        value_rows = pool.submit(table.column(VALUE_COL).to_numpy)
        encoded = [pool.submit(_map, path, table, *spec) for spec in text_columns]
        # The values first, then the codes in column order: the first bad column is reported.
        values = value_rows.result()
        _check_values(path, values)
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
                s.VALUE: values,
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
    frame[s.LOCATOR] = "row " + (frame.index + FIRST_DATA_ROW).astype("str")
    return finish_frame(frame)
