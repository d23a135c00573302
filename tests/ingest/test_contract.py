"""The figures contract: each rule fails with a one-line error naming file, row and field."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

import tradeviz.countries
import tradeviz.ingest.statements
from tradeviz.contract import validate_figures
from tradeviz.errors import InputError


@pytest.fixture
def sample(figures):
    china = figures[
        (figures.locator == "sheet 12_2020, row 72") & (figures.vintage == "2021-07-28")
    ]
    assert len(china) == 6
    return china.copy().reset_index(drop=True)


def fails(frame) -> InputError:
    with pytest.raises(InputError) as caught:
        validate_figures(frame)
    assert "\n" not in str(caught.value)
    return caught.value


def test_sample_passes(sample):
    validate_figures(sample)


def test_unknown_vocabulary_value(sample):
    sample.loc[2, "flow"] = "exprots"
    error = fails(sample)
    assert (error.row, error.field, error.found) == ("sheet 12_2020, row 72", "flow", "exprots")
    assert error.file == "data/raw/bns/bns_trade_by_country_2020.xls"


def test_not_an_iso3_partner(sample):
    sample.loc[0, "partner"] = "XXX"
    assert fails(sample).field == "partner"


def test_aggregate_code_as_country(sample):
    sample["partner"] = "EU"
    error = fails(sample)
    assert (error.message, error.field) == ("contract rule partner_matches_kind failed", "partner")


def test_value_usd_must_be_value_times_scale(sample):
    sample.loc[0, "value_usd"] = sample.loc[0, "value"]  # forgot the scale
    error = fails(sample)
    assert (error.message, error.field) == (
        "contract rule value_usd_is_value_times_scale failed",
        "value_usd",
    )


def test_missing_column(sample):
    error = fails(sample.drop(columns=["vintage"]))
    assert error.field == "vintage"


def test_period_end_before_start(sample):
    sample.loc[0, "period_end"] = sample.loc[0, "period_start"] - pd.Timedelta(days=1)
    assert fails(sample).message == "contract rule period_end_not_before_start failed"


@pytest.mark.parametrize("module", [tradeviz.countries, tradeviz.ingest.statements])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
