"""What the README invites users to add never breaks the suite's promises.

A copy of the repository's data/raw gains a corrected BNS workbook (a later vintage of a year
already present), a second UN Comtrade download and a second checked document with its claims.
``tradeviz build`` and ``tradeviz check --integrity`` must still succeed, take the new files,
and leave what the first document's claims say unchanged; the figures of the new files appear
beside the old ones, selected by ``source_file`` rather than counted.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tradeviz.cli import main

pytestmark = pytest.mark.slow  # a whole build and check of a project copy

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
DOCUMENT = "neo-2021-07-20"
SECOND_DOCUMENT = "neo-2021-07-20-reprint"
CORRECTED_VINTAGE = "2099-01-31"
DOWNLOAD_VINTAGE = "2026-12-01"
#: Sidecar keys that mark a file as fetched (a user's own file has neither).
FETCH_KEYS = ("mirror", "download_url")


def _add_copy(source: Path, target: Path, **changes) -> Path:
    """Copy a raw file under a new name with the source's sidecar, changed."""
    shutil.copyfile(source, target)
    meta = yaml.safe_load(Path(f"{source}.meta.yaml").read_text(encoding="utf-8"))
    for key in FETCH_KEYS:
        meta.pop(key, None)
    meta.update(changes)
    meta["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    Path(f"{target}.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    return target


def _cli(*argv: str) -> int:
    try:
        main(list(argv))
    except SystemExit as ended:
        return ended.code if isinstance(ended.code, int) else 1
    return 0


@pytest.fixture(scope="module")
def extended(tmp_path_factory, figures_build):
    """A project whose raw folder holds the repository's files and the users' additions."""
    root = tmp_path_factory.mktemp("extended")
    raw = root / "data" / "raw"
    shutil.copytree(RAW, raw)
    (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    corrected = _add_copy(
        raw / "bns" / "bns_trade_by_country_2022.xls",
        raw / "bns" / "bns_trade_by_country_2022_corrected.xls",
        vintage=CORRECTED_VINTAGE,
    )
    download = _add_copy(
        raw / "comtrade" / "reporters_imports_from_china_2014_2025.xlsx",
        raw / "comtrade" / "reporters_imports_from_china_2014_2025_download.xlsx",
        vintage=DOWNLOAD_VINTAGE,
    )
    document = next((raw / "documents").glob(f"{DOCUMENT}*.txt"))
    _add_copy(
        document,
        raw / "documents" / f"{SECOND_DOCUMENT}.txt",
        document_id=SECOND_DOCUMENT,
    )
    claims = yaml.safe_load((raw / "claims" / f"{DOCUMENT}.yaml").read_text(encoding="utf-8"))
    claims["document"] = SECOND_DOCUMENT
    claims_file = raw / "claims" / f"{SECOND_DOCUMENT}.yaml"  # claims files have no sidecar
    claims_file.write_text(yaml.safe_dump(claims, allow_unicode=True), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRADEVIZ_ROOT", str(root))
        patch.setenv("CI", "1")
        codes = {"build": _cli("build"), "check": _cli("check", "--integrity")}
    processed = root / "data" / "processed"
    return {
        "codes": codes,
        "figures": pd.read_parquet(processed / "figures.parquet"),
        "verdicts": pd.read_parquet(processed / "verdicts.parquet"),
        "corrected": str(corrected.relative_to(root)),
        "download": str(download.relative_to(root)),
    }


def test_build_and_check_succeed_with_the_added_files(extended):
    assert extended["codes"] == {"build": 0, "check": 0}


def test_the_added_files_are_taken_beside_the_originals(extended, figures):
    table = extended["figures"]
    for added in (extended["corrected"], extended["download"]):
        rows = table[table["source_file"] == added]
        original = added.replace("_corrected", "").replace("_download", "")
        assert len(rows) == (figures["source_file"] == original).sum() > 0, added
    corrected = table[table["source_file"] == extended["corrected"]]
    assert set(corrected["vintage"]) == {CORRECTED_VINTAGE}


def test_each_document_gets_its_verdicts_and_the_first_keeps_its_own(extended, figures):
    from tradeviz import checks

    verdicts = extended["verdicts"]
    claims = checks.load_claims(DOCUMENT)
    assert {DOCUMENT, SECOND_DOCUMENT} <= set(verdicts["document"])
    before = checks.check_claims(figures, claims).set_index("claim_id")["verdict"]
    for document in (DOCUMENT, SECOND_DOCUMENT):
        mine = verdicts[verdicts["document"] == document].set_index("claim_id")["verdict"]
        assert mine.sort_index().to_dict() == before.sort_index().to_dict(), document
