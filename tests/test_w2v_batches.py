"""core.w2v_batches.chunk_windows against a per-token loop: on random small corpora and settings, a chunk
holds exactly the windows of its sentences (after subsampling), in corpus order, each context row laid out
as the kernel reads it, and negatives drawn from the unigram table.
(windows() itself is checked against its own per-token loop in test_corpus.py.)"""

from collections import Counter

import numpy as np
import pytest

import core.w2v_batches as w2v_batches
from core.w2v_batches import windows

SEEDS = range(12)


def _case(seed: int):
    """A random corpus (sentences of 1–12 words over a small vocabulary, so words repeat), a chunk of
    whole sentences in it, and settings; keep_prob is None or 0/1 per word so subsampling is known."""
    rng = np.random.default_rng(seed)
    V = int(rng.integers(3, 15))
    lengths = rng.integers(1, 13, size=int(rng.integers(1, 20)))
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    ids = rng.integers(0, V, size=int(starts[-1])).astype(np.int32)
    k0, k1 = sorted(rng.choice(len(starts), size=2, replace=False))
    keep = None if seed % 3 == 0 else (rng.random(V) < 0.7).astype(np.float64)
    window = int(rng.integers(1, 6))
    return ids, starts, int(starts[k0]), int(starts[k1]), keep, window


def _reference(ids, starts, begin, end, keep, window):
    """[(centre, [bag for b = 1..window])] of every word of the sentences in ids[begin:end], in corpus
    order: the dropped words removed first, then the words within b of the centre in its sentence (left
    ones, then right ones). Words left alone in their sentence have no bag and no entry."""
    out = []
    for a, z in zip(starts[:-1], starts[1:]):
        if begin <= a and z <= end:
            sentence = [int(w) for w in ids[a:z] if keep is None or keep[w] == 1]
            for i, centre in enumerate(sentence):
                bags = [
                    sentence[max(0, i - b) : i] + sentence[i + 1 : i + 1 + b] for b in range(1, window + 1)
                ]
                if bags[-1]:
                    out.append((centre, bags))
    return out


def _windows_of(centres, contexts, negatives, window, table, negative):
    """[(centre, bag)] read from chunk_windows' arrays, after checking their shapes, that each context row
    holds its left words (nearest last) then its right words, -1 elsewhere, and that every negative is a
    draw from the unigram table."""
    n = len(centres)
    assert contexts.shape == (n, 2 * window) and negatives.shape == (n, negative)
    assert set(np.unique(negatives).tolist()) <= set(np.unique(table).tolist())
    out = []
    for centre, row in zip(centres.tolist(), contexts.tolist()):
        left, right = row[:window], row[window:]
        left_words = [w for w in left if w >= 0]
        right_words = [w for w in right if w >= 0]
        assert left == [-1] * (window - len(left_words)) + left_words  # contiguous, next to the centre
        assert right == right_words + [-1] * (window - len(right_words))
        out.append((centre, left_words + right_words))
    return out


def _chunk(case, seed, negative=3):
    ids, starts, begin, end, keep, window = case
    table = w2v_batches.unigram_table(np.bincount(ids, minlength=ids.max() + 1) + 1)
    arrays = w2v_batches.chunk_windows(
        ids, starts, begin, end, keep, window, table, negative, np.random.default_rng(seed)
    )
    return _windows_of(*arrays, window, table, negative)


@pytest.mark.parametrize("seed", SEEDS)
def test_full_windows_equal_the_per_token_loop(seed, monkeypatch):
    """Without the random shrink (word2vec's b), the chunk holds exactly the reference's windows."""
    case = _case(seed)
    ids, starts, begin, end, keep, window = case
    monkeypatch.setattr(
        w2v_batches,
        "windows",
        lambda ids, starts, window, rng: windows(ids, starts, window, rng, shrink=False),
    )
    got = _chunk(case, seed)
    expected = [(centre, bags[-1]) for centre, bags in _reference(ids, starts, begin, end, keep, window)]
    assert got == expected
    pairs = Counter((c, w) for c, bag in got for w in bag)
    assert pairs == Counter((c, w) for c, bag in expected for w in bag)


@pytest.mark.parametrize("seed", SEEDS)
def test_shrunk_windows_are_the_per_token_loops_for_some_b(seed):
    """With the shrink, each centre's bag is the reference's bag for some b in 1..window (exact at
    window 1), and the windows come in corpus order, one per word that has a neighbour."""
    case = _case(seed)
    got = _chunk(case, seed)
    expected = _reference(*case)
    assert [c for c, _ in got] == [c for c, _ in expected]
    assert all(bag in bags for (_, bag), (_, bags) in zip(got, expected))


def test_the_cases_cover_the_edges():
    """The random cases include what could go wrong: one-word sentences, dropped words, window 1 and 5,
    chunks starting mid-corpus, and a chunk with no window at all."""
    cases = [_case(seed) for seed in SEEDS]
    assert any((np.diff(starts) == 1).any() for _, starts, *_ in cases)
    assert any(keep is not None and (keep == 0).any() for *_, keep, _ in cases)
    assert {1, 5} <= {window for *_, window in cases}
    assert any(begin > 0 for _, _, begin, *_ in cases)
    assert any(not _reference(*case) for case in cases)
