"""statements.csv: value and growth rows, direction, perspective, tier rule, periods."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from tradeviz.ingest.statements import statement_freq, statement_tier


@pytest.fixture(scope="module")
def statements(figures):
    return figures[figures.source == "statements"]


@pytest.fixture(scope="module")
def source_rows(project_root):
    with open(
        project_root / "data/raw/statements/statements.csv", encoding="utf-8", newline=""
    ) as handle:
        return {row["statement_id"]: row for row in csv.DictReader(handle)}


def one(statements, record_id, measure):
    rows = statements[(statements.record_id == record_id) & (statements.measure == measure)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_value_and_growth_rows(statements, source_rows):
    row = source_rows["gacc-2021-turnover"]
    value = one(statements, "gacc-2021-turnover", "trade_value")
    growth = one(statements, "gacc-2021-turnover", "growth_yoy")
    assert value.value == float(row["value"]) == 25.25
    assert value.scale == 1e9 and value.value_usd == pytest.approx(25.25e9)
    assert (value.reporter, value.partner, value.flow, value.perspective) == (
        "CHN",
        "KAZ",
        "turnover",
        "CHN",
    )
    assert growth.value == float(row["growth_pct"]) == 17.6
    assert growth.unit == "percent" and pd.isna(growth.value_usd)
    assert value.excerpt == row["excerpt"] and value.source_url == row["url"]
    assert value.speaker == row["speaker"] and value.source_org == row["outlet"]


def test_every_statement_gives_its_rows(statements, source_rows):
    expected = sum(bool(r["value"]) + bool(r["growth_pct"]) for r in source_rows.values())
    assert len(statements) == expected
    assert set(statements.record_id) == set(source_rows)


def test_unattributed_statement_reads_from_kazakhstan_side(statements):
    row = one(statements, "saltybayev-2021m01-04-turnover", "trade_value")
    assert (row.reporter, row.partner, row.perspective) == ("KAZ", "CHN", "unattributed")
    assert row.freq == "YTD" and row.period_label == "2021-01..04"
    assert row.source_tier == "press"


def test_product_statement_is_named_classification(statements):
    row = one(statements, "silkroad-2022-exports-uranium", "trade_value")
    assert row.classification == "NAMED"
    assert row.product_label == "uranium and nuclear fuel"
    assert row.value_usd == pytest.approx(817e6)


def test_growth_only_statement(statements):
    rows = statements[statements.record_id == "gacc-2022-imports-agricultural-growth"]
    assert list(rows.measure) == ["growth_yoy"] and rows.iloc[0].value == 133.7


def test_event_date_keeps_the_date_as_text(statements):
    row = one(statements, "diplomacy-1992-01-03-relations", "event_date")
    assert pd.isna(row.value) and row.value_text == "1992-01-03" and row.unit == "date"


def test_missing_dates_are_nat_and_freq_u(statements):
    row = one(statements, "students-kaz-in-chn-zhangxiao", "students")
    assert pd.isna(row.period_start) and pd.isna(row.period_end) and row.freq == "U"


@pytest.mark.parametrize(
    ("record_id", "measure", "freq"),
    [
        ("fdi-cum-2005-2017-altynorda", "fdi_cumulative", "C"),
        ("fdi-cum-12y-saltybayev-2021", "fdi_cumulative", "C"),
        ("population-2021-01-01", "population", "S"),
        ("gacc-2022-turnover", "trade_value", "A"),
        ("transit-2020m01-09-containers", "transit_containers", "YTD"),
    ],
)
def test_frequencies(statements, record_id, measure, freq):
    assert one(statements, record_id, measure).freq == freq


@pytest.mark.parametrize(
    ("reporter", "speaker", "tier"),
    [
        (
            "KAZ",
            "Alikhan Smailov (Prime Minister of Kazakhstan), via the PM's press service",
            "official_statement",
        ),
        ("CHN", "Zhang Xiao (Chinese ambassador to Kazakhstan)", "official_statement"),
        ("KAZ", "Committee on Statistics of Kazakhstan (as cited)", "official_statement"),
        ("CHN", "China's General Administration of Customs (via Zakon.kz)", "official_statement"),
        ("CHN", "Emil Avdaliani (author)", "press"),
        ("CHN", "Kazinform (as relayed)", "press"),
        ("", "Kazakh media (unnamed)", "press"),
        (
            "",
            "Yerzhan Saltybayev (director, Institute of World Economy and Politics at the "
            "Nursultan Nazarbayev Foundation)",
            "press",
        ),
        ("CHN", "", "press"),
        ("", "Almas Aidarov (Deputy Foreign Minister of Kazakhstan)", "press"),
    ],
)
def test_tier_rule(reporter, speaker, tier):
    assert statement_tier(reporter, speaker) == tier


def test_tier_in_the_table(statements):
    assert (
        one(statements, "kz-2021-turnover-smailov", "trade_value").source_tier
        == "official_statement"
    )
    assert one(statements, "gacc-2021-turnover", "trade_value").source_tier == "press"


def test_freq_rule():
    d = dt.date
    assert statement_freq("exports", d(2021, 1, 1), d(2021, 12, 31)) == "A"
    assert statement_freq("exports", d(2021, 3, 1), d(2021, 3, 31)) == "M"
    assert statement_freq("exports", d(2021, 1, 1), d(2021, 4, 30)) == "YTD"
    assert statement_freq("exports", d(2020, 1, 1), d(2021, 6, 30)) == "C"
    assert statement_freq("exports", d(2021, 3, 5), d(2021, 4, 30)) == "P"
    assert statement_freq("exports", None, d(2021, 4, 30)) == "U"
    assert statement_freq("fdi_cumulative", None, None) == "C"
