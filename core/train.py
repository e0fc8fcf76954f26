"""Train word2vec on a text file and write the vectors (word2vec text format).

    python -m core.train CORPUS --out FILE.vec [--arch skipgram|cbow] [--dim 100] [--window 5]
        [--negative 5] [--epochs 5] [--min-count 5] [--threads 1] [--seed 1] [--softmax]
        [--sample 1e-3] [--alpha 0.025] [--tokenizer auto|words|jieba|chars]

A progress bar goes to stderr, one summary line to stdout. Bad input: one line on stderr, exit code 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from core import cli
from core.corpus import Corpus
from core.errors import LabError
from core.word2vec import TOKENIZERS, Config, build, train


def _parser() -> argparse.ArgumentParser:
    d = Config()
    p = cli.Parser(
        prog="python -m core.train", description="Train word2vec (CBOW or skip-gram) on a text file."
    )
    p.add_argument("corpus", help="text file, one sentence per line (UTF-8, UTF-16 with BOM, GBK/GB18030)")
    p.add_argument("--out", required=True, help="output vectors, word2vec text format (.vec)")
    p.add_argument("--arch", choices=("skipgram", "cbow"), default=d.arch)
    p.add_argument("--dim", type=int, default=d.dim)
    p.add_argument("--window", type=int, default=d.window)
    p.add_argument("--negative", type=int, default=d.negative)
    p.add_argument(
        "--softmax", action="store_true", help="exact full-softmax output layer (small vocabularies)"
    )
    p.add_argument(
        "--cbow-mean", action="store_true", help="CBOW averages the context vectors instead of summing"
    )
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--min-count", type=int, default=d.min_count)
    p.add_argument("--max-vocab", type=int, default=d.max_vocab)
    p.add_argument("--sample", type=float, default=d.sample)
    p.add_argument("--alpha", type=float, default=d.alpha)
    p.add_argument("--min-alpha", type=float, default=d.min_alpha)
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument(
        "--threads",
        type=int,
        default=d.threads,
        help="training threads; more than 1 trains hogwild (like gensim): faster, not reproducible bit for "
        "bit",
    )
    p.add_argument("--tokenizer", choices=TOKENIZERS, default=d.tokenizer)
    return p


def run(argv: list[str] | None = None) -> str:
    """Train as the arguments say; returns the summary line. Raises LabError on bad input."""
    a = _parser().parse_args(argv)
    config = Config(
        arch=a.arch,
        dim=a.dim,
        window=a.window,
        negative=a.negative,
        softmax=a.softmax,
        cbow_mean=a.cbow_mean,
        epochs=a.epochs,
        min_count=a.min_count,
        max_vocab=a.max_vocab,
        sample=a.sample,
        alpha=a.alpha,
        min_alpha=a.min_alpha,
        seed=a.seed,
        threads=a.threads,
        tokenizer=a.tokenizer,
    )
    config.validate()  # before reading a possibly large corpus
    if not Path(a.out).resolve().parent.is_dir():
        raise LabError("file_unwritable", f"Cannot write {a.out}: no such directory", path=a.out)
    corpus = Corpus.from_path(a.corpus, tokenizer=a.tokenizer, min_count=a.min_count, max_vocab=a.max_vocab)
    model = build(corpus, config, tensors=False)  # torch is not needed here: ~1 s less per run
    last = None
    with tqdm(
        total=config.epochs * len(corpus.ids), unit="word", unit_scale=True, file=sys.stderr, leave=False
    ) as bar:
        for last in train(model, corpus, report_every=0.5):
            bar.update(last.words_done - bar.n)
            bar.set_postfix(epoch=f"{last.epoch}/{last.epochs}", loss=f"{last.loss:.3f}")
    from core.vectors import save_word2vec

    try:
        save_word2vec(model.to_vectors(), a.out)
    except OSError as e:
        raise LabError("file_unwritable", f"Cannot write {a.out}: {e.strerror}", path=a.out) from None
    return (
        f"{corpus.name}: vocabulary {len(model):,} words, "
        f"{len(corpus.ids):,} tokens × {config.epochs} epochs, "
        f"{last.seconds:.1f} s, {last.words_per_sec:,.0f} words/s, final loss {last.epoch_loss:.4f} "
        f"({config.arch}, {'softmax' if config.softmax else f'negative {config.negative}'}) -> {a.out}"
    )


def main(argv: list[str] | None = None) -> int:
    return cli.main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
