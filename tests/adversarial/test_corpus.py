# ruff: noqa: E501 - the table of cases keeps one case per line, however long
"""The adversarial corpus: every entry point × {malformed, hostile, oversized, concurrent, killed,
disk full or read-only}, one line per case saying what is expected.

Each case builds what it needs in a temporary project (``TRADEVIZ_ROOT``), runs the command line
in this process (``tradeviz.cli.main``, as a user types it), and checks the promise of the
README: bad input gives exit 2 and one line on stderr; an infrastructure failure exit 3 and one
line; nothing is written, and a good report already there stays intact. The slower cases that
need real processes (a killed batch, papermill itself) live in ``tests/runner/test_orphans.py``
and at the end of this file (marked slow).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tradeviz.cli import main

from ..tmpfs import make_read_only, small_tmpfs

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
FIXTURES = REPO / "tests" / "runner" / "notebooks"
#: An alias bomb under the alias count limit: 9 levels of 9 aliases stand for 9^9 strings.
BOMB = "".join(
    f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ["lol"] * 9) + "]\n" for i in range(9)
)


@dataclass
class Case:
    """One adversarial input: what to set up, the command, and what must come out."""

    entry: str
    kind: str
    what: str
    setup: Callable[[Path], list[str]]  # builds the case under the project; returns argv
    code: int  # expected exit code
    says: str  # a fragment of the one line on stderr ("" for a success)
    after: Callable[[Path], None] = field(default=lambda root: None)  # nothing written, …


def _project(tmp_path: Path, figures: Path) -> Path:
    """A project: the raw data's claims and documents, the built figures, a notebooks folder."""
    root = tmp_path / "project"
    for folder in ("claims", "documents"):
        shutil.copytree(RAW / folder, root / "data" / "raw" / folder)
    (root / "data" / "processed").mkdir(parents=True)
    shutil.copyfile(figures, root / "data" / "processed" / "figures.parquet")
    (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n")
    return root


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _batch(root: Path, text: str, name: str = "reports.yaml") -> Path:
    return _write(root / name, "defaults: {inputs: []}\n" + text)


def _trivial(root: Path, extra: str = "", output: str = "r") -> list[str]:
    notebook = FIXTURES / "ok_trivial.ipynb"
    path = _batch(root, f"reports:\n  - {{notebook: {notebook}, output: '{output}'{extra}}}\n")
    return ["plan", str(path)]


def _nothing_in(folder: str) -> Callable[[Path], None]:
    def check(root: Path) -> None:
        assert not (root / folder).exists(), f"{folder} was written"

    return check


def _claims(text: str | bytes) -> Callable[[Path], list[str]]:
    def setup(root: Path) -> list[str]:
        _write(root / "data" / "raw" / "claims" / "zz-bad.yaml", text)
        return ["check", "--format", "json"]

    return setup


def _binary_document(root: Path) -> list[str]:
    """A document whose bytes are not UTF-8, with a sidecar whose hash matches them."""
    import hashlib

    folder = root / "data" / "raw" / "documents"
    data = b"Title\n\n\xff\xfe not text"
    _write(folder / "zz-binary.txt", data)
    template = next(folder.glob("*.meta.yaml")).read_text(encoding="utf-8")
    sidecar = "\n".join(
        f"sha256: {hashlib.sha256(data).hexdigest()}"
        if line.startswith("sha256:")
        else "document_id: zz-binary"
        if line.startswith("document_id:")
        else line
        for line in template.splitlines()
    )
    _write(folder / "zz-binary.txt.meta.yaml", sidecar)
    return ["check", "--format", "json"]


def _unknown_document(root: Path) -> list[str]:
    """``--doc`` naming no document, in a project whose figures are one source's rows.

    The command checks every claim before it looks at ``--doc``; with the smallest source's rows
    alone that costs a fraction of the whole table, and the case is about the refusal.
    """
    import pandas as pd

    path = root / "data" / "processed" / "figures.parquet"
    figures = pd.read_parquet(path)
    smallest = figures["source"].value_counts().idxmin()
    figures[figures["source"] == smallest].to_parquet(path, index=False)
    return ["check", "--doc", "nope"]


def _foreign_folder(root: Path) -> list[str]:
    _write(root / "reports" / "notes" / "mine.txt", "a person's notes")
    argv = _trivial(root, output="notes")
    return ["run", *argv[1:]]


def _kept_notes(root: Path) -> None:
    assert (root / "reports" / "notes" / "mine.txt").read_text() == "a person's notes"


def _held_lock(root: Path) -> list[str]:
    argv = _trivial(root)
    # Another run holds the lock: a child process that keeps it until the test ends.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(root / "reports")],
        stdin=subprocess.PIPE,  # held until the fixture closes it
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    HOLDERS.append(holder)
    return ["run", *argv[1:], "--format", "json"]


HOLD_LOCK = (
    "import sys; from pathlib import Path; from tradeviz.runner.lock import batch_lock\n"
    "with batch_lock(Path(sys.argv[1])):\n"
    "    print('held', flush=True); sys.stdin.read()\n"
)
HOLDERS: list[subprocess.Popen] = []


CASES = [
    # -- ingest -------------------------------------------------------------------------------------
    Case("ingest", "malformed", "random bytes named .csv",
         lambda r: ["ingest", str(_write(r / "x.csv", os.urandom(4096)))], 2, "x.csv"),
    Case("ingest", "hostile", "a file name with a newline",
         lambda r: ["ingest", str(_write(r / "a\nb.csv", b"x,y\n1,2\n"))], 2, "'" ),
    Case("ingest", "oversized", "5 MB of random bytes",
         lambda r: ["ingest", str(_write(r / "big.csv", os.urandom(5_000_000)))], 2, "big.csv"),
    Case("ingest", "disk", "--out under a file",
         lambda r: ["ingest", str(_wits_copy(r)), "--out", str(_write(r / "f", "x") / "o.csv")],
         3, "a file is where a folder should be"),
    # -- build --------------------------------------------------------------------------------------
    Case("build", "malformed", "an alias bomb in a sidecar",
         lambda r: _build_with_sidecar(r, BOMB), 2, "YAML aliases expand to too many values",
         _nothing_in("out")),
    Case("build", "oversized", "a 3 MB sidecar",
         lambda r: _build_with_sidecar(r, "#" * 3_000_000), 2, "sidecar is too large",
         _nothing_in("out")),
    Case("build", "disk", "--out is a file",
         lambda r: ["build", "--raw", str(_wits_raw(r)), "--out", str(_write(r / "o", "x") / "p")],
         3, "a file is where a folder should be"),
    # -- check --------------------------------------------------------------------------------------
    Case("check", "malformed", "a claims file whose document is a list",
         _claims("schema_version: 1\ndocument: [a, b]\nclaims: []\n"), 2, "zz-bad.yaml"),
    Case("check", "malformed", "a claims file that is not UTF-8",
         _claims(b"\xff\xfeschema_version: 1\n"), 2, "not a readable text file"),
    Case("check", "malformed", "a document that is not UTF-8", _binary_document, 2,
         "document is not UTF-8 text", _nothing_in("data/processed/verdicts.parquet")),
    Case("check", "malformed", "--doc naming no document",
         _unknown_document, 2, "unknown document",
         _nothing_in("data/processed/verdicts.parquet")),
    Case("check", "hostile", "an alias bomb in a claims file",
         _claims(BOMB), 2, "YAML aliases expand to too many values"),
    Case("check", "oversized", "a 3 MB claims file",
         _claims("#" * 3_000_000), 2, "YAML file too large"),
    # -- chart --------------------------------------------------------------------------------------
    Case("chart", "disk", "--out under a file",
         lambda r: ["chart", "trade_over_time", "--out", str(_write(r / "f", "x") / "charts")],
         3, "a file is where a folder should be"),
    Case("chart", "malformed", "--top-n negative for a chart that ranks",
         lambda r: ["chart", "top_partners", "--top-n", "-5", "--out", str(r / "out")],
         2, "field 'top_n': out of range", _nothing_in("out")),
    Case("chart", "malformed", "--top-n 0",
         lambda r: ["chart", "top_partners", "--top-n", "0", "--out", str(r / "out")],
         2, "field 'top_n': out of range", _nothing_in("out")),
    Case("chart", "malformed", "--top-n for a chart that takes no such option",
         lambda r: ["chart", "partner_shares", "--top-n", "-5", "--out", str(r / "out")],
         2, "takes no option 'top_n'", _nothing_in("out")),
    Case("chart", "malformed", "--document naming no document",
         lambda r: ["chart", "claims", "--document", "nope", "--out", str(r / "out")],
         2, "no claims on file for this document", _nothing_in("out")),
    # -- plan and run -------------------------------------------------------------------------------
    Case("plan", "malformed", "an alias bomb in the batch file",
         lambda r: ["plan", str(_batch(r, BOMB + "reports: [{notebook: x.ipynb}]\n"))],
         2, "YAML aliases expand to too many values"),
    Case("plan", "oversized", "a matrix of 10^9 runs from a 4 KB file",
         lambda r: _trivial(r, ", matrix: {a: &v [" + ",".join(map(str, range(1000)))
                            + "], b: *v, c: *v}"), 2, "1,000,000,000 runs"),
    Case("plan", "oversized", "a 3 MB batch file",
         lambda r: ["plan", str(_batch(r, "#" * 3_000_000))], 2, "YAML file too large"),
    Case("plan", "hostile", "a run id that names the index",
         lambda r: _trivial(r, output="index.html"), 2, "is a file the runner writes"),
    Case("plan", "hostile", "a run id inside another run's .failed folder",
         lambda r: _trivial(r, output="a.failed/x"), 2, "ends in '.failed'"),
    Case("plan", "hostile", "output_dir climbing out of the run",
         lambda r: _trivial(r, ", parameters: {greeting: x, output_dir: ../../..}"),
         2, "the path leaves the run's folder"),
    Case("run", "hostile", "output_dir absolute in a notebook that declares it",
         lambda r: ["run", str(_batch(r, f"reports: [{{notebook: {FIXTURES / 'ok_report.ipynb'}, "
                                         "parameters: {output_dir: /tmp/x}}]\n"))],
         2, "the path leaves the run's folder", _nothing_in("reports")),
    Case("run", "hostile", "a run id naming a folder that is not a report",
         _foreign_folder, 2, "is not this run's report", _kept_notes),
    Case("run", "concurrent", "another run holds the lock",
         _held_lock, 3, "is being written by another tradeviz run"),
    Case("run", "disk", "the output folder is a file",
         lambda r: ["run", *_trivial(_output_file(r))[1:]], 3, "a file is where a folder should be"),
    # -- inspect ------------------------------------------------------------------------------------
    Case("inspect", "malformed", "a notebook that is not JSON",
         lambda r: ["inspect", str(_write(r / "n.ipynb", "{cells: nope"))], 2, "not a readable notebook"),
    Case("inspect", "hostile", "code as a parameter's default",
         lambda r: ["inspect", str(_hostile_notebook(r))], 0, "", lambda r: _not_pwned(r)),
    Case("inspect", "oversized", "a notebook over the size limit",
         lambda r: ["inspect", str(_huge_notebook(r))], 2, "notebook too large to read"),
]  # fmt: skip


def _wits_copy(root: Path) -> Path:
    source = RAW.parent / "raw" / "wits" / "kaz_chn_1995_2020.csv"
    target = root / "wits" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _wits_raw(root: Path) -> Path:
    raw = root / "raw"
    shutil.copytree(RAW / "wits", raw / "wits")
    return raw


def _build_with_sidecar(root: Path, text: str) -> list[str]:
    raw = _wits_raw(root)
    sidecar = next((raw / "wits").glob("*.meta.yaml"))
    sidecar.write_text(text)
    return ["build", "--raw", str(raw), "--out", str(root / "out")]


def _output_file(root: Path) -> Path:
    _write(root / "reports", "a file where the reports folder should be")
    return root


def _hostile_notebook(root: Path) -> Path:
    cell = f"path = __import__('pathlib').Path({str(root / 'pwned')!r}).touch()  # hostile\n"
    document = {
        "cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": cell}],
        "metadata": {},
        "nbformat": 4,
    }
    return _write(root / "hostile.ipynb", json.dumps(document))


def _not_pwned(root: Path) -> None:
    assert not (root / "pwned").exists(), "a parameters cell was executed"


def _huge_notebook(root: Path) -> Path:
    from tradeviz.parameters.cell import MAX_NOTEBOOK_BYTES

    path = root / "huge.ipynb"
    with open(path, "wb") as handle:
        handle.truncate(MAX_NOTEBOOK_BYTES + 1)  # sparse: costs no disk
    return path


@pytest.fixture
def project(tmp_path, figures_build, monkeypatch):
    root = _project(tmp_path, figures_build.figures_path)
    monkeypatch.setenv("TRADEVIZ_ROOT", str(root))
    monkeypatch.setenv("CI", "1")
    yield root
    while HOLDERS:
        holder = HOLDERS.pop()
        holder.communicate(timeout=30)  # closing its input releases the lock


def _cli(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        main(argv)
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else 1
    else:
        code = 0
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.entry}-{c.kind}-{c.what.replace(' ', '_')}" for c in CASES]
)
def test_case(case, project, capsys):
    argv = case.setup(project)
    code, out, err = _cli(argv, capsys)
    assert code == case.code, (code, err[-2000:])
    assert "Traceback" not in err
    if case.code:
        errors = [line for line in err.splitlines() if line.startswith("tradeviz: error:")]
        assert len(errors) == 1 and len(errors[0]) < 2000, err[-2000:]
        assert case.says in errors[0], errors[0]
        if "--format" in argv and "json" in argv and argv[0] == "run":
            assert json.loads(out)["exit_code"] == case.code
    case.after(project)


# -- disk full and read-only, on a real (small) file system -------------------------------------
def test_run_on_a_read_only_disk_is_one_line_exit_3_and_the_reports_stay(tmp_path, capsys):
    with small_tmpfs(tmp_path / "disk", "512k") as disk:
        argv = _trivial(disk)
        reports = _write(disk / "reports" / "r" / "report.html", "the good report").parents[1]
        make_read_only(disk)
        code, _, err = _cli(["run", *argv[1:]], capsys)
        assert code == 3 and err.strip().endswith("Read-only file system"), err
        assert (reports / "r" / "report.html").read_text() == "the good report"


def test_build_into_a_full_disk_is_one_line_exit_3_and_keeps_the_last_tables(
    tmp_path, capsys, monkeypatch
):
    raw = _wits_raw(tmp_path)
    out = tmp_path / "out"
    assert _cli(["build", "--raw", str(raw), "--out", str(out)], capsys)[0] == 0
    before = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
    real_replace = os.replace

    def full(source, target, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(os, "replace", full)
    code, _, err = _cli(["build", "--raw", str(raw), "--out", str(out), "--force"], capsys)
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 3 and err.strip().endswith("No space left on device"), err
    assert {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()} == before


# -- papermill itself, on the runner's fixtures: what the runner's statuses follow --------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("fixture", "parameters", "code"),
    [("stops_early", [], 0), ("sys_exit", ["-p", "code", "3"], 1)],
    ids=["sys.exit(0)-is-success", "sys.exit(3)-is-failure"],
)
def test_plain_papermill_agrees_with_the_runners_statuses(tmp_path, fixture, parameters, code):
    done = subprocess.run(
        [sys.executable, "-m", "papermill", str(FIXTURES / f"{fixture}.ipynb"),
         str(tmp_path / "out.ipynb"), *parameters],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == code, done.stderr[-2000:]
