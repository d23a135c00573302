"""Integrity checks of one BNS table against the totals it states itself.

Countries against «Всего», stated shares against value ÷ total, turnover against exports +
imports, aggregates against their members (by the dated membership lists), against the countries
printed under them and against the aggregates they are split into.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import membership
from tradeviz.checks.integrity_rows import (
    SHEET_ROW,
    SUM_TOLERANCE_REL,
    check_row,
    compare_sum,
    located,
    partner_rows,
    rounding_of,
    table_meta,
    table_values,
    usd,
    usd_row,
)
from tradeviz.checks.matching import as_date
from tradeviz.query import where
from tradeviz.query.rows import records
from tradeviz.text.numbers import format_difference
from tradeviz.vocabulary import (
    AGGREGATE,
    COUNTRY,
    EXPORTS,
    FAIL,
    IMPORTS,
    LEVEL_FLOWS,
    PARTNER_SHARE,
    PASS,
    TURNOVER,
    UNIT_PERCENT,
    UNIT_USD,
    WARN,
)

if TYPE_CHECKING:
    import pandas as pd

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


def check_table(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Run every check of one BNS table (one vintage and period) against its own totals."""
    return [
        *check_countries_sum(table),
        *check_shares(table),
        *check_turnover(table),
        *check_aggregate_members(table),
        *check_aggregate_listed(table),
        *check_aggregate_parts(table),
    ]


def check_countries_sum(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Countries of one BNS table add up to its «Всего», per flow; the residual is reported."""
    meta = table_meta(table)
    rows = []
    for flow in LEVEL_FLOWS:
        values = table_values(table, flow)
        world = partner_rows(table, flow).get(s.WORLD)
        countries = where(values, partner_kind=COUNTRY)
        if world is None or countries.empty:
            continue
        scale = float(world[s.SCALE])
        total = float(world[s.VALUE])
        parts = countries[s.VALUE].astype(float).tolist()
        summed, tolerance, ok = compare_sum(total, parts)
        residual = total - summed
        message = (
            f"{len(parts)} countries add up to {usd(summed * scale)}; stated «Всего» "
            f"{usd(total * scale)} ({world[s.LOCATOR]}); unallocated residual "
            f"{format_difference(residual * scale, UNIT_USD)}"
        )
        if not ok:
            message += f" ({100 * residual / total:.4f} % of the total), beyond rounding"
        rows.append(
            usd_row(
                "countries_sum_vs_total",
                meta,
                flow=flow,
                partner=s.WORLD,
                status=PASS if ok else WARN,
                scale=scale,
                value=total,
                expected=summed,
                tolerance=tolerance,
                compared=f"{located(meta)}: «Всего» vs Σ {len(parts)} country rows",
                message=message,
            )
        )
    return rows


def check_shares(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each stated share equals value ÷ stated total × 100 within the share's printed rounding."""
    meta = table_meta(table)
    rows = []
    for flow in LEVEL_FLOWS:
        shares = table_values(table, flow, PARTNER_SHARE)
        partners = partner_rows(table, flow)
        world = partners.get(s.WORLD)
        if world is None or shares.empty:
            continue
        total = float(world[s.VALUE])
        for share in records(shares):
            partner = share[s.PARTNER]
            if partner == s.WORLD or partner not in partners:
                continue
            value = float(partners[partner][s.VALUE])
            expected = 100.0 * value / total
            stated = float(share[s.VALUE])
            tolerance = max(
                rounding_of([stated]) + 100.0 * rounding_of([value, total]) / total,
                SUM_TOLERANCE_REL * 100.0,
            )
            ok = abs(stated - expected) <= tolerance
            rows.append(
                check_row(
                    "share_vs_value",
                    meta,
                    flow=flow,
                    partner=partner,
                    status=PASS if ok else FAIL,
                    value=stated,
                    expected=expected,
                    tolerance=tolerance,
                    unit=UNIT_PERCENT,
                    compared=f"{located(meta)}: {share[s.LOCATOR]}",
                    message=(
                        f"stated share {stated:g} %; value ÷ «Всего» × 100 = "
                        f"{value:g} ÷ {total:g} × 100 = {expected:.5f} %"
                    ),
                )
            )
    return rows


def check_turnover(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row's turnover equals its exports + imports (a missing flow counts as 0, said so)."""
    meta = table_meta(table)
    rows = []
    turnover, exports, imports = (
        partner_rows(table, flow) for flow in (TURNOVER, EXPORTS, IMPORTS)
    )
    for partner, row in turnover.items():
        x, m = exports.get(partner), imports.get(partner)
        if x is None and m is None:
            continue
        scale = float(row[s.SCALE])
        stated = float(row[s.VALUE])
        parts = [float(r[s.VALUE]) for r in (x, m) if r is not None]
        expected, tolerance, ok = compare_sum(stated, parts)
        missing = [name for name, r in (("exports", x), ("imports", m)) if r is None]
        note = f" ({' and '.join(missing)} not stated: counted as 0)" if missing else ""
        rows.append(
            usd_row(
                "turnover_vs_flows",
                meta,
                flow="turnover",
                partner=partner,
                status=PASS if ok else FAIL,
                scale=scale,
                value=stated,
                expected=expected,
                tolerance=tolerance,
                compared=f"{located(meta)}: {row[s.LOCATOR]}",
                message=(
                    f"turnover {usd(stated * scale)} vs exports + imports "
                    f"{usd(expected * scale)}{note}"
                ),
            )
        )
    return rows


def check_aggregate_members(table: pd.DataFrame) -> list[dict[str, Any]]:
    """EAEU, CIS and EU rows against their members per the dated membership table."""
    meta = table_meta(table)
    start, end = as_date(meta["period_start"]), as_date(meta["period_end"])
    reporter = str(table.iloc[0][s.REPORTER])
    rows = []
    for flow in LEVEL_FLOWS:
        values = table_values(table, flow)
        partners = partner_rows(table, flow)
        countries = where(values, partner_kind=COUNTRY)
        by_code = dict(zip(countries[s.PARTNER], countries[s.VALUE].astype(float), strict=True))
        for aggregate in MEMBERSHIP_AGGREGATES:
            stated_row = partners.get(aggregate)
            if stated_row is None:
                continue
            stated = float(stated_row[s.VALUE])
            scale = float(stated_row[s.SCALE])
            readings = []
            for label, members in membership.compositions(aggregate, start, end):
                codes = sorted(members - {reporter})
                parts = [by_code[c] for c in codes if c in by_code]
                readings.append((label, codes, *compare_sum(stated, parts)))
            reference = readings[0]
            match = next((r for r in readings if r[4]), None)
            if match is reference:
                status, used = PASS, reference
                message = (
                    f"{aggregate} {usd(stated * scale)} = Σ {reference[0]} "
                    f"({', '.join(reference[1])}; {reporter} excluded as reporter)"
                )
            elif match is not None:
                status, used = WARN, match
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
                    f"{reference[0]} ({usd(reference[2] * scale)}); the row "
                    + " and ".join(differences)
                    + f" ({changes})"
                )
            else:
                status, used = FAIL, reference
                message = (
                    f"{aggregate} {usd(stated * scale)} matches no composition of the membership "
                    f"table; Σ {reference[0]} = {usd(reference[2] * scale)}"
                )
            rows.append(
                usd_row(
                    "aggregate_vs_members",
                    meta,
                    flow=flow,
                    partner=aggregate,
                    status=status,
                    scale=scale,
                    value=stated,
                    expected=used[2],
                    tolerance=used[3],
                    compared=f"{located(meta)}: {stated_row[s.LOCATOR]} vs Σ {', '.join(used[1])}",
                    message=message,
                )
            )
    return rows


def check_aggregate_listed(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each aggregate row equals the countries printed under it (up to the next aggregate row)."""
    meta = table_meta(table)
    rows = []
    for flow in LEVEL_FLOWS:
        values = table_values(table, flow).copy()
        positions = values[s.LOCATOR].str.extract(SHEET_ROW)["row"]
        if positions.isna().any() or values.empty:
            continue
        values = values.assign(_row=positions.astype(int)).sort_values("_row")
        in_order = records(values)
        for index, record in enumerate(in_order):
            if record[s.PARTNER_KIND] != AGGREGATE:
                continue
            listed = []
            for following in in_order[index + 1 :]:
                if following[s.PARTNER_KIND] != COUNTRY:
                    break
                listed.append(following)
            if not listed:
                continue  # split into aggregates: see aggregate_vs_parts
            stated = float(record[s.VALUE])
            scale = float(record[s.SCALE])
            parts = [float(r[s.VALUE]) for r in listed]
            summed, tolerance, ok = compare_sum(stated, parts)
            rows.append(
                usd_row(
                    "aggregate_vs_listed",
                    meta,
                    flow=flow,
                    partner=record[s.PARTNER],
                    status=PASS if ok else FAIL,
                    scale=scale,
                    value=stated,
                    expected=summed,
                    tolerance=tolerance,
                    compared=(
                        f"{located(meta)}: row {record['_row']} vs rows "
                        f"{listed[0]['_row']}–{listed[-1]['_row']}"
                    ),
                    message=(
                        f"{record[s.PARTNER]} {usd(stated * scale)} vs the {len(listed)} "
                        f"countries printed under it {usd(summed * scale)}"
                    ),
                )
            )
    return rows


def check_aggregate_parts(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Stated aggregates equal the sum of the aggregates the table splits them into."""
    meta = table_meta(table)
    rows = []
    for flow in LEVEL_FLOWS:
        partners = partner_rows(table, flow)
        for whole, part_codes in BNS_AGGREGATE_PARTS.items():
            stated_row = partners.get(whole)
            found = [partners.get(code) for code in part_codes]
            if stated_row is None or any(p is None for p in found):
                continue
            stated = float(stated_row[s.VALUE])
            scale = float(stated_row[s.SCALE])
            parts = [float(p[s.VALUE]) for p in found]
            summed, tolerance, ok = compare_sum(stated, parts)
            rows.append(
                usd_row(
                    "aggregate_vs_parts",
                    meta,
                    flow=flow,
                    partner=whole,
                    status=PASS if ok else FAIL,
                    scale=scale,
                    value=stated,
                    expected=summed,
                    tolerance=tolerance,
                    compared=f"{located(meta)}: {whole} vs {' + '.join(part_codes)}",
                    message=(
                        f"{whole} {usd(stated * scale)} vs Σ {' + '.join(part_codes)} "
                        f"{usd(summed * scale)}"
                    ),
                )
            )
    return rows
