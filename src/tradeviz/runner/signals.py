"""SIGINT and SIGTERM during a batch: noted, never acted on in the handler.

While :func:`tradeviz.runner.batch.run_batch` runs, :class:`StopSignals` replaces the handlers
of both signals with one that only remembers the signal; the batch loop looks at it between
steps and stops cleanly (kills kernels and workers, records the started runs ``interrupted``,
writes the manifest and index). A signal that arrives before any run started ends the batch
with :class:`BatchInterrupted` and nothing written.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from tradeviz.errors import TradevizError
from tradeviz.runner import status as st

#: The signals that stop a batch.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignals:
    """SIGINT/SIGTERM while the batch runs: remember it, let the loop stop cleanly.

    A context manager: entering installs the handlers (from the main thread only: Python
    delivers signals there), leaving puts the previous ones back.

    Attributes
    ----------
    signal : int or None
        The number of the last signal received, ``None`` while none was.
    """

    def __init__(self) -> None:
        self.signal: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                self._previous[number] = signal.signal(number, self._handle)
        return self

    def _handle(self, number: int, _frame: Any) -> None:
        self.signal = number

    def __exit__(self, *_: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    @property
    def name(self) -> str:
        """The signal's name (``SIGINT``)."""
        return signal.Signals(self.signal).name if self.signal else ""


class BatchInterrupted(TradevizError):
    """SIGINT or SIGTERM arrived before any run started: nothing was written (exit code 4)."""

    exit_code = st.EXIT_INTERRUPTED


def stop_if_signalled(stop: StopSignals) -> None:
    """Raise :class:`BatchInterrupted` if a signal has arrived (before any run started).

    Raises
    ------
    BatchInterrupted
        When ``stop`` holds a signal.
    """
    if stop.signal:
        raise BatchInterrupted(f"interrupted by {stop.name} before any run started; nothing ran")
