"""Verdicts the engine computes from the tables: growth, shares from parts, order, records,
as-of releases, hedges, severity. Every expected number is recomputed here from the raw cells
or from the figures by other arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeviz import schema as s
from tradeviz.checks.tolerance import tolerance_for

from .conftest import PROJECT_ROOT, claim, verdict_of

ERI = PROJECT_ROOT / "data" / "raw" / "eri"
TURNOVER_JAN_APR = ERI / "eri_trade_turnover_by_country_kazakhstan_jan-apr2023.xlsx"
TURNOVER_JAN_JUL = ERI / "eri_trade_turnover_by_country_kazakhstan_jan-jul2023.xlsx"
#: The ERI tables' columns (1-based): 2021, 2022, the 2022 index, the year-to-date index.
COL_2021, COL_2022, COL_2022_INDEX, COL_YTD_INDEX = 6, 7, 8, 11
GROWTH = {"measure": "growth_yoy", "unit": "percent", "scale": 1.0, "flow": "turnover"}
YEAR_2022 = {"period_start": "2022-01-01", "period_end": "2022-12-31"}
JAN_SEP_2023 = {"period_start": "2023-01-01", "period_end": "2023-09-30"}


def eri_cell(path: Path, partner: str, column: int) -> float:
    """Read one number of an ERI table's partner row, as printed ("24 204", "134,5")."""
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(path, read_only=True)["Sheet1"]
    for row in sheet.iter_rows(values_only=True):
        if row[1] == partner:
            return float(str(row[column - 1]).replace(" ", "").replace(",", "."))
    raise AssertionError(f"{partner} not in {path.name}")


#: The repository's UN Comtrade downloads, by flow.
COMTRADE_DOWNLOADS = {
    "exports": "reporters_exports_to_china_2014_2025.xlsx",
    "imports": "reporters_imports_from_china_2014_2025.xlsx",
}


def one_value(figures, **match) -> float:
    rows = figures
    for key, value in match.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, match
    return float(rows[s.VALUE].iloc[0]) * float(rows[s.SCALE].iloc[0])


def eri_jan_sep(figures, partner: str, flow: str) -> float:
    return one_value(
        figures,
        **{s.SOURCE: "eri", s.PARTNER: partner, s.FLOW: flow, s.MEASURE: "trade_value"},
        **{s.PERIOD_START: "2023-01-01", s.PERIOD_END: "2023-09-30"},
    )


# --- growth and as-of releases ------------------------------------------------------------------
def test_2022_growth_is_judged_on_the_preliminary_release_and_the_revision_is_said(figures):
    stated_index = eri_cell(TURNOVER_JAN_APR, "Китай", COL_2022_INDEX)  # preliminary
    final_index = eri_cell(TURNOVER_JAN_JUL, "Китай", COL_2022_INDEX)
    levels = eri_cell(TURNOVER_JAN_APR, "Китай", COL_2022) / eri_cell(
        TURNOVER_JAN_APR, "Китай", COL_2021
    )
    assert round((levels - 1) * 100, 1) == round(stated_index - 100, 1)
    row = verdict_of(
        figures,
        **GROWTH,
        **YEAR_2022,
        stated_value=f"{stated_index - 100:.1f}",
        qualifier="exact",
        doc_date="2023-01-20",
    )
    assert row["verdict"] == "consistent"
    assert (row["reference_source"], row["reference_release"]) == ("eri", "preliminary")
    assert row["reference_value"] == pytest.approx(stated_index - 100)
    assert row["revised_value"] == pytest.approx(final_index - 100)
    assert "No release in the data is known to predate the document" in row["explanation"]
    assert f"since revised to {final_index - 100:g} %" in row["explanation"]
    # the growth the same table's levels imply is weighed too
    assert f"{(levels - 1) * 100:.2f} %" in row["explanation"]


def test_year_to_date_growth_comes_from_the_stated_index(figures):
    index = eri_cell(TURNOVER_JAN_APR, "Китай", COL_YTD_INDEX)
    period = {"period_start": "2023-01-01", "period_end": "2023-04-30"}
    exact = verdict_of(
        figures, **GROWTH, **period, stated_value=f"{index - 100:.1f}", qualifier="exact"
    )
    assert (exact["verdict"], exact["detail"]) == ("consistent", "exact")
    # "just over 20 %" is (20, 21]: it does not accept the table's growth
    hedged = verdict_of(figures, **GROWTH, **period, stated_value="20", qualifier="just_over")
    assert index - 100 > 21 and hedged["verdict"] == "inconsistent"


def test_a_fall_stated_for_a_rise_is_a_gross_error(figures):
    index = eri_cell(TURNOVER_JAN_APR, "Китай", COL_2022_INDEX)
    assert index > 100
    row = verdict_of(figures, **GROWTH, **YEAR_2022, stated_value="-10", qualifier="exact")
    assert (row["verdict"], row["severity"]) == ("inconsistent", "gross")
    assert "wrong direction" in row["explanation"]


# --- shares with a denominator, from parts ----------------------------------------------------
def test_share_of_total_trade_is_computed_from_part_and_whole(figures):
    share = 100 * eri_jan_sep(figures, "CHN", "turnover") / eri_jan_sep(figures, "WLD", "turnover")
    row = verdict_of(
        figures,
        **JAN_SEP_2023,
        flow="turnover",
        denominator="turnover",
        stated_value=f"{share:.1f}",
        qualifier="exact",
        stated_perspective="KAZ",
        doc_date="2024-02-29",
    )
    assert row["verdict"] == "consistent" and row["reference_value"] == pytest.approx(share)


def test_a_share_says_which_other_reading_it_matches(figures):
    imports_share = (
        100 * eri_jan_sep(figures, "CHN", "imports") / eri_jan_sep(figures, "WLD", "imports")
    )
    row = verdict_of(
        figures,
        **JAN_SEP_2023,
        flow="turnover",
        denominator="turnover",
        stated_value=f"{imports_share:.1f}",
        qualifier="exact",
        doc_date="2024-02-29",
    )
    assert row["verdict"] == "inconsistent" and row["severity"] == "magnitude"
    assert "The stated number matches the share of KAZ's imports" in row["explanation"]


# --- comparisons and records ------------------------------------------------------------------
def test_overtook_holds_in_the_jan_sep_2023_table_and_ahead_of_fails_for_2022(figures):
    china, russia = eri_jan_sep(figures, "CHN", "turnover"), eri_jan_sep(figures, "RUS", "turnover")
    assert china > russia
    common = {"measure": "comparison", "other_partner": "RUS", "flow": "turnover"}
    common.update(unit="rank", stated_value="1", qualifier="exact", doc_date="2024-02-29")
    overtook = verdict_of(figures, **common, **JAN_SEP_2023, relation="overtook")
    assert overtook["verdict"] == "consistent"
    assert overtook["reference_value"] == pytest.approx(china - russia)
    bns_2022 = {s.SOURCE: "bns_annual", s.FLOW: "turnover", s.MEASURE: "trade_value"}
    bns_2022.update({s.PERIOD_START: "2022-01-01", s.VINTAGE: "2023-07-28"})
    assert one_value(figures, **bns_2022, partner="CHN") < one_value(
        figures, **bns_2022, partner="RUS"
    )
    ahead = verdict_of(figures, **common, **YEAR_2022, relation="ahead_of")
    assert (ahead["verdict"], ahead["severity"]) == ("inconsistent", "gross")


def test_2022_is_the_record_of_the_kazakh_tables(figures):
    bns = figures[
        (figures[s.SOURCE] == "bns_annual")
        & (figures[s.PARTNER] == "CHN")
        & (figures[s.FLOW] == "turnover")
        & (figures[s.MEASURE] == "trade_value")
    ]
    by_year = bns.groupby(bns[s.PERIOD_START].dt.year)[s.VALUE].max()
    assert by_year.idxmax() == 2022
    row = verdict_of(
        figures,
        measure="record",
        flow="turnover",
        **YEAR_2022,
        unit="rank",
        stated_value="1",
        qualifier="exact",
        doc_date="2023-01-31",
    )
    assert row["verdict"] == "consistent"


# --- kinds, drafts, labelled set ------------------------------------------------------------------
def test_targets_are_shown_never_judged(figures):
    row = verdict_of(figures, kind="target", measure="trade_value", unit="USD", scale=1e9)
    assert (row["verdict"], row["detail"], row["claim_kind"]) == (
        "unverifiable",
        "not_judged",
        "target",
    )
    assert "never judged" in row["explanation"]


def test_drafts_are_checked_and_said_to_be_drafts(figures):
    confirmed = verdict_of(figures)
    draft = verdict_of(figures, status="draft")
    assert draft["verdict"] == confirmed["verdict"] and draft["claim_status"] == "draft"
    assert draft["explanation"].startswith("Draft: ")
    assert not confirmed["explanation"].startswith("Draft: ")


def test_claimreview_has_one_review_per_judged_confirmed_claim(real_results):
    from tradeviz.checks.claimreview import RATING_WORDS, claim_reviews
    from tradeviz.checks.claims import load_documents

    verdicts = real_results.verdicts
    reviews = claim_reviews(verdicts, load_documents())
    judged = verdicts[(verdicts["claim_status"] != "draft") & (verdicts["detail"] != "not_judged")]
    assert len(reviews) == len(judged)
    for review, row in zip(reviews, judged.to_dict("records"), strict=True):
        assert review["@type"] == "ClaimReview" and review["claimReviewed"] == row["excerpt"]
        assert review["reviewRating"]["alternateName"] == RATING_WORDS[row["verdict"]]
        assert review["itemReviewed"]["@type"] == "Claim"


def test_verdicts_agree_with_the_labelled_set(real_results):
    from tradeviz.checks.labelled import load_labels, verdict_agreement

    labels = load_labels()
    agreement = verdict_agreement(real_results.verdicts, labels)
    assert agreement.compared == sum(
        (doc, cid) in labels
        for doc, cid in zip(
            real_results.verdicts["document"], real_results.verdicts["claim_id"], strict=True
        )
    )
    assert agreement.compared and agreement.rate >= 0.9, agreement.disagreements


# --- hedges -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "qualifier", "scale", "words", "inside", "outside"),
    [
        ("5", "just_over", None, None, 5.4, 9.0),
        ("5", "just_over", None, None, 6.0, 5.0),
        ("25", "about", None, "a quarter", 27.0, 31.0),
        ("25", "exact", None, "a quarter", 26.0, 27.0),
        ("20", "nearly", "1e9", None, 19.5e9, 26e9),
        ("100", "nearly", None, "doubled", 95.0, 101.0),
    ],
)
def test_hedges(value, qualifier, scale, words, inside, outside):
    tolerance = tolerance_for(value, qualifier, scale, words=words)
    assert tolerance.contains(inside) and not tolerance.contains(outside)


def test_a_claim_without_v2_fields_reads_as_a_confirmed_fact(figures):
    row = verdict_of(figures, **{k: v for k, v in claim().items() if k != "kind"})
    assert (row["claim_status"], row["claim_kind"]) == ("confirmed", "fact")


def test_a_month_of_publication_counts_as_its_last_day(figures):
    # ERI's January–September 2023 bulletin is dated 2023-11-20: released by "2023-11"
    # (30 November), not by a document of 2023-11-19.
    month = verdict_of(figures, **JAN_SEP_2023, flow="turnover", doc_date="2023-11")
    day_before = verdict_of(figures, **JAN_SEP_2023, flow="turnover", doc_date="2023-11-19")
    assert month["reference_source"] == "eri"
    assert "postdates the document" not in month["explanation"]
    assert "postdates the document (2023-11-19)" in day_before["explanation"]


def test_turnover_is_a_tables_exports_plus_imports_where_it_states_none(figures):
    # Kazakhstan's 2023 declaration to Comtrade states exports and imports, no turnover
    # read from the repository's two downloads by name: a user may add another download
    declared = {s.SOURCE: "comtrade", s.REPORTER: "KAZ", s.PARTNER: "CHN"}
    declared.update({s.MEASURE: "trade_value", s.PERIOD_START: "2023-01-01"})
    total = sum(
        one_value(figures, **declared, flow=flow, source_file=f"data/raw/comtrade/{name}")
        for flow, name in COMTRADE_DOWNLOADS.items()
    )
    row = verdict_of(
        figures,
        measure="trade_value",
        unit="USD",
        scale=1e9,
        flow="turnover",
        period_start="2023-01-01",
        period_end="2023-12-31",
        stated_value=f"{total / 1e9:.1f}",
        qualifier="exact",
        stated_perspective="KAZ",
        doc_date="2024-12-31",
    )
    assert row["verdict"] == "consistent" and row["reference_value"] == pytest.approx(total)


def test_a_statement_quoted_from_the_document_itself_is_its_origin(figures):
    quoted = figures[figures[s.RECORD_ID] == "gacc-2022-turnover"]
    url = quoted[s.SOURCE_URL].iloc[0]
    value = float(quoted[s.VALUE].iloc[0] * quoted[s.SCALE].iloc[0])
    common = {"measure": "trade_value", "unit": "USD", "scale": 1e9, "flow": "turnover"}
    common.update(YEAR_2022, stated_value=f"{value / 1e9:g}", qualifier="exact")
    common.update(stated_perspective="CHN", doc_date="2023-01-20")
    elsewhere = verdict_of(figures, **common, doc_url="https://example.org/other")
    itself = verdict_of(figures, **common, doc_url=url.replace("https://www.", "http://"))
    assert elsewhere["verdict"] == "consistent"
    # only Kazakhstan's tables are left, and the claim names China's figures
    assert (itself["verdict"], itself["detail"]) == ("unverifiable", "other_perspective_only")
    origins = [h for h in json.loads(itself["hints"]) if h["relation"] == "origin"]
    assert [h["record_id"] for h in origins] == ["gacc-2022-turnover"]


def test_a_product_group_claim_is_never_judged_on_the_total(figures):
    growth = {**GROWTH, "flow": "exports"}
    total = verdict_of(figures, **growth, **YEAR_2022, stated_value="10", qualifier="exact")
    assert total["verdict"] == "inconsistent"  # the total's growth is weighed for a total
    row = verdict_of(figures, **growth, **YEAR_2022, stated_value="10", products="01;02")
    assert (row["verdict"], row["detail"]) == ("unverifiable", "no_data")


def test_other_partners_only_is_said_only_when_the_partner_has_no_figure_inside(figures):
    # ERI's January–September 2023 table has China inside January–October 2023
    assert eri_jan_sep(figures, "CHN", "turnover") > 0
    row = verdict_of(
        figures,
        measure="trade_value",
        unit="USD",
        scale=1e9,
        flow="turnover",
        period_start="2023-01-01",
        period_end="2023-10-31",
        stated_value="24.3",
        qualifier="exact",
    )
    assert "2023-01..2023-09" in row["explanation"]  # listed as another period
    assert "only for other partners" not in row["explanation"]
