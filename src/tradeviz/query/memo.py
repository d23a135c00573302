"""Derivations of a whole figures table, computed once per table and kept while the table lives.

Checking many claims against one ``figures`` table repeats derivations that depend on the table
alone (the incomplete-vintage flags, a reporter's partner ranks, the shares, growth and totals a
table implies, the references of a claim subject, the selections of a large table).
:func:`per_table` remembers the result of such a function for the table object it was given:

- the memo is keyed on the table's identity and held through a weak reference, so nothing is kept
  once the table is gone;
- another table (a test's small frame, a filtered copy) gets its own result;
- a table changed after the result was computed (a column replaced, a row added, a cell edited in
  place) is recomputed: each remembered result carries a fingerprint of the table's columns and
  their data buffers, checked on every call (see :func:`_fingerprint`); a table whose data
  cannot be fingerprinted (a categorical column) is never remembered; a call made while a
  remembered function is computing its result for the same table (a derivation built on
  others) trusts the check that call made, since derivations do not change their table;
- a result that is a DataFrame or a Series (alone or in a tuple) is returned as a shallow copy
  (copy-on-write), so a caller that changes what it gets never changes what is remembered;
  other results (dicts, lists, arrays) are shared and must be read only.

Examples
--------
>>> @per_table
... def world_rows(figures, reporter):
...     return where(figures, reporter=reporter, partner="WLD")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = ["forgetting", "per_table", "remembered_tables", "unchanged"]

Result = TypeVar("Result")

#: Whether results are remembered (:func:`forgetting` turns it off, e.g. to measure the gain).
_REMEMBERING = [True]
#: id(table) -> (weak reference to the table, its snapshot, its fingerprint, results), the
#: results by function name, then by arguments.
_MEMO: dict[int, tuple[weakref.ref, pd.DataFrame, tuple, dict[Hashable, Any]]] = {}
#: Per thread: id(table) -> (table, its results) for the tables a remembered function is
#: computing a result for; calls nested inside it take the results without a fingerprint.
_COMPUTING = threading.local()


def per_table(
    function: Callable[..., Result] | None = None, *, limit: int | None = None
) -> Callable[..., Result] | Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Remember ``function(table, *args, **kwargs)`` per table object (``args`` hashable).

    Use as ``@per_table`` or ``@per_table(limit=N)``.

    Parameters
    ----------
    function : callable
        A function of a DataFrame and hashable arguments whose result depends on them alone.
    limit : int, optional
        Keep at most this many results of ``function`` per table (the oldest go first); no
        limit when omitted.

    Returns
    -------
    callable
        The same function, computed once per (table, arguments) while the table is unchanged.
        Arguments that cannot be hashed, and tables that are not DataFrames, are computed each
        time.
    """
    if function is None:
        return functools.partial(per_table, limit=limit)
    name = (function.__module__, function.__qualname__)

    @functools.wraps(function)
    def remembered(table: Any, *args: Any, **kwargs: Any) -> Result:
        key = (args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:
            return function(table, *args, **kwargs)
        results = _results_of(table)
        if results is None:
            return function(table, *args, **kwargs)
        known = results.setdefault(name, {})
        if key not in known:
            if limit is not None and len(known) >= limit:
                del known[next(iter(known))]
            with _computing(table, results):
                known[key] = function(table, *args, **kwargs)
        return _detached(known[key])

    return remembered


@contextlib.contextmanager
def forgetting() -> Iterator[None]:
    """Compute every derivation afresh inside the block (what remembering saves is measured so).

    Examples
    --------
    >>> with forgetting():
    ...     verdicts = check_claims(figures, claims)  # doctest: +SKIP
    """
    previous = _REMEMBERING[0]
    _REMEMBERING[0] = False
    try:
        yield
    finally:
        _REMEMBERING[0] = previous


@contextlib.contextmanager
def unchanged(table: Any) -> Iterator[None]:
    """Inside the block, remembered functions take ``table``'s results without checking it again.

    For work that reads a table and changes nothing in it (the checks of many claims against
    one figures table): the table is fingerprinted once, on entry, as a remembered function
    fingerprints it once for the derivations it calls. Changing the table inside the block is
    not noticed until the block ends.

    Examples
    --------
    >>> with unchanged(figures):  # doctest: +SKIP
    ...     verdicts = [evaluate_claim(figures, claim) for claim in claims]
    """
    results = _results_of(table)
    if results is None:
        yield
        return
    with _computing(table, results):
        yield


def remembered_tables() -> int:
    """Return how many tables have remembered results (nothing outlives its table)."""
    return len(_MEMO)


@contextlib.contextmanager
def _computing(table: pd.DataFrame, results: dict[Hashable, Any]) -> Iterator[None]:
    """Mark ``table`` as checked while a remembered function computes a result for it."""
    computing = _computing_now()
    outermost = id(table) not in computing
    if outermost:
        computing[id(table)] = (table, results)
    try:
        yield
    finally:
        if outermost:
            del computing[id(table)]


def _computing_now() -> dict[int, tuple[pd.DataFrame, dict[Hashable, Any]]]:
    """Return this thread's tables being computed for (see :data:`_COMPUTING`)."""
    if not hasattr(_COMPUTING, "tables"):
        _COMPUTING.tables = {}
    return _COMPUTING.tables


def _results_of(table: Any) -> dict[Hashable, Any] | None:
    """Return the remembered results of ``table`` (emptied when it changed), or None."""
    if not _REMEMBERING[0] or not isinstance(table, pd.DataFrame):
        return None
    key = id(table)
    checked = _computing_now().get(key)
    if checked is not None and checked[0] is table:
        return checked[1]
    fingerprint = _fingerprint(table)
    if fingerprint is None:
        return None
    known = _MEMO.get(key)
    if known is not None and known[0]() is table and known[2] == fingerprint:
        return known[3]
    # A shallow copy holds the current data: with copy-on-write, any later edit of ``table``
    # copies the edited block first, which changes its buffer and so the fingerprint.
    snapshot = table.copy(deep=False)
    reference = weakref.ref(table, lambda _, key=key: _MEMO.pop(key, None))
    results: dict[Hashable, Any] = {}
    _MEMO[key] = (reference, snapshot, fingerprint, results)
    return results


def _detached(result: Result) -> Result:
    """Return a remembered DataFrame or Series (also inside a tuple) as a shallow copy.

    Under copy-on-write a shallow copy is the caller's own: changing it leaves the remembered
    result as it was. Other results (dicts, lists) are returned as they are and must be read
    only.
    """
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy(deep=False)
    if isinstance(result, tuple):
        return tuple(_detached(part) for part in result)
    return result


def _fingerprint(table: pd.DataFrame) -> tuple | None:
    """Return what identifies a table's current contents: shape, columns, dtypes, data buffers.

    A numpy-backed block of columns is identified by the address, shape and strides of its data,
    an Arrow-backed column by its Arrow array (Arrow arrays are immutable: an edit makes a new
    one). None when a block is of neither kind (the table is then never remembered). The blocks
    are read from pandas' block manager, which costs microseconds where building one Series per
    column costs milliseconds; without one, the columns are read one by one.
    """
    parts: list[Hashable] = [table.shape, tuple(table.columns)]
    blocks = getattr(getattr(table, "_mgr", None), "blocks", None)
    if blocks is None:
        arrays = [(position, values.array) for position, (_, values) in enumerate(table.items())]
    else:
        arrays = [(block.mgr_locs.as_array.tobytes(), block.values) for block in blocks]
    for place, values in arrays:
        token = _buffer_token(values)
        if token is None:
            return None
        parts.append((place, str(values.dtype), token))
    return tuple(parts)


def _buffer_token(values: Any) -> Hashable | None:
    """Return what identifies the data of one array, or None when it cannot be told."""
    if isinstance(values, pd.arrays.ArrowExtensionArray):
        return id(values.__arrow_array__())
    data = np.asarray(values)
    if data.dtype == object:
        return None
    if not isinstance(values, np.ndarray) and not np.may_share_memory(data, np.asarray(values)):
        return None  # an array converted afresh on each call: its address tells nothing
    interface = data.__array_interface__
    return interface["data"][0], data.shape, interface["strides"]
