"""Training windows for word2vec, built with vectorised numpy (no per-token Python loops).

An epoch is cut into chunks of whole sentences. A chunk = subsample its tokens, give every kept token a
shrunk window (word2vec's random b) and draw k negatives per window; core.w2v_kernel then trains its windows
in corpus order. A chunk is a training thread's unit of work: its size bounds the time between progress
reports (and between pause or stop), and keeps memory bounded on large corpora."""

import numpy as np

from core.corpus import subsample, windows

CHUNK_TOKENS = 32_768  # tokens per chunk at most (chunk_tokens() makes them smaller where a token costs more)
CHUNK_WORK = 250_000_000  # multiply-adds per chunk: ~30–80 ms of training


def unigram_table(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """word2vec's negative-sampling table: word j fills a share count_j^0.75 / sum of the entries,
    so a uniform index into the table samples the smoothed unigram distribution. (T,) int32."""
    size = int(np.clip(1000 * len(counts), 100_000, 10_000_000))
    p = counts.astype(np.float64) ** power
    edges = np.round(np.cumsum(p) / p.sum() * size).astype(np.int64)
    reps = np.diff(np.concatenate([[0], edges]))
    return np.repeat(np.arange(len(counts), dtype=np.int32), reps)


def chunk_tokens(skipgram: bool, window: int, outputs: int, dim: int) -> int:
    """Tokens per chunk: CHUNK_WORK multiply-adds at about 3 × dim per (example, output word) — skip-gram has
    window + 1 examples per token on average (shrunk windows), CBOW one; outputs = 1 + k, or V (softmax)."""
    examples = window + 1 if skipgram else 1
    return int(np.clip(CHUNK_WORK // (3 * dim * outputs * examples), 1, CHUNK_TOKENS))


def chunks(starts: np.ndarray, tokens: int = CHUNK_TOKENS) -> list[tuple[int, int]]:
    """(begin, end) token ranges of whole sentences, about `tokens` each (at least one sentence)."""
    out = []
    n_sent = len(starts) - 1
    s = 0
    while s < n_sent:
        e = int(np.searchsorted(starts, starts[s] + tokens, side="right")) - 1
        e = min(max(e, s + 1), n_sent)
        out.append((int(starts[s]), int(starts[e])))
        s = e
    return out


def chunk_windows(
    ids: np.ndarray,
    starts: np.ndarray,
    begin: int,
    end: int,
    keep_prob: np.ndarray | None,
    window: int,
    table: np.ndarray,
    negative: int,
    rng: np.random.Generator,
):
    """The windows of the sentences in ids[begin:end], in corpus order: centres (N,) int32, contexts (N,
    2·window)
    int32 (-1 where no word), negatives (N, negative) int32 drawn from the unigram table."""
    s0, s1 = np.searchsorted(starts, [begin, end])
    chunk_starts = starts[s0 : s1 + 1] - begin
    chunk = ids[begin:end]
    if keep_prob is not None:
        chunk, chunk_starts = subsample(chunk, keep_prob, rng, chunk_starts)
    centres, contexts = windows(chunk, chunk_starts, window, rng)  # (N,), (N, 2w)
    negatives = table[rng.integers(len(table), size=(len(centres), negative))]  # (N, k)
    return centres, contexts, negatives
