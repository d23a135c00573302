"""`tradeviz check --format claimreview`, and a document that no claims file names."""

from __future__ import annotations

import json

from .conftest import DOC_ID, run_cli, write_document


def test_claimreview_and_a_document_without_claims(project_copy):
    documents = project_copy / "data" / "raw" / "documents"
    write_document(documents, "no-claims-yet", "no-claims-yet.txt", "A text with no claims.\n")
    result = run_cli("check", "--format", "claimreview", root=project_copy)
    assert result.returncode == 0, result.stderr
    assert "no-claims-yet: no claims" in result.stderr
    reviews = json.loads(result.stdout)
    verdicts = json.loads(
        run_cli("check", "--format", "json", "--doc", DOC_ID, root=project_copy).stdout
    )
    judged = [v for v in verdicts if v["detail"] != "not_judged" and v["claim_status"] != "draft"]
    assert [r["identifier"] for r in reviews] == [f"{DOC_ID}#{v['claim_id']}" for v in judged]
    rated = {r["identifier"]: r["reviewRating"].get("ratingValue") for r in reviews}
    for verdict in judged:
        expected = {"consistent": 3, "inconsistent": 1}.get(verdict["verdict"])
        assert rated[f"{DOC_ID}#{verdict['claim_id']}"] == expected
    asked = run_cli("check", "--doc", "no-claims-yet", root=project_copy)
    assert asked.returncode == 0 and "no-claims-yet: no claims" in asked.stderr
