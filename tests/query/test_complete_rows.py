"""The rows of a selection less its incomplete totals, taken once (real figures)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradeviz import schema
from tradeviz.query.completeness import complete_rows, total_coverage
from tradeviz.query.rows import mask


def test_complete_rows_leave_out_the_totals_short_of_the_national_table(figures):
    positions = np.flatnonzero(
        mask(figures, reporter=("KAZ", "CHN", "UZB"), measure="trade_value", unit="USD")
    )
    kept, reasons = complete_rows(figures, positions)
    chosen = figures.iloc[positions]
    coverage = total_coverage(chosen, figures)  # each total against its national figure
    short = coverage.loc[coverage["incomplete"].astype(bool), schema.FIGURE_ID]
    assert len(short)  # the real tables hold incomplete totals
    expected = chosen[~chosen[schema.FIGURE_ID].isin(short)]
    pd.testing.assert_frame_equal(kept, expected)
    skipped = chosen[chosen[schema.FIGURE_ID].isin(short)]
    assert len(reasons) == len(skipped)
    for reason, (_, row) in zip(reasons, skipped.iterrows(), strict=True):
        assert reason.startswith(f"{row[schema.SOURCE]} {row[schema.REPORTER]} {row[schema.FLOW]}")
        assert "never used as a total" in reason


def test_complete_rows_of_no_position_are_none(figures):
    kept, reasons = complete_rows(figures, np.array([], dtype=np.intp))
    assert kept.empty and reasons == []
    assert list(kept.columns) == list(figures.columns)
