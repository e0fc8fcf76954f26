"""The Attention page through AppTest: the trained translator's heads by default, with a sentence that says
so and is true of them; both languages, the Next/Back stepper to the output, the live trust badge against
PyTorch, and every input source, mask, weight choice and section."""

import re

import pytest
from conftest import texts

from core import i18n

STEPS = ["x", "qkv", "kt", "scores", "scale", "mask", "softmax", "output"]


@pytest.fixture
def learned(app):
    """The page as a student opens it: the process's translator exists, so its weights are shown."""
    app.switch_page("pages/attention.py").run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def page(learned):
    """The page with random weights chosen (the word2vec model's vectors as X, every mask and setting)."""
    learned.radio(key="att_init").set_value("random").run()
    assert not learned.exception, learned.exception
    return learned


def _z(at, key: str):
    """The first heatmap's matrix of the chart `key`, decoded from plotly's typed array."""
    import base64
    import json

    import numpy as np

    spec = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
    z = spec[0]["data"][0]["z"]
    if isinstance(z, list):
        return np.array(z, dtype=float)
    shape = [int(n) for n in z["shape"].split(",")]
    return np.frombuffer(base64.b64decode(z["bdata"]), z["dtype"]).reshape(shape)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_learned_weights_are_the_default_and_are_the_translators_own(learned, lang, translator):
    """By default the page steps through the translator's encoder heads: its A equals the translator's own
    weights for the chosen layer and head, and the main text says so and names the strongest pairs."""
    import numpy as np

    learned.radio(key="lang").set_value(lang).run()
    assert learned.radio(key="att_init").value == "learned"
    zh = learned.text_input(key="att_tl_text").value
    assert zh == "妈妈在超市买了两个又甜又脆的红苹果"
    maps = translator.attention(zh)
    for layer, head in ((0, 0), (1, 2)):
        learned.radio(key="att_layer").set_value(layer).run()
        learned.radio(key="att_head").set_value(head).run()
        learned.session_state["att_step"] = 6  # softmax
        learned.run()
        assert not learned.exception, learned.exception
        a = _z(learned, "att_fig_a")
        np.testing.assert_allclose(a, maps.encoder[layer, head], atol=1e-5)
        said = i18n.text("attention.which_learned", lang, layer=1, head=1, strongest="", uniform="")
        which = next(m.value for m in learned.markdown if m.value.startswith(said[:8]))
        i, j = np.unravel_index(a.argmax(), a.shape)
        assert f"{maps.src[i]} → {maps.src[j]} {a[i, j]:.2f}" in which
        assert f"{layer + 1}" in which and f"{head + 1}" in which
        assert all(d < 1e-9 for d in badge_deltas(learned))  # the step-through, biases included, vs torch


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_random_weights_are_said_to_mean_nothing_yet(page, lang):
    page.radio(key="lang").set_value(lang).run()
    assert page.session_state["att_init"] == "random" and not page.session_state["att_init_auto"]
    assert i18n.text("attention.which_random", lang) in [m.value for m in page.markdown]
    page.radio(key="att_init").set_value("identity").run()
    assert i18n.text("attention.which_identity", lang) in [m.value for m in page.markdown]


def test_a_sentence_outside_the_translators_world_names_its_words(learned):
    learned.text_input(key="att_tl_text").set_value("我喜欢蓝莓").run()
    assert not learned.exception
    errors = [e.value for e in learned.error]
    assert len(errors) == 1 and "蓝莓" in errors[0]
    learned.text_input(key="att_tl_text").set_value("苹果" * 20).run()
    assert [e.value for e in learned.error] and not learned.exception  # over the length cap: refused


def badge_deltas(at) -> list[float]:
    """The max|Δ| figures the trust badge shows."""
    badge = [s.value for s in at.success if "SDPA" in s.value or "scaled_dot_product_attention" in s.value]
    assert len(badge) == 1, [s.value for s in at.success] + [e.value for e in at.error]
    return [float(v) for v in re.findall(r"\d\.\de[-+]\d+", badge[0])]


def test_renders_in_both_languages_and_the_switch_changes_the_text(learned):
    page = learned
    assert page.title[0].value == i18n.text("attention.title", "zh")
    assert i18n.text("attention.intro", "zh") in [i.value for i in page.info]
    zh = texts(page)
    page.radio(key="lang").set_value("en").run()
    assert not page.exception
    assert page.title[0].value == i18n.text("attention.title", "en")
    assert i18n.text("attention.next", "en") in [b.label for b in page.button]
    assert texts(page) != zh


def test_next_steps_through_to_the_output_and_back(page):
    for lang in ("zh", "en"):
        page.radio(key="lang").set_value(lang).run()
        seen = []
        for n, name in enumerate(STEPS):
            label = [p.proto.text for p in page.get("progress")]
            assert label and i18n.text(f"attention.step_{name}", lang) in label[0], (n, label)
            seen.append(name)
            if name != "output":
                page.button(key="att_next").click().run()
                assert not page.exception, (name, page.exception)
        assert seen == STEPS
        assert page.button(key="att_next").disabled  # the output is the last step
        assert any(m.value.startswith("z(") for m in page.markdown)  # output row as a weighted sum
        for _ in STEPS[1:]:
            page.button(key="att_back").click().run()
        assert page.button(key="att_back").disabled and not page.exception


def test_trust_badge_shows_a_tiny_max_delta_against_torch(page):
    deltas = badge_deltas(page)
    assert len(deltas) == 2  # SDPA and nn.MultiheadAttention
    assert all(0 <= d < 1e-12 for d in deltas), deltas
    for mask in ("causal", "padding"):
        page.radio(key="att_mask").set_value(mask).run()
        page.select_slider(key="att_temperature").set_value(0.25).run()
        assert not page.exception
        assert all(d < 1e-12 for d in badge_deltas(page))


def test_d_out_other_than_d_in_says_why_mha_is_not_compared(page):
    page.radio(key="lang").set_value("en").run()
    page.toggle(key="att_same").set_value(False).run()
    page.number_input(key="att_d_out").set_value(6).run()
    assert not page.exception
    assert len(badge_deltas(page)) == 1
    assert "d_out = d_in" in texts(page)


def test_score_cell_expands_term_by_term(page):
    for _ in range(3):
        page.button(key="att_next").click().run()
    page.selectbox(key="att_i").set_value(1).run()
    page.selectbox(key="att_j").set_value(2).run()
    assert not page.exception
    line = next(m.value for m in page.markdown if m.value.startswith("S[1, 2]"))
    assert line.count("·") >= 2 and "**" in line


@pytest.mark.parametrize("source", ["onehot", "integers"])
def test_other_inputs_and_weights_render(page, source):
    page.radio(key="att_source").set_value(source).run()
    for init in ("identity", "hand", "random"):
        page.radio(key="att_init").set_value(init).run()
        assert not page.exception, (source, init, page.exception)
        assert all(d < 1e-12 for d in badge_deltas(page))
    page.toggle(key="att_layout").set_value(True).run()
    page.toggle(key="att_show_w").set_value(True).run()
    page.toggle(key="att_all").set_value(True).run()
    assert not page.exception
    assert "in_proj_weight" in texts(page)


def test_every_section_renders(page):
    for section in ("heads", "cbow", "perm", "steps"):
        page.radio(key="att_section").set_value(section).run()
        assert not page.exception, (section, page.exception)
    page.radio(key="att_section").set_value("perm").run()
    delta = re.findall(r"= (\d\.\de[-+]\d+)", texts(page))
    assert delta and float(delta[0]) < 1e-12  # attention(PX) = P·attention(X)


def test_sentence_without_known_words_gives_one_clear_message(page):
    page.text_input(key="att_sentence").set_value("zzzz qqqq").run()
    assert not page.exception
    assert i18n.text("attention.no_tokens", "zh") in [w.value for w in page.warning]


def test_cbow_section_draws_the_window_not_the_whole_sentence(page):
    import base64
    import json

    import numpy as np

    page.radio(key="att_section").set_value("cbow").run()
    page.slider(key="att_cbow_window").set_value(2).run()
    assert not page.exception
    spec = [json.loads(c.proto.spec) for c in page.get("plotly_chart") if c.proto.id.endswith("att_fig_cbow")]
    z = spec[0]["data"][0]["z"]  # the left map, CBOW's rows, as plotly's typed array
    cbow = np.frombuffer(base64.b64decode(z["bdata"]), z["dtype"]).reshape(
        [int(n) for n in z["shape"].split(",")]
    )
    T = len(cbow)
    i, j = np.indices((T, T))
    assert T > 5  # the default sentence is longer than one window
    np.testing.assert_allclose(cbow.sum(1), 1)
    assert (cbow[np.abs(i - j) > 2] == 0).all() and (cbow.diagonal() == 0).all()
    assert cbow[T // 2, T // 2 + 1] == 0.25  # 1/(2·2) in the middle of the sentence


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_are_not_numbered_from_three_and_heads_stand_words_upright(app, lang, monkeypatch):
    """Issue 26: the section radio started at "3 ·" (1 and 2 are folded away above it), and four heads side
    by side ran their column words together ("mombought")."""
    import json

    import ui

    app.radio(key="lang").set_value(lang).run()
    monkeypatch.setattr(ui, "lang", lambda: lang)
    app.switch_page("pages/attention.py").run()
    app.radio(key="att_init").set_value("random").run()  # random weights: the number of heads is a choice
    labels = app.radio(key="att_section").options
    assert not any(label[:1].isdigit() for label in labels), labels
    app.radio(key="att_section").set_value("heads").run()
    app.selectbox(key="att_heads").set_value(4).run()
    assert not app.exception
    heads = next(json.loads(c.proto.spec) for c in app.get("plotly_chart") if c.proto.id.endswith("heads0"))
    x_axes = [v for k, v in heads["layout"].items() if k.startswith("xaxis")]
    assert len(x_axes) >= 3 and all(a["tickangle"] == -90 for a in x_axes)
