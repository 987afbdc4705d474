"""XL304 web-boilerplate: page furniture left in an article (buttons, prompts, counters, bare
links, photo credits)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from xlingual.analysis.words.lexicon import stop_words
from xlingual.findings import Finding, Severity
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, Rule
from xlingual.rules.spelling.words import article_lines
from xlingual.segment import Sentence
from xlingual.text_helpers import base_language
from xlingual.word_lists import words_of

# Words of a news page's controls and widgets (data/ui_words/: comment, share, read more...).
# A line made only of these and function words is a button, a prompt or a teaser, not prose.
_UI_ANCHORS = words_of("ui_words", "anchors")
_UI_WORDS = _UI_ANCHORS | words_of("ui_words", "other")
_CAPTION_LABEL = re.compile(
    r"(?:photo|photos|image|images|picture|figure|fig|caption|credit|credits|illustration|"
    r"video|foto|fotos|bild|bilder|imagen|imágenes|fotografía|crédit|crédits|légende|"
    r"bildquelle|vídeo|vidéo)(?:\s+(?:credit|credits|source|crédit))?\s*:",
    re.IGNORECASE,
)
_COUNTER = re.compile(r"^\s*\d[\d.,]*\s*[kKmM]?\s+(?P<word>[^\W\d_]+)\s*$")
_BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_MAX_UI_WORDS = 8


def _furniture_kind(line: str, language: str) -> str | None:
    """What sort of page furniture a whole line is, or None for prose."""
    if _BARE_URL.match(line):
        return "a bare link"
    counter = _COUNTER.match(line)
    if counter and counter.group("word").lower() in _UI_ANCHORS | _UI_WORDS:
        return "a counter widget"
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", line)]
    if not words or len(words) > _MAX_UI_WORDS or line.endswith((".", ",", ";")):
        return None
    stop = stop_words(tuple(sorted({"en", base_language(language)})))
    content = [w for w in words if w not in stop or w in _UI_ANCHORS]
    if content and all(w in _UI_WORDS for w in content):
        anchors = sum(w in _UI_ANCHORS for w in content)
        if anchors or len(content) >= 2:
            return "a button or prompt"
    return None


class WebBoilerplate(Rule):
    """What it checks: page furniture left inside an article body: comment prompts and counters,
    share and follow buttons, "read more" teasers, a bare link on its own line, and photo or
    figure credits ("Photo: ...") at the end of a paragraph. A line counts when it is short and
    made only of the words such widgets use (in English, French, German or Spanish) and function
    words. A lone line of that kind is a hint; one next to others is a warning.

    Why it matters: text copied from a web page carries its buttons and captions along; published
    unchanged they show the story was pasted, not edited.

    Example: the lines "Share this article", "12 comments" and "Be the first to reply" at the
    end of a story are reported.
    """

    code = "XL304"
    examples_fail = (
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate.\n\nShare "
                "this article\n12 comments\nBe the first to reply\n",
            ),
            flagged="Share this article",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate.\n\nThe mayor "
                "said she would share the plan with residents next week.\n",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            yield from self._furniture_lines(document)
            yield from self._captions(document)

    def _furniture_lines(self, document: Document) -> Iterator[Finding]:
        lines = article_lines(document)
        kinds = [_furniture_kind(line.text, document.language) for line in lines]
        for position, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
            if kind is None:
                continue
            neighbours = kinds[max(0, position - 2) : position] + kinds[position + 1 : position + 3]
            clustered = any(neighbours)
            if not clustered and line.text.endswith("?"):
                continue  # a lone short question is as likely an interviewer's
            yield self.finding(
                document,
                line.start,
                line.end,
                f"Looks like web page furniture ({kind}), not article text",
                suggestion=None,
                confidence=0.85 if clustered else 0.6,
                severity=Severity.WARNING if clustered else Severity.INFO,
            )

    def _captions(self, document: Document) -> Iterator[Finding]:
        for sentence in document.sentences:
            label = _CAPTION_LABEL.match(sentence.text)
            if not label or not _is_caption(document, sentence):
                continue
            yield self.finding(
                document,
                sentence.start,
                sentence.end,
                f"Looks like an image caption or credit ('{label.group().strip()}') in the text",
                suggestion=None,
                confidence=0.75,
            )


def _is_caption(document: Document, sentence: Sentence) -> bool:
    """Short, no final stop, and the last thing on its line."""
    words = re.findall(r"\w+", sentence.text)
    if not 2 <= len(words) <= 12 or sentence.text.rstrip().endswith((".", "?", "!")):
        return False
    rest = document.text[sentence.end :].split("\n", 1)[0]
    return not rest.strip()
