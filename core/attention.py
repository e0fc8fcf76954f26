"""Scaled dot-product attention, one matrix at a time, in the lecture's layout (C14, C15).

x is T×d_in (one row per token); W_Q, W_K, W_V are d_in×d_out, so Q = X·W_Q (PyTorch's nn.Linear and
nn.MultiheadAttention store the transpose: in_proj_weight[:E] = W_Qᵀ). Every intermediate is kept so a
page can show it, and every result can be checked against torch (`trust`).
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.errors import LabError
from core.threads import torch_threads


@dataclass
class AttentionSteps:
    """One head's computation; all tensors share x's dtype."""

    q: torch.Tensor  # (T, d_k)  Q = X·W_Q
    k: torch.Tensor  # (T, d_k)  K = X·W_K
    v: torch.Tensor  # (T, d_v)  V = X·W_V
    scores: torch.Tensor  # (T, T)    S = Q·Kᵀ
    scaled: torch.Tensor  # (T, T)    S / (√d_k·temperature), −inf where masked
    weights: torch.Tensor  # (T, T)    A = row softmax; masked entries exactly 0
    output: torch.Tensor  # (T, d_v)  Z = A·V
    allowed: torch.Tensor  # (T, T)    bool, True where query i may attend to key j


@dataclass
class MultiHeadSteps:
    heads: list[AttentionSteps]  # one per head, each on d_head = d_out / n_heads columns
    concat: torch.Tensor  # (T, h·d_head)  [Z_1 | Z_2 | …]
    output: torch.Tensor  # (T, d_model)   concat·W_O


def as_tensor(a) -> torch.Tensor:
    """torch tensors pass through; numpy arrays (and nested lists) are wrapped without changing dtype."""
    if isinstance(a, torch.Tensor):
        return a
    return torch.as_tensor(np.asarray(a))


def uniform_weight(weights) -> float:
    """The weight each key would get if every row spread evenly over the keys it may read, averaged over
    rows: 1/T without a mask, 1/(i+1) for row i of a causal one. Masked keys are those weighted exactly 0.
    weights: (..., Tq, Tk), rows of probabilities."""
    allowed = (np.asarray(weights) > 0).sum(-1)  # (..., Tq)
    return float((1 / allowed).mean())


def allowed_mask(T: int, *, causal: bool = False, padding_mask=None) -> torch.Tensor:
    """(T, T) bool, True where query i may attend to key j. padding_mask: (T,) bool, True = padding token
    (PyTorch's key_padding_mask convention); a padded key is hidden from every query."""
    allowed = torch.ones(T, T, dtype=torch.bool)
    if causal:
        allowed = torch.tril(allowed)  # no peeking at later tokens
    if padding_mask is not None:
        pad = as_tensor(padding_mask).to(torch.bool)
        if pad.shape != (T,):
            raise LabError(
                "attention_shape",
                f"padding_mask must have shape ({T},), got {tuple(pad.shape)}",
                what="padding_mask",
                expected=f"({T},)",
                got=str(tuple(pad.shape)),
            )
        allowed = allowed & ~pad[None, :]
    empty = (~allowed.any(dim=1)).nonzero().flatten().tolist()
    if empty:
        raise LabError("attention_row_masked", f"query row {empty[0]} may attend to no token", row=empty[0])
    return allowed


def _check(x, w_q, w_k, w_v):
    if x.dim() != 2:
        raise LabError(
            "attention_shape",
            f"x must be T×d_in, got shape {tuple(x.shape)}",
            what="X",
            expected="T×d_in",
            got=str(tuple(x.shape)),
        )
    d_in = x.shape[1]
    for name, w in (("W_Q", w_q), ("W_K", w_k), ("W_V", w_v)):
        if w.dim() != 2 or w.shape[0] != d_in:
            raise LabError(
                "attention_shape",
                f"{name} must be d_in×d_out with d_in={d_in}, got {tuple(w.shape)}",
                what=name,
                expected=f"{d_in}×d_out",
                got=str(tuple(w.shape)),
            )
    if w_q.shape[1] != w_k.shape[1]:
        raise LabError(
            "attention_shape",
            "W_Q and W_K need the same d_out (q·k is a dot product)",
            what="W_K",
            expected=f"{d_in}×{w_q.shape[1]}",
            got=str(tuple(w_k.shape)),
        )


def attention_steps(
    x, w_q, w_k, w_v, *, causal=False, temperature=1.0, padding_mask=None, bias=None
) -> AttentionSteps:
    """Q = XW_Q, K = XW_K, V = XW_V; S = QKᵀ; S/(√d_k·temperature) masked to −inf; row softmax A; Z = AV.
    bias: (b_Q, b_K, b_V) added to Q, K, V, as a trained model's nn.Linear layers do; None: no bias."""
    x = as_tensor(x)
    w_q, w_k, w_v = (as_tensor(w).to(x.dtype) for w in (w_q, w_k, w_v))
    _check(x, w_q, w_k, w_v)
    b_q, b_k, b_v = (0, 0, 0) if bias is None else (as_tensor(b).to(x.dtype) for b in bias)
    if not temperature > 0:
        raise LabError(
            "attention_temperature", f"temperature must be > 0, got {temperature}", value=temperature
        )
    T = x.shape[0]
    q = x @ w_q + b_q  # (T, d_k)
    k = x @ w_k + b_k  # (T, d_k)
    v = x @ w_v + b_v  # (T, d_v)
    scores = q @ k.T  # (T, T)
    allowed = allowed_mask(T, causal=causal, padding_mask=padding_mask)
    scaled = (scores / (math.sqrt(q.shape[1]) * temperature)).masked_fill(~allowed, -math.inf)  # (T, T)
    weights = torch.softmax(scaled, dim=-1)  # (T, T), exp(−inf) = 0 exactly
    output = weights @ v  # (T, d_v)
    return AttentionSteps(q, k, v, scores, scaled, weights, output, allowed)


def multi_head_steps(
    x, w_q, w_k, w_v, w_o, n_heads, *, causal=False, padding_mask=None, bias=None
) -> MultiHeadSteps:
    """Split W_Q, W_K, W_V column-wise into n_heads blocks of d_head = d_out / n_heads, run each head,
    concatenate the heads' outputs and multiply by W_O ((h·d_head)×d_model). bias: (b_Q, b_K, b_V, b_O)
    or None."""
    x = as_tensor(x)
    w_q, w_k, w_v, w_o = (as_tensor(w).to(x.dtype) for w in (w_q, w_k, w_v, w_o))
    _check(x, w_q, w_k, w_v)
    d_out = w_q.shape[1]
    if n_heads < 1 or d_out % n_heads or w_v.shape[1] % n_heads:
        raise LabError(
            "attention_heads",
            f"d_out={d_out} cannot be split into {n_heads} equal heads",
            d_out=d_out,
            n_heads=n_heads,
        )
    if w_o.dim() != 2 or w_o.shape[0] != w_v.shape[1]:
        raise LabError(
            "attention_shape",
            f"W_O must be (h·d_head)×d_model with h·d_head={w_v.shape[1]}",
            what="W_O",
            expected=f"{w_v.shape[1]}×d_model",
            got=str(tuple(w_o.shape)),
        )
    biases = [as_tensor(b).to(x.dtype) for b in bias] if bias is not None else None
    split = [w.chunk(n_heads, dim=-1) for w in [w_q, w_k, w_v] + (biases[:3] if biases else [])]
    heads = [
        attention_steps(
            x, *parts[:3], causal=causal, padding_mask=padding_mask, bias=parts[3:] if biases else None
        )
        for parts in zip(*split)
    ]
    concat = torch.cat([h.output for h in heads], dim=1)  # (T, h·d_head)
    return MultiHeadSteps(heads, concat, concat @ w_o + (biases[3] if biases else 0))  # (T, d_model)


@contextmanager
def one_thread():
    """torch on one thread for the calling thread inside the block (core.threads.torch_threads): matrices
    this small (T ≤ 32, d ≤ 128) gain nothing from threads and lose many-fold on a busy machine."""
    with torch_threads(1):
        yield


# ---- helpers the page explains with ----


def dot_terms(q, k, i: int, j: int) -> tuple[np.ndarray, float]:
    """S[i, j] = q_i·k_j written out: the d_k products q_i[m]·k_j[m] and their sum."""
    terms = (as_tensor(q)[i] * as_tensor(k)[j]).numpy()  # (d_k,)
    return terms, float(terms.sum())


def row_softmax_unscaled(steps: AttentionSteps) -> torch.Tensor:
    """The ablation: softmax of S itself (no ÷√d_k), with the same mask. (T, T)"""
    return torch.softmax(steps.scores.masked_fill(~steps.allowed, -math.inf), dim=-1)


@dataclass
class Saturation:
    d_k: list[int]
    scaled: list[float]  # mean over rows of the largest softmax weight, with ÷√d_k
    unscaled: list[float]  # the same without scaling: tends to 1 (one-hot) as d_k grows


def saturation(
    d_ks=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512), T: int = 8, trials: int = 64, seed: int = 0
) -> Saturation:
    """Why ÷√d_k: with q, k entries ~ N(0, 1), q·k has variance d_k, so unscaled scores grow like √d_k and
    the softmax collapses onto one key (its gradient vanishes); scaling keeps the variance at 1."""
    g = torch.Generator().manual_seed(seed)
    scaled, unscaled = [], []
    for d_k in d_ks:
        q = torch.randn(trials, T, d_k, generator=g, dtype=torch.float64)  # (B, T, d_k)
        k = torch.randn(trials, T, d_k, generator=g, dtype=torch.float64)  # (B, T, d_k)
        s = q @ k.transpose(1, 2)  # (B, T, T)
        unscaled.append(torch.softmax(s, -1).amax(-1).mean().item())
        scaled.append(torch.softmax(s / math.sqrt(d_k), -1).amax(-1).mean().item())
    return Saturation(list(d_ks), scaled, unscaled)


def cbow_weights(T: int, dtype=torch.float64) -> torch.Tensor:
    """CBOW's 'attention': for centre i, every other word of the window counts once (C5: the context
    vectors are summed). (T, T), zero diagonal; the same whatever the words are."""
    return torch.ones(T, T, dtype=dtype) - torch.eye(T, dtype=dtype)


@dataclass
class Permutation:
    perm: np.ndarray  # (T,) the new order of the rows
    permuted_first: np.ndarray  # (T, d_v) attention(P·X)
    permuted_after: np.ndarray  # (T, d_v) P·attention(X)
    delta: float  # max |attention(P·X) − P·attention(X)|


def permutation(x, w_q, w_k, w_v, perm, *, temperature=1.0, bias=None) -> Permutation:
    """attention(P·X) beside P·attention(X): without positional information attention cannot tell word
    order apart, it only permutes its output rows. (No mask: a causal mask is itself positional.)"""
    x = as_tensor(x)
    perm = np.asarray(perm)
    rows = torch.as_tensor(perm, dtype=torch.long)
    out = attention_steps(x, w_q, w_k, w_v, temperature=temperature, bias=bias).output  # (T, d_v)
    out_perm = attention_steps(x[rows], w_q, w_k, w_v, temperature=temperature, bias=bias).output
    return Permutation(perm, out_perm.numpy(), out[rows].numpy(), float((out_perm - out[rows]).abs().max()))


def permutation_check(x, w_q, w_k, w_v, perm, *, temperature=1.0) -> float:
    """max |attention(P·X) − P·attention(X)| (see permutation)."""
    return permutation(x, w_q, w_k, w_v, perm, temperature=temperature).delta


def init_weights(kind: str, d_in: int, d_out: int, seed: int = 0) -> list[np.ndarray]:
    """[W_Q, W_K, W_V] (d_in×d_out) and W_O (d_out×d_in): seeded N(0, 1/d_in) — so q·k keeps the size of
    x·x whatever d_in is — or, for kind "identity", 1 on the diagonal."""
    if kind == "identity":
        return [np.eye(d_in, d_out)] * 3 + [np.eye(d_out, d_in)]
    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal((d_in, d_out)) / np.sqrt(d_in) for _ in range(3)]
    return ws + [rng.standard_normal((d_out, d_in)) / np.sqrt(d_out)]


def for_unit_inputs(weights, x) -> tuple[list[np.ndarray], float]:
    """(weights ÷ rms(x), rms(x)): as if X were layer-normed (entries of size 1, as a Transformer's input
    is), q and k come out of size ~1, so the softmax is neither flat nor saturated (word2vec's raw vectors
    are much smaller). An all-zero x leaves the weights as they are."""
    rms = float(np.sqrt(np.mean(np.asarray(x, dtype=np.float64) ** 2))) or 1.0
    return [w / rms for w in weights], rms


def cbow_rows(T: int, window: int | None = None, padding_mask=None) -> np.ndarray:
    """CBOW's 'attention' as rows of weights, to compare with attention's A: for centre i, each word within
    ±window of it (word2vec's window; the centre itself excluded, padding counted as no context) weighs
    1/(number of such words), every other word 0. `window` None: the whole sentence. (T, T), rows of 1
    (a row with no context at all stays 0)."""
    real = np.ones(T, dtype=bool) if padding_mask is None else ~np.asarray(padding_mask, dtype=bool)
    cbow = cbow_weights(T).numpy() * real[None, :]  # (T, T)
    if window is not None:
        offset = np.abs(np.arange(T)[:, None] - np.arange(T)[None, :])  # (T, T) |i − j|
        cbow = cbow * (offset <= window)
    return cbow / np.maximum(cbow.sum(1, keepdims=True), 1)


# ---- references: the same numbers from PyTorch ----


def sdpa_reference(steps: AttentionSteps, temperature: float = 1.0) -> torch.Tensor:
    """torch's scaled_dot_product_attention on our q, k, v and mask. Its boolean attn_mask means
    True = may attend (the opposite of nn.MultiheadAttention's)."""
    scale = 1.0 / (math.sqrt(steps.q.shape[1]) * temperature)
    return F.scaled_dot_product_attention(steps.q, steps.k, steps.v, attn_mask=steps.allowed, scale=scale)


def mha_reference(
    x, w_q, w_k, w_v, w_o, n_heads, *, causal=False, padding_mask=None, bias=None
) -> tuple[torch.Tensor, torch.Tensor]:
    """nn.MultiheadAttention given the same weights (and biases (b_Q, b_K, b_V, b_O), if any): (output
    (T, d_model), per-head weights (h, T, T)). It stores nn.Linear weights (out×in), i.e. the transposes;
    it needs d_in = d_out = d_model = E."""
    x = as_tensor(x)
    w_q, w_k, w_v, w_o = (as_tensor(w).to(x.dtype) for w in (w_q, w_k, w_v, w_o))
    E = x.shape[1]
    if not (w_q.shape == w_k.shape == w_v.shape == w_o.shape == (E, E)):
        raise LabError(
            "attention_mha_shape",
            "nn.MultiheadAttention needs d_in = d_out = d_model",
            d_in=E,
            d_out=w_q.shape[1],
        )
    mha = torch.nn.MultiheadAttention(E, n_heads, bias=bias is not None, dtype=x.dtype)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([w_q.T, w_k.T, w_v.T]))  # (3E, E): rows [:E] are W_Qᵀ
        mha.out_proj.weight.copy_(w_o.T)  # (E, E)
        if bias is not None:
            mha.in_proj_bias.copy_(torch.cat([as_tensor(b).to(x.dtype) for b in bias[:3]]))  # (3E,)
            mha.out_proj.bias.copy_(as_tensor(bias[3]).to(x.dtype))
        # MHA's boolean masks: True = NOT allowed (the opposite of SDPA's).
        mask = ~torch.tril(torch.ones(x.shape[0], x.shape[0], dtype=torch.bool)) if causal else None
        pad = None if padding_mask is None else as_tensor(padding_mask).to(torch.bool)  # (T,) True = padding
        out, weights = mha(
            x, x, x, attn_mask=mask, key_padding_mask=pad, need_weights=True, average_attn_weights=False
        )
    return out, weights


@dataclass
class Trust:
    sdpa: float  # max|Δ| of the output vs scaled_dot_product_attention
    mha: float | None  # max|Δ| of multi-head output and per-head weights vs nn.MultiheadAttention


def trust(
    steps: AttentionSteps,
    multi: MultiHeadSteps | None,
    x,
    w_q,
    w_k,
    w_v,
    w_o,
    n_heads,
    *,
    temperature=1.0,
    causal=False,
    padding_mask=None,
    bias=None,
) -> Trust:
    """Live max|Δ| of our step-through against PyTorch's own attention (None when MHA's shapes don't fit);
    bias: the multi-head biases (b_Q, b_K, b_V, b_O) or None."""
    sdpa = float((steps.output - sdpa_reference(steps, temperature)).abs().max())
    mha = None
    if multi is not None and as_tensor(x).shape[1] == as_tensor(w_q).shape[1] == as_tensor(w_o).shape[1]:
        out, weights = mha_reference(
            x, w_q, w_k, w_v, w_o, n_heads, causal=causal, padding_mask=padding_mask, bias=bias
        )
        ours = torch.stack([h.weights for h in multi.heads])  # (h, T, T)
        mha = max(float((multi.output - out).abs().max()), float((ours - weights).abs().max()))
    return Trust(sdpa, mha)
