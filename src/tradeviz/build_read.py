"""Read the checked raw files of a build with their adapters, in parallel where cores allow.

The files are independent, so :func:`read_inputs` hands them to a small pool of forked worker
processes (largest file first, so the one large document does not end the run alone) and puts
the frames back in input order. Each worker also formats its files' rows of ``figures.csv``
(:func:`tradeviz.build_csv.rows_csv_bytes`), so that text is ready when the reading ends.

The result, and the error a bad file raises, are those of reading the files one after another:
when several files fail, the first in input order is the one reported, as one line like any
other :class:`~tradeviz.errors.InputError`.

One process reads everything in turn when the machine has one core, when there are few files,
off Linux (where ``fork`` is missing or unsafe), or when the caller is itself a daemonic worker
process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

#: Most worker processes a build starts (the reads are short; more workers only cost forks).
MAX_PROCESSES = 4
#: Fewest files worth a pool: below this, forking costs more than it saves.
MIN_FILES_FOR_POOL = 4

#: The files of the running build, set before the workers fork so they inherit them (only an
#: index crosses the process boundary on the way in).
_JOBS: list[tuple[Path, Any]] = []
_ROOT: str | os.PathLike[str] | None = None


@dataclass(frozen=True)
class _Failure:
    """An :class:`InputError` carried back from a worker by its parts, rebuilt in the parent.

    (Pickling the exception itself would lose the "no value found" marker of ``found``.)
    """

    message: str
    details: dict[str, Any]

    @classmethod
    def of(cls, error: InputError) -> _Failure:
        details: dict[str, Any] = {
            "file": error.file,
            "row": error.row,
            "field": error.field,
            "expected": error.expected,
        }
        if error.found is not InputError._MISSING:
            found = error.found
            try:
                pickle.dumps(found)
            except Exception:  # noqa: BLE001 - any value that cannot travel goes as its text
                found = str(found)
            details["found"] = found
        return cls(error.message, details)

    def error(self) -> InputError:
        return InputError(self.message, **self.details)


def read_one(path: Path, sidecar: Any, root: str | os.PathLike[str] | None) -> pd.DataFrame:
    """Read one checked raw file with the adapter its sidecar names."""
    from tradeviz.ingest import detect_adapter, read_with
    from tradeviz.ingest.origin import Origin

    adapter = detect_adapter(path, sidecar)
    return read_with(adapter, Origin.of(path, sidecar, root=root))


def _check(path: Path, sidecar: Any) -> Any:
    """Return the sidecar of ``path``: as given, or read and checked against the file's hash."""
    if sidecar is not None:
        return sidecar
    from tradeviz.provenance import verify_raw_file

    return verify_raw_file(path)


@dataclass(frozen=True)
class _Outcome:
    """What a worker did with one file: its sidecar and frame, or where it failed."""

    sidecar: Any = None
    frame: Any = None
    csv: bytes | None = None
    check_failure: _Failure | BaseException | None = None
    read_failure: _Failure | None = None


def _read_job(index: int) -> _Outcome:
    path, sidecar = _JOBS[index]
    try:
        sidecar = _check(path, sidecar)
    except Exception as error:  # noqa: BLE001 - raised in the parent, in input order
        failure = _Failure.of(error) if type(error) is InputError else error
        return _Outcome(check_failure=failure)
    try:
        frame = read_one(path, sidecar, _ROOT)
    except InputError as error:
        if type(error) is not InputError:
            raise
        return _Outcome(sidecar=sidecar, read_failure=_Failure.of(error))
    from tradeviz.build_csv import rows_csv_bytes

    return _Outcome(sidecar=sidecar, frame=frame, csv=rows_csv_bytes(frame))


def can_fork() -> bool:
    """Return whether this process may fork workers that inherit its state.

    Only on Linux (``fork`` is unsafe on macOS and missing on Windows), and never from a
    daemonic process, which may not have children.
    """
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def worker_count(n_files: int) -> int:
    """Return how many processes should read ``n_files`` files (1: read in this process)."""
    if n_files < MIN_FILES_FOR_POOL or not can_fork():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES, n_files))


def read_inputs(
    inputs: list[tuple[Path, Any]],
    root: str | os.PathLike[str] | None = None,
    *,
    while_reading: Callable[[], object] | None = None,
) -> list[tuple[Any, pd.DataFrame, bytes | None]]:
    """Check and read every raw file with its adapter; return sidecars and frames in order.

    Parameters
    ----------
    inputs : list of (pathlib.Path, Sidecar or None)
        Raw files with their checked sidecars; ``None`` for a file whose sidecar is still to
        be read and checked against the file's hash (in the worker that reads the file).
    root : str or os.PathLike, optional
        Directory that ``source_file`` is made relative to.
    while_reading : callable, optional
        Work of the caller's own that does not depend on the files (loading the contract),
        called in this process while the workers read, or before reading without workers.

    Returns
    -------
    list of (Sidecar, pandas.DataFrame, bytes or None)
        The sidecar and the tidy frame of each input, in the order of ``inputs``, with the
        file's rows of ``figures.csv`` when a worker formatted them (``None`` when the files
        were read in this process).

    Raises
    ------
    InputError
        As when every sidecar is checked first and the files are then read one after another:
        the first sidecar, in input order, that fails its check; else the first file that
        fails to read.
    """
    processes = worker_count(len(inputs))
    if processes == 1:
        if while_reading is not None:
            while_reading()
        sidecars = [_check(path, sidecar) for path, sidecar in inputs]
        return [
            (sidecar, read_one(path, sidecar, root), None)
            for (path, _), sidecar in zip(inputs, sidecars, strict=True)
        ]
    return _read_in_pool(inputs, root, processes, while_reading)


def _read_in_pool(
    inputs: list[tuple[Path, Any]],
    root: str | os.PathLike[str] | None,
    processes: int,
    while_reading: Callable[[], object] | None,
) -> list[tuple[Any, pd.DataFrame, bytes | None]]:
    from concurrent.futures import ProcessPoolExecutor

    from tradeviz.heap import long_lived_frozen
    from tradeviz.ingest.tidy import empty_frame

    global _ROOT
    # Built once here, before the fork: every worker inherits the pandas machinery it loads.
    empty_frame()
    _JOBS[:] = inputs
    _ROOT = root
    largest_first = sorted(range(len(inputs)), key=lambda i: -_size(inputs[i][0]))
    try:
        # frozen before the fork: neither the workers' collections nor this process's, while
        # it loads the contract, walk the objects every process already holds (tradeviz.heap)
        with (
            long_lived_frozen(),
            ProcessPoolExecutor(
                max_workers=processes, mp_context=multiprocessing.get_context("fork")
            ) as pool,
        ):
            futures = {index: pool.submit(_read_job, index) for index in largest_first}
            if while_reading is not None:
                while_reading()
            outcomes: list[_Outcome | BaseException] = []
            for index in range(len(inputs)):
                future = futures[index]
                error = future.exception()
                outcomes.append(error if error is not None else future.result())
    finally:
        _JOBS.clear()
        _ROOT = None
    # As in a serial build: every sidecar is checked before any file is read.
    for outcome in outcomes:
        if isinstance(outcome, _Outcome) and outcome.check_failure is not None:
            failure = outcome.check_failure
            raise failure.error() if isinstance(failure, _Failure) else failure
    results = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome.read_failure is not None:
            raise outcome.read_failure.error()
        results.append((outcome.sidecar, outcome.frame, outcome.csv))
    return results


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
