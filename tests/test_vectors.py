"""core.vectors: every format round-trips (Chinese included), files gensim wrote load exactly,
malformed files name the line, random bytes raise only LabError."""

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
    assert np.allclose(loaded.vectors, vecs.vectors, rtol=1e-6, atol=0)   # text: gensim prints repr(float32)
    assert loaded.index("苹果") == 0 and len(loaded) == len(WORDS)


def test_reads_c_tool_binary_and_fasttext_and_glove(vecs):
    # the C tool ends each binary vector with '\n'; fastText .vec is word2vec text with trailing spaces
    c_tool = b"6 7\n" + b"".join(w.encode() + b" " + r.astype("<f4").tobytes() + b"\n"
                                 for w, r in zip(WORDS, vecs.vectors))
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
    assert same(V.load(tmp_path / "vectors.tsv"), vecs)                      # metadata.tsv found beside it
    assert same(V.load(tmp_path / "vectors.tsv", tmp_path / "metadata.tsv"), vecs)
    assert V.load_bytes(rows, "vectors.tsv").words == [str(i) for i in range(len(WORDS))]


@pytest.mark.parametrize("data, line, reason", [
    (b"2 3\na 1 2 3\nb 1 2\n", 3, "found 2"),
    (b"2 3\na 1 2 3\nb 1 x 3\n", 3, "'x'"),
    (b"3 2\na 1 2\nb 1 2\n", 4, "announces 3"),
    (b"a 1 2\nb 1 2\n\nc 1 2 3\n", 4, "found 3"),
    (b"a 1 nan\n", 1, "NaN"),
    (b"1\t2\n3\tfoo\n", 2, "'foo'"),
    (b"9999999 300\na 1\n", 1, "more than the file holds"),
    (b"2 2\nab " + np.float32([1, 2]).tobytes() + b"\nc", 3, "entry 2"),
])
def test_malformed_names_the_line(data, line, reason):
    err = pytest.raises(LabError, V.load_bytes, data, "bad.vec").value
    assert err.code == "vectors_malformed"
    assert err.params["line"] == line and reason in err.params["reason"]
    assert f"line {line}" in str(err)


def test_metadata_row_count_mismatch(vecs):
    rows, meta = V.to_projector_tsv_bytes(vecs)
    err = pytest.raises(LabError, V.load_bytes, rows, "vectors.tsv", b"a\nb\n").value
    assert err.code == "vectors_malformed"


def test_bad_files(tmp_path):
    assert pytest.raises(LabError, V.load, tmp_path / "none.vec").value.code == "file_missing"
    assert pytest.raises(LabError, V.load_bytes, b"", "e").value.code == "file_empty"
    assert pytest.raises(LabError, V.load_bytes, b"\x00\x01\x02\x03", "b").value.code == "file_binary"
    # a pickle is just bytes to us: never unpickled, rejected as not a vector file
    import pickle
    err = pytest.raises(LabError, V.load_bytes, pickle.dumps({"apple": [1.0]}), "x.pkl").value
    assert err.code in ("file_binary", "file_encoding", "vectors_malformed")


def test_error_codes_translated():
    from core.i18n import STRINGS
    zh, en = STRINGS["error.vectors_malformed"]
    assert "{line}" in zh and "{line}" in en


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300),
                 st.builds(lambda h, b: h + b, st.sampled_from([b"2 3\n", b"1 1\n", b"a 1 2\n", b"1\t2\n"]),
                           st.binary(max_size=200))),
       st.one_of(st.none(), st.binary(max_size=50)))
def test_random_bytes_raise_only_lab_error(data, metadata):
    try:
        v = V.load_bytes(data, "upload", metadata)
    except LabError:
        return
    assert v.vectors.dtype == np.float32 and len(v.words) == len(v.vectors) > 0
    assert np.isfinite(v.vectors).all()
