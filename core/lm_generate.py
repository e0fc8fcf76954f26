"""How a GPT writes: one word at a time, each drawn from the model's distribution for the next word after
temperature and top-k reshape it. Temperature 0 is greedy (always the most probable word); a seed makes
a draw repeatable."""

from dataclasses import dataclass

import numpy as np
import torch

from core.errors import LabError

MAX_NEW = 40


@dataclass
class Step:
    context: list[str]  # <s> and the words so far (the positions attended to)
    candidates: list[tuple[str, float, float]]  # top words: (word, P at temperature 1, P after T and top-k)
    word: str  # the word drawn
    attention: np.ndarray  # (L, H, T, T) self-attention over the context; its last row chose the word


def reshape(logits: torch.Tensor, temperature: float, top_k: int | None) -> torch.Tensor:
    """The distribution the next word is drawn from: softmax(logits / T) over the top-k words only; at
    T = 0 all mass on the argmax. (V,)"""
    if not 0 <= temperature <= 2:
        raise LabError(
            "config_invalid", "temperature must be 0–2", field="temperature", value=temperature, allowed="0–2"
        )
    logits = logits.double()
    if top_k is not None and 0 < top_k < len(logits):
        kth = logits.topk(top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))  # (V,)
    if temperature == 0:
        probs = torch.zeros_like(logits)
        probs[logits.argmax()] = 1.0
        return probs
    return (logits / temperature).softmax(-1)


def generate(
    model,
    data,
    prompt: list[str],
    temperature: float = 1.0,
    top_k: int | None = None,
    seed: int = 0,
    max_new: int = 20,
    shown: int = 8,
) -> list[Step]:
    """Words after `prompt` (tokens; <unk> for unknown ones) until </s> or `max_new` words: one Step each."""
    max_new = max(1, min(max_new, MAX_NEW))
    ids = [0, *data.encode(prompt).tolist()][-model.config.block_size :]
    gen = torch.Generator().manual_seed(seed)
    steps = []
    for _ in range(max_new):
        logits, att = model.step(ids)  # (V,), (L, H, T, T)
        raw, probs = logits.double().softmax(-1), reshape(logits, temperature, top_k)
        chosen = int(torch.multinomial(probs, 1, generator=gen)) if temperature > 0 else int(probs.argmax())
        top = raw.topk(min(shown, len(raw))).indices.tolist()
        if chosen not in top:
            top[-1] = chosen  # the drawn word is always among those shown
        steps.append(
            Step(
                [data.words[i] for i in ids],
                [(data.words[i], float(raw[i]), float(probs[i])) for i in top],
                data.words[chosen],
                att.numpy(),
            )
        )
        if chosen == 1:  # </s>
            break
        ids = (ids + [chosen])[-model.config.block_size :]
    return steps
