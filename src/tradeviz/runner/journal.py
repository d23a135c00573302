"""The run journal: manifest entries appended as runs end, folded into ``manifest.json`` later.

Rewriting the whole manifest after every run costs O(runs) per run, O(runs²) per batch (about
1.1 KB per entry: 10,000 runs would write some 50 GB). Instead, each finished run appends its
entry as one JSON line to ``reports/.manifest.jsonl`` (O(1) per run), and the manifest is
rewritten only at checkpoints (:meth:`tradeviz.runner.manifest.Manifest.checkpoint_due`), after
which the journal is emptied.

Crash safety:

- ``manifest.json`` is only ever replaced atomically, so a reader sees a whole manifest (the
  last checkpoint's), never half of one;
- a killed batch leaves the journal holding the runs finished since that checkpoint; the next
  ``tradeviz run`` reads the manifest, then replays the journal over it (a later line for the
  same run wins), so finished runs are not lost and are served from the cache;
- a crash in the middle of an append leaves a last line without its newline: it is ignored;
- a crash between writing the manifest and emptying the journal replays entries the manifest
  already holds, which changes nothing (an entry replaces the run's entry).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from tradeviz.errors import InputError


class Journal:
    """Append-only JSON lines beside the manifest.

    Parameters
    ----------
    path : pathlib.Path
        ``reports/.manifest.jsonl``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        #: Bytes appended since the journal was last emptied (or opened).
        self.size = path.stat().st_size if path.is_file() else 0

    def append(self, entry: Mapping[str, Any]) -> None:
        """Append one entry as a line and flush it to the operating system."""
        line = json.dumps(entry, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        data = (line + "\n").encode("utf-8")
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("ab")
        self._file.write(data)
        self._file.flush()
        self.size += len(data)

    def entries(self) -> Iterator[dict[str, Any]]:
        """Yield the complete entries in the order they were appended.

        Raises
        ------
        tradeviz.errors.InputError
            When a complete line is not a JSON object (the file was edited or damaged).
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        lines = data.split(b"\n")
        # The last element is what follows the last newline: empty, or a torn append.
        for number, line in enumerate(lines[:-1], start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise InputError(
                    "unreadable run journal (delete it to start afresh; reports are kept)",
                    file=self.path,
                    row=number,
                    expected="one JSON object per line, written by tradeviz run",
                    found=str(error),
                ) from None
            if not isinstance(entry, dict):
                raise InputError(
                    "unreadable run journal (delete it to start afresh; reports are kept)",
                    file=self.path,
                    row=number,
                    expected="a JSON object",
                    found=type(entry).__name__,
                )
            yield entry

    def clear(self) -> None:
        """Empty the journal (called once its entries are in a saved manifest)."""
        self.close()
        if self.path.exists():
            os.truncate(self.path, 0)
        self.size = 0

    def close(self) -> None:
        """Close the file handle (appending reopens it)."""
        if self._file is not None:
            self._file.close()
            self._file = None
