"""Integrity checks: each source against the totals it states itself, and sources against others.

One row per check (:data:`tradeviz.checks.vocab.INTEGRITY_COLUMNS`) with its status:

``pass``  the numbers agree within the tolerance;
``warn``  a finding to report, not an error of the source: an unallocated residual, a revision
          between vintages, a table that follows another composition of an aggregate, a WITS
          extract short of the national total (also flagged ``incomplete_vintage``), a statement
          that differs from the table or a mirror gap between the two sides;
``fail``  a source contradicts its own stated totals (a share that is not value ÷ total, a
          turnover that is not exports + imports, an aggregate that no composition explains).

Tolerances: the rounding of the printed numbers (half a unit of each number's last printed
decimal, summed over the numbers added), never less than :data:`SUM_TOLERANCE_REL` of the total;
cross-source comparisons use :data:`CROSS_SOURCE_TOLERANCE_REL`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import fmt, membership, vocab
from tradeviz.checks.matching import as_date
from tradeviz.checks.tolerance import tolerance_for

if TYPE_CHECKING:
    import pandas as pd

#: Floor of a sum's tolerance, relative to the total: absorbs parts truncated rather than rounded
#: and floating-point noise in parsed values; anything larger is a real difference.
SUM_TOLERANCE_REL = 1e-6
#: Two sources (WITS vs BNS) for the same year and flow agree if they differ by at most this share
#: of the national figure; beyond it the difference is reported (warn), never a fail.
CROSS_SOURCE_TOLERANCE_REL = 0.02
#: An extract whose product lines add up to less than this share of the national total for the
#: same year and flow is an incomplete vintage (flagged for charts and indicators).
INCOMPLETE_COVERAGE_MIN = 0.90
#: Decimals read from a float's shortest representation are capped here (binary noise).
MAX_PRINTED_DECIMALS = 9

BNS_ANNUAL = "bns_annual"
BNS_MONTHLY = "bns_monthly"
WITS = "wits"
STATEMENTS = "statements"
TRADE_VALUE = "trade_value"
PARTNER_SHARE = "partner_share"
LINES_SUM = "product_lines_sum"
USD = "USD"
PERCENT = "percent"
FLOWS = ("exports", "imports", "turnover")
MONTHS_IN_YEAR = 12

#: How the BNS tables split their aggregates (read from the 2019–2022 workbooks): each stated
#: aggregate equals the sum of these stated aggregates.
BNS_AGGREGATE_PARTS: dict[str, tuple[str, ...]] = {
    s.WORLD: ("CIS", "OTHER"),
    "CIS": ("EAEU", "NON_EAEU"),
    "OTHER": ("EUROPE", "ASIA", "AMERICA", "AFRICA", "OCEANIA"),
    "EUROPE": ("EU", "NON_EU"),
}
#: Aggregates checked against the dated member lists of :mod:`tradeviz.checks.membership`.
MEMBERSHIP_AGGREGATES = ("EAEU", "CIS", "EU")
MIRROR_FLOW = {"exports": "imports", "imports": "exports", "turnover": "turnover"}
_SHEET_ROW = re.compile(r"sheet (?P<sheet>[^,]+), row (?P<row>\d+)")


# --- public API -------------------------------------------------------------------------------
def run_integrity_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Check every source against its own stated totals and against the other sources.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.

    Returns
    -------
    pandas.DataFrame
        One row per check, columns :data:`tradeviz.checks.vocab.INTEGRITY_COLUMNS`, sorted by
        check and id. ``status`` is ``pass``, ``warn`` or ``fail``.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    annual = figures[figures[s.SOURCE] == BNS_ANNUAL]
    for _, table in annual.groupby([s.VINTAGE, s.PERIOD_START, s.PERIOD_END], sort=True):
        rows += check_countries_sum(table)
        rows += check_shares(table)
        rows += check_turnover(table)
        rows += check_aggregate_members(table)
        rows += check_aggregate_listed(table)
        rows += check_aggregate_parts(table)
    rows += check_monthly_vs_annual(figures)
    rows += check_vintage_revisions(figures)
    rows += check_wits_vs_bns(figures)
    rows += check_statements_vs_tables(figures)
    frame = pd.DataFrame.from_records(rows, columns=list(vocab.INTEGRITY_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "expected", "difference", "tolerance"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame.sort_values(["check", "check_id"], kind="stable").reset_index(drop=True)


def incomplete_vintage_flags(figures: pd.DataFrame) -> pd.DataFrame:
    """Return the ``flags`` table: product-level extracts far short of the national total.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (the flags need reporters and classifications, which the
        integrity report does not carry, so they are derived from the figures).

    Returns
    -------
    pandas.DataFrame
        One row per flagged (source, vintage, partner, flow, year, classification), columns
        :data:`tradeviz.checks.vocab.FLAG_COLUMNS`; flag ``incomplete_vintage``.
    """
    import pandas as pd

    rows = [row for row in _coverage_rows(figures) if row.pop("_flag", False)]
    flags = [
        {
            "flag": vocab.FLAG_INCOMPLETE_VINTAGE,
            "source": row["source"],
            "vintage": row["vintage"],
            "reporter": row["_reporter"],
            "partner": row["partner"],
            "flow": row["flow"],
            "period_start": row["period_start"],
            "period_end": row["period_end"],
            "classification": row["_classification"],
            "coverage": row["value"] / row["expected"] if row["expected"] else math.nan,
            "check_id": row["check_id"],
            "message": row["message"],
        }
        for row in rows
    ]
    frame = pd.DataFrame.from_records(flags, columns=list(vocab.FLAG_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["coverage"] = pd.to_numeric(frame["coverage"]).astype("float64")
    return frame


# --- helpers ----------------------------------------------------------------------------------
def printed_decimals(value: float) -> int:
    """Return how many decimals a number was printed with (from its shortest representation)."""
    value = float(value)
    if math.isnan(value) or value == int(value):
        return 0
    try:
        exponent = Decimal(repr(value)).as_tuple().exponent
    except InvalidOperation:
        return MAX_PRINTED_DECIMALS
    return min(-int(exponent), MAX_PRINTED_DECIMALS) if isinstance(exponent, int) else 0


def rounding_of(values: Iterable[float]) -> float:
    """Return the summed rounding (½ unit of the last printed decimal) of printed numbers."""
    return sum(0.5 * 10.0 ** -printed_decimals(v) for v in values)


def sum_tolerance(total: float, parts: Iterable[float]) -> float:
    """Return the tolerance of ``total`` = Σ ``parts``, in the numbers' own unit."""
    parts = list(parts)
    return max(rounding_of([total, *parts]), SUM_TOLERANCE_REL * abs(total))


def _period_text(start: Any, end: Any) -> str:
    return fmt.format_period(as_date(start), as_date(end))


def _row(
    check: str,
    table: dict[str, Any],
    *,
    flow: str,
    partner: str,
    status: str,
    value: float,
    expected: float,
    tolerance: float,
    unit: str,
    compared: str,
    message: str,
    suffix: str = "",
) -> dict[str, Any]:
    period = _period_text(table["period_start"], table["period_end"])
    check_id = ":".join(
        part
        for part in (check, table["source"], table["vintage"], period, flow, partner, suffix)
        if part
    )
    return {
        "check_id": check_id,
        "check": check,
        "source": table["source"],
        "vintage": table["vintage"],
        "period_start": table["period_start"],
        "period_end": table["period_end"],
        "flow": flow,
        "partner": partner,
        "status": status,
        "value": value,
        "expected": expected,
        "difference": value - expected,
        "tolerance": tolerance,
        "unit": unit,
        "compared": compared,
        "message": message,
    }


def _usd_row(
    check: str,
    table: dict[str, Any],
    *,
    scale: float,
    value: float,
    expected: float,
    tolerance: float,
    **fields: Any,
) -> dict[str, Any]:
    """Return :func:`_row` for numbers in a table's printed unit: × ``scale``, in USD."""
    return _row(
        check,
        table,
        value=value * scale,
        expected=expected * scale,
        tolerance=tolerance * scale,
        unit=USD,
        **fields,
    )


def _compare_sum(stated: float, parts: list[float]) -> tuple[float, float, bool]:
    """Return Σ ``parts``, the tolerance of ``stated`` = Σ ``parts``, and whether they agree."""
    summed = math.fsum(parts)
    tolerance = sum_tolerance(stated, parts)
    return summed, tolerance, abs(stated - summed) <= tolerance


def _table_meta(table: pd.DataFrame) -> dict[str, Any]:
    first = table.iloc[0]
    sheet = _SHEET_ROW.search(str(first[s.LOCATOR]))
    return {
        "source": str(first[s.SOURCE]),
        "vintage": str(first[s.VINTAGE]),
        "period_start": first[s.PERIOD_START],
        "period_end": first[s.PERIOD_END],
        "sheet": sheet["sheet"] if sheet else "",
        "file": str(first[s.SOURCE_FILE]),
    }


def _meta_of(row: dict[str, Any]) -> dict[str, Any]:
    """Return the table fields of :func:`_row` for a check about one figure row."""
    return {
        "source": str(row[s.SOURCE]),
        "vintage": str(row[s.VINTAGE]),
        "period_start": row[s.PERIOD_START],
        "period_end": row[s.PERIOD_END],
    }


def _where(meta: dict[str, Any]) -> str:
    sheet = f", sheet {meta['sheet']}" if meta["sheet"] else ""
    return f"{meta['source']} vintage {meta['vintage']}{sheet}"


def _usd(value: float) -> str:
    return fmt.format_quantity(value, USD)


def _values(table: pd.DataFrame, flow: str, measure: str = TRADE_VALUE) -> pd.DataFrame:
    return table[(table[s.FLOW] == flow) & (table[s.MEASURE] == measure)]


def _one(frame: pd.DataFrame, partner: str) -> dict[str, Any] | None:
    rows = frame[frame[s.PARTNER] == partner]
    return None if rows.empty else rows.iloc[0].to_dict()


# --- BNS tables: their own stated totals ------------------------------------------------------
def check_countries_sum(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Countries of one BNS table add up to its «Всего», per flow; the residual is reported."""
    meta = _table_meta(table)
    rows = []
    for flow in FLOWS:
        values = _values(table, flow)
        world = _one(values, s.WORLD)
        countries = values[values[s.PARTNER_KIND] == "country"]
        if world is None or countries.empty:
            continue
        scale = float(world[s.SCALE])
        total = float(world[s.VALUE])
        parts = countries[s.VALUE].astype(float).tolist()
        summed, tolerance, ok = _compare_sum(total, parts)
        residual = total - summed
        message = (
            f"{len(parts)} countries add up to {_usd(summed * scale)}; stated «Всего» "
            f"{_usd(total * scale)} ({world[s.LOCATOR]}); unallocated residual "
            f"{fmt.format_difference(residual * scale, USD)}"
        )
        if not ok:
            message += f" ({100 * residual / total:.4f} % of the total), beyond rounding"
        rows.append(
            _usd_row(
                "countries_sum_vs_total",
                meta,
                flow=flow,
                partner=s.WORLD,
                status=vocab.PASS if ok else vocab.WARN,
                scale=scale,
                value=total,
                expected=summed,
                tolerance=tolerance,
                compared=f"{_where(meta)}: «Всего» vs Σ {len(parts)} country rows",
                message=message,
            )
        )
    return rows


def check_shares(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each stated share equals value ÷ stated total × 100 within the share's printed rounding."""
    meta = _table_meta(table)
    rows = []
    for flow in FLOWS:
        values = _values(table, flow)
        shares = _values(table, flow, PARTNER_SHARE)
        world = _one(values, s.WORLD)
        if world is None or shares.empty:
            continue
        total = float(world[s.VALUE])
        by_partner = {r[s.PARTNER]: r for r in values.to_dict("records")}
        for share in shares.to_dict("records"):
            partner = share[s.PARTNER]
            if partner == s.WORLD or partner not in by_partner:
                continue
            value = float(by_partner[partner][s.VALUE])
            expected = 100.0 * value / total
            stated = float(share[s.VALUE])
            tolerance = max(
                rounding_of([stated]) + 100.0 * rounding_of([value, total]) / total,
                SUM_TOLERANCE_REL * 100.0,
            )
            ok = abs(stated - expected) <= tolerance
            rows.append(
                _row(
                    "share_vs_value",
                    meta,
                    flow=flow,
                    partner=partner,
                    status=vocab.PASS if ok else vocab.FAIL,
                    value=stated,
                    expected=expected,
                    tolerance=tolerance,
                    unit=PERCENT,
                    compared=f"{_where(meta)}: {share[s.LOCATOR]}",
                    message=(
                        f"stated share {stated:g} %; value ÷ «Всего» × 100 = "
                        f"{value:g} ÷ {total:g} × 100 = {expected:.5f} %"
                    ),
                )
            )
    return rows


def check_turnover(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row's turnover equals its exports + imports (a missing flow counts as 0, said so)."""
    meta = _table_meta(table)
    rows = []
    turnover = {r[s.PARTNER]: r for r in _values(table, "turnover").to_dict("records")}
    exports = {r[s.PARTNER]: r for r in _values(table, "exports").to_dict("records")}
    imports = {r[s.PARTNER]: r for r in _values(table, "imports").to_dict("records")}
    for partner, row in turnover.items():
        x, m = exports.get(partner), imports.get(partner)
        if x is None and m is None:
            continue
        scale = float(row[s.SCALE])
        stated = float(row[s.VALUE])
        parts = [float(r[s.VALUE]) for r in (x, m) if r is not None]
        expected, tolerance, ok = _compare_sum(stated, parts)
        missing = [name for name, r in (("exports", x), ("imports", m)) if r is None]
        note = f" ({' and '.join(missing)} not stated: counted as 0)" if missing else ""
        rows.append(
            _usd_row(
                "turnover_vs_flows",
                meta,
                flow="turnover",
                partner=partner,
                status=vocab.PASS if ok else vocab.FAIL,
                scale=scale,
                value=stated,
                expected=expected,
                tolerance=tolerance,
                compared=f"{_where(meta)}: {row[s.LOCATOR]}",
                message=(
                    f"turnover {_usd(stated * scale)} vs exports + imports "
                    f"{_usd(expected * scale)}{note}"
                ),
            )
        )
    return rows


def check_aggregate_members(table: pd.DataFrame) -> list[dict[str, Any]]:
    """EAEU, CIS and EU rows against their members per the dated membership table."""
    meta = _table_meta(table)
    start, end = as_date(meta["period_start"]), as_date(meta["period_end"])
    reporter = str(table.iloc[0][s.REPORTER])
    rows = []
    for flow in FLOWS:
        values = _values(table, flow)
        countries = values[values[s.PARTNER_KIND] == "country"]
        by_code = dict(zip(countries[s.PARTNER], countries[s.VALUE].astype(float), strict=True))
        for aggregate in MEMBERSHIP_AGGREGATES:
            stated_row = _one(values, aggregate)
            if stated_row is None:
                continue
            stated = float(stated_row[s.VALUE])
            scale = float(stated_row[s.SCALE])
            readings = []
            for label, members in membership.compositions(aggregate, start, end):
                codes = sorted(members - {reporter})
                parts = [by_code[c] for c in codes if c in by_code]
                readings.append((label, codes, *_compare_sum(stated, parts)))
            reference = readings[0]
            match = next((r for r in readings if r[4]), None)
            if match is reference:
                status, used = vocab.PASS, reference
                message = (
                    f"{aggregate} {_usd(stated * scale)} = Σ {reference[0]} "
                    f"({', '.join(reference[1])}; {reporter} excluded as reporter)"
                )
            elif match is not None:
                status, used = vocab.WARN, match
                extra = sorted(set(match[1]) - set(reference[1]))
                fewer = sorted(set(reference[1]) - set(match[1]))
                changes = "; ".join([membership.status_note(aggregate, c) for c in extra + fewer])
                differences = []
                if extra:
                    differences.append("includes " + ", ".join(extra))
                if fewer:
                    differences.append("leaves out " + ", ".join(fewer))
                message = (
                    f"{aggregate} row follows another composition: it equals Σ {match[0]}, not Σ "
                    f"{reference[0]} ({_usd(reference[2] * scale)}); the row "
                    + " and ".join(differences)
                    + f" ({changes})"
                )
            else:
                status, used = vocab.FAIL, reference
                message = (
                    f"{aggregate} {_usd(stated * scale)} matches no composition of the membership "
                    f"table; Σ {reference[0]} = {_usd(reference[2] * scale)}"
                )
            rows.append(
                _usd_row(
                    "aggregate_vs_members",
                    meta,
                    flow=flow,
                    partner=aggregate,
                    status=status,
                    scale=scale,
                    value=stated,
                    expected=used[2],
                    tolerance=used[3],
                    compared=f"{_where(meta)}: {stated_row[s.LOCATOR]} vs Σ {', '.join(used[1])}",
                    message=message,
                )
            )
    return rows


def check_aggregate_listed(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each aggregate row equals the countries printed under it (up to the next aggregate row)."""
    meta = _table_meta(table)
    rows = []
    for flow in FLOWS:
        values = _values(table, flow).copy()
        positions = values[s.LOCATOR].str.extract(_SHEET_ROW)["row"]
        if positions.isna().any() or values.empty:
            continue
        values = values.assign(_row=positions.astype(int)).sort_values("_row")
        records = values.to_dict("records")
        for index, record in enumerate(records):
            if record[s.PARTNER_KIND] != "aggregate":
                continue
            listed = []
            for following in records[index + 1 :]:
                if following[s.PARTNER_KIND] != "country":
                    break
                listed.append(following)
            if not listed:
                continue  # split into aggregates: see aggregate_vs_parts
            stated = float(record[s.VALUE])
            scale = float(record[s.SCALE])
            parts = [float(r[s.VALUE]) for r in listed]
            summed, tolerance, ok = _compare_sum(stated, parts)
            rows.append(
                _usd_row(
                    "aggregate_vs_listed",
                    meta,
                    flow=flow,
                    partner=record[s.PARTNER],
                    status=vocab.PASS if ok else vocab.FAIL,
                    scale=scale,
                    value=stated,
                    expected=summed,
                    tolerance=tolerance,
                    compared=(
                        f"{_where(meta)}: row {record['_row']} vs rows "
                        f"{listed[0]['_row']}–{listed[-1]['_row']}"
                    ),
                    message=(
                        f"{record[s.PARTNER]} {_usd(stated * scale)} vs the {len(listed)} "
                        f"countries printed under it {_usd(summed * scale)}"
                    ),
                )
            )
    return rows


def check_aggregate_parts(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Stated aggregates equal the sum of the aggregates the table splits them into."""
    meta = _table_meta(table)
    rows = []
    for flow in FLOWS:
        values = _values(table, flow)
        for whole, part_codes in BNS_AGGREGATE_PARTS.items():
            stated_row = _one(values, whole)
            found = [_one(values, code) for code in part_codes]
            if stated_row is None or any(p is None for p in found):
                continue
            stated = float(stated_row[s.VALUE])
            scale = float(stated_row[s.SCALE])
            parts = [float(p[s.VALUE]) for p in found]
            summed, tolerance, ok = _compare_sum(stated, parts)
            rows.append(
                _usd_row(
                    "aggregate_vs_parts",
                    meta,
                    flow=flow,
                    partner=whole,
                    status=vocab.PASS if ok else vocab.FAIL,
                    scale=scale,
                    value=stated,
                    expected=summed,
                    tolerance=tolerance,
                    compared=f"{_where(meta)}: {whole} vs {' + '.join(part_codes)}",
                    message=(
                        f"{whole} {_usd(stated * scale)} vs Σ {' + '.join(part_codes)} "
                        f"{_usd(summed * scale)}"
                    ),
                )
            )
    return rows


# --- months, vintages ---------------------------------------------------------------------
def check_monthly_vs_annual(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Check that the twelve BNS monthly totals add up to the annual «Всего», per flow."""
    monthly = figures[
        (figures[s.SOURCE] == BNS_MONTHLY)
        & (figures[s.MEASURE] == TRADE_VALUE)
        & (figures[s.PARTNER] == s.WORLD)
    ]
    annual = figures[
        (figures[s.SOURCE] == BNS_ANNUAL)
        & (figures[s.MEASURE] == TRADE_VALUE)
        & (figures[s.PARTNER] == s.WORLD)
    ]
    rows = []
    if monthly.empty or annual.empty:
        return rows
    years = monthly[s.PERIOD_START].dt.year
    for (year, flow), months in monthly.groupby([years, s.FLOW], sort=True):
        first = months.iloc[0]
        scale = float(first[s.SCALE])
        parts = months[s.VALUE].astype(float).tolist()
        summed = math.fsum(parts)
        complete = len(set(months[s.PERIOD_START].dt.month)) == MONTHS_IN_YEAR
        matching_years = annual[
            (annual[s.FLOW] == flow)
            & (annual[s.PERIOD_START].dt.year == year)
            & (annual[s.PERIOD_START].dt.month == 1)
            & (annual[s.PERIOD_END].dt.month == MONTHS_IN_YEAR)
        ]
        for row in matching_years.to_dict("records"):
            stated = float(row[s.VALUE])
            stated_scale = float(row[s.SCALE])
            tolerance = sum_tolerance(stated * stated_scale, [p * scale for p in parts])
            difference = stated * stated_scale - summed * scale
            if not complete:
                status = vocab.WARN
                message = f"only {len(months)} months in the monthly file for {year}"
            elif abs(difference) <= tolerance:
                status = vocab.PASS
                message = "the twelve months add up to the annual total"
            else:
                status = vocab.WARN
                message = (
                    "the twelve months differ from the annual total by "
                    f"{fmt.format_difference(difference, USD)} "
                    f"({100 * difference / (stated * stated_scale):.4f} %): different vintages"
                )
            rows.append(
                _row(
                    "monthly_vs_annual",
                    _meta_of(row),
                    flow=flow,
                    partner=s.WORLD,
                    status=status,
                    value=stated * stated_scale,
                    expected=summed * scale,
                    tolerance=tolerance,
                    unit=USD,
                    compared=(
                        f"bns_annual vintage {row[s.VINTAGE]} ({row[s.LOCATOR]}) vs Σ "
                        f"{len(months)} months of bns_monthly vintage {first[s.VINTAGE]}"
                    ),
                    message=message,
                )
            )
    return rows


def check_vintage_revisions(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Compare a BNS figure across workbooks: equal within rounding (pass) or revised (warn).

    Every later vintage of a figure is compared with its earliest vintage.
    """
    annual = figures[figures[s.SOURCE] == BNS_ANNUAL]
    keys = [s.PARTNER, s.FLOW, s.MEASURE, s.PERIOD_START, s.PERIOD_END]
    ordered = annual.sort_values(s.VINTAGE, kind="stable")
    position = ordered.groupby(keys, sort=False).cumcount()
    base = ordered[position == 0][[*keys, s.VALUE, s.VINTAGE, s.LOCATOR]]
    later = ordered[position > 0].merge(base, on=keys, how="left", suffixes=("", "_base"))
    rows = []
    for later_row in later.to_dict("records"):
        scale = float(later_row[s.SCALE])
        old, new = float(later_row[s.VALUE + "_base"]), float(later_row[s.VALUE])
        tolerance = max(
            0.5 * 10.0 ** -min(printed_decimals(old), printed_decimals(new)),
            SUM_TOLERANCE_REL * abs(old),
        )
        revised = abs(new - old) > tolerance
        unit = str(later_row[s.UNIT])
        measure = str(later_row[s.MEASURE])
        rows.append(
            _row(
                "vintage_revision",
                _meta_of(later_row),
                flow=str(later_row[s.FLOW]),
                partner=str(later_row[s.PARTNER]),
                status=vocab.WARN if revised else vocab.PASS,
                value=new * scale,
                expected=old * scale,
                tolerance=tolerance * scale,
                unit=unit,
                compared=(
                    f"vintage {later_row[s.VINTAGE]} ({later_row[s.LOCATOR]}) vs vintage "
                    f"{later_row[s.VINTAGE + '_base']} ({later_row[s.LOCATOR + '_base']})"
                ),
                message=(
                    f"{measure} revised from {old:.12g} to {new:.12g} (× {scale:g} {unit}; "
                    f"{new - old:+.6g})"
                    if revised
                    else f"{measure} unchanged within rounding "
                    f"({fmt.format_quantity(new * scale, unit)})"
                ),
                suffix=measure,
            )
        )
    return rows


# --- across sources ---------------------------------------------------------------------------
def _latest_bns(figures: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return the BNS annual figures of the latest vintage per (partner, flow, period)."""
    bns = figures[(figures[s.SOURCE] == BNS_ANNUAL) & (figures[s.MEASURE] == measure)]
    bns = bns.sort_values(s.VINTAGE)
    return bns.drop_duplicates([s.PARTNER, s.FLOW, s.PERIOD_START, s.PERIOD_END], keep="last")


def _figure_key(row: dict[str, Any]) -> tuple:
    """Return what a figure of one source is matched on in another: partner, flow, period."""
    return (row[s.PARTNER], row[s.FLOW], as_date(row[s.PERIOD_START]), as_date(row[s.PERIOD_END]))


def _lookup(frame: pd.DataFrame) -> dict[tuple, dict[str, Any]]:
    return {_figure_key(r): r for r in frame.to_dict("records")}


def check_wits_vs_bns(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """WITS totals, shares and product-line sums against BNS for the same year and flow."""
    rows: list[dict[str, Any]] = []
    bns_values = _lookup(_latest_bns(figures, TRADE_VALUE))
    bns_shares = _lookup(_latest_bns(figures, PARTNER_SHARE))
    wits = figures[figures[s.SOURCE] == WITS]
    totals = wits[(wits[s.MEASURE] == TRADE_VALUE) & (wits[s.CLASSIFICATION] == s.TOTAL_CODE)]
    for row in totals.to_dict("records"):
        national = bns_values.get(_figure_key(row))
        if national is None:
            continue
        value = float(row[s.VALUE]) * float(row[s.SCALE])
        expected = float(national[s.VALUE]) * float(national[s.SCALE])
        tolerance = CROSS_SOURCE_TOLERANCE_REL * abs(expected)
        ok = abs(value - expected) <= tolerance
        rows.append(
            _row(
                "wits_vs_bns_total",
                _meta_of(row),
                flow=str(row[s.FLOW]),
                partner=str(row[s.PARTNER]),
                status=vocab.PASS if ok else vocab.WARN,
                value=value,
                expected=expected,
                tolerance=tolerance,
                unit=USD,
                compared=_versus_bns(row, national),
                message=(
                    f"WITS {_usd(value)} vs BNS {_usd(expected)}: "
                    f"{fmt.format_difference(value - expected, USD)} "
                    f"({100 * (value - expected) / expected:+.2f} % of BNS)"
                ),
                suffix="total",
            )
        )
    shares = wits[wits[s.MEASURE] == PARTNER_SHARE]
    for row in shares.to_dict("records"):
        national = bns_shares.get(_figure_key(row))
        if national is None:
            continue
        value, expected = float(row[s.VALUE]), float(national[s.VALUE])
        tolerance = max(rounding_of([value, expected]), CROSS_SOURCE_TOLERANCE_REL * abs(expected))
        ok = abs(value - expected) <= tolerance
        rows.append(
            _row(
                "wits_share_vs_bns_share",
                _meta_of(row),
                flow=str(row[s.FLOW]),
                partner=str(row[s.PARTNER]),
                status=vocab.PASS if ok else vocab.WARN,
                value=value,
                expected=expected,
                tolerance=tolerance,
                unit=PERCENT,
                compared=_versus_bns(row, national),
                message=(
                    f"WITS share {value:g} % vs BNS {expected:g} % ({value - expected:+.2f} pp)"
                ),
            )
        )
    for row in _coverage_rows(figures):
        row.pop("_flag", None)
        row.pop("_reporter", None)
        row.pop("_classification", None)
        rows.append(row)
    return rows


def _versus_bns(row: dict[str, Any], national: dict[str, Any]) -> str:
    return (
        f"wits {row[s.LOCATOR]} vs bns_annual vintage {national[s.VINTAGE]} ({national[s.LOCATOR]})"
    )


def _coverage_rows(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Product-line sums against the national total; short ones carry ``_flag``."""
    national = _lookup(_latest_bns(figures, TRADE_VALUE))
    wits_totals = _lookup(
        figures[
            (figures[s.SOURCE] == WITS)
            & (figures[s.MEASURE] == TRADE_VALUE)
            & (figures[s.CLASSIFICATION] == s.TOTAL_CODE)
        ]
    )
    lines = figures[figures[s.MEASURE] == LINES_SUM]
    rows = []
    for row in lines.to_dict("records"):
        key = _figure_key(row)
        total = national.get(key)
        basis = "BNS national total"
        if total is None:
            total = wits_totals.get(key)
            basis = "WITS total of the same reporter"
        if total is None:
            continue
        value = float(row[s.VALUE]) * float(row[s.SCALE])
        expected = float(total[s.VALUE]) * float(total[s.SCALE])
        coverage = value / expected if expected else math.nan
        short = coverage < INCOMPLETE_COVERAGE_MIN
        result = _row(
            "wits_vs_bns_total",
            _meta_of(row),
            flow=str(row[s.FLOW]),
            partner=str(row[s.PARTNER]),
            status=vocab.WARN if short else vocab.PASS,
            value=value,
            expected=expected,
            tolerance=(1 - INCOMPLETE_COVERAGE_MIN) * abs(expected),
            unit=USD,
            compared=(
                f"{row[s.SOURCE]} {row[s.CLASSIFICATION]} lines ({row[s.LOCATOR]}) vs {basis} "
                f"({total[s.SOURCE]} vintage {total[s.VINTAGE]}, {total[s.LOCATOR]})"
            ),
            message=(
                f"the {row[s.CLASSIFICATION]} lines add up to {_usd(value)} = "
                f"{100 * coverage:.1f} % of the {basis} {_usd(expected)}"
                + (
                    f": below {100 * INCOMPLETE_COVERAGE_MIN:.0f} %, flagged incomplete_vintage"
                    if short
                    else ""
                )
            ),
            suffix=f"lines-{row[s.CLASSIFICATION]}",
        )
        result["_flag"] = short
        result["_reporter"] = str(row[s.REPORTER])
        result["_classification"] = str(row[s.CLASSIFICATION])
        rows.append(result)
    return rows


def check_statements_vs_tables(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Quoted annual totals and growth against the BNS table of the same year; mirror = a gap."""
    rows: list[dict[str, Any]] = []
    statements = figures[
        (figures[s.SOURCE] == STATEMENTS)
        & (figures[s.CLASSIFICATION] == s.TOTAL_CODE)
        & figures[s.MEASURE].isin([TRADE_VALUE, "growth_yoy"])
        & (figures[s.FREQ] == "A")
    ]
    bns = figures[(figures[s.SOURCE] == BNS_ANNUAL) & (figures[s.MEASURE] == TRADE_VALUE)]
    table_reporters = set(bns[s.REPORTER])
    for row in statements.to_dict("records"):
        reporter, partner, flow = row[s.REPORTER], row[s.PARTNER], row[s.FLOW]
        # The table's own side, or the partner's record of the same flow (a mirror figure).
        mirror = reporter not in table_reporters
        if mirror:
            reporter, partner, flow = partner, reporter, MIRROR_FLOW.get(flow, flow)
        if reporter not in table_reporters or not partner:
            continue
        bns_side = bns[bns[s.REPORTER] == reporter]
        start = as_date(row[s.PERIOD_START])
        same = bns_side[(bns_side[s.PARTNER] == partner) & (bns_side[s.FLOW] == flow)]
        current = same[same[s.PERIOD_START].map(as_date) == start]
        if current.empty:
            continue
        table_row = current.sort_values(s.VINTAGE).iloc[-1].to_dict()
        if row[s.MEASURE] == TRADE_VALUE:
            expected = float(table_row[s.VALUE]) * float(table_row[s.SCALE])
            unit = USD
        else:
            previous = same[
                (same[s.VINTAGE] == table_row[s.VINTAGE])
                & (same[s.PERIOD_START].map(as_date) == dt.date(start.year - 1, 1, 1))
            ]
            if previous.empty:
                continue
            base = float(previous.iloc[0][s.VALUE])
            expected = 100.0 * (float(table_row[s.VALUE]) / base - 1.0)
            unit = PERCENT
        stated_text = _printed_text(float(row[s.VALUE]))
        scale = float(row[s.SCALE]) if unit == USD else 1.0
        tolerance = tolerance_for(stated_text, str(row[s.QUALIFIER] or "exact"), scale)
        value = tolerance.stated
        ok = tolerance.contains(expected)
        side = (
            "no side named"
            if row[s.PERSPECTIVE] == s.UNATTRIBUTED
            else f"{row[s.PERSPECTIVE]} side"
        )
        shown = functools.partial(_shown, unit=unit)
        if ok:
            status = vocab.PASS
            message = (
                f"statement ({side}) {shown(value)} agrees with BNS {shown(expected)} "
                f"({tolerance.describe(shown)})"
            )
        elif mirror:
            status = vocab.WARN
            gap = value - expected
            message = (
                f"mirror gap: {row[s.PERSPECTIVE]} side as quoted {shown(value)} vs Kazakhstan "
                f"(BNS) {shown(expected)}; gap {fmt.format_difference(gap, unit)}"
            )
            if unit == USD and value and expected:
                message += (
                    f" = {100 * gap / value:.1f} % of the {row[s.PERSPECTIVE]} figure, "
                    f"{100 * gap / expected:.1f} % of the KAZ figure"
                )
            message += " (the sides differ by design: a finding, not an error)"
        else:
            status = vocab.WARN
            message = (
                f"statement ({side}) {shown(value)} differs from BNS {shown(expected)} "
                f"(vintage {table_row[s.VINTAGE]}) beyond {tolerance.describe(shown)}"
            )
        rows.append(
            _row(
                "statement_vs_table",
                _meta_of(row),
                flow=str(row[s.FLOW]),
                partner=str(row[s.PARTNER]),
                status=status,
                value=value,
                expected=expected,
                tolerance=max(abs(tolerance.high - value), abs(value - tolerance.low))
                if not math.isinf(tolerance.high) and not math.isinf(tolerance.low)
                else math.nan,
                unit=unit,
                compared=(
                    f"statement {row[s.RECORD_ID]} ({row[s.SPEAKER] or row[s.SOURCE_ORG]}) vs "
                    f"bns_annual vintage {table_row[s.VINTAGE]} ({table_row[s.LOCATOR]})"
                    + (" [mirror: the partner's record of the flow]" if mirror else "")
                ),
                message=message,
                suffix=f"{row[s.RECORD_ID]}:{row[s.MEASURE]}",
            )
        )
    return rows


def _shown(value: float, unit: str) -> str:
    return fmt.format_quantity(value, unit)


def _printed_text(value: float) -> str:
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    return text
