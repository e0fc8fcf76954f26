"""C1, C2: a lookup table only answers for the keys it holds; an embedding answers beyond them.
The table here is the honest rival of CBOW: context words -> the centre words seen between them in the
corpus. The embedding answers the same question by adding the context rows of W and decoding with
W_prime, and it can also answer questions no table has a key for (a point between 红 and 绿)."""

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.errors import LabError

Key = tuple[tuple[str, ...], tuple[str, ...]]  # (left context, right context), nearest word last / first


@dataclass
class LookupTable:
    window: int
    table: dict[Key, Counter]  # context -> counts of the centre words seen there

    @classmethod
    def from_corpus(cls, corpus, window: int = 2) -> "LookupTable":
        """Every (left, right) context of up to `window` words per side, cut at sentence ends."""
        words = corpus.vocab.words
        table: dict[Key, Counter] = defaultdict(Counter)
        for sentence in corpus.sentences():
            tokens = [words[i] for i in sentence]
            for pos, centre in enumerate(tokens):
                key = (tuple(tokens[max(0, pos - window) : pos]), tuple(tokens[pos + 1 : pos + 1 + window]))
                table[key][centre] += 1
        return cls(window, dict(table))

    def __len__(self) -> int:
        return len(self.table)

    def key(self, left: list[str], right: list[str]) -> Key:
        return tuple(left[max(0, len(left) - self.window) :]), tuple(right[: self.window])

    def answer(self, left: list[str], right: list[str], k: int = 5) -> list[tuple[str, float]] | None:
        """The centre words seen in exactly this context with their frequencies, or None: no such key."""
        counts = self.table.get(self.key(left, right))
        if counts is None:
            return None
        total = sum(counts.values())
        return [(w, n / total) for w, n in counts.most_common(k)]


def _ids(model, tokens: list[str]) -> list[int]:
    unknown = [w for w in tokens if w not in model.index]
    if unknown:
        raise LabError(
            "why_unknown_words", f"not in the vocabulary: {', '.join(unknown)}", words=", ".join(unknown)
        )
    return [model.index[w] for w in tokens]


def embedding_answer(model, left: list[str], right: list[str], k: int = 5) -> list[tuple[str, float]]:
    """CBOW's answer for the blank: softmax(W_prime @ sum of the context rows of W), top k."""
    context = left[-model.config.window :] + right[: model.config.window]
    if not context:
        raise LabError("why_context_empty", "type at least one context word")
    probs = model.decode(model.hidden(_ids(model, context)))  # (V,)
    top = probs.topk(min(k, len(model.words)))
    return [(model.words[i], float(p)) for p, i in zip(top.values, top.indices.tolist())]


def blend(model, words: list[str], k: int = 5) -> list[tuple[str, float]]:
    """The point halfway between `words` in W (their mean row) and its k nearest words by cosine,
    the inputs excluded: no table has a key for "between 红 and 绿", the embedding still has an answer."""
    ids = _ids(model, words)
    if not ids:
        raise LabError("why_context_empty", "type at least one word")
    W = model.W.detach().double()  # (V, d)
    point = W[ids].mean(0)  # (d,)
    sim = F.normalize(W, dim=1) @ F.normalize(point, dim=0)  # (V,) cosine
    sim[ids] = -torch.inf
    top = sim.topk(min(k, len(model.words) - len(ids)))
    return [(model.words[i], float(s)) for s, i in zip(top.values, top.indices.tolist())]


def one_hot(i: int, V: int) -> torch.Tensor:
    """The V-dimensional one-hot vector of token i. (V,)"""
    x = torch.zeros(V)
    x[i] = 1.0
    return x


def one_hot_times_W(model, word: str) -> tuple[np.ndarray, np.ndarray]:
    """one_hot(word) @ W and W's row of the word: the same d numbers (the matrix product only selects
    a row, which is why an embedding layer is a lookup of rows). Returns two (d,) arrays."""
    i = _ids(model, [word])[0]
    W = model.W.detach()  # (V, d)
    return (one_hot(i, len(model.words)) @ W).numpy(), W[i].numpy()  # (d,), (d,)
