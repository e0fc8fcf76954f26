"""The Attention page's panels: the inputs, the weights, the step-through, heads, CBOW beside attention,
permutation and the check against PyTorch. Each draws itself and returns what the page needs next."""

import inspect

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import attention as att
from core.corpus import tokenize
from core.i18n.attention import STRINGS
from ui import attention_charts as charts
from ui import chart_style
from ui.attention_data import Inputs, Weights, permuted, saturation, weights

MAX_T = 32  # the page's speed promise holds up to T = 32, d = 128
HAND_MAX = 8  # matrices edited by hand stay small enough to compute on paper
PAD = "<pad>"
STEPS = ("x", "qkv", "kt", "scores", "scale", "mask", "softmax", "output")
SENTENCES = {
    "words": "mom bought two sweet and crisp red apples at the market",
    "chars": "妈妈在超市买了两个又甜又脆的红苹果",
    "jieba": "妈妈在超市买了两个又甜又脆的红苹果",
}


def heatmaps(panels, key, title=""):
    ui.plot(charts.heatmaps(panels, title), key=key)


def heatmap(z, rows, cols, title, kind="signed", key=None):
    heatmaps([(z, rows, cols, title, kind)], key)


def named(prefix, t):
    """format_func for a choice: its label in this run's language (a lambda calling t() later would
    read the language at call time, outside the run)."""
    labels = {key.rsplit("_", 1)[-1]: t(key) for key in STRINGS if key.startswith(f"attention.{prefix}_")}
    return labels.__getitem__


def dims(n):
    """Column labels 1…n for the d dimensions."""
    return [str(i + 1) for i in range(n)]


# ---------------------------------------------------------------- panels


def input_panel(model, t, row, settings) -> Inputs:
    """The sentence and the mask in one compact `row`; where X comes from (the model's W, one-hot rows, or
    integers typed by hand) in the `settings` expander, so that the steps start high on the screen."""
    c_sentence, c_mask = row.columns([3, 2])
    example = SENTENCES.get(model.tokenizer, SENTENCES["words"])
    if st.session_state.get("att_sentence_model", model.tokenizer) != model.tokenizer:
        st.session_state["att_sentence"] = example  # the model changed language: its own example
    st.session_state["att_sentence_model"] = model.tokenizer
    sentence = c_sentence.text_input(t("attention.sentence"), key="att_sentence", value=example)
    settings.markdown(f"**{t('attention.input')}**")
    source = settings.radio(
        t("attention.source"),
        ["model", "onehot", "integers"],
        horizontal=True,
        key="att_source",
        format_func=named("source", t),
    )
    tokens = tokenize(sentence, model.tokenizer)
    if source == "model":
        unknown = [w for w in tokens if w not in model.index]
        tokens = [w for w in tokens if w in model.index]
        if unknown:
            row.caption(t("attention.unknown", words=" ".join(unknown)))
    mask = c_mask.radio(
        t("attention.mask"),
        ["none", "causal", "padding"],
        horizontal=True,
        key="att_mask",
        format_func=named("mask", t),
    )
    n_pad = c_mask.slider(t("attention.n_pad"), 1, 4, 2, key="att_n_pad") if mask == "padding" else 0
    if len(tokens) > MAX_T - n_pad:
        row.caption(t("attention.truncated", n=MAX_T - n_pad))
        tokens = tokens[: MAX_T - n_pad]
    if not tokens:
        row.warning(t("attention.no_tokens"))
        st.stop()
    if source == "model":
        x = model.W[[model.index[w] for w in tokens]].detach().double().numpy()  # (T, d_in)
        x_cols = dims(x.shape[1])
    elif source == "onehot":
        x_cols = list(dict.fromkeys(tokens))  # the sentence's vocabulary
        x = np.eye(len(x_cols))[[x_cols.index(w) for w in tokens]]  # (T, d_in)
    else:
        d_x = settings.number_input(t("attention.d_in"), 1, HAND_MAX, 3, key="att_d_x")
        start = np.random.default_rng(len(tokens)).integers(-2, 3, (len(tokens), d_x))
        edited = settings.data_editor(
            pd.DataFrame(start, index=[f"{i} {w}" for i, w in enumerate(tokens)], columns=dims(d_x)),
            key=f"att_x_{'|'.join(tokens)}_{d_x}",
        )
        x = edited.fillna(0).to_numpy(dtype=np.float64)  # (T, d_in)
        x_cols = dims(d_x)
    pad = None
    if n_pad:
        x = np.vstack([x, np.zeros((n_pad, x.shape[1]))])  # padding rows are zero
        pad = np.arange(len(tokens) + n_pad) >= len(tokens)  # (T,) True = padding
    return Inputs(x, tokens + [PAD] * n_pad, x_cols, pad, len(tokens), mask)


def weights_panel(inp: Inputs, t, settings, init: str) -> Weights:
    """W_Q, W_K, W_V (and W_O) for `init`: seeded random, the identity, or integers typed by hand;
    temperature, heads; drawn in the `settings` expander."""
    settings.markdown(f"**{t('attention.weights')}**")
    d_in = inp.x.shape[1]
    c_dout, c_seed, c_layout = settings.columns(3)
    same = c_dout.toggle(t("attention.d_out_same"), value=True, key="att_same")
    d_out = d_in if same else c_dout.number_input("d_out", 1, 128, min(d_in, 8), key="att_d_out")
    seed = c_seed.number_input(t("attention.seed"), 0, 9999, 0, key="att_seed")
    layout = "torch" if c_layout.toggle(t("attention.pytorch_layout"), key="att_layout") else "lecture"
    show_w = c_layout.toggle(t("attention.show_weights"), key="att_show_w")
    if init == "hand" and max(d_in, d_out) > HAND_MAX:
        settings.warning(t("attention.hand_too_big", n=HAND_MAX))
        init = "random"
    w_q, w_k, w_v, w_o = weights("identity" if init == "identity" else "random", d_in, d_out, seed)
    note = t("attention.layout_note") if layout == "torch" else t("attention.lecture_note")
    if init == "random":
        (w_q, w_k, w_v), rms = att.for_unit_inputs((w_q, w_k, w_v), inp.x[: inp.n_real])
        note += " " + t("attention.random_note", rms=f"{rms:.3g}")
    if init == "hand":  # integers to compute with on paper, edited in the lecture's layout
        cols = settings.columns(3)
        w_q, w_k, w_v = (
            c.data_editor(
                pd.DataFrame(np.rint(w * np.sqrt(d_in)).astype(int), index=inp.x_cols, columns=dims(d_out)),
                key=f"att_w{name}_{d_in}_{d_out}_{seed}",
            )
            .fillna(0)
            .to_numpy(dtype=np.float64)
            for c, name, w in zip(cols, "QKV", (w_q, w_k, w_v))
        )
        for c, name in zip(cols, "QKV"):
            c.caption(
                f"W_{name}ᵀ = in_proj_weight[…]: d_out×d_in = {d_out}×{d_in}"
                if layout == "torch"
                else f"W_{name}: d_in×d_out = {d_in}×{d_out}"
            )
    elif show_w:
        with settings:
            heatmaps(
                [
                    (w.T, dims(d_out), inp.x_cols, f"W_{name}ᵀ: {d_out}×{d_in}", "signed")
                    if layout == "torch"
                    else (w, inp.x_cols, dims(d_out), f"W_{name}: {d_in}×{d_out}", "signed")
                    for name, w in zip("QKV", (w_q, w_k, w_v))
                ],
                key="att_fig_w",
            )
    settings.caption(note)
    divisors = [h for h in range(1, min(d_out, 8) + 1) if d_out % h == 0]
    c_temp, c_heads = settings.columns(2)
    temperature = c_temp.select_slider(
        t("attention.temperature"), [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0], 1.0, key="att_temperature"
    )
    if st.session_state.get("att_heads", 1) not in divisors:  # e.g. a link's heads for another d_out
        del st.session_state["att_heads"]
    n_heads = c_heads.selectbox(
        t("attention.heads"), divisors, key="att_heads", index=divisors.index(2) if 2 in divisors else 0
    )
    return Weights(w_q, w_k, w_v, w_o, layout, float(temperature), n_heads)


def trust_badge(r: dict, mh: dict, d_in: int, d_out: int, t) -> None:
    """Our step-through against PyTorch, live."""
    mha = (
        t("attention.trust_mha", delta=f"{mh['mha']:.1e}")
        if mh["mha"] is not None
        else t("attention.trust_mha_na", d_in=d_in, d_out=d_out)
    )
    ok = r["sdpa"] < 1e-9 and (mh["mha"] is None or mh["mha"] < 1e-9)
    (st.success if ok else st.error)(
        t("attention.trust", sdpa=f"{r['sdpa']:.1e}", mha=mha),
        icon=":material/verified:" if ok else ":material/error:",
    )


def code_panel(t) -> None:
    """The step-through's real source, as students read it."""
    with st.expander(t("attention.code"), icon=":material/code:"):
        st.code(inspect.getsource(att.attention_steps), language="python")


def steps_panel(inp: Inputs, w: Weights, r: dict, t, intro=None) -> None:
    """The step-through, one matrix at a time (or all at once); `intro()` draws below its controls."""
    x, labels, x_cols = inp.x, inp.labels, inp.x_cols
    layout, temperature = w.layout, w.temperature
    T, d_in = x.shape
    d_out = d_k = r["q"].shape[1]  # one head's columns when the weights are a trained model's
    plus = {m: f" + b_{m}" if w.bias is not None else "" for m in "QKV"}  # a trained model's biases
    step = st.session_state.setdefault("att_step", 0)
    # The controls first, in one row: a teacher sees them and the current step without scrolling.
    c_back, c_label, c_next, c_all = st.columns([2, 7, 2, 3], vertical_alignment="center")
    all_at_once = c_all.toggle(t("attention.all"), key="att_all")

    def move(delta):
        st.session_state["att_step"] = min(max(st.session_state["att_step"] + delta, 0), len(STEPS) - 1)

    if not all_at_once:
        c_back.button(t("attention.back"), on_click=move, args=(-1,), disabled=step == 0, key="att_back")
        c_next.button(
            t("attention.next"), on_click=move, args=(1,), disabled=step == len(STEPS) - 1, key="att_next"
        )
        c_label.progress(
            (step + 1) / len(STEPS),
            text=t("attention.step_of", i=step + 1, n=len(STEPS), name=t(f"attention.step_{STEPS[step]}")),
        )
    if intro is not None:
        intro()
    for name in STEPS if all_at_once else STEPS[step : step + 1]:
        if all_at_once:
            st.markdown(f"#### {STEPS.index(name) + 1}. {t(f'attention.step_{name}')}")
        st.markdown(
            t(
                f"attention.explain_{name}",
                T=T,
                d_in=d_in,
                d_out=d_out,
                d_k=d_k,
                temp=temperature,
                sqrt=f"{np.sqrt(d_k):.3g}",
            )
        )
        if name == "x":
            heatmap(x, labels, x_cols, f"X: T×d_in = {T}×{d_in}", key="att_fig_x")
        elif name == "qkv":
            heatmaps(
                [
                    (
                        r[m.lower()],
                        labels,
                        dims(d_out),
                        f"{m} = F.linear(X, W_{m}ᵀ{', b_' + m if plus[m] else ''}): {T}×{d_out}"
                        if layout == "torch"
                        else f"{m} = X·W_{m}{plus[m]}: ({T}×{d_in})·({d_in}×{d_out}) = {T}×{d_out}",
                        "signed",
                    )
                    for m in "QKV"
                ],
                key="att_fig_qkv",
            )
        elif name == "kt":
            heatmaps(
                [
                    (r["k"], labels, dims(d_k), f"K: T×d_k = {T}×{d_k}", "signed"),
                    (r["k"].T, dims(d_k), labels, f"Kᵀ: d_k×T = {d_k}×{T}", "signed"),
                ],
                key="att_fig_kt",
            )
        elif name == "scores":
            heatmap(
                r["scores"], labels, labels, f"S = Q·Kᵀ: ({T}×{d_k})·({d_k}×{T}) = {T}×{T}", key="att_fig_s"
            )

            def token(n):
                return f"{n}: {labels[n]}"

            c_i, c_j = st.columns(2)
            i = c_i.selectbox(t("attention.cell_i"), range(T), format_func=token, key="att_i")
            j = c_j.selectbox(t("attention.cell_j"), range(T), format_func=token, key="att_j")
            terms, total = att.dot_terms(r["q"], r["k"], i, j)

            def num(v):
                return f"{v:.2f}" if v >= 0 else f"({v:.2f})"

            products = " + ".join(f"{num(a)}·{num(b)}" for a, b in zip(r["q"][i][:12], r["k"][j][:12]))
            st.markdown(
                t(
                    "attention.dot",
                    i=i,
                    j=j,
                    wi=labels[i],
                    wj=labels[j],
                    products=products + (" + …" if d_k > 12 else ""),
                    total=f"{total:.4f}",
                )
            )
            bar = dict(type="bar", x=dims(d_k), y=terms, marker_color=chart_style.sign_colours(terms))
            ui.plot(charts.figure([bar], t("attention.terms_title", i=i, j=j), 220), key="att_fig_terms")
        elif name == "scale":
            heatmap(
                r["scores"] / (np.sqrt(d_k) * temperature),
                labels,
                labels,
                f"S / (√d_k·τ) = S / ({np.sqrt(d_k):.3g}·{temperature})",
                key="att_fig_scaled",
            )
            st.markdown(t("attention.ablation"))
            sat = saturation()
            curves = [
                dict(type="scatter", x=sat.d_k, y=y, name=t(f"attention.{n}"), mode="lines+markers")
                for n, y in (("unscaled", sat.unscaled), ("scaled", sat.scaled))
            ]
            c_curve, c_now = st.columns(2)
            with c_curve:
                ui.plot(
                    charts.figure(
                        curves,
                        t("attention.ablation_title"),
                        320,
                        xaxis=dict(type="log", title="d_k", tickvals=sat.d_k),
                        yaxis=dict(range=[0, 1.02], title=t("attention.max_weight")),
                        legend=dict(orientation="h", y=-0.25),
                    ),
                    key="att_fig_sat",
                )
            with c_now:
                heatmap(
                    r["unscaled"],
                    labels,
                    labels,
                    t("attention.unscaled_now", d_k=d_k),
                    "weights",
                    key="att_fig_unscaled",
                )
        elif name == "mask":
            heatmap(
                r["scaled"],
                labels,
                labels,
                t("attention.masked_title", mask=t(f"attention.mask_{inp.mask}")),
                key="att_fig_masked",
            )
        elif name == "softmax":
            heatmap(
                r["weights"], labels, labels, f"A = softmax(S / √d_k): {T}×{T}", "weights", key="att_fig_a"
            )
            st.caption(t("attention.row_sums", sums=" ".join(f"{v:.3f}" for v in r["weights"].sum(1))))
        elif name == "output":
            heatmaps(
                [
                    (r["weights"], labels, labels, f"A: {T}×{T}", "weights"),
                    (r["v"], labels, dims(d_out), f"V: {T}×{d_out}", "signed"),
                    (r["output"], labels, dims(d_out), f"Z = A·V: {T}×{d_out}", "signed"),
                ],
                key="att_fig_avz",
            )
            i = st.selectbox(
                t("attention.row_i"),
                range(T),
                index=T - 1,  # the last token sees them all
                format_func=lambda n: f"{n}: {labels[n]}",
                key="att_row",
            )
            a_i = r["weights"][i]  # (T,)
            parts = a_i[:, None] * r["v"]  # (T, d_v): A[i, j]·v_j
            st.markdown(
                t(
                    "attention.weighted_sum",
                    i=i,
                    w=labels[i],
                    terms=" + ".join(f"{a_i[j]:.2f}·v_{j}" for j in range(T) if a_i[j] > 0),
                )
            )
            heatmap(
                np.vstack([parts, parts.sum(0)]),
                [f"{a:.2f}·v({w})" for a, w in zip(a_i, labels)] + [f"z({labels[i]})"],
                dims(d_out),
                t("attention.parts_title", i=i),
                key="att_fig_parts",
            )


def heads_panel(inp: Inputs, w: Weights, mh: dict, t) -> None:
    """Each head's weights, their concatenation and ·W_O."""
    labels, x_cols, layout, n_heads, w_o = inp.labels, inp.x_cols, w.layout, w.n_heads, w.w_o
    T, d_in = inp.x.shape
    d_out = w.w_q.shape[1]
    d_head = d_out // n_heads
    st.markdown(t("attention.heads_explain", h=n_heads, d_out=d_out, d_head=d_head, d_in=d_in))
    for first in range(0, n_heads, 4):  # at most 4 maps a row
        heatmaps(
            [
                (
                    mh["head_weights"][hd],
                    labels,
                    labels,
                    t("attention.head", n=hd + 1, d_head=d_head),
                    "weights",
                )
                for hd in range(first, min(first + 4, n_heads))
            ],
            key=f"att_fig_heads{first}",
        )
    w_o_panel = (
        (w_o.T, x_cols, dims(d_out), f"out_proj.weight = W_Oᵀ: {d_in}×{d_out}", "signed")
        if layout == "torch"
        else (w_o, dims(d_out), x_cols, f"W_O: (h·d_head)×d_model = {d_out}×{d_in}", "signed")
    )
    heatmaps(
        [
            (mh["concat"], labels, dims(d_out), f"concat(Z_1…Z_{n_heads}): {T}×{d_out}", "signed"),
            w_o_panel,
            (mh["output"], labels, x_cols, f"concat·W_O: {T}×{d_in}", "signed"),
        ],
        key="att_fig_concat",
    )


def cbow_panel(inp: Inputs, r: dict, model, t) -> None:
    """CBOW's fixed window average beside attention's weights, on the same tokens."""
    c_text, c_window = st.columns([4, 1])
    window = c_window.slider(t("attention.cbow_window"), 1, 8, 2, key="att_cbow_window")
    c_text.markdown(t("attention.cbow_explain", w=window, n=2 * window, model_w=model.config.window))
    cbow = att.cbow_rows(len(inp.labels), window, inp.pad)  # (T, T), rows of 1 within ±window
    heatmaps(
        [
            (cbow, inp.labels, inp.labels, t("attention.cbow_map", w=window), "weights"),
            (r["weights"], inp.labels, inp.labels, t("attention.attn_map"), "weights"),
        ],
        key="att_fig_cbow",
    )


def perm_panel(inp: Inputs, w: Weights, inputs: str, t) -> None:
    perm_seed = st.number_input(t("attention.perm_seed"), 0, 9999, 1, key="att_perm_seed")
    w_q, w_k, w_v, bias = w.one_head()
    p = permuted(inputs, inp.x, w_q, w_k, w_v, w.temperature, perm_seed, bias, w.head)
    perm_labels = [inp.labels[i] for i in p.perm]
    st.markdown(t("attention.perm_explain", order=" ".join(perm_labels), delta=f"{p.delta:.1e}"))
    cols = dims(w_q.shape[1])
    heatmaps(
        [
            (p.permuted_first, perm_labels, cols, t("attention.perm_a"), "signed"),
            (p.permuted_after, perm_labels, cols, t("attention.perm_b"), "signed"),
        ],
        key="att_fig_perm",
    )
