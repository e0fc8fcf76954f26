"""C10, C11: word2vec is a network with one hidden layer, no bias and no activation. The hidden layer is
just the sum of the context words' rows of W (= the summed one-hot vectors @ W) and the output layer the
linear map W_prime. `train_cbow` trains that network with an optional non-linearity on the hidden layer,
so the page can measure what ReLU/tanh change (how vectors add) and what they do not (the embedding is
still a table of rows, and its neighbours still come out meaningful)."""

import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.errors import LabError
from core.identity import Agreement, neighbour_agreement
from core.threads import torch_threads
from core.w2v_batches import windows

ACTIVATIONS = {"none": lambda h: h, "relu": torch.relu, "tanh": torch.tanh}


@dataclass
class HiddenLayer:
    context: list[int]  # context word ids
    one_hot_sum: np.ndarray  # (V,) how many times each word is in the context
    via_one_hot: np.ndarray  # (d,) one_hot_sum @ W — the textbook matrix product
    via_rows: np.ndarray  # (d,) the sum of W's context rows — what word2vec actually computes
    output: np.ndarray  # (V,) W_prime @ h: one score per word, a linear map of h


def hidden_layer(model, context_words: list[str]) -> HiddenLayer:
    unknown = [w for w in context_words if w not in model.index]
    if unknown:
        raise LabError(
            "why_unknown_words", f"not in the vocabulary: {', '.join(unknown)}", words=", ".join(unknown)
        )
    if not context_words:
        raise LabError("why_context_empty", "type at least one context word")
    ids = [model.index[w] for w in context_words]
    W, W_prime = model.W.detach(), model.W_prime.detach()  # (V, d), (V, d)
    x = torch.bincount(torch.tensor(ids), minlength=len(model.words)).float()  # (V,)
    h = W[ids].sum(0)  # (d,)
    return HiddenLayer(ids, x.numpy(), (x @ W).numpy(), h.numpy(), (W_prime @ h).numpy())


@dataclass
class NetResult:
    activation: str
    losses: list[float]  # mean cross-entropy per epoch
    agreement: Agreement  # neighbour category check on the learned W
    additivity: float  # mean ‖f(a+b) − (f(a)+f(b))‖ / ‖f(a+b)‖ over random word pairs: 0 = vectors add
    seconds: float
    W: np.ndarray  # (V, d) the learned embedding


def train_cbow(
    corpus,
    categories: dict[str, str],
    activation: str = "none",
    dim: int = 32,
    window: int = 2,
    epochs: int = 10,
    lr: float = 0.01,
    batch: int = 256,
    seed: int = 1,
) -> NetResult:
    """CBOW with a full softmax, trained by autograd + Adam: h = f(sum of the context rows of W),
    scores = W_prime @ h. f is the identity for word2vec, ReLU or tanh for the comparison."""
    with torch_threads(1):
        return _train_cbow(corpus, categories, activation, dim, window, epochs, lr, batch, seed)


def _train_cbow(corpus, categories, activation, dim, window, epochs, lr, batch, seed) -> NetResult:
    if activation not in ACTIVATIONS:
        raise LabError(
            "config_invalid",
            f"activation must be one of {list(ACTIVATIONS)}",
            field="activation",
            value=activation,
            allowed=", ".join(ACTIVATIONS),
        )
    f = ACTIVATIONS[activation]
    V = len(corpus.vocab)
    torch.manual_seed(seed)
    W = ((torch.rand(V + 1, dim) - 0.5) / dim).requires_grad_(True)  # (V+1, d) last row: padding
    W_prime = torch.zeros(V, dim, requires_grad=True)  # (V, d)
    opt = torch.optim.Adam([W, W_prime], lr=lr)
    centre, context = windows(corpus.ids, corpus.starts, window, np.random.default_rng(seed), shrink=False)
    centre = torch.from_numpy(centre.astype(np.int64))  # (N,)
    context = torch.from_numpy(np.where(context < 0, V, context).astype(np.int64))  # (N, 2w) -1 -> pad row
    gen = torch.Generator().manual_seed(seed)
    losses, start = [], time.perf_counter()
    for _ in range(epochs):
        order, total = torch.randperm(len(centre), generator=gen), 0.0
        for a in range(0, len(order), batch):
            idx = order[a : a + batch]
            rows = F.embedding(context[idx], W)  # (B, 2w, d)
            rows = rows * (context[idx] < V).unsqueeze(-1)  # the padding row must add nothing
            h = f(rows.sum(1))  # (B, d)
            loss = F.cross_entropy(h @ W_prime.T, centre[idx])  # scores (B, V)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        losses.append(total / len(centre))
    W_final = W.detach()[:V]  # (V, d)
    return NetResult(
        activation,
        losses,
        neighbour_agreement(W_final, corpus.vocab.words, categories),
        additivity(W_final, f, seed),
        time.perf_counter() - start,
        W_final.numpy().copy(),
    )


def additivity(W: torch.Tensor, f, seed: int = 0, pairs: int = 500) -> float:
    """How far the hidden layer is from adding vectors like forces: mean relative error of
    f(W[a] + W[b]) against f(W[a]) + f(W[b]) over random word pairs (0 for the linear network)."""
    gen = torch.Generator().manual_seed(seed)
    a, b = torch.randint(0, len(W), (2, pairs), generator=gen)  # (P,), (P,)
    both = f(W[a] + W[b])  # (P, d)
    apart = f(W[a]) + f(W[b])  # (P, d)
    return float(((both - apart).norm(dim=1) / both.norm(dim=1).clamp_min(1e-12)).mean())
