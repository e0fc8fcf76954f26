"""core.word2vec: the hand-written gradients equal autograd's, training lowers the loss, the seed
reproduces, step() shows one honest update, bad settings are refused, progress events are sound."""

import threading
import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import core.w2v_batches as w2v_batches
import core.word2vec as w2v
from core.corpus import Corpus
from core.errors import LabError
from core.w2v_batches import unigram_table
from core.w2v_kernel import train_windows
from core.word2vec import SNAPSHOTS, Config, build, train, train_all

TEXT = "\n".join(
    [
        f"the {c} {f} is {t} and {s}"
        for c in ("red", "green", "yellow")
        for f in ("apple", "pear", "plum")
        for t in ("sweet", "sour")
        for s in ("small", "big", "cheap")
    ]
    * 4
)


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_text(TEXT, tokenizer="words", min_count=1)


# ---------------------------------------------------------------- gradients vs autograd


def _reference_loss(W, W_prime, h_cbow, centres, bags, negatives, cfg):
    """The loss of these windows written the obvious way, for autograd: a loop over examples, no shared
    tricks.
    CBOW's h of each window is given (h_cbow, a leaf, so that its gradient can be read); skip-gram has one
    example per context word, whose vector predicts the centre. negatives[i] are example i's k draws (one
    example per skip-gram pair, per CBOW window); a draw equal to the example's true word is skipped
    (word2vec)."""
    total = 0
    examples = []  # (h, target)
    for n, (centre, bag) in enumerate(zip(centres, bags)):
        if cfg.arch == "skipgram":
            examples += [(W[word], torch.tensor(centre)) for word in bag]
        else:
            examples.append((h_cbow[n], torch.tensor(centre)))
    for (h, t), negs in zip(examples, negatives, strict=True):
        if cfg.softmax:
            total = total + F.cross_entropy((W_prime @ h)[None], t[None], reduction="sum")
        else:
            total = total - F.logsigmoid(W_prime[t] @ h)
            for j in negs:
                if j != t:
                    total = total - F.logsigmoid(-(W_prime[j] @ h))
    return total


# cbow_mean only concerns CBOW: skip-gram is tested once per output layer
NETWORKS = [
    (arch, softmax, cbow_mean)
    for arch in ("skipgram", "cbow")
    for softmax in (False, True)
    for cbow_mean in ((False,) if arch == "skipgram" else (False, True))
]


@pytest.mark.parametrize("arch,softmax,cbow_mean", NETWORKS)
def test_step_is_minus_alpha_times_the_autograd_gradient(arch, softmax, cbow_mean):
    """At a learning rate small enough that the examples' steps barely see each other, the compiled loop's
    step
    over three windows (words repeated within and across windows, true words among the draws) is -alpha × the
    gradient of their summed loss, and it reports that loss. CBOW: h's step -alpha·dloss/dh is shared by its
    context words (1/C each for the sum, all of it for the mean)."""
    g = torch.Generator().manual_seed(7)
    V, d, alpha = 11, 6, 1e-7
    W = torch.randn(V, d, generator=g, dtype=torch.float64)
    W_prime = torch.randn(V, d, generator=g, dtype=torch.float64)
    centres, bags = [4, 1, 4], [[0, 2, 2], [7], [4, 9]]
    negatives = [[5, 8, 4], [1, 8, 2], [4, 9, 9]]  # per window, true words among the draws
    if arch == "skipgram":  # per (centre, context) pair: 6 examples
        negatives += [[3, 4, 4], [10, 1, 0], [6, 6, 6]]
    cfg = Config(arch=arch, dim=d, negative=3, softmax=softmax, cbow_mean=cbow_mean)
    Wa, Wpa = W.clone().requires_grad_(), W_prime.clone().requires_grad_()
    h = torch.stack([W[b].mean(0) if cbow_mean else W[b].sum(0) for b in bags]).requires_grad_()  # (N, d)
    loss = _reference_loss(Wa, Wpa, h, centres, bags, negatives, cfg)
    dW, dWp, dh = torch.autograd.grad(loss, [Wa, Wpa, h], allow_unused=True)
    if arch == "cbow":  # every context word takes its share of h's step
        dW = torch.zeros(V, d, dtype=W.dtype)
        for b, dh_n in zip(bags, dh):
            dW.index_add_(0, torch.tensor(b), ((1.0 if cbow_mean else 1.0 / len(b)) * dh_n).expand(len(b), d))
    W1, Wp1 = W.clone(), W_prime.clone()
    contexts = np.array([b + [-1] * (3 - len(b)) for b in bags], np.int32)
    ours, examples = train_windows(
        W1.numpy(),
        Wp1.numpy(),
        np.array(centres, np.int32),
        contexts,
        np.array(negatives, np.int32),
        alpha,
        alpha,
        arch == "skipgram",
        softmax,
        cbow_mean,
    )
    assert examples == (6 if arch == "skipgram" else 3)
    assert ours == pytest.approx(loss.item(), rel=1e-6)  # later examples see earlier steps
    torch.testing.assert_close(W1 - W, -alpha * dW, rtol=1e-5, atol=1e-15)
    torch.testing.assert_close(Wp1 - W_prime, -alpha * dWp, rtol=1e-5, atol=1e-15)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_windows_as_training_builds_them(corpus, arch):
    """The windows of a chunk (subsampled, shrunk, bags cut by sentence ends: -1 where no word) are those of
    core.corpus, with k negatives from the unigram table per example (skip-gram: per (centre, context)
    pair, CBOW: per window); trained by the compiled loop, they take the reference's steps, example after
    example."""
    from core.word2vec_reference import sgd_example

    rng = np.random.default_rng(4)
    keep = np.full(len(corpus.vocab), 0.8)
    table = unigram_table(corpus.vocab.counts)
    end = int(corpus.starts[40])
    centres, contexts, negatives = w2v_batches.chunk_windows(
        corpus.ids, corpus.starts, 0, end, keep, 3, table, 4, rng, per_pair=arch == "skipgram"
    )
    pairs = int((contexts >= 0).sum())
    assert contexts.shape == (len(centres), 6) and pairs > len(centres)
    assert negatives.shape == (pairs if arch == "skipgram" else len(centres), 4)
    assert ((contexts < 0).any(1)).any() and (contexts >= 0).any(1).all()
    model = build(corpus, Config(arch=arch, dim=5, negative=4, min_count=1))
    model.W_prime = torch.randn(model.W.shape, generator=torch.Generator().manual_seed(2))
    ref = build(corpus, Config(arch=arch, dim=5, negative=4, min_count=1))
    ref.W_prime = model.W_prime.clone()
    train_windows(
        model.W.numpy(),
        model.W_prime.numpy(),
        centres,
        contexts,
        negatives,
        0.025,
        0.025,
        arch == "skipgram",
        False,
        False,
    )
    draws = iter(negatives.tolist())
    for centre, bag in zip(centres, contexts):
        bag = [int(c) for c in bag if c >= 0]
        for inputs in [[c] for c in bag] if arch == "skipgram" else [bag]:
            sgd_example(ref, inputs, int(centre), next(draws), 0.025)
    assert next(draws, None) is None
    torch.testing.assert_close(model.W, ref.W, rtol=1e-4, atol=1e-6)
    torch.testing.assert_close(model.W_prime, ref.W_prime, rtol=1e-4, atol=1e-6)


def test_the_divergence_check():
    """Non-finite loss or vectors, or a mean loss per example above DIVERGED × the first report's, raise; a
    report without examples neither raises nor sets the reference."""
    model = build(Corpus.from_text(TEXT, tokenizer="words", min_count=1), Config(dim=4, min_count=1))
    assert w2v._check_finite(model, 0.0, 0, None) is None
    first = w2v._check_finite(model, 40.0, 10, None)
    assert first == 4.0
    assert w2v._check_finite(model, 390.0, 10, first) == 4.0  # 39 < 10 × 4
    for loss, n in [(410.0, 10), (float("inf"), 10), (float("nan"), 10)]:
        with pytest.raises(LabError) as e:
            w2v._check_finite(model, loss, n, first)
        assert e.value.code == "diverged"
    model.W_prime[3, 1] = float("nan")
    with pytest.raises(LabError):
        w2v._check_finite(model, 1.0, 10, first)


def test_unigram_table_follows_counts_to_the_power_three_quarters():
    counts = np.array([1000, 100, 10, 1])
    table = unigram_table(counts)
    share = np.bincount(table, minlength=4) / len(table)
    expected = counts**0.75 / (counts**0.75).sum()
    np.testing.assert_allclose(share, expected, atol=1e-5)


# ---------------------------------------------------------------- training


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("softmax", [False, True])
def test_loss_falls(corpus, arch, softmax):
    model = build(corpus, Config(arch=arch, dim=16, epochs=15, min_count=1, softmax=softmax, sample=0))
    epoch_ends = [p.epoch_loss for p in train(model, corpus, report_every=float("inf"))]
    assert len(epoch_ends) == 15
    assert epoch_ends[-1] < epoch_ends[0]
    if softmax:  # better than any predictor that ignores the input: the entropy of the word frequencies
        p = model.counts / model.counts.sum()
        assert epoch_ends[-1] < -(p * np.log(p)).sum()
    else:  # an untrained model (W_prime = 0) scores every word 0: loss (1 + k)·log 2 per example
        assert epoch_ends[-1] < 0.75 * (1 + model.config.negative) * np.log(2)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_same_seed_same_vectors(corpus, arch):
    """One thread (the app's setting) is reproducible; more threads train hogwild, like gensim, and are
    not."""

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


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "field,value",
    [
        ("arch", "glove"),
        ("dim", 0),
        ("window", 0),
        ("negative", 0),
        ("epochs", 0),
        ("min_count", 0),
        ("sample", -0.1),
        ("alpha", 0.0),
        ("alpha", float("nan")),
        ("min_alpha", 1.0),
        ("threads", 0),
        ("tokenizer", "spaces"),
        ("dim", 2.5),
    ],
)
def test_config_refuses_out_of_range(field, value):
    with pytest.raises(LabError) as e:
        Config(**{field: value}).validate()
    assert e.value.code == "config_invalid" and e.value.params["field"] == field


def test_config_defaults_are_word2vecs():
    c = Config()
    c.validate()
    assert (c.arch, c.dim, c.window, c.negative, c.epochs, c.min_count, c.sample, c.alpha) == (
        "skipgram",
        100,
        5,
        5,
        5,
        5,
        1e-3,
        0.025,
    )
    Config(softmax=True, negative=0).validate()  # negatives are not used by the full softmax


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize(
    "report_every", [0.0, float("inf")]
)  # a report after every chunk; at epoch ends only
def test_threads_share_the_chunks_hogwild(corpus, arch, report_every, monkeypatch):
    """With threads=3 (small chunks; each slowed by 2 ms so that every thread gets some), three threads train,
    and they train exactly the chunks (windows and negatives) of one thread, each once: a chunk's examples
    do
    not depend on the thread. The loss falls as much."""
    monkeypatch.setattr(w2v_batches, "CHUNK_TOKENS", 60)
    real = w2v.train_windows

    def run(threads, seen, chunks):
        def recording(W, W_prime, centres, contexts, negatives, *args):
            seen.append(
                (threading.get_ident(), tuple(centres.tolist()), tuple(map(tuple, contexts.tolist())))
                + tuple(map(tuple, negatives.tolist()))
            )
            chunks.append(threading.get_ident())
            time.sleep(0.002)  # releases the GIL, as the compiled loop does
            return real(W, W_prime, centres, contexts, negatives, *args)

        monkeypatch.setattr(w2v, "train_windows", recording)
        model = build(
            corpus, Config(arch=arch, dim=12, epochs=3, min_count=1, sample=1e-2, seed=2, threads=threads)
        )
        events = list(train(model, corpus, report_every=report_every))
        assert np.isfinite(model.vectors()).all()
        return [e for e, later in zip(events, events[1:] + [None]) if later is None or later.epoch != e.epoch]

    seen_one, seen_three, batches_one, batches_three = [], [], [], []
    one, three = run(1, seen_one, batches_one), run(3, seen_three, batches_three)
    assert len(set(batches_three)) == 3
    assert sorted(x[1:] for x in seen_three) == sorted(x[1:] for x in seen_one)
    assert len(batches_three) == three[-1].step >= one[-1].step == len(batches_one) > 3 * 10
    assert [e.words_done for e in three] == [e.words_done for e in one]
    assert three[-1].epoch_loss < three[0].epoch_loss
    assert three[-1].epoch_loss == pytest.approx(one[-1].epoch_loss, rel=0.1)


# ---------------------------------------------------------------- soundness on any corpus


def _awkward(kind: str) -> str:
    """Texts the trainer was never tuned on: no dominant word, one dominant word, tiny, a 5-word
    vocabulary."""
    rng = np.random.default_rng(0)
    if kind == "flat head":  # 300 equally frequent words, sentences drawn from 30 topics
        topics = rng.integers(0, 300, size=(30, 12))
        lines = [" ".join(f"w{w}" for w in rng.choice(topics[rng.integers(30)], 8)) for _ in range(2500)]
    elif kind == "one dominant word":  # every other token is "the"
        lines = [" ".join(f"the w{w}" for w in rng.integers(0, 200, 6)) for _ in range(2000)]
    elif kind == "2,000 tokens":
        lines = [" ".join(f"w{w}" for w in rng.zipf(1.5, 10) % 300) for _ in range(200)]
    else:  # a 5-word vocabulary
        lines = [" ".join(f"w{w}" for w in rng.integers(0, 5, 10)) for _ in range(1000)]
    return "\n".join(lines)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize(
    "kind,settings",
    [
        ("flat head", {}),
        ("one dominant word", {}),
        ("2,000 tokens", {}),
        ("5-word vocabulary", {}),
        ("flat head", {"window": 50}),
        ("one dominant word", {"dim": 1}),
        ("flat head", {"dim": 1000}),
        ("one dominant word", {"softmax": True}),
        ("flat head", {"alpha": 0.5}),
    ],
)
def test_sound_on_any_corpus(arch, kind, settings):
    """word2vec's defaults (and a few extremes) on texts it was not tuned on: every report's loss is finite,
    the last epoch's loss is below the first's, and the vectors are finite."""
    corpus = Corpus.from_text(_awkward(kind), tokenizer="words", min_count=1)
    model = build(corpus, Config(arch=arch, min_count=1, seed=1, **settings))
    events = list(train(model, corpus, report_every=0.0))
    assert all(np.isfinite(e.loss) for e in events)
    epoch_ends = [
        e.epoch_loss
        for e, later in zip(events, events[1:] + [None])
        if later is None or later.epoch != e.epoch
    ]
    assert epoch_ends[-1] < epoch_ends[0]
    assert np.isfinite(model.vectors()).all() and torch.isfinite(model.W_prime).all()


def test_divergence_is_an_error_never_an_output(monkeypatch, tmp_path, capsys):
    """Without the cap on each example's step (core.w2v_kernel), a learning rate of 1 on the dominant-word
    text
    explodes: train() stops with LabError "diverged" instead of yielding vectors, and the CLI prints one line,
    exits 2 and writes no file. (Uncapped steps are imitated by growing W_prime after every chunk.)"""
    real = w2v.train_windows

    def uncapped(W, W_prime, *args):
        out = real(W, W_prime, *args)
        W_prime *= 3
        return out

    monkeypatch.setattr(w2v, "train_windows", uncapped)
    corpus = Corpus.from_text(_awkward("one dominant word"), tokenizer="words", min_count=1)
    model = build(corpus, Config(arch="cbow", min_count=1, alpha=1.0, epochs=20))
    with pytest.raises(LabError) as e:
        list(train(model, corpus, report_every=0.0))
    assert e.value.code == "diverged"

    from core.train import main

    text, out = tmp_path / "text.txt", tmp_path / "v.vec"
    text.write_text(_awkward("one dominant word"), encoding="utf-8")
    code = main(
        [str(text), "--arch", "cbow", "--min-count", "1", "--alpha", "1", "--epochs", "20", "--out", str(out)]
    )
    err = capsys.readouterr().err.split("\r")[-1]  # after the progress bar, which clears itself
    assert code == 2 and not out.exists()
    assert err.startswith("error: Training diverged") and err.count("\n") == 1


def test_a_non_finite_parameter_is_an_error(corpus, monkeypatch):
    real = w2v.train_windows

    def poisoned(W, W_prime, *args):
        out = real(W, W_prime, *args)
        W_prime[0, 0] = float("nan")
        return out

    monkeypatch.setattr(w2v, "train_windows", poisoned)
    model = build(corpus, Config(dim=8, min_count=1))
    with pytest.raises(LabError) as e:
        list(train(model, corpus, report_every=0.0))
    assert e.value.code == "diverged"
