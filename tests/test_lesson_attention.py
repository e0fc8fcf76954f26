"""lessons/attention.toml tells the truth about the shared translator (seed 0): the word "apples" reads,
the words it does not read, and what ablating cross-attention does; and each step's view opens."""

from pathlib import Path

import numpy as np
import pytest

from core import tour
from core.translation import parallel_corpus

ROOT = Path(__file__).resolve().parent.parent
LESSON = tour.load(ROOT / "lessons" / "attention.toml")
SENTENCE = "妈妈在超市买了两个又甜又脆的红苹果"


def test_apples_reads_its_own_word_and_market_hardly_reads_its_own(translator):
    step = LESSON.steps[0]
    maps = translator.attention(SENTENCE)
    cross = maps.cross[-1].mean(0)  # (T, S) the last layer, mean of its heads
    row = cross[maps.tgt.index("apples")]
    answer = step.texts["zh"].choices[min(step.answer)]
    assert maps.src[row.argmax()] == answer == "苹果"
    assert abs(row.max() - 0.76) < 0.03 and np.sort(row)[-2] < 0.1  # "about 0.76, every other below 0.1"
    assert cross[maps.tgt.index("market"), maps.src.index("超市")] < 0.1  # "hardly reads 超市"


def test_uniform_cross_attention_falls_to_about_one_percent(translator):
    step = LESSON.steps[1]
    assert min(step.answer) == 1  # "It falls below 50%"
    accuracy = translator.accuracy(parallel_corpus(0)[1], ablate=[("cross", None, None)])
    assert accuracy < 0.02  # "almost 0 (about 1%)"
    assert translator.accuracy(parallel_corpus(0)[1]) >= 0.95


@pytest.mark.parametrize("n", [0, 1])
def test_each_steps_view_opens(app, n):
    params = LESSON.steps[n].params["zh"]
    for key, value in params.items():
        app.query_params[key] = value
    app.switch_page("pages/transformer.py").run()
    assert not app.exception, app.exception
    assert app.radio(key="tf_view").value == params["tf_view"]
    assert app.text_input(key="tf_text").value == SENTENCE
