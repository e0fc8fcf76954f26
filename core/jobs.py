"""A training run in a background thread, so a page stays responsive while word2vec learns.

The page polls `events` (the trainer's Progress reports); pause, resume and stop act between
batches, where the model is always complete — a stopped run keeps its last complete state.
A run whose owner is gone (`alive()` false for `grace` seconds: the student closed the tab) stops
itself, paused or not, so its thread, model and corpus do not outlive the session."""

import threading
import time
from typing import Callable

from core.word2vec import Progress, train


class TrainJob:
    def __init__(self, model, corpus, report_every: float = 0.1,
                 alive: Callable[[], bool] | None = None, grace: float = 10.0):
        self.model, self.corpus = model, corpus
        self._alive, self._grace, self._gone_since = alive, grace, None
        self.events: list[Progress] = []
        self.error: Exception | None = None
        self._report_every = report_every
        self._running = threading.Event()  # cleared = paused
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._work, name="latent-lab-train", daemon=True)
        self.started_at: float | None = None

    def start(self) -> "TrainJob":
        self._running.set()
        self.started_at = time.perf_counter()
        self._thread.start()
        return self

    def _work(self) -> None:
        events = train(self.model, self.corpus, report_every=self._report_every)
        try:
            for event in events:
                self.events.append(event)
                while not self._running.is_set() and not self._owner_gone():
                    self._running.wait(0.1)
                if self._stopping.is_set() or self._owner_gone():
                    break
        except Exception as err:  # surfaced to the page as one message, never a traceback
            self.error = err
        finally:
            events.close()

    def _owner_gone(self) -> bool:
        """True once stop() was called, or the owner has been gone for `grace` seconds."""
        if self._stopping.is_set():
            return True
        if self._alive is None or self._alive():
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

    @property
    def state(self) -> str:
        """'running', 'paused', 'stopped', 'done' or 'failed'."""
        if self.error is not None:
            return "failed"
        if self._thread.is_alive():
            if self._stopping.is_set():
                return "stopped"
            return "running" if self._running.is_set() else "paused"
        if self.events and self.events[-1].done:
            return "done"
        return "stopped"

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive() and self.started_at is not None

    def latest(self) -> Progress | None:
        return self.events[-1] if self.events else None

    def seconds_left(self) -> float | None:
        """Time left at the current speed, from the last report."""
        last = self.latest()
        if last is None or last.words_per_sec <= 0:
            return None
        return max(last.total_words - last.words_done, 0) / last.words_per_sec
