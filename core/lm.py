"""The lecture's arc, measured: a lookup table (C1), the linear embedding network (C10) and a tiny GPT
(C12–C15) trained on the same sentences and scored on the same held-out ones.

Perplexity, one function for all three: exp of the mean of −log P(next word | <s> and the words before it)
over every held-out word and each sentence's </s>. Each model gives its full distribution over the same
vocabulary (`next_log_probs`), so the three numbers are comparable: a model that knew nothing (uniform)
scores V, one that was always sure and right scores 1.

    python -m core.lm TRAIN.txt [--eval HELDOUT.txt] [--seconds 45] [--seed 1] [--min-count 2]
        [--tokenizer auto|words|jieba|chars]

Without --eval, 10 % of the sentences (drawn with the seed) are held out. A progress line goes to stderr, the
table to stdout; its last line is `perplexity lookup=X embedding=Y transformer=Z`. Bad input: one line on
stderr, exit code 2."""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from core import cli, lm_embedding, lm_gpt
from core.errors import LabError
from core.lm_data import MAX_WORDS, LMData
from core.lm_lookup import LookupLM
from core.threads import torch_threads

MODELS = ("lookup", "embedding", "transformer")
SECONDS = 45.0  # the training budget of the three together (the Transformer gets what the others leave)
EMBEDDING_SHARE = 0.25  # of the budget, at most, for the embedding network
ORDER = 3  # context words of the lookup table and the embedding network alike
GPT_STEPS = 600  # the fruit world's training loss is flat after ~300 (bench/lecture_arc.py)


def nll(model, sentences: list[np.ndarray]) -> tuple[float, int]:
    """(sum of −log P(next word | the words before it), number of next words) over `sentences`."""
    total, count = 0.0, 0
    many = getattr(model, "next_log_probs_many", None)  # the same rows, batched (the GPT)
    for s, rows in zip(sentences, many(sentences) if many else map(model.next_log_probs, sentences)):
        targets = np.concatenate([s, [1]]).astype(np.int64)  # w1 … wn </s>; rows (n+1, V)
        total -= float(rows[np.arange(len(targets)), targets].sum())
        count += len(targets)
    return total, count


def perplexity(model, sentences: list[np.ndarray]) -> float:
    total, count = nll(model, sentences)
    return math.exp(total / count)


@dataclass
class Progress:
    stage: str  # one of MODELS, or "eval"
    fraction: float  # of the whole run, 0–1
    loss: float | None
    seconds: float


@dataclass(eq=False)  # hashed by identity: pages memoise views per Arc
class Arc:
    data: LMData
    models: dict  # name -> model
    perplexity: dict[str, float]
    unseen: float  # held-out next-word positions whose context the lookup table never saw
    losses: dict[str, list[float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cut_short: bool = False  # the Transformer's budget ran out before its last step


def gpt_config(data: LMData) -> lm_gpt.GPTConfig:
    longest = max(len(s) for s in data.train)
    return lm_gpt.GPTConfig(block_size=min(longest, MAX_WORDS) + 1, vocab_size=data.V)


def training(data: LMData, seconds: float = SECONDS, seed: int = 1, gpt_steps: int = GPT_STEPS):
    """Train the three and score them: yields Progress, returns an Arc. One thread (the machine is a
    class's); the budget `seconds` covers the training, scoring comes after."""
    with torch_threads(1):
        start = time.perf_counter()
        losses, took = {m: [] for m in MODELS}, {}
        lookup = LookupLM(data, ORDER)
        took["lookup"] = time.perf_counter() - start
        yield Progress("lookup", 0.02, None, took["lookup"])
        t0 = time.perf_counter()
        run = lm_embedding.training(data, window=ORDER, seconds=seconds * EMBEDDING_SHARE, seed=seed)
        embedding = yield from _follow(run, "embedding", 0.02, 0.2, losses, start)
        took["embedding"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        left = max(seconds - (t0 - start), 1.0)
        run = lm_gpt.training(data, gpt_config(data), gpt_steps, left, seed)
        gpt = yield from _follow(run, "transformer", 0.2, 0.9, losses, start)
        took["transformer"] = time.perf_counter() - t0
        models = {"lookup": lookup, "embedding": embedding, "transformer": gpt}
        scores = {}
        for i, (name, model) in enumerate(models.items()):
            scores[name] = perplexity(model, data.heldout)
            yield Progress("eval", 0.9 + 0.1 * (i + 1) / 3, None, time.perf_counter() - start)
        return Arc(
            data, models, scores, lookup.unseen_fraction(data.heldout), losses, took, gpt.steps < gpt_steps
        )


def _follow(run, stage: str, lo: float, hi: float, losses: dict, start: float):
    """Relay a model's (fraction, loss) reports as Progress; returns the model."""
    while True:
        try:
            fraction, loss = next(run)
        except StopIteration as end:
            return end.value
        losses[stage].append(loss)
        yield Progress(stage, lo + (hi - lo) * fraction, loss, time.perf_counter() - start)


# ---------------------------------------------------------------- CLI


def _parser() -> argparse.ArgumentParser:
    p = cli.Parser(
        prog="python -m core.lm",
        description="Lookup table, embedding network and a tiny GPT, "
        "trained on one text and scored on held-out sentences (perplexity).",
    )
    p.add_argument("train", help="text file, one sentence per line (UTF-8, UTF-16 with BOM, GBK/GB18030)")
    p.add_argument("--eval", help="held-out text file (default: 10 %% of the training file's sentences)")
    p.add_argument("--seconds", type=float, default=SECONDS, help="training budget of the three together")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--min-count", type=int, default=2)
    p.add_argument("--tokenizer", choices=("auto", "words", "jieba", "chars"), default="auto")
    return p


def load(train: str, heldout: str | None, tokenizer: str, min_count: int, seed: int) -> LMData:
    from pathlib import Path

    from core import lm_data

    lines, name = lm_data.lines_of(train), Path(train).name
    if heldout is None:
        return lm_data.build_split(lines, seed, tokenizer, min_count, name)
    return lm_data.build(lines, lm_data.lines_of(heldout), tokenizer, min_count, name)


def table(arc: Arc) -> str:
    d = arc.data
    rows = [
        f"{d.name}: {d.train_tokens():,} training words, {d.heldout_tokens():,} held-out words, "
        f"vocabulary {d.V:,} ({d.heldout_unk:.1%} of held-out words outside it), tokenizer {d.tokenizer}",
        f"{'model':<12} {'perplexity':>11} {'seconds':>8}",
    ]
    rows += [f"{m:<12} {arc.perplexity[m]:>11.2f} {arc.seconds[m]:>8.1f}" for m in MODELS]
    rows.append(f"unseen contexts (lookup table, {ORDER} words): {arc.unseen:.1%} of held-out positions")
    if arc.cut_short:
        rows.append("the Transformer's time budget ran out before its last training step")
    rows.append("perplexity " + " ".join(f"{m}={arc.perplexity[m]:.2f}" for m in MODELS))
    return "\n".join(rows)


def run(argv: list[str] | None = None) -> str:
    a = _parser().parse_args(argv)
    if not 1 <= a.seconds <= 3600:
        raise LabError("cli_usage", "--seconds must be between 1 and 3600")
    if not 1 <= a.min_count <= 1000:
        raise LabError("cli_usage", "--min-count must be between 1 and 1000")
    data = load(a.train, a.eval, a.tokenizer, a.min_count, a.seed)
    run = training(data, a.seconds, a.seed)
    while True:
        try:
            p = next(run)
        except StopIteration as end:
            arc = end.value
            break
        print(f"\r{p.stage:<12} {p.fraction:4.0%} {p.seconds:5.1f} s", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return table(arc)


def main(argv: list[str] | None = None) -> int:
    return cli.main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
