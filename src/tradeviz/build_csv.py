"""Format ``figures.csv`` in a forked process while the build checks the table.

Formatting the CSV text is the slowest step after reading, and it does not depend on the
contract check, so :class:`CsvInBackground` starts it in a child process (which inherits the
table through ``fork``) and hands its bytes over once the check has passed. Nothing is written
to disk by the child: the build writes the bytes itself, through its atomic temporary file, and
only after the check. If the check fails the child is stopped and its text dropped.

The bytes are exactly those of :func:`figures_csv_bytes` in this process; whenever the child
cannot deliver them (no ``fork``, a daemonic caller, a child that died), they are formatted here.
"""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    import pandas as pd

#: How ``figures.csv`` writes its dates.
CSV_DATE_FORMAT = "%Y-%m-%d"
#: What the child sends when it could not format the table (the parent then does it itself).
_FAILED = b""


def figures_csv_bytes(figures: pd.DataFrame) -> bytes:
    """Return the bytes of ``figures.csv`` (UTF-8, no index, ISO dates)."""
    text = figures.to_csv(index=False, date_format=CSV_DATE_FORMAT)
    return text.encode("utf-8")


def _can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


class CsvInBackground:
    """The bytes of ``figures.csv``, formatted in a child process from the moment of creation.

    Use as a context manager: leaving the block stops a child whose bytes were not taken.

    Parameters
    ----------
    figures : pandas.DataFrame
        The table, which must not change while the child formats it.
    """

    def __init__(self, figures: pd.DataFrame) -> None:
        self._figures = figures
        self._process: BaseProcess | None = None
        self._receiver: Connection | None = None
        if not _can_fork():
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_format_into, args=(figures, sender), daemon=True)
        process.start()
        sender.close()
        self._process, self._receiver = process, receiver

    def result(self) -> bytes:
        """Return the CSV bytes (from the child when it delivered them, else formatted here)."""
        data = _FAILED
        if self._receiver is not None:
            try:
                data = self._receiver.recv_bytes()
            except (EOFError, OSError):
                data = _FAILED
            self.close()
        return data if data != _FAILED else figures_csv_bytes(self._figures)

    def close(self) -> None:
        """Stop the child if it still runs and release the pipe."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None

    def __enter__(self) -> CsvInBackground:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _format_into(figures: pd.DataFrame, sender: Connection) -> None:
    """Child: send the CSV bytes, or the failure marker (the parent then reports the error)."""
    try:
        data = figures_csv_bytes(figures)
    except BaseException:  # noqa: BLE001 - the parent formats again and raises what it meets
        data = _FAILED
    try:
        sender.send_bytes(data)
    except (BrokenPipeError, OSError):
        pass  # the parent stopped listening: the check failed
    finally:
        sender.close()
