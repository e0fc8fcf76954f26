"""Latent space (C6–C8): the session's vectors (or uploaded ones) in 3-D/2-D, neighbours, analogies,
odd-one-out, the cloze "这是一个__苹果", context vectors adding up like forces, the training film,
W vs W′, and export. A view: every number comes from core.space / core.projection."""

import streamlit as st

import ui
from ui import links
from ui import space_data as data
from ui.space_panels import (
    analogy_panel,
    cloze_panel,
    export_panel,
    film_panel,
    find_panel,
    forces_panel,
    odd_panel,
    plot_panel,
    wwp_panel,
)

# One panel at a time (not st.tabs): hidden tabs would still run and each draw a plotly chart, and the
# browser pays for every chart before the page settles.
SECTIONS = ("cloze", "forces", "analogy", "odd", "film", "wwp", "export")


ui.header("space")
t = ui.t
view = data.controls(data.choose_space(ui.get_model(), t), t)
index = data.search_index(view.vkey, view.metric, view.vectors)
highlight, neighbours = find_panel(view, index, t)
rows, coords = plot_panel(view, highlight, neighbours, t)
tabs = {name: t(f"space.tab_{name}") for name in SECTIONS}
links.anchor("section")  # a link (the tour, the teacher) chose the section below: show it
section = st.radio(
    t("space.section"),
    SECTIONS,
    key="space_section",
    horizontal=True,
    label_visibility="collapsed",
    format_func=tabs.get,
)
st.divider()
if section == "cloze":
    cloze_panel(view.sp, t)
elif section == "forces":
    forces_panel(view.sp, t)
elif section == "analogy":
    analogy_panel(view, index, t)
elif section == "odd":
    odd_panel(view, t)
elif section == "film":
    film_panel(view, t)
elif section == "wwp":
    wwp_panel(view.sp, t)
else:
    export_panel(view, rows, coords, t)
