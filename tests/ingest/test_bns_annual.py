"""BNS by-country workbooks: real values, vintages, aggregates, layout variants."""

from __future__ import annotations

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from tradeviz.countries import is_iso3
from tradeviz.schema import AGGREGATE_CODES

RAW = "data/raw/bns/bns_trade_by_country_{year}.xls"
VINTAGE = {2019: "2020-08-13", 2020: "2021-07-28", 2021: "2022-07-22", 2022: "2023-07-28"}


def repository_workbooks(figures):
    """The rows of the repository's four workbooks, by name (a user may add a corrected one)."""
    files = [RAW.format(year=year) for year in VINTAGE]
    return figures[(figures.source == "bns_annual") & figures.source_file.isin(files)]


def bns(figures, *, workbook, partner, flow, measure="trade_value", year=None):
    rows = figures[
        (figures.source == "bns_annual")
        & (figures.vintage == VINTAGE[workbook])
        & (figures.partner == partner)
        & (figures.flow == flow)
        & (figures.measure == measure)
    ]
    if year is not None:
        rows = rows[rows.period_start.dt.year == year]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def cell(project_root, workbook: int, sheet: str, excel_row: int, col: int):
    book = CalamineWorkbook.from_path(str(project_root / RAW.format(year=workbook)))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)[excel_row - 1][col]


def test_china_row_of_the_2020_table(figures):
    exports = bns(figures, workbook=2020, partner="CHN", flow="exports", year=2020)
    assert exports.value == 9_420_579.06064
    assert exports.scale == 1e3
    assert exports.value_usd == pytest.approx(9_420_579_060.64, rel=1e-12)
    assert exports.locator == "sheet 12_2020, row 72"
    assert exports.partner_kind == "country"
    assert (exports.reporter, exports.perspective) == ("KAZ", "KAZ")
    assert exports.source_tier == "official_statistics"
    assert exports.freq == "A"
    assert exports.period_start == pd.Timestamp("2020-01-01")
    assert exports.period_end == pd.Timestamp("2020-12-31")
    assert (
        bns(
            figures,
            workbook=2020,
            partner="CHN",
            flow="exports",
            measure="partner_share",
            year=2020,
        ).value
        == 19.81579
    )
    assert (
        bns(figures, workbook=2020, partner="CHN", flow="imports", year=2020).value
        == 6_377_988.57363
    )
    assert (
        bns(
            figures,
            workbook=2020,
            partner="CHN",
            flow="imports",
            measure="partner_share",
            year=2020,
        ).value
        == 16.38361
    )


def test_values_equal_the_cells_of_the_workbook(figures, project_root):
    china = bns(figures, workbook=2020, partner="CHN", flow="turnover", year=2020)
    assert china.value == cell(project_root, 2020, "12_2020", 72, 1)
    assert cell(project_root, 2020, "12_2020", 72, 0) == "Китай"


def test_kazakhstan_stated_2020_world_totals(figures):
    # The 2021 workbook restates 2020 with full precision (final revision).
    exports = bns(figures, workbook=2021, partner="WLD", flow="exports", year=2020)
    imports = bns(figures, workbook=2021, partner="WLD", flow="imports", year=2020)
    assert exports.value == 47_540_772.69568
    assert imports.value == 38_929_076.06504
    assert exports.partner_kind == "world"
    assert exports.locator == "sheet 12_2020, row 6"
    # The 2020 workbook's own sheet prints them rounded to 0.1.
    assert (
        bns(figures, workbook=2020, partner="WLD", flow="exports", year=2020).value == 47_540_772.7
    )


def test_2019_is_two_vintages_of_the_same_figures(figures):
    in_2019_book = bns(figures, workbook=2019, partner="WLD", flow="turnover", year=2019)
    in_2020_book = bns(figures, workbook=2020, partner="WLD", flow="turnover", year=2019)
    assert in_2019_book.value == 97_774_894.6
    assert in_2020_book.value == 97_774_894.63448
    assert in_2019_book.figure_id != in_2020_book.figure_id
    assert in_2019_book.locator == "sheet 12_2019, row 6"
    assert in_2020_book.locator == "sheet 12_2019, row 6"


def test_2018_sheet_with_world_label_on_two_lines(figures):
    world = bns(figures, workbook=2019, partner="WLD", flow="turnover", year=2018)
    assert world.value == 94_769_740.8
    assert world.note == "partner as printed: Всего\nв том числе"
    armenia_share = bns(
        figures, workbook=2019, partner="ARM", flow="exports", measure="partner_share", year=2018
    )
    assert armenia_share.value == 0  # printed as 0 at 0.1 precision: a stated zero, kept


def test_2021_sheet_of_the_2022_workbook_with_twelve_columns(figures, project_root):
    book = CalamineWorkbook.from_path(str(project_root / RAW.format(year=2022)))
    assert len(book.get_sheet_by_name("2021").to_python()[0]) == 12
    restated = bns(figures, workbook=2022, partner="CHN", flow="exports", year=2021)
    original = bns(figures, workbook=2021, partner="CHN", flow="exports", year=2021)
    assert restated.value == original.value
    assert restated.period_label == "за 2021 год"
    assert original.period_label == "за январь-декабрь 2021 года"


def test_every_year_sheet_is_read(figures):
    bns_rows = repository_workbooks(figures)
    sheets = set(bns_rows.locator.str.extract(r"^sheet (\S+),")[0])
    assert sheets == {"12_2018", "12_2019", "12_2020", "12_2021", "2021", "2022"}
    by_vintage = bns_rows.groupby("vintage").period_start.agg(lambda s: sorted(set(s.dt.year)))
    assert by_vintage.to_dict() == {
        "2020-08-13": [2018, 2019],
        "2021-07-28": [2019, 2020],
        "2022-07-22": [2020, 2021],
        "2023-07-28": [2021, 2022],
    }


def test_aggregates_are_never_countries(figures):
    bns_rows = figures[figures.source == "bns_annual"]
    aggregates = bns_rows[bns_rows.partner.isin(list(AGGREGATE_CODES))]
    assert set(aggregates.partner_kind) <= {"aggregate", "world"}
    bns_aggregates = {"WLD", "CIS", "EAEU", "NON_EAEU", "EU", "NON_EU", "ASIA", "EUROPE"}
    bns_aggregates |= {"AFRICA", "AMERICA", "OCEANIA", "OTHER"}
    assert set(aggregates.partner) == bns_aggregates  # every BNS aggregate is stated
    countries = bns_rows[bns_rows.partner_kind == "country"]
    assert countries.partner.map(is_iso3).all()
    assert not countries.partner.isin(list(AGGREGATE_CODES)).any()
    # Leading spaces in aggregate names do not matter: « Страны ЕАЭС» is EAEU.
    eaeu = bns(figures, workbook=2020, partner="EAEU", flow="turnover", year=2020)
    assert eaeu.note == "partner as printed: Страны ЕАЭС" and eaeu.value == 20_380_381.9


def test_empty_cells_are_not_stated_not_zero(figures, project_root):
    # Brunei, 2020: exports stated, imports cells empty.
    assert cell(project_root, 2020, "12_2020", 71, 0) == "Бруней-Даруссалам"
    assert cell(project_root, 2020, "12_2020", 71, 5) == ""
    brunei = figures[
        (figures.source == "bns_annual")
        & (figures.vintage == VINTAGE[2020])
        & (figures.partner == "BRN")
        & (figures.period_start.dt.year == 2020)
    ]
    assert set(brunei.flow) == {"turnover", "exports"}


def test_every_sheet_has_world_turnover_equal_exports_plus_imports(figures):
    bns_rows = figures[figures.source == "bns_annual"]
    world = bns_rows[(bns_rows.partner == "WLD") & (bns_rows.measure == "trade_value")]
    table = world.pivot_table(index=["source_file", "locator"], columns="flow", values="value")
    # each workbook present holds two year sheets, each with one world row
    assert len(table) == 2 * bns_rows.source_file.nunique() >= 2 * len(VINTAGE)
    assert ((table.exports + table.imports - table.turnover).abs() < 0.2).all()
