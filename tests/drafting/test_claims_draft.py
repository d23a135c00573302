"""``tradeviz claims draft ID``: a valid draft file, confirmed claims kept, nothing to draft."""

from __future__ import annotations

import yaml

from tradeviz.checks.claims import load_claims

#: A made-up article (not a publication).
ARTICLE = (
    "title: Kyrgyz trade note\n"
    "published: 2023-03\n"
    "language: en\n"
    "\n"
    "In 2022 trade between Kyrgyzstan and China reached $15.5 bn, up 64%.\n"
    "The two governments plan to raise it to $20 bn by 2025.\n"
)


def add(tradeviz, tmp_path, text=ARTICLE) -> str:
    source = tmp_path / "note.txt"
    source.write_text(text, encoding="utf-8")
    code, out, _ = tradeviz("documents", "add", str(source), "--outlet", "Note")
    assert code == 0
    return out.strip().splitlines()[-1]


def test_a_draft_file_loads_and_every_claim_is_a_draft(project, tradeviz, tmp_path):
    doc_id = add(tradeviz, tmp_path)
    code, out, err = tradeviz("claims", "draft", doc_id)
    assert (code, err) == (0, "")
    assert "3 draft claims" in out
    claims = load_claims(doc_id).set_index("measure")
    assert set(claims["status"]) == {"draft"}
    assert claims.loc["trade_value", "stated_value"].tolist() == ["15.5", "20"]
    assert claims.loc["growth_yoy", "stated_value"] == "64"
    assert sorted(claims["kind"]) == ["fact", "fact", "target"]


def test_confirmed_claims_are_not_overwritten_without_force(project, tradeviz, tmp_path):
    doc_id = add(tradeviz, tmp_path)
    tradeviz("claims", "draft", doc_id)
    path = project / "data/raw/claims" / f"{doc_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["claims"][0]["status"] = "confirmed"
    data["claims"][0]["note"] = "reviewed by hand"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = path.read_bytes()
    code, _, err = tradeviz("claims", "draft", doc_id)
    assert code == 2 and "confirmed claims" in err and err.count("\n") == 1
    assert path.read_bytes() == before
    code, out, _ = tradeviz("claims", "draft", doc_id, "--force")
    assert code == 0 and "1 confirmed kept" in out
    claims = load_claims(doc_id)
    confirmed = claims[claims["status"] == "confirmed"]
    assert confirmed["note"].tolist() == ["reviewed by hand"]
    assert len(claims) == 3  # the confirmed claim's draft is not added twice


def test_a_document_without_claims_is_said_so_and_nothing_is_written(project, tradeviz, tmp_path):
    doc_id = add(tradeviz, tmp_path, "published: 2023\n\nThe delegations met in Astana.\n")
    code, out, _ = tradeviz("claims", "draft", doc_id)
    assert code == 0 and "no checkable claims" in out
    assert not (project / "data/raw/claims" / f"{doc_id}.yaml").exists()


def test_an_unknown_document_is_one_line(project, tradeviz):
    code, _, err = tradeviz("claims", "draft", "no-such-doc")
    assert code == 2 and "unknown document" in err and err.count("\n") == 1
