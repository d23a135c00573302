"""Adapters: WITS (UN Comtrade, reporter Kazakhstan) extracts, all in thousand USD.

Five layouts, one function each (the sidecar's ``adapter`` names it; without a sidecar the
header decides, see :data:`SIGNATURES`):

- ``wits_bilateral``: ``reporter, partner, Year, flow, partner_share_pct, value_thousand_usd`` →
  a ``trade_value`` and a ``partner_share`` row per year and flow;
- ``wits_hs4_sums``: sums of all HS-4 lines of a download → measure ``product_lines_sum``,
  classification ``HS4``, product code ``LINES_SUM``. **Not a total**: the 2020–2022 downloads
  miss whole chapters, so these sums are far below the national totals;
- ``wits_top_hs4``: the 15 largest HS-4 products per year → ``trade_value`` with classification
  ``HS4`` and the code as 4-character text (``0802``);
- ``wits_imports_by_partner``: imports by partner, summed over HS sections → measure
  ``product_lines_sum``, classification ``HS_SECTION``, product code ``LINES_SUM``;
- ``wits_imports_by_section``: imports by HS section group → ``trade_value``, classification
  ``HS_SECTION``, code ``84-85`` and label ``MachElec`` as WITS prints them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import UnknownPartnerError, resolve_code
from tradeviz.errors import InputError
from tradeviz.ingest.csvtable import read_table
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, tidy_frame, year_span

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "wits"
SOURCE_ORG = "WITS"
REPORTER = "KAZ"
SCALE_THOUSAND = 1e3
LINES_SUM_CODE = "LINES_SUM"
PRODUCT_LINES_SUM = "product_lines_sum"
PERCENT = "percent"
YEAR = "Year"
MIN_YEAR, MAX_YEAR = 1900, 2100

#: Flow words as the WITS files print them.
FLOW_WORDS = {"export": "exports", "exports": "exports", "import": "imports", "imports": "imports"}
_BILATERAL_FLOW = re.compile(
    r"^(?P<rep>[A-Z]{3}) (?P<flow>exports to|imports from) (?P<par>[A-Z]{3})$"
)
_HS4 = re.compile(r"^\d{4}$")
_SECTION = re.compile(r"^(?P<code>\d{2}-\d{2})_(?P<label>\w+)$")

#: Columns that identify each layout (used when a file has no sidecar).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "wits_bilateral": (
        "reporter",
        "partner",
        YEAR,
        "flow",
        "partner_share_pct",
        "value_thousand_usd",
    ),
    "wits_hs4_sums": (YEAR, "reporter", "partner", "flow", "value_thousand_usd", "n_hs4_lines"),
    "wits_top_hs4": (
        YEAR,
        "ReporterISO3",
        "PartnerISO3",
        "TradeFlowName",
        "ProductCode",
        "TradeValuein1000USD",
        "rank_in_year",
    ),
    "wits_imports_by_partner": (
        YEAR,
        "PartnerISO3",
        "PartnerName",
        "TradeValuein1000USD",
        "rank_in_year",
    ),
    "wits_imports_by_section": (YEAR, "PartnerISO3", "ProductCode", "TradeValuein1000USD"),
}


def _common(origin: Origin) -> dict[str, Any]:
    return {
        s.FREQ: "A",
        s.SOURCE: SOURCE,
        **origin.provenance(SOURCE_ORG),
        s.SOURCE_TIER: OFFICIAL_STATISTICS,
    }


def _year(origin: Origin, row: int, value: float) -> tuple[dt.date, dt.date, str]:
    # A missing year reads as NaN: compare the range first (NaN fails it) before int().
    if not (MIN_YEAR <= value <= MAX_YEAR and value == int(value)):
        raise InputError(
            "not a year",
            file=origin.path,
            row=row,
            field=YEAR,
            expected="a year such as 2020",
            found=value,
        )
    start, end = year_span(int(value))
    return start, end, str(int(value))


def _partner(origin: Origin, row: int, field: str, text: str) -> Any:
    try:
        return resolve_code(text)
    except UnknownPartnerError:
        raise InputError(
            "unknown partner code",
            file=origin.path,
            row=row,
            field=field,
            expected="an ISO3 code or WLD",
            found=text,
        ) from None


def _reporter(origin: Origin, row: int, field: str, text: str) -> str:
    partner = _partner(origin, row, field, text)
    if partner.kind != "country":
        raise InputError(
            "reporter is not a country",
            file=origin.path,
            row=row,
            field=field,
            expected="an ISO3 country code",
            found=text,
        )
    return partner.code


def _flow(origin: Origin, row: int, field: str, text: str) -> str:
    flow = FLOW_WORDS.get(text.strip().lower())
    if flow is None:
        raise InputError(
            "unknown trade flow",
            file=origin.path,
            row=row,
            field=field,
            expected="Export or Import",
            found=text,
        )
    return flow


def _value_row(value: float) -> dict[str, Any]:
    return {s.VALUE: value, s.UNIT: "USD", s.SCALE: SCALE_THOUSAND}


def read_bilateral(origin: Origin) -> pd.DataFrame:
    """Read ``kaz_chn_1995_2020.csv``: values and China's shares, one row per year and flow."""
    import pandas as pd

    columns = SIGNATURES["wits_bilateral"]
    table = read_table(
        origin.path, columns, numeric=(YEAR, "partner_share_pct", "value_thousand_usd")
    )
    records = []
    for row, line in table.iterrows():
        start, end, label = _year(origin, row, line[YEAR])
        match = _BILATERAL_FLOW.match(line["flow"].strip())
        reporter = _reporter(origin, row, "reporter", line["reporter"])
        partner = _partner(origin, row, "partner", line["partner"])
        if not match or match["rep"] != reporter or match["par"] != partner.code:
            raise InputError(
                "flow does not read '<reporter> exports to|imports from <partner>' for this row",
                file=origin.path,
                row=row,
                field="flow",
                expected=f"{reporter} exports to / imports from {partner.code}",
                found=line["flow"],
            )
        flow = "exports" if match["flow"] == "exports to" else "imports"
        base = {
            **_common(origin),
            s.REPORTER: reporter,
            s.PERSPECTIVE: reporter,
            s.PARTNER: partner.code,
            s.PARTNER_KIND: partner.kind,
            s.FLOW: flow,
            s.PERIOD_START: start,
            s.PERIOD_END: end,
            s.PERIOD_LABEL: label,
        }
        if not pd.isna(line["value_thousand_usd"]):
            records.append(
                {
                    **base,
                    **_value_row(line["value_thousand_usd"]),
                    s.MEASURE: "trade_value",
                    s.LOCATOR: f"row {row}, column value_thousand_usd",
                }
            )
        if not pd.isna(line["partner_share_pct"]):
            records.append(
                {
                    **base,
                    s.MEASURE: "partner_share",
                    s.VALUE: line["partner_share_pct"],
                    s.UNIT: PERCENT,
                    s.SCALE: 1.0,
                    s.LOCATOR: f"row {row}, column partner_share_pct",
                }
            )
    return tidy_frame(records)


def read_hs4_sums(origin: Origin) -> pd.DataFrame:
    """Read the sums of HS-4 lines (measure ``product_lines_sum``, never a total)."""
    import pandas as pd

    columns = SIGNATURES["wits_hs4_sums"]
    table = read_table(origin.path, columns, numeric=(YEAR, "value_thousand_usd", "n_hs4_lines"))
    records = []
    for row, line in table.iterrows():
        if pd.isna(line["value_thousand_usd"]):
            continue
        start, end, label = _year(origin, row, line[YEAR])
        reporter = _reporter(origin, row, "reporter", line["reporter"])
        partner = _partner(origin, row, "partner", line["partner"])
        lines = line["n_hs4_lines"]
        count = "an unstated number of" if pd.isna(lines) else f"{int(lines)}"
        records.append(
            {
                **_common(origin),
                **_value_row(line["value_thousand_usd"]),
                s.REPORTER: reporter,
                s.PERSPECTIVE: reporter,
                s.PARTNER: partner.code,
                s.PARTNER_KIND: partner.kind,
                s.FLOW: _flow(origin, row, "flow", line["flow"]),
                s.MEASURE: PRODUCT_LINES_SUM,
                s.PERIOD_START: start,
                s.PERIOD_END: end,
                s.PERIOD_LABEL: label,
                s.CLASSIFICATION: "HS4",
                s.PRODUCT_CODE: LINES_SUM_CODE,
                s.PRODUCT_LABEL: "sum of the HS-4 lines in the download",
                s.LOCATOR: f"row {row}",
                s.NOTE: f"sum of {count} HS-4 lines; not the national total (lines can be missing)",
            }
        )
    return tidy_frame(records)


def read_top_hs4(origin: Origin) -> pd.DataFrame:
    """Read a top-15 HS-4 products table (codes kept as 4-character text)."""
    import pandas as pd

    columns = SIGNATURES["wits_top_hs4"]
    table = read_table(origin.path, columns, numeric=(YEAR, "TradeValuein1000USD"))
    records = []
    for row, line in table.iterrows():
        if pd.isna(line["TradeValuein1000USD"]):
            continue
        start, end, label = _year(origin, row, line[YEAR])
        code = line["ProductCode"].strip()
        if not _HS4.match(code):
            raise InputError(
                "not an HS-4 code",
                file=origin.path,
                row=row,
                field="ProductCode",
                expected="four digits as text, e.g. 0802",
                found=line["ProductCode"],
            )
        reporter = _reporter(origin, row, "ReporterISO3", line["ReporterISO3"])
        partner = _partner(origin, row, "PartnerISO3", line["PartnerISO3"])
        rank = line["rank_in_year"].strip()
        records.append(
            {
                **_common(origin),
                **_value_row(line["TradeValuein1000USD"]),
                s.REPORTER: reporter,
                s.PERSPECTIVE: reporter,
                s.PARTNER: partner.code,
                s.PARTNER_KIND: partner.kind,
                s.FLOW: _flow(origin, row, "TradeFlowName", line["TradeFlowName"]),
                s.MEASURE: "trade_value",
                s.PERIOD_START: start,
                s.PERIOD_END: end,
                s.PERIOD_LABEL: label,
                s.CLASSIFICATION: "HS4",
                s.PRODUCT_CODE: code,
                s.LOCATOR: f"row {row}",
                s.NOTE: f"rank {rank} in the year" if rank else "",
            }
        )
    return tidy_frame(records)


def read_imports_by_partner(origin: Origin) -> pd.DataFrame:
    """Read imports by partner (sums over HS sections: measure ``product_lines_sum``)."""
    import pandas as pd

    columns = SIGNATURES["wits_imports_by_partner"]
    table = read_table(origin.path, columns, numeric=(YEAR, "TradeValuein1000USD"))
    records = []
    for row, line in table.iterrows():
        if pd.isna(line["TradeValuein1000USD"]):
            continue
        start, end, label = _year(origin, row, line[YEAR])
        partner = _partner(origin, row, "PartnerISO3", line["PartnerISO3"])
        rank = line["rank_in_year"].strip()
        note = f"partner as printed: {line['PartnerName'].strip()}"
        if rank:
            note += f"; rank {rank} in the year"
        records.append(
            {
                **_common(origin),
                **_value_row(line["TradeValuein1000USD"]),
                s.REPORTER: REPORTER,
                s.PERSPECTIVE: REPORTER,
                s.PARTNER: partner.code,
                s.PARTNER_KIND: partner.kind,
                s.FLOW: "imports",
                s.MEASURE: PRODUCT_LINES_SUM,
                s.PERIOD_START: start,
                s.PERIOD_END: end,
                s.PERIOD_LABEL: label,
                s.CLASSIFICATION: "HS_SECTION",
                s.PRODUCT_CODE: LINES_SUM_CODE,
                s.PRODUCT_LABEL: "sum of the HS-section lines in the download",
                s.LOCATOR: f"row {row}",
                s.NOTE: note + "; not the national total (lines can be missing)",
            }
        )
    return tidy_frame(records)


def read_imports_by_section(origin: Origin) -> pd.DataFrame:
    """Read imports by HS section group (``84-85_MachElec``: code ``84-85``, label ``MachElec``)."""
    import pandas as pd

    columns = SIGNATURES["wits_imports_by_section"]
    table = read_table(origin.path, columns, numeric=(YEAR, "TradeValuein1000USD"))
    records = []
    for row, line in table.iterrows():
        if pd.isna(line["TradeValuein1000USD"]):
            continue
        start, end, label = _year(origin, row, line[YEAR])
        partner = _partner(origin, row, "PartnerISO3", line["PartnerISO3"])
        match = _SECTION.match(line["ProductCode"].strip())
        if not match:
            raise InputError(
                "not a WITS HS section group",
                file=origin.path,
                row=row,
                field="ProductCode",
                expected="NN-NN_Label, e.g. 84-85_MachElec",
                found=line["ProductCode"],
            )
        records.append(
            {
                **_common(origin),
                **_value_row(line["TradeValuein1000USD"]),
                s.REPORTER: REPORTER,
                s.PERSPECTIVE: REPORTER,
                s.PARTNER: partner.code,
                s.PARTNER_KIND: partner.kind,
                s.FLOW: "imports",
                s.MEASURE: "trade_value",
                s.PERIOD_START: start,
                s.PERIOD_END: end,
                s.PERIOD_LABEL: label,
                s.CLASSIFICATION: "HS_SECTION",
                s.PRODUCT_CODE: match["code"],
                s.PRODUCT_LABEL: match["label"],
                s.LOCATOR: f"row {row}",
            }
        )
    return tidy_frame(records)


READERS: dict[str, Callable[[Origin], pd.DataFrame]] = {
    "wits_bilateral": read_bilateral,
    "wits_hs4_sums": read_hs4_sums,
    "wits_top_hs4": read_top_hs4,
    "wits_imports_by_partner": read_imports_by_partner,
    "wits_imports_by_section": read_imports_by_section,
}
