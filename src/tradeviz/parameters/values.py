"""Parameter values on the wire: JSON form (dates tagged), canonical JSON, short display text.

The runner stores a run's values in its manifest and hands them to a worker process as JSON;
dates survive the trip as ``{"$date": "YYYY-MM-DD"}``, and the floats JSON has no word for
(NaN, infinities, which papermill passes and YAML writes ``.nan``, ``.inf``) as
``{"$float": "nan"}``, ``{"$float": "inf"}`` and ``{"$float": "-inf"}``. The canonical form is
the cache key's input, so two batch files giving the same values in another order share a cache
entry.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Mapping
from typing import Any

_DATE_KEY = "$date"
_FLOAT_KEY = "$float"


def to_json_value(value: Any) -> Any:
    """Return ``value`` in JSON form: dates and non-finite floats become tagged objects.

    Examples
    --------
    >>> to_json_value({"day": _dt.date(2021, 7, 20), "limit": float("-inf")})
    {'day': {'$date': '2021-07-20'}, 'limit': {'$float': '-inf'}}
    """
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {_DATE_KEY: value.isoformat()}
    if isinstance(value, float) and not math.isfinite(value):
        return {_FLOAT_KEY: repr(value)}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    return value


def from_json_value(value: Any) -> Any:
    """Invert :func:`to_json_value`."""
    if isinstance(value, dict):
        if set(value) == {_DATE_KEY}:
            return _dt.date.fromisoformat(value[_DATE_KEY])
        if set(value) == {_FLOAT_KEY}:
            return float(value[_FLOAT_KEY])
        return {key: from_json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_json_value(item) for item in value]
    return value


def canonical_json(values: Mapping[str, Any]) -> str:
    """Return parameters as canonical JSON (sorted keys, no spaces): the cache key's input."""
    return json.dumps(
        to_json_value(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def format_value(value: Any) -> str:
    """Return a value as a short human-readable string (``KAZ``, ``2020``, ``[KAZ, CHN]``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return repr(value) if value is not None else "None"
