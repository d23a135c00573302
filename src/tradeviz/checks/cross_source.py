"""Integrity checks across tables: months against the year, vintages, sources, statements.

The twelve BNS monthly totals against the annual total, a figure repeated in the next year's
workbook against its first vintage, WITS totals, shares and product-line sums against BNS, and
figures quoted in statements against the BNS table of the same year (a mirror figure of the
other side is shown as a gap, never a failure).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

import pandas as pd

from tradeviz import schema as s
from tradeviz.checks.integrity_rows import (
    CROSS_SOURCE_TOLERANCE_REL,
    SUM_TOLERANCE_REL,
    check_row,
    meta_of,
    printed_decimals,
    rounding_of,
    sum_tolerance,
    usd,
)
from tradeviz.checks.matching import as_date
from tradeviz.checks.tolerance import tolerance_for
from tradeviz.query import between, latest, where
from tradeviz.query.completeness import total_coverage
from tradeviz.query.rows import records
from tradeviz.text.names import country_name, producer_label
from tradeviz.text.numbers import format_difference, format_quantity
from tradeviz.vocabulary import (
    ANNUAL,
    BNS_ANNUAL,
    BNS_MONTHLY,
    EXPORTS,
    GROWTH_YOY,
    IMPORTS,
    INCOMPLETE_COVERAGE_MIN,
    LINES_SUM,
    MIRROR_FLOW,
    PARTNER_SHARE,
    PASS,
    PERCENT_SCALE,
    STATEMENTS,
    TRADE_VALUE,
    UNIT_PERCENT,
    UNIT_USD,
    WARN,
    WITS,
)

MONTHS_IN_YEAR = 12


def _day(date: dt.date | None) -> pd.Timestamp:
    """Return a date as the timestamp of the ``period_start`` column (NaT for None)."""
    return pd.NaT if date is None else pd.Timestamp(date)


def check_monthly_vs_annual(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Check that the twelve BNS monthly totals add up to the annual «Всего», per flow."""
    monthly = where(figures, source=BNS_MONTHLY, measure=TRADE_VALUE, partner=s.WORLD)
    annual = where(figures, source=BNS_ANNUAL, measure=TRADE_VALUE, partner=s.WORLD)
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
        matching_years = where(annual, flow=flow, year=year, freq=ANNUAL)
        for row in records(matching_years):
            stated = float(row[s.VALUE])
            stated_scale = float(row[s.SCALE])
            tolerance = sum_tolerance(stated * stated_scale, [p * scale for p in parts])
            difference = stated * stated_scale - summed * scale
            if not complete:
                status = WARN
                message = f"only {len(months)} months in the monthly file for {year}"
            elif abs(difference) <= tolerance:
                status = PASS
                message = "the twelve months add up to the annual total"
            else:
                status = WARN
                message = (
                    "the twelve months differ from the annual total by "
                    f"{format_difference(difference, UNIT_USD)} "
                    f"({100 * difference / (stated * stated_scale):.4f} %): different vintages"
                )
            rows.append(
                check_row(
                    "monthly_vs_annual",
                    meta_of(row),
                    flow=flow,
                    partner=s.WORLD,
                    status=status,
                    value=stated * stated_scale,
                    expected=summed * scale,
                    tolerance=tolerance,
                    unit=UNIT_USD,
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
    annual = where(figures, source=BNS_ANNUAL)
    keys = [s.PARTNER, s.FLOW, s.MEASURE, s.PERIOD_START, s.PERIOD_END]
    ordered = annual.sort_values(s.VINTAGE, kind="stable")
    position = ordered.groupby(keys, sort=False).cumcount()
    base = ordered[position == 0][[*keys, s.VALUE, s.VINTAGE, s.LOCATOR]]
    later = ordered[position > 0].merge(base, on=keys, how="left", suffixes=("", "_base"))
    rows = []
    for later_row in records(later):
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
            check_row(
                "vintage_revision",
                meta_of(later_row),
                flow=str(later_row[s.FLOW]),
                partner=str(later_row[s.PARTNER]),
                status=WARN if revised else PASS,
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
                    f"({format_quantity(new * scale, unit)})"
                ),
                suffix=measure,
            )
        )
    return rows


def _latest_bns(figures: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return the BNS annual figures of the latest vintage per (pair, flow, period)."""
    bns = where(figures, source=BNS_ANNUAL, measure=measure)
    return latest(bns, [s.REPORTER, s.PARTNER, s.FLOW, s.PERIOD_START, s.PERIOD_END])


def _figure_key(row: dict[str, Any]) -> tuple:
    """Return what a figure of one source is matched on in another: its pair, flow, period."""
    return (
        row[s.REPORTER],
        row[s.PARTNER],
        row[s.FLOW],
        as_date(row[s.PERIOD_START]),
        as_date(row[s.PERIOD_END]),
    )


def _lookup(frame: pd.DataFrame) -> dict[tuple, dict[str, Any]]:
    return {_figure_key(r): r for r in records(frame)}


def check_wits_vs_bns(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """WITS totals, shares and product-line sums against BNS for the same year and flow."""
    rows: list[dict[str, Any]] = []
    bns_values = _lookup(_latest_bns(figures, TRADE_VALUE))
    bns_shares = _lookup(_latest_bns(figures, PARTNER_SHARE))
    totals = where(figures, source=WITS, measure=TRADE_VALUE, classification=s.TOTAL_CODE)
    for row in records(totals):
        national = bns_values.get(_figure_key(row))
        if national is None:
            continue
        value = float(row[s.VALUE]) * float(row[s.SCALE])
        expected = float(national[s.VALUE]) * float(national[s.SCALE])
        tolerance = CROSS_SOURCE_TOLERANCE_REL * abs(expected)
        ok = abs(value - expected) <= tolerance
        rows.append(
            check_row(
                "wits_vs_bns_total",
                meta_of(row),
                flow=str(row[s.FLOW]),
                partner=str(row[s.PARTNER]),
                status=PASS if ok else WARN,
                value=value,
                expected=expected,
                tolerance=tolerance,
                unit=UNIT_USD,
                compared=_versus_bns(row, national),
                message=(
                    f"WITS {usd(value)} vs BNS {usd(expected)}: "
                    f"{format_difference(value - expected, UNIT_USD)} "
                    f"({100 * (value - expected) / expected:+.2f} % of BNS)"
                ),
                suffix="total",
            )
        )
    shares = where(figures, source=WITS, measure=PARTNER_SHARE)
    for row in records(shares):
        national = bns_shares.get(_figure_key(row))
        if national is None:
            continue
        value, expected = float(row[s.VALUE]), float(national[s.VALUE])
        tolerance = max(rounding_of([value, expected]), CROSS_SOURCE_TOLERANCE_REL * abs(expected))
        ok = abs(value - expected) <= tolerance
        rows.append(
            check_row(
                "wits_share_vs_bns_share",
                meta_of(row),
                flow=str(row[s.FLOW]),
                partner=str(row[s.PARTNER]),
                status=PASS if ok else WARN,
                value=value,
                expected=expected,
                tolerance=tolerance,
                unit=UNIT_PERCENT,
                compared=_versus_bns(row, national),
                message=(
                    f"WITS share {value:g} % vs BNS {expected:g} % ({value - expected:+.2f} pp)"
                ),
            )
        )
    for row in coverage_rows(figures):
        row.pop("_flag", None)
        row.pop("_reporter", None)
        row.pop("_classification", None)
        rows.append(row)
    return rows


def check_totals_vs_national(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Other sources' annual totals against the reporter's national table, same pair and year.

    Every total that :func:`tradeviz.query.completeness.total_coverage` can compare (WITS
    totals have their own check, :func:`check_wits_vs_bns`): pass within the cross-source
    tolerance, warn beyond it, and warn + flag ``incomplete_vintage`` when far short of the
    national figure — the query layer never uses such a figure as a total.
    """
    coverage = total_coverage(figures)
    coverage = coverage[coverage[s.SOURCE] != WITS]
    rows = []
    for row in records(coverage):
        value, expected = float(row[s.VALUE_USD]), float(row["national_usd"])
        tolerance = CROSS_SOURCE_TOLERANCE_REL * abs(expected)
        status = PASS if abs(value - expected) <= tolerance else WARN
        result = check_row(
            "total_vs_national",
            meta_of(row),
            flow=str(row[s.FLOW]),
            partner=str(row[s.PARTNER]),
            status=status,
            value=value,
            expected=expected,
            tolerance=tolerance,
            unit=UNIT_USD,
            compared=(
                f"{row[s.SOURCE]} {row[s.REPORTER]} ({row[s.LOCATOR]}) vs "
                f"{row['national_source']} vintage {row['national_vintage']} "
                f"({row['national_locator']})"
            ),
            message=row["reason"],
            suffix=str(row[s.REPORTER]),
        )
        result["_flag"] = bool(row["incomplete"])
        result["_reporter"] = str(row[s.REPORTER])
        result["_classification"] = str(row[s.CLASSIFICATION])
        rows.append(result)
    return rows


def check_mirror_pairs(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Each partner's own table against BNS for the same goods: one row per year and flow.

    The partners are the reporters whose statistical tables state their trade with Kazakhstan
    (Uzbekistan, Kyrgyzstan; Russia's months summed to full years). BNS's exports to a partner
    are set against the partner's imports from Kazakhstan, and the other way round
    (:func:`tradeviz.indicators.mirror_gap`); the gap is given over both figures. A mirror
    ratio (importer ÷ exporter) inside the plausible range passes, outside it warns: the sides
    differ by design (CIF/FOB, timing, partner attribution), a finding and never a fail.
    """
    from tradeviz.indicators import mirror_gap
    from tradeviz.indicators.mirror import MIRROR_RATIO_PLAUSIBLE
    from tradeviz.indicators.result import IndicatorError
    from tradeviz.query import SelectionError

    reporter = "KAZ"
    bns = _latest_bns(figures, TRADE_VALUE)
    sides = where(figures, partner=reporter, measure=TRADE_VALUE, product_code=s.TOTAL_CODE)
    sides = sides[
        (sides[s.REPORTER] != reporter)
        & (sides[s.PERSPECTIVE] == sides[s.REPORTER])
        & ~sides[s.SOURCE].isin([STATEMENTS])
    ]
    rows: list[dict[str, Any]] = []
    low, high = MIRROR_RATIO_PLAUSIBLE
    for partner in sorted(set(sides[s.REPORTER])):
        years = sorted({int(y) for y in where(bns, partner=partner)[s.PERIOD_START].dt.year})
        # the pair's figures alone: every selection of the pair looks only here
        pair = between(figures, reporter, partner)
        for year in years:
            for flow in (EXPORTS, IMPORTS):
                try:
                    gap = mirror_gap(pair, reporter, partner, year, flow)
                except (SelectionError, IndicatorError):
                    continue
                d = gap.details
                if gap.params["reporter_source"] != BNS_ANNUAL:
                    continue
                meta = {
                    "source": gap.params["partner_source"],
                    "vintage": gap.params["partner_vintage"],
                    "period_start": pd.Timestamp(year, 1, 1),
                    "period_end": pd.Timestamp(year, 12, 31),
                }
                ok = bool(d["ratio_plausible"])
                rows.append(
                    check_row(
                        "mirror_pair",
                        meta,
                        flow=flow,
                        partner=partner,
                        status=PASS if ok else WARN,
                        value=d["importer_usd"],
                        expected=d["exporter_usd"],
                        tolerance=math.nan,
                        unit=UNIT_USD,
                        compared=(
                            f"{d['importer']}'s imports from {d['exporter']} "
                            f"({_source_of(gap, d['importer'])}) vs {d['exporter']}'s exports "
                            f"to {d['importer']} ({_source_of(gap, d['exporter'])})"
                        ),
                        message=(
                            f"mirror ratio {d['ratio']:.3f} ({'inside' if ok else 'outside'} "
                            f"{low:g}–{high:g}); gap (exporter − importer) "
                            f"{format_difference(gap.value, UNIT_USD)} = "
                            f"{d['pct_of_exporter']:.1f} % of {d['exporter']}'s figure, "
                            f"{d['pct_of_importer']:.1f} % of {d['importer']}'s"
                        ),
                        suffix=f"{d['exporter']}-{d['importer']}",
                    )
                )
    return rows


def _source_of(gap: Any, side: str) -> str:
    """Return the source (and vintage) of one side of a mirror gap."""
    if side == gap.params["reporter"]:
        return f"{gap.params['reporter_source']} vintage {gap.params['reporter_vintage']}"
    return f"{gap.params['partner_source']} vintage {gap.params['partner_vintage']}"


def _versus_bns(row: dict[str, Any], national: dict[str, Any]) -> str:
    return (
        f"wits {row[s.LOCATOR]} vs bns_annual vintage {national[s.VINTAGE]} ({national[s.LOCATOR]})"
    )


def coverage_rows(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Product-line sums against the national total; short ones carry ``_flag``."""
    national = _lookup(_latest_bns(figures, TRADE_VALUE))
    wits_totals = _lookup(
        where(figures, source=WITS, measure=TRADE_VALUE, classification=s.TOTAL_CODE)
    )
    lines = where(figures, measure=LINES_SUM)
    rows = []
    for row in records(lines):
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
        result = check_row(
            "wits_vs_bns_total",
            meta_of(row),
            flow=str(row[s.FLOW]),
            partner=str(row[s.PARTNER]),
            status=WARN if short else PASS,
            value=value,
            expected=expected,
            tolerance=(1 - INCOMPLETE_COVERAGE_MIN) * abs(expected),
            unit=UNIT_USD,
            compared=(
                f"{row[s.SOURCE]} {row[s.CLASSIFICATION]} lines ({row[s.LOCATOR]}) vs {basis} "
                f"({total[s.SOURCE]} vintage {total[s.VINTAGE]}, {total[s.LOCATOR]})"
            ),
            message=(
                f"the {row[s.CLASSIFICATION]} lines add up to {usd(value)} = "
                f"{100 * coverage:.1f} % of the {basis} {usd(expected)}"
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
    statements = where(
        figures,
        source=STATEMENTS,
        classification=s.TOTAL_CODE,
        measure=(TRADE_VALUE, GROWTH_YOY),
        freq=ANNUAL,
    )
    bns = where(figures, source=BNS_ANNUAL, measure=TRADE_VALUE)
    table_reporters = set(bns[s.REPORTER])
    for row in records(statements):
        reporter, partner, flow = row[s.REPORTER], row[s.PARTNER], row[s.FLOW]
        # The table's own side, or the partner's record of the same flow (a mirror figure).
        mirror = reporter not in table_reporters
        if mirror:
            reporter, partner, flow = partner, reporter, MIRROR_FLOW.get(flow, flow)
        if reporter not in table_reporters or not partner:
            continue
        start = as_date(row[s.PERIOD_START])
        same = where(bns, reporter=reporter, partner=partner, flow=flow)
        current = where(same, period_start=_day(start))
        if current.empty:
            continue
        table_row = latest(current, [s.PERIOD_START]).iloc[-1].to_dict()
        if row[s.MEASURE] == TRADE_VALUE:
            expected = float(table_row[s.VALUE]) * float(table_row[s.SCALE])
            unit = UNIT_USD
        else:
            previous = where(
                same,
                vintage=table_row[s.VINTAGE],
                period_start=_day(dt.date(start.year - 1, 1, 1)),
            )
            if previous.empty:
                continue
            base = float(previous.iloc[0][s.VALUE])
            expected = PERCENT_SCALE * (float(table_row[s.VALUE]) / base - 1.0)
            unit = UNIT_PERCENT
        stated_text = _printed_text(float(row[s.VALUE]))
        scale = float(row[s.SCALE]) if unit == UNIT_USD else 1.0
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
            status = PASS
            message = (
                f"statement ({side}) {shown(value)} agrees with BNS {shown(expected)} "
                f"({tolerance.describe(shown)})"
            )
        elif mirror:
            status = WARN
            gap = value - expected
            message = (
                f"mirror gap: {row[s.PERSPECTIVE]} side as quoted {shown(value)} vs "
                f"{country_name(reporter)} ({producer_label(table_row[s.SOURCE_ORG])}) "
                f"{shown(expected)}; gap {format_difference(gap, unit)}"
            )
            if unit == UNIT_USD and value and expected:
                message += (
                    f" = {100 * gap / value:.1f} % of the {row[s.PERSPECTIVE]} figure, "
                    f"{100 * gap / expected:.1f} % of the {reporter} figure"
                )
            message += " (the sides differ by design: a finding, not an error)"
        else:
            status = WARN
            message = (
                f"statement ({side}) {shown(value)} differs from BNS {shown(expected)} "
                f"(vintage {table_row[s.VINTAGE]}) beyond {tolerance.describe(shown)}"
            )
        rows.append(
            check_row(
                "statement_vs_table",
                meta_of(row),
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
    return format_quantity(value, unit)


def _printed_text(value: float) -> str:
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    return text
