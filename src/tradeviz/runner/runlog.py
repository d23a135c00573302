"""A run's ``log.txt``: timestamped lines from the runner, the kernel's streams and papermill.

Every line starts with the time (UTC, centiseconds) and the run id, then the source of the line
(``runner``, ``stdout``, ``stderr``, ``kernel`` or a logger's name), so that the logs of runs
executed side by side can be merged and still be told apart.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path

#: papermill log lines made moot by the runner: it validates parameters itself (papermill's
#: regex inspector misreads annotations such as ``date | None``, papermill#806).
LOG_NOISE = ("Passed unknown parameter", "Output Notebook: Notebook will not be saved")


def utc_now() -> str:
    """Return the current UTC time, ISO 8601 with seconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class RunLog:
    """``log.txt`` of a run: every line starts with the time and the run id.

    Parameters
    ----------
    path : pathlib.Path
        The log file (appended to).
    run_id : str
        The run the lines belong to.
    """

    def __init__(self, path: Path, run_id: str) -> None:
        self.run_id = run_id
        self._file = path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def line(self, source: str, text: str) -> None:
        """Append one line per line of ``text``, tagged with ``source``."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
        with self._lock:
            for part in str(text).rstrip("\n").splitlines() or [""]:
                self._file.write(f"{stamp} {self.run_id} {source}: {part}\n")
            self._file.flush()

    def close(self) -> None:
        """Close the file."""
        self._file.close()


class StreamToLog:
    """A file-like object papermill writes a kernel stream to; complete lines go to the log.

    Parameters
    ----------
    log : RunLog
        The run's log.
    name : str
        The stream's name, the lines' source (``stdout``, ``stderr``).
    """

    def __init__(self, log: RunLog, name: str) -> None:
        self.log, self.name, self._pending = log, name, ""

    def write(self, text: str) -> int:
        """Buffer ``text``; log each line it completes. Return the characters taken."""
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self.log.line(self.name, line)
        return len(text)

    def flush(self) -> None:
        """Log the incomplete last line, if any."""
        if self._pending:
            self.log.line(self.name, self._pending)
            self._pending = ""


class PapermillLogHandler(logging.Handler):
    """A logging handler that copies papermill's records (INFO and up) into the run's log.

    Lines of :data:`LOG_NOISE` are dropped.

    Parameters
    ----------
    log : RunLog
        The run's log.
    """

    def __init__(self, log: RunLog) -> None:
        super().__init__(logging.INFO)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        """Write ``record`` as one ``<logger>: <LEVEL> <message>`` line, unless it is noise."""
        message = record.getMessage()
        if not any(noise in message for noise in LOG_NOISE):
            self.log.line(record.name, f"{record.levelname} {message}")
