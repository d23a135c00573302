"""Verdicts as schema.org ClaimReview JSON-LD, the markup fact-check publishers use.

One ``ClaimReview`` per judged, confirmed claim (drafts and targets/forecasts are left out): the
claim as quoted (``claimReviewed``), where it appeared (``itemReviewed``: a ``Claim`` with the
document's author, outlet, date and address), the verdict as a ``Rating`` whose ``alternateName``
says it in words, and the explanation with the arithmetic (``reviewBody``). See
https://schema.org/ClaimReview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz.checks.vocab import DRAFT
from tradeviz.vocabulary import CONSISTENT, INCONSISTENT, UNVERIFIABLE

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_CONTEXT = "https://schema.org"
#: Who publishes the reviews.
REVIEWER = {"@type": "Organization", "name": "tradeviz"}
#: The rating scale: 1 = inconsistent with the figures, 3 = consistent; unverifiable has no
#: number (it is not a point between the two).
WORST_RATING, BEST_RATING = 1, 3
RATING_VALUES = {INCONSISTENT: WORST_RATING, CONSISTENT: BEST_RATING}
#: The verdict in words, for ``reviewRating.alternateName``.
RATING_WORDS = {
    CONSISTENT: "Consistent with the official figures",
    INCONSISTENT: "Inconsistent with the official figures",
    UNVERIFIABLE: "Unverifiable from the figures available",
}
#: Claims that are not reviewed: drafts, and targets or forecasts (never judged).
NOT_REVIEWED_STATUS = DRAFT
NOT_REVIEWED_DETAIL = "not_judged"


def claim_reviews(verdicts: pd.DataFrame, documents: dict[str, Any]) -> list[dict[str, Any]]:
    """Return one schema.org ``ClaimReview`` object per judged, confirmed claim.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        The verdicts table (:func:`tradeviz.checks.check_claims`).
    documents : dict
        The documents by id (:func:`tradeviz.checks.claims.load_documents`): their sidecars
        give the author, outlet, date and address.

    Returns
    -------
    list of dict
        JSON-LD objects, in the order of the verdicts.
    """
    reviews = []
    for row in verdicts.to_dict("records"):
        if row.get("claim_status") == NOT_REVIEWED_STATUS or row["detail"] == NOT_REVIEWED_DETAIL:
            continue
        document = documents.get(row["document"])
        meta = dict(document.meta) if document is not None else {}
        rating: dict[str, Any] = {
            "@type": "Rating",
            "alternateName": RATING_WORDS.get(row["verdict"], row["verdict"]),
        }
        if row["verdict"] in RATING_VALUES:
            rating.update(
                ratingValue=RATING_VALUES[row["verdict"]],
                bestRating=BEST_RATING,
                worstRating=WORST_RATING,
            )
        reviews.append(
            {
                "@context": SCHEMA_CONTEXT,
                "@type": "ClaimReview",
                "claimReviewed": row["excerpt"],
                "itemReviewed": _item(meta, document),
                "author": REVIEWER,
                "reviewRating": rating,
                "reviewBody": row["explanation"],
                "identifier": f"{row['document']}#{row['claim_id']}",
            }
        )
    return reviews


def _item(meta: dict[str, Any], document: Any) -> dict[str, Any]:
    """Return the ``Claim`` reviewed: who said it, where and when."""
    date = str(meta.get("published") or meta.get("date_published") or "")
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if document is not None and document.title:
        appearance["headline"] = document.title
    if meta.get("url"):
        appearance["url"] = str(meta["url"])
    if meta.get("outlet"):
        appearance["publisher"] = {"@type": "Organization", "name": str(meta["outlet"])}
    if date:
        appearance["datePublished"] = date
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if meta.get("author"):
        item["author"] = {"@type": "Person", "name": str(meta["author"])}
    elif meta.get("outlet"):
        item["author"] = {"@type": "Organization", "name": str(meta["outlet"])}
    if date:
        item["datePublished"] = date
    return item
