"""The Train page's step mode: one training example drawn as the lecture draws it — the window with
its blank, the context vectors and their sum, the decoded distribution, the loss, the rows of W and W′
the update moved, and (with negative sampling) the negatives drawn."""

import inspect

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import ui
from core import word2vec_reference

TOP_K = 15
MAX_HEATMAP_ROWS = 60


def run(model, corpus, rng: np.random.Generator):
    """Apply one training example to `model`; returns what show() needs."""
    result = word2vec_reference.step(model, corpus, rng)
    return model, result


def code() -> None:
    """The real source step mode runs: the window it draws (step) and the update of one example
    (sgd_example), as students read them."""
    with st.expander(ui.t("train.code"), icon=":material/code:"):
        for function in (word2vec_reference.step, word2vec_reference.sgd_example):
            st.code(inspect.getsource(function), language="python")


def show(model, result) -> None:
    st.subheader(ui.t("train.step_title"))
    cbow = model.config.arch == "cbow"
    words = model.words
    _window(result, cbow)

    left, right = st.columns(2)
    with left:
        st.markdown(ui.t("train.step_context_vectors") if cbow else ui.t("train.step_hidden_sg"))
        ui.plot(_vectors_figure(result, words, cbow), key="step_vectors")
        st.caption(ui.t("train.step_hidden") if cbow else ui.t("train.step_hidden_sg"))
    with right:
        targets = [result.centre] if cbow else list(result.context)
        st.markdown(ui.t("train.step_probs", k=TOP_K))
        ui.plot(_probs_figure(result.probs, words, targets), key="step_probs")
        p_true = float(np.mean([result.probs[i] for i in targets]))
        st.markdown(ui.t("train.step_loss", loss=result.loss, p=p_true))

    st.markdown(
        ui.t("train.step_changed", nw=len(result.changed_W), nwp=len(result.changed_W_prime), v=len(words))
    )
    rows = _rows_to_show(result, len(words))
    if len(rows) < len(words):
        st.caption(ui.t("train.step_big_vocab", v=len(words)))
    left, right = st.columns(2)
    with left:
        st.markdown(ui.t("train.step_W"))
        ui.plot(_matrix_figure(model.W.detach().numpy(), words, rows, set(result.changed_W)), key="step_W")
    with right:
        st.markdown(ui.t("train.step_W_prime"))
        ui.plot(
            _matrix_figure(model.W_prime.detach().numpy(), words, rows, set(result.changed_W_prime)),
            key="step_W_prime",
        )

    st.subheader(ui.t("train.neg_title"))
    if model.config.softmax:
        st.caption(ui.t("train.neg_none"))
    else:
        st.markdown(ui.t("train.neg_explain", k=model.config.negative))
        ui.plot(_negatives_figure(model.counts, words, result.negatives), key="step_negatives")


def _window(result, cbow: bool) -> None:
    """The window as a row of tokens; blanked positions show as ＿ with the hidden word beneath."""
    cells = []
    for i, token in enumerate(result.window_tokens):
        blank = i in result.blank
        style = (
            "background:#fde2e1;border:2px dashed #ef553b"
            if blank
            else "background:#eef0ff;border:1px solid #c5c9f7"
        )
        shown = "＿＿" if blank else token
        under = f"<div style='font-size:0.75em;color:#ef553b'>{token}</div>" if blank else "<div>&nbsp;</div>"
        cells.append(
            f"<div style='{style};border-radius:8px;padding:8px 14px;text-align:center;font-size:1.4em'>"
            f"{shown}{under}</div>"
        )
    st.markdown(ui.t("train.step_window_cbow") if cbow else ui.t("train.step_window_sg"))
    st.html(f"<div style='display:flex;gap:8px;flex-wrap:wrap'>{''.join(cells)}</div>")


def _vectors_figure(result, words, cbow: bool) -> go.Figure:
    if cbow:
        labels = [words[i] for i in result.context] + ["h = Σ"]
        z = np.vstack([result.context_vectors, result.hidden[None, :]])  # (C+1, d)
    else:
        labels = ["h = W[" + words[result.centre] + "]"]
        z = result.hidden[None, :]  # (1, d)
    fig = go.Figure(go.Heatmap(z=z, y=labels, colorscale="RdBu", zmid=0, colorbar=dict(thickness=10)))
    fig.update_layout(
        height=90 + 28 * len(labels),
        margin=dict(l=10, r=10, t=10, b=30),
        yaxis=dict(autorange="reversed"),
        xaxis_title="d",
    )
    return fig


def _probs_figure(probs: np.ndarray, words, targets) -> go.Figure:
    top = np.argsort(-probs)[:TOP_K]
    shown = list(top) + [i for i in targets if i not in set(top)]  # the true word always appears
    colours = ["#ef553b" if i in targets else "#636efa" for i in shown]
    fig = go.Figure(
        go.Bar(
            x=[probs[i] for i in shown],
            y=[words[i] for i in shown],
            orientation="h",
            marker_color=colours,
            text=[f"{probs[i]:.3f}" for i in shown],
            textposition="outside",
        )
    )
    fig.update_layout(
        height=120 + 22 * len(shown),
        margin=dict(l=10, r=40, t=10, b=30),
        yaxis=dict(autorange="reversed"),
        xaxis_title="p",
    )
    return fig


def _rows_to_show(result, vocab_size: int) -> list[int]:
    if vocab_size <= MAX_HEATMAP_ROWS:
        return list(range(vocab_size))
    top = np.argsort(-result.probs)[:10]
    rows = sorted(set(result.changed_W) | set(result.changed_W_prime[:30]) | set(int(i) for i in top))
    return rows[:MAX_HEATMAP_ROWS]


def _matrix_figure(M: np.ndarray, words, rows: list[int], changed: set[int]) -> go.Figure:
    labels = [("● " if i in changed else "") + words[i] for i in rows]
    fig = go.Figure(go.Heatmap(z=M[rows], y=labels, colorscale="RdBu", zmid=0, colorbar=dict(thickness=10)))
    for pos, i in enumerate(rows):  # outline every row the update moved
        if i in changed:
            fig.add_shape(
                type="rect",
                x0=-0.5,
                x1=M.shape[1] - 0.5,
                y0=pos - 0.5,
                y1=pos + 0.5,
                line=dict(color="#ef553b", width=2),
            )
    fig.update_layout(
        height=min(120 + 16 * len(rows), 900),
        margin=dict(l=10, r=10, t=10, b=30),
        yaxis=dict(autorange="reversed", tickfont=dict(size=11)),
        xaxis_title="d",
    )
    return fig


def _negatives_figure(counts: np.ndarray, words, negatives) -> go.Figure:
    """Word frequency and unigram^0.75 for the most frequent words plus every word drawn this step."""
    freq = counts / counts.sum()
    smoothed = counts**0.75 / (counts**0.75).sum()
    drawn = set(int(i) for i in negatives)
    shown = sorted(set(range(min(40, len(words)))) | drawn)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=[words[i] for i in shown], y=freq[shown], name=ui.t("train.neg_freq"), marker_color="lightgray"
        )
    )
    fig.add_trace(
        go.Bar(
            x=[words[i] for i in shown],
            y=smoothed[shown],
            name=ui.t("train.neg_dist"),
            marker_color=["#ef553b" if i in drawn else "#636efa" for i in shown],
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[words[i] for i in shown if i in drawn],
            y=[smoothed[i] for i in shown if i in drawn],
            mode="markers",
            marker=dict(symbol="star", size=14, color="#ef553b"),
            name=ui.t("train.neg_drawn"),
        )
    )
    fig.update_layout(
        barmode="group", height=360, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=1.1)
    )
    return fig
