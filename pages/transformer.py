"""Transformer (C13, C1): the encoder–decoder figure, clickable, and a tiny Chinese → English translator
trained live that translates adjective + fruit combinations it never saw; then its attention, all of it:
head, model and neuron views of all three kinds, training replay, and whether attention explains."""

import streamlit as st

import ui
from ui import transformer_attention as attention
from ui import transformer_panels as panels
from ui.transformer_jobs import collect, current

ui.header("transformer")
collect()
trained = current(st.session_state.get("tf_seed", 0))
panels.figure_section(trained["model"] if trained else None)
trained, seed = panels.translator_section()
if trained:
    zh = panels.translate_section(trained, seed)
    if zh is not None:
        attention.section(trained["model"], zh, seed, ui.t)
    panels.heldout_table(trained)
