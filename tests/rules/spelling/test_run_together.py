"""XL302: xlingual/rules/spelling/run_together.py."""

from tests.rules.context import check_documents as check
from tests.rules.context import doc
from xlingual.findings import Severity
from xlingual.rules.spelling import (
    RunTogetherWords,
)


def texts(findings) -> list[str]:
    return [finding.text for finding in findings]


# --- XL302 run-together words -------------------------------------------------------------------


def test_run_together_with_evidence_from_another_article():
    first = doc("a.txt", "It was a wellknown fact among the staff.\n")
    second = doc("b.txt", "The well-known fact was repeated.\n")
    found = check(RunTogetherWords(), first, second)
    assert texts(found) == ["wellknown"]
    assert found[0].suggestion == "well-known"
    assert found[0].related[0].text == "well-known"
    assert found[0].confidence >= 0.9


def test_run_together_participle_compound_before_a_noun():
    found = check(RunTogetherWords(), doc("a.txt", "They praised the fastgrowing market.\n"))
    assert texts(found) == ["fastgrowing"]
    assert found[0].suggestion == "fast-growing"


def test_unattested_split_is_only_a_hint():
    found = check(RunTogetherWords(), doc("a.txt", "It was a lowpaying job.\n"))
    assert texts(found) == ["lowpaying"]
    assert found[0].severity == Severity.INFO


def test_name_glued_to_a_word():
    text = "Minister Kowalski spoke first. The Kowalskibacked reform passed.\n"
    found = check(RunTogetherWords(), doc("a.txt", text))
    assert texts(found) == ["Kowalskibacked"]
    assert found[0].suggestion == "Kowalski-backed"


def test_run_together_leaves_known_compounds_and_typos():
    text = "The anticorruption campaign was relevent to the nevertheless weak economy.\n"
    assert check(RunTogetherWords(), doc("a.txt", text)) == []


def test_two_common_words_never_written_joined_are_a_lost_space():
    found = check(RunTogetherWords(), doc("a.txt", "Three cyclingteams left the race on Sunday.\n"))
    assert texts(found) == ["cyclingteams"]
    assert found[0].suggestion == "cycling teams"
    assert found[0].severity == Severity.WARNING
