import hashlib
from pathlib import Path

import pytest
import yaml

from tradeviz.checks import vocab
from tradeviz.checks.claims import load_claims, load_documents
from tradeviz.errors import InputError

from .conftest import (
    DOC_ID,
    DOC_TEXT,
    RAW_DIR,
    SECOND_DOC_ID,
    SECOND_DOC_TEXT,
    write_document,
)

#: Every checkable statement of the article the lead listed, by claim id (the file may hold more).
LISTED_BY_THE_LEAD = {
    "transit-containers-2020",
    "transit-share-to-europe-2020",
    "fic-33rd-plenary-2021-06-11",
    "diplomatic-relations-1992",
    "state-loan-agreement-1992-02",
    "lianyungang-agreement-1995",
    "china-rank-exports-2020",
    "china-rank-imports-2020",
    "china-share-exports-2020",
    "china-share-imports-2020",
    "turnover-2021m01-04",
    "turnover-growth-2021m01-04",
    "fdi-cumulative-chn-2005-2020",
    "fdi-cumulative-kaz-in-chn",
    "students-kaz-in-china-2021",
    "students-chn-in-kazakhstan-2021",
    "enterprises-registered-chn-2021-06",
    "unhrc-47th-session",
    "coronavac-first-batch-doses",
    "coronavac-first-batch-date",
    "population-kaz-2021",
}


def load(raw: Path, doc_id=None):
    return load_claims(
        doc_id, claims_directory=raw / "claims", documents_directory=raw / "documents"
    )


def edit_claim(path: Path, claim_id: str, **changes) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["claims"]:
        if entry["id"] == claim_id:
            for key, value in changes.items():
                if value is KeyError:
                    del entry[key]
                else:
                    entry[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_article_claims_file_loads_with_every_listed_statement():
    claims = load_claims(DOC_ID)
    assert list(claims.columns) == list(vocab.CLAIM_COLUMNS)
    assert LISTED_BY_THE_LEAD <= set(claims["claim_id"])
    assert claims["claim_id"].is_unique
    assert set(claims["document"]) == {DOC_ID}
    assert set(claims["doc_date"]) == {"2021-07-20"}


def test_every_excerpt_occurs_verbatim_in_the_document():
    text = " ".join((RAW_DIR / "documents" / DOC_TEXT).read_text(encoding="utf-8").split())
    for excerpt in load_claims(DOC_ID)["excerpt"]:
        assert excerpt in text


def test_the_document_sidecar_records_its_sha256_and_claims_files_have_none():
    path = RAW_DIR / "documents" / DOC_TEXT
    meta = yaml.safe_load((path.parent / f"{path.name}.meta.yaml").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path
    assert not list((RAW_DIR / "claims").glob("*.meta.yaml"))


def test_stated_values_keep_their_printed_precision():
    claims = load_claims(DOC_ID).set_index("claim_id")
    assert claims.loc["students-chn-in-kazakhstan-2021", "stated_value"] == "1.4"
    assert claims.loc["enterprises-registered-chn-2021-06", "scale"] == 1e3
    assert claims.loc["turnover-2021m01-04", "qualifier"] == "over"
    assert (
        claims.loc["turnover-2021m01-04", "origin_statements"] == "saltybayev-2021m01-04-turnover"
    )


def test_a_second_document_needs_only_a_claims_file_and_a_document(raw_copy):
    write_document(raw_copy / "documents", SECOND_DOC_ID, "russia.txt", SECOND_DOC_TEXT)
    (raw_copy / "claims" / "russia.yaml").write_text(
        yaml.safe_dump(
            {
                "schema_version": 1,
                "document": SECOND_DOC_ID,
                "claims": [
                    {
                        "id": "russia-share-imports-2020",
                        "excerpt": "Russia takes about 35% of all Kazakhstani imports",
                        "subject": "Russia's share of Kazakhstan's imports",
                        "measure": "partner_share",
                        "reporter": "KAZ",
                        "partner": "RUS",
                        "flow": "imports",
                        "period_start": "2020-01-01",
                        "period_end": "2020-12-31",
                        "value": "35",
                        "unit": "percent",
                        "scale": 1,
                        "qualifier": "about",
                        "perspective": "KAZ",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    before = set(load_claims()["document"])
    everything = load(raw_copy)
    assert set(everything["document"]) == before | {SECOND_DOC_ID}
    only = load(raw_copy, SECOND_DOC_ID)
    assert list(only["claim_id"]) == ["russia-share-imports-2020"]


def error_of(raw_copy, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        load(raw_copy, **kwargs)
    text = str(info.value)
    assert "\n" not in text
    return text


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"unit": "TEUs"}, "unit", "unknown unit"),
        ({"value": 12.0}, "value", "not quoted text"),
        ({"value": "12,5"}, "value", "not a plain number"),
        ({"measure": "share"}, "measure", "unknown measure"),
        ({"qualifier": "roughly"}, "qualifier", "unknown qualifier"),
        ({"reporter": "KZ"}, "reporter", "not a country code"),
        ({"partner": "XXX"}, "partner", "not a country or aggregate code"),
        ({"flow": "export"}, "flow", "unknown flow"),
        ({"period_start": "2020-13-01"}, "period_start", "not a date"),
        ({"period_start": "2021-01-01", "period_end": "2020-12-31"}, "period_end", "ends before"),
        ({"scale": "1e4"}, "scale", "unknown scale"),
        ({"perspective": "China"}, "perspective", "unknown perspective"),
        ({"excerpt": "China accounts for 99% of everything"}, "excerpt", "not in the document"),
        ({"unit": KeyError}, "unit", "lacks a field"),
        ({"colour": "red"}, "colour", "unknown claim field"),
        ({"origin_statements": "saltybayev"}, "origin_statements", "not a list"),
    ],
)
def test_a_malformed_claim_names_file_line_claim_and_field(
    raw_copy, claims_file, changes, field, fragment
):
    edit_claim(claims_file, "china-share-exports-2020", **changes)
    text = error_of(raw_copy)
    assert str(claims_file) in text
    assert "claim 'china-share-exports-2020'" in text
    assert f"field '{field}'" in text
    assert fragment in text
    assert "row " in text  # the line of the claim in the file


def test_a_repeated_claim_id_is_refused(raw_copy, claims_file):
    edit_claim(claims_file, "china-share-imports-2020", id="china-share-exports-2020")
    assert "claim id used twice" in error_of(raw_copy)


def test_invalid_yaml_names_the_line(raw_copy, claims_file):
    claims_file.write_text("schema_version: 1\nclaims: [\n  - id: x\n", encoding="utf-8")
    text = error_of(raw_copy)
    assert "not valid YAML" in text and str(claims_file) in text


def test_an_unknown_document_is_refused(raw_copy, claims_file):
    data = yaml.safe_load(claims_file.read_text(encoding="utf-8"))
    data["document"] = "no-such-document"
    claims_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = error_of(raw_copy)
    assert "unknown document" in text and "neo-2021-07-20" in text


def test_a_changed_document_is_refused(raw_copy):
    text_file = raw_copy / "documents" / DOC_TEXT
    text_file.write_text(text_file.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert "sha256 mismatch" in error_of(raw_copy)


def test_an_unknown_doc_id_lists_the_known_ones(raw_copy):
    text = error_of(raw_copy, doc_id="nyt-2030-01-01")
    assert "no claims file for this document" in text and DOC_ID in text


def test_documents_are_found_by_their_sidecar_id():
    documents = load_documents()
    assert documents[DOC_ID].title == "Kazakh-Chinese Friendship Withstood the Test of Time"
    assert documents[DOC_ID].date == "2021-07-20"


def test_a_second_document_is_checked_against_the_real_data(raw_copy, figures):
    from tradeviz.checks import check_claims

    test_a_second_document_needs_only_a_claims_file_and_a_document(raw_copy)
    claims = load(raw_copy, SECOND_DOC_ID)
    row = check_claims(figures, claims).iloc[0]
    bns = figures[
        (figures["source"] == "bns_annual")
        & (figures["measure"] == "partner_share")
        & (figures["partner"] == "RUS")
        & (figures["flow"] == "imports")
        & (figures["vintage"] == "2021-07-28")
        & (figures["period_start"].dt.year == 2020)
    ]["value"].iloc[0]
    assert row["reference_value"] == bns
    expected = "consistent" if abs(bns - 35) <= 1 else "inconsistent"
    assert row["verdict"] == expected


# --- the claims file's records: one line naming file, line and claim, key, expected, found -------
def test_record_claim_unknown_key_lists_the_documented_keys(raw_copy, claims_file):
    from tradeviz.checks.claim_records import Claim

    assert set(Claim.key_order) == set(Claim.model_fields)  # every key documented, once
    edit_claim(claims_file, "china-share-exports-2020", colour="red")
    text = error_of(raw_copy)
    assert text.endswith(
        "field 'colour': unknown claim field (expected one of id, excerpt, subject, measure, "
        "reporter, partner, flow, period_start, period_end, value, unit, scale, qualifier, "
        "perspective, period_note, speaker, origin_statements, reference_statements, products, "
        "note, status, kind, offsets, denominator, other_partner, relation, value_words, "
        "perspective_cue, unresolved, found 'colour')"
    )


def test_record_claim_wrong_type(raw_copy, claims_file):
    edit_claim(claims_file, "china-share-exports-2020", speaker=["a", "b"])
    assert error_of(raw_copy).endswith(
        "field 'speaker': field is not text (expected text or null, found ['a', 'b'])"
    )


def test_record_claim_missing_fields_are_named_in_the_documented_order(raw_copy, claims_file):
    edit_claim(claims_file, "china-share-exports-2020", unit=KeyError, value=KeyError)
    assert error_of(raw_copy).endswith(
        "field 'value': claim lacks a field (expected the field (null where allowed), "
        "found 'no such field')"
    )


def test_record_claim_bad_date(raw_copy, claims_file):
    edit_claim(claims_file, "china-share-exports-2020", period_end="31.12.2020")
    text = error_of(raw_copy)
    assert "(claim 'china-share-exports-2020'), field 'period_end'" in text
    assert text.endswith(
        "period_end is not a date (expected YYYY-MM-DD or null, found '31.12.2020')"
    )


def test_record_claims_file_missing_key(raw_copy, claims_file):
    data = yaml.safe_load(claims_file.read_text(encoding="utf-8"))
    del data["schema_version"]
    claims_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert error_of(raw_copy).endswith(
        "field 'schema_version': unsupported claims file version (expected 1 or 2, found None)"
    )


def test_record_a_qualitative_claim_without_products_is_refused(raw_copy, claims_file):
    edit_claim(
        claims_file,
        "china-share-exports-2020",
        measure="main_products",
        value=None,
        unit=None,
        scale=None,
    )  # and no products key, as in the file
    assert "a main_products claim names no products" in error_of(raw_copy)


def test_record_claims_alias_bomb_is_refused_with_a_short_message(raw_copy, claims_file):
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    claims_file.write_text("\n".join(bomb) + "\n", encoding="utf-8")
    text = error_of(raw_copy)
    assert "not valid YAML" in text and "more than 100 aliases" in text
    assert len(text) < 300


def test_record_a_document_sidecar_without_a_title_is_refused(raw_copy):
    sidecar = raw_copy / "documents" / f"{DOC_TEXT}.meta.yaml"
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    meta["title"] = ""
    sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert error_of(raw_copy).endswith(
        "field 'title': document sidecar lacks a key (expected a value, found '')"
    )
