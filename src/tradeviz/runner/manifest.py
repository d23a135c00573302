"""``reports/manifest.json``: the record of every run, rewritten atomically at checkpoints.

Finished runs are appended to the run journal (:mod:`tradeviz.runner.journal`) as they end; the
manifest is rewritten when the journal has grown by :data:`CHECKPOINT_RATIO` of the manifest's
size (always while the manifest is under :data:`EAGER_CHECKPOINT_BYTES`, so a small batch's
manifest is current after every run), and at the end of the batch. Each rewrite costs at most
1 / :data:`CHECKPOINT_RATIO` times the bytes journalled since the previous one, so the bytes
written over a batch grow linearly with its runs. :meth:`Manifest.load` replays the journal over
the last checkpoint.

Layout (``schema`` names the version)::

    {
      "schema": "tradeviz.runner.manifest/1",
      "config": "reports.yaml",
      "updated_at": "2026-11-29T06:40:01+00:00",
      "batch": {"started_at", "finished_at", "state": "running|finished|interrupted",
                "exit_code", "workers", "counts": {status: n}},
      "runs": [ {entry}, ... ]                 # in the batch file's order
    }

An entry::

    run_id, report, notebook, parameters,      # what ran (parameters as JSON, dates tagged)
    status, error,                             # error: {kind, ename, evalue, cell, message}
    started_at, finished_at, duration_s, attempts,
    cache_key, cache_parts,                    # see tradeviz.runner.cachekey
    outputs,                                   # where this status's files are (paths relative
                                               #   to reports/): {dir, html, notebook, log,
                                               #   results, figures: [...]}, or null
    last_ok                                    # for a failed run, the good report still in
                                               #   place beside it (same keys + finished_at,
                                               #   cache_key), or null
    worker                                     # optional: which worker ran it ("local:2",
                                               #   a Dask worker's address), or null
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tradeviz.atomic import write_text
from tradeviz.errors import InputError
from tradeviz.runner.journal import Journal
from tradeviz.runner.layout import MANIFEST, MANIFEST_JOURNAL
from tradeviz.runner.status import STATUSES

SCHEMA = "tradeviz.runner.manifest/1"
#: A manifest smaller than this is rewritten after every run (about 230 entries).
EAGER_CHECKPOINT_BYTES = 256 * 1024
#: Beyond that, it is rewritten once the journal holds this fraction of its size.
CHECKPOINT_RATIO = 0.25

#: Keys of a manifest entry and the JSON types each may hold.
ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "run_id": (str,),
    "report": (str,),
    "notebook": (str,),
    "parameters": (dict,),
    "status": (str,),
    "error": (dict, type(None)),
    "started_at": (str, type(None)),
    "finished_at": (str, type(None)),
    "duration_s": (int, float, type(None)),
    "attempts": (int,),
    "cache_key": (str, type(None)),
    "cache_parts": (dict, type(None)),
    "outputs": (dict, type(None)),
    "last_ok": (dict, type(None)),
}
#: Keys an entry may lack (manifests written before they existed stay valid).
OPTIONAL_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {"worker": (str, type(None))}
#: Keys of ``outputs`` / ``last_ok``.
OUTPUT_FIELDS = ("dir", "html", "notebook", "log", "results", "figures")
BATCH_STATES = ("running", "finished", "interrupted")


def now_iso() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Manifest:
    """The manifest of a reports folder.

    Parameters
    ----------
    path : pathlib.Path
        ``reports/manifest.json``.
    data : Mapping, optional
        Its parsed content (default: empty).
    """

    def __init__(self, path: Path, data: Mapping[str, Any] | None = None) -> None:
        self.path = path
        data = dict(data or {})
        self.config: str = data.get("config", "")
        self.batch: dict[str, Any] = dict(data.get("batch") or {})
        self.entries: dict[str, dict[str, Any]] = {
            entry["run_id"]: dict(entry) for entry in data.get("runs", [])
        }
        self.journal = Journal(path.parent / MANIFEST_JOURNAL)
        #: Size in bytes of the manifest as last written (or read).
        self.saved_size = 0

    @classmethod
    def load(cls, reports: Path) -> Manifest:
        """Read ``reports/manifest.json`` and replay the run journal over it.

        An empty manifest when there is neither. Entries of the journal (runs that finished
        after the last checkpoint) replace the manifest's entries of the same runs.

        Raises
        ------
        tradeviz.errors.InputError
            When the file exists but is not a valid manifest, or the journal holds an invalid
            entry (delete it to start afresh).
        """
        manifest = cls._read(reports / MANIFEST)
        for entry in manifest.journal.entries():
            problems = validate_entry(entry)
            if problems:
                raise InputError(
                    "invalid entry in the run journal (delete it to start afresh; reports are "
                    "kept)",
                    file=manifest.journal.path,
                    row=str(entry.get("run_id", "?")),
                    expected=SCHEMA,
                    found=problems[0],
                )
            manifest.put(entry)
        return manifest

    @classmethod
    def _read(cls, path: Path) -> Manifest:
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except FileNotFoundError:
            return cls(path)
        except (OSError, json.JSONDecodeError) as error:
            raise InputError(
                "unreadable manifest (delete it to start afresh; reports are kept)",
                file=path,
                expected="JSON written by tradeviz run",
                found=str(error),
            ) from None
        problems = validate_manifest(data)
        if problems:
            raise InputError(
                "invalid manifest (delete it to start afresh; reports are kept)",
                file=path,
                expected=SCHEMA,
                found=problems[0],
            )
        manifest = cls(path, data)
        manifest.saved_size = len(text.encode("utf-8"))
        return manifest

    def get(self, run_id: str) -> dict[str, Any] | None:
        """Return the entry of ``run_id``, or ``None``."""
        return self.entries.get(run_id)

    def put(self, entry: Mapping[str, Any]) -> None:
        """Add or replace the entry of ``entry["run_id"]`` (in memory)."""
        self.entries[entry["run_id"]] = dict(entry)

    def record(self, entry: Mapping[str, Any]) -> None:
        """Add or replace an entry and append it to the run journal (it survives a crash)."""
        self.put(entry)
        self.journal.append(entry)

    def checkpoint_due(self) -> bool:
        """Return whether the manifest should be rewritten now (see the module docstring)."""
        if not self.journal.size:
            return False
        if self.saved_size <= EAGER_CHECKPOINT_BYTES:
            return True
        return self.journal.size >= CHECKPOINT_RATIO * self.saved_size

    def checkpoint(self) -> None:
        """Rewrite the manifest atomically, then empty the journal it now includes."""
        self.save()
        self.journal.clear()

    def keep_only(self, run_ids: Iterable[str]) -> None:
        """Drop entries of runs no longer in the batch file; order the rest like ``run_ids``."""
        order = list(run_ids)
        self.entries = {run_id: self.entries[run_id] for run_id in order if run_id in self.entries}

    def to_dict(self) -> dict[str, Any]:
        """Return the manifest as JSON-ready data."""
        return {
            "schema": SCHEMA,
            "config": self.config,
            "updated_at": now_iso(),
            "batch": self.batch,
            "runs": list(self.entries.values()),
        }

    def save(self) -> None:
        """Rewrite the file atomically (the journal is left as it is: see :meth:`checkpoint`)."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        write_text(self.path, text)
        self.saved_size = len(text.encode("utf-8"))

    def close(self) -> None:
        """Close the journal's file handle."""
        self.journal.close()


def validate_manifest(data: Any) -> list[str]:
    """Return the problems of a parsed manifest (empty when it follows the schema)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = []
    if data.get("schema") != SCHEMA:
        problems.append(f"schema is {data.get('schema')!r}, not {SCHEMA!r}")
    if not isinstance(data.get("runs"), list):
        return [*problems, "runs is not a list"]
    batch = data.get("batch")
    if not isinstance(batch, dict):
        problems.append("batch is not an object")
    elif batch.get("state") not in (*BATCH_STATES, None):
        problems.append(f"batch.state is {batch.get('state')!r}")
    for number, entry in enumerate(data["runs"]):
        problems.extend(f"runs[{number}]: {problem}" for problem in validate_entry(entry))
    return problems


def validate_entry(entry: Any) -> list[str]:
    """Return the problems of one manifest entry."""
    if not isinstance(entry, dict):
        return ["not an object"]
    problems = []
    for key, types in ENTRY_FIELDS.items():
        if key not in entry:
            problems.append(f"missing {key!r}")
        elif not isinstance(entry[key], types) or isinstance(entry[key], bool) and key != "status":
            problems.append(f"{key!r} is {type(entry[key]).__name__}")
    for key, types in OPTIONAL_ENTRY_FIELDS.items():
        if key in entry and not isinstance(entry[key], types):
            problems.append(f"{key!r} is {type(entry[key]).__name__}")
    if entry.get("status") not in STATUSES:
        problems.append(f"status {entry.get('status')!r} is not one of {', '.join(STATUSES)}")
    for key in ("outputs", "last_ok"):
        value = entry.get(key)
        if isinstance(value, dict):
            missing = [name for name in OUTPUT_FIELDS if name not in value]
            if missing:
                problems.append(f"{key} lacks {', '.join(missing)}")
    return problems
