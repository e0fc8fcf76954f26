"""Step mode (ui/train_step.py) teaches the update: the numbers it shows support the sentences beside them.
Stepping the same window again raises the true word's probability; the changed-row counts are the rows
whose stored values changed; the first step's unchanged W is explained by W′ = 0, and is so."""

import re
import string

import numpy as np
import pytest
import torch
from conftest import clone_model, texts

from core import i18n
from core.corpus import Corpus
from core.i18n.train import STRINGS
from core.word2vec import Config, build, train
from ui import CORPORA, DEFAULT_SETTINGS, train_step


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_path(CORPORA / "apples_zh.txt", min_count=1)


@pytest.fixture(scope="module")
def default_model(corpus):
    """The session's default model: the apple corpus with the app's default settings (ui.DEFAULT_SETTINGS)."""
    model = build(corpus, Config(**DEFAULT_SETTINGS))
    for _ in train(model, corpus):
        pass
    return model


def _rows_changed(before: torch.Tensor, after: torch.Tensor) -> list[int]:
    return torch.nonzero((before != after).any(1)).flatten().tolist()


def test_the_same_window_five_times_raises_the_true_words_probability_each_time(default_model, corpus):
    model = clone_model(default_model)
    rng = np.random.default_rng(0)
    tried = 0
    for _ in range(8):  # eight windows; those the model already predicts (p ≥ 0.99) barely move in float32
        shown = train_step.run(model, corpus, rng)
        if shown.p_history[0] >= 0.99:
            continue
        tried += 1
        window = shown.result.window_tokens
        for _ in range(4):
            shown = train_step.again(shown)
            assert shown.result.window_tokens == window  # the same window…
        p = shown.p_history
        assert len(p) == 6 and all(b > a for a, b in zip(p, p[1:])), (window, p)  # …and p rises each time
        # each step's "before" is the previous step's "after": the history is of one window, one model
        assert p[-2] == pytest.approx(float(np.mean(shown.result.probs[shown.targets])), rel=1e-6)
    assert tried >= 3


@pytest.mark.parametrize("output", ["softmax", "negative"])
def test_a_fresh_models_first_step_leaves_W_because_W_prime_is_zero(corpus, output):
    config = Config(arch="cbow", softmax=output == "softmax", dim=32, window=2, min_count=1, sample=0)
    model = build(corpus, config)
    twin = clone_model(model)
    shown = train_step.run(model, corpus, np.random.default_rng(1))
    assert shown.outputs_were_zero and shown.result.changed_W == []
    assert len(shown.result.changed_W_prime) > 0  # W′ moved, so…
    again = train_step.again(shown)
    assert len(again.result.changed_W) > 0  # …the next step moves W
    # and W′ = 0 is the reason: the same first step with a non-zero W′ moves W at once
    twin.W_prime += 0.01 * torch.randn(twin.W_prime.shape, generator=torch.Generator().manual_seed(0))
    moved = train_step.run(twin, corpus, np.random.default_rng(1))
    assert moved.result.window_tokens == shown.result.window_tokens and not moved.outputs_were_zero
    assert sorted(moved.result.changed_W) == sorted(set(moved.inputs))


def test_unchanged_rows_of_W_prime_did_get_a_gradient_too_small_for_float32(default_model, corpus):
    """The softmax caption "the other rows also received a gradient … below float32's precision"."""
    model = clone_model(default_model)
    rng = np.random.default_rng(0)
    for _ in range(8):  # a window whose step leaves some rows of W′ as they were
        W_prime0 = model.W_prime.clone()
        shown = train_step.run(model, corpus, rng)
        if len(shown.result.changed_W_prime) < len(model.words):
            break
    else:
        pytest.fail("every step changed every row of W′")
    unchanged = sorted(set(range(len(model.words))) - set(shown.result.changed_W_prime))
    p = shown.result.probs.astype(np.float64)  # (V,) before the step
    error = p.copy()
    error[shown.result.centre] -= 1
    update = -model.config.alpha * np.outer(error, shown.result.hidden.astype(np.float64))  # (V, d) exact
    assert (np.abs(update[unchanged]).max(1) > 0).all()  # a gradient reached every unchanged row…
    exact = W_prime0.numpy().astype(np.float64)[unchanged] + update[unchanged]
    assert np.array_equal(exact.astype(np.float32), W_prime0.numpy()[unchanged])  # …rounded away in float32


def test_the_deltas_are_after_minus_before_on_the_changed_rows(default_model, corpus):
    model = clone_model(default_model)
    W0, W_prime0 = model.W.clone(), model.W_prime.clone()
    shown = train_step.run(model, corpus, np.random.default_rng(5))
    rows = shown.rows
    assert len(model.words) > len(rows) and set(shown.targets) | set(shown.inputs) <= set(rows)  # 86 words
    assert np.allclose(shown.dW, (model.W - W0)[rows].numpy())
    assert np.allclose(shown.dW_prime, (model.W_prime - W_prime0)[rows].numpy())
    assert shown.result.changed_W == _rows_changed(W0, model.W)
    fig = train_step._delta_figure(shown.dW, model.words, rows, set(shown.result.changed_W))
    assert list(fig.data[0].y) == [model.words[i] for i in shown.result.changed_W]


def test_negative_sampling_shows_the_sigmoid_its_loss_is_made_of(corpus):
    model = build(corpus, Config(arch="cbow", dim=16, window=2, min_count=1, sample=0, negative=5))
    for _ in train(model, corpus):
        pass
    h = model.W.clone()
    W_prime0 = model.W_prime.clone()
    shown = train_step.run(model, corpus, np.random.default_rng(2))
    result = shown.result
    h = h[result.context].sum(0)  # (d,) before the step
    scores = W_prime0 @ h  # (V,)
    assert shown.sigma_true == pytest.approx(float(torch.sigmoid(scores[result.centre])), rel=1e-5)
    negatives = [j for j in result.negatives if j != result.centre]
    loss = -torch.nn.functional.logsigmoid(scores[result.centre]) - sum(
        torch.nn.functional.logsigmoid(-scores[j]) for j in negatives
    )
    assert result.loss == pytest.approx(float(loss), rel=1e-5)  # the loss scores 1 + k words…
    assert result.loss != pytest.approx(-np.log(shown.p_history[0]), rel=1e-3)  # …and is not −log p
    assert sorted(shown.result.changed_W_prime) == shown.scored  # the scored rows moved, and only they


def _step_text(at, key: str, **params) -> bool:
    return i18n.text(key, "en", **params) in texts(at)


def test_the_page_shows_counts_that_are_the_rows_that_changed(app):
    app.switch_page("pages/train.py").run()
    app.radio(key="lang").set_value("en").run()
    app.button(key="train_step").click().run()
    assert not app.exception
    shown = app.session_state["train_step_result"]
    V = len(shown.model.words)
    # a fresh model: W did not move, and the page says why
    assert _step_text(app, "train.step_changed", nw=0, nwp=V, v=V)
    assert _step_text(app, "train.step_W_zero") and _step_text(app, "train.step_slow_start")
    for repeat in range(2, 5):
        W0, W_prime0 = shown.model.W.clone(), shown.model.W_prime.clone()
        app.button(key="train_step_again").click().run()
        assert not app.exception
        shown = app.session_state["train_step_result"]
        nw, nwp = len(_rows_changed(W0, shown.model.W)), len(_rows_changed(W_prime0, shown.model.W_prime))
        assert _step_text(app, "train.step_changed", nw=nw, nwp=nwp, v=V), (nw, nwp)
        assert nw == len(set(shown.inputs)) and _step_text(app, "train.step_W_all")
        assert shown.repeats == repeat and _step_text(app, "train.step_repeats", n=repeat)
        before, after = shown.p_history[-2:]
        assert after > before and _step_text(
            app,
            "train.step_p_rose",
            before=train_step._percent(before),
            after=train_step._percent(after),
            delta=f"{100 * (after - before):+.4f}",
        )
        if nwp == V:
            assert _step_text(app, "train.step_Wp_all_softmax", nwp=nwp)
        else:
            assert _step_text(app, "train.step_Wp_some", nwp=nwp, scored=V, rest=V - nwp)
    history = [c for c in app.get("plotly_chart") if c.proto.id.endswith("step_history")]
    assert len(history) == 1


# Counts that are never 1 where they are shown: a vocabulary (v, total words) has two words or more; words/s
# is a unit; the repeat count is shown from 2 steps on; all rows of W′ (nwp) are the vocabulary's.
NEVER_ONE = {"*": ("v", "total", "wps"), "train.step_repeats": ("n",), "train.step_Wp_all_softmax": ("nwp",)}
SINGULAR = re.compile(r"(?<![\d.,])1 (rows|tokens|words|negatives|files|steps|times|examples)\b")


def test_no_english_train_string_says_1_rows():
    """Every count in the Train page's English strings reads right when it is 1 ("1 row", not "1 rows")."""
    found = []
    for key, (_, en) in STRINGS.items():
        names = {name for _, name, _, _ in string.Formatter().parse(en) if name}
        if not names:
            continue
        one = en.format(
            **{name: 2 if name in NEVER_ONE.get(key, ()) + NEVER_ONE["*"] else 1 for name in names}
        )
        found += [f"{key}: {one}" for _ in SINGULAR.finditer(one)]
    assert not found, found
    assert SINGULAR.search("This step changed 1 rows of W")  # the check itself can fail
