"""Verdicts and integrity rows as text for a terminal, as JSON objects and as CSV."""

from __future__ import annotations

import io
import json
import math
import shutil
import textwrap
from typing import TYPE_CHECKING, Any

from tradeviz.checks import vocab
from tradeviz.text.numbers import format_difference, format_period, format_quantity
from tradeviz.vocabulary import FAIL, PASS, QUALIFIER_SYMBOLS, STATUSES, VERDICTS, WARN

if TYPE_CHECKING:
    import pandas as pd

#: Terminal width used when none can be detected.
DEFAULT_WIDTH = 100
#: Width of the claim-id column of the table.
CLAIM_COLUMN_WIDTH = 36
#: How a drafted claim's verdict is marked: checked, but not yet reviewed by a curator.
DRAFT_MARK = " [draft: not yet reviewed]"
#: Fields of a JSON verdict object, in order (the issue's fields first, then extras).
JSON_FIELDS = (
    "claim_id",
    "document",
    "excerpt",
    "stated_value",
    "unit",
    "verdict",
    "detail",
    "references",
    "deviation",
    "tolerance",
    "explanation",
    "measure",
    "period_start",
    "period_end",
    "scale",
    "stated_quantity",
    "qualifier",
    "stated_perspective",
    "reference",
    "deviation_rel",
    "tolerance_low",
    "tolerance_high",
    "supporting_perspectives",
    "contradicting_perspectives",
    "hints",
    "severity",
    "revised_value",
    "revised_vintage",
    "claim_status",
    "claim_kind",
)


def verdict_objects(verdicts: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the verdicts as JSON-ready objects (:data:`JSON_FIELDS`; NaN and ±inf → null)."""
    objects = []
    for row in verdicts.to_dict("records"):
        obj: dict[str, Any] = {}
        for name in JSON_FIELDS:
            if name == "reference":
                obj[name] = {
                    "value": _number(row["reference_value"]),
                    "unit": row["reference_unit"],
                    "value_text": row["reference_value_text"],
                    "source": row["reference_source"],
                    "perspective": row["reference_perspective"],
                    "tier": row["reference_tier"],
                    "figure_id": row["reference_figure_id"],
                    "period": row["reference_period"],
                    "vintage": row["reference_vintage"],
                    "release": row["reference_release"],
                }
            elif name in ("references", "hints"):
                obj[name] = json.loads(row[name] or "[]")
            elif name in ("supporting_perspectives", "contradicting_perspectives"):
                obj[name] = [p for p in str(row[name] or "").split(";") if p]
            elif name in ("period_start", "period_end"):
                obj[name] = _date(row[name])
            elif name in (
                "deviation",
                "deviation_rel",
                "tolerance_low",
                "tolerance_high",
                "scale",
                "stated_quantity",
                "revised_value",
            ):
                obj[name] = _number(row[name])
            else:
                obj[name] = row[name]
        objects.append(obj)
    return objects


def integrity_objects(integrity: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the integrity rows as JSON-ready objects (NaN → null, dates as text)."""
    from tradeviz.query.rows import records

    dates: dict[Any, str | None] = {}  # a report has few distinct periods and many rows
    objects = []
    for row in records(integrity):
        obj = {}
        for name in vocab.INTEGRITY_COLUMNS:
            value = row[name]
            if name in ("period_start", "period_end"):
                if value not in dates:
                    dates[value] = _date(value)
                value = dates[value]
            elif name in ("value", "expected", "difference", "tolerance"):
                value = _number(value)
            obj[name] = value
        objects.append(obj)
    return objects


def to_json(objects: Any) -> str:
    """Return indented JSON (UTF-8 text kept as is)."""
    return json.dumps(objects, ensure_ascii=False, indent=2, allow_nan=False)


def to_csv(frame: pd.DataFrame) -> str:
    """Return a table as CSV text (dates as YYYY-MM-DD)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, date_format="%Y-%m-%d")
    return buffer.getvalue()


def verdict_table(
    verdicts: pd.DataFrame, *, explain: bool = False, width: int | None = None
) -> str:
    """Return the verdicts as text for a terminal, with a summary line per document.

    Each claim takes two lines: its id with the verdict and detail, then what was stated, the
    primary reference (value, source, side, period) and the deviation; ``explain`` adds the
    explanation under it.
    """
    width = width or shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    wrap_width = max(width - 4, 40)
    lines = []
    for document, group in verdicts.groupby("document", sort=False):
        lines.append(f"{document}: {len(group)} claims")
        lines.append("")
        for row in group.to_dict("records"):
            lines.append(
                f"{row['claim_id']:<{CLAIM_COLUMN_WIDTH}} {row['verdict']} ({row['detail']})"
                + (f", {row['severity']} error" if row.get("severity") else "")
                + (DRAFT_MARK if row.get("claim_status") == vocab.DRAFT else "")
            )
            lines.extend(
                textwrap.wrap(
                    _comparison(row),
                    width=wrap_width,
                    initial_indent="    ",
                    subsequent_indent="      ",
                )
            )
            if explain:
                for sentence in str(row["explanation"]).splitlines():
                    lines.extend(
                        textwrap.wrap(
                            sentence,
                            width=wrap_width,
                            initial_indent="    | ",
                            subsequent_indent="    |   ",
                        )
                    )
                lines.append("")
        counts = group["verdict"].value_counts()
        lines.append("")
        lines.append("summary: " + ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _comparison(row: dict[str, Any]) -> str:
    text = f"stated {_stated(row)}"
    if row["reference_source"]:
        value = row["reference_value"]
        shown = ""
        if row["reference_value_text"]:
            shown = f"{row['reference_value_text']} "
        elif row["reference_unit"] and not _nan(value):
            shown = format_quantity(value, row["reference_unit"]) + " "
        side = (
            "no side named"
            if row["reference_perspective"] == "unattributed"
            else f"{row['reference_perspective']} side"
        )
        text += (
            f"; reference {shown}({row['reference_source']}, {side}, "
            f"{row['reference_tier']}, {row['reference_period']})"
        )
    else:
        text += "; no reference"
    if not _nan(row["deviation"]) and row["unit"] not in ("", "date"):
        text += "; deviation " + format_difference(row["deviation"], row["unit"])
    return text


def _stated(row: dict[str, Any]) -> str:
    prefix = QUALIFIER_SYMBOLS.get(row["qualifier"], "")
    if row["unit"] == "date" or not row["unit"]:
        return prefix + str(row["stated_value"] or "(qualitative)")
    return prefix + format_quantity(row["stated_quantity"], row["unit"])


def integrity_summary(
    integrity: pd.DataFrame, *, width: int | None = None, show_all: bool = False
) -> str:
    """Return the integrity report: counts per check and status, then every warn and fail row."""
    width = width or shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    lines = ["integrity checks (pass / warn / fail):"]
    for check, group in integrity.groupby("check", sort=True):
        counts = group["status"].value_counts()
        lines.append(
            f"  {check:<26} {counts.get(PASS, 0):>5} / {counts.get(WARN, 0):>3} / "
            f"{counts.get(FAIL, 0):>3}"
        )
    shown = integrity if show_all else integrity[integrity["status"] != PASS]
    if not shown.empty:
        lines.append("")
        lines.append("findings:" if not show_all else "all checks:")
        for row in shown.to_dict("records"):
            lines.extend(
                textwrap.wrap(
                    f"[{row['status']}] {row['check_id']}: {row['message']}",
                    width=max(width - 2, 40),
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
    counts = integrity["status"].value_counts()
    lines.append("")
    lines.append(
        "summary: " + ", ".join(f"{counts.get(status, 0)} {status}" for status in STATUSES)
    )
    return "\n".join(lines) + "\n"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _nan(value: Any) -> bool:
    return _number(value) is None


def _date(value: Any) -> str | None:
    text = format_period(value, value) if value is not None else ""
    return None if text in ("", "undated") else text
