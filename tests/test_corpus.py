"""core.corpus: encodings, bad files, tokenizers, vocabulary, streaming, subsampling, windows."""

import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core.corpus
from core.corpus import (
    MAX_SENTENCE,
    MAX_TOKEN_CHARS,
    Corpus,
    Vocab,
    detect_tokenizer,
    read_text,
    tokenize,
)
from core.errors import LabError
from core.w2v_batches import keep_probabilities, subsample, windows

ZH = "这是一个红苹果\n我买了三个又甜又脆的绿苹果\n"


def code_of(fn, *args, **kw):
    with pytest.raises(LabError) as e:
        fn(*args, **kw)
    return e.value.code


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gbk", "gb18030"]
)
def test_encodings_detected_bytes_and_file(tmp_path, encoding):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    data = bom + ZH.encode(encoding)
    assert read_text(data) == ZH
    path = tmp_path / "zh.txt"
    path.write_bytes(data)
    assert read_text(path) == ZH
    corpus = Corpus.from_path(path, min_count=1)
    assert corpus.tokenizer == "jieba"
    assert [corpus.vocab.words[i] for i in corpus.ids[:4]] == ["这是", "一个", "红", "苹果"]


def test_gb18030_only_characters():
    text = "𠀀 and ㄅ and 苹果\n"  # 𠀀 is outside GBK: only GB18030 encodes it
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_text(data) == text


def test_long_file_decoded_late_as_gb18030(tmp_path):
    # ASCII for the first 200 kB, GBK after: the streaming reader must restart with GB18030
    path = tmp_path / "late.txt"
    path.write_bytes(b"apple pear\n" * 20_000 + "红苹果 红苹果\n".encode("gbk"))
    corpus = Corpus.from_path(path, tokenizer="words", min_count=1)
    assert "红苹果" in corpus.vocab.index


# ---------------------------------------------------------------- bad files


def test_bad_files(tmp_path):
    assert code_of(read_text, tmp_path / "nope.txt") == "file_missing"
    assert code_of(read_text, tmp_path) == "file_missing"  # a directory
    (tmp_path / "empty.txt").write_bytes(b"")
    assert code_of(read_text, tmp_path / "empty.txt") == "file_empty"
    assert code_of(read_text, b"  \n\t\n") == "file_empty"
    assert code_of(read_text, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == "file_binary"
    assert code_of(read_text, bytes(range(1, 32)) * 10) == "file_binary"
    assert code_of(read_text, b"abc\xff\xfe\xfd\x80 not text") == "file_encoding"
    (tmp_path / "big.txt").write_bytes(b"apple " * 1000)
    err = pytest.raises(LabError, read_text, tmp_path / "big.txt", max_bytes=100).value
    assert err.code == "file_too_large" and "limit_mb" in err.params
    assert code_of(read_text, b"apple " * 1000, max_bytes=100) == "file_too_large"
    assert code_of(Corpus.from_path, tmp_path / "big.txt", max_bytes=100) == "file_too_large"
    assert code_of(Corpus.from_path, tmp_path / "nope.txt") == "file_missing"
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01" * 100)
    assert code_of(Corpus.from_path, tmp_path / "bin.dat") == "file_binary"
    (tmp_path / "bad.txt").write_bytes(b"ok\n\xff\xff\xff\n")
    assert code_of(Corpus.from_path, tmp_path / "bad.txt") == "file_encoding"


def test_vocab_empty_names_min_count():
    err = pytest.raises(LabError, Corpus.from_text, "a b c\n", min_count=2).value
    assert err.code == "vocab_empty" and err.params == {"min_count": 2}
    assert code_of(Corpus.from_text, "。，！\n") == "vocab_empty"


@pytest.mark.parametrize(
    "make, code, params",
    [
        (
            lambda tmp: read_text(tmp / "nope.txt"),
            "file_missing",
            {"path": lambda tmp: str(tmp / "nope.txt")},
        ),
        (lambda tmp: read_text(b""), "file_empty", {}),
        (lambda tmp: read_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "file_binary", {}),
        (
            lambda tmp: read_text(b"apple " * 1000, max_bytes=100),
            "file_too_large",
            {"limit_mb": f"{100 / 2**20:g}"},
        ),  # the limit, in MB
        (lambda tmp: read_text(b"abc\xff\xfe\xfd\x80 not text"), "file_encoding", {}),
        (lambda tmp: Corpus.from_text("a b c\n", min_count=2), "vocab_empty", {"min_count": 2}),
    ],
)
def test_every_bad_input_gets_its_message_in_both_languages(tmp_path, make, code, params):
    """The LabError a real bad input raises: its code, its params, and the student's text in both languages
    naming those params (not error_text's English fallback)."""
    from core.i18n import error_text

    err = pytest.raises(LabError, make, tmp_path).value
    assert err.code == code
    assert err.params == {
        name: value(tmp_path) if callable(value) else value for name, value in params.items()
    }
    zh, en = error_text(err, "zh"), error_text(err, "en")
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en) and zh != str(err)
    assert all(str(v) in zh and str(v) in en for v in err.params.values())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_lab_error(data):
    try:
        text = read_text(data, max_bytes=300)
    except LabError:
        return
    assert isinstance(text, str) and text.strip()


# ---------------------------------------------------------------- tokenizers


def test_tokenizers():
    assert tokenize("Don't eat 3 Apples, Bob!", "words") == ["don't", "eat", "3", "apples", "bob"]
    assert tokenize("我买了三个又甜又脆的绿苹果。", "jieba") == [
        "我",
        "买",
        "了",
        "三个",
        "又",
        "甜",
        "又",
        "脆",
        "的",
        "绿",
        "苹果",
    ]
    assert tokenize("红 苹果，Ab!", "chars") == ["红", "苹", "果", "a", "b"]
    assert tokenize("这是一个红苹果", "auto") == ["这是", "一个", "红", "苹果"]
    assert tokenize("This is a red apple", "auto") == ["this", "is", "a", "red", "apple"]
    assert detect_tokenizer("我爱 NLP 和 word2vec") == "jieba"
    assert detect_tokenizer("I love 苹果 and pears") == "words"
    assert code_of(tokenize, "x", "bpe") == "config_invalid"


def test_apple_words_split_by_the_user_dictionary():
    # jieba's own dictionary has 紫葡萄, 小苹果, 红樱桃 as single words; corpora/jieba_userdict.txt splits
    # them
    assert tokenize("这是一个紫葡萄", "jieba") == ["这是", "一个", "紫", "葡萄"]
    assert tokenize("这是一个小苹果", "jieba") == ["这是", "一个", "小", "苹果"]


def test_giant_token_truncated():
    tokens = tokenize("a" * 100_000 + " b", "words")
    assert tokens == ["a" * MAX_TOKEN_CHARS, "b"]


# ---------------------------------------------------------------- vocabulary


def test_vocab_min_count_cap_and_ties():
    text = "d c b a\n" + "a b c\n" * 3 + "e\n"
    vocab = Corpus.from_text(text, min_count=1).vocab
    # counts: a, b, c = 4, d = 1, e = 1; ties keep first appearance (c before b before a; d before e)
    assert vocab.words == ["c", "b", "a", "d", "e"]
    assert vocab.counts.tolist() == [4, 4, 4, 1, 1] and vocab.counts.dtype == np.int64
    assert Corpus.from_text(text, min_count=2).vocab.words == ["c", "b", "a"]
    capped = Corpus.from_text(text, min_count=1, max_vocab=2)
    assert capped.vocab.words == ["c", "b"]
    assert set(capped.ids.tolist()) == {0, 1} and len(capped.ids) == 8
    assert vocab.encode(["a", "zzz", "e"]).tolist() == [2, 4]
    assert vocab.encode([]).dtype == np.int32
    assert len(Vocab(["x"], [1])) == 1


def test_corpus_ids_and_sentences():
    corpus = Corpus.from_text("the cat sat\n\nthe dog\nrare\n", tokenizer="words", min_count=1, max_vocab=4)
    words = corpus.vocab.words
    assert corpus.ids.dtype == np.int32 and corpus.starts.dtype == np.int64
    assert [[words[i] for i in s] for s in corpus.sentences()] == [["the", "cat", "sat"], ["the", "dog"]]
    assert corpus.starts.tolist() == [0, 3, 5]


def _reference_corpus(text, tokenizer, min_count, max_vocab):
    """The obvious two passes: count every line's tokens, then encode line by line (cut at MAX_SENTENCE)."""
    lines = [tokenize(line, tokenizer) for line in text.split("\n")]
    counts = Counter(t for line in lines for t in line)
    kept = sorted(((w, c) for w, c in counts.items() if c >= min_count), key=lambda wc: -wc[1])[:max_vocab]
    index = {w: i for i, (w, _) in enumerate(kept)}
    ids, starts = [], [0]
    for line in lines:
        known = [index[t] for t in line if t in index]
        for a in range(0, len(known), MAX_SENTENCE):
            ids += known[a : a + MAX_SENTENCE]
            starts.append(len(ids))
    return [w for w, _ in kept], [c for _, c in kept], ids, starts


WORDS = ["a", "b", "Ab", "café", "don't", "l’été", "x_y", "42", "--", "。", "苹果"]


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.lists(st.sampled_from(WORDS), max_size=12), max_size=25),
    sep=st.sampled_from([" ", ", ", "\t"]),
    tokenizer=st.sampled_from(["words", "chars"]),
    min_count=st.integers(1, 3),
    max_vocab=st.one_of(st.none(), st.integers(1, 6)),
)
def test_one_pass_build_equals_two_passes(lines, sep, tokenizer, min_count, max_vocab):
    """The one-pass builder (provisional ids, tiny blocks so that lines straddle them) gives exactly the
    vocabulary, ids and sentences of counting then encoding line by line."""
    text = "\n".join(sep.join(line) for line in lines)
    words, counts, ids, starts = _reference_corpus(text, tokenizer, min_count, max_vocab)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(core.corpus, "_BLOCK_CHARS", 7)
        m.setattr(core.corpus, "_BLOCK_TOKENS", 3)
        if not words:
            assert code_of(Corpus.from_text, text, tokenizer, min_count, max_vocab) == "vocab_empty"
            return
        corpus = Corpus.from_text(text, tokenizer, min_count, max_vocab)
    assert corpus.vocab.words == words and corpus.vocab.counts.tolist() == counts
    assert corpus.ids.tolist() == ids and corpus.starts.tolist() == sorted(set(starts))


# ---------------------------------------------------------------- streaming

MEASURE = """
import sys
import numpy as np
from core.corpus import Corpus, MAX_SENTENCE

def peak_rss():  # VmHWM: this process's peak resident memory (ru_maxrss would include the parent's)
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    return int(line.split()[1]) * 1024

before = peak_rss()
corpus = Corpus.from_path(sys.argv[1], tokenizer="words", min_count=1)
after = peak_rss()
lengths = np.diff(corpus.starts)
print(after - before, len(corpus.ids), corpus.ids.nbytes, lengths.max(), lengths.sum(),
          corpus.vocab.counts.sum())
"""


@pytest.mark.slow
def test_streams_giant_single_line_in_bounded_memory(tmp_path):
    # a text8-like file: 28 MB in one line without a newline; peak memory measured in a fresh process
    rng = np.random.default_rng(0)
    words = [f"wd{i:04d}" for i in range(5000)]
    path = tmp_path / "text8"
    with open(path, "w") as f:
        for _ in range(20):
            f.write(" ".join([words[i] for i in (rng.zipf(1.3, 200_000) % 5000).tolist()]) + " ")
    size = path.stat().st_size
    assert size > 25e6
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    growth, n, nbytes, longest, total, counted = map(int, out)
    print(f"file {size / 1e6:.1f} MB, ids {nbytes / 1e6:.1f} MB, peak RSS growth {growth / 1e6:.1f} MB")
    n_tokens = 20 * 200_000
    assert n == total == counted == n_tokens and nbytes == 4 * n_tokens
    assert longest == MAX_SENTENCE
    # bounded: the provisional and the final int32 ids (2 × 16 MB) plus one ~1 MB block of text and its
    # tokens as Python strings (≈ 25 MB) and the vocabulary; a list of every token (4M strings, > 200 MB)
    # or the whole decoded text with its tokens would need far more than this (measured 61.0–63.4 MB: the
    # allocator's share moves by a few MB with unrelated code changes, hence 35 MB of slack, not 30)
    assert growth < 2 * nbytes + 35e6, growth


def test_streaming_matches_in_memory(tmp_path):
    text = "".join(f"line {i} has words {i % 7} and {i % 3}\n" for i in range(2000))
    path = tmp_path / "t.txt"
    path.write_text(text)
    a = Corpus.from_path(path, min_count=2)
    b = Corpus.from_text(read_text(path), min_count=2)
    assert a.vocab.words == b.vocab.words
    assert np.array_equal(a.ids, b.ids) and np.array_equal(a.starts, b.starts)


# ---------------------------------------------------------------- subsampling


def test_keep_probabilities_equal_word2vec_c():
    counts = np.array([50_000, 3000, 100, 1], dtype=np.int64)
    sample = 1e-3
    total = counts.sum()
    expected = []
    for (
        cn
    ) in counts:  # word2vec.c: ran = (sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn
        ran = (math.sqrt(cn / (sample * total)) + 1) * (sample * total) / cn
        expected.append(min(ran, 1.0))
    assert np.allclose(keep_probabilities(counts, sample), expected, rtol=1e-12)
    assert keep_probabilities(counts, sample)[0] < 0.5
    assert np.all(keep_probabilities(counts, 0) == 1)


def test_subsample_rate_and_starts():
    rng = np.random.default_rng(1)
    ids = np.repeat(np.arange(3, dtype=np.int32), 100_000)
    keep = np.array([0.1, 0.5, 1.0])
    kept = subsample(ids, keep, rng)
    rates = np.bincount(kept, minlength=3) / 100_000
    assert np.allclose(rates, keep, atol=0.01)
    starts = np.array([0, 100_000, 200_000, 300_000])
    kept2, new_starts = subsample(ids, keep, np.random.default_rng(2), starts)
    assert new_starts[0] == 0 and new_starts[-1] == len(kept2)
    assert all((kept2[a:b] == k).all() for k, (a, b) in enumerate(zip(new_starts[:-1], new_starts[1:])))


# ---------------------------------------------------------------- windows


def brute_force_windows(ids, starts, reach):
    """Per-token loop, the reference for the vectorised windows()."""
    window = reach.max()
    rows = []
    for a, b in zip(starts[:-1], starts[1:]):
        for p in range(a, b):
            row = [
                ids[p + o] if a <= p + o < b and abs(o) <= reach[p] else -1
                for o in list(range(-window, 0)) + list(range(1, window + 1))
            ]
            if any(x >= 0 for x in row):
                rows.append((ids[p], row))
    return rows


def test_windows_equal_brute_force_and_respect_sentences():
    ids = np.arange(100, dtype=np.int32)  # distinct ids reveal positions
    starts = np.array([0, 7, 8, 30, 100])  # sentence [7:8] has one word: no context, dropped
    centre, context = windows(ids, starts, 3, np.random.default_rng(5), shrink=False, chunk=16)
    expected = brute_force_windows(ids, starts, np.full(100, 3))
    assert centre.tolist() == [c for c, _ in expected]
    assert context.tolist() == [r for _, r in expected]
    assert 7 not in centre
    assert context.shape == (len(centre), 6) and context.dtype == np.int32
    # no context crosses a sentence boundary and the centre is never in its own context
    sent = np.searchsorted(starts, np.arange(100), side="right")
    for c, row in zip(centre, context):
        assert c not in row
        assert all(sent[x] == sent[c] for x in row if x >= 0)


def test_window_shrinking_is_uniform_like_word2vec():
    ids = np.arange(200_000, dtype=np.int32)
    starts = np.array([0, 200_000])
    window = 5
    centre, context = windows(ids, starts, window, np.random.default_rng(0))
    inner = (centre >= window) & (centre < 200_000 - window)
    # effective window = the furthest offset present; word2vec draws b in [0, window) -> reach window - b
    reach = np.where(context[inner] >= 0, np.abs(np.r_[-5:0, 1:6]), 0).max(axis=1)
    freq = np.bincount(reach, minlength=window + 1)[1:] / inner.sum()
    assert np.allclose(freq, 1 / window, atol=0.01)
    # the window is symmetric: left and right reach agree for interior tokens
    left = (context[inner][:, :window] >= 0).sum(1)
    right = (context[inner][:, window:] >= 0).sum(1)
    assert np.array_equal(left, right)
    # and it is the same draw under the same seed
    again = windows(ids, starts, window, np.random.default_rng(0))[1]
    assert np.array_equal(context, again)


# ---------------------------------------------------------------- issue 13: malformed uploads end in LabError


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "file_empty"),
        (b" \n\t\n", "file_empty"),
        (b"\x00\x01\x02binary", "file_binary"),
        ("苹果".encode("utf-16")[:-1], "file_encoding"),  # UTF-16 cut in the middle of a character
        (b"\xff\xfe\x00\x00" + b"\x00\xd8\x00\x00", "file_encoding"),  # UTF-32 holding a surrogate
        (b"\x81\x30\x81", "file_encoding"),  # not UTF-8, a cut GB18030 sequence
        (b"x" * 301, "file_too_large"),
    ],
)
def test_corpus_uploads_malformed_end_in_lab_error(tmp_path, data, code):
    """The Train page's path (read_text of the bytes, then Corpus.from_text) and the file path agree."""
    assert code_of(read_text, data, max_bytes=300) == code
    path = tmp_path / "upload.txt"
    path.write_bytes(data)
    assert code_of(Corpus.from_path, path, max_bytes=300) in {code, "vocab_empty"}


def test_category_files_malformed_end_in_lab_error_naming_the_line(tmp_path):
    from core.corpus import load_categories

    def load(data: bytes):
        path = tmp_path / "x.categories.tsv"
        path.write_bytes(data)
        return load_categories(path)

    assert load("# comment\n\n红\tcolour\r\na\u2028b\ttaste\n".encode()) == {
        "红": "colour",
        "a\u2028b": "taste",
    }
    assert load(b"\xef\xbb\xbf" + "甜\ttaste\n".encode()) == {"甜": "taste"}  # a UTF-8 BOM
    assert load("红\tcolour\n".encode("gbk")) == {"红": "colour"}
    for data, line in [(b"a\tb\n\nc\n", 3), (b"a\tb\tc\n", 1), (b"a\t\n", 1), (b"\tb\n", 1)]:
        err = pytest.raises(LabError, load, data).value
        assert err.code == "categories_malformed" and err.params == {"line": line}
    for data, code in [(b"", "file_empty"), (b"\x00\x00", "file_binary"), (b"\xff\xfe\x00", "file_encoding")]:
        assert code_of(load, data) == code
    assert code_of(load_categories, tmp_path / "missing.tsv") == "file_missing"
