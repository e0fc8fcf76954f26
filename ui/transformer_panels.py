"""The Transformer page's panels: the clickable encoder–decoder figure, the live translator (training as
a background job, its loss and held-out accuracy), a translation with its greedy steps, and the test set."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import ui
from core import jobs
from core import translation as tl
from core.errors import LabError
from ui import t, transformer_charts
from ui import transformer_attention as attention_panels
from ui.transformer_jobs import MAX_SECONDS, TRAINING_SLOTS, corpus, current, start, training_pool

EXAMPLE = ("这是一个红苹果", "this is a red apple")  # the lecture's sentence, drawn in the figure
BLOCKS = list(transformer_charts.BLOCKS)


# ---------------------------------------------------------------- the figure
def figure_section(model) -> None:
    st.subheader(t("transformer.figure"))
    c1, c2 = st.columns([1, 2])
    # A toggle, not a segmented control: a bool survives the language switch (see ui.keep_choices).
    inference = c1.toggle(t("transformer.mode_infer"), key="tf_infer", help=t("transformer.mode_help"))
    mode = "infer" if inference else "train"
    zh, en = EXAMPLE
    src = tl.tokenize_zh(zh)
    if mode == "train":
        top_detail = f"vs “{en} &lt;eos&gt;”"
        tgt_detail = "&lt;bos&gt; " + en
    else:
        out = (
            model.greedy_steps(zh, top=1)
            if model
            else [tl.Step(en.split()[:i], [(w, 1.0)], w) for i, w in enumerate([*en.split(), "<eos>"])]
        )
        if st.session_state.get("tf_infer_step", 1) > len(out):  # a link's step for a shorter output
            del st.session_state["tf_infer_step"]
        k = c2.slider(t("transformer.infer_step"), 1, len(out), 1, key="tf_infer_step")
        step = out[k - 1]
        tgt_detail = " ".join(["&lt;bos&gt;", *step.prefix])
        chosen = step.chosen.replace("<", "&lt;").replace(">", "&gt;")
        top_detail = f"→ <b>{chosen}</b> ({step.candidates[0][1]:.0%})"
    labels = {
        b: t(f"transformer.b_{b}")
        if f"transformer.b_{b}" in ui.i18n.STRINGS
        else t(f"transformer.b_{b}_{mode}")
        for b in BLOCKS
    }
    details = {"src_in": " ".join(src), "tgt_in": tgt_detail, "top": top_detail}
    cfg = tl.TransformerConfig()
    selected = st.session_state.setdefault("tf_block", None)
    fig = cached_figure(
        mode,
        labels,
        details,
        selected,
        (t("transformer.encoder", n=cfg.n_enc), t("transformer.decoder", n=cfg.n_dec)),
        t("transformer.memory"),
        t("transformer.loop"),
    )
    left, right = st.columns([3, 2])
    with left:
        ui.plot(fig, key="tf_figure", on_select=_clicked, selection_mode="points", theme=None)
    with right:
        st.caption(t("transformer.figure_help"))
        block = st.radio(t("transformer.block"), BLOCKS, key="tf_block", format_func=lambda b: labels[b])
        if block:
            key = f"transformer.x_{block}"
            key = key if key in ui.i18n.STRINGS else f"{key}_{mode}"
            st.info(t(key, n=cfg.n_enc if block.startswith("enc") else cfg.n_dec), icon=":material/info:")
            if block in ("enc_self", "dec_self", "dec_cross"):
                st.page_link(
                    "pages/attention.py", label=t("transformer.see_attention"), icon=":material/grid_on:"
                )


@st.cache_resource(show_spinner=False, max_entries=256)
def cached_figure(*args) -> go.Figure:
    """The figure's ~60 shapes take ~80 ms to build: build each variant once per process (read-only)."""
    return transformer_charts.figure(*args)


def _clicked() -> None:
    points = st.session_state["tf_figure"].selection.points
    if points:
        st.session_state["tf_block"] = points[0]["customdata"]


# ---------------------------------------------------------------- the live translator
def progress_view() -> None:
    """The session's run while it waits or trains: its place in line, or its step, loss and curve."""
    job: jobs.BackgroundJob | None = st.session_state.get("tf_job")
    busy = job is not None and job.busy

    @st.fragment(run_every=0.5 if busy else None)
    def view():
        job: jobs.BackgroundJob | None = st.session_state.get("tf_job")
        if job is None:
            return
        if busy and not job.busy:
            st.rerun(scope="app")  # the run ended: redraw the whole page once, without the timer
        if job.state == "failed":
            ui.show_failure(job.error)
            return
        seed = st.session_state.get("tf_job_seed", 0)
        if st.session_state.get("tf_watching"):
            st.info(t("transformer.waiting"), icon=":material/group:")
        position = job.queue_position()
        if job.state == "queued":
            ahead = (position or 1) - 1 + training_pool().running
            st.info(
                t("transformer.queued", ahead=ahead, seed=seed, slots=TRAINING_SLOTS),
                icon=":material/hourglass_top:",
            )
            return
        last = job.latest()
        if last is None:
            st.caption(t("transformer.starting", seed=seed))
            return
        st.progress(
            last.step / last.steps,
            text=t("transformer.training", step=last.step, loss=last.loss, seconds=last.seconds),
        )
        ui.plot(
            transformer_charts.loss_curve([(e.step, e.loss, e.seconds) for e in job.events], loss_labels()),
            key="tf_live_loss",
        )

    view()


def translator_section() -> tuple[dict | None, int]:
    st.subheader(t("transformer.translator"))
    seed = int(st.number_input(t("transformer.seed"), 0, 99, key="tf_seed"))
    train_pairs, test = corpus(seed)
    held = "、".join(a + f for a, f in tl.HELD_OUT)
    st.markdown(
        t(
            "transformer.corpus_info",
            n_train=len(train_pairs),
            n_test=len(test),
            held=held,
            zh=EXAMPLE[0],
            en=EXAMPLE[1],
        )
    )
    trained = current(seed)
    job = st.session_state.get("tf_job")
    label = t("transformer.retrain") if trained else t("transformer.train", seconds=MAX_SECONDS)
    # One run per session at a time: a student cannot fill the line with runs of their own.
    st.button(
        label,
        key="tf_train",
        type="secondary" if trained else "primary",
        disabled=job is not None and job.busy,
        on_click=start,
    )
    progress_view()
    if trained is None:
        if job is None:
            st.caption(t("transformer.no_model"))
        return None, seed
    if trained is not st.session_state.get("tf_trained"):
        st.caption(t("transformer.shared_model"))
    model = trained["model"]
    if not model.finished:
        st.warning(t("transformer.cut_short"))
    rows = trained["report"]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("transformer.params"), f"{model.n_parameters:,}")
    c2.metric(t("transformer.seconds"), f"{model.seconds:.1f} s")
    c3.metric(t("transformer.accuracy"), f"{sum(r[3] for r in rows) / len(rows):.1%}")
    ui.plot(transformer_charts.loss_curve(model.losses, loss_labels()), key="tf_loss")
    return trained, seed


def loss_labels() -> tuple[str, str, str]:
    return t("transformer.loss_curve"), t("transformer.step"), t("transformer.loss")


def translate_section(trained: dict, seed: int) -> str | None:
    """The sentence box, its translation and greedy steps; returns the sentence if it translated."""
    model = trained["model"]
    train_pairs, test = corpus(seed)
    suggestions = list(dict.fromkeys(_one_per_pair(test)))
    st.caption(t("transformer.suggestions"))
    pick = st.pills(t("transformer.suggestions"), suggestions, key="tf_pick", label_visibility="collapsed")
    if pick and pick != st.session_state.get("tf_last_pick"):
        st.session_state["tf_text"] = pick
    st.session_state["tf_last_pick"] = pick
    st.session_state.setdefault("tf_text", suggestions[0])
    zh = st.text_input(t("transformer.input"), key="tf_text")
    try:
        out = model.translate(zh)
        steps = model.greedy_steps(zh, top=4)
    except LabError as err:
        ui.show_error(err)
        return None
    st.markdown(f"### {t('transformer.output')}: **{out}**")
    seen = zh.strip() in {z for z, _ in train_pairs}
    st.caption(t("transformer.seen_badge") if seen else t("transformer.unseen_badge"))
    c1, c2 = st.columns([1, 1])
    with c1:
        st.markdown(f"**{t('transformer.steps')}**")
        st.table(
            pd.DataFrame(
                {
                    t("transformer.col_prefix"): [" ".join(["<bos>", *s.prefix]) for s in steps],
                    t("transformer.col_chosen"): [s.chosen for s in steps],
                    t("transformer.col_prob"): [f"{s.candidates[0][1]:.1%}" for s in steps],
                    t("transformer.col_others"): [
                        " · ".join(f"{w} {p:.1%}" for w, p in s.candidates[1:]) for s in steps
                    ],
                },
                index=pd.RangeIndex(1, len(steps) + 1, name=t("transformer.col_step")),
            )
        )
    with c2:
        attention_panels.alignment_panel(model, zh, t)
    return zh


def _one_per_pair(test) -> list[str]:
    """A few held-out sentences, each held-out pair in two shapes."""
    picks = []
    for adj, fruit in tl.HELD_OUT:
        mine = [zh for zh, _ in test if adj in zh and fruit in zh]
        picks += mine[:1]
    return picks + [zh for zh, _ in test if "很" in zh][:2]


def heldout_table(trained: dict) -> None:
    with st.expander(t("transformer.heldout_table")):
        st.dataframe(
            pd.DataFrame(
                trained["report"],
                columns=[
                    t("transformer.col_zh"),
                    t("transformer.col_expected"),
                    t("transformer.col_got"),
                    t("transformer.col_ok"),
                ],
            ),
            hide_index=True,
        )
