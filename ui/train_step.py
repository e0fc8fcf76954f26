"""The Train page's step mode: one training example drawn as the lecture draws it — the window with
its blank, the context vectors and their sum, the decoded distribution, the loss, how the update moved the
rows of W and W′, and (with negative sampling) the negatives drawn. The same window can be stepped again,
to watch the true word's probability rise step after step."""

import copy
import inspect
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import ui
from core import facts, word2vec_reference
from ui import chart_style

TOP_K = 15
MAX_HEATMAP_ROWS = 60


@dataclass
class Step:
    """One step of step mode, with what show() draws beside the StepResult."""

    model: object  # the Word2Vec stepped (updated in place)
    corpus: object  # the Corpus its window came from
    result: word2vec_reference.StepResult
    rng_before: np.random.Generator  # the generator as it was before the window was drawn: replays it
    targets: list[int]  # the true word(s): CBOW the centre, skip-gram each context word
    inputs: list[int]  # the rows of W that make up h: CBOW the context, skip-gram the centre
    scored: list[int]  # the rows of W′ the loss scores: every word (softmax), else true words + negatives
    p_history: list[float]  # the true word's probability (mean over targets) before step 1 and after each
    outputs_were_zero: bool  # every scored row of W′ was zero before the step (a fresh model: W′ = 0)
    rows: list[int]  # the rows the heatmaps draw
    dW: np.ndarray  # (len(rows), d) W after − W before, on `rows`
    dW_prime: np.ndarray  # (len(rows), d) the same for W′
    sigma_true: float | None  # negative sampling: σ(W′[true]·h) before the step (mean over targets)

    @property
    def repeats(self) -> int:
        return len(self.p_history) - 1


def run(model, corpus, rng: np.random.Generator) -> Step:
    """Apply one training example, a window drawn with `rng`, to `model`; returns what show() needs."""
    return _step(model, corpus, rng, copy.deepcopy(rng), [])


def again(previous: Step) -> Step:
    """Apply `previous`'s example once more: the same window, with the same negatives, on its model."""
    replay = copy.deepcopy(previous.rng_before)
    return _step(previous.model, previous.corpus, replay, previous.rng_before, previous.p_history)


def _step(model, corpus, rng, rng_before: np.random.Generator, p_history: list[float]) -> Step:
    W0, W_prime0 = model.W.clone(), model.W_prime.clone()  # (V, d) each
    result = word2vec_reference.step(model, corpus, rng)
    cbow = model.config.arch == "cbow"
    targets = [result.centre] if cbow else list(result.context)
    inputs = list(result.context) if cbow else [result.centre]
    V = len(model.words)
    scored = list(range(V)) if model.config.softmax else sorted(set(targets) | set(result.negatives))
    h_after = model.hidden(inputs)  # (d,) the same window, after the update
    p_after = float(model.decode(h_after)[targets].mean())
    p_before = float(np.mean(result.probs[targets]))
    if p_history[-1:] != [p_before]:  # a first step, or the model moved since (a run): a new history
        p_history = [p_before]
    sigma_true = None
    if not model.config.softmax:
        h0 = W0[inputs].mean(0) if model.config.cbow_mean else W0[inputs].sum(0)  # (d,)
        sigma_true = float(1 / (1 + np.exp(-(W_prime0[targets] @ h0).numpy())).mean())
    rows = _rows_to_show(result, V, [*targets, *inputs, *result.negatives])
    return Step(
        model=model,
        corpus=corpus,
        result=result,
        rng_before=rng_before,
        targets=targets,
        inputs=inputs,
        scored=scored,
        p_history=p_history + [p_after],
        outputs_were_zero=not bool(W_prime0[scored].any()),
        rows=rows,
        dW=(model.W[rows] - W0[rows]).numpy(),
        dW_prime=(model.W_prime[rows] - W_prime0[rows]).numpy(),
        sigma_true=sigma_true,
    )


def code() -> None:
    """The real source step mode runs: the window it draws (step) and the update of one example
    (sgd_example), as students read them, and what training runs instead."""
    with st.expander(ui.t("train.code"), icon=":material/code:"):
        st.caption(ui.t("train.code_kernel"))
        for function in (word2vec_reference.step, word2vec_reference.sgd_example):
            st.code(inspect.getsource(function), language="python")


def show(shown: Step) -> None:
    model, result = shown.model, shown.result
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
        st.markdown(ui.t("train.step_probs", k=TOP_K))
        ui.plot(_probs_figure(result.probs, words, shown.targets), key="step_probs")
        _loss_text(shown, cbow)

    _history(shown)
    _changes(shown)

    st.subheader(ui.t("train.neg_title"))
    if model.config.softmax:
        st.caption(ui.t("train.neg_none"))
    else:
        st.markdown(ui.t("train.neg_explain", k=model.config.negative))
        ui.plot(_negatives_figure(model.counts, words, result.negatives), key="step_negatives")


def _percent(p: float) -> str:
    """A probability in percent with enough digits that a fresh model's small steps show."""
    return f"{100 * p:.4f} %"


def _points(change: float) -> str:
    """A change of probability in percentage points, signed."""
    return f"{100 * change:+.4f}"


def _loss_text(shown: Step, cbow: bool) -> None:
    """The step's loss beside the true word's probability, and why they agree or differ."""
    result, model = shown.result, shown.model
    p = shown.p_history[-2]  # before this step
    if model.config.softmax:
        key = "train.step_loss_softmax_cbow" if cbow else "train.step_loss_softmax_sg"
        st.markdown(ui.t(key, loss=f"{result.loss:.4f}", p=_percent(p), n=len(shown.targets)))
    else:
        st.markdown(
            ui.t(
                "train.step_loss_negative",
                loss=f"{result.loss:.4f}",
                p=_percent(p),
                sigma=_percent(shown.sigma_true),
                k=model.config.negative,
                v=len(model.words),
            )
        )


def _history(shown: Step) -> None:
    """The true word's probability before and after each step on this window; says truly how it moved."""
    before, after = shown.p_history[-2], shown.p_history[-1]
    if after > before:
        key = "train.step_p_rose"
    elif after < before:
        key = "train.step_p_fell"
    else:
        key = "train.step_p_same"
    st.markdown(ui.t(key, before=_percent(before), after=_percent(after), delta=_points(after - before)))
    if shown.repeats > 1:
        ui.plot(_history_figure(shown.p_history), key="step_history")
        st.caption(ui.t("train.step_repeats", n=shown.repeats))
    if shown.p_history[0] * len(shown.model.words) < 1.5:  # near uniform: a fresh model moves slowly
        st.caption(ui.t("train.step_slow_start"))


def _history_figure(p_history: list[float]) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=list(range(len(p_history))),
            y=[100 * p for p in p_history],
            mode="lines+markers",
            line=dict(color="#ef553b", width=3),
            marker=dict(size=8),
        )
    )
    fig.update_layout(
        height=240,
        margin=dict(l=10, r=10, t=10, b=30),
        xaxis=dict(title=ui.t("train.step_axis_steps"), dtick=1),
        yaxis=dict(title="p (%)"),
    )
    return fig


def _changes(shown: Step) -> None:
    """How many rows of W and W′ the update changed, why that many, and the change itself (ΔW, ΔW′)."""
    model, result = shown.model, shown.result
    V = len(model.words)
    nw, nwp = len(result.changed_W), len(result.changed_W_prime)
    st.markdown(ui.t("train.step_changed", nw=nw, nwp=nwp, v=V))
    inputs = len(set(shown.inputs))
    if nw == 0 and shown.outputs_were_zero:
        st.caption(ui.t("train.step_W_zero"))
    elif nw < inputs:
        st.caption(ui.t("train.step_W_some", nw=nw, inputs=inputs))
    else:
        st.caption(ui.t("train.step_W_all", nw=nw))
    scored = len(shown.scored)
    if nwp == scored:
        st.caption(
            ui.t("train.step_Wp_all_softmax" if model.config.softmax else "train.step_Wp_all", nwp=nwp)
        )
    else:
        st.caption(ui.t("train.step_Wp_some", nwp=nwp, scored=scored, rest=scored - nwp))
    if len(shown.rows) < V:
        st.caption(ui.t("train.step_big_vocab", n=len(shown.rows), v=V))
    words = model.words
    left, right = st.columns(2)
    with left:
        st.markdown(ui.t("train.step_dW"))
        if nw:
            ui.plot(_delta_figure(shown.dW, words, shown.rows, set(result.changed_W)), key="step_dW")
    with right:
        st.markdown(ui.t("train.step_dW_prime"))
        if nwp:
            ui.plot(
                _delta_figure(
                    shown.dW_prime, words, shown.rows, set(result.changed_W_prime), set(shown.targets)
                ),
                key="step_dW_prime",
            )
            scale = facts.row_change_scale(shown.dW_prime, shown.rows, set(shown.targets))
            if scale is not None and scale[0] > 10 * scale[1] > 0:  # the others look white beside ★
                big, small = scale
                st.caption(
                    ui.t(
                        "train.step_dW_prime_scale",
                        big=f"{big:.2e}",
                        small=f"{small:.2e}",
                        ratio=f"{big / small:.0f}",
                    )
                )
    with st.expander(ui.t("train.step_after")):
        left, right = st.columns(2)
        with left:
            st.markdown(ui.t("train.step_W"))
            ui.plot(
                _matrix_figure(model.W.detach().numpy(), words, shown.rows, set(result.changed_W)),
                key="step_W",
            )
        with right:
            st.markdown(ui.t("train.step_W_prime"))
            ui.plot(
                _matrix_figure(
                    model.W_prime.detach().numpy(), words, shown.rows, set(result.changed_W_prime)
                ),
                key="step_W_prime",
            )


def _delta_figure(
    delta: np.ndarray, words, rows: list[int], changed: set[int], true: set[int] = frozenset()
) -> go.Figure:
    """The rows the update changed, after − before, in the page's colours (its own scale: steps are small);
    ★ marks the true word(s)."""
    keep = [pos for pos, i in enumerate(rows) if i in changed]
    z = delta[keep]  # (changed rows, d)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            y=[("★ " if rows[pos] in true else "") + words[rows[pos]] for pos in keep],
            **chart_style.signed(z),
            colorbar=dict(thickness=10, exponentformat="e"),
            hovertemplate="%{y} · d=%{x}<br>Δ = %{z:.3e}<extra></extra>",
        )
    )
    fig.update_layout(
        height=min(120 + 22 * len(keep), 900),
        margin=dict(l=10, r=10, t=10, b=30),
        yaxis=dict(autorange="reversed", tickfont=dict(size=12)),
        xaxis_title="d",
    )
    return fig


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
    fig = go.Figure(go.Heatmap(z=z, y=labels, **chart_style.signed(z), colorbar=dict(thickness=10)))
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
            text=facts.distinct_percents([probs[i] for i in shown]),
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(
        height=120 + 22 * len(shown),
        margin=dict(l=10, r=10, t=10, b=30),
        yaxis=dict(autorange="reversed"),
        xaxis=dict(title="p", range=[0, 1.45 * float(probs[shown].max())], tickformat=".1%"),
    )
    return fig


def _rows_to_show(result, vocab_size: int, first: list[int]) -> list[int]:
    """Every row of a small vocabulary; else the rows `first` (the example's words), those the update
    changed in W, the first 30 changed in W′ and the 10 most probable words, at most MAX_HEATMAP_ROWS."""
    if vocab_size <= MAX_HEATMAP_ROWS:
        return list(range(vocab_size))
    top = [int(i) for i in np.argsort(-result.probs)[:10]]
    rows = list(dict.fromkeys([*first, *result.changed_W, *top, *result.changed_W_prime[:30]]))
    return list(dict.fromkeys(first)) + sorted(rows[len(set(first)) : MAX_HEATMAP_ROWS])  # the example first


def _matrix_figure(M: np.ndarray, words, rows: list[int], changed: set[int]) -> go.Figure:
    labels = [("● " if i in changed else "") + words[i] for i in rows]
    z = M[rows]  # (rows shown, d)
    fig = go.Figure(go.Heatmap(z=z, y=labels, **chart_style.signed(z), colorbar=dict(thickness=10)))
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
