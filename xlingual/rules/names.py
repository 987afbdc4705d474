"""XL1xx: a name spelled two ways, or against the style sheet, or with letters from two scripts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from xlingual.analysis.names.scripts import dominant_script, mixed_script_words
from xlingual.analysis.names.variants import NamePart, VariantCluster
from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.text_helpers import agree, base_language, plural

if TYPE_CHECKING:
    from xlingual.analysis.names.romanisation import ForeignRomanisation

# How many places a finding points at as evidence; the first few make the case.
_MAX_RELATED = 3


class NameVariantAcrossArticles(Rule):
    """What it checks: a name spelled one way in some articles and another way in others
    (a transliteration variant or a typo), judged by a transliteration-aware comparison and by
    context: aligned sentences, a shared given name.

    Why it matters: a reader who meets two spellings cannot tell whether they are one person,
    and a search for one misses the other. The minority spelling is flagged at every occurrence,
    with the majority spelling as the suggestion and its uses as related spans.

    Example: one article writes "Karbovskiy" where two others write "Karbovsky".
    """

    code = "XL101"
    examples_fail = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovsky was detained at the airport on Sunday, "
                "his spokeswoman said.",
                "Police detained the opposition politician Dmitri Karbovskiy at the airport on "
                "Sunday evening.",
                "Dmitri Karbovsky was held at the airport on Sunday, according to his team.",
            ),
            flagged="Karbovskiy",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovsky was detained at the airport on Sunday, "
                "his spokeswoman said.",
                "Police detained the opposition politician Dmitri Karbovsky at the airport on "
                "Sunday evening.",
            )
        ),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for cluster, part in _minority_parts(context, same_article=False):
            yield _variant_finding(self, context, cluster, part, same_article=False)


class NameVariantWithinArticle(Rule):
    """What it checks: one article spelling a name two ways (the other spelling is flagged
    toward the spelling the whole set of articles prefers).

    Why it matters: inconsistency inside one text is the clearest sign of an unchecked
    translation, and it confuses readers about who is who.

    Example: "Dmitri Karbovsky was detained ... His lawyer said Karbovskiy had done nothing
    wrong".
    """

    code = "XL102"
    examples_fail = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovsky was detained at the airport on Sunday. "
                "His lawyer said Karbovskiy had done nothing wrong and would appeal.",
            ),
            flagged="Karbovskiy",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovsky was detained at the airport on Sunday. "
                "His lawyer said Karbovsky had done nothing wrong and would appeal.",
            )
        ),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for cluster, part in _minority_parts(context, same_article=True):
            yield _variant_finding(self, context, cluster, part, same_article=True)


class NameContradictsGlossary(Rule):
    """What it checks: a name that the newsroom's style sheet (`--glossary`) spells otherwise:
    a listed wrong form, or a close transliteration variant of a listed name with the same given
    name (a different person with a similar surname is left alone).

    Why it matters: the style sheet is the newsroom's decision; a contradiction is an error to fix
    before publication.

    Example: with "Dmitri Karbovsky" in the style sheet, "Dmitri Karbovskiy" is flagged toward
    "Karbovsky".
    """

    code = "XL103"
    examples_fail = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovskiy was detained at the airport on Sunday, "
                "his spokeswoman said.",
            ),
            flagged="Karbovskiy",
            glossary="Dmitri Karbovsky\n",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovsky was detained at the airport on Sunday, "
                "and Pavel Karpovsky, a local judge, ordered his arrest.",
            ),
            glossary="Dmitri Karbovsky\n",
        ),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        if context.names is None:
            return
        for match in context.names.glossary_matches:
            document = context.documents[match.document]
            where = f" ({match.term.note})" if match.term.note else ""
            line = f" (line {match.term.line})" if match.term.line else ""
            yield self.finding(
                document,
                match.start,
                match.end,
                f"'{match.text}' is {match.reason}: the style sheet{line} writes "
                f"'{match.term.canonical}'{where}",
                suggestion=match.suggestion,
            )


class MixedScriptName(Rule):
    """What it checks: a name (any capitalised word) whose letters come from two scripts, or that
    hides an invisible character, such as a Cyrillic "о" inside a Latin word.

    Why it matters: the word looks right but does not match a search, a spell checker or the
    style sheet, and look-alike letters are a known way to spoof names and links.

    Example: "Kаrbovsky" with a Cyrillic "а"; the suggestion is the all-Latin spelling.
    """

    code = "XL104"
    examples_fail = (
        Example(
            articles=(
                "Opposition politician Dmitri Kаrbovsky was detained at the airport on Sunday.",
            ),
            flagged="Kаrbovsky",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Opposition politician Dmitri Karbovsky was detained at the airport on Sunday.",
            )
        ),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            for word in mixed_script_words(document.text):
                if not (word.text[:1].isupper() or word.invisible):
                    continue  # lower-case words belong to the spelling checks
                what = (
                    "contains an invisible character"
                    if word.invisible
                    else f"mixes {' and '.join(word.scripts)} letters"
                )
                yield self.finding(
                    document,
                    word.start,
                    word.end,
                    f"'{word.text}' {what}; it will not match the same name typed normally",
                    suggestion=word.suggestion,
                )


class DifferentPersonSameStatement(Rule):
    """What it checks: two articles reporting the same statement (a sentence of one and its
    closest counterpart in the other, cosine 0.85 or more, each the other's closest) that name
    different people: a name whose words the other article never uses, across from a name whose
    words this article never uses. That is a different person in the same role, a relative
    ("Jean" for "Pierre Martin") or a surname rendered as the word it means ("Ana Wolf" for
    "Ana Lobo"). The name fewer articles use is flagged (romanised
    names in other scripts count); when as many use each, the one whose odd word is a common
    English word. Names that merely look alike are spelling variants (XL101); a given name and
    its form in another language (Juan / Johann) is not judged; articles in a script other
    than Latin are not compared.

    Why it matters: naming the wrong person is the error a correction notice is written for.

    Example: one article says the police spokesman Pavlos Markou gave the figures, two others
    say spokesman Andreas Petrou did.
    """

    code = "XL105"
    examples_fail = (
        Example(
            articles=(
                "Police spokesman Pavlos Markou said 300 officers were searching the harbour "
                "district of the city on Monday.",
                "Police spokesman Andreas Petrou said 300 officers were searching the harbour "
                "district of the city on Monday.",
                "About 300 officers searched the harbour, according to spokesman Andreas Petrou.",
            ),
            flagged="Pavlos Markou",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "Police spokesman Andreas Petrou said 300 officers were searching the harbour "
                "district of the city on Monday.",
                "Police spokesman Andreas Petru said 300 officers were searching the harbour "
                "district of the city on Monday.",
            )
        ),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        from xlingual.analysis.names.roles import name_conflicts

        if context.names is None:
            return
        for conflict in name_conflicts(context.documents, context.vectors, context.names.mentions):
            wrong, right = conflict.wrong, conflict.right
            document, other = context.documents[wrong.document], context.documents[right.document]
            start, end = wrong.span
            used, other_used = conflict.support
            if wrong.shared:
                kind = f"the same {' '.join(wrong.shared)}, another name"
            else:
                kind = "another person"
            yield self.finding(
                document,
                start,
                end,
                f"'{wrong.mention.text}' here, '{right.mention.text}' in the same statement in "
                f"{other.path} ({kind}; {plural(used, 'article')} {agree(used, 'uses', 'use')} "
                f"this name, {other_used} the other)",
                suggestion=other.text[right.span[0] : right.span[1]],
                related=[span_of(other, right.mention.start, right.mention.end)],
                confidence=0.75,
            )


class ForeignRomanisedName(Rule):
    """What it checks: in an English article, a Russian person's surname written by the French or
    German convention (French j or g for ж, ou for у, -ine for -ин; German sch for ж and ш, w for
    в, -ow for -ов), where no other article spells the name another way. A Russian name is one
    whose given name (written before it at least once) and surname are both common Russian words
    as wordfreq knows them, commoner in Russian than the spellings are in English, French or
    German (`xlingual/analysis/names/romanisation.py`). The English romanisation (Wikipedia's
    scheme) is the suggestion; where the written form is itself the more common word or name in
    English, the message says so: it may name someone else.

    Why it matters: a translation from French or German carries that language's spelling of a
    Russian name into English copy, where readers and search engines know another, and the
    foreign form can be the name of a different, famous person.

    Example: "the composer Dmitri Chostakovitch" in an English article (the French romanisation
    of Шостакович; English writes Shostakovich).
    """

    code = "XL106"
    examples_fail = (
        Example(
            articles=(
                "The orchestra played a symphony by the composer Dmitri Chostakovitch on "
                "Saturday, the festival said.",
            ),
            flagged="Chostakovitch",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The orchestra played a symphony by the composer Dmitri Shostakovich on "
                "Saturday, the festival said.",
            ),
        ),
    )
    needs_names = True

    def check(self, context: CheckContext) -> Iterable[Finding]:
        from xlingual.analysis.names.romanisation import foreign_romanisation
        from xlingual.analysis.names.variants import name_parts

        if context.names is None:
            return
        # Spellings already judged against another spelling (XL101/102) or the style sheet (XL103).
        judged = {
            (part.document, part.start)
            for cluster in context.names.clusters
            for part in cluster.parts
        } | {(match.document, match.start) for match in context.names.glossary_matches}
        for index, document in enumerate(context.documents):
            if base_language(document.language) != "en":
                continue
            parts = [
                part
                for part in name_parts(index, context.names.mentions[index])
                if part.label in ("PERSON", "NAME") and (index, part.start) not in judged
            ]
            found = {}
            for part in parts:
                if part.given_name and part.text not in found:
                    ruling = foreign_romanisation(part.text, part.given_name)
                    if ruling is not None:
                        found[part.text] = ruling
            for part in parts:
                ruling = found.get(part.text)
                if ruling is not None:
                    yield self.finding(
                        document,
                        part.start,
                        part.end,
                        _romanisation_message(ruling),
                        suggestion=ruling.english,
                        confidence=0.7,
                    )


def _romanisation_message(ruling: ForeignRomanisation) -> str:
    from xlingual.analysis.words.lexicon import zipf

    message = (
        f"'{ruling.written}' looks like {ruling.russian.capitalize()} romanised by the "
        f"{ruling.convention} convention ({', '.join(ruling.hallmarks)}); English writes "
        f"'{ruling.english}'"
    )
    written_zipf = zipf(ruling.written.casefold(), "en")
    if written_zipf > zipf(ruling.english.casefold(), "en"):
        message += (
            f"; '{ruling.written}' is itself the more common word or name in English "
            f"(Zipf {written_zipf:.1f}): it may name someone else"
        )
    return message


def _minority_parts(
    context: CheckContext, *, same_article: bool
) -> Iterator[tuple[VariantCluster, NamePart]]:
    """Occurrences of non-canonical spellings, split by whether their article also uses the
    canonical spelling (XL102) or not (XL101). Cross-script pairs are transliterations, not
    errors, and spans the style sheet already flags are left to XL103."""
    if context.names is None:
        return
    glossary_spans = {(m.document, m.start, m.end) for m in context.names.glossary_matches}
    for cluster in context.names.clusters:
        canonical_documents = {part.document for part in cluster.occurrences(cluster.canonical)}
        canonical_script = dominant_script(cluster.canonical)
        for spelling in cluster.spellings:
            # The canonical spelling may be the style sheet's, which no article uses.
            if spelling == cluster.canonical or dominant_script(spelling) != canonical_script:
                continue
            for part in cluster.occurrences(spelling):
                if (part.document, part.start, part.end) in glossary_spans:
                    continue
                if (part.document in canonical_documents) == same_article:
                    yield cluster, part


def _variant_finding(
    rule: Rule, context: CheckContext, cluster: VariantCluster, part: NamePart, same_article: bool
) -> Finding:
    document = context.documents[part.document]
    canonical = cluster.occurrences(cluster.canonical)
    related = sorted(
        canonical,
        key=lambda other: ((other.document == part.document) != same_article, other.document),
    )[:_MAX_RELATED]
    articles = len({p.document for p in canonical})
    if same_article:
        which = ", which this article also uses"
    elif articles:
        which = f", which {plural(articles, 'article')} also {agree(articles, 'uses', 'use')}"
    else:
        which = ""  # the style sheet's spelling, which no article uses
    why = "; ".join((cluster.reason, *cluster.evidence))
    message = f"'{part.text}' looks like a variant of '{cluster.canonical}'{which} ({why})"
    return rule.finding(
        document,
        part.start,
        part.end,
        message,
        suggestion=cluster.canonical,
        related=[span_of(context.documents[o.document], o.start, o.end) for o in related],
        # Both must hold: the spellings are one name, and the canonical one is the right one.
        confidence=round(min(cluster.score, cluster.certainty), 3),
    )
