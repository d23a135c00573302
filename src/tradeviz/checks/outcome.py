"""What the verdict engine concludes about one claim (shared by the engine and its helpers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tradeviz.checks.matching import Reference
from tradeviz.checks.tolerance import Tolerance


@dataclass
class Outcome:
    """What the engine concluded about one claim.

    Attributes
    ----------
    verdict : str
        ``consistent``, ``inconsistent`` or ``unverifiable``.
    detail : str
        The finer reason (:data:`tradeviz.checks.vocab.DETAILS`).
    primary : Reference or None
        The reference the verdict rests on.
    tolerance : Tolerance or None
        The interval a reference had to fall in.
    evidence, hints : list of Reference
        The figures weighed, and the near misses shown beside them.
    sentences : list of str
        The explanation, one sentence per line.
    supporting, contradicting : list of str
        The perspectives whose figures support or contradict the claim.
    """

    verdict: str
    detail: str
    primary: Reference | None = None
    tolerance: Tolerance | None = None
    evidence: list[Reference] = field(default_factory=list)
    hints: list[Reference] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)
    contradicting: list[str] = field(default_factory=list)
