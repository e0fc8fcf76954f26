"""The core helpers behind the Space page's panels (core.space) and the one cache key (core.fingerprint)."""

import numpy as np
import pytest

from core.fingerprint import fingerprint
from core.space import category_totals, force_arrows, forces, split_words


def test_fingerprint_tells_shape_dtype_and_bytes_apart():
    a = np.arange(6, dtype=np.float32)
    assert fingerprint(a) == fingerprint(a.copy()) == fingerprint(np.asfortranarray(a))
    others = [
        a.reshape(2, 3),
        a.reshape(3, 2),
        a.astype(np.float64),
        a.astype(np.int32),
        a + 1,
        a.view(np.int32),
    ]  # same bytes as `a`, another dtype
    keys = {fingerprint(a), *(fingerprint(o) for o in others)}
    assert len(keys) == 1 + len(others)
    assert fingerprint(a.reshape(2, 3).T) == fingerprint(np.ascontiguousarray(a.reshape(2, 3).T))
    assert fingerprint(a, None) != fingerprint(a) != fingerprint(None, a)
    assert fingerprint(a[:3], a[3:]) != fingerprint(a[:2], a[2:])  # where one array ends counts too


def test_split_words_on_spaces_and_both_languages_commas():
    assert split_words("红 绿，黄、苹果") == ["红", "绿", "黄", "苹果"]
    assert split_words(" red, green ,yellow  apple ") == ["red", "green", "yellow", "apple"]
    assert split_words("  ") == [] and split_words("") == []


def test_category_totals_sum_each_categorys_probability():
    words = ["红", "绿", "甜", "苹果", "的"]
    probs = np.array([0.3, 0.2, 0.1, 0.25, 0.15])
    categories = {"红": "colour", "绿": "colour", "甜": "taste", "苹果": "fruit"}
    totals = category_totals(probs, words, categories, "other")
    assert [c for c, _ in totals] == ["taste", "other", "fruit", "colour"]  # smallest first
    assert dict(totals) == pytest.approx({"colour": 0.5, "taste": 0.1, "fruit": 0.25, "other": 0.15})
    assert sum(p for _, p in totals) == pytest.approx(1.0)


def test_force_arrows_chain_to_the_resultant_and_scale_the_centre_to_it():
    rng = np.random.default_rng(7)
    W, W_prime = (
        rng.standard_normal((12, 2)).astype(np.float32),
        rng.standard_normal((12, 2)).astype(np.float32),
    )
    f = forces([1, 2, 3, 4, 5], 2, W, W_prime, window=2)
    arrows = force_arrows(f, np.eye(2), W_prime)  # the plane is the space itself: nothing is lost
    np.testing.assert_allclose(arrows.chain[0], 0)
    np.testing.assert_allclose(np.diff(arrows.chain, axis=0), W[[1, 2, 4, 5]], atol=1e-6)  # head to tail
    np.testing.assert_allclose(arrows.chain[-1], arrows.resultant, atol=1e-5)
    np.testing.assert_allclose(arrows.resultant, W[[1, 2, 4, 5]].sum(0), atol=1e-5)
    length = np.linalg.norm(arrows.resultant)
    for drawn, vector in ((arrows.centre, W[3]), (arrows.output, W_prime[3])):
        assert np.linalg.norm(drawn) == pytest.approx(length, rel=1e-5)  # only the direction differs
        assert drawn @ vector / (length * np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)
    W_prime[3] = 0
    assert force_arrows(f, np.eye(2), W_prime).output is None and force_arrows(f, np.eye(2)).output is None
    basis = rng.standard_normal((2, 2))  # any plane: the drawing is the linear image of the vectors
    np.testing.assert_allclose(force_arrows(f, basis).resultant, f.resultant @ basis, atol=1e-5)
