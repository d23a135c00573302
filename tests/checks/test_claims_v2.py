"""Claims format version 2: review status, kinds, offsets, shares' denominators, comparisons."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tradeviz.checks.claims import load_claims
from tradeviz.errors import InputError

from .conftest import write_document

DOC_ID = "test-v2-doc"
#: A made-up test text (not a publication) with a header block, as articles are stored.
HEADER = "title: Test trade note\npublished: 2023-03\nlanguage: en\n\n"
BODY = (
    "In 2022 China's exports to Kazakhstan grew by just over 20% to $16.4 bn.\n"
    "China overtook Russia as Kazakhstan's largest trade partner. "
    "Trade is planned to reach $35 bn by 2030, and China took nearly 25% of total trade.\n"
)


def claim_entry(**fields):
    excerpt = "China's exports to Kazakhstan grew by just over 20%"
    entry = {
        "id": "chn-exports-growth-2022",
        "excerpt": excerpt,
        "subject": "Growth of China's exports to Kazakhstan in 2022",
        "measure": "growth_yoy",
        "reporter": "CHN",
        "partner": "KAZ",
        "flow": "exports",
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "value": "20",
        "unit": "percent",
        "scale": 1,
        "qualifier": "just_over",
        "perspective": "unspecified",
        "status": "draft",
        "kind": "fact",
        "offsets": [BODY.index(excerpt), BODY.index(excerpt) + len(excerpt)],
        "unresolved": ["no source named; perspective left unspecified"],
    }
    entry.update(fields)
    return entry


def write_claims(raw: Path, *entries, version: int = 2) -> Path:
    write_document(raw / "documents", DOC_ID, "v2.txt", HEADER + BODY)
    path = raw / "claims" / "v2.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema_version": version, "document": DOC_ID, "claims": list(entries)}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load(raw: Path):
    return load_claims(
        DOC_ID, claims_directory=raw / "claims", documents_directory=raw / "documents"
    )


def error_of(raw: Path) -> str:
    with pytest.raises(InputError) as info:
        load(raw)
    text = str(info.value)
    assert "\n" not in text
    return text


def test_a_v2_claim_reads_its_new_fields(tmp_path):
    comparison_excerpt = "China overtook Russia as Kazakhstan's largest trade partner"
    write_claims(
        tmp_path,
        claim_entry(),
        claim_entry(
            id="chn-overtook-rus-2022",
            excerpt=comparison_excerpt,
            measure="comparison",
            reporter="KAZ",
            partner="CHN",
            flow="turnover",
            value="1",
            unit="rank",
            qualifier="exact",
            other_partner="RUS",
            relation="overtook",
            offsets=None,
            status="confirmed",
        ),
        claim_entry(
            id="turnover-target-2030",
            excerpt="Trade is planned to reach $35 bn by 2030",
            measure="trade_value",
            kind="target",
            value="35",
            unit="USD",
            scale="1e9",
            qualifier="exact",
            period_start="2030-01-01",
            period_end="2030-12-31",
            offsets=None,
        ),
        claim_entry(
            id="chn-share-turnover",
            excerpt="China took nearly 25% of total trade",
            measure="partner_share",
            denominator="turnover",
            value="25",
            value_words=None,
            qualifier="nearly",
            offsets=None,
        ),
    )
    claims = load(tmp_path).set_index("claim_id")
    growth = claims.loc["chn-exports-growth-2022"]
    start = BODY.index("China's exports")
    assert (growth["offset_start"], growth["offset_end"]) == (start, start + 51)
    assert growth["status"] == "draft" and growth["qualifier"] == "just_over"
    assert growth["unresolved"] == "no source named; perspective left unspecified"
    overtook = claims.loc["chn-overtook-rus-2022"]
    assert (overtook["other_partner"], overtook["relation"]) == ("RUS", "overtook")
    assert overtook["offset_start"] == -1
    assert claims.loc["turnover-target-2030", "kind"] == "target"
    assert claims.loc["chn-share-turnover", "denominator"] == "turnover"


def test_a_v1_file_reads_as_confirmed_facts():
    claims = load_claims("neo-2021-07-20")
    assert set(claims["status"]) == {"confirmed"}
    assert set(claims["kind"]) == {"fact"}
    assert set(claims["offset_start"]) == {-1}


def test_a_v1_file_using_a_v2_field_is_refused(tmp_path):
    entry = claim_entry()
    for key in ("offsets", "unresolved", "status", "kind"):
        entry.pop(key)
    entry["qualifier"] = "over"
    write_claims(tmp_path, {**entry, "kind": "target"}, version=1)
    text = error_of(tmp_path)
    assert "field 'kind'" in text and "version 2" in text


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"status": "reviewed"}, "status", "unknown status"),
        ({"kind": "estimate"}, "kind", "unknown kind"),
        ({"measure": "growth"}, "measure", "unknown measure"),
        ({"offsets": [0, 10]}, "offsets", "offsets do not match the excerpt"),
        ({"offsets": [10, 5]}, "offsets", "not a span"),
        ({"offsets": "3-10"}, "offsets", "not a span"),
        ({"denominator": "turnover"}, "denominator", "only a share has a denominator"),
        ({"denominator": "gdp", "measure": "partner_share"}, "denominator", "unknown"),
        ({"relation": "ahead_of"}, "relation", "only a comparison"),
        ({"measure": "comparison"}, "relation", "names no other partner"),
        ({"measure": "comparison", "other_partner": "RUS"}, "relation", "has no relation"),
        ({"other_partner": "Russia", "measure": "comparison"}, "other_partner", "not a country"),
        ({"unresolved": "no year"}, "unresolved", "not a list"),
        ({"period_start": "2023-01-01"}, "period_end", "ends before it starts"),
        ({"excerpt": "China's exports fell"}, "excerpt", "not in the document"),
    ],
)
def test_a_malformed_v2_claim_is_one_line(tmp_path, changes, field, fragment):
    path = write_claims(tmp_path, claim_entry(**changes))
    text = error_of(tmp_path)
    assert str(path) in text
    assert "claim 'chn-exports-growth-2022'" in text
    assert f"field '{field}'" in text
    assert fragment in text


def test_offsets_count_in_the_body_after_the_header(tmp_path):
    excerpt = "China's exports to Kazakhstan grew by just over 20%"
    whole = (HEADER + BODY).index(excerpt)
    write_claims(tmp_path, claim_entry(offsets=[whole, whole + len(excerpt)]))
    assert "offsets do not match" in error_of(tmp_path)


def test_editing_a_claims_file_never_needs_a_hash(tmp_path):
    path = write_claims(tmp_path, claim_entry())
    path.write_text(path.read_text(encoding="utf-8").replace("draft", "confirmed"), "utf-8")
    assert load(tmp_path).iloc[0]["status"] == "confirmed"


def test_a_comparison_or_record_may_be_worded_without_a_number(tmp_path):
    excerpt = "China overtook Russia as Kazakhstan's largest trade partner"
    worded = {"value": None, "unit": None, "scale": None, "offsets": None, "qualifier": "exact"}
    write_claims(
        tmp_path,
        claim_entry(
            excerpt=excerpt,
            measure="comparison",
            other_partner="RUS",
            relation="overtook",
            **worded,
        ),
    )
    row = load(tmp_path).iloc[0]
    assert (row["stated_value"], row["unit"], row["relation"]) == ("", "", "overtook")


def test_a_worded_share_still_needs_its_number(tmp_path):
    write_claims(tmp_path, claim_entry(measure="partner_share", value=None, unit=None, scale=None))
    assert "field 'unit'" in error_of(tmp_path)


def test_targets_forecasts_and_worded_claims_are_recorded_not_judged(tmp_path, figures):
    from tradeviz.checks import check_claims

    excerpt = "China overtook Russia as Kazakhstan's largest trade partner"
    write_claims(
        tmp_path,
        claim_entry(
            id="target",
            excerpt="Trade is planned to reach $35 bn by 2030",
            measure="trade_value",
            kind="target",
            value="35",
            unit="USD",
            scale="1e9",
            qualifier="exact",
            offsets=None,
        ),
        claim_entry(
            id="worded",
            excerpt=excerpt,
            measure="comparison",
            other_partner="RUS",
            relation="overtook",
            value=None,
            unit=None,
            scale=None,
            offsets=None,
        ),
    )
    verdicts = check_claims(figures, load(tmp_path)).set_index("claim_id")
    assert verdicts.loc["target", "detail"] == "not_judged"
    # a comparison states an order, not a number: it is judged table by table
    assert verdicts.loc["worded", "detail"] != "not_judged"
    assert set(verdicts["verdict"]) == {"unverifiable"}


def test_every_curated_file_locates_its_excerpts_by_offsets():
    """Every confirmed claim of a version-2 file has offsets that read as its excerpt."""
    from tradeviz.checks.claims import list_claims_files, load_documents

    documents = load_documents()
    claims = load_claims()
    v2 = claims[claims["offset_start"] >= 0]
    for row in v2.itertuples():
        body = " ".join(documents[row.document].body[row.offset_start : row.offset_end].split())
        assert body == row.excerpt, row.claim_id
    assert len(list_claims_files()) == claims["document"].nunique()


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"measure": "turnover_share"}, "measure", "unknown measure"),
        ({"period_start": "2024-01-01"}, "period_end", "ends before it starts"),
        ({"excerpt": "China accounted for a 99% share"}, "excerpt", "not in the document"),
        ({"offsets": [0, 12]}, "offsets", "offsets do not match the excerpt"),
    ],
)
def test_check_refuses_a_bad_v2_claims_file_in_one_line_and_writes_nothing(
    project_copy, change, field, fragment
):
    from .conftest import run_in_process

    path = project_copy / "data/raw/claims/intellinews-2024-02.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    claim = data["claims"][1]
    claim.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = run_in_process("check", root=project_copy)
    assert done.returncode == 2
    error = done.stderr.strip()
    assert "\n" not in error
    assert "intellinews-2024-02.yaml" in error and f"claim '{claim['id']}'" in error
    assert f"field '{field}'" in error and fragment in error
    assert not list((project_copy / "data/processed").glob("verdicts*"))
