"""Answers of the ``turnover_growth`` notebook: a year's level and growth, and the year to date."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tradeviz.notebook.answer import (
    USD_M,
    Answer,
    attempt,
    evidence,
    inputs_of,
    millions,
    number,
    producer,
    quoted_for_readers,
    quoted_records,
)
from tradeviz.query import quoted_figures
from tradeviz.schema import WORLD
from tradeviz.text import count_phrase, possessive, producer_label
from tradeviz.text.sentences import level_sentence, sentence_name, unverifiable_sentence
from tradeviz.vocabulary import TRADE_FLOWS, TURNOVER

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.indicators import IndicatorResult

#: What the answer records of each quoted figure for the year to date.
STATED_FIELDS = (
    "statement",
    "perspective",
    "flow",
    "measure",
    "period",
    "value",
    "unit",
    "scale",
    "value_usd",
    "growth_pct",
)


def _growth_or_level(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, flow: str
) -> tuple[dict[str, Any] | None, IndicatorResult | None, str | None]:
    """Return a flow's level and growth on the year before, or its level alone, or why not.

    Returns
    -------
    numbers, result, reason
        ``value_usd``, ``base_usd``, ``growth_pct`` (None without a base year); the indicator
        used; the reason nothing could be had (None when something was).
    """
    from tradeviz.indicators import level, yoy_growth

    growth, reason = attempt(yoy_growth, figures, reporter, partner, year, flow)
    if growth is not None:
        current, base = growth.details["current_usd"], growth.details["base_usd"]
        return {"value_usd": current, "base_usd": base, "growth_pct": growth.value}, growth, None
    alone, level_reason = attempt(level, figures, reporter, partner, year, flow)
    if alone is None:
        return None, None, level_reason
    alone = replace(alone, notes=(*alone.notes, f"no base year for growth: {reason}"))
    return {"value_usd": alone.value, "base_usd": None, "growth_pct": None}, alone, None


def annual_growth(figures: pd.DataFrame, reporter: str, partner: str, year: int) -> Answer:
    """Answer "how large was the pair's trade in a year, and how did it change on the year before?".

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes, reporter's side.
    year : int
        Calendar year; growth is on ``year - 1`` in the same source and vintage.

    Returns
    -------
    Answer
        ``results[flow]`` for exports, imports and turnover: ``value_usd``, ``base_usd``,
        ``growth_pct`` (None when the base year is not stated) and the evidence; ``data`` the
        figures used (column ``asked_flow``).
    """
    import pandas as pd

    sentences, rows, results = [], [], {"year": year}
    used = {}
    for flow in (TURNOVER, *TRADE_FLOWS):
        found, result, reason = _growth_or_level(figures, reporter, partner, year, flow)
        if result is None:
            what = (
                f"{possessive(sentence_name(reporter))} {flow} with "
                f"{sentence_name(partner)} in {year}"
            )
            sentences.append(unverifiable_sentence(what, reason=reason))
            results[flow] = {"value_usd": None, "reason": reason}
            continue
        used[flow] = result
        growth = number(found["growth_pct"])
        sentences.append(
            level_sentence(
                reporter=reporter,
                partner=partner,
                flow=flow,
                period=str(year),
                value_usd=found["value_usd"],
                perspective=result.params["perspective"],
                source_label=producer(result),
                vintage=result.params["vintage"],
                growth_pct=growth,
                base_period=str(year - 1),
            )
        )
        results[flow] = {
            "value_usd": number(found["value_usd"]),
            "base_usd": number(found["base_usd"]),
            "growth_pct": growth,
            **evidence(result),
        }
        rows.append(
            {
                "flow": flow,
                f"{year - 1} ({USD_M})": millions(found["base_usd"]),
                f"{year} ({USD_M})": millions(found["value_usd"]),
                "growth (%)": growth,
                "source": result.params["source"],
                "vintage": result.params["vintage"],
            }
        )
    table = pd.DataFrame(rows).set_index("flow") if rows else None
    return Answer(tuple(sentences), table, results, data=inputs_of(used, "asked_flow"))


def ytd_growth(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, months: int
) -> Answer:
    """Answer "how did the pair's trade grow in January to month m, on the same months before?".

    Computed from monthly figures of one source and vintage
    (:func:`tradeviz.indicators.ytd_growth`). Where no monthly figures give it but a table
    states the period itself (ERI's January–September 2023 on January–September 2022), the
    table's level and its stated growth are shown, labelled as stated by the source (nothing is
    computed from them). Where neither does, the section says so, gives the reporter's trade
    with the world for the same months as context, and lists the figures quoted for the pair
    and period, marked as quoted, not verified.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    year : int
        Calendar year.
    months : int
        January to this month (1–12).

    Returns
    -------
    Answer
        ``results``: ``pair`` and ``world`` (``growth_pct``, ``current_usd``, ``base_usd`` and the
        evidence, or ``None`` with a ``reason``; a stated period has ``growth_basis``
        "stated", ``growth_index``, ``release`` and ``base_usd`` None), ``stated`` (the quoted
        figures: statement id, perspective, measure, value, unit, scale, value_usd); ``data``
        the monthly figures used (column ``counterpart``).
    """
    import pandas as pd

    from tradeviz.indicators import month_span
    from tradeviz.indicators import ytd_growth as ytd

    span = f"{month_span(months)} {year}"
    start = pd.Timestamp(year, 1, 1)
    end = pd.Timestamp(year, months, 1) + pd.offsets.MonthEnd(0)
    reporter_name = possessive(sentence_name(reporter))
    sentences: list[str] = []
    results: dict[str, Any] = {"year": year, "months": months, "span": span}
    used = {}
    for key, counterpart in (("pair", partner), ("world", WORLD)):
        result, reason = attempt(ytd, figures, reporter, counterpart, year, months, "turnover")
        if result is None:
            stated = _stated_ytd(figures, reporter, counterpart, year, months)
            if stated is not None:
                sentences += stated.pop("sentences")
                results[key] = stated
                continue
            what = f"{reporter_name} monthly trade with {sentence_name(counterpart)} for {span}"
            if key == "pair":
                sentences.append(unverifiable_sentence(what))
            results[key] = None
            results[f"{key}_reason"] = reason
            continue
        used[counterpart] = result
        sentences.append(
            level_sentence(
                reporter=reporter,
                partner=counterpart,
                flow="turnover",
                period=span,
                value_usd=result.details["current_usd"],
                perspective=result.params["perspective"],
                source_label=producer(result),
                vintage=result.params["vintage"],
                growth_pct=result.value,
                base_period=f"{month_span(months)} {year - 1}",
            )
        )
        results[key] = {
            "growth_pct": result.value,
            "current_usd": result.details["current_usd"],
            "base_usd": result.details["base_usd"],
            **evidence(result),
        }
    stated = quoted_figures(figures, reporter, partner, period_start=start, period_end=end)
    results["stated"] = quoted_records(stated, STATED_FIELDS)
    if len(stated):
        sentences.append(
            f"For {span} the pair's trade is only quoted ("
            f"{count_phrase(len(stated), 'statement')}, listed below), never stated in "
            "an official table in the data: such figures cannot be checked against one."
        )
    table = quoted_for_readers(stated).set_index("statement") if len(stated) else None
    data = inputs_of(used, "counterpart")
    return Answer(tuple(sentences), table, results, data=data)


def _stated_ytd(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, months: int
) -> dict[str, Any] | None:
    """Return a stated year-to-date turnover and its stated growth, with sentences, or None."""
    from tradeviz.indicators import month_span
    from tradeviz.query.ytd import stated_ytd

    found = stated_ytd(figures, reporter, partner, year, months, flows=(TURNOVER,))
    if found.empty:
        return None
    row = found.iloc[0]
    span = f"{month_span(months)} {year}"
    label = producer_label(row["source_org"])
    sentences = [
        level_sentence(
            reporter=reporter,
            partner=partner,
            flow=TURNOVER,
            period=span,
            value_usd=float(row["value_usd"]),
            perspective=reporter,
            source_label=label,
            vintage=str(row["vintage"]),
        )
    ]
    growth = number(row["growth_pct"])
    if growth is not None:
        sentences.append(
            f"{label} states a change of {growth:+.1f} % on {month_span(months)} {year - 1} "
            f"(index {row['growth_index']:g}, the same months of {year - 1} = 100; "
            f"{row['release']} figures): the growth is the source's, not computed here."
        )
    return {
        "growth_pct": growth,
        "growth_basis": "stated",
        "growth_index": number(row["growth_index"]),
        "current_usd": float(row["value_usd"]),
        "base_usd": None,
        "release": str(row["release"]),
        "figure_ids": list(row["figure_ids"]),
        "sources": [str(row["source"])],
        "vintages": [str(row["vintage"])],
        "sentences": sentences,
    }
