"""Trained word2vec models kept on disk, so that a server starting again loads its default models instead
of training them (~2 s each on this machine, before the first page is usable).

A model is stored under a digest of everything its vectors depend on: the corpus (words and token ids), the
settings, the training code (core/word2vec.py, core/w2v_kernel.py, core/w2v_batches.py) and the numpy and
numba versions. One thread and one seed give the same vectors bit for bit, so loading is training done
once; any change to an input gives another digest, and so a new training. Plain .npz arrays, read without
pickle."""

import dataclasses
import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from core.corpus import Corpus

CODE = [Path(__file__).with_name(n) for n in ("word2vec.py", "w2v_kernel.py", "w2v_batches.py")]


def cache_dir() -> Path:
    """$LATENT_LAB_CACHE, else $XDG_CACHE_HOME/latent-lab, else ~/.cache/latent-lab."""
    if os.environ.get("LATENT_LAB_CACHE"):
        return Path(os.environ["LATENT_LAB_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "latent-lab"


def digest(model, corpus: Corpus) -> str:
    import numba

    h = hashlib.sha256()
    for part in (
        repr(sorted(dataclasses.asdict(model.config).items())),
        "\n".join(model.words),
        np.__version__,
        numba.__version__,
    ):
        h.update(part.encode() + b"\0")
    for array in (corpus.ids, corpus.starts, model.counts):
        h.update(np.ascontiguousarray(array).tobytes())
    for path in CODE:
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def train_or_load(model, corpus: Corpus) -> None:
    """Train `model` (fresh from core.word2vec.build) on `corpus` to the end, or load the same result from
    the disk cache; W, W_prime and the training film's snapshots end as training leaves them."""
    from core.word2vec import train_all

    path = cache_dir() / f"w2v-{digest(model, corpus)}.npz"
    if _load(model, path):
        return
    train_all(model, corpus)
    _save(model, path)


def _load(model, path: Path) -> bool:
    try:
        with np.load(path, allow_pickle=False) as f:
            W, W_prime, done = f["W"], f["W_prime"], f["snapshot_words"]
            snapshots = [(int(n), f[f"snapshot_{i}"]) for i, n in enumerate(done)]
    except (OSError, KeyError, ValueError):  # none yet, or unreadable: train
        return False
    if W.shape != tuple(model.W.shape) or W_prime.shape != W.shape or W.dtype != np.float32:
        return False
    model.W.numpy()[:] = W  # in place: the model's tensors keep their identity
    model.W_prime.numpy()[:] = W_prime
    model.snapshots = snapshots
    return True


def _save(model, path: Path) -> None:
    """Written to a temporary file and renamed: a reader never sees half a file. A read-only disk only
    means training again next time."""
    arrays = {"W": model.W.numpy(), "W_prime": model.W_prime.numpy()}
    arrays["snapshot_words"] = np.array([n for n, _ in model.snapshots], dtype=np.int64)
    arrays.update({f"snapshot_{i}": W for i, (_, W) in enumerate(model.snapshots)})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            np.savez(tmp, **arrays)
        os.replace(tmp.name, path)
    except OSError:
        pass
