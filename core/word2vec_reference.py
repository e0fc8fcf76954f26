"""word2vec one example at a time, exactly as the lecture draws it: the specification of core.word2vec.

No batches, no threads, no speed tricks. For every window of the corpus, in order:

    CBOW       h = Σ W[context]          predicts the centre word         (one example per window)
    skip-gram  h = W[centre]             predicts each context word       (one example per context word)

    scores = W_prime @ h   →   compare with the true word   →   one SGD step on W_prime and on W

The comparison is the full softmax's cross-entropy, or negative sampling: "is this the true word (1) or one
of k random words (0)?", each a sigmoid, k words drawn for every example (every (centre, context) pair of
skip-gram); a random word that happens to be the true word is skipped, as in word2vec's C code.
tests/test_w2v_kernel.py checks that core.word2vec's compiled trainer takes the same steps, and
tests/test_word2vec_reference.py that it learns vectors as good on small corpora.
"""

from dataclasses import dataclass

import numpy as np
import torch

from core.corpus import Corpus
from core.errors import LabError
from core.w2v_batches import keep_probabilities, unigram_table
from core.word2vec import Config, Word2Vec, build


def sgd_example(model: Word2Vec, inputs: list[int], target: int, negatives: list[int], alpha: float) -> float:
    """One SGD step on one example: h = the sum (or mean) of W[inputs] predicts `target`.
    Returns the example's loss before the step."""
    W, W_prime, cfg = model.W, model.W_prime, model.config
    rows = W[inputs]  # (C, d)
    h = rows.mean(0) if cfg.cbow_mean else rows.sum(0)  # (d,) the hidden layer
    if cfg.softmax:  # compare with every word: the true one should win
        outputs = torch.arange(len(W_prime))  # (V,)
        scores = W_prime @ h  # (V,) decode
        probs = torch.softmax(scores, dim=0)
        loss = -torch.log(probs[target])
        error = probs.clone()  # dloss/dscores = probs - one_hot(target)
        error[target] -= 1
    else:  # true word: 1; each negative drawn: 0
        outputs = torch.tensor([target] + [j for j in negatives if j != target])  # (1 + k,)
        labels = torch.zeros(len(outputs))
        labels[0] = 1
        scores = W_prime[outputs] @ h  # (1 + k,) decode only these words
        loss = torch.nn.functional.softplus(-scores[0]) + torch.nn.functional.softplus(scores[1:]).sum()
        error = torch.sigmoid(scores) - labels  # dloss/dscores
    grad_h = error @ W_prime[outputs]  # (d,)
    W_prime.index_add_(0, outputs, torch.outer(error, h), alpha=-alpha)
    # h takes one SGD step, shared by the words it is made of: it moves by exactly -alpha * grad_h
    share = 1.0 if cfg.cbow_mean else 1.0 / len(inputs)
    W.index_add_(0, torch.tensor(inputs), grad_h.expand(len(inputs), -1), alpha=-alpha * share)
    return float(loss)


def train(corpus: Corpus, config: Config) -> Word2Vec:
    """Train a model one example at a time (word2vec's subsampling, shrunk windows and linearly decaying
    learning rate); starts from the same W and W_prime as core.word2vec.build."""
    model = build(corpus, config)
    rng = np.random.default_rng(config.seed)
    keep = keep_probabilities(corpus.vocab.counts, config.sample)
    table = _table(model)
    total, done = config.epochs * len(corpus.ids), 0
    for _ in range(config.epochs):
        for sentence in corpus.sentences():
            alpha = max(config.min_alpha, config.alpha - (config.alpha - config.min_alpha) * done / total)
            done += len(sentence)
            words = [int(w) for w in sentence if rng.random() < keep[w]]  # subsampling
            for i, centre in enumerate(words):
                b = int(rng.integers(1, config.window + 1))  # the shrunk window
                context = words[max(0, i - b) : i] + words[i + 1 : i + b + 1]
                if config.arch == "cbow" and context:
                    sgd_example(model, context, centre, _draw(table, rng, config), alpha)
                elif config.arch == "skipgram":
                    for word in context:
                        sgd_example(model, [centre], word, _draw(table, rng, config), alpha)
    return model


def _draw(table: np.ndarray, rng: np.random.Generator, config: Config) -> list[int]:
    """k negatives from the unigram^0.75 table (none for the full softmax)."""
    return [] if config.softmax else table[rng.integers(len(table), size=config.negative)].tolist()


# ---------------------------------------------------------------- one window, shown step by step (the Train
# page)


@dataclass
class StepResult:
    centre: int  # vocabulary id of the centre word
    context: list[int]  # vocabulary ids of the context words (window order)
    window_tokens: list[str]  # the window's words, centre included, in sentence order
    blank: list[int]  # positions in window_tokens hidden from the model
    context_vectors: np.ndarray  # (C, d) the context words' W rows (before the update)
    hidden: np.ndarray  # (d,) CBOW: their sum (or mean); skip-gram: W[centre]
    probs: np.ndarray  # (V,) softmax(W_prime @ hidden) before the update
    loss: float  # the window's loss, summed over its examples as they were trained
    negatives: list[int]  # negative words drawn, k per example: CBOW's one, or skip-gram's context words in
    # order (negatives[j*k:(j+1)*k] serve context[j]); empty for softmax
    changed_W: list[int]  # rows of W the update changed
    changed_W_prime: list[int]  # rows of W_prime the update changed


def step(model: Word2Vec, corpus: Corpus, rng: np.random.Generator, alpha: float | None = None) -> StepResult:
    """Draw one window from the corpus (no subsampling), train on it with sgd_example, and show everything:
    CBOW predicts the centre from the context sum; skip-gram predicts each context word from the centre,
    one example after the other, each against k negatives of its own."""
    cfg = model.config
    alpha = cfg.alpha if alpha is None else alpha
    starts = corpus.starts
    usable = np.flatnonzero(np.diff(starts) >= 2)
    if len(usable) == 0:
        raise LabError("corpus_too_short", "No sentence has two or more known words.")
    s = int(rng.choice(usable))
    i = int(rng.integers(starts[s], starts[s + 1]))  # centre position
    b = int(rng.integers(1, cfg.window + 1))  # word2vec's shrunk window
    lo, hi = max(int(starts[s]), i - b), min(int(starts[s + 1]), i + b + 1)
    ids = [int(x) for x in corpus.ids[lo:hi]]
    c = i - lo
    centre, context = ids[c], ids[:c] + ids[c + 1 :]
    draws = [_draw(_table(model), rng, cfg) for _ in ([centre] if cfg.arch == "cbow" else context)]
    W0, W_prime0 = model.W.clone(), model.W_prime.clone()
    h = model.hidden(context if cfg.arch == "cbow" else [centre])  # (d,) before the step
    probs = model.decode(h)  # (V,)
    if cfg.arch == "cbow":
        loss = sgd_example(model, context, centre, draws[0], alpha)
    else:
        loss = sum(sgd_example(model, [centre], word, negs, alpha) for word, negs in zip(context, draws))
    return StepResult(
        centre=centre,
        context=context,
        window_tokens=[model.words[x] for x in ids],
        blank=[c] if cfg.arch == "cbow" else [j for j in range(len(ids)) if j != c],
        context_vectors=W0[context].numpy(),
        hidden=h.numpy(),
        probs=probs.numpy(),
        loss=loss,
        negatives=[j for negs in draws for j in negs],
        changed_W=torch.nonzero((model.W != W0).any(1)).flatten().tolist(),
        changed_W_prime=torch.nonzero((model.W_prime != W_prime0).any(1)).flatten().tolist(),
    )


def _table(model: Word2Vec) -> np.ndarray:
    """The model's unigram^0.75 table, made once."""
    if getattr(model, "_unigram", None) is None:
        model._unigram = unigram_table(model.counts)
    return model._unigram
