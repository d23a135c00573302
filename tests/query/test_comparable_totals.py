"""The totals compared with a national table, read row by row from the real figures."""

from __future__ import annotations

from tradeviz import schema
from tradeviz.query.completeness import comparable_totals, incomplete_totals, total_coverage
from tradeviz.query.rows import records
from tradeviz.vocabulary import (
    ANNUAL,
    NATIONAL_TABLES,
    QUOTED_SOURCES,
    TRADE_VALUE,
    UNIT_USD,
)


def is_comparable(row: dict) -> bool:
    reporter = row[schema.REPORTER]
    return (
        reporter in NATIONAL_TABLES
        and row[schema.MEASURE] == TRADE_VALUE
        and row[schema.FREQ] == ANNUAL
        and row[schema.UNIT] == UNIT_USD
        and row[schema.PRODUCT_CODE] == schema.TOTAL_CODE
        and row[schema.SOURCE] != NATIONAL_TABLES[reporter]
        and row[schema.PERSPECTIVE] == reporter
        and row[schema.SOURCE] not in QUOTED_SOURCES
    )


def test_comparable_totals_follow_the_rule_row_by_row(figures):
    expected = [is_comparable(row) for row in records(figures)]
    assert any(expected)
    assert comparable_totals(figures).tolist() == expected
    part = figures.iloc[::7]
    assert comparable_totals(part).tolist() == expected[::7]


def test_incomplete_totals_are_the_coverage_rows_below_the_bar(figures):
    coverage = total_coverage(figures)
    flagged = incomplete_totals(figures)
    below = coverage.loc[coverage["incomplete"].astype(bool)]
    assert 0 < len(flagged) < len(coverage)
    assert flagged[schema.FIGURE_ID].tolist() == below[schema.FIGURE_ID].tolist()
    assert flagged["reason"].tolist() == below["reason"].tolist()
    assert all((flagged["value_usd"] / flagged["national_usd"]) == flagged["coverage"])
