"""The one row filter of the figures table: column criteria, calendar years and months.

Every selection of tradeviz ends here. A criterion is a column name with a value (the column
equals it) or a collection of values (the column is one of them); ``year`` and ``month`` test the
calendar year and month of ``period_start``; ``exclude`` drops rows whose column holds one of the
given values. The functions work on the whole ``figures`` table and on any part of it.

Examples
--------
>>> where(figures, reporter="KAZ", partner="CHN", flow=("exports", "imports"), year=2020)
...     # doctest: +SKIP
"""

from __future__ import annotations

import numbers
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.arrays import ArrowStringArray

from tradeviz import schema
from tradeviz.query.errors import SelectionError
from tradeviz.query.memo import per_table
from tradeviz.query.positions import coded_test, column_arrays, take_rows, text_values

try:  # the helper pandas' to_dict uses, so that records() gives the very same values
    from pandas.core.dtypes.cast import maybe_box_native
except ImportError:  # pragma: no cover - a pandas that moved it: numpy scalars as Python ones

    def maybe_box_native(value: Any) -> Any:
        """Return a numpy scalar as the Python scalar it holds, anything else unchanged."""
        return value.item() if isinstance(value, np.generic) else value


#: One test a row must pass: ``(kind, column, value)``, kind ``==``, ``in``, ``not in``,
#: ``year``, ``month``, ``since`` and ``until`` (calendar years), or ``within`` (the period lies
#: inside a window of two dates).
Test = tuple[str, str, Any]


def _is_many(value: Any) -> bool:
    return isinstance(value, Collection) and not isinstance(value, str | bytes)


def tests_for(
    criteria: Mapping[str, Any],
    *,
    year: int | Iterable[int] | None = None,
    month: int | None = None,
    exclude: Mapping[str, Iterable[Any]] | None = None,
    within: tuple[Any, Any] | None = None,
    since: int | None = None,
    until: int | None = None,
) -> list[Test]:
    """Return the tests a row must pass, as hashable ``(kind, column, value)`` tuples."""
    tests: list[Test] = [
        ("in", column, tuple(wanted)) if _is_many(wanted) else ("==", column, wanted)
        for column, wanted in criteria.items()
    ]
    tests += [("not in", column, tuple(unwanted)) for column, unwanted in (exclude or {}).items()]
    if year is not None:
        tests.append(("year", schema.PERIOD_START, tuple(year) if _is_many(year) else year))
    if month is not None:
        tests.append(("month", schema.PERIOD_START, month))
    if since is not None:
        tests.append(("since", schema.PERIOD_START, since))
    if until is not None:
        tests.append(("until", schema.PERIOD_START, until))
    if within is not None:
        window = (pd.Timestamp(within[0]), pd.Timestamp(within[1]))
        tests.append(("within", schema.PERIOD_START, window))
    return tests


#: Tests of the calendar year or month of a date column.
CALENDAR_KINDS = frozenset({"year", "month", "since", "until"})


def run_test(frame: pd.DataFrame, test: Test) -> np.ndarray:
    """Return which rows of ``frame`` pass one test, as a boolean array."""
    kind, column, wanted = test
    if column not in frame.columns:
        raise SelectionError(
            f"figures table lacks column {column!r} (expected the columns of "
            "tradeviz.schema.FIGURE_COLUMNS)"
        )
    values = frame[column]
    if len(values) < REMEMBERED_MIN_ROWS:
        passed = _text_test(values, kind, wanted)
        if passed is not None:
            return passed
    if kind in CALENDAR_KINDS and values.dtype.kind == "M" and _whole_numbers(wanted):
        return _calendar_test(values.to_numpy(), kind, wanted)
    if kind == "==":
        passed = values == wanted
    elif kind == "in":
        passed = values.isin(wanted)
    elif kind == "not in":
        passed = ~values.isin(wanted)
    elif kind == "within":
        first, last = wanted
        passed = (values >= first) & (frame[schema.PERIOD_END] <= last)
    else:
        start = pd.to_datetime(values)
        part = start.dt.month if kind == "month" else start.dt.year
        if kind == "since":
            passed = part >= wanted
        elif kind == "until":
            passed = part <= wanted
        else:
            passed = part.isin(wanted) if isinstance(wanted, tuple) else part == wanted
    return passed.fillna(False).to_numpy(dtype=bool)


def _text_test(values: pd.Series, kind: str, wanted: Any) -> np.ndarray | None:
    """Return a text test of a small text column from its cells; None for other tests.

    For a table shorter than :data:`REMEMBERED_MIN_ROWS`: pandas' comparison costs about 0.2 ms
    whatever the length, the cells' own comparison a few microseconds for a few rows. The tests
    are those :func:`tradeviz.query.positions.coded_test` answers for a large table
    (:func:`~tradeviz.query.positions.text_values`). A missing cell equals nothing, as in
    pandas' comparison.
    """
    texts = text_values(kind, wanted)
    if texts is None or not isinstance(values.dtype, pd.StringDtype):
        return None
    wanted_set = frozenset(texts)
    cells = values.to_numpy(dtype=object)
    passed = np.fromiter((cell in wanted_set for cell in cells), dtype=bool, count=len(cells))
    return ~passed if kind == "not in" else passed


def _whole_numbers(wanted: Any) -> bool:
    """Whether a year or month (or a tuple of them) is a whole number, not a bool or text."""
    return all(
        isinstance(value, numbers.Integral) and not isinstance(value, bool)
        for value in (wanted if isinstance(wanted, tuple) else (wanted,))
    )


def _calendar_test(dates: np.ndarray, kind: str, wanted: Any) -> np.ndarray:
    """Return a test of the calendar year or month of datetime64 values (a missing date fails)."""
    if kind == "month":
        part = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    else:
        part = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    if kind == "since":
        passed = part >= wanted
    elif kind == "until":
        passed = part <= wanted
    elif isinstance(wanted, tuple):
        passed = np.isin(part, list(wanted))
    else:
        passed = part == wanted
    return np.asarray(passed, dtype=bool) & ~np.isnat(dates)


def mask(
    frame: pd.DataFrame,
    *,
    year: int | Iterable[int] | None = None,
    month: int | None = None,
    exclude: Mapping[str, Iterable[Any]] | None = None,
    within: tuple[Any, Any] | None = None,
    since: int | None = None,
    until: int | None = None,
    done: dict[Test, np.ndarray] | None = None,
    **criteria: Any,
) -> np.ndarray:
    """Return which rows of ``frame`` meet every criterion, as a boolean array.

    Parameters
    ----------
    frame : pandas.DataFrame
        The figures table, or part of it.
    year : int or iterable of int, optional
        Calendar year(s) of ``period_start``.
    month : int, optional
        Month of ``period_start``.
    exclude : mapping, optional
        Column -> values that disqualify a row.
    within : tuple of two dates, optional
        Keep the rows whose period starts on or after the first and ends on or before the
        second.
    since, until : int, optional
        First and last calendar year of ``period_start`` kept (None: no limit).
    done : dict, optional
        Results of tests already run over the same ``frame``, reused and filled in (several
        selections over one table share most of their tests).
    **criteria
        Column -> value, or a collection of values.

    Returns
    -------
    numpy.ndarray
        One boolean per row, in order.
    """
    done = {} if done is None else done
    passed = np.ones(len(frame), dtype=bool)
    found = tests_for(
        criteria,
        year=year,
        month=month,
        exclude=exclude,
        within=within,
        since=since,
        until=until,
    )
    # A large table's tests are remembered for it and read from its codes (see _test_result).
    run = _test_result if len(frame) >= REMEMBERED_MIN_ROWS else run_test
    for test in found:
        if test not in done:
            done[test] = run(frame, test)
        passed &= done[test]
    return passed


def where(frame: pd.DataFrame, **criteria: Any) -> pd.DataFrame:
    """Return the rows of ``frame`` that meet every criterion (the keywords of :func:`mask`).

    A selection from a large table (:data:`REMEMBERED_MIN_ROWS` rows or more) is remembered for
    that table (:func:`tradeviz.query.memo.per_table`): checking many claims repeats the same
    selections of the figures table.

    Examples
    --------
    >>> where(figures, source="bns_annual", partner_kind="country", year=2020)  # doctest: +SKIP
    """
    done = criteria.pop("done", None)
    if len(frame) < REMEMBERED_MIN_ROWS or done is not None:
        return kept_rows(frame, mask(frame, done=done, **criteria))
    options = {name: criteria.pop(name) for name in _OPTIONS if name in criteria}
    return _selection(frame, tuple(tests_for(criteria, **options)))


#: Tables this long or longer remember their selections (a part of the table is not worth it).
REMEMBERED_MIN_ROWS = 1000
#: How many selections of one table are remembered.
REMEMBERED_SELECTIONS = 256
#: The keywords of :func:`mask` that are not column criteria.
_OPTIONS = ("year", "month", "exclude", "within", "since", "until")


#: How many single tests' results (one boolean per row) are remembered per table.
REMEMBERED_TESTS = 1024


@per_table(limit=REMEMBERED_SELECTIONS)
def _selection(frame: pd.DataFrame, tests: tuple[Test, ...]) -> pd.DataFrame:
    """Return the rows of ``frame`` that pass every one of ``tests``."""
    passed = np.ones(len(frame), dtype=bool)
    for test in tests:
        passed &= _test_result(frame, test)
    return take_rows(frame, np.flatnonzero(passed))


@per_table(limit=REMEMBERED_TESTS)
def _test_result(frame: pd.DataFrame, test: Test) -> np.ndarray:
    """Return :func:`run_test` of a large table (read only: selections share their tests).

    Tests of text columns are read from the column's codes (:func:`tradeviz.query.positions.
    coded_test`), built once per table.
    """
    passed = coded_test(frame, test)
    if passed is None:
        passed = run_test(frame, test)
    passed.flags.writeable = False
    return passed


def kept_rows(frame: pd.DataFrame, keep: Any) -> pd.DataFrame:
    """Return the rows of ``frame`` where ``keep`` is true: ``frame[keep]``.

    When every row is kept the frame is returned as a shallow copy (under copy-on-write the
    caller's own, as ``frame[keep]`` would be) without taking each of its columns.
    """
    keep = np.asarray(keep, dtype=bool)
    if keep.all():
        return frame.copy(deep=False)
    return take_rows(frame, np.flatnonzero(keep), remember=False)


def between(frame: pd.DataFrame, first: str, second: str, **criteria: Any) -> pd.DataFrame:
    """Return the rows about trade between two countries, from either side (and ``criteria``)."""
    either_side = mask(frame, reporter=first, partner=second, **criteria) | mask(
        frame, reporter=second, partner=first, **criteria
    )
    return kept_rows(frame, either_side)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the rows of ``frame`` as dicts: the values and types of ``to_dict("records")``.

    Read column by column, which costs a fraction of ``to_dict("records")`` on Arrow-backed
    columns (that reads the table one row at a time). Values of object and extension columns
    other than text are converted to Python scalars as ``to_dict`` converts them.

    Examples
    --------
    >>> records(pd.DataFrame({"flow": ["exports"], "value": [1.5]}))
    [{'flow': 'exports', 'value': 1.5}]
    """
    columns = list(frame.columns)
    values = []
    for column in column_arrays(frame):
        found = _text_values(column) if type(column) is ArrowStringArray else column.tolist()
        if _boxed(column.dtype):
            found = [maybe_box_native(value) for value in found]
        values.append(found)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _text_values(column: ArrowStringArray) -> list[Any]:
    """Return an Arrow text column's values as ``column.tolist()`` gives them, read by Arrow.

    Arrow reads its strings to Python far faster than pandas' ``tolist`` (which goes through
    a numpy array of objects); a missing value is the dtype's own missing value, as there.
    """
    arrow = column.__arrow_array__()
    found = arrow.to_pylist()
    if arrow.null_count:
        missing = column.dtype.na_value
        found = [missing if value is None else value for value in found]
    return found


def period_of(row: Mapping[str, Any]) -> tuple[Any, Any]:
    """Return a row's ``period_start`` and ``period_end`` as dates (None where missing).

    Examples
    --------
    >>> period_of({"period_start": pd.Timestamp("2020-01-01"), "period_end": pd.NaT})
    (datetime.date(2020, 1, 1), None)
    """
    return _day(row[schema.PERIOD_START]), _day(row[schema.PERIOD_END])


def _day(value: Any) -> Any:
    return None if pd.isna(value) else pd.Timestamp(value).date()


#: What makes two figures of one table: the same source, vintage and perspective.
TABLE_COLUMNS = (schema.SOURCE, schema.VINTAGE, schema.PERSPECTIVE)


def same_table(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    """Whether two rows (dicts) are of one table: equal :data:`TABLE_COLUMNS`, none missing."""
    return all(first[column] == second[column] for column in TABLE_COLUMNS)


def _boxed(dtype: Any) -> bool:
    """Whether ``to_dict`` converts each value of a column of ``dtype`` (text columns: no need).

    ``to_dict`` converts the values of object and extension columns to Python scalars (a missing
    integer becomes None); the values of a text column are Python strings already, and its
    missing value reads the same either way.
    """
    if isinstance(dtype, pd.StringDtype):
        return False
    return pd.api.types.is_object_dtype(dtype) or isinstance(dtype, ExtensionDtype)


def year_of(frame: pd.DataFrame) -> pd.Series:
    """Return the calendar year of each row's ``period_start``."""
    return pd.to_datetime(frame[schema.PERIOD_START]).dt.year


def with_period_parts(frame: pd.DataFrame, *, month: bool = False) -> pd.DataFrame:
    """Return ``frame`` with a ``year`` column (and a ``month`` column) of ``period_start``."""
    start = pd.to_datetime(frame[schema.PERIOD_START])
    parts = {"year": start.dt.year}
    if month:
        parts["month"] = start.dt.month
    return frame.assign(**parts)


def group_codes(frame: pd.DataFrame, columns: Iterable[str]) -> np.ndarray:
    """Return one integer per row, equal for rows equal in every one of ``columns`` (exact).

    Each column is factorized on its own (missing values form a group of their own) and the
    codes are combined, which costs far less than grouping by several text columns.
    """
    columns = list(columns)
    if not len(frame):
        return np.zeros(0, dtype=np.int64)
    codes = []
    sizes = []
    for column in columns:
        found, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        codes.append(found)
        sizes.append(max(len(uniques), 1))
    if np.prod(np.array(sizes, dtype=float)) >= 2**62:  # too many combinations to number
        return frame.groupby(columns, sort=False, dropna=False).ngroup().to_numpy()
    return np.ravel_multi_index(codes, sizes).astype(np.int64)


def check_columns(figures: Any, columns: Iterable[str]) -> None:
    """Raise :class:`SelectionError` if ``figures`` is not a DataFrame holding ``columns``."""
    if not isinstance(figures, pd.DataFrame):
        raise SelectionError(f"figures must be a pandas DataFrame, found {type(figures).__name__}")
    missing = [column for column in columns if column not in figures.columns]
    if missing:
        raise SelectionError(
            "figures table lacks column(s) "
            + ", ".join(missing)
            + " (expected the columns of tradeviz.schema.FIGURE_COLUMNS)"
        )


def check_year(value: Any, name: str = "year") -> int:
    """Return ``value`` as a calendar year, or raise :class:`SelectionError` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != int(value):
        raise SelectionError(f"{name} must be a calendar year such as 2020, found {value!r}")
    return int(value)
