"""The Why-embeddings page's panels, one per section: the lookup table against the embedding, blending,
one-hot @ W, the identity trap, the pseudo-inverse timing, the linear network and its activations."""

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
import torch

import ui
from core import facts
from core.corpus import tokenize
from core.errors import LabError
from core.identity import TRAP_WORDS, nearest_words, neighbour_agreement
from core.linear_net import ACTIVATIONS, hidden_layer, train_cbow
from core.lookup import LookupTable, blend, embedding_answer, one_hot, one_hot_times_W
from core.pinv_cost import SIZES, measure
from ui import links, why_charts
from ui.why_trap import collect_trap, start_trap, trap_pool

# The corner of W′W drawn as a heatmap (its first words, which are the most frequent: a vocabulary is
# sorted by count).
HEATMAP_WORDS = 100
ONEHOT_ROWS = 100  # rows of W drawn next to the one-hot vector


@st.cache_resource(show_spinner=False, max_entries=4)
def lookup_table(name: str, tokenizer: str, min_count: int, max_vocab: int | None):
    return LookupTable.from_corpus(ui.bundled_corpus(name, tokenizer, min_count, max_vocab), window=2)


def _bars(pairs, title: str, color: str = "#636efa"):
    """why_charts.bars, built once per content for every session: read-only (ui.plot draws a copy)."""
    return _bars_of(tuple((str(w), float(v)) for w, v in pairs), title, color)


@functools.lru_cache(maxsize=64)
def _bars_of(pairs: tuple, title: str, color: str):
    return why_charts.bars(list(pairs), title, color)


def bundled_name(m) -> str | None:
    """The corpora/ file stem the model was trained on, or None (an upload: its text is not kept)."""
    stem = Path(m.corpus_name).stem
    return stem if (ui.CORPORA / f"{stem}.txt").is_file() else None


def table_model_for(model):
    """The model the lookup table is built from: `model`, or the default model when `model` was trained on
    an uploaded corpus (the table needs the corpus text, and an upload's is not kept)."""
    return model if bundled_name(model) else ui.default_model()


def corpus_args(m) -> tuple:
    """The bundled corpus of `m` as ui.bundled_corpus's arguments (name, tokenizer, min_count, max_vocab)."""
    return (bundled_name(m), m.tokenizer, m.config.min_count, m.config.max_vocab)


# ---- 1. lookup table vs embedding (C1, C2) ---------------------------------------------------------
def lookup_panel(model, table_model, t) -> None:
    """The table's answer (or its silence) beside the embedding's, for a context typed by the student."""
    zh = table_model.tokenizer == "jieba"
    st.header(t("why.lookup.title"))
    st.markdown(t("why.lookup.text"))
    if table_model is not model:
        st.caption(t("why.lookup.fallback"))
    c1, c2 = st.columns(2)
    # keyed by the model's language: the default model follows the UI's, and its example must follow it
    language = "zh" if zh else "en"
    left = c1.text_input(
        t("why.lookup.left"), "这是一个很" if zh else "this is a very", key=f"why_left_{language}"
    )
    right = c2.text_input(t("why.lookup.right"), "的苹果" if zh else "apple", key=f"why_right_{language}")
    try:
        tokens_left, tokens_right = (
            tokenize(left, table_model.tokenizer),
            tokenize(right, table_model.tokenizer),
        )
        table = lookup_table(*corpus_args(table_model))
        st.markdown(t("why.lookup.key", left=" ".join(tokens_left[-2:]), right=" ".join(tokens_right[:2])))
        answer = table.answer(tokens_left, tokens_right)
        emb = embedding_answer(table_model, tokens_left, tokens_right)
        c1, c2 = st.columns(2)
        with c1:
            st.subheader(t("why.lookup.table", keys=len(table)))
            if answer is None:
                st.warning(t("why.lookup.no_key"), icon=":material/block:")
            else:
                ui.plot(_bars(answer, t("why.lookup.table_answer"), "#ef553b"))
        with c2:
            st.subheader(t("why.lookup.embedding"))
            ui.plot(_bars(emb, t("why.lookup.embedding_answer")))
    except LabError as err:
        ui.show_error(err)


def blend_panel(table_model, t) -> None:
    """The words nearest to the mean of two words' vectors."""
    zh = table_model.tokenizer == "jieba"
    st.subheader(t("why.blend.title"))
    c1, c2, c3 = st.columns([1, 1, 2])
    # keyed by the model's language, as the lookup's: an English model has no 红 to blend
    language = "zh" if zh else "en"
    a = c1.text_input(t("why.blend.a"), "红" if zh else "red", key=f"why_blend_a_{language}").strip()
    b = c2.text_input(t("why.blend.b"), "绿" if zh else "green", key=f"why_blend_b_{language}").strip()
    try:
        near = blend(table_model, [a, b])
        with c3:
            st.markdown(t("why.blend.text", a=a, b=b))
            ui.table(
                pd.DataFrame(
                    {
                        t("why.word"): [w for w, _ in near],
                        t("why.category"): [
                            ui.category_name(ui.categories(table_model).get(w, "–")) for w, _ in near
                        ],
                        "cos": [round(s, 3) for _, s in near],
                    }
                ),
                key="why_blend_table",
            )
    except LabError as err:
        ui.show_error(err)


def onehot_panel(model, zh: bool, t) -> None:
    """one-hot @ W drawn beside W: it selects the word's row."""
    links.anchor("onehot")
    st.subheader(t("why.onehot.title"))
    st.markdown(t("why.onehot.text", V=len(model.words), d=model.config.dim))
    if st.session_state.get("why_onehot_word", model.words[0]) not in model.index:  # a link's word
        del st.session_state["why_onehot_word"]
    word = st.selectbox(
        t("why.word"), model.words, index=model.index.get("苹果" if zh else "apple", 0), key="why_onehot_word"
    )
    product, row = one_hot_times_W(model, word)
    i, V = model.index[word], len(model.words)
    # At most ONEHOT_ROWS rows of W around the word: all of a 50,000-word W would be a ~30 MB chart per rerun.
    lo = min(max(i - ONEHOT_ROWS // 2, 0), max(V - ONEHOT_ROWS, 0))
    hi = min(lo + ONEHOT_ROWS, V)
    labels = (t("why.onehot.x"), t("why.onehot.W"), t("why.onehot.row", d=model.config.dim))
    figure = ui.memo(
        model,
        ("onehot", i, labels),
        lambda: why_charts.one_hot_picture(
            one_hot(i, V).numpy()[lo:hi], model.W.detach()[lo:hi].numpy(), i - lo, model.words[lo:hi], labels
        ),
    )
    ui.plot(figure)
    if hi - lo < V:
        st.caption(t("why.onehot.window", lo=lo + 1, hi=hi, V=V))
    st.caption(t("why.onehot.equal", diff=float(np.abs(product - row).max())))


# ---- 2. the identity trap (C4) ---------------------------------------------------------------------
def trap_loss_curve(events, t) -> "why_charts.go.Figure":
    return why_charts.loss_curve(
        [e.step for e in events],
        [e.loss for e in events],
        [e.accuracy for e in events],
        (t("why.trap.loss"), t("why.trap.accuracy"), t("why.trap.step")),
    )


def trap_progress(t) -> None:
    """The session's run while it waits or trains: its place in line, or its loss curve so far."""
    job, _ = st.session_state.get("why_trap_job", (None, None))
    busy = job is not None and job.busy

    @st.fragment(run_every=0.3 if busy else None)
    def view():
        job, _ = st.session_state.get("why_trap_job", (None, None))
        if job is None:
            return
        if busy and not job.busy:
            st.rerun(scope="app")  # the run ended: redraw the whole page once, without the timer
        if job.state == "failed":
            ui.show_failure(job.error)
        elif job.state == "queued":
            st.info(
                t("why.trap.queued", ahead=(job.queue_position() or 1) - 1 + trap_pool().running),
                icon=":material/hourglass_top:",
            )
        elif job.events:
            last = job.latest()
            st.progress(last.step / last.steps, text=t("why.trap.training", step=last.step, steps=last.steps))
            ui.plot(trap_loss_curve(job.events, t), key="why_trap_live")

    view()


def trap_panel(model, zh: bool, t) -> None:
    """Train token → W → W′ → token as a background job; its loss, and its neighbours against the model's."""
    categories = ui.categories(model)
    collect_trap()
    links.anchor("trap")
    st.header(t("why.trap.title"))
    st.markdown(t("why.trap.text"))
    c1, c2, c3 = st.columns(3)
    c1.slider(t("why.trap.d"), 2, 64, 8, key="why_trap_d")
    c2.slider(t("why.trap.steps"), 50, 1000, 300, step=50, key="why_trap_steps")
    c3.select_slider(t("why.trap.lr"), [0.001, 0.003, 0.01, 0.03, 0.1], 0.01, key="why_trap_lr")
    st.caption(t("why.trap.limit", limit=TRAP_WORDS, V=len(model.words), n=min(len(model.words), TRAP_WORDS)))
    trap_job, _ = st.session_state.get("why_trap_job", (None, None))
    st.button(
        t("why.trap.train"),
        type="primary",
        key="why_trap_train",
        disabled=trap_job is not None and trap_job.busy,
        on_click=start_trap,
        args=(model,),
    )
    trap_progress(t)

    if (
        st.session_state.get("why_trap")
        and st.session_state["why_trap"][1]
        and st.session_state["why_trap"][2] is model
    ):
        trap, events, _ = st.session_state["why_trap"]
        last = events[-1]
        ui.plot(trap_loss_curve(events, t), key="why_trap_loss")
        first_perfect = next((e.step for e in events if e.accuracy == 1.0), None)
        m1, m2, m3 = st.columns(3)
        m1.metric(t("why.trap.final_loss"), f"{last.loss:.2e}")
        m2.metric(t("why.trap.reconstruction"), f"{last.accuracy:.0%}")
        m3.metric(t("why.trap.first_perfect"), "–" if first_perfect is None else first_perfect)

        # The model's vectors of the trap's words: both sides compared on the same (most frequent) words.
        learned_W = model.W.detach()[[model.index[w] for w in trap.words]]  # (n, d)
        st.subheader(t("why.trap.neighbours"))
        if categories:
            try:
                trapped = neighbour_agreement(trap.W, trap.words, categories)
                learned = neighbour_agreement(learned_W, trap.words, categories)
                m1, m2, m3 = st.columns(3)
                m1.metric(t("why.trap.agree_model", arch=model.config.arch.upper()), f"{learned.score:.0%}")
                m2.metric(t("why.trap.agree_trap"), f"{trapped.score:.0%}")
                m3.metric(t("why.trap.agree_chance"), f"{trapped.chance:.0%}")
                st.caption(t("why.trap.agree_help", n=trapped.n_words))
            except LabError as err:
                ui.show_error(err)
        else:
            st.caption(t("why.trap.no_categories"))
        in_trap = set(trap.words)
        default = [
            w
            for w in (
                ["苹果", "红", "甜", "便宜", "妈妈", "超市"]
                if zh
                else ["apple", "red", "sweet", "cheap", "mom", "market"]
            )
            if w in in_trap
        ]
        chosen = st.multiselect(
            t("why.word"), trap.words, default=default or trap.words[:5], key="why_trap_words"
        )
        ui.table(
            pd.DataFrame(
                {
                    t("why.word"): chosen,
                    t("why.trap.near_model", arch=model.config.arch.upper()): [
                        "  ".join(nearest_words(learned_W, trap.words, w, 4)) for w in chosen
                    ],
                    t("why.trap.near_trap"): [
                        "  ".join(nearest_words(trap.W, trap.words, w, 4)) for w in chosen
                    ],
                }
            ),
            key="why_trap_table",
        )

        st.subheader(t("why.trap.product_title"))
        st.markdown(t("why.trap.product_text", d=trap.W.shape[1], V=len(trap.words)))
        c1, c2 = st.columns(2)
        with c1:
            shown = min(len(trap.words), HEATMAP_WORDS)  # the first (most frequent) words: a readable picture
            with torch.no_grad():
                P = (trap.W_prime[:shown] @ trap.W[:shown].T).numpy()  # (shown, shown), a corner of W′W
            ui.plot(why_charts.product_heatmap(P, trap.words[:shown], t("why.trap.heatmap")))
            if shown < len(trap.words):
                st.caption(t("why.trap.heatmap_part", shown=shown, V=len(trap.words)))
        with c2:
            sv = st.session_state["why_trap_sv"]
            ui.plot(
                why_charts.singular_values(
                    sv, trap.W.shape[1], t("why.trap.sv"), t("why.trap.sv_d", d=trap.W.shape[1])
                )
            )
            st.caption(
                t(
                    "why.trap.sv_caption",
                    nonzero=int(np.sum(sv > 1e-9 * sv[0])),
                    V=len(sv),
                    ratio=float(sv[trap.W.shape[1]] / sv[0]) if len(sv) > trap.W.shape[1] else 0.0,
                )
            )
    elif trap_job is None:
        st.caption(t("why.trap.press"))


# ---- 3. pseudo-inverse vs gradient steps (C10) -----------------------------------------------------
def pinv_growth(costs, t) -> str:
    """How the measured square inverse and gradient step grew, over the sizes where both were measured."""
    measured = ~np.isnan(costs.square)
    sizes = costs.sizes[measured]
    square, p_square = facts.growth(sizes, costs.square[measured])
    step, p_step = facts.growth(sizes, costs.step[measured])
    return t(
        "why.pinv.growth",
        v0=f"{sizes[0]:,}",
        v1=f"{sizes[-1]:,}",
        k=f"{sizes[-1] / sizes[0]:.0f}",
        square=f"{square:.0f}",
        p_square=f"{p_square:.1f}",
        step=f"{step:.1f}",
        p_step=f"{p_step:.1f}",
    )


def pinv_panel(t) -> None:
    """The measured cost of a pseudo-inverse against a gradient step, as V grows."""
    links.anchor("pinv")
    st.header(t("why.pinv.title"))
    st.markdown(t("why.pinv.text"))
    c1, c2, c3 = st.columns(3)
    pinv_d = c1.select_slider(t("why.pinv.d"), [8, 16, 32, 64], 32, key="why_pinv_d")
    largest = c2.select_slider(
        t("why.pinv.largest"), [s for s in SIZES if s >= 1000], SIZES[-1], key="why_pinv_largest"
    )
    max_square = c3.select_slider(
        t("why.pinv.max_square"), [200, 500, 1000, 1500, 2000], 1000, key="why_pinv_max_square"
    )
    if st.button(t("why.pinv.measure"), type="primary", key="why_pinv_measure"):
        with st.spinner(t("why.pinv.measuring")):
            st.session_state["why_costs"] = measure(
                [s for s in SIZES if s <= largest], dim=pinv_d, max_square=max_square
            )
    if "why_costs" in st.session_state:
        costs = st.session_state["why_costs"]
        ui.plot(
            why_charts.costs(
                costs,
                {
                    k: t(f"why.pinv.{k}", d=costs.dim)
                    for k in (
                        "square",
                        "square_extrapolated",
                        "pinv",
                        "step",
                        "ref_cubic",
                        "ref_linear",
                        "seconds",
                    )
                },
            )
        )
        ui.table(
            pd.DataFrame(
                {
                    "V": costs.sizes,
                    t("why.pinv.pinv", d=costs.dim): [f"{s * 1e3:.3f} ms" for s in costs.pinv],
                    t("why.pinv.step", d=costs.dim): [f"{s * 1e3:.3f} ms" for s in costs.step],
                    t("why.pinv.square", d=costs.dim): [
                        f"{m * 1e3:.1f} ms"
                        if not np.isnan(m)
                        else f"≈ {e:.3g} s ({t('why.pinv.extrapolated')})"
                        for m, e in zip(costs.square, costs.square_extrapolated)
                    ],
                }
            ),
            key="why_pinv_table",
        )
        st.markdown(pinv_growth(costs, t))
        st.caption(t("why.pinv.caption", max_square=costs.max_square))
    else:
        st.caption(t("why.pinv.press"))
    st.info(t("why.pinv.independent"), icon=":material/lightbulb:")


# ---- 4. the linear network (C10, C11) --------------------------------------------------------------
def linear_panel(model, zh: bool, t) -> None:
    """The hidden layer of a context computed two ways (one-hot sum @ W, a sum of rows) and its output."""
    links.anchor("linear")
    st.header(t("why.linear.title"))
    st.markdown(t("why.linear.text"))
    context_text = st.text_input(
        t("why.linear.context"),
        "这是一个红苹果" if zh else "this is a red apple",
        key=f"why_linear_context_{'zh' if zh else 'en'}",
    )
    try:
        layer = hidden_layer(model, tokenize(context_text, model.tokenizer))
        present = np.flatnonzero(layer.one_hot_sum)
        st.markdown(
            t(
                "why.linear.x",
                items=", ".join(f"{model.words[j]}×{int(layer.one_hot_sum[j])}" for j in present),
                V=len(model.words),
            )
        )
        ui.table(
            pd.DataFrame(
                [layer.via_one_hot[:8], layer.via_rows[:8]],
                index=[t("why.linear.via_one_hot"), t("why.linear.via_rows")],
                columns=[f"h{j}" for j in range(min(8, len(layer.via_rows)))],
            )
            .round(4)
            .reset_index(names=""),
            key="why_linear_h",
        )
        st.caption(
            t(
                "why.linear.equal",
                diff=float(np.abs(layer.via_one_hot - layer.via_rows).max()),
                d=len(layer.via_rows),
            )
        )
        top = np.argsort(-layer.output)[:5]
        probs = np.exp(layer.output - layer.output.max())
        probs /= probs.sum()
        ui.plot(_bars([(model.words[j], float(probs[j])) for j in top], t("why.linear.output")))
    except LabError as err:
        ui.show_error(err)


@st.cache_data(show_spinner=False, max_entries=8)
def compare_activations(
    name: str,
    tokenizer: str,
    min_count: int,
    max_vocab: int | None,
    cats: dict[str, str],
    dim: int,
    epochs: int,
) -> dict:
    corpus = ui.bundled_corpus(name, tokenizer, min_count, max_vocab)
    return {a: train_cbow(corpus, cats, a, dim=dim, epochs=epochs, seed=1) for a in ACTIVATIONS}


def compare_panel(table_model, t) -> None:
    """The linear network trained without and with an activation, compared."""
    st.subheader(t("why.linear.compare_title"))
    st.markdown(t("why.linear.compare_text"))
    epochs = st.slider(t("why.linear.epochs"), 1, 10, 3, key="why_linear_epochs")
    if st.button(t("why.linear.compare"), type="primary", key="why_linear_compare"):
        with st.spinner(t("why.linear.training")):
            st.session_state["why_linear"] = compare_activations(
                *corpus_args(table_model), ui.categories(table_model), 16, epochs
            )
    if "why_linear" in st.session_state:
        results = st.session_state["why_linear"]
        names = {"none": t("why.linear.none"), "relu": "ReLU", "tanh": "tanh"}
        ui.plot(
            why_charts.epoch_losses(
                {names[a]: r for a, r in results.items()}, t("why.linear.loss"), t("why.linear.epoch")
            )
        )
        ui.table(
            pd.DataFrame(
                {
                    t("why.linear.hidden"): [names[a] for a in results],
                    t("why.linear.final_loss"): [round(r.losses[-1], 3) for r in results.values()],
                    t("why.linear.agreement"): [
                        f"{r.agreement.score:.0%} ({t('why.linear.chance')} {r.agreement.chance:.0%})"
                        for r in results.values()
                    ],
                    t("why.linear.additivity"): [f"{r.additivity:.3f}" for r in results.values()],
                    t("why.linear.seconds"): [f"{r.seconds:.1f}" for r in results.values()],
                }
            ),
            key="why_linear_compare_table",
        )
        st.markdown(t("why.linear.verdict"))
    else:
        st.caption(t("why.linear.press"))
