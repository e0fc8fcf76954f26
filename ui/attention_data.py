"""The Attention page's inputs and weights as the student chose them, and what is computed from them:
cached per process under the matrices' fingerprint, `inputs`, computed once per run (the cached
functions take the matrices as unhashed `_` arguments: hashing ~0.4 MB of float64 on every call cost
more than the arithmetic)."""

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import attention as att


@dataclass
class Inputs:
    x: np.ndarray  # (T, d_in), padding rows included
    labels: list[str]  # (T,) the tokens, then PAD
    x_cols: list[str]  # (d_in,) the columns' names
    pad: np.ndarray | None  # (T,) True = padding, or None
    n_real: int  # tokens before the padding
    mask: str  # "none", "causal" or "padding"


@dataclass
class Weights:
    w_q: np.ndarray  # (d_in, d_out)
    w_k: np.ndarray
    w_v: np.ndarray
    w_o: np.ndarray  # (d_out, d_in)
    layout: str  # "torch" or "lecture"
    temperature: float
    n_heads: int
    bias: tuple | None = None  # (b_Q, b_K, b_V, b_O), each (d_out,): a trained model's, else None
    head: int | None = None  # a trained model's head the step-through follows, else None (all of W)

    def one_head(self) -> tuple:
        """(W_Q, W_K, W_V, (b_Q, b_K, b_V) or None) of the step-through: the head's columns of a trained
        model's weights, or the whole matrices."""
        if self.head is None:
            return self.w_q, self.w_k, self.w_v, None
        d_k = self.w_q.shape[1] // self.n_heads
        cols = slice(self.head * d_k, (self.head + 1) * d_k)
        parts = [m[:, cols] for m in (self.w_q, self.w_k, self.w_v)]
        return *parts, tuple(b[cols] for b in self.bias[:3])


@st.cache_data(show_spinner=False, max_entries=64)
def single_head(inputs, _x, _w_q, _w_k, _w_v, _pad, causal, temperature, _bias=None, head=None):
    """Every matrix of the step-through as numpy (float64), and max|Δ| against torch's SDPA. `inputs`
    and `head` key the cache (the matrices are the head's columns when a head is given)."""
    with att.one_thread():
        s = att.attention_steps(
            _x, _w_q, _w_k, _w_v, causal=causal, temperature=temperature, padding_mask=_pad, bias=_bias
        )
        sdpa = att.trust(s, None, _x, _w_q, _w_k, _w_v, None, 1, temperature=temperature).sdpa
        unscaled = att.row_softmax_unscaled(s).numpy()
    return dict(
        q=s.q.numpy(),
        k=s.k.numpy(),
        v=s.v.numpy(),
        scores=s.scores.numpy(),
        scaled=s.scaled.numpy(),
        weights=s.weights.numpy(),
        output=s.output.numpy(),
        unscaled=unscaled,
        sdpa=sdpa,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def multi_head(inputs, _x, _w_q, _w_k, _w_v, _w_o, _pad, n_heads, causal, _bias=None):
    """The heads' weights, their concatenation, ·W_O, and max|Δ| against nn.MultiheadAttention."""
    with att.one_thread():
        m = att.multi_head_steps(
            _x, _w_q, _w_k, _w_v, _w_o, n_heads, causal=causal, padding_mask=_pad, bias=_bias
        )
        mha = att.trust(
            m.heads[0], m, _x, _w_q, _w_k, _w_v, _w_o, n_heads, causal=causal, padding_mask=_pad, bias=_bias
        ).mha
    return dict(
        head_weights=[h.weights.numpy() for h in m.heads],
        concat=m.concat.numpy(),
        output=m.output.numpy(),
        mha=mha,
    )


@st.cache_data(show_spinner=False)
def saturation():
    with att.one_thread():
        return att.saturation()


@st.cache_data(show_spinner=False, max_entries=16)
def permuted(inputs, _x, _w_q, _w_k, _w_v, temperature, seed, _bias=None, head=None) -> att.Permutation:
    with att.one_thread():
        return att.permutation(
            _x,
            _w_q,
            _w_k,
            _w_v,
            np.random.default_rng(seed).permutation(_x.shape[0]),
            temperature=temperature,
            bias=_bias,
        )


@st.cache_resource(show_spinner=False, max_entries=32)
def weights(kind, d_in, d_out, seed):
    """core.attention.init_weights, shared across sessions: never modified."""
    return att.init_weights(kind, d_in, d_out, seed)
