"""Transformer (C13, C1): the encoder–decoder figure, clickable, and a tiny Chinese → English translator
trained live that translates adjective + fruit combinations it never saw."""

import threading

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import jobs
from core import translation as tl
from core.errors import LabError
import ui
from ui import transformer_charts
from ui import t

MAX_SECONDS = 60
# Translators training at once in this process; the others wait in line. One: a run takes ~15 s of one
# core, and the machine's other core must keep every student's page answering.
TRAINING_SLOTS = 1
EXAMPLE = ("这是一个红苹果", "this is a red apple")  # the lecture's sentence, drawn in the figure
BLOCKS = list(transformer_charts.BLOCKS)


# ---------------------------------------------------------------- shared, input-keyed state
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


def current(seed: int) -> dict | None:
    """{"model", "report", "seed"}: this session's own run for `seed`, else the process's shared one."""
    mine = st.session_state.get("tf_trained")
    if mine and mine["seed"] == seed:
        return mine
    return slot(seed).trained


def report(model, test) -> list[tuple[str, str, str, bool]]:
    got = model.translate_many([zh for zh, _ in test])
    return [(zh, en, g, g == en) for g, (zh, en) in zip(got, test)]


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
        out = model.greedy_steps(zh, top=1) if model else [tl.Step(en.split()[:i], [(w, 1.0)], w)
                                                             for i, w in enumerate([*en.split(), "<eos>"])]
        k = c2.slider(t("transformer.infer_step"), 1, len(out), 1, key="tf_infer_step")
        step = out[k - 1]
        tgt_detail = " ".join(["&lt;bos&gt;", *step.prefix])
        chosen = step.chosen.replace("<", "&lt;").replace(">", "&gt;")
        top_detail = f"→ <b>{chosen}</b> ({step.candidates[0][1]:.0%})"
    labels = {b: t(f"transformer.b_{b}") if f"transformer.b_{b}" in ui.i18n.STRINGS else
              t(f"transformer.b_{b}_{mode}") for b in BLOCKS}
    details = {"src_in": " ".join(src), "tgt_in": tgt_detail, "top": top_detail}
    cfg = tl.TransformerConfig()
    selected = st.session_state.setdefault("tf_block", None)
    fig = cached_figure(mode, labels, details, selected,
                                    (t("transformer.encoder", n=cfg.n_enc), t("transformer.decoder", n=cfg.n_dec)),
                                    t("transformer.memory"), t("transformer.loop"))
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
                st.page_link("pages/attention.py", label=t("transformer.see_attention"), icon=":material/grid_on:")


@st.cache_resource(show_spinner=False, max_entries=256)
def cached_figure(*args) -> go.Figure:
    """The figure's ~60 shapes take ~80 ms to build: build each variant once per process (read-only)."""
    return transformer_charts.figure(*args)


def _clicked() -> None:
    points = st.session_state["tf_figure"].selection.points
    if points:
        st.session_state["tf_block"] = points[0]["customdata"]


# ---------------------------------------------------------------- the live translator
def loss_figure(losses) -> go.Figure:
    steps, values, _ = zip(*losses) if losses else ((), (), ())
    fig = go.Figure(go.Scatter(x=steps, y=values, mode="lines+markers", line=dict(color="#c1121f")))
    fig.update_layout(title=t("transformer.loss_curve"), height=300, margin=dict(l=10, r=10, t=40, b=10),
                      xaxis_title=t("transformer.step"), yaxis_title=t("transformer.loss"), yaxis_type="log")
    fig.update_yaxes(dtick=1, tickformat=".3~g")  # one label per power of ten
    return fig


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
    seed = int(st.session_state["tf_seed"])   # as sent with the click
    train_pairs, test = corpus(seed)
    # A test may shorten the run through session state; students always get the full budget.
    max_seconds = st.session_state.get("tf_max_seconds", MAX_SECONDS)
    shared, alive = slot(seed), ui.session_alive()
    with shared.lock:
        job = shared.running.get(max_seconds)
        watching = job is not None and job.busy
        if watching:
            job.watch(alive)   # it lives on while any of its students is here
        else:
            job = jobs.BackgroundJob(lambda: _training(seed, train_pairs, test, max_seconds, shared),
                                     alive=alive, pool=training_pool(), name="latent-lab-translator").start()
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
            st.rerun(scope="app")   # the run ended: redraw the whole page once, without the timer
        if job.state == "failed":
            if isinstance(job.error, LabError):
                ui.show_error(job.error)
            else:
                st.error(t("transformer.failed"), icon=":material/error:")
            return
        seed = st.session_state.get("tf_job_seed", 0)
        if st.session_state.get("tf_watching"):
            st.info(t("transformer.waiting"), icon=":material/group:")
        position = job.queue_position()
        if job.state == "queued":
            ahead = (position or 1) - 1 + training_pool().running
            st.info(t("transformer.queued", ahead=ahead, seed=seed, slots=TRAINING_SLOTS),
                    icon=":material/hourglass_top:")
            return
        last = job.latest()
        if last is None:
            st.caption(t("transformer.starting", seed=seed))
            return
        st.progress(last.step / last.steps, text=t("transformer.training", step=last.step, loss=last.loss,
                                                      seconds=last.seconds))
        ui.plot(loss_figure([(e.step, e.loss, e.seconds) for e in job.events]), key="tf_live_loss")

    view()


def translator_section() -> tuple[dict | None, int]:
    st.subheader(t("transformer.translator"))
    seed = int(st.number_input(t("transformer.seed"), 0, 99, key="tf_seed"))
    train_pairs, test = corpus(seed)
    held = "、".join(a + f for a, f in tl.HELD_OUT)
    st.markdown(t("transformer.corpus_info", n_train=len(train_pairs), n_test=len(test), held=held,
                  zh=EXAMPLE[0], en=EXAMPLE[1]))
    trained = current(seed)
    job = st.session_state.get("tf_job")
    label = t("transformer.retrain") if trained else t("transformer.train", seconds=MAX_SECONDS)
    # One run per session at a time: a student cannot fill the line with runs of their own.
    st.button(label, key="tf_train", type="secondary" if trained else "primary",
              disabled=job is not None and job.busy, on_click=start)
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
    ui.plot(loss_figure(model.losses), key="tf_loss")
    return trained, seed


def translate_section(trained: dict, seed: int) -> None:
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
        return
    st.markdown(f"### {t('transformer.output')}: **{out}**")
    seen = zh.strip() in {z for z, _ in train_pairs}
    st.caption(t("transformer.seen_badge") if seen else t("transformer.unseen_badge"))
    c1, c2 = st.columns([1, 1])
    with c1:
        st.markdown(f"**{t('transformer.steps')}**")
        st.table(pd.DataFrame({
            t("transformer.col_prefix"): [" ".join(["<bos>", *s.prefix]) for s in steps],
            t("transformer.col_chosen"): [s.chosen for s in steps],
            t("transformer.col_prob"): [f"{s.candidates[0][1]:.1%}" for s in steps],
            t("transformer.col_others"): [" · ".join(f"{w} {p:.1%}" for w, p in s.candidates[1:]) for s in steps],
        }, index=pd.RangeIndex(1, len(steps) + 1, name=t("transformer.col_step"))))
    with c2:
        heatmap(model, zh)


def heatmap(model, zh: str) -> None:
    st.markdown(f"**{t('transformer.heatmap')}**")
    cfg = model.model.config
    a, b = st.columns(2)
    layer = a.selectbox(t("transformer.layer"), range(cfg.n_dec), index=0, key="tf_layer",
                        format_func=lambda i: str(i + 1))
    head = b.selectbox(t("transformer.head"), [None, *range(cfg.n_head)], key="tf_head",
                       format_func={None: t("transformer.head_mean"), **{h: str(h + 1) for h in range(cfg.n_head)}}.get)
    src, tgt, w = model.cross_attention(zh, layer=layer, head=head)
    fig = go.Figure(go.Heatmap(z=w, x=[f"{i}:{s}" for i, s in enumerate(src)],
                               y=[f"{i}:{s}" for i, s in enumerate(tgt)], colorscale="Oranges", zmin=0, zmax=1,
                               text=[[f"{v:.2f}" for v in row] for row in w], texttemplate="%{text}",
                               hovertemplate="%{y} → %{x}: %{z:.2f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=10, b=10))
    ui.plot(fig, key="tf_heatmap")
    st.caption(t("transformer.heatmap_caption"))


def _one_per_pair(test) -> list[str]:
    """A few held-out sentences, each held-out pair in two shapes."""
    picks = []
    for adj, fruit in tl.HELD_OUT:
        mine = [zh for zh, _ in test if adj in zh and fruit in zh]
        picks += mine[:1]
    return picks + [zh for zh, _ in test if "很" in zh][:2]


def heldout_table(trained: dict) -> None:
    with st.expander(t("transformer.heldout_table")):
        st.dataframe(pd.DataFrame(trained["report"], columns=[t("transformer.col_zh"), t("transformer.col_expected"),
                                                              t("transformer.col_got"), t("transformer.col_ok")]),
                     hide_index=True)


ui.header("transformer")
collect()
trained = current(st.session_state.get("tf_seed", 0))
figure_section(trained["model"] if trained else None)
trained, seed = translator_section()
if trained:
    translate_section(trained, seed)
    heldout_table(trained)
