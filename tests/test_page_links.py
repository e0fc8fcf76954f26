"""Lesson links through AppTest: the link rules match the widgets each page draws, a link's parameters
reach the widgets, choices survive page changes, the address follows the view, bad links are ignored."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import links

ROOT = Path(__file__).resolve().parent.parent

PAGE_FILES = {page: f"pages/{page}.py" for page in links.CHOICES}


def widgets(at):
    for kind in ("number_input", "slider", "radio", "selectbox", "select_slider", "toggle", "checkbox"):
        for w in at.get(kind):
            yield kind, w


@pytest.mark.parametrize("page", sorted(PAGE_FILES))
def test_link_rules_match_the_widgets(app, page):
    app.switch_page(PAGE_FILES[page]).run()
    assert not app.exception
    rules, checked = links.CHOICES[page], 0
    for kind, w in widgets(app):
        rule = rules.get(w.key)
        if rule is None:
            continue
        checked += 1
        if kind in ("number_input", "slider") and isinstance(rule, (links.Int, links.Float)):
            assert (w.min, w.max) == (rule.lo, rule.hi), w.key
        elif kind in ("radio", "selectbox", "select_slider") and isinstance(rule, links.Options):
            assert len(w.options) == len(rule.values), w.key
        elif kind in ("toggle", "checkbox"):
            assert isinstance(rule, links.Bool), w.key
        else:
            assert isinstance(rule, links.Text | links.Int | links.Options), (w.key, kind, rule)
        assert links.parse({w.key: links.encode(w.value)})[1] == [], (w.key, w.value)  # the shown value
    assert checked >= 2


def test_a_link_sets_the_widgets_and_the_address_follows(app):
    app.query_params["lang"] = "en"
    app.query_params["space_method"] = "pca"
    app.query_params["space_dims"] = "2"
    app.query_params["space_find"] = "green"
    app.switch_page("pages/space.py").run()
    assert not app.exception
    assert app.radio(key="lang").value == "en"
    assert app.radio(key="space_method").value == "pca"
    assert app.radio(key="space_dims").value == 2
    assert app.text_input(key="space_find").value == "green"
    app.radio(key="space_method").set_value("tsne").run()
    assert app.query_params["space_method"] == ["tsne"] or app.query_params["space_method"] == "tsne"


def test_bad_parameters_are_ignored_with_a_note(app):
    app.query_params["att_init"] = "random"  # the mask and the seed are random weights' settings
    app.query_params["att_mask"] = "sideways"
    app.query_params["att_seed"] = "-4"
    app.query_params["nonsense"] = "1"
    app.query_params["model"] = "apples_en~cbow"
    app.switch_page("pages/attention.py").run()
    assert not app.exception
    assert app.radio(key="att_mask").value == "none"
    assert app.number_input(key="att_seed").value == 0
    note = " ".join(t.value for t in app.toast)
    for name in ("att_mask", "att_seed", "nonsense", "model"):
        assert name in note.replace("\\_", "_")


def test_choices_survive_a_visit_to_another_page(app):
    app.switch_page("pages/train.py").run()
    app.radio(key="train_arch").set_value("skipgram").run()
    app.number_input(key="train_epochs").set_value(50).run()
    app.switch_page("pages/attention.py").run()
    app.radio(key="att_init").set_value("random").run()
    app.radio(key="att_mask").set_value("causal").run()
    app.switch_page("pages/space.py").run()
    app.switch_page("pages/train.py").run()
    assert not app.exception
    assert app.radio(key="train_arch").value == "skipgram"
    assert app.number_input(key="train_epochs").value == 50
    app.switch_page("pages/attention.py").run()
    assert app.radio(key="att_mask").value == "causal"


def test_a_model_link_retrains_the_same_model(app):
    from core.word2vec import Config

    cfg = Config(arch="skipgram", softmax=False, dim=8, window=2, epochs=2, min_count=1, sample=0.0, seed=3)
    param = links.model_param("apples_en", cfg)
    app.query_params["model"] = param
    app.switch_page("pages/space.py").run()
    assert not app.exception
    model = app.session_state["model"]
    assert (
        model.config.arch == "skipgram"
        and model.config.dim == 8
        and model.corpus_name.startswith("apples_en")
    )
    assert app.session_state["model_link"] == param
    # the same settings give the same vectors: a second browser opening the link sees the same space
    from core.corpus import Corpus
    from core.word2vec import build, train_all
    from ui import CORPORA

    corpus = Corpus.from_path(CORPORA / "apples_en.txt", tokenizer=cfg.tokenizer, min_count=1)
    again = build(corpus, Config(**links.parse_model(param)[1]))
    train_all(again, corpus)
    assert (again.W == model.W).all()


def test_a_link_made_with_an_uploaded_model_opens_the_default_one_with_a_note(app, apple_model):
    app.session_state["model"] = apple_model("en")  # a model without a link, as an upload's
    app.switch_page("pages/space.py").run()
    assert app.query_params["model"] in ("upload", ["upload"])
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    other.query_params["model"] = "upload"
    other.query_params["lang"] = "en"
    other.run()
    assert "uploaded" in " ".join(t.value for t in other.toast)
    other.switch_page("pages/space.py").run()
    assert not other.exception
    assert "model" not in other.session_state or other.session_state["model"] is None
