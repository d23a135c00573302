"""Build tidy ``figures`` frames: every column of the contract, in order, with fixed dtypes.

Adapters produce plain records (dicts with some of :data:`tradeviz.schema.FIGURE_COLUMNS`);
:func:`tidy_frame` fills the defaults (empty text, NaN numbers, NaT dates), computes ``value_usd``
and ``figure_id``, and returns the columns in contract order.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s

if TYPE_CHECKING:
    import pandas as pd

#: Columns that hold text ("" when not applicable, never missing).
TEXT_COLUMNS: tuple[str, ...] = tuple(
    c
    for c in s.FIGURE_COLUMNS
    if c not in (s.PERIOD_START, s.PERIOD_END, s.VALUE, s.SCALE, s.VALUE_USD)
)
FLOAT_COLUMNS: tuple[str, ...] = (s.VALUE, s.SCALE, s.VALUE_USD)
DATE_COLUMNS: tuple[str, ...] = (s.PERIOD_START, s.PERIOD_END)
#: pandas dtype of the date columns (nanoseconds: what most readers expect).
DATE_DTYPE = "datetime64[ns]"
#: The calendar years a figure's period may lie in (a date outside is a typo, not a figure).
FIRST_YEAR, LAST_YEAR = 1900, 2100
TEXT_DTYPE = "str"
USD = "USD"
#: How a date reads inside a ``figure_id``, and what a missing date reads.
DAY_FORMAT = "%Y%m%d"
MISSING_DAY = "NA"
#: What an empty partner reads inside a ``figure_id``.
EMPTY_PARTNER = "_"

OFFICIAL_STATISTICS = "official_statistics"
EXACT = "exact"

_DEFAULTS: dict[str, Any] = {
    s.CLASSIFICATION: s.TOTAL_CODE,
    s.PRODUCT_CODE: s.TOTAL_CODE,
    s.QUALIFIER: EXACT,
    s.SCALE: 1.0,
}


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def year_span(year: int) -> tuple[dt.date, dt.date]:
    """Return 1 January and 31 December of ``year``."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def tidy_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Return the tidy ``figures`` frame of ``records`` (all columns, contract dtypes).

    Parameters
    ----------
    records : iterable of mapping
        One mapping per published number, keyed by :data:`tradeviz.schema.FIGURE_COLUMNS`;
        missing keys take their default (text ``""``, ``classification``/``product_code``
        ``"TOTAL"``, ``qualifier`` ``"exact"``, ``scale`` 1, dates NaT). ``value_usd`` and
        ``figure_id`` are computed.

    Returns
    -------
    pandas.DataFrame
        Columns in :data:`tradeviz.schema.FIGURE_COLUMNS` order.
    """
    import pandas as pd

    frame = pd.DataFrame.from_records(list(records))
    return finish_frame(frame)


def finish_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Complete a partial frame: defaults, dtypes, ``value_usd`` and ``figure_id``.

    Each column is converted only when it is not of its dtype already (text stays categorical
    when it is), and the frame is assembled once.
    """
    import numpy as np
    import pandas as pd

    n_rows = len(frame)
    index = pd.RangeIndex(n_rows)
    wanted = _table_dtypes()
    text_dtype, date_dtype = wanted[s.SOURCE], wanted[s.PERIOD_START]
    columns: dict[str, Any] = {}
    for column in s.FIGURE_COLUMNS:
        default = _DEFAULTS.get(column, "")
        if column not in frame.columns:
            if column in DATE_COLUMNS:
                columns[column] = pd.Series(pd.NaT, index=index, dtype=date_dtype)
            elif column in FLOAT_COLUMNS:
                columns[column] = np.full(n_rows, _DEFAULTS.get(column, np.nan), dtype="float64")
            else:
                columns[column] = pd.array(np.full(n_rows, default, dtype=object), dtype=text_dtype)
            continue
        series = frame[column].set_axis(index)
        if column in DATE_COLUMNS:
            if series.dtype != date_dtype:
                series = pd.to_datetime(series).astype(date_dtype)
        elif column in FLOAT_COLUMNS:
            if series.dtype != "float64":
                series = pd.to_numeric(series).astype("float64")
        elif isinstance(series.dtype, pd.CategoricalDtype):
            pass
        elif series.dtype != text_dtype or series.hasnans:
            series = series.fillna(default).astype(text_dtype)
        columns[column] = series
    out = pd.DataFrame(columns, index=index, copy=False)
    is_usd = (out[s.UNIT] == USD).to_numpy()
    out[s.VALUE_USD] = np.where(is_usd, out[s.VALUE] * out[s.SCALE], np.nan)
    out[s.FIGURE_ID] = figure_ids(out)
    return out


def figure_ids(frame: pd.DataFrame) -> pd.Series:
    """Return deterministic, readable ids built from the identity columns (``FIGURE_KEY``).

    Two rows get the same id exactly when their identity keys are equal, e.g.
    ``bns_annual:KAZ-CHN:exports:trade_value:A:20200101-20201231:TOTAL/TOTAL:KAZ:2021-07-28``
    (statements add ``:<record_id>``). A missing date reads ``NA``, an empty partner ``_``.
    """
    import numpy as np
    import pandas as pd

    missing = np.zeros(len(frame), dtype=bool)

    def text(column: str) -> list[str]:
        nonlocal missing
        series = frame[column]
        if series.dtype != _table_dtypes()[s.SOURCE]:
            series = series.astype(TEXT_DTYPE)
        if series.hasnans:
            missing = missing | series.isna().to_numpy()
        return series.tolist()

    def day(column: str) -> list[str]:
        # Each distinct date is formatted once: a table holds few distinct periods.
        codes, uniques = pd.factorize(frame[column])
        labels = [*pd.DatetimeIndex(uniques).strftime(DAY_FORMAT), MISSING_DAY]
        return [labels[code] for code in codes.tolist()]

    ids = [
        f"{source}:{reporter}-{partner or EMPTY_PARTNER}:{flow}:{measure}:{freq}:"
        f"{start}-{end}:{classification}/{product}:{perspective}:{vintage}"
        + (f":{record}" if record else "")
        for (
            source,
            reporter,
            partner,
            flow,
            measure,
            freq,
            start,
            end,
            classification,
            product,
            perspective,
            vintage,
            record,
        ) in zip(
            text(s.SOURCE),
            text(s.REPORTER),
            text(s.PARTNER),
            text(s.FLOW),
            text(s.MEASURE),
            text(s.FREQ),
            day(s.PERIOD_START),
            day(s.PERIOD_END),
            text(s.CLASSIFICATION),
            text(s.PRODUCT_CODE),
            text(s.PERSPECTIVE),
            text(s.VINTAGE),
            text(s.RECORD_ID),
            strict=True,
        )
    ]
    result = pd.Series(ids, index=frame.index, dtype=TEXT_DTYPE)
    # A missing identity text leaves the id missing (the contract then names the row).
    return result.mask(missing) if missing.any() else result


def fill_release(frame: pd.DataFrame, origin: Any) -> pd.DataFrame:
    """Give rows without a ``release`` the one ``origin``'s sidecar states for their year.

    The year is that of ``period_end`` (else ``period_start``); a sidecar's ``release`` is one
    word for the whole file or a word per year (:meth:`tradeviz.provenance.Sidecar.release_of`).
    Without a sidecar the release is ``unknown``.
    """
    import pandas as pd

    from tradeviz.provenance import UNKNOWN_RELEASE

    column = frame[s.RELEASE]
    empty = (column == "").to_numpy()
    if not empty.any():
        return frame
    sidecar = getattr(origin, "sidecar", None)
    years = frame[s.PERIOD_END].fillna(frame[s.PERIOD_START]).dt.year
    releases = {
        year: (sidecar.release_of(None if pd.isna(year) else int(year)) if sidecar else None)
        or UNKNOWN_RELEASE
        for year in years[empty].unique()
    }
    filled = years.map(releases).where(empty, column.astype(TEXT_DTYPE))
    frame[s.RELEASE] = filled.astype(
        "category" if isinstance(column.dtype, pd.CategoricalDtype) else TEXT_DTYPE
    )
    return frame


def table_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a tidy frame as the ``figures`` table holds it.

    Columns in :data:`tradeviz.schema.FIGURE_COLUMNS` order, text as ``str`` (an adapter may
    leave it categorical) and dates as :data:`DATE_DTYPE`. A frame that is so already is
    returned as it is. The table is the concatenation of its files' frames passed through this
    function, row for row.
    """
    dtypes = frame.dtypes
    wanted = _table_dtypes()
    changed = {column: dtype for column, dtype in wanted.items() if dtypes.get(column) != dtype}
    out = frame if list(frame.columns) == list(s.FIGURE_COLUMNS) else frame[list(s.FIGURE_COLUMNS)]
    return out.astype(changed) if changed else out


@functools.cache
def _table_dtypes() -> dict[str, Any]:
    """Return the dtype of each text and date column of the table (numbers are float64)."""
    from pandas.api.types import pandas_dtype

    text, date = pandas_dtype(TEXT_DTYPE), pandas_dtype(DATE_DTYPE)
    return {column: text for column in TEXT_COLUMNS} | {column: date for column in DATE_COLUMNS}


def empty_frame() -> pd.DataFrame:
    """Return an empty tidy frame with every column and dtype (a fresh copy each call)."""
    return _empty_frame().copy()


@functools.cache
def _empty_frame() -> pd.DataFrame:
    return tidy_frame([])
