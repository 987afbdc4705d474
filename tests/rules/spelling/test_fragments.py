"""XL305: xlingual/rules/spelling/fragments.py."""

import pytest

from tests.rules.context import check_documents as check
from tests.rules.context import doc
from xlingual.findings import Severity
from xlingual.rules.spelling import (
    VerblessFragment,
)


def texts(findings) -> list[str]:
    return [finding.text for finding in findings]


# --- XL305 verbless fragment --------------------------------------------------------------------


def test_verbless_fragment_in_a_paragraph():
    text = (
        "The mayor resigned on Monday after a long dispute with the council. Budget shortfall. "
        "Her deputy will take over the office until the elections next spring.\n"
    )
    found = check(VerblessFragment(), doc("a.txt", text))
    assert texts(found) == ["Budget shortfall."]
    assert found[0].severity == Severity.INFO


@pytest.mark.parametrize(
    "text",
    [
        "Budget shortfall\nThe mayor resigned on Monday after a long dispute with the council.\n",
        "The mayor resigned on Monday after a long dispute with the council. Thanks. "
        "Her deputy will take over the office until the elections next spring.\n",
        "The mayor resigned on Monday after a long dispute with the council. Not really. "
        "Her deputy will take over the office until the elections next spring.\n",
        "The mayor resigned on Monday after a long dispute with the council. She left. "
        "Her deputy will take over the office until the elections next spring.\n",
    ],
)
def test_not_verbless_fragments(text):
    assert check(VerblessFragment(), doc("a.txt", text)) == []


def test_verbless_fragment_only_in_english():
    text = (
        "Le maire a démissionné lundi après un long conflit avec le conseil. Déficit budgétaire. "
        "Son adjoint assurera l'intérim jusqu'aux élections du printemps prochain.\n"
    )
    assert check(VerblessFragment(), doc("a.txt", text, "fr")) == []
