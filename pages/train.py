"""Train word2vec (C5, C6, C9): pick a corpus and settings, watch CBOW or skip-gram learn live,
step through one training example, and make the result the session's model."""

from pathlib import Path

import numpy as np
import streamlit as st

import ui
from core.errors import LabError
from core.jobs import CorpusJob, TrainJob
from core.word2vec import Config, build
from ui import train_charts, train_step

ui.header("train")
UPLOAD_MAX_VOCAB = 50_000  # an upload keeps its most frequent words: W and W′ stay ≤ 120 MB at d = 300
ARCHS = {"cbow": "CBOW", "skipgram": "skip-gram"}
LECTURE_PACE = 25  # seconds a run is spread over at lecture pace: the default model trains in ~1 s


# ---- corpus ---------------------------------------------------------------------------------------
def uploaded_corpus(upload, tokenizer: str, min_count: int):
    """The corpus of an upload (read once per file and settings, in the background: a large Chinese file
    takes minutes to tokenise); None while it is being read. The file name is only a label."""
    key = (upload.file_id, tokenizer, min_count)
    job: CorpusJob | None = st.session_state.get("upload_corpus")
    if job is None or job.key != key:
        if job is not None:
            job.stop()
        job = CorpusJob(
            key,
            upload.getvalue(),
            alive=ui.session_alive(),
            tokenizer=tokenizer,
            min_count=min_count,
            max_vocab=UPLOAD_MAX_VOCAB,
            name=upload.name.rsplit(".", 1)[0],
            max_bytes=ui.UPLOAD_MB * 2**20,
        ).start()
        st.session_state["upload_corpus"] = job
        job.join(1.0)  # a small file is read before the page draws
    if job.error is not None:
        raise job.error
    if job.state == "done":
        return job.result
    reading_view(job)
    return None


@st.fragment(run_every=0.5)
@ui.guarded
def reading_view(job: CorpusJob) -> None:
    """The upload's reading progress, until the corpus is ready (then the whole page redraws)."""
    if not job.busy:
        st.rerun(scope="app")
    ahead = job.queue_position()
    if ahead:
        st.caption(ui.t("train.reading_queued", ahead=ahead))
    else:
        st.progress(job.latest() or 0.0, text=ui.t("train.reading", percent=f"{job.latest() or 0.0:.0%}"))


col_corpus, col_settings = st.columns([1, 2], gap="large")
with col_corpus:
    st.subheader(ui.t("train.corpus"))
    sources = {
        "apples_zh": ui.t("train.corpus_zh"),
        "apples_en": ui.t("train.corpus_en"),
        "upload": ui.t("train.corpus_upload"),
    }
    source = st.radio(
        ui.t("train.corpus"),
        list(sources),
        key="train_source",
        label_visibility="collapsed",
        format_func=sources.get,
    )
    upload = (
        st.file_uploader(ui.t("train.upload", limit_mb=ui.UPLOAD_MB), type=["txt"], key="train_upload")
        if source == "upload"
        else None
    )
    tokenizer = st.selectbox(
        ui.t("train.tokenizer"), ["auto", "words", "jieba", "chars"], key="train_tokenizer"
    )

with col_settings:
    st.subheader(ui.t("train.settings"))
    c1, c2, c3 = st.columns(3)
    arch = c1.radio(
        ui.t("train.arch"),
        ["cbow", "skipgram"],
        key="train_arch",
        format_func={"cbow": "CBOW", "skipgram": "skip-gram"}.get,
    )
    outputs = {"softmax": ui.t("train.softmax"), "negative": ui.t("train.negative_sampling")}
    output = c2.radio(ui.t("train.output"), list(outputs), key="train_output", format_func=outputs.get)
    cbow_mean = c3.checkbox(ui.t("train.cbow_mean"), key="train_cbow_mean", disabled=arch != "cbow")
    dim = c1.number_input(ui.t("train.dim"), 2, 300, 32, key="train_dim")
    window = c2.number_input(ui.t("train.window"), 1, 10, 2, key="train_window")
    negative = c3.number_input(
        ui.t("train.negative"), 1, 20, 5, key="train_negative", disabled=output == "softmax"
    )
    epochs = c1.number_input(ui.t("train.epochs"), 1, 200, 30, key="train_epochs")
    alpha = c2.number_input(
        ui.t("train.alpha"), 0.0001, 1.0, 0.025, step=0.005, format="%.4f", key="train_alpha"
    )
    min_count = c3.number_input(ui.t("train.min_count"), 1, 1000, 1, key="train_min_count")
    sample = c1.number_input(
        ui.t("train.sample"),
        0.0,
        0.1,
        0.0,
        step=0.0005,
        format="%.4f",
        key="train_sample",
        help=ui.t("train.sample_help"),
    )
    seed = c2.number_input(ui.t("train.seed"), 0, 2**31 - 1, 1, key="train_seed")

config = Config(
    arch=arch,
    dim=int(dim),
    window=int(window),
    negative=int(negative),
    softmax=output == "softmax",
    cbow_mean=cbow_mean,
    epochs=int(epochs),
    min_count=int(min_count),
    sample=float(sample),
    alpha=float(alpha),
    seed=int(seed),
    threads=1,
    tokenizer=tokenizer,
)

corpus = None
try:
    config.validate()
    if source == "upload":
        corpus = uploaded_corpus(upload, tokenizer, config.min_count) if upload is not None else None
    else:
        corpus = ui.bundled_corpus(source, tokenizer, config.min_count)
except LabError as err:  # one clear message; the session's model is untouched
    with col_corpus:
        ui.show_error(err)

if corpus is not None:
    with col_corpus:
        st.caption(
            ui.t(
                "train.corpus_stats",
                name=ui.md_escape(corpus.name),
                tokens=len(corpus.ids),
                vocab=len(corpus.vocab),
                tokenizer=corpus.tokenizer,
            )
        )


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


job: TrainJob | None = st.session_state.get("train_job")
busy = job is not None and job.state in ("running", "paused")

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


# ---- live progress --------------------------------------------------------------------------------
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


def use_and_download(model, finished: bool):
    from core import links, vectors

    c1, c2, c3, c4 = st.columns(4)
    if c1.button(ui.t("train.use"), type="primary", key="train_use"):
        # A full run on a bundled corpus can travel in a lesson link: the link retrains it.
        corpus = Path(model.corpus_name).stem
        ui.set_model(
            model, links.model_param(corpus, model.config) if finished and corpus in links.BUNDLED else None
        )
        st.toast(ui.t("train.used"))
        st.rerun(scope="app")
    c2.download_button(
        ui.t("train.download_w2v"),
        lambda: vectors.to_word2vec_bytes(model.to_vectors()),
        file_name=f"{Path(model.corpus_name).stem}.vec",
        on_click="ignore",
        key="train_dl_vec",
    )
    c3.download_button(
        ui.t("train.download_tsv"),
        lambda: vectors.to_projector_tsv_bytes(model.to_vectors())[0],
        file_name="vectors.tsv",
        on_click="ignore",
        key="train_dl_tsv",
    )
    c4.download_button(
        ui.t("train.download_meta"),
        lambda: vectors.to_projector_tsv_bytes(model.to_vectors())[1],
        file_name="metadata.tsv",
        on_click="ignore",
        key="train_dl_meta",
    )


progress_view()

# ---- one training example -------------------------------------------------------------------------
if step_clicked or again_clicked:
    if busy and job.state == "running":
        st.warning(ui.t("train.busy"))
    elif again_clicked:  # the same window, on the same model
        if "train_step_result" in st.session_state:
            st.session_state["train_step_result"] = train_step.again(st.session_state["train_step_result"])
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
