"""The next-word task the lecture's three models share: sentences of word ids, a training part and a
held-out part, one vocabulary.

Every sentence is read as <s> w1 … wn </s>: a model sees <s> and the words so far and gives a probability
to every word of the vocabulary (</s> and <unk> included) as the next one. Words seen fewer than
`min_count` times in training become <unk> (so <unk> is a word the models learn to predict, and a
held-out word outside the vocabulary is <unk> too).

Bounds, the same for the page, the CLI and the bench: at most MAX_TRAIN_TOKENS training words (the start of a
long text), MAX_HELDOUT_TOKENS held-out words, MAX_VOCAB words, and a line longer than MAX_WORDS words cut
into pieces of MAX_WORDS (the Transformer's context is MAX_WORDS + 1 positions).

The fruit world's held-out split: every sentence holding both words of a HELD_OUT pair (绿 + 香蕉: a green
banana) and no other; so the held-out sentences combine words no training sentence combines (lecture C1),
as the translator's test split does (core/translation_corpus.py)."""

from dataclasses import dataclass

import numpy as np

from core.corpus import detect_tokenizer, read_text, tokenize
from core.errors import LabError

BOS, EOS, UNK = "<s>", "</s>", "<unk>"
SPECIALS = (BOS, EOS, UNK)  # ids 0, 1, 2
MAX_WORDS = 31
MAX_VOCAB = 4000
MAX_TRAIN_TOKENS = 200_000
MAX_HELDOUT_TOKENS = 10_000  # scoring all three costs ~1 s per 1,000 words on a busy machine
HELDOUT_FRACTION = 0.1  # of a text's sentences, when no held-out text is given
MAX_READ_BYTES = 8 << 20  # of a text: ample for MAX_TRAIN_TOKENS words in any language
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16/32: a line end is not one byte

# (word, its forms): held-out sentences hold a word of each side of a pair.
HELD_OUT = {
    "zh": (
        (("绿",), ("香蕉",)),
        (("紫",), ("苹果",)),
        (("黄",), ("葡萄",)),
        (("红",), ("柠檬",)),
        (("酸",), ("芒果",)),
    ),
    "en": (
        (("green",), ("banana", "bananas")),
        (("purple",), ("apple", "apples")),
        (("yellow",), ("grape", "grapes")),
        (("red",), ("lemon", "lemons")),
        (("sour",), ("mango", "mangoes")),
    ),
}


@dataclass
class LMData:
    words: list[str]  # id -> word: <s>, </s>, <unk>, then the training words by count
    train: list[np.ndarray]  # sentences of word ids (no <s>, </s>), each ≤ MAX_WORDS
    heldout: list[np.ndarray]
    tokenizer: str  # resolved: words, jieba or chars
    name: str
    heldout_unk: float  # fraction of held-out words outside the vocabulary (<unk>)
    truncated: bool  # the text was longer than MAX_TRAIN_TOKENS: only its start was used

    def __post_init__(self):
        self.index = {w: i for i, w in enumerate(self.words)}

    @property
    def V(self) -> int:
        return len(self.words)

    def encode(self, tokens: list[str]) -> np.ndarray:
        """Word ids, <unk> for words outside the vocabulary. (n,)"""
        unk = self.index[UNK]
        return np.array([self.index.get(w, unk) for w in tokens], dtype=np.int64)

    def tokens(self, text: str) -> list[str]:
        return tokenize(text, self.tokenizer)

    def train_tokens(self) -> int:
        return int(sum(len(s) for s in self.train))

    def heldout_tokens(self) -> int:
        return int(sum(len(s) for s in self.heldout))


def _pieces(tokens: list[str]) -> list[list[str]]:
    return [tokens[i : i + MAX_WORDS] for i in range(0, len(tokens), MAX_WORDS)]


def _tokenised(lines, tokenizer: str, limit: int) -> tuple[list[list[str]], bool]:
    """Sentences (pieces of ≤ MAX_WORDS) of `lines` until `limit` tokens; whether lines were left over."""
    out, n = [], 0
    for line in lines:
        for piece in _pieces(tokenize(line, tokenizer)):
            if n >= limit:
                return out, True
            out.append(piece)
            n += len(piece)
    return out, False


def build(
    train_lines, heldout_lines, tokenizer: str = "auto", min_count: int = 2, name: str = "text"
) -> LMData:
    """The task from lines of training and held-out text. LabError lm_too_small if either part has no
    words, or no word reaches min_count."""
    train_lines = list(train_lines)
    tokenizer = _resolved(tokenizer, train_lines)
    train, truncated = _tokenised(train_lines, tokenizer, MAX_TRAIN_TOKENS)
    heldout, _ = _tokenised(heldout_lines, tokenizer, MAX_HELDOUT_TOKENS)
    return _from_sentences(train, heldout, tokenizer, min_count, name, truncated)


def build_split(
    lines, seed: int = 1, tokenizer: str = "auto", min_count: int = 2, name: str = "text"
) -> LMData:
    """The task from one text: its first MAX_TRAIN_TOKENS + MAX_HELDOUT_TOKENS words, sentence by
    sentence, HELDOUT_FRACTION of the sentences (drawn with `seed`) held out."""
    lines = list(lines)
    tokenizer = _resolved(tokenizer, lines)
    sentences, truncated = _tokenised(lines, tokenizer, MAX_TRAIN_TOKENS + MAX_HELDOUT_TOKENS)
    held = np.zeros(len(sentences), dtype=bool)
    if len(sentences) >= 2:
        n = max(1, round(len(sentences) * HELDOUT_FRACTION))
        held[np.random.default_rng(seed).choice(len(sentences), n, replace=False)] = True
    train = [s for s, h in zip(sentences, held) if not h]
    heldout = [s for s, h in zip(sentences, held) if h]
    return _from_sentences(
        _first(train, MAX_TRAIN_TOKENS),
        _first(heldout, MAX_HELDOUT_TOKENS),
        tokenizer,
        min_count,
        name,
        truncated,
    )


def _first(sentences: list[list[str]], limit: int) -> list[list[str]]:
    """The first sentences holding at most `limit` words in all."""
    n = np.cumsum([len(s) for s in sentences])
    return sentences[: int(np.searchsorted(n, limit, side="right"))]


def _resolved(tokenizer: str, lines: list[str]) -> str:
    return detect_tokenizer("\n".join(lines[:2000])) if tokenizer == "auto" else tokenizer


def _from_sentences(train, heldout, tokenizer, min_count, name, truncated) -> LMData:
    if not train or not heldout:
        raise LabError("lm_too_small", "Too little text: both the training and the held-out part need words.")
    counts: dict[str, int] = {}
    for sentence in train:
        for w in sentence:
            counts[w] = counts.get(w, 0) + 1
    kept = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: -counts[w])
    kept = kept[: MAX_VOCAB - len(SPECIALS)]
    if not kept:
        raise LabError("lm_too_small", f"No word occurs at least {min_count} times.", min_count=min_count)
    data = LMData([*SPECIALS, *kept], [], [], tokenizer, name, 0.0, truncated)
    data.train = [data.encode(s) for s in train]
    data.heldout = [data.encode(s) for s in heldout]
    data.heldout_unk = float(np.mean(np.concatenate(data.heldout) == data.index[UNK]))
    return data


def lines_of(source) -> list[str]:
    """The non-empty lines of a path or uploaded bytes (any encoding core.corpus reads), of their first
    MAX_READ_BYTES only (cut at a line end): far more than the task's words, and memory stays bounded."""
    data = source if isinstance(source, (bytes, bytearray)) else _head(source)
    if len(data) > MAX_READ_BYTES and not data.startswith(_WIDE_BOMS):  # UTF-16/32 are read whole
        data = data[: data.rfind(b"\n", 0, MAX_READ_BYTES) + 1 or MAX_READ_BYTES]
    return [line for line in read_text(bytes(data)).splitlines() if line.strip()]


def _head(path) -> bytes:
    from pathlib import Path

    from core.corpus import _check_path

    _check_path(Path(path), None)
    with open(path, "rb") as f:
        head = f.read(MAX_READ_BYTES + 1)
        return head + f.read() if head.startswith(_WIDE_BOMS) else head


def fruit_split(lines: list[str], lang: str, tokenizer: str) -> tuple[list[str], list[str]]:
    """(training, held-out) lines of the fruit world: held out, every line combining a HELD_OUT pair."""

    def combines(line: str) -> bool:
        tokens = set(tokenize(line, tokenizer))
        return any(tokens & set(a) and tokens & set(b) for a, b in HELD_OUT[lang])

    held = [combines(line) for line in lines]
    return [s for s, h in zip(lines, held) if not h], [s for s, h in zip(lines, held) if h]


def fruit_world(lang: str, min_count: int = 2) -> LMData:
    """The bundled fruit corpus (corpora/apples_<lang>.txt) split by fruit_split."""
    from pathlib import Path

    tokenizer = "jieba" if lang == "zh" else "words"
    path = Path(__file__).resolve().parent.parent / "corpora" / f"apples_{lang}.txt"
    train, heldout = fruit_split(lines_of(path), lang, tokenizer)
    return build(train, heldout, tokenizer, min_count, path.name)
