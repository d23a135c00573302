"""The words and numbers every part of tradeviz shares, each defined once.

:mod:`tradeviz.schema` names the columns of the ``figures`` table and their allowed values; this
module names what the code says *about* them: which flows there are and how they mirror, which
sources are preferred, how a vintage is chosen by default, the verdicts and statuses of the
checks, the scales money is written in. It imports nothing heavy, so the command line can use it.

Two kinds of "percent" are kept apart: :data:`PERCENT_SCALE` turns a fraction into a percentage
(``100 · part / whole``), :data:`UNIT_PERCENT` is the name of the unit in the ``unit`` column.
"""

from __future__ import annotations

# --- numbers ----------------------------------------------------------------------------------
#: A fraction times this is a percentage.
PERCENT_SCALE = 100.0
THOUSAND = 1e3
MILLION = 1e6
BILLION = 1e9

# --- units (values of the ``unit`` column) ----------------------------------------------------
UNIT_USD = "USD"
UNIT_PERCENT = "percent"
UNIT_RANK = "rank"
UNIT_ORDINAL = "ordinal"
UNIT_DATE = "date"

# --- flows ------------------------------------------------------------------------------------
EXPORTS = "exports"
IMPORTS = "imports"
TURNOVER = "turnover"
BALANCE = "balance"
INFLOW = "inflow"
#: The two directions of trade.
TRADE_FLOWS: tuple[str, ...] = (EXPORTS, IMPORTS)
#: The two directions and their sum: the flows a level, a share or a rank is given for.
LEVEL_FLOWS: tuple[str, ...] = (EXPORTS, IMPORTS, TURNOVER)
#: The flow a partner records for the same goods: my exports are its imports.
MIRROR_FLOW: dict[str, str] = {EXPORTS: IMPORTS, IMPORTS: EXPORTS, TURNOVER: TURNOVER}
#: How the basis of a turnover is named: the table's own figure, or the sum of its two flows.
TURNOVER_STATED = "stated"
TURNOVER_SUMMED = "exports + imports"

# --- measures, frequencies, partner kinds -----------------------------------------------------
TRADE_VALUE = "trade_value"
PARTNER_SHARE = "partner_share"
GROWTH_YOY = "growth_yoy"
#: A stated index on the same period a year earlier (= 100), as a table prints it.
GROWTH_INDEX = "growth_index"
#: The sum of the product lines an extract holds (not a stated total).
LINES_SUM = "product_lines_sum"
FDI_CUMULATIVE = "fdi_cumulative"
FDI_GROSS_INFLOW = "fdi_gross_inflow"
FDI_MEASURES: tuple[str, ...] = (FDI_GROSS_INFLOW, FDI_CUMULATIVE)
#: Net FDI as a statistical compilation states it (wiiw, in euros): inflows net of
#: disinvestment and the position at the end of a year, never the gross inflows officials quote.
FDI_NET_INFLOW = "fdi_net_inflow"
FDI_STOCK = "fdi_stock"
NET_FDI_MEASURES: tuple[str, ...] = (FDI_NET_INFLOW, FDI_STOCK)
UNIT_EUR = "EUR"
ANNUAL = "A"
MONTHLY = "M"
COUNTRY = "country"
AGGREGATE = "aggregate"

# --- sources and evidence -----------------------------------------------------------------------
BNS_ANNUAL = "bns_annual"
BNS_MONTHLY = "bns_monthly"
ERI = "eri"
UZSTAT = "uzstat"
KGNSC = "kgnsc"
RUS_FTS = "rus_fts"
WITS = "wits"
COMTRADE = "comtrade"
WIIW = "wiiw"
STATEMENTS = "statements"
OFFICIAL_STATISTICS = "official_statistics"
#: The one order in which sources are preferred, wherever one figure must be chosen among
#: several sources:
#:
#: 1. each reporter's national statistical tables: Kazakhstan's BNS (annual, then monthly),
#:    then the statistics offices of Uzbekistan, Kyrgyzstan and Russia (each the only national
#:    table of its reporter, so they never compete with one another);
#: 2. UN Comtrade data: the WITS extracts (one consistent series per file, in dollars) before
#:    the reporters' declarations as downloaded from Comtrade (whole HS chapters missing in
#:    some reporter-years; such totals are skipped anyway, see
#:    :mod:`tradeviz.query.completeness`);
#: 3. ERI's tables: BNS's figures republished rounded to USD millions, chosen only where no
#:    table above states the figure (the year-to-date periods, a year before BNS's tables);
#: 4. wiiw's FDI database (a secondary compilation of central-bank data, net flows in euros);
#: 5. figures quoted by officials and the press.
#:
#: A source not listed here ranks after the listed tables and before the quoted figures (see
#: :func:`tradeviz.query.source_rank`); list a new source here when it should rank otherwise.
SOURCE_PREFERENCE: tuple[str, ...] = (
    BNS_ANNUAL,
    BNS_MONTHLY,
    UZSTAT,
    KGNSC,
    RUS_FTS,
    WITS,
    COMTRADE,
    ERI,
    WIIW,
    STATEMENTS,
)
#: Each reporter's national statistical table of annual totals: the stated totals that every
#: other source's total for the same pair, flow and year is compared with (an incomplete
#: vintage is one far short of it, see :mod:`tradeviz.query.completeness`).
NATIONAL_TABLES: dict[str, str] = {"KAZ": BNS_ANNUAL, "UZB": UZSTAT, "KGZ": KGNSC}
#: A total (or a sum of product lines) below this share of the national table's stated total
#: for the same pair, flow and year is an incomplete vintage: flagged, never used as a total.
INCOMPLETE_COVERAGE_MIN = 0.90
#: Sources of quoted figures: never chosen by default, never mixed with statistical tables.
QUOTED_SOURCES: tuple[str, ...] = (STATEMENTS,)

# --- vintages ---------------------------------------------------------------------------------
#: The default: the latest vintage that states every figure a number is computed from.
LATEST = "latest"
#: On request: each figure from its own latest vintage (e.g. a CAGR whose endpoints no single
#: table states), said so in the notes.
LATEST_EACH = "latest-each"
#: Every vintage (quoted figures, where each statement is its own record).
ALL_VINTAGES = "all"
#: How final a release is (the ``release`` column): a final figure is preferred to a
#: preliminary one of the same period, whatever their vintages.
RELEASE_ORDER: dict[str, int] = {"preliminary": 0, "unknown": 1, "final": 2}
#: The frequency of a year-to-date figure (January to a month), a period of its own.
YEAR_TO_DATE = "YTD"

# --- qualifiers -------------------------------------------------------------------------------
#: How a qualifier reads before a number in prose: ``over USD 27.0 bn``.
QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "about": "about ",
    "over": "over ",
    "under": "under ",
    "nearly": "nearly ",
    "at_least": "at least ",
}
#: The same in the explanations of a verdict, where "over" reads "more than".
CLAIM_QUALIFIER_WORDS: dict[str, str] = {**QUALIFIER_WORDS, "over": "more than "}
#: The same as symbols, for one-line terminal tables.
QUALIFIER_SYMBOLS: dict[str, str] = {
    "exact": "",
    "about": "about ",
    "over": "> ",
    "under": "< ",
    "nearly": "nearly ",
    "at_least": "≥ ",
}

# --- verdicts and integrity statuses -----------------------------------------------------------
CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
UNVERIFIABLE = "unverifiable"
#: The verdicts of a claim, in the order tables and sentences give them.
VERDICTS: tuple[str, ...] = (CONSISTENT, INCONSISTENT, UNVERIFIABLE)
PASS = "pass"
WARN = "warn"
FAIL = "fail"
#: The statuses of an integrity check, best first.
STATUSES: tuple[str, ...] = (PASS, WARN, FAIL)
#: The flag of a product-level extract far short of the national total.
FLAG_INCOMPLETE_VINTAGE = "incomplete_vintage"
#: Value of a ``source`` option meaning every source.
ALL_SOURCES = "all"
