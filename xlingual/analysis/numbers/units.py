"""What stands around a numeral and changes its value or its kind.

A numeral read from digits or words becomes a draft quantity here (`_finish`): the sign and
currency before it; ordinal, decade, multiplier and measurement suffixes glued to it; then
multiplier, percent, currency, duration and counted-noun words after it, and a hedge
(`about`, `environ`) before it. Digits (`numerals`), spelled-out numbers (`spelled`) and
dates (`dates`) all finish their numbers through this one module, so a unit word is read
the same way whichever way the number was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Languages where "billion" means 10^12 (long scale).
_LONG_SCALE_LANGUAGES = frozenset({"de", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "nb"})


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xAC00 <= code <= 0xD7AF
    )


def _is_letter(char: str) -> bool:
    """A letter of an alphabetic script; CJK characters are words of their own, not glue."""
    return char.isalpha() and not _is_cjk(char)


# --- word tables ----------------------------------------------------------------------------

_DURATIONS = {
    "en": {
        "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
        "months": "months", "year": "years", "years": "years", "hour": "hours",
        "hours": "hours", "minute": "minutes", "minutes": "minutes",
    },
    "fr": {
        "jour": "days", "jours": "days", "journées": "days", "semaine": "weeks",
        "semaines": "weeks", "mois": "months", "an": "years", "ans": "years",
        "année": "years", "années": "years", "heure": "hours", "heures": "hours",
        "minute": "minutes", "minutes": "minutes",
    },
    "de": {
        "tag": "days", "tage": "days", "tagen": "days", "woche": "weeks", "wochen": "weeks",
        "monat": "months", "monate": "months", "monaten": "months", "jahr": "years",
        "jahre": "years", "jahren": "years", "stunde": "hours", "stunden": "hours",
        "minute": "minutes", "minuten": "minutes",
    },
    "es": {
        "día": "days", "días": "days", "dia": "days", "dias": "days", "semana": "weeks",
        "semanas": "weeks", "mes": "months", "meses": "months", "año": "years",
        "años": "years", "hora": "hours", "horas": "hours", "minuto": "minutes",
        "minutos": "minutes",
    },
    "it": {
        "giorno": "days", "giorni": "days", "settimana": "weeks", "settimane": "weeks",
        "mese": "months", "mesi": "months", "anno": "years", "anni": "years", "ora": "hours",
        "ore": "hours", "minuto": "minutes", "minuti": "minutes",
    },
    "ru": {
        "день": "days", "дня": "days", "дней": "days", "неделя": "weeks", "недели": "weeks",
        "недель": "weeks", "неделю": "weeks", "месяц": "months", "месяца": "months",
        "месяцев": "months", "год": "years", "года": "years", "лет": "years", "час": "hours",
        "часа": "hours", "часов": "hours", "минута": "minutes", "минуты": "minutes",
        "минут": "minutes", "минуту": "minutes",
    },
}  # fmt: skip

# Words that name a calendar year after it ("2022 года"), unlike the duration "2022 лет".
_YEAR_NOUNS = frozenset({"год", "года", "году", "г", "г."})

_CURRENCY_SYMBOLS = {
    "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₹": "INR", "₴": "UAH",
    "¥": "JPY", "￥": "CNY",
}  # fmt: skip
_CURRENCY_CODES = ("USD", "EUR", "GBP", "RUB", "CHF", "JPY", "CNY", "INR", "UAH")
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "dólar": "USD", "dólares": "USD", "dollari": "USD",
    "доллар": "USD", "доллара": "USD", "долларов": "USD",
    "euro": "EUR", "euros": "EUR", "евро": "EUR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rubel": "RUB",
    "rublos": "RUB", "рубль": "RUB", "рубля": "RUB", "рублей": "RUB",
    "yuan": "CNY", "yen": "JPY", "franken": "CHF", "hryvnias": "UAH", "гривен": "UAH",
    "元": "CNY", "円": "JPY",
}  # fmt: skip

# Multiplier words after a number. "billion" depends on the language (short or long scale).
_MULTIPLIERS = {
    "thousand": 1e3, "tausend": 1e3, "tsd.": 1e3, "tsd": 1e3,
    "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тысячу": 1e3, "тыс.": 1e3, "тыс": 1e3,
    "million": 1e6, "millions": 1e6, "millionen": 1e6, "mio.": 1e6, "mio": 1e6, "mln": 1e6,
    "mln.": 1e6, "mn": 1e6, "millón": 1e6, "millones": 1e6, "milione": 1e6, "milioni": 1e6,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млн.": 1e6, "млн": 1e6,
    "milliard": 1e9, "milliards": 1e9, "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9,
    "mrd": 1e9, "bn": 1e9, "miliardo": 1e9, "miliardi": 1e9, "mil millones": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "млрд.": 1e9, "млрд": 1e9,
    "trillion": 1e12, "trillions": 1e12, "billionen": 1e12, "billón": 1e12, "billones": 1e12,
    "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12, "трлн.": 1e12, "трлн": 1e12,
    "billion": 1e9, "billions": 1e9,
    # Other languages' common forms, so that a translation into them still reads its figures.
    "milion": 1e6, "miliony": 1e6, "milionů": 1e6, "milionów": 1e6, "milionu": 1e6,
    "miliard": 1e9, "miliardy": 1e9, "miliardů": 1e9, "miliardów": 1e9, "tisíc": 1e3,
    "tisíce": 1e3, "tys.": 1e3, "tysięcy": 1e3, "mil.": 1e6, "mld.": 1e9, "miljoen": 1e6,
    "miljard": 1e9, "miljoner": 1e6, "miljarder": 1e9, "milhão": 1e6, "milhões": 1e6,
    "bilhão": 1e9, "bilhões": 1e9, "milyon": 1e6, "milyar": 1e9,
}  # fmt: skip
_LANGUAGE_MULTIPLIERS = {"es": {"mil": 1e3}, "pt": {"mil": 1e3}, "it": {"mila": 1e3}}
_CJK_MULTIPLIERS = {
    "百万": 1e6,
    "千万": 1e7,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "兆": 1e12,
}

_PERCENT_WORDS = (
    r"per\s?cent|percent|pour\s?cent|pourcent|prozent|por\s?ciento|per\s?cento|por\s?cento"
    r"|процент(?:а|ов)?|pct\.?"
)

# Function words: after a number they are not the counted thing; before a year they confirm it.
_STOPWORDS = frozenset(
    """
    the a an of to in on at by for from with and or but as is was were are be been has have had
    that this these those it he she they we i you his her their its our which who whom when where
    than then after before since about over under per each some more less most least not no also
    ago old later earlier will would could should may might can did do does into out up down off
    le la les l un une des de du d et ou en au aux à par pour sur dans avec que qui est sont était
    ont plus moins ce cette ces il elle ils elles nous vous se sa son ses leur leurs y ne pas
    der die das den dem des ein eine einen einem einer und oder im am an auf bei mit von vom zu
    zum zur für über nach vor seit als ist sind war waren hat haben wurde wurden es er sie wir ich
    el los las unos unas del o al por para con es son fue fueron ha han lo se su sus
    il lo gli i della di e o nel nella per con che è sono
    и в во на с со к по за из от до у о об что как это был была были но а не же ли году
    """.split()
)

# Hedges: the number that follows is approximate.
_HEDGE = re.compile(
    r"(?:(?<![^\W\d_])(?:about|around|approximately|approx\.|roughly|nearly|almost|some|over"
    r"|more\s+than|less\s+than|fewer\s+than|up\s+to|at\s+least|at\s+most|close\s+to"
    r"|an\s+estimated|estimated|environ|près\s+de|presque|plus\s+de|moins\s+de|quelque"
    r"|au\s+moins|jusqu'à|etwa|rund|ungefähr|circa|ca\.|fast|mehr\s+als|weniger\s+als|über"
    r"|knapp|mindestens|bis\s+zu|unos|unas|cerca\s+de|alrededor\s+de|aproximadamente|casi"
    r"|más\s+de|menos\s+de|al\s+menos|около|почти|более|больше|менее|меньше|примерно|свыше"
    r"|порядка|приблизительно|quasi|oltre|più\s+di|meno\s+di)\s+|[~≈∼]\s*)$"
)


# --- patterns built from the tables ---------------------------------------------------------


@lru_cache(maxsize=32)
def _multiplier_pattern(language: str) -> tuple[re.Pattern, dict[str, float]]:
    table = dict(_MULTIPLIERS)
    table.update(_LANGUAGE_MULTIPLIERS.get(language, {}))
    if language in _LONG_SCALE_LANGUAGES:
        table.update({"billion": 1e12, "billions": 1e12})
    words = sorted(table, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    pattern = re.compile(rf"[\s\u00a0\u202f]*({alternatives})(?![^\W\d_])", re.IGNORECASE)
    return pattern, table


def _durations(language: str) -> dict[str, str]:
    if language in _DURATIONS:
        return _DURATIONS[language]
    merged: dict[str, str] = {}
    for table in _DURATIONS.values():
        merged.update(table)
    return merged


_ORDINAL_SUFFIX = {
    "en": r"st|nd|rd|th",
    "fr": r"ères?|èmes?|emes?|ers?|res?|es?|è|ᵉʳ|ᵉ",
    "es": r"\.?[ºª]|\.?[oa]\b",
    "it": r"\.?[ºª]",
    "pt": r"\.?[ºª]",
    "ru": r"-(?:й|я|е|го|му|м|ом|ый|ий|ая|ое|ые|х|ых)",
}


@lru_cache(maxsize=32)
def _ordinal_pattern(language: str) -> re.Pattern:
    suffixes = [_ORDINAL_SUFFIX["en"]]
    if language in _ORDINAL_SUFFIX and language != "en":
        suffixes.append(_ORDINAL_SUFFIX[language])
    return re.compile(rf"(?:{'|'.join(suffixes)})(?![^\W\d_])", re.IGNORECASE)


# Case matters: "5g" is five grams, "5G" a network standard.
_GLUED_UNITS = re.compile(
    r"(km/h|kWh|kW|MW|GW|km²|km|kg|cm|mm|mg|ml|mph|ha|m²|m|g|t|h|°C|°F)(?![^\W\d_])"
)
_GLUED_MULTIPLIER = re.compile(r"(k|bn|mn|m|b)(?![^\W\d_])", re.IGNORECASE)
_PERCENT_AFTER = re.compile(
    rf"(?:[\s\u00a0\u202f]?[%％])|(?:[\s\u00a0\u202f]+(?:{_PERCENT_WORDS})(?![^\W\d_]))",
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(r"[\s\u00a0\u202f]?(US\$|[$€£₽₹₴¥￥])")
_CODE_BEFORE = re.compile(rf"(?<![^\W\d_])({'|'.join(_CURRENCY_CODES)})[\s\u00a0]?$")
_CODE_AFTER = re.compile(rf"[\s\u00a0\u202f]+({'|'.join(_CURRENCY_CODES)})(?!\w)")
_NEXT_WORD = re.compile(r"[\s\u00a0\u202f]+([^\W\d_][\w'’]*(?:-[^\W\d_]+)*)")

# A currency after "of" in the Romance languages ("3,5 milioni di euro").
_OF_CURRENCY = re.compile(
    r"[\s\u00a0\u202f]+(?:di|de|d['’]\s?)[\s\u00a0\u202f]*("
    + "|".join(re.escape(word) for word in _CURRENCY_WORDS if word.isascii() or word == "dólares")
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)

# Ages glued to the Greek word for "years old": "52χρονος", "17χρονη".
_GLUED_GREEK_AGE = re.compile(r"χρον(?:ος|ου|ο|η|ης|οι|ων|ες|α)(?![^\W\d_])")

# Measurement units written out after a number, in the languages read here, and the code each
# becomes (xlingual.analysis.numbers.compare converts the codes: 30 km2 = 3,000 ha).
_MEASURE_WORDS = {
    "km2": ("square kilometres", "square kilometers", "square kilometre", "square kilometer",
            "sq km", "km²", "km2", "kilomètres carrés", "kilomètre carré", "km carrés",
            "quadratkilometer", "quadratkilometern", "chilometri quadrati", "chilometro quadrato",
            "kilómetros cuadrados", "kilómetro cuadrado", "квадратных километров",
            "квадратных километра", "квадратный километр", "кв. км", "кв км",
            "τετραγωνικά χιλιόμετρα", "τετραγωνικών χιλιομέτρων"),
    "mi2": ("square miles", "square mile", "sq mi"),
    "ha": ("hectares", "hectare", "ha", "ettari", "ettaro", "hektar", "hektaren", "hectáreas",
           "hectárea", "гектаров", "гектара", "гектар", "га", "εκτάρια", "εκταρίων", "εκτάριο"),
    "stremma": ("στρέμματα", "στρεμμάτων", "στρέμμα", "stremmata", "stremma"),
    "acre": ("acres", "acre"),
    "km": ("kilometres", "kilometers", "kilometre", "kilometer", "km", "kilomètres", "kilomètre",
           "chilometri", "chilometro", "kilómetros", "kilómetro", "километров", "километра",
           "километр", "км", "χιλιόμετρα", "χιλιομέτρων", "χλμ"),
    "mi": ("miles", "mile"),
    "kg": ("kilograms", "kilogrammes", "kilogram", "kilogramme", "kilos", "kg", "chili",
           "килограммов", "килограмма", "кг", "κιλά"),
    "t": ("tonnes", "tonne", "metric tons", "tonnellate", "toneladas", "тонн", "тонны", "τόνοι",
          "τόνους"),
    "mw": ("megawatts", "megawatt", "mw", "mégawatts", "мегаватт", "мвт"),
    "gw": ("gigawatts", "gigawatt", "gw", "гигаватт"),
    "kw": ("kilowatts", "kilowatt", "kw", "киловатт"),
}  # fmt: skip
_MEASURE_AFTER = re.compile(
    r"[\s\u00a0\u202f]+("
    + "|".join(
        re.escape(word)
        for word in sorted((w for words in _MEASURE_WORDS.values() for w in words), key=len,
                           reverse=True)
    )
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)  # fmt: skip
_MEASURE_CODE = {word: code for code, words in _MEASURE_WORDS.items() for word in words}


# --- drafts ------------------------------------------------------------------------------------


@dataclass
class _Draft:
    start: int
    end: int
    value: float
    unit: str | None = None
    noun: str | None = None
    approximate: bool = False
    plain_integer: bool = False  # digits only, no separators, no suffix: may be a year or a day
    spelled: bool = False


def _finish(
    text: str,
    lang: str,
    start: int,
    end: int,
    value: float,
    *,
    plain_integer: bool,
    check_after: bool = True,
    spelled: bool = False,
) -> _Draft | None:
    """Read what surrounds a numeral (sign, currency, suffixes, multipliers, unit words)."""
    draft = _Draft(start, end, value, plain_integer=plain_integer, spelled=spelled)
    if not spelled:
        _read_before(text, draft)
    if check_after:
        if not spelled and not _read_glued(text, lang, draft):
            return None
        _read_after(text, lang, draft)
    _decide_year(text, draft)
    prefix = text[max(0, draft.start - 30) : draft.start].lower()
    draft.approximate = bool(_HEDGE.search(prefix))
    return draft


def _read_before(text: str, draft: _Draft) -> None:
    position = draft.start
    look = position
    if look > 0 and text[look - 1] in " \u00a0\u202f":
        look -= 1
    for symbol, code in _CURRENCY_SYMBOLS.items():
        if text[max(0, look - len(symbol)) : look] == symbol:
            draft.start = look - len(symbol)
            draft.unit = "CNY" if code == "JPY" and _looks_chinese(text) else code
            draft.plain_integer = False
            position = draft.start
            break
    else:
        window_start = max(0, position - 5)
        code_match = _CODE_BEFORE.search(text[window_start:position])
        if code_match:
            draft.start = window_start + code_match.start(1)
            draft.unit = code_match.group(1)
            draft.plain_integer = False
            position = draft.start
    # A sign directly before, with a space or the line start before it.
    if position > 0 and text[position - 1] in "-−+":
        before_sign = text[position - 2] if position >= 2 else " "
        if before_sign.isspace() or before_sign in "([":
            draft.start = position - 1
            if text[position - 1] in "-−":
                draft.value = -draft.value
            draft.plain_integer = False


def _looks_chinese(text: str) -> bool:
    return any(0x4E00 <= ord(ch) <= 0x9FFF for ch in text[:200]) and not any(
        0x3040 <= ord(ch) <= 0x30FF for ch in text[:200]
    )


def _read_glued(text: str, lang: str, draft: _Draft) -> bool:
    """Suffixes glued to the digits. False when the numeral is part of an identifier."""
    end = draft.end
    if end >= len(text):
        return True
    following = text[end]
    if following in "-‐‑":
        # "19-A", "6-K", "747-MAX": a code. "15-Fuß-Boot" is a German compound, not a code.
        code = re.compile(r"[-‐‑]([^\W\d_]+)").match(text, end)
        if (
            code
            and code.group(1)[0].isupper()
            and (len(code.group(1)) == 1 or code.group(1).isupper())
        ):
            return False
    if following == "." and end + 1 < len(text) and text[end + 1].islower():
        return False  # "3.net"
    if following == "_":
        return False
    ordinal = _ordinal_pattern(lang).match(text, end)
    if ordinal and draft.plain_integer and ordinal.group():
        draft.end = ordinal.end()
        draft.unit = "ordinal"
        draft.plain_integer = False
        return True
    if not _is_letter(following):
        return True
    decade = re.compile(r"'?s(?![^\W\d_])").match(text, end)
    if decade and draft.plain_integer and draft.value % 10 == 0 and draft.value >= 10:
        draft.end = decade.end()
        draft.unit = "decade"
        draft.plain_integer = False
        return True
    multiplier = _GLUED_MULTIPLIER.match(text, end)
    if multiplier:
        suffix = multiplier.group(1).lower()
        is_money = draft.unit in _CURRENCY_CODES
        factor = {"k": 1e3, "bn": 1e9, "mn": 1e6, "m": 1e6, "b": 1e9}[suffix]
        if suffix in ("k", "bn", "mn") or is_money:
            draft.value *= factor
            draft.end = multiplier.end()
            draft.plain_integer = False
            return True
    age = _GLUED_GREEK_AGE.match(text, end)
    if age and draft.unit is None:
        draft.unit = "years"
        draft.plain_integer = False
        return True
    unit = _GLUED_UNITS.match(text, end)
    if unit:
        draft.end = unit.end()
        draft.unit = unit.group(1).lower()
        draft.plain_integer = False
        return True
    return False


def _read_after(text: str, lang: str, draft: _Draft) -> None:
    end = draft.end
    if draft.unit not in ("ordinal", "decade"):
        cjk = _read_cjk_suffix(text, draft)
        if cjk:
            return
        pattern, table = _multiplier_pattern(lang)
        multiplier = pattern.match(text, draft.end)
        if multiplier:
            draft.value *= table[re.sub(r"\s+", " ", multiplier.group(1).lower())]
            draft.end = multiplier.end()
            draft.plain_integer = False
        percent = _PERCENT_AFTER.match(text, draft.end)
        if percent:
            draft.end = percent.end()
            draft.unit = "%"
            draft.plain_integer = False
            return
        symbol = _CURRENCY_AFTER.match(text, draft.end)
        if symbol and draft.unit is None:
            draft.end = symbol.end()
            draft.unit = _CURRENCY_SYMBOLS[symbol.group(1)]
            draft.plain_integer = False
            return
        code = _CODE_AFTER.match(text, draft.end)
        if code and draft.unit is None:
            draft.unit = code.group(1)
            draft.plain_integer = False
            return
    end = draft.end
    # "41-year-old", "10-day", "21st-century": a hyphenated word names what is counted.
    if end < len(text) and text[end] in "-‐‑":
        hyphenated = re.compile(r"[-‐‑]([^\W\d_]+)(?:[-‐‑]old)?").match(text, end)
        if hyphenated:
            word = hyphenated.group(1).lower()
            duration = _durations(lang).get(word) or _durations("en").get(word)
            if duration and draft.unit is None:
                draft.unit = duration
                draft.plain_integer = False
            elif draft.unit is None or draft.unit == "ordinal":
                draft.noun = word
            return
    following = _NEXT_WORD.match(text, end)
    if not following:
        if end < len(text) and _is_cjk(text[end]) and draft.unit is None:
            draft.noun = text[end]
        return
    word = following.group(1).lower().rstrip("'’")
    measure = _MEASURE_AFTER.match(text, end) if draft.unit is None else None
    if measure:
        draft.unit = _MEASURE_CODE[measure.group(1).lower()]
        draft.plain_integer = False
        return
    if draft.unit is None:
        if word in _YEAR_NOUNS and draft.plain_integer and draft.end - draft.start == 4:
            return  # "в 2022 году": the year, named as such
        duration = _durations(lang).get(word)
        if duration:
            draft.unit = duration
            draft.plain_integer = False
            return
        currency = _CURRENCY_WORDS.get(word)
        of_currency = _OF_CURRENCY.match(text, end)
        if of_currency:  # "3,5 milioni di euro", "2 millions d'euros", "3 millones de dólares"
            currency = _CURRENCY_WORDS[of_currency.group(1).lower()]
        if currency:
            draft.unit = currency
            draft.plain_integer = False
            return
    if draft.unit in (None, "ordinal") and word not in _STOPWORDS:
        draft.noun = word


def _read_cjk_suffix(text: str, draft: _Draft) -> bool:
    position = draft.end
    while position < len(text) and text[position] in " \u00a0\u202f" and position - draft.end < 1:
        position += 1
    if position >= len(text) or not _is_cjk(text[position]):
        return False
    for word, factor in _CJK_MULTIPLIERS.items():
        if text.startswith(word, position):
            draft.value *= factor
            draft.end = position + len(word)
            draft.plain_integer = False
            position = draft.end
            break
    if position >= len(text):
        return True
    char = text[position]
    if char == "年" and draft.plain_integer and 1000 <= draft.value <= 2100:
        draft.unit = "year"
    elif char == "月" and draft.plain_integer and 1 <= draft.value <= 12:
        draft.unit = "month"
    elif char in "日号號" and draft.plain_integer and 1 <= draft.value <= 31:
        draft.unit = "day"
    elif char in "岁歳":
        draft.unit = "years"
    elif char in "元円":
        draft.unit = _CURRENCY_WORDS[char]
    elif char in "%％":
        draft.unit = "%"
        draft.end = position + 1
    elif text.startswith("个月", position) or text.startswith("か月", position):
        draft.unit = "months"
    elif char == "天":
        draft.unit = "days"
    elif _is_cjk(char) and draft.unit is None:
        draft.noun = char
    draft.plain_integer = False
    return True


def _decide_year(text: str, draft: _Draft) -> None:
    """A bare four-digit number from 1000 to 2100 is a year, unless it counts something."""
    if not (draft.plain_integer and draft.unit is None and draft.end - draft.start == 4):
        return
    if not 1000 <= draft.value <= 2100:
        return
    # "2000 workers": a round figure followed by a lowercase noun is a count.
    if draft.value % 100 == 0 and draft.noun and draft.noun.islower():
        following = _NEXT_WORD.match(text, draft.end)
        if following and following.group(1)[0].islower():
            return
    draft.unit = "year"
    draft.noun = None
