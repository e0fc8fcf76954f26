"""WordSim-353 of ours vs gensim over many seeds, per cell: is the gap noise or systematic? (issue 12)

    python bench/w2v_gap.py --cells foldoc_stem:cbow devil:skipgram --seeds 1-10 [--who ours gensim]
                            [--threads 2]      # both trainers (default 1)
                            [--variant NAME]   # a trainer variant of bench/w2v_variants.py (ours only)

Each run (cell, threads, who, variant, seed, WordSim) is appended to bench/results/w2v_gap.jsonl; runs
already there are not repeated. --table prints, per cell and variant: mean WordSim over the seeds, ours −
gensim and its standard error (unpaired: the two trainers' random streams differ, so a seed pairs nothing),
and how often issue 12's bound (a 3-seed mean ≥ gensim's 3-seed mean − 0.02) fails by chance alone when both
trainers spread as gensim does (normal approximation: P(N(0, 2σ²/3) < −0.02), σ = gensim's spread over
seeds)."""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from quality_matrix import CORPORA, run_ours, wordsim  # noqa: E402
from quality_vs_gensim import SETTINGS, run_gensim  # noqa: E402
from scipy.stats import norm  # noqa: E402

from core.corpus import Corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "w2v_gap.jsonl"


def seeds(text: str) -> list[int]:
    a, _, b = text.partition("-")
    return list(range(int(a), int(b or a) + 1))


def done() -> set:
    if not OUT.exists():
        return set()
    return {_key(r) + (r["seed"],) for r in map(json.loads, open(OUT))}


def _key(r: dict) -> tuple:
    """(corpus, arch, threads, who, variant): runs before --threads had one thread."""
    return r["corpus"], r["arch"], r.get("threads", 1), r["who"], r["variant"]


def table() -> str:
    runs: dict[tuple, dict] = {}
    for r in map(json.loads, open(OUT)):
        runs.setdefault(_key(r), {})[r["seed"]] = r["wordsim"]
    lines = [
        "| cell | threads | variant | seeds ours / gensim | ours mean ± se | gensim mean ± se "
        "| ours − gensim ± se | z | gensim fails vs itself |",
        "|---|---:|---|---:|---|---|---|---:|---:|",
    ]
    for (corpus, arch, threads, who, variant), ours in sorted(runs.items()):
        if who != "ours":
            continue
        gensim = runs.get((corpus, arch, threads, "gensim", "-"), {})
        o, g = np.array(list(ours.values())), np.array(list(gensim.values()))
        if len(o) < 2 or len(g) < 2:
            continue
        se_o, se_g = o.std(ddof=1) / np.sqrt(len(o)), g.std(ddof=1) / np.sqrt(len(g))
        diff, se = o.mean() - g.mean(), np.hypot(se_o, se_g)
        lines.append(
            f"| {corpus} {arch} | {threads} | {variant} | {len(o)} / {len(g)} | "
            f"{o.mean():.3f} ± {se_o:.3f} | "
            f"{g.mean():.3f} ± {se_g:.3f} | {diff:+.3f} ± {se:.3f} | {diff / se:+.1f} | "
            f"{norm.cdf(-0.02 / (g.std(ddof=1) * np.sqrt(2 / 3))):.0%} |"
        )
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cells", nargs="+", default=[])
    p.add_argument("--seeds", default="1-10")
    p.add_argument("--who", nargs="+", default=["gensim", "ours"])
    p.add_argument("--variant", default="-")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--table", action="store_true")
    a = p.parse_args()
    if a.table:
        print(table())
        return
    if a.variant != "-":
        import w2v_variants

        w2v_variants.use(a.variant)
    have = done()
    OUT.parent.mkdir(exist_ok=True)
    for cell in a.cells:
        name, arch = cell.split(":")
        path, english, tokenizer = CORPORA[name]
        corpus = Corpus.from_path(path, tokenizer=tokenizer, min_count=SETTINGS["min_count"])
        for s in seeds(a.seeds):
            for who in a.who:
                variant = a.variant if who == "ours" else "-"
                if (name, arch, a.threads, who, variant, s) in have:
                    continue
                if who == "gensim":
                    words, vectors, seconds = run_gensim(corpus, arch, a.threads, s, cbow_mean=False)
                else:
                    words, vectors, seconds, _ = run_ours(corpus, arch, s, a.threads)
                row = dict(
                    corpus=name,
                    arch=arch,
                    threads=a.threads,
                    who=who,
                    variant=variant,
                    seed=s,
                    wordsim=wordsim(words, vectors),
                    seconds=seconds,
                )
                print(json.dumps(row), flush=True)
                with open(OUT, "a") as f:
                    f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
