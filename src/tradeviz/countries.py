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
    # Aggregates and residual rows of the Kyrgyz, Uzbek and ERI tables.
    "ес": "EU",
    "снг": "CIS",
    "шос": "SCO",
    "еаэс": "EAEU",
    "остальные страны": "REST",
    "другие страны": "UNSPECIFIED",
    "неопределенная страна": "UNSPECIFIED",
    "прочие": "UNSPECIFIED",
    "прочие страны": "UNSPECIFIED",
    "страна не указана": "UNSPECIFIED",
    "конфиденциально": "UNSPECIFIED",
    "европейский союз (ес)": "EU_BODIES",
    "оон": "UN_BODIES",
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
    # Kyrgyz (stat.kg), Uzbek (stat.uz), Russian (FTS) and ERI spellings.
    "великобритания": "GBR",
    "великобритания (соединенное королевство)": "GBR",
    "соединенное королевство": "GBR",
    "республика македония": "MKD",
    "буве": "BVT",
    "китай (сар гонконг)": "HKG",
    "макао (макао)": "MAC",
    "корея (кндр)": "PRK",
    "тайвань. китайская провинция": "TWN",
    "тайвань": "TWN",
    "боствана": "BWA",  # sic
    "котд ивуар": "CIV",
    "цар": "CAF",
    "центральноафриканская республика": "CAF",
    "восточное самоа": "ASM",
    "нормандские острова": "CHI",
    "бруней": "BRN",
    "нидерландские антильские острова": "ANT",
    "буркино фасо": "BFA",
    "заир": "COD",
    "ливийская арабская джамахирия": "LBY",
    "кокосовые осторова": "CCK",  # sic
    "кокосовых островов": "CCK",
    "острова свальбард и ян-майен": "SJM",
    "багамские острова": "BHS",
    "корея": "KOR",
    "южная корея": "KOR",
    "оаэ": "ARE",
    "сша": "USA",
    "мальдивские острова": "MDV",
    "остров майотта": "MYT",
    "юар": "ZAF",
    "острова уоллис и футуна": "WLF",
    "ангилья": "AIA",
    "виргинские острова соединенных штатов": "VIR",
    "южные земли (французская заморская территория)": "ATF",
    "сейшельские острова": "SYC",
    "тимор-лешти": "TLS",
    "бермудские острова": "BMU",
    "ватикан": "VAT",
    "кайман острова": "CYM",
    "косово": "XKX",
    "палестина": "PSE",
    "западная сахара": "ESH",
    "гонконг": "HKG",
    "макао": "MAC",
    "британско-виргинские острова": "VGB",
    "британско- виргинские острова": "VGB",
    "молдова": "MDA",
    "сан марино": "SMR",
    "коста рика": "CRI",
    "эль-сальвадор": "SLV",
    "гвинея - бисау": "GNB",
    "котд'ивуар": "CIV",
    "сьерра леоне": "SLE",
}

#: English names that WITS prints and pycountry spells differently.
ENGLISH_NAME_OVERRIDES: dict[str, str] = {
    "world": WORLD,
    # The English editions of the BNS tables.
    "total": WORLD,
    "total including": WORLD,
    "cis countries": "CIS",
    "eaeu countries": "EAEU",
    "eu countries": "EU",
    "asia": "ASIA",
    "europe": "EUROPE",
    "africa": "AFRICA",
    "america": "AMERICA",
    "australia and oceania": "OCEANIA",
    "korea, rep.": "KOR",
    "turkey": "TUR",
    "russian federation": "RUS",
    # UN Comtrade reporter names.
    "bolivia (plurinational state of)": "BOL",
    "bosnia herzegovina": "BIH",
    "cayman isds": "CYM",
    "central african rep.": "CAF",
    "china, hong kong sar": "HKG",
    "china, macao sar": "MAC",
    "dem. rep. of the congo": "COD",
    "dominican rep.": "DOM",
    "lao people's dem. rep.": "LAO",
    "other asia, nes": "S19",
    "rep. of korea": "KOR",
    "rep. of moldova": "MDA",
    "solomon isds": "SLB",
    "state of palestine": "PSE",
    "usa": "USA",
    "united rep. of tanzania": "TZA",
    # wiiw and stat.kg names.
    "korea republic": "KOR",
    "saint vincent and grenadines": "VCT",
    "netherlands antilles": "ANT",
    "kosovo": "XKX",
    "taiwan": "TWN",
    "hong kong": "HKG",
    "macao": "MAC",
    "macau": "MAC",
    "palestine": "PSE",
    "western sahara": "ESH",
    "great britain": "GBR",
    "channel islands": "CHI",
    "undefined country": "UNSPECIFIED",
    "other countries": "UNSPECIFIED",
    "not specified": "UNSPECIFIED",
    "areas, nes": "UNSPECIFIED",
}

#: Territories that statistics name but ISO 3166-1 does not list (user-assigned or withdrawn
#: codes, as the World Bank and UN Comtrade use them); they count as countries.
EXTRA_TERRITORIES: dict[str, str] = {
    "XKX": "Kosovo",
    "ANT": "Netherlands Antilles (dissolved 2010)",
    "CHI": "Channel Islands",
    "S19": "Other Asia, not elsewhere specified (UN Comtrade area 490)",
}

#: ISO 3166 numeric codes that pycountry no longer lists, and the "0" of partners not specified.
NUMERIC_OVERRIDES: dict[str, str] = {
    "736": "SDN",  # Sudan before the 2011 split (now 729)
    "530": "ANT",
    "0": "UNSPECIFIED",
}

#: Codes of the wiiw FDI database that are not ISO 3166 alpha-2.
WIIW_CODES: dict[str, str] = {
    "WORLD": WORLD,
    "EU27_2020": "EU27_2020",
    "EU28_2013": "EU28",
    "EU15_1995": "EU15",
    "AN": "ANT",
}

#: Where to add an unknown name, by the language the source prints it in.
TABLE_TO_EXTEND: dict[str, str] = {
    "ru": "tradeviz.countries.RUSSIAN_NAME_OVERRIDES (or RUSSIAN_AGGREGATES)",
    "en": "tradeviz.countries.ENGLISH_NAME_OVERRIDES",
    "numeric": "tradeviz.countries.NUMERIC_OVERRIDES",
    "alpha2": "tradeviz.countries.WIIW_CODES",
}

_ISO3_CATALOGUE = "iso3166-1"
_RUSSIAN = "ru"
_PYCOUNTRY_NAME_FIELDS = ("name", "official_name", "common_name")
_COMBINING_ACUTE = "\u0301"
_SPACED_DASH = re.compile(r"\s*[\u2012\u2013\u2014\u2015]\s*")
_WHITESPACE = re.compile(r"\s+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Latin letters that look like Cyrillic ones, as mistyped inside Russian names («Китaй»).
_LATIN_LOOKALIKES = str.maketrans("aeopcxyAEOPCXYKMHT", "аеорсхуАЕОРСХУКМНТ")


class Partner(NamedTuple):
    """A resolved partner: its code and whether it is a country, an aggregate or the world."""

    code: str
    kind: str


class UnknownPartnerError(KeyError):
    """A partner name that neither pycountry nor the override tables know."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


#: Distinct printed names remembered by :func:`normalise_name` (tables repeat their partners).
NORMALISED_NAMES_CACHED = 65_536


@functools.lru_cache(maxsize=NORMALISED_NAMES_CACHED)
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
    if _CYRILLIC.search(text):
        text = text.translate(_LATIN_LOOKALIKES)
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

    return frozenset(country.alpha_3 for country in pycountry.countries) | frozenset(
        EXTRA_TERRITORIES
    )


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


def table_to_extend(language: str) -> str:
    """Name the table where an unknown partner of a source in ``language`` belongs."""
    return TABLE_TO_EXTEND.get(language, TABLE_TO_EXTEND["en"])


def resolve_numeric(code: str) -> Partner:
    """Resolve an ISO 3166 numeric code (``"008"``, ``"8"``; ``"0"`` = not specified).

    Raises
    ------
    UnknownPartnerError
        If neither pycountry nor :data:`NUMERIC_OVERRIDES` knows the code.
    """
    import pycountry

    text = code.strip()
    if not text.isdigit():
        raise UnknownPartnerError(code)
    key = str(int(text))
    if key in NUMERIC_OVERRIDES:
        resolved = NUMERIC_OVERRIDES[key]
        return Partner(resolved, partner_kind(resolved))
    country = pycountry.countries.get(numeric=key.zfill(3))
    if country is None:
        raise UnknownPartnerError(code)
    return Partner(country.alpha_3, COUNTRY)


def resolve_alpha2(code: str) -> Partner:
    """Resolve an ISO 3166 alpha-2 code or a code of :data:`WIIW_CODES`.

    Raises
    ------
    UnknownPartnerError
        If the code is in neither.
    """
    import pycountry

    text = code.strip().upper()
    if text in WIIW_CODES:
        resolved = WIIW_CODES[text]
        return Partner(resolved, partner_kind(resolved))
    country = pycountry.countries.get(alpha_2=text) if len(text) == 2 else None
    if country is None:
        raise UnknownPartnerError(code)
    return Partner(country.alpha_3, COUNTRY)


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
