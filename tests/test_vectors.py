"""core.vectors: every format round-trips (Chinese included), files gensim wrote load exactly,
malformed files name the line, random bytes raise only LabError."""

import codecs
import re

import numpy as np
import pytest
from gensim.models import KeyedVectors
from hypothesis import given, settings
from hypothesis import strategies as st

from core import vectors as V
from core.errors import LabError

WORDS = ["苹果", "红", "apple", "naïve", "草莓🍓", "x"]


@pytest.fixture
def vecs():
    rng = np.random.default_rng(0)
    return V.Vectors(list(WORDS), rng.normal(size=(len(WORDS), 7)).astype(np.float32))


def same(a, b):
    return a.words == b.words and a.vectors.dtype == np.float32 and np.array_equal(a.vectors, b.vectors)


@pytest.mark.parametrize("binary", [False, True])
def test_word2vec_round_trip(vecs, tmp_path, binary):
    assert same(V.load_bytes(V.to_word2vec_bytes(vecs, binary), "v"), vecs)
    path = tmp_path / ("v.bin" if binary else "v.vec")
    V.save_word2vec(vecs, path, binary=binary)
    assert same(V.load(path), vecs)
    # and gensim reads what we wrote
    kv = KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert kv.index_to_key == WORDS and np.array_equal(kv.vectors, vecs.vectors)


@pytest.mark.parametrize("binary", [False, True])
def test_reads_gensim_files(vecs, tmp_path, binary):
    kv = KeyedVectors(vecs.vectors.shape[1])
    kv.add_vectors(WORDS, vecs.vectors)
    path = tmp_path / "g.w2v"
    kv.save_word2vec_format(str(path), binary=binary)
    loaded = V.load(path)
    assert loaded.words == WORDS
    assert np.allclose(loaded.vectors, vecs.vectors, rtol=1e-6, atol=0)  # text: gensim prints repr(float32)
    assert loaded.index("苹果") == 0 and len(loaded) == len(WORDS)


def test_reads_c_tool_binary_and_fasttext_and_glove(vecs):
    # the C tool ends each binary vector with '\n'; fastText .vec is word2vec text with trailing spaces
    c_tool = b"6 7\n" + b"".join(
        w.encode() + b" " + r.astype("<f4").tobytes() + b"\n" for w, r in zip(WORDS, vecs.vectors)
    )
    assert same(V.load_bytes(c_tool, "vectors.bin"), vecs)
    rows = [w + " " + " ".join(f"{x:.9g}" for x in r) for w, r in zip(WORDS, vecs.vectors.tolist())]
    fasttext = ("6 7\n" + "".join(r + " \n" for r in rows)).encode()
    assert same(V.load_bytes(fasttext, "cc.zh.vec"), vecs)
    glove = ("\n".join(rows) + "\n").encode()
    assert same(V.load_bytes(glove, "glove.txt"), vecs)


def test_projector_tsv_round_trip_with_and_without_header(vecs, tmp_path):
    rows, meta = V.to_projector_tsv_bytes(vecs)
    assert meta.decode().splitlines() == WORDS
    assert same(V.load_bytes(rows, "vectors.tsv", meta), vecs)
    header = ("word\tcategory\n" + "".join(f"{w}\tfruit\n" for w in WORDS)).encode()
    assert same(V.load_bytes(rows, "vectors.tsv", header), vecs)
    V.save_projector_tsv(vecs, tmp_path / "vectors.tsv", tmp_path / "metadata.tsv")
    assert same(V.load(tmp_path / "vectors.tsv"), vecs)  # metadata.tsv found beside it
    assert same(V.load(tmp_path / "vectors.tsv", tmp_path / "metadata.tsv"), vecs)
    assert V.load_bytes(rows, "vectors.tsv").words == [str(i) for i in range(len(WORDS))]


MALFORMED = [  # (file, the line named, code, params) — one per way a vector file can be wrong
    (b"2 3\na 1 2 3\nb 1 2\n", 3, "vectors_count", {"expected": 3, "found": 2}),
    (b"2 3\na 1 2 3\nb 1 x 3\n", 3, "vectors_not_number", {"value": "x"}),
    (b"3 2\na 1 2\nb 1 2\n", 4, "vectors_word_total", {"n": 3, "found": 2}),
    (b"a 1 2\nb 1 2\n\nc 1 2 3\n", 4, "vectors_count", {"expected": 2, "found": 3}),
    (b"a 1 nan\n", 1, "vectors_not_finite", {}),
    (b"1\t2\n3\tfoo\n", 2, "vectors_not_number", {"value": "foo"}),
    (b"9999999 300\na 1\n", 1, "vectors_header_too_large", {}),
    (b"0 3\na 1 2 3\n", 1, "vectors_header", {"n": 0, "dim": 3}),
    (b"2 2\nab " + np.float32([1, 2]).tobytes() + b"\nc", 3, "vectors_binary_word", {"entry": 2, "n": 2}),
    (b"2 2\nab " + np.float32([1, 2]).tobytes() + b"\ncd " + b"\1" * 5, 3, "vectors_truncated", {"entry": 2}),
    (b"1 2\nab " + np.float32([1, 2]).tobytes() + b"\ncd " + b"\x01" * 8, 3, "vectors_trailing", {"n": 1}),
    (b"1 2\n\xff\xfe " + np.float32([1, 2]).tobytes(), 2, "vectors_word_encoding", {"entry": 1}),
    (b"3 2\nfoo 1 x\n", 2, "vectors_not_number", {"value": "x"}),  # text with a bad first row, not binary
    (b"word\n", 1, "vectors_no_numbers", {}),
    (b"\t 1 2\n", 1, "vectors_word_empty", {}),
]


@pytest.mark.parametrize("data, line, code, params", MALFORMED)
def test_malformed_names_the_line_in_both_languages(data, line, code, params):
    from core.i18n import error_text

    err = pytest.raises(LabError, V.load_bytes, data, "bad.vec").value
    assert err.code == code
    assert err.params["line"] == line and params.items() <= err.params.items()
    assert f"line {line}" in str(err)
    zh, en = error_text(err, "zh"), error_text(err, "en")
    assert f"第 {line} 行" in zh or "二进制" in zh or "文件头声明的" in zh  # binary files have entries
    assert all(str(v) in zh and str(v) in en for v in params.values())
    own = zh
    for value in err.params.values():  # what the file holds may be English; the text is not
        own = own.replace(str(value), "")
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"UTF-8|NaN|inf", "", own)), zh
    assert en != zh and not re.search(r"[\u4e00-\u9fff]", en)


def test_metadata_row_count_mismatch(vecs):
    rows, meta = V.to_projector_tsv_bytes(vecs)
    err = pytest.raises(LabError, V.load_bytes, rows, "vectors.tsv", b"a\nb\n").value
    assert err.code == "vectors_metadata_rows" and err.params["rows"] == 2 and err.params["n"] == len(WORDS)


def test_bad_files(tmp_path):
    assert pytest.raises(LabError, V.load, tmp_path / "none.vec").value.code == "file_missing"
    assert pytest.raises(LabError, V.load_bytes, b"", "e").value.code == "file_empty"
    assert pytest.raises(LabError, V.load_bytes, b"\x00\x01\x02\x03", "b").value.code == "file_binary"
    # a pickle is just bytes to us: never unpickled, rejected as not a vector file
    import pickle

    err = pytest.raises(LabError, V.load_bytes, pickle.dumps({"apple": [1.0]}), "x.pkl").value
    assert err.code in ("file_binary", "file_encoding") or err.code.startswith("vectors_")


def test_every_vector_file_error_is_raised_by_a_real_file_with_the_params_its_message_names(vecs):
    """Each error.vectors_* message is what some malformed file gets, formatted from that file's params in
    both languages (the same placeholders); none carries a free-text English {reason} any more."""
    from string import Formatter

    from core.i18n import STRINGS, error_text

    rows, _ = V.to_projector_tsv_bytes(vecs)
    files = [(data, "bad.vec", None) for data, *_ in MALFORMED] + [
        (rows, "vectors.tsv", b"a\nb\n"),  # too few metadata rows
        (rows, "vectors.tsv", b"id\tword\n" + b"0\tx\n" * (len(WORDS) - 1) + b"9\n"),
    ]  # a row without a word
    raised = {}
    for data, name, meta in files:
        err = pytest.raises(LabError, V.load_bytes, data, name, meta).value
        raised[err.code] = err
    assert set(raised) == {k.removeprefix("error.") for k in STRINGS if k.startswith("error.vectors_")}
    for code, err in raised.items():
        assert "reason" not in err.params
        zh, en = STRINGS[f"error.{code}"]
        names = [{f for _, f, _, _ in Formatter().parse(s) if f} for s in (zh, en)]
        assert names[0] == names[1] <= set(err.params), code
        assert re.search(r"[\u4e00-\u9fff]", error_text(err, "zh"))  # translated, not the fallback
        assert not re.search(r"[\u4e00-\u9fff]", error_text(err, "en"))


# ---------------------------------------------------------------- issue 13: hostile but plausible files


def test_header_of_5000_digits_is_one_lab_error():
    for data in (b"9" * 5000 + b" 3\na 1 2 3\n", b"2 " + b"9" * 5000 + b"\na 1 2 3\n"):
        err = pytest.raises(LabError, V.load_bytes, data, "huge.vec").value
        assert err.code == "vectors_header_too_large" and err.params["line"] == 1
    # leading zeros are not a large number
    assert V.load_bytes(b"0" * 5000 + b"1 2\na 1 2\n", "zeros.vec").words == ["a"]


@pytest.mark.parametrize("odd", ["\u2028", "\u0085", "\u2029", "\x0b", "\x0c"])
@pytest.mark.parametrize("fmt", ["word2vec", "glove", "projector", "binary"])
def test_words_with_line_separators_load_as_words(odd, fmt):
    """str.splitlines cuts at these; the loader cuts at \n only, so each stays inside its word."""
    words = [f"a{odd}b", "c", f"d{odd}"]
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    rows = [f"{w} {r[0]:g} {r[1]:g}" for w, r in zip(words, x)]
    if fmt == "word2vec":
        loaded = V.load_bytes(("3 2\n" + "\n".join(rows) + "\n").encode(), "v.vec")
    elif fmt == "glove":
        loaded = V.load_bytes(("\r\n".join(rows) + "\r\n").encode(), "glove.txt")
    elif fmt == "projector":
        tsv = "".join(f"{r[0]:g}\t{r[1]:g}\n" for r in x).encode()
        loaded = V.load_bytes(tsv, "vectors.tsv", "".join(w + "\n" for w in words).encode())
    else:
        entries = b"".join(w.encode() + b" " + r.tobytes() for w, r in zip(words, x))
        loaded = V.load_bytes(b"3 2\n" + entries, "v.bin")
    assert loaded.words == words and np.array_equal(loaded.vectors, x)


@pytest.mark.parametrize("binary", [False, True])
def test_utf8_bom_before_the_header_loads(vecs, binary):
    data = V.to_word2vec_bytes(vecs, binary)
    assert same(V.load_bytes(codecs.BOM_UTF8 + data, "bom.vec"), vecs)


def test_glove_and_projector_with_a_bom_or_in_utf16_load(vecs):
    rows, meta = V.to_projector_tsv_bytes(vecs)
    assert same(V.load_bytes(codecs.BOM_UTF8 + rows, "vectors.tsv", codecs.BOM_UTF8 + meta), vecs)
    text = V.to_word2vec_bytes(vecs).decode()
    assert same(V.load_bytes(text.encode("utf-16"), "utf16.vec"), vecs)
    glove = "".join(text.splitlines(keepends=True)[1:])
    assert same(V.load_bytes(codecs.BOM_UTF8 + glove.encode(), "glove.txt"), vecs)


@pytest.mark.parametrize("header", [True, False])
def test_word2vec_text_in_gbk_loads(header):
    words = ["苹果", "红", "甜", "香蕉"]
    x = np.arange(12, dtype=np.float32).reshape(4, 3) / 4
    text = "".join(f"{w} " + " ".join(f"{v:g}" for v in r) + "\n" for w, r in zip(words, x))
    data = (("4 3\n" if header else "") + text).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    loaded = V.load_bytes(data, "gbk.vec")
    assert loaded.words == words and np.array_equal(loaded.vectors, x)


def test_the_apps_own_projector_export_reads_back(vecs):
    """What the Space and Train pages' download buttons give (vectors.tsv + one-column metadata.tsv) is what
    the Space page's two uploaders read back: words from the metadata, and no categories (nor an error)."""
    from core.space import read_categories

    spaced = V.Vectors(["红 苹果", *WORDS[1:]], vecs.vectors)  # whitespace in a word becomes "_"
    rows, meta = V.to_projector_tsv_bytes(spaced)
    loaded = V.load_bytes(rows, "x_W_vectors.tsv", metadata=meta)
    assert loaded.words == ["红_苹果", *WORDS[1:]] and np.array_equal(loaded.vectors, vecs.vectors)
    assert read_categories(meta) == {}


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda h, b: h + b,
            st.sampled_from([b"2 3\n", b"1 1\n", b"a 1 2\n", b"1\t2\n"]),
            st.binary(max_size=200),
        ),
    ),
    st.one_of(st.none(), st.binary(max_size=50)),
)
def test_random_bytes_raise_only_lab_error(data, metadata):
    try:
        v = V.load_bytes(data, "upload", metadata)
    except LabError:
        return
    assert v.vectors.dtype == np.float32 and len(v.words) == len(v.vectors) > 0
    assert np.isfinite(v.vectors).all()
