"""Fixtures for the data pipeline tests: copies of the real raw files, damaged on purpose."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tradeviz.provenance import sha256_of, sidecar_path

RAW_DIR = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of the repository's data/raw (files and sidecars) in a temporary folder."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    for path in target.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return target


def keep_only(raw: Path, *folders: str) -> Path:
    """Delete every source folder of a raw copy but ``folders``; return ``raw``.

    For tests of one file or of how a build behaves (up to date, rebuilt, failed): a build of the
    one source under test reads a fraction of the files and meets the same code.
    """
    for path in raw.iterdir():
        if path.is_dir() and path.name not in folders:
            shutil.rmtree(path)
    return raw


def keep_only_file(raw: Path, relative: str) -> Path:
    """Delete every raw file of a raw copy but ``relative`` (and its sidecar); return ``raw``.

    For tests of one damaged file: the build meets the damage without reading the other
    workbooks of the same source first.
    """
    kept = raw / relative
    keep_only(raw, kept.parent.relative_to(raw).parts[0])
    for sidecar in kept.parent.glob("*.meta.yaml"):
        data_file = sidecar.with_name(sidecar.name.removesuffix(".meta.yaml"))
        if data_file != kept:
            sidecar.unlink()
            data_file.unlink(missing_ok=True)
    return raw


def reseal(raw_file: Path) -> None:
    """Record a damaged file's new sha256 in its sidecar, so the adapter (not the hash check)
    meets the damage."""
    sidecar = sidecar_path(raw_file)
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    meta["sha256"] = sha256_of(raw_file)
    sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


def replace_bytes(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data, f"{old!r} not in {path}"
    path.write_bytes(data.replace(old, new))


def replace_text_in_xls(path: Path, old: str, new: str) -> None:
    """Replace a string in a BIFF8 workbook's shared strings (UTF-16, same length)."""
    assert len(old) == len(new)
    replace_bytes(path, old.encode("utf-16-le"), new.encode("utf-16-le"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``tradeviz *args`` in this process (exit code, stdout, stderr), as a user types it.

    The tests here are about what the commands print, write and exit with; ``tests/test_cli.py``
    starts ``python -m tradeviz`` in its own process.
    """
    from ..conftest import run_in_process

    return run_in_process(*args)


def assert_one_line_error(done: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit code 2, no traceback, one line on stderr that contains every fragment."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@pytest.fixture
def tools():
    """The helpers above, for test modules (importlib mode gives tests no conftest imports)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        keep_only=keep_only,
        keep_only_file=keep_only_file,
        reseal=reseal,
        replace_bytes=replace_bytes,
        replace_text_in_xls=replace_text_in_xls,
        run_cli=run_cli,
        assert_one_line_error=assert_one_line_error,
    )
