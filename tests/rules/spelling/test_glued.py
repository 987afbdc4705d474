"""XL303: xlingual/rules/spelling/glued.py."""

import pytest

from tests.rules.context import check_documents as check
from tests.rules.context import doc
from xlingual.rules.spelling import (
    GluedSentences,
)


def texts(findings) -> list[str]:
    return [finding.text for finding in findings]


# --- XL303 glued sentences ----------------------------------------------------------------------


def test_glued_sentence_is_found():
    found = check(GluedSentences(), doc("a.txt", "The talks ended late.Ministers left at once.\n"))
    assert texts(found) == ["late.Ministers"]
    assert found[0].suggestion == "late. Ministers"


@pytest.mark.parametrize(
    "text",
    [
        "He moved to the U.S. in 2001 and then to the U.K.\n",
        "See example.Net or mail.Example.com for details.\n",
        "Inflation rose 3.5 percent, said Acme Pvt.Ltd today.\n",
        "The file report.Final.docx is attached.\n",
        "Growth was (s)low and it (re)started later.\n",
    ],
)
def test_not_glued_sentences(text):
    assert check(GluedSentences(), doc("a.txt", text)) == []


def test_bracket_glued_to_next_word():
    found = check(GluedSentences(), doc("a.txt", "They said [in a statement]they would stay.\n"))
    assert texts(found) == ["]they"]
