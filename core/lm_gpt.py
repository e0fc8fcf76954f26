"""A tiny GPT: a decoder-only causal Transformer in the style of Karpathy's nanoGPT (model.py), small
enough to train in under a minute on one CPU core, written out so every attention weight can be shown.

Token + position embeddings, then `n_layer` blocks of masked self-attention (each position attends to
itself and the positions before it only: the lecture's q, k, v, C15) and a feed-forward network, each
with a residual connection and a LayerNorm before it; the output layer shares its matrix with the token
embedding (weight tying, as GPT-2)."""

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class GPTConfig:
    block_size: int = 32  # longest input: <s> and up to 31 words
    vocab_size: int = 100
    n_layer: int = 2
    n_head: int = 4
    n_embd: int = 64
    dropout: float = 0.1


class CausalSelfAttention(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.n_head = c.n_head
        self.c_attn = nn.Linear(c.n_embd, 3 * c.n_embd)  # q, k, v for all heads in one matrix
        self.c_proj = nn.Linear(c.n_embd, c.n_embd)
        self.attn_dropout, self.resid_dropout = nn.Dropout(c.dropout), nn.Dropout(c.dropout)
        mask = torch.tril(torch.ones(c.block_size, c.block_size, dtype=torch.bool))
        self.register_buffer("mask", mask.view(1, 1, c.block_size, c.block_size), persistent=False)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, T, C) -> (y (B, T, C), weights (B, H, T, T)); computed in full, not through a fused
        kernel, so that the weights are there to show."""
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)  # 3 × (B, T, C)
        q, k, v = (
            a.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for a in (q, k, v)
        )  # (B, H, T, hs)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))  # (B, H, T, T)
        att = att.masked_fill(~self.mask[:, :, :T, :T], float("-inf")).softmax(dim=-1)  # no look ahead
        y = self.attn_dropout(att) @ v  # (B, H, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again
        return self.resid_dropout(self.c_proj(y)), att


class MLP(nn.Sequential):
    def __init__(self, c: GPTConfig):
        super().__init__(
            nn.Linear(c.n_embd, 4 * c.n_embd),
            nn.GELU(),
            nn.Linear(4 * c.n_embd, c.n_embd),
            nn.Dropout(c.dropout),
        )


class Block(nn.Module):
    def __init__(self, c: GPTConfig):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = (
            nn.LayerNorm(c.n_embd),
            CausalSelfAttention(c),
            nn.LayerNorm(c.n_embd),
            MLP(c),
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        y, att = self.attn(self.ln_1(x))
        x = x + y  # (B, T, C)
        return x + self.mlp(self.ln_2(x)), att


class GPT(nn.Module):
    name = "transformer"

    def __init__(self, c: GPTConfig):
        super().__init__()
        self.config = c
        self.wte = nn.Embedding(c.vocab_size, c.n_embd)  # token embeddings: the W of the earlier pages
        self.wpe = nn.Embedding(c.block_size, c.n_embd)  # one learned vector per position
        self.drop = nn.Dropout(c.dropout)
        self.h = nn.ModuleList(Block(c) for _ in range(c.n_layer))
        self.ln_f = nn.LayerNorm(c.n_embd)
        self.lm_head = nn.Linear(c.n_embd, c.vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight  # weight tying
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    def forward(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """idx (B, T) -> (logits (B, T, V), attention weights (L, B, H, T, T))."""
        B, T = idx.shape
        pos = torch.arange(T, device=idx.device)  # (T,)
        x = self.drop(self.wte(idx) + self.wpe(pos))  # (B, T, C)
        weights = []
        for block in self.h:
            x, att = block(x)
            weights.append(att)
        return self.lm_head(self.ln_f(x)), torch.stack(weights)  # (B, T, V), (L, B, H, T, T)

    @torch.no_grad()
    def next_log_probs(self, sentence: np.ndarray) -> torch.Tensor:
        """log P(· | <s> w1 … wi) for i = 0 … n. (n+1, V)"""
        idx = torch.from_numpy(np.concatenate([[0], sentence]).astype(np.int64))[None]  # (1, n+1)
        return self(idx)[0][0].log_softmax(-1).double()

    @torch.no_grad()
    def next_log_probs_many(self, sentences: list[np.ndarray], batch: int = 16):
        """next_log_probs of each sentence, computed `batch` sentences at a time (padded on the right: the
        causal mask keeps padding out of every real position)."""
        for a in range(0, len(sentences), batch):
            chunk = sentences[a : a + batch]
            idx = torch.ones(
                len(chunk), max(len(s) for s in chunk) + 1, dtype=torch.int64
            )  # (B, T) </s> pads
            for b, s in enumerate(chunk):
                idx[b, 0], idx[b, 1 : len(s) + 1] = 0, torch.from_numpy(s.astype(np.int64))
            logits = self(idx)[0].log_softmax(-1)  # (B, T, V) float32: a batch of 16 × 32 × 4,000 is 8 MB
            yield from (logits[b, : len(s) + 1].double() for b, s in enumerate(chunk))

    @torch.no_grad()
    def step(self, ids: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
        """The next word after `ids` (<s> first; the last block_size kept): (logits (V,), attention weights
        of the last position's context (L, H, T, T))."""
        idx = torch.tensor(ids[-self.config.block_size :], dtype=torch.int64)[None]  # (1, T)
        logits, att = self(idx)  # (1, T, V), (L, 1, H, T, T)
        return logits[0, -1], att[:, 0]


def batches(data, block_size: int, batch: int, gen: torch.Generator):
    """Random batches of training sentences: (inputs <s> w… (B, T), targets w… </s> (B, T), −1 = padding)."""
    sentences = data.train
    while True:
        chosen = [sentences[i] for i in torch.randint(len(sentences), (batch,), generator=gen).tolist()]
        T = min(max(len(s) for s in chosen) + 1, block_size)
        x = torch.ones(batch, T, dtype=torch.int64)  # (B, T) </s> pads the inputs (never a target there)
        y = torch.full((batch, T), -1, dtype=torch.int64)  # (B, T)
        for b, s in enumerate(chosen):
            s = torch.from_numpy(s.astype(np.int64))[: T - 1]
            x[b, 0], x[b, 1 : len(s) + 1] = 0, s
            y[b, : len(s)], y[b, len(s)] = s, 1
        yield x, y


def training(
    data, config: GPTConfig, steps: int = 1500, seconds: float = 40.0, seed: int = 1, report: int = 25
):
    """AdamW on random batches of 32 sentences: yields (fraction done, mean loss of the last `report` steps)
    every `report` steps and at the end; returns the model, its `steps` the steps taken. Stops early at
    `seconds`."""
    import time

    torch.manual_seed(seed)
    model = GPT(config)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    gen, start, losses = torch.Generator().manual_seed(seed), time.perf_counter(), []
    model.train()
    for step, (x, y) in zip(range(1, steps + 1), batches(data, config.block_size, 32, gen)):
        logits, _ = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        over = time.perf_counter() - start > seconds
        if step % report == 0 or over or step == steps:
            yield (1.0 if over else step / steps), float(np.mean(losses[-report:]))
        if over:
            break
    model.steps = len(losses)
    return model.eval()
