"""The answers the notebooks show: one function per notebook section.

Each function calls the indicators (:mod:`tradeviz.indicators`), turns a missing figure into an
"unverifiable" sentence instead of an error or an estimate, and returns a :class:`Section`: the
sentences of interpretation (:mod:`tradeviz.narrative`), a table for readers and a
JSON-serialisable ``results`` dict that the notebook records with
:func:`tradeviz.results.record`. The notebooks stay free of logic: one call per section.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz import narrative
from tradeviz import schema as s

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.indicators import IndicatorResult

#: The two directions of trade a share or a level is shown for.
TRADE_FLOWS = ("exports", "imports")
#: Flows of a level table: the two directions, then their sum as the source states it.
LEVEL_FLOWS = ("exports", "imports", "turnover")


@dataclass(frozen=True)
class Section:
    """What one notebook section shows and records.

    Attributes
    ----------
    sentences : tuple of str
        Plain-text sentences of interpretation (escape them to render HTML).
    table : pandas.DataFrame or None
        A table for readers (readable column names).
    results : dict
        JSON-serialisable numbers with the ids, sources and vintages of the figures used.
    """

    sentences: tuple[str, ...]
    table: pd.DataFrame | None = None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Return the sentences as one paragraph."""
        return " ".join(self.sentences)


def _number(value: Any) -> float | None:
    """Return a float, or None for a missing value (JSON has no NaN)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _evidence(result: IndicatorResult) -> dict[str, Any]:
    """Return what a recorded number needs to be traced: figure ids, source, vintage."""
    return {
        "figure_ids": list(result.figure_ids),
        "sources": list(result.sources),
        "perspectives": list(result.perspectives),
        "vintages": list(result.vintages),
        "formula": result.formula,
        "notes": list(result.notes),
    }


def _source_org(result: IndicatorResult) -> str:
    orgs = result.inputs[s.SOURCE_ORG].dropna().astype(str).unique().tolist()
    return narrative.source_label(orgs[0]) if len(orgs) == 1 else ", ".join(orgs)


def _try(function, *args: Any, **kwargs: Any) -> tuple[IndicatorResult | None, str | None]:
    """Call an indicator; return ``(result, None)`` or ``(None, reason)`` if it cannot be had."""
    from tradeviz.indicators import IndicatorError

    try:
        return function(*args, **kwargs), None
    except IndicatorError as error:
        return None, str(error)


# --- trade_shares ---------------------------------------------------------------------------


def partner_shares(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, flow: str = "exports"
) -> Section:
    """Answer "what share of the reporter's exports and imports is the partner's?".

    Each share is the partner's value divided by the reporter's *stated* world total, from one
    source, perspective and vintage (:func:`tradeviz.indicators.partner_share`), compared with
    the year before in the same source and vintage where that vintage states it.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes, reporter's side.
    year : int
        Calendar year.
    flow : {"exports", "imports"}
        The flow told first (the notebook's headline).

    Returns
    -------
    Section
        ``results[flow]`` holds ``share_pct``, ``previous_share_pct``, ``part_usd``,
        ``world_usd`` and the evidence, for both flows.
    """
    import pandas as pd

    from tradeviz.indicators import partner_share

    ordered = (flow, *(f for f in TRADE_FLOWS if f != flow))
    sentences, rows, results = [], [], {}
    for each in ordered:
        current, reason = _try(partner_share, figures, reporter, partner, year, each)
        if current is None:
            what = (
                f"{narrative.possessive(narrative.country_name(partner))} share of "
                f"{narrative.possessive(narrative.country_name(reporter))} {each} in {year}"
            )
            sentences.append(narrative.unverifiable_sentence(what, reason=reason))
            results[each] = {"share_pct": None, "reason": reason}
            continue
        source, vintage = current.params["source"], current.params["vintage"]
        previous, _ = _try(
            partner_share,
            figures,
            reporter,
            partner,
            year - 1,
            each,
            source=source,
            vintage=vintage,
        )
        if previous is None:  # that vintage does not state the year before: take its latest
            previous, _ = _try(
                partner_share, figures, reporter, partner, year - 1, each, source=source
            )
        previous_pct = None if previous is None else previous.value
        sentences.append(
            narrative.share_sentence(
                reporter=reporter,
                partner=partner,
                flow=each,
                year=year,
                share_pct=current.value,
                perspective=current.params["perspective"],
                source_label=_source_org(current),
                vintage=vintage,
                previous_year=year - 1 if previous is not None else None,
                previous_share_pct=previous_pct,
            )
        )
        results[each] = {
            "share_pct": current.value,
            "previous_share_pct": _number(previous_pct),
            "previous_vintage": None if previous is None else previous.params["vintage"],
            "part_usd": _number(current.details.get("part_usd")),
            "world_usd": _number(current.details.get("world_usd")),
            "stated_share_pct": _number(current.details.get("stated_share")),
            "computed": bool(current.details.get("computed", False)),
            **_evidence(current),
        }
        rows.append(
            {
                "flow": each,
                f"share {year - 1} (%)": previous_pct,
                f"share {year} (%)": current.value,
                f"{narrative.country_name(partner)} (USD)": current.details.get("part_usd"),
                "world total (USD)": current.details.get("world_usd"),
                "source": source,
                "vintage": vintage,
            }
        )
    table = pd.DataFrame(rows) if rows else None
    return Section(tuple(sentences), table, {"year": year, "headline_flow": flow, **results})


def top_partners(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, flow: str, top_n: int
) -> Section:
    """Answer "who are the reporter's largest partners, and where does the partner rank?".

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; ``partner`` is the one whose rank is told.
    year : int
        Calendar year.
    flow : {"exports", "imports"}
        The flow ranked.
    top_n : int
        How many partners the table lists.

    Returns
    -------
    Section
        ``results``: ``rank``, ``countries`` (partner countries stated), ``top`` (list of
        ``{rank, partner, value_usd, share_pct}``) and the evidence.
    """
    from tradeviz.indicators import partner_rank

    ranked, reason = _try(partner_rank, figures, reporter, year, flow, partner)
    if ranked is None:
        what = f"a ranking of {narrative.possessive(narrative.country_name(reporter))} partners"
        return Section(
            (narrative.unverifiable_sentence(f"{what} for {flow} in {year}", reason=reason),),
            None,
            {"rank": None, "reason": reason},
        )
    table = ranked.table.head(int(top_n)).copy()
    table.insert(2, "country", table["partner"].map(narrative.country_name))
    top = [
        {
            "rank": int(row["rank"]),
            "partner": str(row["partner"]),
            "value_usd": _number(row["value_usd"]),
            "share_pct": _number(row["share_pct"]),
        }
        for row in table.to_dict(orient="records")
    ]
    sentence = narrative.rank_sentence(
        reporter=reporter,
        partner=partner,
        flow=flow,
        year=year,
        rank=int(ranked.value),
        n_partners=int(ranked.details["countries"]),
    )
    shown = table.drop(columns=["figure_id"]).rename(
        columns={"value_usd": "value (USD)", "share_pct": "share of world total (%)"}
    )
    return Section(
        (sentence,),
        shown,
        {
            "rank": int(ranked.value),
            "countries": int(ranked.details["countries"]),
            "top": top,
            **_evidence(ranked),
        },
    )


# --- turnover_growth ------------------------------------------------------------------------


def _level(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, flow: str
) -> tuple[IndicatorResult | None, str | None]:
    """Return the year-on-year growth of a flow, or its level alone when the base is missing."""
    from tradeviz.indicators import IndicatorResult, yoy_growth
    from tradeviz.indicators.flows import trade_slot
    from tradeviz.indicators.select import money, select

    growth, reason = _try(yoy_growth, figures, reporter, partner, year, flow)
    if growth is not None:
        return growth, None
    slot = trade_slot(reporter, partner, flow, year)
    chosen, level_reason = _try(select, figures, [slot], default_perspective=reporter)
    if chosen is None:
        return None, level_reason
    level = money(chosen.one(slot.label))
    return (
        IndicatorResult(
            name="level",
            value=float("nan"),
            unit="percent",
            formula=f"V({year}); growth unavailable: {reason}",
            inputs=chosen.inputs(),
            params={
                "reporter": reporter,
                "partner": partner,
                "year": year,
                "flow": flow,
                **chosen.params(),
            },
            details={"current_usd": level, "base_usd": None},
            notes=(*chosen.notes, f"no base year for growth: {reason}"),
        ),
        None,
    )


def annual_growth(figures: pd.DataFrame, reporter: str, partner: str, year: int) -> Section:
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
    Section
        ``results[flow]`` for exports, imports and turnover: ``value_usd``, ``base_usd``,
        ``growth_pct`` (None when the base year is not stated) and the evidence.
    """
    import pandas as pd

    sentences, rows, results = [], [], {"year": year}
    for flow in ("turnover", *TRADE_FLOWS):
        result, reason = _level(figures, reporter, partner, year, flow)
        if result is None:
            what = (
                f"{narrative.possessive(narrative.country_name(reporter))} {flow} with "
                f"{narrative.country_name(partner)} in {year}"
            )
            sentences.append(narrative.unverifiable_sentence(what, reason=reason))
            results[flow] = {"value_usd": None, "reason": reason}
            continue
        growth = _number(result.value)
        sentences.append(
            narrative.level_sentence(
                reporter=reporter,
                partner=partner,
                flow=flow,
                period=str(year),
                value_usd=result.details["current_usd"],
                perspective=result.params["perspective"],
                source_label=_source_org(result),
                vintage=result.params["vintage"],
                growth_pct=growth,
                base_period=str(year - 1),
            )
        )
        results[flow] = {
            "value_usd": _number(result.details["current_usd"]),
            "base_usd": _number(result.details["base_usd"]),
            "growth_pct": growth,
            **_evidence(result),
        }
        rows.append(
            {
                "flow": flow,
                f"{year - 1} (USD)": result.details["base_usd"],
                f"{year} (USD)": result.details["current_usd"],
                "growth (%)": growth,
                "source": result.params["source"],
                "vintage": result.params["vintage"],
            }
        )
    return Section(tuple(sentences), pd.DataFrame(rows) if rows else None, results)


def stated_figures(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    measures: tuple[str, ...] = ("trade_value", "growth_yoy"),
    period_start: pd.Timestamp | None = None,
    period_end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Return the figures quoted in statements about a pair (either side's wording), by period.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; statements worded from either side are returned.
    measures : tuple of str
        Measures kept.
    period_start, period_end : pandas.Timestamp, optional
        Keep only statements about exactly this period.

    Returns
    -------
    pandas.DataFrame
        One row per quoted figure: ``statement, perspective, tier, flow, measure, period, value,
        unit, scale, qualifier, speaker, outlet, excerpt, url``.
    """
    rows = figures.loc[
        (figures[s.SOURCE] == "statements")
        & figures[s.MEASURE].isin(measures)
        & (
            ((figures[s.REPORTER] == reporter) & (figures[s.PARTNER] == partner))
            | ((figures[s.REPORTER] == partner) & (figures[s.PARTNER] == reporter))
        )
    ]
    if period_start is not None:
        rows = rows.loc[rows[s.PERIOD_START] == period_start]
    if period_end is not None:
        rows = rows.loc[rows[s.PERIOD_END] == period_end]
    return (
        rows.rename(
            columns={
                s.RECORD_ID: "statement",
                s.SOURCE_TIER: "tier",
                s.PERIOD_LABEL: "period",
                s.SOURCE_ORG: "outlet",
                s.SOURCE_URL: "url",
            }
        )
        .loc[
            :,
            [
                "statement",
                s.PERSPECTIVE,
                "tier",
                s.REPORTER,
                s.PARTNER,
                s.FLOW,
                s.MEASURE,
                "period",
                s.VALUE,
                s.UNIT,
                s.SCALE,
                s.VALUE_USD,
                s.QUALIFIER,
                s.SPEAKER,
                "outlet",
                s.EXCERPT,
                "url",
            ],
        ]
        .sort_values(["period", "statement", s.MEASURE])
        .reset_index(drop=True)
    )


def ytd_growth(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, months: int
) -> Section:
    """Answer "how did the pair's trade grow in January to month m, on the same months before?".

    Computed from monthly figures of one source and vintage
    (:func:`tradeviz.indicators.ytd_growth`). Where the pair has no monthly figures, the section
    says so, gives the reporter's trade with the world for the same months as context, and lists
    the figures quoted for the pair and period, marked as quoted, not verified.

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
    Section
        ``results``: ``pair`` and ``world`` (``growth_pct``, ``current_usd``, ``base_usd`` and the
        evidence, or ``None`` with a ``reason``), ``stated`` (the quoted figures: statement id,
        perspective, measure, value, unit, scale, value_usd).
    """
    import pandas as pd

    from tradeviz.indicators import month_span
    from tradeviz.indicators import ytd_growth as ytd

    span = f"{month_span(months)} {year}"
    start = pd.Timestamp(year, 1, 1)
    end = pd.Timestamp(year, months, 1) + pd.offsets.MonthEnd(0)
    reporter_name = narrative.possessive(narrative.country_name(reporter))
    sentences: list[str] = []
    results: dict[str, Any] = {"year": year, "months": months, "span": span}
    for key, counterpart in (("pair", partner), ("world", s.WORLD)):
        result, reason = _try(ytd, figures, reporter, counterpart, year, months, "turnover")
        if result is None:
            what = (
                f"{reporter_name} monthly trade with {narrative.country_name(counterpart)} "
                f"for {span}"
            )
            if key == "pair":
                sentences.append(narrative.unverifiable_sentence(what))
            results[key] = None
            results[f"{key}_reason"] = reason
            continue
        sentences.append(
            narrative.level_sentence(
                reporter=reporter,
                partner=counterpart,
                flow="turnover",
                period=span,
                value_usd=result.details["current_usd"],
                perspective=result.params["perspective"],
                source_label=_source_org(result),
                vintage=result.params["vintage"],
                growth_pct=result.value,
                base_period=f"{month_span(months)} {year - 1}",
            )
        )
        results[key] = {
            "growth_pct": result.value,
            "current_usd": result.details["current_usd"],
            "base_usd": result.details["base_usd"],
            **_evidence(result),
        }
    stated = stated_figures(figures, reporter, partner, period_start=start, period_end=end)
    results["stated"] = [
        {
            "statement": str(row["statement"]),
            "perspective": str(row[s.PERSPECTIVE]),
            "measure": str(row[s.MEASURE]),
            "flow": str(row[s.FLOW]),
            "value": _number(row[s.VALUE]),
            "unit": str(row[s.UNIT]),
            "value_usd": _number(row[s.VALUE_USD]),
        }
        for row in stated.to_dict(orient="records")
    ]
    if len(stated):
        sentences.append(
            f"{narrative.count_phrase(len(stated), 'figure')} for {span} "
            f"{'is' if len(stated) == 1 else 'are'} only quoted (listed below), not stated in "
            "the official tables in the data: they cannot be checked against them."
        )
    return Section(tuple(sentences), stated if len(stated) else None, results)
