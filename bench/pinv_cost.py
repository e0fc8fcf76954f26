"""C10's costs on this machine (core.pinv_cost.measure, what the Why page draws), and how they grow with V:
the square V×V inverse should grow about as V³, pinv(W) of the thin V×d W and one gradient step about as V.

    /work/main/.venv/bin/python bench/pinv_cost.py [--dim 32] [--max-square 1000] [--repeat 3]

Wall-clock times on one thread (best of `repeat`); other work on the machine inflates them, which is why
these figures are printed here and not asserted in tests/test_identity.py."""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.pinv_cost import SIZES, measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dim", type=int, default=32)
    parser.add_argument("--max-square", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    costs = measure(SIZES, dim=args.dim, max_square=args.max_square, repeats=args.repeat)
    print(f"d = {costs.dim}; square inverse measured up to V = {costs.max_square}")
    print(f"{'V':>6} {'pinv(W) ms':>11} {'step ms':>9} {'inv(V×V) ms':>12}")
    for V, p, s, q in zip(costs.sizes, costs.pinv, costs.step, costs.square):
        square = f"{q * 1e3:12.2f}" if not np.isnan(q) else f"{'—':>12}"
        print(f"{V:6d} {p * 1e3:11.3f} {s * 1e3:9.4f} {square}")
    measured = np.flatnonzero(~np.isnan(costs.square))
    first, last = measured[0], measured[-1]
    v_ratio = costs.sizes[last] / costs.sizes[first]
    print(
        f"\nV {costs.sizes[first]} → {costs.sizes[last]} (×{v_ratio:g}): inverse ×"
        f"{costs.square[last] / costs.square[first]:.1f} (V³ model ×{v_ratio**3:g}), step ×"
        f"{costs.step[last] / costs.step[first]:.1f}, pinv ×{costs.pinv[last] / costs.pinv[first]:.1f} "
        f"(V model ×{v_ratio:g})"
    )
    growth = (costs.square[last] / costs.square[first]) / (costs.step[last] / costs.step[first])
    print(f"the inverse grows {growth:.0f}× faster than a step over that range")
    print(
        f"V {costs.sizes[0]} → {costs.sizes[-1]}: step ×{costs.step[-1] / costs.step[0]:.1f}, pinv ×"
        f"{costs.pinv[-1] / costs.pinv[0]:.1f} (V model ×{costs.sizes[-1] / costs.sizes[0]:g})"
    )


if __name__ == "__main__":
    main()
