"""The grammar of trade claims, one construct at a time, in English and Russian.

Every sentence here is written for the test (none is taken from the documents).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tradeviz.drafting import grammar
from tradeviz.drafting.drafter import draft_claims
from tradeviz.drafting.periods import find_period

JAN_2024 = dt.date(2024, 1, 31)


def only(sentence: str, published: str = "2024-01", language: str = "en") -> dict:
    claims = draft_claims(sentence, published, language)
    assert len(claims) == 1, claims
    return claims[0]


# --- numbers: scale words, currencies, percent, decimal commas --------------------------------
@pytest.mark.parametrize(
    ("sentence", "language", "value", "unit", "scale"),
    [
        ("Exports to Italy reached $4.5bn in 2021.", "en", "4.5", "USD", "1e9"),
        ("Exports to Italy reached 4.5 billion USD in 2021.", "en", "4.5", "USD", "1e9"),
        ("Imports from Turkey were USD 820 million in 2021.", "en", "820", "USD", "1e6"),
        ("Imports from Turkey were $820 mln in 2021.", "en", "820", "USD", "1e6"),
        ("Exports to Germany came to $35 thousand in 2021.", "en", "35", "USD", "1e3"),
        ("Экспорт в Италию в 2021 году составил $4,5 млрд.", "ru", "4.5", "USD", "1e9"),
        ("Импорт из Турции в 2021 году составил 820 млн долл.", "ru", "820", "USD", "1e6"),
        ("Экспорт в Германию в 2021 году составил 35 тыс. долларов.", "ru", "35", "USD", "1e3"),
        ("Russia's share of Kazakh imports was 31.5% in 2021.", "en", "31.5", "percent", "1"),
        (
            "Доля России в импорте Казахстана в 2021 году составила 31,5%.",
            "ru",
            "31.5",
            "percent",
            "1",
        ),
        ("Trade with Russia reached $24,310 million in 2021.", "en", "24310", "USD", "1e6"),
    ],
)
def test_numbers_with_scale_words_currencies_and_decimal_commas(
    sentence, language, value, unit, scale
):
    claim = only(sentence, language=language)
    assert (claim["value"], claim["unit"], claim["scale"]) == (value, unit, scale)


def test_a_year_or_a_bare_number_is_no_claim():
    assert draft_claims("In 2021 the two presidents met 3 times.", "2024-01") == []


# --- hedges ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "language", "qualifier"),
    [
        ("Trade with Uzbekistan reached about $5 bn in 2022.", "en", "about"),
        ("Trade with Uzbekistan exceeded $5 bn in 2022.", "en", "over"),
        ("Trade with Uzbekistan was over $5 bn in 2022.", "en", "over"),
        ("Trade with Uzbekistan was nearly $5 bn in 2022.", "en", "nearly"),
        ("Trade with Uzbekistan came close to $5 bn in 2022.", "en", "nearly"),
        ("Trade with Uzbekistan was just over $5 bn in 2022.", "en", "just_over"),
        ("Trade with Uzbekistan was almost $5 bn in 2022.", "en", "nearly"),
        ("Товарооборот с Узбекистаном в 2022 году составил примерно $5 млрд.", "ru", "about"),
        ("Товарооборот с Узбекистаном в 2022 году составил около $5 млрд.", "ru", "about"),
        ("Товарооборот с Узбекистаном в 2022 году составил более $5 млрд.", "ru", "over"),
        ("Товарооборот с Узбекистаном в 2022 году составил свыше $5 млрд.", "ru", "over"),
        ("Товарооборот с Узбекистаном в 2022 году составил почти $5 млрд.", "ru", "nearly"),
        ("Товарооборот с Узбекистаном в 2022 году составил порядка $5 млрд.", "ru", "about"),
        ("Trade with Uzbekistan reached $5 bn in 2022.", "en", "exact"),
    ],
)
def test_hedges(sentence, language, qualifier):
    assert only(sentence, language=language)["qualifier"] == qualifier


# --- fractions and multiples ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "language", "measure", "value"),
    [
        ("In 2022 Russia took a quarter of Kyrgyz exports.", "en", "partner_share", "25"),
        ("In 2022 Russia took a third of Kyrgyz exports.", "en", "partner_share", "33.3"),
        ("In 2022 Russia took half of Kyrgyz exports.", "en", "partner_share", "50"),
        (
            "В 2022 году на Россию пришлась четверть экспорта Кыргызстана.",
            "ru",
            "partner_share",
            "25",
        ),
        (
            "В 2022 году на Россию пришлась треть экспорта Кыргызстана.",
            "ru",
            "partner_share",
            "33.3",
        ),
        ("Exports of Kyrgyzstan to Russia doubled in 2022.", "en", "growth_yoy", "100"),
        ("Экспорт Кыргызстана в Россию в 2022 году вырос вдвое.", "ru", "growth_yoy", "100"),
        (
            "Exports of Kyrgyzstan to Russia grew one and a half times in 2022.",
            "en",
            "growth_yoy",
            "50",
        ),
    ],
)
def test_fractions_and_multiples_keep_their_words(sentence, language, measure, value):
    claim = only(sentence, language=language)
    assert (claim["measure"], claim["value"]) == (measure, value)
    assert claim["value_words"]


# --- periods --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("in 2022", "2022-01-01", "2022-12-31"),
        ("last year", "2023-01-01", "2023-12-31"),
        ("в прошлом году", "2023-01-01", "2023-12-31"),
        ("the first nine months of 2023", "2023-01-01", "2023-09-30"),
        ("first 10 months of 2023", "2023-01-01", "2023-10-31"),
        ("январь–ноябрь 2022", "2022-01-01", "2022-11-30"),
        ("в январе-мае 2023 г.", "2023-01-01", "2023-05-31"),
        ("January-April 2021", "2021-01-01", "2021-04-30"),
        ("H1 2023", "2023-01-01", "2023-06-30"),
        ("from 2010 to 2020", "2010-01-01", "2020-12-31"),
        ("as of March 2023", "2023-03-01", "2023-03-31"),
        ("за 2021 год", "2021-01-01", "2021-12-31"),
    ],
)
def test_periods_are_resolved_against_the_publication_date(text, start, end):
    period = find_period(text, JAN_2024)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_a_month_span_without_a_year_takes_the_publication_year_and_says_so():
    period = find_period("in January-March trade grew", JAN_2024)
    assert period.end == dt.date(2024, 3, 31)
    assert "publication" in period.reason


def test_a_sentence_without_a_period_carries_the_one_before():
    body = "Trade with Kyrgyzstan reached $3 bn in 2021. Exports made up $1 bn."
    first, second = draft_claims(body, "2022-05")
    assert second["period_start"] == first["period_start"] == "2021-01-01"
    assert any("carried" in reason for reason in second["unresolved"])


# --- flows and measures ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "language", "measure", "flow"),
    [
        ("In 2022 exports to Turkey rose by 12%.", "en", "growth_yoy", "exports"),
        ("In 2022 imports from Turkey grew 12% year on year.", "en", "growth_yoy", "imports"),
        ("In 2022 Turkey's share of trade was 4%.", "en", "partner_share", "turnover"),
        ("В 2022 году товарооборот с Турцией вырос на 12%.", "ru", "growth_yoy", "turnover"),
        ("В 2022 году экспорт в Турцию составил $2 млрд.", "ru", "trade_value", "exports"),
        ("В 2022 году доля Турции в импорте составила 4%.", "ru", "partner_share", "imports"),
        ("In 2022 trade with Turkey increased by $2 bn.", "en", "change_abs", "turnover"),
    ],
)
def test_flows_and_measures(sentence, language, measure, flow):
    claim = only(sentence, language=language)
    assert (claim["measure"], claim["flow"]) == (measure, flow)


def test_a_share_of_total_trade_has_turnover_as_its_denominator():
    claim = only("In 2022 Turkey accounted for 4% of Kazakhstan's total trade.")
    assert claim["denominator"] == "turnover"


def test_ranks_and_comparisons():
    rank = only("In 2022 Italy was Kazakhstan's largest trade partner in Europe.")
    assert (rank["measure"], rank["value"], rank["reporter"], rank["partner"]) == (
        "partner_rank",
        "1",
        "KAZ",
        "ITA",
    )
    second = only("In 2022 Russia was Uzbekistan's second largest partner.")
    assert (second["value"], second["reporter"]) == ("2", "UZB")
    overtook = only("In 2023 China overtook Russia in trade with Kyrgyzstan.")
    assert (overtook["measure"], overtook["relation"]) == ("comparison", "overtook")
    assert (overtook["reporter"], overtook["partner"], overtook["other_partner"]) == (
        "KGZ",
        "CHN",
        "RUS",
    )
    assert only("In 2023 Germany was ahead of Italy in Kazakh trade.")["relation"] == "ahead_of"
    assert only("In 2023 Italy was behind Germany in Kazakh trade.")["relation"] == "behind"
    ru = only("В 2023 году Китай обогнал Россию по товарообороту с Кыргызстаном.", language="ru")
    assert (ru["partner"], ru["other_partner"], ru["relation"]) == ("CHN", "RUS", "overtook")


def test_one_of_the_largest_is_no_rank():
    assert (
        draft_claims("Italy has long been one of the largest partners of Kazakhstan.", "2024") == []
    )


# --- perspective cues -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "language", "perspective"),
    [
        (
            "According to Chinese figures, trade with Kazakhstan reached $30 bn in 2022.",
            "en",
            "CHN",
        ),
        (
            "По данным таможни КНР, товарооборот с Казахстаном в 2022 году составил $30 млрд.",
            "ru",
            "CHN",
        ),
        (
            "Kazakhstan's National Statistics Bureau put trade with China at $24 bn in 2022.",
            "en",
            "KAZ",
        ),
        (
            "По данным Бюро национальной статистики, товарооборот с Китаем в 2022 году "
            "составил $24 млрд.",
            "ru",
            "KAZ",
        ),
        ("BNS data put trade with China at $24 bn in 2022.", "en", "KAZ"),
        ("The ministry of trade put trade with China at $24 bn in 2022.", "en", "KAZ"),
        ("Trade between China and Kazakhstan reached $24 bn in 2022.", "en", "unspecified"),
    ],
)
def test_perspective_cues(sentence, language, perspective):
    claim = only(sentence, language=language)
    assert claim["perspective"] == perspective
    assert (claim["perspective_cue"] is None) == (perspective == "unspecified")


def test_china_s_figures_for_bilateral_turnover_are_read_from_china_s_side():
    claim = only("According to Chinese figures, trade with Kazakhstan reached $30 bn in 2022.")
    assert (claim["reporter"], claim["partner"]) == ("CHN", "KAZ")


# --- targets and forecasts ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "language", "kind"),
    [
        ("The two countries plan to raise trade to $10 bn by 2030.", "en", "target"),
        (
            "Товарооборот с Узбекистаном планируется довести до $10 млрд к 2030 году.",
            "ru",
            "target",
        ),
        ("Trade with Uzbekistan may become a record this year.", "en", "forecast"),
        ("Товарооборот с Узбекистаном в этом году может стать рекордным.", "ru", "forecast"),
    ],
)
def test_targets_and_forecasts(sentence, language, kind):
    assert only(sentence, language=language)["kind"] == kind


def test_a_target_year_is_the_period():
    claim = only("The two countries plan to raise trade to $10 bn by 2030.")
    assert (claim["period_start"], claim["period_end"]) == ("2030-01-01", "2030-12-31")


# --- countries and demonyms -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Beijing and Astana", ["CHN", "KAZ"]),
        ("Chinese and Kazakh officials", ["CHN", "KAZ"]),
        ("между КНР и РК", ["CHN", "KAZ"]),
        ("Китай и Казахстан", ["CHN", "KAZ"]),
        ("российские и узбекские компании", ["RUS", "UZB"]),
        ("Kyrgyzstan, Tajikistan and Turkmenistan", ["KGZ", "TJK", "TKM"]),
        ("Give us the figures", []),
    ],
)
def test_countries_and_demonyms_in_both_languages(text, codes):
    assert [code for _, code in grammar.countries(text)] == codes


# --- offsets -------------------------------------------------------------------------------
def test_every_draft_s_offsets_read_as_its_excerpt():
    body = (
        "Intro line.\nIn the first half of 2023 exports to China rose by 14%, to $7.1 bn. "
        "Китай обогнал Россию по товарообороту с Узбекистаном в 2023 году."
    )
    claims = draft_claims(body, "2023-08")
    assert len(claims) == 3
    for claim in claims:
        start, end = claim["offsets"]
        assert body[start:end] == claim["excerpt"]
