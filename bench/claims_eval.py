"""Evaluate the claim checks on the labelled set: verdict agreement, per claim kind.

For every document with a labelled file (``data/labelled/<document>.yaml``), the engine's
verdict of each curated claim is compared with the verdict a careful fact-checker expects
(:func:`tradeviz.checks.labelled.verdict_agreement`). Printed per measure (the claim's kind) and
in total, with each disagreement; the target is an agreement of at least
:data:`AGREEMENT_TARGET`. Nothing is asserted: this is a measurement.

Usage: ``.venv/bin/python bench/claims_eval.py`` (after ``tradeviz build``).
"""

from __future__ import annotations

from tradeviz.checks import check_claims, load_claims
from tradeviz.checks.labelled import load_labels, verdict_agreement
from tradeviz.figures import load_figures

#: The verdict agreement the labelled set must reach.
AGREEMENT_TARGET = 0.90


def main() -> int:
    """Print the verdict agreement per claim kind and in total; return 0."""
    verdicts = check_claims(load_figures(), load_claims())
    labels = load_labels()
    print(f"{'claim kind (measure)':<28} {'agreed':>7} {'of':>4} {'rate':>7}")
    for measure, group in verdicts.groupby("measure", sort=True):
        result = verdict_agreement(group, labels)
        if result.compared:
            print(f"{measure:<28} {result.agreed:>7} {result.compared:>4} {result.rate:>7.1%}")
    total = verdict_agreement(verdicts, labels)
    print(f"{'all':<28} {total.agreed:>7} {total.compared:>4} {total.rate:>7.1%}")
    verdict = "meets" if total.rate >= AGREEMENT_TARGET else "misses"
    print(f"verdict agreement {total.rate:.1%} {verdict} the target of {AGREEMENT_TARGET:.0%}")
    for document, claim_id, expected, found in total.disagreements:
        print(f"  {document} {claim_id}: expected {expected}, found {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
