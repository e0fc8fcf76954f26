"""Training examples for word2vec, built with vectorised numpy (no per-token Python loops): subsampling,
shrunk windows, negatives. (core.corpus reads text into a vocabulary and ids; this module makes examples.)

An epoch is cut into chunks of whole sentences. A chunk = subsample its tokens, give every kept token a
shrunk window (word2vec's random b) and draw k negatives per example (skip-gram: per (centre, context) pair;
CBOW: per window); core.w2v_kernel then trains its windows in corpus order. A chunk is a training thread's
unit of work: its size bounds the time between progress reports (and between pause or stop), and keeps
memory bounded on large corpora."""

import numpy as np

CHUNK_TOKENS = 32_768  # tokens per chunk at most (chunk_tokens() makes them smaller where a token costs more)
CHUNK_WORK = 250_000_000  # multiply-adds per chunk: ~30–80 ms of training


def keep_probabilities(counts, sample: float) -> np.ndarray:
    """word2vec's keep probability per word: (sqrt(f/(sample*total)) + 1) * sample*total / f, capped at 1
    (f = the word's count, total = all counts). sample <= 0 keeps everything."""
    counts = np.asarray(counts, dtype=np.float64)
    if sample <= 0:
        return np.ones(len(counts))
    threshold = sample * counts.sum()
    with np.errstate(divide="ignore"):
        keep = (np.sqrt(counts / threshold) + 1) * threshold / counts
    return np.minimum(keep, 1.0)


def subsample(
    ids: np.ndarray, keep_prob: np.ndarray, rng: np.random.Generator, starts: np.ndarray | None = None
):
    """The ids that survive subsampling (each kept with probability keep_prob[id]).
    With `starts`, returns (kept_ids, kept_starts) so sentence boundaries follow."""
    mask = rng.random(len(ids)) < keep_prob[ids]
    kept = ids[mask]
    if starts is None:
        return kept
    before = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])  # kept tokens before each position
    return kept, before[starts]


def windows(
    ids: np.ndarray,
    starts: np.ndarray,
    window: int,
    rng: np.random.Generator,
    shrink: bool = True,
    chunk: int = 1 << 18,
) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's training windows. centre: (N,) ids; context: (N, 2*window) ids with column j at offset
    (-window..-1, 1..window)[j], -1 where the position is outside the sentence or beyond the shrunken
    window. With shrink, each centre's window is drawn uniformly from 1..window (word2vec's `b`).
    Centres left with no context (one-word sentences) are dropped."""
    ids = np.asarray(ids)
    starts = np.asarray(starts, dtype=np.int64)
    n = len(ids)
    if n == 0:  # subsampling may leave a chunk empty
        return np.zeros(0, np.int32), np.zeros((0, 2 * window), np.int32)
    lengths = np.diff(starts)
    first = np.repeat(starts[:-1], lengths)  # (n,) where each token's sentence starts ...
    last = np.repeat(starts[1:] - 1, lengths)  # (n,) ... and ends
    padded = np.concatenate([np.full(window, -1, ids.dtype), ids, np.full(window, -1, ids.dtype)])
    around = np.lib.stride_tricks.sliding_window_view(padded, 2 * window + 1)  # (n, 2w+1) view, no copy
    columns = np.r_[0:window, window + 1 : 2 * window + 1]  # (2w,) all but the centre
    distance = np.r_[window:0:-1, 1 : window + 1]  # (2w,) |offset| per column
    centres = [np.zeros(0, np.int32)]
    contexts = [np.zeros((0, 2 * window), np.int32)]
    for a in range(0, n, chunk):  # chunks keep the temporaries small on big corpora
        z = min(a + chunk, n)
        pos = np.arange(a, z)  # (B,)
        reach = rng.integers(1, window + 1, size=len(pos)) if shrink else np.full(len(pos), window)  # (B,)
        room_left = np.minimum(reach, pos - first[a:z])  # (B,) inside the sentence
        room_right = np.minimum(reach, last[a:z] - pos)  # (B,)
        context = around[a:z][:, columns].astype(np.int32)  # (B, 2w)
        context[:, :window][distance[:window] > room_left[:, None]] = -1  # beyond the reach
        context[:, window:][distance[window:] > room_right[:, None]] = -1  # or the sentence
        has = (room_left > 0) | (room_right > 0)
        centres.append(ids[a:z][has].astype(np.int32))
        contexts.append(context[has])
    return np.concatenate(centres), np.concatenate(contexts)


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
    per_pair: bool = False,
):
    """The windows of the sentences in ids[begin:end], in corpus order: centres (N,) int32, contexts (N,
    2·window) int32 (-1 where no word), and `negative` draws from the unigram table per example: per window
    (N, negative), or with per_pair (skip-gram) per context word (P, negative), in window and bag order."""
    s0, s1 = np.searchsorted(starts, [begin, end])
    chunk_starts = starts[s0 : s1 + 1] - begin
    chunk = ids[begin:end]
    if keep_prob is not None:
        chunk, chunk_starts = subsample(chunk, keep_prob, rng, chunk_starts)
    centres, contexts = windows(chunk, chunk_starts, window, rng)  # (N,), (N, 2w)
    examples = int((contexts >= 0).sum()) if per_pair else len(centres)
    negatives = table[rng.integers(len(table), size=(examples, negative))]  # (P or N, k)
    return centres, contexts, negatives
