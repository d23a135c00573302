"""How wrong an inconsistent claim is: a gross error or a deviation of magnitude.

As statcheck tells a "gross inconsistency" (one that changes the conclusion) from a mere
inconsistency, an inconsistent claim is graded:

``gross``      the claim gets the conclusion wrong: the direction of a change (growth stated as
               a rise, the tables give a fall, or the reverse), a rank or an order (second for
               first, ahead for behind), or the order of magnitude (the reference is
               :data:`MAGNITUDE_RATIO` times the stated value or more, or as small in reverse);
``magnitude``  the right direction, order and magnitude, but outside the tolerance.

Consistent and unverifiable claims have no severity (``""``).
"""

from __future__ import annotations

import math
from typing import Any

from tradeviz.checks.explain import stated_quantity
from tradeviz.checks.outcome import Outcome
from tradeviz.vocabulary import GROWTH_YOY, INCONSISTENT, UNIT_RANK

GROSS = "gross"
MAGNITUDE = "magnitude"
#: The ratio of reference to stated value (either way) from which an error is one of magnitude.
MAGNITUDE_RATIO = 10.0
#: Measures whose claims state an order: any inconsistency is gross.
ORDER_MEASURES = frozenset({"partner_rank", "comparison", "record"})
#: Measures whose sign is a direction (a rise or a fall).
DIRECTED_MEASURES = frozenset({GROWTH_YOY, "change_abs"})

#: Each severity, defined in one line.
SEVERITIES: dict[str, str] = {
    GROSS: "the conclusion is wrong: direction of a change, rank or order, or order of magnitude",
    MAGNITUDE: "the direction, order and magnitude are right, the number is outside the tolerance",
}


def severity(claim: dict[str, Any], outcome: Outcome) -> tuple[str, str]:
    """Return the severity of a verdict and why, e.g. ``("gross", "wrong direction: …")``.

    Parameters
    ----------
    claim : dict
        One row of the claims table.
    outcome : Outcome
        The engine's conclusion about it.

    Returns
    -------
    tuple of str
        ``(severity, reason)``; ``("", "")`` unless the verdict is inconsistent.
    """
    if outcome.verdict != INCONSISTENT or outcome.primary is None:
        return "", ""
    if claim["measure"] in ORDER_MEASURES or claim["unit"] == UNIT_RANK:
        return GROSS, "wrong rank or order"
    stated = stated_quantity(claim)
    reference = outcome.primary.quantity
    if math.isnan(stated) or math.isnan(reference):
        return MAGNITUDE, "outside the tolerance"
    if claim["measure"] in DIRECTED_MEASURES and stated * reference < 0:
        rise, fall = ("rise", "fall") if stated > 0 else ("fall", "rise")
        return GROSS, f"wrong direction: a {rise} is stated, the reference is a {fall}"
    if stated and reference and stated * reference > 0:
        ratio = abs(reference / stated)
        if ratio >= MAGNITUDE_RATIO or ratio <= 1 / MAGNITUDE_RATIO:
            return GROSS, f"wrong order of magnitude: the reference is {ratio:.3g} × the stated"
    return MAGNITUDE, "right direction and order of magnitude, outside the tolerance"
