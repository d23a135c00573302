"""The grammar of trade claims: sentences, printed numbers, and what surrounds them.

Deterministic and small: a number is a claim when it has a unit the suite checks (money,
percent, tonnes) or is a worded multiple or fraction ("doubled", «вдвое», "a quarter"); a
sentence without such a number is a claim when it compares partners ("overtook"), ranks one
("largest partner") or calls a value a record. The words around the number give the measure,
the flow, the hedge, the countries, the perspective and the kind (:mod:`tradeviz.drafting.lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradeviz.drafting import lexicon

_SCALE = "|".join(lexicon.SCALES)
_COUNT_WORDS = "|".join(pattern for pattern, _ in lexicon.COUNTS)
_COUNT_TABLE = lexicon.compile_table(lexicon.COUNTS)
_INVESTMENT = re.compile(lexicon.INVESTMENT_WORDS, re.IGNORECASE)
_EUROPE_BOUND = re.compile(lexicon.EUROPE_BOUND, re.IGNORECASE)
#: "up 64%", "down by 3%": growth, said just before the number.
_UP_OR_DOWN = re.compile(r"\b(?:up|down)(?: by)?\s*$", re.IGNORECASE)
#: A printed number with its currency, scale, percent sign or tonnes.
NUMBER = re.compile(
    rf"(?P<cur1>{lexicon.CURRENCY})?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    rf"(?:\s?(?P<scale>{_SCALE})(?![a-zа-я]))?"
    rf"(?:\s?(?P<cur2>{lexicon.CURRENCY}))?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b|процент\w*))?"
    r"(?:\s?(?P<tonnes>tonnes|tons|тонн\w*))?"
    rf"(?:(?P<between>(?:\s[A-Za-zА-Яа-яё]+){{0,2}}?)\s(?P<count>{_COUNT_WORDS})\b)?",
    re.IGNORECASE,
)
#: Where a sentence ends: ., ! or ? before white space and a capital or a quote; or a new line.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ«\"“(])|\n+")
#: Where a clause starts inside a sentence.
CLAUSE_BREAK = re.compile(r"[,;:]\s|\(|\s[–—-]\s")

_HEDGES = lexicon.compile_table(lexicon.HEDGES)
_FLOWS = lexicon.compile_alternation(lexicon.FLOWS)
_DENOMINATORS = lexicon.compile_alternation(lexicon.DENOMINATORS)
_PERSPECTIVES = lexicon.compile_alternation(lexicon.PERSPECTIVE_CUES)
_KINDS = lexicon.compile_alternation(lexicon.KINDS)
_RELATIONS = lexicon.compile_alternation(lexicon.RELATIONS)
_RANKS = lexicon.compile_alternation(lexicon.RANKS)
_WORDED = [
    (re.compile(pattern, re.IGNORECASE), value, meaning)
    for pattern, value, meaning in lexicon.WORDED_NUMBERS
]
_COUNTRIES = lexicon.compile_alternation(lexicon.COUNTRY_MENTIONS, ignore_case=False)
_GROWTH = re.compile(lexicon.GROWTH_WORDS, re.IGNORECASE)
_SHARE = re.compile(lexicon.SHARE_WORDS, re.IGNORECASE)
_CHANGE = re.compile(lexicon.CHANGE_WORDS, re.IGNORECASE)
_PARTNER = re.compile(lexicon.PARTNER_WORDS, re.IGNORECASE)
_RECORD = re.compile(lexicon.RECORD_WORDS, re.IGNORECASE)
_TRANSIT = re.compile(r"transit|транзит\w*", re.IGNORECASE)
#: How far before a number a hedge may stand (characters).
HEDGE_REACH = 16
#: How far from a percentage a share word may stand (characters).
SHARE_REACH = 40


@dataclass(frozen=True)
class Span:
    """A piece of the body: its text and where it starts."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """Offset just after the piece."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Quantity:
    """A number as printed, with what the words around it make of it."""

    start: int  # offset in the sentence
    end: int
    value: str  # normalised: decimal point, no separators
    unit: str  # USD, percent, tonnes
    scale: str
    words: str | None = None  # the number as words ("doubled")
    meaning: str = ""  # for words: "growth" or "share"
    counted: str = ""  # the measure of a counted thing ("students"), else ""


def sentences(body: str) -> list[Span]:
    """Split a body into sentences with their offsets (empty pieces dropped)."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(body):
        spans.append(Span(body[start : match.start()], start))
        start = match.end()
    spans.append(Span(body[start:], start))
    out = []
    for span in spans:
        stripped = span.text.strip()
        if stripped:
            out.append(Span(stripped, span.start + span.text.index(stripped)))
    return out


def normalise_number(text: str, language: str) -> str:
    """Return a printed number with a decimal point and no separators ("28,2" → "28.2")."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and language != "ru" and "." not in tail:
            return text.replace(",", "")  # 31,200: thousands
        return text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    return text


def quantities(sentence: str, language: str) -> list[Quantity]:
    """Return the numbers of a sentence that carry a checkable unit, and worded numbers."""
    found = []
    for match in NUMBER.finditer(sentence):
        if not match["num"]:
            continue
        currency = match["cur1"] or match["cur2"]
        unit = (
            "percent"
            if match["pct"]
            else "USD"
            if currency
            else "tonnes"
            if match["tonnes"]
            else ""
        )
        counted = ""
        if not unit and match["count"] and (match["scale"] or not match["between"]):
            counted, unit = next(m for p, m in _COUNT_TABLE if p.fullmatch(match["count"]))
        if not unit:
            continue
        scale = "1"
        if match["scale"]:
            for pattern, value in lexicon.SCALES.items():
                if re.fullmatch(pattern, match["scale"], re.IGNORECASE):
                    scale = value
        value = normalise_number(match["num"], language)
        found.append(Quantity(match.start(), match.end(), value, unit, scale, counted=counted))
    for pattern, value, meaning in _WORDED:
        for match in pattern.finditer(sentence):
            found.append(
                Quantity(match.start(), match.end(), value, "percent", "1", match.group(0), meaning)
            )
    return sorted(found, key=lambda q: q.start)


def _meaning(table, match: re.Match[str]) -> str:
    return table[1][int(match.lastgroup[1:])]


def _first(table, text: str) -> tuple[str, re.Match[str]] | None:
    """Return the meaning and match of the earliest table entry found in ``text``."""
    match = table[0].search(text)
    return (_meaning(table, match), match) if match else None


def _last(table, text: str) -> tuple[str, re.Match[str]] | None:
    """Return the meaning and match of the table entry found last in ``text``."""
    last = None
    for last in table[0].finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return (_meaning(table, last), last) if last else None


def clause_start(sentence: str, position: int) -> int:
    """Return where the clause holding ``position`` starts."""
    start = 0
    for match in CLAUSE_BREAK.finditer(sentence, 0, position):
        start = match.end()
    return start


def hedge(sentence: str, quantity: Quantity) -> str:
    """Return the qualifier of the hedge just before a number ("exact" when none)."""
    before = sentence[max(0, quantity.start - HEDGE_REACH) : quantity.start].lower()
    for pattern, qualifier in _HEDGES:
        for match in pattern.finditer(before):
            if not before[match.end() :].strip(" $"):
                return qualifier
            if re.fullmatch(r"\s*(?:by|at|of|на|to|до)?\s*\$?", before[match.end() :]):
                return qualifier
    return "exact"


def measure_of(sentence: str, quantity: Quantity) -> str:
    """Return the measure a number states, from its unit and the words around it.

    A percentage is growth when a growth word follows it closely ("28.5% increase"), a share
    when a share word stands near it ("a 21.3% share", "share amounted to 18.6%"), growth when
    a growth word comes earlier in the sentence ("rose by 45%"), and a share otherwise.
    """
    if quantity.meaning:
        return "growth_yoy" if quantity.meaning == "growth" else "partner_share"
    if quantity.counted:
        return quantity.counted
    if quantity.unit == "tonnes":
        return "transit_cargo" if _TRANSIT.search(sentence) else "trade_value"
    before = sentence[max(0, quantity.start - SHARE_REACH) : quantity.start]
    if quantity.unit == "USD":
        if _CHANGE.search(before[-20:]):
            return "change_abs"
        return "fdi_cumulative" if _INVESTMENT.search(sentence) else "trade_value"
    after = sentence[quantity.end : quantity.end + SHARE_REACH]
    if _EUROPE_BOUND.search(after):
        return "transit_share_to_europe"
    if _UP_OR_DOWN.search(before):
        return "growth_yoy"
    if _GROWTH.match(after.strip()) or _GROWTH.search(after[:12]):
        return "growth_yoy"
    if _SHARE.search(before) or _SHARE.search(after):
        return "partner_share"
    if _GROWTH.search(sentence[: quantity.start]):
        return "growth_yoy"
    return "partner_share"


def flows_named(sentence: str) -> list[str]:
    """Return the flows a sentence names, in table order (each once)."""
    named = {_meaning(_FLOWS, match) for match in _FLOWS[0].finditer(sentence)}
    return [flow for flow in _FLOWS[1] if flow in named]


def flow_of(sentence: str, position: int) -> str:
    """Return the flow named nearest before ``position`` (turnover when none)."""
    found = _last(_FLOWS, sentence[:position]) or _first(_FLOWS, sentence[position:])
    return found[0] if found else "turnover"


def denominator_of(sentence: str, quantity: Quantity) -> str | None:
    """Return the whole a share is taken of, when the words after the number name one."""
    found = _first(_DENOMINATORS, sentence[quantity.end : quantity.end + 60])
    return found[0] if found else None


def perspective_of(sentence: str) -> tuple[str, str | None]:
    """Return the perspective a sentence names and the words that name it."""
    found = _first(_PERSPECTIVES, sentence)
    if found is None:
        return "unspecified", None
    meaning, match = found
    return ("unspecified" if meaning == "media" else meaning), match.group(0)


def kind_of(sentence: str) -> str:
    """Return fact, target or forecast from the sentence's wording."""
    found = _first(_KINDS, sentence)
    return found[0] if found else "fact"


def countries(text: str) -> list[tuple[int, str]]:
    """Return the countries a text mentions, as (offset, ISO3), in order, each once."""
    seen: dict[str, int] = {}
    for match in _COUNTRIES[0].finditer(text):
        seen.setdefault(_meaning(_COUNTRIES, match), match.start())
    return sorted((offset, code) for code, offset in seen.items())


def relation_of(sentence: str) -> tuple[str, re.Match[str]] | None:
    """Return the comparison a sentence makes between partners, if any."""
    return _first(_RELATIONS, sentence)


def rank_of(sentence: str) -> tuple[str, re.Match[str]] | None:
    """Return the rank a sentence gives a trade partner ("largest partner" → 1), if any."""
    if not _PARTNER.search(sentence):
        return None
    return _first(_RANKS, sentence)


_DIGIT = re.compile(r"\d")
_WORDED_CLAIM = re.compile(
    "|".join(
        [pattern for pattern, _, _ in lexicon.WORDED_NUMBERS]
        + [pattern for pattern, _ in lexicon.RELATIONS]
        + [lexicon.PARTNER_WORDS, lexicon.RECORD_WORDS]
    ),
    re.IGNORECASE,
)


def may_hold_a_claim(sentence: str) -> bool:
    """Tell cheaply whether a sentence can hold a claim: a digit, or words of a worded claim."""
    return _DIGIT.search(sentence) is not None or _WORDED_CLAIM.search(sentence) is not None


def is_record(sentence: str) -> bool:
    """Tell whether a sentence calls a value a record."""
    return _RECORD.search(sentence) is not None
