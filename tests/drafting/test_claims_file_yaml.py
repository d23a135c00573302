"""A drafted claims file is written byte for byte as PyYAML's pure-Python emitter writes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tradeviz.checks.claims import load_documents
from tradeviz.drafting.claims_file import draft_document

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "data" / "raw" / "documents"
TODAY = dt.date(2024, 3, 1)


def drafted_texts(directory: Path) -> dict[str, bytes]:
    documents = load_documents(DOCUMENTS)
    texts = {}
    for document in documents.values():
        drafted = draft_document(document, directory, force=True, today=TODAY)
        if drafted.written:
            texts[document.document_id] = drafted.path.read_bytes()
    return texts


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="no libyaml")
def test_drafts_are_the_same_bytes_with_and_without_libyaml(tmp_path, monkeypatch) -> None:
    with_libyaml = drafted_texts(tmp_path / "c")
    assert with_libyaml  # the documents of data/raw/documents with claims
    monkeypatch.delattr(yaml, "CSafeDumper")
    assert drafted_texts(tmp_path / "python") == with_libyaml
