"""core.w2v_batches.chunk_batches against a per-token loop: on random small corpora and settings, its batches
hold exactly the windows of the chunk's sentences (after subsampling), in corpus order, and each batch's
bags, grid, mask, cells and owners say the same thing. (windows() itself is checked in test_corpus.py.)"""

from collections import Counter

import numpy as np
import pytest

import core.w2v_batches as w2v_batches
from core.corpus import windows

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
    window, batch = int(rng.integers(1, 6)), int(rng.choice([1, 2, 5, 16, 1000]))
    return ids, starts, int(starts[k0]), int(starts[k1]), keep, window, batch


def _reference(ids, starts, begin, end, keep, window):
    """[(centre, [bag for b = 1..window])] of every word of the sentences in ids[begin:end], in corpus
    order: the dropped words removed first, then the words within b of the centre in its sentence (left
    ones, then right ones). Words left alone in their sentence have no bag and no entry."""
    out = []
    for a, z in zip(starts[:-1], starts[1:]):
        if begin <= a and z <= end:
            sentence = [int(w) for w in ids[a:z] if keep is None or keep[w] == 1]
            for i, centre in enumerate(sentence):
                bags = [sentence[max(0, i - b):i] + sentence[i + 1:i + 1 + b] for b in range(1, window + 1)]
                if bags[-1]:
                    out.append((centre, bags))
    return out


def _windows_of(batches, batch, raw):
    """[(centre, bag)] read from the batches' flat bags, after checking that every other view of a batch
    (owner, grid, mask, cells) and the cut into batches agree with them."""
    out = []
    for j, b in enumerate(batches):
        n = len(b.centre)
        assert 1 <= n <= batch and (n == batch or j == len(batches) - 1)
        sizes, offsets = b.sizes.numpy(), b.offsets.numpy()
        assert (sizes >= 1).all() and offsets.tolist() == (np.cumsum(sizes) - sizes).tolist()
        assert len(b.context) == sizes.sum() and b.owner.tolist() == np.repeat(np.arange(n), sizes).tolist()
        assert b.grid.shape == b.mask.shape == (n, sizes.max())
        assert sorted(set(b.cells.tolist())) == b.cells.tolist()       # each context word has its own cell
        assert b.grid.reshape(-1)[b.cells].tolist() == b.context.tolist()
        assert b.mask.sum() == len(b.cells) and (b.mask.reshape(-1)[b.cells] == 1).all()
        for row in range(n):
            bag = b.context[offsets[row]:offsets[row] + sizes[row]].tolist()
            assert b.grid[row].tolist() == bag + [0] * (b.grid.shape[1] - len(bag))
            assert b.mask[row].tolist() == [1.0] * len(bag) + [0.0] * (b.grid.shape[1] - len(bag))
            out.append((int(b.centre[row]), bag))
    assert not batches or sum(b.words for b in batches) == raw    # every raw token is counted once
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_full_windows_equal_the_per_token_loop(seed, monkeypatch):
    """Without the random shrink (word2vec's b), the batches hold exactly the reference's windows."""
    ids, starts, begin, end, keep, window, batch = _case(seed)
    monkeypatch.setattr(w2v_batches, "windows", lambda ids, starts, window, rng:
                        windows(ids, starts, window, rng, shrink=False))
    got = _windows_of(w2v_batches.chunk_batches(ids, starts, begin, end, keep, window, batch,
                                                np.random.default_rng(seed)), batch, end - begin)
    expected = [(centre, bags[-1]) for centre, bags in _reference(ids, starts, begin, end, keep, window)]
    assert got == expected
    pairs = Counter((c, w) for c, bag in got for w in bag)
    assert pairs == Counter((c, w) for c, bag in expected for w in bag)


@pytest.mark.parametrize("seed", SEEDS)
def test_shrunk_windows_are_the_per_token_loops_for_some_b(seed):
    """With the shrink, each centre's bag is the reference's bag for some b in 1..window (exact at
    window 1), and the windows come in corpus order, one per word that has a neighbour."""
    ids, starts, begin, end, keep, window, batch = _case(seed)
    got = _windows_of(w2v_batches.chunk_batches(ids, starts, begin, end, keep, window, batch,
                                                np.random.default_rng(seed)), batch, end - begin)
    expected = _reference(ids, starts, begin, end, keep, window)
    assert [c for c, _ in got] == [c for c, _ in expected]
    assert all(bag in bags for (_, bag), (_, bags) in zip(got, expected))


def test_the_cases_cover_the_edges():
    """The random cases include what could go wrong: one-word sentences, dropped words, window 1 and 5,
    one-centre batches, chunks starting mid-corpus, and a chunk with no window at all."""
    cases = [_case(seed) for seed in SEEDS]
    assert any((np.diff(starts) == 1).any() for _, starts, *_ in cases)
    assert any(keep is not None and (keep == 0).any() for *_, keep, _, _ in cases)
    assert {1, 5} <= {window for *_, window, _ in cases}
    assert 1 in {batch for *_, batch in cases}
    assert any(begin > 0 for _, _, begin, *_ in cases)
    assert any(not _reference(*case[:5], case[5]) for case in cases)
