"""Word vectors drawn in 2-D/3-D: PCA, UMAP and t-SNE (seeded, so a rerun draws the same picture),
a fixed linear map for arrows (sums stay sums), and Procrustes alignment for the training film."""

import time

import numpy as np
from scipy.linalg import orthogonal_procrustes
from sklearn.decomposition import PCA

from core.errors import LabError
from core.threads import one_blas_thread, one_openmp_thread

METHODS = ("pca", "umap", "tsne")


def _check(vectors, dims: int) -> np.ndarray:
    x = np.asarray(vectors, dtype=np.float32)
    if x.ndim != 2 or len(x) < dims + 1:
        raise LabError(
            "projection_too_few",
            f"need at least {dims + 1} vectors to project to {dims}-D, got {len(x)}",
            n=len(x),
            need=dims + 1,
        )
    return x


def pca(vectors, dims: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(coords (n, dims), explained variance ratio per axis (dims,)). Deterministic (sklearn fixes signs)."""
    x = _check(vectors, dims)
    with one_blas_thread():
        model = PCA(n_components=min(dims, x.shape[1]), svd_solver="full").fit(x)
    coords = _pad(model.transform(x), dims)  # (n, dims)
    return coords.astype(np.float32), _pad(model.explained_variance_ratio_[None], dims)[0].astype(np.float32)


def _pad(x: np.ndarray, dims: int) -> np.ndarray:
    """(n, dims): columns of zeros added where vectors have fewer than `dims` dimensions (a 1-D or 2-D model
    drawn in 3-D lies on a line or a plane: it has no more axes to show)."""
    return np.pad(x, ((0, 0), (0, dims - x.shape[1])))


def linear_map(vectors, dims: int = 3) -> np.ndarray:
    """A fixed linear projection (d, dims): the principal axes of `vectors`. Being linear, it maps a sum of
    vectors to the sum of their images — what the forces and analogy arrows need (UMAP/t-SNE do not)."""
    x = _check(vectors, dims)
    with one_blas_thread():
        basis = PCA(n_components=min(dims, x.shape[1]), svd_solver="full").fit(x).components_.T  # (d, ≤dims)
    return _pad(basis, dims).astype(np.float32)  # (d, dims)


def exact_knn(vectors, k: int, block: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine k-NN of every row (self included first, as UMAP expects): (indices (n, k) int32,
    cosine distances (n, k) float32). Blocked matrix products: n²·d work, fine up to ~20k rows."""
    x = np.asarray(vectors, dtype=np.float32)
    unit = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    n = len(unit)
    idx = np.empty((n, k), np.int32)
    dist = np.empty((n, k), np.float32)
    for start in range(0, n, block):
        sims = unit[start : start + block] @ unit.T  # (b, n)
        rows = np.arange(len(sims))
        sims[rows, start + rows] = np.inf  # each point is its own nearest neighbour, even if duplicated
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, 1)
        order = np.argsort(-top_sims, axis=1, kind="stable")
        idx[start : start + block] = np.take_along_axis(top, order, 1)
        dist[start : start + block] = np.clip(1.0 - np.take_along_axis(top_sims, order, 1), 0.0, 2.0)
    return idx, dist


def _enable_umap_cache() -> None:
    """umap-learn compiles these numba functions on first use without cache=True (seconds per process);
    caching them to disk makes every later process start warm."""
    import umap.layouts
    import umap.umap_

    for fn in (
        umap.umap_.smooth_knn_dist,
        umap.umap_.compute_membership_strengths,
        umap.layouts._nb_optimize_layout_euclidean_single_epoch,
    ):
        try:
            if getattr(fn, "_cache", None) is None or type(fn._cache).__name__ == "NullCache":
                fn.enable_caching()
        except (AttributeError, RuntimeError):  # no writable cache location: compile in memory
            pass


def _umap(vectors, dims: int = 3, seed: int = 0) -> np.ndarray:
    """UMAP on cosine distance, with exact neighbours computed here (umap's own small-data path calls a
    numba metric once per pair from Python: seconds for 2,000 points)."""
    import warnings

    import umap as umap_learn

    _enable_umap_cache()
    x = _check(vectors, dims)
    n_neighbors = int(min(15, len(x) - 1))
    with one_blas_thread():
        knn = exact_knn(x, n_neighbors)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no NNDescent index: transform unavailable" — we never transform
        reducer = umap_learn.UMAP(
            n_components=dims,
            n_neighbors=n_neighbors,
            random_state=seed,
            precomputed_knn=knn,
            n_epochs=200 if len(x) <= 10_000 else None,
            init="spectral" if len(x) > dims + 2 else "random",
        )
        return reducer.fit_transform(x).astype(np.float32)  # (n, dims)


def _tsne(vectors, dims: int = 3, seed: int = 0) -> np.ndarray:
    from sklearn.manifold import TSNE

    x = _check(vectors, dims)
    perplexity = float(min(30.0, max(1.0, (len(x) - 1) / 3)))
    tsne = TSNE(n_components=dims, perplexity=perplexity, metric="cosine", init="pca", random_state=seed)
    # One OpenMP thread: sklearn's two threads spin against each other on 2 shared cores whenever anything
    # else runs (bench/RESULTS.md).
    with one_openmp_thread():
        return tsne.fit_transform(x).astype(np.float32)


def project(vectors, method: str = "pca", dims: int = 3, seed: int = 0) -> np.ndarray:
    """(n, dims) coordinates of the rows of `vectors` (n, d); the same inputs always give the same picture.
    Vectors of at most `dims` dimensions are shown as they are (PCA only rotates them): nothing to reduce."""
    if method == "pca" or (method in METHODS and np.shape(vectors)[-1] <= dims):
        return pca(vectors, dims)[0]
    if method == "umap":
        return _umap(vectors, dims, seed)
    if method == "tsne":
        return _tsne(vectors, dims, seed)
    raise LabError(
        "config_invalid",
        f"unknown projection {method!r}",
        field="method",
        value=method,
        allowed=", ".join(METHODS),
    )


def warm_umap() -> float:
    """Import umap-learn and compile (or load from the disk cache) its numba code on a small problem, so
    the first real UMAP is fast. Returns the seconds spent. `python -m core.projection` runs it in a
    process of its own: the app's start-up fills numba's on-disk cache that way (ui.warm_up)."""
    start = time.perf_counter()
    _umap(np.random.default_rng(0).standard_normal((64, 8)).astype(np.float32), dims=3, seed=0)
    return time.perf_counter() - start


def align(frame, reference) -> np.ndarray:
    """`frame` (n, d) moved onto `reference` (n, d) by translation, uniform scale and the orthogonal
    rotation/reflection that fits best (orthogonal Procrustes). Training can rotate the whole space
    freely without changing any similarity; aligning removes that spin from the film."""
    f = np.asarray(frame, dtype=np.float64)
    r = np.asarray(reference, dtype=np.float64)
    f_c = f - f.mean(0)
    r_c = r - r.mean(0)
    R, _ = orthogonal_procrustes(f_c, r_c)  # (d, d)
    scale = np.linalg.norm(r_c) / max(np.linalg.norm(f_c), 1e-12)
    return (f_c @ R * scale + r.mean(0)).astype(np.float32)


def film(snapshots, ids, dims: int = 3) -> list[np.ndarray]:
    """One (len(ids), dims) frame per snapshot (words_done, W copy): every W[ids] is Procrustes-aligned to
    the last snapshot's in the original space, then all are drawn with one PCA fitted on the last —
    a fixed camera, so what moves is the words, not the axes."""
    if not snapshots:
        raise LabError("film_empty", "this model kept no training snapshots")
    ids = np.asarray(ids)
    final = np.asarray(snapshots[-1][1], dtype=np.float32)[ids]  # (n, d)
    basis = linear_map(final, dims)  # (d, dims)
    mean = final.mean(0)
    return [(align(np.asarray(W, dtype=np.float32)[ids], final) - mean) @ basis for _, W in snapshots]


if __name__ == "__main__":
    print(f"UMAP compiled or loaded in {warm_umap():.1f} s")
