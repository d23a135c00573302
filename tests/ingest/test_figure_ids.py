"""Figure ids: readable, built from the identity columns, equal exactly when the keys are equal."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tradeviz import schema as s
from tradeviz.ingest.tidy import figure_ids, tidy_frame

BASE = {
    s.SOURCE: "bns_annual",
    s.REPORTER: "KAZ",
    s.PARTNER: "CHN",
    s.PARTNER_KIND: "country",
    s.FLOW: "exports",
    s.MEASURE: "trade_value",
    s.FREQ: "A",
    s.PERIOD_START: dt.date(2020, 1, 1),
    s.PERIOD_END: dt.date(2020, 12, 31),
    s.VALUE: 1.0,
    s.UNIT: "USD",
    s.PERSPECTIVE: "KAZ",
    s.VINTAGE: "2021-07-28",
}


def test_ids_read_as_documented() -> None:
    frame = tidy_frame(
        [
            BASE,
            {**BASE, s.PARTNER: "", s.PARTNER_KIND: "none"},
            {**BASE, s.PERIOD_START: None, s.RECORD_ID: "r7"},
        ]
    )
    assert frame[s.FIGURE_ID].tolist() == [
        "bns_annual:KAZ-CHN:exports:trade_value:A:20200101-20201231:TOTAL/TOTAL:KAZ:2021-07-28",
        "bns_annual:KAZ-_:exports:trade_value:A:20200101-20201231:TOTAL/TOTAL:KAZ:2021-07-28",
        "bns_annual:KAZ-CHN:exports:trade_value:A:NA-20201231:TOTAL/TOTAL:KAZ:2021-07-28:r7",
    ]


def test_equal_keys_equal_ids_and_only_then() -> None:
    frame = tidy_frame(
        [BASE, {**BASE, s.VALUE: 2.0, s.LOCATOR: "row 9"}, {**BASE, s.FLOW: "imports"}]
    )
    ids = frame[s.FIGURE_ID]
    assert ids[0] == ids[1]
    assert ids[0] != ids[2]


def test_missing_identity_text_leaves_the_id_missing() -> None:
    frame = tidy_frame([BASE, {**BASE, s.FLOW: "imports"}])
    frame[s.PARTNER] = pd.Categorical(["CHN", np.nan])
    ids = figure_ids(frame)
    assert ids.isna().tolist() == [False, True]
