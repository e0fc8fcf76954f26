"""Word-vector files in and out: word2vec text and binary (as the C tool and gensim write them),
fastText .vec (= word2vec text), GloVe text (no header line) and the TensorFlow Embedding Projector's
vectors.tsv + metadata.tsv. Formats are detected from the content; nothing is ever unpickled.

Text is UTF-8 (a BOM is skipped), UTF-16/32 with a BOM, or GBK/GB18030; lines end at "\n" only, so a word
may hold any other character — U+0085 or U+2028 included, which str.splitlines would cut at. Every bad
file ends in one LabError whose code names what is wrong (vectors_count, vectors_not_number…)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.corpus import _check_path, _decode
from core.errors import LabError

_HEADER = re.compile(rb"\A *(\d+) +(\d+) *\r?\n")
_MAX_HEADER_DIGITS = 12  # more digits than any file this app accepts could hold (int() refuses 4,300)
_ASCII_LINE = re.compile(rb"[ -~\t\r]*")
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
            self._index.setdefault(w, i)  # a repeated word keeps its first row

    def index(self, word: str) -> int:
        """Row of `word` (KeyError if absent)."""
        return self._index[word]

    def __len__(self) -> int:
        return len(self.words)


def _bad(code: str, line: int, english: str, **params) -> LabError:
    """A LabError for `line` of a vector file; `code` selects its translated message."""
    return LabError(code, f"Vector file, line {line}: {english}", line=line, **params)


def _floats(fields: list[str], line: int, dim: int) -> np.ndarray:
    if len(fields) != dim:
        raise _bad(
            "vectors_count",
            line,
            f"expected {dim} numbers, found {len(fields)}",
            expected=dim,
            found=len(fields),
        )
    try:
        row = np.array(fields, dtype=np.float32)
    except ValueError:
        bad = next((f for f in fields if not _is_float(f)), fields[0])
        raise _bad("vectors_not_number", line, f"not a number: {bad[:40]!r}", value=bad[:40]) from None
    if not np.isfinite(row).all():
        raise _bad("vectors_not_finite", line, "the vector contains inf or NaN")
    return row


def _is_float(s: str | bytes) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def _lines(text: str) -> list[str]:
    """Lines cut at "\n" (a "\r" before it dropped) — not str.splitlines, which also cuts at U+0085,
    U+2028, \x0b, \x1c… that a word may contain."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


# ---------------------------------------------------------------- readers


def _read_binary(data: bytes, n: int, dim: int, pos: int) -> Vectors:
    """word2vec binary: per word `word<space>` then dim little-endian float32 (C tool: then '\\n')."""
    words, vectors = [], np.empty((n, dim), dtype=np.float32)
    width = 4 * dim
    for i in range(n):
        line = i + 2  # the header is line 1
        while pos < len(data) and data[pos : pos + 1] in (b"\n", b"\r"):
            pos += 1
        space = data.find(b" ", pos, pos + 10_000)
        if space < 0:
            raise _bad(
                "vectors_binary_word",
                line,
                f"entry {i + 1} of {n}: no word followed by a space",
                entry=i + 1,
                n=n,
            )
        try:
            word = data[pos:space].decode("utf-8")
        except UnicodeDecodeError:
            raise _bad(
                "vectors_word_encoding", line, f"entry {i + 1}: the word is not UTF-8", entry=i + 1
            ) from None
        if not word.strip():
            raise _bad("vectors_word_empty", line, f"entry {i + 1}: empty word")
        if space + 1 + width > len(data):
            raise _bad(
                "vectors_truncated",
                line,
                f"entry {i + 1} of {n}: file ends inside the vector",
                entry=i + 1,
                n=n,
            )
        row = np.frombuffer(data, dtype="<f4", count=dim, offset=space + 1)
        if not np.isfinite(row).all():
            raise _bad("vectors_not_finite", line, f"entry {i + 1}: the vector contains inf or NaN")
        words.append(word)
        vectors[i] = row
        pos = space + 1 + width
    if data[pos:].strip():
        raise _bad("vectors_trailing", n + 2, f"data after the {n} vectors the header announced", n=n)
    return Vectors(words, vectors)


def _read_words_text(lines: list[str], first: int, dim: int | None) -> Vectors:
    """Lines `word v1 … vd` (word2vec/fastText text after the header, or GloVe). `first` = line number
    of lines[0]. Fields are separated by ASCII spaces only (as gensim reads them): a word may hold
    other whitespace such as U+00A0, which fastText's files contain."""
    words, rows = [], []
    for k, raw in enumerate(lines):
        number = first + k
        parts = [p for p in raw.split(" ") if p]
        if not parts:
            continue
        if dim is None:  # GloVe: the first line fixes the dimension
            dim = len(parts) - 1
            if dim < 1:
                raise _bad("vectors_no_numbers", number, "expected a word followed by numbers")
        if len(parts) != dim + 1:
            raise _bad(
                "vectors_count",
                number,
                f"expected a word and {dim} numbers, found {len(parts) - 1}",
                expected=dim,
                found=len(parts) - 1,
            )
        word = parts[0]  # kept whole: "d\u2028" is not "d"
        if not word.strip():
            raise _bad("vectors_word_empty", number, "empty word")
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
        fields = raw.split("\t")
        dim = dim or len(fields)
        rows.append(_floats(fields, k, dim))
    return np.stack(rows)


def _metadata_words(text: str, n: int) -> list[str]:
    """Words from a Projector metadata.tsv: one row per vector, or a header row first
    (always present when there are several columns; the word column is "word"/"token"/"label"… or the
    first)."""
    lines = _lines(text)
    while lines and not lines[-1].strip():
        lines.pop()
    column, first = 0, 1
    if len(lines) == n + 1:
        header = [h.strip().lower() for h in lines[0].split("\t")]
        column = next((header.index(c) for c in _WORD_COLUMNS if c in header), 0)
        lines, first = lines[1:], 2
    elif len(lines) != n:
        raise _bad(
            "vectors_metadata_rows",
            min(len(lines), n) + 1,
            f"metadata has {len(lines)} rows for {n} vectors",
            rows=len(lines),
            n=n,
        )
    words = []
    for k, line in enumerate(lines, first):
        cells = line.split("\t")
        if column >= len(cells):
            raise _bad("vectors_metadata_column", k, "metadata row is missing the word column")
        words.append(cells[column])
    return words


def _header_numbers(header: re.Match) -> tuple[int, int]:
    """(n, dim) of a word2vec header; LabError if either is 0 or more than any file could hold."""
    digits = [header.group(g).lstrip(b"0") for g in (1, 2)]
    if any(len(d) > _MAX_HEADER_DIGITS for d in digits):
        raise _bad("vectors_header_too_large", 1, "the header announces more numbers than the file holds")
    n, dim = (int(d or b"0") for d in digits)
    if n < 1 or dim < 1:
        raise _bad("vectors_header", 1, f"the header announces {n} words of dimension {dim}", n=n, dim=dim)
    return n, dim


def _first_entry(body: bytes) -> bytes:
    start = len(body) - len(body[: 1 << 16].lstrip(b"\r\n"))
    end = body.find(b"\n", start)
    return body[start : end if end >= 0 else len(body)]


def _is_text_row(line: bytes, dim: int) -> bool:
    """Whether `line` is `word` and `dim` numbers, as a text file's entry."""
    fields = [f for f in line.rstrip(b"\r").split(b" ") if f]
    return len(fields) == dim + 1 and all(_is_float(f) for f in fields[1:])


def _looks_like_text(body: bytes) -> bool:
    """Printable ASCII after the first word and no NUL byte: a text file with a bad first row."""
    return b"\x00" not in body and _ASCII_LINE.fullmatch(_first_entry(body).partition(b" ")[2]) is not None


def load_bytes(data: bytes, name: str, metadata: bytes | None = None) -> Vectors:
    """Vectors from the bytes of an uploaded file (`name` is only shown, never used as a path).
    Raises LabError file_empty / file_binary / file_encoding, or a vectors_* code naming the line."""
    data = bytes(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # UTF-32's BOM starts as UTF-16's
        data = _decode(data).encode("utf-8")  # text, whatever the format
    if not data.strip():
        raise LabError("file_empty", "The file is empty.")
    header = _HEADER.match(data)
    if header:
        n, dim = _header_numbers(header)
        if n * dim > len(data):  # every number takes at least one byte
            raise _bad(
                "vectors_header_too_large",
                1,
                f"the header announces {n}×{dim} numbers, more than the file holds",
            )
        body = data[header.end() :]
        if not _is_text_row(_first_entry(body), dim):
            try:  # binary, unless it fails and the body looks like text
                return _read_binary(data, n, dim, header.end())
            except LabError:
                if not _looks_like_text(body):
                    raise
        vectors = _read_words_text(_lines(_decode(body)), 2, dim)
        if len(vectors) != n:
            raise _bad(
                "vectors_word_total",
                len(vectors) + 2,
                f"the header announces {n} words, the file has {len(vectors)}",
                n=n,
                found=len(vectors),
            )
        return vectors
    lines = _lines(_decode(data))
    first = next((line for line in lines if line.strip()), "")
    if all(_is_float(f) for f in first.split("\t")):  # Projector TSV (one column has no tab)
        vectors = _read_tsv(lines)
        if metadata is None:
            words = [str(i) for i in range(len(vectors))]
        else:
            words = _metadata_words(_decode(metadata) if metadata.strip() else "", len(vectors))
        return Vectors(words, vectors)
    return _read_words_text(lines, 1, None)  # GloVe: no header


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
