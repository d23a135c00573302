"""The tidy ``figures`` table: one row = one published number, with its identity and provenance.

This module holds only names and vocabularies (no heavy imports), so every part of the suite —
ingest, checks, indicators, charts, notebooks — agrees on them. The enforced contract (types,
allowed values, ranges, unique keys) is :mod:`tradeviz.contract`.

Direction. ``reporter``, ``partner`` and ``flow`` are read from the reporter's side: Kazakhstan's
exports to China are ``reporter="KAZ", partner="CHN", flow="exports"``; China's customs record of
its exports to Kazakhstan is ``reporter="CHN", partner="KAZ", flow="exports"``.

Perspective. ``perspective`` says whose statistics the number is: the ISO3 code of the country
whose statistical authority (or officials citing it) published it, ``"unattributed"`` when the
source names no side. ``source`` names the dataset it came through (BNS table, WITS extract,
statements table); ``source_tier`` ranks evidence
(official statistics > official statement > press).
"""

from __future__ import annotations

# --- column names -----------------------------------------------------------------------------
FIGURE_ID = "figure_id"
REPORTER = "reporter"  # ISO3 of the country whose trade is described, from its own side
PARTNER = "partner"  # ISO3, an aggregate code (see AGGREGATE_CODES) or "" when none applies
PARTNER_KIND = "partner_kind"  # see PARTNER_KINDS
FLOW = "flow"  # see FLOWS
MEASURE = "measure"  # see MEASURES
FREQ = "freq"  # see FREQS
PERIOD_START = "period_start"  # datetime64, first day covered (NaT when the source gives none)
PERIOD_END = "period_end"  # datetime64, last day covered (NaT when the source gives none)
PERIOD_LABEL = "period_label"  # as the source words it, e.g. "январь-декабрь 2020", "2021-01..04"
CLASSIFICATION = "classification"  # see CLASSIFICATIONS
PRODUCT_CODE = "product_code"  # str; TOTAL_CODE for totals; codes are text ("0901", not 901)
PRODUCT_LABEL = "product_label"
VALUE = "value"  # float, the number as published (before scale); NaN only when VALUE_TEXT is set
VALUE_TEXT = "value_text"  # non-numeric published values (ISO dates for event_date), else ""
UNIT = "unit"  # see UNITS
SCALE = "scale"  # float multiplier printed with the number (1e3 = thousand)
VALUE_USD = "value_usd"  # float, value × scale in US dollars when UNIT is USD, else NaN
QUALIFIER = "qualifier"  # see QUALIFIERS; "exact" for statistical tables
PERSPECTIVE = "perspective"  # ISO3 of the reporting side, or UNATTRIBUTED
SOURCE = "source"  # see SOURCES: the adapter/dataset the row came through
SOURCE_ORG = "source_org"  # short code of the producer (KZ_BNS, WITS) or the outlet of a statement
SOURCE_TIER = "source_tier"  # see SOURCE_TIERS
SOURCE_FILE = "source_file"  # path relative to the project root, e.g. data/raw/bns/....xls
SOURCE_URL = "source_url"
VINTAGE = "vintage"  # str, release date (YYYY-MM-DD) or dataset version of the file
RELEASE = "release"  # see RELEASES: whether the figure is a preliminary or a final one
LOCATOR = "locator"  # "sheet 12_2020, row 72" or the statement id
EXCERPT = "excerpt"  # verbatim excerpt for statements, else ""
SPEAKER = "speaker"  # who gave a quoted figure, else ""
RECORD_ID = "record_id"  # the source's own id of the row (statement_id), else ""
NOTE = "note"

FIGURE_COLUMNS: tuple[str, ...] = (
    FIGURE_ID,
    REPORTER,
    PARTNER,
    PARTNER_KIND,
    FLOW,
    MEASURE,
    FREQ,
    PERIOD_START,
    PERIOD_END,
    PERIOD_LABEL,
    CLASSIFICATION,
    PRODUCT_CODE,
    PRODUCT_LABEL,
    VALUE,
    VALUE_TEXT,
    UNIT,
    SCALE,
    VALUE_USD,
    QUALIFIER,
    PERSPECTIVE,
    SOURCE,
    SOURCE_ORG,
    SOURCE_TIER,
    SOURCE_FILE,
    SOURCE_URL,
    VINTAGE,
    RELEASE,
    LOCATOR,
    EXCERPT,
    SPEAKER,
    RECORD_ID,
    NOTE,
)

#: Columns that identify a published number; unique together in ``figures``.
FIGURE_KEY: tuple[str, ...] = (
    SOURCE,
    REPORTER,
    PARTNER,
    FLOW,
    MEASURE,
    FREQ,
    PERIOD_START,
    PERIOD_END,
    CLASSIFICATION,
    PRODUCT_CODE,
    PERSPECTIVE,
    VINTAGE,
    RECORD_ID,
)

# --- vocabularies -----------------------------------------------------------------------------
FLOWS = ("exports", "imports", "turnover", "balance", "inflow", "transit", "none")

MEASURES = (
    "trade_value",  # a money value of a flow (totals, or one product when classification != TOTAL)
    "partner_share",  # partner's share of the reporter's flow, percent of the stated world total
    "growth_yoy",  # stated growth on the same period a year earlier, percent
    "fdi_gross_inflow",
    "fdi_cumulative",
    "transit_containers",
    "transit_containers_china_europe",
    "share_china_europe_rail_via_kaz",
    "students",
    "enterprises",
    "enterprises_registered",
    "enterprises_operating",
    "enterprises_share",
    "vaccine_doses",
    "vaccine_doses_purchased",
    "population",
    "event_date",
    "product_lines_sum",  # sum of the product lines an extract holds: NOT a stated total
)
MEASURES += (
    "growth_index",  # stated index on the same period a year earlier = 100 (percent), as printed
    "fdi_net_inflow",  # net FDI inflow (directional principle): may be negative; NOT gross inflow
    "fdi_stock",  # inward FDI stock (net position) at the end of the period (freq S)
)

#: A: calendar year; M: one month; YTD: January to a month of one year; C: cumulative over
#: several years; S: a stock or count at a date; P: another stated span; U: period not stated.
FREQS = ("A", "M", "YTD", "C", "S", "P", "U")

CLASSIFICATIONS = ("TOTAL", "HS4", "HS_SECTION", "NAMED")  # NAMED: a product group named in words
CLASSIFICATIONS += ("HS2", "HS6")  # Comtrade-format extracts (codes are text: "010121")
TOTAL_CODE = "TOTAL"

UNITS = ("USD", "percent", "TEU", "containers", "persons", "enterprises", "doses", "date")
UNITS += ("EUR",)  # euro values are kept in euros: value_usd stays empty (no exchange rate)

QUALIFIERS = ("exact", "about", "over", "under", "nearly", "at_least")

UNATTRIBUTED = "unattributed"

SOURCES = ("bns_annual", "bns_monthly", "wits", "statements")
SOURCES += ("comtrade",)  # UN Comtrade: long CSV downloads and the reporters-with-China tables
SOURCES += ("eri", "uzstat", "kgnsc", "rus_fts", "wiiw")

#: Whether a figure is a first (preliminary) or a final release; "unknown" when no source says.
RELEASES = ("preliminary", "final", "unknown")

SOURCE_TIERS = ("official_statistics", "official_statement", "press")
#: Rank of evidence: a lower number outranks a higher one.
TIER_RANK = {"official_statistics": 0, "official_statement": 1, "press": 2}

PARTNER_KINDS = ("country", "aggregate", "world", "none")
WORLD = "WLD"

#: Codes of the aggregates that statistical tables state (never countries). ISO3 codes are
#: three upper-case letters; these are chosen so that none collides with an ISO 3166 code.
AGGREGATE_CODES = {
    "WLD": "World (stated total)",
    "CIS": "CIS countries",
    "EAEU": "EAEU countries",
    "NON_EAEU": "CIS countries outside the EAEU",  # BNS «Страны вне ЕАЭС», listed under the CIS
    "EU": "EU countries",
    "NON_EU": "European countries outside the EU",  # BNS «Страны вне ЕС», listed under Europe
    "ASIA": "Asia",
    "EUROPE": "Europe",
    "AFRICA": "Africa",
    "AMERICA": "America",
    "OCEANIA": "Australia and Oceania",
    "OTHER": "Countries outside the CIS",  # BNS «Остальные страны мира» (the rest of the world)
    "REST": "Partners not listed in the table",  # «Остальные страны» after a top-N list
    "UNSPECIFIED": "Partner not specified or confidential",  # «Неопределенная страна», «прочие»
    "SCO": "Shanghai Cooperation Organisation countries",
    "EU27_2020": "EU, 27 countries (from 2020)",
    "EU28": "EU, 28 countries (2013-2020)",
    "EU15": "EU, 15 countries (1995-2004)",
    "EU_BODIES": "European Union institutions as a partner",  # stat.kg «Европейский союз (ЕС)»
    "UN_BODIES": "United Nations bodies as a partner",  # stat.kg «ООН»
}

# --- processed files --------------------------------------------------------------------------
FIGURES_PARQUET = "figures.parquet"
FIGURES_CSV = "figures.csv"
