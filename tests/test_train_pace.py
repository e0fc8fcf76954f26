"""The lecture pace (core.jobs.TrainJob(pace=…)): a run that trains in milliseconds is spread over the
pace's seconds, its reports arriving one after another, with Pause and Stop acting at once; without the
pace nothing is held back."""

import time

import pytest

from core import jobs
from core.corpus import Corpus
from core.jobs import TrainJob
from core.word2vec import Config, build, train

PACE = 1.5  # seconds: short, for the test (the page's pace is ~25 s)


@pytest.fixture(scope="module")
def corpus():
    corpus = Corpus.from_text("红 苹果 很 甜\n绿 苹果 很 酸\n" * 50, tokenizer="words", min_count=1)
    for _ in train(_model(corpus, epochs=1), corpus):  # compile the loop first: the timings are training's
        pass
    return corpus


def _model(corpus, epochs=12):
    return build(corpus, Config(arch="cbow", epochs=epochs, min_count=1, sample=0, dim=8, window=2))


def _arrivals(job: TrainJob, timeout: float = 30) -> list[float]:
    """Seconds after start at which each report was first seen, polling every 5 ms until the job ends."""
    seen: list[float] = []
    t0 = time.perf_counter()
    while job.busy and time.perf_counter() - t0 < timeout:
        seen += [time.perf_counter() - t0] * (len(job.events) - len(seen))
        time.sleep(0.005)
    job.join(timeout)
    seen += [time.perf_counter() - t0] * (len(job.events) - len(seen))
    return seen


def test_a_paced_run_takes_the_pace_and_its_reports_arrive_spread_over_it(corpus):
    job = TrainJob(_model(corpus), corpus, report_every=0.0, pace=PACE).start()
    arrivals = _arrivals(job)
    assert job.state == "done" and job.events[-1].done
    assert len(arrivals) >= 12  # one report per epoch at least
    assert arrivals[-1] >= PACE  # the run took at least the pace
    assert job.events[-1].seconds < 0.5 * PACE  # while the training itself was far faster
    # each report arrives at its share of the pace, not all at the end: a report at fraction f of the run
    # arrives at ≥ f × pace (less a slice) and before the next one is due
    for arrival, report in zip(arrivals, job.events):
        due = PACE * report.words_done / report.total_words
        assert due - 2 * jobs.HOLD_SLICE <= arrival <= due + 0.5, (arrival, due)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert max(gaps) < 0.5 * PACE  # no long silence: the curve grows through the run


def test_without_the_pace_nothing_is_held(corpus, monkeypatch):
    held = []
    monkeypatch.setattr(TrainJob, "_hold", lambda self, seconds: held.append(seconds) or seconds)
    job = TrainJob(_model(corpus), corpus, report_every=0.0).start()
    job.join(30)
    assert job.state == "done" and held == [] and job.held == 0.0
    paced = TrainJob(_model(corpus), corpus, report_every=0.0, pace=0.3).start()
    paced.join(30)
    assert paced.state == "done" and len(held) > 0  # the same monkeypatch does see a paced run's holds


def test_pause_stops_the_paced_clock_and_stop_ends_at_once(corpus):
    job = TrainJob(_model(corpus, epochs=50), corpus, report_every=0.0, pace=PACE).start()
    while len(job.events) < 3:
        time.sleep(0.005)
    job.pause()
    assert job.state == "paused"
    time.sleep(0.1)
    n = len(job.events)
    time.sleep(0.6)  # paused: no report arrives, though several were due
    assert len(job.events) == n and job.state == "paused"
    job.resume()
    while len(job.events) < n + 2:
        time.sleep(0.005)
    t0 = time.perf_counter()
    job.stop()
    job.join(5)
    assert time.perf_counter() - t0 < 0.5 and job.state == "stopped"
    assert not job.events[-1].done
    assert job.seconds_left() > 0  # the job could still tell it; the page does not show it (test_page_train)


def test_time_left_follows_the_pace(corpus):
    job = TrainJob(_model(corpus), corpus, report_every=0.0, pace=PACE).start()
    while len(job.events) < 2:
        time.sleep(0.005)
    last = job.latest()
    left = job.seconds_left()
    assert left == pytest.approx(PACE * (1 - last.words_done / last.total_words))
    job.stop()
    job.join(5)
