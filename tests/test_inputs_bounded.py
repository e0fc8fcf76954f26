"""Issue 13's bounds that live in the trainer, the projections and the Train/Space pages: inputs too small or
too large get one translated message, the session's model survives, an unexpected error shows an incident id
and never its text, and a file's name is never read as Markdown."""

import logging
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT

from core import i18n
from core.corpus import Corpus
from core.errors import LabError
from core.projection import METHODS, film, linear_map, project
from core.word2vec import SOFTMAX_MAX_VOCAB, Config, build, train


def _codes(fn) -> str:
    with pytest.raises(LabError) as err:
        fn()
    return err.value.code


# ---- the trainer ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["hello", "hello\nworld\n", "红\n苹果\n"])
def test_a_corpus_without_a_two_word_sentence_is_refused(text):
    corpus = Corpus.from_text(text, tokenizer="words", min_count=1)
    assert _codes(lambda: build(corpus, Config(min_count=1))) == "corpus_too_short"


def test_a_one_word_vocabulary_is_refused():
    corpus = Corpus.from_text("hello hello hello\n" * 5, tokenizer="words", min_count=1)
    assert len(corpus.vocab) == 1
    assert _codes(lambda: build(corpus, Config(min_count=1))) == "vocab_too_small"


def test_the_cli_refuses_a_one_word_file_in_one_line(tmp_path):
    (tmp_path / "one.txt").write_text("hello\n")
    out = tmp_path / "one.vec"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "core.train",
            str(tmp_path / "one.txt"),
            "--min-count",
            "1",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1] == "error: No sentence has two or more known words."
    assert "Traceback" not in run.stderr and not out.exists()


def test_subsampling_that_leaves_no_window_is_an_error_not_a_zero_loss():
    corpus = Corpus.from_text("hello world\n", tokenizer="words", min_count=1)
    model = build(corpus, Config(min_count=1, sample=1e-3, epochs=2))  # both words far above 1e-3: dropped
    assert _codes(lambda: list(train(model, corpus))) == "no_windows"


def test_the_exact_softmax_is_bounded_and_points_to_negative_sampling():
    words = [f"w{i}" for i in range(SOFTMAX_MAX_VOCAB + 1)]
    corpus = Corpus.from_text(" ".join(words) + "\n", tokenizer="words", min_count=1)
    with pytest.raises(LabError) as err:
        build(corpus, Config(softmax=True, negative=0, min_count=1))
    assert err.value.code == "softmax_vocab" and err.value.params["vocab"] == SOFTMAX_MAX_VOCAB + 1
    assert "负采样" in i18n.error_text(err.value, "zh") and "negative sampling" in i18n.error_text(
        err.value, "en"
    )
    build(corpus, Config(softmax=False, min_count=1))  # negative sampling takes the same vocabulary


# ---- projections of small models --------------------------------------------------------------------
@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("method", METHODS)
def test_a_model_of_one_or_two_dimensions_is_drawn_as_it_is(method, d):
    x = np.random.default_rng(0).standard_normal((40, d)).astype(np.float32)
    for dims in (2, 3):
        coords = project(x, method, dims)
        assert coords.shape == (40, dims)
        assert np.allclose(coords[:, d:], 0)  # no axes invented
        # PCA only rotates: the distances between the words are the vectors' own
        dist = np.linalg.norm(x[:, None] - x[None], axis=-1)
        assert np.allclose(np.linalg.norm(coords[:, None] - coords[None], axis=-1), dist, atol=1e-4)
    assert linear_map(x, 3).shape == (d, 3)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_film_of_too_few_words_is_a_lab_error(n):
    snapshots = [(0, np.ones((n, 4))), (10, np.ones((n, 4)) * 2)]
    with pytest.raises(LabError) as err:
        film(snapshots, np.arange(n), 3)
    assert err.value.code == "projection_too_few"


# ---- the pages --------------------------------------------------------------------------------------------
@pytest.fixture
def train_page(app):
    app.switch_page("pages/train.py").run()
    assert not app.exception
    return app


def _model(at):
    return at.session_state["model"] if "model" in at.session_state else None


def _upload(at, name: str, data: bytes):
    at.radio(key="train_source").set_value("upload").run()
    at.file_uploader(key="train_upload").set_value((name, data, "text/plain")).run()
    assert not at.exception


def test_a_one_word_upload_is_refused_by_start_and_step(train_page):
    model = _model(train_page)
    _upload(train_page, "hello.txt", b"hello")
    train_page.button(key="train_start").click().run()
    assert not train_page.exception
    assert "train_job" not in train_page.session_state
    message = i18n.text("error.corpus_too_short", "zh")
    assert [e.value for e in train_page.error] == [message]
    train_page.button(key="train_step").click().run()
    assert not train_page.exception
    assert [e.value for e in train_page.error] == [message]
    assert _model(train_page) is model


def test_a_second_start_does_not_start_a_second_run(train_page):
    train_page.number_input(key="train_epochs").set_value(200).run()
    train_page.button(key="train_start").click().run()
    first = train_page.session_state["train_job"]
    try:
        again = train_page.button(key="train_start")
        assert again.disabled
        again.proto.disabled = False  # what a crafted websocket message does: the server must still refuse
        again.click().run()
        assert train_page.session_state["train_job"] is first
        train_page.button(key="train_stop").click().run()
        assert first.state == "stopped" and first.finished
    finally:
        first.stop()
        first.join(10)


def test_an_upload_name_is_shown_literally_not_as_markdown(train_page):
    name = "![x](http://127.0.0.1:9/x) $a$ **b**.txt"
    _upload(train_page, name, "红 苹果 很 甜\n绿 苹果 很 酸\n".encode())
    caption = next(c.value for c in train_page.caption if "http" in c.value)
    assert "\\!\\[x\\]\\(http\\:" in caption and "\\$a\\$" in caption and "\\*\\*b\\*\\*" in caption


def test_an_unexpected_error_shows_an_incident_id_keeps_the_model_and_logs(app, monkeypatch, caplog):
    import core.space

    def broken(*args, **kwargs):
        raise RuntimeError("boom at /srv/secret/path.py")

    app.run()
    monkeypatch.setattr(core.space.Index, "neighbours", broken)
    app.switch_page("pages/space.py").run()
    model = _model(app)
    with caplog.at_level(logging.ERROR, logger="latent_lab"):
        app.text_input(key="space_find").set_value("红").run()
    assert not app.exception
    shown = " ".join(e.value for e in app.error)
    assert "boom" not in shown and "/srv" not in shown
    incident = next(r for r in caplog.records if r.name == "latent_lab")
    assert incident.exc_info[0] is RuntimeError
    assert i18n.text("common.unexpected", "zh", incident=incident.args[0]) in shown
    assert _model(app) is model


def test_one_upload_limit_from_the_server_option():
    import tomllib

    import ui

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert ui.UPLOAD_MB == config["server"]["maxUploadSize"]
    sources = "".join(p.read_text() for folder in ("pages", "ui") for p in (ROOT / folder).glob("*.py"))
    assert "max_upload_size" not in sources and "max_bytes=ui.UPLOAD_MB" in sources


def test_a_large_upload_is_read_in_the_background_with_progress(train_page, monkeypatch):
    import threading

    from core import jobs
    from core.corpus import Corpus

    gate = threading.Event()
    real = Corpus.reading

    def slow(data, **settings):  # a file that takes longer than the page waits (1 s) to read
        building = real(data, **settings)
        yield next(building)
        gate.wait(30)
        return (yield from building)

    monkeypatch.setattr(jobs.Corpus, "reading", slow)
    _upload(train_page, "big.txt", "红 苹果 很 甜\n绿 苹果 很 酸\n".encode())
    assert train_page.button(key="train_start").disabled
    assert [p.proto.text for p in train_page.get("progress")] == [
        i18n.text("train.reading", "zh", percent="0%")
    ]
    gate.set()
    train_page.session_state["upload_corpus"].join(10)
    train_page.run()
    assert not train_page.exception and not train_page.get("progress")
    assert not train_page.button(key="train_start").disabled
