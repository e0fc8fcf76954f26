"""The Transformer page's translator runs: one per seed shared by every session of the process, trained
as queued background jobs (no streamlit inside a run: it runs in the job's thread)."""

import threading

import streamlit as st

import ui
from core import jobs
from core import translation as tl
from core.translation_cache import Builder

MAX_SECONDS = 60
# Translators training at once in this process; the others wait in line. One: a run takes ~15 s of one
# core, and the machine's other core must keep every student's page answering.
TRAINING_SLOTS = 1


@st.cache_data(show_spinner=False)
def corpus(seed: int):
    return tl.parallel_corpus(seed)


class Slot:
    """The translator trained for one seed, shared by every session of this process, so a class does not
    train it forty times; `running` holds the run in flight for each time budget, which a second student
    asking for the same seed watches instead of starting another."""

    def __init__(self):
        self.trained: dict | None = None
        self.running: dict[float, jobs.BackgroundJob] = {}
        self.lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def slot(seed: int) -> Slot:
    return Slot()


@st.cache_resource(show_spinner=False)
def training_pool() -> jobs.Pool:
    return jobs.Pool(TRAINING_SLOTS)


@st.cache_resource(show_spinner=False)
def builder() -> Builder:
    """The process's shared translator (seed 0), built by a child process (core.translation_cache)."""
    return Builder(0)


def warm_up() -> None:
    """Start building the shared translator if it is neither on disk nor being built; returns at once.
    app.py calls it after the first page has been drawn."""
    builder().start()


def shared_translator() -> tl.Translator | None:
    """The process's translator (seed 0) once it exists, else None (its child process is started)."""
    return builder().start().ready()


def current(seed: int) -> dict | None:
    """{"model", "report", "seed"}: this session's own run for `seed`, else the process's shared one."""
    mine = st.session_state.get("tf_trained")
    if mine and mine["seed"] == seed:
        return mine
    shared = slot(seed)
    if shared.trained is None and seed == builder().seed and shared_translator() is not None:
        with shared.lock:
            if shared.trained is None:
                model = shared_translator()
                shared.trained = dict(model=model, report=report(model, corpus(seed)[1]), seed=seed)
    return shared.trained


def report(model, test) -> list[tuple[str, str, str, bool]]:
    got = model.translate_many([zh for zh, _ in test])
    return [(zh, en, g, g == en) for g, (zh, en) in zip(got, test)]


def _training(seed: int, train_pairs, test, max_seconds: float, shared: Slot):
    """The background run (no streamlit in here: it runs in the job's thread): TrainProgress events, then
    {"model", "report", "seed"}; a run that reached its last step becomes the process's translator for
    `seed`."""
    model = yield from tl.training(train_pairs, seed=seed, max_seconds=max_seconds)
    trained = dict(model=model, report=report(model, test), seed=seed)
    if model.finished:
        shared.trained = trained
    return trained


def start() -> None:
    """Button callback: watch this seed's run in flight, or put a new one in line."""
    seed = int(st.session_state["tf_seed"])  # as sent with the click
    train_pairs, test = corpus(seed)
    # A test may shorten the run through session state; students always get the full budget.
    max_seconds = st.session_state.get("tf_max_seconds", MAX_SECONDS)
    shared, alive = slot(seed), ui.session_alive()
    with shared.lock:
        job = shared.running.get(max_seconds)
        watching = job is not None and job.busy
        if watching:
            job.watch(alive)  # it lives on while any of its students is here
        else:
            job = jobs.BackgroundJob(
                lambda: _training(seed, train_pairs, test, max_seconds, shared),
                alive=alive,
                pool=training_pool(),
                name="latent-lab-translator",
            ).start()
            shared.running[max_seconds] = job
    st.session_state["tf_job"] = job
    st.session_state["tf_job_seed"] = seed
    st.session_state["tf_watching"] = watching


def collect() -> None:
    """This session's finished run becomes its translator; a failed one stays to show its message."""
    job: jobs.BackgroundJob | None = st.session_state.get("tf_job")
    if job is not None and job.state == "done":
        st.session_state["tf_trained"] = job.result
    if job is not None and job.state in ("done", "stopped"):
        del st.session_state["tf_job"]
