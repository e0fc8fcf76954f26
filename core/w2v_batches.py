"""Training examples for word2vec, built with vectorised numpy (no per-token Python loops).

One epoch = subsample the corpus, give every kept token a shrunk window (word2vec's random b), then cut
the windows into mini-batches in corpus order. A batch is a list of centres, each with its bag of context
words: CBOW predicts the centre from the bag, skip-gram predicts each word of the bag from the centre.
Large corpora are processed in chunks of whole sentences, so memory stays bounded."""

import queue
import threading
from dataclasses import dataclass
from typing import Iterator

import numpy as np
import torch

from core.corpus import subsample, windows

CHUNK_TOKENS = 200_000      # tokens per chunk: bounds the (n, 2*window) work arrays


@dataclass
class Batch:
    centre: torch.Tensor    # (N,) int64 — the centre word of each window
    context: torch.Tensor   # (P,) int64 — all context words, bag after bag
    offsets: torch.Tensor   # (N,) int64 — where each centre's bag starts in `context`
    sizes: torch.Tensor     # (N,) int64 — bag sizes (≥ 1)
    words: int              # raw corpus tokens this batch stands for (drives alpha decay and words/s)
    owner: torch.Tensor | None = None   # (P,) int64 — the window of each context word (None: from sizes)


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


def epoch_batches(ids: np.ndarray, starts: np.ndarray, keep_prob: np.ndarray | None, window: int, batch: int,
                  rng: np.random.Generator):
    """All mini-batches (of `batch` centres) of one epoch, in corpus order."""
    for begin, end in _chunks(starts):
        s0, s1 = np.searchsorted(starts, [begin, end])
        chunk_starts = starts[s0:s1 + 1] - begin
        chunk = ids[begin:end]
        if keep_prob is not None:
            chunk, chunk_starts = subsample(chunk, keep_prob, rng, chunk_starts)
        raw = end - begin
        centre, context = windows(chunk, chunk_starts, window, rng)                     # (N,), (N, 2w)
        valid = context >= 0                                                             # (N, 2w)
        sizes = valid.sum(1)                                                             # (N,)
        ends = np.cumsum(sizes)                                                          # (N,)
        bag_starts = ends - sizes                                                        # (N,)
        centre = torch.from_numpy(centre.astype(np.int64))                               # (N,)
        context = torch.from_numpy(context[valid].astype(np.int64))                      # (P,) bag after bag
        owner = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)                  # (P,) context -> window
        sizes = torch.from_numpy(sizes.astype(np.int64))
        n = len(centre)
        n_batches = max(1, -(-n // batch))
        for j in range(n_batches):
            a, z = j * batch, min((j + 1) * batch, n)
            words = raw * (j + 1) // n_batches - raw * j // n_batches
            if a >= z:
                continue
            p0, p1 = int(bag_starts[a]), int(ends[z - 1])
            yield Batch(centre[a:z], context[p0:p1], torch.from_numpy(bag_starts[a:z] - p0), sizes[a:z], words,
                        torch.from_numpy(owner[p0:p1] - a))


def prefetch(items: Iterator, depth: int = 64) -> Iterator:
    """Run the iterator `items` in a background thread, `depth` items ahead (numpy releases the GIL, so
    building batches overlaps training). Closing the returned generator stops the thread."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce():
        try:
            for item in items:
                if stop.is_set():
                    return
                q.put(item)
            q.put(done)
        except BaseException as e:      # re-raised in the consumer
            q.put(e)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():        # unblock a producer waiting on a full queue
            try:
                q.get_nowait()
            except queue.Empty:
                thread.join(0.01)
