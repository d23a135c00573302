"""``tradeviz documents add FILE``: copy an article into ``data/raw/documents/`` with a sidecar."""

from __future__ import annotations

from pathlib import Path

import click

LANGUAGES = ("en", "ru")


@click.group(name="documents")
def command() -> None:
    """Manage the articles whose claims are checked (data/raw/documents/)."""


@command.command(name="add")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", default=None, help="The article's address.")
@click.option("--published", default=None, help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--title", default=None, help="The article's title [default: its first line].")
@click.option("--language", type=click.Choice(LANGUAGES), default=None, help="Its language.")
@click.option("--outlet", default=None, help="Who published it [default: the url's host].")
def add(
    path: Path,
    url: str | None,
    published: str | None,
    title: str | None,
    language: str | None,
    outlet: str | None,
) -> int:
    """Copy FILE (plain text or Markdown) with its sidecar; print the document id last.

    A leading block of `key: value` lines (title, url, published, language), then a blank line,
    supplies the same fields; an option given wins over its line. A duplicate text, an empty or
    binary file and an unreadable date are refused and nothing is written.
    """
    from tradeviz.checks.claims import documents_dir
    from tradeviz.drafting.intake import read_article, write_article

    directory = documents_dir()
    article = read_article(
        path,
        url=url,
        published=published,
        title=title,
        language=language,
        outlet=outlet,
        directory=directory,
    )
    target = write_article(article, directory)
    click.echo(
        f"added {target} ({article.meta['language']}, published {article.meta['date_published']})"
    )
    click.echo(f"next: tradeviz claims draft {article.document_id}")
    click.echo(article.document_id)
    return 0
