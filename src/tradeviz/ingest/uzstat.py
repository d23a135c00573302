"""Adapter: Statistics Agency of Uzbekistan (stat.uz) open-data SDMX tables of trade by country.

Columns ``Code`` (ISO 3166 numeric), ``Klassifikator`` (Uzbek), ``Klassifikator_ru``,
``Klassifikator_en``, then one column per year; thousand US dollars. One file per flow: the
flow is not printed in the table, so the sidecar states it (``flow: exports``), or, for a file
read without a sidecar, the file name does (``…export…``/``…import…``, or the stat.uz dataset
number 1105/1176).

The partner is resolved from the numeric code (the names are kept in ``note``). Code ``0``
(«Другие страны», partners not specified) is the aggregate ``UNSPECIFIED``. **The tables state no
world total**, and none is made up here: a share computed over the listed partners is a computed
denominator, never a stated total. A printed ``0.0`` is a stated zero and kept.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tradeviz import schema as s
from tradeviz.countries import resolve_numeric
from tradeviz.errors import InputError
from tradeviz.ingest import cells
from tradeviz.ingest.csvtable import HEADER_ROW, parse_numbers, read_table
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, finish_frame

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "uzstat"
SOURCE_ORG = "UZ_STAT"
REPORTER = "UZB"
CODE, NAME_UZ, NAME_RU, NAME_EN = "Code", "Klassifikator", "Klassifikator_ru", "Klassifikator_en"
COLUMNS = (CODE, NAME_UZ, NAME_RU, NAME_EN)
#: The unit of the stat.uz trade-by-country series (the sidecar's ``unit`` may restate it).
DEFAULT_UNIT = "тыс. долларов США"
FLOW_WORDS = {"export": "exports", "import": "imports", "1105": "exports", "1176": "imports"}
_YEAR = re.compile(r"^(19|20)\d{2}$")


def looks_like(columns: set[str]) -> bool:
    """Return whether a CSV header has the stat.uz SDMX columns."""
    return set(COLUMNS) <= columns


def _flow(origin: Origin) -> str:
    stated = origin.sidecar.get("flow") if origin.sidecar else None
    if stated in ("exports", "imports"):
        return stated
    if stated is None:
        for word, flow in FLOW_WORDS.items():
            if word in origin.path.name.lower():
                return flow
    raise InputError(
        "the flow of a stat.uz table is not stated",
        file=origin.sidecar.path if origin.sidecar else origin.path,
        field="flow",
        expected="flow: exports or flow: imports in the sidecar (or export/import in the name)",
        found=stated if stated is not None else "nothing",
    )


def _scale(origin: Origin) -> float:
    stated = origin.sidecar.get("unit") if origin.sidecar else None
    where = origin.sidecar.path if origin.sidecar else origin.path
    unit, scale = cells.require_unit(
        [stated or DEFAULT_UNIT], file=where, row="unit", expected=DEFAULT_UNIT
    )
    return scale


def read(origin: Origin) -> pd.DataFrame:
    """Read a stat.uz trade-by-country table into tidy figures (one row per partner and year).

    Raises
    ------
    InputError
        For a missing column, a column that is neither a label nor a year, a non-numeric value,
        an unknown partner code, an unstated flow or a unit other than thousand US dollars.
    """
    import numpy as np
    import pandas as pd

    path = origin.path
    table = read_table(path, COLUMNS)
    extra = [c for c in table.columns if c not in COLUMNS]
    years = [c for c in extra if _YEAR.match(str(c).strip())]
    bad = [c for c in extra if c not in years]
    if bad or not years:
        raise InputError(
            "year column does not parse",
            file=path,
            row=HEADER_ROW,
            field=str(bad[0]) if bad else "years",
            expected="a four-digit year (one column per year after Klassifikator_en)",
            found=bad[0] if bad else "no year columns",
        )
    flow, scale = _flow(origin), _scale(origin)
    # Each distinct code is resolved once, named by the first row that carries it.
    first_rows = table[CODE].drop_duplicates()
    partners = {
        code: cells.partner(
            code,
            file=path,
            row=int(row),
            field=CODE,
            language="numeric",
            resolver=resolve_numeric,
        )
        for row, code in first_rows.items()
    }
    long = table.reset_index(names="row").melt(
        id_vars=["row", CODE, NAME_RU, NAME_EN], value_vars=years, var_name="year"
    )
    long["value"] = parse_numbers(long["value"], path=path, field="value")
    long = long[long["value"].notna()]
    year = long["year"].astype(int)
    frame = pd.DataFrame(
        {
            s.REPORTER: REPORTER,
            s.PARTNER: long[CODE].map(lambda c: partners[c].code),
            s.PARTNER_KIND: long[CODE].map(lambda c: partners[c].kind),
            s.FLOW: flow,
            s.MEASURE: "trade_value",
            s.FREQ: "A",
            s.PERIOD_START: pd.to_datetime(year.astype(str) + "-01-01"),
            s.PERIOD_END: pd.to_datetime(year.astype(str) + "-12-31"),
            s.PERIOD_LABEL: long["year"],
            s.VALUE: long["value"],
            s.UNIT: "USD",
            s.SCALE: scale,
            s.PERSPECTIVE: REPORTER,
            s.SOURCE: SOURCE,
            **origin.provenance(SOURCE_ORG),
            s.SOURCE_TIER: OFFICIAL_STATISTICS,
            s.LOCATOR: "row " + long["row"].astype(str) + ", column " + long["year"],
            s.NOTE: "partner as printed: "
            + long[NAME_EN]
            + " ("
            + long[NAME_RU]
            + "), code "
            + long[CODE],
        }
    )
    order = np.lexsort((year.to_numpy(), long["row"].to_numpy()))
    return finish_frame(frame.iloc[order].reset_index(drop=True))
