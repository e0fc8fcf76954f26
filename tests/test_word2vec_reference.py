"""core.word2vec_reference is the specification: one example at a time, as the lecture draws it. The compiled
trainer (core.w2v_kernel, run by core.word2vec) takes the same steps (tests/test_w2v_kernel.py), the same
expected step where it loops skip-gram the other way round, and learns vectors as good on a small corpus;
step() shows one honest window."""

import itertools
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import clone_model, random_model
from test_clusters import nearest_neighbour_agreement
from test_word2vec import TEXT

from core.corpus import Corpus, load_categories
from core.w2v_batches import unigram_table
from core.w2v_kernel import train_windows
from core.word2vec import Config, build, train_all
from core.word2vec_reference import sgd_example, step
from core.word2vec_reference import train as train_reference

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_text(TEXT, tokenizer="words", min_count=1)


@pytest.mark.parametrize("softmax", [False, True])
def test_skipgram_takes_the_reference_step_in_expectation(corpus, softmax):
    """Over a sentence, averaged over every shrunk window (b = 1 or 2 for each of its 5 words) and over the
    negatives (k = 1 per pair, every word weighted by its unigram^0.75 share), the compiled trainer — each
    context word predicting the centre — takes the reference's step, where the centre predicts each context
    word. At a small alpha both are -alpha × the expected gradient, up to O(alpha²), which is linear in each
    pair's draw: so every pair drawing the same word, weighted by its share, gives the expectation."""
    model = random_model(
        corpus, dtype=torch.float64, arch="skipgram", dim=6, negative=1, softmax=softmax, window=2
    )
    sentence = [0, 3, 1, 3, 6]
    V, alpha = len(model), 1e-6
    table = unigram_table(model.counts)
    q = np.bincount(table, minlength=V) / len(table)
    draws = [([0], 1.0)] if softmax else [([j], q[j]) for j in range(V) if q[j] > 0]
    fast_total, ref_total = (
        torch.zeros(2, V, 6, dtype=torch.float64),
        torch.zeros(2, V, 6, dtype=torch.float64),
    )
    for reach in itertools.product([1, 2], repeat=len(sentence)):
        bags = [sentence[max(0, i - b) : i] + sentence[i + 1 : i + b + 1] for i, b in enumerate(reach)]
        contexts = np.array([bag + [-1] * (4 - len(bag)) for bag in bags], np.int32)  # (5, 2w)
        for negatives, weight in draws:
            fast, ref = clone_model(model), clone_model(model)
            train_windows(
                fast.W.numpy(),
                fast.W_prime.numpy(),
                np.array(sentence, np.int32),
                contexts,
                np.array([negatives] * sum(map(len, bags)), np.int32),  # (P, 1)
                alpha,
                alpha,
                True,
                softmax,
                False,
            )
            for centre, bag in zip(sentence, bags):
                for word in bag:
                    sgd_example(ref, [centre], word, [] if softmax else negatives, alpha)
            fast_total += weight * torch.stack([fast.W - model.W, fast.W_prime - model.W_prime])
            ref_total += weight * torch.stack([ref.W - model.W, ref.W_prime - model.W_prime])
    assert fast_total.abs().max() > 1e-7
    scale = float(ref_total.abs().max())  # O(alpha) apart, relative to the largest step
    torch.testing.assert_close(fast_total, ref_total, rtol=1e-3, atol=1e-4 * scale)


@pytest.mark.slow
@pytest.mark.parametrize("arch", ["cbow", "skipgram"])
def test_compiled_trainer_learns_as_well_as_the_reference(arch):
    """Bundled Chinese apple corpus, dim 32, 10 epochs, word2vec's other defaults: each labelled word's
    nearest
    labelled neighbour shares its category as often with both trainers (and for at least 80 % of the
    words)."""
    corpus = Corpus.from_path(CORPORA / "apples_zh.txt", tokenizer="jieba", min_count=1)
    categories = load_categories(CORPORA / "apples_zh.categories.tsv")
    config = Config(arch=arch, dim=32, epochs=10, min_count=1, seed=1)
    reference = train_reference(corpus, config)
    fast = build(corpus, config)
    train_all(fast, corpus)
    ours, theirs = (nearest_neighbour_agreement(m.words, m.vectors(), categories) for m in (fast, reference))
    assert ours >= 0.8 and theirs >= 0.8
    assert abs(ours - theirs) <= 0.1


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("softmax", [False, True])
def test_step_shows_one_honest_update(corpus, arch, softmax):
    model = build(corpus, Config(arch=arch, dim=10, min_count=1, softmax=softmax))
    train_all(model, corpus)  # so W_prime is not all zeros and probabilities differ
    W0, Wp0 = model.W.clone(), model.W_prime.clone()
    r = step(
        model, corpus, np.random.default_rng(5), alpha=1e-4
    )  # small: the window's examples barely interact

    ids = [model.index[w] for w in r.window_tokens]
    c = [j for j in range(len(ids)) if (j in r.blank) == (arch == "cbow")]
    assert len(c) == 1 and ids[c[0]] == r.centre
    assert [x for j, x in enumerate(ids) if j != c[0]] == r.context
    np.testing.assert_allclose(r.context_vectors, W0[r.context].numpy())
    h = W0[r.context].sum(0) if arch == "cbow" else W0[r.centre]
    np.testing.assert_allclose(r.hidden, h.numpy(), rtol=1e-6)
    probs = torch.softmax(Wp0 @ h, 0).numpy()
    np.testing.assert_allclose(r.probs, probs, rtol=1e-5, atol=1e-8)
    assert r.probs.sum() == pytest.approx(1.0, abs=1e-5)

    targets = [r.centre] if arch == "cbow" else r.context
    if softmax:
        assert r.negatives == []
        assert r.loss == pytest.approx(-np.log(probs[targets]).sum(), rel=1e-3)
    else:
        k = model.config.negative
        assert len(r.negatives) == k * len(targets)  # k per example: each skip-gram pair draws its own
        u = Wp0.numpy()
        hn = h.numpy()
        ref = sum(
            -np.log(1 / (1 + np.exp(-u[t] @ hn)))
            - sum(np.log(1 / (1 + np.exp(u[n] @ hn))) for n in r.negatives[j * k : (j + 1) * k] if n != t)
            for j, t in enumerate(targets)
        )
        assert r.loss == pytest.approx(ref, rel=1e-3)

    moved_W = torch.nonzero((model.W != W0).any(1)).flatten().tolist()
    moved_Wp = torch.nonzero((model.W_prime != Wp0).any(1)).flatten().tolist()
    assert r.changed_W == moved_W and r.changed_W_prime == moved_Wp
    assert set(r.changed_W) == ({r.centre} if arch == "skipgram" else set(r.context))
    expected_Wp = set(range(len(model))) if softmax else set(targets) | set(r.negatives)
    assert set(r.changed_W_prime) == expected_Wp
