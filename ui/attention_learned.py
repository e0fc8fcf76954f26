"""The Attention page's weight source: the trained translator's own encoder heads (the default once the
process has a translator), or random, identity and hand-typed weights — and the sentence in the page's
main text that says which, true of the weights shown."""

import numpy as np
import streamlit as st
import torch

import ui
from core.errors import LabError
from core.threads import torch_threads
from ui.attention_data import Inputs, Weights
from ui.transformer_jobs import shared_translator

SOURCES = ("learned", "random", "identity", "hand")
SENTENCE = "妈妈在超市买了两个又甜又脆的红苹果"  # the translator reads Chinese, in either UI language
POLL = 2.0  # seconds between looks for the translator while the page waits for it


def _chosen() -> None:
    st.session_state["att_init_auto"] = False


def source_panel(t, column):
    """The weight source, in the page's top row: "learned" by default once the process's translator exists
    (until the student picks one). Returns (source, translator or None)."""
    tr = shared_translator()
    if "att_init" not in st.session_state or st.session_state.get("att_init_auto"):
        st.session_state["att_init"] = "learned" if tr is not None else "random"
        st.session_state["att_init_auto"] = True
    labels = {s: t(f"attention.init_{s}") for s in SOURCES}
    source = column.radio(
        t("attention.init"),
        SOURCES,
        key="att_init",
        horizontal=True,
        format_func=labels.__getitem__,
        on_change=_chosen,
    )
    if tr is None:
        _wait_for_translator(t, source)
    return source, tr


def _wait_for_translator(t, source: str) -> None:
    """While the translator trains in its child process: say so, and redraw the page once it is ready if
    the page is waiting for it (the student chose learned weights, or has not chosen yet)."""
    waiting = source == "learned" or st.session_state.get("att_init_auto")
    if not waiting:
        return

    @st.fragment(run_every=POLL)
    def poll():
        if shared_translator() is not None:
            st.rerun(scope="app")
        st.caption(t("attention.learned_training"))

    poll()
    if source == "learned":
        st.stop()


def _one_based(i: int) -> str:
    return str(i + 1)


def encoder_input(tr, tokens: list[str], layer: int) -> np.ndarray:
    """X of the translator's encoder layer `layer` for `tokens`: what its self-attention reads (the layer's
    input after its LayerNorm), (S, d) float64."""
    attn = tr.model.encoder[layer].self_attn
    seen = {}
    hook = attn.register_forward_hook(lambda m, args, out: seen.setdefault("x", args[0]))
    try:
        with torch.no_grad(), torch_threads(1):
            tr.model.encode(tr._src_batch([tokens]))
    finally:
        hook.remove()
    return seen["x"][0].double().numpy()


def _parameters(tr, layer: int):
    """The layer's W_Q, W_K, W_V (d_in × d_out, the lecture's layout: nn.Linear stores the transpose), W_O
    and the biases (b_Q, b_K, b_V, b_O), float64."""
    attn = tr.model.encoder[layer].self_attn
    mats = [m.weight.detach().double().numpy().T.copy() for m in (attn.W_Q, attn.W_K, attn.W_V, attn.W_O)]
    bias = tuple(m.bias.detach().double().numpy().copy() for m in (attn.W_Q, attn.W_K, attn.W_V, attn.W_O))
    return mats, bias


def learned_inputs(tr, t, row, settings) -> tuple[Inputs, Weights]:
    """The translator's sentence, layer and head in the top `row`; X and the weights are its own."""
    c_sentence, c_layer, c_head = row.columns([3, 1, 2])
    st.session_state.setdefault("att_tl_text", SENTENCE)
    zh = c_sentence.text_input(t("attention.sentence_zh"), key="att_tl_text")
    cfg = tr.model.config
    layer = c_layer.radio(
        t("attention.layer"), range(cfg.n_enc), key="att_layer", horizontal=True, format_func=_one_based
    )
    head = c_head.radio(
        t("attention.head_pick"), range(cfg.n_head), key="att_head", horizontal=True, format_func=_one_based
    )
    try:
        tokens = tr.tokens(zh)
    except LabError as err:
        ui.show_error(err)
        st.stop()
    x = ui.memo(tr.model, ("encoder_input", tuple(tokens), layer), lambda: encoder_input(tr, tokens, layer))
    (w_q, w_k, w_v, w_o), bias = ui.memo(tr.model, ("parameters", layer), lambda: _parameters(tr, layer))
    settings.markdown(f"**{t('attention.weights')}**")
    c_layout, c_temp = settings.columns(2)
    layout = "torch" if c_layout.toggle(t("attention.pytorch_layout"), key="att_layout") else "lecture"
    temperature = c_temp.select_slider(
        t("attention.temperature"), [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0], 1.0, key="att_temperature"
    )
    settings.caption(t("attention.learned_note", d=cfg.d, d_k=cfg.d // cfg.n_head, h=cfg.n_head))
    inputs = Inputs(x, list(tokens), [str(i + 1) for i in range(x.shape[1])], None, len(tokens), "none")
    weights = Weights(w_q, w_k, w_v, w_o, layout, float(temperature), cfg.n_head, bias=bias, head=head)
    return inputs, weights


def which_weights(source: str, w: Weights, r: dict, labels: list[str], t) -> None:
    """The page's main text: which weights are shown, and what their pattern means — computed from the
    weights A on screen, so it is true of them."""
    if source == "learned":
        a = r["weights"]  # (T, T) the head's weights
        top = np.dstack(np.unravel_index(np.argsort(-a, axis=None), a.shape))[0]
        strongest = ", ".join(f"{labels[i]} → {labels[j]} {a[i, j]:.2f}" for i, j in top[:4])
        text = t(
            "attention.which_learned",
            layer=st.session_state.get("att_layer", 0) + 1,
            head=w.head + 1,
            strongest=strongest,
            uniform=f"{1 / len(labels):.2f}",
        )
        if w.temperature != 1.0:
            text += " " + t("attention.which_learned_tau", tau=w.temperature)
    else:
        text = t(f"attention.which_{source}")
    st.markdown(text)
