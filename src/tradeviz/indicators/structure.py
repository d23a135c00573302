"""Structure indicators: partner rank, partner concentration (HHI), product composition.

Formulas: ``docs/conventions.md`` §2, rows 4, 5 and 13. Ranks and concentration are computed
over countries only, by the one rank of :mod:`tradeviz.query.ranks`: aggregates such as «Страны
ЕАЭС» are never partners. Shares are percentages of the *stated* world total of the same source
and vintage.
"""

from __future__ import annotations

import math

import pandas as pd

from tradeviz import schema
from tradeviz.indicators.flows import check_flow
from tradeviz.indicators.result import IndicatorError, IndicatorResult
from tradeviz.query import (
    NoFigureError,
    SelectionError,
    Slot,
    check_year,
    countries_slot,
    money,
    rank_certainty,
    rank_countries,
    select,
    trade_slot,
)
from tradeviz.query.ranks import uncertain_note
from tradeviz.vocabulary import (
    ANNUAL,
    LATEST,
    LEVEL_FLOWS,
    LINES_SUM,
    PERCENT_SCALE,
    TRADE_FLOWS,
    TRADE_VALUE,
)

#: Denominators of product shares, tried in order: (measure, product code or None for any). The
#: sum of all product lines an extract holds (not a stated total) comes first, so that the parts
#: add up to it.
SHARE_DENOMINATORS: tuple[tuple[str, str | None], ...] = (
    (LINES_SUM, None),
    (TRADE_VALUE, schema.TOTAL_CODE),
)
PRODUCT_COLUMNS = ("rank", "product_code", "product_label", "value_usd", "share_pct", "figure_id")


def partner_rank(
    figures: pd.DataFrame,
    reporter: str,
    year: int,
    flow: str = "exports",
    partner: str | None = None,
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Rank a reporter's partner countries by the value of a flow in one year.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        ISO3 code.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The flow ranked.
    partner : str, optional
        A partner whose rank is the headline ``value``.
    source, perspective, vintage
        As in :func:`tradeviz.indicators.turnover`.

    Returns
    -------
    IndicatorResult
        ``table`` with columns ``rank, partner, value_usd, share_pct, figure_id`` (rank 1 =
        largest, ties share the smaller rank; ``share_pct`` of the stated world total, NaN when
        the source states none); ``value`` is the rank of ``partner`` (NaN if not given);
        ``details["certain"]`` whether no country the table leaves out could outrank it (None
        without a stated world total), as :func:`tradeviz.query.rank_certainty` judges.
    """
    check_flow(flow, LEVEL_FLOWS)
    countries = countries_slot(reporter, flow, year)
    world = trade_slot(reporter, schema.WORLD, flow, year)
    options = {
        "source": source,
        "perspective": perspective,
        "vintage": vintage,
        "default_perspective": reporter,
    }
    notes: list[str] = [
        "countries only (partner_kind == 'country'); aggregates and the world row excluded"
    ]
    try:
        chosen = select(figures, [countries, world], **options)
        world_usd: float | None = money(chosen.one(world.label))
    except NoFigureError:
        chosen = select(figures, [countries], **options)
        world_usd = None
        notes.append(f"{chosen.source} states no world total: shares not computed")
    rows = chosen.rows[countries.label]
    for _, row in rows.iterrows():
        money(row)  # refuses a figure that is not in US dollars
    table = rank_countries(rows, reporter, world_usd)
    value = float("nan")
    certain = remainder = None
    if partner is not None:
        found = table.loc[table["partner"] == partner, "rank"]
        if found.empty:
            raise IndicatorError(
                f"{partner} is not among {reporter}'s partner countries for {flow} in {year} "
                f"({chosen.source}, vintage {chosen.vintage})"
            )
        value = float(found.iloc[0])
        certain, remainder = rank_certainty(table, partner, world_usd)
        if certain is False:
            notes.append(uncertain_note(remainder))
    return IndicatorResult(
        name="partner_rank",
        value=value,
        unit="rank",
        formula="rank of the partner's value among partner countries (1 = largest)",
        inputs=chosen.inputs(),
        params={
            "reporter": reporter,
            "year": year,
            "flow": flow,
            "partner": partner,
            **chosen.params(),
        },
        details={
            "countries": len(table),
            "world_usd": world_usd,
            "certain": certain,
            "remainder_usd": remainder,
        },
        table=table,
        notes=(*chosen.notes, *notes),
    )


def hhi_from_shares(shares: pd.Series | list[float]) -> dict[str, float]:
    """Return the Herfindahl–Hirschman index of shares given as fractions (0–1).

    Parameters
    ----------
    shares : sequence of float
        Shares as fractions of the total.

    Returns
    -------
    dict
        ``hhi`` = Σ s² on the 0–1 scale; ``hhi_10000`` (×10 000, antitrust use); ``normalised`` =
        (H − 1/n) / (1 − 1/n); ``normalised_unctad`` = (√H − √(1/n)) / (1 − √(1/n)); ``n``.

    Examples
    --------
    >>> hhi_from_shares([0.5, 0.5])["hhi"]
    0.5
    """
    values = [float(share) for share in shares]
    n = len(values)
    if n == 0:
        raise IndicatorError("HHI of no shares is undefined")
    index = sum(share * share for share in values)
    if n == 1:
        return {
            "hhi": index,
            "hhi_10000": index * 10_000,
            "normalised": 1.0,
            "normalised_unctad": 1.0,
            "n": 1,
        }
    floor = 1 / n
    return {
        "hhi": index,
        "hhi_10000": index * 10_000,
        "normalised": (index - floor) / (1 - floor),
        "normalised_unctad": (math.sqrt(index) - math.sqrt(floor)) / (1 - math.sqrt(floor)),
        "n": n,
    }


def hhi(
    figures: pd.DataFrame,
    reporter: str,
    year: int,
    flow: str = "exports",
    *,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute partner concentration: the HHI of partner countries' shares of the world total.

    ``H = Σ_k s_k²`` with ``s_k`` = partner country k's value ÷ the stated world total (0–1
    scale, **not normalised**). ``details`` also gives ``(H − 1/n)/(1 − 1/n)`` and UNCTAD's
    ``(√H − √(1/n))/(1 − √(1/n))`` over the n partner countries stated.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        ISO3 code.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The flow.
    source, perspective, vintage
        As in :func:`tradeviz.indicators.turnover`.

    Returns
    -------
    IndicatorResult
        ``value`` = H on the 0–1 scale.
    """
    ranked = partner_rank(
        figures, reporter, year, flow, source=source, perspective=perspective, vintage=vintage
    )
    if ranked.details["world_usd"] is None:
        raise IndicatorError(
            f"{ranked.params['source']} states no world total of {reporter} {flow} {year}: "
            "HHI needs shares of the stated total"
        )
    shares = ranked.table["share_pct"] / PERCENT_SCALE
    result = hhi_from_shares(shares)
    return IndicatorResult(
        name="hhi",
        value=result["hhi"],
        unit="index",
        formula="H = Σ s_k², s_k = partner country k ÷ stated world total (0–1, not normalised)",
        inputs=ranked.inputs,
        params={key: ranked.params[key] for key in ranked.params if key != "partner"},
        details=result,
        notes=(
            *ranked.notes,
            "H on the 0–1 scale, not normalised; details give (H − 1/n)/(1 − 1/n) and UNCTAD's "
            "(√H − √(1/n))/(1 − √(1/n))",
        ),
    )


def product_shares(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    year: int,
    flow: str = "exports",
    *,
    classification: str = "HS4",
    top_n: int | None = None,
    source: str | None = None,
    perspective: str | None = None,
    vintage: str = LATEST,
) -> IndicatorResult:
    """Compute product composition: each product's share of the pair's flow.

    ``s_k = X_k / X`` where ``X`` is the sum of all product lines of the same classification,
    source and vintage (or, where the source gives no such sum, its stated total). Products the
    source does not list (e.g. outside a top-15 extract) form the ``"other"`` row, so the table
    adds up to the denominator.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes.
    year : int
        Calendar year.
    flow : {"exports", "imports"}
        The flow.
    classification : str, default "HS4"
        Product classification (``schema.CLASSIFICATIONS``).
    top_n : int, optional
        Keep the ``top_n`` largest products; the rest join ``"other"``.
    source, perspective, vintage
        As in :func:`tradeviz.indicators.turnover`.

    Returns
    -------
    IndicatorResult
        ``table`` with ``rank, product_code, product_label, value_usd, share_pct, figure_id``
        (last row ``other``); ``value`` = the share of the listed products together.
    """
    check_flow(flow, TRADE_FLOWS)
    year = check_year(year)
    products = Slot(
        label=f"{reporter} {flow} {'to' if flow == 'exports' else 'from'} {partner} by "
        f"{classification} product, {year}",
        criteria={
            schema.REPORTER: reporter,
            schema.PARTNER: partner,
            schema.FLOW: flow,
            schema.MEASURE: TRADE_VALUE,
            schema.FREQ: ANNUAL,
            schema.CLASSIFICATION: classification,
        },
        year=year,
        many=True,
        unique_by=(schema.PRODUCT_CODE,),
        exclude={schema.PRODUCT_CODE: (schema.TOTAL_CODE,)},
    )
    options = {
        "source": source,
        "perspective": perspective,
        "vintage": vintage,
        "default_perspective": reporter,
    }
    failures: list[SelectionError] = []
    for measure, code in SHARE_DENOMINATORS:
        criteria = {
            **trade_slot(reporter, partner, flow, year).criteria,
            schema.MEASURE: measure,
        }
        if code is None:
            criteria.pop(schema.PRODUCT_CODE)
            criteria[schema.CLASSIFICATION] = classification
        else:
            criteria[schema.PRODUCT_CODE] = code
        total = Slot(
            label=f"{reporter} {flow} with {partner}, {year} ({measure})",
            criteria=criteria,
            year=year,
        )
        try:
            chosen = select(figures, [products, total], **options)
            break
        except SelectionError as error:
            failures.append(error)
    else:
        raise failures[0]
    denominator = money(chosen.one(total.label))
    rows = chosen.rows[products.label]
    table = pd.DataFrame(
        {
            "product_code": rows[schema.PRODUCT_CODE].astype(str).to_numpy(),
            "product_label": rows[schema.PRODUCT_LABEL].fillna("").astype(str).to_numpy(),
            "value_usd": rows.apply(money, axis=1).to_numpy(dtype=float),
            "figure_id": rows[schema.FIGURE_ID].astype(str).to_numpy(),
        }
    ).sort_values(["value_usd", "product_code"], ascending=[False, True])
    if top_n is not None:
        table = table.head(int(top_n))
    other = denominator - table["value_usd"].sum()
    notes = list(chosen.notes)
    if other < 0:
        raise IndicatorError(
            f"products listed for {products.label} add up to more than the denominator "
            f"({table['value_usd'].sum():.0f} > {denominator:.0f} USD)"
        )
    table = pd.concat(
        [
            table,
            pd.DataFrame(
                [
                    {
                        "product_code": "other",
                        "product_label": "other products",
                        "value_usd": other,
                        "figure_id": "",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    table["share_pct"] = PERCENT_SCALE * table["value_usd"] / denominator
    table.insert(0, "rank", list(range(1, len(table))) + [0])
    table = table.loc[:, list(PRODUCT_COLUMNS)]
    denominator_row = chosen.one(total.label)
    denominator_words = (
        f"the sum of all {classification} lines in {chosen.source} (vintage {chosen.vintage})"
        if denominator_row[schema.MEASURE] == LINES_SUM
        else f"the stated total of {chosen.source} (vintage {chosen.vintage})"
    )
    return IndicatorResult(
        name="product_shares",
        value=PERCENT_SCALE * (denominator - other) / denominator,
        unit="percent",
        formula=f"s_k = X_k / X, X = {denominator_words}",
        inputs=chosen.inputs(),
        params={
            "reporter": reporter,
            "partner": partner,
            "year": year,
            "flow": flow,
            "classification": classification,
            "top_n": top_n,
            **chosen.params(),
        },
        details={"denominator_usd": denominator, "other_usd": other},
        table=table,
        notes=tuple(notes),
    )
