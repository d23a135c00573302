"""Adapter: the wiiw FDI Database, foreign direct investment in a country by partner.

One row per direction (``FDI inflow``, ``FDI inward stock``), partner and unit (``EUR m``,
``in % of total``); one column per year (``_2003`` …). The figures are the National Bank of
Kazakhstan's, compiled by wiiw: **net** FDI (equity, reinvested earnings and debt instruments,
directional principle, BPM6 from 2013), in **euros**.

- ``FDI inflow`` / ``EUR m`` → measure ``fdi_net_inflow`` (flow ``inflow``, freq ``A``). Net
  flows can be negative. They are **not** the gross inflows (валовый приток) that officials'
  cumulative figures usually mean.
- ``FDI inward stock`` / ``EUR m`` → ``fdi_stock`` (freq ``S``, the stock on 31 December; a
  net position, negative for a few partners and years).
- The ``in % of total`` rows are **not read**: they are wiiw's own ratios over net positions,
  not clean shares (net-flow "shares" run from below 0 to above 100 %, e.g. China -22.2 % in
  2020, and 59 stock "shares" are negative); a share is recomputed from the euro figures when
  needed, and labelled as computed.

Values stay in euros (unit ``EUR``, scale 1e6): ``value_usd`` is empty, and no exchange rate is
made up. Partners are ISO 3166 alpha-2 codes or wiiw's codes for the world and EU aggregates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import resolve_alpha2
from tradeviz.errors import InputError
from tradeviz.ingest import cells
from tradeviz.ingest.csvtable import HEADER_ROW, read_table
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, tidy_frame, year_span

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "wiiw"
SOURCE_ORG = "WIIW"
COUNTRY_CODE, DIRECTION, PARTNER_CODE, PARTNER = (
    "Country-Code",
    "Direction",
    "Partner-Code",
    "Partner",
)
UNIT, SOURCES_COL = "Unit", "Sources"
LABELS = ("Tree Level 1", COUNTRY_CODE, "Country", DIRECTION, PARTNER_CODE, PARTNER, UNIT)
OPTIONAL_LABELS = ("Footnotes", SOURCES_COL)
EUR_MILLION, PERCENT_OF_TOTAL = "eur m", "in % of total"
#: (direction, unit) → (measure, freq, unit, scale); pairs not listed are refused, and pairs
#: mapped to None are skipped on purpose (see the module docstring).
READINGS: dict[tuple[str, str], tuple[str, str, str, float] | None] = {
    ("fdi inflow", EUR_MILLION): ("fdi_net_inflow", "A", "EUR", 1e6),
    ("fdi inward stock", EUR_MILLION): ("fdi_stock", "S", "EUR", 1e6),
    ("fdi inward stock", PERCENT_OF_TOTAL): None,
    ("fdi inflow", PERCENT_OF_TOTAL): None,
}
_YEAR = re.compile(r"^_?((?:19|20)\d{2})$")


def looks_like(columns: set[str]) -> bool:
    """Return whether a CSV header has the wiiw FDI columns."""
    return {DIRECTION, PARTNER_CODE, UNIT, COUNTRY_CODE} <= columns


def read(origin: Origin) -> pd.DataFrame:
    """Read a wiiw FDI-by-partner table into tidy figures.

    Raises
    ------
    InputError
        For a missing column, a column that is neither a label nor a year, an unknown
        direction or unit, a non-numeric value or an unknown country or partner code.
    """
    path = origin.path
    table = read_table(path, LABELS)
    extra = [c for c in table.columns if c not in LABELS + OPTIONAL_LABELS]
    years = {c: int(_YEAR.match(c.strip())[1]) for c in extra if _YEAR.match(c.strip())}
    bad = [c for c in extra if c not in years]
    if bad or not years:
        raise InputError(
            "year column does not parse",
            file=path,
            row=HEADER_ROW,
            field=bad[0] if bad else "years",
            expected="a year column such as _2003",
            found=bad[0] if bad else "no year columns",
        )
    records: list[dict[str, Any]] = []
    # Every column is text: plain dicts read as the rows of ``iterrows`` do, without a Series each.
    for row_number, line in zip(table.index, table.to_dict("records"), strict=True):
        where = row_number
        key = (cells.text(line[DIRECTION]), cells.text(line[UNIT]))
        if key not in READINGS:
            field = UNIT if key[0] in {d for d, _ in READINGS} else DIRECTION
            raise InputError(
                "unknown unit" if field == UNIT else "unknown direction",
                file=path,
                row=where,
                field=field,
                expected="EUR m or in % of total"
                if field == UNIT
                else "FDI inflow or FDI inward stock",
                found=line[field],
            )
        reading = READINGS[key]
        if reading is None:
            continue
        measure, freq, unit, scale = reading
        reporter = cells.partner(
            line[COUNTRY_CODE],
            file=path,
            row=where,
            field=COUNTRY_CODE,
            language="alpha2",
            resolver=resolve_alpha2,
        )
        partner = cells.partner(
            line[PARTNER_CODE],
            file=path,
            row=where,
            field=PARTNER_CODE,
            language="alpha2",
            resolver=resolve_alpha2,
        )
        for column, year in years.items():
            value = cells.number(line[column], file=path, row=where, field=column)
            if value is None:
                continue
            start, end = year_span(year)
            if freq == "S":
                start = end = dt.date(year, 12, 31)
            records.append(
                {
                    s.REPORTER: reporter.code,
                    s.PARTNER: partner.code,
                    s.PARTNER_KIND: partner.kind,
                    s.FLOW: "inflow",
                    s.MEASURE: measure,
                    s.FREQ: freq,
                    s.PERIOD_START: start,
                    s.PERIOD_END: end,
                    s.PERIOD_LABEL: str(year) if freq == "A" else f"end of {year}",
                    s.VALUE: value,
                    s.UNIT: unit,
                    s.SCALE: scale,
                    s.PERSPECTIVE: reporter.code,
                    s.SOURCE: SOURCE,
                    **origin.provenance(SOURCE_ORG),
                    s.SOURCE_TIER: OFFICIAL_STATISTICS,
                    s.LOCATOR: f"row {where}, column {column}",
                    s.NOTE: f"partner as printed: {line[PARTNER]}; {line[DIRECTION]}, "
                    f"{line[UNIT]}; net FDI (directional principle), not gross inflows",
                }
            )
    return tidy_frame(records)
