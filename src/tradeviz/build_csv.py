"""Format ``figures.csv`` in forked processes while the build checks the table.

Formatting the CSV text is the slowest step after reading, and it does not depend on the
contract check, so :class:`CsvInBackground` starts it in child processes (which inherit the
table through ``fork``), each formatting a consecutive block of rows, and hands the joined bytes
over once the check has passed. Nothing is written to disk by a child: the build writes the
bytes itself, through its atomic temporary file, and only after the check. If the check fails
the children are stopped and their text dropped.

The bytes are exactly those of :func:`figures_csv_bytes` in this process (rows are formatted
one by one, so blocks joined in order are the whole file); whenever a child cannot deliver its
block (off Linux, a daemonic caller, a child that died), the block is formatted here.
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
#: Child processes that format blocks of rows (the build's own process checks meanwhile).
CSV_PROCESSES = 2
#: First byte of a child's message: its block follows, or it failed (the parent then formats
#: the block itself and meets the error, if any, in the open).
_DONE, _FAILED = b"\x01", b"\x00"


def figures_csv_bytes(figures: pd.DataFrame, *, header: bool = True) -> bytes:
    """Return the bytes of ``figures.csv`` (UTF-8, no index, ISO dates)."""
    text = figures.to_csv(index=False, header=header, date_format=CSV_DATE_FORMAT)
    return text.encode("utf-8")


def _block(figures: pd.DataFrame, part: int, parts: int) -> bytes:
    """Return the CSV bytes of block ``part`` of ``parts`` (the first one with the header)."""
    n_rows = len(figures)
    start, stop = n_rows * part // parts, n_rows * (part + 1) // parts
    return figures_csv_bytes(figures.iloc[start:stop], header=part == 0)


def _can_fork() -> bool:
    from tradeviz.build_read import can_fork

    return can_fork()


class CsvInBackground:
    """The bytes of ``figures.csv``, formatted in child processes from the moment of creation.

    Use as a context manager: leaving the block stops the children whose bytes were not taken.

    Parameters
    ----------
    figures : pandas.DataFrame
        The table, which must not change while the children format it.
    """

    def __init__(self, figures: pd.DataFrame) -> None:
        self._figures = figures
        self._parts = CSV_PROCESSES if _can_fork() else 1
        self._children: list[tuple[BaseProcess, Connection]] = []
        if self._parts == 1:
            return
        context = multiprocessing.get_context("fork")
        for part in range(self._parts):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_format_into, args=(figures, part, self._parts, sender), daemon=True
            )
            process.start()
            sender.close()
            self._children.append((process, receiver))

    def result(self) -> bytes:
        """Return the CSV bytes (each block from its child when delivered, else formatted here)."""
        if not self._children:
            return figures_csv_bytes(self._figures)
        blocks = []
        for part, (_, receiver) in enumerate(self._children):
            try:
                message = receiver.recv_bytes()
            except (EOFError, OSError):
                message = _FAILED
            done = message[:1] == _DONE
            blocks.append(message[1:] if done else _block(self._figures, part, self._parts))
        self.close()
        return b"".join(blocks)

    def close(self) -> None:
        """Stop the children that still run and release their pipes."""
        for process, receiver in self._children:
            if process.is_alive():
                process.terminate()
            process.join()
            receiver.close()
        self._children = []

    def __enter__(self) -> CsvInBackground:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _format_into(figures: pd.DataFrame, part: int, parts: int, sender: Connection) -> None:
    """Child: send one block of CSV bytes, or the failure marker."""
    try:
        data = _DONE + _block(figures, part, parts)
    except BaseException:  # noqa: BLE001 - the parent formats the block again, in the open
        data = _FAILED
    try:
        sender.send_bytes(data)
    except (BrokenPipeError, OSError):
        pass  # the parent stopped listening: the check failed
    finally:
        sender.close()
