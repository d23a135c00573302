"""The one-call set-up and its session: headline records, tidy data, reviewed claims, drafts."""

from __future__ import annotations

import json

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from tradeviz.checks import load_claims
from tradeviz.notebook import answers
from tradeviz.notebook.session import (
    DOCUMENTS_GROUP,
    SOURCES_GROUP,
    Session,
    headline_group,
    reviewed_claims,
)
from tradeviz.results import RUN_DIR_ENV
from tradeviz.runner.findings import read_headline

DOCUMENT = "neo-2021-07-20"
HOSTILE_EXCERPT = "<b>not yet</b> reviewed"


@pytest.fixture()
def shell():
    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()


def test_headline_groups_name_the_pair_or_the_kind_of_run():
    assert headline_group({"reporter": "KAZ", "partner": "CHN", "year": 2020})[0] == (
        "Kazakhstan and China"
    )
    assert headline_group({"host": "KAZ", "investor": "CHN"})[0] == "Kazakhstan and China"
    documents, sources = headline_group({"document": "x"}), headline_group({"source": "all"})
    assert documents[0] == DOCUMENTS_GROUP and sources[0] == SOURCES_GROUP
    assert documents[1] < headline_group({"reporter": "KAZ", "partner": "RUS"})[1] < sources[1]


def test_reviewed_claims_keep_the_pair_flow_and_years_and_drop_drafts():
    claims = load_claims()
    about = claims.loc[(claims["reporter"] == "KAZ") & (claims["partner"] == "CHN")]
    found = reviewed_claims(claims, "KAZ", "CHN")
    assert sorted(found["claim_id"]) == sorted(about["claim_id"])
    exports_2020 = reviewed_claims(claims, "KAZ", "CHN", flow="exports", years=(2020, 2020))
    assert set(exports_2020["flow"]) == {"exports"}
    assert set(exports_2020["period_end"].astype(str).str[:4]) == {"2020"}
    drafted = claims.assign(status=claims["status"].where(claims["flow"] != "exports", "draft"))
    still = reviewed_claims(drafted, "KAZ", "CHN")
    assert "exports" not in set(still["flow"]) and len(still) == len(found) - len(
        about.loc[about["flow"] == "exports"]
    )
    assert reviewed_claims(claims, "KAZ", "ZZZ") is None


def test_draft_claims_are_listed_apart_never_counted_as_findings(figures, real_results):
    claims = load_claims(DOCUMENT)
    draft_id = claims["claim_id"].iloc[0]
    drafted = claims.assign(
        status=claims["status"].where(claims["claim_id"] != draft_id, "draft"),
        excerpt=claims["excerpt"].where(claims["claim_id"] != draft_id, HOSTILE_EXCERPT),
    )
    checked, _ = answers.claim_verdicts(figures, DOCUMENT, ["KAZ", "CHN"], claims=drafted)
    # the session's verdicts of the document's other claims, checked as reviewed claims
    verdicts = real_results.verdicts
    reviewed = verdicts[(verdicts["document"] == DOCUMENT) & (verdicts["claim_id"] != draft_id)]
    expected = {v: int((reviewed["verdict"] == v).sum()) for v in checked.results["counts"]}
    assert checked.results["counts"] == expected
    assert sum(expected.values()) == len(claims) - 1
    assert checked.results["not_reviewed"] == 1
    assert len(checked.not_reviewed) == 1 and HOSTILE_EXCERPT in checked.not_reviewed[0]
    assert all(HOSTILE_EXCERPT not in text for text in checked.headline)
    assert f"Of {len(claims) - 1} claims" in checked.headline[0]


def test_show_records_the_headline_once_and_returns_the_tidy_data(
    figures, tmp_path, monkeypatch, shell
):
    monkeypatch.setenv(RUN_DIR_ENV, str(tmp_path))
    session = Session(figures, {"reporter": "KAZ", "partner": "CHN"}, str(tmp_path / "figures"))
    shares = answers.partner_shares(figures, "KAZ", "CHN", 2020, "exports")
    ranking = answers.top_partners(figures, "KAZ", "CHN", 2020, "exports", 5)
    with capture_output() as captured:
        data = session.show("shares", shares, headline=True)
        session.show("ranking", ranking, headline=True)  # the first headline stays
    assert data is shares.data and {"figure_id", "value_usd"} <= set(data.columns)
    headline = read_headline(tmp_path / "results.json")
    assert headline.group == "Kazakhstan and China"
    assert headline.sentences == [shares.sentences[0]]
    marked = [o for o in captured.outputs if o.metadata and "tradeviz" in o.metadata]
    assert len(marked) == 1 and marked[0].data["text/plain"] == shares.sentences[0]
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["ranking"] == json.loads(json.dumps(ranking.results))
