from itertools import pairwise

import numpy as np
import pytest

from xlingual.embed.embedders import (
    CachedEmbedder,
    Embedder,
    UseEmbedder,
    cache_root,
    load_embedder,
)


def test_cache_returns_the_same_vectors_and_skips_known_texts(tmp_path, fake_embedder):
    cached = CachedEmbedder(fake_embedder, tmp_path / "vectors.sqlite3")
    first = cached.embed(["one sentence", "another one", "one sentence"])
    assert cached.misses == 2 and fake_embedder.calls == 1
    again = CachedEmbedder(fake_embedder, tmp_path / "vectors.sqlite3")  # a new process, same disk
    second = again.embed(["another one", "one sentence"])
    assert fake_embedder.calls == 1  # nothing embedded twice
    assert again.hits == 2
    np.testing.assert_array_equal(second, first[[1, 0]])


def test_cache_keys_include_the_model(tmp_path, fake_embedder):
    database = tmp_path / "vectors.sqlite3"
    CachedEmbedder(fake_embedder, database).embed(["text"])
    other = type(fake_embedder)(dimensions=8)
    other.model_id = "another-model"
    assert CachedEmbedder(other, database).embed(["text"]).shape == (1, 8)


def test_unusable_cache_only_costs_time(tmp_path, fake_embedder):
    database = tmp_path / "vectors.sqlite3"
    database.write_bytes(b"not a database")
    vectors = CachedEmbedder(fake_embedder, database).embed(["text"])
    assert vectors.shape == (1, 256)


def test_cache_root_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("XLINGUAL_CACHE", str(tmp_path / "env"))
    assert cache_root() == tmp_path / "env"
    assert cache_root(tmp_path / "configured") == tmp_path / "configured"
    monkeypatch.delenv("XLINGUAL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "xlingual"


def test_loading_an_embedder_loads_no_model(tmp_path):
    embedder = load_embedder("use", tmp_path)
    assert isinstance(embedder, Embedder)
    assert embedder.inner._model is None  # lazily loaded on first embed


@pytest.mark.slow
def test_use_embeds_translations_close_together():
    vectors = UseEmbedder().embed(
        ["The weather is nice today.", "Il fait beau aujourd'hui.", "Stock prices fell sharply."]
    )
    assert vectors.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


# ------------------------------------------------- a model folder named by path, and progress

TINY_TEXTS = [
    " ".join(["hello", "world", "a", "hello!"][: 1 + n % 4]) + "!" * (n % 5) for n in range(100)
]


def tiny_model_folder(tmp_path, seed: int):
    """A real sentence-transformers folder holding a small random BERT (the e5 converter's
    output for a tiny model file written by tests/embed/tiny_e5.py)."""
    from tests.embed.tiny_e5 import write_tiny_e5
    from xlingual.embed import e5_convert

    source = write_tiny_e5(tmp_path / f"tiny-{seed}.bin", seed=seed)
    return e5_convert.e5_model_dir(tmp_path / f"converted-{seed}", source=source)


def test_a_model_replaced_at_the_same_path_never_gets_the_old_vectors(tmp_path):
    import shutil

    from xlingual.embed.embedders import SentenceTransformerEmbedder

    first, second = tiny_model_folder(tmp_path, 1), tiny_model_folder(tmp_path, 2)
    cache, user_model = tmp_path / "cache", tmp_path / "my-model"
    # copy2 keeps sizes and modification times: only the contents tell the models apart.
    shutil.copytree(first, user_model)
    old = load_embedder(str(user_model), cache)
    old_vectors = old.embed(TINY_TEXTS[:6])
    assert old.misses == 6

    shutil.rmtree(user_model)
    shutil.copytree(second, user_model)
    # The converter's completion marker lists sizes and paths, which may differ by a digit
    # between the two folders; the first's marker leaves only the weights telling them apart.
    shutil.copy2(first / "XLINGUAL_COMPLETE.json", user_model / "XLINGUAL_COMPLETE.json")
    assert {p.name: p.stat().st_size for p in user_model.iterdir()} == {
        p.name: p.stat().st_size for p in first.iterdir()
    }
    new = load_embedder(str(user_model), cache)
    new_vectors = new.embed(TINY_TEXTS[:6])
    assert new.model_id != old.model_id and new.hits == 0
    assert not np.allclose(new_vectors, old_vectors, atol=1e-3)
    expected = SentenceTransformerEmbedder(str(second)).embed(TINY_TEXTS[:6])
    np.testing.assert_array_equal(new_vectors, expected)

    again = load_embedder(str(user_model), cache)  # unchanged: the vectors are served
    np.testing.assert_array_equal(again.embed(TINY_TEXTS[:6]), new_vectors)
    assert again.hits == 6


def test_file_hashes_are_remembered_until_a_file_changes(tmp_path, monkeypatch):
    from xlingual.embed import embedders as embed

    folder = tiny_model_folder(tmp_path, 1)
    hashed = []
    real_hash = embed._hash_file
    monkeypatch.setattr(embed, "_hash_file", lambda path: hashed.append(path) or real_hash(path))
    digests = tmp_path / "digests.sqlite3"
    digest = embed.folder_digest(folder, digests)
    files = len(hashed)
    assert files >= 8  # weights, configs, tokenizer, pooling
    assert embed.folder_digest(folder, digests) == digest and len(hashed) == files
    config = folder / "config.json"
    config.write_text(config.read_text().replace("0.02", "0.03"))
    assert embed.folder_digest(folder, digests) != digest
    assert hashed[files:] == [config.resolve()]


def test_progress_moves_with_every_batch_and_changes_no_vector(tmp_path):
    from xlingual.embed.embedders import SentenceTransformerEmbedder

    folder = tiny_model_folder(tmp_path, 1)
    plain = SentenceTransformerEmbedder(str(folder)).embed(TINY_TEXTS)
    heard: list[float] = []
    reported = SentenceTransformerEmbedder(str(folder)).embed(TINY_TEXTS, progress=heard.append)
    np.testing.assert_array_equal(reported, plain)  # bit for bit
    assert heard == [1 / 4, 2 / 4, 3 / 4, 1.0]  # 100 texts, 32 a batch


def test_check_reports_embedding_progress_between_5_and_60_percent(tmp_path):
    from xlingual.api import check
    from xlingual.config import Config
    from xlingual.embed.embedders import SentenceTransformerEmbedder
    from xlingual.load.documents import Document

    folder = tiny_model_folder(tmp_path, 1)
    documents = [
        Document.from_text(
            f"d{n}.txt", " ".join(f"Line {k} of {n} says hello world." for k in range(35))
        )
        for n in range(3)
    ]
    sentences = sum(len(d.sentences) for d in documents)
    assert sentences > 64  # three batches or more

    def embedding_steps(embedder) -> list[float]:
        steps: list[tuple[str, float]] = []
        check(
            documents,
            Config(cache_dir=str(tmp_path / "cache")),
            embedder=embedder,
            progress=lambda message, done: steps.append((message, done)),
        )
        return [done for message, done in steps if message.startswith("embedding")]

    def cached() -> CachedEmbedder:
        return CachedEmbedder(SentenceTransformerEmbedder(str(folder)), tmp_path / "v.sqlite3")

    cold = embedding_steps(cached())
    assert cold[0] == 0.05 and cold[-1] == pytest.approx(0.6)
    assert len(cold) >= 5 and all(a < b for a, b in pairwise(cold[1:]))
    assert all(0.05 <= done <= 0.6 for done in cold)
    # Warm: everything is in the cache, so it is all done at once.
    assert embedding_steps(cached()) == [0.05, pytest.approx(0.6)]


@pytest.mark.slow
def test_real_model_vectors_are_the_same_batch_by_batch(tmp_path):
    from tests.conftest import SEEDS
    from xlingual.embed.embedders import E5SmallEmbedder
    from xlingual.load.documents import load_document

    texts = [
        sentence.text
        for path in sorted(SEEDS.glob("*.txt"))
        for sentence in load_document(path).sentences
    ]
    model = E5SmallEmbedder(tmp_path)
    whole = model.embed(texts)
    heard: list[float] = []
    np.testing.assert_array_equal(model.embed(texts, progress=heard.append), whole)
    assert len(heard) == -(-len(texts) // 32) and heard[-1] == 1.0


# ------------------------------------------------------------- one model load a process


class _CountedModel:
    """Stands in for the loaded e5 encoder: the fake embedder's vectors."""

    def __init__(self):
        from tests.conftest import FakeEmbedder

        self.vectors = FakeEmbedder()

    def embed(self, texts):
        return self.vectors.embed(texts)


@pytest.fixture
def counted_loads(monkeypatch):
    """Every e5 model load, counted; the models this process has loaded so far forgotten."""
    from xlingual.embed import embedders as embed

    loads = []
    monkeypatch.setattr(embed, "_LOADED_MODELS", {})
    monkeypatch.setattr(
        embed.E5SmallEmbedder, "_read_model", lambda self: loads.append(self) or _CountedModel()
    )
    return loads


def test_two_checks_with_new_texts_load_the_model_once(tmp_path, counted_loads):
    from xlingual.api import check_pair
    from xlingual.config import Config

    config = Config(cache_dir=str(tmp_path / "cache"))
    first = check_pair("Der Zug kam an.", "The train arrived.", config)
    second = check_pair("Es regnete den ganzen Tag.", "It rained all day.", config)
    assert len(counted_loads) == 1
    assert first.signature == second.signature  # the same model, named the same


def test_the_vector_cache_still_serves_known_texts_and_stores_new_ones(tmp_path, counted_loads):
    cache = tmp_path / "cache"
    texts = ["one sentence", "another one"]
    cold = load_embedder("e5-small", cache)
    first = cold.embed(texts)
    warm = load_embedder("e5-small", cache)
    np.testing.assert_array_equal(warm.embed(texts[::-1]), first[::-1])
    assert (cold.misses, warm.hits, warm.misses) == (2, 2, 0)
    assert warm.embed(["a third"]).shape == (1, 256) and warm.misses == 1
    assert len(counted_loads) == 1


def test_each_cache_folder_loads_its_own_model_and_new_embedders_start_unloaded(
    tmp_path, counted_loads
):
    first = load_embedder("e5-small", tmp_path / "a")
    first.embed(["text"])
    load_embedder("e5-small", tmp_path / "a").embed(["other text"])
    load_embedder("e5-small", tmp_path / "b").embed(["text"])
    assert len(counted_loads) == 2  # a cache repairs its own converted folder: loaded from each
    # xlingual.distributed pickles a new embedder to its workers: no loaded model travels along.
    assert load_embedder("e5-small", tmp_path / "a").inner._model is None
