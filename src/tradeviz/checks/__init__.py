"""Claim verification and stated-totals checks.

Public API (imports are lazy, so ``import tradeviz.checks`` stays light)::

    from tradeviz.checks import load_claims, check_claims, run_integrity_checks
    claims = load_claims("neo-2021-07-20")          # data/raw/claims/*.yaml, validated
    verdicts = check_claims(figures, claims)        # one row per claim
    integrity = run_integrity_checks(figures)       # one row per check
    results = run_checks()                          # all of it, written to data/processed/
    load_verdicts(), load_integrity(), load_flags() # read what `tradeviz check` wrote
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name → module that defines it.
_EXPORTS = {
    "load_claims": "tradeviz.checks.claims",
    "load_documents": "tradeviz.checks.claims",
    "check_claims": "tradeviz.checks.engine",
    "run_integrity_checks": "tradeviz.checks.integrity",
    "incomplete_vintage_flags": "tradeviz.checks.integrity",
    "run_checks": "tradeviz.checks.outputs",
    "CheckResults": "tradeviz.checks.outputs",
    "load_verdicts": "tradeviz.checks.outputs",
    "load_integrity": "tradeviz.checks.outputs",
    "load_flags": "tradeviz.checks.outputs",
    "load_table": "tradeviz.checks.outputs",
    "tolerance_for": "tradeviz.checks.tolerance",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tradeviz.checks' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
