"""Training examples for word2vec, built with vectorised numpy (no per-token Python loops).

One epoch = subsample the corpus, give every kept token a shrunk window (word2vec's random b), then cut
the examples into mini-batches in corpus order:
- skip-gram: (centre, context) pairs                        -> SkipgramBatch
- CBOW:      one bag of context words per centre            -> CbowBatch
Large corpora are processed in chunks of whole sentences, so memory stays bounded."""

from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch

from core.corpus import subsample, windows

CHUNK_TOKENS = 200_000      # tokens per chunk: bounds the (n, 2*window) work arrays


@dataclass
class SkipgramBatch:
    centre: torch.Tensor    # (B,) int64 — the word whose W row is the hidden layer
    context: torch.Tensor   # (B,) int64 — the word to predict from it
    words: int              # raw corpus tokens this batch stands for (drives alpha decay and words/s)


@dataclass
class CbowBatch:
    centre: torch.Tensor    # (B,) int64 — the blanked word to predict
    context: torch.Tensor   # (P,) int64 — all context words, bag after bag
    offsets: torch.Tensor   # (B,) int64 — where each centre's bag starts in `context`
    words: int


def unigram_table(counts: np.ndarray, power: float = 0.75) -> torch.Tensor:
    """word2vec's negative-sampling table: word j fills a share count_j^0.75 / sum of the entries,
    so torch.randint over the table samples the smoothed unigram distribution. (T,) int64."""
    size = int(np.clip(1000 * len(counts), 100_000, 10_000_000))
    p = counts.astype(np.float64) ** power
    edges = np.round(np.cumsum(p) / p.sum() * size).astype(np.int64)
    reps = np.diff(np.concatenate([[0], edges]))
    return torch.from_numpy(np.repeat(np.arange(len(counts), dtype=np.int64), reps))


def _chunks(starts: np.ndarray) -> Iterator[tuple[int, int]]:
    """(begin, end) token ranges of whole sentences, about CHUNK_TOKENS each."""
    n_sent = len(starts) - 1
    s = 0
    while s < n_sent:
        e = int(np.searchsorted(starts, starts[s] + CHUNK_TOKENS, side="right")) - 1
        e = min(max(e, s + 1), n_sent)
        yield int(starts[s]), int(starts[e])
        s = e


def epoch_batches(ids: np.ndarray, starts: np.ndarray, keep_prob: np.ndarray | None, window: int,
                  arch: str, batch: int, rng: np.random.Generator):
    """All mini-batches of one epoch, in corpus order."""
    for begin, end in _chunks(starts):
        s0, s1 = np.searchsorted(starts, [begin, end])
        chunk_starts = starts[s0:s1 + 1] - begin
        chunk = ids[begin:end]
        if keep_prob is not None:
            chunk, chunk_starts = subsample(chunk, keep_prob, rng, chunk_starts)
        raw = end - begin
        centre, context = windows(chunk, chunk_starts, window, rng)                     # (N,), (N, 2w)
        valid = context >= 0                                                             # (N, 2w)
        if arch == "skipgram":
            r, c = np.nonzero(valid)                                                     # corpus order
            centre = torch.from_numpy(centre[r].astype(np.int64))                        # (P,)
            context = torch.from_numpy(context[r, c].astype(np.int64))                   # (P,)
            n_batches = max(1, -(-len(r) // batch))
            for j in range(n_batches):
                sl = slice(j * batch, (j + 1) * batch)
                words = raw * (j + 1) // n_batches - raw * j // n_batches
                yield SkipgramBatch(centre[sl], context[sl], words)
        else:
            ends = np.cumsum(valid.sum(1))                                               # (N,)
            bag_starts = np.concatenate([[0], ends[:-1]])                                # (N,)
            centre = torch.from_numpy(centre.astype(np.int64))                           # (N,)
            context = torch.from_numpy(context[valid].astype(np.int64))                  # (P,) bag after bag
            n = len(centre)
            n_batches = max(1, -(-n // batch))
            for j in range(n_batches):
                a, z = j * batch, min((j + 1) * batch, n)
                words = raw * (j + 1) // n_batches - raw * j // n_batches
                if a >= z:
                    continue
                p0, p1 = int(bag_starts[a]), int(ends[z - 1])
                yield CbowBatch(centre[a:z], context[p0:p1], torch.from_numpy(bag_starts[a:z] - p0), words)
