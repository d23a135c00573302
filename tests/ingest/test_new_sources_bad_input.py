"""Bad input for the new adapters: one line naming file, row, field, expected and found; exit 2;
nothing written. Files are copies of the real raw files, damaged in tmp_path."""

from __future__ import annotations

import shutil

import docx
import openpyxl
import pytest

from tradeviz.errors import InputError
from tradeviz.ingest import detect_adapter, ingest_file

RAW = "data/raw"
UZ_EXPORTS = "uzstat/uzstat_sdmx_1105_uzb_exports_by_country_2010_2023.csv"
ERI_EXPORTS = "eri/eri_export_kazakhstan_by_country_jan-apr2023.xlsx"
KG_EXPORTS = "kgnsc/kgnsc_4.03.00.18_kgz_exports_by_country_1994_2023.xlsx"
COMTRADE = "comtrade/reporters_exports_to_china_2014_2025.xlsx"


def fails(path) -> InputError:
    with pytest.raises(InputError) as caught:
        ingest_file(path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(path))
    return caught.value


def copy_of(project_root, tmp_path, relative):
    target = tmp_path / relative.split("/")[-1]
    shutil.copyfile(project_root / RAW / relative, target)
    return target


def edited_workbook(project_root, tmp_path, relative, cell, value):
    """A copy of a real workbook, re-saved by openpyxl with one cell changed (no sidecar)."""
    book = openpyxl.load_workbook(project_root / RAW / relative)
    book.active[cell] = value
    target = tmp_path / relative.split("/")[-1]
    book.save(target)
    return target


@pytest.mark.parametrize(
    "relative",
    [
        UZ_EXPORTS,
        ERI_EXPORTS,
        KG_EXPORTS,
        COMTRADE,
        "rus_fts/rus_fts_96stran_rus_trade_main_partners_monthly_2006_2021.xlsx",
        "wiiw/wiiw_kaz_fdi_by_partner_2003_2021.csv",
    ],
)
def test_each_source_is_recognised_by_content(project_root, tmp_path, relative):
    from tradeviz.provenance import read_sidecar

    copy = copy_of(project_root, tmp_path, relative)
    assert detect_adapter(copy) == read_sidecar(project_root / RAW / relative).adapter
    assert len(ingest_file(copy)) > 0


def test_uzstat_year_column_that_does_not_parse(project_root, tmp_path):
    path = copy_of(project_root, tmp_path, UZ_EXPORTS)
    path.write_bytes(path.read_bytes().replace(b",2015,", b",2O15,", 1))
    error = fails(path)
    assert (error.message, error.row, error.field, error.found) == (
        "year column does not parse",
        1,
        "2O15",
        "2O15",
    )


def test_uzstat_unknown_partner_code_names_the_table(project_root, tmp_path):
    path = copy_of(project_root, tmp_path, UZ_EXPORTS)
    path.write_bytes(path.read_bytes().replace(b"\n192,Kuba", b"\n999,Kuba", 1))
    error = fails(path)
    assert (error.message, error.row, error.field, error.found) == (
        "unknown country or territory",
        2,
        "Code",
        "999",
    )
    assert "tradeviz.countries.NUMERIC_OVERRIDES" in error.expected


def test_eri_wrong_unit(project_root, tmp_path):
    path = edited_workbook(project_root, tmp_path, ERI_EXPORTS, "B1", "в млн тенге")
    error = fails(path)
    assert (error.message, error.field, error.found) == ("unknown unit", "unit", "в млн тенге")


def test_eri_column_header_that_does_not_parse(project_root, tmp_path):
    path = edited_workbook(project_root, tmp_path, ERI_EXPORTS, "D1", "2019 год (оценка)")
    error = fails(path)
    assert (error.message, error.field, error.found) == (
        "column header does not parse",
        "column 4",
        "2019 год (оценка)",
    )


def test_docx_without_the_expected_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Торговый оборот Республики Казахстан")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 1).text = "Индекс"
    path = tmp_path / "bulletin.docx"
    document.save(path)
    assert detect_adapter(path) == "eri"
    error = fails(path)
    assert error.message == "no table of trade by partner found"
    assert error.found == "1 tables, none of them by partner"


def test_kgnsc_wrong_unit(project_root, tmp_path):
    path = edited_workbook(project_root, tmp_path, KG_EXPORTS, "B2", "(тыс. тенге)")
    error = fails(path)
    assert (error.message, error.field, error.found) == ("unknown unit", "unit", "(тыс. тенге)")


def test_comtrade_unknown_reporter_names_the_table(project_root, tmp_path):
    path = edited_workbook(project_root, tmp_path, COMTRADE, "F2", "Atlantis")
    error = fails(path)
    assert (error.row, error.field, error.found) == (2, "reporterDesc", "Atlantis")
    assert "ENGLISH_NAME_OVERRIDES" in error.expected


def test_cli_one_line_and_exit_2(project_root, tmp_path, tools):
    path = copy_of(project_root, tmp_path, UZ_EXPORTS)
    path.write_bytes(
        path.read_bytes().replace(b"\n192,Kuba,", b"\n192,Kuba,", 1).replace(b",1.5,", b",1,5,", 1)
    )
    out = tmp_path / "rows.parquet"
    done = tools.run_cli("ingest", str(path), "--out", str(out))
    tools.assert_one_line_error(done, path.name, "row 2")
    assert not out.exists()
