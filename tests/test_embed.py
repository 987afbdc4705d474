import numpy as np
import pytest

from xlingual.embed import CachedEmbedder, Embedder, UseEmbedder, cache_root, load_embedder


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
