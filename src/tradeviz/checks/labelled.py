"""The labelled set: the verdict a careful fact-checker expects for each curated claim.

``data/labelled/<document>.yaml`` holds, for each claim id of the document's curated claims
file, the expected ``verdict`` and its ``reason`` in a sentence or two, judged by hand from the
tables and the rules of docs/conventions.md §10. :func:`verdict_agreement` compares them with
what :func:`tradeviz.checks.check_claims` concludes; ``bench/claims_eval.py`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from tradeviz import paths
from tradeviz.records import Invalid, Record, load_yaml, parse_record
from tradeviz.vocabulary import VERDICTS

if TYPE_CHECKING:
    import pandas as pd

LABELLED_SUFFIX = ".yaml"


class Label(Record):
    """One claim's expected verdict and why."""

    unknown_key_message = "unknown label field"
    verdict: Annotated[
        str,
        Field(pattern="^(" + "|".join(VERDICTS) + ")$"),
        Invalid("unknown verdict", "one of " + ", ".join(VERDICTS)),
    ]
    reason: Annotated[
        str, Field(pattern=r"\S"), Invalid("label has no reason", "one or two sentences")
    ]


class LabelledFile(Record):
    """A labelled file: the document and the label of each claim id."""

    unknown_key_message = "unknown key in labelled file"
    document: Annotated[
        str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$"), Invalid("document is not an id", "a slug")
    ]
    labels: Annotated[
        dict[str, Label], Invalid("labels is not a mapping", "claim id -> {verdict, reason}")
    ]


@dataclass(frozen=True)
class Agreement:
    """How the engine's verdicts agree with the labelled set.

    Attributes
    ----------
    compared : int
        Claims both labelled and checked.
    agreed : int
        Of those, the claims whose verdict equals the label.
    disagreements : list of tuple
        ``(document, claim_id, expected, found)`` of each disagreement.
    """

    compared: int
    agreed: int
    disagreements: list[tuple[str, str, str, str]]

    @property
    def rate(self) -> float:
        """Agreed ÷ compared (NaN when nothing was compared)."""
        return self.agreed / self.compared if self.compared else float("nan")


def labelled_dir() -> Path:
    """Return ``data/labelled/``."""
    return paths.project_root() / "data" / "labelled"


def load_labels(directory: str | Path | None = None) -> dict[tuple[str, str], Label]:
    """Read every labelled file; return the labels by ``(document, claim_id)``.

    Raises
    ------
    InputError
        If a file is not a valid labelled file (one line naming the file and the field).
    """
    directory = Path(directory) if directory is not None else labelled_dir()
    labels: dict[tuple[str, str], Label] = {}
    for path in sorted(directory.glob("*" + LABELLED_SUFFIX)) if directory.is_dir() else []:
        record = parse_record(LabelledFile, load_yaml(path), file=path)
        for claim_id, label in record.labels.items():
            labels[(record.document, claim_id)] = label
    return labels


def verdict_agreement(verdicts: pd.DataFrame, labels: dict[tuple[str, str], Any]) -> Agreement:
    """Compare the verdicts of the labelled claims with their labels.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        The verdicts table (``document``, ``claim_id``, ``verdict``).
    labels : dict
        From :func:`load_labels`.

    Returns
    -------
    Agreement
        Counts and the disagreements; claims without a label (or labels without a claim) are
        not compared.
    """
    compared = agreed = 0
    disagreements = []
    for row in verdicts[["document", "claim_id", "verdict"]].itertuples(index=False):
        label = labels.get((row.document, row.claim_id))
        if label is None:
            continue
        compared += 1
        if label.verdict == row.verdict:
            agreed += 1
        else:
            disagreements.append((row.document, row.claim_id, label.verdict, row.verdict))
    return Agreement(compared, agreed, disagreements)
