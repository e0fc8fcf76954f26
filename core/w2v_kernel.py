"""word2vec's training loop compiled (numba): plain SGD, one example at a time, as core.word2vec_reference
specifies it and as word2vec's C code and gensim run it — in place on W and W_prime (float32 numpy views of
the model's tensors).

train_windows() takes a run of windows (centre, bag of context words) and their negatives, built by numpy,
and trains them in order:

    skip-gram  each context word's vector predicts the centre (word2vec.c's and gensim's loop; over a corpus
               the same pairs as the centre predicting each context word), against k negatives of its own:
               k per (centre, context) pair, as word2vec.c, gensim and core.word2vec_reference.train draw them
    CBOW       h = the sum (or mean) of the bag's W rows predicts the centre, against the window's k
               negatives; h's step is shared by its words (1/C each for the sum, all of it for the mean), as
               gensim does

Each example's step is the reference's exactly: its scores and dloss/dh are computed from W_prime before
the example's own step (so a word drawn twice as a negative takes two steps from the same scores), and a
negative equal to the true word is skipped. One safeguard, for negative sampling, which rarely binds at
word2vec's usual settings: each block of the example's step (h, each output row) is capped at 1/L, L a bound
on the curvature of the example's loss along it — a sigmoid's slope is at most 1/4, so L = |h|²/4 per output
row (times the times it is drawn) and Σ|u|²/4 along h. By the descent lemma such a step cannot raise the
example's loss; it binds only where alpha·L > 1 (at alpha 0.025: |h|² or Σ|u|² beyond 160 — CBOW's h, a sum
of up to 2·window rows, gets there in 0.09 % of the examples on bench's stemmed foldoc text, 0.05 % on
manpages_en; in none of the skip-gram runs counted; WordSim is the same without it, 0.168 vs 0.167 over 20
seeds: bench/RESULTS.md), and keeps plain SGD from diverging at large learning rates (alpha 0.5 diverged
without it on a text without a dominant word; tests/test_word2vec.py).

The kernel releases the GIL (nogil): a training thread does not stall the app's other sessions, and two
training threads run in parallel (hogwild, as gensim). fastmath without nnan/ninf: a non-finite loss or
parameter must stay visible to the divergence check."""

import numpy as np
from numba import njit

FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}  # reassociation lets the dot products vectorise
JIT = dict(cache=True, nogil=True, fastmath=FASTMATH)


@njit(**JIT)
def _score(h, u) -> float:
    """h · u, float32 accumulation as BLAS sdot does."""
    s = np.float32(0.0)  # (float64 if h and u are: numba unifies the types)
    for i in range(h.shape[0]):
        s += h[i] * u[i]
    return s


@njit(**JIT)
def _score_norm(h, u):
    """(h · u, |u|²) in one pass."""
    s = np.float32(0.0)
    n = np.float32(0.0)
    for i in range(h.shape[0]):
        s += h[i] * u[i]
        n += u[i] * u[i]
    return s, n


@njit(**JIT)
def _example(h, W_prime, target, negatives, softmax, alpha, g, e) -> float:
    """One SGD example: h (d,) predicts `target`. Steps W_prime's rows and leaves h's step, -alpha·dloss/dh,
    in e (d,). g (W_prime's dtype) is scratch of 1+k (negative sampling) or V (softmax) values. Returns the
    loss
    before the step."""
    d = h.shape[0]
    loss = 0.0
    curv_h = 0.0  # negative sampling: a bound on the loss's curvature along h
    if softmax:  # every word is an output: g = -alpha · (probs - one_hot)
        V = W_prime.shape[0]
        top = -np.inf
        for o in range(V):
            g[o] = _score(h, W_prime[o])
            top = max(top, g[o])
        loss = top - g[target]  # -log softmax[target] = log Σ exp(s_o - top) - (s_target - top)
        total = 0.0
        for o in range(V):
            g[o] = np.exp(g[o] - top)
            total += g[o]
        loss += np.log(total)
        for o in range(V):
            g[o] = -alpha * (g[o] / total - (1.0 if o == target else 0.0))
        n = V
    else:  # the true word (label 1), then the k negatives (label 0)
        n = negatives.shape[0] + 1
        fit = 1.0  # Π σ(±score): the loss is -log of it, one log per example
        for j in range(n):
            o = target if j == 0 else negatives[j - 1]
            if j > 0 and o == target:  # a draw of the true word is skipped
                g[j] = 0.0
                continue
            f, uu = _score_norm(h, W_prime[o])
            curv_h += uu / 4
            z = np.exp(-abs(f))  # in (0, 1]; nan stays nan
            p = 1.0 / (1.0 + z) if f >= 0 else z / (1.0 + z)  # σ(f), computed stably
            if (f >= 0) == (j == 0):  # the score leans the label's way: σ(±f) = 1 / (1 + z)
                fit /= 1.0 + z
            elif z > 1e-30:  # σ(±f) = z / (1 + z)
                fit *= z / (1.0 + z)
            else:  # too small to multiply in: -log σ(±f) = |f| + log(1 + z)
                loss += abs(f) + np.log1p(z)
            g[j] = alpha * ((1.0 if j == 0 else 0.0) - p)
        loss -= np.log(fit)
    for i in range(d):
        e[i] = 0.0
    for j in range(n):  # dloss/dh from W_prime before the step ...
        o = j if softmax else (target if j == 0 else negatives[j - 1])
        if g[j] != 0.0:
            u = W_prime[o]
            for i in range(d):
                e[i] += g[j] * u[i]
    if alpha * curv_h > 1.0:  # the caps (module docstring); rare at word2vec's usual settings
        for i in range(d):
            e[i] /= alpha * curv_h
    if not softmax:
        hh = _score(h, h)
        if alpha * n * hh / 4 > 1.0:  # an output row's curvature: |h|²/4 per time it is drawn
            for j in range(n):
                if g[j] != 0.0:
                    o = target if j == 0 else negatives[j - 1]
                    times = 0
                    for jj in range(n):
                        times += g[jj] != 0.0 and (target if jj == 0 else negatives[jj - 1]) == o
                    if alpha * times * hh / 4 > 1.0:
                        g[j] /= alpha * times * hh / 4
    for j in range(n):  # ... then W_prime's step
        o = j if softmax else (target if j == 0 else negatives[j - 1])
        if g[j] != 0.0:
            u = W_prime[o]
            for i in range(d):
                u[i] += g[j] * h[i]
    return loss


@njit(**JIT)
def train_windows(W, W_prime, centres, contexts, negatives, alpha0, alpha1, skipgram, softmax, cbow_mean):
    """Train windows in order, one SGD example after another. centres (N,), contexts (N, 2w) (-1: no word),
    negatives: k per example — skip-gram (P, k), row p for the p-th (centre, context) pair in window and
    bag order (P = the context words, contexts >= 0); CBOW (N, k), a row per window (the softmax ignores
    their values: k may be 0).
    The learning rate falls linearly from alpha0 (first window) to alpha1 (after the last). Returns (summed
    loss, examples)."""
    N, d = contexts.shape[0], W.shape[1]
    if negatives.shape[0] != ((contexts >= 0).sum() if skipgram else N):  # the loop does not check indices
        raise ValueError("negatives: one row per example")
    g = np.empty(W_prime.shape[0] if softmax else negatives.shape[1] + 1, W_prime.dtype)  # the model's dtype
    e = np.empty(d, W.dtype)
    h = np.empty(d, W.dtype)
    loss, examples = 0.0, 0
    for n in range(N):
        alpha = alpha0 + (alpha1 - alpha0) * n / N
        target, bag = centres[n], contexts[n]
        if skipgram:
            for c in bag:
                if c >= 0:
                    loss += _example(W[c], W_prime, target, negatives[examples], softmax, alpha, g, e)
                    row = W[c]
                    for i in range(d):
                        row[i] += e[i]
                    examples += 1
        else:
            size = 0
            for i in range(d):
                h[i] = 0.0
            for c in bag:
                if c >= 0:
                    size += 1
                    row = W[c]
                    for i in range(d):
                        h[i] += row[i]
            if size == 0:
                continue
            if cbow_mean:
                for i in range(d):
                    h[i] /= size
            loss += _example(h, W_prime, target, negatives[n], softmax, alpha, g, e)
            share = np.float32(1.0 if cbow_mean else 1.0 / size)
            for c in bag:
                if c >= 0:
                    row = W[c]
                    for i in range(d):
                        row[i] += share * e[i]
            examples += 1
    return loss, examples
