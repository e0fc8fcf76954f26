"""word2vec: CBOW and skip-gram as the lecture draws them (C5, C9–C11), trained one example at a time.

The network has one hidden layer, no bias and no activation:

    h      = sum of W[context]   (CBOW: the context vectors add up like forces, C6)
           = W[centre]           (skip-gram: the centre word's vector)
    scores = W_prime @ h         (decode: one score per vocabulary word)
    loss   = cross-entropy of softmax(scores) against the blanked word(s)

W (V×d) is the embedding we are after (C3: "the dictionary"); W_prime (V×d) is the output matrix
(the lecture's d×V W′ is W_prime.T). Two output layers: the exact full softmax (small vocabularies, the
lecture's picture) and negative sampling, where the V-way softmax is replaced by "is this the true word (1) or
one of k random words (0)?" with sigmoids; k words are drawn from the unigram^0.75 table per example (each
(centre, context) pair of skip-gram, each window of CBOW), and a draw of the true word is skipped, as in
word2vec's C code and gensim.

The specification is core.word2vec_reference: plain SGD, one example at a time, in a few dozen lines. This
module runs the same SGD, compiled (core.w2v_kernel, numba), one example at a time as word2vec's C code and
gensim do, in place on W and W_prime; tests/test_w2v_kernel.py checks that it takes the reference's steps. Two
choices, both gensim's:

- Skip-gram is looped as word2vec's C code and gensim loop it: each context word's vector predicts the
  centre, against k negatives of its own. Over a sentence these are the same (input, output) pairs as the
  centre predicting each context word, with the same probabilities and draws, so the expected update is the
  reference's (tests/test_word2vec_reference.py checks the expected step).
- CBOW: h takes one SGD step, shared by the C words it is made of (1/C each for the sum, all of it for the
  mean: h moves by exactly one step either way), as gensim does; the exact gradient of the sum would move h
  C times as far.

Sequential SGD needs no safeguard against many same-parameter steps adding up (the mini-batch trainer of
30 Nov 2026 needed a trust region per row for that; bench/RESULTS.md). An epoch is cut into chunks of whole
sentences, each small enough to train in tens of milliseconds (core.w2v_batches): numpy builds a chunk's
windows and negatives, the compiled loop trains them without holding the GIL, and train() reports between
chunks. With threads > 1 the threads train chunks "hogwild", as word2vec's C code and gensim do: each adds its
updates to the shared W and W_prime at once, without locks; not reproducible bit for bit, while one thread
(the app's setting) is: the same seed gives the same vectors.

Divergence is an error, never an output: if the loss or a parameter becomes non-finite, or the loss grows
far beyond its first report, train() raises LabError("diverged") and the model must not be used.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from core.corpus import Corpus
from core.errors import LabError
from core.w2v_batches import chunk_tokens, chunk_windows, chunks, keep_probabilities, unigram_table
from core.w2v_kernel import train_windows

DIVERGED = 10.0  # a mean loss per example this many times the first report's means divergence
SNAPSHOTS = 30  # copies of W kept per run for the training film (initial one included)
SNAPSHOT_ROWS = 1000  # snapshots keep the most frequent rows only: the film draws at most 1,000 words
SOFTMAX_MAX_VOCAB = 5000  # the exact softmax costs V·d per example: beyond this, negative sampling
TOKENIZERS = ("auto", "words", "jieba", "chars")


# ---------------------------------------------------------------- configuration


@dataclass
class Config:
    arch: str = "skipgram"  # or "cbow"
    dim: int = 100
    window: int = 5
    negative: int = 5
    softmax: bool = False  # exact full-softmax output layer instead of negative sampling
    cbow_mean: bool = False  # CBOW sums the context vectors (the lecture); True averages
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
            raise LabError(
                "config_invalid",
                f"{field} = {value!r} is out of range (allowed: {allowed}).",
                field=field,
                value=value,
                allowed=allowed,
            )

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
    """W (V, d) input embedding — the dictionary; W_prime (V, d) output matrix. float32 torch tensors, or
    numpy arrays where nothing needs torch (the CLI: build(..., tensors=False)); training works in place on
    either."""

    def __init__(
        self,
        config: Config,
        words: list[str],
        counts: np.ndarray,
        W,
        W_prime,
        tokenizer: str,
        corpus_name: str,
    ):
        self.config, self.words, self.counts = config, list(words), np.asarray(counts, dtype=np.int64)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.W, self.W_prime = W, W_prime  # (V, d), (V, d)
        self.tokenizer, self.corpus_name = tokenizer, corpus_name
        self.snapshots: list[tuple[int, np.ndarray]] = []  # (words_done, copy of W)

    def __len__(self) -> int:
        return len(self.words)

    def vectors(self) -> np.ndarray:
        """W as a float32 numpy array (V, d)."""
        return _array(self.W).copy()

    def to_vectors(self):
        from core.vectors import Vectors

        return Vectors(list(self.words), self.vectors())

    def hidden(self, context_ids):
        """The hidden layer: the sum (or mean) of these words' W rows (skip-gram: just [centre]). (d,)"""
        import torch

        rows = self.W[torch.as_tensor(np.asarray(context_ids, dtype=np.int64))]  # (C, d)
        return rows.mean(0) if self.config.cbow_mean else rows.sum(0)

    def decode(self, h):
        """The output layer: softmax(W_prime @ h), one probability per vocabulary word. (V,)"""
        import torch

        return torch.softmax(self.W_prime @ h, dim=0)


def build(corpus: Corpus, config: Config, tensors: bool = True) -> Word2Vec:
    """A fresh model for this corpus, initialised as gensim 4 does: W uniform in ±1/d, W_prime zeros
    (word2vec's C code draws W in ±0.5/d; with it our neighbourhoods agreed less with gensim's: 0.36 vs
    0.41 on one corpus). `tensors`: W and W_prime as torch tensors (the app's pages compute with them),
    else numpy arrays — the same numbers, without importing torch (~1 s)."""
    config.validate()
    if not (np.diff(corpus.starts) >= 2).any():  # no window would have a context: nothing to learn
        raise LabError("corpus_too_short", "No sentence has two or more known words.")
    if len(corpus.vocab) < 2:
        raise LabError("vocab_too_small", "The vocabulary has one word: there is nothing to tell apart.")
    V, d = len(corpus.vocab), config.dim
    if config.softmax and V > SOFTMAX_MAX_VOCAB:
        raise LabError(
            "softmax_vocab",
            f"The exact softmax is limited to {SOFTMAX_MAX_VOCAB:,} words (this vocabulary "
            f"has {V:,}): use negative sampling, or raise min_count.",
            limit=SOFTMAX_MAX_VOCAB,
            vocab=V,
        )
    W = _uniform(V, d, config.seed)  # (V, d)
    W_prime = np.zeros((V, d), np.float32)  # (V, d)
    if tensors:
        import torch

        W, W_prime = torch.from_numpy(W), torch.from_numpy(W_prime)
    return Word2Vec(
        config, corpus.vocab.words, corpus.vocab.counts, W, W_prime, corpus.tokenizer, corpus.name
    )


def _uniform(V: int, d: int, seed: int) -> np.ndarray:
    """(V, d) float32 uniform in ±1/d: bit for bit torch's (torch.rand(V, d, generator=manual_seed(seed))
    * 2 - 1) / d, which the app drew before the CLI stopped importing torch. torch's CPU generator is the
    same Mersenne Twister, seeded the same way, and keeps the low 24 bits of each 32-bit draw."""
    draws = np.random.RandomState(seed).randint(0, 2**32, size=(V, d), dtype=np.uint32)
    unit = (draws & 0xFFFFFF).astype(np.float32) * np.float32(2**-24)  # [0, 1)
    return (unit * 2 - 1) / np.float32(d)


def _array(x) -> np.ndarray:
    """A numpy view of W or W_prime (torch tensors share their memory)."""
    return x if isinstance(x, np.ndarray) else x.detach().numpy()


# ---------------------------------------------------------------- training


@dataclass
class Progress:
    epoch: int  # 1-based
    epochs: int
    step: int  # chunks of sentences trained
    words_done: int  # corpus tokens processed (all epochs)
    total_words: int  # epochs × corpus tokens
    loss: float  # mean loss per example over the interval since the last event
    epoch_loss: float  # mean loss per example so far this epoch
    alpha: float  # current learning rate
    words_per_sec: float
    seconds: float  # training time so far (paused time not counted)
    done: bool


class _Epoch:
    """One epoch, shared by the training threads. A thread takes the next chunk of sentences, builds its
    windows (numpy) and trains them with the compiled loop, which releases the GIL: with threads > 1 they
    train
    "hogwild", as word2vec.c and gensim do, each adding its updates to W and W_prime at once, without locks
    (a rare lost add is harmless to SGD). Every chunk has its own random stream (subsampling, windows,
    negatives), so the examples do not depend on which thread trains them."""

    def __init__(
        self,
        model: Word2Vec,
        corpus: Corpus,
        epoch: int,
        keep_prob: np.ndarray | None,
        table: np.ndarray,
        steps: int,
        words_done: int,
        total: int,
    ):
        self.model, self.corpus, self.epoch, self.keep_prob = model, corpus, epoch, keep_prob
        self.table = table
        cfg = model.config
        self.steps, self.words_done, self.total = steps, words_done, total
        self.snap_every = total / (SNAPSHOTS - 1)
        outputs = len(model) if cfg.softmax else cfg.negative + 1
        tokens = chunk_tokens(cfg.arch == "skipgram", cfg.window, outputs, cfg.dim)
        self.chunks = chunks(
            corpus.starts, max(1, min(tokens, int(self.snap_every)))
        )  # a film frame per chunk
        self.next_chunk = 0
        self.failed = False
        self.lock = threading.Lock()
        self.loss, self.examples = 0.0, 0

    @property
    def finished(self) -> bool:
        return self.next_chunk == len(self.chunks)

    def alpha(self, words_done: int | None = None) -> float:
        cfg = self.model.config
        done = self.words_done if words_done is None else words_done
        return max(cfg.min_alpha, cfg.alpha - (cfg.alpha - cfg.min_alpha) * done / self.total)

    def work(self, deadline: float) -> None:
        """Train chunk after chunk until none is left or, after at least one chunk, the clock
        (time.perf_counter) passes `deadline`."""
        model, cfg, corpus = self.model, self.model.config, self.corpus
        W, W_prime = _array(model.W), _array(model.W_prime)  # views: trained in place
        first = True
        try:
            while True:
                with self.lock:
                    if self.failed or self.finished or (not first and time.perf_counter() >= deadline):
                        break
                    i = self.next_chunk
                    self.next_chunk += 1
                first = False
                begin, end = self.chunks[i]
                rng = np.random.default_rng([cfg.seed, self.epoch, i])
                centres, contexts, negatives = chunk_windows(
                    corpus.ids,
                    corpus.starts,
                    begin,
                    end,
                    self.keep_prob,
                    cfg.window,
                    self.table,
                    0 if cfg.softmax else cfg.negative,
                    rng,
                    per_pair=cfg.arch == "skipgram",
                )
                with self.lock:
                    if self.words_done >= len(model.snapshots) * self.snap_every:  # the training film
                        model.snapshots.append((self.words_done, W[:SNAPSHOT_ROWS].copy()))
                    alpha0, alpha1 = self.alpha(), self.alpha(self.words_done + end - begin)
                    self.words_done += end - begin
                    self.steps += 1
                loss, examples = train_windows(
                    W,
                    W_prime,
                    centres,
                    contexts,
                    negatives,
                    alpha0,
                    alpha1,
                    cfg.arch == "skipgram",
                    cfg.softmax,
                    cfg.cbow_mean,
                )
                with self.lock:
                    self.loss, self.examples = self.loss + loss, self.examples + examples
        except BaseException:
            self.failed = True  # the other threads stop after their chunk
            raise

    def take_loss(self) -> tuple[float, int]:
        """(summed loss, examples) since the last call."""
        out = self.loss, self.examples
        self.loss, self.examples = 0.0, 0
        return out


def train(model: Word2Vec, corpus: Corpus, report_every: float = 0.25) -> Iterator[Progress]:
    """Train, yielding a Progress roughly every `report_every` seconds and at each epoch end (the last one
    has done=True). Pause by not calling next(); stop with .close().
    Between yields the model is always complete: every thread has finished its chunk."""
    cfg = model.config
    cfg.validate()
    _check_shapes(model, corpus)
    n_tokens = len(corpus.ids)
    total = cfg.epochs * n_tokens
    keep_prob = keep_probabilities(corpus.vocab.counts, cfg.sample) if cfg.sample > 0 else None
    table = unigram_table(model.counts)
    pool = ThreadPoolExecutor(cfg.threads - 1) if cfg.threads > 1 else None
    model.snapshots = [(0, _array(model.W)[:SNAPSHOT_ROWS].copy())]
    steps, words_done, seconds, first_loss = 0, 0, 0.0, None
    try:
        for epoch in range(cfg.epochs):
            run = _Epoch(model, corpus, epoch, keep_prob, table, steps, words_done, total)
            epoch_loss, epoch_n = 0.0, 0
            while not run.finished:
                t0 = time.perf_counter()
                helpers = [pool.submit(run.work, t0 + report_every) for _ in range(cfg.threads - 1)]
                try:
                    run.work(t0 + report_every)
                finally:
                    for f in helpers:
                        f.result()
                seconds += time.perf_counter() - t0
                loss, n = run.take_loss()
                first_loss = _check_finite(model, loss, n, first_loss)
                epoch_loss, epoch_n = epoch_loss + loss, epoch_n + n
                if not run.finished:
                    yield Progress(
                        epoch + 1,
                        cfg.epochs,
                        run.steps,
                        run.words_done,
                        total,
                        loss / max(n, 1),
                        epoch_loss / max(epoch_n, 1),
                        run.alpha(),
                        run.words_done / max(seconds, 1e-9),
                        seconds,
                        False,
                    )
            if epoch_n == 0:  # e.g. subsampling dropped every occurrence of a tiny corpus's words
                raise LabError("no_windows", "Not one training window survived subsampling: lower sample.")
            steps, words_done = (
                run.steps,
                (epoch + 1) * n_tokens,
            )  # chunks without any window still count as read
            run.words_done = words_done
            done = epoch + 1 == cfg.epochs
            if done and model.snapshots[-1][0] != words_done:
                model.snapshots.append((words_done, _array(model.W)[:SNAPSHOT_ROWS].copy()))
            yield Progress(
                epoch + 1,
                cfg.epochs,
                steps,
                words_done,
                total,
                loss / n if n else epoch_loss / max(epoch_n, 1),
                epoch_loss / max(epoch_n, 1),
                run.alpha(),
                words_done / max(seconds, 1e-9),
                seconds,
                done,
            )
    finally:
        if pool is not None:
            pool.shutdown()


def _check_shapes(model: Word2Vec, corpus: Corpus) -> None:
    """Raise ValueError unless W and W_prime are contiguous float32 (V, d) and the corpus has the model's
    vocabulary: the compiled loop does not check its indices."""
    V, d = len(model), model.config.dim
    for name in ("W", "W_prime"):
        x = getattr(model, name)
        if getattr(x, "requires_grad", False):
            raise ValueError(f"{name} requires grad: the compiled loop would train a copy")
        a = _array(x)
        if a.shape != (V, d) or a.dtype != np.float32 or not a.flags.c_contiguous:
            raise ValueError(f"{name} is not a contiguous float32 ({V}, {d}) tensor")
    if len(corpus.vocab) != V or (len(corpus.ids) and int(corpus.ids.max()) >= V):
        raise ValueError("the corpus does not have the model's vocabulary")


def _check_finite(model: Word2Vec, loss: float, n: int, first_loss: float | None) -> float | None:
    """Raise LabError "diverged" if the loss or a parameter is not finite, or the mean loss per example
    exceeds DIVERGED × the first report's. Returns the first report's mean loss (None before it)."""
    mean = loss / n if n else None
    finite = np.isfinite(loss) and bool(
        np.isfinite(_array(model.W)).all() and np.isfinite(_array(model.W_prime)).all()
    )
    if not finite or (mean is not None and first_loss is not None and mean > DIVERGED * first_loss):
        raise LabError(
            "diverged",
            "Training diverged (the loss grew without bound); the vectors are not usable. "
            "Lower the learning rate alpha.",
        )
    return first_loss if first_loss is not None else mean


def train_all(model: Word2Vec, corpus: Corpus) -> Progress:
    """Run train() to the end; returns the last Progress."""
    return collections.deque(train(model, corpus, report_every=float("inf")), maxlen=1)[0]
