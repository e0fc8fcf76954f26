"""Shared fixtures: AppTest helpers for the app and its pages."""

import functools
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
# The shared translator's checkpoints (core.translation_cache): one directory for every test run of this
# user, so the translator trains once; its file names carry the code's digest, so none is ever stale.
CACHE = Path(tempfile.gettempdir()) / f"latent-lab-tests-{os.getuid()}"
os.environ.setdefault("LATENT_LAB_CACHE", str(CACHE))

APP_TIMEOUT = 120  # the first run trains the default model (cached for the rest of the process)


@pytest.fixture
def app(translator):
    """Latent Lab as a student opens it (Chinese first), already run once; the shared translator's
    checkpoint exists (so the pages' state does not depend on a child process's progress)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    # AppTest puts Streamlit back in its old multipage mode before every run (pages/ exists): the first
    # run opens the root (app.py as a page of its own), later ones the page's file, which runs app.py in
    # its place (ui._use_app_navigation). The sidebar's widget ids differ between the two: run twice.
    at.run()
    at.run()
    return at


@pytest.fixture(scope="session")
def translator():
    """The process's shared translator (seed 0) as the app gets it: from the checkpoint, trained here on
    the first run (~25 s)."""
    from core.translation_cache import load_or_build

    return load_or_build(0)


@pytest.fixture(scope="module")
def apple_model():
    """apple_model(lang): the lecture's apple corpus (corpora/apples_<lang>.txt) trained with CBOW and an
    exact softmax; trained on first use, once per test module. No subsampling: on a 100-word vocabulary
    sample=1e-3 discards most occurrences of every word, and the cloze then favours size words."""
    from core.corpus import Corpus
    from core.word2vec import Config, build, train

    @functools.cache
    def trained(lang: str):
        corpus = Corpus.from_path(ROOT / "corpora" / f"apples_{lang}.txt", min_count=1)
        model = build(
            corpus,
            Config(arch="cbow", softmax=True, dim=32, window=5, epochs=10, min_count=1, sample=0, seed=1),
        )
        for _ in train(model, corpus):
            pass
        model.corpus_name = f"apples_{lang}"
        return model

    return trained


CAPTION_GRID = [
    (lang, arch, seed) for lang in ("zh", "en") for arch in ("cbow", "skipgram") for seed in range(1, 6)
]


@pytest.fixture(scope="session")
def caption_models():
    """caption_models(lang, arch, seed): the page's default settings (ui.DEFAULT_SETTINGS) on the bundled
    apple corpus of `lang`, with that architecture and seed — the 20 models every caption fact is checked
    on, each trained once per test session (a few seconds each)."""
    from core.corpus import Corpus
    from core.word2vec import Config, build, train_all
    from ui import DEFAULT_SETTINGS

    @functools.cache
    def corpus(lang: str):
        return Corpus.from_path(ROOT / "corpora" / f"apples_{lang}.txt", min_count=1)

    @functools.cache
    def trained(lang: str, arch: str, seed: int):
        model = build(corpus(lang), Config(**{**DEFAULT_SETTINGS, "arch": arch, "seed": seed}))
        train_all(model, corpus(lang))
        model.corpus_name = f"apples_{lang}"
        return model

    return trained


def random_model(corpus, dtype=None, **config):
    """A model of `corpus` with random W and W_prime (not word2vec's zero W_prime, so that every term of a
    step is exercised), for comparing the compiled loop, the reference and autograd."""
    import torch

    from core.word2vec import Config, build

    model = build(corpus, Config(min_count=1, **config))
    g = torch.Generator().manual_seed(3)
    model.W = torch.randn(model.W.shape, generator=g, dtype=dtype) * 0.3
    model.W_prime = torch.randn(model.W.shape, generator=g, dtype=dtype) * 0.3
    return model


def clone_model(model):
    """The same model with its own copies of W and W_prime."""
    twin = type(model).__new__(type(model))
    twin.__dict__.update(model.__dict__)
    twin.W, twin.W_prime = model.W.clone(), model.W_prime.clone()
    return twin


def texts(at) -> str:
    """All the text a page shows (markdown, titles, captions, info/error boxes, button labels)."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "warning",
            "error",
            "success",
        )
        for e in getattr(at, kind)
    ]
    parts += [b.label for b in at.button]
    return "\n".join(str(p) for p in parts)


@contextmanager
def streamlit_server(launcher: list[str] | None = None):
    """`streamlit run app.py` on a free loopback port, ready to answer; yields (port, process).
    `launcher` replaces `python -m streamlit` (e.g. a wrapper that audits the server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            *(launcher or [sys.executable, "-m", "streamlit"]),
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("streamlit run app.py did not start")
                time.sleep(0.2)
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(15)
