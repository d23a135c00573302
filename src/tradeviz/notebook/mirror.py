"""Answers of the ``bilateral_profile`` notebook: the two sides' records of the same trade."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz import schema as s
from tradeviz.notebook.answer import USD_M, Answer, attempt, evidence, inputs_of
from tradeviz.query import is_quoted, quoted_figures, where, year_of
from tradeviz.text import possessive, producer_label
from tradeviz.text.sentences import (
    flow_phrase,
    mirror_sentence,
    sentence_name,
    unverifiable_sentence,
)
from tradeviz.vocabulary import MILLION, MIRROR_FLOW, TRADE_VALUE

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.indicators import IndicatorResult


def mirror_comparison(
    figures: pd.DataFrame, reporter: str, partner: str, start_year: int, end_year: int
) -> Answer:
    """Answer "how far apart are the two sides' records of the same trade?".

    For every year of the span in which the partner's figure is known — from its own statistical
    table (Uzbekistan's, Kyrgyzstan's; Russia's months summed to full years), else as quoted
    (China's customs figures reach the data only as statements) — the reporter's record of a
    flow is set against the partner's record of the same goods
    (:func:`tradeviz.indicators.mirror_gap`), with the gap as a share of each side's figure,
    because one gap reads very differently over either denominator.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    start_year, end_year : int
        The span of years.

    Returns
    -------
    Answer
        ``results["pairs"]``: per year and flow, both figures in USD, the gap (reporter minus
        partner), ``pct_of_reporter``, ``pct_of_partner``, the mirror ratio and the evidence.
    """
    import pandas as pd

    from tradeviz.indicators import mirror_gap

    quoted = quoted_figures(figures, reporter, partner)
    quoted = quoted.loc[(quoted["reporter"] == partner) & quoted["value_usd"].notna()]
    quoted_years = {int(y) for y in pd.to_datetime(quoted["period_start"]).dt.year.dropna()}
    table_years = _table_years(figures, partner, reporter)
    years = sorted(y for y in quoted_years | table_years if start_year <= y <= end_year)
    sentences, rows, pairs, used = [], [], [], {}
    for year in years:
        # The partner's own statistical table where it has one, else its figures as quoted.
        partner_source = None if year in table_years else "statements"
        for flow in ("turnover", "imports", "exports"):
            result, _ = attempt(
                mirror_gap, figures, reporter, partner, year, flow, partner_source=partner_source
            )
            if result is None:
                continue
            used[(year, flow)] = result
            mine, theirs = result.details["reporter_usd"], result.details["partner_usd"]
            partner_label = _side_label(result, partner)
            sentences.append(
                mirror_sentence(
                    year=year,
                    reporter=reporter,
                    partner=partner,
                    flow=flow,
                    mirror_flow=MIRROR_FLOW[flow],
                    reporter_usd=mine,
                    partner_usd=theirs,
                    reporter_source=_side_label(result, reporter),
                    partner_source=partner_label,
                )
            )
            pairs.append(
                {
                    "year": year,
                    "flow": flow,
                    "reporter_usd": mine,
                    "partner_usd": theirs,
                    "gap_usd": mine - theirs,
                    "pct_of_reporter": 100 * (mine - theirs) / mine,
                    "pct_of_partner": 100 * (mine - theirs) / theirs,
                    "mirror_ratio": result.details["ratio"],
                    **evidence(result),
                }
            )
            rows.append(
                {
                    "year": year,
                    f"{reporter} records": flow_phrase(flow, partner),
                    f"{reporter} ({USD_M})": mine / MILLION,
                    f"{partner} records": flow_phrase(MIRROR_FLOW[flow], reporter),
                    f"{partner} ({USD_M})": theirs / MILLION,
                    f"gap, % of {reporter}'s figure": 100 * (mine - theirs) / mine,
                    f"gap, % of {partner}'s figure": 100 * (mine - theirs) / theirs,
                    f"{partner}'s figure from": partner_label,
                }
            )
    if not pairs:
        what = (
            f"{possessive(sentence_name(partner))} record of its trade with "
            f"{sentence_name(reporter)} between {start_year} and {end_year}"
        )
        sentences.append(unverifiable_sentence(what))
    table = pd.DataFrame(rows).set_index("year") if rows else None
    return Answer(tuple(sentences), table, {"pairs": pairs}, data=inputs_of(used, "pair"))


def _table_years(figures: pd.DataFrame, reporter: str, partner: str) -> set[int]:
    """Return the years in which ``reporter``'s own tables state its trade with ``partner``."""
    rows = where(
        figures,
        reporter=reporter,
        partner=partner,
        perspective=reporter,
        measure=TRADE_VALUE,
        product_code=s.TOTAL_CODE,
    )
    rows = rows[~rows[s.SOURCE].map(is_quoted).astype(bool)]
    return {int(year) for year in year_of(rows).dropna()}


def _side_label(result: IndicatorResult, side: str) -> str:
    """Say how one side's figure of a mirror comparison is known: "BNS" or "as quoted (press)"."""
    rows = where(result.inputs, perspective=side)
    if rows.empty:
        return "source not stated"
    row = rows.iloc[0]
    if is_quoted(row[s.SOURCE]):
        tier = str(row[s.SOURCE_TIER]).replace("_", " ")
        return f"as quoted, {tier}: {row[s.SOURCE_ORG]}"
    return producer_label(row[s.SOURCE_ORG])
