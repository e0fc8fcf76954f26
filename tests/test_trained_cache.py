"""core.trained_cache: a default model loaded from the disk is the trained one, bit for bit (vectors and the
training film); other settings or a damaged file mean training again."""

import numpy as np
import pytest

from core import trained_cache
from core.corpus import Corpus
from core.word2vec import Config, build, train_all

TEXT = (
    "\n".join(f"the {c} apple is {t} and {c}" for c in ("red", "green", "yellow") for t in ("sweet", "sour"))
    * 8
)


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("LATENT_LAB_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "apples.txt"
    path.write_text(TEXT, encoding="utf-8")
    return Corpus.from_path(path, min_count=1)


def _model(corpus, **settings):
    return build(
        corpus, Config(arch="cbow", softmax=True, dim=8, epochs=3, min_count=1, sample=0, **settings)
    )


def _same(a, b) -> bool:
    return (
        np.array_equal(a.W.numpy(), b.W.numpy())
        and np.array_equal(a.W_prime.numpy(), b.W_prime.numpy())
        and [n for n, _ in a.snapshots] == [n for n, _ in b.snapshots]
        and all(np.array_equal(x, y) for (_, x), (_, y) in zip(a.snapshots, b.snapshots))
    )


def test_loaded_equals_trained_and_other_settings_train_again(corpus, monkeypatch):
    reference = _model(corpus)
    train_all(reference, corpus)
    first = _model(corpus)
    trained_cache.train_or_load(first, corpus)  # trains and saves
    assert _same(first, reference) and len(list(trained_cache.cache_dir().glob("*.npz"))) == 1

    monkeypatch.setattr("core.word2vec.train_all", lambda *a: pytest.fail("trained although cached"))
    loaded = _model(corpus)
    trained_cache.train_or_load(loaded, corpus)
    assert _same(loaded, reference) and len(loaded.snapshots) > 2

    other = _model(corpus, seed=2)
    with pytest.raises(pytest.fail.Exception):  # another seed: not in the cache, so it trains
        trained_cache.train_or_load(other, corpus)


def test_a_damaged_file_means_training_again(corpus):
    model = _model(corpus)
    trained_cache.train_or_load(model, corpus)
    (path,) = trained_cache.cache_dir().glob("*.npz")
    path.write_bytes(b"not an npz")
    again = _model(corpus)
    trained_cache.train_or_load(again, corpus)
    assert _same(again, model)
    assert np.load(path)["W"].shape == (len(model), 8)  # written anew
