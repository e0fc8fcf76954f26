"""core.attention against PyTorch's own attention (float64, atol 1e-10), on random cases."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from core import attention as att
from core.errors import LabError

ATOL = 1e-10
MASKS = st.sampled_from(["none", "causal", "padding", "both"])


def case(seed, T, d_in, d_out, d_v=None):
    """Random X (T×d_in) and lecture-layout weights W_Q, W_K (d_in×d_out), W_V (d_in×d_v)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((T, d_in))
    return (
        x,
        rng.standard_normal((d_in, d_out)),
        rng.standard_normal((d_in, d_out)),
        rng.standard_normal((d_in, d_v or d_out)),
    )


def padding_for(mask, T, seed):
    """Pad the last 1..T-1 tokens (never the first: with causal, query 0 would see nothing)."""
    if mask not in ("padding", "both") or T < 2:
        return None
    n_pad = 1 + seed % (T - 1)
    return np.arange(T) >= T - n_pad


def close(a, b):
    return torch.allclose(torch.as_tensor(a), torch.as_tensor(b), atol=ATOL, rtol=0)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    T=st.integers(1, 9),
    d_in=st.integers(1, 10),
    d_out=st.integers(1, 10),
    d_v=st.integers(1, 10),
    mask=MASKS,
    temperature=st.sampled_from([1.0, 0.3, 2.5]),
)
def test_every_step_equals_torch(seed, T, d_in, d_out, d_v, mask, temperature):
    x, w_q, w_k, w_v = case(seed, T, d_in, d_out, d_v)
    causal = mask in ("causal", "both")
    pad = padding_for(mask, T, seed)
    s = att.attention_steps(x, w_q, w_k, w_v, causal=causal, temperature=temperature, padding_mask=pad)

    xt = torch.as_tensor(x)
    # PyTorch's nn.Linear layout stores the transpose: Q = F.linear(X, W_Qᵀ).
    q, k, v = (F.linear(xt, torch.as_tensor(w).T) for w in (w_q, w_k, w_v))
    assert close(s.q, q) and close(s.k, k) and close(s.v, v)
    assert close(s.scores, torch.einsum("id,jd->ij", q, k))

    allowed = torch.ones(T, T, dtype=torch.bool)
    if causal:
        allowed = allowed.tril()
    if pad is not None:
        allowed &= ~torch.as_tensor(pad)[None, :]
    scale = 1 / (math.sqrt(d_out) * temperature)
    assert torch.equal(torch.isinf(s.scaled), ~allowed)
    assert close(s.scaled[allowed], (q @ k.T * scale)[allowed])

    # SDPA with V = I returns the weights themselves; with V, the output. (Its bool mask: True = attend.)
    eye = torch.eye(T, dtype=torch.float64)
    assert close(s.weights, F.scaled_dot_product_attention(q, k, eye, attn_mask=allowed, scale=scale))
    assert close(s.output, F.scaled_dot_product_attention(q, k, v, attn_mask=allowed, scale=scale))

    assert close(s.weights.sum(dim=1), torch.ones(T, dtype=torch.float64))
    assert (s.weights[~allowed] == 0).all()  # exactly zero, not merely tiny
    assert (s.weights[allowed] > 0).all()


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    T=st.integers(1, 9),
    n_heads=st.sampled_from([1, 2, 3, 4]),
    d_head=st.integers(1, 4),
    mask=MASKS,
)
def test_multi_head_equals_nn_multihead_attention(seed, T, n_heads, d_head, mask):
    E = n_heads * d_head  # MHA needs d_in = d_out = d_model
    x, w_q, w_k, w_v = case(seed, T, E, E)
    w_o = np.random.default_rng(seed + 1).standard_normal((E, E))
    causal = mask in ("causal", "both")
    pad = padding_for(mask, T, seed)
    ours = att.multi_head_steps(x, w_q, w_k, w_v, w_o, n_heads, causal=causal, padding_mask=pad)

    mha = torch.nn.MultiheadAttention(E, n_heads, bias=False, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.as_tensor(np.concatenate([w_q.T, w_k.T, w_v.T])))  # [:E] = W_Qᵀ
        mha.out_proj.weight.copy_(torch.as_tensor(w_o.T))
        # MHA's boolean masks mean True = NOT allowed (the opposite of SDPA's).
        attn_mask = torch.ones(T, T, dtype=torch.bool).triu(1) if causal else None
        kpm = None if pad is None else torch.as_tensor(pad)
        out, weights = mha(
            *(torch.as_tensor(x),) * 3, attn_mask=attn_mask, key_padding_mask=kpm, average_attn_weights=False
        )
    assert close(ours.output, out)
    assert close(torch.stack([h.weights for h in ours.heads]), weights)  # (h, T, T)
    assert ours.concat.shape == (T, E)
    # The heads are independent single-head attentions on column blocks of the weights.
    h0 = att.attention_steps(
        x, w_q[:, :d_head], w_k[:, :d_head], w_v[:, :d_head], causal=causal, padding_mask=pad
    )
    assert close(ours.heads[0].output, h0.output)
    assert (
        att.trust(ours.heads[0], ours, x, w_q, w_k, w_v, w_o, n_heads, causal=causal, padding_mask=pad).mha
        < ATOL
    )


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), T=st.integers(2, 10), d_in=st.integers(1, 8), d_out=st.integers(1, 8))
def test_permutation_equivariance(seed, T, d_in, d_out):
    x, w_q, w_k, w_v = case(seed, T, d_in, d_out)
    perm = np.random.default_rng(seed).permutation(T)
    out = att.attention_steps(x, w_q, w_k, w_v).output
    out_perm = att.attention_steps(x[perm], w_q, w_k, w_v).output
    assert close(out_perm, out[perm])
    assert att.permutation_check(x, w_q, w_k, w_v, perm) < ATOL


def test_causal_mask_breaks_permutation_equivariance():
    """The helper's claim is not vacuous: a causal mask is positional, so order then matters."""
    x, w_q, w_k, w_v = case(3, 5, 4, 4)
    perm = np.array([4, 3, 2, 1, 0])
    out = att.attention_steps(x, w_q, w_k, w_v, causal=True).output
    out_perm = att.attention_steps(x[perm], w_q, w_k, w_v, causal=True).output
    assert (out_perm - out[perm]).abs().max() > 1e-3


def test_numpy_and_torch_inputs_agree_and_keep_dtype():
    x, w_q, w_k, w_v = case(7, 4, 3, 2)
    a = att.attention_steps(x, w_q, w_k, w_v)
    b = att.attention_steps(*(torch.as_tensor(m) for m in (x, w_q, w_k, w_v)))
    assert a.output.dtype == torch.float64 and torch.equal(a.output, b.output)
    c = att.attention_steps(x.astype(np.float32), w_q, w_k, w_v)
    assert c.output.dtype == torch.float32
    assert (c.output.double() - a.output).abs().max() < 1e-4  # float32 rounding, not a different formula


def test_dot_terms_expand_a_score_cell():
    x, w_q, w_k, w_v = case(11, 5, 6, 4)
    s = att.attention_steps(x, w_q, w_k, w_v)
    terms, total = att.dot_terms(s.q, s.k, 3, 1)
    assert terms.shape == (4,)
    assert np.allclose(terms, s.q[3].numpy() * s.k[1].numpy(), atol=ATOL)
    assert math.isclose(total, float(s.scores[3, 1]), abs_tol=ATOL)


def test_temperature_sharpens_and_flattens():
    x, w_q, w_k, w_v = case(5, 6, 8, 8)
    peak = [
        att.attention_steps(x, w_q, w_k, w_v, temperature=t).weights.amax(1).mean() for t in (0.2, 1.0, 5.0)
    ]
    assert peak[0] > peak[1] > peak[2]


def test_unscaled_softmax_saturates_as_d_k_grows():
    sat = att.saturation(d_ks=(1, 16, 512), trials=32)
    assert sat.unscaled[0] == pytest.approx(sat.scaled[0])  # d_k = 1: scaling changes nothing
    assert sat.unscaled[-1] > 0.9  # almost one-hot
    assert max(sat.scaled) < 0.5  # stays spread out
    assert sat.unscaled[0] < sat.unscaled[1] < sat.unscaled[2]


def test_unscaled_ablation_is_softmax_of_raw_scores():
    x, w_q, w_k, w_v = case(2, 5, 6, 6)
    s = att.attention_steps(x, w_q, w_k, w_v, causal=True)
    d_k = 6
    # Temperature 1/√d_k cancels the scaling: an independent route to the same numbers.
    assert close(
        att.row_softmax_unscaled(s),
        att.attention_steps(x, w_q, w_k, w_v, causal=True, temperature=1 / math.sqrt(d_k)).weights,
    )


def test_cbow_weights_ignore_the_words():
    u = att.cbow_weights(4)
    assert torch.equal(u.diagonal(), torch.zeros(4, dtype=torch.float64))
    x, w_q, w_k, w_v = case(1, 4, 3, 3)
    # CBOW's hidden vector for centre i = sum of the other rows of X, whatever their content.
    assert close(u @ torch.as_tensor(x), torch.as_tensor(x).sum(0) - torch.as_tensor(x))


def test_sdpa_reference_matches():
    x, w_q, w_k, w_v = case(9, 7, 5, 3)
    pad = np.array([0, 0, 0, 0, 0, 1, 1], dtype=bool)
    s = att.attention_steps(x, w_q, w_k, w_v, causal=True, temperature=0.5, padding_mask=pad)
    assert att.trust(s, None, x, w_q, w_k, w_v, None, 1, temperature=0.5).sdpa < ATOL


@pytest.mark.parametrize(
    "bad",
    [
        dict(x=np.zeros(3)),
        dict(w_q=np.zeros((2, 4))),
        dict(w_k=np.zeros((3, 5))),
    ],
)
def test_bad_shapes_raise_lab_error(bad):
    args = dict(x=np.zeros((4, 3)), w_q=np.zeros((3, 4)), w_k=np.zeros((3, 4)), w_v=np.zeros((3, 4))) | bad
    with pytest.raises(LabError) as e:
        att.attention_steps(**args)
    assert e.value.code == "attention_shape"


def test_other_bad_inputs_raise_lab_error():
    x, w_q, w_k, w_v = case(0, 3, 4, 4)
    with pytest.raises(LabError, match="temperature"):
        att.attention_steps(x, w_q, w_k, w_v, temperature=0)
    with pytest.raises(LabError) as e:  # causal query 0 sees only a padded key
        att.attention_steps(x, w_q, w_k, w_v, causal=True, padding_mask=[True, False, False])
    assert e.value.code == "attention_row_masked" and e.value.params == {"row": 0}
    with pytest.raises(LabError) as e:
        att.multi_head_steps(x, w_q, w_k, w_v, np.zeros((4, 4)), 3)
    assert e.value.code == "attention_heads"


def test_one_thread_is_per_thread_and_restored():
    import threading

    before = torch.get_num_threads()
    inside, release, seen = threading.Event(), threading.Event(), {}

    def worker():
        with att.one_thread():
            seen["inside"] = torch.get_num_threads()
            inside.set()
            release.wait(10)
        seen["after"] = torch.get_num_threads()

    th = threading.Thread(target=worker)
    th.start()
    inside.wait(10)
    seen["main_meanwhile"] = torch.get_num_threads()  # another session's thread is not slowed down
    release.set()
    th.join()
    assert seen == {"inside": 1, "main_meanwhile": before, "after": before}


@pytest.mark.parametrize("causal", [False, True])
def test_biases_as_a_trained_model_has_them_equal_nn_multihead_attention(causal):
    """A trained Transformer's q, k, v carry biases (nn.Linear): Q = X·W_Q + b_Q. With them the heads still
    equal nn.MultiheadAttention holding the same weights and biases."""
    T, n_heads, E = 5, 2, 6
    x, w_q, w_k, w_v = case(7, T, E, E)
    rng = np.random.default_rng(8)
    w_o, bias = rng.standard_normal((E, E)), [rng.standard_normal(E) for _ in range(4)]
    ours = att.multi_head_steps(x, w_q, w_k, w_v, w_o, n_heads, causal=causal, bias=bias)
    out, weights = att.mha_reference(x, w_q, w_k, w_v, w_o, n_heads, causal=causal, bias=bias)
    assert close(ours.output, out) and close(torch.stack([h.weights for h in ours.heads]), weights)
    plain = att.attention_steps(x, w_q[:, :3], w_k[:, :3], w_v[:, :3], causal=causal)
    biased = ours.heads[0]
    assert close(biased.q, plain.q + torch.as_tensor(bias[0][:3]))  # the bias shifts every row of Q
    assert att.trust(biased, ours, x, w_q, w_k, w_v, w_o, n_heads, causal=causal, bias=bias).mha < ATOL


def test_uniform_weight_counts_only_the_keys_a_row_may_read():
    """An even spread is 1/T per key without a mask; under a causal mask row i reads i+1 keys."""
    T = 4
    scores = torch.randn(T, T, dtype=torch.float64)
    full = torch.softmax(scores, -1).numpy()
    causal = torch.softmax(scores.masked_fill(torch.ones(T, T).triu(1).bool(), float("-inf")), -1).numpy()
    assert att.uniform_weight(full) == pytest.approx(1 / T)
    assert att.uniform_weight(causal) == pytest.approx(sum(1 / (i + 1) for i in range(T)) / T)
    assert att.uniform_weight(np.stack([full, full])) == pytest.approx(1 / T)
