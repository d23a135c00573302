"""An article's header block: leading ``key: value`` lines, then a blank line, then the body.

Articles copied into ``data/raw/documents/`` may start with a few lines such as::

    title: Kazakhstan-China trade turnover in 2022 exceeded USD 31 billion
    url: https://www.example.net/2023/01/20/turnover/
    published: 2023-01-20
    language: en

followed by one blank line and the text. Only the keys of :data:`HEADER_KEYS` make a header; a
text whose first line is anything else has no header and its body is the whole text. Claims
count their ``offsets`` in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Keys a header line may carry.
HEADER_KEYS = ("title", "url", "published", "language", "outlet", "author")
_HEADER_LINE = re.compile(r"^(?P<key>" + "|".join(HEADER_KEYS) + r"):[ \t]*(?P<value>.*?)[ \t]*$")


@dataclass(frozen=True)
class SplitText:
    """An article split into its header fields and its body.

    Attributes
    ----------
    fields : dict of str to str
        The header's ``key: value`` pairs (empty when the text has no header).
    body : str
        The text after the header and its blank line (the whole text when there is no header).
    body_start : int
        Offset of the body in the whole text.
    """

    fields: dict[str, str] = field(default_factory=dict)
    body: str = ""
    body_start: int = 0


def split_header(text: str) -> SplitText:
    r"""Split ``text`` into its header block and its body.

    Parameters
    ----------
    text : str
        The article as stored.

    Returns
    -------
    SplitText
        The header's fields, the body and where the body starts. A header is one or more lines
        ``key: value`` with a key of :data:`HEADER_KEYS` at the very start of the text, ended by
        a blank line; anything else means no header.

    Examples
    --------
    >>> split_header("title: T\npublished: 2023\n\nBody.").fields
    {'title': 'T', 'published': '2023'}
    >>> split_header("No header here.\n").body
    'No header here.\n'
    """
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        end = text.find("\n", position)
        line_end = len(text) if end < 0 else end
        line = text[position:line_end].rstrip("\r")
        if not line.strip():
            if fields:
                start = min(line_end + 1, len(text))
                return SplitText(fields, text[start:], start)
            break
        match = _HEADER_LINE.match(line)
        if match is None or match["key"] in fields:
            break
        fields[match["key"]] = match["value"]
        position = line_end + 1
    return SplitText({}, text, 0)
