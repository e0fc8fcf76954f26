"""core.w2v_kernel: the compiled loop takes core.word2vec_reference's steps exactly (same windows, same
negatives: k per skip-gram pair, k per CBOW window), reports the reference's loss, and runs without the
GIL."""

import threading
import time

import numpy as np
import pytest
import torch
from conftest import clone_model, random_model
from test_word2vec import TEXT

from core.corpus import Corpus
from core.w2v_kernel import train_windows
from core.word2vec_reference import sgd_example


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_text(TEXT, tokenizer="words", min_count=1)


def _kernel(model, centres, bags, negatives, alpha0, alpha1=None):
    """train_windows on these windows (bags padded with -1, as core.w2v_batches.windows gives them);
    negatives: a list of k draws per example (skip-gram: per context word, in bag order; CBOW: per window)."""
    width = max(len(b) for b in bags) + 1
    contexts = np.array([b + [-1] * (width - len(b)) for b in bags], np.int32)  # (N, 2w)
    cfg = model.config
    return train_windows(
        model.W.numpy(),
        model.W_prime.numpy(),
        np.array(centres, np.int32),
        contexts,
        np.array(negatives, np.int32).reshape(len(negatives), -1),
        alpha0,
        alpha0 if alpha1 is None else alpha1,
        cfg.arch == "skipgram",
        cfg.softmax,
        cfg.cbow_mean,
    )


CASES = [
    (arch, softmax, cbow_mean)
    for arch in ("skipgram", "cbow")
    for softmax in (False, True)
    for cbow_mean in ((False,) if arch == "skipgram" else (False, True))
]


@pytest.mark.parametrize("arch,softmax,cbow_mean", CASES)
def test_windows_take_exactly_the_reference_steps(corpus, arch, softmax, cbow_mean):
    """Three windows (a repeated context word, the centre among the draws, a negative drawn twice) at a
    falling learning rate: W, W_prime and the loss are the reference's, example after example — CBOW: the bag
    predicts the centre against the window's k negatives; skip-gram: each context word predicts the centre
    against k negatives of its own (k per pair, as core.word2vec_reference.train draws them)."""
    model = random_model(corpus, arch=arch, dim=8, negative=4, softmax=softmax, cbow_mean=cbow_mean)
    centres = [2, 5, 7]
    bags = [[1, 4, 4, 7], [3], [0, 9, 2]]
    alphas = [0.05, 0.04, 0.03]  # alpha0 = 0.05 → alpha1 = 0.02 over three windows
    if arch == "skipgram":  # k per pair: 8 examples
        negatives = [[0, 5, 2, 9], [8, 8, 1, 5], [3, 6, 10, 2], [1, 2, 2, 0], [3, 6, 10, 7], [4, 4, 4, 4]]
        negatives += [[7, 1, 0, 3], [9, 10, 6, 8]]
    else:  # k per window
        negatives = [[0, 5, 2, 9], [8, 8, 1, 5], [3, 6, 10, 7]]
    fast, ref = clone_model(model), clone_model(model)
    loss, examples = _kernel(fast, centres, bags, negatives, 0.05, 0.02)
    steps = [
        (inputs, centre, alpha)
        for centre, bag, alpha in zip(centres, bags, alphas)
        for inputs in ([[c] for c in bag] if arch == "skipgram" else [bag])
    ]
    assert examples == len(steps) == len(negatives)
    ref_loss = sum(
        sgd_example(ref, inputs, centre, [] if softmax else negs, alpha)
        for (inputs, centre, alpha), negs in zip(steps, negatives)
    )
    assert loss == pytest.approx(ref_loss, rel=1e-5)
    torch.testing.assert_close(fast.W, ref.W, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(fast.W_prime, ref.W_prime, rtol=1e-5, atol=1e-6)
    assert not torch.equal(fast.W, model.W) and not torch.equal(fast.W_prime, model.W_prime)


def test_float64_models_are_computed_in_float64(corpus):
    """The kernel follows the model's dtype (the tests of core.word2vec compare in float64)."""
    model = random_model(corpus, arch="cbow", dim=8, negative=4)
    model.W, model.W_prime = model.W.double(), model.W_prime.double()
    fast, ref = clone_model(model), clone_model(model)
    _kernel(fast, [2], [[1, 4, 4, 7]], [[0, 5, 2, 9]], 0.05)
    sgd_example(ref, [1, 4, 4, 7], 2, [0, 5, 2, 9], 0.05)
    torch.testing.assert_close(fast.W, ref.W, rtol=1e-12, atol=1e-14)
    torch.testing.assert_close(fast.W_prime, ref.W_prime, rtol=1e-12, atol=1e-14)


def test_a_non_finite_score_shows_in_the_loss_and_the_vectors(corpus):
    """fastmath must not hide divergence: an infinite vector gives a non-finite loss and parameters."""
    model = random_model(corpus, arch="skipgram", dim=8, negative=2)
    model.W[1, 0] = float("inf")
    loss, _ = _kernel(model, [2], [[1]], [[3, 4]], 0.025)
    assert not np.isfinite(loss)
    assert not (torch.isfinite(model.W).all() and torch.isfinite(model.W_prime).all())


def test_the_kernel_runs_without_the_gil(corpus):
    """While one thread trains a long run of windows, another thread's Python keeps running: it counts
    well beyond what it could in the interpreter's switch intervals alone."""
    model = random_model(corpus, arch="skipgram", dim=300, negative=15)
    rng = np.random.default_rng(0)
    V, N = len(model), 20_000
    centres = rng.integers(V, size=N)
    bags = rng.integers(V, size=(N, 10)).tolist()
    negatives = rng.integers(V, size=(N * 10, 15))  # k per (centre, context) pair
    _kernel(model, centres[:2], bags[:2], negatives[:20], 0.001)  # compiled (or loaded) before timing
    counts = []
    busy = threading.Event()

    def count():
        n = 0
        busy.wait()
        t = time.perf_counter()
        while time.perf_counter() - t < 0.2:
            n += 1
        counts.append(n)

    alone = threading.Thread(target=count)
    busy.set()
    alone.start()
    alone.join()
    busy.clear()
    beside = threading.Thread(target=count)
    beside.start()
    t = time.perf_counter()
    busy.set()
    _kernel(model, centres, bags, negatives, 0.001)
    kernel_seconds = time.perf_counter() - t
    beside.join()
    assert kernel_seconds > 0.2  # the count ran entirely beside the kernel
    assert counts[1] > 0.3 * counts[0]


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_the_cap_keeps_a_long_step_a_descent_step(corpus, arch):
    """Long vectors at a large learning rate: the cap binds — every row moves less than the reference's plain
    step, in the same direction — and the example's loss still falls. (At word2vec's usual scale it does not
    bind: the tests above.)"""
    model = random_model(corpus, arch=arch, dim=8, negative=3)
    model.W, model.W_prime = model.W.double() * 10, model.W_prime.double() * 10  # float64: exact directions
    centre, bag, negs = 2, [1, 4], [5, 5, 9]  # a word drawn twice

    def loss(m):
        return (
            sgd_example(clone_model(m), bag, centre, negs, 0.0)
            if arch == "cbow"
            else sum(sgd_example(clone_model(m), [c], centre, negs, 0.0) for c in bag[:1])
        )

    fast, ref = clone_model(model), clone_model(model)
    inputs = bag if arch == "cbow" else bag[:1]
    _kernel(fast, [centre], [inputs], [negs], 0.5)
    sgd_example(ref, inputs, centre, negs, 0.5)
    assert loss(fast) < loss(model)
    for name in ("W", "W_prime"):
        plain, capped = (getattr(m, name) - getattr(model, name) for m in (ref, fast))  # (V, d) steps
        moved = plain.norm(dim=1) > 0
        assert (capped.norm(dim=1)[moved] < 0.9 * plain.norm(dim=1)[moved]).all()
        cos = (plain * capped).sum(1)[moved] / (plain.norm(dim=1) * capped.norm(dim=1))[moved]
        assert (cos > 0.999).all()
