"""Issue 3's speed targets, measured in one run (ratios, since this machine is shared and noisy):

1. training inside the app (core.jobs.TrainJob in a background thread, exactly as the Train page runs it)
   reaches >= 80% of the CLI's words/s with the same settings and corpus;
2. one live chart refresh (the fragment's figure built and serialised, as st.plotly_chart does) costs
   <= 100 ms of server time.

    .venv/bin/python bench/app_train_speed.py [--repeat 3]
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.corpus import Corpus  # noqa: E402
from core.jobs import TrainJob  # noqa: E402
from core.word2vec import Config, build  # noqa: E402

SETTINGS = dict(arch="skipgram", dim=100, window=5, negative=5, epochs=3, min_count=1, threads=1, seed=1)


def corpus_file(tmp: Path) -> Path:
    """The bundled English apple corpus repeated 20 times (~400k tokens): long enough to time."""
    text = (ROOT / "corpora" / "apples_en.txt").read_text(encoding="utf-8")
    path = tmp / "apples_en_x20.txt"
    path.write_text(text * 20, encoding="utf-8")
    return path


def cli_words_per_sec(path: Path) -> float:
    args = [sys.executable, "-m", "core.train", str(path), "--out", str(path.with_suffix(".vec"))]
    for key, value in SETTINGS.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return float(re.search(r"([\d,]+) words/s", out).group(1).replace(",", ""))


def app_words_per_sec(path: Path):
    config = Config(**SETTINGS)
    corpus = Corpus.from_path(path, min_count=config.min_count)
    job = TrainJob(build(corpus, config), corpus).start()
    job.join()
    return job.latest().words_per_sec, job


def chart_refresh_ms(job, events: int = 2000, repeat: int = 20) -> float:
    """Server time of one fragment refresh's chart: build the figure and serialise it, for a long run's
    `events` progress reports (a 10-minute run reporting every 0.25 s has 2,400)."""
    from dataclasses import replace

    from ui import train_charts

    train_charts.ui.t = lambda key, **params: key  # no Streamlit session here: labels by key
    last = job.events[-1]
    job.events = [
        replace(last, words_done=i * last.total_words // events, loss=5.0 - i / events, done=False)
        for i in range(events)
    ]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        train_charts.figure(job).to_json()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus_file(Path(tmp))
        cli, app = [], []
        for _ in range(repeat):  # interleaved, so drifts in machine load hit both alike
            cli.append(cli_words_per_sec(path))
            wps, job = app_words_per_sec(path)
            app.append(wps)
    cli_m, app_m = statistics.median(cli), statistics.median(app)
    print(f"settings: {SETTINGS}, corpus: apples_en x20")
    print(f"CLI  words/s (median of {repeat}): {cli_m:,.0f}   runs: {[round(x) for x in cli]}")
    print(f"app  words/s (median of {repeat}): {app_m:,.0f}   runs: {[round(x) for x in app]}")
    print(f"app / CLI = {app_m / cli_m:.2f}   (target >= 0.80)")
    print(f"live chart refresh (2,000 events): {chart_refresh_ms(job):.1f} ms   (target <= 100 ms)")


if __name__ == "__main__":
    main()
