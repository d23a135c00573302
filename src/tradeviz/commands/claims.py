"""``tradeviz claims draft ID``: draft a document's claims into ``data/raw/claims/<ID>.yaml``."""

from __future__ import annotations

import click


@click.group(name="claims")
def command() -> None:
    """Draft and review the claims of the documents (data/raw/claims/)."""


@command.command(name="draft")
@click.argument("doc_id", metavar="ID")
@click.option(
    "--force",
    is_flag=True,
    help="Replace the drafts of a file with confirmed claims, keeping those.",
)
def draft(doc_id: str, force: bool) -> int:
    """Write every checkable claim ID's text states, each status: draft, for review.

    A file that holds confirmed claims is not overwritten without --force. A document with no
    claim is said so, and nothing is written.
    """
    from tradeviz.checks.claims import claims_dir, load_documents
    from tradeviz.drafting.claims_file import draft_document
    from tradeviz.errors import InputError

    documents = load_documents()
    if doc_id not in documents:
        raise InputError(
            "unknown document",
            file=claims_dir().parent / "documents",
            field="document_id",
            expected="one of " + (", ".join(sorted(documents)) or "(none: tradeviz documents add)"),
            found=doc_id,
        )
    result = draft_document(documents[doc_id], claims_dir(), force=force)
    if not result.written:
        click.echo(f"{doc_id}: no checkable claims found; nothing written")
        return 0
    kept = f", {result.kept} confirmed kept" if result.kept else ""
    click.echo(f"wrote {result.path}: {result.drafts} draft claims{kept}; review, then confirm")
    return 0
