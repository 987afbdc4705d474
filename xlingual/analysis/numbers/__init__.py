"""Numbers, amounts, percentages and dates in running text, in several languages.

`extract_quantities(text, language)` finds every number a reader would take as a fact and returns
it with its exact span, its value and, when it is plain, its kind (`unit`):

- `"%"` percentages: `40%`, `40 %`, `40 per cent`, `40 Prozent`, `40 pour cent`, `40 процентов`.
- `"year"` a calendar year: a bare four-digit number 1000-2100, `2022年`.
- `"month"` a month of a date (value 1-12): a month name next to a day or year (`September 12`,
  `12 septembre`, `сентября 2022`), or the month of a numeric date (`12.09.2022`, `2022-09-12`).
  A month name's `noun` says what it dates: `"day"` (`Mar 3`) or `"year"` (`May 2019`).
- `"day"` the day of a month in a date (value 1-31): `September 12`, `12. September`, `12日`.
- `"ordinal"` `20th`, `21st`, `1er`, `20e`, `12-го`, `5º` (compatible with `"day"`).
- `"decade"` `1990s`.
- durations, canonical across languages: `"years"` (`10 years`, `10 ans`, `41-year-old`),
  `"months"`, `"weeks"`, `"days"`, `"hours"`, `"minutes"`.
- currencies as ISO codes: `"USD"` (`$5`, `5 dollars`), `"EUR"`, `"GBP"`, `"RUB"`, `"JPY"`,
  `"CNY"`, `"CHF"`, `"INR"`, `"UAH"`.
- measurement units, glued (`5km` -> `"km"`, lowercased) or written out in the languages read
  here (`30 square kilometres` -> `"km2"`, `3.000 ettari` -> `"ha"`, `30.000 στρέμματα` ->
  `"stremma"`, `5 megawatts` -> `"mw"`); `compare` converts them (`in_base_units`), so 30 km2,
  3,000 ha and 30,000 stremmata are one figure.
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

The package has one module a job, each importing only those listed after it:

- `compare`: `same_quantity`, `quantity_kind`, `units_compatible` (rounding, unit families),
  `confusable` (one figure a likely slip of the other).
- `quantities`: the `Quantity` type and `extract_quantities`, which runs the readers below.
- `dates`: numeric dates and days next to month names.
- `spelled`: spelled-out numbers.
- `numerals`: digits, separators by locale, and digit runs that are identifiers.
- `units`: what stands around a numeral (currency, multiplier, percent, unit and noun words).

Names with a leading underscore are private to the package; callers import what is below.
"""

from __future__ import annotations

from xlingual.analysis.numbers.compare import (
    EXACT_UNITS,
    confusable,
    in_base_units,
    quantity_kind,
    same_quantity,
    units_compatible,
)
from xlingual.analysis.numbers.quantities import (
    Quantity,
    extract_quantities,
    is_written_in_words,
    reads_words,
)

__all__ = [
    "EXACT_UNITS",
    "Quantity",
    "confusable",
    "extract_quantities",
    "in_base_units",
    "is_written_in_words",
    "quantity_kind",
    "reads_words",
    "same_quantity",
    "units_compatible",
]
