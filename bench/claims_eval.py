"""Drafting quality and speed: drafted claims against the curated claims files.

Run: ``.venv/bin/python bench/claims_eval.py [--no-check]``.

Quality. For every document with a curated claims file, the claims ``tradeviz claims draft``
would write are compared with the curated ones. A drafted claim *matches* a curated claim of the
same document when

* their excerpts overlap in the document's body (the curated excerpt is located by its offsets,
  or found in the body with white space read loosely when it has none),
* their measures are equal,
* their values are equal as numbers (both empty for claims worded without a number), and
* their periods are equal (first and last day).

Each curated claim matches at most one draft (first come, in the order of the text). Recall =
matched curated ÷ curated, precision = matched drafts ÷ drafts, per measure and per kind, and
over the *checkable numeric claims*: claims with a number in money, percent, tonnes, a count or
a rank (not dates, ordinals or product lists). Verdict agreement: when ``data/labelled/`` holds
expected verdicts, the share of labelled claims whose verdict from ``tradeviz check`` equals the
label (read by :mod:`tradeviz.checks.labelled`), on the curated claims and on the drafts that
match them.

The time to draft and check an article, and many, is measured by ``bench/bench_claims.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tradeviz.checks.claims import load_claims, load_documents  # noqa: E402
from tradeviz.checks.labelled import labelled_dir, load_labels  # noqa: E402
from tradeviz.checks.labelled import verdict_agreement as agreement  # noqa: E402
from tradeviz.drafting.drafter import draft_claims  # noqa: E402

#: Units of the checkable numeric claims.
NUMERIC_UNITS = frozenset(
    {"USD", "percent", "tonnes", "containers", "TEU", "persons", "enterprises", "doses", "rank"}
)
TARGET_RECALL, TARGET_PRECISION = 0.90, 0.85


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _span_of(excerpt: str, body: str, start: int, end: int) -> tuple[int, int] | None:
    if start >= 0:
        return start, end
    pattern = r"\s+".join(re.escape(word) for word in excerpt.split())
    match = re.search(pattern, body)
    return (match.start(), match.end()) if match else None


def _period(claim) -> tuple[str, str]:
    def text(value) -> str:
        return "" if value is None or value != value else str(value)[:10]

    return text(claim["period_start"]), text(claim["period_end"])


def match_claims(curated: list[dict], drafted: list[dict], body: str) -> dict[int, int]:
    """Return curated index → drafted index for the pairs that match (see the module's rule)."""
    spans = [
        _span_of(c["excerpt"], body, int(c["offset_start"]), int(c["offset_end"])) for c in curated
    ]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for j, draft in enumerate(drafted):
        d_start, d_end = draft["offsets"]
        for i, claim in enumerate(curated):
            if i in pairs or j in used or spans[i] is None:
                continue
            c_start, c_end = spans[i]
            if not (c_start < d_end and d_start < c_end):
                continue
            if claim["measure"] != draft["measure"]:
                continue
            if _number(claim["stated_value"]) != _number(draft["value"]):
                continue
            if _period(claim) != _period(draft):
                continue
            pairs[i] = j
            used.add(j)
    return pairs


def is_numeric(unit: str | None) -> bool:
    """Tell whether a claim's unit makes it a checkable numeric claim."""
    return unit in NUMERIC_UNITS


def quality() -> dict:
    """Return the counts per measure, per kind and for numeric claims; print them."""
    documents = load_documents()
    claims = load_claims()
    counts = defaultdict(lambda: [0, 0, 0, 0])  # curated, drafted, matched curated, matched drafts
    matches: dict[str, dict[str, dict]] = {}
    for doc_id, group in claims.groupby("document"):
        document = documents[doc_id]
        curated = group.to_dict("records")
        drafted = draft_claims(
            document.body, document.meta["date_published"], document.language or "en"
        )
        pairs = match_claims(curated, drafted, document.body)
        matches[doc_id] = {curated[i]["claim_id"]: drafted[j] for i, j in pairs.items()}
        for i, claim in enumerate(curated):
            for key in _keys(claim["measure"], claim["kind"], claim["unit"]):
                counts[key][0] += 1
                counts[key][2] += i in pairs
        matched_drafts = set(pairs.values())
        for j, draft in enumerate(drafted):
            for key in _keys(draft["measure"], draft["kind"], draft["unit"]):
                counts[key][1] += 1
                counts[key][3] += j in matched_drafts
    print("drafting against the curated claims (match: overlapping excerpts, same measure,")
    print("value and period)\n")
    print(f"{'':30} {'curated':>8} {'drafted':>8} {'recall':>8} {'precision':>10}")
    for key in sorted(counts, key=lambda k: (k[0] != "numeric", k[0], k[1])):
        curated, drafted, hit_c, hit_d = counts[key]
        print(
            f"{key[0] + ': ' + key[1]:30} {curated:8} {drafted:8} "
            f"{_ratio(hit_c, curated):>8} {_ratio(hit_d, drafted):>10}"
        )
    numeric = counts[("numeric", "all")]
    recall = numeric[2] / numeric[0] if numeric[0] else 0.0
    precision = numeric[3] / numeric[1] if numeric[1] else 0.0
    print(
        f"\ncheckable numeric claims: recall {recall:.1%} (target ≥ {TARGET_RECALL:.0%}), "
        f"precision {precision:.1%} (target ≥ {TARGET_PRECISION:.0%})"
    )
    return matches


def _keys(measure: str, kind: str, unit) -> list[tuple[str, str]]:
    keys = [("measure", measure), ("kind", kind or "fact")]
    if is_numeric(unit or None):
        keys.append(("numeric", "all"))
    return keys


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.0%}" if total else "–"


def verdict_agreement(matches: dict[str, dict[str, dict]]) -> None:
    """Print how often check's verdicts equal the labelled ones, curated and drafted."""
    labels = load_labels()
    if not labels:
        print(f"\nverdict agreement: no labels in {labelled_dir()} yet; not measured")
        return
    import pandas as pd

    from tradeviz.checks import check_claims
    from tradeviz.figures import load_figures

    figures = load_figures()
    claims = load_claims()
    curated = agreement(check_claims(figures, claims), labels)
    drafted_rows = [
        (doc_id, claim_id, draft)
        for (doc_id, claim_id) in labels
        for draft in [matches.get(doc_id, {}).get(claim_id)]
        if draft is not None
    ]
    drafted = agreement(pd.DataFrame(columns=["document", "claim_id", "verdict"]), labels)
    if drafted_rows:
        base = claims.set_index(["document", "claim_id"])
        frame = pd.DataFrame([_as_row(base.loc[(d, c)], draft) for d, c, draft in drafted_rows])
        drafted = agreement(check_claims(figures, frame), labels)
    print(
        f"\nverdict agreement with data/labelled/: curated claims "
        f"{_ratio(curated.agreed, curated.compared)} ({curated.agreed}/{curated.compared}); "
        f"drafted claims that match them {_ratio(drafted.agreed, drafted.compared)} "
        f"({drafted.agreed}/{drafted.compared})"
    )


def _as_row(curated, draft: dict) -> dict:
    """The curated claim's row with the drafted fields in place of its own."""
    import pandas as pd

    row = curated.to_dict()
    row["document"], row["claim_id"] = curated.name
    row.update(
        measure=draft["measure"],
        reporter=draft["reporter"],
        partner=draft["partner"],
        flow=draft["flow"],
        period_start=pd.Timestamp(draft["period_start"]),
        period_end=pd.Timestamp(draft["period_end"]),
        stated_value=draft["value"] or "",
        unit=draft["unit"] or "",
        scale=float(draft["scale"]) if draft["scale"] else float("nan"),
        qualifier=draft["qualifier"],
        stated_perspective=draft["perspective"],
        kind=draft["kind"],
        status="draft",
    )
    return row


def main() -> None:
    """Print drafting quality and verdict agreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-check", action="store_true", help="Drafting only: no verdict agreement."
    )
    args = parser.parse_args()
    matches = quality()
    if not args.no_check:
        verdict_agreement(matches)


if __name__ == "__main__":
    main()
