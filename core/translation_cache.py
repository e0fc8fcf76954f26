"""The process's shared translator, trained once in a child process and kept on disk.

A server must not train it in its own interpreter (the first page must paint at once, and a training
thread would compete with every student's page for the GIL): `Builder.start()` runs
`python -m core.translation_cache SEED PATH` at low priority, which trains with the seed's step budget
(deterministic) and writes the checkpoint atomically; `Builder.ready()` loads it once it exists. The file's
name carries a digest of the translator's source code, so a changed model or corpus never loads an old
checkpoint. Loading uses torch.load(weights_only=True): tensors, numbers and strings only, never pickled
objects. The directory: $LATENT_LAB_CACHE, else ~/.cache/latent-lab.
"""

import hashlib
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

import torch

from core import trained_cache
from core.translation import Translator, parallel_corpus, train_translator
from core.translation_model import TinyTransformer, TransformerConfig

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("translation.py", "translation_corpus.py", "translation_model.py")
MAX_SECONDS = 600  # the child is never cut short by a busy machine: its step budget ends the run


def checkpoint_path(seed: int = 0) -> Path:
    digest = hashlib.sha256(torch.__version__.encode())
    for name in SOURCES:
        digest.update((ROOT / "core" / name).read_bytes())
    return trained_cache.cache_dir() / f"translator-seed{seed}-{digest.hexdigest()[:12]}.pt"


def save(tr: Translator, path: Path) -> None:
    """Write `tr` to `path` atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    torch.save(
        dict(
            state=tr.model.state_dict(),
            config=asdict(tr.model.config),
            src_words=tr.src_words,
            tgt_words=tr.tgt_words,
            losses=tr.losses,
            seconds=tr.seconds,
            finished=tr.finished,
            snapshots=tr.snapshots,
        ),
        tmp,
    )
    os.replace(tmp, path)


def load(path: Path) -> Translator:
    saved = torch.load(path, weights_only=True)
    config = TransformerConfig(**saved["config"])
    model = TinyTransformer(len(saved["src_words"]), len(saved["tgt_words"]), config)
    model.load_state_dict(saved["state"])
    return Translator(
        model.eval(),
        saved["src_words"],
        saved["tgt_words"],
        losses=[tuple(x) for x in saved["losses"]],
        seconds=saved["seconds"],
        finished=saved["finished"],
        snapshots=[(int(step), state) for step, state in saved["snapshots"]],
    )


def build(seed: int = 0, path: Path | None = None) -> Translator:
    """Train the seed's translator to its step budget and save it (what the child process does)."""
    tr = train_translator(parallel_corpus(seed)[0], seed=seed, max_seconds=MAX_SECONDS)
    save(tr, path or checkpoint_path(seed))
    return tr


def load_or_build(seed: int = 0) -> Translator:
    """The seed's checkpoint if it exists, else trained here and saved (tests, the bench script)."""
    path = checkpoint_path(seed)
    return load(path) if path.exists() else build(seed, path)


class Builder:
    """One seed's shared translator for a server process: loaded from disk, or built by a child process."""

    def __init__(self, seed: int = 0):
        self.seed, self.path = seed, checkpoint_path(seed)
        self.child: subprocess.Popen | None = None
        self.translator: Translator | None = None
        self.error: str | None = None
        self.lock = threading.Lock()

    def start(self) -> "Builder":
        """Start the child unless the checkpoint exists or a child runs; returns at once."""
        with self.lock:
            if self.translator is None and self.child is None and not self.path.exists():
                self.child = subprocess.Popen(
                    [sys.executable, "-m", "core.translation_cache", str(self.seed), str(self.path)],
                    cwd=ROOT,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
        return self

    def ready(self) -> Translator | None:
        """The translator once its checkpoint exists (loaded once), else None; never blocks on training."""
        with self.lock:
            if self.translator is None and self.error is None:
                if self.child is not None and self.child.poll() not in (None, 0):
                    self.error = self.child.stderr.read().decode(errors="replace")[-2000:]
                elif self.path.exists() and (self.child is None or self.child.poll() == 0):
                    self.translator = load(self.path)
            return self.translator


def _end_with_parent() -> None:
    """The child ends when the server that started it ends: no training outlives the app."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":  # the child: python -m core.translation_cache SEED PATH
    _end_with_parent()
    os.nice(10)  # students' pages first
    build(int(sys.argv[1]), Path(sys.argv[2]))
