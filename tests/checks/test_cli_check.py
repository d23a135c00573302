"""`tradeviz check` end to end, in a copy of the project (TRADEVIZ_ROOT)."""

import io
import json

import pandas as pd
import pytest
import yaml

from tradeviz.checks import vocab
from tradeviz.errors import TradevizError
from tradeviz.vocabulary import STATUSES

from .conftest import DOC_ID, run_cli, run_in_process

REQUIRED_JSON_FIELDS = {
    "claim_id",
    "document",
    "excerpt",
    "stated_value",
    "unit",
    "verdict",
    "detail",
    "references",
    "deviation",
    "tolerance",
    "explanation",
}


def assert_one_line_error(done, *fragments):
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tradeviz: error: "), done.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def _assert_printed_a_table_and_wrote_every_table(done, project_copy):
    assert done.returncode == 0, done.stderr
    assert "china-share-exports-2020" in done.stdout
    assert "summary:" in done.stdout and "integrity checks" in done.stdout
    processed = project_copy / "data" / "processed"
    for name in vocab.TABLES:
        assert (processed / f"{name}.parquet").is_file()
        assert (processed / f"{name}.csv").is_file()
    verdicts = pd.read_parquet(processed / "verdicts.parquet")
    assert list(verdicts.columns) == list(vocab.VERDICT_COLUMNS)
    assert not list(processed.glob(".*"))  # no temporary files left behind


def test_check_prints_a_table_and_writes_every_table(project_copy, checked_as_computed):
    done = run_in_process("check", "--integrity", root=project_copy)
    _assert_printed_a_table_and_wrote_every_table(done, project_copy)


@pytest.mark.slow
def test_check_in_its_own_process_computes_prints_and_writes_every_table(project_copy):
    """The whole command in a new interpreter: the computation, the table and the files."""
    done = run_cli("check", "--integrity", root=project_copy)
    _assert_printed_a_table_and_wrote_every_table(done, project_copy)


def test_json_gives_the_issue_fields(project_copy, checked_as_computed):
    done = run_in_process("check", "--format", "json", "--doc", DOC_ID, root=project_copy)
    assert done.returncode == 0, done.stderr
    objects = json.loads(done.stdout)
    assert isinstance(objects, list) and objects
    for obj in objects:
        assert REQUIRED_JSON_FIELDS <= set(obj)
        for reference in obj["references"]:
            assert {"value", "source", "perspective", "tier"} <= set(reference)
    by_id = {obj["claim_id"]: obj for obj in objects}
    share = by_id["china-share-exports-2020"]
    assert share["verdict"] == "inconsistent" and share["reference"]["source"] == "bns_annual"


def test_json_with_integrity_is_an_object_of_both_lists(project_copy, checked_as_computed):
    done = run_in_process("check", "--format", "json", "--integrity", root=project_copy)
    payload = json.loads(done.stdout)
    assert set(payload) == {"verdicts", "integrity"}
    assert {row["status"] for row in payload["integrity"]} <= set(STATUSES)
    assert len(payload["integrity"]) == len(checked_as_computed.integrity)
    assert len(payload["verdicts"]) == len(checked_as_computed.verdicts)


def test_csv_is_the_verdicts_table(project_copy, checked_as_computed):
    done = run_in_process("check", "--format", "csv", root=project_copy)
    table = pd.read_csv(io.StringIO(done.stdout))
    assert list(table.columns) == list(vocab.VERDICT_COLUMNS)
    assert list(table["claim_id"]) == list(checked_as_computed.verdicts["claim_id"])


def test_an_unknown_document_exits_2_in_one_line(project_copy, checked_as_computed):
    assert_one_line_error(
        run_in_process("check", "--doc", "nyt-2030", root=project_copy), "--doc", DOC_ID
    )


def test_a_malformed_claims_file_exits_2_and_writes_nothing(project_copy):
    path = project_copy / "data" / "raw" / "claims" / f"{DOC_ID}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["claims"][3]["unit"] = "TEUs"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_in_process("check", root=project_copy)
    assert_one_line_error(done, "neo-2021-07-20.yaml", "field 'unit'", "TEUs")
    assert not (project_copy / "data" / "processed" / "verdicts.parquet").exists()


def test_strict_exits_1_when_an_integrity_check_fails(
    project_copy, tmp_path, figures, monkeypatch, real_results
):
    import dataclasses

    from tradeviz.checks import outputs
    from tradeviz.checks.integrity import run_integrity_checks

    damaged = figures.copy()
    share = damaged.index[
        (damaged["measure"] == "partner_share")
        & (damaged["partner"] == "CHN")
        & (damaged["source"] == "bns_annual")
    ][0]
    damaged.loc[share, "value"] = damaged.loc[share, "value"] + 5.0
    path = tmp_path / "damaged.parquet"
    damaged.to_parquet(path, index=False)
    out = tmp_path / "out"
    # Only the integrity checks read the damaged share (the claims' verdicts are the session's),
    # and a stated share is checked against the values of its own table: its file's rows are
    # enough.
    table = damaged[damaged["source_file"] == damaged.loc[share, "source_file"]]
    results = dataclasses.replace(real_results, integrity=run_integrity_checks(table))
    assert (results.integrity["status"] == "fail").any()
    monkeypatch.setattr(outputs, "run_checks", lambda **_: results)
    done = run_in_process(
        "check", "--figures", str(path), "--out", str(out), "--strict", root=project_copy
    )
    assert done.returncode == 1, done.stderr
    assert "integrity check(s) failed" in done.stderr
    assert (out / "integrity.parquet").is_file()
    loose = run_in_process("check", "--figures", str(path), "--out", str(out), root=project_copy)
    assert loose.returncode == 0


def test_missing_figures_tell_the_user_to_build(tmp_path, raw_copy):
    root = tmp_path / "empty"
    (root / "data").mkdir(parents=True)
    raw_copy.rename(root / "data" / "raw")
    assert_one_line_error(run_in_process("check", root=root), "tradeviz build")


def test_the_loaders_read_what_check_wrote(project_copy, monkeypatch, checked_as_computed):
    from tradeviz.checks import load_flags, load_integrity, load_verdicts

    monkeypatch.setenv("TRADEVIZ_ROOT", str(project_copy))
    with pytest.raises(TradevizError, match="run `tradeviz check`"):
        load_verdicts()
    assert run_in_process("check", root=project_copy).returncode == 0
    assert set(load_verdicts(DOC_ID)["document"]) == {DOC_ID}
    assert list(load_integrity().columns) == list(vocab.INTEGRITY_COLUMNS)
    assert list(load_flags().columns) == list(vocab.FLAG_COLUMNS)
