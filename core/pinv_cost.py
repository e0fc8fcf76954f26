"""C10: W_prime could be solved from W in closed form (a pseudo-inverse), yet word2vec learns both by
gradient steps. This measures, for growing vocabulary sizes V, three costs on this machine:
- pinv(W) of the real, thin W (V×d): O(V·d²) — linear in V for a fixed d, so cheap;
- the inverse of a square V×V matrix (the "no dimension reduction" picture, d = V): O(V³) — measured
  up to `max_square`, extrapolated beyond it by a cubic through the largest measured point;
- one full-softmax gradient step for one training example: O(V·d) — linear in V.
Reference curves c·V³ and c·V are drawn through the first measured point."""

import time
from dataclasses import dataclass

import numpy as np
import torch

from core.errors import LabError
from core.threads import torch_threads

SIZES = (100, 200, 500, 1000, 2000, 5000, 10000, 20000)


@dataclass
class Costs:
    sizes: np.ndarray  # (n,) vocabulary sizes V
    pinv: np.ndarray  # (n,) seconds for torch.linalg.pinv(W), W (V, d)
    step: np.ndarray  # (n,) seconds for one full-softmax gradient step
    square: np.ndarray  # (n,) seconds for torch.linalg.inv of a V×V matrix; nan where not measured
    square_extrapolated: np.ndarray  # (n,) a·V³ through the largest measured square point (estimate)
    ref_cubic: np.ndarray  # (n,) c·V³ through the first square point
    ref_linear: np.ndarray  # (n,) c·V through the first step point
    dim: int
    max_square: int


def _seconds(fn, repeats: int) -> float:
    """Best wall time of fn() after one warm-up call (the minimum is the least disturbed by other work)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.min(times))


def _gradient_step(
    W: torch.Tensor, W_prime: torch.Tensor, context: torch.Tensor, centre: int, alpha: float = 0.025
) -> None:
    """One CBOW full-softmax SGD step, by hand, in place: touches every row of W_prime once -> O(V·d)."""
    h = W[context].sum(0)  # (d,)
    g = torch.softmax(W_prime @ h, dim=0)  # (V,) d loss / d scores = p - onehot(centre)
    g[centre] -= 1.0
    grad_h = W_prime.T @ g  # (d,)
    W_prime.sub_(alpha * torch.outer(g, h))  # (V, d)
    W.index_add_(0, context, (-alpha * grad_h).expand(len(context), -1))  # (C, d)


def measure(sizes=SIZES, dim: int = 32, max_square: int = 1000, repeats: int = 3, seed: int = 0) -> Costs:
    """Measured seconds per vocabulary size (see the module docstring for what each column is).
    Runs on one thread (restored afterwards): two OpenMP threads collapse whenever anything else uses a
    core, which would measure the scheduler instead of the algorithm."""
    with torch_threads(1):
        return _measure(sizes, dim, max_square, repeats, seed)


def _measure(sizes, dim, max_square, repeats, seed) -> Costs:
    sizes = np.array(sorted(set(int(v) for v in sizes)))
    if len(sizes) < 2 or sizes[0] < 2 or not 1 <= dim < sizes[0]:
        raise LabError("why_sizes_invalid", "need two or more sizes, all larger than d", dim=dim)
    gen = torch.Generator().manual_seed(seed)
    pinv, step, square = [], [], []
    for V in sizes:
        W = torch.randn(int(V), dim, generator=gen)  # (V, d)
        W_prime = torch.randn(int(V), dim, generator=gen)  # (V, d)
        context = torch.randint(0, int(V), (4,), generator=gen)  # (C,) the lecture's 4 context words
        # each lambda is timed before the loop moves on: B023's late binding cannot bite
        pinv.append(_seconds(lambda: torch.linalg.pinv(W), repeats))  # noqa: B023
        step.append(_seconds(lambda: _gradient_step(W, W_prime, context, 0), repeats))  # noqa: B023
        if V <= max_square:
            A = torch.randn(int(V), int(V), generator=gen)  # (V, V) a square "W" with d = V
            square.append(_seconds(lambda: torch.linalg.inv(A), repeats))  # noqa: B023
        else:
            square.append(np.nan)
    pinv, step, square = np.array(pinv), np.array(step), np.array(square)
    measured = np.flatnonzero(~np.isnan(square))
    if len(measured) == 0:
        raise LabError("why_sizes_invalid", "no size is small enough for the square inverse", dim=dim)
    last = measured[-1]
    return Costs(
        sizes=sizes,
        pinv=pinv,
        step=step,
        square=square,
        square_extrapolated=square[last] * (sizes / sizes[last]) ** 3.0,
        ref_cubic=square[0] * (sizes / sizes[0]) ** 3.0,
        ref_linear=step[0] * (sizes / sizes[0]),
        dim=dim,
        max_square=int(max_square),
    )
