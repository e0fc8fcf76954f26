"""Work in a background thread, so a page stays responsive while a model learns.

A BackgroundJob runs any generator of progress events: the page polls `events`; pause, resume and stop
act between events, where the work is always complete; the generator's return value becomes `result`.
A job whose owners are all gone (each `alive()` false for `grace` seconds: the students closed their
tabs) stops itself, paused or waiting in line, so its thread and data do not outlive the sessions.
A Pool bounds how many jobs of one kind run at once in the process; the others wait in line, first come
first served, and `queue_position()` tells where.
TrainJob is the BackgroundJob that trains word2vec (the Train page)."""

import threading
import time
from collections.abc import Callable, Generator

from core.corpus import Corpus
from core.reading import reading_in_a_process
from core.word2vec import Progress, train

Alive = Callable[[], bool] | None  # None: an owner that never leaves (a script, a test)
MAX_EVENTS = 2000  # a long run's reports are thinned to at most this many (the live chart draws them all)
HOLD_SLICE = 0.05  # a paced run holds its reports in slices this long: Pause and Stop act within one


class Pool:
    """At most `size` jobs run at once; the others wait in arrival order."""

    def __init__(self, size: int):
        self.size = size
        self._cond = threading.Condition()
        self._line: list = []  # waiting jobs, first come first served
        self._running = 0

    def acquire(self, job, give_up: Callable[[], bool]) -> bool:
        """Wait for a free place; False if `give_up()` turned true first (the job then leaves the line)."""
        with self._cond:
            self._line.append(job)
            try:
                while self._line.index(job) >= self.size - self._running:
                    if give_up():
                        return False
                    self._cond.wait(0.1)
                self._running += 1
                return True
            finally:
                self._line.remove(job)
                self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self._running -= 1
            self._cond.notify_all()

    def position(self, job) -> int | None:
        """1 for the next job to start, 2 for the one after…; None if `job` is not waiting."""
        with self._cond:
            return self._line.index(job) + 1 if job in self._line else None

    @property
    def running(self) -> int:
        return self._running


class BackgroundJob:
    def __init__(
        self,
        work: Callable[[], Generator],
        alive: Alive = None,
        grace: float = 10.0,
        pool: Pool | None = None,
        name: str = "latent-lab-job",
    ):
        """`work()` returns the generator to run (called in the thread, once a place in `pool` is free)."""
        self._work_fn, self._pool = work, pool
        self._owners: list[Alive] = [alive]
        self._grace, self._gone_since = grace, None
        self.events: list = []
        self.error: Exception | None = None
        self.result = None
        self._completed = False  # the generator ran to its end
        self._queued = pool is not None  # waiting for a place in the pool
        self._running = threading.Event()  # cleared = paused
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.started_at: float | None = None

    def start(self):
        self._running.set()
        self.started_at = time.perf_counter()
        self._thread.start()
        return self

    def watch(self, alive: Alive) -> None:
        """One more owner: the job lives on while any owner is alive."""
        self._owners.append(alive)

    def _run(self) -> None:
        if self._pool is not None:
            if not self._pool.acquire(self, self._owner_gone):
                self._queued = False
                return
            self._queued = False
        try:
            events = self._work_fn()
            try:
                while True:
                    try:
                        event = next(events)
                    except StopIteration as end:
                        self.result, self._completed = end.value, True
                        break
                    self.events.append(event)
                    if len(self.events) > MAX_EVENTS:
                        self.events = self._thinned(self.events)  # a new list: readers hold the old one
                    while not self._running.is_set() and not self._owner_gone():
                        self._running.wait(0.1)
                    if self._stopping.is_set() or self._owner_gone():
                        break
            finally:
                events.close()  # a stopped generator cleans up (its `finally` blocks run)
        except Exception as err:  # surfaced to the page as one message, never a traceback
            self.error = err
        finally:
            if self._pool is not None:
                self._pool.release()

    @staticmethod
    def _thinned(events: list) -> list:
        """Every other event, and the last."""
        return events[:-1:2] + events[-1:]

    def _owner_gone(self) -> bool:
        """True once stop() was called, or every owner has been gone for `grace` seconds."""
        if self._stopping.is_set():
            return True
        if any(alive is None or alive() for alive in list(self._owners)):
            self._gone_since = None
            return False
        self._gone_since = self._gone_since or time.monotonic()
        if time.monotonic() - self._gone_since >= self._grace:
            self._stopping.set()
        return self._stopping.is_set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stopping.set()
        self._running.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _done(self) -> bool:
        return self._completed

    @property
    def state(self) -> str:
        """'queued', 'running', 'paused', 'stopped', 'done' or 'failed'."""
        if self.error is not None:
            return "failed"
        if self._thread.is_alive():
            if self._stopping.is_set():
                return "stopped"
            if self._queued:
                return "queued"
            return "running" if self._running.is_set() else "paused"
        if self._done():
            return "done"
        return "stopped"

    @property
    def busy(self) -> bool:
        """Queued, running or paused: the page keeps polling."""
        return self.state in ("queued", "running", "paused")

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive() and self.started_at is not None

    def queue_position(self) -> int | None:
        """Place in the pool's line (1 = next), None when not waiting."""
        return self._pool.position(self) if self._pool is not None and self._queued else None

    def latest(self):
        return self.events[-1] if self.events else None


class TrainJob(BackgroundJob):
    """word2vec training (core.word2vec.train) of `model` on `corpus`; events are its Progress reports,
    and a stopped run keeps its last complete state. With `pace` (seconds) the run is spread over at least
    that much time for a lecture: each report is held back until its share of `pace` has passed."""

    def __init__(
        self,
        model,
        corpus,
        report_every: float = 0.1,
        alive: Alive = None,
        grace: float = 10.0,
        pace: float | None = None,
    ):
        self.model, self.corpus, self.pace = model, corpus, pace
        self.held = 0.0  # seconds the pace held reports back (pauses not counted)
        super().__init__(
            lambda: (
                self._paced(train(model, corpus, report_every=report_every))
                if pace
                else train(model, corpus, report_every=report_every)
            ),
            alive=alive,
            grace=grace,
            name="latent-lab-train",
        )

    def _paced(self, reports: Generator) -> Generator:
        """The reports of `reports`, the one at fraction f of the run due at f × pace seconds of run time
        (training plus holding, pauses not counted); returns its return value. The training itself runs at
        full speed: only the time between reports is stretched."""
        clock = 0.0  # run time so far, pauses excluded
        try:
            while True:
                t0 = time.perf_counter()
                try:
                    report = next(reports)
                except StopIteration as end:
                    return end.value
                clock += time.perf_counter() - t0
                due = self.pace * report.words_done / max(report.total_words, 1)
                while clock < due and not self._owner_gone():
                    if self._running.is_set():
                        clock += self._hold(min(due - clock, HOLD_SLICE))
                    else:  # paused: the clock stops
                        self._running.wait(HOLD_SLICE)
                yield report
        finally:
            reports.close()

    def _hold(self, seconds: float) -> float:
        """Wait up to `seconds` without holding the GIL (Stop cuts it short); returns the time waited."""
        t0 = time.perf_counter()
        self._stopping.wait(seconds)
        waited = time.perf_counter() - t0
        self.held += waited
        return waited

    def _done(self) -> bool:
        return bool(self.events) and self.events[-1].done

    @staticmethod
    def _thinned(events: list[Progress]) -> list[Progress]:
        """Every other report, and each epoch's last (the chart's per-epoch loss is read from those)."""
        return [
            e
            for i, e in enumerate(events)
            if i % 2 == 0 or i + 1 == len(events) or events[i + 1].epoch != e.epoch
        ]

    def latest(self) -> Progress | None:
        return self.events[-1] if self.events else None

    def seconds_left(self) -> float | None:
        """Time left at the current speed, from the last report."""
        last = self.latest()
        if last is None or last.words_per_sec <= 0:
            return None
        left = max(last.total_words - last.words_done, 0) / last.words_per_sec
        if self.pace:  # the pace holds the rest of the run to its share of `pace`
            left = max(left, self.pace * (1 - last.words_done / max(last.total_words, 1)))
        return left


# Uploads are read one at a time, a large one in a child process (core.reading): tokenising is pure Python
# (jieba: minutes for a large upload) and in this process would hold the interpreter lock that every
# student's page needs.
READING = Pool(1)
IN_PROCESS_BYTES = 1 << 20  # smaller uploads are read here: a child's start-up (~1 s) would dominate


class CorpusJob(BackgroundJob):
    """An uploaded file read into a Corpus (Corpus.reading); events are the fraction read, `result` the
    Corpus. `key` names the file and settings it was read with."""

    def __init__(self, key, data: bytes, alive: Alive = None, **settings):
        self.key = key
        limit = settings.get("max_bytes") or float("inf")  # too large: refused at once, here
        read = reading_in_a_process if IN_PROCESS_BYTES < len(data) <= limit else Corpus.reading
        super().__init__(lambda: read(data, **settings), alive=alive, pool=READING, name="latent-lab-read")
