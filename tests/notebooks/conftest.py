"""Fixtures of the notebooks area: a tiny synthetic figures table for unit tests.

The synthetic rows exercise the parameter rules (which reporters, partners and years have data);
tests that assert real numbers use the session ``figures`` fixture built from ``data/raw/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tradeviz import schema as s

#: (reporter, partner, partner_kind, flow, year, value in thousand USD) — synthetic numbers.
SYNTHETIC_TRADE = [
    ("KAZ", "WLD", "world", "exports", 2019, 1000.0),
    ("KAZ", "WLD", "world", "imports", 2019, 800.0),
    ("KAZ", "CHN", "country", "exports", 2019, 100.0),
    ("KAZ", "CHN", "country", "imports", 2019, 200.0),
    ("KAZ", "RUS", "country", "exports", 2019, 90.0),
    ("KAZ", "WLD", "world", "exports", 2020, 900.0),
    ("KAZ", "CHN", "country", "exports", 2020, 180.0),
    ("KAZ", "CHN", "country", "imports", 2020, 210.0),
    ("KAZ", "ITA", "country", "exports", 2021, 50.0),
    ("KAZ", "EAEU", "aggregate", "exports", 2019, 300.0),
]


def _row(**values: object) -> dict[str, object]:
    row: dict[str, object] = {column: "" for column in s.FIGURE_COLUMNS}
    row.update(
        {
            s.VALUE: float("nan"),
            s.SCALE: 1.0,
            s.VALUE_USD: float("nan"),
            s.PERIOD_START: pd.NaT,
            s.PERIOD_END: pd.NaT,
            s.CLASSIFICATION: s.TOTAL_CODE,
            s.PRODUCT_CODE: s.TOTAL_CODE,
            s.QUALIFIER: "exact",
            s.UNIT: "USD",
        }
    )
    row.update(values)
    return row


def make_figures() -> pd.DataFrame:
    rows = []
    for i, (reporter, partner, kind, flow, year, value) in enumerate(SYNTHETIC_TRADE):
        rows.append(
            _row(
                figure_id=f"t{i}",
                reporter=reporter,
                partner=partner,
                partner_kind=kind,
                flow=flow,
                measure="trade_value",
                freq="A",
                period_start=pd.Timestamp(year, 1, 1),
                period_end=pd.Timestamp(year, 12, 31),
                value=value,
                scale=1e3,
                value_usd=value * 1e3,
                perspective="KAZ",
                source="bns_annual",
                source_org="KZ_BNS",
                source_tier="official_statistics",
                vintage="2021-07-28",
            )
        )
    rows.append(
        _row(
            figure_id="s1",
            reporter="CHN",
            partner="KAZ",
            partner_kind="country",
            flow="turnover",
            measure="trade_value",
            freq="A",
            period_start=pd.Timestamp(2021, 1, 1),
            period_end=pd.Timestamp(2021, 12, 31),
            value=25.25,
            scale=1e9,
            value_usd=25.25e9,
            perspective="CHN",
            source="statements",
            source_tier="press",
        )
    )
    rows.append(
        _row(
            figure_id="f1",
            reporter="KAZ",
            partner="CHN",
            partner_kind="country",
            flow="inflow",
            measure="fdi_cumulative",
            freq="C",
            period_start=pd.Timestamp(2005, 1, 1),
            period_end=pd.Timestamp(2017, 12, 31),
            value=19.0,
            scale=1e9,
            value_usd=19e9,
            perspective="unattributed",
            source="statements",
            source_tier="press",
        )
    )
    rows.append(
        _row(
            figure_id="f2",
            reporter="KAZ",
            partner="CHN",
            partner_kind="country",
            flow="inflow",
            measure="fdi_cumulative",
            freq="C",
            period_start=pd.NaT,
            period_end=pd.Timestamp(2023, 11, 4),
            value=24.0,
            scale=1e9,
            value_usd=24e9,
            perspective="KAZ",
            source="statements",
            source_tier="official_statement",
        )
    )
    return pd.DataFrame(rows, columns=list(s.FIGURE_COLUMNS))


@pytest.fixture()
def small_figures() -> pd.DataFrame:
    return make_figures()


# --- a working copy of the project for notebook runs ------------------------------------------

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Seconds allowed for `tradeviz build` / `tradeviz check` on a busy 2-core machine.
SETUP_TIMEOUT = 600


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory) -> Path:
    """A temporary project root: ``data/raw`` linked, data built and checked, notebooks copied.

    Kernels started with ``TRADEVIZ_ROOT`` set to it read and write only there.
    """
    root = tmp_path_factory.mktemp("project")
    (root / "data").mkdir()
    (root / "data" / "raw").symlink_to(PROJECT_ROOT / "data" / "raw", target_is_directory=True)
    shutil.copytree(PROJECT_ROOT / "notebooks", root / "notebooks")
    env = {**os.environ, "TRADEVIZ_ROOT": str(root), "MPLBACKEND": "Agg"}
    for command in (["build"], ["check", "--integrity"]):
        done = subprocess.run(
            [sys.executable, "-m", "tradeviz", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT,
        )
        if command == ["build"]:
            assert done.returncode == 0, done.stderr
    return root
