"""Draft the claims of a document: every checkable claim the grammar finds, ``status: draft``.

Each sentence of the body is read on its own, with what the sentences before it established
(the countries, the period) carried over when it names none; every field read that way, or
assumed, is said in the claim's ``unresolved`` list. The curator reviews the drafts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tradeviz.checks.dates import parse_partial_date
from tradeviz.drafting import grammar, lexicon
from tradeviz.drafting.periods import Period, find_period

#: Measures whose figures may be read from the other side when the text names it.
MIRRORED_MEASURES = frozenset({"trade_value", "growth_yoy", "change_abs"})
#: A rank is not stated by "one of the largest".
_ONE_OF = "one of the"
#: Longest excerpt of a claim without a number (characters); longer sentences are cut.
MAX_WORDED_EXCERPT = 200


def publication_day(published: Any) -> dt.date:
    """Return the day a publication date stands for: the last day of a month or year."""
    return parse_partial_date(str(published))[1]


def draft_claims(body: str, published: Any, language: str = "en") -> list[dict[str, Any]]:
    """Return the draft claims of an article's body, in the claims format (version 2).

    Parameters
    ----------
    body : str
        The article's text after its header block (offsets count in it).
    published : str or datetime.date
        The publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): relative periods are
        resolved against its last day.
    language : str, optional
        ``en`` or ``ru`` (decides "28,2" = 28.2 and "31,200" = 31200).

    Returns
    -------
    list of dict
        One claims-file entry per claim, ``status: draft``, in the order of the text.
    """
    day = published if isinstance(published, dt.date) else publication_day(published)
    state = _Context()
    claims: list[dict[str, Any]] = []
    for sentence in grammar.sentences(body):
        claims.extend(_read_sentence(sentence, day, language, state))
    return _with_ids(claims)


class _Context:
    """What earlier sentences established: the countries and the period last named."""

    def __init__(self) -> None:
        self.reporter: str | None = None
        self.partner: str | None = None
        self.period: Period | None = None


def _read_sentence(
    sentence: grammar.Span, day: dt.date, language: str, state: _Context
) -> list[dict[str, Any]]:
    text = sentence.text
    mentioned = grammar.countries(text)
    if not grammar.may_hold_a_claim(text):
        _remember_countries(mentioned, state)
        return []
    period = find_period(text, day)
    perspective, cue = grammar.perspective_of(text)
    kind = grammar.kind_of(text)
    if period is not None and period.target:
        kind = "target"
    period_reason = ""
    if period is None:
        if state.period is not None:
            period = state.period
            period_reason = "no period in the sentence; carried from an earlier sentence"
        else:
            previous = day.year - 1
            period = Period(
                dt.date(previous, 1, 1),
                dt.date(previous, 12, 31),
                f"no period stated: the last full year before {day.isoformat()}",
            )
            period_reason = "no period in the text before it; the year before publication"
    elif not period.target:
        state.period = period
    base = {
        "perspective": perspective,
        "perspective_cue": cue,
        "kind": kind,
        "period": period,
        "period_reason": period_reason,
    }
    claims = []
    for quantity in grammar.quantities(text, language):
        claims.append(_numeric_claim(sentence, quantity, mentioned, base, state))
    claims.extend(_worded_claims(sentence, mentioned, base, state, bool(claims)))
    _remember_countries(mentioned, state)
    return claims


def _remember_countries(mentioned: list[tuple[int, str]], state: _Context) -> None:
    """Keep the first reporter and partner a sentence names for the sentences after it."""
    reporters = [code for _, code in mentioned if code in lexicon.REPORTER_PRIORITY]
    if reporters:
        state.reporter = reporters[0]
    others = [code for _, code in mentioned if code not in lexicon.REPORTER_PRIORITY]
    if others:
        state.partner = others[0]


def _pair(
    text: str,
    position: int,
    mentioned: list[tuple[int, str]],
    state: _Context,
    *,
    possessive_reports: bool = False,
) -> tuple[str, str, list[str]]:
    """Return reporter, partner and the reasons for what was assumed about them.

    A Central Asian state named in the sentence reports; else the one named before. With
    ``possessive_reports`` (ranks: "Kazakhstan's largest partner") the country in the
    possessive before ``position`` reports.
    """
    reasons = []
    possessive = [
        code
        for offset, code in mentioned
        if possessive_reports
        and text[offset:].split(" ", 1)[0].endswith(("’s", "'s"))
        and offset < position
    ]
    reporters = [code for _, code in mentioned if code in lexicon.REPORTER_PRIORITY]
    if possessive:
        reporter = possessive[-1]
    elif reporters:
        reporter = reporters[0]
    elif state.reporter:
        reporter = state.reporter
        reasons.append("reporter not named in the sentence; carried from an earlier sentence")
    else:
        reporter = "KAZ"
        reasons.append("no reporter named; Kazakhstan assumed")
    candidates = [(offset, code) for offset, code in mentioned if code != reporter]
    before = [code for offset, code in candidates if offset < position]
    if before:
        partner = before[-1]
    elif candidates:
        partner = candidates[0][1]
    elif state.partner and state.partner != reporter:
        partner = state.partner
        reasons.append("partner not named in the sentence; carried from an earlier sentence")
    elif state.reporter and state.reporter != reporter:
        partner = state.reporter
        reasons.append("partner not named in the sentence; carried from an earlier sentence")
    else:
        partner = ""
        reasons.append("no partner named")
    return reporter, partner, reasons


def _numeric_claim(sentence, quantity, mentioned, base, state) -> dict[str, Any]:
    text = sentence.text
    measure = grammar.measure_of(text, quantity)
    transit = measure in ("transit_cargo", "transit_share_to_europe", "transit_containers")
    flow = "transit" if transit else grammar.flow_of(text, quantity.start)
    reporter, partner, reasons = _pair(text, quantity.start, mentioned, state)
    perspective = base["perspective"]
    if perspective == partner and measure in MIRRORED_MEASURES and flow == "turnover":
        reporter, partner = partner, reporter  # bilateral turnover read from the side named
    start = grammar.clause_start(text, quantity.start)
    claim = _claim(sentence, start, quantity.end, measure, reporter, partner, flow, base)
    claim.update(
        value=quantity.value,
        value_words=quantity.words,
        unit=quantity.unit,
        scale=quantity.scale,
        qualifier=grammar.hedge(text, quantity),
        denominator=grammar.denominator_of(text, quantity) if measure == "partner_share" else None,
    )
    claim["unresolved"] = [*claim["unresolved"], *reasons]
    return claim


def _worded_claims(sentence, mentioned, base, state, has_numbers: bool) -> list[dict[str, Any]]:
    """Return the comparison, rank or record a sentence states in words."""
    text = sentence.text
    claims = []
    relation = grammar.relation_of(text)
    if relation is not None and len(mentioned) >= 2:
        meaning, match = relation
        reporter, _, reasons = _pair(text, match.start(), [], state)
        named = [(offset, code) for offset, code in mentioned if code != reporter]
        if any(code in lexicon.REPORTER_PRIORITY for _, code in mentioned):
            reporter = next(c for _, c in mentioned if c in lexicon.REPORTER_PRIORITY)
            named = [(offset, code) for offset, code in mentioned if code != reporter]
            reasons = []
        before = [code for offset, code in named if offset < match.start()]
        after = [code for offset, code in named if offset > match.start()]
        if before and after:
            claim = _claim(
                sentence,
                0,
                match.end() + _word_end(text, match.end()),
                "comparison",
                reporter,
                before[-1],
                "turnover",
                base,
            )
            claim.update(other_partner=after[0], relation=meaning)
            claim["unresolved"] = [*claim["unresolved"], *reasons]
            claims.append(claim)
            return claims
    rank = grammar.rank_of(text)
    if rank is not None and _ONE_OF not in text[max(0, rank[1].start() - 12) : rank[1].start()]:
        value, match = rank
        reporter, partner, reasons = _pair(
            text, match.start(), mentioned, state, possessive_reports=True
        )
        end = match.end() + _word_end(text, match.end(), words=3)
        named = grammar.flows_named(text)
        flows = [f for f in ("exports", "imports") if f in named] if len(named) > 1 else named
        for flow in flows or ["turnover"]:
            start = grammar.clause_start(text, match.start())
            claim = _claim(sentence, start, end, "partner_rank", reporter, partner, flow, base)
            claim.update(value=value, value_words=match.group(0), unit="rank", scale="1")
            claim["unresolved"] = [*claim["unresolved"], *reasons]
            claims.append(claim)
    if grammar.is_record(text) and not has_numbers:
        reporter, partner, reasons = _pair(text, len(text), mentioned, state)
        claim = _claim(sentence, 0, len(text), "record", reporter, partner, "turnover", base)
        claim["unresolved"] = [*claim["unresolved"], *reasons]
        claims.append(claim)
    return claims


def _word_end(text: str, position: int, words: int = 1) -> int:
    """Return how many characters after ``position`` cover the next ``words`` words."""
    rest = text[position:]
    stripped = rest.lstrip()
    length = len(rest) - len(stripped)
    for word in stripped.split(" ")[:words]:
        length += len(word) + 1
    return max(0, min(len(rest), length - 1))


def _claim(sentence, start, end, measure, reporter, partner, flow, base) -> dict[str, Any]:
    text = sentence.text
    end = min(end, start + MAX_WORDED_EXCERPT) if measure in ("record", "comparison") else end
    excerpt = text[start:end].strip().rstrip(",;:(")
    offset = sentence.start + start + (len(text[start:end]) - len(text[start:end].lstrip()))
    period: Period = base["period"]
    unresolved = []
    if base["period_reason"] or period.reason:
        unresolved.append(base["period_reason"] or period.reason)
    if base["perspective"] == "unspecified":
        unresolved.append("no statistics named; perspective unspecified")
    return {
        "id": "",
        "excerpt": excerpt,
        "subject": f"{measure} {reporter}–{partner or 'none'} {flow}, "
        f"{period.start.isoformat()} to {period.end.isoformat()} (drafted)",
        "measure": measure,
        "reporter": reporter,
        "partner": partner,
        "flow": flow,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "period_note": period.note,
        "value": None,
        "value_words": None,
        "unit": None,
        "scale": None,
        "qualifier": "exact",
        "perspective": base["perspective"],
        "perspective_cue": base["perspective_cue"],
        "denominator": None,
        "other_partner": None,
        "relation": None,
        "kind": base["kind"],
        "status": "draft",
        "offsets": [offset, offset + len(excerpt)],
        "unresolved": unresolved,
    }


def _with_ids(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each claim a slug id: measure, partner and period, numbered when repeated."""
    seen: dict[str, int] = {}
    for claim in claims:
        base = "-".join(
            part
            for part in (
                claim["measure"].replace("_", "-"),
                claim["partner"].lower(),
                claim["period_start"][:7],
                claim["period_end"][5:7],
            )
            if part
        )
        seen[base] = seen.get(base, 0) + 1
        claim["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
    return claims
