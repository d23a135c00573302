"""Year-to-date periods and releases: ERI's stated growth, final figures before preliminary."""

from __future__ import annotations

import openpyxl
import pytest

from tradeviz import query
from tradeviz.notebook import growth
from tradeviz.query.ytd import stated_ytd

from .test_new_reporters import RAW


def test_jan_sep_2023_growth_is_the_one_eri_states(figures):
    section = growth.ytd_growth(figures, "KAZ", "CHN", 2023, 9)
    pair = section.results["pair"]
    rows = figures[
        (figures["source"] == "eri")
        & (figures["partner"] == "CHN")
        & (figures["flow"] == "turnover")
        & (figures["freq"] == "YTD")
        & (figures["period_end"] == "2023-09-30")
    ]
    index = float(rows.loc[rows["measure"] == "growth_index", "value"].iloc[0])
    level = rows.loc[rows["measure"] == "trade_value"].iloc[0]
    assert pair["growth_basis"] == "stated"
    assert pair["growth_pct"] == pytest.approx(index - 100)
    assert pair["current_usd"] == pytest.approx(level["value"] * level["scale"])
    assert pair["base_usd"] is None  # never computed from the stated growth
    assert pair["release"] == "preliminary"
    assert any("not computed here" in sentence for sentence in section.sentences)


def test_a_span_no_table_states_is_not_a_stated_ytd(figures):
    assert stated_ytd(figures, "KAZ", "CHN", 2023, 5).empty  # ERI states Jan-Apr, Jan-Jul, Jan-Sep
    assert stated_ytd(figures, "KAZ", "CHN", 2021, 4).empty


def eri_cell(name, row, column):
    (path,) = (RAW / "eri").glob(name)
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).active
    value = list(sheet.iter_rows(min_row=row, max_row=row, values_only=True))[0][column - 1]
    return float(str(value).replace(" ", "").replace("\xa0", ""))


def test_final_2022_figures_are_preferred_to_preliminary_ones(figures):
    eri = figures[
        (figures["source"] == "eri")
        & (figures["partner"] == "CHN")
        & (figures["flow"] == "exports")
        & (figures["measure"] == "trade_value")
        & (figures["freq"] == "A")
        & (figures["period_start"].dt.year == 2022)
    ]
    assert set(eri["release"]) == {"preliminary", "final"}
    chosen = query.latest(eri, ["flow", "period_start"])
    assert set(chosen["release"]) == {"final"}
    # and the selection of one figure from ERI takes the final one, whatever the vintage names
    level = query.select(
        figures, [query.trade_slot("KAZ", "CHN", "exports", 2022)], source="eri"
    ).one("KAZ exports to CHN, 2022")
    assert level["release"] == "final"
    final_cell = eri_cell("eri_export_kazakhstan_by_country_jan-jul2023.xlsx", 3, 7)
    assert level["value"] == pytest.approx(final_cell)
