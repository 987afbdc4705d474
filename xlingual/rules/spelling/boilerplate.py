"""XL304 web-boilerplate: page furniture left in an article (buttons, prompts, counters, bare
links, photo credits)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from xlingual.analysis.words.lexicon import stop_words
from xlingual.findings import Finding, Severity
from xlingual.load.documents import Document
from xlingual.rules.base import CheckContext, Example, Rule
from xlingual.rules.spelling.words import Line, article_lines
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


# Shapes of a line that is not prose, in any language: a line that ends without a sentence
# stop, a label and a colon ("Read also:", "関連記事："), a copyright mark, an address or handle,
# a wholly bracketed line (a wire credit), a line in capitals.
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”»)\]]*$")
_LABEL = re.compile(r"^[^\W\d_][^\W_]*(?:\s+[^\W\d_][^\W_]*){0,2}\s*[:：]\s*\S")
# Bounded as addresses are (64 characters before the @), so a long word costs linear time.
_CONTACT = re.compile(r"[\w.+-]{1,64}@[\w-]{1,253}\.\w|https?://|www\.|(?<!\w)@\w{2,}")
_RIGHTS = re.compile(r"[©®℗]|\((?:c|p)\)", re.IGNORECASE)
_BRACKETED = re.compile(r"^(?:\(.*\)|\[.*\])$")
# Han and kana: a script written without spaces, where a character is about half a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# A line of up to this many words (a share bar, a prompt, a credit, a teaser headline) is short;
# the last paragraph of an article's prose is longer (stories_dev: all 19 planted lines at most
# 14 words, the articles' last paragraphs 20 or more).
_SHORT_LINE_WORDS = 20
_SHORT_LINE_CHARACTERS = 300  # and no longer than this: a wall of text is no widget


def _furniture_kind(line: str, language: str, trailing: bool = False) -> str | None:
    """What sort of page furniture a whole line is by its words (a link, a counter, widget
    words), or None. After the article's prose (`trailing`) a prompt may be a longer sentence
    ("Follow us on ... for the latest news.")."""
    if _BARE_URL.match(line):
        return "a bare link"
    counter = _COUNTER.match(line)
    if counter and counter.group("word").lower() in _UI_ANCHORS | _UI_WORDS:
        return "a counter widget"
    if _is_short(line) and _RIGHTS.search(line):
        return "a copyright line"
    if _is_short(line) and _CONTACT.search(line):
        return "a contact or credit line"
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", line)]
    if not words or len(words) > (_SHORT_LINE_WORDS if trailing else _MAX_UI_WORDS):
        return None
    if line.endswith((".", ",", ";")) and not trailing:
        return None
    stop = stop_words(tuple(sorted({"en", base_language(language)})))
    content = [w for w in words if w not in stop or w in _UI_ANCHORS]
    if content and all(w in _UI_WORDS for w in content):
        anchors = sum(w in _UI_ANCHORS for w in content)
        if anchors or len(content) >= 2:
            return "a button or prompt"
    return None


def _trailing_kind(line: str) -> str | None:
    """What a short line after the article's last paragraph of prose is, by its shape alone;
    None for a sentence like any other."""
    if _COUNTER.match(line):
        return "a counter widget"
    if _BRACKETED.match(line):
        return "a credit line"
    if _LABEL.match(line):
        return "a link or label"
    cased = [c for c in line if c.lower() != c.upper()]
    if len(cased) >= 6 and all(c.isupper() for c in cased):
        return "a line in capitals"
    if not _SENTENCE_END.search(line):
        return "a line without a sentence stop"
    return None


def _is_short(line: str) -> bool:
    return len(line) <= _SHORT_LINE_CHARACTERS and _length(line) <= _SHORT_LINE_WORDS


def _length(text: str) -> float:
    """Words in a line; in Han and kana, two characters count as a word."""
    unspaced = len(_UNSPACED.findall(text))
    return len(re.findall(r"[^\W_]+", _UNSPACED.sub(" ", text))) + unspaced / 2


def _trailing_block(lines: list[Line]) -> int:
    """Index of the first line of the short lines that end the article (len(lines) when the
    article ends in prose or holds none). The title (first line) is never part of it, and
    neither is the end of a paragraph wrapped over several lines (its previous line long and
    without a stop)."""
    start = len(lines)
    while start > 1 and _is_short(lines[start - 1].text):
        previous = lines[start - 2]
        wrapped = (
            previous.end + 1 == lines[start - 1].start  # no blank line between
            and len(previous.text) >= 60
            and not _SENTENCE_END.search(previous.text)
        )
        if wrapped:
            break
        start -= 1
    # With no paragraph of prose before them, short lines are all the text there is: no tail.
    no_prose = start <= 1 and (not lines or _is_short(lines[0].text))
    return len(lines) if no_prose else start


class WebBoilerplate(Rule):
    """What it checks: page furniture left inside an article body: share bars, follow and
    newsletter prompts, "read also" links to other stories, credit and copyright lines, comment
    counters, a bare link on its own line, and photo or figure credits ("Photo: ...") at the end
    of a paragraph. Two ways to tell, in any language:
    - by shape and position: after the article's last paragraph of prose, a short line (up to
      20 words) that is not a sentence like the others: it ends without a sentence stop, starts
      with a label and a colon ("Read also:", "関連記事："), is wholly bracketed (a wire credit),
      is in capitals, holds a copyright mark or an address, or is a count and a word;
    - anywhere, by its words: a short line made only of the words page widgets use (in English,
      French, German or Spanish) and function words, a count of comments, a bare link, a
      copyright or contact line. A lone line of that kind inside the article is a hint; one next
      to others, or after the prose, is a warning.

    Why it matters: text copied from a web page carries its buttons and captions along; published
    unchanged they show the story was pasted, not edited.

    Example: the lines "Share this article", "7 comments" and "Be the first to reply" at the
    end of a story are reported, and so is "Lesen Sie auch: Die Wahl in Bayern" after the last
    paragraph.
    """

    code = "XL304"
    examples_fail = (
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate.\n\nShare "
                "this article\n7 comments\nBe the first to reply\n",
            ),
            flagged="Share this article",
        ),
        Example(
            articles=(
                "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt "
                "beschlossen, der im Januar in Kraft tritt, und die Bürgermeisterin kündigte "
                "weitere Gespräche an.\n\nLesen Sie auch: Die Wahl in Bayern\n",
            ),
            flagged="Lesen Sie auch: Die Wahl in Bayern",
        ),
    )
    examples_pass = (
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate.\n\nThe mayor "
                "said she would share the plan with residents next week.\n",
            )
        ),
        Example(
            articles=(
                "The council approved the new budget on Tuesday after a long debate that ran past "
                "midnight.\n\nThe vote is final.\n",
            )
        ),
    )

    def check(self, context: CheckContext) -> Iterable[Finding]:
        for document in context.documents:
            yield from self._furniture_lines(document)
            yield from self._captions(document)

    def _furniture_lines(self, document: Document) -> Iterator[Finding]:
        lines = article_lines(document)
        trailing = _trailing_block(lines)
        kinds = [
            _furniture_kind(line.text, document.language, trailing=index >= trailing)
            or (_trailing_kind(line.text) if index >= trailing else None)
            for index, line in enumerate(lines)
        ]
        for position, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
            if kind is None:
                continue
            neighbours = kinds[max(0, position - 2) : position] + kinds[position + 1 : position + 3]
            # After the last paragraph of prose a line of that shape is furniture for sure.
            clustered = any(neighbours) or position >= trailing
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
