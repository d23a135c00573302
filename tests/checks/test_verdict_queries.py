"""The query-layer selections the verdicts need: releases, growth, shares from parts, pairs."""

from __future__ import annotations

import datetime as dt

import pytest

from tradeviz import schema as s
from tradeviz.query.compare import paired_totals
from tradeviz.query.growth import FROM_LEVELS, STATED_INDEX, growth_figures, year_earlier
from tradeviz.query.parts import share_figures
from tradeviz.query.vintages import as_of_release

from .conftest import figure, make_figures

JAN, APR = dt.date(2023, 1, 1), dt.date(2023, 4, 30)


def eri(partner, flow, start, end, value, vintage="git-a", release="preliminary", **fields):
    record = {
        "partner": partner,
        "flow": flow,
        "period_start": start,
        "period_end": end,
        "value": value,
        "scale": 1e6,
        "source": "eri",
        "vintage": vintage,
        "release": release,
        "freq": "YTD" if end[5:] != "12-31" else "A",
    }
    return figure(**{**record, **fields})


def test_a_preliminary_release_precedes_a_final_one_whatever_the_vintage_says():
    releases = [("git-b", "final"), ("2023-11-20", "final"), ("git-a", "preliminary")]
    assert as_of_release(releases, dt.date(2023, 1, 20)) == (2, 0, False)
    assert as_of_release(releases, dt.date(2023, 12, 1)) == (1, 0, True)
    assert as_of_release(releases, None) == (2, 0, False)


def test_year_earlier_keeps_the_span():
    assert (year_earlier(JAN), year_earlier(APR)) == (dt.date(2022, 1, 1), dt.date(2022, 4, 30))


def test_growth_is_computed_within_one_table_only():
    figures = make_figures(
        [
            eri("CHN", "turnover", "2023-01-01", "2023-04-30", 8023.0),
            eri("CHN", "turnover", "2022-01-01", "2022-04-30", 6500.0),
            # the same span a year earlier, but in another file: never paired
            eri("CHN", "turnover", "2022-01-01", "2022-04-30", 1.0, vintage="git-z"),
            eri(
                "CHN",
                "turnover",
                "2023-01-01",
                "2023-04-30",
                122.8,
                measure="growth_index",
                unit="percent",
                scale=1.0,
            ),
        ]
    )
    rows = growth_figures(figures, "KAZ", "CHN", "turnover", JAN, APR).set_index(s.RECORD_ID)
    assert rows.loc[FROM_LEVELS, s.VALUE] == pytest.approx((8023 / 6500 - 1) * 100)
    assert rows.loc[STATED_INDEX, s.VALUE] == pytest.approx(22.8)
    assert len(rows) == 2


def test_a_share_is_a_part_over_the_whole_of_the_same_table():
    figures = make_figures(
        [
            eri("CHN", "exports", "2023-01-01", "2023-04-30", 3705.0),
            eri("WLD", "turnover", "2023-01-01", "2023-04-30", 43865.0),
            eri("WLD", "turnover", "2023-01-01", "2023-04-30", 9.0, vintage="git-z"),
        ]
    )
    rows = share_figures(figures, "KAZ", "CHN", "exports", "turnover", JAN, APR)
    assert list(rows[s.VALUE]) == pytest.approx([100 * 3705 / 43865])
    assert share_figures(figures, "KAZ", "CHN", "imports", "turnover", JAN, APR).empty


def test_two_partners_are_paired_table_by_table():
    figures = make_figures(
        [
            eri("CHN", "turnover", "2023-01-01", "2023-04-30", 8023.0),
            eri("RUS", "turnover", "2023-01-01", "2023-04-30", 8163.0),
            eri("RUS", "turnover", "2023-01-01", "2023-04-30", 1.0, vintage="git-z"),
        ]
    )
    pairs = paired_totals(figures, "KAZ", "CHN", "RUS", "turnover")
    assert list(zip(pairs["value"], pairs["other_value"], strict=True)) == [(8023e6, 8163e6)]
