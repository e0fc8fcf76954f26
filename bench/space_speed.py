"""Latent-space speed on this machine, against issue 4's targets:
  2,000 × 100 → 3-D: PCA ≤ 0.2 s; UMAP ≤ 5 s in a fresh process (numba compilation included), ≤ 2 s warm;
  k nearest neighbours over 200,000 × 300 vectors ≤ 100 ms.

    /work/venv/bin/python bench/space_speed.py [--repeat 5]

"Fresh process" is measured twice: with umap-learn's numba code already in the on-disk cache (every start
after the first on an installation) and with an empty cache (NUMBA_CACHE_DIR pointed at a new directory:
the very first start). Times are wall-clock medians; other work on the machine inflates them."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.projection import project, warm_umap  # noqa: E402
from core.space import Index  # noqa: E402

FRESH = """
import time; start = time.perf_counter()
import numpy as np
from core.projection import project
x = np.load({path!r})
t0 = time.perf_counter(); project(x, "umap", dims=3, seed=0); t1 = time.perf_counter()
print(f"{{t1 - start:.3f}} {{t1 - t0:.3f}}")
"""


def clustered(n: int, d: int, clusters: int = 20, seed: int = 0) -> np.ndarray:
    """Word-vector-like data: Gaussian clusters around random centres."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, d)) * 2
    return (centres[rng.integers(0, clusters, n)] + rng.standard_normal((n, d))).astype(np.float32)


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_umap(path: str, cache_dir: str | None) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if cache_dir:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run(
        [sys.executable, "-c", FRESH.format(path=path)], env=env, capture_output=True, text=True, check=True
    )
    total, fit = map(float, out.stdout.split())
    return total, fit


def row(name: str, seconds: float, target: float | None) -> None:
    verdict = "" if target is None else ("ok" if seconds <= target else "OVER")
    limit = "" if target is None else f"≤ {target * 1000:.0f} ms" if target < 1 else f"≤ {target:g} s"
    shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
    print(f"{name:<58} {shown:>10}   {limit:<10} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    x = clustered(2000, 100)
    row("PCA 2,000 × 100 → 3-D", median_time(lambda: project(x, "pca"), args.repeat), 0.2)

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "x.npy")
        np.save(path, x)
        fresh_umap(path, None)  # make sure the disk cache is filled
        total, fit = fresh_umap(path, None)
        row("UMAP fresh process, numba disk cache (import + fit)", total, 5.0)
        row("  of which the fit", fit, None)
        total, fit = fresh_umap(path, os.path.join(tmp, "numba-cache"))
        row("UMAP fresh process, empty numba cache (import + fit)", total, 5.0)
        row("  of which the fit", fit, None)

    row("warm_umap() in this process (import + compile/load)", warm_umap(), None)
    row(
        "UMAP 2,000 × 100 → 3-D, warm", median_time(lambda: project(x, "umap"), max(1, args.repeat // 2)), 2.0
    )
    row("t-SNE 2,000 × 100 → 3-D (no target)", median_time(lambda: project(x, "tsne"), 1), None)

    big = np.random.default_rng(1).standard_normal((200_000, 300)).astype(np.float32)
    for metric in ("cosine", "euclidean"):
        start = time.perf_counter()
        index = Index(big, metric)
        row(
            f"kNN index build 200,000 × 300, {metric} (once per vector set)",
            time.perf_counter() - start,
            None,
        )
        queries = iter(range(0, 200_000, 997))
        row(
            f"kNN query k=10 over 200,000 × 300, {metric}",
            median_time(lambda: index.neighbours(next(queries), 10), 20),  # noqa: B023  (timed right here)
            0.1,
        )


if __name__ == "__main__":
    main()
