"""Which figures bear on a claim, and how: the same measure, period and unit, or a near miss.

Every figure that shares the claim's subject (its country pair and flow, read by the rules of
:data:`SUBJECT_RULES`) is kept as a :class:`Reference` with a ``relation``:

``match``          same measure, unit and period: evidence;
``undated``        same measure and unit, but the figure states no period;
``other_period``   same measure and unit, another period;
``other_unit``     same measure and period, another unit (TEU for containers);
``other_measure``  a related measure (:data:`RELATED_MEASURES`: operating for registered);
``origin``         a statement the claim repeats (its ``origin_statements``, or any statement
                   quoted from the document itself): shown, never evidence.

Mirror figures (the partner's record of the same flow, e.g. China's imports from Kazakhstan for
Kazakhstan's exports to China) are kept with their own perspective, never merged.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.query import release_date, where
from tradeviz.query.rows import records
from tradeviz.query.vintages import as_of_release as current_release
from tradeviz.vocabulary import GROWTH_YOY, MIRROR_FLOW, PARTNER_SHARE, STATEMENTS, TRADE_VALUE

if TYPE_CHECKING:
    import pandas as pd

MATCH = "match"
UNDATED = "undated"
OTHER_PERIOD = "other_period"
OTHER_UNIT = "other_unit"
OTHER_MEASURE = "other_measure"
ORIGIN = "origin"

#: Relations that count as a comparison of numbers (the unit is the claim's).
COMPARABLE_RELATIONS = (MATCH, UNDATED, ORIGIN, OTHER_PERIOD)

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
MIRRORED_MEASURES = frozenset({TRADE_VALUE, GROWTH_YOY})

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

#: Two releases whose values differ by less than this fraction give the same figure (values
#: computed from levels differ in the last binary digits).
SAME_VALUE_REL = 1e-9

#: Trade figures of one product line are never a claim's total.
TOTAL_ONLY_MEASURES = frozenset({TRADE_VALUE, PARTNER_SHARE, GROWTH_YOY})


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
    releases : int
        How many releases (vintages) of this figure the data holds.
    predates : bool or None
        Whether the release kept is known to be published by the document's date (None: one
        release only).
    revised : Reference or None
        The latest release, when it gives another value than the one kept.
    """

    row: dict[str, Any]
    relation: str
    role: str = DIRECT
    quantity: float = float("nan")
    detail: str = ""
    supports: bool | None = None
    deviation: float = float("nan")
    notes: list[str] = field(default_factory=list)
    releases: int = 1
    predates: bool | None = None
    revised: Reference | None = None

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


def subject_measures(measure: str) -> tuple[str, ...]:
    """Return the measures a claim's references are drawn from: its own, then related ones."""
    return (measure, *RELATED_MEASURES.get(measure, ()))


def subject_rows(
    figures: pd.DataFrame, claim: dict[str, Any], measures: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the figures about the claim's subject: its own side's, and the mirror figures.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    claim : dict
        One row of the claims table.
    measures : tuple of str
        The claim's measure and the related measures shown as hints.

    Returns
    -------
    direct, mirror : pandas.DataFrame
        The figures of the claim's own side and direction, and the partner's record of the same
        flow (empty when the measure has no mirror).
    """
    rule = SUBJECT_RULES.get(claim["measure"], "pair")
    subject = {s.MEASURE: measures, s.PARTNER: claim["partner"]}
    if rule == "partner":
        subject[s.FLOW] = claim["flow"]
    elif rule == "reporter":
        subject[s.REPORTER] = claim["reporter"]
    else:
        subject.update({s.REPORTER: claim["reporter"], s.FLOW: claim["flow"]})
    direct = where(figures, **subject)
    mirror_flow = MIRROR_FLOW.get(claim["flow"])
    if (
        rule != "pair"
        or claim["measure"] not in MIRRORED_MEASURES
        or not (mirror_flow and claim["partner"])
    ):
        return direct, figures.iloc[0:0]
    mirror = where(
        figures,
        measure=measures,
        reporter=claim["partner"],
        partner=claim["reporter"],
        flow=mirror_flow,
        # A figure from the claim's own reporter never counts as the partner's record.
        exclude={s.PERSPECTIVE: (claim["reporter"],)},
    )
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
    measures = subject_measures(measure)
    direct, mirror = subject_rows(figures, claim, measures)
    selected = _in_table_order(direct, mirror)
    products = tuple(code for code in str(claim.get("products") or "").split(";") if code)
    if measure in TOTAL_ONLY_MEASURES and products:
        # A claim about product groups is never judged on the flow's total.
        selected = [row for row in selected if row[s.PRODUCT_CODE] in products]
    elif measure in TOTAL_ONLY_MEASURES:
        selected = [row for row in selected if row[s.CLASSIFICATION] == s.TOTAL_CODE]
    mirror_ids = set(mirror[s.FIGURE_ID])
    origins = set(filter(None, str(claim.get("origin_statements") or "").split(";")))
    claim_start = as_date(claim["period_start"])
    claim_end = as_date(claim["period_end"])
    stock = measure in STOCK_MEASURES
    references: list[Reference] = []
    for row in selected:
        role = MIRROR if row[s.FIGURE_ID] in mirror_ids else DIRECT
        if row[s.SOURCE] == STATEMENTS and (
            (row[s.RECORD_ID] and row[s.RECORD_ID] in origins)
            or same_address(row[s.SOURCE_URL], claim.get("doc_url"))
        ):
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


def _in_table_order(direct: pd.DataFrame, mirror: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the rows of both frames as dicts, in the order of their index labels.

    The rows of a claim's two sides come from one table, so their labels say where they stand
    in it; each frame is read as dicts on its own (cheaper than concatenating and sorting the
    frames). Labels found in both are left to pandas' concatenation and sort.
    """
    labels = [*direct.index, *mirror.index]
    if len(set(labels)) != len(labels):
        import pandas as pd

        return records(pd.concat([direct, mirror]).sort_index())
    rows = [*records(direct), *records(mirror)]
    return [rows[at] for at in sorted(range(len(rows)), key=labels.__getitem__)]


def same_address(first: Any, second: Any) -> bool:
    """Return whether two web addresses name the same page (scheme, ``www.``, ``/`` aside).

    A statement quoted from the very document being checked is that document, not evidence
    about it: it counts as the claim's origin.

    Examples
    --------
    >>> same_address("https://www.x.net/a/", "http://x.net/a")
    True
    >>> same_address("", "")
    False
    """

    def bare(address: Any) -> str:
        text = str(address or "").strip().lower()
        for prefix in ("https://", "http://"):
            text = text.removeprefix(prefix)
        return text.removeprefix("www.").rstrip("/")

    return bool(bare(first)) and bare(first) == bare(second)


def statement_references(
    figures: pd.DataFrame, claim: dict[str, Any], statement_ids: list[str]
) -> list[Reference]:
    """Return the figures of the listed statements (``reference_statements``) as matches."""
    rows = where(
        figures, source=STATEMENTS, record_id=tuple(statement_ids), measure=claim["measure"]
    )
    return [Reference(row=row, relation=MATCH) for row in records(rows)]


def choose_vintages(references: list[Reference], as_of: dt.date | None) -> list[Reference]:
    """Keep one release of each figure: the latest published by ``as_of``, else the earliest.

    A claim is compared with the figures current at its date (later revisions are what the
    author could not know); when no release is known to predate it, the earliest release (the
    preliminary one) is the closest to it. The kept reference remembers the latest revision
    (``revised``) when it gives another value, and whether it predates the document.
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
        current, newest, predates = current_release(
            [(r.row[s.VINTAGE], r.row.get(s.RELEASE, "unknown")) for r in group], as_of
        )
        pick = group[current]
        pick.releases = len(group)
        pick.predates = predates
        latest = group[newest]
        if latest is not pick and not math.isclose(
            float(latest.row[s.VALUE]), float(pick.row[s.VALUE]), rel_tol=SAME_VALUE_REL
        ):
            pick.revised = latest
        chosen.append(pick)
    return chosen


def vintage_date(ref: Reference) -> dt.date | None:
    """Return a figure's vintage as a date (release or publication day), or None."""
    return release_date(ref.row[s.VINTAGE])
