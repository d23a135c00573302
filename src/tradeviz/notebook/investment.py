"""Answers of the ``investment_flows`` notebook: what investment figures exist, and whose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz.notebook.answer import Answer, quoted_for_readers, quoted_records
from tradeviz.query import quoted_figures, where
from tradeviz.schema import UNATTRIBUTED
from tradeviz.text import count_phrase, join_words
from tradeviz.text.sentences import (
    quoted_amount,
    sentence_name,
    signed_percent,
    unverifiable_sentence,
)
from tradeviz.vocabulary import FDI_CUMULATIVE, FDI_GROSS_INFLOW, INFLOW, OFFICIAL_STATISTICS

if TYPE_CHECKING:
    import pandas as pd

#: What the answer records of each investment figure.
RECORDED_FIELDS = (
    "statement",
    "measure",
    "period",
    "value_usd",
    "qualifier",
    "perspective",
    "tier",
    "growth_pct",
)
#: Measures of investment figures, and how a sentence names them.
INVESTMENT_MEASURES = {FDI_GROSS_INFLOW: "gross inflow", FDI_CUMULATIVE: "cumulative total"}


def investment_statements(
    figures: pd.DataFrame, investor: str, host: str, start_year: int, end_year: int
) -> Answer:
    """Answer "what investment figures exist for the pair, and can they be checked?".

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    investor, host : str
        ISO3 codes: investment from ``investor`` into ``host``.
    start_year, end_year : int
        Keep figures whose period touches the span (figures without a stated period are kept
        and marked so).

    Returns
    -------
    Answer
        ``results``: ``statements`` (per figure: id, measure, period, value_usd, qualifier,
        perspective, tier, growth_pct), ``official_tables`` (the number of statistical-table
        figures, 0 when nothing can be verified) and counts by measure; ``data`` the quoted
        figures (:func:`tradeviz.query.quoted_figures`).
    """
    import pandas as pd

    stated = quoted_figures(
        figures, host, investor, measures=tuple(INVESTMENT_MEASURES), flows=(INFLOW,)
    )
    start, end = pd.Timestamp(start_year, 1, 1), pd.Timestamp(end_year, 12, 31)
    first = stated["period_start"].fillna(stated["period_end"])
    last = stated["period_end"].fillna(stated["period_start"])
    undated = first.isna()
    stated = stated.loc[undated | ((first <= end) & (last >= start))].reset_index(drop=True)
    official = where(
        figures,
        measure=tuple(INVESTMENT_MEASURES),
        source_tier=OFFICIAL_STATISTICS,
        reporter=host,
        partner=investor,
    )
    investor_name = sentence_name(investor)
    host_name = sentence_name(host)
    span = f"{start_year}–{end_year}"
    sentences = []
    if stated.empty:
        sentences.append(
            unverifiable_sentence(
                f"any investment figure of {investor_name} in {host_name} for {span}"
            )
        )
    else:
        by_side = stated["perspective"].value_counts()
        sides = join_words(
            count_phrase(int(n), "figure")
            + (" without a named side" if side == UNATTRIBUTED else f" from {sentence_name(side)}")
            for side, n in by_side.items()
        )
        sentences.append(
            f"{count_phrase(len(stated), 'investment figure')} of {investor_name} in "
            f"{host_name} for periods within or overlapping {span} (or undated) are on file, all "
            f"quoted by officials or the press ({sides})."
        )
        if official.empty:
            sentences.append(
                "No official investment statistics (central bank or ministry tables) are in the "
                "data, so none of them can be verified."
            )
        cumulative = stated.loc[stated["measure"] == "fdi_cumulative"]
        if len(cumulative) > 1:
            low = cumulative.loc[cumulative["value_usd"].idxmin()]
            high = cumulative.loc[cumulative["value_usd"].idxmax()]
            sentences.append(
                f"Cumulative totals range from {quoted_amount(low['value_usd'], low['qualifier'])} "  # noqa: E501
                f"({low['period']}) to {quoted_amount(high['value_usd'], high['qualifier'])} "  # noqa: E501
                f"({high['period']}); they start in different years or do not say when, so they "
                "are not one series."
            )
        inflows = stated.loc[stated["measure"] == "fdi_gross_inflow"]
        if len(inflows):
            parts = [
                f"{quoted_amount(row['value_usd'], row['qualifier'])} in {row['period']}"
                + (
                    f" ({signed_percent(row['growth_pct'])} as stated)"
                    if row["growth_pct"] == row["growth_pct"]  # NaN: no growth stated
                    else ""
                )
                for row in inflows.to_dict(orient="records")
            ]
            sentences.append(f"Gross inflows quoted: {join_words(parts)}.")
    records = quoted_records(stated, RECORDED_FIELDS)
    counts = {measure: int((stated["measure"] == measure).sum()) for measure in INVESTMENT_MEASURES}
    table = quoted_for_readers(stated).drop(columns=["flow"]).set_index("statement")
    return Answer(
        tuple(sentences),
        table if len(table) else None,
        {
            "statements": records,
            "official_tables": len(official),
            "counts": counts,
            "verifiable": len(official) > 0,
        },
        data=stated,
    )
