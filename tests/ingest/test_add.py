"""tradeviz add: next year's table is one command; a file a user adds breaks nothing."""

from __future__ import annotations

import shutil

import yaml

from tradeviz.build import build
from tradeviz.provenance import load_sidecar, sha256_of, sidecar_path


def test_add_writes_a_valid_sidecar_and_build_takes_the_file(raw_copy, tmp_path, tools):
    source = sorted((raw_copy / "bns").glob("bns_trade_by_country_*.xls"))[-1]
    # the builds below compare the latest BNS workbook alone with it and the added copy
    tools.keep_only_file(raw_copy, str(source.relative_to(raw_copy)))
    new = raw_copy / "bns" / "bns_trade_by_country_next.xls"
    shutil.copyfile(source, new)
    done = tools.run_cli("add", str(new))
    assert done.returncode == 0, done.stderr
    assert "adapter bns_annual" in done.stdout and "vintage guess" in done.stdout
    sidecar = load_sidecar(sidecar_path(new))
    assert sidecar.sha256 == sha256_of(new) and sidecar.adapter == "bns_annual"
    assert not sidecar.fetched  # the user's own file: committable, not fetched
    meta = yaml.safe_load(sidecar_path(new).read_text(encoding="utf-8"))
    assert "title" in meta["to_confirm"] and meta["title"].startswith("TO CONFIRM")
    result = build(raw_copy, tmp_path / "with", force=True)
    new.unlink()
    sidecar_path(new).unlink()
    without = build(raw_copy, tmp_path / "without", force=True).rows
    # The added file contributed exactly the figures of one workbook (under its own vintage).
    from tradeviz.ingest import ingest_file

    assert result.rows - without == len(ingest_file(source))


def test_add_refuses_to_overwrite_a_sidecar(tmp_path, tools, project_root):
    path = tmp_path / "table.csv"
    shutil.copyfile(project_root / "data/raw/wits/kaz_chn_1995_2020.csv", path)
    assert tools.run_cli("add", str(path)).returncode == 0
    done = tools.run_cli("add", str(path))
    tools.assert_one_line_error(done, "table.csv.meta.yaml", "already has a sidecar")
