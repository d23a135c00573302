"""Next year's BNS workbook with no code change: a corpus of layout variants generated from the
real workbooks (title wording, sheet names, cover and notes sheets, blank rows, merged header
rows, .xlsx editions written by openpyxl, an English edition, a workbook with two years).
Each variant must give exactly the figures of the real sheet it was made from."""

from __future__ import annotations

import functools

import openpyxl
import pandas as pd
import pycountry
import pytest
from python_calamine import CalamineWorkbook

from tradeviz.countries import resolve_partner
from tradeviz.errors import InputError
from tradeviz.ingest import detect_adapter, ingest_file

RAW = "data/raw/bns"
KEY = ["partner", "flow", "measure", "value"]


def real_workbooks(project_root):
    return sorted((project_root / RAW).glob("bns_trade_by_country_*.xls"))


@functools.cache
def real_figures(path):
    """The table ``ingest_file`` reads from a real workbook, read once per process.

    Callers filter it into new frames (:func:`figures_of`) and never change it.
    """
    return ingest_file(path)


def sheets_of(path):
    book = CalamineWorkbook.from_path(str(path))
    return [
        (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in book.sheet_names
    ]


def figures_of(table, period_year):
    rows = table[table.period_start.dt.year == period_year]
    return rows[KEY].sort_values(KEY).reset_index(drop=True)


def header_index(rows):
    return next(i for i, r in enumerate(rows) if "Товарооборот" in [str(c).strip() for c in r])


def year_of(rows):
    title = next(str(c) for r in rows[:6] for c in r if "20" in str(c) and "за" in str(c))
    return int(next(w for w in title.split() if w.isdigit() and len(w) == 4))


def write(path, sheets, *, merge_header=False, cover=False, notes=False):
    book = openpyxl.Workbook()
    book.remove(book.active)
    if cover:
        book.create_sheet("Содержание").append(["Основные показатели внешней торговли"])
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if c == "" else c for c in row])
        if merge_header:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=7)
            top = header_index(rows) + 1
            for col in (2, 4, 6):  # each flow over its value and share columns
                sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 1)
    if notes:
        book.create_sheet("Примечание").append(["Примечание: данные уточнены."])
    book.save(path)
    return path


def retitle(rows, title):
    """Rows with the period line replaced by ``title``, blank rows added above the header."""
    out = [list(r) for r in rows]
    for row in out[:6]:
        for col, cell in enumerate(row):
            if isinstance(cell, str) and cell.strip().startswith("за "):
                row[col] = title
    width = len(out[0])
    at = header_index(out)
    return out[:at] + [[""] * width, [""] * width] + out[at:]


TITLES = [
    "за январь-декабрь {y} года",
    "за {y} год",
    "январь-декабрь {y} г.",
    "{y} год",
    "Основные показатели внешней торговли за январь-декабрь {y} года",
]
SHEET_NAMES = ["{y}", "12_{y}", "Лист1", "таблица по странам"]


def _variant_params():
    """Every title with every sheet name. The fast subset plays each title and each sheet name
    once (title i with sheet name i, cycling); the other pairs combine the same two
    independent recognitions and run in the slow tier."""
    fast = {(title, SHEET_NAMES[i % len(SHEET_NAMES)]) for i, title in enumerate(TITLES)}
    return [
        pytest.param(
            sheet_name,
            title,
            # the fast pairs of this test cover each title and each sheet name
            marks=() if (title, sheet_name) in fast else pytest.mark.slow,
        )
        for sheet_name in SHEET_NAMES
        for title in TITLES
    ]


@pytest.mark.parametrize(("sheet_name", "title"), _variant_params())
def test_title_and_sheet_name_variants(project_root, tmp_path, title, sheet_name):
    for workbook in real_workbooks(project_root):
        name, rows = sheets_of(workbook)[0]
        year = year_of(rows)
        variant = write(
            tmp_path / f"variant_{workbook.stem}.xlsx",
            [(sheet_name.format(y=year), retitle(rows, title.format(y=year)))],
            merge_header=True,
            cover=True,
            notes=True,
        )
        assert detect_adapter(variant) == "bns_annual"
        got = ingest_file(variant)
        expected = real_figures(workbook)
        assert set(got.period_start.dt.year) == {year}
        assert set(got.freq) == {"A"}
        pd.testing.assert_frame_equal(figures_of(got, year), figures_of(expected, year))


def test_a_workbook_with_two_years_from_two_editions(project_root, tmp_path):
    first, last = real_workbooks(project_root)[0], real_workbooks(project_root)[-1]
    sheets = [sheets_of(last)[0], sheets_of(first)[0]]
    variant = write(tmp_path / "two_years.xlsx", sheets)
    got = ingest_file(variant)
    years = [year_of(rows) for _, rows in sheets]
    assert sorted(set(got.period_start.dt.year)) == sorted(years)
    for path, year in ((last, years[0]), (first, years[1])):
        pd.testing.assert_frame_equal(figures_of(got, year), figures_of(real_figures(path), year))


def test_disagreeing_period_statements_are_refused(project_root, tmp_path):
    name, rows = sheets_of(real_workbooks(project_root)[-1])[0]
    year = year_of(rows)
    variant = write(tmp_path / "wrong.xlsx", [(f"12_{year - 1}", rows)])
    with pytest.raises(InputError) as caught:
        ingest_file(variant)
    error = caught.value
    assert error.message == "the places that state the period disagree"
    assert f"sheet name «12_{year - 1}»" in error.found and str(year) in error.found


def english(rows):
    """The English edition of a sheet: translated title, unit, header and names (countries and
    the world total only: the translation of every aggregate is not needed here)."""
    at = header_index(rows)
    year = year_of(rows)
    out = [
        ["Main indicators of foreign trade of the Republic of Kazakhstan"] + [""] * 6,
        [f"for January-December {year}"] + [""] * 6,
        ["thousand US dollars"] + [""] * 6,
        ["Name", "Turnover", "", "Exports", "", "Imports", ""],
        [
            "",
            "Total",
            "share of the country in total turnover, %",
            "Total",
            "share of the country in total exports, %",
            "Total",
            "share of the country in total imports, %",
        ],
    ]
    for row in rows[at + 2 :]:
        name = str(row[0]).strip()
        if not name:
            continue
        partner = resolve_partner(name)
        if partner.kind == "world":
            out.append(["Total", *row[1:7]])
        elif partner.kind == "country" and pycountry.countries.get(alpha_3=partner.code):
            out.append([pycountry.countries.get(alpha_3=partner.code).name, *row[1:7]])
    return out


def test_english_edition(project_root, tmp_path):
    workbook = real_workbooks(project_root)[-1]
    name, rows = sheets_of(workbook)[0]
    year = year_of(rows)
    variant = write(tmp_path / "english.xlsx", [(str(year), english(rows))])
    got = ingest_file(variant)
    real = real_figures(workbook)
    real = real[real.partner_kind.isin(["country", "world"])]
    real = real[real.partner.isin(set(got.partner))]
    assert len(got) > 900  # the world row and about 170 countries, 6 figures each
    pd.testing.assert_frame_equal(figures_of(got, year), figures_of(real, year))
    world = got[(got.partner == "WLD") & (got.flow == "turnover") & (got.measure == "trade_value")]
    assert world.value.tolist() == [
        real[
            (real.partner == "WLD")
            & (real.flow == "turnover")
            & (real.measure == "trade_value")
            & (real.period_start.dt.year == year)
        ].value.iloc[0]
    ]
