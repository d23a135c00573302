"""`tradeviz check --format claimreview`, and a document that no claims file names.

The command runs in this process on the session's results of the real data
(``checked_as_computed``): these tests are about what it prints, not how it computes.
"""

from __future__ import annotations

import json

from .conftest import run_in_process, write_document


def test_claimreview_gives_one_review_per_judged_confirmed_claim(project_copy, checked_as_computed):
    import pandas as pd

    result = run_in_process("check", "--format", "claimreview", root=project_copy)
    assert result.returncode == 0, result.stderr
    reviews = json.loads(result.stdout)
    verdicts = pd.read_parquet(project_copy / "data" / "processed" / "verdicts.parquet")
    judged = verdicts[(verdicts["detail"] != "not_judged") & (verdicts["claim_status"] != "draft")]
    assert [r["identifier"] for r in reviews] == [
        f"{row.document}#{row.claim_id}" for row in judged.itertuples()
    ]
    expected = {"consistent": 3, "inconsistent": 1, "unverifiable": None}
    for review, row in zip(reviews, judged.itertuples(), strict=True):
        assert review["reviewRating"].get("ratingValue") == expected[row.verdict]
        assert review["reviewBody"] == row.explanation


def test_a_document_without_claims_is_said_not_an_error(project_copy, checked_as_computed):
    documents = project_copy / "data" / "raw" / "documents"
    write_document(documents, "no-claims-yet", "no-claims-yet.txt", "A text with no claims.\n")
    asked = run_in_process("check", "--doc", "no-claims-yet", root=project_copy)
    assert asked.returncode == 0, asked.stderr
    assert "no-claims-yet: no claims" in asked.stderr
