"""Readable names for codes: countries, aggregates, flows, sources and perspectives."""

from __future__ import annotations

import functools

from tradeviz import schema

#: Short names where ISO 3166's official name is long or unusual in a chart label.
SHORT_COUNTRY_NAMES = {
    "KOR": "South Korea",
    "PRK": "North Korea",
    "RUS": "Russia",
    "IRN": "Iran",
    "TWN": "Taiwan",
    "GBR": "United Kingdom",
    "USA": "United States",
    "VNM": "Vietnam",
    "MDA": "Moldova",
    "SYR": "Syria",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "TZA": "Tanzania",
    "LAO": "Laos",
    "CZE": "Czechia",
    "NLD": "Netherlands",
    "HKG": "Hong Kong",
    "MAC": "Macao",
}
SOURCE_LABELS = {
    "bns_annual": "BNS annual tables",
    "bns_monthly": "BNS monthly totals",
    "wits": "UN Comtrade via WITS",
    "statements": "as quoted",
}
PERSPECTIVE_AGENCIES = {"KAZ": "BNS", "CHN": "GACC"}


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """Return a short English name for an ISO3 or aggregate code (the code itself if unknown).

    Parameters
    ----------
    code : str
        ISO 3166 alpha-3 code or one of ``schema.AGGREGATE_CODES``.

    Returns
    -------
    str
        E.g. ``"China"``, ``"Russia"``, ``"World (stated total)"``.
    """
    if code in SHORT_COUNTRY_NAMES:
        return SHORT_COUNTRY_NAMES[code]
    if code in schema.AGGREGATE_CODES:
        return schema.AGGREGATE_CODES[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=str(code))
    if country is None:
        return str(code)
    return getattr(country, "common_name", None) or country.name


def perspective_label(perspective: str) -> str:
    """Return whose statistics, e.g. ``"Kazakhstan (BNS)"`` or ``"China (GACC), as quoted"``."""
    if perspective == schema.UNATTRIBUTED:
        return "unattributed"
    agency = PERSPECTIVE_AGENCIES.get(perspective)
    name = country_name(perspective)
    return f"{name} ({agency})" if agency else name


def possessive(code: str) -> str:
    """Return ``"Kazakhstan's"`` for ``"KAZ"``."""
    name = country_name(code)
    return f"{name}'" if name.endswith("s") else f"{name}'s"
