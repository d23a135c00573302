"""Answers of the ``trade_shares`` notebook: the partner's share, and its rank among partners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz.notebook.answer import (
    USD_M,
    Answer,
    attempt,
    evidence,
    inputs_of,
    millions,
    number,
    producer,
)
from tradeviz.query.denominators import COMPUTED_DENOMINATOR, STATED_DENOMINATOR
from tradeviz.text import country_name, possessive
from tradeviz.text.sentences import (
    rank_sentence,
    sentence_name,
    share_sentence,
    unverifiable_sentence,
)
from tradeviz.vocabulary import MILLION, TRADE_FLOWS

if TYPE_CHECKING:
    import pandas as pd

#: The table's denominator column, named by the kind of denominator (one place decides which).
DENOMINATOR_COLUMNS = {
    STATED_DENOMINATOR: f"world total ({USD_M})",
    COMPUTED_DENOMINATOR: f"sum of listed partners, computed ({USD_M})",
}


def partner_shares(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, flow: str = "exports"
) -> Answer:
    """Answer "what share of the reporter's exports and imports is the partner's?".

    Each share is the partner's value divided by the reporter's *stated* world total, from one
    source, perspective and vintage (:func:`tradeviz.indicators.partner_share`): the latest
    vintage that states both, as the ``partner_shares`` chart draws it. It is compared with the
    share of the year before in the same source, also from its latest vintage.

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
    Answer
        ``results[flow]`` holds ``share_pct``, ``previous_share_pct``, ``part_usd``,
        ``world_usd`` and the evidence, for both flows; ``data`` the figures used (column
        ``flow`` and ``year``).
    """
    import pandas as pd

    from tradeviz.indicators import partner_share

    ordered = (flow, *(f for f in TRADE_FLOWS if f != flow))
    sentences, rows, results, used = [], [], {}, {}
    for each in ordered:
        current, reason = attempt(partner_share, figures, reporter, partner, year, each)
        if current is None:
            what = (
                f"{possessive(sentence_name(partner))} share of "
                f"{possessive(sentence_name(reporter))} {each} in {year}"
            )
            sentences.append(unverifiable_sentence(what, reason=reason))
            results[each] = {"share_pct": None, "reason": reason}
            continue
        source = current.params["source"]
        previous, _ = attempt(
            partner_share, figures, reporter, partner, year - 1, each, source=source
        )
        used[(each, year)], used[(each, year - 1)] = current, previous
        vintage = current.params["vintage"]
        previous_pct = None if previous is None else previous.value
        sentences.append(
            share_sentence(
                reporter=reporter,
                partner=partner,
                flow=each,
                year=year,
                share_pct=current.value,
                perspective=current.params["perspective"],
                source_label=producer(current),
                vintage=vintage,
                previous_year=year - 1 if previous is not None else None,
                previous_share_pct=previous_pct,
            )
        )
        kind = current.details.get("denominator_kind", STATED_DENOMINATOR)
        if kind == COMPUTED_DENOMINATOR:
            sentences.append(
                f"The share is over {current.details['denominator']}, never a stated total."
            )
        results[each] = {
            "share_pct": current.value,
            "vintage": vintage,
            "previous_share_pct": number(previous_pct),
            "latest_share_pct": current.value,
            "latest_vintage": vintage,
            "part_usd": number(current.details.get("part_usd")),
            "world_usd": number(current.details.get("world_usd")),
            "stated_share_pct": number(current.details.get("stated_share")),
            "computed": bool(current.details.get("computed", False)),
            "denominator_kind": kind,
            "denominator": current.details.get("denominator"),
            **evidence(current),
        }
        rows.append(
            {
                "flow": each,
                f"share {year - 1} (%)": previous_pct,
                f"share {year} (%)": current.value,
                f"{country_name(partner)} ({USD_M})": millions(current.details.get("part_usd")),
                DENOMINATOR_COLUMNS[kind]: millions(current.details.get("world_usd")),
                "source": source,
                "vintage": vintage,
            }
        )
    table = pd.DataFrame(rows).set_index("flow") if rows else None
    data = inputs_of(used, "_key")
    if data is not None:
        keys = data.pop("_key")
        data = data.assign(flow=[key[0] for key in keys], year=[key[1] for key in keys])
    return Answer(
        tuple(sentences), table, {"year": year, "headline_flow": flow, **results}, data=data
    )


def top_partners(
    figures: pd.DataFrame, reporter: str, partner: str, year: int, flow: str, top_n: int
) -> Answer:
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
    Answer
        ``results``: ``rank``, ``countries`` (partner countries stated), ``top`` (list of
        ``{rank, partner, value_usd, share_pct}``) and the evidence; ``data`` the ranking of
        every partner country with its figure id, source, perspective and vintage.
    """
    from tradeviz.indicators import partner_rank

    ranked, reason = attempt(partner_rank, figures, reporter, year, flow, partner)
    if ranked is None:
        what = f"a ranking of {possessive(sentence_name(reporter))} partners"
        return Answer(
            (unverifiable_sentence(f"{what} for {flow} in {year}", reason=reason),),
            None,
            {"rank": None, "reason": reason},
        )
    table = ranked.table.head(int(top_n)).copy()
    table.insert(2, "country", table["partner"].map(sentence_name))
    top = [
        {
            "rank": int(row["rank"]),
            "partner": str(row["partner"]),
            "value_usd": number(row["value_usd"]),
            "share_pct": number(row["share_pct"]),
        }
        for row in table.to_dict(orient="records")
    ]
    sentence = rank_sentence(
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
    chosen = {key: ranked.params[key] for key in ("source", "perspective", "vintage")}
    return Answer(
        (sentence,),
        shown,
        {
            "rank": int(ranked.value),
            "countries": int(ranked.details["countries"]),
            "top": top,
            **evidence(ranked),
        },
        data=ranked.table.assign(**chosen, flow=flow, year=year),
    )
