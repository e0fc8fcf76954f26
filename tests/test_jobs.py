"""core.jobs for any generator (issue 13): a result, a bounded pool with places in line, and a job that
ends when its students close their tabs — running, waiting in line, or shared by several tabs."""

import threading
import time

import torch

from core import translation as tl
from core.jobs import BackgroundJob, Pool


def _wait(cond, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def ticking(gate: threading.Event | None = None, n: int = 3, closed: list | None = None, pace: float = 0.0):
    """Yields 0..n-1 (each after `gate` opens, if given, and `pace` seconds) and returns "done"; notes in
    `closed` if cleaned up."""
    try:
        for i in range(n):
            while gate is not None and not gate.wait(0.01):
                pass
            time.sleep(pace)
            yield i
        return "done"
    finally:
        if closed is not None:
            closed.append(True)


class Owner:
    """A student's tab: alive until closed."""

    def __init__(self):
        self.open = True

    def __call__(self) -> bool:
        return self.open


def test_a_job_keeps_the_generators_events_and_return_value():
    job = BackgroundJob(lambda: ticking(n=4)).start()
    job.join(10)
    assert job.state == "done" and job.events == [0, 1, 2, 3] and job.result == "done" and job.finished


def test_a_failing_generator_is_reported_not_raised():
    def broken():
        yield 1
        raise ValueError("boom")

    job = BackgroundJob(broken).start()
    job.join(10)
    assert job.state == "failed" and isinstance(job.error, ValueError) and job.events == [1]


def test_the_pool_runs_its_size_and_queues_the_rest_first_come_first_served():
    pool, gates = Pool(1), [threading.Event() for _ in range(3)]
    jobs = []
    for gate in gates:
        jobs.append(BackgroundJob(lambda gate=gate: ticking(gate, n=1), pool=pool).start())
        _wait(
            lambda: (
                jobs[-1].state in ("running", "queued")
                and (jobs[-1].queue_position() is not None or pool.running == 1)
            )
        )
    _wait(lambda: [j.queue_position() for j in jobs] == [None, 1, 2])
    assert [j.state for j in jobs] == ["running", "queued", "queued"] and pool.running == 1
    for gate in gates:
        gate.set()
    for job in jobs:
        job.join(10)
    assert [j.state for j in jobs] == ["done"] * 3 and pool.running == 0


def test_closing_the_tab_stops_a_running_translator_and_restores_torch_threads():
    before = torch.get_num_threads()
    train, _ = tl.parallel_corpus(0)
    owner = Owner()
    job = BackgroundJob(
        lambda: tl.training(train, seed=0, max_seconds=600), alive=owner, grace=0, pool=Pool(1)
    ).start()
    _wait(lambda: job.events)
    assert job.state == "running"
    owner.open = False  # the student closed the tab
    job.join(10)
    assert not job._thread.is_alive() and job.state == "stopped" and job.result is None
    assert job.events[-1].step < job.events[-1].steps  # cut off long before the end
    assert torch.get_num_threads() == before  # the generator was closed: its finally ran


def test_closing_the_tab_takes_a_waiting_job_out_of_the_line():
    pool, gate, closed = Pool(1), threading.Event(), []
    running = BackgroundJob(lambda: ticking(gate, n=1), pool=pool).start()
    _wait(lambda: pool.running == 1)
    owner = Owner()
    waiting = BackgroundJob(lambda: ticking(closed=closed), alive=owner, grace=0, pool=pool).start()
    behind = BackgroundJob(lambda: ticking(n=1), pool=pool).start()
    _wait(lambda: behind.queue_position() == 2)
    owner.open = False
    waiting.join(5)
    assert waiting.state == "stopped" and waiting.queue_position() is None and not waiting.events
    assert closed == []  # its work never even started
    assert behind.queue_position() == 1  # the one behind moved up
    gate.set()
    behind.join(10)
    assert behind.state == "done" and running.state == "done"


def test_a_shared_job_lives_while_any_of_its_tabs_is_open():
    first, second, gate = Owner(), Owner(), threading.Event()
    job = BackgroundJob(lambda: ticking(gate, n=1000, pace=0.01), alive=first, grace=0).start()
    job.watch(second)
    first.open = False
    time.sleep(0.3)
    assert job.state == "running"
    gate.set()
    _wait(lambda: len(job.events) > 10)
    second.open = False
    job.join(10)
    assert job.state == "stopped" and len(job.events) < 1000


def test_a_tab_that_reconnects_within_the_grace_keeps_its_job():
    owner, grace = Owner(), 0.5
    job = BackgroundJob(lambda: ticking(n=1000, pace=0.01), alive=owner, grace=grace).start()
    _wait(lambda: job.events)
    owner.open = False
    time.sleep(grace / 3)
    owner.open = True  # a flaky network, not a closed tab
    time.sleep(grace)
    assert job.state == "running"
    job.stop()
    job.join(10)


# ---- reading an upload (ui/train_setup.py) --------------------------------------------------------------
def test_reading_an_upload_reports_its_progress_and_returns_the_same_corpus():
    from core.corpus import Corpus
    from core.jobs import CorpusJob

    text = "".join(f"第{i}个苹果很甜。这是一个红苹果。\n" for i in range(20_000))  # ~300k characters
    job = CorpusJob("k", text.encode(), tokenizer="chars", min_count=1, name="t").start()
    job.join(60)
    assert job.state == "done", job.error
    assert job.events[0] == 0.0 and job.events[-1] == 1.0 and len(job.events) >= 3
    assert job.events == sorted(job.events)
    expected = Corpus.from_text(text, tokenizer="chars", min_count=1)
    assert (job.result.ids == expected.ids).all() and job.result.vocab.words == expected.vocab.words


def test_uploads_are_read_one_at_a_time_and_a_bad_one_fails_with_its_lab_error(monkeypatch):
    from core import jobs
    from core.jobs import CorpusJob

    gate = threading.Event()
    monkeypatch.setattr(jobs.Corpus, "reading", lambda data, **_: ticking(gate, n=2))
    first = CorpusJob("a", b"x").start()
    second = CorpusJob("b", b"y").start()
    _wait(lambda: first.state == "running")
    assert second.state == "queued" and second.queue_position() == 1
    gate.set()
    first.join(10)
    second.join(10)
    assert first.result == second.result == "done"
    monkeypatch.undo()
    empty = CorpusJob("c", b"").start()
    empty.join(10)
    assert empty.state == "failed" and empty.error.code == "file_empty"


def test_a_long_runs_reports_stay_bounded_and_keep_every_epoch_end(monkeypatch):
    from core import jobs
    from core.corpus import Corpus
    from core.jobs import TrainJob
    from core.word2vec import Config, build

    monkeypatch.setattr(jobs, "MAX_EVENTS", 12)
    corpus = Corpus.from_text("红 苹果 很 甜\n绿 苹果 很 酸\n" * 20_000, tokenizer="words", min_count=1)
    model = build(corpus, Config(epochs=5, min_count=1, sample=0, dim=8))  # 5 chunks an epoch: 25 reports
    job = TrainJob(model, corpus, report_every=0.0).start()  # a report after every chunk
    job.join(120)
    assert job.state == "done"
    assert 6 <= len(job.events) <= 12  # thinned
    ends = [
        e.epoch
        for i, e in enumerate(job.events)
        if i + 1 == len(job.events) or job.events[i + 1].epoch != e.epoch
    ]
    assert ends == list(range(1, 6)) and job.events[-1].done
    assert all(
        e.words_done == e.epoch * len(corpus.ids)
        for e in job.events
        if e is job.events[-1] or job.events[job.events.index(e) + 1].epoch != e.epoch
    )


def test_a_large_upload_is_read_in_a_child_process_with_the_same_result_and_errors():
    """core.reading: the server's interpreter stays free; the corpus, the errors and the end on close are
    those of Corpus.reading."""
    import multiprocessing

    from core.corpus import Corpus
    from core.errors import LabError
    from core.reading import reading_in_a_process

    text = "".join(f"第{i}个苹果很甜。这是一个红苹果。\n" for i in range(20_000))
    run = reading_in_a_process(text.encode(), tokenizer="chars", min_count=1, name="t")
    while True:
        try:
            assert 0.0 <= next(run) <= 1.0
        except StopIteration as end:
            corpus = end.value
            break
    expected = Corpus.from_text(text, tokenizer="chars", min_count=1, name="t")
    assert (corpus.ids == expected.ids).all() and (corpus.starts == expected.starts).all()
    assert corpus.vocab.words == expected.vocab.words and corpus.name == "t"
    try:
        list(reading_in_a_process(b"\x00" * 4096))
        raise AssertionError("a binary upload must fail")
    except LabError as err:
        assert err.code == "file_binary"
    endless = reading_in_a_process(text.encode() * 40, tokenizer="jieba", min_count=1)
    next(endless)
    endless.close()  # the student left: the child ends
    assert not [p for p in multiprocessing.active_children() if p.name == "latent-lab-read"]
