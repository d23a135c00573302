"""``tradeviz check``: verdicts on every document's claims and the sources' stated-totals checks."""

from __future__ import annotations

from pathlib import Path

import click

#: Exit code of ``--strict`` when an integrity check failed (2 stays "bad input").
EXIT_INTEGRITY_FAILED = 1
FORMATS = ("table", "json", "csv", "claimreview")


@click.command(name="check")
@click.option(
    "--doc",
    "doc_id",
    default=None,
    metavar="ID",
    help="Show only this document's claims (e.g. neo-2021-07-20).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: readable in a terminal; json: a list of verdict objects; csv: the verdicts "
    "table; claimreview: schema.org ClaimReview JSON-LD, one per judged confirmed claim.",
)
@click.option(
    "--integrity",
    is_flag=True,
    help="Also show the integrity report (json: an object with 'verdicts' and 'integrity'; "
    "csv: the integrity table instead of the verdicts).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when an integrity check fails.")
@click.option("--explain", is_flag=True, help="table: print each verdict's explanation under it.")
@click.option(
    "--all-checks", is_flag=True, help="table: list every integrity check, not only warn and fail."
)
@click.option(
    "--figures",
    "figures_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="figures.parquet to check against [default: data/processed/figures.parquet].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write claims/verdicts/integrity/flags [default: data/processed].",
)
def command(
    doc_id: str | None,
    output_format: str,
    integrity: bool,
    strict: bool,
    explain: bool,
    all_checks: bool,
    figures_path: Path | None,
    out_dir: Path | None,
) -> int:
    """Check the documents' claims and the sources' stated totals; write data/processed/.

    Exit 0 when the checks ran (verdicts are results, not errors); 1 with --strict when an
    integrity check failed; 2 on bad input (a malformed claims file, an unknown --doc, no
    figures table).
    """
    from tradeviz.checks import render
    from tradeviz.checks.outputs import run_checks, write_tables
    from tradeviz.errors import InputError

    # Validate everything first, write last: an unknown --doc leaves the tables as they were.
    results = run_checks(figures_path=figures_path, out_dir=out_dir, write=False)
    verdicts = results.verdicts
    without_claims = _documents_without_claims(set(results.claims["document"]))
    if doc_id is not None:
        known = sorted(set(results.claims["document"]) | set(without_claims))
        if doc_id not in known:
            raise InputError(
                "unknown document",
                field="--doc",
                expected="one of " + (", ".join(known) or "(no claims files)"),
                found=doc_id,
            )
        verdicts = verdicts[verdicts["document"] == doc_id]
    results.written = write_tables(results.tables(), out_dir)
    for document in without_claims:
        if doc_id in (None, document):
            click.echo(
                f"{document}: no claims (no claims file names it), nothing to check", err=True
            )
    if output_format == "claimreview":
        from tradeviz.checks.claimreview import claim_reviews
        from tradeviz.checks.claims import load_documents

        click.echo(render.to_json(claim_reviews(verdicts, load_documents())))
    elif output_format == "json":
        objects = render.verdict_objects(verdicts)
        if integrity:
            payload = {
                "verdicts": objects,
                "integrity": render.integrity_objects(results.integrity),
            }
            click.echo(render.to_json(payload))
        else:
            click.echo(render.to_json(objects))
    elif output_format == "csv":
        click.echo(render.to_csv(results.integrity if integrity else verdicts), nl=False)
    else:
        click.echo(render.verdict_table(verdicts, explain=explain))
        if integrity:
            click.echo(render.integrity_summary(results.integrity, show_all=all_checks))
        written = sorted({p.parent for paths in results.written.values() for p in paths})
        if written:
            click.echo(
                f"written: {', '.join(results.written)} (.parquet, .csv) in {written[0]}", err=True
            )
    failed = int((results.integrity["status"] == "fail").sum())
    if strict and failed:
        click.echo(f"tradeviz: {failed} integrity check(s) failed (--strict)", err=True)
        return EXIT_INTEGRITY_FAILED
    return 0


def _documents_without_claims(with_claims: set[str]) -> list[str]:
    """Return the ids of the documents that no claims file names (said, not an error)."""
    from tradeviz.checks.claims import load_documents

    return sorted(set(load_documents()) - with_claims)
