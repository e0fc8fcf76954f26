"""A tiny encoder–decoder Transformer (lecture C13), written out so every attention weight can be shown.

The encoder (left of the figure) reads the Chinese sentence; the decoder (right) reads the English words
so far and predicts the next one. Both sides first turn tokens into vectors with an embedding matrix
(W_src, W_tgt) that trains with the rest. Attention is the lecture's q, k, v (C15), computed in full
rather than through a fused kernel, so its weights are there to return.
"""

import math
from dataclasses import dataclass, field

import torch
from torch import nn


@dataclass
class TransformerConfig:
    d: int = 48  # width of every word vector (d_model)
    n_head: int = 4
    d_ff: int = 96  # hidden width of the feed-forward blocks
    n_enc: int = 2  # encoder layers
    n_dec: int = 2  # decoder layers
    max_len: int = 16  # positions (longest sentence + <bos>/<eos>)
    dropout: float = 0.1


KINDS = ("encoder", "decoder", "cross")  # encoder self-attention, decoder masked self-attention, cross


@dataclass
class Probe:
    """What one forward pass records from, and changes in, its attention modules (each named (kind, layer)).
    ablate: {(kind, layer): {head: "uniform" | "shuffle"}} — "uniform": every key the mask allows weighs
    the same; "shuffle": each row's weights permuted at random among its allowed keys. keep: record each
    module's q, k, v and (possibly ablated) weights in `seen`, (B, H, T, ·) tensors."""

    ablate: dict = field(default_factory=dict)
    keep: bool = False
    seen: dict = field(default_factory=dict)
    generator: torch.Generator = field(default_factory=lambda: torch.Generator().manual_seed(0))

    def apply(self, name, q, k, v, weights, mask):
        """weights (B, H, Tq, Tk) with this module's heads ablated; records them if asked."""
        heads = self.ablate.get(name)
        if heads:
            allowed = (~mask).expand(weights.shape[0], weights.shape[2], weights.shape[3])  # (B, Tq, Tk)
            weights = weights.clone()
            for h, mode in heads.items():
                uniform = mode == "uniform"
                weights[:, h] = _uniform(allowed) if uniform else _shuffle(weights[:, h], allowed, self)
        if self.keep:
            self.seen[name] = dict(q=q, k=k, v=v, weights=weights)
        return weights


def _uniform(allowed):
    a = allowed.to(torch.float32)  # (B, Tq, Tk)
    return a / a.sum(-1, keepdim=True)


def _shuffle(w, allowed, probe):
    """Each row of w (B, Tq, Tk) permuted at random among its allowed keys (masked keys stay 0)."""
    key = torch.rand(w.shape, generator=probe.generator).masked_fill(~allowed, math.inf)
    order = key.argsort(-1)  # the allowed keys in random order, then the masked ones
    index = torch.arange(w.shape[-1]).expand_as(w).to(torch.float32).masked_fill(~allowed, math.inf)
    natural = index.argsort(-1)  # the allowed keys in order, then the masked ones
    return torch.zeros_like(w).scatter(-1, order, w.gather(-1, natural))


class Attention(nn.Module):
    """Multi-head attention: softmax(q kᵀ / √d_k + mask) v, heads concatenated and mixed by W_O."""

    def __init__(self, d: int, n_head: int, dropout: float, name: tuple[str, int] | None = None):
        super().__init__()
        self.n_head, self.d_k, self.name = n_head, d // n_head, name
        self.W_Q, self.W_K, self.W_V, self.W_O = (nn.Linear(d, d) for _ in range(4))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, memory, mask, probe: Probe | None = None):
        """x (B, Tq, d) asks, memory (B, Tk, d) answers; mask (B or 1, 1 or Tq, Tk) True = hidden.
        Returns (out (B, Tq, d), weights (B, H, Tq, Tk)); a `probe` may record or ablate them."""
        B, Tq, d = x.shape
        Tk = memory.shape[1]
        q = self.W_Q(x).view(B, Tq, self.n_head, self.d_k).transpose(1, 2)  # (B, H, Tq, d_k)
        k = self.W_K(memory).view(B, Tk, self.n_head, self.d_k).transpose(1, 2)  # (B, H, Tk, d_k)
        v = self.W_V(memory).view(B, Tk, self.n_head, self.d_k).transpose(1, 2)  # (B, H, Tk, d_k)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)  # (B, H, Tq, Tk)
        weights = scores.masked_fill(mask.unsqueeze(1), float("-inf")).softmax(-1)  # (B, H, Tq, Tk)
        if probe is not None:
            weights = probe.apply(self.name, q, k, v, weights, mask)
        out = (self.drop(weights) @ v).transpose(1, 2).reshape(B, Tq, d)  # (B, Tq, d)
        return self.W_O(out), weights


class FeedForward(nn.Sequential):
    def __init__(self, d: int, d_ff: int, dropout: float):
        super().__init__(nn.Linear(d, d_ff), nn.ReLU(), nn.Linear(d_ff, d), nn.Dropout(dropout))


class EncoderLayer(nn.Module):
    """Self-attention over the Chinese words, then a feed-forward block; each with a residual (pre-norm)."""

    def __init__(self, c: TransformerConfig, layer: int = 0):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(c.d), nn.LayerNorm(c.d)
        self.self_attn = Attention(c.d, c.n_head, c.dropout, ("encoder", layer))
        self.ff = FeedForward(c.d, c.d_ff, c.dropout)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x, pad_mask, probe=None):
        h = self.norm1(x)
        x = x + self.drop(self.self_attn(h, h, pad_mask, probe)[0])  # (B, S, d)
        return x + self.ff(self.norm2(x))


class DecoderLayer(nn.Module):
    """Masked self-attention over the English so far, cross-attention to the encoder, feed-forward."""

    def __init__(self, c: TransformerConfig, layer: int = 0):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(c.d) for _ in range(3))
        self.self_attn = Attention(c.d, c.n_head, c.dropout, ("decoder", layer))
        self.cross_attn = Attention(c.d, c.n_head, c.dropout, ("cross", layer))
        self.ff = FeedForward(c.d, c.d_ff, c.dropout)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, y, memory, causal_mask, src_pad_mask, probe=None):
        """Returns (y (B, T, d), cross-attention weights (B, H, T, S))."""
        h = self.norm1(y)
        y = y + self.drop(self.self_attn(h, h, causal_mask, probe)[0])  # (B, T, d)
        # q from the English, k and v from the Chinese
        out, cross = self.cross_attn(self.norm2(y), memory, src_pad_mask, probe)
        y = y + self.drop(out)
        return y + self.ff(self.norm3(y)), cross


class TinyTransformer(nn.Module):
    def __init__(self, n_src: int, n_tgt: int, c: TransformerConfig, pad: int = 0):
        super().__init__()
        self.config, self.pad = c, pad
        self.W_src = nn.Embedding(n_src, c.d)  # Chinese word vectors, learned (C13)
        self.W_tgt = nn.Embedding(n_tgt, c.d)  # English word vectors, learned
        self.W_pos = nn.Embedding(c.max_len, c.d)  # one learned vector per position, shared by both sides
        self.encoder = nn.ModuleList(EncoderLayer(c, i) for i in range(c.n_enc))
        self.decoder = nn.ModuleList(DecoderLayer(c, i) for i in range(c.n_dec))
        self.norm_enc, self.norm_dec = nn.LayerNorm(c.d), nn.LayerNorm(c.d)
        self.out = nn.Linear(c.d, n_tgt)  # the next English word's logits
        self.drop = nn.Dropout(c.dropout)

    def _embed(self, W, ids):
        pos = torch.arange(ids.shape[1], device=ids.device)
        return self.drop(W(ids) * math.sqrt(self.config.d) + self.W_pos(pos))  # (B, T, d)

    def encode(self, src, probe: Probe | None = None):
        """src (B, S) ids → (memory (B, S, d), src_pad_mask (B, 1, S))."""
        pad_mask = (src == self.pad).unsqueeze(1)  # (B, 1, S)
        x = self._embed(self.W_src, src)
        for layer in self.encoder:
            x = layer(x, pad_mask, probe)
        return self.norm_enc(x), pad_mask

    def decode(self, tgt_in, memory, src_pad_mask, probe: Probe | None = None):
        """tgt_in (B, T) ids starting with <bos> → (logits (B, T, n_tgt), cross weights per layer
        [(B, H, T, S)])."""
        T = tgt_in.shape[1]
        causal = torch.ones(T, T, dtype=torch.bool, device=tgt_in.device).triu(1).unsqueeze(0)  # (1, T, T)
        y = self._embed(self.W_tgt, tgt_in)
        crosses = []
        for layer in self.decoder:
            y, cross = layer(y, memory, causal, src_pad_mask, probe)
            crosses.append(cross)
        return self.out(self.norm_dec(y)), crosses

    def forward(self, src, tgt_in):
        memory, pad_mask = self.encode(src)
        return self.decode(tgt_in, memory, pad_mask)[0]  # (B, T, n_tgt)
