"""Edges of the verdict engine: why a claim is not judged, drafts, statement ids, late vintages,
ranks' leaders, other partners and the days a dated statement allows.

The figures are a few rows written here; each expected sentence is the wording a reader sees.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tradeviz.checks.engine import check_claims, evaluate_claim
from tradeviz.errors import InputError

from .conftest import DATE, claim, claims_frame, dated, figure, make_figures, statement, verdict_of

SHARE = {"measure": "partner_share", "unit": "percent", "scale": 1.0}


def share(value, **fields):
    return figure(**SHARE, value=value, **fields)


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"kind": "target"}, "A target: recorded and shown, never judged."),
        ({"kind": "forecast"}, "A forecast: recorded and shown, never judged."),
        ({"stated_value": ""}, "Worded without a number: not judged."),
        ({"stated_value": None}, "Worded without a number: not judged."),
        ({"qualifier": "roughly"}, "The hedge 'roughly' has no tolerance rule: not judged."),
    ],
)
def test_a_claim_that_is_not_judged_says_why(fields, sentence):
    result = evaluate_claim(make_figures([share(12.0)]), claim(**fields))
    assert (result["verdict"], result["detail"]) == ("unverifiable", "not_judged")
    assert result["explanation"] == sentence


def test_a_fact_is_judged_whether_its_kind_is_given_or_left_empty():
    for kind in ("fact", "", None):
        result = evaluate_claim(make_figures([share(12.0)]), claim(kind=kind))
        assert (result["verdict"], result["detail"]) == ("consistent", "exact"), kind


@pytest.mark.parametrize("measure", ["comparison", "record"])
def test_comparisons_and_records_are_judged_without_a_number(measure):
    result = evaluate_claim(make_figures([share(12.0)]), claim(measure=measure, stated_value=""))
    assert result["detail"] != "not_judged"
    assert "Worded without a number" not in result["explanation"]


def test_a_draft_opens_with_its_review_state():
    result = evaluate_claim(make_figures([share(12.0)]), claim(status="draft"))
    lines = result["explanation"].split("\n")
    assert lines[0] == "Draft: drafted from the text and not yet reviewed."
    assert len(lines) > 1
    reviewed = evaluate_claim(make_figures([share(12.0)]), claim(status="reviewed"))
    assert not reviewed["explanation"].startswith("Draft")


def test_an_inconsistent_claim_ends_with_its_severity():
    result = evaluate_claim(make_figures([share(30.0)]), claim())
    assert result["verdict"] == "inconsistent"
    last = result["explanation"].split("\n")[-1]
    assert last.startswith("Severity: ") and last.endswith(").")


def test_an_unknown_reference_statement_is_named_with_its_claim_and_file():
    figures = make_figures([share(12.0), statement("known", **SHARE, value=12.0)])
    with pytest.raises(InputError) as raised:
        check_claims(figures, claims_frame(claim(reference_statements="known;typo")))
    error = raised.value
    assert error.message == "claim names a statement that is not in the figures"
    assert (error.row, error.field, error.found) == ("claim 'c1'", "reference_statements", "typo")
    assert error.expected == "a statement_id of statements.csv"
    assert error.file == "test.yaml"
    with pytest.raises(InputError) as raised:
        check_claims(figures, claims_frame(claim(origin_statements="x", claims_file="")))
    assert raised.value.file is None


def test_statement_ids_are_not_checked_when_the_figures_hold_no_statements():
    verdicts = check_claims(make_figures([share(12.0)]), claims_frame(claim(origin_statements="x")))
    assert len(verdicts) == 1


def test_the_numeric_columns_of_the_verdicts_are_floats():
    verdicts = check_claims(
        make_figures([share(12.0)]), claims_frame(claim(kind="fact", value_words=""))
    )
    for column in (
        "stated_quantity",
        "scale",
        "reference_value",
        "tolerance_low",
        "tolerance_high",
    ):
        assert str(verdicts[column].dtype) == "float64", column
    assert verdicts.loc[0, "tolerance_low"] == 11.0 and verdicts.loc[0, "tolerance_high"] == 13.0
    assert str(verdicts["period_end"].dtype).startswith("datetime64")
    assert verdicts.loc[0, "period_start"] == pd.Timestamp("2020-01-01")
    assert verdicts.loc[0, "period_end"] == pd.Timestamp("2020-12-31")


def test_a_vintage_released_after_the_document_is_noted():
    result = verdict_of(make_figures([share(12.0, vintage="2022-07-22")]), doc_date="2021-07-20")
    notes = [note for ref in json.loads(result["references"]) for note in ref["notes"]]
    assert "vintage 2022-07-22 postdates the document (2021-07-20)" in notes
    on_time = verdict_of(make_figures([share(12.0, vintage="2021-07-20")]), doc_date="2021-07-20")
    assert not [
        n for r in json.loads(on_time["references"]) for n in r["notes"] if "postdates" in n
    ]
    undated = verdict_of(make_figures([share(12.0, vintage="2022-07-22")]), doc_date=None)
    assert not [
        n for r in json.loads(undated["references"]) for n in r["notes"] if "postdates" in n
    ]


def test_a_period_covered_for_other_partners_only_says_so():
    figures = make_figures(
        [
            share(40.0, partner="RUS"),
            share(30.0, partner="RUS", source="wits"),
            share(9.0, partner="ITA"),
            share(12.0, period_start="2019-01-01", period_end="2019-12-31"),
            # none of these is the claim's measure, reporter, flow, total or period
            share(7.0, partner="KOR", period_start="2018-01-01", period_end="2018-12-31"),
            share(6.0, partner="KOR", flow="imports"),
            share(5.0, partner="KOR", reporter="UZB"),
            share(4.0, partner="KOR", classification="HS4", product_code="2709"),
            figure(partner="KOR", value=3.0),
            # nor are these China's own figures of the claim's measure, flow and total
            figure(value=2.0),
            share(2.0, flow="imports"),
            share(2.0, reporter="UZB"),
            share(2.0, classification="HS4", product_code="2709"),
        ]
    )
    result = verdict_of(figures)
    assert result["verdict"] == "unverifiable"
    assert result["explanation"].split("\n")[-1] == (
        "Within 2020 the tables hold this measure only for other partners: "
        "bns_annual ITA (1 figures); bns_annual RUS (1 figures); wits RUS (1 figures); "
        "none for CHN."
    )
    # not said when the claim names no partner, or when the partner has a figure inside
    no_partner = verdict_of(figures, partner="")
    assert "only for other partners" not in no_partner["explanation"]
    inside = make_figures(
        [share(40.0, partner="RUS"), share(5.0, period_start="2020-03-01", period_end="2020-03-31")]
    )
    assert "only for other partners" not in verdict_of(inside)["explanation"]


def test_a_rank_names_the_three_leaders_and_the_countries_ranked():
    rows = [
        figure(partner="WLD", partner_kind="world", value=100.0),
        figure(partner="RUS", value=30.0),
        figure(partner="CHN", value=25.0),
        figure(partner="ITA", value=20.0),
        figure(partner="KOR", value=15.0),
        figure(partner="NLD", value=10.0),
    ]
    result = verdict_of(
        make_figures(rows),
        measure="partner_rank",
        unit="rank",
        scale=1.0,
        qualifier="exact",
        stated_value="2",
    )
    assert (result["verdict"], result["reference_value"]) == ("consistent", 2.0)
    notes = [n for r in json.loads(result["references"]) for n in r["notes"]]
    ranked = [n for n in notes if n.startswith("ranked over")]
    assert len(ranked) == 1
    assert ranked == [
        "ranked over 5 countries (aggregates excluded): 1. RUS $30 000, 2. CHN $25 000, "
        "3. ITA $20 000"
    ]


def test_a_date_repeated_from_its_origin_is_origin_only():
    figures = make_figures([dated("orig", "2021-06-29")])
    result = verdict_of(
        figures,
        stated_value="2021-06-29",
        origin_statements="orig",
        **DATE,
        period_start="2021-06-29",
        period_end="2021-06-29",
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "origin_only")


def test_a_matching_day_is_exact_and_a_publication_after_the_period_does_not_cap_it():
    figures = make_figures([dated("day", "2021-06-29", vintage="2021-07-01")])
    result = verdict_of(
        figures,
        stated_value="2021-06-29",
        reference_statements="day",
        **DATE,
        period_start="2021-06-29",
        period_end="2021-06-29",
    )
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert "published" not in result["explanation"]
    refs = json.loads(result["references"])
    assert refs[0]["deviation"] == 0.0


def test_a_month_published_on_its_first_day_caps_the_event_to_that_day():
    figures = make_figures([dated("m", "2021-06", vintage="2021-06-01")])
    result = verdict_of(
        figures,
        stated_value="2021-06-01",
        reference_statements="m",
        **DATE,
        period_start="2021-06-01",
        period_end="2021-06-01",
    )
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert (
        "published 2021-06-01: the event it reports happened by then, so the reference is "
        "2021-06-01..2021-06-01"
    ) in result["explanation"]


def test_a_statement_whose_text_is_no_date_falls_back_to_its_period():
    figures = make_figures(
        [
            dated(
                "p",
                "in the summer",
                period_start=pd.Timestamp("2021-06-01"),
                period_end=pd.Timestamp("2021-06-30"),
            )
        ]
    )
    result = verdict_of(
        figures,
        stated_value="2021-06",
        reference_statements="p",
        **DATE,
        period_start="2021-06-01",
        period_end="2021-06-30",
    )
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")


def test_an_uncertain_rank_names_what_the_missing_countries_add_up_to():
    rows = [
        figure(partner="WLD", partner_kind="world", value=100.0),
        figure(partner="RUS", value=30.0),
        figure(partner="CHN", value=25.0),
    ]
    result = verdict_of(
        make_figures(rows),
        measure="partner_rank",
        unit="rank",
        scale=1.0,
        qualifier="exact",
        stated_value="2",
    )
    notes = [n for r in json.loads(result["hints"]) for n in r["notes"]]
    assert (
        "not certain: countries missing from the table add up to $45 000, more than the "
        "partner's value"
    ) in notes


def test_a_rank_is_read_from_every_table_that_lists_the_partner():
    rows = [
        figure(partner="WLD", partner_kind="world", value=100.0, source="wits", vintage="w"),
        figure(partner="RUS", value=60.0, source="wits", vintage="w"),
        figure(partner="ITA", value=35.0, source="wits", vintage="w"),
        figure(partner="WLD", partner_kind="world", value=100.0),
        figure(partner="RUS", value=60.0),
        figure(partner="CHN", value=30.0),
        figure(partner="ITA", value=5.0),
    ]
    result = verdict_of(
        make_figures(rows),
        measure="partner_rank",
        unit="rank",
        scale=1.0,
        qualifier="exact",
        stated_value="2",
    )
    assert (result["verdict"], result["reference_value"]) == ("consistent", 2.0)
    assert result["reference_source"] == "bns_annual"


def test_a_date_is_checked_against_each_listed_statement():
    figures = make_figures([dated("other", "1999-05-05"), dated("relations", "1992-01-03")])
    result = verdict_of(
        figures,
        stated_value="1992-01-03",
        reference_statements="other;relations",
        **DATE,
        period_start="1992-01-03",
        period_end="1992-01-03",
    )
    details = sorted(r["detail"] for r in json.loads(result["references"]))
    assert details == ["beyond_tolerance", "exact"]


DAY = {**DATE, "period_start": "2021-06-29", "period_end": "2021-06-29"}


def test_of_two_date_statements_of_equal_standing_the_later_decides_and_both_sides_are_named():
    figures = make_figures([dated("a", "2021-06-30"), dated("b", "2021-06-29", speaker="x")])
    result = verdict_of(figures, stated_value="2021-06-29", reference_statements="a;b", **DAY)
    assert (result["verdict"], result["detail"]) == ("inconsistent", "beyond_tolerance")
    assert result["reference_value_text"] == "2021-06-30"
    assert result["supporting_perspectives"] == "unattributed"
    assert result["contradicting_perspectives"] == "unattributed"


def test_a_date_statement_without_any_date_is_skipped_not_the_end_of_the_list():
    figures = make_figures(
        [
            dated("vague", "some day", period_start=None, period_end=None),
            dated("day", "2021-06-29"),
        ]
    )
    result = verdict_of(figures, stated_value="2021-06-29", reference_statements="vague;day", **DAY)
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")


def test_a_date_from_its_own_origins_only_names_the_first_origin():
    figures = make_figures([dated("o1", "2021-06-29"), dated("o2", "2021-06-28")])
    result = verdict_of(figures, stated_value="2021-06-29", origin_statements="o1;o2", **DAY)
    assert (result["verdict"], result["detail"]) == ("unverifiable", "origin_only")
    assert result["reference_value_text"] == "2021-06-29"
    hints = json.loads(result["hints"])
    assert len(hints) == 2
    nothing = verdict_of(figures, stated_value="2021-06-29", **DAY)
    assert (nothing["detail"], nothing["reference_value_text"]) == ("no_data", "")
    assert json.loads(nothing["hints"]) == []


def test_no_claims_give_an_empty_table_with_every_verdict_column():
    from tradeviz.checks import vocab

    verdicts = check_claims(make_figures([share(12.0)]), claims_frame())
    assert verdicts.empty
    assert list(verdicts.columns) == list(vocab.VERDICT_COLUMNS)
    assert str(verdicts["tolerance_low"].dtype) == "float64"
    assert str(verdicts["period_start"].dtype).startswith("datetime64")


def test_a_number_given_in_words_is_judged_with_a_tenth_of_itself_as_its_unit():
    figures = make_figures([share(27.0)])
    worded = verdict_of(figures, stated_value="25", value_words="a quarter")
    assert (worded["tolerance_low"], worded["tolerance_high"]) == (22.5, 27.5)
    assert worded["verdict"] == "consistent"
    printed = verdict_of(figures, stated_value="25", value_words="")
    assert (printed["tolerance_low"], printed["tolerance_high"]) == (24.0, 26.0)
    assert printed["verdict"] == "inconsistent"


def test_a_statement_published_on_the_last_day_of_its_month_gets_no_cap_note():
    figures = make_figures([dated("m", "2021-06", vintage="2021-06-30")])
    result = verdict_of(
        figures,
        stated_value="2021-06",
        reference_statements="m",
        **{**DATE, "period_start": "2021-06-01", "period_end": "2021-06-30"},
    )
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert json.loads(result["references"])[0]["notes"] == []
    assert "published" not in result["explanation"]


def test_a_share_claim_is_weighed_against_its_own_subject_only():
    figures = make_figures([share(12.0), share(40.0, partner="RUS"), share(9.0, flow="imports")])
    result = verdict_of(figures)
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert result["reference_value"] == 12.0
    references = json.loads(result["references"])
    assert [(r["value"], r["relation"], r["role"]) for r in references] == [
        (12.0, "match", "direct")
    ]


def test_a_comparison_is_judged_by_each_table_of_the_pair():
    rows = [figure(partner="CHN", value=30.0), figure(partner="RUS", value=20.0)]
    fields = {"measure": "comparison", "stated_value": "", "unit": "USD", "other_partner": "RUS"}
    ahead = verdict_of(make_figures(rows), relation="ahead_of", **fields)
    assert (ahead["verdict"], ahead["detail"]) == ("consistent", "exact")
    assert "CHN $30 000, RUS $20 000 → holds" in ahead["explanation"]  # 30 and 20 thousand
    behind = verdict_of(make_figures(rows), relation="behind", **fields)
    assert (behind["verdict"], behind["detail"]) == ("inconsistent", "beyond_tolerance")


def test_a_record_is_judged_against_the_earlier_periods_of_its_series():
    years = [(2018, 10.0), (2019, 20.0), (2020, 30.0)]
    rows = [figure(value=v, period_start=f"{y}-01-01", period_end=f"{y}-12-31") for y, v in years]
    fields = {"measure": "record", "stated_value": "", "unit": "USD"}
    result = verdict_of(make_figures(rows), **fields)
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert "the highest other period is 2019 $20 000 → holds" in result["explanation"]
    lower = verdict_of(make_figures(rows[:1] + [{**rows[2], "value": 5.0}]), **fields)
    assert (lower["verdict"], lower["detail"]) == ("inconsistent", "beyond_tolerance")


def test_a_products_claim_without_product_figures_is_unverifiable():
    result = verdict_of(
        make_figures([share(12.0)]), measure="main_products", stated_value="", products="crude oil"
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "no_data")
    assert result["explanation"] == (
        "Stated: test claim (2020); named products: crude oil.\n"
        "Unverifiable (no_data): no product-level figures for the period."
    )


def test_other_partners_are_named_for_pair_measures_only():
    def stock(measure, unit):
        rows = [figure(measure=measure, unit=unit, partner="RUS", value=5.0, scale=1.0)]
        return verdict_of(make_figures(rows), measure=measure, unit=unit, stated_value="5")

    # a measure without a subject rule is about a pair, like trade
    fdi = stock("fdi_stock", "USD")
    assert fdi["explanation"].split("\n")[-1] == (
        "Within 2020 the tables hold this measure only for other partners: "
        "bns_annual RUS (1 figures); none for CHN."
    )
    # students are counted per partner: another partner's count says nothing of this one
    students = stock("students", "persons")
    assert "only for other partners" not in students["explanation"]


def test_a_claim_without_an_end_of_period_names_no_other_partners():
    figures = make_figures([share(40.0, partner="RUS")])
    result = verdict_of(figures, period_end=pd.NaT)
    assert result["verdict"] == "unverifiable"
    assert "only for other partners" not in result["explanation"]


def test_date_statements_of_two_sides_are_each_named_on_their_side():
    figures = make_figures(
        [dated("a", "2021-06-30", perspective="CHN"), dated("b", "2021-06-29", perspective="KAZ")]
    )
    result = verdict_of(figures, stated_value="2021-06-29", reference_statements="a;b", **DAY)
    assert result["supporting_perspectives"] == "KAZ"
    assert result["contradicting_perspectives"] == "CHN"


def test_a_date_without_listed_statements_says_how_dates_are_matched():
    sentence = "No reference statement dates this event"
    unlisted = verdict_of(
        make_figures([dated("a", "2021-06-29")]), stated_value="2021-06-29", **DAY
    )
    assert unlisted["detail"] == "no_data" and sentence in unlisted["explanation"]
    # a listed statement the figures do not hold is no data, but the claim did list one
    listed = verdict_of(
        make_figures([dated("a", "2021-06-29")]),
        stated_value="2021-06-29",
        reference_statements="gone",
        **DAY,
    )
    assert listed["detail"] == "no_data" and sentence not in listed["explanation"]


def test_a_statement_with_no_date_and_an_open_period_dates_nothing():
    figures = make_figures(
        [
            dated(
                "p",
                "in the summer",
                vintage="2021-07-01",
                period_start=pd.Timestamp("2021-06-01"),
                period_end=pd.NaT,
            )
        ]
    )
    result = verdict_of(figures, stated_value="2021-06-29", reference_statements="p", **DAY)
    assert (result["verdict"], result["detail"]) == ("unverifiable", "no_data")


def test_a_rank_of_one_year_is_another_period_than_a_claim_over_two():
    listed = [
        figure(partner="WLD", partner_kind="world", value=100.0),
        figure(partner="RUS", value=30.0),
        figure(partner="CHN", value=25.0),
    ]
    rank = {"measure": "partner_rank", "unit": "rank", "scale": 1.0, "qualifier": "exact"}
    years = {"period_start": "2019-01-01", "period_end": "2020-12-31", **rank}
    # 2020's rank is uncertain (45 thousand not listed) and of another period than 2019–2020
    result = verdict_of(make_figures(listed), stated_value="2", **years)
    assert result["verdict"] == "unverifiable"
    assert [r["relation"] for r in json.loads(result["hints"])] == ["other_period"]
    certain = [listed[0] | {"value": 60.0}, *listed[1:]]
    sure = verdict_of(make_figures(certain), stated_value="2", **years)
    assert sure["verdict"] == "unverifiable"
    assert [r["relation"] for r in json.loads(sure["hints"])] == ["other_period"]


def test_a_share_claim_lists_the_other_readings_of_its_share():
    imports = [
        figure(flow="imports", value=12.2),
        figure(flow="imports", partner="WLD", partner_kind="world", value=100.0),
    ]
    result = verdict_of(make_figures([share(12.0), *imports]))
    # 12.2 thousand of 100 thousand: 12.2 %, inside the claim's 11–13 %
    assert result["explanation"].split("\n")[-1] == (
        "Other readings of the share: of imports 12.2 % (bns_annual). "
        "The stated number matches the share of KAZ's imports."
    )


def test_an_investment_claim_lists_wiiw_net_figures_without_weighing_them():
    net = figure(measure="fdi_net_inflow", unit="EUR", value=3.0, scale=1e6, source="wiiw")
    result = verdict_of(
        make_figures([net]), measure="fdi_gross_inflow", unit="USD", stated_value="5", scale=1e6
    )
    assert result["verdict"] == "unverifiable"
    assert result["explanation"].split("\n")[-1] == (
        "wiiw gives KAZ's net FDI from CHN in euros (2020 3 million EUR): net flows, not the "
        "gross inflows officials quote, and in another currency; currencies are never "
        "converted, so these are shown and not compared."
    )


@pytest.mark.parametrize(
    ("revised", "meets"),
    [(14.0, "which the claim no longer meets"), (12.5, "which the claim meets as well")],
)
def test_a_claim_is_judged_on_the_release_current_when_written_and_its_revision_named(
    revised, meets
):
    figures = make_figures(
        [share(12.0, vintage="2021-03-01"), share(revised, vintage="2022-07-22")]
    )
    result = verdict_of(figures, doc_date="2021-07-20")
    assert (result["verdict"], result["reference_value"]) == ("consistent", 12.0)
    assert result["explanation"].split("\n")[-1] == (
        "The claim is consistent with the figures available when written; since revised to "
        f"{revised:g} % (vintage 2022-07-22, unknown release), {meets}."
    )


def test_a_related_measure_or_another_currency_is_shown_and_never_compared():
    ent = {"unit": "enterprises", "scale": 1.0, "flow": "none"}
    operating = make_figures([figure(measure="enterprises_operating", value=12.0, **ent)])
    result = verdict_of(operating, measure="enterprises_registered", stated_value="12", **ent)
    assert (result["verdict"], result["detail"]) == ("unverifiable", "measure_mismatch")
    hints = [(h["relation"], h["detail"], h["supports"]) for h in json.loads(result["hints"])]
    assert hints == [("other_measure", "", None)]
    # the claim repeats a statement in euros: shown as its origin, not weighed against dollars
    euros = statement("o1", value=12.0, measure="trade_value", unit="EUR", scale=1e3)
    quoted = verdict_of(
        make_figures([figure(value=12.0), euros]),
        measure="trade_value",
        unit="USD",
        scale=1e3,
        origin_statements="o1",
    )
    hints = [
        (h["relation"], h["unit"], h["detail"], h["supports"]) for h in json.loads(quoted["hints"])
    ]
    assert hints == [("origin", "EUR", "", None)]


def test_a_revised_value_in_thousands_is_named_in_dollars():
    figures = make_figures(
        [figure(value=12.0, vintage="2021-03-01"), figure(value=14.0, vintage="2022-07-22")]
    )
    money = {"measure": "trade_value", "unit": "USD", "scale": 1e3, "stated_value": "12"}
    result = verdict_of(figures, doc_date="2021-07-20", **money)
    assert result["verdict"] == "consistent"
    # 14 thousand USD: the cell × its scale
    assert "since revised to $14 000 (vintage 2022-07-22" in result["explanation"]


def test_the_partners_record_of_the_same_flow_is_weighed_as_its_mirror():
    mirror = figure(
        reporter="CHN",
        partner="KAZ",
        flow="imports",
        perspective="CHN",
        value=13.0,
        source="china_customs",
        source_org="GACC",
    )
    money = {"measure": "trade_value", "unit": "USD", "scale": 1e3, "stated_value": "12"}
    result = verdict_of(make_figures([figure(value=12.0), mirror]), **money)
    references = json.loads(result["references"])
    assert [(r["perspective"], r["role"]) for r in references] == [
        ("KAZ", "direct"),
        ("CHN", "mirror"),
    ]


def test_of_three_releases_the_one_current_when_written_is_weighed():
    releases = [("2021-01-01", 11.0), ("2021-06-01", 12.0), ("2022-07-22", 14.0)]
    figures = make_figures([share(value, vintage=vintage) for vintage, value in releases])
    result = verdict_of(figures, doc_date="2021-07-20")
    assert (result["verdict"], result["reference_value"]) == ("consistent", 12.0)


def test_the_claims_of_one_check_look_their_figures_up_unchecked_after_one_fingerprint(
    monkeypatch,
):
    from tradeviz.query import memo

    figures = make_figures([share(12.0)])
    checked = []
    fingerprint = memo._fingerprint

    def counted(table):
        checked.append(table is figures)
        return fingerprint(table)

    monkeypatch.setattr(memo, "_fingerprint", counted)
    fact = {"kind": "fact", "value_words": "", "denominator": "", "status": "confirmed"}
    verdicts = check_claims(
        figures, claims_frame(claim(**fact), claim(**fact, claim_id="c2", stated_value="20"))
    )
    assert verdicts["verdict"].tolist() == ["consistent", "inconsistent"]
    assert checked.count(True) == 1  # on entry; every remembered lookup after it trusts it
