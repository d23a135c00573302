"""A verdict read as a row of the claims chart: its label, its values in its unit, its scale.

Each checked claim is drawn on its own scale in its own unit: from zero to the first round
number above its values (percent, US$, persons…), ranks on a scale of places from the 1st, dates
written out. This module turns a verdict of ``tradeviz check`` into that row; it draws nothing.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from tradeviz.schema import UNATTRIBUTED
from tradeviz.text import count_phrase, country_name, ordinal, possessive
from tradeviz.text.numbers import CHART, format_percent, format_quantity
from tradeviz.vocabulary import UNIT_DATE, UNIT_PERCENT, UNIT_RANK

#: A claim's text is cut at this many characters.
MAX_LABEL = 66
#: How a row is drawn: on its own scale, on a scale of places, or written out.
KIND_SCALE, KIND_RANK, KIND_TEXT = "scale", "rank", "text"
#: A row's scale ends at the first round number (these × a power of ten) above its values,
#: with this much room beyond the largest value.
ROUND_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
SCALE_ROOM = 1.1


def number(value) -> float:
    """Return a value as a float, NaN when it is not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def read_references(row: pd.Series) -> list[dict[str, object]]:
    """Return the references a verdict weighed (its ``references`` JSON list).

    Each has a numeric ``value`` (NaN for a date) and its ``text`` (a date as the source gives
    it). Only when the verdicts carry no ``references`` column is the primary
    ``reference_value`` used. Near misses (``hints``: other periods, units, the claim's own
    origin) are not drawn.
    """
    raw = row.get("references")
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        raw = [
            {
                "value": row.get("reference_value"),
                "value_text": row.get("reference_value_text", ""),
                "perspective": row.get("reference_perspective", ""),
                "source": row.get("reference_source", ""),
                "figure_id": row.get("reference_figure_id", ""),
            }
        ]
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except ValueError:
            raw = []
    found: list[dict[str, object]] = []
    for item in raw if isinstance(raw, (list, tuple)) else []:
        if not isinstance(item, dict):
            continue
        value = number(
            item.get("quantity") if item.get("quantity") is not None else item.get("value")
        )
        text = item.get("value_text")
        text = text.strip() if isinstance(text, str) else ""
        if math.isnan(value) and not text:
            continue
        found.append(
            {
                "value": value,
                "text": text,
                "perspective": str(item.get("perspective", "") or ""),
                "source": str(item.get("source", "") or ""),
                "figure_id": str(item.get("figure_id", "") or ""),
            }
        )
    return found


def label(row: pd.Series, subjects: dict[str, str] | None = None) -> str:
    """Return a claim's readable label: its subject, else its excerpt, else its id (shortened)."""
    claim_id = str(row.get("claim_id", ""))
    excerpt = row.get("excerpt")
    text = (subjects or {}).get(claim_id) or (
        str(excerpt) if isinstance(excerpt, str) and excerpt.strip() else claim_id
    )
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def row_kind(unit: str) -> str:
    """Return how a claim of this unit is drawn (:data:`KIND_SCALE`, ``RANK`` or ``TEXT``)."""
    return {UNIT_RANK: KIND_RANK, UNIT_DATE: KIND_TEXT}.get(unit, KIND_SCALE)


def value_text(value: float, unit: str) -> str:
    """Return a value in its claim's unit as the chart writes it (``19.8 %``, ``12 %``, ``2nd``).

    Whole percentages are written without decimals, as claims print them.
    """
    if unit == UNIT_RANK:
        return ordinal(int(round(value)))
    if unit == UNIT_PERCENT:
        return format_percent(value, 0 if float(value).is_integer() else 1, style=CHART)
    return format_quantity(value, unit, style=CHART)


def round_ceiling(value: float) -> float:
    """Return the first round number (1, 2, 2.5 or 5 × a power of ten) at or above ``value``."""
    if not value > 0 or math.isinf(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in ROUND_STEPS if step * power >= value * (1 - 1e-12))


def scale(kind: str, values: list[float]) -> tuple[float, float]:
    """Return a row's scale: 0 to a round number above its values; ranks 1st to one past."""
    finite = [v for v in values if not math.isnan(v) and not math.isinf(v)]
    if kind == KIND_RANK:
        return 1.0, float(max([*finite, 1.0]) + 1)
    if kind == KIND_TEXT or not finite:
        return math.nan, math.nan
    return 0.0, round_ceiling(max(finite) * SCALE_ROOM)


def official_text(references: list[dict[str, object]], unit: str) -> str:
    """Return the official figures in words: each distinct value once, with whose figure."""
    parts = []
    for reference in references:
        said = (
            reference["text"]
            if math.isnan(reference["value"])
            else value_text(reference["value"], unit)
        )
        who = reference["perspective"]
        if who and who != UNATTRIBUTED:
            said += f" ({possessive(country_name(who))} figure)"
        parts.append(said)
    return "; ".join(dict.fromkeys(parts))


def official_label(values: list[float], unit: str) -> str:
    """Return the official figures as a row's label writes them (``official 19.8 % and 19.2 %``).

    Each distinct value once; beyond two, the first and how many others (the chart's table
    gives them all).
    """
    shown = list(dict.fromkeys(value_text(value, unit) for value in values))
    if len(shown) <= 2:
        return "official " + " and ".join(shown)
    return f"official {shown[0]} and {count_phrase(len(shown) - 1, 'other')}"


def stated_text(row: dict, stated: float, unit: str) -> str:
    """Return the value stated, in its unit; a date as printed."""
    if math.isnan(stated):
        text = row.get("stated_value")
        return str(text) if isinstance(text, str) and text.strip() else "not stated"
    return value_text(stated, unit)


def claim_row(row: dict, label: str) -> dict[str, object]:
    """Return a verdict as the chart and its table show it: stated, official, unit, tolerance."""
    unit = str(row.get("unit", "") or "")
    stated = number(row.get("stated_quantity", row.get("stated_value")))
    references = read_references(pd.Series(row))
    official = [r["value"] for r in references if not math.isnan(r["value"])]
    low, high = number(row.get("tolerance_low")), number(row.get("tolerance_high"))
    kind = row_kind(unit)
    scale_low, scale_high = scale(
        kind, [stated, *official] if kind == KIND_RANK else [stated, *official, low, high]
    )
    return {
        "claim_id": str(row.get("claim_id", "")),
        "claim": label,
        "kind": kind,
        "unit": unit,
        "stated": stated,
        "stated_text": stated_text(row, stated, unit),
        "official": official[0] if official else math.nan,
        "official_values": official,
        "official_text": official_text(references, unit) or "not found",
        "tolerance_low": low,
        "tolerance_high": high,
        "scale_low": scale_low,
        "scale_high": scale_high,
        "verdict": str(row.get("verdict", "")),
        "detail": str(row.get("detail", "")),
        "references": references,
    }
