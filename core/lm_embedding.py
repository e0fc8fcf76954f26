"""The lecture's linear network (C10) as a next-word predictor: word2vec's CBOW with a left-only window.

h = the sum of the previous `window` words' rows of W (<s> included), scores = W_prime @ h, softmax over
the vocabulary: no bias, no activation — exactly the network of the Why and Train pages, asked for the
next word instead of the middle one. Words with similar contexts get similar rows of W, so a context
the corpus never held still gets an answer (C2)."""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.lm_data import LMData


def contexts(sentence: np.ndarray, window: int, pad: int) -> tuple[np.ndarray, np.ndarray]:
    """(contexts (n+1, window) of <s> and the words so far, `pad` where a sentence has fewer;
    next words (n+1,), </s> last)."""
    seq = np.concatenate([[pad] * (window - 1), [0], sentence])  # pads, <s>, w1 … wn
    ctx = np.lib.stride_tricks.sliding_window_view(seq, window)  # (n+1, window)
    return ctx.astype(np.int64), np.concatenate([sentence, [1]]).astype(np.int64)


class EmbeddingLM(nn.Module):
    name = "embedding"

    def __init__(self, V: int, d: int = 32, window: int = 3):
        super().__init__()
        self.V, self.window = V, window
        self.W = nn.Parameter((torch.rand(V + 1, d) - 0.5) / d)  # (V+1, d) last row: padding, adds nothing
        self.W_prime = nn.Parameter(torch.zeros(V, d))  # (V, d)

    def forward(self, context: torch.Tensor) -> torch.Tensor:
        """context (B, window) ids, V = padding -> scores (B, V)."""
        rows = F.embedding(context, self.W) * (context < self.V).unsqueeze(-1)  # (B, window, d)
        h = rows.sum(1)  # (B, d)
        return h @ self.W_prime.T  # (B, V)

    @torch.no_grad()
    def next_log_probs(self, sentence: np.ndarray) -> torch.Tensor:
        """log P(· | <s> w1 … wi) for i = 0 … n. (n+1, V)"""
        ctx, _ = contexts(sentence, self.window, self.V)
        return self(torch.from_numpy(ctx)).double().log_softmax(-1)


def pairs(data: LMData, window: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Every (context, next word) of the training sentences: (N, window), (N,)."""
    ctx, nxt = zip(*(contexts(s, window, data.V) for s in data.train))
    return torch.from_numpy(np.concatenate(ctx)), torch.from_numpy(np.concatenate(nxt))


def training(
    data: LMData, d: int = 32, window: int = 3, epochs: int = 8, seconds: float = 15.0, seed: int = 1
):
    """Full-softmax cross-entropy, Adam: yields (fraction done, loss of the last batches) after each epoch
    and returns the model. Stops early at `seconds` (checked between batches)."""
    import time

    torch.manual_seed(seed)
    model = EmbeddingLM(data.V, d, window)
    ctx, nxt = pairs(data, window)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    gen, start, batch = torch.Generator().manual_seed(seed), time.perf_counter(), 512
    for epoch in range(epochs):
        order, total, seen = torch.randperm(len(nxt), generator=gen), 0.0, 0
        for a in range(0, len(order), batch):
            idx = order[a : a + batch]
            loss = F.cross_entropy(model(ctx[idx]), nxt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, seen = total + loss.item() * len(idx), seen + len(idx)
            if time.perf_counter() - start > seconds:
                yield 1.0, total / seen
                return model.eval()
        yield (epoch + 1) / epochs, total / seen
    return model.eval()
