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

#: Tables for readers show money in millions of US dollars.
MILLION = 1e6
USD_M = "USD m"
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
    details : pandas.DataFrame or None
        A second, longer table where a section has one (e.g. every warning of a check).
    data : pandas.DataFrame or None
        The rows the section was computed from, where a chart draws the same rows (e.g. the
        integrity checks of the source), so the chart needs not load or compute them again.
    """

    sentences: tuple[str, ...]
    table: pd.DataFrame | None = None
    results: dict[str, Any] = field(default_factory=dict)
    details: pd.DataFrame | None = None
    data: pd.DataFrame | None = None

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


def _millions(value: Any) -> float | None:
    number = _number(value)
    return None if number is None else number / MILLION


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
        latest, reason = _try(partner_share, figures, reporter, partner, year, each)
        if latest is None:
            what = (
                f"{narrative.possessive(narrative.country_name(partner))} share of "
                f"{narrative.possessive(narrative.country_name(reporter))} {each} in {year}"
            )
            sentences.append(narrative.unverifiable_sentence(what, reason=reason))
            results[each] = {"share_pct": None, "reason": reason}
            continue
        current, previous = _same_vintage_pair(figures, reporter, partner, year, each, latest)
        vintage = current.params["vintage"]
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
        if narrative.format_percent(latest.value) != narrative.format_percent(current.value):
            sentences.append(
                f"The {latest.params['vintage']} vintage revises the {year} share to "
                f"{narrative.format_percent(latest.value)}."
            )
        results[each] = {
            "share_pct": current.value,
            "vintage": vintage,
            "previous_share_pct": _number(previous_pct),
            "latest_share_pct": latest.value,
            "latest_vintage": latest.params["vintage"],
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
                f"{narrative.country_name(partner)} ({USD_M})": _millions(
                    current.details.get("part_usd")
                ),
                f"world total ({USD_M})": _millions(current.details.get("world_usd")),
                "source": current.params["source"],
                "vintage": vintage,
            }
        )
    table = pd.DataFrame(rows).set_index("flow") if rows else None
    return Section(tuple(sentences), table, {"year": year, "headline_flow": flow, **results})


def _same_vintage_pair(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    flow: str,
    latest: IndicatorResult,
) -> tuple[IndicatorResult, IndicatorResult | None]:
    """Return the shares of ``year`` and ``year - 1`` from the latest vintage stating both.

    National releases compare a year with the revised year before in the same table; when no
    vintage of the source states both years, the latest share is returned without a comparison.
    """
    from tradeviz.indicators import partner_share

    source = latest.params["source"]
    vintages = figures.loc[figures[s.SOURCE] == source, s.VINTAGE].astype(str).unique()
    for vintage in sorted(vintages, reverse=True):
        options = {"source": source, "vintage": vintage}
        current, _ = _try(partner_share, figures, reporter, partner, year, flow, **options)
        previous, _ = _try(partner_share, figures, reporter, partner, year - 1, flow, **options)
        if current is not None and previous is not None:
            return current, previous
    return latest, None


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
        columns={"value_usd": f"value ({USD_M})", "share_pct": "share of world total (%)"}
    )
    shown[f"value ({USD_M})"] = shown[f"value ({USD_M})"] / MILLION
    shown = shown.set_index("rank")
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
                f"{year - 1} ({USD_M})": _millions(result.details["base_usd"]),
                f"{year} ({USD_M})": _millions(result.details["current_usd"]),
                "growth (%)": growth,
                "source": result.params["source"],
                "vintage": result.params["vintage"],
            }
        )
    table = pd.DataFrame(rows).set_index("flow") if rows else None
    return Section(tuple(sentences), table, results)


#: Columns of :func:`stated_figures`.
STATED_COLUMNS = (
    "statement",
    "perspective",
    "tier",
    "reporter",
    "partner",
    "flow",
    "measure",
    "period",
    "period_start",
    "period_end",
    "value",
    "unit",
    "scale",
    "value_usd",
    "growth_pct",
    "qualifier",
    "speaker",
    "outlet",
    "excerpt",
    "url",
)


def stated_figures(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    *,
    measures: tuple[str, ...] = ("trade_value",),
    flows: tuple[str, ...] = LEVEL_FLOWS,
    period_start: pd.Timestamp | None = None,
    period_end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Return the totals quoted in statements about a pair (either side's wording).

    A statement that gives a value and a growth rate is one row: its stated growth (the
    ``growth_yoy`` figure of the same statement, flow and period) is joined as ``growth_pct``.
    Growth-only statements are rows without a value.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes; statements worded from either side are returned.
    measures : tuple of str, default ("trade_value",)
        Measures of the values kept (``"fdi_cumulative"``, ``"fdi_gross_inflow"`` …).
    flows : tuple of str, default ("exports", "imports", "turnover")
        Flows kept (``("inflow",)`` for investment).
    period_start, period_end : pandas.Timestamp, optional
        Keep only statements about exactly this period.

    Returns
    -------
    pandas.DataFrame
        One row per quoted figure, columns :data:`STATED_COLUMNS`, ordered by period.
    """
    import pandas as pd

    rows = figures.loc[
        (figures[s.SOURCE] == "statements")
        & (figures[s.PRODUCT_CODE] == s.TOTAL_CODE)  # product groups are not totals
        & figures[s.FLOW].isin(flows)
        & (
            ((figures[s.REPORTER] == reporter) & (figures[s.PARTNER] == partner))
            | ((figures[s.REPORTER] == partner) & (figures[s.PARTNER] == reporter))
        )
    ]
    if period_start is not None:
        rows = rows.loc[rows[s.PERIOD_START] == period_start]
    if period_end is not None:
        rows = rows.loc[rows[s.PERIOD_END] == period_end]
    key = [s.RECORD_ID, s.FLOW, s.PERIOD_LABEL]
    values = rows.loc[rows[s.MEASURE].isin(measures)]
    growth = rows.loc[rows[s.MEASURE] == "growth_yoy", [*key, s.VALUE]].rename(
        columns={s.VALUE: "growth_pct"}
    )
    if "trade_value" in measures:  # growth-only statements about trade totals
        growth_only = rows.loc[rows[s.MEASURE] == "growth_yoy"]
        growth_only = growth_only.loc[
            ~growth_only.set_index(key).index.isin(values.set_index(key).index)
        ].assign(**{s.VALUE: float("nan"), s.VALUE_USD: float("nan"), s.UNIT: "", s.SCALE: 1.0})
        values = pd.concat([values, growth_only], ignore_index=True)
    table = values.merge(growth, on=key, how="left").rename(
        columns={
            s.RECORD_ID: "statement",
            s.SOURCE_TIER: "tier",
            s.PERIOD_LABEL: "period",
            s.SOURCE_ORG: "outlet",
            s.SOURCE_URL: "url",
        }
    )
    return (
        table.loc[:, list(STATED_COLUMNS)]
        .sort_values(["period", "statement"], kind="stable")
        .reset_index(drop=True)
    )


#: Columns of a quoted-figures table as readers see it.
STATED_DISPLAY = {
    "statement": "statement",
    "perspective": "side",
    "tier": "tier",
    "flow": "flow",
    "measure": "measure",
    "period": "period",
    "value_m": f"value ({USD_M})",
    "qualifier": "qualifier",
    "growth_pct": "stated growth (%)",
    "speaker": "speaker",
    "outlet": "outlet",
    "excerpt": "excerpt",
    "url": "url",
}


def stated_for_readers(stated: pd.DataFrame) -> pd.DataFrame:
    """Return a quoted-figures table (:func:`stated_figures`) with the columns readers need."""
    table = stated.assign(value_m=stated["value_usd"] / MILLION)
    return table.loc[:, list(STATED_DISPLAY)].rename(columns=STATED_DISPLAY)


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
    results["stated"] = _stated_records(stated)
    if len(stated):
        sentences.append(
            f"For {span} the pair's trade is only quoted ("
            f"{narrative.count_phrase(len(stated), 'statement')}, listed below), never stated in "
            "an official table in the data: such figures cannot be checked against one."
        )
    table = stated_for_readers(stated).set_index("statement") if len(stated) else None
    return Section(tuple(sentences), table, results)


def _stated_records(stated: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the quoted figures as JSON-serialisable records (no excerpts or links)."""
    return [
        {
            "statement": str(row["statement"]),
            "perspective": str(row["perspective"]),
            "flow": str(row["flow"]),
            "measure": str(row["measure"]),
            "period": str(row["period"]),
            "value": _number(row["value"]),
            "unit": str(row["unit"]),
            "scale": _number(row["scale"]),
            "value_usd": _number(row["value_usd"]),
            "growth_pct": _number(row["growth_pct"]),
        }
        for row in stated.to_dict(orient="records")
    ]


# --- bilateral_profile ----------------------------------------------------------------------------

#: Sources of annual bilateral totals, most authoritative first (the national tables).
PROFILE_SOURCES = ("bns_annual", "wits")


def annual_table(
    figures: pd.DataFrame, reporter: str, partner: str, start_year: int, end_year: int
) -> Section:
    """Answer "how did the pair's trade develop over the years?", one source per year.

    Each year comes from the national tables (BNS) where they state it, else from UN Comtrade
    via WITS, each from its latest vintage; the table names the source of every year. Turnover
    and balance are the source's own where stated, else exports ± imports of the same row set.
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
    Section
        ``results``: ``years`` (list of ``{year, source, vintage, exports_usd, imports_usd,
        turnover_usd, balance_usd}``) and ``cagr`` (per flow: ``cagr_pct``, ``start_year``,
        ``end_year``, ``source`` and the evidence).
    """
    import pandas as pd

    from tradeviz.charts.base import annual_totals, latest_each
    from tradeviz.indicators import cagr

    frames = []
    for rank, source in enumerate(PROFILE_SOURCES):
        rows = annual_totals(
            figures, reporter=reporter, partner=partner, flows=LEVEL_FLOWS, source=source
        )
        rows = latest_each(rows, ["year", s.FLOW]).assign(rank=rank)
        frames.append(rows.loc[rows["year"].between(start_year, end_year)])
    rows = pd.concat(frames, ignore_index=True)
    if rows.empty:
        what = (
            f"{narrative.possessive(narrative.country_name(reporter))} trade with "
            f"{narrative.country_name(partner)} from {start_year} to {end_year}"
        )
        return Section((narrative.unverifiable_sentence(what),), None, {"years": [], "cagr": {}})
    best = rows.loc[rows.groupby("year")["rank"].transform("min") == rows["rank"]]
    wide = best.pivot_table(
        index=["year", s.SOURCE, s.VINTAGE], columns=s.FLOW, values=s.VALUE_USD, aggfunc="first"
    ).reset_index()
    for flow in LEVEL_FLOWS:
        if flow not in wide:
            wide[flow] = float("nan")
    wide["turnover"] = wide["turnover"].fillna(wide["exports"] + wide["imports"])
    wide["balance"] = wide["exports"] - wide["imports"]
    wide = wide.sort_values("year").reset_index(drop=True)
    years = [
        {
            "year": int(row["year"]),
            "source": str(row[s.SOURCE]),
            "vintage": str(row[s.VINTAGE]),
            **{f"{flow}_usd": _number(row[flow]) for flow in (*LEVEL_FLOWS, "balance")},
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
            **_evidence(result),
        }
        sentences.append(
            narrative.cagr_sentence(
                reporter=reporter,
                partner=partner,
                flow=flow,
                start_year=int(result.params["start_year"]),
                end_year=int(result.params["end_year"]),
                cagr_pct=result.value,
                start_usd=result.details["start_usd"],
                end_usd=result.details["end_usd"],
                perspective=result.params["perspective"],
                source_label=_source_org(result),
            )
        )
    last = years[-1]
    sentences.append(
        narrative.level_sentence(
            reporter=reporter,
            partner=partner,
            flow="turnover",
            period=str(last["year"]),
            value_usd=last["turnover_usd"],
            perspective=reporter,
            source_label=narrative.source_label(_org_of(figures, last["source"])),
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
    return Section(tuple(sentences), table.set_index("year"), {"years": years, "cagr": growth})


def _org_of(figures: pd.DataFrame, source: str) -> str:
    orgs = figures.loc[figures[s.SOURCE] == source, s.SOURCE_ORG].astype(str).unique()
    return orgs[0] if len(orgs) == 1 else source


def _longest_cagr(figures, reporter, partner, flow, start_year, end_year, cagr):
    """Return the CAGR over the longest span of years one table source covers, or None."""
    from tradeviz.notebook.domain import TRADE_TIERS

    best = None
    for source in PROFILE_SOURCES:
        rows = figures.loc[
            (figures[s.SOURCE] == source)
            & figures[s.SOURCE_TIER].isin(TRADE_TIERS)
            & (figures[s.REPORTER] == reporter)
            & (figures[s.PARTNER] == partner)
            & (figures[s.FLOW] == flow)
            & (figures[s.MEASURE] == "trade_value")
            & (figures[s.FREQ] == "A")
            & (figures[s.PRODUCT_CODE] == s.TOTAL_CODE)
        ]
        years = sorted(
            {y for y in rows[s.PERIOD_START].dt.year.dropna().astype(int) if start_year <= y}
            & set(range(start_year, end_year + 1))
        )
        if len(years) < 2:
            continue
        span = years[-1] - years[0]
        if best is not None and span <= best[0]:
            continue
        result, _ = _try(
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


def mirror_comparison(
    figures: pd.DataFrame, reporter: str, partner: str, start_year: int, end_year: int
) -> Section:
    """Answer "how far apart are the two sides' records of the same trade?".

    For every year of the span in which the partner's figure is known (China's customs figures
    reach the data only as quoted statements), the reporter's record of a flow is set against the
    partner's record of the same goods (:func:`tradeviz.indicators.mirror_gap`), with the gap as a
    share of each side's figure, because one gap reads very differently over either denominator.

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
    Section
        ``results["pairs"]``: per year and flow, both figures in USD, the gap (reporter minus
        partner), ``pct_of_reporter``, ``pct_of_partner``, the mirror ratio and the evidence.
    """
    import pandas as pd

    from tradeviz.indicators import MIRROR_FLOW, mirror_gap

    quoted = stated_figures(figures, reporter, partner)
    quoted = quoted.loc[(quoted["reporter"] == partner) & quoted["value_usd"].notna()]
    years = sorted(
        {
            int(y)
            for y in pd.to_datetime(quoted["period_start"]).dt.year.dropna()
            if start_year <= y <= end_year
        }
    )
    sentences, rows, pairs = [], [], []
    for year in years:
        for flow in ("turnover", "imports", "exports"):
            result, _ = _try(
                mirror_gap, figures, reporter, partner, year, flow, partner_source="statements"
            )
            if result is None:
                continue
            mine, theirs = result.details["reporter_usd"], result.details["partner_usd"]
            partner_label = _side_label(result, partner)
            sentences.append(
                narrative.mirror_sentence(
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
                    **_evidence(result),
                }
            )
            rows.append(
                {
                    "year": year,
                    f"{reporter} records": narrative.flow_phrase(flow, partner),
                    f"{reporter} ({USD_M})": mine / MILLION,
                    f"{partner} records": narrative.flow_phrase(MIRROR_FLOW[flow], reporter),
                    f"{partner} ({USD_M})": theirs / MILLION,
                    f"gap, % of {reporter}'s figure": 100 * (mine - theirs) / mine,
                    f"gap, % of {partner}'s figure": 100 * (mine - theirs) / theirs,
                    f"{partner}'s figure from": partner_label,
                }
            )
    if not pairs:
        what = (
            f"{narrative.possessive(narrative.country_name(partner))} record of its trade with "
            f"{narrative.country_name(reporter)} between {start_year} and {end_year}"
        )
        sentences.append(narrative.unverifiable_sentence(what))
    table = pd.DataFrame(rows).set_index("year") if rows else None
    return Section(tuple(sentences), table, {"pairs": pairs})


def _side_label(result: IndicatorResult, side: str) -> str:
    """Say how one side's figure of a mirror comparison is known: "BNS" or "as quoted (press)"."""
    rows = result.inputs.loc[result.inputs[s.PERSPECTIVE] == side]
    if rows.empty:
        return "source not stated"
    row = rows.iloc[0]
    if row[s.SOURCE] == "statements":
        tier = str(row[s.SOURCE_TIER]).replace("_", " ")
        return f"as quoted, {tier}: {row[s.SOURCE_ORG]}"
    return narrative.source_label(row[s.SOURCE_ORG])


# --- investment_flows -----------------------------------------------------------------------------

#: Measures of investment figures, and how a sentence names them.
INVESTMENT_MEASURES = {"fdi_gross_inflow": "gross inflow", "fdi_cumulative": "cumulative total"}


def investment_statements(
    figures: pd.DataFrame, investor: str, host: str, start_year: int, end_year: int
) -> Section:
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
    Section
        ``results``: ``statements`` (per figure: id, measure, period, value_usd, qualifier,
        perspective, tier, growth_pct), ``official_tables`` (the number of statistical-table
        figures, 0 when nothing can be verified) and counts by measure.
    """
    import pandas as pd

    stated = stated_figures(
        figures, host, investor, measures=tuple(INVESTMENT_MEASURES), flows=("inflow",)
    )
    start, end = pd.Timestamp(start_year, 1, 1), pd.Timestamp(end_year, 12, 31)
    first = stated["period_start"].fillna(stated["period_end"])
    last = stated["period_end"].fillna(stated["period_start"])
    undated = first.isna()
    stated = stated.loc[undated | ((first <= end) & (last >= start))].reset_index(drop=True)
    official = figures.loc[
        figures[s.MEASURE].isin(tuple(INVESTMENT_MEASURES))
        & (figures[s.SOURCE_TIER] == "official_statistics")
        & (figures[s.REPORTER] == host)
        & (figures[s.PARTNER] == investor)
    ]
    investor_name = narrative.country_name(investor)
    host_name = narrative.country_name(host)
    span = f"{start_year}–{end_year}"
    sentences = []
    if stated.empty:
        sentences.append(
            narrative.unverifiable_sentence(
                f"any investment figure of {investor_name} in {host_name} for {span}"
            )
        )
    else:
        by_side = stated["perspective"].value_counts()
        sides = narrative.join_words(
            narrative.count_phrase(int(n), "figure")
            + (
                " without a named side"
                if side == s.UNATTRIBUTED
                else f" from {narrative.country_name(side)}"
            )
            for side, n in by_side.items()
        )
        sentences.append(
            f"{narrative.count_phrase(len(stated), 'investment figure')} of {investor_name} in "
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
                f"Cumulative totals range from {narrative.quoted_amount(low['value_usd'], low['qualifier'])} "  # noqa: E501
                f"({low['period']}) to {narrative.quoted_amount(high['value_usd'], high['qualifier'])} "  # noqa: E501
                f"({high['period']}); they start in different years or do not say when, so they "
                "are not one series."
            )
        inflows = stated.loc[stated["measure"] == "fdi_gross_inflow"]
        if len(inflows):
            parts = [
                f"{narrative.quoted_amount(row['value_usd'], row['qualifier'])} in {row['period']}"
                + (
                    f" ({narrative.signed_percent(row['growth_pct'])} as stated)"
                    if row["growth_pct"] == row["growth_pct"]  # NaN: no growth stated
                    else ""
                )
                for row in inflows.to_dict(orient="records")
            ]
            sentences.append(f"Gross inflows quoted: {narrative.join_words(parts)}.")
    records = [
        {
            "statement": str(row["statement"]),
            "measure": str(row["measure"]),
            "period": str(row["period"]),
            "value_usd": _number(row["value_usd"]),
            "qualifier": str(row["qualifier"]),
            "perspective": str(row["perspective"]),
            "tier": str(row["tier"]),
            "growth_pct": _number(row["growth_pct"]),
        }
        for row in stated.to_dict(orient="records")
    ]
    counts = {measure: int((stated["measure"] == measure).sum()) for measure in INVESTMENT_MEASURES}
    table = stated_for_readers(stated).drop(columns=["flow"]).set_index("statement")
    return Section(
        tuple(sentences),
        table if len(table) else None,
        {
            "statements": records,
            "official_tables": len(official),
            "counts": counts,
            "verifiable": len(official) > 0,
        },
    )


# --- claims_check ---------------------------------------------------------------------------------

#: Verdicts in the order sentences and tables give them.
VERDICT_ORDER = ("consistent", "inconsistent", "unverifiable")
#: How a tally sentence words each verdict.
VERDICT_WORDS = {
    "consistent": "consistent with a published figure",
    "inconsistent": "inconsistent",
    "unverifiable": "unverifiable",
}
#: Excerpts longer than this are shortened in tables and sentences.
EXCERPT_CHARS = 90


def _shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _first_reference(references: list[dict[str, Any]], perspective: str) -> dict | None:
    """Return the first (most relevant) reference of one perspective, if any."""
    return next((ref for ref in references if ref.get("perspective") == perspective), None)


def _quantity_text(value: Any, unit: str, value_text: str = "") -> str:
    """Write a claim's or a reference's quantity for readers: ``USD 5.0 bn``, ``19.8 %``."""
    if unit == "date" or value_text:
        return str(value_text)
    number = _number(value)
    if number is None:
        return ""
    if unit == "USD":
        return narrative.format_usd(number)
    if unit == "percent":
        return narrative.format_percent(number)
    if unit == "rank":
        return f"rank {number:.0f}"
    return f"{number:,.0f} {unit}".strip()


def _reference_text(ref: dict[str, Any] | None) -> str:
    if ref is None:
        return ""
    return _quantity_text(
        ref.get("value"), str(ref.get("unit", "")), str(ref.get("value_text", ""))
    )


def _stated_text(row: dict[str, Any]) -> str:
    """Write what a claim states, with its hedging word: ``about 12.0 %``."""
    if not str(row["stated_value"]).strip():
        return "(no number)"
    unit = str(row["unit"])
    value_text = str(row["stated_value"]) if unit == "date" else ""
    text = _quantity_text(row["stated_quantity"], unit, value_text)
    return narrative.QUALIFIER_WORDS.get(str(row["qualifier"]), "") + text


def _inconsistent_sentence(row: dict[str, Any], references: list[dict[str, Any]]) -> str:
    """Say why a claim is inconsistent: what it states and what the primary reference gives."""
    primary = next(
        (ref for ref in references if ref.get("figure_id") == row["reference_figure_id"]), None
    )
    side = str(row["reference_perspective"])
    whose = (
        "no side named"
        if side in ("", "unattributed")
        else f"{narrative.possessive(narrative.country_name(side))} side"
    )
    tier = str(row["reference_tier"]).replace("_", " ")
    return (
        f"Inconsistent: “{_shorten(row['excerpt'])}” states {_stated_text(row)}; the best "
        f"reference, {tier} ({whose}), gives {_reference_text(primary)} "
        f"({row['reference_source']}, {row['reference_period']})."
    )


def _count_naming(column: pd.Series, side: str) -> int:
    """Count the rows whose ``;``-separated list of perspectives names ``side``."""
    return int(sum(side in str(text).split(";") for text in column.fillna("")))


def claim_verdicts(
    figures: pd.DataFrame,
    document: str,
    perspectives: list[str] | tuple[str, ...],
    *,
    claims: pd.DataFrame | None = None,
) -> tuple[Section, pd.DataFrame]:
    """Answer "which of a document's claims hold, and by whose statistics?".

    The claims (:func:`tradeviz.checks.load_claims`) are checked against the figures now
    (:func:`tradeviz.checks.check_claims`), so the verdicts always match the data shown.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    document : str
        Document id, e.g. ``"neo-2021-07-20"``.
    perspectives : sequence of str
        Whose figures to show beside each claim (ISO3 codes).
    claims : pandas.DataFrame, optional
        The claims table, of this document or of several (loaded when omitted).

    Returns
    -------
    tuple of (Section, pandas.DataFrame)
        The section (``results``: ``counts`` by verdict, ``details`` by detail, ``claims`` by
        id, ``perspectives`` with the claims each side's figures support or contradict) and the
        verdicts table, for the chart.
    """
    import json

    import pandas as pd

    from tradeviz.checks import check_claims, load_claims

    claims = load_claims(document) if claims is None else claims
    claims = claims.loc[claims["document"] == document]
    verdicts = check_claims(figures, claims)
    title = str(claims["doc_title"].iloc[0]) if len(claims) else document
    date = str(claims["doc_date"].iloc[0]) if len(claims) else ""
    counts = {v: int((verdicts["verdict"] == v).sum()) for v in VERDICT_ORDER}
    subject = f"«{title}»" + (f" ({date})" if date and date != "None" else "")
    sentences = [
        narrative.tally_sentence(
            subject, counts, noun="claim", labels=VERDICT_WORDS, verbs=("is", "are")
        )
    ]
    per_side: dict[str, dict[str, int]] = {}
    for side in perspectives:
        supports = _count_naming(verdicts["supporting_perspectives"], side)
        contradicts = _count_naming(verdicts["contradicting_perspectives"], side)
        per_side[side] = {"supports": supports, "contradicts": contradicts}
        sentences.append(
            f"{narrative.capitalise(narrative.possessive(narrative.country_name(side)))} figures "
            f"support {narrative.count_phrase(supports, 'claim')} and contradict {contradicts}."
        )
    for row in verdicts.loc[verdicts["verdict"] == "inconsistent"].to_dict(orient="records"):
        sentences.append(_inconsistent_sentence(row, json.loads(row["references"] or "[]")))
    rows = []
    claims_results = {}
    for row in verdicts.to_dict(orient="records"):
        references = json.loads(row["references"] or "[]")
        entry = {
            "claim": row["claim_id"],
            "excerpt": _shorten(row["excerpt"]),
            "stated": _stated_text(row),
            "stated side": row["stated_perspective"],
            "verdict": row["verdict"],
            "detail": row["detail"],
        }
        for side in perspectives:
            ref = _first_reference(references, side) if str(row["stated_value"]).strip() else None
            entry[f"{side} figure"] = _reference_text(ref)
            entry[f"{side} agrees"] = (
                ""
                if ref is None or ref.get("supports") is None
                else ("yes" if ref["supports"] else "no")
            )
        rows.append(entry)
        claims_results[row["claim_id"]] = {
            "verdict": row["verdict"],
            "detail": row["detail"],
            "stated_quantity": _number(row["stated_quantity"]),
            "reference_value": _number(row["reference_value"]),
            "reference_perspective": row["reference_perspective"],
            "reference_source": row["reference_source"],
            "reference_figure_id": row["reference_figure_id"],
        }
    details = verdicts["detail"].value_counts().to_dict()
    results = {
        "document": document,
        "title": title,
        "claims_total": len(verdicts),
        "counts": counts,
        "details": {str(k): int(v) for k, v in details.items()},
        "perspectives": per_side,
        "claims": claims_results,
    }
    return Section(tuple(sentences), pd.DataFrame(rows).set_index("claim"), results), verdicts


# --- source_integrity -----------------------------------------------------------------------------

#: Statuses of the integrity checks, worst first.
STATUS_ORDER = ("fail", "warn", "pass")
#: Rows of non-passing checks shown in the table.
MAX_FINDINGS_SHOWN = 60


def integrity_summary(
    figures: pd.DataFrame, source: str, *, integrity: pd.DataFrame | None = None
) -> Section:
    """Answer "does a source add up to its own stated totals, and agree with the others?".

    Reads the checks ``tradeviz check --integrity`` stored (:func:`tradeviz.checks.
    load_integrity`); if they were never stored, runs them now
    (:func:`tradeviz.checks.run_integrity_checks`, several seconds) and says so.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    source : str
        A source name (``"bns_annual"``, ``"wits"`` …) or ``"all"``.
    integrity : pandas.DataFrame, optional
        The integrity table (loaded, or computed, when omitted).

    Returns
    -------
    Section
        ``table``: checks by status; ``details``: the warnings and failures, worst first (at
        most :data:`MAX_FINDINGS_SHOWN`). ``results``: ``counts`` by status, ``by_check``
        (check → status → count) and ``findings`` (every non-passing check: id, check, status,
        message).
    """
    import pandas as pd

    from tradeviz.errors import TradevizError
    from tradeviz.notebook.domain import ALL_SOURCES

    sentences = []
    if integrity is None:
        from tradeviz.checks import load_integrity, run_integrity_checks

        try:
            integrity = load_integrity()
        except TradevizError:
            integrity = run_integrity_checks(figures)
            sentences.append(
                "The checks were run now: `tradeviz check --integrity` had not stored them."
            )
    rows = integrity if source == ALL_SOURCES else integrity.loc[integrity["source"] == source]
    label = "every source" if source == ALL_SOURCES else f"source {source}"
    counts = {status: int((rows["status"] == status).sum()) for status in STATUS_ORDER}
    if rows.empty:
        sentences.append(f"No integrity check concerns {label}.")
    else:
        parts = [f"{counts[s_]} {s_}" for s_ in ("pass", "warn", "fail")]
        sentences.insert(
            0,
            f"{narrative.count_phrase(len(rows), 'check')} of {label}: "
            f"{narrative.join_words(parts)}.",
        )
    by_check = {
        str(check): {str(k): int(v) for k, v in group["status"].value_counts().items()}
        for check, group in rows.groupby("check", sort=True)
    }
    for check, statuses in by_check.items():
        bad = {k: v for k, v in statuses.items() if k != "pass"}
        if bad:
            example = rows.loc[(rows["check"] == check) & (rows["status"] != "pass"), "message"]
            sentences.append(
                f"{check}: {narrative.join_words(f'{n} {k}' for k, n in bad.items())}, e.g. "
                f"{_shorten(example.iloc[0], 200)}"
            )
    findings = rows.loc[rows["status"] != "pass"].copy()
    findings["order"] = findings["status"].map({s_: i for i, s_ in enumerate(STATUS_ORDER)})
    findings = findings.sort_values(["order", "check", "check_id"], kind="stable")
    shown = findings.loc[
        :, ["status", "check", "source", "vintage", "period_start", "flow", "partner", "message"]
    ].head(MAX_FINDINGS_SHOWN)
    summary = pd.DataFrame(by_check).T.reindex(columns=list(STATUS_ORDER)).fillna(0).astype(int)
    results = {
        "source": source,
        "checks": len(rows),
        "counts": counts,
        "by_check": by_check,
        "findings": [
            {
                "check_id": str(row["check_id"]),
                "check": str(row["check"]),
                "status": str(row["status"]),
                "message": str(row["message"]),
            }
            for row in findings.to_dict(orient="records")
        ],
    }
    summary.index.name = "check"
    return Section(
        tuple(sentences),
        summary if len(summary) else None,
        results,
        details=shown.reset_index(drop=True) if len(shown) else None,
        data=rows,
    )
