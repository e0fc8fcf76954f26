"""An upload read into a Corpus in a child process: tokenising is pure Python (jieba: ~100 s for 50 MB of
Chinese) and would hold the server's interpreter lock, slowing every other student's page; a process has
its own interpreter and runs on the other core. The child gets our own bytes and sends back our own arrays
(nothing a user wrote is ever unpickled: the upload travels as bytes, the corpus as numpy arrays and str)."""

import multiprocessing
import queue

from core.corpus import Corpus, Vocab
from core.errors import LabError


def _child(data: bytes, settings: dict, progress, out) -> None:
    """In the child: Corpus.reading, the fraction read into `progress`, the result (or error) to `out`."""
    try:
        building = Corpus.reading(data, **settings)
        while True:
            try:
                progress.value = next(building)
            except StopIteration as end:
                c = end.value
                out.put(("ok", (c.vocab.words, c.vocab.counts, c.ids, c.starts, c.tokenizer, c.name)))
                return
    except LabError as err:
        out.put(("error", (err.code, str(err), err.params)))
    except Exception as err:  # noqa: BLE001  (reported to the parent, which raises it)
        out.put(("crash", f"{type(err).__name__}: {err}"))


def reading_in_a_process(data: bytes, **settings):
    """Corpus.reading(data, **settings) run in a child process, as the same kind of generator: yields the
    fraction read about every 0.25 s, returns the Corpus, raises its LabError. Closing it ends the child."""
    ctx = multiprocessing.get_context("spawn")  # not fork: the server has threads
    progress, out = ctx.Value("d", 0.0), ctx.Queue()
    child = ctx.Process(
        target=_child, args=(data, settings, progress, out), name="latent-lab-read", daemon=True
    )
    child.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=0.25)
                break
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(f"the reading process ended with exit code {child.exitcode}") from None
                yield progress.value
        if kind == "error":
            code, message, params = payload
            raise LabError(code, message, **params)
        if kind == "crash":
            raise RuntimeError(payload)
        words, counts, ids, starts, tokenizer, name = payload
        return Corpus(Vocab(words, counts), ids, starts, tokenizer, name)
    finally:
        if child.is_alive():
            child.terminate()
        child.join(5)
