"""The facts that captions state about the numbers beside them, computed from those numbers.

A caption never asserts what a model "usually" shows: the page asks one of these functions what *this* model
shows and picks the sentence that is true of it (tests/test_caption_facts.py checks each fact on seeds 1–5 ×
both bundled corpora × CBOW and skip-gram, and that every kind of sentence is reachable)."""

from dataclasses import dataclass

import numpy as np

from core.space import Forces, Index, unit

# cos(h, W′[centre]) from which the pull toward the output vector is called clear, or at least moderate
CLEAR_PULL, MODERATE_PULL = 0.5, 0.3


@dataclass
class Pull:
    """How h (the context's sum) points at the centre word's output and input vectors."""

    cos_output: float  # cos(h, W′[centre])
    cos_input: float  # cos(h, W[centre])
    strength: str  # "clear" ≥ CLEAR_PULL, "moderate" ≥ MODERATE_PULL, "weak" > 0, else "none"
    output_closer: bool  # h is nearer W′[centre] than W[centre]


def forces_pull(f: Forces) -> Pull:
    """The Forces panel's fact (C6): which of the centre word's vectors h points at, and how clearly."""
    c = float(f.cosine_output)
    strength = (
        "clear" if c >= CLEAR_PULL else "moderate" if c >= MODERATE_PULL else "weak" if c > 0 else "none"
    )
    return Pull(c, float(f.cosine), strength, c > f.cosine)


def pull_plane(resultant, output) -> np.ndarray:
    """(d, 2) orthonormal basis of the plane through h and W′[centre] (h along the first axis): drawn in
    it, the angle between h and W′[centre] on screen is their true angle. Falls back to h and any
    direction orthogonal to it when the two are parallel or W′[centre] is zero."""
    h = unit(np.asarray(resultant, dtype=np.float64))  # (d,)
    o = np.asarray(output, dtype=np.float64) - (np.asarray(output, dtype=np.float64) @ h) * h
    if np.linalg.norm(o) < 1e-9:
        o = np.eye(len(h))[int(np.argmin(np.abs(h)))]
        o = o - (o @ h) * h
    return np.stack([h, unit(o)], axis=1)  # (d, 2)


@dataclass
class SelfSimilarity:
    """cos(W[i], W′[i]) over the vocabulary (the W vs W′ panel)."""

    share_negative: float  # fraction of words whose two vectors point apart
    highest: float  # the most alike word's cosine


def self_similarity(sims) -> SelfSimilarity:
    sims = np.asarray(sims, dtype=np.float64)
    return SelfSimilarity(float((sims < 0).mean()), float(sims.max()))


def probability_share(probs, words: list[str], categories: dict[str, str], kinds) -> float:
    """The share of the decoded distribution that falls on words of the given categories (the cloze:
    colours, tastes, textures, sizes — the words that fit "this is a __ apple")."""
    mask = np.array([categories.get(w) in kinds for w in words])
    return float(np.asarray(probs, dtype=np.float64)[mask].sum())


@dataclass
class AnalogyCheck:
    """An analogy's answer against the baseline "the nearest neighbour of c alone" (Linzen 2016)."""

    baseline: np.ndarray  # (k,) ids nearest to c, a, b and c excluded
    baseline_cosines: np.ndarray  # (k,)
    only_neighbour: bool  # the analogy's answer is c's own nearest neighbour: a − b added nothing
    cos_ab: float  # cos(a, b): near 1, a − b is almost zero and the answer is c's neighbourhood


def analogy_check(index: Index, a: int, b: int, c: int, answer: int, k: int = 5) -> AnalogyCheck:
    ids, cosines = _cosine(index).nearest(index.rows[c], k, exclude=sorted({a, b, c}))
    u = unit(np.asarray(index.rows[[a, b]], dtype=np.float64))  # (2, d)
    return AnalogyCheck(ids, cosines, len(ids) > 0 and int(ids[0]) == int(answer), float(u[0] @ u[1]))


def _cosine(index: Index) -> Index:
    return index if index.metric == "cosine" else Index(index.rows)


def growth(sizes, times) -> tuple[float, float]:
    """(times[-1] / times[0], the exponent p of times ∝ sizes^p fitted through the first and last point):
    how a measured cost grew with the size (C10's pseudo-inverse)."""
    s = np.asarray(sizes, dtype=np.float64)
    t = np.asarray(times, dtype=np.float64)
    ratio = float(t[-1] / t[0])
    return ratio, float(np.log(ratio) / np.log(s[-1] / s[0]))


def row_change_scale(delta, rows: list[int], true: set[int]) -> tuple[float, float] | None:
    """(largest |Δ| in the true words' rows, largest |Δ| in every other row) of an update drawn as a heatmap
    (delta: (len(rows), d)); None if either group is empty. Beside a ratio of 10× or more the other rows
    look white on one colour scale, even though every one of them changed."""
    delta = np.abs(np.asarray(delta, dtype=np.float64))  # (rows, d)
    mine = [pos for pos, i in enumerate(rows) if i in true]
    others = [pos for pos, i in enumerate(rows) if i not in true]
    if not mine or not others:
        return None
    return float(delta[mine].max()), float(delta[others].max())


def distinct_percents(probs, most: int = 6) -> list[str]:
    """Probabilities as percentages with the fewest decimals (2 to `most`) that tell the different values
    apart: after one step of a fresh model every word sits near 1/V, and "1.16 %" on every bar would hide
    the change."""
    p = np.asarray(probs, dtype=np.float64)
    for decimals in range(2, most + 1):
        text = [f"{100 * v:.{decimals}f} %" for v in p]
        if len(set(text)) == len(set(p.tolist())):
            return text
    return text
