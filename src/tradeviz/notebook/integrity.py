"""Answers of the ``source_integrity`` notebook: whether a source adds up to its own totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradeviz.notebook.answer import Answer
from tradeviz.query import where
from tradeviz.text import count_phrase, join_words, shorten
from tradeviz.vocabulary import ALL_SOURCES, PASS, STATUSES

if TYPE_CHECKING:
    import pandas as pd

#: An example message of a check is cut to this many characters.
EXAMPLE_CHARS = 200
#: Statuses of the integrity checks, worst first.
STATUS_ORDER = tuple(reversed(STATUSES))
#: Rows of non-passing checks shown in the table.
MAX_FINDINGS_SHOWN = 60


def integrity_summary(
    figures: pd.DataFrame, source: str, *, integrity: pd.DataFrame | None = None
) -> Answer:
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
    Answer
        ``table``: checks by status; ``details``: the warnings and failures, worst first (at
        most :data:`MAX_FINDINGS_SHOWN`). ``results``: ``counts`` by status, ``by_check``
        (check → status → count) and ``findings`` (every non-passing check: id, check, status,
        message). ``data``: the checks of the source.
    """
    import pandas as pd

    from tradeviz.errors import TradevizError

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
    rows = integrity if source == ALL_SOURCES else where(integrity, source=source)
    label = "every source" if source == ALL_SOURCES else f"source {source}"
    counts = {status: int((rows["status"] == status).sum()) for status in STATUS_ORDER}
    if rows.empty:
        sentences.append(f"No integrity check concerns {label}.")
    else:
        parts = [f"{counts[status]} {status}" for status in STATUSES]
        sentences.insert(
            0,
            f"{count_phrase(len(rows), 'check')} of {label}: {join_words(parts)}.",
        )
    by_check = {
        str(check): {str(k): int(v) for k, v in group["status"].value_counts().items()}
        for check, group in rows.groupby("check", sort=True)
    }
    for check, statuses in by_check.items():
        bad = {k: v for k, v in statuses.items() if k != PASS}
        if bad:
            example = where(rows, check=check, exclude={"status": (PASS,)})["message"]
            sentences.append(
                f"{check}: {join_words(f'{n} {k}' for k, n in bad.items())}, e.g. "
                f"{shorten(example.iloc[0], EXAMPLE_CHARS)}"
            )
    findings = where(rows, exclude={"status": (PASS,)}).copy()
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
    return Answer(
        tuple(sentences),
        summary if len(summary) else None,
        results,
        data=rows,
        details=shown.reset_index(drop=True) if len(shown) else None,
    )
