"""Ours vs gensim on a matrix of real corpora, both architectures, seeds 1–3, word2vec's defaults.

For every (corpus, arch, seed): our vectors and gensim's with the same seed, trained on the same tokens
(CBOW against gensim's cbow_mean=0, the same sum as ours), then
- WordSim-353 Spearman (English corpora; gensim's evaluator, pairs with unknown words skipped),
- agreement: mean Jaccard of the 10 nearest neighbours (cosine) of the 300 most frequent words, ours vs
  gensim with the same seed; and gensim vs gensim with the next seed (1→2, 2→3, 3→1), the bar to compare with,
- whether training ended with a finite loss (a LabError "diverged" counts as a failed cell).

    python bench/prepare_corpus.py                 # once: builds bench/data/
    python bench/quality_matrix.py [--corpora devil jargon ...] [--arch skipgram cbow] [--seeds 1 2 3]

Each finished run is appended to bench/results/quality_matrix.jsonl; the summary table is printed at the end
(bounds of issue 12: WordSim ≥ gensim − 0.02; agreement ≥ 0.8 × gensim's with itself)."""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from gensim.models import KeyedVectors  # noqa: E402
from quality_vs_gensim import SETTINGS, run_gensim  # noqa: E402  (bench/ is the script's folder)

from core.corpus import Corpus  # noqa: E402
from core.errors import LabError  # noqa: E402
from core.word2vec import Config, build, train_all  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA, RESULTS = HERE / "data", HERE / "results"
ROOT = HERE.parent
# name -> (path, English?, tokenizer); bench/data/*.txt are pre-tokenised (space-separated), the apple
# corpora raw
CORPORA = {
    "apples_zh": (ROOT / "corpora" / "apples_zh.txt", False, "jieba"),
    "apples_en": (ROOT / "corpora" / "apples_en.txt", True, "words"),
    "devil": (DATA / "devil.txt", True, "words"),
    "jargon": (DATA / "jargon.txt", True, "words"),
    "foldoc_stem": (DATA / "foldoc_stem.txt", True, "words"),
    "fortunes_en": (DATA / "fortunes_en.txt", True, "words"),
    "fortunes_zh": (DATA / "fortunes_zh.txt", False, "words"),
    "manpages_zh": (DATA / "manpages_zh.txt", False, "words"),
    "manpages_en": (DATA / "manpages_en.txt", True, "words"),
    "debref_zh": (DATA / "debref_zh.txt", False, "words"),
    "gcide": (DATA / "gcide.txt", True, "words"),
    "gcide_17m": (DATA / "gcide_17m.txt", True, "words"),
}
TOP, K = 300, 10
TUNED = ("fortunes_en", "fortunes_zh", "manpages_zh")  # the trainer's choices were made on these


def neighbours(words: list[str], vectors: np.ndarray, top: list[str]) -> dict[str, set]:
    """The K nearest neighbours (cosine, self excluded) of each word in `top`."""
    index = {w: i for i, w in enumerate(words)}
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    rows = np.array([index[w] for w in top])
    sims = unit[rows] @ unit.T  # (TOP, V)
    sims[np.arange(len(rows)), rows] = -np.inf
    best = np.argpartition(-sims, K, axis=1)[:, :K]
    return {w: {words[j] for j in best[i]} for i, w in enumerate(top)}


def agreement(a: dict, b: dict) -> float:
    return float(np.mean([len(a[w] & b[w]) / len(a[w] | b[w]) for w in a]))


def wordsim(words: list[str], vectors: np.ndarray) -> float:
    """WordSim-353 Spearman over the pairs whose words are known; NaN when none is (the apple corpora)."""
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(words, vectors)
    try:
        return float(kv.evaluate_word_pairs(str(DATA / "wordsim353.tsv"))[1].statistic)
    except ValueError:
        return float("nan")


def run_ours(corpus: Corpus, arch: str, seed: int, threads: int):
    model = build(corpus, Config(arch=arch, seed=seed, threads=threads, **SETTINGS))
    t = time.perf_counter()
    last = train_all(model, corpus)
    return model.words, model.vectors(), time.perf_counter() - t, last.epoch_loss


def measure(name: str, arch: str, seeds: list[int], threads: int) -> list[dict]:
    path, english, tokenizer = CORPORA[name]
    corpus = Corpus.from_path(path, tokenizer=tokenizer, min_count=SETTINGS["min_count"])
    top = corpus.vocab.words[:TOP]
    # CBOW against gensim's cbow_mean=0: the same sum as ours
    gensim_runs = {s: run_gensim(corpus, arch, threads, s, cbow_mean=False) for s in seeds}
    gensim_nn = {s: neighbours(r[0], r[1], top) for s, r in gensim_runs.items()}
    rows = []
    for i, s in enumerate(seeds):
        row = dict(corpus=name, arch=arch, seed=s, tokens=len(corpus.ids), vocab=len(corpus.vocab))
        try:
            words, vectors, seconds, loss = run_ours(corpus, arch, s, threads)
            row.update(
                finite=bool(np.isfinite(vectors).all() and np.isfinite(loss)),
                loss=loss,
                ours_seconds=seconds,
                agree=agreement(neighbours(words, vectors, top), gensim_nn[s]),
            )
            if english:
                row["wordsim"] = wordsim(words, vectors)
        except LabError as e:
            row.update(finite=False, error=e.code)
        g = gensim_runs[s]
        row.update(
            gensim_seconds=g[2], gensim_self=agreement(gensim_nn[s], gensim_nn[seeds[(i + 1) % len(seeds)]])
        )
        if english:
            row["gensim_wordsim"] = wordsim(g[0], g[1])
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def verdict(rows: list[dict]) -> str:
    """One summary line per cell: means over the seeds (gensim's WordSim range over its seeds) and whether the
    bounds hold."""
    r0 = rows[0]
    ok = all(r["finite"] for r in rows)
    agree = np.mean([r.get("agree", 0.0) for r in rows])
    bar = np.mean([r["gensim_self"] for r in rows])
    ok &= agree >= 0.8 * bar
    ws = "—"
    if not np.isnan(r0.get("gensim_wordsim", np.nan)):
        ours_ws = np.mean([r.get("wordsim", np.nan) for r in rows])
        gensim = [r["gensim_wordsim"] for r in rows]
        ok &= bool(ours_ws >= np.mean(gensim) - 0.02)
        ws = f"{ours_ws:.3f} / {np.mean(gensim):.3f} ({min(gensim):.3f}…{max(gensim):.3f})"
    speed = np.mean(
        [r["gensim_seconds"] / r["ours_seconds"] for r in rows if "ours_seconds" in r] or [np.nan]
    )
    tuned = " (tuned)" if r0["corpus"] in TUNED else ""
    return (
        f"| {r0['corpus']}{tuned} | {r0['tokens']:,} | {r0['arch']} | {ws} | {agree:.3f} / {bar:.3f} "
        f"({agree / bar:.2f}×) | {speed:.2f} | {'yes' if ok else '**no**'} |"
    )


def table(rows: list[dict]) -> str:
    cells: dict[tuple, list] = {}
    for r in rows:
        cells.setdefault((r["corpus"], r["arch"]), []).append(r)
    return "\n".join(
        [
            "| corpus | tokens | arch | WordSim ours / gensim (gensim's seeds) | agreement ours–gensim / "
            "gensim–gensim | speed ÷ gensim | bounds met |",
            "|---|---:|---|---|---|---:|---|",
        ]
        + [verdict(c) for c in cells.values()]
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--corpora", nargs="+", default=[c for c in CORPORA if c != "gcide_17m"])
    p.add_argument("--out", default=str(RESULTS / "quality_matrix.jsonl"))
    p.add_argument("--arch", nargs="+", default=["skipgram", "cbow"])
    p.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    p.add_argument("--threads", type=int, default=1, help="ours and gensim (1: our default, reproducible)")
    p.add_argument("--table", metavar="JSONL", help="only print the table of an earlier run's results")
    a = p.parse_args()
    if a.table:
        print(table([json.loads(line) for line in open(a.table)]))
        return
    RESULTS.mkdir(exist_ok=True)
    rows = []
    for name in a.corpora:
        for arch in a.arch:
            rows += measure(name, arch, a.seeds, a.threads)
            with open(a.out, "a") as f:
                f.writelines(json.dumps(r) + "\n" for r in rows[-len(a.seeds) :])
    print(f"\n{SETTINGS}, threads {a.threads}, seeds {a.seeds}")
    print(table(rows))


if __name__ == "__main__":
    main()
