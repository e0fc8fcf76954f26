"""The Why-embeddings page through AppTest: both languages, the identity trap run, the timing with small
sizes, the activation comparison, a bad word, and a model from an uploaded corpus."""

import numpy as np
import pytest
from conftest import texts

from core import i18n
from core.corpus import Corpus
from core.word2vec import Config, build, train_all


@pytest.fixture
def why(app):
    app.switch_page("pages/why.py").run()
    assert not app.exception
    return app


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_in_both_languages(why, lang):
    why.radio(key="lang").set_value(lang).run()
    assert not why.exception
    assert why.title[0].value == i18n.text("why.title", lang)
    assert [h.value for h in why.header] == [i18n.text(f"why.{s}.title", lang)
                                             for s in ("lookup", "trap", "pinv", "linear")]
    shown = texts(why)
    assert i18n.text("why.intro", lang) in shown
    # the default context "这是一个很 __ 的苹果" is not in the corpus: the table is silent, the embedding answers
    assert i18n.text("why.lookup.no_key", lang) in [w.value for w in why.warning]
    assert i18n.text("why.pinv.independent", lang) in shown


def test_identity_trap_trains_to_zero_loss_and_fails_the_neighbour_check(why):
    why.slider(key="why_trap_d").set_value(8)
    why.slider(key="why_trap_steps").set_value(200)
    why.select_slider(key="why_trap_lr").set_value(0.03)
    why.button(key="why_trap_train").click().run()
    assert not why.exception
    trap, events, _ = why.session_state["why_trap"]
    assert events[-1].done and events[-1].step == 200
    metrics = {m.label: m.value for m in why.metric}
    assert float(metrics[i18n.text("why.trap.final_loss", "zh")]) < 0.05
    assert metrics[i18n.text("why.trap.reconstruction", "zh")] == "100%"
    learned = int(metrics[i18n.text("why.trap.agree_model", "zh", arch="CBOW")].rstrip("%"))
    trapped = int(metrics[i18n.text("why.trap.agree_trap", "zh")].rstrip("%"))
    chance = int(metrics[i18n.text("why.trap.agree_chance", "zh")].rstrip("%"))
    assert trapped < chance + 10 < learned
    assert i18n.text("why.trap.sv_caption", "zh", nonzero=8, V=len(trap.words), ratio=0.0)[:12] in texts(why)
    # the side-by-side neighbour table has one row per chosen word
    near_trap = i18n.text("why.trap.near_trap", "zh")
    table = next(d.value for d in why.dataframe if near_trap in d.value.columns)
    assert len(table) == len(why.multiselect(key="why_trap_words").value) > 0
    assert all(len(cell.split()) == 4 for cell in table[near_trap])


def test_timing_with_small_sizes(why):
    why.select_slider(key="why_pinv_largest").set_value(1000)
    why.select_slider(key="why_pinv_max_square").set_value(200)
    why.select_slider(key="why_pinv_d").set_value(8)
    why.button(key="why_pinv_measure").click().run()
    assert not why.exception
    costs = why.session_state["why_costs"]
    assert list(costs.sizes) == [100, 200, 500, 1000] and costs.dim == 8
    assert np.isnan(costs.square[2:]).all() and not np.isnan(costs.square[:2]).any()  # measured ≤ 200 only
    assert costs.step.min() > 0 and costs.pinv.min() > 0
    shown = next(d.value for d in why.dataframe if "V" in d.value.columns)
    assert len(shown) == 4 and i18n.text("why.pinv.extrapolated", "zh") in shown.iloc[-1, -1]


def test_activation_comparison(why):
    why.radio(key="lang").set_value("en").run()
    why.slider(key="why_linear_epochs").set_value(1)
    why.button(key="why_linear_compare").click().run()
    assert not why.exception
    results = why.session_state["why_linear"]
    assert set(results) == {"none", "relu", "tanh"}
    assert results["none"].additivity < 1e-6 < results["relu"].additivity
    assert i18n.text("why.linear.verdict", "en") in texts(why)


def test_unknown_word_gets_a_clear_message(why):
    why.text_input(key="why_blend_a").set_value("火星").run()
    assert not why.exception
    assert i18n.text("error.why_unknown_words", "zh", words="火星") in [e.value for e in why.error]


def test_model_from_an_uploaded_corpus(why):
    text = "\n".join(["我 爱 吃 红 苹果", "你 爱 吃 绿 苹果", "他 爱 吃 甜 苹果"] * 5)
    corpus = Corpus.from_text(text, tokenizer="words", min_count=1, name="my_upload")
    model = build(corpus, Config(arch="cbow", softmax=True, dim=4, epochs=1, min_count=1, tokenizer="words"))
    train_all(model, corpus)
    model.corpus_name = "my_upload"
    why.session_state["model"] = model
    why.run()
    assert not why.exception
    assert i18n.text("why.lookup.fallback", "zh") in texts(why)
    why.button(key="why_trap_train").click().run()
    assert not why.exception
    assert i18n.text("why.trap.no_categories", "zh") in texts(why)


def test_singular_value_chart_greys_out_everything_past_d():
    """pages/why_charts.py: the spectrum of W′W marks the first d values and no more (rank ≤ d)."""
    import numpy as np

    from pages import why_charts

    fig = why_charts.singular_values(np.array([3.0, 2.0, 1.0, 1e-17, 0.0]), 3, "σ", "d")
    colours = fig.data[0].marker.color
    assert list(colours[:3]) == ["#636efa"] * 3 and set(colours[3:]) == {"#c8c8c8"}
    assert min(fig.data[0].y) > 0  # exact zeros still drawn on the log axis
