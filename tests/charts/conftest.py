"""Small figures tables for indicator and chart tests.

Every number below was read from the reference files (BNS workbooks via calamine, the WITS and
BNS monthly CSVs, statements.csv); the comment on each block names the file, sheet and row.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import warnings  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from tradeviz import schema  # noqa: E402

THOUSAND = 1e3
BNS_2020_BOOK = "2021-07-28"  # bns_trade_by_country_2020.xls, sheets 12_2020 and 12_2019
BNS_2019_BOOK = "2020-08-13"  # bns_trade_by_country_2019.xls, sheets 12_2019 and 12_2018
BNS_2021_BOOK = "2022-07-22"  # bns_trade_by_country_2021.xls, sheets 12_2021 and 12_2020
WITS_VINTAGE = "git-63d36c5e"
MONTHLY_VINTAGE = "git-793f9b92"


def figure(**given: object) -> dict[str, object]:
    """Return one figures row with sensible defaults for every column of the contract."""
    year = int(given.pop("year", 2020))
    month = given.pop("month", None)
    if month is None:
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        freq = "A"
    else:
        start = pd.Timestamp(year, int(month), 1)
        end = start + pd.offsets.MonthEnd(0)
        freq = "M"
    row: dict[str, object] = {
        schema.REPORTER: "KAZ",
        schema.PARTNER: "CHN",
        schema.PARTNER_KIND: "country",
        schema.FLOW: "exports",
        schema.MEASURE: "trade_value",
        schema.FREQ: freq,
        schema.PERIOD_START: start,
        schema.PERIOD_END: end,
        schema.PERIOD_LABEL: str(year),
        schema.CLASSIFICATION: "TOTAL",
        schema.PRODUCT_CODE: "TOTAL",
        schema.PRODUCT_LABEL: "",
        schema.VALUE: 0.0,
        schema.VALUE_TEXT: "",
        schema.UNIT: "USD",
        schema.SCALE: THOUSAND,
        schema.QUALIFIER: "exact",
        schema.PERSPECTIVE: "KAZ",
        schema.SOURCE: "bns_annual",
        schema.SOURCE_ORG: "KZ_BNS",
        schema.SOURCE_TIER: "official_statistics",
        schema.SOURCE_FILE: "data/raw/bns/bns_trade_by_country_2020.xls",
        schema.SOURCE_URL: "https://stat.gov.kz/",
        schema.VINTAGE: BNS_2020_BOOK,
        schema.RELEASE: "final",
        schema.LOCATOR: "",
        schema.EXCERPT: "",
        schema.SPEAKER: "",
        schema.RECORD_ID: "",
        schema.NOTE: "",
    }
    row.update(given)
    row[schema.VALUE_USD] = (
        float(row[schema.VALUE]) * float(row[schema.SCALE])
        if row[schema.UNIT] == "USD"
        else float("nan")
    )
    return row


def make_figures(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Return a DataFrame with the columns of ``schema.FIGURE_COLUMNS`` and unique figure ids."""
    frame = pd.DataFrame(rows)
    frame[schema.FIGURE_ID] = [
        f"{r[schema.SOURCE]}-{r[schema.VINTAGE]}-{r[schema.REPORTER]}-{r[schema.PARTNER]}-"
        f"{r[schema.FLOW]}-{r[schema.MEASURE]}-{r[schema.PRODUCT_CODE]}-"
        f"{pd.Timestamp(r[schema.PERIOD_START]).date()}-{r[schema.FREQ]}-{r[schema.RECORD_ID]}"
        for r in rows
    ]
    return frame.loc[:, list(schema.FIGURE_COLUMNS)]


def _bns(year: int, partner: str, flow: str, value: float, vintage: str, **extra: object):
    kind = "world" if partner == "WLD" else extra.pop("kind", "country")
    return figure(
        year=year,
        partner=partner,
        partner_kind=kind,
        flow=flow,
        value=value,
        vintage=vintage,
        **extra,
    )


def _bns_rows() -> list[dict[str, object]]:
    rows = []
    # bns_trade_by_country_2020.xls, sheet 12_2020: «Всего», «Китай», «Россия», «Италия»,
    # «Нидерланды», « Страны ЕАЭС» (thousand USD) and the stated shares of «Китай».
    for partner, x, m in [
        ("WLD", 47540772.7, 38929076.1),
        ("CHN", 9420579.06064, 6377988.57363),
        ("RUS", 5007142.5, 13768209),
        ("ITA", 6644417.79822, 937173.43334),
        ("NLD", 3148952.30769, 240768.91966),
    ]:
        rows.append(_bns(2020, partner, "exports", x, BNS_2020_BOOK))
        rows.append(_bns(2020, partner, "imports", m, BNS_2020_BOOK))
    rows.append(_bns(2020, "EAEU", "exports", 5671881.2, BNS_2020_BOOK, kind="aggregate"))
    rows.append(_bns(2020, "WLD", "turnover", 86469848.8, BNS_2020_BOOK))
    rows.append(_bns(2020, "CHN", "turnover", 15798567.63427, BNS_2020_BOOK))
    for flow, share in [("exports", 19.81579), ("imports", 16.38361)]:
        rows.append(
            _bns(
                2020,
                "CHN",
                flow,
                share,
                BNS_2020_BOOK,
                measure="partner_share",
                unit="percent",
                scale=1.0,
            )
        )
    # same workbook, sheet 12_2019
    for partner, x, m in [
        ("WLD", 58065588.7, 39709305.9),
        ("CHN", 8003866.69343, 6788625.82884),
    ]:
        rows.append(_bns(2019, partner, "exports", x, BNS_2020_BOOK))
        rows.append(_bns(2019, partner, "imports", m, BNS_2020_BOOK))
    rows.append(_bns(2019, "CHN", "turnover", 14792492.52227, BNS_2020_BOOK))
    # bns_trade_by_country_2019.xls, sheets 12_2019 and 12_2018 (the older vintage)
    rows.append(
        _bns(
            2019,
            "CHN",
            "exports",
            8003866.69343,
            BNS_2019_BOOK,
            source_file="data/raw/bns/bns_trade_by_country_2019.xls",
        )
    )
    rows.append(
        _bns(
            2018,
            "CHN",
            "exports",
            6307476.4,
            BNS_2019_BOOK,
            source_file="data/raw/bns/bns_trade_by_country_2019.xls",
        )
    )
    # bns_trade_by_country_2021.xls, sheet 12_2021
    for partner, x, m in [
        ("WLD", 60321024.40065, 41415435.4697),
        ("CHN", 9772505.63304, 8228456.85318),
    ]:
        rows.append(
            _bns(
                2021,
                partner,
                "exports",
                x,
                BNS_2021_BOOK,
                source_file="data/raw/bns/bns_trade_by_country_2021.xls",
            )
        )
        rows.append(
            _bns(
                2021,
                partner,
                "imports",
                m,
                BNS_2021_BOOK,
                source_file="data/raw/bns/bns_trade_by_country_2021.xls",
            )
        )
    return rows


def _wits_rows() -> list[dict[str, object]]:
    # wits/kaz_chn_1995_2020.csv: value_thousand_usd and partner_share_pct
    data = [
        (1995, "exports", 283928.93, 5.43),
        (1995, "imports", 34665.88, 0.91),
        (2019, "exports", 7823406.34636, 13.55),
        (2020, "exports", 9004006.954, 19.18),
        (2020, "imports", 6346496.28, 16.67),
    ]
    rows = []
    for year, flow, value, share in data:
        common = {
            "year": year,
            "flow": flow,
            "source": "wits",
            "source_org": "WITS",
            "vintage": WITS_VINTAGE,
            "source_file": "data/raw/wits/kaz_chn_1995_2020.csv",
            "source_url": "https://wits.worldbank.org/",
        }
        rows.append(figure(value=value, **common))
        rows.append(
            figure(value=share, measure="partner_share", unit="percent", scale=1.0, **common)
        )
    return rows


HS4_VINTAGE = "git-ffe5d918"


def _hs4_rows() -> list[dict[str, object]]:
    # wits/kaz_exports_to_chn_top15_hs4_2015_2024.csv (top five of 2019 and 2020) and
    # wits/kaz_chn_wld_hs4_sums_2015_2024.csv (sum of all HS-4 lines, KAZ exports to CHN)
    products = {
        2019: [
            ("2711", 1606271.942),
            ("7403", 1549593.898),
            ("2709", 1179232.767),
            ("2603", 738608.504),
            ("7202", 732624.543),
        ],
        2020: [
            ("2711", 1447449.387),
            ("2709", 1194214.75),
            ("2603", 1167047.269),
            ("2844", 799855.028),
            ("7202", 784818.05),
        ],
    }
    sums = {2019: 8003866.689, 2020: 6836749.157000001}
    common = {
        "source": "wits",
        "source_org": "WITS",
        "vintage": HS4_VINTAGE,
        "classification": "HS4",
        "source_file": "data/raw/wits/kaz_exports_to_chn_top15_hs4_2015_2024.csv",
    }
    rows = []
    for year, items in products.items():
        for code, value in items:
            rows.append(figure(year=year, product_code=code, value=value, **common))
        rows.append(
            figure(
                year=year,
                product_code="LINES_SUM",
                measure="product_lines_sum",
                value=sums[year],
                **{**common, "source_file": "data/raw/wits/kaz_chn_wld_hs4_sums_2015_2024.csv"},
            )
        )
    return rows


def _monthly_rows() -> list[dict[str, object]]:
    # bns/bns_monthly_trade_totals_2019_2022.csv, turnover_thousand_usd, KAZ–World
    data = {
        2020: [7111898.117219995, 7343320.027199974, 7597624.914359994, 7462061.56392001],
        2021: [5452499.463199997, 6542080.998090012, 7755698.946860002, 8476020.10310996],
    }
    return [
        figure(
            year=year,
            month=month,
            partner="WLD",
            partner_kind="world",
            flow="turnover",
            value=value,
            source="bns_monthly",
            vintage=MONTHLY_VINTAGE,
            source_file="data/raw/bns/bns_monthly_trade_totals_2019_2022.csv",
        )
        for year, values in data.items()
        for month, value in enumerate(values, start=1)
    ]


def _statement_rows() -> list[dict[str, object]]:
    # statements.csv: gacc-2021-exports, gacc-2021-imports, gacc-2021-turnover
    rows = []
    for record, flow, value in [
        ("gacc-2021-exports", "exports", 13.98),
        ("gacc-2021-imports", "imports", 11.27),
        ("gacc-2021-turnover", "turnover", 25.25),
    ]:
        rows.append(
            figure(
                year=2021,
                reporter="CHN",
                partner="KAZ",
                flow=flow,
                value=value,
                scale=1e9,
                perspective="CHN",
                source="statements",
                source_org="GACC",
                source_tier="official_statement",
                vintage="2026-01-01",
                record_id=record,
                source_file="data/raw/statements/statements.csv",
            )
        )
    return rows


@pytest.fixture(scope="session")
def small_figures() -> pd.DataFrame:
    """A figures table of real numbers: BNS (three vintages), WITS, BNS monthly, statements."""
    return make_figures(
        _bns_rows() + _wits_rows() + _hs4_rows() + _monthly_rows() + _statement_rows()
    )


@pytest.fixture(scope="session")
def integrity_report(real_results):
    """The integrity report of the real figures (what `tradeviz check --integrity` stores)."""
    return real_results.integrity


@pytest.fixture
def checks_inputs(integrity_report):
    """The checks' tables a chart's caller passes in: the real integrity report, no flags."""
    return {"integrity": integrity_report, "flags": None, "claims": None, "verdicts": None}


@pytest.fixture(scope="session")
def draw_chart():
    """Return ``draw(module, figures, **options) -> ax``: a chart's data drawn on a new figure."""
    from tradeviz.charts.style import new_figure

    def draw(module, figures, **options):
        _, ax = new_figure()
        module.draw(ax, module.data(figures, **options))
        return ax

    return draw


#: Verdicts a chart of checks' results draws: one judged claim of the real document.
VERDICTS_FIXTURE = pd.DataFrame(
    [
        {
            "document": "neo-2021-07-20",
            "claim_id": "c",
            "stated_quantity": 17.0,
            "unit": "percent",
            "verdict": "consistent",
            "detail": "within_tolerance",
            "tolerance_low": 16.0,
            "tolerance_high": 18.0,
            "reference_value": 16.38361,
            "reference_perspective": "KAZ",
            "reference_source": "bns_annual",
        }
    ]
)


@dataclass(frozen=True)
class ShippedChart:
    """A chart drawn from the real figures and saved as a user gets it (png, svg, html)."""

    figure: object
    written: dict
    warnings: tuple[str, ...]  # every warning drawing and saving gave, as text


@pytest.fixture(scope="session")
def shipped_chart(figures, integrity_report, tmp_path_factory):
    """Return ``ship(name) -> ShippedChart``, drawn and saved once per process.

    The chart ``name`` from the real figures, the real integrity report and
    :data:`VERDICTS_FIXTURE`, saved with ``export.save_chart``'s default formats: the tests of
    different properties of a shipped chart (its note, its page, its glyphs) read the same
    output and never change it.
    """
    from tradeviz.charts import export, registry

    inputs = {"integrity": integrity_report, "flags": None, "claims": None}
    inputs["verdicts"] = VERDICTS_FIXTURE
    out = tmp_path_factory.mktemp("shipped")
    shipped: dict[str, ShippedChart] = {}

    def ship(name: str) -> ShippedChart:
        if name not in shipped:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                figure = registry.render_chart(name, figures, inputs=inputs)
                written = export.save_chart(figure, out, name)
            shipped[name] = ShippedChart(figure, written, tuple(str(w.message) for w in caught))
        return shipped[name]

    return ship
