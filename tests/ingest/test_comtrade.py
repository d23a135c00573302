"""Comtrade-format long CSV: codes as text, vocabulary, errors naming the row."""

from __future__ import annotations

import pandas as pd
import pytest

from tradeviz.contract import validate_figures
from tradeviz.errors import InputError
from tradeviz.ingest import comtrade, detect_adapter, ingest_file
from tradeviz.ingest.comtrade import read_long

HEADER = "reporterISO,partnerISO,flowCode,period,cmdCode,primaryValue\n"


def write(tmp_path, body: str, name="comtrade.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_reads_codes_as_text_with_leading_zeros(tmp_path):
    path = write(
        tmp_path,
        "KAZ,CHN,X,2020,010121,1500.5\n"
        "KAZ,CHN,M,202003,0802,20\n"
        "KAZ,W00,X,2020,TOTAL,47540772695.68\n"
        "CHN,KAZ,X,2021,27,3\n",
    )
    assert detect_adapter(path) == "comtrade"
    figures = ingest_file(path)
    validate_figures(figures)
    assert list(figures.product_code) == ["010121", "0802", "TOTAL", "27"]
    assert list(figures.classification) == ["HS6", "HS4", "TOTAL", "HS2"]
    assert list(figures.flow) == ["exports", "imports", "exports", "exports"]
    assert list(figures.freq) == ["A", "M", "A", "A"]
    assert figures.period_end.iloc[1] == pd.Timestamp("2020-03-31")
    assert list(figures.partner) == ["CHN", "CHN", "WLD", "KAZ"]
    assert list(figures.perspective) == ["KAZ", "KAZ", "KAZ", "CHN"]
    assert figures.value_usd.iloc[2] == 47540772695.68
    assert list(figures.locator) == ["row 2", "row 3", "row 4", "row 5"]


@pytest.mark.parametrize(
    ("line", "row", "field", "found"),
    [
        ("KAZ,CHN,RX,2020,0802,1", 3, "flowCode", "RX"),
        ("KAZ,CHN,X,20201,0802,1", 3, "period", "20201"),
        ("KAZ,CHN,X,2020,802,1", 3, "cmdCode", "802"),
        ("KAZ,ZZZ,X,2020,0802,1", 3, "partnerISO", "ZZZ"),
        ("KAZ,CHN,X,2020,0802,abc", 3, "primaryValue", "abc"),
        ('KAZ,CHN,X,2020,0802,"12,5"', 3, "primaryValue", "12,5"),
        ("KAZ,CHN,X,2020,0802,-4", 3, "primaryValue", -4.0),
    ],
)
def test_bad_rows_are_named(tmp_path, line, row, field, found):
    path = write(tmp_path, "KAZ,CHN,X,2020,0802,1\n" + line + "\n")
    with pytest.raises(InputError) as caught:
        read_long(path)
    error = caught.value
    assert (error.row, error.field, error.found) == (row, field, found)
    assert str(error).startswith(str(path))


def test_missing_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "reporterISO,partnerISO,flowCode,period,cmdCode\nKAZ,CHN,X,2020,0802\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="primaryValue"):
        read_long(path)


ROWS = "KAZ,CHN,M,2020,0802,20\nKAZ,CHN,X,2020,010121,1500.5\nKAZ,W00,X,2021,TOTAL,7\n"


@pytest.mark.parametrize("spelling", ["x", " X", "X ", '"X"'])
def test_any_accepted_spelling_of_a_flow_reads_as_the_plain_one(tmp_path, spelling):
    plain = read_long(write(tmp_path, ROWS, "plain.csv"))
    spelled = ROWS.replace("CHN,X,", f"CHN,{spelling},")
    assert spelled != ROWS
    pd.testing.assert_frame_equal(read_long(write(tmp_path, spelled, "spelled.csv")), plain)


def test_flows_are_named_in_order_of_first_appearance(tmp_path):
    imports_first = read_long(write(tmp_path, ROWS, "m.csv"))
    assert list(imports_first.flow.cat.categories) == ["imports", "exports"]
    assert list(imports_first.flow) == ["imports", "exports", "exports"]
    exports_first = read_long(write(tmp_path, ROWS.replace(",M,", ",X,", 1), "x.csv"))
    assert list(exports_first.flow.cat.categories) == ["exports"]
    assert list(exports_first.flow) == ["exports"] * 3
    only_imports = read_long(write(tmp_path, ROWS.replace(",X,", ",M,"), "only_m.csv"))
    assert list(only_imports.flow.cat.categories) == ["imports"]


def test_an_empty_flow_is_named_by_its_row(tmp_path):
    with pytest.raises(InputError) as caught:
        read_long(write(tmp_path, ROWS + "KAZ,CHN,,2020,0802,1\n"))
    assert (caught.value.row, caught.value.field, caught.value.found) == (5, "flowCode", "")


def test_the_first_bad_column_is_reported_when_several_are_bad(tmp_path):
    body = ROWS + "KAZ,ZZZ,X,2020,0802,1\nQQQ,CHN,X,2020,0802,1\n"
    with pytest.raises(InputError) as caught:
        read_long(write(tmp_path, body))
    assert (caught.value.row, caught.value.field) == (6, "reporterISO")


@pytest.mark.parametrize(
    ("cell", "message", "found"),
    [
        ("inf", "not a finite number", "inf"),
        ("NaN", "not a finite number", "NaN"),
        ("1e400", "not a finite number", "1e400"),
        ("", "value missing", ""),
        ("NA", "not a number", "NA"),
    ],
)
def test_a_value_that_is_not_a_finite_number_is_named(tmp_path, cell, message, found):
    path = write(tmp_path, f"KAZ,CHN,X,2020,0802,1\nKAZ,CHN,X,2020,0802,{cell}\n")
    with pytest.raises(InputError, match=message) as caught:
        read_long(path)
    assert (caught.value.row, caught.value.field, caught.value.found) == (3, "primaryValue", found)


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (b"KAZ,CH\xe9,X,2020,0802,1", "partnerISO", "text is not UTF-8"),
        (b"KAZ,CHN,X,2020,08\xe9,1", "cmdCode", "text is not UTF-8"),
        (b"KAZ,CHN,X,2020,0802,1\xe9", "primaryValue", "not a number"),
    ],
)
def test_bytes_that_are_not_utf8_are_named_in_one_line(tmp_path, tools, line, field, message):
    path = tmp_path / "comtrade.csv"
    path.write_bytes((HEADER + "KAZ,CHN,X,2020,0802,1\n").encode() + line + b"\n")
    with pytest.raises(InputError, match=message) as caught:
        read_long(path)
    assert (caught.value.row, caught.value.field) == (3, field)
    assert "\ufffd" in caught.value.found
    tools.assert_one_line_error(tools.run_cli("ingest", str(path)), message, f"'{field}'")


def test_a_file_read_in_many_blocks_gives_back_every_row(tmp_path, monkeypatch):
    """Blocks of a few rows each: columns of one width and of several, across the chunks."""
    reporters = ["KAZ", "CHN", "UZB"]
    partners = ["CHN", "W00", "KAZ", "World"]  # "World" makes the widths differ, late on
    periods = ["2020", "202003", "2021"]
    commodities = ["010121", "27", "TOTAL", "0802"]
    rows = [
        (reporters[i % 3], partners[(i // 40) % 4], "XM"[i % 2], periods[i % 3], commodities[i % 4])
        for i in range(200)
    ]
    body = "".join(f"{r},{p},{f},{t},{c},{i}.5\n" for i, (r, p, f, t, c) in enumerate(rows))
    path = write(tmp_path, body)
    monkeypatch.setattr(comtrade, "READ_BLOCK_BYTES", 256)
    frame = read_long(path)
    assert list(frame.reporter) == [row[0] for row in rows]
    assert list(frame.partner) == [
        {"W00": "WLD", "World": "WLD"}.get(row[1], row[1]) for row in rows
    ]
    assert list(frame.flow) == [{"X": "exports", "M": "imports"}[row[2]] for row in rows]
    assert list(frame.period_label) == [
        f"{t[:4]}-{t[4:]}" if len(t) == 6 else t for _, _, _, t, _ in rows
    ]
    assert list(frame.product_code) == [row[4] for row in rows]
    assert list(frame.value) == [i + 0.5 for i in range(len(rows))]
