"""The words of trade claims in English and Russian, each table in one place.

Every table maps a regular expression (matched case-insensitively on a sentence) to what it
means in the claims format. Russian entries match word stems, so that inflected forms
(«Казахстаном», «Китая», «товарооборота») are found.
"""

from __future__ import annotations

import re

#: Scale words → the claims format's scale.
SCALES: dict[str, str] = {
    r"bn|billion|млрд\.?|миллиард\w*": "1e9",
    r"mn|mln|million|млн\.?|миллион\w*": "1e6",
    r"thousand|тыс\.?|тысяч\w*": "1e3",
}

#: Currency marks that make a number a money value (US dollars).
CURRENCY = r"\$|US\$|USD|долл\.?|доллар\w*"

#: Hedge words before a number → qualifier (the longest wording is tried first).
HEDGES: tuple[tuple[str, str], ...] = (
    (r"just over|slightly more than|немногим более|чуть более", "just_over"),
    (r"at least|не менее", "at_least"),
    (r"more than|over|exceeded|exceeding|above|более|свыше|превысил\w*", "over"),
    (r"nearly|almost|close to|почти|около чем", "nearly"),
    (r"about|approximately|around|some|roughly|около|примерно|порядка|приблизительно", "about"),
    (r"less than|under|below|менее|меньше", "under"),
)

#: Numbers in words: (pattern, value, unit meaning). Growth multiples are percent growth.
WORDED_NUMBERS: tuple[tuple[str, str, str], ...] = (
    (r"one and a half times|в полтора раза|полуторакратн\w*", "50", "growth"),
    (r"doubled|double[sd]?|two-fold|twofold|вдвое|в два раза|удвоил\w*", "100", "growth"),
    (r"tripled|three-fold|threefold|втрое|в три раза|утроил\w*", "200", "growth"),
    (r"a quarter|one quarter|четверть|четверти", "25", "share"),
    (r"a third|one third|треть|трети", "33.3", "share"),
    (r"(?<!and a )(?<!first )\bhalf\b|половин\w*", "50", "share"),
)

#: Counted things after a number ("900 thousand containers", "14 thousand Kazakh students"):
#: pattern → (measure, unit). Up to two words may stand between the number and the noun.
COUNTS: tuple[tuple[str, tuple[str, str]], ...] = (
    (r"TEU|ДФЭ", ("transit_containers", "TEU")),
    (r"containers?|контейнер\w*", ("transit_containers", "containers")),
    (r"students?|студент\w*", ("students", "persons")),
    (r"enterprises|companies|предприяти\w*|компани\w*", ("enterprises_registered", "enterprises")),
    (r"doses|доз\w*", ("vaccine_doses", "doses")),
    (r"country|people|inhabitants|жител\w*|человек", ("population", "persons")),
)
#: Words after a percentage of transit cargo that make it the share bound for Europe.
EUROPE_BOUND = r"(?:bound for|to|destined for|в|направля\w* в) (?:the )?(?:Europe|EU|Европ\w*)"

#: Words that make a money figure an investment (cumulative FDI).
INVESTMENT_WORDS = r"invest\w*|инвестиц\w*|инвестир\w*"

#: Words that make a percentage a growth rate.
GROWTH_WORDS = (
    r"increase|increased|grew|grow|growth|rose|rise|up by|surged|jumped|expanded|decline|"
    r"declined|fell|drop|dropped|down by|вырос\w*|рост\w*|увеличил\w*|прирост\w*|снизил\w*|"
    r"сократил\w*|year on year|year-on-year|y/y|yoy"
)
#: Words that make a percentage a partner's share.
SHARE_WORDS = (
    r"share|accounted for|accounts for|account for|of total|of all|доля|долю|доли|приходит\w*"
)
#: Words that make a money figure an absolute change.
CHANGE_WORDS = r"increased by|rose by|grew by|fell by|up by|down by|увеличил\w* на|вырос\w* на"

#: Flow words → flow (the nearest one before the number wins).
FLOWS: tuple[tuple[str, str], ...] = (
    (r"exports?|exported|supplies to|shipments to|экспорт\w*|вывоз\w*|поставк\w*", "exports"),
    (r"imports?|imported|import\w* from|импорт\w*|ввоз\w*", "imports"),
    (r"turnover|trade|товарооборот\w*|торгов\w*|внешнеторгов\w*", "turnover"),
)

#: The whole a share is taken of → denominator.
DENOMINATORS: tuple[tuple[str, str], ...] = (
    (
        r"total (?:foreign )?trade|trade turnover share|of (?:all )?\w*\W?s? ?(?:foreign )?trade|"
        r"внешнеторгового оборота|товарооборот\w*",
        "turnover",
    ),
    (r"of (?:all |total )?\w*\W?s? ?exports|экспорт\w*", "exports"),
    (r"of (?:all |total )?\w*\W?s? ?imports|импорт\w*", "imports"),
)

#: Perspective cues → (perspective, media). "media" cues name an outlet, not statistics.
PERSPECTIVE_CUES: tuple[tuple[str, str], ...] = (
    (
        r"according to (?:the )?chinese (?:figures|data|statistics|customs)|chinese figures|"
        r"china[’']?s customs|(?:general administration of )?customs of china|gacc|"
        r"beijing[’']?s envoy|chinese officials|ambassador of china|chinese ambassador|"
        r"по данным (?:таможни|ГТУ|главного таможенного управления) КНР|таможн\w* КНР|"
        r"посол\w* КНР|посол\w* Китая",
        "CHN",
    ),
    (
        r"national statistics bureau|bureau of national statistics|\bBNS\b|"
        r"kazakh statistical data|kazakh(?:stan[’']?s)? statistics|"
        r"statistics committee of kazakhstan|"
        r"ministry of trade|minister of trade|the kazakhstan side|"
        r"Бюро национальной статистики|БНС|Комитет\w* по статистике|по данным казахстанской|"
        r"министр\w* торговли|Минторг\w*",
        "KAZ",
    ),
    (
        r"uzbek state statistics|statistics agency of uzbekistan|uzstat|"
        r"агентств\w* статистики Узбекистана",
        "UZB",
    ),
    (r"kyrgyz statistics|national statistical committee of (?:the )?kyrgyz|нацстатком", "KGZ"),
    (r"according to official statistics|official (?:figures|statistics)", "unspecified"),
    (
        r"kazinform|media report|media outlets|reports? (?:said|say)|news (?:service|agency)|"
        r"сообщает|по сообщению|СМИ",
        "media",
    ),
)

#: Targets and forecasts: wording → kind.
KINDS: tuple[tuple[str, str], ...] = (
    (
        r"\bby 20\d\d\b|target|aim(?:s|ed)? to|goal|plan(?:s|ned)?\b|committed to|"
        r"to raise|к 20\d\d|планиру\w*|цел[ьи]\w*|намерен\w*",
        "target",
    ),
    (
        r"may become|could become|might|is expected|are expected|forecast|projected|"
        r"may reach|will likely|может стать|может составить|ожидает\w*|прогноз\w*",
        "forecast",
    ),
)

#: Comparisons between partners: wording → relation.
RELATIONS: tuple[tuple[str, str], ...] = (
    (
        r"overtook|overtaken|overtake|eclipsed|eclipses|surpass\w*|bypassed|pass(?:ed)?\b|"
        r"обогнал\w*|обошел|обошла|опередил\w*|вытеснил\w*",
        "overtook",
    ),
    (r"ahead of|outpac\w*|впереди", "ahead_of"),
    (r"behind|trails?|trailing|уступа\w*|позади", "behind"),
)

#: Ranks: wording → rank (1 = largest).
RANKS: tuple[tuple[str, str], ...] = (
    (
        r"second[- ]largest|second biggest|second most important|второй по величине|"
        r"втор\w+ крупнейш\w*|втор\w+ по значимости",
        "2",
    ),
    (r"third[- ]largest|third biggest|трет\w+ крупнейш\w*", "3"),
    (r"largest|biggest|top|main|leading|крупнейш\w*|главн\w*|основн\w*", "1"),
)
#: A rank is among trade partners only when the sentence says so.
PARTNER_WORDS = r"partner|партн[её]р\w*"
#: A record ("the highest ever").
RECORD_WORDS = r"\brecord\b|all-time high|highest ever|рекорд\w*"

#: Country mentions → ISO3: names, demonyms, capitals and abbreviations, English and Russian
#: (Russian as stems), matched case-sensitively ("US" the country, not "us").
COUNTRY_MENTIONS: dict[str, str] = {
    r"Kazakhstan\w*|Kazakh|Astana|Nur-Sultan|Казахстан\w*|[Кк]азахстанск\w*|\bРК\b|Астан\w*": "KAZ",
    r"China|Chinese|Beijing|\bPRC\b|\bКНР\b|Кита[йяею]\w*|[Кк]итайск\w*|Пекин\w*": "CHN",
    r"Russia\w*|Moscow|Росси\w*|[Рр]оссийск\w*|Москв\w*|\bРФ\b": "RUS",
    r"Uzbekistan\w*|Uzbek|Tashkent|Узбекистан\w*|[Уу]збекск\w*|Ташкент\w*": "UZB",
    r"Kyrgyzstan\w*|Kyrgyz|Bishkek|Кыргызстан\w*|Киргизи\w*|[Кк]ыргызск\w*|Бишкек\w*": "KGZ",
    r"Tajikistan\w*|Tajik|Dushanbe|Таджикистан\w*|[Тт]аджикск\w*|Душанбе": "TJK",
    r"Turkmenistan\w*|Turkmen|Ashgabat|Туркмени\w*|[Тт]уркменск\w*": "TKM",
    r"United States|\bUSA\b|\bU\.S\.|Washington|\bСША\b|[Аа]мериканск\w*": "USA",
    r"Germany|German|Германи\w*|[Нн]емецк\w*": "DEU",
    r"Turkey|Türkiye|Turkish|Турци\w*|[Тт]урецк\w*": "TUR",
    r"Italy|Italian|Итали\w*|[Ии]тальянск\w*": "ITA",
    r"South Korea|Korea|Коре[яиюе]\w*": "KOR",
}
#: Reporters the suite's data cover: a sentence about one of them and another country is read
#: from their side.
REPORTER_PRIORITY = ("KAZ", "UZB", "KGZ", "TJK", "TKM")


def compile_table(table, *, ignore_case: bool = True) -> list[tuple[re.Pattern[str], str]]:
    """Compile a table of (pattern, meaning) pairs or a mapping (case-insensitive by default)."""
    items = table.items() if isinstance(table, dict) else table
    flags = re.IGNORECASE if ignore_case else 0
    return [(re.compile(pattern, flags), meaning) for pattern, meaning in items]


def compile_alternation(table, *, ignore_case: bool = True) -> tuple[re.Pattern[str], list[str]]:
    """Compile a table into one pattern of named alternatives and the meaning of each.

    One search then finds the leftmost entry of the whole table (at one position, the entry
    listed first), as searching every entry and keeping the earliest would, in one pass.
    """
    items = list(table.items() if isinstance(table, dict) else table)
    pattern = "|".join(f"(?P<e{index}>{entry})" for index, (entry, _) in enumerate(items))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(pattern, flags), [meaning for _, meaning in items]
