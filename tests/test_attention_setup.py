"""The core helpers behind the Attention page's controls: weights, their rescaling, CBOW's rows, and the
permutation experiment computed once."""

import numpy as np
import pytest
import torch

from core import attention as att


def test_init_weights_shapes_scale_and_seed():
    w_q, w_k, w_v, w_o = att.init_weights("random", 64, 16, seed=3)
    assert w_q.shape == w_k.shape == w_v.shape == (64, 16) and w_o.shape == (16, 64)
    assert np.std(np.concatenate([w_q, w_k, w_v])) == pytest.approx(1 / np.sqrt(64), rel=0.1)  # N(0, 1/d_in)
    again = att.init_weights("random", 64, 16, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(again, (w_q, w_k, w_v, w_o)))
    assert not np.array_equal(att.init_weights("random", 64, 16, seed=4)[0], w_q)
    eye = att.init_weights("identity", 3, 2)
    np.testing.assert_array_equal(eye[0], [[1, 0], [0, 1], [0, 0]])
    np.testing.assert_array_equal(eye[3], [[1, 0, 0], [0, 1, 0]])


def test_for_unit_inputs_divides_by_the_rms_of_x():
    x = np.full((4, 3), 0.5)
    ws = [np.ones((3, 2)), 2 * np.ones((3, 2))]
    scaled, rms = att.for_unit_inputs(ws, x)
    assert rms == pytest.approx(0.5)
    np.testing.assert_allclose(scaled[1], 4.0)
    # q = (x / rms) · W: what a layer-normed X would give
    np.testing.assert_allclose(x @ scaled[0], (x / 0.5) @ ws[0])
    assert att.for_unit_inputs(ws, np.zeros((2, 3)))[1] == 1.0  # nothing to scale by


def test_cbow_rows_ignore_padding_and_sum_to_one():
    pad = np.array([False, False, False, True])
    rows = att.cbow_rows(4, padding_mask=pad)
    np.testing.assert_allclose(rows[:, 3], 0)  # padding is no context
    np.testing.assert_allclose(rows.sum(1), 1)
    np.testing.assert_allclose(rows[0], [0, 0.5, 0.5, 0])
    np.testing.assert_allclose(att.cbow_rows(3), (1 - np.eye(3)) / 2)


@pytest.mark.parametrize("T, window", [(9, 2), (12, 1), (5, 4), (17, 5)])
def test_cbow_rows_average_the_window_only(T, window):
    rows = att.cbow_rows(T, window)
    i, j = np.indices((T, T))
    np.testing.assert_allclose(rows.sum(1), 1)
    assert (rows[np.abs(i - j) > window] == 0).all()  # nothing outside ±window
    np.testing.assert_array_equal(rows.diagonal(), 0)  # the centre is what CBOW predicts, not context
    inside = (np.abs(i - j) <= window) & (i != j)
    # uniform over the neighbours the sentence has: 1/(count) each, e.g. 1/(2·window) in the middle
    np.testing.assert_allclose(rows[inside], (1 / inside.sum(1, keepdims=True) * np.ones((T, T)))[inside])
    if T > 2 * window + 1:
        assert rows[window, window + 1] == pytest.approx(1 / (2 * window))


def test_cbow_window_excludes_padding():
    pad = np.array([False, False, False, True, True])
    rows = att.cbow_rows(5, 2, pad)
    np.testing.assert_allclose(rows[:, 3:], 0)
    np.testing.assert_allclose(rows[2], [0.5, 0.5, 0, 0, 0])


def test_permutation_permutes_the_output_rows_against_torch():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 4))
    w_q, w_k, w_v, _ = att.init_weights("random", 4, 4, seed=1)
    perm = np.array([4, 2, 0, 1, 3])
    p = att.permutation(x, w_q, w_k, w_v, perm, temperature=0.5)
    q, k, v = (torch.tensor(x @ w) for w in (w_q, w_k, w_v))
    ref = torch.nn.functional.scaled_dot_product_attention(q, k, v, scale=1 / (2 * 0.5)).numpy()  # √d_k = 2
    np.testing.assert_allclose(p.permuted_after, ref[perm], atol=1e-10)
    np.testing.assert_allclose(p.permuted_first, p.permuted_after, atol=1e-10)
    assert p.delta == att.permutation_check(x, w_q, w_k, w_v, perm, temperature=0.5) < 1e-10
