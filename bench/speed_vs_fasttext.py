"""The whole command-line run, ours vs gensim vs fastText's C++ trainer: each run is a fresh process, as a
user runs it — start-up, reading the corpus, training, writing the vectors — timed from outside, with the
process's peak RSS (wait4). Runs alternate ours / gensim / fastText; medians and ratios are printed.

    apt-get install fasttext        # Debian's build of fastText's C++ trainer
    python bench/prepare_corpus.py  # bench/data
    python bench/speed_vs_fasttext.py [--corpus bench/data/devil.txt bench/data/manpages_en.txt] [--runs 5]
        [--threads 1] [--arch skipgram cbow]

The same settings for all three: dim 100, window 5, negative 5, min_count 5, sample 1e-3, 5 epochs, learning
rate 0.025, whitespace tokens. Ours: `python -m core.train` (word2vec text out). gensim: a script that streams
the file (LineSentence), trains and saves word2vec text. fastText: `fasttext skipgram|cbow` with character
n-grams off (-minn 0 -maxn 0), which writes its .bin model and the .vec text file."""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
SETTINGS = dict(dim=100, window=5, negative=5, min_count=5, sample=1e-3, epochs=5, alpha=0.025)

GENSIM = """
import sys
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
corpus, out, arch, threads, dim, window, negative, min_count, sample, epochs, alpha = sys.argv[1:]
model = Word2Vec(LineSentence(corpus), vector_size=int(dim), window=int(window), negative=int(negative),
    min_count=int(min_count), sample=float(sample), epochs=int(epochs), alpha=float(alpha), hs=0,
    sg=int(arch == "skipgram"), workers=int(threads), seed=1)
model.wv.save_word2vec_format(out)
"""


def command(who: str, arch: str, corpus: str, out: str, threads: int) -> list[str]:
    s = SETTINGS
    if who == "ours":
        return [
            sys.executable, "-m", "core.train", corpus, "--out", out + ".vec", "--arch", arch,
            "--tokenizer", "words", "--threads", str(threads), "--dim", str(s["dim"]),
            "--window", str(s["window"]), "--negative", str(s["negative"]),
            "--min-count", str(s["min_count"]), "--sample", str(s["sample"]), "--epochs", str(s["epochs"]),
            "--alpha", str(s["alpha"]),
        ]  # fmt: skip
    if who == "gensim":
        return [sys.executable, "-c", GENSIM, corpus, out + ".vec", arch, str(threads)] + [
            str(s[k]) for k in ("dim", "window", "negative", "min_count", "sample", "epochs", "alpha")
        ]
    return [
        "fasttext", arch, "-input", corpus, "-output", out, "-dim", str(s["dim"]), "-ws", str(s["window"]),
        "-neg", str(s["negative"]), "-minCount", str(s["min_count"]), "-t", str(s["sample"]),
        "-epoch", str(s["epochs"]), "-lr", str(s["alpha"]), "-thread", str(threads),
        "-minn", "0", "-maxn", "0", "-verbose", "0",
    ]  # fmt: skip


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd[:3]} failed: {proc.stderr.read().decode()[-1000:]}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", nargs="+", default=[str(DATA / "devil.txt"), str(DATA / "manpages_en.txt")])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--arch", nargs="+", default=["skipgram", "cbow"])
    a = p.parse_args()
    if not shutil.which("fasttext"):
        raise SystemExit("no fasttext on PATH: apt-get install fasttext")
    who_all = ("ours", "gensim", "fasttext")
    print(f"threads {a.threads}, {a.runs} runs each, alternating (load average at start {load()})")
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in a.corpus:
            tokens = sum(len(line.split()) for line in open(corpus, encoding="utf-8"))
            for arch in a.arch:
                results = {who: [] for who in who_all}
                for i in range(a.runs):
                    for who in who_all:
                        results[who].append(run(command(who, arch, corpus, f"{tmp}/{who}", a.threads)))
                    print(
                        f"  {Path(corpus).name} {arch} run {i + 1}: "
                        + ", ".join(
                            f"{w} {results[w][-1][0]:.2f} s {results[w][-1][1]:.0f} MB" for w in who_all
                        )
                        + f" (load {load()})",
                        flush=True,
                    )
                wall = {w: statistics.median(s for s, _ in r) for w, r in results.items()}
                rss = {w: statistics.median(m for _, m in r) for w, r in results.items()}
                print(
                    f"{Path(corpus).name} ({tokens:,} tokens) {arch}: whole process median "
                    + ", ".join(f"{w} {wall[w]:.2f} s" for w in who_all)
                    + f"; speed ours vs gensim {wall['gensim'] / wall['ours']:.2f}×, "
                    f"vs fastText {wall['fasttext'] / wall['ours']:.2f}× (≥ 1 = ours faster); peak RSS "
                    + ", ".join(f"{w} {rss[w]:.0f} MB" for w in who_all)
                    + f" (ours ÷ gensim {rss['ours'] / rss['gensim']:.2f})",
                    flush=True,
                )


def load() -> str:
    return open("/proc/loadavg").read().split()[0]


if __name__ == "__main__":
    main()
