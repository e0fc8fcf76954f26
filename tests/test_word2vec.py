"""core.word2vec: the hand-written gradients equal autograd's, training lowers the loss, the seed
reproduces, step() shows one honest update, bad settings are refused, progress events are sound."""

import threading
import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.corpus import Corpus
from core.errors import LabError
from core.w2v_batches import Batch, unigram_table
import core.w2v_batches as w2v_batches
import core.word2vec as w2v
from core.word2vec import SNAPSHOTS, Config, batch_grads, build, step, train, train_all

TEXT = "\n".join([
    f"the {c} {f} is {t} and {s}" for c in ("red", "green", "yellow") for f in ("apple", "pear", "plum")
    for t in ("sweet", "sour") for s in ("small", "big", "cheap")
] * 4)


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_text(TEXT, tokenizer="words", min_count=1)


# ---------------------------------------------------------------- gradients vs autograd

def _dense(rows, grad, shape):
    """Row updates -> the full gradient matrix (rows may repeat: they add up)."""
    out = torch.zeros(shape, dtype=grad.dtype)
    return out.add_(grad) if rows is None else out.index_add_(0, rows, grad)


def _reference_loss(W, W_prime, batch, negatives, cfg):
    """The same loss written the obvious way, for autograd: a loop over examples, no shared tricks."""
    total = 0
    hs, targets = [], []
    for centre, a, n in zip(batch.centre, batch.offsets, batch.sizes):
        bag = batch.context[a:a + n]
        if cfg.arch == "skipgram":      # one example per (centre, context word) pair
            hs += [W[centre]] * n
            targets += list(bag)
        else:
            hs.append(W[bag].mean(0) if cfg.cbow_mean else W[bag].sum(0))
            targets.append(centre)
    for h, t in zip(hs, targets):
        if cfg.softmax:
            total = total + F.cross_entropy((W_prime @ h)[None], t[None], reduction="sum")
        else:
            k, S = cfg.negative, len(negatives)
            total = total - F.logsigmoid(W_prime[t] @ h) - k / S * F.logsigmoid(-(W_prime[negatives] @ h)).sum()
    return total


# cbow_mean only concerns CBOW: skip-gram is tested once per output layer
NETWORKS = [(arch, softmax, cbow_mean) for arch in ("skipgram", "cbow") for softmax in (False, True)
            for cbow_mean in ((False,) if arch == "skipgram" else (False, True))]


@pytest.mark.parametrize("arch,softmax,cbow_mean", NETWORKS)
def test_hand_written_gradients_equal_autograd(arch, softmax, cbow_mean):
    g = torch.Generator().manual_seed(7)
    V, d = 11, 6
    W = torch.randn(V, d, generator=g, dtype=torch.float64)
    W_prime = torch.randn(V, d, generator=g, dtype=torch.float64)
    # windows with bags of 3, 1 and 2 context words, words repeated within and across windows
    batch = Batch(torch.tensor([4, 1, 4]), torch.tensor([0, 2, 2, 7, 4, 9]), torch.tensor([0, 3, 4]),
                  torch.tensor([3, 1, 2]), 9)
    negatives = torch.tensor([5, 8, 1, 8])
    cfg = Config(arch=arch, dim=d, negative=3, softmax=softmax, cbow_mean=cbow_mean)

    grads = batch_grads(W, W_prime, batch, negatives, cfg)
    steps = batch_grads(W, W_prime, batch, negatives, cfg, scale=-0.3)     # what train() applies: -alpha × grad

    Wa, Wpa = W.clone().requires_grad_(), W_prime.clone().requires_grad_()
    loss = _reference_loss(Wa, Wpa, batch, negatives, cfg)
    dW, dWp = torch.autograd.grad(loss, [Wa, Wpa])
    assert grads.loss == pytest.approx(loss.item(), rel=1e-10)
    torch.testing.assert_close(_dense(grads.W_rows, grads.W_grad, (V, d)), dW, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(_dense(grads.W_prime_rows, grads.W_prime_grad, (V, d)), dWp, rtol=1e-10, atol=1e-12)
    assert steps.loss == pytest.approx(loss.item(), rel=1e-10)
    torch.testing.assert_close(_dense(steps.W_rows, steps.W_grad, (V, d)), -0.3 * dW, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(_dense(steps.W_prime_rows, steps.W_prime_grad, (V, d)), -0.3 * dWp,
                               rtol=1e-10, atol=1e-12)


def test_unigram_table_follows_counts_to_the_power_three_quarters():
    counts = np.array([1000, 100, 10, 1])
    table = unigram_table(counts).numpy()
    share = np.bincount(table, minlength=4) / len(table)
    expected = counts ** 0.75 / (counts ** 0.75).sum()
    np.testing.assert_allclose(share, expected, atol=1e-5)


# ---------------------------------------------------------------- training

@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("softmax", [False, True])
def test_loss_falls(corpus, arch, softmax):
    model = build(corpus, Config(arch=arch, dim=16, epochs=15, min_count=1, softmax=softmax, sample=0))
    epoch_ends = [p.epoch_loss for p in train(model, corpus, report_every=float("inf"))]
    assert len(epoch_ends) == 15
    assert epoch_ends[-1] < epoch_ends[0]
    if softmax:     # better than any predictor that ignores the input: the entropy of the word frequencies
        p = model.counts / model.counts.sum()
        assert epoch_ends[-1] < -(p * np.log(p)).sum()
    else:           # an untrained model (W_prime = 0) scores every word 0: loss (1 + k)·log 2 per example
        assert epoch_ends[-1] < 0.75 * (1 + model.config.negative) * np.log(2)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_same_seed_same_vectors(corpus, arch):
    """One thread (the app's setting) is reproducible; more threads train hogwild, like gensim, and are not."""
    def vectors(seed):
        model = build(corpus, Config(arch=arch, dim=12, epochs=3, min_count=1, seed=seed))
        train_all(model, corpus)
        return model.vectors(), model.W_prime.numpy().copy()

    a, b, c = vectors(3), vectors(3), vectors(4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_progress_events(corpus):
    cfg = Config(dim=8, epochs=4, min_count=1, alpha=0.05, min_alpha=0.001)
    model = build(corpus, cfg)
    events = list(train(model, corpus, report_every=0.0))
    assert events[-1].done and not any(e.done for e in events[:-1])
    assert [e.epoch for e in events] == sorted(e.epoch for e in events)
    assert events[-1].words_done == events[-1].total_words == 4 * len(corpus.ids)
    alphas = [e.alpha for e in events]
    assert alphas == sorted(alphas, reverse=True) and alphas[0] <= 0.05
    assert events[-1].alpha == pytest.approx(0.001)
    assert all(np.isfinite(e.loss) and e.loss > 0 and e.words_per_sec > 0 for e in events)
    assert 2 <= len(model.snapshots) <= SNAPSHOTS
    assert model.snapshots[-1][0] == events[-1].words_done
    np.testing.assert_array_equal(model.snapshots[-1][1], model.vectors())
    assert not np.array_equal(model.snapshots[0][1], model.vectors())


def test_closing_the_generator_stops_training(corpus):
    model = build(corpus, Config(dim=8, epochs=50, min_count=1))
    run = train(model, corpus, report_every=0.0)
    first = next(run)
    run.close()
    W = model.vectors()
    assert not first.done
    assert np.isfinite(W).all()
    with pytest.raises(StopIteration):
        next(run)


# ---------------------------------------------------------------- step()

@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("softmax", [False, True])
def test_step_shows_one_honest_update(corpus, arch, softmax):
    model = build(corpus, Config(arch=arch, dim=10, min_count=1, softmax=softmax))
    train_all(model, corpus)          # so W_prime is not all zeros and probabilities differ
    W0, Wp0 = model.W.clone(), model.W_prime.clone()
    r = step(model, corpus, np.random.default_rng(5), alpha=0.1)

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
        assert r.loss == pytest.approx(-np.log(probs[targets]).sum(), rel=1e-4)
    else:
        assert len(r.negatives) == model.config.negative
        u = Wp0.numpy()
        hn = h.numpy()
        ref = sum(-np.log(1 / (1 + np.exp(-u[t] @ hn))) - sum(np.log(1 / (1 + np.exp(u[n] @ hn)))
                                                                for n in r.negatives) for t in targets)
        assert r.loss == pytest.approx(ref, rel=1e-4)

    moved_W = torch.nonzero((model.W != W0).any(1)).flatten().tolist()
    moved_Wp = torch.nonzero((model.W_prime != Wp0).any(1)).flatten().tolist()
    assert r.changed_W == moved_W and r.changed_W_prime == moved_Wp
    assert set(r.changed_W) == ({r.centre} if arch == "skipgram" else set(r.context))
    expected_Wp = set(range(len(model))) if softmax else set(targets) | set(r.negatives)
    assert set(r.changed_W_prime) == expected_Wp


# ---------------------------------------------------------------- configuration

@pytest.mark.parametrize("field,value", [
    ("arch", "glove"), ("dim", 0), ("window", 0), ("negative", 0), ("epochs", 0), ("min_count", 0),
    ("sample", -0.1), ("alpha", 0.0), ("alpha", float("nan")), ("min_alpha", 1.0), ("threads", 0),
    ("tokenizer", "spaces"), ("dim", 2.5),
])
def test_config_refuses_out_of_range(field, value):
    with pytest.raises(LabError) as e:
        Config(**{field: value}).validate()
    assert e.value.code == "config_invalid" and e.value.params["field"] == field


def test_config_defaults_are_word2vecs():
    c = Config()
    c.validate()
    assert (c.arch, c.dim, c.window, c.negative, c.epochs, c.min_count, c.sample, c.alpha) == \
        ("skipgram", 100, 5, 5, 5, 5, 1e-3, 0.025)
    Config(softmax=True, negative=0).validate()       # negatives are not used by the full softmax


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("report_every", [0.0, float("inf")])   # a report after every chunk; at epoch ends only
def test_threads_share_the_chunks_hogwild(corpus, arch, report_every, monkeypatch):
    """With threads=3 (small chunks; each batch slowed by 2 ms so that every thread gets some), three threads
    train, and they train exactly the batches of one thread, each once: a chunk's examples do not depend on
    the thread. The loss falls as much."""
    monkeypatch.setattr(w2v_batches, "CHUNK_TOKENS", 60)
    real = w2v.batch_grads

    def run(threads, seen):
        def recording_grads(W, W_prime, batch, negatives, *args):
            seen.append((threading.get_ident(), tuple(batch.centre.tolist()), tuple(negatives.tolist())))
            time.sleep(0.002)           # releases the GIL, as torch's ops do
            return real(W, W_prime, batch, negatives, *args)

        monkeypatch.setattr(w2v, "batch_grads", recording_grads)
        model = build(corpus, Config(arch=arch, dim=12, epochs=3, min_count=1, sample=1e-2, seed=2, threads=threads))
        events = list(train(model, corpus, report_every=report_every))
        assert np.isfinite(model.vectors()).all()
        return [e for e, later in zip(events, events[1:] + [None]) if later is None or later.epoch != e.epoch]

    seen_one, seen_three = [], []
    before = torch.get_num_threads()
    one, three = run(1, seen_one), run(3, seen_three)
    assert torch.get_num_threads() == before
    assert len({who for who, *_ in seen_three}) == 3
    assert sorted(x[1:] for x in seen_three) == sorted(x[1:] for x in seen_one)
    assert len(seen_three) == three[-1].step == one[-1].step > 3 * 10
    assert [e.words_done for e in three] == [e.words_done for e in one]
    assert three[-1].epoch_loss < three[0].epoch_loss
    assert three[-1].epoch_loss == pytest.approx(one[-1].epoch_loss, rel=0.1)
