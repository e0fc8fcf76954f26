"""Lecture C1 as a next-word predictor: a lookup table of contexts (the previous `order` words) -> counts of
the word that came next, with backoff to shorter contexts.

A context the table holds answers from its counts; a context it never saw backs off to the longest shorter
context it did see, down to the word counts alone. Smoothing, so that every word keeps a probability above
0 and every perplexity stays finite: interpolated absolute discounting (Ney, Essen & Kneser 1994), the
backbone of Kneser–Ney without its continuation counts:

    P_0(w)     = (c(w) + 1) / (N + V)                                     add-one word counts
    P_k(w | h) = max(c(h w) − D, 0) / c(h) + D · n(h) / c(h) · P_k−1(w | h')   if the table holds h
               = P_k−1(w | h')                                             otherwise (backoff)

where h' is h without its first word, n(h) the number of different words seen after h, D = 0.75.
Counts live in sorted numpy arrays of n-grams packed into int64 keys (no dict per context): the table for
200 000 words is a few MB."""

from dataclasses import dataclass

import numpy as np
import torch

from core.lm_data import LMData

DISCOUNT = 0.75


@dataclass
class Level:
    """The n-grams of one context length k: keys = (k context ids, next id) packed, sorted."""

    keys: np.ndarray  # (G,) int64
    counts: np.ndarray  # (G,) int64
    contexts: np.ndarray  # (C,) int64 packed k context ids, sorted
    totals: np.ndarray  # (C,) c(h)
    distinct: np.ndarray  # (C,) n(h)


class LookupLM:
    name = "lookup"

    def __init__(self, data: LMData, order: int = 3):
        self.order, self.V = order, data.V
        self.bits = max(1, (data.V - 1).bit_length())
        if self.bits * (order + 1) > 63:
            raise ValueError("vocabulary too large to pack")
        seqs = [np.concatenate([[0], s, [1]]) for s in data.train]  # <s> w… </s>
        flat = np.concatenate(seqs).astype(np.int64)  # (N,)
        sentence = np.repeat(np.arange(len(seqs)), [len(s) for s in seqs])  # (N,)
        self.unigram = np.bincount(flat[flat != 0], minlength=self.V)  # next words only: <s> never is one
        self.levels = [self._level(flat, sentence, k) for k in range(1, order + 1)]

    def _pack(self, ids) -> int:
        key = 0
        for i in ids:
            key = (key << self.bits) | int(i)
        return key

    def _level(self, flat: np.ndarray, sentence: np.ndarray, k: int) -> Level:
        n = len(flat) - k
        same = sentence[:n] == sentence[k:]  # the k+1 window stays inside one sentence
        keys = np.zeros(n, dtype=np.int64)
        for t in range(k + 1):
            keys = (keys << self.bits) | flat[t : t + n]
        keys, counts = np.unique(keys[same], return_counts=True)
        contexts, first, distinct = np.unique(keys >> self.bits, return_index=True, return_counts=True)
        totals = np.add.reduceat(counts, first) if len(first) else counts[:0]
        return Level(keys, counts, contexts, totals, distinct)

    def seen(self, context: list[int]) -> int:
        """How many of the context's last words the table holds as a key (0: only the word counts)."""
        for k in range(min(self.order, len(context)), 0, -1):
            level, key = self.levels[k - 1], self._pack(context[-k:])
            i = np.searchsorted(level.contexts, key)
            if i < len(level.contexts) and level.contexts[i] == key:
                return k
        return 0

    def probs(self, context: list[int]) -> np.ndarray:
        """P(next word | context) over the vocabulary, context = <s> and the words so far. (V,)"""
        return self._rows(np.asarray(context, dtype=np.int64))[-1]

    def _rows(self, seq: np.ndarray) -> np.ndarray:
        """P(next word | seq[: i + 1]) for every i, all positions at once. seq (T,) -> (T, V)"""
        T = len(seq)
        p = np.tile((self.unigram + 1.0) / (self.unigram.sum() + self.V), (T, 1))  # (T, V)
        for k in range(1, min(self.order, T) + 1):
            level, ends = self.levels[k - 1], np.arange(k - 1, T)  # positions with k words of context
            h = np.zeros(len(ends), dtype=np.int64)
            for j in range(k):
                h = (h << self.bits) | seq[ends - k + 1 + j]  # (P,) the last k words, packed
            i = np.searchsorted(level.contexts, h).clip(max=len(level.contexts) - 1)
            seen = level.contexts[i] == h  # never seen: the shorter context's answer stands
            at, i, h = ends[seen], i[seen], h[seen]
            total = level.totals[i].astype(np.float64)  # (S,)
            p[at] *= (DISCOUNT * level.distinct[i] / total)[:, None]
            lo = np.searchsorted(level.keys, h << self.bits)
            hi = np.searchsorted(level.keys, (h + 1) << self.bits)
            rows = np.repeat(np.arange(len(at)), hi - lo)  # one per n-gram continuing a seen context
            grams = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)]) if len(at) else lo[:0]
            words = level.keys[grams] & ((1 << self.bits) - 1)
            p[at[rows], words] += (level.counts[grams] - DISCOUNT) / total[rows]
        return p

    def next_log_probs(self, sentence: np.ndarray) -> torch.Tensor:
        """log P(· | <s> w1 … wi) for i = 0 … n: one row per next word, </s> last. (n+1, V)"""
        seq = np.concatenate([[0], sentence]).astype(np.int64)  # <s> w1 … wn
        return torch.from_numpy(np.log(self._rows(seq)))

    def unseen_fraction(self, sentences: list[np.ndarray]) -> float:
        """Fraction of next-word positions whose full context (up to `order` words) is not in the table."""
        unseen = total = 0
        for s in sentences:
            context = [0, *map(int, s)]
            for i in range(len(s) + 1):
                h = context[max(0, i + 1 - self.order) : i + 1]
                unseen += self.seen(h) < len(h)
                total += 1
        return unseen / max(total, 1)
