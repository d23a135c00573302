"""WITS extracts: values, shares, HS codes as text, product-line sums kept out of totals.

Every expected value is read here, with the csv module, from the raw file's own cell (the
oracle); the figures come from the adapter. Rows are matched through ``source_file``, so a WITS
extract a user adds beside these never changes what these tests compare.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

WITS_DIR = Path("data") / "raw" / "wits"
BILATERAL = WITS_DIR / "kaz_chn_1995_2020.csv"
LINE_SUMS = WITS_DIR / "kaz_chn_wld_hs4_sums_2015_2024.csv"
TOP15 = {
    "exports": WITS_DIR / "kaz_exports_to_chn_top15_hs4_2015_2024.csv",
    "imports": WITS_DIR / "kaz_imports_from_chn_top15_hs4_2015_2024.csv",
}
SECTIONS = WITS_DIR / "kaz_imports_by_hs_section_chn_wld_2015_2024.csv"
#: The raw files' flow words.
FLOWS = {
    "KAZ exports to CHN": "exports",
    "KAZ imports from CHN": "imports",
    "Export": "exports",
    "Import": "imports",
}


def raw_rows(project_root: Path, relative: Path) -> list[dict[str, str]]:
    with (project_root / relative).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def wits(figures):
    return figures[figures.source == "wits"]


def from_file(wits, relative: Path):
    """The figures read from one file, with the year of each period (``year``) beside them."""
    rows = wits[wits.source_file == relative.as_posix()]
    assert len(rows), f"no figure from {relative}"
    return rows.assign(year=rows.period_start.dt.year)


def one(rows, **fields):
    """The single figure of ``rows`` whose columns equal ``fields`` (``year`` is the period's)."""
    if "year" in fields:
        fields["year"] = int(fields["year"])
    mask = np.ones(len(rows), dtype=bool)
    for column, value in fields.items():
        mask &= rows[column].to_numpy() == value
    found = np.flatnonzero(mask)
    assert len(found) == 1, (fields, len(found))
    return rows.iloc[found[0]]


def test_bilateral_values_and_shares_equal_the_raw_cells(wits, project_root):
    rows = from_file(wits, BILATERAL)
    raw = raw_rows(project_root, BILATERAL)
    assert len(rows) == 2 * len(raw)  # a value and a share per raw row
    for cell in raw:
        flow = FLOWS[cell["flow"]]
        value = one(rows, year=cell["Year"], flow=flow, measure="trade_value")
        assert value.value == float(cell["value_thousand_usd"])
        assert value.value_usd == pytest.approx(float(cell["value_thousand_usd"]) * 1000)
        share = one(rows, year=cell["Year"], flow=flow, measure="partner_share")
        assert share.value == float(cell["partner_share_pct"])
    assert set(rows.partner) == {"CHN"} and set(rows.perspective) == {"KAZ"}
    assert set(rows.classification) == {"TOTAL"}
    assert set(rows.source_tier) == {"official_statistics"} and set(rows.source_org) == {"WITS"}


@pytest.mark.parametrize("flow", sorted(TOP15))
def test_hs4_codes_are_kept_as_text_with_their_leading_zeros(wits, project_root, flow):
    rows = from_file(wits, TOP15[flow])
    raw = raw_rows(project_root, TOP15[flow])
    assert len(rows) == len(raw)
    for cell in raw:
        figure = one(
            rows,
            year=cell["Year"],
            flow=FLOWS[cell["TradeFlowName"]],
            product_code=cell["ProductCode"],
        )
        assert figure.value == float(cell["TradeValuein1000USD"])
        assert figure.classification == "HS4"
    leading_zero = [cell for cell in raw if cell["ProductCode"].startswith("0")]
    if flow == "imports":
        assert leading_zero, "the imports extract has HS-4 codes such as 0802 (nuts)"
    assert set(rows.product_code) == {cell["ProductCode"] for cell in raw}


def test_product_line_sums_equal_the_raw_cells_and_are_not_totals(wits, project_root):
    rows = from_file(wits, LINE_SUMS)
    raw = raw_rows(project_root, LINE_SUMS)
    assert len(rows) == len(raw)
    for cell in raw:
        figure = one(rows, year=cell["Year"], partner=cell["partner"], flow=FLOWS[cell["flow"]])
        assert figure.value == float(cell["value_thousand_usd"])
        assert figure.note.startswith(f"sum of {int(cell['n_hs4_lines'])} HS-4 lines")
    assert set(rows.measure) == {"product_lines_sum"}
    assert set(rows.product_code) == {"LINES_SUM"} and set(rows.classification) == {"HS4"}
    assert not (wits[wits.classification == "TOTAL"].measure == "product_lines_sum").any()


def test_sums_far_below_bns_totals_2020(figures, wits, project_root):
    cell = next(
        cell
        for cell in raw_rows(project_root, LINE_SUMS)
        if (cell["Year"], cell["partner"], cell["flow"]) == ("2020", "CHN", "Import")
    )
    bns = figures[
        (figures.source == "bns_annual")
        & (figures.partner == "CHN")
        & (figures.flow == "imports")
        & (figures.measure == "trade_value")
        & (figures.vintage == "2021-07-28")
        & (figures.period_start.dt.year == 2020)
    ].value
    assert len(bns) == 1
    assert float(cell["value_thousand_usd"]) < 0.5 * bns.iloc[0]  # the caveat the README states


def test_sections_take_code_and_label_from_the_raw_cell_and_skip_absent_years(wits, project_root):
    rows = from_file(wits, SECTIONS)
    raw = [
        cell
        for cell in raw_rows(project_root, SECTIONS)
        if cell["PartnerISO3"] == "CHN" and cell["ProductCode"].startswith("84-85_")
    ]
    code, label = raw[0]["ProductCode"].split("_", 1)
    machinery = rows[(rows.product_code == code) & (rows.partner == "CHN")]
    assert set(machinery.product_label) == {label}
    assert sorted(machinery.period_start.dt.year) == sorted(int(cell["Year"]) for cell in raw)
    by_year = machinery.set_index(machinery.period_start.dt.year).value.to_dict()
    assert by_year == {int(cell["Year"]): float(cell["TradeValuein1000USD"]) for cell in raw}
    assert 2020 not in by_year  # the extract states no 2020 value for China: no row


def test_world_partner(wits):
    world = wits[wits.partner == "WLD"]
    assert len(world) and set(world.partner_kind) == {"world"}
