"""Training speed and peak memory, ours vs gensim, as whole processes: each run is a fresh Python process
that reads the corpus, trains (dim 100, window 5, negative 5, min_count 5, sample 1e-3) and reports its
training seconds and peak RSS. Runs alternate ours/gensim; the medians and the ratio are printed.

    python bench/prepare_corpus.py
    python bench/speed_vs_gensim.py [--corpus bench/data/gcide_17m.txt] [--runs 3] [--epochs 1] [--threads 2]
        [--gensim-input file|memory|corpus_file]

words/s = corpus tokens × epochs ÷ training seconds (reading and vocabulary building not included;
they are in the whole process's wall time — start, imports, reading, training — also printed, with its
ratio). CPU µs/word (both threads' CPU time per word) is printed
too: on a machine shared with other work it is steadier than wall-clock speed. The corpus is pre-tokenised,
so both read the same
words. gensim streams it with LineSentence by default, as it is normally used; `--gensim-input memory` reads
it
into lists of words first (gensim's training is then faster, its process slower and larger), `corpus_file`
uses gensim's own C reader."""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


def worker(who: str, arch: str, corpus: str, epochs: int, threads: int, gensim_input: str) -> dict:
    if who == "ours":
        sys.path.insert(0, str(ROOT))
        from core.corpus import Corpus
        from core.word2vec import Config, build, train_all

        c = Corpus.from_path(corpus, tokenizer="words", min_count=5)
        tokens = len(c.ids)
        model = build(c, Config(arch=arch, epochs=epochs, threads=threads))
        t, cpu = time.perf_counter(), time.process_time()
        train_all(model, c)
    else:
        from gensim.models import Word2Vec
        from gensim.models.word2vec import LineSentence

        model = Word2Vec(
            vector_size=100,
            window=5,
            negative=5,
            min_count=5,
            sample=1e-3,
            hs=0,
            sg=int(arch == "skipgram"),
            workers=threads,
            seed=1,
        )
        if gensim_input == "corpus_file":  # gensim's own C reader, its fastest way to train from a file
            model.build_vocab(corpus_file=corpus)
            data = dict(corpus_file=corpus, total_words=model.corpus_total_words)
        else:  # streamed line by line, or read into lists of words first
            sentences = LineSentence(corpus) if gensim_input == "file" else list(LineSentence(corpus))
            model.build_vocab(sentences)
            data = dict(corpus_iterable=sentences, total_examples=model.corpus_count)
        tokens = int(sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key))  # as our corpus
        t, cpu = time.perf_counter(), time.process_time()
        model.train(epochs=epochs, **data)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {
        "tokens": tokens,
        "train_seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=str(DATA / "gcide_17m.txt"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--arch", nargs="+", default=["skipgram", "cbow"])
    p.add_argument(
        "--gensim-input",
        choices=["file", "memory", "corpus_file"],
        default="file",
        help="how gensim gets the corpus: LineSentence streaming the file (the usual way), the same "
        "read into lists of words first, or gensim's corpus_file mode",
    )
    p.add_argument("--worker", nargs=2, metavar=("WHO", "ARCH"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        print(json.dumps(worker(a.worker[0], a.worker[1], a.corpus, a.epochs, a.threads, a.gensim_input)))
        return
    print(
        f"corpus {Path(a.corpus).name}, epochs {a.epochs}, threads {a.threads}, "
        f"gensim input {a.gensim_input}, "
        f"{a.runs} runs each "
        f"(load average at start {open('/proc/loadavg').read().split()[0]})"
    )
    for arch in a.arch:
        results = {"ours": [], "gensim": []}
        for _ in range(a.runs):
            for who in ("ours", "gensim"):
                t = time.perf_counter()
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--corpus",
                        a.corpus,
                        "--epochs",
                        str(a.epochs),
                        "--threads",
                        str(a.threads),
                        "--gensim-input",
                        a.gensim_input,
                        "--worker",
                        who,
                        arch,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                r = json.loads(out.strip().splitlines()[-1])
                r["wall_seconds"] = time.perf_counter() - t  # the whole process, interpreter start included
                r["words_per_sec"] = r["tokens"] * a.epochs / r["train_seconds"]
                results[who].append(r)
                r["cpu_us_per_word"] = r["cpu_seconds"] * 1e6 / (r["tokens"] * a.epochs)
                print(
                    f"  {arch:9} {who:7} {r['words_per_sec']:>12,.0f} words/s"
                    f"  train {r['train_seconds']:6.1f} s"
                    f"  CPU {r['cpu_us_per_word']:5.2f} µs/word"
                    f"  process {r['wall_seconds']:6.1f} s  peak RSS {r['peak_rss_mb']:7,.0f} MB",
                    flush=True,
                )
        med = {who: statistics.median(r["words_per_sec"] for r in rs) for who, rs in results.items()}
        rss = {who: max(r["peak_rss_mb"] for r in rs) for who, rs in results.items()}
        cpu = {who: statistics.median(r["cpu_us_per_word"] for r in rs) for who, rs in results.items()}
        proc = {who: statistics.median(r["wall_seconds"] for r in rs) for who, rs in results.items()}
        print(
            f"{arch:9} median words/s: ours {med['ours']:,.0f}, gensim {med['gensim']:,.0f}, "
            f"ratio {med['ours'] / med['gensim']:.2f}; "
            f"CPU µs/word ours {cpu['ours']:.2f}, gensim {cpu['gensim']:.2f} "
            f"(gensim/ours {cpu['gensim'] / cpu['ours']:.2f}); "
            f"whole process ours {proc['ours']:.1f} s, gensim {proc['gensim']:.1f} s "
            f"(gensim/ours {proc['gensim'] / proc['ours']:.2f}); peak RSS ours {rss['ours']:,.0f} MB, "
            f"gensim {rss['gensim']:,.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
