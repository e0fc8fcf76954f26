"""python -m core.train: trains and writes vectors gensim can read; bad input gets one clear line on
stderr and exit code 2, never a traceback."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gensim.models import KeyedVectors

from core.train import main

ROOT = Path(__file__).resolve().parent.parent
TEXT = "\n".join([f"the {c} apple is {t}" for c in ("red", "green", "yellow") for t in ("sweet", "sour")] * 5)


@pytest.fixture
def corpus_file(tmp_path):
    p = tmp_path / "apples.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_cli_trains_and_writes_word2vec_text(corpus_file, tmp_path):
    out = tmp_path / "v.vec"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "core.train",
            str(corpus_file),
            "--out",
            str(out),
            "--min-count",
            "1",
            "--dim",
            "8",
            "--epochs",
            "3",
            "--arch",
            "cbow",
            "--seed",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    summary = r.stdout.strip().splitlines()
    assert len(summary) == 1
    assert "vocabulary 8 words" in summary[0] and "150 tokens" in summary[0] and "final loss" in summary[0]
    assert "Traceback" not in r.stderr
    kv = KeyedVectors.load_word2vec_format(str(out), binary=False)
    assert kv.vectors.shape == (8, 8) and set(kv.index_to_key) == set(TEXT.split())
    assert np.isfinite(kv.vectors).all()


def test_cli_bad_input_exits_2_in_a_real_process(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "core.train", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "v")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [f"error: File not found: {tmp_path / 'nope.txt'}"]
    assert r.stdout == ""


def _bad(tmp_path, corpus_file):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    c = str(corpus_file)
    return [
        ([str(tmp_path / "missing.txt")], "File not found"),
        ([str(empty)], "The file is empty."),
        ([str(binary)], "binary file"),
        ([c, "--min-count", "1000"], "No word occurs at least 1000 times"),
        ([c, "--window", "0"], "window = 0 is out of range"),
        ([c, "--dim", "0"], "dim = 0 is out of range"),
        ([c, "--epochs", "0"], "epochs = 0 is out of range"),
        ([c, "--alpha", "0"], "alpha = 0.0 is out of range"),
        ([c, "--alpha", "-1"], "alpha = -1.0 is out of range"),
        ([c, "--arch", "glove"], "invalid choice: 'glove'"),
        ([c, "--dim", "ten"], "invalid int value: 'ten'"),
        ([c, "--min-count", "1", "--out-dir-typo"], "unrecognized arguments"),
    ]


def test_each_bad_input_gets_one_clear_line_and_exit_2(tmp_path, corpus_file, capsys):
    for args, message in _bad(tmp_path, corpus_file):
        out = ["--out", str(tmp_path / "v.vec")] if "--out-dir-typo" not in args else ["--out", "x"]
        code = main(args + out)
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert code == 2, args
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], (args, lines)
        assert captured.out == ""
    assert not (tmp_path / "v.vec").exists()


def test_unwritable_output_is_a_clear_error(corpus_file, tmp_path, capsys):
    code = main(
        [
            str(corpus_file),
            "--min-count",
            "1",
            "--dim",
            "4",
            "--epochs",
            "1",
            "--out",
            str(tmp_path / "no" / "such" / "dir" / "v.vec"),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("error: Cannot write")


def test_cli_imports_no_torch_and_matches_the_app_s_init():
    """The CLI's start-up stays lean (torch alone takes ~1 s to import; training runs in numba), and its
    numpy initialisation is torch's, bit for bit: the same seed gives the app's vectors."""
    code = (
        "import sys, core.train, core.word2vec; from core.train import main; "
        "print(sorted(m for m in ('torch', 'sklearn', 'pandas', 'streamlit', 'plotly') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stdout + r.stderr
    import torch

    from core.word2vec import _uniform

    for V, d, seed in [(86, 32, 1), (7, 3, 2), (1000, 100, 2**32 - 1)]:
        reference = (torch.rand(V, d, generator=torch.Generator().manual_seed(seed)) * 2 - 1) / d
        assert np.array_equal(_uniform(V, d, seed), reference.numpy())


def test_cli_vectors_are_the_app_s(corpus_file, tmp_path):
    """python -m core.train (numpy arrays) and the app's build and train (torch tensors): the same vectors."""
    from core.corpus import Corpus
    from core.word2vec import Config, build, train_all

    out = tmp_path / "v.vec"
    args = "--min-count 1 --dim 8 --epochs 3 --arch cbow --seed 2 --sample 0".split()
    assert main([str(corpus_file), "--out", str(out), *args]) == 0
    corpus = Corpus.from_path(corpus_file, min_count=1)
    model = build(corpus, Config(arch="cbow", dim=8, epochs=3, min_count=1, seed=2, sample=0))
    train_all(model, corpus)
    kv = KeyedVectors.load_word2vec_format(str(out), binary=False)
    for w in model.words:
        assert np.allclose(kv[w], model.W[model.index[w]].numpy(), atol=1e-6)  # text format: 6 decimals
