"""Tables of a .docx read piece by piece are the tables python-docx reads from the whole file."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.table import _Cell

from tradeviz.errors import InputError
from tradeviz.ingest.docx_tables import DOCUMENT_PART, docx_tables
from tradeviz.ingest.eri import _wanted

from .conftest import RAW_DIR


def every_row(first_row: list[str]) -> bool:
    return True


def python_docx_tables(path) -> list[list[list[str]]]:
    """Every table of the document in document order (nested ones after their holder)."""
    body = docx.Document(str(path)).element.body
    return [
        [[_Cell(tc, None).text for tc in tr.tc_lst] for tr in tbl.tr_lst]
        for tbl in body.iter(docx.oxml.ns.qn("w:tbl"))
    ]


def rewrite_document(path, change) -> None:
    """Apply ``change`` to the bytes of the document part of the .docx at ``path``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            archive.writestr(info, change(data) if info.filename == DOCUMENT_PART else data)


@pytest.fixture(scope="module")
def bulletins():
    """Every bulletin's tables as python-docx reads them (the oracle, read once), by file."""
    return {path: python_docx_tables(path) for path in sorted((RAW_DIR / "eri").glob("*.docx"))}


# The real bulletins against python-docx's reading of the whole file (about 3 s of parsing) run
# in the slow tier; the synthetic documents below pin the same comparison in the fast subset.
@pytest.mark.slow
def test_every_table_of_the_bulletins_reads_as_python_docx_reads_it(bulletins):
    assert bulletins
    for path, whole in bulletins.items():
        assert docx_tables(path, every_row) == whole


@pytest.mark.slow
def test_tables_not_wanted_give_their_first_row(bulletins):
    for path, whole in bulletins.items():
        tables = docx_tables(path, _wanted)
        assert any(_wanted(rows[0]) for rows in whole)
        assert tables == [rows if _wanted(rows[0]) else rows[:1] for rows in whole]


def nested_document(path) -> None:
    document = docx.Document()
    document.add_paragraph("Бюллетень")
    outer = document.add_table(rows=3, cols=2)
    outer.cell(0, 1).text = "в млн $"
    outer.cell(1, 0).text = "Экспорт"
    inner = outer.cell(2, 1).add_table(rows=2, cols=2)
    inner.cell(0, 1).text = "в млн $"
    inner.cell(1, 0).text = "Китай\tКНР"
    plain = document.add_table(rows=2, cols=2)
    plain.cell(0, 0).text = "Товар"
    plain.cell(1, 1).text = "12,5"
    document.save(path)


def test_nested_tables_follow_their_holder(tmp_path):
    path = tmp_path / "nested.docx"
    nested_document(path)
    tables = docx_tables(path, every_row)
    assert tables == python_docx_tables(path)
    assert [rows[0][1] for rows in tables] == ["в млн $", "в млн $", ""]
    assert tables[1][1] == ["Китай\tКНР", ""]


def test_a_comment_in_the_xml_reads_the_same(tmp_path):
    path = tmp_path / "commented.docx"
    nested_document(path)
    rewrite_document(path, lambda xml: xml.replace(b"<w:body>", b"<w:body><!-- <w:tbl> -->", 1))
    assert docx_tables(path, every_row) == python_docx_tables(path)


def test_tables_under_another_prefix_read_the_same(tmp_path):
    path = tmp_path / "prefixed.docx"
    nested_document(path)
    main = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def prefix(xml: bytes) -> bytes:
        xml = xml.replace(main, main + b" " + main.replace(b"xmlns:w=", b"xmlns:x="), 1)
        return xml.replace(b"<w:tbl>", b"<x:tbl>").replace(b"</w:tbl>", b"</x:tbl>")

    rewrite_document(path, prefix)
    tables = docx_tables(path, every_row)
    assert len(tables) == 3
    assert tables == python_docx_tables(path)


def test_only_wanted_tables_are_read_whole(tmp_path):
    path = tmp_path / "nested.docx"
    nested_document(path)
    tables = docx_tables(path, lambda first: first[0] == "Товар")
    assert tables == [[["", "в млн $"]], [["", "в млн $"]], [["Товар", ""], ["", "12,5"]]]


def test_a_truncated_document_is_one_error(tmp_path):
    path = tmp_path / "broken.docx"
    nested_document(path)
    rewrite_document(path, lambda xml: xml[: xml.index(b"</w:tbl>") + 3])
    with pytest.raises(InputError) as caught:
        docx_tables(path, every_row)
    assert caught.value.message == "document cannot be read (truncated or not a .docx)"
    assert "\n" not in str(caught.value)
