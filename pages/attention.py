"""Attention, one matrix at a time (C12, C14, C15): X → Q, K, V → QKᵀ → ÷√d_k → mask → softmax → A·V;
heads and W_O; CBOW's uniform sum beside attention; permutation; a live check against PyTorch. The weights
are the trained translator's own encoder heads by default, or random, identity or typed by hand."""

import streamlit as st

import ui
from core.errors import LabError
from core.fingerprint import fingerprint
from ui import links
from ui.attention_data import multi_head, single_head
from ui.attention_learned import learned_inputs, source_panel, which_weights
from ui.attention_panels import (
    cbow_panel,
    code_panel,
    heads_panel,
    input_panel,
    named,
    perm_panel,
    steps_panel,
    trust_badge,
    weights_panel,
)

ui.header("attention")
t = ui.t
model = ui.get_model()
source, translator = source_panel(t, st)  # whose weights: the trained translator's by default
row = st.container()  # the sentence and the mask (or layer and head); the other settings folded below
settings = st.expander(t("attention.settings"), icon=":material/tune:")
if source == "learned":
    inp, w = learned_inputs(translator, t, row, settings)
else:
    inp = input_panel(model, t, row, settings)
    w = weights_panel(inp, t, settings, source)
causal = inp.mask == "causal"
w_q, w_k, w_v, bias = w.one_head()  # the step-through follows one head of a trained model
try:
    inputs = fingerprint(inp.x, w.w_q, w.w_k, w.w_v, w.w_o, inp.pad)
    r = single_head(inputs, inp.x, w_q, w_k, w_v, inp.pad, causal, w.temperature, bias, w.head)
    mh = multi_head(inputs, inp.x, w.w_q, w.w_k, w.w_v, w.w_o, inp.pad, w.n_heads, causal, w.bias)
except LabError as err:
    ui.show_error(err)
    st.stop()
# One section at a time: only what is on screen is drawn (the ≤ 50 ms redraw budget).
links.anchor("section")  # a link (the tour, the teacher) chose the section below: show it
section = st.radio(
    t("attention.section"),
    ["steps", "heads", "cbow", "perm"],
    horizontal=True,
    key="att_section",
    format_func=named("section", t),
)


def which() -> None:
    """Whose weights these are, in the main text (below the stepper's controls, which stay on screen)."""
    which_weights(source, w, r, inp.labels, t)


if section == "steps":
    steps_panel(inp, w, r, t, which)
elif section == "heads":
    which()
    heads_panel(inp, w, mh, t)
elif section == "cbow":
    which()
    cbow_panel(inp, r, model, t)
else:
    which()
    perm_panel(inp, w, inputs, t)
trust_badge(r, mh, inp.x.shape[1], w.w_q.shape[1], t)
code_panel(t)
