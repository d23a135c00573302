"""Adapter: ``statements.csv``, figures as stated by officials and the press.

One statement row gives up to two figures, both with ``record_id`` = ``statement_id``:

- the value (when ``value`` is filled): measure mapped by :data:`MEASURE_MAP` (``trade_turnover``
  → ``trade_value``/turnover; ``exports_product`` → ``trade_value`` with classification
  ``NAMED`` and the product group from ``note`` "product: …"; other measures as named); an
  ``event_date`` keeps its ISO date in ``value_text``;
- the stated growth (when ``growth_pct`` is filled): measure ``growth_yoy``, unit percent.

Direction and perspective: with a ``reporter`` the row is read from that side and
``perspective`` = reporter; without one it is read from Kazakhstan's side (``reporter="KAZ"``)
and ``perspective="unattributed"``. The tier is :func:`statement_tier`. Periods become a
frequency by :func:`statement_freq`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import UnknownPartnerError, resolve_code
from tradeviz.errors import InputError
from tradeviz.ingest.csvtable import read_table
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import month_end, tidy_frame

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "statements"
#: Reporter assumed for direction when a statement names none (the README's rule).
DEFAULT_DIRECTION_REPORTER = "KAZ"

COLUMNS = (
    "statement_id",
    "topic",
    "measure",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "value",
    "unit",
    "scale",
    "growth_pct",
    "qualifier",
    "speaker",
    "outlet",
    "url",
    "published",
    "language",
    "excerpt",
    "note",
)

#: Statement measure → (figures measure, flow it implies or None, classification).
MEASURE_MAP: dict[str, tuple[str, str | None, str]] = {
    "trade_turnover": ("trade_value", "turnover", s.TOTAL_CODE),
    "exports": ("trade_value", "exports", s.TOTAL_CODE),
    "imports": ("trade_value", "imports", s.TOTAL_CODE),
    "exports_product": ("trade_value", "exports", "NAMED"),
    "imports_product": ("trade_value", "imports", "NAMED"),
}
#: Measures counted over several years (freq ``C`` even when a date is missing).
CUMULATIVE_MEASURES = frozenset({"fdi_cumulative"})
NAMED = "NAMED"
PRODUCT_NOTE = re.compile(r"product:\s*(?P<label>[^.;]+)", re.IGNORECASE)
GROWTH_MEASURE = "growth_yoy"
DATE_UNIT = "date"
PERCENT = "percent"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")

OFFICIAL_STATEMENT = "official_statement"
PRESS = "press"
#: Speaker wording that marks a journalist, author, outlet or unnamed media: never official.
PRESS_SPEAKER_MARKERS = ("(author)", "media (unnamed)", "(as relayed)", "facebook post")
#: Speaker wording that marks an official or an official body (government, ministries,
#: diplomats, statistics and customs agencies, state companies that publish their own counts).
OFFICIAL_SPEAKER_MARKERS = (
    "president of",
    "prime minister",
    "minister",
    "ministry",
    "ambassador",
    "embassy",
    "committee",
    "bureau of national statistics",
    "general administration of customs",
    "temir zholy",
    "sk-pharmacy",
)


def statement_tier(reporter: str, speaker: str) -> str:
    """Return the evidence tier of a statement: ``official_statement`` or ``press``.

    Rule: a statement is an *official statement* when it names a reporter (whose statistics
    the figure is) **and** its speaker is an official or an official body (a marker of
    :data:`OFFICIAL_SPEAKER_MARKERS`, and none of :data:`PRESS_SPEAKER_MARKERS` such as
    "(author)" or "Kazakh media (unnamed)"). Everything else — no reporter, no speaker (the
    outlet's own words), authors, experts, media — is *press*.

    Examples
    --------
    >>> statement_tier("KAZ", "Alikhan Smailov (Prime Minister of Kazakhstan)")
    'official_statement'
    >>> statement_tier("CHN", "Emil Avdaliani (author)")
    'press'
    >>> statement_tier("", "Almas Aidarov (Deputy Foreign Minister of Kazakhstan)")
    'press'
    """
    who = speaker.strip().casefold()
    if not reporter.strip() or not who:
        return PRESS
    if any(marker in who for marker in PRESS_SPEAKER_MARKERS):
        return PRESS
    if any(marker in who for marker in OFFICIAL_SPEAKER_MARKERS):
        return OFFICIAL_STATEMENT
    return PRESS


def statement_freq(measure: str, start: dt.date | None, end: dt.date | None) -> str:
    """Return the frequency code of a statement's period.

    ``C`` for cumulative measures and spans over several calendar years; ``U`` when a date is
    missing; ``S`` for a stock at one date; ``A`` for 1 January–31 December; ``YTD`` for
    1 January to the end of an earlier month; ``M`` for one calendar month; ``P`` otherwise.

    Examples
    --------
    >>> import datetime as dt
    >>> statement_freq("trade_turnover", dt.date(2021, 1, 1), dt.date(2021, 4, 30))
    'YTD'
    >>> statement_freq("population", dt.date(2021, 1, 1), dt.date(2021, 1, 1))
    'S'
    """
    if measure in CUMULATIVE_MEASURES:
        return "C"
    if start is None or end is None:
        return "U"
    if start == end:
        return "S"
    if start.year != end.year:
        return "C"
    if start.day == 1 and end == month_end(end.year, end.month):
        if start.month == 1 and end.month == 12:
            return "A"
        if start.month == 1:
            return "YTD"
        if start.month == end.month:
            return "M"
    return "P"


def period_label(freq: str, start: dt.date | None, end: dt.date | None) -> str:
    """Return a compact label of a statement's period (``2020``, ``2021-01..04``, …)."""
    if start is None and end is None:
        return "period not stated"
    if start is None or end is None:
        return f"{start or '?'}..{end or '?'}"
    if freq == "A":
        return f"{start.year}"
    if freq == "YTD":
        return f"{start:%Y-%m}..{end:%m}"
    if freq == "M":
        return f"{start:%Y-%m}"
    if freq == "S":
        return start.isoformat()
    return f"{start.isoformat()}..{end.isoformat()}"


def _date(origin: Origin, row: int, field: str, text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            "not an ISO date",
            file=origin.path,
            row=row,
            field=field,
            expected="YYYY-MM-DD",
            found=text,
        ) from None


def _vocab(origin: Origin, row: int, field: str, text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise InputError(
            f"unknown {field}",
            file=origin.path,
            row=row,
            field=field,
            expected="one of " + ", ".join(allowed),
            found=text,
        )
    return text


def _country(origin: Origin, row: int, field: str, text: str) -> Any:
    try:
        return resolve_code(text)
    except UnknownPartnerError:
        raise InputError(
            "unknown country code",
            file=origin.path,
            row=row,
            field=field,
            expected="an ISO3 code, WLD or empty",
            found=text,
        ) from None


def read(origin: Origin) -> pd.DataFrame:
    """Read ``statements.csv`` into tidy figures (value rows and ``growth_yoy`` rows).

    Raises
    ------
    InputError
        For a malformed CSV, a duplicate or empty ``statement_id``, an unknown measure, flow,
        unit, qualifier or country code, a bad date, a non-numeric value, a missing scale, or a
        row with neither a value nor a growth.
    """
    import pandas as pd

    table = read_table(origin.path, COLUMNS, numeric=("growth_pct",))
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row, line in table.iterrows():
        statement_id = line["statement_id"].strip()
        if not statement_id:
            raise InputError(
                "statement has no id",
                file=origin.path,
                row=row,
                field="statement_id",
                expected="a slug",
                found="",
            )
        if statement_id in seen:
            raise InputError(
                f"duplicate statement_id (first at row {seen[statement_id]})",
                file=origin.path,
                row=row,
                field="statement_id",
                expected="a unique id",
                found=statement_id,
            )
        seen[statement_id] = row
        measure_in = line["measure"].strip()
        if measure_in in MEASURE_MAP:
            measure, implied_flow, classification = MEASURE_MAP[measure_in]
        else:
            measure = _vocab(origin, row, "measure", measure_in, s.MEASURES + tuple(MEASURE_MAP))
            implied_flow, classification = None, s.TOTAL_CODE
        flow = _vocab(origin, row, "flow", line["flow"].strip(), s.FLOWS)
        if implied_flow is not None and flow != implied_flow:
            raise InputError(
                f"flow contradicts measure {measure_in}",
                file=origin.path,
                row=row,
                field="flow",
                expected=implied_flow,
                found=flow,
            )
        unit = _vocab(origin, row, "unit", line["unit"].strip(), s.UNITS)
        qualifier = _vocab(
            origin, row, "qualifier", line["qualifier"].strip() or "exact", s.QUALIFIERS
        )
        reporter_in = line["reporter"].strip()
        if reporter_in:
            reporter = _country(origin, row, "reporter", reporter_in).code
            perspective = reporter
        else:
            reporter, perspective = DEFAULT_DIRECTION_REPORTER, s.UNATTRIBUTED
        partner_in = line["partner"].strip()
        if partner_in:
            partner = _country(origin, row, "partner", partner_in)
            partner_code, kind = partner.code, partner.kind
        else:
            partner_code, kind = "", "none"
        start = _date(origin, row, "period_start", line["period_start"])
        end = _date(origin, row, "period_end", line["period_end"])
        if start and end and end < start:
            raise InputError(
                "period ends before it starts",
                file=origin.path,
                row=row,
                field="period_end",
                expected=f"a date on or after {start}",
                found=str(end),
            )
        freq = statement_freq(measure_in, start, end)
        product_label = ""
        if classification == NAMED:
            match = PRODUCT_NOTE.search(line["note"])
            if not match:
                raise InputError(
                    "product statement does not name its product group",
                    file=origin.path,
                    row=row,
                    field="note",
                    expected="'product: <group>'",
                    found=line["note"][:60],
                )
            product_label = match["label"].strip()
        speaker = line["speaker"].strip()
        published = _date(origin, row, "published", line["published"])
        base = {
            s.REPORTER: reporter,
            s.PARTNER: partner_code,
            s.PARTNER_KIND: kind,
            s.FLOW: flow,
            s.FREQ: freq,
            s.PERIOD_START: start,
            s.PERIOD_END: end,
            s.PERIOD_LABEL: period_label(freq, start, end),
            s.CLASSIFICATION: classification,
            s.PRODUCT_CODE: product_label.upper().replace(" ", "_")
            if product_label
            else s.TOTAL_CODE,
            s.PRODUCT_LABEL: product_label,
            s.PERSPECTIVE: perspective,
            s.SOURCE: SOURCE,
            s.SOURCE_ORG: line["outlet"].strip(),
            s.SOURCE_TIER: statement_tier(reporter_in, speaker),
            s.SOURCE_FILE: origin.source_file,
            s.SOURCE_URL: line["url"].strip(),
            s.VINTAGE: published.isoformat() if published else "",
            s.LOCATOR: f"row {row}, statement {statement_id}",
            s.EXCERPT: line["excerpt"],
            s.SPEAKER: speaker,
            s.RECORD_ID: statement_id,
            s.NOTE: line["note"].strip(),
        }
        value_text = line["value"].strip()
        growth = line["growth_pct"]
        if not value_text and pd.isna(growth):
            raise InputError(
                "statement has neither a value nor a growth",
                file=origin.path,
                row=row,
                field="value",
                expected="a value or a growth_pct",
                found="",
            )
        if value_text:
            records.append(
                _value_record(origin, row, line, base, measure, unit, qualifier, value_text)
            )
        if not pd.isna(growth):
            records.append(
                {
                    **base,
                    s.MEASURE: GROWTH_MEASURE,
                    s.VALUE: float(growth),
                    s.UNIT: PERCENT,
                    s.SCALE: 1.0,
                    # The qualifier words the value; it applies to the growth only when the
                    # statement states nothing else.
                    s.QUALIFIER: qualifier if not value_text else "exact",
                    s.LOCATOR: f"row {row}, statement {statement_id}, growth_pct",
                }
            )
    return tidy_frame(records)


def _value_record(
    origin: Origin,
    row: int,
    line: Any,
    base: dict[str, Any],
    measure: str,
    unit: str,
    qualifier: str,
    value_text: str,
) -> dict[str, Any]:
    from tradeviz.ingest.csvtable import NUMBER_EXPECTED

    record = {**base, s.MEASURE: measure, s.UNIT: unit, s.QUALIFIER: qualifier}
    if unit == DATE_UNIT:
        if not _PARTIAL_DATE.match(value_text):
            raise InputError(
                "not an ISO date",
                file=origin.path,
                row=row,
                field="value",
                expected="YYYY, YYYY-MM or YYYY-MM-DD",
                found=value_text,
            )
        return {**record, s.VALUE: float("nan"), s.VALUE_TEXT: value_text, s.SCALE: 1.0}
    try:
        value = float(value_text)
    except ValueError:
        message = (
            "decimal comma in a number" if re.match(r"^-?\d+,\d+$", value_text) else "not a number"
        )
        raise InputError(
            message,
            file=origin.path,
            row=row,
            field="value",
            expected=NUMBER_EXPECTED,
            found=value_text,
        ) from None
    scale_text = line["scale"].strip()
    try:
        scale = float(scale_text)
    except ValueError:
        raise InputError(
            "scale missing or not a number",
            file=origin.path,
            row=row,
            field="scale",
            expected="1, 1e3, 1e6, 1e8 or 1e9",
            found=scale_text,
        ) from None
    return {**record, s.VALUE: value, s.SCALE: scale}
