"""The Arc page's training runs: the three models trained as a queued background job (no streamlit inside
a run: it runs in the job's thread). A run on a bundled corpus is shared by every session of the process
for its seed, so a class trains it once; an upload's run is the session's own."""

import threading

import streamlit as st

import ui
from core import jobs, lm, lm_data

# Runs training at once in this process; the others wait in line. One: a run keeps one core busy for up
# to a minute, and the machine's other core must keep every student's page answering.
TRAINING_SLOTS = 1
BUNDLED = ("apples_zh", "apples_en")


@st.cache_resource(show_spinner=False)
def training_pool() -> jobs.Pool:
    return jobs.Pool(TRAINING_SLOTS)


@st.cache_resource(show_spinner=False, max_entries=2)
def fruit_world(source: str) -> lm_data.LMData:
    return lm_data.fruit_world(source.removeprefix("apples_"))


class Shared:
    """The run of one bundled corpus and seed, shared by the sessions of the process."""

    def __init__(self):
        self.trained: lm.Arc | None = None
        self.running: jobs.BackgroundJob | None = None
        self.lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def shared(source: str, seed: int) -> Shared:
    return Shared()


def _training(data_fn, seed: int, seconds: float, slot: Shared | None):
    """The background run: reads the text (an upload), then lm.training's Progress; returns the Arc."""
    data = data_fn()
    arc = yield from lm.training(data, seconds=seconds, seed=seed)
    if slot is not None:
        slot.trained = arc
    return arc


def key(source: str, seed: int, upload) -> tuple:
    return (source, seed, None if upload is None else upload.file_id)


def current(source: str, seed: int, upload) -> lm.Arc | None:
    """The Arc for these choices: this session's run, else (bundled corpora) the process's."""
    mine = st.session_state.get("arc_trained")
    if mine and mine[0] == key(source, seed, upload):
        return mine[1]
    return shared(source, seed).trained if source in BUNDLED else None


def start(source: str, seed: int, upload) -> None:
    """Button callback: watch this corpus's shared run in flight, or put a new run in line. One per
    session: a second click while one runs does nothing."""
    running = st.session_state.get("arc_job")
    if running is not None and running.busy:
        return
    seconds = st.session_state.get("arc_seconds", lm.SECONDS)  # a test may shorten the run
    alive = ui.session_alive()
    if source in BUNDLED:
        slot = shared(source, seed)
        with slot.lock:
            job = slot.running
            if job is not None and job.busy:
                job.watch(alive)
            else:
                data = fruit_world(source)
                job = jobs.BackgroundJob(
                    lambda: _training(lambda: data, seed, seconds, slot),
                    alive=alive,
                    pool=training_pool(),
                    name="latent-lab-arc",
                ).start()
                slot.running = job
    else:
        raw, name = upload.getvalue(), upload.name

        def read():
            return lm_data.build_split(lm_data.lines_of(raw), seed, name=name)

        job = jobs.BackgroundJob(
            lambda: _training(read, seed, seconds, None),
            alive=alive,
            pool=training_pool(),
            name="latent-lab-arc",
        ).start()
    st.session_state["arc_job"] = job
    st.session_state["arc_job_key"] = key(source, seed, upload)


def stop() -> None:
    job = st.session_state.get("arc_job")
    if job is not None:
        job.stop()
        job.join(5)


def collect() -> None:
    """This session's finished run becomes its Arc; a failed one stays to show its message."""
    job: jobs.BackgroundJob | None = st.session_state.get("arc_job")
    if job is not None and job.state == "done":
        st.session_state["arc_trained"] = (st.session_state["arc_job_key"], job.result)
    if job is not None and job.state in ("done", "stopped"):
        del st.session_state["arc_job"]
