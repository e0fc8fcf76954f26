"""The Arc page's panels: the corpus and the run, the held-out table, one held-out sentence through all
three models."""

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import jobs, lm
from core.lm_data import HELD_OUT, MAX_TRAIN_TOKENS, MAX_VOCAB, MAX_WORDS
from ui import arc_charts
from ui import arc_jobs as runs

t = ui.t
SOURCES = ("apples_zh", "apples_en", "upload")
CLEARLY = 0.7  # "clearly better": at most this share of the other's perplexity
TOP = 8  # next words shown per model


def names() -> dict[str, str]:
    return {
        "lookup": t("arc.model_lookup"),
        "embedding": t("arc.model_embedding"),
        "transformer": t("arc.model_transformer"),
    }


# ---------------------------------------------------------------- the corpus and the run
def corpus_and_run():
    """Corpus, seed, Train/Stop and the live progress; returns (the Arc for these choices or None, source)."""
    if "arc_source" not in st.session_state:  # first visit: the fruit world in the UI's language
        st.session_state["arc_source"] = f"apples_{ui.lang()}"
    runs.collect()
    c1, c2 = st.columns([3, 1])
    labels = {"apples_zh": t("arc.source_apples_zh"), "apples_en": t("arc.source_apples_en")}
    labels["upload"] = t("arc.source_upload")
    source = c1.radio(t("arc.corpus"), SOURCES, key="arc_source", horizontal=True, format_func=labels.get)
    seed = int(c2.number_input(t("arc.seed"), 0, 99, key="arc_seed"))
    upload = None
    if source == "upload":
        upload = st.file_uploader(t("arc.upload", limit_mb=ui.UPLOAD_MB), type=["txt"], key="arc_upload")
        st.caption(t("arc.upload_caps", tokens=MAX_TRAIN_TOKENS, vocab=MAX_VOCAB, words=MAX_WORDS))
    else:
        lang = source.removeprefix("apples_")
        pairs = ("、" if ui.lang() == "zh" else ", ").join(f"{a[0]} + {b[0]}" for a, b in HELD_OUT[lang])
        st.caption(t("arc.fruit_split", pairs=pairs))
    job: jobs.BackgroundJob | None = st.session_state.get("arc_job")
    busy = job is not None and job.busy
    arc = runs.current(source, seed, upload)
    b1, b2, _ = st.columns([2, 1, 3])
    b1.button(
        t("arc.retrain" if arc else "arc.train", seconds=int(lm.SECONDS)),
        key="arc_train",
        type="secondary" if arc else "primary",
        disabled=busy or (source == "upload" and upload is None),
        on_click=runs.start,
        args=(source, seed, upload),
    )
    b2.button(t("arc.stop"), key="arc_stop", disabled=not busy, on_click=runs.stop)
    progress_view()
    return arc, source


def progress_view() -> None:
    job: jobs.BackgroundJob | None = st.session_state.get("arc_job")
    busy = job is not None and job.busy

    @st.fragment(run_every=0.5 if busy else None)
    def view():
        job: jobs.BackgroundJob | None = st.session_state.get("arc_job")
        if job is None:
            return
        if busy and not job.busy:
            st.rerun(scope="app")  # the run ended: redraw the whole page once, without the timer
        if job.state == "failed":
            ui.show_failure(job.error)
            return
        if job.state == "queued":
            st.info(t("arc.queued", ahead=(job.queue_position() or 1) - 1 + runs.training_pool().running))
            return
        last = job.latest()
        if last is None:
            st.caption(t("arc.starting"))
            return
        stage = names().get(last.stage, t("arc.scoring"))
        loss = "" if last.loss is None else f" · loss {last.loss:.3f}"
        st.progress(min(last.fraction, 1.0), text=f"{stage}{loss} · {last.seconds:.0f} s")

    view()


# ---------------------------------------------------------------- the table
def results(arc: lm.Arc) -> None:
    st.subheader(t("arc.results"))
    d, n = arc.data, names()
    st.caption(
        t(
            "arc.data_stats",
            name=ui.md_escape(d.name),
            train=d.train_tokens(),
            heldout=d.heldout_tokens(),
            sentences=len(d.heldout),
            vocab=d.V,
            unk=d.heldout_unk,
        )
    )
    sees = {"lookup": t("arc.sees_lookup", k=lm.ORDER), "embedding": t("arc.sees_embedding", k=lm.ORDER)}
    sees["transformer"] = t("arc.sees_transformer", k=arc.models["transformer"].config.block_size)
    ui.table(
        pd.DataFrame(
            {
                t("arc.col_model"): [n[m] for m in lm.MODELS],
                t("arc.col_sees"): [sees[m] for m in lm.MODELS],
                t("arc.col_ppl"): [round(arc.perplexity[m], 2) for m in lm.MODELS],
                t("arc.col_seconds"): [round(arc.seconds[m], 1) for m in lm.MODELS],
            }
        ),
        key="arc_table",
    )
    c1, c2 = st.columns(2)
    c1.metric(t("arc.unseen"), f"{arc.unseen:.1%}", help=t("arc.unseen_help", k=lm.ORDER))
    c2.metric(t("arc.uniform"), f"{d.V:,}", help=t("arc.uniform_help"))
    st.markdown(verdict(arc))
    if arc.cut_short:
        st.warning(t("arc.cut_short"))
    ui.plot(
        arc_charts.losses(
            {m: arc.losses[m] for m in ("embedding", "transformer")},
            n,
            (t("arc.loss_title"), t("arc.loss_x"), t("arc.loss_y")),
        ),
        key="arc_losses",
    )


def verdict(arc: lm.Arc) -> str:
    """What the numbers show, and no more: the ranking, and "clearly" only where the ratio says so."""
    p, n = arc.perplexity, names()
    ranked = sorted(lm.MODELS, key=p.get)
    lookup, best = p["lookup"], ranked[0]
    if best == "lookup":
        return t("arc.verdict_lookup_best", best=n[best])
    ratio = p[best] / lookup
    key = "arc.verdict_clear" if ratio <= CLEARLY else "arc.verdict_slight"
    text = t(key, best=n[best], ratio=1 / ratio, ppl=p[best], lookup=lookup)
    if p["transformer"] > p["embedding"]:
        text += " " + t("arc.verdict_embedding_over_transformer")
    return text


# ---------------------------------------------------------------- one held-out sentence, three answers
def compare(arc: lm.Arc) -> None:
    st.subheader(t("arc.compare"))
    d = arc.data
    shown = d.heldout[:200]
    i = st.selectbox(
        t("arc.sentence"),
        range(len(shown)),
        key="arc_sentence",
        format_func=lambda i: " ".join(d.words[w] for w in shown[i]) or "∅",
    )
    i = min(i, len(shown) - 1)  # a linked or stale choice beyond this corpus's held-out sentences
    sentence = shown[i]
    words = ["<s>", *(d.words[w] for w in sentence)]
    if st.session_state.get("arc_position", 0) > len(sentence):  # a shorter sentence than the last one
        st.session_state["arc_position"] = len(sentence)
    position = st.slider(t("arc.position"), 0, len(sentence), key="arc_position", help=t("arc.position_help"))
    truth = d.words[sentence[position]] if position < len(sentence) else "</s>"
    st.markdown(
        t("arc.context", context=ui.md_escape(" ".join(words[: position + 1])), truth=ui.md_escape(truth))
    )
    columns = st.columns(3)
    n = names()
    for col, m in zip(columns, lm.MODELS):
        rows = rows_for(arc, m, i, position)
        p_true = float(rows[1][d.index[truth]])
        with col:
            ui.plot(arc_charts.next_words(rows[0], truth, n[m], m), key=f"arc_next_{m}")
            st.caption(t("arc.p_truth", truth=ui.md_escape(truth), p=p_true))
            if m == "lookup":
                seen = arc.models["lookup"].seen([0, *sentence[:position].tolist()])
                st.caption(t("arc.backoff", k=seen) if seen else t("arc.backoff_none"))


def rows_for(arc: lm.Arc, model: str, i: int, position: int):
    """(top words with P, the full (V,) distribution) of `model` at `position` of held-out sentence i;
    memoised per Arc: the class redraws the same view."""

    def build():
        probs = arc.models[model].next_log_probs(arc.data.heldout[i])[position].exp().numpy()  # (V,)
        top = np.argsort(-probs)[:TOP]
        return [(arc.data.words[j], float(probs[j])) for j in top], probs

    return ui.memo(arc, (model, i, position), build)
