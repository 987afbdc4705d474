"""XL401: xlingual/rules/number_mismatch.py."""

import pytest

from tests.rules.context import checked as check
from tests.rules.context import doc, group
from tests.rules.context import story as context
from xlingual.findings import Severity
from xlingual.rules.number_mismatch import NumberMismatchAcrossArticles
from xlingual.rules.pairs import NumberNotCarriedOver

# --- XL401 number-mismatch ----------------------------------------------------------------------


def test_rule_metadata():
    for rule, code, name in (
        (NumberMismatchAcrossArticles(), "XL401", "number-mismatch"),
        (NumberNotCarriedOver(), "XL501", "number-not-carried-over"),
    ):
        assert (rule.code, rule.name) == (code, name)
        assert rule.summary
        doc_text = type(rule).__doc__
        assert "What it checks" in doc_text and "Why it matters" in doc_text
        assert "Example" in doc_text


def test_differing_numbers_in_aligned_sentences_are_flagged_on_both_sides():
    first = doc("news/001.txt", "Intro here. Last year 400 Russians were expelled as spies.")
    second = doc("news/003.txt", "Last year 600 Russians were expelled as spies. Outro.")
    findings = check(
        NumberMismatchAcrossArticles(), context(first, second, groups=[group((0, 1), (1, 0))])
    )
    assert [(f.path, f.text) for f in findings] == [
        ("news/001.txt", "400"),
        ("news/003.txt", "600"),
    ]
    assert findings[0].message == "aligned sentence in 003.txt reports 600 where this says 400"
    assert findings[0].related[0].text == "600" and findings[0].related[0].path == "news/003.txt"
    assert findings[1].message == "aligned sentence in 001.txt reports 400 where this says 600"
    assert all(f.severity is Severity.WARNING and f.code == "XL401" for f in findings)
    # Document offsets, not sentence offsets.
    assert first.text[findings[0].start : findings[0].end] == "400"
    assert findings[0].start == first.text.index("400")
    assert findings[0].line == 1 and findings[0].column == findings[0].start + 1


def test_numbers_that_agree_across_locales_and_rounding_are_not_flagged():
    first = doc("a.txt", "The group recruited about 20,000 prisoners in 2022.")
    second = doc("b.txt", "Le groupe a recruté 20 000 prisonniers en 2022.", "fr")
    third = doc("c.txt", "Die Gruppe rekrutierte 19.800 Häftlinge im Jahr 2022.", "de")
    groups = [group((0, 0), (1, 0), (2, 0))]
    assert check(NumberMismatchAcrossArticles(), context(first, second, third, groups=groups)) == []


def test_cross_language_mismatch_uses_locale_reading():
    first = doc("a.txt", "The Wagner Group recruited 28,000 prisoners.")
    second = doc("b.txt", "Die Wagner-Gruppe rekrutierte 2.800 Häftlinge.", "de")
    findings = check(
        NumberMismatchAcrossArticles(), context(first, second, groups=[group((0, 0), (1, 0))])
    )
    assert [f.text for f in findings] == ["28,000", "2.800"]


def test_unrelated_numbers_in_aligned_sentences_are_not_paired():
    # Same language, different counted things: "10 days" and "15 people" are not one fact.
    first = doc("a.txt", "He said 10 days before the attack, police were warned.")
    second = doc("b.txt", "He said police warned 15 people before the attack.")
    groups = [group((0, 0), (1, 0))]
    assert check(NumberMismatchAcrossArticles(), context(first, second, groups=groups)) == []


def test_several_numbers_of_a_kind_pair_only_by_the_counted_word():
    first = doc("a.txt", "In 2022 they mobilized 2,000 prisoners and sent 300 guards.")
    second = doc("b.txt", "In 2022 they mobilized 28,000 prisoners and sent 500 officers.")
    findings = check(
        NumberMismatchAcrossArticles(), context(first, second, groups=[group((0, 0), (1, 0))])
    )
    assert [f.text for f in findings] == ["2,000", "28,000"]


def test_one_leftover_number_per_side_after_matching_is_paired():
    first = doc("a.txt", "600 Russians were expelled, 400 of them as spies.")
    second = doc("b.txt", "600 Russians were expelled, 300 of them as spies.")
    findings = check(
        NumberMismatchAcrossArticles(), context(first, second, groups=[group((0, 0), (1, 0))])
    )
    assert [f.text for f in findings] == ["400", "300"]
    assert findings[0].confidence < 0.8  # others of its kind were present: less certain


def test_dates_that_disagree_are_flagged():
    first = doc("a.txt", "The attack took place on September 12 in Biarritz.")
    second = doc("b.txt", "L'attaque a eu lieu le 20 septembre à Biarritz.", "fr")
    findings = check(
        NumberMismatchAcrossArticles(), context(first, second, groups=[group((0, 0), (1, 0))])
    )
    assert [f.text for f in findings] == ["12", "20"]


def test_words_unreadable_on_the_other_side_are_not_compared_across_articles():
    first = doc("a.txt", "They stayed for two weeks.")
    second = doc("b.txt", "Zůstali 3 týdny.", "cs")
    groups = [group((0, 0), (1, 0))]
    assert check(NumberMismatchAcrossArticles(), context(first, second, groups=groups)) == []


def test_sentences_of_the_same_document_are_not_compared():
    only_doc = doc("a.txt", "He has 10 cats. He has 12 cats.")
    groups = [group((0, 0), (0, 1))]
    assert check(NumberMismatchAcrossArticles(), context(only_doc, groups=groups)) == []


def test_one_finding_per_span_listing_every_conflicting_article():
    first = doc("a.txt", "Last year 400 Russians were expelled.")
    second = doc("b.txt", "Last year 600 Russians were expelled.")
    third = doc("c.txt", "Last year 500 Russians were expelled.")
    groups = [group((0, 0), (1, 0), (2, 0))]
    findings = check(NumberMismatchAcrossArticles(), context(first, second, third, groups=groups))
    on_first = [f for f in findings if f.path == "a.txt"]
    assert len(on_first) == 1
    assert on_first[0].message == (
        "aligned sentences report 600 (b.txt), 500 (c.txt) where this says 400"
    )
    assert [s.text for s in on_first[0].related] == ["600", "500"]
    assert len(findings) == 3


def test_output_is_deterministic_and_sorted():
    first = doc("b.txt", "Last year 400 Russians were expelled. In 2015 he fled.")
    second = doc("a.txt", "Last year 600 Russians were expelled. In 2016 he fled.")
    groups = [group((1, 1), (0, 1)), group((0, 0), (1, 0))]
    ctx = context(first, second, groups=groups)
    findings = check(NumberMismatchAcrossArticles(), ctx)
    assert findings == check(NumberMismatchAcrossArticles(), ctx)
    assert findings == sorted(findings, key=lambda f: f.sort_key())
    assert len(findings) == 4


def test_no_groups_no_findings():
    assert check(NumberMismatchAcrossArticles(), context(doc("a.txt", "10 cats."))) == []


def wire_copies(count: int, changed: int = 1, language_of=lambda n: "en"):
    """`count` articles with one wire sentence; the last `changed` of them say 2,140."""
    documents = []
    for n in range(count):
        figure = "2,140" if n >= count - changed else "1,240"
        text = f"Rain fell all week. The storm destroyed {figure} homes on the coast on Monday."
        documents.append(doc(f"wire/{n:02d}.txt", text, language_of(n)))
    return documents, [group(*((n, 1) for n in range(count)), score=0.99)]


@pytest.mark.parametrize("count", [3, 5, 8, 20])
def test_the_odd_copy_out_is_flagged_once_with_the_majority_figure(count):
    documents, groups = wire_copies(count)
    findings = check(NumberMismatchAcrossArticles(), context(*documents, groups=groups))
    assert [(f.path, f.text, f.suggestion) for f in findings] == [
        (f"wire/{count - 1:02d}.txt", "2,140", "1,240")
    ]
    (finding,) = findings
    others = count - 1
    shown = ", ".join(f"{n:02d}.txt" for n in range(min(others, 3)))
    more = f" and {others - 3} more" if others > 3 else ""
    expected = (
        f"aligned sentences report 1,240 ({shown}{more}) where this says 2,140"
        if others > 1
        else "aligned sentence in 00.txt reports 1,240 where this says 2,140"
    )
    assert finding.message == expected
    # Evidence: the other copies, a bounded number of them.
    assert [s.path for s in finding.related] == [
        f"wire/{n:02d}.txt" for n in range(min(others, 10))
    ]
    assert all(s.text == "1,240" for s in finding.related)


def test_a_tie_flags_both_sides_without_a_suggestion():
    documents, groups = wire_copies(4, changed=2)
    findings = check(NumberMismatchAcrossArticles(), context(*documents, groups=groups))
    assert [(f.path, f.text) for f in findings] == [
        ("wire/00.txt", "1,240"),
        ("wire/01.txt", "1,240"),
        ("wire/02.txt", "2,140"),
        ("wire/03.txt", "2,140"),
    ]
    assert all(f.suggestion is None for f in findings)
    assert (
        findings[0].message
        == "aligned sentences report 2,140 (02.txt, 03.txt) where this says 1,240"
    )


def test_a_majority_in_another_language_is_evidence_but_not_the_suggestion():
    # "1.240" would read as a decimal in an English article: no suggestion across locales.
    documents = [
        doc("wire/00.txt", "Der Sturm zerstörte 1.240 Häuser an der Küste am Montag.", "de"),
        doc("wire/01.txt", "Der Sturm zerstörte 1.240 Häuser an der Küste am Montag.", "de"),
        doc("wire/02.txt", "The storm destroyed 2,140 homes on the coast on Monday.", "en"),
    ]
    groups = [group((0, 0), (1, 0), (2, 0))]
    findings = check(NumberMismatchAcrossArticles(), context(*documents, groups=groups))
    assert [(f.path, f.text, f.suggestion) for f in findings] == [("wire/02.txt", "2,140", None)]


def test_thousands_of_copies_are_compared_once_per_version():
    # 3,000 copies and one changed: one finding, ten spans of evidence, in well under a second.
    import time

    documents, groups = wire_copies(3_001)
    started = time.perf_counter()
    findings = list(NumberMismatchAcrossArticles().check(context(*documents, groups=groups)))
    assert time.perf_counter() - started < 5
    assert [(f.path, f.text, f.suggestion) for f in findings] == [
        ("wire/3000.txt", "2,140", "1,240")
    ]
    assert "and 2997 more" in findings[0].message
    assert len(findings[0].related) == 10


def test_an_area_in_other_units_is_compared_converted_and_quoted_with_its_unit():
    wire = doc("wire.txt", "Satellite data showed 12,000 hectares (46 square miles) had burned.")
    same = doc("a.txt", "The fire burned 120 square kilometres of forest by Monday.")
    other = doc("b.txt", "The fire burned nearly 200 square kilometres of forest by Monday.")
    aligned = [group((0, 0), (1, 0))]
    assert check(NumberMismatchAcrossArticles(), context(wire, same, groups=aligned)) == []
    findings = check(NumberMismatchAcrossArticles(), context(wire, other, groups=aligned))
    flagged = {f.path: f.message for f in findings}
    # The wire's two renderings of one figure count as one: the 200 has one partner.
    assert (
        flagged["b.txt"] == "aligned sentence in wire.txt reports 12,000 ha where this says 200 km2"
    )
