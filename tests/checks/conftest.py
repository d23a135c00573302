"""Fixtures for the checks tests: small figures tables, claims files, documents in tmp folders."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tradeviz import schema as s

from ..conftest import run_in_process  # noqa: F401  (the checks' tests import it from here)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = PROJECT_ROOT / "data" / "raw"
DOC_ID = "neo-2021-07-20"
DOC_TEXT = "neo-2021-07-20-kazakh-chinese-friendship.txt"

#: A tiny second document (a made-up test text, not a publication) for the "no code change" test.
SECOND_DOC_ID = "test-russia-share"
SECOND_DOC_TEXT = (
    "Test document. Russia takes about 35% of all Kazakhstani imports, and Kazakhstan's trade "
    "with Russia exceeded $18 billion in 2020.\n"
)


def figure(**fields: Any) -> dict[str, Any]:
    """One figure record with sensible defaults (a BNS annual 2020 KAZ→CHN exports value)."""
    record: dict[str, Any] = {
        s.REPORTER: "KAZ",
        s.PARTNER: "CHN",
        s.PARTNER_KIND: "country",
        s.FLOW: "exports",
        s.MEASURE: "trade_value",
        s.FREQ: "A",
        s.PERIOD_START: "2020-01-01",
        s.PERIOD_END: "2020-12-31",
        s.VALUE: 1.0,
        s.UNIT: "USD",
        s.SCALE: 1e3,
        s.PERSPECTIVE: "KAZ",
        s.SOURCE: "bns_annual",
        s.SOURCE_ORG: "KZ_BNS",
        s.SOURCE_TIER: "official_statistics",
        s.VINTAGE: "2021-07-28",
        s.LOCATOR: "sheet T, row 1",
    }
    record.update(fields)
    return record


def statement(statement_id: str, **fields: Any) -> dict[str, Any]:
    """A statement figure (source statements, unattributed press by default)."""
    defaults = {
        s.SOURCE: "statements",
        s.SOURCE_ORG: "Test outlet",
        s.SOURCE_TIER: "press",
        s.PERSPECTIVE: s.UNATTRIBUTED,
        s.RECORD_ID: statement_id,
        s.VINTAGE: "",
        s.SCALE: 1.0,
        s.LOCATOR: f"statement {statement_id}",
    }
    defaults.update(fields)
    return figure(**defaults)


#: The claim fields of a claimed date (an event's day, month or year).
DATE = {
    "measure": "event_date",
    "unit": "date",
    "scale": float("nan"),
    "qualifier": "exact",
    "flow": "none",
}


def dated(statement_id: str, text: str, vintage: str = "", **fields: Any) -> dict[str, Any]:
    """A statement of an event's date, ``text`` as written (``2021-06-29``, ``1992``)."""
    return statement(
        statement_id,
        measure="event_date",
        unit="date",
        value=float("nan"),
        value_text=text,
        flow="none",
        vintage=vintage,
        **fields,
    )


def make_figures(records: list[dict[str, Any]]):
    """Return a tidy figures frame (every column, contract dtypes) from records."""
    from tradeviz.ingest.tidy import tidy_frame

    return tidy_frame(records)


def claim(**fields: Any) -> dict[str, Any]:
    """One row of the claims table (defaults: about 12 % China share of KAZ exports, 2020)."""
    import pandas as pd

    record: dict[str, Any] = {
        "document": "test-doc",
        "claim_id": "c1",
        "excerpt": "x",
        "subject": "test claim",
        "measure": "partner_share",
        "reporter": "KAZ",
        "partner": "CHN",
        "flow": "exports",
        "period_start": pd.Timestamp("2020-01-01"),
        "period_end": pd.Timestamp("2020-12-31"),
        "period_note": "",
        "stated_value": "12",
        "unit": "percent",
        "scale": 1.0,
        "qualifier": "about",
        "speaker": "",
        "stated_perspective": "unspecified",
        "origin_statements": "",
        "reference_statements": "",
        "products": "",
        "note": "",
        "doc_title": "Test",
        "doc_date": "2021-07-20",
        "doc_url": "",
        "claims_file": "test.yaml",
    }
    record.update(fields)
    for key in ("period_start", "period_end"):
        if isinstance(record[key], str):
            record[key] = pd.Timestamp(record[key])
    return record


def claims_frame(*records: dict[str, Any]):
    import pandas as pd

    from tradeviz.checks import vocab

    return pd.DataFrame.from_records(list(records), columns=list(vocab.CLAIM_COLUMNS))


def verdict_of(figures, **claim_fields: Any) -> dict[str, Any]:
    """Run the engine on one claim and return its verdict record."""
    from tradeviz.checks.engine import evaluate_claim

    return evaluate_claim(figures, claim(**claim_fields))


def write_document(directory: Path, doc_id: str, name: str, text: str) -> Path:
    """Write a document and its sidecar (with the right sha256) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    meta = {
        "document_id": doc_id,
        "title": f"Test document {doc_id}",
        "date_published": "2021-07-20",
        "url": None,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    (directory / f"{name}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return path


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of the repository's data/raw/claims and data/raw/documents (writable)."""
    target = tmp_path / "raw"
    for folder in ("claims", "documents"):
        shutil.copytree(RAW_DIR / folder, target / folder)
    for path in target.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return target


@pytest.fixture
def claims_file(raw_copy: Path) -> Path:
    return raw_copy / "claims" / f"{DOC_ID}.yaml"


@pytest.fixture
def project_copy(tmp_path: Path, raw_copy: Path, figures_build) -> Path:
    """A project root (for TRADEVIZ_ROOT) with the claims, documents and the built figures."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.move(str(raw_copy), root / "data" / "raw")
    processed = root / "data" / "processed"
    processed.mkdir()
    shutil.copy(figures_build.figures_path, processed / s.FIGURES_PARQUET)
    return root


@pytest.fixture
def checked_as_computed(monkeypatch, real_results):
    """Make ``tradeviz check`` in this process take the session's results of the real data.

    For tests of what the command does with the results (formats, exit codes, which tables it
    writes): the project copies hold the repository's claims, documents and figures, so the
    results are those ``real_results`` computed once; the computation is tested elsewhere.
    """
    from tradeviz.checks import outputs

    monkeypatch.setattr(outputs, "run_checks", lambda **_: real_results)
    return real_results


def run_cli(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if root is not None:
        env["TRADEVIZ_ROOT"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "tradeviz", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="session")
def real_verdicts(real_results):
    """The verdicts of :data:`DOC_ID`'s claims, one row per claim id.

    Selected by document: another document's claims file (a user may add one, even a copy of
    this one) has verdicts of its own, possibly under the same claim ids.
    """
    verdicts = real_results.verdicts
    mine = verdicts[verdicts["document"] == DOC_ID]
    assert mine["claim_id"].is_unique and len(mine) > 0
    return mine.set_index("claim_id", drop=False)
