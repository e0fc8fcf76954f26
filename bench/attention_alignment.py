"""Does the translator's cross-attention align words, and does attention matter? (run by hand)

    .venv/bin/python bench/attention_alignment.py [--seeds 0 1 2]

For each seed: trains the translator (its step budget; seconds and the machine's load printed), then on
the held-out test set (every sentence holds a combination never seen in training):
  - alignment accuracy: for each English word that has a Chinese counterpart in the word-alignment list
    (core.translation_corpus.ALIGNMENT), is the Chinese word its decoder position reads most (argmax of the
    head-average of a layer's cross-attention) one of its translations? Every layer, the last one first.
  - the ablation table: held-out exact-match accuracy with each head alone, each kind's heads all together
    and everything made uniform (or shuffled), beside the intact model.
Seed 0 is the one the app shows (and the one its numbers were tuned on); the others are reported as they
come out."""

import argparse
import os
import time

import numpy as np

from core.translation import KINDS, parallel_corpus, train_translator
from core.translation_corpus import aligned


def alignment_accuracy(tr, test) -> list[float]:
    """Per decoder layer: the share of aligned English words whose most-read Chinese word translates it."""
    hits, total = np.zeros(tr.model.config.n_dec), 0
    for zh, en in test:
        maps = tr.attention(zh, output=en.split())  # the reference translation, teacher-forced
        gold = aligned(maps.src, maps.tgt)
        best = maps.cross.mean(1).argmax(-1)  # (L, T): head-average, most-read source position
        for i, where in gold.items():
            hits += [b in where for b in best[:, i]]
        total += len(gold)
    return list(hits / total)


def ablation_rows(tr, test):
    """(what, uniform accuracy, shuffled accuracy) rows."""
    c = tr.model.config
    layers = {"encoder": c.n_enc, "decoder": c.n_dec, "cross": c.n_dec}
    specs = [
        (f"{k} L{layer + 1} H{h + 1}", [(k, layer, h)])
        for k in KINDS
        for layer in range(layers[k])
        for h in range(c.n_head)
    ]
    specs += [(f"{k}: all heads", [(k, None, None)]) for k in KINDS]
    specs += [("everything", [(k, None, None) for k in KINDS])]
    return [(what, tr.accuracy(test, spec), tr.accuracy(test, spec, "shuffle")) for what, spec in specs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    for seed in args.seeds:
        train, test = parallel_corpus(seed)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        tr = train_translator(train, seed=seed, max_seconds=600)
        seconds = time.perf_counter() - start
        step = tr.losses[-1][0]
        print(f"\n## seed {seed}: {len(train)} training pairs, {len(test)} held-out sentences")
        print(f"trained {step} steps in {seconds:.1f} s (load average {load:.2f} → {os.getloadavg()[0]:.2f})")
        intact = tr.accuracy(test)
        print(f"held-out exact match: {intact:.1%}")
        per_layer = alignment_accuracy(tr, test)
        cells = ", ".join(f"layer {i + 1}: {a:.1%}" for i, a in enumerate(per_layer))
        print(f"alignment accuracy (head-average argmax vs the word-alignment list): {cells}")
        print("| ablated | uniform | shuffled |\n|---|---|---|")
        print(f"| nothing | {intact:.1%} | {intact:.1%} |")
        for what, uniform, shuffled in ablation_rows(tr, test):
            print(f"| {what} | {uniform:.1%} | {shuffled:.1%} |")


if __name__ == "__main__":
    main()
