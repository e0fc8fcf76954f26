"""core.space against trusted references: brute-force neighbours, gensim's analogies and odd-one-out,
torch's softmax and cosine, core.word2vec's own decoder — and the cloze of the lecture (C7) on the
bundled apple corpora."""

from pathlib import Path

import numpy as np
import pytest
import torch
from gensim.models import KeyedVectors

from core.corpus import load_categories
from core.errors import LabError
from core.space import (
    Index,
    analogy,
    cloze,
    decode,
    find,
    forces,
    input_output_similarity,
    lookup,
    odd_one_out,
    read_categories,
)

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def keyed(words, vectors) -> KeyedVectors:
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    return kv


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_nearest_equals_brute_force(metric):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2000, 50)).astype(np.float32)
    index = Index(x, metric)
    for i in (0, 7, 1999):
        ids, values = index.neighbours(i, k=10)
        x64 = x.astype(np.float64)
        if metric == "cosine":
            unit = x64 / np.linalg.norm(x64, axis=1, keepdims=True)
            ref = unit @ unit[i]
            ref[i] = -np.inf
            order = np.argsort(-ref)[:10]
        else:
            ref = np.linalg.norm(x64 - x64[i], axis=1)
            ref[i] = np.inf
            order = np.argsort(ref)[:10]
        np.testing.assert_array_equal(ids, order)
        np.testing.assert_allclose(values, ref[order], rtol=1e-4, atol=1e-4)


def test_nearest_to_a_free_vector_with_exclusions_and_small_k():
    x = np.array([[1, 0], [0.9, 0.1], [0, 1], [-1, 0]], dtype=np.float32)
    ids, cos = Index(x).nearest([1, 0.05], k=10, exclude=[0])
    assert list(ids) == [1, 2, 3]
    assert cos[0] == pytest.approx(
        float(np.dot([0.9, 0.1], [1, 0.05]) / np.hypot(0.9, 0.1) / np.hypot(1, 0.05)), abs=1e-6
    )


def test_analogy_matches_gensim_most_similar():
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(300)]
    x = rng.standard_normal((300, 20)).astype(np.float32)
    kv = keyed(words, x)
    result = analogy(Index(x), 3, 10, 42, k=5)
    expected = kv.most_similar(positive=["w3", "w42"], negative=["w10"], topn=5)
    assert [words[i] for i in result.ids] == [w for w, _ in expected]
    np.testing.assert_allclose(result.cosines, [s for _, s in expected], atol=1e-5)


def test_analogy_on_a_constructed_example():
    # axes: royalty, maleness, and noise dimensions; queen = king - man + woman exactly.
    rng = np.random.default_rng(2)
    base = {"king": [1, 1], "queen": [1, -1], "man": [0, 1], "woman": [0, -1], "apple": [-1, 0.2]}
    words = list(base)
    x = np.array([v + list(0.01 * rng.standard_normal(3)) for v in base.values()], dtype=np.float32)
    index = {w: i for i, w in enumerate(words)}
    result = analogy(Index(x), index["king"], index["man"], index["woman"], k=2)
    assert words[result.ids[0]] == "queen"
    assert result.path.shape == (3, 5)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    np.testing.assert_allclose(result.path[1], unit[0] - unit[2], atol=1e-6)


def test_odd_one_out_matches_gensim_doesnt_match():
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(50)]
    x = rng.standard_normal((50, 10)).astype(np.float32)
    kv = keyed(words, x)
    for group in ([1, 2, 3, 4], [5, 9, 13, 21, 34], [0, 10, 20]):
        odd, cosines = odd_one_out(x, group)
        assert words[odd] == kv.doesnt_match([words[i] for i in group])
        assert cosines.shape == (len(group),)
    with pytest.raises(LabError):
        odd_one_out(x, [1, 2])


def test_find_exact_regex_and_errors():
    words = ["红", "红色", "apple", "apples", "pineapple", "a.b"]
    assert find(words, "apple") == [2]
    assert find(words, "^apple") == [2, 3]
    assert find(words, "红") == [0]
    assert find(words, "红.") == [1]
    assert find(words, "a.b") == [5]
    for bad, code in [("(", "regex_invalid"), ("xyz", "word_unknown"), ("  ", "selection_empty")]:
        with pytest.raises(LabError) as e:
            find(words, bad)
        assert e.value.code == code
    assert lookup(" Apple ", {"apple": 2}) == 2


def test_find_keeps_one_words_matches_inside_it():
    """The words are searched joined by newlines: a match never spans two words, ^ and $ are a word's
    ends, case is ignored, and each word is listed once, in vocabulary order, at most `limit`."""
    words = ["ab", "b", "cab", "Apple", "x y", "红苹果", "苹"]
    assert find(words, "^b") == [1]
    assert find(words, "b$") == [0, 1, 2]
    assert find(words, "APP") == [3]
    assert find(words, "a|b") == [0, 1, 2, 3]
    assert find(words, "苹$") == [6]
    assert find(words, "\\s") == [4]
    assert find(words, "x*") == list(range(len(words)))  # an empty match is a match in every word
    assert find(words, "x*", limit=3) == [0, 1, 2]
    for spanning in ("b\\nb", "b[^a]+c", "b\\s+c", "(?s)b.c"):  # "ab\nb" / "b\ncab" only exist joined
        assert pytest.raises(LabError, find, words, spanning).value.code == "word_unknown", spanning


@pytest.fixture(scope="module")
def vocab_50k() -> list[str]:
    """'aaaa…a' (30 letters: 2^30 paths for a backtracking (a|a)*b) and 50,000 short mixed words."""
    rng = np.random.default_rng(0)
    letters = np.array(list("abcxyz红苹果"))
    lengths = rng.integers(1, 12, 50_000)
    flat = rng.choice(letters, lengths.sum())
    cuts = np.cumsum(lengths)[:-1]
    return ["a" * 30] + ["".join(chars) + str(i) for i, chars in enumerate(np.split(flat, cuts))]


@pytest.mark.parametrize(
    "pattern",
    [
        "(a|a)*b",
        "(.?){300}z",
        "(a+)+$",
        "(x+x+)+y",
        "((a|aa)*)*c",
        "(.*a){20}",
        "(\\w{1,99}){1,9}z",
        "[\\s\\S]{1000}",
    ],
)
def test_catastrophic_patterns_are_linear(pattern, vocab_50k):
    """Patterns that make a backtracking engine run for minutes (Python's re, holding the GIL) answer within
    0.5 s over 50,000 words, the longest of them 'aaaa…a' (30 letters)."""
    import time

    start = time.process_time()  # CPU time: the machine is shared; the GIL-holding case counts in full
    try:
        found = find(vocab_50k, pattern)
        assert 0 < len(found) <= 200 and found == sorted(set(found))
    except LabError as err:
        assert err.code in ("word_unknown", "regex_invalid")
    assert time.process_time() - start < 0.5


def test_refused_patterns_say_so_in_both_languages():
    from core.i18n import error_text

    words = ["apple", "red"]
    for pattern in ["(", "(a)\\1", "(?<=a)b", "a{1001}", "\\C", "\\pL{1000}{1000}", "a\ud800"]:
        err = pytest.raises(LabError, find, words, pattern).value
        assert err.code == "regex_invalid", pattern
        zh, en = error_text(err, "zh"), error_text(err, "en")
        shown = err.params["pattern"]
        assert shown.encode("utf-8") and shown in zh and shown in en  # the pattern, not the engine text
        assert "不支持" in zh and "not supported" in en
        own = zh.replace(err.params["pattern"], "")
        assert not any(w in own for w in ("missing", "invalid", "escape", "error", "operator")), zh
    err = pytest.raises(LabError, find, words, "a" * 201).value
    assert err.code == "regex_too_long" and err.params == {"limit": 200, "length": 201}
    assert "200" in error_text(err, "zh") and "201" in error_text(err, "zh")


def test_decode_equals_torch_softmax():
    rng = np.random.default_rng(4)
    W, W_prime = rng.standard_normal((30, 8)), rng.standard_normal((30, 8))
    ctx = [1, 5, 5, 9]
    h = torch.tensor(W)[ctx].sum(0)
    expected = torch.softmax(torch.tensor(W_prime) @ h, 0).numpy()
    np.testing.assert_allclose(decode(W, W_prime, ctx), expected, rtol=1e-10, atol=1e-12)
    expected_mean = torch.softmax(torch.tensor(W_prime) @ (h / 4), 0).numpy()
    np.testing.assert_allclose(decode(W, W_prime, ctx, mean=True), expected_mean, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cloze_puts_colour_and_taste_first(apple_model, lang):
    model = apple_model(lang)
    categories = load_categories(CORPORA / f"apples_{lang}.categories.tsv")
    sentence = {"zh": "这是一个__苹果", "en": "this is a __ apple"}[lang]
    W, W_prime = model.W.numpy(), model.W_prime.numpy()
    result = cloze(sentence, model.index, W, W_prime, model.tokenizer, window=model.config.window)
    assert result.probs.sum() == pytest.approx(1.0, abs=1e-9)
    assert result.probs.min() >= 0
    top = [model.words[i] for i in result.top(8)]
    top_categories = [categories.get(w) for w in top]
    print(lang, top)
    assert top_categories[0] in ("colour", "taste")
    assert sum(c in ("colour", "taste") for c in top_categories) >= 6
    # several answers at once (C7): at least one colour and one taste word in the top 8
    assert {"colour", "taste"} <= set(top_categories)
    # the same numbers as the model's own forward pass
    h = model.hidden(result.context)
    np.testing.assert_allclose(result.probs, model.decode(h).double().numpy(), atol=1e-5)


def test_cloze_errors():
    index = {"this": 0, "apple": 1}
    W = W_prime = np.eye(2)
    for sentence, code in [
        ("this apple", "cloze_blank"),
        ("__ this __", "cloze_blank"),
        ("unknown __ words", "cloze_no_context"),
    ]:
        with pytest.raises(LabError) as e:
            cloze(sentence, index, W, W_prime, "words")
        assert e.value.code == code
    result = cloze("this foo __ apple", index, W, W_prime, "words")
    assert result.unknown == ["foo"]
    assert result.context == [0, 1]


def test_forces_resultant_is_the_sum_and_cosines_equal_torch():
    rng = np.random.default_rng(5)
    W, W_prime = (
        rng.standard_normal((20, 6)).astype(np.float32),
        rng.standard_normal((20, 6)).astype(np.float32),
    )
    tokens = [3, 4, 5, 6, 7, 8, 9]
    f = forces(tokens, 1, W, W_prime, window=2)
    assert f.centre == 4 and f.context == [3, 5, 6]
    np.testing.assert_allclose(f.resultant, W[[3, 5, 6]].sum(0), atol=1e-6)
    cos = torch.nn.functional.cosine_similarity
    assert f.cosine == pytest.approx(
        float(cos(torch.tensor(f.resultant), torch.tensor(W[4]), dim=0)), abs=1e-6
    )
    assert f.cosine_output == pytest.approx(
        float(cos(torch.tensor(f.resultant), torch.tensor(W_prime[4]), dim=0)), abs=1e-6
    )
    assert forces(tokens, 0, W).cosine_output is None
    with pytest.raises(LabError):
        forces([3], 0, W)


def test_input_output_similarity_equals_torch_and_is_zero_for_untrained_rows():
    rng = np.random.default_rng(6)
    W, W_prime = rng.standard_normal((10, 4)), rng.standard_normal((10, 4))
    W_prime[3] = 0  # word2vec starts W_prime at zero
    sims = input_output_similarity(W, W_prime)
    expected = torch.nn.functional.cosine_similarity(torch.tensor(W), torch.tensor(W_prime), dim=1).numpy()
    np.testing.assert_allclose(sims, expected, atol=1e-6)
    assert sims[3] == 0


def test_read_categories_two_columns_and_projector_metadata():
    assert read_categories("红\tcolour\n甜\ttaste\n".encode()) == {"红": "colour", "甜": "taste"}
    meta = "label\tfreq\tcategory\n红\t10\tcolour\n".encode("gbk")
    assert read_categories(meta) == {"红": "colour"}
    meta = "word\tfreq\n红\t10\n".encode()
    assert read_categories(meta) == {"红": "10"}  # no category column: the first other one
    meta = "category\tword\ncolour\t红\n".encode()
    assert read_categories(meta) == {"红": "colour"}
    # the app's own one-column metadata.tsv (words only) carries no categories: not an error
    assert read_categories("红\n甜\n".encode()) == {}
    assert read_categories(b"just words\nno tabs\n") == {}
    err = pytest.raises(LabError, read_categories, "红\n\n甜\tcolour\nx\n".encode()).value
    assert err.code == "categories_malformed" and err.params["line"] == 1
    err = pytest.raises(LabError, read_categories, "word\tcategory\n红\tcolour\n\n甜\n".encode()).value
    assert err.code == "categories_malformed" and err.params["line"] == 4  # blank lines still counted
    assert read_categories("a\u2028b\tcolour\r\n".encode()) == {"a\u2028b": "colour"}
