"""The words around a chart: titles from the numbers, subtitles, one-line sources."""

from tradeviz.checks.tolerance import tolerance_for
from tradeviz.text import titles


def _claim(flow, stated, qualifier, measured, year=2020):
    tolerance = tolerance_for(f"{stated:g}", qualifier or "exact")
    return titles.ClaimTest(
        flow=flow,
        year=year,
        stated=stated,
        qualifier=qualifier,
        low=tolerance.low,
        high=tolerance.high,
        measured=measured,
    )


def test_a_contradicted_claim_leads_the_title():
    # 19.82 % is outside 'about 12' (11 to 13); 16.38 % inside 'about 17' (16 to 18)
    claims = [_claim("imports", 17, "about", 16.38), _claim("exports", 12, "about", 19.82)]
    title = titles.share_title("CHN", "KAZ", {"exports": (2022, 15.4)}, claims)
    assert title == "China took 19.8 % of Kazakhstan's exports in 2020, not 'about 12 %'"


def test_a_claim_borne_out_says_so():
    title = titles.share_title("CHN", "KAZ", {}, [_claim("imports", 17, "about", 16.38)])
    assert title == "China took 16.4 % of Kazakhstan's imports in 2020, in line with 'about 17 %'"


def test_an_exact_claim_is_tested_to_its_rounding():
    assert _claim("exports", 20, "", 19.6).holds is True  # 20 printed: 19.5 to 20.5
    assert _claim("exports", 20, "", 19.4).holds is False


def test_without_a_claim_the_title_states_the_latest_shares():
    latest = {"exports": (2022, 15.43), "imports": (2022, 21.88)}
    assert titles.share_title("CHN", "KAZ", latest) == (
        "China took 15.4 % of Kazakhstan's exports and 21.9 % of its imports in 2022"
    )


def test_a_claim_the_data_cannot_test_does_not_make_the_title():
    untested = [_claim("exports", 12, "about", None)]
    assert titles.share_title("CHN", "KAZ", {"exports": (2021, 16.2)}, untested) == (
        "China took 16.2 % of Kazakhstan's exports in 2021"
    )


def test_the_source_line_names_each_producer_once():
    assert titles.source_line(["bns_annual", "bns_monthly", "wits"]) == (
        "Source: Kazakhstan's Bureau of National Statistics; UN Comtrade via WITS"
    )
    assert titles.source_line([]) == ""


def test_quoted_figures_are_labelled_as_quoted():
    assert titles.quoted_label("CHN", "Xinhua") == "China's customs, as quoted by Xinhua"
    assert "GACC" not in titles.quoted_label("CHN")


def test_the_subtitle_gives_measure_unit_whose_and_span():
    assert titles.subtitle("Trade", "US$ bn", "by Kazakhstan's statistics", [2022, 1995, 2000]) == (
        "Trade, US$ bn, by Kazakhstan's statistics, 1995–2022"
    )
