"""Write a document's draft claims file, keeping the claims a curator has confirmed.

``tradeviz claims draft ID`` writes ``data/raw/claims/<ID>.yaml``. A file that holds confirmed
claims is never overwritten unless asked (``force``): then the confirmed claims are kept as they
are and only the drafts are replaced (a new draft that covers the same words and measure as a
confirmed claim is left out).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeviz.checks import vocab
from tradeviz.checks.claim_records import SCHEMA_VERSION, Claim, collapse
from tradeviz.checks.claims import Document
from tradeviz.drafting.drafter import draft_claims
from tradeviz.errors import InputError
from tradeviz.heap import long_lived_frozen
from tradeviz.records import load_yaml, parse_record

HEADER = (
    "# Claims of «{title}» ({date}), drafted by `tradeviz claims draft` on {today}.\n"
    "# Review each claim against its excerpt (docs/claims.md), fix or delete it, add what is\n"
    "# missing, then set status: confirmed and empty its unresolved list.\n"
)


@dataclass(frozen=True)
class Drafted:
    """What drafting a document produced."""

    path: Path
    drafts: int
    kept: int
    written: bool


def draft_document(
    document: Document, directory: Path, *, force: bool = False, today: dt.date | None = None
) -> Drafted:
    """Draft the claims of ``document`` into ``directory/<id>.yaml``.

    Parameters
    ----------
    document : tradeviz.checks.claims.Document
        The document (text and sidecar).
    directory : pathlib.Path
        ``data/raw/claims/``.
    force : bool, optional
        Replace the drafts of a file that holds confirmed claims, keeping those.
    today : datetime.date, optional
        The date written in the header comment.

    Returns
    -------
    Drafted
        The file, the number of drafts and of kept confirmed claims, and whether it was written
        (nothing is written when the document has no claim and no confirmed claim is kept).

    Raises
    ------
    InputError
        The file holds confirmed claims and ``force`` is not given, or it cannot be read.
    """
    path = directory / f"{document.document_id}.yaml"
    confirmed = _confirmed_claims(path)
    if confirmed and not force:
        raise InputError(
            "claims file holds confirmed claims; not overwritten",
            file=path,
            field="status",
            expected="no confirmed claim, or --force to keep them and replace the drafts",
            found=f"{len(confirmed)} confirmed",
        )
    body = document.body
    language = document.language or "en"
    with long_lived_frozen():  # collections while drafting skip the modules (tradeviz.heap)
        drafts = [
            draft
            for draft in draft_claims(body, document.meta["date_published"], language)
            if _valid(draft, body, path) and not _covered(draft, confirmed)
        ]
    taken = {str(claim.get("id")) for claim in confirmed}
    for draft in drafts:
        base, number = draft["id"], 2
        while draft["id"] in taken:
            draft["id"], number = f"{base}-{number}", number + 1
        taken.add(draft["id"])
    if not drafts and not confirmed:
        return Drafted(path, 0, 0, False)
    _write(path, document, [*confirmed, *drafts], today or dt.date.today())
    return Drafted(path, len(drafts), len(confirmed), True)


def _confirmed_claims(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = load_yaml(path)
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, list):
        return []
    return [
        claim
        for claim in claims
        if isinstance(claim, dict) and claim.get("status", vocab.CONFIRMED) == vocab.CONFIRMED
    ]


def _valid(draft: dict[str, Any], body: str, path: Path) -> bool:
    """Tell whether a draft passes the claims schema (a draft that does not is left out)."""
    context = {"document_text": collapse(body), "document_body": body}
    try:
        parse_record(Claim, draft, file=path, row=f"claim {draft['id']!r}", context=context)
    except InputError:
        return False
    return True


def _covered(draft: dict[str, Any], confirmed: list[dict[str, Any]]) -> bool:
    start, end = draft["offsets"]
    for claim in confirmed:
        offsets = claim.get("offsets")
        if claim.get("measure") != draft["measure"]:
            continue
        if isinstance(offsets, list) and len(offsets) == 2:
            if offsets[0] < end and start < offsets[1]:
                return True
        elif collapse(str(claim.get("excerpt", ""))) in collapse(draft["excerpt"]):
            return True
    return False


def _write(path: Path, document: Document, claims: list[dict[str, Any]], today: dt.date) -> None:
    import yaml

    from tradeviz.atomic import write_text

    data = {"schema_version": SCHEMA_VERSION, "document": document.document_id, "claims": claims}
    header = HEADER.format(title=document.title, date=document.date, today=today.isoformat())
    # libyaml's emitter when PyYAML has it (the same safe representer, five times faster).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, header + text)
