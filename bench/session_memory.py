"""What one student's session holds at most, on the largest upload the server accepts: the Train page's
actions done in one process, peak RSS after each (issue 13: ≤ 1 GiB per session).

    python bench/session_memory.py FILE [--tokenizer auto|words|jieba|chars] [--seconds 20]

Actions, in a student's order: read the upload (as ui/train_setup.py does: its most frequent 50,000 words),
build the largest model the page allows (dim 300, negative sampling), train it for --seconds (snapshots for
the film included), "Use" it (the page keeps a deep copy), and build the step mode's own fresh model."""

import argparse
import copy
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.corpus import Corpus  # noqa: E402
from core.word2vec import Config, build, train  # noqa: E402

UPLOAD_MAX_VOCAB = 50_000  # ui/train_setup.py
MAX_DIM = 300  # the Train page's dim input


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--tokenizer", default="auto")
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    out = {"file_mib": round(args.file.stat().st_size / 2**20, 1), "start_mib": round(peak_mib())}
    t = time.perf_counter()
    reading = Corpus.reading(
        args.file.read_bytes(),
        tokenizer=args.tokenizer,
        min_count=1,
        max_vocab=UPLOAD_MAX_VOCAB,
        max_bytes=50 * 2**20,
    )
    while True:
        try:
            next(reading)
        except StopIteration as end:
            corpus = end.value
            break
    out.update(
        read_s=round(time.perf_counter() - t, 1),
        tokens=len(corpus.ids),
        vocab=len(corpus.vocab),
        tokenizer=corpus.tokenizer,
        after_read_mib=round(peak_mib()),
    )
    model = build(corpus, Config(arch="skipgram", dim=MAX_DIM, softmax=False, min_count=1, epochs=30))
    run = train(model, corpus, report_every=0.5)
    deadline = time.perf_counter() + args.seconds
    for progress in run:  # noqa: B007  (the last report is read after the loop)
        if time.perf_counter() > deadline:
            break
    run.close()
    out.update(
        trained_words=progress.words_done, snapshots=len(model.snapshots), after_train_mib=round(peak_mib())
    )
    used = copy.deepcopy(model)
    out["after_use_mib"] = round(peak_mib())
    step_model = build(corpus, model.config)
    out["after_step_model_mib"] = round(peak_mib())
    out["session_mib"] = out["after_step_model_mib"] - out["start_mib"]
    print(json.dumps(out))
    del used, step_model


if __name__ == "__main__":
    main()
