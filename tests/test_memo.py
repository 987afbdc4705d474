"""The answer store: a warm run reads answers back instead of recomputing them, and never
serves an answer that is stale, damaged or not its own."""

from __future__ import annotations

import pickle
import sqlite3

import pytest

from xlingual import memo
from xlingual.analysis.words.lexicon import Token
from xlingual.analysis.words.usage import Misfit
from xlingual.cache import CacheWarning

calls: list[tuple] = []


@memo.remembered("wordfreq")
def _slow_square(number: int, *, plus: int = 0) -> int:
    calls.append((number, plus))
    return number * number + plus


@pytest.fixture(autouse=True)
def _no_calls_yet():
    calls.clear()


def test_without_an_open_store_the_function_just_runs():
    assert _slow_square(3) == 9
    assert _slow_square(3) == 9
    assert calls == [(3, 0), (3, 0)]


def test_a_second_session_reads_the_answer_back(tmp_path):
    database = tmp_path / "answers.sqlite3"
    with memo.remembering(database):
        assert _slow_square(4) == 16
        assert _slow_square(4, plus=1) == 17
    with memo.remembering(database):
        assert _slow_square(4) == 16
        assert _slow_square(4, plus=1) == 17
    assert calls == [(4, 0), (4, 1)]


def test_answers_keep_their_types(tmp_path):
    misfit = Misfit(Token("regarding", 4, 13), "about", "related", 7.5, (("for regarding", 0),))

    @memo.remembered()
    def answer() -> list[Misfit]:
        calls.append(())
        return [misfit]

    with memo.remembering(tmp_path / "answers.sqlite3"):
        answer()
    with memo.remembering(tmp_path / "answers.sqlite3"):
        assert answer() == [misfit]
    assert len(calls) == 1


def test_the_key_names_the_function_the_code_and_the_package_versions():
    base = memo.answer_key("f", ("wordfreq",), (1,))
    assert memo.answer_key("g", ("wordfreq",), (1,)) != base
    assert memo.answer_key("f", ("wordfreq", "spacy"), (1,)) != base
    assert memo.answer_key("f", ("wordfreq",), (2,)) != base
    assert memo.answer_key("f", ("wordfreq",), (1,)) == base


def test_a_damaged_store_costs_time_not_a_result(tmp_path):
    database = tmp_path / "answers.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    with pytest.warns(CacheWarning, match="was damaged"), memo.remembering(database):
        assert _slow_square(5) == 25
    assert calls == [(5, 0)]
    with memo.remembering(database):  # started afresh: the answer was kept this time
        assert _slow_square(5) == 25
    assert calls == [(5, 0)]


def test_an_unwritable_folder_costs_time_not_a_result(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    with (
        pytest.warns(CacheWarning, match=f"cache {blocker} is unusable .*XLINGUAL_CACHE") as seen,
        memo.remembering(blocker / "answers.sqlite3"),
    ):
        assert _slow_square(6) == 36
        assert _slow_square(6) == 36
    assert len(seen) == 1


class _Exploit:
    def __reduce__(self):
        return (calls.append, (("exploit ran",),))


def test_an_entry_that_would_run_code_is_refused_and_recomputed(tmp_path):
    database = tmp_path / "answers.sqlite3"
    with memo.remembering(database):
        _slow_square(7)
    key = memo.answer_key(f"{__name__}._slow_square", ("wordfreq",), ((7,), []))
    with sqlite3.connect(database) as connection:
        updated = connection.execute(
            "UPDATE remembered SET value = ? WHERE key = ?", (pickle.dumps(_Exploit()), key)
        ).rowcount
    assert updated == 1
    with memo.remembering(database):
        assert _slow_square(7) == 49
    assert ("exploit ran",) not in calls
    assert calls == [(7, 0), (7, 0)]


def test_answers_of_another_version_of_the_code_are_pruned(tmp_path, monkeypatch):
    database = tmp_path / "answers.sqlite3"
    monkeypatch.setattr(memo, "_code_version", lambda: "an older xlingual")
    with memo.remembering(database):
        _slow_square(8)
    monkeypatch.setattr(memo, "_code_version", lambda: "this xlingual")
    with memo.remembering(database):
        _slow_square(9)
    with sqlite3.connect(database) as connection:
        codes = connection.execute("SELECT code FROM remembered").fetchall()
    assert codes == [("this xlingual",)]


def test_recall_and_file_in_batches(tmp_path):
    with memo.remembering(tmp_path / "answers.sqlite3"):
        assert memo.recall_many("batch", (), [("a",), ("b",)]) == [None, None]
        memo.file_many("batch", (), [(("a",), [1, 2])])
        assert memo.recall_many("batch", (), [("a",), ("b",)]) == [[1, 2], None]
    assert memo.recall_many("batch", (), [("a",)]) == [None]  # no store open


ENGLISH = (
    "Anna Kowalski, the mayor, said the plant will close. Kowalski spoke for regarding an hour.\n\n"
    "Prices rose by 4 percent in March, the ministry said.\n"
)
FRENCH = "Anna Kowalski, la maire, a dit que l'usine fermera. Les prix ont augmenté de 4 %.\n"


@pytest.mark.slow  # loads spaCy, the word tables and the language detector once
def test_a_warm_check_gives_the_same_report_without_loading_spacy(
    tmp_path, monkeypatch, use_fake_embedder, isolated_cache
):
    from xlingual import api
    from xlingual.analysis.names import mentions
    from xlingual.analysis.words import syntax
    from xlingual.config import Config
    from xlingual.output import render

    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    paths = [tmp_path / "en.txt", tmp_path / "fr.txt"]
    cold = render(api.check(paths, Config()), "json")
    assert (isolated_cache / "answers.sqlite3").exists()

    def must_not_load(*_args):
        raise AssertionError("a warm run loaded a spaCy model")

    # The in-process caches would hide a load; clear them so only the store can answer.
    for cached in (mentions.load_model, syntax._english, syntax.tag_english):
        cached.cache_clear()
    monkeypatch.setattr(mentions, "load_model", must_not_load)
    monkeypatch.setattr(syntax, "_english", must_not_load)
    assert render(api.check(paths, Config()), "json") == cold
