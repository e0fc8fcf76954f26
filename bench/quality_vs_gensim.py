"""Ours vs gensim on the same real English corpus, same settings, one run: WordSim-353 Spearman,
Google-analogy accuracy and words/s for skip-gram and CBOW (negative sampling).

    python bench/prepare_corpus.py            # once: builds bench/data/
    python bench/quality_vs_gensim.py [--corpus bench/data/gcide.txt] [--threads 2]

Both trainers see the same tokens (our tokenizer, words below min_count already removed) and are scored
by the same gensim evaluators. words/s = corpus tokens × epochs ÷ training seconds."""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from gensim.models import KeyedVectors  # noqa: E402
from gensim.models import Word2Vec as GensimWord2Vec

from core.corpus import Corpus  # noqa: E402
from core.word2vec import Config, build, train_all  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
SETTINGS = dict(dim=100, window=5, negative=5, epochs=5, min_count=5, sample=1e-3)


def evaluate(words: list[str], vectors: np.ndarray) -> tuple[float, float]:
    """(WordSim-353 Spearman, Google-analogy accuracy) by gensim's evaluators (case-insensitive)."""
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    spearman = kv.evaluate_word_pairs(str(DATA / "wordsim353.tsv"))[1].statistic
    accuracy = kv.evaluate_word_analogies(str(DATA / "questions-words.txt"))[0]
    return float(spearman), float(accuracy)


def run_ours(corpus: Corpus, arch: str, threads: int, seed: int, cbow_mean: bool):
    cfg = Config(arch=arch, threads=threads, seed=seed, cbow_mean=cbow_mean, **SETTINGS)
    model = build(corpus, cfg)
    t = time.perf_counter()
    train_all(model, corpus)
    seconds = time.perf_counter() - t
    return model.words, model.vectors(), seconds


def run_gensim(corpus: Corpus, arch: str, threads: int, seed: int, cbow_mean: bool):
    words = corpus.vocab.words
    sentences = [[words[i] for i in s] for s in corpus.sentences()]
    m = GensimWord2Vec(
        vector_size=SETTINGS["dim"],
        window=SETTINGS["window"],
        negative=SETTINGS["negative"],
        min_count=SETTINGS["min_count"],
        sample=SETTINGS["sample"],
        sg=int(arch == "skipgram"),
        hs=0,
        cbow_mean=int(cbow_mean),
        workers=threads,
        seed=seed,
    )
    m.build_vocab(sentences)
    t = time.perf_counter()
    m.train(sentences, total_examples=len(sentences), epochs=SETTINGS["epochs"])
    seconds = time.perf_counter() - t
    return list(m.wv.index_to_key), m.wv.vectors, seconds


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=str(DATA / "gcide.txt"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--arch", nargs="+", default=["skipgram", "cbow"])
    p.add_argument(
        "--ours-cbow-mean",
        action="store_true",
        help="our CBOW averages too (exact gradient: each context word gets 1/C of it, so it learns slower)",
    )
    a = p.parse_args()
    corpus = Corpus.from_path(a.corpus, tokenizer="words", min_count=SETTINGS["min_count"])
    n = len(corpus.ids) * SETTINGS["epochs"]
    print(
        f"corpus {Path(a.corpus).name}: {len(corpus.ids):,} tokens, vocabulary {len(corpus.vocab):,}; "
        f"{SETTINGS}, threads {a.threads}, seed {a.seed}"
    )
    print(f"{'arch':9} {'who':12} {'WordSim':>8} {'analogy':>8} {'words/s':>10} {'seconds':>8}")
    for arch in a.arch:
        rows = {}
        # CBOW: gensim's default averages the context (with word2vec's inexact update: every context word gets
        # the full error); ours sums it as the lecture does, with the exact gradient. gensim summing is shown
        # too.
        runs = [("gensim", run_gensim, arch == "cbow"), ("ours", run_ours, a.ours_cbow_mean)]
        if arch == "cbow":
            runs.insert(1, ("gensim-sum", run_gensim, False))
        for who, run, cbow_mean in runs:
            words, vectors, seconds = run(corpus, arch, a.threads, a.seed, cbow_mean)
            rows[who] = (*evaluate(words, vectors), n / seconds)
            label = who + (" mean" if arch == "cbow" and cbow_mean else " sum" if arch == "cbow" else "")
            print(
                f"{arch:9} {label:12} {rows[who][0]:8.4f} {rows[who][1]:8.4f} {rows[who][2]:10,.0f} "
                f"{seconds:8.1f}",
                flush=True,
            )
        (gs, ga, gw), (os_, oa, ow) = rows["gensim"], rows["ours"]
        print(
            f"{arch:9} ours−gensim: WordSim {os_ - gs:+.4f}, analogy {oa - ga:+.4f}; "
            f"words/s ratio {ow / gw:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
