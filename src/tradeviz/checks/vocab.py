"""The columns of the tables the checks write, and what their values mean (no heavy imports).

Like :mod:`tradeviz.schema` for the ``figures`` table, this module names the columns of the
``claims``, ``verdicts``, ``integrity`` and ``flags`` tables and defines each ``detail`` of a
verdict and each integrity check in one line. The verdict and status words themselves are shared
with notebooks and charts and live in :mod:`tradeviz.vocabulary`.
"""

from __future__ import annotations

from tradeviz import schema
from tradeviz.vocabulary import FLAG_INCOMPLETE_VINTAGE

# --- claims -----------------------------------------------------------------------------------
#: Measures a claim may state: every figure measure, plus those computed from figures or only
#: described in words.
DERIVED_MEASURES = (
    "partner_rank",  # a partner's rank by value among countries (never aggregates), 1 = largest
    "transit_share_to_europe",  # share of transit through a country that is bound for Europe
    "event_ordinal",  # the ordinal number of an event (e.g. the 47th session)
    "main_products",  # the products a flow "mainly" consists of (qualitative)
    "change_abs",  # absolute change on the same period of the previous year, money
    "comparison",  # the partner against ``other_partner`` (ahead of, behind, overtook)
    "record",  # the highest value of the series
    "transit_cargo",  # cargo carried in transit through a country, by weight (tonnes)
)
CLAIM_MEASURES: tuple[str, ...] = tuple(schema.MEASURES) + DERIVED_MEASURES

#: Measures whose claims state no number (``value`` is empty): reported, never given a number.
QUALITATIVE_MEASURES = frozenset({"main_products"})

#: Units a claim may state: every figure unit, plus ranks, ordinals and tonnes (cargo by weight).
CLAIM_UNITS: tuple[str, ...] = tuple(schema.UNITS) + ("rank", "ordinal", "tonnes")

#: Qualifiers of a claim's wording: every figure qualifier, plus "just over" (немногим более).
CLAIM_QUALIFIERS: tuple[str, ...] = tuple(schema.QUALIFIERS) + ("just_over",)

#: Review status of a claim: curated and reviewed, or drafted and not yet reviewed.
CONFIRMED = "confirmed"
DRAFT = "draft"
CLAIM_STATUSES = (CONFIRMED, DRAFT)

#: Kind of a claim: a fact is judged; targets and forecasts are recorded, never judged.
FACT = "fact"
CLAIM_KINDS = (FACT, "target", "forecast")

#: The whole a share is taken of, when the text names one ("of total trade" = turnover).
SHARE_DENOMINATORS = ("exports", "imports", "turnover")

#: How a comparison places the partner against ``other_partner`` ("overtook": ahead now, behind
#: in the previous period).
COMPARISON_RELATIONS = ("ahead_of", "behind", "overtook")

#: Scales a claim may print (value × scale = quantity), as text or number.
CLAIM_SCALES = {"1": 1.0, "1e3": 1e3, "1e6": 1e6, "1e8": 1e8, "1e9": 1e9}

#: The perspective of a claim that names (or implies) neither side's statistics.
UNSPECIFIED = "unspecified"

#: Columns of the ``claims`` table, in order.
CLAIM_COLUMNS: tuple[str, ...] = (
    "document",
    "claim_id",
    "excerpt",
    "subject",
    "measure",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "period_note",
    "stated_value",  # the number as printed (text, keeps the printed precision)
    "unit",
    "scale",
    "qualifier",
    "speaker",
    "stated_perspective",
    "origin_statements",  # ";"-separated statement ids the claim repeats (not evidence)
    "reference_statements",  # ";"-separated statement ids that date the same event (evidence)
    "products",  # ";"-separated product codes (main_products claims)
    "note",
    "status",  # confirmed / draft
    "kind",  # fact / target / forecast
    "offset_start",  # character offsets of the excerpt in the document's body (-1 = not given)
    "offset_end",
    "denominator",  # partner_share: the whole the text names ("" = the claim's flow)
    "other_partner",  # comparison: the other partner ("" = none)
    "relation",  # comparison: ahead_of / behind / overtook ("" = none)
    "value_words",  # the number as the text words it ("a quarter", "вдвое"), else ""
    "perspective_cue",  # the words that give whose statistics, else ""
    "unresolved",  # drafts: "; "-separated reasons a field could not be resolved
    "doc_title",
    "doc_date",
    "doc_url",
    "claims_file",
)

# --- verdicts ---------------------------------------------------------------------------------
#: The finer ``detail`` of a verdict, each defined in one line (docs/checks.md repeats this table).
DETAILS: dict[str, str] = {
    "exact": "the reference equals the stated value digit for digit",
    "within_rounding": "the reference is within half a unit of the stated value's last printed "
    "digit (the claim is the reference rounded)",
    "within_tolerance": "the reference is beyond rounding but inside the tolerance that the "
    "qualifier (about, more than, nearly, under) allows",
    "beyond_tolerance": "the reference of the claim's own measure, period and unit lies outside "
    "the tolerance",
    "other_perspective_only": "only the other side's figure (not the side the claim names) is "
    "available or agrees",
    "period_mismatch": "figures exist only for other periods than the one the claim states",
    "unit_mismatch": "a figure exists for the period but in another unit (e.g. TEU, not "
    "containers)",
    "measure_mismatch": "a figure exists only for a related but different measure (e.g. operating, "
    "not registered, enterprises)",
    "statement_only": "the only figures that match are undated statements: the arithmetic is "
    "shown, but no figure is tied to the claim's period",
    "origin_only": "the only matching figure is the claim's own origin (the same speaker "
    "quoted), which is not independent evidence",
    "imprecise_reference": "the reference is less precise than the claim (a month for a stated "
    "day) and neither confirms nor contradicts it",
    "qualitative": "the claim states no number to compare; the relevant figures are listed",
    "no_data": "no figure of any period, unit or related measure covers the claim",
    "not_judged": "a target or a forecast, or a claim worded without a number or with a hedge no "
    "tolerance rule reads: recorded and shown, not judged",
}

#: Columns of the ``verdicts`` table, in order.
VERDICT_COLUMNS: tuple[str, ...] = (
    "document",
    "claim_id",
    "excerpt",
    "measure",
    "period_start",
    "period_end",
    "stated_value",
    "stated_quantity",  # stated value × scale, in the unit
    "unit",
    "scale",
    "qualifier",
    "stated_perspective",
    "verdict",
    "detail",
    "reference_value",  # the primary reference, in its unit (quantity, × scale applied)
    "reference_unit",  # the primary reference's unit (another one only for unit_mismatch)
    "reference_value_text",  # the primary reference as text (dates), else ""
    "reference_source",
    "reference_perspective",
    "reference_tier",
    "reference_figure_id",
    "reference_period",
    "deviation",  # reference − stated, in the unit
    "deviation_rel",  # deviation ÷ stated quantity
    "tolerance",  # text: the rule and the interval
    "tolerance_low",  # the interval the reference must fall in (±inf = unbounded)
    "tolerance_high",
    "supporting_perspectives",  # ";"-separated
    "contradicting_perspectives",
    "references",  # JSON list: every reference weighed (value, source, perspective, tier, ...)
    "hints",  # JSON list: near misses (other periods, units, measures) and origin statements
    "explanation",
)

# --- integrity checks -------------------------------------------------------------------------
#: Integrity checks, each defined in one line (docs/checks.md repeats this table).
INTEGRITY_CHECKS: dict[str, str] = {
    "countries_sum_vs_total": "the countries of a BNS table add up to its stated «Всего»; the "
    "unallocated residual is reported (warn beyond rounding)",
    "share_vs_value": "each stated share equals value ÷ stated total × 100 within the share's "
    "printed precision",
    "turnover_vs_flows": "each row's turnover equals its exports + imports",
    "aggregate_vs_members": "each aggregate (EAEU, CIS, EU) equals the sum of its members per the "
    "dated membership table; a table that follows another composition is a warn naming it",
    "aggregate_vs_listed": "each aggregate row equals the countries printed under it, up to the "
    "next aggregate row",
    "aggregate_vs_parts": "each stated aggregate equals the sum of the aggregates it is split "
    "into in the table (World = CIS + other countries, …)",
    "monthly_vs_annual": "the twelve BNS monthly totals add up to the annual table's total, per "
    "flow and year (warn when they differ)",
    "vintage_revision": "the same figure in two workbooks (a year repeated in the next year's "
    "file): equal, or the revision is reported (warn)",
    "wits_vs_bns_total": "WITS totals and product-line sums against BNS totals for the same year "
    "and flow; lines far short of the total = incomplete vintage (warn + flag)",
    "wits_share_vs_bns_share": "WITS partner shares against BNS stated shares, same year and flow "
    "(warn beyond the cross-source tolerance)",
    "statement_vs_table": "a quoted annual figure or growth against the BNS table for the same "
    "year; a mirror (other side's) figure is shown as a gap, never a fail",
}

#: Columns of the ``integrity`` table, in order.
INTEGRITY_COLUMNS: tuple[str, ...] = (
    "check_id",
    "check",
    "source",
    "vintage",
    "period_start",
    "period_end",
    "flow",
    "partner",
    "status",
    "value",  # the stated figure being checked
    "expected",  # what the other numbers make of it
    "difference",  # value − expected
    "tolerance",  # absolute tolerance in the unit of value
    "unit",
    "compared",  # text: the figures compared, with their locators
    "message",
)

#: Flags that charts and indicators read (``flags`` table).
FLAGS: dict[str, str] = {
    FLAG_INCOMPLETE_VINTAGE: "a product-level extract whose lines add up to far less than the "
    "national total for the same year and flow: sums and shares from it are not totals",
}

FLAG_COLUMNS: tuple[str, ...] = (
    "flag",
    "source",
    "vintage",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "classification",
    "coverage",  # the extract's sum ÷ the national total
    "check_id",
    "message",
)

# --- processed files --------------------------------------------------------------------------
CLAIMS_TABLE = "claims"
VERDICTS_TABLE = "verdicts"
INTEGRITY_TABLE = "integrity"
FLAGS_TABLE = "flags"
TABLES = (CLAIMS_TABLE, VERDICTS_TABLE, INTEGRITY_TABLE, FLAGS_TABLE)
