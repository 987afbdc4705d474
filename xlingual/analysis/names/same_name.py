"""Is this the same name, spelled another way? Transliteration-aware comparison of name spellings.

A name reaches a newsroom in many spellings: romanised from Cyrillic by English, French, German or
Polish conventions (Евгений: Yevgeny, Evgenij, Jewgeni, Evguéni), with or without diacritics, or
simply mistyped. `same_name` decides whether two spellings are variants of one name; `name_score`
gives the similarity behind that decision.

How:
1. Every spelling becomes one or more lower-case ASCII forms: Cyrillic through several official
   romanisation schemes (iuliia) and anyascii; any other script through anyascii.
2. Each form is folded into a phonetic key: the usual romanisation alternations collapse
   (zh/j/sch/sh/ch, kh/h, ts/tz/c, w/v, ph/f, y/i/j, ou/u, x/ks, final -e, doubled letters).
   Digraphs become single symbols so that an edit distance counts them as one sound.
3. Keys are compared with an edit distance whose costs follow how spellings actually vary:
   vowels and letters of one sound class are cheap to swap, consonants are dear.
4. Guards keep apart what string similarity alone would join: a feminine ending (-a, -ova, -aya)
   or a patronymic suffix marks a different person, and very short names must match exactly.

The thresholds are measured on ../shared/data/names_variant_clusters with `benchmarks/names.py`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# A pair is one name at or above this score (benchmarks/names.py chooses it).
SAME_NAME_THRESHOLD = 0.80

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NON_LETTER = re.compile(r"[^a-z]+")
_PART_SEPARATOR = re.compile(r"[\s\-‐‑–]+")


def latin_forms(spelling: str) -> tuple[str, ...]:
    """Lower-case ASCII letter strings a reader may meet for this spelling (one name part)."""
    forms = {_ascii_letters(spelling)}
    if _CYRILLIC.search(spelling):
        forms.update(_ascii_letters(scheme.translate(spelling)) for scheme in _cyrillic_schemes())
    if _GREEK.search(spelling):
        forms.add(_ascii_letters(_greek_digraphs(spelling)))
    forms.discard("")
    return tuple(sorted(forms))


def _ascii_letters(text: str) -> str:
    return _NON_LETTER.sub("", anyascii(unicodedata.normalize("NFC", text)).lower())


# Greek digraphs that the standard romanisation (ELOT 743 / ISO 843) writes as one sound, where
# anyascii goes letter by letter (ου -> "oy"): Papadopoulos, Evangelos, Bakoyannis.
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_DIGRAPHS = (
    (re.compile(r"ο[υύ]", re.IGNORECASE), "ou"),
    (re.compile(r"([αε])[υύ](?=[βγδζλμνραάεέηήιίοόυύωώ])", re.IGNORECASE), r"\1v"),
    (re.compile(r"([αε])[υύ]", re.IGNORECASE), r"\1f"),
    (re.compile(r"^μπ", re.IGNORECASE), "b"),
    (re.compile(r"^ντ", re.IGNORECASE), "d"),
    (re.compile(r"^γκ", re.IGNORECASE), "g"),
    (re.compile(r"γ[γκ]", re.IGNORECASE), "ng"),
)


def _greek_digraphs(spelling: str) -> str:
    text = unicodedata.normalize("NFC", spelling)
    for pattern, replacement in _GREEK_DIGRAPHS:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=1)
def _cyrillic_schemes() -> tuple:
    import iuliia

    # English (BGN/PCGN, Wikipedia, passports), scholarly (with diacritics, which anyascii then
    # strips: č -> c), and French (MVD 310 FR) conventions.
    return (
        iuliia.WIKIPEDIA,
        iuliia.BGN_PCGN,
        iuliia.ICAO_DOC_9303,
        iuliia.SCIENTIFIC,
        iuliia.MVD_310_FR,
        iuliia.MOSMETRO,
        iuliia.GOST_52535,
    )


# Folding, in three stages applied to a lower-case ASCII form. Upper-case letters are symbols for
# one sound written with several letters, so that the edit distance counts "shch" as one unit.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    (r"(.)\1+", r"\1"),  # doubled letters: Tatyanna, Philipp
    (r"schtsch|shch|chtch|szcz|stch", "Q"),  # щ
    (r"tsch|tch|tsj|cz", "C"),  # ч in German, French, Dutch, Polish
    (r"dzh|dj|dz(?=h)", "J"),  # дж
    (r"zh|sch|sz|sh", "S"),  # ж and ш (German writes both as sch)
    (r"kh", "H"),  # х
    (r"ch", "C"),  # ч in English; also ш in French and х in German: cheap swaps below
    (r"ph", "f"),
    (r"th", "t"),
    (r"gh", "g"),
    (r"tz|ts", "Z"),  # ц
    (r"ck", "k"),
    (r"(?<=[aeiou])[ei]e$|(?<=[^aeiou])(ie|ee|ey)$", "i"),  # English final /i/: Jennie, Kellee
)
# The letters whose sound depends on the language the spelling was made for; each reading is
# tried. j: y in German and Slavic spellings (Jurij), dzh in English (John), zh in French
# (Jean), kh in Spanish (Jimenez). g before e/i: g in German (Georg), dzh in English/Italian.
_AMBIGUOUS_READINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"j(?=[aeiouy])", ("y", "J", "S", "H")),
    (r"g(?=[eiy])|gi(?=[aou])", ("g", "J")),
)
_SINGLES: tuple[tuple[str, str], ...] = (
    (r"j", "y"),  # before a consonant or at the end: Nikolaj, Sergej
    (r"x", "ks"),
    (r"q", "k"),
    (r"w", "v"),
    (r"c(?=[eiy])", "Z"),  # soft c sounds like ц/s
    (r"c", "k"),
    (r"gu(?=[eiy])", "g"),  # French Sergueï
    (r"ou", "u"),  # French Youri
    (r"[ao]e", "e"),  # German ä/ö written out
    (r"ue", "u"),  # German ü written out
    (r"y", "i"),
    (r"^ie", "e"),  # Yevgeny / Evgeny / Jewgeni once y and j are i
    (r"(?<=[aeiou])h(?![aeiou])", ""),  # silent h: Johnny / Jonny, Sarah / Sara
    (r"(.)\1+", r"\1"),  # letters doubled by the rules above: Yuriy -> iurii -> iuri
    # A final -e after a consonant is silent or feminine (Alexandre, Louise, Thérèse): it becomes
    # a weak symbol that costs little against nothing or against a final -a.
    (r"(?<=[^aeiouE])e$", "E"),
    # A final -s after a consonant is the Latvian and Lithuanian nominative (Ivans, Eriks).
    (r"(?<=[^aeiouE])s$", "Y"),
)
_COMPILED_DIGRAPHS = tuple((re.compile(p), r) for p, r in _DIGRAPHS)
_COMPILED_SINGLES = tuple((re.compile(p), r) for p, r in _SINGLES)
_COMPILED_READINGS = tuple((re.compile(p), readings) for p, readings in _AMBIGUOUS_READINGS)
_MAX_READINGS = 16


def phonetic_keys(form: str) -> tuple[str, ...]:
    """The folded keys of one ASCII form, one per reading of its ambiguous letters."""
    readings = {_apply(_COMPILED_DIGRAPHS, form)}
    for pattern, alternatives in _COMPILED_READINGS:
        expanded: set[str] = set()
        for reading in readings:
            if not pattern.search(reading):
                expanded.add(reading)
                continue
            # One reading per language: every ambiguous letter in a name read the same way.
            expanded.update(pattern.sub(alternative, reading) for alternative in alternatives)
        readings = set(sorted(expanded)[:_MAX_READINGS])
    return tuple(sorted({_apply(_COMPILED_SINGLES, reading) for reading in readings}))


def _apply(rules: tuple, text: str) -> str:
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


# Edit costs. Swapping letters that romanisations use for one sound is cheap; so is a vowel,
# which languages add or drop freely (Aleksandr / Alexander). A consonant is dear.
_VOWELS = frozenset("aeiou")
_WEAK_FINAL = "E"
_WEAK_FINAL_S = "Y"
_SOUND_CLASSES = (
    frozenset("SCQJZ"),  # the hushing and hissing sounds: zh, sh, ch, shch, dzh, ts
    frozenset("sSZz"),  # s, z, c and the ones a diacritic-stripped form leaves: Šostakovič
    frozenset("CHk"),  # German/French "ch" against English "kh" and "k": Michail / Mikhail
    frozenset("Hhg"),  # Ukrainian h for Russian g: Hryhoriy / Grigoriy
    frozenset("kg"),
    frozenset("vfb"),
    frozenset("dt"),
    frozenset("bp"),
    frozenset("iJS"),  # j read as y or as zh
)
_CHEAP_SWAP = 0.4
_VOWEL_SWAP = 0.5
_VOWEL_INDEL = 0.5
_H_INDEL = 0.3
_FINAL_VOWEL_INDEL = 2.0
_TOLERANCE = 0.3125
_WEAK_FINAL_COST = 0.4
_FINAL_SUBSTITUTION_FACTOR = 1.5


def _substitution_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if _WEAK_FINAL_S in (a, b):
        return _WEAK_FINAL_COST if {a, b} <= {_WEAK_FINAL_S, "s", "Z", "z"} else 1.0
    if _WEAK_FINAL in (a, b):
        return _WEAK_FINAL_COST if {a, b} <= {_WEAK_FINAL, "a", "e"} else _VOWEL_SWAP
    if a in _VOWELS and b in _VOWELS:
        return _VOWEL_SWAP
    if any(a in group and b in group for group in _SOUND_CLASSES):
        return _CHEAP_SWAP
    return 1.0


def _indel_cost(symbol: str, final: bool) -> float:
    if symbol in (_WEAK_FINAL, _WEAK_FINAL_S):
        return _WEAK_FINAL_COST
    if symbol in _VOWELS:
        # A medial vowel comes and goes between languages (Aleksandr / Alexander); a final one
        # makes another name (Georg / Georgi, Andre / Andrei, Emil / Emili).
        return _FINAL_VOWEL_INDEL if final else _VOWEL_INDEL
    if symbol in "hH":
        return _H_INDEL
    return 1.0


def key_distance(a: str, b: str) -> float:
    """Weighted edit distance between two phonetic keys."""
    last_a, last_b = len(a) - 1, len(b) - 1
    previous = [0.0]
    for j, symbol in enumerate(b):
        previous.append(previous[-1] + _indel_cost(symbol, j == last_b))
    for i, symbol_a in enumerate(a):
        delete_a = _indel_cost(symbol_a, i == last_a)
        current = [previous[0] + delete_a]
        for j, symbol_b in enumerate(b):
            substitute = _substitution_cost(symbol_a, symbol_b)
            if substitute and (i == last_a or j == last_b):
                substitute *= _FINAL_SUBSTITUTION_FACTOR
            current.append(
                min(
                    previous[j + 1] + delete_a,
                    current[j] + _indel_cost(symbol_b, j == last_b),
                    previous[j] + substitute,
                )
            )
        previous = current
    return previous[-1]


def key_similarity(a: str, b: str) -> float:
    """1 for equal keys, falling with the distance; 0.8 is the tolerated distance for the length.

    Longer names have room for more alternations, and more than in proportion to their length:
    Aleksandrovich / Alexandrowitsch differ in four places, Ivan / Iwan in one, and Mari / Mori
    (one vowel) are two names. The tolerance grows with length ** 1.5, measured on the benchmark.
    """
    if not a or not b:
        return 0.0
    length = max(len(a), len(b))
    return max(0.0, 1.0 - key_distance(a, b) / (_TOLERANCE * length**1.5))


_PATRONYMIC = re.compile(r"(ov|ev)(iC|iZ|ik|iS|i|na)$")


def _different_person(a: str, b: str) -> bool:
    """Keys that differ in who they name, not in spelling.

    A feminine ending on one side only (Ivanov / Ivanova, Christian / Christina), a patronymic on
    one side only (Ivan / Ivanovich), or a different first sound (Miroslav / Yaroslav).
    """
    # A final -e may stand for -a (Therese / Tereza); against a consonant, -a is feminine.
    if a.endswith("a") != b.endswith("a") and not (a + b).endswith(_WEAK_FINAL):
        return True
    if bool(_PATRONYMIC.search(a)) != bool(_PATRONYMIC.search(b)):
        return True
    return _substitution_cost(a[0], b[0]) >= 1.0


@lru_cache(maxsize=65536)
def _part_keys(part: str) -> tuple[str, ...]:
    return tuple(sorted({key for form in latin_forms(part) for key in phonetic_keys(form)}))


@lru_cache(maxsize=65536)
def part_score(a: str, b: str) -> float:
    """Similarity in [0, 1] of two single name parts (a given name or a surname), any script."""
    keys_a, keys_b = _part_keys(a), _part_keys(b)
    if not keys_a or not keys_b:
        return 0.0
    best, best_pair = -1.0, ("", "")
    for key_a in keys_a:
        for key_b in keys_b:
            similarity = key_similarity(key_a, key_b)
            if similarity > best:
                best, best_pair = similarity, (key_a, key_b)
    if best_pair[0] != best_pair[1]:
        if _different_person(*best_pair):
            return min(best, 0.5)
        if min(len(best_pair[0]), len(best_pair[1])) <= 3:
            # Short names (Ian / Ivan, Lev / Leo) leave no room for a spelling difference.
            return min(best, 0.6)
    return best


def romanises(latin: str, native: str) -> bool:
    """Whether `latin` is a spelling that a standard romanisation of `native` (a name part in
    another script) produces, up to the alternations the phonetic keys fold (Yevgeny / Evgenij).

    A typo changes a sound (Mikhial, Kasporov) and is produced by no scheme:
    >>> romanises("Kasparov", "Каспаров"), romanises("Kasporov", "Каспаров")
    (True, False)
    """
    # The phonetic keys of a name in another script are those of its romanisations.
    return sound_alike(latin, native)


def sound_alike(a: str, b: str) -> bool:
    """Whether two spellings fold to a common phonetic key: romanisation variants of one sound
    sequence (Mariya / Maria, Alexei / Aleksei), as opposed to a changed sound (Mikhial)."""
    return bool(set(_part_keys(a)) & set(_part_keys(b)))


def split_name(name: str) -> tuple[str, ...]:
    return tuple(part for part in _PART_SEPARATOR.split(name.strip()) if part)


def name_score(a: str, b: str) -> float:
    """Similarity in [0, 1] of two spellings: single name parts or full names, any scripts.

    Full names are compared part by part: the surnames (last parts) must match, given names must
    match where both have one (an initial matches any name with that first letter), and a middle
    name or patronymic that only one side has is ignored.
    """
    parts_a, parts_b = split_name(a), split_name(b)
    if not parts_a or not parts_b:
        return 0.0
    if len(parts_a) == 1 and len(parts_b) == 1:
        return part_score(parts_a[0], parts_b[0])
    scores = [part_score(parts_a[-1], parts_b[-1])]
    if len(parts_a) > 1 and len(parts_b) > 1:
        scores.append(_given_name_score(parts_a[0], parts_b[0]))
    return min(scores)


def _given_name_score(a: str, b: str) -> float:
    initial_a, initial_b = a.rstrip(".").lower(), b.rstrip(".").lower()
    if len(initial_a) == 1 or len(initial_b) == 1:
        first_a, first_b = _ascii_letters(initial_a)[:1], _ascii_letters(initial_b)[:1]
        return 1.0 if first_a and first_a == first_b else 0.0
    return part_score(a, b)


def same_name(a: str, b: str) -> bool:
    """Whether two spellings, in any scripts, are variants of one name.

    >>> same_name("Евгений", "Jewgeni"), same_name("Gorbachev", "Gorbatschow")
    (True, True)
    >>> same_name("Kirov", "Kirovsk"), same_name("Ivanov", "Ivanova")
    (False, False)
    """
    return name_score(a, b) >= SAME_NAME_THRESHOLD
