"""Sentences of interpretation generated from numbers, for notebooks and reports.

Every function here returns **plain text**: it never builds HTML and escapes nothing. Whoever
renders a sentence escapes it for its medium (:func:`tradeviz.notebook.say` does so for
notebooks). Numbers are written in the ``sentence`` style of :mod:`tradeviz.text.numbers`
(``USD 14.0 bn``, ``19.8 %``) and names in the ``sentence`` style of
:mod:`tradeviz.text.names` (``the United States``).

The sentences say whose statistics a number is, and never fill a gap with an estimate: when a
number is missing the sentence says that no source gives it (see :func:`unverifiable_sentence`).

Examples
--------
>>> share_sentence(reporter="KAZ", partner="CHN", flow="exports", year=2020, share_pct=19.83,
...                perspective="KAZ", source_label="BNS", vintage="2021-07-28",
...                previous_year=2019, previous_share_pct=13.79)
"China took 19.8 % of Kazakhstan's exports in 2020 by Kazakhstan's statistics (BNS, 2021-07-28 vintage), up from 13.8 % in 2019."
"""  # noqa: E501

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from tradeviz.schema import UNATTRIBUTED
from tradeviz.text.names import (
    SENTENCE,
    capitalise,
    count_phrase,
    country_name,
    join_words,
    ordinal,
    possessive,
)
from tradeviz.text.numbers import DEFAULT_DECIMALS, format_money, format_percent, round_half_away
from tradeviz.vocabulary import QUALIFIER_WORDS

PERCENT_DECIMALS = DEFAULT_DECIMALS
#: A vintage that is a release date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), named in sentences.
RELEASE_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")

#: How a partner relates to a reporter's flow, by flow.
_SHARE_VERBS = {
    "exports": "took",
    "imports": "supplied",
    "turnover": "accounted for",
}
_FLOW_NOUNS = {
    "exports": "exports",
    "imports": "imports",
    "turnover": "trade turnover",
    "balance": "trade balance",
}
_RANK_ROLES = {
    "exports": "export market",
    "imports": "source of imports",
    "turnover": "trading partner",
}


def sentence_name(code: str) -> str:
    """Return a code's name as running text writes it (``"the United States"``)."""
    return country_name(code, style=SENTENCE)


def signed_percent(value: float, decimals: int = PERCENT_DECIMALS) -> str:
    """Write a change with its sign: ``"+16.0 %"``, ``"-22.4 %"``, ``"0.0 %"``.

    Examples
    --------
    >>> signed_percent(16), signed_percent(-22.4), signed_percent(0.01)
    ('+16.0 %', '-22.4 %', '0.0 %')
    """
    return format_percent(value, decimals, signed=True)


def perspective_phrase(
    perspective: str, source_label: str | None = None, vintage: str | None = None
) -> str:
    """Say whose statistics a number is, with the source and vintage in brackets.

    Parameters
    ----------
    perspective : str
        ISO3 of the reporting side, or :data:`tradeviz.schema.UNATTRIBUTED`.
    source_label : str, optional
        Producer or dataset as readers know it (``"BNS"``).
    vintage : str, optional
        Release date or version of the table (``"2021-07-28"``).

    Examples
    --------
    >>> perspective_phrase("KAZ", "BNS", "2021-07-28")
    "by Kazakhstan's statistics (BNS, 2021-07-28 vintage)"
    >>> perspective_phrase("KAZ", "UN Comtrade", "git-5008b541")
    "by Kazakhstan's statistics (UN Comtrade)"
    >>> perspective_phrase("unattributed")
    'by a source that names no side'

    A vintage that is not a release date (a dataset snapshot id) is left to the report's
    provenance: it means nothing to a reader of the sentence.
    """
    if perspective == UNATTRIBUTED:
        phrase = "by a source that names no side"
    else:
        phrase = f"by {possessive(sentence_name(perspective))} statistics"
    dated = vintage and RELEASE_DATE.fullmatch(str(vintage))
    details = [part for part in (source_label, f"{vintage} vintage" if dated else "") if part]
    return f"{phrase} ({', '.join(details)})" if details else phrase


def change_phrase(
    current: float, previous: float, previous_label: str, decimals: int = PERCENT_DECIMALS
) -> str:
    """Compare two percentages as printed: ``"up from 13.8 % in 2019"``.

    The comparison uses the printed (rounded) values, so a sentence never says "up" between two
    numbers that read the same.

    Examples
    --------
    >>> change_phrase(19.83, 13.79, "2019")
    'up from 13.8 % in 2019'
    >>> change_phrase(19.83, 19.81, "2019")
    'unchanged from 2019'
    """
    now, before = round_half_away(current, decimals), round_half_away(previous, decimals)
    if now == before:
        return f"unchanged from {previous_label}"
    direction = "up" if now > before else "down"
    return f"{direction} from {format_percent(previous, decimals)} in {previous_label}"


def share_sentence(
    *,
    reporter: str,
    partner: str,
    flow: str,
    year: int | str,
    share_pct: float,
    perspective: str,
    source_label: str | None = None,
    vintage: str | None = None,
    previous_year: int | str | None = None,
    previous_share_pct: float | None = None,
    decimals: int = PERCENT_DECIMALS,
) -> str:
    """Say which share of a reporter's flow went to (or came from) a partner.

    Parameters
    ----------
    reporter, partner : str
        ISO3 codes; the share is read from the reporter's side.
    flow : {"exports", "imports", "turnover"}
        The reporter's flow.
    year : int or str
        Period of the share.
    share_pct : float
        The partner's share in percent of the reporter's stated world total.
    perspective : str
        Whose statistics the share comes from (ISO3 or ``"unattributed"``).
    source_label, vintage : str, optional
        Printed in brackets after the perspective.
    previous_year, previous_share_pct : optional
        The share a period earlier; adds "up from …" / "down from …". A missing previous value
        (``None`` or NaN) adds nothing.
    decimals : int, default 1
        Decimals printed.

    Returns
    -------
    str
        One sentence ending with a full stop.
    """
    verb = _SHARE_VERBS.get(flow, "accounted for")
    noun = _FLOW_NOUNS.get(flow, flow)
    text = (
        f"{capitalise(sentence_name(partner))} {verb} {format_percent(share_pct, decimals)} of "
        f"{possessive(sentence_name(reporter))} {noun} in {year} "
        f"{perspective_phrase(perspective, source_label, vintage)}"
    )
    if previous_year is not None and _is_number(previous_share_pct):
        text += ", " + change_phrase(share_pct, previous_share_pct, str(previous_year), decimals)
    return text + "."


def rank_sentence(
    *, reporter: str, partner: str, flow: str, year: int | str, rank: int, n_partners: int
) -> str:
    """Say where a partner ranks among a reporter's partners for a flow.

    Examples
    --------
    >>> rank_sentence(reporter="KAZ", partner="CHN", flow="exports", year=2020, rank=2,
    ...               n_partners=120)
    "China was Kazakhstan's 2nd largest export market in 2020, out of 120 partner countries."
    >>> rank_sentence(reporter="KAZ", partner="RUS", flow="imports", year=2020, rank=1,
    ...               n_partners=150)
    "Russia was Kazakhstan's largest source of imports in 2020, out of 150 partner countries."
    """
    role = _RANK_ROLES.get(flow, "partner")
    place = "largest" if rank == 1 else f"{ordinal(rank)} largest"
    return (
        f"{capitalise(sentence_name(partner))} was {possessive(sentence_name(reporter))} {place} "
        f"{role} in {year}, out of {n_partners} partner countries."
    )


def growth_phrase(growth_pct: float, decimals: int = PERCENT_DECIMALS) -> str:
    """Describe a growth rate: ``"rose 17.6 %"``, ``"fell 22.4 %"``, ``"was unchanged"``.

    Examples
    --------
    >>> growth_phrase(17.56), growth_phrase(-22.4), growth_phrase(0.01)
    ('rose 17.6 %', 'fell 22.4 %', 'was unchanged')
    """
    rounded = round_half_away(growth_pct, decimals)
    if rounded == 0:
        return "was unchanged"
    verb = "rose" if rounded > 0 else "fell"
    return f"{verb} {format_percent(abs(growth_pct), decimals)}"


def level_sentence(
    *,
    reporter: str,
    partner: str,
    flow: str,
    period: str,
    value_usd: float,
    perspective: str,
    source_label: str | None = None,
    vintage: str | None = None,
    growth_pct: float | None = None,
    base_period: str | None = None,
) -> str:
    """Say how large a bilateral flow was in a period, and how it changed.

    Parameters
    ----------
    reporter, partner : str
        ISO3 codes, reporter's side.
    flow : str
        ``"exports"``, ``"imports"``, ``"turnover"`` or ``"balance"``.
    period : str
        As readers write it: ``"2021"``, ``"January–April 2021"``.
    value_usd : float
        The level in US dollars.
    perspective, source_label, vintage : str
        Whose statistics (see :func:`perspective_phrase`).
    growth_pct : float, optional
        Change on ``base_period`` in percent; NaN or ``None`` leaves the change out.
    base_period : str, optional
        What the growth compares with (``"2020"``).

    Examples
    --------
    >>> level_sentence(reporter="KAZ", partner="CHN", flow="turnover", period="2021",
    ...                value_usd=18.0e9, perspective="KAZ", source_label="BNS",
    ...                growth_pct=14.9, base_period="2020")
    "Kazakhstan's trade turnover with China was USD 18.0 bn in 2021 by Kazakhstan's statistics (BNS); it rose 14.9 % on 2020."
    """  # noqa: E501
    noun = _FLOW_NOUNS.get(flow, flow)
    preposition = {"exports": "to", "imports": "from"}.get(flow, "with")
    verb = "were" if noun.endswith("s") else "was"
    text = (
        f"{capitalise(possessive(sentence_name(reporter)))} {noun} {preposition} "
        f"{sentence_name(partner)} {verb} {format_money(value_usd)} in {period} "
        f"{perspective_phrase(perspective, source_label, vintage)}"
    )
    if _is_number(growth_pct) and base_period:
        text += f"; it {growth_phrase(growth_pct)} on {base_period}"
    return text + "."


def flow_phrase(flow: str, partner: str) -> str:
    """Name a flow with its partner: ``"exports to China"``, ``"trade turnover with China"``.

    Examples
    --------
    >>> flow_phrase("imports", "CHN")
    'imports from China'
    """
    noun = _FLOW_NOUNS.get(flow, flow)
    preposition = {"exports": "to", "imports": "from"}.get(flow, "with")
    return f"{noun} {preposition} {sentence_name(partner)}"


def cagr_sentence(
    *,
    reporter: str,
    partner: str,
    flow: str,
    start_year: int,
    end_year: int,
    cagr_pct: float,
    start_usd: float,
    end_usd: float,
    perspective: str,
    source_label: str | None = None,
) -> str:
    """Say how fast a flow grew a year on average between two years (compound rate).

    Examples
    --------
    >>> cagr_sentence(reporter="KAZ", partner="CHN", flow="exports", start_year=1995,
    ...               end_year=2020, cagr_pct=14.83, start_usd=283.9e6, end_usd=9.4e9,
    ...               perspective="KAZ", source_label="WITS/UN Comtrade")
    "Kazakhstan's exports to China grew 14.8 % a year on average from 1995 to 2020, from USD 283.9 m to USD 9.4 bn, by Kazakhstan's statistics (WITS/UN Comtrade)."
    """  # noqa: E501
    verb = "grew" if round_half_away(cagr_pct, PERCENT_DECIMALS) >= 0 else "shrank"
    return (
        f"{capitalise(possessive(sentence_name(reporter)))} {flow_phrase(flow, partner)} {verb} "
        f"{format_percent(abs(cagr_pct))} a year on average from {start_year} to {end_year}, "
        f"from {format_money(start_usd)} to {format_money(end_usd)}, "
        f"{perspective_phrase(perspective, source_label)}."
    )


def mirror_sentence(
    *,
    year: int | str,
    reporter: str,
    partner: str,
    flow: str,
    mirror_flow: str,
    reporter_usd: float,
    partner_usd: float,
    reporter_source: str,
    partner_source: str,
) -> str:
    """Put one flow as each side records it side by side, naming both denominators of the gap.

    Parameters
    ----------
    year : int or str
        The period.
    reporter, partner : str
        ISO3 codes. ``flow`` is the reporter's record, ``mirror_flow`` the partner's record of
        the same goods (the reporter's imports are the partner's exports).
    flow, mirror_flow : str
        ``"exports"``, ``"imports"`` or ``"turnover"``.
    reporter_usd, partner_usd : float
        Each side's figure in US dollars.
    reporter_source, partner_source : str
        How each figure is known (``"BNS"``, ``"as quoted in the press"``).

    Examples
    --------
    >>> mirror_sentence(year=2021, reporter="KAZ", partner="CHN", flow="imports",
    ...                 mirror_flow="exports", reporter_usd=8.23e9, partner_usd=13.98e9,
    ...                 reporter_source="BNS", partner_source="as quoted")
    "In 2021 Kazakhstan recorded imports from China of USD 8.2 bn (BNS) and China recorded exports to Kazakhstan of USD 14.0 bn (as quoted): China's figure is higher by USD 5.8 bn, which is 41.1 % of China's figure or 69.9 % of Kazakhstan's."
    """  # noqa: E501
    text = (
        f"In {year} {sentence_name(reporter)} recorded {flow_phrase(flow, partner)} of "
        f"{format_money(reporter_usd)} ({reporter_source}) and {sentence_name(partner)} recorded "
        f"{flow_phrase(mirror_flow, reporter)} of {format_money(partner_usd)} ({partner_source})"
    )
    if format_money(reporter_usd) == format_money(partner_usd):
        return text + ": the two records agree at this precision."
    high, low = (partner, reporter) if partner_usd > reporter_usd else (reporter, partner)
    high_usd, low_usd = max(partner_usd, reporter_usd), min(partner_usd, reporter_usd)
    gap = high_usd - low_usd
    return (
        f"{text}: {possessive(sentence_name(high))} figure is higher by {format_money(gap)}, "
        f"which is {format_percent(100 * gap / high_usd)} of {possessive(sentence_name(high))} "
        f"figure or {format_percent(100 * gap / low_usd)} of {possessive(sentence_name(low))}."
    )


def quoted_amount(value_usd: float, qualifier: str = "exact") -> str:
    """Write a quoted amount with its hedging word: ``"over USD 27.0 bn"``.

    Examples
    --------
    >>> quoted_amount(27e9, "over"), quoted_amount(1.4e9)
    ('over USD 27.0 bn', 'USD 1.4 bn')
    """
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{format_money(value_usd)}"


def unverifiable_sentence(what: str, *, reason: str | None = None) -> str:
    """Say that no source gives a number, instead of estimating it.

    Examples
    --------
    >>> unverifiable_sentence("Kazakhstan's imports from China for January–April 2021")
    "No source in the data gives Kazakhstan's imports from China for January–April 2021: unverifiable."
    """  # noqa: E501
    text = f"No source in the data gives {what}: unverifiable"
    if reason:
        text += f" ({reason})"
    return text + "."


def tally_sentence(
    subject: str,
    counts: Mapping[str, int],
    *,
    noun: str = "claim",
    labels: Mapping[str, str] | None = None,
    verbs: tuple[str, str] | None = None,
) -> str:
    """Summarise a tally of outcomes: ``"Of 12 claims in X, 5 are exact, 3 mismatch…"``.

    Parameters
    ----------
    subject : str
        What was tallied, e.g. ``"the article of 20 July 2021"``.
    counts : mapping of str to int
        Outcome → number of items, in the order to print; zero counts are left out.
    noun : str, default "claim"
        Singular noun of the items counted.
    labels : mapping of str to str, optional
        Readable wording for each outcome (``{"within_rounding": "match after rounding"}``);
        an outcome without a label is printed with underscores turned into spaces.
    verbs : tuple of (str, str), optional
        Singular and plural verb put between each count and its label (``("is", "are")``).

    Examples
    --------
    >>> tally_sentence("the article", {"exact": 2, "mismatch": 1, "unverifiable": 0})
    'Of 3 claims in the article, 2 exact and 1 mismatch.'
    >>> tally_sentence("it", {"consistent": 1, "unverifiable": 2}, verbs=("is", "are"))
    'Of 3 claims in it, 1 is consistent and 2 are unverifiable.'
    """
    labels = labels or {}
    total = sum(int(n) for n in counts.values())
    if total == 0:
        return f"No {noun}s were found in {subject}."
    parts = [
        f"{int(n)} "
        + (f"{verbs[0] if int(n) == 1 else verbs[1]} " if verbs else "")
        + labels.get(outcome, str(outcome).replace("_", " "))
        for outcome, n in counts.items()
        if int(n) > 0
    ]
    return f"Of {count_phrase(total, noun)} in {subject}, {join_words(parts)}."


def _is_number(value: object) -> bool:
    if value is None or isinstance(value, bool):
        return False
    try:
        return not math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
