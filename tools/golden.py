"""Snapshot every output a reader or a notebook sees, and compare two snapshots.

A refactoring must not change what the suite says. This script records, from a checkout where
``make report`` has run, every verdict, integrity row, flag and claim (``data/processed/``),
every run's ``results.json`` and the data table of every chart it wrote (``reports/``), and the
data table of every registered chart drawn with its default options. Two snapshots, taken
before and after a change, are compared cell by cell.

Usage::

    make report
    .venv/bin/python tools/golden.py snapshot before.json
    # ... change the code, make report again ...
    .venv/bin/python tools/golden.py snapshot after.json
    .venv/bin/python tools/golden.py diff before.json after.json
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PROCESSED_TABLES = ("claims", "verdicts", "integrity", "flags")
#: Keys of results.json and of table rows that change from run to run, not with the code.
VOLATILE_KEYS = {
    "started_at",
    "finished_at",
    "duration_s",
    "computed_at",
    "updated_at",
    "retrieved_at",
}
FLOAT_DIGITS = 9


class _TableParser(HTMLParser):
    """Collect the cells of every ``<table>`` of an HTML page as lists of rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            self.tables.append([])
        elif tag == "tr" and self._depth:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(path: Path) -> list[list[list[str]]]:
    """Return every table of the HTML page at ``path`` as rows of cell texts."""
    parser = _TableParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tables


def _canonical(value):
    """Make ``value`` comparable: round floats, drop volatile keys, sort nothing else."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items()) if k not in VOLATILE_KEYS}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return round(value, FLOAT_DIGITS)
    return value


def _table_records(path: Path) -> list[dict]:
    frame = pd.read_parquet(path)
    frame = frame.drop(columns=[c for c in frame.columns if c in VOLATILE_KEYS])
    records = json.loads(frame.to_json(orient="records", date_format="iso", double_precision=10))
    return sorted((_canonical(r) for r in records), key=lambda r: json.dumps(r, sort_keys=True))


def _chart_tables(folder: Path) -> dict:
    out = {}
    for page in sorted(folder.glob("*.html")):
        out[page.stem] = html_tables(page)
    return out


def _registry_charts(tradeviz: Path) -> dict:
    listing = subprocess.run(
        [str(tradeviz), "chart", "--list"], capture_output=True, text=True, check=True
    ).stdout
    names = [line.split()[0] for line in listing.splitlines() if line and not line[0].isspace()]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            target = Path(tmp) / name
            done = subprocess.run(
                [str(tradeviz), "chart", name, "--out", str(target)],
                capture_output=True,
                text=True,
            )
            out[name] = (
                _chart_tables(target)
                if done.returncode == 0
                else {"exit": done.returncode, "stderr": done.stderr.strip()}
            )
    return out


def snapshot(root: Path) -> dict:
    """Return the snapshot of the outputs in the checkout at ``root``."""
    processed = root / "data" / "processed"
    reports = root / "reports"
    snap: dict = {"processed": {}, "runs": {}, "charts": {}}
    for name in PROCESSED_TABLES:
        path = processed / f"{name}.parquet"
        if path.exists():
            snap["processed"][name] = _table_records(path)
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    for run in manifest["runs"]:
        run_dir = reports / run["outputs"]["dir"]
        results = run_dir / "results.json"
        snap["runs"][run["run_id"]] = {
            "status": run["status"],
            "results": _canonical(json.loads(results.read_text(encoding="utf-8")))
            if results.exists()
            else None,
            "charts": _chart_tables(run_dir / "figures") if (run_dir / "figures").is_dir() else {},
        }
    snap["charts"] = _registry_charts(root / ".venv" / "bin" / "tradeviz")
    return snap


def _diff(a, b, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a:
                out.append(f"{path}/{key}: only after")
            elif key not in b:
                out.append(f"{path}/{key}: only before")
            else:
                _diff(a[key], b[key], f"{path}/{key}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, f"{path}[{i}]", out, limit)
    elif a != b:
        out.append(
            f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} -> "
            f"{json.dumps(b, ensure_ascii=False)[:200]}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the command line: ``snapshot OUT`` or ``diff BEFORE AFTER``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="write the snapshot of this checkout's outputs")
    snap.add_argument("out", type=Path)
    snap.add_argument("--root", type=Path, default=ROOT)
    diff = sub.add_parser("diff", help="list the differences between two snapshots")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    diff.add_argument("--limit", type=int, default=200)
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        data = snapshot(args.root)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
        print(
            f"{args.out}: {sum(len(v) for v in data['processed'].values())} table rows, "
            f"{len(data['runs'])} runs, {len(data['charts'])} charts"
        )
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    out: list[str] = []
    _diff(before, after, "", out, args.limit)
    print("\n".join(out) if out else "identical")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
