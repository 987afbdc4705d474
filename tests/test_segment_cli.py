"""Issue 13 item 5 through the CLI: a German ordinal date must not end its sentence, so a date
that differs from the English report of the same fact is found (fake embedder, fast)."""

import json

from typer.testing import CliRunner

from xlingual.cli import app

GERMAN = (
    "Wolfgang Schäuble, Günther Krause, Helmut Kohl und Lothar de Maizière feierten "
    "am 3. Oktober 1990 in Berlin.\n"
    "Die Feier auf dem Platz dauerte bis tief in die Nacht, und viele Menschen sangen.\n"
)
ENGLISH = (
    "Wolfgang Schäuble, Günther Krause, Helmut Kohl and Lothar de Maizière celebrated "
    "in Berlin on October 4, 1990.\n"
    "Crowds gathered outside the parliament building for fireworks.\n"
)


def test_german_ordinal_date_is_compared_with_the_english_date(
    tmp_path, use_fake_embedder, isolated_cache
):
    (tmp_path / "de.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    # The fake embedder's cosines sit lower than e5's (as in tests/test_cli.py).
    (tmp_path / "fake.toml").write_text("group-min-cosine = 0.7\n")
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(tmp_path / "de.txt"),
            str(tmp_path / "en.txt"),
            "--config",
            str(tmp_path / "fake.toml"),
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    german = next(d for d in report["documents"] if d["path"].endswith("de.txt"))
    assert german["language"] == "de"
    assert german["sentences"][0]["text"].endswith("am 3. Oktober 1990 in Berlin.")
    dates = {(f["path"][-6:], f["text"]) for f in report["findings"] if f["code"] == "XL401"}
    assert dates == {("de.txt", "3"), ("en.txt", "4")}
