"""The Train page's controls and results: Start/Pause/Stop/Step, the live progress, Use and downloads,
and one training example."""

from pathlib import Path

import numpy as np
import streamlit as st

import ui
from core.errors import LabError
from core.jobs import TrainJob
from core.word2vec import build
from ui import links, train_charts, train_step

ARCHS = {"cbow": "CBOW", "skipgram": "skip-gram"}
LECTURE_PACE = 25  # seconds a run is spread over at lecture pace: the default model trains in ~1 s


# ---- controls (callbacks: the state changes before the page redraws) ----------------------------------
def start(corpus, config, paced: bool):
    """One run per session, checked here on the server: a second Start (a double click, or a crafted
    message for the disabled button) must not start a run that Stop no longer reaches."""
    running = st.session_state.get("train_job")
    if running is not None and running.state in ("running", "paused"):
        return
    try:
        model = build(corpus, config)
    except LabError as err:
        st.session_state["train_start_error"] = err
        return
    pace = LECTURE_PACE if paced else None
    st.session_state["train_job"] = TrainJob(model, corpus, alive=ui.session_alive(), pace=pace).start()
    st.session_state.pop("train_step_result", None)


def pause_or_resume(job: TrainJob):
    if job.state == "paused":
        job.resume()
    else:
        job.pause()


def stop(job: TrainJob):
    job.stop()
    job.join(5)


def controls(corpus, config):
    """The buttons; returns (the session's run or None, whether it is busy, Step clicked, Again clicked)."""
    job: TrainJob | None = st.session_state.get("train_job")
    busy = job is not None and job.state in ("running", "paused")

    links.anchor("controls")
    b1, b2, b3, b4, b5, b6 = st.columns([1, 1, 1, 1, 2, 3])
    paced = b6.toggle(
        ui.t("train.pace", pace=LECTURE_PACE),
        key="train_pace",
        help=ui.t("train.pace_help", pace=LECTURE_PACE),
    )
    b1.button(
        ui.t("train.start"),
        type="primary",
        disabled=corpus is None or busy,
        key="train_start",
        on_click=start,
        args=(corpus, config, paced),
    )
    b2.button(
        ui.t("train.resume" if busy and job.state == "paused" else "train.pause"),
        disabled=not busy,
        key="train_pause",
        on_click=pause_or_resume,
        args=(job,),
    )
    b3.button(ui.t("train.stop"), disabled=not busy, key="train_stop", on_click=stop, args=(job,))
    step_clicked = b4.button(ui.t("train.step"), disabled=corpus is None, key="train_step")
    again_clicked = b5.button(
        ui.t("train.step_again"),
        disabled=corpus is None or not (step_clicked or "train_step_result" in st.session_state),
        key="train_step_again",
        help=ui.t("train.step_again_help"),
    )
    if "train_start_error" in st.session_state:  # set by start(): e.g. a one-word corpus
        ui.show_error(st.session_state.pop("train_start_error"))

    return job, busy, step_clicked, again_clicked


# ---- live progress --------------------------------------------------------------------------------
def progress_panel(corpus, busy: bool) -> None:
    """The run's live charts (redrawn every 0.5 s while it runs), then Use and the downloads."""

    @st.fragment(run_every=0.5 if busy else None)
    @ui.guarded
    def progress_view():
        job: TrainJob | None = st.session_state.get("train_job")
        if job is None:
            st.caption(ui.t("train.no_run"))
            return
        if busy and job.state not in ("running", "paused"):
            st.rerun(scope="app")  # the run ended: redraw the whole page once, without the timer
        if corpus is None and not job.busy:  # e.g. a failed upload: the last run's results are not its own
            st.caption(ui.t("train.run_hidden", name=ui.md_escape(job.model.corpus_name)))
            return
        st.caption(
            ui.t("train.run_of", name=ui.md_escape(job.model.corpus_name), arch=ARCHS[job.model.config.arch])
        )
        train_charts.show(job)
        if job.error is not None:
            ui.show_failure(job.error)
        elif job.state in ("done", "stopped") and job.events:
            # stepped after the run, the model is no longer what its settings give
            use_and_download(
                job.model, finished=job.state == "done" and "train_step_result" not in st.session_state
            )

    progress_view()


def use_and_download(model, finished: bool):
    from core import links

    c1, c2, c3, c4 = st.columns(4)
    if c1.button(ui.t("train.use"), type="primary", key="train_use"):
        # A full run on a bundled corpus can travel in a lesson link: the link retrains it.
        corpus = Path(model.corpus_name).stem
        ui.set_model(
            model, links.model_param(corpus, model.config) if finished and corpus in links.BUNDLED else None
        )
        st.toast(ui.t("train.used"))
        st.rerun(scope="app")
    ui.vector_downloads((c2, c3, c4), model.to_vectors(), Path(model.corpus_name).stem, "train_dl")


# ---- one training example -------------------------------------------------------------------------
def step_panel(job, busy: bool, corpus, config, step_clicked: bool, again_clicked: bool) -> None:
    """One window at a time: a step on the run's model (or a fresh one), or the same window again."""
    if step_clicked or again_clicked:
        if busy and job.state == "running":
            st.warning(ui.t("train.busy"))
        elif again_clicked:  # the same window, on the same model
            if "train_step_result" in st.session_state:
                st.session_state["train_step_result"] = train_step.again(
                    st.session_state["train_step_result"]
                )
        else:
            try:
                if job is not None and job.state != "failed":  # a diverged run's model is not stepped further
                    model = job.model
                else:  # no run yet: step a fresh model built from these settings
                    model = st.session_state.get("train_step_model")
                    if model is None or st.session_state.get("train_step_key") != (corpus.name, config):
                        model = build(corpus, config)
                        st.session_state["train_step_model"] = model
                        st.session_state["train_step_key"] = (corpus.name, config)
                rng = st.session_state.setdefault("train_step_rng", np.random.default_rng(config.seed))
                st.session_state["train_step_result"] = train_step.run(model, corpus, rng)
            except LabError as err:  # e.g. a corpus with no two-word sentence
                ui.show_error(err)

    if "train_step_result" in st.session_state and corpus is not None:  # not beside a failed upload's error
        train_step.show(st.session_state["train_step_result"])
    train_step.code()
