"""Answers of the ``investment_flows`` notebook: what investment figures exist, and whose."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.notebook.answer import Answer, quoted_for_readers, quoted_records
from tradeviz.query import by_preference, quoted_figures, where
from tradeviz.schema import UNATTRIBUTED
from tradeviz.text import count_phrase, join_words, possessive, producer_label
from tradeviz.text.numbers import format_quantity
from tradeviz.text.sentences import (
    quoted_amount,
    sentence_name,
    signed_percent,
    unverifiable_sentence,
)
from tradeviz.vocabulary import (
    FDI_CUMULATIVE,
    FDI_GROSS_INFLOW,
    FDI_NET_INFLOW,
    FDI_STOCK,
    INFLOW,
    OFFICIAL_STATISTICS,
    UNIT_EUR,
)

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
                "No statistical table in the data states the gross inflows or cumulative totals "
                "they quote, so none of them can be verified."
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
    net = net_fdi(figures, investor, host, start_year, end_year)
    sentences += net.pop("sentences")
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
            "net_fdi": net,
        },
        data=stated,
    )


#: Words of the net FDI measures in sentences.
NET_FDI_WORDS = {FDI_NET_INFLOW: "net inflow", FDI_STOCK: "inward stock"}


def net_fdi(
    figures: pd.DataFrame, investor: str, host: str, start_year: int, end_year: int
) -> dict[str, Any]:
    """Return the net FDI of ``investor`` in ``host`` that a statistical compilation states.

    wiiw's FDI database gives net inflows (inflows less disinvestment, which can be negative)
    and the inward stock at each year's end, in euros. They are kept in euros (no exchange rate
    is applied) and are not the gross inflows officials quote: the sentences say both.

    Returns
    -------
    dict
        ``years`` (per year: ``net_inflow_eur``, ``stock_eur``, the figure ids), ``source``,
        ``unit`` ("EUR"), ``vintage`` and ``sentences``; empty lists when nothing is stated.
    """
    from tradeviz.query import net_fdi_rows

    rows = net_fdi_rows(
        figures, investor=investor, host=host, start_year=start_year, end_year=end_year
    )
    found: dict[str, Any] = {"years": [], "unit": UNIT_EUR, "source": None, "vintage": None}
    if rows.empty:
        found["sentences"] = []
        return found
    source = by_preference(rows[s.SOURCE])[0]
    rows = rows[rows[s.SOURCE] == source].sort_values("year")
    by_year: dict[int, dict[str, Any]] = {}
    for row in rows.to_dict("records"):
        entry = by_year.setdefault(int(row["year"]), {"year": int(row["year"]), "figure_ids": []})
        key = "net_inflow_eur" if row[s.MEASURE] == FDI_NET_INFLOW else "stock_eur"
        entry[key] = float(row[s.VALUE]) * float(row[s.SCALE])
        entry["figure_ids"].append(str(row[s.FIGURE_ID]))
    found.update(
        years=list(by_year.values()),
        source=source,
        vintage=str(rows[s.VINTAGE].iloc[-1]),
    )
    org = producer_label(str(rows[s.SOURCE_ORG].iloc[0]))
    last = found["years"][-1]
    stated = [
        f"{NET_FDI_WORDS[measure]} {format_quantity(last[key], UNIT_EUR)}"
        for measure, key in ((FDI_NET_INFLOW, "net_inflow_eur"), (FDI_STOCK, "stock_eur"))
        if key in last
    ]
    found["sentences"] = [
        f"{org}'s FDI statistics give {possessive(sentence_name(investor))} net direct "
        f"investment in {sentence_name(host)} for {found['years'][0]['year']}–{last['year']} in "
        f"euros ({last['year']}: {join_words(stated)}). These are net flows (inflows less "
        "disinvestment) and positions, not the gross inflows officials quote, and they stay in "
        "euros: no exchange rate is applied, so they are not compared with the dollar figures "
        "above."
    ]
    return found
