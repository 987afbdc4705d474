"""Numbers, amounts, percentages and dates in running text, in several languages.

`extract_quantities(text, language)` finds every number a reader would take as a fact and returns
it with its exact span, its value and, when it is plain, its kind (`unit`):

- `"%"` percentages: `40%`, `40 %`, `40 per cent`, `40 Prozent`, `40 pour cent`, `40 процентов`.
- `"year"` a calendar year: a bare four-digit number 1000-2100, `2022年`.
- `"month"` a month of a date (value 1-12): a month name next to a day or year (`September 12`,
  `12 septembre`, `сентября 2022`), or the month of a numeric date (`12.09.2022`, `2022-09-12`).
- `"day"` the day of a month in a date (value 1-31): `September 12`, `12. September`, `12日`.
- `"ordinal"` `20th`, `21st`, `1er`, `20e`, `12-го`, `5º` (compatible with `"day"`).
- `"decade"` `1990s`.
- durations, canonical across languages: `"years"` (`10 years`, `10 ans`, `41-year-old`),
  `"months"`, `"weeks"`, `"days"`, `"hours"`, `"minutes"`.
- currencies as ISO codes: `"USD"` (`$5`, `5 dollars`), `"EUR"`, `"GBP"`, `"RUB"`, `"JPY"`,
  `"CNY"`, `"CHF"`, `"INR"`, `"UAH"`.
- glued measurement units, lowercased: `5km` -> `"km"`.
- otherwise `None`: a count. The word right after it is kept, lowercased, in `noun`
  (`12,000 workers` -> `"workers"`) unless it is a function word: a hint for pairing numbers
  that play the same role, not part of the value.

The span (`text`) covers what changes the value or the kind: sign, currency symbol, numeral,
ordinal suffix, multiplier word (`1.5 million`, `2 Mio.`, `2,8 万`) and percent word. Unit and
noun words (`days`, `dollars`, `workers`) are not in the span. `approximate` is set when a
hedge precedes the number (`about`, `environ`, `etwa`, `около`, `~`).

Separators are read with the document language and the shape of the digit groups: `,` or `.`
followed by exactly three digits is a thousands separator unless it is the language's decimal
mark (`1,500` is 1500 in English and 1.5 in German; `28.000` is 28000 in German and 28.0 in
English); two or more three-digit groups, mixed separators (`1.234,5`), apostrophes (`28'000`)
and narrow or no-break spaces are read the same in every language; plain spaces group thousands
in languages that write `12 000`. Digits glued to letters or to a hyphenated code (`A-4`,
`COVID-19`, `G7`, `3D`), dotted version strings (`3.8.0`), phone numbers, times, URLs, e-mail
addresses and handles are identifiers, not quantities.

Spelled-out numbers are read in English, French, German, Spanish, Italian and Russian: units,
teens, tens, hundreds and thousands and their compounds (`twenty-five`, `quatre-vingt-dix`,
`fünfundzwanzig`, `treinta y cinco`, `двадцать пять`). `one`, `un`, `ein`, `uno`, `один` alone
are articles or pronouns far more often than numbers, so they count only inside a compound or
before a multiplier (`one million`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from xlingual.text_helpers import base_language


@dataclass(frozen=True)
class Quantity:
    start: int  # offsets into the string given to extract_quantities
    end: int
    text: str
    value: float
    unit: str | None
    noun: str | None = None  # the counted word after a plain number, lowercased
    approximate: bool = False  # hedged: "about", "environ", "etwa", "около"...


# Kinds of unit that compare only with themselves (or their listed equivalents).
EXACT_UNITS = frozenset({"year", "month", "day", "ordinal", "decade"})
_UNIT_FAMILY = {"day": "day", "ordinal": "day"}


def quantity_kind(quantity: Quantity) -> str:
    """The role a number plays, for pairing: its unit family, or "count" for a plain number."""
    if quantity.unit is None:
        return "count"
    return _UNIT_FAMILY.get(quantity.unit, quantity.unit)


def units_compatible(a: str | None, b: str | None) -> bool:
    """A plain number may stand for any kind (a unit word the other language dropped)."""
    if a is None or b is None or a == b:
        return True
    if _UNIT_FAMILY.get(a, a) == _UNIT_FAMILY.get(b, b):
        return True
    return {a, b} == {"year", "decade"}  # "the 1700s" rendered as "1700"


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities state the same figure, allowing for rounding.

    Units must be compatible (a plain number matches any unit). Calendar values must be equal.
    Otherwise one value may round the other: to its decimal places (3.5 vs 3.47), or to its
    trailing zeros when it has at least two (20,000 vs 19,800), within 5% relative difference;
    a hedged number ("about 20") also rounds to one trailing zero and within 10%.
    """
    if not units_compatible(a.unit, b.unit):
        return False
    x, y = a.value, b.value
    if math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
        return True
    if a.unit in EXACT_UNITS or b.unit in EXACT_UNITS:
        return False
    if x == 0 or y == 0 or (x < 0) != (y < 0):
        return False
    relative = abs(x - y) / max(abs(x), abs(y))
    hedged = a.approximate or b.approximate
    if relative > (0.10 if hedged else 0.05):
        return False
    for rounder, other in ((a, b), (b, a)):
        step = _rounding_step(rounder.value)
        if step < 1:
            other_step = _rounding_step(other.value)
            if other_step < step and abs(rounder.value - other.value) <= step / 2 + 1e-9:
                return True
        elif (step >= 100 or (hedged and step >= 10)) and abs(
            rounder.value - other.value
        ) <= step / 2 + 1e-9:
            return True
    return False


def _rounding_step(value: float) -> float:
    """The place of the last significant digit: 20000 -> 10000, 1500000 -> 100000, 3.5 -> 0.1."""
    value = abs(value)
    if value == 0:
        return 1.0
    if abs(value - round(value)) > 1e-9:
        for decimals in range(1, 10):
            if abs(value * 10**decimals - round(value * 10**decimals)) < 1e-6:
                return 10.0**-decimals
        return 1e-9
    integer = int(round(value))
    step = 1
    while integer % (step * 10) == 0:
        step *= 10
    return float(step)


# --- language conventions -------------------------------------------------------------------

_DECIMAL_POINT_LANGUAGES = frozenset(
    {"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "tl", "ga", "cy", "mt", "sw", "ur", "und"}
)
# Languages whose style guides group thousands with a plain space ("28 000").
_SPACE_GROUPING_LANGUAGES = frozenset(
    {"fr", "ru", "uk", "be", "cs", "sk", "pl", "sv", "nb", "nn", "no", "fi", "et", "lv", "lt"}
    | {"bg", "hu", "kk", "pt", "sl", "hr", "sr"}
)
# Languages where "billion" means 10^12 (long scale).
_LONG_SCALE_LANGUAGES = frozenset({"de", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "nb"})


def reads_words(language: str | None) -> bool:
    """Whether spelled-out numbers and month names are read in this language.

    Where they are not, a figure written in words on the other side of a comparison has no
    chance of a partner, so comparisons leave word-only quantities out.
    """
    lang = base_language(language)
    return lang in _WORD_NUMBERS and lang in _MONTHS


def is_written_in_words(quantity: Quantity) -> bool:
    """A quantity read from words alone ("twenty", "September"), with no digit in it."""
    return not any(ch.isdigit() for ch in quantity.text)


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

_MONTHS = {
    "en": {
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
        "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
        "sept.": 9, "sep.": 9, "oct.": 10, "nov.": 11, "dec.": 12, "jan": 1, "feb": 2,
        "apr": 4, "aug": 8, "sept": 9, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    },
    "fr": {
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
        "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "décembre": 12, "decembre": 12, "janv.": 1, "févr.": 2, "sept.": 9, "oct.": 10,
        "nov.": 11, "déc.": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
        "dezember": 12, "jan.": 1, "feb.": 2, "sept.": 9, "okt.": 10, "nov.": 11, "dez.": 12,
    },
    "es": {
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
        "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
        "diciembre": 12,
    },
    "it": {
        "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
        "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
    },
    "pt": {
        "janeiro": 1, "fevereiro": 2, "março": 3, "abril": 4, "maio": 5, "junho": 6,
        "julho": 7, "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    },
    "ru": {
        f"{stem}{ending}": number
        for number, (stem, endings) in enumerate(
            [
                ("январ", "ьяе"), ("феврал", "ьяе"), ("март", ("", "а", "е")),
                ("апрел", "ьяе"), ("ма", "йяе"), ("июн", "ьяе"), ("июл", "ьяе"),
                ("август", ("", "а", "е")), ("сентябр", "ьяе"), ("октябр", "ьяе"),
                ("ноябр", "ьяе"), ("декабр", "ьяе"),
            ],
            start=1,
        )
        for ending in endings
    },
}  # fmt: skip
# Month names that are also common words are only taken capitalised.
_CAPITALISED_MONTHS = {"en": {"may", "march"}, "de": set(_MONTHS["de"])}

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

# --- spelled-out numbers --------------------------------------------------------------------

_WORD_NUMBERS = {
    "en": {
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    },
    "fr": {
        "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
        "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
        "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
        "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
        "mille": 1000,
    },
    "de": {
        "null": 0, "ein": 1, "eine": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
        "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
        "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
        "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "dreissig": 30,
        "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80,
        "neunzig": 90, "hundert": 100, "tausend": 1000,
    },
    "es": {
        "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
        "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
        "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16, "diecisiete": 17,
        "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21, "veintiún": 21,
        "veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25,
        "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
        "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
        "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200,
        "doscientas": 200, "trescientos": 300, "trescientas": 300, "cuatrocientos": 400,
        "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
        "novecientos": 900, "mil": 1000,
    },
    "it": {
        "zero": 0, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
        "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12,
        "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16, "diciassette": 17,
        "diciotto": 18, "diciannove": 19, "venti": 20, "trenta": 30, "quaranta": 40,
        "cinquanta": 50, "sessanta": 60, "settanta": 70, "ottanta": 80, "novanta": 90,
        "cento": 100, "mille": 1000,
    },
    "ru": {
        "ноль": 0, "нуль": 0, "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1,
        "два": 2, "две": 2, "двух": 2, "двум": 2, "двумя": 2, "три": 3, "трёх": 3, "трех": 3,
        "трём": 3, "трем": 3, "тремя": 3, "четыре": 4, "четырёх": 4, "четырех": 4,
        "сорок": 40, "сорока": 40, "девяносто": 90, "девяноста": 90, "сто": 100, "ста": 100,
        "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600,
        "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "тысяча": 1000, "тысячи": 1000,
        "тысяч": 1000, "тысячу": 1000,
        **{
            word[:-1] + ending: value
            for word, value in {
                "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
                "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
                "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
                "девятнадцать": 19, "двадцать": 20, "тридцать": 30,
            }.items()
            for ending in ("ь", "и")
        },
        "восьми": 8, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80,
        "пятидесяти": 50, "шестидесяти": 60, "семидесяти": 70, "восьмидесяти": 80,
    },
}  # fmt: skip
# Alone, these are articles or pronouns; they count only in a compound or before a multiplier.
_COMPOUND_ONLY = frozenset(
    {"one", "un", "une", "ein", "eine", "eins", "uno", "una", "один", "одна", "одно", "одного"}
    | {"одной", "hundred", "thousand"}
)
_CONNECTORS = {"en": {"and"}, "fr": {"et"}, "es": {"y"}, "it": {"e"}}
# German writes compounds as one word (zweihundertdreiundzwanzig); these are its pieces.
_GERMAN_PIECES = sorted(
    [w for w in _WORD_NUMBERS["de"] if w not in ("eine",)] + ["und", "sieb", "ein"],
    key=len,
    reverse=True,
)


# --- regular expressions ----------------------------------------------------------------------

_NUMERAL_RUN = re.compile(r"\d+(?:[,.'’\u00a0\u202f\u2009 ]\d+)*")
_NARROW_SPACES = "\u00a0\u202f\u2009"

_URL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+"
    r"|(?<![^\W\d_])[\w-]+(?:\.[a-z]{2,6})+/\S*",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\w-]|\.\d)")
_DOTTED_DATE = re.compile(r"(?<![\w.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\w]|\.\d)")
_SLASH_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\w/])")
_SLASH_CODE = re.compile(r"(?<![\w/])\d+(?:/\d+)+(?![\w/])")
_TIME = re.compile(r"(?<![\w:])\d{1,2}(?::\d{2}){1,2}(?![\w:])|(?<!\w)\d{1,2}h\d{2}(?!\w)")
_PHONE = re.compile(
    r"(?<![\w+(])(?:\+\d{1,3}[\s.-]?)?"
    r"(?:\(\d{1,4}\)[\s.-]?\d{2,4}(?:[\s.-]\d{2,4})+|\d{1,4}(?:[\s.-]\d{2,4}){2,})(?!\w)"
)
_HYPHEN_CHAIN = re.compile(r"(?<![\w-])\d+(?:-\d+){2,}(?![\w-])")


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


@lru_cache(maxsize=32)
def _month_table(language: str) -> dict[str, int]:
    if language in _MONTHS:
        return _MONTHS[language]
    merged: dict[str, int] = {}
    for table in _MONTHS.values():
        merged.update(table)
    return merged


@lru_cache(maxsize=32)
def _month_pattern(language: str) -> re.Pattern:
    names = sorted(_month_table(language), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![^\W\d_])({alternatives})(?![^\W\d_])", re.IGNORECASE)


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
_WORD = re.compile(r"[^\W\d_]+")
_YEAR_SHAPED = re.compile(r"(?:1\d{3}|20\d{2}|2100)(?!\d|[,.'’\u00a0\u202f\u2009]\d)")


# --- extraction ---------------------------------------------------------------------------------


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


def extract_quantities(text: str, language: str) -> list[Quantity]:
    """Every quantity in `text`, in order of position, with offsets into `text`."""
    lang = base_language(language)
    blocked = [m.span() for m in _URL.finditer(text)]
    drafts: list[_Draft] = []
    claimed = list(blocked)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in claimed)

    for draft_group, span in _numeric_dates(text, lang):
        if free(*span):
            drafts.extend(draft_group)
            claimed.append(span)
    for pattern in (_TIME, _SLASH_CODE, _HYPHEN_CHAIN):
        for match in pattern.finditer(text):
            if free(*match.span()):
                claimed.append(match.span())
    for match in _PHONE.finditer(text):
        if free(*match.span()) and _looks_like_phone(match.group()):
            claimed.append(match.span())

    for match in _NUMERAL_RUN.finditer(text):
        if not free(*match.span()):
            continue
        drafts.extend(_numerals_in_run(text, match, lang))
    drafts.extend(_spelled_numbers(text, lang))
    drafts = _mark_dates(text, lang, drafts)

    kept: list[_Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.start, -d.end)):
        if any(s < draft.end and draft.start < e for s, e in blocked):
            continue
        if kept and draft.start < kept[-1].end:
            continue
        kept.append(draft)
    return [
        Quantity(d.start, d.end, text[d.start : d.end], d.value, d.unit, d.noun, d.approximate)
        for d in kept
    ]


def _looks_like_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if digits < 7:
        return False
    if candidate.startswith("+") or "(" in candidate:
        return True
    groups = re.split(r"[\s.-]", candidate)
    separators = set(re.findall(r"[\s.-]", candidate))
    # A thousands grouping ("12 345 678", "1.234.567") is a number, not a phone.
    if len(separators) == 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return False
    return bool(separators & {"-", "."}) or len(groups) >= 4


def _numeric_dates(text: str, lang: str):
    """Dates written in digits, as day, month and year parts (each a quantity of its own)."""
    for match in _ISO_DATE.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            yield _date_parts(match, (3, day, "day"), (2, month, "month"), (1, year, "year"))
    for match in _DOTTED_DATE.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            parts = [(1, day, "day"), (2, month, "month")]
            if len(match.group(3)) == 4:
                parts.append((3, int(match.group(3)), "year"))
            yield _date_parts(match, *parts)
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        parts = []
        if len(match.group(3)) == 4:
            parts.append((3, int(match.group(3)), "year"))
        # Month/day order differs between the US and everywhere else; only a day above 12
        # settles it.
        if first > 12 and 1 <= second <= 12 and first <= 31:
            parts += [(1, first, "day"), (2, second, "month")]
        elif second > 12 and 1 <= first <= 12 and second <= 31:
            parts += [(1, first, "month"), (2, second, "day")]
        yield _date_parts(match, *parts)


def _date_parts(match: re.Match, *parts: tuple[int, int, str]):
    drafts = [
        _Draft(match.start(group), match.end(group), float(value), unit)
        for group, value, unit in parts
    ]
    return drafts, match.span()


def _numerals_in_run(text: str, match: re.Match, lang: str) -> list[_Draft]:
    run_start = match.start()
    pieces = re.split(r"([,.'’\u00a0\u202f\u2009 ])", match.group())
    groups = pieces[0::2]
    separators = pieces[1::2]
    # Offsets of each digit group within the text.
    offsets = []
    position = run_start
    for index, group in enumerate(groups):
        offsets.append(position)
        position += len(group) + (len(separators[index]) if index < len(separators) else 0)

    if _is_identifier_before(text, run_start):
        return []
    dots = [s for s in separators if s == "."]
    if len(dots) >= 2 and not _all_thousands(groups, separators, "."):
        return []  # version strings, IP addresses: identifiers

    # "1,2,3": a list of numbers, not one number.
    is_list = (
        len(groups) >= 3
        and all(s == "," for s in separators)
        and not all(len(g) == 3 for g in groups[1:])
        and _indian_grouping(groups, separators, 0) is None
    )
    drafts: list[_Draft] = []
    index = 0
    while index < len(groups):
        if is_list:
            consumed, value, plain = 1, float(int(groups[index])), True
        else:
            consumed, value, plain = _read_number(groups, separators, index, lang)
        start = offsets[index]
        last = index + consumed - 1
        end = offsets[last] + len(groups[last])
        is_last = index + consumed == len(groups)
        draft = _finish(text, lang, start, end, value, plain_integer=plain, check_after=is_last)
        if draft is not None:
            drafts.append(draft)
        index += consumed
    return drafts


def _all_thousands(groups: list[str], separators: list[str], sep: str) -> bool:
    return (
        all(s == sep for s in separators)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )


def _read_number(
    groups: list[str], separators: list[str], index: int, lang: str
) -> tuple[int, float, bool]:
    """Read one number from digit group `index`: (groups consumed, value, plain integer?)."""
    first = groups[index]
    decimal_mark = "." if lang in _DECIMAL_POINT_LANGUAGES else ","
    thousands_marks = {",", ".", "'", "’", *_NARROW_SPACES}
    if lang in _SPACE_GROUPING_LANGUAGES:
        thousands_marks.add(" ")

    remaining = len(groups) - index - 1
    if remaining and 1 <= len(first) <= 3 and not (first.startswith("0") and len(first) > 1):
        sep = separators[index]
        if sep in thousands_marks:
            count = 0
            while (
                index + count + 1 < len(groups)
                and separators[index + count] == sep
                and len(groups[index + count + 1]) == 3
            ):
                count += 1
            # Indian grouping: 1,00,000 (two-digit groups, then a final three-digit one).
            if count == 0 and sep == ",":
                lakh = _indian_grouping(groups, separators, index)
                if lakh:
                    return lakh
            if count and first == "0":
                count = 0
            single_ambiguous = count == 1 and sep in (",", ".")
            followed_by_digits = (
                index + count + 1 < len(groups) and separators[index + count] == sep
            )
            if followed_by_digits and sep in (",", "."):
                count = 0  # "1,2345" or "1.234.56": not a clean grouping
            if (
                single_ambiguous
                and sep == decimal_mark
                and not _has_decimal_after(groups, separators, index + 1, sep)
            ):
                count = 0  # "1,500" in German, "1.500" in English: a decimal
            if count:
                digits = first + "".join(groups[index + 1 : index + count + 1])
                consumed = count + 1
                value = float(int(digits))
                next_index = index + consumed
                if next_index < len(groups):
                    mark = separators[next_index - 1]
                    if mark in (",", ".") and mark != sep:
                        value = float(f"{digits}.{groups[next_index]}")
                        consumed += 1
                return consumed, value, False
    if remaining and separators[index] in (",", "."):
        # A lone decimal mark: "3.5", "3,5", "2,8"; both marks read as decimals when the group
        # after is not a thousands group.
        return 2, float(f"{first}.{groups[index + 1]}"), False
    return 1, float(int(first)), True


def _has_decimal_after(groups: list[str], separators: list[str], index: int, sep: str) -> bool:
    return index < len(separators) and separators[index] in (",", ".") and separators[index] != sep


def _indian_grouping(groups, separators, index):
    count = 0
    while (
        index + count + 1 < len(groups)
        and separators[index + count] == ","
        and len(groups[index + count + 1]) == 2
    ):
        count += 1
    if (
        count
        and len(groups[index]) <= 2
        and index + count + 1 < len(groups)
        and separators[index + count] == ","
        and len(groups[index + count + 1]) == 3
    ):
        consumed = count + 2
        digits = "".join(groups[index : index + consumed])
        return consumed, float(int(digits)), False
    return None


def _is_identifier_before(text: str, start: int) -> bool:
    if start == 0:
        return False
    before = text[start - 1]
    if _is_letter(before) or before in "_#@\\":
        return True
    two_before = text[start - 2] if start >= 2 else ""
    if before in "-‐‑/." and two_before and (_is_letter(two_before) or two_before in "_"):
        return True  # COVID-19, A-4, a/3, example.net2
    if before == "." and (not two_before or two_before.isspace()):
        return True  # ".5" and the like: too rare as a number to trust
    if before == " " and start >= 3:
        # "FRANCE 24", "MH 17": a number after an all-capitals word is part of a name, except
        # after a currency code.
        word = re.search(r"([^\W\d_]+)$", text[max(0, start - 20) : start - 1])
        year_shaped = _YEAR_SHAPED.match(text, start)
        if word and not year_shaped and len(word.group(1)) >= 2 and word.group(1).isupper():
            return word.group(1) not in _CURRENCY_CODES and not _is_cjk(word.group(1)[0])
    return False


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
    if draft.unit is None:
        if word in _YEAR_NOUNS and draft.plain_integer and draft.end - draft.start == 4:
            return  # "в 2022 году": the year, named as such
        duration = _durations(lang).get(word)
        if duration:
            draft.unit = duration
            draft.plain_integer = False
            return
        currency = _CURRENCY_WORDS.get(word)
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


# --- spelled-out numbers --------------------------------------------------------------------


def _spelled_numbers(text: str, lang: str) -> list[_Draft]:
    table = _WORD_NUMBERS.get(lang)
    if table is None:
        return []
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    drafts: list[_Draft] = []
    index = 0
    while index < len(words):
        sequence = _spelled_sequence(text, lang, words, index)
        if sequence is None:
            index += 1
            continue
        last_index, value, single_word = sequence
        start, end = words[index][0], words[last_index][1]
        index = last_index + 1
        lone = single_word.lower() if single_word else None
        if lone in _COMPOUND_ONLY or (lone == "neuf" and _neuf_is_adjective(text, start, end)):
            # Alone it is an article or an adjective, unless a multiplier follows.
            pattern, _ = _multiplier_pattern(lang)
            if not pattern.match(text, end):
                continue
        if lone and lang in ("es", "it") and lone in ("una", "uno", "un"):
            continue
        draft = _finish(text, lang, start, end, float(value), plain_integer=False, spelled=True)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _neuf_is_adjective(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].lower().split()
    after = _NEXT_WORD.match(text, end)
    return (bool(before) and before[-1] in {"tout", "toute", "un", "une", "le", "la", "du"}) or (
        after is None
    )


def _word_value(text: str, lang: str, start: int, word: str) -> list[int | str] | None:
    """The number values a word stands for (a German compound gives several), or None."""
    table = _WORD_NUMBERS[lang]
    lowered = word.lower()
    if lang == "de":
        # Capitalised, "Elf" is a noun (the team); number words are lowercase mid-sentence.
        capitalised = word[0].isupper() and lowered not in ("hundert", "tausend")
        if capitalised and not _sentence_initial(text, start):
            return None
        return _german_pieces(lowered)
    if lowered not in table:
        return None
    return [table[lowered]]


def _german_pieces(word: str) -> list[int | str] | None:
    pieces: list[int | str] = []
    position = 0
    while position < len(word):
        for piece in _GERMAN_PIECES:
            if word.startswith(piece, position):
                pieces.append("und" if piece == "und" else _german_value(piece))
                position += len(piece)
                break
        else:
            return None
    if not pieces or pieces[0] == "und" or pieces[-1] == "und":
        return None
    return pieces


def _german_value(piece: str) -> int:
    return {"sieb": 7, "ein": 1}.get(piece, _WORD_NUMBERS["de"].get(piece, 0))


def _sentence_initial(text: str, start: int) -> bool:
    position = start - 1
    while position >= 0 and (text[position].isspace() or text[position] in "\"'“„«‘‚("):
        position -= 1
    return position < 0 or text[position] in ".!?:;"


def _spelled_sequence(text: str, lang: str, words, index: int):
    """(index of the last word, value, the word if the sequence is one word) or None."""
    first = _word_value(text, lang, words[index][0], words[index][2])
    if first is None:
        return None
    values = list(first)
    last = index
    connectors = _CONNECTORS.get(lang, set())
    while last + 1 < len(words):
        gap = text[words[last][1] : words[last + 1][0]]
        candidate = last + 1
        if gap not in (" ", "-", "‐", "\u00a0"):
            break
        following_word = words[candidate][2].lower()
        connector = False
        if following_word in connectors and candidate + 1 < len(words):
            gap2 = text[words[candidate][1] : words[candidate + 1][0]]
            if gap2 not in (" ", "-"):
                break
            connector = True
            candidate += 1
        more = _word_value(text, lang, words[candidate][0], words[candidate][2])
        if more is None or not _extends(values, more, lang, connector):
            break
        values.extend(more)
        last = candidate
    value = _combine(values, lang)
    if value is None:
        return None
    single = words[index][2] if last == index and len(first) == 1 else None
    return last, value, single


def _extends(values: list[int | str], more: list[int | str], lang: str, connector: bool) -> bool:
    """Whether `more` continues the number in `values` ("twenty" "five") or starts another."""
    previous = values[-1]
    following = more[0]
    if isinstance(previous, str) or isinstance(following, str):
        return False
    if following in (100, 1000):
        return previous < 100 or (following == 1000 and previous < 1000)
    if lang == "fr" and following == 20 and previous == 4:
        return not connector  # quatre-vingt
    if connector:
        if lang == "en":
            return previous in (100, 1000) or previous >= 100
        return following < 10 or (lang == "fr" and following == 11)
    return following < previous and (previous >= 20 or (lang == "fr" and previous == 10))


def _combine(values: list[int | str], lang: str) -> int | None:
    # German "dreiundzwanzig": units and tens around "und" add up like any other pieces.
    total = 0
    current = 0
    previous: int | str | None = None
    for value in values:
        if value == "und":
            previous = value
            continue
        assert isinstance(value, int)
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 100:
            current = max(current, 1) * 100 if current < 100 else current + 100
        elif lang == "fr" and value == 20 and previous == 4:
            current += 76  # quatre (4) already counted: quatre-vingt is 80
        else:
            current += value
        previous = value
    return total + current


# --- dates with month names ---------------------------------------------------------------------

_DAY_BEFORE_MONTH = re.compile(r"\.?[\s\u00a0]+(?:de[\s\u00a0]+|of[\s\u00a0]+|del?[\s\u00a0]+)?$")
_DAY_AFTER_MONTH = re.compile(r"[\s\u00a0]+(?:the[\s\u00a0]+)?")


def _mark_dates(text: str, lang: str, drafts: list[_Draft]) -> list[_Draft]:
    """Day numbers next to a month name become days; the month name becomes a month."""
    by_start = {d.start: d for d in drafts}
    by_end = {d.end: d for d in drafts}
    months = _month_table(lang)
    capitalised_only = _CAPITALISED_MONTHS.get(lang, set())
    added: list[_Draft] = []
    for match in _month_pattern(lang).finditer(text):
        name = match.group(1)
        if name.lower() in capitalised_only and not name[0].isupper():
            continue
        month = months[name.lower()]
        linked = False
        after = _DAY_AFTER_MONTH.match(text, match.end())
        if after and after.end() in by_start:
            candidate = by_start[after.end()]
            linked = _as_day(candidate) or candidate.unit == "year"
        window = text[max(0, match.start() - 12) : match.start()]
        before = _DAY_BEFORE_MONTH.search(window)
        if before:
            candidate_end = match.start() - (len(window) - before.start())
            day_before = by_end.get(candidate_end)
            if day_before is not None:
                linked = _as_day(day_before) or linked
        if linked:
            added.append(_Draft(match.start(), match.end(), float(month), "month"))
    return drafts + added


def _as_day(draft: _Draft) -> bool:
    if draft.spelled or not 1 <= draft.value <= 31 or draft.value != int(draft.value):
        return False
    if draft.unit == "ordinal":
        draft.noun = None
        return True
    if draft.unit is None and (draft.plain_integer or draft.noun is not None):
        draft.unit = "day"
        draft.noun = None
        return True
    return False
