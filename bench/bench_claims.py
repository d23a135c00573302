"""Drafting and checking articles: one article after start-up, and a thousand on two processes.

Run: ``.venv/bin/python bench/bench_claims.py [--articles 1000] [--workers 2]`` (``make bench``
runs it with the defaults).

An article goes the way a user's does: *draft* is ``tradeviz claims draft`` (the drafts of its
text, each validated by the claims schema and written as a claims file, in a temporary folder),
*check* is ``tradeviz check`` (the file read back and validated, every claim checked against
the figures). Start-up (imports, reading the figures table) is left out and printed on its own.

1. **One article.** For each document in ``data/raw/documents/`` and for a ~1,000-word article
   assembled from their English sentences: words, claims, draft ms, check ms. *First* is the
   first article checked against a freshly read table, which pays for the derivations of the
   whole table (remembered per table: :mod:`tradeviz.query.memo`); *later* is an article
   checked after others against the same table, as in a batch or a notebook session. The
   documents are checked once more with remembering turned off: the ratio is what it saves.
2. **Many articles.** ``--articles`` articles (the documents, cycled in a shuffled order and
   numbered so that no two texts are equal) drafted and checked on ``--workers`` processes
   (:class:`concurrent.futures.ProcessPoolExecutor`, each reading the figures once), wall and
   CPU time.

CPU time is printed with wall time: the machine may be shared, and the load average is printed
too.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pandas as pd  # noqa: E402

from tradeviz.checks import check_claims  # noqa: E402
from tradeviz.checks.claims import Document, load_documents, read_claims_file  # noqa: E402
from tradeviz.checks.vocab import CLAIM_COLUMNS  # noqa: E402
from tradeviz.drafting.claims_file import draft_document  # noqa: E402
from tradeviz.drafting.grammar import sentences  # noqa: E402
from tradeviz.figures import load_figures  # noqa: E402
from tradeviz.query.memo import forgetting  # noqa: E402

WORDS_PER_ARTICLE = 1000
TARGET_ONE_MS = 1000.0
TARGET_MANY_S = 60.0
#: The shuffle of the many articles (fixed: two runs check the same sequence).
SEED = 20240201

_FIGURES: pd.DataFrame | None = None
#: Where the claims files are drafted (a temporary folder: data/raw/claims is left alone).
_DRAFTS_FOLDER = tempfile.TemporaryDirectory(prefix="bench-claims-")
_DRAFTS = Path(_DRAFTS_FOLDER.name)


def draft_and_check(document: Document, figures: pd.DataFrame) -> tuple[int, Timing]:
    """Draft one article into a claims file, read the file back and check its claims.

    What ``tradeviz claims draft`` (the drafts validated by the claims schema and written as a
    YAML file) and ``tradeviz check`` (the file read, validated, and every claim checked
    against the figures) compute for one article.

    Returns
    -------
    claims, timing
        The number of claims checked, and the CPU and wall seconds of each step.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    drafted = draft_document(document, _DRAFTS, force=True)
    drafted_wall, drafted_cpu = time.perf_counter(), time.process_time()
    claims = 0
    if drafted.written:
        records = read_claims_file(drafted.path, {document.document_id: document})
        frame = pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS))
        for column in ("period_start", "period_end"):
            frame[column] = pd.to_datetime(frame[column])
        frame["scale"] = frame["scale"].astype("float64")
        claims = len(check_claims(figures, frame)) if len(frame) else 0
    timing = Timing(
        draft_cpu=drafted_cpu - cpu,
        draft_wall=drafted_wall - wall,
        check_cpu=time.process_time() - drafted_cpu,
        check_wall=time.perf_counter() - drafted_wall,
    )
    return claims, timing


@dataclass(frozen=True)
class Timing:
    """Seconds spent drafting and checking one article."""

    draft_cpu: float
    draft_wall: float
    check_cpu: float
    check_wall: float

    @property
    def cpu(self) -> float:
        """Drafting and checking, CPU seconds."""
        return self.draft_cpu + self.check_cpu

    @property
    def wall(self) -> float:
        """Drafting and checking, wall seconds."""
        return self.draft_wall + self.check_wall


def assembled_article(documents: list[Document], words: int) -> Document:
    """Return an English article of about ``words`` words made of the documents' sentences."""
    english = [d for d in documents if (d.language or "en") == "en"]
    queues = [[d.body[span.start : span.end] for span in sentences(d.body)] for d in english]
    chosen, count, position = [], 0, 0
    while count < words and any(position < len(q) for q in queues):
        for queue in queues:
            if position < len(queue) and count < words:
                chosen.append(queue[position])
                count += len(queue[position].split())
        position += 1
    base = english[-1]
    return replace(
        base,
        document_id=f"{base.document_id}-assembled",
        text=_text_with_header(base, " ".join(chosen)),
    )


def numbered(document: Document, number: int) -> Document:
    """Return the document with a sentence naming its number appended (texts never repeat)."""
    body = f"{document.body}\n\nArticle {number}."
    return replace(
        document,
        document_id=f"{document.document_id}-{number}",
        text=_text_with_header(document, body),
    )


def _text_with_header(document: Document, body: str) -> str:
    header = document.text[: len(document.text) - len(document.body)]
    return header + body


def one_article(documents: list[Document]) -> None:
    """Print words, claims, draft and check time per document, first and later."""
    start = time.process_time()
    figures = load_figures()
    print(f"start-up: figures read in {1000 * (time.process_time() - start):.0f} ms CPU")
    print(
        "first: the first article checked against a freshly read table; later: checked again, "
        "the table's derivations remembered\n"
    )
    articles = [*documents, assembled_article(documents, WORDS_PER_ARTICLE)]
    print(
        f"{'article':44} {'words':>6} {'claims':>6} {'draft ms':>9} "
        f"{'check ms first':>15} {'check ms later':>15}   (CPU; wall in brackets)"
    )
    first = later = forgotten = 0.0
    for article in articles:
        table = figures.copy(deep=False)  # another table object: nothing remembered for it
        claims, cold = draft_and_check(article, table)
        _, warm = draft_and_check(article, table)
        if article in documents:
            first, later = first + cold.check_cpu, later + warm.check_cpu
        print(
            f"{article.document_id[:44]:44} {len(article.body.split()):6} {claims:6} "
            f"{1000 * cold.draft_cpu:9.0f} {_ms(cold.check_cpu, cold.check_wall):>15} "
            f"{_ms(warm.check_cpu, warm.check_wall):>15}"
        )
    print(
        f"\ndraft + check of the {len(articles[-1].body.split())}-word article: "
        f"{_ms(cold.cpu, cold.wall)} ms first, {_ms(warm.cpu, warm.wall)} ms later "
        f"(target < {TARGET_ONE_MS:.0f} ms)"
    )
    with forgetting():
        for article in documents:
            forgotten += draft_and_check(article, figures)[1].check_cpu
    print(
        f"check CPU of the {len(documents)} documents: {forgotten:.2f} s with nothing remembered,"
        f" {first:.2f} s first, {later:.2f} s later: {forgotten / first:.1f}× and "
        f"{forgotten / later:.1f}× less"
    )


def _ms(cpu: float, wall: float) -> str:
    return f"{1000 * cpu:.0f} ({1000 * wall:.0f})"


def _start_worker() -> None:
    global _FIGURES
    _FIGURES = load_figures()


def _work(document: Document) -> tuple[int, float]:
    claims, timing = draft_and_check(document, _FIGURES)
    return claims, timing.cpu


def many_articles(documents: list[Document], articles: int, workers: int) -> None:
    """Print the wall and CPU time of drafting and checking ``articles`` articles."""
    order = [documents[i % len(documents)] for i in range(articles)]
    random.Random(SEED).shuffle(order)
    batch = [numbered(document, i) for i, document in enumerate(order)]
    words = sum(len(d.body.split()) for d in batch)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu = time.perf_counter(), time.process_time()
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker) as pool:
        results = list(pool.map(_work, batch, chunksize=max(1, articles // (8 * workers))))
    wall = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    claims = sum(n for n, _ in results)
    work_cpu = sum(s for _, s in results)
    print(
        f"\n{articles} articles ({words:,} words, {claims:,} claims) on {workers} processes: "
        f"{wall:.1f} s wall (target < {TARGET_MANY_S:.0f} s); CPU {child_cpu:.1f} s in the "
        f"workers (of which drafting and checking {work_cpu:.1f} s, the rest start-up), "
        f"{time.process_time() - cpu:.1f} s here"
    )


def main() -> None:
    """Print the time of one article, and of many on several processes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    documents = list(load_documents().values())
    if not documents:
        print("no documents in data/raw/documents/: nothing to measure")
        return
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{len(documents)} documents; load average {load}; {os.cpu_count()} CPUs\n")
    one_article(documents)
    many_articles(documents, args.articles, args.workers)


if __name__ == "__main__":
    main()
