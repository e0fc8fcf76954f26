"""The lecture's arc on several corpora: the lookup table, the embedding network and the tiny GPT trained as
the Arc page trains them (core.lm.training, one thread, the same budget), their held-out perplexity, the
share of held-out contexts the table never saw, and the wall time of the whole run.

    python bench/lecture_arc.py [--seconds 45] [--seed 1] [--memory FILE]

Corpora: the two bundled fruit worlds (held out: sentences with adjective + fruit pairs no training sentence
has) and, when bench/data holds them (python bench/prepare_corpus.py fortunes_zh devil), a Chinese and an
English text from outside the repo (held out: 10 % of the sentences, drawn with the seed).
--memory FILE: one training session on FILE as an upload (its bytes in memory, as Streamlit keeps them),
run in a child process after a short warm-up run (the app's process has run torch before); prints its peak
RSS above the process's RSS before the upload was read."""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import lm, lm_data  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
OUTSIDE = {"fortunes_zh.txt": "Tang/Song poems and sayings (zh)", "devil.txt": "The Devil's Dictionary (en)"}


def corpora(seed: int):
    for lang in ("zh", "en"):
        yield f"apples_{lang} (fruit world)", lambda lang=lang: lm_data.fruit_world(lang)
    for name, what in OUTSIDE.items():
        path = DATA / name
        if path.is_file():  # pre-tokenised, space-separated: the "words" tokenizer keeps its tokens
            yield (
                f"{name} ({what})",
                lambda path=path: lm_data.build_split(lm_data.lines_of(path), seed, "words", 2, path.name),
            )
        else:
            print(f"missing {path}: python bench/prepare_corpus.py {path.stem}", file=sys.stderr)


def run(make, seconds: float, seed: int):
    start = time.perf_counter()
    data = make()
    gen = lm.training(data, seconds, seed)
    while True:
        try:
            next(gen)
        except StopIteration as end:
            return data, end.value, time.perf_counter() - start


def rss_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_child(path: str, seconds: float) -> None:
    raw = Path(path).read_bytes()  # the upload, as the session holds it
    fresh = rss_mib("VmRSS")
    for _ in lm.training(lm_data.fruit_world("en"), 2, 1, gpt_steps=5):
        pass  # the server ran torch before: its library pages belong to the process, not to a session
    before = rss_mib("VmRSS")
    print(f"warm-up (a 2 s run on the fruit world): {before - fresh:.0f} MiB, once per process")
    data = lm_data.build_split(lm_data.lines_of(raw), 1, "auto", 2, Path(path).name)
    peaks, stage = {"read": rss_mib("VmHWM") - before}, "lookup"
    for progress in lm.training(data, seconds, 1):
        if progress.stage != stage:
            peaks[stage], stage = rss_mib("VmHWM") - before, progress.stage
    peaks[stage] = rss_mib("VmHWM") - before
    print(
        "peak MiB above the start, after each stage: " + ", ".join(f"{k} {v:.0f}" for k, v in peaks.items())
    )
    print(
        f"memory: {Path(path).name} ({len(raw) / 2**20:.0f} MB upload, "
        f"{data.train_tokens():,} training words, V = {data.V:,}): "
        f"peak {rss_mib('VmHWM') - before:.0f} MiB above the {before:.0f} MiB before reading"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=lm.SECONDS)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--memory", help="a text file to train on as one upload, in a child process")
    p.add_argument("--memory-child", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.memory_child:
        memory_child(a.memory_child, a.seconds)
        return
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    print(
        "| corpus | training words | held-out words | V | held-out <unk> | unseen contexts | lookup "
        "| embedding | transformer | GPT steps | wall s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, make in corpora(a.seed):
        data, arc, wall = run(make, a.seconds, a.seed)
        p_ = arc.perplexity
        steps = arc.models["transformer"].steps
        print(
            f"| {name} | {data.train_tokens():,} | {data.heldout_tokens():,} | {data.V:,} "
            f"| {data.heldout_unk:.1%} | {arc.unseen:.1%} | {p_['lookup']:.2f} | {p_['embedding']:.2f} "
            f"| {p_['transformer']:.2f} "
            f"| {steps}{' (cut)' if arc.cut_short else ''} | {wall:.1f} |",
            flush=True,
        )
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    if a.memory:
        cmd = [sys.executable, __file__, "--memory-child", a.memory, "--seconds", str(a.seconds)]
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
