"""Sentences generated from numbers: wording, rounding, perspective and no HTML."""

from __future__ import annotations

import doctest
import math

import pytest

from tradeviz.text import names, numbers
from tradeviz.text import sentences as n


def test_share_sentence_names_perspective_source_vintage_and_change():
    text = n.share_sentence(
        reporter="KAZ",
        partner="CHN",
        flow="exports",
        year=2020,
        share_pct=19.83,
        perspective="KAZ",
        source_label="BNS",
        vintage="2021-07-28",
        previous_year=2019,
        previous_share_pct=13.79,
    )
    assert text == (
        "China took 19.8 % of Kazakhstan's exports in 2020 by Kazakhstan's statistics "
        "(BNS, 2021-07-28 vintage), up from 13.8 % in 2019."
    )


@pytest.mark.parametrize(
    ("flow", "verb"), [("exports", "took"), ("imports", "supplied"), ("turnover", "accounted for")]
)
def test_share_sentence_verb_follows_the_flow(flow, verb):
    text = n.share_sentence(
        reporter="KAZ", partner="RUS", flow=flow, year=2021, share_pct=10.0, perspective="KAZ"
    )
    assert text.startswith(f"Russia {verb} 10.0 % of Kazakhstan's ")
    assert text.endswith("by Kazakhstan's statistics.")


def test_share_sentence_down_unchanged_and_missing_previous():
    common = dict(reporter="KAZ", partner="CHN", flow="imports", year=2020, perspective="KAZ")
    assert "down from 20.0 % in 2019" in n.share_sentence(
        share_pct=15.0, previous_year=2019, previous_share_pct=20.0, **common
    )
    # equal once printed: never "up" or "down"
    assert "unchanged from 2019" in n.share_sentence(
        share_pct=15.04, previous_year=2019, previous_share_pct=14.96, **common
    )
    for missing in (None, math.nan):
        text = n.share_sentence(
            share_pct=15.0, previous_year=2019, previous_share_pct=missing, **common
        )
        assert "from" not in text


def test_unattributed_perspective_is_said_not_guessed():
    text = n.perspective_phrase("unattributed", "press")
    assert text == "by a source that names no side (press)"


def test_money_has_no_dollar_sign_and_scales():
    assert numbers.format_money(13.98e9) == "USD 14.0 bn"
    assert numbers.format_money(1.5e12) == "USD 1.5 tn"
    assert numbers.format_money(999.0) == "USD 999"
    assert "$" not in n.level_sentence(
        reporter="KAZ",
        partner="CHN",
        flow="exports",
        period="2020",
        value_usd=8.5e9,
        perspective="KAZ",
    )


def test_percent_rounds_half_away_from_zero():
    assert numbers.format_percent(0.25) == "0.3 %"
    assert numbers.format_percent(-0.25) == "-0.3 %"
    assert numbers.format_percent(-0.04) == "0.0 %"  # never "-0.0 %"


def test_growth_and_level_sentences():
    assert n.growth_phrase(-22.44) == "fell 22.4 %"
    text = n.level_sentence(
        reporter="KAZ",
        partner="CHN",
        flow="imports",
        period="2021",
        value_usd=8.2e9,
        perspective="KAZ",
        source_label="BNS",
        growth_pct=float("nan"),
        base_period="2020",
    )
    expected = "Kazakhstan's imports from China were USD 8.2 bn in 2021"
    assert text == f"{expected} by Kazakhstan's statistics (BNS)."
    assert "rose" not in text


def test_rank_and_tally_sentences():
    assert n.rank_sentence(
        reporter="KAZ", partner="ITA", flow="exports", year=2021, rank=1, n_partners=3
    ).startswith("Italy was Kazakhstan's largest export market in 2021")
    assert (
        n.tally_sentence("the article", {"exact": 1, "mismatch": 2, "unverifiable": 0})
        == "Of 3 claims in the article, 1 exact and 2 mismatch."
    )
    assert n.tally_sentence("x", {}) == "No claims were found in x."


def test_country_names_read_as_journalists_write_them():
    assert [n.sentence_name(c) for c in ("KAZ", "RUS", "KOR", "WLD", "EAEU", "ZZZ")] == [
        "Kazakhstan",
        "Russia",
        "South Korea",
        "the world",
        "EAEU countries",
        "ZZZ",
    ]
    assert names.possessive("the United States") == "the United States'"


def test_sentences_do_not_escape_html():
    # escaping is the renderer's job; a sentence keeps the characters it was given
    assert n.unverifiable_sentence("A & B <c>") == (
        "No source in the data gives A & B <c>: unverifiable."
    )


def test_docstring_examples_run():
    for module in (n, names, numbers):
        assert doctest.testmod(module).failed == 0
