"""Names for codes: countries, aggregates, sources, perspectives; and small words of prose.

One table of country names serves every output. Two outputs really differ, and ``style`` says
which is wanted:

``"label"``     chart titles, axes and tables: ``United States``, ``World (stated total)``;
``"sentence"``  running text, with the article a name takes there: ``the United States``,
                ``the world``, ``an unattributed source``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from tradeviz.schema import AGGREGATE_CODES, UNATTRIBUTED, WORLD

LABEL = "label"
SENTENCE = "sentence"

#: Short names where ISO 3166's name is long or unusual for readers.
COUNTRY_NAMES: dict[str, str] = {
    "ARE": "United Arab Emirates",
    "BOL": "Bolivia",
    "CZE": "Czechia",
    "GBR": "United Kingdom",
    "HKG": "Hong Kong",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MAC": "Macao",
    "MDA": "Moldova",
    "NLD": "Netherlands",
    "PHL": "Philippines",
    "PRK": "North Korea",
    "RUS": "Russia",
    "SYR": "Syria",
    "TUR": "Türkiye",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
}
#: Countries whose name takes "the" in running text.
NAMES_WITH_ARTICLE = frozenset({"ARE", "GBR", "NLD", "PHL", "USA"})
#: How running text names codes that are not countries.
SENTENCE_NAMES = {WORLD: "the world", UNATTRIBUTED: "an unattributed source"}

#: Sources as charts label them.
SOURCE_LABELS: dict[str, str] = {
    "bns_annual": "BNS annual tables",
    "bns_monthly": "BNS monthly totals",
    "comtrade": "UN Comtrade",
    "wits": "UN Comtrade via WITS",
    "eri": "ERI (BNS figures)",
    "kgnsc": "Kyrgyz NSC",
    "rus_fts": "Russian customs",
    "uzstat": "Uzstat",
    "wiiw": "wiiw",
    "statements": "as quoted",
}
#: Producers (the ``source_org`` column) as sentences name them.
PRODUCER_LABELS: dict[str, str] = {
    "KZ_BNS": "BNS",
    "BNS": "BNS",
    "WITS": "WITS/UN Comtrade",
    "UN_COMTRADE": "UN Comtrade",
    "GACC": "GACC",
}
#: The statistical agency behind each side's records.
PERSPECTIVE_AGENCIES = {"KAZ": "BNS", "CHN": "GACC"}


@functools.lru_cache(maxsize=1024)
def country_name(code: str, *, style: str = LABEL) -> str:
    """Return the name readers expect for an ISO3 or aggregate code (the code itself if unknown).

    Parameters
    ----------
    code : str
        ISO 3166 alpha-3 code, a code of :data:`tradeviz.schema.AGGREGATE_CODES` or
        :data:`tradeviz.schema.UNATTRIBUTED`.
    style : {"label", "sentence"}
        See the module docstring.

    Examples
    --------
    >>> country_name("RUS"), country_name("USA"), country_name("WLD")
    ('Russia', 'United States', 'World (stated total)')
    >>> country_name("USA", style="sentence"), country_name("WLD", style="sentence")
    ('the United States', 'the world')
    """
    code = str(code)
    if style == SENTENCE and code in SENTENCE_NAMES:
        return SENTENCE_NAMES[code]
    if code in COUNTRY_NAMES:
        name = COUNTRY_NAMES[code]
    elif code in AGGREGATE_CODES:
        return AGGREGATE_CODES[code]
    else:
        import pycountry

        country = pycountry.countries.get(alpha_3=code.upper())
        if country is None:
            return code
        name = getattr(country, "common_name", None) or country.name
    return f"the {name}" if style == SENTENCE and code in NAMES_WITH_ARTICLE else name


def possessive(name: str) -> str:
    """Return the English possessive of a name.

    Examples
    --------
    >>> possessive("Kazakhstan"), possessive("the United States")
    ("Kazakhstan's", "the United States'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def capitalise(text: str) -> str:
    """Upper-case the first character only (``"the world"`` → ``"The world"``)."""
    return text[:1].upper() + text[1:]


def source_label(source: str) -> str:
    """Return how a chart labels a source (``"bns_annual"`` → ``"BNS annual tables"``)."""
    return SOURCE_LABELS.get(source, source)


def producer_label(source_org: str | None) -> str:
    """Return the readable label of a producer code (``"KZ_BNS"`` → ``"BNS"``)."""
    if not source_org:
        return ""
    return PRODUCER_LABELS.get(str(source_org), str(source_org))


def perspective_label(perspective: str) -> str:
    """Return whose statistics, e.g. ``"Kazakhstan (BNS)"`` or ``"unattributed"``."""
    if perspective == UNATTRIBUTED:
        return "unattributed"
    agency = PERSPECTIVE_AGENCIES.get(perspective)
    name = country_name(perspective)
    return f"{name} ({agency})" if agency else name


def join_words(items: Iterable[str]) -> str:
    """Join words as prose: ``"a"``, ``"a and b"``, ``"a, b and c"``.

    Examples
    --------
    >>> join_words(["KAZ", "CHN", "RUS"])
    'KAZ, CHN and RUS'
    """
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def count_phrase(count: int, singular: str, plural: str | None = None) -> str:
    """Write a count with its noun: ``"1 claim"``, ``"3 claims"``.

    Examples
    --------
    >>> count_phrase(1, "claim"), count_phrase(3, "claim"), count_phrase(0, "entry", "entries")
    ('1 claim', '3 claims', '0 entries')
    """
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count} {noun}"


def ordinal(number: int) -> str:
    """Write ``1`` as ``"1st"``, ``2`` as ``"2nd"``, ``11`` as ``"11th"``.

    Examples
    --------
    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']
    """
    if 10 <= number % 100 <= 20:  # the teens all take "th"
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def shorten(text: str, limit: int) -> str:
    """Return ``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
