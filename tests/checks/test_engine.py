"""The verdict engine on small figures tables: every verdict and detail, tiers, perspectives."""

import json

import pytest

from tradeviz import schema as s
from tradeviz.checks import vocab
from tradeviz.checks.engine import check_claims
from tradeviz.vocabulary import VERDICTS

from .conftest import DATE, claim, claims_frame, dated, figure, make_figures, statement, verdict_of

SHARE = {"measure": "partner_share", "unit": "percent", "scale": 1.0}


def share(value, **fields):
    return figure(**SHARE, value=value, **fields)


@pytest.mark.parametrize(
    ("reference", "qualifier", "verdict", "detail"),
    [
        (12.0, "about", "consistent", "exact"),
        (12.3, "about", "consistent", "within_rounding"),
        (12.9, "about", "consistent", "within_tolerance"),
        (13.0, "about", "consistent", "within_tolerance"),
        (13.1, "about", "inconsistent", "beyond_tolerance"),
        (12.6, "exact", "inconsistent", "beyond_tolerance"),
    ],
)
def test_numbers_against_the_tolerance(reference, qualifier, verdict, detail):
    result = verdict_of(make_figures([share(reference)]), qualifier=qualifier)
    assert (result["verdict"], result["detail"]) == (verdict, detail)
    assert result["reference_value"] == reference
    assert result["deviation"] == pytest.approx(reference - 12.0)
    assert result["tolerance_low"] == (11.0 if qualifier == "about" else 11.5)
    assert "±" in result["tolerance"]


def test_exceeded_needs_the_reference_at_or_above_the_stated_value():
    turnover = {"measure": "trade_value", "flow": "turnover", "unit": "USD", "scale": 1e9}
    figures = make_figures([figure(flow="turnover", value=4.99e6)])  # $4.99 bn in thousand USD
    result = verdict_of(figures, stated_value="5", qualifier="over", **turnover)
    assert (result["verdict"], result["detail"]) == ("inconsistent", "beyond_tolerance")
    figures = make_figures([figure(flow="turnover", value=5.2e6)])
    result = verdict_of(figures, stated_value="5", qualifier="over", **turnover)
    assert (result["verdict"], result["detail"]) == ("consistent", "within_rounding")
    assert result["tolerance"].startswith("'more than'")


def test_statistics_outrank_statements_and_press():
    figures = make_figures(
        [
            share(19.8),
            statement("press-share", **SHARE, value=12.0, perspective="KAZ"),
            statement(
                "minister-share",
                **SHARE,
                value=12.1,
                perspective="KAZ",
                source_tier="official_statement",
            ),
        ]
    )
    result = verdict_of(figures)
    assert (result["verdict"], result["reference_source"]) == ("inconsistent", "bns_annual")
    assert result["reference_tier"] == "official_statistics"
    weighed = json.loads(result["references"])
    assert {r["tier"] for r in weighed} == {"official_statistics", "official_statement", "press"}


def test_a_statement_decides_when_no_table_covers_the_period():
    figures = make_figures(
        [
            statement(
                "minister-share",
                **SHARE,
                value=12.2,
                perspective="KAZ",
                source_tier="official_statement",
            )
        ]
    )
    result = verdict_of(figures)
    assert (result["verdict"], result["detail"]) == ("consistent", "within_rounding")
    assert result["reference_tier"] == "official_statement"


TURNOVER = {"measure": "trade_value", "flow": "exports", "unit": "USD", "scale": 1e9}


def mirror_pair(kaz_value, chn_value):
    """KAZ-reported exports to CHN and China's record of the same flow (its imports from KAZ)."""
    return make_figures(
        [
            figure(value=kaz_value * 1e6),
            statement(
                "gacc-imports",
                reporter="CHN",
                partner="KAZ",
                flow="imports",
                value=chn_value,
                scale=1e9,
                perspective="CHN",
                source_tier="official_statement",
            ),
        ]
    )


def test_a_claim_naming_kazakhstan_is_judged_on_kazakhstan_figures_only():
    result = verdict_of(
        mirror_pair(9.4, 11.3),
        stated_value="11.3",
        qualifier="exact",
        stated_perspective="KAZ",
        **TURNOVER,
    )
    assert (result["verdict"], result["detail"]) == ("inconsistent", "other_perspective_only")
    assert result["reference_perspective"] == "KAZ"
    assert result["supporting_perspectives"] == "CHN"
    assert "only the other side" in result["explanation"]


def test_a_claim_naming_china_without_a_china_figure_is_unverifiable():
    figures = make_figures([figure(value=11.3e6)])
    result = verdict_of(
        figures, stated_value="11.3", qualifier="exact", stated_perspective="CHN", **TURNOVER
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "other_perspective_only")


def test_perspectives_are_never_averaged():
    # 9.4 and 11.3 average to 10.35: a claim of "10.4" must not be supported by either side
    result = verdict_of(mirror_pair(9.4, 11.3), stated_value="10.4", qualifier="exact", **TURNOVER)
    assert result["verdict"] == "inconsistent"
    assert result["reference_value"] in (9.4e9, 11.3e9)
    assert set(result["contradicting_perspectives"].split(";")) == {"CHN", "KAZ"}


def test_the_other_side_of_an_unspecified_claim_is_said_to_disagree():
    result = verdict_of(mirror_pair(9.4, 11.3), stated_value="9.4", qualifier="exact", **TURNOVER)
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert result["contradicting_perspectives"] == "CHN"
    assert "the CHN side's figure does not" in result["explanation"]


def test_other_periods_give_period_mismatch_and_the_hint_lists_where_the_value_holds():
    figures = make_figures(
        [
            share(11.9, period_start="2017-01-01", period_end="2017-12-31"),
            share(19.8, period_start="2021-01-01", period_end="2021-12-31"),
        ]
    )
    result = verdict_of(figures)
    assert (result["verdict"], result["detail"]) == ("unverifiable", "period_mismatch")
    assert "holds for other periods: 2017 11.9 %" in result["explanation"]
    hints = json.loads(result["hints"])
    assert {h["relation"] for h in hints} == {"other_period"}


def test_another_unit_in_the_same_period_is_a_unit_mismatch():
    transit = {"measure": "transit_containers", "flow": "transit", "partner": "", "scale": 1e3}
    figures = make_figures(
        [
            statement(
                "teu-2020",
                **transit,
                reporter="KAZ",
                value=876,
                unit="TEU",
                perspective="KAZ",
                source_tier="official_statement",
            )
        ]
    )
    result = verdict_of(figures, stated_value="900", unit="containers", **transit)
    assert (result["verdict"], result["detail"]) == ("unverifiable", "unit_mismatch")
    assert result["reference_unit"] == "TEU"
    assert result["deviation"] != result["deviation"]  # NaN: units are not compared


def test_a_related_measure_is_a_measure_mismatch():
    fields = {"flow": "none", "unit": "enterprises", "scale": 1.0}
    figures = make_figures(
        [
            statement(
                "operating",
                measure="enterprises_operating",
                value=2700,
                **fields,
                period_start="2021-06-01",
                period_end="2021-06-01",
            )
        ]
    )
    result = verdict_of(
        figures,
        measure="enterprises_registered",
        stated_value="2.7",
        scale=1e3,
        qualifier="over",
        period_start="2021-06-01",
        period_end="2021-06-30",
        flow="none",
        unit="enterprises",
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "measure_mismatch")


def test_a_claim_that_repeats_its_origin_is_not_verified_by_it():
    figures = make_figures(
        [
            statement(
                "speaker-2021",
                flow="turnover",
                value=5,
                scale=1e9,
                period_start="2021-01-01",
                period_end="2021-04-30",
                freq="YTD",
            )
        ]
    )
    fields = dict(
        measure="trade_value",
        flow="turnover",
        unit="USD",
        scale=1e9,
        stated_value="5",
        qualifier="over",
        period_start="2021-01-01",
        period_end="2021-04-30",
    )
    result = verdict_of(figures, origin_statements="speaker-2021", **fields)
    assert (result["verdict"], result["detail"]) == ("unverifiable", "origin_only")
    assert "not independent evidence" in result["explanation"]
    # the same statement, not named as the origin, is evidence
    result = verdict_of(figures, **fields)
    assert result["verdict"] == "consistent"


def test_undated_statements_only_give_statement_only_with_the_arithmetic():
    fields = {"measure": "students", "flow": "none", "unit": "persons", "scale": 1.0}
    figures = make_figures(
        [
            statement(
                "ambassador",
                **fields,
                value=14000,
                qualifier="about",
                period_start=None,
                period_end=None,
                perspective="CHN",
                source_tier="official_statement",
            )
        ]
    )
    result = verdict_of(
        figures,
        stated_value="14",
        scale=1e3,
        qualifier="over",
        period_start="2021-06-01",
        period_end="2021-06-30",
        measure="students",
        flow="none",
        unit="persons",
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "statement_only")
    assert result["deviation"] == 0.0
    assert "within_tolerance" in result["explanation"]


def test_no_figure_at_all_is_no_data():
    result = verdict_of(make_figures([share(19.8, partner="RUS")]))
    assert (result["verdict"], result["detail"]) == ("unverifiable", "no_data")
    assert result["reference_source"] == ""


def test_the_vintage_current_at_the_document_date_is_used():
    figures = make_figures([share(12.4, vintage="2021-03-01"), share(19.8, vintage="2022-07-22")])
    result = verdict_of(figures)
    assert (result["verdict"], result["reference_value"]) == ("consistent", 12.4)
    assert "since revised to 19.8 % (vintage 2022-07-22" in result["explanation"]
    assert result["revised_value"] == 19.8


def rank_table(aggregate_value=50.0):
    rows = [
        figure(partner="WLD", partner_kind="world", value=100.0),
        figure(partner="EAEU", partner_kind="aggregate", value=aggregate_value),
        figure(partner="RUS", value=30.0),
        figure(partner="CHN", value=25.0),
        figure(partner="ITA", value=20.0),
        figure(partner="KOR", value=25.0 - 1e-6),
    ]
    return make_figures(rows)


RANK = {"measure": "partner_rank", "unit": "rank", "scale": 1.0, "qualifier": "exact"}


def test_ranks_are_over_countries_only_never_aggregates():
    result = verdict_of(rank_table(aggregate_value=50.0), stated_value="2", **RANK)
    assert (result["verdict"], result["detail"]) == ("consistent", "exact")
    assert "aggregates excluded" in result["explanation"]
    result = verdict_of(rank_table(), stated_value="3", **RANK)
    assert result["verdict"] == "inconsistent"


def test_a_rank_from_an_incomplete_partner_list_is_not_evidence():
    rows = [
        figure(partner="WLD", partner_kind="world", value=100.0),
        figure(partner="RUS", value=30.0),
        figure(partner="CHN", value=25.0),
    ]  # 45 unlisted: another country could outrank China
    result = verdict_of(make_figures(rows), stated_value="2", **RANK)
    assert result["verdict"] == "unverifiable"
    assert "not certain" in result["explanation"]


def test_event_dates_match_only_the_listed_statements():
    figures = make_figures([dated("relations", "1992-01-03")])
    result = verdict_of(
        figures,
        stated_value="1992",
        reference_statements="relations",
        **DATE,
        period_start="1992-01-01",
        period_end="1992-12-31",
    )
    assert (result["verdict"], result["detail"]) == ("consistent", "within_rounding")
    result = verdict_of(
        figures, stated_value="1992", **DATE, period_start="1992-01-01", period_end="1992-12-31"
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "no_data")


def test_a_month_cannot_confirm_a_day_but_publication_caps_it():
    figures = make_figures([dated("month", "2021-06")])
    result = verdict_of(
        figures,
        stated_value="2021-06-29",
        reference_statements="month",
        **DATE,
        period_start="2021-06-29",
        period_end="2021-06-29",
    )
    assert (result["verdict"], result["detail"]) == ("unverifiable", "imprecise_reference")
    figures = make_figures([dated("month", "2021-06", vintage="2021-06-15")])
    result = verdict_of(
        figures,
        stated_value="2021-06-29",
        reference_statements="month",
        **DATE,
        period_start="2021-06-29",
        period_end="2021-06-29",
    )
    assert (result["verdict"], result["detail"]) == ("inconsistent", "beyond_tolerance")
    assert "published 2021-06-15" in result["explanation"]


def test_check_claims_returns_one_row_per_claim_with_the_contract_columns():
    claims = claims_frame(claim(claim_id="a"), claim(claim_id="b", partner="RUS"))
    verdicts = check_claims(make_figures([share(12.0)]), claims)
    assert list(verdicts.columns) == list(vocab.VERDICT_COLUMNS)
    assert list(verdicts["claim_id"]) == ["a", "b"]
    assert set(verdicts["verdict"]) <= set(VERDICTS)
    assert set(verdicts["detail"]) <= set(vocab.DETAILS)
    assert str(verdicts["period_start"].dtype).startswith("datetime64")


def test_every_detail_is_defined_in_one_line():
    for name, definition in vocab.DETAILS.items():
        assert definition and "\n" not in definition, name
    required = {
        "exact",
        "within_rounding",
        "within_tolerance",
        "other_perspective_only",
        "period_mismatch",
        "unit_mismatch",
        "measure_mismatch",
        "beyond_tolerance",
        "statement_only",
        "origin_only",
        "no_data",
    }
    assert required <= set(vocab.DETAILS)


def test_figures_from_product_lines_are_never_a_claims_total():
    figures = make_figures(
        [figure(classification="HS4", product_code="2709", value=12.0e6, measure="trade_value")]
    )
    result = verdict_of(figures, stated_value="12", qualifier="exact", **TURNOVER)
    assert result["detail"] == "no_data"
    assert s.TOTAL_CODE == "TOTAL"


def test_an_unknown_origin_statement_id_is_bad_input():
    from tradeviz.errors import InputError

    figures = make_figures([share(12.0), statement("known", **SHARE, value=12.0)])
    claims = claims_frame(claim(origin_statements="knwon"))
    with pytest.raises(InputError, match="field 'origin_statements'.*found 'knwon'"):
        check_claims(figures, claims)
