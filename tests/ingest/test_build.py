"""tradeviz build: outputs, manifest, no-op rebuilds, atomicity; tradeviz ingest; load_figures."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from tradeviz import schema as s
from tradeviz.build import MANIFEST, build
from tradeviz.contract import validate_figures
from tradeviz.errors import InputError, TradevizError
from tradeviz.figures import load_figures
from tradeviz.provenance import RECORD_FOLDERS, list_raw_files, sha256_of, verify_raw_file


def test_every_raw_file_has_a_complete_sidecar_with_its_hash(project_root):
    raw = project_root / "data/raw"
    files = list_raw_files(raw)
    published = {
        p
        for p in raw.rglob("*")
        if p.is_file()
        and not p.name.endswith(".meta.yaml")
        and p.name != "README.md"
        and p.relative_to(raw).parts[0] not in RECORD_FOLDERS
    }
    # Every published file is listed (none skipped but the records people write), whatever
    # files are present.
    assert set(files) == published
    for path in files:
        sidecar = verify_raw_file(path)
        assert sidecar["sha256"] == sha256_of(path)
        assert sidecar.vintage and sidecar["citation"] and sidecar["title"]


def test_source_folders_have_a_readme(project_root):
    for folder in ("bns", "wits", "statements"):
        assert (project_root / "data/raw" / folder / "README.md").is_file()


def test_the_fixture_table_obeys_the_contract(figures):
    validate_figures(figures)
    assert list(figures.columns) == list(s.FIGURE_COLUMNS)
    assert figures.figure_id.is_unique
    assert not figures.duplicated(subset=list(s.FIGURE_KEY)).any()
    assert set(figures.source) <= set(s.SOURCES)
    assert {"bns_annual", "bns_monthly", "wits", "statements"} <= set(figures.source)
    assert set(figures.release) <= set(s.RELEASES)


def test_build_writes_parquet_csv_and_manifest(figures_build, figures):
    out = figures_build.figures_path.parent
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["rows"] == len(figures) == figures_build.rows
    assert manifest["row_counts"] == figures.source.value_counts().sort_index().to_dict()
    assert (
        manifest["inputs"]["data/raw/bns/bns_trade_by_country_2020.xls"]["vintage"] == "2021-07-28"
    )
    csv = pd.read_csv(out / s.FIGURES_CSV, dtype=str, keep_default_na=False)
    assert len(csv) == len(figures)
    assert list(csv.columns) == list(s.FIGURE_COLUMNS)


# How a build behaves (a no-op, a rebuild, a failure that keeps the last tables) does not
# depend on which sources there are: these builds read one file, WITS's bilateral CSV.
ONE_FILE = "wits/kaz_chn_1995_2020.csv"


def test_rebuild_with_unchanged_inputs_is_a_no_op(raw_copy, tmp_path, tools):
    raw = tools.keep_only_file(raw_copy, ONE_FILE)
    out = tmp_path / "processed"
    first = build(raw, out)
    assert not first.up_to_date
    stamp = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = build(raw, out)
    assert second.up_to_date and second.rows == first.rows
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamp
    forced = build(raw, out, force=True)
    assert not forced.up_to_date


def test_changed_input_rebuilds(raw_copy, tmp_path, tools):
    raw = tools.keep_only_file(raw_copy, ONE_FILE)
    out = tmp_path / "processed"
    build(raw, out)
    sidecar = raw / "wits/kaz_chn_1995_2020.csv.meta.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("git-63d36c5e", "git-63d36c5f"),
        encoding="utf-8",
    )
    assert not build(raw, out).up_to_date


def test_failed_build_leaves_previous_output_untouched(raw_copy, tmp_path, tools):
    raw = tools.keep_only_file(raw_copy, ONE_FILE)
    out = tmp_path / "processed"
    build(raw, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    path = raw / "wits/kaz_chn_1995_2020.csv"
    tools.replace_bytes(path, b",5.43,", b",105.43,")
    tools.reseal(path)
    with pytest.raises(InputError):
        build(raw, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_cli_prints_up_to_date(raw_copy, tmp_path, tools):
    raw = tools.keep_only_file(raw_copy, ONE_FILE)
    out = tmp_path / "processed"
    first = tools.run_cli("build", "--raw", str(raw), "--out", str(out))
    assert first.returncode == 0, first.stderr
    n_raw = len(list_raw_files(raw))
    assert f"figures from {n_raw} raw files" in first.stdout
    second = tools.run_cli("build", "--raw", str(raw), "--out", str(out))
    assert second.returncode == 0 and second.stdout.startswith("up to date")


def test_ingest_cli_prints_tidy_csv(tools, project_root):
    done = tools.run_cli("ingest", str(project_root / "data/raw/wits/kaz_chn_1995_2020.csv"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split(",") == list(s.FIGURE_COLUMNS)
    assert len(lines) == 1 + 104


def test_ingest_cli_writes_parquet_of_a_fresh_download(tmp_path, tools, project_root):
    """A next-year workbook without a sidecar: recognised by content, vintage 'unrecorded'."""
    download = tmp_path / "download.xls"
    download.write_bytes((project_root / "data/raw/bns/bns_trade_by_country_2022.xls").read_bytes())
    out = tmp_path / "figures.parquet"
    done = tools.run_cli("ingest", str(download), "--out", str(out))
    assert done.returncode == 0, done.stderr
    table = pd.read_parquet(out)
    assert set(table.vintage) == {"unrecorded"} and set(table.source) == {"bns_annual"}
    world = table[
        (table.partner == "WLD") & (table.flow == "turnover") & (table.measure == "trade_value")
    ]
    assert sorted(world.value) == [101736459.87035, 135527430.8051]


def test_ingest_cli_refuses_unknown_output_format(tmp_path, tools, project_root):
    done = tools.run_cli(
        "ingest",
        str(project_root / "data/raw/wits/kaz_chn_1995_2020.csv"),
        "--out",
        str(tmp_path / "x.xlsx"),
    )
    tools.assert_one_line_error(done, "x.xlsx", "--out", ".xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_ingest_cli_unrecognised_file(tmp_path, tools):
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    tools.assert_one_line_error(
        tools.run_cli("ingest", str(path)), "notes.csv", "format not recognised"
    )


def test_load_figures_missing_table_says_run_build(tmp_path):
    with pytest.raises(TradevizError, match="run `tradeviz build`"):
        load_figures(tmp_path / "figures.parquet")


def test_load_figures_default_path_follows_project_root(tmp_path, monkeypatch, figures_build):
    monkeypatch.setenv("TRADEVIZ_ROOT", str(tmp_path))
    with pytest.raises(TradevizError, match=str(tmp_path)):
        load_figures()
    target = tmp_path / "data" / "processed"
    target.mkdir(parents=True)
    os.link(figures_build.figures_path, target / s.FIGURES_PARQUET)
    assert len(load_figures()) == figures_build.rows


def test_dtypes_of_the_loaded_table(figures):
    assert str(figures.period_start.dtype) == "datetime64[ns]"
    assert str(figures.value.dtype) == "float64"
    assert str(figures.reporter.dtype) == "str"
    assert (figures.product_code != "").all()
