"""Issue 2 item 6: trained with the CLI (defaults plus --min-count 1 --dim 32 --epochs 20) on the bundled
apple corpora, each labelled word's nearest labelled neighbour (cosine) shares its category for at least
80% of the labelled words — in both languages and both architectures."""

from pathlib import Path

import numpy as np
import pytest
from gensim.models import KeyedVectors

from core.corpus import load_categories
from core.train import main

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def nearest_neighbour_agreement(words: list[str], vectors: np.ndarray, categories: dict[str, str]) -> float:
    """Share of labelled words whose nearest labelled neighbour (cosine, brute force) has their category."""
    labelled = [i for i, w in enumerate(words) if w in categories]
    X = vectors[labelled] / np.linalg.norm(vectors[labelled], axis=1, keepdims=True)  # (n, d)
    cos = X @ X.T  # (n, n)
    np.fill_diagonal(cos, -np.inf)
    cats = np.array([categories[words[i]] for i in labelled])
    return float((cats[cos.argmax(1)] == cats).mean())


def test_agreement_measure_on_a_known_case():
    words = ["a", "b", "c", "d", "x"]
    vectors = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [5, 5]], dtype=np.float32)
    assert nearest_neighbour_agreement(words, vectors, {"a": "p", "b": "p", "c": "q", "d": "q"}) == 1.0
    assert nearest_neighbour_agreement(words, vectors, {"a": "p", "b": "q", "c": "q", "d": "p"}) == 0.0


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_categories_cluster(lang, arch, tmp_path, capsys):
    out = tmp_path / "v.vec"
    code = main(
        [
            str(CORPORA / f"apples_{lang}.txt"),
            "--arch",
            arch,
            "--min-count",
            "1",
            "--dim",
            "32",
            "--epochs",
            "20",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    kv = KeyedVectors.load_word2vec_format(str(out), binary=False)
    categories = load_categories(CORPORA / f"apples_{lang}.categories.tsv")
    assert sum(w in categories for w in kv.index_to_key) >= 0.9 * len(categories)
    agreement = nearest_neighbour_agreement(list(kv.index_to_key), kv.vectors, categories)
    print(f"{lang} {arch}: nearest labelled neighbour shares the category for {agreement:.1%}")
    assert agreement >= 0.8
