"""The words around a chart: the title that states the finding, the subtitle, the source line.

A chart's title says what its numbers show ("China took 19.8 % of Kazakhstan's exports in
2020, not 'about 12 %'"), built here from the numbers the chart draws; the subtitle says what is
measured, in which unit and by whose statistics; the source line names the producers in one
line. The full provenance (files, vintages, statement ids) belongs to the chart's page and data
download, not to the image.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tradeviz.text.names import count_phrase, country_name, ordinal, possessive
from tradeviz.text.numbers import CHART, format_money, format_percent

#: Who produced each source's figures, as a source line names them.
SOURCE_CREDITS: dict[str, str] = {
    "bns_annual": "Kazakhstan's Bureau of National Statistics",
    "bns_monthly": "Kazakhstan's Bureau of National Statistics",
    # the Economic Research Institute republishes the Bureau's figures (named on the page)
    "eri": "Kazakhstan's Bureau of National Statistics",
    "comtrade": "UN Comtrade",
    "wits": "UN Comtrade via WITS",
    "kgnsc": "Kyrgyzstan's National Statistical Committee",
    "rus_fts": "Russia's Federal Customs Service",
    "uzstat": "Uzbekistan's Statistics Agency",
    "wiiw": "wiiw FDI Database",
    "statements": "figures as quoted in the press (outlets on the chart's page)",
}
#: The statistical agency behind each country's records, as readers know it.
AGENCIES: dict[str, str] = {
    "KAZ": "Kazakhstan's Bureau of National Statistics",
    "CHN": "China's customs",
    "RUS": "Russia's Federal Customs Service",
}
SOURCE_PREFIX = "Source: "
#: Stated shares are printed with no decimals, measured ones with one.
MEASURED_DECIMALS = 1
STATED_DECIMALS = 0


def source_credit(source: str) -> str:
    """Return who produced a source's figures (``"wits"`` → ``"UN Comtrade via WITS"``)."""
    return SOURCE_CREDITS.get(str(source), str(source))


def source_line(sources: Iterable[str]) -> str:
    """Return the one-line source of a chart, each producer once, in the order given.

    Parameters
    ----------
    sources : iterable of str
        The ``source`` of each figure drawn (repeats are fine).

    Returns
    -------
    str
        E.g. ``"Source: Kazakhstan's Bureau of National Statistics; UN Comtrade via WITS"``,
        or ``""`` when nothing is drawn from a source.

    Examples
    --------
    >>> source_line(["bns_annual", "wits", "bns_annual"])
    "Source: Kazakhstan's Bureau of National Statistics; UN Comtrade via WITS"
    """
    credits = list(dict.fromkeys(source_credit(s) for s in sources if str(s)))
    return SOURCE_PREFIX + "; ".join(credits) if credits else ""


def quoted_label(perspective: str, outlet: str = "") -> str:
    """Return an honest label for a figure quoted second-hand.

    Examples
    --------
    >>> quoted_label("CHN", "Xinhua")
    "China's customs, as quoted by Xinhua"
    >>> quoted_label("CHN")
    "China's customs, as quoted"
    """
    agency = AGENCIES.get(perspective, f"{possessive(country_name(perspective))} statistics")
    return f"{agency}, as quoted by {outlet}" if outlet else f"{agency}, as quoted"


def whose_statistics(reporter: str) -> str:
    """Return ``"by Kazakhstan's statistics"``: whose records a chart shows."""
    return f"by {possessive(country_name(reporter))} statistics"


def span(years: Sequence[int]) -> str:
    """Return the span of years drawn: ``"1995–2022"``, ``"2020"`` or ``""``."""
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def subtitle(what: str, unit: str, whose: str, years: Sequence[int] = ()) -> str:
    """Return a chart's subtitle: what is measured, its unit, whose statistics, the years.

    Examples
    --------
    >>> subtitle("China's share of Kazakhstan's exports and imports",
    ...          "% of Kazakhstan's stated world total", "by Kazakhstan's statistics",
    ...          [1995, 2022])
    "China's share of Kazakhstan's exports and imports, % of Kazakhstan's stated world total, by Kazakhstan's statistics, 1995–2022"
    """  # noqa: E501
    return ", ".join(part for part in (what, unit, whose, span(years)) if part)


@dataclass(frozen=True)
class ClaimTest:
    """A claimed value beside the measured one for the same flow and period.

    Attributes
    ----------
    flow : str
        ``exports`` or ``imports``.
    year : int
        The claim's period.
    stated : float
        The value as stated (a share in %).
    qualifier : str
        ``about``, ``over`` … ("" when stated exactly).
    low, high : float
        The claim's tolerance: the measured value within ``[low, high]`` bears it out.
    measured : float or None
        The measured value in that year (None when the data do not give it).
    """

    flow: str
    year: int
    stated: float
    qualifier: str
    low: float
    high: float
    measured: float | None

    @property
    def holds(self) -> bool | None:
        """True when the measured value is within the tolerance, None when not measured."""
        if self.measured is None:
            return None
        return self.low <= self.measured <= self.high

    @property
    def stated_text(self) -> str:
        """The claim as stated: ``'about 12 %'``."""
        stated = format_percent(self.stated, STATED_DECIMALS, style=CHART)
        qualifier = self.qualifier.replace("_", " ")
        return f"{qualifier} {stated}" if qualifier else stated


def share_title(
    partner: str,
    reporter: str,
    latest: dict[str, tuple[int, float]],
    claims: Sequence[ClaimTest] = (),
) -> str:
    """Return the finding of a share chart: a claim tested, else the latest shares.

    A claim the data contradict leads (it is the news); else a claim the data bear out; else
    the latest year's shares.

    Parameters
    ----------
    partner, reporter : str
        ISO3 codes.
    latest : dict of str to (int, float)
        Flow -> (latest year, share in %), by the preferred source.
    claims : sequence of ClaimTest
        The claims drawn, each with the measured share of its year.

    Returns
    -------
    str
        E.g. ``"China took 19.8 % of Kazakhstan's exports in 2020, not 'about 12 %'"``.
    """
    who, of = country_name(partner), possessive(country_name(reporter))
    tested = [claim for claim in claims if claim.holds is not None]
    for wanted, joiner in ((False, "not"), (True, "in line with")):
        for claim in tested:
            if claim.holds is wanted:
                measured = format_percent(claim.measured, MEASURED_DECIMALS, style=CHART)
                return (
                    f"{who} took {measured} of {of} {claim.flow} in {claim.year}, "
                    f"{joiner} '{claim.stated_text}'"
                )
    parts = [
        f"{format_percent(share, MEASURED_DECIMALS, style=CHART)} of {of if i == 0 else 'its'} "
        f"{flow}"
        for i, (flow, (_, share)) in enumerate(latest.items())
    ]
    years = {year for year, _ in latest.values()}
    if not parts:
        return f"{who}'s share of {of} trade"
    when = f" in {years.pop()}" if len(years) == 1 else ""
    return f"{who} took {' and '.join(parts)}{when}"


def trade_title(reporter: str, partner: str, year: int, exports: float, imports: float) -> str:
    """Return the finding of a trade-over-time chart: the latest year's exports and imports.

    Examples
    --------
    >>> trade_title("KAZ", "CHN", 2022, 13.2e9, 10.4e9)
    'Kazakhstan exported $13.2 bn to China and imported $10.4 bn from it in 2022'
    """
    return (
        f"{country_name(reporter)} exported {format_money(exports, style=CHART)} to "
        f"{country_name(partner)} and imported {format_money(imports, style=CHART)} from it in "
        f"{year}"
    )


def rank_title(partner: str, reporter: str, year: int, flow: str, rank: int, share: float) -> str:
    """Return the finding of a ranking: where the highlighted partner stands, and its share.

    Examples
    --------
    >>> rank_title("CHN", "KAZ", 2020, "exports", 1, 19.82)
    "China was Kazakhstan's largest export market in 2020: 19.8 % of exports"
    >>> rank_title("RUS", "KAZ", 2020, "imports", 1, 34.9)
    "Russia was Kazakhstan's largest source of imports in 2020: 34.9 % of imports"
    """
    place = "largest" if rank == 1 else f"{ordinal(rank)} largest"
    market = "export market" if flow == "exports" else "source of imports"
    return (
        f"{country_name(partner)} was {possessive(country_name(reporter))} {place} {market} in "
        f"{year}: {format_percent(share, MEASURED_DECIMALS, style=CHART)} of {flow}"
    )


def gap_title(exporter: str, importer: str, year: int, gap: float, pct_of_exporter: float) -> str:
    """Return the finding of a mirror chart: the widest gap, exporter's minus importer's record.

    Examples
    --------
    >>> gap_title("CHN", "KAZ", 2021, 5.75e9, 41.1)
    "China's record of its exports to Kazakhstan in 2021 exceeds Kazakhstan's by $5.8 bn (41.1 % of China's)"
    """  # noqa: E501
    word = "exceeds" if gap >= 0 else "falls short of"
    return (
        f"{possessive(country_name(exporter))} record of its exports to {country_name(importer)} "
        f"in {year} {word} {possessive(country_name(importer))} by "
        f"{format_money(abs(gap), style=CHART)} "
        f"({format_percent(abs(pct_of_exporter), MEASURED_DECIMALS, style=CHART)} of "
        f"{possessive(country_name(exporter))})"
    )


def growth_title(who: str, flow: str, span_text: str, year: int, growth_pct: float) -> str:
    """Return the finding of a year-to-date chart: the growth over the same months.

    Examples
    --------
    >>> growth_title("Kazakhstan's", "turnover with all partners", "Jan–Apr", 2021, -4.37)
    "Kazakhstan's turnover with all partners fell 4.4 % in Jan–Apr 2021 from a year earlier"
    """
    verb = "rose" if growth_pct >= 0 else "fell"
    change = format_percent(abs(growth_pct), MEASURED_DECIMALS, style=CHART)
    return f"{who} {flow} {verb} {change} in {span_text} {year} from a year earlier"


def claims_title(document: str, held: int, off: int) -> str:
    """Return the finding of a document's claims chart: how many checked claims are off.

    Examples
    --------
    >>> claims_title("neo-2021-07-20", 6, 3)
    'neo-2021-07-20: 3 checked claims off the official figures, 6 borne out'
    >>> claims_title("d", 4, 0)
    'd: every checked claim (4) borne out by the official figures'
    """
    if not off:
        return f"{document}: every checked claim ({held}) borne out by the official figures"
    return (
        f"{document}: {count_phrase(off, 'checked claim')} off the official figures, "
        f"{held} borne out"
    )


def claims_subtitle(document: str, unchecked: int) -> str:
    """Return the subtitle of a document's claims chart: what each row shows, in which unit.

    Examples
    --------
    >>> claims_subtitle("d", 0)
    "Checked claims of d: the value stated against the official figures, each in the claim's own unit, with its tolerance"
    """  # noqa: E501
    text = (
        f"Checked claims of {document}: the value stated against the official figures, each "
        "in the claim's own unit, with its tolerance"
    )
    if unchecked:
        text += (
            f"; {count_phrase(unchecked, 'claim')} could not be checked (listed with the "
            "reason on the chart's page)"
        )
    return text
