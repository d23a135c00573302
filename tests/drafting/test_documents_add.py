"""``tradeviz documents add``: the copy, its sidecar, the header block, and every refusal."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from tradeviz.provenance import verify_raw_file

#: A made-up article (not a publication), with a header block.
ARTICLE = (
    "title: Trade with China grew\n"
    "url: https://www.example-wire.kz/news/123\n"
    "published: 2023-02\n"
    "language: en\n"
    "\n"
    "In 2022 Kazakhstan's exports to China rose by a third.\n"
)


def files_of(project):
    return sorted(p.name for p in (project / "data/raw/documents").iterdir())


def test_an_article_is_copied_with_a_sidecar_and_its_id_is_the_last_line(
    project, tradeviz, tmp_path
):
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    code, out, err = tradeviz("documents", "add", str(source), "--outlet", "Example Wire")
    assert (code, err) == (0, "")
    doc_id = out.strip().splitlines()[-1]
    assert doc_id == "example-wire-2023-02"
    copy = project / "data/raw/documents" / f"{doc_id}.txt"
    assert copy.read_bytes() == source.read_bytes()
    meta = yaml.safe_load((copy.parent / f"{copy.name}.meta.yaml").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (meta["title"], meta["url"], meta["date_published"], meta["language"]) == (
        "Trade with China grew",
        "https://www.example-wire.kz/news/123",
        "2023-02",
        "en",
    )
    assert verify_raw_file(copy).adapter == "documentation"  # build accepts the sidecar
    from tradeviz.checks.claims import load_documents

    assert load_documents()[doc_id].body.startswith("In 2022")


def test_options_win_over_the_header_and_fill_what_it_lacks(project, tradeviz, tmp_path):
    source = tmp_path / "статья.md"
    source.write_text("Товарооборот вырос на 20%.\n", encoding="utf-8")
    code, out, _ = tradeviz(
        "documents",
        "add",
        str(source),
        "--published",
        "15.01.2023",
        "--url",
        "https://kz.example.org/a",
    )
    assert code == 0
    doc_id = out.strip().splitlines()[-1]
    assert doc_id == "kz-example-org-2023-01-15"
    meta = yaml.safe_load(
        (project / "data/raw/documents" / f"{doc_id}.md.meta.yaml").read_text(encoding="utf-8")
    )
    assert (meta["language"], meta["title"]) == ("ru", "Товарооборот вырос на 20%.")
    assert meta["date_published"] == "2023-01-15"


@pytest.mark.parametrize(
    ("content", "args", "fragment"),
    [
        (b"", (), "document is empty"),
        (b"title: T\npublished: 2023\n\n   \n", (), "document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ("--published", "2023"), "binary"),
        (b"caf\xe9 trade\n", ("--published", "2023"), "not UTF-8"),
        (b"Text.\n", (), "no publication date"),
        (b"Text.\n", ("--published", "last spring"), "publication date cannot be read"),
        (b"published: 2023-13\n\nText.\n", (), "publication date cannot be read"),
        (b"language: english\npublished: 2023\n\nText.\n", (), "two-letter"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    project, tradeviz, tmp_path, content, args, fragment
):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    code, out, err = tradeviz("documents", "add", str(source), *args)
    assert code == 2
    assert fragment in err and str(source) in err
    assert err.count("\n") == 1
    assert files_of(project) == []


def test_a_duplicate_text_is_refused_and_names_the_first(project, tradeviz, tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert tradeviz("documents", "add", str(source))[0] == 0
    before = files_of(project)
    copy = tmp_path / "again.txt"
    copy.write_bytes(source.read_bytes())
    code, _, err = tradeviz("documents", "add", str(copy), "--outlet", "Other")
    assert code == 2 and "already added" in err and "example-wire-kz-2023-02" in err
    assert files_of(project) == before


def test_two_articles_of_one_outlet_and_day_get_distinct_ids(project, tradeviz, tmp_path):
    ids = []
    for number in (1, 2):
        source = tmp_path / f"a{number}.txt"
        source.write_text(f"Article {number}.\n", encoding="utf-8")
        code, out, _ = tradeviz(
            "documents", "add", str(source), "--published", "2024", "--outlet", "Wire"
        )
        assert code == 0
        ids.append(out.strip().splitlines()[-1])
    assert ids == ["wire-2024", "wire-2024-2"]
