"""The bundled lesson tells the truth: its answers and explanations hold for what the app shows — the
default model (ui.DEFAULT_SETTINGS on the apple corpus of each language) and the pages' default views."""

import functools
from pathlib import Path

import pytest

from core import space, tour
from core.corpus import Corpus, load_categories, tokenize
from core.identity import frequent_words, identity_run, neighbour_agreement
from core.lookup import LookupTable, embedding_answer
from core.word2vec import Config, build, train_all
from ui import DEFAULT_SETTINGS
from ui.space_data import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
STEPS = {s.claim: s for s in tour.load(ROOT / "lessons" / "tour.toml").steps}
LANGS = ("zh", "en")


@functools.cache
def default(lang: str):
    """(model, corpus, categories) as ui.default_model trains them."""
    cfg = Config(**DEFAULT_SETTINGS)
    corpus = Corpus.from_path(ROOT / "corpora" / f"apples_{lang}.txt", tokenizer=cfg.tokenizer, min_count=1)
    model = build(corpus, cfg)
    train_all(model, corpus)
    return model, corpus, load_categories(ROOT / "corpora" / f"apples_{lang}.categories.tsv")


def arrays(model):
    return model.W.detach().numpy(), model.W_prime.detach().numpy()  # (V, d) each


@pytest.mark.parametrize("lang", LANGS)
def test_c1_the_table_is_silent_where_the_embedding_answers(lang):
    model, corpus, categories = default(lang)
    step = STEPS["C1"]
    # the Why page's default context (ui/why_panels.py, lookup_panel): the view C1 opens
    sides = ("这是一个很", "的苹果") if lang == "zh" else ("this is a very", "apple")
    left, right = (tokenize(side, model.tokenizer) for side in sides)
    assert LookupTable.from_corpus(corpus, window=2).answer(left, right) is None
    top = [w for w, _ in embedding_answer(model, left, right)][:2]
    assert all(categories[w] == "price" and w in step.texts[lang].explain for w in top), top


@pytest.mark.parametrize("lang", LANGS)
def test_c4_the_trap_reconstructs_everything_and_its_neighbours_are_near_chance(lang):
    model, _, categories = default(lang)
    words = frequent_words(model.words, model.counts)
    run = identity_run(words, 8, 300, 0.01)  # the page's defaults: d = 8, 300 steps, lr 0.01
    try:
        while True:
            next(run)
    except StopIteration as done:
        trap, _ = done.value
    assert trap.accuracy() == 1.0
    trapped = neighbour_agreement(trap.W, trap.words, categories)
    learned = neighbour_agreement(model.W.detach()[[model.index[w] for w in words]], words, categories)
    assert trapped.score < trapped.chance + 0.1 < learned.score


@pytest.mark.parametrize("lang", LANGS)
def test_c6_the_resultant_points_to_the_output_vector(lang):
    model, _, _ = default(lang)
    W, W_prime = arrays(model)
    sentence = STEPS["C6"].params[lang][f"space_forces_{lang}"]
    assert sentence == EXAMPLES[lang]["forces"]  # the view's own example
    tokens = [w for w in tokenize(sentence, model.tokenizer) if w in model.index]
    centre = tokens.index("红" if lang == "zh" else "red")  # the page's default centre: the colour word
    f = space.forces([model.index[w] for w in tokens], centre, W, W_prime, window=2)
    assert f.cosine_output > 0.2 > f.cosine


@pytest.mark.parametrize("lang", LANGS)
def test_c7_the_right_choices_are_in_the_top_12_and_the_others_not(lang):
    model, _, _ = default(lang)
    W, W_prime = arrays(model)
    step, k = STEPS["C7"], 12  # the cloze panel's default top_k
    sentence = step.params[lang][f"space_cloze_{lang}"]
    assert sentence == EXAMPLES[lang]["cloze"]
    result = space.cloze(sentence, model.index, W, W_prime, model.tokenizer, model.config.window)
    top = [model.words[i] for i in result.top(k)]
    text = step.texts[lang]
    assert {i for i, c in enumerate(text.choices) if c in top} == step.answer
    assert all(w in text.explain for w in top[:5])  # the explanation lists the first five
    assert result.probs[result.top(1)[0]] < 0.2  # "none taking it all"


@pytest.mark.parametrize("lang", LANGS)
def test_c8_the_nearest_neighbours_are_the_colours_the_explanation_names(lang):
    model, _, categories = default(lang)
    query = STEPS["C8"].params[lang]["space_find"]
    ids, _ = space.Index(arrays(model)[0], "cosine").neighbours(model.index[query], 3)
    nearest = [model.words[i] for i in ids]
    assert all(categories[w] == "colour" for w in nearest)
    text = STEPS["C8"].texts[lang]
    assert all(w in text.explain and w in text.choices[0] for w in nearest), nearest


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("claim, tokens", [("C14", None), ("C15", 6)])
def test_attention_sentences_are_all_in_the_vocabulary(lang, claim, tokens):
    model, _, _ = default(lang)
    words = tokenize(STEPS[claim].params[lang]["att_sentence"], model.tokenizer)
    assert all(w in model.index for w in words)
    assert tokens is None or len(words) == tokens  # "T = 6" in the question
