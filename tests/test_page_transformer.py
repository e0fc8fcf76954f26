"""The Transformer page through AppTest: both languages, the clickable figure's blocks and modes, a short
live training run, a translation with its greedy steps and cross-attention, and an unknown word."""

import pytest
from conftest import texts

from core import i18n
from core.translation_corpus import ADJECTIVES, FRUITS


@pytest.fixture
def page(app):
    app.switch_page("pages/transformer.py").run()
    assert not app.exception, app.exception
    return app


def trained_page(page):
    page.session_state["tf_max_seconds"] = 3   # the test hook: a short run, enough to render every part
    page.button(key="tf_train").click().run(timeout=120)
    assert not page.exception, page.exception
    return page


def test_renders_in_both_languages(page):
    assert page.title[0].value == i18n.text("transformer.title", "zh")
    assert i18n.text("transformer.intro", "zh") in [i.value for i in page.info]
    assert i18n.text("transformer.train", "zh", seconds=60) in [b.label for b in page.button]
    assert page.get("plotly_chart")                                    # the encoder–decoder figure
    zh = texts(page)
    page.radio(key="lang").set_value("en").run()
    assert not page.exception, page.exception
    assert page.title[0].value == i18n.text("transformer.title", "en")
    assert i18n.text("transformer.intro", "en") in [i.value for i in page.info]
    assert texts(page) != zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_selecting_a_block_explains_it_and_links_to_attention(page, lang):
    page.radio(key="lang").set_value(lang).run()
    page.radio(key="tf_block").set_value("dec_cross").run()
    assert not page.exception, page.exception
    assert i18n.text("transformer.x_dec_cross", lang) in [i.value for i in page.info]
    links = page.get("page_link")
    assert links and "attention" in links[0].proto.page
    page.toggle(key="tf_infer").set_value(True).run()
    page.radio(key="tf_block").set_value("top").run()
    assert not page.exception, page.exception
    assert page.slider(key="tf_infer_step").value == 1                 # the decoder emits word by word
    assert i18n.text("transformer.x_top_infer", lang) in [i.value for i in page.info]


def test_train_then_translate_shows_english_steps_and_attention(page):
    page = trained_page(page)
    assert i18n.text("transformer.accuracy", "zh") in [m.label for m in page.metric]
    assert i18n.text("transformer.cut_short", "zh") in [w.value for w in page.warning]  # 3 s < the full run
    page.text_input(key="tf_text").set_value("这个香蕉很绿").run()
    assert not page.exception, page.exception
    out = [m.value for m in page.markdown if m.value.startswith("### ")]
    assert out and i18n.text("transformer.output", "zh") in out[0]
    english = out[0].split("**")[1].split()
    assert english and all(w.isascii() for w in english)               # English words, whatever the quality
    assert page.table                                                   # the greedy steps
    assert len(page.get("plotly_chart")) >= 3                           # figure, loss curve, heatmap


def test_unknown_word_is_named(page):
    page = trained_page(page)
    page.text_input(key="tf_text").set_value("这是一个蓝莓").run()
    assert not page.exception, page.exception
    errors = [e.value for e in page.error]
    assert len(errors) == 1 and "蓝莓" in errors[0]
    assert errors[0].startswith(i18n.text("error.translation_unknown_words", "zh", words="蓝莓", known="").split("。")[0])


def test_suggestions_are_held_out_sentences(page):
    page = trained_page(page)
    pick = page.session_state["tf_text"]
    assert any(a in pick for a in ADJECTIVES) and any(f in pick for f in FRUITS)
    assert i18n.text("transformer.unseen_badge", "zh") in texts(page)


def test_transformer_figure_makes_every_block_clickable():
    """pages/transformer_figure.py: each block of the encoder–decoder figure carries its id for a click."""
    from pages import transformer_figure

    labels = {b: b for b in transformer_figure.BLOCKS}
    fig = transformer_figure.figure("inference", labels, {"src_in": "这 是", "tgt_in": "<bos>", "top": "this"},
                                    None, ("encoder", "decoder"), "k, v", "loop")
    clickable = {c for trace in fig.data if trace.customdata is not None for c in trace.customdata}
    assert clickable == set(transformer_figure.BLOCKS)
