"""word2vec in PyTorch: CBOW and skip-gram as the lecture draws them (C5, C9–C11), trained in mini-batches.

The network has one hidden layer, no bias and no activation:

    h      = sum of W[context]   (CBOW: the context vectors add up like forces, C6)
           = W[centre]           (skip-gram: the centre word's vector)
    scores = W_prime @ h         (decode: one score per vocabulary word)
    loss   = cross-entropy of softmax(scores) against the blanked word(s)

W (V×d) is the embedding we are after (C3: "the dictionary"); W_prime (V×d) is the output matrix
(the lecture's d×V W′ is W_prime.T). Two output layers: the exact full softmax (small vocabularies, the
lecture's picture) and negative sampling, where the V-way softmax is replaced by "is this the true word (1) or
one of k random words (0)?" with sigmoids; k words are drawn per window from the unigram^0.75 table, and a
draw of the true word is skipped, as in word2vec's C code and gensim.

The specification is core.word2vec_reference: plain SGD, one example at a time, in a few dozen lines. This
module takes the same steps in mini-batches (tests/test_word2vec_reference.py checks the two against each
other), with three choices that keep it equal to the reference (as long as the trust region does not bind) and
to gensim, and stable on any text:

- Skip-gram is looped as word2vec's C code and gensim loop it: each context word's vector predicts the
  centre. Over a sentence these are the same (input, output) pairs as the centre predicting each context word,
  with the same probabilities, so the expected update is the reference's; the window's k negatives are then
  shared by its context words, each with its own h, as a matrix multiply per window.
- CBOW: h takes one SGD step, shared by the C words it is made of (1/C each for the sum, all of it for the
  mean: h moves by exactly one step either way), as gensim does; the exact gradient of the sum would move h
  C times as far.
- The trust region. A mini-batch computes its examples' steps from the same parameters and adds them up, so
  a word that n examples touch takes n steps at once, none of which saw the others. Sequential SGD would
  see its scores move and its sigmoids saturate; an n-fold sum can overshoot, and on text without one
  dominant word it diverged. So each row r of W or W_prime takes its summed step times 1 / max(1, alpha·L_r),
  where L_r bounds the curvature of the row's share of the batch loss wherever the step leads: a sigmoid's
  slope is at most 1/4, so L_r = 1/4 · Σ over the row's examples of |x|² (x: the vector the row is
  multiplied by in that example); for the full softmax, a bound that holds while no score moves by more than
  SCORE_STEP (see softmax_update), which the cap also enforces. By the descent lemma a step of at most 1/L_r
  along the row's gradient cannot raise the row's share of the batch loss, whatever the batch, the corpus or
  the word frequencies (for CBOW each context word takes h's whole bound, so h's step is capped too). A row
  takes the plain SGD step while alpha·L_r ≤ 1 — for one example at the default alpha, unless its vectors are
  long (negative sampling: |u|² beyond ~27 for k = 5); the cap only ever shrinks a step. trust_step()
  applies it; tests/test_word2vec.py checks it on an adversarial batch and on corpora it was not tuned on.

Batches hold IN_FLIGHT examples at most (computed from the same parameters, over all threads): larger ones
train faster but agree less with sequential SGD (see bench/RESULTS.md). A training thread takes a chunk of
sentences, builds its batches with numpy and trains them. With threads > 1 the threads train "hogwild", as
word2vec's C code and gensim do: each adds its updates to the shared W and W_prime at once, without locks;
not reproducible bit for bit, while one thread (the app's setting) is: the same seed gives the same vectors.

Divergence is an error, never an output: if the loss or a parameter becomes non-finite, or the loss grows
far beyond its first report, train() raises LabError("diverged") and the model must not be used.
"""

from __future__ import annotations

import math
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

IN_FLIGHT = 256            # examples computed from the same parameters at once, over all threads (see below)
IN_FLIGHT_SOFTMAX = 64     # the full softmax's trust region is stricter: smaller batches, more steps
SCORE_STEP = 0.5           # full softmax: no score moves by more than this in one step (see softmax_update)
DIVERGED = 10.0            # a mean loss per example this many times the first report's means divergence
SNAPSHOTS = 30             # copies of W kept per run for the training film (initial one included)
SNAPSHOT_ROWS = 1000       # snapshots keep the most frequent rows only: the film draws at most 1,000 words
SOFTMAX_MAX_VOCAB = 5000   # the exact softmax costs V·d per example: beyond this, negative sampling
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
        """The hidden layer: the sum (or mean) of these words' W rows (skip-gram: just [centre]). (d,)"""
        rows = self.W[torch.as_tensor(np.asarray(context_ids, dtype=np.int64))]   # (C, d)
        return rows.mean(0) if self.config.cbow_mean else rows.sum(0)

    def decode(self, h: torch.Tensor) -> torch.Tensor:
        """The output layer: softmax(W_prime @ h), one probability per vocabulary word. (V,)"""
        return torch.softmax(self.W_prime @ h, dim=0)


def build(corpus: Corpus, config: Config) -> Word2Vec:
    """A fresh model for this corpus, initialised as gensim 4 does: W uniform in ±1/d, W_prime zeros (word2vec's
    C code draws W in ±0.5/d; with it our neighbourhoods agreed less with gensim's: 0.36 vs 0.41 on one corpus)."""
    config.validate()
    if not (np.diff(corpus.starts) >= 2).any():   # no window would have a context: nothing to learn
        raise LabError("corpus_too_short", "No sentence has two or more known words.")
    if len(corpus.vocab) < 2:
        raise LabError("vocab_too_small", "The vocabulary has one word: there is nothing to tell apart.")
    V, d = len(corpus.vocab), config.dim
    if config.softmax and V > SOFTMAX_MAX_VOCAB:
        raise LabError("softmax_vocab", f"The exact softmax is limited to {SOFTMAX_MAX_VOCAB:,} words (this vocabulary "
                       f"has {V:,}): use negative sampling, or raise min_count.", limit=SOFTMAX_MAX_VOCAB, vocab=V)
    g = torch.Generator().manual_seed(config.seed)
    W = (torch.rand(V, d, generator=g) * 2 - 1) / d                    # (V, d)
    W_prime = torch.zeros(V, d)                                        # (V, d)
    return Word2Vec(config, corpus.vocab.words, corpus.vocab.counts, W, W_prime,
                    corpus.tokenizer, corpus.name)


# ---------------------------------------------------------------- one mini-batch: forward and update

@dataclass
class Scores:
    """What a batch's loss is computed from (kept per chunk instead of the whole Update: it is small).
    Negative sampling: scores (..., 1+k), column 0 the true word's, then the negatives'; weight (..., 1+k) how
    many examples each score stands for (0: a skipped draw or an empty grid cell)."""
    s: torch.Tensor | None = None
    weight: torch.Tensor | None = None
    softmax_loss: float = 0.0               # full softmax: the batch's summed loss, already computed


@dataclass
class Update:
    """One mini-batch's SGD step, as row updates to add (apply()): -alpha × the gradient of its summed loss,
    each row's step capped by the trust region (see the module docstring)."""
    W_rows: torch.Tensor                # (R,) rows of W (may repeat: their steps add up)
    W_step: torch.Tensor                # (R, d)
    W_prime_rows: torch.Tensor | None   # (Q,) rows of W_prime; None = every row (full softmax)
    W_prime_step: torch.Tensor          # (Q, d) or (V, d)
    examples: int                       # pairs (skip-gram) or centres (CBOW)
    scores: Scores

    @property
    def loss(self) -> float:
        """The batch's summed loss, before the step."""
        return summed_loss([self.scores])


def summed_loss(scores: list[Scores]) -> float:
    """The summed loss of several batches: Σ weight·softplus(-s_true) + Σ weight·softplus(s_negative)
    (= -log σ(s_true) - log σ(-s_negative)), or the softmax's cross-entropy. Computed for a whole chunk at
    once: each small op holds the GIL that another training thread may be waiting for."""
    total = sum(x.softmax_loss for x in scores)
    ns = [x for x in scores if x.s is not None]
    if ns:
        s = torch.cat([x.s.reshape(-1, x.s.shape[-1]) for x in ns])                 # (M, 1+k)
        w = torch.cat([x.weight.reshape(-1, x.s.shape[-1]) for x in ns])            # (M, 1+k)
        s[:, 0].neg_()                                                              # softplus(-s) for the true word
        total += float((F.softplus(s) * w).sum())
    return total


def _sq(x: torch.Tensor) -> torch.Tensor:
    """Squared norms along the last axis."""
    return (x * x).sum(-1)


def trust_step(rows: torch.Tensor, grad: torch.Tensor, curvature: torch.Tensor, alpha: float, V: int):
    """The trust region: -alpha × grad per occurrence of a row, scaled by 1 / max(1, alpha·L_row), where L_row
    sums `curvature` (a bound on each example's second derivative along the row) over the row's occurrences
    in the batch. So a row's step is the plain SGD sum, except where the sum of same-parameter steps could
    overshoot: there it becomes a step of 1/L_row, which cannot raise the row's batch loss. (R, d)"""
    L = torch.zeros(V, dtype=curvature.dtype).index_add_(0, rows, curvature)[rows]     # (R,)
    return grad.mul_((L.mul_(alpha).clamp_(min=1.0).reciprocal_().mul_(-alpha))[:, None])


# The functions below are written for few tensor ops per batch: with two training threads each op's Python
# overhead holds the GIL, so fewer, larger ops train faster.

def _outputs(batch: Batch, negatives, dtype):
    """Each window's output rows — its centre, then its k negatives — and their weights: 1, except 0 for a
    negative that is the centre itself (skipped, as word2vec does). (N, 1+k), (N, 1+k)"""
    out = torch.cat([batch.centre[:, None], negatives], 1)
    weight = (out != batch.centre[:, None]).to(dtype)
    weight[:, 0] = 1
    return out, weight


def skipgram_update(W, W_prime, batch: Batch, negatives, alpha: float) -> Update:
    """Skip-gram, looped as word2vec's C code and gensim loop it: each context word's vector predicts the centre
    (over a corpus the same pairs as the centre predicting each context word), against the k negatives drawn
    for the window, which all its context words share."""
    V, d = W.shape
    grid, mask, cells = _grid(batch)                        # (N, G) bags (0 where empty), (N, G) 1/0, (P,)
    out, weight = _outputs(batch, negatives, W.dtype)       # (N, 1+k), (N, 1+k)
    h = F.embedding(grid, W).mul_(mask[..., None])          # (N, G, d) one hidden layer per context word
    u = F.embedding(out, W_prime)                           # (N, 1+k, d)
    s = torch.bmm(h, u.transpose(1, 2))                     # (N, G, 1+k) scores
    weights = weight[:, None, :] * mask[..., None]          # (N, G, 1+k)
    g = torch.sigmoid(s)                                    # dloss/ds = σ(s) - label
    g[..., 0] -= 1
    g.mul_(weights)
    grad_h = torch.bmm(g, u).view(-1, d).index_select(0, cells)                        # (P, d)
    grad_u = torch.bmm(g.transpose(1, 2), h).view(-1, d)                               # (N·(1+k), d)
    # curvature bounds: σ' ≤ 1/4 times the squared norm of what the row is multiplied by
    curv_h = (weight * _sq(u)).sum(1).div_(4).index_select(0, _owner(batch))           # (P,)
    curv_u = (weight * _sq(h).sum(1, keepdim=True)).div_(4).view(-1)                   # (N·(1+k),)
    rows = out.view(-1)
    return Update(batch.context, trust_step(batch.context, grad_h, curv_h, alpha, V),
                  rows, trust_step(rows, grad_u, curv_u, alpha, V), len(cells), Scores(s, weights))


def cbow_update(W, W_prime, batch: Batch, negatives, alpha: float, cbow_mean: bool) -> Update:
    """CBOW: the sum (or mean) h of the bag's W rows predicts the centre against the window's k negatives."""
    V, d = W.shape
    h = F.embedding_bag(batch.context, W, batch.offsets, mode="mean" if cbow_mean else "sum")  # (N, d)
    out, weight = _outputs(batch, negatives, W.dtype)       # (N, 1+k), (N, 1+k)
    u = F.embedding(out, W_prime)                           # (N, 1+k, d)
    s = torch.bmm(u, h[:, :, None])[..., 0]                 # (N, 1+k) scores
    g = torch.sigmoid(s)                                    # dloss/ds = σ(s) - label
    g[:, 0] -= 1
    g.mul_(weight)
    grad_h = torch.bmm(g[:, None, :], u)[:, 0]              # (N, d)
    grad_u = (g[..., None] * h[:, None]).view(-1, d)        # (N·(1+k), d)
    curv_u = (weight * _sq(h)[:, None]).div_(4).view(-1)    # (N·(1+k),)
    curv_h = (weight * _sq(u)).sum(1).div_(4)               # (N,)
    grad_W, curv_W = _to_bags(grad_h, curv_h, batch, cbow_mean)
    rows = out.view(-1)
    return Update(batch.context, trust_step(batch.context, grad_W, curv_W, alpha, V),
                  rows, trust_step(rows, grad_u, curv_u, alpha, V), len(h), Scores(s, weight))


def softmax_update(W, W_prime, batch: Batch, config: Config, alpha: float) -> Update:
    """Exact output layer: loss = Σ -log softmax(W_prime @ h)[target] over the batch's examples (skip-gram:
    each context word's vector predicts the centre, as in skipgram_update)."""
    V, d = W.shape
    if config.arch == "skipgram":      # one example per (context word, centre) pair
        h = F.embedding(batch.context, W)                                              # (P, d)
        target = F.embedding(_owner(batch), batch.centre[:, None])[:, 0]              # (P,)
    else:
        h = F.embedding_bag(batch.context, W, batch.offsets, mode="mean" if config.cbow_mean else "sum")  # (N, d)
        target = batch.centre                                                          # (N,)
    log_probs = torch.log_softmax(h @ W_prime.T, dim=1)     # (B, V)
    probs = log_probs.exp()                                 # (B, V)
    g = probs.clone()                                       # dloss/dscores = probs - one_hot (B, V)
    g[torch.arange(len(target)), target] -= 1
    loss = float(-log_probs.gather(1, target[:, None]).sum())
    grad_h = g @ W_prime                                    # (B, d)
    # Curvature bounds: while no score moves by more than SCORE_STEP, no probability grows by more than
    # e^(2·SCORE_STEP), and a softmax's second-order term is at most Σ_j p_j X_j² (X_j: the change of score
    # j), so Σ_i p_ij |h_i|² along output row j and Σ_j p_j |W_prime[j]|² along h, times e^(2·SCORE_STEP).
    # The second term keeps every score's change within SCORE_STEP: |step| ≤ SCORE_STEP / (|grad|·max|x|).
    grad_u = g.T @ h                                                                   # (V, d)
    grow = math.exp(2 * SCORE_STEP)
    curv_u = grow * (probs.T @ _sq(h)) + grad_u.norm(dim=1) * _sq(h).max().sqrt() / SCORE_STEP      # (V,)
    curv_h = grow * (probs @ _sq(W_prime)) + grad_h.norm(dim=1) * _sq(W_prime).max().sqrt() / SCORE_STEP  # (B,)
    if config.arch == "skipgram":
        grad_W, curv_W = grad_h, curv_h
    else:
        grad_W, curv_W = _to_bags(grad_h, curv_h, batch, config.cbow_mean)
    W_prime_step = trust_step(torch.arange(V), grad_u, curv_u, alpha, V)               # (V, d)
    return Update(batch.context, trust_step(batch.context, grad_W, curv_W, alpha, V), None, W_prime_step,
                  len(target), Scores(softmax_loss=loss))


def _to_bags(grad_h, curv_h, batch: Batch, cbow_mean: bool):
    """CBOW: h takes one SGD step, shared by the words it is made of: each context word moves by 1/C of h's
    step when h is their sum (C words), by all of it when h is their mean — as gensim does (cbow_mean=0/1);
    the exact gradient of the sum would move h C times as far. Each word also takes h's whole curvature
    bound, so that the trust region caps h's step as well as the word's. (P, d), (P,)"""
    if not cbow_mean:
        grad_h = grad_h / batch.sizes[:, None]
    owner = _owner(batch)
    return grad_h.index_select(0, owner), curv_h.index_select(0, owner)


def _grid(batch: Batch):
    """The bags as rows of a (N, G) grid (0 where a bag is shorter), its 1/0 mask, and the flat grid cell of
    each context word (P,) — as the batch builder gives them, or built."""
    if batch.grid is not None:
        return batch.grid, batch.mask, batch.cells
    owner = _owner(batch)
    G = int(batch.sizes.max())
    cells = owner * G + torch.arange(len(owner)) - batch.offsets[owner]
    grid = torch.zeros(len(batch.sizes) * G, dtype=torch.int64).index_copy_(0, cells, batch.context)
    mask = torch.zeros(len(batch.sizes) * G).index_fill_(0, cells, 1)
    return grid.view(-1, G), mask.view(-1, G), cells


def _owner(batch: Batch) -> torch.Tensor:
    """The window of each context word (as the batch builder gives it, or from the bag sizes). (P,)"""
    if batch.owner is not None:
        return batch.owner
    return torch.repeat_interleave(torch.arange(len(batch.sizes)), batch.sizes)


def batch_update(W, W_prime, batch: Batch, negatives, config: Config, alpha: float) -> Update:
    """Forward one mini-batch through the network and compute its SGD step at learning rate alpha.
    negatives: (N, k) word ids drawn for each window (unused by the full softmax)."""
    if config.softmax:
        return softmax_update(W, W_prime, batch, config, alpha)
    if config.arch == "skipgram":
        return skipgram_update(W, W_prime, batch, negatives, alpha)
    return cbow_update(W, W_prime, batch, negatives, alpha, config.cbow_mean)


def apply(W, W_prime, u: Update) -> None:
    """Add one batch's step to W and W_prime."""
    W.index_add_(0, u.W_rows, u.W_step)
    if u.W_prime_rows is None:
        W_prime.add_(u.W_prime_step)
    else:
        W_prime.index_add_(0, u.W_prime_rows, u.W_prime_step)


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


class _Epoch:
    """One epoch, shared by the training threads. A thread takes the next chunk of sentences, builds its
    mini-batches (numpy) and trains them, adding each update to W and W_prime at once, without locks
    (hogwild, as word2vec.c and gensim do): a batch may miss the update of a batch trained at the same
    moment, and a rare lost add is harmless to SGD. Every chunk has its own random stream (subsampling,
    windows, negatives), so the examples do not depend on which thread trains them."""

    def __init__(self, model: Word2Vec, corpus: Corpus, epoch: int, keep_prob: np.ndarray | None,
                 table: torch.Tensor, steps: int, words_done: int, total: int):
        self.model, self.corpus, self.epoch, self.keep_prob = model, corpus, epoch, keep_prob
        self.table = table
        cfg = model.config
        per_window = 1 if cfg.arch == "cbow" else cfg.window + 1    # examples per window (mean bag size)
        in_flight = IN_FLIGHT_SOFTMAX if cfg.softmax else IN_FLIGHT
        self.batch = max(1, in_flight // per_window // cfg.threads)     # windows per mini-batch
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
                                        self.batch, rng)
                windows = [len(b.centre) for b in batches]
                draws = torch.from_numpy(rng.integers(len(self.table), size=(sum(windows), cfg.negative)))
                scores, n = [], 0           # kept for the chunk's loss (not the Updates: they are large)
                for batch, negatives in zip(batches, self.table[draws].split(windows)):   # negatives: (N, k)
                    with self.lock:
                        if self.words_done >= len(model.snapshots) * self.snap_every:     # the training film
                            model.snapshots.append((self.words_done, model.W[:SNAPSHOT_ROWS].numpy().copy()))
                        alpha = self.alpha()
                        self.words_done += batch.words
                        self.steps += 1
                    u = batch_update(model.W, model.W_prime, batch, negatives, cfg, alpha)
                    apply(model.W, model.W_prime, u)
                    scores.append(u.scores)
                    n += u.examples
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
    table = unigram_table(model.counts)
    # helper threads compute on one OpenMP thread each (torch and numpy release the GIL inside their ops)
    pool = ThreadPoolExecutor(cfg.threads - 1, initializer=torch.set_num_threads, initargs=(1,)) \
        if cfg.threads > 1 else None
    model.snapshots = [(0, model.W[:SNAPSHOT_ROWS].numpy().copy())]
    steps, words_done, seconds, first_loss = 0, 0, 0.0, None
    prev_threads = torch.get_num_threads()
    try:
        for epoch in range(cfg.epochs):
            run = _Epoch(model, corpus, epoch, keep_prob, table, steps, words_done, total)
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
                first_loss = _check_finite(model, loss, n, first_loss)
                epoch_loss, epoch_n = epoch_loss + loss, epoch_n + n
                if not run.finished:
                    yield Progress(epoch + 1, cfg.epochs, run.steps, run.words_done, total, loss / max(n, 1),
                                   epoch_loss / max(epoch_n, 1), run.alpha(), run.words_done / max(seconds, 1e-9),
                                   seconds, False)
            if epoch_n == 0:    # e.g. subsampling dropped every occurrence of a tiny corpus's words
                raise LabError("no_windows", "Not one training window survived subsampling: lower sample.")
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


def _check_finite(model: Word2Vec, loss: float, n: int, first_loss: float | None) -> float | None:
    """Raise LabError "diverged" if the loss or a parameter is not finite, or the mean loss per example
    exceeds DIVERGED × the first report's. Returns the first report's mean loss (None before it)."""
    mean = loss / n if n else None
    finite = np.isfinite(loss) and bool(torch.isfinite(model.W).all() and torch.isfinite(model.W_prime).all())
    if not finite or (mean is not None and first_loss is not None and mean > DIVERGED * first_loss):
        raise LabError("diverged", "Training diverged (the loss grew without bound); the vectors are not usable. "
                       "Lower the learning rate alpha.")
    return first_loss if first_loss is not None else mean


def train_all(model: Word2Vec, corpus: Corpus) -> Progress:
    """Run train() to the end; returns the last Progress."""
    last = None
    for last in train(model, corpus, report_every=float("inf")):
        pass
    return last
