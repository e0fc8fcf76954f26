"""core.projection: seeded projections, exact k-NN for UMAP, Procrustes alignment of training frames."""

import numpy as np
import pytest
from scipy.stats import ortho_group
from sklearn.neighbors import NearestNeighbors

from core.errors import LabError
from core.projection import align, exact_knn, film, linear_map, pca, project


def clusters(n_per=60, d=20, k=3, seed=0):
    """k well-separated Gaussian blobs: (points (k*n_per, d), labels)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((k, d)) * 6
    x = np.concatenate([c + rng.standard_normal((n_per, d)) for c in centres]).astype(np.float32)
    return x, np.repeat(np.arange(k), n_per)


def knn_label_agreement(coords, labels) -> float:
    d = ((coords[:, None] - coords[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    return float((labels[d.argmin(1)] == labels).mean())


def test_pca_keeps_distances_of_data_in_a_3d_subspace():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((100, 3)) @ rng.standard_normal((3, 50))  # rank 3 in 50-D
    coords, explained = pca(x, dims=3)
    dist = lambda a: np.linalg.norm(a[:, None] - a[None], axis=-1)  # noqa: E731
    np.testing.assert_allclose(dist(coords), dist(x), rtol=1e-3, atol=1e-3)
    assert explained.sum() == pytest.approx(1.0, abs=1e-5)
    assert np.all(np.diff(explained) <= 0)


def test_linear_map_has_orthonormal_axes_along_the_main_direction():
    rng = np.random.default_rng(2)
    direction = rng.standard_normal(30)
    direction /= np.linalg.norm(direction)
    x = rng.standard_normal((500, 1)) * 10 * direction + rng.standard_normal((500, 30))  # (500, 30)
    basis = linear_map(x, dims=3)  # (30, 3)
    np.testing.assert_allclose(basis.T @ basis, np.eye(3), atol=1e-5)
    assert abs(basis[:, 0] @ direction) > 0.99


def test_exact_knn_equals_sklearn_brute_force():
    x = np.random.default_rng(3).standard_normal((300, 16)).astype(np.float32)
    idx, dist = exact_knn(x, 10, block=64)
    ref_dist, ref_idx = (
        NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(x).kneighbors(x)
    )
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_allclose(dist, ref_dist, atol=1e-5)


@pytest.mark.parametrize("method", ["pca", "umap", "tsne"])
def test_projection_is_seeded_and_keeps_clusters(method):
    x, labels = clusters()
    a = project(x, method, dims=3, seed=0)
    b = project(x, method, dims=3, seed=0)
    assert a.shape == (len(x), 3)
    np.testing.assert_array_equal(a, b)
    assert knn_label_agreement(a, labels) >= 0.97
    assert project(x, method, dims=2, seed=0).shape == (len(x), 2)


def test_umap_seed_changes_the_picture():
    x, _ = clusters(n_per=30)
    assert not np.allclose(project(x, "umap", seed=0), project(x, "umap", seed=1))


def test_too_few_vectors_and_unknown_method_are_lab_errors():
    with pytest.raises(LabError) as e:
        project(np.ones((3, 5)), "pca", dims=3)
    assert e.value.code == "projection_too_few"
    with pytest.raises(LabError):
        project(np.ones((30, 5)), "mds")


def test_procrustes_recovers_a_known_rotation_scale_and_shift():
    rng = np.random.default_rng(4)
    reference = rng.standard_normal((80, 12))
    Q = ortho_group.rvs(12, random_state=5)
    moved = 2.5 * reference @ Q + rng.standard_normal(12)
    np.testing.assert_allclose(align(moved, reference), reference, atol=1e-4)


def test_film_frames_of_rotated_snapshots_coincide():
    rng = np.random.default_rng(6)
    final = rng.standard_normal((40, 8)).astype(np.float32)
    snapshots = [(i * 100, final @ ortho_group.rvs(8, random_state=i) * (i + 1)) for i in range(3)]
    snapshots.append((300, final))
    ids = np.arange(0, 40, 2)
    frames = film(snapshots, ids, dims=3)
    assert len(frames) == 4
    for frame in frames:
        np.testing.assert_allclose(frame, frames[-1], atol=1e-4)
    with pytest.raises(LabError):
        film([], ids)


def test_blas_limit_is_restored_after_concurrent_users():
    import threading

    from threadpoolctl import threadpool_info

    from core.threads import one_blas_thread

    def blas_threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    seen = []

    def user():
        with one_blas_thread():
            seen.append(blas_threads())

    workers = [threading.Thread(target=user) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(10)
    assert seen == [[1] * len(before)] * 4
    assert blas_threads() == before
