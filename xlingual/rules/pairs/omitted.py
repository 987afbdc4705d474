"""XL502 content-omitted: a source sentence the translation leaves out."""

from __future__ import annotations

from collections.abc import Iterable

from xlingual.findings import Finding
from xlingual.rules.base import CheckContext, Example, Rule, span_of
from xlingual.rules.pairs.beads import (
    beads,
    letter_words,
    nearest_target_span,
)

OMISSION_MIN_WORDS = 3  # fewer words: a signature, an interjection ("Bye!"), markup


class SourceSentenceOmitted(Rule):
    """A source sentence that the translation leaves out.

    What it checks: the source-translation alignment puts every sentence in a bead; a bead with
    source sentences and no translated sentence means the translation has nothing that renders
    them. The finding sits on the translated sentence nearest to where the missing one belongs,
    with the source sentence as evidence. Sentences of fewer than three words (a signature,
    "Thanks!", markup) are left out.

    Why it matters: machine translation silently drops sentences, often the last one of a
    segment or a short clause between two long ones, and a fluent translation hides the loss.
    A reader of the translation never learns what was said.

    Example: source "The minister resigned. She gave no reason for the decision.", translation
    "Der Minister trat zurück." (the second sentence is missing).
    """

    code = "XL502"
    examples_fail = (
        Example(
            articles=("Der Minister trat zurück.",),
            source="The minister resigned. She gave no reason for the decision.",
            flagged="Der Minister trat zurück.",
        ),
    )
    examples_pass = (
        Example(
            articles=("Der Minister trat zurück. Sie nannte keinen Grund für die Entscheidung.",),
            source="The minister resigned. She gave no reason for the decision.",
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        for view in beads(context):
            if not view.source.ids or view.target.ids:
                continue
            source_doc, target_doc = view.source.document, view.target.document
            for sentence_id in view.source.ids:
                sentence = source_doc.sentences[sentence_id]
                words = len(letter_words(sentence.text))
                if words < OMISSION_MIN_WORDS:
                    continue
                start, end = nearest_target_span(view.pair, view.index, target_doc)
                findings.append(
                    self.finding(
                        target_doc,
                        start,
                        end,
                        f'the translation leaves out the source sentence "{_short(sentence.text)}"',
                        related=[span_of(source_doc, sentence.start, sentence.end)],
                        confidence=min(0.9, 0.4 + 0.05 * words),
                    )
                )
        return sorted(set(findings), key=Finding.sort_key)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
