"""Figures a claim needs that the tables imply but do not print: growth, shares from parts.

- A claim of growth on the same period of the previous year (``growth_yoy``) is weighed against
  every growth the tables give, computed by :func:`tradeviz.query.growth.growth_figures` within
  one source and one vintage: the growth a table states (ERI's index) and the growth its own
  levels imply, for the claim's own side and the partner's mirror record. Quoted growth rates
  (statements) are in the figures already.
- A share (``partner_share``) is read as worded: of the whole the text names (``denominator``:
  "of total trade" = turnover), computed from a part and its whole of one table
  (:func:`tradeviz.query.parts.share_figures`) where a table states no such share.
  :func:`other_readings` then says which other reading (of exports, imports, turnover) the
  number matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks.matching import (
    SUBJECT_RULES,
    TOTAL_ONLY_MEASURES,
    as_date,
    subject_measures,
)
from tradeviz.checks.tolerance import Tolerance
from tradeviz.query.growth import growth_figures
from tradeviz.query.parts import share_figures
from tradeviz.query.rows import records
from tradeviz.query.sources import source_rank
from tradeviz.query.turnover import summed_turnover
from tradeviz.text.numbers import format_quantity
from tradeviz.vocabulary import (
    EXPORTS,
    GROWTH_YOY,
    IMPORTS,
    MIRROR_FLOW,
    PARTNER_SHARE,
    TRADE_VALUE,
    TURNOVER,
)

#: The readings of a share: (the partner's flow, the reporter's whole).
SHARE_READINGS = ((EXPORTS, EXPORTS), (IMPORTS, IMPORTS), (TURNOVER, TURNOVER))

if TYPE_CHECKING:
    import pandas as pd


def claim_figures(figures: pd.DataFrame, claim: dict[str, Any]) -> pd.DataFrame:
    """Return the figures of ``claim``'s pair with the computed figures that bear on it appended.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    claim : dict
        One row of the claims table.

    Returns
    -------
    pandas.DataFrame
        ``figures`` itself when the claim needs nothing computed, else a new frame: the figures
        whose partner is the claim's partner or reporter (everything the claim's references are
        drawn from), then the computed rows (growth of the claim's pair and flow over its period,
        both sides; a share from a part and its whole; a turnover from exports + imports).
    """
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    if start is None or end is None or not claim["partner"]:
        return figures
    if claim_products(claim):
        return figures  # a product group's figure is never computed from totals
    if claim["measure"] == PARTNER_SHARE:
        return _share_figures(figures, claim, start, end)
    if claim["measure"] == TRADE_VALUE and claim["flow"] == TURNOVER:
        return _summed_turnover(figures, claim, start, end)
    if claim["measure"] != GROWTH_YOY or SUBJECT_RULES.get(GROWTH_YOY) != "pair":
        return figures
    parts = [
        growth_figures(figures, claim["reporter"], claim["partner"], claim["flow"], start, end)
    ]
    mirror_flow = MIRROR_FLOW.get(claim["flow"])
    if mirror_flow:
        parts.append(
            growth_figures(figures, claim["partner"], claim["reporter"], mirror_flow, start, end)
        )
    parts = [part for part in parts if not part.empty]
    if not parts:
        return figures
    return _with_computed(figures, claim, parts)


def _with_computed(
    figures: pd.DataFrame,
    claim: dict[str, Any],
    computed: list[pd.DataFrame],
    *,
    without_stated_shares: bool = False,
) -> pd.DataFrame:
    """Return the figures about the claim's pair (either side's record) and the computed rows.

    The references of a claim are its subject's figures of its measures (:func:`tradeviz.
    checks.matching.subject_rows`: partner the claim's partner, or its reporter for the mirror
    record; reporter and flow as the measure's rule reads them, either side's; measure one of
    :func:`tradeviz.checks.matching.subject_measures`; a total where the measure is judged on
    totals only), so the computed rows are appended to those alone, in the table's order,
    rather than to a copy of the whole table. ``without_stated_shares`` leaves out the shares
    the tables state of the claim's own flow (not the reading a share of another whole words).
    """
    import pandas as pd

    from tradeviz.query.rows import kept_rows, where

    subject = {
        s.PARTNER: (claim["partner"], claim["reporter"]),
        s.MEASURE: subject_measures(claim["measure"]),
        **_either_side(claim),
    }
    if claim["measure"] in TOTAL_ONLY_MEASURES:
        subject[s.CLASSIFICATION] = s.TOTAL_CODE  # its references are totals only
    pair = where(figures, **subject)
    if without_stated_shares:
        pair = kept_rows(pair, ~_stated_shares(pair, claim))
    return pd.concat([pair, *computed], ignore_index=True)


def _either_side(claim: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Return the reporters and flows of the claim's subject, its own side's or the mirror's.

    What :func:`tradeviz.checks.matching.subject_rows` asks of both sides' rows, read by the
    measure's rule (``partner``: any reporter; ``reporter``: any flow); a side that names no
    text value narrows nothing.
    """
    rule = SUBJECT_RULES.get(claim["measure"], "pair")
    sides = {}
    if rule != "partner":
        sides[s.REPORTER] = (claim["reporter"], claim["partner"])
    if rule != "reporter":
        flow = claim["flow"]
        sides[s.FLOW] = (flow, MIRROR_FLOW[flow]) if flow in MIRROR_FLOW else (flow,)
    return {
        column: values
        for column, values in sides.items()
        if all(isinstance(value, str) for value in values)
    }


def _stated_shares(frame: pd.DataFrame, claim: dict[str, Any]) -> pd.Series:
    """Return which rows are shares stated of the claim's own pair and flow."""
    return (
        (frame[s.MEASURE] == PARTNER_SHARE)
        & (frame[s.REPORTER] == claim["reporter"])
        & (frame[s.PARTNER] == claim["partner"])
        & (frame[s.FLOW] == claim["flow"])
    )


def claim_products(claim: dict[str, Any]) -> list[str]:
    """Return the product codes a numeric claim is about (empty: the total of the flow)."""
    if claim["measure"] == "main_products":
        return []
    return [code for code in str(claim.get("products") or "").split(";") if code]


def _summed_turnover(figures: pd.DataFrame, claim: dict[str, Any], start, end) -> pd.DataFrame:
    """Append each table's exports + imports where it states no turnover (the one rule)."""
    from tradeviz.query.rows import where

    pair = (claim["reporter"], claim["partner"])
    rows = where(
        figures,
        measure=TRADE_VALUE,
        reporter=pair,
        partner=pair,
        flow=(EXPORTS, IMPORTS),
        classification=s.TOTAL_CODE,
        within=(start, end),
    )
    summed = summed_turnover(rows)[0]
    if summed.empty:
        return figures
    summed = summed.loc[:, [c for c in summed.columns if c in figures.columns]]
    return _with_computed(figures, claim, [summed])


def denominator(claim: dict[str, Any]) -> str:
    """Return the whole a share claim is of: its ``denominator``, else its own flow."""
    return str(claim.get("denominator") or claim["flow"])


def _share_figures(figures: pd.DataFrame, claim: dict[str, Any], start, end) -> pd.DataFrame:

    whole = denominator(claim)
    computed = share_figures(
        figures, claim["reporter"], claim["partner"], claim["flow"], whole, start, end
    )
    # The stated shares are of the flow itself: not the reading the text words.
    of_another_whole = whole != claim["flow"]
    if computed.empty and not of_another_whole:
        return figures
    return _with_computed(
        figures,
        claim,
        [] if computed.empty else [computed],
        without_stated_shares=of_another_whole,
    )


def other_readings(figures: pd.DataFrame, claim: dict[str, Any], tolerance: Tolerance) -> list[str]:
    """Say which other reading of a share (of exports, imports, turnover) the number matches.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    claim : dict
        A ``partner_share`` claim.
    tolerance : Tolerance
        The claim's tolerance.

    Returns
    -------
    list of str
        One sentence listing the other readings' shares (the preferred table's, computed from
        its parts), and naming those that the stated number matches; empty when none is found.
    """
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    if claim["measure"] != PARTNER_SHARE or start is None or end is None:
        return []
    worded = (claim["flow"], denominator(claim))
    listed, matching = [], []
    for flow, whole in SHARE_READINGS:
        if (flow, whole) == worded:
            continue
        rows = share_figures(figures, claim["reporter"], claim["partner"], flow, whole, start, end)
        if rows.empty:
            continue
        best = min(records(rows), key=lambda row: source_rank(row[s.SOURCE]))
        value = float(best[s.VALUE])
        text = f"of {whole} {format_quantity(value, 'percent')} ({best[s.SOURCE]})"
        listed.append(text)
        if tolerance.contains(value):
            matching.append(f"the share of {claim['reporter']}'s {whole}")
    if not listed:
        return []
    sentence = f"Other readings of the share: {'; '.join(listed)}."
    if matching:
        sentence += " The stated number matches " + " and ".join(matching) + "."
    return [sentence]


#: Investment measures a claim may state (gross, cumulative) and wiiw's net measures.
CLAIMED_INVESTMENT = ("fdi_gross_inflow", "fdi_cumulative")
NET_INVESTMENT = ("fdi_net_inflow", "fdi_stock")
#: How many of wiiw's years an investment explanation lists (the latest first).
NET_YEARS_SHOWN = 5


def investment_note(figures: pd.DataFrame, claim: dict[str, Any]) -> list[str]:
    """Say what wiiw gives for an investment claim, and why it is not compared.

    wiiw's figures are **net** flows and positions in euros; officials quote gross inflows in
    dollars. Currencies are never converted and net is not gross, so wiiw's figures are listed
    for the reader, never weighed.
    """
    from tradeviz.query.rows import where

    if claim["measure"] not in CLAIMED_INVESTMENT or not claim["partner"]:
        return []
    rows = where(
        figures,
        measure=NET_INVESTMENT,
        reporter=claim["reporter"],
        partner=claim["partner"],
    )
    if rows.empty:
        return []
    flows = rows[rows[s.MEASURE] == "fdi_net_inflow"].sort_values(s.PERIOD_START, ascending=False)
    listed = "; ".join(
        f"{as_date(r[s.PERIOD_START]).year} "
        f"{format_quantity(float(r[s.VALUE]) * float(r[s.SCALE]), str(r[s.UNIT]))}"
        for r in records(flows.head(NET_YEARS_SHOWN))
    )
    return [
        f"wiiw gives {claim['reporter']}'s net FDI from {claim['partner']} in euros"
        + (f" ({listed})" if listed else "")
        + ": net flows, not the gross inflows officials quote, and in another currency; "
        "currencies are never converted, so these are shown and not compared."
    ]


def mirror_gap(figures: pd.DataFrame, claim: dict[str, Any], evidence: list) -> list[str]:
    """Say how far the two sides' figures of a trade value lie apart, and how far they usually do.

    The gap of the claim's period (the partner's figure minus the reporter's, as a share of the
    partner's) is set beside the gaps of the other years where both sides have an annual figure
    in the data: the reporter's preferred table against the partner's quoted figure.
    """
    from tradeviz.query.rows import where

    if claim["measure"] != "trade_value" or not claim["partner"]:
        return []
    own = [r for r in evidence if r.perspective == claim["reporter"] and r.role == "direct"]
    other = [r for r in evidence if r.perspective == claim["partner"]]
    if not own or not other:
        return []
    mine = min(own, key=lambda r: source_rank(r.row[s.SOURCE]))
    theirs = min(other, key=lambda r: source_rank(r.row[s.SOURCE]))
    if not theirs.quantity > 0:
        return []
    gap = (theirs.quantity - mine.quantity) / theirs.quantity * 100
    sentence = (
        f"Mirror gap: {claim['partner']}'s figure ({format_quantity(theirs.quantity, 'USD')}, "
        f"{theirs.row[s.SOURCE]}) and {claim['reporter']}'s "
        f"({format_quantity(mine.quantity, 'USD')}, {mine.row[s.SOURCE]}) differ by "
        f"{gap:.1f} % of {claim['partner']}'s figure"
    )
    quoted = where(
        figures,
        measure="trade_value",
        reporter=claim["partner"],
        partner=claim["reporter"],
        flow=MIRROR_FLOW.get(claim["flow"], claim["flow"]),
        freq="A",
        classification=s.TOTAL_CODE,
    )
    tables = where(
        figures,
        source=mine.row[s.SOURCE],
        measure="trade_value",
        reporter=claim["reporter"],
        partner=claim["partner"],
        flow=claim["flow"],
        freq="A",
        classification=s.TOTAL_CODE,
    )
    own_by_year = {
        as_date(r[s.PERIOD_START]).year: float(r[s.VALUE]) * float(r[s.SCALE])
        for r in records(tables.sort_values(s.VINTAGE))
    }
    usual = []
    for r in records(quoted):
        year = as_date(r[s.PERIOD_START]).year
        value = float(r[s.VALUE]) * float(r[s.SCALE])
        if year in own_by_year and value > 0 and year != mine.start.year:
            usual.append((year, (value - own_by_year[year]) / value * 100))
    if usual:
        listed = ", ".join(f"{year} {share:.1f} %" for year, share in sorted(set(usual)))
        sentence += f"; in the other years where both sides have a figure: {listed}"
    return [sentence + "."]
