"""Issue 15: what a demo shows agrees with the sentence beside it, in both languages — checked on the model
the pages show by default (ui.DEFAULT_SETTINGS on the bundled apple corpus of each language), seeds 1–3."""

import numpy as np
import pytest
from conftest import ROOT

from core import i18n
from core import space as core_space
from core.corpus import Corpus, load_categories, tokenize
from core.word2vec import Config, build, train_all
from ui import DEFAULT_SETTINGS
from ui.space_data import EXAMPLES

LANGS = ("zh", "en")
SEEDS = (1, 2, 3)


@pytest.fixture(
    scope="module",
    params=[(lang, seed) for lang in LANGS for seed in SEEDS],
    ids=lambda p: f"{p[0]}-seed{p[1]}",
)
def default_model(request):
    lang, seed = request.param
    corpus = Corpus.from_path(ROOT / "corpora" / f"apples_{lang}.txt", min_count=1)
    model = build(corpus, Config(**{**DEFAULT_SETTINGS, "seed": seed}))
    train_all(model, corpus)
    return lang, model


def test_forces_h_points_at_the_output_vector_as_the_caption_says(default_model):
    """The caption: training pulls h toward W′[centre] (a clearly positive cosine), not W[centre] (which
    may be negative). The page's default window: its example sentence, the colour word as centre, radius 2."""
    lang, model = default_model
    tokens = [t for t in tokenize(EXAMPLES[lang]["forces"], model.tokenizer) if t in model.index]
    centre = {"zh": "红", "en": "red"}[lang]
    f = core_space.forces(
        [model.index[t] for t in tokens],
        tokens.index(centre),
        model.W.numpy(),
        model.W_prime.numpy(),
        window=2,
    )
    assert f.cosine_output > 0.3
    assert f.cosine_output > f.cosine + 0.3
    help_text = i18n.text("space.forces_help", lang)
    assert ("W′[中心词]" if lang == "zh" else "W′[centre]") in help_text


def test_w_and_w_prime_of_a_word_point_apart_as_the_caption_says(default_model):
    """The caption: most cos(W[i], W′[i]) are negative, even the most alike."""
    _, model = default_model
    sims = core_space.input_output_similarity(model.W.numpy(), model.W_prime.numpy())
    assert (sims < 0).mean() >= 0.9
    assert sims.max() < 0


def test_the_cloze_puts_an_adjective_first_in_both_languages(default_model):
    """The lecture's headline example, "这是一个__苹果" / "this is a __ apple": colours and tastes on top."""
    lang, model = default_model
    categories = load_categories(ROOT / "corpora" / f"apples_{lang}.categories.tsv")
    result = core_space.cloze(
        EXAMPLES[lang]["cloze"],
        model.index,
        model.W.numpy(),
        model.W_prime.numpy(),
        model.tokenizer,
        window=model.config.window,
    )
    top = [categories.get(model.words[i]) for i in result.top(8)]
    assert top[0] in ("colour", "taste")
    assert {"colour", "taste"} <= set(top)
    assert np.isclose(result.probs.sum(), 1.0)


def test_the_words_that_fit_the_blank_sit_together_as_the_intro_says(default_model):
    """The intro: colours, tastes and sizes sit close together, far from fruits, people and places, each kind
    closest to its own — measured from 红 / red and 甜 / sweet."""
    lang, model = default_model
    categories = load_categories(ROOT / "corpora" / f"apples_{lang}.categories.tsv")
    W = model.W.numpy()
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    for probe in {"zh": ("红", "甜"), "en": ("red", "sweet")}[lang]:
        cos = unit @ unit[model.index[probe]]
        by = {}
        for word, i in model.index.items():
            if word != probe and word in categories:
                by.setdefault(categories[word], []).append(cos[i])
        adjectives = [c for kind in ("colour", "taste", "size") for c in by[kind]]
        far = [c for kind in ("fruit", "person", "place") for c in by[kind]]
        assert np.mean(adjectives) > max(far)
        # the median: the category files also label the nouns 颜色 / colour and 味道 / flavour
        own = categories[probe]
        assert np.median(by[own]) == max(np.median(v) for v in by.values())
