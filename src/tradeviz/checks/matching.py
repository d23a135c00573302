"""Which figures bear on a claim, and how: the same measure, period and unit, or a near miss.

Every figure that shares the claim's subject (its country pair and flow, read by the rules of
:data:`SUBJECT_RULES`) is kept as a :class:`Reference` with a ``relation``:

``match``          same measure, unit and period: evidence;
``undated``        same measure and unit, but the figure states no period;
``other_period``   same measure and unit, another period;
``other_unit``     same measure and period, another unit (TEU for containers);
``other_measure``  a related measure (:data:`RELATED_MEASURES`: operating for registered);
``origin``         a statement the claim repeats (its ``origin_statements``): shown, never
                   evidence.

Mirror figures (the partner's record of the same flow, e.g. China's imports from Kazakhstan for
Kazakhstan's exports to China) are kept with their own perspective, never merged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s

if TYPE_CHECKING:
    import pandas as pd

MATCH = "match"
UNDATED = "undated"
OTHER_PERIOD = "other_period"
OTHER_UNIT = "other_unit"
OTHER_MEASURE = "other_measure"
ORIGIN = "origin"

DIRECT = "direct"
MIRROR = "mirror"

#: How a measure's figures are tied to a claim's subject:
#: ``pair``: reporter, partner and flow (and the mirror: partner's side, mirrored flow);
#: ``partner``: partner and flow only (the figure's reporter is the side that stated it);
#: ``reporter``: reporter and partner (transit, population: the country described).
SUBJECT_RULES: dict[str, str] = {
    "trade_value": "pair",
    "partner_share": "pair",
    "growth_yoy": "pair",
    "fdi_gross_inflow": "partner",
    "fdi_cumulative": "partner",
    "students": "partner",
    "enterprises": "partner",
    "enterprises_registered": "partner",
    "enterprises_operating": "partner",
    "enterprises_share": "partner",
    "vaccine_doses": "partner",
    "vaccine_doses_purchased": "partner",
    "transit_containers": "reporter",
    "transit_containers_china_europe": "reporter",
    "share_china_europe_rail_via_kaz": "reporter",
    "transit_share_to_europe": "reporter",
    "population": "reporter",
    "event_ordinal": "reporter",
}

#: Measures whose mirror (the partner's record, flow mirrored) is the other perspective.
MIRRORED_MEASURES = frozenset({"trade_value", "growth_yoy"})
MIRROR_FLOW = {"exports": "imports", "imports": "exports", "turnover": "turnover"}

#: Related but different measures: shown as ``measure_mismatch`` hints, never as evidence.
RELATED_MEASURES: dict[str, tuple[str, ...]] = {
    "transit_containers": ("transit_containers_china_europe",),
    "transit_containers_china_europe": ("transit_containers",),
    "transit_share_to_europe": ("share_china_europe_rail_via_kaz",),
    "enterprises_registered": ("enterprises_operating", "enterprises"),
    "enterprises_operating": ("enterprises_registered", "enterprises"),
    "enterprises": ("enterprises_registered", "enterprises_operating"),
    "fdi_cumulative": ("fdi_gross_inflow",),
    "fdi_gross_inflow": ("fdi_cumulative",),
    "vaccine_doses": ("vaccine_doses_purchased",),
    "vaccine_doses_purchased": ("vaccine_doses",),
}

#: Stocks and counts at a date: a figure dated anywhere inside the claim's period matches.
STOCK_MEASURES = frozenset(
    {
        "students",
        "enterprises",
        "enterprises_registered",
        "enterprises_operating",
        "enterprises_share",
        "population",
        "vaccine_doses_purchased",
    }
)

#: Trade figures of one product line are never a claim's total.
TOTAL_ONLY_MEASURES = frozenset({"trade_value", "partner_share", "growth_yoy"})


@dataclass
class Reference:
    """One figure weighed against a claim, with how it relates to the claim.

    Attributes
    ----------
    row : dict
        The figure's columns (``tradeviz.schema.FIGURE_COLUMNS``).
    relation : str
        ``match``, ``undated``, ``other_period``, ``other_unit``, ``other_measure`` or
        ``origin``.
    role : str
        ``direct`` (the claim's own side and direction) or ``mirror`` (the partner's record).
    quantity : float
        value × scale (NaN for dates).
    detail : str
        Its comparison with the claim's tolerance (``exact``, ``within_rounding``, …), or "".
    supports : bool or None
        Whether it falls inside the tolerance (None when not compared).
    """

    row: dict[str, Any]
    relation: str
    role: str = DIRECT
    quantity: float = float("nan")
    detail: str = ""
    supports: bool | None = None
    deviation: float = float("nan")
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.row[key]

    @property
    def perspective(self) -> str:
        """Whose statistics the figure is (ISO3, or ``unattributed``)."""
        return str(self.row[s.PERSPECTIVE])

    @property
    def tier(self) -> str:
        """Evidence tier (``official_statistics``, ``official_statement``, ``press``)."""
        return str(self.row[s.SOURCE_TIER])

    @property
    def start(self) -> dt.date | None:
        """First day covered, or None."""
        return as_date(self.row[s.PERIOD_START])

    @property
    def end(self) -> dt.date | None:
        """Last day covered, or None."""
        return as_date(self.row[s.PERIOD_END])

    def describe_source(self) -> str:
        """Return e.g. ``bns_annual (KZ_BNS), vintage 2021-07-28, sheet 12_2020, row 72``."""
        parts = [f"{self.row[s.SOURCE]} ({self.row[s.SOURCE_ORG]})"]
        if self.row[s.VINTAGE]:
            parts.append(f"vintage {self.row[s.VINTAGE]}")
        if self.row[s.LOCATOR]:
            parts.append(str(self.row[s.LOCATOR]))
        return ", ".join(parts)


def as_date(value: Any) -> dt.date | None:
    """Return a date from a datetime, a pandas Timestamp or ISO text; None when missing."""
    if value is None:
        return None
    import pandas as pd

    try:
        if pd.isna(value):  # None, NaN, NaT (NaT is also a datetime instance)
            return None
    except (TypeError, ValueError):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def period_relation(
    claim_start: dt.date | None,
    claim_end: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    *,
    stock: bool,
) -> str:
    """Return how a figure's period relates to a claim's (match, undated or other_period).

    A claim without a period matches any figure. A figure without a period is ``undated``. A
    stock matches when every date it states lies inside the claim's period; a flow only when both
    ends are equal.
    """
    if claim_start is None and claim_end is None:
        return MATCH
    if start is None and end is None:
        return UNDATED
    if stock:
        low = claim_start or dt.date.min
        high = claim_end or dt.date.max
        dates = [d for d in (start, end) if d is not None]
        return MATCH if all(low <= d <= high for d in dates) else OTHER_PERIOD
    return MATCH if (start, end) == (claim_start, claim_end) else OTHER_PERIOD


def subject_mask(figures: pd.DataFrame, claim: dict[str, Any], measures: tuple[str, ...]):
    """Return (direct, mirror) boolean masks of the figures about the claim's subject."""
    rule = SUBJECT_RULES.get(claim["measure"], "pair")
    in_measure = figures[s.MEASURE].isin(measures)
    partner_ok = figures[s.PARTNER] == claim["partner"]
    if rule == "partner":
        direct = in_measure & partner_ok & (figures[s.FLOW] == claim["flow"])
        return direct, direct & False
    if rule == "reporter":
        direct = in_measure & partner_ok & (figures[s.REPORTER] == claim["reporter"])
        return direct, direct & False
    direct = (
        in_measure
        & (figures[s.REPORTER] == claim["reporter"])
        & partner_ok
        & (figures[s.FLOW] == claim["flow"])
    )
    mirror_flow = MIRROR_FLOW.get(claim["flow"])
    if claim["measure"] in MIRRORED_MEASURES and mirror_flow and claim["partner"]:
        mirror = (
            in_measure
            & (figures[s.REPORTER] == claim["partner"])
            & (figures[s.PARTNER] == claim["reporter"])
            & (figures[s.FLOW] == mirror_flow)
            # A figure from the claim's own reporter never counts as the partner's record.
            & (figures[s.PERSPECTIVE] != claim["reporter"])
        )
    else:
        mirror = direct & False
    return direct, mirror


def gather_references(figures: pd.DataFrame, claim: dict[str, Any]) -> list[Reference]:
    """Return every figure bearing on ``claim`` as a :class:`Reference` with its relation.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    claim : dict
        One row of the claims table.

    Returns
    -------
    list of Reference
        Matches first, then near misses; origin statements are marked ``origin``.
    """
    measure = claim["measure"]
    related = RELATED_MEASURES.get(measure, ())
    measures = (measure, *related)
    direct, mirror = subject_mask(figures, claim, measures)
    selected = figures[direct | mirror]
    if measure in TOTAL_ONLY_MEASURES:
        selected = selected[selected[s.CLASSIFICATION] == s.TOTAL_CODE]
    mirror_ids = set(figures.loc[mirror, s.FIGURE_ID])
    origins = set(filter(None, str(claim.get("origin_statements") or "").split(";")))
    claim_start = as_date(claim["period_start"])
    claim_end = as_date(claim["period_end"])
    stock = measure in STOCK_MEASURES
    references: list[Reference] = []
    for row in selected.to_dict("records"):
        role = MIRROR if row[s.FIGURE_ID] in mirror_ids else DIRECT
        if row[s.RECORD_ID] and row[s.RECORD_ID] in origins and row[s.SOURCE] == "statements":
            relation = ORIGIN
        elif row[s.MEASURE] != measure:
            relation = OTHER_MEASURE
        else:
            relation = period_relation(
                claim_start,
                claim_end,
                as_date(row[s.PERIOD_START]),
                as_date(row[s.PERIOD_END]),
                stock=stock,
            )
            if relation == MATCH and row[s.UNIT] != claim["unit"]:
                relation = OTHER_UNIT
            elif relation != MATCH and row[s.UNIT] != claim["unit"]:
                continue  # another unit and another period: too far to be a useful hint
        references.append(Reference(row=row, relation=relation, role=role))
    return references


def statement_references(
    figures: pd.DataFrame, claim: dict[str, Any], statement_ids: list[str]
) -> list[Reference]:
    """Return the figures of the listed statements (``reference_statements``) as matches."""
    rows = figures[
        (figures[s.SOURCE] == "statements")
        & figures[s.RECORD_ID].isin(statement_ids)
        & (figures[s.MEASURE] == claim["measure"])
    ]
    return [Reference(row=row, relation=MATCH) for row in rows.to_dict("records")]


def choose_vintages(references: list[Reference], as_of: dt.date | None) -> list[Reference]:
    """Keep one vintage of each figure: the latest released by ``as_of``, else the earliest.

    A claim is compared with the figures current at its date (later revisions are what the
    author could not know); when every vintage is later, the earliest is the closest to it.
    """
    groups: dict[tuple, list[Reference]] = {}
    for ref in references:
        row = ref.row
        key = (
            row[s.SOURCE],
            row[s.PERSPECTIVE],
            row[s.REPORTER],
            row[s.PARTNER],
            row[s.FLOW],
            row[s.MEASURE],
            str(row[s.PERIOD_START]),
            str(row[s.PERIOD_END]),
            row[s.CLASSIFICATION],
            row[s.PRODUCT_CODE],
            row[s.RECORD_ID],
            ref.relation,
        )
        groups.setdefault(key, []).append(ref)
    chosen = []
    for group in groups.values():
        if len(group) == 1:
            chosen.append(group[0])
            continue
        dated = sorted(group, key=lambda r: str(r.row[s.VINTAGE]))
        released = [r for r in dated if as_of is not None and vintage_date(r) is not None]
        released = [r for r in released if vintage_date(r) <= as_of]
        pick = released[-1] if released else dated[0]
        others = [r for r in dated if r is not pick]
        for other in others:
            if other.row[s.VALUE] != pick.row[s.VALUE]:
                pick.notes.append(
                    f"vintage {other.row[s.VINTAGE]} gives {other.row[s.VALUE]:g} "
                    f"(× {other.row[s.SCALE]:g})"
                )
        chosen.append(pick)
    return chosen


def vintage_date(ref: Reference) -> dt.date | None:
    """Return a figure's vintage as a date (release or publication day), or None."""
    text = str(ref.row[s.VINTAGE])[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
