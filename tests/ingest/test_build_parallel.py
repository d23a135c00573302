"""A build whose files are read by worker processes fails exactly as a one-process build does."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tradeviz import build_read
from tradeviz.build import build
from tradeviz.errors import InputError

from .conftest import RAW_DIR


def _one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_read, "worker_count", lambda n_files: 1)


def _error_line(raw, out) -> str:
    with pytest.raises(InputError) as caught:
        build(raw, out, force=True)
    assert not out.exists()  # nothing written, not even the folder
    return str(caught.value)


def _damage_wits(raw, tools):
    path = raw / "wits/kaz_chn_1995_2020.csv"
    tools.replace_bytes(path, b",5.43,", b",5.4.3,")
    tools.reseal(path)
    return path


def test_a_read_error_in_a_worker_is_the_one_line_of_a_serial_read(
    raw_copy, tmp_path, tools, monkeypatch
):
    damaged = _damage_wits(tools.keep_only(raw_copy, "wits"), tools)  # six files: a pool reads them
    parallel = _error_line(raw_copy, tmp_path / "parallel")
    _one_process(monkeypatch)
    serial = _error_line(raw_copy, tmp_path / "serial")
    assert parallel == serial
    assert "\n" not in parallel and damaged.name in parallel and "5.4.3" in parallel


def test_a_sidecar_error_wins_over_an_earlier_read_error(raw_copy, tmp_path, tools, monkeypatch):
    # wiiw/ sorts before wits/: a serial build checks every hash before reading any file.
    _damage_wits(tools.keep_only(raw_copy, "wiiw", "wits"), tools)
    changed = raw_copy / "wiiw/wiiw_kaz_fdi_by_partner_2003_2021.csv"
    changed.write_bytes(changed.read_bytes() + b"\n")
    parallel = _error_line(raw_copy, tmp_path / "parallel")
    _one_process(monkeypatch)
    serial = _error_line(raw_copy, tmp_path / "serial")
    assert parallel == serial
    assert changed.name in parallel and "sha256" in parallel


def _assert_same_files(parallel: Path, serial: Path) -> None:
    csv = "figures.csv"
    assert (parallel / csv).read_bytes() == (serial / csv).read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_parquet(parallel / "figures.parquet"), pd.read_parquet(serial / "figures.parquet")
    )


def test_parallel_and_serial_builds_of_one_source_write_the_same_files(
    raw_copy, tmp_path, tools, monkeypatch
):
    raw = tools.keep_only(raw_copy, "wits")  # six files: a pool reads them
    files = [p for p in raw.rglob("*") if p.is_file() and not p.name.endswith((".yaml", ".md"))]
    assert len(files) >= build_read.MIN_FILES_FOR_POOL
    build(raw, tmp_path / "parallel", force=True)
    _one_process(monkeypatch)
    build(raw, tmp_path / "serial", force=True)
    _assert_same_files(tmp_path / "parallel", tmp_path / "serial")


# A whole serial build of data/raw costs seconds: the fast subset compares the two builds of
# one source (test_parallel_and_serial_builds_of_one_source_write_the_same_files).
@pytest.mark.slow
def test_parallel_and_serial_builds_write_the_same_files(figures_build, tmp_path, monkeypatch):
    # The session's build of data/raw is the parallel one (built once per run); a prebuilt
    # figures table has no figures.csv beside it, so the parallel build is made here then.
    parallel = Path(figures_build.figures_path).parent
    if not (parallel / "figures.csv").is_file():
        parallel = tmp_path / "parallel"
        build(RAW_DIR, parallel, force=True)
    _one_process(monkeypatch)
    build(RAW_DIR, tmp_path / "serial", force=True)
    _assert_same_files(parallel, tmp_path / "serial")
