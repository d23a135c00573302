"""A partner's share from a part and its whole stated by the same table for the same period.

Where a table gives a partner's trade and the reporter's total (the world row) but no share, the
share is the part over the whole, both from **one source, one vintage and one perspective**,
for the same period: ``100 · partner ÷ world``. The part's flow and the whole's flow may differ
(a partner's exports over the reporter's turnover), so that a share can be read as worded.

Each result is a row shaped like a figure of the ``figures`` table, measure ``partner_share``,
unit ``percent``, ``record_id`` :data:`FROM_PARTS`; ``locator`` names both cells and ``note``
gives the arithmetic.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tradeviz import schema
from tradeviz.query.memo import per_table
from tradeviz.query.rows import period_of, records, same_table, where
from tradeviz.vocabulary import PARTNER_SHARE, TRADE_VALUE, UNIT_PERCENT

#: ``record_id`` of a share computed from a part and its whole.
FROM_PARTS = "share-from-parts"
#: The partner code of a reporter's total trade.
WORLD = "WLD"
#: Percent per unit.
PERCENT = 100.0

__all__ = ["FROM_PARTS", "WORLD", "share_figures"]


@per_table
def share_figures(
    figures: pd.DataFrame,
    reporter: str,
    partner: str,
    flow: str,
    whole_flow: str,
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Return the partner's share of the reporter's ``whole_flow`` that each table implies.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        Whose trade, and the partner whose part is taken.
    flow : str
        The flow of the part (the partner's exports, imports or turnover).
    whole_flow : str
        The flow of the whole (the reporter's total exports, imports or turnover).
    start, end : datetime.date
        The period; part and whole must both cover exactly it.

    Returns
    -------
    pandas.DataFrame
        Figure-shaped rows (:data:`tradeviz.schema.FIGURE_COLUMNS`), one per table that states
        both the part and the whole; the row carries the part's flow, source and vintage.
    """
    # The figures of the part's and the whole's flows whose period lies in the period's days (at
    # any time of day; a few more are read and left below).
    window = None if start is None or end is None else (start, end + dt.timedelta(days=1))
    rows = where(
        figures,
        measure=TRADE_VALUE,
        reporter=reporter,
        classification=schema.TOTAL_CODE,
        partner=(partner, WORLD),
        flow=(flow, whole_flow),
        within=window,
    )
    # Read as dicts once and sorted out here: a boolean filter of the frame would take each of
    # its columns again for every filter.
    rows = [row for row in records(rows) if period_of(row) == (start, end)]
    parts = [row for row in rows if row[schema.PARTNER] == partner and row[schema.FLOW] == flow]
    wholes = [
        row for row in rows if row[schema.PARTNER] == WORLD and row[schema.FLOW] == whole_flow
    ]
    found = []
    for part in parts:
        for whole in wholes:
            if not same_table(part, whole):
                continue
            total = float(whole[schema.VALUE]) * float(whole[schema.SCALE])
            if not total > 0:
                continue
            share = PERCENT * float(part[schema.VALUE]) * float(part[schema.SCALE]) / total
            found.append(
                {
                    **part,
                    schema.FIGURE_ID: f"{part[schema.FIGURE_ID]}:of:{whole[schema.FIGURE_ID]}",
                    schema.MEASURE: PARTNER_SHARE,
                    schema.VALUE: share,
                    schema.VALUE_TEXT: f"{share:.4g}",
                    schema.SCALE: 1.0,
                    schema.UNIT: UNIT_PERCENT,
                    schema.VALUE_USD: float("nan"),
                    schema.RECORD_ID: FROM_PARTS,
                    schema.LOCATOR: f"{part[schema.LOCATOR]} of {whole[schema.LOCATOR]}",
                    schema.NOTE: (
                        f"computed from the table's parts: {partner} {flow} {part[schema.VALUE]:g}"
                        f" ÷ {WORLD} {whole_flow} {whole[schema.VALUE]:g} × 100 = {share:.2f} %"
                    ),
                }
            )
    return pd.DataFrame.from_records(found, columns=list(schema.FIGURE_COLUMNS))
