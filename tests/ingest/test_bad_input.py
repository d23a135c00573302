"""Every malformed input: one line naming file, row/cell, field, expected and found; exit 2;
nothing written. Fixtures are copies of the real raw files, damaged in tmp_path."""

from __future__ import annotations

import pytest
import yaml

from tradeviz.build import build
from tradeviz.errors import InputError
from tradeviz.ingest import bns_annual, ingest_file

BNS_2020 = "bns/bns_trade_by_country_2020.xls"
WITS_BILATERAL = "wits/kaz_chn_1995_2020.csv"
MONTHLY = "bns/bns_monthly_trade_totals_2019_2022.csv"


def build_fails(raw, tmp_path) -> InputError:
    out = tmp_path / "processed"
    with pytest.raises(InputError) as caught:
        build(raw, out)
    assert not out.exists() or not any(out.iterdir()), "a failed build wrote something"
    assert "\n" not in str(caught.value)
    return caught.value


# --- provenance -------------------------------------------------------------------------------


def test_missing_sidecar_cli(raw_copy, tmp_path, tools):
    (raw_copy / (WITS_BILATERAL + ".meta.yaml")).unlink()
    out = tmp_path / "processed"
    done = tools.run_cli("build", "--raw", str(raw_copy), "--out", str(out))
    tools.assert_one_line_error(
        done, "kaz_chn_1995_2020.csv", "no provenance sidecar", "kaz_chn_1995_2020.csv.meta.yaml"
    )
    assert not out.exists()


def test_sha_mismatch_cli(raw_copy, tmp_path, tools):
    path = raw_copy / WITS_BILATERAL
    path.write_bytes(path.read_bytes().replace(b"283928.93", b"283928.94"))
    out = tmp_path / "processed"
    done = tools.run_cli("build", "--raw", str(raw_copy), "--out", str(out))
    tools.assert_one_line_error(
        done, "kaz_chn_1995_2020.csv", "sha256 mismatch", "field 'sha256'", "d11ba99b"
    )
    assert not out.exists()


def test_sidecar_without_raw_file(raw_copy, tmp_path):
    (raw_copy / WITS_BILATERAL).unlink()
    error = build_fails(raw_copy, tmp_path)
    assert "not fetched yet: run `tradeviz fetch`" in str(error)


def test_plain_sidecar_without_raw_file(raw_copy, tmp_path):
    """A user's own file (its sidecar has no mirror key) that was deleted."""
    sidecar = raw_copy / "statements/statements.csv.meta.yaml"
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    meta["mirror"] = meta["download_url"] = None
    own = raw_copy / "statements/own_notes.csv.meta.yaml"
    own.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    error = build_fails(raw_copy, tmp_path)
    assert "sidecar without its raw file" in str(error)


def test_sidecar_missing_a_key(raw_copy, tmp_path):
    sidecar = raw_copy / (WITS_BILATERAL + ".meta.yaml")
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    del meta["license"]
    sidecar.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    error = build_fails(raw_copy, tmp_path)
    assert (error.field, error.found) == ("license", "no such key")


# --- workbooks --------------------------------------------------------------------------------


def test_empty_workbook(raw_copy, tmp_path, tools):
    path = raw_copy / BNS_2020
    path.write_bytes(b"")
    tools.reseal(path)
    error = build_fails(tools.keep_only_file(raw_copy, BNS_2020), tmp_path)
    assert (error.file, error.message, error.found) == (str(path), "workbook is empty", "0 bytes")


def test_truncated_workbook_cli(raw_copy, tmp_path, tools):
    path = raw_copy / BNS_2020
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    tools.reseal(path)
    out = tmp_path / "processed"
    raw = tools.keep_only_file(raw_copy, BNS_2020)
    done = tools.run_cli("build", "--raw", str(raw), "--out", str(out))
    tools.assert_one_line_error(
        done,
        "bns_trade_by_country_2020.xls",
        "cannot be read",
        "expected a complete Excel workbook",
    )
    assert not out.exists()


def test_workbook_without_a_recognisable_table(raw_copy, tmp_path, tools):
    path = raw_copy / BNS_2020
    tools.replace_text_in_xls(path, "Товарооборот", "Товарозапасы")
    tools.reseal(path)
    error = build_fails(tools.keep_only_file(raw_copy, BNS_2020), tmp_path)
    assert error.message == "workbook has no recognisable BNS trade table"
    assert error.found == "sheets 12_2020, 12_2019"


def test_unknown_country_name(raw_copy, tmp_path, tools):
    path = raw_copy / BNS_2020
    tools.replace_text_in_xls(path, "Китай", "Кутай")
    tools.reseal(path)
    error = build_fails(tools.keep_only_file(raw_copy, BNS_2020), tmp_path)
    assert error.message == "unknown country or aggregate name"
    assert (error.row, error.field, error.found) == (
        "sheet 12_2020, row 72",
        "Наименование",
        "Кутай",
    )


def test_unknown_unit(raw_copy, tmp_path, tools):
    path = raw_copy / BNS_2020
    tools.replace_text_in_xls(path, "тыс. долларов США", "млн. долларов США")
    tools.reseal(path)
    error = build_fails(tools.keep_only_file(raw_copy, BNS_2020), tmp_path)
    assert error.message == "unknown unit"
    assert (error.row, error.expected, error.found) == (
        "sheet 12_2020, row 3",
        "тыс. долларов США",
        "млн. долларов США",
    )


def test_non_numeric_cell_in_a_workbook(raw_copy, monkeypatch):
    """A text cell where a number belongs (the real 12_2020 sheet with China's exports cell
    replaced by a decimal-comma string)."""
    real = bns_annual.read_sheets

    def damaged(path):
        sheets = real(path)
        rows = sheets[0][1]
        rows[71][3] = "9420579,06064"
        return sheets

    monkeypatch.setattr(bns_annual, "read_sheets", damaged)
    with pytest.raises(InputError) as caught:
        ingest_file(raw_copy / BNS_2020)
    error = caught.value
    assert (error.row, error.field, error.found) == (
        "sheet 12_2020, row 72",
        "Экспорт",
        "9420579,06064",
    )


# --- CSV sources ------------------------------------------------------------------------------


def damage_csv(raw_copy, tools, relative, old: bytes, new: bytes):
    path = raw_copy / relative
    tools.replace_bytes(path, old, new)
    tools.reseal(path)
    return path


def test_non_numeric_value(raw_copy, tmp_path, tools):
    path = damage_csv(raw_copy, tools, WITS_BILATERAL, b",283928.93", b",n/a")
    error = build_fails(tools.keep_only_file(raw_copy, WITS_BILATERAL), tmp_path)
    assert (error.file, error.row, error.field, error.found) == (
        str(path),
        2,
        "value_thousand_usd",
        "n/a",
    )


def test_negative_value(raw_copy, tmp_path, tools):
    damage_csv(raw_copy, tools, WITS_BILATERAL, b",283928.93", b",-283928.93")
    error = build_fails(tools.keep_only_file(raw_copy, WITS_BILATERAL), tmp_path)
    assert error.message == "contract rule no_negative_money failed"
    assert (error.row, error.field, error.found) == (
        "row 2, column value_thousand_usd",
        "value",
        -283928.93,
    )
    assert error.file.endswith("wits/kaz_chn_1995_2020.csv")


def test_share_above_100(raw_copy, tmp_path, tools):
    damage_csv(raw_copy, tools, WITS_BILATERAL, b",5.43,", b",105.43,")
    error = build_fails(tools.keep_only_file(raw_copy, WITS_BILATERAL), tmp_path)
    assert error.message == "contract rule share_within_0_100 failed"
    assert (error.row, error.field, error.found) == (
        "row 2, column partner_share_pct",
        "value",
        105.43,
    )


def test_duplicate_keys(raw_copy, tmp_path, tools):
    path = raw_copy / WITS_BILATERAL
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines + [lines[1]]))
    tools.reseal(path)
    error = build_fails(tools.keep_only_file(raw_copy, WITS_BILATERAL), tmp_path)
    assert error.message.startswith("duplicate figure key (same as ")
    assert "row 2, column value_thousand_usd" in error.message
    assert error.row == f"row {len(lines) + 1}, column value_thousand_usd"
    assert error.field == "FIGURE_KEY"


def test_csv_with_bom_is_read_correctly(raw_copy, tools, figures):
    path = raw_copy / WITS_BILATERAL
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    tools.reseal(path)
    with_bom = ingest_file(path, verify=True)
    original = figures[figures.source_file == "data/raw/wits/kaz_chn_1995_2020.csv"]
    assert len(with_bom) == len(original) == 104
    assert list(with_bom.value) == list(original.value)


def test_csv_with_semicolons_is_refused(raw_copy, tmp_path, tools):
    path = raw_copy / MONTHLY
    path.write_bytes(path.read_bytes().replace(b",", b";"))
    tools.reseal(path)
    error = build_fails(tools.keep_only_file(raw_copy, MONTHLY), tmp_path)
    assert (error.row, error.expected) == (1, "comma-separated fields")
    assert "separated by semicolons" in error.message


def test_csv_with_decimal_commas_is_refused(raw_copy, tmp_path, tools):
    damage_csv(raw_copy, tools, MONTHLY, b"5351587.74833999", b'"5351587,74833999"')
    error = build_fails(tools.keep_only_file(raw_copy, MONTHLY), tmp_path)
    assert error.message == "decimal comma in a number"
    assert (error.row, error.field, error.found) == (2, "exports_thousand_usd", "5351587,74833999")


def test_unknown_unit_in_statements(raw_copy, tmp_path, tools):
    damage_csv(raw_copy, tools, "statements/statements.csv", b",3.68,USD,1e8,", b",3.68,CNY,1e8,")
    error = build_fails(tools.keep_only(raw_copy, "statements"), tmp_path)
    assert (error.row, error.field, error.found) == (2, "unit", "CNY")


def test_unknown_adapter_in_sidecar(raw_copy, tmp_path, tools):
    sidecar = raw_copy / (WITS_BILATERAL + ".meta.yaml")
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("adapter: wits_bilateral", "adapter: gacc"),
        encoding="utf-8",
    )
    error = build_fails(tools.keep_only_file(raw_copy, WITS_BILATERAL), tmp_path)
    assert (error.field, error.found) == ("adapter", "gacc")
