"""Learned attention, seen three ways (BertViz's views, in Streamlit, offline, in both languages): the head
view, the model view and the neuron view, plus an alignment table. Each panel takes plain arrays — token
lists and weights shaped (L, H, Tq, Tk), and for the neuron view q, k, v shaped (L, H, T, d_k) — and a
language-bound `t`, so any page can show any model's attention (the translator's, a tiny GPT's). `key`
prefixes every widget key, so a page can hold several.
"""

import numpy as np
import pandas as pd
import streamlit as st

import ui
from core.attention import uniform_weight
from ui import attention_charts, attention_view_charts


def _pick(t, label: str, n: int, key: str, name) -> int:
    """One of n (layer, head…) as a row of pills; index 0 when nothing is picked."""
    value = st.pills(t(label), list(range(n)), key=key, format_func=name, selection_mode="single", default=0)
    return 0 if value is None else value


def _forget_unless_index(key: str, n: int) -> None:
    """Drop a token choice that is no index below n: a shorter sentence than the one it was made on, or a
    label that a language switch left behind (a str)."""
    value = st.session_state.get(key)
    if value is not None and not (isinstance(value, int) and -1 <= value < n):
        del st.session_state[key]


def _numbered(tokens: list[str]) -> list[str]:
    return [f"{i}: {w}" for i, w in enumerate(tokens)]


def _layer_name(t, n: int = 16):
    """A format_func naming layers in this run's language (a lambda calling t() later would read the
    language at call time, which AppTest and a language switch do outside the run)."""
    return {i: t("views.layer_n", n=i + 1) for i in range(n)}.__getitem__


def _head_name(t, n: int = 16):
    return {h: t("views.head_n", n=h + 1) for h in range(n)}.__getitem__


def head_view(queries: list[str], keys: list[str], weights, t, key: str) -> None:
    """BertViz's head view: one layer's heads as lines from each query (left) to the keys (right), one
    colour per head; pick heads, and a token (or click it) to see only its lines."""
    weights = np.asarray(weights)  # (L, H, Tq, Tk)
    L, H = weights.shape[:2]
    c_layer, c_heads = st.columns([1, 2])
    with c_layer:
        layer = _pick(t, "views.layer", L, f"{key}_layer", _layer_name(t))
    with c_heads:
        heads = st.pills(
            t("views.heads"),
            list(range(H)),
            key=f"{key}_heads",
            selection_mode="multi",
            default=list(range(H)),
            format_func=_head_name(t),
        )
    focus_key = f"{key}_focus"
    _forget_unless_index(focus_key, len(queries))
    picked = st.selectbox(
        t("views.focus"),
        [-1, *range(len(queries))],  # -1: every token (a None option would be an empty, clearable box)
        key=focus_key,
        format_func={-1: t("views.focus_all"), **dict(enumerate(_numbered(queries)))}.__getitem__,
    )
    focus = None if picked == -1 else picked

    def clicked():
        points = st.session_state[f"{key}_chart"].selection.points
        if points and "customdata" in points[0] and points[0].get("x") == 0:
            st.session_state[focus_key] = int(points[0]["customdata"])

    fig = attention_view_charts.head_view(
        queries,
        keys,
        weights[layer],
        sorted(heads or []),
        [_head_name(t)(h) for h in range(H)],
        focus,
        t("views.head_view_title", layer=layer + 1),
    )
    ui.plot(fig, key=f"{key}_chart", on_select=clicked, selection_mode="points", theme=None)
    if not heads:
        st.caption(t("views.no_heads"))
        return
    rows = [focus] if focus is not None else range(len(queries))
    facts = []
    for i in rows:
        h, j = np.unravel_index(np.argmax(weights[layer, heads, i]), (len(heads), len(keys)))
        facts.append(
            f"{queries[i]} → {keys[j]} {weights[layer, heads[h], i, j]:.2f} ({_head_name(t)(heads[h])})"
        )
    st.caption(t("views.head_view_caption", facts="; ".join(facts)))


def model_view(queries: list[str], keys: list[str], weights, t, key: str) -> tuple[int, int]:
    """BertViz's model view: every layer × head as a small map; pick one to see it large with its numbers.
    Returns the (layer, head) picked."""
    weights = np.asarray(weights)  # (L, H, Tq, Tk)
    L, H = weights.shape[:2]
    c_layer, c_head = st.columns(2)
    with c_layer:
        layer = _pick(t, "views.layer", L, f"{key}_layer", _layer_name(t))
    with c_head:
        head = _pick(t, "views.head", H, f"{key}_head", _head_name(t))
    small, large = st.columns([3, 2])
    with small:
        fig = attention_view_charts.model_view(
            weights,
            queries,
            keys,
            [f"L{i + 1}" for i in range(L)],  # short: the small maps' titles must fit on a projector
            [f"H{h + 1}" for h in range(H)],
            (layer, head),
        )
        ui.plot(fig, key=f"{key}_grid")
    with large:
        w = weights[layer, head]
        title = t("views.model_view_title", layer=layer + 1, head=head + 1)
        ui.plot(attention_charts.heatmaps([(w, queries, keys, title, "weights")]), key=f"{key}_large")
        sharp = float(w.max(1).mean())
        st.caption(t("views.model_view_caption", sharp=f"{sharp:.2f}", uniform=f"{uniform_weight(w):.2f}"))
    return layer, head


def neuron_view(queries: list[str], keys: list[str], qkv, weights, t, key: str) -> None:
    """BertViz's neuron view for one query token, then what it leaves out: ·V and the output row.
    qkv: (q (L, H, Tq, d_k), k (L, H, Tk, d_k), v (L, H, Tk, d_k)); weights (L, H, Tq, Tk)."""
    q, k, v = (np.asarray(a) for a in qkv)
    weights = np.asarray(weights)
    L, H = weights.shape[:2]
    c_layer, c_head, c_query = st.columns([1, 2, 2])
    with c_layer:
        layer = _pick(t, "views.layer", L, f"{key}_layer", _layer_name(t))
    with c_head:
        head = _pick(t, "views.head", H, f"{key}_head", _head_name(t))
    query_key = f"{key}_query"
    _forget_unless_index(query_key, len(queries))
    with c_query:
        i = st.selectbox(
            t("views.query"), range(len(queries)), key=query_key, format_func=_numbered(queries).__getitem__
        )
    q_i, k_h, v_h, a = q[layer, head, i], k[layer, head], v[layer, head], weights[layer, head, i]
    d_k = q_i.shape[0]
    labels = {
        "k": t("views.n_k"),
        "qk": t("views.n_qk", w=queries[i]),
        "score": t("views.n_score"),
        "softmax": t("views.n_softmax"),
        "v": t("views.n_v"),
        "av": t("views.n_av"),
        "q": t("views.n_q", w=queries[i]),
        "z": t("views.n_z", w=queries[i]),
    }
    title = t("views.neuron_title", w=queries[i], layer=layer + 1, head=head + 1)
    fig = attention_view_charts.neuron_view(queries[i], keys, q_i, k_h, v_h, a, labels, title)
    ui.plot(fig, key=f"{key}_chart")
    scores = k_h @ q_i / np.sqrt(d_k)  # (Tk,)
    top = int(np.argmax(a))
    st.caption(
        t(
            "views.neuron_caption",
            w=queries[i],
            best=keys[top],
            score=f"{scores[top]:.2f}",
            weight=f"{a[top]:.2f}",
            d_k=d_k,
            sqrt=f"{np.sqrt(d_k):.2f}",
        )
    )


def alignment(src: list[str], tgt: list[str], cross, t) -> pd.DataFrame:
    """对齐: each output word beside the source word the last layer's cross-attention (mean of its heads)
    reads most while choosing it, and that weight. cross: (L, H, T, S)."""
    mean = np.asarray(cross)[-1].mean(0)  # (T, S)
    best = mean.argmax(1)
    second = np.argsort(-mean, 1)[:, 1] if mean.shape[1] > 1 else best
    return pd.DataFrame(
        {
            t("views.col_word"): tgt,
            t("views.col_reads"): [src[j] for j in best],
            t("views.col_weight"): [f"{mean[i, j]:.2f}" for i, j in enumerate(best)],
            t("views.col_second"): [f"{src[j]} {mean[i, j]:.2f}" for i, j in enumerate(second)],
        }
    )
