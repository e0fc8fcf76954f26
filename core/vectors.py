"""Word-vector files in and out: word2vec text and binary (as the C tool and gensim write them),
fastText .vec (= word2vec text), GloVe text (no header line) and the TensorFlow Embedding Projector's
vectors.tsv + metadata.tsv. Formats are detected from the content; nothing is ever unpickled."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.corpus import _check_path, _decode
from core.errors import LabError

_HEADER = re.compile(rb"\A *(\d+) +(\d+) *\r?\n")
_WORD_COLUMNS = ("word", "token", "label", "name", "words", "tokens")


@dataclass
class Vectors:
    """words[i] is the word of row i of vectors (float32, n×d)."""
    words: list[str]
    vectors: np.ndarray
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.vectors = np.ascontiguousarray(self.vectors, dtype=np.float32)
        assert self.vectors.ndim == 2 and len(self.words) == len(self.vectors), "one row per word"
        self._index = {}
        for i, w in enumerate(self.words):
            self._index.setdefault(w, i)      # a repeated word keeps its first row

    def index(self, word: str) -> int:
        """Row of `word` (KeyError if absent)."""
        return self._index[word]

    def __len__(self) -> int:
        return len(self.words)


def _malformed(line: int, reason: str) -> LabError:
    return LabError("vectors_malformed", f"Vector file, line {line}: {reason}", line=line, reason=reason)


def _floats(fields: list[str], line: int, dim: int) -> np.ndarray:
    if len(fields) != dim:
        raise _malformed(line, f"expected {dim} numbers, found {len(fields)}")
    try:
        row = np.array(fields, dtype=np.float32)
    except ValueError:
        bad = next((f for f in fields if not _is_float(f)), fields[0])
        raise _malformed(line, f"not a number: {bad[:40]!r}") from None
    if not np.isfinite(row).all():
        raise _malformed(line, "the vector contains inf or NaN")
    return row


def _is_float(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- readers

def _read_binary(data: bytes, n: int, dim: int, pos: int) -> Vectors:
    """word2vec binary: per word `word<space>` then dim little-endian float32 (C tool: then '\\n')."""
    words, vectors = [], np.empty((n, dim), dtype=np.float32)
    width = 4 * dim
    for i in range(n):
        line = i + 2                                  # the header is line 1
        while pos < len(data) and data[pos:pos + 1] in (b"\n", b"\r"):
            pos += 1
        space = data.find(b" ", pos, pos + 10_000)
        if space < 0:
            raise _malformed(line, f"entry {i + 1} of {n}: no word followed by a space")
        try:
            word = data[pos:space].decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed(line, f"entry {i + 1}: the word is not UTF-8") from None
        if not word.strip():
            raise _malformed(line, f"entry {i + 1}: empty word")
        if space + 1 + width > len(data):
            raise _malformed(line, f"entry {i + 1} of {n}: file ends inside the vector")
        row = np.frombuffer(data, dtype="<f4", count=dim, offset=space + 1)
        if not np.isfinite(row).all():
            raise _malformed(line, f"entry {i + 1}: the vector contains inf or NaN")
        words.append(word)
        vectors[i] = row
        pos = space + 1 + width
    if data[pos:].strip():
        raise _malformed(n + 2, f"data after the {n} vectors the header announced")
    return Vectors(words, vectors)


def _read_words_text(lines: list[str], first: int, dim: int | None) -> Vectors:
    """Lines `word v1 … vd` (word2vec/fastText text after the header, or GloVe). `first` = line number
    of lines[0]. Fields are separated by ASCII spaces only (as gensim reads them): a word may hold
    other whitespace such as U+00A0, which fastText's files contain."""
    words, rows = [], []
    for k, raw in enumerate(lines):
        number = first + k
        parts = [p for p in raw.rstrip("\r\n").split(" ") if p]
        if not parts:
            continue
        if dim is None:                               # GloVe: the first line fixes the dimension
            dim = len(parts) - 1
            if dim < 1:
                raise _malformed(number, "expected a word followed by numbers")
        if len(parts) != dim + 1:
            raise _malformed(number, f"expected a word and {dim} numbers, found {len(parts) - 1} numbers")
        word = parts[0].strip()
        if not word:
            raise _malformed(number, "empty word")
        rows.append(_floats(parts[1:], number, dim))
        words.append(word)
    if not words:
        raise LabError("file_empty", "The file is empty.")
    return Vectors(words, np.stack(rows))


def _read_tsv(lines: list[str]) -> np.ndarray:
    rows, dim = [], None
    for k, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        fields = raw.strip("\r\n").split("\t")
        dim = dim or len(fields)
        rows.append(_floats(fields, k, dim))
    return np.stack(rows)


def _metadata_words(text: str, n: int) -> list[str]:
    """Words from a Projector metadata.tsv: one row per vector, or a header row first
    (always present when there are several columns; the word column is "word"/"token"/"label"… or the first)."""
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    column = 0
    if len(lines) == n + 1:
        header = [h.strip().lower() for h in lines[0].split("\t")]
        column = next((header.index(c) for c in _WORD_COLUMNS if c in header), 0)
        lines = lines[1:]
    elif len(lines) != n:
        raise _malformed(min(len(lines), n) + 1, f"metadata has {len(lines)} rows for {n} vectors")
    words = []
    for k, line in enumerate(lines, 1):
        cells = line.split("\t")
        if column >= len(cells):
            raise _malformed(k, "metadata row is missing the word column")
        words.append(cells[column])
    return words


def load_bytes(data: bytes, name: str, metadata: bytes | None = None) -> Vectors:
    """Vectors from the bytes of an uploaded file (`name` is only shown, never used as a path).
    Raises LabError vectors_malformed(line, reason), file_empty, file_binary, file_encoding."""
    data = bytes(data)
    if not data.strip():
        raise LabError("file_empty", "The file is empty.")
    header = _HEADER.match(data)
    if header:
        n, dim = int(header.group(1)), int(header.group(2))
        if n < 1 or dim < 1:
            raise _malformed(1, f"the header announces {n} words of dimension {dim}")
        if n * dim > len(data):                       # every number takes at least one byte
            raise _malformed(1, f"the header announces {n}×{dim} numbers, more than the file holds")
        body = data[header.end():]
        try:
            body_text = body.decode("utf-8")
            is_text = "\x00" not in body_text
        except UnicodeDecodeError:
            is_text = False
        if not is_text:
            return _read_binary(data, n, dim, header.end())
        vectors = _read_words_text(body_text.splitlines(), 2, dim)
        if len(vectors) != n:
            raise _malformed(len(vectors) + 2, f"the header announces {n} words, the file has {len(vectors)}")
        return vectors
    text = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "\t" in first and all(_is_float(f) for f in first.strip("\r\n").split("\t")):
        vectors = _read_tsv(lines)
        if metadata is None:
            words = [str(i) for i in range(len(vectors))]
        else:
            words = _metadata_words(_decode(metadata) if metadata.strip() else "", len(vectors))
        return Vectors(words, vectors)
    return _read_words_text(lines, 1, None)          # GloVe: no header


def load(path, metadata_path=None) -> Vectors:
    """Vectors from a file, format detected from the content. A Projector vectors.tsv takes its words
    from metadata_path (default: metadata.tsv beside it, if present)."""
    path = Path(path)
    _check_path(path, None)
    metadata = None
    if metadata_path is not None:
        _check_path(Path(metadata_path), None)
        metadata = Path(metadata_path).read_bytes()
    elif (path.parent / "metadata.tsv").is_file() and path.name != "metadata.tsv":
        metadata = (path.parent / "metadata.tsv").read_bytes()
    return load_bytes(path.read_bytes(), path.name, metadata)


# ---------------------------------------------------------------- writers

def _clean(word: str) -> str:
    """Whitespace would break the line formats: it becomes '_'."""
    return re.sub(r"\s", "_", word) or "_"


def to_word2vec_bytes(vectors: Vectors, binary: bool = False) -> bytes:
    """word2vec format: header `n d`, then per word the word and its vector — as text (9 significant
    digits, exact for float32) or binary (little-endian float32 and '\\n', like the C tool)."""
    n, dim = vectors.vectors.shape
    out = [f"{n} {dim}\n".encode()]
    if binary:
        rows = vectors.vectors.astype("<f4")
        for word, row in zip(vectors.words, rows):
            out.append(_clean(word).encode("utf-8") + b" " + row.tobytes() + b"\n")
    else:
        for word, row in zip(vectors.words, vectors.vectors.tolist()):
            out.append((_clean(word) + " " + " ".join(f"{v:.9g}" for v in row) + "\n").encode("utf-8"))
    return b"".join(out)


def to_projector_tsv_bytes(vectors: Vectors) -> tuple[bytes, bytes]:
    """(vectors.tsv, metadata.tsv) for projector.tensorflow.org: tab-separated rows; one word per
    metadata row, no header (the single-column form)."""
    rows = "".join("\t".join(f"{v:.9g}" for v in row) + "\n" for row in vectors.vectors.tolist())
    words = "".join(_clean(w) + "\n" for w in vectors.words)
    return rows.encode("utf-8"), words.encode("utf-8")


def save_word2vec(vectors: Vectors, path, binary: bool = False) -> None:
    Path(path).write_bytes(to_word2vec_bytes(vectors, binary))


def save_projector_tsv(vectors: Vectors, vectors_path, metadata_path) -> None:
    rows, words = to_projector_tsv_bytes(vectors)
    Path(vectors_path).write_bytes(rows)
    Path(metadata_path).write_bytes(words)
