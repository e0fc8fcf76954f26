"""Trainer variants for bench/w2v_gap.py: gensim 4's details that core.w2v_kernel does not copy, one at a
time, to see whether any of them explains a WordSim gap (issue 12). Not used by the app.

    maxexp   gensim skips an output word whose score is beyond ±6 (word2vec.c clips g instead)
    table    σ read from gensim's 1,000-entry table (index floored) instead of computed (0 or 1 beyond ±6)
    nocap    without the kernel's per-example cap (plain SGD, as gensim)
    gensim   all three

(Skip-gram's k negatives per (context, centre) pair, gensim's and word2vec.c's, were a fourth variant until
the kernel adopted them: issue 28.)"""

import numpy as np
from numba import njit

import core.word2vec as w2v

EXP_TABLE = np.exp((np.arange(1000, dtype=np.float32) / np.float32(1000) * 2 - 1) * 6).astype(np.float32)
EXP_TABLE = (EXP_TABLE / (EXP_TABLE + 1)).astype(np.float32)
VARIANTS = {
    "maxexp": dict(maxexp=True),
    "table": dict(table=True),
    "nocap": dict(nocap=True),
    "gensim": dict(maxexp=True, table=True, nocap=True),
}


@njit(cache=True, nogil=True)
def _example(h, W_prime, target, negatives, alpha, g, e, maxexp, table, nocap, tab) -> float:
    """core.w2v_kernel._example for negative sampling, with the variant's switches."""
    d = h.shape[0]
    n = negatives.shape[0] + 1
    curv_h = 0.0
    loss = 0.0
    for j in range(n):
        o = target if j == 0 else negatives[j - 1]
        g[j] = 0.0
        if j > 0 and o == target:
            continue
        f = 0.0
        uu = 0.0
        for i in range(d):
            f += h[i] * W_prime[o, i]
            uu += W_prime[o, i] * W_prime[o, i]
        if maxexp and (f <= -6.0 or f >= 6.0):
            continue
        curv_h += uu / 4
        if table:  # beyond the table: word2vec.c's clipped σ (0 or 1) unless maxexp skipped it
            p = 1.0 if f >= 6.0 else 0.0 if f <= -6.0 else tab[int((f + 6.0) * (1000 / 6 / 2))]
        else:
            p = 1.0 / (1.0 + np.exp(-f))
        y = 1.0 if j == 0 else 0.0
        loss -= np.log(max(p if j == 0 else 1.0 - p, 1e-30))
        g[j] = alpha * (y - p)
    for i in range(d):
        e[i] = 0.0
    for j in range(n):
        if g[j] != 0.0:
            o = target if j == 0 else negatives[j - 1]
            for i in range(d):
                e[i] += g[j] * W_prime[o, i]
    if not nocap:
        if alpha * curv_h > 1.0:
            for i in range(d):
                e[i] /= alpha * curv_h
        hh = 0.0
        for i in range(d):
            hh += h[i] * h[i]
        for j in range(n):
            if g[j] != 0.0:
                o = target if j == 0 else negatives[j - 1]
                times = 0
                for jj in range(n):
                    times += g[jj] != 0.0 and (target if jj == 0 else negatives[jj - 1]) == o
                if alpha * times * hh / 4 > 1.0:
                    g[j] /= alpha * times * hh / 4
    for j in range(n):
        if g[j] != 0.0:
            o = target if j == 0 else negatives[j - 1]
            for i in range(d):
                W_prime[o, i] += g[j] * h[i]
    return loss


@njit(cache=True, nogil=True)
def _train(W, W_prime, centres, contexts, negatives, alpha0, alpha1, skipgram, k, maxexp, table, nocap, tab):
    """core.w2v_kernel.train_windows (negatives: a row per skip-gram pair, per CBOW window)."""
    N, d = contexts.shape[0], W.shape[1]
    g = np.empty(k + 1, W_prime.dtype)
    e = np.empty(d, W.dtype)
    h = np.empty(d, W.dtype)
    loss, examples = 0.0, 0
    for n in range(N):
        alpha = alpha0 + (alpha1 - alpha0) * n / N
        target, bag = centres[n], contexts[n]
        if skipgram:
            for c in bag:
                if c >= 0:
                    negs = negatives[examples]
                    loss += _example(W[c], W_prime, target, negs, alpha, g, e, maxexp, table, nocap, tab)
                    for i in range(d):
                        W[c, i] += e[i]
                    examples += 1
        else:
            size = 0
            for i in range(d):
                h[i] = 0.0
            for c in bag:
                if c >= 0:
                    size += 1
                    for i in range(d):
                        h[i] += W[c, i]
            if size == 0:
                continue
            loss += _example(h, W_prime, target, negatives[n], alpha, g, e, maxexp, table, nocap, tab)
            share = np.float32(1.0 / size)
            for c in bag:
                if c >= 0:
                    for i in range(d):
                        W[c, i] += share * e[i]
            examples += 1
    return loss, examples


def use(name: str) -> None:
    """Make core.word2vec train with this variant (negative sampling, CBOW sum or skip-gram)."""
    v = dict(maxexp=False, table=False, nocap=False) | VARIANTS[name]

    def train_windows(W, W_prime, centres, contexts, negatives, alpha0, alpha1, skipgram, softmax, cbow_mean):
        assert not softmax and not cbow_mean
        return _train(
            W,
            W_prime,
            centres,
            contexts,
            negatives,
            alpha0,
            alpha1,
            skipgram,
            negatives.shape[1],
            v["maxexp"],
            v["table"],
            v["nocap"],
            EXP_TABLE,
        )

    w2v.train_windows = train_windows
