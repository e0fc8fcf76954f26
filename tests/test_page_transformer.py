"""The Transformer page through AppTest: both languages, the clickable figure's blocks and modes, a short
live training run, a translation with its greedy steps and cross-attention, and an unknown word."""

import time

import pytest
from conftest import ROOT, texts
from streamlit.testing.v1 import AppTest

from core import i18n
from core.translation_corpus import ADJECTIVES, FRUITS
from ui.chart_style import BASE_FONT, PROJECTOR_FONT


@pytest.fixture
def page(app):
    app.switch_page("pages/transformer.py").run()
    assert not app.exception, app.exception
    return app


def trained_page(page):
    page.session_state["tf_max_seconds"] = 3  # the test hook: a short run, enough to render every part
    page.button(key="tf_train").click().run()
    assert not page.exception, page.exception
    job = page.session_state["tf_job"]  # training is a background job: the click returned at once
    job.join(120)
    assert job.state == "done", job.state
    page.run()
    assert not page.exception, page.exception
    return page


def test_renders_in_both_languages(page):
    assert page.title[0].value == i18n.text("transformer.title", "zh")
    assert i18n.text("transformer.intro", "zh") in [i.value for i in page.info]
    # Seed 0 is the process's shared translator, ready at once; another seed waits for a Train press.
    assert i18n.text("transformer.shared_model", "zh") in texts(page)
    page.number_input(key="tf_seed").set_value(5).run()
    assert i18n.text("transformer.train", "zh", seconds=60) in [b.label for b in page.button]
    assert page.get("plotly_chart")  # the encoder–decoder figure
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
    assert page.slider(key="tf_infer_step").value == 1  # the decoder emits word by word
    assert i18n.text("transformer.x_top_infer", lang) in [i.value for i in page.info]


def test_train_then_translate_shows_english_steps_and_attention(page):
    page.number_input(key="tf_seed").set_value(5).run()
    page = trained_page(page)
    assert i18n.text("transformer.accuracy", "zh") in [m.label for m in page.metric]
    assert i18n.text("transformer.cut_short", "zh") in [w.value for w in page.warning]  # 3 s < the full run
    page.text_input(key="tf_text").set_value("这个香蕉很绿").run()
    assert not page.exception, page.exception
    out = [m.value for m in page.markdown if m.value.startswith("### ")]
    assert out and i18n.text("transformer.output", "zh") in out[0]
    english = out[0].split("**")[1].split()
    assert english and all(w.isascii() for w in english)  # English words, whatever the quality
    assert page.table  # the greedy steps
    assert len(page.get("plotly_chart")) >= 3  # figure, loss curve, heatmap


def test_unknown_word_is_named(page):
    page = trained_page(page)
    page.text_input(key="tf_text").set_value("这是一个蓝莓").run()
    assert not page.exception, page.exception
    errors = [e.value for e in page.error]
    assert len(errors) == 1 and "蓝莓" in errors[0]
    assert errors[0].startswith(
        i18n.text("error.translation_unknown_words", "zh", words="蓝莓", known="").split("。")[0]
    )


def test_suggestions_are_held_out_sentences(page):
    page = trained_page(page)
    pick = page.session_state["tf_text"]
    assert any(a in pick for a in ADJECTIVES) and any(f in pick for f in FRUITS)
    assert i18n.text("transformer.unseen_badge", "zh") in texts(page)


def test_transformer_figure_makes_every_block_clickable():
    """ui/transformer_charts.py: each block of the encoder–decoder figure carries its id for a click."""
    from ui import transformer_charts

    labels = {b: b for b in transformer_charts.BLOCKS}
    fig = transformer_charts.figure(
        "inference",
        labels,
        {"src_in": "这 是", "tgt_in": "<bos>", "top": "this"},
        None,
        ("encoder", "decoder"),
        "k, v",
        "loop",
    )
    clickable = {c for trace in fig.data if trace.customdata is not None for c in trace.customdata}
    assert clickable == set(transformer_charts.BLOCKS)


# ---- issue 13: one student cannot hurt the class ------------------------------------------------------


def _start(at, seed: int, max_seconds: float = 60):
    """Press Train for `seed` with a full-length budget (~15 s on an idle core), which a test stops."""
    at.number_input(key="tf_seed").set_value(seed).run()
    at.session_state["tf_max_seconds"] = max_seconds
    started = time.perf_counter()
    at.button(key="tf_train").click().run()
    assert not at.exception, at.exception
    return at.session_state["tf_job"], time.perf_counter() - started


def _poll(at, cond, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)
        at.run()
        assert not at.exception, at.exception


def test_training_is_a_background_job_with_progress(page):
    job, seconds = _start(page, 97)
    try:
        assert job.busy and seconds < 10  # the click returned long before the run ends
        assert page.button(key="tf_train").disabled  # one run per session at a time
        _poll(page, lambda: page.progress and page.progress[0].value > 0)
        text = page.progress[0].text
        step = job.latest().step
        assert text.startswith(i18n.text("transformer.training", "zh", step=1, loss=0, seconds=0)[:4])
        assert "tf_live_loss" in [c.key for c in page.get("plotly_chart")]
        _poll(page, lambda: job.latest().step > step)  # it goes on between reruns
    finally:
        job.stop()
        job.join(10)
    page.run()
    assert "tf_job" not in page.session_state and job.state == "stopped"
    assert not page.button(key="tf_train").disabled


def test_a_second_run_waits_in_line_and_the_same_seed_is_watched_not_retrained(page):
    others = [AppTest.from_file(str(ROOT / "app.py"), default_timeout=120) for _ in range(2)]
    for at in others:
        at.run()
        at.switch_page("pages/transformer.py").run()
    first, _ = _start(page, 98)
    second, third = None, None
    try:
        _poll(page, lambda: first.state == "running")
        second, _ = _start(others[0], 99)
        assert second.state == "queued" and second.queue_position() == 1
        shown = [i.value for i in others[0].info]
        assert i18n.text("transformer.queued", "zh", ahead=1, seed=99, slots=1) in shown
        assert not others[0].progress
        third, _ = _start(others[1], 98)  # the same seed: it watches the run in flight
        assert third is first
        assert i18n.text("transformer.waiting", "zh") in [i.value for i in others[1].info]
        first.stop()
        first.join(10)
        _poll(others[0], lambda: second.state == "running" and others[0].progress)
    finally:
        for job in (first, second):
            if job is not None:
                job.stop()
                job.join(10)


def test_a_finished_translator_is_shared_with_the_next_student_at_once(page):
    """Once one student's run reached its last step, a second student asking for that seed has it at once."""
    job, _ = _start(page, 96, max_seconds=600)
    job.join(600)  # ~40 s alone; minutes when the machine is busy
    assert job.state == "done" and job.result["model"].finished
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    other.run()
    other.switch_page("pages/transformer.py").run()
    other.number_input(key="tf_seed").set_value(96).run()
    assert i18n.text("transformer.shared_model", "zh") in texts(other)
    assert other.button(key="tf_train").label == i18n.text("transformer.retrain", "zh")
    assert [m.label for m in other.metric][2] == i18n.text("transformer.accuracy", "zh")


def _shared_figure_script():
    import plotly.graph_objects as go
    import streamlit as st

    import ui

    @st.cache_resource
    def shared():
        return go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))

    fig = shared()
    st.session_state["font_before"] = fig.to_dict()["layout"].get("font")
    ui.plot(fig)
    st.session_state["font_after"] = fig.to_dict()["layout"].get("font")


def test_a_cached_figure_is_not_changed_by_drawing_it_in_two_sessions():
    """A figure cached for the process (as the Transformer page's encoder–decoder figure is) and drawn by
    ui.plot in a projector session and a normal one: neither session's font reaches the shared object."""
    import json

    from ui import FONT

    big, normal = (AppTest.from_function(_shared_figure_script) for _ in range(2))
    big.session_state["presentation"] = True
    big.run()
    normal.run()
    for at in (big, normal):
        assert not at.exception, at.exception
        assert at.session_state["font_before"] is None and at.session_state["font_after"] is None
    drawn = [json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["font"] for at in (big, normal)]
    assert drawn[0] == {"family": FONT, "size": PROJECTOR_FONT} and drawn[1] == {
        "family": FONT,
        "size": BASE_FONT,
    }


def test_the_transformer_figure_is_drawn_big_only_for_the_projector_session(page):
    import json

    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    other.run()
    other.switch_page("pages/transformer.py").run()
    other.toggle(key="presentation").set_value(True).run()
    page.run()
    sizes = [
        json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["font"].get("size") for at in (other, page)
    ]
    assert sizes == [PROJECTOR_FONT, BASE_FONT]


# ---- issue 24: the translator's attention, all of it ---------------------------------------------------

VIEWS = ("head", "model", "neuron", "replay", "ablate")


def _charts(at) -> dict:
    import json

    return {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_attention_view_of_every_kind_renders_with_true_captions(page, lang, translator):
    """The shared translator (seed 0) on the Attention page's sentence: each view of each kind, in both
    languages; the head view's and neuron view's sentences name what the numbers say."""
    import re

    import numpy as np

    zh = "妈妈在超市买了两个又甜又脆的红苹果"
    page.radio(key="lang").set_value(lang).run()
    page.text_input(key="tf_text").set_value(zh).run()
    out = [m.value for m in page.markdown if m.value.startswith("### ")]
    assert "mom bought two sweet and crisp red apples at the market" in out[0]
    maps = translator.attention(zh)
    align = page.dataframe[0].value  # the alignment table: each English word and the word it reads most
    assert list(align.iloc[:, 0]) == maps.tgt
    assert list(align.iloc[:, 1]) == [maps.src[j] for j in maps.cross[-1].mean(0).argmax(1)]
    for view in VIEWS:
        page.radio(key="tf_view").set_value(view).run()
        for kind in ("encoder", "decoder", "cross"):
            if view == "ablate":
                break
            page.radio(key="tf_kind").set_value(kind).run()
            assert not page.exception, (view, kind, page.exception)
            queries, keys, weights = maps.of(kind)
            if view == "head":
                caption = next(c.value for c in page.caption if "→" in c.value)
                for i, q in enumerate(queries):  # every query's strongest key over the heads shown
                    h, j = np.unravel_index(weights[0, :, i].argmax(), (weights.shape[1], weights.shape[3]))
                    assert f"{q} → {keys[j]} {weights[0, h, i, j]:.2f}" in caption, (kind, q)
            if view == "neuron":
                caption = next(c.value for c in page.caption if "√d_k" in c.value)
                a = weights[0, 0, 0]
                assert f"{a.max():.2f}" in caption and keys[a.argmax()] in caption
            if view == "replay":
                spec = _charts(page)["tf_replay"]
                assert len(spec["frames"]) == len(translator.snapshots) >= 10
    # The lab: every cross-attention head made uniform breaks the translation of the held-out test set.
    page.radio(key="tf_view").set_value("ablate").run()
    assert not page.exception, page.exception
    acc = {m.label: m.value for m in page.metric}
    before = acc[i18n.text("transformer.ablate_acc_before", lang)]
    assert float(before.rstrip("%")) >= 95, acc
    assert float(acc[i18n.text("transformer.ablate_acc_after", lang)].rstrip("%")) < 50, acc
    assert i18n.text("transformer.ablate_literature", lang) in [i.value for i in page.info]
    page.radio(key="tf_ab_layer").set_value(1).run()
    page.radio(key="tf_ab_head").set_value(0).run()
    page.radio(key="tf_ab_mode").set_value("shuffle").run()
    assert not page.exception, page.exception
    after = translator.accuracy(translator_test(), ablate=[("cross", 1, 0)], mode="shuffle")
    acc = {m.label: m.value for m in page.metric}
    assert acc[i18n.text("transformer.ablate_acc_after", lang)] == f"{after:.1%}"
    assert re.search(r"\d", texts(page))


def translator_test():
    from core.translation import parallel_corpus

    return parallel_corpus(0)[1]


def test_attention_views_are_drawn_big_in_presentation_mode(page):
    page.toggle(key="presentation").set_value(True).run()
    for view, chart in (("head", "tf_hv_chart"), ("model", "tf_mv_grid"), ("neuron", "tf_nv_chart")):
        page.radio(key="tf_view").set_value(view).run()
        assert not page.exception, page.exception
        assert _charts(page)[chart]["layout"]["font"]["size"] == PROJECTOR_FONT, view
