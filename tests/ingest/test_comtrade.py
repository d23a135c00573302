"""Comtrade-format long CSV: codes as text, vocabulary, errors naming the row."""

from __future__ import annotations

import pandas as pd
import pytest

from tradeviz.contract import validate_figures
from tradeviz.errors import InputError
from tradeviz.ingest import detect_adapter, ingest_file
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
