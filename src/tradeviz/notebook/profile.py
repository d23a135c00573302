"""Answers of the ``bilateral_profile`` notebook: the pair's trade year by year, and its growth."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz import schema as s
from tradeviz.notebook.answer import USD_M, Answer, attempt, evidence, number, producer
from tradeviz.query import by_preference, is_quoted, prefer_source, trade_totals, where
from tradeviz.text import possessive, producer_label
from tradeviz.text.sentences import (
    cagr_sentence,
    level_sentence,
    sentence_name,
    unverifiable_sentence,
)
from tradeviz.vocabulary import (
    ALL_VINTAGES,
    LEVEL_FLOWS,
    MILLION,
    OFFICIAL_STATISTICS,
    TRADE_FLOWS,
)

if TYPE_CHECKING:
    import pandas as pd


def annual_table(
    figures: pd.DataFrame, reporter: str, partner: str, start_year: int, end_year: int
) -> Answer:
    """Answer "how did the pair's trade develop over the years?", one source per year.

    Each year comes from the preferred statistical table that states it (the national tables,
    BNS, else UN Comtrade via WITS), each from its latest vintage; the table names the source of
    every year. Turnover is the table's own where it states one, else its exports + imports;
    balance is exports − imports.
    The sentences give the compound annual growth of exports and imports over the longest run of
    years that one source covers (growth is never computed across sources).

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes, reporter's side.
    start_year, end_year : int
        The span of years.

    Returns
    -------
    Answer
        ``results``: ``years`` (list of ``{year, source, vintage, exports_usd, imports_usd,
        turnover_usd, balance_usd}``) and ``cagr`` (per flow: ``cagr_pct``, ``start_year``,
        ``end_year``, ``source`` and the evidence); ``data`` the figures of every year (a summed
        turnover's ``figure_id`` names both figures).
    """
    from tradeviz.indicators import cagr

    rows = trade_totals(figures, reporter, partner, years=range(start_year, end_year + 1))
    rows = prefer_source(rows[~rows[s.SOURCE].map(is_quoted).astype(bool)], ["year"])
    if rows.empty:
        what = (
            f"{possessive(sentence_name(reporter))} trade with "
            f"{sentence_name(partner)} from {start_year} to {end_year}"
        )
        return Answer((unverifiable_sentence(what),), None, {"years": [], "cagr": {}}, data=rows)
    wide = rows.pivot_table(
        index=["year", s.SOURCE, s.VINTAGE], columns=s.FLOW, values=s.VALUE_USD, aggfunc="first"
    ).reset_index()
    for flow in LEVEL_FLOWS:
        if flow not in wide:
            wide[flow] = float("nan")
    wide["balance"] = wide["exports"] - wide["imports"]
    wide = wide.sort_values("year").reset_index(drop=True)
    years = [
        {
            "year": int(row["year"]),
            "source": str(row[s.SOURCE]),
            "vintage": str(row[s.VINTAGE]),
            **{f"{flow}_usd": number(row[flow]) for flow in (*LEVEL_FLOWS, "balance")},
        }
        for row in wide.to_dict(orient="records")
    ]
    sentences, growth = [], {}
    for flow in TRADE_FLOWS:
        result = _longest_cagr(figures, reporter, partner, flow, start_year, end_year, cagr)
        if result is None:
            continue
        growth[flow] = {
            "cagr_pct": result.value,
            "start_year": int(result.params["start_year"]),
            "end_year": int(result.params["end_year"]),
            "source": result.params["source"],
            **evidence(result),
        }
        sentences.append(
            cagr_sentence(
                reporter=reporter,
                partner=partner,
                flow=flow,
                start_year=int(result.params["start_year"]),
                end_year=int(result.params["end_year"]),
                cagr_pct=result.value,
                start_usd=result.details["start_usd"],
                end_usd=result.details["end_usd"],
                perspective=result.params["perspective"],
                source_label=producer(result),
            )
        )
    last = years[-1]
    sentences.append(
        level_sentence(
            reporter=reporter,
            partner=partner,
            flow="turnover",
            period=str(last["year"]),
            value_usd=last["turnover_usd"],
            perspective=reporter,
            source_label=producer_label(_org_of(figures, last["source"])),
            vintage=last["vintage"],
        )
    )
    money = [*LEVEL_FLOWS, "balance"]
    table = wide.assign(**{flow: wide[flow] / MILLION for flow in money}).rename(
        columns={
            s.SOURCE: "source",
            s.VINTAGE: "vintage",
            **{flow: f"{flow} ({USD_M})" for flow in money},
        }
    )
    table.columns.name = None
    return Answer(
        tuple(sentences), table.set_index("year"), {"years": years, "cagr": growth}, data=rows
    )


def _org_of(figures: pd.DataFrame, source: str) -> str:
    orgs = where(figures, source=source)[s.SOURCE_ORG].astype(str).unique()
    return orgs[0] if len(orgs) == 1 else source


def _longest_cagr(figures, reporter, partner, flow, start_year, end_year, cagr):
    """Return the CAGR over the longest span of years one table source covers, or None."""
    tables = where(
        trade_totals(figures, reporter, partner, flows=[flow], vintage=ALL_VINTAGES),
        source_tier=OFFICIAL_STATISTICS,
    )
    best = None
    for source in by_preference(tables[s.SOURCE]):
        found = where(tables, source=source)["year"]
        years = sorted({int(y) for y in found if start_year <= y <= end_year})
        if len(years) < 2:
            continue
        span = years[-1] - years[0]
        if best is not None and span <= best[0]:
            continue
        result, _ = attempt(
            cagr,
            figures,
            reporter,
            partner,
            years[0],
            years[-1],
            flow,
            source=source,
            vintage="latest-each",
        )
        if result is not None:
            best = (span, result)
    return None if best is None else best[1]
