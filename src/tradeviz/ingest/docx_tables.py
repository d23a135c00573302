"""The cell texts of the tables of a Word document (.docx), parsing only the tables needed.

A bulletin's ``word/document.xml`` can be large (19 MB for ERI's: a hundred tables of products
and charts' notes, nearly all of its bytes), and parsing it whole is most of the time its reading
takes. A reader usually needs a few of its tables, and can tell which from their first row. So
:func:`docx_tables` cuts the XML into its tables, at their tags, and parses (with python-docx's
own XML classes, so each cell reads as python-docx reads it) the first row of each table, then
the whole of each table whose first row the caller wants.

This is exact when a table holds no other table and the XML has no comments or character
data sections (where a tag could be written as text). Otherwise, when a piece does not parse on
its own (a namespace declared below the root), or when no table is found this way, the whole
document is parsed instead; the result is the same.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tradeviz.errors import InputError

DOCUMENT_PART = "word/document.xml"
#: The root element that every cut table is put back into (its tag carries the namespaces).
_ROOT = re.compile(rb"<w:document\b[^>]*>")
_ROOT_END = b"</w:document>"
#: A table's start and end tags (``w:tblPr``, ``w:tblGrid``… are other elements), and the
#: starts of a comment and of character data, where a tag may stand for text.
_TOKEN = re.compile(rb"<w:tbl(?=[\s>/])|</w:tbl>|<!--|<!\[CDATA\[")
_TABLE_START, _TABLE_END = b"<w:tbl>", b"</w:tbl>"
_ROW_END = b"</w:tr>"
#: What python-docx reads as a paragraph's text: its runs' (and its hyperlinks' runs') text,
#: tabs, breaks and hyphens, in document order (each element's ``str`` is its text).
_RUN_CONTENT = (
    "*[self::w:br or self::w:cr or self::w:noBreakHyphen or self::w:ptab or self::w:t"
    " or self::w:tab]"
)
_PARAGRAPH_CONTENT = f"w:r/{_RUN_CONTENT} | w:hyperlink/w:r/{_RUN_CONTENT}"

#: Cell texts of a table's rows, one list per row.
Rows = list[list[str]]


def docx_tables(path: Path, wanted: Callable[[list[str]], bool]) -> list[Rows]:
    """Return the tables of a .docx in document order: whole if wanted, else their first row.

    Parameters
    ----------
    path : pathlib.Path
        The document.
    wanted : callable
        Given the cell texts of a table's first row, whether the whole table is needed.

    Returns
    -------
    list of list of list of str
        For each table (nested tables follow the table that holds them), its rows' cell texts
        (every row when ``wanted``, else the first row alone; no row for an empty table).

    Raises
    ------
    InputError
        For a file that is not a readable .docx, or whose document is not well-formed XML.
    """
    xml = _document_xml(path)
    try:
        return _tables_cut(xml, wanted)
    except _CannotCut:
        return [_rows_of(table, wanted) for table in _parse(path, xml).iter(_tag("w:tbl"))]


class _CannotCut(Exception):
    """The XML cannot be cut into tables safely: it is parsed whole."""


def _document_xml(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(DOCUMENT_PART)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: Exception) -> InputError:
    return InputError(
        "document cannot be read (truncated or not a .docx)",
        file=path,
        expected="a Word document (.docx)",
        found=str(error).splitlines()[0] if str(error) else type(error).__name__,
    )


def _parse(path: Path, xml: bytes) -> Any:
    from docx.oxml import parse_xml
    from lxml.etree import XMLSyntaxError

    try:
        return parse_xml(xml)
    except (XMLSyntaxError, ValueError) as error:
        raise _unreadable(path, error) from None


def _tag(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(name)


def _rows_of(table: Any, wanted: Callable[[list[str]], bool]) -> Rows:
    """Return the cell texts of a ``w:tbl`` element's rows (the first only, if not wanted)."""
    rows = table.tr_lst
    if not rows:
        return []
    first = [_cell_text(tc) for tc in rows[0].tc_lst]
    if not wanted(first):
        return [first]
    return [first] + [[_cell_text(tc) for tc in row.tc_lst] for row in rows[1:]]


def _cell_text(tc: Any) -> str:
    """Return a ``w:tc`` element's text as python-docx's ``_Cell.text`` reads it.

    Its paragraphs' texts, one line each; one compiled XPath per paragraph instead of one
    XPath compiled per run.
    """
    content = _paragraph_content()
    return "\n".join("".join(map(str, content(p))) for p in tc.p_lst)


@functools.cache
def _paragraph_content() -> Any:
    from docx.oxml.ns import nsmap
    from lxml.etree import XPath

    return XPath(_PARAGRAPH_CONTENT, namespaces={"w": nsmap["w"]})


def _tables_cut(xml: bytes, wanted: Callable[[list[str]], bool]) -> list[Rows]:
    root = _ROOT.search(xml)
    if root is None:
        raise _CannotCut
    tables: list[Rows] = []
    for start, end, count in _table_spans(xml):
        if count > 1:  # tables within a table: parse the outer one whole
            element = _parse_piece(root.group(), xml[start:end])
            tables.extend(_rows_of(table, wanted) for table in element.iter(_tag("w:tbl")))
            continue
        row_end = xml.find(_ROW_END, start, end)
        if row_end < 0:  # no rows
            piece = xml[start:end]
        else:  # the table's properties and first row, closed
            piece = xml[start : row_end + len(_ROW_END)] + _TABLE_END
        first = _rows_of(_parse_piece(root.group(), piece), lambda _: False)
        if first and wanted(first[0]) and row_end >= 0:
            tables.append(_rows_of(_parse_piece(root.group(), xml[start:end]), wanted))
        else:
            tables.append(first)
    if not tables:  # none under the ``w`` prefix: another prefix may name the same namespace
        raise _CannotCut
    return tables


def _table_spans(xml: bytes) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, number of tables) of each outermost table of the XML."""
    depth = start = count = 0
    for match in _TOKEN.finditer(xml):
        token = match.group()
        if token == _TABLE_END:
            depth -= 1
            if depth < 0:
                raise _CannotCut
            if depth == 0:
                yield start, match.end(), count
        elif token.startswith(b"<!"):
            raise _CannotCut
        else:
            if xml[match.start() : match.start() + len(_TABLE_START)] != _TABLE_START:
                raise _CannotCut  # attributes or an empty element: parse whole
            if depth == 0:
                start, count = match.start(), 0
            depth += 1
            count += 1
    if depth != 0:
        raise _CannotCut


def _parse_piece(root: bytes, piece: bytes) -> Any:
    """Parse one table cut from the document, inside the document's root tag."""
    from docx.oxml import parse_xml
    from lxml.etree import XMLSyntaxError

    try:
        document = parse_xml(root + piece + _ROOT_END)
    except (XMLSyntaxError, ValueError):
        raise _CannotCut from None
    table = document[0] if len(document) else None
    if table is None or table.tag != _tag("w:tbl"):
        raise _CannotCut
    return table
