"""Edges of the BNS adapters: the monthly CSV read row by row, and a sheet's period statements.

Small files are written in the test; each expected figure is the cell as written × 1000.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from tradeviz import schema as s
from tradeviz.errors import InputError
from tradeviz.ingest import bns_monthly
from tradeviz.ingest.bns_annual import _is_note, normalise_name
from tradeviz.ingest.bns_period import sheet_period
from tradeviz.ingest.origin import Origin

HEADER = "reporter,partner,month,exports_thousand_usd,imports_thousand_usd,turnover_thousand_usd"


def _read(tmp_path: Path, *lines: str) -> pd.DataFrame:
    path = tmp_path / "monthly.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    origin = Origin(
        path=path,
        source_file="data/raw/bns/monthly.csv",
        vintage="v1",
        source_url="https://example.org/m",
        source_org="",
    )
    return bns_monthly.read(origin)


def test_each_month_gives_its_three_flows_in_dollars_with_provenance(tmp_path):
    table = _read(tmp_path, "KAZ,World,2021-02-01,10.5,2.25,12.75", "KAZ,WLD,2021-12-01,1,,")
    feb = table[table[s.PERIOD_START] == pd.Timestamp("2021-02-01")].set_index(s.FLOW)
    assert feb.loc["exports", s.VALUE] == 10.5
    assert feb.loc["imports", s.VALUE] == 2.25
    assert feb.loc["turnover", s.VALUE] == 12.75
    assert feb.loc["exports", s.VALUE_USD] == pytest.approx(10.5 * 1000)
    assert set(feb[s.SCALE]) == {1000.0} and set(feb[s.UNIT]) == {"USD"}
    assert set(feb[s.FREQ]) == {"M"} and set(feb[s.MEASURE]) == {"trade_value"}
    assert set(feb[s.PERIOD_END]) == {pd.Timestamp("2021-02-28")}
    assert set(feb[s.PERIOD_LABEL]) == {"2021-02"}
    assert set(feb[s.REPORTER]) == {"KAZ"} and set(feb[s.PERSPECTIVE]) == {"KAZ"}
    assert set(feb[s.PARTNER]) == {"WLD"} and set(feb[s.PARTNER_KIND]) == {"world"}
    assert set(feb[s.SOURCE]) == {"bns_monthly"} and set(feb[s.SOURCE_ORG]) == {"KZ_BNS"}
    assert set(feb[s.SOURCE_TIER]) == {"official_statistics"}
    assert set(feb[s.SOURCE_FILE]) == {"data/raw/bns/monthly.csv"}
    assert set(feb[s.VINTAGE]) == {"v1"} and set(feb[s.SOURCE_URL]) == {"https://example.org/m"}
    assert feb.loc["imports", s.LOCATOR] == "row 2, column imports_thousand_usd"
    # an empty cell is "not stated": December gives its exports only
    dec = table[table[s.PERIOD_START] == pd.Timestamp("2021-12-01")]
    assert dec[s.FLOW].tolist() == ["exports"]
    assert dec[s.LOCATOR].tolist() == ["row 3, column exports_thousand_usd"]
    assert set(dec[s.PERIOD_END]) == {pd.Timestamp("2021-12-31")}
    assert len(table) == 4


def test_a_partner_by_code_or_name(tmp_path):
    table = _read(tmp_path, "KAZ,CHN,2020-01-01,1,2,3")
    assert set(table[s.PARTNER]) == {"CHN"} and set(table[s.PARTNER_KIND]) == {"country"}


@pytest.mark.parametrize(
    ("line", "field", "message", "found"),
    [
        ("XXX,World,2021-02-01,1,2,3", "reporter", "not an ISO 3166 alpha-3 country code", "XXX"),
        ("WLD,World,2021-02-01,1,2,3", "reporter", "not an ISO 3166 alpha-3 country code", "WLD"),
        ("KAZ,Atlantis,2021-02-01,1,2,3", "partner", "unknown partner", "Atlantis"),
        ("KAZ,World,2021-02-15,1,2,3", "month", "not the first day of a month", "2021-02-15"),
        ("KAZ,World,not a date,1,2,3", "month", "not the first day of a month", "not a date"),
        # a month name, a year pandas would read as year 1, a month 13: bad cells, no traceback
        ("KAZ,World,February,1,2,3", "month", "not the first day of a month", "February"),
        ("KAZ,World,0001-02-01,1,2,3", "month", "not the first day of a month", "0001-02-01"),
        ("KAZ,World,2021-13-01,1,2,3", "month", "not the first day of a month", "2021-13-01"),
    ],
)
def test_a_bad_row_is_named_with_its_field_and_what_was_expected(
    tmp_path, line, field, message, found
):
    with pytest.raises(InputError) as raised:
        _read(tmp_path, "KAZ,World,2021-01-01,1,2,3", line)
    error = raised.value
    assert (error.row, error.field, error.message, error.found) == (3, field, message, found)
    assert error.file.endswith("monthly.csv")
    expected = {
        "reporter": "an ISO3 code such as KAZ",
        "partner": "World, WLD or an ISO3 code",
        "month": "a date YYYY-MM-01",
    }[field]
    assert error.expected == expected


@pytest.mark.parametrize(
    "name",
    ["Примечание: данные", "Источник: БНС", "* оценка", "¹ без учёта", "1) прочие", "note x"],
)
def test_note_lines_under_a_table_are_recognised(name):
    assert _is_note(normalise_name(name))


@pytest.mark.parametrize("name", ["Китай", "Всего", "Total", "Нидерланды", "10 стран"])
def test_partner_rows_are_not_notes(name):
    assert not _is_note(normalise_name(name))


WORKBOOK = Path("book.xls")


@pytest.mark.parametrize(
    ("sheet", "title", "start", "end", "freq"),
    [
        ("12_2020", "за январь-декабрь 2020 года", (2020, 1, 1), (2020, 12, 31), "A"),
        ("2022", "за 2022 год", (2022, 1, 1), (2022, 12, 31), "A"),
        ("2023_06", "январь-июнь 2023 г.", (2023, 1, 1), (2023, 6, 30), "YTD"),
        ("6.2023", "for January-June 2023", (2023, 1, 1), (2023, 6, 30), "YTD"),
        (
            "Sheet1",
            "Внешняя торговля за январь-февраль 2024 года",
            (2024, 1, 1),
            (2024, 2, 29),
            "YTD",
        ),
        ("2019", "2019", (2019, 1, 1), (2019, 12, 31), "A"),
        ("13_2019", "за 2019 год", (2019, 1, 1), (2019, 12, 31), "A"),
    ],
)
def test_the_period_is_read_from_the_title_and_checked_against_the_sheet_name(
    sheet, title, start, end, freq
):
    rows = [["Таблица"], [None, f"  {title}  "], ["Страна", 2.5]]
    found = sheet_period(WORKBOOK, sheet, rows)
    assert found == (dt.date(*start), dt.date(*end), freq, " ".join(title.split()))


def test_the_first_statement_is_the_label_and_blanks_inside_are_folded():
    rows = [["за   январь-декабрь\n2021  года"], ["2021 год"]]
    assert sheet_period(WORKBOOK, "12_2021", rows)[3] == "за январь-декабрь 2021 года"


def test_a_title_without_a_year_is_refused():
    with pytest.raises(InputError) as raised:
        sheet_period(WORKBOOK, "12_2020", [["Экспорт по странам"], [3.5, None]])
    error = raised.value
    assert error.message == "title with the year not found above the table header"
    assert (error.file, error.row, error.field, error.found) == (
        str(WORKBOOK),
        "sheet 12_2020",
        "title",
        "none",
    )
    assert error.expected == "за январь-декабрь ГГГГ года, за ГГГГ год or January-December YYYY"


@pytest.mark.parametrize("title", ["за февраль-декабрь 2020 года", "за январь-месяц 2020 года"])
def test_a_period_not_from_january_to_a_month_is_refused(title):
    with pytest.raises(InputError) as raised:
        sheet_period(WORKBOOK, "2020", [[title]])
    error = raised.value
    assert error.message == "period in the title is not January to a month"
    assert (error.file, error.row, error.field, error.found) == (
        str(WORKBOOK),
        "sheet 2020",
        "title",
        title,
    )
    assert error.expected == "a period from January to a month (январь-<месяц> / January-<month>)"


@pytest.mark.parametrize(
    ("sheet", "rows", "found"),
    [
        ("12_2019", [["за 2020 год"]], "title «за 2020 год»; sheet name «12_2019»"),
        ("6_2020", [["за январь-декабрь 2020 года"]],
         "title «за январь-декабрь 2020 года»; sheet name «6_2020»"),
        ("Лист", [["за 2020 год"], ["за 2021 год"]], "title «за 2020 год»; title «за 2021 год»"),
        # a sheet named by its year alone states that year
        (" 2021 ", [["за 2020 год"]], "title «за 2020 год»; sheet name «2021»"),
    ],
)  # fmt: skip
def test_statements_that_disagree_are_each_named(sheet, rows, found):
    with pytest.raises(InputError) as raised:
        sheet_period(WORKBOOK, sheet, rows)
    error = raised.value
    assert error.message == "the places that state the period disagree"
    assert (error.file, error.row, error.field, error.found) == (
        str(WORKBOOK),
        f"sheet {sheet}",
        "period",
        found,
    )
    assert error.expected == (
        "the same year and months in the title, the header and the sheet name"
    )


@pytest.mark.parametrize("sheet", ["13_2020", "0_2020", "2020_13", "1_1999x", "20201"])
def test_sheet_names_that_state_no_month_of_a_year_are_ignored(sheet):
    assert sheet_period(WORKBOOK, sheet, [["за 2021 год"]])[:3] == (
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
        "A",
    )


# A by-country sheet as the BNS prints it, small: each figure expected below is its cell.
TITLE = "Внешнеторговый оборот по странам за январь-декабрь 2020 года"
UNIT_ROW = ["", "", "", "", "", "", "(тыс. долларов США)"]
HEAD = ["Наименование", "Товарооборот", "", "Экспорт", "", "Импорт", ""]
SUB = ["", "Всего", "удельный вес, %", "всего", "удельный вес в %", "Всего", "удельный вес, %"]
WORLD = ["Всего", 100.5, 100, 60.25, 100, 40.25, 100]
CHINA = ["  Китай ", 30, 29.9, 20, 33.2, 10, None]


def _sheet(*table, above=(["Таблица 5"], [TITLE], UNIT_ROW)):
    return [list(row) for row in (*above, HEAD, SUB, *table)]


BOOK = Path("data/raw/bns/book.xls")


def _annual(monkeypatch, *sheets):
    from tradeviz.ingest import bns_annual

    path = BOOK
    monkeypatch.setattr(bns_annual, "read_sheets", lambda given: list(sheets))
    origin = Origin(path=path, source_file=str(path), vintage="v2", source_url="u", source_org="")
    return bns_annual.read(origin)


def test_a_sheet_gives_each_flow_value_and_share_of_each_partner(monkeypatch):
    table = _annual(
        monkeypatch,
        ("Содержание", [["Основные показатели"]]),  # a cover sheet: no table, skipped
        ("12_2020", _sheet(WORLD, CHINA, [], ["", None, ""], ["Примечание: оценка"])),
    )
    values = table[table[s.MEASURE] == "trade_value"].set_index([s.PARTNER, s.FLOW])[s.VALUE]
    assert values.to_dict() == {
        ("WLD", "turnover"): 100.5,
        ("WLD", "exports"): 60.25,
        ("WLD", "imports"): 40.25,
        ("CHN", "turnover"): 30.0,
        ("CHN", "exports"): 20.0,
        ("CHN", "imports"): 10.0,
    }
    shares = table[table[s.MEASURE] == "partner_share"].set_index([s.PARTNER, s.FLOW])
    assert shares[s.VALUE].to_dict() == {
        ("WLD", "turnover"): 100.0,
        ("WLD", "exports"): 100.0,
        ("WLD", "imports"): 100.0,
        ("CHN", "turnover"): 29.9,
        ("CHN", "exports"): 33.2,
    }  # an empty share cell is not stated
    assert set(shares[s.UNIT]) == {"percent"} and set(shares[s.SCALE]) == {1.0}
    money = table[table[s.MEASURE] == "trade_value"]
    assert set(money[s.UNIT]) == {"USD"} and set(money[s.SCALE]) == {1000.0}
    china = table[table[s.PARTNER] == "CHN"]
    assert set(china[s.LOCATOR]) == {"sheet 12_2020, row 7"}
    assert set(china[s.NOTE]) == {"partner as printed: Китай"}
    assert set(china[s.PARTNER_KIND]) == {"country"}
    assert set(table[s.REPORTER]) == {"KAZ"} and set(table[s.PERSPECTIVE]) == {"KAZ"}
    assert set(table[s.SOURCE]) == {"bns_annual"} and set(table[s.SOURCE_ORG]) == {"KZ_BNS"}
    assert set(table[s.SOURCE_TIER]) == {"official_statistics"}
    assert set(table[s.FREQ]) == {"A"} and set(table[s.PERIOD_LABEL]) == {TITLE}
    assert set(table[s.PERIOD_START]) == {pd.Timestamp("2020-01-01")}
    assert set(table[s.PERIOD_END]) == {pd.Timestamp("2020-12-31")}
    assert set(table[s.VINTAGE]) == {"v2"}


def test_a_sheet_without_shares_and_an_english_edition_read_alike(monkeypatch):
    head = ["Name", "Trade turnover", "Export", "Import"]
    sub = ["", "Total", "Total", "total"]
    rows = [
        ["For January-June 2023"],
        ["thousand US dollars"],
        head,
        sub,
        ["Total", 9, 5, 4],
        ["China", 3, 2, 1],
    ]
    table = _annual(monkeypatch, ("2023_06", rows))
    assert set(table[s.MEASURE]) == {"trade_value"}
    assert set(table[s.FREQ]) == {"YTD"}
    assert set(table[s.PERIOD_END]) == {pd.Timestamp("2023-06-30")}
    assert table.set_index([s.PARTNER, s.FLOW])[s.VALUE].to_dict() == {
        ("WLD", "turnover"): 9.0,
        ("WLD", "exports"): 5.0,
        ("WLD", "imports"): 4.0,
        ("CHN", "turnover"): 3.0,
        ("CHN", "exports"): 2.0,
        ("CHN", "imports"): 1.0,
    }


def _refused(monkeypatch, *sheets) -> InputError:
    with pytest.raises(InputError) as raised:
        _annual(monkeypatch, *sheets)
    assert raised.value.file == str(BOOK)  # every refusal names the workbook
    return raised.value


def test_a_workbook_without_a_table_names_its_sheets(monkeypatch):
    error = _refused(monkeypatch, ("Cover", [["x"]]), ("Notes", [[HEAD[1], HEAD[3]]]))
    assert error.message == "workbook has no recognisable BNS trade table"
    assert error.field == "header" and error.found == "sheets Cover, Notes"
    assert error.expected == "a row with the cells Товарооборот, Экспорт, Импорт"
    assert _refused(monkeypatch).found == "sheets (none)"


def test_a_flow_header_without_its_value_column_is_refused(monkeypatch):
    sub = ["", "Всего", "", "Доля", "", "Всего", ""]
    rows = [["Таблица"], [TITLE], UNIT_ROW, HEAD, sub, WORLD]
    error = _refused(monkeypatch, ("12_2020", rows))
    assert error.message == "value column not found under the flow header"
    assert (error.row, error.field, error.expected, error.found) == (
        "sheet 12_2020, row 5",
        "Экспорт",
        "Всего",
        "Доля",
    )
    short = [["Таблица"], [TITLE], UNIT_ROW, HEAD, ["", "Всего", "", "Всего"]]
    error = _refused(monkeypatch, ("12_2020", short))
    assert (error.field, error.found) == ("Импорт", "")
    # the sub-header ends right before the imports column
    ends = [["Таблица"], [TITLE], UNIT_ROW, HEAD, ["", "Всего", "", "Всего", ""]]
    error = _refused(monkeypatch, ("12_2020", ends))
    assert (error.field, error.found) == ("Импорт", "")
    bottom = [["Таблица"], [TITLE], UNIT_ROW, HEAD]
    assert _refused(monkeypatch, ("12_2020", bottom)).found == ""


def test_an_unknown_unit_is_named_with_its_row(monkeypatch):
    rows = _sheet(WORLD, above=(["Таблица"], [TITLE], ["", "млн тенге"]))
    error = _refused(monkeypatch, ("12_2020", rows))
    assert error.message == "unknown unit"
    assert (error.row, error.field, error.found) == ("sheet 12_2020, row 3", "unit", "млн тенге")
    assert error.expected == "тыс. долларов США"


def test_a_missing_unit_is_refused(monkeypatch):
    error = _refused(monkeypatch, ("12_2020", _sheet(WORLD, above=(["Таблица"], [TITLE]))))
    assert error.message == "unit cell not found above the table header"
    assert (error.row, error.field, error.found) == ("sheet 12_2020", "unit", "none")
    assert error.expected == "a cell reading тыс. долларов США"


def test_the_unit_is_searched_ten_rows_above_the_header_only(monkeypatch):
    far = (["тыс. долларов США"], *([[""]] * 10), [TITLE])
    error = _refused(monkeypatch, ("12_2020", _sheet(WORLD, above=far)))
    assert error.message == "unit cell not found above the table header"
    near = (["тыс. долларов США"], *([[""]] * 8), [TITLE])
    assert len(_annual(monkeypatch, ("12_2020", _sheet(WORLD, above=near)))) == 6


def test_a_table_without_its_world_row_is_refused(monkeypatch):
    error = _refused(monkeypatch, ("12_2020", _sheet(CHINA)))
    assert error.message == "table has no «Всего» (world total) row"
    assert (error.row, error.field, error.found) == ("sheet 12_2020", "Наименование", "none")
    assert error.expected == "a row named Всего under the header"


def test_figures_without_a_partner_name_are_refused(monkeypatch):
    error = _refused(monkeypatch, ("12_2020", _sheet(WORLD, ["", 1, None, "", None, None, None])))
    assert error.message == "row has figures but no partner name"
    assert (error.row, error.field, error.found) == ("sheet 12_2020, row 7", "Наименование", "")
    assert error.expected == "a country or aggregate name"
    share_only = ["", None, 5.0, None, None, None, None]
    assert _refused(monkeypatch, ("12_2020", _sheet(WORLD, share_only))).row == (
        "sheet 12_2020, row 7"
    )


def test_an_unknown_partner_names_the_table_to_extend(monkeypatch):
    error = _refused(monkeypatch, ("12_2020", _sheet(WORLD, ["Атлантида", 1, 1, 1, 1, 1, 1])))
    assert error.message == "unknown country or aggregate name"
    assert (error.row, error.field, error.found) == (
        "sheet 12_2020, row 7",
        "Наименование",
        "Атлантида",
    )
    assert error.expected.startswith("a name known to pycountry or listed in ")
    english = _refused(monkeypatch, ("12_2020", _sheet(WORLD, ["Atlantis", 1, 1, 1, 1, 1, 1])))
    assert english.expected != error.expected  # each edition's own table


def test_a_note_row_with_figures_is_a_partner_and_is_refused(monkeypatch):
    error = _refused(monkeypatch, ("12_2020", _sheet(WORLD, ["Примечание", 1, 1, 1, 1, 1, 1])))
    assert error.found == "Примечание"


@pytest.mark.parametrize(("cell", "column"), [("12,5", "Экспорт"), (True, "Экспорт")])
def test_a_cell_that_is_not_a_number_is_named_with_its_column(monkeypatch, cell, column):
    error = _refused(monkeypatch, ("12_2020", _sheet(WORLD, ["Китай", 1, 1, cell, 1, 1, 1])))
    assert error.message == "not a number"
    assert (error.row, error.field, error.found) == ("sheet 12_2020, row 7", column, cell)
    assert error.expected == "a number or an empty cell"
    shares = _refused(monkeypatch, ("12_2020", _sheet(WORLD, ["Китай", 1, 1, 1, "x", 1, 1])))
    assert (shares.row, shares.field, shares.found) == ("sheet 12_2020, row 7", "Экспорт %", "x")


def test_blank_value_cells_are_not_stated(monkeypatch):
    table = _annual(monkeypatch, ("12_2020", _sheet(WORLD, ["Китай", "  ", None, 2, None])))
    china = table[table[s.PARTNER] == "CHN"]
    assert china[s.FLOW].tolist() == ["exports"]  # short row: the imports cells are absent
    # a row that ends right after the exports value: its share cell is absent, not an error
    table = _annual(monkeypatch, ("12_2020", _sheet(WORLD, ["Китай", "  ", None, 2])))
    china = table[table[s.PARTNER] == "CHN"]
    assert (china[s.FLOW].tolist(), china[s.MEASURE].tolist()) == (["exports"], ["trade_value"])


def test_blank_rows_and_notes_between_partners_are_skipped(monkeypatch):
    russia = ["Россия", 7, 6.9, 5, 8.3, 2, 5.0]
    blank = [None, None, None]  # an empty name cell, not text
    note = ["1) без учёта"]
    table = _annual(monkeypatch, ("12_2020", _sheet(WORLD, blank, CHINA, note, [], russia)))
    values = table[table[s.MEASURE] == "trade_value"]
    assert values.groupby(s.PARTNER)[s.VALUE].sum().to_dict() == {
        "WLD": 100.5 + 60.25 + 40.25,
        "CHN": 30 + 20 + 10,
        "RUS": 7 + 5 + 2,
    }
    russian = table[table[s.PARTNER] == "RUS"]
    assert set(russian[s.LOCATOR]) == {"sheet 12_2020, row 11"}


def test_a_row_of_the_three_flow_headers_alone_is_a_table_header(monkeypatch):
    error = _refused(monkeypatch, ("Лист", [["Товарооборот", "Экспорт", "Импорт"]]))
    assert error.message == "value column not found under the flow header"


def test_the_world_row_is_searched_below_the_header_only(monkeypatch):
    rows = [
        ["thousand US dollars"],
        ["Total trade by country for January-June 2023"],  # above the header: a title
        ["Name", "Trade turnover", "Export", "Import"],
        ["", "Total", "Total", "Total"],
        ["Reference: data for 2019 year"],  # between the header and the table: not a period
        ["Total", 9, 5, 4],
    ]
    table = _annual(monkeypatch, ("2023_06", rows))
    assert table[s.VALUE].tolist() == [9.0, 5.0, 4.0]
    assert set(table[s.LOCATOR]) == {"sheet 2023_06, row 6"}
    assert set(table[s.PERIOD_END]) == {pd.Timestamp("2023-06-30")}


def test_a_period_stated_only_in_the_header_rows_is_read(monkeypatch):
    above = (["Таблица"], ["Внешняя торговля по странам"], UNIT_ROW)
    sub = [*SUB, "за 2021 год"]
    table = _annual(monkeypatch, ("Лист1", [*above, HEAD, sub, WORLD]))
    assert set(table[s.PERIOD_LABEL]) == {"за 2021 год"}
    assert set(table[s.PERIOD_START]) == {pd.Timestamp("2021-01-01")}


def test_a_period_error_names_the_workbook(monkeypatch):
    rows = _sheet(WORLD, above=(["Таблица"], ["Внешняя торговля"], UNIT_ROW))
    error = _refused(monkeypatch, ("Лист1", rows))
    assert error.message == "title with the year not found above the table header"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("book.xls", True), ("BOOK.XLSX", True), ("b.ods", True), ("b.csv", False), ("xls", False)],
)
def test_a_workbook_is_recognised_by_its_extension_in_any_case(name, expected):
    from tradeviz.ingest.bns_annual import looks_like

    assert looks_like(Path("data/raw/bns") / name) is expected


@pytest.mark.parametrize("sheet", ["12_2020", "2020-12", " 2020 ", "2020"])
def test_a_sheet_name_that_agrees_with_a_whole_year_title(sheet):
    assert sheet_period(WORKBOOK, sheet, [[None, 3, "за 2020 год"]]) == (
        dt.date(2020, 1, 1),
        dt.date(2020, 12, 31),
        "A",
        "за 2020 год",
    )


@pytest.mark.parametrize("sheet", ["1_2020", "2020_1", "2020.3", "11-2020"])
def test_a_sheet_name_of_fewer_months_contradicts_a_whole_year_title(sheet):
    with pytest.raises(InputError, match="the places that state the period disagree"):
        sheet_period(WORKBOOK, sheet, [["за 2020 год"]])


@pytest.mark.parametrize(
    "title",
    [
        "For JANUARY-MARCH 2023",
        "за Январь-Март 2023 года",
        "январь - март 2023 г",
        "in January-March 2023",
    ],
)
def test_month_names_are_read_in_either_case_and_edition(title):
    assert sheet_period(WORKBOOK, "Sheet", [[title]])[1:3] == (dt.date(2023, 3, 31), "YTD")


def test_a_period_statement_in_the_header_rows_counts_too():
    rows = [["Таблица"], ["тыс. долларов США"], ["", "2021 год", ""]]
    assert sheet_period(WORKBOOK, "Лист1", rows)[:3] == (
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
        "A",
    )


@pytest.mark.parametrize("text", ["Таблица 2020 стран", "2020 год и прочее", "код 12020"])
def test_a_year_inside_other_words_is_no_period_statement(text):
    with pytest.raises(InputError, match="title with the year not found"):
        sheet_period(WORKBOOK, "Лист1", [[text]])


def test_an_empty_first_flow_leaves_the_others_stated(tmp_path):
    table = _read(tmp_path, "KAZ,WLD,2021-03-01,,2,3")
    assert table[s.FLOW].tolist() == ["imports", "turnover"]
    assert table[s.VALUE].tolist() == [2.0, 3.0]


def test_the_first_and_last_years_a_month_may_name_are_read(tmp_path):
    table = _read(tmp_path, "KAZ,World,1900-01-01,1,,", "KAZ,World,2100-12-01,2,,")
    assert sorted(table[s.PERIOD_START]) == [
        pd.Timestamp("1900-01-01"),
        pd.Timestamp("2100-12-01"),
    ]
    for outside in ("1899-12-01", "2101-01-01"):
        with pytest.raises(InputError, match="not the first day of a month"):
            _read(tmp_path, f"KAZ,World,{outside},1,,")
