"""Text in, token ids out: read a file (encoding detected), tokenise, build the vocabulary,
subsample frequent words and cut word2vec windows (centre removed, context kept).

Large files stream: Corpus.from_path reads line by line (long lines in pieces) once, numbering every
distinct token as it first appears; numpy then keeps the frequent ones and renumbers them — so memory is
a few int32 arrays of the corpus's length plus the vocabulary."""

from __future__ import annotations

import codecs
import logging
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from core.errors import LabError

MAX_TOKEN_CHARS = 100  # word2vec's MAX_STRING: longer tokens are truncated
MAX_SENTENCE = 10_000  # gensim's MAX_WORDS_IN_BATCH: longer lines become several sentences
_PIECE_CHARS = 1 << 20  # a line longer than this is read in pieces cut at a separator
_SAMPLE_BYTES = 1 << 16  # bytes inspected for BOM / binary content
_SEPARATORS = " \t\u3000。！？，；、,.!?;"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_OTHER_WORD = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_OR_LINE_END = re.compile(_WORD.pattern + r"|\n")
_ASCII_WORD_OR_LINE_END = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|\n")  # the same on lower-cased ASCII, faster
_LINE_END = "\n"  # stands for a line end among the tokens while a corpus is built
_BLOCK_CHARS = 1 << 20  # "words": lines are tokenised about this many characters at a time
_BLOCK_TOKENS = 200_000  # other tokenizers: tokens gathered per block
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
        raise LabError(
            "file_too_large", f"File larger than {_limit_mb(max_bytes)} MB.", limit_mb=_limit_mb(max_bytes)
        )
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
            raise LabError(
                "file_too_large",
                f"File larger than {_limit_mb(max_bytes)} MB.",
                limit_mb=_limit_mb(max_bytes),
            )
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
    """ "jieba" if CJK characters are at least as many as the other words (one CJK character is
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
        raise LabError(
            "config_invalid",
            f"tokenizer must be one of {_TOKENIZERS}",
            field="tokenizer",
            value=tokenizer,
            allowed=", ".join(_TOKENIZERS),
        )
    if tokenizer == "auto":
        tokenizer = detect_tokenizer(text)
    text = text.lower()
    if tokenizer == "words":
        tokens = _WORD.findall(text)
    elif tokenizer == "chars":
        tokens = [ch for ch in text if _is_token_char(ch)]
    else:
        tokens = [w for w in _jieba_tokenizer().lcut(text) if _WORD.search(w)]
    return _truncate(tokens)


def _truncate(tokens: list[str]) -> list[str]:
    if tokens and max(map(len, tokens)) > MAX_TOKEN_CHARS:
        tokens = [t[:MAX_TOKEN_CHARS] for t in tokens]
    return tokens


def _token_blocks(pieces: Iterator[tuple[str, bool]], tokenizer: str) -> Iterator[list[str]]:
    """The tokens of (text, ends_line) pieces, in blocks, with _LINE_END after each line. "words" runs one
    regex over a block of whole lines (one call per line is slower: bench/RESULTS.md); other tokenizers go
    piece by piece."""
    block: list = []
    size = 0
    for text, ends_line in pieces:
        if tokenizer == "words":
            block.append(text if not ends_line or text.endswith("\n") else text + "\n")
            size += len(text)
        else:
            block += tokenize(text, tokenizer)
            if ends_line:
                block.append(_LINE_END)
            size = len(block)
        if size >= (_BLOCK_CHARS if tokenizer == "words" else _BLOCK_TOKENS):
            yield _block_tokens(block, tokenizer)
            block, size = [], 0
    if block:
        yield _block_tokens(block, tokenizer)


def _block_tokens(block: list[str], tokenizer: str) -> list[str]:
    if tokenizer != "words":
        return block
    text = "".join(block).lower()
    return _truncate((_ASCII_WORD_OR_LINE_END if text.isascii() else _WORD_OR_LINE_END).findall(text))


# ---------------------------------------------------------------- vocabulary


class Vocab:
    """Words sorted by count (descending; ties in order of first appearance, as gensim)."""

    def __init__(self, words: list[str], counts):
        self.words = list(words)
        self.counts = np.asarray(counts, dtype=np.int64)
        self.index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def from_first_seen(
        cls, words: list[str], counts: np.ndarray, min_count: int = 5, max_vocab: int | None = None
    ) -> tuple[Vocab, np.ndarray]:
        """Words in order of first appearance and their counts -> (the vocabulary: words seen at least
        min_count times, then the max_vocab most frequent; each word's new id, or -1 if dropped).
        Raises LabError vocab_empty if nothing is left."""
        order = np.argsort(-counts, kind="stable")  # stable: ties keep first-appearance order
        order = order[counts[order] >= max(min_count, 1)][:max_vocab]
        if not len(order):
            raise LabError("vocab_empty", f"No word occurs at least {min_count} times.", min_count=min_count)
        new_id = np.full(len(words), -1, dtype=np.int32)
        new_id[order] = np.arange(len(order), dtype=np.int32)
        return cls([words[i] for i in order], counts[order]), new_id

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, tokens) -> np.ndarray:
        """int32 ids of the known tokens (unknown tokens are dropped)."""
        get = self.index.get
        return np.fromiter((i for i in map(get, tokens) if i is not None), dtype=np.int32)


def _finished(generator):
    """Run a generator to its end; its return value."""
    while True:
        try:
            next(generator)
        except StopIteration as end:
            return end.value


# ---------------------------------------------------------------- corpus


def _check_tokenizer(tokenizer: str) -> None:
    if tokenizer not in _TOKENIZERS:
        raise LabError(
            "config_invalid",
            f"tokenizer must be one of {_TOKENIZERS}",
            field="tokenizer",
            value=tokenizer,
            allowed=", ".join(_TOKENIZERS),
        )


class Corpus:
    """vocab; ids (int32, every kept token in order); starts (int64, sentence i is
    ids[starts[i]:starts[i+1]]); tokenizer (resolved, never "auto"); name."""

    def __init__(self, vocab: Vocab, ids: np.ndarray, starts: np.ndarray, tokenizer: str, name: str):
        self.vocab, self.ids, self.starts = vocab, ids, starts
        self.tokenizer, self.name = tokenizer, name

    @classmethod
    def _build(cls, open_pieces, tokenizer, min_count, max_vocab, name) -> Corpus:
        return _finished(cls._building(open_pieces, tokenizer, min_count, max_vocab, name))

    @classmethod
    def _building(cls, open_pieces, tokenizer, min_count, max_vocab, name, size: int = 0):
        """One pass over `open_pieces()` (an iterator of (text, ends_line)): every distinct token gets a
        provisional id as it first appears (0 is the line end); then numpy counts, keeps and renumbers.
        A generator: yields the fraction of `size` characters read after each block; returns the Corpus."""
        first_seen: defaultdict = defaultdict(int)
        first_seen.default_factory = first_seen.__len__  # a new token gets the next id
        first_seen[_LINE_END]  # id 0
        get = first_seen.__getitem__
        blocks = []  # (B,) provisional ids, block after block
        read = [0]

        def counted():
            for text, ends_line in open_pieces():
                read[0] += len(text)
                yield text, ends_line

        for tokens in _token_blocks(counted(), tokenizer):
            blocks.append(np.fromiter(map(get, tokens), dtype=np.int32, count=len(tokens)))
            del tokens  # before the next block is read: half the peak
            yield min(read[0] / size, 1.0) if size else 0.0
        counts = np.zeros(len(first_seen), dtype=np.int64)
        for raw in blocks:
            counts += np.bincount(raw, minlength=len(counts))
        counts[0] = 0  # line ends are not words
        vocab, new_id = Vocab.from_first_seen(list(first_seen), counts, min_count, max_vocab)
        del first_seen
        ids = np.empty(int(vocab.counts.sum()), dtype=np.int32)  # (N,) the kept tokens
        ends, n = [np.zeros(1, dtype=np.int64)], 0
        for i, raw in enumerate(blocks):  # block by block: memory stays ~2× ids
            blocks[i] = None
            if not len(raw):
                continue
            new = new_id[raw]  # (B,) -1: a line end or a dropped word
            kept = np.cumsum(new >= 0)  # (B,) kept tokens up to each position
            ends.append(n + kept[raw == 0])  # sentence ends (a line end is not kept)
            ids[n : n + kept[-1]] = new[new >= 0]
            n += int(kept[-1])
        bounds = np.append(np.concatenate(ends), n)  # sorted
        bounds = bounds[np.concatenate([[True], bounds[1:] != bounds[:-1]])]  # empty lines vanish
        # lines longer than MAX_SENTENCE become several sentences (as gensim cuts them)
        long = np.flatnonzero(np.diff(bounds) > MAX_SENTENCE)
        cuts = [np.arange(bounds[i] + MAX_SENTENCE, bounds[i + 1], MAX_SENTENCE) for i in long]
        starts = np.sort(np.concatenate([bounds, *cuts])).astype(np.int64)
        return cls(vocab, ids, starts, tokenizer, name)

    @classmethod
    def from_path(
        cls,
        path,
        tokenizer: str = "auto",
        min_count: int = 5,
        max_vocab: int | None = None,
        max_bytes: int | None = None,
    ) -> Corpus:
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
        raise LabError(
            "file_encoding", "Unknown text encoding: use UTF-8, UTF-16 (with BOM), GBK or GB18030."
        )

    @classmethod
    def from_text(
        cls,
        text: str,
        tokenizer: str = "auto",
        min_count: int = 5,
        max_vocab: int | None = None,
        name: str = "text",
    ) -> Corpus:
        """A Corpus from a string, one sentence per line."""
        _check_tokenizer(tokenizer)
        return _finished(cls._building_text(text, tokenizer, min_count, max_vocab, name))

    @classmethod
    def _building_text(cls, text: str, tokenizer, min_count, max_vocab, name):
        """_building over a string, its tokenizer resolved ("auto" looks at its start)."""
        resolved = detect_tokenizer(text[:_SAMPLE_BYTES]) if tokenizer == "auto" else tokenizer

        def open_pieces():
            import io

            yield from _pieces(io.StringIO(text))

        return (yield from cls._building(open_pieces, resolved, min_count, max_vocab, name, len(text)))

    @classmethod
    def reading(
        cls,
        data: bytes,
        tokenizer: str = "auto",
        min_count: int = 5,
        max_vocab: int | None = None,
        name: str = "text",
        max_bytes: int | None = None,
    ):
        """Uploaded bytes into a Corpus, as a generator for a background job: yields the fraction read
        (0–1) after each block of tokens, returns the Corpus. Raises LabError as read_text does."""
        _check_tokenizer(tokenizer)
        text = read_text(data, max_bytes=max_bytes)
        yield 0.0
        return (yield from cls._building_text(text, tokenizer, min_count, max_vocab, name))

    def __len__(self) -> int:
        return len(self.ids)

    def sentences(self) -> Iterator[np.ndarray]:
        """Each sentence's ids (views into self.ids)."""
        for a, b in zip(self.starts[:-1], self.starts[1:]):
            yield self.ids[a:b]


def load_categories(path) -> dict[str, str]:
    """word -> category from a corpora/*.categories.tsv file: word<TAB>category per line, blank lines
    and lines starting with # skipped. LabError categories_malformed naming the line, or file_*."""
    categories = {}
    for number, line in enumerate(read_text(path).split("\n"), 1):  # a word may hold U+2028, U+0085…
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.removesuffix("\r").split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise LabError("categories_malformed", f"Line {number}: expected word<TAB>category.", line=number)
        categories[parts[0]] = parts[1]
    return categories
