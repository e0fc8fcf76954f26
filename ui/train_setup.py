"""The Train page's corpus and settings: a bundled corpus or an upload (read in the background), the
word2vec hyperparameters, and the Config they make."""

import streamlit as st

import ui
from core.errors import LabError
from core.jobs import CorpusJob
from core.word2vec import Config

UPLOAD_MAX_VOCAB = 50_000  # an upload keeps its most frequent words: W and W′ stay ≤ 120 MB at d = 300


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


def follow_language() -> None:
    """The corpus starts as the bundled one in the session's language (the default model's), and follows a
    language switch until the student picks one; a link's choice is kept."""
    bundled = f"apples_{ui.lang()}"
    if "train_source" not in st.session_state:
        st.session_state["train_source"] = bundled
    elif (
        not st.session_state.get("_train_source_chosen")
        and st.session_state.get("_train_source_lang", ui.lang()) != ui.lang()
        and st.session_state["train_source"] == f"apples_{st.session_state['_train_source_lang']}"
    ):
        st.session_state["train_source"] = bundled
    st.session_state["_train_source_lang"] = ui.lang()


def corpus_and_settings():
    """The corpus and settings forms; returns (corpus or None, Config). A bad file or setting shows one
    message beside the corpus (the session's model is untouched)."""

    col_corpus, col_settings = st.columns([1, 2], gap="large")
    with col_corpus:
        st.subheader(ui.t("train.corpus"))
        sources = {
            "apples_zh": ui.t("train.corpus_zh"),
            "apples_en": ui.t("train.corpus_en"),
            "upload": ui.t("train.corpus_upload"),
        }
        follow_language()
        source = st.radio(
            ui.t("train.corpus"),
            list(sources),
            key="train_source",
            label_visibility="collapsed",
            format_func=sources.get,
            on_change=st.session_state.__setitem__,
            args=("_train_source_chosen", True),
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

    return corpus, config
