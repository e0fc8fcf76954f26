"""Faults a classroom produces: Stop/Restart mid-training, pausing, switching pages or language while a
run goes on, two tabs of one student, a tab closed during training. The model always stays in its last
complete state, and the model a student chose with "Use this model" is never swapped for a half-trained
one."""

import asyncio
import os
import time
from pathlib import Path

import pytest
import torch
from conftest import streamlit_server
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from websockets.asyncio.client import connect

from core.corpus import Corpus
from core.jobs import TrainJob
from core.lecture import PAGES
from core.word2vec import Config, build, train

ROOT = Path(__file__).resolve().parent.parent
# Long enough to be stopped in the middle (~10 s on one core), small enough to build at once.
LONG = Config(arch="skipgram", dim=64, window=5, negative=5, epochs=60, min_count=1, seed=3)


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_path(ROOT / "corpora" / "apples_en.txt", min_count=1)


def _wait(cond, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _reference(corpus, config, steps):
    """The same run, done without a thread, stopped after exactly `steps` mini-batches."""
    model = build(corpus, config)
    events = train(model, corpus, report_every=0.0)  # a report after every batch
    for event in events:
        if event.step >= steps:
            break
    events.close()
    assert event.step == steps
    return model


# ---------------------------------------------------------------- core.jobs directly


def test_stop_mid_training_keeps_exactly_the_last_reported_state(corpus):
    job = TrainJob(build(corpus, LONG), corpus, report_every=0.05).start()
    _wait(lambda: len(job.events) >= 3)
    job.stop()
    job.join(10)
    assert job.state == "stopped" and not job.events[-1].done
    last = job.events[-1]
    # Nothing moves after the stop, and the weights are those of a run cut cleanly after `last.step`
    # batches: no half-applied batch.
    W, W_prime = job.model.W.clone(), job.model.W_prime.clone()
    time.sleep(0.3)
    assert torch.equal(job.model.W, W) and torch.equal(job.model.W_prime, W_prime)
    ref = _reference(corpus, LONG, last.step)
    assert torch.equal(job.model.W, ref.W) and torch.equal(job.model.W_prime, ref.W_prime)


def test_pause_freezes_the_model_and_resume_finishes_it(corpus):
    config = Config(**{**LONG.__dict__, "epochs": 3})
    job = TrainJob(build(corpus, config), corpus, report_every=0.05).start()
    _wait(lambda: job.events)
    job.pause()
    _wait(lambda: job.state == "paused")
    n = -1
    while n != len(job.events):  # the thread finishes the chunk it was in and reports it, then waits
        n = len(job.events)
        time.sleep(0.3)
    W = job.model.W.clone()
    time.sleep(0.5)
    assert torch.equal(job.model.W, W) and len(job.events) == n
    job.resume()
    job.join(60)
    assert job.state == "done" and job.events[-1].done
    ref = _reference(corpus, config, job.events[-1].step)
    assert torch.equal(job.model.W, ref.W)


def test_restart_after_stop_leaves_the_stopped_model_alone(corpus):
    first = TrainJob(build(corpus, LONG), corpus, report_every=0.05).start()
    _wait(lambda: len(first.events) >= 2)
    first.stop()
    first.join(10)
    W = first.model.W.clone()
    second = TrainJob(build(corpus, LONG), corpus, report_every=0.05).start()
    _wait(lambda: len(second.events) >= 2)
    assert second.model is not first.model and second.model.W.data_ptr() != first.model.W.data_ptr()
    assert torch.equal(first.model.W, W)
    second.stop()
    second.join(10)
    assert second.state == "stopped"


def test_stop_while_paused_ends_the_thread(corpus):
    job = TrainJob(build(corpus, LONG), corpus, report_every=0.05).start()
    _wait(lambda: job.events)
    job.pause()
    job.stop()
    job.join(10)
    assert job.finished and job.state == "stopped"


def test_two_jobs_of_two_tabs_do_not_touch_each_other(corpus):
    a = TrainJob(build(corpus, LONG), corpus, report_every=0.05).start()
    b = TrainJob(build(corpus, LONG), corpus, report_every=0.05).start()
    _wait(lambda: len(a.events) >= 2 and len(b.events) >= 2)
    a.stop()
    a.join(10)
    n = len(b.events)
    _wait(lambda: len(b.events) > n)  # b carries on
    assert b.state == "running"
    b.stop()
    b.join(10)


def test_a_failing_run_reports_its_error_and_stops(corpus):
    model = build(corpus, LONG)
    model.W_prime = model.W_prime[:1]  # a corrupted model: the first batch fails
    job = TrainJob(model, corpus).start()
    job.join(10)
    assert job.state == "failed" and job.error is not None and job.finished


# ---------------------------------------------------------------- the Train page (AppTest)


@pytest.fixture
def trained(app):
    """The Train page after a finished run chosen with "Use this model"."""
    app.switch_page("pages/train.py").run()
    app.number_input(key="train_epochs").set_value(2).run()
    app.button(key="train_start").click().run()
    app.session_state["train_job"].join(60)
    app.run()
    app.button(key="train_use").click().run()
    assert not app.exception
    return app


def _long_run(at):
    at.number_input(key="train_epochs").set_value(100).run()
    at.number_input(key="train_dim").set_value(300).run()
    at.radio(key="train_arch").set_value("skipgram").run()
    at.button(key="train_start").click().run()
    job = at.session_state["train_job"]
    assert job.state == "running"
    return job


def test_switching_pages_and_language_during_training_keeps_the_chosen_model(trained):
    at = trained
    chosen = at.session_state["model"]
    W = chosen.W.clone()
    job = _long_run(at)
    try:
        for lang in ("en", "zh"):
            at.switch_page("pages/train.py").run()
            at.radio(key="lang").set_value(lang).run()  # switched on the Train page, mid-run
            for name in PAGES:
                at.switch_page(f"pages/{name}.py").run()
                assert not at.exception, f"{name} ({lang}): {at.exception}"
                assert at.session_state["model"] is chosen
        assert job.state == "running" and job.model is not chosen  # the run went on, on its own model
        assert torch.equal(chosen.W, W)
        at.switch_page("pages/train.py").run()
        assert not at.exception
        at.button(key="train_stop").click().run()
        assert job.state == "stopped"
        assert at.session_state["model"] is chosen and torch.equal(chosen.W, W)
    finally:
        job.stop()
        job.join(10)


def test_the_chosen_model_is_not_the_running_one(trained):
    """ "Use this model" is offered only for a finished or stopped run, never while one is running."""
    at = trained
    job = _long_run(at)
    try:
        assert "train_use" not in [b.key for b in at.button]
    finally:
        job.stop()
        job.join(10)


def test_step_does_not_change_the_chosen_model(trained):
    """Step mode trains one example; it must not edit the model the other pages are showing."""
    at = trained
    chosen = at.session_state["model"]
    W, W_prime = chosen.W.clone(), chosen.W_prime.clone()
    at.button(key="train_step").click().run()
    assert not at.exception
    assert torch.equal(chosen.W, W) and torch.equal(chosen.W_prime, W_prime)


def test_two_tabs_of_one_student_have_their_own_runs(app):
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    other.run()
    jobs = []
    try:
        for at in (app, other):
            at.switch_page("pages/train.py").run()
            jobs.append(_long_run(at))
        assert jobs[0] is not jobs[1] and jobs[0].model is not jobs[1].model
        app.button(key="train_stop").click().run()
        assert jobs[0].state == "stopped" and jobs[1].state == "running"
    finally:
        for job in jobs:
            job.stop()
            job.join(10)


# ---------------------------------------------------------------- a real server, spoken to like a browser


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_share(pid: int, seconds: float = 2.0) -> float:
    c0 = _cpu_seconds(pid)
    time.sleep(seconds)
    return (_cpu_seconds(pid) - c0) / seconds


@pytest.fixture(scope="module")
def server():
    """`streamlit run app.py` on loopback; yields (port, pid)."""
    with streamlit_server() as (port, proc):
        yield port, proc.pid


class Tab:
    """One browser tab on the Train page: widgets by key, reruns with the widget values a browser keeps."""

    def __init__(self, ws):
        self.ws, self.widgets, self.values, self.done = ws, {}, {}, None

    async def read(self):
        async for data in self.ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                el = msg.delta.new_element
                w = getattr(el, el.WhichOneof("type"))
                if getattr(w, "id", ""):
                    key = w.id.rsplit("-", 1)[-1]  # ids end with the widget's key
                    self.widgets[key] = w
                    if getattr(w, "set_value", False) and key in self.values:  # the server moved it
                        field = "string_value" if hasattr(w, "raw_value") else "double_value"
                        self.values[key] = WidgetState(
                            id=w.id,
                            **{field: getattr(w, "raw_value", None) if field == "string_value" else w.value},
                        )
            elif msg.WhichOneof("type") == "script_finished" and self.done and not self.done.done():
                self.done.set_result(msg.script_finished)

    async def rerun(self, click: str | None = None, **values):
        for key, value in values.items():
            field = "string_value" if isinstance(value, str) else "double_value"
            self.values[key] = WidgetState(id=self.widgets[key].id, **{field: value})
        state = ClientState(page_name="train")
        state.widget_states.widgets.extend(self.values.values())
        if click:
            state.widget_states.widgets.append(WidgetState(id=self.widgets[click].id, trigger_value=True))
        self.done = asyncio.get_running_loop().create_future()
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        await asyncio.wait_for(self.done, 300)


async def _with_tab(port, scenario):
    async with connect(
        f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
    ) as ws:
        tab = Tab(ws)
        reader = asyncio.create_task(tab.read())
        try:
            await tab.rerun()
            return await scenario(tab)
        finally:
            reader.cancel()


@pytest.mark.slow
def test_a_language_switch_keeps_the_train_settings(server):
    """A student picks the English corpus and negative sampling, then switches 中文 -> English: both stay."""

    async def scenario(tab):
        source, output = tab.widgets["train_source"], tab.widgets["train_output"]
        await tab.rerun(train_source=source.options[1], train_output=output.options[1])
        await tab.rerun(lang="English")
        await tab.rerun()  # the browser sends back what it now shows
        return {
            key: (tab.values[key].string_value, list(tab.widgets[key].options))
            for key in ("train_source", "train_output")
        }

    for key, (shown, options) in asyncio.run(_with_tab(server[0], scenario)).items():
        assert shown == options[1], key  # the second option, now labelled in English


def _threads(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


def _settled_threads(pid: int, quiet_s: float = 10, limit_s: float = 180) -> int:
    """The server's thread count once it has not changed for `quiet_s` seconds: the warm-up that follows the
    first page (default models, UMAP, the shared translator) starts thread pools that stay."""
    count, since, deadline = _threads(pid), time.monotonic(), time.monotonic() + limit_s
    while time.monotonic() - since < quiet_s and time.monotonic() < deadline:
        time.sleep(0.5)
        if (now := _threads(pid)) != count:
            count, since = now, time.monotonic()
    return count


@pytest.mark.slow
def test_closing_the_tab_ends_its_training_thread(server):
    """A student starts a run, pauses it and closes the tab. A paused run waits for Resume forever, so
    unless the session's end stops it, its thread, model and corpus stay in the server for good."""
    port, pid = server
    asyncio.run(_with_tab(port, lambda tab: asyncio.sleep(0)))  # warm: the default model is trained once
    idle = _settled_threads(pid)  # after the start-up warm-up's thread pools (numba, torch) are up

    async def start_and_pause(tab):
        await tab.rerun(train_epochs=100, train_dim=300, train_arch="skip-gram")
        await tab.rerun(click="train_start")
        await tab.rerun(click="train_pause")
        return _threads(pid)

    training = asyncio.run(_with_tab(port, start_and_pause))  # the tab closes when this returns
    assert training > idle  # the run's thread (and its helpers)
    deadline = time.monotonic() + 60
    while _threads(pid) > idle:
        assert time.monotonic() < deadline, "the closed tab's training thread is still there"
        time.sleep(0.5)
