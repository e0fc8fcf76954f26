"""corpora/: the apple corpora are what the generator writes, and their categories label every
content word. (The cluster property is tested with our trainer in the word2vec tests.)"""

import importlib.util
from pathlib import Path

import pytest

from core.corpus import Corpus, load_categories, read_text, tokenize

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
CATEGORIES = {"colour", "taste", "fruit", "price", "number", "size", "person", "place", "verb", "texture"}
FILES = [
    "apples_zh.txt",
    "apples_en.txt",
    "apples_zh.categories.tsv",
    "apples_en.categories.tsv",
    "jieba_userdict.txt",
]


def generator():
    spec = importlib.util.spec_from_file_location("make_apples", CORPORA / "make_apples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_reproduces_committed_files(tmp_path):
    generator().write(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (CORPORA / name).read_bytes(), name
    a, b = generator().sentences("zh", 50), generator().sentences("zh", 50)
    assert a == b and len(set(a)) > 40


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_categories_label_every_content_word(lang):
    corpus = Corpus.from_path(CORPORA / f"apples_{lang}.txt", min_count=1)
    assert corpus.tokenizer == ("jieba" if lang == "zh" else "words")
    categories = load_categories(CORPORA / f"apples_{lang}.categories.tsv")
    assert set(categories.values()) == CATEGORIES
    vocab = set(corpus.vocab.words)
    function_words = generator().FUNCTION_WORDS[lang]
    assert vocab - set(categories) - function_words == set()  # every content word is labelled
    assert set(categories) - vocab == set()  # every label is used
    assert not set(categories) & function_words
    # each category has several members, each seen often enough to learn from
    counts = dict(zip(corpus.vocab.words, corpus.vocab.counts))
    for c in CATEGORIES:
        members = [w for w, cat in categories.items() if cat == c]
        assert len(members) >= 4 and min(counts[w] for w in members) >= 30, c
    assert 2000 <= len(corpus.starts) - 1 <= 5000
    assert (CORPORA / f"apples_{lang}.txt").stat().st_size < 300_000


def test_cloze_sentences_present():
    zh = read_text(CORPORA / "apples_zh.txt").splitlines()
    en = read_text(CORPORA / "apples_en.txt").splitlines()
    for word in ("红", "绿", "甜", "酸"):
        assert f"这是一个{word}苹果。" in zh
    assert "这是一个便宜的苹果。" in zh
    for word in ("red", "green", "sweet", "cheap"):
        assert f"This is a {word} apple." in en
    assert zh[:2] == ["这是一个红苹果。", "我买了三个又甜又脆的绿苹果。"]
    assert en[:2] == ["This is a red apple.", "I bought three sweet and crisp green apples."]


def test_chinese_words_are_split_as_the_templates_intend():
    # every slot word survives jieba whole, next to any neighbour its templates give it
    gen = generator()
    words = gen.WORDS["zh"]
    import random

    rng = random.Random(0)
    for _, template in gen.TEMPLATES["zh"]:
        for _ in range(40):
            tokens = gen.fill(template, words, rng)
            assert tokenize("".join(tokens), "jieba") == tokens
