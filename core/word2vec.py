"""word2vec in PyTorch: CBOW and skip-gram as the lecture draws them (C5, C9–C11).

The network has one hidden layer, no bias and no activation:

    h      = sum of W[context]   (CBOW: the context vectors add up like forces, C6)
           = W[centre]           (skip-gram: the centre word's vector)
    scores = W_prime @ h         (decode: one score per vocabulary word)
    loss   = cross-entropy of softmax(scores) against the blanked word(s)

W (V×d) is the embedding we are after (C3: "the dictionary"); W_prime (V×d) is the output matrix
(the lecture's d×V W′ is W_prime.T). Both are learned by plain SGD with the gradients written out
below (tests/test_word2vec.py checks them against autograd). Two output layers: the exact full
softmax (small vocabularies, the lecture's picture) and negative sampling, where the V-way softmax
is replaced by "is this the true word (1) or one of k random words (0)?" with sigmoids.

Speed: a mini-batch is a list of windows that shares its negatives (S words drawn once per batch from
the unigram^0.75 table, each weighted k/S), which turns the scoring into matrix multiplies; skip-gram
scores them once per window, since all pairs of a window share the centre's h. A training thread takes
a chunk of sentences, builds its batches with numpy and trains them. With threads > 1 the threads train
"hogwild", as word2vec's C code and gensim do: each adds its updates to the shared W and W_prime at once,
without locks. That is fast but not reproducible bit for bit; one thread (the app's setting) is: the same seed
gives the same vectors.

The gradients are exact. For the CBOW mean (cbow_mean=True) that means each context word gets 1/C of
the error — unlike word2vec's C code and gensim, which give every context word the full error — so it
learns more slowly than the sum (the default, the lecture's).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch
import torch.nn.functional as F

from core.corpus import Corpus, keep_probabilities
from core.errors import LabError
from core.w2v_batches import Batch, chunk_batches, chunks, unigram_table

BATCH = 1024               # windows (centre + bag of context words) per mini-batch, at most ...
# ... and few enough that the most frequent word occurs ~REPEATS times in one, with S negatives shared by the
# batch. A batch's updates are summed: a word occurring n times takes an n-fold step, and each shared negative
# takes the summed steps of N·k/S windows. Measured on GCIDE (5 epochs, 2 threads; analogy accuracy over seeds
# 4–6): CBOW at 40/48 0.113–0.127, at 48/48 0.073–0.107 (5 % faster); 32/32 gave 0.087–0.110 (seeds 1–3), slower;
# CBOW collapses at 48/32 or 64/64 (WordSim 0.38–0.40). Skip-gram diverged to NaN at 32/32 and gains nothing
# from larger batches.
REPEATS = {"cbow": 40, "skipgram": 16}
SHARED_NEGATIVES = {"cbow": 48, "skipgram": 32}   # each weighted negative / S
SNAPSHOTS = 30             # copies of W kept per run for the training film (initial one included)
SNAPSHOT_ROWS = 5000       # only the most frequent rows are kept in snapshots of large vocabularies
TOKENIZERS = ("auto", "words", "jieba", "chars")


# ---------------------------------------------------------------- configuration

@dataclass
class Config:
    arch: str = "skipgram"      # or "cbow"
    dim: int = 100
    window: int = 5
    negative: int = 5
    softmax: bool = False       # exact full-softmax output layer instead of negative sampling
    cbow_mean: bool = False     # CBOW sums the context vectors (the lecture); True averages
    epochs: int = 5
    min_count: int = 5
    max_vocab: int | None = None
    sample: float = 1e-3
    alpha: float = 0.025
    min_alpha: float = 1e-4
    seed: int = 1
    threads: int = 1
    tokenizer: str = "auto"

    def validate(self) -> None:
        """Raise LabError "config_invalid"(field, value, allowed) for the first out-of-range field."""
        def bad(field, allowed):
            value = getattr(self, field)
            raise LabError("config_invalid", f"{field} = {value!r} is out of range (allowed: {allowed}).",
                           field=field, value=value, allowed=allowed)

        def int_in(field, lo, hi):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
                bad(field, f"{lo}–{hi}")

        def real_in(field, lo, hi, lo_open=False):
            value = getattr(self, field)
            ok = isinstance(value, (int, float, np.floating)) and not isinstance(value, bool)
            if not ok or not np.isfinite(value) or value > hi or value < lo or (lo_open and value == lo):
                bad(field, f"{'>' if lo_open else '≥'} {lo} and ≤ {hi}")

        if self.arch not in ("skipgram", "cbow"):
            bad("arch", "skipgram, cbow")
        int_in("dim", 1, 1000)
        int_in("window", 1, 50)
        int_in("negative", 0 if self.softmax else 1, 100)
        int_in("epochs", 1, 1000)
        int_in("min_count", 1, 10**9)
        if self.max_vocab is not None:
            int_in("max_vocab", 1, 10**8)
        real_in("sample", 0.0, 1.0)
        real_in("alpha", 0.0, 1.0, lo_open=True)
        real_in("min_alpha", 0.0, self.alpha)
        int_in("seed", 0, 2**32 - 1)
        int_in("threads", 1, 64)
        if self.tokenizer not in TOKENIZERS:
            bad("tokenizer", ", ".join(TOKENIZERS))


# ---------------------------------------------------------------- the model

class Word2Vec:
    """W (V, d) input embedding — the dictionary; W_prime (V, d) output matrix. float32."""

    def __init__(self, config: Config, words: list[str], counts: np.ndarray, W: torch.Tensor,
                 W_prime: torch.Tensor, tokenizer: str, corpus_name: str):
        self.config, self.words, self.counts = config, list(words), np.asarray(counts, dtype=np.int64)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.W, self.W_prime = W, W_prime                     # (V, d), (V, d)
        self.tokenizer, self.corpus_name = tokenizer, corpus_name
        self.snapshots: list[tuple[int, np.ndarray]] = []     # (words_done, copy of W)

    def __len__(self) -> int:
        return len(self.words)

    def vectors(self) -> np.ndarray:
        """W as a float32 numpy array (V, d)."""
        return self.W.detach().numpy().copy()

    def to_vectors(self):
        from core.vectors import Vectors

        return Vectors(list(self.words), self.vectors())

    def hidden(self, context_ids) -> torch.Tensor:
        """CBOW's hidden layer: the sum (or mean) of the context words' W rows. (d,)"""
        rows = self.W[torch.as_tensor(np.asarray(context_ids, dtype=np.int64))]   # (C, d)
        return rows.mean(0) if self.config.cbow_mean else rows.sum(0)

    def decode(self, h: torch.Tensor) -> torch.Tensor:
        """The output layer: softmax(W_prime @ h), one probability per vocabulary word. (V,)"""
        return torch.softmax(self.W_prime @ h, dim=0)


def build(corpus: Corpus, config: Config) -> Word2Vec:
    """A fresh model for this corpus, initialised as word2vec does: W uniform in ±0.5/d, W_prime zeros."""
    config.validate()
    V, d = len(corpus.vocab), config.dim
    g = torch.Generator().manual_seed(config.seed)
    W = (torch.rand(V, d, generator=g) - 0.5) / d                      # (V, d)
    W_prime = torch.zeros(V, d)                                        # (V, d)
    return Word2Vec(config, corpus.vocab.words, corpus.vocab.counts, W, W_prime,
                    corpus.tokenizer, corpus.name)


# ---------------------------------------------------------------- one mini-batch: forward and gradients

@dataclass
class Grads:
    """The gradient of one mini-batch's summed loss times `scale`, as row updates (train() passes
    scale = -alpha, so the updates are added as they are: index_add_ with alpha ≠ 1 is ~2.7× slower)."""
    W_rows: torch.Tensor            # (R,) rows of W
    W_grad: torch.Tensor            # (R, d)
    W_prime_rows: torch.Tensor | None   # (Q,) rows of W_prime; None = dense (full softmax)
    W_prime_grad: torch.Tensor      # (Q, d) or (V, d)
    examples: int                   # pairs (skip-gram) or centres (CBOW)
    scores: tuple                   # negative sampling: (s_pos, s_neg, weight of s_neg); softmax: (summed loss,)

    @property
    def loss(self) -> float:
        """The batch's summed loss."""
        return summed_loss([self.scores])


def summed_loss(scores: list[tuple]) -> float:
    """The summed loss of several batches, from their Grads.scores. Negative sampling: -Σ log σ(s_pos) - Σ weight·log σ(-s_neg)
    = Σ softplus(-s_pos) + Σ weight·softplus(s_neg), for all the batches at once: train() sums a chunk's
    losses in a few ops instead of a few per batch (each small op holds the GIL a few µs, which another
    training thread may be waiting for)."""
    total = sum(x[0] for x in scores if len(x) == 1)                      # full softmax: already summed
    ns = [x for x in scores if len(x) == 3]
    if ns:
        s_pos = torch.cat([x[0] for x in ns])                               # (ΣP,)
        s_neg = torch.cat([x[1] for x in ns])                               # (ΣN, S)
        weights = [x[2] for x in ns]
        if all(isinstance(w, float) for w in weights) and len(set(weights)) == 1:
            w = weights[0]                                                  # CBOW: k/S for every score
        else:                                                               # skip-gram: (N, 1) per batch
            w = torch.cat([torch.as_tensor(w).expand(len(x[1]), 1) for w, x in zip(weights, ns)])
        total += float(F.softplus(-s_pos).sum() + (F.softplus(s_neg) * w).sum())
    return total


def hidden_layer(W, batch: Batch, config: Config) -> torch.Tensor:
    """h for each window of a batch: CBOW sums (or averages) the context rows of W, skip-gram takes the
    centre's row. (N, d)"""
    if config.arch == "skipgram":
        return F.embedding(batch.centre, W)                                               # (N, d)
    return F.embedding_bag(batch.context, W, batch.offsets, mode="mean" if config.cbow_mean else "sum")


# The two functions below are written for few tensor ops per batch: with two training threads each op's
# Python overhead holds the GIL, so fewer, larger ops train faster (one gather for all output rows, F.linear
# for h @ u_neg.T, in-place scaling).

def skipgram_grads(W, W_prime, batch: Batch, negatives, k: int, scale: float = 1.0):
    """Skip-gram: the centre's vector h predicts every word of its bag (k/S-weighted shared negatives)."""
    P, S = len(batch.context), len(negatives)
    owner = _owner(batch)                                   # (P,) pair -> window
    h = F.embedding(batch.centre, W)                        # (N, d) hidden layer = W[centre]
    h_pair = F.embedding(owner, h)                          # (P, d)
    rows = torch.cat([batch.context, negatives])            # (P+S,) output rows: the true words, the negatives
    u_pos, u_neg = F.embedding(rows, W_prime).split([P, S])  # (P, d), (S, d) their output vectors
    s_pos = (h_pair * u_pos).sum(-1)                        # (P,) scores of the true words
    s_neg = F.linear(h, u_neg)                              # (N, S) scores of the negatives, once per window
    g_pos = torch.sigmoid(s_pos).sub_(1).mul_(scale)[:, None]   # dloss/ds_pos (P, 1)
    share = batch.sizes[:, None] * (k / S)                  # (N, 1) every pair of the window has these negatives
    g_neg = torch.sigmoid(s_neg).mul_(share).mul_(scale)    # dloss/ds_neg (N, S)
    grad_h = (g_neg @ u_neg).index_add_(0, owner, g_pos * u_pos)                      # (N, d)
    grad_u = torch.cat([g_pos * h_pair, g_neg.T @ h])                                 # (P+S, d)
    return Grads(batch.centre, grad_h, rows, grad_u, P, (s_pos, s_neg, share))


def cbow_grads(W, W_prime, batch: Batch, negatives, k: int, cbow_mean: bool, scale: float = 1.0):
    """CBOW: the sum (or mean) h of the bag's W rows predicts the centre (k/S-weighted shared negatives)."""
    N, S = len(batch.centre), len(negatives)
    h = F.embedding_bag(batch.context, W, batch.offsets, mode="mean" if cbow_mean else "sum")  # (N, d)
    rows = torch.cat([batch.centre, negatives])             # (N+S,) output rows: the centres, the negatives
    u_pos, u_neg = F.embedding(rows, W_prime).split([N, S])  # (N, d), (S, d)
    s_pos = (h * u_pos).sum(-1)                             # (N,)
    s_neg = F.linear(h, u_neg)                              # (N, S) = h @ u_neg.T
    g_pos = torch.sigmoid(s_pos).sub_(1).mul_(scale)[:, None]   # dloss/ds_pos (N, 1)
    g_neg = torch.sigmoid(s_neg).mul_(k / S * scale)        # dloss/ds_neg (N, S)
    grad_h = torch.addmm(g_pos * u_pos, g_neg, u_neg)       # (N, d)
    grad_u = torch.cat([g_pos * h, g_neg.T @ h])            # (N+S, d)
    return Grads(batch.context, _to_bags(grad_h, batch, cbow_mean), rows, grad_u, N, (s_pos, s_neg, k / S))


def softmax_grads(W, W_prime, batch: Batch, config: Config, scale: float = 1.0):
    """Exact output layer: loss = Σ -log softmax(W_prime @ h)[target] over the batch's examples."""
    h = hidden_layer(W, batch, config)                                                # (N, d)
    if config.arch == "skipgram":      # one example per (centre, context) pair
        owner = _owner(batch)                                                          # (P,)
        h, target = F.embedding(owner, h), batch.context                               # (P, d), (P,)
    else:
        target = batch.centre                                                          # (N,)
    log_probs = torch.log_softmax(h @ W_prime.T, dim=1)     # (B, V)
    g = log_probs.exp()                                     # dloss/dscores = probs - one_hot (B, V)
    g[torch.arange(len(target)), target] -= 1
    loss = float(-log_probs.gather(1, target[:, None]).sum())
    g *= scale
    grad_h = g @ W_prime                                    # (B, d)
    if config.arch == "skipgram":
        W_rows, W_grad = batch.centre, torch.zeros(len(batch.centre), h.shape[1], dtype=h.dtype).index_add_(
            0, owner, grad_h)
    else:
        W_rows, W_grad = batch.context, _to_bags(grad_h, batch, config.cbow_mean)
    return Grads(W_rows, W_grad, None, g.T @ h, len(target), (loss,))              # W_prime grad: (V, d)


def _to_bags(grad_h, batch: Batch, cbow_mean: bool):
    """CBOW: every context word of a bag receives the bag's grad_h (÷ bag size for the mean). (P, d)"""
    if cbow_mean:
        grad_h = grad_h / batch.sizes[:, None]
    return grad_h.index_select(0, _owner(batch))     # 3× faster than grad_h.repeat_interleave(sizes, dim=0)


def _owner(batch: Batch) -> torch.Tensor:
    """The window of each context word (as the batch builder gives it, or from the bag sizes). (P,)"""
    if batch.owner is not None:
        return batch.owner
    return torch.repeat_interleave(torch.arange(len(batch.sizes)), batch.sizes)


def batch_grads(W, W_prime, batch: Batch, negatives, config: Config, scale: float = 1.0) -> Grads:
    """Forward one mini-batch through the network and write out its gradients (times `scale`)."""
    if config.softmax:
        return softmax_grads(W, W_prime, batch, config, scale)
    if config.arch == "skipgram":
        return skipgram_grads(W, W_prime, batch, negatives, config.negative, scale)
    return cbow_grads(W, W_prime, batch, negatives, config.negative, config.cbow_mean, scale)


def apply(W, W_prime, g: Grads) -> None:
    """Add one batch's update (its gradients already scaled by -alpha) to W and W_prime."""
    W.index_add_(0, g.W_rows, g.W_grad)
    if g.W_prime_rows is None:
        W_prime.add_(g.W_prime_grad)
    else:
        W_prime.index_add_(0, g.W_prime_rows, g.W_prime_grad)


# ---------------------------------------------------------------- training

@dataclass
class Progress:
    epoch: int              # 1-based
    epochs: int
    step: int               # mini-batches done
    words_done: int         # corpus tokens processed (all epochs)
    total_words: int        # epochs × corpus tokens
    loss: float             # mean loss per example over the interval since the last event
    epoch_loss: float       # mean loss per example so far this epoch
    alpha: float            # current learning rate
    words_per_sec: float
    seconds: float          # training time so far (paused time not counted)
    done: bool


def batch_size(counts: np.ndarray, keep_prob: np.ndarray | None, window: int, repeats: int) -> int:
    """Examples per mini-batch. A batch's updates are computed from the same parameters and summed, so a
    word occurring n times in a batch takes an n-fold step; small vocabularies need small batches."""
    kept = counts * keep_prob if keep_prob is not None else counts.astype(np.float64)
    p_max = kept.max() / kept.sum()                     # the most frequent word's share of the tokens
    bag = window + 1                                    # mean bag size with word2vec's shrunk windows
    return int(np.clip(repeats / (p_max * bag), 16, BATCH))


class _Epoch:
    """One epoch, shared by the training threads. A thread takes the next chunk of sentences, builds its
    mini-batches (numpy) and trains them, adding each update to W and W_prime at once, without locks
    (hogwild, as word2vec.c and gensim do): a batch may miss the update of a batch trained at the same
    moment, and a rare lost add is harmless to SGD. Every chunk has its own random stream (subsampling,
    windows, negatives), so the examples do not depend on which thread trains them."""

    def __init__(self, model: Word2Vec, corpus: Corpus, epoch: int, keep_prob: np.ndarray | None, size: int,
                 table: torch.Tensor, steps: int, words_done: int, total: int):
        self.model, self.corpus, self.epoch, self.keep_prob, self.size = model, corpus, epoch, keep_prob, size
        self.table, self.S = table, min(SHARED_NEGATIVES[model.config.arch], len(table))
        self.steps, self.words_done, self.total = steps, words_done, total
        self.snap_every = total / (SNAPSHOTS - 1)
        self.chunks = chunks(corpus.starts)
        self.next_chunk = 0
        self.failed = False
        self.lock = threading.Lock()
        self.loss, self.examples = 0.0, 0

    @property
    def finished(self) -> bool:
        return self.next_chunk == len(self.chunks)

    def alpha(self) -> float:
        cfg = self.model.config
        return max(cfg.min_alpha, cfg.alpha - (cfg.alpha - cfg.min_alpha) * self.words_done / self.total)

    def work(self, deadline: float) -> None:
        """Train chunk after chunk until none is left or, after at least one chunk, the clock
        (time.perf_counter) passes `deadline`."""
        model, cfg, corpus = self.model, self.model.config, self.corpus
        loss, examples, first = 0.0, 0, True
        try:
            while True:
                with self.lock:
                    if self.failed or self.finished or (not first and time.perf_counter() >= deadline):
                        break
                    i = self.next_chunk
                    self.next_chunk += 1
                first = False
                rng = np.random.default_rng([cfg.seed, self.epoch, i])
                batches = chunk_batches(corpus.ids, corpus.starts, *self.chunks[i], self.keep_prob, cfg.window,
                                        self.size, rng)
                draws = torch.from_numpy(rng.integers(len(self.table), size=(len(batches), self.S)))
                scores, n = [], 0           # kept for the chunk's loss (not the Grads: they are large)
                for batch, negatives in zip(batches, self.table[draws]):            # negatives: (S,)
                    with self.lock:
                        if self.words_done >= len(model.snapshots) * self.snap_every:     # the training film
                            model.snapshots.append((self.words_done, model.W[:SNAPSHOT_ROWS].numpy().copy()))
                        alpha = self.alpha()
                        self.words_done += batch.words
                        self.steps += 1
                    # scaled by -alpha here: index_add_ with alpha ≠ 1 is ~2.7× slower
                    g = batch_grads(model.W, model.W_prime, batch, negatives, cfg, -alpha)
                    apply(model.W, model.W_prime, g)
                    scores.append(g.scores)
                    n += g.examples
                loss, examples = loss + summed_loss(scores), examples + n     # for the whole chunk at once
        except BaseException:
            self.failed = True              # the other threads stop after their chunk
            raise
        finally:
            with self.lock:
                self.loss, self.examples = self.loss + loss, self.examples + examples

    def take_loss(self) -> tuple[float, int]:
        """(summed loss, examples) since the last call."""
        out = self.loss, self.examples
        self.loss, self.examples = 0.0, 0
        return out


def train(model: Word2Vec, corpus: Corpus, report_every: float = 0.25) -> Iterator[Progress]:
    """Train in mini-batches, yielding a Progress roughly every `report_every` seconds and at each
    epoch end (the last one has done=True). Pause by not calling next(); stop with .close().
    Between yields the model is always complete: every thread has finished its chunk."""
    cfg = model.config
    cfg.validate()
    n_tokens = len(corpus.ids)
    total = cfg.epochs * n_tokens
    keep_prob = keep_probabilities(corpus.vocab.counts, cfg.sample) if cfg.sample > 0 else None
    size = batch_size(corpus.vocab.counts, keep_prob, cfg.window, REPEATS[cfg.arch])
    table = unigram_table(model.counts)
    # helper threads compute on one OpenMP thread each (torch and numpy release the GIL inside their ops)
    pool = ThreadPoolExecutor(cfg.threads - 1, initializer=torch.set_num_threads, initargs=(1,)) \
        if cfg.threads > 1 else None
    model.snapshots = [(0, model.W[:SNAPSHOT_ROWS].numpy().copy())]
    steps, words_done, seconds = 0, 0, 0.0
    prev_threads = torch.get_num_threads()
    try:
        for epoch in range(cfg.epochs):
            run = _Epoch(model, corpus, epoch, keep_prob, size, table, steps, words_done, total)
            epoch_loss, epoch_n = 0.0, 0
            while not run.finished:
                t0 = time.perf_counter()
                torch.set_num_threads(1)
                helpers = [pool.submit(run.work, t0 + report_every) for _ in range(cfg.threads - 1)]
                try:
                    run.work(t0 + report_every)
                finally:
                    for f in helpers:
                        f.result()
                    torch.set_num_threads(prev_threads)
                seconds += time.perf_counter() - t0
                loss, n = run.take_loss()
                epoch_loss, epoch_n = epoch_loss + loss, epoch_n + n
                if not run.finished:
                    yield Progress(epoch + 1, cfg.epochs, run.steps, run.words_done, total, loss / max(n, 1),
                                   epoch_loss / max(epoch_n, 1), run.alpha(), run.words_done / max(seconds, 1e-9),
                                   seconds, False)
            steps, words_done = run.steps, (epoch + 1) * n_tokens   # chunks without any window still count as read
            run.words_done = words_done
            done = epoch + 1 == cfg.epochs
            if done and model.snapshots[-1][0] != words_done:
                model.snapshots.append((words_done, model.W[:SNAPSHOT_ROWS].numpy().copy()))
            yield Progress(epoch + 1, cfg.epochs, steps, words_done, total,
                           loss / n if n else epoch_loss / max(epoch_n, 1), epoch_loss / max(epoch_n, 1),
                           run.alpha(), words_done / max(seconds, 1e-9), seconds, done)
    finally:
        torch.set_num_threads(prev_threads)
        if pool is not None:
            pool.shutdown()


def train_all(model: Word2Vec, corpus: Corpus) -> Progress:
    """Run train() to the end; returns the last Progress."""
    last = None
    for last in train(model, corpus, report_every=float("inf")):
        pass
    return last


# ---------------------------------------------------------------- one example, step by step

@dataclass
class StepResult:
    centre: int                     # vocabulary id of the centre word
    context: list[int]              # vocabulary ids of the context words (window order)
    window_tokens: list[str]        # the window's words, centre included, in sentence order
    blank: list[int]                # positions in window_tokens hidden from the model
    context_vectors: np.ndarray     # (C, d) the context words' W rows (before the update)
    hidden: np.ndarray              # (d,) CBOW: their sum (or mean); skip-gram: W[centre]
    probs: np.ndarray               # (V,) softmax(W_prime @ hidden) before the update
    loss: float                     # this example's loss (as trained: softmax or negative sampling)
    negatives: list[int]            # negative words drawn (empty for softmax)
    changed_W: list[int]            # rows of W the update changed
    changed_W_prime: list[int]      # rows of W_prime the update changed


def _table(model: Word2Vec) -> np.ndarray:
    """The model's unigram^0.75 table, made once."""
    if getattr(model, "_unigram", None) is None:
        model._unigram = unigram_table(model.counts).numpy()
    return model._unigram


def step(model: Word2Vec, corpus: Corpus, rng: np.random.Generator, alpha: float | None = None) -> StepResult:
    """Draw one window from the corpus (no subsampling), train on it once, and show everything.
    It is exactly one mini-batch of train(): CBOW predicts the centre from the context sum; skip-gram
    predicts each context word from the centre (its k negatives shared by the window's pairs)."""
    cfg = model.config
    alpha = cfg.alpha if alpha is None else alpha
    starts = corpus.starts
    lengths = np.diff(starts)
    usable = np.flatnonzero(lengths >= 2)
    if len(usable) == 0:
        raise LabError("corpus_too_short", "No sentence has two or more known words.")
    s = int(rng.choice(usable))
    i = int(rng.integers(starts[s], starts[s + 1]))                  # centre position
    b = int(rng.integers(1, cfg.window + 1))                         # word2vec's shrunk window
    lo, hi = max(int(starts[s]), i - b), min(int(starts[s + 1]), i + b + 1)
    ids = corpus.ids[lo:hi].astype(np.int64)
    c = i - lo
    centre, context = int(ids[c]), [int(x) for j, x in enumerate(ids) if j != c]
    context_t = torch.tensor(context)
    batch = Batch(torch.tensor([centre]), context_t, torch.tensor([0]), torch.tensor([len(context)]), len(ids))
    blank = [c] if cfg.arch == "cbow" else [j for j in range(len(ids)) if j != c]
    if cfg.softmax:
        negatives = []
    else:
        table = _table(model)
        negatives = table[rng.integers(0, len(table), cfg.negative)].tolist()
    W0, W_prime0 = model.W.clone(), model.W_prime.clone()
    h = hidden_layer(model.W, batch, cfg)[0]                                # (d,)
    probs = model.decode(h)                                                           # (V,)
    g = batch_grads(model.W, model.W_prime, batch, torch.tensor(negatives, dtype=torch.int64), cfg, -alpha)
    apply(model.W, model.W_prime, g)
    return StepResult(
        centre=centre, context=context, window_tokens=[model.words[x] for x in ids], blank=blank,
        context_vectors=W0[context_t].numpy(), hidden=h.numpy().copy(), probs=probs.numpy(),
        loss=g.loss, negatives=negatives,
        changed_W=torch.nonzero((model.W != W0).any(1)).flatten().tolist(),
        changed_W_prime=torch.nonzero((model.W_prime != W_prime0).any(1)).flatten().tolist())
