"""The enforced contract of the ``figures`` table (pandera), checked on every build.

:func:`figures_schema` states it: column dtypes, vocabularies, ISO 3166 alpha-3 codes or
aggregate codes, and row rules (no negative money, shares within 0–100, ``value_usd`` =
``value × scale`` for USD, partner consistent with its kind, a period that does not end before
it starts, a value or a ``value_text``), and unique identity keys (``FIGURE_KEY``).
:func:`validate_figures` runs it and turns the first failure into a one-line
:class:`~tradeviz.errors.InputError` naming the source file, the row (the figure's locator),
the field, what was expected and what was found.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

#: Relative tolerance of ``value_usd == value * scale`` (floating-point products).
VALUE_USD_REL_TOL = 1e-9
SHARE_MIN, SHARE_MAX = 0.0, 100.0
#: Measures in percent that are not shares (growth may be negative or above 100).
PERCENT_NOT_SHARE = frozenset({"growth_yoy", "growth_index"})
#: Flows and measures whose money value may be negative (a balance, a net flow).
SIGNED_FLOWS = frozenset({"balance"})
SIGNED_MEASURES = frozenset({"fdi_net_inflow", "fdi_stock"})
USD = "USD"
#: Units that are money (never negative unless the flow or measure is signed).
MONEY_UNITS = frozenset({"USD", "EUR"})
PERCENT = "percent"

#: Row rule → (field it is about, what a valid row looks like).
ROW_RULES: dict[str, tuple[str, str]] = {
    "no_negative_money": (s.VALUE, "a money value >= 0 (except balances and net flows)"),
    "share_within_0_100": (s.VALUE, f"a share between {SHARE_MIN:g} and {SHARE_MAX:g} percent"),
    "value_usd_is_value_times_scale": (s.VALUE_USD, "value × scale for USD figures, else empty"),
    "value_or_value_text": (s.VALUE, "a number, or a value_text for non-numeric values"),
    "partner_matches_kind": (
        s.PARTNER,
        "an ISO3 code for a country, an aggregate code for an aggregate, WLD for the world, "
        "empty for none",
    ),
    "period_end_not_before_start": (s.PERIOD_END, "a date on or after period_start"),
}


def _text(isin: tuple[str, ...] | frozenset[str] | None = None, **kwargs: Any) -> pa.Column:
    import pandera.pandas as pa

    checks = [pa.Check.isin(sorted(isin))] if isin is not None else []
    return pa.Column("str", checks=checks, nullable=False, **kwargs)


@functools.cache
def figures_schema() -> pa.DataFrameSchema:
    """Return the pandera schema of the ``figures`` table.

    Returns
    -------
    pandera.pandas.DataFrameSchema
        Columns in :data:`tradeviz.schema.FIGURE_COLUMNS` order (strict, ordered), row checks
        (:data:`ROW_RULES`) and ``unique=FIGURE_KEY``.
    """
    import pandera.pandas as pa

    from tradeviz.countries import iso3_codes

    iso3 = iso3_codes()
    aggregates = frozenset(s.AGGREGATE_CODES)
    non_empty = pa.Check.str_length(min_value=1)
    columns = {
        s.FIGURE_ID: pa.Column("str", checks=non_empty, unique=True),
        s.REPORTER: _text(iso3),
        s.PARTNER: _text(iso3 | aggregates | {""}),
        s.PARTNER_KIND: _text(s.PARTNER_KINDS),
        s.FLOW: _text(s.FLOWS),
        s.MEASURE: _text(s.MEASURES),
        s.FREQ: _text(s.FREQS),
        s.PERIOD_START: pa.Column("datetime64[ns]", nullable=True),
        s.PERIOD_END: pa.Column("datetime64[ns]", nullable=True),
        s.PERIOD_LABEL: _text(),
        s.CLASSIFICATION: _text(s.CLASSIFICATIONS),
        s.PRODUCT_CODE: pa.Column("str", checks=non_empty),
        s.PRODUCT_LABEL: _text(),
        s.VALUE: pa.Column("float64", nullable=True),
        s.VALUE_TEXT: _text(),
        s.UNIT: _text(s.UNITS),
        s.SCALE: pa.Column("float64", checks=pa.Check.gt(0)),
        s.VALUE_USD: pa.Column("float64", nullable=True),
        s.QUALIFIER: _text(s.QUALIFIERS),
        s.PERSPECTIVE: _text(iso3 | {s.UNATTRIBUTED}),
        s.SOURCE: _text(s.SOURCES),
        s.SOURCE_ORG: _text(),
        s.SOURCE_TIER: _text(s.SOURCE_TIERS),
        s.SOURCE_FILE: pa.Column("str", checks=non_empty),
        s.SOURCE_URL: _text(),
        s.VINTAGE: _text(),
        s.RELEASE: _text(s.RELEASES),
        s.LOCATOR: pa.Column("str", checks=non_empty),
        s.EXCERPT: _text(),
        s.SPEAKER: _text(),
        s.RECORD_ID: _text(),
        s.NOTE: _text(),
    }
    checks = [pa.Check(_RULE_FUNCTIONS[name], name=name) for name in ROW_RULES]
    return pa.DataFrameSchema(
        columns,
        checks=checks,
        strict=True,
        ordered=True,
        unique=list(s.FIGURE_KEY),
        report_duplicates="all",
        name="figures",
    )


def _no_negative_money(df: pd.DataFrame) -> pd.Series:
    money = (
        df[s.UNIT].isin(MONEY_UNITS)
        & ~df[s.FLOW].isin(SIGNED_FLOWS)
        & ~df[s.MEASURE].isin(SIGNED_MEASURES)
    )
    return ~money | df[s.VALUE].isna() | (df[s.VALUE] >= 0)


def _share_within_0_100(df: pd.DataFrame) -> pd.Series:
    share = (df[s.UNIT] == PERCENT) & ~df[s.MEASURE].isin(PERCENT_NOT_SHARE)
    within = df[s.VALUE].between(SHARE_MIN, SHARE_MAX)
    return ~share | df[s.VALUE].isna() | within


def _value_usd_is_value_times_scale(df: pd.DataFrame) -> pd.Series:
    import numpy as np

    usd = df[s.UNIT] == USD
    expected = df[s.VALUE] * df[s.SCALE]
    close = np.isclose(df[s.VALUE_USD], expected, rtol=VALUE_USD_REL_TOL, atol=0.0, equal_nan=True)
    return (usd & close) | (~usd & df[s.VALUE_USD].isna())


def _value_or_value_text(df: pd.DataFrame) -> pd.Series:
    import numpy as np

    finite = np.isfinite(df[s.VALUE].to_numpy(dtype="float64"))
    return df[s.VALUE].isna() & (df[s.VALUE_TEXT] != "") | finite


def _partner_matches_kind(df: pd.DataFrame) -> pd.Series:
    from tradeviz.countries import iso3_codes

    partner, kind = df[s.PARTNER], df[s.PARTNER_KIND]
    aggregates = [code for code in s.AGGREGATE_CODES if code != s.WORLD]
    return (
        ((kind == "country") & partner.isin(iso3_codes()))
        | ((kind == "aggregate") & partner.isin(aggregates))
        | ((kind == "world") & (partner == s.WORLD))
        | ((kind == "none") & (partner == ""))
    )


def _period_end_not_before_start(df: pd.DataFrame) -> pd.Series:
    start, end = df[s.PERIOD_START], df[s.PERIOD_END]
    return start.isna() | end.isna() | (end >= start)


_RULE_FUNCTIONS = {
    "no_negative_money": _no_negative_money,
    "share_within_0_100": _share_within_0_100,
    "value_usd_is_value_times_scale": _value_usd_is_value_times_scale,
    "value_or_value_text": _value_or_value_text,
    "partner_matches_kind": _partner_matches_kind,
    "period_end_not_before_start": _period_end_not_before_start,
}


@functools.cache
def prepare_contract() -> None:
    """Load pandera and the schema ahead of :func:`validate_figures`, once per process.

    Checking an empty table loads every part that a check uses; a build does it while its
    workers read the raw files. What it loads stays loaded, so a later build in the same
    process (a notebook, a test session) skips it.
    """
    from tradeviz.ingest.tidy import empty_frame

    validate_figures(empty_frame())


def validate_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Check ``figures`` against the contract and return it unchanged.

    Parameters
    ----------
    figures : pandas.DataFrame
        A tidy figures table (from :func:`tradeviz.build.build` or an adapter).

    Returns
    -------
    pandas.DataFrame
        The same frame.

    Raises
    ------
    InputError
        At the first failure: names the source file, the figure's locator, the field, what was
        expected and what was found.
    """
    import pandas as pd
    import pandera.pandas as pa

    missing = [c for c in s.FIGURE_COLUMNS if c not in figures.columns]
    if missing:
        raise InputError(
            "figures table lacks a column",
            field=missing[0],
            expected="the columns of tradeviz.schema.FIGURE_COLUMNS",
            found=", ".join(map(str, figures.columns)),
        )
    frame = figures.reset_index(drop=True)
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if categorical:  # large adapters keep text as categoricals; the contract is about values
        frame = frame.astype({c: "str" for c in categorical})
    try:
        figures_schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        raise _first_failure(frame, errors) from None
    return figures


def _where(frame: pd.DataFrame, index: Any) -> tuple[str | None, str | None]:
    try:
        row = frame.loc[int(index)]
    except (KeyError, TypeError, ValueError):
        return None, None
    return str(row[s.SOURCE_FILE]) or None, str(row[s.LOCATOR]) or None


def _first_failure(frame: pd.DataFrame, errors: Any) -> InputError:
    import pandas as pd

    cases = errors.failure_cases
    duplicates = frame[frame.duplicated(subset=list(s.FIGURE_KEY), keep=False)]
    if not duplicates.empty:
        key = duplicates.iloc[0][list(s.FIGURE_KEY)]
        same = duplicates[_nat_equal(duplicates, key)]
        first, second = same.iloc[0], same.iloc[1]
        return InputError(
            f"duplicate figure key (same as {first[s.SOURCE_FILE]}, {first[s.LOCATOR]})",
            file=second[s.SOURCE_FILE],
            row=second[s.LOCATOR],
            field="FIGURE_KEY",
            expected="one row per " + ", ".join(s.FIGURE_KEY),
            found=second[s.FIGURE_ID],
        )
    case = cases.iloc[0]
    column = case.get("column")
    check = str(case.get("check"))
    index = case.get("index")
    found = case.get("failure_case")
    file, row = _where(frame, index) if index is not None and not pd.isna(index) else (None, None)
    if check in ROW_RULES:
        field, expected = ROW_RULES[check]
        if row is not None:
            found = frame.loc[int(index), field]
        return InputError(
            f"contract rule {check} failed",
            file=file,
            row=row,
            field=field,
            expected=expected,
            found=_plain(found),
        )
    if column in s.FIGURE_COLUMNS and column is not None:
        return InputError(
            f"contract check {check} failed",
            file=file,
            row=row,
            field=str(column),
            expected=_describe(check),
            found=_plain(found),
        )
    return InputError(f"figures table breaks the contract: {check}", found=_plain(found))


def _nat_equal(frame: pd.DataFrame, key: pd.Series) -> pd.Series:
    """Rows whose key equals ``key`` when missing dates count as equal."""
    import pandas as pd

    equal = pd.Series(True, index=frame.index)
    for column in s.FIGURE_KEY:
        value = key[column]
        if pd.isna(value):
            equal &= frame[column].isna()
        else:
            equal &= frame[column] == value
    return equal


def _describe(check: str) -> str:
    if check.startswith("isin"):
        return "a value of the tradeviz.schema vocabulary"
    return check


def _plain(value: Any) -> Any:
    """Return numpy scalars as Python values so the message reads naturally."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value
