"""The Why-embeddings page through AppTest: both languages, the identity trap run, the timing with small
sizes, the activation comparison, a bad word, and a model from an uploaded corpus."""

import time

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


def trained_trap(why):
    """Press Train on the identity trap; it trains as a background job, so wait for it and redraw."""
    why.button(key="why_trap_train").click().run()
    assert not why.exception, why.exception
    job, _ = why.session_state["why_trap_job"]  # the click returned at once
    job.join(60)
    assert job.state == "done", job.state
    why.run()
    assert not why.exception, why.exception


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renders_in_both_languages(why, lang):
    why.radio(key="lang").set_value(lang).run()
    assert not why.exception
    assert why.title[0].value == i18n.text("why.title", lang)
    assert [h.value for h in why.header] == [
        i18n.text(f"why.{s}.title", lang) for s in ("lookup", "trap", "pinv", "linear")
    ]
    shown = texts(why)
    assert i18n.text("why.intro", lang) in shown
    # the default context "这是一个很 __ 的苹果" is not in the corpus: the table is silent, the embedding
    # answers
    assert i18n.text("why.lookup.no_key", lang) in [w.value for w in why.warning]
    assert i18n.text("why.pinv.independent", lang) in shown


def test_identity_trap_trains_to_zero_loss_and_fails_the_neighbour_check(why):
    why.slider(key="why_trap_d").set_value(8)
    why.slider(key="why_trap_steps").set_value(200)
    why.select_slider(key="why_trap_lr").set_value(0.03)
    trained_trap(why)
    trap, events, _ = why.session_state["why_trap"]
    assert events[-1].done and events[-1].step == 200
    metrics = {m.label: m.value for m in why.metric}
    assert float(metrics[i18n.text("why.trap.final_loss", "zh")]) < 0.05
    assert metrics[i18n.text("why.trap.reconstruction", "zh")] == "100%"
    learned = int(metrics[i18n.text("why.trap.agree_model", "zh", arch="CBOW")].rstrip("%"))
    trapped = int(metrics[i18n.text("why.trap.agree_trap", "zh")].rstrip("%"))
    chance = int(metrics[i18n.text("why.trap.agree_chance", "zh")].rstrip("%"))
    assert trapped < chance + 10 < learned
    # the caption names the numbers of W′W's spectrum: rank d = 8 of V, the (d+1)-th value at rounding level
    sv = why.session_state["why_trap_sv"]
    product = (trap.W_prime.double() @ trap.W.double().T).numpy()  # (V, V)
    assert len(sv) == len(trap.words) and np.linalg.matrix_rank(product) == 8
    ratio = float(sv[8] / sv[0])
    assert ratio < 1e-12
    caption = i18n.text("why.trap.sv_caption", "zh", nonzero=8, V=len(trap.words), ratio=ratio)
    assert caption in [c.value for c in why.caption]
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
    assert np.isfinite(costs.step).all() and np.isfinite(costs.pinv).all()  # every size measured
    shown = next(d.value for d in why.dataframe if "V" in d.value.columns)
    assert len(shown) == 4 and i18n.text("why.pinv.extrapolated", "zh") in shown.iloc[-1, -1]
    # the table shows the measured seconds, in ms, for each V
    for key, seconds in (("why.pinv.pinv", costs.pinv), ("why.pinv.step", costs.step)):
        cells = shown[i18n.text(key, "zh", d=8)]
        np.testing.assert_allclose([float(c.removesuffix(" ms")) for c in cells], seconds * 1e3, atol=6e-4)
    # issue 26: the growth is stated as measured (the lesson said "about 1000 times" while the page measured
    # 0.3 → 53 ms for V = 100 → 1000)
    from core import facts
    from ui.why_panels import pinv_growth

    square, _ = facts.growth(costs.sizes[:2], costs.square[:2])
    step, _ = facts.growth(costs.sizes[:2], costs.step[:2])
    assert square == pytest.approx(costs.square[1] / costs.square[0])
    assert pinv_growth(costs, lambda key, **p: i18n.text(key, "zh", **p)) in texts(why)
    assert f"{square:.0f}" in pinv_growth(costs, lambda key, **p: i18n.text(key, "en", **p))


def test_the_lesson_states_no_growth_the_page_does_not_measure():
    import tomllib

    from conftest import ROOT

    lesson = (ROOT / "lessons" / "tour.toml").read_text(encoding="utf-8")
    assert "about 1000 times the time" not in lesson and "时间约大 1000 倍" not in lesson
    steps = tomllib.loads(lesson)["step"]
    c10 = next(s for s in steps if s["claim"] == "C10")
    assert "177" in c10["en"]["explain"] and "177" in c10["zh"]["explain"]


def test_activation_comparison(why):
    why.radio(key="lang").set_value("en").run()
    why.slider(key="why_linear_epochs").set_value(1)
    why.button(key="why_linear_compare").click().run()
    assert not why.exception
    results = why.session_state["why_linear"]
    assert set(results) == {"none", "relu", "tanh"}
    assert results["none"].additivity < 1e-6 < results["relu"].additivity
    assert i18n.text("why.linear.verdict", "en") in texts(why)


def test_switching_language_shows_no_error(why):
    """Each example input is kept per language: the English model has no 红 to blend or 红苹果 to read."""
    assert not why.error
    why.radio(key="lang").set_value("en").run()
    assert not why.exception and not why.error, [e.value for e in why.error]
    assert why.text_input(key="why_blend_a_en").value == "red"
    why.radio(key="lang").set_value("zh").run()
    assert not why.error and why.text_input(key="why_blend_a_zh").value == "红"


def test_unknown_word_gets_a_clear_message(why):
    why.text_input(key="why_blend_a_zh").set_value("火星").run()
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
    trained_trap(why)
    assert i18n.text("why.trap.no_categories", "zh") in texts(why)


def test_singular_value_chart_greys_out_everything_past_d():
    """ui/why_charts.py: the spectrum of W′W marks the first d values and no more (rank ≤ d)."""
    import numpy as np

    from ui import why_charts

    fig = why_charts.singular_values(np.array([3.0, 2.0, 1.0, 1e-17, 0.0]), 3, "σ", "d")
    colours = fig.data[0].marker.color
    assert list(colours[:3]) == ["#636efa"] * 3 and set(colours[3:]) == {"#c8c8c8"}
    assert min(fig.data[0].y) > 0  # exact zeros still drawn on the log axis


# The Why page for a session whose model has 50,000 words (dim 100), in a process of its own: each action's
# time and the process's peak memory above where the warm page started.
_BIG_MODEL_PAGE = """
import json, resource, sys, time
# A regression fails here, not on the machine. The data limit, not the address space's: torch's reserved
# address space varies, and under RLIMIT_AS a CI run once could not load a shared library (_lsprof).
resource.setrlimit(resource.RLIMIT_DATA, (8 << 30, 8 << 30))
sys.path.insert(0, "tests")
import numpy as np, torch
from streamlit.testing.v1 import AppTest
from core.word2vec import Config, Word2Vec

V, d = 50_000, 100
words = [f"w{i}" for i in range(V)]
counts = np.arange(V, 0, -1) * 3                              # sorted by count, as a real vocabulary
model = Word2Vec(Config(arch="skipgram", dim=d, min_count=1, tokenizer="words"), words, counts,
                 torch.rand(V, d) - 0.5, torch.rand(V, d) - 0.5, "words", "an_upload")
at = AppTest.from_file("app.py", default_timeout=300)
at.run()
at.run()
at.session_state["model"] = model
at.switch_page("pages/why.py").run()
at.run()
open("/proc/self/clear_refs", "w").write("5")                # peak RSS from here on
status = lambda field: int(open("/proc/self/status").read().split(field + ":")[1].split()[0])
before = status("VmRSS")
seconds = {}
def timed(name, action):
    start = time.perf_counter()
    action()
    seconds[name] = time.perf_counter() - start
    assert not at.exception, at.exception
timed("rerun", at.run)
timed("click", lambda: at.button(key="why_trap_train").click().run())
job, _ = at.session_state["why_trap_job"]
job.join(120)
timed("result", at.run)
timed("word", lambda: at.selectbox(key="why_onehot_word").set_value("w20000").run())
timed("again", at.run)
charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
heat = [c["data"][0] for c in charts if c["data"] and c["data"][0].get("type") == "heatmap"
        and c["data"][0].get("x") is not None]
print(json.dumps(dict(seconds=seconds, mib=(status("VmHWM") - before) / 1024, state=job.state,
                      trap_words=len(at.session_state["why_trap"][0].words),
                      heat=[len(h["x"]) for h in heat],
                      onehot_rows=[len(c["data"][1]["y"]) for c in charts       # x next to W: W's rows
                                   if len(c["data"]) == 3 and {t["type"] for t in c["data"]} == {"heatmap"}],
                      shown=[c.value for c in at.caption])))
"""


def test_a_50000_word_model_keeps_every_action_small_and_quick():
    """Issue 13: the trap takes the 500 most frequent words (not V × V at V = 50,000: 10 GB a matrix), the
    page says so, and every rerun stays well under 3 s and the process well under 1 GiB more."""
    import json
    import subprocess
    import sys

    from conftest import ROOT

    out = subprocess.run(
        [sys.executable, "-c", _BIG_MODEL_PAGE], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["state"] == "done" and result["trap_words"] == 500
    assert result["heat"] == [100]  # W′W drawn for the first 100 words only
    assert result["onehot_rows"] == [100]  # and 100 rows of W, not 50,000
    assert i18n.text("why.trap.limit", "zh", limit=500, V=50_000, n=500) in result["shown"]
    assert i18n.text("why.onehot.window", "zh", lo=19_951, hi=20_050, V=50_000) in result["shown"]
    assert max(result["seconds"].values()) < 3, result["seconds"]
    assert result["mib"] < 512, result


def test_the_trap_trains_as_a_job_and_shows_its_progress(why):
    why.slider(key="why_trap_d").set_value(64)
    why.slider(key="why_trap_steps").set_value(1000)
    why.button(key="why_trap_train").click().run()
    job, _ = why.session_state["why_trap_job"]
    assert job.busy  # the click returned before the run ended
    job.pause()  # hold it mid-run, after its next report
    try:
        deadline = time.monotonic() + 30
        while not job.events:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert job.state == "paused" and not job.events[-1].done
        why.run()
        assert not why.exception, why.exception
        assert why.button(key="why_trap_train").disabled  # one run per session at a time
        bar = why.progress[0]
        step = job.latest().step
        assert bar.text == i18n.text("why.trap.training", "zh", step=step, steps=1000)
        assert 0 < bar.value < 100
        assert "why_trap_live" in [c.key for c in why.get("plotly_chart")]
    finally:
        job.resume()
    job.join(60)
    why.run()
    assert job.state == "done" and "why_trap_job" not in why.session_state
    assert why.session_state["why_trap"][1][-1].step == 1000 and not why.progress
