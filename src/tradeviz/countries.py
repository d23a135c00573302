"""Partner names as printed in the sources → ISO 3166 alpha-3 codes or aggregate codes.

Russian country names are matched against pycountry's ISO 3166-1 names and their Russian
translations (the ``iso3166-1`` gettext catalogue that pycountry ships), after
:func:`normalise_name`. What pycountry lacks (BNS's own spellings, abbreviations, former names)
is in the explicit, tested :data:`RUSSIAN_NAME_OVERRIDES`. Aggregates («Всего», «Страны СНГ»,
continents …) map to :data:`tradeviz.schema.AGGREGATE_CODES`, never to countries. An unknown
name raises :class:`UnknownPartnerError`; adapters turn it into an :class:`InputError` naming the
file and row.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from tradeviz.schema import AGGREGATE_CODES, WORLD

COUNTRY = "country"
AGGREGATE = "aggregate"
WORLD_KIND = "world"

#: Aggregate rows of the BNS tables (normalised name → code of ``schema.AGGREGATE_CODES``).
#: In the BNS layout «Страны вне ЕАЭС» is the CIS countries outside the EAEU, «Остальные
#: страны мира» the world outside the CIS, and «Страны вне ЕС» the European countries outside
#: the EU (see data/raw/bns/README.md).
RUSSIAN_AGGREGATES: dict[str, str] = {
    "всего": WORLD,
    "всего в том числе": WORLD,
    "страны снг": "CIS",
    "страны еаэс": "EAEU",
    "страны вне еаэс": "NON_EAEU",
    "страны ес": "EU",
    "страны вне ес": "NON_EU",
    "азия": "ASIA",
    "европа": "EUROPE",
    "африка": "AFRICA",
    "америка": "AMERICA",
    "австралия и океания": "OCEANIA",
    "остальные страны мира": "OTHER",
}

#: Russian names that pycountry's catalogue does not give, as BNS prints them (normalised).
RUSSIAN_NAME_OVERRIDES: dict[str, str] = {
    "американское самоа": "ASM",
    "ангилья (брит.)": "AIA",
    "британская территория в индийском океане": "IOT",
    "бруней-даруссалам": "BRN",
    "ватикан, государство-город": "VAT",
    "виргинские острова (брит.)": "VGB",
    "виргинские острова, сша": "VIR",
    "гибралтар (брит.)": "GIB",
    "гуам (сша)": "GUM",
    "ирак, республика ирак": "IRQ",
    "иран, исламская республика": "IRN",
    "каймановы острова (брит.)": "CYM",
    "кокосовые (килинг) острова": "CCK",
    "коморские острова": "COM",
    "корея, народно-демократическая республика": "PRK",
    "кыргызстан": "KGZ",
    "македония": "MKD",
    "малые тихоокеан. отдаленные остроа сша": "UMI",
    "малые тихоокеан. отдален. острова сша": "UMI",
    "малые тихоокеан.отдален.ост-ва с.ш.": "UMI",
    "микронезия, федеративные штаты": "FSM",
    "молдова, республика": "MDA",
    "остров святой елены": "SHN",
    "острова теркс и кайкос": "TCA",
    "палестина, государство": "PSE",
    "питкерн": "PCN",
    "республика латвия": "LVA",
    "россия": "RUS",
    "самоа, независимое государство": "WSM",
    "свазиленд": "SWZ",
    "северные марианские острова": "MNP",
    "сен-бартелеми": "BLM",
    "тайвань (китай)": "TWN",
    "танзания, объединенная республика": "TZA",
    "тимор-лесте": "TLS",
    "фолклендские острова (мальвинские)": "FLK",
    "французкие южные территории": "ATF",  # sic: BNS misspells «Французские»
    "черногория (монтенегро)": "MNE",
    "южн.джорджия и южн.сандвич.острова": "SGS",
}

#: English names that WITS prints and pycountry spells differently.
ENGLISH_NAME_OVERRIDES: dict[str, str] = {
    "world": WORLD,
    "korea, rep.": "KOR",
    "turkey": "TUR",
    "russian federation": "RUS",
}

_ISO3_CATALOGUE = "iso3166-1"
_RUSSIAN = "ru"
_PYCOUNTRY_NAME_FIELDS = ("name", "official_name", "common_name")
_COMBINING_ACUTE = "\u0301"
_SPACED_DASH = re.compile(r"\s*[\u2012\u2013\u2014\u2015]\s*")
_WHITESPACE = re.compile(r"\s+")


class Partner(NamedTuple):
    """A resolved partner: its code and whether it is a country, an aggregate or the world."""

    code: str
    kind: str


class UnknownPartnerError(KeyError):
    """A partner name that neither pycountry nor the override tables know."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def normalise_name(name: str) -> str:
    r"""Return a comparison form of a printed name.

    Case-folded, ``ё`` → ``е``, stress marks removed, dashes unified, white space (line breaks
    included) collapsed, leading and trailing spaces removed.

    Examples
    --------
    >>> normalise_name("  Антигуа И Барбуда")
    'антигуа и барбуда'
    >>> normalise_name("Всего\nв том числе")
    'всего в том числе'
    """
    text = unicodedata.normalize("NFC", name).replace(_COMBINING_ACUTE, "")
    text = text.replace("ё", "е").replace("Ё", "Е")
    text = _SPACED_DASH.sub("-", text)
    return _WHITESPACE.sub(" ", text).strip().casefold()


@functools.cache
def _pycountry_index() -> dict[str, str]:
    """Map normalised English and Russian pycountry names to alpha-3 codes."""
    import gettext

    import pycountry

    russian = gettext.translation(
        _ISO3_CATALOGUE, pycountry.LOCALES_DIR, languages=[_RUSSIAN], fallback=True
    )
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in _PYCOUNTRY_NAME_FIELDS:
            value = getattr(country, attr, None)
            if not value:
                continue
            index.setdefault(normalise_name(value), country.alpha_3)
            index.setdefault(normalise_name(russian.gettext(value)), country.alpha_3)
    return index


@functools.cache
def iso3_codes() -> frozenset[str]:
    """Return every ISO 3166-1 alpha-3 code that pycountry knows."""
    import pycountry

    return frozenset(country.alpha_3 for country in pycountry.countries)


def is_iso3(code: str) -> bool:
    """Return whether ``code`` is an ISO 3166-1 alpha-3 country code."""
    return code in iso3_codes()


def partner_kind(code: str) -> str:
    """Return ``"world"``, ``"aggregate"`` or ``"country"`` for a resolved partner code."""
    if code == WORLD:
        return WORLD_KIND
    if code in AGGREGATE_CODES:
        return AGGREGATE
    return COUNTRY


def resolve_partner(name: str) -> Partner:
    """Resolve a printed partner name (Russian or English) to a code and a kind.

    Parameters
    ----------
    name : str
        The name as printed, e.g. «Китай», « Страны ЕАЭС», «Тайвань (Китай)», "Korea, Rep.".

    Returns
    -------
    Partner
        ``(code, kind)`` with kind ``"country"``, ``"aggregate"`` or ``"world"``.

    Raises
    ------
    UnknownPartnerError
        If the name is in none of the tables.

    Examples
    --------
    >>> resolve_partner("Китай")
    Partner(code='CHN', kind='country')
    >>> resolve_partner("  Страны ЕС")
    Partner(code='EU', kind='aggregate')
    """
    key = normalise_name(name)
    if key in RUSSIAN_AGGREGATES:
        code = RUSSIAN_AGGREGATES[key]
    elif key in RUSSIAN_NAME_OVERRIDES:
        code = RUSSIAN_NAME_OVERRIDES[key]
    elif key in ENGLISH_NAME_OVERRIDES:
        code = ENGLISH_NAME_OVERRIDES[key]
    elif key in _pycountry_index():
        code = _pycountry_index()[key]
    else:
        raise UnknownPartnerError(name)
    return Partner(code, partner_kind(code))


def resolve_code(code: str) -> Partner:
    """Resolve a code printed by a source (ISO3 or ``WLD``, any case) to a partner.

    Raises
    ------
    UnknownPartnerError
        If the code is neither ISO3 nor an aggregate code.
    """
    upper = code.strip().upper()
    if upper in AGGREGATE_CODES or is_iso3(upper):
        return Partner(upper, partner_kind(upper))
    raise UnknownPartnerError(code)
