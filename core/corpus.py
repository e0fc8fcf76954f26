"""Text in, token ids out: read a file (encoding detected), tokenise, build the vocabulary,
subsample frequent words and cut word2vec windows (centre removed, context kept).

Large files stream: Corpus.from_path reads line by line (long lines in pieces) twice — once to
count, once to encode into a preallocated int32 array — so memory is the ids plus the vocabulary."""

from __future__ import annotations

import codecs
import logging
import re
import threading
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterator

import numpy as np

from core.errors import LabError

MAX_TOKEN_CHARS = 100        # word2vec's MAX_STRING: longer tokens are truncated
MAX_SENTENCE = 10_000        # gensim's MAX_WORDS_IN_BATCH: longer lines become several sentences
_PIECE_CHARS = 1 << 20       # a line longer than this is read in pieces cut at a separator
_SAMPLE_BYTES = 1 << 16      # bytes inspected for BOM / binary content
_SEPARATORS = " \t\u3000。！？，；、,.!?;"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_OTHER_WORD = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TOKENIZERS = ("auto", "words", "jieba", "chars")


# ---------------------------------------------------------------- reading

def _limit_mb(max_bytes: int) -> str:
    return f"{max_bytes / 2**20:g}"


def _is_binary(head: bytes) -> bool:
    """NUL bytes, or many control characters, mean this is not text (BOM-less UTF-16 included)."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(head.count(bytes([c])) for c in range(32) if c not in b"\t\n\r\x0b\x0c\x1b")
    return control / len(head) > 0.05


def _candidates(head: bytes) -> list[str]:
    """Encodings to try in order, decided by the BOM (if any) and the binary check."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return ["utf-32"]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if _is_binary(head):
        raise LabError("file_binary", "This is a binary file, not text.")
    # GB18030 is a superset of GBK and GB2312; plain ASCII passes the first try.
    return ["utf-8", "gb18030"]


def _decode(data: bytes) -> str:
    for encoding in _candidates(data[:_SAMPLE_BYTES]):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise LabError("file_binary", "This is a binary file, not text.")
        return text
    raise LabError("file_encoding", "Unknown text encoding: use UTF-8, UTF-16 (with BOM), GBK or GB18030.")


def _check_path(path: Path, max_bytes: int | None) -> int:
    try:
        size = path.stat().st_size
    except (OSError, ValueError):
        size = None
    if size is None or not path.is_file():
        raise LabError("file_missing", f"File not found: {path}", path=str(path))
    if max_bytes is not None and size > max_bytes:
        raise LabError("file_too_large", f"File larger than {_limit_mb(max_bytes)} MB.",
                       limit_mb=_limit_mb(max_bytes))
    if size == 0:
        raise LabError("file_empty", "The file is empty.")
    return size


def read_text(source: str | Path | bytes, max_bytes: int | None = None) -> str:
    """The whole text of a file path or of uploaded bytes, decoded (UTF-8 with or without BOM,
    UTF-16/32 with BOM, GBK/GB18030). Raises LabError file_missing / file_empty / file_binary /
    file_too_large / file_encoding."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if max_bytes is not None and len(data) > max_bytes:
            raise LabError("file_too_large", f"File larger than {_limit_mb(max_bytes)} MB.",
                           limit_mb=_limit_mb(max_bytes))
    else:
        path = Path(source)
        _check_path(path, max_bytes)
        try:
            data = path.read_bytes()
        except OSError:
            raise LabError("file_missing", f"File not found: {path}", path=str(path)) from None
    text = _decode(data)
    if not text.strip():
        raise LabError("file_empty", "The file is empty.")
    return text


def _pieces(f) -> Iterator[tuple[str, bool]]:
    """(text, ends_line) pieces of an open text file: whole lines, and lines longer than
    _PIECE_CHARS cut at their last separator (hard cut if none) so memory stays bounded."""
    carry = ""
    while True:
        piece = f.readline(_PIECE_CHARS)
        if not piece:
            if carry:
                yield carry, True
            return
        if "\x00" in piece:
            raise LabError("file_binary", "This is a binary file, not text.")
        text = carry + piece
        if piece.endswith("\n"):
            carry = ""
            yield text, True
            continue
        cut = max(text.rfind(s) for s in _SEPARATORS) + 1
        if cut <= 0:
            cut = len(text)
        carry = text[cut:]
        yield text[:cut], False


# ---------------------------------------------------------------- tokenising

_jieba = None
_jieba_lock = threading.Lock()


def _jieba_tokenizer():
    """Our own jieba.Tokenizer (its dictionary ships with the package: no network), made once."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.initialize()
            userdict = Path(__file__).resolve().parent.parent / "corpora" / "jieba_userdict.txt"
            if userdict.is_file():
                tk.load_userdict(str(userdict))
            _jieba = tk
    return _jieba


def detect_tokenizer(text: str) -> str:
    """"jieba" if CJK characters are at least as many as the other words (one CJK character is
    about one word), else "words"."""
    cjk = len(_CJK.findall(text))
    others = len(_OTHER_WORD.findall(text))
    return "jieba" if cjk and cjk >= others else "words"


def _is_token_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def tokenize(text: str, tokenizer: str = "auto") -> list[str]:
    """Tokens of one sentence/line. "words": lower-cased words of letters, digits and apostrophes;
    "jieba": Chinese words (punctuation and spaces dropped); "chars": single letters/digits;
    "auto": jieba if the text is mostly CJK, else words."""
    if tokenizer not in _TOKENIZERS:
        raise LabError("config_invalid", f"tokenizer must be one of {_TOKENIZERS}",
                       field="tokenizer", value=tokenizer, allowed=", ".join(_TOKENIZERS))
    if tokenizer == "auto":
        tokenizer = detect_tokenizer(text)
    text = text.lower()
    if tokenizer == "words":
        tokens = _WORD.findall(text)
    elif tokenizer == "chars":
        tokens = [ch for ch in text if _is_token_char(ch)]
    else:
        tokens = [w for w in _jieba_tokenizer().lcut(text) if _WORD.search(w)]
    if tokens and max(map(len, tokens)) > MAX_TOKEN_CHARS:
        tokens = [t[:MAX_TOKEN_CHARS] for t in tokens]
    return tokens


# ---------------------------------------------------------------- vocabulary

class Vocab:
    """Words sorted by count (descending; ties in order of first appearance, as gensim)."""

    def __init__(self, words: list[str], counts):
        self.words = list(words)
        self.counts = np.asarray(counts, dtype=np.int64)
        self.index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def from_counts(cls, counts: Counter, min_count: int = 5, max_vocab: int | None = None) -> "Vocab":
        """Keep words seen at least min_count times, then the max_vocab most frequent.
        Raises LabError vocab_empty if nothing is left."""
        kept = [(w, c) for w, c in counts.items() if c >= min_count]
        kept.sort(key=lambda wc: -wc[1])    # stable: ties keep first-appearance order
        if max_vocab is not None:
            kept = kept[:max_vocab]
        if not kept:
            raise LabError("vocab_empty", f"No word occurs at least {min_count} times.",
                           min_count=min_count)
        return cls([w for w, _ in kept], [c for _, c in kept])

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, tokens) -> np.ndarray:
        """int32 ids of the known tokens (unknown tokens are dropped)."""
        get = self.index.get
        return np.fromiter((i for i in map(get, tokens) if i is not None), dtype=np.int32)


# ---------------------------------------------------------------- corpus

class _Growable:
    """An int64 array that doubles when full (instead of a Python list of every item)."""

    def __init__(self):
        self.data = np.zeros(1024, dtype=np.int64)
        self.n = 0

    def append(self, x: int) -> None:
        if self.n == len(self.data):
            self.data = np.concatenate([self.data, np.zeros_like(self.data)])
        self.data[self.n] = x
        self.n += 1

    def array(self) -> np.ndarray:
        return self.data[: self.n].copy()


def _check_tokenizer(tokenizer: str) -> None:
    if tokenizer not in _TOKENIZERS:
        raise LabError("config_invalid", f"tokenizer must be one of {_TOKENIZERS}",
                       field="tokenizer", value=tokenizer, allowed=", ".join(_TOKENIZERS))


class Corpus:
    """vocab; ids (int32, every kept token in order); starts (int64, sentence i is
    ids[starts[i]:starts[i+1]]); tokenizer (resolved, never "auto"); name."""

    def __init__(self, vocab: Vocab, ids: np.ndarray, starts: np.ndarray, tokenizer: str, name: str):
        self.vocab, self.ids, self.starts = vocab, ids, starts
        self.tokenizer, self.name = tokenizer, name

    @classmethod
    def _build(cls, open_pieces, tokenizer, min_count, max_vocab, name) -> "Corpus":
        """Two passes over `open_pieces()` (an iterator of (text, ends_line)): count, then encode."""
        counts: Counter = Counter()
        for text, _ in open_pieces():
            counts.update(tokenize(text, tokenizer))
        vocab = Vocab.from_counts(counts, min_count, max_vocab)
        del counts
        ids = np.empty(int(vocab.counts.sum()), dtype=np.int32)
        starts = _Growable()
        starts.append(0)
        n = 0              # tokens written
        sentence = 0       # tokens in the current sentence
        for text, ends_line in open_pieces():
            piece = vocab.encode(tokenize(text, tokenizer))
            while len(piece):
                part = piece[: MAX_SENTENCE - sentence]
                ids[n: n + len(part)] = part
                n += len(part)
                sentence += len(part)
                piece = piece[len(part):]
                if sentence == MAX_SENTENCE:
                    starts.append(n)
                    sentence = 0
            if ends_line and sentence:
                starts.append(n)
                sentence = 0
        if sentence:
            starts.append(n)
        assert n == len(ids)
        return cls(vocab, ids, starts.array(), tokenizer, name)

    @classmethod
    def from_path(cls, path, tokenizer: str = "auto", min_count: int = 5, max_vocab: int | None = None,
                  max_bytes: int | None = None) -> "Corpus":
        """Stream a text file (one sentence per line) into a Corpus in bounded memory."""
        _check_tokenizer(tokenizer)
        path = Path(path)
        _check_path(path, max_bytes)
        with open(path, "rb") as f:
            head = f.read(_SAMPLE_BYTES)
        encodings = _candidates(head)
        for encoding in encodings:

            def open_pieces(encoding=encoding):
                with open(path, encoding=encoding, errors="strict") as f:
                    yield from _pieces(f)

            try:
                sample = ""
                with open(path, encoding=encoding, errors="strict") as f:
                    sample = f.read(_SAMPLE_BYTES)
                if not sample.strip() and path.stat().st_size <= _SAMPLE_BYTES:
                    raise LabError("file_empty", "The file is empty.")
                resolved = detect_tokenizer(sample) if tokenizer == "auto" else tokenizer
                return cls._build(open_pieces, resolved, min_count, max_vocab, path.name)
            except UnicodeDecodeError:
                continue
        raise LabError("file_encoding", "Unknown text encoding: use UTF-8, UTF-16 (with BOM), GBK or GB18030.")

    @classmethod
    def from_text(cls, text: str, tokenizer: str = "auto", min_count: int = 5,
                  max_vocab: int | None = None, name: str = "text") -> "Corpus":
        """A Corpus from a string, one sentence per line."""
        _check_tokenizer(tokenizer)
        resolved = detect_tokenizer(text[:_SAMPLE_BYTES]) if tokenizer == "auto" else tokenizer

        def open_pieces():
            import io

            yield from _pieces(io.StringIO(text))

        return cls._build(open_pieces, resolved, min_count, max_vocab, name)

    def __len__(self) -> int:
        return len(self.ids)

    def sentences(self) -> Iterator[np.ndarray]:
        """Each sentence's ids (views into self.ids)."""
        for a, b in zip(self.starts[:-1], self.starts[1:]):
            yield self.ids[a:b]


# ---------------------------------------------------------------- subsampling and windows

def keep_probabilities(counts, sample: float) -> np.ndarray:
    """word2vec's keep probability per word: (sqrt(f/(sample*total)) + 1) * sample*total / f, capped at 1
    (f = the word's count, total = all counts). sample <= 0 keeps everything."""
    counts = np.asarray(counts, dtype=np.float64)
    if sample <= 0:
        return np.ones(len(counts))
    threshold = sample * counts.sum()
    with np.errstate(divide="ignore"):
        keep = (np.sqrt(counts / threshold) + 1) * threshold / counts
    return np.minimum(keep, 1.0)


def subsample(ids: np.ndarray, keep_prob: np.ndarray, rng: np.random.Generator, starts: np.ndarray | None = None):
    """The ids that survive subsampling (each kept with probability keep_prob[id]).
    With `starts`, returns (kept_ids, kept_starts) so sentence boundaries follow."""
    mask = rng.random(len(ids)) < keep_prob[ids]
    kept = ids[mask]
    if starts is None:
        return kept
    before = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])   # kept tokens before each position
    return kept, before[starts]


def windows(ids: np.ndarray, starts: np.ndarray, window: int, rng: np.random.Generator, shrink: bool = True,
            chunk: int = 1 << 18) -> tuple[np.ndarray, np.ndarray]:
    """word2vec's training windows. centre: (N,) ids; context: (N, 2*window) ids with column j at offset
    (-window..-1, 1..window)[j], -1 where the position is outside the sentence or beyond the shrunken
    window. With shrink, each centre's window is drawn uniformly from 1..window (word2vec's `b`).
    Centres left with no context (one-word sentences) are dropped."""
    ids = np.asarray(ids)
    starts = np.asarray(starts, dtype=np.int64)
    n = len(ids)
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])        # (2w,)
    centres = [np.zeros(0, np.int32)]
    contexts = [np.zeros((0, 2 * window), np.int32)]
    for a in range(0, n, chunk):          # chunks keep the temporaries small on big corpora
        pos = np.arange(a, min(a + chunk, n))                                          # (B,)
        reach = rng.integers(1, window + 1, size=len(pos)) if shrink else np.full(len(pos), window)  # (B,)
        sent = np.searchsorted(starts, pos, side="right") - 1                          # (B,)
        lo, hi = starts[sent], starts[sent + 1]                                        # (B,)
        cand = pos[:, None] + offsets[None, :]                                         # (B, 2w)
        ok = (np.abs(offsets)[None, :] <= reach[:, None]) & (cand >= lo[:, None]) & (cand < hi[:, None])
        context = np.where(ok, ids[np.clip(cand, 0, n - 1)], -1).astype(np.int32)     # (B, 2w)
        has = ok.any(axis=1)
        centres.append(ids[pos[has]].astype(np.int32))
        contexts.append(context[has])
    return np.concatenate(centres), np.concatenate(contexts)


def load_categories(path) -> dict[str, str]:
    """word -> category from a corpora/*.categories.tsv file (word<TAB>category per line)."""
    categories = {}
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise LabError("categories_malformed", f"Line {number}: expected word<TAB>category.", line=number)
        categories[parts[0]] = parts[1]
    return categories
