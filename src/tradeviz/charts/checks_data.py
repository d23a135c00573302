"""Claims and verdicts from the checks (``tradeviz check``), with a clean fallback.

Charts that draw a document's claims read them through the checks' public API. When the checks
have not been run (or are not installed), the loaders return None and the charts say
"run `tradeviz check`" instead of failing.
"""

from __future__ import annotations

import pandas as pd

from tradeviz.errors import TradevizError

NO_VERDICTS = "No verdicts yet: run `tradeviz check`."
NO_CLAIMS = "No claims loaded: run `tradeviz check` to draw the document's claimed values."


def _first(frame: pd.DataFrame, *names: str) -> str | None:
    """Return the first of ``names`` that is a column of ``frame``."""
    return next((name for name in names if name in frame.columns), None)


def load_claims(document: str | None) -> pd.DataFrame | None:
    """Return the claims of ``document`` (all documents if None), or None if unavailable.

    Parameters
    ----------
    document : str or None
        Document id, e.g. ``"neo-2021-07-20"``.

    Returns
    -------
    pandas.DataFrame or None
        The claims table of :func:`tradeviz.checks.load_claims`.
    """
    try:
        from tradeviz import checks  # type: ignore[attr-defined]

        return checks.load_claims(document)
    except (ImportError, AttributeError, TradevizError, FileNotFoundError):
        return None


def load_verdicts(document: str | None = None) -> pd.DataFrame | None:
    """Return the verdicts written by ``tradeviz check`` (of one document), or None.

    Parameters
    ----------
    document : str, optional
        Keep the verdicts of this document only.

    Returns
    -------
    pandas.DataFrame or None
        The verdicts table of :func:`tradeviz.checks.load_verdicts`.
    """
    try:
        from tradeviz import checks  # type: ignore[attr-defined]

        verdicts = checks.load_verdicts()
    except (ImportError, AttributeError, TradevizError, FileNotFoundError):
        return None
    if verdicts is None:
        return None
    column = _first(verdicts, "document", "doc_id", "document_id")
    if document is not None and column is not None:
        verdicts = verdicts[verdicts[column].astype(str) == document]
    return verdicts
