"""Results a notebook records for its run: a small ``results.json`` beside the report.

A notebook calls :func:`record` for the numbers that matter (a share, a verdict count); the bulk
runner (``tradeviz run``) sets ``TRADEVIZ_RUN_DIR`` in the kernel, so each call adds the value to
``$TRADEVIZ_RUN_DIR/results.json``, which tests, the manifest and schedulers read without parsing
the notebook. In JupyterLab or a plain ``papermill`` run the variable is unset and :func:`record`
only returns its value. This is scrapbook's idea without the dependency.

The file is one JSON object, name → value, in the order first recorded; recording a name again
replaces its value. It is rewritten atomically on every call.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from tradeviz.atomic import write_text
from tradeviz.errors import InputError

#: Environment variable naming the run's directory; set by ``tradeviz run`` in each kernel.
RUN_DIR_ENV = "TRADEVIZ_RUN_DIR"
#: File name of the results record inside a run directory.
RESULTS_FILE = "results.json"
#: The result a notebook records for the front page of the reports (what it found, in words);
#: its shape is :class:`tradeviz.runner.findings.Headline`.
HEADLINE_KEY = "headline"
#: Key of the display metadata that marks a notebook's headline output
#: (``{"tradeviz": {"headline": true}}``): the run's HTML report opens with that output.
DISPLAY_METADATA_KEY = "tradeviz"

T = TypeVar("T")


def run_dir() -> Path | None:
    """Return the current run's directory (``$TRADEVIZ_RUN_DIR``), or ``None`` outside a run."""
    value = os.environ.get(RUN_DIR_ENV)
    return Path(value) if value else None


def record(name: str, value: T) -> T:
    """Record ``value`` under ``name`` in the run's ``results.json`` and return ``value``.

    Parameters
    ----------
    name : str
        A short key, e.g. ``"kaz_exports_share_2020"``.
    value : Any
        A JSON-serialisable value: numbers, strings, booleans, ``None``, lists and mappings of
        them; numpy scalars and arrays, dates and timestamps are converted (NaN becomes
        ``null``: a missing number is recorded as missing, not invented).

    Returns
    -------
    Any
        ``value`` unchanged, so ``share = record("share", compute_share(...))`` reads well.

    Raises
    ------
    tradeviz.errors.InputError
        When ``name`` is empty or ``value`` cannot be written as JSON.
    """
    if not isinstance(name, str) or not name:
        raise InputError(
            "a result needs a name", field="name", expected="a non-empty str", found=name
        )
    directory = run_dir()
    if directory is None:
        return value
    try:
        encoded = to_json(value)
    except TypeError as error:
        raise InputError(
            "result is not JSON-serialisable",
            field=name,
            expected="numbers, str, bool, None, lists or mappings of them",
            found=str(error),
        ) from None
    path = directory / RESULTS_FILE
    results = load_results(directory)
    results[name] = encoded
    write_text(path, json.dumps(results, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    return value


def load_results(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the results recorded in ``directory`` (empty when there are none).

    Raises
    ------
    tradeviz.errors.InputError
        When ``results.json`` exists but is not a JSON object.
    """
    path = Path(directory) / RESULTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(
            "unreadable results record", file=path, expected="a JSON object", found=str(error)
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            "unreadable results record",
            file=path,
            expected="a JSON object",
            found=type(data).__name__,
        )
    return data


def to_json(value: Any) -> Any:
    """Convert ``value`` to plain JSON types, or raise :class:`TypeError`."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(item) for item in value]
    # numpy and pandas, duck-typed so that this module does not import them.
    if hasattr(value, "isoformat") and callable(value.isoformat):
        text = value.isoformat()
        return None if text == "NaT" else text
    if hasattr(value, "tolist") and callable(value.tolist):
        return to_json(value.tolist())
    if hasattr(value, "item") and callable(value.item):
        return to_json(value.item())
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")
